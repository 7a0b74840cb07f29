"""Slow downloads (PDF, DOCX) are built by a background job off the request, kept per data version, and served
again until a figure changes; fast ones (XLSX, HTML) stay inline. The tests' immediate backend runs the job inside
the request that starts it."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from core.periods import Quarter
from indicators.models import Agreement, Measurement
from jobs.models import Job
from pagecache import versions
from partnerships.models import Area
from reports import building, formats
from reports.building import WantedFile
from reports.models import BuiltReportFile

URL = "/reports/board/"
BLABY_Q4 = {"area": "blaby", "year": "2008/09", "quarter": "4"}
Q4 = Quarter(2008, 4)


def _fast_render(report, key):
    """Bytes that show the report's figures, without WeasyPrint's seconds."""
    return f"{key}\n{json.dumps(report.snapshot(), sort_keys=True)}".encode()


@pytest.fixture
def fast_formats(monkeypatch):
    monkeypatch.setattr(formats, "render", _fast_render)


def _jobs():
    return Job.objects.filter(handler=building.HANDLER)


def _change_ni20_in_blaby():
    figure = Measurement.objects.get(indicator__code="NI 20", area__slug="blaby", year=Q4.year)
    figure.value = Decimal("6.10")
    figure.save()


def test_formats_slow_to_render_are_pdf_and_docx():
    assert [f.key for f in formats.FORMATS.values() if f.slow] == ["pdf", "docx"]


@pytest.mark.parametrize("key", ["pdf", "docx"])
def test_a_slow_format_goes_through_its_progress_page_to_the_file(client, fast_formats, board_officer, key):
    client.force_login(board_officer)

    response = client.get(URL, {**BLABY_Q4, "format": key})

    job = _jobs().get()
    assert response.status_code == 303 and response["Location"] == reverse("reports:building", args=[job.pk])
    progress = client.get(response["Location"])
    stored = BuiltReportFile.objects.get()
    assert progress["Location"] == reverse("reports:built_file", args=[stored.pk])
    download = client.get(progress["Location"])
    assert download["Content-Type"] == formats.FORMATS[key].content_type
    assert download["Content-Disposition"] == f'attachment; filename="board-report-blaby-2008-09-q4.{key}"'
    assert download.content.startswith(f"{key}\n".encode()) and b'"Blaby"' in download.content
    assert (job.started_by, stored.data_version) == (board_officer, versions.current())


def test_the_same_file_again_is_served_at_once_without_a_job(client, fast_formats, board_officer):
    client.force_login(board_officer)
    first = client.get(URL, {**BLABY_Q4, "format": "pdf"}, follow=True)

    again = client.get(URL, {**BLABY_Q4, "format": "pdf"})

    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert again.content == first.content and _jobs().count() == 1


def test_after_a_figure_changes_a_new_job_builds_the_file_again(client, fast_formats, board_officer):
    client.force_login(board_officer)
    before = client.get(URL, {**BLABY_Q4, "format": "pdf"}, follow=True).content

    _change_ni20_in_blaby()
    response = client.get(URL, {**BLABY_Q4, "format": "pdf"})

    assert response.status_code == 303 and _jobs().count() == 2
    after = client.get(response["Location"], follow=True).content
    assert b"6.10" in after and b"6.10" not in before
    assert BuiltReportFile.objects.count() == 1  # the file built before was replaced, not kept beside


def test_each_outcome_filter_and_format_is_a_file_of_its_own(client, fast_formats, board_officer):
    client.force_login(board_officer)
    outcome = Agreement.objects.get(code="LAA2 2008-11").outcomes.order_by("code").first()
    for query in ({"format": "pdf"}, {"format": "docx"}, {"format": "pdf", "outcome": outcome.pk}):
        assert client.get(URL, {**BLABY_Q4, **query}).status_code == 303
    assert set(BuiltReportFile.objects.values_list("format", "outcome")) == {
        ("pdf", None),
        ("docx", None),
        ("pdf", outcome.pk),
    }


def test_a_request_while_the_file_is_being_built_joins_that_job(client, board_officer, seeded):
    client.force_login(board_officer)
    blaby, laa2 = Area.objects.get(slug="blaby"), Agreement.objects.get(code="LAA2 2008-11")
    params = WantedFile(blaby, laa2, Q4, None, "pdf").params(versions.current())
    running = Job.objects.create(label="Build", handler=building.HANDLER, params=params, state=Job.State.RUNNING)

    response = client.get(URL, {**BLABY_Q4, "agreement": laa2.pk, "format": "pdf"})

    assert response["Location"] == reverse("reports:building", args=[running.pk]) and _jobs().count() == 1
    progress = client.get(response["Location"])
    assert progress.status_code == 200 and progress["Refresh"] == "3"
    assert "Running" in progress.content.decode()


def test_a_failed_build_says_why(client, monkeypatch, board_officer):
    def render(report, key):
        raise ValueError("the charts would not draw")

    monkeypatch.setattr(formats, "render", render)
    client.force_login(board_officer)

    response = client.get(URL, {**BLABY_Q4, "format": "docx"})  # the worker logs the traceback; the job says why

    page = client.get(response["Location"])
    assert page.status_code == 200 and "Refresh" not in page
    assert "The report was not built" in page.content.decode() and "the charts would not draw" in page.content.decode()
    assert not BuiltReportFile.objects.exists()


@pytest.mark.parametrize(
    "who, status", [("board_officer", 200), ("administrator", 200), ("blaby_manager", 200), ("melton_manager", 403)]
)
def test_who_follows_a_blaby_build_and_gets_its_file(client, request, fast_formats, board_officer, who, status):
    client.force_login(board_officer)
    progress = client.get(URL, {**BLABY_Q4, "format": "pdf"})["Location"]
    client.force_login(request.getfixturevalue(who))

    assert client.get(progress, follow=True).status_code == status
    assert client.get(BuiltReportFile.objects.get().get_absolute_url()).status_code == status
    assert client.get(URL, {**BLABY_Q4, "format": "pdf"}).status_code == status  # the stored file, to readers only


def test_anonymous_visitors_are_sent_to_sign_in(client, fast_formats, board_officer):
    client.force_login(board_officer)
    progress = client.get(URL, {**BLABY_Q4, "format": "pdf"})["Location"]
    client.logout()

    for url in (progress, BuiltReportFile.objects.get().get_absolute_url(), f"{URL}?area=blaby&format=pdf"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_fast_formats_stay_inline(client, fast_formats, board_officer):
    client.force_login(board_officer)
    for key in ("xlsx", "html"):
        response = client.get(URL, {**BLABY_Q4, "format": key})
        assert response.status_code == 200 and response["Content-Type"] == formats.FORMATS[key].content_type
    assert not _jobs().exists() and not BuiltReportFile.objects.exists()


def test_the_progress_of_a_build_whose_area_was_removed_is_not_found(client, board_officer):
    client.force_login(board_officer)
    job = Job.objects.create(label="Build", handler=building.HANDLER, params={"area": 0, "format": "pdf"})

    assert client.get(reverse("reports:building", args=[job.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_same_file_at_once_share_one_build(monkeypatch, seeded):
    """Two requests for the Blaby PDF in the same moment: each saw no build running and started its own (two
    workers making the same file). Now the second waits for the first to record its job, then joins it."""
    import threading
    import time

    from django.contrib.auth import get_user_model
    from django.db import connection

    from jobs import services as job_services

    if connection.vendor != "postgresql":
        pytest.skip("the lock is PostgreSQL's; SQLite runs one writer at a time")
    record = job_services._record

    def slow_record(*args):  # the moment between "none running" and the new job's row, made long
        time.sleep(0.5)
        return record(*args)

    monkeypatch.setattr(job_services, "_record", slow_record)
    monkeypatch.setattr(job_services, "_hand_over", lambda job: job)  # recorded, not run: no worker here
    blaby, laa2 = Area.objects.get(slug="blaby"), Agreement.objects.get(code="LAA2 2008-11")
    wanted = WantedFile(blaby, laa2, Q4, None, "pdf")
    board = get_user_model().objects.get(username="board")
    version, started = versions.current(), []

    def ask():
        try:
            started.append(building.start_building(wanted, version, board).pk)
        finally:
            connection.close()

    people = [threading.Thread(target=ask) for _ in range(2)]
    for person in people:
        person.start()
        time.sleep(0.1)
    for person in people:
        person.join()
    assert len(started) == 2 and len(set(started)) == 1
    assert _jobs().count() == 1
