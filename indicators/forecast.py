"""Forecast outturn: where the year will end, with the method in words. Plain Python, no Django.

- A cumulative count: the year-to-date figure projected to year end on the indicator's profile
  (the share of the year's total due by the quarter; an even profile is a quarter each).
- A rate or a percentage: the mean of the last four quarterly figures (this quarter and the three before,
  across the year boundary). Fewer than four figures in a row give no forecast, never a guess.
- At year end, and for a whole-year figure, the figure is the outturn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.rag import IndicatorRules, profiled_target

QUARTERS_FOR_MEAN = 4


@dataclass(frozen=True)
class Forecast:
    value: Decimal | None
    method: str


def _fmt(value: Decimal, places: int) -> str:
    return f"{Decimal(value):,.{places}f}"


def forecast_outturn(
    rules: IndicatorRules, quarter: int, recent: Sequence[Decimal | None], *, whole_year: bool = False
) -> Forecast:
    """The year-end forecast at ``quarter`` from ``recent`` quarterly figures, oldest first, ending at ``quarter``.

    ``recent[-1]`` is this quarter's figure (None when missing); ``whole_year`` says it is a whole-year figure.
    """
    figure = recent[-1] if recent else None
    if figure is None:
        return Forecast(None, "No forecast: there is no figure for this period.")
    figure = Decimal(figure)
    if whole_year or not rules.quarterly:
        return Forecast(figure, "Outturn: a whole-year figure is the year's result.")
    if quarter == 4:
        return Forecast(figure, "Outturn: the Q4 figure is the year-end result.")
    if rules.cumulative:
        share = profiled_target(Decimal(1), quarter, cumulative=True, profile=rules.profile)
        profile = "the indicator's profile" if rules.profile else "an even profile"
        return Forecast(
            figure / share,
            f"Year to date {_fmt(figure, rules.places)} projected to year end on {profile} "
            f"({share * 100:.0f}% of the year due by Q{quarter}).",
        )
    last = list(recent[-QUARTERS_FOR_MEAN:])
    if len(last) < QUARTERS_FOR_MEAN or any(value is None for value in last):
        return Forecast(None, "No forecast: fewer than four quarterly figures in a row.")
    mean = sum((Decimal(v) for v in last), Decimal(0)) / QUARTERS_FOR_MEAN
    return Forecast(mean, "Mean of the last four quarterly figures.")
