"""Running the learner's code so that nothing escapes, warns or hangs.

:func:`run` calls a function and hands back what it returned or what it raised, never
raising itself, with warnings and numpy's floating-point warnings silenced and a time
limit of :data:`TIME_LIMIT` seconds.

What is caught: every exception the learner's code raises, including ``BaseException``
subclasses such as ``SystemExit`` (a stray ``exit()`` or ``sys.exit()`` inside the
function), ``GeneratorExit`` and the time limit's own exception. Only
``KeyboardInterrupt`` goes through: pressing the kernel's stop button must stop the check.

The time limit: in the main thread (where a Jupyter kernel runs its cells) a SIGALRM
timer (``signal.setitimer``) interrupts the call, even in ``time.sleep`` or a long loop.
Off the main thread, where signals cannot be used, a watchdog thread raises the same
exception inside the calling thread (``PyThreadState_SetAsyncExc``). Either way the stop
comes again every ``TIME_LIMIT / 2`` seconds, in case the learner's code swallows it with a
bare ``except:`` and goes on (a bare ``except:`` inside an endless loop swallows every stop,
as it would the kernel's interrupt). It cannot cut a single long numpy call short: it takes
effect when that call returns. The previous SIGALRM handler (and any timer that was running) is
restored afterwards, so the kernel stays usable.

:func:`is_untouched_blank` reads a function's bytecode to tell the notebook's untouched
blank (a body of only a docstring, comments and ``return None`` or ``x = None`` lines)
from a function that did some work and then returned None (it printed, say).
"""

from __future__ import annotations

import ctypes
import dis
import inspect
import signal
import sysconfig
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np

TIME_LIMIT = 10.0  # seconds one call of the learner's function may take


class TimeLimit(BaseException):  # noqa: N818 - not an error of the learner's, a stop
    """Raised inside the learner's function when it runs past :data:`TIME_LIMIT`."""


def limit_text() -> str:
    """The message for a call stopped by the time limit."""
    return (
        f"Your function was still running after {TIME_LIMIT:g} s, so I stopped it. The "
        "usual cause is a loop that never ends (a `while` whose condition stays true, or a "
        "counter that is never increased); these exercises take well under a second."
    )


# --------------------------------------------------------------------------- time limit


@contextmanager
def _alarm(seconds: float):
    """Raise TimeLimit in the main thread after ``seconds``, by SIGALRM."""

    def handler(signum, frame):
        raise TimeLimit

    old = signal.signal(signal.SIGALRM, handler)
    old_timer, start = signal.setitimer(signal.ITIMER_REAL, seconds, seconds / 2), time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
        if old_timer[0] > 0:  # someone else's timer was running: let it go on
            left = max(old_timer[0] - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, old_timer[1])


@contextmanager
def _watchdog(seconds: float):
    """Raise TimeLimit in this (non-main) thread after ``seconds``, from a timer thread."""
    target, lock, done = threading.get_ident(), threading.Lock(), threading.Event()

    def fire():
        wait = seconds
        while not done.wait(wait):  # again and again, until the call is over
            with lock:
                if not done.is_set():
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(target), ctypes.py_object(TimeLimit)
                    )
            wait = seconds / 2

    watchdog = threading.Thread(target=fire, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            done.set()


def _time_limit(seconds: float):
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _alarm(seconds)
    if hasattr(ctypes, "pythonapi"):
        return _watchdog(seconds)
    return _no_limit()


@contextmanager
def _no_limit():
    yield


# --------------------------------------------------------------------------- calling


def run(fn: Callable, args: tuple, limited: bool = True):
    """Call ``fn(*args)``: (returned value, None), or (None, the exception it raised).

    Never raises except KeyboardInterrupt; emits no warning; stops after TIME_LIMIT when
    ``limited`` (the checker's own references and mutants run without a limit).
    """
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            with _time_limit(TIME_LIMIT) if limited else _no_limit():
                return fn(*args), None
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - see the module's docstring
            return None, exc


def safe_text(obj, limit: int = 200) -> str:
    """``str(obj)``, shortened, and never raising (a learner's ``__str__`` may)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = str(obj)
    except Exception:  # noqa: BLE001
        text = f"<a {type(obj).__name__} that cannot be shown>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


_LIBRARY_PATHS = (
    "site-packages",
    "dist-packages",
    str(Path(__file__).resolve().parent.parent),  # the helpers package
    sysconfig.get_paths()["stdlib"],
)


def error_text(exc: BaseException) -> str:
    """``TypeError: message`` plus the learner's line that raised, without file names."""
    if isinstance(exc, TimeLimit):
        return limit_text()
    text = f"{type(exc).__name__}: {safe_text(exc)}".strip().rstrip(":")
    try:
        # The deepest frame in the learner's own code: not numpy's, SymPy's nor ours.
        frames = traceback.extract_tb(exc.__traceback__)[1:]
        mine = [f for f in frames if not any(p in f.filename for p in _LIBRARY_PATHS)]
        if mine and mine[-1].line:
            text += f"\n    in the line: {mine[-1].line.strip()}"
    except Exception:  # noqa: BLE001 - a traceback we cannot read: the message alone
        pass
    if isinstance(exc, SystemExit):
        text += "\n    (exit() or sys.exit() ends the program; a function should return.)"
    return text


# --------------------------------------------------------------------------- blanks

_BLANK_OPS = {
    "RESUME",
    "NOP",
    "CACHE",
    "LOAD_CONST",
    "RETURN_CONST",
    "STORE_FAST",
    "LOAD_FAST",
    "LOAD_FAST_CHECK",
    "LOAD_FAST_LOAD_FAST",
    "STORE_FAST_STORE_FAST",
    "STORE_FAST_LOAD_FAST",
    "BUILD_TUPLE",
    "BUILD_LIST",
    "POP_TOP",
    "RETURN_VALUE",
}


def _placeholder_constant(value) -> bool:
    if isinstance(value, tuple):
        return all(_placeholder_constant(v) for v in value)
    return value is None or value is Ellipsis


def is_untouched_blank(fn) -> bool:
    """Is ``fn`` the notebook's blank as handed out: only None placeholders, no work?

    True for a body of a docstring, comments, ``name = None`` lines and a ``return`` of
    None or of those names; False for anything that calls, computes or reads an argument.
    """
    code = getattr(fn, "__code__", None)
    if code is None or not inspect.iscode(code):
        return False
    n_args = code.co_argcount + code.co_kwonlyargcount
    n_args += bool(code.co_flags & inspect.CO_VARARGS) + bool(
        code.co_flags & inspect.CO_VARKEYWORDS
    )
    arguments = set(code.co_varnames[:n_args])
    try:
        for ins in dis.get_instructions(code):
            if ins.opname not in _BLANK_OPS:
                return False
            if ins.opname in ("LOAD_CONST", "RETURN_CONST") and not _placeholder_constant(
                ins.argval
            ):
                return False
            if ins.opname.startswith("LOAD_FAST"):
                names = ins.argval if isinstance(ins.argval, tuple) else (ins.argval,)
                if arguments.intersection(names):
                    return False
    except Exception:  # noqa: BLE001 - unreadable bytecode: not the blank
        return False
    return True
