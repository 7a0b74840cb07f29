"""Publishing from the report page in Chromium, and the published pages through the site's accessibility checks
(tests/test_accessibility.py): axe-core finds nothing, no sideways scroll at 320 px or 200% zoom, print hides
navigation and forms, and every page keeps the Content Security Policy."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jobs.models import Job
from reports.publishing import HANDLER
from tests.test_accessibility import browser, check_page, load_demo_data, new_page, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "/reports/board/?area=blaby&year=2010/11&quarter=3"


def _passes(result):
    assert result.violations == [], result.line()
    assert result.console_errors == [], result.line()
    if result.width_narrow is not None:
        assert result.width_narrow <= 320 and result.width_zoomed <= 640, result.line()
        assert result.print_problems == [], result.line()


# WeasyPrint warns once, on import, that a future version will need HarfBuzz-Subset (Debian's Pango is enough today).
@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_a_board_officer_publishes_from_the_report_page_and_every_published_page_passes(
    live_server,
    browser,  # noqa: F811
):
    load_demo_data()
    base = live_server.url
    page = new_page(browser)
    sign_in(page, base, "board")
    page.goto(base + REPORT)
    page.get_by_role("button", name="Publish this report").click()
    page.wait_for_url(re.compile(r"/reports/published/\d+/$"), timeout=120_000)  # through the job's page
    published = urlparse(page.url).path
    assert page.get_by_role("heading", name="Blaby Board report, version 1").is_visible()
    running = Job.objects.create(
        label="Publish the Board report for Blaby",
        handler=HANDLER,
        started_by=get_user_model().objects.get(username="board"),
        state=Job.State.RUNNING,
        done=2,
        total=5,
    )
    progress = reverse("reports:publishing", args=[running.pk]) + "?refresh=off"
    for path in (REPORT, published, progress):
        _passes(check_page(page, "board", base, path))
    page.context.close()

    page = new_page(browser)
    sign_in(page, base, "manager-blaby")
    for path in (REPORT, published):
        _passes(check_page(page, "manager-blaby", base, path, layout=False))
    assert page.get_by_role("link", name=re.compile("^PDF")).count() == 1  # the version's download
    page.context.close()
