from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_index, name="index"),
    path("priorities/", views.priority_matrix, name="matrix"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("<slug:slug>/", views.partnership_detail, name="detail"),
]
