"""Checkers for the exercises at the end of notebooks 01-07.

Each ``check_...`` function takes the learner's function, expression or numbers and
returns a :class:`Result` that shows itself as plain text: correct; not attempted yet; or
which output is wrong, by how much, and the most likely mistake. A checker never raises
on a wrong answer, even when the learner's code does. ``result.correct`` is a bool and
``result.diagnosis`` the explanation.

| notebook | derive | implement | predict, then check |
|---|---|---|---|
| 01 | check_forward_numbers | check_forward_and_loss | "01_x_zero" |
| 02 | check_bce_derivative, check_dL_dx | check_neuron_backward | "02_bce_vs_mse" |
| 03 | check_lr_max | check_gd_step | "03_divergence" |
| 04 | check_delta1 | check_two_layer_backward | "04_zero_W2" |
| 05 | check_softmax_ce_derivative | check_batch_backward | "05_duplicate_batch" |
| 06 | check_initial_loss | check_sgd_step | "06_chance" |
| 07 | check_max_sigma_prime | check_centred_difference | "07_vanishing", "07_tiny_h" |

Predictions are checked with ``check_prediction(key, prediction, observed)``.

The reference solutions live in ``notebooks/solutions/`` (see its README). Imports flow
one way: this package uses the numeric, symbolic and gradcheck modules; nothing imports it.
"""

from ._core import Result
from .networks import (
    check_batch_backward,
    check_delta1,
    check_softmax_ce_derivative,
    check_two_layer_backward,
)
from .predictions import QUESTIONS, check_prediction
from .single_neuron import (
    check_bce_derivative,
    check_dL_dx,
    check_forward_and_loss,
    check_forward_numbers,
    check_gd_step,
    check_lr_max,
    check_neuron_backward,
)
from .training import (
    check_centred_difference,
    check_initial_loss,
    check_max_sigma_prime,
    check_sgd_step,
)

__all__ = [
    "QUESTIONS",
    "Result",
    "check_batch_backward",
    "check_bce_derivative",
    "check_centred_difference",
    "check_dL_dx",
    "check_delta1",
    "check_forward_and_loss",
    "check_forward_numbers",
    "check_gd_step",
    "check_initial_loss",
    "check_lr_max",
    "check_max_sigma_prime",
    "check_neuron_backward",
    "check_prediction",
    "check_sgd_step",
    "check_softmax_ce_derivative",
    "check_two_layer_backward",
]
