"""Background jobs: the admin's import through a worker (progress, preview, confirm), failures, and all or nothing
when a job is aborted or its worker killed mid-import."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.imports.files import ImportTempStorage
from core.imports.jobs import start_import
from core.periods import FinancialYear
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from jobs import services, tasks
from jobs.models import Job
from tests.imports.conftest import csv_bytes, valid_figure_lines

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = "admin:indicators_measurement_import"
CONFIRM_URL = "admin:indicators_measurement_process_import"


class _QueuedTask:
    id = "queued"

    def enqueue(self, *args):
        return self


@pytest.fixture
def worker_later(monkeypatch):
    """Jobs wait in the queue, as with a real worker; ``run()`` then does what the worker would."""
    monkeypatch.setattr(tasks, "run_job", _QueuedTask())
    return lambda: [services.run(job.pk) for job in Job.objects.filter(state=Job.State.QUEUED)]


def _figures_2011():
    return Measurement.objects.filter(year=FinancialYear(2011))


def test_a_queued_import_shows_its_progress_then_the_same_preview_then_imports(
    client, administrator, new_figures, worker_later
):
    client.force_login(administrator)
    upload = SimpleUploadedFile("figures.csv", csv_bytes(*new_figures))
    response = client.post(reverse(IMPORT_URL), {"resource": "0", "format": "0", "import_file": upload})
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.started_by, job.state) == (administrator, Job.State.QUEUED)
    waiting = client.get(response["Location"])
    page = BeautifulSoup(waiting.content, "html.parser")
    assert waiting["Refresh"] == "3"  # reloads itself, no JavaScript needed
    assert "Refresh" not in client.get(response["Location"] + "?refresh=off")  # the person can turn that off
    assert page.find("progress") is not None
    assert "Waiting for a worker" in page.get_text()

    worker_later()
    preview = client.get(response["Location"])
    assert (
        "Preview: 3 new, 0 to change, 0 unchanged, 0 with errors." in [str(m) for m in preview.context["messages"]][0]
    )
    form = BeautifulSoup(preview.content, "html.parser").find("form", action=reverse(CONFIRM_URL))
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    assert not _figures_2011().exists()

    confirmed = client.post(reverse(CONFIRM_URL), fields)
    assert confirmed.status_code == 302 and not _figures_2011().exists()
    worker_later()
    done = client.get(confirmed["Location"])
    assert done.status_code == 302 and done["Location"] == reverse("admin:indicators_measurement_changelist")
    assert _figures_2011().count() == 3
    assert Job.objects.filter(state=Job.State.SUCCEEDED).count() == 2


def test_someone_else_cannot_see_a_job_they_did_not_start(client, administrator, new_figures, django_user_model):
    client.force_login(administrator)
    upload = SimpleUploadedFile("figures.csv", csv_bytes(*new_figures))
    client.post(reverse(IMPORT_URL), {"resource": "0", "format": "0", "import_file": upload})
    other = django_user_model.objects.create_superuser("other-admin")
    client.force_login(other)
    url = reverse("admin:indicators_measurement_import_job", args=[Job.objects.get().pk])
    assert client.get(url).status_code == 404


def test_a_failed_job_writes_nothing_and_says_why(seeded, administrator):
    job = start_import(
        resource_class=MeasurementResource, upload="0" * 32, file_name="gone.csv", dry_run=False, user=administrator
    )
    assert job.state == Job.State.FAILED
    assert job.message == "Nothing was changed: the uploaded file is not kept any more: upload it again"


def test_a_job_that_breaks_mid_import_leaves_nothing_written_and_is_marked_failed(seeded, monkeypatch):
    storage = ImportTempStorage()
    storage.save(csv_bytes(*valid_figure_lines(2500)))  # three batches: two are written before the break

    def break_at_row_2100(self, done, total=None):
        if done >= 2100:
            raise MemoryError("the worker ran out of memory")

    monkeypatch.setattr(services.Progress, "__call__", break_at_row_2100)
    job = start_import(resource_class=MeasurementResource, upload=storage.name, file_name="big.csv", dry_run=False)
    assert job.state == Job.State.FAILED
    assert "MemoryError: the worker ran out of memory" in job.message
    assert not Measurement.objects.filter(year__gte=FinancialYear(2030)).exists()
    assert not Measurement.history.filter(year__gte=FinancialYear(2030)).exists()


def test_import_table_background_and_generate_scale_data_run_as_jobs(seeded, tmp_path, administrator, capsys):
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes("indicator,area,year,quarter,value", "NI 20,Blaby,2011/12,1,3"))
    call_command("import_table", "measurements", str(path), "--background", "--user", "admin")
    call_command("generate_scale_data", "--background", "--counties", "1", "--districts", "2", "--indicators", "2")
    out = capsys.readouterr().out
    assert "Import figures.csv into measurements: finished. Imported: 1 new, 0 changed, 0 unchanged." in out
    assert "Generate national-scale data: finished. 3 areas, 2 indicators, 60 targets, 240 figures" in out
    assert Job.objects.get(label__startswith="Import").started_by == administrator
    assert _figures_2011().filter(indicator__code="NI 20").count() == 1
    scale = Measurement.objects.filter(indicator__agreement__code="SCALE")
    assert scale.filter(is_synthetic=True, commentary="", entered_at__isnull=False).count() == 240  # COPY'd rows
    assert scale.get(area__slug="scale-district-01-02", indicator__code="SCALE 02", year=2011, quarter=4).value > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a database it can share")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_no_partial_import(seeded):
    lines = valid_figure_lines(15000)
    storage = ImportTempStorage()
    storage.save(csv_bytes(*lines))
    job = Job.objects.create(
        handler="core.imports.jobs.run_import",
        label="Import big.csv",
        params={
            "resource": "indicators.resources.MeasurementResource",
            "upload": storage.name,
            "file_name": "big.csv",
            "dry_run": False,
        },
    )
    task = tasks.run_job.using(backend="database").enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(task.id))
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safercommunities.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TEST_WORKER_PROCESS": "1",  # progress through a second connection, so this test sees it
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "database",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while Job.objects.get(pk=job.pk).done < 2500 and time.monotonic() < deadline:
            time.sleep(0.05)  # until two batches of 1,000 rows are written inside the import's transaction
        running = Job.objects.get(pk=job.pk)
        assert (running.state, running.done >= 2500) == (Job.State.RUNNING, True)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    _wait_for_the_killed_workers_session_to_end()  # PostgreSQL rolls its transaction back when it notices
    assert not Measurement.objects.filter(year__gte=FinancialYear(2030)).exists()
    assert not Measurement.history.filter(year__gte=FinancialYear(2030)).exists()
    killed = Job.objects.get(pk=job.pk)
    assert killed.state == Job.State.RUNNING and killed.heartbeat_at is not None  # it did not finish by itself

    assert call_command_output("fail_abandoned_jobs") == f"Job {job.pk} 'Import big.csv': {_killed(worker.pid)}\n"
    failed = Job.objects.get(pk=job.pk)
    assert (failed.state, failed.message) == (Job.State.FAILED, _killed(worker.pid))
    assert DBTaskResult.objects.get(id=failed.task_id).status == "FAILED"
    assert not Measurement.objects.filter(year__gte=FinancialYear(2030)).exists()


def _killed(pid):
    return f"Nothing was changed: its worker ({socket.gethostname()}:{pid}) stopped before the job finished. Start it again."


def call_command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _wait_for_the_killed_workers_session_to_end():
    others = (
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND backend_type = 'client backend'"
    )
    with connection.cursor() as cursor:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            cursor.execute(others)
            if not cursor.fetchall():
                return
            time.sleep(0.2)
        cursor.execute(f"SELECT pg_terminate_backend(pid) FROM ({others}) AS orphans")  # the killed worker's own


def test_a_refused_file_holding_a_nul_is_kept_on_its_job_with_the_nul_shown(seeded):
    storage = ImportTempStorage()
    storage.save(csv_bytes("indicator,area,year,quarter,value,commentary", "NI 20,Blaby,2011/12,1,3.1,On\x00track"))
    job = start_import(resource_class=MeasurementResource, upload=storage.name, file_name="nul.csv", dry_run=True)
    assert job.state == Job.State.SUCCEEDED
    assert job.result["summary"]["errors"] == 1
    assert "On\u2400track" in job.result["invalid_rows"][0]["values"]


def _running(worker, heartbeat_seconds_ago):
    beat = timezone.now() - timedelta(seconds=heartbeat_seconds_ago) if heartbeat_seconds_ago is not None else None
    return Job.objects.create(
        handler="core.imports.jobs.run_import",
        label="Import big.csv",
        state=Job.State.RUNNING,
        worker=worker,
        heartbeat_at=beat,
    )


def test_a_job_whose_worker_on_another_machine_stopped_beating_says_it_failed_on_its_page(
    client, administrator, settings
):
    settings.JOB_STALE_SECONDS = 60
    job = _running("worker-machine-2:4242", heartbeat_seconds_ago=61)
    Job.objects.filter(pk=job.pk).update(started_by=administrator)
    client.force_login(administrator)
    response = client.get(reverse("admin:indicators_measurement_import_job", args=[job.pk]), follow=True)
    message = [str(m) for m in response.context["messages"]]
    assert message[0].startswith("Nothing was changed: its worker (worker-machine-2:4242) stopped answering at ")
    assert Job.objects.get(pk=job.pk).state == Job.State.FAILED


def test_a_job_whose_worker_is_alive_or_still_beating_stays_running(settings):
    settings.JOB_STALE_SECONDS = 60
    this_process = _running(services.this_worker(), heartbeat_seconds_ago=None)
    beating = _running("worker-machine-2:4242", heartbeat_seconds_ago=5)
    no_heartbeat_elsewhere = _running("worker-machine-2:4243", heartbeat_seconds_ago=None)  # SQLite: no heartbeat
    assert services.fail_abandoned() == []
    states = Job.objects.filter(pk__in=[this_process.pk, beating.pk, no_heartbeat_elsewhere.pk]).values_list(
        "state", flat=True
    )
    assert set(states) == {Job.State.RUNNING}


def test_a_job_whose_worker_process_is_gone_from_this_machine_fails_at_once():
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    job = _running(f"{socket.gethostname()}:{gone.stdout.strip()}", heartbeat_seconds_ago=None)
    assert services.fail_abandoned() == [job]
    assert Job.objects.get(pk=job.pk).message == _killed(gone.stdout.strip())


def test_a_worker_starting_the_next_job_marks_an_abandoned_one_failed(seeded, settings):
    settings.JOB_STALE_SECONDS = 60
    abandoned = _running("worker-machine-2:4242", heartbeat_seconds_ago=600)
    storage = ImportTempStorage()
    storage.save(csv_bytes("indicator,area,year,quarter,value", "NI 20,Blaby,2011/12,1,3"))
    start_import(resource_class=MeasurementResource, upload=storage.name, file_name="next.csv", dry_run=True)
    assert Job.objects.get(pk=abandoned.pk).state == Job.State.FAILED
