"""The Board report page through the site's accessibility checks (tests/test_accessibility.py): axe-core
finds nothing, no sideways scroll at 320 px or 200% zoom, print hides navigation and forms, and the page
keeps the Content Security Policy. The same page is in that module's walk; this runs it alone."""

import pytest

from tests.test_accessibility import assert_passes, browser, check_page, load_demo_data, signed_in_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGE = "/reports/board/?year=2010/11&quarter=3"
BLABY_REPORT = "/reports/board/?area=blaby&year=2010/11&quarter=3"


def open_blaby_report(live_server, browser, role: str):  # noqa: F811
    """The demo data loaded, and Blaby's 2010/11 Q3 Board report open, signed in as ``role``."""
    load_demo_data()
    page = signed_in_page(browser, live_server.url, role)
    page.goto(live_server.url + BLABY_REPORT)
    return page


@pytest.mark.parametrize("role", ["board", "manager-blaby"])
def test_the_board_report_page_passes_the_sites_accessibility_checks(live_server, browser, role):  # noqa: F811
    load_demo_data()
    page = signed_in_page(browser, live_server.url, role)
    result = check_page(page, role, live_server.url, PAGE)
    page.context.close()
    assert_passes(result)
