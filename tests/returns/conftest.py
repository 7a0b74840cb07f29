"""Return fixtures: the seeded open quarter (2010/11 Q3), its areas, a Blaby milestone, posts."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.periods import FinancialYear
from indicators.models import Indicator
from partnerships.models import HeadlineAction, Milestone, Partnership, PartnershipPriority
from returns.models import ReportingQuarter


@pytest.fixture
def open_quarter(seeded):
    return ReportingQuarter.objects.get(year=FinancialYear(2010), quarter=3)


@pytest.fixture
def li11(seeded):
    return Indicator.objects.get(code="LI 11 (NI 40)")


@pytest.fixture
def no_role_user(seeded):
    return get_user_model().objects.create_user("no-role", password="x-no-role-password-123")


@pytest.fixture
def blaby_milestone(seeded):
    csp = Partnership.objects.get(slug="blaby-district-community-safety-partnership")
    priority = PartnershipPriority.objects.create(
        partnership=csp, number=1, title="Violent crime", start_year=FinancialYear(2010), end_year=FinancialYear(2010)
    )
    action = HeadlineAction.objects.create(priority=priority, number=1, title="Night-time economy patrols")
    return Milestone.objects.create(action=action, year=FinancialYear(2010), quarter=3, title="Run winter campaign")


def return_url(quarter, area):
    return reverse("returns:detail", args=[quarter.slug, area.slug])


def decision_url(quarter, area):
    return reverse("returns:decision", args=[quarter.slug, area.slug])


def figures(ni20, li11, *, version=0, action="save", n="80", d="93,000", value="", count="95", **extra):
    """A return POST for Blaby/Melton: NI 20 as numerator and denominator, LI 11 as a count."""
    data = {
        "version": str(version),
        "action": action,
        f"i{ni20.pk}-numerator": n,
        f"i{ni20.pk}-denominator": d,
        f"i{ni20.pk}-value": value,
        f"i{ni20.pk}-commentary": "",
        f"i{li11.pk}-value": count,
        f"i{li11.pk}-commentary": "",
    }
    data.update(extra)
    return data


def submit_url(quarter, area):
    return reverse("returns:submit", args=[quarter.slug, area.slug])


def submit(client, quarter, area, data):
    """Submit as a manager does: "Check and submit" (saves the draft, shows the check), then confirm."""
    response = client.post(return_url(quarter, area), {**data, "action": "review"})
    if response.status_code != 302:
        return response
    version = BeautifulSoup(client.get(response["Location"]).content, "html.parser").select_one(
        "main form input[name=version]"
    )["value"]
    return client.post(submit_url(quarter, area), {"version": version})
