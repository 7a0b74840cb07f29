"""The page that follows a background job of the reports (publishing, a slow download): it reloads itself
without JavaScript (an HTTP ``Refresh`` header) until the job ends, unless the person turns that off."""

from django.shortcuts import render

from jobs.models import Job

PROGRESS_REFRESH_SECONDS = 3


def job_progress(request, job: Job, *, failed_title: str, about: str):
    refreshing = not job.is_finished and request.GET.get("refresh") != "off"
    context = {
        "job": job,
        "refreshing": refreshing,
        "refresh_seconds": PROGRESS_REFRESH_SECONDS,
        "failed_title": failed_title,
        "about": about,
    }
    response = render(request, "reports/job_progress.html", context)
    if refreshing:
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)  # reload without JavaScript, until turned off
    return response
