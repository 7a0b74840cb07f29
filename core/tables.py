"""Table plumbing every app's tables share (django-tables2): the page table, numeric cells, money, export values.

``render_`` formats only; ``value_`` gives clean export values (plain numbers, no £ or commas).
"""

from decimal import Decimal

import django_tables2 as tables

from core.display import format_money

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}
PENNY = Decimal("0.01")


def plain_number(value, places):
    """Export value: the number at the indicator's precision, no separators; blank when missing."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


def plain_money(value):
    """Export value: pounds and pence as a number (an XLSX number cell), blank when missing."""
    return None if value is None else Decimal(value).quantize(PENNY)


def synthetic_word(record) -> str:
    return "synthetic" if record.is_synthetic else ""


class RatedFigureValues:
    """Export values of a table of rated figures (records: ``IndicatorStatus``): the figure and the target due at
    the indicator's precision, the status as a word, the synthetic mark. Every status table downloads alike."""

    def value_figure(self, record):
        return plain_number(record.figure, record.indicator.decimal_places)

    def value_target_due(self, record):
        return plain_number(record.target_due, record.indicator.decimal_places)

    def value_status(self, record):
        return record.status.label

    def value_synthetic(self, record):
        return synthetic_word(record)


class MoneyColumn(tables.Column):
    """Pounds shown with the project's money rule; exported as a plain number (an XLSX number cell)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_money(value)

    def value(self, value):
        return plain_money(value)


class PageTable(tables.Table):
    """A table of a page that draws its own markup: this class gives the page's columns to its download."""

    def __init__(self, data, *, caption="", **kwargs):
        super().__init__(data, orderable=False, **kwargs)
        self.caption = caption

    class Meta:
        orderable = False
