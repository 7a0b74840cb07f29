"""Admin works under the Content Security Policy: history pages and the export page's "Select all"."""

import pytest
from django.contrib.auth import get_user_model

from returns.models import ReportingQuarter
from tests.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "an-admin-browser-test-password"


@pytest.fixture
def superuser(seeded):
    return get_user_model().objects.create_superuser("browser-admin", password=PASSWORD)


def _sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username:").fill("browser-admin")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_admin_history_page_shows_changes_with_no_csp_violation(live_server, superuser):
    quarter = ReportingQuarter.objects.order_by("pk").first()
    quarter.is_open = not quarter.is_open
    quarter.save()
    with chromium_page() as page:
        _sign_in(page, live_server)
        response = page.goto(f"{live_server.url}/admin/returns/reportingquarter/{quarter.pk}/history/")

        assert response.status == 200
        assert page.locator("#change-history tbody tr").count() >= 1
        assert page.console_errors == []


def test_export_page_select_all_works_with_no_csp_violation(live_server, superuser):
    with chromium_page() as page:
        _sign_in(page, live_server)
        response = page.goto(f"{live_server.url}/admin/indicators/measurement/export/")
        assert response.status == 200
        fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
        assert fields.count() > 3
        toggle = page.get_by_label("Select all")

        toggle.uncheck()
        unticked = fields.evaluate_all("boxes => boxes.filter(box => box.checked).length")
        toggle.check()
        ticked = fields.evaluate_all("boxes => boxes.filter(box => box.checked).length")

        assert unticked == 0
        assert ticked == fields.count()
        assert page.console_errors == []
