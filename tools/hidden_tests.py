"""Hidden tests: each exercise checked again on inputs the notebook never shows.

The public checks (``helpers.exercises``) run the learner's answer on fixed cases that
anyone can read in ``helpers/``; their reference is there too. For graded work
``tools/assignments.py`` embeds this module's source in every hidden test of the
autograder zip, with a seed drawn when the assignment is built, so the inputs exist only
at grading time:

- a function exercise runs through the same checker machinery (the same comparison,
  mutants and diagnosis) on *fresh* cases: every float of the public cases moved by a
  random amount that keeps its sign and range (a probability stays in (0, 1), a row of
  probabilities still sums to 1, a 0/1 label stays a label, integers and shapes stay);
- a SymPy answer is compared with the reference solution's expression at random points.

Inputs that are functions of other inputs (``y = σ(z)``) are recomputed by the ``DERIVED``
rules below; ``tools/assignments.py`` checks at build time that the reference solution
passes every hidden test, so a missing rule fails the build, not a student.
Nothing here is imported by the notebooks or by ``helpers``.
"""

from __future__ import annotations

import copy

import numpy as np


def _sigmoid(z):
    """σ(z), a float for a number and an array for an array."""
    s = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    return s if isinstance(z, np.ndarray) else float(s)


# checker name -> {argument: function of the fresh case giving that argument}
DERIVED = {
    "check_neuron_backward": {"y": lambda c: _sigmoid(c["z"])},
}


def _fresh_float(v, rng):
    """One float moved at random, keeping its sign and, in (0, 1), its range."""
    if v == 0.0 or not np.isfinite(v):
        return v
    if 0.0 < v < 1.0:  # a probability, a rate, a step size: move its logit
        t = np.log(v) - np.log1p(-v) + rng.normal(0, 0.3)
        return float(1 / (1 + np.exp(-t)))
    return float(v * np.exp(rng.normal(0, 0.25)))  # keeps the sign and the scale


def _fresh_array(a, rng):
    """A float array moved entry by entry (labels and probability rows kept valid)."""
    if a.dtype.kind != "f" or a.size == 0:
        return a.copy()
    if np.all((a == 0) | (a == 1)):  # 0/1 labels or one-hot rows: new labels, same form
        if a.ndim == 2 and np.all(a.sum(axis=1) == 1):
            return np.eye(a.shape[1])[rng.integers(0, a.shape[1], a.shape[0])]
        return rng.permutation(a.ravel()).reshape(a.shape)
    if a.ndim >= 1 and np.all(a > 0) and np.allclose(a.sum(axis=-1), 1.0):  # softmax rows
        logits = np.log(a) + rng.normal(0, 0.3, a.shape)
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return np.vectorize(lambda v: _fresh_float(float(v), rng), otypes=[float])(a)


def fresh(value, rng):
    """A fresh input like ``value``: floats moved, ints, bools, shapes and functions kept."""
    if isinstance(value, bool) or isinstance(value, (int, np.integer)):
        return value
    if isinstance(value, (float, np.floating)):
        return type(value)(_fresh_float(float(value), rng))
    if isinstance(value, np.ndarray):
        return _fresh_array(value, rng)
    if isinstance(value, (list, tuple)):
        return type(value)(fresh(v, rng) for v in value)
    return copy.deepcopy(value) if not callable(value) else value


def fresh_cases(cases, seed, checker_name=""):
    """Every public case with fresh inputs, derived inputs recomputed."""
    rng = np.random.default_rng(seed)
    rules = DERIVED.get(checker_name, {})
    out = []
    for case in cases:
        new = {k: fresh(v, rng) for k, v in case.items()}
        for name, rule in rules.items():
            new[name] = rule(new)
        out.append(new)
    return out


def check_on_fresh_inputs(checker, fn, seed):
    """Run ``checker(fn)`` with its public cases replaced by fresh ones; a Result.

    The checker builds its Exercise and hands it to the module's ``check``; this catches
    that Exercise, swaps its cases and runs the real ``check`` on it, so the verdict and
    the diagnosis are the checker's own. Expected values are never revealed.
    """
    namespace = checker.__globals__
    real = namespace.get("check")
    used = []
    if real is None:
        raise RuntimeError(f"{checker.__name__} does not call _diagnose.check: no fresh inputs")

    def on_fresh(ex, learner, reveal=False):
        used.append(ex)
        ex.cases = fresh_cases(ex.cases, seed, checker.__name__)
        ex._cache.clear()
        ex.cases_text = "inputs drawn for grading (not shown in the notebook)"
        ex.describe = None
        return real(ex, learner, False)

    namespace["check"] = on_fresh
    try:
        result = checker(fn)
    finally:
        namespace["check"] = real
    if not used and result.correct:  # another path: the public cases would be graded again
        raise RuntimeError(f"{checker.__name__} did not go through check(): no fresh inputs")
    return result


def compare_expression(answer, reference_srepr, seed, points=6):
    """(ok, message): a SymPy answer against the reference expression at random points.

    Symbols are matched by name without underscores (``z_0`` is ``z0``); each symbol is
    drawn in (0.2, 2) with a random sign, so both signs of every variable are tried.
    """
    import sympy as sp

    reference = sp.sympify(reference_srepr)
    if not isinstance(answer, sp.Basic):
        return False, f"the answer is {type(answer).__name__}, not a SymPy expression"
    names = {s.name.replace("_", ""): s for s in reference.free_symbols}
    unknown = [s.name for s in answer.free_symbols if s.name.replace("_", "") not in names]
    if unknown:
        return False, f"the answer uses {', '.join(sorted(unknown))}, which it should not"
    rng = np.random.default_rng(seed)
    for _ in range(points):
        values = {k: float(rng.choice([-1, 1]) * rng.uniform(0.2, 2.0)) for k in names}
        want = complex(reference.subs({names[k]: v for k, v in values.items()}).evalf())
        got = answer.subs({s: values[s.name.replace("_", "")] for s in answer.free_symbols})
        try:
            got = complex(got.evalf())
        except (TypeError, ValueError):
            return False, "the answer does not evaluate to a number"
        if not np.isfinite(want):
            continue
        if not np.isclose(got, want, rtol=1e-8, atol=1e-12):
            return (
                False,
                "the answer differs from the reference at a point the notebook does not use",
            )
    return True, "the answer agrees with the reference at fresh points"
