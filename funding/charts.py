"""Funding figure builders: plain functions from rows to a plotly Figure (drawn by static/js/charts.js)."""

from collections.abc import Sequence
from decimal import Decimal

import plotly.graph_objects as go

from indicators.charts import figure_data  # noqa: F401  (one helper turns every figure into page data)

STREAM_COLOURS = ["#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92", "#28a197", "#b58840", "#505a5f", "#912b88"]
SPEND_COLOURS = {"spent": "#1d70b8", "to_date": "#00703c", "allocated": "#505a5f"}


def _number(value):
    return None if value is None else float(value)


def money_by_partnership_figure(rows, *, title: str) -> go.Figure:
    """A bar per partnership (and year, when rows span years), stacked by funding stream."""
    years = {r.year for r in rows}
    label = (lambda r: r.partnership.name) if len(years) <= 1 else (lambda r: f"{r.partnership.name} {r.year.label}")
    bars = sorted({label(r) for r in rows})
    streams = sorted({r.stream.name for r in rows})
    totals = {(label(r), r.stream.name): Decimal(0) for r in rows}
    for r in rows:
        totals[(label(r), r.stream.name)] += r.amount or 0
    figure = go.Figure()
    for number, stream in enumerate(streams):
        figure.add_trace(
            go.Bar(
                x=bars,
                y=[_number(totals.get((bar, stream))) for bar in bars],
                name=stream,
                marker={"color": STREAM_COLOURS[number % len(STREAM_COLOURS)]},
            )
        )
    figure.update_layout(
        title={"text": title},
        barmode="stack",
        yaxis={"title": {"text": "£"}, "rangemode": "tozero"},
        legend={"orientation": "h"},
        margin={"l": 70, "r": 20, "t": 50, "b": 120},
        template="none",
    )
    return figure


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
            go.Scatter(
                x=[labels[0], labels[-1]],
                y=[float(allocated)] * 2,
                name="Allocated",
                mode="lines",
                line={"color": SPEND_COLOURS["allocated"], "dash": "dash"},
            )
        )
    figure.update_layout(
        title={"text": title},
        yaxis={"title": {"text": "£"}, "rangemode": "tozero"},
        legend={"orientation": "h"},
        margin={"l": 70, "r": 20, "t": 50, "b": 40},
        template="none",
    )
    return figure
