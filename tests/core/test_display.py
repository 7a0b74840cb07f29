from decimal import Decimal as D

import pytest

from core.display import format_money, format_number


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (D("98000.00"), None, "98,000"),
        (D("3.3400"), None, "3.34"),
        (D("1084"), None, "1,084"),
        (D("0.0000"), None, "0"),
        (D("5.4"), 2, "5.40"),
        (None, None, "–"),
    ],
)
def test_format_number(value, places, shown):
    assert format_number(value, places) == shown


@pytest.mark.parametrize(("value", "shown"), [(D("59551.00"), "£59,551"), (D("13711.12"), "£13,711.12"), (None, "–")])
def test_format_money(value, shown):
    assert format_money(value) == shown
