"""RAG engine (no database): both polarities, every boundary."""

from decimal import Decimal as D

import pytest

from indicators.models import Frequency, Indicator, Polarity, Unit
from indicators.rag import (
    Direction,
    IndicatorRules,
    Status,
    direction_of_travel,
    is_due,
    profiled_target,
    rate,
    rate_in_quarter,
)
from indicators.selectors import rules_for


@pytest.mark.parametrize(
    ("figure", "target", "higher", "tolerance", "absolute", "status"),
    [
        # lower is better (assault rate), relative tolerance 5% of 5.00 = 0.25
        ("4.90", "5.00", False, "5", False, Status.GREEN),
        ("5.00", "5.00", False, "5", False, Status.GREEN),  # exactly on target
        ("5.25", "5.00", False, "5", False, Status.AMBER),  # exactly at tolerance
        ("5.26", "5.00", False, "5", False, Status.RED),  # just beyond
        # higher is better (confidence %), absolute tolerance 2 percentage points
        ("34", "33", True, "2", True, Status.GREEN),
        ("33", "33", True, "2", True, Status.GREEN),
        ("31", "33", True, "2", True, Status.AMBER),
        ("30.9", "33", True, "2", True, Status.RED),
        # higher is better, relative tolerance
        ("1102.95", "1161", True, "5", False, Status.AMBER),
        ("1102.94", "1161", True, "5", False, Status.RED),
        # zero tolerance: any shortfall is Red
        ("5.01", "5.00", False, "0", False, Status.RED),
    ],
)
def test_rating_table(figure, target, higher, tolerance, absolute, status):
    rating = rate(D(figure), D(target), higher_is_better=higher, tolerance=D(tolerance), tolerance_is_absolute=absolute)
    assert rating.status is status
    assert rating.explanation.startswith(status.label)


def test_explanation_reads_as_the_board_expects():
    rating = rate(D("5.31"), D("5.24"), higher_is_better=False, tolerance=D("5"), unit="per 1,000")
    assert rating.explanation == "Amber: 5.31 per 1,000 against a target of 5.24 (1.3% worse; tolerance 5%)."


def test_no_numeric_target_is_data_only():
    assert rate(D("25.1"), None, higher_is_better=True, tolerance=D("5")).status is Status.DATA_ONLY


@pytest.mark.parametrize(("due", "status"), [(True, Status.MISSING), (False, Status.NOT_DUE)])
def test_missing_figure_is_never_zero(due, status):
    rating = rate(None, D("5"), higher_is_better=False, tolerance=D("5"), due=due)
    assert rating.status is status


@pytest.mark.parametrize(
    ("quarter", "cumulative", "profile", "expected"),
    [
        (1, True, None, "250"),
        (3, True, None, "750"),
        (4, True, None, "1000"),
        (2, True, ["0.1", "0.4", "0.8", "1"], "400"),
        (2, False, None, "1000"),
    ],
)
def test_profiled_target(quarter, cumulative, profile, expected):
    assert profiled_target(D("1000"), quarter, cumulative=cumulative, profile=profile) == D(expected)


def test_a_profile_must_rise_to_the_whole_year():
    with pytest.raises(ValueError):
        profiled_target(D("1"), 1, cumulative=True, profile=["0.5", "0.4", "0.9", "1"])


@pytest.mark.parametrize(
    ("elapsed", "frequency", "lag", "quarter", "due"),
    [
        (1, "quarterly", 0, 1, True),
        (0, "quarterly", 0, 1, False),
        (1, "quarterly", 1, 1, False),  # re-offending: a quarter late
        (2, "quarterly", 1, 1, True),
        (3, "annual", 0, 3, False),
        (4, "annual", 0, 3, True),
    ],
)
def test_due_depends_on_cadence_and_lag(elapsed, frequency, lag, quarter, due):
    assert is_due(quarters_elapsed=elapsed, frequency=frequency, reporting_lag_quarters=lag, quarter=quarter) is due


@pytest.mark.parametrize(
    ("figure", "last_year", "higher", "direction"),
    [
        ("5", "6", False, Direction.BETTER),
        ("6", "5", False, Direction.WORSE),
        ("30", "25", True, Direction.BETTER),
        ("25", "25", True, Direction.SAME),
        (None, "25", True, Direction.UNKNOWN),
    ],
)
def test_direction_of_travel(figure, last_year, higher, direction):
    value = None if figure is None else D(figure)
    assert direction_of_travel(value, D(last_year), higher_is_better=higher) is direction


def test_a_cumulative_count_is_rated_against_the_share_of_the_year_due_by_its_quarter():
    rules = IndicatorRules(higher_is_better=True, tolerance=D("5"), cumulative=True, places=0)
    rating = rate_in_quarter(rules, D("50"), D("100"), 2)
    assert (rating.status, rating.target) == (Status.GREEN, D("50"))
    assert rating.explanation == "Green: 50 against a target of 50 (on target)."


def test_a_lagged_indicator_is_not_due_in_its_own_quarter():
    rules = IndicatorRules(higher_is_better=False, tolerance=D("5"), lag_quarters=1)
    assert rate_in_quarter(rules, None, D("5"), 2).status is Status.NOT_DUE
    assert rate_in_quarter(IndicatorRules(higher_is_better=False, tolerance=D("5")), None, D("5"), 2).status is (
        Status.MISSING
    )


def test_rules_for_an_indicator_take_its_unit_and_count_a_year_figure_as_not_cumulative():
    rate_per_1000 = Indicator(
        code="X", unit=Unit.RATE_PER_1000, polarity=Polarity.LOWER_IS_BETTER, frequency=Frequency.QUARTERLY
    )
    assert rules_for(rate_per_1000).unit == "per 1,000"
    assert not rules_for(rate_per_1000).higher_is_better
    annual = Indicator(code="Y", unit=Unit.COUNT, frequency=Frequency.ANNUAL, is_cumulative=True)
    assert not rules_for(annual).cumulative
