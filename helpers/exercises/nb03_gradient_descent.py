"""Checkers for the exercises of notebook 03 (gradient descent).

References: helpers.neuron and SymPy.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import neuron
from ..activations import sigmoid_prime
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check

_X = sp.symbols("x1:4", real=True)
_SUM_SQ = sum(x**2 for x in _X)  # x1² + x2² + x3²


@answers("lr_max", kind="expression", outputs=("lr_max",), rtol=1e-9, atol=1e-12)
def check_lr_max(answer, reveal=False) -> Result:
    """Exercise 1 of notebook 03: the largest stable learning rate for a batch of three.

    The linear neuron y = w x trained on the mean loss (1/3) Σ ½(w x_n - y_true,n)² has
    curvature mean(x²), so gradient descent converges for lr < 2 / mean(x²)
    = 6 / (x1² + x2² + x3²).
    """
    d = Derivation(
        title="Exercise 1: the largest learning rate for a batch",
        name="lr_max",
        reference=6 / _SUM_SQ,
        points=[
            {"x1": x1, "x2": x2, "x3": x3}
            for x1, x2, x3 in [(0.5, 1.0, 2.0), (1.0, 1.0, 1.0), (-0.3, 2.5, 0.7), (1.5, -0.5, 0.2)]
        ],
        mistakes=[
            (
                "sum_instead_of_mean",
                "that is the bound for the *sum* of the three losses. The batch loss is their "
                "mean, whose curvature is mean(x²) = (x1² + x2² + x3²)/3, so lr < 2/mean(x²).",
                2 / _SUM_SQ,
            ),
            (
                "factor_of_2",
                "1/mean(x²) is the rate that lands on the minimum in one step; larger rates "
                "overshoot but still close in while |1 - lr·mean(x²)| < 1, up to 2/mean(x²).",
                3 / _SUM_SQ,
            ),
            (
                "upside_down",
                "upside down: each step multiplies w - w* by 1 - lr·mean(x²), so the bound is "
                "lr < 2/mean(x²).",
                _SUM_SQ / 6,
            ),
            (
                "one_example",
                "that uses the first example only; all three examples shape the batch loss, "
                "through mean(x²).",
                2 / _X[0] ** 2,
            ),
        ],
        uses="x1, x2 and x3",
        answer_text="2/mean(x²) = 6/(x1² + x2² + x3²)",
    )
    return check_expression(d, answer, reveal)


def _gd_step(
    x, y_true, w, b, lr, *, sign=1.0, factor=1.0, act=True, use_x=True, reduce="mean", use_lr=True
):
    y, z = neuron.forward(x, w, b)
    slope = {True: sigmoid_prime(z), False: 1.0, "at_y": sigmoid_prime(y)}[act]
    err = factor * sign * (y - y_true) * slope
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


@answers("gd_step", outputs=("w_new", "b_new"))
def check_gd_step(fn, reveal=False) -> Result:
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
                "derivative_at_activation",
                "σ' was taken at the activation y = σ(z), not at z: use σ'(z) = y(1 - y), "
                "not sigmoid_prime(y).",
                partial(_gd_step, act="at_y"),
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
    return check(ex, fn, reveal)
