"""Is the change real? The SPC chart, the verdicts against the county, the funnel and the dashboard columns."""

import math
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.analysis.compare import Verdict
from core.analysis.spc import Variation
from core.periods import FinancialYear
from indicators.analysis import estimate
from indicators.models import Measurement
from partnerships.models import Area
from partnerships.populations import Population

pytestmark = pytest.mark.django_db

# 16 quarters from 2007/08 Q1: steady around 5.5, then a jump the limits must catch (NI 20: lower is better).
STEADY = [5.4, 5.6, 5.5, 5.7, 5.4, 5.6, 5.5, 5.3, 5.6, 5.5, 5.4, 5.6, 5.5, 5.7, 5.4]


def _quarters(count, first_year=2007):
    return [(first_year + i // 4, i % 4 + 1) for i in range(count)]


def _series(ni20, area, values, first_year=2007):
    Measurement.objects.bulk_create(
        Measurement(indicator=ni20, area=area, year=FinancialYear(y), quarter=q, value=D(str(v)), is_synthetic=True)
        for (y, q), v in zip(_quarters(len(values), first_year), values, strict=True)
    )


def _indicator_table(soup):
    """The dashboard's indicator table (after the status summary): its headers and each row's cells by code."""
    table = soup.select("table")[-1]
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    rows = {}
    for row in table.select("tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        rows[cells[0]] = dict(zip(headers, cells, strict=False))
    return rows


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_point_beyond_the_limit_is_marked_with_its_rule_in_words(client, board_officer, ni20):
    county = Area.objects.get(name="Leicestershire")
    _series(ni20, county, [*STEADY, 7.5])
    client.force_login(board_officer)
    soup = _page(client, reverse("indicators:detail", args=["ni-20"]) + "?year=2010/11&quarter=4")
    rows = soup.select("#spc-table tbody tr")
    assert len(rows) == 16
    last = [cell.get_text(strip=True) for cell in rows[-1].select("th, td")]
    assert last[0] == "2010/11 Q4"
    assert last[-1] == "a point beyond a process limit"
    assert (
        soup.select_one("#spc")
        .find_next("dl")
        .get_text(" ", strip=True)
        .startswith("Variation Special cause concerning")
    )
    assert soup.select_one("#spc-too-few") is None
    assert soup.select_one("#spc-chart-data") is not None


def test_too_few_points_says_so_instead_of_drawing_limits(client, board_officer, ni20):
    _series(ni20, Area.objects.get(name="Leicestershire"), STEADY[:11], first_year=2008)
    client.force_login(board_officer)
    soup = _page(client, reverse("indicators:detail", args=["ni-20"]))
    note = soup.select_one("#spc-too-few").get_text(" ", strip=True)
    assert note.startswith("11 points: too few for process limits")
    assert "at least 12" in note
    limits = [row.select("td")[2].get_text(strip=True) for row in soup.select("#spc-table tbody tr")]
    assert set(limits) == {"–"}


def test_twelve_points_draw_provisional_limits_and_say_so(client, board_officer, ni20):
    _series(ni20, Area.objects.get(name="Leicestershire"), STEADY[:12], first_year=2008)
    client.force_login(board_officer)
    soup = _page(client, reverse("indicators:detail", args=["ni-20"]))
    assert soup.select_one("#spc-too-few") is None
    note = soup.select_one("#spc-provisional").get_text(" ", strip=True)
    assert note.startswith("12 points: provisional limits")
    assert "at least 15" in note
    limits = [row.select("td")[2].get_text(strip=True) for row in soup.select("#spc-table tbody tr")]
    assert "–" not in limits


def test_each_district_is_better_similar_or_worse_than_the_county_with_its_interval(client, board_officer, ni20):
    county = Area.objects.get(name="Leicestershire")
    quarter = {"year": FinancialYear(2010), "quarter": 3, "is_synthetic": True, "indicator": ni20}
    Measurement.objects.create(area=county, value=D("5.10"), **quarter)
    figures = {"Blaby": "3.25", "Charnwood": "6.45", "Melton": "5.13"}
    for name, value in figures.items():
        Measurement.objects.create(area=Area.objects.get(name=name), value=D(value), **quarter)
    client.force_login(board_officer)
    soup = _page(client, reverse("indicators:detail", args=["ni-20"]) + "?year=2010/11&quarter=3")
    table = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
        for row in soup.select("#significance-table tbody tr")
    }
    # Blaby: 3.25 per 1,000 of 92,879 (implied: 300 ÷ 3.23 × 1,000) is 302 crimes; Byar's 95% limits 268.9 and
    # 338.0 crimes are 2.90 and 3.64 per 1,000, all below the county's 5.10: lower is better, so better.
    assert table["Blaby"][:3] == ["3.25", "2.90 to 3.64", "2.70 to 3.87"]
    assert table["Blaby"][3] == "Better (significantly better)"
    assert table["Charnwood"][3] == "Worse (significantly worse)"
    assert table["Melton"][3] == "Similar (not significantly different)"
    assert table["Harborough"] == ["Not compared: no figure, or no denominator to give it an interval."]
    assert soup.select_one("#funnel-chart-data") is not None


def test_the_count_comes_from_the_population_and_is_labelled_with_its_source(seeded, ni20):
    blaby = Area.objects.get(name="Blaby")
    population = Population.objects.best_for([blaby.pk], 2010)[blaby.pk]
    measurement = Measurement(indicator=ni20, area=blaby, year=FinancialYear(2010), quarter=3, value=D("3.25"))
    found = estimate(ni20, measurement, population)
    assert (found.count, found.denominator) == (302, 92_879)
    assert math.isclose(found.interval.lower, 2.8951, abs_tol=5e-4)
    assert "implied by a count and a rate" in found.denominator_note
    assert "not a census figure" in found.denominator_note
    assert Verdict.BETTER.label == "Significantly better"


def test_the_dashboard_shows_variation_and_assurance_in_words_and_filters_on_them(client, board_officer, ni20):
    _series(ni20, Area.objects.get(name="Leicestershire"), [*STEADY, 7.5])
    client.force_login(board_officer)
    url = reverse("dashboard") + "?year=2010/11&quarter=4"
    ni20_row = _indicator_table(_page(client, url))["NI 20"]
    assert ni20_row["Variation"] == "Special cause concerning"
    assert ni20_row["Assurance"] == "Target consistently not met"
    filtered = _indicator_table(_page(client, url + f"&variation={Variation.CONCERNING.value}"))
    assert list(filtered) == ["NI 20"]


def test_direction_of_travel_says_significant_only_when_the_interval_does(client, board_officer, ni20):
    county = Area.objects.get(name="Leicestershire")
    client.force_login(board_officer)
    url = reverse("dashboard") + "?year=2010/11&quarter=3"
    for year, value in ((2009, "5.60"), (2010, "5.10")):
        Measurement.objects.create(
            indicator=ni20, area=county, year=FinancialYear(year), quarter=3, value=D(value), is_synthetic=True
        )

    def direction():
        return _indicator_table(_page(client, url))["NI 20"]["Direction of travel"]

    # About 3,230 crimes against 3,550 among some 634,000 people: a rate ratio of 0.91 (95% 0.87 to 0.96).
    assert direction() == "Better (significant)"
    earlier = Measurement.objects.get(indicator=ni20, area=county, year=FinancialYear(2009), quarter=3)
    earlier.value = D("5.12")
    earlier.save()  # as every write path does: a save moves the data version on (a bare update() would not)
    assert direction() == "Better"  # 5.10 against 5.12: well inside the interval


def test_districts_are_compared_even_when_the_first_district_has_no_figure(client, board_officer, ni20):
    quarter = {"year": FinancialYear(2010), "quarter": 3, "is_synthetic": True, "indicator": ni20}
    Measurement.objects.create(area=Area.objects.get(name="Leicestershire"), value=D("5.10"), **quarter)
    Measurement.objects.create(area=Area.objects.get(name="Charnwood"), value=D("6.45"), **quarter)
    client.force_login(board_officer)
    soup = _page(client, reverse("indicators:detail", args=["ni-20"]) + "?year=2010/11&quarter=3")
    rows = {row.th.get_text(strip=True): row for row in soup.select("#significance-table tbody tr")}
    assert "Not compared" in rows["Blaby"].get_text()  # no figure: Blaby comes first alphabetically
    assert "Worse (significantly worse)" in rows["Charnwood"].get_text(" ", strip=True)
