"""Writing a batch of an import's rows with PostgreSQL's COPY, which reads rows far faster than INSERT or UPDATE.

``copy_rows`` writes new rows straight into the table, their ids drawn from the table's own sequence first (as
``bulk_create`` returns them); changed rows go into a temporary table first and are then written by one ``UPDATE
… FROM`` it. Either way the lines written are handed back, so their history rows can be copied from the very
same text (``batches.record_history``). Nothing here is Django-version specific beyond ``Field``'s own
``pre_save`` and ``get_db_prep_save``, which give each value as a save would.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from django.db.models import AutoField, DateField, Field

from core.pgcopy import copy_text


@dataclass
class CopiedRows:
    """The rows ``copy_rows`` wrote, as COPY read them: each row's line by its id, its columns' attnames."""

    attnames: list[str]
    lines: dict[int, str]


def copy_rows(model, instances, connection, encoded: dict, *, is_create: bool) -> CopiedRows | None:
    """Write ``instances`` (all new, or all existing) with COPY; None, with nothing written, where it cannot.

    ``auto_now`` stamps are taken once for the batch. ``encoded`` keeps each distinct value's text between
    batches (a file repeats its indicators, areas, years and figures). A row the database refuses raises
    Django's ``IntegrityError`` (or another ``DatabaseError``), as an INSERT or UPDATE would.
    """
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated]
    if not isinstance(meta.pk, AutoField) or fields[0] is not meta.pk:
        return None  # ids not drawn from the table's sequence, or not in the first column
    if any((instance.pk is None) != is_create for instance in instances):
        return None
    if any(type(field).pre_save is not Field.pre_save and not isinstance(field, DateField) for field in fields):
        return None  # a field that works its value out when saved: bulk_create asks it row by row
    try:
        texts = _copy_lines(fields, instances, connection, encoded, add=is_create)
    except TypeError:  # a value COPY's text is not written for (NotCopyable), or that cannot be a dictionary's key
        return None
    quote = connection.ops.quote_name
    table, columns = quote(meta.db_table), ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if is_create:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, meta.pk.column, len(instances)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        else:
            ids = [instance.pk for instance in instances]
        lines = {pk: f"{pk}\t{text}" for pk, text in zip(ids, texts, strict=True)}
        data = StringIO("".join(f"{line}\n" for line in lines.values()))
        with connection.wrap_database_errors:
            if is_create:
                cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", data)
            else:
                _copy_update(cursor, meta, quote, fields, data)
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias
    return CopiedRows([field.attname for field in fields], lines)


def _copy_update(cursor, meta, quote, fields, data) -> None:
    """The rows into a temporary table shaped like the real one (dropped at commit), then one UPDATE from it."""
    table, staged, key = quote(meta.db_table), quote(f"import_{meta.db_table}"), quote(meta.pk.column)
    cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staged} (LIKE {table}) ON COMMIT DROP")
    cursor.execute(f"TRUNCATE {staged}")
    columns = [quote(field.column) for field in fields]
    cursor.cursor.copy_expert(f"COPY {staged} ({', '.join(columns)}) FROM STDIN", data)
    changes = ", ".join(f"{column} = staged.{column}" for column in columns[1:])
    cursor.execute(f"UPDATE {table} SET {changes} FROM {staged} AS staged WHERE {table}.{key} = staged.{key}")


def _copy_lines(fields, instances, connection, encoded: dict, *, add: bool) -> list[str]:
    """Each row's values after its id, tab-separated, as COPY reads them; the id comes first in ``fields``."""
    for field in fields:
        if isinstance(field, DateField) and (field.auto_now or field.auto_now_add and add):
            stamp = field.pre_save(instances[0], add=add)
            for instance in instances:
                setattr(instance, field.attname, stamp)
    columns = [(field, field.attname, encoded.setdefault(field.attname, {})) for field in fields[1:]]
    texts = []
    for instance in instances:
        cells = []
        for field, attname, known in columns:
            value = getattr(instance, attname)
            key = (type(value), value)
            text = known.get(key)
            if text is None:
                text = known[key] = copy_text(field.get_db_prep_save(value, connection))
            cells.append(text)
        texts.append("\t".join(cells))
    return texts
