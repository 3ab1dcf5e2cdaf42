"""Backprop by Hand: the small package the notebooks import.

Import the module you need, for example ``from helpers import neuron, symbolic``.
The layers, bottom to top (nothing imports anything above it):

- ``_validate``: argument checks that raise clear errors
- private modules (a leading underscore) hold the unchecked formulas and the checks of the
  public module named in their docstring; learners need not read them
- numeric (numpy only): ``activations``, ``losses``, ``neuron``, ``mlp``, ``descent``,
  ``train``, ``deep_training`` (per-layer gradients during training, clipping), ``residual``
  (skip connections by hand, 07), ``data``; ``autograd`` (a small reverse-mode engine, 08),
  ``checkpoint`` (gradient checkpointing, 08); ``layers`` (forward/backward pairs: affine,
  embedding, softmax cross-entropy, BatchNorm, LayerNorm from 09; conv2d, max-pooling and a
  tanh RNN from 10), ``cnn`` (10's small CNN) and ``bptt`` (10's gradients through time)
- symbolic (SymPy only): ``symbolic`` (one neuron), ``symbolic_net`` (small networks)
- ``gradcheck``: finite differences and the three-way comparison, built on both;
  ``pathologies`` (vanishing gradients, when checks lie) builds on it
- ``exercises``: checkers for the notebooks' exercises, built on all of the above
- widgets and plots, on top of everything: ``figures`` (alt text, the colour-blind-safe
  palette, font sizes), ``dashboard`` (the base of every slider dashboard), ``widgets``
  (01-02), ``neuron_graph`` (02), ``descent_plots`` (03), ``netdraw`` (04), ``batch_plots``
  (05), ``capstone_plots`` (06-07), ``graph_plots`` (08), ``layer_plots`` (09),
  ``conv_plots`` (10)
"""

__version__ = "0.1.0"
