"""Reads for indicator pages and data-quality checks."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce

from core.periods import Quarter
from core.totals import TotalCheck, check_total
from indicators import forecast, rag
from indicators.models import Baseline, Frequency, Indicator, Measurement, Polarity, Target, ToleranceKind, Unit
from partnerships.models import Area, DeliveryStatus, Milestone, Partnership


def disaggregation_checks() -> list[TotalCheck]:
    """District count targets against the county target they disaggregate.

    Only counts add up (rates and percentages do not), so this covers indicators
    whose unit is a count and the indicative counts behind rate targets. One query.
    """
    targets = Target.objects.filter(
        Q(is_indicative=True) | Q(indicator__unit=Unit.COUNT),
        value__isnull=False,
        area__kind__in=[Area.Kind.COUNTY, Area.Kind.DISTRICT],
    ).select_related("indicator", "area")
    county = {}
    districts = defaultdict(list)
    for target in targets:
        key = (target.indicator, target.year, target.is_indicative)
        if target.area.kind == Area.Kind.COUNTY:
            county[key] = target
        else:
            districts[(key, target.area.parent_id)].append(target)
    checks = []
    for key, county_target in sorted(county.items(), key=lambda item: (item[0][0].code, item[0][1])):
        lines = districts.get((key, county_target.area_id), [])
        if not lines:
            continue
        indicator, year, indicative = key
        measure = "indicative count" if indicative else "target"
        checks.append(
            check_total(
                f"{indicator.code} {year} {measure}",
                f"{county_target.area} figure against its {len(lines)} districts",
                county_target.value,
                [t.value for t in lines],
                county_target.source,
            )
        )
    return checks


# --- Quarterly status (dashboard, indicator and partnership pages) ---------------------------------


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator's position for an area at the end of a quarter."""

    indicator: Indicator
    area: Area
    figure: Decimal | None
    measurement: Measurement | None
    annual_target: Decimal | None
    target_due: Decimal | None
    rating: rag.Rating
    direction: rag.Direction
    forecast: Decimal | None
    last_year: Decimal | None
    # Filled in by indicators.analysis.dashboard_analysis (SPC and significance); None where not assessed.
    variation: object = None
    assurance: object = None
    direction_significant: bool | None = None
    forecast_method: str = ""
    figure_note: str = ""  # which figure answers for the period, when it is not simply the quarter's own

    @property
    def status(self) -> rag.Status:
        return self.rating.status

    @property
    def status_rank(self) -> int:
        return self.rating.status.rank

    @property
    def is_synthetic(self) -> bool:
        return bool(self.measurement and self.measurement.is_synthetic)


def _preferred(*candidates: Measurement | None) -> Measurement | None:
    """The first real figure among ``candidates``, else the first synthetic one: a figure from a document or a
    return always answers before a demonstration figure for the same area and period."""
    present = [m for m in candidates if m is not None]
    return next((m for m in present if not m.is_synthetic), present[0] if present else None)


def figure_note(indicator: Indicator, chosen: Measurement | None, *candidates: Measurement | None) -> str:
    """Say so when a whole-year figure stands for the year end, or a real figure for a synthetic one."""
    if chosen is None:
        return ""
    words = []
    if chosen.quarter is None and indicator.frequency == Frequency.QUARTERLY:
        words.append(f"Whole-year figure for {chosen.year}, rated as the year-end (Q4) status.")
    if not chosen.is_synthetic and any(m is not None and m.is_synthetic for m in candidates):
        words.append("The real figure is used; a synthetic demonstration figure for the same period is set aside.")
    return " ".join(words)


def _figure_for(indicator: Indicator, year: int, quarter: int, by_period: dict) -> Measurement | None:
    """The measurement that answers for ``quarter``: the quarter's own; at Q4 (and for annual and survey
    indicators) a whole-year figure too, the real one first."""
    own = by_period.get((indicator.pk, year, quarter))
    if indicator.frequency == Frequency.QUARTERLY and quarter != 4:
        return own
    whole_year = by_period.get((indicator.pk, year, None))
    q4 = by_period.get((indicator.pk, year, 4))
    return _preferred(whole_year, q4)


def _recent_quarters(indicator: Indicator, quarter: Quarter, chosen, by_period: dict) -> list:
    """The last four quarterly figures up to ``quarter`` (oldest first), ``chosen`` standing for this one."""
    shown, values = quarter, []
    for _ in range(3):
        shown = shown.previous()
        m = by_period.get((indicator.pk, shown.year.start_year, shown.number))
        values.insert(0, None if m is None else m.value)
    return [*values, None if chosen is None else chosen.value]


def rules_for(indicator: Indicator) -> rag.IndicatorRules:
    """The indicator's rating rules, the one adapter from the model to ``rag`` (no query)."""
    quarterly = indicator.frequency == Frequency.QUARTERLY
    profile = indicator.quarterly_profile
    return rag.IndicatorRules(
        higher_is_better=indicator.polarity == Polarity.HIGHER_IS_BETTER,
        tolerance=indicator.amber_tolerance,
        tolerance_is_absolute=indicator.tolerance_kind == ToleranceKind.ABSOLUTE,
        unit=UNIT_SUFFIX.get(indicator.unit, ""),
        places=indicator.decimal_places,
        quarterly=quarterly,
        lag_quarters=indicator.reporting_lag_quarters,
        cumulative=indicator.is_cumulative and quarterly,
        profile=tuple(Decimal(str(share)) for share in profile) if profile else None,
        survey_years=frozenset(indicator.survey_years) if indicator.survey_years else None,
    )


def rate_indicator(
    indicator: Indicator,
    area: Area,
    quarter: Quarter,
    measurement,
    last_year_measurement,
    target,
    *,
    as_of: Quarter | None = None,
    recent=None,
    note: str = "",
) -> IndicatorStatus:
    """Pure combination of the fetched rows through the RAG engine (no query).

    ``as_of``: the quarter the page reports from (the area's latest with figures); a missing figure is
    Missing once its period and the indicator's lag have ended by then. ``recent``: the last four quarterly
    figures for the forecast.
    """
    rules = rules_for(indicator)
    annual_target = None if target is None or target.is_data_only else target.effective_value
    figure = None if measurement is None else measurement.value
    last_year = None if last_year_measurement is None else last_year_measurement.value
    as_of = max(as_of, quarter) if as_of is not None else quarter
    outlook = forecast.forecast_outturn(
        rules,
        quarter.number,
        recent if recent is not None else [figure],
        whole_year=measurement is not None and measurement.quarter is None,
    )
    return IndicatorStatus(
        indicator=indicator,
        area=area,
        figure=figure,
        measurement=measurement,
        annual_target=annual_target,
        target_due=rules.target_due(annual_target, quarter.number),
        rating=rag.rate_in_quarter(
            rules,
            figure,
            annual_target,
            quarter.number,
            year=quarter.year.start_year,
            as_of=(as_of.year.start_year, as_of.number),
        ),
        direction=rag.direction_of_travel(figure, last_year, higher_is_better=rules.higher_is_better),
        forecast=outlook.value,
        forecast_method=outlook.method,
        last_year=last_year,
        figure_note=note,
    )


def indicator_statuses(indicators, area: Area, quarter: Quarter, *, as_of: Quarter | None = None):
    """Every indicator's status for ``area`` at ``quarter`` (see ``statuses_for_areas``)."""
    return statuses_for_areas(indicators, [area], quarter, as_of={area.pk: as_of} if as_of else None)


def statuses_for_areas(indicators, areas, quarter: Quarter, *, as_of: dict | None = None) -> list[IndicatorStatus]:
    """Every indicator's status for each of ``areas`` at ``quarter``, area by area.

    Three queries whatever the number of indicators, areas or figures in the database: the indicators,
    their measurements for this year and last (every quarter, for the forecast, and whole-year figures),
    and their targets for the year. ``as_of`` maps an area's id to the quarter its page reports from.
    """
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    years = [quarter.year.start_year, quarter.year.start_year - 1]
    measurements = Measurement.objects.published().filter(indicator_id__in=ids, area__in=areas, year__in=years)
    by_area = defaultdict(dict)
    for m in measurements:
        by_area[m.area_id][(m.indicator_id, m.year.start_year, m.quarter)] = m
    targets = {
        (t.area_id, t.indicator_id): t
        for t in Target.objects.primary().filter(area__in=areas, indicator_id__in=ids, year=quarter.year)
    }
    return [
        status_from(indicator, area, quarter, by_area[area.pk], targets.get((area.pk, indicator.pk)), as_of)
        for area in areas
        for indicator in indicators
    ]


def status_from(indicator, area, quarter: Quarter, by_period: dict, target, as_of: dict | None) -> IndicatorStatus:
    """One indicator's status for one area from the area's figures keyed (indicator id, year, quarter)."""
    year = quarter.year.start_year
    last_year = quarter.same_quarter_last_year()
    chosen = _figure_for(indicator, year, quarter.number, by_period)
    return rate_indicator(
        indicator,
        area,
        quarter,
        chosen,
        _figure_for(indicator, last_year.year.start_year, last_year.number, by_period),
        target,
        as_of=(as_of or {}).get(area.pk),
        recent=_recent_quarters(indicator, quarter, chosen, by_period),
        note=figure_note(
            indicator,
            chosen,
            by_period.get((indicator.pk, year, None)),
            by_period.get((indicator.pk, year, quarter.number)),
        ),
    )


def status_counts(statuses) -> dict[rag.Status, int]:
    counts = {status: 0 for status in rag.Status}
    for item in statuses:
        counts[item.status] += 1
    return counts


def latest_quarters(areas) -> dict[int, Quarter]:
    """Each area's latest quarter with a published figure (a whole-year figure counts as its Q4). One query.

    This is the quarter each area's pages open on and report from: a figure loaded late for one area moves
    that area's pages only.
    """
    rows = (
        Measurement.objects.published()
        .filter(area__in=areas)
        .values("area_id")
        .annotate(last=Max(F("year") * 4 + Coalesce("quarter", 4) - 1))
    )
    return {row["area_id"]: Quarter(row["last"] // 4, row["last"] % 4 + 1) for row in rows}


def latest_quarter_with_figures(area: Area | None = None) -> Quarter | None:
    """The most recent quarter with a published figure for the area (any area, if none given). One query."""
    if area is not None:
        return latest_quarters([area]).get(area.pk)
    last = Measurement.objects.published().aggregate(last=Max(F("year") * 4 + Coalesce("quarter", 4) - 1))["last"]
    return None if last is None else Quarter(last // 4, last % 4 + 1)


def milestone_counts(quarter: Quarter, *, areas=None) -> dict[str, int]:
    """Delivery status counts of the action-plan milestones due in ``quarter``. One query.

    ``areas``: only the milestones of partnerships covering one of them or an area within one (a county's
    dashboard counts its district partnerships' milestones; a district's only its own partnerships').
    """
    rows = Milestone.objects.filter(year=quarter.year, quarter=quarter.number)
    if areas is not None:
        covering = Partnership.objects.filter(Q(areas__in=areas) | Q(areas__parent__in=areas))
        rows = rows.filter(action__priority__partnership__in=covering)
    counts = {label: 0 for _, label in DeliveryStatus.choices}
    labels = dict(DeliveryStatus.choices)
    for row in rows.values("status").annotate(n=Count("pk", distinct=True)):
        counts[labels[row["status"]]] = row["n"]
    return counts


def performance_by_area(areas, quarter: Quarter | None, latest: dict) -> list[tuple[Area, list[IndicatorStatus]]]:
    """Each area's indicators rated for ``quarter``: those with a target or a figure for that area; ``latest`` is
    each area's latest quarter with figures (the status's "as of"). Four queries however many areas."""
    if quarter is None:
        return []
    areas = list(areas)
    # Which indicators each area has anything for: one UNION (distinct) over the (indicator, area, …) indexes.
    pairs = set(
        Measurement.objects.filter(area__in=areas)
        .order_by()
        .values_list("indicator_id", "area_id")
        .union(Target.objects.filter(area__in=areas).order_by().values_list("indicator_id", "area_id"))
    )
    indicators = Indicator.objects.for_dashboard(quarter.year).filter(pk__in={indicator for indicator, _ in pairs})
    statuses = statuses_for_areas(indicators, areas, quarter, as_of=latest)
    return [
        (area, [s for s in statuses if s.area.pk == area.pk and (s.indicator.pk, area.pk) in pairs]) for area in areas
    ]


def baselines_and_targets(indicator: Indicator, areas) -> tuple:
    """The indicator's baselines and targets for these areas only (lazy querysets).

    The area, the level above it (the force area's confidence target, above the county) and its districts only:
    at national scale an indicator has targets for hundreds of areas.
    """
    with_groups = Area.objects.and_their_groups(areas)  # and any group of them (the local PSA's two districts)
    baselines = Baseline.objects.filter(indicator=indicator, area__in=with_groups).select_related("area")
    targets = (
        Target.objects.filter(indicator=indicator, area__in=with_groups)
        .select_related("area")
        .prefetch_related("parts")
        .order_by("is_indicative", "year", "area__kind", "area__name")
    )
    return baselines, targets


UNIT_SUFFIX = {
    Unit.RATE_PER_1000: "per 1,000",
    Unit.PERCENTAGE: "%",
    Unit.PERCENT_DIFFERENCE: "% from predicted",
    Unit.OFFENCES_PER_OFFENDER: "offences per offender",
}


@dataclass
class SeriesRow:
    label: str
    area_value: Decimal | None
    target: Decimal | None
    district_value: Decimal | None
    district_target: Decimal | None = None
    is_synthetic: bool = False  # either figure is synthetic demonstration data


@dataclass
class IndicatorPageData:
    area_series: list
    target_series: list
    baseline: Decimal | None
    districts: list
    district: Area | None
    district_series: list
    district_target_series: list
    rows: list
    comparison_quarter: Quarter | None
    comparison: list
    off_track: list
    levels: list = field(default_factory=list)  # the area's and the level above's status at ``levels_quarter``
    levels_quarter: str = ""
    levels_period: Quarter | None = None
    levels_caption: str = ""
    latest: Quarter | None = None  # the area's latest quarter with published figures (the page's default)


def _period_key(measurement) -> tuple[int, int]:
    return (measurement.year.start_year, measurement.quarter or 4)


def _levels_key(quarter: Quarter | None, latest: Quarter | None, dated: set, targets: list) -> tuple[int, int] | None:
    """The period the area and the level above are rated at: the chosen quarter; else the area's latest quarter
    with figures (the dashboard's default) when the indicator has a figure or target that year (``dated``);
    else the year end of the latest target, rated with no figure yet (confidence "by 2012")."""
    if quarter is not None:
        return (quarter.year.start_year, quarter.number)
    if latest is not None and latest.year.start_year in dated:
        return (latest.year.start_year, latest.number)
    return max(((t.year.start_year, 4) for t in targets if t.year is not None), default=None)


def _label(indicator: Indicator, year: int, quarter: int | None) -> str:
    if indicator.frequency == Frequency.QUARTERLY and quarter:
        return Quarter(year, quarter).label
    return str(Quarter(year, 4).year)


def indicator_page_data(indicator: Indicator, area: Area, *, district_slug=None, quarter=None) -> IndicatorPageData:
    """Everything the indicator page charts and tabulates, in five queries whatever the data size."""
    from indicators.charts import SeriesPoint

    districts = list(Area.objects.filter(parent=area).order_by("name"))
    district = next((d for d in districts if d.slug == district_slug), None)
    area_ids = [area.pk, *([area.parent_id] if area.parent_id else []), *[d.pk for d in districts]]
    measurements = list(
        Measurement.objects.published().filter(indicator=indicator, area_id__in=area_ids).order_by("year", "quarter")
    )
    targets = {
        (t.area_id, t.year.start_year): t
        for t in Target.objects.primary().filter(indicator=indicator, area_id__in=area_ids)
    }
    baseline = (
        Baseline.objects.primary()
        .for_area(area)
        .filter(indicator=indicator, value__isnull=False)
        .order_by("-year")
        .values_list("value", flat=True)
        .first()
    )
    as_of = latest_quarters(area_ids)
    by_area = defaultdict(dict)
    for m in measurements:
        by_area[m.area_id][(indicator.pk, m.year.start_year, m.quarter)] = m

    periods = sorted({_period_key(m) for m in measurements})

    def status_at(area_obj, year, q):
        target = targets.get((area_obj.pk, year))
        return status_from(indicator, area_obj, Quarter(year, q), by_area[area_obj.pk], target, as_of)

    rows, area_series, target_series, district_series, district_target_series, off_track = [], [], [], [], [], []
    for year, q in periods:
        label = _label(indicator, year, q)
        own = status_at(area, year, q)
        chosen = status_at(district, year, q) if district else None
        synthetic = own.is_synthetic or bool(chosen and chosen.is_synthetic)
        rows.append(
            SeriesRow(
                label,
                own.figure,
                own.target_due,
                chosen.figure if chosen else None,
                chosen.target_due if chosen else None,
                is_synthetic=synthetic,
            )
        )
        area_series.append(SeriesPoint(label, own.figure))
        if own.target_due is not None:
            target_series.append(SeriesPoint(label, own.target_due))
        if chosen:
            district_series.append(SeriesPoint(label, chosen.figure))
            if chosen.target_due is not None:
                district_target_series.append(SeriesPoint(label, chosen.target_due))
        for item in (own, chosen):
            if item and item.status in (rag.Status.AMBER, rag.Status.RED):
                off_track.append((label, item))

    comparison_quarter = None
    comparison = []
    if districts and periods:
        wanted = (quarter.year.start_year, quarter.number) if quarter else periods[-1]
        key = wanted if wanted in periods else periods[-1]
        comparison_quarter = _label(indicator, *key)
        comparison = [status_at(d, *key) for d in districts]
    own = (area.pk, area.parent_id)
    levels_targets = [t for (a, _), t in targets.items() if a in own]
    dated = {t.year.start_year for t in levels_targets} | {m.year.start_year for m in measurements if m.area_id in own}
    levels_key = _levels_key(quarter, as_of.get(area.pk), dated, levels_targets)
    levels = [status_at(a, *levels_key) for a in (area, area.parent) if a] if levels_key else []
    return IndicatorPageData(
        levels=levels,
        levels_quarter=_label(indicator, *levels_key) if levels_key else "",
        levels_period=Quarter(*levels_key) if levels_key else None,
        levels_caption=(
            f"{area.name}{f' and {area.parent.name}, the level above' if area.parent else ''}, "
            f"{_label(indicator, *levels_key) if levels_key else ''}"
        ),
        latest=as_of.get(area.pk),
        area_series=area_series,
        target_series=target_series,
        baseline=baseline,
        districts=districts,
        district=district,
        district_series=district_series,
        district_target_series=district_target_series,
        rows=rows,
        comparison_quarter=comparison_quarter,
        comparison=comparison,
        off_track=off_track,
    )
