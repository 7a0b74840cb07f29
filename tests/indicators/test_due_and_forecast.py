"""When a missing figure is Not due and when it is Missing (cadence, lag, survey calendar), and the forecast
outturn with its method in words. No database: the one rule (``IndicatorRules``) and ``indicators.forecast``.

The lag table reads: for the figure of quarter 1, 2, 3, 4 (a letter each) of financial year 2010/11, looked at
from the Board's review of that same quarter, one quarter later and two quarters later: N = Not due,
M = Missing. Annual and survey figures are the year's, so "quarter" is the quarter the page shows.
"""

from decimal import Decimal as D

import pytest

from indicators.forecast import forecast_outturn
from indicators.rag import IndicatorRules, Status, rate_in_quarter

YEAR = 2010
SURVEY_YEARS = frozenset({2008, 2010})  # the 2008 and 2010 Place Surveys (seed 000, Appendix 2, NI 21)

# cadence, lag: (at its own review, one quarter later, two quarters later), quarters 1-4 left to right
LAG_TABLE = {
    ("quarterly", 0): ("MMMM", "MMMM", "MMMM"),
    ("quarterly", 1): ("NNNN", "MMMM", "MMMM"),
    ("quarterly", 2): ("NNNN", "NNNN", "MMMM"),
    ("annual", 0): ("NNNM", "NNMM", "NMMM"),
    ("annual", 1): ("NNNN", "NNNM", "NNMM"),
    ("annual", 2): ("NNNN", "NNNN", "NNNM"),
    ("biennial", 0): ("NNNM", "NNMM", "NMMM"),  # 2010/11 is a survey year
    ("biennial", 1): ("NNNN", "NNNM", "NNMM"),
    ("biennial", 2): ("NNNN", "NNNN", "NNNM"),
}
LETTER = {"N": Status.NOT_DUE, "M": Status.MISSING}


def _rules(cadence: str, lag: int) -> IndicatorRules:
    return IndicatorRules(
        higher_is_better=False,
        tolerance=D("5"),
        quarterly=cadence == "quarterly",
        lag_quarters=lag,
        survey_years=SURVEY_YEARS if cadence == "biennial" else None,
    )


def _later(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + quarter - 1 + quarters
    return index // 4, index % 4 + 1


CASES = [
    pytest.param(
        cadence, lag, later, quarter, LETTER[row[later][quarter - 1]], id=f"{cadence}-lag{lag}-+{later}-Q{quarter}"
    )
    for (cadence, lag), row in LAG_TABLE.items()
    for later in (0, 1, 2)
    for quarter in (1, 2, 3, 4)
]


@pytest.mark.parametrize(("cadence", "lag", "later", "quarter", "expected"), CASES)
def test_a_missing_figure_is_not_due_only_while_cadence_and_lag_say_none_is_expected(
    cadence, lag, later, quarter, expected
):
    rating = rate_in_quarter(_rules(cadence, lag), None, D("5"), quarter, year=YEAR, as_of=_later(YEAR, quarter, later))
    assert rating.status is expected


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
@pytest.mark.parametrize("later", [0, 1, 4, 8])
def test_a_survey_indicator_is_never_missing_outside_its_survey_years(quarter, later):
    rating = rate_in_quarter(
        _rules("biennial", 0), None, D("5"), quarter, year=2009, as_of=_later(2009, quarter, later)
    )
    assert rating.status is Status.NOT_DUE


def test_a_figure_in_a_survey_year_is_rated_as_usual():
    rating = rate_in_quarter(_rules("biennial", 0), D("4"), D("5"), 4, year=2008, as_of=(2008, 4))
    assert rating.status is Status.GREEN


CUMULATIVE = IndicatorRules(higher_is_better=True, tolerance=D("5"), cumulative=True, places=0)
PROFILED = IndicatorRules(
    higher_is_better=True, tolerance=D("5"), cumulative=True, places=0, profile=(D("0.1"), D("0.4"), D("0.8"), D("1"))
)
RATE = IndicatorRules(higher_is_better=False, tolerance=D("5"), places=2, unit="per 1,000")
ANNUAL = IndicatorRules(higher_is_better=True, tolerance=D("5"), quarterly=False)


@pytest.mark.parametrize(
    ("rules", "quarter", "recent", "whole_year", "value", "method"),
    [
        # a cumulative count: the year to date over the share of the year its profile says is done
        (CUMULATIVE, 1, ["250"], False, "1000", "Year to date 250 projected to year end on an even profile (25% "),
        (CUMULATIVE, 3, ["750"], False, "1000", "Year to date 750 projected to year end on an even profile (75% "),
        (PROFILED, 2, ["200"], False, "500", "Year to date 200 projected to year end on the indicator's profile (40%"),
        # a rate: the mean of the last four quarterly figures, across the year boundary
        (RATE, 2, ["5.0", "5.2", "5.4", "5.6"], False, "5.3", "Mean of the last four quarterly figures."),
        (RATE, 2, [None, "5.2", "5.4", "5.6"], False, None, "No forecast: fewer than four quarterly figures in a row."),
        (RATE, 2, ["5.4", "5.6"], False, None, "No forecast: fewer than four quarterly figures in a row."),
        # year end and whole-year figures: the figure is the outturn
        (RATE, 4, ["5.0", "5.2", "5.4", "5.6"], False, "5.6", "Outturn: the Q4 figure is the year-end result."),
        (RATE, 4, ["5.40"], True, "5.40", "Outturn: a whole-year figure is the year's result."),
        (ANNUAL, 4, ["33"], False, "33", "Outturn: a whole-year figure is the year's result."),
        # no figure, no forecast: never a number from nothing
        (CUMULATIVE, 2, [None], False, None, "No forecast: there is no figure for this period."),
        (RATE, 3, ["5.0", "5.2", "5.4", None], False, None, "No forecast: there is no figure for this period."),
    ],
)
def test_forecast_outturn_states_its_method(rules, quarter, recent, whole_year, value, method):
    result = forecast_outturn(rules, quarter, [None if v is None else D(v) for v in recent], whole_year=whole_year)
    assert result.value == (None if value is None else D(value))
    assert result.method.startswith(method)


@pytest.mark.parametrize("value", ["2008", [2008, "2010"], [True], [20080], {"2008": 1}])
def test_a_survey_calendar_is_a_list_of_years(value):
    from django.core.exceptions import ValidationError

    from indicators.models import validate_survey_years

    with pytest.raises(ValidationError, match=r"list of years such as \[2008, 2010\]"):
        validate_survey_years(value)
    validate_survey_years([2008, 2010])
