"""Affine, embedding and the fused softmax with cross-entropy: forward and backward.

Shapes (a batch holds one example per row, W is (n_out, n_in) as everywhere in the series):

    affine:     out = X W^T + b           X (N, n_in), W (n_out, n_in), b (n_out,)
                dX = dout W,  dW = dout^T X,  db = sum of dout over the rows
    embedding:  out = E[idx]              idx integers of any shape S, E (V, D), out S + (D,)
                dE = scatter-add of dout into the rows idx (np.add.at: repeats add up)
    softmax_cross_entropy(Z, labels):     Z (N, C), labels (N,) integers in [0, C)
                loss = mean over rows of logsumexp(z) - z[label],  dZ = (S - Y) / N

The bias b is broadcast over the N rows, so its gradient is the sum over them: the rule
"the gradient of a broadcast is a sum over the broadcast axes". Introduced in
notebooks/09_backprop_through_any_layer.ipynb.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _checks as check


class AffineCache(NamedTuple):
    """What :func:`affine_forward` keeps: X (N, n_in) and W (n_out, n_in), copies."""

    X: np.ndarray
    W: np.ndarray


class EmbeddingCache(NamedTuple):
    """What :func:`embedding_forward` keeps: idx (int64 copy, shape S) and E's shape (V, D)."""

    idx: np.ndarray
    E_shape: tuple


def affine_forward(X, W, b):
    """out = X W^T + b.

    Parameters
    ----------
    X : array of shape (N, n_in)
    W : array of shape (n_out, n_in)
    b : array of shape (n_out,)

    Returns
    -------
    out : np.ndarray of shape (N, n_out)
    cache : AffineCache, for :func:`affine_backward`
    """
    W = check.floats("W", W, 2, "(n_out, n_in)")
    X = check.floats("X", X, 2, f"(N, n_in) = (N, {W.shape[1]})")
    if X.shape[1] != W.shape[1]:
        raise ValueError(
            f"X has shape {X.shape} but W has shape {W.shape}: X must have {W.shape[1]} "
            "columns, one per input of W"
        )
    b = check.shaped("b", b, (W.shape[0],), f"one bias per row of W, which has shape {W.shape}")
    with check.too_large("X, W and b"):
        out = X @ W.T + b
    return out, AffineCache(X, W)


def affine_backward(dout, cache):
    """Gradients of the loss with respect to X, W and b, given dout = dL/d(out).

    Parameters
    ----------
    dout : array of shape (N, n_out)
    cache : AffineCache from :func:`affine_forward`

    Returns
    -------
    dX : np.ndarray of shape (N, n_in)
    dW : np.ndarray of shape (n_out, n_in)
    db : np.ndarray of shape (n_out,)
    """
    X, W = check.cache_of("cache", cache, AffineCache, "affine_forward")
    dout = check.upstream(dout, (X.shape[0], W.shape[0]), "affine_forward")
    with check.too_large("dout (with the cached X and W)"):
        dX = dout @ W
        dW = dout.T @ X
        db = dout.sum(axis=0)  # b was broadcast over the rows: sum over them
    return dX, dW, db


def embedding_forward(idx, E):
    """Look up one row of E per index: out = E[idx].

    Parameters
    ----------
    idx : integer array of any shape S, entries in [0, V)
    E : array of shape (V, D), one row (embedding) per token

    Returns
    -------
    out : np.ndarray of shape S + (D,)
    cache : EmbeddingCache, for :func:`embedding_backward`
    """
    E = check.floats("E", E, 2, "(V, D)")
    idx = check.indices("idx", idx, E.shape[0], f"row numbers of E (V = {E.shape[0]})")
    return E[idx], EmbeddingCache(idx, E.shape)


def embedding_backward(dout, cache):
    """dE: each row of dout added into the row of E it was read from.

    A token that appears twice in idx was read twice, so it receives the sum of both
    gradients. ``dE[idx] += dout`` would keep only one of them (numpy's fancy-index
    assignment does not accumulate repeats); ``np.add.at`` adds them all.

    Parameters
    ----------
    dout : array of shape S + (D,)
    cache : EmbeddingCache from :func:`embedding_forward`

    Returns
    -------
    dE : np.ndarray of shape (V, D)
    """
    idx, E_shape = check.cache_of("cache", cache, EmbeddingCache, "embedding_forward")
    dout = check.upstream(dout, idx.shape + (E_shape[1],), "embedding_forward")
    dE = np.zeros(E_shape)
    with check.too_large("dout"):
        np.add.at(dE, idx, dout)
    return dE


def softmax_cross_entropy(Z, labels):
    """The mean cross-entropy of softmax(Z) against integer labels, and its gradient.

    Computed stably: log softmax(z) = z - max(z) - log(sum(exp(z - max(z)))), so no entry of
    exp overflows. The gradient of the fused pair is (S - Y) / N, with S = softmax(Z) and Y
    the one-hot labels: the softmax Jacobian's off-diagonal terms and the 1/s of the log
    cancel (derived in notebook 09).

    Parameters
    ----------
    Z : array of shape (N, C), the logits, one row per example
    labels : integer array of shape (N,), entries in [0, C)

    Returns
    -------
    loss : float
    dZ : np.ndarray of shape (N, C)
    """
    Z = check.floats("Z", Z, 2, "(N, C)")
    N, C = Z.shape
    labels = check.indices("labels", labels, C, f"classes (C = {C})")
    if labels.shape != (N,):
        raise ValueError(
            f"labels must have shape (N,) = ({N},), one class per row of Z, got {labels.shape}"
        )
    with check.too_large("Z"):
        shifted = Z - Z.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_S = shifted - log_sum
        rows = np.arange(N)
        loss = float(-log_S[rows, labels].mean())
        dZ = np.exp(log_S)
        dZ[rows, labels] -= 1.0
        dZ /= N
    return loss, dZ
