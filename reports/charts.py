"""Small trend charts for the Board report, drawn on the server (no browser in production).

One drawing, two encodings: SVG (vector) for the HTML page and the PDF, PNG for the Word document
(python-docx cannot embed SVG). The series is the one the report's exception line carries, so the
chart and its data table cannot disagree. Colours are the GOV.UK palette the plotly charts use; the
target is dashed as well as coloured, so colour is never the only signal.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server, and no GUI toolkit imported

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from reports.contents import TrendPoint  # noqa: E402

FIGURE_COLOUR = "#1d70b8"  # GOV.UK blue
TARGET_COLOUR = "#505a5f"  # GOV.UK dark grey
SIZE_INCHES = (4.2, 1.9)

plt.rcParams["svg.hashsalt"] = "safer-communities"  # stable element ids: the same series gives the same bytes
plt.rcParams["svg.fonttype"] = "none"  # text stays text in the SVG (searchable in the PDF)


def _figure(points: tuple[TrendPoint, ...], *, title: str, unit: str) -> Figure:
    figure = Figure(figsize=SIZE_INCHES, dpi=100)
    axes = figure.add_subplot()
    positions = range(len(points))
    values = [p.value for p in points]
    targets = [p.target for p in points]
    axes.plot(positions, values, color=FIGURE_COLOUR, marker="o", markersize=3, linewidth=1.5, label="Figure")
    if any(t is not None for t in targets):
        axes.plot(positions, targets, color=TARGET_COLOUR, linestyle="--", linewidth=1, label="Target")
    axes.set_xticks(list(positions), [p.label.replace(" ", "\n") for p in points], fontsize=6)
    axes.tick_params(axis="y", labelsize=6)
    if unit:
        axes.set_ylabel(unit, fontsize=6)
    axes.set_title(title, fontsize=7, loc="left")
    axes.legend(fontsize=6, frameon=False, loc="best")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout(pad=0.4)
    return figure


def trend_svg(points: tuple[TrendPoint, ...], *, title: str, unit: str = "") -> str:
    """The chart as an SVG document (text), with ``title`` as its accessible title."""
    buffer = io.StringIO()
    _figure(points, title=title, unit=unit).savefig(buffer, format="svg", metadata={"Title": title, "Date": None})
    return buffer.getvalue()


def trend_png(points: tuple[TrendPoint, ...], *, title: str, unit: str = "", dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    _figure(points, title=title, unit=unit).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()
