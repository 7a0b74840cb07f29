from django.urls import path

from indicators import delivery_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="index"),
    path("<slug:slug>/", views.indicator_detail, name="detail"),
    path("<slug:slug>/delivery/", delivery_views.record_delivery, name="delivery"),
]
