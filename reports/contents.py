"""The quarterly Board report as plain values: what every format (HTML, PDF, DOCX, XLSX) renders.

``reports.selectors.board_report`` fills a ``BoardReport`` from the database once; each renderer
reads only these values, so the four formats cannot disagree, and ``snapshot()`` is what a published
report stores to show what changed since the last one. No Django imports: the renderers and their
tests build reports by hand.

Figures are kept twice where a renderer needs both: the number (``Decimal``/``float``, for XLSX cells
and charts) and the words the pages already use (``figure_text``: "5.40 per 1,000"), so no renderer
formats a number its own way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

# The order of every status count, as seed 003's summary table prints it.
OUTCOME_COLUMNS = ("Green", "Amber", "Red", "Not available", "Not measurable yet")
DELIVERY_COLUMNS = ("Green", "Amber", "Red", "No judgement recorded")


@dataclass(frozen=True)
class TrendPoint:
    """One quarter of an exception's small trend chart (the last eight quarters against target)."""

    label: str  # "2010/11 Q3"
    value: float | None
    target: float | None


@dataclass(frozen=True)
class ReportLine:
    """One indicator for the report's area and quarter: an appendix row, and an exception when Red or Amber."""

    code: str
    title: str
    slug: str
    outcome: str  # "3.1 Reduce crime" (agreement outcome code and title)
    is_reward: bool
    unit: str  # the unit suffix the pages use ("per 1,000", "%", ""), for axis titles
    figure: Decimal | None
    figure_text: str  # "5.40 per 1,000", or "No figure"
    target_due: Decimal | None
    target_text: str  # the target due at the quarter, in words; "No target"
    status: str  # the status label: "Green", "Amber", "Red", "Missing", "Not due", "Data only", ...
    reason: str  # the status explanation the dashboard shows, word for word
    direction: str  # "Better than the same quarter last year (significant)", "No comparison"
    forecast_text: str  # "5.60 per 1,000" or "No forecast"
    forecast_method: str  # the method in words
    variation: str  # SPC variation in words, or "" where not assessed
    assurance: str  # SPC assurance in words, or ""
    delivery: str  # the delivery judgement: "Green", "Amber", "Red" or "No judgement recorded"
    delivery_reason: str
    commentary: str  # the commentary entered on the return for the figure; "" if none
    synthetic: bool  # the figure is a demonstration figure, not from the documents
    trend: tuple[TrendPoint, ...] = ()
    decimal_places: int | None = None  # the indicator's places, so the trend table prints -9.30 beside -9.11


@dataclass(frozen=True)
class StatusCount:
    """One row of a summary table: counts in ``columns`` order."""

    columns: tuple[str, ...]
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class SummaryTable:
    """A summary table of seed 003's shape: all indicators or reward indicators, outcomes and delivery.

    ``reported`` holds the same table as a published document printed it (seed 003 for LAA 2006-09 Q3),
    with ``reported_source`` and ``difference`` (why the computed counts differ, in words); None when the
    documents print no summary for the quarter.
    """

    title: str  # "All indicators" / "Reward indicators"
    outcomes: StatusCount
    delivery: StatusCount
    reported_outcomes: StatusCount | None = None
    reported_delivery: StatusCount | None = None
    reported_source: str = ""
    difference: tuple[str, ...] = ()


@dataclass(frozen=True)
class DistrictCell:
    district: str
    status: str
    figure_text: str


@dataclass(frozen=True)
class DistrictRow:
    code: str
    title: str
    cells: tuple[DistrictCell, ...]  # in ``DistrictTable.districts`` order; "" status where no target


@dataclass(frozen=True)
class DistrictTable:
    districts: tuple[str, ...]
    rows: tuple[DistrictRow, ...]


@dataclass(frozen=True)
class MoneyLine:
    """A budget line for the period (pooled or aligned) from the funding data."""

    title: str
    kind: str  # "Pooled budget", "Aligned budget", "Reward funding", ...
    amount: Decimal | None
    amount_text: str  # as the funding pages show it ("£332,500", "£2.54m (approximate)")
    source: str


@dataclass(frozen=True)
class RewardLine:
    """One reward target: the reward at stake and what the current forecast would earn.

    ``at_stake``/``forecast_earned`` are None where the documents do not state the amount or the
    payment rule; their text then says "not stated in the documents" — never an invented split.
    """

    code: str
    title: str
    at_stake: Decimal | None
    at_stake_text: str
    forecast_earned: Decimal | None
    forecast_earned_text: str


@dataclass(frozen=True)
class Resources:
    budgets: tuple[MoneyLine, ...]
    reward_lines: tuple[RewardLine, ...]
    reward_total: MoneyLine | None  # the total at stake as the documents state it (seed 003: £2.54m)
    reward_forecast_text: str  # the total the forecast would earn, or "not stated in the documents"
    payment_rule: str  # as written, or "not stated in the documents"
    payment_rule_source: str


@dataclass(frozen=True)
class BoardReport:
    title: str  # "Safer Communities: quarterly performance report"
    area_name: str
    area_slug: str
    agreement_code: str
    agreement_name: str
    scope_text: str  # the block or outcome set the report covers, in words
    quarter_label: str  # "2010/11 Q3"
    period_text: str  # purpose and period: the quarter's dates and year to date, in words
    generated_at: datetime
    summaries: tuple[SummaryTable, ...]
    exceptions: tuple[ReportLine, ...]  # every Red, then every Amber
    districts: DistrictTable | None
    resources: Resources
    appendix: tuple[ReportLine, ...]  # every indicator's line
    quality_notes: tuple[str, ...]  # data-quality flags touching the report's indicators
    synthetic: bool  # any figure in the report is a demonstration figure: a banner on every page
    file_stem: str  # "board-report-leicestershire-2010-11-q3"
    links: dict = field(default_factory=dict)  # absolute paths of the pages the report points to

    def snapshot(self) -> dict:
        """The report's figures as JSON-ready data (what a published report stores and compares)."""
        return _plain(dataclasses.asdict(self))


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
