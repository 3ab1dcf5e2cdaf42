"""Saying where an output is wrong, and how much of the answer to give away.

Numbers are written with :func:`num` (4 significant digits, "0" never "-0", "nan" and
"inf" spelled out) and shares with :func:`share` ("12%", "0.034%", "less than 0.01%",
never "0%" nor "nan%").

Hints escalate: the first wrong tries at an exercise say *where* and *what* is wrong and
the likely mistake, but show no expected value. Expected values appear when the learner
asks (``reveal=True``) or from the :data:`REVEAL_AFTER`-th wrong try on. The count is kept
per exercise in this module, for the kernel's lifetime; :func:`reset_tries` clears it.
"""

from __future__ import annotations

import numpy as np

REVEAL_AFTER = 3  # the wrong try from which expected values are shown unasked

_wrong_tries: dict[str, int] = {}


def reset_tries(title: str | None = None) -> None:
    """Forget the wrong tries at one exercise (by its title), or at all of them."""
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be an exercise's title (a str) or None, got {title!r}")
    if title is None:
        _wrong_tries.clear()
    else:
        _wrong_tries.pop(title, None)


def count_wrong_try(title: str) -> int:
    """Count one more wrong try at ``title``; returns how many there have been."""
    _wrong_tries[title] = _wrong_tries.get(title, 0) + 1
    return _wrong_tries[title]


def hidden_note(tries: int) -> str:
    """The line that says expected values are hidden, and how to see them."""
    left = REVEAL_AFTER - tries
    later = "on your next wrong try" if left == 1 else f"after {left} more wrong tries"
    return (
        "Expected values are hidden for now, so you can find the fix yourself: add "
        f"reveal=True to the check to see them (they also appear {later})."
    )


# --------------------------------------------------------------------------- numbers


def num(x) -> str:
    """A number in 4 significant digits: "0.4378", "-1.5e-07", "0" (never "-0"), "nan"."""
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    return f"{x:.4g}"


def share(diff: float, scale: float) -> str:
    """``diff`` as a percentage of ``scale``: "12%", "0.034%", "less than 0.01%", or ""."""
    if not (np.isfinite(diff) and np.isfinite(scale)) or scale <= 0 or diff <= 0:
        return ""
    with np.errstate(all="ignore"):
        p = 100 * (diff / scale)  # not 100 * diff, which overflows at 1e307
    if not np.isfinite(p):
        return ""
    if p >= 1:
        return f"{p:.0f}%"
    if p >= 0.01:
        return f"{p:.2g}%"
    return "less than 0.01%"


def fmt(a: np.ndarray) -> str:
    """A short, deterministic rendering of a number or small array."""
    if a.size == 1:
        return num(a.reshape(-1)[0])
    return np.array2string(a, precision=4, threshold=6, edgeitems=2, max_line_width=90)


def describe_case(case: dict) -> str:
    """``x=0.5, w=0.2`` for numbers, ``X shape (4, 3)`` for arrays, names for the rest."""
    parts = []
    for k, val in case.items():
        if callable(val):
            parts.append(f"{k}={getattr(val, '__name__', 'a function')}")
        elif isinstance(val, (list, tuple)):
            shapes = ", ".join(str(tuple(np.shape(w))) for pair in val for w in pair)
            parts.append(f"{k} with shapes {shapes}")
        elif np.ndim(val) == 0:
            parts.append(f"{k}={num(val)}")
        else:
            parts.append(f"{k} shape {np.shape(val)}")
    return ", ".join(parts) if parts else "your numbers"


def _at(idx) -> str:
    return f" at index {tuple(int(i) for i in idx)}" if idx else ""


def how_far(mine: np.ndarray, ref: np.ndarray, where: str, name: str, show: bool = True) -> str:
    """One line: where ``name`` is wrong and, if ``show``, what was expected and how far."""
    if mine.shape != ref.shape:
        want = "be a single number" if ref.ndim == 0 else f"have shape {ref.shape}"
        got = "is a single number" if mine.ndim == 0 else f"has shape {mine.shape}"
        return f"{name} {got} but should {want} (with {where})."
    bad = ~np.isfinite(mine)
    if bad.any():
        idx = np.unravel_index(int(np.argmax(bad)), bad.shape) if bad.ndim else ()
        what = num(mine[idx])
        cause = (
            "NaN (not a number) comes from 0/0, inf - inf or the log or square root of a "
            "negative number"
            if what == "nan"
            else "An infinite value comes from an overflow (np.exp of a large number) or a "
            "division by 0"
        )
        return f"{name} with {where}: you give {what}{_at(idx)}. {cause}."
    with np.errstate(all="ignore"):
        diff = np.abs(mine - ref)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    if not show:
        wrong = int(np.sum(~np.isclose(mine, ref, rtol=1e-6, atol=1e-12)))
        count = f" ({wrong} of {mine.size} entries are wrong)" if mine.size > 1 else ""
        return f"{name} with {where}: you give {num(mine[idx])}{_at(idx)}, which is wrong{count}."
    d = float(diff[idx])
    part = share(d, max(abs(float(ref[idx])), abs(float(mine[idx]))))
    return (
        f"{name} with {where}: you give {num(mine[idx])}{_at(idx)}, expected "
        f"{num(ref[idx])} (off by {num(d)}{', ' + part + ' of the larger' if part else ''})."
    )
