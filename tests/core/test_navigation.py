"""The service navigation comes from one list (core.navigation.SECTIONS) and marks the section the page is in."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.navigation import SECTIONS

pytestmark = pytest.mark.django_db


def _navigation(client, url):
    page = BeautifulSoup(client.get(url).content, "html.parser")
    links = page.select("#navigation a")
    return [a.get_text(strip=True) for a in links], [a.get_text(strip=True) for a in links if a.get("aria-current")]


@pytest.mark.parametrize(
    ("url_name", "current"),
    [("dashboard", "Dashboard"), ("indicators:index", "Indicators"), ("funding:index", "Funding")],
)
def test_every_section_is_listed_once_and_only_the_current_one_is_marked(client, board_officer, url_name, current):
    client.force_login(board_officer)
    labels, marked = _navigation(client, reverse(url_name))
    assert labels == [label for label, _, _ in SECTIONS]
    assert marked == [current]


def test_a_page_inside_a_section_marks_its_section(client, board_officer, ni20):
    client.force_login(board_officer)
    _, marked = _navigation(client, ni20.get_absolute_url())
    assert marked == ["Indicators"]
