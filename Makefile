# Backprop by Hand. Two commands on a fresh machine:
#   make lab    creates .venv with the runtime only, opens JupyterLab at the index
#   make test   creates .venv if needed, adds the test tools, runs every test
# Both go through tools/setup_env.py, the same script a Windows user runs directly
# (`py tools/setup_env.py lab`). VENV=/some/path puts the environment elsewhere.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SETUP  := $(PYTHON) tools/setup_env.py --venv "$(VENV)"

.PHONY: lab notebook test dev-env lock test-min execute lint format nav bench binder-replay site clean help

help:
	@echo "make lab      open the series in JupyterLab (sets itself up: the runtime only)"
	@echo "make notebook the same in Jupyter Notebook 7"
	@echo "make test     run every test: helpers, nbval on each notebook, widgets, browser"
	@echo "make test-min run the notebooks and tests at the oldest supported versions"
	@echo "make lock     regenerate locks/ (every transitive dependency, with hashes)"
	@echo "make execute  re-run every notebook from a fresh kernel and save its outputs"
	@echo "make bench    measure (never fails on speed); prints one combined table"
	@echo "make nav      regenerate navigation lines, the index's and the README's contents"
	@echo "make lint     ruff check and ruff format --check (make format fixes)"
	@echo "make site     build the website of every notebook into build/site (no re-execution)"
	@echo "make a11y     audit the notebooks' outputs in JupyterLab (axe) and their static views"
	@echo "make binder-replay  replay Binder's install in a fresh venv and run the notebooks"
	@echo "make assignments     otter-grader assignments into build/assignments (ONLY=04 for one)"  # instructors
	@echo "make grade SUBMISSIONS=DIR  grade submitted notebooks into build/grades.csv, no Docker"  # instructors
	@echo "make student-release the series without solutions into build/student-release"  # instructors
	@echo "make timings SUBMISSIONS=DIR  minutes per notebook from Record timing into build/timings.csv"
	@echo "make clean    remove .venv and caches"

# The setup script installs only when its inputs changed (a stamp inside the venv), so
# every target below may call it: a second run is instant.
lab:
	@$(SETUP) lab -- $(LAB_ARGS)

notebook:
	@$(SETUP) notebook -- $(LAB_ARGS)

test:
	@$(SETUP) test -- $(PYTEST_ARGS)

# The test environment (runtime and test tools) that the targets below run in.
dev-env:
	@$(SETUP) test --install-only

# Regenerate every lock in locks/ (with hashes) after changing requirements*.txt or
# pyproject's lower bounds; tests/test_lock.py fails until you do.
lock: dev-env
	$(BIN)/python tools/lock.py

# Every notebook and the helpers' tests in a venv pinned to pyproject's lower bounds
# (locks/min-py311.txt: numpy 2.0, matplotlib 3.10, ipywidgets 7.7, ...). CI runs it.
test-min: dev-env
	$(BIN)/python tools/min_versions.py

# Re-execute every notebook in place from a fresh kernel (commit the result).
execute: dev-env
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

# Each bench script prints its own figures and writes JSON to test-artifacts/bench/
# (see benchmarks/README.md); the last step prints them as one table.
bench: dev-env
	@rm -rf test-artifacts/bench
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done
	@$(BIN)/python benchmarks/report.py

# Navigation lines, the index's contents cell and the README's contents, from the file names.
nav: dev-env
	$(BIN)/python tools/navigation.py

LINTED := helpers tests benchmarks tools notebooks
lint: dev-env
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: dev-env
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

# Binder's install steps (from the real repo2docker's Dockerfile) replayed in a fresh venv,
# then every notebook executed there. CI runs it (.ci/run).
binder-replay: dev-env
	$(BIN)/python tools/binder_replay.py

# The website (build/site/index.html) from the notebooks' committed outputs; MathJax comes
# from npm (package-lock.json) on the first run. .github/workflows/pages.yml publishes it.
site: dev-env
	$(BIN)/python tools/build_site.py

# instructors: begin
# The instructor's kit (docs/instructors/README.md): otter-grader assignments built from the
# checkers and notebooks/solutions, local grading without Docker, and a copy of the series
# without the solutions for students (tools/student_release.py leaves this block out).
.PHONY: assignments grade student-release
assignments: dev-env
	$(BIN)/python tools/assignments.py $(ONLY)

grade: dev-env
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder-of-notebooks"; exit 2; }
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)"

student-release:
	$(PYTHON) tools/student_release.py
# instructors: end

# Minutes per notebook from the cells' Record timing timestamps in submitted notebooks
# (docs/instructors/schedule.md, "Measuring it in your pilot"). IDLE=MIN caps each gap
# (default 10), TIMINGS_CSV=PATH moves the CSV. Outside the instructors' block on purpose:
# tools/timings.py and its test stay in the student release, and so does this target.
.PHONY: timings
timings:
	@test -n "$(SUBMISSIONS)" || { echo "usage: make timings SUBMISSIONS=folder-of-notebooks [IDLE=10]"; exit 2; }
	$(PYTHON) tools/timings.py "$(SUBMISSIONS)" $(if $(IDLE),--idle $(IDLE)) $(if $(TIMINGS_CSV),--out "$(TIMINGS_CSV)")

# Accessibility (issue 14): axe-core on the notebooks' outputs in JupyterLab, before and
# while they run (A11Y_LIVE=all runs every notebook live), and the static views' alt text.
.PHONY: a11y
a11y: dev-env
	$(BIN)/python -m pytest tests/test_a11y_lab.py tests/test_static_views.py tests/test_figures.py -q -p no:randomly

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
	find . -name __pycache__ -prune -exec rm -rf {} +
