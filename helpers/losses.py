"""Batch losses of a network's output layer and their gradients, numpy only.

Every loss is the *mean over the N examples* (rows) of a per-example loss:

    mse            L = 1/N sum_n 1/2 sum_k (a_nk - y_nk)^2
    bce            L = 1/N sum_n -sum_k [y_nk log a_nk + (1 - y_nk) log(1 - a_nk)],  a = sigma(z)
    cross_entropy  L = 1/N sum_n -sum_k y_nk log softmax(z_n)_k

Shapes: Z (pre-activations of the output layer), A (its activations) and Y (the targets,
``y_true`` in the notebooks) all have shape (N, n_L).

Stability: bce and cross_entropy are computed from the logits Z, never from a rounded
probability, so a confident wrong answer costs a large finite loss instead of log(0):
bce uses softplus(z) - y z and cross_entropy uses log-sum-exp. No warning or NaN for
logits of any finite size.

Introduced in notebooks/04_multilayer_deltas.ipynb (mse, bce) and
notebooks/05_vectorized_batches.ipynb (softmax and cross-entropy).
"""

from __future__ import annotations

import numpy as np

from .activations import ACTIVATIONS

#: The (output activation, loss) pairs a network may use.
PAIRS = (("sigmoid", "mse"), ("identity", "mse"), ("sigmoid", "bce"), ("softmax", "cross_entropy"))
OUTPUTS = ("sigmoid", "identity", "softmax")
LOSSES = ("mse", "bce", "cross_entropy")


def softmax(Z):
    """softmax(z)_k = e^(z_k) / sum_j e^(z_j), row by row, shifted by each row's max.

    Subtracting max_j z_j changes nothing mathematically but keeps every exponent <= 0,
    so e^(.) never overflows.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)

    Returns
    -------
    np.ndarray of shape (N, K); each row is positive and sums to 1
    """
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(Z):
    """log softmax(z)_k = z_k - logsumexp(z), row by row; finite for any finite Z.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)

    Returns
    -------
    np.ndarray of shape (N, K), all entries <= 0
    """
    Z = np.asarray(Z, dtype=np.float64)
    shifted = Z - Z.max(axis=1, keepdims=True)  # the largest entry is 0
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # the sum is >= 1


def softplus(Z):
    """softplus(z) = log(1 + e^z) = max(z, 0) + log(1 + e^(-|z|)), without overflow."""
    Z = np.asarray(Z, dtype=np.float64)
    return np.maximum(Z, 0.0) + np.log1p(np.exp(-np.abs(Z)))


def mse(A, Y) -> float:
    """Half squared error, summed over outputs, averaged over examples.

    Parameters
    ----------
    A, Y : np.ndarray of shape (N, K)
        Outputs and targets.

    Returns
    -------
    float
    """
    A, Y = np.asarray(A, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    return float(0.5 * np.sum((A - Y) ** 2) / A.shape[0])


def mse_grad(A, Y):
    """dL/dA for :func:`mse`: (A - Y) / N, shape (N, K). The 1/2 cancels the 2."""
    A, Y = np.asarray(A, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    return (A - Y) / A.shape[0]


def bce_from_logits(Z, Y) -> float:
    """Binary cross-entropy of sigmoid(Z) against Y, computed from the logits Z.

    Per entry, -[y log sigma(z) + (1 - y) log(1 - sigma(z))] = softplus(z) - y z,
    because log sigma(z) = -softplus(-z) and softplus(z) - softplus(-z) = z.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)
        Logits (pre-activations) of K independent sigmoid outputs.
    Y : np.ndarray of shape (N, K)
        Targets in [0, 1].

    Returns
    -------
    float, summed over outputs, averaged over examples
    """
    Z, Y = np.asarray(Z, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    return float(np.sum(softplus(Z) - Y * Z) / Z.shape[0])


def cross_entropy_from_logits(Z, Y) -> float:
    """Softmax cross-entropy, -1/N sum_n sum_k y_nk log softmax(z_n)_k, via log-sum-exp.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)
        Logits.
    Y : np.ndarray of shape (N, K)
        Targets; each row a probability distribution (one-hot for a class label).

    Returns
    -------
    float
    """
    Z, Y = np.asarray(Z, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    return float(-np.sum(Y * log_softmax(Z)) / Z.shape[0])


def output_activation(Z, output: str = "sigmoid"):
    """The output layer's activation A^L = f(Z^L), shape (N, n_L), for ``output`` in OUTPUTS."""
    Z = np.asarray(Z, dtype=np.float64)
    return softmax(Z) if output == "softmax" else ACTIVATIONS[output][0](Z)


def batch_loss(Z, Y, output: str = "sigmoid", loss: str = "mse") -> float:
    """The batch loss of a network whose output layer has logits Z.

    Parameters
    ----------
    Z : np.ndarray of shape (N, n_L)
        Pre-activations of the output layer.
    Y : np.ndarray of shape (N, n_L)
        Targets.
    output, loss : str
        One of the pairs in :data:`PAIRS` (not checked here; ``helpers.mlp`` checks).

    Returns
    -------
    float
    """
    if loss == "bce":
        return bce_from_logits(Z, Y)
    if loss == "cross_entropy":
        return cross_entropy_from_logits(Z, Y)
    return mse(output_activation(Z, output), Y)


def output_delta(Z, Y, output: str = "sigmoid", loss: str = "mse"):
    """delta^L = dL/dZ^L, the error term of the output layer, shape (N, n_L).

    mse:                   delta^L = (A - Y) / N * f'(Z)   (chain rule: dL/dA times dA/dZ)
    sigmoid + bce:         delta^L = (sigma(Z) - Y) / N     (sigma' cancels the log's 1/a(1-a))
    softmax + cross_entropy: delta^L = (softmax(Z) - Y) / N (needs each row of Y to sum to 1)
    """
    Z, Y = np.asarray(Z, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if loss == "mse":
        f, f_prime = ACTIVATIONS[output]
        return mse_grad(f(Z), Y) * f_prime(Z)  # dL/dz = dL/da * f'(z)
    return (output_activation(Z, output) - Y) / Z.shape[0]  # dL/dz = (a - y) / N
