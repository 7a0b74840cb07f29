"""Is the change real? Reads the figures the pages already fetched into ``core.analysis`` and shapes the answers.

- The indicator page: an XmR chart of the reporting area's series, its variation and assurance, each district
  against the county for the chosen quarter (interval and verdict) and a funnel plot.
- The dashboard: variation and assurance beside each status, and "(significant)" on the direction of travel.

Denominators: a rate per 1,000 is turned back into a count with the figure's own numerator when it has one,
else with the area's population for the year (``Population.objects``; the kind and source go with it), rounded
to whole events. A quarterly rate is read as a rate over a year (NI 20's figures are not cumulative), so the
count is the year's events. A percentage needs its numerator and denominator (Wilson's interval).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core.analysis.compare import Verdict, proportion_difference_interval, rate_ratio_interval, verdict
from core.analysis.intervals import CONFIDENCE_998, Interval, rate_interval, wilson_interval
from core.analysis.spc import MDC_DEFAULTS, SpcParams, SpcResult, xmr
from indicators.models import Frequency, Measurement, Polarity, Unit
from partnerships.populations import Population, best_population

PER = 1000  # rates are per 1,000 population
# MDC asks for at least 15 points before limits are trusted; this project applies exactly that (SpcParams).
SPC_PARAMS = MDC_DEFAULTS


def higher_is_better(indicator) -> bool:
    return indicator.polarity == Polarity.HIGHER_IS_BETTER


@dataclass(frozen=True)
class Estimate:
    """A figure with its intervals, and how its count and denominator were found (for the table)."""

    value: float
    count: float
    denominator: float
    interval: Interval
    wide_interval: Interval  # 99.8%
    denominator_note: str


def estimate(indicator, measurement: Measurement | None, population: Population | None) -> Estimate | None:
    """The figure's 95% and 99.8% intervals, or None when the unit or the missing denominator allows none."""
    if measurement is None or measurement.value is None:
        return None
    value = float(measurement.value)
    if indicator.unit == Unit.RATE_PER_1000:
        denominator = float(measurement.denominator) if measurement.denominator else None
        note = "the figure's own denominator"
        if denominator is None and population is not None:
            denominator = float(population.value)
            note = f"{population.year} population, {population.get_kind_display().lower()}: {population.source}"
        if not denominator:
            return None
        count = float(measurement.numerator) if measurement.numerator else float(round(value * denominator / PER))
        return Estimate(
            value,
            count,
            denominator,
            rate_interval(count, denominator, per=PER),
            rate_interval(count, denominator, per=PER, confidence=CONFIDENCE_998),
            note,
        )
    if indicator.unit == Unit.PERCENTAGE and measurement.numerator is not None and measurement.denominator:
        x, n = float(measurement.numerator), float(measurement.denominator)
        if not 0 <= x <= n:
            return None
        return Estimate(
            value,
            x,
            n,
            wilson_interval(x, n).scaled(100),
            wilson_interval(x, n, CONFIDENCE_998).scaled(100),
            "the figure's own numerator and denominator",
        )
    return None


@dataclass(frozen=True)
class DistrictComparison:
    area: object
    estimate: Estimate | None
    verdict: Verdict

    @property
    def short_verdict(self) -> str:
        return {"better": "Better", "similar": "Similar", "worse": "Worse"}.get(self.verdict.value, "Not compared")


@dataclass
class IndicatorAnalysis:
    spc: SpcResult | None
    labels: list[str]
    target: float | None
    comparator: float | None = None
    comparisons: list = dataclasses.field(default_factory=list)
    quarter_label: str | None = None

    @property
    def spc_rows(self):
        """The SPC chart's data table: label, figure, mean, limits and the rule that fired, in words."""
        for label, point in zip(self.labels, self.spc.points, strict=True):
            yield label, point, self.spc.rule_text(point)

    @property
    def compared(self) -> bool:
        return any(c.estimate for c in self.comparisons)


def indicator_analysis(indicator, area, data, *, params: SpcParams = SPC_PARAMS) -> IndicatorAnalysis | None:
    """The indicator page's analysis from ``indicator_page_data``'s result, plus one query for populations."""
    if not data.area_series:
        return None
    pairs = [(p.label, float(p.value)) for p in data.area_series if p.value is not None]
    target = float(data.target_series[-1].value) if data.target_series else None
    spc = xmr([v for _, v in pairs], higher_is_better=higher_is_better(indicator), target=target, params=params)
    result = IndicatorAnalysis(spc=spc if pairs else None, labels=[label for label, _ in pairs], target=target)
    if not data.comparison_quarter or not data.comparison:
        return result
    county_row = next((r for r in data.rows if r.label == data.comparison_quarter), None)
    comparator = float(county_row.area_value) if county_row and county_row.area_value is not None else None
    # The quarter's year from any district that has a figure (the first, alphabetically, may have none).
    year = next((row.measurement.year.start_year for row in data.comparison if row.measurement), None)
    populations = {}
    if indicator.unit == Unit.RATE_PER_1000 and year is not None:
        populations = Population.objects.best_for([row.area.pk for row in data.comparison], year)
    comparisons = []
    for row in data.comparison:
        found = estimate(indicator, row.measurement, populations.get(row.area.pk))
        judged = verdict(found.interval if found else None, comparator, higher_is_better=higher_is_better(indicator))
        comparisons.append(DistrictComparison(row.area, found, judged))
    result.comparator, result.comparisons, result.quarter_label = comparator, comparisons, data.comparison_quarter
    return result


# --- The dashboard ------------------------------------------------------------------------------------------


def _changed_significantly(indicator, status, last_year, populations, quarter) -> bool | None:
    """Does this quarter's figure differ significantly from the same quarter last year? None when no test applies."""
    now = status.measurement
    if now is None or last_year is None or now.value is None or last_year.value is None:
        return None
    if indicator.unit == Unit.PERCENTAGE:
        if None in (now.numerator, now.denominator, last_year.numerator, last_year.denominator):
            return None
        args = (now.numerator, now.denominator, last_year.numerator, last_year.denominator)
        x1, n1, x2, n2 = (float(a) for a in args)
        if not (n1 and n2 and 0 <= x1 <= n1 and 0 <= x2 <= n2):
            return None
        return not proportion_difference_interval(x1, n1, x2, n2).contains(0)
    if indicator.unit != Unit.RATE_PER_1000:
        return None
    a = estimate(indicator, now, best_population(populations, quarter.year.start_year))
    b = estimate(indicator, last_year, best_population(populations, quarter.year.start_year - 1))
    if a is None or b is None:
        return None
    ratio = rate_ratio_interval(a.count, a.denominator, b.count, b.denominator)
    return ratio is not None and not ratio.contains(1)


def dashboard_analysis(statuses, areas, quarter, *, params: SpcParams = SPC_PARAMS) -> list:
    """Each status with its variation, assurance and direction significance. Two queries whatever the data:
    the areas' published quarterly figures up to the quarter, and the areas' populations."""
    ids = [s.indicator.pk for s in statuses]
    rows = (
        Measurement.objects.published()
        .filter(indicator_id__in=ids, area__in=areas, quarter__isnull=False, year__lte=quarter.year)
        .order_by("year", "quarter")
        .only("indicator_id", "area_id", "year", "quarter", "value", "numerator", "denominator")
    )
    series, by_period = {}, {}
    for m in rows:
        if (m.year.start_year, m.quarter) > (quarter.year.start_year, quarter.number):
            continue
        by_period[(m.indicator_id, m.area_id, m.year.start_year, m.quarter)] = m
        if m.value is not None:
            series.setdefault((m.indicator_id, m.area_id), []).append(float(m.value))
    populations = {}
    for population in Population.objects.filter(area__in=areas):
        populations.setdefault(population.area_id, []).append(population)
    result = []
    for status in statuses:
        indicator = status.indicator
        if indicator.frequency != Frequency.QUARTERLY:
            result.append(status)
            continue
        target = float(status.target_due) if status.target_due is not None else None
        spc = xmr(
            series.get((indicator.pk, status.area.pk), []),
            higher_is_better=higher_is_better(indicator),
            target=target,
            params=params,
        )
        last_year = by_period.get((indicator.pk, status.area.pk, quarter.year.start_year - 1, quarter.number))
        significant = _changed_significantly(indicator, status, last_year, populations.get(status.area.pk, []), quarter)
        result.append(
            dataclasses.replace(
                status, variation=spc.variation, assurance=spc.assurance, direction_significant=significant
            )
        )
    return result


def analysis_context(indicator, area, data, unit: str) -> dict:
    """The indicator page's analysis, SPC chart and funnel plot, ready for ``templates/indicators/_analysis.html``."""
    from core.charts import figure_data
    from indicators.analysis_charts import funnel_figure, spc_figure

    analysis = indicator_analysis(indicator, area, data)
    if analysis is None or analysis.spc is None:
        return {"analysis": None}
    spc_chart = spc_figure(
        title=f"{indicator.code}: {area.name}, statistical process control",
        unit=unit,
        analysis=analysis,
        higher_is_better=higher_is_better(indicator),
    )
    funnel = None
    if analysis.compared and analysis.comparator and indicator.unit == Unit.RATE_PER_1000:
        funnel = funnel_figure(
            title=f"{indicator.code}: districts against {area.name}, {analysis.quarter_label}",
            unit=unit,
            comparator=analysis.comparator,
            comparisons=analysis.comparisons,
        )
    return {
        "analysis": analysis,
        "spc_chart": figure_data(spc_chart),
        "funnel_chart": figure_data(funnel) if funnel else None,
    }
