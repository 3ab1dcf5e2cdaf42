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

    The ``test_*`` lists stay empty when no test data is given. ``status`` is ``"ok"``, or
    ``"diverged at epoch k: try a smaller lr"`` when epoch k's numbers overflowed float64:
    training then stopped, and the lists hold only the epochs before k (all finite).
    """

    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    status: str = "ok"


def accuracy(params, X, labels, hidden="sigmoid", output="sigmoid") -> float:
    """Fraction of rows of X whose predicted class (``mlp.predict``) equals its label.

    Parameters
    ----------
    X : np.ndarray of shape (N, n_0)
    labels : np.ndarray of shape (N,), (N, K) or (N, 1)
        Integer class labels 0..K-1 (0 or 1 for a network with one output). One-hot rows,
        shape (N, K) for a network with K > 1 outputs, are accepted and read by argmax; a
        column (N, 1) of 0s and 1s is accepted for a network with one output. Anything
        else (float labels, a column for a K-output network, rows that are not one-hot)
        is ambiguous and refused with a ValueError.

    Returns
    -------
    float in [0, 1]
    """
    predicted = mlp.predict(params, X, hidden, output)
    k = v.layers("params", params)[-1][0].shape[0]
    return float(np.mean(predicted == _as_labels(labels, predicted.shape[0], k)))


def _as_labels(labels, n: int, k: int) -> np.ndarray:
    """labels as integers of shape (n,), from labels, one-hot rows or a 0/1 column."""
    need = f"labels must be {n} integer labels 0..{max(k, 2) - 1}"
    if labels is None or isinstance(labels, (str, bool, np.bool_)):
        raise TypeError(f"{need}, got {v._describe(labels)}")
    arr = np.asarray(labels)
    if arr.dtype.kind not in "iuf" or (arr.dtype.kind == "f" and not np.isfinite(arr).all()):
        raise TypeError(f"{need}, got {v._describe(labels)}")
    if arr.ndim == 2 and arr.shape == (n, k) and k > 1:
        if not (np.isin(arr, (0, 1)).all() and (arr.sum(axis=1) == 1).all()):
            raise ValueError(f"labels of shape {arr.shape} must be one-hot rows (one 1 per row)")
        return arr.argmax(axis=1)
    if arr.ndim == 2 and arr.shape == (n, 1) and k == 1:
        arr = arr[:, 0]
    if arr.shape != (n,):
        raise ValueError(
            f"{need} (shape ({n},)), one-hot rows (shape ({n}, {k}), if {k} > 1) or a 0/1 "
            f"column (shape ({n}, 1), for one output), got shape {arr.shape}"
        )
    if (
        not (arr == np.round(arr)).all()
        or arr.min(initial=0) < 0
        or arr.max(initial=0) > max(k, 2) - 1
    ):
        raise ValueError(f"{need}, got values from {arr.min()} to {arr.max()}")
    return arr.astype(np.int64)


def confusion(labels, predicted, num_classes: int) -> np.ndarray:
    """C[i, j] = how many examples of class i were predicted as class j; shape (K, K).

    The diagonal holds the correct answers; everything off it is a mistake.

    Parameters
    ----------
    labels, predicted : arrays of int, shape (N,), values in 0..K-1
    num_classes : int K >= 1
    """
    labels, predicted = data._labels("labels", labels), data._labels("predicted", predicted)
    num_classes = v.integer("num_classes", num_classes, 1, 10**4)
    if labels.shape != predicted.shape:
        raise ValueError(
            f"labels and predicted must have the same shape, got {labels.shape} and "
            f"{predicted.shape}"
        )
    for name, arr in (("labels", labels), ("predicted", predicted)):
        if arr.size and (arr.min() < 0 or arr.max() >= num_classes):
            raise ValueError(
                f"{name} must lie in 0..{num_classes - 1} (num_classes={num_classes}), "
                f"got {arr.min()}..{arr.max()}"
            )
    C = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(C, (labels, predicted), 1)
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
    params, lr, momentum = v.layers("params", params), v.positive("lr", lr), _momentum(momentum)
    shapes = [(W.shape, b.shape) for W, b in params]
    grads = _like(params, "grads", grads, shapes)
    if velocity is None:
        velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    velocity = _like(params, "velocity", velocity, shapes)
    with _overflow_is("params, grads, velocity, lr and momentum are too large: the step overflows"):
        return _step(params, grads, lr, velocity, momentum)


def _step(params, grads, lr, velocity, momentum):
    """:func:`sgd_step` without the argument checks (``velocity`` None: zeros)."""
    if velocity is None:
        velocity = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    new_params, new_velocity = [], []
    for (W, b), (dW, db), (VW, Vb) in zip(params, grads, velocity, strict=True):
        VW = momentum * VW - lr * dW  # V <- mu V - lr dL/dW
        Vb = momentum * Vb - lr * db
        new_params.append((W + VW, b + Vb))  # W <- W + V
        new_velocity.append((VW, Vb))
    return new_params, new_velocity


def _momentum(momentum) -> float:
    momentum = v.number("momentum", momentum, 0.0, 1.0)
    if momentum == 1.0:
        raise ValueError("momentum must lie in [0, 1), got 1.0 (the velocity would never decay)")
    return momentum


def _like(params, name, pairs, shapes) -> list:
    """``pairs`` (grads or velocity) checked to be (W, b) pairs shaped like params."""
    if isinstance(pairs, (list, tuple)) and len(pairs) != len(params):
        raise ValueError(f"{name} must hold {len(params)} pairs like params, got {len(pairs)}")
    pairs = v.layers(name, pairs)
    if [(W.shape, b.shape) for W, b in pairs] != shapes:
        raise ValueError(
            f"{name} must have the shapes of params {shapes}, "
            f"got {[(W.shape, b.shape) for W, b in pairs]}"
        )
    return pairs


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
    lr, momentum = v.positive("lr", lr), _momentum(momentum)
    batch_size = v.integer("batch_size", batch_size, 1)
    epochs = v.integer("epochs", epochs, 1, MAX_EPOCHS)
    progress, seed = v.integer("progress", progress, 0), v.seed("seed", seed)
    X, Y = v.real_array("X", X), v.real_array("Y", Y)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(
            f"X and Y must have shapes (N, n_0) and (N, n_L) with the same N, "
            f"got {X.shape} and {Y.shape}"
        )
    kind = {"hidden": hidden, "output": output}
    units = v.layers("params", params)[-1][0].shape[0]
    if Y.shape[1] != units:
        raise ValueError(
            f"Y has {Y.shape[1]} columns but the last layer of params has {units} units: "
            "they must be equal"
        )
    with _overflow_is("params, X and Y are too large: the loss at the start overflows float64"):
        mlp.batch_loss(params, X, Y, loss=loss, **kind)  # checks params, X, Y, the choices
    if test is not None:
        if not isinstance(test, (list, tuple)) or len(test) != 2:
            raise TypeError(
                f"test must be a pair (X_test, Y_test) or None, got {v._describe(test)}"
            )
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
        with _overflow_is("test is too large: its loss overflows float64"):
            mlp.batch_loss(params, X_test, Y_test, loss=loss, **kind)  # valid test targets
        test = (X_test, Y_test)
    rng = np.random.default_rng(seed)
    history, velocity = History(), None
    with _one_blas_thread():
        for epoch in range(1, epochs + 1):
            try:  # everything was checked: an error now means the numbers blew up
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    new, velocity = _epoch(
                        params, X, Y, rng, batch_size, lr, velocity, momentum, loss, kind
                    )
                    scores = _scores(new, X, Y, test, loss, kind)
            except (ValueError, FloatingPointError):
                history.status = f"diverged at epoch {epoch}: try a smaller lr"
                if progress:
                    print(history.status)
                break
            params = new
            _append(history, epoch, scores)
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
    if not isinstance(split, data.Split):
        raise TypeError(f"split must be a helpers.data.Split, got {v._describe(split)}")
    unknown = sorted(set(changes) - set(DIGITS_RECIPE))
    if unknown:
        raise TypeError(
            f"train_digits got unknown settings {unknown}; the settings are {sorted(DIGITS_RECIPE)}"
        )
    recipe = {**DIGITS_RECIPE, **changes}
    sizes, seed = recipe.pop("layer_sizes"), recipe["seed"]
    params = mlp.init_params(sizes, seed=seed)  # checks layer_sizes
    k = params[-1][0].shape[0]
    Y_train, Y_test = data.one_hot(split.y_train, k), data.one_hot(split.y_test, k)
    test = (split.X_test, Y_test)
    return train(params, split.X_train, Y_train, test=test, progress=progress, **recipe)


#: The most epochs train runs (a typo such as 10**9 would otherwise run for days).
MAX_EPOCHS = 100_000


def _epoch(params, X, Y, rng, batch_size, lr, velocity, momentum, loss, kind):
    """One pass over X in a fresh order, one SGD step per batch; (params, velocity).

    :func:`train` has checked every argument once, so each step calls the unchecked twins
    of ``mlp.loss_and_grads`` and :func:`sgd_step` (the same numbers, without checking
    params, the batch and the velocity again at every step).
    """
    order = rng.permutation(X.shape[0])
    params = v.layers("params", params)  # float64 arrays (checked by train)
    for start in range(0, X.shape[0], batch_size):
        rows = order[start : start + batch_size]
        _, cache = mlp._forward(params, X[rows], kind["hidden"], kind["output"])
        _, grads = mlp._backward(params, cache, Y[rows], loss)  # mlp.loss_and_grads, unchecked
        params, velocity = _step(params, grads, lr, velocity, momentum)
    return params, velocity


def _scores(params, X, Y, test, loss, kind) -> tuple:
    """(train loss, train accuracy, test loss, test accuracy); ValueError if not finite."""
    scores = _evaluate(params, X, Y, loss, kind)
    scores += _evaluate(params, *test, loss, kind) if test is not None else (None, None)
    if not all(np.isfinite(s) for s in scores if s is not None):
        raise ValueError("a loss is not finite")
    return scores


def _append(history, epoch, scores) -> None:
    """Append this epoch's losses and accuracies (train, and test if given) to history."""
    train_loss, train_accuracy, test_loss, test_accuracy = scores
    history.epoch.append(epoch)
    history.train_loss.append(train_loss)
    history.train_accuracy.append(train_accuracy)
    if test_loss is not None:
        history.test_loss.append(test_loss)
        history.test_accuracy.append(test_accuracy)


@contextlib.contextmanager
def _overflow_is(text: str):
    """Turn a float64 overflow inside the block into a ValueError saying ``text``."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            yield
    except FloatingPointError:
        raise ValueError(text) from None


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
