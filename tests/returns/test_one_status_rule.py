"""One figure, one status: every page that rates a figure says the same thing about it.

The return page and the board's pages used to adapt an indicator to the RAG engine each their own way
("3.40 against a target of 3.23" on the return, "3.40 per 1,000 against …" on the board pages).
"""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup

from indicators.models import Indicator, Measurement, Target
from indicators.selectors import latest_quarter_with_figures
from partnerships.models import Area, Partnership
from returns.models import ReportingQuarter
from tests.exports import records_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def figure(seeded):
    """NI 20 (a rate per 1,000, lower is better) for a unitary area with its own CSP, in the latest quarter."""
    quarter = latest_quarter_with_figures()
    area = Area.objects.create(name="Testshire", slug="testshire", kind=Area.Kind.UNITARY, ons_code="E06999999")
    csp = Partnership.objects.create(name="Testshire CSP", slug="testshire-csp", kind=Partnership.Kind.CSP)
    csp.areas.add(area)
    ni20 = Indicator.objects.get(code="NI 20")
    Target.objects.create(indicator=ni20, area=area, year=quarter.year, value=D("3.23"))
    Measurement.objects.create(indicator=ni20, area=area, year=quarter.year, quarter=quarter.number, value=D("3.40"))
    reporting_quarter, _ = ReportingQuarter.objects.get_or_create(
        year=quarter.year, quarter=quarter.number, defaults={"is_open": True}
    )
    return quarter, reporting_quarter, area, csp


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


def _dashboard_row(soup):
    return next(tr for tr in soup.select("main table tbody tr") if _words(tr.find(["th", "td"])) == "NI 20")


def test_the_same_figure_has_the_same_status_and_explanation_on_every_page(client, board_officer, figure):
    quarter, reporting_quarter, area, csp = figure
    client.force_login(board_officer)
    query = f"area={area.slug}&year={quarter.year}&quarter={quarter.number}"
    seen = {}

    cell = _dashboard_row(BeautifulSoup(client.get(f"/?{query}").content, "html.parser")).select("td")[4]
    seen["dashboard"] = (_words(cell.strong), _words(cell.span))

    soup = BeautifulSoup(client.get(f"/partnerships/{csp.slug}/").content, "html.parser")
    row = next(tr for tr in soup.select("main tr") if "NI 20" in _words(tr))
    seen["partnership page"] = (_words(row.strong), _words(row.strong.find_next("span", class_="govuk-body-s")))

    soup = BeautifulSoup(client.get(f"/indicators/ni-20/?{query}").content, "html.parser")
    item = next(div for div in soup.select("main dl div.govuk-summary-list__row") if area.name in _words(div.dt))
    seen["indicator page"] = (_words(item.dt.strong), _words(item.dd.p))

    soup = BeautifulSoup(client.get(f"/returns/{reporting_quarter.slug}/{area.slug}/").content, "html.parser")
    seen["return page"] = (
        _words(soup.select_one('[data-figure="NI 20"] strong')),
        _words(soup.select_one('[data-explanation="NI 20"]')),
    )

    records = records_of(client.get(f"/?{query}&_export=csv&_table=indicators"))
    record = next(r for r in records if r["Code"] == "NI 20")
    seen["CSV download"] = (record["Status"], record["Explanation"])

    api = client.get(f"/api/v1/statuses?area={area.slug}&quarter={quarter.label}&indicator=NI 20").json()
    [status_row] = api["results"]
    seen["read API"] = (status_row["status_label"], status_row["explanation"])
    assert status_row["variation_label"] == record["Variation"]
    assert status_row["assurance_label"] == record["Assurance"]

    status, explanation = seen["dashboard"]
    assert explanation.startswith(f"{status}: 3.40 per 1,000 against a target of 3.23")
    assert seen == dict.fromkeys(seen, (status, explanation))


def test_a_whole_year_outturn_has_the_same_status_and_words_on_every_page(client, board_officer):
    """The county's 2008/09 NI 20 outturn (seed 000: 5.40 against 5.85), rated as the year-end status."""
    client.force_login(board_officer)
    query = "area=leicestershire&year=2008/09&quarter=4"
    seen = {}

    row = _dashboard_row(BeautifulSoup(client.get(f"/?{query}").content, "html.parser"))
    cells = row.select("td")
    seen["dashboard"] = (_words(cells[4].strong), _words(cells[4].span), _words(cells[2].span))

    soup = BeautifulSoup(client.get(f"/partnerships/lscsb/?{query}").content, "html.parser")
    row = next(tr for tr in soup.select("main tr") if "NI 20" in _words(tr))
    cells = row.select("td")
    seen["partnership page"] = (_words(cells[2].strong), _words(cells[2].span), _words(cells[0].span))

    soup = BeautifulSoup(client.get(f"/indicators/ni-20/?{query}").content, "html.parser")
    row = next(tr for tr in soup.select("#levels-table tbody tr") if _words(tr.th) == "Leicestershire")
    cells = row.select("td")
    seen["indicator page"] = (_words(cells[2].strong), _words(cells[2].span), _words(cells[0].span))

    records = records_of(client.get(f"/?{query}&_export=csv&_table=indicators"))
    record = next(r for r in records if r["Code"] == "NI 20")
    seen["CSV download"] = (record["Status"], record["Explanation"], record["Figure used"])

    assert seen["dashboard"] == (
        "Green",
        "Green: 5.40 per 1,000 against a target of 5.85 (better than target).",
        "Whole-year figure for 2008/09, rated as the year-end (Q4) status.",
    )
    assert seen == dict.fromkeys(seen, seen["dashboard"])
