# Reconstruct: `make run` starts the app on the demo case, `make test` runs the whole suite.
# Both set everything up on a fresh machine (venv, packages, Chromium for browser tests).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CASE ?= data/demo
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format browser ingest clean

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

test: $(VENV)/.dev browser lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts data/*/derived

# Timeline benchmark at 1k, 10k and 100k events (see benchmarks/README.md); SIZES to override.
.PHONY: bench
bench: $(VENV)/.dev browser
	$(BIN)/python benchmarks/bench_timeline.py $(if $(SIZES),--sizes $(SIZES))
