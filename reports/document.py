"""The Board report as HTML and PDF, from one template.

``templates/reports/_report.html`` is the report; the page (``reports.views``) wraps it in the site layout
and links its stylesheet, the document (``html_bytes``) inlines the same stylesheet in a ``<style>`` so a
saved file prints the same, and ``pdf_bytes`` hands that document to WeasyPrint. Charts are the server's
SVG (``reports.charts``), inline, each beside its data table.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.charts import trend_svg
from reports.contents import BoardReport, ReportLine, StatusCount, SummaryTable

STYLESHEET = "reports/report.css"
# PDF/UA-1 where WeasyPrint can: it tags the structure (headings, tables, figures) and writes the title and
# language; ``pdf_tags`` alone is the fallback if a WeasyPrint build refuses the variant.
PDF_VARIANT = "pdf/ua-1"
SYNTHETIC_MARK = "Includes synthetic demonstration figures: not for decisions"


@dataclass(frozen=True)
class CountTable:
    """One summary table as shown: the computed row, and the printed row beside it where there is one."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...], int], ...]  # (label, counts in ``columns`` order, total)
    notes: tuple[str, ...]


def _row(label: str, count: StatusCount, columns) -> tuple[str, tuple[str, ...], int]:
    found = dict(zip(count.columns, count.counts, strict=True))
    return label, tuple(str(found[c]) if c in found else "–" for c in columns), count.total


def count_tables(summary: SummaryTable) -> list[CountTable]:
    tables = []
    for measure, computed, reported in (
        ("outcomes", summary.outcomes, summary.reported_outcomes),
        ("delivery", summary.delivery, summary.reported_delivery),
    ):
        columns = computed.columns + tuple(
            c for c in (reported.columns if reported else ()) if c not in computed.columns
        )
        rows = [_row("Computed" if reported else "Indicators", computed, columns)]
        if reported:
            rows.append(_row("As reported", reported, columns))
        notes = [n for n in summary.difference if n.lower().startswith(measure)]
        tables.append(CountTable(f"{summary.title}: {measure}", columns, tuple(rows), tuple(notes)))
    return tables


@dataclass(frozen=True)
class Exception_:
    line: ReportLine
    chart: str  # inline SVG markup ("" without a trend)


def _inline_svg(svg: str, title: str, prefix: str) -> str:
    """The SVG element alone (no XML prolog), labelled as an image; its data table follows it on the page.

    matplotlib numbers its element ids the same in every chart; ``prefix`` keeps them unique in a document
    with several charts (and each chart's references pointing at its own definitions)."""
    element = svg[svg.index("<svg") :]
    element = re.sub(r'(\bid="|href="#|url\(#)', rf"\g<1>{prefix}-", element)
    # The page's Content Security Policy (style-src 'self') blocks style attributes and <style> elements, so
    # matplotlib's styles become SVG presentation attributes, which are not CSS and are never blocked.
    element = re.sub(r"<style[^>]*>.*?</style>", "", element, flags=re.S)
    element = re.sub(r'style="([^"]*)"', _attributes, element)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    opening = f'<svg role="img" aria-label="{label}" focusable="false" stroke-linejoin="round" stroke-linecap="butt"'
    return re.sub(r"^<svg", opening, element, count=1)


def _attributes(style: re.Match) -> str:
    pairs = (part.split(":", 1) for part in style.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def chart_for(line: ReportLine) -> str:
    if not line.trend:
        return ""
    title = f"{line.code}: last {len(line.trend)} quarters against target"
    svg = trend_svg(line.trend, title=title, unit=line.unit)
    return mark_safe(_inline_svg(svg, title, f"chart-{line.slug}"))  # noqa: S308 our own SVG


def report_context(report: BoardReport) -> dict:
    """What ``_report.html`` needs: the report, its summary tables and its exceptions with their charts."""
    return {
        "report": report,
        "count_tables": [table for summary in report.summaries for table in count_tables(summary)],
        "reds": [Exception_(x, chart_for(x)) for x in report.exceptions if x.status == "Red"],
        "ambers": [Exception_(x, chart_for(x)) for x in report.exceptions if x.status == "Amber"],
        "running_text": f"{report.area_name}, {report.quarter_label}: {report.title}",
        "synthetic_mark": SYNTHETIC_MARK,
    }


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def stylesheet() -> str:
    return render_to_string(STYLESHEET)


def html_bytes(report: BoardReport) -> bytes:
    """A standalone HTML document: its stylesheet inline, so the saved file prints the same."""
    context = report_context(report)
    context |= {
        "stylesheet": mark_safe(stylesheet()),  # noqa: S308 our own CSS
        "running_css": mark_safe(css_string(context["running_text"])),  # noqa: S308 escaped by css_string
        "synthetic_css": mark_safe(css_string(SYNTHETIC_MARK)),  # noqa: S308 escaped by css_string
    }
    return render_to_string("reports/document.html", context).encode("utf-8")


def pdf_bytes(report: BoardReport) -> bytes:
    """WeasyPrint from the same document: tagged (PDF/UA-1), with its title and language."""
    with warnings.catch_warnings():  # Debian's Pango without HarfBuzz-Subset: WeasyPrint warns, and works
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        from weasyprint import HTML  # slow to import: only when a PDF is asked for

    document = HTML(string=html_bytes(report).decode("utf-8"), base_url=None)
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
