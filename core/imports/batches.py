"""Writing an import's rows in batches, at database speed, with the same errors as row-by-row saves.

``BatchWriteMixin`` goes before ``NaturalKeyResource`` in a resource's bases. Every row is still read,
converted and validated on its own (``full_clean`` and the table's rules), but the rows to write are
collected and written ``write_batch_size`` at a time, on PostgreSQL with COPY (``core.imports.copyrows``),
elsewhere with ``bulk_create`` and ``bulk_update``; each change still has its history row, user and reason
(``record_history``).

A batch is written inside its own savepoint. If the database refuses it (a constraint), the batch is
rolled back to that savepoint and written again one row at a time, each in its own savepoint, so the
refused rows get the same line number and words as before (``constraint_error``). Any refused row
fails the whole import, which is rolled back as one transaction (``import_data``): all or nothing.

Not for a table whose rows can refer to rows earlier in the same file (allocations' ``parent``): a row
in an unwritten batch cannot be found yet.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Value
from django.db.models.base import ModelState
from django.db.models.expressions import DatabaseDefault
from django.db.models.signals import post_init, pre_init
from django.utils import timezone
from import_export.results import RowResult
from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

from core.imports.copyrows import CopiedRows, copy_rows
from core.imports.files import UncomputedFormula
from core.pgcopy import NotCopyable, copy_text
from pagecache import versions


def record_history(model, instances, *, history_type: str, copied: CopiedRows | None = None) -> None:
    """The history rows simple-history's ``bulk_history_create`` would write, copied by the database.

    One ``INSERT … SELECT`` per user and reason (an import has one of each) copies the rows just written,
    as the database now holds them, instead of building a historical instance per row in Python. Rows
    written by COPY (``copied``) have their history written by COPY too, from the same lines.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not instances:
        return
    manager = get_history_manager_for_model(model)
    history = manager.model
    tracked = [field.attname for field in history.tracked_fields]
    columns = [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"]
    if {field.attname for field in history._meta.concrete_fields} != {*columns, history._meta.pk.attname}:
        # A history table with more columns than these (custom fields, a relation): simple-history's own way.
        manager.bulk_history_create(instances, update=history_type == "~", default_change_reason=None)
        return
    when = timezone.now()
    groups: dict[tuple, list] = {}
    for instance in instances:
        user = getattr(instance, "_history_user", None) or history.get_default_history_user(instance)
        reason = get_change_reason_from_object(instance) or None
        groups.setdefault((getattr(user, "pk", None), reason), []).append(instance.pk)
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    table = f"{quote(history._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    with connection.cursor() as cursor:
        for (user_id, reason), ids in groups.items():
            after = _history_columns(when, user_id, reason, history_type) if copied is not None else None
            if after is not None and copied.attnames == tracked:
                lines = "".join(f"{copied.lines[pk]}\t{after}\n" for pk in ids)
                with connection.wrap_database_errors:
                    cursor.cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(lines))
                continue
            rows = (
                model._base_manager.using(connection.alias)
                .filter(pk__in=ids)
                .order_by("pk")
                .annotate(
                    _when=Value(when),
                    _user=Value(user_id, output_field=history._meta.get_field("history_user").target_field),
                    _reason=Value(reason, output_field=history._meta.get_field("history_change_reason")),
                    _type=Value(history_type),
                )
                .values_list(*tracked, "_when", "_user", "_reason", "_type")
            )
            select, params = rows.query.sql_with_params()
            cursor.execute(f"INSERT INTO {table} {select}", params)


def _history_columns(when, user_id, reason, history_type) -> str | None:
    """The history's own columns of a COPY line, or None for a user key COPY's text is not written for here."""
    try:
        return "\t".join([when.isoformat(), copy_text(user_id), copy_text(reason), history_type])
    except NotCopyable:
        return None


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector off while a file is read: each pass walks every row read so far again, which
    took a quarter of a 50,000-row import's CPU time. Rows make next to no cycles; it runs as usual after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _attname(model, attribute: str) -> str:
    try:
        return model._meta.get_field(attribute).attname
    except FieldDoesNotExist:
        return attribute


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
        self._import_fields = None
        self._import_fields = self.get_import_fields()  # asked for four times a row otherwise
        self._attnames = [_attname(self._meta.model, field.attribute) for field in self._import_fields]
        self._cells = {}
        self._copy_cells = {}
        self._checks = {}
        try:
            with _collector_paused():
                result = super().import_data(dataset, **kwargs)
        finally:
            self._import_fields = None
        result.invalid_rows.sort(key=lambda row: row.number)  # rows refused in a batch are found after later lines
        return result

    def get_import_fields(self):
        return getattr(self, "_import_fields", None) or super().get_import_fields()

    def read_row(self, row, instance_loader, **kwargs) -> RowResult:
        """import-export's ``import_row`` step for step, for the rows of a batched import, with the same hooks.

        It does not deep-copy every row's instance (with its indicator and area) to tell later whether the
        row changed, which cost more than everything else a row does: the fields' values before are enough.
        Deleting and many-to-many columns are not supported here (no batched resource has them).
        """
        if not self._meta.use_bulk:
            return super().read_row(row, instance_loader, **kwargs)
        row_result = self.get_row_result_class()()
        try:
            self.before_import_row(row, **kwargs)
            instance, new = self.get_or_init_instance(instance_loader, row)
            self.after_init_instance(instance, new, row, **kwargs)
            row_result.import_type = RowResult.IMPORT_TYPE_NEW if new else RowResult.IMPORT_TYPE_UPDATE
            diff = self.get_diff_class()(self, instance, new)  # reads the values before, as they are now
            before = self._values(instance)
            errors = {}
            try:
                self.import_instance(instance, row, **kwargs)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            if self._meta.skip_unchanged and not errors and self._values(instance) == before:
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            else:
                self.validate_instance(instance, errors)
                self.save_instance(instance, new, row, **kwargs)
            if getattr(diff, "shown", True):
                row_result.add_instance_info(instance)
            else:  # the preview shows no more rows: the row's text (``str()``, a few lookups) is not needed
                row_result.object_id = instance.pk
            diff.compare_with(self, instance)
            row_result.diff = diff.as_html()
            self.after_import_row(row, row_result, **kwargs)
        except ValidationError as exc:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = exc
        except Exception as exc:  # as import-export does: the row's error, reported against its line
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            row_result.errors.append(self.get_error_result_class()(exc, row=row, number=kwargs["row_number"]))
        return row_result

    def init_instance(self, row=None):
        """A new row as ``Model()`` makes it, its fields' defaults copied from one made once per file: ``Model()``
        sets each field through its descriptor, a tenth of a new row's CPU time."""
        blank = self._blank_values
        if blank is None:
            return super().init_instance(row)
        model = self._meta.model
        instance = model.__new__(model)
        instance.__dict__.update(blank)
        instance._state = ModelState()
        return instance

    @functools.cached_property
    def _blank_values(self) -> dict | None:
        """``Model()``'s attribute values, or None where copying them is not the same as making one: a default
        worked out per row (a callable, the database's), or a receiver of the model's init signals."""
        model = self._meta.model
        if pre_init.has_listeners(model) or post_init.has_listeners(model):
            return None
        for field in model._meta.concrete_fields:
            if field.has_default() and callable(field.default) or field.has_db_default():
                return None
        values = vars(model()).copy()
        del values["_state"]
        return values

    def _values(self, instance) -> list:
        """What tells whether a row changed: its columns' values, foreign keys by id (as ``Model.__eq__`` does)."""
        return [getattr(instance, attname, None) for attname in self._attnames]

    def clean_instance(self, instance, *, exclude: set[str], validate_unique: bool) -> None:
        """``full_clean``'s steps, each field's own check (``Field.clean``: type, choices, length, digits) made
        once per distinct value of the file rather than once per row: a large file repeats its values.

        Foreign keys are still checked row by row (their check reads the database), as is the model's ``clean``.
        """
        if not self._meta.use_bulk:
            return super().clean_instance(instance, exclude=exclude, validate_unique=validate_unique)
        errors = {}
        for field in self._checked_fields:
            if field.name in exclude:
                continue
            value = getattr(instance, field.attname)
            if field.blank and value in field.empty_values or isinstance(value, DatabaseDefault):
                continue
            cleaned, problems = self._field_check(field, value, instance)
            if problems:
                errors[field.name] = list(problems)
            else:
                setattr(instance, field.attname, cleaned)
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if validate_unique:
            try:
                instance.validate_unique(exclude={*exclude, *(name for name in errors if name != NON_FIELD_ERRORS)})
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    @functools.cached_property
    def _checked_fields(self) -> list:
        return [field for field in self._meta.model._meta.fields if not field.generated]

    def _field_check(self, field, value, instance) -> tuple:
        """``Field.clean``'s value and its errors (a tuple, or None), kept by value unless it reads the database."""
        key = None
        if not field.is_relation:
            # By type and text as well: Decimal("1.0") == Decimal("1.00000"), but only one has four places.
            key = (field.attname, type(value), value, value if type(value) is str else str(value))
            try:
                return self._checks[key]
            except KeyError:
                pass
            except TypeError:  # a value that cannot be a key
                key = None
        try:
            outcome = (field.clean(value, instance), None)
        except ValidationError as exc:
            outcome = (None, tuple(exc.error_list))
        if key is not None:
            self._checks[key] = outcome
        return outcome

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        checks_unique = validate_unique and self._checks_unique
        return super().validate_instance(instance, import_validation_errors, validate_unique=checks_unique)

    @functools.cached_property
    def _checks_unique(self) -> bool:
        """Whether ``full_clean``'s unique checks can find anything: not when the primary key is the only unique
        field, as Django skips it for a new row (no key yet) and for an existing one (its own key)."""
        model = self._meta.model
        unique_checks, date_checks = model()._get_unique_checks()
        return bool(date_checks) or any(fields != (model._meta.pk.name,) for _model, fields in unique_checks)

    def get_instance(self, instance_loader, row):
        """The existing row the line's key columns name, each key value read once per file (``clean_cell``)."""
        if not self._meta.use_bulk or not hasattr(instance_loader, "find"):
            return super().get_instance(instance_loader, row)
        fields = self._key_fields
        if any(field.column_name not in row for field in fields):
            return None
        try:
            return instance_loader.find([self.clean_cell(field, row) for field in fields])
        except ValueError:
            return None  # a key column does not convert: set_fields reports it against its column

    @functools.cached_property
    def _key_fields(self) -> list:
        return [self.fields[name] for name in self.get_import_id_fields()]

    def set_fields(self, instance, row, **kwargs):
        """import-export's ``import_instance`` (the same values, the same errors) through ``clean_cell``."""
        if not self._meta.use_bulk:
            return super().set_fields(instance, row, **kwargs)
        errors = {}
        for field in self.get_import_fields():
            if field.readonly or not field.attribute or field.column_name not in row:
                continue
            try:
                value = self.clean_cell(field, row)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(str(exc), code="invalid")
                continue
            if value is not None or field.saves_null_values:
                setattr(instance, field.attribute, value)
        if errors:
            raise ValidationError(errors)
        return None

    def clean_cell(self, field, row):
        """A cell's value as the column reads it (``Field.clean``), worked out once per file for each distinct
        value of a column whose widget reads by value alone: a large file repeats its indicators, areas and years.
        """
        cell = row[field.column_name]
        if isinstance(cell, UncomputedFormula):
            raise ValueError(cell.message)
        if not getattr(field.widget, "cleans_by_value", False):
            return field.clean(row)
        key = (field.column_name, type(cell), cell)  # by type too: True == 1, but they read differently
        if key not in self._cells:
            try:
                self._cells[key] = (field.clean(row), None)
            except ValueError as exc:
                self._cells[key] = (None, str(exc))
        value, problem = self._cells[key]
        if problem is not None:
            raise ValueError(problem)
        return value

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
        connection = connections[self.get_db_connection_name()]
        copied = None
        if connection.vendor == "postgresql":
            copied = copy_rows(model, batch, connection, self._copy_cells, is_create=is_create)
        if copied is None and is_create:
            model._default_manager.bulk_create(batch, batch_size=self.write_batch_size)
        elif copied is None:
            fields = [f for f in model._meta.concrete_fields if not f.primary_key]
            for instance in batch:
                for field in fields:
                    if getattr(field, "auto_now", False):
                        setattr(instance, field.attname, field.pre_save(instance, False))
            model._default_manager.bulk_update(batch, [f.name for f in fields], batch_size=self.write_batch_size)
        record_history(model, batch, history_type="+" if is_create else "~", copied=copied)
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
