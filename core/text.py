"""The one rule for free text. Plain Python, no Django."""

from __future__ import annotations

import re

# Commentary, notes and other free text: as long as the return form allows (the database checks it too).
COMMENTARY_MAX_LENGTH = 4000
# C0 control characters other than tab, line feed and carriage return, DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(text: str | None, *, label: str, max_length: int | None = COMMENTARY_MAX_LENGTH) -> str | None:
    """What is wrong with a piece of free text, in words, or None.

    Control characters are invisible, break exports and cannot be stored at all
    in PostgreSQL (NUL); over-long text is refused rather than cut.
    """
    if not text:
        return None
    control = _CONTROL.search(text)
    if control:
        return f"{label} contains a control character (U+{ord(control.group()):04X}) that cannot be stored: remove it"
    if max_length is not None and len(text) > max_length:
        return f"{label} must be {max_length:,} characters or fewer (it has {len(text):,})"
    return None
