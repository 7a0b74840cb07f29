"""The load run of `make bench`: gunicorn as production runs it, and signed-in people using it at once.

Starts gunicorn with the production settings (DEBUG off, ``gunicorn.conf.py``, 4 workers; ``REDIS_URL``
passed through when set) on a free port against the benchmark database, signs ``CLIENTS`` people in
through the sign-in form, and has each ask for page after page, no pause between, for ``SECONDS``
seconds over a mix of the dashboard, indicator, partnership and return pages and an empty signed-in
page (the person's account page: session, user, base template and one small query). Prints requests
per second, p50/p95/p99 and errors over all pages, then each page's p50 and p95 and its median as a
ratio to the empty page's median in the same run. Only the standard library drives the requests.

    BENCH_LOAD_SECONDS=60 BENCH_LOAD_CLIENTS=8 .venv/bin/python scripts/bench.py   # via make bench
    DATABASE_URL=postgres://…/sc_bench_load .venv/bin/python scripts/bench_load.py  # on a built database
"""

from __future__ import annotations

import http.client
import itertools
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "8"))
WORKERS = os.environ.get("BENCH_LOAD_WORKERS", "4")
USERNAME, PASSWORD = "bench-load", "bench-load-password-not-for-production"
EMPTY = "empty signed-in page"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One signed-in person: their cookies, sent over plain HTTP as if through the HTTPS proxy."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",  # gunicorn trusts it from 127.0.0.1, so Django sees HTTPS
            "Referer": f"https://127.0.0.1{path}",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.headers.get("Location", ""), content

    def sign_in(self) -> None:
        _, _, page = self.request("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
        status, where, _ = self.request("/accounts/login/", form)
        if status != 302:
            raise SystemExit(f"signing in answered {status}, not a redirect: check the bench user")


def prepare() -> str:
    """The load run's person, a Board officer (every page, every return) with a password to sign in with; and
    an open reporting quarter (the latest year with figures, its fourth quarter) for the return pages. Its slug."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Max

    from indicators.models import Measurement
    from partnerships.roles import BOARD_OFFICERS
    from returns import services
    from returns.models import ReportingQuarter

    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=BOARD_OFFICERS)[0])
    quarter = ReportingQuarter.objects.open().first()
    if quarter is None:
        year = Measurement.objects.aggregate(latest=Max("year"))["latest"]
        opener = get_user_model().objects.filter(
            is_superuser=True
        ).first() or get_user_model().objects.create_superuser("bench-load-admin")
        quarter = services.quarter_open(year=year, quarter=4, user=opener)
    return quarter.slug


def start_gunicorn(port: int, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": WORKERS,
    }
    env.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    command = [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", str(log_path)]
    command += ["--access-logformat", "%(r)s %(s)s %(D)s"]  # request line, status, microseconds in the worker
    with open(log_path.with_suffix(".err"), "w") as errors:
        return subprocess.Popen([*command, "safercommunities.wsgi"], cwd=ROOT, env=env, stderr=errors)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting: see its log")
        try:
            Browser(port).request("/accounts/login/")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def drive(port: int, pages: dict[str, list[str]], seconds: float, clients: int, log: Path):
    """Each client signs in and fetches every path once untimed (warming the workers up), then asks for the pages
    in turn (each page's paths in turn) until time is up."""
    samples: dict[str, list[float]] = {label: [] for label in pages}
    errors: list[str] = []
    lock = threading.Lock()
    browsers = [Browser(port) for _ in range(clients)]
    for browser in browsers:
        browser.sign_in()
    timed = {}

    def timing_starts():
        timed["from"], timed["log_offset"] = time.monotonic(), log.stat().st_size

    start = threading.Barrier(clients, action=timing_starts)

    def client(number: int) -> None:
        browser = browsers[number]
        order = list(pages)
        order = order[number % len(order) :] + order[: number % len(order)]  # not all on one page at once
        paths = {label: itertools.cycle(pages[label][number:] + pages[label][:number]) for label in pages}
        for path in (path for label in order for path in pages[label]):
            browser.request(path)  # untimed: each gunicorn worker loads its templates and code on first use
        start.wait()
        stop = time.monotonic() + seconds
        for label in itertools.cycle(order):
            if time.monotonic() >= stop:
                return
            path = next(paths[label])
            began = time.perf_counter()
            try:
                status, _, _ = browser.request(path)
                problem = None if status == 200 else f"{status} {path}"
            except OSError as exc:
                problem = f"{type(exc).__name__} {path}"
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                samples[label].append(elapsed)
                if problem:
                    errors.append(problem)

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return samples, errors, time.monotonic() - timed["from"], timed["log_offset"]


def server_times(log: Path, offset: int, pages: dict[str, list[str]]) -> dict[str, list[float]]:
    """Each page's time inside gunicorn's workers (from the access log, timed requests only), in ms: the
    page's own cost, without the wait for a free worker that the clients' times include."""
    label_of = {path: label for label, paths in pages.items() for path in paths}
    times: dict[str, list[float]] = {label: [] for label in pages}
    with open(log, encoding="utf-8") as lines:
        lines.seek(offset)
        for line in lines:
            parts = line.split()
            if len(parts) == 5 and parts[1] in label_of:
                times[label_of[parts[1]]].append(int(parts[4]) / 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(samples, errors, elapsed: float, server: dict[str, list[float]]) -> None:
    every = [value for values in samples.values() for value in values]
    print(
        f"  {len(every):,} requests in {elapsed:.1f} s: {len(every) / elapsed:.1f} requests/s; "
        f"p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, "
        f"p99 {percentile(every, 0.99):.1f} ms; {len(errors)} errors"
    )
    for problem, count in sorted({e: errors.count(e) for e in errors}.items())[:10]:
        print(f"    error x{count}: {problem}")
    print("  Per page: as the clients saw it (waiting for a free worker included), then its time in the worker")
    floor = statistics.median(server[EMPTY])
    for label, values in samples.items():
        own = statistics.median(server[label]) if server[label] else float("nan")
        print(
            f"  {label:<22} {len(values):6,} requests  p50 {statistics.median(values):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  |  in the worker p50 {own:7.1f} ms, "
            f"{own / floor:5.1f}x the empty page"
        )


def load_run(pages: dict[str, list[str]], *, seconds: float = SECONDS, clients: int = CLIENTS) -> None:
    """``pages``: label -> paths (one label must be ``EMPTY``); ``{quarter}`` in a path is the open quarter's slug."""
    quarter = prepare()
    pages = {label: [path.replace("{quarter}", quarter) for path in paths] for label, paths in pages.items()}
    port = free_port()
    log = Path(os.environ.get("BENCH_LOAD_LOG", "/tmp/safercommunities-bench-gunicorn.log"))
    redis = f", cache {os.environ['REDIS_URL']}" if os.environ.get("REDIS_URL") else ""
    print(
        f"\nLoad run: gunicorn ({WORKERS} workers, production settings{redis}) on :{port}; {clients} signed-in "
        f"clients for {seconds:.0f} s, no pause between requests (access log {log})"
    )
    process = start_gunicorn(port, log)
    try:
        wait_until_up(port, process)
        samples, errors, elapsed, offset = drive(port, pages, seconds, clients, log)
    finally:
        process.terminate()
        process.wait(30)
    report(samples, errors, elapsed, server_times(log, offset, pages))


def national_pages(counties: int = 32, indicators: int = 40) -> dict[str, list[str]]:
    """The mix at national scale (``generate_scale_data``'s names): eight areas and indicators per page."""
    pairs = [(n, f"scale-county-{(n * 5) % counties + 1:02d}") for n in range(1, 9)]
    return {
        EMPTY: ["/account/"],
        "dashboard": [f"/?area={c}" for _, c in pairs],
        "indicator page": [
            f"/indicators/scale-{(n * 7) % indicators + 1:02d}/?area={c}&district={c.replace('county', 'district')}-01"
            for n, c in pairs
        ],
        "partnership page": [f"/partnerships/{c.replace('county', 'csp-scale-district')}-{n:02d}/" for n, c in pairs],
        "return page": [f"/returns/{{quarter}}/{c.replace('county', 'district')}-{n:02d}/" for n, c in pairs],
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_setup  # noqa: F401  (production settings, then django.setup())

    load_run(national_pages())
