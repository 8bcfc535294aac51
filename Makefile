# Set-up is part of every target: a fresh clone with only python3 needs nothing but `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The package is installed (not in editable mode) so that the tests run what a user installs,
# templates included; it is reinstalled whenever a source file changes.
SOURCES := pyproject.toml $(shell find src templates -type f -not -path '*/__pycache__/*' 2>/dev/null)
STAMP := $(VENV)/.installed

.PHONY: run test lint bench golden docs clean

run: $(STAMP)
	$(BIN)/csip validate --plan plan
	$(BIN)/csip status --plan plan --month 2017-01
	$(BIN)/csip build --plan plan --month 2017-01 --out build/reports
	@echo "Reports for January 2017 are in build/reports/ (open build/reports/index.html)."

test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Regenerate the golden report files after a deliberate change; review the diff by eye.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_reports.py tests/test_funding.py tests/test_board.py tests/test_recommendations.py tests/test_period.py --update-golden

# The CLI reference, made from every command's --help; tests/test_cli_reference.py fails when stale.
docs: $(STAMP)
	$(BIN)/python -m csip.cli.reference > docs/cli.md

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(SOURCES) | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
