from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="index"),
    path("<slug:slug>/", views.indicator_detail, name="detail"),
]
