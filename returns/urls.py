from django.urls import include, path

from returns import views

# One area's return for one quarter, and what its manager and the Board do to it.
one_return = [
    path("", views.return_detail, name="detail"),
    path("submit/", views.return_submit_check, name="submit"),
    path("decision/", views.return_decision, name="decision"),
]

app_name = "returns"
urlpatterns = [
    path("", views.returns_index, name="index"),
    path("<str:period>/<slug:area_slug>/", include(one_return)),
]
