"""The exercise checkers: every kept solution passes, every listed mistake is recognised.

Each mutant below is a reference solution from notebooks/solutions/ with one mistake
written the way a learner would write it. A checker must say which mistake it is (its
``mistakes`` keys), never raise, and say "not attempted yet" for an untouched blank.
"""

import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from helpers import exercises as E
from helpers import gradcheck, losses, mlp, neuron, pathologies, symbolic
from helpers.exercises import (
    nb01_forward_pass,
    nb02_chain_rule,
    nb04_multilayer_deltas,
    nb05_vectorized_batches,
    nb06_training_an_mlp,
    nb07_gradient_pathologies,
)

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"


def load(name):
    spec = importlib.util.spec_from_file_location(name, SOLUTIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S1, S2, S3, S4, S5, S6, S7 = (
    load(n)
    for n in [
        "ex01_forward_pass",
        "ex02_chain_rule",
        "ex03_gradient_descent",
        "ex04_multilayer_deltas",
        "ex05_vectorized_batches",
        "ex06_training_an_mlp",
        "ex07_gradient_pathologies",
    ]
)


def sig(t):
    return 1 / (1 + np.exp(-t))


# ------------------------------------------------------------------ every solution passes

SOLVED = {
    "01 by hand": lambda: E.check_forward_numbers(S1.z_by_hand, S1.y_by_hand, S1.L_by_hand),
    "01 forward_and_loss": lambda: E.check_forward_and_loss(S1.forward_and_loss),
    "01 prediction": lambda: E.check_prediction("01_x_zero", S1.prediction, "the same"),
    "02 bce": lambda: E.check_bce_derivative(S2.dL_dz),
    "02 dL/dx": lambda: E.check_dL_dx(S2.dL_dx),
    "02 neuron_backward": lambda: E.check_neuron_backward(S2.neuron_backward),
    "02 prediction": lambda: E.check_prediction("02_bce_vs_mse", S2.prediction, "larger"),
    "03 lr_max": lambda: E.check_lr_max(S3.lr_max),
    "03 gd_step": lambda: E.check_gd_step(S3.gd_step),
    "03 prediction": lambda: E.check_prediction("03_batch_rate", S3.prediction, "converges"),
    "04 delta1": lambda: E.check_delta1(S4.delta1_s),
    "04 two_layer_backward": lambda: E.check_two_layer_backward(S4.two_layer_backward),
    "04 prediction": lambda: E.check_prediction("04_zero_W2", S4.prediction, "dW1 and db1"),
    "05 temperature": lambda: E.check_temperature_derivative(S5.dL_dz0),
    "05 batch_backward": lambda: E.check_batch_backward(S5.batch_backward),
    "05 prediction": lambda: E.check_prediction(
        "05_duplicate_batch", S5.prediction, "stays the same"
    ),
    "06 decay factor": lambda: E.check_decay_factor(S6.factor),
    "06 sgd_step": lambda: E.check_sgd_step(S6.sgd_step),
    "06 prediction": lambda: E.check_prediction("06_decay", S6.prediction, "about 37%"),
    "07 bound": lambda: E.check_vanishing_bound(S7.bound),
    "07 centred_difference": lambda: E.check_centred_difference(S7.centred_difference),
    "07 tanh at He's scale": lambda: E.check_prediction(
        "07_tanh_he", S7.prediction_tanh, "about 1"
    ),
    "07 big h": lambda: E.check_prediction("07_big_h", S7.prediction_big_h, "tiny"),
}


@pytest.mark.parametrize("name", SOLVED)
def test_every_solution_is_correct(name):
    result = SOLVED[name]()
    assert result.correct, result.diagnosis
    assert result.attempted and result.mistakes == ()
    assert str(result).startswith("✔")


def test_solution_predictions_match_the_expected_outcomes():
    answers = {
        "01_x_zero": S1.prediction,
        "02_bce_vs_mse": S2.prediction,
        "03_batch_rate": S3.prediction,
        "04_zero_W2": S4.prediction,
        "05_duplicate_batch": S5.prediction,
        "06_decay": S6.prediction,
        "07_tanh_he": S7.prediction_tanh,
        "07_big_h": S7.prediction_big_h,
    }
    assert set(answers) == set(E.QUESTIONS)
    for key, q in E.QUESTIONS.items():
        assert q.expected in q.choices
        assert answers[key] == q.expected


# ------------------------------------------------------------------ untouched blanks


def blank_none(*args):
    return None  # your code here


def blank_raise(*args):
    raise NotImplementedError


def blank_tuple(*args):
    dL_dw = None
    dL_db = None
    return dL_dw, dL_db


FUNCTION_CHECKERS = [
    E.check_forward_and_loss,
    E.check_neuron_backward,
    E.check_gd_step,
    E.check_two_layer_backward,
    E.check_batch_backward,
    E.check_sgd_step,
    E.check_centred_difference,
]
VALUE_CHECKERS = [
    E.check_bce_derivative,
    E.check_dL_dx,
    E.check_lr_max,
    E.check_delta1,
    E.check_temperature_derivative,
    E.check_decay_factor,
    E.check_vanishing_bound,
]


@pytest.mark.parametrize("checker", FUNCTION_CHECKERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("blank", [blank_none, blank_raise, blank_tuple])
def test_blank_function_is_not_attempted(checker, blank):
    result = checker(blank)
    assert not result.correct and not result.attempted
    assert "Not attempted yet" in result.diagnosis


@pytest.mark.parametrize("checker", VALUE_CHECKERS, ids=lambda c: c.__name__)
def test_blank_answer_is_not_attempted(checker):
    result = checker(None)
    assert not result.correct and not result.attempted
    assert "Not attempted yet" in result.diagnosis


def test_blank_numbers_and_prediction_are_not_attempted():
    assert not E.check_forward_numbers(None, None, None).attempted
    result = E.check_prediction("02_bce_vs_mse", None, "larger")
    assert not result.attempted and "Not attempted yet" in result.diagnosis
    assert "Why" not in result.diagnosis


@pytest.mark.parametrize("key", list(E.QUESTIONS))
def test_measured_numbers_are_shown_only_after_a_prediction(key):
    q = E.QUESTIONS[key]
    numbers = "ratio 0.123456"
    blank = E.check_prediction(key, None, q.expected, numbers)
    assert not blank.attempted and "prediction first" in blank.diagnosis
    assert f"`{q.variable}`" in blank.diagnosis
    assert numbers not in str(blank) and q.expected not in blank.diagnosis.split("(")[0]
    unreadable = E.check_prediction(key, "no idea", q.expected, numbers)
    assert numbers not in str(unreadable)
    for guess in q.choices:
        shown = E.check_prediction(key, guess, q.expected, numbers)
        assert numbers in str(shown) and "Why:" in shown.diagnosis
        assert shown.correct == (guess == q.expected)


def test_tanh_at_he_scale_is_about_steady_as_the_explanation_says():
    profile = pathologies.delta_profile(30, "tanh", scale=np.sqrt(2))
    per_step = (profile.size[0] / profile.size[-1]) ** (1 / 29)
    assert 0.95 < per_step < 1.1  # "about 1", far from √2 and from 0.7
    assert abs(profile.fprime_rms.mean() - 0.74) < 0.03
    assert abs(np.sqrt(2) * profile.fprime_rms.mean() - 1.05) < 0.03
    for scale, factor in ((1.0, 0.92), (2.0, 1.13)):
        ratio = pathologies.first_layer_ratio([30], "tanh", scale)[0]
        assert abs(ratio ** (1 / 29) - factor) < 0.01


def test_each_prediction_has_its_own_variable_in_a_notebook():
    by_notebook = {}
    for key, q in E.QUESTIONS.items():
        by_notebook.setdefault(key[:2], []).append(q.variable)
    for names in by_notebook.values():
        assert len(names) == len(set(names)), names
    assert E.QUESTIONS["07_tanh_he"].variable == "prediction_tanh"
    assert E.QUESTIONS["07_big_h"].variable == "prediction_big_h"
    assert "careful initialisation" not in E.QUESTIONS["07_tanh_he"].why


# ------------------------------------------------------------------ mutants


def expect(result, key, *words):
    """The checker found ``key`` and said each of ``words``; it is not correct."""
    assert not result.correct and result.attempted
    assert key in result.mistakes, f"wanted {key}, got {result.mistakes}:\n{result.diagnosis}"
    for w in words:
        assert w in result.diagnosis, f"{w!r} not in:\n{result.diagnosis}"
    assert "Traceback" not in result.diagnosis


# notebook 01 -----------------------------------------------------------------------------


def fl_forgot_input(x, w, b, y_true):
    z = w + b
    y = 1 / (1 + np.exp(-z))
    return z, y, 0.5 * (y - y_true) ** 2


def fl_forgot_bias(x, w, b, y_true):
    z = w * x
    y = 1 / (1 + np.exp(-z))
    return z, y, 0.5 * (y - y_true) ** 2


def fl_no_sigmoid(x, w, b, y_true):
    z = w * x + b
    y = z
    return z, y, 0.5 * (y - y_true) ** 2


def fl_sign(x, w, b, y_true):
    z = w * x + b
    y = 1 / (1 + np.exp(z))
    return z, y, 0.5 * (y - y_true) ** 2


def fl_no_half(x, w, b, y_true):
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    return z, y, (y - y_true) ** 2


def fl_mean(x, w, b, y_true):
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    return z, y, np.mean(0.5 * (y - y_true) ** 2)


def fl_math_exp(x, w, b, y_true):
    z = w * x + b
    y = 1 / (1 + math.exp(-z))
    return z, y, 0.5 * (y - y_true) ** 2


@pytest.mark.parametrize(
    "mutant, key, words",
    [
        (fl_forgot_input, "forgot_input", ["z, y and L are wrong", "w·x"]),
        (fl_forgot_bias, "forgot_bias", ["bias"]),
        (fl_no_sigmoid, "missing_activation", ["y and L are wrong", "sigmoid"]),
        (fl_sign, "sign_error", ["minus sign"]),
        (fl_no_half, "factor_of_2", ["L is wrong", "z and y are right", "½"]),
        (fl_mean, "wrong_shape", ["one loss per example"]),
        (fl_math_exp, "raised", ["TypeError", "in the line: y = 1 / (1 + math.exp(-z))", "np.exp"]),
    ],
)
def test_forward_and_loss_mutants(mutant, key, words):
    expect(E.check_forward_and_loss(mutant), key, *words)


@pytest.mark.parametrize(
    "numbers, key",
    [
        ((-0.5, 0.3775, 0.07127), "forgot_bias"),
        ((0.75, 0.6792, 0.2306), "forgot_input"),
        ((-0.25, -0.25, 0.03125), "missing_activation"),
        ((-0.25, 0.5622, 0.158), "sign_error"),
        ((-0.25, 0.4378, 0.1917), "factor_of_2"),
    ],
)
def test_forward_numbers_mutants(numbers, key):
    expect(E.check_forward_numbers(*numbers), key)


# notebook 02 -----------------------------------------------------------------------------

z_, yt_, y_ = sp.symbols("z y_true y")  # plain symbols, as a learner might make them


def nb_(x, y, z, y_true, *, dy_dz=None, sign=1, factor=1, with_x=True, reduce=None):
    dL_dy = factor * sign * (y - y_true)
    d = y * (1 - y) if dy_dz is None else dy_dz(y)
    dL_dw, dL_db = dL_dy * d * (x if with_x else 1), dL_dy * d
    return (reduce(dL_dw), reduce(dL_db)) if reduce else (dL_dw, dL_db)


def nb_one_value(x, y, z, y_true):
    return (y - y_true) * y * (1 - y) * x


def nb_typo(x, y, z, y_true):
    dL_dy = y - y_true
    return dL_dy * dy_dz * x, dL_dy  # noqa: F821 - the learner's typo


@pytest.mark.parametrize(
    "mutant, key, words",
    [
        (
            lambda *a: nb_(*a, dy_dz=lambda y: 1),
            "missing_activation_derivative",
            ["σ(z)(1 - σ(z))"],
        ),
        (lambda *a: nb_(*a, dy_dz=lambda y: y), "wrong_activation_derivative", ["derivative"]),
        (lambda *a: nb_(*a, sign=-1), "sign_error", ["y_true - y"]),
        (lambda *a: nb_(*a, factor=2), "factor_of_2", ["½"]),
        (lambda *a: nb_(*a, with_x=False), "forgot_input", ["dL_dw is wrong", "dL_db is right"]),
        (lambda *a: nb_(*a, reduce=np.sum), "wrong_shape", ["one gradient per example"]),
        (nb_one_value, "wrong_shape", ["should return 2 values"]),
        (nb_typo, "raised", ["NameError", "dy_dz", "in the line"]),
    ],
)
def test_neuron_backward_mutants(mutant, key, words):
    expect(E.check_neuron_backward(mutant), key, *words)


def test_bce_mutants():
    s = symbolic.sigma(z_)
    expect(E.check_bce_derivative(yt_ - s), "sign_error")
    expect(E.check_bce_derivative((s - yt_) * s * (1 - s)), "extra_activation_derivative")
    dL_dy = sp.diff(-(yt_ * sp.log(y_) + (1 - yt_) * sp.log(1 - y_)), y_)
    expect(E.check_bce_derivative(dL_dy), "stopped_at_dL_dy", "dy/dz")
    expect(E.check_bce_derivative(sp.Function("f")(z_)), "unknown_symbol", "f")
    expect(E.check_bce_derivative([1, 2]), "not_an_expression")


def test_dL_dx_mutants():
    L, x, w, b = symbolic.L_expr, symbolic.x, symbolic.w, symbolic.b
    s = symbolic.sigma(w * x + b)
    expect(E.check_dL_dx(sp.diff(L, b)), "forgot_weight", "dz/dx = w")
    expect(E.check_dL_dx(sp.diff(L, w)), "wrong_factor")
    expect(E.check_dL_dx((s - symbolic.y_true) * w), "missing_activation_derivative")
    expect(E.check_dL_dx(-S2.dL_dx), "sign_error")
    expect(E.check_dL_dx(2 * S2.dL_dx), "factor_of_2")
    expect(E.check_dL_dx(sp.diff(L, x) * 3), "constant_factor", "3")


# notebook 03 -----------------------------------------------------------------------------


def gd_(x, y_true, w, b, lr, *, sign=1, factor=1, act=True, with_x=True, agg=np.mean, rate=True):
    y = 1 / (1 + np.exp(-(w * x + b)))
    delta = factor * sign * (y - y_true) * (y * (1 - y) if act else 1)
    gw = agg(delta * (x if with_x else 1))
    gb = agg(delta)
    step = lr if rate else 1
    return w - step * gw, b - step * gb


@pytest.mark.parametrize(
    "flags, key",
    [
        ({"sign": -1}, "sign_error"),
        ({"agg": np.sum}, "sum_instead_of_mean"),
        ({"act": False}, "missing_activation_derivative"),
        ({"factor": 2}, "factor_of_2"),
        ({"with_x": False}, "forgot_input"),
        ({"rate": False}, "forgot_lr"),
        ({"agg": lambda t: t}, "wrong_shape"),
    ],
)
def test_gd_step_mutants(flags, key):
    expect(E.check_gd_step(lambda *a: gd_(*a, **flags)), key)


def test_lr_max_mutants():
    x1, x2, x3 = sp.symbols("x1 x2 x3")
    total = x1**2 + x2**2 + x3**2
    expect(E.check_lr_max(2 / total), "sum_instead_of_mean", "mean")
    expect(E.check_lr_max(1 / (total / 3)), "factor_of_2")
    expect(E.check_lr_max(total / 6), "upside_down")
    expect(E.check_lr_max(2 / x1**2), "one_example")
    expect(E.check_lr_max(0.5), "unknown", "x1=0.5")
    assert E.check_lr_max(2 / ((x1**2 + x2**2 + x3**2) / 3)).correct


# notebook 04 -----------------------------------------------------------------------------


def tl_(x, y_true, W1, b1, W2, b2, **k):
    z1 = W1 @ x + b1
    a1 = np.tanh(z1)
    a2 = sig(W2 @ a1 + b2)
    delta2 = k.get("sign", 1) * k.get("factor", 1) * (a2 - y_true)
    if k.get("out_prime", True):
        delta2 = delta2 * a2 * (1 - a2)
    back = W2 @ delta2 if k.get("wrong_order") else delta2 @ W2
    slopes = {"tanh": 1 - a1**2, "a(1-a)": a1 * (1 - a1), "sigmoid": sig(z1) * (1 - sig(z1))}
    slope = slopes.get(k.get("hid_prime", "tanh"), 1)
    delta1 = back * slope
    prev2 = (W1 @ x + b1) if k.get("z_for_a") else a1
    if k.get("ones2"):
        prev2 = np.ones_like(a1)
    prev1 = np.ones_like(x) if k.get("ones1") else x
    if k.get("outer_T"):
        return np.outer(x, delta1), delta1, np.outer(a1, delta2), delta2
    if k.get("db_column"):
        return np.outer(delta1, prev1), delta1[:, None], np.outer(delta2, prev2), delta2[:, None]
    return np.outer(delta1, prev1), delta1, np.outer(delta2, prev2), delta2


@pytest.mark.parametrize(
    "flags, key, words",
    [
        ({"out_prime": False}, "missing_activation_derivative", ["δ² is missing"]),
        (
            {"hid_prime": None},
            "missing_activation_derivative",
            ["δ¹ is missing", "dW2 and db2 are right"],
        ),
        ({"hid_prime": "sigmoid"}, "wrong_activation_derivative", ["tanh"]),
        ({"hid_prime": "a(1-a)"}, "wrong_activation_derivative", ["a¹(1 - a¹)"]),
        ({"sign": -1}, "sign_error", []),
        ({"factor": 2}, "factor_of_2", []),
        ({"wrong_order": True}, "transposed_product", ["raised", "delta2 @ W2"]),
        ({"outer_T": True}, "transposed_product", ["outer(δ^l, a^(l-1))"]),
        ({"ones1": True}, "forgot_input", ["dW1 is wrong", "outer(δ¹, x)"]),
        ({"ones2": True}, "forgot_input", ["dW2 is wrong", "a¹"]),
        ({"z_for_a": True}, "used_z_not_a", []),
        ({"db_column": True}, "wrong_shape", ["(n_l,)"]),
    ],
)
def test_two_layer_backward_mutants(flags, key, words):
    expect(E.check_two_layer_backward(lambda *a: tl_(*a, **flags)), key, *words)


def test_delta1_mutants():
    d2, w2, z1, z2 = sp.symbols("delta2 w2 z1 z2")
    th1 = sp.diff(sp.tanh(z1), z1)
    expect(E.check_delta1(d2 * w2), "missing_activation_derivative")
    expect(E.check_delta1(d2 * w2 * sp.diff(symbolic.sigma(z1), z1)), "wrong_activation_derivative")
    expect(
        E.check_delta1(d2 * w2 * sp.tanh(z1) * (1 - sp.tanh(z1))),
        "wrong_activation_derivative",
        "1 - tanh(z1)²",
        "a(1 - a)",
    )
    expect(E.check_delta1(d2 * th1), "forgot_weight")
    expect(E.check_delta1(d2 * w2 * sp.diff(symbolic.sigma(z2), z2)), "wrong_layer")
    expect(E.check_delta1(-d2 * w2 * th1), "sign_error")
    assert E.check_delta1(d2 * w2 * (1 - sp.tanh(z1) ** 2)).correct


def test_delta1_messages_name_only_the_learners_symbols():
    d2, w2, z1, z2, b2, yt = sp.symbols("delta2 w2 z1 z2 b2 y_true")
    wrong = E.check_delta1(d2 * w2 * (1 - sp.tanh(z1)))
    assert not wrong.correct and "delta2=" in wrong.diagnosis and "z1=" in wrong.diagnosis
    for other in ("z2=", "b2=", "y_true="):
        assert other not in wrong.diagnosis
    chain = sp.diff(sp.Rational(1, 2) * (symbolic.sigma(w2 * sp.tanh(z1) + b2) - yt) ** 2, z1)
    expect(E.check_delta1(chain), "unknown_symbol", "b2 and y_true", "delta2")
    expect(E.check_delta1(d2 * w2 * (1 - sp.tanh(z2) ** 2)), "unknown", "after z²")
    assert "symbolic.sigma" not in E.check_delta1(chain).diagnosis
    # the notebook's own spelling with an underscore counts as the same symbol
    d_2, w_2, z_1 = sp.symbols("delta_2 w_2 z_1")
    assert E.check_delta1(d_2 * w_2 * (1 - sp.tanh(z_1) ** 2)).correct


# notebook 05 -----------------------------------------------------------------------------


def bb_(X, Y, W1, b1, W2, b2, **k):
    N = X.shape[0]
    A1 = sig(X @ W1.T + b1)
    P = losses.softmax(A1 @ W2.T + b2)
    D2 = k.get("sign", 1) * (P - Y) / (1 if k.get("sum") else N)
    if k.get("out_prime"):
        D2 = D2 * P * (1 - P)
    back = D2 @ W2.T if k.get("delta_T") else D2 @ W2
    D1 = back * (A1 * (1 - A1) if k.get("hid_prime", True) else 1)
    if k.get("dW_T"):
        return X.T @ D1, D1.sum(axis=0), A1.T @ D2, D2.sum(axis=0)
    dW1, dW2 = D1.T @ X, D2.T @ A1
    if k.get("mean_twice"):
        dW1, dW2 = dW1 / N, dW2 / N
        return dW1, D1.sum(axis=0) / N, dW2, D2.sum(axis=0) / N
    if "db_axis" in k:
        return dW1, D1.sum(axis=k["db_axis"]), dW2, D2.sum(axis=k["db_axis"])
    if k.get("no_db_sum"):
        return dW1, D1, dW2, D2
    return dW1, D1.sum(axis=0), dW2, D2.sum(axis=0)


@pytest.mark.parametrize(
    "flags, key",
    [
        ({"sum": True}, "sum_instead_of_mean"),
        ({"sign": -1}, "sign_error"),
        ({"hid_prime": False}, "missing_activation_derivative"),
        ({"out_prime": True}, "extra_activation_derivative"),
        ({"dW_T": True}, "transposed_product"),
        ({"delta_T": True}, "transposed_product"),
        ({"no_db_sum": True}, "wrong_shape"),
        ({"db_axis": 1}, "wrong_shape"),
        ({"mean_twice": True}, "mean_twice"),
    ],
)
def test_batch_backward_mutants(flags, key):
    expect(E.check_batch_backward(lambda *a: bb_(*a, **flags)), key)


def test_batch_backward_forgot_input():
    def forgot_A(X, Y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = S5.batch_backward(X, Y, W1, b1, W2, b2)
        N = X.shape[0]
        A1 = sig(X @ W1.T + b1)
        D2 = (losses.softmax(A1 @ W2.T + b2) - Y) / N
        return dW1, db1, D2.T @ np.ones_like(A1), db2

    expect(E.check_batch_backward(forgot_A), "forgot_input", "dW2 is wrong")


def test_temperature_mutants():
    zs, ts, T = sp.symbols("z0:3"), sp.symbols("y_true0:3"), sp.Symbol("T")
    p1 = sp.exp(zs[0] / T) / sum(sp.exp(z / T) for z in zs)
    s1 = sp.exp(zs[0]) / sum(sp.exp(z) for z in zs)
    expect(E.check_temperature_derivative(p1 - ts[0]), "forgot_inner_factor", "1/T")
    expect(E.check_temperature_derivative((p1 - ts[0]) * T), "wrong_inner_factor")
    expect(E.check_temperature_derivative((ts[0] - p1) / T), "sign_error")
    expect(E.check_temperature_derivative(s1 - ts[0]), "forgot_temperature")
    expect(
        E.check_temperature_derivative((p1 - ts[0]) * p1 * (1 - p1) / T),
        "extra_activation_derivative",
    )
    assert E.check_temperature_derivative((p1 - ts[0]) / T).correct


def test_temperature_is_zero_based():
    z, t, T = sp.symbols("z_0:3"), sp.symbols("y_true0:3"), sp.Symbol("T")
    p0 = sp.exp(z[0] / T) / sum(sp.exp(zk / T) for zk in z)
    assert E.check_temperature_derivative((p0 - t[0]) / T).correct  # z_0 as in the notebook
    z3 = sp.Symbol("z3")
    expect(E.check_temperature_derivative(z3 + t[0]), "unknown_symbol", "z3", "z0, z1, z2")
    result = E.check_temperature_derivative(sp.exp(z[1]) - t[0])
    assert "z0=" in result.diagnosis and "z3" not in result.diagnosis


# notebook 06 -----------------------------------------------------------------------------


def sgd_(params, grads, lr, lam, **k):
    out = []
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        gW = dW + k.get("dsign", 1) * k.get("decay", 1) * lam * W
        gb = db + (lam * b if k.get("bias") else 0)
        step = lr if k.get("rate", True) else 1
        out.append((W - k.get("sign", 1) * step * gW, b - k.get("sign", 1) * step * gb))
    return out


def sgd_in_place(params, grads, lr, lam):
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        W -= lr * (dW + lam * W)
        b -= lr * db
    return params


def sgd_two_layers_only(params, grads, lr, lam):
    (W1, b1), (W2, b2) = params
    (dW1, db1), (dW2, db2) = grads
    return [
        (W1 - lr * (dW1 + lam * W1), b1 - lr * db1),
        (W2 - lr * (dW2 + lam * W2), b2 - lr * db2),
    ]


@pytest.mark.parametrize(
    "mutant, key",
    [
        (lambda *a: sgd_(*a, sign=-1), "sign_error"),
        (lambda *a: sgd_(*a, dsign=-1), "sign_error"),
        (lambda *a: sgd_(*a, decay=2), "factor_of_2"),
        (lambda *a: sgd_(*a, bias=True), "regularised_bias"),
        (lambda *a: sgd_(*a, rate=False), "forgot_lr"),
        (lambda *a: sgd_(*a, decay=0), "forgot_weight_decay"),
        (sgd_in_place, "in_place"),
        (sgd_two_layers_only, "raised"),
        (lambda p, g, lr, lam: p[0], "wrong_shape"),
    ],
)
def test_sgd_step_mutants(mutant, key):
    expect(E.check_sgd_step(mutant), key)


def test_in_place_is_reported_even_with_right_values():
    result = E.check_sgd_step(sgd_in_place)
    assert "values are right" in result.diagnosis and "in place" in result.diagnosis


def test_decay_factor_mutants():
    eta, lam = sp.symbols("eta lam")
    expect(E.check_decay_factor(1 - 2 * eta * lam), "factor_of_2", "(λ/2)")
    expect(E.check_decay_factor(1 + eta * lam), "sign_error")
    expect(E.check_decay_factor(1 - lam), "forgot_lr")
    expect(E.check_decay_factor(eta * lam), "decrement_not_factor")
    expect(E.check_decay_factor(0.99), "unknown", "eta=0.1", "plain number")
    W = sp.Symbol("W", positive=True)
    with_W = E.check_decay_factor(W - eta * lam * W)
    expect(with_W, "unknown_symbol", "uses W", "W_next / W")
    assert "sigma" not in with_W.diagnosis


def test_correct_derivations_read_well():
    eta, lam = sp.symbols("eta lam")
    w, L = sp.symbols("w L")
    for result in (
        E.check_decay_factor(1 - eta * lam),
        E.check_vanishing_bound((w / 4) ** (L - 1)),
    ):
        assert result.correct and "your the" not in result.diagnosis
        assert result.diagnosis.startswith("Correct: your answer for the ")


def test_sigma_hint_only_where_sigma_belongs():
    z = sp.Symbol("z")
    result = E.check_bce_derivative(sp.Function("sigma")(z) - sp.Symbol("y_true"))
    expect(result, "unknown_symbol", "symbolic.sigma(z)")
    assert "symbolic.sigma" not in E.check_vanishing_bound(sp.Symbol("W")).diagnosis


# notebook 07 -----------------------------------------------------------------------------


def cd_(f, x, h=1e-5, **k):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        if k.get("all"):
            xp, xm = x + h, x - h
        else:
            xp[i] += h
            xm[i] -= h
        if k.get("forward"):
            grad[i] = (f(xp) - f(x)) / h
        elif k.get("half"):
            grad[i] = (f(xp) - f(xm)) / h
        elif k.get("flip"):
            grad[i] = (f(xm) - f(xp)) / (2 * h)
        else:
            grad[i] = (f(xp) - f(xm)) / (2 * h)
    return grad.ravel() if k.get("flat") else grad


def cd_no_restore(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        grad[i] = (up - f(x)) / (2 * h)
    return grad


@pytest.mark.parametrize(
    "mutant, key",
    [
        (lambda *a: cd_(*a, forward=True), "forward_difference"),
        (lambda *a: cd_(*a, half=True), "factor_of_2"),
        (lambda *a: cd_(*a, flip=True), "sign_error"),
        (lambda *a: cd_(*a, all=True), "perturbed_all"),
        (lambda *a: cd_(*a, flat=True), "wrong_shape"),
        (cd_no_restore, "in_place"),
    ],
)
def test_centred_difference_mutants(mutant, key):
    expect(E.check_centred_difference(mutant), key)


def test_vanishing_bound_mutants():
    w, L = sp.symbols("w L")
    expect(E.check_vanishing_bound((w / 4) ** L), "off_by_one", "L - 1")
    expect(E.check_vanishing_bound((w / 2) ** (L - 1)), "activation_not_derivative", "σ(0)")
    expect(E.check_vanishing_bound(sp.Rational(1, 4) ** (L - 1)), "forgot_weight")
    expect(E.check_vanishing_bound(w ** (L - 1) / 4), "one_factor")
    assert E.check_vanishing_bound((w * sp.Rational(1, 4)) ** (L - 1)).correct


def test_wrong_prediction_explains_and_unreadable_asks_again():
    wrong = E.check_prediction("04_zero_W2", "all four", "dW1 and db1")
    assert not wrong.correct and "Why:" in wrong.diagnosis
    odd = E.check_prediction("04_zero_W2", "maybe", "dW1 and db1")
    assert odd.mistakes == ("unreadable",) and "'none'" in odd.diagnosis


# ------------------------------------------------------------------ the mutants' references


def test_internal_references_agree_with_helpers(rng):
    for case in nb01_forward_pass._FORWARD_CASES:
        y, z = neuron.forward(case["x"], case["w"], case["b"])
        z2, y2, L2 = nb01_forward_pass._forward(**case)
        np.testing.assert_allclose([z2, y2, L2], [z, y, neuron.loss(y, case["y_true"])], rtol=1e-14)
    for case in nb02_chain_rule._BACKWARD_CASES:
        np.testing.assert_allclose(
            nb02_chain_rule._backward(**case), neuron.backward(**case), rtol=1e-13
        )
        np.testing.assert_allclose(
            nb02_chain_rule._backward_reference(**case), neuron.backward(**case), rtol=1e-12
        )
    for case in nb04_multilayer_deltas._TWO_LAYER_CASES:
        np.testing.assert_allclose(
            np.concatenate([g.ravel() for g in nb04_multilayer_deltas._two_layer(**case)]),
            np.concatenate(
                [g.ravel() for g in nb04_multilayer_deltas._two_layer_reference(**case)]
            ),
            rtol=1e-12,
        )
    for case in nb05_vectorized_batches._BATCH_CASES:
        mine = nb05_vectorized_batches._batch(**case)
        ref = nb05_vectorized_batches._batch_reference(**case)
        for a, b in zip(mine, ref, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    for case in nb06_training_an_mlp._SGD_CASES:
        for (W, b), (W2, b2) in zip(
            nb06_training_an_mlp._sgd(**case),
            nb06_training_an_mlp._sgd_reference(**case),
            strict=True,
        ):
            np.testing.assert_allclose(W, W2, rtol=1e-14)
            np.testing.assert_allclose(b, b2, rtol=1e-14)


def test_batch_reference_matches_finite_differences():
    case = nb05_vectorized_batches._BATCH_CASES[0]
    params = [(case["W1"], case["b1"]), (case["W2"], case["b2"])]
    dW1 = nb05_vectorized_batches._batch_reference(**case)[0]

    def loss(W1):
        return mlp.batch_loss(
            [(W1, case["b1"]), params[1]],
            case["X"],
            case["Y"],
            hidden="sigmoid",
            output="softmax",
            loss="cross_entropy",
        )

    assert gradcheck.agree(gradcheck.numerical_gradient(loss, case["W1"]), dW1, 1e-6, 1e-10)


def test_centred_reference_is_close_to_the_true_gradient():
    x = np.array([0.5, -1.2, 2.0])
    exact = 3 * x**2 - 2
    assert np.allclose(
        gradcheck.numerical_gradient(nb07_gradient_pathologies._cube, x, 1e-3), exact, rtol=1e-5
    )


# ------------------------------------------------------------------ properties

junk = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.lists(st.floats(-10, 10), max_size=4),
    st.tuples(st.integers(), st.none()),
    st.tuples(st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1), st.floats(-1, 1)),
    st.builds(lambda n: np.ones(n), st.integers(0, 5)),
    st.builds(lambda: {"a": 1}),
)


@given(value=junk)
def test_checkers_never_raise_on_any_return_value(value):
    for checker in FUNCTION_CHECKERS:
        result = checker(lambda *args, v=value: v)
        assert isinstance(result.diagnosis, str) and result.diagnosis
        assert not result.correct


@given(value=junk)
def test_value_checkers_never_raise(value):
    for checker in VALUE_CHECKERS:
        result = checker(value)
        assert isinstance(result.diagnosis, str) and not result.correct


@given(
    exc=st.sampled_from(
        [
            ValueError,
            TypeError,
            ZeroDivisionError,
            IndexError,
            KeyError,
            AttributeError,
            RecursionError,
            AssertionError,
        ]
    )
)
def test_exceptions_in_learner_code_are_explained(exc):
    def broken(*args):
        raise exc("boom")

    for checker in FUNCTION_CHECKERS:
        result = checker(broken)
        assert not result.correct and exc.__name__ in result.diagnosis


@given(c=st.floats(3.0, 50.0) | st.floats(-50.0, -3.0))
def test_a_constant_factor_is_named(c):
    def scaled(x, y, z, y_true):
        dL_dw, dL_db = S2.neuron_backward(x, y, z, y_true)
        return c * dL_dw, dL_db

    result = E.check_neuron_backward(scaled)
    if c > 0:
        assert result.mistakes == ("constant_factor",)
        assert f"{c:.4g}" in result.diagnosis
    else:  # a negative factor is named as a sign, never as "a constant factor of -3"
        assert result.mistakes == ("sign_error",)
        assert f"{-c:.4g}" in result.diagnosis and "sign" in result.diagnosis
        assert "factor of -" not in result.diagnosis


@given(answer=st.sampled_from(["Larger", "  larger ", "LARGER"]))
def test_predictions_ignore_case_and_spaces(answer):
    assert E.check_prediction("02_bce_vs_mse", answer, "larger").correct


def test_results_display_deterministically():
    r1 = E.check_two_layer_backward(lambda *a: tl_(*a, hid_prime=False))
    r2 = E.check_two_layer_backward(lambda *a: tl_(*a, hid_prime=False))
    assert str(r1) == str(r2) and "0x" not in str(r1)
    from IPython.lib.pretty import pretty

    assert pretty(r1) == str(r1)
