"""Bulk import and export of measurements, targets and baselines (django-import-export).

One import path for the Django admin and for scripts (``manage.py import_table``):

- Columns use natural keys, never database ids: the indicator's code ("NI 20"),
  the area's name ("Blaby"), the financial year as "2009/10", the quarter as
  1–4 (blank for a whole year). Rows are matched on those keys, so importing an
  export updates in place: an unchanged file imports as "no changes".
- Every row runs the model's own validation (``full_clean``) and is then
  written inside its own savepoint, in the preview too (which is rolled back),
  so the database's constraints run on it and anything the database refuses
  becomes a row error in the preview, with its line number.
- All or nothing: if any row fails, the whole file is rolled back, whether the
  failure is a conversion error, a validation error or a database error.
- Rows are saved one by one (never ``bulk_create``), so django-simple-history
  records every change with the importing user.
- A quarter's figures belong to the returns workflow: an import cannot write a
  figure in a closed quarter, or for an area and quarter that has a return.
- Exports never turn text into live spreadsheet formulas: text starting with
  ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is written with a
  leading apostrophe, which the import strips again, so files round-trip.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from import_export import resources, widgets
from import_export.fields import Field
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Error, RowResult

# The site's one rule for text a spreadsheet would run as a formula (also imported from here by funding).
from core.exports import escape_formula, unescape_formula
from indicators.import_files import SafeCSV, SafeXLSX, UncomputedFormula
from indicators.models import Baseline, Indicator, Measurement, Target
from indicators.periods import FinancialYear, PeriodError, Quarter
from indicators.targets import Rounding
from indicators.validation import COMMENTARY_MAX_LENGTH, check_entry, parse_number, takes_ratio, text_problem
from partnerships.models import Area
from returns.models import ReportingQuarter, Return, quarter_closed_message

# --- Widgets: one cell to one Python value and back -----------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def checked_text(value, *, max_length) -> str:
    """A cell's text, refused (``ValueError``) by the return form's text rule: no control characters, not too long."""
    text = str(value)
    problem = text_problem(text, label="The text", max_length=max_length)
    if problem:
        raise ValueError(problem)
    return text


class TextWidget(widgets.CharWidget):
    """Free text. Exported with formula characters escaped; imported with the escape removed.

    Text over the commentary limit is refused here; shorter model limits (``max_length``) by ``full_clean``.
    """

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        return unescape_formula(checked_text(value, max_length=COMMENTARY_MAX_LENGTH))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else escape_formula(str(value))


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related object's natural key (``code``, ``name``, ``title``).

    Found objects are cached for the length of one import, so a file of 20,000
    rows looks up each indicator and area once.
    """

    def __init__(self, model, field, *, cache=True, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.cache = cache
        self._found = {}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = unescape_formula(checked_text(value, max_length=None).strip())  # a NUL would fail the query itself
        key = (text, *self.extra_lookup(row).values())
        if self.cache and key in self._found:
            return self._found[key]
        try:
            obj = self.model.objects.get(**{self.field: text}, **self.extra_lookup(row))
        except ObjectDoesNotExist:
            raise ValueError(self.not_found_message(text, row)) from None
        except MultipleObjectsReturned:
            raise ValueError(f"More than one {self.model._meta.verbose_name} is called {text!r}") from None
        if self.cache:
            self._found[key] = obj
        return obj

    def extra_lookup(self, row) -> dict:
        return {}

    def not_found_message(self, text, row) -> str:
        return f"There is no {self.model._meta.verbose_name} with {self.field} {text!r}"

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return escape_formula(str(getattr(value, self.field)))


class FinancialYearWidget(widgets.Widget):
    """A financial year written ``2009/10``."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, FinancialYear):
            return value
        if isinstance(value, date):
            raise ValueError(
                "The spreadsheet turned the year into a date: format the column as text and write it as 2009/10"
            )
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a financial year: write it as 2009/10")
        try:
            return FinancialYear.parse(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.label


def _whole_number(value, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not {what}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise ValueError(f"{text!r} is not {what}")


class QuarterWidget(widgets.Widget):
    """A quarter 1–4 (``Q3`` also reads); blank for a whole-year figure."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, str) and value.strip()[:1] in ("q", "Q"):
            value = value.strip()[1:]
        number = _whole_number(value, "a quarter: write 1, 2, 3 or 4, or leave it blank for the whole year")
        if number not in (1, 2, 3, 4):
            raise ValueError(f"{number} is not a quarter: write 1, 2, 3 or 4, or leave it blank for the whole year")
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        return _whole_number(value, "a whole number")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class NumberWidget(widgets.Widget):
    """A number, read by the returns' own reader (``parse_number``): ``1234.5``, ``1,234``, ``1 234``.

    ``NaN``, ``inf``, ``12 5``, a % sign and words are errors.
    """

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        if isinstance(value, float | int):
            value = Decimal(repr(value))  # the shortest text that reads back as the same float: 0.1, not 0.100…55
        text = format(value, "f") if isinstance(value, Decimal) and value.is_finite() else str(value).strip()
        parsed = parse_number(text, label="The number")
        if parsed.value is not None and parsed.had_percent_sign:
            raise ValueError(f"{text!r}: write the number without the % sign")
        if parsed.error and not parsed.error.startswith("The number must be a number"):
            raise ValueError(parsed.error)  # too large, or too many decimal places
        if parsed.error:
            raise ValueError(f"{text!r} is not a number: write it like 1234.5")
        return parsed.value

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        text = format(Decimal(value).normalize(), "f")
        return text


class YesNoWidget(widgets.Widget):
    """A yes/no column: ``yes``/``no`` (also ``true``/``false``, ``1``/``0``); blank means no."""

    TRUE = {"yes", "y", "true", "1"}
    FALSE = {"no", "n", "false", "0"}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None  # the field's default (no) applies
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"{str(value).strip()!r} is not yes or no")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return bool(value)
        return "yes" if value else "no"


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, written as its value or its label (any case); exported as the value."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = [(str(value), str(label)) for value, label in choices]

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        text = str(value).strip().lower()
        for choice, label in self.choices:
            if text in (choice.lower(), label.lower()):
                return choice
        allowed = ", ".join(choice for choice, _ in self.choices if choice)
        raise ValueError(f"{str(value).strip()!r} is not one of: {allowed}")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


# --- Fields ----------------------------------------------------------------------


def text(name: str) -> Field:
    return Field(attribute=name, column_name=name, widget=TextWidget())


def number(name: str) -> Field:
    return Field(attribute=name, column_name=name, widget=NumberWidget())


def yes_no(name: str) -> Field:
    return Field(attribute=name, column_name=name, widget=YesNoWidget(), default=False)


def natural_key(name: str, model, key: str) -> Field:
    return Field(attribute=name, column_name=name, widget=NaturalKeyWidget(model, key))


def financial_year(name: str = "year") -> Field:
    return Field(attribute=name, column_name=name, widget=FinancialYearWidget())


def quarter(name: str = "quarter") -> Field:
    return Field(attribute=name, column_name=name, widget=QuarterWidget())


# --- Constraint messages -----------------------------------------------------------

# What each named database constraint means, for people fixing a spreadsheet.
CONSTRAINT_MESSAGES = {
    "measurement_unique_per_quarter": "There is already a figure for this indicator, area, year and quarter",
    "measurement_unique_per_year": "There is already a whole-year figure for this indicator, area and year",
    "measurement_has_year": "A figure needs a financial year",
    "measurement_quarter_1_to_4": "The quarter must be 1, 2, 3 or 4, or blank for the whole year",
    "measurement_denominator_positive": "The denominator must be greater than 0",
    "measurement_numerator_not_negative": "The numerator cannot be negative",
    "measurement_commentary_max_length": f"The commentary must be {COMMENTARY_MAX_LENGTH:,} characters or fewer",
    "baseline_unique_per_year": "There is already a baseline for this indicator, area and year",
    "baseline_unique_without_year": "There is already a baseline without a year for this indicator and area",
    "baseline_has_value_or_text": "A baseline needs a value or a value_text",
    "target_unique_per_year": "There is already a target for this indicator, area and year",
    "target_rule_base_and_change_together": "Give rule_base and rule_change_percent together, or neither",
    "target_has_value_or_words": "A target needs a value, a rule_text, or is_data_only set to yes",
    "target_data_only_has_no_value": "A data-only target (is_data_only yes) has no value",
    "allocation_unique_label": "There is already an allocation with this label in this grant",
    "allocation_amount_not_negative": "The amount cannot be negative",
    "allocation_partnership_category_names_partnership": "An allocation in the partnership category needs a partnership",
    "allocation_not_own_parent": "An allocation cannot be its own parent",
}

_CONSTRAINT_RE = re.compile(r"^Constraint “(?P<name>[^”]+)” is violated\.?$")


def explain_constraint(message: str) -> str:
    """Django's "Constraint “x” is violated." in words, keeping the constraint's name for reference."""
    match = _CONSTRAINT_RE.match(message)
    if match and match["name"] in CONSTRAINT_MESSAGES:
        return f"{CONSTRAINT_MESSAGES[match['name']]} ({match['name']})"
    return message


def constraint_error(exc: Exception) -> str:
    """A database refusal in words: the named constraint it broke, if the message names one."""
    message = str(exc)
    for name, meaning in CONSTRAINT_MESSAGES.items():
        if re.search(rf"\b{name}\b", message):
            return f"{meaning} ({name})"
    return f"The database refused this row: {message}"


def _explained(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            {field: [explain_constraint(m) for m in messages] for field, messages in error.message_dict.items()}
        )
    return ValidationError([explain_constraint(m) for m in error.messages])


# --- Resources ---------------------------------------------------------------------


def _key_part(value):
    return getattr(value, "pk", value)


def _times(count: int) -> str:
    return {2: "twice", 3: "three times"}.get(count, f"{count} times")


def _typed(value) -> str:
    """A stored number as someone would type it, for the return form's checks."""
    return "" if value is None else format(Decimal(value), "f")


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
            for value in dataset[field.column_name]:
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
        key = tuple(_key_part(field.clean(row)) for field in self.key_fields)
        return self.instances.get(key)


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

    def import_data(self, dataset, **kwargs):
        """Import ``dataset``; if any row fails nothing is written, whoever calls this."""
        kwargs["rollback_on_validation_errors"] = True
        kwargs["use_transactions"] = True
        result = super().import_data(dataset, **kwargs)
        for row in result.invalid_rows:
            row.number += 1  # a line of the file: the header is line 1
        return result

    def before_import(self, dataset, **kwargs):
        self._lines_by_key = {}
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
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key_fields = self.get_import_id_fields()
        if not any(name in errors for name in key_fields):
            key = tuple(_key_part(self.fields[name].get_value(instance)) for name in key_fields)
            line = kwargs.get("row_number", 0) + 1
            earlier = self._lines_by_key.setdefault(key, line)
            if earlier != line:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    f"Line {earlier} already has this {', '.join(key_fields)}: give each one line only"
                )
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation: field rules, choices, lengths, ``clean()``.

        The named constraints (checks, conditional uniques) are left to the database,
        which runs them when the row is saved inside its savepoint, in the preview as at
        confirm; ``constraint_error`` puts their refusals in words. Asking Django to
        check them here as well costs a query per constraint per row (six for a
        measurement) and made a 2,000-row preview take a minute.
        Foreign keys were found by their natural key, so they are not looked up again.
        """
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | {
            name for name, field in self.fields.items() if isinstance(field.widget, NaturalKeyWidget)
        }
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, messages in self.field_rules(instance).items():
            if name not in errors:
                errors[name] = messages
        for message in self.row_rules(instance):
            errors.setdefault(NON_FIELD_ERRORS, []).append(message)
        if errors:
            raise _explained(ValidationError(errors))

    def field_rules(self, instance) -> dict[str, list[str]]:
        """Rules beyond the model's for a row's columns, keyed by column (unchanged rows are never checked)."""
        return {}

    def row_rules(self, instance) -> list[str]:
        """Rules beyond the model's for a row about to be written (unchanged rows are never checked)."""
        return []

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            instance._history_user = user  # simple-history: who made the change, in admin and scripts alike
        file_name = kwargs.get("file_name") or "a file"
        reason = kwargs.get("history_reason") or f"Imported from {Path(str(file_name)).name}"
        instance._change_reason = reason[:100]

    def do_instance_save(self, instance, is_create):
        try:
            instance.save(force_insert=is_create)
        except DatabaseError as exc:
            raise ValidationError(constraint_error(exc)) from None

    def import_row(self, row, instance_loader, **kwargs):
        """Import one row inside the savepoint import-export opens for it; a failing row is rolled back to it."""
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            # An unexpected failure still belongs to its line: report it like a validation error.
            messages = [f"{type(error.error).__name__}: {error.error}" for error in row_result.errors]
            row_result.errors = []
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(messages)
        using = self.get_db_connection_name()
        if (
            row_result.import_type == RowResult.IMPORT_TYPE_INVALID
            and transaction.get_connection(using).in_atomic_block
        ):
            # Undo the row's partial work now, so PostgreSQL's transaction stays usable for the
            # rows after it (the whole file is rolled back at the end anyway).
            transaction.set_rollback(True, using=using)
        return row_result


class MeasurementResource(NaturalKeyResource):
    indicator = natural_key("indicator", Indicator, "code")
    area = natural_key("area", Area, "name")
    year = financial_year()
    quarter = quarter()
    period_text = text("period_text")
    value = number("value")
    numerator = number("numerator")
    denominator = number("denominator")
    commentary = text("commentary")
    is_synthetic = yes_no("is_synthetic")
    source = text("source")

    class Meta:
        model = Measurement
        name = "Measurements (indicator code, area name, 2009/10, quarter 1–4)"
        fields = (
            "indicator",
            "area",
            "year",
            "quarter",
            "period_text",
            "value",
            "numerator",
            "denominator",
            "commentary",
            "is_synthetic",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "quarter")

    def get_queryset(self):
        return Measurement.objects.select_related("indicator", "area")

    def before_import(self, dataset, **kwargs):
        self._closed_quarters = ReportingQuarter.objects.closed_periods()
        self._returns = {
            (r.area_id, r.reporting_quarter.year, r.reporting_quarter.quarter): r
            for r in Return.objects.select_related("area", "reporting_quarter")
        }
        super().before_import(dataset, **kwargs)  # last: it may refuse the file, and the rows are still checked

    def field_rules(self, instance) -> dict[str, list[str]]:
        """The return form's rules for the indicator's unit (``check_entry``): a count is a whole number and
        not negative, a percentage at most 100, a numerator no more than its denominator, …

        The figure and the numerator and denominator are checked apart: an export carries all three, and
        the documents give some figures with their numerator alone (a count of crimes beside the rate).
        """
        if instance.indicator_id is None:
            return {}
        indicator = instance.indicator
        shown = {name: _typed(getattr(instance, name)) for name in ("value", "numerator", "denominator")}
        results = [check_entry(code=indicator.code, unit=indicator.unit, value=shown["value"])]
        if takes_ratio(indicator.unit) and shown["numerator"] and shown["denominator"]:
            ratio = {"numerator": shown["numerator"], "denominator": shown["denominator"]}
            results.append(check_entry(code=indicator.code, unit=indicator.unit, **ratio))
        errors = {}
        for result in results:
            for name, messages in result.errors.items():
                errors.setdefault(name, []).extend(messages)
        return errors

    def row_rules(self, instance) -> list[str]:
        """A quarter's figures change through the returns workflow: never in a closed quarter or behind a return."""
        if instance.quarter is None or instance.year is None:
            return []
        label = Quarter(instance.year, instance.quarter).label
        if (instance.year, instance.quarter) in self._closed_quarters:
            return [quarter_closed_message(Quarter(instance.year, instance.quarter)).rstrip(".")]
        record = self._returns.get((instance.area_id, instance.year, instance.quarter))
        if record is not None:
            return [
                f"{record.area}'s {label} return exists ({record.get_status_display().lower()}): "
                "change its figures through the return"
            ]
        return []


class TargetResource(NaturalKeyResource):
    indicator = natural_key("indicator", Indicator, "code")
    area = natural_key("area", Area, "name")
    year = financial_year()
    is_indicative = yes_no("is_indicative")
    period_text = text("period_text")
    rule_text = text("rule_text")
    value = number("value")
    rule_base = number("rule_base")
    rule_change_percent = number("rule_change_percent")
    rule_rounding = Field(
        attribute="rule_rounding", column_name="rule_rounding", widget=ChoiceWidget(Rounding.choices())
    )
    rule_decimal_places = Field(
        attribute="rule_decimal_places", column_name="rule_decimal_places", widget=WholeNumberWidget()
    )
    is_data_only = yes_no("is_data_only")
    notes = text("notes")
    source = text("source")

    class Meta:
        model = Target
        name = "Targets (indicator code, area name, 2009/10)"
        fields = (
            "indicator",
            "area",
            "year",
            "is_indicative",
            "period_text",
            "rule_text",
            "value",
            "rule_base",
            "rule_change_percent",
            "rule_rounding",
            "rule_decimal_places",
            "is_data_only",
            "notes",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "is_indicative")

    def get_queryset(self):
        return Target.objects.select_related("indicator", "area")


class BaselineResource(NaturalKeyResource):
    indicator = natural_key("indicator", Indicator, "code")
    area = natural_key("area", Area, "name")
    year = financial_year()
    is_indicative = yes_no("is_indicative")
    quarter = quarter()
    period_text = text("period_text")
    value = number("value")
    value_text = text("value_text")
    is_rebased = yes_no("is_rebased")
    source = text("source")

    class Meta:
        model = Baseline
        name = "Baselines (indicator code, area name, 2009/10)"
        fields = (
            "indicator",
            "area",
            "year",
            "is_indicative",
            "quarter",
            "period_text",
            "value",
            "value_text",
            "is_rebased",
            "source",
        )
        import_id_fields = ("indicator", "area", "year", "is_indicative")

    def get_queryset(self):
        return Baseline.objects.select_related("indicator", "area")


# --- Files -------------------------------------------------------------------------

FORMATS = {".csv": SafeCSV, ".xlsx": SafeXLSX}


def format_for(path: str | Path):
    """The import-export format for a file name: CSV or XLSX."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{Path(path).name}: import CSV (.csv) or Excel (.xlsx) files")
    return FORMATS[suffix]()


def dataset_from_bytes(data: bytes, *, file_name: str) -> tablib.Dataset:
    """Read a CSV (UTF-8, with or without a byte-order mark) or XLSX file's first sheet, within the limits."""
    return format_for(file_name).create_dataset(data)


def dataset_to_bytes(dataset: tablib.Dataset, *, file_name: str) -> bytes:
    data = format_for(file_name).export_data(dataset)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def table_export(*, resource_class, file_name: str, queryset=None) -> bytes:
    """Export a table as the admin does (native numbers in XLSX, text in CSV)."""
    file_format = format_for(file_name)
    dataset = resource_class().export(queryset, force_native_type=file_format.is_binary())
    return dataset_to_bytes(dataset, file_name=file_name)


def table_import(*, resource_class, data: bytes, file_name: str, dry_run: bool, user=None, history_reason=None):
    """Import a CSV or XLSX file through ``resource_class``: all rows, or none if any row fails.

    ``history_reason`` replaces the history's "Imported from <file>" (the seed says where its figures come from).
    """
    dataset = dataset_from_bytes(data, file_name=file_name)
    return resource_class().import_data(
        dataset, dry_run=dry_run, user=user, file_name=file_name, history_reason=history_reason
    )


def result_summary(result) -> dict[str, int]:
    totals = result.totals
    return {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
        "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
        "errors": len(result.invalid_rows) + len(result.error_rows) + len(result.base_errors),
    }


def result_errors(result) -> list[str]:
    """Every failing row as "Line N: column: message" (line 1 is the header), then any file-level error."""
    lines = [f"{error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            where = "" if field == NON_FIELD_ERRORS else f"{field}: "
            lines.extend(f"Line {row.number}: {where}{message}" for message in messages)
    return lines
