"""Checker for the "write the training loop" exercise of notebook 06.

The learner writes ``train_loop(params, X, Y, lr, steps) -> (params, losses)``: full-batch
gradient descent with the digits network's kind (ReLU hidden layers, softmax output,
cross-entropy), each step forward and backward with ``mlp.loss_and_grads``, the loss
recorded, then ``mlp.update``. The reference is exactly that loop; each mutant is the loop
with one known slip, and the engine in ``_diagnose`` names the mutant that reproduces the
learner's numbers. Comparing the whole loss curve and the trained parameters with the
reference's checks that the loop learns: the reference lowers the loss in every case.

Introduced in notebooks/06_training_an_mlp.ipynb.
"""

from __future__ import annotations

import numbers
from functools import partial

import numpy as np

from .. import mlp
from ._core import Exercise, Malformed, Mistake, Result, answers, kind
from ._diagnose import check

#: The kind of network the loop trains: the digits network of notebook 06.
KIND = {"hidden": "relu", "output": "softmax", "loss": "cross_entropy"}


def _loop(
    params,
    X,
    Y,
    lr,
    steps,
    *,
    sign=1.0,
    use_lr=True,
    update=True,
    record_after=False,
    kind_=None,
    extra_steps=0,
):
    """The training loop, with one slip switched on by the keyword arguments."""
    kind_ = KIND if kind_ is None else kind_
    losses = []
    for _ in range(steps + extra_steps):
        loss, grads = mlp.loss_and_grads(params, X, Y, **kind_)  # forward and backward
        step = [(sign * dW, sign * db) for dW, db in grads]
        new = mlp.update(params, step, lr=lr if use_lr else 1.0)  # W <- W - lr dL/dW
        if update:
            params = new
        losses.append(mlp.batch_loss(params, X, Y, **kind_) if record_after else loss)
    return params, losses


def _reference(params, X, Y, lr, steps):
    """Full-batch gradient descent: record the loss, then step against the gradient."""
    return _loop(params, X, Y, lr, steps)


def _unpack(raw, outputs, like=None):
    """(params, losses) as (losses, W1, b1, W2, b2): the loss curve as a float64 array."""
    if not isinstance(raw, (list, tuple)) or len(raw) != 2:
        raise Malformed(
            f"train_loop should return two things, (params, losses); it returned {kind(raw)}"
        )
    params, losses = raw
    if _is_numbers(params) and not _is_numbers(losses):
        raise Malformed("it returned (losses, params): return (params, losses), in that order")
    if isinstance(losses, (list, tuple)):
        if not _is_numbers(losses):
            raise Malformed(
                "losses should be a list of numbers, one loss per step (the float that "
                "mlp.loss_and_grads returns first)"
            )
        losses = np.array(losses, dtype=np.float64)
    if not isinstance(params, (list, tuple)) or not all(
        isinstance(p, (list, tuple)) and len(p) == 2 for p in params
    ):
        raise Malformed(
            f"the trained params should be a list of (W, b) pairs, like params; got {kind(params)}"
        )
    layers = (len(outputs) - 1) // 2
    if len(params) != layers:
        raise Malformed(
            f"the trained params hold {len(params)} (W, b) pairs, but the network has "
            f"{layers} layers: return one (W, b) pair per layer"
        )
    return (losses, *(a for pair in params for a in pair))


def _is_numbers(value) -> bool:
    """A non-empty list or tuple of real numbers (not bools)."""
    return (
        isinstance(value, (list, tuple))
        and len(value) > 0
        and all(
            isinstance(v, (numbers.Real, np.floating)) and not isinstance(v, bool) for v in value
        )
    )


def _case(sizes, n, lr, steps, seed):
    """Random inputs and one-hot targets for a network of the given widths."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]
    return {"params": mlp.init_params(sizes, seed=seed), "X": X, "Y": Y, "lr": lr, "steps": steps}


_CASES = [_case([4, 6, 3], 12, 0.5, 20, 30), _case([2, 5, 2], 8, 0.3, 15, 31)]
_OUTPUTS = ("losses", "W1", "b1", "W2", "b2")
_START, _END = (lambda curve: (curve[0], curve[-1]))(_reference(**_CASES[0])[1])


@answers("train_loop", outputs=_OUTPUTS, returns=([("W1", "b1"), ("W2", "b2")], "losses"))
def check_training_loop(fn, reveal=False) -> Result:
    """The training-loop exercise of notebook 06: ``train_loop(params, X, Y, lr, steps)``.

    Returns a :class:`Result`: correct when the loss curve (one loss per step, recorded
    before the step's update) and the trained W, b match the reference's on every case.
    """
    m = partial(Mistake)
    ex = Exercise(
        title="Exercise: the training loop",
        outputs=_OUTPUTS,
        reference=_reference,
        cases=_CASES,
        mistakes=[
            m(
                "no_update",
                "the parameters never change: mlp.update returns new parameters and leaves "
                "the old ones alone, so assign its result, params = mlp.update(params, grads, lr).",
                partial(_loop, update=False),
            ),
            m(
                "sign_error",
                "the loss goes up: the step goes against the gradient, W - lr dL/dW.",
                partial(_loop, sign=-1.0),
            ),
            m(
                "forgot_lr",
                "the step is not multiplied by the learning rate lr: pass lr=lr to mlp.update.",
                partial(_loop, use_lr=False),
            ),
            m(
                "loss_after_update",
                "each recorded loss is the one after that step's update; record the loss "
                "that mlp.loss_and_grads returns, before the update, so losses[0] is the "
                "untrained network's loss.",
                partial(_loop, record_after=True),
            ),
            m(
                "default_kind",
                "mlp.loss_and_grads was called with its defaults (sigmoid units and the "
                "squared error); this network has ReLU hidden units, a softmax output and "
                'the cross-entropy: pass hidden="relu", output="softmax", loss="cross_entropy".',
                partial(_loop, kind_={}),
            ),
            m(
                "sigmoid_hidden",
                'the hidden layer is a sigmoid: pass hidden="relu" to mlp.loss_and_grads.',
                partial(_loop, kind_={**KIND, "hidden": "sigmoid"}),
            ),
        ],
        reference_name="full-batch gradient descent with helpers.mlp",
        unpack=_unpack,
        describe=lambda c: (
            "a "
            + "-".join(str(n) for n in [c["X"].shape[1]] + [len(b) for _, b in c["params"]])
            + f" network, {len(c['X'])} examples, lr = {c['lr']:g}, {c['steps']} steps"
        ),
        correct_text=(
            "Correct: your loop learns. On a 4-6-3 network and 12 examples it lowers the loss "
            f"from {_START:.4f} to {_END:.4f} in 20 steps, and every loss and every trained "
            "W and b match full-batch gradient descent with helpers.mlp, in both cases."
        ),
    )
    return check(ex, fn, reveal)
