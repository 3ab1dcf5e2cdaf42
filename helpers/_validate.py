"""Argument checks shared by the numeric modules.

Every check raises a ``TypeError`` (wrong kind of value) or a ``ValueError`` (right kind,
wrong value or shape) whose message names the argument, says what it got and what it
needs. Nothing here prints or warns.
"""

from __future__ import annotations

import decimal
import math
import numbers

import numpy as np


def _describe(value) -> str:
    """A short description of ``value`` for an error message."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits has no repr
        text = f"an int of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} (type {type(value).__name__})"


def real_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a float64 array (a new copy), refusing anything not real and finite.

    Parameters
    ----------
    name : str
        The argument's name, used in error messages.
    value : float, int, sequence or np.ndarray
        Any real number or array of real numbers. Booleans, strings, complex numbers
        and ``None`` are refused.

    Returns
    -------
    np.ndarray
        A float64 copy with the same shape (shape ``()`` for a scalar).
    """
    if type(value) is np.ndarray and value.dtype == np.float64:
        arr = value.copy()  # the common case, kept fast: finite differences call this a lot
    else:
        arr = _to_float_array(name, value)
    if not np.isfinite(arr).all():
        bad = "NaN" if np.any(np.isnan(arr)) else "an infinite value"
        where = (
            ""
            if arr.ndim == 0
            else f" at index {tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])}"
        )
        raise ValueError(f"{name} must be finite, got {bad}{where}")
    return arr


def _to_float_array(name: str, value) -> np.ndarray:
    """A float64 copy of anything real; TypeError for booleans, strings, complex, None."""
    need = f"{name} must be a real number or an array of real numbers"
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{need}, got {_describe(value)}")
    if isinstance(value, numbers.Number) and not _is_real(value):
        raise TypeError(f"{name} must be a real number, got the complex number {value!r}")
    try:
        original = np.asarray(value)
    except ValueError:  # ragged nested lists
        raise TypeError(f"{need} (a regular array), got {_describe(value)}") from None
    if original.dtype.kind == "O":  # Decimal, Fraction, ints beyond int64, or junk
        return _objects_to_float(name, value, original)
    if original.dtype.kind not in "iuf":
        shown = value if original.ndim == 0 or not isinstance(value, np.ndarray) else original
        raise TypeError(f"{need}, got {_describe(shown)}")
    return np.array(original, dtype=np.float64)  # always a copy


def _objects_to_float(name: str, value, original: np.ndarray) -> np.ndarray:
    """Convert an object array one element at a time: any real number (``Decimal``,
    ``Fraction``, a Python int of any size) counts; one too large for a float64 is a
    ``ValueError``, anything else (None, a string, complex) a ``TypeError``."""
    out = np.empty(original.shape, dtype=np.float64)
    for index, item in np.ndenumerate(original):
        if isinstance(item, (bool, np.bool_)) or not _is_real(item):
            where = "" if original.ndim == 0 else f" at index {index}"
            raise TypeError(
                f"{name} must be a real number or an array of real numbers, "
                f"got {_describe(item)}{where}"
            )
        try:
            out[index] = number = float(item)
            # float(Decimal("1e400")) is inf without complaint; int and Fraction overflow
            too_big = math.isinf(number) and isinstance(item, decimal.Decimal) and item.is_finite()
        except OverflowError:
            too_big = True
        except ValueError:  # Decimal("sNaN") refuses to become a float
            raise ValueError(f"{name} must be finite, got {_describe(item)}") from None
        if too_big:
            where = "" if original.ndim == 0 else f" at index {index}"
            digits = int(item.bit_length() * math.log10(2)) + 1 if isinstance(item, int) else 0
            shown = f"an int of about {digits} digits" if digits else None
            raise ValueError(
                f"{name} must fit in a float64 (|x| < 1.8e308), "
                f"got {shown or _describe(item)}{where}"
            )
    return out


def _is_real(item) -> bool:
    """True for real numbers: int, float, Fraction, numpy's, and Decimal (not a numbers.Real)."""
    return isinstance(item, (numbers.Real, decimal.Decimal))


def real(name: str, value):
    """Like :func:`real_array`, but give back a Python float when ``value`` is a scalar."""
    arr = real_array(name, value)
    return float(arr) if arr.ndim == 0 else arr


def positive(name: str, value) -> float:
    """Return ``value`` as a float if it is a positive finite real number, else raise."""
    arr = real_array(name, value)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single number, got {_describe(value)}")
    if not arr > 0:
        raise ValueError(f"{name} must be a positive finite number, got {float(arr)!r}")
    return float(arr)


def broadcast(**arrays: np.ndarray) -> tuple:
    """Check that the named arrays broadcast together; return their common shape."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} has shape {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(
            f"{', '.join(arrays)} must have shapes that broadcast together, but {shapes}"
        ) from None


def choice(name: str, value, options) -> str:
    """Return ``value`` if it is one of ``options`` (strings), else raise naming the options."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {sorted(options)}, got {_describe(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}")
    return value


def number(name: str, value, lo: float = -math.inf, hi: float = math.inf) -> float:
    """Return ``value`` as a float if it is one finite real number in [lo, hi], else raise.

    The error for a number outside the range names the range, e.g. ``x must lie in
    [-5, 5], got 1e+308``: nothing is clamped silently.
    """
    arr = real_array(name, value)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single number, got {_describe(value)}")
    x = float(arr)
    if not lo <= x <= hi:
        raise ValueError(f"{name} must lie in [{lo:g}, {hi:g}], got {x:g}")
    return x


def integer(name: str, value, lo: int | None = None, hi: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number (int or numpy integer) in [lo, hi].

    Booleans, floats (even 3.0), strings and None are a ``TypeError``; a whole number
    outside the range is a ``ValueError`` that names the range.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number (an int), got {_describe(value)}")
    n = int(value)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        low = "-inf" if lo is None else lo
        high = "inf" if hi is None else f"{hi:,}"
        shown = f"{n:,}" if abs(n) < 10**30 else _describe(n)
        raise ValueError(f"{name} must be an integer in [{low}, {high}], got {shown}")
    return n


def flag(name: str, value) -> bool:
    """Return ``value`` if it is True or False (a bool), else raise a ``TypeError``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_describe(value)}")
    return bool(value)


#: The largest seed the series accepts (numpy takes any non-negative int; this keeps
#: error messages short and refuses 10**400 typed by accident).
MAX_SEED = 2**63 - 1


def seed(name: str, value) -> int:
    """A seed for ``np.random.default_rng``: a whole number in [0, 2**63 - 1]."""
    return integer(name, value, 0, MAX_SEED)


def layers(name: str, params) -> list:
    """``params`` checked as a network's layers: a non-empty list of pairs (W, b).

    W^l has shape (n_l, n_(l-1)) and b^l shape (n_l,), each layer's W takes as many inputs
    as the layer before has units. Returns float64 copies (the arrays given are never
    changed); a TypeError or ValueError naming ``name`` (and the layer) otherwise.
    """
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"{name} must be a non-empty list of (W, b) pairs, got {_describe(params)}")
    checked = []
    for layer, pair in enumerate(params, start=1):
        where = f"{name}[{layer - 1}] (layer {layer})"
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"{where} must be a pair (W, b), got {_describe(pair)}")
        W, b = real_array(f"{where} W", pair[0]), real_array(f"{where} b", pair[1])
        if W.ndim != 2 or W.size == 0:
            raise ValueError(f"{where}: W must be 2-D with at least one entry, got shape {W.shape}")
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"{where}: W has shape {W.shape}, so b must have shape {(W.shape[0],)}, "
                f"got {b.shape}"
            )
        if checked and W.shape[1] != checked[-1][0].shape[0]:
            raise ValueError(
                f"{where}: W has shape {W.shape} but layer {layer - 1} has "
                f"{checked[-1][0].shape[0]} units"
            )
        checked.append((W, b))
    return checked
