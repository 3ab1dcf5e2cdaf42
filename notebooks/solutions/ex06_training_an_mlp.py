"""Solutions to the exercises of notebooks/06_training_an_mlp.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import sympy as sp

# Exercise 1: with dL/dW = 0, one step on the penalty (λ/2) W² alone.
W, eta, lam = sp.symbols("W eta lam", positive=True)
penalty = lam / 2 * W**2
W_next = W - eta * sp.diff(penalty, W)  # W - η λ W
factor = sp.simplify(W_next / W)  # 1 - η λ


# Exercise 2: one SGD step with weight decay (λ/2) Σ ||W||² on the weights only.
# grads holds the gradients of the loss alone: the penalty's gradient λW is added here.
def sgd_step(params, grads, lr, lam):
    """Return new [(W, b), ...]; params is not changed."""
    new = []
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        new.append((W - lr * (dW + lam * W), b - lr * db))
    return new


# Exercise 3: 0.99 ** 100 ≈ e^(-1) ≈ 0.37.
prediction = "about 37%"
