"""Settings for the test suite: local-development values plus speed knobs.

`pytest tests/…` must work in a fresh shell without `make` or `DEBUG=1` exported,
so the local-development switch is defaulted here before the real settings are read.
Everything else (the database from DATABASE_URL, security headers, apps) is the
real settings module; production is unaffected because it never imports this file.
"""

import os

os.environ.setdefault("DEBUG", "1")

from safercommunities.settings import *  # noqa: E402, F403

# Hashing the demo accounts' passwords with PBKDF2 costs seconds per test session.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tasks run inside the call that enqueues them, so a test sees a job's outcome at once.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # The real worker's backend, for the test that starts `db_worker` and kills it mid-import.
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# A job's progress goes through the test's own connection (a second one would not see the test's data), except in
# the worker process a test starts (tests/imports/test_jobs.py), which reports progress as production does.
if not os.environ.get("TEST_WORKER_PROCESS"):
    DATABASES.pop("progress", None)  # noqa: F405

# Tests keep pages in each process's memory, emptied before every test (tests/conftest.py), even if REDIS_URL is set.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
