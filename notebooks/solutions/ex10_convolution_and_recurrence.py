"""Solutions to the exercises of notebooks/10_convolution_and_recurrence.ipynb.

Kept for instructors and checked by tests/test_exercises_nb10.py; see README.md here.
"""

import numpy as np


# Exercise 1: each output pixel sends dout back along the sums it was made of.
def conv_backward(dout, X, W, stride, pad):
    """dX, dW, db of out = conv(X, W) + b with the given stride and padding, as loops."""
    N, C, H, Wd = X.shape
    F, _, HH, WW = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dXp, dW = np.zeros_like(Xp), np.zeros_like(W)
    for n in range(N):
        for f in range(F):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dXp[n, :, rows, cols] += dout[n, f, i, j] * W[f]
                    dW[f] += dout[n, f, i, j] * Xp[n, :, rows, cols]
    db = dout.sum(axis=(0, 2, 3))
    return dXp[:, :, pad : pad + H, pad : pad + Wd], dW, db


# Exercise 2: route each gradient to its window's largest input.
def maxpool_backward(dout, X, size, stride):
    """dX of max-pooling: each dout entry goes to the argmax of its window."""
    dX = np.zeros_like(X)
    N, C = X.shape[:2]
    for n in range(N):
        for c in range(C):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    window = X[n, c, i * stride : i * stride + size, j * stride : j * stride + size]
                    p, q = np.unravel_index(np.argmax(window), window.shape)
                    dX[n, c, i * stride + p, j * stride + q] += dout[n, c, i, j]
    return dX


# Exercise 3: backpropagation through time, carrying delta_(t+1) Wh back step by step.
def rnn_backward(dH, X, h0, Wx, Wh, H):
    """dWx, dWh, db, dh0 of h_t = tanh(x_t Wx^T + h_(t-1) Wh^T + b), given dH = dL/dH."""
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0])
    from_future = np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_prev = H[:, t - 1] if t > 0 else h0
        delta = (dH[:, t] + from_future) * (1 - H[:, t] ** 2)  # dL/dz_t
        dWx += delta.T @ X[:, t]
        dWh += delta.T @ h_prev
        db += delta.sum(axis=0)
        from_future = delta @ Wh  # dL/dh_(t-1) through h_t
    return dWx, dWh, db, from_future
