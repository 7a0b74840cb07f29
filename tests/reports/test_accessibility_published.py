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
from tests.reports.test_accessibility_report import BLABY_REPORT, open_blaby_report
from tests.test_accessibility import assert_passes, browser, check_page, signed_in_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_officer_publishes_from_the_report_page_and_every_published_page_passes(live_server, browser):  # noqa: F811
    base = live_server.url
    page = open_blaby_report(live_server, browser, "board")
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
    for path in (BLABY_REPORT, published, progress):
        assert_passes(check_page(page, "board", base, path))
    page.context.close()

    page = signed_in_page(browser, base, "manager-blaby")
    for path in (BLABY_REPORT, published):
        assert_passes(check_page(page, "manager-blaby", base, path, layout=False))
    assert page.get_by_role("link", name=re.compile("^PDF")).count() == 1  # the version's download
    page.context.close()
