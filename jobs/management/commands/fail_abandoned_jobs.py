"""Mark failed every running job whose worker died (for a scheduler; the job pages also check as they are read)."""

from django.core.management.base import BaseCommand

from jobs.services import fail_abandoned


class Command(BaseCommand):
    help = "Mark failed, with the reason, every running job whose worker process died or stopped its heartbeat."

    def handle(self, *args, **options):
        for job in fail_abandoned():
            self.stdout.write(f"Job {job.pk} '{job.label}': {job.message}")
