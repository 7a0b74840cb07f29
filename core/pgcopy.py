"""PostgreSQL's COPY text format: how a value is written for ``COPY … FROM STDIN``, for every writer that uses it.

The values are the database adapter's (``Field.get_db_prep_save``): NULL is ``\\N``, booleans ``t``/``f``, numbers
and dates as PostgreSQL reads them, and text has the format's own characters (backslash, tab, new line, carriage
return) escaped, so a commentary with a tab in it is stored as typed.
"""

from __future__ import annotations

import datetime
import decimal

_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))  # the backslash first


class NotCopyable(TypeError):
    """A value this module does not write (a UUID, a duration, JSON): the caller writes its rows another way."""


def copy_text(value) -> str:
    """``value`` as one cell of a COPY text line."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        text = str.__str__(value)  # a choice's own text, whatever its enum says
        for special, escaped in _ESCAPES:
            text = text.replace(special, escaped)
        return text
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, decimal.Decimal | float):
        return str(value)
    if isinstance(value, datetime.date):  # and datetime, with its time and offset
        return value.isoformat()
    raise NotCopyable(f"COPY's text format is not written here for {type(value).__name__}")
