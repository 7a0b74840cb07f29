"""An area against a comparator, as Fingertips does it, and the funnel plot's control limits.

An area is *significantly* better or worse when its confidence interval excludes the comparator's value
(95% by default; Fingertips also shows 99.8%); which side is better depends on the indicator's polarity.
The funnel limits are the same test drawn the other way round: for each possible number of events, the
population at which that count's exact interval just touches the comparator (PHE Technical Guide - Funnel
Plots; the PHEindicatormethods package computes its rate funnels this way).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.analysis.intervals import (
    CONFIDENCE_95,
    CONFIDENCE_998,
    Interval,
    byar_count_interval,
    exact_count_interval,
    wilson_interval,
    z_value,
)
from core.enums import Labelled


class Verdict(Labelled):
    BETTER = "better", "Significantly better"
    SIMILAR = "similar", "Not significantly different"
    WORSE = "worse", "Significantly worse"
    NOT_COMPARED = "not_compared", "Not compared"


def verdict(interval: Interval | None, comparator: float | None, *, higher_is_better: bool | None) -> Verdict:
    """Better / similar / worse than the comparator; polarity decides which side is better.

    An indicator with no polarity cannot be better or worse, only different: it reads "similar" or "not compared".
    """
    if interval is None or comparator is None:
        return Verdict.NOT_COMPARED
    if interval.contains(comparator):
        return Verdict.SIMILAR
    if higher_is_better is None:
        return Verdict.NOT_COMPARED
    above = interval.lower > comparator
    return Verdict.BETTER if above == higher_is_better else Verdict.WORSE


@dataclass(frozen=True)
class FunnelPoint:
    """One point on each of a funnel's four lines, for ``events`` observed events."""

    events: int
    lower_population: float  # where this many events sits on the lower limit...
    lower_rate: float  # ...and the rate there
    upper_population: float
    upper_rate: float


def rate_funnel(
    comparator_rate: float,
    events: range | list[int],
    *,
    per: float = 1000,
    confidence: float = CONFIDENCE_95,
    years: float = 1,
) -> list[FunnelPoint]:
    """Funnel limits for crude rates around ``comparator_rate`` (per ``per`` people a year).

    For each count O: the lower line passes through (P, O/P) where the upper exact limit of O equals the
    expected count at the comparator rate, P = O_upper / (rate × years / per); the upper line likewise with O_lower.
    """
    if comparator_rate <= 0:
        raise ValueError("a funnel needs a comparator rate above zero")
    expected_per_person = comparator_rate * years / per
    points = []
    for count in events:
        interval = funnel_count_interval(count, confidence)
        lower_population = interval.upper / expected_per_person
        upper_population = interval.lower / expected_per_person
        points.append(
            FunnelPoint(
                events=count,
                lower_population=lower_population,
                lower_rate=count / lower_population * per / years,
                upper_population=upper_population,
                upper_rate=count / upper_population * per / years if upper_population else float("inf"),
            )
        )
    return points


# Above this many events Byar's limits agree with the exact ones to about 1 in 10,000 (PHE: within 0.2% from 10
# events) and cost a constant time, where the exact sum grows with the count.
FUNNEL_EXACT_UP_TO = 100


def funnel_count_interval(count: int, confidence: float) -> Interval:
    if count <= FUNNEL_EXACT_UP_TO:
        return exact_count_interval(count, confidence)
    return byar_count_interval(count, confidence)


def funnel_events(largest_expected: float, steps: int = 40) -> list[int]:
    """Event counts to draw a funnel through: dense where it bends (small counts), sparse beyond."""
    top = max(10, int(largest_expected * 1.5))
    counts = {1, 2, 3, 4, 5, 6, 8, 10}
    for i in range(steps + 1):
        counts.add(max(1, round(10 * (top / 10) ** (i / steps))))
    return sorted(counts)


FUNNEL_LEVELS = (CONFIDENCE_95, CONFIDENCE_998)


def rate_ratio_interval(
    count: float,
    population: float,
    earlier_count: float,
    earlier_population: float,
    *,
    confidence: float = CONFIDENCE_95,
) -> Interval | None:
    """The interval of the ratio of two rates, exp(ln RR ± z √(1/a + 1/b)) (Rothman and Greenland, Modern
    Epidemiology): the two differ significantly when it excludes 1. None when either count is zero."""
    if min(count, earlier_count) <= 0 or min(population, earlier_population) <= 0:
        return None
    ratio = (count / population) / (earlier_count / earlier_population)
    spread = z_value(confidence) * math.sqrt(1 / count + 1 / earlier_count)
    return Interval(ratio * math.exp(-spread), ratio * math.exp(spread), confidence)


def proportion_difference_interval(
    x1: float, n1: float, x2: float, n2: float, *, confidence: float = CONFIDENCE_95
) -> Interval:
    """Newcombe's hybrid score interval for p1 − p2 (Newcombe 1998, method 10), built from the Wilson intervals."""
    a, b = wilson_interval(x1, n1, confidence), wilson_interval(x2, n2, confidence)
    p1, p2 = x1 / n1, x2 / n2
    diff = p1 - p2
    lower = diff - math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2)
    upper = diff + math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2)
    return Interval(lower, upper, confidence)
