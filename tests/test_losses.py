"""helpers.losses: values against the textbook formulas, gradients, stability at huge logits."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import gradcheck, losses
from helpers.activations import sigmoid


def test_softmax_rows_are_distributions(rng):
    Z = rng.normal(size=(5, 4)) * 10
    S = losses.softmax(Z)
    assert S.shape == (5, 4)
    assert np.all(S > 0)
    np.testing.assert_allclose(S.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(np.log(S), losses.log_softmax(Z), rtol=1e-12)


def test_softmax_ignores_a_shift_of_each_row(rng):
    Z = rng.normal(size=(3, 4))
    shift = rng.normal(size=(3, 1)) * 100
    np.testing.assert_allclose(losses.softmax(Z + shift), losses.softmax(Z), rtol=1e-12)


def test_mse_is_half_squared_error_averaged_over_rows():
    A = np.array([[1.0, 2.0], [0.0, 0.0]])
    Y = np.array([[0.0, 0.0], [0.0, 1.0]])
    # example 1: 1/2 (1 + 4) = 2.5; example 2: 1/2 (0 + 1) = 0.5; mean 1.5
    assert losses.mse(A, Y) == pytest.approx(1.5, rel=1e-15)
    np.testing.assert_allclose(losses.mse_grad(A, Y), (A - Y) / 2)


def test_bce_from_logits_matches_the_log_formula(rng):
    Z = rng.normal(size=(4, 3))
    Y = rng.uniform(size=(4, 3))
    A = sigmoid(Z)
    textbook = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / 4
    assert losses.bce_from_logits(Z, Y) == pytest.approx(textbook, rel=1e-12)


def test_cross_entropy_matches_the_log_formula(rng):
    Z = rng.normal(size=(4, 3))
    Y = np.eye(3)[[0, 2, 1, 1]]
    textbook = -np.sum(Y * np.log(losses.softmax(Z))) / 4
    assert losses.cross_entropy_from_logits(Z, Y) == pytest.approx(textbook, rel=1e-12)


@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_output_delta_is_the_gradient_of_the_batch_loss(rng, output, loss):
    Z = rng.normal(size=(3, 4))
    Y = np.eye(4)[[1, 3, 0]] if loss == "cross_entropy" else rng.uniform(size=(3, 4))
    fd, noise = gradcheck.numerical_gradient(
        lambda t: losses.batch_loss(t, Y, output, loss), Z, return_noise=True
    )
    delta = losses.output_delta(Z, Y, output, loss)
    assert gradcheck.agree(delta, fd, rtol=1e-7, atol=noise), (delta, fd)


@pytest.mark.parametrize("output, loss", losses.PAIRS)
@pytest.mark.parametrize("size", [1e4, 1e300])
def test_huge_logits_give_finite_values_and_no_warning(output, loss, size):
    Z = np.array([[size, -size], [-size, size], [0.0, size]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])
    if output == "identity" and size > 1e10:
        return  # (z - y)^2 overflows: a true value beyond float64, not an instability
    value = losses.batch_loss(Z, Y, output, loss)
    delta = losses.output_delta(Z, Y, output, loss)
    assert np.isfinite(value)
    assert np.all(np.isfinite(delta))
    # a confidently wrong entry costs |z|, never log(0) = inf: 4.5 |z| over 3 examples
    if loss == "bce":
        assert value == pytest.approx(1.5 * size + np.log(2) / 3, rel=1e-12)
    if loss == "cross_entropy":
        assert value == pytest.approx(1.5 * size, rel=1e-12)


@given(
    arrays(np.float64, (3, 4), elements=st.floats(-1e4, 1e4)),
    st.integers(0, 3),
)
def test_cross_entropy_is_at_least_zero_and_finite(Z, k):
    Y = np.zeros((3, 4))
    Y[:, k] = 1.0
    value = losses.cross_entropy_from_logits(Z, Y)
    assert np.isfinite(value) and value >= 0.0
