"""The analysis figures: an XmR chart and a funnel plot, plain functions from results to plotly Figures."""

import plotly.graph_objects as go

from core.analysis.compare import FUNNEL_LEVELS, funnel_events, rate_funnel
from core.analysis.spc import is_improving
from core.charts import LEGEND_ABOVE, apply_layout

# GOV.UK colours. Improving and concerning points also differ in marker shape and carry the rule in words.
SPC_COLOURS = {"figure": "#505a5f", "mean": "#0b0c0c", "limit": "#1d70b8", "target": "#d4351c"}
SIGNAL_STYLE = {
    True: ("Special cause improving", "#1d70b8", "circle"),
    False: ("Special cause concerning", "#f47738", "diamond"),
    None: ("Special cause", "#4c2c92", "square"),
}


def _line(x, y, name, colour, dash="solid"):
    return go.Scatter(x=x, y=y, name=name, mode="lines", line={"color": colour, "dash": dash}, hoverinfo="skip")


def spc_figure(*, title: str, unit: str, analysis, higher_is_better: bool) -> go.Figure:
    """Figures, mean, process limits (only with enough points), the target, and special-cause points marked."""
    spc, labels = analysis.spc, analysis.labels
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=labels,
            y=[p.value for p in spc.points],
            name="Figure",
            mode="lines+markers",
            line={"color": SPC_COLOURS["figure"]},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    figure.add_trace(_line(labels, [p.mean for p in spc.points], "Mean", SPC_COLOURS["mean"]))
    if spc.enough_points:
        figure.add_trace(
            _line(labels, [p.upper for p in spc.points], "Upper process limit", SPC_COLOURS["limit"], "dash")
        )
        figure.add_trace(
            _line(labels, [p.lower for p in spc.points], "Lower process limit", SPC_COLOURS["limit"], "dash")
        )
    if analysis.target is not None:
        figure.add_trace(_line(labels, [analysis.target] * len(labels), "Target", SPC_COLOURS["target"], "dot"))
    for improving, (name, colour, symbol) in SIGNAL_STYLE.items():
        mine = [(labels[p.index], p) for p in spc.signals if is_improving(p, higher_is_better) is improving]
        if mine:
            figure.add_trace(
                go.Scatter(
                    x=[label for label, _ in mine],
                    y=[p.value for _, p in mine],
                    name=name,
                    mode="markers",
                    marker={"color": colour, "symbol": symbol, "size": 12, "line": {"color": "#0b0c0c", "width": 1}},
                    text=[f"{name}: {spc.rule_text(p)}" for _, p in mine],
                    hovertemplate="%{x}: %{y}<br>%{text}<extra></extra>",
                )
            )
    return apply_layout(
        figure,
        title=title,
        xaxis={"automargin": True, "tickangle": -45},
        yaxis={"title": {"text": unit}, "automargin": True},
        legend=LEGEND_ABOVE,
        margin={"l": 60, "r": 20, "t": 110, "b": 40},
    )


def funnel_figure(*, title: str, unit: str, comparator: float, comparisons, per: float = 1000) -> go.Figure:
    """Districts' rates against their populations, with 95% and 99.8% limits around the county's rate."""
    shown = [c for c in comparisons if c.estimate]
    figure = go.Figure()
    largest = max(c.estimate.denominator for c in shown)
    events = funnel_events(comparator * largest / per)
    for confidence, dash in zip(FUNNEL_LEVELS, ("dash", "dot"), strict=True):
        points = [p for p in rate_funnel(comparator, events, per=per, confidence=confidence) if p.upper_population]
        label = f"{confidence * 100:g}% limits"
        figure.add_trace(
            _line([p.lower_population for p in points], [p.lower_rate for p in points], label, "#1d70b8", dash)
        )
        figure.add_trace(
            go.Scatter(
                x=[p.upper_population for p in points],
                y=[p.upper_rate for p in points],
                mode="lines",
                line={"color": "#1d70b8", "dash": dash},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    figure.add_trace(_line([0, largest * 1.5], [comparator, comparator], "County", "#0b0c0c"))
    figure.add_trace(
        go.Scatter(
            x=[c.estimate.denominator for c in shown],
            y=[c.estimate.value for c in shown],
            name="Districts",
            mode="markers+text",
            text=[c.area.name for c in shown],
            textposition="top center",
            marker={"color": "#912b88", "size": 10},
            customdata=[c.verdict.label for c in shown],
            hovertemplate="%{text}: %{y} (population %{x:,})<br>%{customdata}<extra></extra>",
        )
    )
    values = [c.estimate.value for c in shown] + [comparator]
    return apply_layout(
        figure,
        title=title,
        xaxis={"title": {"text": "Population"}, "range": [0, largest * 1.5], "automargin": True},
        yaxis={"title": {"text": unit}, "range": [min(values) * 0.5, max(values) * 1.5], "automargin": True},
        legend=LEGEND_ABOVE,
        margin={"l": 60, "r": 20, "t": 110, "b": 40},
    )
