"""A drawing of a small network, each unit with its activation a and error term delta.

Plots and widgets sit on top of the package: this module uses ``helpers.mlp`` for every
number and draws them; nothing numeric imports it. One example at a time (N = 1), as in
the derivation of notebook 04, so delta^l = dL/dz^l carries no 1/N.

- :func:`draw` draws the network once, into a new figure or given axes.
- :func:`delta_explorer` adds sliders for one input and one weight and redraws as they move.

Introduced in notebooks/04_multilayer_deltas.ipynb.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import SymLogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from . import _validate as v
from . import losses, mlp
from .dashboard import Dashboard, table
from .widgets import number, slider

#: delta's colour scale: symmetric, linear within +-1e-3, logarithmic up to +-1.
DELTA_NORM = SymLogNorm(linthresh=1e-3, vmin=-1.0, vmax=1.0, base=10)
DELTA_CMAP = colormaps["RdBu_r"]
POSITIVE, NEGATIVE = DELTA_CMAP(0.85), DELTA_CMAP(0.15)  # red and blue, as for delta
RADIUS = 0.48  # units 1.1 apart: room for two 9 pt lines such as "δ=-0.0016"
#: An edge drawn at this multiple of the reference |W| or more has the largest width.
WIDEST = 1.5


def short(value: float, digits: int = 2) -> str:
    """``digits`` significant digits, short enough for a unit: 0.084, -6.8e-5, 1.2e3."""
    value, digits = v.number("value", value), v.integer("digits", digits, 1, 17)
    text = f"{value + 0.0:.{digits}g}"  # + 0.0: never "-0"
    if "e" in text:  # 6.8e-05 -> 6.8e-5
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _ink(face) -> str:
    """Black text on a light face, white on a dark one."""
    r, g, b = face[:3]
    return "k" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "w"


def state(params, x, y_true, hidden="sigmoid", output="sigmoid", loss="mse") -> dict:
    """Every number the drawing shows, for one example, from ``helpers.mlp``.

    Parameters
    ----------
    params : list of L pairs (W, b)
    x : array of shape (n_0,);  y_true : array of shape (n_L,)

    Returns
    -------
    dict with ``"a"`` (list of L + 1 arrays a^l, shape (n_l,), a^0 = x), ``"z"`` and
    ``"delta"`` (lists of L + 1 arrays, entry 0 None), ``"grads"`` (list of (dW, db)),
    ``"loss"`` (float), ``"y_true"`` (shape (n_L,))
    """
    X, Y = _example(params, x, y_true)
    try:
        with np.errstate(over="raise", invalid="raise", under="ignore"):
            _, cache = mlp.forward(params, X, hidden, output)
            deltas, grads = mlp.deltas_and_grads(params, cache, Y, loss)
            value = mlp.batch_loss(params, X, Y, hidden, output, loss)
    except FloatingPointError:
        raise ValueError("params, x and y_true are too large: the loss overflows float64") from None
    except ValueError as error:  # the inputs are checked: mlp can only mean an overflow
        if "too large" not in str(error):
            raise
        raise ValueError(f"params, x and y_true are too large: {error}") from None
    return {
        "a": [A[0] for A in cache.A],
        "z": [None, *(Z[0] for Z in cache.Z)],
        "delta": [None, *(d[0] for d in deltas)],
        "grads": grads,
        "loss": value,
        "y_true": Y[0],
    }


def _example(params, x, y_true) -> tuple:
    """One example as rows: X of shape (1, n_0) and Y of shape (1, n_L), checked."""
    sizes = _sizes(params)
    x, y_true = v.real_array("x", x), v.real_array("y_true", y_true)
    for name, arr, n in (("x", x, sizes[0]), ("y_true", y_true, sizes[-1])):
        if arr.shape not in ((n,), (1, n)) and not (n == 1 and arr.shape == ()):
            raise ValueError(f"{name} must have shape ({n},) for these params, got {arr.shape}")
    return x.reshape(1, -1), y_true.reshape(1, -1)


def _sizes(params) -> list[int]:
    """[n_0, n_1, ..., n_L] of checked params."""
    params = v.layers("params", params)
    return [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]


def _highlight(params, highlight):
    """None, or a weight (layer, i, j) of the params."""
    if highlight is None:
        return None
    if not isinstance(highlight, (list, tuple)) or len(highlight) != 3:
        raise TypeError(f"highlight must be None or (layer, i, j), got {v._describe(highlight)}")
    layer, i, j = (v.integer("highlight", k) for k in highlight)
    sizes = _sizes(params)
    if not (1 <= layer < len(sizes) and 0 <= i < sizes[layer] and 0 <= j < sizes[layer - 1]):
        raise ValueError(
            f"highlight must name an entry (layer, i, j) of the params, got {highlight}"
        )
    return (layer, i, j)


def _positions(sizes) -> list[np.ndarray]:
    """(x, y) of every unit: layers 2.4 apart left to right, units 1.1 apart, centred."""
    return [
        np.column_stack([np.full(n, 2.4 * layer), 1.1 * (np.arange(n)[::-1] - (n - 1) / 2)])
        for layer, n in enumerate(sizes)
    ]


class NetworkPicture:
    """The artists of one network drawing; :meth:`update` changes them in place.

    Edges are red for a positive weight and blue for a negative one, thicker for a larger
    |W|. The widths are measured against a fixed reference, the largest |W| of the params
    the picture is built with, so moving one weight never thins the others; from
    WIDEST times the reference on, an edge keeps the largest width. Each unit shows a and
    delta; its colour is delta (red > 0, blue < 0, pale near 0).
    """

    def __init__(
        self, ax, params, hidden="sigmoid", output="sigmoid", highlight=None, animated=False
    ):
        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes, got {v._describe(ax)}")
        params = v.layers("params", params)
        v.choice("hidden", hidden, mlp.HIDDEN)
        v.choice("output", output, losses.OUTPUTS)
        animated = v.flag("animated", animated)
        self.ax, self.highlight = ax, _highlight(params, highlight)
        self.w_ref = max(float(np.max(np.abs(W), initial=0.0)) for W, _ in params) or 1.0
        sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
        self.pos = _positions(sizes)
        moving = {"animated": animated}
        self.edges = []  # edges[l - 1][i][j] joins unit j of layer l - 1 to unit i of layer l
        for layer in range(1, len(sizes)):
            rows = []
            for xi, yi in self.pos[layer]:
                row = []
                for xj, yj in self.pos[layer - 1]:
                    (line,) = ax.plot([xj + RADIUS, xi - RADIUS], [yj, yi], zorder=1, **moving)
                    row.append(line)
                rows.append(row)
            self.edges.append(rows)
        self.units, self.texts = [], []
        for pts in self.pos:
            units, texts = [], []
            for px, py in pts:
                circle = Circle((px, py), RADIUS, ec="0.2", lw=1.2, zorder=2, **moving)
                ax.add_patch(circle)
                units.append(circle)
                texts.append(
                    ax.text(px, py, "", ha="center", va="center", fontsize=9, zorder=3, **moving)
                )
            self.units.append(units)
            self.texts.append(texts)
        box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
        self.weight_label = ax.text(0, 0, "", fontsize=9, ha="left", zorder=4, bbox=box, **moving)
        self.target_labels = [
            ax.text(px + RADIUS + 0.1, py, "", fontsize=9, va="center", **moving)
            for px, py in self.pos[-1]
        ]
        ax.text(
            0.0,
            0.0,
            "edges: red W > 0, blue W < 0, thicker for larger |W|",
            transform=ax.transAxes,
            fontsize=9,
            color="0.3",
        )
        self.title = ax.text(
            0.5, 1.0, "", transform=ax.transAxes, ha="center", va="bottom", **moving
        )
        names = ["input $x = a^0$"]
        names += [f"layer {k} ({hidden})" for k in range(1, len(sizes) - 1)]
        names += [f"output $a^{{{len(sizes) - 1}}}$ ({output})"]
        top = max(p[:, 1].max() for p in self.pos) + RADIUS + 0.25
        for layer, name in enumerate(names):
            ax.text(2.4 * layer, top, name, ha="center", va="bottom", fontsize=9, color="0.3")
        ax.set_xlim(-0.8, 2.4 * (len(sizes) - 1) + 1.6)
        ax.set_ylim(min(p[:, 1].min() for p in self.pos) - RADIUS - 0.35, top + 0.45)
        ax.set_aspect("equal")
        ax.set_axis_off()

    def update(self, params, values: dict) -> None:
        """Set every edge, unit and label from ``params`` and a :func:`state` dict."""
        for layer, (W, _) in enumerate(params, start=1):
            for i, j in np.ndindex(W.shape):
                line, w = self.edges[layer - 1][i][j], W[i, j]
                size = min(abs(w) / self.w_ref, WIDEST)  # 1 at the reference |W|
                line.set_color(POSITIVE if w >= 0 else NEGATIVE)
                line.set_linewidth(0.4 + 3.6 * size)
                line.set_alpha(0.35 + 0.65 * min(size, 1.0))
        for layer, (units, texts) in enumerate(zip(self.units, self.texts, strict=True)):
            if layer > 0:  # one call of the colour scale per layer: each call costs ~1 ms
                faces = DELTA_CMAP(DELTA_NORM(np.asarray(values["delta"][layer], dtype=float)))
            for i, (circle, text) in enumerate(zip(units, texts, strict=True)):
                a = values["a"][layer][i]
                if layer == 0:
                    circle.set_facecolor("0.92")
                    text.set_text(f"$x_{i}$\n{a:.3g}")
                    continue
                d = values["delta"][layer][i]
                face = tuple(faces[i])
                circle.set_facecolor(face)
                text.set_color(_ink(face))
                text.set_text(f"a={short(a, 3)}\nδ={short(d)}")
        for k, label in enumerate(self.target_labels):
            label.set_text(f"$y_{{true,{k}}}$ = {values['y_true'][k]:.3g}")
        if self.highlight is not None:
            layer, i, j = self.highlight
            line = self.edges[layer - 1][i][j]
            line.set_linestyle((0, (4, 2)))
            (x0, x1), (y0, y1) = line.get_data()
            t = 0.08  # the label starts just past the sending unit and runs along the edge
            self.weight_label.set_position((x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 0.14))
            self.weight_label.set_text(f"$W^{layer}_{{{i}{j}}}$ = {params[layer - 1][0][i, j]:.2f}")
        self.title.set_text(f"loss L = {number(values['loss'])}")


def draw(
    params, x, y_true, hidden="sigmoid", output="sigmoid", loss="mse", ax=None, highlight=None
):
    """Draw the network at one example; returns the matplotlib Figure.

    Parameters
    ----------
    params : list of L pairs (W, b);  x : shape (n_0,);  y_true : shape (n_L,)
    hidden, output, loss : as in ``helpers.mlp``
    ax : matplotlib Axes or None
        Where to draw; None makes a new pyplot figure (show it with ``plt.show()``).
    highlight : (layer, i, j) or None
        A weight W^layer_ij to dash and label.
    """
    values = state(params, x, y_true, hidden, output, loss)
    params = v.layers("params", params)
    highlight = _highlight(params, highlight)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be None or a matplotlib Axes, got {v._describe(ax)}")
    if ax is None:
        import matplotlib.pyplot as plt  # a static figure: let pyplot show it inline

        _, ax = plt.subplots(figsize=(2.3 * len(params) + 3.2, 3.9), layout="constrained")
    picture = NetworkPicture(ax, params, hidden, output, highlight)
    picture.update([(np.asarray(W), b) for W, b in params], values)
    _colorbar(ax)
    return ax.figure


def _colorbar(ax):
    from matplotlib.cm import ScalarMappable

    cbar = ax.figure.colorbar(
        ScalarMappable(DELTA_NORM, DELTA_CMAP), ax=ax, shrink=0.7, pad=0.01, aspect=25
    )
    cbar.set_label(r"unit colour: $\delta = \partial L / \partial z$", fontsize=9)
    cbar.set_ticks([-1, -1e-2, 0, 1e-2, 1])
    cbar.ax.tick_params(labelsize=9)


class DeltaExplorer(Dashboard):
    """Sliders for one input x_i and one weight W^l_ij; the drawing and the deltas follow.

    The readout lists the loss, every delta^l and the gradient of the chosen weight.
    """

    pixel_ratio = 1.5
    caption = (
        "Move the input or the dashed weight: every unit's colour is its delta, and the "
        "readout lists the loss, each layer's deltas and the weight's gradient."
    )

    def alt_text(self) -> str:
        """One sentence: what the starting picture shows."""
        sizes = [self.params[0][0].shape[1]] + [W.shape[0] for W, _ in self.params]
        layer, i, j = self.weight
        return (
            f"A {'-'.join(map(str, sizes))} network drawn as circles joined by edges (red for "
            f"a positive weight, blue for a negative one, thicker for larger), each unit "
            f"labelled with its activation a and its delta and coloured by the delta; the "
            f"weight W^{layer}_{i}{j} is dashed."
        )

    def __init__(
        self,
        params,
        x,
        y_true,
        hidden="sigmoid",
        output="sigmoid",
        loss="mse",
        input_index=0,
        weight=(2, 0, 0),
    ):
        self.params = [(W.copy(), b.copy()) for W, b in v.layers("params", params)]
        X, Y = _example(self.params, x, y_true)
        self.x, self.y_true = X[0], Y[0]
        self.hidden, self.output, self.loss = hidden, output, loss
        state(self.params, self.x, self.y_true, hidden, output, loss)  # checks the choices
        try:
            self.weight = _highlight(self.params, weight)
        except (TypeError, ValueError):
            raise ValueError(
                f"weight must name an entry (layer, i, j) of the params, got {weight!r}"
            ) from None
        if self.weight is None:
            raise TypeError("weight must be (layer, i, j), got None")
        self.input_index = v.integer("input_index", input_index, 0, self.x.size - 1)
        layer, i, j = self.weight
        w0 = self.params[layer - 1][0][i, j]
        # The sliders' ranges: a start outside them is refused, never clamped.
        v.number(f"x[{self.input_index}] (x at input_index)", self.x[self.input_index], -8, 8)
        v.number(f"params' W^{layer}[{i}, {j}] (the weight's start)", w0, -6, 6)
        sliders = {
            "x": slider(f"x_{self.input_index}", float(self.x[self.input_index]), -8.0, 8.0),
            "w": slider(f"W^{layer}_{i}{j}", float(w0), -6.0, 6.0),
        }
        sliders["x"].tooltip = f"input x_{self.input_index}"  # the handle's accessible name
        sliders["w"].tooltip = f"weight W^{layer}_{i}{j}, from unit {j} of layer {layer - 1}"
        # 1.5 times the pixels it is shown at (sharp on a 2x display, and still fast); at
        # most 9.3 in, the 930 px of JupyterLab's output area at 1366 px with the file
        # browser open
        width = min(2.3 * len(self.params) + 3.2, 9.3)
        fig = Figure(figsize=(width, 3.6), dpi=100 * self.pixel_ratio, layout="constrained")
        ax = fig.add_subplot()
        self.picture = NetworkPicture(ax, self.params, hidden, output, self.weight, animated=True)
        self.picture.title.set_visible(False)  # the readout's first line is the loss
        _colorbar(ax)
        # What the sliders cannot change is drawn once, into the background, not on every
        # slider move: the targets, the input units but the moving one's number, and every
        # edge but the slider's weight (text is most of the cost of a redraw).
        start = state(self.params, self.x, self.y_true, hidden, output, loss)
        self.picture.update(self.params, start)
        layer, i, j = self.weight
        fixed = [*self.picture.target_labels, *self.picture.units[0]]
        fixed += [t for k, t in enumerate(self.picture.texts[0]) if k != self.input_index]
        fixed += [
            line
            for l_, rows in enumerate(self.picture.edges, start=1)
            for r, row in enumerate(rows)
            for c, line in enumerate(row)
            if (l_, r, c) != (layer, i, j)
        ]
        for artist in fixed:
            artist.set_animated(False)
        self.shown = None  # the state() dict of the last render
        super().__init__(sliders, fig, columns=1, readout_beside=True)

    def current(self, values: dict):
        """(params, x) with the slider values put in."""
        layer, i, j = self.weight
        params = [(W.copy(), b) for W, b in self.params]
        params[layer - 1][0][i, j] = values["w"]
        x = self.x.copy()
        x[self.input_index] = values["x"]
        return params, x

    def render(self, values: dict) -> str:
        params, x = self.current(values)
        self.shown = shown = state(params, x, self.y_true, self.hidden, self.output, self.loss)
        self.picture.update(params, shown)
        layer, i, j = self.weight
        rows = [("L", number(shown["loss"]))]
        for k in range(len(params), 0, -1):
            rows.append((f"δ<sup>{k}</sup>", "  ".join(number(d) for d in shown["delta"][k])))
        dW = shown["grads"][layer - 1][0][i, j]
        w, d, a = (
            f"{s}<sup>{k}</sup><sub>{n}</sub>"
            for s, k, n in (("W", layer, f"{i}{j}"), ("δ", layer, i), ("a", layer - 1, j))
        )
        rows.append((f"∂L/∂{w} = {d} {a}", number(dW)))
        return table(rows)


def delta_explorer(
    params,
    x,
    y_true,
    hidden="sigmoid",
    output="sigmoid",
    loss="mse",
    input_index=0,
    weight=(2, 0, 0),
) -> DeltaExplorer:
    """The slider widget of notebook 04: move x_i and W^l_ij, watch every delta change."""
    return DeltaExplorer(params, x, y_true, hidden, output, loss, input_index, weight)
