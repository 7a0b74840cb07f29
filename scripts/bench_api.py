"""The read API at national scale: pages of 1,000 figures, first and deep, and one indicator's whole CSV.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_api_bench .venv/bin/python scripts/bench_api.py

A deep page is timed both ways in the same run: asked for by number (``?page=300``, counted by offset, as
every list paged before cursors) and by the cursor a client reaches it with (the ``next`` link of page 299);
each is printed with its ratio to the first page.

Builds the national-scale data (``generate_scale_data``: ~320 districts, 40 indicators, 10 years of quarters)
into that database if it is not there yet, then times requests through the whole Django stack (middleware,
token authentication, the view, serialisation) with the test client, as a script with a personal access
token would call it. Prints medians; asserts nothing but the status codes and row counts.
"""

import os
import statistics
import sys
import time

# No throttling: the benchmark calls as fast as it can.
os.environ["API_THROTTLE_PER_MINUTE"] = "0"

import bench_setup  # noqa: E402,F401  (production settings, then django.setup())
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from api.services import token_create  # noqa: E402
from indicators.models import Indicator, Measurement  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def timed(func, runs=RUNS):
    return timed_in_turn([func], runs)[0]


def timed_in_turn(funcs, runs=RUNS):
    """Each function's median, fastest and slowest time and last result, called in turn round after round, so
    that other load on a shared machine falls on all of them alike and their ratios hold."""
    for func in funcs:
        func()  # warm
    samples = [[] for _ in funcs]
    results = [None] * len(funcs)
    for _ in range(runs):
        for number, func in enumerate(funcs):
            started = time.perf_counter()
            results[number] = func()
            samples[number].append((time.perf_counter() - started) * 1000)
    return [
        (statistics.median(times), min(times), max(times), result)
        for times, result in zip(samples, results, strict=True)
    ]


def main():
    if connection.vendor != "postgresql":
        sys.exit("Needs PostgreSQL: set DATABASE_URL")
    call_command("migrate", verbosity=0)  # a fresh database has no tables to ask about yet
    if not Indicator.objects.filter(agreement__code="SCALE").exists():
        if not Indicator.objects.exists():
            call_command("seed", verbosity=0)
        call_command("generate_scale_data", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user, _ = get_user_model().objects.get_or_create(username="api-bench")
    _record, token = token_create(user=user, name=f"bench {time.time()}")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    indicator = Indicator.objects.filter(agreement__code="SCALE").order_by("code").first()
    print(
        f"Database {connection.settings_dict['NAME']}: {Measurement.objects.count():,} figures; "
        f"{RUNS} runs each, median (min–max)"
    )

    def page(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
            return len(response.json()["results"])

        return call

    def cursor_of(url):
        """The cursor a client reaches the page after ``url`` with: that page's ``next`` link."""
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.json()["next"].removeprefix("http://testserver")

    every = "/api/v1/figures?page_size=1000"
    one = f"/api/v1/figures?page_size=1000&indicator={indicator.slug}"
    for name, first, depth in [("figures", every, 300), (f"figures of {indicator.code}", one, 14)]:
        ways = [
            ("first page", first),
            (f"page {depth} by number (offset)", f"{first}&page={depth}"),
            (f"page {depth} by cursor", cursor_of(f"{first}&page={depth - 1}")),
        ]
        timings = timed_in_turn([page(url) for _way, url in ways])
        first_median = timings[0][0]
        for (way, _url), (median, low, high, rows) in zip(ways, timings, strict=True):
            ratio = f"{median / first_median:5.1f}× the first" if way != "first page" else ""
            print(
                f"  {'1,000 ' + name + ', ' + way:<56} {median:8.1f} ms ({low:.1f}–{high:.1f})  {rows:,} rows  {ratio}"
            )

    def download():
        response = client.get(f"/api/v1/figures?indicator={indicator.slug}&format=csv")
        assert response.status_code == 200 and response.streaming
        return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

    median, low, high, rows = timed(download, runs=max(3, RUNS // 3))
    print(
        f"  {'CSV download of ' + indicator.code + ' (streamed)':<56} {median:8.1f} ms ({low:.1f}–{high:.1f})  {rows:,} rows"
    )


if __name__ == "__main__":
    main()
