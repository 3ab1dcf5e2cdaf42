"""gradcheck never calls NaN or inf a match, and finite differences refuse a bad f.

Every path by which a NaN or an infinite value can reach a comparison: rel_error, agree,
Row and ThreeWay (and so neuron_three_way and three_way_params), and the finite-difference
helpers numerical_gradient, numerical_gradient_array and numerical_gradient_params.
"""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import gradcheck as G

NONFINITE = [math.nan, math.inf, -math.inf]
NAMES = {math.nan: "NaN", math.inf: "infinite", -math.inf: "infinite"}

# ------------------------------------------------------------------ rel_error and agree


@pytest.mark.parametrize("bad", NONFINITE)
@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("func", ["rel_error", "agree"])
def test_nonfinite_on_either_side_is_a_failure_naming_the_side(func, side, bad):
    good = np.array([1.0, 2.0, 3.0])
    spoiled = good.copy()
    spoiled[1] = bad
    a, b = (spoiled, good) if side == "a" else (good, spoiled)
    call = (lambda: G.rel_error(a, b)) if func == "rel_error" else (lambda: G.agree(a, b, 1e-7))
    with pytest.raises(ValueError, match=rf"^{side} .*{NAMES[bad]}.*index \(1,\)"):
        call()


@pytest.mark.parametrize("bad", NONFINITE)
def test_nonfinite_scalars_never_agree(bad):
    for a, b in ((bad, bad), (bad, 1.0), (0.0, bad)):
        with pytest.raises(ValueError, match="not finite"):
            G.agree(a, b, rtol=1.0, atol=1e300)
        with pytest.raises(ValueError, match="not finite"):
            G.rel_error(a, b)


def test_rel_error_and_agree_refuse_mismatched_shapes():
    # (3, 1) against (3,) would broadcast to (3, 3) and compare the wrong entries
    with pytest.raises(ValueError, match=r"a has shape \(3, 1\) but b has shape \(3,\)"):
        G.rel_error(np.ones((3, 1)), np.ones(3))
    with pytest.raises(ValueError, match="shape"):
        G.agree(np.ones((2, 3)), np.ones((3, 2)), 1e-7)
    assert G.agree(np.zeros(4), 0.0, 1e-7)  # a single number against every entry is fine


def test_rel_error_and_agree_refuse_junk():
    for junk in (None, "1.0", 1 + 2j, True):
        with pytest.raises(TypeError, match="a must be"):
            G.rel_error(junk, 1.0)
        with pytest.raises(TypeError, match="b must be"):
            G.agree(1.0, junk, 1e-7)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"rtol": -1e-7}, "rtol must be"),
        ({"rtol": math.nan}, "rtol must be finite"),
        ({"rtol": 1e-7, "atol": -1.0}, "atol must be"),
        ({"rtol": 1e-7, "atol": math.inf}, "atol must be finite"),
        ({"rtol": 1e-7, "atol": np.ones(5)}, "atol"),
    ],
)
def test_agree_refuses_bad_tolerances(kwargs, match):
    with pytest.raises(ValueError, match=match):
        G.agree(np.ones(3), np.ones(3), **kwargs)


def test_agree_and_rel_error_accept_decimal_and_fraction():
    assert G.rel_error(Decimal("0.5"), Fraction(1, 2)) == 0.0
    assert G.agree(Fraction(1, 3), 1 / 3, rtol=1e-15)


def test_huge_finite_values_compare_without_warning():
    assert G.rel_error(1e308, -1e308) == 2.0  # |a - b| overflows; the ratio does not
    assert not G.agree(1e308, -1e308, rtol=0.5)
    assert G.agree(1e308, 1e308, rtol=0.0)
    assert G.rel_error(5e-324, 0.0) == 1.0


# ------------------------------------------------------------------ Row and ThreeWay


@pytest.mark.parametrize("bad", NONFINITE)
@pytest.mark.parametrize(
    "field, side",
    [("sympy", "SymPy"), ("backward", "backward"), ("numeric", "the finite difference")],
)
def test_three_way_with_a_nonfinite_value_fails_and_says_which(field, side, bad):
    values = {"sympy": -0.0557, "backward": -0.0557, "numeric": -0.0557, field: bad}
    result = G.ThreeWay([G.Row("w", **values)])
    assert not result.ok
    failures = result.failures()
    assert failures and all("not a finite number" in f for f in failures)
    assert any(f"{side} gives {bad}" in f for f in failures), failures
    assert "agree" not in result.table().splitlines()[-1].replace("cannot agree", "")
    assert "DISAGREE" in result.table()
    with pytest.raises(AssertionError, match="not a finite number"):
        result.check()
    row = result.rows[0]
    assert math.isinf(row.err_sympy if field != "numeric" else row.err_numeric)


def test_row_refuses_junk_and_bad_tolerances():
    with pytest.raises(TypeError, match="backward"):
        G.Row("w", 0.1, None, 0.1)
    with pytest.raises(TypeError, match="sympy"):
        G.Row("w", "0.1", 0.1, 0.1)
    with pytest.raises(TypeError, match="numeric must be a single number"):
        G.Row("w", 0.1, 0.1, np.ones(2))
    with pytest.raises(ValueError, match="atol_numeric"):
        G.Row("w", 0.1, 0.1, 0.1, atol_numeric=-1.0)
    with pytest.raises(TypeError, match="name"):
        G.Row(3, 0.1, 0.1, 0.1)


def test_three_way_refuses_bad_arguments():
    row = G.Row("w", 0.1, 0.1, 0.1)
    with pytest.raises(TypeError, match="rows"):
        G.ThreeWay([0.1, 0.2])
    with pytest.raises(ValueError, match="at least one Row"):
        G.ThreeWay([])
    with pytest.raises(ValueError, match="rtol_sympy"):
        G.ThreeWay([row], rtol_sympy=-1.0)
    with pytest.raises(ValueError, match="rtol_numeric"):
        G.ThreeWay([row], rtol_numeric=math.nan)


def test_neuron_three_way_reports_a_nan_from_the_backward_pass(monkeypatch):
    from helpers import neuron

    monkeypatch.setattr(neuron, "backward", lambda *args: (math.nan, 0.0))
    result = G.neuron_three_way(0.5, 0.2, 0.1, 1.0)
    assert not result.ok
    assert any("backward gives nan" in f for f in result.failures())


def test_three_way_params_with_a_nan_gradient_fails(rng):
    params = [(rng.normal(size=(2, 3)), rng.normal(size=2))]

    def f(p):
        return float(np.sum(p[0][0] ** 2) + np.sum(p[0][1]))

    good = [(2 * params[0][0], np.ones(2))]
    bad = [(good[0][0].copy(), np.array([1.0, math.nan]))]
    assert G.three_way_params(f, params, good, good).ok
    with pytest.raises(
        ValueError, match=r"^backward\[0\] db is not finite: .*nan at index \(1,\) \(dL/db1_1\)"
    ):
        G.three_way_params(f, params, bad, good)
    inf_W = [(np.where(good[0][0] > 0, math.inf, good[0][0]), good[0][1])]
    with pytest.raises(ValueError, match=r"^sympy\[0\] dW is not finite: .*inf"):
        G.three_way_params(f, params, good, inf_W)


def test_three_way_params_refuses_a_transposed_gradient(rng):
    params = [(rng.normal(size=(2, 3)), rng.normal(size=2))]
    good = [(np.zeros((2, 3)), np.zeros(2))]
    transposed = [(np.zeros((3, 2)), np.zeros(2))]
    with pytest.raises(ValueError, match=r"backward\[0\] dW has shape \(3, 2\)"):
        G.three_way_params(lambda p: 0.0, params, transposed, good)
    with pytest.raises(ValueError, match=r"sympy must hold 1 pair"):
        G.three_way_params(lambda p: 0.0, params, good, good * 2)


# ------------------------------------------------------------------ finite differences


@pytest.mark.parametrize("bad", NONFINITE)
def test_numerical_gradient_refuses_a_nonfinite_f(bad):
    def f(t):
        return bad if t[2] > 0.5 else float(np.sum(t))  # only at x + h e_2

    with pytest.raises(ValueError, match=r"f returned .* at x \+ h e_2 \(entry \(2,\)"):
        G.numerical_gradient(f, np.array([0.1, 0.2, 0.5]))


@pytest.mark.parametrize(
    "returned, kind",
    [
        (np.array([1.0, 2.0]), "an array of shape (2,)"),
        (np.array([1.0]), "an array of shape (1,)"),
        (None, "None"),
        ("0.5", "'0.5'"),
        (1 + 1j, "complex"),
        (True, "True"),
        ([0.5], "[0.5]"),
    ],
)
def test_numerical_gradient_refuses_a_non_scalar_f(returned, kind):
    with pytest.raises(TypeError, match=r"f must return a single real number") as info:
        G.numerical_gradient(lambda t: returned, np.array([0.1, 0.2]))
    assert kind in str(info.value) and "x + h e_0" in str(info.value)


def test_numerical_gradient_accepts_numpy_scalars_decimal_and_fraction():
    assert G.numerical_gradient(lambda t: np.float32(0.5), 1.0) == 0.0
    assert G.numerical_gradient(lambda t: np.array(2.0) * t, 1.0) == pytest.approx(2.0)
    assert G.numerical_gradient(lambda t: Fraction(1, 2), [1.0, 2.0]).tolist() == [0.0, 0.0]
    assert G.numerical_gradient(lambda t: Decimal(1), 0.0) == 0.0


def test_numerical_gradient_refuses_bad_arguments():
    with pytest.raises(TypeError, match="f must be callable"):
        G.numerical_gradient(3.0, 1.0)
    with pytest.raises(ValueError, match="x must be finite"):
        G.numerical_gradient(lambda t: 0.0, [1.0, math.nan])
    for h in (0.0, -1e-5, math.nan, math.inf):
        with pytest.raises(ValueError, match="h must be"):
            G.numerical_gradient(lambda t: 0.0, 1.0, h)
    with pytest.raises(ValueError, match=r"h must be .*x \+ h"):
        G.numerical_gradient(lambda t: 0.0, 1e308, 1e308)  # x + h overflows


def test_numerical_gradient_step_that_overflows_the_quotient():
    # f is finite at both points, but their difference is beyond float64
    with pytest.raises(ValueError, match="difference quotient"):
        G.numerical_gradient(lambda t: 1e308 * np.sign(t), 0.0, 1e-5)


def test_numerical_gradient_array_checks_f_and_dout(rng):
    x, dout = rng.normal(size=3), rng.normal(size=3)
    with pytest.raises(ValueError, match=r"f\(x\) returned shape \(2,\) but dout has shape \(3,\)"):
        G.numerical_gradient_array(lambda t: t[:2], x, dout)
    with pytest.raises(ValueError, match=r"f returned an array with NaN at x - h e_0"):
        G.numerical_gradient_array(lambda t: np.where(t < x, math.nan, t), x, dout)
    with pytest.raises(TypeError, match="f must return an array of real numbers"):
        G.numerical_gradient_array(lambda t: "abc", x, dout)
    with pytest.raises(ValueError, match="dout must be finite"):
        G.numerical_gradient_array(np.sin, x, [1.0, math.inf, 0.0])


def test_numerical_gradient_params_names_the_parameter(rng):
    params = [(rng.normal(size=(2, 2)), rng.normal(size=2))]

    def f(p):
        return math.nan if p[0][1][1] > params[0][1][1] else 0.0

    with pytest.raises(ValueError, match=r"params\[0\] b \+ h e_1"):
        G.numerical_gradient_params(f, params)
    with pytest.raises(TypeError, match=r"params\[0\] must be a pair"):
        G.numerical_gradient_params(lambda p: 0.0, [np.ones(2)])
    with pytest.raises(TypeError, match="params must be a non-empty list"):
        G.numerical_gradient_params(lambda p: 0.0, [])


def test_neuron_three_way_refuses_out_of_range_points():
    with pytest.raises(ValueError, match=r"z = w x \+ b within float64's range"):
        G.neuron_three_way(10.0, 1e308, 0.0, 0.5)
    with pytest.raises(ValueError, match="h must be"):
        G.neuron_three_way(0.5, 0.2, 0.1, 1.0, h=0.0)
    with pytest.raises(ValueError, match="w must be finite"):
        G.neuron_three_way(0.5, math.nan, 0.1, 1.0)
    with pytest.raises(TypeError, match="y_true must be"):
        G.neuron_three_way(0.5, 0.2, 0.1, None)
    with pytest.raises(ValueError, match="a must fit in a float64"):
        G.rel_error(10**400, 1.0)


@settings(max_examples=80)
@given(*[st.floats(-1e300, 1e300)] * 3, st.floats(0, 1))
def test_property_neuron_three_way_anywhere_reports_and_never_warns(x, w, b, y_true):
    """Far beyond any slider: a result (any verdict) or a ValueError, never a warning or NaN."""
    try:
        result = G.neuron_three_way(x, w, b, y_true)
    except ValueError as err:
        assert "float64" in str(err)
        return
    for r in result.rows:
        assert math.isfinite(r.backward) and math.isfinite(r.sympy) and math.isfinite(r.numeric)


def test_an_overflow_inside_f_is_reported_not_warned():
    huge = np.full(2, 1e308)
    with pytest.raises(ValueError, match=r"f returned inf at x \+ h e_0"):
        G.numerical_gradient(lambda t: float(np.sum(t**2)), huge)
    with pytest.raises(ValueError, match="sum\\(f\\(x\\) \\* dout\\) .* beyond float64"):
        G.numerical_gradient_array(lambda t: t, huge, huge)
