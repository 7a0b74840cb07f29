"""Figure builders: plain functions from data to a plotly Figure, embedded as JSON (no inline script)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from core.charts import LEGEND_ABOVE, apply_layout, figure_data, level_line, wrap_label  # noqa: F401  (figure_data: for the views)
from core.display import format_number
from indicators.rag import Status

# Each area's target is drawn in its own figures' colour (dashed), so a line and its target pair up.
COLOURS = {"area": "#1d70b8", "district": "#912b88", "baseline": "#505a5f", "target_marker": "#0b0c0c"}

# The status badges' colours (frontend/scss/app.scss .app-rag--*); a bar's status is also written beside it.
STATUS_COLOURS = {
    Status.GREEN: "#00703c",
    Status.AMBER: "#f47738",
    Status.RED: "#d4351c",
    Status.DATA_ONLY: "#1d70b8",
    Status.NOT_DUE: "#b1b4b6",
    Status.MISSING: "#ffffff",
}


@dataclass(frozen=True)
class SeriesPoint:
    label: str
    value: Decimal | None


def _numbers(values):
    return [None if v is None else float(v) for v in values]


def _series_line(series: Sequence[SeriesPoint], *, name: str, colour: str, width: int) -> go.Scatter:
    """Figures as a solid line with a marker at each period."""
    x, y = [p.label for p in series], _numbers(p.value for p in series)
    return go.Scatter(x=x, y=y, name=name, mode="lines+markers", line={"color": colour, "width": width})


def _target_line(series: Sequence[SeriesPoint], *, name: str, colour: str) -> go.Scatter:
    """A target trajectory: dashed, in the colour of the figures it is for, no markers."""
    x, y = [p.label for p in series], _numbers(p.value for p in series)
    return go.Scatter(x=x, y=y, name=name, mode="lines", line={"color": colour, "dash": "dash"})


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
    district_target_series: Sequence[SeriesPoint] = (),
) -> go.Figure:
    """Quarterly figures against the target trajectory and the baseline, and a district's against its own."""
    figure = go.Figure()
    labels = [p.label for p in area_series]
    figure.add_trace(_series_line(area_series, name=area_name, colour=COLOURS["area"], width=3))
    if target_series:
        figure.add_trace(_target_line(target_series, name=f"{area_name} target", colour=COLOURS["area"]))
    if baseline is not None and labels:
        figure.add_trace(level_line(labels, baseline, name="Baseline", colour=COLOURS["baseline"], dash="dot"))
    if district_name:
        figure.add_trace(_series_line(district_series, name=district_name, colour=COLOURS["district"], width=2))
        if district_target_series:
            figure.add_trace(
                _target_line(district_target_series, name=f"{district_name} target", colour=COLOURS["district"])
            )
    return apply_layout(
        figure,
        title=title,
        # Quarter labels ("2008/09 Q1") slant and the bottom margin grows to fit them.
        xaxis={"automargin": True, "tickangle": -45},
        yaxis={"title": {"text": unit}, "rangemode": "tozero", "automargin": True},
        legend=LEGEND_ABOVE,
        margin={"l": 60, "r": 20, "t": 110, "b": 40},
    )


def comparison_figure(
    *, title: str, unit: str, rows: Sequence[tuple[str, Decimal | None, Decimal | None, Status]]
) -> go.Figure:
    """Each district's figure for one quarter as a bar in its status colour, with its own target marked.

    Bars run sideways so district names sit on the vertical axis, which grows to fit the longest name,
    and each name carries its status in words ("Blaby: Green"), so colour is never the only signal;
    long names wrap onto lines rather than being cut off on a narrow screen.
    One trace per status makes the legend the colour key.
    """
    labels = [wrap_label(f"{name}: {status.label}", 16) for name, _, _, status in rows]
    figure = go.Figure()
    for status in Status:
        mine = [(label, row) for label, row in zip(labels, rows, strict=True) if row[3] == status]
        if not mine:
            continue
        figure.add_trace(
            go.Bar(
                y=[label for label, _ in mine],
                x=_numbers(value for _, (_, value, _, _) in mine),
                text=[f"{format_number(value)}, {status.label}" for _, (_, value, _, _) in mine],
                textposition="none",  # the words are on the axis; the text is for hover
                orientation="h",
                name=status.label,
                marker={"color": STATUS_COLOURS[status], "line": {"color": "#0b0c0c", "width": 1}},
            )
        )
    figure.add_trace(
        go.Scatter(
            y=labels,
            x=_numbers(target for _, _, target, _ in rows),
            name="Target",
            mode="markers",
            marker={
                "symbol": "line-ns-open",
                "size": 26,
                "color": COLOURS["target_marker"],
                "line": {"width": 3, "color": COLOURS["target_marker"]},
            },
        )
    )
    return apply_layout(
        figure,
        title=title,
        barmode="relative",
        xaxis={"title": {"text": unit}, "rangemode": "tozero", "automargin": True},
        yaxis={"automargin": True, "categoryorder": "array", "categoryarray": labels, "autorange": "reversed"},
        legend=LEGEND_ABOVE,
        margin={"l": 20, "r": 20, "t": 110, "b": 40},
        height=180 + 40 * len(rows),
    )
