"""Solutions to the exercises of notebooks/06_training_an_mlp.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import sympy as sp

# Exercise 1: uniform guesses give each class probability 1/K; the loss is -log(1/K).
K = sp.Symbol("K", positive=True)
initial_loss = sp.simplify(-sp.log(1 / K))  # log K ≈ 2.303 for 10 digits


# Exercise 2: one SGD step with weight decay (λ/2) Σ ||W||² on the weights only.
def sgd_step(params, grads, lr, lam):
    """Return new [(W, b), ...]; params is not changed."""
    new = []
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        new.append((W - lr * (dW + lam * W), b - lr * db))
    return new


# Exercise 3: untrained, the network is right about as often as chance: 1 in 10.
prediction = "about 10%"
