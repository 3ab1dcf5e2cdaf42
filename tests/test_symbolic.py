"""The SymPy derivation of the single neuron."""

import sympy as sp

from helpers import symbolic as S


def test_each_factor_of_the_chain():
    f = S.chain_factors()
    assert sp.simplify(f["dL/dy"] - (S.y - S.y_true)) == 0
    assert sp.simplify(f["dy/dz"] - S.sigma(S.z) * (1 - S.sigma(S.z))) == 0
    assert f["dz/dw"] == S.x
    assert f["dz/db"] == 1


def test_chain_rule_equals_direct_differentiation():
    assert S.chain_equals_direct() == {"w": 0, "b": 0}
    assert S.sigma_prime_identity() == 0


def test_evaluate_seed_example():
    g = S.chain_rule_gradients()
    val = S.evaluate(g["w"], x=0.5, w=0.2, b=0.1, y_true=1.0)
    assert abs(val - (-0.0557117730683067)) < 1e-15


def test_evaluate_needs_every_symbol():
    import pytest

    with pytest.raises(ValueError, match="y_true"):
        S.evaluate(S.chain_rule_gradients()["w"], x=0.5, w=0.2, b=0.1)


def test_lambdify_matches_evaluate():
    g = S.chain_rule_gradients()
    f = S.lambdify(g["b"])
    assert abs(f(0.5, 0.2, 0.1, 1.0) - S.evaluate(g["b"], x=0.5, w=0.2, b=0.1, y_true=1.0)) < 1e-15
