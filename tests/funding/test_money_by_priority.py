"""Money joined to outcomes: per priority, what a partnership was allocated and spent beside its RAG."""

from decimal import Decimal as D

from bs4 import BeautifulSoup
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from core.periods import Quarter
from funding.models import SpendLine
from funding.selectors import money_by_priority
from partnerships.models import Partnership


def _slp():
    return Partnership.objects.get(name="Safer Leicester Partnership")


def test_the_slp_sees_its_money_by_priority(seeded):
    rows = {row.theme.name: row for row in money_by_priority(_slp(), Quarter(2012, 1))}
    iom = rows["Preventing Offending and Reducing Re-offending"]
    assert (iom.allocated, iom.spent, iom.percent_spent) == (D("55000"), D("13750"), D("25.0"))
    assert (rows["Domestic Abuse"].allocated, rows["Domestic Abuse"].spent) == (D("10000"), D("0"))


def test_spend_after_the_quarter_is_not_counted(seeded):
    row = next(r for r in money_by_priority(_slp(), Quarter(2011, 4)) if r.theme.name == "Domestic Abuse")
    assert row.spent == D("0")


def test_the_include_renders_a_row_per_priority(seeded):
    rows = money_by_priority(_slp(), Quarter(2012, 1))
    html = render_to_string("funding/_money_by_priority.html", {"rows": rows, "quarter": Quarter(2012, 1)})
    assert "Preventing Offending and Reducing Re-offending" in html and "£55,000" in html and "25.0%" in html


def test_a_district_csp_gets_its_strategy_priorities_without_money(seeded):
    """North West Leicestershire's 2013/14 strategy takes up Anti-Social Behaviour; no allocation funds it."""
    nwl = Partnership.objects.get(name="Safer North West Partnership")
    (row,) = money_by_priority(nwl, Quarter(2013, 1))
    assert (row.theme.name, row.allocations, row.allocated, row.spent) == ("Anti-Social Behaviour", 0, None, D("0"))
    assert row.milestones_due == 0  # the documents give its action plan no milestones


def test_a_district_csp_sees_its_areas_indicators_under_the_priority(seeded):
    nwl = Partnership.objects.get(name="Safer North West Partnership")
    (row,) = money_by_priority(nwl, Quarter(2008, 4))
    assert {(status.indicator.code, status.area.name) for status in row.statuses} == {
        ("3.1", "North West Leicestershire"),
        ("6.2", "North West Leicestershire"),
        ("NI 17", "North West Leicestershire"),
    }


def _money_table(client, user, partnership_name):
    client.force_login(user)
    slug = Partnership.objects.get(name=partnership_name).slug
    page = BeautifulSoup(client.get(f"/partnerships/{slug}/").content, "html.parser")
    table = page.select_one("table.app-money-by-priority")
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])][:4] for tr in table.tbody.find_all("tr")
    ]


def test_the_partnership_page_shows_the_county_boards_allocations_by_priority(client, board_officer):
    """The county board's Community Safety Fund lines, summed per priority theme, as the documents give them:
    the 18-month lines once (their 2012-13 parts are inside them, not beside them)."""
    assert _money_table(client, board_officer, "Leicestershire Safer Communities Strategy Board") == [
        ["Preventing Offending and Reducing Re-offending", "£291,250 (1 line)", "£0", "0.0%"],
        ["Anti-Social Behaviour", "£91,000 (1 line)", "£0", "0.0%"],
        ["Domestic Abuse", "£33,690 (1 line)", "£0", "0.0%"],
        ["Victims / Vulnerable People", "£25,730 (1 line)", "£0", "0.0%"],
    ]


def test_the_partnership_page_shows_rutlands_allocations_by_priority(client, board_officer):
    assert _money_table(client, board_officer, "Safer Rutland Partnership") == [
        ["Preventing Offending and Reducing Re-offending", "£8,400 (1 line)", "£0", "0.0%"],
        ["Anti-Social Behaviour", "£30,109 (4 lines)", "£0", "0.0%"],
        ["Domestic Abuse", "£59,005 (6 lines)", "£0", "0.0%"],
    ]


def test_a_priority_without_an_allocation_shows_a_dash_not_nothing_allocated(client, board_officer):
    assert _money_table(client, board_officer, "Safer North West Partnership") == [
        ["Anti-Social Behaviour", "–", "£0", "–"],
    ]


def test_its_query_count_does_not_grow_with_spend(seeded):
    slp = _slp()
    with CaptureQueriesContext(connection) as before:
        money_by_priority(slp, Quarter(2012, 2))
    for allocation in slp.grants_received.get().allocations.all():
        SpendLine.objects.create(allocation=allocation, year=2012, quarter=2, amount=1, item="more")
    with CaptureQueriesContext(connection) as after:
        money_by_priority(slp, Quarter(2012, 2))
    assert len(after) == len(before)
