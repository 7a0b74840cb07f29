"""Reading an uploaded table safely, and keeping it between preview and confirm.

- Limits (settings ``IMPORT_MAX_FILE_BYTES``, ``IMPORT_MAX_ROWS``,
  ``IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES``) are checked before the file is parsed:
  an .xlsx is a zip, so its declared uncompressed sizes and its sheet's declared
  dimension are read before openpyxl inflates anything, and rows are counted as
  they stream, so a file never costs more than the limits allow.
- A CSV line with fewer or more cells than the header is reported against its
  line (tablib would pad it with blanks, and those blanks would erase figures).
- An .xlsx formula with no saved result (written by a script, never opened in
  Excel) is reported against its cell, instead of importing as blank.
- ``ImportTempStorage`` keeps an upload in the database (``jobs.Upload``), shared by
  every web process and worker, under a random name that a forged confirm cannot
  redirect, and sweeps uploads nobody confirmed.

A refused file raises ``FileRefused`` (a ``ValueError``) whose message is for the user.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
import zipfile
from datetime import datetime, timedelta
from uuid import uuid4

import tablib
from django.conf import settings
from django.utils import timezone
from import_export.formats.base_formats import CSV, XLSX
from import_export.tmp_storages import BaseStorage

from jobs.models import Upload


class FileRefused(ValueError):
    """The whole file is refused before any row is read; the message says why and what to do."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


def check_file_size(size: int) -> None:
    limit = settings.IMPORT_MAX_FILE_BYTES
    if size > limit:
        raise FileRefused(
            f"The file is {_mb(size)}; the largest file that can be imported is {_mb(limit)}. "
            "Split it into smaller files"
        )


def _too_many_rows() -> FileRefused:
    return FileRefused(
        f"The file has more than {settings.IMPORT_MAX_ROWS:,} rows, the most one import takes. Split it into smaller files"
    )


class UncomputedFormula:
    """An .xlsx cell holding a formula whose result was never saved: an error on its line, never a blank."""

    def __init__(self, formula: str):
        self.formula = formula

    def __str__(self):
        return self.formula

    @property
    def message(self) -> str:
        return (
            f"the cell holds the formula {self.formula} but no saved result: open the file in Excel and save it "
            "again, or paste the values in"
        )


def _dataset(headers, rows, line_problems) -> tablib.Dataset:
    dataset = tablib.Dataset(*rows, headers=headers)
    # Per data row (1 = the first line after the header): why the line cannot be read. Resources report these.
    dataset.line_problems = line_problems
    return dataset


def _missing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def read_csv(text: str) -> tablib.Dataset:
    """A CSV's rows under its header; short or long lines are padded or cut and noted in ``line_problems``."""
    csv.field_size_limit(max(csv.field_size_limit(), settings.IMPORT_MAX_FILE_BYTES))
    reader = csv.reader(io.StringIO(text))
    headers = next(reader, None)
    if not headers:
        return _dataset(None, [], {})
    width = len(headers)
    rows, problems = [], {}
    for cells in reader:
        if not cells:
            continue  # a blank line, as tablib skips it
        if len(rows) >= settings.IMPORT_MAX_ROWS:
            raise _too_many_rows()
        number = len(rows) + 1
        if len(cells) < width:
            missing = [str(header) for header in headers[len(cells) :]]
            verb = "is" if len(missing) == 1 else "are"
            problems[number] = (
                f"the line has {len(cells)} cells but the header has {width} ({_missing(missing)} {verb} missing): "
                "write an empty cell as a comma"
            )
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            problems[number] = (
                f"the line has {len(cells)} cells but the header has {width}: remove the extra cell or name its column"
            )
            cells = cells[:width]
        rows.append(cells)
    return _dataset(headers, rows, problems)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def check_xlsx_archive(data: bytes) -> None:
    """Refuse an .xlsx that would inflate past the limits, from the zip's directory, before inflating it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused("The file is not an Excel .xlsx workbook: save it from Excel as .xlsx, or as CSV") from None
    with archive:
        parts = archive.infolist()
        inflated = sum(part.file_size for part in parts)
        limit = settings.IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES
        if inflated > limit:
            raise FileRefused(
                f"The workbook unpacks to {_mb(inflated)}, more than the {_mb(limit)} an import takes: "
                "save just the table's sheet, or split it into smaller files"
            )
        for part in parts:
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                with archive.open(part) as sheet:
                    head = sheet.read(4096)  # the dimension comes first; only this much is inflated
                match = _DIMENSION.search(head)
                if match and int(match.group(1)) - 1 > settings.IMPORT_MAX_ROWS:
                    raise _too_many_rows()


def read_xlsx(data: bytes) -> tablib.Dataset:
    """The first sheet's rows: values as Excel last saved them; formulas without a saved result are marked."""
    import openpyxl

    check_xlsx_archive(data)
    values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        value_rows = values.active.iter_rows(values_only=True)
        formula_rows = formulas.active.iter_rows(values_only=True)
        headers = next(value_rows, None)
        next(formula_rows, None)
        if headers is None:
            return _dataset(None, [], {})
        headers = list(headers)
        width = len(headers)
        rows, problems = [], {}
        for row, row_formulas in zip(value_rows, formula_rows, strict=False):
            if len(rows) >= settings.IMPORT_MAX_ROWS:
                raise _too_many_rows()
            cells = [
                UncomputedFormula(formula)
                if value is None and isinstance(formula, str) and formula.startswith("=")
                else value
                for value, formula in zip(row, row_formulas, strict=False)
            ]
            extra = [cell for cell in cells[width:] if cell not in (None, "")]
            if extra:
                problems[len(rows) + 1] = (
                    f"the line has a value in column {width + 1} or after, which has no header: "
                    "remove it or name its column"
                )
            rows.append((cells + [None] * width)[:width])
        return _dataset(headers, rows, problems)
    finally:
        values.close()
        formulas.close()


class SafeCSV(CSV):
    """import-export's CSV format, read by ``read_csv`` (UTF-8, with or without a byte-order mark)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            check_file_size(len(in_stream))
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise FileRefused("The file is not UTF-8 text: save it from Excel as “CSV UTF-8”") from None
        return read_csv(in_stream.removeprefix("\ufeff"))


class SafeXLSX(XLSX):
    """import-export's XLSX format, read by ``read_xlsx``."""

    def create_dataset(self, in_stream):
        check_file_size(len(in_stream))
        return read_xlsx(in_stream)


# --- Between preview and confirm -------------------------------------------------------

_NAME = re.compile(r"^[0-9a-f]{32}$")


class UploadMissing(Exception):
    """A confirm names no upload this site kept: forged, tampered with, already imported or expired."""


def sweep_stale_uploads(*, now: datetime | None = None) -> int:
    """Delete uploads older than ``IMPORT_TMP_MAX_AGE_SECONDS`` (previews nobody confirmed); the count deleted.

    Any process may sweep: a row another one deleted first is simply not counted."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.IMPORT_TMP_MAX_AGE_SECONDS)
    deleted, _ = Upload.objects.filter(uploaded_at__lt=cutoff).defer("content").delete()
    return deleted


class ImportTempStorage(BaseStorage):
    """An upload kept as a row of ``jobs.Upload`` named by a random hex id, in the database every process shares.

    The web process that shows the preview, the one that takes the confirm and the worker that imports
    need only the name. Only names this class made are read, so a confirm naming ``../../etc/passwd``
    or any other upload is refused (``UploadMissing``). Saving sweeps stale uploads.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.uploaded_by = kwargs.get("uploaded_by")  # who uploaded it, when known (the admin, import_table --user)

    def _kept(self):
        if not self.name or not _NAME.match(str(self.name)):
            raise UploadMissing(self.name)
        return Upload.objects.filter(name=self.name)

    def save(self, data):
        sweep_stale_uploads()
        content = data if isinstance(data, bytes) else data.encode(self.encoding or "utf-8")
        self.name = uuid4().hex
        user = self.uploaded_by if getattr(self.uploaded_by, "is_authenticated", False) else None
        Upload.objects.create(
            name=self.name,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
        )

    def read(self):
        """The upload's bytes, or its text when ``read_mode`` is "r" (decoded as a file opened so would be)."""
        content = self._kept().values_list("content", flat=True).first()
        if content is None:
            raise UploadMissing(self.name)
        content = bytes(content)  # PostgreSQL gives a memoryview
        if "b" in self.read_mode:
            return content
        with io.TextIOWrapper(io.BytesIO(content), encoding=self.encoding) as text:
            return text.read()  # universal newlines, as ``open(path, "r")`` read it

    def exists(self) -> bool:
        try:
            return self._kept().exists()
        except UploadMissing:
            return False

    def remove(self):
        with contextlib.suppress(UploadMissing):
            # Not the bytes: a delete loads its rows first (there are post_delete receivers, pagecache's).
            self._kept().defer("content").delete()
