"""Natural keys, declared once per model: fixtures and imports name rows as the documents do (``["NI 20"]``).

A model lists its key as lookups, ``NATURAL_KEY = ("grant__title", "label")``; ``natural_key()`` reads them
off the row and ``NaturalKeyManager.get_by_natural_key`` filters by them, so the two can never disagree.
A financial year stands in a key as its first calendar year (``2009`` for 2009/10), as the fixtures write it.
Pages name a record by its slug instead (``/areas/blaby/``), made from its name once (``Slugged``).
"""

from django.db import models
from django.utils.text import slugify

from core.periods import FinancialYear


def _value(row, lookup: str):
    for name in lookup.split("__"):
        if row is None:
            return None
        row = getattr(row, name)
    return row.start_year if isinstance(row, FinancialYear) else row


class NaturalKeyManager(models.Manager):
    """Finds a row by the values of its model's ``NATURAL_KEY`` lookups, in order."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.NATURAL_KEY, key, strict=True)))


class NaturalKeyMixin:
    """Gives a model ``natural_key()`` from its ``NATURAL_KEY`` lookups.

    ``NATURAL_KEY_DEPENDENCIES`` names the models a key reaches into (``dumpdata`` serialises them first).
    """

    NATURAL_KEY: tuple[str, ...] = ()
    NATURAL_KEY_DEPENDENCIES: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)

        # Each model its own function: Django reads ``Model.natural_key.dependencies``.
        def natural_key(self):
            return tuple(_value(self, lookup) for lookup in type(self).NATURAL_KEY)

        natural_key.dependencies = list(cls.NATURAL_KEY_DEPENDENCIES)
        cls.natural_key = natural_key


class KeyedRecord(NaturalKeyMixin, models.Model):
    """A record fixtures and imports name by its ``NATURAL_KEY``: ``natural_key()`` and the manager that reads it.

    The two come together so that no model can give a key that ``loaddata`` cannot find. A model with a
    queryset of its own keeps the manager: ``objects = NaturalKeyManager.from_queryset(ItsQuerySet)()``.
    """

    objects = NaturalKeyManager()

    class Meta:
        abstract = True


class NamedRecord(KeyedRecord):
    """A record known by its unique name: the documents name it so, fixtures key it so, lists order it so.

    Each model declares its own ``name`` field (lengths differ).
    """

    NATURAL_KEY = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Slugged:
    """Makes a record's ``slug`` from its name when it has none, cut to the slug field's length.

    Made once, on the first save: renaming a record keeps its addresses. ``slug_text()`` says what the slug is
    made from, the record's ``name`` unless the model says otherwise.
    """

    def slug_text(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.slug_text())[: self._meta.get_field("slug").max_length]
        super().save(*args, **kwargs)
