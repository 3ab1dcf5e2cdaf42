"""Solutions to the exercises of notebooks/01_forward_pass.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np

# Exercise 1: the forward pass by hand, for x = 0.5, w = 0.2, b = 0.1, y_true = 1.
z_by_hand = 0.2  # z = w x + b = 0.2 * 0.5 + 0.1
y_by_hand = 0.5498  # y = σ(0.2) = 1 / (1 + e^(-0.2)) = 1 / 1.8187
L_by_hand = 0.1013  # L = ½ (0.5498 - 1)² = ½ (0.4502)²


# Exercise 2: implement the forward pass and the loss.
def forward_and_loss(x, w, b, y_true):
    """z = w x + b, y = σ(z), L = ½ (y - y_true)²; numbers or arrays (one value per example)."""
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    L = 0.5 * (y - y_true) ** 2
    return z, y, L


# Exercise 3: with x = 0, moving w changes nothing, because z = w * 0 + b.
prediction = "the same"
