"""helpers.layers: BatchNorm (training mode) and LayerNorm, forward and backward.

Checked three ways (SymPy on N = 3, the hand-written backward, centred finite differences),
with hypothesis over shapes and values, and the facts notebook 09 teaches: the biased
variance, dX summing to zero, dX exactly zero for an all-ones upstream gradient.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import gradcheck, layers

NORMS = {
    "batchnorm": (layers.batchnorm_forward, layers.batchnorm_backward, 0),
    "layernorm": (layers.layernorm_forward, layers.layernorm_backward, 1),
}


def case(draw_shape, seed):
    rng = np.random.default_rng(seed)
    N, D = draw_shape
    return (
        rng.normal(0.3, 1.5, (N, D)),
        rng.uniform(0.5, 2.0, D),
        rng.normal(size=D),
        rng.standard_normal((N, D)),
    )


shapes = st.tuples(st.integers(2, 6), st.integers(2, 5))


# ------------------------------------------------------------------ three ways


def sympy_gradient(name, X, gamma, beta, dout, eps=1e-5):
    """dL/dX with L = sum(out * dout), out built symbolically and differentiated by SymPy."""
    N, D = X.shape
    x = sp.Matrix(N, D, lambda i, j: sp.Symbol(f"x{i}_{j}"))
    e = sp.Float(eps, 30)
    out = sp.zeros(N, D)
    if name == "batchnorm":
        for j in range(D):
            col = [x[i, j] for i in range(N)]
            mu = sum(col) / N
            var = sum((c - mu) ** 2 for c in col) / N
            for i in range(N):
                out[i, j] = gamma[j] * (x[i, j] - mu) / sp.sqrt(var + e) + beta[j]
    else:
        for i in range(N):
            row = [x[i, j] for j in range(D)]
            mu = sum(row) / D
            var = sum((r - mu) ** 2 for r in row) / D
            for j in range(D):
                out[i, j] = gamma[j] * (x[i, j] - mu) / sp.sqrt(var + e) + beta[j]
    L = sum(out[i, j] * sp.Float(dout[i, j], 30) for i in range(N) for j in range(D))
    at = {x[i, j]: sp.Float(X[i, j], 30) for i in range(N) for j in range(D)}
    return np.array(
        [[float(sp.diff(L, x[i, j]).evalf(30, subs=at)) for j in range(D)] for i in range(N)]
    )


@pytest.mark.parametrize("name", NORMS)
def test_three_ways_on_a_small_case(name):
    forward, backward, _ = NORMS[name]
    X, gamma, beta, dout = case((3, 2), 1)
    _, cache = forward(X, gamma, beta)
    dX, dgamma, dbeta = backward(dout, cache)
    symbolic = sympy_gradient(name, X, gamma, beta, dout)
    numeric = gradcheck.numerical_gradient_array(lambda t: forward(t, gamma, beta)[0], X, dout)
    np.testing.assert_allclose(dX, symbolic, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dX, numeric, rtol=1e-6, atol=1e-9)


@settings(max_examples=40)
@given(shape=shapes, seed=st.integers(0, 10**6), name=st.sampled_from(list(NORMS)))
def test_backward_agrees_with_finite_differences(shape, seed, name):
    forward, backward, axis = NORMS[name]
    X, gamma, beta, dout = case(shape, seed)
    assume(X.std(axis=axis).min() > 0.2)  # a near-constant column is ill-conditioned for FD
    _, cache = forward(X, gamma, beta)
    dX, dgamma, dbeta = backward(dout, cache)
    fd = gradcheck.numerical_gradient_array
    np.testing.assert_allclose(
        dX, fd(lambda t: forward(t, gamma, beta)[0], X, dout), rtol=1e-5, atol=1e-7
    )
    np.testing.assert_allclose(
        dgamma, fd(lambda t: forward(X, t, beta)[0], gamma, dout), rtol=1e-6, atol=1e-8
    )
    np.testing.assert_allclose(
        dbeta, fd(lambda t: forward(X, gamma, t)[0], beta, dout), rtol=1e-6, atol=1e-8
    )


# ------------------------------------------------------------------ properties


@given(shape=shapes, seed=st.integers(0, 10**6), name=st.sampled_from(list(NORMS)))
def test_shapes_like_the_inputs_and_dX_sums_to_zero(shape, seed, name):
    forward, backward, axis = NORMS[name]
    X, gamma, beta, dout = case(shape, seed)
    out, cache = forward(X, gamma, beta)
    dX, dgamma, dbeta = backward(dout, cache)
    assert out.shape == dX.shape == X.shape
    assert dgamma.shape == dbeta.shape == gamma.shape
    scale = np.abs(dX).max() + 1.0
    np.testing.assert_allclose(dX.sum(axis=axis), 0.0, atol=1e-12 * scale * X.shape[axis])
    np.testing.assert_allclose(dbeta, dout.sum(axis=0), rtol=1e-13)


@given(shape=shapes, seed=st.integers(0, 10**6))
def test_all_ones_upstream_gives_exactly_zero_dX(shape, seed):
    """Why an all-ones dout proves nothing: the mean and variance terms cancel g exactly."""
    X, gamma, beta, _ = case(shape, seed)
    _, cache = layers.batchnorm_forward(X, np.ones_like(gamma), beta)
    dX, _, _ = layers.batchnorm_backward(np.ones(X.shape), cache)
    np.testing.assert_allclose(dX, 0.0, atol=1e-12)
    # and with any gamma, dout = ones makes g constant along each column: zero again
    _, cache = layers.batchnorm_forward(X, gamma, beta)
    np.testing.assert_allclose(
        layers.batchnorm_backward(np.ones(X.shape), cache)[0], 0.0, atol=1e-11
    )


@given(shape=shapes, seed=st.integers(0, 10**6))
def test_biased_variance_and_normalised_columns(shape, seed):
    X, gamma, beta, _ = case(shape, seed)
    eps = 1e-5
    out, _ = layers.batchnorm_forward(X, np.ones_like(gamma), np.zeros_like(beta), eps)
    expected = (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0) + eps)  # np.var: ddof=0
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    unbiased = (X - X.mean(axis=0)) / np.sqrt(X.var(axis=0, ddof=1) + eps)
    assert not np.allclose(out, unbiased, rtol=1e-6)  # n against n - 1 is visible


@given(shape=shapes, seed=st.integers(0, 10**6))
def test_layernorm_is_batchnorm_of_the_transpose(shape, seed):
    X, _, _, dout = case(shape, seed)
    D = X.shape[1]
    ln, ln_cache = layers.layernorm_forward(X, np.ones(D), np.zeros(D))
    bn, bn_cache = layers.batchnorm_forward(X.T, np.ones(X.shape[0]), np.zeros(X.shape[0]))
    np.testing.assert_allclose(ln, bn.T, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(
        layers.layernorm_backward(dout, ln_cache)[0],
        layers.batchnorm_backward(dout.T, bn_cache)[0].T,
        rtol=1e-10,
        atol=1e-12,
    )


def test_inputs_are_not_changed_and_cache_holds_copies():
    X, gamma, beta, dout = case((4, 3), 0)
    before = [a.copy() for a in (X, gamma, beta, dout)]
    _, cache = layers.batchnorm_forward(X, gamma, beta)
    gamma[0] = 100.0  # changing gamma afterwards does not change the backward pass
    dX, *_ = layers.batchnorm_backward(dout, cache)
    gamma[0] = before[1][0]
    _, fresh = layers.batchnorm_forward(X, gamma, beta)
    np.testing.assert_array_equal(dX, layers.batchnorm_backward(dout, fresh)[0])
    for a, b in zip((X, gamma, beta, dout), before, strict=True):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("name", NORMS)
@pytest.mark.parametrize(
    ("arg", "value", "error"),
    [
        ("X", np.ones(3), ValueError),
        ("X", "X", TypeError),
        ("X", np.array([[1.0, np.nan], [0.0, 1.0]]), ValueError),
        ("gamma", np.ones(3), ValueError),
        ("beta", None, TypeError),
        ("eps", 0.0, ValueError),
        ("eps", "small", TypeError),
    ],
)
def test_bad_input_names_the_argument(name, arg, value, error):
    forward = NORMS[name][0]
    args = {"X": np.arange(4.0).reshape(2, 2), "gamma": np.ones(2), "beta": np.zeros(2)}
    args[arg] = value
    with pytest.raises(error, match=arg):
        forward(**args)


def test_batchnorm_needs_two_rows_and_overflow_is_an_error():
    with pytest.raises(ValueError, match="at least 2 rows"):
        layers.batchnorm_forward(np.ones((1, 3)), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="too large"):
        layers.batchnorm_forward(np.full((2, 2), 1e308), np.ones(2), np.zeros(2))
    _, cache = layers.batchnorm_forward(np.eye(2), np.ones(2), np.zeros(2))
    with pytest.raises(ValueError, match="too large"):
        layers.batchnorm_backward(np.array([[1e308, -1e308], [1e308, 1.0]]), cache)


@pytest.mark.parametrize("name", NORMS)
def test_backward_refuses_a_wrong_cache_or_dout(name):
    forward, backward, _ = NORMS[name]
    _, cache = forward(np.eye(3), np.ones(3), np.zeros(3))
    with pytest.raises(TypeError, match="cache"):
        backward(np.eye(3), tuple(cache))
    with pytest.raises(ValueError, match="dout"):
        backward(np.ones((3, 2)), cache)
    other = "layernorm" if name == "batchnorm" else "batchnorm"
    _, wrong = NORMS[other][0](np.eye(3), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=f"pass it to {other}_backward"):
        backward(np.eye(3), wrong)
