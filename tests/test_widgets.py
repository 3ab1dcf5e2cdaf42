"""Headless tests of the neuron explorer: move a slider, check what is shown."""

import base64
import itertools
import warnings

import numpy as np
import pytest

from helpers import neuron, widgets
from helpers.widgets import number


@pytest.fixture
def explorer():
    return widgets.neuron_explorer()


def shown(dash) -> str:
    return dash.readout.value


def test_starts_at_the_seed_example(explorer):
    assert explorer.values == {"w": 0.2, "b": 0.1, "x": 0.5, "y_true": 1.0}
    assert ">0.2<" in shown(explorer)  # z = 0.2 * 0.5 + 0.1
    assert number(neuron.forward(0.5, 0.2, 0.1)[0]) in shown(explorer)
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_moving_w_updates_numbers_and_figure(explorer):
    before_text, before_png = shown(explorer), explorer.image.value
    explorer.sliders["w"].value = 3.0
    y, z = neuron.forward(0.5, 3.0, 0.1)
    dw, db = neuron.backward(0.5, y, z, 1.0)
    assert number(z) in shown(explorer)
    assert number(dw) in shown(explorer) and number(db) in shown(explorer)
    assert shown(explorer) != before_text
    assert explorer.image.value != before_png


def test_every_slider_drives_the_readout(explorer):
    for name, slider in explorer.sliders.items():
        before = shown(explorer)
        slider.value = slider.max if slider.value != slider.max else slider.min
        assert shown(explorer) != before, name


def test_forward_only_view_hides_gradients():
    dash = widgets.neuron_explorer(show_gradients=False)
    assert "∂L/∂w" not in shown(dash)
    assert "L = ½" in shown(dash)


def test_extremes_give_no_warning_and_finite_numbers(explorer):
    s = explorer.sliders
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for w, b, x, t in itertools.product(
            (s["w"].min, s["w"].max),
            (s["b"].min, s["b"].max),
            (s["x"].min, 0.0, s["x"].max),
            (s["y_true"].min, s["y_true"].max),
        ):
            explorer.sliders["w"].value = w
            explorer.sliders["b"].value = b
            explorer.sliders["x"].value = x
            explorer.sliders["y_true"].value = t
            assert "nan" not in shown(explorer).lower()
            assert "inf" not in shown(explorer).lower()


def test_tiny_and_negative_zero_values_read_well(explorer):
    explorer.sliders["x"].value = 0.0  # dL/dw = ... * x = -0.0
    assert ">-0<" not in shown(explorer)
    explorer.sliders["w"].value, explorer.sliders["x"].value = 10.0, 5.0
    explorer.sliders["y_true"].value = 0.0
    assert "e-" in shown(explorer)  # the saturated slope shows as e.g. 1.9e-22, not 0.000000


def test_right_panel_of_01_is_y_against_x():
    dash = widgets.neuron_explorer(show_gradients=False)
    dash.sliders["w"].value, dash.sliders["b"].value = 2.0, -1.0
    curve = dash.fig.axes[1].lines[0]
    xs, ys = curve.get_data()
    np.testing.assert_allclose(ys, neuron.forward(xs, 2.0, -1.0)[0])
    assert dash.fig.axes[1].get_xlabel() == r"input $x$"


def test_right_panel_of_02_is_L_of_w_with_its_tangent(explorer):
    explorer.sliders["w"].value = 1.5
    curve, tangent = explorer.fig.axes[1].lines[:2]
    ws, Ls = curve.get_data()
    np.testing.assert_allclose(Ls, neuron.loss(neuron.forward(0.5, ws, 0.1)[0], 1.0))
    (w0, w1), (L0, L1) = tangent.get_data()
    y, z = neuron.forward(0.5, 1.5, 0.1)
    assert (L1 - L0) / (w1 - w0) == pytest.approx(neuron.backward(0.5, y, z, 1.0)[0])
    assert (w0 + w1) / 2 == pytest.approx(1.5)


def test_legends_sit_above_the_axes_so_no_line_crosses_them(explorer):
    explorer.png()
    renderer = explorer._canvas.get_renderer()
    for ax in explorer.fig.axes:
        legend_box = ax.get_legend().get_window_extent(renderer)
        assert legend_box.y0 >= ax.get_window_extent(renderer).y1


def test_sharp_figure_and_a_static_picture(explorer):
    drawn = explorer.fig.get_figwidth() * explorer.fig.dpi
    # shown at most 934 px wide: the output area of JupyterLab in a 1366 px window (file
    # browser open), so the browser never shrinks it and 9 pt stay 9 pt on screen
    assert explorer.shown_width * 1.5 == pytest.approx(drawn) and 900 <= explorer.shown_width <= 934
    data, metadata = explorer._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert "application/vnd.jupyter.widget-view+json" in data
    assert metadata["image/png"]["width"] == explorer.shown_width


@pytest.mark.parametrize("show_gradients", [False, True])
def test_figure_contract_palette_fonts_names_and_alt(show_gradients):
    """Okabe-Ito colours with the target dashed, no text under 9 pt, named sliders, an alt."""
    from matplotlib.colors import to_hex

    from helpers import figures

    explorer = widgets.neuron_explorer(show_gradients=show_gradients)
    explorer.png()
    assert figures.too_small(explorer.fig) == []
    palette = {c.lower() for c in figures.COLORS}
    for ax in explorer.fig.axes:
        for line in ax.get_lines():
            assert to_hex(line.get_color()) in palette, line
        styles = {line.get_linestyle() for line in ax.get_lines() if line.get_label()[:1] != "_"}
        assert len(styles) == len([ln for ln in ax.get_lines() if ln.get_label()[:1] != "_"])
    names = [s.tooltip for s in explorer.sliders.values()]
    assert names == ["weight w", "bias b", "input x", "target y_true"]
    alt = explorer.alt_text()
    assert "z = 0.2" in alt and "y_true = 1" in alt
    assert ("dL/dw = -0.0557" in alt) == show_gradients
    data, metadata = explorer._repr_mimebundle_()
    assert metadata["image/png"]["alt"] == alt and data["text/plain"].startswith(alt)
    assert "weight w (-10 to 10)" in data["text/plain"]


def test_slider_tooltip_must_be_a_string():
    with pytest.raises(TypeError, match="tooltip"):
        widgets.slider("w", 0.0, -1, 1, tooltip=3)
    assert widgets.slider("w", 0.0, -1, 1, tooltip="weight w").tooltip == "weight w"
