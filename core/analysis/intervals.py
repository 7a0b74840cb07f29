"""Confidence intervals for counts, rates and proportions (PHE Fingertips technical guidance; APHO Technical Briefing 3).

- Counts and rates with a population denominator: Byar's approximation to the Poisson limits for counts of 10
  or more, the exact Poisson (chi-squared) limits below 10, as Fingertips does.
- Proportions: Wilson's score method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

CONFIDENCE_95 = 0.95
CONFIDENCE_998 = 0.998
# Below this count Byar's approximation is poor (and can go negative); Fingertips switches to the exact method.
BYAR_MINIMUM_COUNT = 10


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    confidence: float

    def contains(self, value: float) -> bool:
        return self.lower <= value <= self.upper

    def scaled(self, factor: float) -> Interval:
        return Interval(self.lower * factor, self.upper * factor, self.confidence)


def z_value(confidence: float) -> float:
    """The two-sided normal quantile: 1.959964 for 95%, 3.090232 for 99.8%."""
    if not 0 < confidence < 1:
        raise ValueError("confidence is a fraction between 0 and 1, e.g. 0.95")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def byar_count_interval(count: float, confidence: float = CONFIDENCE_95) -> Interval:
    """Byar's limits for an observed count O (Breslow and Day 1987)."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    z = z_value(confidence)
    lower = 0.0
    if count > 0:
        lower = max(0.0, count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3)
    nxt = count + 1
    upper = nxt * (1 - 1 / (9 * nxt) + z / (3 * math.sqrt(nxt))) ** 3
    return Interval(lower, upper, confidence)


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for X ~ Poisson(mean), summed in log space so large means do not overflow."""
    if mean <= 0:
        return 1.0
    total, log_term = 0.0, -mean
    for i in range(k + 1):
        if i:
            log_term += math.log(mean) - math.log(i)
        total += math.exp(log_term)
    return min(total, 1.0)


def _solve_increasing(f, target: float, low: float, high: float) -> float:
    """Bisection for f(x) = target with f increasing on [low, high]."""
    while f(high) < target:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if f(mid) < target:
            low = mid
        else:
            high = mid
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def exact_count_interval(count: int, confidence: float = CONFIDENCE_95) -> Interval:
    """Exact Poisson limits (the chi-squared method): the means at which the observed count is just in the tail."""
    if count < 0 or int(count) != count:
        raise ValueError("the exact method needs a whole, non-negative count")
    return _exact_count_interval(int(count), confidence)


# Remembered per process: a funnel plot asks for the same small counts (1 to 100) on every indicator page, and
# each is two bisections over a Poisson sum (about a third of an indicator page's time before).
@lru_cache(maxsize=4096)
def _exact_count_interval(count: int, confidence: float) -> Interval:
    tail = (1 - confidence) / 2
    # Upper: the mean with P(X <= O) = tail. Lower: the mean with P(X >= O) = tail, i.e. P(X <= O-1) = 1 - tail.
    upper = _solve_increasing(lambda m: 1 - _poisson_cdf(count, m), 1 - tail, 0.0, count + 10.0)
    lower = 0.0
    if count > 0:
        lower = _solve_increasing(lambda m: 1 - _poisson_cdf(count - 1, m), tail, 0.0, count + 10.0)
    return Interval(lower, upper, confidence)


def count_interval(count: float, confidence: float = CONFIDENCE_95) -> Interval:
    """Fingertips' rule: exact below 10 events, Byar's from 10 up."""
    if count < BYAR_MINIMUM_COUNT and float(count).is_integer():
        return exact_count_interval(int(count), confidence)
    return byar_count_interval(count, confidence)


def rate_interval(count: float, population: float, *, per: float = 1000, confidence: float = CONFIDENCE_95) -> Interval:
    """A crude rate's interval: the count's limits over the population, per ``per`` people."""
    if population <= 0:
        raise ValueError("a rate needs a population greater than zero")
    return count_interval(count, confidence).scaled(per / population)


def wilson_interval(successes: float, total: float, confidence: float = CONFIDENCE_95) -> Interval:
    """Wilson's score interval for a proportion (as a fraction, 0 to 1)."""
    if total <= 0:
        raise ValueError("a proportion needs a denominator greater than zero")
    if not 0 <= successes <= total:
        raise ValueError("the numerator must be between zero and the denominator")
    z = z_value(confidence)
    p = successes / total
    centre = 2 * successes + z * z
    spread = z * math.sqrt(z * z + 4 * successes * (1 - p))
    scale = 2 * (total + z * z)
    return Interval(max(0.0, (centre - spread) / scale), min(1.0, (centre + spread) / scale), confidence)
