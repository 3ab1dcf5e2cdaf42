"""Run the helpers' tests and every notebook at the oldest versions the package supports.

    python tools/min_versions.py [pytest arguments]      (or: make test-min; CI runs it)
    python tools/min_versions.py --venv DIR [...]        keep the venv in DIR, reuse it next time

pyproject.toml declares lower bounds (numpy>=2.0, matplotlib>=3.10, ipywidgets>=7.7, ...),
at least as old as what Colab ships, so that the notebooks' bootstrap cell installs the
package there without replacing anything. This script checks those bounds are true: it makes
a fresh venv on Python 3.11, installs ``locks/min-py311.txt`` (every lower bound pinned
exactly, Colab's ipykernel, everything else locked with hashes; see tools/lock.py), installs
the package from this checkout without dependencies, and runs pytest there on

- every tracked test file that imports ``helpers`` (the tools' tests need the dev tools), and
- every notebook, with nbval against its committed outputs, in that venv's kernel.

It exits with pytest's exit code. What it tests is the kernel side: the JupyterLab frontend
that shows ipywidgets 7's sliders is the platform's, not ours.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _python  # tools/_python.py: sys.path[0] is tools/ when run as a script

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "locks" / "min-py311.txt"
VERSION = "3.11"
SHOWN = ("numpy", "matplotlib", "sympy", "scikit-learn", "ipywidgets", "pillow", "ipykernel")


def find_python(version: str = VERSION) -> str:
    """An interpreter for Python ``version`` (see ``tools/_python.py``), or exit saying so."""
    exe = _python.find_python(version)
    if exe is None:
        raise SystemExit(f"min_versions: needs Python {version} (locks/min-py311.txt); none found")
    return exe


def helper_tests() -> list[str]:
    """Tracked tests/test_*.py that import helpers (the ones a kernel environment can run)."""
    files = subprocess.run(
        ["git", "ls-files", "tests/test_*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    uses = re.compile(r"^(from helpers\b|import helpers\b)", re.M)
    # Tests of the dev-only tools (the site, the audits, the grader) need packages a kernel
    # environment does not have; `make test` runs them.
    dev_only = re.compile(
        r"^\s*(from|import) (playwright|otter|sphinx|myst_nb|axe_|assignments|hidden_tests)\b",
        re.M,
    )
    return [
        f
        for f in files
        if uses.search(text := (ROOT / f).read_text()) and not dev_only.search(text)
    ]


def step(cmd: list[str], env: dict) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=True)


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    keep = None
    if argv[:1] == ["--venv"]:
        if len(argv) < 2:
            raise SystemExit("min_versions: --venv needs a directory")
        keep, argv = Path(argv[1]).resolve(), argv[2:]
    python = find_python()
    with tempfile.TemporaryDirectory(prefix="min-versions-") as tmp:
        venv = keep or Path(tmp) / "venv"
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env.update(
            PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
            PYTHONNOUSERSITE="1",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
            JUPYTER_CONFIG_DIR=str(Path(tmp) / "jupyter-config"),  # this machine's config out
            JUPYTER_DATA_DIR=str(Path(tmp) / "jupyter-data"),
            PYDEVD_DISABLE_FILE_VALIDATION="1",  # ipykernel 6.17's debugger note on stderr
        )
        vpy = str(venv / "bin" / "python")
        if not (venv / "bin" / "python").exists():
            step([python, "-m", "venv", str(venv)], env)
        step([vpy, "-m", "pip", "install", "--quiet", "-r", str(LOCK)], env)
        step([vpy, "-m", "pip", "install", "--quiet", "--no-deps", "."], env)
        step([vpy, "-m", "pip", "check"], env)
        show = "import sys; from importlib.metadata import version as v; "
        show += "print('min_versions:', ', '.join(n + ' ' + v(n) for n in sys.argv[1:]))"
        step([vpy, "-c", show, *SHOWN], env)
        installed = time.perf_counter() - start
        notebooks = sorted(glob.glob("notebooks/[0-9][0-9]_*.ipynb", root_dir=ROOT))
        cmd = [vpy, "-m", "pytest", "-p", "no:randomly", *helper_tests(), *notebooks, *argv]
        print("+", " ".join(cmd[:4]), "... (helpers' tests and every notebook)", flush=True)
        code = subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode
    total = time.perf_counter() - start
    print(f"min_versions: install {installed:.0f} s, total {total:.0f} s, pytest exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
