"""helpers.layers: affine, embedding and softmax cross-entropy, forward and backward.

Three ways where it applies (SymPy on a small case, the hand-written backward, centred
finite differences), hypothesis over shapes and values, and the rules of notebook 09: the
bias's gradient sums the broadcast axis, repeated indices add up, dZ = (S - Y) / N.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from helpers import gradcheck, layers, losses

fd = gradcheck.numerical_gradient_array
seeds = st.integers(0, 10**6)


# ------------------------------------------------------------------ affine


@given(N=st.integers(1, 5), n_in=st.integers(1, 4), n_out=st.integers(1, 4), seed=seeds)
def test_affine_shapes_and_finite_differences(N, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(N, n_in)), rng.normal(size=(n_out, n_in)), rng.normal(size=n_out)
    dout = rng.normal(size=(N, n_out))
    out, cache = layers.affine_forward(X, W, b)
    np.testing.assert_allclose(out, X @ W.T + b, rtol=1e-14)
    dX, dW, db = layers.affine_backward(dout, cache)
    assert (dX.shape, dW.shape, db.shape) == (X.shape, W.shape, b.shape)
    np.testing.assert_allclose(
        dX, fd(lambda t: layers.affine_forward(t, W, b)[0], X, dout), rtol=1e-7, atol=1e-9
    )
    np.testing.assert_allclose(
        dW, fd(lambda t: layers.affine_forward(X, t, b)[0], W, dout), rtol=1e-7, atol=1e-9
    )
    np.testing.assert_allclose(
        db, fd(lambda t: layers.affine_forward(X, W, t)[0], b, dout), rtol=1e-7, atol=1e-9
    )
    np.testing.assert_allclose(db, dout.sum(axis=0), rtol=1e-14)  # broadcast -> sum


def test_affine_three_ways_with_sympy():
    rng = np.random.default_rng(3)
    X, W, b, dout = (
        rng.normal(size=(2, 3)),
        rng.normal(size=(2, 3)),
        rng.normal(size=2),
        rng.normal(size=(2, 2)),
    )
    w = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"w{i}{j}"))
    out = sp.Matrix(X) * w.T + sp.ones(2, 1) * sp.Matrix(b).T
    L = sum(out[i, j] * dout[i, j] for i in range(2) for j in range(2))
    at = {w[i, j]: W[i, j] for i in range(2) for j in range(3)}
    symbolic = np.array([[float(sp.diff(L, w[i, j]).subs(at)) for j in range(3)] for i in range(2)])
    _, cache = layers.affine_forward(X, W, b)
    dW = layers.affine_backward(dout, cache)[1]
    np.testing.assert_allclose(dW, symbolic, rtol=1e-12)
    np.testing.assert_allclose(
        dW, fd(lambda t: layers.affine_forward(X, t, b)[0], W, dout), rtol=1e-7
    )


@pytest.mark.parametrize(
    ("X", "W", "b", "arg"),
    [
        (np.ones((2, 3)), np.ones((4, 2)), np.ones(4), "X"),
        (np.ones(3), np.ones((4, 3)), np.ones(4), "X"),
        (np.ones((2, 3)), np.ones((4, 3)), np.ones(3), "b"),
        (np.ones((2, 3)), np.ones(3), np.ones(4), "W"),
        (np.ones((2, 3)), np.ones((4, 3)), "b", "b"),
    ],
)
def test_affine_bad_input_names_the_argument(X, W, b, arg):
    with pytest.raises((TypeError, ValueError), match=arg):
        layers.affine_forward(X, W, b)


def test_affine_backward_refuses_a_wrong_cache_or_dout():
    _, cache = layers.affine_forward(np.ones((2, 3)), np.ones((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="dout"):
        layers.affine_backward(np.ones((2, 3)), cache)
    with pytest.raises(TypeError, match="cache"):
        layers.affine_backward(np.ones((2, 4)), (np.ones((2, 3)), np.ones((4, 3))))
    with pytest.raises(ValueError, match="too large"):
        layers.affine_forward(np.full((1, 2), 1e308), np.ones((1, 2)), np.zeros(1))


# ------------------------------------------------------------------ embedding


@given(
    shape=st.lists(st.integers(1, 4), min_size=0, max_size=3).map(tuple),
    V=st.integers(1, 5),
    D=st.integers(1, 3),
    seed=seeds,
)
def test_embedding_shapes_scatter_add_and_finite_differences(shape, V, D, seed):
    rng = np.random.default_rng(seed)
    idx, E = rng.integers(0, V, size=shape), rng.normal(size=(V, D))
    out, cache = layers.embedding_forward(idx, E)
    assert out.shape == idx.shape + (D,)
    np.testing.assert_array_equal(out, E[idx])
    dout = rng.normal(size=out.shape)
    dE = layers.embedding_backward(dout, cache)
    assert dE.shape == E.shape
    np.testing.assert_allclose(
        dE, fd(lambda t: layers.embedding_forward(idx, t)[0], E, dout), rtol=1e-8, atol=1e-10
    )
    for row in range(V):  # each row receives the sum over every place it was read
        np.testing.assert_allclose(dE[row], dout[idx == row].sum(axis=0), atol=1e-12)


def test_repeated_indices_add_up():
    idx = np.array([1, 1, 1, 0])
    _, cache = layers.embedding_forward(idx, np.zeros((3, 2)))
    dE = layers.embedding_backward(np.ones((4, 2)), cache)
    np.testing.assert_array_equal(dE, [[1, 1], [3, 3], [0, 0]])  # dE[idx] += would give 1


@pytest.mark.parametrize(
    ("idx", "error", "words"),
    [
        (np.array([0.0, 1.0]), TypeError, "integer"),
        (np.array([True, False]), TypeError, "integer"),
        (np.array([0, 3]), ValueError, r"\[0, 2\]"),
        (np.array([-1, 0]), ValueError, r"\[0, 2\]"),
        ("0", TypeError, "integer"),
    ],
)
def test_embedding_bad_idx(idx, error, words):
    with pytest.raises(error, match=f"idx.*{words}|{words}.*idx"):
        layers.embedding_forward(idx, np.ones((3, 2)))


def test_embedding_backward_refuses_a_wrong_dout():
    _, cache = layers.embedding_forward(np.array([[0, 1]]), np.ones((3, 2)))
    with pytest.raises(ValueError, match="dout"):
        layers.embedding_backward(np.ones((2, 2)), cache)


# ------------------------------------------------------------------ softmax cross-entropy


@given(N=st.integers(1, 5), C=st.integers(1, 5), seed=seeds, scale=st.sampled_from([1, 10]))
def test_softmax_cross_entropy_is_S_minus_Y_over_N(N, C, seed, scale):
    rng = np.random.default_rng(seed)
    Z, labels = scale * rng.normal(size=(N, C)), rng.integers(0, C, size=N)
    loss, dZ = layers.softmax_cross_entropy(Z, labels)
    Y = np.eye(C)[labels]
    assert dZ.shape == Z.shape
    np.testing.assert_allclose(loss, losses.cross_entropy_from_logits(Z, Y), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dZ, (losses.softmax(Z) - Y) / N, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-15)
    numeric = gradcheck.numerical_gradient(lambda t: layers.softmax_cross_entropy(t, labels)[0], Z)
    np.testing.assert_allclose(dZ, numeric, rtol=1e-5, atol=1e-8)


def test_softmax_cross_entropy_three_ways_with_sympy():
    Z, labels = np.array([[0.5, -1.0, 2.0], [1.5, 0.2, -0.3]]), np.array([2, 0])
    z = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"z{i}{j}"))
    L = (
        sum(
            -sp.log(sp.exp(z[i, labels[i]]) / sum(sp.exp(z[i, j]) for j in range(3)))
            for i in range(2)
        )
        / 2
    )
    at = {z[i, j]: Z[i, j] for i in range(2) for j in range(3)}
    symbolic = np.array(
        [[float(sp.diff(L, z[i, j]).evalf(30, subs=at)) for j in range(3)] for i in range(2)]
    )
    loss, dZ = layers.softmax_cross_entropy(Z, labels)
    assert loss == pytest.approx(float(L.evalf(30, subs=at)), rel=1e-14)
    np.testing.assert_allclose(dZ, symbolic, rtol=1e-13)
    np.testing.assert_allclose(
        dZ,
        gradcheck.numerical_gradient(lambda t: layers.softmax_cross_entropy(t, labels)[0], Z),
        rtol=1e-7,
    )


def test_softmax_cross_entropy_is_stable_and_refuses_bad_labels():
    loss, dZ = layers.softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([1]))
    assert loss == pytest.approx(2000.0) and np.isfinite(dZ).all()
    with pytest.raises(ValueError, match="labels"):
        layers.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="labels"):
        layers.softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(TypeError, match="labels"):
        layers.softmax_cross_entropy(np.zeros((2, 3)), np.eye(3)[[0, 1]])  # one-hot, not ints
    with pytest.raises(ValueError, match="Z"):
        layers.softmax_cross_entropy(np.zeros(3), np.array([0]))
