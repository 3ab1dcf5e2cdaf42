"""Notebook 10's checkers: the solutions pass, each mistake a learner makes is named.

Every mutant below is the solution in notebooks/solutions/ex10_convolution_and_recurrence.py
with one mistake, written the way a learner would write it.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from helpers import exercises as E

SOLUTIONS = Path(__file__).resolve().parent.parent / "notebooks" / "solutions"
spec = importlib.util.spec_from_file_location(
    "ex10", SOLUTIONS / "ex10_convolution_and_recurrence.py"
)
S = importlib.util.module_from_spec(spec)
spec.loader.exec_module(S)


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


def conv_backward_unflipped(dout, X, W, stride, pad):
    """dX as a 'full convolution' of dout, with the kernel used as it is (not flipped)."""
    N, C, H, Wd = X.shape
    F, _, HH, WW = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dXp, dW = np.zeros_like(Xp), np.zeros_like(W)
    for n in range(N):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    r, c = i * stride, j * stride
                    dXp[n, :, r : r + HH, c : c + WW] += dout[n, f, i, j] * W[f, :, ::-1, ::-1]
                    dW[f] += dout[n, f, i, j] * Xp[n, :, r : r + HH, c : c + WW]
    return dXp[:, :, pad : pad + H, pad : pad + Wd], dW, dout.sum(axis=(0, 2, 3))


def conv_backward_no_pad(dout, X, W, stride, pad):
    """The padding forgotten in the backward pass: X read from row 0, dX from the corner."""
    N, C, H, Wd = X.shape
    F, _, HH, WW = W.shape
    Xe = np.pad(X, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))  # just room for the windows
    dXe, dW = np.zeros_like(Xe), np.zeros_like(W)
    for n in range(N):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    r, c = i * stride, j * stride
                    dXe[n, :, r : r + HH, c : c + WW] += dout[n, f, i, j] * W[f]
                    dW[f] += dout[n, f, i, j] * Xe[n, :, r : r + HH, c : c + WW]
    return dXe[:, :, :H, :Wd], dW, dout.sum(axis=(0, 2, 3))


def conv_backward_stride_twice(dout, X, W, stride, pad):
    """Rows stepped by the stride, then multiplied by it again."""
    N, C, H, Wd = X.shape
    F, _, HH, WW = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dXp, dW = np.zeros_like(Xp), np.zeros_like(W)
    for n in range(N):
        for f in range(F):
            for i, r0 in enumerate(range(0, dout.shape[2] * stride, stride)):
                for j, c0 in enumerate(range(0, dout.shape[3] * stride, stride)):
                    for p in range(HH):
                        for q in range(WW):
                            r, c = r0 * stride + p, c0 * stride + q
                            dXp[n, :, r, c] += dout[n, f, i, j] * W[f, :, p, q]
                            dW[f, :, p, q] += dout[n, f, i, j] * Xp[n, :, r, c]
    return dXp[:, :, pad : pad + H, pad : pad + Wd], dW, dout.sum(axis=(0, 2, 3))


def maxpool_backward_average(dout, X, size, stride):
    dX = np.zeros_like(X)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dX[:, :, i * stride : i * stride + size, j * stride : j * stride + size] += (
                dout[:, :, i : i + 1, j : j + 1] / size**2
            )
    return dX


def maxpool_backward_everyone(dout, X, size, stride):
    dX = np.zeros_like(X)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dX[:, :, i * stride : i * stride + size, j * stride : j * stride + size] += dout[
                :, :, i : i + 1, j : j + 1
            ]
    return dX


def rnn_backward_one_step(dH, X, h0, Wx, Wh, H):
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    dh_prev = np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_prev = H[:, t - 1] if t > 0 else h0
        delta = dH[:, t] * (1 - H[:, t] ** 2)  # forgot what comes back from step t + 1
        dWx += delta.T @ X[:, t]
        dWh += delta.T @ h_prev
        db += delta.sum(axis=0)
        dh_prev = delta @ Wh
    return dWx, dWh, db, dh_prev


def rnn_backward_no_slope(dH, X, h0, Wx, Wh, H):
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    future = np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_prev = H[:, t - 1] if t > 0 else h0
        delta = dH[:, t] + future
        dWx += delta.T @ X[:, t]
        dWh += delta.T @ h_prev
        db += delta.sum(axis=0)
        future = delta @ Wh
    return dWx, dWh, db, future


def rnn_backward_h_t(dH, X, h0, Wx, Wh, H):
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    future = np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        delta = (dH[:, t] + future) * (1 - H[:, t] ** 2)
        dWx += delta.T @ X[:, t]
        dWh += delta.T @ H[:, t]
        db += delta.sum(axis=0)
        future = delta @ Wh
    return dWx, dWh, db, future


CASES = [
    (E.check_conv_backward, S.conv_backward, None),
    (E.check_maxpool_backward, S.maxpool_backward, None),
    (E.check_rnn_backward, S.rnn_backward, None),
    (E.check_conv_backward, conv_backward_unflipped, "kernel_not_flipped"),
    (E.check_conv_backward, conv_backward_no_pad, "padding_forgotten"),
    (E.check_conv_backward, conv_backward_stride_twice, "stride_twice"),
    (E.check_maxpool_backward, maxpool_backward_average, "spread_evenly"),
    (E.check_maxpool_backward, maxpool_backward_everyone, "spread_to_all"),
    (E.check_rnn_backward, rnn_backward_one_step, "one_step"),
    (E.check_rnn_backward, rnn_backward_no_slope, "missing_activation_derivative"),
    (E.check_rnn_backward, rnn_backward_h_t, "wrong_previous_state"),
]


@pytest.mark.parametrize(
    "checker, fn, mistake", CASES, ids=lambda x: getattr(x, "__name__", str(x))
)
def test_solutions_pass_and_mistakes_are_named(checker, fn, mistake):
    result = checker(fn)
    if mistake is None:
        assert result.correct, result.diagnosis
    else:
        assert not result.correct
        assert mistake in result.mistakes, result.diagnosis
        assert "Most likely mistake" in result.diagnosis


def test_blank_is_not_attempted():
    def conv_backward(dout, X, W, stride, pad):
        """Return dX, dW, db."""
        # your code here
        return None

    result = E.check_conv_backward(conv_backward)
    assert not result.attempted and "Not attempted" in result.diagnosis
