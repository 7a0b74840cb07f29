"""What people type into a return: accepted forms, rejected inputs and the message each gets. No database."""

from decimal import Decimal

import pytest

from core.numbers import parse_money, parse_number
from core.text import COMMENTARY_MAX_LENGTH, text_problem
from indicators.validation import check_entry, commentary_required, out_of_line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,234", Decimal("1234")),
        (" 12.5 ", Decimal("12.5")),
        ("12.5%", Decimal("12.5")),
        ("£1,200", Decimal("1200")),
        ("1,234,567.25", Decimal("1234567.25")),
        ("0", Decimal("0")),
        ("-3.5", Decimal("-3.5")),
        (".5", Decimal("0.5")),
    ],
)
def test_what_people_type_is_accepted(typed, expected):
    parsed = parse_number(typed)
    assert parsed.error is None
    assert parsed.value == expected


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_input_is_not_reported_never_zero(typed):
    parsed = parse_number(typed)
    assert parsed.value is None
    assert parsed.error is None
    assert parsed.is_empty


NOT_A_NUMBER = "NI 20 figure must be a number, like 1,234 or 12.5"

# (unit, value, numerator, denominator) -> {input: message}: the table in the closing note.
BAD_INPUTS = [
    ("count", "NaN", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "inf", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "-inf", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "1e400", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "twelve", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "12,34", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "1.2.3", "", "", {"value": "LI 11 figure must be a number, like 1,234 or 12.5"}),
    ("count", "-5", "", "", {"value": "LI 11 figure cannot be negative"}),
    ("count", "12.5", "", "", {"value": "LI 11 figure must be a whole number, as it is a count"}),
    ("count", "12%", "", "", {"value": "LI 11 figure is a count, not a percentage: remove the % sign"}),
    ("count", "99999999999", "", "", {"value": "LI 11 figure must be less than 10,000,000,000"}),
    ("count", "1.23456", "", "", {"value": "LI 11 figure must have no more than 4 decimal places"}),
    ("percentage", "112%", "", "", {"value": "LI 11 figure must be 100% or less"}),
    ("percentage", "-1", "", "", {"value": "LI 11 figure cannot be negative"}),
    ("percentage", "", "120", "100", {"numerator": "LI 11 numerator cannot be more than the denominator"}),
    ("rate_per_1000", "", "95,000", "93,000", {"numerator": "LI 11 numerator cannot be more than the denominator"}),
    ("rate_per_1000", "", "80", "0", {"denominator": "LI 11 denominator must be more than 0"}),
    ("rate_per_1000", "", "-1", "93000", {"numerator": "LI 11 numerator cannot be negative"}),
    ("rate_per_1000", "", "80", "", {"denominator": "Enter the LI 11 denominator, or clear the numerator"}),
    ("rate_per_1000", "", "", "93000", {"numerator": "Enter the LI 11 numerator, or clear the denominator"}),
    ("rate_per_1000", "", "80", "lots", {"denominator": "LI 11 denominator must be a number, like 1,234 or 12.5"}),
    (
        "rate_per_1000",
        "0.9",
        "80",
        "93000",
        {"value": "Enter either the LI 11 figure or its numerator and denominator, not both"},
    ),
    (
        "rate_per_1000",
        "0.9%",
        "",
        "",
        {"value": "LI 11 figure is a rate per 1,000, not a percentage: remove the % sign"},
    ),
]


@pytest.mark.parametrize(("unit", "value", "numerator", "denominator", "messages"), BAD_INPUTS)
def test_each_bad_input_gets_its_message(unit, value, numerator, denominator, messages):
    result = check_entry(code="LI 11", unit=unit, value=value, numerator=numerator, denominator=denominator)
    assert not result.is_valid
    assert {name: errors[0] for name, errors in result.errors.items()} == messages
    assert result.value is None


def test_a_rate_is_worked_out_per_1000_from_numerator_and_denominator():
    result = check_entry(code="NI 20", unit="rate_per_1000", numerator="320", denominator="93,000")
    assert result.is_valid
    assert (result.numerator, result.denominator) == (Decimal(320), Decimal(93000))
    assert result.value == Decimal("3.4409")


def test_a_percentage_is_worked_out_from_numerator_and_denominator():
    result = check_entry(code="NI 21", unit="percentage", numerator="275", denominator="1,000")
    assert result.value == Decimal("27.5000")


def test_a_percentage_difference_may_be_negative_and_carry_a_percent_sign():
    result = check_entry(code="NI 18", unit="percent_difference", value="-9.64%")
    assert result.is_valid
    assert result.value == Decimal("-9.64")


def test_nothing_typed_is_valid_and_not_reported():
    result = check_entry(code="NI 20", unit="rate_per_1000")
    assert result.is_valid
    assert not result.is_reported


@pytest.mark.parametrize(
    ("value", "history", "warns"),
    [
        (Decimal(100), [Decimal(90), Decimal(110)], False),
        (Decimal(230), [Decimal(90), Decimal(110)], True),
        (Decimal(40), [Decimal(90), Decimal(110)], True),
        (Decimal(46), [Decimal(90), Decimal(110)], False),
        (Decimal(500), [], False),
        (None, [Decimal(90)], False),
        (Decimal(3), [Decimal(0)], True),
    ],
)
def test_a_figure_wildly_out_of_line_with_history_warns(value, history, warns):
    assert bool(out_of_line(value, history)) is warns


def test_the_out_of_line_warning_says_how_far_out():
    assert out_of_line(Decimal(230), [Decimal(90), Decimal(110)]) == (
        "230 is more than double this area's earlier figures (90 to 110)"
    )


@pytest.mark.parametrize(
    ("status", "required"), [("red", True), ("amber", True), ("green", False), ("data_only", False), ("missing", False)]
)
def test_commentary_is_required_only_off_target(status, required):
    assert commentary_required(status) is required


# --- Spaces in numbers: only as thousands separators, as commas are ----------------------

SPACED_NUMBERS = [
    ("1 234", Decimal("1234")),
    ("12 345 678", Decimal("12345678")),
    ("1 234.5", Decimal("1234.5")),
    ("1\u00a0234", Decimal("1234")),  # no-break space, as Excel and Word write it
    ("1\u202f234", Decimal("1234")),  # narrow no-break space (French locale)
    ("1\u2009234", Decimal("1234")),  # thin space
    ("£1 200", Decimal("1200")),
    ("£ 1,200", Decimal("1200")),
    ("12.5 %", Decimal("12.5")),
    ("- 3.5", Decimal("-3.5")),
]

SPACES_NOT_BETWEEN_THOUSANDS = ["12 5", "1 2 3 4", "1 23", "1234 567", "12 .5", "1 234.5 6"]


@pytest.mark.parametrize("typed", ["twelve pounds", "1 234,567", "1,234 567"])
def test_words_or_mixed_separators_get_the_plain_message(typed):
    assert parse_number(typed, label="LI 11 figure").error == "LI 11 figure must be a number, like 1,234 or 12.5"


@pytest.mark.parametrize(("typed", "expected"), SPACED_NUMBERS)
def test_a_space_between_thousands_is_read_like_a_comma(typed, expected):
    parsed = parse_number(typed)
    assert (parsed.value, parsed.error) == (expected, None)


@pytest.mark.parametrize("typed", SPACES_NOT_BETWEEN_THOUSANDS)
def test_a_space_inside_a_number_is_not_removed_it_is_an_error(typed):
    parsed = parse_number(typed, label="LI 11 figure")
    assert parsed.value is None
    assert parsed.error == (
        "LI 11 figure must be a number, like 1,234 or 12.5 (a space may only separate thousands, as in 1 234)"
    )


@pytest.mark.parametrize(("typed", "expected"), [("1 234.50", Decimal("1234.50")), ("£12 345", Decimal("12345.00"))])
def test_money_reads_spaces_between_thousands_as_the_returns_do(typed, expected):
    assert parse_money(typed, label="Amount spent") == (expected, None)


@pytest.mark.parametrize("typed", ["12 5", "1 2 3 4"])
def test_money_refuses_a_space_inside_a_number(typed):
    amount, error = parse_money(typed, label="Amount spent")
    assert amount is None
    assert (
        error
        == "Amount spent must be a number, like 1,200 or 350.50 (a space may only separate thousands, as in 1 234)"
    )


# --- Free text: no control characters, not too long ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("On track\x00", "Commentary contains a control character (U+0000) that cannot be stored: remove it"),
        ("Bell\x07", "Commentary contains a control character (U+0007) that cannot be stored: remove it"),
        ("\x1b[31mred", "Commentary contains a control character (U+001B) that cannot be stored: remove it"),
        ("x" * (COMMENTARY_MAX_LENGTH + 1), "Commentary must be 4,000 characters or fewer (it has 4,001)"),
        ("x" * 1_000_000, "Commentary must be 4,000 characters or fewer (it has 1,000,000)"),
    ],
)
def test_text_with_a_control_character_or_too_long_gets_its_message(typed, message):
    assert text_problem(typed, label="Commentary") == message


@pytest.mark.parametrize(
    "typed", ["", "On track.\nTwo lines,\ttabbed.\r\n", "x" * COMMENTARY_MAX_LENGTH, "Café — “quoted” £5 ✓"]
)
def test_ordinary_text_passes_the_text_rule(typed):
    assert text_problem(typed, label="Commentary") is None
