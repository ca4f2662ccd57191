# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the demo's emails and certificates point at the server `make run` starts.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-test messages system-packages services services-stop opensearch prodlike prodlike-stop bench screenshots lint clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(PY)
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed-runtime messages
install-test: $(VENV)/.installed-test messages

## Compile the translation catalogues (locale/*/LC_MESSAGES/django.po -> .mo). The compiled
## file is committed too, so a machine without GNU gettext (msgfmt) still runs in English.
## Always compiled: compilemessages skips a .mo not older than its .po, and a fresh checkout gives both
## the same time, so a stale committed .mo would be kept.
messages: | $(PY)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  for po in locale/*/LC_MESSAGES/*.po; do msgfmt --check-format -o "$${po%.po}.mo" "$$po" || exit 1; done; \
	else echo "msgfmt not found: using the committed locale/*/LC_MESSAGES/*.mo"; fi

system-packages:
	@scripts/ensure-system-packages

## Set up and run the product on the embedded defaults with demo data.
run: install
	$(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(PY) manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite).
test: install-test system-packages
	$(MAKE) --no-print-directory messages
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## PostgreSQL and Redis on loopback (installed from Debian's packages when missing); `make services-stop` ends them.
services:
	@scripts/services start

services-stop:
	@scripts/services stop

## A single OpenSearch 2.19 node on 127.0.0.1:9200 (Ctrl-C stops it).
opensearch:
	scripts/opensearch-node --port 9200

## The production topology on loopback (nginx, two gunicorn nodes, Celery worker and beat, PostgreSQL,
## Redis, OpenSearch, S3) with DEBUG=false and the demo data; `make prodlike-stop` ends all of it.
prodlike: install-test
	@scripts/prodlike start

prodlike-stop:
	@scripts/prodlike stop

bench: install-test
	$(PY) -m benchmarks $(BENCH_ARGS)

## Screenshots of each role's pages at 1366 and 390 px into docs/screenshots/, from the demo `make run`
## is serving (start it first, in another terminal).
screenshots: install-test system-packages
	$(PY) scripts/screenshots --url http://$(HOST):$(PORT)

lint: install-test
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) var test-artifacts
