"""Activation functions f(z) and their derivatives f'(z), elementwise, numpy only.

Every function takes a float or an array of any shape and returns the same shape
(a float for a float). They are stable for any finite z: no overflow warning at
z = +-1e4 and accurate far into saturation.

Introduced in notebooks/01_forward_pass.ipynb (sigmoid) and
notebooks/04_multilayer_deltas.ipynb (tanh, relu).
"""

from __future__ import annotations

import numpy as np


def _out(result: np.ndarray, like):
    """Give back a Python float when the input was a scalar."""
    return float(result) if np.ndim(like) == 0 else result


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^(-z)), computed without overflow.

    For z >= 0 it uses 1 / (1 + e^(-z)); for z < 0 the equal form e^z / (1 + e^z),
    so the exponent is never positive and e^(.) never overflows.

    Parameters
    ----------
    z : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as z, values in [0, 1]
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    result = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _out(result, z)


def sigmoid_prime(z):
    """d sigma / dz = sigma(z) * (1 - sigma(z)), written as sigma(z) * sigma(-z).

    1 - sigma(z) equals sigma(-z). Using sigma(-z) keeps full relative accuracy in
    saturation: at z = 40, 1 - sigma(z) rounds to 0 but sigma(-40) = 4.2e-18.

    Parameters
    ----------
    z : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as z, values in [0, 0.25]
    """
    z = np.asarray(z, dtype=np.float64)
    return _out(np.asarray(sigmoid(z)) * np.asarray(sigmoid(-z)), z)


def tanh(z):
    """tanh(z), elementwise (numpy's tanh never overflows)."""
    z = np.asarray(z, dtype=np.float64)
    return _out(np.tanh(z), z)


def tanh_prime(z):
    """d tanh / dz = 1 - tanh(z)^2, written as 1 / cosh(z)^2 for accuracy in saturation.

    cosh overflows past |z| ~ 710, where the true value underflows to 0 anyway, so
    we use 4 e^(-2|z|) / (1 + e^(-2|z|))^2, which equals 1 / cosh(z)^2 and never overflows.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-2.0 * np.abs(z))
    return _out(4.0 * e / (1.0 + e) ** 2, z)


def relu(z):
    """relu(z) = max(0, z), elementwise."""
    z = np.asarray(z, dtype=np.float64)
    return _out(np.maximum(z, 0.0), z)


def relu_prime(z):
    """d relu / dz = 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = np.asarray(z, dtype=np.float64)
    return _out((z > 0).astype(np.float64), z)


def identity(z):
    """f(z) = z, for a linear output layer."""
    z = np.asarray(z, dtype=np.float64)
    return _out(z.copy(), z)


def identity_prime(z):
    """d z / dz = 1."""
    z = np.asarray(z, dtype=np.float64)
    return _out(np.ones_like(z), z)


#: Name -> (f, f') for every activation a layer can use.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "identity": (identity, identity_prime),
}
