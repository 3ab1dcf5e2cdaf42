"""The machinery behind every checker: call the learner's code safely, compare, explain.

A checker runs the learner's function on a few fixed cases (points and shapes), compares
each output with a reference and, when they differ, with *mutants* of the reference: the
same computation with one known mistake (a missing f'(z), a flipped sign, ...). The mutant
that reproduces the learner's numbers names the mistake. Nothing here raises on a wrong
answer: exceptions thrown by the learner's code become part of the explanation.

Numeric only (numpy); the SymPy side lives in ``_derive``. ``_guard`` runs the learner's
code (no escape, no warning, a time limit); ``_convert`` reads what it returned.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ._convert import Malformed, kind, to_array
from ._guard import TimeLimit, error_text, is_untouched_blank, run

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


@dataclass
class Outcome:
    """One call of a function on one case."""

    values: tuple | None = None  # one float64 array per output (None: not in this case)
    error: str | None = None  # a readable exception, if it raised
    malformed: str | None = None  # a structural problem with what it returned
    not_attempted: bool = False  # the untouched blank
    returned_none: bool = False  # did work, but returned None (printed, say)
    timed_out: bool = False
    mutated: tuple = ()  # names of arguments it changed in place
    low_precision: tuple = ()  # indices of the outputs computed in float32


@dataclass
class Exercise:
    """An implement-exercise: the function to write, how to call it and what to expect.

    ``cases`` holds the arguments of each call (a dict, passed positionally in order).
    ``reference`` and every mistake's ``fn`` take the same arguments and return the
    outputs named in ``outputs``. ``batch_size(case)`` gives N for the sum/mean heuristic.
    ``unpack(raw, outputs, like)`` splits a return value into one item per output (``like``
    holds the reference's values for the case, None when unpacking the reference itself).
    ``by_hand`` marks numbers worked out by hand (a rounding diagnosis applies).
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
    by_hand: bool = False
    wrong_form: str = "Your function's return value has the wrong form"
    _cache: dict = field(default_factory=dict, repr=False)

    def outcomes(self, key: str, fn: Callable) -> list:
        """Outcomes of a reference or mutant on every case, computed once."""
        if key not in self._cache:
            self._cache[key] = [call(fn, case, self) for case in self.cases]
        return self._cache[key]


# --------------------------------------------------------------------------- calling


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - anything odd counts as changed
        return False


def _default_unpack(raw, outputs, like=None):
    if len(outputs) == 1:
        return (raw,)
    if not isinstance(raw, (tuple, list)):
        raise Malformed(
            f"it returned {kind(raw)}, but should return {len(outputs)} values: "
            f"{', '.join(outputs)} (for example `return {', '.join(outputs)}`)"
        )
    if len(raw) != len(outputs):
        raise Malformed(
            f"it returned {len(raw)} values, but should return {len(outputs)}: "
            f"{', '.join(outputs)}, in that order"
        )
    return tuple(raw)


def _is_placeholder(raw) -> bool:
    if raw is None or raw is Ellipsis:
        return True
    if type(raw) in (tuple, list) and raw and all(_is_placeholder(r) for r in raw):
        return True
    return False


def _has_array_input(case: dict) -> bool:
    return any(isinstance(v, np.ndarray) and v.ndim > 0 for v in case.values())


def call(fn: Callable, case: dict, ex: Exercise, like: tuple | None = None) -> Outcome:
    """Call ``fn`` on a copy of ``case``'s arguments; never raises (but KeyboardInterrupt).

    ``like`` holds the reference's values for this case: the learner's outputs are read
    against them (a list where an array is expected is refused). None for trusted code.
    """
    args = copy.deepcopy(case)
    raw, exc = run(fn, tuple(args.values()), limited=like is not None)
    if isinstance(exc, NotImplementedError):
        return Outcome(not_attempted=True)
    if exc is not None:
        return Outcome(error=error_text(exc), timed_out=isinstance(exc, TimeLimit))
    mutated = tuple(k for k in case if not _same(args[k], case[k]))
    try:
        if _is_placeholder(raw):
            blank = is_untouched_blank(fn)
            return Outcome(not_attempted=blank, returned_none=not blank, mutated=mutated)
        items = (ex.unpack or _default_unpack)(raw, ex.outputs, like)
        values, low = [], []
        for i, (name, item) in enumerate(zip(ex.outputs, items, strict=True)):
            ref = None if like is None else like[i]
            if item is None and ref is None:
                values.append(None)  # an output this case does not have (a layer)
                continue
            arr, is_low = to_array(name, item, ref, not _has_array_input(case))
            values.append(arr)
            if is_low:
                low.append(i)
    except Malformed as problem:
        return Outcome(malformed=str(problem), mutated=mutated)
    except Exception as problem:  # noqa: BLE001 - a hostile object met while unpacking
        return Outcome(malformed=f"it could not be read ({error_text(problem)})", mutated=mutated)
    return Outcome(values=tuple(values), mutated=mutated, low_precision=tuple(low))


# --------------------------------------------------------------------------- registry


def answers(
    *names: str,
    kind: str = "function",
    outputs: tuple = (),
    rtol=1e-6,
    atol=1e-10,
    returns=None,
):
    """Label a checker with what it checks, for the tests and for instructors' tools.

    ``names`` are the notebook variables it takes (as in ``notebooks/solutions/``);
    ``kind`` is "function", "values" (numbers by hand), "expression" (SymPy) or
    "prediction"; ``outputs`` names what it compares; ``rtol``/``atol`` its tolerance.
    ``returns`` mirrors the return value with output names, e.g. ``[("W1", "b1"), ("W2",
    "b2")]`` for a list of pairs; by default the one output, or the tuple of outputs.
    """

    def label(checker):
        checker.answers, checker.kind, checker.outputs = names, kind, tuple(outputs)
        checker.rtol, checker.atol = rtol, atol
        default = outputs[0] if len(outputs) == 1 else tuple(outputs)
        checker.returns = default if returns is None else returns
        return checker

    return label
