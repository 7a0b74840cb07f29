"""The database checks several models make, each rule written once (the names stay each model's own)."""

from django.db import models
from django.db.models import F, Q


def _or_missing(field: str, condition: Q, optional: bool) -> Q:
    # An optional figure may be missing; only a stated one is checked.
    return Q(**{f"{field}__isnull": True}) | condition if optional else condition


def quarter_1_to_4(name: str, *, optional: bool = False) -> models.CheckConstraint:
    """A quarter of the financial year is numbered 1 (April–June) to 4 (January–March)."""
    condition = _or_missing("quarter", Q(quarter__gte=1, quarter__lte=4), optional)
    return models.CheckConstraint(condition=condition, name=name)


def years_in_order(name: str) -> models.CheckConstraint:
    """A span of financial years ends no earlier than it starts."""
    return models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name=name)


def not_negative(field: str, name: str, *, optional: bool = False) -> models.CheckConstraint:
    """Money, weights and counts are never below nothing."""
    condition = _or_missing(field, Q(**{f"{field}__gte": 0}), optional)
    return models.CheckConstraint(condition=condition, name=name)


def unique_stated_or_not(
    optional: str, fields: list[str], *, name: str, name_without: str
) -> list[models.UniqueConstraint]:
    """One row per ``fields`` where the ``optional`` field among them is stated, and one per the rest where it is not.

    Two partial constraints, because NULLs are never equal: a plain one would let any number of rows without it in.
    """
    return [
        models.UniqueConstraint(fields=fields, name=name, condition=Q(**{f"{optional}__isnull": False})),
        models.UniqueConstraint(
            fields=[f for f in fields if f != optional],
            name=name_without,
            condition=Q(**{f"{optional}__isnull": True}),
        ),
    ]
