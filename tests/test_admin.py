"""Every admin changelist, add page and change page renders for the seeded data."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"partnerships", "indicators", "funding"}
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in DOMAIN_APPS
)


def test_every_domain_model_is_registered():
    from django.apps import apps

    models = {
        (m._meta.app_label, m._meta.model_name)
        for app in DOMAIN_APPS
        for m in apps.get_app_config(app).get_models()
        if not m._meta.model_name.startswith("historical")
    }
    assert models == set(REGISTERED)


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_pages_render(client, administrator, app_label, model_name):
    from django.apps import apps

    client.force_login(administrator)
    model = apps.get_model(app_label, model_name)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    for obj in model.objects.all()[:3]:
        response = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
        assert response.status_code == 200, f"{model_name} {obj.pk}"


def test_target_changelist_shows_derived_value_and_flag_columns(client, administrator):
    client.force_login(administrator)
    html = client.get(reverse("admin:indicators_target_changelist")).content.decode()
    assert "Derived value" in html
    assert "Has derivation flag" in html


def test_admin_is_closed_to_non_staff(client, board_officer):
    client.force_login(board_officer)
    response = client.get(reverse("admin:indicators_indicator_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
