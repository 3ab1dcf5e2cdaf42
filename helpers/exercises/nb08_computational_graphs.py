"""Checkers for the exercises of notebook 08 (computational graphs and reverse mode).

References: the backward pass of ``helpers.autograd`` on small graphs (the learner gets each
graph as lists of parents and local derivatives), and SymPy. Each mutant is the reference
with one known mistake switched on; ``_diagnose`` names the mutant that reproduces the
learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from ..autograd import Tensor, topological_order
from ._core import Exercise, Mistake, Result, answers
from ._derive import Derivation, check_expression
from ._diagnose import check

_L = sp.Symbol("L", positive=True)


def _as_lists(root) -> dict:
    """A Tensor graph as the exercise's arguments: parents and local derivatives by index."""
    nodes = topological_order(root)
    index = {id(n): i for i, n in enumerate(nodes)}
    parents = [[index[id(p)] for p in n.parents] for n in nodes]
    local = [[float(vjp(np.ones(()))) for vjp in n.vjps] for n in nodes]
    return {"parents": parents, "local": local}


def _cases() -> list:
    x = Tensor(3.0)
    reused = x * x + x  # x reaches the output along three paths
    w, xn, b = Tensor(0.2), Tensor(0.5), Tensor(0.1)
    neuron = ((w * xn + b).sigmoid() - 1.0).square() * 0.5
    u, v = Tensor(0.7), Tensor(-1.2)
    h = (u * v).tanh()  # used by two later nodes
    shared = (h * u + h.exp()) * (v + h)
    return [_as_lists(g) for g in (reused, neuron, shared)]


def _backprop(parents, local, *, overwrite=False, order="reverse", upstream=True):
    n = len(parents)
    grads = np.zeros(n)
    grads[n - 1] = 1.0  # dL/dL = 1 at the output, the last node
    nodes = range(n - 1, -1, -1) if order == "reverse" else range(n)
    for i in nodes:
        for p, d in zip(parents[i], local[i], strict=True):
            share = d * grads[i] if upstream else d
            grads[p] = share if overwrite else grads[p] + share
    return grads


@answers("backprop", outputs=("grads",), rtol=1e-10, atol=1e-12)
def check_backprop(fn, reveal=False) -> Result:
    """Exercise 1 of notebook 08: ``backprop(parents, local) -> grads``, shape (n,)."""
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 1: backprop",
        outputs=("grads",),
        reference=_backprop,
        cases=_cases(),
        mistakes=[
            m(
                "overwrite",
                "a node used more than once (x in x·x + x) must receive the sum over all its "
                "paths: `grads[p] += ...`, not `grads[p] = ...`, which keeps only the last "
                "path's share.",
                partial(_backprop, overwrite=True),
            ),
            m(
                "forward_order",
                "visit the nodes from the output back (for i in reversed(range(n))): a node "
                "may pass its gradient on only once every node that uses it has added its share.",
                partial(_backprop, order="forward"),
            ),
            m(
                "no_upstream",
                "each edge carries its local derivative times the gradient that arrived at "
                "the node above (the chain rule): `local[i][k] * grads[i]`.",
                partial(_backprop, upstream=False),
            ),
        ],
        reference_name="helpers.autograd's backward pass",
        cases_text="x·x + x, the neuron's loss, a graph with a node used twice",
        describe=lambda case: f"the graph with {len(case['parents'])} nodes",
        rtol=1e-10,
        atol=1e-12,
    )
    return check(ex, fn, reveal)


@answers("best_segments", kind="expression", outputs=("k",), rtol=1e-9, atol=1e-12)
def check_best_segments(answer, reveal=False) -> Result:
    """Exercise 2 of notebook 08: the number of segments k that keeps fewest arrays.

    With k segments of an L-layer network, checkpointing keeps k segment inputs plus, for
    the segment being recomputed, 2 L / k arrays (its A^l and Z^l): k + 2 L / k is
    smallest at k = sqrt(2 L).
    """
    d = Derivation(
        title="Exercise 2: how many checkpoints",
        name="k",
        reference=sp.sqrt(2 * _L),
        points=[{"L": n} for n in (2.0, 8.0, 16.0, 50.0)],
        mistakes=[
            (
                "one_array_per_layer",
                "a recomputed layer keeps two arrays, A^l and Z^l, so a segment of L/k "
                "layers keeps 2L/k: minimise k + 2L/k.",
                sp.sqrt(_L),
            ),
            (
                "half",
                "set the derivative of k + 2L/k to zero: 1 - 2L/k² = 0.",
                sp.sqrt(_L / 2),
            ),
            (
                "all_layers",
                "keeping every layer (k = L) is plain backprop; the minimum of k + 2L/k lies "
                "where 1 - 2L/k² = 0.",
                _L,
            ),
        ],
        uses="L",
        answer_text="k = √(2L), keeping about 2√(2L) arrays instead of 2L + 1",
    )
    return check_expression(d, answer, reveal)


def _unbroadcast(g, shape, *, reduce=np.sum):
    g = np.asarray(g, dtype=float)
    while g.ndim > len(shape):  # the axes broadcasting put in front
        g = reduce(g, axis=0)
    for axis, n in enumerate(shape):  # the axes of size 1 that it stretched
        if n == 1 and g.shape[axis] != 1:
            g = reduce(g, axis=axis, keepdims=True)
    return g


def _unbroadcast_leading(g, shape):
    g = np.asarray(g, dtype=float)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    return g


@answers("unbroadcast", outputs=("gradient",), rtol=1e-10, atol=1e-12)
def check_unbroadcast(fn, reveal=False) -> Result:
    """Exercise 3 of notebook 08: ``unbroadcast(g, shape) -> gradient`` of shape ``shape``."""
    rng = np.random.default_rng(8)
    cases = [
        {"g": rng.normal(size=(4, 3)), "shape": (3,)},  # a bias added to every row
        {"g": rng.normal(size=(4, 3)), "shape": (4, 1)},  # a column added to every column
        {"g": rng.normal(size=(2, 3, 4)), "shape": (3, 1)},  # both at once
        {"g": rng.normal(size=(3, 2)), "shape": (3, 2)},  # nothing was broadcast
    ]
    ex = Exercise(
        title="Exercise 3: unbroadcast",
        outputs=("gradient",),
        reference=_unbroadcast,
        cases=cases,
        mistakes=[
            Mistake(
                "mean_not_sum",
                "a broadcast value is used once per copy, and a value used several times "
                "receives the SUM of the gradients along its paths, not their mean.",
                partial(_unbroadcast, reduce=np.mean),
            ),
            Mistake(
                "unreduced",
                "the broadcast gradient was left unreduced: it still has g's shape. Sum it "
                "over the axes broadcasting added or stretched, so it has `shape`.",
                lambda g, shape: np.asarray(g, dtype=float),
            ),
            Mistake(
                "leading_axes_only",
                "you summed the axes broadcasting added in front, but not the axes where "
                "`shape` has a 1 (a column of shape (4, 1) was stretched to (4, 3)): sum "
                "those too, with keepdims=True.",
                partial(_unbroadcast_leading),
            ),
        ],
        shape_hint="The result has exactly `shape`.",
        reference_name="helpers.autograd's _unbroadcast",
        wrong_form=(
            "The gradient must have the shape of the value that was broadcast: sum over the "
            "axes broadcasting added in front, and over each axis where `shape` has a 1 "
            "(with keepdims=True)"
        ),
        describe=lambda case: f"g of shape {case['g'].shape} and shape={case['shape']}",
        cases_text="a row, a column, both, and nothing broadcast",
        rtol=1e-10,
        atol=1e-12,
    )
    return check(ex, fn, reveal)
