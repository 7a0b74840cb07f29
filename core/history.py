"""What changed between consecutive django-simple-history records, in words: the one diff every history panel uses.

Plain Python over the history records a selector has already fetched (ordered by
object, then time), so the panel costs the selector's one query per table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    old: str
    new: str


def shown(value) -> str:
    """A stored value as the history panel shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def author(record, *, nobody: str = "system") -> str:
    """Who made a history record: their name, else their user name; ``nobody`` for a change no one signed in made."""
    user = record.history_user
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()


def history_changes(
    records: Iterable,
    fields: Mapping[str, str],
    name_of: Callable[[object], str],
    *,
    choices: Mapping[str, Mapping] | None = None,
    nobody: str = "system",
    show_removals: bool = False,
    after: int | None = None,
) -> list[Change]:
    """Each field that changed between consecutive records of one object, newest first.

    ``fields`` maps a field name to its words; ``name_of(record)`` names the object;
    ``choices`` gives the words of coded values. A first record lists only the fields it
    filled. ``show_removals``: a deletion is listed as its fields becoming "removed".
    ``after``: only records newer than that history id (what others changed meanwhile).
    """
    changes, previous = [], {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if (after is not None and record.history_id <= after) or (record.history_type == "-" and not show_removals):
            continue
        removed = record.history_type == "-"
        for name, label in fields.items():
            old = getattr(before, name) if before is not None else None
            new = getattr(record, name)
            if removed:
                if old in (None, "", False):
                    continue  # a removal lists what the row held
            elif (before is not None and old == new) or (before is None and new in (None, "", False)):
                continue
            words = (choices or {}).get(name, {})
            changes.append(
                Change(
                    when=record.history_date,
                    who=author(record, nobody=nobody),
                    what=f"{name_of(record)} {label}",
                    old=words.get(old, shown(old)),
                    new="removed" if removed else words.get(new, shown(new)),
                )
            )
    return sorted(changes, key=lambda change: change.when, reverse=True)
