"""Funding pages: what they show (parsed HTML), the seed's flags, exports, and query counts that do not grow."""

import csv
import io
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from funding.models import Allocation, AllocationFormula, Grant, SpendLine
from funding.selectors import flagged_total_checks
from tests.builders import more_grants

# Every flag the seed raises on stated totals: (subject, stated label).
SEED_FLAGS = {
    ("Community Safety Fund Safer Leicester Partnership 2012/13", "Total Allocated (1st Quarter Spend)"),
    ("Safer Rutland Partnership 2012/13 BCU funding", "Grand Total"),
    (
        "Community Safety Fund Leicestershire 2012/13: Locality Allocations",
        "'Locality Allocations' line against its breakdown",
    ),
    # A grant's stated amount against its lines, where the document also states the total of all its lines.
    ("ABG Safer Communities revenue 2010/11", "Grant (as stated)"),
    ("Safer Rutland Partnership 2012/13 BCU funding", "Grant (as stated)"),
    ("Safer Rutland Partnership 2012/13 council revenue funding", "Grant (as stated)"),
}


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _flag_texts(response):
    return [li.get_text(" ", strip=True) for li in _soup(response).select(".app-funding-flags li")]


@pytest.fixture
def signed_in(client, board_officer):
    client.force_login(board_officer)
    return client


def test_pages_need_a_signed_in_user(client, slp_grant):
    for url in (reverse("funding:index"), reverse("funding:grant", args=[slp_grant.pk])):
        assert client.get(url).status_code == 302


def test_the_index_lists_grants_by_year_with_computed_totals_and_the_seed_flags(signed_in, slp_grant):
    response = signed_in.get(reverse("funding:index"))
    assert response.status_code == 200
    page = _soup(response)
    rows = {tr.select("td")[1].get_text(strip=True): tr for tr in page.select("table")[0].select("tbody tr")}
    slp = [td.get_text(strip=True) for td in rows[slp_grant.title].select("td")]
    assert slp[0] == "2012/13" and slp[5:] == ["£184,576", "£169,578", "£31,450", "–"]
    flags = _flag_texts(response)
    assert {(c.subject, c.label) for c in flagged_total_checks()} == SEED_FLAGS
    assert len(flags) == len(SEED_FLAGS)
    assert any("Grand Total" in f and "£6,670" in f and "£5,330" in f for f in flags)


def test_a_grant_page_shows_allocated_unallocated_spent_and_its_flags(signed_in, slp_grant):
    response = signed_in.get(reverse("funding:grant", args=[slp_grant.pk]))
    page = _soup(response)
    assert page.select_one("#grant-allocated").get_text(strip=True) == "£169,578"
    assert page.select_one("#grant-unallocated").get_text(strip=True) == "£14,998"
    assert page.select_one("#grant-spent").get_text(strip=True) == "£31,450 (reported to 2012/13 Q1)"
    flags = _flag_texts(response)
    assert len(flags) == 1  # its stated 'Total Allocated' and 'Amount To Be Allocated' agree with the lines
    assert "£17,700" in flags[0] and "£31,450" in flags[0] and "1st Quarter Spend" in flags[0]
    allocation_rows = page.select("table")[0].select("tbody tr")
    spend_words = {
        tr.select("td")[0].get_text(strip=True): tr.select("td")[-1].get_text(strip=True) for tr in allocation_rows
    }
    assert spend_words["IOM"] == "On profile"
    assert spend_words["Domestic Homicide Review"] == "Underspent"
    assert page.select_one('[data-chart-source="spend-chart-data"]') is not None


def test_the_abg_grant_page_shows_and_flags_the_23_pounds_between_9_2_and_appendix_3(signed_in, abg_grant):
    page = _soup(signed_in.get(reverse("funding:grant", args=[abg_grant.pk])))
    assert page.select_one("#grant-allocated").get_text(strip=True) == "£740,977"
    assert page.select_one("#grant-unallocated") is None  # the £23 is not money left to allocate
    assert (
        page.select_one("#grant-difference")
        .get_text(" ", strip=True)
        .startswith("Flag: the lines come to £23 less than the approximate grant")
    )
    [flag] = [li.get_text(" ", strip=True) for li in page.select(".app-funding-flags li")]
    assert "£741,000" in flag and "£740,977" in flag


def test_the_leicestershire_csf_page_flags_98001_against_98000(signed_in):
    grant = Grant.objects.get(title="Community Safety Fund Leicestershire 2012/13")
    flags = _flag_texts(signed_in.get(reverse("funding:grant", args=[grant.pk])))
    assert len(flags) == 1 and "£98,000" in flags[0] and "£98,001" in flags[0]


def test_money_by_partnership_has_one_chart_per_year_and_counts_nothing_twice(signed_in):
    response = signed_in.get(reverse("funding:partnerships"), {"year": "2013/14"})
    page = _soup(response)
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("table tbody tr")]
    nwl = [r for r in rows if r[1] == "Safer North West Partnership"]
    assert sorted(r[-1] for r in nwl) == ["£12,000", "£21,300", "£7,112"]
    import json

    assert [div["data-chart-source"] for div in page.select("[data-chart-source]")] == ["partnership-chart-2013"]
    chart = json.loads(page.select_one("#partnership-chart-2013").string)
    (bars,) = chart["data"]
    assert bars["text"] == ["£40,412"]  # the partnership's three streams added together


def test_money_by_partnership_for_all_years_draws_a_chart_per_year(signed_in):
    page = _soup(signed_in.get(reverse("funding:partnerships")))
    charts = page.select("[data-chart-source]")
    assert len(charts) == len(page.select("#id_year option")) - 1  # every year but "All years"
    for chart in charts:
        assert page.find(id=chart["data-chart-source"]) is not None


def test_an_allocation_page_shows_spend_to_date_and_percent(signed_in, iom_slp):
    page = _soup(signed_in.get(reverse("funding:allocation", args=[iom_slp.pk])))
    assert page.select_one("#allocation-spent").get_text(strip=True) == "£13,750 (25.0% of the allocation)"
    assert not page.find(string=lambda s: s and "Record spend for" in s)  # a board officer records nothing


def test_the_formula_page_shows_appendix_3_and_agrees_with_the_stored_allocations(signed_in):
    formula = AllocationFormula.objects.get()
    page = _soup(signed_in.get(reverse("funding:formula", args=[formula.pk])))
    rows = {
        tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("table tbody tr")
    }
    blaby = rows["Blaby District Community Safety Partnership"]
    assert blaby[1:] == ["£25,000", "£13,711.12", "£20,840.41", "£59,551.53", "£59,551", "£59,551", "£0"]
    assert rows["Total"][5] == "£426,000"


def test_a_what_if_on_the_pot_gives_a_new_allocation_that_adds_up(signed_in):
    formula = AllocationFormula.objects.get()
    page = _soup(signed_in.get(reverse("funding:formula", args=[formula.pk]), {"pot": "500,000"}))
    rows = {
        tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")]
        for tr in page.select("table tbody tr")
    }
    assert rows["Total"][5] == "£500,000"
    assert page.select_one("form[action$='/save/']") is None  # board officers see no save form


def test_a_what_if_with_bad_input_shows_the_error_summary(signed_in):
    formula = AllocationFormula.objects.get()
    response = signed_in.get(reverse("funding:formula", args=[formula.pk]), {"pot": "lots"})
    assert response.status_code == 200
    assert _soup(response).select_one(".govuk-error-summary a")["href"] == "#id_pot"


@pytest.mark.parametrize("persona", ["board_officer", "blaby_manager"])
def test_only_an_administrator_can_save_a_what_if_others_get_403_and_nothing_is_written(
    client, request, persona, abg_grant
):
    client.force_login(request.getfixturevalue(persona))
    formula = AllocationFormula.objects.get()
    before = Allocation.objects.count()
    response = client.post(
        reverse("funding:formula_save", args=[formula.pk]), {"pot": "500000", "label": "Forged", "grant": abg_grant.pk}
    )
    assert response.status_code == 403
    assert Allocation.objects.count() == before


def test_an_administrator_saves_a_what_if_as_a_new_allocation(client, administrator, abg_grant):
    client.force_login(administrator)
    formula = AllocationFormula.objects.get()
    components = {f"c{c.pk}": "" for c in formula.components.all()}
    response = client.post(
        reverse("funding:formula_save", args=[formula.pk]),
        {"pot": "500000", **components, "label": "CSPs 500k what-if", "grant": abg_grant.pk},
    )
    assert response.status_code == 302
    parent = Allocation.objects.get(grant=abg_grant, label="CSPs 500k what-if")
    children = list(parent.children.all())
    assert parent.amount == D("500000") and len(children) == 7
    assert sum(c.amount for c in children) == D("500000")
    assert all(c.amount == c.amount.to_integral_value() for c in children)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("url_name", "table", "args"),
    [
        ("funding:index", "grants", None),
        ("funding:index", "totals", None),
        ("funding:partnerships", "allocations", None),
        ("funding:grant", "allocations", "slp"),
        ("funding:grant", "spend", "slp"),
        ("funding:allocation", "spend", "iom"),
        ("funding:allocation", "lines", "iom"),
        ("funding:formula", "formula", "formula"),
    ],
)
def test_every_funding_table_downloads_and_parses(signed_in, slp_grant, iom_slp, url_name, table, args, export_format):
    pk = {"slp": slp_grant.pk, "iom": iom_slp.pk, "formula": AllocationFormula.objects.get().pk, None: None}[args]
    url = reverse(url_name, args=[pk] if pk else [])
    response = signed_in.get(url, {"_export": export_format, "_table": table})
    assert response.status_code == 200
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(rows) >= 2
    assert all("£" not in str(value) for row in rows[1:] for value in row if value is not None)


def test_the_slp_allocations_export_gives_plain_numbers(signed_in, slp_grant):
    response = signed_in.get(reverse("funding:grant", args=[slp_grant.pk]), {"_export": "csv", "_table": "allocations"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    iom = next(r for r in rows if r["Allocation"] == "IOM")
    assert (iom["Allocated"], iom["Spent to date"], iom["% spent"]) == ("55000.00", "13750.00", "25.0")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["index", "partnerships", "grant", "allocation", "formula"])
def test_query_counts_do_not_grow_with_the_data(signed_in, slp_grant, iom_slp, page):
    urls = {
        "index": reverse("funding:index"),
        "partnerships": reverse("funding:partnerships"),
        "grant": reverse("funding:grant", args=[slp_grant.pk]),
        "allocation": reverse("funding:allocation", args=[iom_slp.pk]),
        "formula": reverse("funding:formula", args=[AllocationFormula.objects.get().pk]),
    }
    _queries(signed_in, urls[page])  # warm the session and caches
    before = _queries(signed_in, urls[page])
    more_grants(5)
    for allocation in Allocation.objects.filter(grant=slp_grant)[:3]:
        SpendLine.objects.create(allocation=allocation, year=2012, quarter=2, amount=5, item="extra")
    assert _queries(signed_in, urls[page]) == before


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"label": ""}, "Enter a name for the new allocation"),
        ({"label": "   "}, "Enter a name for the new allocation"),
        ({"pot": "lots"}, "The pot must be a number"),
        ({"pot": "500000.50"}, "The pot must be whole pounds, like 426,000"),
        ({"grant": "999999"}, "Choose the grant to add the new allocation to"),
    ],
)
def test_a_refused_what_if_save_says_exactly_why(client, administrator, abg_grant, change, reason):
    client.force_login(administrator)
    formula = AllocationFormula.objects.get()
    components = {f"c{c.pk}": "" for c in formula.components.all()}
    before = Allocation.objects.count()
    data = {"pot": "500000", **components, "label": "CSPs 500k what-if", "grant": abg_grant.pk, **change}
    response = client.post(reverse("funding:formula_save", args=[formula.pk]), data, follow=True)
    banner = _soup(response).select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert reason in banner
    assert "Check the pot, the components and the name" not in banner
    assert Allocation.objects.count() == before


def test_a_what_if_save_under_a_taken_name_says_so(client, administrator, abg_grant):
    client.force_login(administrator)
    formula = AllocationFormula.objects.get()
    taken = Allocation.objects.filter(grant=abg_grant).values_list("label", flat=True).first()
    response = client.post(
        reverse("funding:formula_save", args=[formula.pk]),
        {"pot": "500000", "label": taken, "grant": abg_grant.pk},
        follow=True,
    )
    banner = _soup(response).select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert f"already has a line called “{taken}”" in banner
