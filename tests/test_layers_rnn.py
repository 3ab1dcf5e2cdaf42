"""helpers.layers: the tanh RNN and backpropagation through time; helpers.bptt's task.

Three ways (SymPy on two steps, the hand-written BPTT, centred finite differences), with
hypothesis over shapes; truncated BPTT equals the full one when it reaches back far enough
and keeps only each step's own term at steps=1; bad input names the argument.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import bptt, gradcheck, layers


def draw(seed, N, T, D, Hd, scale=0.7):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((N, T, D)), rng.standard_normal((N, Hd)), rng.standard_normal((Hd, D)),
        scale * rng.standard_normal((Hd, Hd)) / np.sqrt(Hd), rng.standard_normal(Hd),
        rng.standard_normal((N, T, Hd)),
    )  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 6),
    st.integers(1, 3),
    st.integers(1, 4),
    st.integers(0, 10**6),
)
def test_bptt_against_finite_differences(N, T, D, Hd, seed):
    X, h0, Wx, Wh, b, dH = draw(seed, N, T, D, Hd)
    H, cache = layers.rnn_forward(X, h0, Wx, Wh, b)
    assert H.shape == (N, T, Hd) and np.all(np.abs(H) < 1)
    grads = layers.rnn_backward(dH, cache)
    inputs = [X, h0, Wx, Wh, b]
    for k, (g, arg) in enumerate(zip(grads, inputs, strict=True)):
        assert g.shape == arg.shape

        def f(t, k=k):
            args = list(inputs)
            args[k] = t
            return layers.rnn_forward(*args)[0]

        np.testing.assert_allclose(
            g, gradcheck.numerical_gradient_array(f, arg, dH), rtol=1e-6, atol=1e-8
        )


def test_three_ways_with_sympy():
    """One sequence, two steps, Hd = 2, D = 1: every entry of dWh and dh0 from SymPy."""
    X, h0, Wx, Wh, b, dH = draw(2, 1, 2, 1, 2)
    wh = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"w{i}{j}"))
    hs = sp.Matrix(1, 2, sp.symbols("h0_0 h0_1"))
    F = lambda a: sp.Matrix([[sp.Float(float(x), 30) for x in row] for row in np.atleast_2d(a)])  # noqa: E731
    h = hs
    L = 0
    for t in range(2):
        z = F(X[:, t]) * F(Wx).T + h * wh.T + F(b)
        h = z.applyfunc(sp.tanh)
        L += (h * F(dH[:, t]).T)[0, 0]
    at = {wh[i, j]: sp.Float(Wh[i, j], 30) for i in range(2) for j in range(2)}
    at |= {hs[j]: sp.Float(h0[0, j], 30) for j in range(2)}
    _, dh0, _, dWh, _ = layers.rnn_backward(dH, layers.rnn_forward(X, h0, Wx, Wh, b)[1])
    sym_dWh = np.array([[float(sp.diff(L, wh[i, j]).subs(at)) for j in range(2)] for i in range(2)])
    sym_dh0 = np.array([[float(sp.diff(L, hs[j]).subs(at)) for j in range(2)]])
    np.testing.assert_allclose(dWh, sym_dWh, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dh0, sym_dh0, rtol=1e-12, atol=1e-14)


def test_truncated_bptt():
    X, h0, Wx, Wh, b, dH = draw(4, 2, 5, 2, 3)
    _, cache = layers.rnn_forward(X, h0, Wx, Wh, b)
    full = layers.rnn_backward(dH, cache)
    for a, c in zip(full, layers.rnn_backward(dH, cache, steps=5), strict=True):
        np.testing.assert_allclose(a, c, rtol=1e-12, atol=1e-14)
    one = layers.rnn_backward(dH, cache, steps=1)
    delta = dH * (1 - cache.H**2)  # each step's own term only
    np.testing.assert_allclose(one[4], delta.sum(axis=(0, 1)), rtol=1e-12)
    assert not np.allclose(one[3], full[3])


def test_vanishing_and_exploding():
    small, large = bptt.gradient_norms(0.5, 30), bptt.gradient_norms(3.0, 30)
    assert small["tanh"][-1] < 1e-8 < 1e3 < large["tanh"][-1]
    np.testing.assert_allclose(small["linear"], 0.5 ** np.arange(30), rtol=1e-9)
    assert np.all(small["tanh"] <= small["linear"] * (1 + 1e-12))  # tanh' <= 1 only shrinks


def test_clipping_rescues_the_exploding_run():
    _, wild = bptt.train_echo(scale=2.0, lag=3, lr=0.5, iterations=250)
    _, clipped = bptt.train_echo(scale=2.0, lag=3, lr=0.5, iterations=250, clip=1.0)
    assert wild.status.startswith("diverged")
    assert clipped.status == "ok" and clipped.loss[-1] < 0.05 * clipped.loss[0]


@pytest.mark.parametrize(
    "k, value, exc, name",
    [
        (0, np.zeros((2, 3)), ValueError, "X"),
        (1, np.zeros((3, 4)), ValueError, "h0"),
        (2, np.zeros((4, 3)), ValueError, "Wx"),
        (3, np.zeros((4, 5)), ValueError, "Wh"),
        (4, np.zeros(5), ValueError, "b"),
        (0, "x", TypeError, "X"),
        (3, np.full((4, 4), np.inf), ValueError, "Wh"),
        (0, np.full((2, 3, 2), 1e308), ValueError, "too large"),
    ],
)
def test_bad_input(k, value, exc, name):
    args = [np.ones((2, 3, 2)), np.zeros((2, 4)), np.ones((4, 2)), np.eye(4), np.zeros(4)]
    args[k] = value
    with pytest.raises(exc, match=name):
        layers.rnn_forward(*args)


def test_backward_bad_input():
    H, cache = layers.rnn_forward(
        np.ones((2, 3, 2)), np.zeros((2, 4)), np.ones((4, 2)), np.eye(4), np.zeros(4)
    )
    with pytest.raises(ValueError, match="dH"):
        layers.rnn_backward(H[:, :2], cache)
    with pytest.raises(TypeError, match="cache"):
        layers.rnn_backward(H, None)
    with pytest.raises(ValueError, match="steps"):
        layers.rnn_backward(H, cache, steps=0)
