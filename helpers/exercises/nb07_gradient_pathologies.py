"""Checkers for the exercises of notebook 07 (gradient pathologies).

References: SymPy and helpers.gradcheck.numerical_gradient.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import gradcheck
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check

_W, _L = sp.symbols("w L", positive=True)


@answers("bound", kind="expression", outputs=("the bound",), rtol=1e-9, atol=1e-12)
def check_vanishing_bound(answer, reveal=False) -> Result:
    """Exercise 1 of notebook 07: the largest |δ¹ / δ^L| in a chain of L sigmoid units.

    Each step back multiplies δ by w σ'(z) and σ'(z) <= 1/4, so the bound is (w/4)^(L-1).
    """
    d = Derivation(
        title="Exercise 1: how fast a gradient can shrink",
        name="the bound",
        reference=(_W / 4) ** (_L - 1),
        points=[{"w": w, "L": n} for w, n in [(1.0, 2.0), (2.0, 3.0), (4.5, 5.0), (0.5, 10.0)]],
        mistakes=[
            (
                "off_by_one",
                "a chain of L layers has L - 1 steps back from δ^L to δ¹, so the power is L - 1.",
                (_W / 4) ** _L,
            ),
            (
                "activation_not_derivative",
                "½ is σ(0), the sigmoid itself; its slope peaks at σ'(0) = ¼.",
                (_W / 2) ** (_L - 1),
            ),
            (
                "forgot_weight",
                "each step back multiplies by the weight too: δ^l = δ^(l+1) w σ'(z^l).",
                sp.Rational(1, 4) ** (_L - 1),
            ),
            (
                "one_factor",
                "σ' ≤ ¼ applies at every layer, not once: (w/4)^(L-1).",
                _W ** (_L - 1) / 4,
            ),
        ],
        uses="w and L",
        answer_text="(w/4)^(L-1): below 1 for w < 4, so the gradient shrinks geometrically",
    )
    return check_expression(d, answer, reveal)


def _cube(x):
    return float(np.sum(x**3 - 2 * x))


def _wave(x):
    return float(np.sum(np.sin(3 * x) * x**2))


def _centred(f, x, h, *, kind="centred", all_at_once=False):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        e = np.ones_like(x) if all_at_once else np.zeros_like(x)
        e.reshape(-1)[i] = 1.0
        up, down = f(x + h * e), f(x - h * e)
        base = f(x)
        g[i] = {
            "centred": (up - down) / (2 * h),
            "forward": (up - base) / h,
            "half": (up - down) / h,
            "flipped": (down - up) / (2 * h),
        }[kind]
    return grad


@answers("centred_difference", outputs=("gradient",), rtol=1e-7, atol=1e-9)
def check_centred_difference(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 07: ``centred_difference(f, x, h) -> gradient, shape of x``."""
    cases = [
        {"f": _cube, "x": np.array([0.5, -1.2, 2.0]), "h": 1e-3},
        {"f": _wave, "x": np.array([[0.3, -0.7, 1.1], [2.0, 0.0, -1.5]]), "h": 1e-3},
        {"f": _cube, "x": np.array([1.7]), "h": 1e-4},
    ]
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 2: centred_difference",
        outputs=("gradient",),
        reference=lambda f, x, h: gradcheck.numerical_gradient(f, x, h),
        cases=cases,
        mistakes=[
            m(
                "forward_difference",
                "that is the forward difference (f(x + h) - f(x)) / h, "
                "whose error shrinks only like h. The centred one, (f(x + h) - f(x - h)) / 2h, "
                "is exact for parabolas and its error shrinks like h².",
                partial(_centred, kind="forward"),
            ),
            m(
                "factor_of_2",
                "divide by 2h: the two points x + h and x - h are 2h apart.",
                partial(_centred, kind="half"),
            ),
            m(
                "sign_error",
                "the sign is flipped: it is f(x + h) - f(x - h), over 2h.",
                partial(_centred, kind="flipped"),
            ),
            m(
                "perturbed_all",
                "you moved every entry of x at once; move one entry at a time "
                "(add h to x[i] only) to get the partial derivative for entry i.",
                partial(_centred, all_at_once=True),
            ),
        ],
        reference_name="helpers.gradcheck.numerical_gradient",
        rtol=1e-7,
        atol=1e-9,
    )
    return check(ex, fn, reveal)


# ------------------------------------------------------------- Exercise 5: a residual step


def _slope(Z):
    s = 1.0 / (1.0 + np.exp(-Z))
    return s * (1.0 - s)


def _step_back(G, Z, A_prev, W, skip, *, mistake=None):
    """One step back through a sigmoid layer, with one known mistake switched on."""
    delta = G * _slope(Z)  # delta^l = G^l * sigma'(Z^l)
    if mistake == "skip_in_delta" and skip:
        delta = delta + G
    dW = A_prev.T @ delta if mistake == "dW_transposed" else delta.T @ A_prev
    G_prev = delta @ W.T if mistake == "W_transposed" else delta @ W
    if mistake == "skip_with_slope" and skip:
        G_prev = G_prev + delta
    elif mistake == "skip_always" or (skip and mistake not in ("forgot_skip", "skip_with_slope")):
        G_prev = G_prev + G
    return delta, dW, G_prev


def _reference_step(G, Z, A_prev, W, skip):
    return _step_back(G, Z, A_prev, W, skip)


def _step_cases():
    rng = np.random.default_rng(7)

    def case(N, n_in, n_out, skip):
        return {
            "G": rng.normal(size=(N, n_out)),
            "Z": rng.normal(size=(N, n_out)),
            "A_prev": rng.normal(size=(N, n_in)),
            "W": rng.normal(size=(n_out, n_in)),
            "skip": skip,
        }

    # batches whose size differs from every width; one plain layer among them
    return [case(5, 3, 3, True), case(4, 2, 2, True), case(6, 3, 3, False), case(3, 4, 4, True)]


_STEP_OUTPUTS = ("delta", "dW", "G_prev")


@answers("residual_step_back", outputs=_STEP_OUTPUTS)
def check_residual_step_back(fn, reveal=False) -> Result:
    """Exercise 5 of notebook 07: ``residual_step_back(G, Z, A_prev, W, skip)``.

    One step back through a sigmoid layer: delta^l = G^l * sigma'(Z^l),
    dL/dW^l = (delta^l)^T A^(l-1), G^(l-1) = delta^l W^l (+ G^l when ``skip``).
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 5: residual_step_back",
        outputs=_STEP_OUTPUTS,
        reference=_reference_step,
        cases=_step_cases(),
        mistakes=[
            m(
                "forgot_skip",
                "G_prev is missing the skip's term: a^l = a^(l-1) + σ(z^l) hands its "
                "input on unchanged, so G^(l-1) = δ^l W^l + G^l when skip is True.",
                partial(_step_back, mistake="forgot_skip"),
            ),
            m(
                "skip_with_slope",
                "the skip passes G^l on as it is, not δ^l: the identity path has slope 1, "
                "so G^(l-1) = δ^l W^l + G^l (you added δ^l).",
                partial(_step_back, mistake="skip_with_slope"),
            ),
            m(
                "skip_in_delta",
                "δ^l has only the branch's slope in it, δ^l = G^l ⊙ σ'(Z^l); the skip's "
                "G^l joins G^(l-1), not δ^l.",
                partial(_step_back, mistake="skip_in_delta"),
            ),
            m(
                "skip_always",
                "this layer has no skip (skip is False): G^(l-1) = δ^l W^l alone; "
                "add G^l only when skip is True.",
                partial(_step_back, mistake="skip_always"),
            ),
            m(
                "W_transposed",
                "W^l is transposed: in row layout G^(l-1) = δ^l W^l, i.e. `delta @ W`, "
                "shape (N, n_l) times (n_l, n_(l-1)).",
                partial(_step_back, mistake="W_transposed"),
            ),
            m(
                "dW_transposed",
                "dW is transposed: dL/dW^l = (δ^l)^T A^(l-1), i.e. `delta.T @ A_prev`, "
                "shape (n_l, n_(l-1)) like W^l.",
                partial(_step_back, mistake="dW_transposed"),
            ),
        ],
        reference_name="the delta rule with a skip (helpers.residual)",
        cases_text="batches of 5, 4, 6 and 3 examples; three layers with a skip, one without",
    )
    return check(ex, fn, reveal)
