"""The argument checks of ``helpers.mlp``: TypeError or ValueError naming the argument.

Each check returns the argument as ``mlp`` uses it (float64 arrays, a list of int widths...)
or raises an error that names the argument, says what it got and what it needs. Kept out
of mlp.py so that file shows the math; ``helpers._validate`` has the checks every module
shares.
"""

from __future__ import annotations

import contextlib
import numbers

import numpy as np

from . import _validate as v
from . import losses

HIDDEN = ("sigmoid", "tanh", "relu")
MAX_WEIGHTS = 10**8  # init_params refuses more (800 MB of float64): surely a typo in a width


@contextlib.contextmanager
def too_large(names: str):
    """Turn an overflow inside the block into a ValueError naming the arguments ``names``.

    The arguments were checked to be finite, so an inf or NaN can only come from numbers
    too large for float64 (about 1.8e308). numpy would warn and carry on with inf or NaN;
    ``np.errstate(..., "raise")`` makes it raise instead, and we say which inputs to shrink.
    (Underflow to 0, as in e^(-1000), stays allowed: it is the right answer.)
    """
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield
    except FloatingPointError as exc:
        raise ValueError(
            f"{names} are too large: the computation overflows float64 ({exc}); scale them down"
        ) from None


def _where(name, layer) -> str:
    """How an error names layer ``layer`` of ``name``: "params[0] (layer 1)"."""
    return f"{name}[{layer - 1}] (layer {layer})"


def _fast(value) -> bool:
    """True for an array :func:`real_array` returns as it is (a finite float64 C-order array)."""
    return (
        type(value) is np.ndarray
        and value.dtype == np.float64
        and value.flags.c_contiguous
        and bool(np.logical_and.reduce(np.isfinite(value), axis=None))  # isfinite(value).all()
    )


def real_array(name, value):
    """``value`` as a finite float64 array, or a TypeError / ValueError naming ``name``.

    A fast path: a finite float64 array in C order (numpy's default) is used as it is, not
    copied; nothing in this module writes into an array it is given. Copying the batch X
    on every call cost more than checking it (benchmarks/bench_validation.py). Anything else
    goes through ``_validate.real_array``, which makes a float64 copy in C order or says
    what is wrong, so both paths give bit-for-bit the same results.
    """
    return value if _fast(value) else v.real_array(name, value)


def layer_sizes(layer_sizes) -> list[int]:
    """init_params's widths as a list of int: at least two, each >= 1, not too many weights."""
    is_1d_array = isinstance(layer_sizes, np.ndarray) and layer_sizes.ndim == 1
    if not (isinstance(layer_sizes, (list, tuple)) or is_1d_array):
        raise TypeError(
            f"layer_sizes must be a list of widths [n_0, ..., n_L], got {v._describe(layer_sizes)}"
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            f"layer_sizes must hold at least two widths (inputs and outputs), "
            f"got {list(layer_sizes)}"
        )
    for i, n in enumerate(layer_sizes):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"layer_sizes[{i}] must be an integer width, got {v._describe(n)}")
        if n < 1:
            raise ValueError(f"layer_sizes[{i}] must be a width of at least 1, got {n}")
    sizes = [int(n) for n in layer_sizes]
    weights = sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True))
    if weights > MAX_WEIGHTS:
        raise ValueError(
            f"layer_sizes {sizes} would need {weights:.3g} weights, more than the "
            f"{MAX_WEIGHTS:.0e} this package allows"
        )
    return sizes


def pair(output, loss):
    """Refuse an output or loss name that is not a choice, or a combination not in PAIRS."""
    v.choice("output", output, losses.OUTPUTS)
    v.choice("loss", loss, losses.LOSSES)
    if (output, loss) not in losses.PAIRS:
        raise ValueError(
            f"(output, loss) must be one of {list(losses.PAIRS)}, got {(output, loss)}"
        )


def parameters(params, name="params"):
    """A list of (W, b) float64 pairs whose shapes chain layer to layer (also for grads)."""
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(
            f"{name} must be a non-empty list of (W, b) pairs, got {v._describe(params)}"
        )
    checked = []
    for layer, entry in enumerate(params, start=1):
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            where = _where(name, layer)
            raise TypeError(f"{where} must be a pair (W, b), got {v._describe(entry)}")
        W, b = entry
        where = _where(name, layer)
        if not (_fast(W) and _fast(b)):  # the common case, checked arrays, needs no copy
            W, b = real_array(f"{where} W", W), real_array(f"{where} b", b)
        if W.ndim != 2 or W.size == 0:
            raise ValueError(
                f"{where}: W must be 2-D with at least one entry, shape "
                f"(n_{layer}, n_{layer - 1}), got shape {W.shape}"
            )
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"{where}: W has shape {W.shape}, so b must have shape {(W.shape[0],)}, "
                f"got {b.shape}"
            )
        if checked and W.shape[1] != checked[-1][0].shape[0]:
            n_prev = checked[-1][0].shape[0]
            raise ValueError(
                f"{where}: W has shape {W.shape} but layer {layer - 1} has {n_prev} units, "
                f"so W must have shape {(W.shape[0], n_prev)}"
            )
        checked.append((W, b))
    return checked


def inputs(X, params, name="X"):
    """X as a float64 array of shape (N, n_0), N >= 1, for the checked ``params``."""
    X = real_array(name, X)
    n0 = params[0][0].shape[1]
    if X.ndim != 2:
        hint = " (for one example use x.reshape(1, -1))" if X.ndim == 1 else ""
        raise ValueError(
            f"{name} must be 2-D, shape (N, n_0) = (N, {n0}), one example per row, "
            f"got shape {X.shape}{hint}"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example (row), got shape {X.shape}")
    if X.shape[1] != n0:
        raise ValueError(
            f"{name} has shape {X.shape} but layer 1's W has shape {params[0][0].shape}, "
            f"so {name} must have {n0} columns, shape (N, {n0})"
        )
    return X


def targets(Y, shape, loss, whence):
    """Y as a float64 array of ``shape`` that ``loss`` accepts (``whence``: where shape is from)."""
    Y = real_array("Y", Y)
    if Y.shape != shape:
        hint = (
            f" (for class labels use helpers.data.one_hot(y, {shape[1]}))"
            if Y.shape == shape[:1] and shape[1] > 1
            else ""
        )
        raise ValueError(
            f"Y must have the output's shape (N, n_L) = {shape} ({whence}), "
            f"got shape {Y.shape}{hint}"
        )
    if loss == "bce" and (Y.min() < 0 or Y.max() > 1):
        bad = tuple(int(i) for i in np.argwhere((Y < 0) | (Y > 1))[0])
        raise ValueError(f"Y for loss='bce' must lie in [0, 1], got {Y[bad]!r} at index {bad}")
    if loss == "cross_entropy":
        n = first_row_not_a_distribution(Y)
        if n is not None:
            row = Y[n].tolist()
            shown = row if len(row) <= 12 else [*row[:12], "..."]
            raise ValueError(
                f"Y for loss='cross_entropy' must be a probability distribution in each row "
                f"(entries >= 0 that sum to 1), but row {n} is {shown} (sum {sum(row):.6g})"
            )
    return Y


def first_row_not_a_distribution(Y):
    """The index of the first row of Y with an entry outside [0, 1] or a sum not 1, or None."""
    if Y.min() < 0 or Y.max() > 1:
        return int(np.argwhere((Y < 0) | (Y > 1))[0][0])
    sums = Y.sum(axis=1)  # entries in [0, 1]: the sums cannot overflow
    if np.abs(sums - 1).max() > 1e-6:
        return int(np.argmax(np.abs(sums - 1) > 1e-6))
    return None


def array_of_shape(name, value, shape, layer):
    """``value`` as a float64 array of ``shape`` = (N, n_layer)."""
    array = real_array(name, value)
    if array.shape != shape:
        raise ValueError(
            f"{name} must have shape (N, n_{layer}) = {shape}, got shape {array.shape}"
        )
    return array
