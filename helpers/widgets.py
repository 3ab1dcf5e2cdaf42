"""Slider dashboards for the single neuron (notebooks 01 and 02).

Introduced in notebooks/01_forward_pass.ipynb.
"""

from __future__ import annotations

import math

import ipywidgets as W
import numpy as np

from . import _validate as v
from . import figures, neuron
from .activations import sigmoid, sigmoid_prime
from .dashboard import Dashboard, figure, table


def number(value: float) -> str:
    """Six significant digits, so tiny gradients show as 4.2e-18 rather than 0.000000,
    and never a "-0" (adding 0.0 turns -0.0 into 0.0). ``value`` must be finite."""
    if type(value) is not float:  # the common case, a float, is formatted at once
        value = v.number("value", value)
    elif not math.isfinite(value):
        raise ValueError(f"value must be finite, got {value!r}")
    return f"{value + 0.0:.6g}"


def slider(
    description: str, value: float, lo: float, hi: float, step: float = 0.01, tooltip: str = ""
) -> W.FloatSlider:
    """A float slider with a fixed readout format and a wide label.

    ``value`` must lie in [lo, hi] (it is never clamped silently) and ``step`` in
    (0, hi - lo]. ``tooltip`` is the slider's name in words ("weight w"): it shows on hover
    and is what a screen reader reads (a bare symbol such as "w" is not a name).
    """
    if not isinstance(description, str):
        raise TypeError(f"description must be a string, got {v._describe(description)}")
    if not isinstance(tooltip, str):
        raise TypeError(f"tooltip must be a string, got {v._describe(tooltip)}")
    lo, hi = v.number("lo", lo), v.number("hi", hi)
    if not lo < hi:
        raise ValueError(f"lo must be below hi, got lo={lo:g} and hi={hi:g}")
    step = v.number("step", step, 0.0, hi - lo)
    if step == 0:
        raise ValueError("step must be positive, got 0")
    value = v.number("value", value, lo, hi)
    control = W.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=".2f",
        continuous_update=True,
        style={"description_width": "60px"},
    )
    if tooltip:  # set afterwards: ipywidgets 7 (Colab's) has no tooltip to pass
        control.tooltip = tooltip
    return control


class NeuronExplorer(Dashboard):
    """Sliders for w, b, x and y_true; shows z, y, L (and the gradients); plots sigma(z).

    Left: sigma over z with the current point (z, y) and the tangent there, whose slope is
    dy/dz = sigma(z)(1 - sigma(z)). Right, without ``show_gradients`` (notebook 01):
    y = sigma(w x + b) against x, so w (steepness, direction) and b (shift) look different;
    with it (notebook 02): L(w) with the tangent of slope dL/dw at the current w, and the
    readout lists each factor of the chain rule and dL/dw, dL/db.
    """

    pixel_ratio = 1.5

    RANGES = {"w": (-10.0, 10.0), "b": (-10.0, 10.0), "x": (-5.0, 5.0), "y_true": (0.0, 1.0)}

    caption = (
        "Move the weight w, the bias b, the input x and the target y_true: the readout gives z, "
        "y and the loss L for the new values, and the dots and curves follow."
    )

    def __init__(self, x=0.5, w=0.2, b=0.1, y_true=1.0, show_gradients=True):
        start = {"x": x, "w": w, "b": b, "y_true": y_true}
        x, w, b, y_true = (
            v.number(k, start[k], *self.RANGES[k]) for k in ("x", "w", "b", "y_true")
        )
        self.show_gradients = v.flag("show_gradients", show_gradients)
        sliders = {
            "w": slider("w", w, -10, 10, tooltip="weight w"),
            "b": slider("b", b, -10, 10, tooltip="bias b"),
            "x": slider("x", x, -5, 5, tooltip="input x"),
            "y_true": slider("y_true", y_true, 0, 1, tooltip="target y_true"),
        }
        fig, (ax, ax2) = figure(9.3, 2.8, 2)  # 930 px: fits 1366 px JupyterLab (934 px)
        fig.set_dpi(100 * self.pixel_ratio)  # drawn at 1.5 times the size it is shown
        fig.subplots_adjust(left=0.065, right=0.975, bottom=0.19, top=0.82, wspace=0.22)
        grid = np.linspace(-10, 10, 401)
        # Okabe-Ito colours (helpers.figures), and the target dashed: never only colour.
        curve, mark, target = figures.BLUE, figures.VERMILLION, figures.BLACK
        (self._curve,) = ax.plot(grid, sigmoid(grid), color=curve, label=r"$y = \sigma(z)$")
        moving = {"animated": True}
        (self._tangent,) = ax.plot(
            [], [], color=mark, ls="-.", lw=1.5, label=r"tangent, slope $dy/dz$", **moving
        )
        (self._point,) = ax.plot([], [], "o", color=mark, ms=7, **moving)
        self._target = ax.axhline(
            y_true, color=target, ls="--", lw=1.2, label=r"target $y_{true}$", **moving
        )
        ax.set_xlabel(r"pre-activation $z = w x + b$")
        ax.set_ylabel(r"output $y$")
        ax.set_ylim(-0.1, 1.1)
        # Right: 01 shows y against the input x, where w and b play different roles;
        # 02 shows the loss against w, whose tangent has the slope dL/dw.
        if self.show_gradients:
            (self._curve2,) = ax2.plot([], [], color=curve, label=r"$L(w)$, other values fixed",
                                       **moving)  # fmt: skip
            (self._tangent2,) = ax2.plot(
                [], [], color=mark, ls="-.", lw=1.5,
                label=r"tangent, slope $\partial L/\partial w$", **moving,
            )  # fmt: skip
            self._target2 = None
            ax2.set(xlim=(-10, 10), ylim=(-0.03, 0.53), xlabel=r"weight $w$", ylabel=r"loss $L$")
        else:
            (self._curve2,) = ax2.plot([], [], color=curve, label=r"$y = \sigma(w x + b)$",
                                       **moving)  # fmt: skip
            self._tangent2 = None
            self._target2 = ax2.axhline(
                y_true, color=target, ls="--", lw=1.2, label=r"target $y_{true}$", **moving
            )
            ax2.set(xlim=(-5, 5), ylim=(-0.1, 1.1), xlabel=r"input $x$", ylabel=r"output $y$")
        (self._point2,) = ax2.plot([], [], "o", color=mark, ms=7, **moving)
        self._grid2 = np.linspace(*ax2.get_xlim(), 201)  # w or x along the right panel
        for a in (ax, ax2):
            a.grid(alpha=0.3)
            # Above the axes, so no line (the target's, say) ever runs through an entry.
            a.legend(
                loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=3, fontsize=figures.MIN_FONT_PT,
                frameon=False, borderaxespad=0.0, handlelength=1.6, columnspacing=1.0,
            )  # fmt: skip
        self._ax = ax
        self._start = dict(x=x, w=w, b=b, y_true=y_true)
        super().__init__(sliders, fig, readout_beside=True)

    def alt_text(self) -> str:
        """What the starting picture shows, with its numbers."""
        x, w, b, y_true = (self._start[k] for k in ("x", "w", "b", "y_true"))
        y, z = neuron.forward(x, w, b)
        left = (
            f"Left: the sigmoid curve with the neuron's point at z = {number(z)}, "
            f"y = {y:.3f}, its tangent and the target line at y_true = {number(y_true)}"
        )
        if self.show_gradients:
            dL_dw = neuron.backward(x, y, z, y_true)[0]
            right = (
                f"right: the loss L against the weight w, with the point at w = {number(w)} "
                f"and its tangent of slope dL/dw = {dL_dw:.4f}."
            )
        else:
            right = (
                f"right: the output y = sigma(w x + b) against the input x for w = {number(w)} "
                f"and b = {number(b)}, with the point at x = {number(x)} and the target line."
            )
        return f"{left}; {right}"

    def render(self, values: dict) -> str:
        x, w, b, y_true = values["x"], values["w"], values["b"], values["y_true"]
        y, z = neuron.forward(x, w, b)
        loss = neuron.loss(y, y_true)
        slope = sigmoid_prime(z)
        # Keep the current point in view: the z axis widens when |z| passes 10.
        # It widens in steps of 5, so the static background is redrawn only now and then.
        lo = min(-10.0, 5.0 * np.floor((z - 2.0) / 5.0))
        hi = max(10.0, 5.0 * np.ceil((z + 2.0) / 5.0))
        if (lo, hi) != self._ax.get_xlim():
            grid = np.linspace(lo, hi, 401)
            self._curve.set_data(grid, sigmoid(grid))
            self._ax.set_xlim(lo, hi)
            self.invalidate()
        half = 1.5
        self._tangent.set_data([z - half, z + half], [y - half * slope, y + half * slope])
        self._point.set_data([z], [y])
        self._target.set_ydata([y_true, y_true])
        if self.show_gradients:  # L(w) for this x, b, y_true, and its tangent at w
            ws = self._grid2
            self._curve2.set_data(ws, neuron.loss(neuron.forward(x, ws, b)[0], y_true))
            dL_dw = neuron.backward(x, y, z, y_true)[0]
            self._tangent2.set_data([w - 2.5, w + 2.5], [loss - 2.5 * dL_dw, loss + 2.5 * dL_dw])
            self._point2.set_data([w], [loss])
        else:  # y against x for this w and b
            self._curve2.set_data(self._grid2, neuron.forward(self._grid2, w, b)[0])
            self._target2.set_ydata([y_true, y_true])
            self._point2.set_data([x], [y])
        rows = [
            ("z = w·x + b", number(z)),
            ("y = σ(z)", number(y)),
            ("L = ½(y − y_true)²", number(loss)),
        ]
        if self.show_gradients:
            dL_dw, dL_db = neuron.backward(x, y, z, y_true)
            rows += [
                ("∂L/∂y = y − y_true", number(y - y_true)),
                ("∂y/∂z = σ(z)(1 − σ(z))", number(slope)),
                ("∂L/∂w = ∂L/∂y · ∂y/∂z · x", number(dL_dw)),
                ("∂L/∂b = ∂L/∂y · ∂y/∂z · 1", number(dL_db)),
            ]
        return table(rows)


def neuron_explorer(x=0.5, w=0.2, b=0.1, y_true=1.0, show_gradients=True) -> NeuronExplorer:
    """The single-neuron explorer, starting at the seed's example (x=0.5, w=0.2, b=0.1)."""
    return NeuronExplorer(x=x, w=w, b=b, y_true=y_true, show_gradients=show_gradients)
