"""Solutions to the exercises of notebooks/09_backprop_through_any_layer.ipynb.

Kept for instructors and checked by tests/test_exercises_nb09.py; see README.md here.
"""

import numpy as np


# Exercise 1: BatchNorm's backward pass (training mode, the biased variance).
def batchnorm_backward(dout, X, gamma, eps):
    """dX, dgamma, dbeta for out = gamma * (X - mu) / sqrt(var + eps) + beta."""
    n = X.shape[0]
    mu = X.mean(axis=0)
    var = ((X - mu) ** 2).mean(axis=0)  # divide by n, not n - 1
    inv_std = 1.0 / np.sqrt(var + eps)
    xhat = (X - mu) * inv_std
    g = dout * gamma  # dL/dxhat
    dX = (n * g - g.sum(axis=0) - xhat * (g * xhat).sum(axis=0)) * inv_std / n
    dgamma = (dout * xhat).sum(axis=0)  # gamma was broadcast over the rows: sum them
    dbeta = dout.sum(axis=0)
    return dX, dgamma, dbeta


# Exercise 2: softmax's backward pass through its full Jacobian diag(s) - s s^T.
def softmax_backward(S, dS):
    """dZ = S * (dS - sum(dS * S)) row by row."""
    return S * (dS - (dS * S).sum(axis=1, keepdims=True))


# Exercise 3: the embedding's backward pass, a scatter-add.
def embedding_backward(dout, idx, V):
    """dE of shape (V, D): each row of dout added into the row it was read from."""
    dE = np.zeros((V, dout.shape[-1]))
    np.add.at(dE, idx, dout)  # repeated indices add up; dE[idx] += dout would not
    return dE
