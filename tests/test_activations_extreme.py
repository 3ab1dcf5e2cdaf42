"""Activations over the whole float64 range, and what they refuse.

The module promises no warning and no NaN at any finite z (pytest turns every RuntimeWarning
into an error, so a warning fails these tests too), values in each function's range, and a
TypeError/ValueError naming z for anything that is not a finite real number.
"""

import math
from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import activations as act

ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False)  # subnormals and +-1.8e308
EXTREMES = [1e308, -1e308, np.finfo(np.float64).max, -np.finfo(np.float64).max, 5e-324, 0.0]
RANGES = {  # the closed range of each function's values
    "sigmoid": (0.0, 1.0),
    "sigmoid_prime": (0.0, 0.25),
    "tanh": (-1.0, 1.0),
    "tanh_prime": (0.0, 1.0),
    "relu": (0.0, math.inf),
    "relu_prime": (0.0, 1.0),
    "identity": (-math.inf, math.inf),
    "identity_prime": (1.0, 1.0),
}
FUNCTIONS = {name: getattr(act, name) for name in RANGES}


@pytest.mark.parametrize("name", RANGES)
@pytest.mark.parametrize("z", EXTREMES)
def test_extremes_are_finite_quiet_and_in_range(name, z):
    value = FUNCTIONS[name](z)
    assert isinstance(value, float) and math.isfinite(value)
    low, high = RANGES[name]
    assert low <= value <= high


@given(arrays(np.float64, st.integers(0, 6), elements=ANY_FLOAT))
def test_property_every_finite_float(z):
    keep = z.copy()
    for name, f in FUNCTIONS.items():
        value = f(z)
        assert value.shape == z.shape and value.dtype == np.float64
        assert not np.isnan(value).any() and np.isfinite(value).all(), name
        low, high = RANGES[name]
        assert np.all((low <= value) & (value <= high)), name
    assert np.array_equal(z, keep)  # the input is never changed


@given(ANY_FLOAT)
def test_property_symmetries_hold_everywhere(z):
    assert act.sigmoid(z) + act.sigmoid(-z) == pytest.approx(1.0, abs=1e-15)
    assert act.sigmoid_prime(z) == act.sigmoid_prime(-z)
    assert act.tanh_prime(z) == act.tanh_prime(-z)
    assert act.tanh(-z) == -act.tanh(z)


@given(st.floats(-800, 800))
def test_property_saturated_derivatives_are_accurate(z):
    """Against 50-digit mpmath: full relative accuracy wherever the value is a normal float."""
    with mpmath.workdps(50):
        e = mpmath.exp(-abs(mpmath.mpf(z)))  # sigma' = e^-|z| / (1 + e^-|z|)^2, no cancelling
        exact = {"sigmoid_prime": e / (1 + e) ** 2, "tanh_prime": mpmath.sech(mpmath.mpf(z)) ** 2}
        for name, value in exact.items():
            if value > 1e-300:
                assert FUNCTIONS[name](z) == pytest.approx(float(value), rel=1e-13), name
            else:
                assert FUNCTIONS[name](z) <= 1e-300


@pytest.mark.parametrize("name", RANGES)
@pytest.mark.parametrize("junk", [None, "1.0", "abc", 1 + 2j, True, [1.0, None], object()])
def test_junk_is_a_type_error_naming_z(name, junk):
    with pytest.raises(TypeError, match="^z must be"):
        FUNCTIONS[name](junk)


@pytest.mark.parametrize("name", RANGES)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.array([0.0, math.nan])])
def test_nan_and_inf_are_a_value_error_naming_z(name, bad):
    with pytest.raises(ValueError, match="^z must be finite"):
        FUNCTIONS[name](bad)


def test_decimal_fraction_float32_and_ints_are_real_numbers():
    assert act.sigmoid(Decimal("0")) == 0.5
    assert act.sigmoid(Fraction(0, 1)) == 0.5
    assert act.relu(np.array([-2, 3])).tolist() == [0.0, 3.0]
    assert act.tanh(np.float32(0.5)) == pytest.approx(math.tanh(0.5), rel=1e-7)
    with pytest.raises(ValueError, match="z must fit in a float64"):
        act.sigmoid(10**400)


def test_empty_and_zero_d_arrays():
    assert act.sigmoid(np.zeros((0, 3))).shape == (0, 3)
    assert act.tanh_prime(np.array(0.0)) == 1.0


def test_a_mis_cased_name_lists_the_choices():
    with pytest.raises(ValueError, match=r"one of \['identity', 'relu', 'sigmoid', 'tanh'\]"):
        act.ACTIVATIONS["Relu"]
    assert "Relu" not in act.ACTIVATIONS and act.ACTIVATIONS.get("Relu") is None


@given(arrays(np.float64, (3, 2), elements=ANY_FLOAT))
def test_property_kernels_equal_the_checked_functions(z):
    for name, (f, fp) in act.ACTIVATIONS.items():
        kf, kfp = act._KERNELS[name]
        assert np.array_equal(kf(z), f(z)) and np.array_equal(kfp(z), fp(z)), name
