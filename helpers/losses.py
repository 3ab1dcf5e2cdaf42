"""Batch losses of a network's output layer and their gradients, numpy only.

Every loss is the *mean over the N examples* (rows) of a per-example loss:

    mse            L = 1/N sum_n 1/2 sum_k (a_nk - y_nk)^2
    bce            L = 1/N sum_n -sum_k [y_nk log a_nk + (1 - y_nk) log(1 - a_nk)],  a = sigma(z)
    cross_entropy  L = 1/N sum_n -sum_k y_nk log softmax(z_n)_k

Shapes: Z (pre-activations of the output layer), A (its activations) and Y (the targets,
``y_true`` in the notebooks) all have shape (N, n_L).

Stability: bce and cross_entropy are computed from the logits Z, never from a rounded
probability, so a confident wrong answer costs a large finite loss instead of log(0):
bce uses softplus(z) - y z and cross_entropy uses log-sum-exp. No warning or NaN for
logits of any finite size, up to +-1.8e308. The one limit is float64's own: a loss (or
log_softmax entry) whose true value is beyond 1.8e308, such as a confident wrong answer
at logits more than 1.8e308 apart, or mse with |a - y| above 1.3e154, is a ``ValueError``
saying so, never inf or NaN.

Checks: Z, A and Y must be finite real 2-D arrays of shape (N, K) with N >= 1 (a
``TypeError`` or ``ValueError`` naming the argument otherwise); Y must have the shape of Z
(or A); bce needs Y in [0, 1], cross_entropy each row of Y a probability distribution;
``output`` and ``loss`` must be names from OUTPUTS and LOSSES forming one of PAIRS (a
``ValueError`` listing the choices). The unchecked formulas (``_batch_loss``,
``_output_delta``, ``_output_activation``) are for ``helpers.mlp``, which checks first.

Introduced in notebooks/04_multilayer_deltas.ipynb (mse, bce) and
notebooks/05_vectorized_batches.ipynb (softmax and cross-entropy).
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as v
from ._loss_kernels import (  # noqa: F401  (the unchecked twins, for helpers.mlp)
    _batch_loss,
    _bce,
    _log_softmax,
    _mse,
    _mse_grad,
    _output_activation,
    _output_delta,
    _softmax,
    _softplus,
)

#: The (output activation, loss) pairs a network may use.
PAIRS = (("sigmoid", "mse"), ("identity", "mse"), ("sigmoid", "bce"), ("softmax", "cross_entropy"))
OUTPUTS = ("sigmoid", "identity", "softmax")
LOSSES = ("mse", "bce", "cross_entropy")


def softmax(Z):
    """softmax(z)_k = e^(z_k) / sum_j e^(z_j), row by row, shifted by each row's max.

    Subtracting max_j z_j changes nothing mathematically but keeps every exponent <= 0,
    so e^(.) never overflows (a shift beyond -1.8e308 is -inf, whose e^ is the true 0).

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)

    Returns
    -------
    np.ndarray of shape (N, K); each row is positive and sums to 1
    """
    Z = _matrix("Z", Z)
    with np.errstate(over="ignore"):
        return _softmax(Z)


def log_softmax(Z):
    """log softmax(z)_k = z_k - logsumexp(z), row by row.

    Finite unless a row's logits are more than 1.8e308 apart: the smallest entry's true
    value is then below -1.8e308, beyond float64, and that is a ``ValueError``.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)

    Returns
    -------
    np.ndarray of shape (N, K), all entries <= 0
    """
    Z = _matrix("Z", Z)
    with np.errstate(over="ignore"):
        result = _log_softmax(Z)
    if not np.isfinite(result).all():
        n = int(np.argwhere(~np.isfinite(result))[0][0])
        raise ValueError(
            f"log_softmax(Z) is below -1.8e308 in row {n}: its logits are more than 1.8e308 "
            "apart, and the result is beyond float64"
        )
    return result


def softplus(Z):
    """softplus(z) = log(1 + e^z) = max(z, 0) + log(1 + e^(-|z|)), without overflow.

    Z : float or np.ndarray of any shape (finite); returns the same shape.
    """
    Z = v.real_array("Z", Z)
    return _softplus(Z)


def mse(A, Y) -> float:
    """Half squared error, summed over outputs, averaged over examples.

    Parameters
    ----------
    A, Y : np.ndarray of shape (N, K)
        Outputs and targets; finite while every |a - y| < 1.3e154 (else a ValueError).

    Returns
    -------
    float
    """
    A, Y = _pair("A", A, Y)
    return _checked_mse(A, Y)


def mse_grad(A, Y):
    """dL/dA for :func:`mse`: (A - Y) / N, shape (N, K). The 1/2 cancels the 2."""
    A, Y = _pair("A", A, Y)
    with np.errstate(over="ignore"):
        grad = _mse_grad(A, Y)
        if not np.isfinite(grad).all():
            grad = A / A.shape[0] - Y / A.shape[0]
    if not np.isfinite(grad).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(grad))[0])
        raise ValueError(f"A - Y at index {index} is beyond float64's range (1.8e308)")
    return grad


def bce_from_logits(Z, Y) -> float:
    """Binary cross-entropy of sigmoid(Z) against Y, computed from the logits Z.

    Per entry, -[y log sigma(z) + (1 - y) log(1 - sigma(z))] = softplus(z) - y z,
    because log sigma(z) = -softplus(-z) and softplus(z) - softplus(-z) = z.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)
        Logits (pre-activations) of K independent sigmoid outputs.
    Y : np.ndarray of shape (N, K)
        Targets in [0, 1].

    Returns
    -------
    float, summed over outputs, averaged over examples
    """
    Z, Y = _pair("Z", Z, Y)
    _targets(Y, "bce")
    return _checked_bce(Z, Y)


def cross_entropy_from_logits(Z, Y) -> float:
    """Softmax cross-entropy, -1/N sum_n sum_k y_nk log softmax(z_n)_k, via log-sum-exp.

    Parameters
    ----------
    Z : np.ndarray of shape (N, K)
        Logits.
    Y : np.ndarray of shape (N, K)
        Targets; each row a probability distribution (one-hot for a class label).

    Returns
    -------
    float
    """
    Z, Y = _pair("Z", Z, Y)
    _targets(Y, "cross_entropy")
    return _checked_cross_entropy(Z, Y)


def output_activation(Z, output: str = "sigmoid"):
    """The output layer's activation A^L = f(Z^L), shape (N, n_L), for ``output`` in OUTPUTS."""
    v.choice("output", output, OUTPUTS)
    Z = _matrix("Z", Z)
    with np.errstate(over="ignore"):
        return _output_activation(Z, output)


def batch_loss(Z, Y, output: str = "sigmoid", loss: str = "mse") -> float:
    """The batch loss of a network whose output layer has logits Z.

    Parameters
    ----------
    Z : np.ndarray of shape (N, n_L)
        Pre-activations of the output layer.
    Y : np.ndarray of shape (N, n_L)
        Targets (in [0, 1] for bce; rows that are distributions for cross_entropy).
    output, loss : str
        One of the pairs in :data:`PAIRS`.

    Returns
    -------
    float
    """
    Z, Y = _checked_batch(Z, Y, output, loss)
    if loss == "bce":
        return _checked_bce(Z, Y)
    if loss == "cross_entropy":
        return _checked_cross_entropy(Z, Y)
    return _checked_mse(_output_activation(Z, output), Y, "Z and Y")


def output_delta(Z, Y, output: str = "sigmoid", loss: str = "mse"):
    """delta^L = dL/dZ^L, the error term of the output layer, shape (N, n_L).

    mse:                   delta^L = (A - Y) / N * f'(Z)   (chain rule: dL/dA times dA/dZ)
    sigmoid + bce:         delta^L = (sigma(Z) - Y) / N     (sigma' cancels the log's 1/a(1-a))
    softmax + cross_entropy: delta^L = (softmax(Z) - Y) / N (needs each row of Y to sum to 1)

    Arguments as for :func:`batch_loss`.
    """
    Z, Y = _checked_batch(Z, Y, output, loss)
    with np.errstate(over="ignore"):
        delta = _output_delta(Z, Y, output, loss)
    if not np.isfinite(delta).all():  # only mse with an identity output: Z - Y too large
        raise ValueError("Z - Y is beyond float64's range (1.8e308), so delta^L is too")
    return delta


# ------------------------------------------------------------------ argument checks


def _matrix(name: str, value) -> np.ndarray:
    """A finite float64 array of shape (N, K) with N, K >= 1 (the caller's array if it is one)."""
    if type(value) is np.ndarray and value.dtype == np.float64 and np.isfinite(value).all():
        arr = value  # nothing here writes to it
    else:
        arr = v.real_array(name, value)
    if arr.ndim != 2:
        hint = f" (for one example use {name}.reshape(1, -1))" if arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D, shape (N, K), one example per row, got shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(
            f"{name} must hold at least one example (row) and one output (column), "
            f"got shape {arr.shape}"
        )
    return arr


def _pair(name: str, first, Y) -> tuple:
    first, Y = _matrix(name, first), _matrix("Y", Y)
    if Y.shape != first.shape:
        raise ValueError(f"Y must have the shape of {name}, {first.shape}, got shape {Y.shape}")
    return first, Y


def _targets(Y: np.ndarray, loss: str) -> None:
    if loss == "bce" and (Y.min() < 0 or Y.max() > 1):
        bad = tuple(int(i) for i in np.argwhere((Y < 0) | (Y > 1))[0])
        raise ValueError(f"Y for loss='bce' must lie in [0, 1], got {Y[bad]!r} at index {bad}")
    if loss == "cross_entropy":
        if Y.max() > 1 + 1e-6:  # no entry of a distribution exceeds 1 (and sums stay small)
            bad = tuple(int(i) for i in np.argwhere(Y > 1 + 1e-6)[0])
            raise ValueError(
                f"Y for loss='cross_entropy' must be a probability distribution in each row "
                f"(entries in [0, 1] that sum to 1), got {Y[bad]!r} at index {bad}"
            )
        sums = Y.sum(axis=1)
        if Y.min() >= 0 and np.abs(sums - 1).max() <= 1e-6:
            return  # the common case, in few steps
        bad_rows = np.flatnonzero((Y < 0).any(axis=1) | (np.abs(sums - 1) > 1e-6))
        if bad_rows.size:
            n = int(bad_rows[0])
            raise ValueError(
                f"Y for loss='cross_entropy' must be a probability distribution in each row "
                f"(entries >= 0 that sum to 1), but row {n} is {Y[n].tolist()} (sum {sums[n]:.6g})"
            )


def _checked_batch(Z, Y, output, loss) -> tuple:
    v.choice("output", output, OUTPUTS)
    v.choice("loss", loss, LOSSES)
    if (output, loss) not in PAIRS:
        raise ValueError(f"(output, loss) must be one of {list(PAIRS)}, got {(output, loss)}")
    Z, Y = _pair("Z", Z, Y)
    _targets(Y, loss)
    return Z, Y


def _too_big(what: str):
    return ValueError(f"{what} is larger than float64 can hold (1.8e308)")


def _checked_mse(A, Y, names: str = "A and Y") -> float:
    with np.errstate(over="ignore"):
        value = _mse(A, Y)
        if not math.isfinite(value):  # the sum may overflow where the mean does not
            value = float(np.sum((0.5 / A.shape[0]) * (A - Y) ** 2))
    if not math.isfinite(value):
        raise _too_big(f"the mse loss of {names} (some |a - y| is above 1.3e154)")
    return value


def _checked_bce(Z, Y) -> float:
    with np.errstate(over="ignore"):
        value = _bce(Z, Y)
        if not math.isfinite(value):
            value = float(np.sum((_softplus(Z) - Y * Z) / Z.shape[0]))
    if not math.isfinite(value):
        raise _too_big("the bce loss (its confidently wrong logits are that large)")
    return value


def _checked_cross_entropy(Z, Y) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        log_p = _log_softmax(Z)  # -inf only where a row's logits are > 1.8e308 apart
        value = float(-np.sum(Y * log_p) / Z.shape[0])  # NaN if some 0 * -inf happened
        if math.isnan(value):  # count only the entries with a target
            hit = Y > 0
            terms = -Y[hit] * log_p[hit]
            value = float(np.sum(terms) / Z.shape[0])
        if not math.isfinite(value):
            hit = Y > 0
            value = float(np.sum(-Y[hit] * log_p[hit] / Z.shape[0]))
    if not math.isfinite(value):
        raise _too_big("the cross-entropy loss (a target class's logit is 1.8e308 below the top)")
    return value
