"""In headless Chromium: Enter in a figure box saves a draft (it never submits); submitting is a deliberate click
that first shows what will be sent; the error-summary link to an out-of-line confirmation lands on the box."""

import pytest

from core.periods import FinancialYear
from indicators.models import Indicator, Measurement
from partnerships.models import Area
from returns.models import ReportingQuarter, Return
from tests.browser import browser_user, chromium_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN = "/returns/2010-11-q3/blaby/"


@pytest.fixture
def manager(seeded):
    user = browser_user("manager-blaby")
    ReportingQuarter.objects.update_or_create(year=FinancialYear(2010), quarter=3, defaults={"is_open": True})
    return user


def _blaby_li11():
    return Measurement.objects.filter(indicator__code="LI 11 (NI 40)", area__slug="blaby", year=2010, quarter=3)


def test_enter_in_a_figure_box_saves_a_draft_not_a_submission(live_server, manager):
    base = live_server.url
    li11 = Indicator.objects.get(code="LI 11 (NI 40)")
    with chromium_page() as page:
        sign_in(page, base, "manager-blaby")
        page.goto(f"{base}{RETURN}")
        box = page.locator(f"#id_i{li11.pk}-value")
        box.fill("95")
        with page.expect_navigation():
            box.press("Enter")
        assert page.get_by_text("Draft saved").is_visible()
        assert Return.objects.get(area__slug="blaby").status == "draft"
        assert _blaby_li11().get().value == 95
        assert page.locator(f"#id_i{li11.pk}-value").input_value() == "95"  # still editable, figure kept

        page.get_by_role("button", name="Check and submit to the Board").click()
        page.wait_for_url(f"{base}{RETURN}submit/")
        figure = page.locator('[data-check-figure="LI 11 (NI 40)"]')
        assert figure.inner_text().startswith("95")
        assert Return.objects.get(area__slug="blaby").status == "draft"  # nothing sent yet

        page.get_by_role("button", name="Go back and change").click()
        page.wait_for_url(f"{base}{RETURN}")
        assert page.locator(f"#id_i{li11.pk}-value").input_value() == "95"

        page.get_by_role("button", name="Check and submit to the Board").click()
        page.get_by_role("button", name="Submit to the Board", exact=True).click()
        page.wait_for_url(f"{base}{RETURN}")
        assert page.get_by_text("Return submitted to the Board").is_visible()
        assert page.locator("#return-status .govuk-tag").inner_text() == "Submitted"
        assert Return.objects.get(area__slug="blaby").status == "submitted"
        assert page.console_errors == []


def test_the_error_summary_link_to_an_out_of_line_confirmation_shows_the_box(live_server, manager):
    base = live_server.url
    li11 = Indicator.objects.get(code="LI 11 (NI 40)")
    Measurement.objects.create(
        indicator=li11, area=Area.objects.get(slug="blaby"), year=FinancialYear(2010), quarter=2, value=91
    )
    with chromium_page() as page:
        page.set_viewport_size({"width": 1024, "height": 600})
        sign_in(page, base, "manager-blaby")
        page.goto(f"{base}{RETURN}")
        page.locator(f"#id_i{li11.pk}-value").fill("950")
        page.get_by_role("button", name="Save draft").click()
        link = page.locator(".govuk-error-summary").get_by_role("link", name="LI 11 (NI 40): 950 is more than double")
        link.click()
        box = page.locator(f"#id_i{li11.pk}-confirm")
        assert box.evaluate("element => element === document.activeElement")
        inside = box.evaluate(
            """element => {
                const box = element.getBoundingClientRect();
                const label = document.querySelector(`label[for="${element.id}"]`).getBoundingClientRect();
                return [box, label].every(r => r.top >= 0 && r.bottom <= window.innerHeight);
            }"""
        )
        assert inside, "the focused confirmation box and its label are inside the viewport"
        assert page.console_errors == []
