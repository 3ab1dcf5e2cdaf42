"""The checkers never let the learner's code escape, warn or hang.

Whatever a learner's function returns or raises, every checker returns a Result with a
plain message and emits no warning. A function that runs past the time limit is stopped
(the tests lower the limit to a fraction of a second; no test measures wall-clock time),
and the kernel's SIGALRM handler and timer are left as they were. The untouched blanks of
the notebooks give their committed "Not attempted yet" output, byte for byte.
"""

import ast
import decimal
import fractions
import json
import signal
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from helpers import exercises as E
from helpers.exercises import _guard

ALL = [getattr(E, n) for n in E.__all__ if n.startswith("check_") and n != "check_prediction"]
FUNCTIONS = [c for c in ALL if c.kind == "function"]
ANSWERS = [c for c in ALL if c.kind == "expression"]
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@pytest.fixture(autouse=True)
def _fresh_tries():
    E.reset_tries()
    yield
    E.reset_tries()


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(_guard, "TIME_LIMIT", 0.2)


def plain(result):
    """A Result with a readable, non-empty message, and no traceback or address in it."""
    assert isinstance(result, E.Result)
    assert isinstance(result.diagnosis, str) and result.diagnosis.strip()
    assert "Traceback" not in result.diagnosis and " at 0x" not in result.diagnosis
    assert not result.correct
    return result


def quietly(thunk):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = thunk()
    assert caught == [], [str(w.message) for w in caught]
    return result


# ------------------------------------------------------------------ hostile return values


class ArrayRaises:
    def __array__(self, *a, **k):
        raise RuntimeError("no array for you")

    def __len__(self):
        raise RuntimeError("no length either")

    def __iter__(self):
        raise RuntimeError("nor iteration")


class FloatRaises(float):
    def __float__(self):
        raise ValueError("no float")


class EqRaises:
    def __eq__(self, other):
        raise RuntimeError("no comparison")

    def __bool__(self):
        raise RuntimeError("no truth")

    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__


class Tensor:  # looks like torch.Tensor to a duck
    def detach(self):
        return self

    def numpy(self):
        return np.zeros(3)


class TupleLenRaises(tuple):
    def __len__(self):
        raise RuntimeError("length refused")


def generator():
    yield from range(3)


HOSTILE = {
    "array raises": lambda: ArrayRaises(),
    "float raises": lambda: FloatRaises(1.0),
    "eq raises": lambda: EqRaises(),
    "generator": generator,
    "tensor": lambda: Tensor(),
    "1e308": lambda: 1e308,
    "array of 1e308": lambda: np.full(3, 1e308),
    "nan": lambda: float("nan"),
    "inf": lambda: -np.inf,
    "nan array": lambda: np.full((2, 2), np.nan),
    "big int": lambda: 10**400,
    "Decimal": lambda: decimal.Decimal("0.5"),
    "Fraction": lambda: fractions.Fraction(1, 3),
    "bytes": lambda: b"0.5",
    "set": lambda: {1.0},
    "complex": lambda: 1 + 2j,
    "np.bool_": lambda: np.bool_(True),
    "matrix": lambda: np.matrix([[1.0, 2.0]]),
    "string array": lambda: np.array(["a", "b"]),
    "datetime array": lambda: np.array(["2020-01-01"], dtype="datetime64[D]"),
    "float16": lambda: np.zeros(3, dtype=np.float16),
    "ragged": lambda: [np.zeros(2), np.zeros(3)],
    "nested tuple": lambda: ((1.0,), ((2.0,),)),
    "tuple len raises": lambda: TupleLenRaises((1.0, 2.0)),
    "SymPy symbol": lambda: sp.Symbol("x"),
    "SymPy number": lambda: sp.Float(0.5),
    "a function": lambda: print,
    "self": lambda: HOSTILE,
}


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("label", HOSTILE)
def test_any_return_value_gives_a_plain_result_and_no_warning(checker, label):
    make = HOSTILE[label]
    plain(quietly(lambda: checker(lambda *args: make())))
    plain(quietly(lambda: checker(lambda *args: (make(), make()))))


@pytest.mark.parametrize("checker", ANSWERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("label", HOSTILE)
def test_any_answer_gives_a_plain_result_and_no_warning(checker, label):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # np.matrix warns when made, not when checked
        value = HOSTILE[label]()
    plain(quietly(lambda: checker(value)))


@pytest.mark.parametrize("label", HOSTILE)
def test_any_number_by_hand_or_prediction_gives_a_plain_result(label):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = HOSTILE[label]()
    result = quietly(lambda: E.check_forward_numbers(value, 0.4378, 0.09584))
    assert isinstance(result.diagnosis, str) and "Traceback" not in result.diagnosis
    result = quietly(lambda: E.check_prediction("06_decay", value, "about 37%", "numbers"))
    assert isinstance(result.diagnosis, str) and not result.correct


def test_real_number_types_are_accepted_where_a_number_is_expected():
    third = decimal.Decimal("-0.25")
    assert E.check_forward_numbers(third, 0.4378, fractions.Fraction(9584, 100000)).correct
    assert E.check_forward_numbers(-0.25, np.float64(0.4378), np.array([0.09584])).correct


def test_complex_bool_and_huge_numbers_are_named():
    assert "complex" in E.check_forward_numbers(-0.25 + 0j, 0.4378, 0.09584).diagnosis
    assert "truth value" in E.check_forward_numbers(True, 0.4378, 0.09584).diagnosis
    assert "too large" in E.check_forward_numbers(10**400, 0.4378, 0.09584).diagnosis
    torch_like = E.check_neuron_backward(lambda *a: (Tensor(), Tensor()))
    assert "numpy array" in torch_like.diagnosis and "Tensor" in torch_like.diagnosis
    gen = E.check_centred_difference(lambda f, x, h: (v for v in x))
    assert "generator" in gen.diagnosis and "square brackets" in gen.diagnosis


# ------------------------------------------------------------------ hostile exceptions


class StrRaises(Exception):
    def __str__(self):
        raise RuntimeError("cannot show myself")


class Odd(BaseException):
    pass


RAISES = [
    ValueError("boom"),
    StrRaises(),
    SystemExit(3),
    GeneratorExit(),
    Odd("odd"),
    MemoryError(),
]


@pytest.mark.parametrize("exc", RAISES, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_any_exception_but_keyboard_interrupt_is_explained(checker, exc):
    def broken(*args):
        raise exc

    result = plain(quietly(lambda: checker(broken)))
    assert type(exc).__name__ in result.diagnosis


def test_sys_exit_is_explained_not_obeyed():
    result = E.check_gd_step(lambda *a: sys.exit())
    assert "SystemExit" in result.diagnosis and "should return" in result.diagnosis


def test_keyboard_interrupt_still_stops_the_check():
    def interrupted(*args):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        E.check_gd_step(interrupted)


# ------------------------------------------------------------------ the time limit


def endless(*args):
    n = 0
    while True:
        n += 1


def sleepy(*args):
    time.sleep(1000)


def stubborn(*args):
    """Swallows the first stop with a bare except, then loops again (and is stopped)."""
    try:
        endless()
    except BaseException:  # noqa: BLE001, S110 - a learner's bare except
        pass
    endless()


@pytest.mark.parametrize("slow", [endless, sleepy, stubborn])
@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_a_function_that_runs_too_long_is_stopped(checker, slow, short_limit):
    before = signal.getsignal(signal.SIGALRM)
    result = plain(checker(slow))
    assert result.mistakes == ("time_limit",)
    assert "still running after 0.2 s" in result.diagnosis
    assert "a loop that never ends" in result.diagnosis
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_kernel_stays_usable_after_a_stop(short_limit):
    E.check_gd_step(endless)
    assert not E.check_gd_step(lambda *a: None).correct
    solved = E.check_forward_and_loss(
        lambda x, w, b, t: (
            w * x + b,
            1 / (1 + np.exp(-(w * x + b))),
            0.5 * (1 / (1 + np.exp(-(w * x + b))) - t) ** 2,
        )
    )
    assert solved.correct, solved.diagnosis


def test_the_limit_is_stated_and_a_module_constant():
    assert E.TIME_LIMIT == _guard.TIME_LIMIT == 10.0
    assert "10 s" in _guard.limit_text()


@pytest.mark.parametrize("slow", [endless, stubborn])
def test_off_the_main_thread_a_watchdog_stops_the_loop(short_limit, slow):
    results = []
    worker = threading.Thread(target=lambda: results.append(E.check_gd_step(slow)))
    worker.start()
    worker.join(60)  # a safety net only: the watchdog ends it long before
    assert not worker.is_alive()
    assert results and results[0].mistakes == ("time_limit",)
    assert E.check_gd_step(lambda *a: None).diagnosis == E._core.NOT_ATTEMPTED


def test_a_timer_that_was_running_is_left_running(short_limit):
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 100.0)
        E.check_gd_step(endless)
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert fired == []


def test_a_stop_is_reported_once_not_once_per_case(short_limit):
    calls = []

    def counted(*args):
        calls.append(1)
        endless()

    E.check_batch_backward(counted)
    assert len(calls) == 1


# ------------------------------------------------------------------ the notebooks' blanks


def _exercise_cells(path):
    nb = json.loads(path.read_text())
    cells, inside = [], False
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and src.lstrip().startswith("## "):
            inside = src.lstrip().startswith("## Exercises")
        if inside and cell["cell_type"] == "code":
            cells.append(cell)
    return cells


def _committed_text(cell):
    texts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {}).get("text/plain") or out.get("text")
        if data:
            texts.append("".join(data))
    return "\n".join(texts)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][1-9]_*.ipynb")), ids=lambda p: p.stem)
def test_untouched_notebook_exercises_give_their_committed_output(path):
    """Run each notebook's exercise cells as handed out: the same text, byte for byte."""
    import helpers

    namespace = {"np": np, "sp": sp, "helpers": helpers}
    exec("from helpers import *", namespace)  # noqa: S102 - the notebooks' own imports
    checked = 0
    for cell in _exercise_cells(path):
        src = "".join(cell["source"])
        tree = ast.parse(src)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, path.name, "exec"), namespace)  # noqa: S102
        if last is None:
            continue
        value = eval(compile(ast.Expression(last.value), path.name, "eval"), namespace)  # noqa: S307
        if "exercises.check_" in ast.unparse(last):
            assert str(value) == _committed_text(cell), src
            checked += 1
    assert checked >= 3


def test_a_function_that_prints_is_told_to_return():
    def prints(x, w, b, y_true):
        z = w * x + b
        print(z)

    result = E.check_forward_and_loss(prints)
    assert result.attempted and result.mistakes == ("returned_none",)
    assert "returned None: did you print instead of return?" in result.diagnosis


@pytest.mark.parametrize("checker", FUNCTIONS, ids=lambda c: c.__name__)
def test_blanks_are_told_apart_from_work_that_returned_none(checker):
    def blank(*args):
        """Only a docstring, a comment and return None."""
        # your code here
        return None

    def half_blank(*args):
        first = None  # your code here
        second = None  # your code here
        return first, second

    def worked(*args):
        print(len(args))
        return None

    for untouched in (blank, half_blank, lambda *a: None):
        assert quietly(lambda f=untouched: checker(f)).diagnosis == E._core.NOT_ATTEMPTED
    result = checker(worked)
    assert result.attempted and "did you print instead of return?" in result.diagnosis
