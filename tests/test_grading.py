"""The instructor's kit: otter-grader assignments from the checkers and the solutions.

Fast (every run): each notebook with exercises yields one question per checker and per
prediction, found at its blank; every public and hidden test passes on the reference
solutions (``master_notebook`` refuses to build otherwise); the hidden tests really use
other inputs and still name a known mistake.

Slow (``make test`` in CI, or RUN_SLOW=1): the real pipeline on notebook 01. ``otter
assign`` builds the assignment, then ``tools/grade.py`` grades three synthetic
submissions (the solutions filled in, the untouched student notebook, one known mistake)
into a CSV whose scores and diagnosis are checked. Needs otter-grader (requirements-dev).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import assignments  # noqa: E402
import hidden_tests  # noqa: E402

from helpers import exercises  # noqa: E402

RUN_SLOW = os.environ.get("CI") == "true" or os.environ.get("RUN_SLOW") == "1"
NOTEBOOKS = assignments.with_exercises()


def test_every_notebook_with_exercises_is_found():
    numbers = [assignments.number(nb) for nb in NOTEBOOKS]
    assert {"01", "02", "03", "04", "05", "06", "07"} <= set(numbers)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_question_per_checker_and_prediction(notebook):
    nn = assignments.number(notebook)
    qs = assignments.questions(notebook)
    wanted = {c.answers[0] for c in assignments.checkers_of(nn)}
    wanted |= {q.variable for k, q in exercises.QUESTIONS.items() if k.startswith(f"{nn}_")}
    assert {q.name for q in qs} == wanted
    assert [q.cell for q in qs] == sorted(q.cell for q in qs)
    for q in qs:
        assert q.solution.strip(), q.name
        assert q.points == (2 if q.kind in ("function", "expression") else 1)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_master_notebook_has_a_question_block_around_each_blank(notebook):
    master = assignments.master_notebook(notebook, seed=7)  # validates every test too
    raw = ["".join(c["source"]) for c in master["cells"] if c["cell_type"] == "raw"]
    assert raw[0].startswith("# ASSIGNMENT CONFIG")
    n = len(assignments.questions(notebook))
    assert sum(r.startswith("# BEGIN QUESTION") for r in raw) == n
    assert raw.count("# END QUESTION") == n
    solved = [c for c in master["cells"] if "# BEGIN SOLUTION NO PROMPT" in "".join(c["source"])]
    assert len(solved) == n
    original = json.loads(notebook.read_text())["cells"]
    kept = [c for c in master["cells"] if c["cell_type"] != "raw" and not _is_test(c)]
    assert len(kept) == len(original)  # nothing else added or lost


def _is_test(cell):
    return "".join(cell["source"]).startswith(("def test_", '""" # BEGIN TEST CONFIG'))


def test_blank_forms_are_recognised():
    found = assignments.blanks(
        "a = None  # yours\n"
        "def f(x):\n    '''doc'''\n    # your code here\n    return None\n"
        "def g(x):\n    u = None\n    v = None\n    return u, v\n"
        "def h(x):\n    return x + 1\n"
    )
    assert set(found) == {"a", "f", "g"}
    assert found["g"] == (6, 9)


def test_fresh_cases_keep_shapes_labels_and_probability_rows():
    case = {
        "X": np.linspace(-1, 2, 12).reshape(4, 3),
        "Y": np.eye(3)[[0, 2, 1, 0]],
        "S": np.full((2, 4), 0.25),
        "lr": 0.5,
        "steps": 20,
        "idx": np.array([3, 1, 2]),
        "f": np.sin,
    }
    (new,) = hidden_tests.fresh_cases([case], seed=3)
    assert new["X"].shape == (4, 3) and not np.allclose(new["X"], case["X"])
    assert np.all(np.sign(new["X"]) == np.sign(case["X"]))
    assert set(np.unique(new["Y"])) <= {0.0, 1.0} and np.all(new["Y"].sum(axis=1) == 1)
    assert np.allclose(new["S"].sum(axis=1), 1) and not np.allclose(new["S"], 0.25)
    assert 0 < new["lr"] < 1 and new["lr"] != 0.5
    assert new["steps"] == 20 and np.array_equal(new["idx"], case["idx"]) and new["f"] is np.sin


def test_derived_inputs_are_recomputed():
    (new,) = hidden_tests.fresh_cases([{"z": 0.2, "y": 0.55, "x": 0.5}], 1, "check_neuron_backward")
    assert new["y"] == pytest.approx(1 / (1 + np.exp(-new["z"])))


def _ns(source):
    namespace = {}
    exec(source.split('""" # END TEST CONFIG\n')[-1], namespace)
    return next(v for k, v in namespace.items() if k.startswith("test_"))


def test_hidden_test_names_a_known_mistake_on_fresh_inputs():
    notebook = next(nb for nb in NOTEBOOKS if nb.name.startswith("04_"))
    refs = assignments._reference_values(assignments.solution_modules("04"))
    q = next(q for q in assignments.questions(notebook) if q.name == "two_layer_backward")
    source = assignments.hidden_test(q, 11, refs)
    _ns(source)(refs["two_layer_backward"])  # the solution passes

    def sigmoid_slope(x, y_true, W1, b1, W2, b2):  # a¹(1 - a¹) for tanh's slope
        a1 = np.tanh(W1 @ x + b1)
        a2 = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
        d2 = (a2 - y_true) * a2 * (1 - a2)
        d1 = (d2 @ W2) * a1 * (1 - a1)
        return np.outer(d1, x), d1, np.outer(d2, a1), d2

    with pytest.raises(AssertionError) as failed:
        _ns(source)(sigmoid_slope)
    text = str(failed.value)
    assert text.startswith("On inputs drawn for grading")
    assert "a¹(1 - a¹)" in text and "widths 3-4-2" not in text  # not the public cases


def test_hidden_expression_test_compares_at_fresh_points():
    import sympy as sp

    notebook = next(nb for nb in NOTEBOOKS if nb.name.startswith("04_"))
    refs = assignments._reference_values(assignments.solution_modules("04"))
    q = next(q for q in assignments.questions(notebook) if q.name == "delta1_s")
    test = _ns(assignments.hidden_test(q, 5, refs))
    d2, w2, z1 = sp.symbols("delta2 w2 z1", real=True)
    test(d2 * w2 * (1 - sp.tanh(z1) ** 2))  # the same expression, written differently
    with pytest.raises(AssertionError, match="differs"):
        test(d2 * w2)
    with pytest.raises(AssertionError, match="uses b2"):
        test(d2 * w2 + sp.Symbol("b2"))


# ------------------------------------------------------------------ the real pipeline


@pytest.mark.slow
@pytest.mark.skipif(not RUN_SLOW, reason="slow: runs with CI=true or RUN_SLOW=1")
def test_assign_and_grade_three_submissions(tmp_path):
    import grade

    notebook = next(nb for nb in NOTEBOOKS if nb.name.startswith("01_"))
    target = assignments.build(notebook, seed=2026, out=tmp_path / "assignments")
    student = target / "student" / notebook.name
    solved = target / "autograder" / notebook.name
    assert (target / "autograder.zip").is_file()
    public = (target / "student" / "tests" / "forward_and_loss.py").read_text()
    assert "hidden=True" not in public and "seed" not in public
    assert "hidden=True" in (target / "autograder" / "tests" / "forward_and_loss.py").read_text()
    text = student.read_text()
    assert "BEGIN SOLUTION" not in text and "z = w * x + b" not in _cell(
        student, "forward_and_loss"
    )

    subs = tmp_path / "submissions"
    subs.mkdir()
    (subs / "full.ipynb").write_text(solved.read_text())
    (subs / "zero.ipynb").write_text(text)
    nb = json.loads(solved.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if "def forward_and_loss" in source and "BEGIN SOLUTION" in source:
            cell["source"] = source.replace("z = w * x + b", "z = w * x")  # forgot the bias
    (subs / "mistake.ipynb").write_text(json.dumps(nb))

    out = tmp_path / "grades.csv"
    grade.grade_folder(subs, tmp_path / "assignments", out)
    rows = {r["submission"]: r for r in csv.DictReader(out.open())}
    assert set(rows) == {"full.ipynb", "zero.ipynb", "mistake.ipynb"}
    possible = float(rows["full.ipynb"]["possible"])
    assert possible == 4  # by hand 1, forward_and_loss 2, prediction 1
    assert float(rows["full.ipynb"]["total"]) == possible
    assert float(rows["zero.ipynb"]["total"]) == 0
    assert "Not attempted yet" in rows["zero.ipynb"]["forward_and_loss diagnosis"]
    mistake = rows["mistake.ipynb"]
    assert float(mistake["total"]) == possible - 2
    assert float(mistake["forward_and_loss"]) == 0
    assert float(mistake["z_by_hand"]) == 1 and float(mistake["prediction"]) == 1
    assert "bias" in mistake["forward_and_loss diagnosis"]
    assert "hidden inputs" in mistake["forward_and_loss diagnosis"]
    assert mistake["z_by_hand diagnosis"] == ""


def _cell(path, name):
    cells = json.loads(path.read_text())["cells"]
    return next("".join(c["source"]) for c in cells if f"def {name}" in "".join(c["source"]))
