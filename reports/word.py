"""The Board report as a Word document (python-docx), in seed 003's order.

A committee clerk pastes this into the council's report template, so everything is built-in Word styles
(Title, Heading 1–3, Table Grid, List Bullet) and no font is set here: the template's styles take over on
paste. Tables mark their header row to repeat on each page and keep each row on one page; every chart is
a PNG (python-docx cannot embed SVG) with alt text and its figures in a table underneath. The package is
stamped with the report's ``generated_at``, so the same report always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm

from core.display import format_number
from reports import layout
from reports.charts import trend_png
from reports.contents import BoardReport, ReportLine, Resources, SummaryTable

CHART_WIDTH = Cm(14)


def docx_bytes(report: BoardReport) -> bytes:
    document = Document()
    _set_up(document, report)
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.area_name}: {report.quarter_label}", style="Subtitle")
    if report.synthetic:
        _banner(document)
    for section in (_purpose, _summaries, _exceptions, _districts, _resources, _appendix, _quality_notes):
        section(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return layout.stable_zip(buffer.getvalue(), report.generated_at)


# Document set-up: properties, language, page, running header and footer.


def _set_up(document, report: BoardReport) -> None:
    properties = document.core_properties
    layout.stamp_properties(properties, report, author_fields=("author", "last_modified_by"))
    properties.revision = 1
    properties.comments = properties.keywords = properties.category = ""
    _drop_thumbnail(document)
    _name_the_application(document)
    _set_language(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, not python-docx's US Letter
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    _running_header(section, report)
    _page_numbers(section)


# The extended properties python-docx's blank template carries name another application and its template.
APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{layout.AUTHOR}</Application></Properties>"
).encode()


def _name_the_application(document) -> None:
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_PROPERTIES  # a plain Part: python-docx has no API for these properties


def _drop_thumbnail(document) -> None:
    """python-docx's blank template carries a thumbnail of another document, which file browsers would show."""
    package_rels = document.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]


def _set_language(document) -> None:
    """UK English for spelling and for screen readers: the default run language every style inherits."""
    lang = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), layout.LANGUAGE)


def _running_header(section, report: BoardReport) -> None:
    # The banner goes in the header as well as the body, so every printed page carries it.
    text = f"{report.area_name}: {report.quarter_label} Board report"
    if report.synthetic:
        text += f". {layout.SYNTHETIC_TITLE}: synthetic figures, not for decisions or reporting."
    section.header.paragraphs[0].text = text


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _banner(document) -> None:
    paragraph = document.add_paragraph(style="Intense Quote")
    paragraph.add_run(f"{layout.SYNTHETIC_TITLE}. ").bold = True
    paragraph.add_run(layout.SYNTHETIC_TEXT)


# Tables: built-in "Table Grid", a repeating header row, rows not split across pages.


def _table(document, header: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str, numeric=()):
    """A table with ``header`` as its repeating header row; columns whose index is in ``numeric`` align right."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    _caption(table, caption)
    _row(table, header, numeric, header=True)
    for values in rows:
        _row(table, values, numeric)
    document.add_paragraph()  # Word joins two tables that touch; a paragraph keeps them apart
    return table


def _row(table, values: Sequence[str], numeric, *, header: bool = False) -> None:
    row = table.add_row()
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(layout.xml_text(value)).bold = header or None
        if index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _caption(table, caption: str) -> None:
    """The table's title for assistive technology (Word's "Alt Text" title)."""
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), caption)
    table._tbl.tblPr.append(element)


def _bullets(document, items: Sequence[str]) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet")


# The sections, in seed 003's order.


def _purpose(document, report: BoardReport) -> None:
    document.add_heading("Purpose and period", level=1)
    document.add_paragraph(
        f"To report progress for {report.area_name} against the {report.agreement_name} "
        f"({report.agreement_code}) at {report.quarter_label}. Scope: {report.scope_text}."
    )
    document.add_paragraph(report.period_text)
    moment = layout.utc_naive(report.generated_at)
    document.add_paragraph(f"Figures as at {moment.day} {moment:%B %Y, %H:%M} UTC.")


def _summaries(document, report: BoardReport) -> None:
    document.add_heading("Summary", level=1)
    for summary in report.summaries:
        document.add_heading(summary.title, level=2)
        _summary_table(document, summary)


def _summary_table(document, summary: SummaryTable) -> None:
    rows = layout.summary_rows(summary)
    columns = layout.summary_columns(rows)
    body = [[row.label, *(_count(row.counts.get(c)) for c in columns), str(row.total)] for row in rows]
    numeric = range(1, len(columns) + 2)
    _table(document, ["Measure", *columns, "Total"], body, caption=f"{summary.title}: status counts", numeric=numeric)
    if summary.reported_outcomes or summary.reported_delivery:
        document.add_paragraph(f"Rows marked “as printed” are from {summary.reported_source}.")
        _bullets(document, summary.difference)


def _count(value: int | None) -> str:
    return "" if value is None else str(value)  # a status this row does not count stays blank, not 0


def _exceptions(document, report: BoardReport) -> None:
    document.add_heading("Exceptions", level=1)
    for status, lines in layout.exceptions_by_status(report.exceptions):
        document.add_heading(f"Indicators on {status}", level=2)
        if not lines:
            document.add_paragraph(f"No indicator is {status}.")
        for line in lines:
            _exception(document, line)


def _exception(document, line: ReportLine) -> None:
    document.add_heading(f"{line.code} {line.title}", level=3)
    facts = layout.exception_facts(line)
    _table(document, ["Item", "Detail"], facts, caption=f"{line.code}: figure, status and commentary")
    if line.trend:
        _trend(document, line)


def _trend(document, line: ReportLine) -> None:
    png = trend_png(line.trend, title=f"{line.code}: last {len(line.trend)} quarters", unit=line.unit)
    picture = document.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    picture._inline.docPr.set("descr", layout.trend_alt_text(line))
    rows = [
        [p.label, _number(p.value, line.decimal_places), _number(p.target, line.decimal_places)] for p in line.trend
    ]
    _table(document, ["Quarter", "Figure", "Target"], rows, caption=f"{line.code}: trend figures", numeric=(1, 2))


def _number(value: float | None, places: int | None = None) -> str:
    return format_number(
        None if value is None else str(value), places
    )  # str: a float's shortest decimal, not its binary


def _districts(document, report: BoardReport) -> None:
    document.add_heading("Districts", level=1)
    table = report.districts
    if table is None or not table.rows:
        document.add_paragraph(layout.NO_DISTRICTS)
        return
    rows = [
        [f"{row.code} {row.title}", *(_district_cell(c.status, c.figure_text) for c in row.cells)] for row in table.rows
    ]
    _table(document, ["Indicator", *table.districts], rows, caption="Each district's status")


def _district_cell(status: str, figure_text: str) -> str:
    return f"{status} ({figure_text})" if status else "No district target"


def _resources(document, report: BoardReport) -> None:
    resources = report.resources
    document.add_heading("Resources", level=1)
    document.add_heading("Pooled and aligned budgets", level=2)
    budgets = [[b.title, b.kind, b.amount_text, b.source] for b in resources.budgets]
    if budgets:
        _table(
            document, ["Budget", "Kind", "Amount", "Source"], budgets, caption="Budgets for the period", numeric=(2,)
        )
    else:
        document.add_paragraph(layout.NO_BUDGETS)
    document.add_heading("Reward at stake", level=2)
    _reward_table(document, resources)
    document.add_paragraph(f"Payment rule: {resources.payment_rule}.")
    if resources.payment_rule_source:
        document.add_paragraph(f"Source of the payment rule: {resources.payment_rule_source}.")


def _reward_table(document, resources: Resources) -> None:
    rows = [[f"{r.code} {r.title}", r.at_stake_text, r.forecast_earned_text] for r in resources.reward_lines]
    total = resources.reward_total
    rows.append(["Total", total.amount_text if total else layout.NOT_STATED, resources.reward_forecast_text])
    header = ["Reward target", "Reward at stake", "Reward the forecast would earn"]
    _table(document, header, rows, caption="Reward at stake per reward target and in total", numeric=(1, 2))
    if total and total.source:
        document.add_paragraph(f"Total at stake: {total.source}.")


APPENDIX_HEADER = ("Indicator", "Outcome", "Figure", "Target due", "Status", "Direction of travel", "Delivery")


def _appendix(document, report: BoardReport) -> None:
    document.add_heading("Appendix: every indicator", level=1)
    rows = [_appendix_row(line) for line in report.appendix]
    _table(document, APPENDIX_HEADER, rows, caption="Every indicator's line", numeric=(2, 3))


def _appendix_row(line: ReportLine) -> list[str]:
    title = f"{line.code} {line.title}" + (" (reward)" if line.is_reward else "")
    figure = line.figure_text + (" (synthetic)" if line.synthetic else "")
    return [title, line.outcome, figure, line.target_text, line.status, line.direction, line.delivery]


def _quality_notes(document, report: BoardReport) -> None:
    document.add_heading("Data-quality notes", level=1)
    if not report.quality_notes:
        document.add_paragraph(layout.NO_QUALITY_NOTES)
    _bullets(document, report.quality_notes)
