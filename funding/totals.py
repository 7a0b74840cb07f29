"""Funding's own total check: a stated "still to allocate" figure against the pot less its lines. Plain Python."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

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
