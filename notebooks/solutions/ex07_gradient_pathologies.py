"""Solutions to the exercises of notebooks/07_gradient_pathologies.ipynb.

Kept for instructors and checked by tests/test_exercises.py; see README.md here.
"""

import numpy as np
import sympy as sp

from helpers import symbolic

# Exercise 1: each step back multiplies δ by w σ'(z); σ'(z) peaks where its derivative is 0.
z = sp.Symbol("z", real=True)
sigma_prime = sp.diff(symbolic.sigma(z), z)
peak = sp.solve(sp.diff(sigma_prime, z), z)  # [0]
max_slope = sigma_prime.subs(z, peak[0])  # 1/4
w, L = sp.symbols("w L", positive=True)
bound = (w * max_slope) ** (L - 1)  # L - 1 steps back from δ^L to δ¹


# Exercise 2: centred differences, one entry at a time.
def centred_difference(f, x, h=1e-5):
    """(f(x + h e_i) - f(x - h e_i)) / 2h for every entry i; x is not changed."""
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.astype(float), x.astype(float)  # copies
        x_plus[i] += h
        x_minus[i] -= h
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * h)
    return grad


# Exercise 3: a step back multiplies ‖δ‖ by about s × the RMS slope. At s = √2 the z spread
# out to where tanh' is about 0.74 (RMS), so √2 × 0.74 ≈ 1.05: δ stays about steady.
prediction_tanh = "about 1"

# Exercise 4: a parabola has third derivative 0: the centred difference is exact for any h.
prediction_big_h = "tiny"


# Exercise 5: one step back through a sigmoid layer; a skip hands G^l on unchanged.
def residual_step_back(G, Z, A_prev, W, skip):
    """(delta^l, dL/dW^l, G^(l-1)) from G^l = dL/dA^l, Z^l, A^(l-1) and W^l."""
    s = 1 / (1 + np.exp(-Z))
    delta = G * s * (1 - s)  # delta^l = G^l * sigma'(Z^l)
    dW = delta.T @ A_prev  # (delta^l)^T A^(l-1)
    G_prev = delta @ W  # the branch's share of dL/dA^(l-1)
    if skip:
        G_prev = G_prev + G  # the skip's share: a^l = a^(l-1) + sigma(z^l)
    return delta, dW, G_prev
