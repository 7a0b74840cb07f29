"""`make bench`: page timings at Leicestershire size and at national scale, on PostgreSQL.

Prints, for the dashboard, an indicator page and a partnership page: the median
server time of the whole request (Django test client: middleware, views,
templates, SQL), the number of SQL queries, the median time PostgreSQL takes for
the page's main (slowest) query run alone, and the ratio of the two. It is a
benchmark that prints figures, not a test: it asserts nothing.

Then the load run (``bench_load``): gunicorn as production runs it (4 workers) and 8 signed-in clients
for ``BENCH_LOAD_SECONDS`` (60) over a mix of the dashboard, indicator, partnership and return pages at
national scale, with requests per second, p50/p95/p99, errors and each page's ratio to an empty
signed-in page measured in the same run. ``BENCH_LOAD_SECONDS=0`` leaves it out.

It rebuilds the database named by DATABASE_URL (default: safercommunities_bench).
"""

import os
import statistics
import sys
import time

import bench_load  # noqa: E402
import bench_setup  # noqa: F401  (production settings, then django.setup())
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import (
    connection,  # noqa: E402
    reset_queries,  # noqa: E402
)
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Each request would otherwise clear the query log that CaptureQueriesContext reads.
request_started.disconnect(reset_queries)

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
SCALE = int(os.environ.get("BENCH_SCALE", "1"))  # 10: ten times national (generate_scale_data --scale)
SHOW_QUERIES = os.environ.get("BENCH_SHOW_QUERIES") == "1"


def median_ms(func, runs=RUNS):
    for _ in range(3):
        func()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(client, label, url, floor_ms=None):
    """Print the page's figures; ``floor_ms``: the empty signed-in page's time in the same run, for the ratio."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)  # the first request after the data changed: computed afresh (pagecache)
    cold_ms = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    queries = list(captured.captured_queries)
    # The page's main query: its slowest read of the domain tables (not the session or user lookups,
    # nor the session write that ends every request).
    reads = [
        q
        for q in queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "DECLARE"))
        and "django_session" not in q["sql"]
        and '"auth_user"' not in q["sql"][:200]
    ]
    main = max(reads, key=lambda q: float(q["time"]), default=None)
    if SHOW_QUERIES:
        for query in queries:
            print(f"      {float(query['time']) * 1000:7.2f} ms  {query['sql'][:140]}")
    page_ms = median_ms(lambda: client.get(url))
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    floor = f"  {page_ms / floor_ms:5.1f}x the empty page, {len(kept)} queries" if floor_ms else ""
    if main is None:
        print(f"  {label:<18} {page_ms:8.1f} ms  {len(queries):3d} queries the first time{floor}")
        return page_ms

    def run_main_query():
        sql = main["sql"]
        if sql.lstrip().upper().startswith("DECLARE"):
            # A server-side cursor the page iterated: time the SELECT it wraps.
            sql = sql[sql.upper().index(" FOR SELECT ") + len(" FOR ") :]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    sql_ms = median_ms(run_main_query)
    print(
        f"  {label:<18} {page_ms:8.1f} ms  {len(queries):3d} queries the first time  "
        f"main query {sql_ms:7.2f} ms  ratio {page_ms / sql_ms:6.1f}x  ({len(response.content):,} bytes HTML){floor}"
        f"  first request {cold_ms:.1f} ms"
    )
    return page_ms


def pages(client, county, indicator, district, partnership):
    floor_ms = measure(client, "empty page", "/account/")  # signed in, nothing computed: the framework's floor
    measure(client, "dashboard", f"/?area={county}", floor_ms)
    measure(client, "indicator page", f"/indicators/{indicator}/?area={county}&district={district}", floor_ms)
    measure(client, "partnership page", f"/partnerships/{partnership}/", floor_ms)


def main():
    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL: set BENCH_DATABASE_URL")
    print(f"Database: {settings.DATABASES['default']['NAME']} on PostgreSQL; {RUNS} runs per page, medians.")
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("seed", verbosity=0)
    call_command("generate_demo_figures", verbosity=0)
    from indicators.models import Measurement

    user = get_user_model().objects.create_user("bench")
    client = Client()
    client.force_login(user)

    print(f"\nLeicestershire size ({Measurement.objects.count():,} figures)")
    leics = ("leicestershire", "ni-20", "blaby", "blaby-district-community-safety-partnership")
    pages(client, *leics)

    started = time.monotonic()
    call_command("generate_scale_data", scale=SCALE, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"\nNational scale x{SCALE} ({Measurement.objects.count():,} figures; built in {time.monotonic() - started:.0f}s)"
    )
    pages(client, "scale-county-01", "scale-01", "scale-district-01-01", "scale-csp-scale-district-01-01")
    print("\nLeicestershire pages in the national-scale database")
    pages(client, *leics)
    if bench_load.SECONDS > 0:
        bench_load.load_run(bench_load.national_pages(counties=32 * SCALE))


if __name__ == "__main__":
    main()
