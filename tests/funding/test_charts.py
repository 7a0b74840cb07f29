"""The money-by-partnership chart: one year per chart, sideways bars largest first, each labelled with its total."""

from decimal import Decimal as D
from types import SimpleNamespace

from core.charts import figure_data
from core.periods import FinancialYear
from funding.charts import money_by_partnership_figure, money_by_partnership_figures


def _row(partnership, year, amount, stream="Community Safety Fund"):
    return SimpleNamespace(
        partnership=SimpleNamespace(name=partnership),
        years=(FinancialYear(year),),
        stream=SimpleNamespace(name=stream),
        amount=None if amount is None else D(amount),
    )


ROWS = [
    _row("Safer Melton Partnership", 2011, "15103"),
    _row("Criminal Justice Strategic Commissioning Group", 2011, "3300000", stream="Drug Interventions Programme"),
    _row("Charnwood Community Safety Partnership", 2011, "30000"),
    _row("Charnwood Community Safety Partnership", 2011, "2752", stream="Area Based Grant"),
    _row("Blaby District Community Safety Partnership", 2011, None),
    _row("Safer Melton Partnership", 2012, "10069"),
]


def test_money_by_partnership_draws_one_chart_per_year_never_thirty_bars_in_one():
    charts = money_by_partnership_figures(ROWS)
    assert [label for label, _, _ in charts] == ["2011/12", "2012/13"]
    bars_2011 = figure_data(charts[0][2])["data"][0]
    assert len(bars_2011["y"]) == 4  # one bar per partnership in that year, streams added together


def test_money_by_partnership_bars_run_sideways_largest_first_with_whole_names():
    figure = figure_data(
        money_by_partnership_figure([r for r in ROWS if r.years[0].start_year == 2011], title="2011/12")
    )
    (bars,) = figure["data"]
    assert bars["orientation"] == "h"
    assert bars["x"] == [3300000.0, 32752.0, 15103.0, 0.0]  # two streams added; no amount counts as £0
    # Long names wrap onto lines instead of being cut off, and the axis grows to fit them.
    assert bars["y"][0] == "Criminal Justice Strategic<br>Commissioning Group"
    assert figure["layout"]["yaxis"]["automargin"] is True
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # largest at the top


def test_money_by_partnership_labels_every_bar_with_its_total_so_small_bars_stay_readable():
    figure = figure_data(
        money_by_partnership_figure([r for r in ROWS if r.years[0].start_year == 2011], title="2011/12")
    )
    (bars,) = figure["data"]
    # One £3.3m bar makes the others short; each still says what it is worth.
    assert bars["text"] == ["£3,300,000", "£32,752", "£15,103", "£0"]
    assert bars["textposition"] == "outside"
    assert figure["layout"]["showlegend"] is False
    assert figure["layout"]["xaxis"]["tickprefix"] == "£"
