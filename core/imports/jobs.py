"""Imports run as background jobs (``jobs``): the admin's preview and confirm, and ``import_table --background``.

The request keeps the upload (``ImportTempStorage``, in the database) and starts a job; a task worker,
on whichever machine, reads it by its name and runs the resource's ``import_data`` in one transaction, writing progress as it goes.
What the preview page needs of the result (counts, every failing row, the first rows' changes)
is kept on the job as JSON, and ``StoredResult`` gives it back with the attributes of
import-export's ``Result`` that the page and ``result_summary`` read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from import_export.results import InvalidRow, RowResult

from core.imports.files import FileRefused, ImportTempStorage, UploadMissing
from core.imports.io import result_errors, result_summary, table_import
from core.imports.resources import PREVIEW_ROWS
from jobs.models import Job
from jobs.services import JobFailed, start


def class_path(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def start_import(
    *, resource_class, upload: str, file_name: str, dry_run: bool, user=None, form_fields: dict | None = None
) -> Job:
    """Start importing a kept upload; ``form_fields`` are the admin form's choices, for the confirm form."""
    verb = "Check" if dry_run else "Import"
    params = {"resource": class_path(resource_class), "upload": upload, "file_name": file_name, "dry_run": dry_run}
    return start(
        handler="core.imports.jobs.run_import",
        label=f"{verb} {file_name} into {resource_class._meta.model._meta.verbose_name_plural}",
        user=user,
        params={**params, "form": form_fields or {}},
    )


def run_import(job: Job, progress):
    """The job's work: import the kept upload, all rows or none; the preview's result as JSON."""
    params = job.params
    storage = ImportTempStorage(name=params["upload"], read_mode="rb")
    try:
        data = storage.read()
    except UploadMissing:
        raise JobFailed("the uploaded file is not kept any more: upload it again") from None
    user = get_user_model().objects.filter(pk=job.started_by_id).first()
    try:
        result = table_import(
            resource_class=import_string(params["resource"]),
            data=data if isinstance(data, bytes) else data.encode("utf-8"),
            file_name=params["file_name"],
            dry_run=params["dry_run"],
            user=user,
            progress=progress,
        )
    except FileRefused as exc:
        raise JobFailed(str(exc)) from None
    stored = stored_result(result)
    counts = stored["summary"]
    if counts["errors"]:
        message = f"Nothing was imported: {counts['errors']} rows have errors."
    else:
        verb = "Checked" if params["dry_run"] else "Imported"
        message = f"{verb}: {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged."
    if not params["dry_run"] or counts["errors"]:
        storage.remove()  # imported, or nothing can confirm it
    return message, stored


def stored_result(result) -> dict:
    valid = result.valid_rows()
    return {
        "summary": result_summary(result),
        "errors": result_errors(result),
        "base_errors": [str(error.error) for error in result.base_errors],
        "diff_headers": list(result.diff_headers),
        "invalid_rows": [
            {"number": row.number, "errors": row.error_dict, "values": [str(v) for v in row.values]}
            for row in result.invalid_rows
        ],
        "rows": [{"import_type": row.import_type, "diff": row.diff or []} for row in valid[:PREVIEW_ROWS]],
        "valid_rows": len(valid),
    }


class _StoredError:
    def __init__(self, message):
        self.error = message
        self.traceback = ""


class _StoredRow:
    def __init__(self, import_type, diff):
        self.import_type = import_type
        self.diff = [mark_safe(cell) for cell in diff]  # import-export's own escaped diff HTML, kept as it was made
        self.errors = []


class StoredResult:
    """A finished job's result with the attributes the import page and ``result_summary`` read."""

    def __init__(self, data: dict):
        self.data = data
        counts = data["summary"]
        self.totals = {
            RowResult.IMPORT_TYPE_NEW: counts["new"],
            RowResult.IMPORT_TYPE_UPDATE: counts["changed"],
            RowResult.IMPORT_TYPE_DELETE: 0,
            RowResult.IMPORT_TYPE_SKIP: counts["unchanged"],
            RowResult.IMPORT_TYPE_ERROR: 0,
            RowResult.IMPORT_TYPE_INVALID: len(data["invalid_rows"]),
        }
        self.base_errors = [_StoredError(message) for message in data["base_errors"]]
        self.diff_headers = data["diff_headers"]
        self.invalid_rows = [
            InvalidRow(row["number"], ValidationError(_errors(row["errors"])), tuple(row["values"]))
            for row in data["invalid_rows"]
        ]
        self.error_rows = []
        self.rows = [_StoredRow(row["import_type"], row["diff"]) for row in data["rows"]]
        self.rows_not_shown = data["valid_rows"] - len(self.rows)

    def valid_rows(self):
        return self.rows

    def row_errors(self):
        return []

    def has_errors(self):
        return bool(self.base_errors)

    def has_validation_errors(self):
        return bool(self.invalid_rows)

    def __iter__(self):
        return iter(self.rows)


def _errors(error_dict: dict) -> dict:
    return {
        (NON_FIELD_ERRORS if field == NON_FIELD_ERRORS else field): list(msgs) for field, msgs in error_dict.items()
    }


class ImportQueued(Exception):
    """The import waits for a worker: the page shows its progress."""

    def __init__(self, job: Job):
        super().__init__(job.label)
        self.job = job


def queued(resource_class):
    """``resource_class`` whose ``import_data`` runs as a job on the upload the admin kept."""

    class Queued(resource_class):
        def import_data(self, dataset, dry_run=False, file_name=None, user=None, upload_name=None, **kwargs):
            job = start_import(
                resource_class=resource_class,
                upload=upload_name,
                file_name=file_name,
                dry_run=dry_run,
                user=user,
                form_fields=kwargs.get("form_fields"),
            )
            return finished_result(job)

    Queued.__name__ = resource_class.__name__
    return Queued


def finished_result(job: Job) -> StoredResult:
    """The job's result, once it is finished; ``ImportQueued`` while it waits or runs."""
    if not job.is_finished:
        raise ImportQueued(job)
    if job.state == Job.State.FAILED:
        raise FileRefused(job.message)
    return StoredResult(job.result)
