"""The returns index download: what the index shows the user, no more."""

import pytest

from tests.exports import export_links, records_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_csp_manager_downloads_only_the_returns_of_their_own_areas(
    client, blaby_manager, open_quarter, export_format
):
    client.force_login(blaby_manager)
    links = export_links(client.get("/returns/").content)
    assert sorted(link.split("_export=")[1][:4].rstrip("&") for link in links) == ["csv", "xlsx"]
    records = records_of(client.get(f"/returns/?_export={export_format}&_table=returns"))
    assert records and {r["Area"] for r in records} == {"Blaby"}
    assert {r["Quarter"] for r in records} == {open_quarter.period.label}
    assert {r["Status"] for r in records} == {"Not started"}


def test_a_board_officer_downloads_every_area_the_index_shows(client, board_officer, open_quarter):
    client.force_login(board_officer)
    page = client.get("/returns/").content.decode()
    records = records_of(client.get("/returns/?_export=csv&_table=returns"))
    assert len(records) > 1
    assert all(r["Area"] in page for r in records)
