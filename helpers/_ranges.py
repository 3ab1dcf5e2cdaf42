"""Argument checks with stated ranges, for ``helpers.pathologies``.

Each raises a ``TypeError`` (wrong kind) or ``ValueError`` (out of its range) naming the
argument and the range; nothing is clamped.
"""

from __future__ import annotations

import numpy as np

from . import _validate as v


def _integer(name: str, value, low: int, high: int) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {v._describe(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {value}")
    return int(value)


def _number_in(name: str, value, low: float, high: float) -> float:
    value = v.real(name, value)
    if np.ndim(value):
        raise TypeError(f"{name} must be a single number, got an array of shape {np.shape(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}], got {value!r}")
    return value


def _float_type(dtype):
    """np.float32 or np.float64 (also given as a dtype or its name); else an error."""
    need = "dtype must be one of np.float32, np.float64"
    if dtype is None:  # np.dtype(None) would quietly be float64
        raise TypeError(f"{need}, got None")
    try:
        kind = np.dtype(dtype).type
    except TypeError:
        raise TypeError(f"{need}, got {v._describe(dtype)}") from None
    if kind not in (np.float32, np.float64):
        raise ValueError(f"{need}, got {np.dtype(kind).name}")
    return kind


def _within(name: str, value, dtype) -> np.ndarray:
    """A finite real array in ``dtype``, refusing values beyond the dtype's range."""
    arr = v.real_array(name, value)
    big = float(np.finfo(dtype).max)
    if np.any(np.abs(arr) > big):
        raise ValueError(
            f"{name} must lie within {dtype.__name__}'s range (|{name}| <= {big:.8g}), "
            f"got {float(np.max(np.abs(arr))):.8g}"
        )
    return arr.astype(dtype)


def _values(value, where: str) -> np.ndarray:
    """f's values as an array, or an error naming f and the point."""
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"f must return real numbers, but at {where} it returned {v._describe(value)}"
        )
    if not np.all(np.isfinite(arr)):
        bad = "NaN" if np.any(np.isnan(arr)) else "an infinite value"
        raise ValueError(f"f returned {bad} at {where}: f must be finite near x")
    return arr
