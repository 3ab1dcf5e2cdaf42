"""Generate the series' navigation from the notebooks' file names; never edit it by hand.

    python tools/navigation.py            update everything (or: make nav)
    python tools/navigation.py --check    exit 1 and say what is out of date, change nothing
    python tools/navigation.py notebooks/01_forward_pass.ipynb ...
                                          write navigation cells into these notebooks only
                                          (the index's contents and the README are always done)

From ``notebooks/NN_snake_case.ipynb`` (titles from each notebook's first ``# `` heading,
purposes from its ``**Purpose:**`` line) it writes:

- a markdown cell tagged ``nav`` at the top and at the bottom of every notebook:
  ``[← previous](...) | [contents](00_index.ipynb) | [next →](...)`` and an Open in Colab
  badge for that notebook at the release ``RELEASE``;
- a code cell tagged ``bootstrap`` right after the top nav cell: when there is no ``helpers``
  to import (Colab, Kaggle, a bare kernel) it pip-installs the series' package from the release
  (or from ``$BACKPROP_BY_HAND_SOURCE``); otherwise it does nothing and prints nothing;
- the markdown cell tagged ``contents`` in ``notebooks/00_index.ipynb`` (inserted before
  the ``## Notation`` cell, or at the end, if the index has none yet);
- the README's contents between ``<!-- contents:start -->`` and ``<!-- contents:end -->``,
  with an Open in Colab badge per notebook, and its Binder badge between
  ``<!-- binder:start -->`` and ``<!-- binder:end -->``.

It only touches cells tagged ``nav``, ``contents`` (markdown) or ``bootstrap`` (a code cell
that prints nothing where helpers is installed), so notebooks need no re-execution. Running
it twice changes nothing the second time. Each file is re-read right before it is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
INDEX = "00_index.ipynb"

# The GitHub repository the badges launch: the one place its slug is written. RELEASE is the
# tag the notebooks belong to: Colab opens them there and their bootstrap cell installs the
# helpers from there (tests/test_navigation.py checks it is "v" + pyproject's version).
REPOSITORY = "backprop-by-hand/backprop-by-hand"
RELEASE = "v0.1.0"
BINDER_URL = f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?urlpath=lab/tree/notebooks/{INDEX}"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
INSTALL_SOURCE = f"git+https://github.com/{REPOSITORY}@{RELEASE}"
SOURCE_VARIABLE = "BACKPROP_BY_HAND_SOURCE"

NAME = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
NAV_TAG, CONTENTS_TAG, BOOTSTRAP_TAG = "nav", "contents", "bootstrap"

BOOTSTRAP = f"""\
# @title Setup for Colab or Kaggle (does nothing on Binder or after make lab): install helpers
import importlib.util
import os
import subprocess
import sys

if importlib.util.find_spec("helpers") is None:
    release = "{INSTALL_SOURCE}"
    source = os.environ.get("{SOURCE_VARIABLE}", release)
    print(f"Installing the series' helpers with pip from {{source}} ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)
    importlib.invalidate_caches()"""


@dataclass
class Notebook:
    path: Path
    title: str
    purpose: str


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The series' notebooks, in order: ``notebooks/NN_snake_case.ipynb``."""
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    bad = [p.name for p in paths if not NAME.match(p.name)]
    if bad:
        raise SystemExit(f"notebook names must be NN_snake_case.ipynb: {bad}")
    return paths


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def describe(path: Path) -> Notebook:
    """Title from the first ``# `` heading outside the nav cells; purpose from its line."""
    nb = nbformat.read(path, as_version=4)
    title = purpose = ""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or {NAV_TAG, CONTENTS_TAG} & set(tags(cell)):
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("# "):
                title = line[2:].strip()
                for rest in lines[i + 1 :]:
                    m = re.match(r"\*\*Purpose:?\*\*:?\s*(.+)", rest.strip())
                    if m:
                        purpose = m.group(1).strip()
                        break
                break
        if title:
            break
    if not title:  # a notebook still being written: fall back to its file name
        title = path.stem[3:].replace("_", " ").capitalize()
    return Notebook(path, title, purpose)


def colab_url(name: str) -> str:
    """Where Colab opens ``notebooks/<name>`` at the release the notebooks belong to."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{RELEASE}/notebooks/{name}"


def colab_badge(name: str) -> str:
    return f"[![Open in Colab]({COLAB_BADGE})]({colab_url(name)})"


def nav_line(paths: list[Path], i: int) -> str:
    """``[← previous](...) | [contents](00_index.ipynb) | [next →](...) | Colab`` for i."""
    parts = []
    if i > 0:
        parts.append(f"[← previous]({paths[i - 1].name})")
    if paths[i].name != INDEX:
        parts.append(f"[contents]({INDEX})")
    if i + 1 < len(paths):
        parts.append(f"[next →]({paths[i + 1].name})")
    parts.append(colab_badge(paths[i].name))
    return " | ".join(parts)


def contents_cell(series: list[Notebook]) -> str:
    lines = ["## Contents", ""]
    for nb in series:
        if nb.path.name == INDEX:
            continue
        purpose = f": {nb.purpose}" if nb.purpose else ""
        lines.append(f"- [{nb.title}]({nb.path.name}){purpose}")
    return "\n".join(lines)


def readme_contents(series: list[Notebook]) -> str:
    lines = []
    for nb in series:
        purpose = f": {nb.purpose}" if nb.purpose else ""
        badge = colab_badge(nb.path.name)
        lines.append(f"- [{nb.title}](notebooks/{nb.path.name}) {badge}{purpose}")
    return "\n".join(lines)


def binder_badge() -> str:
    return f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({BINDER_URL})"


def markdown_cell(source: str, tag: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [tag]
    return cell


def with_nav(nb, line: str) -> bool:
    """Put a nav cell with ``line`` first and last in ``nb``; return True if it changed."""
    before = [(c.cell_type, c.source, tags(c)) for c in nb.cells]
    navs = [c for c in nb.cells if NAV_TAG in tags(c)]
    body = [c for c in nb.cells if NAV_TAG not in tags(c)]
    top = navs[0] if navs else markdown_cell(line, NAV_TAG)
    bottom = navs[-1] if len(navs) > 1 else markdown_cell(line, NAV_TAG)
    for cell in (top, bottom):
        cell.cell_type = "markdown"
        cell.source = line
    nb.cells = [top, *body, bottom]
    return before != [(c.cell_type, c.source, tags(c)) for c in nb.cells]


def _cell_state(cell) -> tuple:
    """What :func:`with_bootstrap` may change in a cell: type, source and all metadata."""
    return cell.cell_type, cell.source, json.dumps(cell.metadata, sort_keys=True)


def with_bootstrap(nb) -> bool:
    """Put the ``bootstrap`` code cell after the top nav and title cells; True if it changed."""
    before = [_cell_state(c) for c in nb.cells]
    cells = [c for c in nb.cells if BOOTSTRAP_TAG in tags(c)]
    if cells:
        cell = cells[0]
    else:
        cell = nbformat.v4.new_code_cell(BOOTSTRAP)
        cell.metadata["tags"] = [BOOTSTRAP_TAG]
    cell.source = BOOTSTRAP
    # Collapsed in JupyterLab and Notebook 7 (a "..." to click), a form in Colab (# @title):
    # a learner reads the lesson first, not the install line it needs only off Binder.
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    cell.metadata["cellView"] = "form"
    body = [c for c in nb.cells if BOOTSTRAP_TAG not in tags(c)]
    # After the top nav line and the title cell: a learner meets the lesson's title first.
    at = 1 if body and NAV_TAG in tags(body[0]) else 0
    if at < len(body) and body[at].cell_type == "markdown" and body[at].source.startswith("# "):
        at += 1
    nb.cells = [*body[:at], cell, *body[at:]]
    return before != [_cell_state(c) for c in nb.cells]


def with_contents(nb, source: str) -> bool:
    """Set the index's ``contents`` cell to ``source`` (inserting it if missing)."""
    cells = [c for c in nb.cells if CONTENTS_TAG in tags(c)]
    if cells:
        changed = cells[0].source != source
        cells[0].source = source
        return changed
    at = next(
        (i for i, c in enumerate(nb.cells) if c.source.lstrip().startswith("## Notation")),
        None,
    )
    if at is None:  # before the bottom nav cell, if there is one
        at = len(nb.cells) - (1 if nb.cells and NAV_TAG in tags(nb.cells[-1]) else 0)
    nb.cells.insert(at, markdown_cell(source, CONTENTS_TAG))
    return True


def between(text: str, marker: str, body: str) -> str:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"README.md has no {start} ... {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def update(check: bool, only: set[Path] | None = None, root: Path = ROOT) -> list[str]:
    """Bring everything up to date (or, with ``check``, list what is not); return the list."""
    paths = notebook_paths(root / "notebooks")
    series = [describe(p) for p in paths]
    stale = []
    for i, path in enumerate(paths):
        if only is not None and path.resolve() not in only and path.name != INDEX:
            continue
        nb = nbformat.read(path, as_version=4)  # re-read right before writing
        changed = with_nav(nb, nav_line(paths, i))
        changed |= with_bootstrap(nb)
        if path.name == INDEX:
            changed |= with_contents(nb, contents_cell(series))
        if changed:
            stale.append(str(path.relative_to(root)))
            if not check:
                nbformat.write(nb, path)
    readme = root / "README.md"
    text = readme.read_text()
    new = between(text, "contents", readme_contents(series))
    new = between(new, "binder", binder_badge())
    if new != text:
        stale.append("README.md")
        if not check:
            readme.write_text(new)
    return stale


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("notebooks", nargs="*", type=Path, help="limit nav cells to these")
    args = parser.parse_args(argv)
    only = {p.resolve() for p in args.notebooks} if args.notebooks else None
    stale = update(args.check, only)
    if args.check:
        if stale:
            print("navigation out of date (run `make nav`): " + ", ".join(stale))
            return 1
        print("navigation up to date")
    else:
        print("updated: " + ", ".join(stale) if stale else "navigation already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
