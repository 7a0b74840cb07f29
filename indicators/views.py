from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from core.exports import export_response
from funding.selectors import total_checks
from indicators import charts, reporting
from indicators.analysis import analysis_context, dashboard_analysis
from indicators.delivery_views import may_record_judgements
from indicators.filters import IndicatorFilter, govuk_select
from indicators.models import Agreement, Indicator, Target
from indicators.reported import judgements_for_indicator, reported_summary_panels
from indicators.selectors import (
    UNIT_SUFFIX,
    baselines_and_targets,
    disaggregation_checks,
    indicator_page_data,
    latest_quarters,
    milestone_counts,
    status_counts,
    statuses_for_areas,
)
from indicators.tables import (
    BaselineTable,
    CheckTable,
    DistrictStatusTable,
    IndicatorStatusTable,
    TargetTable,
    TrendTable,
)
from pagecache import cache as pagecache
from pagecache.pages import render_page


@login_required
def dashboard(request):
    # The page is kept per data version and scope; a kept page reads only the user's own area (the default).
    # The area select's choices (every area: thousands at national scale) are read only to build the page.
    county = lambda: pagecache.cached(request, "default county", (), reporting.default_county_slug)  # noqa: E731
    slug = request.GET.get("area") or reporting.default_area_slug(request.user, county)
    return render_page(request, (slug,), lambda: _dashboard(request, slug))


def _dashboard(request, slug):
    """The dashboard's template and context, or a download."""
    choices = reporting.ScopeChoices.load()
    scope = reporting.chosen_scope(slug, choices)
    latest = latest_quarters(scope.areas)
    agreements = list(Agreement.objects.annotate(indicator_count=Count("indicators")).order_by("-start_year"))
    quarter = reporting.chosen_quarter(request.GET, latest) or reporting.last_agreement_quarter(agreements)
    if quarter is None:
        return "indicators/dashboard_empty.html", {"area": scope}
    indicator_filter = IndicatorFilter(request.GET, queryset=Indicator.objects.for_dashboard(quarter.year))
    govuk_select(indicator_filter.form)
    statuses = dashboard_analysis(
        statuses_for_areas(indicator_filter.qs, scope.areas, quarter, as_of=latest), scope.areas, quarter
    )
    summary = status_counts(statuses)
    # Before the status filter, as the summary; a published report speaks of one area.
    reported = [] if scope.several else reported_summary_panels(scope.area, quarter, statuses)
    table = IndicatorStatusTable(
        indicator_filter.keep(statuses),
        caption=f"Indicators for {scope.name}, {quarter.label}",
        exclude=() if scope.several else ("area",),
    )
    RequestConfig(request, paginate=False).configure(table)
    if response := export_response(request, {"indicators": table}, scope.file_stem("dashboard", quarter)):
        return response
    context = {
        "area": scope,
        "area_groups": choices.groups(),
        "quarter": quarter,
        "latest": max(latest.values(), default=None),
        "years": reporting.year_choices(agreements, scope.areas),
        "filter": indicator_filter,
        "table": table,
        "summary": summary,
        "delivery": milestone_counts(quarter, areas=scope.areas),
        "reported": reported,
        "agreements": agreements,
    }
    return "indicators/dashboard.html", context


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
    # Kept per data version, the area shown (a manager's own by default) and whether they may record judgements.
    area = reporting.chosen_area(request)
    may_record = may_record_judgements(request.user)
    return render_page(request, (area.pk, may_record), lambda: _indicator_detail(request, slug, area, may_record))


def _indicator_detail(request, slug, area, may_record):
    """The indicator page's template and context, or a download."""
    indicator = get_object_or_404(Indicator.objects.select_related("agreement", "outcome"), slug=slug)
    data = indicator_page_data(
        indicator, area, district_slug=request.GET.get("district"), quarter=reporting.chosen_quarter(request.GET, {})
    )
    shown_areas = [area, *([area.parent] if area.parent else []), *data.districts]
    baselines, targets = baselines_and_targets(indicator, shown_areas)
    tables = _indicator_tables(indicator, area, data, baselines, targets)
    if response := export_response(request, tables, f"{indicator.slug}-{area.slug}"):
        return response
    context = {
        "indicator": indicator,
        "area": area,
        "data": data,
        "quarter": data.levels_period,
        "latest": data.latest,
        "years": reporting.year_choices([indicator.agreement], [area, *([area.parent] if area.parent else [])]),
        "lead_partnerships": indicator.lead_partnerships.all(),
        "further_outcomes": indicator.further_outcomes.select_related("agreement"),
        "judgements": judgements_for_indicator(indicator, shown_areas, may_record=may_record),
        "baselines": baselines,
        "targets": targets,
        **_indicator_charts(indicator, area, data),
    }
    return "indicators/detail.html", context


def _has_comparison(data) -> bool:
    return bool(data.comparison_quarter) and any(row.figure is not None for row in data.comparison)


def _indicator_charts(indicator, area, data) -> dict:
    """The trend chart (when the area has figures) and the district comparison (when a district has one)."""
    unit = UNIT_SUFFIX.get(indicator.unit, indicator.get_unit_display())
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
    comparison = None
    if _has_comparison(data):
        comparison = charts.comparison_figure(
            title=f"{indicator.code}: districts in {data.comparison_quarter}",
            unit=unit,
            rows=[(row.area.name, row.figure, row.target_due, row.status) for row in data.comparison],
        )
    return {
        "trend_chart": charts.figure_data(trend) if data.area_series else None,
        "comparison_chart": charts.figure_data(comparison) if comparison else None,
        **analysis_context(indicator, area, data, unit),  # SPC, intervals, verdicts, funnel (indicators/analysis.py)
    }


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
    if _has_comparison(data):
        tables["districts"] = DistrictStatusTable(data.comparison, caption=f"Districts in {data.comparison_quarter}")
    tables["baselines"] = BaselineTable(baselines, caption="Baselines by area")
    tables["targets"] = TargetTable(targets, caption="Targets by area and year", exclude=("indicator",))
    return tables
