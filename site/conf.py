"""Sphinx configuration of the series' website (``make site``; tools/build_site.py runs it).

Sphinx with MyST-NB reads the notebooks that tools/build_site.py stages in build/site-src
(``00_index`` becomes the front page ``index``) and renders their committed outputs: nothing
is executed. The theme is sphinx-book-theme (the one Jupyter Book 1 uses). Everything a page
loads is served from the site itself: MathJax comes from npm (package.json) and is copied
into ``_static/mathjax``; no require.js, Thebe or web font is fetched from a CDN.
"""

from __future__ import annotations

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
sys.path[:0] = [str(SITE / "_ext"), str(ROOT / "tools")]

import navigation  # noqa: E402  (tools/navigation.py: the repository and the release)

project = "Backprop by Hand"
author = "The Backprop by Hand authors"
copyright = "the Backprop by Hand authors; code MIT, text CC BY 4.0"
root_doc = "index"
language = "en"

extensions = ["myst_nb", "series_site"]
exclude_patterns = ["solutions/**", "**/.ipynb_checkpoints"]

# MyST: $...$ and $$...$$ as math, as JupyterLab reads them.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# MyST-NB: show the committed outputs, never run a kernel.
nb_execution_mode = "off"
nb_merge_streams = True
# No ipywidgets/require.js scripts from a CDN: a dashboard is shown as its static picture
# (the PNG, or its <figure> with alt and caption), never as a widget view.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]

# Math: the local copy of MathJax 3 (copied to _static/mathjax at the end of the build).
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = [str(SITE / "static")]
html_css_files = ["series.css"]
html_favicon = str(SITE / "static" / "favicon.svg")  # a browser asks for one: no 404
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
# One colour scheme, the one audited (pydata-sphinx-theme logs a console error without it).
html_context = {"default_mode": "light"}
html_theme_options = {
    "repository_url": f"https://github.com/{navigation.REPOSITORY}",
    "repository_branch": "main",
    "path_to_docs": "notebooks",
    "use_repository_button": True,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # The theme's own launch buttons would name the staged file (index.ipynb); series_site
    # puts Binder and Colab links to the real notebook at the release on every page instead.
    "launch_buttons": {},
}

# series_site: where each page's notebook is, for its Binder and Colab links.
series_repository = navigation.REPOSITORY
series_release = navigation.RELEASE
series_mathjax = str(ROOT / "node_modules" / "mathjax" / "es5")
