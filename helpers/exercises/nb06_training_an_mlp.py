"""Checkers for the exercises of notebook 06 (training an MLP on the digits).

References: SymPy and helpers.mlp.update.
Each mutant is the reference with one known mistake switched on; the engine in
``_diagnose`` names the mutant that reproduces the learner's numbers.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import sympy as sp

from .. import mlp
from ._core import Exercise, Malformed, Mistake, Result, answers, kind
from ._derive import Derivation, check_expression
from ._diagnose import check

_ETA, _LAM = sp.symbols("eta lam", positive=True)


@answers("factor", kind="expression", outputs=("the factor",), rtol=1e-9, atol=1e-12)
def check_decay_factor(answer, reveal=False) -> Result:
    """Exercise 1 of notebook 06: the factor one step of weight decay multiplies W by.

    With the penalty (λ/2) W² and dL/dW = 0, a step is W - η λ W = (1 - η λ) W.
    """
    d = Derivation(
        title="Exercise 1: what one step of weight decay does",
        name="the factor",
        reference=1 - _ETA * _LAM,
        points=[{"eta": e, "lam": la} for e, la in [(0.1, 0.01), (0.5, 0.2), (0.03, 1.5)]],
        mistakes=[
            (
                "factor_of_2",
                "the penalty is (λ/2) W², whose derivative is λ W (the ½ cancels the 2); "
                "you differentiated λ W².",
                1 - 2 * _ETA * _LAM,
            ),
            (
                "sign_error",
                "the step goes against the gradient: W - η λ W, so the weight shrinks.",
                1 + _ETA * _LAM,
            ),
            ("forgot_lr", "the step is η times the gradient: 1 - η λ.", 1 - _LAM),
            (
                "decrement_not_factor",
                "η λ is how much of W one step removes; the factor W is multiplied by is "
                "what is left, 1 - η λ.",
                _ETA * _LAM,
            ),
        ],
        uses="eta and lam",
        answer_text="1 - η λ: each step keeps that fraction of every weight",
        symbol_hints={
            "W": "The factor is what W is multiplied by, so W itself is not in it: the step "
            "gives W_next = (factor)·W, and sp.simplify(W_next / W) leaves the factor."
        },
    )
    return check_expression(d, answer, reveal)


def _sgd(
    params,
    grads,
    lr,
    lam,
    *,
    sign=1.0,
    decay=1.0,
    bias_decay=False,
    use_lr=True,
    decay_sign=1.0,
    decay_lr=True,
):
    step = lr if use_lr else 1.0
    out = []
    for (W, b), (dW, db) in zip(params, grads, strict=True):
        if not decay_lr:  # W - lr dW - λ W: the decay term without the learning rate
            out.append((W - step * dW - lam * W, b - step * db))
            continue
        gW = dW + decay_sign * decay * lam * W  # d/dW [L + λ/2 ||W||²] = dW + λ W
        gb = db + (decay * lam * b if bias_decay else 0.0)
        out.append((W - sign * step * gW, b - sign * step * gb))
    return out


def _sgd_reference(params, grads, lr, lam):
    """helpers.mlp.update with the weight-decay term λW added to each dW (not to db)."""
    decayed = [(dW + lam * W, db) for (W, _), (dW, db) in zip(params, grads, strict=True)]
    return mlp.update(params, decayed, lr=lr)


def _unpack_params(raw, outputs, like=None):
    """A list of (W, b) pairs, one per layer, as (W1, b1, W2, b2, ...) padded with None.

    The structure is compared exactly: as many pairs as params has layers (``like`` holds
    the reference's W1, b1, ... with None for layers the case does not have), each a pair;
    the arrays themselves are read and compared, shape and all, by the engine.
    """
    if not isinstance(raw, (list, tuple)) or not all(
        isinstance(p, (list, tuple)) and len(p) == 2 for p in raw
    ):
        what = kind(raw)
        if isinstance(raw, (list, tuple)):
            what += f" of {len(raw)} items, not all of them pairs"
        raise Malformed(
            f"the new parameters should be a list of (W, b) pairs, like params; you returned {what}"
        )
    layers = len(outputs) // 2
    want = min(len(raw), layers) if like is None else sum(v is not None for v in like[0::2])
    if len(raw) != want:
        raise Malformed(
            f"the new parameters hold {len(raw)} (W, b) pair{'s' if len(raw) != 1 else ''}, but "
            f"params has {want} layers: return one new (W, b) pair per layer, in order "
            "(not the layers joined into one, nor a layer left out)"
        )
    items = []
    for layer in range(layers):
        items += list(raw[layer]) if layer < len(raw) else [None, None]
    return tuple(items)


def _sgd_case(sizes, lr, lam, seed):
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(0, 1, (o, i)), rng.normal(0, 1, o))
        for i, o in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    grads = [(rng.normal(0, 1, W.shape), rng.normal(0, 1, b.shape)) for W, b in params]
    return {"params": params, "grads": grads, "lr": lr, "lam": lam}


_SGD_CASES = [
    _sgd_case([4, 3, 2], 0.1, 0.01, 20),
    _sgd_case([2, 5, 3], 0.5, 0.1, 21),
    _sgd_case([3, 4, 4, 2], 0.05, 0.02, 22),
]


_LAYERS = max(len(c["params"]) for c in _SGD_CASES)
_OUTPUTS = tuple(f"{v}{layer}" for layer in range(1, _LAYERS + 1) for v in ("W", "b"))


@answers(
    "sgd_step",
    outputs=_OUTPUTS,
    returns=[(f"W{n}", f"b{n}") for n in range(1, _LAYERS + 1)],
)
def check_sgd_step(fn, reveal=False) -> Result:
    """Exercise 2 of notebook 06: ``sgd_step(params, grads, lr, lam) -> new params``.

    One gradient-descent step on L + (λ/2) Σ_l ||W^l||² (weight decay on weights only).
    ``grads`` holds the gradients of L alone, without the penalty (as ``mlp.backward``
    returns them), so the step adds λW to each dW itself.
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise 2: sgd_step with weight decay",
        outputs=_OUTPUTS,
        reference=_sgd_reference,
        cases=_SGD_CASES,
        mistakes=[
            m(
                "sign_error",
                "the step goes uphill: it is W ← W - lr (dW + λW), with a minus.",
                partial(_sgd, sign=-1.0),
            ),
            m(
                "sign_error",
                "the decay term has the wrong sign: the penalty (λ/2)||W||² adds "
                "+λW to the gradient, pulling weights towards 0.",
                partial(_sgd, decay_sign=-1.0),
            ),
            m(
                "factor_of_2",
                "the decay term is twice too big: the penalty is (λ/2)||W||², whose "
                "gradient is λW (the ½ cancels the 2).",
                partial(_sgd, decay=2.0),
            ),
            m(
                "regularised_bias",
                "you decayed the biases too; weight decay applies to W only (db gets no λ term).",
                partial(_sgd, bias_decay=True),
            ),
            m(
                "forgot_lr",
                "the step is not multiplied by the learning rate lr.",
                partial(_sgd, use_lr=False),
            ),
            m(
                "decay_without_lr",
                "the decay term is not multiplied by the learning rate: the step is "
                "W - lr (dW + λW), so both terms get lr (you wrote W - lr dW - λW).",
                partial(_sgd, decay_lr=False),
            ),
            m(
                "forgot_weight_decay",
                "the weight-decay term λW is missing from the gradient.",
                partial(_sgd, decay=0.0),
            ),
        ],
        reference_name="helpers.mlp.update with dW + λW",
        unpack=_unpack_params,
        describe=lambda c: (
            "layer widths "
            + "-".join(
                str(n) for n in [c["params"][0][0].shape[1]] + [len(b) for _, b in c["params"]]
            )
            + f", lr = {c['lr']:g}, lam = {c['lam']:g}"
        ),
        correct_text="Correct: every layer's W and b match helpers.mlp.update with dW + λW, "
        "for networks of 2 and 3 layers, and params was left unchanged.",
    )
    return check(ex, fn, reveal)
