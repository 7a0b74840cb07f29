"""Partnership pages (partnerships/views.py): the index, a partnership and the priority matrix."""

import pytest
from bs4 import BeautifulSoup

from partnerships.models import Agency, Area, Partnership


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_priority_matrix_shows_symbol_and_word(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/priorities/"))
    table = page.find("table", class_="app-matrix")
    header = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert header[1:] == [
        "Blaby",
        "Charnwood",
        "Harborough",
        "Hinckley and Bosworth",
        "Melton",
        "North West Leicestershire",
        "Oadby and Wigston",
    ]
    domestic_abuse = next(
        tr for tr in table.tbody.find_all("tr") if tr.th.get_text(strip=True).startswith("Domestic Abuse")
    )
    melton = domestic_abuse.find_all("td")[4].get_text(" ", strip=True)
    assert melton == "● Priority"


@pytest.mark.parametrize(
    "find",
    [
        lambda: Partnership.objects.get(slug="blaby-district-community-safety-partnership"),
        lambda: Area.objects.get(slug="blaby"),
        lambda: Agency.objects.get(name="Leicestershire County Council"),
    ],
    ids=["partnership", "area", "agency"],
)
def test_each_directory_page_names_its_subject_and_leads_back_to_all_partnerships(client, board_officer, find):
    subject = find()
    client.force_login(board_officer)
    page = soup(client.get(subject.get_absolute_url()))
    assert page.title.get_text(strip=True) == f"{subject.name} – Safer Communities"
    assert page.h1.get_text(strip=True) == subject.name
    assert page.select_one(".govuk-caption-l").get_text(strip=True).startswith(subject.get_kind_display())
    assert page.select_one("a.govuk-back-link")["href"] == "/partnerships/"


def test_a_partnerships_allocations_are_shown_a_table_a_year(client, board_officer):
    client.force_login(board_officer)
    page = soup(client.get("/partnerships/blaby-district-community-safety-partnership/"))
    captions = [c.get_text(strip=True) for c in page.find_all("caption") if "Allocations" in c.get_text()]
    assert captions == [f"Allocations to this partnership, {year}" for year in ("2010/11", "2011/12", "2012/13")]
