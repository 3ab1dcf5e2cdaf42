"""Gradient checking: centred finite differences and the three-way comparison.

Builds on the numeric modules (``neuron``) and the symbolic one (``symbolic``). Two numbers
a and b *agree* when

    |a - b| <= rtol * max(|a|, |b|) + atol

``rtol`` is the relative error we demand. ``atol`` is the smallest difference the method
can resolve: a centred difference cannot see changes in L below its own rounding noise,
about eps * |L| / h, and float64 cannot compute y - y_true better than about
eps * max(|y|, |y_true|). Without ``atol``, a gradient of 1e-18 deep in saturation would
"fail" against a finite difference of 0.

Expected sizes: centred differences with h = 1e-5 on smooth functions give relative errors
around 1e-9 to 1e-7; near a ReLU kink 1e-4 can be fine; SymPy (evaluated at 30 digits)
and a correct hand-written backward pass agree to about 1e-15.

Introduced in notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import _validate as v
from . import neuron, symbolic
from .activations import sigmoid_prime

EPS = np.finfo(np.float64).eps


def numerical_gradient(f, x, h: float = 1e-5, *, return_noise: bool = False):
    """Centred finite differences of a scalar function: (f(x + h e_i) - f(x - h e_i)) / 2h.

    ``f`` is called on a float64 copy of ``x``; the caller's array is never changed.

    Parameters
    ----------
    f : callable
        Takes an array shaped like x (or a float) and returns a real number.
    x : float or np.ndarray of shape S
        Where to differentiate.
    h : float
        The step, a positive number.
    return_noise : bool
        Also return the rounding-noise bound of each entry, 4 eps (|f+| + |f-|) / 2h.

    Returns
    -------
    grad : float or np.ndarray of shape S
    noise : float or np.ndarray of shape S, only if ``return_noise``
    """
    h = v.positive("h", h)
    xc = v.real_array("x", x)  # a float64 copy
    grad, noise = np.zeros_like(xc), np.zeros_like(xc)
    flat, g, n = xc.reshape(-1), grad.reshape(-1), noise.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = float(f(xc if xc.ndim else float(flat[0])))
        flat[i] = old - h
        f_minus = float(f(xc if xc.ndim else float(flat[0])))
        flat[i] = old
        g[i] = (f_plus - f_minus) / (2 * h)  # centred: error O(h^2), not O(h)
        n[i] = 4 * EPS * (abs(f_plus) + abs(f_minus)) / (2 * h)
    if xc.ndim == 0:
        grad, noise = float(grad), float(noise)
    return (grad, noise) if return_noise else grad


def numerical_gradient_array(f, x, dout, h: float = 1e-5):
    """Centred differences of an array-valued f, contracted with an upstream gradient.

    Returns d(sum(f(x) * dout))/dx, the quantity a layer's backward(dout) computes, so one
    layer can be checked on its own (as in cs231n's ``eval_numerical_gradient_array``).

    Parameters
    ----------
    f : callable, array of shape S -> array of shape T
    x : np.ndarray of shape S
    dout : np.ndarray of shape T
    """
    dout = v.real_array("dout", dout)
    return numerical_gradient(lambda t: float(np.sum(np.asarray(f(t)) * dout)), x, h)


def rel_error(a, b) -> float:
    """Largest elementwise |a - b| / max(|a|, |b|); 0 where both are exactly 0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(np.max(ratio)) if ratio.size else 0.0


def agree(a, b, rtol: float, atol=0.0) -> bool:
    """True when |a - b| <= rtol * max(|a|, |b|) + atol everywhere."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return bool(np.all(np.abs(a - b) <= rtol * np.maximum(np.abs(a), np.abs(b)) + atol))


@dataclass
class Row:
    """One parameter's gradient, three ways."""

    name: str
    sympy: float
    backward: float
    numeric: float
    atol_sympy: float = 0.0
    atol_numeric: float = 0.0
    err_sympy: float = field(init=False)
    err_numeric: float = field(init=False)

    def __post_init__(self):
        self.err_sympy = rel_error(self.sympy, self.backward)
        self.err_numeric = rel_error(self.numeric, self.backward)


@dataclass
class ThreeWay:
    """The result of a three-way comparison: print it, or call :meth:`check`."""

    rows: list[Row]
    rtol_sympy: float = 1e-10
    rtol_numeric: float = 1e-7

    def failures(self) -> list[str]:
        """Plain-words description of every disagreement (empty when all agree)."""
        out = []
        for r in self.rows:
            if not agree(r.sympy, r.backward, self.rtol_sympy, r.atol_sympy):
                out.append(
                    f"dL/d{r.name}: backward gives {r.backward:.10g} but SymPy gives "
                    f"{r.sympy:.10g} (relative error {r.err_sympy:.2e} > {self.rtol_sympy:g})"
                )
            if not agree(r.numeric, r.backward, self.rtol_numeric, r.atol_numeric):
                out.append(
                    f"dL/d{r.name}: backward gives {r.backward:.10g} but the finite difference "
                    f"gives {r.numeric:.10g} (relative error {r.err_numeric:.2e} > "
                    f"{self.rtol_numeric:g}, rounding noise {r.atol_numeric:.1e})"
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
    """
    point = {"x": x, "w": w, "b": b, "y_true": y_true}
    for name, val in point.items():
        if np.ndim(v.real(name, val)):
            raise TypeError(f"{name} must be a single number, got shape {np.shape(val)}")
    x, w, b, y_true = (float(val) for val in point.values())
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


def numerical_gradient_params(f, params, h: float = 1e-5):
    """Centred differences of ``f(params)`` for every entry of a list of (W, b) pairs.

    ``f`` is called with a new list in which one array is replaced by a changed copy; the
    caller's arrays are never changed.

    Parameters
    ----------
    f : callable, list of (W, b) -> float
    params : list of pairs (W, b) of arrays, any shapes
    h : float
        The step.

    Returns
    -------
    grads, noise : lists of pairs shaped like params (the noise as in :func:`numerical_gradient`)
    """
    params = [tuple(pair) for pair in params]
    grads, noise = [], []
    for i, (W, b) in enumerate(params):

        def f_W(t, i=i, b=b):
            return f([*params[:i], (t, b), *params[i + 1 :]])

        def f_b(t, i=i, W=W):
            return f([*params[:i], (W, t), *params[i + 1 :]])

        dW, nW = numerical_gradient(f_W, W, h, return_noise=True)
        db, nb = numerical_gradient(f_b, b, h, return_noise=True)
        grads.append((dW, db))
        noise.append((nW, nb))
    return grads, noise


def param_names(params) -> list[str]:
    """Short names of every entry of a list of (W, b) pairs, layers counted from 1.

    ``W2_10`` is W^2_{10}, row 1 and column 0 of layer 2's W (rows and columns counted
    from 0, as numpy does); ``b2_1`` is entry 1 of layer 2's b.
    """
    names = []
    for layer, (W, b) in enumerate(params, start=1):
        W, b = np.asarray(W), np.asarray(b)
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
    numeric, noise = numerical_gradient_params(f, params, h)

    def flat(pairs):
        return np.concatenate([np.ravel(a) for pair in pairs for a in pair])

    bw, sy, fd, nz = flat(backward), flat(sympy), flat(numeric), flat(noise)
    if not bw.size == sy.size == fd.size:
        raise ValueError(
            f"backward and sympy must hold as many entries as params ({fd.size}), "
            f"got {bw.size} and {sy.size}"
        )
    if atol_sympy is None:
        atol_sympy = 1e3 * EPS * float(np.max(np.abs(bw), initial=0.0))
    rows = [
        Row(name, float(s), float(b_), float(n), atol_sympy, float(z))
        for name, s, b_, n, z in zip(param_names(params), sy, bw, fd, nz, strict=True)
    ]
    return ThreeWay(rows, rtol_sympy=rtol_sympy, rtol_numeric=rtol_numeric)
