"""A fully connected network by hand: the forward pass and the delta rule, numpy only.

Layer l = 1..L has weights W^l of shape (n_l, n_(l-1)) and bias b^l of shape (n_l,).
A batch holds one example per row, as in PyTorch's ``x @ W.T + b``:

    A^0 = X                           shape (N, n_0)
    Z^l = A^(l-1) (W^l)^T + b^l       shape (N, n_l)
    A^l = f(Z^l)                      f: the hidden activation, or the output one at l = L

Backward is the seed's recursion in row layout, with delta^l = dL/dZ^l (a row per example):

    delta^L = dL/dZ^L                            see ``helpers.losses.output_delta``
    delta^l = (delta^(l+1) W^(l+1)) * f'(Z^l)    * is the elementwise product
    dL/dW^l = (delta^l)^T A^(l-1),   dL/db^l = sum of delta^l over the rows

Where the code departs from the text: Python counts from 0, so ``params[l - 1]`` holds
layer l and ``cache.Z[l - 1]`` is Z^l, while ``cache.A[l]`` is A^l (``cache.A[0]`` is X).
L is the batch *mean* loss, so delta^L already carries the factor 1/N.

Every public function checks its arguments first (a TypeError or ValueError naming the
argument) and then calls the unchecked steps ``_forward`` and ``_backward``, where the math
is; they use the unchecked twins of the activations and losses (``_KERNELS``,
``losses._batch_loss``: the same formulas). ``loss_and_grads`` checks each argument once,
not once per step, so the checks cost little: benchmarks/bench_validation.py measures it
against the same computation in bare numpy.

Introduced in notebooks/04_multilayer_deltas.ipynb and notebooks/05_vectorized_batches.ipynb.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _mlp_checks as check
from . import _validate as v
from . import losses
from .activations import _KERNELS  # name -> (f, f'), as ACTIVATIONS but without the checks

HIDDEN = check.HIDDEN  # ("sigmoid", "tanh", "relu")


class Cache(NamedTuple):
    """What :func:`forward` keeps for :func:`backward`.

    A : list of L + 1 arrays, A[l] = A^l of shape (N, n_l); A[0] is X (X itself, not a
        copy, when X is a float64 numpy array: do not change X while you need the cache)
    Z : list of L arrays, Z[l - 1] = Z^l of shape (N, n_l)
    hidden, output : the activation names used
    """

    A: list
    Z: list
    hidden: str
    output: str


def init_params(layer_sizes, seed=0, scale=1.0):
    """Random weights W^l ~ scale * Normal(0, 1 / n_(l-1)) and zero biases.

    Dividing the variance by the fan-in n_(l-1) (LeCun's choice) keeps every z^l of order
    one when the inputs are, so sigmoid and tanh units start unsaturated.

    Parameters
    ----------
    layer_sizes : sequence of int, [n_0, n_1, ..., n_L]
        Widths from the input to the output layer; at least two, each >= 1, and at most
        ``helpers._mlp_checks.MAX_WEIGHTS`` weights in all.
    seed : int in [0, 2**63 - 1]
        Seeds ``np.random.default_rng``: the same seed gives the same weights.
    scale : float
        Multiplies every weight (1 is the default scheme), a positive number.

    Returns
    -------
    list of L pairs (W, b): W of shape (n_l, n_(l-1)), b of shape (n_l,), float64
    """
    sizes = check.layer_sizes(layer_sizes)
    scale = v.positive("scale", scale)
    rng = np.random.default_rng(v.seed("seed", seed))  # a whole number in [0, 2**63 - 1]
    params = [
        (rng.normal(0.0, scale / np.sqrt(n_in), size=(n_out, n_in)), np.zeros(n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    if not all(np.isfinite(W).all() for W, _ in params):
        raise ValueError(f"scale must be small enough for finite weights, got {scale!r}")
    return params


def forward(params, X, hidden="sigmoid", output="sigmoid"):
    """Forward pass of a batch, layer by layer.

    Parameters
    ----------
    params : list of L pairs (W, b), as from :func:`init_params`
    X : np.ndarray of shape (N, n_0)
        One example per row.
    hidden : str
        One of ``"sigmoid"``, ``"tanh"``, ``"relu"``.
    output : str
        One of ``"sigmoid"``, ``"identity"``, ``"softmax"``.

    Returns
    -------
    out : np.ndarray of shape (N, n_L)
        The network's output A^L.
    cache : Cache
        Every A^l and Z^l, for :func:`backward`.
    """
    v.choice("hidden", hidden, HIDDEN)
    v.choice("output", output, losses.OUTPUTS)
    params = check.parameters(params)
    X = check.inputs(X, params)
    with check.too_large("params and X"):
        return _forward(params, X, hidden, output)


def _forward(params, X, hidden, output):
    """:func:`forward` without the argument checks (its callers have made them)."""
    A = X
    As, Zs = [A], []
    for layer, (W, b) in enumerate(params, start=1):  # layer = l
        Z = A @ W.T + b  # Z^l = A^(l-1) (W^l)^T + b^l
        A = (
            losses._output_activation(Z, output)  # losses.output_activation, unchecked
            if layer == len(params)
            else _KERNELS[hidden][0](Z)
        )
        As.append(A)
        Zs.append(Z)
    return A, Cache(As, Zs, hidden, output)


def deltas_and_grads(params, cache, Y, loss="mse"):
    """The backward pass, keeping every delta: returns (deltas, grads).

    deltas : list of L arrays, deltas[l - 1] = delta^l = dL/dZ^l of shape (N, n_l)
    grads : as :func:`backward`
    """
    params = check.parameters(params)
    cache = _check_cache(cache, params)
    check.pair(cache.output, loss)
    Y = check.targets(Y, cache.A[-1].shape, loss, "the shape of the output cache.A[-1]")
    with check.too_large("params, cache and Y"):
        return _backward(params, cache, Y, loss)


def _backward(params, cache, Y, loss):
    """:func:`deltas_and_grads` without the argument checks (its callers have made them)."""
    L = len(params)
    deltas, grads = [None] * L, [None] * L
    delta = _output_delta(cache, Y, loss)  # delta^L = dL/dZ^L
    for layer in range(L, 0, -1):  # layer = l = L, L-1, ..., 1
        if layer < L:
            W_next, f_prime_Z = params[layer][0], _f_prime(cache.Z[layer - 1], cache.hidden)
            delta = (delta @ W_next) * f_prime_Z  # delta^l = (delta^(l+1) W^(l+1)) * f'(Z^l)
        A_prev = cache.A[layer - 1]  # A^(l-1)
        dW = delta.T @ A_prev  # dL/dW^l = (delta^l)^T A^(l-1)
        db = delta.sum(axis=0)  # dL/db^l = sum_n delta^l_n
        deltas[layer - 1], grads[layer - 1] = delta, (dW, db)
    return deltas, grads


def _output_delta(cache, Y, loss):
    """delta^L = dL/dZ^L, the same numbers as ``losses.output_delta`` (which derives them).

    For sigmoid + bce and softmax + cross_entropy, delta^L = (A^L - Y) / N; mse multiplies
    by f'(Z^L) as well. A^L is taken from the cache: computing softmax(Z^L) again would
    cost the output layer's exponentials a second time.
    """
    A_out, Z_out = cache.A[-1], cache.Z[-1]
    delta = (A_out - Y) / A_out.shape[0]  # (A^L - Y) / N
    if loss == "mse":
        delta = delta * _KERNELS[cache.output][1](Z_out)  # dL/dA^L * f'(Z^L)
    return delta


def _f_prime(Z, hidden):
    """f'(Z) for the hidden activation ``hidden``, elementwise, shape of Z."""
    if hidden == "relu":
        # A fast path: relu'(z) is 1 where z > 0, else 0, so the True/False mask (Z > 0)
        # multiplies like relu_prime(Z) and gives the same numbers, without building a
        # float array of ones and zeros as large as Z (see benchmarks/bench_validation.py).
        return Z > 0
    return _KERNELS[hidden][1](Z)


def backward(params, cache, Y, loss="mse"):
    """Backward pass: the gradient of the batch loss for every W^l and b^l.

    Parameters
    ----------
    params : list of L pairs (W, b)
        The parameters used in the forward pass.
    cache : Cache
        The second value returned by :func:`forward`.
    Y : np.ndarray of shape (N, n_L)
        Targets (``y_true``). For ``"bce"`` in [0, 1]; for ``"cross_entropy"`` each row a
        probability distribution (usually one-hot).
    loss : str
        ``"mse"``, ``"bce"`` or ``"cross_entropy"``; (output, loss) must be a pair in
        ``helpers.losses.PAIRS``.

    Returns
    -------
    list of L pairs (dW, db), the same shapes as params
    """
    return deltas_and_grads(params, cache, Y, loss)[1]


def loss_and_grads(params, X, Y, hidden="sigmoid", output="sigmoid", loss="mse"):
    """Forward and backward in one call: returns (batch loss as a float, grads).

    The same as :func:`forward`, then :func:`backward` and :func:`batch_loss`, but each
    argument is checked once (the three calls would check params three times).
    """
    params, X, Y = _check_all(params, X, Y, hidden, output, loss)
    with check.too_large("params, X and Y"):
        _, cache = _forward(params, X, hidden, output)
        _, grads = _backward(params, cache, Y, loss)
        return _cache_loss(cache, Y, loss), grads


def batch_loss(params, X, Y, hidden="sigmoid", output="sigmoid", loss="mse") -> float:
    """The batch loss alone (for finite differences and for evaluating on test data)."""
    params, X, Y = _check_all(params, X, Y, hidden, output, loss)
    with check.too_large("params, X and Y"):
        _, cache = _forward(params, X, hidden, output)
        return _cache_loss(cache, Y, loss)


def _cache_loss(cache, Y, loss) -> float:
    """``losses.batch_loss(Z^L, Y, output, loss)``, unchecked; for mse from the cached A^L.

    mse is a function of A^L = f(Z^L), which the forward pass has computed already:
    ``losses._mse(A^L, Y)`` is the same number as ``losses._batch_loss``, which would
    compute f(Z^L) again. bce and cross_entropy are computed from Z^L, for stability.
    """
    if loss == "mse":
        return losses._mse(cache.A[-1], Y)
    return losses._batch_loss(cache.Z[-1], Y, cache.output, loss)


def predict(params, X, hidden="sigmoid", output="sigmoid"):
    """Class labels, shape (N,): argmax over the outputs, or out > 0.5 for one output unit."""
    out, _ = forward(params, X, hidden, output)
    return out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > 0.5).astype(np.int64)


def update(params, grads, lr=0.1):
    """One gradient-descent step, W^l <- W^l - lr dL/dW^l (and b); returns new params."""
    params, lr = check.parameters(params), v.positive("lr", lr)
    grads = check.parameters(grads, name="grads")
    if [(W.shape, b.shape) for W, b in grads] != [(W.shape, b.shape) for W, b in params]:
        raise ValueError(
            f"grads must have the same shapes as params: params has "
            f"{[W.shape for W, _ in params]}, grads {[W.shape for W, _ in grads]}"
        )
    with check.too_large("params, grads and lr"):
        return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads, strict=True)]


# ---------------------------------------------------------------- argument checks
# (the single-argument checks are in helpers/_mlp_checks.py)


def _check_all(params, X, Y, hidden, output, loss):
    """The checks of forward and backward together, each argument once: (params, X, Y)."""
    v.choice("hidden", hidden, HIDDEN)
    check.pair(output, loss)
    params = check.parameters(params)
    X = check.inputs(X, params)
    shape = (X.shape[0], params[-1][0].shape[0])
    Y = check.targets(Y, shape, loss, "N rows of X, n_L units in the last layer of params")
    return params, X, Y


def _check_cache(cache, params) -> Cache:
    """A copy of ``cache`` with checked arrays: the shapes that ``params`` and forward give."""
    if not isinstance(cache, Cache):
        raise TypeError(f"cache must be the Cache returned by forward, got {v._describe(cache)}")
    v.choice("cache.hidden", cache.hidden, HIDDEN)
    v.choice("cache.output", cache.output, losses.OUTPUTS)
    L = len(params)
    for name, arrays, count in (("cache.A", cache.A, L + 1), ("cache.Z", cache.Z, L)):
        if not isinstance(arrays, (list, tuple)):
            raise TypeError(f"{name} must be a list of arrays, got {v._describe(arrays)}")
        if len(arrays) != count:
            raise ValueError(
                f"cache is from a {len(arrays) - (count - L)}-layer network but params has "
                f"{L} layers ({name} holds {len(arrays)} arrays, needs {count})"
            )
    A0 = check.inputs(cache.A[0], params, name="cache.A[0]")
    A, Z = [A0], []
    for layer, (W, _) in enumerate(params, start=1):
        shape = (A0.shape[0], W.shape[0])  # (N, n_l)
        A.append(check.array_of_shape(f"cache.A[{layer}]", cache.A[layer], shape, layer))
        Z.append(check.array_of_shape(f"cache.Z[{layer - 1}]", cache.Z[layer - 1], shape, layer))
    return Cache(A, Z, cache.hidden, cache.output)
