"""Argument checks for ``helpers.layers`` (the layer functions call these first).

Every check raises a ``TypeError`` (wrong kind of value) or a ``ValueError`` (wrong shape
or value) whose message names the argument. Arrays come back as float64 (or int64) copies,
so a cache never shares memory with what the learner passed in.
"""

from __future__ import annotations

import numpy as np

from .. import _validate as v
from .._mlp_checks import too_large  # noqa: F401  (used by the layer modules)


def floats(name: str, value, ndim: int, shape_text: str) -> np.ndarray:
    """``value`` as a finite float64 array with ``ndim`` axes and at least one entry."""
    arr = v.real_array(name, value)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, shape {shape_text}, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(
            f"{name} must have at least one entry, shape {shape_text}, got {arr.shape}"
        )
    return arr


def shaped(name: str, value, shape: tuple, why: str) -> np.ndarray:
    """``value`` as a finite float64 array of exactly ``shape`` (``why`` says where from)."""
    arr = v.real_array(name, value)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape} ({why}), got shape {arr.shape}")
    return arr


def indices(name: str, value, size: int, what: str) -> np.ndarray:
    """An integer array (any shape) of entries in [0, size), as an int64 copy.

    Floats are refused even when whole (3.0): an index that is a float is nearly always a
    slip. Negative indices are refused too (numpy would count them from the end).
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer array of {what}, got {v._describe(value)}")
    try:
        arr = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise TypeError(
            f"{name} must be a regular integer array, got {v._describe(value)}"
        ) from None
    if arr.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must be an integer array of {what} (dtype int), got {v._describe(value)}"
        )
    if arr.size and (arr.min() < 0 or arr.max() >= size):
        bad = arr.min() if arr.min() < 0 else arr.max()
        raise ValueError(f"{name} must hold {what} in [0, {size - 1}], got {int(bad)}")
    return np.array(arr, dtype=np.int64)


def cache_of(name: str, value, kind: type, made_by: str):
    """Refuse a ``cache`` that is not what ``made_by`` returned."""
    if not isinstance(value, kind):
        raise TypeError(
            f"{name} must be the cache returned by {made_by} (a {kind.__name__}), "
            f"got {v._describe(value)}"
        )
    return value


def upstream(dout, shape: tuple, made_by: str) -> np.ndarray:
    """The upstream gradient: finite, float64, shaped like the forward pass's output."""
    return shaped("dout", dout, shape, f"the shape of the output of {made_by}")
