"""The Board report's one read: ``board_report`` fills a ``BoardReport`` from the database.

Every judgement comes from the rule the pages already use, never a second one: statuses from
``indicators.selectors`` (the RAG engine, the forecast), variation and assurance from
``indicators.analysis.dashboard_analysis``, the printed summary beside the computed one from
``indicators.reported.reported_summary_panels``, direction words from the dashboard table's rule.
The query count is fixed whatever the number of indicators (``tests/reports/test_selectors.py`` pins it).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Q
from django.utils import timezone

from core.display import format_number
from core.periods import FinancialYear, Quarter
from indicators import rag
from indicators.analysis import dashboard_analysis
from indicators.judgements import DeliveryJudgement, DeliveryRag, IndicatorCommentary
from indicators.models import Indicator, Measurement, Target
from indicators.reported import NO_JUDGEMENT, REWARD_STATUSES, reported_summary_panels
from indicators.selectors import UNIT_SUFFIX, disaggregation_checks, status_from, statuses_for_areas
from indicators.tables import _direction as direction_text  # the dashboard's "(significant)" rule, not a copy
from partnerships.models import Area
from reports.contents import (
    DELIVERY_COLUMNS,
    OUTCOME_COLUMNS,
    BoardReport,
    DistrictCell,
    DistrictRow,
    DistrictTable,
    ReportLine,
    StatusCount,
    SummaryTable,
    TrendPoint,
)
from reports.resources import funding_notes, report_resources

TITLE = "Safer Communities: quarterly performance report"
TREND_QUARTERS = 8

# Seed 003's outcome columns for the engine's statuses. A figure due but not reported is "Not available";
# a figure not due yet, or a figure with no numeric target to be measured against, is "Not measurable yet".
OUTCOME_COLUMN_FOR = {
    rag.Status.GREEN: "Green",
    rag.Status.AMBER: "Amber",
    rag.Status.RED: "Red",
    rag.Status.MISSING: "Not available",
    rag.Status.NOT_DUE: "Not measurable yet",
    rag.Status.DATA_ONLY: "Not measurable yet",
}
DELIVERY_LABELS = {value: value.name.title() for value in DeliveryRag}


def board_report(area: Area, quarter: Quarter, agreement, *, outcomes=None) -> BoardReport:
    """The quarterly Board report for ``area`` at ``quarter`` on ``agreement``'s indicators (``outcomes``: only
    those listed under these outcomes, the report on one block or outcome set)."""
    indicators = _indicators(agreement, quarter, outcomes)
    statuses = dashboard_analysis(statuses_for_areas(indicators, [area], quarter), [area], quarter)
    ids = [s.indicator.pk for s in statuses]
    judgements = {
        j.indicator_id: j for j in DeliveryJudgement.objects.in_quarter(quarter).filter(area=area, indicator_id__in=ids)
    }
    commentaries = defaultdict(list)
    for c in IndicatorCommentary.objects.filter(
        area=area, indicator_id__in=ids, year=quarter.year, quarter=quarter.number
    ):
        commentaries[c.indicator_id].append(f"{c.heading}: {c.text} ({c.source})")
    trends, trend_synthetic = _trends(indicators, area, quarter)
    lines = tuple(_line(s, judgements.get(s.indicator.pk), commentaries, trends) for s in statuses)
    districts = list(Area.objects.filter(parent=area, kind=Area.Kind.DISTRICT).order_by("name"))
    district_table, district_synthetic = _district_table(indicators, districts, quarter)
    return BoardReport(
        title=TITLE,
        area_name=area.name,
        area_slug=area.slug,
        agreement_code=agreement.code,
        agreement_name=agreement.name,
        scope_text=_scope_text(agreement, outcomes),
        quarter_label=quarter.label,
        period_text=period_text(quarter),
        generated_at=timezone.now(),
        summaries=_summaries(area, quarter, statuses, lines),
        exceptions=tuple(sorted((x for x in lines if x.status in ("Red", "Amber")), key=lambda x: x.status != "Red")),
        districts=district_table,
        resources=report_resources(area, quarter, agreement.code, [x for x in lines if x.is_reward]),
        appendix=lines,
        quality_notes=(*_quality_notes(indicators, [area, *districts]), *funding_notes(quarter)),
        synthetic=any(s.is_synthetic for s in statuses) or trend_synthetic or district_synthetic,
        file_stem=f"board-report-{area.slug}-{quarter.year.label.replace('/', '-')}-q{quarter.number}",
        links={"dashboard": f"/?area={area.slug}&year={quarter.year.label}&quarter={quarter.number}"},
    )


def period_text(quarter: Quarter) -> str:
    """Purpose and period: the quarter's dates and the year to date (seed 003: "April – December 2006")."""
    start, end, ytd = quarter.start, quarter.end, quarter.year_to_date_start
    return (
        f"Quarter {quarter.number} of {quarter.year.label} ({start:%-d %B} to {end:%-d %B %Y}); "
        f"year to date: {ytd:%B %Y} to {end:%B %Y}."
    )


def _indicators(agreement, quarter: Quarter, outcomes) -> list:
    rows = Indicator.objects.for_dashboard(quarter.year).filter(agreement=agreement)
    if outcomes is not None:
        further = Indicator.further_outcomes.through.objects.filter(outcome__in=outcomes).values("indicator_id")
        rows = rows.filter(Q(outcome__in=outcomes) | Q(pk__in=further))
    return list(rows)


def _scope_text(agreement, outcomes) -> str:
    if outcomes is None:
        return f"All outcomes of {agreement.name}"
    listed = "; ".join(f"{o.code} {o.title}" for o in outcomes)
    return f"{agreement.name}, outcomes: {listed}"


def _figure_text(value, indicator) -> str:
    unit = UNIT_SUFFIX.get(indicator.unit, "")
    shown = format_number(value, indicator.decimal_places)
    return f"{shown}{unit if unit.startswith('%') else f' {unit}' if unit else ''}"


def _line(status, judgement, commentaries, trends) -> ReportLine:
    indicator = status.indicator
    commentary = [status.measurement.commentary] if status.measurement and status.measurement.commentary else []
    return ReportLine(
        decimal_places=indicator.decimal_places,
        code=indicator.code,
        title=indicator.title,
        slug=indicator.slug,
        outcome=f"{indicator.outcome.code} {indicator.outcome.title}" if indicator.outcome else "No outcome recorded",
        is_reward=indicator.reward_status in REWARD_STATUSES,
        unit=UNIT_SUFFIX.get(indicator.unit, ""),
        figure=status.figure,
        figure_text=_figure_text(status.figure, indicator) if status.figure is not None else "No figure",
        target_due=status.target_due,
        target_text=_figure_text(status.target_due, indicator) if status.target_due is not None else "No target",
        status=status.status.label,
        reason=status.rating.explanation,
        direction=direction_text(status),
        forecast_text=_figure_text(status.forecast, indicator) if status.forecast is not None else "No forecast",
        forecast_method=status.forecast_method,
        variation=status.variation.label if status.variation else "",
        assurance=status.assurance.label if status.assurance else "",
        delivery=DELIVERY_LABELS[DeliveryRag(judgement.status)] if judgement else NO_JUDGEMENT,
        delivery_reason=judgement.reason if judgement else "",
        commentary="\n\n".join([*commentary, *commentaries.get(indicator.pk, [])]),
        synthetic=status.is_synthetic,
        trend=trends.get(indicator.pk, ()),
    )


def _trends(indicators, area: Area, quarter: Quarter) -> tuple[dict, bool]:
    """The last eight quarters of each indicator's figures for ``area`` with the target due, through the same
    ``status_from`` as the dashboard (so a whole-year figure answers for Q4 as it does there). Two queries."""
    first = quarter
    for _ in range(TREND_QUARTERS - 1):
        first = first.previous()
    years = [FinancialYear(y) for y in range(first.year.start_year - 1, quarter.year.start_year + 1)]
    by_period = {}
    for m in Measurement.objects.published().filter(indicator__in=indicators, area=area, year__in=years):
        by_period[(m.indicator_id, m.year.start_year, m.quarter)] = m
    targets = {
        (t.indicator_id, t.year.start_year): t
        for t in Target.objects.primary().filter(indicator__in=indicators, area=area, year__in=years)
    }
    shown = [first]
    while shown[-1] != quarter:
        shown.append(shown[-1].next())
    trends, synthetic = {}, False
    for indicator in indicators:
        points = []
        for q in shown:
            s = status_from(indicator, area, q, by_period, targets.get((indicator.pk, q.year.start_year)), None)
            synthetic = synthetic or s.is_synthetic
            points.append(TrendPoint(q.label, _float(s.figure), _float(s.target_due)))
        if any(p.value is not None for p in points):
            trends[indicator.pk] = tuple(points)
    return trends, synthetic


def _float(value) -> float | None:
    return None if value is None else float(value)


def _district_table(indicators, districts, quarter: Quarter) -> tuple[DistrictTable | None, bool]:
    """Each district's status for the indicators with district targets (two queries; none without districts)."""
    if not districts:
        return None, False
    by_indicator = defaultdict(dict)
    for s in statuses_for_areas(indicators, districts, quarter):
        by_indicator[s.indicator.pk][s.area.pk] = s
    rows, synthetic = [], False
    for indicator in indicators:
        found = by_indicator[indicator.pk]
        if not any(s.annual_target is not None for s in found.values()):
            continue
        cells = []
        for d in districts:
            s = found[d.pk]
            synthetic = synthetic or s.is_synthetic
            figure = _figure_text(s.figure, indicator) if s.figure is not None else "No figure"
            cells.append(DistrictCell(d.name, s.status.label if s.annual_target is not None else "", figure))
        rows.append(DistrictRow(indicator.code, indicator.title, tuple(cells)))
    if not rows:
        return None, synthetic
    return DistrictTable(tuple(d.name for d in districts), tuple(rows)), synthetic


def _count(columns, labels) -> StatusCount:
    found = Counter(labels)
    counts = tuple(found.get(c, 0) for c in columns)
    return StatusCount(columns, counts, sum(counts))


def _reported(row) -> StatusCount:
    counts = row.counts
    return StatusCount(tuple(counts), tuple(v or 0 for v in counts.values()), row.total)


def _summaries(area, quarter, statuses, lines) -> tuple[SummaryTable, ...]:
    """All indicators and reward indicators, outcomes and delivery; a printed summary for the quarter beside."""
    panels = {(p.summary.scope, p.summary.measure): p for p in reported_summary_panels(area, quarter, statuses)}
    tables = []
    for scope, title, chosen in (
        ("all", "All indicators", list(zip(statuses, lines, strict=True))),
        ("reward", "Reward indicators", [(s, x) for s, x in zip(statuses, lines, strict=True) if x.is_reward]),
    ):
        outcomes_panel, delivery_panel = panels.get((scope, "outcomes")), panels.get((scope, "delivery"))
        printed = outcomes_panel or delivery_panel
        tables.append(
            SummaryTable(
                title=title,
                outcomes=_count(OUTCOME_COLUMNS, [OUTCOME_COLUMN_FOR[s.status] for s, _ in chosen]),
                delivery=_count(DELIVERY_COLUMNS, [x.delivery for _, x in chosen]),
                reported_outcomes=_reported(outcomes_panel.summary) if outcomes_panel else None,
                reported_delivery=_reported(delivery_panel.summary) if delivery_panel else None,
                reported_source=f"{printed.summary.document} ({printed.summary.source})" if printed else "",
                difference=tuple(
                    f"{p.summary.get_measure_display()}: {p.comparison.difference}"
                    for p in (outcomes_panel, delivery_panel)
                    if p
                ),
            )
        )
    return tuple(tables)


def _quality_notes(indicators, areas) -> tuple[str, ...]:
    """Data-quality flags (the ``/data-quality/`` page's) that touch the report's indicators. Two queries."""
    codes = {i.code for i in indicators}
    notes = [
        f"{t.indicator.code}, {t.area.name} {t.year}: the stated target {format_number(t.value)} disagrees with its "
        f"own rule, which gives {format_number(t.derived_value)} ({t.source or 'no source recorded'})."
        for t in Target.objects.flagged()
        .filter(indicator__in=indicators, area__in=areas)
        .select_related("indicator", "area")
        .order_by("indicator__code", "area__name", "year")
    ]
    for check in disaggregation_checks():
        if check.differs and any(check.subject.startswith(f"{code} ") for code in codes):
            notes.append(
                f"{check.subject}: {check.label} — stated {format_number(check.stated)}, "
                f"the districts add up to {format_number(check.computed)}."
            )
    return tuple(notes)
