"""Deep networks during training: per-layer gradient norms, clipping, activations' spread.

Notebook 07 measures vanishing and exploding gradients at initialisation with
``pathologies``; this module follows them *during* training. :func:`train_recording` is
the mini-batch loop of notebook 06 (forward, backward, update, record) with plain SGD,
recording after every epoch the training loss and, for each layer, the mean over the
epoch's steps of ||dL/dW^l|| (the Frobenius norm). It can clip the gradient by its
global norm first (:func:`clip_by_global_norm`), a remedy for exploding gradients.
:func:`activation_spread` is the forward side of initialisation: how the spread of the
activations changes layer by layer in a fresh network.

Numeric code: numpy and ``helpers.mlp`` only. Introduced in
notebooks/07_gradient_pathologies.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate as v
from . import mlp, train
from . import residual as residual_net


@dataclass
class Recording:
    """What :func:`train_recording` measured, one row per completed epoch.

    loss : np.ndarray of shape (E + 1,)
        Training loss over all of X before training (index 0) and after each epoch.
    grad_norm : np.ndarray of shape (E, L)
        grad_norm[e, l - 1] is the mean over epoch e + 1's steps of ||dL/dW^l||, taken
        before any clipping (the gradient the delta rule delivered).
    status : str
        ``"ok"``, or ``"diverged at epoch k"`` when epoch k overflowed float64: the arrays
        then hold only the epochs before k.
    """

    loss: np.ndarray
    grad_norm: np.ndarray
    status: str = "ok"


def clip_by_global_norm(grads, max_norm):
    """Scale every gradient by one factor so that their joint norm is at most ``max_norm``.

    Parameters
    ----------
    grads : list of L pairs (dW, db), as from ``mlp.backward``
    max_norm : float > 0

    Returns
    -------
    clipped : list of L pairs (dW, db), new arrays, the same shapes
    norm : float
        The global norm sqrt(sum of every squared entry) before clipping.
    """
    max_norm = v.positive("max_norm", max_norm)
    if not isinstance(grads, (list, tuple)) or not all(
        isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in grads
    ):
        raise TypeError(f"grads must be a list of (dW, db) pairs, got {v._describe(grads)}")
    grads = [
        (v.real_array(f"grads[{k}] dW", dW), v.real_array(f"grads[{k}] db", db))
        for k, (dW, db) in enumerate(grads)
    ]
    norm = float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0  # g <- g * min(1, c / ||g||)
    return [(dW * factor, db * factor) for dW, db in grads], norm


def train_recording(
    params,
    X,
    Y,
    *,
    hidden="sigmoid",
    output="softmax",
    loss="cross_entropy",
    lr=0.1,
    epochs=10,
    batch_size=32,
    seed=0,
    clip=None,
    residual=False,
):
    """Mini-batch SGD (no momentum) that records the loss and every layer's gradient norm.

    Parameters
    ----------
    params : list of L pairs (W, b) (not changed)
    X : np.ndarray of shape (N, n_0);  Y : np.ndarray of shape (N, n_L)
        (or nested lists of numbers, as in ``train.train``)
    hidden, output, loss : as in ``mlp.loss_and_grads``
    lr : float > 0;  epochs, batch_size : int >= 1;  seed : int, seeds the shuffling
    clip : float > 0 or None
        Clip each step's gradient to this global norm (None: no clipping).
    residual : bool
        True: a skip path around every hidden layer of equal width, A^l = A^(l-1) + f(Z^l)
        (``helpers.residual``); False: the plain network of ``helpers.mlp``.

    Returns
    -------
    params : list of L pairs (W, b), the trained parameters
    recording : Recording
    """
    lr, seed = v.positive("lr", lr), v.seed("seed", seed)
    epochs = v.integer("epochs", epochs, 1, 10_000)
    batch_size = v.integer("batch_size", batch_size, 1)
    if clip is not None:
        clip = v.positive("clip", clip)
    kind = {"hidden": hidden, "output": output, "loss": loss}
    net = _Net(residual)
    losses = [net.batch_loss(params, X, Y, **kind)]  # checks params, X, Y and the kind
    X, Y = v.real_array("X", X), v.real_array("Y", Y)  # lists too: rows are picked below
    params = v.layers("params", params)  # float64 copies, for the unchecked update
    norms, status = [], "ok"
    rng = np.random.default_rng(seed)
    with train._one_blas_thread():  # small matrices: threads cost more than they save
        for epoch in range(1, epochs + 1):
            try:
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    new, epoch_norms = _epoch(params, X, Y, rng, batch_size, lr, clip, kind, net)
                    epoch_loss = net.batch_loss(new, X, Y, **kind)
            except (ValueError, FloatingPointError):  # the numbers blew up
                status = f"diverged at epoch {epoch}"
                break
            params = new
            losses.append(epoch_loss)
            norms.append(np.mean(epoch_norms, axis=0))
    grad_norm = np.array(norms).reshape(len(norms), len(params))
    return params, Recording(np.array(losses), grad_norm, status)


class _Net:
    """The plain network's loss and gradients (``helpers.mlp``) or the residual one's."""

    def __init__(self, residual):
        if not isinstance(residual, (bool, np.bool_)):
            raise TypeError(f"residual must be True or False, got {v._describe(residual)}")
        self.residual = bool(residual)

    def batch_loss(self, params, X, Y, **kind):
        if self.residual:
            return residual_net.batch_loss(params, X, Y, **kind, residual=True)
        return mlp.batch_loss(params, X, Y, **kind)

    def grads(self, params, X, Y, hidden, output, loss):
        """The gradients ``loss_and_grads`` gives, without checking the arguments again.

        train_recording checked params, X, Y and the kind once; an overflow raises under
        its ``np.errstate``. Checking every step cost a fifth of the training time.
        """
        if self.residual:
            skip = residual_net._skips(params)
            _, As, Zs = residual_net._forward(params, X, hidden, output, True)
            return residual_net._backward(params, As, Zs, Y, hidden, output, loss, skip)
        _, cache = mlp._forward(params, X, hidden, output)
        return mlp._backward(params, cache, Y, loss)[1]


def _epoch(params, X, Y, rng, batch_size, lr, clip, kind, net):
    """One shuffled pass over X: (new params, list of per-step ||dW^l|| lists)."""
    order = rng.permutation(len(X))
    step_norms = []
    for start in range(0, len(X), batch_size):
        rows = order[start : start + batch_size]
        grads = net.grads(params, X[rows], Y[rows], **kind)  # forward, backward
        step_norms.append([np.linalg.norm(dW) for dW, _ in grads])  # record
        if clip is not None:
            grads, _ = clip_by_global_norm(grads, clip)
        # update: mlp.update without its checks (train_recording made params float64 arrays)
        pairs = zip(params, grads, strict=True)
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in pairs]
    return params, step_norms


def activation_spread(depth, hidden="sigmoid", scale=1.0, width=32, n=512, seed=0):
    """Standard deviation of each hidden layer's activations in a fresh network.

    The network is ``mlp.init_params([width] * (depth + 1), seed, scale)`` (W^l drawn from
    scale * N(0, 1/width)), fed ``n`` standard normal inputs.

    Returns
    -------
    np.ndarray of shape (depth,)
        Entry l - 1 is the standard deviation of every entry of A^l, layers 1..depth,
        each with the hidden activation (no output layer).
    """
    depth = v.integer("depth", depth, 1, 200)
    width = v.integer("width", width, 1, 4096)
    n = v.integer("n", n, 2, 100_000)
    params = mlp.init_params([width] * (depth + 1), seed=seed, scale=scale)
    X = np.random.default_rng(v.seed("seed", seed)).normal(size=(n, width))
    # every layer hidden: a network of depth + 1 layers whose last one is dropped
    params = params + [(np.zeros((1, width)), np.zeros(1))]
    _, cache = mlp.forward(params, X, hidden=hidden, output="identity")
    return np.array([A.std() for A in cache.A[1:-1]])
