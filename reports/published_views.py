"""Publishing a Board report and reading published versions: the button, the job's progress, a version's page
and its stored files (the bytes as published, whatever has changed since)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.periods import PeriodError, quarter_from_slug
from indicators.models import Agreement
from jobs.models import Job
from partnerships.models import Area
from reports import published_access as access
from reports import publishing
from reports.changes import changes
from reports.formats import FORMATS
from reports.job_pages import job_progress
from reports.models import PublishedFile, PublishedReport
from reports.published import earlier_version, stored_files

PUBLISHING_ABOUT = (
    "The report is built once and written in every format; nothing is stored until all of them are ready. "
    "You can leave this page: publishing carries on, and this address shows the published version when it ends."
)


class PublishForm(forms.Form):
    """The report page's "Publish this report" button: which report (hidden fields the page wrote)."""

    area = forms.ModelChoiceField(Area.objects.all(), to_field_name="slug")
    agreement = forms.ModelChoiceField(Agreement.objects.all(), to_field_name="code")
    quarter = forms.CharField()

    def clean_quarter(self):
        try:
            return quarter_from_slug(self.cleaned_data["quarter"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


@login_required
@require_POST
def publish(request):
    access.require_publisher(request.user)  # before reading anything the form names
    form = PublishForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)  # hidden fields the page never wrote: nothing is published
    data = form.cleaned_data
    job = publishing.start_publishing(data["area"], data["quarter"], data["agreement"], request.user)
    return redirect("reports:publishing", job.pk)


@login_required
def publishing_progress(request, job_id):
    """Publishing's progress (the page reloads itself, no JavaScript); when done, the published version."""
    access.require_publisher(request.user)
    job = get_object_or_404(Job, pk=job_id, handler=publishing.HANDLER, started_by=request.user)
    if job.state == Job.State.SUCCEEDED:
        messages.success(request, job.message)
        return redirect(job.result["url"])
    return job_progress(request, job, failed_title="The report was not published", about=PUBLISHING_ABOUT)


@login_required
def published_detail(request, pk):
    published, rights = access.get_published_for_user(request, pk)
    earlier = earlier_version(published)
    context = {
        "published": published,
        "files": stored_files([published])[published.pk],
        "earlier": earlier,
        "changes": changes(earlier.snapshot, published.snapshot) if earlier else None,
        "rights": rights,
    }
    return render(request, "reports/published.html", context)


@login_required
def published_file(request, pk, format_key):
    if format_key not in FORMATS:
        raise Http404("No such format")
    published, _ = access.get_published_for_user(request, pk)
    stored = get_object_or_404(PublishedFile, published=published, format=format_key)
    response = HttpResponse(bytes(stored.content), content_type=stored.kind.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download_name(published, stored)}"'
    return response


def download_name(published: PublishedReport, stored: PublishedFile) -> str:
    return f"{published.snapshot['file_stem']}-version-{published.version}.{stored.kind.extension}"
