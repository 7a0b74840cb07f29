"""Reads of published Board reports: the versions of one report a user may see, their stored files, the version
before one. File contents are never read here: pages list files by format and size, the download reads one."""

from __future__ import annotations

from collections import defaultdict

from core.periods import Quarter
from reports import published_access as access
from reports.formats import FORMATS
from reports.models import PublishedFile, PublishedReport

FORMAT_ORDER = {key: n for n, key in enumerate(FORMATS)}


def versions(user, area, agreement, quarter: Quarter) -> list[PublishedReport]:
    """Every published version of the report, newest first, each with its ``stored`` files; none if not theirs.

    One query whatever the number of versions: the files with their version (every version has every format,
    publishing being all or none), without the files' bytes or the versions' snapshots.
    """
    if not access.rights(user, area).view:
        return []
    files = (
        PublishedFile.objects.filter(
            published__area=area,
            published__agreement=agreement,
            published__year=quarter.year,
            published__quarter=quarter.number,
        )
        .select_related("published__published_by")
        .defer("content", "published__snapshot")
    )
    by_version = defaultdict(list)
    for row in sorted(files, key=lambda row: (-row.published.version, FORMAT_ORDER.get(row.format, len(FORMATS)))):
        by_version[row.published_id].append(row)
    published = []
    for rows in by_version.values():
        version = rows[0].published
        version.stored = rows
        published.append(version)
    return published


def stored_files(published) -> dict[int, list[PublishedFile]]:
    """Each published report's files (without their bytes) in the formats' order (one query)."""
    by_report = defaultdict(list)
    rows = PublishedFile.objects.filter(published__in=[p.pk for p in published]).only(
        "pk", "published_id", "format", "size", "sha256"
    )
    for row in sorted(rows, key=lambda row: FORMAT_ORDER.get(row.format, len(FORMATS))):
        by_report[row.published_id].append(row)
    return by_report


def earlier_version(published: PublishedReport) -> PublishedReport | None:
    """The version just before ``published`` (with its snapshot, to compare), or None for version 1."""
    if published.version == 1:
        return None
    return (
        PublishedReport.objects.filter(
            area=published.area_id,
            agreement=published.agreement_id,
            year=published.year,
            quarter=published.quarter,
            version__lt=published.version,
        )
        .order_by("-version")
        .only("pk", "version", "snapshot", "published_at")
        .first()
    )


def latest_snapshot(published: PublishedReport) -> dict:
    """The stored figures of a version read without them (``versions`` leaves them out): one query."""
    return PublishedReport.objects.filter(pk=published.pk).values_list("snapshot", flat=True).get()
