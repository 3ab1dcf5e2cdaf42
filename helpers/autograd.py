"""A small reverse-mode autodiff engine over numpy arrays, and mlp's loss_and_grads on it.

Every operation on a :class:`Tensor` makes a new node that remembers its parents and, for
each parent, its *vector-Jacobian product* (vjp): a function that takes the gradient of the
final result with respect to the node's value, g = dL/d(node), shape of the node, and
returns the part of dL/d(parent) that flows through this edge, shape of the parent.
:meth:`Tensor.backward` visits the nodes in reverse topological order and adds (``+=``)
each edge's share to its parent's ``grad``: a node used twice receives the sum over its paths.

Broadcasting (a bias b of shape (n,) added to Z of shape (N, n)) copies b along the rows, so
its gradient sums g over them: ``_unbroadcast``. Introduced in
notebooks/08_computational_graphs.ipynb.
"""

from __future__ import annotations

import numpy as np

from . import _mlp_checks as check
from . import _validate as v
from . import mlp
from .activations import _KERNELS


def _unbroadcast(g, shape):
    """Sum g over the axes that broadcasting added or stretched, so it has ``shape``."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


class Tensor:
    """A node of a computational graph: ``value``, ``grad`` and how it was made.

    Parameters
    ----------
    value : float or array of any shape (finite; kept as float64)
    name : str, a label for drawings ("" by default)

    Attributes: ``parents`` (the nodes it was computed from), ``vjps`` (one function per
    parent, g -> that parent's share of the gradient), ``op`` (``"input"`` for a leaf) and
    ``grad`` (None until :meth:`backward`, then dL/d(value), shaped like value).
    """

    def __init__(self, value, name=""):
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {v._describe(name)}")
        self.value, self.name = check.real_array("value", value), name
        self.parents, self.vjps, self.op, self.grad = (), (), "input", None

    @classmethod
    def _make(cls, value, op, *edges):
        """A new node computed by ``op`` from (parent, vjp) pairs."""
        out = cls.__new__(cls)
        out.value, out.name, out.op, out.grad = np.asarray(value, dtype=float), "", op, None
        out.parents = tuple(parent for parent, _ in edges)
        out.vjps = tuple(vjp for _, vjp in edges)
        return out

    def __repr__(self):
        return f"Tensor({self.name or self.op}, shape {self.value.shape})"

    # --------------------------------------------------------------- primitives
    def __add__(self, other):
        a, b = self, _tensor(other)
        return Tensor._make(
            a.value + b.value, "+",
            (a, lambda g: _unbroadcast(g, a.value.shape)),
            (b, lambda g: _unbroadcast(g, b.value.shape)),
        )  # fmt: skip

    def __sub__(self, other):
        a, b = self, _tensor(other)
        return Tensor._make(
            a.value - b.value, "−",
            (a, lambda g: _unbroadcast(g, a.value.shape)),
            (b, lambda g: -_unbroadcast(g, b.value.shape)),
        )  # fmt: skip

    def __mul__(self, other):
        a, b = self, _tensor(other)
        return Tensor._make(
            a.value * b.value, "×",
            (a, lambda g: _unbroadcast(g * b.value, a.value.shape)),
            (b, lambda g: _unbroadcast(g * a.value, b.value.shape)),
        )  # fmt: skip

    __radd__, __rmul__ = __add__, __mul__

    def __matmul__(self, other):  # both 2-D: (N, k) @ (k, m)
        a, b = self, _tensor(other)
        return Tensor._make(
            a.value @ b.value, "@", (a, lambda g: g @ b.value.T), (b, lambda g: a.value.T @ g)
        )

    @property
    def T(self):
        return Tensor._make(self.value.T, "ᵀ", (self, lambda g: g.T))

    def _elementwise(self, name, f, f_prime):
        return Tensor._make(f(self.value), name, (self, lambda g: g * f_prime(self.value)))

    def sigmoid(self):
        return self._elementwise("σ", *_KERNELS["sigmoid"])

    def tanh(self):
        return self._elementwise("tanh", *_KERNELS["tanh"])

    def relu(self):
        return self._elementwise("relu", *_KERNELS["relu"])

    def exp(self):
        return self._elementwise("exp", np.exp, np.exp)

    def log(self):
        if (self.value <= 0).any():
            raise ValueError(f"log needs positive values, got a minimum of {self.value.min()}")
        return self._elementwise("log", np.log, lambda x: 1 / x)

    def square(self):
        return self._elementwise("²", np.square, lambda x: 2 * x)

    def softplus(self):  # log(1 + e^x), stable: its derivative is sigmoid(x)
        return self._elementwise("softplus", _softplus, _KERNELS["sigmoid"][0])

    def sum(self, axis=None):
        shape = self.value.shape

        def vjp(g):  # every entry summed gets the same gradient: a broadcast
            return np.broadcast_to(g if axis is None else np.expand_dims(g, axis), shape)

        return Tensor._make(self.value.sum(axis=axis), "Σ", (self, vjp))

    def mean(self):
        return self.sum() * (1.0 / self.value.size)

    def logsumexp(self, axis=1):
        """log Σ_j e^(x_j) along ``axis``, without overflow; its gradient is softmax(x)."""
        top = self.value.max(axis=axis, keepdims=True)
        e = np.exp(self.value - top)  # the largest entry is e^0 = 1: no overflow
        total = e.sum(axis=axis, keepdims=True)
        out = np.squeeze(top + np.log(total), axis=axis)
        return Tensor._make(out, "lse", (self, lambda g: np.expand_dims(g, axis) * e / total))

    # --------------------------------------------------------------- the backward pass
    def backward(self):
        """Fill ``grad`` of every node this one depends on with d(self)/d(node)."""
        if self.value.size != 1:
            raise ValueError(f"backward needs a single number, got shape {self.value.shape}")
        order = topological_order(self)
        for node in order:
            node.grad = np.zeros_like(node.value)
        self.grad = np.ones_like(self.value)  # dL/dL = 1
        for node in reversed(order):  # every node after all the nodes that use it
            for parent, vjp in zip(node.parents, node.vjps, strict=True):
                parent.grad += vjp(node.grad)  # +=: the sum over the paths through parent


def _softplus(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _tensor(value):
    return value if isinstance(value, Tensor) else Tensor(value)


def topological_order(root) -> list:
    """Every node ``root`` depends on, each after its parents, ``root`` last."""
    if not isinstance(root, Tensor):
        raise TypeError(f"root must be a Tensor, got {v._describe(root)}")
    order, seen, stack = [], set(), [(root, False)]
    while stack:  # a depth-first search without recursion (deep graphs)
        node, finished = stack.pop()
        if finished:
            order.append(node)  # its parents are all in order already
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in reversed(node.parents) if id(p) not in seen)
    return order


def _network_loss(leaves, X, Y, hidden, output, loss):
    """The batch loss of helpers.mlp as a graph of Tensors (leaves: (W, b) Tensor pairs)."""
    A = X
    for layer, (W, b) in enumerate(leaves, start=1):
        Z = A @ W.T + b  # Z^l = A^(l-1) (W^l)^T + b^l
        A = getattr(Z, hidden)() if layer < len(leaves) else Z
    n = 1.0 / X.value.shape[0]
    if loss == "bce":  # the mean of softplus(z) - y z: log(1 + e^z) without overflow
        return (Z.softplus() - Z * Y).sum() * n
    if loss == "cross_entropy":  # -Σ y log softmax(z) = -Σ y (z - lse(z))
        return (Y * Z).sum() * (-n) + (Y.sum(axis=1) * Z.logsumexp(axis=1)).sum() * n
    A = Z.sigmoid() if output == "sigmoid" else Z
    return (A - Y).square().sum() * (0.5 * n)


def loss_graph(params, X, Y, hidden="sigmoid", output="sigmoid", loss="mse"):
    """The forward pass alone: (root, leaves), the loss node and L pairs of (W, b) Tensors.

    The arguments and their checks are those of :func:`helpers.mlp.loss_and_grads`;
    ``root.backward()`` then fills every leaf's ``grad``.
    """
    params, X, Y = mlp._check_all(params, X, Y, hidden, output, loss)
    with check.too_large("params, X and Y"):
        leaves = [(Tensor(W, f"W{k}"), Tensor(b, f"b{k}")) for k, (W, b) in enumerate(params, 1)]
        return _network_loss(leaves, Tensor(X, "X"), Tensor(Y, "Y"), hidden, output, loss), leaves


def loss_and_grads(params, X, Y, hidden="sigmoid", output="sigmoid", loss="mse"):
    """:func:`helpers.mlp.loss_and_grads` computed by this engine: (batch loss, grads).

    The same arguments, checks and errors; returns the batch loss as a float and a list of
    L pairs (dW, db) shaped like params.
    """
    root, leaves = loss_graph(params, X, Y, hidden, output, loss)
    with check.too_large("params, X and Y"):
        root.backward()
    return float(root.value), [(W.grad, b.grad) for W, b in leaves]
