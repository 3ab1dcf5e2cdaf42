"""Residual connections by hand: a skip path around every hidden layer of equal width.

A plain layer replaces its input, ``A^l = f(Z^l)``. A residual layer adds to it:

    Z^l = A^(l-1) (W^l)^T + b^l       as in ``helpers.mlp``
    A^l = A^(l-1) + f(Z^l)            the input, plus what the layer computes

Layer 1 (it changes the width, n_0 to n_1) and the output layer L stay plain; every
hidden layer 2..L-1 with n_l = n_(l-1) gets the skip. With G^l = dL/dA^l, the delta
rule gains one term, the skip's:

    delta^l = G^l * f'(Z^l)                        * elementwise, as before
    G^(l-1) = delta^l W^l  (+ G^l on a residual layer: the skip's copy of A^(l-1))
    dL/dW^l = (delta^l)^T A^(l-1),   dL/db^l = sum of delta^l over the rows

Going back through a residual layer the error is the identity's copy *plus* the
product the plain recursion has: a small slope can no longer shrink it to nothing.
:func:`loss_and_grads` is the forward and backward pass of such a network; with
``residual=False`` it is ``mlp.loss_and_grads`` (the same numbers).

Numeric code: numpy and ``helpers.mlp``'s checks and kernels. Introduced in
notebooks/07_gradient_pathologies.ipynb.
"""

from __future__ import annotations

import numpy as np

from . import _mlp_checks as check
from . import _validate as v
from . import losses
from .activations import _KERNELS


def skips(params) -> list[bool]:
    """Which layers get a skip path: skips(params)[l - 1] for layer l.

    True for every hidden layer 2..L-1 whose input and output widths agree.
    """
    return _skips(check.parameters(params))


def _skips(params) -> list[bool]:
    """:func:`skips` for params already checked (float64 pairs whose shapes chain)."""
    L = len(params)
    return [1 < layer < L and W.shape[0] == W.shape[1] for layer, (W, _) in enumerate(params, 1)]


def forward(params, X, hidden="sigmoid", output="softmax", residual=True):
    """The forward pass with skips: returns (out, A, Z).

    Parameters
    ----------
    params : list of L pairs (W, b), as from ``mlp.init_params``
    X : np.ndarray of shape (N, n_0)
    hidden : "sigmoid", "tanh" or "relu";  output : "sigmoid", "identity" or "softmax"
    residual : bool
        False: no skips, the plain network of ``helpers.mlp``.

    Returns
    -------
    out : np.ndarray of shape (N, n_L), the output A^L
    A : list of L + 1 arrays, A[l] = A^l (A[0] is X)
    Z : list of L arrays, Z[l - 1] = Z^l
    """
    v.choice("hidden", hidden, check.HIDDEN)
    v.choice("output", output, losses.OUTPUTS)
    residual = _flag(residual)
    params = check.parameters(params)
    X = check.inputs(X, params)
    with check.too_large("params and X"):
        return _forward(params, X, hidden, output, residual)


def _forward(params, X, hidden, output, residual):
    skip = _skips(params) if residual else [False] * len(params)
    A, As, Zs = X, [X], []
    for layer, (W, b) in enumerate(params, start=1):
        Z = A @ W.T + b  # Z^l = A^(l-1) (W^l)^T + b^l
        if layer == len(params):
            A = losses._output_activation(Z, output)
        else:
            F = _KERNELS[hidden][0](Z)  # f(Z^l)
            A = A + F if skip[layer - 1] else F  # A^l = A^(l-1) + f(Z^l) on a skip
        As.append(A)
        Zs.append(Z)
    return A, As, Zs


def loss_and_grads(params, X, Y, hidden="sigmoid", output="softmax", loss="cross_entropy",
                   residual=True):  # fmt: skip
    """Forward and backward: returns (batch mean loss as a float, grads).

    Parameters
    ----------
    params, X, hidden, output, residual : as in :func:`forward`
    Y : np.ndarray of shape (N, n_L), the targets;  loss : as in ``helpers.mlp``

    Returns
    -------
    loss : float
    grads : list of L pairs (dW, db), the same shapes as params
    """
    v.choice("hidden", hidden, check.HIDDEN)
    check.pair(output, loss)
    residual = _flag(residual)
    params = check.parameters(params)
    X = check.inputs(X, params)
    Y = check.targets(Y, (X.shape[0], params[-1][0].shape[0]), loss, "X and params")
    with check.too_large("params, X and Y"):
        _, As, Zs = _forward(params, X, hidden, output, residual)
        skip = _skips(params) if residual else [False] * len(params)
        grads = _backward(params, As, Zs, Y, hidden, output, loss, skip)
        return losses._batch_loss(Zs[-1], Y, output, loss), grads


def _backward(params, As, Zs, Y, hidden, output, loss, skip):
    """The delta rule with skips: grads, a list of L pairs (dW, db)."""
    L = len(params)
    grads = [None] * L
    delta = (As[-1] - Y) / Y.shape[0]  # delta^L for the matched (output, loss) pairs
    if loss == "mse":
        delta = delta * _KERNELS[output][1](Zs[-1])
    grads[L - 1] = (delta.T @ As[L - 1], delta.sum(axis=0))
    G = delta @ params[L - 1][0]  # G^(L-1) = dL/dA^(L-1) = delta^L W^L
    for layer in range(L - 1, 0, -1):  # layer = l = L-1, ..., 1
        delta = G * _KERNELS[hidden][1](Zs[layer - 1])  # delta^l = G^l * f'(Z^l)
        grads[layer - 1] = (delta.T @ As[layer - 1], delta.sum(axis=0))
        if layer > 1:  # G^(l-1) = delta^l W^l, plus G^l itself through a skip
            G = delta @ params[layer - 1][0] + (G if skip[layer - 1] else 0.0)
    return grads


def batch_loss(params, X, Y, hidden="sigmoid", output="softmax", loss="cross_entropy",
               residual=True) -> float:  # fmt: skip
    """The batch mean loss alone (for finite differences and for the training curve)."""
    v.choice("hidden", hidden, check.HIDDEN)
    check.pair(output, loss)
    residual = _flag(residual)
    params = check.parameters(params)
    X = check.inputs(X, params)
    Y = check.targets(Y, (X.shape[0], params[-1][0].shape[0]), loss, "X and params")
    with check.too_large("params, X and Y"):
        _, _, Zs = _forward(params, X, hidden, output, residual)
        return losses._batch_loss(Zs[-1], Y, output, loss)


def _flag(residual) -> bool:
    if not isinstance(residual, (bool, np.bool_)):
        raise TypeError(f"residual must be True or False, got {v._describe(residual)}")
    return bool(residual)
