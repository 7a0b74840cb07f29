"""The one history diff (core.history.history_changes), on plain records: no database."""

from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from core.history import history_changes

T0 = datetime(2012, 7, 1, 9, 0)


def _user(username, full_name=""):
    first, _, last = full_name.partition(" ")
    return SimpleNamespace(get_username=lambda: username, get_full_name=lambda: full_name)


def _record(pk, history_id, minutes, kind="~", user=None, **fields):
    return SimpleNamespace(
        id=pk,
        history_id=history_id,
        history_date=T0 + timedelta(minutes=minutes),
        history_type=kind,
        history_user=user,
        **fields,
    )


FIELDS = {"amount": "amount", "item": "item"}


def _changes(records, **options):
    return [(c.who, c.what, c.old, c.new) for c in history_changes(records, FIELDS, lambda r: "Line", **options)]


def test_a_first_record_lists_what_it_filled_and_a_later_one_what_changed_newest_first():
    manager = _user("manager-blaby", "Demo Manager")
    records = [
        _record(1, 1, 0, kind="+", amount=Decimal("100.00"), item=""),
        _record(1, 2, 5, user=manager, amount=Decimal("150.50"), item=""),
    ]
    assert _changes(records) == [
        ("Demo Manager", "Line amount", "100", "150.5"),
        ("system", "Line amount", "—", "100"),
    ]


def test_a_removal_lists_what_the_row_held_where_the_panel_asks_for_it():
    records = [
        _record(1, 1, 0, kind="+", amount=Decimal("5"), item="Staff"),
        _record(1, 2, 5, kind="-", amount=Decimal("5"), item="Staff"),
    ]
    assert not [c for c in _changes(records) if c[3] == "removed"]
    assert [c for c in _changes(records, show_removals=True) if c[3] == "removed"] == [
        ("system", "Line amount", "5", "removed"),
        ("system", "Line item", "Staff", "removed"),
    ]


def test_after_keeps_only_what_others_changed_since_a_history_row():
    records = [
        _record(1, 1, 0, kind="+", amount=Decimal("1"), item="A"),
        _record(1, 2, 5, amount=Decimal("2"), item="A"),
        _record(1, 3, 9, amount=Decimal("3"), item="A"),
    ]
    assert _changes(records, after=2) == [("system", "Line amount", "2", "3")]
