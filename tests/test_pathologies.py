"""The claims notebook 07 makes, as tests: shapes, and which way each curve goes."""

import warnings

import numpy as np
import pytest

from helpers import pathologies as P

HS = np.logspace(-14, 0, 57)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("depth", [2, 7])
def test_delta_profile_shapes(hidden, depth):
    profile = P.delta_profile(depth, hidden)
    assert profile.size.shape == (depth,)
    assert profile.fprime.shape == profile.fprime_rms.shape == (depth - 1,)
    assert np.all(profile.size > 0)
    assert np.all(profile.fprime_rms >= profile.fprime)  # sqrt(mean(s^2)) >= mean(s) for s >= 0
    assert profile.factor ** (depth - 1) == pytest.approx(profile.ratio)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("scale", [0.5, 1.0, np.sqrt(2), 2.0, 4.0])
def test_one_step_back_multiplies_by_scale_times_the_rms_slope(hidden, scale):
    """The claim of notebook 07 and of the depth explorer's green points, within 10%."""
    profile = P.delta_profile(30, hidden, scale)
    factors = profile.size[:-1] / profile.size[1:]
    predicted = scale * profile.fprime_rms
    assert np.median(factors / predicted) == pytest.approx(1.0, abs=0.1)


def test_relu_rms_slope_is_one_over_root_two():
    profile = P.delta_profile(30, "relu", np.sqrt(2))
    # per layer they scatter (32 units), averaged over the layers they sit close to
    assert profile.fprime_rms.mean() == pytest.approx(np.sqrt(0.5), abs=0.03)
    assert profile.fprime.mean() == pytest.approx(0.5, abs=0.03)  # mean slope: not the factor


def test_sigmoid_deltas_shrink_every_layer_back():
    profile = P.delta_profile(20, "sigmoid")
    assert np.all(np.diff(profile.size) > 0)  # size grows with l: shrinks going back
    assert np.all(profile.fprime <= 0.25)  # sigma' <= 1/4
    # each step back multiplies by about the mean sigma' (weights of scale 1 keep lengths)
    factors = profile.size[:-1] / profile.size[1:]
    assert np.all(factors < 0.3)
    assert profile.size[0] / profile.size[-1] < 1e-8


def test_relu_depends_on_the_init_scale():
    # below He's sqrt(2) deltas vanish, above it they explode, at it they stay put
    ratios = [P.first_layer_ratio([20], "relu", s)[0] for s in (1.0, np.sqrt(2), 2.0)]
    assert ratios[0] < 1e-2
    assert 1e-1 < ratios[1] < 1e1
    assert ratios[2] > 1e2


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_larger_init_scale_means_larger_first_layer_delta(hidden):
    ratios = [P.first_layer_ratio([12], hidden, s)[0] for s in (0.25, 0.5, 1.0, 2.0, 4.0)]
    assert np.all(np.diff(ratios) > 0)


@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
def test_deeper_networks_vanish_more(hidden):
    ratios = P.first_layer_ratio([2, 5, 10, 20, 30], hidden)
    assert np.all(np.diff(ratios) < 0)


def test_extreme_settings_stay_finite_and_quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for hidden in ("sigmoid", "tanh", "relu"):
            for scale in (0.25, 4.0):
                profile = P.delta_profile(30, hidden, scale)
                assert np.all(np.isfinite(profile.size)) and np.all(profile.size > 0)


def test_delta_profile_refuses_shallow_networks():
    with pytest.raises(ValueError, match="depth"):
        P.delta_profile(1)


def test_seed_slope_matches_the_neuron():
    from helpers import neuron

    x, w, b, y_true = P.SEED_POINT.values()
    y, z = neuron.forward(x, w, b)
    assert P.seed_slope() == pytest.approx(neuron.backward(x, y, z, y_true)[0], rel=1e-15)
    assert float(P.seed_loss(w)) == pytest.approx(neuron.loss(y, y_true), rel=1e-15)
    assert P.seed_loss(np.float32(w), np.float32).dtype == np.float32


def best_h(method, dtype):
    err = P.fd_errors(HS, method, dtype)
    return HS[np.argmin(err)], err.min(), err


def test_fd_errors_shape_and_range():
    err = P.fd_errors(HS, "forward", np.float64)
    assert err.shape == HS.shape
    assert np.all((err >= 0) & (err <= 1))


def test_best_steps_are_where_theory_puts_them():
    h_fwd, e_fwd, _ = best_h("forward", np.float64)
    h_cen, e_cen, _ = best_h("centred", np.float64)
    assert 1e-10 <= h_fwd <= 1e-6  # about sqrt(eps) = 1.5e-8
    assert 1e-7 <= h_cen <= 1e-3  # about eps^(1/3) = 6e-6
    assert e_cen < 1e-9 < e_fwd < 1e-6  # centred is far better at its best
    h32, e32, _ = best_h("centred", np.float32)
    assert 1e-4 <= h32 <= 1e-1 and e32 > 1e-7  # float32's best is far worse


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_errors_fall_then_rise_as_h_shrinks(dtype):
    for method in ("forward", "centred"):
        h, e_min, err = best_h(method, dtype)
        assert err[-1] > 10 * e_min  # h = 1: the formula's own error
        assert err[0] > 10 * e_min  # h = 1e-14: rounding
    # too big an h: the forward error falls like h, the centred one like h^2
    big = HS >= 1e-3
    fwd, cen = P.fd_errors(HS[big], "forward", np.float64), P.fd_errors(HS[big], "centred")
    assert np.all(cen < fwd)
    assert np.all(np.diff(np.log10(fwd)) > 0) and np.all(np.diff(np.log10(cen)) > 0)


def test_float32_step_too_small_gives_no_slope_at_all():
    # w + h rounds to w in float32 when h is below about eps32 * w / 2 = 1.2e-8
    assert np.all(P.fd_errors(np.array([1e-10, 1e-12]), "centred", np.float32) == 1.0)


def test_fd_errors_refuse_nonpositive_steps():
    with pytest.raises(ValueError, match="positive"):
        P.fd_errors(np.array([1e-3, 0.0]))


def test_relu_kink_straddle_is_wrong_and_away_is_exact():
    h = 1e-3
    inside = P.kink_errors(np.array([-9e-4, -5e-4, 1e-5, 5e-4, 9e-4]), h)
    assert np.all(inside > 0.04)
    outside = P.kink_errors(np.array([-3e-3, -1.5e-3, 1.5e-3, 3e-3]), h)
    assert np.all(outside < 1e-10)
    # exactly at the kink the centred difference averages the two sides' slopes 0 and -1
    assert P.finite_difference(P.relu_loss, 0.0, h) == pytest.approx(-0.5, abs=1e-3)
    assert P.relu_slope(0.0) == 0.0
