"""Publishing a Board report: build it once, render every format, store them all or none.

``publish`` is the one way a ``PublishedReport`` is made. The report is read from the database once
(``reports.selectors.board_report``) and every format is rendered from that one ``BoardReport``, so
the stored files and the stored snapshot cannot disagree. Rendering happens before the transaction
opens (the PDF is the slow part, and nothing is locked meanwhile); the version number is taken and
every file written inside one transaction, with the area's row locked so two board officers
publishing at once get versions N and N+1, never the same number.

Publishing takes several seconds (WeasyPrint's PDF is most of it: README, "Board report"), so the
page starts it as a background job (``start_publishing`` → ``run_publishing`` in a task worker) and
shows its progress; the tests' immediate backend runs it inside the request.
"""

from __future__ import annotations

import hashlib
import time

from django.db import transaction
from django.utils import timezone

from core.periods import Quarter
from indicators.models import Agreement
from jobs.models import Job
from jobs.services import JobFailed, start
from partnerships.models import Area
from reports import formats
from reports.models import PublishedFile, PublishedReport


def build_report(area, quarter: Quarter, agreement):
    """The report as the page shows it now (looked up here so tests can stand in a hand-built report)."""
    from reports.selectors import board_report

    return board_report(area, quarter, agreement)


def publish(area, quarter: Quarter, agreement, user, progress=None) -> PublishedReport:
    """Publish the report for ``area``, ``quarter`` and ``agreement`` as its next version; every format or none."""
    progress = progress or (lambda done, total=None: None)
    steps = len(formats.FORMATS) + 1
    started = time.monotonic()
    report = build_report(area, quarter, agreement)
    progress(1, steps)
    files = {}
    for done, key in enumerate(formats.FORMATS, start=2):
        files[key] = formats.render(report, key)
        progress(done, steps)
    seconds = round(time.monotonic() - started, 3)
    with transaction.atomic():
        Area.objects.select_for_update().filter(pk=area.pk).exists()  # one publisher at a time per area
        published = PublishedReport.objects.create(
            area=area,
            agreement=agreement,
            year=quarter.year,
            quarter=quarter.number,
            version=_next_version(area, agreement, quarter),
            published_by=user if getattr(user, "is_authenticated", False) else None,
            published_at=timezone.now(),
            snapshot=report.snapshot(),
            build_seconds=seconds,
        )
        PublishedFile.objects.bulk_create(
            PublishedFile(
                published=published,
                format=key,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )
            for key, content in files.items()
        )
    return published


def _next_version(area, agreement, quarter: Quarter) -> int:
    last = (
        PublishedReport.objects.filter(area=area, agreement=agreement, year=quarter.year, quarter=quarter.number)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return (last or 0) + 1


HANDLER = "reports.publishing.run_publishing"


def start_publishing(area, quarter: Quarter, agreement, user) -> Job:
    """Hand publishing to a task worker; the job's page shows its progress and then the published version."""
    return start(
        handler=HANDLER,
        label=f"Publish the Board report for {area.name}, {agreement.code}, {quarter.label}",
        user=user,
        params={"area": area.pk, "agreement": agreement.pk, "year": quarter.year.start_year, "quarter": quarter.number},
    )


def run_publishing(job: Job, progress):
    """The job's work: publish, as the person who started it; the published version's id and address as result."""
    params = job.params
    area = Area.objects.filter(pk=params["area"]).first()
    agreement = Agreement.objects.filter(pk=params["agreement"]).first()
    if area is None or agreement is None:
        raise JobFailed("the area or the agreement no longer exists")
    quarter = Quarter(params["year"], params["quarter"])
    published = publish(area, quarter, agreement, job.started_by, progress=progress)
    message = f"Published version {published.version} in {published.build_seconds:.1f} seconds."
    return message, {"published": published.pk, "url": published.get_absolute_url()}
