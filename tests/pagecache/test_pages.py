"""Pages kept per data version: a change is on the next request, and no user is served another's page."""

from decimal import Decimal

from bs4 import BeautifulSoup
from django.urls import reverse

from core.periods import FinancialYear
from returns import services
from returns.models import ReportingQuarter
from returns.services import Entry

BLABY_Q3 = "/?area=blaby&year=2010/11&quarter=3"


def _ni20_row(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    row = next(tr for tr in soup.select("main table tbody tr") if "NI 20" in tr.get_text())
    return " ".join(row.get_text(" ", strip=True).split())


def test_an_approved_figure_is_on_the_dashboard_at_the_next_request(
    client, seeded, board_officer, blaby_manager, blaby, ni20
):
    quarter = ReportingQuarter.objects.get(year=FinancialYear(2010), quarter=3)
    client.force_login(board_officer)
    before = _ni20_row(client, BLABY_Q3)
    assert _ni20_row(client, BLABY_Q3) == before  # now from the cache
    record = services.return_submit(
        reporting_quarter=quarter,
        area=blaby,
        user=blaby_manager,
        version=0,
        entries=[Entry(indicator=ni20, value=Decimal("9.8765"), numerator=Decimal(9), denominator=Decimal(1000))],
    )
    services.return_approve(record=record, user=board_officer, version=record.version)
    after = _ni20_row(client, BLABY_Q3)
    assert after != before and "9.88" in after


def test_the_judgement_link_is_shown_only_to_those_who_may_record_one(client, seeded, board_officer, blaby_manager):
    url = reverse("indicators:detail", args=["ni-20"]) + "?area=blaby"
    record = "Record a delivery judgement"
    client.force_login(board_officer)
    assert record in client.get(url).content.decode()
    client.force_login(blaby_manager)  # the same page and data version, kept for the board officer
    assert record not in client.get(url).content.decode()


def test_each_user_gets_their_own_default_area_from_the_same_address(client, seeded, board_officer, blaby_manager):
    def caption():
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        return soup.select_one("main .govuk-caption-xl").get_text(strip=True)

    client.force_login(board_officer)
    assert caption() == "Leicestershire"
    client.force_login(blaby_manager)
    assert caption() == "Blaby"
