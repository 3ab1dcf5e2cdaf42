"""helpers.losses over the whole float64 range, and the input it refuses.

No warning (pytest makes RuntimeWarning an error) and no NaN at any finite logits; where the
true loss is beyond float64 a ValueError says so. Bad input is a TypeError/ValueError naming
the argument; a mis-cased name lists the choices.
"""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import losses

ANY_FLOAT = st.floats(allow_nan=False, allow_infinity=False)
BIG = np.finfo(np.float64).max


def logits(shape=(3, 4)):
    return arrays(np.float64, shape, elements=ANY_FLOAT)


def one_hot(k, shape=(3, 4)):
    Y = np.zeros(shape)
    Y[:, k] = 1.0
    return Y


def finite_or_too_big(call):
    """The value (finite, no NaN), or None when a ValueError says float64 cannot hold it."""
    try:
        value = call()
    except ValueError as err:
        assert "float64" in str(err)
        return None
    assert np.all(np.isfinite(value)) and not np.any(np.isnan(value))
    return value


@given(logits())
def test_property_softmax_is_a_distribution_for_any_logits(Z):
    S = losses.softmax(Z)
    assert np.all(np.isfinite(S)) and np.all(S >= 0)
    np.testing.assert_allclose(S.sum(axis=1), 1.0, rtol=1e-15)


@given(logits(), st.integers(0, 3))
def test_property_cross_entropy_any_logits(Z, k):
    Y = one_hot(k)
    value = finite_or_too_big(lambda: losses.cross_entropy_from_logits(Z, Y))
    spread = np.max(Z, axis=1) - Z[:, k]  # computed in halves below to avoid overflow
    if value is None:  # only when some target logit is more than 1.8e308 below its row's top
        assert np.any(np.max(Z, axis=1) / 2 - Z[:, k] / 2 >= BIG / 4)
    else:
        assert value >= 0.0
        with np.errstate(over="ignore"):
            assert value >= np.sum(spread / 3) * (1 - 1e-12)  # at least the mean logit gap
    delta = losses.output_delta(Z, Y, "softmax", "cross_entropy")
    assert np.all(np.isfinite(delta))


@given(logits(), arrays(np.float64, (3, 4), elements=st.floats(0, 1)))
def test_property_bce_any_logits(Z, Y):
    value = finite_or_too_big(lambda: losses.bce_from_logits(Z, Y))
    if value is not None:
        assert value >= 0.0
    assert np.all(np.isfinite(losses.output_delta(Z, Y, "sigmoid", "bce")))
    assert np.all(np.isfinite(losses.output_delta(Z, Y, "sigmoid", "mse")))
    assert np.isfinite(losses.batch_loss(Z, Y, "sigmoid", "mse"))


@given(logits(), logits())
def test_property_mse_any_values(A, Y):
    finite_or_too_big(lambda: losses.mse(A, Y))
    finite_or_too_big(lambda: losses.mse_grad(A, Y))
    finite_or_too_big(lambda: losses.output_delta(A, Y, "identity", "mse"))


@given(logits())
def test_property_log_softmax_finite_or_says_why(Z):
    result = finite_or_too_big(lambda: losses.log_softmax(Z))
    if result is not None:
        assert np.all(result <= 0)


@given(arrays(np.float64, st.integers(0, 5), elements=ANY_FLOAT))
def test_property_softplus_any_shape(Z):
    S = losses.softplus(Z)
    assert S.shape == Z.shape and np.all(np.isfinite(S)) and np.all(S >= 0)


def test_logits_1e308_apart():
    Z = np.array([[1e308, -1e308], [-1e308, 1e308]])
    np.testing.assert_array_equal(losses.softmax(Z), [[1.0, 0.0], [0.0, 1.0]])
    assert losses.cross_entropy_from_logits(Z, np.eye(2)) == 0.0  # both right
    with pytest.raises(ValueError, match="larger than float64"):  # true loss 2e308
        losses.cross_entropy_from_logits(Z, np.eye(2)[::-1])
    with pytest.raises(ValueError, match="below -1.8e308 in row 0"):
        losses.log_softmax(Z)
    # a mean that fits although the sum would not
    assert losses.bce_from_logits(np.full((2, 1), 1e308), np.zeros((2, 1))) == 1e308


# ------------------------------------------------------------------ what is refused


@pytest.mark.parametrize("junk", [None, "abc", [[1.0, "x"]], [[1 + 2j]], True])
@pytest.mark.parametrize(
    "call",
    [
        lambda Z: losses.softmax(Z),
        lambda Z: losses.log_softmax(Z),
        lambda Z: losses.batch_loss(Z, np.ones((1, 1))),
        lambda Z: losses.output_delta(Z, np.ones((1, 1)), "sigmoid", "bce"),
    ],
)
def test_junk_logits_are_a_type_error_naming_Z(call, junk):
    with pytest.raises(TypeError, match="^Z must be"):
        call(junk)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nonfinite_input_is_refused_naming_it(bad):
    Z = np.array([[0.0, bad]])
    for call in (losses.softmax, losses.log_softmax, losses.softplus):
        with pytest.raises(ValueError, match="^Z must be finite"):
            call(Z)
    with pytest.raises(ValueError, match="^Y must be finite"):
        losses.mse(np.zeros((1, 2)), Z)
    with pytest.raises(ValueError, match="^A must be finite"):
        losses.mse_grad(Z, np.zeros((1, 2)))


@pytest.mark.parametrize(
    "shape_Z, shape_Y, match",
    [
        ((3,), (3,), r"Z must be 2-D.*reshape\(1, -1\)"),
        ((0, 2), (0, 2), "at least one example"),
        ((2, 0), (2, 0), "at least one example"),
        ((3, 2), (3, 1), r"Y must have the shape of Z, \(3, 2\), got shape \(3, 1\)"),
        ((3, 2), (2, 3), "Y must have the shape of Z"),
        ((3, 1), (3,), "Y must be 2-D"),
    ],
)
def test_wrong_shapes_are_named(shape_Z, shape_Y, match):
    Z, Y = np.zeros(shape_Z), np.zeros(shape_Y)
    with pytest.raises(ValueError, match=match):
        losses.batch_loss(Z, Y, "sigmoid", "mse")
    with pytest.raises(ValueError, match=match.replace("Z", "A")):
        losses.mse(Z, Y)


def test_targets_outside_their_range_are_refused():
    Z = np.zeros((2, 2))
    for Y in (np.array([[0.0, 1.5], [0.0, 0.0]]), np.array([[-0.1, 0.0], [0.0, 0.0]])):
        with pytest.raises(ValueError, match=r"Y for loss='bce' must lie in \[0, 1\]"):
            losses.bce_from_logits(Z, Y)
        with pytest.raises(ValueError, match="must lie in"):
            losses.output_delta(Z, Y, "sigmoid", "bce")
    with pytest.raises(ValueError, match="probability distribution"):
        losses.cross_entropy_from_logits(Z, np.array([[1.0, 1.0], [0.0, 1.0]]))


@pytest.mark.parametrize(
    "output, loss, match",
    [
        ("Sigmoid", "mse", r"output must be one of \['identity', 'sigmoid', 'softmax'\]"),
        ("sigmoid", "MSE", r"loss must be one of \['bce', 'cross_entropy', 'mse'\]"),
        ("softmax", "mse", r"\(output, loss\) must be one of"),
    ],
)
def test_names_list_the_choices(output, loss, match):
    with pytest.raises(ValueError, match=match):
        losses.batch_loss(np.zeros((1, 2)), np.zeros((1, 2)), output, loss)
    with pytest.raises(ValueError, match=match):
        losses.output_delta(np.zeros((1, 2)), np.zeros((1, 2)), output, loss)
    with pytest.raises(TypeError, match="output must be one of"):
        losses.output_activation(np.zeros((1, 2)), None)


def test_decimal_and_fraction_are_real_numbers():
    Y = [[Fraction(1, 2), Decimal("0.5")]]
    assert losses.bce_from_logits([[0.0, 0.0]], Y) == pytest.approx(2 * math.log(2))


def test_inputs_are_never_changed(rng):
    Z, Y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    keep = Z.copy(), Y.copy()
    for output, loss in losses.PAIRS:
        Yk = np.eye(2)[[0, 1, 1]] if loss == "cross_entropy" else Y
        losses.batch_loss(Z, Yk, output, loss)
        losses.output_delta(Z, Yk, output, loss)
    assert np.array_equal(Z, keep[0]) and np.array_equal(Y, keep[1])


@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_unchecked_twins_give_the_same_bits(rng, output, loss):
    """mlp may call the unchecked formulas: they must equal the checked functions exactly."""
    Z = rng.normal(size=(5, 3)) * 20
    Y = np.eye(3)[[0, 2, 1, 1, 0]] if loss == "cross_entropy" else rng.uniform(size=(5, 3))
    assert losses._batch_loss(Z, Y, output, loss) == losses.batch_loss(Z, Y, output, loss)
    np.testing.assert_array_equal(
        losses._output_delta(Z, Y, output, loss), losses.output_delta(Z, Y, output, loss)
    )
    np.testing.assert_array_equal(
        losses._output_activation(Z, output), losses.output_activation(Z, output)
    )
