"""Mini-batch SGD (helpers.train): the capstone's training reaches its loss, repeatably."""

import dataclasses
import re
import warnings

import numpy as np
import pytest

from helpers import data, mlp, train


@pytest.fixture(scope="module")
def small_digits():
    """The first 300 training and 100 test digits of the capstone's split."""
    split = data.load_digits()
    return dataclasses.replace(
        split,
        X_train=split.X_train[:300],
        y_train=split.y_train[:300],
        X_test=split.X_test[:100],
        y_test=split.y_test[:100],
    )


def test_capstone_recipe_reaches_a_low_loss_on_a_subset(small_digits):
    params, history = train.train_digits(small_digits, epochs=10)
    assert history.epoch == list(range(1, 11))
    assert history.train_loss[-1] < 0.02  # it reaches about 0.011
    assert history.train_loss[-1] < history.train_loss[0] / 20
    assert history.train_accuracy[-1] == 1.0
    assert history.test_accuracy[-1] >= 0.85  # 0.93 on these 100 digits
    assert len(history.test_loss) == 10
    assert [W.shape for W, _ in params] == [(128, 64), (10, 128)]


def test_training_is_deterministic(small_digits):
    p1, h1 = train.train_digits(small_digits, epochs=3)
    p2, h2 = train.train_digits(small_digits, epochs=3)
    assert h1 == h2  # exactly equal: same seed, same order of every sum
    for (W1, b1), (W2, b2) in zip(p1, p2, strict=True):
        assert np.array_equal(W1, W2) and np.array_equal(b1, b2)
    p3, _ = train.train_digits(small_digits, epochs=3, seed=1)
    assert not np.array_equal(p1[0][0], p3[0][0])


def test_progress_prints_fixed_lines(small_digits, capsys):
    train.train_digits(small_digits, epochs=4, progress=2)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("epoch   2/4: train loss ") and "test loss" in lines[0]
    train.train_digits(small_digits, epochs=2)
    assert capsys.readouterr().out == ""


def test_training_does_not_change_its_inputs(small_digits):
    params = mlp.init_params([64, 8, 10], seed=0)
    copy = [(W.copy(), b.copy()) for W, b in params]
    X = small_digits.X_train.copy()
    Y = data.one_hot(small_digits.y_train, 10)
    train.train(params, X, Y, hidden="tanh", output="softmax", loss="cross_entropy", epochs=1)
    assert all(np.array_equal(W, W0) for (W, _), (W0, _) in zip(params, copy, strict=True))
    assert np.array_equal(X, small_digits.X_train)


def test_plain_sgd_step_is_minus_lr_times_gradient(rng):
    params = [(rng.normal(size=(3, 2)), rng.normal(size=3))]
    grads = [(rng.normal(size=(3, 2)), rng.normal(size=3))]
    new, velocity = train.sgd_step(params, grads, lr=0.1)
    assert np.allclose(new[0][0], params[0][0] - 0.1 * grads[0][0])
    assert np.allclose(new[0][1], params[0][1] - 0.1 * grads[0][1])
    assert np.allclose(velocity[0][0], -0.1 * grads[0][0])


def test_momentum_accumulates_a_constant_gradient(rng):
    params = [(np.zeros((1, 1)), np.zeros(1))]
    grads = [(np.ones((1, 1)), np.ones(1))]
    velocity, mu, lr = None, 0.9, 0.1
    for _ in range(200):
        params, velocity = train.sgd_step(params, grads, lr, velocity, mu)
    # the step tends to lr / (1 - mu) times the gradient
    assert velocity[0][0][0, 0] == pytest.approx(-lr / (1 - mu), rel=1e-6)


def test_training_a_tiny_problem_with_every_loss(rng):
    X, y = data.moons(40, noise=0.05, seed=0)
    for output, loss in (("sigmoid", "bce"), ("sigmoid", "mse"), ("identity", "mse")):
        params = mlp.init_params([2, 8, 1], seed=0)
        _, history = train.train(
            params, X, y[:, None].astype(float), hidden="tanh", output=output, loss=loss,
            lr=0.3, momentum=0.5, batch_size=8, epochs=30,
        )  # fmt: skip
        assert history.train_loss[-1] < history.train_loss[0], (output, loss)
        assert history.test_loss == []


def test_accuracy_and_confusion():
    params = [(np.array([[1.0], [-1.0]]), np.zeros(2))]  # class 0 when x > 0, else class 1
    X = np.array([[2.0], [-1.0], [3.0], [-4.0]])
    labels = np.array([0, 1, 1, 1])
    assert train.accuracy(params, X, labels, "relu", "softmax") == 0.75
    pred = mlp.predict(params, X, "relu", "softmax")
    C = train.confusion(labels, pred, 2)
    assert C.tolist() == [[1, 0], [1, 2]]
    assert C.sum() == 4 and np.trace(C) == 3


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": 0.0}, "lr"),
        ({"momentum": 1.0}, "momentum"),
        ({"batch_size": 0}, "batch_size"),
        ({"epochs": 2.5}, "epochs"),
        ({"progress": -1}, "progress"),
    ],
)
def test_bad_arguments_are_refused(kwargs, match):
    params = mlp.init_params([2, 3, 1])
    with pytest.raises((TypeError, ValueError), match=match):
        train.train(params, np.zeros((4, 2)), np.zeros((4, 1)), **kwargs)


def test_mismatched_rows_are_refused():
    params = mlp.init_params([2, 3, 1])
    with pytest.raises(ValueError, match="same N"):
        train.train(params, np.zeros((4, 2)), np.zeros((5, 1)))


def test_history_holds_what_batch_loss_and_accuracy_say(small_digits):
    """One forward pass per set and epoch gives exactly the numbers of the two functions."""
    kind = {"hidden": "relu", "output": "softmax"}
    params, history = train.train_digits(small_digits, epochs=2)
    Y_test = data.one_hot(small_digits.y_test, 10)
    assert history.test_loss[-1] == mlp.batch_loss(
        params, small_digits.X_test, Y_test, loss="cross_entropy", **kind
    )
    assert history.test_accuracy[-1] == train.accuracy(
        params, small_digits.X_test, small_digits.y_test, **kind
    )
    X, y = data.moons(40, seed=0)
    params, history = train.train(
        mlp.init_params([2, 4, 1], seed=0), X, y[:, None] * 1.0, output="sigmoid", epochs=2
    )
    assert history.train_accuracy[-1] == train.accuracy(params, X, y, output="sigmoid")


def test_bad_test_data_is_refused():
    params = mlp.init_params([2, 3, 1])
    X, Y = np.zeros((4, 2)), np.zeros((4, 1))
    with pytest.raises(ValueError, match="same number of rows"):
        train.train(params, X, Y, test=(np.zeros((3, 2)), np.zeros((2, 1))))
    with pytest.raises(ValueError, match=r"\(M, 2\)"):
        train.train(params, X, Y, test=(np.zeros((3, 5)), np.zeros((3, 1))))


def test_a_learning_rate_that_blows_up_ends_with_a_diverged_status():
    X, y = data.moons(40, seed=0)
    params = mlp.init_params([2, 8, 1], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning on the way
        trained, history = train.train(
            params, X, y[:, None] * 1.0, hidden="relu", output="identity", lr=10.0, epochs=50
        )
    stopped = re.fullmatch(r"diverged at epoch (\d+): try a smaller lr", history.status)
    assert stopped, history.status
    k = int(stopped.group(1))
    assert history.epoch == list(range(1, k))  # only the finite epochs are recorded
    assert all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in trained)
    _, ok = train.train(params, X, y[:, None] * 1.0, lr=0.1, epochs=2)
    assert ok.status == "ok"


def test_accuracy_reads_one_hot_rows_and_a_column_of_labels():
    params = [(np.array([[1.0], [-1.0]]), np.zeros(2))]  # class 0 when x > 0, else class 1
    X = np.array([[2.0], [-1.0], [3.0], [-4.0]])
    labels = np.array([0, 1, 0, 1])
    assert train.accuracy(params, X, labels, "relu", "softmax") == 1.0
    assert train.accuracy(params, X, data.one_hot(labels, 2), "relu", "softmax") == 1.0
    one = [(np.array([[1.0]]), np.zeros(1))]  # one sigmoid output: class 1 when x > 0
    assert train.accuracy(one, X, np.array([[1], [0], [1], [0]]), "relu", "sigmoid") == 1.0


@pytest.mark.parametrize(
    "labels, match",
    [
        (np.array([[0], [1], [0], [1]]), "shape"),  # a column, but the network has 2 outputs
        (np.array([[0.5, 0.5]] * 4), "one-hot"),
        (np.array([0.0, 1.5, 0.0, 1.0]), "integer labels"),
        (np.array([0, 1, 2, 1]), "integer labels 0..1"),
        (np.array([0, 1, 0]), "shape"),
    ],
)
def test_accuracy_refuses_ambiguous_labels(labels, match):
    params = [(np.array([[1.0], [-1.0]]), np.zeros(2))]
    X = np.array([[2.0], [-1.0], [3.0], [-4.0]])
    with pytest.raises(ValueError, match=match):
        train.accuracy(params, X, labels, "relu", "softmax")


def test_sgd_step_and_confusion_name_bad_arguments():
    params = mlp.init_params([2, 3, 1])
    grads = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    with pytest.raises(ValueError, match="grads must hold 2 pairs"):
        train.sgd_step(params, grads[:1], 0.1)
    with pytest.raises(ValueError, match="momentum must lie in"):
        train.sgd_step(params, grads, 0.1, momentum=1.5)
    with pytest.raises(ValueError, match="predicted must lie in 0..1"):
        train.confusion(np.array([0, 1]), np.array([0, 2]), 2)
    with pytest.raises(TypeError, match="split must be"):
        train.train_digits(None)
