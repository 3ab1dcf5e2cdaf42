"""The package as a learner gets it: a built wheel, not this checkout.

Builds the sdist from the tracked files and the wheel from that sdist (as ``python -m build``
does), then, in one fresh venv that holds the runtime lock (locks/runtime-py3XX.txt) and
nothing of this checkout:

- the wheel and the sdist hold every file of ``helpers/`` and declare lower bounds, no pins;
- ``test_wheel_runs_every_notebook``: the wheel installed (not editable, ``--no-index``, so
  the lock must already satisfy it) and nbval runs every notebook of a copy of notebooks/
  outside the checkout against its committed outputs, in that venv's kernel;
- ``test_bootstrap_installs_the_wheel_in_every_notebook``: with the package uninstalled
  before each notebook, its bootstrap cell installs the wheel named by
  ``BACKPROP_BY_HAND_SOURCE``, prints one line, the notebook runs to the end, and no other
  package (numpy, matplotlib, ipywidgets, ...) changed.

Slow (minutes) and needs pip's index for the build backend, so it runs when CI=true or
RUN_SLOW=1 (``RUN_SLOW=1 make test``); in CI nothing here may skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON_TAG = f"{sys.version_info[0]}{sys.version_info[1]}"
RUNTIME_LOCK = ROOT / "locks" / f"runtime-py{PYTHON_TAG}.txt"
KERNEL = "backprop-by-hand-package-test"
RUN = os.environ.get("CI") == "true" or os.environ.get("RUN_SLOW") == "1"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not RUN, reason="slow: runs with CI=true or RUN_SLOW=1"),
]


def run(cmd: list, cwd: Path | None = None, env: dict | None = None) -> str:
    """Run ``cmd``; on failure, fail the test with its output. Returns stdout."""
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {result.returncode}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result.stdout


def clean_env(**extra: str) -> dict:
    """This process's environment without anything pointing into the checkout or its venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1", **extra)
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """Build ``{"sdist": ..., "wheel": ...}``: the sdist from the tracked files, the wheel
    from the unpacked sdist, with the build backend pyproject names (no build isolation
    needed: it is installed into its own venv)."""
    tmp = tmp_path_factory.mktemp("dist")
    src, out = tmp / "src", tmp / "out"
    files = run(["git", "ls-files", "-z"], cwd=ROOT).split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    build_env = tmp / "build-env"
    run([sys.executable, "-m", "venv", build_env])
    python = build_env / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", *requires], env=clean_env())
    backend = "import sys; from setuptools import build_meta as b; print(b.build_{}(sys.argv[1]))"
    sdist = out / run([python, "-c", backend.format("sdist"), out], cwd=src).split()[-1]
    with tarfile.open(sdist) as tar:
        tar.extractall(tmp / "unpacked", filter="data")
    unpacked = next((tmp / "unpacked").iterdir())
    wheel = out / run([python, "-c", backend.format("wheel"), out], cwd=unpacked).split()[-1]
    return {"sdist": sdist, "wheel": wheel}


def package_files() -> set[str]:
    """Every tracked file of helpers/ (what the build sees): sources and data files."""
    return set(filter(None, run(["git", "ls-files", "-z", "helpers"], cwd=ROOT).split("\0")))


def test_wheel_and_sdist_hold_every_file_of_helpers(dist):
    with zipfile.ZipFile(dist["wheel"]) as whl:
        in_wheel = set(whl.namelist())
    with tarfile.open(dist["sdist"]) as tar:
        in_sdist = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    want = package_files()
    assert "helpers/exercises/__init__.py" in want
    assert want - in_wheel == set(), "missing from the wheel"
    assert want - in_sdist == set(), "missing from the sdist"


def test_wheel_declares_lower_bounds_not_pins(dist):
    """Pins would make pip replace Colab's numpy or ipywidgets; lower bounds keep them."""
    with zipfile.ZipFile(dist["wheel"]) as whl:
        meta = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [
            line.split(":", 1)[1].strip()
            for line in whl.read(meta).decode().splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line
        ]
    names = {r.split(">=")[0] for r in requires}
    assert {"numpy", "matplotlib", "ipywidgets", "sympy", "scikit-learn"} <= names, requires
    assert all(">=" in r and "==" not in r and "<" not in r for r in requires), requires


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory) -> Path:
    """A fresh venv with the runtime lock installed, and a kernelspec running it."""
    assert RUNTIME_LOCK.exists(), f"no lock for Python {PYTHON_TAG}: {RUNTIME_LOCK.name}"
    tmp = tmp_path_factory.mktemp("runtime")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", venv])
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet"]
    run([*pip, "-r", RUNTIME_LOCK], env=clean_env())
    kernel = tmp / "jupyter" / "kernels" / KERNEL
    kernel.mkdir(parents=True)
    spec = {
        "argv": [
            str(venv / "bin" / "python"),
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "package test",
        "language": "python",
    }
    (kernel / "kernel.json").write_text(json.dumps(spec))
    return venv


def jupyter_env(venv: Path, **extra: str) -> dict:
    """An environment in which Jupyter finds our kernelspec and the kernel finds no checkout."""
    return clean_env(JUPYTER_PATH=str(venv.parent / "jupyter"), **extra)


def notebooks_copy(tmp_path: Path) -> Path:
    """A copy of notebooks/ (with solutions/) in a folder that has no helpers beside it."""
    copy = tmp_path / "elsewhere" / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns(".ipynb_*"))
    return copy


def freeze(venv: Path) -> set[str]:
    """``{"numpy==2.4.6", ...}``: every package in ``venv``, pip and setuptools included."""
    out = run([venv / "bin" / "python", "-m", "pip", "freeze", "--all"], env=clean_env())
    return set(out.splitlines())


def uninstall_package(venv: Path) -> None:
    cmd = [venv / "bin" / "python", "-m", "pip", "uninstall", "--quiet", "-y", "backprop-by-hand"]
    subprocess.run([str(c) for c in cmd], env=clean_env(), capture_output=True, check=False)
    assert not any(p.startswith("backprop-by-hand") for p in freeze(venv))


def test_wheel_runs_every_notebook(dist, runtime_venv, tmp_path):
    python = runtime_venv / "bin" / "python"
    uninstall_package(runtime_venv)
    # --no-index: every dependency of the wheel must already be there, from the lock.
    run([python, "-m", "pip", "install", "--quiet", "--no-index", dist["wheel"]], env=clean_env())
    run([python, "-m", "pip", "check"], env=clean_env())
    where = run([python, "-c", "import helpers; print(helpers.__file__)"], cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(runtime_venv), where  # not the checkout
    copy = notebooks_copy(tmp_path)
    shutil.copy(ROOT / "tests" / "nbval_sanitize.cfg", tmp_path / "sanitize.cfg")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    notebooks = sorted(copy.glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 8
    cmd = [sys.executable, "-m", "pytest", "-c", tmp_path / "pytest.ini", "--rootdir", tmp_path]
    cmd += ["-p", "no:cacheprovider", "-q", "--nbval", f"--nbval-kernel-name={KERNEL}"]
    cmd += ["--nbval-sanitize-with", tmp_path / "sanitize.cfg", "--nbval-cell-timeout=300"]
    run([*cmd, *notebooks], cwd=tmp_path, env=jupyter_env(runtime_venv))


def test_bootstrap_installs_the_wheel_in_every_notebook(dist, runtime_venv, tmp_path, monkeypatch):
    """Each notebook, in a venv without helpers, installs the wheel and runs to the end."""
    from nbclient import NotebookClient

    copy = notebooks_copy(tmp_path)
    env = jupyter_env(runtime_venv, BACKPROP_BY_HAND_SOURCE=str(dist["wheel"]))
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])  # where nbclient finds KERNEL
    for path in sorted(copy.glob("[0-9][0-9]_*.ipynb")):
        uninstall_package(runtime_venv)
        before = freeze(runtime_venv)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb, kernel_name=KERNEL, timeout=600, resources={"metadata": {"path": str(copy)}}
        )
        client.execute(env=env)  # the kernel's environment: no checkout, the override set
        boot = next(c for c in nb.cells if "bootstrap" in c.metadata.get("tags", []))
        text = "".join(o.get("text", "") for o in boot.outputs if o.output_type == "stream")
        assert text == f"Installing the series' helpers with pip from {dist['wheel']} ...\n", (
            path.name,
            boot.outputs,
        )
        after = freeze(runtime_venv)
        added = after - before
        assert len(added) == 1 and next(iter(added)).startswith("backprop-by-hand"), added
        assert before - after == set(), f"{path.name}: the bootstrap replaced {before - after}"
