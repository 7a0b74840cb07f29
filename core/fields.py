"""Model fields every app declares the same way, each written once.

The financial year (stored as its start year), the quarter, an optional figure or link, the document a record
was transcribed from, and who did something to a record.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.periods import QUARTER_CHOICES, FinancialYear, PeriodError


class FinancialYearFormField(forms.CharField):
    """A box for "2009/10" whose cleaned value is a ``FinancialYear``.

    No max-length validator: CharField's would run on the parsed ``FinancialYear``
    (which has no length) after ``to_python``; parsing is the only check needed.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Financial year, written 2009/10")
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "size": "9"}

    def prepare_value(self, value):
        if isinstance(value, FinancialYear):
            return value.label
        if isinstance(value, int) and not isinstance(value, bool):
            return FinancialYear(value).label
        return "" if value is None else str(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return FinancialYear.parse(value)
        except PeriodError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class FinancialYearField(models.PositiveSmallIntegerField):
    """Stored as the start year (2009 for 2009/10) so it orders and indexes as a number.

    Python code sees a ``FinancialYear``; fixtures and forms read and write
    "2009/10".
    """

    description = "Financial year (1 April to 31 March)"

    @property
    def validators(self):
        # The integer range validators compare with ints; FinancialYear checks its own range.
        return list(self._validators)

    def from_db_value(self, value, expression, connection):
        return None if value is None else FinancialYear(value)

    def to_python(self, value):
        if value is None or isinstance(value, FinancialYear):
            return value
        if isinstance(value, int):
            return FinancialYear(value)
        try:
            if isinstance(value, str) and value.strip().isdigit():
                return FinancialYear(int(value))
            return FinancialYear.parse(value)
        except PeriodError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, FinancialYear):
            return value.start_year
        if isinstance(value, str) and not value.strip().isdigit():
            return FinancialYear.parse(value).start_year
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else self.to_python(value).label

    def formfield(self, **kwargs):
        return models.Field.formfield(self, **{"form_class": FinancialYearFormField, **kwargs})


def optional_decimal(verbose_name=None, *, digits=14, places=4, help_text=""):
    """A figure a document may not state: NULL in the database, blank on a form."""
    return models.DecimalField(
        verbose_name, max_digits=digits, decimal_places=places, null=True, blank=True, help_text=help_text
    )


def optional_key(to, *, on_delete, related_name, help_text=""):
    """A link a record may lack: NULL in the database, blank on a form."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=True, blank=True, related_name=related_name, help_text=help_text
    )


SOURCE_HELP = "Seed document and table the record was transcribed from, e.g. '002, Funding table'."


def source_field(help_text=SOURCE_HELP, *, required=False):
    """Where a record was transcribed from, so every figure can be traced back to its document."""
    return models.CharField(max_length=200, blank=not required, help_text=help_text)


def user_stamp(help_text=""):
    """Who did something to a record; the record outlives the account (NULL once the user is deleted)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=help_text,
    )


def quarter_field(*, optional=False):
    """A quarter of the financial year, stored 1-4 and offered as Q1-Q4; ``optional`` for a whole-year row."""
    return models.PositiveSmallIntegerField(choices=QUARTER_CHOICES, null=optional, blank=optional)
