"""Red/Amber/Green status of a figure against its target. Plain Python, no Django.

- Green: on or better than target (respecting polarity).
- Amber: worse than target but within the indicator's tolerance (relative % of
  the target, or absolute units such as percentage points).
- Red: worse than target beyond tolerance.
- Data only: a figure but no numeric target.
- Not due: no figure expected yet (cadence, reporting lag).
- Missing: due but not reported. A missing figure is never treated as zero.

Quarterly figures of cumulative counts are compared with the share of the
annual target due by that quarter; rates and percentages as they stand.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.enums import Labelled

EVEN_PROFILE = (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1"))


class Status(Labelled):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    DATA_ONLY = "data_only"
    NOT_DUE = "not_due"
    MISSING = "missing"

    @property
    def rank(self) -> int:
        """Worst first, for sorting a board's table."""
        return ["red", "amber", "missing", "green", "data_only", "not_due"].index(self.value)


class Direction(enum.StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Rating:
    status: Status
    explanation: str
    target: Decimal | None = None


def _fmt(value: Decimal, places: int) -> str:
    return f"{Decimal(value):,.{places}f}"


def profiled_target(
    annual_target: Decimal, quarter: int, *, cumulative: bool, profile: Sequence[Decimal] | None = None
) -> Decimal:
    """The target due by ``quarter``: a cumulative count's share of the year so far, else the target as it stands."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    if not cumulative:
        return Decimal(annual_target)
    shares = tuple(Decimal(str(s)) for s in (profile or EVEN_PROFILE))
    if len(shares) != 4 or any(b < a for a, b in zip(shares, shares[1:], strict=False)) or shares[-1] != 1:
        raise ValueError("a quarterly profile is four rising cumulative shares ending at 1")
    return Decimal(annual_target) * shares[quarter - 1]


def is_due(*, quarters_elapsed: int, frequency: str, reporting_lag_quarters: int = 0, quarter: int = 4) -> bool:
    """Whether a figure for ``quarter`` should exist once ``quarters_elapsed`` quarters of the year have ended.

    Quarterly indicators are due a quarter (plus lag) after the quarter ends; annual
    and survey indicators only once the whole year (plus lag) has ended.
    """
    period_end = quarter if frequency == "quarterly" else 4
    return quarters_elapsed >= period_end + reporting_lag_quarters


def rate(
    figure: Decimal | None,
    target: Decimal | None,
    *,
    higher_is_better: bool,
    tolerance: Decimal,
    tolerance_is_absolute: bool = False,
    due: bool = True,
    unit: str = "",
    places: int = 2,
) -> Rating:
    """Rate one figure against the target due for its period, with the reason in words."""
    unit_text = (unit if unit.startswith("%") else f" {unit}") if unit else ""
    if figure is None:
        if due:
            return Rating(Status.MISSING, "Missing: the figure is due but has not been reported.", target)
        return Rating(Status.NOT_DUE, "Not due: no figure is expected for this period yet.", target)
    figure = Decimal(figure)
    shown = f"{_fmt(figure, places)}{unit_text}"
    if target is None:
        return Rating(Status.DATA_ONLY, f"Data only: {shown}; there is no numeric target for this period.")
    target = Decimal(target)
    target_shown = _fmt(target, places)
    worse_by = (target - figure) if higher_is_better else (figure - target)
    if worse_by <= 0:
        better = "on target" if worse_by == 0 else "better than target"
        return Rating(Status.GREEN, f"Green: {shown} against a target of {target_shown} ({better}).", target)
    tolerance = Decimal(tolerance)
    if tolerance_is_absolute:
        within = worse_by <= tolerance
        how_far = f"{_fmt(worse_by, places)} worse; tolerance {_fmt(tolerance, places)}"
    else:
        relative = (worse_by / abs(target) * 100) if target else Decimal("Infinity")
        within = relative <= tolerance
        how_far = f"{relative:.1f}% worse; tolerance {tolerance.normalize():f}%"
    status = Status.AMBER if within else Status.RED
    return Rating(status, f"{status.label}: {shown} against a target of {target_shown} ({how_far}).", target)


@dataclass(frozen=True)
class IndicatorRules:
    """How one indicator is rated, taken from it once (``indicators.selectors.rules_for``).

    Every page that rates a figure (dashboard, partnership, indicator and return pages, downloads) rates it
    through ``rate_in_quarter`` with these rules, so they cannot disagree about the target due or the words.
    """

    higher_is_better: bool
    tolerance: Decimal
    tolerance_is_absolute: bool = False
    unit: str = ""  # shown after the figure in the explanation: "per 1,000", "%"
    places: int = 2
    quarterly: bool = True  # cadence: quarterly figures, else one for the year
    lag_quarters: int = 0
    cumulative: bool = False  # a quarterly cumulative count, compared with the share of the year's target due
    profile: tuple[Decimal, ...] | None = None
    # Survey indicators: the financial years (start year) a survey result is published for. None: every year.
    survey_years: frozenset[int] | None = None

    def target_due(self, annual_target: Decimal | None, quarter: int) -> Decimal | None:
        if annual_target is None:
            return None
        return profiled_target(annual_target, quarter, cumulative=self.cumulative, profile=self.profile)

    def is_expected(self, year: int | None, quarter: int, *, as_of: tuple[int, int] | None = None) -> bool:
        """Whether the figure answering for ``quarter`` of financial ``year`` should exist by the end of ``as_of``.

        ``as_of`` is the (start year, quarter) the page reports from: the area's latest quarter with figures,
        or later. Without it, the quarter's own review (a figure due the quarter it covers). A survey
        indicator is expected only for its survey years; a lagged one only ``lag_quarters`` after its period.
        """
        if year is not None and self.survey_years is not None and year not in self.survey_years:
            return False
        as_year, as_quarter = as_of if as_of is not None else (year or 0, quarter)
        elapsed = (as_year - (year if year is not None else as_year)) * 4 + as_quarter
        return is_due(
            quarters_elapsed=elapsed,
            frequency="quarterly" if self.quarterly else "annual",
            reporting_lag_quarters=self.lag_quarters,
            quarter=quarter,
        )


def rate_in_quarter(
    rules: IndicatorRules,
    figure: Decimal | None,
    annual_target: Decimal | None,
    quarter: int,
    *,
    year: int | None = None,
    as_of: tuple[int, int] | None = None,
) -> Rating:
    """The one rating of a figure for ``quarter`` (of ``year``) against the year's target, by the indicator's rules."""
    return rate(
        figure,
        rules.target_due(annual_target, quarter),
        higher_is_better=rules.higher_is_better,
        tolerance=rules.tolerance,
        tolerance_is_absolute=rules.tolerance_is_absolute,
        due=rules.is_expected(year, quarter, as_of=as_of),
        unit=rules.unit,
        places=rules.places,
    )


def direction_of_travel(figure: Decimal | None, last_year: Decimal | None, *, higher_is_better: bool) -> Direction:
    """Better, same or worse than the same period last year, by polarity."""
    if figure is None or last_year is None:
        return Direction.UNKNOWN
    change = Decimal(figure) - Decimal(last_year)
    if change == 0:
        return Direction.SAME
    return Direction.BETTER if (change > 0) == higher_is_better else Direction.WORSE
