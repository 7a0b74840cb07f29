"""The Board report as Excel, read back with openpyxl from the hand-built sample (no database)."""

import io
from dataclasses import replace

import openpyxl
import pytest

from reports.workbook import xlsx_bytes
from tests.reports.sample import AMBER, GREEN, PRINTED, RED, line, sample_report

SHEETS = [
    "Purpose and period",
    "Summary",
    "Exceptions",
    "Exception trends",
    "Districts",
    "Resources",
    "Appendix",
    "Data quality",
]


def _read(report):
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(report)))


@pytest.fixture(scope="module")
def workbook():
    return _read(sample_report())


def _rows(sheet):
    """The sheet's rows below the header as {header: cell}."""
    header, *body = sheet.iter_rows()
    return [{h.value: cell for h, cell in zip(header, row, strict=True)} for row in body]


def _row(sheet, **match):
    return next(row for row in _rows(sheet) if all(row[key].value == value for key, value in match.items()))


def test_one_sheet_per_section_in_seed_003s_order(workbook):
    assert workbook.sheetnames == SHEETS


@pytest.mark.parametrize("name", SHEETS)
def test_every_sheet_has_a_bold_frozen_header_row_and_set_column_widths(workbook, name):
    sheet = workbook[name]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        assert 8 <= width <= 60
        assert width >= min(len(cell.value) + 2, 60)  # the header is never cut off


@pytest.mark.parametrize(
    ("sheet", "match", "column", "value", "number_format"),
    [
        ("Summary", {"Table": "All indicators", "Measure": "Outcomes"}, "Green", 1, "#,##0"),
        ("Summary", {"Table": "All indicators", "Measure": "Delivery"}, "No judgement recorded", 3, "#,##0"),
        ("Summary", {"Table": "All indicators", "Measure": "Delivery"}, "Total", 3, "#,##0"),
        ("Exceptions", {"Code": "NI 16"}, "Figure", 14.2, "#,##0.00"),
        ("Exceptions", {"Code": "NI 15"}, "Target due", 0.5, "#,##0.00"),
        ("Appendix", {"Code": "NI 20"}, "Figure", 5.4, "#,##0.00"),
        ("Exception trends", {"Code": "NI 16", "Quarter": "2010/11 Q3"}, "Figure", 14.2, "General"),
        ("Exception trends", {"Code": "NI 15", "Quarter": "2008/09 Q4"}, "Target", 0.5, "General"),
        ("Resources", {"Item": "Safer Stronger Communities Fund"}, "Amount", 332500, '"£"#,##0'),
        ("Resources", {"Kind": "Reward at stake", "Item": "Total"}, "Amount", 2540000, '"£"#,##0'),
    ],
)
def test_figures_counts_and_money_are_number_cells_with_number_formats(
    workbook, sheet, match, column, value, number_format
):
    cell = _row(workbook[sheet], **match)[column]
    assert (cell.data_type, cell.value, cell.number_format) == ("n", value, number_format)


@pytest.mark.parametrize("summary", sample_report().summaries, ids=["all", "reward"])
@pytest.mark.parametrize("measure", ["outcomes", "delivery"])
def test_the_summary_sheets_numbers_are_the_reports_counts(workbook, summary, measure):
    row = _row(workbook["Summary"], Table=summary.title, Measure=measure.capitalize())
    count = getattr(summary, measure)
    assert [row[column].value for column in count.columns] == list(count.counts)
    assert row["Total"].value == count.total


def test_a_line_without_a_figure_leaves_the_number_blank_and_says_so_in_words():
    missing = line(
        "NI 30", "Re-offending rate of prolific offenders", "Missing", figure=None, target=None, reason="No figure"
    )
    row = _row(_read(sample_report(appendix=(missing,), exceptions=()))["Appendix"], Code="NI 30")
    assert (row["Figure"].value, row["Figure as shown"].value) == (None, "No figure")
    assert (row["Target due"].value, row["Target as shown"].value) == (None, "No target")


def test_a_figures_decimal_places_are_kept():
    exact = line("NI 21", "Dealing with local concerns", "Green", figure="27.100", target="25", reason="Green")
    row = _row(_read(sample_report(appendix=(exact,), exceptions=()))["Appendix"], Code="NI 21")
    assert (row["Figure"].number_format, row["Target due"].number_format) == ("#,##0.000", "#,##0")


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://example.invalid","Click")', "+44 calls", "-5 on last year", "@SUM(A1)"]
)
def test_commentary_that_looks_like_a_formula_stays_text(typed):
    report = sample_report(exceptions=(replace(RED, commentary=typed),), appendix=(replace(RED, commentary=typed),))
    workbook = _read(report)
    for sheet in ("Exceptions", "Appendix"):
        cell = _row(workbook[sheet], Code="NI 16")["Commentary"]
        assert (cell.data_type, cell.value) == ("s", "'" + typed)
    assert not [cell for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_exceptions_red_then_amber_with_commentary_and_the_appendix_every_line(workbook):
    exceptions = _rows(workbook["Exceptions"])
    assert [(r["Code"].value, r["Status"].value, r["Commentary"].value) for r in exceptions] == [
        (RED.code, "Red", RED.commentary),
        (AMBER.code, "Amber", AMBER.commentary),
    ]
    assert [r["Code"].value for r in _rows(workbook["Appendix"])] == [GREEN.code, RED.code, AMBER.code]


def test_trends_districts_resources_and_notes_carry_the_reports_values(workbook):
    trend = [r for r in _rows(workbook["Exception trends"]) if r["Code"].value == "NI 16"]
    assert [r["Figure"].value for r in trend] == [p.value for p in RED.trend]
    districts = {r["District"].value: r["Status"].value for r in _rows(workbook["Districts"])}
    assert districts == {"Blaby": "Green", "Charnwood": "Missing"}
    reward = _row(workbook["Resources"], Kind="Reward at stake", Item="NI 20 Assault with injury crime rate")
    assert (reward["Amount"].value, reward["As stated"].value) == (None, "not stated in the documents")
    rule = _row(workbook["Resources"], Kind="Payment rule")
    assert rule["As stated"].value == "not stated in the documents"
    assert [r["Note"].value for r in _rows(workbook["Data quality"])] == list(sample_report().quality_notes)


def test_the_purpose_sheet_gives_the_period_and_the_banner_only_when_synthetic():
    for synthetic in (True, False):
        items = {
            r["Item"].value: r["Detail"].value
            for r in _rows(_read(sample_report(synthetic=synthetic))["Purpose and period"])
        }
        assert items["Period"] == sample_report().period_text
        assert ("Demonstration data" in items) is synthetic


def test_the_workbook_is_titled_and_dated_from_the_report(workbook):
    properties = workbook.properties
    assert properties.title == "Safer Communities: quarterly performance report: Leicestershire, 2010/11 Q3"
    assert properties.language == "en-GB"
    generated = sample_report().generated_at.replace(tzinfo=None)
    assert properties.created == properties.modified == generated
    assert _row(workbook["Purpose and period"], Item="Figures as at (UTC)")["Detail"].value == generated


def test_a_summary_printed_in_the_documents_has_its_own_rows_with_the_source():
    rows = list(_rows(_read(sample_report(summaries=(PRINTED,)))["Summary"]))
    assert [(r["Measure"].value, r["Source"].value) for r in rows] == [
        ("Outcomes", "Computed"),
        ("Outcomes", "As printed"),
        ("Delivery", "Computed"),
        ("Delivery", "As printed"),
    ]
    printed = rows[1]
    assert [printed[c].value for c in ("Green", "Amber", "Red", "Not available", "Not measurable yet")] == [
        8,
        4,
        0,
        6,
        None,
    ]
    assert printed["Note"].value.startswith("Printed in Scrutiny Commission report, 28 March 2007")
