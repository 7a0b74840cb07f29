"""Two web instances and two task workers on one PostgreSQL database: what a larger deployment looks like.

    .venv/bin/python scripts/two_instances.py   # TWO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_two
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python scripts/two_instances.py   # and one shared Redis cache

Builds a fresh database (migrate, seed with the demo accounts), then starts gunicorn twice (ports 8101
and 8102, production settings: DEBUG off, behind an "HTTPS proxy" header) and `manage.py db_worker`
twice (worker ids w1 and w2), all sharing the database (data, sessions, task state, and the uploads waiting
to be imported) and, when REDIS_URL is set, one Redis cache (passed through to every process). Each process
gets its own empty temporary directory (TMPDIR), as if on its own machine. It signs in on instance A and uses
the same session cookie on B; uploads a figures file on A, shows where the upload is kept (a row in the
database), watches the job's progress page on B, confirms on B, and prints which worker ran each job; changes
the imported figure in admin on A and reads it back on B at the next request; and lists what the processes
left in their temporary directories (nothing). Prints what it saw.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("TWO_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sc_two")
PORTS = {"A": 8101, "B": 8102}
PASSWORD = "safer-communities-demo"
FIGURES = "indicator,area,year,quarter,value,commentary\nNI 20,Blaby,2031/32,1,4,Two-instance check\n"


class Client:
    """One browser's cookies, used against either instance (the session lives in the database)."""

    def __init__(self):
        self.cookies = {}

    def request(self, instance, path, data=None, files=None):
        url = f"http://127.0.0.1:{PORTS[instance]}{path}"
        headers = {"X-Forwarded-Proto": "https", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers["Referer"] = f"https://127.0.0.1:{PORTS[instance]}{path}"
        body = None
        if files:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in data.items()
            ]
            for name, (file_name, content) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                    f"Content-Type: text/csv\r\n\r\n{content}\r\n"
                )
            body = ("".join(parts) + f"--{boundary}--\r\n").encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(urllib.request.Request(url, data=body, headers=headers), timeout=60)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, response.headers.get("Location", ""), response.read().decode("utf-8", "replace")

    def csrf(self):
        return self.cookies.get("csrftoken", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_fields(html, action=None):
    page = BeautifulSoup(html, "html.parser")
    form = page.find("form", action=action) if action else page.find("form", id=re.compile("_form$"))
    fields = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file"):
            continue
        if element.name == "select":
            chosen = element.find("option", selected=True)
            fields[name] = chosen.get("value", "") if chosen else ""
        elif element.name == "textarea":
            fields[name] = element.get_text()
        elif element.get("type") == "checkbox":
            if element.has_attr("checked"):
                fields[name] = element.get("value", "on")
        else:
            fields[name] = element.get("value", "")
    return fields


def env(**extra):
    return {**os.environ, "DATABASE_URL": DATABASE_URL, **extra}


def setup_database():
    base, name = DATABASE_URL.rsplit("/", 1)
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", f"{base}/postgres", "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env(DEBUG="1"), check=True)
    subprocess.run([*manage, "seed", "--demo-accounts"], cwd=ROOT, env=env(DEBUG="1"), check=True, capture_output=True)


def wait_for(instance, client):
    for _ in range(100):
        try:
            client.request(instance, "/accounts/login/")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise SystemExit(f"instance {instance} did not start")


def follow_job(client, location, instances):
    """Read the job's page, alternating instances, until it is no longer the progress page."""
    path = urllib.parse.urlparse(location).path
    for turn in range(600):
        instance = instances[turn % len(instances)]
        status, where, html = client.request(instance, path)
        if status != 200 or "<progress" not in html:
            return instance, status, where, html
        state = BeautifulSoup(html, "html.parser").find("progress").find_previous("p").get_text(" ", strip=True)
        print(f"  job page on {instance}: {state}")
        time.sleep(0.5)
    raise SystemExit("the job did not finish")


def django_setup():
    """This script reads the shared database directly too, to show where things are kept."""
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safercommunities.settings")
    os.environ["DEBUG"] = "1"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def kept_uploads() -> str:
    from jobs.models import Upload

    rows = Upload.objects.order_by("uploaded_at").values_list("name", "size", "sha256", "uploaded_by__username")
    kept = [f"{name[:8]}… {size} bytes, sha256 {sha[:12]}…, by {who}" for name, size, sha, who in rows]
    return f"{len(kept)} in the database ({'; '.join(kept) or 'none'})"


def left_on_disk(scratch: Path) -> str:
    files = sorted(str(path.relative_to(scratch)) for path in scratch.glob("tmp-*/**/*") if path.is_file())
    return ", ".join(files) or "nothing"


def main():
    setup_database()
    django_setup()
    scratch = Path(tempfile.mkdtemp(prefix="safercommunities-two-"))  # logs, and each process's own TMPDIR
    production = env(
        SECRET_KEY="two-instances-" + uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_WORKERS="2",
    )

    def own_tmpdir(name):
        (scratch / f"tmp-{name}").mkdir()
        return {**production, "TMPDIR": str(scratch / f"tmp-{name}")}

    processes = []
    try:
        for name, port in PORTS.items():
            command = [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "safercommunities.wsgi"]
            log = open(scratch / f"gunicorn-{name}.log", "w")  # noqa: SIM115
            process_env = {**own_tmpdir(name), "GUNICORN_BIND": f"127.0.0.1:{port}"}
            processes.append(subprocess.Popen(command, cwd=ROOT, env=process_env, stdout=log, stderr=log))
        for worker_id in ("w1", "w2"):
            command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker_id, "--interval", "0.5"]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=own_tmpdir(worker_id), stderr=subprocess.DEVNULL))
        cache = (
            f"REDIS_URL={os.environ['REDIS_URL']} passed to every process"
            if os.environ.get("REDIS_URL")
            else "no REDIS_URL (each process caches pages in its own memory)"
        )
        print(f"Started gunicorn A on :{PORTS['A']}, B on :{PORTS['B']}, workers w1 and w2, database {DATABASE_URL}")
        print(f"Shared: the database (sessions, task state, uploads); {cache}; no shared directory")
        browser = Client()
        for name in PORTS:
            wait_for(name, browser)

        status, _, html = browser.request("A", "/admin/login/")
        fields = {**form_fields(html, action="/admin/login/"), "username": "admin", "password": PASSWORD}
        status, where, _ = browser.request("A", "/admin/login/", data=fields)
        print(f"Signed in on A as admin: {status} -> {where}")
        status, _, html = browser.request("B", "/admin/")
        print(
            f"Same session cookie on B: /admin/ answers {status}, {'signed in' if 'Log out' in html else 'NOT signed in'}"
        )

        import_path = "/admin/indicators/measurement/import/"
        _, _, html = browser.request("A", import_path)
        data = {"csrfmiddlewaretoken": browser.csrf(), "resource": "0", "format": "0"}
        status, where, _ = browser.request("A", import_path, data=data, files={"import_file": ("two.csv", FIGURES)})
        print(f"Uploaded two.csv on A: {status} -> {where}")
        print(f"Uploads kept: {kept_uploads()}")
        instance, status, _, html = follow_job(browser, where, ["B", "A"])
        preview = BeautifulSoup(html, "html.parser")
        summary = next((li.get_text(strip=True) for li in preview.select("ul.messagelist li")), "")
        print(f"Preview shown on {instance}: {summary}")
        confirm_path = "/admin/indicators/measurement/process_import/"
        confirm = form_fields(html, action=confirm_path)
        status, where, _ = browser.request("B", confirm_path, data=confirm)
        print(f"Confirmed on B: {status} -> {where}")
        instance, status, where, _ = follow_job(browser, where, ["A", "B"])
        print(f"Import finished, seen on {instance}: {status} -> {where}")
        print(f"Uploads kept after the import: {kept_uploads()}")

        from django_tasks_db.models import DBTaskResult

        from indicators.models import Measurement
        from jobs.models import Job

        for job in Job.objects.order_by("pk"):
            task = DBTaskResult.objects.filter(id=job.task_id).first()
            ran_by = ", ".join(task.worker_ids) if task else "?"
            print(f"Job {job.pk} '{job.label}' by {job.started_by}: {job.state}, run by worker {ran_by}: {job.message}")

        figure = Measurement.objects.get(indicator__code="NI 20", area__name="Blaby", year=2031, quarter=1)
        change = f"/admin/indicators/measurement/{figure.pk}/change/"
        _, _, html = browser.request("A", change)
        fields = {**form_fields(html), "value": "7", "csrfmiddlewaretoken": browser.csrf()}
        status, where, _ = browser.request("A", change, data=fields)
        print(f"Changed the figure to 7 on A: {status} -> {where}")
        _, _, html = browser.request("B", change)
        value = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "value"}).get("value")
        print(f"Next request on B shows the figure as {value}")
        print(f"Left in the processes' own temporary directories: {left_on_disk(scratch)}")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


if __name__ == "__main__":
    main()
