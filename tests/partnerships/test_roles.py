"""The authorisation core, `partnerships/roles.py`, called directly for every kind of person.

The view tests prove the pages refuse; these prove the rules those pages rely on,
one row per person, so a change to a rule shows exactly who it affects.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied

from partnerships import roles
from partnerships.models import Partnership
from tests.seeded import seeded_row

User = get_user_model()


def _fresh(username):
    """The user as a new request would load it (no group names cached from an earlier call)."""
    return User.objects.get(username=username)


def _outsider():
    return User.objects.create_user("outsider", password="unused-password-123")


def _inactive_manager():
    User.objects.filter(username="manager-blaby").update(is_active=False)
    return _fresh("manager-blaby")


def _manager_taken_out_of_the_group():
    user = _fresh("manager-blaby")
    user.groups.remove(Group.objects.get(name=roles.CSP_MANAGERS))
    return _fresh("manager-blaby")


def _staff_in_administrators_group():
    user = User.objects.create_user("clerk", password="unused-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return _fresh("clerk")


def _staff_without_the_group():
    return User.objects.create_user("helpdesk", password="unused-password-123", is_staff=True)


def _administrators_group_without_staff():
    user = User.objects.create_user("nonstaff", password="unused-password-123")
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    return _fresh("nonstaff")


PERSONAS = {
    "administrator": lambda: _fresh("admin"),
    "board officer": lambda: _fresh("board"),
    "Blaby CSP manager": lambda: _fresh("manager-blaby"),
    "outsider": _outsider,
    "anonymous": AnonymousUser,
    "inactive Blaby manager": _inactive_manager,
    "Blaby manager out of the group": _manager_taken_out_of_the_group,
    "staff in Administrators": _staff_in_administrators_group,
    "staff without the group": _staff_without_the_group,
    "Administrators without staff": _administrators_group_without_staff,
}

# One row per person: (board officer, CSP manager, administrator, areas they manage, reads Blaby, reads Melton).
TABLE = {
    "administrator": (False, False, True, set(), True, True),
    "board officer": (True, False, False, set(), True, True),
    "Blaby CSP manager": (False, True, False, {"Blaby"}, True, False),
    "outsider": (False, False, False, set(), False, False),
    "anonymous": (False, False, False, set(), False, False),
    "inactive Blaby manager": (False, False, False, set(), False, False),
    "Blaby manager out of the group": (False, False, False, set(), False, False),
    "staff in Administrators": (False, False, True, set(), True, True),
    "staff without the group": (False, False, False, set(), False, False),
    "Administrators without staff": (False, False, False, set(), False, False),
}
ROWS = [pytest.param(name, *row, id=name) for name, row in TABLE.items()]
COLUMNS = "name, board, manager, administrator, areas, reads_blaby, reads_melton"


def _refused(check, *args, message):
    with pytest.raises(PermissionDenied, match=message):
        check(*args)


def _decides(check, allowed, *args, message):
    """``check`` passes silently when ``allowed``, else raises PermissionDenied with ``message``."""
    if allowed:
        assert check(*args) is None
    else:
        _refused(check, *args, message=message)


# Blaby's own CSP (Blaby also sits in a joint partnership nobody manages in the demo).
blaby_csp = seeded_row(Partnership, managers__username="manager-blaby")
melton_csp = seeded_row(Partnership, managers__username="manager-melton")


@pytest.mark.parametrize(COLUMNS, ROWS)
def test_role_predicates(seeded, name, board, manager, administrator, areas, reads_blaby, reads_melton):
    person = PERSONAS[name]()
    assert roles.is_board_officer(person) is board
    assert roles.is_csp_manager(person) is manager
    assert roles.is_administrator(person) is administrator


@pytest.mark.parametrize(COLUMNS, ROWS)
def test_managed_partnerships_and_areas(
    blaby, blaby_csp, melton, name, board, manager, administrator, areas, reads_blaby, reads_melton
):
    person = PERSONAS[name]()
    assert {area.name for area in roles.managed_areas(person)} == areas
    assert set(roles.managed_partnerships(person)) == ({blaby_csp} if areas else set())
    assert roles.manages_area(person, blaby) is ("Blaby" in areas)
    assert roles.manages_area(person, melton) is False


@pytest.mark.parametrize(COLUMNS, ROWS)
def test_who_reads_each_areas_returns(
    blaby, melton, name, board, manager, administrator, areas, reads_blaby, reads_melton
):
    person = PERSONAS[name]()
    assert roles.may_view_returns(person, blaby) is reads_blaby
    assert roles.may_view_returns(person, melton) is reads_melton
    message = "areas of partnerships you manage"
    _decides(roles.require_return_viewer, reads_blaby, person, blaby, message=message)
    _decides(roles.require_return_viewer, reads_melton, person, melton, message=message)


@pytest.mark.parametrize(COLUMNS, ROWS)
def test_who_enters_figures_and_action_plans(
    blaby, melton, blaby_csp, melton_csp, name, board, manager, administrator, areas, reads_blaby, reads_melton
):
    """Only the area's own CSP manager enters; an administrator or board officer does not."""
    person = PERSONAS[name]()
    enters_blaby = "Blaby" in areas
    _decides(roles.require_area_manager, enters_blaby, person, blaby, message="area's CSP manager")
    _refused(roles.require_area_manager, person, melton, message="area's CSP manager")
    _decides(roles.require_partnership_manager, enters_blaby, person, blaby_csp, message="partnership's CSP manager")
    _refused(roles.require_partnership_manager, person, melton_csp, message="partnership's CSP manager")


@pytest.mark.parametrize(COLUMNS, ROWS)
def test_who_approves_returns(seeded, name, board, manager, administrator, areas, reads_blaby, reads_melton):
    person = PERSONAS[name]()
    _decides(roles.require_board_officer, board, person, message="Only board officers")


def test_a_manager_of_an_ended_partnership_manages_nothing(blaby, blaby_csp):
    Partnership.objects.filter(pk=blaby_csp.pk).update(ended_on=datetime.date(2024, 3, 31))
    manager = _fresh("manager-blaby")
    assert roles.is_csp_manager(manager)
    assert not roles.managed_partnerships(manager).exists()
    assert not roles.manages_area(manager, blaby)
    assert not roles.may_view_returns(manager, blaby)


def test_group_names_are_read_once_per_user_object(django_assert_num_queries, seeded):
    manager = _fresh("manager-blaby")
    with django_assert_num_queries(1):
        assert roles.is_csp_manager(manager)
        assert not roles.is_board_officer(manager)
        assert not roles.is_administrator(manager)
