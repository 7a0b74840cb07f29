"""Reading the site's downloads in tests: every export link a page offers, and a file's cells as the user sees them."""

import csv
import io
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

import openpyxl
from bs4 import BeautifulSoup

# What a spreadsheet runs as a formula when a cell starts with it (OWASP "CSV injection").
LIVE_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_links(html: bytes | str) -> list[str]:
    """Every ``_export=`` link on a page, as written in its ``href``."""
    soup = BeautifulSoup(html, "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True) if "_export" in parse_qs(urlsplit(a["href"]).query)]


def export_format(href: str) -> str:
    return parse_qs(urlsplit(href).query)["_export"][0]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_sheet(content: bytes):
    """The first sheet, formulas kept as formulas (not their cached values)."""
    return openpyxl.load_workbook(io.BytesIO(content)).active


def rows_of(response) -> list[list]:
    """A download's rows, header first: CSV as text, XLSX as typed cell values."""
    if response["Content-Type"].startswith("text/csv"):
        return csv_rows(response.content)
    return [list(row) for row in xlsx_sheet(response.content).iter_rows(values_only=True)]


def records_of(response) -> list[dict]:
    header, *rows = rows_of(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def live_csv_cells(content: bytes) -> list[str]:
    """Cells a spreadsheet would run as a formula: text starting with a formula character (a number is fine)."""
    return [cell for row in csv_rows(content) for cell in row if cell.startswith(LIVE_STARTS) and not _is_number(cell)]


def live_xlsx_cells(content: bytes) -> list[str]:
    """Formula cells, and text cells a spreadsheet would read as a formula once edited."""
    live = []
    for row in xlsx_sheet(content).iter_rows():
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(LIVE_STARTS)):
                live.append(f"{cell.coordinate}: {cell.value!r}")
    return live
