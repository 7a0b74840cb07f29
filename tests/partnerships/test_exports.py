"""The partnership page's downloads: one file per table the page shows (repeated tables joined), fixed cost."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import Allocation, FundingStream, Grant
from partnerships.models import HeadlineAction, Milestone, Partnership
from tests.exports import export_links, records_of

pytestmark = pytest.mark.django_db
PAGE = "/partnerships/snwp/"


def _queries(client, url) -> int:
    client.get(url)  # the first request of a session also reads and slides the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_offers_csv_and_xlsx_of_each_table_it_shows(client, board_officer):
    client.force_login(board_officer)
    links = export_links(client.get(PAGE).content)
    for table in ("performance", "actions", "money", "grants", "allocations"):
        assert {link.split("_export=")[1].split("&")[0] for link in links if f"_table={table}" in link} == {
            "csv",
            "xlsx",
        }, table


def test_a_partnership_with_no_funding_offers_no_funding_download(client, board_officer):
    client.force_login(board_officer)
    links = export_links(client.get("/partnerships/asb-strategy-group/").content)
    assert not [link for link in links if "_table=allocations" in link or "_table=grants" in link]
    assert client.get("/partnerships/asb-strategy-group/?_export=csv&_table=allocations").status_code == 404


def test_the_action_plan_download_lists_each_action_under_its_priority_with_its_milestones(client, board_officer):
    client.force_login(board_officer)
    action = HeadlineAction.objects.filter(priority__partnership__slug="snwp").first()
    Milestone.objects.create(action=action, year=action.priority.start_year, quarter=2, title="Hotspot patrols begin")
    records = records_of(client.get(f"{PAGE}?_export=xlsx&_table=actions"))
    assert len(records) == HeadlineAction.objects.filter(priority__partnership__slug="snwp").count()
    row = next(r for r in records if r["Headline action"] == action.title)
    assert row["Priority"].endswith(f"{action.priority.title} ({action.priority.start_year})")
    assert "Q2: Hotspot patrols begin" in row["Milestones"]


@pytest.mark.parametrize("table", ["performance", "actions", "money", "grants", "allocations"])
def test_each_download_costs_the_same_queries_whatever_the_number_of_rows(client, board_officer, table):
    client.force_login(board_officer)
    url = f"{PAGE}?_export=csv&_table={table}"
    before = _queries(client, url)
    partnership = Partnership.objects.get(slug="snwp")
    stream = FundingStream.objects.get(short_name="CSF")
    for i in range(3):
        grant = Grant.objects.create(
            title=f"More money {i}",
            stream=stream,
            recipient=partnership,
            starts_on=date(2013, 4, 1),
            ends_on=date(2014, 3, 31),
            amount=900,
        )
        for j in range(3):
            Allocation.objects.create(
                grant=grant, label=f"Line {j}", category="activity", amount=300, partnership=partnership
            )
    for action in HeadlineAction.objects.filter(priority__partnership=partnership):
        for quarter in (1, 2, 3):
            Milestone.objects.create(
                action=action, year=action.priority.start_year, quarter=quarter, title=f"Step {quarter}"
            )
    assert _queries(client, url) == before
