"""Reading and writing whole tables: a CSV or XLSX file through a resource, and the result in words."""

from __future__ import annotations

from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from import_export.results import RowResult

from core.imports.files import SafeCSV, SafeXLSX

FORMATS = {".csv": SafeCSV, ".xlsx": SafeXLSX}


def format_for(path: str | Path):
    """The import-export format for a file name: CSV or XLSX."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{Path(path).name}: import CSV (.csv) or Excel (.xlsx) files")
    return FORMATS[suffix]()


def dataset_from_bytes(data: bytes, *, file_name: str) -> tablib.Dataset:
    """Read a CSV (UTF-8, with or without a byte-order mark) or XLSX file's first sheet, within the limits."""
    return format_for(file_name).create_dataset(data)


def dataset_to_bytes(dataset: tablib.Dataset, *, file_name: str) -> bytes:
    data = format_for(file_name).export_data(dataset)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def table_export(*, resource_class, file_name: str, queryset=None) -> bytes:
    """Export a table as the admin does (native numbers in XLSX, text in CSV)."""
    file_format = format_for(file_name)
    dataset = resource_class().export(queryset, force_native_type=file_format.is_binary())
    return dataset_to_bytes(dataset, file_name=file_name)


def table_import(
    *, resource_class, data: bytes, file_name: str, dry_run: bool, user=None, history_reason=None, progress=None
):
    """Import a CSV or XLSX file through ``resource_class``: all rows, or none if any row fails.

    ``history_reason`` replaces the history's "Imported from <file>" (the seed says where its figures come from).
    ``progress(done, total)``, if given, is called as rows are read (a job's progress bar).
    """
    dataset = dataset_from_bytes(data, file_name=file_name)
    return resource_class().import_data(
        dataset, dry_run=dry_run, user=user, file_name=file_name, history_reason=history_reason, progress=progress
    )


def result_summary(result) -> dict[str, int]:
    totals = result.totals
    return {
        "new": totals[RowResult.IMPORT_TYPE_NEW],
        "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
        "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
        "errors": len(result.invalid_rows) + len(result.error_rows) + len(result.base_errors),
    }


def result_errors(result) -> list[str]:
    """Every failing row as "Line N: column: message" (line 1 is the header), then any file-level error."""
    lines = [f"{error.error}" for error in result.base_errors]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            where = "" if field == NON_FIELD_ERRORS else f"{field}: "
            lines.extend(f"Line {row.number}: {where}{message}" for message in messages)
    return lines
