"""The base of every slider dashboard: sliders, a readout and one reused figure.

Widgets and plots sit on top of the package: this module imports numeric code, never the
other way round. A dashboard keeps ONE matplotlib figure (not pyplot, so nothing is shown
twice), updates its artists in place on every slider move and sends the figure to an
``ipywidgets.Image`` as PNG. Artists created with ``animated=True`` are the ones that move:
the rest of the figure (axes, labels, fixed curves) is drawn once and kept as a background
bitmap, and a slider move only redraws the moving artists over it ("blitting"). That keeps
a slider move to a few milliseconds (measured by ``benchmarks/bench_callbacks.py``).

A subclass sets up its figure in ``__init__`` and implements :meth:`render`, which takes
the slider values, updates the artists and returns the readout as HTML. When it changes
something static (an axis range, a fixed curve) it calls :meth:`invalidate`.

Introduced in notebooks/01_forward_pass.ipynb.
"""

from __future__ import annotations

import base64
import html
import struct
import zlib

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import _validate as v


class Dashboard(W.VBox):
    """Sliders on top, a readout and a figure below; moving any slider calls :meth:`refresh`.

    Attributes
    ----------
    sliders : dict[str, ipywidgets.Widget]
        The controls, by the name ``render`` receives them under.
    readout : ipywidgets.HTML
        Numbers and messages shown above the figure.
    image : ipywidgets.Image
        The figure as PNG.
    fig : matplotlib.figure.Figure
        The one figure the dashboard draws into.
    pixel_ratio : float or None
        Class attribute: figure pixels per CSS pixel. A subclass that sets it (2 is sharp on
        a 2x display) has its figure shown at its pixel width divided by it; None shows the
        image as the browser sizes it, at most as wide as the output area.

    ``columns`` is the number of slider columns; with ``readout_beside`` the readout sits to
    the right of the sliders instead of below them, so the figure starts higher up.
    """

    pixel_ratio: float | None = None

    def __init__(
        self, sliders: dict, fig: Figure, *, columns: int = 2, readout_beside: bool = False,
        **kwargs,
    ):  # fmt: skip
        self.sliders = dict(sliders)
        self.fig = fig
        self._canvas = FigureCanvasAgg(fig)
        self._background = None
        self.readout = W.HTML()
        image_layout = W.Layout(max_width="100%")
        if self.pixel_ratio:
            image_layout = W.Layout(width=f"{self.shown_width}px", max_width="100%", height="auto")
        self.image = W.Image(format="png", layout=image_layout)
        controls = W.GridBox(
            list(self.sliders.values()),
            layout=W.Layout(grid_template_columns=f"repeat({columns}, minmax(260px, 1fr))"),
        )
        if readout_beside:
            top = [W.HBox([controls, self.readout], layout=W.Layout(align_items="flex-start"))]
            self.readout.layout = W.Layout(margin="0 0 0 16px", flex="0 0 auto")
        else:
            top = [controls, self.readout]
        super().__init__([*top, self.image], **kwargs)
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

    @property
    def shown_width(self) -> int | None:
        """The width in CSS pixels the figure is shown at (None: as the browser sizes it)."""
        if not self.pixel_ratio:
            return None
        return round(self.fig.get_figwidth() * self.fig.dpi / self.pixel_ratio)

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus a PNG of its current state for frontends that cannot show it.

        JupyterLab before a notebook is run (untrusted outputs), GitHub and nbconvert show
        the picture; a live kernel shows the widget, which frontends rank above images.
        """
        parent = getattr(super(), "_repr_mimebundle_", None)
        data = parent(**kwargs) if parent else self._widget_view()
        if not data:
            return data
        data = dict(data)
        data["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
        width = self.shown_width
        return (data, {"image/png": {"width": width}}) if width else data

    def _widget_view(self) -> dict:
        """ipywidgets 7 has no ``_repr_mimebundle_``: the bundle its ``_ipython_display_`` shows."""
        return {
            "text/plain": repr(self)[:110],
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self._model_id,
            },
        }

    if not hasattr(W.DOMWidget, "_repr_mimebundle_"):  # ipywidgets 7 (Colab's)

        def _ipython_display_(self, **kwargs):
            """Show the widget with its static picture, as ipywidgets 8 does through
            ``_repr_mimebundle_``."""
            from IPython.display import display

            bundle = self._repr_mimebundle_()
            data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
            display(data, raw=True, metadata=metadata)
            self._handle_displayed(**kwargs)

    @property
    def values(self) -> dict:
        """The current value of every slider, by name."""
        return {name: s.value for name, s in self.sliders.items()}

    def render(self, values: dict) -> str:  # pragma: no cover - subclasses implement it
        raise NotImplementedError

    def _on_change(self, change) -> None:
        self.refresh()

    def invalidate(self) -> None:
        """Say that something static changed: the next refresh redraws the whole figure."""
        self._background = None

    def refresh(self) -> None:
        """Redraw the readout and the figure for the current slider values."""
        self.readout.value = self.render(self.values)
        self.image.value = self.png()

    def png(self) -> bytes:
        """The figure as PNG bytes: static background once, moving artists every time."""
        canvas = self._canvas
        if self._background is None:
            canvas.draw()  # draws everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for ax in self.fig.axes:
            for artist in sorted(ax.get_children(), key=lambda a: a.get_zorder()):
                if artist.get_animated() and artist.get_visible():
                    ax.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(rgba: np.ndarray) -> bytes:
    """Encode an opaque figure's pixels, shape (H, W, 4) uint8, as an RGB PNG, fast.

    PNG's "Up" filter (each row minus the row above, so flat areas become runs of 0)
    is one numpy subtraction; zlib's run-length strategy at level 1 then packs it. On
    these figures that is about 3 times faster than PIL's encoder at a similar size.
    """
    if (
        not isinstance(rgba, np.ndarray)
        or rgba.dtype != np.uint8
        or rgba.ndim != 3
        or rgba.shape[2] != 4
        or 0 in rgba.shape
    ):
        raise TypeError(f"rgba must be a uint8 array of shape (H, W, 4), got {v._describe(rgba)}")
    rgb = np.ascontiguousarray(rgba[:, :, :3])  # the figure is opaque: alpha is always 255
    height, width, _ = rgb.shape
    rows = rgb.reshape(height, width * 3)
    filtered = np.empty((height, width * 3 + 1), dtype=np.uint8)
    filtered[:, 0] = 2  # filter type "Up" on every row
    filtered[0, 1:] = rows[0]  # the row above the first row counts as 0
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # uint8: wraps modulo 256
    packer = zlib.compressobj(1, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    data = packer.compress(filtered) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def figure(width: float = 9.0, height: float = 3.4, ncols: int = 1) -> tuple[Figure, list]:
    """A new figure (outside pyplot) with ``ncols`` axes side by side, laid out tightly.

    width and height are in inches, each in [1, 50]; ncols is in [1, 12].
    """
    width, height = v.number("width", width, 1.0, 50.0), v.number("height", height, 1.0, 50.0)
    ncols = v.integer("ncols", ncols, 1, 12)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.16, top=0.88, wspace=0.28)
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def table(rows: list[tuple[str, str]]) -> str:
    """An HTML table of (label, value) pairs; labels may hold inline LaTeX-free HTML."""
    if not isinstance(rows, (list, tuple)) or not all(
        isinstance(r, (list, tuple)) and len(r) == 2 and all(isinstance(t, str) for t in r)
        for r in rows
    ):
        raise TypeError(
            f"rows must be a list of (label, value) pairs of strings, got {v._describe(rows)}"
        )
    cells = "".join(
        f"<tr><td style='padding:0 12px 0 0'>{label}</td>"
        f"<td style='font-family:monospace;text-align:right'>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    # line-height: the widget area sets 28 px per line, which spreads a table out tall
    return f"<table style='line-height:1.4'>{cells}</table>"


def message(text: str) -> str:
    """A plain message for the readout, e.g. when training diverges."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {v._describe(text)}")
    return f"<p style='color:#a33'><b>{html.escape(text)}</b></p>"
