"""Tables of indicator statuses: render_ formats only, value_ gives clean export values."""

from decimal import Decimal

import django_tables2 as tables
from django.utils.html import format_html

from core.display import direction_word, format_number, rag_badge, spc_badge
from core.tables import NUMERIC, PageTable, RatedFigureValues, plain_number, synthetic_word


def _direction(record) -> str:
    """Better or worse than the same quarter last year, with "(significant)" only when the interval says so."""
    word = direction_word(record.direction)
    return f"{word} (significant)" if record.direction_significant and record.direction in ("better", "worse") else word


class IndicatorStatusTable(RatedFigureValues, tables.Table):
    area = tables.Column(accessor="area__name", verbose_name="Area", order_by=("area__name",))
    code = tables.Column(
        accessor="indicator__code", verbose_name="Code", order_by=("indicator__order", "indicator__code")
    )
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    figure = tables.Column(verbose_name="Figure", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    target_due = tables.Column(verbose_name="Target due", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    status = tables.Column(verbose_name="Status", order_by=("status_rank",))
    variation = tables.Column(verbose_name="Variation", orderable=False, default="Not assessed")
    assurance = tables.Column(verbose_name="Assurance", orderable=False, default="Not assessed")
    direction = tables.Column(verbose_name="Direction of travel", orderable=False)
    forecast = tables.Column(verbose_name="Forecast outturn", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    forecast_method = tables.Column(verbose_name="Forecast method", visible=False)
    figure_note = tables.Column(verbose_name="Figure used", visible=False)
    explanation = tables.Column(accessor="rating__explanation", verbose_name="Explanation", visible=False)
    commentary = tables.Column(accessor="measurement__commentary", verbose_name="Commentary", visible=False)
    synthetic = tables.Column(accessor="is_synthetic", verbose_name="Synthetic figure", visible=False)

    def __init__(self, data, *, caption="", **kwargs):
        super().__init__(data, **kwargs)
        self.caption = caption

    class Meta:
        orderable = True
        empty_text = "No indicators match."
        exclude = ()

    def render_code(self, record):
        return format_html(
            '<a class="govuk-link" href="{}?area={}">{}</a>',
            record.indicator.get_absolute_url(),
            record.area.slug,
            record.indicator.code,
        )

    def render_figure(self, record):
        shown = format_number(record.figure, record.indicator.decimal_places)
        if record.is_synthetic:
            shown = format_html('{} <strong class="govuk-tag govuk-tag--grey">Synthetic</strong>', shown)
        if record.figure_note:
            shown = format_html('{}<br><span class="govuk-body-s">{}</span>', shown, record.figure_note)
        return shown

    def render_target_due(self, record):
        return format_number(record.target_due, record.indicator.decimal_places)

    def render_forecast(self, record):
        return format_html(
            '{}<br><span class="govuk-body-s">{}</span>',
            format_number(record.forecast, record.indicator.decimal_places),
            record.forecast_method,
        )

    def render_status(self, record):
        return format_html(
            '{}<br><span class="govuk-body-s">{}</span>', rag_badge(record.status), record.rating.explanation
        )

    def render_variation(self, record):
        return spc_badge(record.variation)

    def render_assurance(self, record):
        return spc_badge(record.assurance)

    def value_variation(self, record):
        return record.variation.label if record.variation else "Not assessed"

    def value_assurance(self, record):
        return record.assurance.label if record.assurance else "Not assessed"

    def render_direction(self, record):
        return _direction(record)

    def value_forecast(self, record):
        return plain_number(record.forecast, record.indicator.decimal_places)

    def value_direction(self, record):
        return _direction(record)

    def value_code(self, record):
        return record.indicator.code


# --- The indicator page, the data-quality page and the returns index -------------------------------


class NumberColumn(tables.Column):
    """A figure shown with the project's number rule (at ``places`` when given); exported as a plain number."""

    def __init__(self, *args, places=None, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)
        self.places = places

    def render(self, value):
        return format_number(value, self.places)

    def value(self, value):
        return plain_number(value, self.places) if self.places is not None else _trimmed(Decimal(value))


def _trimmed(number: Decimal) -> Decimal:
    """A stored figure without the column's trailing zeros ("5.8500" is 5.85, as the page shows it)."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


class TrendTable(PageTable):
    """The indicator page's figures by period: the area and the chosen district, each with its own target due."""

    label = tables.Column(verbose_name="Period")
    synthetic = tables.Column(accessor="is_synthetic", verbose_name="Synthetic figure", visible=False)

    def __init__(self, rows, *, area_name, district_name=None, places=None, **kwargs):
        extra = [
            ("area_value", NumberColumn(verbose_name=area_name, places=places)),
            ("target", NumberColumn(verbose_name=f"{area_name} target due", places=places)),
        ]
        if district_name:
            extra += [
                ("district_value", NumberColumn(verbose_name=district_name, places=places)),
                ("district_target", NumberColumn(verbose_name=f"{district_name} target due", places=places)),
            ]
        super().__init__(
            rows, extra_columns=extra, sequence=("label", *(name for name, _ in extra), "synthetic"), **kwargs
        )

    def value_synthetic(self, record):
        return synthetic_word(record)


class DistrictStatusTable(RatedFigureValues, PageTable):
    """The indicator page's districts compared in one quarter (records: ``IndicatorStatus``)."""

    district = tables.Column(accessor="area__name", verbose_name="District")
    figure = NumberColumn(verbose_name="Figure")
    target_due = NumberColumn(verbose_name="Target due")
    status = tables.Column(verbose_name="Status")
    explanation = tables.Column(accessor="rating__explanation", verbose_name="Explanation", visible=False)
    synthetic = tables.Column(accessor="is_synthetic", verbose_name="Synthetic figure", visible=False)


def _area_text(record) -> str:
    return f"{record.area}{' (indicative count)' if record.is_indicative else ''}"


class BaselineTable(PageTable):
    area = tables.Column(verbose_name="Area")
    period = tables.Column(accessor="period_label", verbose_name="Period")
    value = NumberColumn(verbose_name="Value")
    value_text = tables.Column(verbose_name="As written")
    rebased = tables.Column(accessor="is_rebased", verbose_name="Re-based", visible=False)
    source = tables.Column(verbose_name="Source", default="Not stated")

    def render_area(self, record):
        return _area_text(record)

    def value_area(self, record):
        return _area_text(record)

    def value_rebased(self, record):
        return "Yes" if record.is_rebased else ""


class TargetTable(PageTable):
    """Targets beside the value derived from their rule (the indicator page; the data-quality page's flags)."""

    indicator = tables.Column(accessor="indicator__code", verbose_name="Indicator")
    area = tables.Column(verbose_name="Area")
    year = tables.Column(verbose_name="Year")
    rule_text = tables.Column(verbose_name="Rule as written", default="")
    value = NumberColumn(verbose_name="Stated")
    derived_value = NumberColumn(verbose_name="Derived")
    data_only = tables.Column(accessor="is_data_only", verbose_name="Data only", visible=False)
    differs = tables.Column(accessor="has_derivation_flag", verbose_name="Derived differs from stated", visible=False)

    def render_area(self, record):
        return _area_text(record)

    def value_area(self, record):
        return _area_text(record)

    def value_year(self, record):
        return record.year.label

    def value_data_only(self, value):
        return "Data only" if value else ""

    def value_differs(self, value):
        return "Flag" if value else ""


class CheckTable(PageTable):
    """A stated figure beside what its lines add up to (records: ``core.totals.TotalCheck``)."""

    subject = tables.Column(verbose_name="Where")
    label = tables.Column(verbose_name="Stated figure")
    stated = NumberColumn(verbose_name="Stated")
    computed = NumberColumn(verbose_name="Computed")
    result = tables.Column(accessor="differs", verbose_name="Result")
    difference = NumberColumn(verbose_name="Difference (computed − stated)", visible=False)

    def value_result(self, record):
        return "Differs" if record.differs else "Agrees"


class ReturnsTable(PageTable):
    """The returns index: each open quarter and area the user may see (records: ``IndexRow``)."""

    quarter = tables.Column(accessor="quarter__period__label", verbose_name="Quarter")
    area = tables.Column(accessor="area__name", verbose_name="Area")
    # The same label the index and the return page show (returns.selectors.return_status_label).
    status = tables.Column(accessor="status_label", verbose_name="Status")
