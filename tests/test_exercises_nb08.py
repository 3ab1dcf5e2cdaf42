"""Notebook 08's checkers: the solutions pass; each known mistake is named.

The mutants of Exercise 1 are the engine's own bugs (`=` instead of `+=` on a reused node,
forward order, no chain rule, no seed), written as a learner would write them.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from helpers import exercises as E
from helpers.exercises import nb08_computational_graphs as nb08

SOLUTION = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
spec = importlib.util.spec_from_file_location("ex08", SOLUTION / "ex08_computational_graphs.py")
S = importlib.util.module_from_spec(spec)
spec.loader.exec_module(S)


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


def test_solutions_are_correct():
    for result in (E.check_backprop(S.backprop), E.check_best_segments(S.best_segments)):
        assert result.correct, result.diagnosis
        assert str(result).startswith("✔")


def test_cases_are_the_engines_graphs():
    reused = nb08._cases()[0]
    assert reused == {"parents": [[], [0, 0], [1, 0]], "local": [[], [3.0, 3.0], [1.0, 1.0]]}
    np.testing.assert_array_equal(S.backprop(**reused), [7.0, 1.0, 1.0])  # 2x + 1 at x = 3


def learner(*, overwrite=False, forward=False, chain=True, seed=1.0):
    def backprop(parents, local):
        n = len(parents)
        grads = np.zeros(n)
        grads[-1] = seed
        for i in range(n) if forward else reversed(range(n)):
            for p, d in zip(parents[i], local[i], strict=True):
                share = d * grads[i] if chain else d
                if overwrite:
                    grads[p] = share
                else:
                    grads[p] += share
        return grads

    return backprop


@pytest.mark.parametrize(
    "flags, key, words",
    [
        ({"overwrite": True}, "overwrite", "+="),
        ({"forward": True}, "forward_order", "reversed"),
        ({"chain": False}, "no_upstream", "chain rule"),
        ({"seed": 0.0}, "all_zeros", "zero"),
    ],
)
def test_backprop_mutants_are_named(flags, key, words):
    result = E.check_backprop(learner(**flags))
    assert not result.correct and key in result.mistakes, result.diagnosis
    assert words in result.diagnosis


def test_backprop_blank_and_errors():
    def blank(parents, local):
        # your code here
        return None

    assert not E.check_backprop(blank).attempted
    result = E.check_backprop(lambda parents, local: np.zeros(2))
    assert not result.correct and "shape" in result.diagnosis


@pytest.mark.parametrize(
    "answer, key",
    [("sqrt(L)", "one_array_per_layer"), ("sqrt(L/2)", "half"), ("L", "all_layers")],
)
def test_best_segments_mutants(answer, key):
    L = sp.Symbol("L", positive=True)
    result = E.check_best_segments(sp.sympify(answer, locals={"L": L}))
    assert not result.correct and key in result.mistakes, result.diagnosis


def test_best_segments_blank():
    assert not E.check_best_segments(None).attempted


def test_unbroadcast_solution_and_mutants():
    assert E.check_unbroadcast(S.unbroadcast).correct

    def mean_instead(g, shape):
        while g.ndim > len(shape):
            g = g.mean(axis=0)
        for axis, n in enumerate(shape):
            if n == 1 and g.shape[axis] != 1:
                g = g.mean(axis=axis, keepdims=True)
        return g

    def leading_only(g, shape):
        while g.ndim > len(shape):
            g = g.sum(axis=0)
        return g

    for fn, key in (
        (mean_instead, "mean_not_sum"),
        (lambda g, shape: g, "unreduced"),
        (leading_only, "leading_axes_only"),
    ):
        result = E.check_unbroadcast(fn)
        assert not result.correct and key in result.mistakes, result.diagnosis
