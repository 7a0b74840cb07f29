"""The Board report page through the site's accessibility checks (tests/test_accessibility.py): axe-core
finds nothing, no sideways scroll at 320 px or 200% zoom, print hides navigation and forms, and the page
keeps the Content Security Policy. The same page is in that module's walk; this runs it alone."""

import pytest

from tests.test_accessibility import browser, check_page, load_demo_data, new_page, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/reports/board/?year=2010/11&quarter=3"


@pytest.mark.parametrize("role", ["board", "manager-blaby"])
def test_the_board_report_page_passes_the_sites_accessibility_checks(live_server, browser, role):  # noqa: F811
    load_demo_data()
    page = new_page(browser)
    sign_in(page, live_server.url, role)
    result = check_page(page, role, live_server.url, PAGE)
    page.context.close()
    assert result.violations == []
    assert result.width_narrow <= 320 and result.width_zoomed <= 640
    assert result.print_problems == [] and result.console_errors == []
