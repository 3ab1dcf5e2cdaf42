"""helpers.capstone_plots: the figures of notebooks 06 and 07 and the depth explorer, headless."""

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import capstone_plots as cp
from helpers import data, figures, mlp, pathologies, train


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def explorer():
    return cp.depth_explorer()


def labelled(fig):
    """Every axes that shows data has both axis labels and a title (or a figure title)."""
    for ax in fig.axes:
        if ax.has_data() and ax.get_xlabel():
            assert ax.get_ylabel(), ax
            assert ax.get_title() or fig._suptitle is not None, ax
    return True


def test_history_plot():
    history = train.History([1, 2], [0.5, 0.2], [0.8, 0.9], [0.6, 0.3], [0.7, 0.85])
    fig = cp.plot_history(history)
    assert len(fig.axes) == 2 and labelled(fig)
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]


def test_digit_grids_mark_mistakes_in_red(rng):
    images = rng.random((12, 8, 8))
    labels = np.arange(12) % 10
    predicted = labels.copy()
    predicted[3] = 9
    fig = cp.plot_digits(images, labels, predicted, ncols=5)
    (ax,) = fig.axes  # one image holds the whole grid
    texts = ax.texts
    assert len(texts) == 12
    assert texts[3].get_text() == "pred 9 (3)"
    assert texts[3].get_color() == figures.VERMILLION and texts[0].get_color() == "black"
    (grid,) = ax.images
    assert grid.get_array().shape == (3 * 12, 5 * 10 - 2)  # 3 rows of 5 digits, with gaps
    assert [t.get_text() for t in cp.plot_digits(images[:2], labels[:2]).axes[0].texts] == [
        "0",
        "1",
    ]


def test_confusion_and_first_layer_plots(rng):
    C = train.confusion(rng.integers(0, 10, 200), rng.integers(0, 10, 200), 10)
    assert labelled(cp.plot_confusion(C))
    W1 = rng.normal(size=(20, 64))
    W1[3] *= 10  # one large unit: with one scale per row it shows as the strongest
    fig = cp.plot_first_layer(W1, W1 * 0.5, units=8)
    rows, bars = fig.axes[:2], fig.axes[2:]
    assert len(rows) == 2 and len(bars) == 2  # one image and one colour bar per row
    for ax, weights in zip(rows, (W1, W1 - W1 * 0.5), strict=True):
        (image,) = ax.images
        low, high = image.get_clim()
        assert high == -low == pytest.approx(np.abs(weights[:8]).max())  # shared, symmetric
    assert "red = positive" in fig._suptitle.get_text()


def test_decision_boundary_plot():
    X, y = data.moons(30, seed=0)
    params = mlp.init_params([2, 4, 1], seed=0)
    fig = cp.plot_decision_boundary(params, X, y)
    assert labelled(fig)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("decision boundary" in text for text in legend)  # the black line is named


def test_pathology_figures():
    for fig in (
        cp.plot_delta_profiles(6),
        cp.plot_ratio_vs_depth([2, 4, 6]),
        cp.plot_fd_errors(np.logspace(-12, 0, 7)),
        cp.plot_relu_kink(),
    ):
        assert labelled(fig)


def test_explorer_starts_with_the_default_network():
    explorer = cp.depth_explorer()
    assert explorer.values == {"depth": 10, "hidden": "sigmoid", "scale": 1.0}
    size = pathologies.delta_profile(10, "sigmoid", 1.0).size
    assert f"{size[0] / size[-1]:.3g}" in explorer.readout.value
    assert "vanishing" in explorer.readout.value
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_every_slider_changes_the_readout_and_the_figure(explorer):
    changes = {"depth": 20, "hidden": "relu", "scale": 2.5}
    for name, value in changes.items():
        before_text, before_png = explorer.readout.value, explorer.image.value
        explorer.sliders[name].value = value
        assert explorer.readout.value != before_text, name
        assert explorer.image.value != before_png, name
    assert "exploding" in explorer.readout.value
    line_x = explorer._size.get_xdata()
    assert len(line_x) == 20


def test_he_init_keeps_relu_steady(explorer):
    explorer.sliders["hidden"].value = "relu"
    explorer.sliders["depth"].value = 30
    explorer.sliders["scale"].value = 1.4  # about sqrt(2)
    assert "(about steady)" in explorer.readout.value


@pytest.mark.parametrize(
    "hidden, scale, words",
    [  # the settings notebook 07's prompts name, at the default depth 10
        ("relu", 1.0, "(vanishing)"),
        ("sigmoid", 4.0, "(vanishing)"),
        ("tanh", 4.0, "(exploding)"),
        ("sigmoid", 1.0, "(vanishing)"),
    ],
)
def test_verdict_goes_by_the_factor_per_layer(hidden, scale, words):
    explorer = cp.depth_explorer(depth=10, hidden=hidden, scale=scale)
    assert words in explorer.readout.value
    factor = pathologies.delta_profile(10, hidden, scale).factor
    assert f"{factor:.3f}" in explorer.readout.value


def test_verdict_bands():
    assert [cp.verdict(f) for f in (0.2, 0.9, 1.0, 1.1, 3.0)] == [
        "vanishing",
        "slowly vanishing",
        "about steady",
        "slowly exploding",
        "exploding",
    ]


def test_green_points_are_scale_times_rms_slope(explorer):
    explorer.sliders["depth"].value, explorer.sliders["hidden"].value = 12, "relu"
    explorer.sliders["scale"].value = 2.0
    profile = pathologies.delta_profile(12, "relu", 2.0)
    assert np.allclose(explorer._predicted.get_ydata(), 2.0 * profile.fprime_rms)
    assert list(explorer._predicted.get_xdata()) == list(range(1, 12))
    assert explorer._average.get_ydata()[0] == pytest.approx(profile.factor)


def test_the_name_differs_from_netdraws_dashboard():
    assert not hasattr(cp, "DeltaExplorer") and not hasattr(cp, "delta_explorer")
    assert isinstance(cp.depth_explorer(depth=3), cp.DepthExplorer)


def test_extremes_give_no_warning(explorer):
    s = explorer.sliders
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for depth, hidden, scale in itertools.product(
            (s["depth"].min, s["depth"].max), s["hidden"].options, (s["scale"].min, s["scale"].max)
        ):
            s["depth"].value, s["hidden"].value, s["scale"].value = depth, hidden, scale
            assert "nan" not in explorer.readout.value and "inf" not in explorer.readout.value


def test_figures_follow_the_figure_contract(rng):
    """Every plot of notebooks 06-07: text of at least 9 pt, at most 9.3 in (930 px) wide."""
    digits = data.load_digits()
    params = mlp.init_params([2, 4, 1], seed=0)
    X, y = data.moons(20, seed=0)
    history = train.History()
    history.epoch, history.train_loss, history.train_accuracy = [1, 2], [1.0, 0.5], [0.5, 0.7]
    made = [
        cp.plot_history(history),
        cp.plot_digits(digits.images_train[:20], digits.y_train[:20], digits.y_train[:20]),
        cp.plot_confusion(np.eye(10, dtype=int)),
        cp.plot_first_layer(rng.normal(size=(16, 64)), rng.normal(size=(16, 64))),
        cp.plot_decision_boundary(params, X, y),
        cp.plot_delta_profiles(depth=4),
        cp.plot_ratio_vs_depth(depths=[2, 4]),
        cp.plot_fd_errors(np.logspace(-8, 0, 9)),
        cp.plot_relu_kink(),
    ]
    for fig in made:
        fig.canvas.draw()  # makes the tick labels
        assert figures.too_small(fig) == [], fig.axes[0].get_title()
        assert fig.get_figwidth() <= 9.3 + 1e-9
        plt.close(fig)
