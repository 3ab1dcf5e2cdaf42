"""A small convolutional network for the 8x8 digits, trained by hand with the delta rule.

The network, one image (1 x 8 x 8) at a time, in a batch of N:

    conv 3x3, F kernels, pad 1  ->  ReLU  ->  max-pool 2x2  ->  flatten (F * 4 * 4)
        ->  affine to 10 logits  ->  softmax cross-entropy

Backward is the delta rule of notebooks 04-06, layer by layer, from the output down:
delta = (softmax(Z) - Y) / N at the logits; back through the affine layer (delta W); unflatten;
routed through the max-pool (``layers.maxpool2d_backward``); times ReLU's slope (0 or 1);
into the convolution, whose kernel gradient is ``layers.conv2d_backward``'s dW.

The first layer is computed on the images' patches ("im2col"): each of the 64 pixels' 3x3
neighbourhoods (padded by 1) as a column of 9 numbers, so that the convolution is one matrix
product, K (F, 9) times the columns (9, 64), and its kernel gradient another. The digits never
change, so train_digits cuts out the patches once, not once per batch, and the input's own
gradient dX (which only a layer below would need) is never computed. The numbers are
``layers.conv2d_forward``'s and ``conv2d_backward``'s (tests/test_cnn.py).

Training is mini-batch SGD with momentum, seeded like ``train.train``: the same arguments
give the same kernels, bit for bit.

Introduced in notebooks/10_convolution_and_recurrence.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from . import _validate as v
from . import data, layers, losses, train


@dataclass
class CNNHistory:
    """Per-epoch training loss and train/test accuracy (lists of floats)."""

    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)


#: The settings the notebook trains with (the same optimiser settings as notebook 06's MLP).
CNN_RECIPE = {"filters": 8, "lr": 0.03, "momentum": 0.9, "batch_size": 32, "epochs": 8, "seed": 0}


#: Notebook 06's MLP (``train.train_digits``: 64-128-10, the same optimiser settings, 20 epochs)
#: on split seeds 0 to 4: its test accuracy, correct digits out of 359. Quoted, so that
#: notebook 10 compares against it without training it again; tests/test_cnn.py retrains it.
MLP_TEST_ACCURACY = (348 / 359, 355 / 359, 352 / 359, 355 / 359, 355 / 359)


def images(X) -> np.ndarray:
    """Rows of 64 pixels (as in ``data.load_digits``), shape (N, 64) -> images (N, 1, 8, 8)."""
    X = v.real_array("X", X)
    if X.ndim != 2 or X.shape[1] != 64 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 64), one 8x8 digit per row, got {X.shape}")
    return X.reshape(-1, 1, 8, 8)


def init_params(filters: int = 8, seed: int = 0) -> list:
    """[(K, bK), (W, b)]: F kernels K (F, 1, 3, 3) and the output layer W (10, F * 16).

    He initialisation (spread sqrt(2 / fan_in)), biases 0, from a seeded generator.
    """
    filters = v.integer("filters", filters, 1, 256)
    rng = np.random.default_rng(v.seed("seed", seed))
    K = rng.standard_normal((filters, 1, 3, 3)) * np.sqrt(2 / 9)
    W = rng.standard_normal((10, filters * 16)) * np.sqrt(2 / (filters * 16))
    return [(K, np.zeros(filters)), (W, np.zeros(10))]


def _checked_params(params) -> list:
    if (
        not isinstance(params, (list, tuple))
        or len(params) != 2
        or not all(isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in params)
    ):
        raise TypeError(
            f"params must be [(K, bK), (W, b)] as init_params makes, got {v._describe(params)}"
        )
    (K, bK), (W, b) = params
    K, bK = v.real_array("params[0] K", K), v.real_array("params[0] bK", bK)
    W, b = v.real_array("params[1] W", W), v.real_array("params[1] b", b)
    F = K.shape[0] if K.ndim == 4 else -1
    if K.shape != (F, 1, 3, 3) or bK.shape != (F,) or W.shape != (10, F * 16) or b.shape != (10,):
        raise ValueError(
            "params must be [(K (F, 1, 3, 3), bK (F,)), (W (10, F*16), b (10,))], got shapes "
            f"{K.shape}, {bK.shape}, {W.shape}, {b.shape}"
        )
    return [(K, bK), (W, b)]


def _images4(X) -> np.ndarray:
    X = v.real_array("X", X)
    if X.ndim != 4 or X.shape[1:] != (1, 8, 8) or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 1, 8, 8), got {X.shape}")
    return X


def _columns(X) -> np.ndarray:
    """im2col: every pixel's 3x3 neighbourhood, padded by 1; (N, 1, 8, 8) -> (N, 64, 9).

    cols[n, 8 i + j, 3 p + q] = Xp[n, 0, i + p, j + q], so cols[n] @ K.reshape(F, 9).T is the
    convolution of image n with the F kernels, one row per pixel: (64, F).
    """
    X = _images4(X)
    Xp = np.pad(X[:, 0], ((0, 0), (1, 1), (1, 1)))  # (N, 10, 10)
    win = sliding_window_view(Xp, (3, 3), axis=(1, 2))  # (N, 8, 8, 3, 3), a view
    return win.reshape(len(X), 64, 9)  # a copy: the windows overlap


def forward(params, X):
    """Logits Z (N, 10) for images X (N, 1, 8, 8), and what the backward pass needs.

    Returns
    -------
    Z : np.ndarray of shape (N, 10)
    caches : (patches (N, 64, 9), conv output (N, F, 8, 8), pool cache, flattened pool (N, F * 16))
    """
    params = _checked_params(params)
    return _forward(params, _columns(X))


def _forward(params, cols):
    (K, bK), (W, b) = params
    N, F = len(cols), len(K)
    # conv2d_forward(X, K, bK, pad=1) as one product: (N * 64 pixels, 9) @ (9, F), viewed as
    # (N, F, 8, 8) (the kernel axis is innermost in memory: the backward pass reads it back)
    with np.errstate(over="ignore", invalid="ignore"):
        conv = (
            (cols.reshape(-1, 9) @ K.reshape(F, 9).T + bK).reshape(N, 8, 8, F).transpose(0, 3, 1, 2)
        )
    if not np.isfinite(conv).all():  # as conv2d_forward: refuse an overflow in plain words
        raise ValueError(
            "the convolution's output overflowed float64: X, K and bK are too large together"
        )
    relu = np.maximum(conv, 0.0)
    pooled, pool_cache = layers.maxpool2d_forward(relu, size=2, stride=2)  # (N, F, 4, 4)
    flat = pooled.reshape(N, -1)  # (N, F * 16)
    Z = flat @ W.T + b  # z = a W^T + b, row layout
    return Z, (cols, conv, pool_cache, flat)


def loss_and_grads(params, X, labels):
    """Softmax cross-entropy of the CNN on a batch and every parameter's gradient.

    Parameters
    ----------
    params : [(K, bK), (W, b)] from :func:`init_params`
    X : np.ndarray of shape (N, 1, 8, 8);  labels : int array of shape (N,), digits 0..9

    Returns
    -------
    loss : float;  grads : [(dK, dbK), (dW, db)], shaped like params
    """
    params, X = _checked_params(params), _images4(X)
    labels = data._labels("labels", labels)
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise ValueError(f"labels must be digits 0..9, got {labels.min()}..{labels.max()}")
    Y = data.one_hot(labels, 10)
    if len(Y) != len(X):
        raise ValueError(f"labels must hold one label per image ({len(X)}), got {len(Y)}")
    return _loss_and_grads(params, _columns(X), Y)


def _loss_and_grads(params, cols, Y):
    (K, bK), (W, b) = params
    Z, (cols, conv, pool_cache, flat) = _forward(params, cols)  # cols: the images' patches
    loss = losses.cross_entropy_from_logits(Z, Y)
    delta = (losses.softmax(Z) - Y) / len(Y)  # dL/dZ at the output
    dW, db = delta.T @ flat, delta.sum(axis=0)  # dL/dW = delta^T a
    d_pooled = (delta @ W).reshape(pool_cache.X.shape[0], -1, 4, 4)  # delta W, unflattened
    d_relu = layers.maxpool2d_backward(d_pooled, pool_cache)  # routed to each window's max
    d_conv = d_relu * (conv > 0)  # ReLU's slope: 1 where it let the value through
    d_pixels = d_conv.transpose(0, 2, 3, 1).reshape(-1, len(K))  # (N * 64 pixels, F)
    dK = (d_pixels.T @ cols.reshape(-1, 9)).reshape(K.shape)  # conv2d_backward's dW: delta^T a
    dbK = d_pixels.sum(axis=0)  # and its db: each kernel's bias is used at every pixel
    return loss, [(dK, dbK), (dW, db)]


def accuracy(params, X, labels) -> float:
    """Fraction of images X (N, 1, 8, 8) whose largest logit is their label."""
    params, X = _checked_params(params), _images4(X)
    labels = data._labels("labels", labels)
    return _accuracy(params, _columns(X), labels)


def _accuracy(params, cols, labels, chunk: int = 512) -> float:
    if len(labels) != len(cols):
        raise ValueError(f"labels must hold one label per image ({len(cols)}), got {len(labels)}")
    # a few hundred images at a time: their intermediate arrays stay in the CPU's cache
    guesses = [
        _forward(params, cols[i : i + chunk])[0].argmax(axis=1) for i in range(0, len(cols), chunk)
    ]
    return float(np.mean(np.concatenate(guesses) == labels))


def train_digits(split, progress: int = 0, **changes):
    """Train the CNN on a ``data.Split`` with :data:`CNN_RECIPE` (and any ``changes``).

    Returns
    -------
    params : [(K, bK), (W, b)];  history : CNNHistory (one entry per epoch)
    """
    if not isinstance(split, data.Split):
        raise TypeError(f"split must be a helpers.data.Split, got {v._describe(split)}")
    unknown = sorted(set(changes) - set(CNN_RECIPE))
    if unknown:
        raise TypeError(
            f"train_digits got unknown settings {unknown}; the settings are {sorted(CNN_RECIPE)}"
        )
    r = {**CNN_RECIPE, **changes}
    lr, mu = v.positive("lr", r["lr"]), v.number("momentum", r["momentum"], 0.0, 0.999)
    batch, epochs = (
        v.integer("batch_size", r["batch_size"], 1, 10**6),
        v.integer("epochs", r["epochs"], 1, 1000),
    )
    progress = v.integer("progress", progress, 0)
    params = init_params(r["filters"], r["seed"])
    X, Xt = _columns(images(split.X_train)), _columns(images(split.X_test))  # patches, once
    Y = data.one_hot(split.y_train, 10)
    velocity = [(np.zeros_like(P), np.zeros_like(q)) for P, q in params]
    rng, history = np.random.default_rng(r["seed"]), CNNHistory()
    with train._one_blas_thread(), np.errstate(over="raise", invalid="raise"):
        for epoch in range(1, epochs + 1):
            order, total = rng.permutation(len(X)), 0.0
            for start in range(0, len(X), batch):
                rows = order[start : start + batch]
                loss, grads = _loss_and_grads(params, X[rows], Y[rows])
                total += loss * len(rows)
                velocity = [  # V <- mu V - lr grad
                    (mu * VP - lr * dP, mu * Vq - lr * dq)
                    for (VP, Vq), (dP, dq) in zip(velocity, grads, strict=True)
                ]
                params = [
                    (P + VP, q + Vq) for (P, q), (VP, Vq) in zip(params, velocity, strict=True)
                ]
            history.train_loss.append(total / len(X))
            history.train_accuracy.append(_accuracy(params, X, split.y_train))
            history.test_accuracy.append(_accuracy(params, Xt, split.y_test))
            if progress and epoch % progress == 0:
                loss, acc = history.train_loss[-1], history.test_accuracy[-1]
                print(f"epoch {epoch}: loss {loss:.4f}, test accuracy {acc:.3f}")
    return params, history
