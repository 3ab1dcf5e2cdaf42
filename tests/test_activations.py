"""Activations: values, derivatives, stability far into saturation."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import activations as act

finite = st.floats(-1e4, 1e4, allow_nan=False)


def test_sigmoid_known_values():
    assert act.sigmoid(0.0) == 0.5
    assert act.sigmoid(0.2) == pytest.approx(1 / (1 + math.exp(-0.2)), rel=1e-15)
    assert isinstance(act.sigmoid(1.0), float)


@pytest.mark.parametrize("z", [1e4, -1e4, 710.0, -710.0, 800.0, -745.0])
def test_no_overflow_warning_far_out(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in (act.sigmoid, act.sigmoid_prime, act.tanh, act.tanh_prime):
            assert np.isfinite(f(z))


def test_sigmoid_accurate_in_saturation():
    # sigma(-40) = e^-40 / (1 + e^-40) to full relative precision, not rounded to 0
    assert act.sigmoid(-40.0) == pytest.approx(math.exp(-40) / (1 + math.exp(-40)), rel=1e-15)
    assert act.sigmoid_prime(40.0) == pytest.approx(math.exp(-40), rel=1e-12)
    assert act.tanh_prime(20.0) == pytest.approx(1 / math.cosh(20.0) ** 2, rel=1e-12)


@given(finite)
def test_sigmoid_symmetry_and_range(z):
    s = act.sigmoid(z)
    assert 0.0 <= s <= 1.0
    assert s + act.sigmoid(-z) == pytest.approx(1.0, abs=1e-15)


@given(st.floats(-30, 30))
def test_derivatives_match_centred_differences(z):
    h = 1e-6
    for name, (f, fp) in act.ACTIVATIONS.items():
        if name == "relu" and abs(z) < 2 * h:
            continue  # the kink: no derivative there
        numeric = (f(z + h) - f(z - h)) / (2 * h)
        assert fp(z) == pytest.approx(numeric, rel=1e-6, abs=1e-9), name


@given(arrays(np.float64, st.integers(0, 7), elements=finite))
def test_shapes_preserved(z):
    for f, fp in act.ACTIVATIONS.values():
        assert np.shape(f(z)) == z.shape
        assert np.shape(fp(z)) == z.shape


def test_relu_derivative_at_kink_is_zero():
    assert act.relu_prime(0.0) == 0.0
    assert act.relu_prime(1e-300) == 1.0
