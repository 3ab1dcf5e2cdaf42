"""helpers.netdraw: the drawing shows mlp's numbers; the slider widget follows the sliders."""

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle

from helpers import mlp, netdraw
from helpers.activations import sigmoid_prime


@pytest.fixture
def params():
    rng = np.random.default_rng(0)
    return [(W, 0.3 * rng.normal(size=b.shape)) for W, b in mlp.init_params([2, 3, 2], seed=0)]


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_state_matches_mlp(params):
    s = netdraw.state(params, [0.5, -1.0], [1.0, 0.0])
    out, cache = mlp.forward(params, np.array([[0.5, -1.0]]))
    deltas, grads = mlp.deltas_and_grads(params, cache, np.array([[1.0, 0.0]]))
    np.testing.assert_array_equal(s["a"][2], out[0])
    np.testing.assert_array_equal(s["delta"][1], deltas[0][0])
    np.testing.assert_array_equal(s["grads"][0][0], grads[0][0])
    # the recursion, one example: delta^1 = (delta^2 W^2) * sigma'(z^1)
    W2 = params[1][0]
    np.testing.assert_allclose(s["delta"][1], (s["delta"][2] @ W2) * sigmoid_prime(s["z"][1]))


def test_draw_shows_every_unit_with_a_and_delta(params):
    fig = netdraw.draw(params, [0.5, -1.0], [1.0, 0.0], highlight=(2, 0, 0))
    ax = fig.axes[0]
    assert sum(isinstance(p, Circle) for p in ax.patches) == 2 + 3 + 2
    assert len(ax.lines) == 2 * 3 + 3 * 2
    s = netdraw.state(params, [0.5, -1.0], [1.0, 0.0])
    shown = texts(fig)
    for layer in (1, 2):
        for a, d in zip(s["a"][layer], s["delta"][layer], strict=True):
            assert f"a={netdraw.short(a, 3)}\nδ={netdraw.short(d)}" in shown
    assert any(t.startswith("$W^2_{00}$ = ") for t in shown)
    assert any("loss L" in t for t in shown)
    assert fig.axes[1].get_ylabel().startswith("unit colour")
    plt.close(fig)


@pytest.fixture
def explorer(params):
    return netdraw.delta_explorer(params, [0.5, -1.0], [1.0, 0.0], weight=(2, 0, 0))


def test_explorer_starts_at_the_given_point(explorer, params):
    assert explorer.values == {"x": 0.5, "w": pytest.approx(params[1][0][0, 0])}
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "δ<sup>1</sup>" in explorer.readout.value


def test_moving_the_weight_changes_the_deltas_through_the_recursion(explorer):
    before_png, before_delta = explorer.image.value, explorer.shown["delta"][1].copy()
    explorer.sliders["w"].value = 0.0
    s = explorer.shown
    assert explorer.image.value != before_png
    assert not np.allclose(s["delta"][1], before_delta)
    # with W^2_00 = 0, output unit 0 sends nothing back to hidden unit 0
    params, _ = explorer.current(explorer.values)
    W2 = params[1][0]
    assert W2[0, 0] == 0.0
    expected = s["delta"][2][1] * W2[1, 0] * sigmoid_prime(s["z"][1][0])
    assert s["delta"][1][0] == pytest.approx(expected, rel=1e-14)


def test_moving_the_input_changes_the_readout(explorer):
    before = explorer.readout.value
    explorer.sliders["x"].value = -3.0
    assert explorer.readout.value != before
    assert explorer.shown["a"][0][0] == -3.0


def test_explorer_does_not_change_the_callers_params(explorer, params):
    original = params[1][0][0, 0]
    explorer.sliders["w"].value = 5.0
    assert params[1][0][0, 0] == original


@pytest.mark.parametrize(
    "hidden, output, loss",
    [
        ("sigmoid", "sigmoid", "mse"),
        ("relu", "identity", "mse"),
        ("tanh", "softmax", "cross_entropy"),
    ],
)
def test_slider_extremes_give_no_warning_or_nan(params, hidden, output, loss):
    dash = netdraw.delta_explorer(
        params, [0.5, -1.0], [1.0, 0.0], hidden, output, loss, weight=(1, 2, 1)
    )
    s = dash.sliders
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x, w in itertools.product((s["x"].min, 0.0, s["x"].max), (s["w"].min, 0.0, s["w"].max)):
            s["x"].value, s["w"].value = x, w
            values = dash.shown
            assert np.isfinite(values["loss"])
            assert all(np.all(np.isfinite(d)) for d in values["delta"][1:])
            assert "nan" not in dash.readout.value.lower()


def test_bad_weight_or_input_index(params):
    with pytest.raises(ValueError, match="weight must name an entry"):
        netdraw.delta_explorer(params, [0.5, -1.0], [1.0, 0.0], weight=(3, 0, 0))
    with pytest.raises(ValueError, match="weight must name an entry"):
        netdraw.delta_explorer(params, [0.5, -1.0], [1.0, 0.0], weight=(1, 0, 2))
    with pytest.raises(ValueError, match="input_index"):
        netdraw.delta_explorer(params, [0.5, -1.0], [1.0, 0.0], input_index=2)
    with pytest.raises(ValueError, match=r"x must have shape \(2,\)"):
        netdraw.draw(params, [0.5, -1.0, 2.0], [1.0, 0.0])


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (0.084, 2, "0.084"),
        (-6.8e-05, 2, "-6.8e-5"),
        (-0.0, 2, "0"),
        (0.5219, 3, "0.522"),
        (1234.5, 2, "1.2e3"),
    ],
)
def test_short_numbers(value, digits, text):
    assert netdraw.short(value, digits) == text


def test_moving_one_weight_leaves_the_other_edges_alone(explorer):
    edges = explorer.picture.edges
    widths = [[[line.get_linewidth() for line in row] for row in rows] for rows in edges]
    explorer.sliders["w"].value = explorer.sliders["w"].max
    after = [[[line.get_linewidth() for line in row] for row in rows] for rows in edges]
    moved = after[1][0].pop(0)
    widths[1][0].pop(0)
    assert after == widths
    assert moved == pytest.approx(0.4 + 3.6 * netdraw.WIDEST)  # the widest an edge gets


def test_unit_labels_fit_inside_their_circles(explorer):
    """At the slider extremes the longest labels (e.g. delta=-6.8e-5) stay inside the unit."""
    s = explorer.sliders
    renderer = explorer._canvas.get_renderer()
    ax = explorer.picture.ax
    for x, w in itertools.product((s["x"].min, s["x"].max), (s["w"].min, s["w"].max)):
        s["x"].value, s["w"].value = x, w
        for units, texts in zip(explorer.picture.units, explorer.picture.texts, strict=True):
            for circle, text in zip(units, texts, strict=True):
                box = text.get_window_extent(renderer)
                centre = ax.transData.transform(circle.center)
                radius = ax.transData.transform((circle.center[0] + netdraw.RADIUS, 0))[0]
                radius -= centre[0]
                corners = np.array([[box.x0, box.y0], [box.x0, box.y1], [box.x1, box.y0]])
                corners = np.vstack([corners, [box.x1, box.y1]])
                assert np.all(np.hypot(*(corners - centre).T) < 1.05 * radius), text.get_text()


def test_explorer_redraws_only_what_its_sliders_move(explorer):
    """The slider's edge, the moving input's number and every unit of layers >= 1 move;
    the other edges, the input circles and the targets are drawn once, into the background."""
    pic = explorer.picture
    edges = [line for rows in pic.edges for row in rows for line in row]
    assert [line.get_animated() for line in edges].count(True) == 1
    assert pic.edges[1][0][0].get_animated()  # weight=(2, 0, 0): the slider's W^2_00
    assert pic.texts[0][0].get_animated() and not pic.texts[0][1].get_animated()  # x_0 moves
    assert not any(c.get_animated() for c in pic.units[0])
    assert not any(t.get_animated() for t in pic.target_labels)
    assert all(c.get_animated() for units in pic.units[1:] for c in units)
    before = pic.edges[1][0][0].get_linewidth()
    explorer.sliders["w"].value = 0.0
    assert pic.edges[1][0][0].get_linewidth() < before
    assert pic.texts[0][0].get_text().endswith("0.5")
    explorer.sliders["x"].value = 1.25
    assert pic.texts[0][0].get_text().endswith("1.25")
