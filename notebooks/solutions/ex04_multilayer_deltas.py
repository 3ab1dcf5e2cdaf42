"""Solutions to the exercises of notebooks/04_multilayer_deltas.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np
import sympy as sp

# Exercise 1: δ¹ of the 1-1-1 network with a tanh hidden unit, z² = w² tanh(z¹) + b².
# The notebook's names: SymPy symbols delta2_s, w2_s, z1_s, named "delta2", "w2", "z1".
delta2_s, w2_s, z1_s = sp.symbols("delta2 w2 z1", real=True)
dz2_dz1 = sp.diff(w2_s * sp.tanh(z1_s), z1_s)  # w² (1 - tanh(z¹)²)
delta1_s = delta2_s * dz2_dz1  # δ¹ = δ² w² tanh'(z¹)


# Exercise 2: the backward pass of a two-layer network, one example.
def two_layer_backward(x, y_true, W1, b1, W2, b2):
    """Gradients of L = ½ Σ (a² - y_true)² for one example: tanh hidden layer, sigmoid output."""
    z1 = W1 @ x + b1  # shape (n1,)
    a1 = np.tanh(z1)
    z2 = W2 @ a1 + b2  # shape (n2,)
    a2 = 1 / (1 + np.exp(-z2))
    delta2 = (a2 - y_true) * a2 * (1 - a2)  # δ² = (a² - y_true) ⊙ σ'(z²)
    delta1 = (delta2 @ W2) * (1 - a1**2)  # δ¹ = (δ² W²) ⊙ tanh'(z¹), row layout
    dW2 = np.outer(delta2, a1)  # shape (n2, n1), like W2
    dW1 = np.outer(delta1, x)  # shape (n1, n0), like W1
    return dW1, delta1, dW2, delta2


# Exercise 3: with W² = 0, δ¹ = (δ² W²) ⊙ tanh'(z¹) = 0.
prediction = "dW1 and db1"
