from django.urls import path

from returns import views

app_name = "returns"
urlpatterns = [
    path("", views.returns_index, name="index"),
    path("<str:period>/<slug:area_slug>/", views.return_detail, name="detail"),
    path("<str:period>/<slug:area_slug>/submit/", views.return_submit_check, name="submit"),
    path("<str:period>/<slug:area_slug>/decision/", views.return_decision, name="decision"),
]
