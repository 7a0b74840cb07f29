"""Import a CSV or XLSX table through the same resources as the admin's import page.

    python manage.py import_table measurements figures.csv --dry-run
    python manage.py import_table allocations allocations.xlsx --user admin

The admin's limits apply (``IMPORT_MAX_FILE_MB``, ``IMPORT_MAX_ROWS``, ...).
All or nothing: if any row fails, nothing is written and every failing line is
listed (line 1 is the header). Rows are matched on their natural keys, so
importing a file twice changes nothing the second time.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.imports.files import ImportTempStorage, check_file_size
from core.imports.io import result_errors, result_summary, table_import
from core.imports.jobs import start_import
from funding.resources import AllocationResource
from indicators.resources import BaselineResource, DeliveryJudgementResource, MeasurementResource, TargetResource
from partnerships.resources import PopulationResource

TABLES = {
    "measurements": MeasurementResource,
    "targets": TargetResource,
    "baselines": BaselineResource,
    "allocations": AllocationResource,
    "populations": PopulationResource,
    "judgements": DeliveryJudgementResource,
}


class Command(BaseCommand):
    help = "Import measurements, targets, baselines, allocations, populations or delivery judgements from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("path", help="A .csv (UTF-8) or .xlsx file with a header row.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; write nothing.")
        parser.add_argument("--user", help="Username recorded in the history as making the changes.")
        parser.add_argument(
            "--background", action="store_true", help="Hand the import to a task worker as a job and return."
        )

    def handle(self, *args, table, path, dry_run=False, user=None, background=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user called {user!r}") from None
        if background:
            check_file_size(file.stat().st_size)
            self.start_job(table, file, dry_run=dry_run, user=importer)
            return
        try:
            check_file_size(file.stat().st_size)  # before reading it: the same limits as the admin's
            result = table_import(
                resource_class=TABLES[table],
                data=file.read_bytes(),
                file_name=file.name,
                dry_run=dry_run,
                user=importer,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        counts = result_summary(result)
        errors = result_errors(result)
        line = (
            f"{file.name}: {counts['new']} new, {counts['changed']} changed, "
            f"{counts['unchanged']} unchanged, {counts['errors']} with errors"
        )
        if errors:
            raise CommandError("\n".join([f"{line}. Nothing was imported.", *errors]))
        self.stdout.write(f"{line}. {'Dry run: nothing was written.' if dry_run else 'Imported.'}")

    def start_job(self, table, file, *, dry_run, user):
        storage = ImportTempStorage(uploaded_by=user)
        storage.save(file.read_bytes())  # in the database, where the worker reads it, whichever machine it is on
        job = start_import(
            resource_class=TABLES[table], upload=storage.name, file_name=file.name, dry_run=dry_run, user=user
        )
        self.stdout.write(f"Job {job.pk}: {job.label}: {job.get_state_display().lower()}. {job.message}".strip())
        if job.state == job.State.FAILED or (job.result or {}).get("errors"):
            raise CommandError("\n".join([job.message, *(job.result or {}).get("errors", [])]))
