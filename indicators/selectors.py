"""Reads for indicator pages and data-quality checks."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from core.periods import Quarter
from core.totals import TotalCheck, check_total
from indicators import rag
from indicators.models import Baseline, Frequency, Indicator, Measurement, Polarity, Target, ToleranceKind, Unit
from partnerships.models import Area, DeliveryStatus, Milestone


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

    @property
    def status(self) -> rag.Status:
        return self.rating.status

    @property
    def status_rank(self) -> int:
        return self.rating.status.rank

    @property
    def is_synthetic(self) -> bool:
        return bool(self.measurement and self.measurement.is_synthetic)


def _figure_for(indicator: Indicator, quarter: Quarter, by_period: dict) -> Measurement | None:
    """The measurement that answers for ``quarter``: the quarter's own, or the year's for annual indicators."""
    if indicator.frequency == Frequency.QUARTERLY:
        return by_period.get((indicator.pk, quarter.year.start_year, quarter.number))
    return by_period.get((indicator.pk, quarter.year.start_year, None)) or by_period.get(
        (indicator.pk, quarter.year.start_year, 4)
    )


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
    )


def rate_indicator(
    indicator: Indicator, area: Area, quarter: Quarter, measurement, last_year_measurement, target
) -> IndicatorStatus:
    """Pure combination of the fetched rows through the RAG engine (no query)."""
    rules = rules_for(indicator)
    annual_target = None if target is None or target.is_data_only else target.effective_value
    figure = None if measurement is None else measurement.value
    last_year = None if last_year_measurement is None else last_year_measurement.value
    return IndicatorStatus(
        indicator=indicator,
        area=area,
        figure=figure,
        measurement=measurement,
        annual_target=annual_target,
        target_due=rules.target_due(annual_target, quarter.number),
        rating=rag.rate_in_quarter(rules, figure, annual_target, quarter.number),
        direction=rag.direction_of_travel(figure, last_year, higher_is_better=rules.higher_is_better),
        forecast=rag.forecast_outturn(figure, quarter.number, cumulative=rules.cumulative, profile=rules.profile),
        last_year=last_year,
    )


def indicator_statuses(indicators, area: Area, quarter: Quarter) -> list[IndicatorStatus]:
    """Every indicator's status for ``area`` at ``quarter``.

    Three queries whatever the number of indicators or figures in the database:
    the indicators, their measurements for this quarter and the same quarter last
    year (plus whole-year figures), and their targets for the year.
    """
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    years = [quarter.year.start_year, quarter.year.start_year - 1]
    measurements = (
        Measurement.objects.published()
        .filter(indicator_id__in=ids, area=area, year__in=years)
        .filter(Q(quarter=quarter.number) | Q(quarter__isnull=True) | Q(quarter=4))
    )
    by_period = {(m.indicator_id, m.year.start_year, m.quarter): m for m in measurements}
    targets = {
        t.indicator_id: t
        for t in Target.objects.primary().for_area(area).filter(indicator_id__in=ids, year=quarter.year)
    }
    last_year = quarter.same_quarter_last_year()
    return [
        rate_indicator(
            indicator,
            area,
            quarter,
            _figure_for(indicator, quarter, by_period),
            _figure_for(indicator, last_year, by_period),
            targets.get(indicator.pk),
        )
        for indicator in indicators
    ]


def status_counts(statuses) -> dict[rag.Status, int]:
    counts = {status: 0 for status in rag.Status}
    for item in statuses:
        counts[item.status] += 1
    return counts


def latest_quarter_with_figures(area: Area | None = None) -> Quarter | None:
    """The most recent quarter that has any quarterly figure (for the area, if given). One query."""
    rows = Measurement.objects.published().filter(quarter__isnull=False)
    if area is not None:
        rows = rows.filter(area=area)
    latest = rows.order_by("-year", "-quarter").values_list("year", "quarter").first()
    if latest:
        return Quarter(latest[0], latest[1])
    year = Measurement.objects.order_by("-year").values_list("year", flat=True).first()
    return Quarter(year, 4) if year else None


def milestone_counts(quarter: Quarter, partnerships=None) -> dict[str, int]:
    """Delivery status counts of the action-plan milestones due in ``quarter``. One query."""
    rows = Milestone.objects.filter(year=quarter.year, quarter=quarter.number)
    if partnerships is not None:
        rows = rows.filter(action__priority__partnership__in=partnerships)
    counts = {label: 0 for _, label in DeliveryStatus.choices}
    labels = dict(DeliveryStatus.choices)
    for row in rows.values("status").annotate(n=Count("pk")):
        counts[labels[row["status"]]] = row["n"]
    return counts


def performance_by_area(areas, quarter: Quarter | None) -> list[tuple[Area, list[IndicatorStatus]]]:
    """Each area's indicators rated for ``quarter``: those with a target or a figure for that area."""
    if quarter is None:
        return []
    performance = []
    for area in areas:
        # EXISTS on the (indicator, area, …) unique indexes: no join fan-out over the figures table.
        indicators = Indicator.objects.for_dashboard(quarter.year).filter(
            Exists(Target.objects.filter(indicator=OuterRef("pk"), area=area))
            | Exists(Measurement.objects.filter(indicator=OuterRef("pk"), area=area))
        )
        performance.append((area, indicator_statuses(indicators, area, quarter)))
    return performance


def baselines_and_targets(indicator: Indicator, areas) -> tuple:
    """The indicator's baselines and targets for these areas only (lazy querysets).

    The county and its districts only: at national scale an indicator has targets for hundreds of areas.
    """
    baselines = Baseline.objects.filter(indicator=indicator, area__in=areas).select_related("area")
    targets = (
        Target.objects.filter(indicator=indicator, area__in=areas)
        .select_related("area")
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


def _period_key(measurement) -> tuple[int, int]:
    return (measurement.year.start_year, measurement.quarter or 4)


def _label(indicator: Indicator, year: int, quarter: int | None) -> str:
    if indicator.frequency == Frequency.QUARTERLY and quarter:
        return Quarter(year, quarter).label
    return str(Quarter(year, 4).year)


def indicator_page_data(indicator: Indicator, area: Area, *, district_slug=None, quarter=None) -> IndicatorPageData:
    """Everything the indicator page charts and tabulates, in four queries whatever the data size."""
    from indicators.charts import SeriesPoint

    districts = list(Area.objects.filter(parent=area).order_by("name"))
    district = next((d for d in districts if d.slug == district_slug), None)
    area_ids = [area.pk, *[d.pk for d in districts]]
    measurements = list(
        Measurement.objects.published().filter(indicator=indicator, area_id__in=area_ids).order_by("year", "quarter")
    )
    if indicator.frequency == Frequency.QUARTERLY:
        measurements = [m for m in measurements if m.quarter is not None] or measurements
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
    by_area = defaultdict(dict)
    for m in measurements:
        by_area[m.area_id][_period_key(m)] = m

    periods = sorted({_period_key(m) for m in measurements})

    def status_at(area_obj, year, q):
        m = by_area[area_obj.pk].get((year, q))
        last = by_area[area_obj.pk].get((year - 1, q))
        return rate_indicator(indicator, area_obj, Quarter(year, q), m, last, targets.get((area_obj.pk, year)))

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
    return IndicatorPageData(
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
