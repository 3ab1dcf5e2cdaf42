"""Checkers for the exercises at the end of notebooks 01-07.

Each ``check_...`` function takes the learner's function, expression or numbers and
returns a :class:`Result` that shows itself as plain text: correct; not attempted yet; or
which output is wrong, by how much, and the most likely mistake. A checker never raises
on a wrong answer, even when the learner's code does. ``result.correct`` is a bool and
``result.diagnosis`` the explanation.

One module per notebook (``nb01_forward_pass`` ... ``nb07_gradient_pathologies``) holds
its checkers, references and mutants; ``_core`` calls the learner's code safely,
``_diagnose`` compares and explains, ``_derive`` handles SymPy answers.

| notebook | derive | implement | predict, then check |
|---|---|---|---|
| 01 | check_forward_numbers | check_forward_and_loss | "01_x_zero" |
| 02 | check_bce_derivative, check_dL_dx | check_neuron_backward | "02_bce_vs_mse" |
| 03 | check_lr_max | check_gd_step | "03_batch_rate" |
| 04 | check_delta1 | check_two_layer_backward | "04_zero_W2" |
| 05 | check_temperature_derivative | check_batch_backward | "05_duplicate_batch" |
| 06 | check_decay_factor | check_sgd_step, check_training_loop | "06_decay" |
| 07 | check_vanishing_bound | check_centred_difference | "07_tanh_he", "07_big_h" |
| 07 | | check_residual_step_back | |
| 10 | | check_conv_backward, check_maxpool_backward, check_rnn_backward | |
| 08 | check_best_segments | check_backprop, check_unbroadcast | |
| 09 | | check_batchnorm_backward, check_softmax_backward, check_embedding_backward | |

Predictions are checked with ``check_prediction(key, prediction, observed, measured)``,
which shows the run's ``measured`` numbers only once a prediction has been written.

Every checker takes ``reveal=False``: a first wrong try says what is wrong and the likely
mistake but shows no expected value; ``reveal=True``, or the ``REVEAL_AFTER``-th wrong try
at that exercise, shows them. ``reset_tries()`` forgets the tries. The learner's function
runs with a time limit of ``TIME_LIMIT`` seconds per call (``_guard``); what it returns is
read strictly (``_convert``: shapes exactly, no complex, bool or object arrays, no list
where an array is expected). Each checker carries ``answers`` (the notebook variables it
takes), ``kind``, ``outputs``, ``rtol`` and ``atol``, for the tests.

The reference solutions live in ``notebooks/solutions/`` (see its README). Imports flow
one way: this package uses the numeric, symbolic and gradcheck modules; nothing imports it.
"""

from ._core import Result
from ._explain import REVEAL_AFTER, reset_tries
from ._guard import TIME_LIMIT
from .nb01_forward_pass import check_forward_and_loss, check_forward_numbers
from .nb02_chain_rule import check_bce_derivative, check_dL_dx, check_neuron_backward
from .nb03_gradient_descent import check_gd_step, check_lr_max
from .nb04_multilayer_deltas import check_delta1, check_two_layer_backward
from .nb05_vectorized_batches import check_batch_backward, check_temperature_derivative
from .nb06_training_an_mlp import check_decay_factor, check_sgd_step
from .nb06_training_loop import check_training_loop
from .nb07_gradient_pathologies import (
    check_centred_difference,
    check_residual_step_back,
    check_vanishing_bound,
)
from .nb08_computational_graphs import check_backprop, check_best_segments, check_unbroadcast
from .nb09_backprop_through_any_layer import (
    check_batchnorm_backward,
    check_embedding_backward,
    check_softmax_backward,
)
from .nb10_convolution_and_recurrence import (
    check_conv_backward,
    check_maxpool_backward,
    check_rnn_backward,
)
from .predictions import QUESTIONS, check_prediction

__all__ = [
    "QUESTIONS",
    "REVEAL_AFTER",
    "Result",
    "TIME_LIMIT",
    "reset_tries",
    "check_batch_backward",
    "check_batchnorm_backward",
    "check_bce_derivative",
    "check_centred_difference",
    "check_backprop",
    "check_best_segments",
    "check_unbroadcast",
    "check_dL_dx",
    "check_embedding_backward",
    "check_delta1",
    "check_forward_and_loss",
    "check_forward_numbers",
    "check_gd_step",
    "check_decay_factor",
    "check_lr_max",
    "check_vanishing_bound",
    "check_residual_step_back",
    "check_neuron_backward",
    "check_prediction",
    "check_sgd_step",
    "check_softmax_backward",
    "check_temperature_derivative",
    "check_training_loop",
    "check_two_layer_backward",
    "check_conv_backward",
    "check_maxpool_backward",
    "check_rnn_backward",
]
