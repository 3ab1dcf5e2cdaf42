"""Gradient checking: centred finite differences and the three-way comparison.

Builds on the numeric modules (``neuron``) and the symbolic one (``symbolic``). Two numbers
a and b *agree* when

    |a - b| <= rtol * max(|a|, |b|) + atol

``rtol`` is the relative error we demand. ``atol`` is the smallest difference the method
can resolve: a centred difference cannot see changes in L below its own rounding noise,
about eps * |L| / h, and float64 cannot compute y - y_true better than about
eps * max(|y|, |y_true|). Without ``atol``, a gradient of 1e-18 deep in saturation would
"fail" against a finite difference of 0.

NaN and inf are never a match: ``rel_error`` and ``agree`` refuse them with a ValueError
naming the side (a or b), and a ``ThreeWay`` row holding one fails, saying which of SymPy,
backward or the finite difference is not finite. The finite-difference helpers refuse an f
that returns anything but a finite real number, naming the point where it did.

Expected sizes: centred differences with h = 1e-5 on smooth functions give relative errors
around 1e-9 to 1e-7; near a ReLU kink 1e-4 can be fine; SymPy (evaluated at 30 digits)
and a correct hand-written backward pass agree to about 1e-15.

Introduced in notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import _validate as v
from . import neuron, symbolic
from ._compare import (  # noqa: F401  (part of this module's interface)
    _like,
    _number,
    _real_allowing_nonfinite,
    _refuse_nonfinite,
    _tolerance,
    agree,
    rel_error,
)
from ._finite_diff import (  # noqa: F401  (part of this module's interface)
    _check_pairs,
    numerical_gradient,
    numerical_gradient_array,
    numerical_gradient_params,
)
from .activations import sigmoid_prime

EPS = np.finfo(np.float64).eps


@dataclass
class Row:
    """One parameter's gradient, three ways.

    A NaN or infinite value in any of the three is allowed here and reported by
    :meth:`ThreeWay.failures`; its relative errors are then ``inf``.
    """

    name: str
    sympy: float
    backward: float
    numeric: float
    atol_sympy: float = 0.0
    atol_numeric: float = 0.0
    err_sympy: float = field(init=False)
    err_numeric: float = field(init=False)

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string such as 'w', got {v._describe(self.name)}")
        for key in ("sympy", "backward", "numeric"):
            setattr(self, key, _number(key, getattr(self, key)))
        self.atol_sympy = _tolerance("atol_sympy", self.atol_sympy)
        self.atol_numeric = _tolerance("atol_numeric", self.atol_numeric)
        self.err_sympy = _row_error(self.sympy, self.backward)
        self.err_numeric = _row_error(self.numeric, self.backward)


def _row_error(a: float, b: float) -> float:
    return rel_error(a, b) if math.isfinite(a) and math.isfinite(b) else math.inf


@dataclass
class ThreeWay:
    """The result of a three-way comparison: print it, or call :meth:`check`."""

    rows: list[Row]
    rtol_sympy: float = 1e-10
    rtol_numeric: float = 1e-7

    def __post_init__(self):
        if not isinstance(self.rows, (list, tuple)) or not all(
            isinstance(r, Row) for r in self.rows
        ):
            raise TypeError(f"rows must be a list of Row, got {v._describe(self.rows)}")
        if not self.rows:  # an empty comparison would "agree" without checking anything
            raise ValueError("rows must hold at least one Row: there is nothing to compare")
        self.rtol_sympy = _tolerance("rtol_sympy", self.rtol_sympy)
        self.rtol_numeric = _tolerance("rtol_numeric", self.rtol_numeric)

    def failures(self) -> list[str]:
        """Plain-words description of every disagreement (empty when all agree)."""
        out = []
        for r in self.rows:
            for other, value, err, rtol, atol in (
                ("SymPy", r.sympy, r.err_sympy, self.rtol_sympy, r.atol_sympy),
                (
                    "the finite difference",
                    r.numeric,
                    r.err_numeric,
                    self.rtol_numeric,
                    r.atol_numeric,
                ),
            ):
                sides = (("backward", r.backward), (other, value))
                bad = [f"{side} gives {x}" for side, x in sides if not math.isfinite(x)]
                if bad:
                    out.append(
                        f"dL/d{r.name}: {' and '.join(bad)}, not a finite number, so backward "
                        f"and {other} cannot agree"
                    )
                elif not agree(value, r.backward, rtol, atol):
                    noise = f", rounding noise {atol:.1e}" if other != "SymPy" else ""
                    out.append(
                        f"dL/d{r.name}: backward gives {r.backward:.10g} but {other} gives "
                        f"{value:.10g} (relative error {err:.2e} > {rtol:g}{noise})"
                    )
        return out

    @property
    def ok(self) -> bool:
        return not self.failures()

    def check(self) -> ThreeWay:
        """Raise ``AssertionError`` naming each parameter that disagrees; else return self."""
        problems = self.failures()
        if problems:
            raise AssertionError("gradients disagree:\n  " + "\n  ".join(problems))
        return self

    def table(self) -> str:
        names = ("SymPy", "backward", "finite diff")
        head = f"{'gradient':>9} " + " ".join(f"{n:>22}" for n in names)
        head += f" {'err SymPy':>10} {'err FD':>10}"
        lines = [head, "-" * len(head)]
        for r in self.rows:
            lines.append(
                f"{'dL/d' + r.name:>9} {r.sympy:>22.15g} {r.backward:>22.15g} {r.numeric:>22.15g} "
                f"{r.err_sympy:>10.1e} {r.err_numeric:>10.1e}"
            )
        lines.append("all three agree" if self.ok else "DISAGREE: " + "; ".join(self.failures()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def _repr_pretty_(self, p, cycle):  # how IPython shows it
        p.text(self.table())


def neuron_three_way(x: float, w: float, b: float, y_true: float, h: float = 1e-5) -> ThreeWay:
    """Compare dL/dw and dL/db of the single neuron three ways at one point.

    SymPy: ``symbolic.chain_rule_gradients`` evaluated at 30 digits. Backward:
    ``neuron.backward``. Finite difference: centred, on L(w) and L(b).

    x, w, b, y_true: single finite real numbers with w x + b within float64's range;
    h: the finite-difference step, positive.
    """
    point = {"x": x, "w": w, "b": b, "y_true": y_true}
    for name, val in point.items():
        if np.ndim(v.real(name, val)):
            raise TypeError(f"{name} must be a single number, got shape {np.shape(val)}")
    x, w, b, y_true = (float(val) for val in point.values())
    h = v.positive("h", h)
    reach = abs(w) / 4 + abs(b) / 4 + h / 2  # w +- h and b +- h, without overflowing
    if not math.isfinite(abs(w * x) + abs(b)) or not math.isfinite(abs(x) * (reach * 4)):
        raise ValueError(
            f"x, w and b must keep z = w x + b within float64's range (1.8e308) at w +- h and "
            f"b +- h, got x = {x:g}, w = {w:g}, b = {b:g}"
        )
    y, z = neuron.forward(x, w, b)
    dw, db = neuron.backward(x, y, z, y_true)
    exact = symbolic.chain_rule_gradients()
    sym_w = symbolic.evaluate(exact["w"], **point)
    sym_b = symbolic.evaluate(exact["b"], **point)

    def loss_at(w_, b_):
        return neuron.loss(neuron.forward(x, w_, b_)[0], y_true)

    fd_w, noise_w = numerical_gradient(lambda t: loss_at(t, b), w, h, return_noise=True)
    fd_b, noise_b = numerical_gradient(lambda t: loss_at(w, t), b, h, return_noise=True)
    # float64 gets y - y_true to within about eps * (|y| + |y_true|): backward's floor.
    floor = 4 * EPS * (abs(y) + abs(y_true)) * sigmoid_prime(z)

    # L's own rounding: y carries an error of about eps |y|, which moves L by about
    # |y - y_true| eps |y| at the stepped points; the difference quotient divides by h.
    def noise_from_y(dz_dtheta):
        gap = abs(y - y_true) + sigmoid_prime(z) * abs(dz_dtheta) * h  # |y - y_true| at +-h
        return 4 * EPS * abs(y) * gap / h

    noise_w, noise_b = max(noise_w, noise_from_y(x)), max(noise_b, noise_from_y(1.0))
    return ThreeWay(
        [
            Row("w", sym_w, dw, fd_w, floor * max(abs(x), 1.0), noise_w),
            Row("b", sym_b, db, fd_b, floor, noise_b),
        ]
    )


def param_names(params) -> list[str]:
    """Short names of every entry of a list of (W, b) pairs, layers counted from 1.

    ``W2_10`` is W^2_{10}, row 1 and column 0 of layer 2's W (rows and columns counted
    from 0, as numpy does); ``b2_1`` is entry 1 of layer 2's b.
    """
    names = []
    for layer, (W, b) in enumerate(_check_pairs("params", params), start=1):
        if W.ndim != 2 or b.ndim != 1:
            raise ValueError(
                f"params[{layer - 1}] must hold a 2-D W and a 1-D b, got shapes {W.shape} "
                f"and {b.shape}"
            )
        sep = "" if max(W.shape, default=0) <= 10 else ","
        names += [f"W{layer}_{i}{sep}{j}" for i, j in np.ndindex(W.shape)]
        names += [f"b{layer}_{i}" for i in range(b.size)]
    return names


def three_way_params(
    f,
    params,
    backward,
    sympy,
    h: float = 1e-5,
    rtol_sympy=1e-10,
    rtol_numeric=1e-6,
    atol_sympy=None,
) -> ThreeWay:
    """The three-way comparison for every entry of a list of (W, b) pairs.

    Parameters
    ----------
    f : callable, list of (W, b) -> float
        The loss as a function of the parameters (for the finite differences).
    params : list of pairs (W, b)
        Where to compare.
    backward, sympy : lists of pairs (dW, db) shaped like params
        The hand-written backward pass's gradients and the SymPy ones.
    h : float
        The finite-difference step.
    rtol_sympy, rtol_numeric : float
        Relative errors demanded of SymPy and of the finite differences.
    atol_sympy : float or None
        The smallest difference float64 can resolve in the backward pass. ``None`` takes
        1e3 eps times the largest gradient: sums over examples and units lose about that much.

    Returns
    -------
    ThreeWay, one Row per entry, named as by :func:`param_names`
    """
    params = _check_pairs("params", params)
    names = param_names(params)
    backward, sympy = _like("backward", backward, params), _like("sympy", sympy, params)
    for label, pairs in (("backward", backward), ("sympy", sympy)):
        _refuse_nonfinite(label, pairs, names)
    rtol_sympy, rtol_numeric = (
        _tolerance("rtol_sympy", rtol_sympy),
        _tolerance("rtol_numeric", rtol_numeric),
    )
    numeric, noise = numerical_gradient_params(f, params, h)

    def flat(pairs):
        return np.concatenate([np.ravel(a) for pair in pairs for a in pair])

    bw, sy, fd, nz = flat(backward), flat(sympy), flat(numeric), flat(noise)
    if atol_sympy is None:
        finite = np.abs(bw[np.isfinite(bw)])  # a NaN is reported by its row, not spread here
        atol_sympy = 1e3 * EPS * float(np.max(finite, initial=0.0))
    rows = [
        Row(name, float(s), float(b_), float(n), atol_sympy, float(z))
        for name, s, b_, n, z in zip(names, sy, bw, fd, nz, strict=True)
    ]
    return ThreeWay(rows, rtol_sympy=rtol_sympy, rtol_numeric=rtol_numeric)
