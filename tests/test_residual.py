"""helpers.residual (notebook 07: skip connections) and deep_training's residual option.

The backward pass is checked against centred finite differences of the loss for every
weight and bias; with residual=False it must give mlp's numbers exactly.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data, deep_training, gradcheck, mlp, residual

KINDS = [
    ("sigmoid", "softmax", "cross_entropy"),
    ("tanh", "sigmoid", "bce"),
    ("sigmoid", "identity", "mse"),
]


def _net(seed, depth=4, width=3, n_in=2, n_out=3, rows=5):
    rng = np.random.default_rng(seed)
    params = mlp.init_params([n_in] + [width] * depth + [n_out], seed=seed)
    X = rng.normal(size=(rows, n_in))
    return params, X, rng


def _targets(rng, rows, n_out, loss):
    if loss == "cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, rows)]
    if loss == "bce":
        return rng.uniform(size=(rows, n_out))
    return rng.normal(size=(rows, n_out))


def test_skips_go_around_hidden_layers_of_equal_width_only():
    params = mlp.init_params([4, 3, 3, 5, 5, 2])
    # layer 1 changes the width, 3 -> 5 (layer 3) too, and the output layer is never skipped
    assert residual.skips(params) == [False, True, False, True, False]


def test_forward_adds_each_layer_to_its_input():
    params, X, _ = _net(1)
    out, A, Z = residual.forward(params, X, hidden="tanh", output="identity")
    assert np.allclose(A[1], np.tanh(Z[0]))  # layer 1 is plain (2 -> 3)
    for layer in (2, 3, 4):
        assert np.allclose(A[layer], A[layer - 1] + np.tanh(Z[layer - 1]))
    assert np.array_equal(out, A[-1]) and np.allclose(out, Z[-1])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(KINDS))
def test_without_skips_it_is_the_plain_network(seed, kind):
    hidden, output, loss = kind
    params, X, rng = _net(seed)
    Y = _targets(rng, len(X), 3, loss)
    value, grads = residual.loss_and_grads(params, X, Y, hidden, output, loss, residual=False)
    plain, expected = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    assert value == plain
    for (dW, db), (eW, eb) in zip(grads, expected, strict=True):
        assert np.array_equal(dW, eW) and np.array_equal(db, eb)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(KINDS), depth=st.integers(2, 5))
def test_backward_matches_centred_differences(seed, kind, depth):
    hidden, output, loss = kind
    params, X, rng = _net(seed, depth=depth)
    Y = _targets(rng, len(X), 3, loss)
    _, grads = residual.loss_and_grads(params, X, Y, hidden, output, loss)
    for k, (W, b) in enumerate(params):
        for which, value in ((0, W), (1, b)):

            def f(p, k=k, which=which):
                changed = [list(pair) for pair in params]
                changed[k][which] = p
                return residual.batch_loss(changed, X, Y, hidden, output, loss)

            numeric = gradcheck.numerical_gradient(f, value.copy())
            assert gradcheck.rel_error(numeric, grads[k][which]) < 1e-6, (k, which)


def test_the_skip_carries_the_error_back_when_the_slopes_are_tiny():
    # Saturated sigmoid layers (huge biases: sigma' about 1e-9) stop the plain recursion; the
    # skip's identity term keeps dL/dW^1 of the size of the last hidden layer's.
    params, X, rng = _net(3, depth=6, width=4)
    params = [(W, b + (30.0 if 0 < k < 6 else 0.0)) for k, (W, b) in enumerate(params)]
    Y = _targets(rng, len(X), 3, "cross_entropy")
    _, plain = residual.loss_and_grads(params, X, Y, residual=False)
    _, skip = residual.loss_and_grads(params, X, Y, residual=True)
    assert np.linalg.norm(plain[0][0]) < 1e-30
    assert np.linalg.norm(skip[0][0]) > 1e-9


def test_arguments_are_checked():
    params, X, rng = _net(0)
    Y = _targets(rng, len(X), 3, "cross_entropy")
    with pytest.raises(TypeError, match="residual"):
        residual.forward(params, X, residual="yes")
    with pytest.raises(TypeError, match="residual"):
        residual.loss_and_grads(params, X, Y, residual=1)
    with pytest.raises(ValueError, match="hidden"):
        residual.batch_loss(params, X, Y, hidden="softplus")
    with pytest.raises(ValueError, match="X"):
        residual.forward(params, X[:, :1])
    with pytest.raises(ValueError):
        residual.loss_and_grads(params, X, Y[:, :2])
    with pytest.raises(ValueError, match="params"):
        residual.skips([(np.ones((2, 2)), np.ones(3))])


def test_train_recording_with_skips_trains_a_deep_sigmoid_network():
    digits = data.load_digits()
    X, Y = digits.X_train[:600], data.one_hot(digits.y_train[:600], 10)
    start = mlp.init_params([64] + [32] * 10 + [10], seed=0)  # notebook 07's network
    kw = {"hidden": "sigmoid", "lr": 0.1, "epochs": 6}
    _, plain = deep_training.train_recording(start, X, Y, **kw)
    _, skip = deep_training.train_recording(start, X, Y, residual=True, **kw)
    assert plain.loss[-1] > 2.25  # about log 10: the plain network learns nothing
    assert skip.loss[-1] < 0.5 * plain.loss[-1]
    # the hidden layers' gradients of one size with skips; vanishing by 1e5 without
    hidden_layers = skip.grad_norm[0, :-1]
    assert hidden_layers.min() > 0.1 * hidden_layers.max()
    assert plain.grad_norm[0, 0] < 1e-4 * plain.grad_norm[0, -1]


def test_train_recording_residual_false_is_the_default():
    digits = data.load_digits()
    X, Y = digits.X_train[:64], data.one_hot(digits.y_train[:64], 10)
    start = mlp.init_params([64, 8, 8, 10], seed=1)
    _, a = deep_training.train_recording(start, X, Y, epochs=2)
    _, b = deep_training.train_recording(start, X, Y, epochs=2, residual=False)
    assert np.array_equal(a.loss, b.loss) and np.array_equal(a.grad_norm, b.grad_norm)
    with pytest.raises(TypeError, match="residual"):
        deep_training.train_recording(start, X, Y, epochs=1, residual="no")
