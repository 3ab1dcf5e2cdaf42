"""Solutions to the exercises of notebooks/03_gradient_descent.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np
import sympy as sp

# Exercise 1: the linear neuron y = w x on a batch of three,
# mean loss (1/3) Σ ½ (w x_n - y_true,n)².
x = sp.symbols("x1:4", real=True)
y_true = sp.symbols("y_true1:4", real=True)
w = sp.Symbol("w", real=True)
per_example = [sp.Rational(1, 2) * (w * xn - tn) ** 2 for xn, tn in zip(x, y_true, strict=True)]
L = sum(per_example) / 3  # the batch loss is the mean
curvature = sp.diff(L, w, 2)  # mean(x²): a step multiplies w - w* by 1 - lr * curvature
lr_max = 2 / curvature  # |1 - lr * curvature| < 1 until lr = 2 / curvature


# Exercise 2: one full-batch gradient-descent step.
def gd_step(x, y_true, w, b, lr):
    """One step on the mean over the batch of ½ (σ(w x + b) - y_true)²; returns (w, b)."""
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    delta = (y - y_true) * y * (1 - y)  # dL/dz of each example
    dL_dw = np.mean(delta * x)  # the batch loss is a mean, so its gradient is too
    dL_db = np.mean(delta)
    return w - lr * dL_dw, b - lr * dL_db


# Exercise 3: mean(x²) = 1.75 for x = 0.5, 1, 2, so lr_max = 2/1.75 ≈ 1.14 > 1.
prediction = "converges"
