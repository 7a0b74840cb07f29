"""A stated total beside the total its lines add up to: the type every app's "does it add up" check uses.

Plain Python, no Django. A document's stated total is kept as a record of what
was published; the real total is always computed from the lines, and any
difference is flagged rather than silently resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TotalCheck:
    """One stated figure beside the figure its lines add up to."""

    subject: str
    label: str
    stated: Decimal
    computed: Decimal | None
    lines: int
    source: str = ""

    @property
    def differs(self) -> bool:
        return self.computed is not None and self.computed != self.stated

    @property
    def difference(self) -> Decimal | None:
        """Computed minus stated: positive when the lines add up to more than the document says."""
        return None if self.computed is None else self.computed - self.stated

    @property
    def gap(self) -> Decimal | None:
        """How far apart the lines and the stated figure are, whichever is larger (say "less" or "more")."""
        return None if self.difference is None else abs(self.difference)


def sum_lines(amounts: Iterable[Decimal | None]) -> tuple[Decimal | None, int]:
    """Sum of the stated line amounts and how many there were; None when no line has an amount."""
    total = Decimal(0)
    counted = 0
    for amount in amounts:
        if amount is None:
            continue
        total += Decimal(amount)
        counted += 1
    return (total if counted else None), counted


def check_total(
    subject: str, label: str, stated: Decimal, amounts: Iterable[Decimal | None], source: str = ""
) -> TotalCheck:
    computed, lines = sum_lines(amounts)
    return TotalCheck(subject, label, Decimal(stated), computed, lines, source)
