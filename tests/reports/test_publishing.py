"""Publishing freezes a Board report: every format's bytes and the figures they were built from, all or none.

Who publishes and who reads: board officers publish (a CSP manager gets 403); board officers and administrators
read every published report; a CSP manager reads those for their own areas (403 for another district's);
anonymous visitors are sent to sign in. Publishing runs as a background job (the tests' immediate backend runs it
inside the request).
"""

import hashlib
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.template import RequestContext, Template
from django.urls import reverse

from core.periods import Quarter, quarter_slug
from indicators.judgements import IndicatorCommentary
from indicators.models import Agreement, Measurement
from jobs.models import Job
from reports import formats, publishing
from reports.formats import FORMATS
from reports.models import Frozen, PublishedFile, PublishedReport
from tests.reports.sample import GREEN, sample_report

Q3 = Quarter(2010, 3)


def _stand_in_report(area, quarter, agreement):
    """The hand-built report with NI 20's figure and commentary read from the database as they are now."""
    figure = Measurement.objects.filter(indicator__code="NI 20", area=area, year=quarter.year, quarter=quarter.number)
    value = figure.values_list("value", flat=True).first()
    note = IndicatorCommentary.objects.filter(indicator__code="NI 20", area=area, year=quarter.year).first()
    ni20 = replace(
        GREEN,
        figure=value,
        figure_text=f"{value:.2f} per 1,000" if value is not None else "No figure",
        commentary=note.text if note else "",
    )
    report = sample_report(area_name=area.name, area_slug=area.slug, agreement_code=agreement.code)
    return replace(report, appendix=(ni20, *report.appendix[1:]))


def _stand_in_render(report, key):
    return f"{key}\n{json.dumps(report.snapshot(), sort_keys=True)}".encode()


@pytest.fixture
def stand_in(monkeypatch):
    """Until the report builder and the renderers are merged: a hand-built report and bytes that show its figures."""
    monkeypatch.setattr(publishing, "build_report", _stand_in_report)
    monkeypatch.setattr(formats, "render", _stand_in_render)


@pytest.fixture
def laa2(seeded):
    return Agreement.objects.get(code="LAA2 2008-11")


def _publish(client, area, agreement, quarter=Q3):
    data = {"area": area.slug, "agreement": agreement.code, "quarter": quarter_slug(quarter)}
    return client.post(reverse("reports:publish"), data)


def _stored(published):
    return {f.format: bytes(f.content) for f in PublishedFile.objects.filter(published=published)}


def _change_figure_and_commentary(area):
    figure, _ = Measurement.objects.update_or_create(
        indicator_id=Measurement._meta.get_field("indicator").related_model.objects.get(code="NI 20").pk,
        area=area,
        year=Q3.year,
        quarter=Q3.number,
        defaults={"value": Decimal("9.99")},
    )
    IndicatorCommentary.objects.create(
        indicator=figure.indicator,
        area=area,
        year=Q3.year,
        quarter=3,
        heading="Test",
        text="Rose after a test.",
        source="test",
    )


def test_a_board_officer_publishes_every_format_and_lands_on_the_published_version(
    client, stand_in, board_officer, blaby, laa2
):
    client.force_login(board_officer)

    response = _publish(client, blaby, laa2)

    job = Job.objects.get(handler=publishing.HANDLER)
    assert response["Location"] == reverse("reports:publishing", args=[job.pk])
    published = PublishedReport.objects.get()
    assert client.get(response["Location"])["Location"] == published.get_absolute_url()
    assert (published.version, published.published_by, published.period) == (1, board_officer, Q3)
    assert published.snapshot == _stand_in_report(blaby, Q3, laa2).snapshot()
    stored = PublishedFile.objects.filter(published=published)
    assert sorted(f.format for f in stored) == sorted(FORMATS)
    for f in stored:
        assert (f.size, f.sha256) == (len(bytes(f.content)), hashlib.sha256(bytes(f.content)).hexdigest())


def test_published_bytes_do_not_change_when_a_figure_and_commentary_change_and_a_new_version_shows_it(
    client, stand_in, board_officer, blaby, laa2
):
    client.force_login(board_officer)
    _publish(client, blaby, laa2)
    first = PublishedReport.objects.get()
    files_before = _stored(first)
    downloads_before = {key: client.get(reverse("reports:published_file", args=[first.pk, key])) for key in FORMATS}

    _change_figure_and_commentary(blaby)
    _publish(client, blaby, laa2)

    assert _stored(first) == files_before
    for key, before in downloads_before.items():
        again = client.get(reverse("reports:published_file", args=[first.pk, key]))
        assert again.content == before.content == files_before[key]
    second = PublishedReport.objects.get(version=2)
    assert _stored(second)["pdf"] != files_before["pdf"]
    page = client.get(second.get_absolute_url()).content.decode()
    assert "What changed since version 1" in page
    assert "→ “9.99 per 1,000”" in page
    assert "Commentary: none → “Rose after a test.”" in page


def test_a_download_is_the_stored_file_named_as_an_attachment(client, stand_in, board_officer, blaby, laa2):
    client.force_login(board_officer)
    _publish(client, blaby, laa2)
    published = PublishedReport.objects.get()

    response = client.get(reverse("reports:published_file", args=[published.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="board-report-leicestershire-2010-11-q3-version-1.pdf"'
    )
    assert response.content == _stored(published)["pdf"]


def test_a_failing_format_stores_nothing_and_the_page_says_why(client, monkeypatch, board_officer, blaby, laa2):
    monkeypatch.setattr(publishing, "build_report", _stand_in_report)

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


def test_a_published_version_cannot_be_changed(stand_in, board_officer, blaby, laa2):
    published = publishing.publish(blaby, Q3, laa2, board_officer)

    with pytest.raises(Frozen):
        published.save()
    with pytest.raises(Frozen):
        PublishedReport.objects.filter(pk=published.pk).update(version=5)
    with pytest.raises(Frozen):
        PublishedFile.objects.filter(published=published).update(content=b"forged")


def test_versions_are_numbered_per_area_agreement_and_quarter(stand_in, board_officer, blaby, melton, laa2):
    numbers = [
        publishing.publish(area, quarter, laa2, board_officer).version
        for area, quarter in ((blaby, Q3), (blaby, Q3), (melton, Q3), (blaby, Q3.previous()))
    ]

    assert numbers == [1, 2, 1, 1]


def test_a_csp_manager_cannot_publish(client, stand_in, blaby_manager, blaby, laa2):
    client.force_login(blaby_manager)

    assert _publish(client, blaby, laa2).status_code == 403
    assert not Job.objects.exists() and not PublishedReport.objects.exists()


def test_an_administrator_cannot_publish(client, stand_in, administrator, blaby, laa2):
    client.force_login(administrator)

    assert _publish(client, blaby, laa2).status_code == 403


@pytest.mark.parametrize(
    "who, status",
    [("board_officer", 200), ("administrator", 200), ("blaby_manager", 200), ("melton_manager", 403)],
)
def test_who_reads_a_published_blaby_report(client, request, stand_in, board_officer, blaby, laa2, who, status):
    published = publishing.publish(blaby, Q3, laa2, board_officer)
    client.force_login(request.getfixturevalue(who))

    assert client.get(published.get_absolute_url()).status_code == status
    assert client.get(reverse("reports:published_file", args=[published.pk, "docx"])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, stand_in, board_officer, blaby, laa2):
    published = publishing.publish(blaby, Q3, laa2, board_officer)

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
        RequestContext(request, {"area": area, "agreement": agreement, "quarter": Q3})
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
    rf, request, stand_in, board_officer, blaby, laa2, who, versions, button
):
    for _ in range(2):
        publishing.publish(blaby, Q3, laa2, board_officer)

    part = _report_page_part(rf, request.getfixturevalue(who), blaby, laa2)

    rows = part.select("#published-versions tbody tr")
    assert [row.find("a").get_text() for row in rows] == ["Version 2", "Version 1"][:versions]
    assert all(len(row.select("li a")) == len(FORMATS) for row in rows)
    assert (part.find("button", string="Publish this report") is not None) == button
