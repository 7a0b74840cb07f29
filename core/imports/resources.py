"""The natural-key import resource every app's resources build on (django-import-export).

- Columns use natural keys, never database ids, and rows are matched on them,
  so importing an export updates in place: an unchanged file imports as "no changes".
- Every row runs the model's own validation (``full_clean``) and is then
  written inside its own savepoint, in the preview too (which is rolled back),
  so the database's constraints run on it and anything the database refuses
  becomes a row error, with its line number, in the words of the resource's
  ``constraint_messages``.
- All or nothing: if any row fails, the whole file is rolled back.
- Rows are saved one by one, so django-simple-history records every change with
  the importing user; a large table's resource adds ``BatchWriteMixin``
  (``core.imports.batches``) to write them in batches with their history instead.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from import_export import resources
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff
from import_export.results import Error, RowResult

from core.imports.files import UncomputedFormula
from core.imports.widgets import NaturalKeyWidget

_CONSTRAINT_RE = re.compile(r"^Constraint “(?P<name>[^”]+)” is violated\.?$")


def explain_constraint(message: str, meanings: dict[str, str]) -> str:
    """Django's "Constraint “x” is violated." in words, keeping the constraint's name for reference."""
    match = _CONSTRAINT_RE.match(message)
    if match and match["name"] in meanings:
        return f"{meanings[match['name']]} ({match['name']})"
    return message


def constraint_error(exc: Exception, meanings: dict[str, str]) -> str:
    """A database refusal in words: the named constraint it broke, if the message names one."""
    message = str(exc)
    for name, meaning in meanings.items():
        if re.search(rf"\b{name}\b", message):
            return f"{meaning} ({name})"
    return f"The database refused this row: {message}"


def explained(error: ValidationError, meanings: dict[str, str]) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [explain_constraint(m, meanings) for m in messages]
                for field, messages in error.message_dict.items()
            }
        )
    return ValidationError([explain_constraint(m, meanings) for m in error.messages])


@functools.lru_cache(maxsize=16)
def _history_reason(given: str | None, file_name) -> str:
    """The history's reason for an imported change: the one given, or the file's name (worked out once per file)."""
    return (given or f"Imported from {Path(str(file_name or 'a file')).name}")[:100]


def _key_part(value):
    return getattr(value, "pk", value)


def _times(count: int) -> str:
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


class NaturalKeyInstanceLoader(ModelInstanceLoader):
    """Finds the existing rows a file names in one query, instead of one query per line.

    Loads every row whose key columns take values the file uses, and matches each
    line on the tuple of its keys (foreign keys by id). A row created earlier in the
    same file is not in the cache; ``import_instance`` reports such repeats anyway.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        model = resource._meta.model
        self.attnames = [model._meta.get_field(field.attribute).attname for field in self.key_fields]
        self.instances = {}
        headers = (dataset.headers or []) if dataset is not None else []
        if not all(field.column_name in headers for field in self.key_fields):
            return  # import-export reports the missing key column
        condition = Q()
        for field in self.key_fields:
            values = set()
            # Each value once (a large file repeats its keys); by type too, as True == 1 but they read differently.
            for _type, value in {(type(value), value) for value in dataset[field.column_name]}:
                try:
                    values.add(_key_part(field.clean({field.column_name: value})))
                except ValueError:
                    continue  # reported against its line
            within = Q(**{f"{field.attribute}__in": [v for v in values if v is not None]})
            if None in values:
                within |= Q(**{f"{field.attribute}__isnull": True})
            condition &= within
        for instance in self.get_queryset().filter(condition):
            self.instances[tuple(getattr(instance, attname) for attname in self.attnames)] = instance

    def get_instance(self, row):
        return self.find(tuple(field.clean(row) for field in self.key_fields))

    def find(self, values):
        """The existing row with these key values (cleaned, in ``import_id_fields`` order), or None."""
        return self.instances.get(tuple(_key_part(value) for value in values))


# The preview lists every failing row, but the changes of only this many rows (a 50,000-row page helps nobody).
PREVIEW_ROWS = 1000


class PreviewDiff(Diff):
    """A row's changes for the preview, worked out for the first ``PREVIEW_ROWS`` rows only (the others are not shown)."""

    def __init__(self, resource, instance, new):
        resource._diffs_made = getattr(resource, "_diffs_made", 0) + 1
        self.shown = resource._diffs_made <= PREVIEW_ROWS
        if self.shown:
            super().__init__(resource, instance, new)
        else:
            self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        if self.shown:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.shown else []


class FileError(Error):
    """A file-level error (an unknown column, say), shown to administrators without a Python traceback."""

    @property
    def traceback(self):
        return ""


class NaturalKeyResource(resources.ModelResource):
    """Shared behaviour: validation, all-or-nothing, history, line numbers.

    Line numbers count the header as line 1, as a spreadsheet's row numbers do:
    the first figure is on line 2.
    """

    # What each named database constraint means, for people fixing a spreadsheet; each app's resource gives its own.
    constraint_messages: dict[str, str] = {}

    class Meta:
        clean_model_instances = True  # full_clean(): field rules and clean(); see validate_instance
        skip_unchanged = True  # an unchanged row is reported as skipped, so a re-imported export is "no changes"
        report_skipped = True
        use_bulk = False  # bulk_create/bulk_update would bypass save() and so simple-history
        use_transactions = True
        skip_diff = False
        instance_loader_class = NaturalKeyInstanceLoader

    @classmethod
    def get_error_result_class(cls):
        return FileError

    @classmethod
    def get_diff_class(cls):
        return PreviewDiff

    def import_data(self, dataset, **kwargs):
        """Import ``dataset``; if any row fails nothing is written, whoever calls this."""
        self._diffs_made = 0
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        result = super().import_data(dataset, **kwargs)
        for row in result.invalid_rows:
            row.number += 1  # a line of the file: the header is line 1
        return result

    def before_import(self, dataset, **kwargs):
        self._lines_by_key = {}
        self._rows_in_file = len(dataset)
        # Lines the file reader could not read whole (too few or too many cells): errors on their lines.
        self._line_problems = getattr(dataset, "line_problems", {})
        headers = list(dataset.headers or [])
        for header in dict.fromkeys(headers):
            columns = [str(n) for n, h in enumerate(headers, 1) if h == header]
            if len(columns) > 1:
                # tablib keeps only the last of two same-named columns: the first would be silently dropped.
                raise ValueError(
                    f"Line 1: the column {header!r} appears {_times(len(columns))} "
                    f"(columns {' and '.join(columns)}): keep one"
                )
        known = {field.column_name for field in self.get_import_fields()}
        unknown = [header for header in dataset.headers or [] if header not in known]
        if unknown:
            # A misspelt column would otherwise be ignored and its figures silently not imported.
            raise ValueError(
                f"Unknown columns {', '.join(repr(h) for h in unknown)}: the columns are {', '.join(sorted(known))}"
            )
        for field in self.get_import_fields():
            if isinstance(field.widget, NaturalKeyWidget) and field.column_name in headers:
                field.widget.find_all(dataset[field.column_name])

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # a key column does not convert: import_instance reports it against its column

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        cell = row.get(field.column_name)
        if isinstance(cell, UncomputedFormula):
            raise ValueError(cell.message)
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        problem = self._line_problems.get(kwargs.get("row_number"))
        if problem:
            errors[NON_FIELD_ERRORS] = [problem]
        try:
            self.set_fields(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key_fields = self.get_import_id_fields()
        if not any(name in errors for name in key_fields):
            key = tuple(getattr(instance, attname) for attname in self._key_attnames)  # foreign keys by id
            line = kwargs.get("row_number", 0) + 1
            earlier = self._lines_by_key.setdefault(key, line)
            if earlier != line:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    f"Line {earlier} already has this {', '.join(key_fields)}: give each one line only"
                )
        if errors:
            raise ValidationError(errors)

    @functools.cached_property
    def _key_attnames(self) -> list[str]:
        model = self._meta.model
        return [model._meta.get_field(self.fields[name].attribute).attname for name in self.get_import_id_fields()]

    def set_fields(self, instance, row, **kwargs):
        """Every column's value onto the instance; a ``ValidationError`` names the columns that do not convert."""
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation: field rules, choices, lengths, ``clean()``.

        The named constraints (checks, conditional uniques) are left to the database,
        which runs them when the row is saved inside its savepoint, in the preview as at
        confirm; ``constraint_error`` puts their refusals in words. Asking Django to
        check them here as well costs a query per constraint per row (six for a
        measurement) and made a 2,000-row preview take a minute.
        Foreign keys were found by their natural key, so they are not looked up again, nor are an existing
        row's foreign keys that the file does not set (``_stored_relations``).
        """
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | self._found_by_key
        if not instance._state.adding:
            exclude |= self._stored_relations
        try:
            self.clean_instance(instance, exclude=exclude, validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, messages in self.field_rules(instance).items():
            if name not in errors:
                errors[name] = messages
        for message in self.row_rules(instance):
            errors.setdefault(NON_FIELD_ERRORS, []).append(message)
        if errors:
            raise explained(ValidationError(errors), self.constraint_messages)

    def clean_instance(self, instance, *, exclude: set[str], validate_unique: bool) -> None:
        """``full_clean`` without the named constraints (the database checks them as the row is written)."""
        instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=False)

    @functools.cached_property
    def _found_by_key(self) -> set[str]:
        return {field.attribute for field in self.fields.values() if isinstance(field.widget, NaturalKeyWidget)}

    @functools.cached_property
    def _stored_relations(self) -> set[str]:
        """An existing row's foreign keys that no column sets: the database holds them valid already, and
        ``full_clean`` would look each one up again, a query per row (a figure's ``entered_by``)."""
        imported = {field.attribute for field in self.get_import_fields()}
        return {field.name for field in self._meta.model._meta.fields if field.is_relation} - imported

    def field_rules(self, instance) -> dict[str, list[str]]:
        """Rules beyond the model's for a row's columns, keyed by column (unchanged rows are never checked)."""
        return {}

    def row_rules(self, instance) -> list[str]:
        """Rules beyond the model's for a row about to be written (unchanged rows are never checked)."""
        return []

    def after_import(self, dataset, result, **kwargs):
        """Runs inside the import's one transaction, after the last batch is written (import-export's hook).

        Where a change to the figures must be announced (a "data version" that cached pages are keyed by),
        this is the place: it then commits with the import and rolls back with a preview or a refused file.
        """
        super().after_import(dataset, result, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            instance._history_user = user  # simple-history: who made the change, in admin and scripts alike
        file_name = kwargs.get("file_name")
        instance._change_reason = _history_reason(kwargs.get("history_reason"), str(file_name) if file_name else None)

    def do_instance_save(self, instance, is_create):
        try:
            instance.save(force_insert=is_create)
        except DatabaseError as exc:
            raise ValidationError(constraint_error(exc, self.constraint_messages)) from None

    def import_row(self, row, instance_loader, **kwargs):
        """Import one row inside the savepoint import-export opens for it; a failing row is rolled back to it."""
        progress = kwargs.get("progress")
        if progress is not None:
            progress(kwargs.get("row_number", 1) - 1, self._rows_in_file)
        row_result = self.read_row(row, instance_loader, **kwargs)
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            # An unexpected failure still belongs to its line: report it like a validation error.
            messages = [f"{type(error.error).__name__}: {error.error}" for error in row_result.errors]
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(messages)
        using = self.get_db_connection_name()
        if (
            row_result.import_type == RowResult.IMPORT_TYPE_INVALID
            and not self._meta.use_bulk  # batched: nothing was written for the row, and no savepoint is open
            and transaction.get_connection(using).in_atomic_block
        ):
            # Undo the row's partial work now, so PostgreSQL's transaction stays usable for the
            # rows after it (the whole file is rolled back at the end anyway).
            transaction.set_rollback(True, using=using)
        return row_result

    def read_row(self, row, instance_loader, **kwargs) -> RowResult:
        """Read, check and save (or queue) one row: import-export's own steps (``BatchWriteMixin`` has leaner ones)."""
        return super().import_row(row, instance_loader, **kwargs)
