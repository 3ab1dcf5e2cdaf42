# Backprop by Hand. Two commands on a fresh machine:
#   make lab    creates .venv, installs, opens JupyterLab at the index
#   make test   creates .venv if needed, installs, runs every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test execute lint format nav bench binder-replay clean help

help:
	@echo "make lab      open the series in JupyterLab (sets itself up)"
	@echo "make test     run every test: helpers, nbval on each notebook, widgets, browser"
	@echo "make execute  re-run every notebook from a fresh kernel and save its outputs"
	@echo "make bench    measure (never fails on speed); prints one combined table"
	@echo "make nav      regenerate navigation lines, the index's and the README's contents"
	@echo "make lint     ruff check and ruff format --check (make format fixes)"
	@echo "make binder-replay  replay Binder's install in a fresh venv and run the notebooks"
	@echo "make clean    remove .venv and caches"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# JupyterLab refuses to run as root unless told; containers and some lab machines are root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks/00_index.ipynb $(LAB_ROOT) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-execute every notebook in place from a fresh kernel (commit the result).
execute: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

# Each bench script prints its own figures and writes JSON to test-artifacts/bench/
# (see benchmarks/README.md); the last step prints them as one table.
bench: $(STAMP)
	@rm -rf test-artifacts/bench
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
	@$(BIN)/python benchmarks/report.py

# Navigation lines, the index's contents cell and the README's contents, from the file names.
nav: $(STAMP)
	$(BIN)/python tools/navigation.py

LINTED := helpers tests benchmarks tools notebooks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

# Binder's install steps (from the real repo2docker's Dockerfile) replayed in a fresh venv,
# then every notebook executed there. CI runs it (.ci/run).
binder-replay: $(STAMP)
	$(BIN)/python tools/binder_replay.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
