"""Reads for quarterly returns: what a return page shows, and the history of its changes.

Which indicators a return lists ("collected there"): the quarterly, numeric
indicators of every agreement in force in the quarter's year that have a target
or a baseline for the area, plus any indicator that already has a figure for
the area in that quarter. In the seed data that is NI 20 and LI 11 for each
district (their district targets, seed 000 Appendix 2); NI 21 is a biennial
survey, so it is not part of a quarterly return.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from core.history import Change, history_changes
from core.periods import FinancialYear, PeriodError, Quarter, quarter_from_slug
from indicators import rag
from indicators.judgements import DeliveryRag
from indicators.models import Baseline, DeliveryJudgement, Frequency, Indicator, Measurement, Target, Unit
from indicators.selectors import rules_for
from indicators.validation import takes_ratio
from partnerships.models import Area, DeliveryStatus, Milestone, Partnership
from returns.models import ReportingQuarter, Return, ReturnStatus

HISTORY_QUARTERS = 8  # how many earlier quarters count as "the area's history" for the out-of-line warning


def reporting_quarter_from_slug(slug: str) -> ReportingQuarter | None:
    """The reporting quarter a URL names (``2010-11-q3``), or None."""
    try:
        quarter = quarter_from_slug(slug)
    except PeriodError:
        return None
    return ReportingQuarter.objects.filter(year=quarter.year, quarter=quarter.number).first()


def return_areas():
    """Areas that make quarterly returns: those covered by a current Community Safety Partnership."""
    return Area.objects.filter(partnerships__kind=Partnership.Kind.CSP, partnerships__ended_on__isnull=True).distinct()


NOT_STARTED = "not_started"


def return_status(record: Return | None) -> str:
    """A return's status: its record's, or "not started" while it has no record. The one rule every page
    (index, return, export) uses, so no page calls an unstarted return a draft."""
    return record.status if record is not None else NOT_STARTED


def return_status_label(status: str) -> str:
    return "Not started" if status == NOT_STARTED else ReturnStatus(status).label


class _ReturnStatus:
    """A row or page that may hold a return: its status by the one rule, and that status in words."""

    record: Return | None

    @property
    def status(self) -> str:
        return return_status(self.record)

    @property
    def status_label(self) -> str:
        return return_status_label(self.status)


@dataclass(frozen=True)
class IndexRow(_ReturnStatus):
    """One (quarter, area) on the returns index, with its return if one has been started."""

    quarter: ReportingQuarter
    area: Area
    record: Return | None


def returns_for_index(areas, quarters) -> list[IndexRow]:
    """Each (quarter, area) with its return if one has been started. Two queries."""
    areas = list(areas)
    quarters = list(quarters)
    existing = {
        (r.reporting_quarter_id, r.area_id): r
        for r in Return.objects.filter(reporting_quarter__in=quarters, area__in=areas)
    }
    return [IndexRow(q, a, existing.get((q.pk, a.pk))) for q in quarters for a in areas]


@dataclass
class ReturnRow:
    """One indicator on a return page."""

    indicator: Indicator
    target: Target | None
    quarter: int
    annual_target: Decimal | None
    measurement: Measurement | None
    last_year: Measurement | None
    previous: Measurement | None
    history: list[Decimal] = field(default_factory=list)
    judgement: DeliveryJudgement | None = None  # the area's delivery judgement for the quarter, if any

    @property
    def takes_ratio(self) -> bool:
        return takes_ratio(self.indicator.unit)

    @property
    def target_text(self) -> str:
        if self.target_due is not None:
            return f"{self.target_due:,.{self.indicator.decimal_places}f}"
        if self.target is not None and self.target.rule_text:
            return f"No numeric target ({self.target.rule_text})"
        return "No target for this year"

    @property
    def target_due(self) -> Decimal | None:
        return rules_for(self.indicator).target_due(self.annual_target, self.quarter)

    def rating(self, figure: Decimal | None) -> rag.Rating:
        """The same rating the board's pages give this figure (one rule: ``rag.rate_in_quarter``)."""
        return rag.rate_in_quarter(rules_for(self.indicator), figure, self.annual_target, self.quarter)


@dataclass
class ReturnPage(_ReturnStatus):
    reporting_quarter: ReportingQuarter
    area: Area
    record: Return | None
    rows: list[ReturnRow]
    milestones: list[Milestone]

    # When anything the page shows was last written, by anyone and by any path (``last_changed``).
    last_changed: datetime | None = None

    @property
    def version(self) -> int:
        return self.record.version if self.record else 0

    @property
    def seen(self) -> str:
        """``last_changed`` as the page's form carries it back: what the manager had seen when they saved."""
        return self.last_changed.isoformat() if self.last_changed else ""


def return_indicators(reporting_quarter: ReportingQuarter, area: Area) -> list[Indicator]:
    """The indicators a return lists (see the module docstring). One query."""
    year = reporting_quarter.year
    # EXISTS per indicator, each on its own index: joining targets, baselines and figures in one OR joined every
    # target of every indicator with every figure (2.5 s at national scale, 32 s at ten times; now ~25 ms).
    collected = Exists(Target.objects.filter(indicator=OuterRef("pk"), area=area)) | Exists(
        Baseline.objects.filter(indicator=OuterRef("pk"), area=area)
    )
    already = Exists(
        Measurement.objects.filter(indicator=OuterRef("pk"), area=area, year=year, quarter=reporting_quarter.quarter)
    )
    return list(
        Indicator.objects.filter(
            (Q(frequency=Frequency.QUARTERLY) & collected) | already,
            agreement__start_year__lte=year,
            agreement__end_year__gte=year,
        )
        .exclude(unit=Unit.MILESTONE)
        .order_by("order", "code")
    )


def return_page(reporting_quarter: ReportingQuarter, area: Area) -> ReturnPage:
    """Everything a return page shows, in a fixed number of queries whatever the number of indicators."""
    period = reporting_quarter.period
    indicators = return_indicators(reporting_quarter, area)
    targets = {
        t.indicator_id: t
        for t in Target.objects.primary().for_area(area).filter(indicator__in=indicators, year=period.year)
    }
    earliest = Quarter(FinancialYear(period.year.start_year - 2), period.number)
    by_indicator = defaultdict(dict)
    for m in Measurement.objects.for_area(area).filter(
        indicator__in=indicators,
        quarter__isnull=False,
        year__gte=earliest.year,
        year__lte=period.year,
    ):
        by_indicator[m.indicator_id][Quarter(m.year, m.quarter)] = m
    judgements = {
        j.indicator_id: j
        for j in DeliveryJudgement.objects.in_quarter(period).filter(area=area, indicator__in=indicators)
    }
    rows = []
    for indicator in indicators:
        target = targets.get(indicator.pk)
        annual = target.effective_value if target and not target.is_data_only else None
        figures = by_indicator[indicator.pk]
        earlier = sorted((q for q in figures if q < period), reverse=True)[:HISTORY_QUARTERS]
        rows.append(
            ReturnRow(
                indicator=indicator,
                target=target,
                quarter=period.number,
                annual_target=annual,
                measurement=figures.get(period),
                last_year=figures.get(period.same_quarter_last_year()),
                previous=figures.get(period.previous()),
                history=[figures[q].value for q in earlier if figures[q].value is not None],
                judgement=judgements.get(indicator.pk),
            )
        )
    record = Return.objects.filter(reporting_quarter=reporting_quarter, area=area).first()
    milestones = return_milestones(reporting_quarter, area)
    changed = last_changed(reporting_quarter, area, indicators, milestones)
    return ReturnPage(reporting_quarter, area, record, rows, milestones, last_changed=changed)


def last_changed(reporting_quarter: ReportingQuarter, area: Area, indicators, milestones) -> datetime | None:
    """When anything a return shows was last written: its figures', delivery judgements' and milestones' newest
    history, whoever wrote it and however (the return, the co-ordinators' page, admin, an import). One query.

    The return's version moves only with the return's own saves; this also sees writes made before the return
    was started (version 0), which no version can.
    """
    in_return = {
        "area": area,
        "year": reporting_quarter.year,
        "quarter": reporting_quarter.quarter,
        "indicator_id__in": [indicator.pk for indicator in indicators],
    }
    dates = (
        Measurement.history.filter(**in_return)
        .values_list("history_date")
        .union(
            DeliveryJudgement.history.filter(**in_return).values_list("history_date"),
            Milestone.history.filter(id__in=[milestone.pk for milestone in milestones]).values_list("history_date"),
        )
        .order_by("-history_date")[:1]
    )
    return next((when for (when,) in dates), None)


def return_last_changed(reporting_quarter: ReportingQuarter, area: Area) -> datetime | None:
    """``last_changed`` for a return not read in full (the save's check). Three queries."""
    indicators = return_indicators(reporting_quarter, area)
    return last_changed(reporting_quarter, area, indicators, return_milestones(reporting_quarter, area))


def return_milestones(reporting_quarter: ReportingQuarter, area: Area) -> list[Milestone]:
    """The quarter's milestones in the action plans of the current CSPs covering ``area``. One query."""
    partnerships = Partnership.objects.csps().current().filter(areas=area).values("pk")
    return list(
        Milestone.objects.filter(
            action__priority__partnership__in=partnerships,
            year=reporting_quarter.year,
            quarter=reporting_quarter.quarter,
        ).select_related("action__priority__partnership")
    )


# --- History ----------------------------------------------------------------------------


MEASUREMENT_FIELDS = {
    "value": "figure",
    "numerator": "numerator",
    "denominator": "denominator",
    "commentary": "commentary",
    "outlier_confirmed": "out-of-line figure confirmed",
    "is_synthetic": "synthetic demonstration figure",
}
JUDGEMENT_FIELDS = {"status": "delivery judgement", "reason": "delivery judgement reason"}
MILESTONE_FIELDS = {"status": "delivery status", "note": "note"}
RETURN_FIELDS = {"status": "return status", "returned_reason": "reason for returning"}


def return_changes(page: ReturnPage, *, since: datetime | None = None) -> list[Change]:
    """Who changed what on this return, when, from what to what; newest first. Four queries at most."""
    codes = {row.indicator.pk: row.indicator.code for row in page.rows}
    in_return = {
        "area": page.area,
        "year": page.reporting_quarter.year,
        "quarter": page.reporting_quarter.quarter,
        "indicator_id__in": list(codes),
    }
    measurement_records = (
        Measurement.history.filter(**in_return)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes = history_changes(measurement_records, MEASUREMENT_FIELDS, lambda r: codes.get(r.indicator_id, "Indicator"))
    judgement_records = (
        DeliveryJudgement.history.filter(**in_return)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes += history_changes(
        judgement_records,
        JUDGEMENT_FIELDS,
        lambda r: codes.get(r.indicator_id, "Indicator"),
        choices={"status": dict(DeliveryRag.choices)},
    )
    if page.milestones:
        titles = {m.pk: m.title for m in page.milestones}
        milestone_records = (
            Milestone.history.filter(id__in=list(titles))
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        changes += history_changes(
            milestone_records,
            MILESTONE_FIELDS,
            lambda r: f"Milestone “{titles.get(r.id, '')[:60]}”",
            choices={"status": dict(DeliveryStatus.choices)},
        )
    if page.record:
        return_records = (
            Return.history.filter(id=page.record.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        changes += history_changes(
            return_records, RETURN_FIELDS, lambda r: "Return", choices={"status": dict(ReturnStatus.choices)}
        )
    if since is not None:
        changes = [c for c in changes if c.when > since]
    return sorted(changes, key=lambda c: c.when, reverse=True)


def version_opened_at(record: Return | None, version: int) -> datetime | None:
    """When ``record`` reached ``version`` (None for version 0: the return did not exist yet). One query."""
    if record is None or version <= 0:
        return None
    return (
        Return.history.filter(id=record.pk, version=version)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
