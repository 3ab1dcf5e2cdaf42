"""Build an otter-grader assignment from every notebook with exercises (``make assignments``).

One source of truth: the checker table (``helpers.exercises``: each ``check_*`` names the
notebook variables it takes in ``.answers``, and ``QUESTIONS`` the predictions) and the
reference solutions (``notebooks/solutions/exNN_*.py``). For each notebook NN this
writes a *master notebook* in otter's format and runs the real ``otter assign`` on it::

    build/assignments/NN_name/
        student/NN_name.ipynb      the notebook as handed out: blanks, self-checking cells
        student/tests/*.py         public tests (the notebook's own checkers)
        autograder/NN_name.ipynb   the notebook with the solutions filled in
        autograder/tests/*.py      public and hidden tests
        autograder.zip             for Gradescope, or ``make grade`` (tools/grade.py)

The master notebook is the notebook itself with, around each blank, a question block:
the blank kept for the student, the solution's statements (and whatever they need from
the solution module) in a ``# BEGIN SOLUTION NO PROMPT`` block, a public test (the
checker) and, for functions and SymPy answers, a hidden test on inputs drawn from a seed
chosen now (``tools/hidden_tests.py``). Before writing anything every test is run on the
reference solutions, so a test the solutions fail stops the build with its message.

Run with the interpreter that has otter-grader: ``python tools/assignments.py [NN ...]``.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"
BUILD = ROOT / "build" / "assignments"
HIDDEN_SOURCE = (Path(__file__).resolve().parent / "hidden_tests.py").read_text()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import exercises  # noqa: E402

# Runtime packages the grading image needs (the rest of requirements.txt is the interface).
NOT_FOR_GRADING = ("jupyterlab", "notebook")


@dataclass
class Question:
    """One graded exercise: a blank in a notebook cell, its checker and its solution."""

    name: str  # the question's name: its first answer variable ("two_layer_backward")
    kind: str  # "function", "expression", "values" or "prediction"
    answers: tuple  # the notebook variables it grades
    call: str  # the public check, e.g. "exercises.check_gd_step(gd_step)"
    checker: str | None  # "check_gd_step"; None for a prediction
    cell: int  # index of the cell holding the blank(s)
    end_line: int  # last line (1-based) of the blank(s) in that cell
    solution: str  # the solution's statements for these answers

    @property
    def points(self) -> int:
        return 2 if self.hidden else 1

    @property
    def hidden(self) -> bool:
        return self.kind in ("function", "expression")


# --------------------------------------------------------------------------- discovery


def number(notebook: Path) -> str:
    """The notebook's two-digit number, "04" for 04_multilayer_deltas.ipynb."""
    return notebook.name[:2]


def checkers_of(nn: str) -> list:
    """The exported checkers of notebook ``nn`` (their module is nbNN_*)."""
    found = []
    for name in exercises.__all__:
        fn = getattr(exercises, name)
        module = getattr(fn, "__module__", "").rsplit(".", 1)[-1]
        if name.startswith("check_") and name != "check_prediction" and module[:4] == f"nb{nn}":
            found.append(fn)
    return found


def _is_none(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_blank_body(body) -> bool:
    """Only a docstring, pass, ..., raise, ``x = None`` and a return of None or of such x."""
    nones = set()
    for stmt in body:
        if isinstance(stmt, (ast.Pass, ast.Raise)):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring or ...
        if isinstance(stmt, ast.Assign) and _is_none(stmt.value):
            nones |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
            continue
        if isinstance(stmt, ast.Return):
            value = stmt.value
            items = value.elts if isinstance(value, ast.Tuple) else [value]
            if value is None or all(
                _is_none(v) or (isinstance(v, ast.Name) and v.id in nones) for v in items
            ):
                continue
        return False
    return True


def blanks(source: str) -> dict:
    """{variable: (first line, last line)} of each blank in a cell's source.

    A blank is ``name = None`` (a comment may follow) or a function whose body is only a
    docstring, comments, ``pass``, ``...``, ``return None`` or a ``raise``.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics; no exercise cell has them
        return {}
    found = {}
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Constant)
            and stmt.value.value is None
        ):
            found[stmt.targets[0].id] = (stmt.lineno, stmt.end_lineno)
        elif isinstance(stmt, ast.FunctionDef) and _is_blank_body(stmt.body):
            found[stmt.name] = (stmt.lineno, stmt.end_lineno)
    return found


def solution_modules(nn: str) -> list[Path]:
    return sorted(SOLUTIONS.glob(f"ex{nn}_*.py"))


def _statements(paths):
    """(source, defined names, used names) of every top-level statement of the modules."""
    out = []
    for path in paths:
        text = path.read_text()
        for stmt in ast.parse(text).body:
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue  # the module docstring
            defined = set()
            if isinstance(stmt, (ast.FunctionDef, ast.ClassDef)):
                defined.add(stmt.name)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                defined |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
            else:
                for node in ast.walk(stmt):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        defined.add(node.id)
            used = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)} - defined
            out.append((ast.get_source_segment(text, stmt), defined, used))
    return out


def solution_source(paths, names) -> str:
    """The solution statements defining ``names`` and everything they use, in order."""
    stmts = _statements(paths)
    keep, todo = set(), list(names)
    while todo:
        name = todo.pop()
        for i in range(len(stmts) - 1, -1, -1):  # the last definition wins
            if name in stmts[i][1]:
                if i not in keep:
                    keep.add(i)
                    todo.extend(stmts[i][2])
                break
    if not any(set(names) & stmts[i][1] for i in keep):
        raise SystemExit(f"no solution defines {', '.join(names)} in {[p.name for p in paths]}")
    return "\n\n".join(stmts[i][0] for i in sorted(keep))


def questions(notebook: Path) -> list[Question]:
    """The graded questions of a notebook, in the order of their blanks."""
    nn = number(notebook)
    cells = json.loads(notebook.read_text())["cells"]
    sources = ["".join(c["source"]) if c["cell_type"] == "code" else "" for c in cells]
    found = [blanks(s) for s in sources]
    modules = solution_modules(nn)

    def locate(names):
        for i, b in enumerate(found):
            if all(n in b for n in names):
                return i, max(b[n][1] for n in names)
        raise SystemExit(f"{notebook.name}: no cell holds the blank(s) {', '.join(names)}")

    out = []
    for checker in checkers_of(nn):
        names = tuple(checker.answers)
        cell, end = locate(names)
        call = f"exercises.{checker.__name__}({', '.join(names)})"
        source = solution_source(modules, names)
        out.append(
            Question(names[0], checker.kind, names, call, checker.__name__, cell, end, source)
        )
    for key, q in exercises.QUESTIONS.items():
        if key.startswith(f"{nn}_"):
            cell, end = locate((q.variable,))
            call = (
                f"exercises.check_prediction({key!r}, {q.variable}, "
                f"exercises.QUESTIONS[{key!r}].expected)"
            )
            source = solution_source(modules, (q.variable,))
            out.append(
                Question(q.variable, "prediction", (q.variable,), call, None, cell, end, source)
            )
    cells_used = [q.cell for q in out]
    if len(set(cells_used)) != len(cells_used):
        raise SystemExit(f"{notebook.name}: two questions share one cell; split the cell")
    return sorted(out, key=lambda q: q.cell)


def with_exercises() -> list[Path]:
    """Every notebook with a checker or a prediction and a solution module."""
    keys = {k[:2] for k in exercises.QUESTIONS}
    return [
        nb
        for nb in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        if (checkers_of(number(nb)) or number(nb) in keys) and solution_modules(number(nb))
    ]


# --------------------------------------------------------------------------- the tests


def _reference_values(modules) -> dict:
    namespace = {}
    for path in modules:
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        namespace.update(vars(module))
    return namespace


def public_test(q: Question) -> str:
    args = ", ".join(q.answers)
    return (
        f"def test_{q.name}_public({args}):\n"
        f'    """The notebook\'s own check."""\n'
        f"    from helpers import exercises\n\n"
        f"    result = {q.call}\n"
        f"    assert result.correct, result.diagnosis\n"
    )


def hidden_test(q: Question, seed: int, references: dict) -> str:
    args = ", ".join(q.answers)
    head = (
        '""" # BEGIN TEST CONFIG\nhidden: true\npoints: 1\n""" # END TEST CONFIG\n'
        f"def test_{q.name}_hidden({args}):\n"
        f'    """The same exercise on inputs drawn for grading (seed {seed})."""\n'
        "    from helpers import exercises\n\n"
        f"    namespace = {{}}\n    exec({HIDDEN_SOURCE!r}, namespace)\n"
    )
    if q.kind == "function":
        return head + (
            "    exercises.reset_tries()\n"
            '    result = namespace["check_on_fresh_inputs"](\n'
            f"        exercises.{q.checker}, {args}, {seed}\n    )\n"
            '    assert result.correct, "On inputs drawn for grading: " + result.diagnosis\n'
        )
    import sympy as sp

    reference = sp.srepr(references[q.name])
    return head + (
        f'    ok, message = namespace["compare_expression"]({args}, {reference!r}, {seed})\n'
        "    assert ok, message\n"
    )


def validate(q: Question, seed: int, references: dict) -> None:
    """Every test of ``q`` must pass on the reference solution, or the build stops."""
    for source in [public_test(q)] + ([hidden_test(q, seed, references)] if q.hidden else []):
        namespace = {}
        exec(source.split('""" # END TEST CONFIG\n')[-1], namespace)
        test = next(v for k, v in namespace.items() if k.startswith("test_"))
        try:
            test(*(references[a] for a in q.answers))
        except AssertionError as failed:
            raise SystemExit(
                f"{q.name}: the reference solution fails its test {test.__name__}:\n{failed}\n"
                "(for a hidden test: add a DERIVED rule in tools/hidden_tests.py)"
            ) from None


# --------------------------------------------------------------------------- the master


def _new_id() -> str:
    return secrets.token_hex(4)  # nbformat 4.5 wants an id on every cell


def _raw(text: str) -> dict:
    return {"cell_type": "raw", "id": _new_id(), "metadata": {}, "source": text}


def _code(text: str) -> dict:
    return {
        "cell_type": "code",
        "id": _new_id(),
        "metadata": {},
        "execution_count": None,
        "outputs": [],
        "source": text,
    }


def master_notebook(notebook: Path, seed: int) -> dict:
    """The notebook in otter's master format, with a question block around each blank."""
    nb = json.loads(notebook.read_text())
    qs = questions(notebook)
    references = _reference_values(solution_modules(number(notebook)))
    config = {
        "name": notebook.stem,
        "requirements": "requirements.txt",
        "autograder_files": ["helpers"],
        "init_cell": False,
        "check_all_cell": False,
        "export_cell": False,
        "run_tests": False,
        "python_version": "3.12",  # Binder's, whose lock (locks/runtime-py312.txt) is tested
        "tests": {"files": True, "ok_format": False},
        "generate": {"show_stdout": False, "show_hidden": False},
    }
    cells = [_raw("# ASSIGNMENT CONFIG\n" + _yaml(config))]
    by_cell = {q.cell: q for q in qs}
    for i, cell in enumerate(nb["cells"]):
        q = by_cell.get(i)
        if q is None:
            cells.append(cell)
            continue
        validate(q, seed, references)
        lines = "".join(cell["source"]).split("\n")
        solved = (
            lines[: q.end_line]
            + [
                "# BEGIN SOLUTION NO PROMPT",
                q.solution,
                "# END SOLUTION",
            ]
            + lines[q.end_line :]
        )
        answer = dict(cell, source="\n".join(solved), outputs=[], execution_count=None)
        tests = [_code(public_test(q))] + (
            [_code(hidden_test(q, seed, references))] if q.hidden else []
        )
        cells += [
            _raw(f"# BEGIN QUESTION\nname: {q.name}\npoints: {q.points}\ncheck_cell: false"),
            _raw("# BEGIN SOLUTION"),
            answer,
            _raw("# END SOLUTION"),
            _raw("# BEGIN TESTS"),
            *tests,
            _raw("# END TESTS"),
            _raw("# END QUESTION"),
        ]
    nb["cells"] = cells
    return nb


def _yaml(value, indent=0) -> str:
    """A small YAML writer for the config (json values are YAML)."""
    pad = " " * indent
    out = []
    for key, v in value.items():
        if isinstance(v, dict):
            out.append(f"{pad}{key}:\n{_yaml(v, indent + 2)}")
        else:
            out.append(f"{pad}{key}: {json.dumps(v)}")
    return "\n".join(out)


def build(notebook: Path, seed: int, out: Path = BUILD) -> Path:
    """Write ``out/<notebook>/`` (student, autograder, autograder.zip); returns that folder."""
    target = out / notebook.stem
    master_dir = out / "_master" / notebook.stem
    for folder in (target, master_dir):
        shutil.rmtree(folder, ignore_errors=True)
    master_dir.mkdir(parents=True)
    shutil.copytree(
        ROOT / "helpers", master_dir / "helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    runtime = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.split("#")[0].strip() and not line.startswith(NOT_FOR_GRADING)
    ]
    (master_dir / "requirements.txt").write_text("\n".join(runtime) + "\n")
    master = master_dir / notebook.name
    master.write_text(
        json.dumps(master_notebook(notebook, seed), indent=1, ensure_ascii=False) + "\n"
    )
    from otter.assign import main as otter_assign  # imported once: it takes seconds

    otter_assign(str(master), str(target), no_pdfs=True, no_run_tests=True)
    keep_outputs(notebook, target / "student" / notebook.name)
    zips = sorted((target / "autograder").glob("*.zip"))
    shutil.copy(zips[-1], target / "autograder.zip")
    return target


def keep_outputs(original: Path, student: Path) -> None:
    """Put the committed outputs back into otter's student notebook (it clears them).

    Every cell whose source is the original's gets the original's outputs: the figures,
    the dashboards' static pictures and the exercises' "Not attempted yet" lines.
    """
    nb = json.loads(student.read_text())
    old = json.loads(original.read_text())
    for cell, before in zip(nb["cells"], old["cells"], strict=True):
        same = "".join(cell["source"]) == "".join(before["source"])
        if cell["cell_type"] == "code" and same:
            cell["outputs"] = before.get("outputs", [])
            cell["execution_count"] = before.get("execution_count")
    nb["metadata"] = {
        **old["metadata"],
        **{k: v for k, v in nb["metadata"].items() if k == "otter"},
    }
    student.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers (default: every one)")
    parser.add_argument("--seed", type=int, help="the hidden inputs' seed (default: random)")
    parser.add_argument("--out", type=Path, default=BUILD)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    chosen = [nb for nb in with_exercises() if not args.numbers or number(nb) in args.numbers]
    for nb in chosen:
        start = time.perf_counter()
        target = build(nb, seed, args.out)
        n = len(questions(nb))
        shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
        print(f"{nb.stem}: {n} questions -> {shown} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
