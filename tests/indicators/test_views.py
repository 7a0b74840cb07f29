"""Dashboard, indicator and data-quality pages (indicators/views.py): render, right RAG, exports, query counts."""

import csv
import io
from decimal import Decimal as D

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement
from partnerships.models import Area, Partnership

pytestmark = pytest.mark.django_db


def figure(code, area, year, quarter, value, **extra):
    return Measurement.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=Area.objects.get(name=area),
        year=FinancialYear.parse(year),
        quarter=quarter,
        value=D(value),
        **extra,
    )


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def dashboard_rows(page):
    table = page.find("table", class_="app-table")
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = tr.find_all("td")
        if len(cells) > 4:
            rows[cells[0].get_text(strip=True)] = {
                "figure": cells[2].get_text(" ", strip=True),
                "status": cells[4].find("strong").get_text(strip=True),
                "explanation": cells[4].find("span").get_text(strip=True),
            }
    return rows


def test_pages_require_sign_in(client, seeded):
    for url in ["/", "/indicators/ni-20/", "/partnerships/lscsb/", "/partnerships/priorities/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_every_indicator_and_partnership_page_renders(client, board_officer):
    client.force_login(board_officer)
    for indicator in Indicator.objects.all():
        assert client.get(indicator.get_absolute_url()).status_code == 200, indicator.code
    for partnership in Partnership.objects.all():
        assert client.get(partnership.get_absolute_url()).status_code == 200, partnership.slug


def test_dashboard_shows_hand_checked_rag(client, board_officer):
    figure("NI 20", "Leicestershire", "2009/10", 2, "5.31")  # target 5.24: 1.3% worse, within 5%
    figure("LI 11 (NI 40)", "Leicestershire", "2009/10", 2, "1000")  # target 1150: 13.0% short
    client.force_login(board_officer)
    rows = dashboard_rows(soup(client.get("/?year=2009/10&quarter=2")))
    assert rows["NI 20"]["status"] == "Amber"
    assert rows["NI 20"]["explanation"] == "Amber: 5.31 per 1,000 against a target of 5.24 (1.3% worse; tolerance 5%)."
    assert rows["LI 11 (NI 40)"]["status"] == "Red"
    # NI 21 is a Place Survey indicator: no figure is due in Q2.
    assert rows["NI 21"]["status"] == "Not due"
    # NI 18 is quarterly and due, but nobody reported it: missing, never zero.
    assert rows["NI 18"]["status"] == "Missing"
    # NI 19 is annual: not due until Q4.
    assert rows["NI 19"]["status"] == "Not due"


def test_dashboard_filters_to_red(client, board_officer):
    figure("NI 20", "Leicestershire", "2009/10", 3, "6.50")
    figure("LI 11 (NI 40)", "Leicestershire", "2009/10", 3, "1150")
    client.force_login(board_officer)
    rows = dashboard_rows(soup(client.get("/?year=2009/10&quarter=3&rag=red")))
    assert list(rows) == ["NI 20"]


def test_dashboard_summary_counts_match_the_table(client, board_officer):
    figure("NI 20", "Leicestershire", "2009/10", 3, "5.00")
    client.force_login(board_officer)
    page = soup(client.get("/?year=2009/10&quarter=3"))
    rows = dashboard_rows(page)
    summary = page.find("table", class_="app-summary")
    labels = [th.get_text(strip=True) for th in summary.thead.find_all("th")[1:]]
    counts = [int(td.get_text()) for td in summary.tbody.find_all("td")]
    by_label = dict(zip(labels, counts, strict=True))
    for label, count in by_label.items():
        assert count == sum(1 for r in rows.values() if r["status"] == label), label


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_exports_parse_and_hold_the_same_rows_as_the_table(client, board_officer, export_format):
    figure("NI 20", "Leicestershire", "2009/10", 2, "5.31")
    client.force_login(board_officer)
    rows = dashboard_rows(soup(client.get("/?year=2009/10&quarter=2")))
    response = client.get(f"/?year=2009/10&quarter=2&_export={export_format}")
    assert response.status_code == 200
    if export_format == "csv":
        records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header, *data = [list(row) for row in sheet.iter_rows(values_only=True)]
        records = [dict(zip(header, row, strict=True)) for row in data]
    assert [r["Code"] for r in records] == list(rows)
    ni20 = next(r for r in records if r["Code"] == "NI 20")
    assert (str(ni20["Figure"]), ni20["Status"]) == ("5.31", "Amber")
    assert "Explanation" in ni20 and "Synthetic figure" in ni20


def test_synthetic_figures_are_marked_in_the_banner_table_and_export(client, board_officer):
    client.force_login(board_officer)
    assert "synthetic demonstration data" not in client.get("/partnerships/").content.decode()
    call_command("generate_demo_figures", verbosity=0)
    assert Measurement.objects.filter(is_synthetic=True).exists()
    assert "synthetic demonstration data" in client.get("/partnerships/").content.decode()
    export = client.get("/?year=2010/11&quarter=4&_export=csv")
    assert "includes-synthetic" in export["Content-Disposition"]
    assert "synthetic" in export.content.decode()


def test_demo_figures_are_repeatable_and_never_overwrite_document_figures(board_officer):
    source = Measurement.objects.get(
        indicator__code="NI 20", area__name="Blaby", year=FinancialYear(2008), quarter=None
    )
    call_command("generate_demo_figures", verbosity=0)
    first = sorted(
        Measurement.objects.filter(is_synthetic=True).values_list(
            "indicator__code", "area__name", "year", "quarter", "value"
        )
    )
    call_command("generate_demo_figures", "--remove", verbosity=0)
    call_command("generate_demo_figures", verbosity=0)
    second = sorted(
        Measurement.objects.filter(is_synthetic=True).values_list(
            "indicator__code", "area__name", "year", "quarter", "value"
        )
    )
    assert first == second and len(first) > 100
    source.refresh_from_db()
    assert (source.value, source.is_synthetic) == (D("3.44"), False)


def test_plotly_loads_once_on_chart_pages_and_never_elsewhere(client, board_officer):
    call_command("generate_demo_figures", verbosity=0)
    client.force_login(board_officer)
    indicator_page = client.get("/indicators/ni-20/").content.decode()
    assert indicator_page.count("plotly-basic.min") == 1
    assert 'id="trend-chart-data"' in indicator_page
    for url in ["/", "/partnerships/", "/indicators/"]:
        assert "plotly" not in client.get(url).content.decode(), url


def test_indicator_page_shows_the_chosen_districts_line_and_its_table(client, board_officer):
    call_command("generate_demo_figures", verbosity=0)
    client.force_login(board_officer)
    page = soup(client.get("/indicators/ni-20/?district=blaby"))
    table = page.find(id="trend-table")
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert header == ["Period", "Leicestershire", "Leicestershire target due", "Blaby", "Blaby target due"]
    import json

    chart = json.loads(page.find(id="trend-chart-data").string)
    assert chart["layout"]["title"]["text"].replace("<br>", " ") == "NI 20: Leicestershire and Blaby by quarter"
    traces = {trace["name"]: trace for trace in chart["data"]}
    assert {"Blaby", "Blaby target"} <= set(traces)
    # The district's target in the chart is the one in its table column (2010/11: 3.23 for Blaby).
    q4 = next(tr for tr in table.tbody.find_all("tr") if tr.th.get_text(strip=True) == "2010/11 Q4")
    assert q4.find_all("td")[3].get_text(strip=True) == "3.23"
    blaby_target = traces["Blaby target"]
    assert blaby_target["y"][blaby_target["x"].index("2010/11 Q4")] == 3.23


def _more_data():
    """A bigger database: three more districts with a quarterly series for every indicator."""
    county = Area.objects.get(name="Leicestershire")
    indicators = list(Indicator.objects.all())
    rows = []
    for n in range(3):
        area = Area.objects.create(
            name=f"Extra {n}", slug=f"extra-{n}", kind="district", ons_code=f"E0799990{n}", parent=county
        )
        for indicator in indicators:
            for year in (2008, 2009, 2010):
                for quarter in (1, 2, 3, 4):
                    rows.append(
                        Measurement(
                            indicator=indicator, area=area, year=FinancialYear(year), quarter=quarter, value=D("1")
                        )
                    )
    Measurement.objects.bulk_create(rows)


@pytest.mark.parametrize(
    "url",
    [
        "/?year=2009/10&quarter=3",
        "/indicators/ni-20/?district=blaby",
        "/partnerships/blaby-district-community-safety-partnership/",
    ],
)
def test_page_query_count_does_not_grow_with_data(client, board_officer, url, django_assert_max_num_queries):
    call_command("generate_demo_figures", verbosity=0)
    client.force_login(board_officer)
    client.get(url)  # warm caches (content types, sessions)
    cache.clear()  # both counts for the page computed afresh (pagecache), not kept
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_data()
    cache.clear()
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_data_quality_page_lists_every_flag_the_documents_raise(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/data-quality/"))
    assert len(page.select("table")[0].tbody.find_all("tr")) == 4  # targets that disagree with their rule
    flags = [tr.find_all("td")[0].get_text(strip=True) for tr in page.find_all("tr") if tr.find(class_="app-flag")]
    assert "NI 20 2009/10 indicative count" in flags
    assert "NI 20 2010/11 indicative count" in flags
    assert "Safer Rutland Partnership 2012/13 BCU funding" in flags
    assert "Community Safety Fund Safer Leicester Partnership 2012/13" in flags
    assert "ABG Safer Communities revenue 2010/11" in flags  # £741,000 stated against lines of £740,977
    assert len(flags) == 4 + 2 + 6
