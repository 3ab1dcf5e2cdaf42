"""The single neuron: the seed's worked example, shapes, and clear errors for bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import neuron

SEED = {"x": 0.5, "y_true": 1.0, "w": 0.2, "b": 0.1}


def test_seed_example_to_the_last_digit():
    x, y_true, w, b = SEED.values()
    y, z = neuron.forward(x, w, b)
    dL_dw, dL_db = neuron.backward(x, y, z, y_true)
    w, b = neuron.update(w, b, dL_dw, dL_db, lr=0.01)
    assert f"Updated w: {w}, Updated b: {b}" == (
        "Updated w: 0.20055711773068308, Updated b: 0.10111423546136614"
    )


def test_scalars_in_floats_out():
    y, z = neuron.forward(0.5, 0.2, 0.1)
    assert isinstance(y, float) and isinstance(z, float)
    assert z == pytest.approx(0.2)


def test_arrays_broadcast(rng):
    x = rng.normal(size=5)
    y, z = neuron.forward(x, 0.3, -0.1)
    assert y.shape == z.shape == (5,)
    dw, db = neuron.backward(x, y, z, np.ones(5))
    assert dw.shape == db.shape == (5,)
    # each example's gradient equals the scalar computation
    for i in range(5):
        yi, zi = neuron.forward(x[i], 0.3, -0.1)
        assert dw[i] == pytest.approx(neuron.backward(x[i], yi, zi, 1.0)[0], rel=1e-15)


def test_inputs_are_not_changed(rng):
    x = rng.normal(size=4)
    w = np.array([0.1, 0.2, 0.3, 0.4])
    keep_x, keep_w = x.copy(), w.copy()
    y, z = neuron.forward(x, w, 0.0)
    dw, db = neuron.backward(x, y, z, 0.0)
    neuron.update(w, 0.0, dw, db.sum(), lr=0.1)
    assert np.array_equal(x, keep_x) and np.array_equal(w, keep_w)


@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5), st.floats(0, 1))
def test_small_step_lowers_the_loss(x, w, b, y_true):
    y, z = neuron.forward(x, w, b)
    dw, db = neuron.backward(x, y, z, y_true)
    w2, b2 = neuron.update(w, b, dw, db, lr=1e-3)
    assert neuron.loss(neuron.forward(x, w2, b2)[0], y_true) <= neuron.loss(y, y_true) + 1e-15


@pytest.mark.parametrize(
    "call, kind, words",
    [
        (lambda: neuron.forward("a", 0.2, 0.1), TypeError, ["x", "'a'"]),
        (lambda: neuron.forward(None, 0.2, 0.1), TypeError, ["x", "None"]),
        (lambda: neuron.forward(True, 0.2, 0.1), TypeError, ["x", "True"]),
        (lambda: neuron.forward(0.5, 1 + 2j, 0.1), TypeError, ["w", "complex"]),
        (lambda: neuron.forward(0.5, 0.2, float("nan")), ValueError, ["b", "NaN"]),
        (lambda: neuron.forward(np.inf, 0.2, 0.1), ValueError, ["x", "infinite"]),
        (lambda: neuron.forward([1.0, np.nan], 0.2, 0.1), ValueError, ["x", "NaN", "(1,)"]),
        (
            lambda: neuron.forward(np.ones(2), np.ones(3), 0.1),
            ValueError,
            ["x", "w", "(2,)", "(3,)", "broadcast"],
        ),
        (lambda: neuron.backward(0.5, 0.5, 0.2, "1"), TypeError, ["y_true"]),
        (lambda: neuron.backward(0.5, 0.5, 0.2, np.nan), ValueError, ["y_true", "NaN"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, 0.1, lr=0.0), ValueError, ["lr", "positive", "0.0"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, 0.1, lr=-1), ValueError, ["lr", "-1"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, 0.1, lr=np.inf), ValueError, ["lr", "infinite"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, 0.1, lr="fast"), TypeError, ["lr", "'fast'"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, 0.1, lr=[0.1, 0.2]), TypeError, ["lr", "single"]),
        (lambda: neuron.update(0.2, 0.1, np.nan, 0.1), ValueError, ["dL_dw", "NaN"]),
        (lambda: neuron.update(0.2, 0.1, 0.1, np.inf), ValueError, ["dL_db", "infinite"]),
    ],
)
def test_bad_input_names_the_argument(call, kind, words):
    with pytest.raises(kind) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_no_runtime_warning_at_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for w in (-1e4, 1e4):
            y, z = neuron.forward(5.0, w, 0.0)
            dw, db = neuron.backward(5.0, y, z, 0.0)
            assert np.isfinite([y, z, dw, db]).all()
