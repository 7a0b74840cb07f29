"""A slow download in Chromium: one click on the report page's PDF link ends in the file (through the build's
progress page), and that progress page passes the site's accessibility checks (tests/test_accessibility.py)."""

import re

import pytest
from django.urls import reverse

from jobs.models import Job
from partnerships.models import Area
from reports.building import HANDLER
from tests.test_accessibility import browser, check_page, load_demo_data, new_page, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = "/reports/board/?area=blaby&year=2010/11&quarter=3"


# WeasyPrint warns once, on import, that a future version will need HarfBuzz-Subset (Debian's Pango is enough today).
@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_a_csp_manager_downloads_the_pdf_in_one_click_and_the_progress_page_passes(
    live_server,
    browser,  # noqa: F811
):
    load_demo_data()
    base = live_server.url
    page = new_page(browser)
    sign_in(page, base, "manager-blaby")
    page.goto(base + REPORT)
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
    result = check_page(page, "manager-blaby", base, reverse("reports:building", args=[running.pk]) + "?refresh=off")
    assert result.violations == [] and result.console_errors == [], result.line()
    assert result.width_narrow <= 320 and result.width_zoomed <= 640, result.line()
    assert result.print_problems == [], result.line()
    page.context.close()
