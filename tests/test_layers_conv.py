"""helpers.layers: conv2d (stride, padding) and max-pooling, forward and backward.

Three ways (SymPy on a tiny image, the hand-written backward, centred finite differences);
the vectorised functions equal the naive loops (hypothesis over shapes, strides, padding);
the input gradient equals a full convolution with the flipped kernel; max-pooling routes;
bad input is a TypeError or ValueError naming the argument.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import gradcheck, layers


def draw(seed, N, C, H, Wd, F, HH, WW, stride, pad):
    rng = np.random.default_rng(seed)
    X, W, b = (
        rng.standard_normal((N, C, H, Wd)),
        rng.standard_normal((F, C, HH, WW)),
        rng.standard_normal(F),
    )
    out, _ = layers.conv2d_forward(X, W, b, stride, pad)
    return X, W, b, rng.standard_normal(out.shape)


geometry = st.tuples(
    st.integers(1, 2), st.integers(1, 3), st.integers(3, 7), st.integers(3, 7),
    st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(1, 3), st.integers(0, 2),
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(geometry, st.integers(0, 10**6))
def test_vectorised_equals_naive(g, seed):
    N, C, H, Wd, F, HH, WW, stride, pad = g
    X, W, b, dout = draw(seed, N, C, H, Wd, F, HH, WW, stride, pad)
    out, cache = layers.conv2d_forward(X, W, b, stride, pad)
    out_n, cache_n = layers.conv2d_forward_naive(X, W, b, stride, pad)
    assert out.shape == (N, F, (H + 2 * pad - HH) // stride + 1, (Wd + 2 * pad - WW) // stride + 1)
    np.testing.assert_allclose(out, out_n, rtol=1e-12, atol=1e-12)
    for fast, slow in zip(
        layers.conv2d_backward(dout, cache),
        layers.conv2d_backward_naive(dout, cache_n),
        strict=True,
    ):
        assert fast.shape == slow.shape
        np.testing.assert_allclose(fast, slow, rtol=1e-12, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(geometry, st.integers(0, 10**6))
def test_backward_against_finite_differences(g, seed):
    N, C, H, Wd, F, HH, WW, stride, pad = g
    X, W, b, dout = draw(seed, N, C, H, Wd, F, HH, WW, stride, pad)
    dX, dW, db = layers.conv2d_backward(dout, layers.conv2d_forward(X, W, b, stride, pad)[1])
    for analytic, arg, fn in [
        (dX, X, lambda t: layers.conv2d_forward(t, W, b, stride, pad)[0]),
        (dW, W, lambda t: layers.conv2d_forward(X, t, b, stride, pad)[0]),
        (db, b, lambda t: layers.conv2d_forward(X, W, t, stride, pad)[0]),
    ]:
        numeric = gradcheck.numerical_gradient_array(fn, arg, dout)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_three_ways_with_sympy():
    """A 1 x 1 x 4 x 4 image, two 2 x 2 kernels, stride 2, pad 1: every gradient three ways."""
    X, W, b, dout = draw(3, 1, 1, 4, 4, 2, 2, 2, 2, 1)
    xs = sp.Matrix(4, 4, lambda i, j: sp.Symbol(f"x{i}{j}"))
    ws = [sp.Matrix(2, 2, lambda i, j, f=f: sp.Symbol(f"w{f}{i}{j}")) for f in range(2)]
    bs = sp.symbols("b0 b1")
    xp = sp.zeros(6, 6)
    xp[1:5, 1:5] = xs
    L = sum(
        sp.Float(dout[0, f, i, j], 30)
        * (sum(xp[2 * i + p, 2 * j + q] * ws[f][p, q] for p in range(2) for q in range(2)) + bs[f])
        for f in range(2) for i in range(3) for j in range(3)
    )  # fmt: skip
    at = {xs[i, j]: sp.Float(X[0, 0, i, j], 30) for i in range(4) for j in range(4)}
    at |= {
        ws[f][p, q]: sp.Float(W[f, 0, p, q], 30)
        for f in range(2)
        for p in range(2)
        for q in range(2)
    }
    at |= {bs[f]: sp.Float(b[f], 30) for f in range(2)}
    dX, dW, db = layers.conv2d_backward(dout, layers.conv2d_forward(X, W, b, 2, 1)[1])
    sym_dX = np.array([[float(sp.diff(L, xs[i, j]).subs(at)) for j in range(4)] for i in range(4)])
    sym_dW = np.array(
        [
            [[float(sp.diff(L, ws[f][p, q]).subs(at)) for q in range(2)] for p in range(2)]
            for f in range(2)
        ]
    )
    sym_db = np.array([float(sp.diff(L, bs[f]).subs(at)) for f in range(2)])
    np.testing.assert_allclose(dX[0, 0], sym_dX, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dW[:, 0], sym_dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, sym_db, rtol=1e-12, atol=1e-12)
    num = gradcheck.numerical_gradient_array(
        lambda t: layers.conv2d_forward(t, W, b, 2, 1)[0], X, dout
    )
    np.testing.assert_allclose(dX, num, rtol=1e-7, atol=1e-9)


def test_input_gradient_is_a_full_convolution_with_the_flipped_kernel():
    X, W, b, dout = draw(5, 2, 3, 6, 5, 4, 3, 2, 1, 0)
    dX, _, _ = layers.conv2d_backward(dout, layers.conv2d_forward(X, W, b)[1])
    # full convolution: pad dout by HH - 1, WW - 1, correlate with the flipped, transposed kernel
    flipped = W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)  # (C, F, HH, WW)
    full, _ = layers.conv2d_forward(
        np.pad(dout, ((0, 0), (0, 0), (2, 2), (1, 1))), flipped, np.zeros(3)
    )
    np.testing.assert_allclose(dX, full, rtol=1e-12, atol=1e-12)
    unflipped, _ = layers.conv2d_forward(
        np.pad(dout, ((0, 0), (0, 0), (2, 2), (1, 1))), W.transpose(1, 0, 2, 3), np.zeros(3)
    )
    assert not np.allclose(dX, unflipped)


def test_kernel_gradient_is_a_correlation_of_input_and_upstream():
    X, W, b, dout = draw(6, 3, 2, 6, 6, 2, 3, 3, 1, 0)
    _, dW, _ = layers.conv2d_backward(dout, layers.conv2d_forward(X, W, b)[1])
    # dW[f, c] = sum over n of corr(X[n, c], dout[n, f]): X's channels as the batch
    corr, _ = layers.conv2d_forward(
        X.transpose(1, 0, 2, 3), dout.transpose(1, 0, 2, 3), np.zeros(2)
    )
    np.testing.assert_allclose(dW, corr.transpose(1, 0, 2, 3), rtol=1e-12, atol=1e-12)


def test_output_size():
    assert layers.output_size(8, 3, 1, 1) == 8
    assert layers.output_size(7, 3, 2, 0) == 3
    with pytest.raises(ValueError, match="kernel"):
        layers.output_size(2, 5)


# ------------------------------------------------------------------ max-pooling


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 2), st.integers(1, 3), st.integers(2, 7), st.integers(2, 7),
       st.integers(1, 3), st.integers(1, 3), st.integers(0, 10**6))  # fmt: skip
def test_maxpool_routes_and_matches_finite_differences(N, C, H, Wd, size, stride, seed):
    size = min(size, H, Wd)
    rng = np.random.default_rng(seed)
    X = rng.permutation(N * C * H * Wd).reshape(N, C, H, Wd) / 7.0  # distinct: no ties
    out, cache = layers.maxpool2d_forward(X, size, stride)
    dout = rng.standard_normal(out.shape)
    dX = layers.maxpool2d_backward(dout, cache)
    expected = np.zeros_like(X)  # the loop: each window's winner gets its dout
    for n, c, i, j in np.ndindex(out.shape):
        win = X[n, c, i * stride : i * stride + size, j * stride : j * stride + size]
        assert out[n, c, i, j] == win.max()
        p, q = np.unravel_index(win.argmax(), win.shape)
        expected[n, c, i * stride + p, j * stride + q] += dout[n, c, i, j]
    np.testing.assert_array_equal(dX, expected)
    assert np.count_nonzero(dX) <= out.size  # routed: at most one input per window
    numeric = gradcheck.numerical_gradient_array(
        lambda t: layers.maxpool2d_forward(t, size, stride)[0], X, dout
    )
    np.testing.assert_allclose(dX, numeric, rtol=1e-7, atol=1e-9)


def test_maxpool_ties_go_to_the_first():
    X = np.zeros((1, 1, 2, 2))
    _, cache = layers.maxpool2d_forward(X)
    np.testing.assert_array_equal(
        layers.maxpool2d_backward(np.ones((1, 1, 1, 1)), cache)[0, 0], [[1, 0], [0, 0]]
    )


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "kwargs, exc, name",
    [
        ({"X": np.zeros((2, 8, 8))}, ValueError, "X"),
        ({"X": "image"}, TypeError, "X"),
        ({"W": np.zeros((2, 3, 3, 3))}, ValueError, "channels"),
        ({"b": np.zeros(3)}, ValueError, "b"),
        ({"stride": 0}, ValueError, "stride"),
        ({"stride": 1.5}, TypeError, "stride"),
        ({"pad": -1}, ValueError, "pad"),
        ({"W": np.zeros((2, 1, 11, 11))}, ValueError, "kernel"),
        ({"X": np.full((1, 1, 8, 8), np.nan)}, ValueError, "X"),
        ({"X": np.full((1, 1, 8, 8), 1e308)}, ValueError, "too large"),
    ],
)
def test_conv_bad_input(kwargs, exc, name):
    args = {
        "X": np.ones((1, 1, 8, 8)),
        "W": np.ones((2, 1, 3, 3)),
        "b": np.zeros(2),
        "stride": 1,
        "pad": 1,
    }
    args.update(kwargs)
    for forward in (layers.conv2d_forward, layers.conv2d_forward_naive):
        with pytest.raises(exc, match=name):
            forward(**args)


def test_backward_bad_input():
    out, cache = layers.conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), np.zeros(1))
    with pytest.raises(ValueError, match="dout"):
        layers.conv2d_backward(np.ones((1, 1, 2, 2)), cache)
    with pytest.raises(TypeError, match="cache"):
        layers.conv2d_backward(out, (1, 2))
    _, pool = layers.maxpool2d_forward(np.ones((1, 1, 4, 4)))
    with pytest.raises(TypeError, match="cache"):
        layers.maxpool2d_backward(np.ones((1, 1, 2, 2)), cache)
    with pytest.raises(ValueError, match="dout"):
        layers.maxpool2d_backward(np.ones((1, 1, 3, 3)), pool)
    with pytest.raises(ValueError, match="size"):
        layers.maxpool2d_forward(np.ones((1, 1, 2, 2)), size=3)


def test_inputs_are_not_changed():
    X, W, b, dout = draw(1, 2, 2, 5, 5, 2, 3, 3, 2, 1)
    copies = [a.copy() for a in (X, W, b, dout)]
    _, cache = layers.conv2d_forward(X, W, b, 2, 1)
    layers.conv2d_backward(dout, cache)
    for a, c in zip((X, W, b, dout), copies, strict=True):
        np.testing.assert_array_equal(a, c)
