# Reconstruct: `make run` starts the app on the demo case, `make test` runs the whole suite.
# Both set everything up on a fresh machine (venv, packages, Chromium for browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CASE ?= data/demo
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format browser postgres ingest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Debian's Chromium and its driver, for the browser tests (nothing is downloaded at run time).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then \
		echo "chromium: $$(chromium --version 2>/dev/null)"; \
	else \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y chromium chromium-driver poppler-utils; \
	fi

# PostgreSQL for the case-store tests: Debian's server, listening on 127.0.0.1 only, with a
# role and database `reconstruct_test` (tests/store/conftest.py connects to it, or to the URL in
# RECONSTRUCT_TEST_PG when set). Idempotent. When it cannot be had (not root and no sudo, no
# package), it says so and the PostgreSQL cases are skipped; SQLite always runs.
PG_TEST := reconstruct_test
PG_AS := $(if $(SUDO),sudo -u postgres,runuser -u postgres --)
postgres:
	@if [ -n "$$RECONSTRUCT_TEST_PG" ]; then echo "postgres: using RECONSTRUCT_TEST_PG"; exit 0; fi; \
	if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then \
		{ $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y postgresql; } >/dev/null || { \
		echo "postgres: could not install Debian's postgresql (needs root or sudo);" \
			"the PostgreSQL store tests will be skipped"; exit 0; }; \
	fi; \
	v=$$(ls /usr/lib/postgresql | sort -V | tail -n 1); \
	if ! pg_lsclusters -h 2>/dev/null | grep -q "^$$v main "; then \
		$(SUDO) pg_createcluster $$v main >/dev/null || { \
		echo "postgres: could not create a cluster; PostgreSQL store tests skipped"; exit 0; }; \
	fi; \
	conf=/etc/postgresql/$$v/main/conf.d/reconstruct-test.conf; \
	if [ ! -f $$conf ]; then \
		echo "listen_addresses = '127.0.0.1'" | $(SUDO) tee $$conf >/dev/null; \
		$(SUDO) pg_ctlcluster $$v main stop >/dev/null 2>&1 || true; \
	fi; \
	if ! pg_ctlcluster $$v main status >/dev/null 2>&1; then \
		$(SUDO) pg_ctlcluster $$v main start || { \
		echo "postgres: the server did not start; PostgreSQL store tests skipped"; exit 0; }; \
	fi; \
	$(PG_AS) psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = '$(PG_TEST)'" | grep -q 1 || \
		$(PG_AS) psql -qc "CREATE ROLE $(PG_TEST) LOGIN PASSWORD '$(PG_TEST)'"; \
	$(PG_AS) psql -qtAc "SELECT 1 FROM pg_database WHERE datname = '$(PG_TEST)'" | grep -q 1 || \
		$(PG_AS) createdb -O $(PG_TEST) $(PG_TEST); \
	echo "postgres: PostgreSQL $$v on 127.0.0.1:5432, database $(PG_TEST)"

ingest: $(VENV)/.runtime
	$(BIN)/python -m reconstruct ingest $(CASE)

run: $(VENV)/.runtime
	-$(BIN)/python -m reconstruct ingest $(CASE)
	$(BIN)/python app.py --case $(CASE) --host $(HOST) --port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev browser postgres lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts data/*/derived

# Timeline benchmark at 1k, 10k and 100k events (see benchmarks/README.md); SIZES to override.
.PHONY: bench
bench: $(VENV)/.dev browser
	$(BIN)/python benchmarks/bench_timeline.py $(if $(SIZES),--sizes $(SIZES))
# The analyses at the same sizes, each alone and all together (benchmarks/bench_analyses.py).
	$(BIN)/python benchmarks/bench_analyses.py $(if $(SIZES),--sizes $(SIZES))
# Ingest at 10^3..10^6 raw rows (INGEST_SIZES to override) and one query over 1,000 cases.
	$(BIN)/python benchmarks/bench_ingest.py $(if $(INGEST_SIZES),--sizes $(INGEST_SIZES))
	$(BIN)/python benchmarks/bench_cases.py
