"""Notebook 09's dashboard: move one input of a batch and watch BatchNorm respond.

One feature column of a batch of six examples goes through BatchNorm (training mode). A
slider moves the first example's input x_0; because the batch mean and variance depend on
every input, all six normalised outputs move, not just the first. Three panels:

- the inputs x_i and the normalised outputs xhat_i;
- the column of the Jacobian d xhat_i / d x_0: how much each output moves per unit of x_0
  (positive for example 0 itself, negative for the others);
- an upstream gradient dout and the gradient dX that BatchNorm's backward pass gives. With
  an all-ones dout, dX is exactly zero (the reason a gradient check must use a random one);
  dX always sums to zero.

A toggle switches the variance between dividing by n (training-mode BatchNorm, as in
PyTorch) and by n - 1: with n - 1 the outputs' variance is (n - 1)/n, not 1.

Introduced in notebooks/09_backprop_through_any_layer.ipynb.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.collections import PolyCollection

from . import _validate as v
from . import figures
from ._mlp_checks import too_large as _too_large
from .dashboard import Dashboard, figure, table

#: The batch (one feature): x_0 is the slider's, the others stay put.
OTHERS = np.array([-1.2, 0.3, 2.0, -0.5, 1.1])
#: A fixed random upstream gradient (seeded), one entry per example.
RANDOM_DOUT = np.random.default_rng(9).standard_normal(OTHERS.size + 1)
X0_RANGE = (-4.0, 4.0)
EPS = 1e-5


def column(x, dout, ddof=0, eps=EPS):
    """BatchNorm of one feature column, its Jacobian column for x_0, and dX.

    Parameters
    ----------
    x, dout : arrays of shape (n,), n >= 2
    ddof : 0 (divide the variance by n) or 1 (by n - 1)
    eps : float > 0

    Returns
    -------
    xhat : (n,), the normalised inputs
    jac0 : (n,), d xhat_i / d x_0
    dX : (n,), the gradient of sum(dout * xhat) with respect to x
    """
    x, dout = v.real_array("x", x), v.real_array("dout", dout)
    if x.ndim != 1 or x.size < 2 or dout.shape != x.shape:
        raise ValueError(
            f"x and dout must be 1-D of one length n >= 2, got shapes {x.shape}, {dout.shape}"
        )
    ddof = v.integer("ddof", ddof, 0, 1)
    n, eps = x.size, v.positive("eps", eps)

    def backward(g):  # d(sum(g * xhat))/dx: the mean's term and the variance's term
        return inv * (g - g.mean() - xhat * (g * xhat).sum() / (n - ddof))

    with _too_large("x and dout"):
        xc = x - x.mean()
        inv = 1.0 / np.sqrt((xc**2).sum() / (n - ddof) + eps)
        xhat = xc * inv
        return xhat, backward(np.eye(n)[0]), backward(dout)


def _outlined(color) -> dict:
    """An outlined bar (no fill): told apart from the filled ones without colour. (Hatching
    would do too, but drawing it costs about 100 ms per slider move.)"""
    return {"facecolors": "none", "edgecolors": color, "linewidths": 1.8}


class _Bars:
    """A row of bars drawn as ONE PolyCollection: one draw call per slider move instead of
    one per bar (a BarContainer's bars are separate patches, each drawn on its own)."""

    def __init__(self, ax, x, width, **style):
        self.left, self.right = np.asarray(x) - width / 2, np.asarray(x) + width / 2
        style = {"linewidths": 0, **style}
        self.poly = PolyCollection([], animated=True, **style)
        ax.add_collection(self.poly)
        ax.set_xlim(-0.6, self.left.size - 0.4)

    def set_heights(self, heights):
        zero = np.zeros_like(self.left)
        corners = [
            (self.left, zero),
            (self.left, heights),
            (self.right, heights),
            (self.right, zero),
        ]
        self.poly.set_verts(np.stack([np.stack(c, axis=-1) for c in corners], axis=1))


class BatchNormExplorer(Dashboard):
    """A slider for x_0, toggles for the upstream gradient and for n against n - 1."""

    pixel_ratio = 1.5
    caption = (
        "Move x_0: every normalised output moves, because the batch mean and variance depend "
        "on every input. Switch dout to all ones and dX becomes exactly zero; switch the "
        "variance to n - 1 and the outputs' variance drops below 1."
    )

    def alt_text(self) -> str:
        """One sentence: what the starting picture shows."""
        return (
            f"A batch of six inputs with x_0 = {self.values['x0']:g} and its BatchNorm outputs "
            "(left), how much each output moves per unit of x_0 (middle), and a random "
            "upstream gradient with the dX it gives (right)."
        )

    def __init__(self, x0=0.8, upstream="random", variance="n"):
        x0 = v.number("x0", x0, *X0_RANGE)
        upstream = v.choice("upstream", upstream, ("random", "all ones"))
        variance = v.choice("variance", variance, ("n", "n - 1"))
        style = {"description_width": "70px"}
        sliders = {
            "x0": W.FloatSlider(
                value=x0, min=X0_RANGE[0], max=X0_RANGE[1], step=0.1, description="x_0",
                readout_format=".1f", style=style, continuous_update=True,
            ),
            "upstream": W.ToggleButtons(
                options=["random", "all ones"], value=upstream, description="dout",
                style={**style, "button_width": "80px"},
            ),
            "variance": W.ToggleButtons(
                options=["n", "n - 1"], value=variance, description="var ÷",
                style={**style, "button_width": "60px"},
            ),
        }  # fmt: skip
        sliders["x0"].tooltip = "input x_0 of the first example"
        sliders["upstream"].tooltip = "upstream gradient dout"
        sliders["variance"].tooltip = "divide the variance by n or by n - 1"
        fig, axes = figure(9.3, 2.9, ncols=3)  # shown 930 px wide
        fig.set_dpi(100 * self.pixel_ratio)
        fig.subplots_adjust(left=0.06, right=0.99, bottom=0.17, top=0.87, wspace=0.3)
        n = OTHERS.size + 1
        i = np.arange(n)
        moving = {"animated": True}
        ax_x, ax_j, ax_d = axes
        self._x = _Bars(ax_x, i - 0.2, 0.4, color=figures.BLUE)
        self._xhat = _Bars(ax_x, i + 0.2, 0.4, **_outlined(figures.VERMILLION))
        self._mean = ax_x.axhline(0, color=figures.BLUE, ls="--", lw=1, **moving)
        ax_x.set(ylim=(-4.3, 4.3), title=r"$x_i$ (filled; -- mean), $\hat x_i$ (outlined)")
        self._jac = _Bars(ax_j, i, 0.6, color=figures.VERMILLION)
        ax_j.set(title=r"$\partial \hat x_i / \partial x_0$")
        self._dout = _Bars(ax_d, i - 0.2, 0.4, **_outlined(figures.BLACK))
        self._dX = _Bars(ax_d, i + 0.2, 0.4, color=figures.BLUE)
        ax_d.set(title="dout (outlined), dX (filled)")
        grid = np.linspace(*X0_RANGE, 41)
        jac_max = dx_max = 0.0
        for ddof in (0, 1):  # fixed ranges: the largest values over the slider's range
            for x in grid:
                _, jac, dX = column(np.r_[x, OTHERS], RANDOM_DOUT, ddof)
                jac_max, dx_max = max(jac_max, np.abs(jac).max()), max(dx_max, np.abs(dX).max())
        ax_j.set_ylim(-1.1 * jac_max, 1.1 * jac_max)
        lim = 1.1 * max(dx_max, np.abs(RANDOM_DOUT).max(), 1.0)
        ax_d.set_ylim(-lim, lim)
        for ax in axes:
            ax.axhline(0, color="0.4", lw=0.8)
            ax.set_xticks(i)
            ax.set_xlabel("example $i$")
        super().__init__(sliders, fig, columns=1, readout_beside=True)

    def render(self, values: dict) -> str:
        x = np.r_[values["x0"], OTHERS]
        dout = RANDOM_DOUT if values["upstream"] == "random" else np.ones(x.size)
        ddof = 0 if values["variance"] == "n" else 1
        xhat, jac, dX = column(x, dout, ddof)
        for bars, heights in (
            (self._x, x), (self._xhat, xhat), (self._jac, jac), (self._dout, dout), (self._dX, dX)
        ):  # fmt: skip
            bars.set_heights(heights)
        self._mean.set_ydata([x.mean()] * 2)
        return table(
            [
                ("batch mean μ, standard deviation σ (÷ " + values["variance"] + ")",
                 f"{x.mean():.3f}, {x.std(ddof=ddof):.3f}"),
                ("mean and variance (÷ n) of the outputs x̂",
                 f"{_clean(xhat.mean()):.3f}, {xhat.var():.3f}"),
                ("∂x̂₀/∂x₀ and the sum of ∂x̂ᵢ/∂x₀ over the batch",
                 f"{jac[0]:.3f}, {_clean(jac.sum()):.2g}"),
                ("sum of dX over the batch", f"{_clean(dX.sum()):.2g}"),
                ("largest |dX|", f"{_clean(np.abs(dX).max()):.3g}"),
            ]
        )  # fmt: skip


def _clean(value: float) -> float:
    """0.0 for a rounding residue such as -3e-17 (so the readout never shows -0.000)."""
    return 0.0 if abs(value) < 5e-10 else float(value)


def batchnorm_explorer(x0=0.8, upstream="random", variance="n") -> BatchNormExplorer:
    """Notebook 09's BatchNorm dashboard: move x_0, pick the upstream and the variance."""
    return BatchNormExplorer(x0=x0, upstream=upstream, variance=variance)
