"""A small Sphinx extension for the series' website: launch links and the local MathJax.

- Under each page's title: "Open live on Binder" and "Open in Colab" links to that page's
  notebook at the release (``series_repository``, ``series_release`` from conf.py, which reads
  them from tools/navigation.py). Plain links, so no badge image is fetched from elsewhere.
- At the end of the build: MathJax (``series_mathjax``, npm's ``mathjax/es5``) copied to
  ``_static/mathjax``, where conf.py's ``mathjax_path`` points, so no page loads a CDN.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

INDEX_NOTEBOOK = "00_index.ipynb"  # the front page's notebook (staged as index.ipynb)


def notebook_name(pagename: str) -> str:
    """The file in notebooks/ a page was built from: ``index`` is ``00_index.ipynb``."""
    return INDEX_NOTEBOOK if pagename == "index" else f"{pagename}.ipynb"


def launch_links(repository: str, release: str, name: str) -> str:
    """HTML of the Binder and Colab links that open ``notebooks/<name>`` at ``release``."""
    binder = f"https://mybinder.org/v2/gh/{repository}/{release}?urlpath=lab/tree/notebooks/{name}"
    colab = f"https://colab.research.google.com/github/{repository}/blob/{release}/notebooks/{name}"
    links = [
        (binder, "Open live on Binder", "JupyterLab on mybinder.org, nothing to install"),
        (colab, "Open in Colab", "Google Colab: the first cell installs the helpers"),
    ]
    items = "".join(
        f'<a class="series-launch-link" href="{html.escape(url)}" title="{html.escape(tip)}">'
        f"{html.escape(text)}</a>"
        for url, text, tip in links
    )
    return f'<nav class="series-launch" aria-label="Run this notebook">{items}</nav>'


def add_launch_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Put the launch links right after the page's first heading (pages from notebooks only)."""
    if doctree is None or "body" not in context:
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".ipynb":
        return
    links = launch_links(
        app.config.series_repository, app.config.series_release, notebook_name(pagename)
    )
    body = context["body"]
    end = body.find("</h1>")
    cut = end + len("</h1>") if end >= 0 else 0
    context["body"] = body[:cut] + links + body[cut:]


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    """Copy the local MathJax into ``_static/mathjax`` (HTML builds that succeeded)."""
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.config.series_mathjax)
    if not (source / "tex-chtml.js").is_file():
        raise ExtensionError(
            f"MathJax is missing at {source}: run `npm ci` at the top of the repository "
            "(tools/build_site.py does it for you)"
        )
    shutil.copytree(source, Path(app.outdir) / "_static" / "mathjax", dirs_exist_ok=True)


def setup(app: Sphinx) -> dict:
    app.add_config_value("series_repository", "", "html")
    app.add_config_value("series_release", "", "html")
    app.add_config_value("series_mathjax", "", "html")
    app.connect("html-page-context", add_launch_links)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
