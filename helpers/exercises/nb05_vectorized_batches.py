"""Checkers for the exercises of notebook 05 (vectorised batches, softmax cross-entropy).

References: SymPy and helpers.mlp.loss_and_grads.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import losses, mlp
from ..activations import sigmoid, sigmoid_prime
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check
from .nb04_multilayer_deltas import OUTPUTS, SHAPES, _network_case, _widths

_Zs = sp.symbols("z0:3", real=True)
_Ts = sp.symbols("y_true0:3", real=True)


_T = sp.Symbol("T", positive=True)


@answers("dL_dz0", kind="expression", outputs=("dL/dz0",), rtol=1e-9, atol=1e-12)
def check_temperature_derivative(answer, reveal=False) -> Result:
    """Exercise 1 of notebook 05: dL/dz0 of cross-entropy after softmax(z / T), three classes.

    Classes are numbered from 0, as in the notebook: logits z0, z1, z2, targets y_true0..2.
    """
    total = sum(sp.exp(z / _T) for z in _Zs)
    p0 = sp.exp(_Zs[0] / _T) / total  # softmax(z / T)₀
    s0 = sp.exp(_Zs[0]) / sum(sp.exp(z) for z in _Zs)  # softmax(z)₀
    pts = []
    for z, t, temp in [
        ((0.5, -1.0, 2.0), (1, 0, 0), 2.0),
        ((1.5, 0.2, -0.3), (0, 1, 0), 0.5),
        ((-2.0, 0.0, 1.0), (0, 0, 1), 3.0),
        ((0.3, 0.3, -1.2), (0.2, 0.5, 0.3), 1.5),
    ]:
        pts.append(
            {
                **{f"z{i}": v for i, v in enumerate(z)},
                **{f"y_true{i}": float(v) for i, v in enumerate(t)},
                "T": temp,
            }
        )
    d = Derivation(
        title="Exercise 1: dL/dz₀ with a softmax temperature",
        name="dL/dz0",
        reference=(p0 - _Ts[0]) / _T,
        points=pts,
        mistakes=[
            (
                "forgot_inner_factor",
                "the chain rule's last factor is missing: the softmax sees u = z/T, and "
                "du₀/dz₀ = 1/T, so dL/dz₀ = (softmax(z/T)₀ - y_true0)/T.",
                p0 - _Ts[0],
            ),
            (
                "wrong_inner_factor",
                "du₀/dz₀ = 1/T, not T: divide by the temperature.",
                (p0 - _Ts[0]) * _T,
            ),
            (
                "sign_error",
                "the sign is flipped: dL/dz₀ = (softmax(z/T)₀ - y_true0)/T.",
                (_Ts[0] - p0) / _T,
            ),
            (
                "forgot_temperature",
                "the probabilities are softmax(z/T), not softmax(z).",
                s0 - _Ts[0],
            ),
            (
                "extra_activation_derivative",
                "you multiplied by p₀(1 - p₀) once too often: with cross-entropy the softmax's "
                "slope cancels.",
                (p0 - _Ts[0]) * p0 * (1 - p0) / _T,
            ),
        ],
        uses="z0, z1, z2, y_true0, y_true1, y_true2 and T",
        answer_text="(softmax(z/T)₀ - y_true0)/T (the targets sum to 1)",
    )
    return check_expression(d, answer, reveal)


def _batch(
    X,
    Y,
    W1,
    b1,
    W2,
    b2,
    *,
    mean=True,
    sign=1.0,
    hid_prime=True,
    out_prime=False,
    dW_T=False,
    delta_T=False,
    ones=False,
    db_sum=True,
    mean_twice=False,
    slope_at_a=False,
    softmax_axis=1,
):
    N = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2.T + b2
    if softmax_axis == 1:
        P = losses.softmax(Z2)
    else:  # the wrong axis: each column sums to 1
        E = np.exp(Z2 - Z2.max(axis=0, keepdims=True))
        P = E / E.sum(axis=0, keepdims=True)
    D2 = sign * (P - Y) / (N if mean else 1.0)
    if out_prime:
        D2 = D2 * P * (1 - P)
    slope = sigmoid_prime(A1 if slope_at_a else Z1) if hid_prime else 1.0
    D1 = (D2 @ W2.T if delta_T else D2 @ W2) * slope
    scale = 1.0 / N if mean_twice else 1.0

    def dW(D, A):
        A = np.ones_like(A) if ones else A
        return scale * (A.T @ D if dW_T else D.T @ A)

    def db(D):
        return scale * (D.sum(axis=0) if db_sum else D)

    return dW(D1, X), db(D1), dW(D2, A1), db(D2)


def _batch_reference(X, Y, W1, b1, W2, b2):
    """helpers.mlp.loss_and_grads: sigmoid hidden layer, softmax output, mean cross-entropy."""
    _, ((dW1, db1), (dW2, db2)) = mlp.loss_and_grads(
        [(W1, b1), (W2, b2)], X, Y, hidden="sigmoid", output="softmax", loss="cross_entropy"
    )
    return dW1, db1, dW2, db2


_BATCH_CASES = [
    _network_case(s, 10 + i, n)
    for i, (n, *s) in enumerate(
        [(5, 4, 3, 2), (1, 3, 3, 3), (6, 3, 4, 3), (4, 2, 2, 2), (7, 5, 3, 4)]
    )
]


@answers("batch_backward", outputs=OUTPUTS)
def check_batch_backward(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 05: ``batch_backward(X, Y, W1, b1, W2, b2)``.

    A batch X of shape (N, n_0), one-hot Y of shape (N, n_2); a sigmoid hidden layer and a
    softmax output; the batch loss is the mean cross-entropy. Returns (dW1, db1, dW2, db2).
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 2: batch_backward",
        outputs=OUTPUTS,
        reference=_batch_reference,
        cases=_BATCH_CASES,
        mistakes=[
            m(
                "sum_instead_of_mean",
                "every gradient is N times too large: the batch loss is "
                "the mean over the examples, so δ² = (softmax(Z²) - Y) / N.",
                partial(_batch, mean=False),
            ),
            m(
                "sign_error",
                "the sign is flipped: δ² = (P - Y) / N, not (Y - P) / N.",
                partial(_batch, sign=-1.0),
            ),
            m(
                "missing_activation_derivative",
                "δ¹ is missing the hidden layer's activation derivative: δ¹ = (δ² W²) ⊙ σ'(Z¹).",
                partial(_batch, hid_prime=False),
            ),
            m(
                "extra_activation_derivative",
                "δ² has an extra factor P(1 - P): with softmax "
                "and cross-entropy, δ² = (P - Y) / N exactly.",
                partial(_batch, out_prime=True),
            ),
            m(
                "transposed_product",
                "dW is transposed: dW^l = (δ^l)^T A^(l-1), i.e. "
                "`delta.T @ A_prev`, shape (n_l, n_(l-1)) like W^l; you computed A_prev.T @ delta.",
                partial(_batch, dW_T=True),
            ),
            m(
                "transposed_product",
                "δ² W² is transposed: in row layout δ¹ = (δ² W²) ⊙ σ'(Z¹), "
                "i.e. `delta2 @ W2`, shape (N, n_2) times (n_2, n_1).",
                partial(_batch, delta_T=True),
            ),
            m(
                "forgot_input",
                "dW is missing A^(l-1): dW^l = (δ^l)^T A^(l-1) (X for layer 1).",
                partial(_batch, ones=True),
            ),
            m(
                "wrong_shape",
                "db is not summed over the batch: db^l = δ^l.sum(axis=0), one "
                "number per unit, shape (n_l,).",
                partial(_batch, db_sum=False),
            ),
            m(
                "derivative_at_activation",
                "δ¹ takes σ' at the activation A¹ = σ(Z¹), not at Z¹: σ'(A¹) is not σ'(Z¹). "
                "Use σ'(Z¹) = A¹(1 - A¹).",
                partial(_batch, slope_at_a=True),
            ),
            m(
                "softmax_axis",
                "the softmax runs over the wrong axis: each row (one example) must sum to 1, "
                "so sum over axis=1 (the classes), with keepdims=True; you normalised each "
                "column (axis=0, the examples).",
                partial(_batch, softmax_axis=0),
            ),
            m(
                "mean_twice",
                "every weight gradient is N times too small: δ² already carries the "
                "1/N of the mean, so do not divide again.",
                partial(_batch, mean_twice=True),
            ),
        ],
        reference_name="helpers.mlp.loss_and_grads",
        cases_text="batches of 5, 1, 6, 4 and 7 examples; widths 4-3-2, 3-3-3, 3-4-3, 2-2-2, 5-3-4",
        batch_size=lambda c: c["X"].shape[0],
        describe=lambda c: f"a batch of N = {c['X'].shape[0]}, widths {_widths(c)}",
        shape_hint=SHAPES,
    )
    return check(ex, fn, reveal)
