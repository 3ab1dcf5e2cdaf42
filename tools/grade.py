"""Grade a folder of submitted notebooks locally, without Docker (``make grade SUBMISSIONS=DIR``).

``otter grade`` runs each submission in a Docker container; this uses otter's own
non-containerised grader instead (``otter.api.grade_submission``, what ``otter run``
does): each notebook is executed from a fresh kernel in a temporary folder laid out like
the autograder, then the public and hidden tests of its ``autograder.zip`` run on the
notebook's variables. The grading environment is this interpreter's, so it needs the
series' ``helpers`` and otter-grader (``.venv`` after ``make dev-env`` has both).

Each submission is matched to its assignment by the ``otter.assignment_name`` that
``otter assign`` writes into the student notebook's metadata (the file may be renamed,
``alice.ipynb``), or else by the two-digit number its file name starts with.

Writes one CSV row per submission::

    submission, assignment, total, possible, <question>, <question> diagnosis, ...

``<question>`` is the points earned (a function or SymPy exercise is worth 2: 1 for the
notebook's check, 1 for the hidden inputs; a by-hand or prediction exercise 1) and the
diagnosis is the checkers' own text for every test that failed, empty when all passed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ROOT / "build" / "assignments"
OUT = ROOT / "build" / "grades.csv"


def assignment_of(submission: Path, assignments: Path) -> str:
    """The assignment a submitted notebook belongs to (a folder name in ``assignments``)."""
    try:
        meta = json.loads(submission.read_text()).get("metadata", {})
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{submission.name} is not a notebook ({err})") from None
    name = meta.get("otter", {}).get("assignment_name")
    if name and (assignments / name / "autograder.zip").exists():
        return name
    for folder in sorted(assignments.glob("[0-9][0-9]_*")):
        if submission.name.startswith(folder.name[:3]):
            return folder.name
    raise ValueError(
        f"{submission.name}: no assignment in {assignments} matches it "
        "(no otter assignment_name in its metadata, no NN_ at the start of its name)"
    )


def diagnosis(test_file) -> str:
    """The failed tests' messages, without otter's decoration ('Error at line ...')."""
    texts = []
    for result in test_file.test_case_results:
        if result.passed:
            continue
        message = result.message
        # otter writes: ❌ Test case failed / Error at line N in test q: / <line> / Type: msg
        found = re.search(r"^\w+: ", message, flags=re.MULTILINE)
        text = message[found.end() :] if found else message
        hidden = " (hidden inputs)" if result.test_case.hidden else ""
        texts.append(f"[{result.test_case.name}{hidden}] " + text.strip())
    return "\n\n".join(texts)


def grade_one(submission: Path, zip_path: Path) -> dict:
    """Grade one notebook: {question: (score, possible, diagnosis)}."""
    from otter.api import grade_submission  # slow to import; only when grading

    results = grade_submission(str(submission), str(zip_path), quiet=True)
    if results.has_catastrophic_failure():
        err = results.catastrophic_error
        return {"(notebook)": (0, 0, f"the notebook did not run: {err}")}
    return {
        name: (tf.score, tf.possible, diagnosis(tf)) for name, tf in sorted(results.results.items())
    }


def grade_folder(submissions: Path, assignments: Path = ASSIGNMENTS, out: Path = OUT) -> list:
    """Grade every *.ipynb in ``submissions``; write ``out``; return the rows."""
    if not any(assignments.glob("*/autograder.zip")):
        raise SystemExit(f"no assignments in {assignments}: run `make assignments` first")
    rows, questions = [], []
    paths = sorted(p for p in submissions.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise SystemExit(f"no notebooks (*.ipynb) in {submissions}")
    for path in paths:
        start = time.perf_counter()
        try:
            name = assignment_of(path, assignments)
            graded = grade_one(path, assignments / name / "autograder.zip")
        except ValueError as err:
            name, graded = "", {"(notebook)": (0, 0, str(err))}
        row = {"submission": path.name, "assignment": name}
        row["total"] = sum(s for s, _, _ in graded.values())
        row["possible"] = sum(p for _, p, _ in graded.values())
        for q, (score, _, text) in graded.items():
            row[q], row[f"{q} diagnosis"] = score, text
            if q not in questions:
                questions.append(q)
        rows.append(row)
        took = time.perf_counter() - start
        print(f"{path.name}: {row['total']:g}/{row['possible']:g} ({took:.1f} s)")
    columns = ["submission", "assignment", "total", "possible"]
    for q in questions:
        columns += [q, f"{q} diagnosis"]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as f:
        writer = csv.DictWriter(f, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out}")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="a folder of submitted .ipynb files")
    parser.add_argument("--assignments", type=Path, default=ASSIGNMENTS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS must be a folder of notebooks, got {args.submissions}")
    grade_folder(args.submissions, args.assignments, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
