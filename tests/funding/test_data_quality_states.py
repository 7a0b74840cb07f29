"""The data-quality page: a grant's stated amount that differs from its lines is a flagged difference, never
"Agrees"; every flag badge reads as one phrase with its figure."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _rows(page, caption):
    table = page.find("caption", string=lambda s: s and caption in s).find_parent("table")
    return [
        [td.get_text(" ", strip=True).replace("\xa0", " ") for td in tr.select("td")] for tr in table.select("tbody tr")
    ]


def test_the_abgs_stated_741000_against_lines_of_740977_is_a_23_pound_difference(client, board_officer):
    client.force_login(board_officer)
    page = _soup(client.get(reverse("data_quality")))
    abg = [
        row for row in _rows(page, "Totals the documents state") if row[0] == "ABG Safer Communities revenue 2010/11"
    ]
    stated_741000 = [row for row in abg if row[2] == "741,000"]
    assert len(stated_741000) == 1
    [row] = stated_741000
    assert row[3] == "740,977"
    assert "Agrees" not in row[4]
    assert row[4] == "Flag: the lines come to £23 less"


def test_the_abg_grant_page_flags_its_stated_amount_against_its_lines(client, board_officer, abg_grant):
    client.force_login(board_officer)
    page = _soup(client.get(reverse("funding:grant", args=[abg_grant.pk])))
    flags = [li.get_text(" ", strip=True) for li in page.select(".app-funding-flags li")]
    assert len(flags) == 1
    assert "£741,000" in flags[0] and "£740,977" in flags[0]


def test_every_flag_badge_on_the_data_quality_page_holds_its_figure(client, board_officer):
    client.force_login(board_officer)
    page = _soup(client.get(reverse("data_quality")))
    badges = [badge.get_text(" ", strip=True) for badge in page.select("main .app-flag")]
    assert badges
    assert all(any(ch.isdigit() for ch in badge) for badge in badges), badges  # never a bare "Flag:"
