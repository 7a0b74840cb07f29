"""Reads for the API: one queryset per resource, each with a total, stable order and no query per row.

Figures come only through ``Measurement.objects.published()`` (transcribed from a document, or in an approved
return), so a draft or submitted figure cannot reach any endpoint; statuses are rated through
``indicators.selectors.indicator_statuses``, the one status rule every page uses.
"""

from django.db.models import Q, QuerySet

from core.periods import FinancialYear, Quarter
from funding.models import Allocation, Grant, SpendLine
from indicators.analysis import dashboard_analysis
from indicators.models import Agreement, Baseline, Indicator, Measurement, Outcome, Target
from indicators.selectors import IndicatorStatus, indicator_statuses, latest_quarters
from partnerships.models import Area, Partnership


def _indicator_q(code: str | None, via: str = "indicator__") -> Q:
    """An indicator named by its code ('NI 20') or its slug ('ni-20'); no condition when not given.

    With ``via``, the name is first resolved to ids (one query): PostgreSQL then walks a figure table's series
    index (indicator, area, year, quarter) in the order the API pages by, instead of joining and sorting all
    the indicator's rows (at national scale 4 ms instead of 70 ms for a page of 1,000 figures).
    """
    if not code:
        return Q()
    named = Q(code__iexact=code) | Q(slug=code.lower())
    if not via:
        return named
    ids = list(Indicator.objects.filter(named).values_list("pk", flat=True))
    return Q(**{f"{via.removesuffix('__')}_id__in": ids})


def _area_q(code: str | None, via: str = "area__") -> Q:
    """An area named by its ONS code ('E07000129') or its slug ('blaby')."""
    if not code:
        return Q()
    return Q(**{f"{via}ons_code__iexact": code}) | Q(**{f"{via}slug": code.lower()})


def areas() -> QuerySet:
    return Area.objects.select_related("parent").order_by("name", "pk")


def partnerships() -> QuerySet:
    return Partnership.objects.select_related("reports_to").prefetch_related("areas").order_by("name", "pk")


def agreements() -> QuerySet:
    return Agreement.objects.order_by("start_year", "code", "pk")


def outcomes(agreement: str | None = None) -> QuerySet:
    rows = Outcome.objects.select_related("agreement")
    if agreement:
        rows = rows.filter(agreement__code__iexact=agreement)
    return rows.order_by("agreement__start_year", "agreement__code", "code", "pk")


def indicators(agreement: str | None = None) -> QuerySet:
    rows = Indicator.objects.select_related("agreement", "outcome")
    if agreement:
        rows = rows.filter(agreement__code__iexact=agreement)
    return rows.order_by("agreement__start_year", "order", "code", "pk")


def baselines(indicator: str | None = None, area: str | None = None) -> QuerySet:
    return (
        Baseline.objects.filter(_indicator_q(indicator), _area_q(area))
        .select_related("indicator", "area")
        .order_by("indicator_id", "area_id", "year", "quarter", "pk")
    )


def targets(indicator: str | None = None, area: str | None = None, year: FinancialYear | None = None) -> QuerySet:
    rows = Target.objects.filter(_indicator_q(indicator), _area_q(area)).select_related("indicator", "area")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("indicator_id", "area_id", "year", "is_indicative", "pk")


def _period_from(start: FinancialYear | Quarter) -> Q:
    """Figures from ``start`` on; a whole-year figure counts as the year's end (Q4)."""
    year, number = (start, 1) if isinstance(start, FinancialYear) else (start.year, start.number)
    return Q(year__gt=year) | Q(year=year, quarter__gte=number) | Q(year=year, quarter__isnull=True)


def _period_to(end: FinancialYear | Quarter) -> Q:
    """Figures up to ``end``; a whole-year figure counts as the year's end (Q4)."""
    year, number = (end, 4) if isinstance(end, FinancialYear) else (end.year, end.number)
    up_to = Q(year__lt=year) | Q(year=year, quarter__lte=number)
    return up_to | Q(year=year, quarter__isnull=True) if number == 4 else up_to


_FIGURE_FIELDS = (
    "id indicator_id indicator__code area_id area__ons_code area__name year quarter value numerator denominator "
    "commentary is_synthetic source"
)
FIGURE_FIELDS = tuple(_FIGURE_FIELDS.split())


def figures(
    indicator: str | None = None,
    area: str | None = None,
    period_from: FinancialYear | Quarter | None = None,
    period_to: FinancialYear | Quarter | None = None,
) -> QuerySet:
    """Published figures only, as dicts of ``FIGURE_FIELDS``, ordered as the series index runs."""
    rows = Measurement.objects.published().filter(_indicator_q(indicator), _area_q(area))
    if period_from is not None:
        rows = rows.filter(_period_from(period_from))
    if period_to is not None:
        rows = rows.filter(_period_to(period_to))
    # Plain values, not model instances: building three objects per row was most of a 1,000-row page's time.
    return rows.values(*FIGURE_FIELDS).order_by("indicator_id", "area_id", "year", "quarter", "pk")


def area_by_code(code: str) -> Area | None:
    """One area by ONS code or slug (one query)."""
    return Area.objects.filter(_area_q(code, via="")).first()


def statuses(area: Area, quarter: Quarter | None, indicator: str | None = None) -> tuple[Quarter | None, list]:
    """Every active indicator's status for ``area`` at ``quarter`` (default: the area's latest quarter).

    Rated as the dashboard rates them: ``indicator_statuses`` (three queries) as of the area's latest quarter
    with figures (one), then the variation, assurance and significance of ``dashboard_analysis`` (two).
    """
    latest = latest_quarters([area]).get(area.pk)
    quarter = quarter or latest
    if quarter is None:
        return None, []
    chosen = Indicator.objects.for_dashboard(quarter.year).filter(_indicator_q(indicator, via=""))
    rated = indicator_statuses(chosen, area, quarter, as_of=latest)
    result: list[IndicatorStatus] = dashboard_analysis(rated, [area], quarter)
    return quarter, result


def grants() -> QuerySet:
    return Grant.objects.select_related("stream", "recipient").order_by("starts_on", "title", "pk")


def allocations(grant: int | None = None) -> QuerySet:
    rows = Allocation.objects.select_related("grant", "partnership", "priority")
    if grant is not None:
        rows = rows.filter(grant_id=grant)
    return rows.order_by("grant__starts_on", "grant_id", "order", "label", "pk")


def spend(grant: int | None = None, year: FinancialYear | None = None) -> QuerySet:
    rows = SpendLine.objects.select_related("allocation__grant")
    if grant is not None:
        rows = rows.filter(allocation__grant_id=grant)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("allocation__grant_id", "allocation_id", "year", "quarter", "item", "pk")
