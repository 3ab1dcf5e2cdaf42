"""Gradient checkpointing: keep a few activations in the forward pass, recompute the rest.

The backward pass of ``helpers.mlp`` needs every A^l and Z^l, so the forward pass keeps
2L + 1 arrays. Checkpointing splits the L layers into k segments and keeps only the
activation entering each segment. The backward pass then takes the segments from the
last to the first: it runs the segment's forward pass again from its kept input (keeping
that segment's A and Z for a moment), and carries the gradient down through it. At most
about k + 2 L / k arrays are alive at once, fewest near k = sqrt(2 L), for one extra
forward pass; the gradients are the same numbers, bit for bit, as ``mlp.loss_and_grads``.

Introduced in notebooks/08_computational_graphs.ipynb.
"""

from __future__ import annotations

import math

from . import _mlp_checks as check
from . import _validate as v
from . import losses, mlp
from .activations import _KERNELS


def _layer(A, W, b, f):
    Z = A @ W.T + b  # Z^l = A^(l-1) (W^l)^T + b^l
    return Z, f(Z)


def loss_and_grads(params, X, Y, hidden="sigmoid", output="sigmoid", loss="mse", segments=None):
    """:func:`helpers.mlp.loss_and_grads` with k = ``segments`` checkpoints.

    Parameters
    ----------
    params, X, Y, hidden, output, loss : as for :func:`helpers.mlp.loss_and_grads`
    segments : int in [1, L] or None
        How many segments; None takes round(sqrt(L)). 1 keeps everything, as mlp does.

    Returns
    -------
    loss : float, the batch loss
    grads : list of L pairs (dW, db), shaped like params
    kept : dict with ``"arrays"`` and ``"bytes"``: the most activations (A and Z arrays,
        X included) alive at any one time
    """
    params, X, Y = mlp._check_all(params, X, Y, hidden, output, loss)
    L = len(params)
    k = round(math.sqrt(L)) if segments is None else v.integer("segments", segments, 1, L)
    bounds = sorted({round(i * L / k) for i in range(k + 1)})  # segment i: layers b_i+1..b_i+1
    f_hidden, f_out = _KERNELS[hidden][0], (lambda Z: losses._output_activation(Z, output))
    alive = {"arrays": 0, "bytes": 0, "peak": (0, 0)}

    def hold(*arrays, sign=1):
        alive["arrays"] += sign * len(arrays)
        alive["bytes"] += sign * sum(a.nbytes for a in arrays)
        alive["peak"] = max(alive["peak"], (alive["arrays"], alive["bytes"]))

    def run(start, stop, A):  # layers start+1 .. stop from A = A^start: (As, Zs)
        As, Zs = [A], []
        for layer in range(start + 1, stop + 1):
            W, b = params[layer - 1]
            Z, A = _layer(A, W, b, f_out if layer == L else f_hidden)
            As.append(A)
            Zs.append(Z)
        return As, Zs

    with check.too_large("params, X and Y"):
        kept, A = [X], X  # the forward pass: keep only the input of each segment
        hold(X)
        for start, stop in zip(bounds[:-2], bounds[1:-1], strict=True):
            A = run(start, stop, A)[0][-1]
            kept.append(A)
            hold(A)
        grads, dA = [None] * L, None  # dA = dL/dA^stop, from the segment above
        for i in range(len(bounds) - 2, -1, -1):  # the segments, last first
            start, stop = bounds[i], bounds[i + 1]
            As, Zs = run(start, stop, kept[i])  # the segment's forward pass again
            hold(*As[1:], *Zs)
            if stop == L:
                cache = mlp.Cache([As[-1]], [Zs[-1]], hidden, output)
                value = losses._batch_loss(Zs[-1], Y, output, loss)
                delta = mlp._output_delta(cache, Y, loss)  # delta^L
            else:
                delta = dA * mlp._f_prime(Zs[-1], hidden)  # delta^stop
            for layer in range(stop, start, -1):
                W = params[layer - 1][0]
                grads[layer - 1] = (delta.T @ As[layer - start - 1], delta.sum(axis=0))
                dA = delta @ W  # dL/dA^(layer - 1)
                if layer - 1 > start:
                    delta = dA * mlp._f_prime(Zs[layer - start - 2], hidden)
            hold(*As[1:], *Zs, sign=-1)
            hold(kept.pop(), sign=-1)
    arrays, size = alive["peak"]
    return value, grads, {"arrays": arrays, "bytes": size}
