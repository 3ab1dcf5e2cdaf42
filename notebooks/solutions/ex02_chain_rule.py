"""Solutions to the exercises of notebooks/02_chain_rule.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import sympy as sp

from helpers import symbolic

# Exercise 1: dL/dz for binary cross-entropy after a sigmoid.
z, y_true = sp.symbols("z y_true", real=True)
y = symbolic.sigma(z)
L_bce = -(y_true * sp.log(y) + (1 - y_true) * sp.log(1 - y))
dL_dz = sp.simplify(sp.diff(L_bce, z))  # σ(z) - y_true: the σ'(z) cancels

# Exercise 2: dL/dx for the neuron with L = ½ (y - y_true)², by the chain rule.
dL_dx = sp.diff(symbolic.L_expr, symbolic.x)  # (y - y_true) σ'(z) w


# Exercise 3: the backward pass of one neuron.
def neuron_backward(x, y, z, y_true):
    """dL/dw and dL/db of L = ½ (y - y_true)², given the forward pass's y and z."""
    dL_dy = y - y_true  # the ½ cancels the square's 2
    dy_dz = y * (1 - y)  # σ'(z) = σ(z) (1 - σ(z))
    dL_dw = dL_dy * dy_dz * x  # dz/dw = x
    dL_db = dL_dy * dy_dz * 1  # dz/db = 1
    return dL_dw, dL_db


# Exercise 4: ½-MSE's dL/dz carries σ'(50) ≈ 2e-22; cross-entropy's is y - y_true ≈ 1.
prediction = "larger"
