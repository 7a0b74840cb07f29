"""The one task the worker runs: a ``Job``, by its id (django-tasks; ``manage.py db_worker``)."""

from django_tasks import task

from jobs import services


@task()
def run_job(job_id: int) -> None:
    services.run(job_id)
