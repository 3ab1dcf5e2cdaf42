"""Notebook 07's exercise 5, residual_step_back: the solution passes, each slip is named.

The mutants are the kept solution with one mistake written as a learner would write it.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises as E
from helpers import mlp, residual

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
_spec = importlib.util.spec_from_file_location("ex07", SOLUTIONS / "ex07_gradient_pathologies.py")
S7 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(S7)


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


def _slope(Z):
    s = 1 / (1 + np.exp(-Z))
    return s * (1 - s)


def test_the_solution_passes_and_a_blank_is_not_attempted():
    assert E.check_residual_step_back(S7.residual_step_back).correct
    blank = E.check_residual_step_back(lambda G, Z, A_prev, W, skip: None)
    assert not blank.correct and "Not attempted" in str(blank)


def test_the_solution_is_one_step_of_helpers_residual():
    # Run the solution's step back through a whole residual network: the gradients of
    # helpers.residual.loss_and_grads come out, layer by layer.
    rng = np.random.default_rng(0)
    params = mlp.init_params([3, 4, 4, 4, 2], seed=2)
    X, Y = rng.normal(size=(5, 3)), np.eye(2)[[0, 1, 1, 0, 1]]
    _, A, Z = residual.forward(params, X, hidden="sigmoid", output="softmax")
    _, grads = residual.loss_and_grads(params, X, Y, hidden="sigmoid")
    delta = (A[-1] - Y) / len(X)
    G = delta @ params[-1][0]
    for layer, skip in ((3, True), (2, True), (1, False)):
        delta, dW, G = S7.residual_step_back(
            G, Z[layer - 1], A[layer - 1], params[layer - 1][0], skip
        )
        np.testing.assert_allclose(dW, grads[layer - 1][0], rtol=1e-12, atol=1e-15)


def _forgot_skip(G, Z, A_prev, W, skip):
    delta = G * _slope(Z)
    return delta, delta.T @ A_prev, delta @ W


def _skip_with_slope(G, Z, A_prev, W, skip):
    delta = G * _slope(Z)
    return delta, delta.T @ A_prev, delta @ W + (delta if skip else 0)


def _skip_in_delta(G, Z, A_prev, W, skip):
    delta = G * _slope(Z) + (G if skip else 0)
    return delta, delta.T @ A_prev, delta @ W + (G if skip else 0)


def _skip_always(G, Z, A_prev, W, skip):
    delta = G * _slope(Z)
    return delta, delta.T @ A_prev, delta @ W + G  # skip ignored


def _dW_transposed(G, Z, A_prev, W, skip):
    delta = G * _slope(Z)
    return delta, A_prev.T @ delta, delta @ W + (G if skip else 0)


@pytest.mark.parametrize(
    "mutant, mistake, words",
    [
        (_forgot_skip, "forgot_skip", "missing the skip"),
        (_skip_with_slope, "skip_with_slope", "you added δ^l"),
        (_skip_in_delta, "skip_in_delta", "joins G^(l-1), not δ^l"),
        (_skip_always, "skip_always", "this layer has no skip"),
        (_dW_transposed, "dW_transposed", "dW is transposed"),
    ],
)
def test_each_slip_is_named(mutant, mistake, words):
    result = E.check_residual_step_back(mutant)
    assert not result.correct
    assert words in result.diagnosis, result.diagnosis
