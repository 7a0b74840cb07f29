"""Chart figures are plain data; plotly.js is pinned to the version the Python package targets."""

import json
from decimal import Decimal as D
from pathlib import Path

from plotly.offline import get_plotlyjs_version

from core.charts import figure_data
from indicators.charts import STATUS_COLOURS, SeriesPoint, comparison_figure, trend_figure
from indicators.rag import Status

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


def _trend(**overrides):
    arguments = {
        "title": "NI 20: Leicestershire and Blaby by quarter",
        "unit": "per 1,000",
        "area_name": "Leicestershire",
        "area_series": [SeriesPoint("2008/09 Q1", D("5.3")), SeriesPoint("2008/09 Q2", D("5.1"))],
        "target_series": [SeriesPoint("2008/09 Q1", D("5.24")), SeriesPoint("2008/09 Q2", D("5.2"))],
        "district_name": "Blaby",
        "district_series": [SeriesPoint("2008/09 Q1", D("3.3")), SeriesPoint("2008/09 Q2", D("3.1"))],
        "district_target_series": [SeriesPoint("2008/09 Q1", D("3.23")), SeriesPoint("2008/09 Q2", D("3.2"))],
    }
    return figure_data(trend_figure(**arguments | overrides))


def test_the_indicator_chart_shows_a_district_against_its_own_target_trajectory():
    traces = {trace["name"]: trace for trace in _trend()["data"]}
    assert traces["Blaby target"]["x"] == ["2008/09 Q1", "2008/09 Q2"]
    assert traces["Blaby target"]["y"] == [3.23, 3.2]
    # Each area's target is drawn like its figures (same colour), dashed, so a reader can pair them.
    assert traces["Blaby target"]["line"]["color"] == traces["Blaby"]["line"]["color"]
    assert traces["Blaby target"]["line"]["dash"] == "dash"
    assert traces["Leicestershire target"]["line"]["color"] == traces["Leicestershire"]["line"]["color"]


def test_the_indicator_chart_title_names_what_is_shown():
    title = _trend()["layout"]["title"]
    assert title["text"].replace("<br>", " ") == "NI 20: Leicestershire and Blaby by quarter"
    assert (title["x"], title["xanchor"]) == (0, "left")  # wrapped and left-aligned: never cut at 320 px


def test_the_indicator_chart_gives_its_quarter_labels_room_instead_of_clipping_them():
    layout = _trend()["layout"]
    assert layout["xaxis"]["automargin"] is True
    assert layout["xaxis"]["tickangle"] == -45  # "2008/09 Q1" fits when many quarters are shown
    # The legend sits above the plot, never on top of the axis labels.
    assert layout["legend"]["y"] > 1


def _comparison():
    return figure_data(
        comparison_figure(
            title="NI 20: districts in 2010/11 Q4",
            unit="per 1,000",
            rows=[
                ("Blaby", D("3.04"), D("3.23"), Status.GREEN),
                ("Oadby and Wigston", D("7.9"), D("6.1"), Status.RED),
                ("Melton", D("5.5"), D("5.4"), Status.AMBER),
                ("Rutland", None, D("4"), Status.MISSING),
            ],
        )
    )


def test_district_comparison_bars_carry_their_status_in_colour_and_in_words():
    figure = _comparison()
    bars = [trace for trace in figure["data"] if trace["type"] == "bar"]
    by_status = {trace["name"]: trace for trace in bars}
    assert set(by_status) == {"Green", "Red", "Amber", "Missing"}  # the legend is the colour key
    assert by_status["Green"]["marker"]["color"] == STATUS_COLOURS[Status.GREEN]
    assert by_status["Red"]["marker"]["color"] == STATUS_COLOURS[Status.RED]
    assert by_status["Amber"]["marker"]["color"] == STATUS_COLOURS[Status.AMBER]
    # Next to each bar, its name and its status in words.
    assert by_status["Red"]["y"] == ["Oadby and<br>Wigston: Red"]
    assert by_status["Red"]["x"] == [7.9]
    assert by_status["Missing"]["x"] == [None]
    assert by_status["Green"]["text"] == ["3.04, Green"]


def test_district_comparison_target_marker_is_not_a_status_colour():
    figure = _comparison()
    (target,) = [trace for trace in figure["data"] if trace["name"] == "Target"]
    assert target["x"] == [3.23, 6.1, 5.4, 4.0]
    assert target["marker"]["line"]["color"] not in STATUS_COLOURS.values()
    assert target["marker"]["color"] not in STATUS_COLOURS.values()


def test_district_comparison_never_cuts_a_district_name_off():
    figure = _comparison()
    # Horizontal bars: names sit on the vertical axis, which grows to fit the longest one.
    assert all(trace.get("orientation") == "h" for trace in figure["data"] if trace["type"] == "bar")
    assert figure["layout"]["yaxis"]["automargin"] is True
    labels = figure["layout"]["yaxis"]["categoryarray"]
    assert [label.replace("<br>", " ") for label in labels] == [
        "Blaby: Green",
        "Oadby and Wigston: Red",
        "Melton: Amber",
        "Rutland: Missing",
    ]
    # Wrapped onto short lines, so the names fit beside the bars even on a 320 px screen.
    assert max(len(line) for label in labels for line in label.split("<br>")) <= 16
