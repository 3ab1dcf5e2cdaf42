"""Activation functions f(z) and their derivatives f'(z), elementwise, numpy only.

Every function takes a float or an array of any shape and returns the same shape
(a float for a float). They are stable for every finite z, up to +-1.8e308 (the largest
float64): no overflow warning, no NaN, and accurate far into saturation. Input that is not
a real number (None, a string, a bool, a complex number) is a ``TypeError`` naming z; NaN
or an infinite z is a ``ValueError``.

``ACTIVATIONS`` maps each name to its pair (f, f'); an unknown name (``"Relu"``) is a
``ValueError`` listing the names. ``_KERNELS`` holds the same pairs without the checks,
for code such as ``helpers.mlp`` that has already checked its arrays.

Introduced in notebooks/01_forward_pass.ipynb (sigmoid) and
notebooks/04_multilayer_deltas.ipynb (tanh, relu).
"""

from __future__ import annotations

import numpy as np

from . import _validate as v


def _checked(z) -> np.ndarray:
    """z as a float64 array; TypeError if not real, ValueError if NaN or infinite."""
    if type(z) is np.ndarray and z.dtype == np.float64 and _all_finite(z):
        return z  # the common case, kept fast and without a copy (nothing here writes to z)
    return v.real_array("z", z)


def _all_finite(z: np.ndarray) -> bool:
    """np.isfinite(z).all() without the Python layer of ndarray.all (half the time, small z)."""
    return bool(np.logical_and.reduce(np.isfinite(z), axis=None))


def _out(result: np.ndarray, like):
    """Give back a Python float when the input was a scalar."""
    return float(result) if np.ndim(like) == 0 else result


def sigmoid(z):
    """sigma(z) = 1 / (1 + e^(-z)), computed without overflow.

    For z >= 0 it uses 1 / (1 + e^(-z)); for z < 0 the equal form e^z / (1 + e^z),
    so the exponent is never positive and e^(.) never overflows.

    Parameters
    ----------
    z : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as z, values in [0, 1]
    """
    z = _checked(z)
    return _out(_sigmoid(z), z)


def sigmoid_prime(z):
    """d sigma / dz = sigma(z) * (1 - sigma(z)), written as sigma(z) * sigma(-z).

    1 - sigma(z) equals sigma(-z). Using sigma(-z) keeps full relative accuracy in
    saturation: at z = 40, 1 - sigma(z) rounds to 0 but sigma(-40) = 4.2e-18.

    Parameters
    ----------
    z : float or np.ndarray, any shape

    Returns
    -------
    float or np.ndarray, same shape as z, values in [0, 0.25]
    """
    z = _checked(z)
    return _out(_sigmoid_prime(z), z)


def tanh(z):
    """tanh(z), elementwise (numpy's tanh never overflows)."""
    z = _checked(z)
    return _out(np.tanh(z), z)


def tanh_prime(z):
    """d tanh / dz = 1 - tanh(z)^2, written as 1 / cosh(z)^2 for accuracy in saturation.

    cosh overflows past |z| ~ 710, where the true value underflows to 0 anyway, so
    we use 4 e^(-2|z|) / (1 + e^(-2|z|))^2, which equals 1 / cosh(z)^2 and never overflows.
    |z| is capped at 400 first (where the true value, below 1e-347, is 0 in float64), so
    -2|z| cannot overflow either, even at z = +-1e308.
    """
    z = _checked(z)
    return _out(_tanh_prime(z), z)


def relu(z):
    """relu(z) = max(0, z), elementwise."""
    z = _checked(z)
    return _out(np.maximum(z, 0.0), z)


def relu_prime(z):
    """d relu / dz = 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = _checked(z)
    return _out(_relu_prime(z), z)


def identity(z):
    """f(z) = z, for a linear output layer."""
    z = _checked(z)
    return _out(z.copy(), z)


def identity_prime(z):
    """d z / dz = 1."""
    z = _checked(z)
    return _out(np.ones_like(z), z)


# ------------------------------------------------------------------ the formulas, unchecked
# Each takes a float64 array (finite, any shape) and returns an array of the same shape.


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    # 1 / (1 + e) for z >= 0, e / (1 + e) for z < 0: one division for both (fewer steps)
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_prime(z: np.ndarray) -> np.ndarray:
    # sigma(z) * sigma(-z) with e = e^(-|z|) computed once: one of the two factors is
    # 1 / (1 + e) and the other e / (1 + e) (both 1/2 at z = 0, where e = 1), so this is
    # bit for bit _sigmoid(z) * _sigmoid(-z) at a third of the cost.
    e = np.exp(-np.abs(z))
    d = 1.0 + e
    return (1.0 / d) * (e / d)


def _tanh_prime(z: np.ndarray) -> np.ndarray:
    e = np.exp(-2.0 * np.minimum(np.abs(z), 400.0))
    return 4.0 * e / (1.0 + e) ** 2


def _relu_prime(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(np.float64)


class _UnknownName(ValueError, KeyError):
    """An activation name that is not in the table (a ValueError, and a KeyError for dicts)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0])


class _Table(dict):
    """A dict whose unknown key is a ValueError listing the names."""

    def __missing__(self, key):
        raise _UnknownName(f"the activation must be one of {sorted(self)}, got {key!r}")


#: Name -> (f, f') for every activation a layer can use.
ACTIVATIONS = _Table(
    sigmoid=(sigmoid, sigmoid_prime),
    tanh=(tanh, tanh_prime),
    relu=(relu, relu_prime),
    identity=(identity, identity_prime),
)

#: The same pairs without argument checks, for arrays already checked (float64, finite).
_KERNELS = _Table(
    sigmoid=(_sigmoid, _sigmoid_prime),
    tanh=(np.tanh, _tanh_prime),
    relu=(lambda z: np.maximum(z, 0.0), _relu_prime),
    identity=(lambda z: z.copy(), np.ones_like),
)
