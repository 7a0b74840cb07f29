"""Target derivation: the number a rule such as "3% reduction from 3.44" gives.

Documents state the rule and the number together ("3.44 – 3% = 3.34"). We
keep both, derive the number from the rule, and flag any disagreement rather
than silently choosing one. Plain Python, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from core.enums import Labelled


class Rounding(Labelled):
    NEAREST = "nearest", "Nearest (half up)"
    DOWN = "down", "Down (truncate), as the documents do for indicative counts"


class ChangeUnit(Labelled):
    """How a rule's change applies: a share of the base, or percentage points added to a percentage."""

    PERCENT = "percent", "Percent of the base (3% reduction: base × 0.97)"
    POINTS = "points", "Percentage points (43% + 15 points = 58%)"


@dataclass(frozen=True)
class DerivationRule:
    """``base`` changed by ``change_percent`` (signed: -3 is a 3% reduction), or by that many points.

    Documents write "a 15% increase in confidence from 43% to 58%": 15 percentage
    points, not 15% of 43 (000 section 6.1), so a rule says which it is.
    """

    base: Decimal
    change_percent: Decimal
    rounding: Rounding = Rounding.NEAREST
    decimal_places: int = 2
    points: bool = False

    def describe(self) -> str:
        verb = "reduction" if self.change_percent < 0 else "increase"
        size = f"{abs(self.change_percent).normalize():f}"
        change = f"{size} percentage point" if self.points else f"{size}%"
        return f"{change} {verb} from {self.base.normalize():f}"


def derive_target(rule: DerivationRule) -> Decimal:
    """The rule's value at the rule's precision.

    >>> derive_target(DerivationRule(Decimal("3.44"), Decimal("-3")))
    Decimal('3.34')
    >>> derive_target(DerivationRule(Decimal("1180"), Decimal("-3"), Rounding.DOWN, 0))
    Decimal('1144')
    """
    if rule.decimal_places < 0:
        raise ValueError("decimal places cannot be negative")
    if rule.points:
        exact = Decimal(rule.base) + Decimal(rule.change_percent)
    else:
        exact = Decimal(rule.base) * (Decimal(100) + Decimal(rule.change_percent)) / Decimal(100)
    quantum = Decimal(1).scaleb(-rule.decimal_places)
    mode = ROUND_DOWN if rule.rounding == Rounding.DOWN else ROUND_HALF_UP
    return exact.quantize(quantum, rounding=mode)


def differs(stated: Decimal | None, derived: Decimal | None) -> bool:
    """True when both values exist and disagree (compared at the stated value's precision)."""
    if stated is None or derived is None:
        return False
    stated = Decimal(stated)
    derived = Decimal(derived)
    return stated.normalize() != derived.normalize()
