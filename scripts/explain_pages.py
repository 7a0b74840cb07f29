"""EXPLAIN ANALYZE of each page's main queries, on a built benchmark database (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_bench_load .venv/bin/python scripts/explain_pages.py

For the dashboard, an indicator page, a partnership page and a return page at national scale (the names
``generate_scale_data`` gives), fetches the page once with the cache cleared, takes its ``BENCH_EXPLAIN_TOP``
slowest reads of the domain tables (not the session or user lookups) and prints each one's plan from
``EXPLAIN (ANALYZE, BUFFERS)``, then a line saying which indexes it used and whether it read any table of
more than ``LARGE_ROWS`` rows from end to end (a sequential scan). A benchmark that prints; it asserts nothing.
"""

import os
import re
import sys

import bench_setup  # noqa: F401  (production settings, then django.setup())
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

request_started.disconnect(reset_queries)

TOP = int(os.environ.get("BENCH_EXPLAIN_TOP", "3"))
LARGE_ROWS = 10_000
PAGES = {
    "dashboard": "/?area=scale-county-01",
    "indicator page": "/indicators/scale-01/?area=scale-county-01&district=scale-district-01-01",
    "partnership page": "/partnerships/scale-csp-scale-district-01-01/",
}


def domain_reads(queries):
    for query in queries:
        sql = query["sql"].lstrip()
        if not sql.upper().startswith(("SELECT", "DECLARE")) or "django_session" in sql or '"auth_user"' in sql[:200]:
            continue
        if sql.upper().startswith("DECLARE"):
            sql = sql[sql.upper().index(" FOR SELECT ") + len(" FOR ") :]  # the SELECT a server-side cursor wraps
        yield float(query["time"]), sql


def large_tables() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > %s", [LARGE_ROWS])
        return dict(cursor.fetchall())


def explain(sql: str, large: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        plan = [row[0] for row in cursor.fetchall()]
    for line in plan:
        print(f"      {line}")
    indexes = sorted(set(re.findall(r"(?:Index|Index Only) Scan(?: Backward)? using (\S+)", "\n".join(plan))))
    bitmap = sorted(set(re.findall(r"Bitmap Index Scan on (\S+)", "\n".join(plan))))
    seq = sorted({t for t in re.findall(r"Seq Scan on (\S+)", "\n".join(plan)) if t in large})
    verdict = f"indexes used: {', '.join(indexes + bitmap) or 'none'}"
    verdict += f"; SEQUENTIAL SCAN of large table(s): {', '.join(seq)}" if seq else "; no large table read end to end"
    print(f"    -> {verdict}\n")


def main():
    if connection.vendor != "postgresql":
        sys.exit("explain_pages needs PostgreSQL: set DATABASE_URL")
    from django.contrib.auth.models import Group

    from partnerships.roles import BOARD_OFFICERS

    user, _ = get_user_model().objects.get_or_create(username="bench-explain")
    user.groups.add(Group.objects.get_or_create(name=BOARD_OFFICERS)[0])
    client = Client()
    client.force_login(user)
    large = large_tables()
    print("Large tables (live rows): " + ", ".join(f"{t} {n:,}" for t, n in sorted(large.items())))
    from bench_load import prepare

    pages = {**PAGES, "return page": f"/returns/{prepare()}/scale-district-01-01/"}
    for label, url in pages.items():
        cache.clear()  # the page's own queries, not a cached copy
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        reads = sorted(domain_reads(captured.captured_queries), reverse=True)[:TOP]
        print(f"\n== {label}: {url} ({response.status_code}, {len(captured.captured_queries)} queries)")
        for took, sql in reads:
            print(f"  {took * 1000:.1f} ms in the page: {sql[:300]}{'…' if len(sql) > 300 else ''}")
            explain(sql, large)


if __name__ == "__main__":
    main()
