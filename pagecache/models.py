"""The data version: one row whose number every write to page data moves on, in the write's own transaction.

It lives in its own small app beneath every other (like ``jobs``), because every layer writes page data:
``core`` (imports, seeding), ``partnerships``, ``indicators``, ``returns`` and ``funding``. ``core`` has no
models by design, and putting it in ``partnerships`` would leave ``core``'s bulk imports unable to bump it.
"""

from django.db import models


class DataVersion(models.Model):
    number = models.BigIntegerField(default=0)
    # Made afresh when the row is (re)created, e.g. after `flush`: a cache that outlives the database (Redis)
    # then never serves pages computed from the old data under a number the new data reaches again.
    generation = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.generation}:{self.number}"
