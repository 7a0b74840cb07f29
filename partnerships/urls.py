from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_index, name="index"),
    path("priorities/", views.priority_matrix, name="matrix"),
    path("<slug:slug>/", views.partnership_detail, name="detail"),
]
