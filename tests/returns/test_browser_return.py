"""In headless Chromium: a CSP manager fills their return with one bad value, sees the error summary, corrects
it, checks what will be sent and submits it; a board officer approves it and the figure shows as approved."""

import pytest

from core.periods import FinancialYear
from indicators.models import Indicator
from returns.models import ReportingQuarter
from tests.browser import browser_user, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accounts(seeded):
    manager, officer = browser_user("manager-blaby"), browser_user("board")
    ReportingQuarter.objects.update_or_create(year=FinancialYear(2010), quarter=3, defaults={"is_open": True})
    return manager, officer


def test_a_manager_submits_and_the_board_approves(live_server, accounts):
    base = live_server.url
    li11 = Indicator.objects.get(code="LI 11 (NI 40)")
    ni20 = Indicator.objects.get(code="NI 20")
    with chromium_page() as page:
        sign_in(page, base, "manager-blaby")
        page.get_by_role("link", name="Returns", exact=True).first.click()
        page.get_by_role("link", name="Blaby return for 2010/11 Q3").click()
        page.locator(f"#id_i{ni20.pk}-numerator").fill("80")
        page.locator(f"#id_i{ni20.pk}-denominator").fill("93,000")
        page.locator(f"#id_i{li11.pk}-value").fill("ninety five")
        page.get_by_role("button", name="Check and submit to the Board").click()

        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        link = summary.get_by_role("link", name="LI 11 (NI 40) figure must be a number, like 1,234 or 12.5")
        assert link.get_attribute("href") == f"#id_i{li11.pk}-value"
        assert page.locator(f"#id_i{ni20.pk}-denominator").input_value() == "93,000"  # kept as typed

        page.locator(f"#id_i{li11.pk}-value").fill("95")
        page.get_by_role("button", name="Check and submit to the Board").click()
        assert page.locator('[data-check-figure="LI 11 (NI 40)"]').inner_text().startswith("95")
        page.get_by_role("button", name="Submit to the Board", exact=True).click()
        assert page.get_by_text("Return submitted to the Board").is_visible()
        assert page.locator("#return-status .govuk-tag").inner_text() == "Submitted"
        assert page.locator(f"#id_i{li11.pk}-value").count() == 0  # read-only now
        assert page.console_errors == []

        page.get_by_role("button", name="Sign out").click()
        sign_in(page, base, "board")
        page.goto(f"{base}/returns/2010-11-q3/blaby/")
        page.get_by_role("button", name="Approve").click()
        assert page.locator("#return-status .govuk-tag").inner_text() == "Approved"
        assert page.locator('[data-figure="LI 11 (NI 40)"]').inner_text().startswith("95")
        assert page.console_errors == []
