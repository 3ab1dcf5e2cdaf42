"""Checkers for the single-neuron notebooks 01 (forward pass), 02 (chain rule), 03 (descent).

The references are ``helpers.neuron`` and SymPy (``helpers.symbolic``); each mutant is the
reference with one known mistake switched on.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import neuron, symbolic
from ..activations import sigmoid, sigmoid_prime
from ._core import Exercise, Mistake, Result, check, check_values
from ._derive import Derivation, check_expression

# --------------------------------------------------------------------------- notebook 01


def _forward(x, w, b, y_true, *, use_x=True, use_b=True, act=True, sign=1.0, half=True, mean=False):
    z = (w * x if use_x else w) + (b if use_b else 0.0)
    y = sigmoid(sign * z) if act else z
    L = (0.5 if half else 1.0) * (y - y_true) ** 2
    return z, y, (np.mean(L) if mean else L)


_FORWARD_MISTAKES = [
    (
        "forgot_input",
        "z = w·x + b: the weight multiplies the input x (you wrote w + b).",
        {"use_x": False},
    ),
    ("forgot_bias", "z = w·x + b: the bias b is missing from z.", {"use_b": False}),
    (
        "missing_activation",
        "y = σ(z): the output goes through the sigmoid; you used z itself.",
        {"act": False},
    ),
    (
        "sign_error",
        "σ(z) = 1 / (1 + e^(-z)): the minus sign in the exponent is missing, so you "
        "computed σ(-z) = 1 - σ(z).",
        {"sign": -1.0},
    ),
    (
        "factor_of_2",
        "the loss is L = ½(y - y_true)²; you left out the ½ (that is the plain "
        "squared error, twice ours).",
        {"half": False},
    ),
    (
        "wrong_shape",
        "L must hold one loss per example (the shape of x). You averaged them into "
        "one number; the batch mean comes in notebook 03.",
        {"mean": True},
    ),
]

_SEED = {"x": 0.5, "w": 0.2, "b": 0.1, "y_true": 1.0}
_BY_HAND = {"x": -1.0, "w": 0.5, "b": 0.25, "y_true": 0.0}


def check_forward_numbers(z, y, L) -> Result:
    """Exercise 1 of notebook 01: z, y and L worked out by hand at a new point.

    x = -1, w = 0.5, b = 0.25, y_true = 0; compared to 3 significant digits.
    """
    ex = Exercise(
        title="Exercise 1: the forward pass by hand",
        outputs=("z", "y", "L"),
        reference=lambda: _forward(**_BY_HAND),
        cases=[{}],
        mistakes=[
            Mistake(k, t, partial(_forward, **_BY_HAND, **f)) for k, t, f in _FORWARD_MISTAKES[:-1]
        ],
        rtol=2e-3,
        atol=1e-4,
        correct_text="Correct: z = 0.5·(-1) + 0.25 = -0.25, y = σ(-0.25) ≈ 0.4378, "
        "L = ½(0.4378 - 0)² ≈ 0.09584.",
    )
    return check_values(ex, (z, y, L))


_FORWARD_CASES = [
    dict(_SEED),
    {"x": -1.5, "w": 0.8, "b": 0.3, "y_true": 0.0},
    {"x": 2.0, "w": -1.2, "b": 0.5, "y_true": 1.0},
    {
        "x": np.array([0.5, -1.0, 2.0, 3.0]),
        "w": 0.7,
        "b": -0.2,
        "y_true": np.array([1.0, 0.0, 1.0, 0.0]),
    },
]


def check_forward_and_loss(fn) -> Result:
    """Exercise 2 of notebook 01: ``forward_and_loss(x, w, b, y_true) -> (z, y, L)``."""
    ex = Exercise(
        title="Exercise 2: forward_and_loss",
        outputs=("z", "y", "L"),
        reference=_forward,
        cases=_FORWARD_CASES,
        mistakes=[Mistake(k, t, partial(_forward, **f)) for k, t, f in _FORWARD_MISTAKES],
        reference_name="helpers.neuron.forward and helpers.neuron.loss",
    )
    return _hint_numpy(check(ex, fn))


def _hint_numpy(result: Result) -> Result:
    """Add a hint when math.exp (single numbers only) met an array."""
    if "converted to Python scalar" in result.diagnosis:
        result.diagnosis += (
            "\nHint: math.exp works on single numbers only; np.exp works on whole arrays."
        )
    return result


# --------------------------------------------------------------------------- notebook 02

_Z, _YT, _X, _W, _B, _Y = sp.symbols("z y_true x w b y", real=True)
_S = symbolic.sigma(_Z)
_SP = _S * (1 - _S)  # sigma'(z)


def _neuron_points(rows):
    pts = []
    for x, w, b, yt in rows:
        z = w * x + b
        pts.append({"x": x, "w": w, "b": b, "y_true": yt, "z": z, "y": sigmoid(z)})
    return pts


_POINTS = _neuron_points(
    [
        (0.5, 0.2, 0.1, 1.0),
        (-1.5, 0.8, 0.3, 0.0),
        (2.0, -1.2, 0.5, 1.0),
        (0.7, 1.1, -0.4, 0.3),
        (-0.3, -2.0, 0.2, 0.8),
    ]
)


def check_bce_derivative(answer) -> Result:
    """Exercise 1 of notebook 02: dL/dz of binary cross-entropy after a sigmoid."""
    d = Derivation(
        title="Exercise 1: dL/dz for binary cross-entropy",
        name="dL/dz",
        reference=_S - _YT,
        points=[{k: p[k] for k in ("z", "y_true", "y")} for p in _POINTS],
        mistakes=[
            (
                "sign_error",
                "the sign is flipped: dL/dz = σ(z) - y_true, not y_true - σ(z).",
                _YT - _S,
            ),
            (
                "extra_activation_derivative",
                "you multiplied by σ'(z) once too often. With "
                "cross-entropy the σ'(z) from dy/dz cancels the 1/(y(1 - y)) from dL/dy.",
                (_S - _YT) * _SP,
            ),
            (
                "stopped_at_dL_dy",
                "that is dL/dy; multiply by dy/dz = σ(z)(1 - σ(z)) to reach z.",
                (_S - _YT) / (_S * (1 - _S)),
            ),
        ],
        uses="z and y_true",
        answer_text="σ(z) - y_true",
    )
    return check_expression(d, answer)


def check_dL_dx(answer) -> Result:
    """Exercise 2 of notebook 02: dL/dx of the neuron with L = ½(y - y_true)²."""
    s = symbolic.sigma(_W * _X + _B)
    ref = (s - _YT) * s * (1 - s) * _W
    d = Derivation(
        title="Exercise 2: dL/dx, the gradient that flows to the input",
        name="dL/dx",
        reference=ref,
        points=_POINTS,
        mistakes=[
            (
                "forgot_weight",
                "dz/dx = w: the last factor of the chain is the weight (without "
                "it you have dL/db).",
                ref / _W,
            ),
            ("wrong_factor", "dz/dx = w, not x (x·... is dL/dw).", ref / _W * _X),
            (
                "missing_activation_derivative",
                "the factor dy/dz = σ(z)(1 - σ(z)) is missing.",
                (s - _YT) * _W,
            ),
            ("sign_error", "the sign is flipped: dL/dy = y - y_true.", -ref),
            (
                "factor_of_2",
                "off by a factor of 2: L = ½(y - y_true)², so dL/dy = y - y_true.",
                2 * ref,
            ),
        ],
        uses="x, w, b and y_true",
        answer_text="(σ(z) - y_true) σ(z)(1 - σ(z)) w with z = w x + b",
    )
    return check_expression(d, answer)


def _backward(x, y, z, y_true, *, act="prime", sign=1.0, factor=1.0, use_x=True, total=False):
    dL_dy = factor * sign * (y - y_true)
    dy_dz = {"prime": sigmoid_prime(z), "none": 1.0, "sigma": sigmoid(z)}[act]
    dL_dw = dL_dy * dy_dz * (x if use_x else 1.0)
    dL_db = dL_dy * dy_dz * np.ones_like(x)
    if total:
        return np.sum(dL_dw), np.sum(dL_db)
    return dL_dw, dL_db


def _backward_reference(x, y, z, y_true):
    """SymPy's chain factors (at 30 digits) for single numbers, helpers.neuron for arrays."""
    if np.ndim(x) == 0:
        f, at = symbolic.chain_factors(), {"x": x, "y": y, "z": z, "y_true": y_true}
        upstream = symbolic.evaluate(f["dL/dy"], **at) * symbolic.evaluate(f["dy/dz"], **at)
        return upstream * symbolic.evaluate(f["dz/dw"], **at), upstream
    return neuron.backward(x, y, z, y_true)


def _backward_case(x, w, b, y_true):
    y, z = neuron.forward(x, w, b)
    return {"x": x, "y": y, "z": z, "y_true": y_true}


_BACKWARD_CASES = [_backward_case(**c) for c in _FORWARD_CASES]


def check_neuron_backward(fn) -> Result:
    """Exercise 3 of notebook 02: ``neuron_backward(x, y, z, y_true) -> (dL_dw, dL_db)``."""
    ex = Exercise(
        title="Exercise 3: neuron_backward",
        outputs=("dL_dw", "dL_db"),
        reference=_backward_reference,
        cases=_BACKWARD_CASES,
        mistakes=[
            Mistake(
                "missing_activation_derivative",
                "the activation derivative dy/dz = σ(z)(1 - σ(z)) is missing from the chain.",
                partial(_backward, act="none"),
            ),
            Mistake(
                "wrong_activation_derivative",
                "you multiplied by σ(z), the activation "
                "itself; the chain needs its derivative σ(z)(1 - σ(z)).",
                partial(_backward, act="sigma"),
            ),
            Mistake(
                "sign_error",
                "the sign is flipped: dL/dy = y - y_true, not y_true - y.",
                partial(_backward, sign=-1.0),
            ),
            Mistake(
                "factor_of_2",
                "a factor of 2: L = ½(y - y_true)², so the ½ cancels the 2 and dL/dy = y - y_true.",
                partial(_backward, factor=2.0),
            ),
            Mistake(
                "forgot_input",
                "dL/dw is missing its last factor dz/dw = x.",
                partial(_backward, use_x=False),
            ),
            Mistake(
                "wrong_shape",
                "for arrays, return one gradient per example (the shape of "
                "x); you summed them into one number.",
                partial(_backward, total=True),
            ),
        ],
        reference_name="SymPy (single numbers) and helpers.neuron.backward (arrays)",
    )
    return _hint_numpy(check(ex, fn))


# --------------------------------------------------------------------------- notebook 03

_A = sp.Symbol("a", positive=True)


def check_lr_max(answer) -> Result:
    """Exercise 1 of notebook 03: the largest stable learning rate on L(w) = ½ a (w - w*)²."""
    d = Derivation(
        title="Exercise 1: the largest learning rate that still converges",
        name="lr_max",
        reference=2 / _A,
        points=[{"a": a} for a in (0.5, 1.0, 4.0, 10.0)],
        mistakes=[
            (
                "factor_of_2",
                "1/a is the rate that lands on the minimum in one step; larger "
                "rates overshoot but still shrink the distance while |1 - lr·a| < 1.",
                1 / _A,
            ),
            (
                "upside_down",
                "upside down: the step multiplies (w - w*) by (1 - lr·a), so the "
                "bound is on lr·a, which gives lr < 2/a.",
                _A / 2,
            ),
            ("upside_down", "upside down: the bound is lr < 2/a.", 2 * _A),
        ],
        uses="a",
        answer_text="2/a",
    )
    return check_expression(d, answer)


def _gd_step(
    x, y_true, w, b, lr, *, sign=1.0, factor=1.0, act=True, use_x=True, reduce="mean", use_lr=True
):
    y, z = neuron.forward(x, w, b)
    err = factor * sign * (y - y_true) * (sigmoid_prime(z) if act else 1.0)
    gw, gb = err * (x if use_x else 1.0), err
    if reduce == "mean":
        gw, gb = np.mean(gw), np.mean(gb)
    elif reduce == "sum":
        gw, gb = np.sum(gw), np.sum(gb)
    step = lr if use_lr else 1.0
    return w - step * gw, b - step * gb


def _batch(n, seed):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1.5, n), (rng.random(n) < 0.5).astype(float)


_GD_CASES = []
for _n, _w, _b, _lr, _seed in [
    (5, 0.2, 0.1, 0.5, 1),
    (1, 0.2, 0.1, 0.1, 2),
    (8, -0.7, 0.4, 2.0, 3),
    (3, 1.5, -0.5, 0.05, 4),
]:
    _x, _yt = _batch(_n, _seed)
    _GD_CASES.append({"x": _x, "y_true": _yt, "w": _w, "b": _b, "lr": _lr})
_GD_CASES[1]["x"], _GD_CASES[1]["y_true"] = np.array([0.5]), np.array([1.0])


def check_gd_step(fn) -> Result:
    """Exercise 2 of notebook 03: ``gd_step(x, y_true, w, b, lr) -> (w_new, b_new)``.

    One step of gradient descent on the batch loss, the mean of ½(y - y_true)² over x.
    """
    ex = Exercise(
        title="Exercise 2: gd_step",
        outputs=("w_new", "b_new"),
        reference=_gd_step,
        cases=_GD_CASES,
        mistakes=[
            Mistake(
                "sign_error",
                "the step goes uphill: w_new = w - lr·dL/dw (minus), and dL/dy = y - y_true.",
                partial(_gd_step, sign=-1.0),
            ),
            Mistake(
                "sum_instead_of_mean",
                "you summed the examples' gradients; the batch "
                "loss is their mean, so use np.mean (a sum makes the step N times too big).",
                partial(_gd_step, reduce="sum"),
            ),
            Mistake(
                "missing_activation_derivative",
                "the activation derivative σ'(z) = σ(z)(1 - σ(z)) is missing from the gradient.",
                partial(_gd_step, act=False),
            ),
            Mistake(
                "factor_of_2",
                "a factor of 2 in the gradient: L = ½(y - y_true)², so dL/dy = y - y_true.",
                partial(_gd_step, factor=2.0),
            ),
            Mistake(
                "forgot_input", "dL/dw is missing its factor x.", partial(_gd_step, use_x=False)
            ),
            Mistake(
                "forgot_lr",
                "the step is not multiplied by the learning rate lr.",
                partial(_gd_step, use_lr=False),
            ),
            Mistake(
                "wrong_shape",
                "you took one step per example (arrays of shape (N,)); "
                "average the gradients first, then take one step.",
                partial(_gd_step, reduce=None),
            ),
        ],
        reference_name="helpers.neuron (backward, mean over the batch, update)",
        batch_size=lambda c: len(c["x"]),
    )
    return check(ex, fn)
