"""nbgitpuller links, one per notebook, for a course's JupyterHub.

A link such as ``https://HUB/hub/user-redirect/git-pull?repo=...&urlpath=...`` logs the
student in, clones (first click) or merges (later clicks) the repository into their home
folder, and opens the notebook. nbgitpuller never overwrites a file the student changed,
so a student's work survives later pulls. Prints a Markdown table to paste into the LMS::

    python tools/nbgitpuller_links.py --hub https://hub.example.edu \\
        --repo https://github.com/your-course/backprop-by-hand-students --branch main

``--repo`` should be the *student* repository (``make student-release`` pushed to a
repository of its own), never this one: its history holds the solutions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
INTERFACES = {"lab": "lab/tree", "notebook": "tree"}


def link(hub: str, repo: str, branch: str, notebook: str, interface: str = "lab") -> str:
    """The nbgitpuller link that opens ``notebook`` (a path inside the repository)."""
    for name, url in (("hub", hub), ("repo", repo)):
        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"{name} must be an http(s) URL such as https://host/path, got {url!r}"
            )
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {sorted(INTERFACES)}, got {interface!r}")
    folder = urlparse(repo).path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode(
        {
            "repo": repo,
            "branch": branch,
            "urlpath": f"{INTERFACES[interface]}/{folder}/{notebook}",
        },
        quote_via=quote,
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def table(hub: str, repo: str, branch: str, interface: str = "lab") -> str:
    """A Markdown table: one row per notebook of notebooks/, with its link."""
    rows = ["| notebook | link |", "|---|---|"]
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        url = link(hub, repo, branch, f"notebooks/{nb.name}", interface)
        rows.append(f"| {nb.stem} | [open on the hub]({url}) |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's URL, https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="the student repository's clone URL")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--interface", default="lab", choices=sorted(INTERFACES))
    args = parser.parse_args(argv)
    print(table(args.hub, args.repo, args.branch, args.interface))
    return 0


if __name__ == "__main__":
    sys.exit(main())
