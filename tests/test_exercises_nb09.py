"""Notebook 09's checkers: the solutions pass, each known mistake is named, blanks wait.

The generic tests (test_exercise_structure, _slips, _safety) cover these checkers through
``helpers.exercises.__all__``; this file holds what is particular to notebook 09.
"""

import importlib.util
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises as E
from helpers import gradcheck
from helpers.exercises import nb09_backprop_through_any_layer as nb09

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
spec = importlib.util.spec_from_file_location(
    "ex09", SOLUTIONS / "ex09_backprop_through_any_layer.py"
)
S9 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(S9)


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


@pytest.mark.parametrize(
    ("checker", "solution"),
    [
        (E.check_batchnorm_backward, S9.batchnorm_backward),
        (E.check_softmax_backward, S9.softmax_backward),
        (E.check_embedding_backward, S9.embedding_backward),
    ],
)
def test_every_solution_is_correct(checker, solution):
    result = checker(solution)
    assert result.correct, result.diagnosis
    assert str(result).startswith("✔")


def _overwrite_plus_equals(dout, idx, V):
    dE = np.zeros((V, dout.shape[-1]))
    dE[idx] += dout  # looks like accumulation, is not: repeats are written once
    return dE


def _variance_ddof1(dout, X, gamma, eps):
    """A learner's whole function with np.var(..., ddof=1): forward and backward."""
    n = X.shape[0]
    xc = X - X.mean(axis=0)
    var = X.var(axis=0, ddof=1)
    inv = 1 / np.sqrt(var + eps)
    xhat = xc * inv
    g = dout * gamma
    dvar = (g * xc).sum(axis=0) * -0.5 * inv**3
    dX = g * inv + dvar * 2 * xc / (n - 1) - (g * inv).sum(axis=0) / n
    return dX, (dout * xhat).sum(axis=0), dout.sum(axis=0)


@pytest.mark.parametrize(
    ("checker", "mutant", "key", "words"),
    [
        (E.check_batchnorm_backward, _variance_ddof1, "unbiased_variance", "n - 1"),
        (
            E.check_batchnorm_backward,
            partial(nb09._bn, mean_term=False),
            "missing_mean_term",
            "batch mean",
        ),
        (
            E.check_batchnorm_backward,
            partial(nb09._bn, var_term=False),
            "missing_variance_term",
            "batch variance",
        ),
        (
            E.check_batchnorm_backward,
            partial(nb09._bn, mean_term=False, var_term=False),
            "constant_statistics",
            "constants",
        ),
        (
            E.check_batchnorm_backward,
            partial(nb09._bn, reduce=False),
            "unreduced_broadcast",
            "summed over the batch",
        ),
        (E.check_softmax_backward, lambda S, dS: S * (1 - S) * dS, "diagonal_only", "diagonal"),
        (E.check_softmax_backward, partial(nb09._softmax, axis=0), "softmax_axis", "axis=1"),
        (E.check_softmax_backward, lambda S, dS: S * dS, "missing_jacobian_term", "s s^T"),
        (E.check_embedding_backward, nb09._embedding_overwrite, "overwritten_repeats", "np.add.at"),
        (E.check_embedding_backward, _overwrite_plus_equals, "overwritten_repeats", "np.add.at"),
    ],
)
def test_each_mistake_is_named(checker, mutant, key, words):
    result = checker(mutant)
    assert not result.correct
    assert key in result.mistakes, result.diagnosis
    assert words in result.diagnosis


@pytest.mark.parametrize(
    "checker", [E.check_batchnorm_backward, E.check_softmax_backward, E.check_embedding_backward]
)
def test_a_blank_is_not_attempted(checker):
    def blank(*args):
        raise NotImplementedError

    result = checker(blank)
    assert not result.attempted and not result.correct


def test_staged_mutant_engine_agrees_with_the_references():
    for case in nb09._BN_CASES:
        for mine, ref in zip(nb09._bn(**case), nb09._bn_reference(**case), strict=True):
            np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-14)
    for case in nb09._SOFTMAX_CASES:
        np.testing.assert_allclose(
            nb09._softmax(**case), nb09._softmax_reference(**case), rtol=1e-14
        )


def test_softmax_reference_matches_finite_differences():
    case = nb09._SOFTMAX_CASES[0]
    S, dS = case["S"], case["dS"]
    Z = np.log(S)  # softmax(log S) = S: the rows of S sum to 1

    def softmax(t):
        e = np.exp(t - t.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    numeric = gradcheck.numerical_gradient_array(softmax, Z, dS)
    np.testing.assert_allclose(nb09._softmax_reference(S, dS), numeric, rtol=1e-6, atol=1e-9)


def test_every_case_of_the_embedding_exercise_has_a_repeat_but_one():
    repeats = [len(np.unique(c["idx"])) < c["idx"].size for c in nb09._EMBEDDING_CASES]
    assert sum(repeats) == len(repeats) - 1  # one case without repeats: the mistake is silent
