# The README's two commands: `make run` and `make test`.
# Local development values are set here; production reads the environment (.env.example).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make

# Local development: DEBUG on, demo accounts allowed. Production never runs these targets.
LOCAL_ENV := DEBUG=1

.PHONY: run setup test lint check pytest browser-deps frontend static migrate seed bench clean

# One task worker (imports, scale data) runs in the background beside the web server and stops with it.
run: setup
	@echo "Serving at http://127.0.0.1:8000 (demo logins are in README.md), with one task worker"
	$(LOCAL_ENV) $(PY) manage.py db_worker & worker=$$!; \
	trap 'pkill -P $$worker; kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL_ENV) $(PY) manage.py runserver 127.0.0.1:8000

setup: $(STAMP)/python frontend static migrate seed

$(STAMP)/python: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required"; exit 1; }
	@# WeasyPrint (the Board report's PDF) lays text out with Debian's Pango.
	@ldconfig -p | grep -q libpangoft2-1.0 || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@mkdir -p $(STAMP) && touch $@

# GOV.UK Frontend (Sass, Arial font stack), plotly.js and Swagger UI from the npm registry via package-lock.json.
# No install scripts: nothing we use needs one, and swagger-ui-dist's @scarf/scarf would report the install.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

static/dist/.built: node_modules/.package-lock.json $(wildcard frontend/scss/*.scss) $(wildcard frontend/*.mjs)
	npm run build
	@touch $@

frontend: static/dist/.built

static: $(STAMP)/python frontend
	$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput -v0

migrate: $(STAMP)/python
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v0

# Demonstration figures are synthetic (marked so on every page); `make run DEMO_FIGURES=0` starts without them.
DEMO_FIGURES ?= 1

seed: $(STAMP)/python migrate
	$(LOCAL_ENV) $(PY) manage.py seed --demo-accounts
ifeq ($(DEMO_FIGURES),1)
	$(LOCAL_ENV) $(PY) manage.py generate_demo_figures
else
	$(LOCAL_ENV) $(PY) manage.py generate_demo_figures --remove
endif

lint: $(STAMP)/python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(STAMP)/python
	$(LOCAL_ENV) $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-but-long-enough-for-the-check ALLOWED_HOSTS=example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

# The whole suite, lint included. Uses DATABASE_URL when set (CI: PostgreSQL), else SQLite.
test: lint check frontend static browser-deps
	$(LOCAL_ENV) $(PY) -m pytest

# Page timings at Leicestershire size and national scale (needs PostgreSQL: BENCH_DATABASE_URL), then the load
# run: gunicorn with production settings (4 workers) and 8 signed-in clients for BENCH_LOAD_SECONDS (60; 0 skips it).
# BENCH_SCALE=10 builds ten times national (about 5.6 million figures) instead.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/safercommunities_bench
bench: $(STAMP)/python static
	-psql "$(dir $(BENCH_DATABASE_URL))postgres" -q -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))" 2>/dev/null
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) scripts/bench.py

clean:
	rm -rf $(STAMP) staticfiles static/dist node_modules db.sqlite3*
