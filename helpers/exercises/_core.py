"""The machinery behind every checker: call the learner's code safely, compare, explain.

A checker runs the learner's function on a few fixed cases (points and shapes), compares
each output with a reference and, when they differ, with *mutants* of the reference: the
same computation with one known mistake (a missing f'(z), a flipped sign, ...). The mutant
that reproduces the learner's numbers names the mistake. Nothing here raises on a wrong
answer: exceptions thrown by the learner's code become part of the explanation.

Numeric only (numpy); the SymPy side lives in ``_derive``.
"""

from __future__ import annotations

import copy
import sysconfig
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

NOT_ATTEMPTED = "Not attempted yet: fill in the blank above, then run this cell again."


@dataclass
class Result:
    """What a checker found. Shows itself as plain text in a notebook.

    Attributes
    ----------
    title : str
        The exercise, e.g. ``"Exercise 3: neuron_backward"``.
    correct : bool
        True only when every output matched the reference everywhere.
    diagnosis : str
        Plain words: correct, not attempted, or what is wrong, by how much and why.
    attempted : bool
        False while the learner's blank still returns its placeholder.
    mistakes : tuple of str
        Keys of the recognised mistakes (e.g. ``"sign_error"``), for tests.
    """

    title: str
    correct: bool
    diagnosis: str
    attempted: bool = True
    mistakes: tuple = ()

    def __str__(self) -> str:
        mark = "✔" if self.correct else ("…" if not self.attempted else "✘")
        return f"{mark} {self.title}\n{self.diagnosis}"

    def _repr_pretty_(self, p, cycle):  # how IPython shows it
        p.text(str(self))


@dataclass(frozen=True)
class Mistake:
    """A known mistake: its key, what to tell the learner, and a mutant that makes it."""

    key: str
    explanation: str
    fn: Callable


class Malformed(Exception):
    """Raised by an unpacker when the learner's return value has the wrong structure."""


@dataclass
class Outcome:
    """One call of a function on one case."""

    values: tuple | None = None  # one float64 array per output
    error: str | None = None  # a readable exception, if it raised
    malformed: str | None = None  # a structural problem with what it returned
    not_attempted: bool = False
    mutated: tuple = ()  # names of arguments it changed in place


@dataclass
class Exercise:
    """An implement-exercise: the function to write, how to call it and what to expect.

    ``cases`` holds the arguments of each call (a dict, passed positionally in order).
    ``reference`` and every mistake's ``fn`` take the same arguments and return the
    outputs named in ``outputs``. ``batch_size(case)`` gives N for the sum/mean heuristic.
    """

    title: str
    outputs: tuple
    reference: Callable
    cases: list
    mistakes: list
    reference_name: str = "the reference"
    unpack: Callable | None = None
    rtol: float = 1e-6
    atol: float = 1e-10
    batch_size: Callable | None = None
    correct_text: str | None = None
    shape_hint: str = ""
    describe: Callable | None = None
    cases_text: str | None = None
    blank_text: str = NOT_ATTEMPTED
    _cache: dict = field(default_factory=dict, repr=False)

    def outcomes(self, key: str, fn: Callable) -> list:
        """Outcomes of a reference or mutant on every case, computed once."""
        if key not in self._cache:
            self._cache[key] = [call(fn, case, self) for case in self.cases]
        return self._cache[key]


# --------------------------------------------------------------------------- calling


def _snapshot(obj):
    return copy.deepcopy(obj)


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - anything odd counts as changed
        return False


_LIBRARY_PATHS = (
    "site-packages",
    "dist-packages",
    str(Path(__file__).resolve().parent.parent),  # the helpers package
    sysconfig.get_paths()["stdlib"],
)


def _error_text(exc: BaseException, fn: Callable) -> str:
    """``TypeError: message`` plus the learner's line that raised, without file names."""
    text = f"{type(exc).__name__}: {exc}".strip()
    # The deepest frame in the learner's own code: not numpy's, SymPy's nor this package's.
    frames = traceback.extract_tb(exc.__traceback__)[1:]
    mine = [f for f in frames if not any(p in f.filename for p in _LIBRARY_PATHS)]
    if mine and mine[-1].line:
        text += f"\n    in the line: {mine[-1].line.strip()}"
    return text


def _default_unpack(raw, outputs):
    if len(outputs) == 1:
        return (raw,)
    if not isinstance(raw, (tuple, list)):
        raise Malformed(
            f"it returned {_kind(raw)}, but should return {len(outputs)} values: "
            f"{', '.join(outputs)} (for example `return {', '.join(outputs)}`)"
        )
    if len(raw) != len(outputs):
        raise Malformed(
            f"it returned {len(raw)} values, but should return {len(outputs)}: "
            f"{', '.join(outputs)}, in that order"
        )
    return tuple(raw)


def _kind(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, (int, float, np.floating, np.integer)):
        return "a single number"
    return f"a {type(value).__name__}"


def _is_placeholder(raw) -> bool:
    if raw is None or raw is Ellipsis:
        return True
    if isinstance(raw, (tuple, list)) and raw and all(_is_placeholder(r) for r in raw):
        return True
    return False


def _as_array(name: str, item) -> np.ndarray:
    if item is None:
        raise Malformed(f"{name} is None: compute it and return it")
    try:
        arr = np.asarray(item, dtype=np.float64)
    except (TypeError, ValueError):
        raise Malformed(
            f"{name} should be a number or an array of numbers, got {_kind(item)}"
        ) from None
    return arr


def call(fn: Callable, case: dict, ex: Exercise) -> Outcome:
    """Call ``fn`` on a copy of ``case``'s arguments; never raises."""
    args = _snapshot(case)
    before = _snapshot(case)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            raw = fn(*args.values())
    except NotImplementedError:
        return Outcome(not_attempted=True)
    except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
        return Outcome(error=_error_text(exc, fn))
    mutated = tuple(k for k in case if not _same(args[k], before[k]))
    if _is_placeholder(raw):
        return Outcome(not_attempted=True, mutated=mutated)
    try:
        items = (ex.unpack or _default_unpack)(raw, ex.outputs)
        values = tuple(_as_array(n, it) for n, it in zip(ex.outputs, items, strict=True))
    except Malformed as exc:
        return Outcome(malformed=str(exc), mutated=mutated)
    return Outcome(values=values, mutated=mutated)
