from django.urls import path

from indicators import returns_views as views

app_name = "returns"
urlpatterns = [
    path("", views.returns_index, name="index"),
]
