"""What goes wrong: vanishing and exploding deltas, and gradient checks that lie. Numpy only.

Vanishing and exploding. The recursion delta^l = (delta^(l+1) W^(l+1)) * f'(Z^l) multiplies
by one W and one f' per layer, so after k layers delta has picked up k such factors. If
each shrinks it (sigma' <= 1/4), delta^1 is tiny; if each grows it (large weights), huge.

Gradient checks that lie. A finite difference (f(x + h) - f(x)) / h has two errors: the
truncation error of the formula (order h, or h^2 when centred) and the rounding error of
subtracting two nearly equal numbers (order eps / h). Too large an h and the formula is
wrong; too small and rounding wins. At a ReLU kink the formula is wrong for *every* h
larger than the distance to the kink.

Introduced in notebooks/07_gradient_pathologies.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate as v
from . import mlp
from ._ranges import _float_type, _integer, _number_in, _values, _within
from .activations import ACTIVATIONS
from .gradcheck import rel_error

HIDDEN = ("sigmoid", "tanh", "relu")
MAX_DEPTH = 100
_EXP_CAP = {np.float32: np.float32(88.0), np.float64: np.float64(709.0)}
_RELU_LIMIT = {t: 0.99 * float(np.sqrt(np.finfo(t).max)) for t in (np.float32, np.float64)}

# ---------------------------------------------------------------- vanishing and exploding


@dataclass(frozen=True)
class DeltaProfile:
    """The size of every delta^l in one network, input side first.

    Attributes
    ----------
    size : np.ndarray of shape (L,)
        size[l - 1] = the mean over examples of ||delta^l_n||, the length of one example's
        error vector at layer l (per example: without the batch mean's factor 1/N).
    fprime : np.ndarray of shape (L - 1,)
        fprime[l - 1] = the mean of f'(z^l) over the units and examples of hidden layer l.
    fprime_rms : np.ndarray of shape (L - 1,)
        fprime_rms[l - 1] = the root-mean-square slope sqrt(mean(f'(z^l)^2)) of hidden
        layer l. One step back, from delta^(l+1) to delta^l, multiplies the length by about
        scale * fprime_rms[l - 1]: the squared entries of delta W (each of mean square
        scale^2 ||delta||^2 / n) are weighted by f'(z^l)^2, so it is the mean of the
        SQUARED slopes that counts (for ReLU sqrt(1/2) ~ 0.71, while the mean slope is 0.5).
    """

    size: np.ndarray
    fprime: np.ndarray
    fprime_rms: np.ndarray

    @property
    def ratio(self) -> float:
        """||delta^1|| / ||delta^L||: how much of the output's error reaches layer 1."""
        return float(self.size[0] / self.size[-1])

    @property
    def factor(self) -> float:
        """The average factor of one step back, the geometric mean (ratio)^(1 / (L - 1)).

        Below 1 the error vanishes, above 1 it explodes, whatever the depth; the ratio
        alone mixes the factor with the depth (0.7 per layer is 0.04 after 10 layers).
        """
        if self.ratio == 0.0:  # the error vanished completely (every unit dead, say)
            return 0.0
        return float(np.exp(np.log(self.ratio) / (self.size.size - 1)))


def delta_profile(depth, hidden="sigmoid", scale=1.0, width=32, n=64, seed=0) -> DeltaProfile:
    """Measure delta^l for l = 1..depth in a fresh, untrained network.

    The network has ``depth`` layers of ``width`` units each: hidden layers with activation
    ``hidden`` and a linear output layer, squared-error loss against random targets, on a
    batch of ``n`` random inputs. Weights come from ``mlp.init_params(..., scale=scale)``:
    W^l ~ scale * Normal(0, 1 / n_(l-1)).

    Parameters
    ----------
    depth : int in [2, 100], the number of layers L
    hidden : "sigmoid", "tanh" or "relu"
    scale : float in [0.01, 10], multiplies every initial weight (beyond, 100 layers of
        it leave float64's range)
    width : int in [1, 256];  n : int in [1, 1024];  seed : int in [0, 2^32 - 1]

    Returns
    -------
    DeltaProfile with ``size`` of shape (depth,) and ``fprime`` of shape (depth - 1,)
    """
    depth = _integer("depth", depth, 2, MAX_DEPTH)
    v.choice("hidden", hidden, HIDDEN)
    scale = _number_in("scale", scale, 0.01, 10.0)
    width, n = _integer("width", width, 1, 256), _integer("n", n, 1, 1024)
    seed = _integer("seed", seed, 0, 2**32 - 1)
    params = mlp.init_params([width] * (depth + 1), seed=seed, scale=scale)
    rng = np.random.default_rng(seed + 1)
    X, Y = rng.standard_normal((n, width)), rng.standard_normal((n, width))
    _, cache = mlp.forward(params, X, hidden=hidden, output="identity")
    deltas, _ = mlp.deltas_and_grads(params, cache, Y, loss="mse")
    size = np.array([np.linalg.norm(n * d, axis=1).mean() for d in deltas])  # undo the 1/N
    f_prime = ACTIVATIONS[hidden][1]
    slopes = [f_prime(Z) for Z in cache.Z[:-1]]
    fprime = np.array([s.mean() for s in slopes])
    fprime_rms = np.array([np.sqrt(np.mean(s**2)) for s in slopes])
    return DeltaProfile(size, fprime, fprime_rms)


def first_layer_ratio(depths, hidden="sigmoid", scale=1.0, **kwargs) -> np.ndarray:
    """||delta^1|| / ||delta^L|| for each depth L: below 1 vanishes, above 1 explodes.

    Returns
    -------
    np.ndarray of shape (len(depths),)
    """
    if isinstance(depths, (str, bytes)) or np.ndim(depths) != 1:
        raise TypeError(
            f"depths must be a list of depths such as [2, 5, 10], got {v._describe(depths)}"
        )
    depths = [_integer(f"depths[{i}]", d, 2, MAX_DEPTH) for i, d in enumerate(depths)]
    ratios = []
    for depth in depths:
        size = delta_profile(depth, hidden, scale, **kwargs).size
        ratios.append(size[0] / size[-1])
    return np.array(ratios, dtype=np.float64)


# ---------------------------------------------------------------- gradient checks that lie

#: The seed's neuron and the point where we differentiate its loss with respect to w.
SEED_POINT = {"x": 0.5, "w": 0.2, "b": 0.1, "y_true": 1.0}


def seed_loss(w, dtype=np.float64):
    """L(w) = 1/2 (sigma(w x + b) - y_true)^2 at the seed's x, b, y_true, computed in ``dtype``.

    Every operation stays in ``dtype`` (float32 or float64), so rounding is that type's.
    """
    dtype = _float_type(dtype)
    w = _within("w", w, dtype)
    x, b, y_true = (dtype(SEED_POINT[k]) for k in ("x", "b", "y_true"))
    # e^(-z) overflows past -z = 88 (float32) or 709 (float64): capped there, y is ~0 and
    # L = 1/2 either way; below the cap every operation is the textbook one.
    e = np.exp(np.minimum(-(w * x + b), _EXP_CAP[dtype]))
    y = dtype(1) / (dtype(1) + e)
    return dtype(0.5) * (y - y_true) ** 2


def seed_slope() -> float:
    """dL/dw at the seed's point, exactly (to float64 rounding): (y - y_true) sigma'(z) x."""
    x, w, b, y_true = SEED_POINT.values()
    sigmoid, sigmoid_prime = ACTIVATIONS["sigmoid"]
    z = w * x + b
    return (sigmoid(z) - y_true) * sigmoid_prime(z) * x


def finite_difference(f, x, h, method="centred", dtype=np.float64):
    """A finite-difference slope of f at x, every step computed in ``dtype``.

    forward: (f(x + h) - f(x)) / h          error O(h) + O(eps / h)
    centred: (f(x + h) - f(x - h)) / (2h)   error O(h^2) + O(eps / h)

    x and h may be arrays that broadcast (one slope per entry); returns float64 values.
    ``f(t, dtype)`` must return finite real values. h must be positive in ``dtype`` (not
    rounded to 0) and |x| + 2h within the dtype's range.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, f(t, dtype), got {v._describe(f)}")
    v.choice("method", method, ("forward", "centred"))
    dtype = _float_type(dtype)
    x, h = _within("x", x, dtype), _within("h", h, dtype)
    v.broadcast(x=x, h=h)
    if np.any(h <= 0):
        tiny = np.finfo(dtype).smallest_subnormal
        raise ValueError(
            f"h must be positive, at least {tiny:.2g} in {dtype.__name__} (smaller rounds "
            f"to 0), got {float(np.min(h)):g}"
        )
    big = float(np.finfo(dtype).max)
    if np.any(np.abs(x.astype(np.float64)) / 4 + h.astype(np.float64) / 2 >= big / 4):
        raise ValueError(f"h is too large: x + h and x - h must stay within +-{big:.3g}")
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # f's inf is named below
        up = _values(f(x + h, dtype), "x + h")
        down = (
            _values(f(x, dtype), "x") if method == "forward" else _values(f(x - h, dtype), "x - h")
        )
    with np.errstate(over="ignore"):
        slope = (up - down) / h if method == "forward" else (up - down) / (dtype(2) * h)
    if not np.all(np.isfinite(slope)):
        raise ValueError(f"the difference quotient overflows {dtype.__name__}: f changes too much")
    return np.asarray(slope, dtype=np.float64)


def fd_errors(hs, method="centred", dtype=np.float64) -> np.ndarray:
    """Relative error of a finite difference of the seed's L(w), for each step h.

    Parameters
    ----------
    hs : np.ndarray of shape (K,), steps in [smallest positive dtype number, 1e30]
    method : "forward" or "centred"
    dtype : np.float32 or np.float64

    Returns
    -------
    np.ndarray of shape (K,): |fd - dL/dw| / max(|fd|, |dL/dw|), at most 1
    """
    hs = v.real_array("hs", hs)
    if hs.ndim != 1:
        raise ValueError(f"hs must be 1-D, shape (K,), got shape {hs.shape}")
    if np.any(hs <= 0):
        raise ValueError("every step in hs must be positive")
    dtype = _float_type(dtype)
    tiny = float(np.finfo(dtype).smallest_subnormal)
    for i, h in enumerate(hs):
        if not tiny <= h <= 1e30:
            raise ValueError(
                f"hs[{i}] must be a step in [{tiny:.2g}, 1e+30] for {dtype.__name__} (a "
                f"smaller one rounds to 0), got {h:g}"
            )
    exact = seed_slope()
    slopes = finite_difference(seed_loss, np.full(hs.shape, SEED_POINT["w"]), hs, method, dtype)
    return np.array([rel_error(s, exact) for s in slopes])


def relu_loss(w, dtype=np.float64):
    """L(w) = 1/2 (relu(w) - 1)^2: a ReLU neuron with x = 1, b = 0, y_true = 1; kink at w = 0."""
    dtype = _float_type(dtype)
    w = _within("w", w, dtype)
    limit = _RELU_LIMIT[dtype]
    if np.any(w > limit):
        raise ValueError(
            f"w must be at most {limit:.3g} for {dtype.__name__} (beyond it (w - 1)^2 / 2 "
            f"overflows), got {float(np.max(w)):g}"
        )
    return dtype(0.5) * (np.maximum(w, dtype(0)) - dtype(1)) ** 2


def relu_slope(w):
    """dL/dw of :func:`relu_loss`: w - 1 where w > 0, else 0 (relu'(0) taken as 0)."""
    w = v.real_array("w", w)
    return np.where(w > 0, w - 1.0, 0.0)


def kink_errors(ws, h=1e-3) -> np.ndarray:
    """Relative error of the centred difference of :func:`relu_loss` at each w.

    Where |w| < h the two points w - h and w + h lie on both sides of the kink and the
    difference is the slope of a secant across it, not the slope at w: an error of order 1.
    Further away the loss is a parabola and a centred difference of a parabola is exact.

    Returns
    -------
    np.ndarray, the shape of ws
    """
    ws = v.real_array("ws", ws)
    h = v.positive("h", h)
    limit = _RELU_LIMIT[np.float64]
    if np.any(np.abs(ws) / 2 + h / 2 > limit / 2):
        raise ValueError(f"ws must stay within +-({limit:.3g} - h), so that relu_loss(w + h) fits")
    numeric = finite_difference(relu_loss, ws, np.full(ws.shape, h), "centred")
    exact = relu_slope(ws)
    errors = [rel_error(a, b) for a, b in zip(numeric.ravel(), exact.ravel(), strict=True)]
    return np.array(errors).reshape(ws.shape)
