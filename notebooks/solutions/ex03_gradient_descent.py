"""Solutions to the exercises of notebooks/03_gradient_descent.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np
import sympy as sp

# Exercise 1: one step on L(w) = ½ a (w - w*)² multiplies the distance to w* by 1 - lr a.
a, lr, w, w_star = sp.symbols("a lr w w_star", positive=True)
L = sp.Rational(1, 2) * a * (w - w_star) ** 2
step = w - lr * sp.diff(L, w)
shrink = sp.simplify((step - w_star) / (w - w_star))  # 1 - a lr
lr_max = sp.solve(sp.Eq(shrink, -1), lr)[0]  # |1 - a lr| < 1 until a lr = 2: lr < 2/a


# Exercise 2: one full-batch gradient-descent step.
def gd_step(x, y_true, w, b, lr):
    """One step on the mean over the batch of ½ (σ(w x + b) - y_true)²; returns (w, b)."""
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    delta = (y - y_true) * y * (1 - y)  # dL/dz of each example
    dL_dw = np.mean(delta * x)  # the batch loss is a mean, so its gradient is too
    dL_db = np.mean(delta)
    return w - lr * dL_dw, b - lr * dL_db


# Exercise 3: with a = 4, lr_max = 2/a = 0.5, so lr = 0.6 diverges and lr = 0.3 converges.
prediction = "0.6"
