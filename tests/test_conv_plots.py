"""helpers.conv_plots: notebook 10's figures and the TimeExplorer dashboard."""

import numpy as np
import pytest

from helpers import bptt, cnn, conv_plots, figures


def test_figures_have_readable_text():
    K = cnn.init_params(8)[0][0]
    run = bptt.EchoRun([1.0, 0.5, 0.2], [3.0, 2.0, 1.0])
    for fig in (
        conv_plots.plot_kernels(K),
        conv_plots.plot_feature_maps(np.eye(8), np.ones((8, 8, 8))),
        conv_plots.plot_unrolled(4),
        conv_plots.plot_echo_runs({"a": run, "b": run}),
    ):
        figures.style(fig)
        assert figures.too_small(fig) == []


@pytest.mark.parametrize("scale, steps", [(0.3, 2), (0.3, 80), (3.0, 80), (1.0, 40)])
def test_dashboard_at_the_sliders_ends(scale, steps):
    d = conv_plots.TimeExplorer()
    d.sliders["scale"].value, d.sliders["steps"].value = scale, steps
    assert "average factor per step" in d.readout.value
    y = d._tanh.get_ydata()
    assert len(y) == steps and np.all(np.isfinite(y))
    assert d.shown_width <= 940  # the output area of a 1366 px wide JupyterLab window
    assert bytes(d.image.value).startswith(b"\x89PNG")


def test_verdicts():
    d = conv_plots.TimeExplorer(scale=0.5, steps=40)
    assert "vanishes" in d.readout.value
    d.sliders["scale"].value = 3.0
    assert "explodes" in d.readout.value


def test_bad_input():
    with pytest.raises(ValueError, match="K"):
        conv_plots.plot_kernels(np.zeros((3, 3)))
    with pytest.raises(TypeError, match="runs"):
        conv_plots.plot_echo_runs([1, 2])
    with pytest.raises(ValueError, match="scale"):
        conv_plots.TimeExplorer(scale=5.0)
