"""helpers.figures and the accessibility parts of helpers.dashboard (issue 14), without a browser.

tests/test_a11y_lab.py checks the same things as JupyterLab shows them; these are the quick
checks of the Python side: alt text in every representation, the palette, font sizes,
deterministic PNGs, and the Dashboard base's names, snapping and static picture.
"""

from __future__ import annotations

import base64
import re

import ipywidgets as W
import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from helpers import dashboard, figures

matplotlib.use("agg")


def small_figure(width=4.0) -> Figure:
    fig = Figure(figsize=(width, 2.5))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 4], label="y = x^2", **figures.series(0))
    ax.legend(fontsize=6)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("x", fontsize=5)
    return fig


def test_the_palette_is_okabe_ito_and_has_no_red_green_pair():
    assert len(set(figures.COLORS)) == 8
    assert figures.BLUE == "#0072B2" and figures.VERMILLION == "#D55E00"
    for color in figures.COLORS:  # no pure red or pure green among them
        r, g, b = to_rgb(color)
        assert not (r > 0.8 and g < 0.2 and b < 0.2) and not (g > 0.6 and r < 0.2 and b < 0.2)


@given(st.integers(0, 50))
def test_consecutive_series_differ_in_colour_and_line_style(i):
    a, b = figures.series(i), figures.series(i + 1)
    assert a["color"] != b["color"] and a["linestyle"] != b["linestyle"]


def test_style_raises_ticks_legends_and_labels_to_9_pt():
    fig = small_figure()
    assert figures.too_small(fig)
    figures.style(fig)
    assert figures.too_small(fig) == []


def test_a_figure_wider_than_the_output_area_needs_larger_text():
    assert figures.min_points(small_figure(9.0)) == 9.0
    assert figures.min_points(small_figure(10.0)) == pytest.approx(9 * 1000 / 934, abs=0.01)
    fig = figures.style(small_figure(10.0))
    assert min(t.get_fontsize() for t in fig.axes[0].get_xticklabels()) >= 9.6


def test_to_png_is_the_same_bytes_every_time_and_names_no_version():
    fig = small_figure()
    png = figures.to_png(fig)
    assert png == figures.to_png(fig)
    assert b"Software" not in png and b"atplotlib" not in png


def test_bundle_puts_the_alt_text_everywhere_a_frontend_looks():
    png = figures.to_png(small_figure())
    data, metadata = figures.bundle(png, "A  rising\ncurve.", caption="Move <x>.")
    assert metadata["image/png"]["alt"] == "A rising curve."
    assert base64.b64decode(data["image/png"]) == png
    assert 'alt="A rising curve."' in data["text/html"]
    assert "<figcaption>Move &lt;x&gt;.</figcaption>" in data["text/html"]
    assert data["text/plain"] == "A rising curve. Move <x>."


def test_show_displays_once_and_closes_a_pyplot_figure(monkeypatch):
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(
        "IPython.display.display", lambda data, **kw: shown.append((data, kw["metadata"]))
    )
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    assert figures.show(fig, alt="A line.") is None
    assert len(shown) == 1 and shown[0][1]["image/png"]["alt"] == "A line."
    assert not plt.fignum_exists(fig.number)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: figures.show("fig", alt="x"), TypeError, "fig"),
        (lambda: figures.show(Figure(), alt=""), ValueError, "alt"),
        (lambda: figures.show(Figure(), alt=3), TypeError, "alt"),
        (lambda: figures.bundle(b"not a png", "x"), TypeError, "png"),
        (lambda: figures.series(-1), ValueError, "i"),
        (lambda: figures.style(None), TypeError, "fig"),
    ],
)
def test_bad_arguments_are_named(call, error, name):
    with pytest.raises(error, match=name):
        call()


class Tiny(dashboard.Dashboard):
    alt = "A dot at the weight w."
    caption = "Move w to move the dot."

    def __init__(self, **sliders):
        fig, (ax,) = dashboard.figure(3.0, 2.0)
        (self.dot,) = ax.plot([0], [0], "o", animated=True)
        super().__init__(sliders, fig)

    def render(self, values):
        self.seen = dict(values)
        self.dot.set_data([values["w"]], [0])
        return ""


def weight(tooltip=None, **kw):
    kw = {"value": 0.5, "min": -1.0, "max": 1.0, "step": 0.1, "description": "w", **kw}
    slider = W.FloatSlider(**kw)
    if tooltip is not None:  # set afterwards, as the dashboards do: ipywidgets 7 takes no argument
        slider.tooltip = tooltip
    return slider


def test_float_noise_from_the_browser_is_snapped_to_the_step():
    d = Tiny(w=weight())
    d.sliders["w"].value = 0.09999999999999964
    assert d.sliders["w"].value == 0.1 and d.seen["w"] == 0.1


def test_a_start_between_steps_is_kept():
    assert Tiny(w=weight(value=0.123)).values["w"] == 0.123


def test_the_readout_shows_every_digit_of_the_step():
    assert Tiny(w=weight(step=0.005, value=0.005)).sliders["w"].readout_format == ".3f"


def test_a_slider_without_a_name_is_refused():
    with pytest.raises(ValueError, match="description or a tooltip"):
        Tiny(w=weight(description=""))


def test_the_static_picture_has_alt_text_a_caption_and_no_widget_repr():
    d = Tiny(w=weight(tooltip="weight w"))
    data, metadata = d._repr_mimebundle_()
    assert metadata["image/png"]["alt"] == "A dot at the weight w."
    assert data["text/plain"].startswith("A dot at the weight w. Move w to move the dot.")
    assert "weight w (-1 to 1)" in data["text/plain"]
    assert not re.match(r"\w+\(children=", data["text/plain"])
    assert "<figcaption>" in data["text/html"] and 'alt="A dot' in data["text/html"]
    assert base64.b64decode(data["image/png"]) == bytes(d.image.value)
    assert figures._png_width(bytes(d.image.value)) == 300  # 3 in at 100 dpi


def dashboards():
    """Every Dashboard subclass in the public helpers modules."""
    import importlib
    import pkgutil

    import helpers

    for m in pkgutil.walk_packages(helpers.__path__, "helpers."):
        if not any(part.startswith("_") for part in m.name.split(".")):
            importlib.import_module(m.name)
    found, todo = [], [dashboard.Dashboard]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("helpers."):
                found.append(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("cls", dashboards(), ids=lambda c: c.__qualname__)
def test_every_dashboard_says_what_it_shows_and_what_its_sliders_do(cls):
    assert cls.alt.strip() or "alt_text" in vars(cls), f"{cls.__qualname__}: set alt"
    assert cls.caption.strip() or "caption_text" in vars(cls), f"{cls.__qualname__}: set caption"
