"""helpers.layer_plots: notebook 09's BatchNorm dashboard (numbers, controls, size)."""

import numpy as np
import pytest

from helpers import figures, gradcheck, layer_plots, layers


@pytest.fixture
def explorer():
    return layer_plots.batchnorm_explorer()


def test_column_agrees_with_helpers_layers_and_finite_differences(rng):
    x, dout = rng.normal(size=6), rng.normal(size=6)
    xhat, jac, dX = layer_plots.column(x, dout)
    out, cache = layers.batchnorm_forward(x[:, None], np.ones(1), np.zeros(1))
    np.testing.assert_allclose(xhat, out[:, 0], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(
        dX, layers.batchnorm_backward(dout[:, None], cache)[0][:, 0], rtol=1e-12, atol=1e-15
    )
    for ddof in (0, 1):  # the n - 1 variant too, against finite differences

        def f(t, ddof=ddof):
            return layer_plots.column(t, dout, ddof)[0]

        xhat, jac, dX = layer_plots.column(x, dout, ddof)
        np.testing.assert_allclose(
            dX, gradcheck.numerical_gradient_array(f, x, dout), rtol=1e-6, atol=1e-9
        )
        h = 1e-6 * np.eye(6)[0]
        np.testing.assert_allclose(jac, (f(x + h) - f(x - h)) / 2e-6, rtol=1e-6, atol=1e-9)


def test_every_control_changes_the_readout_and_the_figure(explorer):
    for name, value in (("x0", -2.0), ("upstream", "all ones"), ("variance", "n - 1")):
        before = (explorer.readout.value, bytes(explorer.image.value))
        explorer.sliders[name].value = value
        assert explorer.readout.value != before[0], name
        assert bytes(explorer.image.value) != before[1], name


def test_all_ones_upstream_gives_zero_dX_and_n_minus_1_a_smaller_variance(explorer):
    explorer.sliders["upstream"].value = "all ones"
    assert "largest |dX|</td><td style='font-family:monospace;text-align:right'>0<" in (
        explorer.readout.value
    )
    assert ">0.000, 1.000<" in explorer.readout.value  # mean 0 and variance 1 with ÷ n
    explorer.sliders["variance"].value = "n - 1"
    assert ">0.000, 0.833<" in explorer.readout.value  # (n - 1) / n = 5/6


def test_fits_the_window_and_reads(explorer):
    assert explorer.shown_width <= 940
    assert explorer.fig.get_figheight() * 100 <= 320  # CSS px: sliders + figure < 450 px
    assert figures.too_small(explorer.fig) == []
    assert "x_0" in explorer.alt_text() and explorer.caption_text().count("Run the cell") == 1


def test_extremes_give_no_warning(explorer):
    for x0 in (-4.0, 4.0, float(layer_plots.OTHERS.mean())):
        for variance in ("n", "n - 1"):
            explorer.sliders["variance"].value = variance
            explorer.sliders["x0"].value = x0
            assert "nan" not in explorer.readout.value.lower()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"x0": 5.0}, ValueError), ({"upstream": "ones"}, ValueError), ({"variance": 1}, TypeError)],
)
def test_bad_arguments_name_themselves(kwargs, error):
    (name,) = kwargs
    with pytest.raises(error, match=name):
        layer_plots.batchnorm_explorer(**kwargs)
