"""Checkers for the exercises of notebook 01 (the forward pass of one neuron).

References: helpers.neuron (forward, loss).
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..activations import sigmoid
from ._core import Exercise, Mistake, Result, answers
from ._diagnose import check, check_values


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


@answers(
    "z_by_hand",
    "y_by_hand",
    "L_by_hand",
    kind="values",
    outputs=("z", "y", "L"),
    rtol=2e-3,
    atol=1e-4,
)
def check_forward_numbers(z, y, L, reveal=False) -> Result:
    """Exercise 1 of notebook 01: z, y and L worked out by hand at a new point.

    x = -1, w = 0.5, b = 0.25, y_true = 0; compared to 3 significant digits.
    ``reveal=True`` shows the expected numbers at once (as every checker's does).
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
    return check_values(ex, (z, y, L), reveal)


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


@answers("forward_and_loss", outputs=("z", "y", "L"))
def check_forward_and_loss(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 01: ``forward_and_loss(x, w, b, y_true) -> (z, y, L)``."""
    ex = Exercise(
        title="Exercise 2: forward_and_loss",
        outputs=("z", "y", "L"),
        reference=_forward,
        cases=_FORWARD_CASES,
        mistakes=[Mistake(k, t, partial(_forward, **f)) for k, t, f in _FORWARD_MISTAKES],
        reference_name="helpers.neuron.forward and helpers.neuron.loss",
    )
    return _hint_numpy(check(ex, fn, reveal))


def _hint_numpy(result: Result) -> Result:
    """Add a hint when math.exp (single numbers only) met an array."""
    if "converted to Python scalar" in result.diagnosis:
        result.diagnosis += (
            "\nHint: math.exp works on single numbers only; np.exp works on whole arrays."
        )
    return result
