"""Replay Binder's install steps in a fresh venv and execute notebooks there.

    python tools/binder_replay.py [notebooks/NN_name.ipynb ...]   (or: make binder-replay)

Binder builds its image with repo2docker from ``binder/``. This script asks the real
``jupyter-repo2docker --no-build --debug`` for the Dockerfile it would build, takes the
Python version it chose and every ``pip install`` step it runs in the kernel environment
(binder/requirements.txt: the 3.12 lock, hash-checked) and the ``binder/postBuild`` steps (the
package itself, not editable), and replays those steps, unchanged, in a fresh venv from the
repository root. Then it
executes the notebooks with that venv's ``jupyter nbconvert`` (all of them unless some are
named) and checks the kernel really ran on the venv's Python.

What differs from a real Binder build: no Docker, no conda base environment (repo2docker's
lock file with its own JupyterLab, which our pinned one replaces anyway), and the Python
interpreter comes from this machine. If no interpreter of the version Binder uses is found
(``$BINDER_PYTHON``, ``pythonX.Y`` on PATH, pyenv's versions), the replay runs on the
current Python and says so loudly.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _python  # tools/_python.py: sys.path[0] is tools/ when run as a script

ROOT = Path(__file__).resolve().parent.parent


def repo2docker_dockerfile(repo: Path = ROOT) -> str:
    """Return what ``jupyter-repo2docker --no-build --debug`` prints for ``repo``."""
    exe = Path(sys.executable).with_name("jupyter-repo2docker")
    cmd = [str(exe) if exe.exists() else "jupyter-repo2docker"]
    cmd += ["--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(repo)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    text = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{text}")
    return text


def python_version(dockerfile: str) -> str:
    """The ``X.Y`` Python version repo2docker chose, e.g. ``'3.12'``."""
    match = re.search(r"environment for python=(\d+\.\d+)", dockerfile)
    if not match:
        raise RuntimeError("cannot find the Python version in repo2docker's output")
    return match.group(1)


def kernel_pip_steps(dockerfile: str) -> list[str]:
    """Every ``RUN ...pip install...`` and postBuild step run after the repository is copied."""
    copied = dockerfile.find("src/ ${REPO_DIR}/")
    if copied < 0:
        raise RuntimeError("repo2docker's Dockerfile never copies the repository in")
    steps = []
    for line in dockerfile[copied:].splitlines():
        if line.startswith("RUN ") and ("/bin/pip install" in line or "binder/postBuild" in line):
            steps.append(line[len("RUN ") :])
    return steps


def find_python(version: str) -> tuple[str, bool]:
    """Return (interpreter, True) for Python ``version``, or (sys.executable, False)."""
    exe = _python.find_python(version, extra=(os.environ.get("BINDER_PYTHON", ""),))
    return (exe, True) if exe else (sys.executable, False)


def run(cmd: list[str] | str, env: dict, **kwargs) -> None:
    print("+", cmd if isinstance(cmd, str) else " ".join(cmd), flush=True)
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    dockerfile = repo2docker_dockerfile()
    version = python_version(dockerfile)
    steps = kernel_pip_steps(dockerfile)
    if not steps:
        raise RuntimeError("repo2docker's Dockerfile has no pip install step for the kernel")
    python, exact = find_python(version)
    if exact:
        print(f"binder-replay: Binder uses Python {version}; replaying with {python}")
    else:
        found = f"{sys.version_info[0]}.{sys.version_info[1]}"
        print(
            f"binder-replay: WARNING: no Python {version} interpreter on this machine "
            f"(set BINDER_PYTHON); replaying with Python {found} at {python} instead",
            flush=True,
        )

    notebooks = argv or sorted(glob.glob(str(ROOT / "notebooks" / "[0-9][0-9]_*.ipynb")))
    with tempfile.TemporaryDirectory(prefix="binder-replay-") as tmp:
        venv = Path(tmp) / "kernel-env"
        out_dir = Path(tmp) / "executed"
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        env.update(
            KERNEL_PYTHON_PREFIX=str(venv),
            NB_PYTHON_PREFIX=str(venv),
            REPO_DIR=str(ROOT),
            PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
            PYTHONNOUSERSITE="1",
            # Keep this machine's Jupyter config and kernels out of the replay.
            JUPYTER_CONFIG_DIR=str(Path(tmp) / "jupyter-config"),
            JUPYTER_DATA_DIR=str(Path(tmp) / "jupyter-data"),
            PIP_DISABLE_PIP_VERSION_CHECK="1",
            PIP_QUIET="1",
        )
        run([python, "-m", "venv", str(venv)], env)
        # repo2docker's conda base environment ships a current pip; so does this venv.
        run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-U", "pip"], env)
        for step in steps:  # exactly as the Dockerfile runs them, from the repository root
            run(["bash", "-c", step], env)
        run([str(venv / "bin" / "python"), "-m", "pip", "check"], env)
        # The package as a JupyterHub gets it: installed in the venv, not this checkout.
        where = subprocess.run(
            [str(venv / "bin" / "python"), "-c", "import helpers; print(helpers.__file__)"],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if not Path(where).is_relative_to(venv):
            raise RuntimeError(f"helpers is imported from {where}, not from the replay venv")
        for nb in notebooks:
            t0 = time.perf_counter()
            run(
                [
                    str(venv / "bin" / "jupyter"),
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--ExecutePreprocessor.timeout=600",
                    "--output-dir",
                    str(out_dir),
                    str(nb),
                ],
                env,
            )
            executed = json.loads((out_dir / Path(nb).name).read_text())
            kernel_version = executed["metadata"].get("language_info", {}).get("version", "")
            want = subprocess.run(
                [
                    str(venv / "bin" / "python"),
                    "-c",
                    "import platform; print(platform.python_version())",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            if kernel_version != want:
                raise RuntimeError(
                    f"{nb} ran on Python {kernel_version!r}, not the replay venv's {want}"
                )
            print(
                f"binder-replay: {Path(nb).name} executed on Python {kernel_version} "
                f"in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
    print(f"binder-replay: OK, {len(notebooks)} notebook(s), {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
