"""Build the series' website into build/site/ from the notebooks' committed outputs (make site).

    python tools/build_site.py                 build build/site (front page build/site/index.html)
    python tools/build_site.py --out DIR       build into DIR instead (tests use a tmp dir)
    python tools/build_site.py --notebooks DIR a site of another folder of notebooks

Nothing is executed: Sphinx with MyST-NB (configuration in site/conf.py) renders what each
notebook in notebooks/ has saved. Steps:

1. MathJax from npm (package.json, package-lock.json): ``npm ci`` when node_modules does not
   hold the locked version. It is copied into the site, never fetched from a CDN.
2. Stage the notebooks in build/site-src: every ``notebooks/NN_*.ipynb`` (solutions/ is not
   a page), ``00_index`` as ``index`` (the front page) with a hidden table of contents made
   from the file names; the navigation cells (the theme has previous/next and contents) and
   their Colab badge images dropped; the bootstrap cell hidden; links to ``00_index.ipynb``
   pointed at ``index.ipynb`` and links to other repository files at GitHub.
3. ``sphinx-build -b html`` into build/site (the doctree cache in build/site-cache keeps a
   rebuild of unchanged notebooks quick).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import navigation  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
SITE = ROOT / "site"
BUILD = ROOT / "build"
INDEX = navigation.INDEX  # 00_index.ipynb
LINK = re.compile(r"(\]\()([^)\s]+)(\))")  # a markdown link's target: [text](target)


def ensure_mathjax() -> Path:
    """node_modules/mathjax at package-lock.json's version (``npm ci`` when it is not)."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    wanted = lock["packages"]["node_modules/mathjax"]["version"]
    installed = ROOT / "node_modules" / "mathjax" / "package.json"
    if installed.is_file() and json.loads(installed.read_text())["version"] == wanted:
        return installed.parent / "es5"
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("build_site: npm is needed once to bring MathJax (apt-get install npm)")
    print(f"build_site: npm ci (MathJax {wanted}) ...", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return installed.parent / "es5"


def rewrite_link(target: str, pages: set[str]) -> str:
    """A link as the site needs it: notebooks to their page, other repository files to GitHub."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):  # a URL, an anchor, an absolute path
        return target
    path, _, anchor = target.partition("#")
    if path == INDEX:
        path = "index.ipynb"
    elif path not in pages:  # e.g. solutions/ex04_x.py or ../helpers/x.py: shown on GitHub
        repo = f"https://github.com/{navigation.REPOSITORY}/blob/{navigation.RELEASE}"
        parts = Path("notebooks", path).parts
        resolved: list[str] = []
        for part in parts:
            if part == "..":
                resolved = resolved[:-1]
            elif part != ".":
                resolved.append(part)
        path = f"{repo}/{'/'.join(resolved)}"
    return f"{path}#{anchor}" if anchor else path


def stage_notebook(path: Path, pages: set[str], toc: list[str]) -> dict:
    """The notebook at ``path`` as the site reads it (see the module docstring)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "nav" in tags:
            continue
        if "bootstrap" in tags:
            cell["metadata"]["tags"] = [*tags, "remove-cell"]
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            cell["source"] = LINK.sub(
                lambda m: m.group(1) + rewrite_link(m.group(2), pages) + m.group(3), source
            )
        cells.append(cell)
    if toc:  # the front page: every other notebook, in file-name order, for the sidebar
        entries = "\n".join(toc)
        cells.append(
            {
                "cell_type": "markdown",
                "id": "site-contents",
                "metadata": {},
                "source": f"```{{toctree}}\n:hidden:\n:maxdepth: 1\n\n{entries}\n```",
            }
        )
    nb["cells"] = cells
    return nb


def stage(source_dir: Path, notebooks: Path = NOTEBOOKS) -> list[str]:
    """Write the staged notebooks into ``source_dir``; return the page names, in order."""
    paths = navigation.notebook_paths(notebooks)
    names = [p.name for p in paths]
    if INDEX not in names:
        sys.exit(f"build_site: notebooks/{INDEX} (the front page) is missing")
    pages = set(names)
    toc = [p.stem for p in paths if p.name != INDEX]
    wanted = {}
    for path in paths:
        front = path.name == INDEX
        staged = stage_notebook(path, pages, toc if front else [])
        wanted["index.ipynb" if front else path.name] = json.dumps(staged, indent=1) + "\n"
    source_dir.mkdir(parents=True, exist_ok=True)
    for old in source_dir.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        target = source_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")  # unchanged files keep their mtime
    return ["index", *toc]


def build(out: Path, work: Path = BUILD, notebooks: Path = NOTEBOOKS) -> list[str]:
    """Build the site into ``out``; return its page names (``index`` first).

    ``work`` holds the staged notebooks (site-src) and Sphinx's cache (site-cache).
    """
    missing = [m for m in ("sphinx", "myst_nb", "sphinx_book_theme") if not find_spec(m)]
    if missing:
        sys.exit(
            f"build_site: {', '.join(missing)} missing from {sys.executable}: they are in "
            "requirements-dev.txt (make site installs them)"
        )
    ensure_mathjax()
    source_dir = work / "site-src"
    pages = stage(source_dir, notebooks)
    if out.exists():
        shutil.rmtree(out)
    command = [
        sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
        "-c", str(SITE), "-d", str(work / "site-cache" / "doctrees"),
        str(source_dir), str(out),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD / "site", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=BUILD, help="folder for the staged notebooks and the cache"
    )
    parser.add_argument(
        "--notebooks", type=Path, default=NOTEBOOKS, help="folder of NN_*.ipynb (notebooks/)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build(args.out.resolve(), args.work.resolve(), args.notebooks.resolve())
    seconds = time.perf_counter() - start
    print(f"build_site: {len(pages)} pages in {seconds:.1f} s: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
