"""A vanilla tanh recurrent layer, forward and backpropagation through time (BPTT).

One step, in the series' row layout (one example per row, as ``nn.RNN`` in PyTorch):

    h_t = tanh(x_t Wx^T + h_(t-1) Wh^T + b)        t = 1 .. T,  h_0 given

Shapes: X (N, T, D), h0 (N, Hd), Wx (Hd, D), Wh (Hd, Hd), b (Hd,), H (N, T, Hd) holds
h_1 .. h_T. The notebook's index t runs from 1; the arrays' from 0 (H[:, 0] is h_1).

Backward, given dH = dL/dH from everything that reads each h_t directly: walk back from
t = T, carrying the gradient that arrives from the future through h_t's effect on h_(t+1):

    dh_t     = dH[:, t] + delta_(t+1) Wh           (upstream now + from the next step)
    delta_t  = dh_t * (1 - h_t^2)                  (dL/dz_t, tanh' = 1 - tanh^2)
    dx_t     = delta_t Wx
    dWx += delta_t^T x_t,  dWh += delta_t^T h_(t-1),  db += sum_n delta_t

and dh0 = delta_1 Wh. Each step back multiplies by Wh and by a diagonal of tanh slopes:
the same product of factors as the delta recursion of a deep network (notebook 07), with
the *same* Wh at every step.

Introduced in notebooks/10_convolution_and_recurrence.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _validate as v


@dataclass(frozen=True)
class RNNCache:
    """What rnn_backward needs: the inputs and every hidden state."""

    X: np.ndarray
    h0: np.ndarray
    Wx: np.ndarray
    Wh: np.ndarray
    H: np.ndarray


def _shaped(name: str, value, shape_text: str, ndim: int) -> np.ndarray:
    arr = v.real_array(name, value)
    if arr.ndim != ndim or arr.size == 0:
        raise ValueError(f"{name} must have shape {shape_text} with no zero size, got {arr.shape}")
    return arr


def rnn_forward(X, h0, Wx, Wh, b):
    """Run the tanh RNN over every step of X.

    Parameters
    ----------
    X : np.ndarray of shape (N, T, D), the inputs x_1 .. x_T of N sequences
    h0 : np.ndarray of shape (N, Hd), the starting state
    Wx : np.ndarray of shape (Hd, D);  Wh : np.ndarray of shape (Hd, Hd);  b : shape (Hd,)

    Returns
    -------
    H : np.ndarray of shape (N, T, Hd), the states h_1 .. h_T (every entry in (-1, 1))
    cache : RNNCache, for :func:`rnn_backward`
    """
    X = _shaped("X", X, "(N, T, D)", 3)
    h0 = _shaped("h0", h0, "(N, Hd)", 2)
    Wx, Wh = _shaped("Wx", Wx, "(Hd, D)", 2), _shaped("Wh", Wh, "(Hd, Hd)", 2)
    b = v.real_array("b", b)
    N, T, D = X.shape
    Hd = h0.shape[1]
    if h0.shape[0] != N:
        raise ValueError(f"X holds {N} sequences, so h0 must have shape ({N}, Hd), got {h0.shape}")
    for name, arr, shape in (("Wx", Wx, (Hd, D)), ("Wh", Wh, (Hd, Hd)), ("b", b, (Hd,))):
        if arr.shape != shape:
            raise ValueError(
                f"with X of shape {X.shape} and h0 of shape {h0.shape}, {name} must have "
                f"shape {shape}, got {arr.shape}"
            )
    H = np.empty((N, T, Hd))
    h = h0
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(T):
            z = X[:, t] @ Wx.T + h @ Wh.T + b  # z_t = x_t Wx^T + h_(t-1) Wh^T + b
            if not np.isfinite(z).all():  # tanh would hide an overflow as +-1
                raise ValueError(
                    f"rnn_forward overflowed float64 at step {t + 1}: X, h0, Wx, Wh and b "
                    "are too large together"
                )
            h = np.tanh(z)  # h_t
            H[:, t] = h
    return H, RNNCache(X, h0, Wx, Wh, H)


def rnn_backward(dH, cache, steps=None):
    """Backpropagation through time.

    Parameters
    ----------
    dH : np.ndarray of shape (N, T, Hd), dL/dh_t for every step (zeros where the loss does
        not read h_t directly)
    cache : RNNCache from :func:`rnn_forward`
    steps : int >= 1 or None
        Truncated BPTT: carry the gradient back at most ``steps`` steps from where it
        entered. None (the default) is the full backward pass; ``steps=1`` keeps only each
        step's own term and drops everything arriving from the future.

    Returns
    -------
    dX : (N, T, D);  dh0 : (N, Hd);  dWx : (Hd, D);  dWh : (Hd, Hd);  db : (Hd,)
    """
    if not isinstance(cache, RNNCache):
        raise TypeError(f"cache must be the cache rnn_forward returned, got {v._describe(cache)}")
    X, h0, Wx, Wh, H = cache.X, cache.h0, cache.Wx, cache.Wh, cache.H
    dH = v.real_array("dH", dH)
    if dH.shape != H.shape:
        raise ValueError(f"dH must have the shape of H, {H.shape}, got {dH.shape}")
    T = X.shape[1]
    steps = T if steps is None else v.integer("steps", steps, 1, 10**6)
    if steps < T:
        return _truncated(dH, cache, steps)
    dX, dWx, dWh = np.zeros_like(X), np.zeros_like(Wx), np.zeros_like(Wh)
    db = np.zeros(Wh.shape[0])
    from_future = np.zeros_like(h0)  # delta_(t+1) Wh; nothing comes from after step T
    with np.errstate(over="ignore", invalid="ignore"):
        for t in reversed(range(T)):
            h_prev = H[:, t - 1] if t > 0 else h0
            dh = dH[:, t] + from_future
            delta = dh * (1.0 - H[:, t] ** 2)  # dL/dz_t
            dX[:, t] = delta @ Wx
            dWx += delta.T @ X[:, t]
            dWh += delta.T @ h_prev
            db += delta.sum(axis=0)
            from_future = delta @ Wh
    dh0 = from_future
    if not all(np.isfinite(a).all() for a in (dX, dh0, dWx, dWh, db)):
        raise ValueError(
            "rnn_backward overflowed float64: dH and the cache's weights are too large together"
        )
    return dX, dh0, dWx, dWh, db


def _truncated(dH, cache, steps):
    """BPTT where the gradient entering at step s travels back at most ``steps`` steps."""
    X, h0, Wx, Wh, H = cache.X, cache.h0, cache.Wx, cache.Wh, cache.H
    T = X.shape[1]
    dX, dWx, dWh = np.zeros_like(X), np.zeros_like(Wx), np.zeros_like(Wh)
    db, dh0 = np.zeros(Wh.shape[0]), np.zeros_like(h0)
    with np.errstate(over="ignore", invalid="ignore"):
        for s in range(T):  # the gradient that enters at step s
            dh = dH[:, s]
            for t in range(s, max(s - steps, -1), -1):
                h_prev = H[:, t - 1] if t > 0 else h0
                delta = dh * (1.0 - H[:, t] ** 2)
                dX[:, t] += delta @ Wx
                dWx += delta.T @ X[:, t]
                dWh += delta.T @ h_prev
                db += delta.sum(axis=0)
                dh = delta @ Wh
                if t == 0:
                    dh0 += dh
    if not all(np.isfinite(a).all() for a in (dX, dh0, dWx, dWh, db)):
        raise ValueError(
            "rnn_backward overflowed float64: dH and the cache's weights are too large together"
        )
    return dX, dh0, dWx, dWh, db
