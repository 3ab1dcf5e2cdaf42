"""symbolic_net's numeric reference stays exact in deep saturation, for every loss.

At |z| in the hundreds float64 cannot form 1 - sigma(z) or 1 - tanh(z)^2, and neither could
the reference's 40 working digits if it wrote the loss that way (BCE was 0.9% off at z = 90
and raised ZeroDivisionError at z = 100). Here every (output, loss) pair and every hidden
activation is compared with helpers.mlp (which works from the logits) with hidden and
output pre-activations of size 90, 100, 300 and 700, and the loss against a closed form.
"""

import math

import numpy as np
import pytest

from helpers import gradcheck, losses, mlp
from helpers import symbolic_net as sn

EPS = np.finfo(np.float64).eps
SIZES = [2, 3, 2]


def saturated_net(size, hidden, loss, seed=0):
    """params, X, Y for SIZES with hidden |z| in [0.7, 1.1] size, the largest output |z| = size."""
    rng = np.random.default_rng(seed)
    X = rng.choice([-1.0, 1.0], size=(3, SIZES[0])) * rng.uniform(0.8, 1.0, size=(3, SIZES[0]))
    W1 = rng.choice([-1.0, 1.0], size=(SIZES[1], SIZES[0])) * size * np.array([[1.0, 0.1]] * 3)
    b1 = np.zeros(SIZES[1])
    Z1 = X @ W1.T + b1
    A1 = mlp.forward([(W1, b1), (np.zeros((2, 3)), np.zeros(2))], X, hidden, "identity")[1].A[1]
    W2 = rng.choice([-1.0, 1.0], size=(SIZES[2], SIZES[1]))
    Z2 = A1 @ W2.T
    W2 *= size / np.max(np.abs(Z2))  # the largest output |z| is exactly size
    b2 = np.zeros(SIZES[2])
    assert np.all((np.abs(Z1) >= 0.7 * size) & (np.abs(Z1) <= 1.1 * size))
    if loss == "cross_entropy":
        Y = np.eye(2)[[0, 1, 1]]
    elif loss == "bce":
        Y = np.array([[0.0, 1.0], [1.0, 0.3], [0.0, 0.0]])
    else:
        Y = rng.uniform(size=(3, 2))
    return [(W1, b1), (W2, b2)], X, Y


@pytest.mark.parametrize("size", [90.0, 100.0, 300.0, 700.0])
@pytest.mark.parametrize("hidden", mlp.HIDDEN)
@pytest.mark.parametrize("output, loss", losses.PAIRS)
def test_reference_agrees_with_mlp_in_deep_saturation(size, hidden, output, loss):
    params, X, Y = saturated_net(size, hidden, loss)
    net = sn.build(SIZES, hidden, output, loss)
    ref_loss, ref = sn.loss_and_gradient_values(net, params, X, Y)
    num_loss, grads = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    assert math.isfinite(ref_loss)
    assert gradcheck.agree(num_loss, ref_loss, 1e-13, 1e-15), (num_loss, ref_loss)
    flat_ref = np.concatenate([np.ravel(a) for p in ref for a in p])
    flat_mlp = np.concatenate([np.ravel(a) for p in grads for a in p])
    atol = 1e3 * EPS * np.max(np.abs(flat_mlp), initial=0.0)
    assert gradcheck.agree(flat_mlp, flat_ref, 1e-10, atol), (flat_mlp, flat_ref)


@pytest.mark.parametrize("z", [90.0, 100.0, 300.0, 700.0, -700.0])
def test_bce_loss_of_one_confident_output_is_exact(z):
    """One sigmoid unit with logit z and target 0: L = softplus(z) = log(1 + e^z) exactly."""
    net = sn.build([1, 1], "sigmoid", "sigmoid", "bce")
    params = [(np.array([[z]]), np.zeros(1))]
    value, grads = sn.loss_and_gradient_values(net, params, np.ones((1, 1)), np.zeros((1, 1)))
    exact = max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    assert value == pytest.approx(exact, rel=1e-15)
    sigma = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    assert grads[0][0][0, 0] == pytest.approx(sigma, rel=1e-15)  # dL/dz = sigma(z) - 0


@pytest.mark.parametrize("z", [90.0, 300.0, 700.0])
def test_tiny_saturated_gradients_keep_their_digits(z):
    """tanh'(z) = 1 - tanh(z)^2 would round to 0 at 40 digits; the reference keeps 4 e^(-2z)."""
    net = sn.build([1, 1, 1], "tanh", "identity", "mse")
    params = [(np.array([[z]]), np.zeros(1)), (np.ones((1, 1)), np.zeros(1))]
    _, grads = sn.loss_and_gradient_values(net, params, np.ones((1, 1)), np.zeros((1, 1)))
    # dL/dW1 = (a2 - y) * 1 * tanh'(z) * x with a2 = tanh(z) ~ 1
    expected = math.tanh(z) * 4 * math.exp(-2 * z)  # underflows to 0 past z ~ 372
    assert grads[0][0][0, 0] == pytest.approx(expected, rel=1e-12, abs=0.0)


def test_cross_entropy_true_class_gradient_keeps_its_digits():
    """dL/dz_0 = softmax(z)_0 - 1 = -e^(-100) / (1 + e^(-100)): no 1 - (1 - tiny) cancelling."""
    net = sn.build([1, 2], "sigmoid", "softmax", "cross_entropy")
    params = [(np.array([[50.0], [-50.0]]), np.zeros(2))]
    _, grads = sn.loss_and_gradient_values(net, params, np.ones((1, 1)), np.array([[1.0, 0.0]]))
    tiny = math.exp(-100) / (1 + math.exp(-100))
    assert grads[0][0][0, 0] == pytest.approx(-tiny, rel=1e-14)
    assert grads[0][0][1, 0] == pytest.approx(tiny, rel=1e-14)


def test_params_are_checked_by_shape_not_only_by_count():
    net = sn.build([2, 3, 1])
    params = mlp.init_params([2, 3, 1])
    X, Y = np.ones((1, 2)), np.ones((1, 1))
    transposed = [(params[0][0].T, params[0][1]), params[1]]
    with pytest.raises(ValueError, match=r"params\[0\] W has shape \(2, 3\) but layer 1 needs"):
        sn.loss_and_gradient_values(net, transposed, X, Y)
    with pytest.raises(ValueError, match="X must be finite"):
        sn.loss_and_gradient_values(net, params, np.array([[1.0, math.nan]]), Y)
    with pytest.raises(ValueError, match="at least one example"):
        sn.loss_and_gradient_values(net, params, np.ones((0, 2)), np.ones((0, 1)))
    with pytest.raises(TypeError, match="net must be"):
        sn.loss_and_gradient_values("net", params, X, Y)
    unnamed = sn.build([2, 1], hidden="f", output="g")
    with pytest.raises(ValueError, match="unnamed"):
        sn.loss_and_gradient_values(unnamed, mlp.init_params([2, 1]), X, Y)


@pytest.mark.parametrize(
    "args, error, match",
    [
        (([2, 2.7, 1],), TypeError, r"sizes\[1\] must be an integer width"),  # not int(2.7) = 2
        (([2, 100],), ValueError, r"sizes\[1\] must be a width in \[1, 5\]"),
        (([2] * 9,), ValueError, "at most 5"),
        (("221",), TypeError, "sizes must be a list"),
        (([2, 1], "Sigmoid"), ValueError, "hidden must be one of"),
        (([2, 1], None), TypeError, "hidden must be one of"),
        (([2, 1], "sigmoid", "tanh"), ValueError, "output must be one of"),
        (([2, 1], "sigmoid", "sigmoid", "BCE"), ValueError, "loss must be one of"),
    ],
)
def test_build_checks_its_arguments(args, error, match):
    with pytest.raises(error, match=match):
        sn.build(*args)


def test_functions_of_a_net_refuse_anything_else():
    net = sn.build([2, 1])
    for fn in (sn.gradients, sn.deltas, sn.delta_rule_gradients, sn.forward_values):
        with pytest.raises(TypeError, match="net must be a Net"):
            fn([1, 2])
    with pytest.raises(ValueError, match=r"layer must be in \[1, 1\]"):
        sn.f_prime(net, 2)
    with pytest.raises(TypeError, match="expr must be a SymPy expression"):
        sn.readable(net, "W")
    with pytest.raises(TypeError, match="expr must be a SymPy expression"):
        sn.with_primes(None)


def test_stable_loss_refuses_anything_but_a_named_net():
    with pytest.raises(TypeError, match="net must be a Net"):
        sn.stable_loss(None)
    with pytest.raises(ValueError, match="unnamed"):
        sn.stable_loss(sn.build([2, 1], hidden="f", output="g"))
