"""Statuses a Board can trust (issue 11, points 1-4), on the seeded documents without demonstration figures.

Hand-checked from seed 000: section 5.2 ("2008/9 - reduce by 3% to 5.85 (achieved)", baseline re-based to
5.40) and Appendix 2 (each district's 2008/09 figure in its 2009/10 target rule; its 2008/09 target only as
"3% reduction from the baseline", with no district baseline, so no number).
"""

import io
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement, Target
from partnerships.models import Area, Partnership
from tests.exports import records_of

pytestmark = pytest.mark.django_db

FORCE_AREA = "leicester-leicestershire-and-rutland"

# Appendix 2: district, its 2008/09 figure (rate per 1,000)
DISTRICT_2008_09 = [
    ("blaby", "3.44"),
    ("charnwood", "7.16"),
    ("harborough", "3.34"),
    ("hinckley-and-bosworth", "4.97"),
    ("melton", "5.59"),
    ("north-west-leicestershire", "6.65"),
    ("oadby-and-wigston", "4.52"),
]


def _dashboard(client, query: str) -> dict[str, dict]:
    """The dashboard's download for ``query``, one record per indicator code (and area, when several)."""
    records = records_of(client.get(f"/?{query}&_export=csv&_table=indicators"))
    return {(r["Code"] if "Area" not in r else f"{r['Area']}: {r['Code']}"): r for r in records}


def _words(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- 1. Real figures first --------------------------------------------------------------------------------


def test_the_county_2008_09_outturn_is_rated_green_against_5_85_at_year_end(client, board_officer):
    client.force_login(board_officer)
    ni20 = _dashboard(client, "area=leicestershire&year=2008/09&quarter=4")["NI 20"]
    assert (ni20["Figure"], ni20["Target due"], ni20["Status"]) == ("5.40", "5.85", "Green")
    assert ni20["Explanation"] == "Green: 5.40 per 1,000 against a target of 5.85 (better than target)."
    assert ni20["Figure used"] == "Whole-year figure for 2008/09, rated as the year-end (Q4) status."
    assert ni20["Forecast outturn"] == "5.40"


def test_the_dashboard_opens_on_2008_09_q4_without_demonstration_figures(client, board_officer):
    client.force_login(board_officer)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("#id_year option[selected]")["value"] == "2008/09"
    assert soup.select_one("#id_quarter option[selected]")["value"] == "4"
    row = next(tr for tr in soup.select("main table tbody tr") if _words(tr.find(["th", "td"])) == "NI 20")
    assert "Green: 5.40 per 1,000 against a target of 5.85" in _words(row)
    assert "Whole-year figure for 2008/09" in _words(row)


@pytest.mark.parametrize(("district", "figure"), DISTRICT_2008_09)
def test_each_district_2008_09_figure_is_shown_as_data_only_its_target_has_no_number(
    client, board_officer, district, figure
):
    client.force_login(board_officer)
    ni20 = _dashboard(client, f"area={district}&year=2008/09&quarter=4")["NI 20"]
    assert (ni20["Figure"], ni20["Target due"], ni20["Status"]) == (figure, "", "Data only")


def test_a_real_whole_year_figure_answers_before_a_synthetic_q4_one_and_the_page_says_so(client, board_officer):
    county = Area.objects.get(slug="leicestershire")
    ni20 = Indicator.objects.get(code="NI 20")
    Measurement.objects.create(
        indicator=ni20, area=county, year=FinancialYear(2008), quarter=4, value=D("5.76"), is_synthetic=True
    )
    client.force_login(board_officer)
    row = _dashboard(client, "area=leicestershire&year=2008/09&quarter=4")["NI 20"]
    assert (row["Figure"], row["Status"], row["Synthetic figure"]) == ("5.40", "Green", "")
    assert (
        "The real figure is used; a synthetic demonstration figure for the same period is set aside."
        in (row["Figure used"])
    )


# --- 2. Cadence and lag -----------------------------------------------------------------------------------


@pytest.fixture
def testshire(seeded):
    area = Area.objects.create(name="Testshire", slug="testshire", kind=Area.Kind.UNITARY, ons_code="E06999998")
    return area


def test_a_lagged_quarterly_indicator_is_missing_once_its_lag_has_passed(client, board_officer, testshire):
    """NI 18 a quarter late: its Q3 figure is due at the Q4 review, and the area has reported Q4 elsewhere."""
    ni18 = Indicator.objects.get(code="NI 18")
    Indicator.objects.filter(pk=ni18.pk).update(reporting_lag_quarters=1)
    ni20 = Indicator.objects.get(code="NI 20")
    for quarter in (1, 2, 3, 4):
        Measurement.objects.create(indicator=ni20, area=testshire, year=FinancialYear(2009), quarter=quarter, value=5)
    for quarter in (1, 2):
        Measurement.objects.create(indicator=ni18, area=testshire, year=FinancialYear(2009), quarter=quarter, value=1)
    client.force_login(board_officer)
    assert _dashboard(client, "area=testshire&year=2009/10&quarter=3")["NI 18"]["Status"] == "Missing"
    assert _dashboard(client, "area=testshire&year=2009/10&quarter=4")["NI 18"]["Status"] == "Not due"
    assert _dashboard(client, "area=testshire&year=2009/10&quarter=2")["NI 18"]["Status"] != "Missing"


def test_a_place_survey_indicator_is_not_due_outside_its_survey_years(client, board_officer):
    client.force_login(board_officer)
    assert _dashboard(client, "area=leicestershire&year=2009/10&quarter=4")["NI 21"]["Status"] == "Not due"
    assert _dashboard(client, "area=leicestershire&year=2008/09&quarter=4")["NI 21"]["Figure"] == "25.1"


# --- 3. Every area level ----------------------------------------------------------------------------------


def test_the_area_is_a_choice_on_the_page_at_every_level(client, board_officer):
    client.force_login(board_officer)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    select = soup.select_one("form select#id_area")
    assert soup.select_one("label[for=id_area]")
    values = [option["value"] for option in select.select("option")]
    assert {FORCE_AREA, "leicestershire", "leicester", "rutland", "blaby"} <= set(values)
    assert select.select_one("option[selected]")["value"] == "leicestershire"


def test_a_csp_manager_lands_on_their_own_district(client, blaby_manager):
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.select_one("#id_area option[selected]")["value"] == "blaby"
    assert "Blaby" in _words(soup.select_one("main table caption"))


def test_the_force_area_confidence_target_dated_after_its_agreement_is_rated(client, board_officer):
    client.force_login(board_officer)
    row = _dashboard(client, f"area={FORCE_AREA}&year=2011/12&quarter=4")["BCS Confidence"]
    assert row["Target due"] == "58"
    assert row["Status"] == "Missing"  # the documents give no confidence figure for 2011/12


def test_the_indicator_page_shows_the_level_above_with_its_target_and_status(client, board_officer):
    client.force_login(board_officer)
    soup = BeautifulSoup(client.get("/indicators/bcs-confidence/?area=leicestershire").content, "html.parser")
    targets = soup.find("caption", string="Targets by area and year").find_parent("table")
    assert "Leicester, Leicestershire and Rutland 2011/12 15% increase in confidence from 43% to 58%" in _words(targets)
    baselines = soup.find("caption", string="Baselines by area").find_parent("table")
    assert "Leicester, Leicestershire and Rutland" in _words(baselines)
    levels = soup.select_one("#levels-table")
    force = next(tr for tr in levels.select("tbody tr") if "Leicester, Leicestershire and Rutland" in _words(tr))
    assert "58" in _words(force) and "Missing" in _words(force)


def test_a_partnership_covering_two_areas_has_one_dashboard_with_both(client, board_officer):
    smpb = Partnership.objects.get(slug="smpb")
    client.force_login(board_officer)
    rows = _dashboard(client, f"area=partnership:{smpb.slug}&year=2008/09&quarter=4")
    assert {key.split(": ")[0] for key in rows} == {"Leicestershire", "Rutland"}
    assert rows["Leicestershire: NI 20"]["Status"] == "Green"


# --- 4. The quarter is chosen per area --------------------------------------------------------------------


def _performance(client, path: str) -> str:
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    return " | ".join(_words(node) for node in soup.select("main table, main h2, main select"))


def test_a_late_figure_for_one_area_moves_no_other_areas_page(client, board_officer):
    client.force_login(board_officer)
    pages = ["/?area=charnwood", "/?area=leicestershire", "/partnerships/charnwood-community-safety-partnership/"]
    before = {page: _performance(client, page) for page in pages}
    blaby_before = _dashboard(client, "area=blaby")
    call_command("import_table", "measurements", "fixtures/examples/measurements.csv", stdout=io.StringIO())
    assert Measurement.objects.filter(area__slug="blaby", year=FinancialYear(2013), quarter=1).exists()
    assert {page: _performance(client, page) for page in pages} == before
    soup = BeautifulSoup(client.get("/?area=blaby").content, "html.parser")
    assert soup.select_one("#id_year option[selected]")["value"] == "2013/14"
    assert _dashboard(client, "area=blaby&year=2008/09&quarter=4") == blaby_before


def test_the_partnership_page_has_a_quarter_picker(client, board_officer):
    client.force_login(board_officer)
    soup = BeautifulSoup(
        client.get("/partnerships/blaby-district-community-safety-partnership/?year=2009/10&quarter=2").content,
        "html.parser",
    )
    assert soup.select_one("#id_year option[selected]")["value"] == "2009/10"
    assert soup.select_one("#id_quarter option[selected]")["value"] == "2"
    assert "Performance, 2009/10 Q2" in _words(soup.select_one("#performance"))


def test_targets_are_not_filtered_by_agreement_years(seeded):
    force = Area.objects.get(slug=FORCE_AREA)
    target = Target.objects.get(indicator__code="BCS Confidence", area=force)
    assert target.year > target.indicator.agreement.end_year
    assert Indicator.objects.for_dashboard(target.year).filter(code="BCS Confidence").exists()


def test_a_district_indicator_page_shows_the_county_above_it_rated(client, blaby_manager):
    """From a CSP manager's dashboard row to the indicator: their district, and the county's target and status."""
    client.force_login(blaby_manager)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    link = next(a for a in soup.select("main table a") if _words(a) == "NI 20")
    assert link["href"] == "/indicators/ni-20/?area=blaby"
    soup = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    levels = {_words(tr.th): _words(tr) for tr in soup.select("#levels-table tbody tr")}
    assert set(levels) == {"Blaby", "Leicestershire"}
    assert "Green: 5.40 per 1,000 against a target of 5.85" in levels["Leicestershire"]
    assert "Data only: 3.44 per 1,000" in levels["Blaby"]
