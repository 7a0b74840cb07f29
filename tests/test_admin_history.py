"""Every change of who may do what, and every figure that feeds money, is in the history with its author."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from funding.models import AllocationFormula, FormulaComponent, FormulaWeight
from partnerships.models import Partnership
from tests.test_admin_forms import browser_form_data

pytestmark = pytest.mark.django_db


def _save_through_admin(client, obj, changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = browser_form_data(client.get(url).content.decode(), f"{obj._meta.model_name}_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (FormulaComponent, "amount", "12345.00"),
        (FormulaWeight, "weight", "2.5000"),
        (AllocationFormula, "pot", "99999.00"),
    ],
)
def test_changing_a_formula_figure_in_admin_keeps_its_author_in_history(client, administrator, model, field, value):
    obj = model.objects.order_by("pk").first()
    client.force_login(administrator)

    _save_through_admin(client, obj, {field: [value]})

    latest = obj.history.latest()
    assert latest.history_user == administrator
    assert str(getattr(latest, field)) == value


def test_granting_a_role_in_admin_keeps_its_author_in_history(client, administrator, melton_manager):
    board = Group.objects.get(name="Board officers")
    client.force_login(administrator)
    groups = [str(pk) for pk in melton_manager.groups.values_list("pk", flat=True)]

    _save_through_admin(client, melton_manager, {"groups": [*groups, str(board.pk)]})

    assert melton_manager.groups.filter(pk=board.pk).exists()
    latest = User.history.filter(id=melton_manager.pk).latest()
    assert latest.history_user == administrator
    assert board.pk in latest.groups.values_list("group_id", flat=True)


def test_removing_a_role_in_admin_keeps_its_author_in_history(client, administrator, melton_manager):
    client.force_login(administrator)
    assert melton_manager.groups.exists()

    _save_through_admin(client, melton_manager, {"groups": []})

    latest = User.history.filter(id=melton_manager.pk).latest()
    assert latest.history_user == administrator
    assert not latest.groups.exists()


def test_changing_a_partnerships_managers_in_admin_keeps_its_author_in_history(client, administrator, melton_manager):
    partnership = Partnership.objects.exclude(managers=melton_manager).order_by("pk").first()
    managers = [str(pk) for pk in partnership.managers.values_list("pk", flat=True)]
    client.force_login(administrator)

    _save_through_admin(client, partnership, {"managers": [*managers, str(melton_manager.pk)]})

    latest = partnership.history.latest()
    assert latest.history_user == administrator
    assert melton_manager.pk in latest.managers.values_list("user_id", flat=True)


def test_signing_in_writes_no_user_history(client, board_officer):
    before = User.history.filter(id=board_officer.pk).count()

    client.post(reverse("login"), {"username": "board", "password": "safer-communities-demo"})

    board_officer.refresh_from_db()
    assert board_officer.last_login is not None
    assert User.history.filter(id=board_officer.pk).count() == before
