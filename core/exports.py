"""Spreadsheet downloads: the one rule that keeps typed text from running as a formula, and the site's table export.

Text a user or an administrator typed can start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return;
Excel and LibreOffice run such a cell as a formula (OWASP "CSV injection": ``=HYPERLINK(...)`` sends the reader
elsewhere). Every download, the pages' CSV/XLSX links and the admin's import-export files alike, writes such
text with a leading apostrophe; the import strips it again, so files round-trip. Numbers are never touched: a
negative number is a number, and XLSX stores it as one.
"""

import codecs

import tablib
from django.http import Http404, HttpResponse
from django_tables2.export import TableExport

# Characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": TableExport.FORMATS["xlsx"]}


def escape_formula(text: str) -> str:
    """Prefix text a spreadsheet would evaluate (and text already starting with the escape) with an apostrophe."""
    if text and text.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + text
    return text


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula``: drop an apostrophe that precedes a formula character or another apostrophe."""
    if len(text) > 1 and text[0] == ESCAPE and text[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return text[1:]
    return text


def cell(value):
    """A value as written to a downloaded cell: text escaped, numbers, dates and blanks as they are."""
    return escape_formula(value) if isinstance(value, str) else value


def table_dataset(table) -> tablib.Dataset:
    """A django-tables2 table's export values (its ``value_`` methods, hidden columns included), every cell safe."""
    header, *rows = table.as_values()
    dataset = tablib.Dataset(headers=[cell(str(h)) for h in header], title="Export")
    for row in rows:
        dataset.append([cell(v) for v in row])
    return dataset


def has_synthetic_rows(table) -> bool:
    """Whether the table's "synthetic" column (if it has one) marks any row: the download's name then says so."""
    if "synthetic" not in table.columns.names():
        return False
    return any(row.get_cell_value("synthetic") for row in table.rows)


def export_response(request, tables: dict, stem: str) -> HttpResponse | None:
    """``?_export=csv|xlsx[&_table=name]``: the named table (else the page's first) as a download, else None.

    The file is ``<stem>-<name>.<format>``, with ``-includes-synthetic`` before the extension when a row's
    figure is synthetic demonstration data. A table not on the page is a 404: a download shows only what the
    page shows the user, so the caller passes only the tables it would render.
    """
    export_format = request.GET.get("_export")
    if export_format not in FORMATS:
        return None
    name = request.GET.get("_table") or next(iter(tables))
    if name not in tables:
        raise Http404("No such table on this page")
    table = tables[name]
    synthetic = "-includes-synthetic" if has_synthetic_rows(table) else ""
    content = table_dataset(table).export(export_format)
    if export_format == "csv":
        # A byte-order mark, so Excel reads UTF-8 ("£", "–") rather than the machine's legacy code page. The API's
        # CSV has none: programs read it, and a mark would become part of the first column's name.
        content = codecs.BOM_UTF8 + content.encode()
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{name}{synthetic}.{export_format}"'
    return response
