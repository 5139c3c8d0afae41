# Mangfoldsportalen: `make run` and `make test` on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_FILTER := grep -v "is ignored" || true

.PHONY: run test test-fast test-browser messages migrate demo check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	set -o pipefail; $(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt 2>&1 | { $(PIP_FILTER); }
	touch $@

venv: $(VENV)/.installed

# .po files live in the repository; the compiled .mo files are made here, never committed, and
# only when their .po changed (msgfmt --check-format, as compilemessages runs it).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "Installing gettext (msgfmt)"; apt-get install -y -qq gettext >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq gettext); }
	msgfmt --check-format -o $@ $<

messages: $(VENV)/.installed $(MO_FILES)

# The tests' second readers and checkers under node (tests/js: ical.js, vnu-jar, pa11y), pinned by its
# package-lock.json. pa11y drives Debian's Chromium: puppeteer's own Chrome is not downloaded.
JS_TOOLS := tests/js/node_modules/.installed

$(JS_TOOLS): tests/js/package.json tests/js/package-lock.json
	cd tests/js && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: messages
	$(PY) manage.py migrate --no-input -v 0

# The job worker (manage.py db_worker: e-mails, PDFs, big imports; manage.py rqworker when
# PORTAL_TASKS_BACKEND=rq) runs beside the web server, is started again whenever it exits (as
# systemd's Restart=always does in production), and stops with the server.
WORKER = $(if $(filter rq,$(PORTAL_TASKS_BACKEND)),rqworker -v 1,db_worker --no-reload -v 1)
run: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --if-empty
	@echo "Serving on http://127.0.0.1:8000/ with the background job worker (manage.py $(firstword $(WORKER))) beside it"
	( trap 'kill $$child 2>/dev/null; wait $$child 2>/dev/null; exit 0' TERM INT; \
	  while :; do \
	    DJANGO_DEBUG=1 $(PY) manage.py $(WORKER) & child=$$!; wait $$child; \
	    echo "The job worker stopped (exit $$?); starting it again in 2 s" >&2; sleep 2 & wait $$!; \
	  done ) & supervisor=$$!; \
	  trap 'kill $$supervisor 2>/dev/null; wait $$supervisor 2>/dev/null' EXIT; \
	  DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Tests (tests/settings.py: MD5 passwords, a local-memory cache; docs/contributing.md).
# `make test` runs every test, one worker per core, on a test database made anew;
# `make test ARGS=tests/panel/test_series.py::test_it_…` runs what ARGS names, in one process, on
# the test database the last run left (--reuse-db: new migrations are still applied).
# `make test-fast` is everything but the browser, `make test-browser` the browser alone (tests/browser and
# the production-stack journeys, tests/journeys).
TEST_WORKERS ?= auto
PYTEST := DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest

test: messages $(JS_TOOLS)
ifeq ($(strip $(ARGS)),)
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup --create-db $(PYTEST_ARGS)
else
	$(PYTEST) --reuse-db $(ARGS) $(PYTEST_ARGS)
endif

test-fast: messages $(JS_TOOLS)
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup --reuse-db -m "not browser and not journey" $(ARGS) $(PYTEST_ARGS)

test-browser: messages $(JS_TOOLS)
	$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup --reuse-db -m "browser or journey" $(ARGS) $(PYTEST_ARGS)

check: $(VENV)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
	  $(PY) manage.py check --deploy --fail-level WARNING

# Load and fault test against a throwaway PostgreSQL on 127.0.0.1 (not part of CI: minutes, and
# the figures depend on the machine). Results go into docs/operations.md by hand.
bench: $(VENV)/.installed
	bash scripts/bench/run.sh

clean:
	rm -rf $(VENV) staticfiles tests/js/node_modules
