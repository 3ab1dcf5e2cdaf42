"""Checkers for the exercises of notebook 10 (convolution and recurrence).

References: ``helpers.layers`` (conv2d_backward, maxpool2d_backward, rnn_backward).
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .. import layers
from ._core import Exercise, Mistake, Result, answers
from ._diagnose import check

_RNG = np.random.default_rng(10)


def _draw(*shape):
    return np.round(_RNG.standard_normal(shape), 3)


# ------------------------------------------------------------------ Exercise 1: conv backward


def _conv_ref(dout, X, W, stride, pad):
    _, cache = layers.conv2d_forward(X, W, np.zeros(W.shape[0]), stride, pad)
    return layers.conv2d_backward(dout, cache)


def _conv_mutant(dout, X, W, stride, pad, *, flip=True, offset=True, step=None):
    """The loops of conv2d_backward_naive, dX written as a full convolution with a kernel
    that may be left unflipped, the padding's offset that may be forgotten, and a stride
    that may be applied twice (reading past the image then raises, as a learner's would)."""
    N, C, H, Wd = X.shape
    F, _, HH, WW = W.shape
    step = stride if step is None else step
    Xp = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    if not offset:  # the image's own pixels taken as starting at row 0 of the padded one
        Xp = np.pad(X, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))
    dXp, dW = np.zeros_like(Xp), np.zeros_like(W)
    K = W[:, :, ::-1, ::-1] if flip else W  # the full convolution flips the flipped kernel back
    for n in range(N):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    r, c = i * step, j * step
                    if r + HH > Xp.shape[2] or c + WW > Xp.shape[3]:
                        raise IndexError(f"index {r + HH - 1} is out of bounds for axis 2")
                    g = dout[n, f, i, j]
                    dXp[n, :, r : r + HH, c : c + WW] += g * K[f, :, ::-1, ::-1]
                    dW[f] += g * Xp[n, :, r : r + HH, c : c + WW]
    dX = dXp[:, :, pad : pad + H, pad : pad + Wd] if offset else dXp[:, :, :H, :Wd]
    return dX, dW, dout.sum(axis=(0, 2, 3))


def _conv_cases():
    cases = []
    for (N, C, H, Wd), (F, HH, WW), stride, pad in [
        ((1, 1, 4, 4), (1, 2, 2), 1, 0),
        ((2, 2, 5, 5), (3, 3, 3), 1, 1),
        ((1, 2, 8, 8), (2, 3, 3), 2, 1),
        ((2, 1, 7, 6), (2, 3, 2), 2, 0),
    ]:
        X, W = _draw(N, C, H, Wd), _draw(F, C, HH, WW)
        Ho, Wo = (H + 2 * pad - HH) // stride + 1, (Wd + 2 * pad - WW) // stride + 1
        cases.append({"dout": _draw(N, F, Ho, Wo), "X": X, "W": W, "stride": stride, "pad": pad})
    return cases


_CONV_CASES = _conv_cases()


@answers("conv_backward", outputs=("dX", "dW", "db"), rtol=1e-8, atol=1e-10)
def check_conv_backward(fn, reveal=False) -> Result:
    """Exercise 1 of notebook 10: ``conv_backward(dout, X, W, stride, pad) -> dX, dW, db``."""
    ex = Exercise(
        title="Exercise 1: conv_backward",
        outputs=("dX", "dW", "db"),
        reference=_conv_ref,
        cases=_CONV_CASES,
        mistakes=[
            Mistake(
                "kernel_not_flipped",
                "dX is the full convolution of dout with the kernel flipped left-right and "
                "upside down (W[f, c, ::-1, ::-1]): output pixel (i, j) used input pixel "
                "(i s + p, j s + q) with weight W[f, c, p, q], so that is where it sends the "
                "gradient back.",
                partial(_conv_mutant, flip=False),
            ),
            Mistake(
                "padding_forgotten",
                "the forward pass read the padded image Xp, so the backward pass must too: "
                "window (i, j) starts at row i s of Xp, which is row i s - pad of X. Correlate "
                "dout with Xp for dW, and cut the padding off dXp (dXp[:, :, pad:pad + H, "
                "pad:pad + W]) for dX.",
                partial(_conv_mutant, offset=False),
            ),
            Mistake(
                "stride_twice",
                "the stride was applied twice: window (i, j) starts at row i * stride (and "
                "column j * stride). If your loop already steps through rows 0, s, 2s, ..., do "
                "not multiply by the stride again.",
                lambda dout, X, W, stride, pad: _conv_mutant(
                    dout, X, W, stride, pad, step=stride**2
                ),
            ),
        ],
        reference_name="helpers.layers.conv2d_backward",
        rtol=1e-8,
        atol=1e-10,
    )
    return check(ex, fn, reveal)


# ------------------------------------------------------------------ Exercise 2: max-pool backward


def _pool_ref(dout, X, size, stride):
    _, cache = layers.maxpool2d_forward(X, size, stride)
    return layers.maxpool2d_backward(dout, cache)


def _pool_spread(dout, X, size, stride, *, divide):
    """dout handed to every input of its window (divided by the window's size, or not)."""
    dX = np.zeros_like(X)
    share = size * size if divide else 1
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            r, c = i * stride, j * stride
            dX[:, :, r : r + size, c : c + size] += dout[:, :, i, j][:, :, None, None] / share
    return dX


def _pool_to_min(dout, X, size, stride):
    """Routed, but to the smallest input of each window."""
    return _pool_ref(dout, -X, size, stride)  # the largest of -x is the smallest of x


def _pool_cases():
    cases = []
    for shape, size, stride in [((1, 1, 4, 4), 2, 2), ((2, 2, 6, 6), 2, 2), ((1, 2, 7, 7), 3, 2)]:
        X = _draw(*shape)
        Ho, Wo = (shape[2] - size) // stride + 1, (shape[3] - size) // stride + 1
        cases.append(
            {"dout": _draw(shape[0], shape[1], Ho, Wo), "X": X, "size": size, "stride": stride}
        )
    return cases


_POOL_CASES = _pool_cases()


@answers("maxpool_backward", outputs=("dX",), rtol=1e-9, atol=1e-12)
def check_maxpool_backward(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 10: ``maxpool_backward(dout, X, size, stride) -> dX``."""
    spread = (
        "the max passes on only its largest input: d max / d x is 1 for the winner and 0 for "
        "every other input of the window. Route each dout entry to the position of its "
        "window's maximum (np.argmax on the window) and give the others nothing."
    )
    ex = Exercise(
        title="Exercise 2: maxpool_backward",
        outputs=("dX",),
        reference=_pool_ref,
        cases=_POOL_CASES,
        mistakes=[
            Mistake(
                "spread_evenly",
                "the gradient was shared out evenly, as for an average pool; " + spread,
                partial(_pool_spread, divide=True),
            ),
            Mistake(
                "spread_to_all",
                "the gradient was copied to every input of the window; " + spread,
                partial(_pool_spread, divide=False),
            ),
            Mistake(
                "routed_to_min",
                "the gradient went to each window's smallest input; route it "
                "to the largest (np.argmax, not np.argmin).",
                _pool_to_min,
            ),
        ],  # fmt: skip
        reference_name="helpers.layers.maxpool2d_backward",
        rtol=1e-9,
        atol=1e-12,
    )
    return check(ex, fn, reveal)


# ------------------------------------------------------------------ Exercise 3: BPTT


def _rnn_ref(dH, X, h0, Wx, Wh, H, *, steps=None, slope="h", prev=True):
    if steps is not None or slope != "h" or not prev:
        return _rnn_mutant(dH, X, h0, Wx, Wh, H, steps=steps, slope=slope, prev=prev)
    cache = layers._rnn.RNNCache(X, h0, Wx, Wh, H)
    _, dh0, dWx, dWh, db = layers.rnn_backward(dH, cache)
    return dWx, dWh, db, dh0


def _rnn_mutant(dH, X, h0, Wx, Wh, H, *, steps, slope, prev):
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    future = np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_prev = (H[:, t - 1] if t > 0 else h0) if prev else H[:, t]
        dh = dH[:, t] + (future if steps is None else 0.0)
        delta = dh * {"h": 1 - H[:, t] ** 2, "none": 1.0}[slope]
        dWx += delta.T @ X[:, t]
        dWh += delta.T @ h_prev
        db += delta.sum(axis=0)
        future = delta @ Wh
    return dWx, dWh, db, future


def _rnn_cases():
    cases = []
    for N, T, D, Hd in [(1, 3, 1, 2), (2, 5, 3, 4), (3, 8, 2, 3)]:
        X, h0, Wx, Wh, b = (
            _draw(N, T, D),
            _draw(N, Hd),
            _draw(Hd, D),
            0.6 * _draw(Hd, Hd),
            _draw(Hd),
        )
        H, _ = layers.rnn_forward(X, h0, Wx, Wh, b)
        cases.append({"dH": _draw(N, T, Hd), "X": X, "h0": h0, "Wx": Wx, "Wh": Wh, "H": H})
    return cases


_RNN_CASES = _rnn_cases()


@answers("rnn_backward", outputs=("dWx", "dWh", "db", "dh0"), rtol=1e-8, atol=1e-10)
def check_rnn_backward(fn, reveal=False) -> Result:
    """Exercise 3 of notebook 10: ``rnn_backward(dH, X, h0, Wx, Wh, H) -> dWx, dWh, db, dh0``."""
    ex = Exercise(
        title="Exercise 3: rnn_backward (backpropagation through time)",
        outputs=("dWx", "dWh", "db", "dh0"),
        reference=_rnn_ref,
        cases=_RNN_CASES,
        mistakes=[
            Mistake(
                "one_step",
                "the gradient stopped after one step: h_t also changes the loss through "
                "h_(t+1), h_(t+2), ..., so dL/dh_t = dH[:, t] + delta_(t+1) Wh. Carry that "
                "second term back from step to step (start it at zeros after the last step).",
                partial(_rnn_ref, steps=1),
            ),
            Mistake(
                "missing_activation_derivative",
                "delta_t = dL/dz_t needs tanh's slope: delta_t = dh_t * (1 - h_t**2).",
                partial(_rnn_ref, slope="none"),
            ),
            Mistake(
                "wrong_previous_state",
                "dL/dWh pairs delta_t with the state that went *into* step t, h_(t-1) (h0 "
                "for the first step), not with h_t.",
                partial(_rnn_ref, prev=False),
            ),
        ],
        reference_name="helpers.layers.rnn_backward",
        rtol=1e-8,
        atol=1e-10,
    )
    return check(ex, fn, reveal)
