"""Starting a job, running it in a worker, and reporting its progress while it runs.

A job's work is a function ``handler(job, progress) -> (message, result)`` named by its dotted path,
so this app imports none of the apps whose work it runs. ``progress(done, total)`` may be called as
often as the work likes; it is written at most every ``PROGRESS_EVERY`` seconds.

The work usually runs inside one transaction (an import is all or nothing), so its progress is
written through a second database connection (the ``progress`` alias, set when ``DATABASE_URL``
is PostgreSQL) that commits at once and so is seen by the page while the work's own transaction is
still open. Without that alias (SQLite, tests) progress is written on the work's own connection and
is seen when the job ends.

A worker can die mid-job (killed, out of memory, its machine lost): PostgreSQL then rolls the work's
transaction back, so nothing is written, but the job would say "Running" for ever. So a running job
names its worker (``host:pid``) and, where progress has its own connection, a thread beats a heartbeat
every ``JOB_HEARTBEAT_SECONDS``; ``fail_abandoned`` marks failed, with the reason, a running job whose
worker process is gone from this machine or whose heartbeat is older than ``JOB_STALE_SECONDS``. It runs
when a worker starts a job, when a job's page or the job list is read, and from ``fail_abandoned_jobs``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import Job

PROGRESS_EVERY = 0.5  # seconds


class JobFailed(Exception):
    """The work refuses to go on; the message is for the person who started it."""


def progress_database() -> str:
    return "progress" if "progress" in settings.DATABASES else DEFAULT_DB_ALIAS


def start(*, handler: str, label: str, user=None, params: dict | None = None) -> Job:
    """Record a job and hand it to the task backend (with the immediate backend it has run on return)."""
    return _hand_over(_record(handler, label, user, params))


def _record(handler: str, label: str, user, params: dict | None) -> Job:
    user = user if getattr(user, "is_authenticated", False) else None
    return Job.objects.create(handler=handler, label=label[:200], started_by=user, params=params or {})


def _hand_over(job: Job) -> Job:
    from jobs.tasks import run_job

    task_result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(task_result.id)[:64])
    job.refresh_from_db()
    return job


def start_once(*, handler: str, label: str, user=None, params: dict) -> Job:
    """The job already waiting or running for this handler and these parameters, else a new one.

    Two requests asking at the same moment (two people downloading the same report) take turns: the second
    waits until the first has recorded its job, then joins it, rather than both building the same thing.
    """
    with transaction.atomic():
        _one_at_a_time(handler, params)
        unfinished = [Job.State.QUEUED, Job.State.RUNNING]
        if running := Job.objects.filter(handler=handler, params=params, state__in=unfinished).first():
            return running
        job = _record(handler, label, user, params)
    return _hand_over(job)  # after the commit, so the worker (or the test's immediate run) finds the job


def _one_at_a_time(handler: str, params: dict) -> None:
    """Hold a lock named by the handler and parameters until the transaction ends (PostgreSQL; SQLite already
    runs one writer at a time)."""
    if connection.vendor != "postgresql":
        return
    name = json.dumps([handler, params], sort_keys=True, default=str).encode()
    key = int.from_bytes(hashlib.sha256(name).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


class Progress:
    def __init__(self, job: Job):
        self.job_id = job.pk
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        changes = {"done": done} if total is None else {"done": min(done, total), "total": total}
        _update(self.job_id, using=progress_database(), **changes)


def _update(job_id: int, *, using: str = DEFAULT_DB_ALIAS, **changes) -> None:
    Job.objects.using(using).filter(pk=job_id).update(**changes)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Heartbeat(threading.Thread):
    """Writes the job's ``heartbeat_at`` through its own connection until stopped (PostgreSQL only)."""

    def __init__(self, job_id: int):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                _update(self.job_id, using="progress", heartbeat_at=timezone.now())
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self):
        self.stopped.set()
        self.join()


def run(job_id: int) -> None:
    """Run a job's work; a failure is recorded with its reason (the work's own transaction is rolled back)."""
    job = Job.objects.get(pk=job_id)
    # Each worker sweeps as it starts a job, so a dead worker's job is failed without anyone looking.
    fail_abandoned(Job.objects.filter(state=Job.State.RUNNING).exclude(pk=job_id))
    beats = progress_database() == "progress"
    now = timezone.now()
    started = {"state": Job.State.RUNNING, "started_at": now, "worker": this_worker()}
    _update(job.pk, using=progress_database(), **started, heartbeat_at=now if beats else None)
    heartbeat = Heartbeat(job.pk) if beats else None
    if heartbeat:
        heartbeat.start()
    try:
        message, result = import_string(job.handler)(job, Progress(job))
    except JobFailed as exc:
        _finish(job, Job.State.FAILED, f"Nothing was changed: {exc}")
    except Exception as exc:
        # The work's transaction was rolled back; the worker logs the traceback, the page says what happened.
        _finish(job, Job.State.FAILED, f"Nothing was changed: the job stopped with {type(exc).__name__}: {exc}")
        raise
    else:
        _finish(job, Job.State.SUCCEEDED, message, result=result)
    finally:
        if heartbeat:
            heartbeat.stop()


def _process_gone(worker: str) -> bool:
    """Whether ``host:pid`` names a process on this machine that no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's worker: only its heartbeat can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def abandoned_reason(job: Job, now=None) -> str | None:
    """Why a running job's worker is taken to be dead, or None while it may still be working."""
    if job.state != Job.State.RUNNING or not job.worker:
        return None
    if _process_gone(job.worker):
        return f"its worker ({job.worker}) stopped before the job finished"
    stale = (now or timezone.now()) - timedelta(seconds=settings.JOB_STALE_SECONDS)
    if job.heartbeat_at and job.heartbeat_at < stale:
        return (
            f"its worker ({job.worker}) stopped answering at {timezone.localtime(job.heartbeat_at):%H:%M:%S} "
            "before the job finished"
        )
    return None


def fail_abandoned(jobs=None) -> list[Job]:
    """Mark failed every running job (of ``jobs``, else all) whose worker died; those jobs, refreshed.

    A dead worker's transaction was rolled back by PostgreSQL, so the message can say nothing was changed.
    """
    failed = []
    for job in jobs if jobs is not None else Job.objects.filter(state=Job.State.RUNNING):
        reason = abandoned_reason(job)
        if reason is None:
            continue
        changes = {"state": Job.State.FAILED, "finished_at": timezone.now()}
        changes["message"] = f"Nothing was changed: {reason}. Start it again."
        # Only if still running: a job that finished meanwhile keeps its own outcome.
        if Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(**changes):
            _fail_task(job.task_id, changes["finished_at"])
            job.refresh_from_db()
            failed.append(job)
    return failed


def _fail_task(task_id: str, when) -> None:
    """The database backend's own record of the run says failed too (it would say running for ever)."""
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    try:
        task_uuid = uuid.UUID(task_id)
    except ValueError:
        return  # another backend's id
    DBTaskResult.objects.filter(id=task_uuid, status="RUNNING").update(status="FAILED", finished_at=when)


def checked(job: Job) -> Job:
    """``job``, marked failed first if its worker died (for the page that shows it)."""
    fail_abandoned([job])
    return job


def storable(value):
    """``value`` with every NUL shown as ␀: PostgreSQL's text and JSON cannot hold NUL, and a refused file may."""
    if isinstance(value, str):
        return value.replace("\x00", "\u2400")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value


def _finish(job: Job, state: str, message: str, result=None) -> None:
    changes = {"state": state, "message": storable(message), "finished_at": timezone.now(), "result": storable(result)}
    if state == Job.State.SUCCEEDED:
        changes["done"] = Job.objects.get(pk=job.pk).total or 0
    _update(job.pk, **changes)
