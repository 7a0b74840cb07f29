"""Publishing freezes a Board report: every format's bytes and the figures they were built from, all or none.

Who publishes and who reads: board officers publish (a CSP manager gets 403); board officers and administrators
read every published report; a CSP manager reads those for their own areas (403 for another district's);
anonymous visitors are sent to sign in. Publishing runs as a background job (the tests' immediate backend runs it
inside the request).
"""

import io
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.template import RequestContext, Template
from django.urls import reverse
from pypdf import PdfReader

from core.periods import Quarter, quarter_slug
from indicators.models import Agreement, Measurement
from jobs.models import Job
from partnerships.models import Area
from reports import formats, publishing
from reports.formats import FORMATS
from reports.models import Frozen, PublishedFile, PublishedReport

Q4 = Quarter(2008, 4)  # the latest quarter the documents give figures for (2008/09 outturns)


def _fast_render(report, key):
    """Bytes that show the report's figures, without WeasyPrint's seconds (for tests about who and how many)."""
    return f"{key}\n{json.dumps(report.snapshot(), sort_keys=True)}".encode()


@pytest.fixture
def fast_formats(monkeypatch):
    monkeypatch.setattr(formats, "render", _fast_render)


@pytest.fixture
def laa2(seeded):
    return Agreement.objects.get(code="LAA2 2008-11")


@pytest.fixture
def leicestershire(seeded):
    return Area.objects.get(name="Leicestershire")


def _publish(client, area, agreement, quarter=Q4):
    data = {"area": area.slug, "agreement": agreement.code, "quarter": quarter_slug(quarter)}
    return client.post(reverse("reports:publish"), data)


def _stored(published):
    return {f.format: bytes(f.content) for f in PublishedFile.objects.filter(published=published)}


def _download(client, published, key):
    response = client.get(reverse("reports:published_file", args=[published.pk, key]))
    assert response.status_code == 200
    return response.content


def _pdf_text(content: bytes) -> str:
    """The PDF's words, one space between them (table cells wrap "5.40 per 1,000" over lines)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def _change_ni20(area):
    """A later correction: NI 20's 2008/09 figure and its commentary, saved as the admin saves them."""
    figure = Measurement.objects.get(indicator__code="NI 20", area=area, year=Q4.year)
    figure.value = Decimal("6.10")
    figure.commentary = "Corrected after the Board met."
    figure.save()


def test_a_board_officer_publishes_the_report_in_every_format_frozen_against_later_changes(
    client, board_officer, leicestershire, laa2
):
    """End to end on the seeded documents, with the real report and all four renderers."""
    client.force_login(board_officer)

    response = _publish(client, leicestershire, laa2)

    job = Job.objects.get(handler=publishing.HANDLER)
    assert response["Location"] == reverse("reports:publishing", args=[job.pk])
    first = PublishedReport.objects.get()
    assert client.get(response["Location"])["Location"] == first.get_absolute_url()
    assert (first.version, first.published_by, first.period) == (1, board_officer, Q4)
    downloads = {key: _download(client, first, key) for key in FORMATS}
    assert downloads == _stored(first) and all(downloads.values())
    assert "5.40 per 1,000" in _pdf_text(downloads["pdf"])

    _change_ni20(leicestershire)
    report_page = client.get(reverse("reports:board") + "?area=leicestershire&year=2008/09&quarter=4")
    since = BeautifulSoup(report_page.content, "html.parser").find(id="changes").get_text(" ", strip=True)
    assert "Figure: “5.40 per 1,000” → “6.10 per 1,000”" in since  # before publishing again
    _publish(client, leicestershire, laa2)

    assert {key: _download(client, first, key) for key in FORMATS} == downloads  # every format, byte for byte
    assert "6.10" not in _pdf_text(_download(client, first, "pdf"))
    second = PublishedReport.objects.get(version=2)
    assert "6.10 per 1,000" in _pdf_text(_download(client, second, "pdf"))
    page = BeautifulSoup(client.get(second.get_absolute_url()).content, "html.parser")
    changes = page.find(id="changes").get_text(" ", strip=True)
    assert "What changed since version 1" in page.get_text()
    assert "Figure: “5.40 per 1,000” → “6.10 per 1,000”" in changes
    assert "→ “Corrected after the Board met.”" in changes
    back = client.get(page.find("a", class_="govuk-back-link")["href"])  # to the report as it stands now
    assert "6.10 per 1,000" in back.content.decode() and "Version 2" in back.content.decode()


def test_a_download_is_the_stored_file_named_as_an_attachment(client, fast_formats, board_officer, blaby, laa2):
    client.force_login(board_officer)
    _publish(client, blaby, laa2)
    published = PublishedReport.objects.get()

    response = client.get(reverse("reports:published_file", args=[published.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="board-report-blaby-2008-09-q4-version-1.pdf"')
    assert response.content == _stored(published)["pdf"]


def test_a_failing_format_stores_nothing_and_the_page_says_why(client, monkeypatch, board_officer, blaby, laa2):
    def render(report, key):
        if key == "xlsx":
            raise ValueError("no room on the sheet")
        return b"bytes"

    monkeypatch.setattr(formats, "render", render)
    client.force_login(board_officer)

    _publish(client, blaby, laa2)  # the worker logs the traceback; the job records why

    assert not PublishedReport.objects.exists() and not PublishedFile.objects.exists()
    job = Job.objects.get(handler=publishing.HANDLER)
    page = client.get(reverse("reports:publishing", args=[job.pk]))
    assert "no room on the sheet" in page.content.decode()
    assert "Refresh" not in page


def test_a_published_version_cannot_be_changed(fast_formats, board_officer, blaby, laa2):
    published = publishing.publish(blaby, Q4, laa2, board_officer)

    with pytest.raises(Frozen):
        published.save()
    with pytest.raises(Frozen):
        PublishedReport.objects.filter(pk=published.pk).update(version=5)
    with pytest.raises(Frozen):
        PublishedFile.objects.filter(published=published).update(content=b"forged")


def test_versions_are_numbered_per_area_agreement_and_quarter(fast_formats, board_officer, blaby, melton, laa2):
    numbers = [
        publishing.publish(area, quarter, laa2, board_officer).version
        for area, quarter in ((blaby, Q4), (blaby, Q4), (melton, Q4), (blaby, Q4.previous()))
    ]

    assert numbers == [1, 2, 1, 1]


def test_a_csp_manager_cannot_publish(client, fast_formats, blaby_manager, blaby, laa2):
    client.force_login(blaby_manager)

    assert _publish(client, blaby, laa2).status_code == 403
    assert not Job.objects.exists() and not PublishedReport.objects.exists()


def test_an_administrator_cannot_publish(client, fast_formats, administrator, blaby, laa2):
    client.force_login(administrator)

    assert _publish(client, blaby, laa2).status_code == 403


@pytest.mark.parametrize(
    "who, status",
    [("board_officer", 200), ("administrator", 200), ("blaby_manager", 200), ("melton_manager", 403)],
)
def test_who_reads_a_published_blaby_report(client, request, fast_formats, board_officer, blaby, laa2, who, status):
    published = publishing.publish(blaby, Q4, laa2, board_officer)
    client.force_login(request.getfixturevalue(who))

    assert client.get(published.get_absolute_url()).status_code == status
    assert client.get(reverse("reports:published_file", args=[published.pk, "docx"])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, fast_formats, board_officer, blaby, laa2):
    published = publishing.publish(blaby, Q4, laa2, board_officer)

    for url in (published.get_absolute_url(), reverse("reports:published_file", args=[published.pk, "pdf"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert _publish(client, blaby, laa2)["Location"].startswith(reverse("login"))
    assert PublishedReport.objects.count() == 1


def _report_page_part(rf, user, area, agreement):
    """What the report page's ``{% published_versions %}`` line shows ``user``."""
    request = rf.get("/reports/")
    request.user = user
    html = Template("{% load published_reports %}{% published_versions area agreement quarter %}").render(
        RequestContext(request, {"area": area, "agreement": agreement, "quarter": Q4})
    )
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize(
    "who, versions, button",
    [
        ("board_officer", 2, True),
        ("administrator", 2, False),
        ("blaby_manager", 2, False),
        ("melton_manager", 0, False),
    ],
)
def test_the_report_page_lists_published_versions_and_the_button_for_board_officers_only(
    rf, request, fast_formats, board_officer, blaby, laa2, who, versions, button
):
    for _ in range(2):
        publishing.publish(blaby, Q4, laa2, board_officer)

    part = _report_page_part(rf, request.getfixturevalue(who), blaby, laa2)

    rows = part.select("#published-versions tbody tr")
    assert [row.find("a").get_text() for row in rows] == ["Version 2", "Version 1"][:versions]
    assert all(len(row.select("li a")) == len(FORMATS) for row in rows)
    assert (part.find("button", string="Publish this report") is not None) == button


def _running_job(user):
    return Job.objects.create(
        label="Publish the Board report for Blaby, LAA2 2008-11, 2008/09 Q4",
        handler=publishing.HANDLER,
        started_by=user,
        state=Job.State.RUNNING,
        done=2,
        total=5,
    )


def test_while_publishing_runs_its_page_shows_progress_and_reloads_itself_until_told_not_to(client, board_officer):
    job = _running_job(board_officer)
    client.force_login(board_officer)
    url = reverse("reports:publishing", args=[job.pk])

    waiting = client.get(url)

    page = BeautifulSoup(waiting.content, "html.parser")
    assert "step 2 of 5 (40%)" in page.get_text()
    assert page.find("progress")["value"] == "40"
    assert waiting["Refresh"] == "3"  # no JavaScript needed
    assert "Refresh" not in client.get(url + "?refresh=off")


def test_only_the_board_officer_who_started_publishing_follows_it(client, board_officer, blaby_manager):
    job = _running_job(board_officer)
    other = get_user_model().objects.create_user("board-2")
    other.groups.add(Group.objects.get(name="Board officers"))
    url = reverse("reports:publishing", args=[job.pk])

    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(blaby_manager)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("field, value", [("area", "atlantis"), ("agreement", "LAA9"), ("quarter", "2010-11-q5")])
def test_a_publish_form_naming_no_report_publishes_nothing(
    client, fast_formats, board_officer, blaby, laa2, field, value
):
    client.force_login(board_officer)
    data = {"area": blaby.slug, "agreement": laa2.code, "quarter": quarter_slug(Q4), field: value}

    response = client.post(reverse("reports:publish"), data)

    assert response.status_code == 400
    assert "nothing has been changed" in response.content.decode()
    assert not Job.objects.exists() and not PublishedReport.objects.exists()


def test_the_admin_shows_a_published_version_and_its_files_but_cannot_delete_it(
    client, fast_formats, administrator, board_officer, blaby, laa2
):
    published = publishing.publish(blaby, Q4, laa2, board_officer)
    client.force_login(administrator)

    page = client.get(reverse("admin:reports_publishedreport_change", args=[published.pk])).content.decode()

    assert all(label in page for label in ("Word (DOCX)", "Excel (XLSX)", "PDF"))
    assert client.get(reverse("admin:reports_publishedreport_delete", args=[published.pk])).status_code == 403
    assert PublishedReport.objects.filter(pk=published.pk).exists()
