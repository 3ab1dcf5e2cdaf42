"""Small networks in SymPy: every dL/dW^l_ij and dL/db^l_i by ``sympy.diff``, and the delta rule.

SymPy (and numpy for numbers in and out) only. One example, as in the notebooks' LaTeX:

    a^0 = x,   z^l = W^l a^(l-1) + b^l,   a^l = f(z^l)        (columns)
    delta^l = dL/dz^l                                           (a row: it is a gradient)
    delta^L = dL/da^L * f'(z^L),  delta^l = (delta^(l+1) W^(l+1)) * f'(z^l)
    dL/dW^l = (delta^l)^T (a^(l-1))^T,   dL/db^l = (delta^l)^T

Symbols are named as printed: ``W^2_01`` is W^2_{01}, row 0 and column 1 of W^2 (numpy's
indices, counted from 0), ``z^1_0``, ``a^1_0``, ``x_0``, ``y_true_0``.

Activations: ``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"`` (and ``"softmax"`` for the
output), or ``"f"`` / ``"g"``: an unnamed function, so the derivatives stay short enough to
read (f'(z^1_0) instead of its formula).

Introduced in notebooks/04_multilayer_deltas.ipynb.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from . import _validate as v
from .symbolic import sigma


def _relu(t):
    # max(0, t); its derivative is SymPy's Heaviside(t), which is 1/2 at the kink t = 0
    # where helpers.activations takes 0. Tests keep away from the kink.
    return sp.Max(0, t)


FUNCTIONS = {
    "sigmoid": sigma,
    "tanh": sp.tanh,
    "relu": _relu,
    "identity": lambda t: t,
    "f": sp.Function("f"),
    "g": sp.Function("g"),
}
PAIRS = {
    "mse": ("sigmoid", "identity", "g", "f"),
    "bce": ("sigmoid",),
    "cross_entropy": ("softmax",),
}


def _name(letter: str, layer: int, *index: int) -> str:
    sep = "," if max(index) > 9 else ""
    return f"{letter}^{layer}_{sep.join(str(i) for i in index)}"


@dataclass(eq=False)  # compared and hashed by identity: build() caches each network
class Net:
    """A network of ``sizes`` in SymPy. Lists are indexed by layer: ``W[l]`` is W^l, l >= 1.

    Attributes
    ----------
    x, y_true : sp.Matrix columns of symbols, shapes (n_0, 1) and (n_L, 1)
    W, b : lists of symbol matrices, W[l] of shape (n_l, n_(l-1)), b[l] of shape (n_l, 1);
        ``W[0]`` and ``b[0]`` are None, so the index is the layer
    z, a : lists of symbol columns z^l, a^l (``a[0]`` is x, ``z[0]`` is None)
    z_expr, a_expr : the same as expressions of x and the parameters (the forward pass)
    L_of_out : the loss in terms of a^L (mse) or z^L (bce, cross_entropy) and y_true
    L : the loss in terms of x, y_true and every parameter
    """

    sizes: tuple
    hidden: str
    output: str
    loss: str
    x: sp.Matrix = field(repr=False)
    y_true: sp.Matrix = field(repr=False)
    W: list = field(repr=False)
    b: list = field(repr=False)
    z: list = field(repr=False)
    a: list = field(repr=False)
    z_expr: list = field(repr=False)
    a_expr: list = field(repr=False)
    L_of_out: sp.Expr = field(repr=False)
    L: sp.Expr = field(repr=False)

    @property
    def depth(self) -> int:
        return len(self.sizes) - 1

    @property
    def params(self) -> list:
        """Every parameter symbol: W^1 row by row, b^1, W^2, b^2, ... (gradcheck's order)."""
        return [s for layer in range(1, self.depth + 1) for s in (*self.W[layer], *self.b[layer])]

    def activation(self, layer: int):
        """The activation f of ``layer`` as a function of one SymPy expression."""
        return FUNCTIONS[self.output if layer == self.depth else self.hidden]


def build(sizes, hidden="sigmoid", output="sigmoid", loss="mse") -> Net:
    """Build the network [n_0, ..., n_L] symbolically (cached: a Net is never changed).

    Parameters
    ----------
    sizes : sequence of int
        Widths from input to output: 2 to 5 of them, each in [1, 5] (SymPy's expressions
        grow fast with the size; keep them to about 3).
    hidden : str
        A key of :data:`FUNCTIONS` other than ``"softmax"``.
    output, loss : str
        ``loss`` is ``"mse"`` (any output), ``"bce"`` (sigmoid) or ``"cross_entropy"`` (softmax).
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, (list, tuple, range)):
        raise TypeError(
            f"sizes must be a list of widths such as [2, 3, 1], got {v._describe(sizes)}"
        )
    if not 2 <= len(sizes) <= MAX_LAYERS + 1:
        raise ValueError(
            f"sizes must hold at least two widths and at most {MAX_LAYERS + 1}, got {list(sizes)}"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"sizes[{i}] must be an integer width, got {v._describe(n)}")
        if not 1 <= n <= MAX_WIDTH:
            raise ValueError(f"sizes[{i}] must be a width in [1, {MAX_WIDTH}], got {n}")
    v.choice("hidden", hidden, [k for k in FUNCTIONS])
    v.choice("output", output, sorted({o for outs in PAIRS.values() for o in outs}))
    v.choice("loss", loss, list(PAIRS))
    return _build(tuple(int(n) for n in sizes), hidden, output, loss)


MAX_LAYERS, MAX_WIDTH = 4, 5


def _net(net) -> Net:
    if not isinstance(net, Net):
        raise TypeError(f"net must be a Net from symbolic_net.build, got {v._describe(net)}")
    return net


@functools.lru_cache(maxsize=64)
def _build(sizes, hidden, output, loss) -> Net:
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must hold at least two widths, each >= 1, got {sizes}")
    if hidden not in FUNCTIONS:
        raise ValueError(f"hidden must be one of {sorted(FUNCTIONS)}, got {hidden!r}")
    if loss not in PAIRS or output not in PAIRS[loss]:
        ok = [(o, k) for k, outs in PAIRS.items() for o in outs]
        raise ValueError(f"(output, loss) must be one of {ok}, got {(output, loss)}")
    depth = len(sizes) - 1
    x = sp.Matrix([sp.Symbol(f"x_{j}", real=True) for j in range(sizes[0])])
    y_true = sp.Matrix([sp.Symbol(f"y_true_{k}", real=True) for k in range(sizes[-1])])
    W, b, z, a, z_expr, a_expr = [None], [None], [None], [x], [None], [x]
    for layer in range(1, depth + 1):
        n, m = sizes[layer], sizes[layer - 1]
        W.append(sp.Matrix(n, m, lambda i, j, k=layer: sp.Symbol(_name("W", k, i, j), real=True)))
        b.append(sp.Matrix([sp.Symbol(_name("b", layer, i), real=True) for i in range(n)]))
        z.append(sp.Matrix([sp.Symbol(_name("z", layer, i), real=True) for i in range(n)]))
        a.append(sp.Matrix([sp.Symbol(_name("a", layer, i), real=True) for i in range(n)]))
        z_expr.append(W[layer] * a_expr[layer - 1] + b[layer])  # z^l = W^l a^(l-1) + b^l
        if layer == depth and output == "softmax":
            e = z_expr[layer].applyfunc(sp.exp)
            a_expr.append(e / sum(e))
        else:
            f = FUNCTIONS[output if layer == depth else hidden]
            a_expr.append(z_expr[layer].applyfunc(f))  # a^l = f(z^l)
    zL, aL = z[depth], a[depth]
    if loss == "mse":  # 1/2 sum_k (a_k - y_k)^2, in terms of a^L
        L_of_out = sum((aL[k] - y_true[k]) ** 2 for k in range(sizes[-1])) / 2
        out_expr = {aL[k]: a_expr[depth][k] for k in range(sizes[-1])}
    elif loss == "bce":  # -sum_k [y log sigma(z) + (1 - y) log(1 - sigma(z))], in terms of z^L
        L_of_out = -sum(
            y * sp.log(sigma(t)) + (1 - y) * sp.log(1 - sigma(t))
            for y, t in zip(y_true, zL, strict=True)
        )
        out_expr = {zL[k]: z_expr[depth][k] for k in range(sizes[-1])}
    else:  # -sum_k y_k log softmax(z)_k = -sum_k y_k (z_k - log sum_j e^(z_j))
        lse = sp.log(sum(sp.exp(t) for t in zL))
        L_of_out = -sum(y * (t - lse) for y, t in zip(y_true, zL, strict=True))
        out_expr = {zL[k]: z_expr[depth][k] for k in range(sizes[-1])}
    L = L_of_out.xreplace(out_expr)
    return Net(sizes, hidden, output, loss, x, y_true, W, b, z, a, z_expr, a_expr, L_of_out, L)


def gradients(net: Net) -> list:
    """dL/dW^l and dL/db^l by ``sympy.diff`` of the whole L, one entry at a time (cached).

    Returns
    -------
    list of L pairs (dW, db) of sp.ImmutableMatrix, shapes (n_l, n_(l-1)) and (n_l, 1)
    """
    _net(net)
    return _gradients(net)


@functools.lru_cache(maxsize=64)
def _gradients(net: Net) -> list:

    def d(s):
        return sp.diff(net.L, s)

    return [
        (sp.ImmutableMatrix(net.W[k].applyfunc(d)), sp.ImmutableMatrix(net.b[k].applyfunc(d)))
        for k in range(1, net.depth + 1)
    ]


def f_prime(net: Net, layer: int) -> sp.Matrix:
    """f'(z^l) as a column in the symbols z^l_i, derived with ``sympy.diff`` (layer in 1..L)."""
    _net(net)
    if isinstance(layer, (bool, np.bool_)) or not isinstance(layer, (int, np.integer)):
        raise TypeError(f"layer must be an integer, got {v._describe(layer)}")
    if not 1 <= layer <= net.depth:
        raise ValueError(f"layer must be in [1, {net.depth}] for this network, got {layer}")
    t = sp.Dummy("t", real=True)
    d = sp.diff(net.activation(layer)(t), t)
    return net.z[layer].applyfunc(lambda zi: d.subs(t, zi).doit())


def deltas(net: Net) -> list:
    """delta^l = dL/dz^l for l = 1..L as rows (1, n_l), in the symbols a^l, z^l and y_true.

    delta^L comes from ``sympy.diff`` of the loss (through a^L = f(z^L) for mse); every
    other layer from the recursion delta^l = (delta^(l+1) W^(l+1)) * f'(z^l).
    The list is indexed by layer (``deltas(net)[0]`` is None).
    """
    _net(net)
    L, zL, aL = net.depth, net.z[net.depth], net.a[net.depth]
    if net.loss == "mse":  # delta^L_k = dL/da^L_k * f'(z^L_k)
        fp = f_prime(net, L)
        d = sp.Matrix([[sp.diff(net.L_of_out, aL[k]) * fp[k] for k in range(len(aL))]])
    else:  # the loss is written in z^L directly
        d = sp.Matrix([[sp.diff(net.L_of_out, t) for t in zL]])
    out = [d]
    for layer in range(L - 1, 0, -1):
        fp = f_prime(net, layer)
        d = (d * net.W[layer + 1]).multiply_elementwise(fp.T)  # (delta^(l+1) W^(l+1)) * f'(z^l)
        out.append(d)
    return [None, *reversed(out)]


def delta_rule_gradients(net: Net) -> list:
    """dL/dW^l = (delta^l)^T (a^(l-1))^T and dL/db^l = (delta^l)^T, in the symbols a, z, y_true."""
    _net(net)
    ds = deltas(net)
    return [(ds[k].T * net.a[k - 1].T, ds[k].T) for k in range(1, net.depth + 1)]


def forward_values(net: Net) -> dict:
    """{symbol: expression} for every z^l_i and a^l_i: substitute it to leave x and parameters."""
    _net(net)
    subs = {}
    for layer in range(1, net.depth + 1):
        subs.update(zip(net.z[layer], net.z_expr[layer], strict=True))
        subs.update(zip(net.a[layer], net.a_expr[layer], strict=True))
    return subs


def readable(net: Net, expr: sp.Expr) -> sp.Expr:
    """Rewrite ``expr`` with the symbols z^l_i and a^l_i wherever their formula appears.

    The inverse of substituting :func:`forward_values`: layer by layer, each sum
    W^l a^(l-1) + b^l becomes the symbol z^l_i and each f(z^l_i) becomes a^l_i, so a
    derivative from :func:`gradients` reads like the delta rule.
    """
    _net(net)
    expr = _expression(expr)
    for layer in range(1, net.depth + 1):
        z_of_a = net.W[layer] * net.a[layer - 1] + net.b[layer]  # z^l in the symbols a^(l-1)
        for zi_expr, zi in zip(z_of_a, net.z[layer], strict=True):
            expr = expr.subs(zi_expr, zi)  # subs also finds W a + b inside (W a + b - y)
        if layer < net.depth or net.output != "softmax":
            f = net.activation(layer)
            pairs = zip(net.z[layer], net.a[layer], strict=True)
            expr = _replace_outside_derivatives(expr, {f(zi): ai for zi, ai in pairs})
    return expr.doit()  # Subs(f'(t), t, z^l_i) becomes f'(z^l_i)


def with_primes(expr):
    """For display: write d f(t)/dt as f'(t) for the unnamed functions f and g."""
    expr = _expression(expr)

    def prime(d):
        (t, n), f = d.variable_count[0], d.expr.func
        return sp.Function(f.__name__ + "'" * n)(t)

    return expr.replace(
        lambda e: (
            isinstance(e, sp.Derivative) and isinstance(e.expr, sp.core.function.AppliedUndef)
        ),
        prime,
    )


def _expression(expr):
    """A SymPy object (a matrix too); TypeError for anything else."""
    if not isinstance(expr, (sp.Basic, sp.MatrixBase)):
        raise TypeError(f"expr must be a SymPy expression, got {v._describe(expr)}")
    return expr


def _replace_outside_derivatives(expr, mapping: dict):
    """xreplace, except inside Derivative (f'(z) must not become d a / d z = 0)."""
    if isinstance(expr, sp.Derivative):
        return expr
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    return expr.func(*(_replace_outside_derivatives(arg, mapping) for arg in expr.args))


def delta_rule_check(net: Net) -> dict:
    """{parameter symbol: sympy.diff's derivative minus the delta rule's}, each expanded.

    Both are first written in the symbols z^l_i and a^l_i (:func:`readable`). Every value
    is 0 when the rule holds symbolically; with ``"f"`` and ``"g"`` activations that is
    always visible after ``expand``. With concrete activations some forms (bce's logs) need
    more simplifying than is quick: compare them numerically instead.
    """
    _net(net)
    diff = [e for dW, db in gradients(net) for e in (*dW, *db)]
    rule = [e for rW, rb in delta_rule_gradients(net) for e in (*rW, *rb)]
    return {
        sym: sp.expand(readable(net, d) - readable(net, r))
        for sym, d, r in zip(net.params, diff, rule, strict=True)
    }


# The numbers (mpmath at 40 digits from a rewritten, cancellation-free loss) live in
# helpers/_symbolic_numbers.py; they are part of this module's interface.
from ._symbolic_numbers import loss_and_gradient_values, stable_loss  # noqa: E402, F401
