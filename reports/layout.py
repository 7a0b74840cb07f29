"""What the Word and Excel reports lay out the same way: section names, the summary table's rows and columns,
an exception's facts, and the step that makes an Office file byte-stable.

Plain values in, plain values out, so DOCX and XLSX cannot word a status, order a summary column or label a
fact differently. The HTML/PDF page draws the same sections from templates.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from reports.contents import BoardReport, ReportLine, StatusCount, SummaryTable

# The words of templates/includes/_synthetic_banner.html, for documents that cannot include a template.
SYNTHETIC_TITLE = "Demonstration data"
SYNTHETIC_TEXT = (
    "These figures include synthetic demonstration data. They are not real figures for any Community "
    "Safety Partnership and must not be used for decisions or reporting."
)
NO_COMMENTARY = "No commentary was entered on the return."
NO_QUALITY_NOTES = "No data-quality flags touch this report's indicators."
NO_DISTRICTS = "No indicator in this report has district targets."
NO_BUDGETS = "The funding data records no pooled or aligned budget for the period."
NOT_STATED = "not stated in the documents"  # the words contents.py's selectors use where a document gives no amount
LANGUAGE = "en-GB"
AUTHOR = "Safer Communities"  # the application, not a person: who generated the file


def document_title(report: BoardReport) -> str:
    """The file's title property (what a screen reader and a file browser announce)."""
    return f"{report.title}: {report.area_name}, {report.quarter_label}"


@dataclass(frozen=True)
class SummaryRow:
    """One row of a summary table as printed: "Outcomes" or "Delivery", computed here or as a document printed it."""

    measure: str  # "Outcomes" / "Delivery"
    source: str  # "Computed" / "As printed"
    counts: dict[str, int]  # by column name; a column the row does not count is absent
    total: int

    @property
    def label(self) -> str:
        return self.measure if self.source == "Computed" else f"{self.measure} as printed"


def summary_rows(table: SummaryTable) -> list[SummaryRow]:
    """Outcomes then Delivery, each followed by the printed row when the documents print one (seed 003)."""
    pairs = (
        ("Outcomes", table.outcomes, table.reported_outcomes),
        ("Delivery", table.delivery, table.reported_delivery),
    )
    rows = []
    for measure, computed, printed in pairs:
        rows.append(_summary_row(measure, "Computed", computed))
        if printed is not None:
            rows.append(_summary_row(measure, "As printed", printed))
    return rows


def _summary_row(measure: str, source: str, count: StatusCount) -> SummaryRow:
    return SummaryRow(measure, source, dict(zip(count.columns, count.counts, strict=True)), count.total)


def summary_columns(rows: list[SummaryRow]) -> list[str]:
    """Every status column any row counts, in the order the rows first name them (outcomes' columns first)."""
    columns: list[str] = []
    for row in rows:
        columns.extend(name for name in row.counts if name not in columns)
    return columns


def exception_facts(line: ReportLine) -> list[tuple[str, str]]:
    """An exception's facts in seed 003's reading order, as (label, words); commentary last."""
    return [
        ("Figure", line.figure_text),
        ("Target due", line.target_text),
        ("Status", line.status),
        ("Reason", line.reason),
        ("Direction of travel", line.direction),
        ("Forecast", line.forecast_text),
        ("Forecast method", line.forecast_method),
        ("Variation", line.variation or "Not assessed"),
        ("Assurance", line.assurance or "Not assessed"),
        ("Delivery", _with_reason(line.delivery, line.delivery_reason)),
        ("Figure source", "Synthetic demonstration figure" if line.synthetic else "Recorded figure"),
        ("Commentary", line.commentary or NO_COMMENTARY),
    ]


def _with_reason(judgement: str, reason: str) -> str:
    return f"{judgement}: {reason}" if reason else judgement


def exceptions_by_status(lines: tuple[ReportLine, ...]) -> list[tuple[str, list[ReportLine]]]:
    """("Red", [...]) then ("Amber", [...]), as the report orders them; a status with no line is kept (it says none)."""
    return [(status, [line for line in lines if line.status == status]) for status in ("Red", "Amber")]


def trend_alt_text(line: ReportLine) -> str:
    """The chart's text alternative: what it shows, and where its figures are (the table under it)."""
    quarters = len(line.trend)
    return (
        f"Line chart of {line.code} {line.title}: the figure for the last {quarters} quarters "
        f"({line.trend[0].label} to {line.trend[-1].label}) against the target, dashed. "
        "The same figures are in the table below the chart."
    )


# Control characters XML 1.0 cannot hold (a tab, newline and carriage return it can). Text pasted into a return's
# commentary from another program can carry one; python-docx and openpyxl refuse the whole file if it does.
_NOT_XML = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}


def xml_text(text: str) -> str:
    """``text`` without the control characters an Office file cannot hold."""
    return text.translate(_NOT_XML)


def stamp_properties(properties, report: BoardReport, *, author_fields: tuple[str, ...]) -> None:
    """The file's title, subject, author, language and dates, for Word and Excel alike (each names its author
    fields its own way); dated from the report, so the same report gives the same bytes."""
    properties.title = document_title(report)
    properties.subject = report.scope_text
    for name in author_fields:
        setattr(properties, name, AUTHOR)
    properties.language = LANGUAGE
    properties.created = properties.modified = utc_naive(report.generated_at)


def utc_naive(moment: datetime) -> datetime:
    """``moment`` in UTC without its zone: Office core properties are UTC, and openpyxl refuses aware datetimes."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def stable_zip(data: bytes, moment: datetime) -> bytes:
    """The same Office package with every member stamped ``moment``: python-docx and openpyxl stamp members with
    the time of saving, so without this the same report would give different bytes a second later."""
    stamp = max(utc_naive(moment).timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # ZIP dates start in 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # fixed permissions: the saving process's umask would vary them
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
