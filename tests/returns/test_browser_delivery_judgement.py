"""In headless Chromium: a CSP manager gives a delivery judgement on the return. Amber without a reason shows the
error summary and keeps what was typed; Enter in a box saves a draft (never a submission); axe finds nothing."""

import pytest

from core.periods import FinancialYear
from indicators.models import DeliveryJudgement, Indicator
from returns.models import ReportingQuarter, Return
from tests.browser import browser_user, chromium_page, sign_in
from tests.test_accessibility import AXE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(seeded):
    ReportingQuarter.objects.update_or_create(year=FinancialYear(2010), quarter=3, defaults={"is_open": True})
    return browser_user("manager-blaby")


def test_amber_needs_a_reason_and_enter_only_saves_a_draft(live_server, manager):
    base = live_server.url
    li11 = Indicator.objects.get(code="LI 11 (NI 40)")
    with chromium_page() as page:
        page.context.add_init_script(path=AXE)  # through DevTools, so the page's CSP is neither hit nor relaxed
        sign_in(page, base, "manager-blaby")
        page.goto(f"{base}/returns/2010-11-q3/blaby/")
        page.locator(f"#id_i{li11.pk}-value").fill("95")
        amber = page.locator(f"label[for='id_i{li11.pk}-delivery_1']")
        assert amber.inner_text() == "Amber – arrangements at risk"
        amber.click()
        page.locator(f"#id_i{li11.pk}-value").press("Enter")

        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        link = summary.get_by_role(
            "link", name="LI 11 (NI 40): Give the reason for the delivery judgement", exact=False
        )
        assert link.get_attribute("href") == f"#id_i{li11.pk}-delivery_reason"
        assert page.locator(f"#id_i{li11.pk}-value").input_value() == "95"  # kept as typed
        assert page.locator(f"#id_i{li11.pk}-delivery_1").is_checked()
        assert axe_violations(page) == []

        page.locator(f"#id_i{li11.pk}-delivery_reason").fill("Patrols are short of two officers; overtime agreed.")
        page.locator(f"#id_i{li11.pk}-value").press("Enter")
        page.get_by_text("Draft saved").wait_for()
        assert page.locator("#return-status .govuk-tag").inner_text() == "Draft"  # Enter never submits
        assert axe_violations(page) == []
        assert page.console_errors == []
    # Read the database only once the browser is closed: a query inside Playwright's block leaves a connection open.
    record = Return.objects.get(area__name="Blaby", reporting_quarter__year=FinancialYear(2010))
    assert (record.status, record.version) == ("draft", 1)  # the refused save wrote nothing; Enter only saved
    judgement = DeliveryJudgement.objects.get(indicator=li11, area__name="Blaby")
    assert (judgement.status, judgement.reason) == ("amber", "Patrols are short of two officers; overtime agreed.")
    assert judgement.history.count() == 1
