"""Load the source documents' data (fixtures/seed/*.yaml and *.csv), idempotently.

Every record in the seed files has a natural key, so loading twice updates in
place instead of duplicating. YAML fixtures load with ``loaddata``; the
measurements, targets, baselines and allocations load from CSV files through
the admin's import resources (``core.seeding`` explains the phases). All
of it runs in one transaction: a failing row fails the whole seed, naming its
file and line. Fixture loading writes raw rows (no ``save()``), so derived
fields (slugs, derived target values and their flags) are recomputed afterwards
in the same transaction.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.seeding import (
    SEED_DIR,
    SeedError,
    create_demo_accounts,
    refresh_derived_fields,
    seed_counts,
    seed_files,
    seed_table_load,
)
from pagecache import versions


class Command(BaseCommand):
    help = "Load the source documents' data; --demo-accounts adds the local demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--demo-accounts", action="store_true", help="Create the demo logins (local use only).")
        parser.add_argument("--dir", default=str(SEED_DIR), help="Folder of seed fixtures (default: fixtures/seed).")

    def handle(self, *args, demo_accounts=False, dir=None, verbosity=1, **options):
        if demo_accounts and not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are for local development only: set DEBUG=1 to create them.")
        files = seed_files(Path(dir))
        if not files.fixtures_before:
            raise CommandError(f"No seed files found in {dir}")
        try:
            with transaction.atomic(), versions.bumped_once():  # one move of the data version, not one a row
                call_command("loaddata", *[str(f) for f in files.fixtures_before], verbosity=0)
                for table in files.tables:
                    counts = seed_table_load(path=table)
                    if verbosity > 1:
                        self.stdout.write(f"{table.name}: {counts['new']} new, {counts['changed']} changed")
                if files.fixtures_after:
                    call_command("loaddata", *[str(f) for f in files.fixtures_after], verbosity=0)
                refresh_derived_fields()
                if demo_accounts:
                    create_demo_accounts(stdout=self.stdout)
        except SeedError as exc:
            raise CommandError(f"The seed was not loaded: {exc}") from None
        if verbosity:
            for label, count in seed_counts().items():
                self.stdout.write(f"{label:<32} {count:>6}")
