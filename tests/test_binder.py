"""Binder: the real repo2docker reads binder/ and installs our pinned requirements on 3.12.

`make binder-replay` (run by CI) goes further: it replays the Dockerfile's install steps in a
fresh venv and executes the notebooks there. This test only asks repo2docker what it would
build (`--no-build` needs no Docker engine).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def requirement_lines(path: Path) -> list[str]:
    """The requirement lines of ``path``, following ``-r`` as pip does (relative to the file)."""
    lines = []
    for raw in path.read_text().splitlines():
        line = raw.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            lines += requirement_lines((path.parent / line[3:].strip()).resolve())
        else:
            lines.append(line)
    return lines


@pytest.fixture(scope="module")
def dockerfile() -> str:
    exe = Path(sys.executable).with_name("jupyter-repo2docker")
    if not exe.exists():
        exe = shutil.which("jupyter-repo2docker")
    assert exe, "jupyter-repo2docker is missing: it is pinned in requirements-dev.txt"
    cmd = [str(exe), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan"]
    result = subprocess.run(
        [*cmd, str(ROOT)], capture_output=True, text=True, timeout=300, check=False
    )
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    return text


def test_binder_folder_holds_only_what_repo2docker_needs():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.12"
    assert (BINDER / "requirements.txt").exists()
    # No environment.yml: it would switch repo2docker to conda and ignore requirements.txt.
    assert not (BINDER / "environment.yml").exists()


def test_binder_requirements_are_the_312_lock_and_postbuild_installs_helpers():
    pinned = requirement_lines(ROOT / "requirements.txt")
    assert pinned and all("==" in line for line in pinned), pinned
    # pip reads `-r` relative to binder/requirements.txt; tests/test_lock.py checks that the
    # lock holds every pin of requirements.txt at its version.
    lines = [
        line.strip()
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == ["-r ../locks/runtime-py312.txt"]
    assert (ROOT / "locks" / "runtime-py312.txt").exists()
    # The package itself, not editable (as a JupyterHub image has it), without dependencies,
    # run by repo2docker from the repository root (the Dockerfile's WORKDIR ${REPO_DIR}).
    post = BINDER / "postBuild"
    assert post.stat().st_mode & 0o111, "binder/postBuild must be executable"
    commands = [
        line.strip()
        for line in post.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[:2] == [
        "set -euo pipefail",
        '"${KERNEL_PYTHON_PREFIX}/bin/pip" install --no-cache-dir --no-deps .',
    ]
    # Notebook 7's arrow-key settings (jupyter/README.md), where JupyterLab reads overrides.
    assert 'settings="${NB_PYTHON_PREFIX}/share/jupyter/lab/settings/overrides.d"' in commands
    assert 'cp jupyter/overrides.json "${settings}/backprop-by-hand.json"' in commands
    assert (ROOT / "jupyter" / "overrides.json").exists()


def test_repo2docker_uses_python_3_12(dockerfile):
    assert "Building conda environment for python=3.12" in dockerfile
    assert re.search(r"environment-2epy-2d3-2e12-2dlinux", dockerfile), "no 3.12 lock file"


def test_repo2docker_installs_our_requirements_after_copying_the_repository(dockerfile):
    copy = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    workdir = dockerfile.index("WORKDIR ${REPO_DIR}")
    install = (
        'RUN ${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "binder/requirements.txt"'
    )
    assert dockerfile.count(install) == 1, "binder/requirements.txt is not installed exactly once"
    # After the whole repository is in place, so ../requirements.txt and `.` exist, from the root.
    assert workdir < copy < dockerfile.index(install)
    # The root requirements.txt and pyproject are not installed a second time.
    assert 'install --no-cache-dir -r "requirements.txt"' not in dockerfile
    assert "pip install --no-cache-dir .\n" not in dockerfile
    # postBuild (the package) runs after the requirements.
    assert dockerfile.index(install) < dockerfile.index("RUN ./binder/postBuild")
