"""The Board report as an Excel workbook (openpyxl): one sheet per section, figures as numbers.

Each sheet is a plain table (bold header row, frozen, widths set) so it filters and sorts as it stands.
A figure, target, count or amount is a number cell with a number format, its words beside it where the
report words it ("5.40 per 1,000"), and a blank number cell where there is no figure. Text goes through
``core.exports.cell``, the site's one rule that keeps typed text (a commentary starting "=") from running
as a formula; nothing here writes a formula. Properties and the package's dates come from the report's
``generated_at``, so the same report always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from core.exports import cell as safe_cell
from reports import layout
from reports.contents import BoardReport, ReportLine

MIN_WIDTH, MAX_WIDTH = 8, 60
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "d mmmm yyyy hh:mm"


@dataclass(frozen=True)
class Column:
    header: str
    # "text"; "figure" (shown with the decimal places it was given); "money", "count", "date"; or "general"
    # (a number in Excel's General format: the trend's points, which arrive as floats with no places of their own)
    kind: str = "text"


def xlsx_bytes(report: BoardReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _properties(workbook, report)
    for name, columns, rows in _sheets(report):
        _sheet(workbook, name, columns, rows)
    buffer = io.BytesIO()
    # Not workbook.save(): it stamps "modified" with the time of saving, and a published file must not change.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return layout.stable_zip(buffer.getvalue(), report.generated_at)


def _properties(workbook: Workbook, report: BoardReport) -> None:
    layout.stamp_properties(workbook.properties, report, author_fields=("creator", "lastModifiedBy"))


def _sheets(report: BoardReport):
    """(sheet name, columns, rows) in seed 003's order; the trend figures follow the exceptions they chart."""
    yield "Purpose and period", ITEM_COLUMNS, _purpose_rows(report)
    yield "Summary", *_summary(report)
    yield "Exceptions", LINE_COLUMNS, [_line_row(line) for line in report.exceptions]
    yield "Exception trends", TREND_COLUMNS, _trend_rows(report.exceptions)
    yield "Districts", DISTRICT_COLUMNS, _district_rows(report)
    yield "Resources", RESOURCE_COLUMNS, _resource_rows(report)
    yield "Appendix", LINE_COLUMNS, [_line_row(line) for line in report.appendix]
    yield "Data quality", [Column("Note")], [[note] for note in report.quality_notes] or [[layout.NO_QUALITY_NOTES]]


# Writing a sheet.


def _sheet(workbook: Workbook, name: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    sheet = workbook.create_sheet(name)
    sheet.append([safe_cell(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append([_value(value) for value in values])
        for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
            _format(cell, column.kind)
    sheet.freeze_panes = "A2"  # the header row stays on screen while scrolling
    _widths(sheet, columns)


def _value(value):
    if isinstance(value, datetime):
        return layout.utc_naive(value)
    if isinstance(value, str):
        value = layout.xml_text(value)
    return safe_cell(value)


NUMBER_FORMATS: dict[str, Callable[[Decimal | int | float], str]] = {
    "figure": lambda value: _places_format("#,##0", value),
    "money": lambda value: _places_format('"£"#,##0', value),
    "count": lambda value: COUNT_FORMAT,
    "date": lambda value: DATE_FORMAT,
}


def _format(cell, kind: str) -> None:
    if cell.value is None:
        return
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind](cell.value)
    elif isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _places_format(whole: str, value) -> str:
    """Show a figure with the decimal places it was given ("5.40" stays 5.40, not 5.4)."""
    if isinstance(value, float):
        return "General"  # a float carries no places of its own: never round one away
    places = -value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return whole + ("." + "0" * places if places > 0 else "")


def _widths(sheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        texts = [column.header] + [_shown(row[index - 1].value) for row in sheet.iter_rows(min_row=2)]
        widest = max(len(text) for text in texts)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "30 September 2010 10:00"  # the widest the date format shows
    return f"{value:,}" if isinstance(value, int | float | Decimal) else str(value)


# The sections' rows.

ITEM_COLUMNS = [Column("Item"), Column("Detail")]


def _purpose_rows(report: BoardReport) -> list[list]:
    rows = [
        ["Report", report.title],
        ["Area", report.area_name],
        ["Agreement", f"{report.agreement_name} ({report.agreement_code})"],
        ["Scope", report.scope_text],
        ["Quarter", report.quarter_label],
        ["Period", report.period_text],
        ["Figures as at (UTC)", report.generated_at],
    ]
    if report.synthetic:
        rows.append([layout.SYNTHETIC_TITLE, layout.SYNTHETIC_TEXT])
    return rows


def _summary(report: BoardReport):
    tables = [(summary, layout.summary_rows(summary)) for summary in report.summaries]
    statuses = layout.summary_columns([row for _, rows in tables for row in rows])
    columns = [Column("Table"), Column("Measure"), Column("Source")]
    columns += [Column(status, "count") for status in statuses] + [Column("Total", "count"), Column("Note")]
    body = [
        [summary.title, row.measure, row.source, *(row.counts.get(s) for s in statuses), row.total, _note(summary, row)]
        for summary, rows in tables
        for row in rows
    ]
    return columns, body


def _note(summary, row: layout.SummaryRow) -> str:
    if row.source == "Computed":
        return ""
    return " ".join([f"Printed in {summary.reported_source}.", *summary.difference])


LINE_COLUMNS = [
    Column("Code"),
    Column("Indicator"),
    Column("Outcome"),
    Column("Reward indicator"),
    Column("Figure", "figure"),
    Column("Figure as shown"),
    Column("Target due", "figure"),
    Column("Target as shown"),
    Column("Status"),
    Column("Reason"),
    Column("Direction of travel"),
    Column("Forecast"),
    Column("Forecast method"),
    Column("Variation"),
    Column("Assurance"),
    Column("Delivery"),
    Column("Delivery reason"),
    Column("Synthetic figure"),
    Column("Commentary"),
]


def _line_row(line: ReportLine) -> list:
    return [
        line.code,
        line.title,
        line.outcome,
        _yes_no(line.is_reward),
        line.figure,
        line.figure_text,
        line.target_due,
        line.target_text,
        line.status,
        line.reason,
        line.direction,
        line.forecast_text,
        line.forecast_method,
        line.variation,
        line.assurance,
        line.delivery,
        line.delivery_reason,
        _yes_no(line.synthetic),
        line.commentary,
    ]


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


TREND_COLUMNS = [Column("Code"), Column("Quarter"), Column("Figure", "general"), Column("Target", "general")]


def _trend_rows(lines: Sequence[ReportLine]) -> list[list]:
    return [[line.code, p.label, p.value, p.target] for line in lines for p in line.trend]


DISTRICT_COLUMNS = [
    Column("Code"),
    Column("Indicator"),
    Column("District"),
    Column("Status"),
    Column("Figure as shown"),
]


def _district_rows(report: BoardReport) -> list[list]:
    if report.districts is None or not report.districts.rows:
        return [["", layout.NO_DISTRICTS, "", "", ""]]
    return [
        [row.code, row.title, cell.district, cell.status or "No district target", cell.figure_text]
        for row in report.districts.rows
        for cell in row.cells
    ]


RESOURCE_COLUMNS = [Column("Kind"), Column("Item"), Column("Amount", "money"), Column("As stated"), Column("Source")]


def _resource_rows(report: BoardReport) -> list[list]:
    resources = report.resources
    rows = [[b.kind, b.title, b.amount, b.amount_text, b.source] for b in resources.budgets]
    for r in resources.reward_lines:
        rows.append(["Reward at stake", f"{r.code} {r.title}", r.at_stake, r.at_stake_text, ""])
        rows.append(
            ["Reward the forecast would earn", f"{r.code} {r.title}", r.forecast_earned, r.forecast_earned_text, ""]
        )
    total = resources.reward_total
    if total is not None:
        rows.append([total.kind, "Total", total.amount, total.amount_text, total.source])
    rows.append(["Reward the forecast would earn", "Total", None, resources.reward_forecast_text, ""])
    rows.append(["Payment rule", "Payment rule", None, resources.payment_rule, resources.payment_rule_source])
    return rows
