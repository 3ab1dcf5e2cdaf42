"""symbolic.evaluate: what it refuses (SymPy would turn NaN into 0) and what it accepts."""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import symbolic as S

GRAD_W = S.chain_rule_gradients()["w"]
POINT = {"x": 0.5, "w": 0.2, "b": 0.1, "y_true": 1.0}


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan")])
@pytest.mark.parametrize("name", ["x", "w", "b", "y_true"])
def test_nan_and_inf_are_refused_naming_the_argument(name, bad):
    with pytest.raises(ValueError, match=f"^{name} must be finite"):
        S.evaluate(GRAD_W, **{**POINT, name: bad})


@pytest.mark.parametrize(
    "junk, error, match",
    [
        (None, TypeError, "must be a real number"),
        ("0.5", TypeError, "must be a real number"),
        (True, TypeError, "must be a real number"),
        (1 + 2j, TypeError, "complex"),
        (np.array([0.5, 0.6]), TypeError, "must be a single number"),
        ([0.5], TypeError, "must be a single number"),
        (10**400, ValueError, "fit in a float64"),
        (Decimal("NaN"), ValueError, "finite"),
    ],
)
def test_junk_values_are_refused_naming_the_argument(junk, error, match):
    with pytest.raises(error, match=f"^w {match}|^w must .*{match}"):
        S.evaluate(GRAD_W, **{**POINT, "w": junk})


def test_an_unused_value_is_checked_too():
    with pytest.raises(ValueError, match="^z must be finite"):
        S.evaluate(GRAD_W, **POINT, z=math.nan)


def test_decimal_and_fraction_are_exact_real_numbers():
    expr = S.x * 3
    assert S.evaluate(expr, x=Fraction(1, 3)) == 1.0  # exactly 1, not 3 * 0.333...
    assert S.evaluate(expr, x=Decimal("0.1")) == 0.3  # 3/10, rounded once
    assert S.evaluate(expr, x=np.float32(0.5), digits=10) == 1.5
    assert S.evaluate(expr, x=np.array(2.0)) == 6.0  # a 0-d array is a number
    assert S.evaluate(expr, x=10**20) == 3e20


def test_expr_and_digits_are_checked():
    with pytest.raises(TypeError, match="expr must be a SymPy expression"):
        S.evaluate("x + 1", x=1.0)
    with pytest.raises(TypeError, match="expr must be a SymPy expression"):
        S.evaluate(None)
    assert S.evaluate(sp.Integer(3)) == 3.0
    for digits in (0, -5, 10_001):
        with pytest.raises(ValueError, match=r"digits must be an integer in \[1, 1000\]"):
            S.evaluate(S.x, x=1.0, digits=digits)
    for digits in (30.0, True, "30"):
        with pytest.raises(TypeError, match="digits must be an integer"):
            S.evaluate(S.x, x=1.0, digits=digits)


def test_a_result_beyond_float64_is_a_clear_error():
    with pytest.raises(ValueError, match="beyond float64"):
        S.evaluate(sp.exp(S.x), x=1000.0)
    with pytest.raises(ValueError, match="not a finite real number"):
        S.evaluate(sp.log(S.x), x=0.0)  # -oo (SymPy's zoo / -oo)
    with pytest.raises(ValueError, match="not a finite real number"):
        S.evaluate(sp.sqrt(S.x), x=-1.0)  # i


@settings(max_examples=40)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_property_any_finite_weight_gives_a_finite_gradient(w):
    value = S.evaluate(GRAD_W, **{**POINT, "w": w})
    assert math.isfinite(value)


def test_sigma_and_lambdify_check_their_arguments():
    assert S.sigma(0) == sp.Rational(1, 2)
    assert S.sigma(0.5) == 1 / (1 + sp.exp(-sp.Rational(1, 2)))
    with pytest.raises(ValueError, match="t must be finite"):
        S.sigma(math.nan)
    with pytest.raises(TypeError, match="t must be a real number"):
        S.sigma(None)
    with pytest.raises(TypeError, match="expr must be a SymPy expression"):
        S.lambdify("x + 1")
    with pytest.raises(TypeError, match="args must be a tuple of SymPy symbols"):
        S.lambdify(S.x, args=("x",))
    assert S.lambdify(S.x * 2, S.x)(3.0) == 6.0


def test_the_largest_float_is_in_range_and_the_next_int_is_not():
    big = np.finfo(np.float64).max
    assert S.evaluate(S.x, x=big) == big and S.evaluate(S.x, x=-big) == -big
    with pytest.raises(ValueError, match="x must fit in a float64"):
        S.evaluate(S.x, x=2**1024)
