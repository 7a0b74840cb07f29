"""Settings for Safer Communities, read from the environment.

Production is the default: with DEBUG unset, SECRET_KEY and ALLOWED_HOSTS
must be given and every security setting is on, so that
``manage.py check --deploy`` is clean. ``make run`` and the test suite set
DEBUG=1 (local development) themselves. See .env.example.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from safercommunities.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    # Local development only: a fixed, obviously unsafe key so sessions survive restarts.
    SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (production).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo accounts are for local use: the seed command refuses --demo-accounts unless this is on.
DEMO_ACCOUNTS_ALLOWED = DEBUG and env_bool("DEMO_ACCOUNTS_ALLOWED", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_filters",
    "django_tables2",
    "import_export",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "pagecache",
    "core",
    "partnerships",
    "indicators",
    "returns",
    "funding",
    "reports",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safercommunities.middleware.MethodNotAllowedPageMiddleware",
    "safercommunities.middleware.PrivatePagesMiddleware",
    "partnerships.middleware.SignInRequiredMiddleware",
    "partnerships.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safercommunities.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indicators.context_processors.synthetic_figures",
                "core.navigation.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "safercommunities.wsgi.application"

# --- Database -----------------------------------------------------------------
# PostgreSQL in production (DATABASE_URL=postgres://...). Without DATABASE_URL a
# SQLite file is the zero-setup local default.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            # Checks a persistent connection before reuse, so a database restart
            # costs a reconnect rather than a failed request.
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / env_str("SQLITE_PATH", "db.sqlite3"),
            "OPTIONS": {
                # Two writers wait for each other instead of failing with
                # "database is locked": IMMEDIATE takes the write lock at BEGIN,
                # WAL lets readers carry on during a write.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

# A second connection to the same database, for a job's progress: it commits at once, while the job's own
# work (an import) is one transaction that commits only at the end (jobs.services). SQLite allows one writer
# at a time, so there progress is seen when the job ends.
if DATABASE_URL:
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed page data (pagecache): Redis, shared by every web process, when REDIS_URL is set; otherwise each
# process keeps its own in memory. Entries are keyed by the data version, so neither ever serves stale pages.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Short timeouts: an unreachable Redis makes pages computed afresh (pagecache.cache), not requests that hang.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

# Background tasks (README "Background jobs"): django-tasks, the backport of Django 6's Tasks API, with its
# database backend, so no service beyond the database is needed; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job's worker writes a heartbeat this often; a job whose heartbeat is older than JOB_STALE_SECONDS
# (its worker was killed, or its machine lost) is marked failed when next looked at (jobs.services).
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 10)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a sign-in while its username and address are cooling off.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Sign-in throttling and sessions (django-axes) -----------------------------
# Failed sign-ins are counted per username *and* address together, so an attacker
# behind a council's shared proxy can only slow down the one username they guess,
# never lock out everyone behind that proxy; and every lock-out ends by itself
# after the cool-off (there is no permanent lock an attacker could use).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try made during a pause (even with the right password) is refused without being
# counted, so nobody can keep a known username paused by trying once per cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The paused page says when signing in is possible again.
AXES_LOCKOUT_CALLABLE = "safercommunities.signin.lockout_response"
# Behind a TLS proxy every request comes from the proxy's address: the client's own
# address is read from X-Forwarded-For, but only as far as the proxies we run (the
# number of them in front of the app, each appending to X-Forwarded-For). 0, the
# default, ignores the header: anyone can write it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "safercommunities.signin.client_ip"
AXES_VERBOSE = False

# Every signed-in session can write (managers enter figures, officers approve,
# administrators edit), so every session expires after this much inactivity:
# the expiry moves on with activity (at most once a minute, by
# partnerships.middleware.SessionActivityMiddleware, so a page view costs no
# session write) and is enforced by the session store on the server, whatever
# the browser keeps. Logout (POST only) deletes it.
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 30)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# --- Static files -------------------------------------------------------------
# Everything is served from our own origin: GOV.UK Frontend and plotly.js come
# from the npm registry through package-lock.json and are built into
# static/dist by `npm run build`. Nothing is ever loaded from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security -----------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only makes the site eligible for browsers' preload
# lists; nothing is submitted unless the operator does so.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): scripts only from our own origin, no
# inline script or eval; charts are drawn by a static script from JSON data.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The one table template every table uses (GOV.UK markup).
DJANGO_TABLES2_TEMPLATE = "includes/_table.html"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Bulk import limits (README "Bulk import"): refused with a message on the form, before the file is read.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_MB", 10) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# An .xlsx is a zip: its parts may not inflate beyond this (a 1 MB "zip bomb" can hold gigabytes).
IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_XLSX_UNCOMPRESSED_MB", 50) * 1024 * 1024
# Uploads wait in the database (jobs.Upload, shared by every web process and worker) between preview and confirm
# and for the worker that imports them; deleted at import, at a preview with errors, and when stale.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "core.imports.files.ImportTempStorage"
IMPORT_TMP_MAX_AGE_SECONDS = env_int("IMPORT_TMP_MAX_AGE_MINUTES", 120) * 60

# --- Read API (api/) -----------------------------------------------------------
# Open data: anyone may read published figures and statuses through /api/v1/ without signing in.
API_OPEN_DATA = env_bool("API_OPEN_DATA", default=False)
# Requests per minute per access token, signed-in user or (anonymous) address; 0 turns the limit off.
API_THROTTLE_PER_MINUTE = env_int("API_THROTTLE_PER_MINUTE", 120)
