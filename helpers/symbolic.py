"""The single neuron in SymPy: every chain-rule factor derived with ``sympy.diff``.

SymPy only (no numpy arrays in, no plots). Names match the notebooks' LaTeX:

    z = w x + b,   y = sigma(z) = 1 / (1 + e^(-z)),   L = 1/2 (y - y_true)^2

Introduced in notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

import functools

import sympy as sp

# Symbols, all real, as in the notation table. ``y_true`` prints as y_true in LaTeX.
x, w, b, z, y = sp.symbols("x w b z y", real=True)
y_true = sp.Symbol("y_true", real=True)


def sigma(t):
    """The logistic sigmoid as a SymPy expression, 1 / (1 + e^(-t))."""
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

    Each float is substituted as the exact rational number it stores, and SymPy raises its
    working precision until the result has ``digits`` correct digits. That survives the
    cancellation float64 suffers in saturation (sigma(90) - 1), so this is the reference
    the numeric backward pass is compared with.
    """
    symbols = {s.name: s for s in expr.free_symbols}
    missing = set(symbols) - set(values)
    if missing:
        raise ValueError(f"evaluate needs values for {sorted(missing)}, got {sorted(values)}")
    subs = {symbols[k]: sp.Rational(float(val)) for k, val in values.items() if k in symbols}
    return float(sp.N(expr.subs(subs), digits))


def lambdify(expr: sp.Expr, args=(x, w, b, y_true)):
    """Turn ``expr`` into a numpy function of ``args`` (default x, w, b, y_true).

    Fine for plotting at moderate z; at |z| beyond ~700 numpy's exp overflows, so use
    :func:`evaluate` or ``helpers.neuron`` there.
    """
    return sp.lambdify(args, expr, modules="numpy")
