"""helpers.descent_plots: static figures and the notebook-03 dashboard, headless."""

import base64
import io
import itertools
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from helpers import descent, descent_plots
from helpers.dashboard import encode_png


@pytest.fixture(scope="module")
def explorer():
    return descent_plots.descent_explorer()


def decode(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    image.load()
    return np.asarray(image)


def extremes(slider):
    if hasattr(slider, "options"):
        return list(slider.options)
    if hasattr(slider, "base"):  # FloatLogSlider: min and max are exponents
        return [slider.base**slider.min, slider.base**slider.max]
    return [slider.min, slider.max]


def test_sliders_are_described_as_in_the_notebook(explorer):
    described = {name: s.description for name, s in explorer.sliders.items()}
    assert described == {
        "w": "w",
        "b": "b",
        "x": "x",
        "y_true": "y_true",
        "lr": "learning rate",
        "steps": "steps",
        "output": "",  # the buttons say "sigmoid" and "linear"; the tooltip names them
    }
    assert type(explorer.sliders["lr"]).__name__ == "FloatLogSlider"


def test_learning_rate_slider_covers_slow_good_and_too_large(explorer):
    lo, hi = extremes(explorer.sliders["lr"])
    assert lo <= 1e-3  # slow
    bounds = [descent.lr_bound(x) for x in extremes(explorer.sliders["x"]) + [0.0]]
    assert all(lo < bound / 2 and hi > bound for bound in bounds)  # good and too large


def test_starts_at_the_seed(explorer):
    assert explorer.values == {
        "w": 0.2,
        "b": 0.1,
        "x": 0.5,
        "y_true": 1.0,
        "lr": 0.01,
        "steps": 100,
        "output": "sigmoid",
    }
    # drawn at 1.5 times the 930 x 300 CSS pixels it is shown at: never blurred by upscaling
    assert decode(explorer.image.value).shape == (450, 1395, 3)
    assert explorer.shown_width == 930 and explorer.image.layout.width == "930px"
    assert "L after 100 steps" in explorer.readout.value and "<p>" not in explorer.readout.value


def test_readout_gives_y_at_the_start_and_the_end(explorer):
    h = descent.train(0.5, 1.0, 0.2, 0.1, lr=0.01, steps=100)
    assert f"{h.y[0]:.4g}, {h.y[-1]:.4g}" in explorer.readout.value
    explorer.sliders["lr"].value = 10.0
    h = descent.train(0.5, 1.0, 0.2, 0.1, lr=explorer.sliders["lr"].value, steps=100)
    assert f"{h.y[-1]:.4g}" in explorer.readout.value


def test_static_picture_for_frontends_without_the_widget(explorer):
    data, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    png = base64.b64decode(data["image/png"])
    assert png == bytes(explorer.image.value)  # the picture of the current state
    assert metadata["image/png"]["width"] == 930 and metadata["image/png"]["alt"]


def test_every_combination_of_slider_extremes_gives_a_figure(explorer):
    names = list(explorer.sliders)
    for combo in itertools.product(*(extremes(explorer.sliders[n]) for n in names)):
        values = dict(zip(names, combo, strict=True))
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning of any kind
            readout = explorer.render(values)
            png = explorer.png()
        assert png.startswith(b"\x89PNG") and readout
        assert "nan" not in readout.lower() and "inf" not in readout.lower()
        h = descent.train(
            values["x"], values["y_true"], values["w"], values["b"],
            lr=values["lr"], steps=values["steps"], output=values["output"],
        )  # fmt: skip
        if not h.ok:  # diverged: a plain message, in the readout and on the figure
            assert "diverged" in readout
            assert explorer._banner.get_visible() and "diverged" in explorer._banner.get_text()


def test_moving_the_sliders_to_their_ends(explorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer.sliders["output"].value = "linear"
        for name in ("w", "b", "x", "y_true", "lr", "steps"):
            slider = explorer.sliders[name]
            start = slider.value
            for end in extremes(slider):
                slider.value = end
                assert bytes(explorer.image.value).startswith(b"\x89PNG")
            slider.value = start
        explorer.sliders["output"].value = "sigmoid"


def test_divergence_shows_a_message_on_the_plot():
    d = descent_plots.descent_explorer(x=2.0, w=-6.0, b=-4.0, lr=3.0, output="linear")
    assert "Training diverged" in d.readout.value and "0.4" in d.readout.value
    assert d._banner.get_visible()
    # The message is drawn: the figure differs from the same state with it hidden.
    with_message = decode(d.image.value)
    d._banner.set_visible(False)
    assert not np.array_equal(with_message, decode(d.png()))


def test_growing_loss_below_the_divergence_limit_is_explained():
    d = descent_plots.descent_explorer(x=0.5, lr=1.7, steps=10, output="linear")
    assert "above the bound" in d.readout.value and d._banner.get_visible()
    d.sliders["lr"].value = 1.0
    assert not d._banner.get_visible() and "overshoots" in d.readout.value


def test_the_message_stays_inside_the_loss_panel():
    d = descent_plots.descent_explorer(x=5.0, w=-8.0, b=-8.0, lr=19.9, steps=500, output="linear")
    assert d._banner.get_visible()
    renderer = d._canvas.get_renderer()
    box = d._banner.get_window_extent(renderer)  # the text; its frame adds a few pixels
    panel = d._axes[1].get_window_extent(renderer)
    assert panel.x0 < box.x0 and box.x1 < panel.x1 and panel.y0 < box.y0 and box.y1 < panel.y1


def test_minima_are_in_the_legend_only_when_there_are_some():
    d = descent_plots.descent_explorer()  # sigmoid, y_true = 1: L only tends to 0

    def entries():
        return [t.get_text() for t in d._axes[0].get_legend().get_texts()]

    assert not d._minimum.get_visible() and not any("minima" in e for e in entries())
    d.sliders["y_true"].value = 0.5
    assert d._minimum.get_visible() and any("minima" in e for e in entries())
    d.sliders["y_true"].value = 1.0
    d.sliders["output"].value = "linear"  # a linear output reaches any y_true
    assert d._minimum.get_visible() and any("minima" in e for e in entries())


def test_a_growing_zigzag_gets_a_symlog_axis():
    d = descent_plots.descent_explorer(lr=1.4, output="linear")
    ax_y = d._axes[2]
    assert ax_y.get_yscale() == "linear" and ax_y.get_ylim() == (-5.0, 5.0)
    d.sliders["lr"].value = 1.7  # above the bound: |y| reaches about 1e5 in 100 steps
    assert ax_y.get_yscale() == "symlog" and ax_y.get_ylim() == (-1e8, 1e8)
    assert list(ax_y.get_yticks()) == [-1e8, -1e4, 0.0, 1e4, 1e8]
    labels = [t.get_text() for t in ax_y.get_yticklabels()]
    assert labels == ["$-10^{8}$", "$-10^{4}$", "0", "$10^{4}$", "$10^{8}$"]
    d.sliders["output"].value = "sigmoid"
    assert ax_y.get_yscale() == "linear" and ax_y.get_ylim() == (-0.05, 1.05)


def test_surface_is_recomputed_only_when_the_example_changes():
    d = descent_plots.descent_explorer()
    surface = d._surface
    d.sliders["w"].value = 1.0
    d.sliders["lr"].value = 0.5
    d.sliders["steps"].value = 50
    assert d._surface is surface
    d.sliders["x"].value = 1.0
    assert d._surface is not surface


def test_a_slider_move_usually_reuses_the_background():
    d = descent_plots.descent_explorer(output="linear")
    redraws = 0
    for w in np.linspace(-8, 8, 33):
        background = d._background
        d.sliders["w"].value = float(w)
        redraws += d._background is not background
    assert redraws <= 8


def test_static_figures_draw():
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    h = descent.train(0.5, 1.0, -2.0, 3.0, lr=1.0, steps=20, output="linear")
    artists = descent_plots.plot_surface(ax1, 0.5, 1.0, "linear")
    line, start, end = descent_plots.plot_path(ax1, h)
    descent_plots.plot_gradient_arrow(ax1, h.w[0], h.b[0], h.dL_dw[0], h.dL_db[0])
    curve = descent_plots.plot_loss_curve(ax2, h, label="lr = 1")
    assert len(artists) == 2 and len(line.get_xdata()) == 21
    assert ax2.get_yscale() == "log" and np.all(curve.get_ydata() > 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def test_helpers_for_ranges():
    assert descent_plots.gradient_uv(0.0, 0.0) == (0.0, 0.0)
    assert descent_plots.gradient_uv(3.0, 4.0, length=5.0) == pytest.approx((-3.0, -4.0))
    assert descent_plots.level(7, (1, 5, 10)) == 2
    assert descent_plots.level(1e-3, (1e-1, 1e-2, 1e-4), below=True) == 2
    assert descent_plots.settle(3, 2, 1) == 3 and descent_plots.settle(4, 2, 1) == 2
    assert descent_plots.symlog_ticks(1e4) == [-1e4, -100.0, 0.0, 100.0, 1e4]
    assert descent_plots.symlog_ticks(1e12) == [-1e12, -1e6, 0.0, 1e6, 1e12]
    assert descent_plots.minimum_line(0.5, 1.0, "sigmoid") is None
    assert descent_plots.minimum_line(0.5, 0.5, "sigmoid") == pytest.approx(0.0)


def test_encode_png_round_trips(rng):
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    np.testing.assert_array_equal(decode(encode_png(rgba)), rgba[..., :3])


def test_figure_contract_palette_fonts_names_and_alt():
    """Okabe-Ito colours, no text under 9 pt, every control named, an alt with the numbers."""
    from matplotlib.colors import to_hex

    from helpers import figures

    explorer = descent_plots.descent_explorer()
    explorer.png()
    assert figures.too_small(explorer.fig) == []
    palette = {c.lower() for c in figures.COLORS} | {"#ffffff"}  # white: path on the contours
    for ax in explorer.fig.axes:
        for line in ax.get_lines():
            assert to_hex(line.get_color()) in palette, line
    names = [getattr(c, "tooltip", None) or c.description for c in explorer.sliders.values()]
    assert names == [
        "starting weight w", "starting bias b", "input x", "target y_true", "learning rate",
        "number of steps", "output of the neuron",
    ]  # fmt: skip
    alt = explorer.alt_text()
    assert "100 steps at learning rate 0.01" in alt and "from 0.5498 to 0.5825" in alt
    assert explorer.shown_width <= 934  # JupyterLab's output area in a 1366 px window


def test_the_legend_names_the_end_cross_and_fits_under_the_surface():
    d = descent_plots.descent_explorer(x=5.0, y_true=0.7)  # all three entries
    legend = d._axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()][0] == "start, end"
    d._canvas.draw()
    box = legend.get_window_extent(d._canvas.get_renderer())
    fig_box = d.fig.bbox
    assert fig_box.y0 <= box.y0 and box.x1 <= d._axes[1].get_window_extent().x0
    assert box.height < 0.12 * fig_box.height  # one row, not a block
