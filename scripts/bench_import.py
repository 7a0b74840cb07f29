"""Time a large measurement import through the same resource as the admin (a benchmark, not a test).

    DEBUG=1 DATABASE_URL=postgres://… .venv/bin/python scripts/bench_import.py             # 5,000 and 50,000 rows
    DEBUG=1 SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python scripts/bench_import.py --rows 20000

Needs a migrated, seeded database (`manage.py migrate && manage.py seed`). Generates
synthetic quarterly figures for every seeded indicator and area from 2020/21 on,
times the dry run (the admin's preview) and the import, then times re-importing the
same file (every row unchanged) and the file with every commentary revised (every row
changed). Everything is rolled back at the end unless --keep.
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safercommunities.settings")
# A benchmark may import more rows than an upload may hold (settings.IMPORT_MAX_ROWS).
os.environ.setdefault("IMPORT_MAX_ROWS", "1000000")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from core.imports.io import result_summary, table_import  # noqa: E402
from core.periods import FinancialYear  # noqa: E402
from indicators.models import Indicator  # noqa: E402
from indicators.resources import MeasurementResource  # noqa: E402
from partnerships.models import Area  # noqa: E402


def synthetic_csv(rows: int) -> bytes:
    codes = list(Indicator.objects.values_list("code", flat=True))
    areas = list(Area.objects.values_list("name", flat=True))
    if not codes or not areas:
        raise SystemExit("Seed the database first: manage.py seed")
    lines = ["indicator,area,year,quarter,value,commentary,is_synthetic"]
    year = 2020
    while len(lines) <= rows:
        label = FinancialYear(year).label
        for code in codes:
            for area in areas:
                for quarter in (1, 2, 3, 4):
                    if len(lines) > rows:
                        break
                    value = (len(lines) * 7919) % 100  # a whole number up to 99: valid for every unit
                    quoted = '"' + code.replace('"', '""') + '"'
                    lines.append(f'{quoted},"{area}",{label},{quarter},{value},Benchmark figure,yes')
        year += 1
    return ("\n".join(lines) + "\n").encode()


class QueryClock:
    """The wall time spent waiting on the database, and how many queries (a COPY counts as one)."""

    def __init__(self):
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1

    @contextlib.contextmanager
    def copies(self):
        """Time psycopg2's COPY too: the import sends it on the raw cursor, which ``execute_wrapper`` never sees."""
        if connection.vendor != "postgresql":
            yield
            return
        connection.ensure_connection()
        raw, clock = connection.connection, self
        previous = raw.cursor_factory

        class TimedCursor(previous or type(raw.cursor())):
            def copy_expert(self, *args, **kwargs):
                return clock(lambda *_: super(TimedCursor, self).copy_expert(*args, **kwargs), None, None, False, None)

        raw.cursor_factory = TimedCursor
        try:
            yield
        finally:
            raw.cursor_factory = previous


def timed(label: str, data: bytes, *, dry_run: bool) -> None:
    clock = QueryClock()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(clock), clock.copies():
        result = table_import(resource_class=MeasurementResource, data=data, file_name="bench.csv", dry_run=dry_run)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    counts = result_summary(result)
    rows = sum(counts.values())
    # CPU seconds are this process's alone (not PostgreSQL's): on a machine shared with other work they show
    # what the import itself costs when the wall clock is stretched by the others.
    print(
        f"{label:<28} rows={rows:>6}  seconds={seconds:6.1f}  rows/s={rows / seconds:6.0f}  "
        f"cpu={cpu:5.1f}  rows/cpu-s={rows / cpu:6.0f}  db={clock.seconds:5.1f}s/{clock.queries} queries  {counts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 50000], help="File sizes to time, in rows.")
    parser.add_argument("--keep", action="store_true", help="Keep the imported rows instead of rolling back.")
    args = parser.parse_args()
    for rows in args.rows:
        data = synthetic_csv(rows)
        print(f"{rows} rows, {len(data) / 1e6:.1f} MB of CSV")
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED), and this run rolls back:
                # check them as each statement runs instead, so their cost is timed as a real import pays it.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            timed("dry run (admin preview)", data, dry_run=True)
            timed("import", data, dry_run=False)
            timed("re-import (all unchanged)", data, dry_run=False)
            timed("re-import (all changed)", data.replace(b",Benchmark figure,", b",Revised figure,"), dry_run=False)
            if not args.keep:
                transaction.set_rollback(True)


if __name__ == "__main__":
    main()
