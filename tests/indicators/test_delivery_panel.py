"""The dashboard's delivery panel says when no milestones are recorded, instead of a row of zeros."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User

from core.periods import FinancialYear
from partnerships.models import HeadlineAction, Milestone, Partnership, PartnershipPriority

pytestmark = pytest.mark.django_db

DASHBOARD = "/?year=2009/10&quarter=2"


def _delivery(client):
    page = BeautifulSoup(client.get(DASHBOARD).content, "html.parser")
    caption = page.find("caption", string=lambda s: s and s.strip().startswith("Delivery"))
    return page, caption


def test_no_milestones_reads_as_a_sentence_not_five_zeros(client, board_officer):
    client.force_login(board_officer)
    page, caption = _delivery(client)
    assert caption is None
    assert "No milestones are recorded for 2009/10 Q2." in page.select_one("main").get_text(" ", strip=True)


def _blaby_milestone_due_in_2009_10_q2():
    csp = Partnership.objects.get(slug="blaby-district-community-safety-partnership")
    priority = PartnershipPriority.objects.create(
        partnership=csp, number=9, title="Violent crime", start_year=FinancialYear(2009), end_year=FinancialYear(2009)
    )
    action = HeadlineAction.objects.create(priority=priority, number=1, title="Patrols")
    Milestone.objects.create(action=action, year=FinancialYear(2009), quarter=2, title="Run summer campaign")


def test_milestones_due_are_counted_by_status(client, board_officer):
    _blaby_milestone_due_in_2009_10_q2()  # the county's dashboard counts its districts' partnerships' milestones
    client.force_login(board_officer)
    page, caption = _delivery(client)
    table = caption.find_parent("table")
    counts = dict(
        zip(
            [th.get_text(strip=True) for th in table.select("thead th")],
            [td.get_text(strip=True) for td in table.select("tbody td")],
            strict=True,
        )
    )
    assert sum(int(n) for n in counts.values()) == 1
    assert "No milestones are recorded" not in page.select_one("main").get_text(" ", strip=True)


def test_a_districts_dashboard_counts_only_its_own_partnerships_milestones(client):
    # Melton's manager saw Blaby CSP's milestone counted on Melton's dashboard.
    _blaby_milestone_due_in_2009_10_q2()
    client.force_login(User.objects.get(username="manager-melton"))
    page, caption = _delivery(client)
    assert caption is None
    assert "No milestones are recorded for 2009/10 Q2." in page.select_one("main").get_text(" ", strip=True)
    client.force_login(User.objects.get(username="manager-blaby"))
    assert _delivery(client)[1] is not None
