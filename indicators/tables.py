"""Tables of indicator statuses: render_ formats only, value_ gives clean export values."""

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html

from indicators.display import direction_word, format_number, rag_class


def _plain(value, places):
    """Export value: the number at the indicator's precision, no separators; blank when missing."""
    return None if value is None else Decimal(value).quantize(Decimal(1).scaleb(-places))


class IndicatorStatusTable(tables.Table):
    code = tables.Column(
        accessor="indicator__code", verbose_name="Code", order_by=("indicator__order", "indicator__code")
    )
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    figure = tables.Column(verbose_name="Figure", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    target_due = tables.Column(verbose_name="Target due", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    status = tables.Column(verbose_name="Status", order_by=("status_rank",))
    direction = tables.Column(verbose_name="Direction of travel", orderable=False)
    forecast = tables.Column(verbose_name="Forecast outturn", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    explanation = tables.Column(accessor="rating__explanation", verbose_name="Explanation", visible=False)
    synthetic = tables.Column(accessor="is_synthetic", verbose_name="Synthetic figure", visible=False)

    def __init__(self, data, *, caption="", **kwargs):
        super().__init__(data, **kwargs)
        self.caption = caption

    class Meta:
        orderable = True
        empty_text = "No indicators match."
        template_name = "includes/_table.html"
        exclude = ()

    def render_code(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.indicator.get_absolute_url(), record.indicator.code
        )

    def render_figure(self, record):
        shown = format_number(record.figure, record.indicator.decimal_places)
        return (
            format_html('{} <strong class="govuk-tag govuk-tag--grey">Synthetic</strong>', shown)
            if record.is_synthetic
            else shown
        )

    def render_target_due(self, record):
        return format_number(record.target_due, record.indicator.decimal_places)

    def render_forecast(self, record):
        return format_number(record.forecast, record.indicator.decimal_places)

    def render_status(self, record):
        return format_html(
            '<strong class="{}">{}</strong><br><span class="govuk-body-s">{}</span>',
            rag_class(record.status),
            record.status.label,
            record.rating.explanation,
        )

    def render_direction(self, record):
        return direction_word(record.direction)

    def value_figure(self, record):
        return _plain(record.figure, record.indicator.decimal_places)

    def value_target_due(self, record):
        return _plain(record.target_due, record.indicator.decimal_places)

    def value_forecast(self, record):
        return _plain(record.forecast, record.indicator.decimal_places)

    def value_status(self, record):
        return record.status.label

    def value_direction(self, record):
        return direction_word(record.direction)

    def value_synthetic(self, record):
        return "synthetic" if record.is_synthetic else ""

    def value_code(self, record):
        return record.indicator.code
