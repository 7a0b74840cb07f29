from django.urls import path

from funding import views

app_name = "funding"
urlpatterns = [
    path("", views.funding_index, name="index"),
    path("partnerships/", views.partnership_money, name="partnerships"),
    path("grants/<int:pk>/", views.grant_detail, name="grant"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/spend/<slug:period>/", views.spend_entry, name="spend"),
    path("formulas/<int:pk>/", views.formula_detail, name="formula"),
    path("formulas/<int:pk>/save/", views.formula_save, name="formula_save"),
]
