"""Figures and the dashboard of notebook 10: kernels, the unrolled RNN, gradients through time.

Every plotting function returns its matplotlib Figure (show it with ``figures.show``);
:class:`TimeExplorer` is a slider dashboard on ``helpers.dashboard.Dashboard``.

Introduced in notebooks/10_convolution_and_recurrence.ipynb.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from . import bptt, figures
from .dashboard import Dashboard, figure, table


def plot_kernels(K, title: str = "First-layer kernels after training") -> Figure:
    """Each 3x3 kernel K[f, 0] as a small image, blue negative, red positive (one colour scale).

    K : np.ndarray of shape (F, 1, HH, WW), 1 <= F <= 32
    """
    K = v.real_array("K", K)
    if K.ndim != 4 or K.shape[1] != 1 or not 1 <= K.shape[0] <= 32 or 0 in K.shape:
        raise ValueError(f"K must have shape (F, 1, HH, WW) with 1 <= F <= 32, got {K.shape}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {v._describe(title)}")
    F = K.shape[0]
    fig = Figure(figsize=(min(1.1 * F, 9.0), 1.9))
    top = float(np.abs(K).max()) or 1.0
    for f in range(F):
        ax = fig.add_subplot(1, F, f + 1)
        ax.imshow(K[f, 0], cmap="RdBu_r", vmin=-top, vmax=top)
        ax.set(xticks=[], yticks=[], title=f"{f + 1}")
    fig.suptitle(title)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.05, top=0.7, wspace=0.15)
    return fig


def plot_feature_maps(image, maps, title: str = "One digit and what each kernel sees") -> Figure:
    """An 8x8 image next to its F feature maps (after ReLU), each on its own grey scale.

    image : (8, 8) array;  maps : (F, 8, 8) array, 1 <= F <= 16
    """
    image, maps = v.real_array("image", image), v.real_array("maps", maps)
    if image.ndim != 2 or 0 in image.shape:
        raise ValueError(f"image must be 2-D, got shape {image.shape}")
    if maps.ndim != 3 or not 1 <= maps.shape[0] <= 16 or 0 in maps.shape:
        raise ValueError(f"maps must have shape (F, H, W) with 1 <= F <= 16, got {maps.shape}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {v._describe(title)}")
    F = maps.shape[0]
    fig = Figure(figsize=(min(1.05 * (F + 1), 9.3), 1.9))
    ax = fig.add_subplot(1, F + 1, 1)
    ax.imshow(image, cmap="gray_r")
    ax.set(xticks=[], yticks=[], title="input")
    for f in range(F):
        ax = fig.add_subplot(1, F + 1, f + 2)
        ax.imshow(maps[f], cmap="viridis")
        ax.set(xticks=[], yticks=[], title=f"{f + 1}")
    fig.suptitle(title)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.05, top=0.7, wspace=0.15)
    return fig


def plot_unrolled(steps: int = 4) -> Figure:
    """The RNN unrolled over ``steps`` steps: x_t -> h_t, h_(t-1) -> h_t, the loss at h_T,
    with the backward path of dL/dh_t drawn under it (dashed)."""
    steps = v.integer("steps", steps, 1, 8)
    fig = Figure(figsize=(9.0, 2.8))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(-0.7, steps + 1.3), ylim=(-1.45, 1.35))
    ax.axis("off")
    box = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": figures.BLUE}
    for t in range(steps + 1):
        label = "$h_0$" if t == 0 else f"$h_{t}$" if t < steps else "$h_T$"
        ax.text(t, 0, label, ha="center", va="center", fontsize=13, bbox=box)
        if t == 0:
            continue
        xl = f"$x_{t}$" if t < steps else "$x_T$"
        ax.text(t, 1.0, xl, ha="center", va="center", fontsize=13)
        ax.annotate("", (t, 0.22), (t, 0.8), arrowprops={"arrowstyle": "->", "color": "0.3"})
        ax.text(t + 0.06, 0.5, "$W_x$", fontsize=10, color="0.3")
        ax.annotate(
            "", (t - 0.2, 0), (t - 0.8, 0), arrowprops={"arrowstyle": "->", "color": figures.BLUE}
        )
        ax.text(t - 0.5, 0.08, "$W_h$", ha="center", fontsize=10, color=figures.BLUE)
        ax.annotate(
            "", (t - 0.8, -0.75), (t - 0.2, -0.75),
            arrowprops={"arrowstyle": "->", "color": figures.VERMILLION, "ls": "--"},
        )  # fmt: skip
        ax.text(
            t - 0.5,
            -1.1,
            r"$\times\tanh'\,W_h$",
            ha="center",
            fontsize=10,
            color=figures.VERMILLION,
        )
    ax.text(
        steps + 0.95, 0, "$L$", ha="center", va="center", fontsize=13, bbox={**box, "ec": "0.3"}
    )
    ax.annotate(
        "", (steps + 0.75, 0), (steps + 0.25, 0), arrowprops={"arrowstyle": "->", "color": "0.3"}
    )
    ax.text(steps + 0.4, -0.75, r"$\partial L/\partial h_T$", ha="center", va="center", fontsize=11,
            color=figures.VERMILLION)  # fmt: skip
    ax.text(
        -0.55, -0.75, "backward:", ha="left", va="center", fontsize=10, color=figures.VERMILLION
    )
    return fig


def plot_echo_runs(runs: dict, title: str = "Training the echo task") -> Figure:
    """Loss and gradient norm per iteration for each run ({label: bptt.EchoRun}), log scale."""
    if (
        not isinstance(runs, dict)
        or not runs
        or not all(isinstance(k, str) and isinstance(r, bptt.EchoRun) for k, r in runs.items())
    ):
        raise TypeError(
            f"runs must be a non-empty dict of label -> bptt.EchoRun, got {v._describe(runs)}"
        )
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {v._describe(title)}")
    fig, (ax_l, ax_g) = figure(9.3, 3.2, ncols=2)
    for i, (label, run) in enumerate(runs.items()):
        style = figures.series(i)
        it = np.arange(len(run.loss))
        tail = "" if run.status == "ok" else f" ({run.status})"
        ax_l.semilogy(it, run.loss, **style, label=label + tail)
        ax_g.semilogy(it, run.grad_norm, **style, label=label)
    ax_l.set(xlabel="iteration", ylabel="loss", title=title)
    ax_g.set(xlabel="iteration", ylabel=r"$\|g\|$ before clipping", title="Gradient norm")
    for ax in (ax_l, ax_g):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9)
    return fig


class TimeExplorer(Dashboard):
    """Slider for the recurrent weight's scale s and the sequence length T.

    The plot shows ||dL/dh_(T-k)|| / ||dL/dh_T|| against k, the number of steps back, on a
    log axis: for the tanh RNN (the real recursion) and for the same weights without the
    tanh slopes, which is exactly s^k (Wh / s is orthogonal).
    """

    pixel_ratio = figures.PIXEL_RATIO
    caption = (
        "Move the scale of the recurrent weight Wh and the number of steps: the curves show how "
        "much of the gradient at the last step reaches each earlier step."
    )

    def alt_text(self) -> str:
        """One sentence: what the starting picture shows."""
        v0 = self.values
        return (
            f"At scale {v0['scale']:g} over {v0['steps']} steps, the gradient's size k steps "
            "back on a log axis, for the tanh RNN and for the same weights without tanh."
        )

    def __init__(self, scale: float = 1.0, steps: int = 40):
        scale = v.number("scale", scale, 0.3, 3.0)
        steps = v.integer("steps", steps, 2, 80)
        style = {"description_width": "90px"}
        sliders = {
            "scale": W.FloatSlider(value=scale, min=0.3, max=3.0, step=0.05, description="scale s",
                                   style=style),
            "steps": W.IntSlider(value=steps, min=2, max=80, description="steps T", style=style),
        }  # fmt: skip
        # Set afterwards: ipywidgets 7 (Colab's) takes no tooltip argument.
        sliders["scale"].tooltip = "scale s of the recurrent weight Wh"
        sliders["steps"].tooltip = "number of steps T"
        fig, (ax,) = figure(9.3, 3.3, ncols=1)
        fig.set_dpi(100 * self.pixel_ratio)
        fig.subplots_adjust(left=0.09, right=0.7, bottom=0.16, top=0.9)
        moving = {"animated": True}
        (self._tanh,) = ax.semilogy(
            [], [], "o-", ms=3, color=figures.BLUE, label="tanh RNN", **moving
        )
        (self._linear,) = ax.semilogy(
            [], [], "--", color=figures.VERMILLION, label="without tanh: $s^k$", **moving
        )
        ax.axhline(1, color="0.5", lw=1, ls=":")
        ax.set(xlim=(-1, 80), ylim=(1e-30, 1e20), xlabel="steps back $k$",
               ylabel=r"$\|\partial L/\partial h_{T-k}\| \,/\, \|\partial L/\partial h_T\|$",
               title="How much of the gradient reaches k steps back")  # fmt: skip
        ax.set_yticks([10.0**e for e in range(-30, 21, 10)])
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        super().__init__(sliders, fig, columns=1, readout_beside=True)

    def render(self, values: dict) -> str:
        scale, steps = values["scale"], values["steps"]
        g = bptt.gradient_norms(scale, steps)
        self._tanh.set_data(g["k"], np.clip(g["tanh"], 1e-30, 1e20))
        self._linear.set_data(g["k"], np.clip(g["linear"], 1e-30, 1e20))
        far = g["tanh"][-1]
        per_step = far ** (1 / (steps - 1)) if far > 0 else 0.0
        verdict = (
            "vanishes"
            if per_step < 0.9
            else ("explodes" if per_step > 1.1 else "stays about steady")
        )
        return table([
            ("size after T - 1 steps back", f"{far:.2e}"),
            ("average factor per step", f"{per_step:.3f}"),
            ("RMS tanh slope", f"{g['slope']:.3f}"),
            ("the gradient", verdict),
        ])  # fmt: skip


def time_explorer(scale: float = 1.0, steps: int = 40) -> TimeExplorer:
    """Make a :class:`TimeExplorer` (the notebook cell shows it)."""
    return TimeExplorer(scale, steps)
