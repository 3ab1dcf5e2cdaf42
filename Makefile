# Backprop by Hand. Two commands on a fresh machine:
#   make lab    creates .venv, installs, opens JupyterLab at the index
#   make test   creates .venv if needed, installs, runs every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test execute lint format bench clean help

help:
	@echo "make lab      open the series in JupyterLab (sets itself up)"
	@echo "make test     run every test: helpers, nbval on each notebook, widgets, browser"
	@echo "make execute  re-run every notebook from a fresh kernel and save its outputs"
	@echo "make bench    measure (never fails on speed)"
	@echo "make clean    remove .venv and caches"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_index.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-execute every notebook in place from a fresh kernel (commit the result).
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
