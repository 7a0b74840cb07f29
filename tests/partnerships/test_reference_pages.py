"""The area and agency pages (partnerships/views.py area_detail, agency_detail) and what the partnership page adds."""

import pytest
from bs4 import BeautifulSoup

from partnerships.models import Agency, Area

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(page) -> str:
    return " ".join(page.get_text(" ").split())


def test_area_page_shows_parent_children_population_and_partnerships(client, blaby_manager):
    client.force_login(blaby_manager)  # any signed-in person may read reference data
    page = soup(client.get(Area.objects.get(name="North West Leicestershire").get_absolute_url()))
    words = text(page)
    assert "Part of Leicestershire" in words
    assert "93,468 (2011)" in words
    assert "2011 Census" in words
    assert page.find("a", string="Safer North West Partnership")
    assert "2,650" in words


def test_county_page_lists_its_districts_and_its_priorities(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/areas/leicestershire/"))
    districts = [a.get_text() for a in page.find("dt", string="Areas within it").find_next("dd").find_all("a")]
    assert len(districts) == 7 and "Blaby" in districts
    assert "Protect the most vulnerable in communities" in text(page)


def test_agency_page_shows_the_county_councils_own_action_plan(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get(Agency.objects.get(name="Leicestershire County Council").get_absolute_url()))
    plan = page.find("caption", string="Priority activities and key actions").find_parent("table")
    rows = plan.find_all("tr")
    activities = [tr for tr in rows if len(tr.find_all("td")) == 3]
    assert len(activities) == 25
    assert "By March 2007" in text(plan)
    contributions = page.find("caption", string="Services' contributions").find_parent("table")
    assert len(contributions.tbody.find_all("tr")) == 19
    assert "Governance of the LAA Safer Communities block" in text(page)


def test_mappa_totals_are_checked_on_the_partnership_page(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/mappa-smb/"))
    words = text(page)
    assert "by category: the lines add up to 819 against the stated 819: agrees." in words
    assert "by level: the lines add up to 819 against the stated 819: agrees." in words


def test_partnership_page_links_areas_and_members_and_shows_delivery_groups(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/snwp/"))
    assert page.find("a", href="/partnerships/areas/north-west-leicestershire/")
    council = Agency.objects.get(name="North West Leicestershire District Council")
    assert page.find("a", href=council.get_absolute_url())
    assert "CCTV Operations Group" in text(page)  # Priority 1's delivery groups (seed 001)


@pytest.mark.parametrize("url", ["/partnerships/areas/leicestershire/", "/partnerships/agencies/1/"])
def test_reference_pages_need_sign_in(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/partnerships/areas/atlantis/", "/partnerships/agencies/999999/"])
def test_unknown_area_or_agency_is_not_found(client, board_officer, url):
    client.force_login(board_officer)
    assert client.get(url).status_code == 404


def test_indicator_page_links_area_names_and_marks_the_rebased_baseline_with_its_source(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/indicators/ni-20/"))
    baselines = page.find("caption", id="baselines-caption").find_parent("table")
    assert baselines.find("a", href="/partnerships/areas/leicestershire/")
    rebased = [tr for tr in baselines.tbody.find_all("tr") if "Re-based" in tr.get_text()]
    # The county's re-based 2008/09 rate (5.40) and its indicative count (3427); the original 6.03 is not marked.
    assert len(rebased) == 2
    assert any("5.40 (baseline for 2010 and 2011 targets)" in tr.get_text() for tr in rebased)
    assert not any("6.03" in tr.get_text() for tr in rebased)
    assert "000 Appendix 2" in baselines.get_text()


def test_indicator_index_shows_agreement_descriptions(client, board_officer):
    client.force_login(board_officer)
    words = text(soup(client.get("/indicators/")))
    assert "only its Safer Communities block is recorded" in words


def test_partnership_index_links_every_area_and_agency(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/"))
    assert page.find("a", href=Area.objects.get(name="Rutland").get_absolute_url())
    pcc = Agency.objects.get(name="Police and Crime Commissioner for Leicestershire")  # a member of no partnership
    assert page.find("a", href=pcc.get_absolute_url())
