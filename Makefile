# The README's commands: `make demo` sets up and runs the demo, `make test` runs the tests.
#
# Override PYTHON and VENV to build a second environment, e.g. for Python 3.12 and Django 6:
#   make test PYTHON=python3.12 VENV=.venv312

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Written after a successful install; newer than pyproject.toml means nothing to do.
STAMP := $(VENV)/.installed

# pytest-xdist workers: "auto" is one per core. Extra pytest arguments go in PYTEST_ARGS.
WORKERS ?= auto
PYTEST_ARGS ?=

HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help


.PHONY: test-services
.PHONY: help install demo test lint format bench bench-large loadtest messages clean

help:
	@echo "make install   create $(VENV) with everything the tests need"
	@echo "make demo      migrate, load the demo content and users, run http://$(HOST):$(PORT)"
	@echo "make test      run the test suite (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint      ruff check, ruff format --check and the import contracts (lint-imports)"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make bench     print rendering and import benchmarks"
	@echo "make loadtest  50 users for 60 s against gunicorn on the production settings (PostgreSQL)"
	@echo "make bench-large  a whole municipality (SCALE=100: 100,000 documents, 10,000 staff)"
	@echo "make messages  update and compile the Swedish translations"

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet -e ".[postgres]" --group dev
	@touch $@

# Links in e-mails and news follow the address the demo runs on (WAGTAILADMIN_BASE_URL, unless
# it is set already).
BASE_URL ?= $(or $(WAGTAILADMIN_BASE_URL),http://$(HOST):$(PORT))

demo: install
	$(PY) manage.py migrate --no-input
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py load_demo
	WAGTAILADMIN_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

# The real parts the suite drives: Debian's chromium and axe-core for the browser tests, Redis
# for the Celery worker tests. Both scripts are idempotent and quick when all is there.
test-services:
	bash tests/browser/setup.sh
	bash tests/governance/services.sh

test: install test-services
	$(BIN)/pytest -n $(WORKERS) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(PY) -m benchmarks
	$(PY) -m benchmarks.fanout
	bash benchmarks/setup.sh
	$(PY) -m benchmarks.linkcheck
	$(PY) -m benchmarks.linkcheck --links 10000 --hosts 50
	$(PY) -m benchmarks.importing
	$(PY) -m benchmarks.processmaps
	$(PY) -m benchmarks.readconfirm
	$(PY) -m benchmarks.search

# About four minutes (a database of its own with the demo and 1,000 generated process pages,
# then 60 s of load), so not part of `make bench`. Needs PostgreSQL (DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/intranet) and Redis on 127.0.0.1:6379.
loadtest: install
	bash tests/governance/services.sh
	$(PY) -m benchmarks.loadtest $(LOADTEST_ARGS)

# A whole municipality (issue 17, README "A whole municipality"): SCALE=100 builds 100,000
# governed documents, 5,000 process pages and 10,000 staff through the import and measures
# import, search, page views, a revision notice to all staff, the link check and the load test
# beside their goals; SCALE=10 and SCALE=1 are a tenth and a hundredth. Long (scale 100: an
# hour or more), so not part of `make test` or `make bench`. Needs PostgreSQL (DATABASE_URL
# names the server; it creates large_* databases) and Redis (database 12).
SCALE ?= 100
BENCH_LARGE_ARGS ?=

bench-large: install
	bash tests/governance/services.sh
	$(PY) -m benchmarks.large --scale $(SCALE) $(BENCH_LARGE_ARGS)

# Swedish catalogue of the project's own apps (templates and Python), then the .mo file.
# Each app keeps its own catalogue (it travels with the app); the project's templates have
# theirs in intranet/locale/. Inside an app makemessages runs without settings, so that the
# strings land in the app's own locale/ rather than in LOCALE_PATHS. Source strings are
# Swedish: scripts/fill_source_catalog.py fills empty translations with them.
LOCALE_APPS := intranet/ledning intranet/portal intranet/staff search
DJANGO_ADMIN := env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/django-admin

messages: install
	@for app in $(LOCALE_APPS); do \
		echo "makemessages in $$app"; \
		(cd $$app && $(DJANGO_ADMIN) makemessages -l sv --no-obsolete --ignore "migrations/*") \
			|| exit 1; \
	done
	cd intranet && $(abspath $(PY)) ../manage.py makemessages -l sv --no-obsolete \
		$(foreach app,$(LOCALE_APPS),--ignore "$(notdir $(app))/*") --ignore "settings/*"
	$(PY) scripts/fill_source_catalog.py intranet/locale/sv/LC_MESSAGES/django.po \
		$(foreach app,$(LOCALE_APPS),$(app)/locale/sv/LC_MESSAGES/django.po)
	cd intranet && $(DJANGO_ADMIN) compilemessages -l sv
	cd search && $(DJANGO_ADMIN) compilemessages -l sv

clean:
	rm -rf $(STAMP) build dist *.egg-info
