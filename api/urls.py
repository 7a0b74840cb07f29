from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path

from api import views
from api.api import api, not_found

# The API authenticates each request itself (token, session, or open data), answering 401 as a problem,
# so the site's sign-in redirect must not run first.
api_patterns, api_app, api_namespace = api.urls
for pattern in api_patterns:
    login_not_required(pattern.callback)

urlpatterns = [
    path("api/v1/docs/", login_not_required(views.docs), name="api_docs"),
    path("api/v1/", (api_patterns, api_app, api_namespace)),
    re_path(r"^api/v1/(?P<rest>.*)$", login_not_required(not_found)),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke, name="account_token_revoke"),
]
