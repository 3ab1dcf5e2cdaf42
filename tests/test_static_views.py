"""Every committed notebook shows a picture, never a widget error, before it is run.

Issue 14, item 5. A frontend without a live kernel (JupyterLab before Run All, GitHub,
nbviewer, the site) shows a dashboard's saved output, not the widget. So in every
committed notebook:

- every output with an image has alt text: ``{"image/png": {"alt": ...}}`` metadata (what
  nbconvert's classic template and nbviewer read) and an HTML ``<img alt>`` (what
  JupyterLab 4 and nbconvert's lab template show: JupyterLab ignores the metadata);
- no output's plain text is a raw widget repr (``VBox(children=...``), an output that has
  a widget view also has its static picture, and none is saved (no widget view, no widget
  state: tools/execute_notebooks.py keeps the static picture only);
- nbconvert's HTML export (lab and classic templates, as nbviewer and the site use it) has
  no "Error displaying widget" or "Loading widget" and no ``<img>`` without alt text.

Figures and dashboards get all this from helpers.figures.show and helpers.dashboard;
tools/execute_notebooks.py saves the notebooks (see /tmp/coord/CONTRACT-figures.md, and
helpers/figures.py for the contract).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_REPR = re.compile(
    r"^\s*(VBox|HBox|Box|GridBox|Tab|Accordion|Output|Image|HTML|Label|Button|"
    r"\w*Slider|Dropdown|ToggleButtons|Checkbox|\w*Explorer|\w*Dashboard)\((children|value|"
    r"layout|description|options|outputs)="
)
BROKEN = ("Error displaying widget", "Loading widget", "model not found")


class Images(HTMLParser):
    """Collects the attributes of every <img> of an HTML text."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def images(text: str) -> list[dict]:
    parser = Images()
    parser.feed(text)
    return parser.images


def outputs(path: Path):
    """(cell index, output) of every output of the notebook that has data."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if "data" in output:
                yield index, output


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_picture_has_alt_text_and_no_output_is_a_widget_repr(path):
    problems = []
    for index, output in outputs(path):
        data, metadata = output["data"], output.get("metadata", {})
        where = f"{path.name} cell {index}"
        plain = data.get("text/plain", "")
        plain = "".join(plain) if isinstance(plain, list) else plain
        if WIDGET_REPR.match(plain):
            problems.append(f"{where}: text/plain is a widget repr: {plain[:60]!r}")
        if WIDGET_VIEW in data and "image/png" not in data:
            problems.append(f"{where}: a widget view without a static picture")
        if "image/png" in data:
            alt = metadata.get("image/png", {}).get("alt", "")
            if not alt.strip():
                problems.append(f"{where}: an image without alt metadata (helpers.figures.show)")
            shown = images("".join(data.get("text/html", "")))
            if not shown or not all(i.get("alt", "").strip() for i in shown):
                problems.append(f"{where}: no HTML <img alt> for JupyterLab (figures.show)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_widget_state_or_widget_view_is_saved(path):
    """A widget view names a random model id (a diff on every run) and, without the kernel's
    model, shows "Error displaying widget" in a trusted JupyterLab: the static picture does."""
    views = [index for index, output in outputs(path) if WIDGET_VIEW in output["data"]]
    assert not views, (
        f"{path.name} cells {views} save a widget view: execute it with "
        "tools/execute_notebooks.py (which keeps the static picture only)"
    )
    saved = "widgets" in nbformat.read(path, as_version=4).metadata
    assert not saved, (
        f"{path.name} saves widget state (random model ids): execute it with "
        "tools/execute_notebooks.py"
    )


@pytest.mark.parametrize("template", ["lab", "classic"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nbconvert_html_shows_pictures_with_alt_text(path, template):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name=template).from_filename(str(path))
    shown = [b for b in BROKEN if b in body]
    assert not shown, f"{path.name} ({template}): the HTML says {shown}"
    without = [i.get("src", "")[:60] for i in images(body) if not i.get("alt", "").strip()]
    assert not without, f"{path.name} ({template}): {len(without)} <img> without alt: {without}"
