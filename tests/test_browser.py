"""Every notebook in a real browser: JupyterLab in headless Chromium, driven by playwright.

For each notebook in notebooks/: open it, run all cells, assert that no cell has an error
output and that every widget rendered, then move every slider with the keyboard (one arrow
key press forward and one back; toggle buttons too, with Space) and assert that the output
it drives changed. The time from the key press to the last change of the notebook's outputs
it caused is recorded per slider move and written, per notebook, to
test-artifacts/browser_latency.json (target: median <= 100 ms; measured here, never
asserted, see benchmarks/).

Notebook 7 (`jupyter notebook`) gets one notebook too: its sliders must move with arrow
keys there as well (test_notebook7_sliders_move_with_arrow_keys, `-k notebook7`), with the
settings the series ships in jupyter/overrides.json (see jupyter/README.md for why), as
tools/setup_env.py installs them into the venv.

The notebooks run from a temporary copy, so nothing in the working tree changes. Needs
Debian's chromium (/usr/bin/chromium, or $CHROMIUM); without it the test skips, unless
REQUIRE_BROWSER=1 (set by .ci/run) or CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# $BROWSER_NOTEBOOK_DIR tries the test on another folder of notebooks (default: notebooks/).
NOTEBOOK_DIR = Path(os.environ.get("BROWSER_NOTEBOOK_DIR", ROOT / "notebooks"))
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUN_ALL_TIMEOUT_S = 300  # one notebook, all cells
SETTLE_MS = 400  # a slider's output is complete when nothing changed for this long
CHANGE_TIMEOUT_S = 15  # a slider whose output has not changed by then fails

# Notebook-level settings for the test server: render every cell (no windowing), so each
# widget exists in the page, and no news or update checks (this machine has no network).
USER_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}

# In the page: a signature of everything the notebook shows as output, except the sliders
# themselves (their handles and readouts move with the key press, which is not the point).
WATCH_JS = """
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const skip = (el) => el.closest('.widget-readout, .noUi-target');
  const signature = () => {
    const parts = [];
    for (const area of notebook.querySelectorAll('.jp-OutputArea')) {
      const walker = document.createTreeWalker(
        area, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType === Node.TEXT_NODE) {
          if (!skip(node.parentElement)) parts.push(node.data);
        } else if (node.tagName === 'IMG') {
          parts.push(node.getAttribute('src') || '');
        } else if (node.tagName === 'CANVAS' || node.tagName === 'INPUT') {
          if (!skip(node)) parts.push(node.tagName + ':' + (node.value ?? node.toDataURL()));
        }
      }
    }
    return parts.join('\\u0001');
  };
  const state = { key: null, changes: [], last: signature() };
  if (window.__bbhObserver) window.__bbhObserver.disconnect();
  window.__bbhObserver = new MutationObserver(() => {
    const now = performance.now();
    const sig = signature();
    if (sig !== state.last) { state.last = sig; state.changes.push(now); }
  });
  window.__bbhObserver.observe(notebook, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
  document.addEventListener('keydown', () => { state.key = performance.now(); },
                            { capture: true, once: true });
  window.__bbhState = state;
}
"""

PANEL_JS = "window.jupyterapp?.shell?.currentWidget"

RUN_STATE_JS = f"""
() => {{
  const panel = {PANEL_JS};
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const kernel = panel.sessionContext.session?.kernel;
  const cells = panel.content.widgets.filter((c) => c.model.type === 'code');
  return {{
    kernel: kernel ? kernel.status : 'none',
    pending: cells.filter((c) => c.model.executionCount === null
                                 || c.promptNode?.textContent?.includes('*')).length,
    errors: cells.filter((c) => c.model.outputs.toJSON().some(
      (o) => o.output_type === 'error')).length,
    cells: cells.length,
  }};
}}
"""

OUTPUTS_JS = f"""
() => {{
  const panel = {PANEL_JS};
  const found = [];
  panel.content.widgets.forEach((cell, index) => {{
    if (cell.model.type !== 'code') return;
    for (const out of cell.model.outputs.toJSON()) {{
      if (out.output_type === 'error')
        found.push({{ cell: index, kind: 'error', text: out.ename + ': ' + out.evalue }});
      else if (out.output_type === 'stream' && out.name === 'stderr')
        found.push({{ cell: index, kind: 'stderr', text: String(out.text).slice(0, 500) }});
    }}
  }});
  return found;
}}
"""

WIDGETS_PENDING_JS = """
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const views = notebook.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]');
  const text = notebook.innerText;
  return {
    views: views.length,
    empty: [...views].filter((v) => !v.querySelector('.jupyter-widgets')).length,
    broken: /Error displaying widget|Error rendering output|model not found/.test(text),
  };
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_browser() -> None:
    """Skip (or fail, with REQUIRE_BROWSER=1 or in CI) when chromium or playwright is missing."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"chromium ({CHROMIUM}; `apt-get install chromium`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (requirements-dev.txt)")
    if missing:
        message = "browser test needs " + " and ".join(missing)
        if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
            pytest.fail(message + " (required here: REQUIRE_BROWSER=1 or CI=true)")
        pytest.skip(message)


def serve(tmp, module: str, config_lines: list[str]):
    """Start ``python -m <module>`` (jupyterlab or notebook) on a copy of the notebooks.

    Yields the server's URL and stops it afterwards. ``config_lines`` are added to the
    server's config file.
    """
    root = tmp / "root"
    shutil.copytree(NOTEBOOK_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "user-settings"
    for name, value in USER_SETTINGS.items():
        plugin, file = name.rsplit("/", 1)
        (settings / plugin).mkdir(parents=True, exist_ok=True)
        (settings / plugin / file).write_text(json.dumps(value))
    port = free_port()
    config = tmp / "jupyter_server_config.py"
    config.write_text(
        "from jupyterlab.galata import configure_jupyter_server\n"
        "configure_jupyter_server(c)  # no token, no browser, app exposed as window.jupyterapp\n"
        f"c.ServerApp.ip = '127.0.0.1'\n"
        f"c.ServerApp.port = {port}\n"
        f"c.ServerApp.root_dir = {str(root)!r}\n"
        f"c.LabServerApp.user_settings_dir = {str(settings)!r}\n"
        "c.ServerApp.allow_root = True  # CI runs as root\n"
        "c.LabApp.news_url = None\n"
        "c.LabApp.check_for_updates_class = 'jupyterlab.NeverCheckForUpdate'\n"
        + "".join(line + "\n" for line in config_lines)
    )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
    )
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", module, f"--config={config}"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"{module} did not start:\n" + (tmp / "server.log").read_text()[-3000:])
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """JupyterLab on a free localhost port, serving a copy of notebooks/; yields its URL."""
    need_browser()
    yield from serve(tmp_path_factory.mktemp("lab"), "jupyterlab", [])


# Where tools/setup_env.py installs jupyter/overrides.json: JupyterLab and Notebook 7 read it.
INSTALLED_OVERRIDES = (
    Path(sys.prefix) / "share/jupyter/lab/settings/overrides.d/backprop-by-hand.json"
)


@pytest.fixture(scope="module")
def notebook7_url(tmp_path_factory):
    """Notebook 7 on a free localhost port, serving a copy of notebooks/; yields its URL."""
    need_browser()
    shipped = (ROOT / "jupyter" / "overrides.json").read_text()
    if not INSTALLED_OVERRIDES.is_file() or INSTALLED_OVERRIDES.read_text() != shipped:
        pytest.fail(
            f"{INSTALLED_OVERRIDES} is missing or differs from jupyter/overrides.json: "
            "run the tests in a venv set up by tools/setup_env.py (`make test`)"
        )
    tmp = tmp_path_factory.mktemp("notebook7")
    yield from serve(tmp, "notebook", ["c.JupyterNotebookApp.expose_app_in_browser = True"])


@pytest.fixture(scope="module")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def latencies(request):
    """Collects each notebook's figures; writes and prints them when the module ends."""
    results: dict[str, dict] = {}
    yield results
    if not results:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    all_ms = [ms for r in results.values() for ms in r["samples_ms"]]
    summary = {
        "what": "key press on a slider handle to the last change of the notebook's outputs",
        "unit": "ms",
        "target_median_ms": 100,
        "median_ms": round(statistics.median(all_ms), 1) if all_ms else None,
        "notebooks": results,
    }
    path = ARTIFACTS / "browser_latency.json"
    path.write_text(json.dumps(summary, indent=2) + "\n")
    lines = [f"browser slider latency (key press -> output changed), written to {path}:"]
    lines.append(
        f"  {'notebook':32} {'sliders':>7} {'moves':>5} {'median':>8} {'max':>8} {'toggles':>8}"
    )
    for name, r in results.items():
        median = f"{r['median_ms']:.0f} ms" if r["median_ms"] is not None else "-"
        worst = f"{r['max_ms']:.0f} ms" if r["max_ms"] is not None else "-"
        moves = len(r["samples_ms"])
        toggles = r.get("toggle_groups", 0)
        lines.append(
            f"  {name:32} {r['sliders']:>7} {moves:>5} {median:>8} {worst:>8} {toggles:>8}"
        )
    if all_ms:
        lines.append(f"  all notebooks: median {summary['median_ms']:.0f} ms (target <= 100 ms)")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + "\n".join(lines))


def wait_for(page, script: str, done, timeout_s: float, what: str):
    """Poll ``script`` in the page until ``done(result)``; fail with ``what`` on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = page.evaluate(script)
        if result is not None and done(result):
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s:.0f} s waiting for {what}; last: {result}")
        time.sleep(0.2)


def move_control(page, handle, key: str) -> float | None:
    """Press ``key`` on ``handle`` (a slider's handle, a button).

    Returns the ms from the key press to the last change of the notebook's outputs, or None
    if nothing changed within CHANGE_TIMEOUT_S.
    """
    page.evaluate(WATCH_JS)
    handle.press(key)
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    while time.monotonic() < deadline:
        state = page.evaluate(
            "() => ({key: window.__bbhState.key, changes: window.__bbhState.changes,"
            " now: performance.now()})"
        )
        if state["changes"] and state["now"] - state["changes"][-1] > SETTLE_MS:
            return state["changes"][-1] - state["key"]
        time.sleep(0.05)
    return None


def run_all_cells(page, notebook) -> float:
    """In the open notebook: clear the outputs, run every cell, check it ran cleanly.

    Fails if a cell raised or printed a warning, or a widget did not render; returns the
    seconds that running every cell took.
    """
    wait_for(page, RUN_STATE_JS, lambda s: s["kernel"] == "idle", 120, "the kernel to start")
    # Clear the committed outputs first: every output and widget seen below is live.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    wait_for(page, RUN_STATE_JS, lambda s: s["pending"] == s["cells"], 30, "outputs to clear")
    start = time.perf_counter()
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    wait_for(
        page,
        RUN_STATE_JS,
        lambda s: s["kernel"] == "idle" and (s["pending"] == 0 or s["errors"] > 0),
        RUN_ALL_TIMEOUT_S,
        "all cells to run",
    )
    run_s = time.perf_counter() - start
    problems = page.evaluate(OUTPUTS_JS)
    errors = [p for p in problems if p["kind"] == "error"]
    warnings = [p for p in problems if p["kind"] == "stderr" and "Warning" in p["text"]]
    assert not errors, f"{notebook.name}: cells raised in the browser: {errors}"
    assert not warnings, f"{notebook.name}: cells printed warnings: {warnings}"
    widgets = wait_for(
        page,
        WIDGETS_PENDING_JS,
        lambda w: w["broken"] or w["empty"] == 0,
        60,
        "every widget to render",
    )
    assert not widgets["broken"], f"{notebook.name}: a widget failed to render"
    return run_s


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_every_slider_drives_its_output(notebook, lab_url, browser, latencies):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    shot = ARTIFACTS / "browser" / f"{notebook.stem}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    try:
        # ?reset: a fresh workspace, so no tab from an earlier notebook comes back.
        page.goto(f"{lab_url}/lab/tree/{notebook.name}?reset", wait_until="domcontentloaded")
        run_s = run_all_cells(page, notebook)
        handles = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .noUi-handle")
        samples, stuck = [], []
        skipped = []
        for i in range(handles.count()):
            handle = handles.nth(i)
            label = handle.evaluate(
                "h => h.closest('.widget-slider')?.querySelector('.widget-label')?.innerText || ''"
            )
            # A learner cannot move a hidden (e.g. an inactive tab's) or disabled slider either.
            if not handle.is_visible() or handle.evaluate(
                "h => h.closest('[disabled], .mod-disabled') !== null"
            ):
                skipped.append(f"slider {i} {label!r}")
                continue
            handle.scroll_into_view_if_needed()
            now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
            vertical = handle.evaluate("h => h.closest('.noUi-vertical') !== null")
            up, down = ("ArrowUp", "ArrowDown") if vertical else ("ArrowRight", "ArrowLeft")
            keys = (down, up) if now >= top else (up, down)
            for key in keys:
                before = handle.get_attribute("aria-valuenow")
                ms = move_control(page, handle, key)
                if ms is not None:
                    samples.append(round(ms, 1))
                elif handle.get_attribute("aria-valuenow") == before:
                    stuck.append(f"slider {i} {label!r}: {key} did not move its handle")
                else:
                    stuck.append(f"slider {i} {label!r} ({key}): its output did not change")
        # Toggle buttons (e.g. the activation) drive the same outputs: select another option
        # with the keyboard (Space on a focused button), then the first one again.
        toggles, toggle_samples = 0, []
        groups = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .widget-toggle-buttons")
        for j in range(groups.count()):
            buttons = groups.nth(j).locator("button")
            if not groups.nth(j).is_visible() or buttons.count() < 2:
                continue
            toggles += 1
            classes = [buttons.nth(k).get_attribute("class") or "" for k in range(buttons.count())]
            active = next((k for k, c in enumerate(classes) if "mod-active" in c), 0)
            other = 1 if active == 0 else 0
            for k in (other, active):
                button = buttons.nth(k)
                button.scroll_into_view_if_needed()
                ms = move_control(page, button, "Space")
                if ms is None:
                    stuck.append(f"toggle {j} option {button.inner_text()!r}: output unchanged")
                else:
                    toggle_samples.append(round(ms, 1))
        page.screenshot(path=str(shot), full_page=False)
        latencies[notebook.name] = {
            "run_all_s": round(run_s, 2),
            "sliders": handles.count(),
            "not_moved": skipped,
            "toggle_groups": toggles,
            "toggle_samples_ms": toggle_samples,
            "samples_ms": samples,
            "median_ms": round(statistics.median(samples), 1) if samples else None,
            "max_ms": max(samples) if samples else None,
            "page_errors": page_errors,
        }
        assert not stuck, f"{notebook.name}, within {CHANGE_TIMEOUT_S} s: {stuck}"
    except BaseException:
        page.screenshot(path=str(shot), full_page=False)
        raise
    finally:
        page.evaluate(f"() => {PANEL_JS}?.sessionContext?.shutdown()")
        page.close()


# Notebook 7 gets one notebook: four sliders (w, b, x, y_true) driving one dashboard.
NOTEBOOK7 = NOTEBOOK_DIR / "01_forward_pass.ipynb"
READOUT_JS = "h => h.closest('.widget-slider').querySelector('.widget-readout').innerText"


def test_notebook7_sliders_move_with_arrow_keys(notebook7_url, browser):
    """`jupyter notebook` opens a notebook, runs it, and arrow keys move every slider.

    The key goes to a slider's focused handle (Playwright's press focuses it first, as a
    click or Tab would); the handle's readout and the dashboard's output must both change,
    and the focus must stay on the handle (Notebook 7's own arrow-key shortcuts, which
    move between cells, must not take the key: see jupyter/README.md).
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    shot = ARTIFACTS / "browser" / "notebook7.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.goto(f"{notebook7_url}/notebooks/{NOTEBOOK7.name}", wait_until="domcontentloaded")
        run_all_cells(page, NOTEBOOK7)
        handles = page.locator(".jp-NotebookPanel .noUi-handle")
        moved, stuck = 0, []
        for i in range(handles.count()):
            handle = handles.nth(i)
            if not handle.is_visible():
                continue
            handle.scroll_into_view_if_needed()
            label = handle.evaluate(
                "h => h.closest('.widget-slider')?.querySelector('.widget-label')?.innerText || ''"
            )
            now, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
            keys = ("ArrowLeft", "ArrowRight") if now >= top else ("ArrowRight", "ArrowLeft")
            for key in keys:
                before = handle.evaluate(READOUT_JS)
                ms = move_control(page, handle, key)
                after = handle.evaluate(READOUT_JS)
                focused = handle.evaluate("h => document.activeElement === h")
                if after == before:
                    stuck.append(f"slider {label!r}: {key} left its readout at {before}")
                elif ms is None:
                    stuck.append(
                        f"slider {label!r}: {key} moved it ({before} -> {after}), "
                        "but the dashboard's output did not change"
                    )
                elif not focused:
                    stuck.append(f"slider {label!r}: {key} took the focus off the handle")
                else:
                    moved += 1
        page.screenshot(path=str(shot), full_page=False)
        assert moved >= 2 and not stuck, f"Notebook 7, {NOTEBOOK7.name}: {moved} moves; {stuck}"
    except BaseException:
        page.screenshot(path=str(shot), full_page=False)
        raise
    finally:
        page.evaluate(f"() => {PANEL_JS}?.sessionContext?.shutdown()")
        page.close()
