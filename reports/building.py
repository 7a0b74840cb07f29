"""Slow downloads of the Board report (``Format.slow``: PDF, DOCX), built by a background job off the request.

A request for a slow format is served the stored file when one was built at the current data version
(``pagecache.versions``: every write to the figures moves it on); otherwise it starts a job, or joins the one
already building the same file at that version, and the person follows its progress. The job stores the file
(``BuiltReportFile``, replacing the one built before for the same report and format) at the version it read
before building, so a change made while it builds makes the next request build again rather than serve it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.utils import timezone

from core.periods import Quarter
from indicators.models import Agreement, Outcome
from jobs.models import Job
from jobs.services import JobFailed, start_once
from pagecache import versions
from partnerships.models import Area
from reports import formats
from reports.models import BuiltReportFile
from reports.selectors import board_report

HANDLER = "reports.building.run_building"


@dataclass(frozen=True)
class WantedFile:
    """One report in one format: the area, agreement, quarter, outcome filter (None: every outcome) and format."""

    area: Area
    agreement: Agreement
    quarter: Quarter
    outcome: Outcome | None
    format: str

    def key(self) -> dict:
        return {
            "area": self.area,
            "agreement": self.agreement,
            "year": self.quarter.year,
            "quarter": self.quarter.number,
            "outcome": self.outcome,
            "format": self.format,
        }

    def params(self, data_version: str) -> dict:
        year, number = self.quarter.year.start_year, self.quarter.number
        outcome = self.outcome.pk if self.outcome else None
        ids = {"area": self.area.pk, "agreement": self.agreement.pk, "year": year, "quarter": number}
        return {**ids, "outcome": outcome, "format": self.format, "data_version": data_version}

    @property
    def outcomes(self) -> list[Outcome] | None:
        return [self.outcome] if self.outcome else None


def built_file(wanted: WantedFile, data_version: str) -> BuiltReportFile | None:
    """The file already built for ``wanted`` at ``data_version``, if there is one."""
    return BuiltReportFile.objects.filter(**wanted.key(), data_version=data_version).first()


def start_building(wanted: WantedFile, data_version: str, user) -> Job:
    """The job building ``wanted`` at ``data_version``: the one already waiting or running, else a new one."""
    label = f"Build the Board report for {wanted.area.name}, {wanted.agreement.code}, {wanted.quarter.label}"
    label = f"{label} ({formats.FORMATS[wanted.format].label})"
    return start_once(handler=HANDLER, label=label, user=user, params=wanted.params(data_version))


def job_area(job: Job) -> Area | None:
    """The area whose report the job builds (None once removed: the job's page is then not found)."""
    return Area.objects.filter(pk=job.params.get("area")).first()


def _wanted(params: dict) -> WantedFile:
    area = Area.objects.filter(pk=params["area"]).first()
    agreement = Agreement.objects.filter(pk=params["agreement"]).first()
    outcome = Outcome.objects.filter(pk=params["outcome"]).first() if params["outcome"] else None
    if area is None or agreement is None or (params["outcome"] and outcome is None):
        raise JobFailed("the area, the agreement or the outcome no longer exists")
    return WantedFile(area, agreement, Quarter(params["year"], params["quarter"]), outcome, params["format"])


def run_building(job: Job, progress):
    """The job's work: build the report, render the format, store the file; its id as the result."""
    wanted = _wanted(job.params)
    data_version = versions.current()  # before building: a change made meanwhile is built again next time
    started = time.monotonic()
    progress(0, 2)
    report = board_report(wanted.area, wanted.quarter, wanted.agreement, outcomes=wanted.outcomes)
    progress(1, 2)
    content = formats.render(report, wanted.format)
    stored, _ = BuiltReportFile.objects.update_or_create(
        **wanted.key(),
        defaults={
            "data_version": data_version,
            "filename": formats.filename(report, wanted.format),
            "content": content,
            "built_at": timezone.now(),
        },
    )
    return f"Built in {time.monotonic() - started:.1f} seconds.", {"file": stored.pk}
