# scc: `make run` starts the app on the embedded default store; `make test` runs the suite.
# Every target first makes sure the virtualenv holds the package and its test extras.

VENV ?= .venv
PYTHON := $(VENV)/bin/python
PIP := $(PYTHON) -m pip
STAMP := $(VENV)/.installed
LINT_STAMP := $(VENV)/.lint-installed
PG_ENV := var/postgres.env
PYTEST_ARGS ?=

export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Passed to `scc` only when the user set it; otherwise the app picks its default (./var/).
ifdef SCC_DATABASE_URL
export SCC_DATABASE_URL
endif

.PHONY: install static test run bench lint clean pg pg-stop bank-holidays

install: $(STAMP)

$(STAMP): pyproject.toml .ci/system-packages.sh .ci/frontend.sh
	bash .ci/system-packages.sh
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	bash .ci/frontend.sh
	touch $@

# GOV.UK Frontend into the git-ignored src/scc/web/static/govuk/ (and axe-core for the browser
# tests) from npm. Never fails: without npm the pages work unstyled.
static:
	bash .ci/frontend.sh

test: $(STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

run: $(STAMP)
	$(VENV)/bin/scc demo load --if-empty
	$(VENV)/bin/scc serve

bench: $(STAMP)
	$(PYTHON) -m bench

# After upgrading `holidays`: the calendar's table of bank holidays, regenerated from the package
# (tests/test_bank_holiday_table.py fails until this is run when the package's answer changed).
bank-holidays: $(STAMP)
	$(PYTHON) -m scc.bank_holiday_table

$(LINT_STAMP): $(STAMP)
	$(PIP) install -q ruff mypy types-PyYAML types-python-dateutil
	touch $@

lint: $(LINT_STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src/scc

# A throwaway PostgreSQL on 127.0.0.1 (same as CI). Prints the URL to export; `make pg-stop` ends it.
pg: $(STAMP)
	@if [ -f $(PG_ENV) ]; then echo "already running; make pg-stop first:" >&2; cat $(PG_ENV); exit 1; fi
	@bash .ci/postgres.sh start $(PG_ENV)

pg-stop:
	@if [ -f $(PG_ENV) ]; then bash .ci/postgres.sh stop $(PG_ENV); else echo "no server recorded in $(PG_ENV)" >&2; fi

clean: pg-stop
	rm -rf var $(VENV)
