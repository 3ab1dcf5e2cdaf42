"""Mini-batch stochastic gradient descent on top of ``helpers.mlp``, with optional momentum.

One step: take a batch of rows, compute the batch loss and every dL/dW^l, dL/db^l with
the hand-written delta rule (``mlp.loss_and_grads``), then move each parameter against
its gradient. With momentum mu, the step remembers a velocity V per parameter:

    V <- mu V - lr dL/dW        W <- W + V          (mu = 0 is plain SGD)

so steps along a direction that keeps its sign grow up to 1 / (1 - mu) times larger,
while steps that flip sign from batch to batch cancel out.

Everything is seeded: the same arguments give the same parameters and history, bit for bit.
Training runs numpy's BLAS on one thread: for matrices this small, threads only wait for
each other (on a busy 2-core machine a run took 1-4 s with two threads, 0.2 s with one),
and one thread adds up every dot product in the same order on any machine.

Introduced in notebooks/06_training_an_mlp.ipynb.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from . import _validate as v
from . import data, losses, mlp


@dataclass
class History:
    """Loss and accuracy after each epoch (lists of floats; accuracies in [0, 1]).

    The ``test_*`` lists stay empty when no test data is given.
    """

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)


def accuracy(params, X, labels, hidden="sigmoid", output="sigmoid") -> float:
    """Fraction of rows of X whose predicted class (``mlp.predict``) equals its label.

    Parameters
    ----------
    X : np.ndarray of shape (N, n_0)
    labels : np.ndarray of int, shape (N,)

    Returns
    -------
    float in [0, 1]
    """
    labels = np.asarray(labels)
    return float(np.mean(mlp.predict(params, X, hidden, output) == labels))


def confusion(labels, predicted, num_classes: int) -> np.ndarray:
    """C[i, j] = how many examples of class i were predicted as class j; shape (K, K).

    The diagonal holds the correct answers; everything off it is a mistake.
    """
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (np.asarray(labels), np.asarray(predicted)), 1)
    return C


def sgd_step(params, grads, lr, velocity=None, momentum=0.0):
    """One (momentum) gradient step; returns (new params, new velocity). Nothing in place.

    Parameters
    ----------
    params, grads : lists of L pairs (W, b) and (dW, db) of equal shapes
    lr : float, the learning rate
    velocity : list of L pairs like params, or None for zeros
    momentum : float in [0, 1)

    Returns
    -------
    params, velocity : lists of L pairs
    """
    if velocity is None:
        velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    new_params, new_velocity = [], []
    for (W, b), (dW, db), (VW, Vb) in zip(params, grads, velocity, strict=True):
        VW = momentum * VW - lr * dW  # V <- mu V - lr dL/dW
        Vb = momentum * Vb - lr * db
        new_params.append((W + VW, b + Vb))  # W <- W + V
        new_velocity.append((VW, Vb))
    return new_params, new_velocity


def train(
    params,
    X,
    Y,
    *,
    hidden="sigmoid",
    output="sigmoid",
    loss="mse",
    lr=0.1,
    momentum=0.0,
    batch_size=32,
    epochs=10,
    seed=0,
    test=None,
    progress=0,
):
    """Train with mini-batch SGD; returns (trained params, History).

    Each epoch visits every row of X once, in a fresh order drawn from a generator seeded
    with ``seed``, in batches of ``batch_size`` rows (the last batch may be smaller).

    Parameters
    ----------
    params : list of L pairs (W, b), as from ``mlp.init_params`` (not changed)
    X : np.ndarray of shape (N, n_0)
    Y : np.ndarray of shape (N, n_L), the targets (one-hot rows for cross_entropy)
    hidden, output, loss : str, as in ``mlp.loss_and_grads``
    lr : float > 0, learning rate
    momentum : float in [0, 1); 0 is plain SGD
    batch_size : int >= 1
    epochs : int >= 1
    seed : int, seeds the shuffling
    test : tuple (X_test, Y_test), or None
        Held-out data, evaluated (never trained on) after every epoch.
    progress : int
        Print one line every ``progress`` epochs (0: silent). The lines hold only the
        epoch and rounded losses, so they repeat exactly on re-execution.

    Returns
    -------
    params : list of L pairs (W, b), the trained parameters
    history : History, one entry per epoch
    """
    lr = v.positive("lr", lr)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must lie in [0, 1), got {momentum!r}")
    for name, n in (("batch_size", batch_size), ("epochs", epochs), ("progress", progress + 1)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    X, Y = v.real_array("X", X), v.real_array("Y", Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(
            f"X and Y must have shapes (N, n_0) and (N, n_L) with the same N, "
            f"got {X.shape} and {Y.shape}"
        )
    kind = {"hidden": hidden, "output": output}
    if test is not None:
        X_test, Y_test = test
        X_test, Y_test = v.real_array("X_test", X_test), v.real_array("Y_test", Y_test)
        if (
            X_test.shape[1:] != X.shape[1:]
            or Y_test.shape[1:] != Y.shape[1:]
            or (X_test.shape[0] != Y_test.shape[0])
        ):
            raise ValueError(
                f"test must be (X_test, Y_test) with the same number of rows and the columns "
                f"of X and Y, shapes (M, {X.shape[1]}) and (M, {Y.shape[1]}), "
                f"got shapes {X_test.shape} and {Y_test.shape}"
            )
        mlp.batch_loss(params, X_test, Y_test, loss=loss, **kind)  # valid targets for the loss
        test = (X_test, Y_test)
    rng = np.random.default_rng(seed)
    history, velocity = History(), None
    with _one_blas_thread():
        for epoch in range(1, epochs + 1):
            order = rng.permutation(X.shape[0])
            for start in range(0, X.shape[0], batch_size):
                rows = order[start : start + batch_size]
                _, grads = mlp.loss_and_grads(params, X[rows], Y[rows], loss=loss, **kind)
                params, velocity = sgd_step(params, grads, lr, velocity, momentum)
            _record(history, epoch, params, X, Y, test, loss, kind)
            if progress and (epoch % progress == 0 or epoch == epochs):
                line = f"epoch {epoch:>3}/{epochs}: train loss {history.train_loss[-1]:.3f}"
                if history.test_loss:
                    line += f", test loss {history.test_loss[-1]:.3f}"
                print(line)
    return params, history


#: The capstone of notebook 06: the network and the settings it trains the digits with.
DIGITS_RECIPE = {
    "layer_sizes": [64, 128, 10],
    "hidden": "relu",
    "output": "softmax",
    "loss": "cross_entropy",
    "lr": 0.03,
    "momentum": 0.9,
    "batch_size": 32,
    "epochs": 20,
    "seed": 0,
}


def train_digits(split, progress=0, **changes):
    """Train :data:`DIGITS_RECIPE` (with any ``changes``) on a ``helpers.data.Split``.

    Returns
    -------
    params, history : as :func:`train`, with the split's test set as ``test``
    """
    recipe = {**DIGITS_RECIPE, **changes}
    sizes, seed = recipe.pop("layer_sizes"), recipe["seed"]
    k = sizes[-1]
    Y_train, Y_test = data.one_hot(split.y_train, k), data.one_hot(split.y_test, k)
    params = mlp.init_params(sizes, seed=seed)
    test = (split.X_test, Y_test)
    return train(params, split.X_train, Y_train, test=test, progress=progress, **recipe)


def _record(history, epoch, params, X, Y, test, loss, kind) -> None:
    """Append this epoch's losses and accuracies (train, and test if given) to history."""
    history.epoch.append(epoch)
    train_loss, train_accuracy = _evaluate(params, X, Y, loss, kind)
    history.train_loss.append(train_loss)
    history.train_accuracy.append(train_accuracy)
    if test is not None:
        test_loss, test_accuracy = _evaluate(params, *test, loss, kind)
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)


def _evaluate(params, X, Y, loss, kind) -> tuple:
    """The batch loss and the accuracy on (X, Y) from ONE forward pass.

    The same numbers as ``mlp.batch_loss`` and :func:`accuracy`, which would each run the
    forward pass again: evaluating after every epoch then cost as much as the training.
    """
    out, cache = mlp.forward(params, X, **kind)
    value = losses.batch_loss(cache.Z[-1], Y, kind["output"], loss)
    predicted = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > 0.5).astype(np.int64)
    return value, float(np.mean(predicted == _labels(Y)))


def _one_blas_thread():
    """A context in which numpy's BLAS uses one thread (threadpoolctl comes with sklearn)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - without it, BLAS keeps its default threads
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _labels(Y) -> np.ndarray:
    """Class labels from targets: argmax of one-hot rows, or y > 0.5 for one output."""
    Y = np.asarray(Y)
    return Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(np.int64)
