"""helpers.symbolic_net: sympy.diff of the whole network against the delta rule and helpers.mlp."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from test_mlp import random_net

from helpers import gradcheck, losses, mlp
from helpers import symbolic_net as sn

EPS = np.finfo(np.float64).eps


def test_symbols_shapes_and_names():
    net = sn.build([2, 3, 2], hidden="tanh", output="sigmoid", loss="mse")
    assert net.W[1].shape == (3, 2) and net.W[2].shape == (2, 3)
    assert net.b[1].shape == (3, 1) and net.z[2].shape == (2, 1)
    assert str(net.W[2][0, 1]) == "W^2_01"
    assert sp.latex(net.W[2][0, 1]) == "W^{2}_{01}"
    assert len(net.params) == 6 + 3 + 6 + 2
    assert [str(s) for s in net.params[:3]] == ["W^1_00", "W^1_01", "W^1_10"]
    assert net.params == [s for k in (1, 2) for s in (*net.W[k], *net.b[k])]
    assert sn.build([2, 3, 2], "tanh", "sigmoid", "mse") is net  # cached


def test_forward_expressions_are_the_layer_formulas():
    net = sn.build([2, 2, 1], hidden="f", output="g", loss="mse")
    f, g = sp.Function("f"), sp.Function("g")
    z10 = net.W[1][0, 0] * net.x[0] + net.W[1][0, 1] * net.x[1] + net.b[1][0]
    assert sp.expand(net.z_expr[1][0] - z10) == 0
    assert net.a_expr[1][0] == f(net.z_expr[1][0])
    assert net.a_expr[2][0] == g(net.z_expr[2][0])
    assert net.L == (net.a_expr[2][0] - net.y_true[0]) ** 2 / 2


def test_seed_recursion_is_readable_for_a_2_2_1_network():
    """dL/dW^1_00 = (a^2_0 - y_true_0) g'(z^2_0) W^2_00 f'(z^1_0) x_0, straight from sympy.diff."""
    net = sn.build([2, 2, 1], hidden="f", output="g", loss="mse")
    f, g = sp.Function("f"), sp.Function("g")
    z1, z2, a2 = net.z[1][0], net.z[2][0], net.a[2][0]
    expected = (
        (a2 - net.y_true[0]) * sp.diff(g(z2), z2) * net.W[2][0, 0] * sp.diff(f(z1), z1) * net.x[0]
    )
    got = sn.readable(net, sn.gradients(net)[0][0][0, 0])
    assert sp.expand(got - expected) == 0
    delta1 = sn.deltas(net)[1]
    assert delta1.shape == (1, 2)
    assert sp.expand(delta1[0] - expected / net.x[0]) == 0


@pytest.mark.parametrize(
    "sizes, hidden, output, loss",
    [
        ([2, 2, 1], "f", "g", "mse"),
        ([2, 3, 2], "f", "g", "mse"),
        ([2, 3, 2], "f", "sigmoid", "bce"),
        ([2, 3, 2], "f", "softmax", "cross_entropy"),
        ([2, 2, 2, 1], "f", "identity", "mse"),
        ([2, 2, 1], "sigmoid", "sigmoid", "mse"),
        ([2, 3, 2], "tanh", "sigmoid", "mse"),
        ([2, 2, 1], "relu", "identity", "mse"),
        ([2, 3, 2], "sigmoid", "sigmoid", "bce"),
    ],
)
def test_delta_rule_equals_sympy_diff_symbolically(sizes, hidden, output, loss):
    net = sn.build(sizes, hidden, output, loss)
    differences = sn.delta_rule_check(net)
    assert len(differences) == len(net.params)
    assert all(d == 0 for d in differences.values()), {
        k: v for k, v in differences.items() if v != 0
    }


def test_delta_rule_check_would_catch_a_missing_factor():
    net = sn.build([2, 2, 1], hidden="f", output="g", loss="mse")
    d = sn.readable(net, sn.gradients(net)[0][0][0, 0])
    wrong = (net.a[2][0] - net.y_true[0]) * net.W[2][0, 0] * net.x[0]  # forgot both f'
    assert sp.expand(d - wrong) != 0


def test_softmax_cross_entropy_output_delta_is_softmax_minus_target():
    net = sn.build([1, 3], hidden="f", output="softmax", loss="cross_entropy")
    delta = sn.deltas(net)[1]
    z, y = net.z[1], net.y_true
    softmax = [sp.exp(t) / sum(sp.exp(s) for s in z) for t in z]
    one = {y[2]: 1 - y[0] - y[1]}  # the target sums to 1
    for k in range(3):
        assert sp.simplify((delta[k] - (softmax[k] - y[k])).subs(one)) == 0


def test_bce_output_delta_is_sigmoid_minus_target():
    net = sn.build([1, 1], hidden="f", output="sigmoid", loss="bce")
    z, y = net.z[1][0], net.y_true[0]
    assert sp.simplify(sn.deltas(net)[1][0] - (1 / (1 + sp.exp(-z)) - y)) == 0


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least two widths"):
        sn.build([3])
    with pytest.raises(ValueError, match="hidden must be one of"):
        sn.build([2, 1], hidden="swish")
    with pytest.raises(ValueError, match=r"\(output, loss\) must be one of"):
        sn.build([2, 1], output="softmax", loss="mse")
    net = sn.build([2, 1])
    with pytest.raises(ValueError, match="shapes"):
        sn.loss_and_gradient_values(net, mlp.init_params([2, 1]), np.ones((1, 3)), np.ones((1, 1)))
    with pytest.raises(
        ValueError, match=r"params\[0\] W has shape \(2, 2\) but layer 1 needs \(1, 2\)"
    ):
        sn.loss_and_gradient_values(net, mlp.init_params([2, 2]), np.ones((1, 2)), np.ones((1, 1)))


# ------------------------------------------------------------------ numbers: SymPy vs mlp

WORST = {}  # the largest relative error seen, per (hidden, output, loss)


def sympy_vs_backward(sizes, n, hidden, output, loss, seed):
    """Relative error of helpers.mlp against the SymPy gradients at 30 digits (asserted)."""
    params, X, Y = random_net(np.random.default_rng(seed), sizes, n, hidden, loss)
    net = sn.build(sizes, hidden, output, loss)
    sym_loss, sym = sn.loss_and_gradient_values(net, params, X, Y)
    num_loss, grads = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    assert gradcheck.agree(num_loss, sym_loss, 1e-13, 1e-15)
    flat_s = np.concatenate([np.ravel(a) for p in sym for a in p])
    flat_b = np.concatenate([np.ravel(a) for p in grads for a in p])
    # sums over examples and units can cancel: float64 resolves about 1e3 eps * the largest
    atol = 1e3 * EPS * np.max(np.abs(flat_b), initial=0.0)
    assert gradcheck.agree(flat_b, flat_s, 1e-10, atol), (flat_b, flat_s)
    resolved = np.abs(flat_s) > 1e6 * atol
    return gradcheck.rel_error(flat_b[resolved], flat_s[resolved]) if resolved.any() else 0.0


@pytest.mark.parametrize("hidden", mlp.HIDDEN)
@pytest.mark.parametrize("output, loss", losses.PAIRS)
@pytest.mark.parametrize("sizes", [[2, 2, 1], [2, 3, 2]])
def test_sympy_matches_backward_on_2_2_1_and_2_3_2(sizes, hidden, output, loss):
    worst = sympy_vs_backward(sizes, 3, hidden, output, loss, seed=1)
    WORST[hidden, output, loss] = max(WORST.get((hidden, output, loss), 0.0), worst)


@settings(max_examples=60)
@given(
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=4).filter(
        lambda s: sum(a * b + b for a, b in zip(s, s[1:], strict=False)) <= 16
    ),
    n=st.integers(1, 3),
    hidden=st.sampled_from(mlp.HIDDEN),
    pair=st.sampled_from(losses.PAIRS),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_sympy_matches_backward(sizes, n, hidden, pair, seed):
    output, loss = pair
    worst = sympy_vs_backward(sizes, n, hidden, output, loss, seed)
    WORST[hidden, output, loss] = max(WORST.get((hidden, output, loss), 0.0), worst)


def test_report_worst_sympy_error():
    """Prints (with pytest -s) the largest relative errors the two tests above saw."""
    print("\nbackward vs SymPy (30 digits), 2-2-1, 2-3-2 and the property test:")
    for key, worst in sorted(WORST.items()):
        print(f"{'/'.join(key):>30}: largest relative error {worst:.1e}")
    # every (hidden, output, loss) combination was measured: the report is not vacuous
    assert len(WORST) == len(mlp.HIDDEN) * len(losses.PAIRS), "run the whole file"
    assert all(worst <= 1e-10 for worst in WORST.values())
