"""Record timing end to end: JupyterLab and Notebook 7, with the shipped settings, save
each run's times.

Each starts as tests/test_browser.py starts it (its ``serve`` and ``browser``, reused), with
jupyter/overrides.json where ``make lab`` and ``make notebook`` install it: a file in the app
settings' ``overrides.d/`` (here a temporary copy of the venv's app settings folder, so the
test sees the repository's file even in a venv set up before it changed). A learner's first
few code cells of 01_forward_pass run one at a time, with a pause between them; the notebook
is saved, and the saved file must carry each cell's ``execution`` timestamps, in order, which
tools/timings.py turns into a positive active time. With Record timing off, the frontend
deletes that metadata instead, and the test fails.

Needs chromium as tests/test_browser.py does (skips without it, fails under
REQUIRE_BROWSER=1 or CI=true). One server at a time, one notebook, about half a minute each.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import pytest
import test_browser as tb
from test_browser import browser  # noqa: F401 (fixture, reused)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import timings  # noqa: E402

NOTEBOOK = "01_forward_pass.ipynb"
CELLS_TO_RUN = 4  # the setup cell, the imports, the first two computations
PAUSE_S = 2.0  # a learner reading between two runs
APP_SETTINGS = Path(sys.prefix) / "share/jupyter/lab/settings"  # where make lab puts them

RUN_CELL_JS = f"""
(index) => {{
  const panel = {tb.PANEL_JS};
  panel.content.activeCellIndex = index;
  window.jupyterapp.commands.execute('notebook:run-cell');
}}
"""

CELL_STATE_JS = f"""
(index) => {{
  const panel = {tb.PANEL_JS};
  const cell = panel.content.widgets[index].model;
  const kernel = panel.sessionContext.session?.kernel;
  return {{
    kernel: kernel ? kernel.status : 'none',
    count: cell.executionCount,
  }};
}}
"""

CODE_CELLS_JS = f"""
() => {{
  const panel = {tb.PANEL_JS};
  if (!panel || !panel.content || !panel.content.widgets.length) return null;
  return panel.content.widgets.map((c, i) => c.model.type === 'code' ? i : -1)
    .filter((i) => i >= 0);
}}
"""


# How each frontend is started and opens a notebook (as tests/test_browser.py does).
FRONTENDS = {
    "jupyterlab": ([], "/lab/tree/{}?reset"),
    "notebook": (["c.JupyterNotebookApp.expose_app_in_browser = True"], "/notebooks/{}"),
}


@pytest.fixture(scope="module", params=list(FRONTENDS))
def frontend(request, tmp_path_factory):
    """JupyterLab or Notebook 7 serving a copy of notebooks/, with jupyter/overrides.json in
    its app settings; yields its name, the URL that opens NOTEBOOK, the served folder."""
    tb.need_browser()
    config, path = FRONTENDS[request.param]
    tmp = tmp_path_factory.mktemp(f"timing-{request.param}")
    settings = tmp / "app-settings"
    if APP_SETTINGS.is_dir():
        shutil.copytree(APP_SETTINGS, settings)
    (settings / "overrides.d").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        ROOT / "jupyter" / "overrides.json", settings / "overrides.d" / "backprop-by-hand.json"
    )
    config = [*config, f"c.LabServerApp.app_settings_dir = {str(settings)!r}"]
    for url in tb.serve(tmp, request.param, config):
        yield request.param, url + path.format(NOTEBOOK), tmp / "root"


def test_record_timing_reaches_the_saved_notebook(frontend, browser, tmp_path):  # noqa: F811
    name, url, root = frontend
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(url, wait_until="domcontentloaded")
        tb.wait_for(page, tb.RUN_STATE_JS, lambda s: s["kernel"] == "idle", 120, "the kernel")
        code_cells = tb.wait_for(page, CODE_CELLS_JS, bool, 30, "the notebook's cells")
        ran = code_cells[:CELLS_TO_RUN]
        for index in ran:
            page.evaluate(RUN_CELL_JS, index)
            tb.wait_for(
                page,
                f"() => ({CELL_STATE_JS})({index})",
                lambda s: s["kernel"] == "idle" and s["count"] is not None,
                120,
                f"cell {index} to run",
            )
            time.sleep(PAUSE_S)
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        tb.wait_for(
            page,
            f"() => !{tb.PANEL_JS}.context.model.dirty",
            bool,
            30,
            "the notebook to be saved",
        )
    finally:
        page.screenshot(path=str(tmp_path / "timing.png"))
        page.close()

    saved = json.loads((root / NOTEBOOK).read_text())
    timed = [i for i, c in enumerate(saved["cells"]) if "execution" in c.get("metadata", {})]
    assert timed == ran, f"cells with execution timestamps: {timed}, cells run: {ran}"
    starts = []
    for index in ran:
        stamps = saved["cells"][index]["metadata"]["execution"]
        assert {"iopub.execute_input", "shell.execute_reply"} <= set(stamps), stamps
        start = timings.parse_time(stamps["iopub.execute_input"], root / NOTEBOOK)
        end = timings.parse_time(stamps["shell.execute_reply"], root / NOTEBOOK)
        assert start <= end, stamps
        starts.append(start)
    assert starts == sorted(starts), "the cells' runs are not in the order they were run"

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    shutil.copy(root / NOTEBOOK, submissions / NOTEBOOK)
    rows = timings.timings_folder(submissions, out=tmp_path / "timings.csv")
    (row,) = rows
    assert row["notebook"] == "01_forward_pass" and row["note"] == ""
    assert row["cells_run"] == CELLS_TO_RUN
    # At least the pauses between the runs (the CSV rounds to 0.01 min, 0.3 s either way).
    assert row["active_min"] * 60 >= (CELLS_TO_RUN - 1) * PAUSE_S - 0.3
    assert row["reached_exercises"] is False
    print(f"\nrecorded in {name}: {row}")
