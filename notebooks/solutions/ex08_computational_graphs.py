"""Solutions to the exercises of notebooks/08_computational_graphs.ipynb.

Kept for instructors and checked by tests/test_exercises_nb08.py; see README.md here.
"""

import numpy as np
import sympy as sp


# Exercise 1: reverse accumulation over nodes in topological order, the output last.
def backprop(parents, local):
    """grads[i] = d(output)/d(node i); parents[i] and local[i] list node i's inputs and
    the local derivatives d(node i)/d(input)."""
    n = len(parents)
    grads = np.zeros(n)
    grads[n - 1] = 1.0  # dL/dL = 1
    for i in reversed(range(n)):  # every node after all the nodes that use it
        for p, d in zip(parents[i], local[i], strict=True):
            grads[p] += d * grads[i]  # += : the sum over the paths through p
    return grads


# Exercise 2: k segment inputs plus 2L/k arrays of the segment recomputed; minimise.
L, k = sp.symbols("L k", positive=True)
kept = k + 2 * L / k
(best_segments,) = sp.solve(sp.diff(kept, k), k)  # sqrt(2) sqrt(L)


# Exercise 3: a broadcast copies a value, so its gradient sums over the copies.
def unbroadcast(g, shape):
    """Sum g over the axes broadcasting added or stretched, so the result has ``shape``."""
    while g.ndim > len(shape):  # axes added in front
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):  # axes of size 1 that were stretched
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g
