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

The base also makes every dashboard readable by everyone (helpers/figures.py, issue 14): a
subclass sets the class attributes ``alt`` (one sentence: what the starting picture shows)
and ``caption`` (what the sliders do); the base puts them on the static picture every
frontend shows before the cell runs, names each slider handle for screen readers, snaps
float values to their step (0.1, not 0.09999999999999964) and raises small text to 9 pt.

Introduced in notebooks/01_forward_pass.ipynb.
"""

from __future__ import annotations

import html
import json
import math
import struct
import zlib

import ipywidgets as W
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import _validate as v
from . import figures

# Runs in the browser when a dashboard is shown live (in a hidden Output widget, whose
# outputs JupyterLab trusts): ipywidgets 8 gives a slider's handle (role="slider") no
# accessible name and reads its value with float noise. This names each handle after its
# slider's description (or tooltip) and reads the value as the slider's readout shows it.
_A11Y_JS = """
(() => {
  const fix = (root) => {
    const key = [...root.classList].find((c) => c.startsWith('bbh-alt-'));
    const alt = (window.bbhAlt || {})[key];
    const img = root.querySelector('img');
    if (alt && img && img.getAttribute('alt') !== alt) img.setAttribute('alt', alt);
    for (const slider of root.querySelectorAll('.widget-slider')) {
      const handle = slider.querySelector('.noUi-handle');
      if (!handle) continue;
      const name = slider.getAttribute('title')
        || slider.querySelector('.widget-label')?.textContent.trim() || '';
      if (name && handle.getAttribute('aria-label') !== name)
        handle.setAttribute('aria-label', name);
      const readout = slider.querySelector('.widget-readout')?.textContent.trim();
      if (readout && handle.getAttribute('aria-valuetext') !== readout)
        handle.setAttribute('aria-valuetext', readout);
    }
  };
  const watch = (root) => {
    if (root.dataset.bbhA11y) return;
    root.dataset.bbhA11y = '1';
    new MutationObserver(() => fix(root)).observe(root, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ['aria-valuetext', 'title'],
    });
    fix(root);
  };
  const all = () => document.querySelectorAll('.bbh-dashboard').forEach(watch);
  all();
  for (const ms of [50, 300, 1500]) setTimeout(all, ms);
})();
"""


def _decimals(step: float) -> int:
    """Decimal places of a slider step: 0.05 -> 2, 1 -> 0, 2.5e-4 -> 5."""
    text = f"{step:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _snap(slider, value):
    """A float slider's value without float noise: 0.1, not 0.09999999999999964.

    A value a hair from a step of the slider's grid goes onto it; any other value (a start
    set between steps) keeps its 12 significant digits.
    """
    if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
        return value
    if isinstance(slider, W.FloatSlider) and slider.step:
        steps = round((value - slider.min) / slider.step)
        on_grid = min(max(slider.min + steps * slider.step, slider.min), slider.max)
        if abs(value - on_grid) <= 1e-9 * slider.step:  # noise, not a start set off the grid
            value = round(on_grid, _decimals(slider.step) + _decimals(slider.min))
    return float(f"{value:.12g}")


def _accessible_name(key: str, control) -> str:
    """What a screen reader calls the control: its tooltip if set, else its description."""
    name = (getattr(control, "tooltip", None) or getattr(control, "description", "") or "").strip()
    if not name:
        raise ValueError(
            f"slider {key!r} needs a description or a tooltip: it is the name a screen reader "
            "reads for it (e.g. tooltip='weight w')"
        )
    return name


def _describe_control(key: str, control) -> str:
    """ "weight w (-10 to 10)", "output (sigmoid or linear)": for the caption."""
    name = _accessible_name(key, control)
    if hasattr(control, "min") and hasattr(control, "max"):
        if isinstance(control, W.FloatLogSlider):  # 10**1.3 is 19.9526...: say "20"
            lo, hi = control.base**control.min, control.base**control.max
            return f"{name} ({lo:.3g} to {hi:.3g})"
        return f"{name} ({control.min:g} to {control.max:g})"
    labels = [str(o[0] if isinstance(o, tuple) else o) for o in getattr(control, "options", ())]
    if 1 < len(labels) <= 4:
        return f"{name} ({', '.join(labels[:-1])} or {labels[-1]})"
    return name


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
    alt : str
        Class attribute: one sentence saying what the starting picture shows (its alt text).
        Override :meth:`alt_text` when the sentence depends on the start.
    caption : str
        Class attribute: what the sliders do, for the caption under the static picture.

    ``columns`` is the number of slider columns; with ``readout_beside`` the readout sits to
    the right of the sliders instead of below them, so the figure starts higher up.
    """

    pixel_ratio: float | None = None
    alt: str = ""
    caption: str = ""

    def __init__(
        self, sliders: dict, fig: Figure, *, columns: int = 2, readout_beside: bool = False,
        **kwargs,
    ):  # fmt: skip
        self.sliders = dict(sliders)
        for key, control in self.sliders.items():
            _accessible_name(key, control)  # every control needs a name a screen reader reads
            fmt = getattr(control, "readout_format", "")
            if isinstance(control, W.FloatSlider) and fmt.endswith("f") and fmt[1:-1].isdigit():
                if int(fmt[1:-1]) < _decimals(control.step):  # show every step's digits
                    control.readout_format = f".{_decimals(control.step)}f"
        self.fig = fig
        self._canvas = FigureCanvasAgg(fig)
        self._background = None
        self.readout = W.HTML()
        image_layout = W.Layout(max_width="100%")
        if self.pixel_ratio:
            image_layout = W.Layout(width=f"{self.shown_width}px", max_width="100%", height="auto")
        # No tooltip on the Image: ipywidgets 8.1's ImageView reads a description it does not
        # have and fails to render. Its alt text is set in the browser by _A11Y_JS instead.
        self.image = W.Image(format="png", layout=image_layout)
        # how high its smallest text is, in tenths of a pixel of the PNG (for the a11y test)
        self.image.add_class(f"bbh-text-{round(figures._text_px(fig, fig.dpi) * 10)}")
        controls = W.GridBox(
            list(self.sliders.values()),
            layout=W.Layout(grid_template_columns=f"repeat({columns}, minmax(260px, 1fr))"),
        )
        if readout_beside:
            top = [W.HBox([controls, self.readout], layout=W.Layout(align_items="flex-start"))]
            self.readout.layout = W.Layout(margin="0 0 0 16px", flex="0 0 auto")
        else:
            top = [controls, self.readout]
        script = W.Output(layout=W.Layout(display="none"))
        alt = self.alt_text()
        key = f"bbh-alt-{zlib.crc32(alt.encode()):08x}"  # deterministic: same alt, same class
        script.append_display_data(
            _javascript(
                f"(window.bbhAlt = window.bbhAlt || {{}})[{json.dumps(key)}] = {json.dumps(alt)};"
            )
        )
        script.append_display_data(_javascript(_A11Y_JS))
        super().__init__([*top, self.image, script], **kwargs)
        self.add_class("bbh-dashboard")
        self.add_class(key)
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self.refresh()

    @property
    def shown_width(self) -> int | None:
        """The width in CSS pixels the figure is shown at (None: as the browser sizes it)."""
        if not self.pixel_ratio:
            return None
        return round(self.fig.get_figwidth() * self.fig.dpi / self.pixel_ratio)

    def alt_text(self) -> str:
        """One sentence saying what the starting picture shows (the class's ``alt``)."""
        return self.alt or f"The starting picture of the {type(self).__name__} dashboard."

    def caption_text(self) -> str:
        """What the sliders do (the class's ``caption``), then each control and its range."""
        controls = ", ".join(_describe_control(k, c) for k, c in self.sliders.items())
        return " ".join(f"{self.caption} Run the cell to move the sliders: {controls}.".split())

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus a static picture of its current state for frontends without it.

        The picture is a PNG with alt metadata, an HTML ``<figure>`` with ``<img alt>`` and
        a caption, and the alt and caption as plain text (helpers.figures.bundle).
        JupyterLab before a notebook is run (untrusted outputs), GitHub, nbconvert and the
        site show it; a live kernel shows the widget, which frontends rank above them.
        """
        parent = getattr(super(), "_repr_mimebundle_", None)
        data = parent(**kwargs) if parent else self._widget_view()
        if not data:
            return data
        png = bytes(self.image.value)
        width = self.shown_width or figures._png_width(png)
        static, metadata = figures.bundle(
            png,
            self.alt_text(),
            width,
            self.caption_text(),
            figures._text_px(self.fig, self.fig.dpi),
        )
        data = {**dict(data), **static}  # text/plain: the alt and caption, not a widget repr
        return data, metadata

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
        """The current value of every slider, by name (floats snapped to their step)."""
        return {name: _snap(s, s.value) for name, s in self.sliders.items()}

    def render(self, values: dict) -> str:  # pragma: no cover - subclasses implement it
        raise NotImplementedError

    def _on_change(self, change) -> None:
        slider, value = change["owner"], change["new"]
        snapped = _snap(slider, value)
        if snapped != value:  # e.g. 0.09999999999999964 from the browser: the readout and
            slider.value = snapped  # the handle's value read 0.1
            if slider.value != value:
                return  # setting it called us once more, with the snapped value
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
            figures.style(self.fig)  # no text below 9 pt (ticks and legends included)
            canvas.draw()  # draws everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for ax in self.fig.axes:
            for artist in sorted(ax.get_children(), key=lambda a: a.get_zorder()):
                if artist.get_animated() and artist.get_visible():
                    ax.draw_artist(artist)
        return encode_png(np.asarray(canvas.buffer_rgba()))


def _javascript(source: str):
    from IPython.display import Javascript

    return Javascript(source)


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
