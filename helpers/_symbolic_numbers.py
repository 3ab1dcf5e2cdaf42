"""The numbers of ``helpers.symbolic_net``: loss and gradients at 30 digits, exact in saturation.

Re-exported by ``helpers.symbolic_net`` (use it from there). mpmath evaluates the SymPy
expressions at ``digits + 10`` working digits. Those digits alone do not survive deep
saturation if the loss is written as the textbook does: 1 - sigma(90) or 1 - tanh(90)^2
cancel to nothing at 40 digits (BCE was 0.9% off at z = 90, and log(0) at z = 100). So the
loss is first rewritten (:func:`stable_loss`) into the same function without any such
subtraction, and sympy.diff differentiates that.
"""

from __future__ import annotations

import functools

import mpmath
import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p

from . import _validate as v
from .symbolic_net import FUNCTIONS, Net, gradients


class _Tanh(sp.Function):
    """tanh for the numbers below: its derivative is written sech^2, not 1 - tanh^2.

    At z = 90, 1 - tanh(z)^2 needs 80 digits to keep any: at 40 working digits it is 0.
    """

    def fdiff(self, argindex=1):
        return _Sech2(self.args[0])


class _Sech2(sp.Function):
    """sech(z)^2 = 1 / cosh(z)^2 = tanh'(z), evaluated by mpmath without cancelling."""

    def fdiff(self, argindex=1):
        return -2 * _Sech2(self.args[0]) * _Tanh(self.args[0])


_MPMATH = {"_Tanh": mpmath.tanh, "_Sech2": lambda t: mpmath.sech(t) ** 2, "log1p": mpmath.log1p}


def stable_loss(net: Net) -> sp.Expr:
    """``net.L`` rewritten so that evaluating it never subtracts nearly equal numbers.

    The same function of x, y_true and the parameters, written from the logits z^L as
    helpers.losses does: bce as y log(1 + e^(-z)) + (1 - y) log(1 + e^z) (no 1 - sigma(z)),
    cross_entropy as y_k log(1 + sum_(j != k) e^(z_j - z_k)) (no z_k - logsumexp), with
    log1p for log(1 + t), and tanh's derivative as sech^2 (no 1 - tanh^2).
    """
    if not isinstance(net, Net):
        raise TypeError(f"net must be a Net from symbolic_net.build, got {v._describe(net)}")
    _named(net)
    hidden = _Tanh if net.hidden == "tanh" else FUNCTIONS[net.hidden]
    a = net.x
    for layer in range(1, net.depth + 1):
        z = net.W[layer] * a + net.b[layer]  # z^l = W^l a^(l-1) + b^l
        a = z.applyfunc(hidden)
    zs, ys = list(z), list(net.y_true)
    if net.loss == "bce":
        return sum(
            y * log1p(sp.exp(-t)) + (1 - y) * log1p(sp.exp(t)) for y, t in zip(ys, zs, strict=True)
        )
    if net.loss == "cross_entropy":
        return sum(
            y * log1p(sum((sp.exp(s - t) for s in zs if s is not t), sp.Integer(0)))
            for y, t in zip(ys, zs, strict=True)
        )
    f = FUNCTIONS[net.output]
    return sum((f(t) - y) ** 2 for y, t in zip(ys, zs, strict=True)) / 2


@functools.lru_cache(maxsize=64)
def _compiled(net: Net):
    args = [*net.x, *net.y_true, *net.params]
    if net.loss == "mse" and net.hidden != "tanh":  # nothing to rewrite: reuse sympy.diff's
        L, grads = net.L, [g for dW, db in gradients(net) for m in (dW, db) for g in m]
    else:
        L = stable_loss(net)
        grads = [sp.diff(L, p) for p in net.params]
    # cse: common subexpressions computed once, which keeps compiling and evaluating fast
    return sp.lambdify(args, [L, *grads], modules=[_MPMATH, "mpmath"], cse=True)


def loss_and_gradient_values(net: Net, params, X, Y, digits: int = 30):
    """The batch-mean loss and every gradient, from the SymPy expressions at ``digits`` digits.

    Evaluated with mpmath at ``digits + 10`` working digits from :func:`stable_loss`, so
    the values keep their digits deep in saturation (|z| in the hundreds and beyond).

    Parameters
    ----------
    net : Net, with named activations (not "f" or "g")
    params : list of pairs (W, b) of finite arrays, shapes as in ``helpers.mlp``
        (W^l of shape (n_l, n_(l-1)), b^l of shape (n_l,))
    X : array of shape (N, n_0), N >= 1;  Y : array of shape (N, n_L)
    digits : int in [1, 1000]

    Returns
    -------
    loss : float
    grads : list of pairs (dW, db) of float64 arrays, shaped like params
    """
    if not isinstance(net, Net):
        raise TypeError(f"net must be a Net from symbolic_net.build, got {v._describe(net)}")
    _named(net)
    if isinstance(digits, bool) or not isinstance(digits, (int, np.integer)):
        raise TypeError(f"digits must be an integer, got {v._describe(digits)}")
    if not 1 <= digits <= 1000:
        raise ValueError(f"digits must be an integer in [1, 1000], got {digits}")
    params = _check_params(net, params)
    X, Y = v.real_array("X", X), v.real_array("Y", Y)
    if X.ndim != 2 or X.shape[1] != net.sizes[0] or Y.shape != (len(X), net.sizes[-1]):
        raise ValueError(
            f"X and Y must have shapes (N, {net.sizes[0]}), (N, {net.sizes[-1]}), "
            f"got {X.shape} and {Y.shape}"
        )
    if len(X) == 0:
        raise ValueError(f"X must hold at least one example (row), got shape {X.shape}")
    flat = np.concatenate([np.ravel(a) for p in params for a in p])
    fn = _compiled(net)
    with mpmath.workdps(int(digits) + 10):
        total = None
        for x_row, y_row in zip(X, Y, strict=True):
            vals = fn(*(mpmath.mpf(float(t)) for t in (*x_row, *y_row, *flat)))
            total = vals if total is None else [s + t for s, t in zip(total, vals, strict=True)]
        means = np.array([float(mpmath.re(t) / len(X)) for t in total])
    if not np.isfinite(means).all():
        raise ValueError("the loss or a gradient at these params is beyond float64's range")
    loss, flat_grads = float(means[0]), means[1:]
    grads, i = [], 0
    for W, b in params:
        grads.append(
            (
                flat_grads[i : i + W.size].reshape(W.shape),
                flat_grads[i + W.size : i + W.size + b.size],
            )
        )
        i += W.size + b.size
    return loss, grads


def _check_params(net: Net, params) -> list:
    """params as float64 arrays, each W^l of shape (n_l, n_(l-1)) and b^l of shape (n_l,)."""
    if not isinstance(params, (list, tuple)) or len(params) != net.depth:
        raise ValueError(
            f"params must be a list of {net.depth} pairs (W, b), one per layer of the "
            f"network {list(net.sizes)}, got {v._describe(params)}"
        )
    checked = []
    for layer, pair in enumerate(params, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"params[{layer - 1}] must be a pair (W, b), got {v._describe(pair)}")
        n, m = net.sizes[layer], net.sizes[layer - 1]
        W = v.real_array(f"params[{layer - 1}] W", pair[0])
        b = v.real_array(f"params[{layer - 1}] b", pair[1])
        for name, arr, need in (("W", W, (n, m)), ("b", b, (n,))):
            if arr.shape != need:
                raise ValueError(
                    f"params[{layer - 1}] {name} has shape {arr.shape} but layer {layer} "
                    f"needs {need}"
                )
        checked.append((W, b))
    return checked


def _named(net: Net) -> None:
    if net.hidden in ("f", "g") or net.output in ("f", "g"):
        raise ValueError(
            f"net uses the unnamed functions f and g (hidden={net.hidden!r}, "
            f"output={net.output!r}), which have no numbers: build it with named activations"
        )
