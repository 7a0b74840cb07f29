"""Reading and moving on the data version (``DataVersion``).

Ordinary saves, deletes and many-to-many changes of every model of the data apps move it on through
signals, in the same transaction as the write; bulk writes that send no signals (``bulk_create``,
``bulk_update``, ``QuerySet.update``) call :func:`bump` themselves. A new model in a data app is covered
without any change here (tests/pagecache/test_versions.py writes to each one).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from uuid import uuid4

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache.models import DataVersion

# The apps whose tables the pages show. Their history tables follow their own models' writes.
DATA_APPS = frozenset({"partnerships", "indicators", "returns", "funding"})
ROW = 1
# Set inside ``bumped_once``: the block's writes leave the version to its end.
_one_bump = ContextVar("pagecache_one_bump", default=False)


def changes_page_data(model) -> bool:
    return model._meta.app_label in DATA_APPS and not model._meta.model_name.startswith("historical")


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the version on; inside the caller's transaction, so readers see the new data and number together."""
    if not DataVersion.objects.using(using).filter(pk=ROW).update(number=F("number") + 1):
        DataVersion.objects.using(using).get_or_create(pk=ROW, defaults={"generation": uuid4().hex, "number": 1})


def current(request=None) -> str:
    """The version as a cache key part, read once per request (kept on ``request``)."""
    if request is not None and (known := getattr(request, "_data_version", None)):
        return known
    row = DataVersion.objects.filter(pk=ROW).values_list("generation", "number").first()
    if row is None:
        row = (DataVersion.objects.get_or_create(pk=ROW, defaults={"generation": uuid4().hex})[0].generation, 0)
    version = f"{row[0]}:{row[1]}"
    if request is not None:
        request._data_version = version
    return version


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if changes_page_data(sender) and not _one_bump.get():
        bump(using)


def _on_m2m(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and changes_page_data(sender) and not _one_bump.get():
        bump(using)


def _on_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # A data migration writes without signals; after `migrate` nothing computed before may be served.
    if sender.label == "pagecache":
        bump(using)


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="pagecache_save")
    post_delete.connect(_on_write, dispatch_uid="pagecache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache_m2m")
    post_migrate.connect(_on_migrate, dispatch_uid="pagecache_migrate")


@contextmanager
def bumped_once(using: str = DEFAULT_DB_ALIAS):
    """A bulk write (seeding, generated data): the block's writes move the version on once, when it ends
    without error, instead of once per row. Use it inside the block's transaction."""
    token = _one_bump.set(True)
    try:
        yield
    finally:
        _one_bump.reset(token)
    bump(using)
