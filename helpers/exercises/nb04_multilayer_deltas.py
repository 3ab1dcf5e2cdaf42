"""Checkers for the exercises of notebook 04 (the delta recursion).

References: sp.diff of the whole chain and helpers.mlp.backward.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import mlp, symbolic
from ..activations import sigmoid, sigmoid_prime, tanh_prime
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check

SHAPES = (
    "Shapes to check against: dW^l = (δ^l)^T A^(l-1) has W^l's shape (n_l, n_(l-1)); "
    "db^l has b^l's shape (n_l,); δ^l has one entry per unit of layer l."
)
OUTPUTS = ("dW1", "db1", "dW2", "db2")


_d2, _w2, _z1, _z2 = sp.symbols("delta2 w2 z1 z2", real=True)
_b2, _yt = sp.symbols("b2 y_true", real=True)
_TANH_PRIME = 1 - sp.tanh(_z1) ** 2  # d tanh(z1) / dz1


def _chain():
    """The 1-1-1 network's dL/dz1 by sp.diff of the whole chain, and points to test at.

    z2 = w2 tanh(z1) + b2, L = ½(σ(z2) - y_true)²; each point also holds delta2 = dL/dz2.
    """
    z2 = _w2 * sp.tanh(_z1) + _b2
    dL_dz1 = sp.diff(sp.Rational(1, 2) * (symbolic.sigma(z2) - _yt) ** 2, _z1)
    d2 = sp.diff(sp.Rational(1, 2) * (symbolic.sigma(_z2) - _yt) ** 2, _z2)
    pts = []
    for z1, w2, b2, t in [
        (0.3, 0.8, -0.1, 1.0),
        (-1.2, -1.5, 0.4, 0.0),
        (2.0, 0.6, 0.2, 0.3),
        (0.5, 2.5, -1.0, 0.9),
    ]:
        zz2 = float(z2.subs({_z1: z1, _w2: w2, _b2: b2}))
        delta2 = float(d2.subs({_z2: zz2, _yt: t}))
        pts.append({"delta2": delta2, "w2": w2, "z1": z1, "z2": zz2, "b2": b2, "y_true": t})
    return dL_dz1, pts


@answers("delta1_s", kind="expression", outputs=("delta1",), rtol=1e-9, atol=1e-12)
def check_delta1(answer, reveal=False) -> Result:
    """Exercise 1 of notebook 04: δ^1 of a 1-1-1 network with a tanh hidden unit.

    In terms of delta2, w2 and z1. The reference is ``sp.diff`` of the whole chain, whose
    value at each test point also needs z2, b2 and y_true: the points hold them, but the
    learner's answer may use only delta2, w2 and z1, and messages name only those.
    """
    ref, pts = _chain()
    sigma_prime = symbolic.sigma(_z1) * (1 - symbolic.sigma(_z1))
    after = (
        "δ² = ∂L/∂z² already holds everything that comes after z²: write δ¹ with delta2, "
        "w2 and z1 only."
    )
    d = Derivation(
        title="Exercise 1: δ¹ from δ² through a tanh unit",
        name="delta1",
        reference=ref,
        points=pts,
        mistakes=[
            (
                "missing_activation_derivative",
                "the factor tanh'(z1) = 1 - tanh(z1)² is missing: δ¹ = δ² w² tanh'(z¹).",
                _d2 * _w2,
            ),
            (
                "wrong_activation_derivative",
                "you used the sigmoid's slope σ'(z1); the hidden unit is tanh, whose "
                "derivative is 1 - tanh(z1)².",
                _d2 * _w2 * sigma_prime,
            ),
            (
                "wrong_activation_derivative",
                "tanh(z1)(1 - tanh(z1)) is the sigmoid's slope formula a(1 - a) with tanh put "
                "in; tanh's own derivative is 1 - tanh(z1)².",
                _d2 * _w2 * sp.tanh(_z1) * (1 - sp.tanh(_z1)),
            ),
            (
                "forgot_weight",
                "the weight w2 is missing: z² = w² a¹ + b², so dz²/da¹ = w².",
                _d2 * _TANH_PRIME,
            ),
            (
                "wrong_layer",
                "the activation's slope belongs at z1, the layer whose δ you want, not at z2.",
                _d2 * _w2 * symbolic.sigma(_z2) * (1 - symbolic.sigma(_z2)),
            ),
            ("sign_error", "the sign is flipped.", -_d2 * _w2 * _TANH_PRIME),
        ],
        uses="delta2, w2 and z1",
        answer_text="δ² w² (1 - tanh(z¹)²)",
        variables=("delta2", "w2", "z1"),
        tolerated=("z2",),
        symbol_hints={"z2": after, "b2": after, "y_true": after},
    )
    return check_expression(d, answer, reveal)


def _two_layer(
    x,
    y_true,
    W1,
    b1,
    W2,
    b2,
    *,
    out_prime=True,
    hid_prime="tanh",
    sign=1.0,
    factor=1.0,
    ones1=False,
    ones2=False,
    z_for_a=False,
    delta_T=False,
    outer_T=False,
):
    z1 = W1 @ x + b1
    a1 = np.tanh(z1)
    z2 = W2 @ a1 + b2
    a2 = sigmoid(z2)
    out_slope = {True: sigmoid_prime(z2), False: 1.0, "at_a": sigmoid_prime(a2)}[out_prime]
    delta2 = factor * sign * (a2 - y_true) * out_slope
    back = delta2 @ W2.T if delta_T else delta2 @ W2  # (δ² W²), row layout
    slopes = {
        "tanh": tanh_prime(z1),
        "sigmoid": sigmoid_prime(z1),
        "a(1-a)": a1 * (1 - a1),
        "at_a": tanh_prime(a1),
    }
    slope = slopes.get(hid_prime, 1.0)
    delta1 = back * slope
    prev1 = np.ones_like(x) if ones1 else x
    prev2 = np.ones_like(a1) if ones2 else (z1 if z_for_a else a1)

    def outer(d, a):
        return np.outer(a, d) if outer_T else np.outer(d, a)

    return outer(delta1, prev1), delta1, outer(delta2, prev2), delta2


def _two_layer_reference(x, y_true, W1, b1, W2, b2):
    """helpers.mlp.backward on a batch of one example (its mean loss is that example's)."""
    params = [(W1, b1), (W2, b2)]
    _, cache = mlp.forward(params, x[None, :], hidden="tanh", output="sigmoid")
    (dW1, db1), (dW2, db2) = mlp.backward(params, cache, y_true[None, :], loss="mse")
    return dW1, db1, dW2, db2


def _widths(case) -> str:
    """n0-n1-n2 of a case, e.g. "3-4-2"."""
    n1, n0 = case["W1"].shape
    return f"{n0}-{n1}-{case['W2'].shape[0]}"


def _network_case(sizes, seed, n=None):
    rng = np.random.default_rng(seed)
    n0, n1, n2 = sizes
    W1, W2 = rng.normal(0, 1.2, (n1, n0)), rng.normal(0, 1.2, (n2, n1))
    b1, b2 = rng.normal(0, 0.5, n1), rng.normal(0, 0.5, n2)
    if n is None:
        return {
            "x": rng.normal(0, 1, n0),
            "y_true": rng.random(n2),
            "W1": W1,
            "b1": b1,
            "W2": W2,
            "b2": b2,
        }
    Y = np.eye(n2)[rng.integers(0, n2, n)]
    return {"X": rng.normal(0, 1, (n, n0)), "Y": Y, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


_TWO_LAYER_CASES = [
    _network_case(s, i) for i, s in enumerate([(3, 4, 2), (2, 2, 2), (4, 3, 1), (3, 3, 3)])
]


@answers("two_layer_backward", outputs=OUTPUTS)
def check_two_layer_backward(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 04: ``two_layer_backward(x, y_true, W1, b1, W2, b2)``.

    One example (x of shape (n_0,), y_true of shape (n_2,)), a tanh hidden layer, a sigmoid
    output and L = ½ Σ_k (a²_k - y_true_k)². Returns (dW1, db1, dW2, db2).
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 2: two_layer_backward",
        outputs=OUTPUTS,
        reference=_two_layer_reference,
        cases=_TWO_LAYER_CASES,
        mistakes=[
            m(
                "missing_activation_derivative",
                "δ² is missing the output layer's activation "
                "derivative: δ² = (a² - y_true) ⊙ σ'(z²).",
                partial(_two_layer, out_prime=False),
            ),
            m(
                "missing_activation_derivative",
                "δ¹ is missing the hidden layer's activation derivative: "
                "δ¹ = (δ² W²) ⊙ tanh'(z¹), with tanh'(z) = 1 - tanh(z)².",
                partial(_two_layer, hid_prime=None),
            ),
            m(
                "wrong_activation_derivative",
                "δ¹ uses the sigmoid's slope; the hidden layer is tanh: "
                "δ¹ = (δ² W²) ⊙ (1 - tanh(z¹)²).",
                partial(_two_layer, hid_prime="sigmoid"),
            ),
            m(
                "wrong_activation_derivative",
                "δ¹ uses a¹(1 - a¹), the sigmoid's slope formula; for tanh the slope is "
                "1 - (a¹)² = 1 - tanh(z¹)².",
                partial(_two_layer, hid_prime="a(1-a)"),
            ),
            m(
                "derivative_at_activation",
                "δ¹ takes tanh' at the activation a¹ = tanh(z¹), not at z¹: tanh'(a¹) is not "
                "tanh'(z¹). Use 1 - tanh(z¹)², which is 1 - (a¹)².",
                partial(_two_layer, hid_prime="at_a"),
            ),
            m(
                "derivative_at_activation",
                "δ² takes σ' at the activation a² = σ(z²), not at z²: use σ'(z²) = a²(1 - a²).",
                partial(_two_layer, out_prime="at_a"),
            ),
            m(
                "sign_error",
                "the sign is flipped: δ² starts from a² - y_true, not y_true - a².",
                partial(_two_layer, sign=-1.0),
            ),
            m(
                "factor_of_2",
                "a factor of 2: L = ½ Σ (a² - y_true)², so dL/da² = a² - y_true.",
                partial(_two_layer, factor=2.0),
            ),
            m(
                "transposed_product",
                "δ² W² is transposed or in the wrong order: in row layout "
                "δ¹ = (δ² W²) ⊙ tanh'(z¹), i.e. `delta2 @ W2` (shape (n_2,) times (n_2, n_1)).",
                partial(_two_layer, delta_T=True),
            ),
            m(
                "transposed_product",
                "the outer products are the wrong way round: "
                "dW^l = outer(δ^l, a^(l-1)), shape (n_l, n_(l-1)) like W^l.",
                partial(_two_layer, outer_T=True),
            ),
            m(
                "forgot_input",
                "dW¹ is missing the input: dW¹ = outer(δ¹, x).",
                partial(_two_layer, ones1=True),
            ),
            m(
                "forgot_input",
                "dW² is missing the hidden activations: dW² = outer(δ², a¹).",
                partial(_two_layer, ones2=True),
            ),
            m(
                "used_z_not_a",
                "dW² uses z¹ where it needs a¹ = tanh(z¹): dW² = outer(δ², a¹).",
                partial(_two_layer, z_for_a=True),
            ),
        ],
        reference_name="helpers.mlp.backward",
        cases_text="one example each; widths n0-n1-n2 of 3-4-2, 2-2-2, 4-3-1 and 3-3-3",
        describe=lambda c: f"one example, widths {_widths(c)}",
        shape_hint=SHAPES,
    )
    return check(ex, fn, reveal)
