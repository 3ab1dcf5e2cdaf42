"""Convolution and max-pooling layers: forward/backward pairs with a cache, naive and vectorised.

Shapes follow cs231n and PyTorch: images X (N, C, H, W), kernels W (F, C, HH, WW), one bias
per kernel b (F,), outputs (N, F, H', W') with H' = (H + 2 pad - HH) // stride + 1 (the same
for W'). "Convolution" here is what every framework computes, a cross-correlation:

    out[n, f, i, j] = b[f] + sum_{c, p, q} Xp[n, c, i*stride + p, j*stride + q] W[f, c, p, q]

where Xp is X with ``pad`` zeros on each side. Its backward pass, for the upstream
gradient dout = dL/dout:

    db[f]          = sum_{n, i, j} dout[n, f, i, j]
    dW[f, c, p, q] = sum_{n, i, j} dout[n, f, i, j] Xp[n, c, i*stride + p, j*stride + q]
                     (a correlation of the input with the upstream gradient)
    dXp            = the *full* convolution of dout (spread out by the stride) with the
                     kernel flipped left-right and upside down: a "transposed convolution";
                     dX is dXp without its padding.

The ``_naive`` functions spell every sum out as loops; the others use numpy's
``sliding_window_view`` (every window of the padded image as a view, no copy) and one
``tensordot`` per sum. They agree to rounding (tests/test_layers_conv.py).

Introduced in notebooks/10_convolution_and_recurrence.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import _validate as v

#: The largest stride, padding and pooling size accepted (bigger is a typo, not a layer).
MAX_STEP = 1000


@dataclass(frozen=True)
class ConvCache:
    """What conv2d_backward needs from the forward pass (copies of the inputs)."""

    X: np.ndarray
    W: np.ndarray
    b: np.ndarray
    stride: int
    pad: int


@dataclass(frozen=True)
class PoolCache:
    """What maxpool2d_backward needs: the input and the pooling window."""

    X: np.ndarray
    size: int
    stride: int


def _images(name: str, value, ndim: int = 4) -> np.ndarray:
    arr = v.real_array(name, value)
    if arr.ndim != ndim or arr.size == 0:
        need = "(N, C, H, W)" if ndim == 4 else "(F,)"
        raise ValueError(f"{name} must have shape {need} with no zero size, got {arr.shape}")
    return arr


def _checked(X, W, b, stride, pad) -> tuple:
    X, W = _images("X", X), _images("W", W)
    b = v.real_array("b", b)
    stride, pad = v.integer("stride", stride, 1, MAX_STEP), v.integer("pad", pad, 0, MAX_STEP)
    if W.shape[1] != X.shape[1]:
        raise ValueError(
            f"W has shape {W.shape}, so X needs {W.shape[1]} channels (shape (N, "
            f"{W.shape[1]}, H, W)), got X of shape {X.shape}"
        )
    if b.shape != (W.shape[0],):
        raise ValueError(
            f"W has {W.shape[0]} kernels, so b must have shape ({W.shape[0]},), got {b.shape}"
        )
    H, Wd = X.shape[2] + 2 * pad, X.shape[3] + 2 * pad
    if W.shape[2] > H or W.shape[3] > Wd:
        raise ValueError(
            f"W's kernel ({W.shape[2]} x {W.shape[3]}) must fit in the padded image "
            f"({H} x {Wd}); give a larger pad or a smaller kernel"
        )
    return X, W, b, stride, pad


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0) -> int:
    """H' = (H + 2 pad - HH) // stride + 1: how many positions the kernel takes along one axis."""
    size, kernel = v.integer("size", size, 1, 10**6), v.integer("kernel", kernel, 1, 10**6)
    stride, pad = v.integer("stride", stride, 1, MAX_STEP), v.integer("pad", pad, 0, MAX_STEP)
    if kernel > size + 2 * pad:
        raise ValueError(f"kernel ({kernel}) must fit in size + 2 pad ({size + 2 * pad})")
    return (size + 2 * pad - kernel) // stride + 1


def _padded(X: np.ndarray, pad: int) -> np.ndarray:
    return np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def _windows(Xp: np.ndarray, HH: int, WW: int, stride: int) -> np.ndarray:
    """Every HH x WW window of Xp, every ``stride`` pixels: a view, shape (N, C, H', W', HH, WW)."""
    return sliding_window_view(Xp, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]


def _finite(what: str, inputs: str, *arrays) -> None:
    """Refuse an overflow (numpy's warning is silenced around the sums) with a clear message."""
    for arr in arrays:
        if not np.isfinite(arr).all():
            raise ValueError(f"{what} overflowed float64: {inputs} are too large together")


def conv2d_forward(X, W, b, stride=1, pad=0):
    """out = conv(X, W) + b, vectorised with numpy's sliding windows.

    Parameters
    ----------
    X : np.ndarray of shape (N, C, H, W)
    W : np.ndarray of shape (F, C, HH, WW)
    b : np.ndarray of shape (F,)
    stride : int >= 1;  pad : int >= 0 (zeros added on every side)

    Returns
    -------
    out : np.ndarray of shape (N, F, H', W'), H' = (H + 2 pad - HH) // stride + 1
    cache : ConvCache, for :func:`conv2d_backward`
    """
    X, W, b, stride, pad = _checked(X, W, b, stride, pad)
    win = _windows(_padded(X, pad), W.shape[2], W.shape[3], stride)
    with np.errstate(over="ignore", invalid="ignore"):
        # sum over c, p, q: (N, H', W', F), then F next to N
        out = np.tensordot(win, W, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
        out = out + b[None, :, None, None]
    _finite("conv2d_forward's output", "X, W and b", out)
    return out, ConvCache(X, W, b, stride, pad)


def _cache(name: str, cache, kind):
    if not isinstance(cache, kind):
        made_by = "conv2d_forward" if kind is ConvCache else "maxpool2d_forward"
        raise TypeError(f"{name} must be the cache {made_by} returned, got {v._describe(cache)}")
    return cache


def _upstream(dout, shape) -> np.ndarray:
    dout = v.real_array("dout", dout)
    if dout.shape != shape:
        raise ValueError(f"dout must have the forward output's shape {shape}, got {dout.shape}")
    return dout


def conv2d_backward(dout, cache):
    """dX, dW, db of a convolution, from the upstream gradient dout = dL/dout.

    Parameters
    ----------
    dout : np.ndarray of shape (N, F, H', W')
    cache : ConvCache from :func:`conv2d_forward`

    Returns
    -------
    dX : (N, C, H, W);  dW : (F, C, HH, WW);  db : (F,)
    """
    c = _cache("cache", cache, ConvCache)
    X, W, stride, pad = c.X, c.W, c.stride, c.pad
    (N, _, H, Wd), (F, _, HH, WW) = X.shape, W.shape
    Ho, Wo = (H + 2 * pad - HH) // stride + 1, (Wd + 2 * pad - WW) // stride + 1
    dout = _upstream(dout, (N, F, Ho, Wo))
    with np.errstate(over="ignore", invalid="ignore"):
        db = dout.sum(axis=(0, 2, 3))  # db[f] = sum of dout over n, i, j
        win = _windows(_padded(X, pad), HH, WW, stride)
        dW = np.tensordot(dout, win, axes=([0, 2, 3], [0, 2, 3]))  # correlate X with dout
        # dX: spread dout out by the stride (stride - 1 zeros between entries), pad it by
        # HH - 1 (a "full" convolution; extra zeros where the stride left rows unused), then
        # correlate with the flipped kernel
        Hp, Wp = H + 2 * pad, Wd + 2 * pad
        spread = np.zeros((N, F, Hp + HH - 1, Wp + WW - 1))
        spread[:, :, HH - 1 : HH - 1 + (Ho - 1) * stride + 1 : stride,
               WW - 1 : WW - 1 + (Wo - 1) * stride + 1 : stride] = dout  # fmt: skip
        flipped = W[:, :, ::-1, ::-1]
        dXp = np.tensordot(_windows(spread, HH, WW, 1), flipped, axes=([1, 4, 5], [0, 2, 3]))
        dX = dXp.transpose(0, 3, 1, 2)[:, :, pad : pad + H, pad : pad + Wd]
    _finite("conv2d_backward's gradients", "dout and the cache's X and W", dX, dW, db)
    return np.ascontiguousarray(dX), dW, db


def conv2d_forward_naive(X, W, b, stride=1, pad=0):
    """:func:`conv2d_forward` with every sum written as a loop (slow; for reading and tests)."""
    X, W, b, stride, pad = _checked(X, W, b, stride, pad)
    Xp = _padded(X, pad)
    (N, _, H, Wd), (F, _, HH, WW) = X.shape, W.shape
    Ho, Wo = (H + 2 * pad - HH) // stride + 1, (Wd + 2 * pad - WW) // stride + 1
    out = np.zeros((N, F, Ho, Wo))
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(N):
            for f in range(F):
                for i in range(Ho):
                    for j in range(Wo):
                        patch = Xp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                        out[n, f, i, j] = np.sum(patch * W[f]) + b[f]
    _finite("conv2d_forward_naive's output", "X, W and b", out)
    return out, ConvCache(X, W, b, stride, pad)


def conv2d_backward_naive(dout, cache):
    """:func:`conv2d_backward` as loops: each output pixel sends dout back along its own sums.

    out[n, f, i, j] used the patch Xp[n, :, i s : i s + HH, j s : j s + WW] and the kernel W[f],
    so dout[n, f, i, j] adds (times the other factor) to exactly those entries of dXp and dW.
    """
    c = _cache("cache", cache, ConvCache)
    X, W, stride, pad = c.X, c.W, c.stride, c.pad
    (N, _, H, Wd), (F, _, HH, WW) = X.shape, W.shape
    Ho, Wo = (H + 2 * pad - HH) // stride + 1, (Wd + 2 * pad - WW) // stride + 1
    dout = _upstream(dout, (N, F, Ho, Wo))
    Xp = _padded(X, pad)
    dXp, dW, db = np.zeros_like(Xp), np.zeros_like(W), np.zeros_like(c.b)
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(N):
            for f in range(F):
                for i in range(Ho):
                    for j in range(Wo):
                        rows = slice(i * stride, i * stride + HH)
                        cols = slice(j * stride, j * stride + WW)
                        dXp[n, :, rows, cols] += dout[n, f, i, j] * W[f]  # d out / d Xp = W
                        dW[f] += dout[n, f, i, j] * Xp[n, :, rows, cols]  # d out / d W = Xp
                        db[f] += dout[n, f, i, j]
    dX = dXp[:, :, pad : pad + H, pad : pad + Wd]
    _finite("conv2d_backward_naive's gradients", "dout and the cache's X and W", dX, dW, db)
    return np.ascontiguousarray(dX), dW, db


def _offsets(X: np.ndarray, size: int) -> list:
    """Windows side by side (stride == size): size * size strided views (N, C, H', W'), view
    k = p size + q holding pixel (p, q) of every window. For small windows, elementwise
    operations on these views are much faster than a reduction over a reshape's short axes."""
    Ho, Wo = X.shape[2] // size, X.shape[3] // size
    rows, cols = Ho * size, Wo * size
    return [X[:, :, p:rows:size, q:cols:size] for p in range(size) for q in range(size)]


def _largest(views: list) -> np.ndarray:
    best = views[0].copy()
    for view in views[1:]:
        np.maximum(best, view, out=best)
    return best


def maxpool2d_forward(X, size=2, stride=2):
    """The largest value of every size x size window, every ``stride`` pixels.

    Parameters
    ----------
    X : np.ndarray of shape (N, C, H, W), with H, W >= size
    size : int >= 1;  stride : int >= 1

    Returns
    -------
    out : np.ndarray of shape (N, C, (H - size) // stride + 1, (W - size) // stride + 1)
    cache : PoolCache, for :func:`maxpool2d_backward`
    """
    X = _images("X", X)
    size, stride = v.integer("size", size, 1, MAX_STEP), v.integer("stride", stride, 1, MAX_STEP)
    if size > X.shape[2] or size > X.shape[3]:
        raise ValueError(f"size ({size}) must fit in X's images ({X.shape[2]} x {X.shape[3]})")
    N, C, H, W = X.shape
    if stride == size:  # side by side: the largest of size * size strided views (faster)
        out = _largest(_offsets(X, size))
    else:
        out = _windows(X, size, size, stride).max(axis=(4, 5))
    return out, PoolCache(X, size, stride)


def maxpool2d_backward(dout, cache):
    """Route each dout entry to the input that won its window (the first, if several tie).

    max has slope 1 with respect to its largest input and 0 to every other, so the gradient
    is not spread over the window: it goes back along the one path the maximum came from.
    Overlapping windows (stride < size) add up where an input won more than one.

    Parameters
    ----------
    dout : np.ndarray of shape (N, C, H', W')
    cache : PoolCache from :func:`maxpool2d_forward`

    Returns
    -------
    dX : np.ndarray of shape (N, C, H, W)
    """
    c = _cache("cache", cache, PoolCache)
    X, size, stride = c.X, c.size, c.stride
    N, C, H, W = X.shape
    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1
    dout = _upstream(dout, (N, C, Ho, Wo))
    dX = np.zeros_like(X)
    if stride == size:  # windows side by side: each pixel is in at most one window
        views, to = _offsets(X, size), _offsets(dX, size)  # to[k]: a view of dX, written through
        best, free = _largest(views), np.ones(dout.shape, dtype=bool)
        for view, target in zip(views, to, strict=True):  # pixel k of every window at once
            won = (view == best) & free  # the first max in each window (row by row) wins
            target[...] = np.where(won, dout, 0.0)
            free ^= won
    else:
        win = _windows(X, size, size, stride)  # (N, C, H', W', size, size)
        winner = win.reshape(N, C, Ho, Wo, size * size).argmax(axis=4)  # first max in each
        n, ch, i, j = np.indices((N, C, Ho, Wo))
        rows, cols = i * stride + winner // size, j * stride + winner % size
        with np.errstate(over="ignore", invalid="ignore"):
            np.add.at(dX, (n, ch, rows, cols), dout)  # add.at: a pixel may win twice
    _finite("maxpool2d_backward's gradient", "dout's entries", dX)
    return dX
