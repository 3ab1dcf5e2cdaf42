"""Figures for gradient descent and the dashboard of notebook 03.

Static figures (drawn into any matplotlib Axes, e.g. from ``plt.subplots``):
:func:`plot_surface` (contours of L(w, b)), :func:`plot_path` (the steps across it),
:func:`plot_gradient_arrow` (the downhill direction -grad L) and :func:`plot_loss_curve`.

:class:`DescentExplorer` puts them behind sliders. It stays fast by redrawing as little as
possible (see ``helpers.dashboard``): every curve is an animated artist over a cached
background, the contours are recomputed on a coarse grid only when x, y_true or the output
change, and axis limits move in whole steps (decades for the loss) so the background is
rarely redrawn. Training that diverges shows a plain message on the figure instead.

Introduced in notebooks/03_gradient_descent.ipynb.
"""

from __future__ import annotations

import math
import textwrap

import ipywidgets as W
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullLocator

from . import _validate as v
from . import descent, figures
from .activations import sigmoid_prime
from .dashboard import Dashboard, figure, message, table

WINDOW = (-9.0, 9.0)  # the (w, b) square the surface shows; the w and b sliders stay inside
LOSS_FLOOR = 1e-12  # losses below this are drawn at it: they are 0 as far as a plot can tell


def plot_surface(ax, x, y_true, output="sigmoid", wlim=WINDOW, blim=WINDOW, n=61, **kw):
    """Filled contours of L(w, b) with 12 bands of equal area, and the line of minima.

    Parameters
    ----------
    ax : matplotlib Axes
    x, y_true : float or np.ndarray of shape (N,)
    output : {"sigmoid", "linear"}
    wlim, blim : (float, float)
        The window to show.
    n : int
        Grid points per side (61 is coarse but smooth enough and fast).
    **kw
        Passed to every artist (e.g. ``animated=True``).

    Returns
    -------
    list of the artists drawn
    """
    ax, n = _axes(ax), v.integer("n", n, 2, 1000)
    wlim, blim = _window("wlim", wlim), _window("blim", blim)
    ws, bs = np.linspace(*wlim, n), np.linspace(*blim, n)
    L = descent.loss_grid(x, y_true, *np.meshgrid(ws, bs), output=output)
    levels = np.unique(np.quantile(L, np.linspace(0, 1, 13)))
    if len(levels) < 2:  # a flat surface: one band
        levels = np.array([levels[0], levels[0] + 1.0])
    norm = BoundaryNorm(levels, 256)  # one colour step per band, however wide it is
    # matplotlib 3.10 (Colab's) ignores, with a warning, an `animated` passed to contour:
    # set it on the two contour sets afterwards, which every version supports.
    animated = kw.pop("animated", False)
    filled = ax.contourf(ws, bs, L, levels=levels, cmap="viridis", norm=norm, **kw)
    lines = ax.contour(ws, bs, L, levels=levels, colors="k", linewidths=0.4, alpha=0.5, **kw)
    filled.set_animated(animated)
    lines.set_animated(animated)
    ax.set(xlim=wlim, ylim=blim, xlabel=r"weight $w$", ylabel=r"bias $b$")
    return [filled, lines]


def minimum_line(x, y_true, output="sigmoid"):
    """For one example: the z = w x + b where L = 0, or None if L only tends to 0 (y_true 0 or 1).

    L depends on w and b only through z, so its minima fill the line w x + b = z*.
    """
    v.number("x", x)
    y_true = v.number("y_true", y_true)
    v.choice("output", output, descent.OUTPUTS)
    if output == "linear":
        return float(y_true)
    if 0.0 < y_true < 1.0:
        return math.log(y_true / (1.0 - y_true))  # sigma(z*) = y_true  =>  z* = logit(y_true)
    return None


def plot_path(ax, history, color="w", label="path of (w, b)", **kw):
    """The parameters at every step as a line with dots; start and end marked.

    Returns
    -------
    (line, start, end) : the three Line2D artists
    """
    ax, history = _axes(ax), _history(history)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {v._describe(label)}")
    (line,) = ax.plot(history.w, history.b, "-o", color=color, lw=1, ms=2.5, label=label, **kw)
    (start,) = ax.plot(history.w[:1], history.b[:1], "o", color=color, mec="k", ms=8, **kw)
    (end,) = ax.plot(
        history.w[-1:], history.b[-1:], "X", color=figures.VERMILLION, mec="k", ms=9, **kw
    )
    return line, start, end


def plot_gradient_arrow(ax, w, b, dL_dw, dL_db, length=2.0, **kw):
    """An arrow of fixed ``length`` from (w, b) along -grad L, the direction a step goes.

    Returns the Quiver artist (update it with :func:`gradient_uv` and ``set_UVC``).
    """
    ax, w, b = _axes(ax), v.number("w", w), v.number("b", b)
    u, up = gradient_uv(dL_dw, dL_db, length)
    return ax.quiver(
        [w], [b], [u], [up], angles="xy", scale_units="xy", scale=1, color=figures.ORANGE,
        width=0.012, zorder=5, label=r"$-\nabla L$ (direction)", **kw,
    )  # fmt: skip


def gradient_uv(dL_dw, dL_db, length=2.0) -> tuple[float, float]:
    """The arrow -grad L rescaled to ``length`` (zero when the gradient is exactly 0)."""
    dL_dw, dL_db = v.number("dL_dw", dL_dw), v.number("dL_db", dL_db)
    length = v.number("length", length, 0.0, 1e6)
    big = max(abs(dL_dw), abs(dL_db))  # divide by it first: hypot(1e308, 1e308) overflows
    if big == 0:
        return (0.0, 0.0)
    gw, gb = dL_dw / big, dL_db / big
    norm = math.hypot(gw, gb)
    return (-length * gw / norm, -length * gb / norm)


def loss_for_plot(loss):
    """The loss floored at ``LOSS_FLOOR`` so a log axis can show it."""
    loss = v.real("loss", loss)
    if np.any(np.asarray(loss) < 0):
        raise ValueError("loss must be >= 0 everywhere")
    return np.maximum(loss, LOSS_FLOOR)


def plot_loss_curve(ax, history, label=None, **kw):
    """L at every step on a log axis. Returns the Line2D."""
    ax, history = _axes(ax), _history(history)
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a string or None, got {v._describe(label)}")
    (line,) = ax.plot(np.arange(history.steps + 1), loss_for_plot(history.loss), label=label, **kw)
    ax.set_yscale("log")
    ax.set_xlabel(r"step $k$")
    ax.set_ylabel(r"loss $L(w_k, b_k)$")
    return line


# Axis ranges come from short lists and change with some slack, so they rarely change as a
# slider moves: a change redraws the whole background (ticks, labels), costing ten frames.
STEP_LIMITS = (10, 20, 50, 100, 200, 500, 1000)  # right end of the step axis
LOSS_LOWS = (1e-1, 1e-2, 1e-4, 1e-8, LOSS_FLOOR)  # bottom of the loss axis
LOSS_HIGHS = (1.0, 10.0, 1e2, 1e4, 1e8, 1e20)  # top of the loss axis
OUTPUT_HIGHS = (1.5, 5.0, 20.0, 100.0, 1e4, 1e8, 1e12)  # linear output: -top to top
SYMLOG_FROM = 1e4  # from this top on, the output axis is symlog: a growing zigzag stays visible


def level(value: float, candidates, below: bool = False) -> int:
    """Index of the first candidate >= value (<= value if ``below``), else the last index."""
    value, below = v.number("value", value), v.flag("below", below)
    candidates = v.real_array("candidates", candidates)
    if candidates.ndim != 1 or candidates.size == 0:
        raise ValueError(f"candidates must be a non-empty list of numbers, got {candidates.shape}")
    fits = (c <= value if below else c >= value for c in candidates)
    return next((i for i, ok in enumerate(fits) if ok), len(candidates) - 1)


def settle(current: int | None, needed: int, slack: int) -> int:
    """Keep the current range if it is wide enough and at most ``slack`` levels too wide."""
    if current is not None:
        current = v.integer("current", current, 0)
    needed, slack = v.integer("needed", needed, 0), v.integer("slack", slack, 0)
    return current if current is not None and needed <= current <= needed + slack else needed


def lr_verdict(lr: float, bound: float) -> str:
    """What a linear neuron does at this rate, given the bound 2 / lambda (may be inf)."""
    lr = v.positive("lr", lr)
    if not (isinstance(bound, (float, np.floating)) and bound == math.inf):
        bound = v.positive("bound", bound)
    if lr < bound / 2:
        return "every step moves towards the minimum (slowly if lr is far below the bound)"
    if lr < bound:
        return "each step overshoots: the error changes sign every step but shrinks"
    return "each step overshoots by more than it corrects: descent diverges"


def symlog_ticks(top: float) -> list[float]:
    """Ticks for a symlog axis from -top to top (top a power of 10): 0, +-sqrt(top), +-top."""
    top = v.number("top", top, 1.0, 1e300)
    n = round(math.log10(top))
    ups = [10.0 ** (n // 2), 10.0**n]
    return sorted({0.0, *ups, *(-u for u in ups)})


def _tick_label(value: float, _pos=None) -> str:
    """0 as it is; a power of 10 as 10^k, with its sign."""
    if value == 0:
        return f"{value:g}"
    return rf"${'-' if value < 0 else ''}10^{{{round(math.log10(abs(value)))}}}$"


_STOPPED = {"diverged": "diverged", "overflow": "overflowed"}


def _axes(ax):
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {v._describe(ax)}")
    return ax


def _history(history):
    if not isinstance(history, descent.History):
        raise TypeError(
            f"history must be a descent.History (from descent.train), got {v._describe(history)}"
        )
    return history


def _window(name, lim) -> tuple:
    """A (low, high) pair of finite numbers with low < high."""
    if not isinstance(lim, (list, tuple)) or len(lim) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {v._describe(lim)}")
    lo, hi = v.number(f"{name}[0]", lim[0]), v.number(f"{name}[1]", lim[1])
    if not lo < hi:
        raise ValueError(f"{name} must have low < high, got {lim}")
    return lo, hi


def _float_slider(description, value, lo, hi, step, tooltip):
    control = W.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=description,
        readout_format=".2f", style={"description_width": "90px"},
        layout=W.Layout(width="100%"),  # as wide as its grid cell: the readout never clipped
    )  # fmt: skip
    control.tooltip = tooltip  # the handle's accessible name (set afterwards for ipywidgets 7)
    return control


class DescentExplorer(Dashboard):
    """Sliders for the start (w, b), the example (x, y_true), the learning rate and the steps.

    Left: the contours of L(w, b) for this example, the path of (w, b) and -grad L at the
    start. Middle: the loss at every step (log axis). Right: the prediction y at every step
    and the target y_true. The ``output`` buttons switch between the seed's sigmoid neuron
    and a linear one (y = z), where a too-large rate really diverges.
    """

    pixel_ratio = 1.5

    #: Each starting value must lie in its slider's range (nothing is clamped silently).
    RANGES = {
        "w": (-8.0, 8.0), "b": (-8.0, 8.0), "x": (-5.0, 5.0), "y_true": (0.0, 1.0),
        "lr": (1e-3, 10**1.3),
    }  # fmt: skip

    caption = (
        "Move the start (w, b), the example (x, y_true), the learning rate and the number of "
        "steps, or switch the output between sigmoid and linear: the path, the loss curve, the "
        "prediction curve and the readout (with y at the start and at the end) follow."
    )

    def __init__(self, x=0.5, y_true=1.0, w=0.2, b=0.1, lr=0.01, steps=100, output="sigmoid"):
        start = {"x": x, "y_true": y_true, "w": w, "b": b, "lr": lr}
        x, y_true, w, b, lr = (v.number(k, start[k], *self.RANGES[k]) for k in start)
        steps = v.integer("steps", steps, 1, 500)
        v.choice("output", output, descent.OUTPUTS)
        sliders = {
            "w": _float_slider("w", w, -8, 8, 0.1, "starting weight w"),
            "b": _float_slider("b", b, -8, 8, 0.1, "starting bias b"),
            "x": _float_slider("x", x, -5, 5, 0.05, "input x"),
            "y_true": _float_slider("y_true", y_true, 0, 1, 0.01, "target y_true"),
            "lr": W.FloatLogSlider(
                value=lr, base=10, min=-3, max=1.3, step=0.01, description="learning rate",
                readout_format=".3g", style={"description_width": "90px"},
                layout=W.Layout(width="100%"),
            ),
            "steps": W.IntSlider(
                value=steps, min=1, max=500, description="steps",
                style={"description_width": "90px"}, layout=W.Layout(width="100%"),
            ),
            "output": W.ToggleButtons(
                options=["sigmoid", "linear"], value=output,
                style={"button_width": "80px"},
            ),
        }  # fmt: skip
        sliders["steps"].tooltip = "number of steps"  # the handle's accessible name
        # No description: with one the buttons wrapped under it (a row more, its label cut);
        # the tooltip names the buttons, and they say what they are
        sliders["output"].tooltip = "output of the neuron"
        fig, (ax_s, ax_l, ax_y) = figure(9.3, 3.0, 3)  # 930 px: fits 1366 px JupyterLab
        fig.subplots_adjust(left=0.06, right=0.985, bottom=0.31, top=0.9, wspace=0.38)
        fig.set_dpi(100 * self.pixel_ratio)  # drawn at 1.5 times the size it is shown
        moving = {"animated": True}
        self._surface, self._surface_key, self._levels = [], None, {}
        (self._minimum,) = ax_s.plot([], [], "--", color="w", lw=1, zorder=3, **moving)
        self._path = plot_path(ax_s, descent.train(0.0, 0.0, 0.0, 0.0, steps=0), zorder=4, **moving)
        self._arrow = plot_gradient_arrow(ax_s, 0.0, 0.0, 0.0, 0.0, **moving)
        ax_s.set(xlim=WINDOW, ylim=WINDOW, xlabel=r"weight $w$", ylabel=r"bias $b$")
        ax_s.set_title(r"$L(w, b)$ (dark = low) and the path", fontsize=10)
        # Static stand-ins for the moving artists, for the legend: one row of short entries
        # (start and end share one), so the legend stays small under the surface.
        ends = (
            Line2D([], [], marker="o", color="w", mec="k", ms=6, ls="none"),
            Line2D([], [], marker="X", color=figures.VERMILLION, mec="k", ms=7, ls="none"),
        )
        self._proxies = [
            (ends, "start, end"),
            (Line2D([], [], marker=r"$\rightarrow$", color=figures.ORANGE, ls="none", ms=12),
             r"$-\nabla L$"),
            (Line2D([], [], ls="--", color="w"), "minima"),
        ]  # fmt: skip
        self._legend_has_minimum = None  # set by _show_minimum
        (self._loss,) = ax_l.plot([], [], color=figures.BLUE, lw=1.5, **moving)
        ax_l.set_yscale("log")
        ax_l.set_xlabel(r"step $k$")
        ax_l.set_ylabel(r"loss $L(w_k, b_k)$")
        ax_l.set_title("Loss at every step", fontsize=10)
        (self._pred,) = ax_y.plot([], [], color=figures.BLUE, lw=1.5, label=r"prediction $y_k$",
                                 **moving)  # fmt: skip
        self._target = ax_y.axhline(
            0, color=figures.BLACK, ls="--", lw=1, label=r"$y_{true}$", **moving
        )
        ax_y.set_xlabel(r"step $k$")
        ax_y.set_ylabel(r"output $y_k$")
        # No legend: the title says what the dashed line is, so no line can run through it.
        ax_y.set_title(r"Prediction $y_k$ (dashed: $y_{true}$)", fontsize=10)
        # Few ticks and no minor ones: ticks are most of the cost of redrawing the background.
        ax_l.yaxis.set_major_locator(LogLocator(numticks=6))
        ax_l.yaxis.set_minor_locator(NullLocator())
        ax_y.yaxis.set_major_locator(MaxNLocator(5))
        for ax in (ax_l, ax_y):
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            ax.grid(alpha=0.3)
        # Upper left of the loss panel: a loss that grows from its start leaves that corner free.
        self._banner = ax_l.text(
            0.03, 0.96, "", transform=ax_l.transAxes, ha="left", va="top",
            fontsize=9, color=figures.VERMILLION, zorder=10,
            bbox={"fc": "w", "ec": figures.VERMILLION, "alpha": 0.95},
            **moving,
        )  # fmt: skip
        self._axes = ax_s, ax_l, ax_y
        self._start = {"x": x, "y_true": y_true, "w": w, "b": b, "lr": lr, "steps": steps,
                       "output": output}  # fmt: skip
        super().__init__(sliders, fig, readout_beside=True)

    def alt_text(self) -> str:
        """What the starting picture shows, with its numbers."""
        s = self._start
        h = descent.train(s["x"], s["y_true"], s["w"], s["b"], lr=s["lr"], steps=s["steps"],
                          output=s["output"])  # fmt: skip
        return (
            f"Left: the contours of the loss L(w, b) of the {s['output']} neuron for x = "
            f"{s['x']:g} and y_true = {s['y_true']:g}, with the path of {h.steps} steps at "
            f"learning rate {s['lr']:g} from w = {s['w']:g}, b = {s['b']:g}; middle: the loss "
            f"at every step, from {h.loss[0]:.4g} to {h.loss[-1]:.4g}; right: the prediction y "
            f"at every step, from {h.y[0]:.4g} to {h.y[-1]:.4g}, and the dashed target line."
        )

    def _update_surface(self, x, y_true, output) -> None:
        """Recompute the contours (a coarse grid, a few ms) only when the example changes."""
        if self._surface_key == (x, y_true, output):
            return
        for artist in self._surface:
            artist.remove()
        ax = self._axes[0]
        self._surface = plot_surface(ax, x, y_true, output, animated=True)
        z_star = minimum_line(x, y_true, output)
        self._minimum.set_visible(z_star is not None)
        self._show_minimum(z_star is not None)
        if z_star is not None:  # the line w x + b = z*, drawn across the window
            self._minimum.set_data(WINDOW, [z_star - x * WINDOW[0], z_star - x * WINDOW[1]])
        self._surface_key = (x, y_true, output)

    def _show_minimum(self, shown: bool) -> None:
        """The legend below the surface, with the minima entry only when there is a minimum.

        A sigmoid never reaches 0 or 1, so for y_true = 0 or 1 no (w, b) has L = 0.
        """
        if self._legend_has_minimum == shown:
            return
        # Below the axes, since the contours are drawn over anything inside them.
        handles, labels = zip(*self._proxies[: 3 if shown else 2], strict=True)
        self._axes[0].legend(
            handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3,
            fontsize=figures.MIN_FONT_PT, facecolor="0.8", handletextpad=0.3, columnspacing=0.8,
            borderpad=0.3, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
        )  # fmt: skip
        self._legend_has_minimum = shown
        self.invalidate()

    def _set_output_axis(self, output: str, top: float) -> None:
        """The prediction axis: (-0.05, 1.05) for the sigmoid, -top to top for the linear output.

        A linear axis, or symlog (linear within +-1, logarithmic beyond) once the output has
        grown past ``SYMLOG_FROM``: on a linear axis to 1e8 a growing zigzag looks flat.
        """
        ax = self._axes[2]
        limits = (-0.05, 1.05) if output == "sigmoid" else (-top, top)
        scale = "symlog" if output == "linear" and top >= SYMLOG_FROM else "linear"
        if ax.get_yscale() == scale and tuple(ax.get_ylim()) == limits:
            return
        if ax.get_yscale() != scale:
            ax.set_yscale(
                scale, **({"linthresh": 1.0, "linscale": 0.5} if scale == "symlog" else {})
            )
        if scale == "symlog":
            ax.yaxis.set_major_locator(FixedLocator(symlog_ticks(top)))
            ax.yaxis.set_major_formatter(FuncFormatter(_tick_label))
            ax.yaxis.set_minor_locator(NullLocator())
        else:
            ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.set_ylim(*limits)
        self.invalidate()

    def _set_limits(self, ax, axis: str, limits) -> None:
        """Change an axis range only when it really changes (that redraws the background)."""
        get = ax.get_xlim if axis == "x" else ax.get_ylim
        if tuple(get()) != tuple(limits):
            (ax.set_xlim if axis == "x" else ax.set_ylim)(*limits)
            self.invalidate()

    def render(self, values: dict) -> str:
        x, y_true, w, b = values["x"], values["y_true"], values["w"], values["b"]
        lr, steps, output = values["lr"], values["steps"], values["output"]
        self._update_surface(x, y_true, output)
        h = descent.train(x, y_true, w, b, lr=lr, steps=steps, output=output)
        ax_s, ax_l, ax_y = self._axes
        line, start, end = self._path
        line.set_data(h.w, h.b)
        start.set_data(h.w[:1], h.b[:1])
        end.set_data(h.w[-1:], h.b[-1:])
        self._arrow.set_offsets([[w, b]])
        self._arrow.set_UVC(*gradient_uv(h.dL_dw[0], h.dL_db[0]))
        k = np.arange(h.steps + 1)
        shown = loss_for_plot(h.loss)
        self._loss.set_data(k, shown)
        self._pred.set_data(k, h.y)
        self._target.set_ydata([y_true, y_true])
        at = self._levels
        at["steps"] = settle(at.get("steps"), level(steps, STEP_LIMITS), 1)
        at["low"] = settle(at.get("low"), level(shown.min(), LOSS_LOWS, below=True), 2)
        at["high"] = settle(at.get("high"), level(shown.max(), LOSS_HIGHS), 2)
        at["out"] = settle(at.get("out"), level(np.abs(h.y).max(), OUTPUT_HIGHS), 2)
        for ax in (ax_l, ax_y):
            self._set_limits(ax, "x", (0, STEP_LIMITS[at["steps"]]))
        self._set_limits(ax_l, "y", (LOSS_LOWS[at["low"]], LOSS_HIGHS[at["high"]]))
        self._set_output_axis(output, OUTPUT_HIGHS[at["out"]])
        rows = [
            ("L at the start", f"{h.loss[0]:.4g}"),
            (f"L after {h.steps} steps", f"{h.loss[-1]:.4g}"),
            ("w, b at the end", f"{h.w[-1]:.4g}, {h.b[-1]:.4g}"),
            ("y at the start, at the end", f"{h.y[0]:.4g}, {h.y[-1]:.4g}"),
            ("|∇L| at the start", f"{math.hypot(h.dL_dw[0], h.dL_db[0]):.3g}"),
        ]
        if output == "sigmoid":  # a saturated sigmoid has a flat slope: tiny gradients
            z = w * x + b
            rows.append(("z and σ′(z) at the start", f"{z:.3g}, {sigmoid_prime(z):.3g}"))
        banner = note = "" if h.ok else h.message()  # the readout's message, the figure's
        if output == "linear":
            bound = descent.lr_bound(x)
            keep = f"Keep lr below 2/(x²+1) = {bound:.3g}."
            if not h.ok:
                banner += f" {keep}"
                note = f"Training {_STOPPED[h.status]} after {h.steps} steps. {keep}"
            rows.append(("bound 2/(x² + 1)", f"{bound:.4g}"))
            rows.append((f"lr = {lr:.3g}", lr_verdict(lr, bound)))
            if h.ok and lr >= bound:
                banner = f"lr = {lr:.3g} is above the bound 2/(x²+1) = {bound:.3g}: " + (
                    "the loss grows every step. Lower the learning rate."
                )
                note = f"lr = {lr:.3g} is above the bound 2/(x²+1) = {bound:.3g}: the loss grows."
        self._banner.set_text(textwrap.fill(note, 36))
        self._banner.set_visible(bool(note))
        readout = table(rows)
        # No "the loss fell" line when all went well: the rows above say it, and a line
        # less keeps the figure inside a 1366 x 768 window
        return readout + (message(banner) if banner else "")


def descent_explorer(x=0.5, y_true=1.0, w=0.2, b=0.1, lr=0.01, steps=100, output="sigmoid"):
    """The gradient-descent dashboard, starting from the seed's example."""
    return DescentExplorer(x=x, y_true=y_true, w=w, b=b, lr=lr, steps=steps, output=output)
