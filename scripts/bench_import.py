"""Time a large measurement import through the same resource as the admin (a benchmark, not a test).

    DEBUG=1 SQLITE_PATH=/tmp/bench.sqlite3 .venv/bin/python scripts/bench_import.py --rows 20000

Needs a migrated, seeded database (`manage.py migrate && manage.py seed`). Generates
synthetic quarterly figures for every seeded indicator and area from 2020/21 on,
times the dry run (the admin's preview) and the import, then times re-importing the
same file (every row unchanged). Everything is rolled back at the end unless --keep.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safercommunities.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

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


def timed(label: str, data: bytes, *, dry_run: bool) -> None:
    started = time.perf_counter()
    result = table_import(resource_class=MeasurementResource, data=data, file_name="bench.csv", dry_run=dry_run)
    seconds = time.perf_counter() - started
    counts = result_summary(result)
    rows = sum(counts.values())
    print(f"{label:<28} rows={rows:>6}  seconds={seconds:7.1f}  rows/s={rows / seconds:7.0f}  {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--keep", action="store_true", help="Keep the imported rows instead of rolling back.")
    args = parser.parse_args()
    data = synthetic_csv(args.rows)
    print(f"{args.rows} rows, {len(data) / 1e6:.1f} MB of CSV")
    with transaction.atomic():
        timed("dry run (admin preview)", data, dry_run=True)
        timed("import", data, dry_run=False)
        timed("re-import (all unchanged)", data, dry_run=False)
        if not args.keep:
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
