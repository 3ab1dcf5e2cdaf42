"""Predict-then-check exercises: the learner writes a prediction, runs an experiment, and
this module says whether the run bore it out and why.

Each question has a key such as ``"02_bce_vs_mse"``; the notebook's experiment cell
computes what it observed (one of the choices) and the numbers it measured, and calls
:func:`check_prediction`. The numbers are shown only once the learner has written a
prediction, so an untouched notebook (and its committed outputs) does not give the answer
away under the question.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._core import Result
from ._guard import safe_text


@dataclass(frozen=True)
class Question:
    """A prediction question: the choices a learner picks from, the expected outcome of the
    notebook's run with its default settings, why it comes out that way, and the name of
    the notebook variable that holds the learner's prediction."""

    title: str
    choices: tuple
    expected: str
    why: str
    variable: str = "prediction"


QUESTIONS = {
    "01_x_zero": Question(
        "Exercise 3: predict, then check (x = 0)",
        ("up", "down", "the same"),
        "the same",
        "With x = 0, z = w·0 + b = b, so w has no effect on z, y or L. That is also why "
        "dL/dw = (y - y_true) σ'(z) x is 0 there: a weight cannot learn from a zero input.",
    ),
    "02_bce_vs_mse": Question(
        "Exercise 4: predict, then check (a confidently wrong neuron)",
        ("larger", "smaller", "about the same"),
        "larger",
        "With ½(y - y_true)², dL/dz = (y - y_true) σ'(z), and σ'(50) ≈ 2e-22 all but erases "
        "the error: a saturated neuron barely learns, however wrong it is. With cross-entropy "
        "the σ'(z) cancels (Exercise 1), so dL/dz = y - y_true ≈ 1, as large as the mistake. "
        "That is one reason classifiers are trained with cross-entropy.",
    ),
    "03_batch_rate": Question(
        "Exercise 3: predict, then check (a learning rate for a batch)",
        ("converges", "diverges"),
        "converges",
        "For the mean loss the curvature is mean(x²) = (0.25 + 1 + 4)/3 = 1.75, so gradient "
        "descent converges for lr < 2/1.75 ≈ 1.14, and lr = 1 is safe. Had the loss been the "
        "sum of the three, the curvature would be 5.25 and the bound 0.38: the mean keeps the "
        "safe learning rate the same whatever the batch size.",
    ),
    "04_zero_W2": Question(
        "Exercise 3: predict, then check (W² = 0)",
        ("dW1 and db1", "dW2 and db2", "all four", "none"),
        "dW1 and db1",
        "δ¹ = (δ² W²) ⊙ σ'(z¹) is 0 when W² = 0, so dW¹ = outer(δ¹, x) and db¹ = δ¹ vanish. "
        "δ² itself does not depend on W² being non-zero, and a¹ = σ(z¹) is never 0, so dW² and "
        "db² are not zero: the output layer learns first, then passes error back.",
    ),
    "05_duplicate_batch": Question(
        "Exercise 3: predict, then check (the same batch twice)",
        ("doubles", "stays the same", "halves"),
        "stays the same",
        "The batch loss is the mean over examples. Stacking the batch twice doubles the sum "
        "and doubles N, so the mean, and its gradient, do not change. (With a sum instead of "
        "a mean the gradient would double, and the right learning rate would depend on N.)",
    ),
    "06_decay": Question(
        "Exercise 3: predict, then check (a hundred steps of decay)",
        ("about 90%", "about 37%", "about 0%"),
        "about 37%",
        "Each step keeps the fraction 1 - ηλ = 0.99 of a weight (Exercise 1), so 100 steps keep "
        "0.99¹⁰⁰ ≈ e^(-1) ≈ 37%. Weight decay is exponential: without a gradient pushing back, "
        "a weight halves about every 0.69/(ηλ) steps. With data, it settles where the loss's "
        "gradient balances λW.",
    ),
    "07_tanh_he": Question(
        "Exercise 3: predict, then check (tanh at He's scale)",
        ("about 0.7", "about 1", "about 1.4"),
        "about 1",
        "One step back multiplies ‖δ‖ by about s times the RMS slope of the layer. Were "
        "every z near 0, tanh' would be 1 and the factor √2 ≈ 1.4: 30 layers would grow δ "
        "about 20,000-fold. But larger weights also make larger z. Here they spread to about "
        "±0.7, where tanh' is smaller, about 0.74 in root mean square, and √2 × 0.74 ≈ 1.05: "
        "the two effects nearly cancel, and the error reaches layer 1 at a few times its size "
        "at the output. Sigmoid has the same tug of war and loses it, because σ' ≤ ¼. Tanh, "
        "whose slope starts at 1, can be balanced by its scale: s = 1 shrinks δ slowly (about "
        "0.92 per step at depth 30), s = 2 grows it (about 1.13).",
        variable="prediction_tanh",
    ),
    "07_big_h": Question(
        "Exercise 4: predict, then check (a huge step h)",
        ("tiny", "large"),
        "tiny",
        "The centred difference's error is (h²/6) times the third derivative, plus rounding. "
        "The linear neuron's loss is a parabola in w: its third derivative is 0, so the "
        "estimate is exact for any h, even h = 0.5, and only rounding is left. A large h hurts "
        "where the curvature changes (sigmoids, and above all ReLU kinks); a tiny h, where "
        "rounding takes over.",
        variable="prediction_big_h",
    ),
}


def _norm(answer) -> str:
    return " ".join(safe_text(answer).strip().lower().replace("_", " ").split())


def check_prediction(
    key: str, prediction, observed, measured: str | None = None, reveal: bool = False
) -> Result:
    """Compare a learner's ``prediction`` with what the run ``observed``; explain why.

    Parameters
    ----------
    key : str
        A key of :data:`QUESTIONS`, e.g. ``"02_bce_vs_mse"``.
    prediction : str or None
        The learner's choice, written before the run; None while not yet made.
    observed : str
        What the notebook's run showed, one of the question's choices.
    measured : str, optional
        The run's numbers, one or more lines. Shown only once ``prediction`` is one of the
        choices: while it is None (or unreadable) the result says to predict first.
    reveal : bool
        Show the run and the explanation even without a prediction (for a learner who
        gives up, or an instructor); the verdict then stays "not attempted".
    """
    q = QUESTIONS.get(key)
    if q is None:
        return Result(f"Prediction {key!r}", False, f"There is no question {key!r}.")
    options = ", ".join(repr(c) for c in q.choices)
    if (prediction is None or prediction is Ellipsis) and reveal:
        run = "The run:\n" + "\n".join("  " + line for line in str(measured).splitlines()) + "\n"
        return Result(
            q.title,
            False,
            f"{run if measured else ''}You asked to see it before predicting: the run shows "
            f"{observed!r}.\nWhy: {q.why}",
            attempted=False,
        )
    if prediction is None or prediction is Ellipsis:
        later = " The measured numbers appear here once you have." if measured else ""
        return Result(
            q.title,
            False,
            f"Not attempted yet: write your prediction first ({options}) in `{q.variable}` "
            f"above, then run this cell again.{later}",
            attempted=False,
        )
    mine = _norm(prediction)
    if mine not in {_norm(c) for c in q.choices}:
        shown = repr(prediction) if isinstance(prediction, str) else safe_text(prediction, 60)
        return Result(
            q.title,
            False,
            f"I can't read {shown}: choose one of {options}.",
            mistakes=("unreadable",),
        )
    canonical = {_norm(c): c for c in q.choices}
    mine = canonical[mine]
    seen = canonical.get(_norm(observed), str(observed))
    run = ""
    if measured:
        run = "The run:\n" + "\n".join("  " + line for line in str(measured).splitlines()) + "\n"
    if mine == seen:
        return Result(
            q.title,
            True,
            f"{run}Right: you predicted {mine!r} and the run shows {seen!r}.\nWhy: {q.why}",
        )
    return Result(
        q.title,
        False,
        f"{run}Not quite: you predicted {mine!r}, but the run shows {seen!r}.\nWhy: {q.why}",
        mistakes=("wrong_prediction",),
    )
