"""The loss formulas of ``helpers.losses`` without argument checks.

For float64 arrays of shape (N, K) that are already checked (finite, shapes matching):
``helpers.losses`` checks and then calls these; ``helpers.mlp``, which checks its own
arguments, may call them directly (as ``losses._batch_loss`` and so on). Each gives the same
bits as its checked twin.
"""

from __future__ import annotations

import numpy as np

from .activations import _KERNELS


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)  # the largest entry is 0
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # the sum is >= 1


def _softplus(Z):
    return np.maximum(Z, 0.0) + np.log1p(np.exp(-np.abs(Z)))


def _mse(A, Y) -> float:
    return float(0.5 * np.sum((A - Y) ** 2) / A.shape[0])


def _mse_grad(A, Y):
    return (A - Y) / A.shape[0]


def _bce(Z, Y) -> float:
    return float(np.sum(_softplus(Z) - Y * Z) / Z.shape[0])


def _cross_entropy(Z, Y) -> float:
    return float(-np.sum(Y * _log_softmax(Z)) / Z.shape[0])


def _output_activation(Z, output: str):
    return _softmax(Z) if output == "softmax" else _KERNELS[output][0](Z)


def _batch_loss(Z, Y, output: str, loss: str) -> float:
    """:func:`batch_loss` without the checks."""
    if loss == "bce":
        return _bce(Z, Y)
    if loss == "cross_entropy":
        return _cross_entropy(Z, Y)
    return _mse(_output_activation(Z, output), Y)


def _output_delta(Z, Y, output: str, loss: str):
    """:func:`output_delta` without the checks."""
    if loss == "mse":
        f, f_prime = _KERNELS[output]
        return _mse_grad(f(Z), Y) * f_prime(Z)  # dL/dz = dL/da * f'(z)
    return (_output_activation(Z, output) - Y) / Z.shape[0]  # dL/dz = (a - y) / N
