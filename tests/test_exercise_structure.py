"""Structural mutants: every checker refuses a right answer in the wrong form.

The mutants are generated from the solutions in notebooks/solutions/, for every
``check_*`` that ``helpers.exercises`` exports (its ``answers`` attribute names the
solution variables), so a new exercise is covered without editing this file. Each
mutant is the solution with one output transposed, reshaped, flattened, made a column,
made complex, bool or object, given as a list, joined with the others, cut short, or
moved a little more than the checker's tolerance. Each must be refused with a message
that names the output and what is wrong with it.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from helpers import exercises as E

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
CHECKERS = [
    getattr(E, name)
    for name in E.__all__
    if name.startswith("check_") and name != "check_prediction"
]
NO = object()  # a transform that does not apply to this value


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


def solution_module(checker):
    """notebooks/solutions/exNN_name.py for helpers.exercises.nbNN_name."""
    stem = checker.__module__.rsplit(".", 1)[1].replace("nb", "ex", 1)
    spec = importlib.util.spec_from_file_location(stem, SOLUTIONS / f"{stem}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution(checker):
    module = solution_module(checker)
    return [getattr(module, name) for name in checker.answers]


def flat(checker) -> bool:
    """Does the function return its outputs as one flat tuple (z, y, L)?"""
    t = checker.returns
    return isinstance(t, tuple) and all(isinstance(n, str) for n in t)


def pairs_path(template, path=()):
    """The path to the first list of (W, b) pairs in a ``returns`` template, or None."""
    if isinstance(template, list) and all(isinstance(p, tuple) for p in template):
        return path
    if isinstance(template, (list, tuple)):
        for i, sub in enumerate(template):
            found = pairs_path(sub, (*path, i))
            if found is not None:
                return found
    return None


# ------------------------------------------------------------------ transforms of one value


def _arr(v):
    return v if isinstance(v, np.ndarray) else np.asarray(v, dtype=float)


def _numbers(v) -> bool:
    return isinstance(v, list) and all(isinstance(x, (int, float, np.number)) for x in v)


def transposed(v, tol):
    v = _arr(v)
    return v.T if v.ndim == 2 and not np.array_equal(v, v.T) else NO


def reshaped(v, tol):
    v = _arr(v)
    if v.ndim == 1 and v.size >= 2:
        return v.reshape(1, -1)
    if v.ndim == 2:
        a, b = v.shape
        return v.reshape(b, a) if a != b else v.reshape(1, -1)
    return NO


def flattened(v, tol):
    v = _arr(v)
    return v.ravel() if v.ndim >= 2 else NO


def column(v, tol):
    v = _arr(v)
    return v[:, None] if v.ndim == 1 else (v.reshape(1, 1) if v.ndim == 0 else NO)


def complex_(v, tol):
    return np.asarray(v, dtype=complex) if isinstance(v, np.ndarray) else complex(v)


def as_list(v, tol):
    return v.tolist() if isinstance(v, np.ndarray) and v.ndim >= 1 else [v]


def as_bool(v, tol):
    return _arr(v) > 0


def as_object(v, tol):
    v = _arr(v)
    return v.astype(object) if v.ndim >= 1 else NO


def off_by_a_little(v, tol):
    rtol, atol = tol
    v = _arr(v) if _numbers(v) else v
    if isinstance(v, np.ndarray):
        return v * (1 + 10 * rtol) + 10 * atol * np.where(v < 0, -1, 1)
    return v * (1 + 10 * rtol) + 10 * atol * (-1 if v < 0 else 1)


# name -> (transform, words of which the message must hold one)
LEAF = {
    "transposed": (transposed, ("shape", "transpose", "wrong")),
    "reshaped": (reshaped, ("shape",)),
    "flattened": (flattened, ("shape",)),
    "column": (column, ("shape",)),
    "complex": (complex_, ("complex",)),
    "list": (as_list, ("list",)),
    "bool": (as_bool, ("truth value",)),
    "object": (as_object, ("object",)),
    "off by a little": (off_by_a_little, ("wrong",)),
}


def joined(out, checker):
    """The layers joined into one (W, b) pair, or all outputs into one array."""
    at = pairs_path(checker.returns)
    if at is None:
        return np.concatenate([np.ravel(o) for o in out])
    layers = _get(out, at)
    if len(layers) < 2:
        return NO
    one = [(np.concatenate([W.ravel() for W, _ in layers]), np.concatenate([b for _, b in layers]))]
    return _replace(out, at, one)


def cut_short(out, checker):
    """The last output (or the last layer) left out."""
    return type(out)(out[:-1])


WHOLE = {
    "concatenated": (joined, ("should return", "pair")),
    "one output missing": (cut_short, ("should return", "pair")),
}


# ------------------------------------------------------------------ mutants of a function


def _replace(out, path, new):
    if not path:
        return new
    items = list(out)
    items[path[0]] = _replace(out[path[0]], path[1:], new)
    return tuple(items) if isinstance(out, tuple) else items


def _get(out, path):
    for i in path:
        out = out[i]
    return out


def paths(checker, template=None, path=()):
    """(path into the returned value, the output's name) for each output, from the
    checker's ``returns`` template (e.g. [("W1", "b1"), ("W2", "b2")])."""
    template = checker.returns if template is None and not path else template
    if isinstance(template, str):
        return [(path, template)]
    return [p for i, sub in enumerate(template) for p in paths(checker, sub, (*path, i))]


def function_mutant(sol, transform, path, tol):
    """The solution with ``transform`` applied to the output at ``path``; counts its uses."""
    used = []

    def mutant(*args):
        out = sol(*args)
        try:
            value = _get(out, path)
        except IndexError:  # a layer this case does not have
            return out
        new = transform(value, tol)
        if new is NO:
            return out
        used.append(1)
        return _replace(out, path, new)

    return mutant, used


def whole_mutant(sol, transform, checker):
    used = []

    def mutant(*args):
        out = sol(*args)
        new = transform(out, checker)
        if new is NO:
            return out
        used.append(1)
        return new

    return mutant, used


# ------------------------------------------------------------------ the parameters


def _cases():
    for checker in CHECKERS:
        tol = (checker.rtol, checker.atol)
        if checker.kind == "function":
            for path, name in paths(checker):
                for label in LEAF:
                    yield pytest.param(
                        checker, "leaf", label, path, name, id=f"{checker.__name__}-{name}-{label}"
                    )
            if len(checker.outputs) > 1:
                for label in WHOLE:
                    yield pytest.param(
                        checker, "whole", label, None, None, id=f"{checker.__name__}-{label}"
                    )
        elif checker.kind == "values":
            for i, name in enumerate(checker.outputs):
                for label in ("column", "complex", "list", "bool", "string", "off by a little"):
                    yield pytest.param(
                        checker, "value", label, i, name, id=f"{checker.__name__}-{name}-{label}"
                    )
        elif checker.kind == "expression":
            for label in EXPRESSION:
                yield pytest.param(
                    checker,
                    "expression",
                    label,
                    None,
                    checker.outputs[0],
                    id=f"{checker.__name__}-{label}",
                )
        del tol


def _refused(result, name, words):
    assert not result.correct, result.diagnosis
    assert result.attempted, result.diagnosis
    assert "Traceback" not in result.diagnosis
    if name is not None:
        assert name in result.diagnosis, f"{name!r} not named in:\n{result.diagnosis}"
    assert any(w in result.diagnosis for w in words), f"none of {words} in:\n{result.diagnosis}"


EXPRESSION = {
    "list": (lambda e, tol: [e], ("list",)),
    "tuple": (lambda e, tol: (e,), ("tuple",)),
    "Matrix": (lambda e, tol: sp.Matrix([e]), ("Matrix",)),
    "array": (lambda e, tol: np.array([e], dtype=object), ("ndarray",)),
    "complex": (lambda e, tol: e + sp.I * (1 + sp.Abs(e)) / 1000, ("complex",)),
    "bool": (lambda e, tol: True, ("truth value",)),
    "equation": (lambda e, tol: sp.Eq(e, 0), ("equation", "truth value")),
    "off by a little": (lambda e, tol: e * (1 + 10 * tol[0]) + 10 * tol[1], ("wrong",)),
}


@pytest.mark.parametrize("checker, how, label, where, name", list(_cases()))
def test_a_structural_mutant_is_refused_and_named(checker, how, label, where, name):
    tol = (checker.rtol, checker.atol)
    sol = solution(checker)
    if how == "leaf":
        transform, words = LEAF[label]
        mutant, used = function_mutant(sol[0], transform, where, tol)
        result = checker(mutant)
    elif how == "whole":
        transform, words = WHOLE[label]
        mutant, used = whole_mutant(sol[0], transform, checker)
        result = checker(mutant)
        name = None  # named below: the outputs, or the pairs
        assert any(n in result.diagnosis for n in checker.outputs) or "pair" in result.diagnosis
    elif how == "value":
        values = list(sol)
        if label == "string":
            values[where], words = str(values[where]), ("string",)
        else:
            transform, words = LEAF[label]
            values[where] = transform(values[where], tol)
        used, result = [1], checker(*values)
    else:
        transform, words = EXPRESSION[label]
        used, result = [1], checker(transform(sol[0], tol))
    if not used:
        pytest.skip(f"{label} does not apply to {name} in any case")
    _refused(result, name, words)


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
def test_every_checker_names_its_answers_and_takes_reveal(checker):
    import inspect

    assert checker.kind in {"function", "values", "expression"}
    assert checker.answers and checker.outputs
    assert "reveal" in inspect.signature(checker).parameters
    assert all(hasattr(solution_module(checker), n) for n in checker.answers)


@pytest.mark.parametrize(
    "checker", [c for c in CHECKERS if c.kind == "function"], ids=lambda c: c.__name__
)
def test_a_change_well_within_the_tolerance_is_accepted(checker):
    """The labelled tolerance is the checker's: 1/10 of it passes, 10 times it does not."""
    sol = solution(checker)[0]
    small = (checker.rtol / 100, checker.atol / 100)
    for path, _ in paths(checker):
        mutant, used = function_mutant(sol, off_by_a_little, path, small)
        assert checker(mutant).correct


def test_the_count_of_structural_mutants(capsys):
    """Print how many structural mutants each checker is tested with (for the report)."""
    counts = {}
    for p in _cases():
        counts[p.values[0].__name__] = counts.get(p.values[0].__name__, 0) + 1
    with capsys.disabled():
        print("\nstructural mutants per checker (before skipping those that do not apply):")
        for name, n in counts.items():
            print(f"  {name}: {n}")
    assert set(counts) == {c.__name__ for c in CHECKERS}
