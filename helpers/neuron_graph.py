"""The single neuron as a small computational graph, a value and a gradient on every edge.

    w ─┐
       ×── w x ──┐
    x ─┘         +── z ── σ ── y ── L = ½ (y − y_true)²
            b ───┘                  │
                          y_true ───┘

Each edge carries one number forward (its value, in black, above the edge) and one number
backward (the gradient of the loss with respect to that value, in orange, below it), the
way micrograd and cs231n's notes draw a graph. Reading the orange numbers from right to left
is the backward pass: each is the one to its right times the local derivative of the node
in between, and the gradient on z is the error term delta = dL/dz.

Plots sit on top of the package: every number comes from ``helpers.neuron``.

Introduced in notebooks/02_chain_rule.ipynb.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch

from . import _validate as v
from . import figures, neuron
from .activations import sigmoid_prime

VALUE, GRADIENT = figures.BLACK, figures.VERMILLION  # Okabe-Ito: colour-blind safe on white

# (x, y) of each node and input in the drawing's own units.
NODES = {"mul": (2.2, 1.4), "add": (4.6, 0.9), "sigma": (6.8, 0.9), "loss": (9.0, 0.9)}
INPUTS = {"w": (0.0, 2.4), "x": (0.0, 0.4), "b": (2.6, -0.4), "y_true": (9.0, -0.7)}
SYMBOL = {"mul": "×", "add": "+", "sigma": "σ", "loss": "L"}
RADIUS = 0.32


def edges(x: float, w: float, b: float, y_true: float) -> list[dict]:
    """Every edge of the graph with its value and its gradient dL/d(value).

    Parameters
    ----------
    x, w, b, y_true : float
        One example and the neuron's parameters: each one finite real number (an int,
        ``Decimal`` or ``Fraction`` counts; it is used as a float).

    Returns
    -------
    list of dict with keys ``"name"`` (what the edge carries, e.g. ``"z"``), ``"start"``,
    ``"end"`` (node or input names), ``"value"`` and ``"grad"`` (None where no gradient is
    needed: y_true is data, not something we learn).
    """
    x, w, b = v.number("x", x), v.number("w", w), v.number("b", b)
    y_true = v.number("y_true", y_true)
    y, z = neuron.forward(x, w, b)
    dL_dy = y - y_true  # dL/dy of L = 1/2 (y - y_true)^2
    delta = dL_dy * sigmoid_prime(z)  # delta = dL/dz = dL/dy * dy/dz
    return [
        {"name": "w", "start": "w", "end": "mul", "value": w, "grad": delta * x},  # dz/dw = x
        {"name": "x", "start": "x", "end": "mul", "value": x, "grad": delta * w},  # dz/dx = w
        {"name": "w x", "start": "mul", "end": "add", "value": w * x, "grad": delta},
        {"name": "b", "start": "b", "end": "add", "value": b, "grad": delta},  # dz/db = 1
        {"name": "z", "start": "add", "end": "sigma", "value": z, "grad": delta},
        {"name": "y", "start": "sigma", "end": "loss", "value": y, "grad": dL_dy},
        {"name": "y_true", "start": "y_true", "end": "loss", "value": y_true, "grad": None},
    ]


def _where(name: str) -> tuple[float, float]:
    return NODES.get(name) or INPUTS[name]


def _short(value: float) -> str:
    return f"{value + 0.0:.4g}"


def draw(x: float = 0.5, w: float = 0.2, b: float = 0.1, y_true: float = 1.0, ax=None):
    """Draw the graph at one point; returns the Figure (a new one unless ``ax`` is given).

    Parameters
    ----------
    x, w, b, y_true : float
        The point; the default is the worked example of the series.
    ax : matplotlib Axes, optional
        Where to draw. Without it a new 9.3 x 3.2 inch pyplot figure is made (show it with
        ``helpers.figures.show(fig, alt=...)``).
    """
    x, w, b = v.number("x", x), v.number("w", w), v.number("b", b)
    y_true = v.number("y_true", y_true)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {v._describe(ax)}")
    if ax is None:
        import matplotlib.pyplot as plt  # a static figure: let pyplot show it inline

        fig = plt.figure(figsize=(9.3, 3.2))  # 930 px: fits a 1366 px JupyterLab window
        ax = fig.add_axes((0.0, 0.0, 1.0, 0.9))
    fig = ax.figure
    for node, (px, py) in NODES.items():
        ax.add_patch(Circle((px, py), RADIUS, fc="#e8f0f8", ec="0.2", lw=1.2, zorder=2))
        ax.text(px, py, SYMBOL[node], ha="center", va="center", fontsize=15, zorder=3)
    for name, (px, py) in INPUTS.items():
        label = {"y_true": "$y_{true}$"}.get(name, f"${name}$")
        ax.text(px, py, label, ha="center", va="center", fontsize=14)
    for edge in edges(x, w, b, y_true):
        (x0, y0), (x1, y1) = _where(edge["start"]), _where(edge["end"])
        gap0 = RADIUS if edge["start"] in NODES else 0.25
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        start = (x0 + gap0 * ux, y0 + gap0 * uy)
        end = (x1 - RADIUS * ux, y1 - RADIUS * uy)
        ax.add_patch(
            FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.3, color="0.3")
        )
        mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        name = {"y_true": "y_{true}", "w x": "(w x)"}.get(edge["name"], edge["name"])
        labels = [(f"${name}$ = {_short(edge['value'])}", VALUE)]
        if edge["grad"] is not None:
            delta = "$\\delta$ = " if edge["name"] == "z" else ""  # the error term dL/dz
            labels.append((f"{delta}∂L/∂${name}$ = {_short(edge['grad'])}", GRADIENT))
        if abs(ux) < 0.3:  # a vertical edge: its label to the right
            places = [(mx + 0.12, my, "left")]
        else:  # value above the edge's middle, gradient below; a white box keeps them legible
            places = [(mx, my + 0.3, "center"), (mx, my - 0.3, "center")]
        for (text, colour), (tx, ty, ha) in zip(labels, places, strict=False):
            ax.text(
                tx, ty, text, ha=ha, va="center", fontsize=10, color=colour, zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
            )  # fmt: skip
    y, _ = neuron.forward(x, w, b)
    px, py = NODES["loss"]
    ax.text(px + 0.45, py, f"= {_short(neuron.loss(y, y_true))}", va="center", fontsize=11)
    ax.text(px, py + 0.45, "∂L/∂L = 1", ha="center", fontsize=10, color=GRADIENT)
    ax.text(
        0.5, 1.0, "forward: values (black) left to right.   "
        "backward: gradients dL/d(edge) (orange) right to left",
        transform=ax.transAxes, ha="center", va="bottom", fontsize=10,
    )  # fmt: skip
    ax.set_xlim(-0.5, 10.3)
    ax.set_ylim(-0.9, 2.7)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
