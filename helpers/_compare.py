"""Comparing two gradients: relative error and agreement. Re-exported by ``helpers.gradcheck``.

Two numbers a and b *agree* when |a - b| <= rtol * max(|a|, |b|) + atol. A NaN or an
infinite value on either side is never a match: it is a ``ValueError`` that names the side
and where the value sits, because NaN compares false with everything and would otherwise
slip through (NaN / NaN is not "relative error 0").
"""

from __future__ import annotations

import numpy as np

from . import _validate as v


def rel_error(a, b) -> float:
    """Largest elementwise |a - b| / max(|a|, |b|); 0 where both are exactly 0.

    a and b are numbers or arrays of one shape (or a number against an array). A NaN or
    infinite value on either side is a ``ValueError`` saying which side: it has no
    relative error, and it must never pass for a small one.
    """
    a, b = _compared(a=a, b=b)
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(over="ignore"):
        diff = np.abs(a - b)  # inf only when |a - b| exceeds float64 (a, b finite)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    if np.isinf(diff).any():  # halves cannot overflow; the ratio is the same
        a, b = np.broadcast_arrays(a, b)
        big = np.isinf(diff)
        ratio[big] = np.abs(a[big] / 2 - b[big] / 2) / (scale[big] / 2)
    return float(np.max(ratio)) if ratio.size else 0.0


def agree(a, b, rtol: float, atol=0.0) -> bool:
    """True when |a - b| <= rtol * max(|a|, |b|) + atol everywhere.

    Parameters
    ----------
    a, b : float or np.ndarray, the same shape (or a number against an array); finite
    rtol : float >= 0
    atol : float >= 0, or an array >= 0 that broadcasts to a's shape

    Raises
    ------
    ValueError
        If a or b holds NaN or an infinite value (saying which), or the shapes differ.
    """
    a, b = _compared(a=a, b=b)
    rtol = _tolerance("rtol", rtol)
    atol = v.real_array("atol", atol)
    shape = np.broadcast_shapes(a.shape, b.shape)
    if np.any(atol < 0):
        raise ValueError(f"atol must be >= 0, got {atol.min()!r}")
    if atol.ndim and _broadcast_to(atol.shape, shape) != shape:
        raise ValueError(f"atol has shape {atol.shape} but a and b have shape {shape}")
    with np.errstate(over="ignore"):
        diff = np.abs(a - b)
        bound = rtol * np.maximum(np.abs(a), np.abs(b)) + atol
        ok = diff <= bound
        if np.isinf(diff).any() or np.isinf(bound).any():  # compare halves instead
            ok = np.abs(a / 2 - b / 2) <= rtol * np.maximum(np.abs(a), np.abs(b)) / 2 + atol / 2
    return bool(np.all(ok))


def _broadcast_to(small, shape):
    try:
        return np.broadcast_shapes(small, shape)
    except ValueError:
        return None


def _compared(**sides) -> list:
    """Each side as a float64 array; NaN or inf is a ValueError naming the side."""
    arrays = []
    for name, value in sides.items():
        arr = _real_allowing_nonfinite(name, value)
        if not np.isfinite(arr).all():
            bad = "NaN" if np.isnan(arr).any() else "an infinite value"
            index = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
            at = f" at index {index}" if arr.ndim else ""
            raise ValueError(
                f"{name} is not finite: it holds {bad}{at}. A NaN or infinite value never "
                "agrees with anything, so the check fails here (look for the step that first "
                "produced it)"
            )
        arrays.append(arr)
    (na, a), (nb, b) = zip(sides, arrays, strict=True)
    if a.ndim and b.ndim and a.shape != b.shape:
        raise ValueError(
            f"{na} has shape {a.shape} but {nb} has shape {b.shape}: compare arrays of the "
            "same shape (or one number with an array)"
        )
    return arrays


def _real_allowing_nonfinite(name: str, value) -> np.ndarray:
    """A float64 array of ``value`` with the usual type checks, but NaN and inf let through."""
    try:
        return v.real_array(name, value)
    except ValueError as err:
        try:
            arr = np.array(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            raise err from None
        if np.isfinite(arr).all():  # the check failed for another reason: keep its message
            raise err from None
        return arr


def _tolerance(name: str, value) -> float:
    value = v.real(name, value)
    if np.ndim(value) or value < 0:
        raise ValueError(f"{name} must be a single number >= 0, got {value!r}")
    return value


def _number(name: str, value) -> float:
    """A single real number (NaN and inf allowed: a Row reports them); TypeError otherwise."""
    arr = _real_allowing_nonfinite(name, value)
    if arr.ndim:
        raise TypeError(f"{name} must be a single number, got {v._describe(value)}")
    return float(arr)


def _like(name: str, pairs, params) -> list:
    """``pairs`` as float64 arrays (NaN and inf kept for the rows), each shaped like params."""
    if not isinstance(pairs, (list, tuple)) or len(pairs) != len(params):
        got = f"{len(pairs)}" if isinstance(pairs, (list, tuple)) else v._describe(pairs)
        raise ValueError(
            f"{name} must hold {len(params)} pair(s) (dW, db), one per layer like params, got {got}"
        )
    out = []
    for i, (pair, (W, b)) in enumerate(zip(pairs, params, strict=True)):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"{name}[{i}] must be a pair (dW, db), got {v._describe(pair)}")
        arrays = []
        for part, value, like in (("dW", pair[0], W), ("db", pair[1], b)):
            arr = _real_allowing_nonfinite(f"{name}[{i}] {part}", value)
            if arr.shape != like.shape:
                raise ValueError(
                    f"{name}[{i}] {part} has shape {arr.shape} but params[{i}] {part[1]} has "
                    f"shape {like.shape}: each gradient has its parameter's shape"
                )
            arrays.append(arr)
        out.append(tuple(arrays))
    return out


def _refuse_nonfinite(label: str, pairs: list, names: list) -> None:
    """A NaN or inf gradient is a ValueError naming the argument, the array and the entry."""
    k = 0
    for i, pair in enumerate(pairs):
        for part, arr in zip(("dW", "db"), pair, strict=True):
            bad = np.flatnonzero(~np.isfinite(arr))
            if bad.size:
                index = tuple(int(j) for j in np.unravel_index(bad[0], arr.shape))
                value = arr.ravel()[bad[0]]
                raise ValueError(
                    f"{label}[{i}] {part} is not finite: it holds {value} at index {index} "
                    f"(dL/d{names[k + bad[0]]}). A NaN or infinite gradient never agrees with "
                    "anything, so the check fails here (look for the step that produced it)"
                )
            k += arr.size
