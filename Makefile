# thidua — one command per routine task. `make run` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
export PYTHONDONTWRITEBYTECODE := 1
# `make run` keeps two processes in one recipe (job control, a trap): bash, not dash.
SHELL := /bin/bash

.PHONY: install run serve worker test test-rules test-browser lint fmt migrations-check demo ci clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The web server and, beside it, the background worker (imports; later reminders, documents,
# evaluations). The worker runs in its own process group so that stopping the web server
# (Ctrl-C, or its own exit) stops the worker and the reloader's child with it.
run: install  ## install, migrate, load the demo district once, serve on http://127.0.0.1:8000 with the worker
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua seed_demo
	@set -m; DEBUG=1 $(BIN)/thidua worker & worker=$$!; \
	trap 'kill -TERM -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=1 $(BIN)/thidua runserver $(HOST)

serve: install  ## serve without touching the data
	DEBUG=1 $(BIN)/thidua runserver $(HOST)

worker: install  ## the background worker alone (make serve in another terminal)
	DEBUG=1 $(BIN)/thidua worker

test: install  ## the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/pytest

test-rules: install  ## the eligibility engine alone: no database, seconds
	$(BIN)/pytest thidua/rules

test-browser: install
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy --strict thidua/rules

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/thidua makemigrations --check --dry-run

demo: install  ## reset the database to the demo district
	$(BIN)/thidua flush --noinput
	$(BIN)/thidua migrate --noinput
	$(BIN)/thidua seed_demo

ci: lint migrations-check test

clean:
	rm -rf $(VENV) var/static
