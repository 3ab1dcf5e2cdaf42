"""helpers.deep_training (notebook 07: deep networks during training) and the depth
explorer's max-slope line."""

import numpy as np
import pytest

from helpers import capstone_plots, data, deep_training, mlp


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_clip_by_global_norm_scales_all_gradients_by_one_factor(rng):
    grads = [
        (rng.normal(size=(3, 2)), rng.normal(size=3)),
        (rng.normal(size=(1, 3)), rng.normal(size=1)),
    ]
    norm = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))
    clipped, reported = deep_training.clip_by_global_norm(grads, 0.5)
    assert reported == pytest.approx(norm)
    new = np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in clipped))
    assert new == pytest.approx(0.5)
    for (dW, db), (cW, cb) in zip(grads, clipped, strict=True):
        np.testing.assert_allclose(cW, dW * 0.5 / norm)
        np.testing.assert_allclose(cb, db * 0.5 / norm)
    same, _ = deep_training.clip_by_global_norm(grads, 10 * norm)  # below the limit: unchanged
    for (dW, db), (sW, sb) in zip(grads, same, strict=True):
        assert np.array_equal(dW, sW) and np.array_equal(db, sb)


def test_clip_by_global_norm_refuses_a_bad_limit(rng):
    grads = [(rng.normal(size=(2, 2)), rng.normal(size=2))]
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="max_norm"):
            deep_training.clip_by_global_norm(grads, bad)


def test_clip_by_global_norm_refuses_what_is_not_pairs():
    with pytest.raises(TypeError, match="grads"):
        deep_training.clip_by_global_norm([np.zeros(2)], 1.0)


def test_zero_gradient_is_not_divided_by_zero():
    grads = [(np.zeros((2, 2)), np.zeros(2))]
    clipped, norm = deep_training.clip_by_global_norm(grads, 1.0)
    assert norm == 0.0 and not np.any(clipped[0][0])


def _blobs(rng, n=60):
    X = rng.normal(size=(n, 4))
    labels = (X[:, 0] + X[:, 1] > 0).astype(int)
    return X, data.one_hot(labels, 2)


def test_train_recording_shapes_and_learning(rng):
    X, Y = _blobs(rng)
    params = mlp.init_params([4, 8, 8, 2], seed=0)
    trained, rec = deep_training.train_recording(
        params, X, Y, hidden="tanh", lr=0.3, epochs=5, batch_size=10
    )
    assert rec.status == "ok"
    assert rec.loss.shape == (6,) and rec.grad_norm.shape == (5, 3)
    assert rec.loss[-1] < rec.loss[0]
    assert np.all(rec.grad_norm > 0)
    assert len(trained) == 3 and trained[0][0].shape == (8, 4)
    assert not np.array_equal(trained[0][0], params[0][0])


def test_train_recording_equals_the_loop_by_hand(rng):
    X, Y = _blobs(rng, n=20)
    params = mlp.init_params([4, 5, 2], seed=1)
    trained, rec = deep_training.train_recording(
        params, X, Y, hidden="relu", lr=0.1, epochs=2, batch_size=7, seed=3
    )
    order_rng, p, norms = np.random.default_rng(3), params, []
    for _ in range(2):
        order, epoch = order_rng.permutation(20), []
        for start in range(0, 20, 7):
            rows = order[start : start + 7]
            _, g = mlp.loss_and_grads(
                p, X[rows], Y[rows], hidden="relu", output="softmax", loss="cross_entropy"
            )
            epoch.append([np.linalg.norm(dW) for dW, _ in g])
            p = mlp.update(p, g, lr=0.1)
        norms.append(np.mean(epoch, axis=0))
    np.testing.assert_allclose(rec.grad_norm, norms, rtol=1e-12)
    for (W, b), (W2, b2) in zip(trained, p, strict=True):
        np.testing.assert_allclose(W, W2, rtol=1e-12)
        np.testing.assert_allclose(b, b2, rtol=1e-12)


def test_deep_sigmoid_first_layer_gradient_vanishes(rng):
    X, Y = _blobs(rng)
    params = mlp.init_params([4] + [16] * 8 + [2], seed=0)
    _, rec = deep_training.train_recording(params, X, Y, hidden="sigmoid", lr=0.1, epochs=1)
    assert rec.grad_norm[0, 0] < 1e-3 * rec.grad_norm[0, -1]


def test_clipping_tames_an_exploding_network(rng):
    X, Y = _blobs(rng)
    params = mlp.init_params([4] + [32] * 10 + [2], seed=0, scale=2.0)
    _, wild = deep_training.train_recording(params, X, Y, hidden="relu", lr=0.5, epochs=3)
    _, tame = deep_training.train_recording(params, X, Y, hidden="relu", lr=0.5, epochs=3, clip=1.0)
    assert wild.status.startswith("diverged") or wild.loss[-1] > tame.loss[-1]
    assert tame.status == "ok" and np.all(np.isfinite(tame.loss))
    assert tame.grad_norm.shape == (3, 11)


def test_train_recording_refuses_bad_arguments(rng):
    X, Y = _blobs(rng, n=10)
    params = mlp.init_params([4, 3, 2], seed=0)
    with pytest.raises(ValueError, match="lr"):
        deep_training.train_recording(params, X, Y, lr=-1.0)
    with pytest.raises(ValueError, match="epochs"):
        deep_training.train_recording(params, X, Y, epochs=0)
    with pytest.raises(ValueError, match="clip"):
        deep_training.train_recording(params, X, Y, clip=0.0)
    with pytest.raises(ValueError):
        deep_training.train_recording(params, X, Y[:, :1])


def test_activation_spread_forward_side():
    relu_small = deep_training.activation_spread(20, "relu", 1.0)
    relu_he = deep_training.activation_spread(20, "relu", np.sqrt(2))
    tanh_big = deep_training.activation_spread(20, "tanh", 2.0)
    assert relu_small.shape == (20,)
    assert relu_small[-1] < 1e-2 * relu_small[0]  # s = 1 halves the variance per layer
    assert 0.1 < relu_he[-1] / relu_he[0] < 10  # He keeps it
    assert np.all(tanh_big > 0.6)  # s = 2 drives tanh into saturation
    with pytest.raises(ValueError, match="depth"):
        deep_training.activation_spread(0)


def test_depth_explorer_max_slope_follows_the_activation():
    """The dotted line is sigma's 1/4 only in sigmoid mode; tanh and ReLU peak at 1."""
    explorer = capstone_plots.depth_explorer(depth=5, hidden="sigmoid")
    assert list(explorer._max_slope.get_ydata()) == [0.25, 0.25]
    for hidden in ("tanh", "relu"):
        explorer.sliders["hidden"].value = hidden
        assert list(explorer._max_slope.get_ydata()) == [1.0, 1.0]
    assert "1/4" not in explorer._max_slope.get_label()


def test_train_recording_takes_lists_like_arrays(rng):
    """X and Y as nested lists (as helpers.train.train accepts) give the array's result."""
    X, Y = _blobs(rng, n=10)
    params = mlp.init_params([4, 3, 2], seed=0)
    kw = {"epochs": 2, "batch_size": 4}
    p_arr, rec_arr = deep_training.train_recording(params, X, Y, **kw)
    p_list, rec_list = deep_training.train_recording(params, X.tolist(), Y.tolist(), **kw)
    assert np.array_equal(rec_arr.loss, rec_list.loss)
    assert np.array_equal(rec_arr.grad_norm, rec_list.grad_norm)
    for (W, b), (W2, b2) in zip(p_arr, p_list, strict=True):
        assert np.array_equal(W, W2) and np.array_equal(b, b2)
    with pytest.raises(TypeError, match="Y"):
        deep_training.train_recording(params, X, [["a", "b"]] * 10)
