"""Checkers for the exercises of notebook 09 (backprop through any layer).

References: ``helpers.layers`` (BatchNorm and embedding) and the softmax Jacobian-vector
product written out below. Each mutant is a staged version of the reference with one known
mistake switched on (variance with n - 1, a missing term of the BatchNorm gradient, a
broadcast gradient left unreduced, the diagonal-only softmax derivative, repeated embedding
indices overwritten); the engine in ``_diagnose`` names the mutant that reproduces the
learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from .. import layers
from ._core import Exercise, Mistake, Result, answers
from ._diagnose import check

# ------------------------------------------------------------------ Exercise 1: BatchNorm


def _bn_reference(dout, X, gamma, eps):
    """helpers.layers: the forward pass (beta does not change any gradient), then backward."""
    _, cache = layers.batchnorm_forward(X, gamma, np.zeros_like(gamma), eps)
    return layers.batchnorm_backward(dout, cache)


def _bn(dout, X, gamma, eps, *, ddof=0, mean_term=True, var_term=True, reduce=True):
    """BatchNorm's backward pass in stages (as a learner writes it), one mistake switchable.

    ddof=1 : the variance divided by n - 1 (forward and backward)
    mean_term=False : the path through the batch mean left out
    var_term=False : the path through the batch variance left out
    reduce=False : dgamma and dbeta left unreduced, shape (N, D) instead of (D,)
    """
    n = X.shape[0]
    mu = X.mean(axis=0)
    xc = X - mu
    var = (xc**2).sum(axis=0) / (n - ddof)
    inv = 1.0 / np.sqrt(var + eps)
    xhat = xc * inv
    g = dout * gamma  # dL/dxhat
    dvar = (g * xc).sum(axis=0) * -0.5 * inv**3  # dL/dvar
    dmu = -(g * inv).sum(axis=0)  # dL/dmu (the variance's share is zero: sum(xc) = 0)
    dX = g * inv
    if var_term:
        dX = dX + dvar * 2.0 * xc / (n - ddof)
    if mean_term:
        dX = dX + dmu / n
    dgamma = dout * xhat
    dbeta = dout.copy()
    if reduce:
        dgamma, dbeta = dgamma.sum(axis=0), dbeta.sum(axis=0)
    return dX, dgamma, dbeta


def _bn_case(seed, N, D):
    rng = np.random.default_rng(seed)
    return {
        "dout": rng.standard_normal((N, D)),  # random: an all-ones dout would give dX = 0
        "X": rng.normal(0.5, 2.0, (N, D)),
        "gamma": rng.uniform(0.5, 2.0, D),
        "eps": 1e-5,
    }


_BN_CASES = [_bn_case(90 + i, N, D) for i, (N, D) in enumerate([(4, 3), (3, 2), (6, 4), (2, 5)])]


@answers("batchnorm_backward", outputs=("dX", "dgamma", "dbeta"))
def check_batchnorm_backward(fn, reveal=False) -> Result:
    """Exercise 1 of notebook 09: ``batchnorm_backward(dout, X, gamma, eps)``.

    BatchNorm in training mode on X of shape (N, D), the biased batch variance (divide by
    N); returns (dX, dgamma, dbeta) shaped like X, gamma and gamma.
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 1: batchnorm_backward",
        outputs=("dX", "dgamma", "dbeta"),
        reference=_bn_reference,
        cases=_BN_CASES,
        mistakes=[
            m(
                "unbiased_variance",
                "you used the variance with n - 1 (ddof=1, the sample variance): BatchNorm in "
                "training mode divides by n, var = mean((x - mu)**2), as PyTorch does; "
                "np.var(X, axis=0) does that by default, and the derivative of the variance "
                "is then 2 (x - mu) / n.",
                partial(_bn, ddof=1),
            ),
            m(
                "missing_mean_term",
                "dX is missing the path through the batch mean: every x moves mu, so "
                "subtract sum(g) over the batch, dX = (n g - sum(g) - xhat sum(g xhat)) / "
                "(n sqrt(var + eps)) with g = dout * gamma.",
                partial(_bn, mean_term=False),
            ),
            m(
                "missing_variance_term",
                "dX is missing the path through the batch variance: every x moves var, so "
                "subtract xhat sum(g xhat) over the batch, dX = (n g - sum(g) - xhat "
                "sum(g xhat)) / (n sqrt(var + eps)) with g = dout * gamma.",
                partial(_bn, var_term=False),
            ),
            m(
                "constant_statistics",
                "dX treats the batch mean and variance as constants (dX = g / sqrt(var + eps)): "
                "they depend on every x, which adds two terms, -sum(g) and -xhat sum(g xhat).",
                partial(_bn, mean_term=False, var_term=False),
            ),
            m(
                "unreduced_broadcast",
                "dgamma and dbeta are not summed over the batch: gamma and beta were "
                "broadcast over the N rows, so their gradients are sums over that axis, "
                "(dout * xhat).sum(axis=0) and dout.sum(axis=0), shape (D,) like gamma.",
                partial(_bn, reduce=False),
            ),
        ],
        reference_name="helpers.layers.batchnorm_backward",
        cases_text="batches of 4, 3, 6 and 2 examples with 3, 2, 4 and 5 features",
        batch_size=lambda c: c["X"].shape[0],
        describe=lambda c: f"X of shape {c['X'].shape}",
        shape_hint="dX has X's shape (N, D); dgamma and dbeta have gamma's shape (D,).",
    )
    return check(ex, fn, reveal)


# ------------------------------------------------------------------ Exercise 2: softmax


def _softmax_reference(S, dS):
    """The Jacobian-vector product, J = diag(s) - s s^T per row: dz = s * (ds - ds . s)."""
    return S * (dS - (dS * S).sum(axis=1, keepdims=True))


def _softmax(S, dS, *, diagonal_only=False, axis=1, full=True):
    if diagonal_only:
        return S * (1.0 - S) * dS
    if not full:  # the off-diagonal terms without the diagonal's s_i
        return S * dS
    return S * (dS - (dS * S).sum(axis=axis, keepdims=True))


def _softmax_case(seed, N, C):
    rng = np.random.default_rng(seed)
    Z = rng.normal(0.0, 1.5, (N, C))
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return {"S": E / E.sum(axis=1, keepdims=True), "dS": rng.standard_normal((N, C))}


_SOFTMAX_CASES = [
    _softmax_case(95 + i, N, C) for i, (N, C) in enumerate([(3, 4), (1, 3), (5, 2), (4, 4)])
]


@answers("softmax_backward", outputs=("dZ",))
def check_softmax_backward(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 09: ``softmax_backward(S, dS)``.

    S = softmax(Z) row by row, shape (N, C); dS = dL/dS of the same shape. Returns
    dZ = dL/dZ, shape (N, C), through the full Jacobian of each row.
    """
    ex = Exercise(
        title="Exercise 2: softmax_backward",
        outputs=("dZ",),
        reference=_softmax_reference,
        cases=_SOFTMAX_CASES,
        mistakes=[
            Mistake(
                "diagonal_only",
                "you kept only the diagonal of the softmax Jacobian, ds_i/dz_i = s_i (1 - s_i): "
                "every s_j depends on every z_i too (ds_j/dz_i = -s_j s_i), so "
                "dz = s * (ds - sum(ds * s)) row by row.",
                partial(_softmax, diagonal_only=True),
            ),
            Mistake(
                "softmax_axis",
                "the sum runs over the wrong axis: each row (one example) has its own "
                "Jacobian, so sum over the classes, axis=1, keepdims=True.",
                partial(_softmax, axis=0),
            ),
            Mistake(
                "missing_jacobian_term",
                "dz = s * ds is missing the term -s sum(ds * s): the Jacobian is diag(s) - s s^T.",
                partial(_softmax, full=False),
            ),
        ],
        reference_name="the Jacobian diag(s) - s s^T of each row",
        cases_text="batches of 3, 1, 5 and 4 examples with 4, 3, 2 and 4 classes",
        batch_size=lambda c: c["S"].shape[0],
        describe=lambda c: f"S of shape {c['S'].shape}",
        shape_hint="dZ has the shape (N, C) of S.",
    )
    return check(ex, fn, reveal)


# ------------------------------------------------------------------ Exercise 3: embedding


def _embedding_reference(dout, idx, V):
    """helpers.layers.embedding_backward (np.add.at: repeated indices add up)."""
    _, cache = layers.embedding_forward(idx, np.zeros((V, dout.shape[-1])))
    return layers.embedding_backward(dout, cache)


def _embedding_overwrite(dout, idx, V):
    dE = np.zeros((V, dout.shape[-1]))
    dE[idx] = dout  # a repeated index keeps only its last gradient
    return dE


def _embedding_case(idx, V, D, seed):
    idx = np.array(idx)
    dout = np.random.default_rng(seed).standard_normal(idx.shape + (D,))
    return {"dout": dout, "idx": idx, "V": V}


_EMBEDDING_CASES = [
    _embedding_case([2, 0, 2, 3, 2], 5, 3, 101),
    _embedding_case([[1, 1], [0, 4]], 6, 2, 102),
    _embedding_case([0, 1, 2], 4, 2, 103),
    _embedding_case([[3, 3, 3], [1, 3, 0]], 4, 4, 104),
]


@answers("embedding_backward", outputs=("dE",))
def check_embedding_backward(fn, reveal=False) -> Result:
    """Exercise 3 of notebook 09: ``embedding_backward(dout, idx, V)``.

    idx holds integers of any shape S, dout has shape S + (D,); returns dE of shape (V, D),
    each row of dout added into the row of E it was read from.
    """
    ex = Exercise(
        title="Exercise 3: embedding_backward",
        outputs=("dE",),
        reference=_embedding_reference,
        cases=_EMBEDDING_CASES,
        mistakes=[
            Mistake(
                "overwritten_repeats",
                "a row read more than once keeps only one of its gradients: numpy's "
                "`dE[idx] = dout` and `dE[idx] += dout` both write each repeated row once (the "
                "last write wins). A token used twice must receive the sum: "
                "np.add.at(dE, idx, dout) adds every one.",
                _embedding_overwrite,
            ),
        ],
        reference_name="helpers.layers.embedding_backward",
        cases_text="index arrays of shapes (5,), (2, 2), (3,) and (2, 3), most with repeats",
        describe=lambda c: f"idx = {c['idx'].tolist()}",
        shape_hint="dE has shape (V, D): one row per row of E.",
    )
    return check(ex, fn, reveal)
