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

import html
import io

import ipywidgets as W
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


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
    """

    def __init__(self, sliders: dict, fig: Figure, **kwargs):
        self.sliders = dict(sliders)
        self.fig = fig
        self._canvas = FigureCanvasAgg(fig)
        self._background = None
        self.readout = W.HTML()
        self.image = W.Image(format="png", layout=W.Layout(max_width="100%"))
        controls = W.GridBox(
            list(self.sliders.values()),
            layout=W.Layout(grid_template_columns="repeat(2, minmax(260px, 1fr))"),
        )
        super().__init__([controls, self.readout, self.image], **kwargs)
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

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
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)  # fast; the image is small
        return buffer.getvalue()


def figure(width: float = 9.0, height: float = 3.4, ncols: int = 1) -> tuple[Figure, list]:
    """A new figure (outside pyplot) with ``ncols`` axes side by side, laid out tightly."""
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.16, top=0.88, wspace=0.28)
    axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def table(rows: list[tuple[str, str]]) -> str:
    """An HTML table of (label, value) pairs; labels may hold inline LaTeX-free HTML."""
    cells = "".join(
        f"<tr><td style='padding:0 12px 0 0'>{label}</td>"
        f"<td style='font-family:monospace;text-align:right'>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def message(text: str) -> str:
    """A plain message for the readout, e.g. when training diverges."""
    return f"<p style='color:#a33'><b>{html.escape(text)}</b></p>"
