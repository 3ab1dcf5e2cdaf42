"""helpers.autograd and helpers.checkpoint: equal to the delta rule, checked three ways.

- autograd.loss_and_grads equals mlp.loss_and_grads entry by entry for every hidden
  activation and every (output, loss) pair, over random shapes (hypothesis);
- small graphs: SymPy, the engine and centred finite differences agree;
- a node used twice gets the sum over its paths; broadcasting is summed back;
- bad input: the same errors as mlp; checkpointing gives the same bits with less kept.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import autograd, checkpoint, gradcheck, losses, mlp
from helpers.autograd import Tensor


def _problem(sizes, n, output, loss, seed):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(sizes, seed=seed)
    X = rng.standard_normal((n, sizes[0]))
    if loss == "cross_entropy":
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    else:
        Y = rng.random((n, sizes[-1]))
    return params, X, Y


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    n=st.integers(1, 6),
    hidden=st.sampled_from(mlp.HIDDEN),
    pair=st.sampled_from(losses.PAIRS),
    seed=st.integers(0, 1000),
)
def test_equals_the_delta_rule_entry_by_entry(sizes, n, hidden, pair, seed):
    output, loss = pair
    params, X, Y = _problem(sizes, n, output, loss, seed)
    expected_loss, expected = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    got_loss, got = autograd.loss_and_grads(params, X, Y, hidden, output, loss)
    assert isinstance(got_loss, float)
    assert got_loss == pytest.approx(expected_loss, rel=1e-12, abs=1e-15)
    assert len(got) == len(expected)
    for (dW, db), (eW, eb) in zip(got, expected, strict=True):
        assert dW.shape == eW.shape and db.shape == eb.shape
        np.testing.assert_allclose(dW, eW, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize(
    "bad, error",
    [
        ({"hidden": "Relu"}, ValueError),
        ({"output": "softmax", "loss": "mse"}, ValueError),
        ({"X": np.ones((3, 4))}, ValueError),
        ({"Y": np.ones(3)}, ValueError),
        ({"params": "W"}, TypeError),
        ({"X": np.array([[np.nan, 0.0]] * 3)}, ValueError),
    ],
)
def test_bad_input_gives_the_same_error_as_mlp(bad, error):
    params, X, Y = _problem([2, 3, 1], 3, "sigmoid", "mse", 0)
    args = {"params": params, "X": X, "Y": Y, "hidden": "sigmoid", "output": "sigmoid"}
    args.update({"loss": "mse"} | bad)
    with pytest.raises(error) as expected:
        mlp.loss_and_grads(**args)
    with pytest.raises(error) as got:
        autograd.loss_and_grads(**args)
    assert str(got.value) == str(expected.value)


def test_overflow_is_a_value_error():
    params, X, Y = _problem([2, 3, 1], 3, "identity", "mse", 0)
    with pytest.raises(ValueError, match="too large"):
        autograd.loss_and_grads(params, X * 1e300, Y, "relu", "identity", "mse")


def test_extreme_logits_stay_finite():
    params = [(np.array([[800.0, -800.0], [-800.0, 800.0]]), np.zeros(2))]
    X, Y = np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])
    for output, loss in (("softmax", "cross_entropy"),):
        value, grads = autograd.loss_and_grads(params, X, Y, "sigmoid", output, loss)
        assert value == pytest.approx(mlp.batch_loss(params, X, Y, "sigmoid", output, loss))
        assert all(np.isfinite(g).all() for pair in grads for g in pair)
    value, _ = autograd.loss_and_grads(params, X, Y, "sigmoid", "sigmoid", "bce")
    assert np.isfinite(value)


# ------------------------------------------------------------------ small graphs, three ways

x_s, y_s = sp.symbols("x y", real=True)
SMALL = {  # name: (SymPy expression, the same function on Tensors)
    "reused": (x_s * x_s + x_s, lambda x, y: x * x + x),
    "neuron": (
        (1 / (1 + sp.exp(-(x_s * y_s + 0.1))) - 1) ** 2 / 2,
        lambda x, y: ((x * y + 0.1).sigmoid() - 1.0).square() * 0.5,
    ),
    "tanh_exp_log": (
        sp.tanh(x_s) * sp.exp(y_s) + sp.log(x_s**2 + 1),
        lambda x, y: x.tanh() * y.exp() + (x.square() + 1.0).log(),
    ),
    "logsumexp": (
        sp.log(sp.exp(x_s) + sp.exp(2 * y_s) + sp.exp(x_s * y_s)),
        None,
    ),
    "softplus_relu": (
        sp.log(1 + sp.exp(x_s - y_s)) + sp.Max(0, x_s + y_s),
        lambda x, y: (x - y).softplus() + (x + y).relu(),
    ),
}


def _logsumexp_graph(x, y):
    parts = [x, y * 2.0, x * y]
    row = Tensor(np.zeros((1, 3)))
    for j, part in enumerate(parts):  # put the three parts in one row
        mask = np.zeros((1, 3))
        mask[0, j] = 1.0
        row = row + part * mask
    return row.logsumexp(axis=1).sum()


@pytest.mark.parametrize("name", SMALL)
@pytest.mark.parametrize("point", [(0.7, -0.4), (1.3, 0.9), (-0.6, 0.25)])
def test_three_way_on_small_graphs(name, point):
    expr, build = SMALL[name]
    build = build or _logsumexp_graph
    x, y = Tensor(point[0], "x"), Tensor(point[1], "y")
    out = build(x, y)
    out.backward()
    engine = np.array([0.0 if t.grad is None else float(t.grad) for t in (x, y)])  # y unused
    at = {x_s: point[0], y_s: point[1]}
    exact = np.array([float(sp.diff(expr, s).subs(at)) for s in (x_s, y_s)])

    def f(p):
        return float(build(Tensor(p[0]), Tensor(p[1])).value)

    numeric = gradcheck.numerical_gradient(f, np.array(point))
    assert float(out.value) == pytest.approx(float(expr.subs(at)), rel=1e-12)
    np.testing.assert_allclose(engine, exact, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(numeric, exact, rtol=1e-6, atol=1e-9)


def test_a_node_used_twice_gets_the_sum_over_its_paths():
    x = Tensor(3.0)
    (x * x + x).backward()  # d/dx (x^2 + x) = 2x + 1 = 7: three paths into x
    assert float(x.grad) == 7.0


def test_broadcast_gradient_is_summed_back():
    Z, b = Tensor(np.arange(6.0).reshape(3, 2)), Tensor(np.array([1.0, -1.0]))
    c = Tensor(np.ones((3, 1)))
    ((Z + b) * c).sum().backward()
    np.testing.assert_array_equal(b.grad, [3.0, 3.0])  # one per row
    np.testing.assert_array_equal(c.grad, Z.value.sum(axis=1, keepdims=True) + 0.0)
    assert b.grad.shape == (2,) and c.grad.shape == (3, 1)


def test_topological_order_puts_parents_first_and_each_node_once():
    x = Tensor(1.0)
    a = x * 2.0
    out = (a + a.sigmoid()) * a
    order = autograd.topological_order(out)
    assert order[-1] is out and len(order) == len({id(n) for n in order})
    place = {id(n): i for i, n in enumerate(order)}
    assert all(place[id(p)] < place[id(n)] for n in order for p in n.parents)


def test_deep_chain_needs_no_recursion():
    x = Tensor(0.5)
    out = x
    for _ in range(5000):
        out = out * 1.0
    out.backward()
    assert float(x.grad) == 1.0


def test_bad_tensor_input():
    with pytest.raises(TypeError, match="value"):
        Tensor("a")
    with pytest.raises(ValueError, match="value"):
        Tensor(np.nan)
    with pytest.raises(TypeError, match="name"):
        Tensor(1.0, name=3)
    with pytest.raises(TypeError, match="root"):
        autograd.topological_order(1.0)
    with pytest.raises(ValueError, match="single number"):
        Tensor(np.ones(3)).backward()
    with pytest.raises(ValueError, match="positive"):
        Tensor(np.array([1.0, 0.0])).log()


def test_loss_graph_is_the_forward_pass():
    params, X, Y = _problem([3, 4, 2], 5, "softmax", "cross_entropy", 2)
    root, leaves = autograd.loss_graph(params, X, Y, "tanh", "softmax", "cross_entropy")
    assert all(W.grad is None for W, _ in leaves)
    assert float(root.value) == pytest.approx(
        mlp.batch_loss(params, X, Y, "tanh", "softmax", "cross_entropy"), rel=1e-12
    )


# ------------------------------------------------------------------ checkpointing


@settings(max_examples=30, deadline=None)
@given(
    depth=st.integers(1, 12),
    hidden=st.sampled_from(mlp.HIDDEN),
    pair=st.sampled_from(losses.PAIRS),
    data=st.data(),
)
def test_checkpointing_gives_the_same_bits(depth, hidden, pair, data):
    output, loss = pair
    segments = data.draw(st.integers(1, depth))
    params, X, Y = _problem([3] + [4] * (depth - 1) + [2], 4, output, loss, depth)
    expected_loss, expected = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    value, grads, kept = checkpoint.loss_and_grads(params, X, Y, hidden, output, loss, segments)
    assert value == expected_loss
    for got, want in zip(grads, expected, strict=True):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w)
    assert 1 <= kept["arrays"] <= 2 * depth + 1


def test_checkpointing_keeps_fewer_arrays():
    params, X, Y = _problem([3] + [8] * 15 + [2], 6, "sigmoid", "mse", 0)
    full = checkpoint.loss_and_grads(params, X, Y, segments=1)[2]
    sqrt = checkpoint.loss_and_grads(params, X, Y)[2]  # round(sqrt(16)) = 4 segments
    assert full["arrays"] == 2 * 16 + 1  # every A^l and Z^l, and X
    assert sqrt["arrays"] == 12 and sqrt["bytes"] < full["bytes"] / 2


def test_checkpointing_bad_segments():
    params, X, Y = _problem([2, 3, 1], 3, "sigmoid", "mse", 0)
    with pytest.raises(ValueError, match="segments"):
        checkpoint.loss_and_grads(params, X, Y, segments=3)
    with pytest.raises(TypeError, match="segments"):
        checkpoint.loss_and_grads(params, X, Y, segments="2")
