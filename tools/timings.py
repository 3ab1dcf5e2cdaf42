"""Time per notebook from submitted notebooks (``make timings SUBMISSIONS=DIR``).

With JupyterLab's and Notebook 7's *Record timing* setting on (``jupyter/overrides.json``
turns it on wherever the series is installed: ``make lab``, Binder, the JupyterHub image),
every cell a learner runs keeps, in its metadata, when its last run started and ended::

    "execution": {"iopub.status.busy": "2026-12-02T09:14:03.512Z",
                  "iopub.execute_input": "...", "shell.execute_reply": "...", ...}

This reads every ``.ipynb`` under DIR (any depth; hidden folders such as
``.ipynb_checkpoints`` are skipped), and for each submission computes:

- ``active_min``: the sum of the gaps between consecutive execution events (each cell's
  start and end, sorted in time), each gap capped at the idle limit (``--idle``, 10 minutes):
  a learner who leaves for lunch counts as 10 minutes of reading, not an hour;
- ``span_min``: first event to last, uncapped;
- ``cells_run`` (of ``code_cells``), ``reached_exercises`` (a code cell after the
  "Exercises" heading was run) and ``reached_last_cell``.

A submission belongs to the series notebook named by the ``otter.assignment_name`` in its
metadata (what ``make assignments`` writes), or else to the one whose ``NN_`` its file name
starts with, as tools/grade.py matches them. Writes ``build/timings.csv`` (one row per
submission) and prints, per notebook, a Markdown table of the active minutes to paste into
docs/instructors/schedule.md. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import sys
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERIES = ROOT / "notebooks"
OUT = ROOT / "build" / "timings.csv"
IDLE_MIN = 10.0
WEEK_MIN = 7 * 24 * 60  # the largest idle cap accepted
NO_TIMING = "no timing recorded (was Record timing on?)"
RUN_ALL = "looks like one Run All: earlier runs were overwritten, so active time under-counts"
EXERCISES = re.compile(r"^#{1,6}\s+Exercises\b", re.MULTILINE)
COLUMNS = (
    "submission notebook active_min span_min cells_run code_cells reached_exercises "
    "reached_last_cell note"
).split()


def read_notebook(path: Path) -> dict:
    """The notebook at ``path`` as a dict; ValueError naming the file if it is not one."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path.name} is not a notebook (not JSON: {err})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path.name} is not a notebook (no list of cells)")
    return nb


def series_notebook(path: Path, nb: dict, series: Path = SERIES) -> str:
    """The series notebook (``"04_multilayer_deltas"``) a submission is of, or ``""``."""
    known = sorted(p.stem for p in series.glob("[0-9][0-9]_*.ipynb"))
    name = nb.get("metadata", {}).get("otter", {}).get("assignment_name")
    if name in known:
        return name
    return next((stem for stem in known if path.name.startswith(stem[:3])), "")


def parse_time(text: object, path: Path) -> datetime:
    """A timestamp of the cell metadata (ISO 8601; UTC when it names no zone)."""
    try:
        when = datetime.fromisoformat(str(text))
    except ValueError:
        message = f"{path.name}: {text!r} in a cell's execution metadata is not a time"
        raise ValueError(message) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def cell_runs(nb: dict, path: Path) -> list[tuple[datetime, datetime] | None]:
    """For each code cell, in order, (start, end) of its recorded run, or None."""
    runs = []
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        stamps = cell.get("metadata", {}).get("execution") or {}
        times = sorted(parse_time(value, path) for value in stamps.values())
        runs.append((times[0], times[-1]) if times else None)
    return runs


def active_minutes(events: list[datetime], idle_min: float) -> float:
    """The time a learner was active, from the moments cells started and ended.

    Parameters
    ----------
    events : list of datetime, sorted
        Every recorded start and end of a cell run.
    idle_min : float
        Cap on each gap between consecutive events, in minutes.

    Returns
    -------
    float
        The sum of the capped gaps, in minutes.
    """
    if not 0 < idle_min <= WEEK_MIN:
        raise ValueError(f"idle_min must be more than 0 and at most {WEEK_MIN}, got {idle_min!r}")
    cap = timedelta(minutes=idle_min)
    gaps = (later - earlier for earlier, later in pairwise(events))
    return sum((min(gap, cap) for gap in gaps), timedelta()).total_seconds() / 60


def looks_like_run_all(runs: list[tuple[datetime, datetime]]) -> bool:
    """Whether nine in ten cells started within a second of the previous one's end."""
    if len(runs) < 5:
        return False
    ordered = sorted(runs)
    quick = sum((b[0] - a[1]).total_seconds() < 1 for a, b in pairwise(ordered))
    return quick >= 0.9 * (len(ordered) - 1)


def measure(path: Path, idle_min: float = IDLE_MIN, series: Path = SERIES) -> dict:
    """One submission's times.

    Parameters
    ----------
    path : Path
        A submitted notebook.
    idle_min : float
        Cap on each gap between runs, in minutes.
    series : Path
        The folder of the series' notebooks (``NN_name.ipynb``) to match it to.

    Returns
    -------
    dict
        The keys of COLUMNS; ``active_min`` and ``span_min`` are ``""`` without timing.

    Raises
    ------
    ValueError
        If ``path`` is not a notebook or holds a timestamp that is not a time.
    """
    nb = read_notebook(path)
    runs = cell_runs(nb, path)
    exercises = [
        i
        for i, c in enumerate(nb["cells"])
        if c.get("cell_type") == "markdown" and EXERCISES.search("".join(c.get("source", "")))
    ]
    code_index = [i for i, c in enumerate(nb["cells"]) if c.get("cell_type") == "code"]
    done = [run for run in runs if run]
    row = dict.fromkeys(COLUMNS, "")
    row.update(submission=path.name, notebook=series_notebook(path, nb, series))
    row.update(code_cells=len(runs), cells_run=len(done))
    if not done:
        row["note"] = NO_TIMING
        return row
    events = sorted(t for run in done for t in run)
    row["active_min"] = round(active_minutes(events, idle_min), 2)
    row["span_min"] = round((events[-1] - events[0]).total_seconds() / 60, 2)
    after = [run for i, run in zip(code_index, runs, strict=True) if exercises and i > exercises[0]]
    row["reached_exercises"] = any(after)
    row["reached_last_cell"] = runs[-1] is not None
    if not row["notebook"]:
        row["note"] = "no series notebook matches (no otter assignment_name, no NN_ name)"
    elif looks_like_run_all(done):
        row["note"] = RUN_ALL
    return row


def counted(row: dict) -> bool:
    """Whether a row enters the summary: timed, of a series notebook, no Run All."""
    return row["active_min"] != "" and row["notebook"] != "" and row["note"] != RUN_ALL


def summary(rows: list[dict]) -> dict[str, dict]:
    """Per series notebook, the active minutes of the submissions that count.

    Parameters
    ----------
    rows : list of dict
        Rows from ``measure``.

    Returns
    -------
    dict
        ``{notebook: {"n", "median", "q1", "q3", "exercises", "last"}}``: the number of
        timed submissions, the median and quartiles of their active minutes, and how many
        reached the exercises and ran the last code cell.
    """
    table: dict[str, dict] = {}
    for name in sorted({r["notebook"] for r in rows if counted(r)}):
        mine = [r for r in rows if counted(r) and r["notebook"] == name]
        minutes = sorted(r["active_min"] for r in mine)
        one = len(minutes) == 1  # statistics.quantiles needs two
        q1, _, q3 = minutes * 3 if one else statistics.quantiles(minutes, n=4, method="inclusive")
        table[name] = dict(n=len(minutes), median=statistics.median(minutes), q1=q1, q3=q3)
        table[name]["exercises"] = sum(bool(r["reached_exercises"]) for r in mine)
        table[name]["last"] = sum(bool(r["reached_last_cell"]) for r in mine)
    return table


def markdown(table: dict[str, dict], idle_min: float) -> str:
    """The summary as a Markdown table for docs/instructors/schedule.md."""
    lines = [
        f"Active minutes per submission (gaps between runs capped at {idle_min:g} min):",
        "",
        "| notebook | timed | active minutes, median | middle half | reached exercises "
        "| ran last cell |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in table.items():
        lines.append(
            f"| {name} | {s['n']} | {s['median']:.1f} | {s['q1']:.1f}-{s['q3']:.1f} "
            f"| {s['exercises']} of {s['n']} | {s['last']} of {s['n']} |"
        )
    return "\n".join(lines)


def timings_folder(
    submissions: Path, idle_min: float = IDLE_MIN, out: Path = OUT, series: Path = SERIES
) -> list[dict]:
    """Measure every ``.ipynb`` under ``submissions``, write ``out``, print the summary.

    ``idle_min`` and ``series`` are as for ``measure``. A file that is not a notebook becomes
    a row whose note says why (nothing raises). Returns the rows written (list of dict).
    """
    paths = sorted(
        p
        for p in submissions.rglob("*.ipynb")
        if not any(part.startswith(".") for part in p.relative_to(submissions).parts)
    )
    if not paths:
        raise SystemExit(f"no notebooks (*.ipynb) under {submissions}")
    rows = []
    for path in paths:
        try:
            row = measure(path, idle_min, series)
        except ValueError as err:
            row = dict.fromkeys(COLUMNS, "") | {"note": str(err)}
        row["submission"] = path.relative_to(submissions).as_posix()
        rows.append(row)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    table = summary(rows)
    print(markdown(table, idle_min) if table else "no submission with timing to summarise")
    for row in rows:
        if not counted(row):
            print(f"not counted: {row['submission']}: {row['note']}")
    print(f"wrote {out} ({len(rows)} submissions)")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    cap = f"cap on each gap between runs, minutes (default {IDLE_MIN:g})"
    parser.add_argument("--idle", type=float, default=IDLE_MIN, metavar="MIN", help=cap)
    parser.add_argument("--out", type=Path, default=OUT, help=f"the CSV (default {OUT})")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS must be a folder of notebooks, got {args.submissions}")
    if not 0 < args.idle <= WEEK_MIN:
        parser.error(f"--idle must be minutes, more than 0 and at most a week, got {args.idle:g}")
    timings_folder(args.submissions, args.idle, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
