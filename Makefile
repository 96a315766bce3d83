# Mesoplan developer commands. The two that matter: `make run` and `make test` (README).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test test-browser lint format audit backup restore bench bench-scale-out clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# The virtual environment is rebuilt when a requirements file changes.
$(VENV)/.run-deps: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.run-deps
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.run-deps  ## Run the app: web + Celery worker + beat, demo data (Ctrl-C stops all)
	DEBUG=$${DEBUG:-true} $(PY) manage.py compilemessages --ignore "var" --ignore "staticfiles" -v 0
	DEBUG=$${DEBUG:-true} PORT=$(PORT) $(PY) manage.py runstack

# The tests compile the translations themselves (conftest.py), so `pytest` alone works too.
# Browser tests run in their own pytest process: only they need DJANGO_ALLOW_ASYNC_UNSAFE
# (Playwright's sync API beside live_server), so every other test keeps Django's check.
test: $(VENV)/.dev-deps  ## Run the whole test suite (browser tests included)
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

lint: $(VENV)/.dev-deps  ## Check formatting, common mistakes, the import rules and the translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=$${DEBUG:-true} $(PY) manage.py check_translations

format: $(VENV)/.dev-deps  ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# bandit fails on any medium or high finding in our code (a reviewed false positive carries
# `# nosec <test>` with its reason on the line above); pip-audit checks the pinned requirements and says plainly when
# its vulnerability service cannot be reached (then it passes: nothing was checked).
audit: $(VENV)/.dev-deps  ## Security checks: bandit on our code, pip-audit on the pins
	$(VENV)/bin/bandit -q -r clinic patients protocols sessions -c .bandit.yml -ll
	$(PY) .ci/dependency_audit.py

# Backups go to BACKUP_DIR (default var/backups/<date>/) or BACKUP=folder; restore REPLACES the
# database and the private files: `make restore BACKUP=var/backups/20261202T020000Z`.
backup: $(VENV)/.run-deps  ## Back up the database and private files (photos, consents, scans)
	DEBUG=$${DEBUG:-true} $(PY) manage.py backup $(if $(BACKUP),--to "$(BACKUP)")

restore: $(VENV)/.run-deps  ## Restore a backup folder: make restore BACKUP=var/backups/<date>
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/<date>"; exit 2; }
	DEBUG=$${DEBUG:-true} $(PY) manage.py restore "$(BACKUP)"

# The follow-up sweep: N due e-mails to a local SMTP sink through one real worker (BENCH_ARGS,
# e.g. `--count 500`). Runs against the configured database and cleans up after itself.
# Pages vs bare twins at two sizes, the follow-up sweep and the documents; writes
# docs/benchmarks.{md,json}. Needs DATABASE_URL=postgres://.../mp_bench (a bench_data network).
bench: $(VENV)/.dev-deps  ## Benchmark pages, sweep, documents: docs/benchmarks.md
	DEBUG=$${DEBUG:-true} $(PY) manage.py bench $(BENCH_ARGS)

# Two gunicorn instances, two Celery workers and one beat on one PostgreSQL and Redis: books
# and signs through both at once and counts double bookings and duplicate e-mails (0 and 0).
# Needs DATABASE_URL=postgres://... and TEST_REDIS_URL (it also runs in `make test` there).
bench-scale-out: $(VENV)/.dev-deps  ## Show scale-out: 2 web instances, 2 workers, 1 beat
	$(PY) -m pytest -m scaleout tests/integration/test_scale_out.py $(PYTEST_ARGS)

clean:  ## Remove local state (database, broker, mail) and the virtual environment
	rm -rf var $(VENV) staticfiles .pytest_cache
