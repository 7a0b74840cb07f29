"""Starting a job, running it in a worker, and reporting its progress while it runs.

A job's work is a function ``handler(job, progress) -> (message, result)`` named by its dotted path,
so this app imports none of the apps whose work it runs. ``progress(done, total)`` may be called as
often as the work likes; it is written at most every ``PROGRESS_EVERY`` seconds.

The work usually runs inside one transaction (an import is all or nothing), so its progress is
written through a second database connection (the ``progress`` alias, set when ``DATABASE_URL``
is PostgreSQL) that commits at once and so is seen by the page while the work's own transaction is
still open. Without that alias (SQLite, tests) progress is written on the work's own connection and
is seen when the job ends.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
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
    from jobs.tasks import run_job

    user = user if getattr(user, "is_authenticated", False) else None
    job = Job.objects.create(handler=handler, label=label[:200], started_by=user, params=params or {})
    task_result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(task_result.id)[:64])
    job.refresh_from_db()
    return job


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


def run(job_id: int) -> None:
    """Run a job's work; a failure is recorded with its reason (the work's own transaction is rolled back)."""
    job = Job.objects.get(pk=job_id)
    _update(job.pk, using=progress_database(), state=Job.State.RUNNING, started_at=timezone.now())
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
