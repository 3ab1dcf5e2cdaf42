"""Every dashboard constructor refuses a bad start with a ValueError, never a clamp or TraitError.

A start outside a slider's range names the argument and the range; a wrong choice lists the
choices. All of these fail before any figure is drawn, so they are quick.
"""

import numpy as np
import pytest

from helpers import batch_plots, capstone_plots, data, descent_plots, mlp, netdraw, widgets

PARAMS = mlp.init_params([2, 2, 1], seed=0)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: widgets.neuron_explorer(w=50.0), r"w must lie in \[-10, 10\], got 50"),
        (lambda: widgets.neuron_explorer(y_true=1.5), r"y_true must lie in \[0, 1\]"),
        (lambda: descent_plots.descent_explorer(x=-6.0), r"x must lie in \[-5, 5\]"),
        (lambda: descent_plots.descent_explorer(lr=50.0), r"lr must lie in \[0.001, 19.95"),
        (
            lambda: descent_plots.descent_explorer(steps=501),
            r"steps must be an integer in \[1, 500\]",
        ),
        (lambda: capstone_plots.depth_explorer(depth=31), r"depth must be an integer in \[2, 30\]"),
        (lambda: capstone_plots.depth_explorer(scale=5.0), r"scale must lie in \[0.25, 4\]"),
        (lambda: netdraw.delta_explorer(PARAMS, [9.0, 0.0], [1.0]), r"x\[0\].*\[-8, 8\]"),
        (lambda: data.moons(noise=1e3), r"noise must lie in \[0, 100\]"),
        (lambda: data.spirals(classes=0), r"classes must be an integer in \[1, 100\]"),
    ],
)
def test_a_start_outside_the_range_is_a_value_error_naming_it(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: capstone_plots.depth_explorer(hidden="Relu"), "hidden"),
        (lambda: descent_plots.descent_explorer(output="Linear"), "output"),
        (lambda: netdraw.delta_explorer(PARAMS, [0.5, 0.1], [1.0], hidden="Tanh"), "hidden"),
        (
            lambda: batch_plots.batch_explorer(
                PARAMS, np.zeros((4, 2)), np.zeros((4, 1)), output="Sigmoid", loss="mse"
            ),
            "output",
        ),
    ],
)
def test_a_wrong_choice_is_a_value_error_listing_the_choices(make, name):
    with pytest.raises(ValueError, match=rf"{name}.*must be one of \[") as error:
        make()
    assert "TraitError" not in type(error.value).__name__


def test_a_log_slider_range_reads_in_round_numbers():
    """10**-3 to 10**1.3 reads "0.001 to 20" in the caption, not "0.001 to 19.9526"."""
    import ipywidgets as W

    from helpers.dashboard import _describe_control

    slider = W.FloatLogSlider(value=0.1, base=10, min=-3, max=1.3, description="learning rate")
    assert _describe_control("lr", slider) == "learning rate (0.001 to 20)"
    linear = W.FloatSlider(value=0.2, min=-10, max=10, description="weight w")
    assert _describe_control("w", linear) == "weight w (-10 to 10)"
