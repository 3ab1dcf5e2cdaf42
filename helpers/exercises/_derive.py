"""Checking a derivation: the learner's SymPy expression against the reference and mutants.

An expression is compared by its *values* at a few points, with every symbol matched by
its name, so ``sp.Symbol("z")`` and ``sp.Symbol("z", real=True)`` count as the same
z, and equal expressions written differently (y(1 - y) or e^(-z)/(1 + e^(-z))^2) agree.
The numeric engine in ``_core`` then compares and explains, as for a function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ._core import Exercise, Mistake, Result
from ._diagnose import _names, check, describe_case


@dataclass
class Derivation:
    """A derive-exercise.

    Attributes
    ----------
    title : str
    name : str
        What the expression is, e.g. ``"dL/dz"``.
    reference : sympy expression, in symbols named as in ``points``
    points : list of dict, name -> float
        Where to compare; each holds every symbol the answer may use.
    mistakes : list of (key, explanation, expression)
    uses : str
        The symbols to write the answer in, for messages, e.g. ``"z and y_true"``.
    answer_text : str
        The answer in words and symbols, shown once it is right, e.g. ``"σ(z) - y_true"``.
    variables : tuple of str, optional
        The symbols the answer may use, e.g. ``("delta2", "w2", "z1")``: the only ones
        accepted and named in messages. Default: every name in ``points``. A point may hold
        more values than these, for the reference and the mutants only.
    tolerated : tuple of str
        Symbols the answer should not need but a known mistake uses (z2 for a slope taken
        at the wrong layer): accepted and compared, so that the mutant can name the mistake,
        but never named in messages. Their ``symbol_hints`` are shown if nothing matched.
    symbol_hints : dict, name -> str
        What to tell a learner whose answer uses that symbol (e.g. W in a factor of W).
    sigma_hint : bool
        Whether to suggest ``symbolic.sigma(z)`` for an undefined σ.
    """

    title: str
    name: str
    reference: sp.Expr
    points: list
    mistakes: list
    uses: str
    answer_text: str
    rtol: float = 1e-9
    variables: tuple | None = None
    tolerated: tuple = ()
    symbol_hints: dict = field(default_factory=dict)
    sigma_hint: bool = False


def symbol_name(symbol) -> str:
    """A symbol's name, with an underscore before a final index dropped: z_0 is z0."""
    return re.sub(r"_(\d+)$", r"\1", symbol.name)


def value_at(expr, point: dict):
    """The expression's value at ``point`` (symbols matched by name): a float; a complex
    number if it is not real there (the checker refuses it, naming it); NaN if undefined."""
    try:
        subs = {s: sp.Float(point[symbol_name(s)], 30) for s in expr.free_symbols}
        val = complex(sp.N(expr.subs(subs), 20))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, KeyError):
        return float("nan")  # zoo, nan, an unevaluated function: undefined at this point
    if not (np.isfinite(val.real) and np.isfinite(val.imag)):
        return float("nan")
    if abs(val.imag) > 1e-12 * max(1.0, abs(val.real)):
        return val
    return val.real


def to_expression(answer, name: str = "the answer"):
    """The learner's answer as a SymPy expression, or a message naming ``name`` and what
    is wrong with it (a list, a Matrix, an equation, a truth value, an array...)."""
    if isinstance(answer, (bool, np.bool_)):
        return None, f"{name} is {answer!r}, a truth value: give {name} as one expression."
    if isinstance(answer, (list, tuple, dict, set, np.ndarray)):
        return None, f"Give {name} as one expression, not a {type(answer).__name__}."
    try:
        expr = sp.sympify(answer, strict=not isinstance(answer, str))
    except Exception as exc:  # noqa: BLE001 - sympify of a learner's object may raise anything
        return None, f"I could not read {name} as an expression ({type(exc).__name__})."
    if not isinstance(expr, sp.Expr) or getattr(expr, "is_Matrix", False):
        what = f"a {type(expr).__name__}"
        if isinstance(expr, sp.core.relational.Relational):
            what = "an equation"
        elif isinstance(expr, sp.logic.boolalg.BooleanAtom):
            what = f"a truth value ({expr}): an equation sp.Eq(...) SymPy could decide"
        elif getattr(expr, "is_Matrix", False):
            what = "a Matrix"
        return None, f"Give {name} as one expression, not {what}."
    return expr, None


def check_expression(d: Derivation, answer, reveal: bool = False) -> Result:
    """Compare ``answer`` (a SymPy expression, a number or a string) with ``d``.

    ``reveal`` shows the expected values at the test points at once (see ``_explain``).
    """
    if answer is None or answer is Ellipsis:
        return Result(
            d.title,
            False,
            "Not attempted yet: replace None with your expression, then run this cell again.",
            attempted=False,
        )
    expr, problem = to_expression(answer, d.name)
    if problem:
        return Result(d.title, False, problem, mistakes=("not_an_expression",))
    variables = tuple(d.variables or d.points[0])
    used = {symbol_name(s) for s in expr.free_symbols}
    unknown = sorted(used - set(variables) - set(d.tolerated))
    undefined = sorted({str(f.func) for f in expr.atoms(AppliedUndef)})
    if undefined or unknown:
        what = _names(undefined + unknown)
        text = (
            f"Your expression uses {what}, which the answer should not contain: write it "
            f"in terms of {d.uses}."
        )
        hints = [d.symbol_hints[n] for n in unknown if n in d.symbol_hints]
        if d.sigma_hint and (undefined or any("sigma" in n or "σ" in n for n in unknown)):
            hints.append("For σ(z) use symbolic.sigma(z), which SymPy can differentiate.")
        text += "".join("\n" + h for h in dict.fromkeys(hints))
        return Result(d.title, False, text, mistakes=("unknown_symbol",))
    keys = list(d.points[0])

    def at(e):
        return lambda *vals: value_at(e, dict(zip(keys, vals, strict=True)))

    ex = Exercise(
        title=d.title,
        outputs=(d.name,),
        reference=at(d.reference),
        cases=d.points,
        mistakes=[Mistake(key, text, at(e)) for key, text, e in d.mistakes],
        rtol=d.rtol,
        atol=1e-12,
        correct_text=(
            f"Correct: your answer for {d.name} equals the reference, {d.answer_text}, "
            f"at all {len(d.points)} test points."
        ),
        describe=lambda case: describe_case({k: case[k] for k in variables}),
        wrong_form="Your expression does not give a real number everywhere",
    )
    result = check(ex, at(expr), reveal)
    if "unknown" in result.mistakes:
        hints = [d.symbol_hints[n] for n in sorted(used & set(d.tolerated)) if n in d.symbol_hints]
        result.diagnosis += "".join("\n" + h for h in dict.fromkeys(hints))
    if result.attempted and not result.correct and not expr.free_symbols:
        result.diagnosis += (
            f"\nYour answer is a plain number; the answer depends on {d.uses}: write it with "
            "those symbols, so it holds at every point."
        )
    return result
