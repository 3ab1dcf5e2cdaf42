"""Backpropagation through time on a small sequence task: gradient norms, training, clipping.

The task ("echo"): read a sequence of T random numbers x_1 .. x_T, one per step, and at the
end output the number seen ``lag`` steps before the end, y = x_(T - lag + 1) (lag = 1 is the
last input, lag = T the first). Only the last state h_T is read, y_hat = h_T v + c, with the
loss L = 1/2 mean (y_hat - y)^2; to learn the task the gradient has to travel ``lag`` steps
back through the recurrence.

Walking back from h_T, one step multiplies dL/dh by the tanh slopes and by Wh:

    dL/dh_(t-1) = (dL/dh_t * (1 - h_t^2)) Wh

so after k steps its size is about (scale * typical slope)^k: it vanishes for a small
recurrent weight and can explode for a large one. :func:`gradient_norms` measures that;
:func:`train_echo` trains the task with and without gradient clipping.

Introduced in notebooks/10_convolution_and_recurrence.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _validate as v
from . import layers

#: The longest sequence these helpers take (the dashboard's slider stops well below).
MAX_STEPS = 200

#: A loss above this counts as diverged (a prediction off by more than 30 for targets in [-1, 1]).
MAX_LOSS = 500.0


def orthogonal(n: int, seed: int = 0) -> np.ndarray:
    """A random orthogonal n x n matrix Q (Q Q^T = I): it keeps every vector's length."""
    n = v.integer("n", n, 1, 1000)
    rng = np.random.default_rng(v.seed("seed", seed))
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))  # the sign fix makes the draw uniform over rotations


def init_rnn(hidden: int = 16, scale: float = 1.0, seed: int = 0) -> dict:
    """Weights of a 1-input tanh RNN with a linear readout: Wh = scale * (orthogonal Q).

    Returns
    -------
    dict with Wx (hidden, 1), Wh (hidden, hidden), b (hidden,), v (hidden,), c (float 0.0)
    """
    hidden = v.integer("hidden", hidden, 1, 256)
    scale = v.number("scale", scale, 0.0, 10.0)
    seed = v.seed("seed", seed)
    rng = np.random.default_rng(seed + 1)
    return {
        "Wx": rng.standard_normal((hidden, 1)),
        "Wh": scale * orthogonal(hidden, seed),
        "b": np.zeros(hidden),
        "v": rng.standard_normal(hidden) / np.sqrt(hidden),
        "c": 0.0,
    }


def echo_task(n: int = 64, steps: int = 20, lag: int = 5, seed: int = 0) -> tuple:
    """n sequences of ``steps`` numbers in [-1, 1]; the target is the one ``lag`` from the end.

    Returns
    -------
    X : np.ndarray of shape (n, steps, 1);  y : np.ndarray of shape (n,), y = X[:, steps - lag, 0]
    """
    n, steps = v.integer("n", n, 1, 10**5), v.integer("steps", steps, 1, MAX_STEPS)
    lag = v.integer("lag", lag, 1, steps)
    rng = np.random.default_rng(v.seed("seed", seed))
    X = rng.uniform(-1, 1, (n, steps, 1))
    return X, X[:, steps - lag, 0].copy()


def gradient_norms(scale: float, steps: int = 40, hidden: int = 16, seed: int = 0) -> dict:
    """||dL/dh_(T-k)|| / ||dL/dh_T|| for k = 0 .. steps - 1, for a loss that reads only h_T.

    Runs the RNN of :func:`init_rnn` over one batch of :func:`echo_task` inputs and walks the
    recursion back, once with the tanh slopes ("tanh") and once without them ("linear",
    which is exactly scale^k because Wh / scale is orthogonal).

    Returns
    -------
    dict with "k" (steps back, shape (steps,)), "tanh" and "linear" (the ratios, same shape)
    and "slope" (the RMS tanh slope 1 - h_t^2 over the run)
    """
    scale = v.number("scale", scale, 0.0, 10.0)
    steps = v.integer("steps", steps, 1, MAX_STEPS)
    p = init_rnn(hidden, scale, seed)
    X, _ = echo_task(16, steps, 1, seed)
    H, cache = layers.rnn_forward(X, np.zeros((16, p["Wh"].shape[0])), p["Wx"], p["Wh"], p["b"])
    grad = np.ones((16, p["Wh"].shape[0])) / np.sqrt(p["Wh"].shape[0])  # dL/dh_T
    lin = grad.copy()
    tanh_norms, lin_norms = [], []
    for t in reversed(range(steps)):
        tanh_norms.append(np.linalg.norm(grad))
        lin_norms.append(np.linalg.norm(lin))
        grad = (grad * (1.0 - H[:, t] ** 2)) @ p["Wh"]  # dL/dh_(t-1) = (dL/dh_t * tanh') Wh
        lin = lin @ p["Wh"]
    first = tanh_norms[0]
    return {
        "k": np.arange(steps),
        "tanh": np.array(tanh_norms) / first,
        "linear": np.array(lin_norms) / first,
        "slope": float(np.sqrt(np.mean((1.0 - H**2) ** 2))),
    }


@dataclass
class EchoRun:
    """The loss and the gradient's global norm (before clipping) at every iteration."""

    loss: list = field(default_factory=list)
    grad_norm: list = field(default_factory=list)
    status: str = "ok"


def _echo_loss_and_grads(p: dict, X, y) -> tuple:
    """L = 1/2 mean (h_T v + c - y)^2 and its gradient for every weight in p (a dict)."""
    N = X.shape[0]
    H, cache = layers.rnn_forward(X, np.zeros((N, p["Wh"].shape[0])), p["Wx"], p["Wh"], p["b"])
    err = H[:, -1] @ p["v"] + p["c"] - y  # y_hat - y
    dH = np.zeros_like(H)
    dH[:, -1] = np.outer(err, p["v"]) / N  # only h_T is read by the loss
    _, _, dWx, dWh, db = layers.rnn_backward(dH, cache)
    grads = {"Wx": dWx, "Wh": dWh, "b": db, "v": H[:, -1].T @ err / N, "c": float(err.mean())}
    return 0.5 * float(np.mean(err**2)), grads


def train_echo(scale=1.0, clip=None, steps=20, lag=5, lr=0.1, iterations=300, seed=0):
    """Train the echo task by gradient descent (full batch); optionally clip the gradient.

    Clipping rescales the whole gradient g to norm ``clip`` when ||g|| > clip (its direction
    is kept): g <- g * min(1, clip / ||g||).

    Returns
    -------
    params : dict as :func:`init_rnn`;  run : EchoRun (status "diverged at iteration k" when
        the loss passed :data:`MAX_LOSS` or overflowed: training then stopped)
    """
    clip = None if clip is None else v.positive("clip", clip)
    lr = v.positive("lr", lr)
    iterations = v.integer("iterations", iterations, 1, 10**5)
    X, y = echo_task(128, steps, lag, seed)
    p, run = init_rnn(16, scale, seed), EchoRun()
    with np.errstate(over="raise", invalid="raise"):
        for it in range(iterations):
            try:
                loss, g = _echo_loss_and_grads(p, X, y)
                norm = float(np.sqrt(sum(np.sum(np.square(a)) for a in g.values())))
            except (FloatingPointError, ValueError):
                run.status = f"diverged at iteration {it}"
                break
            if loss > MAX_LOSS:  # the targets lie in [-1, 1]: a loss this large has blown up
                run.status = f"diverged at iteration {it}"
                break
            run.loss.append(loss)
            run.grad_norm.append(norm)
            factor = 1.0 if clip is None or norm <= clip else clip / norm
            p = {k: p[k] - lr * factor * g[k] for k in p}
    return p, run
