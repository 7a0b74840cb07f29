"""Chart figures are plain data; plotly.js is pinned to the version the Python package targets."""

import json
from decimal import Decimal as D
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from indicators.charts import SeriesPoint, comparison_figure, figure_data, trend_figure

ROOT = Path(__file__).resolve().parents[2]


def test_plotly_js_bundle_matches_the_python_plotly_package():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = package["dependencies"]["plotly.js-basic-dist-min"]
    locked = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]
    assert pinned == locked == get_plotlyjs_version()


def test_trend_figure_holds_area_target_baseline_and_district_lines():
    area = [SeriesPoint("2009/10 Q1", D("5.3")), SeriesPoint("2009/10 Q2", None)]
    figure = figure_data(
        trend_figure(
            title="NI 20",
            unit="per 1,000",
            area_name="Leicestershire",
            area_series=area,
            target_series=[SeriesPoint("2009/10 Q1", D("5.24"))],
            baseline=D("5.40"),
            district_name="Blaby",
            district_series=[SeriesPoint("2009/10 Q1", D("3.3"))],
        )
    )
    names = [trace["name"] for trace in figure["data"]]
    assert names == ["Leicestershire", "Leicestershire target", "Baseline", "Blaby"]
    assert figure["data"][0]["y"] == [5.3, None]  # a missing figure is a gap, never zero
    assert figure["data"][2]["y"] == [5.4, 5.4]


def test_comparison_figure_marks_each_districts_target():
    figure = figure_data(
        comparison_figure(title="x", unit="%", rows=[("Blaby", D("30"), D("33")), ("Melton", None, D("33"))])
    )
    bars, targets = figure["data"]
    assert bars["x"] == ["Blaby", "Melton"]
    assert bars["y"] == [30.0, None]
    assert targets["y"] == [33.0, 33.0]
