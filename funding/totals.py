"""Funding's own total checks: a stated "still to allocate" figure against the pot less its lines, and what a
grant's amount less its lines means. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

from core.totals import TotalCheck, sum_lines


def check_remainder(
    subject: str,
    label: str,
    stated: Decimal,
    pot: Decimal | None,
    amounts: Iterable[Decimal | None],
    source: str = "",
) -> TotalCheck:
    """A stated 'still to allocate' figure against the pot less what its lines allocate."""
    allocated, lines = sum_lines(amounts)
    computed = None if pot is None else Decimal(pot) - (allocated or Decimal(0))
    return TotalCheck(subject, label, Decimal(stated), computed, lines, source)


class Remainder(StrEnum):
    """What a grant's amount less its lines means, so money is called "not yet allocated" only where the
    documents imply it."""

    UNALLOCATED = "unallocated"  # a stated, exact amount with lines: the rest is still to allocate
    DIFFERENCE = "difference"  # an approximate amount: the gap is between two statements, not spare money
    NOT_DIVIDED = "not divided"  # the documents give no allocations of the grant (a pool's contributions)
    NOT_STATED = "not stated"  # the grant's amount is not stated


def remainder(
    amount: Decimal | None, allocated: Decimal | None, *, approximate: bool, has_lines: bool
) -> tuple[Remainder, Decimal | None]:
    """The kind of remainder and its figure: amount less allocated (for a difference, allocated less amount)."""
    if amount is None:
        return Remainder.NOT_STATED, None
    if not has_lines:
        return Remainder.NOT_DIVIDED, None
    if approximate:
        return Remainder.DIFFERENCE, (allocated or Decimal(0)) - Decimal(amount)
    return Remainder.UNALLOCATED, Decimal(amount) - (allocated or Decimal(0))
