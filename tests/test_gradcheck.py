"""Gradient checking, and the project's signature test: the three-way agreement.

SymPy (30 digits), the hand-written backward pass and centred finite differences agree at
hypothesis-drawn points, including deep saturation: relative error <= 1e-10 between SymPy
and backward, <= 1e-7 between the finite difference and backward (with each method's own
rounding floor as the absolute tolerance; see helpers/gradcheck.py).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import gradcheck as G

moderate = st.floats(-5, 5, allow_nan=False)
target = st.floats(0, 1)
big = st.floats(-100, 100, allow_nan=False)


@settings(max_examples=300)
@given(moderate, moderate, moderate, target)
def test_three_way_at_moderate_points(x, w, b, y_true):
    G.neuron_three_way(x, w, b, y_true).check()


@settings(max_examples=250)
@given(moderate, big, big, target)
def test_three_way_in_saturation(x, w, b, y_true):
    G.neuron_three_way(x, w, b, y_true).check()


def test_worst_relative_errors(rng):
    """The largest relative errors at 200 seeded points (half of them saturated), counted
    only where neither method's rounding floor is within 1% of the tolerance it is held to,
    so the relative error means something there. Printed for the record (-s)."""
    points = rng.uniform(-2, 2, size=(200, 3))  # x, w, b: |z| <= 6, gradients a check can see
    points[100:, 1:] *= 50  # w, b up to +-100: deep saturation
    worst = {"sympy": 0.0, "fd": 0.0}
    counted = {"sympy": 0, "fd": 0}
    for (x, w, b), y_true in zip(points, rng.uniform(0, 1, 200), strict=True):
        result = G.neuron_three_way(x, w, b, y_true)
        for r in result.rows:
            size = max(abs(r.backward), abs(r.sympy))
            if r.atol_sympy < 0.01 * result.rtol_sympy * size:
                worst["sympy"] = max(worst["sympy"], r.err_sympy)
                counted["sympy"] += 1
            if r.atol_numeric < 0.01 * result.rtol_numeric * size:
                worst["fd"] = max(worst["fd"], r.err_numeric)
                counted["fd"] += 1
    print(
        f"\nworst relative error: SymPy vs backward {worst['sympy']:.1e} "
        f"({counted['sympy']} gradients), finite difference vs backward "
        f"{worst['fd']:.1e} ({counted['fd']} gradients)"
    )
    assert counted["sympy"] >= 300 and counted["fd"] >= 150  # not vacuous
    assert worst["sympy"] <= 1e-10 and worst["fd"] <= 1e-7


def test_seed_point_is_very_close():
    r = G.neuron_three_way(0.5, 0.2, 0.1, 1.0)
    assert r.ok
    for row in r.rows:
        assert row.err_sympy < 1e-14
        assert row.err_numeric < 1e-9


def test_saturated_gradient_is_accurate():
    # y * (1 - y) would round to 0 here; sigma(z) sigma(-z) keeps the true tiny value
    r = G.neuron_three_way(1.0, 40.0, 0.0, 0.3)
    assert r.rows[0].backward != 0.0
    assert r.rows[0].err_sympy < 1e-12


def test_a_wrong_backward_is_caught():
    good = G.neuron_three_way(0.5, 0.2, 0.1, 1.0)
    row = good.rows[0]
    bad = G.ThreeWay([G.Row("w", row.sympy, -row.backward, row.numeric)])
    assert not bad.ok
    with pytest.raises(AssertionError, match="dL/dw"):
        bad.check()
    assert "DISAGREE" in bad.table()


def test_numerical_gradient_does_not_mutate(rng):
    x = rng.normal(size=(3, 2))
    keep = x.copy()
    g = G.numerical_gradient(lambda t: float(np.sum(t**3)), x)
    assert np.array_equal(x, keep)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-8)


def test_numerical_gradient_array_with_upstream(rng):
    x = rng.normal(size=4)
    dout = rng.normal(size=4)
    g = G.numerical_gradient_array(np.sin, x, dout)
    np.testing.assert_allclose(g, np.cos(x) * dout, rtol=1e-8)


def test_centred_beats_forward_difference():
    f, x, h = np.exp, 1.0, 1e-4
    forward = (f(x + h) - f(x)) / h
    centred = G.numerical_gradient(lambda t: float(f(t)), x, h)
    assert abs(centred - np.e) < abs(forward - np.e) / 100


def test_rel_error_edge_cases():
    assert G.rel_error(0.0, 0.0) == 0.0
    assert G.rel_error(1.0, -1.0) == 2.0
    assert G.rel_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 2.2)


def test_bad_step_is_refused():
    with pytest.raises(ValueError, match="h"):
        G.numerical_gradient(lambda t: t, 1.0, h=0)
