"""Slow downloads of the Board report (PDF, DOCX) built off the request: the stored file when it is current,
else the job that builds it, its progress page, and the built file (``reports.building``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from jobs.models import Job
from jobs.services import checked
from pagecache import versions
from reports import building
from reports.access import require_report_reader
from reports.job_pages import job_progress
from reports.models import BuiltReportFile

BUILDING_ABOUT = (
    "This format takes several seconds to make, so it is built in the background. You can leave this page: "
    "building carries on, and this address gives you the file when it is ready."
)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def off_request(request, wanted: building.WantedFile) -> HttpResponse:
    """``?format=`` of a slow format (the board view has checked the reader): the current file, else its job."""
    data_version = versions.current(request)
    if stored := building.built_file(wanted, data_version):
        return _serve(stored)
    job = building.start_building(wanted, data_version, request.user)
    return _see_other("reports:building", job.pk)


def _see_other(name, *args) -> HttpResponse:
    response = redirect(name, *args)
    response.status_code = 303  # the file is made elsewhere: GET the progress page
    return response


@login_required
def building_progress(request, job_id):
    """The build's progress (reloading itself until done), then the file; only for readers of the report's area."""
    job = get_object_or_404(Job, pk=job_id, handler=building.HANDLER)
    if (area := building.job_area(job)) is None:
        raise Http404("The report's area no longer exists.")
    require_report_reader(request.user, area)
    job = checked(job)
    if job.state == Job.State.SUCCEEDED:
        return redirect("reports:built_file", job.result["file"])
    return job_progress(request, job, failed_title="The report was not built", about=BUILDING_ABOUT)


@login_required
def built_file(request, pk):
    stored = get_object_or_404(BuiltReportFile.objects.select_related("area"), pk=pk)
    require_report_reader(request.user, stored.area)
    return _serve(stored)


def _serve(stored: BuiltReportFile) -> HttpResponse:
    return attachment(bytes(stored.content), stored.kind.content_type, stored.filename)
