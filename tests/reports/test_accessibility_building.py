"""A slow download in Chromium: one click on the report page's PDF link ends in the file (through the build's
progress page), and that progress page passes the site's accessibility checks (tests/test_accessibility.py)."""

import re

import pytest
from django.urls import reverse

from jobs.models import Job
from partnerships.models import Area
from reports.building import HANDLER
from tests.reports.test_accessibility_report import open_blaby_report
from tests.test_accessibility import assert_passes, browser, check_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_csp_manager_downloads_the_pdf_in_one_click_and_the_progress_page_passes(live_server, browser):  # noqa: F811
    base = live_server.url
    page = open_blaby_report(live_server, browser, "manager-blaby")
    with page.expect_download(timeout=120_000) as started:
        page.locator(".app-report-downloads a", has_text=re.compile("^PDF")).click()
    download = started.value
    assert download.suggested_filename == "board-report-blaby-2010-11-q3.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    params = {"area": Area.objects.get(slug="blaby").pk, "format": "pdf"}
    running = Job.objects.create(
        label="Build the Board report for Blaby", handler=HANDLER, params=params, state=Job.State.RUNNING
    )
    assert_passes(
        check_page(page, "manager-blaby", base, reverse("reports:building", args=[running.pk]) + "?refresh=off")
    )
    page.context.close()
