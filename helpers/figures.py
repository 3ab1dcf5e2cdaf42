"""Figures everyone can read: alt text, a colour-blind-safe palette and text of at least 9 pt.

The contract every notebook and plotting helper follows (issue 14):

- a figure is shown with :func:`show`, which needs ``alt``, one sentence saying what the
  figure shows. It displays one output that every frontend can show with that alt text
  (a PNG with ``{"image/png": {"alt": ...}}`` metadata for nbconvert's classic template and
  nbviewer, an ``<img alt>`` as HTML for JupyterLab, nbconvert's lab template and the site,
  the alt text as plain text) and closes the figure, so it is not shown twice;
- colours come from the Okabe-Ito palette below (distinct under the common colour-vision
  deficiencies) and series that are compared also differ in line style (:func:`series`);
- every text is at least :data:`MIN_FONT_PT` points (:func:`style`), and figures are shown
  at 100 CSS pixels per figure inch, so 9 figure points are 12.5 CSS pixels on screen.

Introduced in notebooks/01_forward_pass.ipynb.
"""

from __future__ import annotations

import base64
import html
import io
import struct
import sys

import numpy as np
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from . import _validate as v

#: Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct under
#: protanopia, deuteranopia and tritanopia.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"  # bluish green
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"  # reddish purple
#: The palette in the order to use it (yellow last: it is faint on white).
COLORS = (BLUE, VERMILLION, GREEN, ORANGE, SKY_BLUE, PURPLE, BLACK, YELLOW)
#: Line styles that tell compared series apart without colour.
LINESTYLES = ("-", "--", ":", "-.")
#: The smallest font size, in figure points, that any text of a figure may have.
MIN_FONT_PT = 9.0
#: CSS pixels per figure inch a figure is shown at; it is drawn at PIXEL_RATIO times that.
CSS_PX_PER_INCH = 100
PIXEL_RATIO = 1.5
#: The width of JupyterLab's output area in a 1366 x 768 window, in CSS pixels: a wider
#: figure is shown scaled down to it, so its text must be larger (see min_points).
OUTPUT_WIDTH_PX = 934


def min_points(fig: Figure) -> float:
    """The smallest font size ``fig`` may use: 9 pt, more if it is shown scaled down.

    A figure wider than the output area (9.34 inches at 100 CSS px per inch) is shrunk to
    fit, and its text with it: a 10-inch figure needs 9.64 pt to show 9 pt.
    """
    shown = _figure(fig).get_figwidth() * CSS_PX_PER_INCH
    return round(MIN_FONT_PT * max(1.0, shown / OUTPUT_WIDTH_PX), 2)


def _figure(fig) -> Figure:
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {v._describe(fig)}")
    return fig


def _sentence(name: str, text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string, got {v._describe(text)}")
    text = " ".join(text.split())
    if not text:
        raise ValueError(f"{name} must be a sentence saying what the figure shows, got ''")
    return text


def series(i: int) -> dict:
    """Colour and line style of the ``i``-th compared series: ``ax.plot(x, y, **series(i))``.

    Consecutive series differ in both colour and line style, so they stay apart in grey.
    """
    i = v.integer("i", i, 0)
    return {"color": COLORS[i % len(COLORS)], "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def _texts(fig: Figure) -> list[Text]:
    """Every visible text artist of the figure (ticks, labels, legends, titles, notes)."""
    found = fig.findobj(lambda a: isinstance(a, Text) and a.get_visible() and a.get_text())
    for ax in fig.axes:  # tick labels are only made when drawn: ask the axes for them
        for axis in (ax.xaxis, ax.yaxis):
            found += [t for t in axis.get_ticklabels(which="both") if t.get_text()]
    unique = {id(t): t for t in found}
    return list(unique.values())


def too_small(fig: Figure) -> list[str]:
    """The texts of ``fig`` below :func:`min_points`, as ``"text (size pt)"`` strings."""
    fig = _figure(fig)
    least = min_points(fig)
    return [
        f"{t.get_text()!r} ({t.get_fontsize():g} pt)"
        for t in _texts(fig)
        if t.get_fontsize() < least - 1e-9
    ]


def _labels(fig: Figure) -> list[Text]:
    """The texts :func:`style` sizes: legends, axis labels, titles (ticks go by their axis)."""
    found = [t for t in (fig._suptitle, fig._supxlabel, fig._supylabel) if t is not None]
    for ax in fig.axes:
        found += [ax.title, ax._left_title, ax._right_title]
        found += [ax.xaxis.label, ax.yaxis.label]
    for legend in fig.findobj(Legend):
        found += list(legend.get_texts()) + [legend.get_title()]
    return found


def style(fig: Figure) -> Figure:
    """Raise tick labels, legends, axis labels and titles of ``fig`` to :func:`min_points`.

    Tick labels are sized through their axis, so ticks made later keep the size. Text you
    place yourself (``ax.text``, ``annotate``) keeps its size: make it 9 pt or more, and
    check with :func:`too_small`. Returns ``fig``.
    """
    fig = _figure(fig)
    least = min_points(fig)
    for ax in fig.axes:
        for axis, name in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            for which, ticks in (
                ("major", axis.get_major_ticks()),
                ("minor", axis.get_minor_ticks()),
            ):
                if min((t.label1.get_fontsize() for t in ticks), default=least) < least:
                    ax.tick_params(axis=name, which=which, labelsize=least)
    for text in _labels(fig):
        if text.get_fontsize() < least:
            text.set_fontsize(least)
    return fig


def _text_px(fig: Figure, dpi: float) -> float:
    """The height in pixels of the smallest text :func:`style` allows, drawn at ``dpi``."""
    return min_points(fig) * v.number("dpi", dpi, 1.0, 10_000.0) / 72


def _png_width(png: bytes) -> int:
    """The pixel width written in a PNG's header."""
    if not isinstance(png, bytes) or png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise TypeError(f"png must be the bytes of a PNG image, got {v._describe(png)}")
    return struct.unpack(">I", png[16:20])[0]


def _img_html(
    png: bytes, alt: str, width: int | None = None, caption: str = "", text_px: float = 0
) -> str:
    """An ``<img>`` of the PNG with its alt text (and a ``<figcaption>`` if ``caption``).

    Its class ``bbh-text-N`` says its smallest text is N tenths of a pixel of the PNG high,
    so a browser test can tell how large it is on screen.
    """
    alt = _sentence("alt", alt)
    if not isinstance(caption, str):
        raise TypeError(f"caption must be a string, got {v._describe(caption)}")
    if width is None:
        width = round(_png_width(png) / PIXEL_RATIO)
    width = v.integer("width", width, 1, 100_000)
    data = base64.b64encode(png).decode("ascii")
    img = (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        f'width="{width}" class="bbh-text-{round(text_px * 10)}" '
        'style="max-width:100%;height:auto">'
    )
    if not caption.strip():
        return img
    text = html.escape(" ".join(caption.split()))
    return f'<figure style="margin:0">{img}<figcaption>{text}</figcaption></figure>'


def bundle(
    png: bytes, alt: str, width: int | None = None, caption: str = "", text_px: float = 0
) -> tuple:
    """(data, metadata) of a static figure: PNG, HTML ``<img alt>`` and the alt as text.

    ``width`` is the width to show it at in CSS pixels (default: the PNG's width / 1.5),
    ``text_px`` the height of its smallest text in pixels of the PNG (see _text_px).
    """
    text_px = v.number("text_px", text_px, 0.0, 10_000.0)
    alt = _sentence("alt", alt)
    if not isinstance(caption, str):
        raise TypeError(f"caption must be a string, got {v._describe(caption)}")
    if width is None:
        width = round(_png_width(png) / PIXEL_RATIO)
    plain = alt if not caption.strip() else f"{alt} {' '.join(caption.split())}"
    data = {
        "text/plain": plain,
        "text/html": _img_html(png, alt, width, caption, text_px),
        "image/png": base64.b64encode(png).decode("ascii"),
    }
    return data, {"image/png": {"alt": alt, "width": width}}


def to_png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes drawn at PIXEL_RATIO times its shown size, the same every time.

    The figure is cropped to what is drawn on it plus a margin of PAD_INCHES, as
    ``savefig(bbox_inches="tight")`` would crop it, but from the pixels of one drawing:
    the tight box costs a second layout of every text, about 40% of the time (issue 15).
    When something drawn reaches the figure's edge (a label outside the figure, which
    only the tight box can bring back into view), the figure is drawn again with it.
    """
    fig = _figure(fig)
    dpi = CSS_PX_PER_INCH * PIXEL_RATIO
    rgb = _pixels(fig, dpi)
    pad = round(PAD_INCHES * dpi)
    ink = np.any(rgb != 255, axis=2)  # the facecolor is white: anything else is drawn
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return _encode(rgb)
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    if top == 0 or left == 0 or bottom == rgb.shape[0] or right == rgb.shape[1]:
        return _tight_png(fig, dpi)  # drawn to the edge: part of it may lie outside
    cropped = rgb[max(top - pad, 0) : bottom + pad, max(left - pad, 0) : right + pad]
    return _encode(np.ascontiguousarray(cropped))


#: The white margin, in figure inches, kept around what is drawn.
PAD_INCHES = 0.05


def _pixels(fig: Figure, dpi: float) -> np.ndarray:
    """The whole figure drawn at ``dpi`` on white, as a uint8 array of shape (H, W, 3)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=dpi, facecolor="white")
    raw = np.frombuffer(buffer.getvalue(), dtype=np.uint8)
    width_in, height_in = fig.get_size_inches()
    for height in (int(height_in * dpi), int(height_in * dpi) + 1, int(height_in * dpi) - 1):
        if height > 0 and raw.size % (4 * height) == 0:
            width = raw.size // (4 * height)
            if abs(width - width_in * dpi) <= 1:
                return raw.reshape(height, width, 4)[:, :, :3]
    raise ValueError(  # pragma: no cover - matplotlib's Agg renders int(size * dpi) pixels
        f"could not read the {raw.size}-byte drawing of a {width_in:g} x {height_in:g} inch figure"
    )


def _encode(rgb: np.ndarray) -> bytes:
    """RGB pixels as PNG bytes, the same every time (no date, no software name)."""
    from PIL import Image  # matplotlib's own PNG writer: always installed with it

    buffer = io.BytesIO()
    dpi = CSS_PX_PER_INCH * PIXEL_RATIO
    Image.fromarray(rgb).save(buffer, format="png", compress_level=6, dpi=(dpi, dpi))
    return buffer.getvalue()


def _tight_png(fig: Figure, dpi: float) -> bytes:
    """savefig's tight box: slower, but brings what lies outside the figure into view."""
    buffer = io.BytesIO()
    # No "Software" line (it names the matplotlib version): the bytes depend on the pixels only
    fig.savefig(
        buffer, format="png", dpi=dpi, metadata={"Software": None},
        facecolor="white", bbox_inches="tight", pad_inches=PAD_INCHES,
    )  # fmt: skip
    return buffer.getvalue()


def show(fig: Figure, alt: str) -> None:
    """Display ``fig`` once, with ``alt`` (one sentence: what it shows), and close it.

    Fonts are raised to at least 9 pt first. The output has a PNG with alt metadata, an
    HTML ``<img alt>`` (what JupyterLab and the site show) and the alt as plain text.
    """
    fig, alt = _figure(fig), _sentence("alt", alt)
    from IPython.display import display

    style(fig)
    data, metadata = bundle(to_png(fig), alt, text_px=_text_px(fig, CSS_PX_PER_INCH * PIXEL_RATIO))
    display(data, raw=True, metadata=metadata)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # a pyplot figure is closed, so the inline backend does not show it
        pyplot.close(fig)  # (a no-op for a figure pyplot does not manage)
