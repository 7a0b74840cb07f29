from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from indicators import views as indicator_views
from safercommunities.signin import SignInForm

# Django's 400, 403 (CSRF: 403_csrf.html), 404 and 403 handlers render the templates of the same names;
# 500 is ours: a lost database connection is 503 with Retry-After (safercommunities/errors.py).
handler500 = "safercommunities.errors.server_error"

admin.site.site_header = "Safer Communities administration"
admin.site.site_title = "Safer Communities admin"
admin.site.index_title = "Reference data, figures and funding"

urlpatterns = [
    path("", indicator_views.dashboard, name="dashboard"),
    path("data-quality/", indicator_views.data_quality, name="data_quality"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("indicators/", include("indicators.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("funding/", include("funding.urls")),
    path("returns/", include("returns.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    # Browsers ask for /favicon.ico on every page, admin included.
    path("favicon.ico", lambda request: redirect(static("images/favicon.svg"))),
]
