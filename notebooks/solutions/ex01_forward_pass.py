"""Solutions to the exercises of notebooks/01_forward_pass.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np

# Exercise 1: the forward pass by hand, for x = -1, w = 0.5, b = 0.25, y_true = 0.
z_by_hand = -0.25  # z = w x + b = 0.5 * (-1) + 0.25
y_by_hand = 0.4378  # y = σ(-0.25) = 1 / (1 + e^0.25) = 1 / 2.2840
L_by_hand = 0.09584  # L = ½ (0.4378 - 0)²


# Exercise 2: implement the forward pass and the loss.
def forward_and_loss(x, w, b, y_true):
    """z = w x + b, y = σ(z), L = ½ (y - y_true)²; numbers or arrays (one value per example)."""
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    L = 0.5 * (y - y_true) ** 2
    return z, y, L


# Exercise 3: with x = 0, moving w changes nothing, because z = w * 0 + b.
prediction = "the same"
