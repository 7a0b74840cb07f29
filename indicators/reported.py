"""Reads for reported summaries and delivery judgements, beside what the product computes.

``reported_summary_panels`` answers the dashboard's "what did the published report
say, and why do our counts differ?"; ``judgements_for_indicator`` the indicator
page's delivery judgements and commentary. Each costs a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from core.periods import Quarter
from indicators import rag
from indicators.delivery import CountComparison, compare_counts
from indicators.judgements import DeliveryJudgement, DeliveryRag, IndicatorCommentary, ReportedSummary
from indicators.models import RewardStatus

REWARD_STATUSES = {RewardStatus.REWARD, RewardStatus.STRETCH}
NO_JUDGEMENT = "No judgement recorded"


@dataclass(frozen=True)
class ReportedPanel:
    """One printed row of a report and the product's own count of the same thing."""

    summary: ReportedSummary
    comparison: CountComparison


def _in_scope(statuses, scope: str) -> list:
    if scope == ReportedSummary.Scope.REWARD:
        return [s for s in statuses if s.indicator.reward_status in REWARD_STATUSES]
    return list(statuses)


def _outcome_reasons(items, quarter: Quarter, summary: ReportedSummary) -> list[str]:
    reasons = []
    if summary.targets_stated is not None and summary.targets_stated != len(items):
        reasons.append(
            f"the report counts {summary.targets_stated} targets and {len(items)} indicators are loaded for "
            f"{quarter.year.label}"
        )
    if items and all(item.figure is None for item in items):
        reasons.append(
            f"no figure of {quarter.label} is loaded: the quarterly figures of {quarter.year} are not in the documents"
        )
    return reasons


def _delivery_counts(items, judged: dict[int, str]) -> tuple[dict[str, int], list[str]]:
    counts = Counter(judged.get(item.indicator.pk, NO_JUDGEMENT) for item in items)
    computed = {label: counts.get(value, 0) for value, label in ((r.value, r.name.title()) for r in DeliveryRag)}
    computed[NO_JUDGEMENT] = counts.get(NO_JUDGEMENT, 0)
    reasons = []
    if computed[NO_JUDGEMENT]:
        reasons.append(
            f"{len(items) - computed[NO_JUDGEMENT]} of {len(items)} indicators have a delivery judgement recorded "
            f"for the quarter; {computed[NO_JUDGEMENT]} have none"
        )
    return computed, reasons


def reported_summary_panels(area, quarter: Quarter, statuses) -> list[ReportedPanel]:
    """The reported summaries for ``area`` and ``quarter`` beside the computed counts of ``statuses``.

    ``statuses`` are the dashboard's computed ``IndicatorStatus`` rows. One query when no
    report is stored for the quarter; two when one is (the rows, and the delivery judgements).
    """
    rows = list(ReportedSummary.objects.filter(area=area, year=quarter.year, quarter=quarter.number))
    if not rows:
        return []
    statuses = list(statuses)
    judged = dict(
        DeliveryJudgement.objects.in_quarter(quarter)
        .filter(area=area, indicator_id__in=[s.indicator.pk for s in statuses])
        .values_list("indicator_id", "status")
    )
    panels = []
    for row in rows:
        items = _in_scope(statuses, row.scope)
        noun = "reward indicator" if row.scope == ReportedSummary.Scope.REWARD else "indicator"
        if row.measure == ReportedSummary.Measure.DELIVERY:
            computed, reasons = _delivery_counts(items, judged)
        else:
            found = Counter(item.status for item in items)
            computed = {status.label: found.get(status, 0) for status in rag.Status}
            reasons = _outcome_reasons(items, quarter, row)
        panels.append(ReportedPanel(row, compare_counts(row.counts, computed, noun=noun, reasons=tuple(reasons))))
    return panels


@dataclass(frozen=True)
class IndicatorJudgements:
    judgements: list
    commentaries: list
    may_record: bool = False


def judgements_for_indicator(indicator, areas, *, may_record: bool = False) -> IndicatorJudgements:
    """Delivery judgements and commentary on ``indicator`` for the shown areas, newest first. Two queries."""
    judgements = (
        DeliveryJudgement.objects.filter(indicator=indicator, area__in=areas)
        .select_related("area")
        .order_by("-year", "-quarter", "area__name")
    )
    commentaries = (
        IndicatorCommentary.objects.filter(indicator=indicator, area__in=areas)
        .select_related("area")
        .order_by("-year", "-quarter", "heading")
    )
    return IndicatorJudgements(list(judgements), list(commentaries), may_record)
