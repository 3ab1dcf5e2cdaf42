"""Lint: `ruff check` and `ruff format --check` over the package, tests, tools, benchmarks
and the notebooks (settings in pyproject.toml's [tool.ruff]). `make format` fixes most of it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PATHS = [p for p in ("helpers", "tests", "benchmarks", "tools", "notebooks") if (ROOT / p).exists()]
RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    "command", [["check"], ["format", "--check"]], ids=["ruff-check", "ruff-format"]
)
def test_ruff(command):
    ruff = str(RUFF) if RUFF.exists() else "ruff"
    result = subprocess.run(
        [ruff, *command, *PATHS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, (
        f"`ruff {' '.join(command)}` found problems (`make format` fixes most):\n"
        + result.stdout
        + result.stderr
    )
