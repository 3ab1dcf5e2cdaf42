"""Solutions to the exercises of notebooks/05_vectorized_batches.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np
import sympy as sp

# Exercise 1: dL/dz₀ of cross-entropy after softmax(z / T), three classes 0, 1, 2.
z = sp.symbols("z0:3", real=True)
y_true = sp.symbols("y_true0:3", real=True)
T = sp.Symbol("T", positive=True)
p = [sp.exp(zk / T) / sum(sp.exp(zj / T) for zj in z) for zk in z]
L = -sum(t * sp.log(pk) for t, pk in zip(y_true, p, strict=True))
# The targets sum to 1: substitute y_true2 = 1 - y_true0 - y_true1, then simplify.
dL_dz0 = sp.simplify(sp.diff(L, z[0]).subs(y_true[2], 1 - y_true[0] - y_true[1]))
# = (softmax(z/T)₀ - y_true0) / T


# Exercise 2: the backward pass for a batch, sigmoid hidden layer, softmax output.
def batch_backward(X, Y, W1, b1, W2, b2):
    """Gradients of the mean cross-entropy over the batch; one example per row."""
    N = X.shape[0]
    A1 = 1 / (1 + np.exp(-(X @ W1.T + b1)))  # shape (N, n1)
    Z2 = A1 @ W2.T + b2  # shape (N, n2)
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)  # softmax, row by row
    delta2 = (P - Y) / N  # dL/dZ² of the mean loss
    delta1 = (delta2 @ W2) * A1 * (1 - A1)  # δ¹ = (δ² W²) ⊙ σ'(Z¹)
    dW2 = delta2.T @ A1  # (n2, N) @ (N, n1) = (n2, n1)
    dW1 = delta1.T @ X  # (n1, N) @ (N, n0) = (n1, n0)
    return dW1, delta1.sum(axis=0), dW2, delta2.sum(axis=0)


# Exercise 3: twice the examples and twice N: the mean, and its gradient, stay the same.
prediction = "stays the same"
