"""The single neuron in SymPy: every chain-rule factor derived with ``sympy.diff``.

SymPy only (numpy only to recognise its numbers; no arrays in, no plots). Names match the
notebooks' LaTeX:

    z = w x + b,   y = sigma(z) = 1 / (1 + e^(-z)),   L = 1/2 (y - y_true)^2

Introduced in notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

import decimal
import functools
import math
import numbers
import sys

import numpy as np
import sympy as sp

# Symbols, all real, as in the notation table. ``y_true`` prints as y_true in LaTeX.
x, w, b, z, y = sp.symbols("x w b z y", real=True)
y_true = sp.Symbol("y_true", real=True)


def sigma(t):
    """The logistic sigmoid as a SymPy expression, 1 / (1 + e^(-t)).

    t : a SymPy expression, or a real number (substituted exactly, as :func:`evaluate` does)
    """
    if not isinstance(t, sp.Basic):
        t = _exact("t", t)
    return 1 / (1 + sp.exp(-t))


# The forward pass, one expression per step.
z_expr = w * x + b  # z = w x + b
y_expr = sigma(z)  # y = sigma(z)
L_of_y = sp.Rational(1, 2) * (y - y_true) ** 2  # L as a function of y
L_expr = L_of_y.subs(y, y_expr).subs(z, z_expr)  # L as a function of x, w, b, y_true


def chain_factors() -> dict[str, sp.Expr]:
    """Each factor of the chain rule, derived separately with ``sympy.diff``.

    Returns
    -------
    dict with keys ``"dL/dy"``, ``"dy/dz"``, ``"dz/dw"``, ``"dz/db"``; the dy/dz factor is
    written in terms of z (substitute ``z_expr`` to get it in terms of w, x, b).
    """
    return {
        "dL/dy": sp.diff(L_of_y, y),  # y - y_true
        "dy/dz": sp.diff(sigma(z), z),  # e^(-z) / (1 + e^(-z))^2 = sigma(z)(1 - sigma(z))
        "dz/dw": sp.diff(z_expr, w),  # x
        "dz/db": sp.diff(z_expr, b),  # 1
    }


@functools.cache
def chain_rule_gradients() -> dict[str, sp.Expr]:
    """dL/dw and dL/db as the product of the chain's factors, in terms of x, w, b, y_true."""
    f = chain_factors()
    at_point = {y: y_expr, z: z_expr}
    upstream = f["dL/dy"].subs(at_point) * f["dy/dz"].subs(z, z_expr)
    return {"w": upstream * f["dz/dw"], "b": upstream * f["dz/db"]}


def direct_gradients() -> dict[str, sp.Expr]:
    """dL/dw and dL/db by differentiating the whole L(x, w, b, y_true) at once."""
    return {"w": sp.diff(L_expr, w), "b": sp.diff(L_expr, b)}


def chain_equals_direct() -> dict[str, sp.Expr]:
    """simplify(chain-rule product - direct derivative) for w and b; both are 0."""
    chain, direct = chain_rule_gradients(), direct_gradients()
    return {k: sp.simplify(chain[k] - direct[k]) for k in chain}


def sigma_prime_identity() -> sp.Expr:
    """simplify(dsigma/dz - sigma(z)(1 - sigma(z))), which is 0."""
    return sp.simplify(sp.diff(sigma(z), z) - sigma(z) * (1 - sigma(z)))


def evaluate(expr: sp.Expr, digits: int = 30, **values: float) -> float:
    """Evaluate ``expr`` at ``values`` (e.g. x=0.5, w=0.2) to ``digits`` significant digits.

    Each value is substituted as the exact rational number it stores (a float, an int, a
    ``Fraction``, a ``Decimal`` or a SymPy number), and SymPy raises its working precision
    until the result has ``digits`` correct digits. That survives the cancellation float64
    suffers in saturation (sigma(90) - 1), so this is the reference the numeric backward
    pass is compared with.

    Parameters
    ----------
    expr : sp.Expr (or a number)
    digits : int in [1, 1000]
    **values : real numbers, finite and within float64's range (|v| < 1.8e308)
        One per free symbol of expr, by name; extra names are allowed (and checked).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        For a value that is not a single real number (None, a string, a bool, a complex
        number, an array), naming it; or an expr that is not a SymPy expression.
    ValueError
        For NaN, inf or a number beyond float64 (SymPy would quietly turn NaN into 0), a
        missing symbol, or a result that is not a finite real number that fits in a float.
    """
    if isinstance(expr, (str, bytes)) or not isinstance(expr, (sp.Basic, int, float)):
        raise TypeError(f"expr must be a SymPy expression, got {_describe(expr)}")
    expr = sp.sympify(expr)
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)):
        raise TypeError(f"digits must be an integer, got {_describe(digits)}")
    if not 1 <= digits <= 1000:
        raise ValueError(f"digits must be an integer in [1, 1000], got {digits}")
    exact = {name: _exact(name, value) for name, value in values.items()}
    symbols = {s.name: s for s in expr.free_symbols}
    missing = set(symbols) - set(values)
    if missing:
        raise ValueError(f"evaluate needs values for {sorted(missing)}, got {sorted(values)}")
    result = sp.N(expr.subs({symbols[k]: exact[k] for k in symbols}), int(digits))
    if not result.is_Number or result in (sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(
            f"the value of expr at {values} is not a finite real number (SymPy gives {result})"
        )
    number = float(result)
    if not math.isfinite(number):
        raise ValueError(
            f"the value of expr at {values} is {sp.N(result, 4)}, beyond float64's range (1.8e308)"
        )
    return number


def _exact(name: str, value) -> sp.Rational:
    """``value`` as an exact SymPy rational; TypeError/ValueError naming ``name``."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (np.ndarray, list, tuple)):
        raise TypeError(f"{name} must be a single number, got {_describe(value)}")
    if isinstance(value, sp.Basic) and value.is_Number:
        number = value
    elif isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (numbers.Real, decimal.Decimal)
    ):
        if isinstance(value, numbers.Complex):
            raise TypeError(f"{name} must be a real number, got the complex number {value!r}")
        raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    elif isinstance(value, decimal.Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    elif isinstance(value, (numbers.Rational, decimal.Decimal)):  # int, Fraction, Decimal
        number = sp.Rational(*value.as_integer_ratio())
    else:  # float, np.float32, ...: the rational number the float stores
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        number = sp.Rational(value)
    if number in (sp.nan, sp.oo, -sp.oo, sp.zoo):
        raise ValueError(f"{name} must be finite, got {number}")
    if abs(number) > _FLOAT_MAX:
        digits = int(abs(int(number)).bit_length() * math.log10(2)) + 1
        raise ValueError(
            f"{name} must fit in a float64 (|{name}| < 1.8e308), got a number of about "
            f"{digits} digits"
        )
    return number


_FLOAT_MAX = sp.Rational(sys.float_info.max)


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    try:
        text = repr(value)
    except ValueError:  # an int of more than 4300 digits
        text = "a huge int"
    return f"{text[:57] + '...' if len(text) > 60 else text} (type {type(value).__name__})"


def lambdify(expr: sp.Expr, args=(x, w, b, y_true)):
    """Turn ``expr`` into a numpy function of ``args`` (default x, w, b, y_true).

    Fine for plotting at moderate z; at |z| beyond ~700 numpy's exp overflows, so use
    :func:`evaluate` or ``helpers.neuron`` there.
    """
    if not isinstance(expr, sp.Basic):
        raise TypeError(f"expr must be a SymPy expression, got {_describe(expr)}")
    if isinstance(args, sp.Symbol):
        args = (args,)
    if not isinstance(args, (list, tuple)) or not all(isinstance(a, sp.Symbol) for a in args):
        raise TypeError(
            f"args must be a tuple of SymPy symbols such as (x, w), got {_describe(args)}"
        )
    return sp.lambdify(args, expr, modules="numpy")
