"""The spreadsheet-formula rule and the table download, with plain data (no database)."""

import codecs
import io
from decimal import Decimal as D

import django_tables2 as tables
import openpyxl
import pytest
from django.http import Http404
from django.test import RequestFactory

from core.exports import cell, escape_formula, export_response, unescape_formula


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://example.invalid","click")', '\'=HYPERLINK("http://example.invalid","click")'),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2 down", "'-2 down"),
        ("@cell", "'@cell"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+44 calls", "'+44 calls"),
        ("-5 on last year", "'-5 on last year"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("'quoted", "''quoted"),
        ("On track", "On track"),
        ("Night-time economy", "Night-time economy"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_is_written_with_an_apostrophe_and_read_back_as_typed(typed, written):
    assert escape_formula(typed) == written
    assert unescape_formula(written) == typed


@pytest.mark.parametrize("number", [D("-1340.00"), -5, 2.5, D("0")])
def test_numbers_are_never_escaped(number):
    assert cell(number) == number


class _Lines(tables.Table):
    item = tables.Column(verbose_name="Item")
    amount = tables.Column(verbose_name="Amount")
    synthetic = tables.Column(verbose_name="Synthetic figure")


def _download(export_format, rows, table="lines"):
    request = RequestFactory().get("/", {"_export": export_format, "_table": table})
    return export_response(request, {"lines": _Lines(rows)}, "spend")


def test_an_xlsx_download_holds_no_formula_cell_and_keeps_numbers_as_numbers():
    rows = [{"item": "=1+1", "amount": D("-12.50"), "synthetic": ""}, {"item": "+SUM(A1)", "amount": 3}]
    response = _download("xlsx", rows)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert [(c.value, c.data_type) for c in cells if c.column == 1] == [("'=1+1", "s"), ("'+SUM(A1)", "s")]
    assert [c.value for c in cells if c.column == 2] == [-12.5, 3]
    assert response["Content-Disposition"] == 'attachment; filename="spend-lines.xlsx"'


def test_a_csv_download_names_synthetic_figures_in_its_file_name():
    response = _download("csv", [{"item": "Patrols", "amount": 1, "synthetic": "synthetic"}])
    assert response.content.decode("utf-8-sig").splitlines() == ["Item,Amount,Synthetic figure", "Patrols,1,synthetic"]
    assert response["Content-Disposition"] == 'attachment; filename="spend-lines-includes-synthetic.csv"'


def test_a_csv_download_opens_in_excel_with_its_pound_signs_intact():
    # Excel reads a CSV without a byte-order mark as the machine's legacy code page: "£2.54m" became "Â£2.54m".
    response = _download("csv", [{"item": "Reward at stake £2.54m", "amount": 1, "synthetic": ""}])
    assert response.content.startswith(codecs.BOM_UTF8)
    assert "Reward at stake £2.54m" in response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_no_download_without_a_known_format_and_404_for_a_table_not_on_the_page():
    assert _download("pdf", []) is None
    with pytest.raises(Http404):
        _download("csv", [], table="other")
