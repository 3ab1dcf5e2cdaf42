"""Backprop by Hand: the small package the notebooks import.

Import the module you need, for example ``from helpers import neuron, symbolic``.
The layers, bottom to top (nothing imports anything above it):

- ``_validate``: argument checks that raise clear errors
- private modules (a leading underscore) hold the unchecked formulas and the checks of the
  public module named in their docstring; learners need not read them
- numeric (numpy only): ``activations``, ``losses``, ``neuron``, ``mlp``, ``descent``,
  ``train``, ``deep_training`` (per-layer gradients during training, clipping), ``data``
- symbolic (SymPy only): ``symbolic`` (one neuron), ``symbolic_net`` (small networks)
- ``gradcheck``: finite differences and the three-way comparison, built on both;
  ``pathologies`` (vanishing gradients, when checks lie) builds on it
- ``exercises``: checkers for the notebooks' exercises, built on all of the above
- widgets and plots, on top of everything: ``dashboard`` (the base of every slider
  dashboard), ``widgets`` (01-02), ``neuron_graph`` (02), ``descent_plots`` (03), ``netdraw`` (04),
  ``batch_plots`` (05), ``capstone_plots`` (06-07)
"""

__version__ = "0.1.0"
