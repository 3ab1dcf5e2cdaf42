"""Reading one output the learner returned: the right kind of thing, or a message why not.

:func:`to_array` turns a returned item into a float64 array, or raises :class:`Malformed`
with a message that names the output and says what it is instead. It never calls an
unknown object's ``__array__``, ``__len__`` or ``__iter__`` (any of which may raise, loop
or hang), and refuses rather than casts:

- None, a truth value (bool, or an array of them), a string, a dict or set, a generator;
- a complex number or array, even with a zero imaginary part (the answers are real);
- an array of Python objects (dtype=object), a float16 array (3 digits are too few);
- a list or tuple where an array is expected (a list has no shape to check) or where a
  single number is expected;
- a tensor of another library (torch, ...), named as such.

Accepted: numpy arrays of integers or floats (float32 is flagged, and compared within
float32's precision), and, where the reference is a single number, any real number (int,
float, numpy scalar, Fraction, Decimal, a real SymPy number) or a 0-d array. An array of shape
(1,) counts as a single number only where that is unambiguous: when no input of the case
is an array, so the (1,) cannot be a per-example result of a batch of one.
"""

from __future__ import annotations

import decimal
import numbers
from collections.abc import Iterator

import numpy as np

from ._guard import safe_text


class Malformed(Exception):
    """The learner's return value has the wrong structure or kind; the message says how."""


def kind(value) -> str:
    """A few words for what ``value`` is: "None", "an array of shape (3,)", "a list"."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (bool, np.bool_)):
        return f"{value!r} (a truth value)"
    if isinstance(value, (numbers.Number, np.number)):
        return "a single number"
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__}"
    return f"an object of type {type(value).__name__}"


def _tensor_like(item) -> bool:
    module = type(item).__module__ or ""
    return module.split(".")[0] in {"torch", "tensorflow", "jax", "jaxlib", "cupy"} or (
        hasattr(type(item), "detach") and hasattr(type(item), "numpy")
    )


def _real_number(name: str, item) -> np.ndarray:
    try:
        value = float(item)
    except OverflowError:
        raise Malformed(f"{name} is a number too large for a float (above 1.8e308)") from None
    except Exception as exc:  # noqa: BLE001 - a learner's number type may raise anything
        raise Malformed(
            f"{name} could not be read as a number ({type(exc).__name__}: {safe_text(exc, 80)})"
        ) from None
    return np.asarray(value, dtype=np.float64)


def _from_array(name: str, item: np.ndarray) -> tuple[np.ndarray, bool]:
    dt = item.dtype
    if dt.kind == "b":
        raise Malformed(
            f"{name} is an array of truth values (dtype=bool), from a comparison such as "
            "`a > b`: return the numbers themselves"
        )
    if dt.kind == "c":
        raise Malformed(
            f"{name} is complex (dtype={dt}): the answer is real. Complex values come from 1j, "
            "cmath or np.lib.scimath, or from a complex input; compute with real numbers"
        )
    if dt.kind == "O":
        raise Malformed(
            f"{name} is an array of Python objects (dtype=object), not of numbers. That comes "
            "from np.array of a list of arrays of different shapes, or of SymPy expressions"
        )
    if dt.kind not in "fiu":
        raise Malformed(f"{name} should hold numbers, but its dtype is {dt}")
    if dt == np.float16:
        raise Malformed(
            f"{name} is float16, which keeps only about 3 significant digits: use float64 "
            "(numpy's default)"
        )
    low = dt.kind == "f" and dt.itemsize < 8
    return np.array(item, dtype=np.float64), low


def to_array(name: str, item, like: np.ndarray | None, one_is_scalar: bool):
    """``(float64 array, computed_in_float32)`` for the output ``name``, or raise Malformed.

    ``like`` is the reference's value for this output (None for the reference itself),
    and ``one_is_scalar`` whether shape (1,) may stand for a single number here.
    """
    wants_array = like is not None and like.ndim > 0
    if item is None:
        raise Malformed(f"{name} is None: compute it and return it")
    if isinstance(item, (bool, np.bool_)):
        raise Malformed(f"{name} is {item!r}, a truth value: return the number itself")
    if isinstance(item, (str, bytes)):
        raise Malformed(
            f"{name} is a string ({safe_text(repr(item), 30)}): return the number itself, "
            "without quotes"
        )
    if isinstance(item, (complex, np.complexfloating)):
        raise Malformed(
            f"{name} is a complex number ({safe_text(item, 40)}): the answer is real. Complex "
            "values come from 1j, cmath, or a negative number to a fractional power"
        )
    if isinstance(item, np.ndarray):
        arr, low = _from_array(name, item)
        if like is not None and like.ndim == 0 and arr.shape == (1,) and one_is_scalar:
            arr = arr.reshape(())
        return arr, low
    if isinstance(item, (numbers.Real, decimal.Decimal, np.integer, np.floating)):
        return _real_number(name, item), isinstance(item, np.float32)
    if type(item).__module__.split(".")[0] == "sympy":
        if getattr(item, "is_number", False) and getattr(item, "is_real", False):
            return _real_number(name, item), False
        raise Malformed(
            f"{name} is a SymPy {type(item).__name__}, not a number: here the function "
            "computes numbers (with numpy), not expressions"
        )
    if isinstance(item, (list, tuple)):
        if wants_array:
            raise Malformed(
                f"{name} is a {type(item).__name__}, but should be a numpy array of shape "
                f"{like.shape}: a {type(item).__name__} has no shape to check. Build it with "
                "numpy operations (or np.array(...))"
            )
        raise Malformed(f"{name} is a {type(item).__name__}, but should be a single number")
    if isinstance(item, (dict, set, frozenset)):
        raise Malformed(f"{name} is a {type(item).__name__}: return the numbers themselves")
    if isinstance(item, Iterator):
        raise Malformed(
            f"{name} is a {type(item).__name__}, not numbers: `(... for ...)` makes a "
            "generator; build an array instead (np.array([... for ...]) with square brackets)"
        )
    if _tensor_like(item):
        raise Malformed(
            f"{name} is a {type(item).__name__} from {type(item).__module__.split('.')[0]}: "
            "these exercises use numpy, so return a numpy array (t.detach().numpy())"
        )
    raise Malformed(f"{name} should be a number or a numpy array, got {kind(item)}")
