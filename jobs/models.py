"""A long piece of work run by a task worker: who started it, its state, its progress, its outcome.

django-tasks keeps its own record of each task (``DBTaskResult``), but it has no user and no
progress, and the immediate backend the tests use keeps none at all; a ``Job`` is ours, the same
whatever backend runs it (the database worker today, Celery or Django 6's own tasks tomorrow).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    label = models.CharField(max_length=200, help_text="What the job does, in words.")
    handler = models.CharField(max_length=200, help_text="The dotted path of the function that does the work.")
    params = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="The outcome in words, or why the job failed.")
    result = models.JSONField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task backend's id for the run.")
    worker = models.CharField(
        max_length=300, blank=True, help_text="The machine and process running the job (host:pid), once started."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the running job's worker last said it was alive (PostgreSQL only)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="job_done_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.label} ({self.get_state_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


class Upload(models.Model):
    """A file uploaded for a job, kept until the job is done: an import's file between preview and confirm.

    Kept here, in the database every web process and worker shares, not on one machine's disk: the preview
    may be shown by one machine, confirmed on another and imported by a worker on a third (README "Running
    at scale"). ``core.imports.files.ImportTempStorage`` keeps, reads and deletes these rows.
    """

    name = models.CharField(
        max_length=32, unique=True, help_text="A random id: the confirm form and the job name the upload by it."
    )
    content = models.BinaryField()
    size = models.PositiveIntegerField(help_text="Bytes.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)  # the sweep deletes by age

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.name} ({self.size:,} bytes, {timezone.localtime(self.uploaded_at):%d %b %Y %H:%M})"
