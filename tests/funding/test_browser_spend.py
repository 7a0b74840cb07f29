"""In headless Chromium: a CSP manager records a quarter's spend (one bad value first) and the grant page's
spent-to-date moves."""

import pytest

from funding.models import Allocation
from tests.browser import browser_user, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_records_spend_and_the_grant_page_moves(live_server, seeded):
    browser_user("manager-blaby")
    base = live_server.url
    blaby = Allocation.objects.get(grant__title="Community Safety Fund Leicestershire 2012/13", label="Blaby")
    grant_url = f"{base}/funding/grants/{blaby.grant_id}/"
    with chromium_page() as page:
        sign_in(page, base, "manager-blaby")

        page.goto(grant_url)
        assert page.locator("#grant-spent").inner_text() == "No spend reported"
        page.get_by_role("link", name="Blaby", exact=True).click()
        page.get_by_role("link", name="Record spend for 2012/13 Q2 against Blaby").click()
        page.get_by_label("What the money was spent on (optional)").fill("Street pastors")
        page.locator("#id_new-amount").fill("about a thousand")
        page.get_by_role("button", name="Save spend").click()

        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        assert summary.get_by_role("link").first.get_attribute("href") == "#id_new-amount"
        assert page.locator("#id_new-item").input_value() == "Street pastors"  # kept as typed

        page.locator("#id_new-amount").fill("£1,250.50")
        page.get_by_role("button", name="Save spend").click()
        assert page.get_by_text("Spend for 2012/13 Q2 saved").is_visible()
        assert page.locator("#allocation-spent").inner_text().startswith("£1,250.50")

        page.goto(grant_url)
        assert page.locator("#grant-spent").inner_text() == "£1,250.50 (reported to 2012/13 Q2)"
        assert page.console_errors == []
