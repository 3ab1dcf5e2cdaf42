"""Re-executing an unchanged notebook with tools/execute_notebooks.py changes no byte.

Issue 14, item 6: `make execute` on an unchanged notebook leaves `git diff` empty, so a
pull request shows only what really changed. What used to differ on every run: random
widget model ids (in every dashboard output and in the notebook's widget state), timings,
and PNGs that carried the matplotlib version. tools/execute_notebooks.py saves no widget
view and no widget state (a dashboard's output keeps its static picture), no timings, and
helpers.figures and helpers.dashboard encode their PNGs deterministically.

- test_a_small_notebook_executes_to_the_same_bytes_twice: a notebook written here, with a
  pyplot figure, a figure shown with helpers.figures.show and a dashboard, run twice.
- test_a_committed_notebook_reexecutes_to_its_committed_bytes (slow: CI=true or RUN_SLOW=1):
  notebooks/02_chain_rule.ipynb, copied with its folder, re-executed, equals the committed
  file byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXECUTE = ROOT / "tools" / "execute_notebooks.py"
COMMITTED = ROOT / "notebooks" / "02_chain_rule.ipynb"
RUN_SLOW = os.environ.get("CI") == "true" or os.environ.get("RUN_SLOW") == "1"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

CELLS = [
    "import matplotlib.pyplot as plt\n\nfrom helpers import figures, widgets",
    "fig, ax = plt.subplots(figsize=(4, 2.5))\nax.plot([0, 1, 2], [0, 1, 4], label='y = x^2')\n"
    "ax.legend();",
    "fig, ax = plt.subplots(figsize=(4, 2.5))\nax.plot([0, 1], [1, 0], **figures.series(1))\n"
    "figures.show(fig, alt='A dashed line falling from 1 to 0.')",
    "widgets.neuron_explorer()",
    "print('done')",
]


def execute(path: Path) -> bytes:
    """Run tools/execute_notebooks.py on ``path``; return the saved bytes."""
    subprocess.run(
        [sys.executable, str(EXECUTE), str(path)],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=600,
    )
    return path.read_bytes()


def test_a_small_notebook_executes_to_the_same_bytes_twice(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = tmp_path / "small.ipynb"
    nbformat.write(nb, path)
    first = execute(path)
    second = execute(path)
    saved = json.loads(first)
    outputs = [o for c in saved["cells"] for o in c.get("outputs", [])]
    assert not any(WIDGET_VIEW in o.get("data", {}) for o in outputs), "a widget view was saved"
    assert "widgets" not in saved["metadata"], "widget state (random model ids) was saved"
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3  # the dashboard's too
    assert first == second, "executing an unchanged notebook changed it"


@pytest.mark.slow
@pytest.mark.skipif(not RUN_SLOW, reason="slow: runs with CI=true or RUN_SLOW=1")
def test_a_committed_notebook_reexecutes_to_its_committed_bytes(tmp_path):
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns("*.ipynb"))
    copy = folder / COMMITTED.name
    shutil.copy(COMMITTED, copy)
    committed = COMMITTED.read_bytes()
    again = execute(copy)
    if again != committed:
        import difflib

        diff = difflib.unified_diff(
            committed.decode().splitlines(), again.decode().splitlines(), lineterm="", n=1
        )
        pytest.fail(
            f"re-executing {COMMITTED.name} changed it (run `make execute` and commit?):\n"
            + "\n".join(line[:160] for line in list(diff)[:40])
        )
