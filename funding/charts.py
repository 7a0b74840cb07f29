"""Funding figure builders: plain functions from rows to a plotly Figure (drawn by static/js/charts.js)."""

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go

from core.charts import LEGEND_ABOVE, apply_layout, figure_data, level_line, wrap_label  # noqa: F401  (figure_data: one helper for every chart)
from core.display import format_money
from funding.shares import years_label

STREAM_COLOURS = ["#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92", "#28a197", "#b58840", "#505a5f", "#912b88"]
SPEND_COLOURS = {"spent": "#1d70b8", "to_date": "#00703c", "allocated": "#505a5f"}


def _number(value):
    return None if value is None else float(value)


def money_by_partnership_figures(rows) -> list[tuple[str, str, go.Figure]]:
    """One chart per financial year (small multiples), oldest first: years are never mixed in one chart. Money
    the documents do not split between years gets a chart of its own period. Each is (label, id part, figure)."""
    by_years = defaultdict(list)
    for r in rows:
        by_years[tuple(r.years)].append(r)
    return [
        (
            years_label(years),
            "-".join(str(y.start_year) for y in years),
            money_by_partnership_figure(by_years[years], title=f"Money by partnership, {years_label(years)}"),
        )
        for years in sorted(by_years, key=lambda ys: (ys[0].start_year, len(ys)))
    ]


def money_by_partnership_figure(rows, *, title: str) -> go.Figure:
    """One year's money per partnership (its streams added together) as sideways bars, largest at the top.

    Each bar is labelled with its total, so bars a single large grant makes short stay readable; names
    wrap onto lines on an axis that grows to fit them. The streams are in the table below the chart.
    """
    totals = defaultdict(Decimal)
    for r in rows:
        totals[r.partnership.name] += r.amount or 0
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    figure = go.Figure(
        go.Bar(
            y=[wrap_label(name, 26) for name, _ in ranked],
            x=[float(total) for _, total in ranked],
            text=[format_money(total) for _, total in ranked],
            textposition="outside",
            cliponaxis=False,
            orientation="h",
            marker={"color": STREAM_COLOURS[0]},
            hoverinfo="y+text",
        )
    )
    return apply_layout(
        figure,
        title=title,
        showlegend=False,
        xaxis={"tickprefix": "£", "separatethousands": True, "rangemode": "tozero", "automargin": True},
        yaxis={"automargin": True, "autorange": "reversed"},
        margin={"l": 20, "r": 90, "t": 50, "b": 40},  # the right margin holds the longest bar's label
        height=120 + 44 * len(ranked),
    )


def spend_figure(
    *, title: str, rows: Sequence[tuple[str, Decimal | None, Decimal]], allocated: Decimal | None
) -> go.Figure:
    """Spend in each quarter (bars) and to date (line) against the allocation (a flat line).

    The to-date line stops at the last quarter with spend reported: after it nobody has said what was spent,
    so drawing the total on would claim nothing was."""
    labels = [label for label, _, _ in rows]
    last = max((n for n, (_, spent, _) in enumerate(rows) if spent is not None), default=-1)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=labels,
            y=[_number(s) for _, s, _ in rows],
            name="Spent in the quarter",
            marker={"color": SPEND_COLOURS["spent"]},
        )
    )
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=[_number(t) if n <= last else None for n, (_, _, t) in enumerate(rows)],
            name="Spent to date",
            mode="lines+markers",
            line={"color": SPEND_COLOURS["to_date"], "width": 3},
        )
    )
    if allocated is not None and labels:
        figure.add_trace(
            level_line(labels, allocated, name="Allocated", colour=SPEND_COLOURS["allocated"], dash="dash")
        )
    return apply_layout(
        figure,
        title=title,
        yaxis={"title": {"text": "£"}, "rangemode": "tozero"},
        legend=LEGEND_ABOVE,
        margin={"l": 70, "r": 20, "t": 50, "b": 40},
    )
