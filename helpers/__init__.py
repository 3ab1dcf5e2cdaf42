"""Backprop by Hand: the small package the notebooks import.

Import the module you need, for example ``from helpers import neuron, symbolic``.
The layers, bottom to top (nothing imports anything above it):

- ``_validate``: argument checks that raise clear errors
- ``activations``, ``losses``, ``neuron``, ``mlp``: numeric code (numpy only)
- ``symbolic``: symbolic code (SymPy only)
- ``gradcheck``: finite differences and the three-way comparison, built on both
- ``widgets``, ``plots``: slider dashboards and figures, on top of everything
"""

__version__ = "0.1.0"
