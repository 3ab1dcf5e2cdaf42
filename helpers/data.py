"""Data sets for training: scikit-learn's handwritten digits, and 2-D moons and spirals.

Everything is seeded, so a notebook that calls these gets the same numbers on every run.
Arrays follow the series' row layout: X has shape (N, n_0), one example per row.

Introduced in notebooks/06_training_an_mlp.ipynb.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate as v


@dataclass(frozen=True)
class Split:
    """A train/test split of a labelled data set.

    Attributes
    ----------
    X_train, X_test : np.ndarray of shape (N_train, n_0), (N_test, n_0)
        Inputs, one example per row, scaled (see :func:`scale`).
    y_train, y_test : np.ndarray of int, shape (N_train,), (N_test,)
        Class labels 0 .. K-1.
    images_train, images_test : np.ndarray of shape (N, 8, 8)
        The same examples as 8x8 pictures with pixels in [0, 1] (for plots).
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    images_train: np.ndarray
    images_test: np.ndarray


#: The most points moons and spirals draw, and the largest noise they add (a noise of
#: 1e308 would overflow; 100 already hides any pattern in data of size about 1).
MAX_POINTS = 10**6
MAX_NOISE = 100.0


def _labels(name: str, y) -> np.ndarray:
    """Integer class labels of shape (N,); a TypeError or ValueError naming ``name`` else."""
    if isinstance(y, (bool, np.bool_)) or y is None or isinstance(y, str):
        raise TypeError(f"{name} must be an array of integer labels, got {v._describe(y)}")
    arr = np.asarray(y)
    if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and arr.size == 0):
        raise ValueError(f"{name} must be integer labels, got {v._describe(y)}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must have shape (N,), got shape {arr.shape}")
    return arr.astype(np.int64)


def stratified_split(y, test_fraction: float = 0.2, seed: int = 0) -> tuple:
    """Indices of a train/test split that keeps each class's share the same in both parts.

    Each class's examples are shuffled (seeded) and the first round(test_fraction * count)
    go to the test set.

    Parameters
    ----------
    y : array of int, shape (N,)
    test_fraction : float in (0, 1)
    seed : int

    Returns
    -------
    train_idx, test_idx : np.ndarray of int, sorted, together a partition of range(N)
    """
    y = _labels("y", y)
    if y.size < 2:
        raise ValueError(f"y must hold at least 2 labels to split, got {y.size}")
    test_fraction = v.number("test_fraction", test_fraction)
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction!r}")
    rng = np.random.default_rng(v.seed("seed", seed))
    test = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test.append(members[: round(test_fraction * members.size)])
    test_idx = np.sort(np.concatenate(test))
    train_idx = np.setdiff1d(np.arange(y.size), test_idx)
    return train_idx, test_idx


def scale(X_train, X_test):
    """Centre each input on its training mean and divide by one overall training spread.

    x' = (x - mean_train) / std_train, where mean_train has one entry per input column
    and std_train is a single number (the standard deviation of all centred training
    inputs). Only the training set is looked at, so the test set stays unseen. One
    spread for all columns (not one per column) keeps a pixel that is almost always
    blank from being blown up by its tiny spread.

    Parameters
    ----------
    X_train : np.ndarray of shape (N_train, n_0)
    X_test : np.ndarray of shape (N_test, n_0)

    Returns
    -------
    X_train, X_test : np.ndarray, the same shapes, scaled (new arrays)
    """
    X_train, X_test = v.real_array("X_train", X_train), v.real_array("X_test", X_test)
    if X_train.ndim != 2 or X_train.shape[0] < 2:
        raise ValueError(
            f"X_train must have shape (N_train, n_0) with N_train >= 2, got {X_train.shape}"
        )
    if X_test.ndim != 2 or X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test must have shape (N_test, {X_train.shape[1]}) like X_train, got {X_test.shape}"
        )
    with np.errstate(over="raise", invalid="raise"):
        try:
            mean = X_train.mean(axis=0)  # shape (n_0,)
            spread = (X_train - mean).std()  # one number
        except FloatingPointError:
            raise ValueError(
                "X_train's values are too large: their spread overflows float64"
            ) from None
    if not spread > 0:
        raise ValueError("X_train must not be constant: all its values are equal (spread 0)")
    return (X_train - mean) / spread, (X_test - mean) / spread


def load_digits(test_fraction: float = 0.2, seed: int = 1) -> Split:
    """scikit-learn's 1,797 handwritten digits (8x8, ships with the package: no download).

    Pixels are integers 0..16. The split is stratified by digit (``seed`` fixes it); the
    inputs are scaled with :func:`scale`, from the training set only.

    Returns
    -------
    Split with X of shape (N, 64), labels 0..9 and images with pixels in [0, 1]
    """
    test_fraction, seed = v.number("test_fraction", test_fraction), v.seed("seed", seed)
    pixels, y = _digits_table()
    images = pixels.reshape(-1, 8, 8) / 16.0
    X = images.reshape(len(images), 64)
    tr, te = stratified_split(y, test_fraction, seed)
    X_train, X_test = scale(X[tr], X[te])
    return Split(X_train, X_test, y[tr], y[te], images[tr], images[te])


def _digits_table() -> tuple:
    """The raw digits: pixels of shape (1797, 64), values 0..16, and labels of shape (1797,).

    They are the CSV file that scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``,
    one image and its label per line), read directly: importing ``sklearn.datasets`` to
    read it takes about 0.6 s, the file itself a few milliseconds. Falls back to
    ``sklearn.datasets.load_digits`` if the file is not where it is expected.
    """
    spec = importlib.util.find_spec("sklearn")  # finds the package without importing it
    folders = (spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            table = np.loadtxt(path, delimiter=",")
            return table[:, :-1], table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits as _load  # another layout: the slow way

    digits = _load()
    return digits.data.astype(np.float64), digits.target.astype(np.int64)


def one_hot(y, num_classes: int) -> np.ndarray:
    """Labels (N,) -> targets (N, K) with a 1 in each row's label column, 0 elsewhere."""
    y = _labels("y", y)
    num_classes = v.integer("num_classes", num_classes, 1, 10**6)
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"y's labels must lie in 0..{num_classes - 1} for num_classes={num_classes}, "
            f"got {y.min()}..{y.max()}"
        )
    Y = np.zeros((y.size, num_classes))
    Y[np.arange(y.size), y] = 1.0
    return Y


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple:
    """Two interleaving half circles (as scikit-learn's make_moons), labels 0 and 1.

    Parameters
    ----------
    n : int in [2, 10**6], the number of points
    noise : float in [0, 100], the standard deviation of the Gaussian noise added
    seed : int >= 0

    Returns
    -------
    X : np.ndarray of shape (n, 2)
    y : np.ndarray of int, shape (n,)
    """
    n, noise = v.integer("n", n, 2, MAX_POINTS), v.number("noise", noise, 0.0, MAX_NOISE)
    rng = np.random.default_rng(v.seed("seed", seed))
    n_top = n // 2
    t_top = np.linspace(0, np.pi, n_top)
    t_bottom = np.linspace(0, np.pi, n - n_top)
    top = np.column_stack([np.cos(t_top), np.sin(t_top)])
    bottom = np.column_stack([1 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)])
    X = np.vstack([top, bottom]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n_top, dtype=np.int64), np.ones(n - n_top, dtype=np.int64)])
    order = rng.permutation(n)
    return X[order], y[order]


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0) -> tuple:
    """``classes`` interleaved spiral arms (as in cs231n's example), n // classes points each.

    Parameters
    ----------
    n : int in [classes, 10**6];  classes : int in [1, 100]
    noise : float in [0, 100], the noise added to each point's angle
    seed : int >= 0

    Returns
    -------
    X : np.ndarray of shape (classes * (n // classes), 2), inside about [-1, 1]^2
    y : np.ndarray of int, same length, labels 0 .. classes-1
    """
    classes = v.integer("classes", classes, 1, 100)
    n = v.integer("n", n, classes, MAX_POINTS)
    noise = v.number("noise", noise, 0.0, MAX_NOISE)
    rng = np.random.default_rng(v.seed("seed", seed))
    per = n // classes
    radius = np.linspace(0.0, 1.0, per)
    X, y = [], []
    for k in range(classes):
        angle = np.linspace(k * 4.0, (k + 1) * 4.0, per) + noise * rng.standard_normal(per)
        X.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
        y.append(np.full(per, k, dtype=np.int64))
    return np.vstack(X), np.concatenate(y)
