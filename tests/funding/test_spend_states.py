"""Spend states that must not contradict each other: no "£0, 0.0%" beside "No spend reported"; the spent-to-date
line stops at the last quarter anyone reported."""

from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from funding.charts import spend_figure
from funding.models import Allocation

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_grant_with_no_spend_reported_says_so_and_shows_no_zero_spend(client, board_officer, abg_grant):
    client.force_login(board_officer)
    page = _soup(client.get(reverse("funding:grant", args=[abg_grant.pk])))
    assert page.select_one("#grant-spent").get_text(strip=True) == "No spend reported"
    table = page.select("table")[0]
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = [
        dict(zip(headers, [td.get_text(strip=True) for td in tr.select("td")], strict=True))
        for tr in table.select("tbody tr")
    ]
    assert rows and all(row["Spend"] == "No spend reported" for row in rows)
    assert {row["Spent to date"] for row in rows} <= {"–", "—", ""}
    assert {row["% spent"] for row in rows} <= {"–", "—", ""}


def test_an_allocation_with_no_spend_reported_says_so_and_shows_no_zero_spend(client, board_officer, abg_grant):
    allocation = Allocation.objects.filter(grant=abg_grant, amount__isnull=False).first()
    client.force_login(board_officer)
    page = _soup(client.get(reverse("funding:allocation", args=[allocation.pk])))
    assert page.select_one("#allocation-spent").get_text(strip=True) == "No spend reported"


def test_a_grant_with_spend_still_shows_spent_to_date_and_percent(client, board_officer, slp_grant):
    client.force_login(board_officer)
    page = _soup(client.get(reverse("funding:grant", args=[slp_grant.pk])))
    assert page.select_one("#grant-spent").get_text(strip=True) == "£31,450 (reported to 2012/13 Q1)"


def test_the_spent_to_date_line_stops_at_the_last_reported_quarter():
    rows = [("Q1", D("100"), D("100")), ("Q2", None, D("100")), ("Q3", D("50"), D("150")), ("Q4", None, D("150"))]
    figure = spend_figure(title="Spend", rows=rows, allocated=D("400"))
    to_date = next(trace for trace in figure.data if trace.name == "Spent to date")
    assert list(to_date.y) == [100.0, 100.0, 150.0, None]
    bars = next(trace for trace in figure.data if trace.name == "Spent in the quarter")
    assert list(bars.y) == [100.0, None, 50.0, None]


def test_the_spent_to_date_line_is_empty_when_nothing_was_reported():
    figure = spend_figure(title="Spend", rows=[("Q1", None, D("0")), ("Q2", None, D("0"))], allocated=D("400"))
    to_date = next(trace for trace in figure.data if trace.name == "Spent to date")
    assert list(to_date.y) == [None, None]
