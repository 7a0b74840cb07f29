"""Chart plumbing every app's figure builders share: titles, the common layout, and the figure as JSON data.

Figures reach the page as data (``json_script``) and are drawn by static/js/charts.js
with plotly.js loaded once from static (``templates/includes/_plotly_scripts.html``),
so no inline script is needed under the content security policy.
"""

import json
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

# A horizontal legend above the plot: on a narrow screen a side legend squeezes the plot away.
LEGEND_ABOVE = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}


def wrap_label(text: str, width: int) -> str:
    """Break a label onto lines (plotly never wraps), so a narrow screen shows all of it."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def chart_title(text: str) -> dict:
    # Left-aligned and wrapped: a centred title wider than a 320 px screen is cut at both ends.
    return {"text": wrap_label(text, 36), "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"}


# Plotly's "none" theme, looked up once: naming it by its string makes plotly look it up and check it again for
# every figure (a quarter of an indicator page's time computed afresh), for the same figure JSON.
NO_THEME = pio.templates["none"]


def apply_layout(figure: go.Figure, *, title: str, **layout) -> go.Figure:
    """The site's layout: the wrapped left title, no plotly theme (GOV.UK colours come from the traces)."""
    figure.update_layout(title=chart_title(title), template=NO_THEME, **layout)
    return figure


def level_line(labels, value, *, name: str, colour: str, dash: str) -> go.Scatter:
    """A level held across the chart's periods (a baseline, an amount allocated): a line from first to last."""
    return go.Scatter(
        x=[labels[0], labels[-1]], y=[float(value)] * 2, name=name, mode="lines", line={"color": colour, "dash": dash}
    )


def figure_data(figure: go.Figure) -> dict:
    """The figure as plain JSON-ready data, for ``json_script``."""
    return json.loads(figure.to_json())
