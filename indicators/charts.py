"""Figure builders: plain functions from data to a plotly Figure, embedded as JSON (no inline script)."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

COLOURS = {"area": "#1d70b8", "district": "#d4351c", "target": "#00703c", "baseline": "#505a5f"}


@dataclass(frozen=True)
class SeriesPoint:
    label: str
    value: Decimal | None


def _numbers(values):
    return [None if v is None else float(v) for v in values]


def trend_figure(
    *,
    title: str,
    unit: str,
    area_name: str,
    area_series: Sequence[SeriesPoint],
    target_series: Sequence[SeriesPoint] = (),
    baseline: Decimal | None = None,
    district_name: str | None = None,
    district_series: Sequence[SeriesPoint] = (),
) -> go.Figure:
    """Quarterly figures against the target trajectory and the baseline."""
    figure = go.Figure()
    labels = [p.label for p in area_series]
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=_numbers(p.value for p in area_series),
            name=area_name,
            mode="lines+markers",
            line={"color": COLOURS["area"], "width": 3},
        )
    )
    if target_series:
        figure.add_trace(
            go.Scatter(
                x=[p.label for p in target_series],
                y=_numbers(p.value for p in target_series),
                name=f"{area_name} target",
                mode="lines",
                line={"color": COLOURS["target"], "dash": "dash"},
            )
        )
    if baseline is not None and labels:
        figure.add_trace(
            go.Scatter(
                x=[labels[0], labels[-1]],
                y=[float(baseline)] * 2,
                name="Baseline",
                mode="lines",
                line={"color": COLOURS["baseline"], "dash": "dot"},
            )
        )
    if district_name:
        figure.add_trace(
            go.Scatter(
                x=[p.label for p in district_series],
                y=_numbers(p.value for p in district_series),
                name=district_name,
                mode="lines+markers",
                line={"color": COLOURS["district"], "width": 2},
            )
        )
    figure.update_layout(
        title={"text": title},
        yaxis={"title": {"text": unit}, "rangemode": "tozero"},
        legend={"orientation": "h"},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        template="none",
    )
    return figure


def comparison_figure(
    *, title: str, unit: str, rows: Sequence[tuple[str, Decimal | None, Decimal | None]]
) -> go.Figure:
    """Each district's figure for one quarter as a bar, with its own target marked."""
    names = [name for name, _, _ in rows]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(x=names, y=_numbers(v for _, v, _ in rows), name="Figure", marker={"color": COLOURS["area"]})
    )
    figure.add_trace(
        go.Scatter(
            x=names,
            y=_numbers(t for _, _, t in rows),
            name="Target",
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 28, "line": {"width": 3, "color": COLOURS["target"]}},
        )
    )
    figure.update_layout(
        title={"text": title},
        yaxis={"title": {"text": unit}, "rangemode": "tozero"},
        legend={"orientation": "h"},
        margin={"l": 60, "r": 20, "t": 50, "b": 80},
        template="none",
    )
    return figure


def figure_data(figure: go.Figure) -> dict:
    """The figure as plain JSON-ready data, for ``json_script``."""
    return json.loads(figure.to_json())
