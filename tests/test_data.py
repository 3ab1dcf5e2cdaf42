"""The data sets of notebook 06: digits split and scaling, one-hot targets, moons, spirals."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import data


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


def test_digits_shapes_and_partition(digits):
    n_train, n_test = len(digits.y_train), len(digits.y_test)
    assert n_train + n_test == 1797
    assert digits.X_train.shape == (n_train, 64) and digits.X_test.shape == (n_test, 64)
    assert digits.images_train.shape == (n_train, 8, 8)
    assert digits.images_test.shape == (n_test, 8, 8)
    assert n_test == pytest.approx(0.2 * 1797, abs=10)
    assert 0 <= digits.images_train.min() and digits.images_train.max() <= 1


def test_digits_split_is_stratified(digits):
    train_share = np.bincount(digits.y_train, minlength=10) / len(digits.y_train)
    test_share = np.bincount(digits.y_test, minlength=10) / len(digits.y_test)
    assert np.allclose(train_share, test_share, atol=0.01)


def test_digits_split_is_fixed():
    a, b = data.load_digits(), data.load_digits()
    assert np.array_equal(a.X_test, b.X_test) and np.array_equal(a.y_train, b.y_train)
    other = data.load_digits(seed=5)
    assert not np.array_equal(a.y_test, other.y_test)


def test_digits_are_scikit_learns(digits):
    """The CSV read directly holds exactly what sklearn.datasets.load_digits returns."""
    from sklearn.datasets import load_digits

    reference = load_digits()
    pixels, labels = data._digits_table()
    assert np.array_equal(pixels, reference.data) and np.array_equal(labels, reference.target)
    images = np.concatenate([digits.images_train, digits.images_test])
    assert np.array_equal(
        np.sort(images.reshape(-1, 64), axis=0), np.sort(reference.data / 16, axis=0)
    )


def test_scaling_uses_the_training_set_only(digits):
    assert np.allclose(digits.X_train.mean(axis=0), 0, atol=1e-12)
    assert digits.X_train.std() == pytest.approx(1.0)
    # the images and the scaled inputs are the same examples
    raw = digits.images_train.reshape(-1, 64)
    centred = raw - raw.mean(axis=0)
    assert np.allclose(digits.X_train, centred / centred.std())


def test_stratified_split_partitions(rng):
    y = rng.integers(0, 3, size=50)
    train, test = data.stratified_split(y, 0.3, seed=1)
    assert np.array_equal(np.sort(np.concatenate([train, test])), np.arange(50))
    for label in range(3):
        count = np.sum(y == label)
        assert np.sum(y[test] == label) == round(0.3 * count)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5])
def test_stratified_split_refuses_bad_fractions(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        data.stratified_split(np.arange(10) % 2, bad)


@given(st.lists(st.integers(0, 4), min_size=1, max_size=30))
def test_one_hot_rows(labels):
    Y = data.one_hot(np.array(labels), 5)
    assert Y.shape == (len(labels), 5)
    assert np.array_equal(Y.sum(axis=1), np.ones(len(labels)))
    assert np.array_equal(Y.argmax(axis=1), labels)


def test_one_hot_refuses_out_of_range_labels():
    with pytest.raises(ValueError, match="0..2"):
        data.one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="integer labels"):
        data.one_hot(np.array([0.5]), 3)


def test_moons_is_seeded_and_balanced():
    X, y = data.moons(101, noise=0.1, seed=3)
    X2, y2 = data.moons(101, noise=0.1, seed=3)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert abs(int(y.sum()) - 50) <= 1
    # without noise the two moons are the two half circles
    X0, y0 = data.moons(100, noise=0.0)
    assert np.allclose(np.linalg.norm(X0[y0 == 0], axis=1), 1.0)
    assert np.allclose(np.linalg.norm(X0[y0 == 1] - [1, 0.5], axis=1), 1.0)


def test_spirals_shapes():
    X, y = data.spirals(300, classes=3, seed=0)
    assert X.shape == (300, 2) and np.array_equal(np.bincount(y), [100, 100, 100])
    assert np.abs(X).max() <= 1.0
