"""Financial years and quarters: the periods UK public bodies report in.

A financial year runs 1 April to 31 March and is written ``2009/10``. Its
quarters are Q1 April–June, Q2 July–September, Q3 October–December and
Q4 January–March. Plain Python, no Django: parsing, ordering and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import total_ordering

_YEAR = r"(?P<start>\d{4})\s*[/\-–]\s*(?P<end>\d{2}|\d{4})"
_YEAR_RE = re.compile(rf"^\s*(?:FY\s*)?{_YEAR}\s*$", re.IGNORECASE)
_SLUG_RE = re.compile(r"^(?P<start>\d{4})-(?P<end>\d{2})-q(?P<quarter>[1-4])$")
_QUARTER_RE = re.compile(rf"^\s*(?:FY\s*)?{_YEAR}\s*[,:]?\s*Q(?P<quarter>[1-4])\s*$", re.IGNORECASE)

FIRST_YEAR = 1990
LAST_YEAR = 2100

# The quarter number as stored (1–4) and as shown ("Q3"), for every model field that holds one.
QUARTER_CHOICES = [(n, f"Q{n}") for n in range(1, 5)]
QUARTER_MONTHS = {1: "April–June", 2: "July–September", 3: "October–December", 4: "January–March"}


class PeriodError(ValueError):
    """Text that is not a financial year or quarter."""


def _parse_start(start: str, end: str, text: str) -> int:
    first = int(start)
    expected_end = (first + 1) % 100 if len(end) == 2 else first + 1
    if int(end) != expected_end:
        raise PeriodError(
            f"{text.strip()!r} is not a financial year: the second year must follow the first "
            f"(expected {first}/{str(first + 1)[-2:]})"
        )
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise PeriodError(f"{text.strip()!r} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return first


def _match(pattern, text, what: str, example: str):
    """The pattern's match on ``text``, or a PeriodError that shows how to write ``what``."""
    if not isinstance(text, str):
        raise PeriodError(f"Expected text such as '{example}', got {text!r}")
    match = pattern.match(text)
    if not match:
        raise PeriodError(f"{text.strip()!r} is not {what}: write it as {example}")
    return match


@total_ordering
@dataclass(frozen=True, slots=True)
class FinancialYear:
    """The financial year starting on 1 April of ``start_year``."""

    start_year: int

    def __post_init__(self):
        if not isinstance(self.start_year, int) or isinstance(self.start_year, bool):
            raise PeriodError(f"A financial year needs a whole start year, not {self.start_year!r}")
        if not FIRST_YEAR <= self.start_year <= LAST_YEAR:
            raise PeriodError(f"{self.start_year} is outside {FIRST_YEAR}–{LAST_YEAR}")

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Parse ``2009/10`` (also ``2009-10``, ``2009/2010``)."""
        match = _match(_YEAR_RE, text, "a financial year", "2009/10")
        return cls(_parse_start(match["start"], match["end"], text))

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    def quarter(self, number: int) -> Quarter:
        return Quarter(self, number)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self, n) for n in range(1, 5))

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __lt__(self, other: FinancialYear) -> bool:
        if not isinstance(other, FinancialYear):
            return NotImplemented
        return self.start_year < other.start_year

    def __str__(self) -> str:
        return self.label


@total_ordering
@dataclass(frozen=True, slots=True)
class Quarter:
    """Quarter ``number`` (1–4) of financial ``year``."""

    year: FinancialYear
    number: int

    def __post_init__(self):
        if isinstance(self.year, int) and not isinstance(self.year, bool):
            object.__setattr__(self, "year", FinancialYear(self.year))  # Quarter(2009, 3) is 2009/10 Q3
        if not isinstance(self.year, FinancialYear):
            raise PeriodError(f"A quarter needs a financial year, not {self.year!r}")
        if self.number not in (1, 2, 3, 4):
            raise PeriodError(f"A quarter is Q1–Q4, not Q{self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse ``2009/10 Q3``."""
        match = _match(_QUARTER_RE, text, "a quarter", "2009/10 Q3")
        start = _parse_start(match["start"], match["end"], text)
        return cls(FinancialYear(start), int(match["quarter"]))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        year = FinancialYear.containing(day)
        months_in = (day.month - 4) % 12
        return cls(year, months_in // 3 + 1)

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year.start_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        following = self.next().start
        return date.fromordinal(following.toordinal() - 1)

    @property
    def year_to_date_start(self) -> date:
        """A Q3 report covers April–December: the year to date starts in April."""
        return self.year.start

    @property
    def label(self) -> str:
        return f"{self.year.label} Q{self.number}"

    @property
    def months(self) -> str:
        return QUARTER_MONTHS[self.number]

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year.next(), 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year.previous(), 4)
        return Quarter(self.year, self.number - 1)

    def same_quarter_last_year(self) -> Quarter:
        return Quarter(self.year.previous(), self.number)

    def __lt__(self, other: Quarter) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> FinancialYear | Quarter:
    """A financial year or a quarter, whichever the text is."""
    if isinstance(text, str) and "q" in text.lower():
        return Quarter.parse(text)
    return FinancialYear.parse(text)


def quarter_slug(quarter: Quarter) -> str:
    """``2010-11-q3``: a quarter as it appears in URLs."""
    return f"{quarter.year.start_year}-{str(quarter.year.start_year + 1)[-2:]}-q{quarter.number}"


def quarter_from_slug(slug: str) -> Quarter:
    """The quarter a URL names (``2010-11-q3``); ``PeriodError`` when it names none."""
    match = _SLUG_RE.match(slug or "")
    if not match:
        raise PeriodError(f"{slug!r} is not a quarter, written like 2010-11-q3")
    year = FinancialYear(int(match["start"]))
    if str(year.start_year + 1)[-2:] != match["end"]:
        raise PeriodError(f"{slug!r} is not a quarter, written like 2010-11-q3")
    return Quarter(year, int(match["quarter"]))
