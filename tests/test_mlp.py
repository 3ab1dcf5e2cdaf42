"""helpers.mlp: shapes, the delta rule against centred finite differences, stability, bad input."""

import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import gradcheck, losses, mlp
from helpers.activations import ACTIVATIONS, sigmoid

# ------------------------------------------------------------------ helpers for the tests


def targets(rng, loss, shape):
    """Y of ``shape`` that ``loss`` accepts: one-hot rows, values in [0, 1], or any reals."""
    n, k = shape
    if loss == "cross_entropy":
        return np.eye(k)[rng.integers(0, k, size=n)]
    if loss == "bce":
        return rng.uniform(size=shape)
    return rng.normal(size=shape)


def random_net(rng, sizes, n, hidden, loss, bias=0.5):
    """Params (with random biases), X and Y for a network of ``sizes`` and a batch of ``n``."""
    params = [(W, bias * rng.normal(size=b.shape)) for W, b in mlp.init_params(sizes, seed=0)]
    params = [(W + 0.3 * rng.normal(size=W.shape), b) for W, b in params]
    X = rng.normal(size=(n, sizes[0]))
    if hidden == "relu":  # keep every hidden Z^l at least 1e-2 from relu's kink at 0
        params = push_away_from_kinks(params, X)
    return params, X, targets(rng, loss, (n, sizes[-1]))


def push_away_from_kinks(params, X, gap=1e-2):
    """Shift hidden biases so that no hidden pre-activation lies within ``gap`` of 0."""
    A, out = X, []
    for layer, (W, b) in enumerate(params, start=1):
        Z = A @ W.T + b
        if layer < len(params):
            near = np.abs(Z) < gap
            b = b + np.where(near.any(axis=0), 2 * gap, 0.0)  # moves those columns by 2 gap
            Z = A @ W.T + b
            while np.any(np.abs(Z) < gap):  # rare: a shift landed another entry near 0
                b = b + 2 * gap * (np.abs(Z) < gap).any(axis=0)
                Z = A @ W.T + b
            A = np.maximum(Z, 0.0)
        out.append((W, b))
    return out


def fd_check(params, X, Y, hidden, output, loss, rtol=1e-6):
    """Assert backward agrees with centred differences; return (worst rel error, margin).

    Agreement means |a - b| <= rtol max(|a|, |b|) + noise, where noise is the finite
    difference's rounding noise (see helpers.gradcheck). The relative error is reported only
    where the gradient exceeds 1e6 times that noise, so noise alone cannot push it past 1e-6;
    the margin is the largest |a - b| / (rtol max(|a|, |b|) + noise), which must stay <= 1.
    """
    _, grads = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    numeric, noise = gradcheck.numerical_gradient_params(
        lambda p: mlp.batch_loss(p, X, Y, hidden, output, loss), params
    )
    worst, margin = 0.0, 0.0
    for layer, (g, fd, nz) in enumerate(zip(grads, numeric, noise, strict=True), start=1):
        for name, a, b, atol in zip("Wb", g, fd, nz, strict=True):
            assert gradcheck.agree(a, b, rtol, atol), (
                f"dL/d{name}^{layer}: backward {a} vs finite differences {b} "
                f"(rel error {gradcheck.rel_error(a, b):.1e}, noise {np.max(atol):.1e})"
            )
            allowed = rtol * np.maximum(np.abs(a), np.abs(b)) + atol
            ratio = np.divide(np.abs(a - b), allowed, out=np.zeros_like(a), where=allowed > 0)
            margin = max(margin, float(np.max(ratio, initial=0.0)))
            resolved = np.abs(b) > 1e6 * atol
            if np.any(resolved):
                worst = max(worst, gradcheck.rel_error(a[resolved], b[resolved]))
    return worst, margin


# ------------------------------------------------------------------ shapes and basics


def test_init_params_shapes_and_seed():
    params = mlp.init_params([3, 5, 2], seed=7)
    assert [(W.shape, b.shape) for W, b in params] == [((5, 3), (5,)), ((2, 5), (2,))]
    assert all(W.dtype == np.float64 and b.dtype == np.float64 for W, b in params)
    again = mlp.init_params([3, 5, 2], seed=7)
    assert all(np.array_equal(W, W2) for (W, _), (W2, _) in zip(params, again, strict=True))
    other = mlp.init_params([3, 5, 2], seed=8)
    assert not np.array_equal(params[0][0], other[0][0])
    assert all(np.all(b == 0) for _, b in params)


def test_init_params_scales_by_fan_in():
    W = mlp.init_params([400, 300], seed=0)[0][0]
    assert np.std(W) == pytest.approx(1 / np.sqrt(400), rel=0.02)
    W2 = mlp.init_params([400, 300], seed=0, scale=3.0)[0][0]
    np.testing.assert_allclose(W2, 3 * W)


def test_forward_matches_a_loop_over_examples_and_units(rng):
    params, X, _ = random_net(rng, [3, 4, 2], 5, "tanh", "mse")
    out, cache = mlp.forward(params, X, hidden="tanh", output="sigmoid")
    assert out.shape == (5, 2) and len(cache.A) == 3 and len(cache.Z) == 2
    (W1, b1), (W2, b2) = params
    for n in range(5):
        a1 = [np.tanh(sum(W1[i, j] * X[n, j] for j in range(3)) + b1[i]) for i in range(4)]
        a2 = [sigmoid(sum(W2[k, i] * a1[i] for i in range(4)) + b2[k]) for k in range(2)]
        np.testing.assert_allclose(out[n], a2, rtol=1e-14)


def test_forward_does_not_change_its_inputs(rng):
    params, X, Y = random_net(rng, [2, 3, 1], 4, "sigmoid", "mse")
    copies = [(W.copy(), b.copy()) for W, b in params], X.copy(), Y.copy()
    mlp.loss_and_grads(params, X, Y)
    mlp.update(params, mlp.loss_and_grads(params, X, Y)[1], lr=0.5)
    assert all(np.array_equal(W, W0) for (W, _), (W0, _) in zip(params, copies[0], strict=True))
    assert np.array_equal(X, copies[1]) and np.array_equal(Y, copies[2])


def test_seed_worked_example_as_a_one_layer_network():
    """The seed's neuron (x = 0.5, w = 0.2, b = 0.1, y_true = 1) is a 1-1 network."""
    params = [(np.array([[0.2]]), np.array([0.1]))]
    loss, [(dW, db)] = mlp.loss_and_grads(params, [[0.5]], [[1.0]])
    y = sigmoid(0.2)
    assert loss == pytest.approx(0.5 * (y - 1) ** 2, rel=1e-15)
    assert dW[0, 0] == pytest.approx((y - 1) * y * (1 - y) * 0.5, rel=1e-14)
    assert db[0] == pytest.approx((y - 1) * y * (1 - y), rel=1e-14)


def test_batch_gradient_is_the_mean_of_per_example_gradients(rng):
    params, X, Y = random_net(rng, [3, 4, 3], 6, "sigmoid", "cross_entropy")
    _, grads = mlp.loss_and_grads(params, X, Y, output="softmax", loss="cross_entropy")
    per_example = [
        mlp.loss_and_grads(
            params, X[n : n + 1], Y[n : n + 1], output="softmax", loss="cross_entropy"
        )[1]
        for n in range(6)
    ]
    for layer, (dW, db) in enumerate(grads):
        np.testing.assert_allclose(
            dW, np.mean([g[layer][0] for g in per_example], axis=0), rtol=1e-12
        )
        np.testing.assert_allclose(
            db, np.mean([g[layer][1] for g in per_example], axis=0), rtol=1e-12
        )


def test_deltas_follow_the_recursion(rng):
    params, X, Y = random_net(rng, [2, 3, 4, 2], 3, "tanh", "mse")
    _, cache = mlp.forward(params, X, hidden="tanh", output="identity")
    deltas, grads = mlp.deltas_and_grads(params, cache, Y, loss="mse")
    assert [d.shape for d in deltas] == [(3, 3), (3, 4), (3, 2)]
    np.testing.assert_allclose(deltas[2], (cache.A[3] - Y) / 3)  # identity output: f' = 1
    for layer in (1, 2):  # delta^l = (delta^(l+1) W^(l+1)) * f'(Z^l), f = tanh
        expected = (deltas[layer] @ params[layer][0]) * (1 - np.tanh(cache.Z[layer - 1]) ** 2)
        np.testing.assert_allclose(deltas[layer - 1], expected, rtol=1e-12)
    again = mlp.backward(params, cache, Y, loss="mse")
    for (dW, db), (dW2, db2) in zip(grads, again, strict=True):
        assert np.array_equal(dW, dW2) and np.array_equal(db, db2)


def test_predict_and_update(rng):
    params = [(np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2))]
    labels = mlp.predict(params, [[3.0, 1.0], [0.0, 2.0]], output="softmax")
    assert labels.tolist() == [0, 1]
    one = [(np.array([[1.0]]), np.zeros(1))]
    assert mlp.predict(one, [[-1.0], [2.0]]).tolist() == [0, 1]
    new = mlp.update(params, [(np.ones((2, 2)), np.ones(2))], lr=0.5)
    np.testing.assert_allclose(new[0][0], params[0][0] - 0.5)


def test_gradient_descent_lowers_the_loss(rng):
    params, X, Y = random_net(rng, [2, 4, 1], 8, "tanh", "bce")
    Y = (Y > 0.5).astype(float)
    first, _ = mlp.loss_and_grads(params, X, Y, "tanh", "sigmoid", "bce")
    for _ in range(50):
        loss, grads = mlp.loss_and_grads(params, X, Y, "tanh", "sigmoid", "bce")
        params = mlp.update(params, grads, lr=0.5)
    assert loss < first


# ------------------------------------------------------------------ finite differences


@pytest.mark.parametrize("hidden", mlp.HIDDEN)
@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_backward_matches_finite_differences(rng, hidden, output, loss):
    params, X, Y = random_net(rng, [3, 4, 3, 2], 5, hidden, loss)
    fd_check(params, X, Y, hidden, output, loss)


WORST = {}  # (largest relative error, largest margin) per (hidden, output, loss)


@settings(max_examples=400)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5),  # 1 to 4 layers
    n=st.integers(1, 8),
    hidden=st.sampled_from(mlp.HIDDEN),
    pair=st.sampled_from(losses.PAIRS),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_backward_matches_finite_differences(sizes, n, hidden, pair, seed):
    output, loss = pair
    params, X, Y = random_net(np.random.default_rng(seed), sizes, n, hidden, loss)
    worst, margin = fd_check(params, X, Y, hidden, output, loss, rtol=1e-6)
    old = WORST.get((hidden, output, loss), (0.0, 0.0))
    WORST[hidden, output, loss] = (max(old[0], worst), max(old[1], margin))


def test_report_worst_finite_difference_error():
    """Prints (with pytest -s) the largest relative errors the property test above saw."""
    print("\nbackward vs centred differences (h = 1e-5), property test:")
    for key, (worst, margin) in sorted(WORST.items()):
        print(f"{'/'.join(key):>30}: largest relative error {worst:.1e}, margin {margin:.2f}")
    # every (hidden, output, loss) combination was measured: the report is not vacuous
    assert len(WORST) == len(mlp.HIDDEN) * len(losses.PAIRS), "run the whole file"
    assert all(worst <= 1e-6 and margin <= 1 for worst, margin in WORST.values())


# ------------------------------------------------------------------ stability


@pytest.mark.parametrize("output, loss", losses.PAIRS)
@pytest.mark.parametrize("hidden", mlp.HIDDEN)
def test_huge_logits_give_no_warning_or_nan(hidden, output, loss):
    params = [
        (np.array([[1.0], [1.0]]), np.zeros(2)),
        (np.array([[1e4, 0.0], [-1e4, 0.0]]), np.zeros(2)),
    ]
    X = np.array([[1.0], [-1.0], [0.5]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    loss_value, grads = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    assert np.isfinite(loss_value)
    assert all(np.all(np.isfinite(a)) for pair in grads for a in pair)
    if loss in ("bce", "cross_entropy"):
        assert loss_value > 1000  # confidently wrong: a large loss, not a rounded-off 0 or inf


# ------------------------------------------------------------------ bad input


PARAMS = mlp.init_params([2, 3, 1], seed=0)


@pytest.mark.parametrize(
    "sizes, error, words",
    [
        ([3], ValueError, "at least two"),
        ([], ValueError, "at least two"),
        ([2, 0, 1], ValueError, r"layer_sizes\[1\].*at least 1, got 0"),
        ([2, -1], ValueError, "at least 1"),
        ([2, 2.5], TypeError, "integer"),
        (5, TypeError, "list of widths"),
        ("21", TypeError, "list of widths"),
    ],
)
def test_bad_layer_sizes(sizes, error, words):
    with pytest.raises(error, match=words):
        mlp.init_params(sizes)


@pytest.mark.parametrize(
    "X, error, words",
    [
        (np.ones(2), ValueError, r"2-D.*\(2,\).*reshape"),
        (np.ones((1, 1, 2)), ValueError, "2-D"),
        (np.ones((4, 3)), ValueError, r"\(4, 3\).*\(3, 2\).*2 columns"),
        (np.ones((0, 2)), ValueError, "at least one example"),
        (np.array([[1.0, np.nan]]), ValueError, r"X must be finite, got NaN at index \(0, 1\)"),
        (np.array([[np.inf, 1.0]]), ValueError, "X must be finite, got an infinite value"),
        ([["a", "b"]], TypeError, "X must"),
    ],
)
def test_bad_X(X, error, words):
    with pytest.raises(error, match=words):
        mlp.forward(PARAMS, X)


@pytest.mark.parametrize(
    "Y, loss, output, words",
    [
        (np.ones(3), "mse", "sigmoid", r"Y must have the output's shape.*\(3, 1\).*\(3,\)"),
        (np.ones((3, 2)), "mse", "sigmoid", r"\(3, 1\).*\(3, 2\)"),
        (np.array([[0.0], [np.nan], [1.0]]), "mse", "sigmoid", "Y must be finite, got NaN"),
        (np.array([[0.0], [1.5], [1.0]]), "bce", "sigmoid", r"\[0, 1\].*1\.5"),
        (np.array([[0.5], [1.0], [1.0]]), "cross_entropy", "softmax", r"row 0.*sum 0\.5"),
        (np.array([[-1.0], [1.0], [1.0]]), "cross_entropy", "softmax", "probability distribution"),
    ],
)
def test_bad_Y(Y, loss, output, words):
    with pytest.raises(ValueError, match=words):
        mlp.loss_and_grads(PARAMS, np.ones((3, 2)), Y, output=output, loss=loss)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"hidden": "softmax"}, ValueError, r"hidden must be one of .*'softmax'"),
        ({"hidden": "swish"}, ValueError, "hidden must be one of"),
        ({"hidden": None}, TypeError, "hidden must be one of"),
        ({"output": "relu"}, ValueError, "output must be one of"),
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"output": "softmax", "loss": "mse"}, ValueError, r"\(output, loss\) must be one of"),
        ({"output": "identity", "loss": "bce"}, ValueError, r"\('identity', 'bce'\)"),
        ({"output": "sigmoid", "loss": "cross_entropy"}, ValueError, "must be one of"),
    ],
)
def test_bad_names(kwargs, error, words):
    with pytest.raises(error, match=words):
        mlp.loss_and_grads(PARAMS, np.ones((3, 2)), np.zeros((3, 1)), **kwargs)


@pytest.mark.parametrize(
    "params, error, words",
    [
        ([], TypeError, "non-empty list"),
        (
            [(np.ones((3, 2)), np.zeros(3)), (np.ones((1, 4)), np.zeros(1))],
            ValueError,
            r"layer 2\).*\(1, 4\).*layer 1 has 3 units.*\(1, 3\)",
        ),
        ([(np.ones((3, 2)), np.zeros(2))], ValueError, r"layer 1\).*b must have shape \(3,\)"),
        ([(np.ones(3), np.zeros(3))], ValueError, r"layer 1\).*W must be 2-D"),
        ([(np.ones((3, 2)),)], TypeError, r"layer 1\) must be a pair"),
        ([(np.full((3, 2), np.nan), np.zeros(3))], ValueError, r"layer 1\) W must be finite"),
    ],
)
def test_bad_params(params, error, words):
    with pytest.raises(error, match=words):
        mlp.forward(params, np.ones((1, 2)))


def test_backward_refuses_a_foreign_cache():
    with pytest.raises(TypeError, match="cache must be the Cache"):
        mlp.backward(PARAMS, {"A": []}, np.zeros((1, 1)))
    _, cache = mlp.forward(PARAMS, np.ones((1, 2)))
    with pytest.raises(ValueError, match="2-layer network but params has 1"):
        mlp.backward(PARAMS[:1], cache, np.zeros((1, 1)))


# ------------------------------------------------------------------ one check, the same numbers


@pytest.mark.parametrize("hidden", mlp.HIDDEN)
@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_loss_and_grads_equals_the_separate_calls(rng, hidden, output, loss):
    """loss_and_grads checks once and skips the separate checks: the numbers stay the same."""
    params, X, Y = random_net(rng, [3, 4, 3, 2], 5, hidden, loss)
    value, grads = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    _, cache = mlp.forward(params, X, hidden, output)
    assert value == mlp.batch_loss(params, X, Y, hidden, output, loss)
    assert value == losses.batch_loss(cache.Z[-1], Y, output, loss)
    for (dW, db), (dW2, db2) in zip(grads, mlp.backward(params, cache, Y, loss), strict=True):
        assert np.array_equal(dW, dW2) and np.array_equal(db, db2)


@pytest.mark.parametrize("hidden", mlp.HIDDEN)
@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_deltas_use_the_textbook_formulas(rng, hidden, output, loss):
    """delta^L from the cached A^L is losses.output_delta; relu's mask is relu_prime."""
    params, X, Y = random_net(rng, [3, 4, 3, 2], 5, hidden, loss)
    _, cache = mlp.forward(params, X, hidden, output)
    deltas, _ = mlp.deltas_and_grads(params, cache, Y, loss)
    expected = losses.output_delta(cache.Z[-1], Y, output, loss)
    np.testing.assert_allclose(deltas[-1], expected, rtol=1e-14, atol=0)
    f_prime = ACTIVATIONS[hidden][1]
    for layer in (1, 2):  # delta^l = (delta^(l+1) W^(l+1)) * f'(Z^l), with the float f'
        np.testing.assert_array_equal(
            deltas[layer - 1], (deltas[layer] @ params[layer][0]) * f_prime(cache.Z[layer - 1])
        )


def test_arrays_are_never_changed_and_results_never_alias_them(rng):
    params, X, Y = random_net(rng, [3, 4, 2], 5, "relu", "cross_entropy")
    for array in [X, Y, *(a for pair in params for a in pair)]:
        array.flags.writeable = False  # writing into any of them would raise
    value, grads = mlp.loss_and_grads(params, X, Y, "relu", "softmax", "cross_entropy")
    new = mlp.update(params, grads, lr=0.5)
    inputs = [X, Y, *(a for pair in params for a in pair)]
    outputs = [a for pair in [*grads, *new] for a in pair]
    assert not any(np.shares_memory(a, b) for a in inputs for b in outputs)
    assert np.isfinite(value)


def test_the_no_copy_fast_path_still_checks_everything():
    """A finite float64 C-order X is used as it is; anything else is checked and copied."""
    X = np.array([[0.5, -0.25], [1.0, 2.0]])  # exact in float32 too
    _, cache = mlp.forward(PARAMS, X)
    assert cache.A[0] is X  # no copy (nothing in mlp writes into it)
    for other in (np.asfortranarray(X), X.astype(np.float32), X.tolist()):
        _, cache = mlp.forward(PARAMS, other)
        assert cache.A[0] is not other and cache.A[0].flags.c_contiguous
        assert np.array_equal(cache.A[0], X)
    for bad in (np.nan, np.inf):
        X_bad = X.copy()
        X_bad[1, 1] = bad
        with pytest.raises(ValueError, match=r"X must be finite.* at index \(1, 1\)"):
            mlp.loss_and_grads(PARAMS, X_bad, np.zeros((2, 1)))


@pytest.mark.parametrize(
    "kind",
    ["read-only", "non-contiguous", "Fortran order", "float32-exact", "int", "list"],
)
def test_any_layout_or_kind_of_real_X_gives_the_same_numbers(rng, kind):
    params, _, Y = random_net(rng, [3, 4, 2], 6, "tanh", "cross_entropy")
    X = rng.integers(-3, 4, size=(6, 3)).astype(np.float64)  # exact in float32 and int
    variants = {
        "read-only": np.array(X),
        "non-contiguous": np.repeat(X, 2, axis=1)[:, ::2],
        "Fortran order": np.asfortranarray(X),
        "float32-exact": X.astype(np.float32),
        "int": X.astype(np.int64),
        "list": X.tolist(),
    }
    variants["read-only"].flags.writeable = False
    expected = mlp.loss_and_grads(params, X, Y, "tanh", "softmax", "cross_entropy")
    got = mlp.loss_and_grads(params, variants[kind], Y, "tanh", "softmax", "cross_entropy")
    assert got[0] == expected[0]
    for (dW, db), (dW2, db2) in zip(got[1], expected[1], strict=True):
        assert np.array_equal(dW, dW2) and np.array_equal(db, db2)


# ------------------------------------------------------------------ hostile values


PAIR_ARGS = {"hidden": "sigmoid", "output": "softmax", "loss": "cross_entropy"}
X3 = np.array([[0.5, -0.3], [1.0, 0.2], [-0.7, 0.9]])
Y3 = np.array([[1.0], [0.0], [1.0]])


def poisoned(params, layer, which, bad):
    """A copy of params with entry [0] of W (which=0) or b (which=1) of ``layer`` set to bad."""
    out = [(W.copy(), b.copy()) for W, b in params]
    out[layer][which].flat[0] = bad
    return out


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("layer, which", [(0, 0), (0, 1), (1, 0), (1, 1)])
def test_a_non_finite_parameter_is_refused_by_every_function(layer, which, bad):
    bad_params = poisoned(PARAMS, layer, which, bad)
    where = rf"params\[{layer}\] \(layer {layer + 1}\) {'Wb'[which]} must be finite"
    _, cache = mlp.forward(PARAMS, X3)
    calls = [
        lambda: mlp.forward(bad_params, X3),
        lambda: mlp.predict(bad_params, X3),
        lambda: mlp.loss_and_grads(bad_params, X3, Y3),
        lambda: mlp.batch_loss(bad_params, X3, Y3),
        lambda: mlp.backward(bad_params, cache, Y3),
        lambda: mlp.update(bad_params, PARAMS),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=where):
            call()
    with pytest.raises(ValueError, match=where.replace("params", "grads")):
        mlp.update(PARAMS, bad_params)


BIG = [(np.full((3, 2), 2.0), np.zeros(3)), (np.full((1, 3), 2.0), np.zeros(1))]
HUGE = np.full((3, 2), 1e308)  # finite, but 2 * 1e308 + 2 * 1e308 is not


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: mlp.forward(BIG, HUGE), "params and X are too large"),
        (lambda: mlp.loss_and_grads(BIG, HUGE, Y3), "params, X and Y are too large"),
        (lambda: mlp.batch_loss(BIG, -HUGE, Y3, "relu", "identity"), "X and Y are too"),
        (lambda: mlp.predict(BIG, -HUGE, "tanh"), "params and X are too large"),
        (
            lambda: mlp.loss_and_grads(BIG, X3, np.full((3, 1), 1e308), output="identity"),
            "params, X and Y are too large",
        ),
        (lambda: mlp.update(PARAMS, poisoned(PARAMS, 0, 0, 1e308), lr=1e10), "and lr are too"),
    ],
)
def test_overflow_is_a_value_error_not_a_warning_or_nan(call, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=words + ".*overflows float64"):
            call()


def test_backward_names_the_cache_or_y_when_they_overflow():
    one = [(np.array([[1.0]]), np.zeros(1))]
    _, cache = mlp.forward(one, [[1e308]], output="identity")  # A^1 = Z^1 = 1e308
    with pytest.raises(ValueError, match="params, cache and Y are too large"):
        mlp.backward(one, cache, [[-1e308]], loss="mse")  # A - Y = 2e308


#: Wrong for any argument of mlp. (Decimal, Fraction and 0-d arrays are fine as numbers.)
HOSTILE = [None, "hostile", True, 1 + 2j, np.nan, np.inf, 10**400, np.array([]), np.ones((2, 3, 4))]
NOT_AN_ARRAY = [Decimal("1.5"), Fraction(1, 2), np.array(0.5)]  # numbers, not arrays


def hostile_arrays(valid):
    """Values that are not a usable version of the array ``valid``."""
    nan_entry, inf_entry = valid.copy(), valid.copy()
    nan_entry.flat[0], inf_entry.flat[0] = np.nan, np.inf
    return [
        *HOSTILE,
        *NOT_AN_ARRAY,
        valid.astype(np.complex128),
        valid != 0,
        valid[..., None],
        valid.ravel()[:-1],
        valid[:0],
        valid.T.copy(),
        nan_entry,
        inf_entry,
        [["a", "b"]],
        [[1.0, 2.0], [3.0]],
    ]


def hostile_params(valid, with_Y=False):
    """Values that are not a usable version of ``valid``; with_Y: also one layer too few."""
    W, b = valid[0]
    return [
        *HOSTILE,
        *NOT_AN_ARRAY,
        [],
        [None],
        [(None, None)],
        valid[0],
        [W],
        {"W": W, "b": b},
        [(W.T.copy(), b)],
        [(W, b[:-1])],
        [(W.astype(np.complex128), b)],
        [(np.empty((0, 2)), np.empty(0))],
        [(W[..., None], b)],
        [(W, b), (W, b)],  # layer 2 does not fit layer 1
        *([valid[:-1]] if with_Y else []),  # one layer short: the output has 3 units, not 1
    ]


def hostile_names(valid):
    return [None, "", valid.upper(), valid.capitalize(), True, 3, np.nan, np.array(0.5), b"relu"]


CACHE = mlp.forward(PARAMS, X3)[1]
GRADS = mlp.loss_and_grads(PARAMS, X3, Y3)[1]

#: (function, valid arguments, {argument: hostile values}); one argument is hostile at a time.
HOSTILE_CALLS = [
    (
        mlp.init_params,
        {"layer_sizes": [2, 3, 1]},
        {
            "layer_sizes": [
                *HOSTILE,
                [],
                [2],
                [2, 0],
                [2, -1],
                [2, 2.5],
                [2, True],
                [2, None],
                [2, np.nan],
                [2, "3"],
                [2, 10**30],
                [10**5, 10**5],
                np.array(0.5),
                np.array([2.0, 3.0]),
                {2: 3},
            ],
            "seed": [*HOSTILE, -1, 2**63, 2.5, Decimal(3), Fraction(3)],
            "scale": [*HOSTILE, 0.0, -1.0, -np.inf],
        },
    ),
    (
        mlp.forward,
        {"params": PARAMS, "X": X3},
        {
            "params": hostile_params(PARAMS),
            "X": hostile_arrays(X3),
            "hidden": hostile_names("sigmoid"),
            "output": hostile_names("sigmoid"),
        },
    ),
    (
        mlp.predict,
        {"params": PARAMS, "X": X3},
        {"params": hostile_params(PARAMS), "X": hostile_arrays(X3), "hidden": [None, "Relu"]},
    ),
    *(
        (
            function,
            {"params": PARAMS, "X": X3, "Y": Y3},
            {
                "params": hostile_params(PARAMS, with_Y=True),
                "X": hostile_arrays(X3),
                "Y": hostile_arrays(Y3),
                "hidden": hostile_names("sigmoid"),
                "output": hostile_names("sigmoid"),
                "loss": hostile_names("mse"),
            },
        )
        for function in (mlp.loss_and_grads, mlp.batch_loss)
    ),
    *(
        (
            function,
            {"params": PARAMS, "cache": CACHE, "Y": Y3},
            {
                "params": hostile_params(PARAMS),
                "cache": [
                    *HOSTILE,
                    tuple(CACHE),
                    CACHE._replace(hidden="Relu"),
                    CACHE._replace(output=None),
                    CACHE._replace(A=None),
                    CACHE._replace(A=CACHE.A[:-1]),
                    CACHE._replace(Z=[None, None]),
                    CACHE._replace(Z=[CACHE.Z[0], CACHE.Z[0]]),
                    CACHE._replace(A=[CACHE.A[0], CACHE.A[1], np.full((3, 1), np.nan)]),
                    CACHE._replace(A=[CACHE.A[0][:0], CACHE.A[1][:0], CACHE.A[2][:0]]),
                ],
                "Y": hostile_arrays(Y3),
                "loss": [*hostile_names("mse"), "cross_entropy"],
            },
        )
        for function in (mlp.backward, mlp.deltas_and_grads)
    ),
    (
        mlp.update,
        {"params": PARAMS, "grads": GRADS},
        {
            "params": hostile_params(PARAMS),
            "grads": hostile_params(GRADS),
            "lr": [*HOSTILE, 0.0, -0.1, [0.1]],
        },
    ),
]
HOSTILE_CASES = [
    pytest.param(function, valid, arg, value, id=f"{function.__name__}-{arg}-{i}")
    for function, valid, hostile in HOSTILE_CALLS
    for arg, values in hostile.items()
    for i, value in enumerate(values)
]


@pytest.mark.parametrize("function, valid, arg, value", HOSTILE_CASES)
def test_hostile_values_get_an_error_naming_the_argument(function, valid, arg, value):
    """Every public function: a TypeError or ValueError naming the argument, never a warning."""
    kwargs = {**valid, arg: value}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises((TypeError, ValueError)) as error:
            function(**kwargs)
    assert arg in str(error.value), f"{arg!r} not named in: {error.value}"


def test_hostile_values_tried():
    """Prints (with pytest -s) how many (function, argument, value) triples the sweep tries."""
    print(f"\nmlp hostile sweep: {len(HOSTILE_CASES)} (function, argument, value) triples")
    assert len(HOSTILE_CASES) > 300


def test_error_messages_say_what_to_do():
    with pytest.raises(ValueError, match=r"helpers\.data\.one_hot\(y, 2\)"):
        mlp.loss_and_grads(
            mlp.init_params([2, 2]), X3, np.array([0, 1, 1]), output="softmax", loss="cross_entropy"
        )
    with pytest.raises(ValueError, match=r"\(3, 3\) \(N rows of X, n_L units in the last layer of"):
        mlp.loss_and_grads(PARAMS[:1], X3, Y3)
    with pytest.raises(ValueError, match=r"seed must be an integer in \[0, .*\], got -1"):
        mlp.init_params([2, 1], seed=-1)
    with pytest.raises(ValueError, match=r"scale must be small enough for finite weights"):
        mlp.init_params([1, 1000], scale=1e308)
    with pytest.raises(ValueError, match=r"1e\+10 weights, more than the 1e\+08"):
        mlp.init_params([10**5, 10**5])
    with pytest.raises(ValueError, match=r"row 0 is \[2\.0, -1\.0\] \(sum 1\)"):
        mlp.loss_and_grads(
            mlp.init_params([2, 2]), X3[:1], [[2.0, -1.0]], output="softmax", loss="cross_entropy"
        )
