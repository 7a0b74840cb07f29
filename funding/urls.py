from django.urls import include, path

from funding import views

# One allocation's pages and one formula's pages, each under its own address.
allocation = [
    path("", views.allocation_detail, name="allocation"),
    path("spend/<slug:period>/", views.spend_entry, name="spend"),
]
formula = [
    path("", views.formula_detail, name="formula"),
    path("save/", views.formula_save, name="formula_save"),
]

app_name = "funding"
urlpatterns = [
    path("", views.funding_index, name="index"),
    path("partnerships/", views.partnership_money, name="partnerships"),
    path("grants/<int:pk>/", views.grant_detail, name="grant"),
    path("allocations/<int:pk>/", include(allocation)),
    path("formulas/<int:pk>/", include(formula)),
]
