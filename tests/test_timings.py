"""tools/timings.py and `make timings`: active minutes per submission from Record timing.

Synthetic submissions with known timestamps (an idle gap longer than the cap, a notebook
without timing, two students of one notebook, a Run All, a file that is not JSON) and their
exact figures; the Makefile target on a temporary folder; jupyter/overrides.json turning
Record timing on with the setting's real name; and no committed notebook carrying the
timestamps. tests/test_timings_browser.py records them in a real JupyterLab.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import timings  # noqa: E402

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
TRACKER = "@jupyterlab/notebook-extension:tracker"


def stamp(seconds: float) -> str:
    """A timestamp as JupyterLab writes it (the kernel message's date), T0 + seconds."""
    return (T0 + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def code(run: tuple[float, float] | None = None) -> dict:
    """A code cell; ``run`` is (start, end) in seconds after T0, as Record timing keeps it."""
    meta = {}
    if run:
        start, end = run
        meta["execution"] = {
            "iopub.status.busy": stamp(start),
            "iopub.execute_input": stamp(start),
            "shell.execute_reply.started": stamp(start),
            "shell.execute_reply": stamp(end),
            "iopub.status.idle": stamp(end),
        }
    return {"cell_type": "code", "metadata": meta, "source": "x = 1", "outputs": []}


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def notebook(runs: list, metadata: dict | None = None) -> dict:
    """Two code cells, the Exercises heading, then the rest: runs[i] for code cell i."""
    cells = [markdown("# 01 · The forward pass"), code(runs[0]), code(runs[1])]
    cells += [markdown("## Exercises\n\nThree of them.")] + [code(r) for r in runs[2:]]
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}


# alice: 30 s, 60 s, 30 s, an hour away (capped at 10 min), 30 s: 750 s active of 3750 s;
# her last code cell never ran.
ALICE = [(0, 30), (90, 120), (3720, 3750), None]
# bob: every cell, 420 s in all, no gap over the cap.
BOB = [(0, 60), (120, 180), (240, 300), (300, 420)]
# dave pressed Run All: six cells a few milliseconds apart.
DAVE = [(i * 0.01, i * 0.01 + 0.005) for i in range(6)]


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "week1"
    (folder / "bob").mkdir(parents=True)
    (folder / ".ipynb_checkpoints").mkdir()
    write = lambda name, nb: (folder / name).write_text(json.dumps(nb))  # noqa: E731
    write("01_forward_pass-alice.ipynb", notebook(ALICE))
    write("bob/01_forward_pass.ipynb", notebook(BOB))
    write(".ipynb_checkpoints/01_forward_pass-checkpoint.ipynb", notebook(BOB))
    carol = {"otter": {"assignment_name": "02_chain_rule"}}
    write("carol.ipynb", notebook([None] * 4, carol))
    write("01_dave.ipynb", notebook(DAVE))
    (folder / "04_erin.ipynb").write_text("{ this is not JSON")
    return folder


def test_one_submission_with_an_idle_gap(submissions):
    row = timings.measure(submissions / "01_forward_pass-alice.ipynb")
    assert row["notebook"] == "01_forward_pass"
    assert row["active_min"] == 12.5  # 750 s: the hour away counts as 10 minutes
    assert row["span_min"] == 62.5
    assert (row["cells_run"], row["code_cells"]) == (3, 4)
    assert row["reached_exercises"] is True and row["reached_last_cell"] is False
    assert row["note"] == ""
    longer = timings.measure(submissions / "01_forward_pass-alice.ipynb", idle_min=60)
    assert longer["active_min"] == 62.5  # with an hour's cap nothing is cut


def test_every_cell_run_and_no_timing(submissions):
    bob = timings.measure(submissions / "bob" / "01_forward_pass.ipynb")
    assert (bob["active_min"], bob["span_min"], bob["cells_run"]) == (7.0, 7.0, 4)
    assert bob["reached_exercises"] is True and bob["reached_last_cell"] is True
    carol = timings.measure(submissions / "carol.ipynb")
    assert carol["notebook"] == "02_chain_rule"  # from otter's metadata, not the file name
    assert carol["note"] == "no timing recorded (was Record timing on?)"
    assert (carol["active_min"], carol["cells_run"]) == ("", 0)


def test_not_json_names_the_file(submissions):
    with pytest.raises(ValueError, match="04_erin.ipynb is not a notebook"):
        timings.measure(submissions / "04_erin.ipynb")
    bad = submissions / "01_bad_time.ipynb"
    nb = notebook(BOB)
    nb["cells"][1]["metadata"]["execution"]["shell.execute_reply"] = "yesterday"
    bad.write_text(json.dumps(nb))
    with pytest.raises(ValueError, match=r"01_bad_time.ipynb: 'yesterday' .* not a time"):
        timings.measure(bad)


def test_a_folder_gives_the_csv_and_the_summary(submissions, tmp_path, capsys):
    out = tmp_path / "timings.csv"
    rows = timings.timings_folder(submissions, out=out)
    names = [r["submission"] for r in rows]
    assert names == [
        "01_dave.ipynb",
        "01_forward_pass-alice.ipynb",
        "04_erin.ipynb",
        "bob/01_forward_pass.ipynb",
        "carol.ipynb",
    ]  # sorted, any depth, the checkpoint skipped
    with out.open() as f:
        written = list(csv.DictReader(f))
    assert [r["submission"] for r in written] == names
    assert written[1]["active_min"] == "12.5" and written[3]["active_min"] == "7.0"
    assert written[0]["note"] == timings.RUN_ALL
    assert "04_erin.ipynb is not a notebook" in written[2]["note"]
    # Only alice and bob count: dave's Run All, erin's file and carol's untimed one do not.
    table = timings.summary(rows)
    assert table == {
        "01_forward_pass": {
            "n": 2,
            "median": 9.75,
            "q1": 8.375,
            "q3": 11.125,
            "exercises": 2,
            "last": 1,
        }
    }
    printed = capsys.readouterr().out
    assert "| 01_forward_pass | 2 | 9.8 | 8.4-11.1 | 2 of 2 | 1 of 2 |" in printed
    assert "not counted: carol.ipynb: no timing recorded (was Record timing on?)" in printed
    assert "not counted: 01_dave.ipynb: looks like one Run All" in printed


def test_one_submission_gives_its_own_quartiles():
    row = {"notebook": "03_x", "active_min": 42.0, "note": "", "reached_exercises": False}
    row["reached_last_cell"] = False
    assert timings.summary([row])["03_x"] == {
        "n": 1,
        "median": 42.0,
        "q1": 42.0,
        "q3": 42.0,
        "exercises": 0,
        "last": 0,
    }


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "timings", f"PYTHON={sys.executable}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_timings(submissions, tmp_path):
    out = tmp_path / "from-make.csv"
    done = make(f"SUBMISSIONS={submissions}", f"TIMINGS_CSV={out}", "IDLE=60")
    assert done.returncode == 0, done.stderr
    assert "| 01_forward_pass | 2 |" in done.stdout
    with out.open() as f:
        alice = next(r for r in csv.DictReader(f) if r["submission"].endswith("alice.ipynb"))
    assert alice["active_min"] == "62.5"  # IDLE=60 reached the script
    usage = make()
    assert usage.returncode != 0 and "usage: make timings SUBMISSIONS=" in usage.stdout


def test_the_command_line_refuses_bad_arguments(tmp_path):
    with pytest.raises(SystemExit):
        timings.main([str(tmp_path / "missing")])
    with pytest.raises(SystemExit):
        timings.main([str(tmp_path), "--idle", "0"])
    with pytest.raises(SystemExit, match="no notebooks"):
        timings.main([str(tmp_path)])
    with pytest.raises(SystemExit):
        timings.main([str(tmp_path), "--idle", "inf"])
    with pytest.raises(ValueError, match="idle_min must be more than 0"):
        timings.active_minutes([T0, T0 + timedelta(minutes=1)], idle_min=float("nan"))


def test_overrides_turn_record_timing_on():
    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text())
    assert overrides[TRACKER] == {"recordTiming": True}
    schema = Path(sys.prefix, "share/jupyter/lab/schemas", *TRACKER.split(":")).with_suffix(".json")
    if not schema.is_file():
        pytest.skip(f"no JupyterLab schema at {schema}")
    setting = json.loads(schema.read_text())["properties"]["recordTiming"]
    assert setting["type"] == "boolean"  # the real setting's name, in this JupyterLab


def test_committed_notebooks_carry_no_timestamps():
    found = [
        f"{path.relative_to(ROOT)} cell {i}"
        for path in sorted(ROOT.glob("notebooks/**/*.ipynb"))
        if ".ipynb_checkpoints" not in path.parts
        for i, cell in enumerate(json.loads(path.read_text())["cells"])
        if "execution" in cell.get("metadata", {})
    ]
    assert not found, f"Record timing's timestamps were committed (run `make execute`): {found}"


def test_execute_notebooks_strips_the_timestamps():
    nbformat = pytest.importorskip("nbformat")
    import execute_notebooks

    nb = nbformat.from_dict(notebook(BOB))
    execute_notebooks.static_outputs(nb)
    assert not any("execution" in cell["metadata"] for cell in nb.cells)
