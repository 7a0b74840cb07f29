"""Writing an import's rows in batches, at database speed, with the same errors as row-by-row saves.

``BatchWriteMixin`` goes before ``NaturalKeyResource`` in a resource's bases. Every row is still read,
converted and validated on its own (``full_clean`` and the table's rules), but the rows to write are
collected and written ``write_batch_size`` at a time with simple-history's ``bulk_create_with_history``
and ``bulk_update_with_history``, so each change still has its history row, user and reason.

A batch is written inside its own savepoint. If the database refuses it (a constraint), the batch is
rolled back to that savepoint and written again one row at a time, each in its own savepoint, so the
refused rows get the same line number and words as before (``constraint_error``). Any refused row
fails the whole import, which is rolled back as one transaction (``import_data``): all or nothing.

Not for a table whose rows can refer to rows earlier in the same file (allocations' ``parent``): a row
in an unwritten batch cannot be found yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pagecache import versions


@dataclass
class _Pending:
    number: int
    row: dict
    result: RowResult | None = None


class BatchWriteMixin:
    write_batch_size = 1000

    def import_data(self, dataset, **kwargs):
        self._pending = {}
        self._last_pending = None
        self._wrote_in_bulk = False
        result = super().import_data(dataset, **kwargs)
        result.invalid_rows.sort(key=lambda row: row.number)  # rows refused in a batch are found after later lines
        return result

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._wrote_in_bulk:
            # Bulk writes send no signals. Once, last, inside the import's transaction: the version's row is
            # locked from here to the commit only, not for the whole import.
            versions.bump()

    def prepare_write(self, instance) -> None:
        """What the model's ``save()`` does before writing, as bulk writes skip it (e.g. derived values)."""

    def save_instance(self, instance, is_create, row, **kwargs):
        self.prepare_write(instance)
        super().save_instance(instance, is_create, row, **kwargs)  # use_bulk: queued, not written
        self._last_pending = self._pending[id(instance)] = _Pending(kwargs.get("row_number", 0), row)

    def import_row(self, row, instance_loader, **kwargs):
        self._last_pending = None
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self._last_pending is not None:
            self._last_pending.result = row_result
        self._last_pending = None
        return row_result

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(self.create_instances, is_create=True, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._write_batch(self.update_instances, is_create=False, result=result)

    def _write_batch(self, instances, *, is_create, result):
        batch = list(instances)
        instances.clear()
        if not batch:
            return
        using = self.get_db_connection_name()
        try:
            with transaction.atomic(using=using):
                self._bulk_write(batch, is_create)
        except DatabaseError:
            for instance in batch:  # find the refused rows, in the words a row-by-row save gives
                if is_create:
                    instance.pk = None
                    instance._state.adding = True
                try:
                    with transaction.atomic(using=using):
                        self.do_instance_save(instance, is_create)
                except ValidationError as exc:
                    self._refuse(instance, exc, result)
        for instance in batch:
            self._pending.pop(id(instance), None)

    def _bulk_write(self, batch, is_create):
        model = self._meta.model
        if is_create:
            bulk_create_with_history(batch, model, batch_size=self.write_batch_size)
            self._wrote_in_bulk = True
            return
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        for instance in batch:
            for field in fields:
                if getattr(field, "auto_now", False):
                    setattr(instance, field.attname, field.pre_save(instance, False))
        bulk_update_with_history(batch, model, [f.name for f in fields], batch_size=self.write_batch_size)
        self._wrote_in_bulk = True

    def _refuse(self, instance, error: ValidationError, result):
        pending = self._pending.get(id(instance))
        if pending is None or result is None:
            raise error
        row_result = pending.result
        if row_result is not None:
            result.totals[row_result.import_type] -= 1
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = error
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
        result.append_invalid_row(pending.number, pending.row, error)
