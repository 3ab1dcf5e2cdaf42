"""helpers.cnn: the small CNN's gradients (finite differences), seeded training, bad input."""

import numpy as np
import pytest

from helpers import cnn, data, gradcheck


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
