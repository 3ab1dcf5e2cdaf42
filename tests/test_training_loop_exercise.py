"""The "write the training loop" checker of notebook 06 (helpers.exercises.nb06_training_loop).

The reference solution passes; each known slip is caught and named; a blank is "not
attempted"; malformed return values get a message, never an exception; the loop learns.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from helpers import mlp
from helpers.exercises import nb06_training_loop as T
from helpers.exercises import reset_tries

SOLUTION = (
    Path(__file__).resolve().parent.parent / "notebooks" / "solutions" / "ex06_training_loop.py"
)


@pytest.fixture(autouse=True)
def _fresh_tries():
    reset_tries()
    yield
    reset_tries()


def solution():
    spec = importlib.util.spec_from_file_location("ex06_training_loop", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.train_loop


def test_solution_is_correct_and_learns():
    result = T.check_training_loop(solution())
    assert result.correct, result
    assert "your loop learns" in str(result)
    for case in T._CASES:
        _, losses = solution()(**case)
        assert len(losses) == case["steps"]
        assert losses[-1] < 0.8 * losses[0]  # it learns on every case


def test_blank_is_not_attempted():
    def train_loop(params, X, Y, lr, steps):
        # your code here
        return None

    result = T.check_training_loop(train_loop)
    assert not result.correct
    assert "Not attempted" in str(result)


@pytest.mark.parametrize(
    ("slip", "key"),
    [
        ({"update": False}, "no_update"),
        ({"sign": -1.0}, "sign_error"),
        ({"use_lr": False}, "forgot_lr"),
        ({"record_after": True}, "loss_after_update"),
        ({"kind_": {}}, "default_kind"),
        ({"kind_": {**T.KIND, "hidden": "sigmoid"}}, "sigmoid_hidden"),
    ],
)
def test_each_slip_is_named(slip, key):
    def train_loop(params, X, Y, lr, steps):
        return T._loop(params, X, Y, lr, steps, **slip)

    result = T.check_training_loop(train_loop)
    assert not result.correct
    assert key in result.mistakes, (key, result.mistakes, str(result))


def test_one_step_too_many_is_wrong():
    def train_loop(params, X, Y, lr, steps):
        return T._loop(params, X, Y, lr, steps, extra_steps=1)

    assert not T.check_training_loop(train_loop).correct


def test_swapped_outputs_are_explained():
    def train_loop(params, X, Y, lr, steps):
        params, losses = solution()(params, X, Y, lr, steps)
        return losses, params

    result = T.check_training_loop(train_loop)
    assert not result.correct
    assert "return (params, losses), in that order" in str(result)


@pytest.mark.parametrize("returned", [3.0, "params", (1, 2, 3), ([1.0], [1.0])])
def test_malformed_returns_get_a_message(returned):
    def train_loop(params, X, Y, lr, steps):
        return returned

    result = T.check_training_loop(train_loop)
    assert not result.correct
    assert str(result)


def test_losses_as_an_array_are_accepted():
    def train_loop(params, X, Y, lr, steps):
        params, losses = solution()(params, X, Y, lr, steps)
        return params, np.array(losses)

    assert T.check_training_loop(train_loop).correct


def test_params_are_not_changed_by_the_reference():
    case = T._CASES[0]
    before = [(W.copy(), b.copy()) for W, b in case["params"]]
    T._reference(**case)
    for (W, b), (W0, b0) in zip(case["params"], before, strict=True):
        assert np.array_equal(W, W0) and np.array_equal(b, b0)


def test_reference_matches_mlp_by_hand():
    case = T._CASES[1]
    params, losses = T._reference(**case)
    p = case["params"]
    for step in range(case["steps"]):
        loss, grads = mlp.loss_and_grads(p, case["X"], case["Y"], **T.KIND)
        assert abs(loss - losses[step]) <= 1e-12 * abs(loss)
        p = mlp.update(p, grads, lr=case["lr"])
    for (W, b), (W2, b2) in zip(params, p, strict=True):
        np.testing.assert_allclose(W, W2, rtol=1e-12)
        np.testing.assert_allclose(b, b2, rtol=1e-12)
