"""XmR charts and special-cause rules as NHS England's *Making Data Count* (MDC) uses them for board reports.

Limits: the mean ± 2.66 × the mean moving range (the natural process limits). Moving ranges above 3.267 × their
mean are screened out before the limits are set (MDC's tools and the NHS-R NHSRplotthedots package do this by
default), so one outlier does not widen the limits that should catch it.

Special-cause rules, each an explicit parameter with MDC's default:
- a point beyond a process limit;
- a shift: 7 or more consecutive points on one side of the mean (a point on the mean breaks the run);
- a trend: 6 or more consecutive increases (or decreases), i.e. 7 points, every point of the run marked
  (NHSRplotthedots counts it the same way);
- two of three consecutive points beyond two sigma (two thirds of the way to a limit) on the same side of the mean.

Minimum points: MDC recommends at least 15 points before the limits are trusted; the NHS-R NHSRplotthedots
package fixes ("locks") limits from 12 points and calls limits from fewer "trial" limits. This module sets limits
from 12 points (``min_points``) and marks limits from 12 to 14 points provisional (``SpcResult.provisional``, below
``recommended_points``), so the caller can say so; with fewer than 12, no limits are set and no signal is claimed
(``SpcResult.enough_points``).

Baseline and step changes: ``baseline_points`` fixes the limits on the first N points of each phase (later points
are judged against them); ``recalculate_at`` starts a new phase (new mean and limits) at the given indices,
which MDC reserves for a sustained, explained change in the process.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.enums import Labelled

LIMIT_FACTOR = 2.66  # 3 / d2 with d2 = 1.128 for moving ranges of two points
MOVING_RANGE_SCREEN = 3.267  # D4 for n = 2: the upper limit of the moving-range chart


class Rule(enum.StrEnum):
    BEYOND_LIMIT = "beyond_limit"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"

    def describe(self, params: SpcParams) -> str:
        return {
            "beyond_limit": "a point beyond a process limit",
            "shift": f"a run of {params.shift_length} or more points on one side of the mean",
            "trend": f"{params.trend_length} or more consecutive increases or decreases",
            "two_of_three": "two of three points beyond two sigma, on the same side",
        }[self.value]


RULES = tuple(Rule)  # iterating an Enum class is slow; the order is the order rules are listed in


class Variation(Labelled):
    COMMON = "common", "Common cause"
    IMPROVING = "improving", "Special cause improving"
    CONCERNING = "concerning", "Special cause concerning"
    SPECIAL_NEUTRAL = "special_neutral", "Special cause"
    TOO_FEW = "too_few", "Too few points"
    NO_FIGURES = "no_figures", "No quarterly figures"


class Assurance(Labelled):
    MET = "met", "Target consistently met"
    HIT_AND_MISS = "hit_and_miss", "Hit and miss"
    NOT_MET = "not_met", "Target consistently not met"
    NOT_ASSESSED = "not_assessed", "Not assessed"


@dataclass(frozen=True)
class SpcParams:
    shift_length: int = 7
    trend_length: int = 6  # consecutive increases (so trend_length + 1 points)
    min_points: int = 12  # limits drawn from here (NHSRplotthedots locks limits at 12 points)
    recommended_points: int = 15  # MDC's recommendation: limits from fewer points are provisional
    baseline_points: int | None = None  # None: every point of the phase sets its limits
    recalculate_at: tuple[int, ...] = ()
    screen_moving_ranges: bool = True


MDC_DEFAULTS = SpcParams()


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs twice as much, 1,600 times a dashboard
class SpcPoint:
    index: int
    value: float
    mean: float
    lower: float | None
    upper: float | None
    rules: tuple[Rule, ...] = ()
    upward: bool | None = None  # the direction of the signal: above the mean / rising

    @property
    def is_special(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class SpcResult:
    points: list[SpcPoint]
    params: SpcParams
    enough_points: bool
    variation: Variation
    assurance: Assurance
    mean: float | None = None  # of the latest phase
    lower: float | None = None
    upper: float | None = None
    signals: list[SpcPoint] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        """Limits set from fewer points than Making Data Count recommends."""
        return self.enough_points and len(self.points) < self.params.recommended_points

    def rule_text(self, point: SpcPoint) -> str:
        return "; ".join(rule.describe(self.params) for rule in point.rules)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def process_limits(values: Sequence[float], *, screen: bool = True) -> tuple[float, float, float]:
    """(mean, lower, upper) natural process limits of an XmR chart."""
    if len(values) < 2:
        raise ValueError("limits need at least two points (one moving range)")
    mean = _mean(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    average_range = _mean(ranges)
    if screen:
        kept = [r for r in ranges if r <= MOVING_RANGE_SCREEN * average_range]
        average_range = _mean(kept) if kept else average_range
    spread = LIMIT_FACTOR * average_range
    return mean, mean - spread, mean + spread


def _runs(flags: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal non-zero flags: (start, end exclusive, flag)."""
    runs, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            if flags[start]:
                runs.append((start, i, flags[start]))
            start = i
    return runs


def _phase_signals(values, mean, lower, upper, params) -> list[dict | None]:
    """Per point, None or {rule: upward}. Dicts are made only for special points (most points are not)."""
    n = len(values)
    found: list[dict | None] = [None] * n

    def mark(i, rule, upward):
        if found[i] is None:
            found[i] = {}
        found[i][rule] = upward

    # Floating-point means of equal figures differ from them in the last bit; that is not a signal.
    tol = 1e-9 * max(1.0, abs(mean))
    high, low = upper + tol, lower - tol
    for i, v in enumerate(values):
        if v > high or v < low:
            mark(i, Rule.BEYOND_LIMIT, v > upper)
    side = [(v > mean + tol) - (v < mean - tol) for v in values]
    for start, end, flag in _runs(side):
        if end - start >= params.shift_length:
            for i in range(start, end):
                mark(i, Rule.SHIFT, flag > 0)
    steps = [(b > a + tol) - (b < a - tol) for a, b in zip(values, values[1:], strict=False)]
    for start, end, flag in _runs(steps):
        if end - start >= params.trend_length:
            for i in range(start, end + 1):  # steps start..end-1 join points start..end
                mark(i, Rule.TREND, flag > 0)
    two_sigma = (upper - mean) * 2 / 3 + tol
    near = [s if abs(v - mean) > two_sigma else 0 for v, s in zip(values, side, strict=True)]
    if any(near):
        for i in range(n - 2):
            window = near[i : i + 3]
            for flag in (1, -1):
                if window.count(flag) >= 2:
                    for j in range(i, i + 3):
                        if near[j] == flag:
                            mark(j, Rule.TWO_OF_THREE, flag > 0)
    return found


def _phases(n: int, recalculate_at: Sequence[int]) -> list[tuple[int, int]]:
    cuts = sorted({c for c in recalculate_at if 0 < c < n})
    bounds = [0, *cuts, n]
    return list(zip(bounds, bounds[1:], strict=False))


def xmr(
    values: Sequence[float],
    *,
    higher_is_better: bool | None,
    target: float | None = None,
    params: SpcParams = MDC_DEFAULTS,
) -> SpcResult:
    """The XmR chart of ``values`` (oldest first), its special causes and its variation and assurance judgements."""
    values = [float(v) for v in values]
    points: list[SpcPoint] = []
    enough = True
    mean = lower = upper = None
    for start, end in _phases(len(values), params.recalculate_at):
        phase = values[start:end]
        basis = phase[: params.baseline_points] if params.baseline_points else phase
        mean = _mean(phase) if phase else None
        if len(basis) < params.min_points:
            enough = False
            lower = upper = None
            points.extend(SpcPoint(start + i, v, mean, None, None) for i, v in enumerate(phase))
            continue
        mean, lower, upper = process_limits(basis, screen=params.screen_moving_ranges)
        for i, (v, found) in enumerate(zip(phase, _phase_signals(phase, mean, lower, upper, params), strict=True)):
            rules = tuple(rule for rule in RULES if rule in found) if found else ()
            upward = next(iter(found.values())) if found else None
            points.append(SpcPoint(start + i, v, mean, lower, upper, rules, upward))
    signals = [p for p in points if p.is_special]
    return SpcResult(
        points=points,
        params=params,
        enough_points=enough and bool(points),
        variation=variation_of(points, higher_is_better, enough=enough and bool(points)),
        assurance=assurance_of(lower, upper, target, higher_is_better) if enough else Assurance.NOT_ASSESSED,
        mean=mean,
        lower=lower,
        upper=upper,
        signals=signals,
    )


def is_improving(point: SpcPoint, higher_is_better: bool | None) -> bool | None:
    if not point.is_special or higher_is_better is None:
        return None
    return point.upward == higher_is_better


def variation_of(points: Sequence[SpcPoint], higher_is_better: bool | None, *, enough: bool = True) -> Variation:
    """MDC's variation icon reads the latest point: is it a special cause, and which way does it point?"""
    if not points:
        return Variation.NO_FIGURES  # plainer than "too few points": nothing by quarter (perhaps whole years only)
    if not enough:
        return Variation.TOO_FEW
    latest = points[-1]
    if not latest.is_special:
        return Variation.COMMON
    if higher_is_better is None:
        return Variation.SPECIAL_NEUTRAL
    return Variation.IMPROVING if is_improving(latest, higher_is_better) else Variation.CONCERNING


def assurance_of(
    lower: float | None, upper: float | None, target: float | None, higher_is_better: bool | None
) -> Assurance:
    """Where the target sits against the limits: outside them on the good side, the process misses it every time."""
    if lower is None or upper is None or target is None or higher_is_better is None:
        return Assurance.NOT_ASSESSED
    if lower <= target <= upper:
        return Assurance.HIT_AND_MISS
    target_above = target > upper
    # Higher is better and the target is above every likely figure: it is consistently missed.
    return Assurance.NOT_MET if target_above == higher_is_better else Assurance.MET
