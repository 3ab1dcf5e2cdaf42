"""Checkers for the exercises of notebook 02 (the chain rule).

References: SymPy (helpers.symbolic) and helpers.neuron.backward.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import neuron, symbolic
from ..activations import sigmoid, sigmoid_prime
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check
from .nb01_forward_pass import _FORWARD_CASES, _hint_numpy

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


@answers("dL_dz", kind="expression", outputs=("dL/dz",), rtol=1e-9, atol=1e-12)
def check_bce_derivative(answer, reveal=False) -> Result:
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
        sigma_hint=True,
    )
    return check_expression(d, answer, reveal)


@answers("dL_dx", kind="expression", outputs=("dL/dx",), rtol=1e-9, atol=1e-12)
def check_dL_dx(answer, reveal=False) -> Result:
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
        sigma_hint=True,
    )
    return check_expression(d, answer, reveal)


def _backward(x, y, z, y_true, *, act="prime", sign=1.0, factor=1.0, use_x=True, total=False):
    dL_dy = factor * sign * (y - y_true)
    dy_dz = {"prime": sigmoid_prime(z), "none": 1.0, "sigma": sigmoid(z), "at_y": sigmoid_prime(y)}[
        act
    ]
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


@answers("neuron_backward", outputs=("dL_dw", "dL_db"))
def check_neuron_backward(fn, reveal=False) -> Result:
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
                "derivative_at_activation",
                "σ' was taken at the activation y = σ(z), not at z: σ'(y) is not σ'(z). "
                "Use σ'(z) = σ(z)(1 - σ(z)), which is y(1 - y) (not sigmoid_prime(y)).",
                partial(_backward, act="at_y"),
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
    return _hint_numpy(check(ex, fn, reveal))
