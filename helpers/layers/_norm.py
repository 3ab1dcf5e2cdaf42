"""BatchNorm (training mode) and LayerNorm: forward and backward.

Both normalise, then scale and shift; they differ only in the axis the statistics run over.

    batchnorm: per column (feature), over the N rows of the batch  X (N, D), gamma, beta (D,)
    layernorm: per row (example), over its D features              X (N, D), gamma, beta (D,)

With n the number of entries averaged (N for batchnorm, D for layernorm):

    mu = mean(x),   var = mean((x - mu)^2)    (the biased variance: divide by n, not n - 1,
    xhat = (x - mu) / sqrt(var + eps)          as PyTorch does in training mode)
    out = gamma * xhat + beta

and backward, with g = dout * gamma = dL/dxhat (derived with SymPy in notebook 09):

    dx = (n g - sum(g) - xhat sum(g xhat)) / (n sqrt(var + eps))
    dgamma = sum over rows of dout * xhat,   dbeta = sum over rows of dout

The two sums are what x's share in mu and var contribute; both vanish when g is the same
for every entry (an all-ones dout), so dx is then exactly zero: a gradient check with that
upstream proves nothing. dx also always sums to zero over the averaged axis.

Introduced in notebooks/09_backprop_through_any_layer.ipynb.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _validate as v
from . import _checks as check


class NormCache(NamedTuple):
    """What a normalisation's forward pass keeps for its backward pass.

    xhat : (N, D), the normalised input
    inv_std : (N, 1) or (1, D), 1 / sqrt(var + eps), shaped to broadcast against xhat
    gamma : (D,)
    axis : 0 for batchnorm (statistics over the batch), 1 for layernorm (over the features)
    """

    xhat: np.ndarray
    inv_std: np.ndarray
    gamma: np.ndarray
    axis: int


def _forward(X, gamma, beta, eps, axis):
    X = check.floats("X", X, 2, "(N, D)")
    if axis == 0 and X.shape[0] < 2:
        raise ValueError(
            f"X must hold at least 2 rows for batch statistics, got shape {X.shape} "
            "(with one row every output would be beta)"
        )
    D = X.shape[1]
    gamma = check.shaped("gamma", gamma, (D,), f"one scale per column of X, shape {X.shape}")
    beta = check.shaped("beta", beta, (D,), f"one shift per column of X, shape {X.shape}")
    eps = v.positive("eps", eps)
    with check.too_large("X, gamma and beta"):
        mu = X.mean(axis=axis, keepdims=True)
        centred = X - mu
        var = (centred**2).mean(axis=axis, keepdims=True)  # biased: divide by n
        inv_std = 1.0 / np.sqrt(var + eps)
        xhat = centred * inv_std
        out = gamma * xhat + beta
    return out, NormCache(xhat, inv_std, gamma, axis)


def _backward(dout, cache, made_by):
    xhat, inv_std, gamma, axis = check.cache_of("cache", cache, NormCache, made_by)
    dout = check.upstream(dout, xhat.shape, made_by)
    n = xhat.shape[axis]
    with check.too_large("dout (with the cached gamma)"):
        g = dout * gamma  # dL/dxhat
        dX = (
            n * g
            - g.sum(axis=axis, keepdims=True)  # through the mean
            - xhat * (g * xhat).sum(axis=axis, keepdims=True)  # through the variance
        ) * (inv_std / n)
        dgamma = (dout * xhat).sum(axis=0)  # gamma and beta were broadcast over the rows
        dbeta = dout.sum(axis=0)
    return dX, dgamma, dbeta


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    """Batch normalisation in training mode: each column normalised over the batch.

    Parameters
    ----------
    X : array of shape (N, D), N >= 2
    gamma, beta : arrays of shape (D,), the scale and the shift
    eps : float > 0, added to the variance

    Returns
    -------
    out : np.ndarray of shape (N, D)
    cache : NormCache, for :func:`batchnorm_backward`
    """
    return _forward(X, gamma, beta, eps, 0)


def batchnorm_backward(dout, cache):
    """Gradients of the loss with respect to X, gamma and beta.

    Parameters
    ----------
    dout : array of shape (N, D)
    cache : NormCache from :func:`batchnorm_forward`

    Returns
    -------
    dX : np.ndarray of shape (N, D), each column summing to zero
    dgamma, dbeta : np.ndarray of shape (D,)
    """
    if isinstance(cache, NormCache) and cache.axis != 0:
        raise ValueError("cache came from layernorm_forward: pass it to layernorm_backward")
    return _backward(dout, cache, "batchnorm_forward")


def layernorm_forward(X, gamma, beta, eps=1e-5):
    """Layer normalisation: each row normalised over its D features.

    Parameters
    ----------
    X : array of shape (N, D)
    gamma, beta : arrays of shape (D,), the scale and the shift
    eps : float > 0, added to the variance

    Returns
    -------
    out : np.ndarray of shape (N, D)
    cache : NormCache, for :func:`layernorm_backward`
    """
    return _forward(X, gamma, beta, eps, 1)


def layernorm_backward(dout, cache):
    """Gradients of the loss with respect to X, gamma and beta.

    Parameters
    ----------
    dout : array of shape (N, D)
    cache : NormCache from :func:`layernorm_forward`

    Returns
    -------
    dX : np.ndarray of shape (N, D), each row summing to zero
    dgamma, dbeta : np.ndarray of shape (D,)
    """
    if isinstance(cache, NormCache) and cache.axis != 1:
        raise ValueError("cache came from batchnorm_forward: pass it to batchnorm_backward")
    return _backward(dout, cache, "layernorm_forward")
