"""pathologies: every argument out of its range is a ValueError naming it and the range.

Never a silent clamp (int(2.7) was depth 2), never a RuntimeWarning (float32 overflow at
w = 1e39, exp overflow in the seed's loss, (w - 1)^2 past 1e154), never a NaN.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import pathologies as P

ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"depth": 1}, ValueError, r"depth must be an integer in \[2, 100\], got 1"),
        ({"depth": 101}, ValueError, r"depth must be an integer in \[2, 100\]"),
        ({"depth": 10**18}, ValueError, "depth must be"),
        ({"depth": 2.7}, TypeError, "depth must be an integer"),
        ({"depth": True}, TypeError, "depth must be an integer"),
        ({"depth": "5"}, TypeError, "depth must be an integer"),
        ({"depth": 5, "hidden": "Relu"}, ValueError, r"hidden must be one of \['relu'"),
        ({"depth": 5, "hidden": "identity"}, ValueError, "hidden must be one of"),
        ({"depth": 5, "hidden": None}, TypeError, "hidden must be one of"),
        ({"depth": 5, "scale": 0.0}, ValueError, r"scale must be a number in \[0.01, 10\]"),
        ({"depth": 5, "scale": 1e300}, ValueError, r"scale must be a number in \[0.01, 10\]"),
        ({"depth": 5, "scale": math.nan}, ValueError, "scale must be finite"),
        ({"depth": 5, "scale": "1"}, TypeError, "scale must be"),
        ({"depth": 5, "width": 0}, ValueError, r"width must be an integer in \[1, 256\]"),
        ({"depth": 5, "width": 10**9}, ValueError, "width must be"),
        ({"depth": 5, "n": 0}, ValueError, r"n must be an integer in \[1, 1024\]"),
        ({"depth": 5, "seed": -1}, ValueError, r"seed must be an integer in \[0, "),
        ({"depth": 5, "seed": 1.5}, TypeError, "seed must be an integer"),
    ],
)
def test_delta_profile_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        P.delta_profile(**kwargs)


def test_delta_profile_extreme_corners_are_finite_and_quiet():
    for hidden in ("sigmoid", "tanh", "relu"):
        for scale in (0.01, 10.0):
            profile = P.delta_profile(100, hidden, scale, width=4, n=2)
            assert np.all(np.isfinite(profile.size)) and math.isfinite(profile.factor)
    profile = P.delta_profile(2, "relu", 1.0, width=1, n=1, seed=3)
    assert math.isfinite(profile.factor)


def test_first_layer_ratio_refuses_non_integer_depths():
    with pytest.raises(TypeError, match=r"depths\[1\] must be an integer"):
        P.first_layer_ratio([2, 2.5])
    with pytest.raises(TypeError, match="depths must be a list"):
        P.first_layer_ratio(20)
    with pytest.raises(ValueError, match=r"depths\[0\] must be an integer in \[2, 100\]"):
        P.first_layer_ratio([1, 5])
    assert P.first_layer_ratio(np.array([2, 3])).shape == (2,)  # numpy integers are fine
    assert P.first_layer_ratio([]).shape == (0,)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: P.fd_errors([1e-3], "backward"), ValueError, r"method must be one of"),
        (lambda: P.fd_errors([1e-3], "Centred"), ValueError, r"\['centred', 'forward'\]"),
        (lambda: P.fd_errors([1e-3], dtype=np.float16), ValueError, "dtype must be one of"),
        (lambda: P.fd_errors([1e-3], dtype="int64"), ValueError, "dtype must be one of"),
        (lambda: P.fd_errors([1e-3], dtype=None), TypeError, "dtype must be one of"),
        (lambda: P.fd_errors(np.array([1e-3, 0.0])), ValueError, "positive"),
        (lambda: P.fd_errors([1e-50], dtype=np.float32), ValueError, r"hs\[0\] must be .* float32"),
        (lambda: P.fd_errors([1e31]), ValueError, r"hs\[0\] must be .*1e\+30"),
        (lambda: P.fd_errors([math.nan]), ValueError, "hs must be finite"),
        (lambda: P.fd_errors(np.ones((2, 2)) * 1e-3), ValueError, "hs must be 1-D"),
        (lambda: P.seed_loss(1e39, np.float32), ValueError, r"w must lie within .*float32"),
        (lambda: P.seed_loss(math.inf), ValueError, "w must be finite"),
        (lambda: P.seed_loss(None), TypeError, "w must be"),
        (lambda: P.relu_loss(1e155), ValueError, r"w must be at most"),
        (lambda: P.relu_loss(1e20, np.float32), ValueError, r"w must be at most .*float32"),
        (lambda: P.relu_slope("a"), TypeError, "w must be"),
        (lambda: P.kink_errors([0.0], h=0.0), ValueError, "h must be"),
        (lambda: P.kink_errors([1e154], h=1e154), ValueError, r"ws"),
        (lambda: P.finite_difference(3.0, 0.0, 1e-3), TypeError, "f must be callable"),
        (lambda: P.finite_difference(P.relu_loss, 0.0, -1e-3), ValueError, "h must be"),
        (
            lambda: P.finite_difference(lambda t, d: t * np.nan, 0.0, 1e-3),
            ValueError,
            r"f returned .*NaN.* at x \+ h",
        ),
        (
            lambda: P.finite_difference(lambda t, d: 1e308 * np.sign(t), 0.0, 1e-3),
            ValueError,
            "overflows",
        ),
    ],
)
def test_gradient_check_helpers_refuse_out_of_range(call, error, match):
    with pytest.raises(error, match=match):
        call()


@settings(max_examples=60)
@given(ANY_FLOAT, st.sampled_from([np.float32, np.float64]))
def test_property_seed_loss_any_float_in_range(w, dtype):
    if abs(w) > float(np.finfo(dtype).max):
        with pytest.raises(ValueError, match="w must lie within"):
            P.seed_loss(w, dtype)
        return
    value = P.seed_loss(w, dtype)
    assert np.isfinite(value) and 0.0 <= float(value) <= 0.5 + 1e-6


@settings(max_examples=60)
@given(st.floats(1e-300, 1e30), st.sampled_from(["forward", "centred"]))
def test_property_fd_errors_any_step_in_range(h, method):
    err = P.fd_errors(np.array([h]), method, np.float64)
    assert err.shape == (1,) and 0.0 <= err[0] <= 1.0 + 1e-12


@settings(max_examples=60)
@given(st.floats(-1e150, 1e150), st.floats(1e-300, 1e3))
def test_property_kink_errors_any_point(w, h):
    err = P.kink_errors(np.array([[w]]), h)
    assert err.shape == (1, 1) and np.all(np.isfinite(err))


def test_kink_errors_keeps_the_shape_of_ws():
    ws = np.array([[-3e-3, 4e-4], [1.5e-3, 2.0]])
    assert P.kink_errors(ws).shape == (2, 2)
    assert P.kink_errors(4e-4).shape == ()


def test_an_overflow_inside_f_is_reported_not_warned():
    with pytest.raises(ValueError, match=r"f returned an infinite value at x \+ h"):
        P.finite_difference(lambda t, d: np.exp(t * 1e3), 1.0, 1e-3)
