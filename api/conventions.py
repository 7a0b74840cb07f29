"""How the API writes values: periods as a label with their dates, decimals as text, ISO 8601 dates.

One function per kind of value, so every resource (and its CSV) writes a quarter or a sum of money the same way.
"""

import functools
from decimal import Decimal

from core.periods import FIRST_YEAR, LAST_YEAR, FinancialYear, Quarter


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as plain text without float drift or trailing zeros: Decimal('5.4000') -> '5.4'."""
    if value is None:
        return None
    text = f"{Decimal(value).normalize():f}"
    return "0" if text in ("-0", "0") else text


def period(year: FinancialYear | None, quarter: int | None = None) -> dict | None:
    """A financial year or one of its quarters: the label people write, and the dates it covers.

    The same few periods recur on every row, so each is built once (callers must not change the dict).
    """
    if year is None:
        return None
    return _period(year, quarter)


@functools.lru_cache(maxsize=2048)
def _period(year: FinancialYear, quarter: int | None) -> dict:
    span = Quarter(year, quarter) if quarter else year
    return {
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "financial_year": year.label,
        "quarter": quarter,
    }


def _year_labels() -> str:
    return "|".join(FinancialYear(start).label for start in range(FIRST_YEAR, LAST_YEAR + 1))


# A period parameter is exactly a label this API writes ("2009/10", "2009/10 Q3"), from the years the models
# hold: spelled out, so the OpenAPI document says precisely what is accepted (the second year must follow).
YEAR_PATTERN = rf"^(?:{_year_labels()})$"
QUARTER_PATTERN = rf"^(?:{_year_labels()}) Q[1-4]$"
PERIOD_PATTERN = rf"^(?:{_year_labels()})(?: Q[1-4])?$"
