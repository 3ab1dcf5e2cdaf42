"""Gradient descent for the single neuron: the training loop and its history, numpy only.

    z = w x + b,   y = sigma(z) (output "sigmoid") or y = z (output "linear")
    L = 1/N sum_n 1/2 (y_n - y_true_n)^2        (one example: N = 1, the seed's loss)
    w <- w - lr dL/dw,   b <- b - lr dL/db      (lr is the learning rate, eta in the notebooks)

The linear output is here because it makes divergence real: L is then a quadratic in (w, b)
whose curvature (largest eigenvalue of the Hessian) is lambda = mean(x^2) for w alone and,
for one example with b trained too, x^2 + 1. Every step multiplies the error by
1 - lr lambda, so descent converges exactly when lr < 2 / lambda (see :func:`lr_bound`).

Where the code departs from ``neuron``: the loop works on Python floats with its own scalar
sigmoid (the same formula as ``activations.sigmoid``), because a slider moves it hundreds of
steps per frame and numpy's per-call overhead would dominate; the tests check both agree.

Introduced in notebooks/03_gradient_descent.ipynb.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

import numpy as np

from . import _validate as v
from .activations import sigmoid

OUTPUTS = ("sigmoid", "linear")
MAX_STEPS = 1_000_000  # more steps than any plot can show; 10**9 would run for hours


@dataclass(frozen=True)
class History:
    """What happened during training, one entry per step k = 0, 1, ..., steps.

    Attributes
    ----------
    w, b : np.ndarray of shape (steps + 1,)
        The parameters *before* step k; ``w[0]``, ``b[0]`` are the starting values.
    loss : np.ndarray of shape (steps + 1,)
        L(w[k], b[k]), the mean loss over the examples.
    dL_dw, dL_db : np.ndarray of shape (steps + 1,)
        The gradient at (w[k], b[k]); step k moves by -lr times it.
    y : np.ndarray of shape (steps + 1,)
        The prediction for the first example at (w[k], b[k]).
    lr : float
    output : str
    status : str
        ``"ok"``; ``"diverged"`` (the loss passed ``max_loss``: training stopped there) or
        ``"overflow"`` (a value no longer fitted in a float64: training stopped at the last
        finite step). The arrays never hold NaN or infinity.
    steps_requested : int
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    dL_dw: np.ndarray
    dL_db: np.ndarray
    y: np.ndarray
    lr: float
    output: str
    status: str
    steps_requested: int

    @property
    def steps(self) -> int:
        """The number of steps actually taken (fewer than requested if training stopped)."""
        return len(self.w) - 1

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def message(self) -> str:
        """The outcome in plain words, for a readout or a plot."""
        start, end = self.loss[0], self.loss[-1]
        if self.status == "diverged":
            return (
                f"Training diverged: after {self.steps} steps the loss passed {end:.3g} "
                f"(it started at {start:.3g}), so it stopped. The learning rate is too large."
            )
        if self.status == "overflow":
            return (
                f"Training overflowed after {self.steps} steps: the numbers grew past what a "
                "float64 can hold, so it stopped. The learning rate is too large."
            )
        unit = "step" if self.steps == 1 else "steps"
        digits = next((d for d in range(4, 13) if f"{start:.{d}g}" != f"{end:.{d}g}"), None)
        if digits is None:  # equal to 12 digits (or no step taken)
            return f"The loss stayed at {start:.4g} for {self.steps} {unit}."
        verb = "grew" if end > start else "fell"
        return (
            f"The loss {verb} from {start:.{digits}g} to {end:.{digits}g} in {self.steps} {unit}."
        )


def _examples(x, y_true) -> list[list[float]]:
    """The examples as two equally long lists of floats (x and y_true broadcast together)."""
    x, y_true = v.real_array("x", x), v.real_array("y_true", y_true)
    for name, arr in (("x", x), ("y_true", y_true)):
        if arr.ndim > 1:
            raise ValueError(f"{name} must be a number or a 1-D array of examples, got {arr.shape}")
    shape = v.broadcast(x=x, y_true=y_true)
    if shape == (0,):
        raise ValueError(
            f"x and y_true must hold at least one example, got shapes {x.shape} and {y_true.shape}"
        )
    return [np.broadcast_to(a, shape).ravel().tolist() for a in (x, y_true)]


def train(
    x,
    y_true,
    w: float,
    b: float,
    lr: float = 0.01,
    steps: int = 100,
    output: str = "sigmoid",
    train_b: bool = True,
    max_loss: float = 1e12,
) -> History:
    """Run ``steps`` steps of gradient descent from (w, b) and record every one.

    Parameters
    ----------
    x, y_true : float or np.ndarray of shape (N,)
        The input(s) and target(s); they must broadcast together. The loss is their mean.
    w, b : float
        Starting weight and bias.
    lr : float
        The learning rate (eta), a positive number.
    steps : int
        How many updates to make, 0 to ``MAX_STEPS`` (a million).
    output : {"sigmoid", "linear"}
        y = sigma(z) (the seed's neuron) or y = z.
    train_b : bool
        False keeps b fixed and trains w alone.
    max_loss : float
        Training stops with status "diverged" once the loss exceeds this (pass ``math.inf``
        to go on until float64 overflows, status "overflow").

    Returns
    -------
    History
    """
    xs, ts = _examples(x, y_true)
    w, b = v.real("w", w), v.real("b", b)
    if np.ndim(w) or np.ndim(b):
        raise TypeError(f"w and b must be single numbers, got shapes {np.shape(w)}, {np.shape(b)}")
    lr = v.positive("lr", lr)
    steps = v.integer("steps", steps, 0, MAX_STEPS)
    v.choice("output", output, OUTPUTS)
    train_b = v.flag("train_b", train_b)
    unbounded = isinstance(max_loss, (float, np.floating)) and max_loss == math.inf
    max_loss = math.inf if unbounded else v.positive("max_loss", max_loss)
    linear, n = output == "linear", len(xs)
    rows, status = [], "ok"
    for k in range(int(steps) + 1):
        loss = gw = gb = 0.0
        for i, (xi, ti) in enumerate(zip(xs, ts, strict=True)):
            z = w * xi + b
            if linear:
                y, dy_dz = z, 1.0
            else:  # sigma(z) as in activations.sigmoid; sigma'(z) = e^-|z| / (1 + e^-|z|)^2
                e = math.exp(-abs(z))  # in (0, 1]: never overflows
                s = 1.0 / (1.0 + e)
                y, dy_dz = (s if z >= 0 else e * s), e * s * s
            if i == 0:
                y0 = y
            r = y - ti
            delta = r * dy_dz  # dL/dz = (y - y_true) dy/dz
            loss += 0.5 * r * r / n
            gw += delta * xi / n  # dL/dw = dL/dz * x
            gb += delta / n  # dL/db = dL/dz * 1
        if not all(map(math.isfinite, (w, b, loss, gw, gb))):
            if k == 0:
                raise ValueError(
                    f"x, y_true, w and b are too large: the loss at the start (w={w!r}, "
                    f"b={b!r}) overflows float64"
                )
            status = "overflow"
            break
        rows.append((w, b, loss, gw, gb, y0))
        if loss > max_loss:
            status = "diverged"
            break
        if k < steps:
            w, b = w - lr * gw, (b - lr * gb if train_b else b)
    cols = np.array(rows, dtype=np.float64).T
    return History(*cols, lr=lr, output=output, status=status, steps_requested=int(steps))


def lr_bound(x, train_b: bool = True) -> float:
    """The largest learning rate for which descent on the linear neuron converges, 2 / lambda.

    lambda is the largest eigenvalue of the Hessian of L = mean 1/2 (w x + b - y_true)^2:

        w alone:      lambda = mean(x^2)                     (one example: 2 / x^2)
        w and b:      of [[mean(x^2), mean(x)], [mean(x), 1]] (one example: 2 / (x^2 + 1))

    Parameters
    ----------
    x : float or np.ndarray of shape (N,)

    Returns
    -------
    float, ``math.inf`` when the curvature is 0 (x = 0 with w alone)
    """
    xs = np.atleast_1d(v.real_array("x", x))
    if xs.ndim != 1 or xs.size == 0:
        raise ValueError(f"x must be a number or a 1-D array of examples, got shape {xs.shape}")
    train_b = v.flag("train_b", train_b)
    with _overflow("x is too large: x² overflows float64"):
        if not train_b:
            lam = float(np.mean(xs * xs))
        else:
            hessian = np.array([[np.mean(xs * xs), np.mean(xs)], [np.mean(xs), 1.0]])
            lam = float(np.linalg.eigvalsh(hessian)[-1])
    return math.inf if lam == 0 else 2.0 / lam


def loss_grid(x, y_true, w, b, output: str = "sigmoid") -> np.ndarray:
    """L(w, b) on a grid, vectorised: the loss surface a contour plot shows.

    Parameters
    ----------
    x, y_true : float or np.ndarray of shape (N,)
    w, b : np.ndarray of shape S (e.g. from ``np.meshgrid``), broadcasting together
    output : {"sigmoid", "linear"}

    Returns
    -------
    np.ndarray of shape S, the mean loss over the N examples at every (w, b)
    """
    xs, ts = _examples(x, y_true)
    w, b = v.real_array("w", w), v.real_array("b", b)
    v.choice("output", output, OUTPUTS)
    total = np.zeros(v.broadcast(w=w, b=b))
    with _overflow("x, y_true, w and b are too large: the loss overflows float64"):
        for xi, ti in zip(xs, ts, strict=True):
            z = w * xi + b
            y = z if output == "linear" else sigmoid(z)
            total += 0.5 * (y - ti) ** 2
    return total / len(xs)


@contextlib.contextmanager
def _overflow(text: str):
    """Turn a float64 overflow inside the block into a ValueError saying ``text``."""
    try:
        with np.errstate(over="raise", invalid="raise", under="ignore"):
            yield
    except FloatingPointError:
        raise ValueError(text) from None
