"""helpers.batch_plots: per-example gradients, batch gradients and the notebook-05 dashboard."""

import warnings

import numpy as np
import pytest

from helpers import batch_plots, mlp

KW = dict(hidden="tanh", output="softmax", loss="cross_entropy")


def flat(grads):
    return np.concatenate([np.ravel(a) for pair in grads for a in pair])


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    params = mlp.init_params([4, 5, 3], seed=1)
    teacher = mlp.init_params([4, 8, 3], seed=7, scale=2.0)
    X = rng.normal(size=(600, 4))
    Y = np.eye(3)[mlp.predict(teacher, X, hidden="tanh", output="softmax")]
    return params, X, Y


@pytest.fixture(scope="module")
def explorer(data):
    return batch_plots.batch_explorer(*data)


@pytest.mark.parametrize(
    "hidden, output, loss",
    [
        ("tanh", "softmax", "cross_entropy"),
        ("sigmoid", "sigmoid", "mse"),
        ("relu", "sigmoid", "bce"),
    ],
)
def test_per_example_gradients_are_each_examples_own(hidden, output, loss):
    rng = np.random.default_rng(1)
    params = mlp.init_params([3, 4, 2], seed=2)
    X = rng.normal(size=(5, 3))
    Y = np.eye(2)[[0, 1, 1, 0, 1]]
    G = batch_plots.per_example_gradients(params, X, Y, hidden, output, loss)
    assert G.shape == (5, 4 * 3 + 4 + 2 * 4 + 2)
    for n in range(5):
        _, own = mlp.loss_and_grads(params, X[n : n + 1], Y[n : n + 1], hidden, output, loss)
        np.testing.assert_allclose(G[n], flat(own), rtol=1e-12, atol=1e-15)
    _, full = mlp.loss_and_grads(params, X, Y, hidden, output, loss)
    np.testing.assert_allclose(G.mean(axis=0), flat(full), rtol=1e-12, atol=1e-15)


def test_batch_gradients_are_means_of_distinct_examples():
    rng = np.random.default_rng(2)
    G = rng.normal(size=(7, 3))
    batches = batch_plots.batch_gradients(G, sizes=[1, 3, 7], draws=4, seed=0)
    assert batches.shape == (3, 4, 3)
    for one in batches[0]:  # a batch of one is one example's gradient
        assert any(np.allclose(one, row, rtol=0, atol=1e-15) for row in G)
    np.testing.assert_allclose(batches[2], np.broadcast_to(G.mean(axis=0), (4, 3)), rtol=1e-14)
    again = batch_plots.batch_gradients(G, sizes=[1, 3, 7], draws=4, seed=0)
    np.testing.assert_array_equal(batches, again)  # seeded


@pytest.mark.parametrize("sizes", [[0, 2], [2, 2], [3, 1], [1, 8], [1.5, 2], []])
def test_batch_gradients_refuse_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes must be increasing integers in \\[1, 7\\]"):
        batch_plots.batch_gradients(np.ones((7, 2)), sizes=sizes)


@pytest.mark.parametrize(
    ("draws", "error"), [(0, ValueError), (-1, ValueError), (2.0, TypeError), (True, TypeError)]
)
def test_batch_gradients_refuse_bad_draws(draws, error):
    with pytest.raises(error, match=r"draws must be (an integer in \[1, 100,000\]|a whole)"):
        batch_plots.batch_gradients(np.ones((7, 2)), sizes=[1], draws=draws)


def test_slider_offers_the_batch_sizes(explorer):
    slider = explorer.sliders["N"]
    assert slider.description == "batch N"
    assert list(slider.options) == list(batch_plots.SIZES)
    assert explorer.values == {"N": 1}
    assert bytes(explorer.image.value).startswith(b"\x89PNG")
    assert "batch size N" in explorer.readout.value


def test_the_points_are_the_batch_gradients_relative_to_g(explorer, data):
    G = batch_plots.per_example_gradients(*data)
    g = G.mean(axis=0)
    batches = batch_plots.batch_gradients(G, batch_plots.SIZES, 200, 0)
    k = batch_plots.SIZES.index(16)
    along = batches[k] @ g / (g @ g)
    across = np.linalg.norm(batches[k] - np.outer(along, g), axis=1) / np.linalg.norm(g)
    cosine = batches[k] @ g / (np.linalg.norm(batches[k], axis=1) * np.linalg.norm(g))
    np.testing.assert_allclose(explorer.along[k], along, rtol=1e-10)
    np.testing.assert_allclose(explorer.across[k], across, rtol=1e-10)
    np.testing.assert_allclose(explorer.cosine[k], cosine, rtol=1e-10)
    explorer.sliders["N"].value = 16
    np.testing.assert_allclose(explorer._points.get_offsets(), np.column_stack([along, across]))
    assert f"{int(np.sum(cosine > 0))} of 200" in explorer.readout.value


def test_spread_falls_like_one_over_root_n(explorer):
    sizes = np.array(batch_plots.SIZES)
    assert np.all(np.diff(explorer.spread) < 0)
    # drawn without replacement from M = 600 examples: sigma / sqrt(N) * sqrt((M - N) / (M - 1))
    expected = explorer.spread_one / np.sqrt(sizes) * np.sqrt((600 - sizes) / 599)
    np.testing.assert_allclose(explorer.spread, expected, rtol=0.1)
    assert explorer.cosine[-1].mean() > explorer.cosine[0].mean()


def test_moving_the_slider_redraws(explorer):
    explorer.sliders["N"].value = 1
    before_png, before_text = explorer.image.value, explorer.readout.value
    explorer.sliders["N"].value = 64
    assert explorer.image.value != before_png
    assert explorer.readout.value != before_text
    assert "N = 64" in explorer._title.get_text()
    assert explorer._mark.get_xdata()[0] == 64


def test_every_slider_value_gives_no_warning_or_nan(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dash = batch_plots.batch_explorer(*data)
        for size in dash.sliders["N"].options:
            dash.sliders["N"].value = size
            assert "nan" not in dash.readout.value.lower()
            assert np.all(np.isfinite(dash._points.get_offsets()))
    assert np.all(np.isfinite(dash.cosine)) and np.all(np.isfinite(dash.spread))


def test_zero_gradient_is_refused():
    params = [(np.zeros((2, 3)), np.zeros(2)), (np.zeros((3, 2)), np.zeros(3))]
    X = np.ones((4, 3))
    Y = np.full((4, 3), 1 / 3)  # the softmax of zero logits: nothing to learn
    with pytest.raises(ValueError, match="full gradient is zero"):
        batch_plots.batch_explorer(params, X, Y, sizes=(1, 2))


def test_bad_data_is_refused_by_mlp(data):
    params, X, Y = data
    with pytest.raises(ValueError, match="X has shape"):
        batch_plots.batch_explorer(params, X[:, :3], Y)
