"""helpers.graph_plots: the graphs' numbers come from the engine and match the delta rule;
the step-through dashboard walks every step, fits the window and refuses bad input."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import figures, graph_plots, mlp  # noqa: E402


@pytest.mark.parametrize("network", graph_plots.NETWORKS)
def test_replay_ends_with_the_engines_gradients(network):
    graph = graph_plots.build(network)
    steps = graph_plots.replay(graph)
    graph.root.backward()
    final = steps[-1]["grads"]
    for node in graph.nodes:
        if id(node) not in graph.constant:
            assert final[id(node)] == pytest.approx(float(node.grad), rel=1e-14, abs=1e-16)
    kinds = [s["kind"] for s in steps]
    ops = sum(1 for n in graph.nodes if n.parents)
    assert kinds.count("forward") == ops and kinds.count("seed") == 1
    edges = sum(1 for n in graph.nodes for p in n.parents if id(p) not in graph.constant)
    assert kinds.count("backward") == edges


def test_one_node_per_primitive():
    assert sum(1 for n in graph_plots.build("neuron").nodes if n.parents) == 6
    assert sum(1 for n in graph_plots.build("2-2-1").nodes if n.parents) == 18


def test_the_z_nodes_carry_notebook_04s_deltas():
    params = [
        (np.array([[0.6, -0.4], [0.3, 0.8]]), np.array([0.1, 0.1])),
        (np.array([[0.9, -0.7]]), np.array([0.1])),
    ]
    X, Y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    _, cache = mlp.forward(params, X)
    deltas, grads = mlp.deltas_and_grads(params, cache, Y)
    graph = graph_plots.build("2-2-1")
    final = graph_plots.replay(graph)[-1]["grads"]
    by_name = {graph.delta[k]: final[k] for k in graph.delta}
    assert by_name["δ¹₀"] == pytest.approx(deltas[0][0, 0], rel=1e-12)
    assert by_name["δ¹₁"] == pytest.approx(deltas[0][0, 1], rel=1e-12)
    assert by_name["δ²₀"] == pytest.approx(deltas[1][0, 0], rel=1e-12)
    label = {graph.label[id(n)]: id(n) for n in graph.nodes}
    assert final[label["W¹₀₁"]] == pytest.approx(grads[0][0][0, 1], rel=1e-12)
    assert final[label["x₀"]] == pytest.approx(  # x₀ feeds both hidden units: a sum
        sum(deltas[0][0, j] * params[0][0][j, 0] for j in range(2)), rel=1e-12
    )


def test_describe_every_step():
    graph = graph_plots.build("2-2-1")
    texts = [graph_plots.describe(graph, s) for s in graph_plots.replay(graph)]
    assert texts[0].startswith("Start") and all(texts)
    assert any("δ¹₀ of notebook 04" in t for t in texts)
    assert any(t.startswith("Forward: z²₀") for t in texts)


@pytest.mark.parametrize("network", graph_plots.NETWORKS)
def test_draw_fonts_and_axes(network):
    fig = graph_plots.draw(network)
    assert isinstance(fig, Figure) and figures.too_small(fig) == []
    ax = Figure().add_subplot()
    assert graph_plots.draw(network, 0, ax=ax) is ax.figure


def test_dashboard_steps_back_and_next():
    d = graph_plots.step_through("2-2-1")
    slider = d.sliders["step"]
    assert slider.value == 0 and slider.max == len(d.steps) - 1
    first = bytes(d.image.value)
    d.next.click()
    assert slider.value == 1 and bytes(d.image.value) != first
    d.back.click()
    d.back.click()  # stays at 0
    assert slider.value == 0
    for step in range(slider.max + 1):  # every step renders
        slider.value = step
        assert "step" in d.readout.value
    d.next.click()
    assert slider.value == slider.max
    assert figures.too_small(d.fig) == []


def test_dashboard_fits_1366_by_768():
    d = graph_plots.step_through("2-2-1")
    assert d.shown_width <= 940  # JupyterLab's output area at 1366 px
    height = d.fig.get_figheight() * d.fig.dpi / d.pixel_ratio
    assert height <= 350  # with the buttons, slider and readout: <= 450 px


def test_bad_input():
    with pytest.raises(ValueError, match="network"):
        graph_plots.build("2-3-1")
    with pytest.raises(TypeError, match="graph"):
        graph_plots.replay("graph")
    with pytest.raises(ValueError, match="step"):
        graph_plots.draw("neuron", step=999)
    with pytest.raises(TypeError, match="ax"):
        graph_plots.draw("neuron", ax="axes")
    with pytest.raises(ValueError, match="step"):
        graph_plots.step_through("neuron", step=-1)
    with pytest.raises(TypeError, match="step"):
        graph_plots.describe(graph_plots.build("neuron"), "step")
