"""helpers.cnn: the small CNN's gradients (finite differences), seeded training, bad input."""

import numpy as np
import pytest

from helpers import cnn, data, gradcheck, layers, losses, train


@pytest.fixture(scope="module")
def split():
    return data.load_digits()


def test_gradients_against_finite_differences(split):
    params = cnn.init_params(filters=2, seed=3)
    X, y = cnn.images(split.X_train[:5]), split.y_train[:5]
    _, grads = cnn.loss_and_grads(params, X, y)
    for layer in range(2):
        for k in range(2):

            def f(t, layer=layer, k=k):
                p = [list(pair) for pair in params]
                p[layer][k] = t
                return cnn.loss_and_grads([tuple(q) for q in p], X, y)[0]

            numeric = gradcheck.numerical_gradient(f, params[layer][k])
            np.testing.assert_allclose(grads[layer][k], numeric, rtol=1e-5, atol=1e-8)


def test_patches_compute_the_layers_convolution_and_its_kernel_gradient(split):
    """The CNN's im2col first layer gives conv2d_forward's output and conv2d_backward's dW, db."""
    rng = np.random.default_rng(4)
    (K, bK), (W, b) = cnn.init_params(filters=3, seed=1)
    bK = rng.standard_normal(3)
    params = [(K, bK), (W, b)]
    X, y = cnn.images(split.X_train[:7]), split.y_train[:7]
    _, (_, conv, pool_cache, _) = cnn.forward(params, X)
    out, cache = layers.conv2d_forward(X, K, bK, stride=1, pad=1)
    np.testing.assert_allclose(conv, out, rtol=1e-12, atol=1e-12)
    # the kernel gradient: the delta rule by hand, down to the convolution, then conv2d_backward
    Z, _ = cnn.forward(params, X)
    delta = (losses.softmax(Z) - data.one_hot(y, 10)) / len(X)
    d_relu = layers.maxpool2d_backward((delta @ W).reshape(7, 3, 4, 4), pool_cache)
    _, dK, dbK = layers.conv2d_backward(d_relu * (out > 0), cache)
    _, grads = cnn.loss_and_grads(params, X, y)
    np.testing.assert_allclose(grads[0][0], dK, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grads[0][1], dbK, rtol=1e-10, atol=1e-12)


def test_accuracy_is_the_same_in_chunks(split):
    params, _ = cnn.train_digits(split, epochs=1, filters=2)
    X = cnn.images(split.X_train)
    Z, _ = cnn.forward(params, X)
    assert cnn.accuracy(params, X, split.y_train) == np.mean(Z.argmax(axis=1) == split.y_train)


def test_quoted_mlp_scores_are_notebook_06s():
    """Notebook 10 quotes the MLP's five test accuracies: they are train.train_digits' own."""
    for seed, quoted in enumerate(cnn.MLP_TEST_ACCURACY):
        assert train.train_digits(data.load_digits(seed=seed))[1].test_accuracy[-1] == quoted


def test_training_is_seeded_and_learns(split):
    p1, h1 = cnn.train_digits(split, epochs=2)
    p2, h2 = cnn.train_digits(split, epochs=2)
    np.testing.assert_array_equal(p1[0][0], p2[0][0])
    assert h1.test_accuracy == h2.test_accuracy
    assert h1.train_loss[1] < h1.train_loss[0] and h1.test_accuracy[-1] > 0.9


def test_bad_input(split):
    with pytest.raises(ValueError, match="X"):
        cnn.images(np.zeros((3, 63)))
    with pytest.raises(TypeError, match="split"):
        cnn.train_digits("digits")
    with pytest.raises(TypeError, match="unknown"):
        cnn.train_digits(split, depth=3)
    with pytest.raises(ValueError, match="params"):
        cnn.accuracy([(np.zeros((2, 1, 3, 3)), np.zeros(2)), (np.zeros((10, 31)), np.zeros(10))],
                     np.zeros((1, 1, 8, 8)), [0])  # fmt: skip
    with pytest.raises(ValueError, match="labels"):
        cnn.loss_and_grads(cnn.init_params(2), np.zeros((2, 1, 8, 8)), [0])
