"""Sharing a sum between years or contributors without inventing a split. Plain Python, no Django.

One rule serves both: the parts a document states are kept; the rest of the whole goes to the one part it
leaves (derived: the whole less the stated parts) or, when it leaves several, to all of them together,
marked "not split in the documents". So the shares always add up to the whole, each pound once, and no
figure appears that a document does not give or imply.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from core.periods import FinancialYear


class Basis(StrEnum):
    WHOLE = "whole"  # the only part: the whole itself
    STATED = "stated"  # as a document states it
    DERIVED = "derived"  # the whole less the stated parts, the one part the document leaves
    NOT_SPLIT = "not split"  # the whole less the stated parts, shared by several parts the document does not split
    UNPLACED = "unplaced"  # the stated parts cover every part yet fall short of (or exceed) the whole: a flag


BASIS_WORDS = {
    Basis.WHOLE: "",
    Basis.STATED: "as stated",
    Basis.DERIVED: "derived: the whole less the stated parts",
    Basis.NOT_SPLIT: "not split in the documents",
    Basis.UNPLACED: "flag: the stated parts do not add up to the whole",
}


@dataclass(frozen=True)
class Share:
    keys: tuple  # the part (a year, a contributor) or, when not split, the parts this amount belongs to together
    amount: Decimal | None
    basis: Basis

    @property
    def words(self) -> str:
        return BASIS_WORDS[self.basis]


def share_out(
    whole: Decimal | None, keys: Sequence[Hashable], stated: Mapping[Hashable, Decimal | None]
) -> list[Share]:
    """``whole`` shared between ``keys`` (in order), given the parts ``stated`` (key → amount, None: named with
    no amount). Stated parts come first, in ``keys`` order; then the rest, if any."""
    given = {k: Decimal(v) for k, v in stated.items() if v is not None}
    shares = [Share((k,), given[k], Basis.STATED) for k in keys if k in given]
    left = tuple(k for k in keys if k not in given)
    if len(keys) == 1 and not given:
        return [Share(tuple(keys), None if whole is None else Decimal(whole), Basis.WHOLE)]
    rest = None if whole is None else Decimal(whole) - sum(given.values(), Decimal(0))
    if not left:
        if rest:
            shares.append(Share((), rest, Basis.UNPLACED))
        return shares
    if len(left) == 1:
        shares.append(Share(left, rest, Basis.DERIVED))
    else:
        shares.append(Share(left, rest, Basis.NOT_SPLIT))
    return shares


def years_between(start: date, end: date) -> tuple[FinancialYear, ...]:
    """The financial years a period from ``start`` to ``end`` touches, in order."""
    first, last = FinancialYear.containing(start), FinancialYear.containing(end)
    return tuple(FinancialYear(y) for y in range(first.start_year, last.start_year + 1))


def years_label(years: Iterable[FinancialYear]) -> str:
    """'2012/13', or '2011/12 to 2012/13' for money the documents do not split between the years."""
    years = sorted(years, key=lambda y: y.start_year)
    if not years:
        return "No year"
    if len(years) == 1:
        return years[0].label
    return f"{years[0].label} to {years[-1].label}"


def part_period_problem(*, part, whole, whole_is_a_part: bool = False, is_self: bool = False) -> str | None:
    """Why a grant cannot be the one-year part of ``whole`` (None if it can). Periods are (start, end) dates.

    The one rule for "the part of a grant that falls in one year", for admin and every other write path.
    """
    if whole is None:
        return None
    if is_self:
        return "A grant cannot be a part of itself"
    if whole_is_a_part:
        return "The whole grant is itself a part of another grant: name the whole"
    (start, end), (whole_start, whole_end) = part, whole
    if start < whole_start or end > whole_end:
        return "A year's part must lie within the whole grant's period"
    if (start, end) == (whole_start, whole_end):
        return "A part covering the whole grant's period is the grant itself"
    if FinancialYear.containing(start) != FinancialYear.containing(end):
        return "A year's part must fall within one financial year"
    return None


def part_line_problem(*, found: bool, amount, whole_amount, whole_title: str) -> str | None:
    """Why a line of a year's part cannot stand (None if it can): it is the year's part of the whole's line
    with the same label, so that line must exist and be no smaller."""
    if not found:
        return f"{whole_title} has no line with this label: a year's part is the part of one of the whole's lines"
    if amount is not None and whole_amount is not None and Decimal(amount) > Decimal(whole_amount):
        return f"A year's part cannot be more than the whole line's £{Decimal(whole_amount):,}"
    return None
