# FairPlanner: `make run` serves the demo; `make test` runs every test; `make check` is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
ASSETS := static/build/.built
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test hunt check setup assets lint typecheck migrations check-migrations audit clean help

help:
	@echo "make run    - set up (first time) and serve the demo at http://$(HOST):$(PORT)"
	@echo "make test   - set up and run the whole test suite (unit, HTTP, browser)"
	@echo "make check  - ruff, formatting, mypy, migrations, then make test"
	@echo "make hunt   - the property tests with fresh random examples, to find new failures"

$(APP_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "FairPlanner needs Python 3.11 or newer.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(DEV_STAMP): $(APP_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

$(ASSETS): package.json package-lock.json sass/*.scss scripts/copy-assets.mjs
	@command -v npm >/dev/null || { echo "FairPlanner needs Node.js and npm to build its pages' styles: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@touch $@

assets: $(ASSETS)
setup: $(APP_STAMP) $(ASSETS)

run: setup
	@$(BIN)/fairplanner migrate
	@$(BIN)/fairplanner demo --if-new
	@$(BIN)/fairplanner serve --host $(HOST) --port $(PORT)

test: $(DEV_STAMP) $(ASSETS)
	@scripts/ensure-chromium.sh
	$(BIN)/pytest $(PYTEST_ARGS)

# The property tests (Hypothesis) with new random draws on each run; `make test` repeats one
# fixed set so CI never turns red on a lucky draw.
HUNT_TESTS = tests/web/test_hostile_forms.py tests/web/test_hostile_input.py \
	tests/services/test_ical.py tests/test_api_schema.py
hunt: $(DEV_STAMP) $(ASSETS)
	@scripts/ensure-chromium.sh
	FAIRPLANNER_HYPOTHESIS=hunt $(BIN)/pytest $(HUNT_TESTS) $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

check-migrations: $(DEV_STAMP)
	$(BIN)/python scripts/check_migrations.py

migrations: $(DEV_STAMP)
	$(BIN)/python -m tortoise makemigrations

audit: $(DEV_STAMP)
	$(BIN)/python scripts/audit_dependencies.py

check: lint typecheck check-migrations audit test

clean:
	rm -rf $(VENV) node_modules static/build .pytest_cache .mypy_cache .ruff_cache
