from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from core.exports import export_response
from core.periods import FinancialYear, PeriodError, Quarter
from funding.selectors import total_checks
from indicators import charts
from indicators.delivery_views import may_record_judgements
from indicators.filters import IndicatorFilter, govuk_select
from indicators.models import Agreement, Baseline, Indicator, Target
from indicators.reported import judgements_for_indicator, reported_summary_panels
from indicators.selectors import (
    UNIT_SUFFIX,
    disaggregation_checks,
    indicator_page_data,
    indicator_statuses,
    latest_quarter_with_figures,
    milestone_counts,
    status_counts,
)
from indicators.tables import (
    BaselineTable,
    CheckTable,
    DistrictStatusTable,
    IndicatorStatusTable,
    TargetTable,
    TrendTable,
)
from partnerships.models import Area


def _reporting_area(request) -> Area:
    """The county the Board reports on: ?area=<slug>, else Leicestershire, else the first county."""
    slug = request.GET.get("area")
    counties = Area.objects.filter(kind__in=[Area.Kind.COUNTY, Area.Kind.UNITARY])
    if slug:
        return get_object_or_404(counties, slug=slug)
    area = counties.filter(slug="leicestershire").first() or counties.order_by("name").first()
    if area is None:
        raise Http404("No county has been loaded yet.")
    return area


def _chosen_quarter(request, area) -> Quarter | None:
    """?year=2009/10&quarter=3, else the latest quarter with figures. Bad input falls back with no error page."""
    try:
        return Quarter(FinancialYear.parse(request.GET["year"]), int(request.GET["quarter"]))
    except (KeyError, ValueError, PeriodError):
        return latest_quarter_with_figures(area)


def _period_choices(agreements):
    """Financial years the agreements cover, newest first (from the small agreements table, not the figures)."""
    years = {y for a in agreements for y in range(a.start_year.start_year, a.end_year.start_year + 1)}
    return [FinancialYear(y).label for y in sorted(years, reverse=True)]


@login_required
def dashboard(request):
    area = _reporting_area(request)
    quarter = _chosen_quarter(request, area)
    if quarter is None:
        return render(request, "indicators/dashboard_empty.html", {"area": area})
    agreements = list(Agreement.objects.annotate(indicator_count=Count("indicators")).order_by("-start_year"))
    indicator_filter = IndicatorFilter(request.GET, queryset=Indicator.objects.for_dashboard(quarter.year))
    govuk_select(indicator_filter.form)
    statuses = indicator_statuses(indicator_filter.qs, area, quarter)
    summary = status_counts(statuses)
    reported = reported_summary_panels(area, quarter, statuses)  # before the status filter, as the summary
    if indicator_filter.status:
        statuses = [s for s in statuses if s.status == indicator_filter.status]
    table = IndicatorStatusTable(statuses, caption=f"Indicators for {area.name}, {quarter.label}")
    RequestConfig(request, paginate=False).configure(table)
    stem = f"dashboard-{area.slug}-{quarter.year.start_year}-q{quarter.number}"
    if response := export_response(request, {"indicators": table}, stem):
        return response
    context = {
        "area": area,
        "quarter": quarter,
        "years": _period_choices(agreements),
        "filter": indicator_filter,
        "table": table,
        "summary": summary,
        "delivery": milestone_counts(quarter),
        "reported": reported,
        "agreements": agreements,
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
def data_quality(request):
    """Every place a document's own figure disagrees with what its rule or its lines give."""
    context = {
        "flagged_targets": Target.objects.flagged().select_related("indicator", "area"),
        "disaggregation": disaggregation_checks(),
        "totals": total_checks(),
    }
    downloads = {
        "targets": TargetTable(context["flagged_targets"], caption="Targets that disagree with their own rule"),
        "districts": CheckTable(context["disaggregation"], caption="District figures against the county"),
        "totals": CheckTable(context["totals"], caption="Funding totals against their lines"),
    }
    if response := export_response(request, downloads, "data-quality"):
        return response
    return render(request, "indicators/data_quality.html", context)


@login_required
def indicator_index(request):
    agreements = Agreement.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.select_related("outcome").order_by("order", "code"))
    ).order_by("-start_year")
    return render(request, "indicators/index.html", {"agreements": agreements})


@login_required
def indicator_detail(request, slug):
    indicator = get_object_or_404(Indicator.objects.select_related("agreement", "outcome"), slug=slug)
    area = _reporting_area(request)
    data = indicator_page_data(
        indicator, area, district_slug=request.GET.get("district"), quarter=_chosen_quarter(request, area)
    )
    unit = UNIT_SUFFIX.get(indicator.unit, indicator.get_unit_display())
    shown_areas = [area, *data.districts]
    # The county, its districts and groups of them only: at national scale an indicator has hundreds of areas.
    with_groups = Area.objects.and_their_groups(shown_areas)
    baselines = Baseline.objects.filter(indicator=indicator, area__in=with_groups).select_related("area")
    targets = (
        Target.objects.filter(indicator=indicator, area__in=with_groups)
        .select_related("area")
        .prefetch_related("parts")
        .order_by("is_indicative", "year", "area__kind", "area__name")
    )
    tables = _indicator_tables(indicator, area, data, baselines, targets)
    if response := export_response(request, tables, f"{indicator.slug}-{area.slug}"):
        return response
    trend = charts.trend_figure(
        title=f"{indicator.code}: {area.name}{f' and {data.district.name}' if data.district else ''} by quarter",
        unit=unit,
        area_name=area.name,
        area_series=data.area_series,
        target_series=data.target_series,
        baseline=data.baseline,
        district_name=data.district.name if data.district else None,
        district_series=data.district_series,
        district_target_series=data.district_target_series,
    )
    context = {
        "indicator": indicator,
        "area": area,
        "data": data,
        "lead_partnerships": indicator.lead_partnerships.all(),
        "further_outcomes": indicator.further_outcomes.select_related("agreement"),
        "judgements": judgements_for_indicator(indicator, shown_areas, may_record=may_record_judgements(request.user)),
        "baselines": baselines,
        "targets": targets,
        "trend_chart": charts.figure_data(trend) if data.area_series else None,
        "comparison_chart": charts.figure_data(
            charts.comparison_figure(
                title=f"{indicator.code}: districts in {data.comparison_quarter}",
                unit=unit,
                rows=[(row.area.name, row.figure, row.target_due, row.status) for row in data.comparison],
            )
        )
        if data.comparison_quarter and any(row.figure is not None for row in data.comparison)
        else None,
    }
    return render(request, "indicators/detail.html", context)


def _indicator_tables(indicator, area, data, baselines, targets) -> dict:
    """The indicator page's tables as downloads: only those the page shows (the trend and districts need figures)."""
    tables = {}
    if data.area_series:
        tables["trend"] = TrendTable(
            data.rows,
            area_name=area.name,
            district_name=data.district.name if data.district else None,
            places=indicator.decimal_places,
            caption=f"{indicator.code} by period: figures and target due",
        )
    if data.comparison_quarter and any(row.figure is not None for row in data.comparison):
        tables["districts"] = DistrictStatusTable(data.comparison, caption=f"Districts in {data.comparison_quarter}")
    tables["baselines"] = BaselineTable(baselines, caption="Baselines by area")
    tables["targets"] = TargetTable(targets, caption="Targets by area and year", exclude=("indicator",))
    return tables
