"""helpers.neuron_graph: the numbers on the graph's edges are the chain rule's."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import neuron, neuron_graph

POINTS = [(0.5, 0.2, 0.1, 1.0), (-2.0, 1.5, -0.3, 0.0), (3.0, -0.7, 2.0, 0.4)]


@pytest.mark.parametrize(("x", "w", "b", "y_true"), POINTS)
def test_edge_gradients_match_backward(x, w, b, y_true):
    by_name = {e["name"]: e for e in neuron_graph.edges(x, w, b, y_true)}
    y, z = neuron.forward(x, w, b)
    dL_dw, dL_db = neuron.backward(x, y, z, y_true)
    np.testing.assert_allclose(by_name["w"]["grad"], dL_dw, rtol=1e-14)
    np.testing.assert_allclose(by_name["b"]["grad"], dL_db, rtol=1e-14)
    # delta = dL/dz flows unchanged through + to b and to w x
    assert by_name["z"]["grad"] == by_name["b"]["grad"] == by_name["w x"]["grad"]
    assert by_name["y"]["grad"] == pytest.approx(y - y_true)
    assert by_name["z"]["value"] == pytest.approx(z) and by_name["y"]["value"] == y
    assert by_name["y_true"]["grad"] is None


def test_input_gradient_is_delta_times_w():
    by_name = {e["name"]: e for e in neuron_graph.edges(0.5, 0.2, 0.1, 1.0)}
    assert by_name["x"]["grad"] == pytest.approx(by_name["z"]["grad"] * 0.2, rel=1e-14)


def test_draw_labels_every_edge():
    fig = neuron_graph.draw(0.5, 0.2, 0.1, 1.0)
    assert isinstance(fig, Figure)
    plt.close(fig)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "= 0.5498" in texts  # y
    assert "= -0.1114" in texts  # delta = dL/dz
    assert texts.count("∂L/∂") == 7  # six edges with a gradient, and dL/dL = 1


def test_draw_into_given_axes():
    fig = Figure()
    ax = fig.add_subplot()
    assert neuron_graph.draw(ax=ax) is fig


def test_edges_take_decimal_and_fraction_as_floats():
    from decimal import Decimal
    from fractions import Fraction

    plain = neuron_graph.edges(0.5, 0.2, 0.1, 1.0)
    exact = neuron_graph.edges(Decimal("0.5"), Fraction(1, 5), Decimal("0.1"), 1)
    assert exact == plain  # the same floats on every edge


@pytest.mark.parametrize(
    ("arg", "bad", "error"),
    [
        ("y_true", None, TypeError),
        ("y_true", "1.0", TypeError),
        ("y_true", float("nan"), ValueError),
        ("y_true", float("inf"), ValueError),
        ("y_true", 10**400, ValueError),
        ("x", np.array([]), TypeError),
        ("b", np.ones((2, 3, 4)), TypeError),
    ],
)
def test_edges_and_draw_refuse_what_is_not_one_number(arg, bad, error):
    point = {"x": 0.5, "w": 0.2, "b": 0.1, "y_true": 1.0, arg: bad}
    with pytest.raises(error, match=arg):
        neuron_graph.edges(**point)
    with pytest.raises(error, match=arg):
        neuron_graph.draw(**point)
    assert not plt.get_fignums()  # refused before a figure was made


@pytest.mark.parametrize("bad", ["ax", np.array(0.5), float("nan"), plt])
def test_draw_refuses_an_ax_that_is_not_axes(bad):
    with pytest.raises(TypeError, match="ax"):
        neuron_graph.draw(ax=bad)
    assert not plt.get_fignums()
