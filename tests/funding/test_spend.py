"""Spend positions and typed money (no database)."""

from datetime import date
from decimal import Decimal as D

import pytest

from core.numbers import parse_money
from core.periods import Quarter
from funding.spend import quarters_between, spend_position


def test_an_eighteen_month_grant_spans_six_quarters():
    quarters = quarters_between(date(2011, 10, 1), date(2013, 3, 31))
    assert [q.label for q in quarters] == [
        "2011/12 Q3",
        "2011/12 Q4",
        "2012/13 Q1",
        "2012/13 Q2",
        "2012/13 Q3",
        "2012/13 Q4",
    ]
    assert quarters[0] == Quarter(2011, 3)


@pytest.mark.parametrize(
    ("allocated", "spent", "elapsed", "flag", "percent"),
    [
        ("35000", "8750", 1, "on_profile", "25.0"),  # SLP YOS DYO Staff, Q1 of four
        ("40000", "4200", 1, "underspent", "10.5"),  # SLP Overall Crime Delivery Group
        ("10000", "0", 1, "underspent", "0.0"),
        ("10000", "10000.01", 4, "overspent", "100.0"),
        ("10000", "0", 0, "not_reported", None),  # nothing reported: no percentage, never "0.0%"
        (None, "100", 1, "no_allocation", None),
    ],
)
def test_spend_position_flags_under_and_overspend(allocated, spent, elapsed, flag, percent):
    position = spend_position(
        allocated=None if allocated is None else D(allocated),
        spent=D(spent),
        quarters_elapsed=elapsed,
        quarters_total=4,
    )
    assert position.flag == flag
    assert position.percent_spent == (None if percent is None else D(percent))


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("£1,200", D("1200.00")), (" 350.5 ", D("350.50")), ("0", D("0.00")), ("", None), ("  ", None)],
)
def test_money_is_read_as_people_type_it(typed, amount):
    assert parse_money(typed, label="Amount") == (amount, None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "Amount must be a number, like 1,200 or 350.50"),
        ("inf", "Amount must be a number, like 1,200 or 350.50"),
        ("1e400", "Amount must be a number, like 1,200 or 350.50"),
        ("lots", "Amount must be a number, like 1,200 or 350.50"),
        ("-5", "Amount cannot be negative"),
        ("12.345", "Amount must be in pounds and pence, like 350.50"),
        ("50%", "Amount is an amount of money, not a percentage: remove the % sign"),
        ("99999999999", "Amount must be less than 10,000,000,000"),
    ],
)
def test_money_that_is_not_money_is_refused_with_a_message(typed, message):
    assert parse_money(typed, label="Amount") == (None, message)


def test_no_spend_reported_has_no_spent_figure_so_it_is_never_shown_as_nothing_spent():
    position = spend_position(allocated=D("10000"), spent=D("0"), quarters_elapsed=0, quarters_total=4)
    assert (position.flag_word, position.spent, position.percent_spent) == ("No spend reported", None, None)
