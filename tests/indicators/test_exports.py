"""Downloads of the dashboard, the indicator page and the data-quality page: what they hold, and their cost."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement, Target
from partnerships.models import Area
from tests.exports import records_of

pytestmark = pytest.mark.django_db


def _figure(code, area, year, quarter, value, **extra):
    return Measurement.objects.create(
        indicator=Indicator.objects.get(code=code),
        area=Area.objects.get(name=area),
        year=FinancialYear(year),
        quarter=quarter,
        value=D(value),
        **extra,
    )


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session also reads and slides the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return len(captured)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_dashboard_download_holds_the_commentary_entered_with_each_figure(client, board_officer, export_format):
    _figure("NI 20", "Leicestershire", 2009, 2, "5.31", commentary="Night-time economy rise; =1+1 is not a formula")
    client.force_login(board_officer)
    records = records_of(client.get(f"/?year=2009/10&quarter=2&_export={export_format}&_table=indicators"))
    by_code = {r["Code"]: r for r in records}
    assert by_code["NI 20"]["Commentary"] == "Night-time economy rise; =1+1 is not a formula"
    assert by_code["NI 21"]["Commentary"] in ("", None)


def test_the_indicator_page_downloads_mark_synthetic_figures_in_a_column_and_the_file_name(client, board_officer):
    client.force_login(board_officer)
    clean = client.get("/indicators/ni-20/?district=blaby&_export=csv&_table=trend")
    assert "includes-synthetic" not in clean["Content-Disposition"]
    call_command("generate_demo_figures", verbosity=0)
    for table in ("trend", "districts"):
        response = client.get(f"/indicators/ni-20/?district=blaby&_export=csv&_table={table}")
        assert response["Content-Disposition"].endswith('-includes-synthetic.csv"'), table
        assert "synthetic" in {r["Synthetic figure"] for r in records_of(response)}, table


def test_the_indicator_trend_download_gives_numbers_as_numbers(client, board_officer):
    client.force_login(board_officer)
    _figure("NI 20", "Leicestershire", 2011, 1, "1234.5")
    response = client.get("/indicators/ni-20/?_export=xlsx&_table=trend")
    row = next(r for r in records_of(response) if r["Period"] == "2011/12 Q1")
    assert isinstance(row["Leicestershire"], float | int)
    assert row["Leicestershire"] == pytest.approx(1234.5)


def test_a_table_the_page_does_not_show_is_not_a_download(client, board_officer):
    client.force_login(board_officer)
    assert client.get("/indicators/ni-20/?_export=csv&_table=nothing").status_code == 404
    assert client.get("/data-quality/?_export=csv&_table=secrets").status_code == 404


def test_indicator_page_downloads_cost_the_same_queries_whatever_the_number_of_figures(client, board_officer):
    client.force_login(board_officer)
    urls = [f"/indicators/ni-20/?district=blaby&_export=csv&_table={t}" for t in ("trend", "districts", "targets")]
    before = [_queries(client, url) for url in urls]
    for year in range(2011, 2014):
        for quarter in (1, 2, 3, 4):
            for area in ("Leicestershire", "Blaby", "Charnwood", "Melton"):
                _figure("NI 20", area, year, quarter, "3.1")
    after = [_queries(client, url) for url in urls]
    assert all(a <= b for a, b in zip(after, before, strict=True)), (after, before)


def test_the_data_quality_download_costs_the_same_queries_whatever_the_number_of_flags(client, board_officer):
    client.force_login(board_officer)
    url = "/data-quality/?_export=xlsx&_table=targets"
    before = _queries(client, url)
    shown = len(records_of(client.get(url)))
    indicator = Indicator.objects.get(code="NI 20")
    flagged = Target.objects.flagged().first()
    for year in range(2015, 2020):
        Target.objects.create(
            indicator=indicator,
            area=Area.objects.get(name="Leicestershire"),
            year=FinancialYear(year),
            value=flagged.value + 1,
            rule_text=flagged.rule_text,
            rule_base=flagged.rule_base,
            rule_change_percent=flagged.rule_change_percent,
        )
    assert len(records_of(client.get(url))) == Target.objects.flagged().count() > shown
    assert _queries(client, url) == before
