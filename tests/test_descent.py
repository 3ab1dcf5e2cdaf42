"""helpers.descent: the training loop against the seed, closed forms and least squares."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import descent, neuron

finite = st.floats(-8, 8, allow_nan=False)
inputs = st.floats(-5, 5, allow_nan=False)
targets = st.floats(0, 1, allow_nan=False)


def test_first_step_reproduces_the_seed():
    h = descent.train(0.5, 1.0, 0.2, 0.1, lr=0.01, steps=1)
    assert h.w[1] == pytest.approx(0.20055711773068308, rel=1e-15)
    assert h.b[1] == pytest.approx(0.10111423546136614, rel=1e-15)


def test_sigmoid_run_matches_neuron_train_step():
    h = descent.train(0.5, 1.0, 0.2, 0.1, lr=0.5, steps=200)
    w, b = 0.2, 0.1
    for k in range(200):
        y, z = neuron.forward(0.5, w, b)
        dw, db = neuron.backward(0.5, y, z, 1.0)
        assert (h.w[k], h.b[k]) == pytest.approx((w, b), rel=1e-12)
        assert (h.dL_dw[k], h.dL_db[k]) == pytest.approx((dw, db), rel=1e-12)
        assert h.y[k] == pytest.approx(y, rel=1e-12)
        w, b, loss = neuron.train_step(0.5, 1.0, w, b, lr=0.5)
        assert h.loss[k] == pytest.approx(loss, rel=1e-12)
    assert h.status == "ok" and h.steps == 200
    assert h.loss[-1] < h.loss[0]


@pytest.mark.parametrize("x", [0.0, 0.5, -2.0, 5.0])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99, 1.05])
def test_linear_one_example_closed_form(x, fraction):
    """r_k = w_k x + b_k - y_true obeys r_(k+1) = (1 - lr (x^2 + 1)) r_k, so r_k = q^k r_0."""
    w0, b0, y_true, steps = 1.5, -2.0, 0.7, 40
    lr = fraction * descent.lr_bound(x)
    h = descent.train(x, y_true, w0, b0, lr=lr, steps=steps, output="linear")
    q, r0 = 1 - lr * (x * x + 1), w0 * x + b0 - y_true
    k = np.arange(steps + 1)
    shrink = (1 - q**k) / (x * x + 1)  # sum_(j<k) q^j times lr
    np.testing.assert_allclose(h.w, w0 - x * r0 * shrink, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(h.b, b0 - r0 * shrink, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(h.loss, 0.5 * (r0 * q**k) ** 2, rtol=1e-9, atol=1e-24)
    np.testing.assert_allclose(h.y, h.w * x + h.b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fraction", [0.3, 0.7, 1.2])
def test_linear_weight_only_closed_form(fraction):
    """With b fixed, r_(k+1) = (1 - lr x^2) r_k and the bound is 2 / x^2."""
    x, w0, b0, y_true = 0.5, 0.2, 0.1, 1.0
    assert descent.lr_bound(x, train_b=False) == pytest.approx(2 / x**2)
    lr = fraction * 2 / x**2
    h = descent.train(x, y_true, w0, b0, lr=lr, steps=25, output="linear", train_b=False)
    r = (w0 * x + b0 - y_true) * (1 - lr * x * x) ** np.arange(26)
    np.testing.assert_allclose(h.w * x + b0 - y_true, r, rtol=1e-9, atol=1e-15)
    assert np.all(h.b == b0)


def test_linear_many_examples_converge_to_least_squares(rng):
    x = rng.normal(size=8)
    y_true = 1.5 * x - 0.5 + 0.1 * rng.normal(size=8)
    lr = 0.9 * descent.lr_bound(x)
    h = descent.train(x, y_true, 0.0, 0.0, lr=lr, steps=3000, output="linear")
    (w, b), *_ = np.linalg.lstsq(np.c_[x, np.ones_like(x)], y_true, rcond=None)
    assert (h.w[-1], h.b[-1]) == pytest.approx((w, b), rel=1e-9)
    assert h.loss[-1] == pytest.approx(0.5 * np.mean((w * x + b - y_true) ** 2), rel=1e-9)


def test_lr_bound_is_where_descent_turns():
    x = np.array([0.5, 2.0, -1.0])
    hessian = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    bound = descent.lr_bound(x)
    assert bound == pytest.approx(2 / np.linalg.eigvalsh(hessian).max())
    below = descent.train(x, 0.3, 4.0, -3.0, lr=0.98 * bound, steps=300, output="linear")
    above = descent.train(x, 0.3, 4.0, -3.0, lr=1.02 * bound, steps=300, output="linear")
    assert below.loss[-1] < below.loss[0] and above.loss[-1] > above.loss[0]
    assert descent.lr_bound(0.5) == pytest.approx(2 / 1.25)
    assert descent.lr_bound(0.0, train_b=False) == math.inf


def rounding_floor(x, y_true, w, b) -> float:
    """The smallest loss change float64 can resolve: the residual w x + b - y_true is only
    known to about eps times the size of its terms, so the loss is noise below its square."""
    scale = 1 + np.max(np.abs(x)) * (abs(w) + 10) + abs(b) + 10 + np.max(np.abs(y_true))
    return float((16 * np.finfo(float).eps * scale) ** 2)


def never_increases(loss, floor) -> bool:
    return bool(np.all(np.diff(loss) <= 1e-12 * loss[:-1] + floor))


@given(x=inputs, y_true=targets, w=finite, b=finite, fraction=st.floats(0.01, 0.999))
def test_loss_never_increases_below_the_bound(x, y_true, w, b, fraction):
    lr = fraction * descent.lr_bound(x)
    h = descent.train(x, y_true, w, b, lr=lr, steps=60, output="linear")
    assert h.ok
    assert never_increases(h.loss, rounding_floor(x, y_true, w, b)), h.loss


@given(
    x=st.lists(inputs, min_size=2, max_size=5),
    w=finite,
    b=finite,
    fraction=st.floats(0.01, 0.999),
)
def test_loss_never_increases_below_the_bound_many_examples(x, w, b, fraction):
    y_true = np.linspace(0, 1, len(x))
    lr = fraction * descent.lr_bound(x)
    h = descent.train(x, y_true, w, b, lr=lr, steps=60, output="linear")
    assert never_increases(h.loss, rounding_floor(np.array(x), y_true, w, b)), h.loss


@given(
    x=inputs,
    y_true=targets,
    w=finite,
    b=finite,
    lr=st.floats(1e-3, 20),
    output=st.sampled_from(descent.OUTPUTS),
)
def test_history_is_always_finite(x, y_true, w, b, lr, output):
    h = descent.train(x, y_true, w, b, lr=lr, steps=500, output=output)
    for arr in (h.w, h.b, h.loss, h.dL_dw, h.dL_db, h.y):
        assert arr.shape == (h.steps + 1,) and np.all(np.isfinite(arr))
    assert h.status in ("ok", "diverged")
    assert h.status == "ok" or h.steps < 500
    assert isinstance(h.message(), str)


def test_divergence_is_detected_and_reported():
    h = descent.train(2.0, 1.0, 3.0, 3.0, lr=1.0, steps=500, output="linear")
    assert h.status == "diverged" and not h.ok and h.steps < 500
    assert h.loss[-1] > 1e12 and np.all(np.isfinite(h.loss))
    assert "diverged" in h.message() and "too large" in h.message()


def test_overflow_is_detected_when_there_is_no_loss_limit():
    h = descent.train(2.0, 1.0, 3.0, 3.0, lr=1.0, steps=2000, output="linear", max_loss=math.inf)
    assert h.status == "overflow" and h.steps < 2000
    assert np.all(np.isfinite(h.loss)) and h.loss[-1] > 1e250
    assert "overflow" in h.message()


def test_saturated_sigmoid_barely_moves():
    h = descent.train(0.5, 1.0, -8.0, -6.0, lr=1.0, steps=100)
    assert abs(h.dL_dw[0]) < 1e-4 and h.loss[0] - h.loss[-1] < 1e-4
    assert "fell from 0.499955" in h.message()  # enough digits to show the change
    deep = descent.train(-5.0, 0.0, 8.0, -8.0, lr=20.0, steps=50)  # z = -48: y is 0 already
    assert deep.message() == "The loss stayed at 1.016e-42 for 50 steps."


def test_zero_steps_and_messages():
    h = descent.train(0.5, 1.0, 0.2, 0.1, steps=0)
    assert h.steps == 0 and h.w.shape == (1,)
    assert h.message() == "The loss stayed at 0.1013 for 0 steps."
    assert "1 step." in descent.train(0.5, 1.0, 0.2, 0.1, steps=1).message()


def test_loss_grid_matches_the_training_loop(rng):
    x, y_true = np.array([0.5, -1.0]), np.array([1.0, 0.0])
    for output in descent.OUTPUTS:
        w, b = rng.normal(size=(2, 5))
        grid = descent.loss_grid(x, y_true, w, b, output=output)
        for wi, bi, li in zip(w, b, grid, strict=True):
            h = descent.train(x, y_true, wi, bi, steps=0, output=output)
            assert li == pytest.approx(h.loss[0], rel=1e-12)


def test_inputs_are_not_changed():
    x, y_true = np.array([0.5, 1.0]), np.array([1.0, 0.0])
    descent.train(x, y_true, 0.2, 0.1, steps=3)
    assert x.tolist() == [0.5, 1.0] and y_true.tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"lr": 0.0}, ValueError, "lr must be a positive"),
        ({"lr": -1.0}, ValueError, "lr must be a positive"),
        ({"lr": float("nan")}, ValueError, "lr must be finite"),
        ({"steps": -1}, ValueError, r"steps must be an integer in \[0, 1,000,000\]"),
        ({"steps": 10**400}, ValueError, r"steps must be an integer in \[0, 1,000,000\]"),
        ({"steps": 2.5}, TypeError, "steps must be a whole number"),
        ({"steps": True}, TypeError, "steps must be a whole number"),
        ({"train_b": "no"}, TypeError, "train_b must be True or False"),
        ({"y_true": 1e308}, ValueError, "x, y_true, w and b are too large"),
        ({"output": "relu"}, ValueError, "output must be one of"),
        ({"w": [1.0, 2.0]}, TypeError, "w and b must be single numbers"),
        ({"b": float("inf")}, ValueError, "b must be finite"),
        ({"x": np.ones((2, 2))}, ValueError, "x must be a number or a 1-D array"),
        ({"x": [1.0, 2.0], "y_true": [1.0, 2.0, 3.0]}, ValueError, "broadcast"),
        ({"x": []}, ValueError, "at least one example"),
        ({"y_true": "one"}, TypeError, "y_true must"),
        ({"max_loss": -1.0}, ValueError, "max_loss must be a positive"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, words):
    args = {"x": 0.5, "y_true": 1.0, "w": 0.2, "b": 0.1} | kwargs
    with pytest.raises(error, match=words):
        descent.train(**args)


def test_bad_arguments_elsewhere():
    with pytest.raises(ValueError, match="overflows"):
        descent.train(1e200, 1.0, 1e200, 0.0, output="linear")
    with pytest.raises(ValueError, match="1-D array"):
        descent.lr_bound(np.ones((2, 2)))
    with pytest.raises(ValueError, match="output must be one of"):
        descent.loss_grid(0.5, 1.0, np.zeros(3), np.zeros(3), output="tanh")
