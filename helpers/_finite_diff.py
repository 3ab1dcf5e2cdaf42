"""Centred finite differences, checked at every step. Re-exported by ``helpers.gradcheck``.

Each helper calls ``f`` twice per entry of x, at x + h e_i and x - h e_i (e_i is the array
that is 1 at entry i and 0 elsewhere), with numpy's overflow warnings off: an overflow
inside f shows up as inf, which is then reported. Whatever f returns is checked before use:
a value that is not a single real number is a ``TypeError``, a NaN or infinite value a
``ValueError``, each naming f, what it returned and at which of the points.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import _validate as v

EPS = np.finfo(np.float64).eps
BIG = np.finfo(np.float64).max


def numerical_gradient(f, x, h: float = 1e-5, *, return_noise: bool = False):
    """Centred finite differences of a scalar function: (f(x + h e_i) - f(x - h e_i)) / 2h.

    ``f`` is called on a float64 copy of ``x``; the caller's array is never changed.

    Parameters
    ----------
    f : callable
        Takes an array shaped like x (or a float) and returns a single finite real number.
    x : float or np.ndarray of shape S
        Where to differentiate; finite.
    h : float
        The step, a positive number with |x| + 2h within float64's range.
    return_noise : bool
        Also return the rounding-noise bound of each entry, 4 eps (|f+| + |f-|) / 2h.

    Returns
    -------
    grad : float or np.ndarray of shape S
    noise : float or np.ndarray of shape S, only if ``return_noise``

    Raises
    ------
    TypeError
        If f is not callable or returns anything but a single real number.
    ValueError
        If f returns NaN or an infinite value, or the quotient overflows.
    """
    _callable("f", f)
    xc, h = _point_and_step("x", x, h)
    grad, noise = _differences(lambda t, where: _scalar(f(t), where), xc, h, "x")
    if xc.ndim == 0:
        grad, noise = float(grad), float(noise)
    return (grad, noise) if return_noise else grad


def numerical_gradient_array(f, x, dout, h: float = 1e-5):
    """Centred differences of an array-valued f, contracted with an upstream gradient.

    Returns d(sum(f(x) * dout))/dx, the quantity a layer's backward(dout) computes, so one
    layer can be checked on its own (as in cs231n's ``eval_numerical_gradient_array``).

    Parameters
    ----------
    f : callable, array of shape S -> array of shape T (real and finite)
    x : np.ndarray of shape S
    dout : np.ndarray of shape T
    h : float, the step (as in :func:`numerical_gradient`)

    Returns
    -------
    np.ndarray of shape S
    """
    _callable("f", f)
    dout = v.real_array("dout", dout)
    xc, h = _point_and_step("x", x, h)

    def contracted(t, where):
        out = _array(f(t), where)
        if out.shape != dout.shape:
            raise ValueError(
                f"f(x) returned shape {out.shape} but dout has shape {dout.shape} "
                f"(at {where}): f must return an array shaped like dout"
            )
        total = np.sum(out * dout)  # inf (no warning here) when f(x) * dout overflows
        if not np.isfinite(total):
            raise ValueError(
                f"sum(f(x) * dout) at {where} is beyond float64's range: f(x) and dout are "
                "too large together"
            )
        return float(total)

    grad, _ = _differences(contracted, xc, h, "x")
    return float(grad) if xc.ndim == 0 else grad


def numerical_gradient_params(f, params, h: float = 1e-5):
    """Centred differences of ``f(params)`` for every entry of a list of (W, b) pairs.

    ``f`` is called with a new list in which one array is replaced by a changed copy; the
    caller's arrays are never changed.

    Parameters
    ----------
    f : callable, list of (W, b) -> a single finite real number
    params : list of pairs (W, b) of finite arrays, any shapes
    h : float
        The step.

    Returns
    -------
    grads, noise : lists of pairs shaped like params (the noise as in :func:`numerical_gradient`)
    """
    _callable("f", f)
    params = _check_pairs("params", params)
    grads, noise = [], []
    for i, (W, b) in enumerate(params):
        pair_grads, pair_noise = [], []
        for slot, name in ((0, "W"), (1, "b")):

            def f_slot(t, where, i=i, slot=slot, W=W, b=b):
                pair = (t, b) if slot == 0 else (W, t)
                return _scalar(f([*params[:i], pair, *params[i + 1 :]]), where)

            xc, step = _point_and_step(f"params[{i}] {name}", params[i][slot], h)
            g, n = _differences(f_slot, xc, step, f"params[{i}] {name}")
            pair_grads.append(g)
            pair_noise.append(n)
        grads.append(tuple(pair_grads))
        noise.append(tuple(pair_noise))
    return grads, noise


def _check_pairs(name: str, pairs) -> list:
    """A list of (W, b) pairs as float64 copies; TypeError/ValueError naming the entry."""
    if not isinstance(pairs, (list, tuple)) or not pairs:
        raise TypeError(
            f"{name} must be a non-empty list of (W, b) pairs, got {v._describe(pairs)}"
        )
    checked = []
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"{name}[{i}] must be a pair (W, b), got {v._describe(pair)}")
        checked.append(
            (v.real_array(f"{name}[{i}] W", pair[0]), v.real_array(f"{name}[{i}] b", pair[1]))
        )
    return checked


# ------------------------------------------------------------------ the steps, checked


def _differences(evaluate, xc, h, xname):
    """The centred quotient at every entry of xc; ``evaluate(t, where)`` gives f(t) as a float."""
    grad, noise = np.zeros_like(xc), np.zeros_like(xc)
    flat, g, n = xc.reshape(-1), grad.reshape(-1), noise.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        plus, minus = _Point(xname, xc.shape, i, h, "+"), _Point(xname, xc.shape, i, h, "-")
        # numpy's overflow inside f gives inf, which the checks below name with the point
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            flat[i] = old + h
            f_plus = evaluate(xc if xc.ndim else float(flat[0]), plus)
            flat[i] = old - h
            f_minus = evaluate(xc if xc.ndim else float(flat[0]), minus)
            flat[i] = old
        g[i] = quotient = (f_plus - f_minus) / (2 * h)  # centred: error O(h^2), not O(h)
        if not math.isfinite(quotient):  # Python floats overflow to inf without a warning
            raise ValueError(
                f"the difference quotient (f(x + h e_i) - f(x - h e_i)) / 2h at {plus} "
                f"overflows float64: f gives {f_plus!r} and {f_minus!r} there"
            )
        n[i] = 4 * EPS * (abs(f_plus) / 2 + abs(f_minus) / 2) / h
    return grad, noise


class _Point:
    """Where f was evaluated, e.g. "x + h e_3 (entry (1, 0) of x, h = 1e-05)", for errors.

    Written out only when an error names it: formatting it for each of thousands of
    entries cost more than some functions being differentiated (issue 15).
    """

    __slots__ = ("xname", "shape", "i", "h", "sign")

    def __init__(self, xname, shape, i, h, sign):
        self.xname, self.shape, self.i, self.h, self.sign = xname, shape, i, h, sign

    def __str__(self) -> str:
        if not self.shape:
            return f"{self.xname} {self.sign} h (h = {self.h:g})"
        index = tuple(int(k) for k in np.unravel_index(self.i, self.shape))
        return (
            f"{self.xname} {self.sign} h e_{self.i} (entry {index} of {self.xname}, h = {self.h:g})"
        )

    def __format__(self, spec) -> str:
        return format(str(self), spec)


def _callable(name: str, f) -> None:
    if not callable(f):
        raise TypeError(f"{name} must be callable (a function), got {v._describe(f)}")


def _point_and_step(xname: str, x, h):
    """x as a float64 copy and h as a float, with x +- 2h inside float64's range."""
    h = v.positive("h", h)
    xc = v.real_array(xname, x)
    largest = float(np.max(np.abs(xc), initial=0.0))
    if largest / 4 + h / 2 >= BIG / 4:  # |x| + 2h >= the largest float64, without overflow
        raise ValueError(
            f"h must be small enough that x + h and x - h stay within float64's range "
            f"(|{xname}| + 2h < {BIG:.3g}), got h = {h:g} with the largest |{xname}| = {largest:g}"
        )
    return xc, h


def _scalar(value, where) -> float:
    """f's value as a float, or a TypeError/ValueError naming f, the value and the point."""
    if type(value) is float or (type(value) is np.float64):  # the common case, quickly
        number = float(value)
    else:
        number = _number(value, where)
    if not math.isfinite(number):
        raise ValueError(
            f"f returned {number!r} at {where}: f must return a finite number at every point "
            "near x (find the step of f that produced it)"
        )
    return number


def _number(value, where) -> float:
    """A value that is not a float as a float, or a TypeError/ValueError naming the point."""

    def wrong():
        return TypeError(
            f"f must return a single real number, but at {where} it returned {v._describe(value)}"
        )

    is_complex = isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)) or is_complex:
        raise wrong()
    try:
        shape = np.shape(value)
    except Exception:  # an object that cannot even say its shape
        shape = None
    if shape != () or (isinstance(value, np.ndarray) and value.dtype.kind not in "iuf"):
        raise wrong()
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"f returned a number too large for a float64 at {where}") from None
    except (TypeError, ValueError):
        raise wrong() from None


def _array(value, where: str) -> np.ndarray:
    """f's array as float64, or a TypeError/ValueError naming f, the problem and the point."""
    try:
        arr = np.asarray(value)
        ok = arr.dtype.kind in "iuf" and not isinstance(value, (bool, np.bool_))
    except Exception:
        ok = False
    if not ok:
        raise TypeError(
            f"f must return an array of real numbers, but at {where} it returned "
            f"{v._describe(value)}"
        )
    arr = np.asarray(arr, dtype=np.float64)
    if not np.isfinite(arr).all():
        bad = "NaN" if np.isnan(arr).any() else "an infinite value"
        raise ValueError(f"f returned an array with {bad} at {where}: f must stay finite near x")
    return arr
