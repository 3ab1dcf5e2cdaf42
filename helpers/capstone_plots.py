"""Figures for the capstone notebooks and the depth explorer (a slider dashboard).

Static figures use pyplot, so they show inline (and render on GitHub); each function
returns its Figure. The dashboard is built on :class:`helpers.dashboard.Dashboard`.

Introduced in notebooks/06_training_an_mlp.ipynb and notebooks/07_gradient_pathologies.ipynb.
"""

from __future__ import annotations

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from . import _validate as v
from . import data, figures, mlp, pathologies, train
from .dashboard import Dashboard, figure, table


def _title(title):
    """None or a string."""
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {v._describe(title)}")
    return title


# ---------------------------------------------------------------- notebook 06


def plot_history(history, title="Training an MLP on the digits"):
    """Loss (log scale) and accuracy against epoch, for train and test."""
    if not isinstance(history, train.History):
        raise TypeError(
            f"history must be a train.History (from train.train), got {v._describe(history)}"
        )
    title = _title(title)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9.3, 3.6))
    train_style = {"marker": "o", "ms": 3, **figures.series(0), "label": "train"}
    test_style = {"marker": "s", "ms": 3, **figures.series(1), "label": "test"}
    ax_loss.semilogy(history.epoch, history.train_loss, **train_style)
    ax_acc.plot(history.epoch, 100 * np.array(history.train_accuracy), **train_style)
    if history.test_loss:
        ax_loss.semilogy(history.epoch, history.test_loss, **test_style)
        ax_acc.plot(history.epoch, 100 * np.array(history.test_accuracy), **test_style)
    ax_loss.set(xlabel="epoch", ylabel="batch loss $L$ (log scale)", title="Loss")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_digits(images, labels, predicted=None, ncols=10, title=None):
    """A grid of 8x8 digits, each titled with its label (and prediction, red when wrong).

    The grid is drawn as ONE image (the digits side by side, white between them) with a
    text above each digit: much quicker than one axes per digit.
    """
    images = v.real_array("images", images)
    if images.ndim != 3 or images.shape[1:] != (8, 8) or images.shape[0] == 0:
        raise ValueError(f"images must have shape (N, 8, 8) with N >= 1, got {images.shape}")
    n, ncols, title = len(images), v.integer("ncols", ncols, 1, 50), _title(title)
    labels = data._labels("labels", labels)
    if labels.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), one per image, got {labels.shape}")
    if predicted is not None:
        predicted = data._labels("predicted", predicted)
        if predicted.shape != (n,):
            raise ValueError(
                f"predicted must have shape ({n},), one per image, got {predicted.shape}"
            )
    nrows = max(1, -(-n // ncols))
    gap, label_room = 2, 4  # pixels between digits, and above each row for its labels
    pitch_x, pitch_y = 8 + gap, 8 + label_room
    mosaic = np.full((nrows * pitch_y, ncols * pitch_x - gap), np.nan)
    head = 0.3 if title else 0.0
    fig = plt.figure(figsize=(0.93 * ncols, 1.2 * nrows + head))  # 10 columns: 930 px
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.2 * nrows / (1.2 * nrows + head)))
    ax.set_axis_off()
    for i in range(n):
        row, col = divmod(i, ncols)
        top, left = row * pitch_y + label_room, col * pitch_x
        mosaic[top : top + 8, left : left + 8] = images[i]
        if predicted is None:
            text, color, size = f"{labels[i]}", "black", 9
        else:
            wrong = predicted[i] != labels[i]
            text = f"pred {predicted[i]}" + (f" ({labels[i]})" if wrong else "")
            color, size = (figures.VERMILLION if wrong else "black"), 9
        ax.text(left + 3.5, top - 1.0, text, ha="center", va="bottom", fontsize=size, color=color)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    ax.imshow(mosaic, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    if title:
        fig.suptitle(title, y=1 - 0.08 / (1.2 * nrows + head))
    return fig


def plot_confusion(C, title="Confusion matrix (test set)"):
    """C[i, j] = how many digits i were predicted as j; off-diagonal cells are mistakes."""
    if C is None or isinstance(C, (str, bool)):
        raise TypeError(f"C must be a square array of counts, got {v._describe(C)}")
    C = np.asarray(C)
    if C.dtype.kind not in "iu" or C.ndim != 2 or C.shape[0] != C.shape[1] or C.size == 0:
        raise ValueError(f"C must be a square array of integer counts, got {v._describe(C)}")
    if C.min() < 0:
        raise ValueError("C must hold counts >= 0")
    title = _title(title)
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    im = ax.imshow(C, cmap="Blues")
    for i, j in np.ndindex(*C.shape):
        if C[i, j]:
            light = C[i, j] > C.max() / 2
            ax.text(
                j, i, C[i, j], ha="center", va="center", fontsize=9, color="w" if light else "k"
            )
    k = C.shape[0]
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted digit", ylabel="true digit")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, shrink=0.8, label="number of test digits")
    fig.tight_layout()
    return fig


def plot_first_layer(W1, W1_start=None, units=16):
    """Rows of W^1 (shape (n_1, 64)) as 8x8 images: what each hidden unit responds to.

    Red pixels push the unit's z up, blue ones push it down, white is about zero. All the
    images of one row share one colour scale, shown by the row's colour bar, so tiles can
    be compared with each other. With ``W1_start`` (the weights before training) a second
    row shows the change W^1 - W^1_start: what training wrote into the weights.

    Each row is drawn as one image (the tiles side by side, one grey pixel between them),
    which is much quicker to draw than one axes per tile.
    """
    W1 = v.real_array("W1", W1)
    if W1.ndim != 2 or W1.shape[1] != 64 or W1.shape[0] == 0:
        raise ValueError(
            f"W1 must have shape (n_1, 64), one row of 8x8 pixels per unit, got {W1.shape}"
        )
    if float(np.abs(W1).max()) > 1e100:
        raise ValueError("W1 must lie within +-1e100: larger weights have no colour scale")
    units = v.integer("units", units, 1, W1.shape[0])
    rows = [("$W^1$ after\ntraining", W1)]
    if W1_start is not None:
        W1_start = v.real_array("W1_start", W1_start)
        if W1_start.shape != W1.shape:
            raise ValueError(f"W1_start must have W1's shape {W1.shape}, got {W1_start.shape}")
        with np.errstate(over="raise"):
            try:
                rows.append(("change from\nthe start", W1 - W1_start))
            except FloatingPointError:
                raise ValueError("W1 and W1_start are too large: W1 - W1_start overflows") from None
    fig, axes = plt.subplots(
        len(rows), 1, figsize=(9.3, 0.8 * len(rows) + 0.5), squeeze=False, layout="constrained"
    )
    cmap = plt.get_cmap("RdBu_r").with_extremes(bad="0.6")  # grey between the tiles
    for (label, weights), ax in zip(rows, axes[:, 0], strict=True):
        tiles = weights[:units].reshape(units, 8, 8)
        mosaic = np.full((8, 9 * units - 1), np.nan)
        for i, tile in enumerate(tiles):
            mosaic[:, 9 * i : 9 * i + 8] = tile
        limit = np.abs(tiles).max() or 1.0
        image = ax.imshow(mosaic, cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
        bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01, aspect=6)
        bar.ax.tick_params(labelsize=9)
    fig.suptitle(
        f"First-layer weights, one 8x8 image per hidden unit (the first {units}): "
        "red = positive, blue = negative, one colour scale per row",
        fontsize=11,
    )
    return fig


def plot_decision_boundary(params, X, y, hidden="relu", output="sigmoid", title=None):
    """The network's predicted class over the plane, with the training points on top.

    Parameters
    ----------
    params : list of (W, b) of a network with 2 inputs
    X : np.ndarray of shape (N, 2); y : np.ndarray of int, shape (N,)
    """
    X, title = v.real_array("X", X), _title(title)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, 2): points in the plane, got {X.shape}")
    if float(np.abs(X).max()) > 1e6:
        raise ValueError("X must lie within +-1e6 (a plot of the plane beyond that shows nothing)")
    y = data._labels("y", y)
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"y must have shape ({X.shape[0]},), one label per row of X, got {y.shape}"
        )
    pad = 0.5
    (x0, x1), (y0, y1) = [(X[:, i].min() - pad, X[:, i].max() + pad) for i in (0, 1)]
    gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    out, _ = mlp.forward(params, grid, hidden, output)
    fig, ax = plt.subplots(figsize=(5.6, 4.4))
    surface = out[:, 0].reshape(gx.shape) if out.shape[1] == 1 else out.argmax(1).reshape(gx.shape)
    filled = ax.contourf(gx, gy, surface, levels=20, cmap="RdBu_r", alpha=0.5)
    if out.shape[1] == 1:
        ax.contour(gx, gy, surface, levels=[0.5], colors="k", linewidths=1.5)
        fig.colorbar(filled, ax=ax, label=r"network output $a^L = \sigma(z^L)$")
    for label, marker in ((0, "o"), (1, "s")):
        pts = X[y == label]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            marker=marker,
            c=(figures.BLUE, figures.VERMILLION)[label],
            ec="k",
            s=28,
            label=f"class {label}",
        )
    if out.shape[1] == 1:  # a proxy, so the legend names the black line too
        ax.plot([], [], color="k", lw=1.5, label="decision boundary, $a^L = 0.5$")
    ax.set(xlabel="$x_0$", ylabel="$x_1$", title=title or "Decision boundary ($a^L = 0.5$)")
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- notebook 07


def plot_delta_profiles(depth=20, scale=1.0, scales=None):
    """||delta^l|| against l for sigmoid, tanh and relu (log scale), at one init scale each.

    ``scales`` maps an activation to its init scale (default ``scale`` for all three).
    """
    depth, scale = v.integer("depth", depth, 2, 200), v.number("scale", scale, 1e-3, 1e3)
    if scales is not None and (
        not isinstance(scales, dict) or not set(scales) <= {"sigmoid", "tanh", "relu"}
    ):
        raise TypeError(
            f"scales must be None or a dict from activation to scale, got {v._describe(scales)}"
        )
    scales = {k: v.number(f"scales[{k!r}]", s, 1e-3, 1e3) for k, s in (scales or {}).items()}
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for i, hidden in enumerate(("sigmoid", "tanh", "relu")):
        s = scales.get(hidden, scale)
        size = pathologies.delta_profile(depth, hidden, s).size
        ax.semilogy(
            range(1, depth + 1),
            size,
            marker="os^"[i],
            ms=4,
            **figures.series(i),
            label=f"{hidden}, init scale {s:.3g}",
        )
    ax.set(
        xlabel="layer $l$ (1 = next to the input, $L$ = output)",
        ylabel=r"$\|\delta^l\|$ (log scale)",
        title=rf"Size of $\delta^l$ in a {depth}-layer network at initialisation",
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_ratio_vs_depth(depths=range(2, 31, 2), scale=1.0):
    """||delta^1|| / ||delta^L|| against the depth L, one line per activation."""
    if not isinstance(depths, (list, tuple, range, np.ndarray)) or len(depths) == 0:
        raise TypeError(f"depths must be a non-empty sequence of ints, got {v._describe(depths)}")
    depths = [v.integer("depths", d, 2, 200) for d in depths]
    scale = v.number("scale", scale, 1e-3, 1e3)
    fig, ax = plt.subplots(figsize=(7.5, 4))
    for i, hidden in enumerate(("sigmoid", "tanh", "relu")):
        ratio = pathologies.first_layer_ratio(depths, hidden, scale)
        ax.semilogy(depths, ratio, marker="os^"[i], ms=4, **figures.series(i), label=hidden)
    ax.axhline(1, color="0.4", lw=1, ls="--")
    ax.set(
        xlabel="depth $L$ (number of layers)",
        ylabel=r"$\|\delta^1\| \,/\, \|\delta^L\|$",
        title=f"How much of the output's error reaches layer 1 (init scale {scale:g})",
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    return fig


def plot_fd_errors(hs=None):
    """Relative error of forward and centred differences against h, float32 and float64."""
    hs = np.logspace(-14, 0, 57) if hs is None else v.real_array("hs", hs)
    if hs.ndim != 1 or hs.size == 0 or not (hs > 0).all() or hs.max() > 1e3:
        raise ValueError(
            f"hs must be a non-empty 1-D array of steps in (0, 1000], got {v._describe(hs)}"
        )
    fig, ax = plt.subplots(figsize=(7.5, 4.6))
    styles = {"forward": "--", "centred": "-"}
    for method in ("forward", "centred"):
        for dtype, color in ((np.float64, figures.BLUE), (np.float32, figures.ORANGE)):
            err = pathologies.fd_errors(hs, method, dtype)
            ax.loglog(
                hs,
                err,
                styles[method],
                color=color,
                marker="o",
                ms=3,
                label=f"{method}, {dtype.__name__}",
            )
    ax.set(
        xlabel="step $h$",
        ylabel="relative error of $dL/dw$",
        title=r"Finite differences of the neuron's $L(w)$: too big or too small $h$ both fail",
        ylim=(1e-13, 2),
    )
    ax.axvline(1e-5, color="0.5", ls=":", lw=1, label=r"$h = 10^{-5}$, as in helpers.gradcheck")
    ax.grid(alpha=0.3, which="major")
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    return fig


def plot_relu_kink(w=4e-4, h=1e-3):
    """Left: L(w) near the kink with the secant a centred difference uses; right: its error.

    h in (0, 1] is the step; w in [-1, 1], the point, is best within a few h of the kink.
    """
    h = v.number("h", h, 1e-12, 1.0)
    if h <= 1e-12:
        raise ValueError(f"h must lie in (1e-12, 1], got {h!r}")
    w = v.number("w", w, -1.0, 1.0)
    fig, (ax, ax_err) = plt.subplots(1, 2, figsize=(9.3, 4))
    grid = np.linspace(-3 * h, 3 * h, 601)
    ax.plot(
        grid,
        pathologies.relu_loss(grid),
        color=figures.SKY_BLUE,
        lw=4,
        label=r"$L(w) = \frac{1}{2}(\mathrm{relu}(w) - 1)^2$",
    )
    pts = np.array([w - h, w + h])
    ax.plot(
        pts,
        pathologies.relu_loss(pts),
        "o--",
        color=figures.VERMILLION,
        label="secant: the centred difference",
    )
    slope = float(pathologies.relu_slope(w))
    near = np.linspace(w - 1.5 * h, w + 1.5 * h, 3)  # a short piece, dashed: L shows through
    tangent = pathologies.relu_loss(w) + slope * (near - w)
    ax.plot(
        near, tangent, ":", color=figures.BLACK, lw=2, label=f"tangent at w: true slope {slope:.4f}"
    )
    ax.plot([w], [pathologies.relu_loss(w)], "o", color=figures.BLACK, ms=5)
    ax.axvline(0, color="0.5", lw=1, ls=":")
    ax.set(xlabel="$w$ (the kink is at $w = 0$)", ylabel="$L$", title=f"w = {w:g}, h = {h:g}")
    ax.legend(fontsize=9)
    ws = np.linspace(-3 * h, 3 * h, 241)
    err = pathologies.kink_errors(ws, h)
    floor = 1e-17  # where the error is exactly 0 (a log axis has no 0)
    ax_err.semilogy(
        ws[err > 0] / h, err[err > 0], ".", color=figures.VERMILLION, label="relative error"
    )
    ax_err.semilogy(
        ws[err == 0] / h,
        np.full((err == 0).sum(), floor),
        "x",
        ms=4,
        color="0.5",
        label="exactly 0 (drawn at the bottom)",
    )
    ax_err.axvspan(
        -1,
        1,
        color=figures.VERMILLION,
        alpha=0.1,
        label=r"$|w| < h$: the two points straddle the kink",
    )
    ax_err.set(
        xlabel="$w / h$",
        ylabel="relative error of the centred difference",
        title=f"Error against the distance to the kink (h = {h:g})",
        ylim=(floor / 3, 3),
    )
    ax_err.legend(fontsize=9, loc="center right")
    fig.tight_layout()
    return fig


#: The verdict on the average factor of one step back: (upper bound, words), in order.
VERDICTS = (
    (0.8, "vanishing"),
    (0.95, "slowly vanishing"),
    (1.05, "about steady"),
    (1.25, "slowly exploding"),
    (np.inf, "exploding"),
)


def verdict(factor: float) -> str:
    """Words for the average factor of one step back (not for the ratio, which mixes in depth)."""
    factor = v.number("factor", factor, 0.0)
    return next(words for bound, words in VERDICTS if factor < bound)


#: The largest slope of each hidden activation (notebook 07 derives the first two with SymPy).
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0}


class DepthExplorer(Dashboard):
    """Sliders for depth, activation and init scale; shows ||delta^l|| and each layer's factor.

    Left: ||delta^l|| / ||delta^L|| against l (log scale, fixed range 1e-40 .. 1e20).
    Right: what each step of the recursion multiplies by, ||delta^l|| / ||delta^(l+1)||,
    next to its prediction s * sqrt(mean f'(z^l)^2) (the init scale times the layer's
    root-mean-square slope) and the average factor over all steps. The readout's verdict
    goes by that average factor, so it does not change with the depth alone.
    """

    MAX_DEPTH = 30
    pixel_ratio = 1.5
    caption = (
        "Move the depth, the activation and the init scale: the left panel shows how much of "
        "the output's error reaches each layer, the right what each step back multiplies by."
    )

    def alt_text(self) -> str:
        """One sentence: what the starting picture shows."""
        v0 = self.values
        return (
            f"For a {v0['depth']}-layer {v0['hidden']} network at init scale {v0['scale']:g}: "
            "left, the size of delta at each layer relative to the output layer on a log axis; "
            "right, the factor of each step back, its prediction and their average."
        )

    def __init__(self, depth=10, hidden="sigmoid", scale=1.0):
        depth = v.integer("depth", depth, 2, self.MAX_DEPTH)
        v.choice("hidden", hidden, ("sigmoid", "tanh", "relu"))
        scale = v.number("scale", scale, 0.25, 4.0)
        style = {"description_width": "80px"}
        sliders = {
            "depth": W.IntSlider(
                value=depth, min=2, max=self.MAX_DEPTH, description="depth L", style=style
            ),
            "hidden": W.ToggleButtons(
                options=["sigmoid", "tanh", "relu"],
                value=hidden,
                description="activation",
                style={**style, "button_width": "72px"},
            ),
            "scale": W.FloatSlider(
                value=scale,
                min=0.25,
                max=4.0,
                step=0.05,
                description="init scale",
                readout_format=".2f",
                style=style,
            ),
        }
        sliders["depth"].tooltip = "depth L, the number of layers"  # accessible names
        sliders["scale"].tooltip = "init scale s of the weights"
        fig, (ax, ax_f) = figure(9.3, 3.1, ncols=2)  # shown 930 px wide: the output area
        fig.set_dpi(100 * self.pixel_ratio)  # drawn at 1.5 times the size it is shown
        moving = {"animated": True}
        (self._size,) = ax.semilogy([], [], "o-", ms=4, color=figures.BLUE, **moving)
        ax.set(
            xlim=(0.5, self.MAX_DEPTH + 0.5),
            ylim=(1e-40, 1e20),
            xlabel="layer $l$",
            ylabel=r"$\|\delta^l\| \,/\, \|\delta^L\|$",
            title=r"Size of $\delta^l$ relative to the output layer",
        )
        ax.set_yticks([10.0**k for k in range(-40, 21, 10)])
        ax.axhline(1, color="0.5", lw=1, ls="--")
        ax.grid(alpha=0.3)
        (self._factor,) = ax_f.semilogy(
            [],
            [],
            "o-",
            ms=4,
            color=figures.VERMILLION,
            **moving,
            label=r"$\|\delta^l\| / \|\delta^{l+1}\|$",
        )
        (self._predicted,) = ax_f.semilogy(
            [], [], "s--", ms=3, color=figures.BLUE, **moving, label=r"$s \cdot$ RMS $f'(z^l)$"
        )
        self._average = ax_f.axhline(
            1, color=figures.VERMILLION, lw=1.2, ls="-.", **moving, label="average step back"
        )
        ax_f.axhline(1, color="0.5", lw=1)
        self._max_slope = ax_f.axhline(  # 1/4 for sigmoid, 1 for tanh and ReLU
            0.25,
            color=figures.BLACK,
            lw=1,
            ls=":",
            **moving,
            label=r"the activation's $\max_z f'(z)$",
        )
        ax_f.set(
            xlim=(0.5, self.MAX_DEPTH + 0.5),
            ylim=(1e-2, 10),
            xlabel="layer $l$",
            title="What each step back multiplies by",
        )
        ax_f.legend(fontsize=9, loc="lower right")
        ax_f.grid(alpha=0.3)
        for axes in (ax, ax_f):
            axes.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        super().__init__(sliders, fig, columns=1, readout_beside=True)

    def render(self, values: dict) -> str:
        depth, hidden, scale = values["depth"], values["hidden"], values["scale"]
        profile = pathologies.delta_profile(depth, hidden, scale)
        size, layers = profile.size, np.arange(1, depth + 1)
        self._size.set_data(layers, np.clip(size / size[-1], 1e-40, 1e20))
        self._factor.set_data(layers[:-1], np.clip(size[:-1] / size[1:], 1e-2, 10))
        self._predicted.set_data(layers[:-1], np.clip(scale * profile.fprime_rms, 1e-2, 10))
        factor = profile.factor
        self._average.set_ydata([np.clip(factor, 1e-2, 10)] * 2)
        self._max_slope.set_ydata([MAX_SLOPE[hidden]] * 2)
        rms = float(np.sqrt(np.mean(profile.fprime_rms**2)))  # over all hidden layers
        return table(
            [
                ("‖δ<sup>L</sup>‖ (output layer)", f"{size[-1]:.3g}"),
                ("‖δ<sup>1</sup>‖ (first layer)", f"{size[0]:.3g}"),
                ("‖δ<sup>1</sup>‖ / ‖δ<sup>L</sup>‖", f"{profile.ratio:.3g}"),
                (
                    f"one step back, on average: (‖δ<sup>1</sup>‖ / ‖δ<sup>L</sup>‖)"
                    f"<sup>1/{depth - 1}</sup>",
                    f"{factor:.3f}  ({verdict(factor)})",
                ),
                ("RMS slope √mean f′(z)² over the hidden layers", f"{rms:.3f}"),
                ("init scale × RMS slope (the predicted step)", f"{scale * rms:.3f}"),
            ]
        )


def depth_explorer(depth=10, hidden="sigmoid", scale=1.0) -> DepthExplorer:
    """The vanishing/exploding explorer of notebook 07: depth, activation and init scale."""
    return DepthExplorer(depth=depth, hidden=hidden, scale=scale)
