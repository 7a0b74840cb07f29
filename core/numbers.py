"""Reading typed numbers and money. Plain Python, no Django.

- ``parse_number`` accepts what people type (``1,234``, ``1 234``, `` 12.5 ``,
  ``12.5%``, ``£1,200``) and rejects what is not a plain figure (``NaN``, ``inf``,
  ``1e400``, words, ``12 5``). An empty input is *not reported* (``None``), never
  zero. It is the one number reader: return forms, spend (``parse_money``), the
  formula what-if and the bulk import all use it.
- ``parse_money`` reads pounds and pence with it, so it accepts ``£1,200`` and
  ``1,234.50`` and refuses ``NaN``, ``1e400``, words and negative amounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Measurement columns: max_digits=14, decimal_places=4.
MAX_DECIMAL_PLACES = 4
MAX_ABS = Decimal("10000000000")  # 10 integer digits

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Thousands separated by commas or by spaces (one kind per number): 1,234 or 12 345 678.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?P<sep>[, ])\d{3}((?P=sep)\d{3})*(\.\d*)?$")
# Any run of whitespace, the no-break, narrow no-break and thin spaces that word processors put in numbers included.
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Parsed:
    value: Decimal | None = None
    error: str | None = None
    had_percent_sign: bool = False

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.error is None


def parse_number(text: str | None, *, label: str = "The figure") -> Parsed:
    """Read one typed figure. Empty means not reported (``value`` None, no error).

    Spaces are read only as thousands separators (``1 234``); a space anywhere else
    (``12 5``) is an error, never silently removed.
    """
    if text is None:
        return Parsed()
    cleaned = _SPACES.sub(" ", str(text)).strip()
    if not cleaned:
        return Parsed()
    had_percent = cleaned.endswith("%")
    if had_percent:
        cleaned = cleaned[:-1].rstrip()
    sign = ""
    if cleaned[:1] in ("+", "-"):
        sign, cleaned = cleaned[0], cleaned[1:].lstrip()
    if cleaned.startswith("£"):
        cleaned = cleaned[1:].lstrip()
    cleaned = sign + cleaned
    if not (_PLAIN.match(cleaned) or _GROUPED.match(cleaned)):
        unspaced = cleaned.replace(" ", "")
        spaced_number = " " in cleaned and (_PLAIN.match(unspaced) or _GROUPED.match(unspaced))
        hint = " (a space may only separate thousands, as in 1 234)" if spaced_number else ""
        return Parsed(error=f"{label} must be a number, like 1,234 or 12.5{hint}", had_percent_sign=had_percent)
    try:
        value = Decimal(cleaned.replace(",", "").replace(" ", ""))
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        return Parsed(error=f"{label} must be a number, like 1,234 or 12.5")
    if abs(value) >= MAX_ABS:
        return Parsed(error=f"{label} must be less than 10,000,000,000")
    if value.as_tuple().exponent < -MAX_DECIMAL_PLACES:
        return Parsed(error=f"{label} must have no more than {MAX_DECIMAL_PLACES} decimal places")
    return Parsed(value=value, had_percent_sign=had_percent)


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
