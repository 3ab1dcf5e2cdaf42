"""The batch-size dashboard of notebook 05: how well a mini-batch's gradient estimates the full one.

Plots and widgets sit on top of the package: every number comes from ``helpers.mlp``.
The batch loss is a mean over examples, so a batch's gradient is the mean of its examples'
own gradients. :func:`per_example_gradients` computes those once, for the whole data set,
from one forward and one backward pass; after that a batch of any size costs only a mean.

- :func:`per_example_gradients`: every example's gradient, flattened, shape (M, P).
- :func:`batch_gradients`: the gradients of random batches of several sizes.
- :func:`batch_explorer`: a slider for the batch size N; 200 batch gradients follow.

Introduced in notebooks/05_vectorized_batches.ipynb.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from . import _validate as v
from . import figures, mlp
from .dashboard import Dashboard, table
from .widgets import number

SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
MAX_DRAWS = 100_000


def per_example_gradients(params, X, Y, hidden="tanh", output="softmax", loss="cross_entropy"):
    """Each example's own gradient, flattened like ``[W^1, b^1, W^2, b^2, ...]`` (row-major).

    Row n of delta^l for the batch is 1/M times example n's own delta (notebook 05), so
    example n's gradients are M delta^l_n (a^(l-1)_n)^T and M delta^l_n.

    Parameters
    ----------
    params : list of L pairs (W, b)
    X : np.ndarray of shape (M, n_0);  Y : np.ndarray of shape (M, n_L)
    hidden, output, loss : as in ``helpers.mlp``

    Returns
    -------
    np.ndarray of shape (M, P), P the number of parameters; its mean over the rows is the
    gradient of the batch loss over all M examples
    """
    units = v.layers("params", params)[-1][0].shape[0]
    Y = v.real_array("Y", Y)
    if Y.ndim != 2 or Y.shape[1] != units:
        raise ValueError(
            f"Y must have shape (M, {units}): one column per unit of the last layer of "
            f"params, got {Y.shape}"
        )
    try:
        with np.errstate(over="raise", invalid="raise", under="ignore"):
            _, cache = mlp.forward(params, X, hidden, output)
            deltas, _ = mlp.deltas_and_grads(params, cache, Y, loss)
            M = cache.A[0].shape[0]
            parts = []
            for delta, A_prev in zip(deltas, cache.A[:-1], strict=True):
                own = M * delta  # example n's own delta^l, shape (M, n_l)
                parts.append(np.einsum("nk,nj->nkj", own, A_prev).reshape(M, -1))  # its dL/dW^l
                parts.append(own)  # its dL/db^l
    except FloatingPointError:
        raise ValueError("params, X and Y are too large: the gradients overflow float64") from None
    return np.concatenate(parts, axis=1)


def batch_gradients(G, sizes=SIZES, draws=200, seed=0):
    """The gradients of ``draws`` random batches of every size in ``sizes``.

    Batch d of size N is the first N examples of the d-th random ordering of the data
    (drawn without replacement), so a larger batch grows the smaller one: moving the size
    slider moves each batch's gradient smoothly.

    Parameters
    ----------
    G : np.ndarray of shape (M, P), from :func:`per_example_gradients`
    sizes : increasing sequence of int, each in [1, M]
    draws : int in [1, 100,000]
    seed : int >= 0, seeds ``np.random.default_rng``

    Returns
    -------
    np.ndarray of shape (len(sizes), draws, P)
    """
    G = v.real_array("G", G)
    if G.ndim != 2 or 0 in G.shape:
        raise ValueError(f"G must have shape (M, P) with M, P >= 1, got {G.shape}")
    M = G.shape[0]
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise TypeError(f"sizes must be a sequence of ints, got {v._describe(sizes)}")
    sizes = np.asarray(sizes)
    if (
        sizes.ndim != 1
        or sizes.size == 0
        or not np.issubdtype(sizes.dtype, np.integer)
        or sizes[0] < 1
        or sizes[-1] > M
        or np.any(np.diff(sizes) <= 0)
    ):
        raise ValueError(
            f"sizes must be increasing integers in [1, {M}] (M = {M}, the rows of G), "
            f"got {sizes.tolist()}"
        )
    draws, seed = v.integer("draws", draws, 1, MAX_DRAWS), v.seed("seed", seed)
    rng = np.random.default_rng(seed)
    out = np.empty((sizes.size, draws, G.shape[1]))
    with np.errstate(over="raise", invalid="raise"):
        try:
            for d in range(draws):
                order = rng.choice(M, size=sizes[-1], replace=False)
                running = np.cumsum(G[order], axis=0)  # row k: the sum of the first k + 1
                out[:, d] = running[sizes - 1] / sizes[:, None]  # the mean over the batch
        except FloatingPointError:
            raise ValueError("G is too large: summing its rows overflows float64") from None
    return out


class BatchExplorer(Dashboard):
    """A batch-size slider; each batch's gradient is drawn relative to the full gradient g.

    Left: every batch gradient as a point (its component along g, the length of the rest),
    both in units of |g|, so g itself is the point (1, 0) and a point left of 0 points
    uphill for the full loss. Right: the spread, rms |g_batch - g| / |g|, against N.
    """

    pixel_ratio = 1.5
    alt = (
        "Left: 200 batch gradients as points, each by its component along the full gradient "
        "g and the length of the rest, scattered widely at batch size 1; right: their spread "
        "against the batch size on log axes, falling along the line 1 over root N."
    )
    caption = (
        "Move the batch size N: the cloud of batch gradients closes in on g, and the readout "
        "counts how many still point downhill."
    )

    def __init__(
        self,
        params,
        X,
        Y,
        hidden="tanh",
        output="softmax",
        loss="cross_entropy",
        sizes=SIZES,
        draws=200,
        seed=0,
    ):
        G = per_example_gradients(params, X, Y, hidden, output, loss)
        full = G.mean(axis=0)  # the gradient over all M examples
        scale = float(np.linalg.norm(full))
        if not scale > 0.0:
            raise ValueError("the full gradient is zero at these params: nothing to estimate")
        batches = batch_gradients(G, sizes, draws, seed) / scale  # in units of |g|; checks
        self.sizes, self.examples = [int(n) for n in sizes], G.shape[0]
        unit = full / scale
        self.along = batches @ unit  # shape (len(sizes), draws)
        rest = batches - self.along[..., None] * unit
        self.across = np.linalg.norm(rest, axis=2)
        self.cosine = self.along / np.maximum(np.hypot(self.along, self.across), 1e-300)
        self.spread = np.sqrt(np.mean(np.sum((batches - unit) ** 2, axis=2), axis=1))
        self.spread_one = float(np.sqrt(np.mean(np.sum((G / scale - unit) ** 2, axis=1))))

        # Shown 930 px wide (JupyterLab's output area at 1366 px with the file browser
        # open), drawn at 1.5 times that
        fig = Figure(figsize=(9.3, 3.1), dpi=100 * self.pixel_ratio)
        ax = fig.add_axes((0.06, 0.13, 0.3, 0.76))  # to scale: narrower than its slot
        ax_s = fig.add_axes((0.6, 0.13, 0.38, 0.76))
        moving = {"animated": True}
        # One frame for every N, to scale in both directions (angles are true), holding
        # at least 98 % of the smallest batches' points; the readout counts the rest.
        lo, hi = np.percentile(self.along[0], [1, 99])
        ax.set_xlim(min(-1.0, lo) - 0.2, max(2.0, hi) + 0.2)
        ax.set_ylim(-0.25, 1.05 * max(1.5, float(np.percentile(self.across[0], 98))))
        ax.set_aspect("equal", adjustable="box")
        ax.axvspan(ax.get_xlim()[0], 0.0, color=figures.VERMILLION, alpha=0.08, lw=0)
        ax.text(
            -0.1,
            0.97 * ax.get_ylim()[1],
            "uphill for\nthe full loss",
            ha="right",
            va="top",
            fontsize=9,
            color=figures.VERMILLION,
        )
        ax.axvline(0.0, color="0.5", lw=0.8)
        self._points = ax.scatter(
            [],
            [],
            s=10,
            color=figures.BLUE,
            alpha=0.45,
            lw=0,
            label=f"{draws} batches of size N",
            **moving,
        )
        self._one = ax.annotate(
            "",
            xy=(1.0, 0.0),
            xytext=(0.0, 0.0),
            arrowprops={"arrowstyle": "-|>", "color": figures.ORANGE, "lw": 1.5},
            **moving,
        )
        ax.annotate(
            "",
            xy=(1.0, 0.0),
            xytext=(0.0, 0.0),
            arrowprops={"arrowstyle": "-|>", "color": "k", "lw": 2.0},
            zorder=5,
        )
        ax.plot([], [], color=figures.ORANGE, lw=1.5, label="one of them")
        ax.plot([], [], color="k", lw=2.0, label="full gradient g")
        ax.set_xlabel("component along g (units of |g|)")
        ax.set_ylabel("length of the rest (units of |g|)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9, frameon=False)
        self._ax = ax
        self._title = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", **moving)

        grid = np.array(self.sizes, dtype=np.float64)
        ax_s.loglog(grid, self.spread, "o-", color="0.55", ms=4, label="measured")
        ax_s.loglog(
            grid,
            self.spread_one / np.sqrt(grid),
            "--",
            color=figures.GREEN,
            label=r"spread at $N = 1$, divided by $\sqrt{N}$",
        )
        (self._mark,) = ax_s.plot([], [], "o", color=figures.BLUE, ms=9, **moving)
        ax_s.set_xticks(grid, [str(n) for n in self.sizes])
        ax_s.minorticks_off()
        ticks = [
            t
            for t in (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)
            if self.spread.min() / 1.5 <= t <= 1.5 * max(self.spread.max(), self.spread_one)
        ]
        ax_s.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax_s.set_xlabel("batch size N")
        ax_s.set_ylabel(r"spread: rms $|g_{batch} - g| \,/\, |g|$")
        ax_s.set_title(r"The spread falls like $1/\sqrt{N}$", fontsize=11)
        ax_s.grid(alpha=0.3)
        ax_s.legend(loc="upper right", fontsize=9)
        slider = W.SelectionSlider(
            options=self.sizes,
            value=self.sizes[0],
            description="batch N",
            continuous_update=True,
            style={"description_width": "60px"},
        )
        slider.tooltip = "batch size N"  # the handle's accessible name
        super().__init__({"N": slider}, fig, columns=1, readout_beside=True)

    def render(self, values: dict) -> str:
        k = self.sizes.index(values["N"])
        along, across, cosine = self.along[k], self.across[k], self.cosine[k]
        self._points.set_offsets(np.column_stack([along, across]))
        self._one.xy = (along[0], across[0])
        self._title.set_text(f"{len(along)} batch gradients, N = {values['N']}, relative to g")
        self._mark.set_data([values["N"]], [self.spread[k]])
        downhill = int(np.sum(cosine > 0))
        (x0, x1), (_, y1) = self._ax.get_xlim(), self._ax.get_ylim()
        outside = int(np.sum((along < x0) | (along > x1) | (across > y1)))
        return table(
            [
                ("batch size N", f"{values['N']} of {self.examples} examples"),
                ("mean cosine(batch gradient, g)", number(round(float(cosine.mean()), 4))),
                ("batches pointing downhill (cosine > 0)", f"{downhill} of {len(cosine)}"),
                (
                    "spread, rms |g<sub>batch</sub> − g| / |g|",
                    number(round(float(self.spread[k]), 4)),
                ),
                (
                    "spread at N = 1, divided by √N",
                    number(round(self.spread_one / np.sqrt(values["N"]), 4)),
                ),
                ("points outside the left frame", f"{outside} of {len(along)}"),
            ]
        )


def batch_explorer(
    params,
    X,
    Y,
    hidden="tanh",
    output="softmax",
    loss="cross_entropy",
    sizes=SIZES,
    draws=200,
    seed=0,
) -> BatchExplorer:
    """The slider widget of notebook 05: move the batch size N, watch the batch gradients.

    Parameters
    ----------
    params : list of L pairs (W, b), the network whose gradient is estimated
    X : np.ndarray of shape (M, n_0);  Y : np.ndarray of shape (M, n_L), all the data
    hidden, output, loss : as in ``helpers.mlp``
    sizes : increasing batch sizes the slider offers, each at most M
    draws : how many random batches of each size
    seed : seeds the batches' draws
    """
    return BatchExplorer(params, X, Y, hidden, output, loss, sizes, draws, seed)
