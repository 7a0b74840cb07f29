"""Enumerations whose members carry the words a page shows. Plain Python, no Django."""

from __future__ import annotations

import enum


class Labelled(enum.StrEnum):
    """A StrEnum written ``NAME = "value", "Label"``: the member is the value string, ``.label`` its words.

    ``NAME = "not_due"`` alone is labelled "Not due" (the value, spaced and capitalised).
    """

    label: str

    def __new__(cls, value: str, label: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value.replace("_", " ").capitalize()
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]
