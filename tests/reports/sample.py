"""A Board report built by hand, for renderer and publishing tests that need no database.

The Green line is NI 20 as the documents give it for Leicestershire (2008/09: 5.40 per 1,000 against
5.85); the Red and Amber lines are test values, marked synthetic as the product marks demonstration
figures, so the banner and the exceptions have something to show.
"""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import yaml

from reports import contents


def _trend(values, target):
    labels = ["2008/09 Q4"] + [f"{year}/{year - 1999:02d} Q{q}" for year in (2009, 2010) for q in (1, 2, 3, 4)][:7]
    return tuple(contents.TrendPoint(label, value, target) for label, value in zip(labels, values, strict=True))


def line(code, title, status, *, figure, target, reason, commentary="", reward=False, synthetic=False, **extra):
    values = extra.pop("trend", None)
    return contents.ReportLine(
        code=code,
        title=title,
        slug=code.lower().replace(" ", "-"),
        outcome=extra.pop("outcome", "3.1 Reduce crime"),
        is_reward=reward,
        unit=extra.pop("unit", "per 1,000"),
        figure=Decimal(figure) if figure is not None else None,
        figure_text=f"{figure} per 1,000" if figure is not None else "No figure",
        target_due=Decimal(target) if target is not None else None,
        target_text=f"{target} per 1,000" if target is not None else "No target",
        status=status,
        reason=reason,
        direction=extra.pop("direction", "Better than the same quarter last year"),
        forecast_text=extra.pop("forecast_text", "No forecast"),
        forecast_method=extra.pop("forecast_method", "Fewer than four quarterly figures in a row"),
        variation=extra.pop("variation", ""),
        assurance=extra.pop("assurance", ""),
        delivery=extra.pop("delivery", "No judgement recorded"),
        delivery_reason=extra.pop("delivery_reason", ""),
        commentary=commentary,
        synthetic=synthetic,
        trend=_trend(values, float(target)) if values else (),
        **extra,
    )


_LINES = yaml.safe_load((Path(__file__).parent.parent / "data" / "report_lines.yaml").read_text(encoding="utf-8"))
GREEN, RED, AMBER = (line(**_LINES[name]) for name in ("green", "red", "amber"))


def sample_report(**changes) -> contents.BoardReport:
    fields = {
        "title": "Safer Communities: quarterly performance report",
        "area_name": "Leicestershire",
        "area_slug": "leicestershire",
        "agreement_code": "LAA2 2008-11",
        "agreement_name": "Local Area Agreement 2008–11",
        "scope_text": "All outcomes of the Local Area Agreement 2008–11",
        "quarter_label": "2010/11 Q3",
        "period_text": "Quarter 3 of 2010/11 (1 October to 31 December 2010); year to date: April to December 2010.",
        "generated_at": datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
        "summaries": (
            contents.SummaryTable(
                title="All indicators",
                outcomes=contents.StatusCount(contents.OUTCOME_COLUMNS, (1, 1, 1, 0, 0), 3),
                delivery=contents.StatusCount(contents.DELIVERY_COLUMNS, (0, 0, 0, 3), 3),
            ),
            contents.SummaryTable(
                title="Reward indicators",
                outcomes=contents.StatusCount(contents.OUTCOME_COLUMNS, (0, 0, 0, 0, 0), 0),
                delivery=contents.StatusCount(contents.DELIVERY_COLUMNS, (0, 0, 0, 0), 0),
            ),
        ),
        "exceptions": (RED, AMBER),
        "districts": contents.DistrictTable(
            districts=("Blaby", "Charnwood"),
            rows=(
                contents.DistrictRow(
                    "NI 20",
                    "Assault with injury crime rate",
                    (
                        contents.DistrictCell("Blaby", "Green", "3.10 per 1,000"),
                        contents.DistrictCell("Charnwood", "Missing", "No figure"),
                    ),
                ),
            ),
        ),
        "resources": contents.Resources(
            budgets=(
                contents.MoneyLine(
                    "Safer Stronger Communities Fund", "Pooled budget", Decimal("332500"), "£332,500", "test"
                ),
            ),
            reward_lines=(
                contents.RewardLine(
                    "NI 20",
                    "Assault with injury crime rate",
                    None,
                    "not stated in the documents",
                    None,
                    "not stated in the documents",
                ),
            ),
            reward_total=contents.MoneyLine(
                "Reward at stake", "Reward at stake", Decimal("2540000"), "£2.54m (approximate)", "test"
            ),
            reward_forecast_text="not stated in the documents",
            payment_rule="not stated in the documents",
            payment_rule_source="",
        ),
        "appendix": (GREEN, RED, AMBER),
        "quality_notes": ("Blaby's NI 20 target disagrees with its own rule (test note).",),
        "synthetic": True,
        "file_stem": "board-report-leicestershire-2010-11-q3",
    }
    fields.update(changes)
    return contents.BoardReport(**fields)


# Seed 003's printed summary for the LAA1 Safer block at Q3 2006/07, beside made-up computed counts that
# differ from it in one place each, so a swapped column or row shows.
PRINTED = contents.SummaryTable(
    title="All indicators",
    outcomes=contents.StatusCount(contents.OUTCOME_COLUMNS, (8, 4, 1, 5, 0), 18),
    delivery=contents.StatusCount(contents.DELIVERY_COLUMNS, (12, 3, 2, 1), 18),
    reported_outcomes=contents.StatusCount(("Green", "Amber", "Red", "Not available"), (8, 4, 0, 6), 18),
    reported_delivery=contents.StatusCount(("Green", "Amber", "Red"), (13, 3, 2), 18),
    reported_source="Scrutiny Commission report, 28 March 2007, paragraph 15",
    difference=("One indicator the report counted Not available now has a Red figure.",),
)
