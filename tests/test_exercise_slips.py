"""Diagnoses for the slips learners really make, hints that escalate, honest formatting.

Generic slips (printing instead of returning, an unfilled zeros buffer, float32, a flipped
sign, outputs in the wrong order) are generated from the solutions for every function
checker; the others are written as a learner would write them. The formatting helpers
are tested with hypothesis over hostile numbers: no message reads "factor of -0",
"nan%", "inf%" or "0% of the larger".
"""

import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from test_exercise_structure import CHECKERS, flat, solution

from helpers import exercises as E
from helpers import losses
from helpers.exercises import _explain, _guess

FUNCTIONS = [c for c in CHECKERS if c.kind == "function"]
MULTI = [c for c in FUNCTIONS if len(c.outputs) > 1 and flat(c)]


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


def sig(t):
    return 1 / (1 + np.exp(-t))


def wrapped(checker, change):
    """The checker's solution with ``change`` applied to what it returns."""
    sol = solution(checker)[0]
    return lambda *args: change(sol(*args))


def each(out, f):
    """Apply ``f`` to every array of a returned value (tuple, list of pairs or one array);
    a list of numbers (a loss curve) counts as one array."""
    numbers = isinstance(out, list) and all(isinstance(v, (int, float, np.number)) for v in out)
    if isinstance(out, (list, tuple)) and not numbers:
        return type(out)(each(o, f) for o in out)
    return f(np.asarray(out))


# ------------------------------------------------------------------ generated slips


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_printing_instead_of_returning(checker):
    sol = solution(checker)[0]

    def prints(*args):
        print(sol(*args))

    result = checker(prints)
    assert result.attempted and not result.correct
    assert result.mistakes == ("returned_none",)
    assert "returned None: did you print instead of return?" in result.diagnosis


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_a_zeros_buffer_never_filled(checker):
    result = checker(wrapped(checker, lambda out: each(out, np.zeros_like)))
    assert "all_zeros" in result.mistakes, result.diagnosis
    assert (
        "np.zeros buffer never filled" in result.diagnosis or "0 in every case" in result.diagnosis
    )


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_float32_is_accepted_within_its_precision_and_said(checker):
    result = checker(wrapped(checker, lambda out: each(out, lambda a: a.astype(np.float32))))
    assert result.correct, result.diagnosis
    assert "float32" in result.diagnosis and "float64" in result.diagnosis


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_a_wrong_float32_answer_is_still_wrong(checker):
    def slightly_off(a):
        return (a * 1.001 + 1e-3).astype(np.float32)

    result = checker(wrapped(checker, lambda out: each(out, slightly_off)))
    assert not result.correct
    assert "float32" in result.diagnosis or "wrong form" in result.diagnosis, result.diagnosis


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_a_flipped_sign_is_called_a_sign(checker):
    result = checker(wrapped(checker, lambda out: each(out, np.negative)))
    assert "sign" in result.diagnosis, result.diagnosis
    assert "factor of -" not in result.diagnosis
    assert not re.search(r"-0(?![.\d])", result.diagnosis)


@pytest.mark.parametrize("checker", MULTI, ids=lambda c: c.__name__)
def test_outputs_in_the_wrong_order(checker):
    result = checker(wrapped(checker, lambda out: tuple(reversed(out))))
    assert "wrong_order" in result.mistakes, result.diagnosis
    assert "wrong order" in result.diagnosis
    assert f"return {', '.join(checker.outputs)}" in result.diagnosis


@pytest.mark.parametrize(
    "checker", [c for c in CHECKERS if c.kind == "expression"], ids=lambda c: c.__name__
)
def test_a_flipped_or_zero_expression(checker):
    answer = solution(checker)[0]
    flipped = checker(-answer)
    assert "sign" in flipped.diagnosis and "factor of -" not in flipped.diagnosis
    zero = checker(sp.Integer(0))
    assert not zero.correct and "0 in every case" in zero.diagnosis
    assert "plain number" in zero.diagnosis


# ------------------------------------------------------------------ slips by hand


@pytest.mark.parametrize(
    "numbers, digits",
    [((-0.25, 0.44, 0.09584), 2), ((-0.25, 0.4, 0.1), 1), ((-0.25, 0.4378, 0.1), 1)],
)
def test_numbers_rounded_too_far(numbers, digits):
    result = E.check_forward_numbers(*numbers)
    assert result.mistakes == ("rounded",), result.diagnosis
    assert "keep four significant digits" in result.diagnosis.lower()
    assert f"to {digits} significant digit" in result.diagnosis


def test_reset_tries_names_a_bad_title():
    with pytest.raises(TypeError, match="title"):
        E.reset_tries(np.zeros(2))


def test_an_empty_array_by_hand_is_a_shape_not_a_crash():
    result = E.check_forward_numbers(np.array([]), 0.4378, 0.09584)
    assert not result.correct and "shape (0,)" in result.diagnosis


def test_three_digits_are_enough_and_a_wrong_number_is_not_called_rounded():
    assert E.check_forward_numbers(-0.25, 0.438, 0.0958).correct
    assert "rounded" not in E.check_forward_numbers(-0.25, 0.47, 0.09584).mistakes


# ------------------------------------------------------------------ slips in the formulas


def nb02_slope_at_y(x, y, z, y_true):
    s = sig(y)  # σ'(y) where σ'(z) belongs
    return (y - y_true) * s * (1 - s) * x, (y - y_true) * s * (1 - s)


def nb03_slope_at_y(x, y_true, w, b, lr):
    y = sig(w * x + b)
    d = (y - y_true) * sig(y) * (1 - sig(y))
    return w - lr * np.mean(d * x), b - lr * np.mean(d)


def nb04_tanh_prime_at_a(x, y_true, W1, b1, W2, b2):
    a1 = np.tanh(W1 @ x + b1)
    a2 = sig(W2 @ a1 + b2)
    delta2 = (a2 - y_true) * a2 * (1 - a2)
    delta1 = (delta2 @ W2) * (1 - np.tanh(a1) ** 2)  # tanh'(a1), not tanh'(z1)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def nb04_sigma_prime_at_a(x, y_true, W1, b1, W2, b2):
    a1 = np.tanh(W1 @ x + b1)
    a2 = sig(W2 @ a1 + b2)
    delta2 = (a2 - y_true) * sig(a2) * (1 - sig(a2))  # σ'(a2)
    delta1 = (delta2 @ W2) * (1 - a1**2)
    return np.outer(delta1, x), delta1, np.outer(delta2, a1), delta2


def _nb05(X, Y, W1, b1, W2, b2, *, axis=1, at_a=False):
    N = X.shape[0]
    A1 = sig(X @ W1.T + b1)
    Z2 = A1 @ W2.T + b2
    E_ = np.exp(Z2 - Z2.max(axis=axis, keepdims=True))
    P = E_ / E_.sum(axis=axis, keepdims=True)
    D2 = (P - Y) / N
    slope = sig(A1) * (1 - sig(A1)) if at_a else A1 * (1 - A1)
    D1 = (D2 @ W2) * slope
    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)


def nb06_decay_without_lr(params, grads, lr, lam):
    return [
        (W - lr * dW - lam * W, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)
    ]


@pytest.mark.parametrize(
    "checker, mutant, key, words",
    [
        (E.check_neuron_backward, nb02_slope_at_y, "derivative_at_activation", ["not at z"]),
        (E.check_gd_step, nb03_slope_at_y, "derivative_at_activation", ["not at z"]),
        (E.check_two_layer_backward, nb04_tanh_prime_at_a, "derivative_at_activation", ["tanh'"]),
        (E.check_two_layer_backward, nb04_sigma_prime_at_a, "derivative_at_activation", ["σ'"]),
        (
            E.check_batch_backward,
            lambda *a: _nb05(*a, at_a=True),
            "derivative_at_activation",
            ["not at Z¹"],
        ),
        (E.check_batch_backward, lambda *a: _nb05(*a, axis=0), "softmax_axis", ["axis=1"]),
        (E.check_sgd_step, nb06_decay_without_lr, "decay_without_lr", ["learning rate"]),
    ],
)
def test_formula_slips_are_named(checker, mutant, key, words):
    result = checker(mutant)
    assert key in result.mistakes, result.diagnosis
    for w in words:
        assert w in result.diagnosis


def test_the_slip_mutants_reference_softmax_agrees():
    Z = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    assert np.allclose(e / e.sum(axis=1, keepdims=True), losses.softmax(Z))


def test_expression_slips_sign_and_complex():
    z, t = sp.symbols("z y_true")
    s = 1 / (1 + sp.exp(-z))
    flipped = E.check_bce_derivative(t - s)
    assert "sign" in flipped.diagnosis and "factor of -" not in flipped.diagnosis
    rooted = E.check_bce_derivative(sp.sqrt(s - t - 1))
    assert "complex" in rooted.diagnosis and "dL/dz" in rooted.diagnosis


# ------------------------------------------------------------------ hints that escalate


def _wrong_gd(x, y_true, w, b, lr):
    return w + 0.123, b


def test_a_first_wrong_try_shows_no_expected_value():
    first = E.check_gd_step(_wrong_gd)
    assert "expected" not in first.diagnosis and "which is wrong" in first.diagnosis
    assert "reveal=True" in first.diagnosis
    ref = E.check_gd_step(_wrong_gd, reveal=True)
    assert "expected" in ref.diagnosis and "reveal=True" not in ref.diagnosis


def test_expected_values_appear_from_the_third_wrong_try():
    shown = []
    for _ in range(E.REVEAL_AFTER + 1):
        shown.append("expected" in E.check_gd_step(_wrong_gd).diagnosis)
    assert shown == [False] * (E.REVEAL_AFTER - 1) + [True, True]
    E.reset_tries()
    assert "expected" not in E.check_gd_step(_wrong_gd).diagnosis


def test_tries_are_counted_per_exercise_and_a_blank_does_not_count():
    for _ in range(E.REVEAL_AFTER):
        E.check_gd_step(lambda *a: None.__class__)  # wrong, not blank
        E.check_forward_and_loss(lambda *a: None)  # blank: not a try
    assert "expected" not in E.check_forward_and_loss(lambda x, w, b, t: (x, x, x)).diagnosis


def test_every_checker_hides_then_reveals():
    z = sp.Symbol("z")
    for result in (E.check_bce_derivative(z), E.check_forward_numbers(-0.25, 0.47, 0.09584)):
        assert "expected" not in result.diagnosis
    assert "expected" in E.check_bce_derivative(z, reveal=True).diagnosis
    assert "expected" in E.check_forward_numbers(-0.25, 0.47, 0.09584, reveal=True).diagnosis


def test_a_prediction_can_be_revealed_without_predicting():
    q = E.QUESTIONS["06_decay"]
    hidden = E.check_prediction("06_decay", None, q.expected, "the numbers")
    shown = E.check_prediction("06_decay", None, q.expected, "the numbers", reveal=True)
    assert "the numbers" not in hidden.diagnosis and "Why" not in hidden.diagnosis
    assert "the numbers" in shown.diagnosis and q.why in shown.diagnosis
    assert not shown.correct and not shown.attempted


# ------------------------------------------------------------------ formatting

hostile = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-320, -1e-320, 1e308, -1e308, 5e-324, 1e-12, -1e-12]),
)
arrays = st.lists(hostile, min_size=1, max_size=4).map(np.array)
BANNED = ("factor of -0", "nan%", "inf%", " 0% of the larger")


def _clean(text):
    for bad in BANNED:
        assert bad not in text, (bad, text)
    assert not re.search(r"(?<![\de.])-0(?![.\de])", text), text  # "-0", not "-0.5"
    if "factor of -" in text:
        raise AssertionError(text)


@given(x=hostile)
def test_num_never_writes_minus_zero(x):
    text = _explain.num(x)
    assert text != "-0" and not re.fullmatch(r"-0\.?0*(e.*)?", text)
    if np.isfinite(x) and abs(x) < 1e307:
        assert np.isclose(float(text), x, rtol=1e-3, atol=0)


@given(d=hostile, s=hostile)
def test_share_is_a_sane_percentage_or_nothing(d, s):
    text = _explain.share(abs(d), abs(s))
    assert text == "" or text.endswith("%")
    assert text not in ("0%", "nan%", "inf%") and "nan" not in text and "inf" not in text


@settings(max_examples=200)
@given(mine=arrays, ref=arrays, show=st.booleans())
def test_how_far_reads_well_for_any_numbers(mine, ref, show):
    _clean(_explain.how_far(mine, ref, "x=1", "dW", show))
    _clean(_explain.how_far(mine, mine, "x=1", "dW", show))


@settings(max_examples=200)
@given(mine=arrays, ref=arrays, n=st.integers(1, 5))
def test_guess_reads_well_for_any_numbers(mine, ref, n):
    if mine.shape == ref.shape:
        with np.errstate(all="ignore"):
            twice_mine, twice_ref = mine * 2, ref * 2
        key, text = _guess.guess([mine, twice_mine], [ref, twice_ref], [n, n], "dW")
    else:
        key, text = _guess.guess([mine], [ref], [n], "dW")
    assert isinstance(key, str) and text.startswith("in dW")
    _clean(text)


@given(c=st.floats(-1e6, 1e6).filter(lambda c: abs(c) > 1e-9))
def test_a_scaled_answer_is_named_by_its_factor_or_sign(c):
    ref = np.array([0.5, -1.5, 2.0])
    key, text = _guess.guess([c * ref], [ref], [], "dW")
    _clean(text)
    if c < 0:
        assert "sign" in text
    if np.isclose(c, 1.0):
        return
    assert key != "unknown"
