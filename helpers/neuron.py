"""One sigmoid neuron with the squared-error loss: the seed blog's example made real.

    z = w * x + b        pre-activation
    y = sigma(z)         the neuron's output (its prediction)
    L = 1/2 (y - y_true)^2

Every function takes floats, or numpy arrays that broadcast together (one value per
example); it returns floats for floats and arrays otherwise. Inputs are never changed
in place.

Where the code departs from the blog: the blog writes y-hat for the *target*; we write
``y_true`` (y-hat usually means the prediction in other texts). The blog's ``backward``
takes z but never uses it; ours uses it, because sigma'(z) = sigma(z) sigma(-z) stays
accurate where y * (1 - y) rounds to 0.

Introduced in notebooks/01_forward_pass.ipynb and notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

import contextlib

import numpy as np

from . import _validate as v
from .activations import sigmoid, sigmoid_prime


def forward(x, w, b):
    """Forward pass: z = w x + b, y = sigma(z).

    Parameters
    ----------
    x : float or np.ndarray of shape S_x
        Input(s).
    w, b : float or np.ndarray
        Weight and bias; shapes must broadcast with S_x.

    Returns
    -------
    y : float or np.ndarray of the broadcast shape
        The neuron's output, in [0, 1].
    z : float or np.ndarray of the broadcast shape
        The pre-activation w x + b.
    """
    x, w, b = v.real("x", x), v.real("w", w), v.real("b", b)
    v.broadcast(x=x, w=w, b=b)
    with _overflow("x, w and b are too large: z = w x + b overflows float64"):
        z = w * x + b
    return sigmoid(z), z


def loss(y, y_true):
    """Squared-error loss of each example, L = 1/2 (y - y_true)^2 (the 1/2 cancels the 2).

    Parameters
    ----------
    y, y_true : float or np.ndarray, shapes that broadcast

    Returns
    -------
    float or np.ndarray of the broadcast shape
    """
    y, y_true = v.real("y", y), v.real("y_true", y_true)
    v.broadcast(y=y, y_true=y_true)
    with _overflow("y and y_true are too far apart: (y - y_true)^2 overflows float64"):
        return 0.5 * (y - y_true) ** 2


def backward(x, y, z, y_true):
    """Backward pass: the chain rule dL/dw = dL/dy * dy/dz * dz/dw, and likewise for b.

    Parameters
    ----------
    x : float or np.ndarray
        The input used in the forward pass.
    y, z : float or np.ndarray
        The output and pre-activation returned by :func:`forward`.
    y_true : float or np.ndarray
        The target(s); must broadcast with y.

    Returns
    -------
    dL_dw, dL_db : float or np.ndarray of the broadcast shape
        The gradient of each example's loss with respect to w and to b.
    """
    x, y, z = v.real("x", x), v.real("y", y), v.real("z", z)
    y_true = v.real("y_true", y_true)
    v.broadcast(x=x, y=y, z=z, y_true=y_true)
    with _overflow("x, y and y_true are too large: the gradient overflows float64"):
        dL_dy = y - y_true  # dL/dy = y - y_true
        dy_dz = sigmoid_prime(z)  # dy/dz = sigma(z)(1 - sigma(z)) = sigma(z) sigma(-z)
        dz_dw = x  # dz/dw = x
        dz_db = 1.0  # dz/db = 1
        dL_dw = dL_dy * dy_dz * dz_dw
        dL_db = dL_dy * dy_dz * dz_db
    return dL_dw, dL_db


def update(w, b, dL_dw, dL_db, lr=0.01):
    """One gradient-descent step: w <- w - lr dL/dw, b <- b - lr dL/db.

    Returns new values; the arguments are not changed.

    Parameters
    ----------
    w, b : float or np.ndarray
        Current parameters.
    dL_dw, dL_db : float or np.ndarray
        Their gradients (same shapes as w and b, or broadcastable to them).
    lr : float
        The learning rate, a positive finite number.

    Returns
    -------
    w, b : float or np.ndarray
        The parameters after one step.
    """
    w, b = v.real("w", w), v.real("b", b)
    dL_dw, dL_db = v.real("dL_dw", dL_dw), v.real("dL_db", dL_db)
    lr = v.positive("lr", lr)
    v.broadcast(w=w, dL_dw=dL_dw)
    v.broadcast(b=b, dL_db=dL_db)
    with _overflow("w, b, dL_dw, dL_db and lr are too large: the step overflows float64"):
        return w - lr * dL_dw, b - lr * dL_db


@contextlib.contextmanager
def _overflow(text: str):
    """Turn a float64 overflow inside the block (numpy's or Python's) into a ValueError."""
    try:
        with np.errstate(over="raise", invalid="raise", under="ignore"):
            yield
    except (FloatingPointError, OverflowError):
        raise ValueError(text) from None


def train_step(x, y_true, w, b, lr=0.01):
    """Forward, backward and update in one call; returns (w, b, loss before the step)."""
    y, z = forward(x, w, b)
    dL_dw, dL_db = backward(x, y, z, y_true)
    w, b = update(w, b, dL_dw, dL_db, lr=lr)
    return w, b, loss(y, y_true)
