"""Spend against an allocation: how much of it is spent, against the profile, and the flag. Plain Python, no Django.

- The *profile* is the allocation spread evenly over the quarters of its grant:
  after 1 of 4 quarters a quarter of it is due to be spent.
- *Overspent*: more spent to date than was allocated.
- *Underspent*: less than ``UNDERSPEND_SHARE`` (three quarters) of the profiled
  amount spent by the latest quarter with spend reported on the grant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.periods import Quarter

UNDERSPEND_SHARE = Decimal("0.75")
OVERSPENT, UNDERSPENT, ON_PROFILE, NOT_REPORTED, NO_ALLOCATION = (
    "overspent",
    "underspent",
    "on_profile",
    "not_reported",
    "no_allocation",
)
FLAG_WORDS = {
    OVERSPENT: "Overspent",
    UNDERSPENT: "Underspent",
    ON_PROFILE: "On profile",
    NOT_REPORTED: "No spend reported",
    NO_ALLOCATION: "No amount allocated",
}


def percent_spent(spent: Decimal | None, allocated: Decimal | None) -> Decimal | None:
    """Spent as a percentage of allocated, to one place; None when nothing is allocated or no spend is reported."""
    if not allocated or spent is None:
        return None
    return (spent / allocated * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def quarters_between(starts_on: date, ends_on: date) -> list[Quarter]:
    """Every quarter a period touches, in order (an 18-month grant from October has six)."""
    quarter, last = Quarter.containing(starts_on), Quarter.containing(ends_on)
    quarters = []
    while not last < quarter:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


@dataclass(frozen=True)
class SpendPosition:
    allocated: Decimal | None
    spent: Decimal | None  # None: no spend reported on the grant yet (never shown as £0 spent)
    profiled: Decimal | None  # what the even profile expects spent by now
    flag: str

    @property
    def percent_spent(self) -> Decimal | None:
        return percent_spent(self.spent, self.allocated)

    @property
    def flag_word(self) -> str:
        return FLAG_WORDS[self.flag]

    @property
    def is_flagged(self) -> bool:
        return self.flag in (OVERSPENT, UNDERSPENT)


def spend_position(
    *, allocated: Decimal | None, spent: Decimal | None, quarters_elapsed: int, quarters_total: int
) -> SpendPosition:
    """Where an allocation stands after ``quarters_elapsed`` of its grant's ``quarters_total`` quarters."""
    spent = Decimal(spent or 0)
    if allocated is None or allocated == 0:
        flag = OVERSPENT if allocated == 0 and spent > 0 else NO_ALLOCATION
        return SpendPosition(allocated, spent, None, flag)
    allocated = Decimal(allocated)
    elapsed = max(0, min(quarters_elapsed, quarters_total))
    profiled = (allocated * elapsed / quarters_total).quantize(Decimal("0.01")) if quarters_total else allocated
    if spent > allocated:
        flag = OVERSPENT
    elif elapsed == 0:
        return SpendPosition(allocated, spent or None, profiled, NOT_REPORTED)
    elif spent < profiled * UNDERSPEND_SHARE:
        flag = UNDERSPENT
    else:
        flag = ON_PROFILE
    return SpendPosition(allocated, spent, profiled, flag)
