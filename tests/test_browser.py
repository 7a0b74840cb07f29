"""The home page and the admin login render in headless Chromium, styled, with no CSP violation."""

import pytest
from django.contrib.auth import get_user_model

from tests.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-browser-test-password"


@pytest.fixture
def officer(seeded):
    user = get_user_model().objects.create_user(
        "browser-officer", password=PASSWORD, first_name="Browser", last_name="Officer"
    )
    return user


def test_home_page_renders_after_signing_in(live_server, officer):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        assert "/accounts/login/" in page.url
        page.get_by_label("Username").fill("browser-officer")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

        assert page.locator("header").get_by_text("Safer Communities").first.is_visible()
        assert page.get_by_text("Browser Officer").first.is_visible()
        for item in ("Dashboard", "Indicators", "Partnerships", "Funding", "Returns"):
            assert page.get_by_role("link", name=item, exact=True).first.is_visible()
        # GOV.UK Frontend styles loaded from our own static files, in Arial (not GDS Transport).
        font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert "arial" in font.lower()
        assert "transport" not in font.lower()
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        assert page.console_errors == []


def test_admin_login_renders(live_server):
    with chromium_page() as page:
        response = page.goto(f"{live_server.url}/admin/login/")
        assert response.status == 200
        assert page.get_by_label("Username:").is_visible()
        assert page.get_by_label("Password:").is_visible()
        assert page.get_by_role("button", name="Log in").is_visible()
        assert page.console_errors == []
