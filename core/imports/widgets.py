"""Import widgets and column helpers: one spreadsheet cell to one Python value and back (django-import-export).

Every app's resources build their columns from these, so a year, a quarter, a
number, yes/no and a natural key read the same way in every file.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from import_export import widgets
from import_export.fields import Field

from core.exports import escape_formula, unescape_formula
from core.numbers import parse_number
from core.periods import FinancialYear, PeriodError
from core.text import COMMENTARY_MAX_LENGTH, text_problem


class ByValue:
    """A widget whose ``clean`` depends on the cell's value alone, so a batched import reads each value once."""

    cleans_by_value = True


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def checked_text(value, *, max_length) -> str:
    """A cell's text, refused (``ValueError``) by the return form's text rule: no control characters, not too long."""
    text = str(value)
    problem = text_problem(text, label="The text", max_length=max_length)
    if problem:
        raise ValueError(problem)
    return text


class TextWidget(ByValue, widgets.CharWidget):
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

    @property
    def cleans_by_value(self) -> bool:
        """Whether a cell's value alone decides the object (not a row's other cells, nor rows written earlier)."""
        return self.cache and type(self).extra_lookup is NaturalKeyWidget.extra_lookup

    @staticmethod
    def _text(value) -> str:
        return unescape_formula(checked_text(value, max_length=None).strip())  # a NUL would fail the query itself

    def find_all(self, values) -> None:
        """Look up a whole column's keys in one query before the rows are read (else one query per distinct key:
        3,500 areas in a national file). Keys not found, or found twice, are left to ``clean`` to explain."""
        if not self.cleans_by_value:
            return
        texts = set()
        for value in values:
            with contextlib.suppress(ValueError):
                if not _is_blank(value):
                    texts.add(self._text(value))
        texts -= {key for (key,) in self._found}
        found: dict[str, list] = {}
        for obj in self.model.objects.filter(**{f"{self.field}__in": texts}):
            found.setdefault(getattr(obj, self.field), []).append(obj)
        self._found.update({(text,): objs[0] for text, objs in found.items() if len(objs) == 1})

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = self._text(value)
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


class FinancialYearWidget(ByValue, widgets.Widget):
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


class QuarterWidget(ByValue, widgets.Widget):
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


class WholeNumberWidget(ByValue, widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        return _whole_number(value, "a whole number")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class NumberWidget(ByValue, widgets.Widget):
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


class YesNoWidget(ByValue, widgets.Widget):
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


class ChoiceWidget(ByValue, widgets.Widget):
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
