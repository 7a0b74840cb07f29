"""The report's downloadable formats: one registry, so the page's links, the download view and
publishing list the same formats in the same order. Each renderer takes a ``BoardReport`` and
returns bytes; they are named by dotted path so a slow import (WeasyPrint) happens only when used.

``slow`` formats are rendered by a background job, not inside the request (``reports.building``): measured for
the Leicestershire LAA2 2010/11 Q3 report on this machine (2 shared cores), building the report takes 0.1–0.2 s,
then PDF (WeasyPrint) 2.7–6 s and DOCX 0.3–1.9 s (its charts), against XLSX 0.1–0.2 s and HTML 0.01 s. A request
should take under about two seconds, so PDF and DOCX are slow; XLSX and HTML are served at once."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string

from reports.contents import BoardReport


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    content_type: str
    extension: str
    renderer: str  # dotted path of ``(BoardReport) -> bytes``
    slow: bool = False  # rendered off the request (the module's docstring has the measured times)


FORMATS = {
    f.key: f
    for f in (
        Format("pdf", "PDF", "application/pdf", "pdf", "reports.document.pdf_bytes", slow=True),
        Format(
            "docx",
            "Word (DOCX)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            "reports.word.docx_bytes",
            slow=True,
        ),
        Format(
            "xlsx",
            "Excel (XLSX)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "reports.workbook.xlsx_bytes",
        ),
        Format("html", "Web page (HTML)", "text/html; charset=utf-8", "html", "reports.document.html_bytes"),
    )
}


def render(report: BoardReport, key: str) -> bytes:
    return import_string(FORMATS[key].renderer)(report)


def filename(report: BoardReport, key: str) -> str:
    return f"{report.file_stem}.{FORMATS[key].extension}"
