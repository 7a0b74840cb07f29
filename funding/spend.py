"""Spend against an allocation: how much of it is spent, against the profile, and the flag. Plain Python, no Django.

- The *profile* is the allocation spread evenly over the quarters of its grant:
  after 1 of 4 quarters a quarter of it is due to be spent.
- *Overspent*: more spent to date than was allocated.
- *Underspent*: less than ``UNDERSPEND_SHARE`` (three quarters) of the profiled
  amount spent by the latest quarter with spend reported on the grant.
- Typed money (``parse_money``) uses the returns' own number reader, so it
  accepts ``£1,200`` and ``1,234.50`` and refuses ``NaN``, ``1e400`` and words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from indicators.periods import Quarter
from indicators.validation import parse_number

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
        if not self.allocated or self.spent is None:
            return None
        return (self.spent / self.allocated * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.allocated is None or self.spent is None else self.allocated - self.spent

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


def parse_money(text: str | None, *, label: str) -> tuple[Decimal | None, str | None]:
    """Typed pounds and pence: (amount, None), (None, message), or (None, None) when left empty."""
    parsed = parse_number(text, label=label)
    if parsed.error:
        return None, parsed.error.replace("like 1,234 or 12.5", "like 1,200 or 350.50")
    if parsed.value is None:
        return None, None
    if parsed.had_percent_sign:
        return None, f"{label} is an amount of money, not a percentage: remove the % sign"
    if parsed.value < 0:
        return None, f"{label} cannot be negative"
    if parsed.value.as_tuple().exponent < -2:
        return None, f"{label} must be in pounds and pence, like 350.50"
    return parsed.value.quantize(Decimal("0.01")), None
