"""Accessibility audit of the notebooks' outputs in JupyterLab (issue 14, item 4).

JupyterLab runs in headless Chromium (the server and browser fixtures of
tests/test_browser.py, reused), and axe-core (the copy PyPI's axe-playwright-python ships)
audits what the notebooks show. The audit is scoped to the notebook's output areas
(``.jp-OutputArea-output``: figures, dashboards, readouts, printed text), not JupyterLab's
own menus, toolbars and editors, which the series does not control.

- test_static_outputs: every notebook as it opens, before it is run (the committed outputs:
  the static pictures of the dashboards). No serious or critical axe violation, no
  "Error displaying widget", no widget repr, and every figure shows with alt text.
- test_live_dashboards: LIVE notebooks (01 and 03 by default, every notebook with
  A11Y_LIVE=all) run with every dashboard rendered as widgets. No serious or critical
  violation; every slider handle has an accessible name and reads its value as the readout
  shows it (``0.1``, never ``0.09999999999999964``), also after a key press; and 9 figure
  points are at least 9 CSS points (12 CSS pixels) on screen, as each figure is shown.

Counts by impact and rule go to test-artifacts/a11y_lab.json under $A11Y_LABEL (default
"after"), so a run on an older checkout (A11Y_LABEL=before) sits beside it. Skips without
chromium, playwright or axe-playwright-python, unless REQUIRE_BROWSER=1 or CI=true.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import test_browser as tb
from test_browser import browser, lab_url  # noqa: F401 (fixtures, reused)

LABEL = os.environ.get("A11Y_LABEL", "after")
ARTIFACT = tb.ARTIFACTS / "a11y_lab.json"
LIVE_NAMES = ("01_forward_pass", "03_gradient_descent")
LIVE = [p for p in tb.NOTEBOOKS if os.environ.get("A11Y_LIVE") == "all" or p.stem in LIVE_NAMES]
BLOCKING = ("serious", "critical")
OUTPUTS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"
NOISE = re.compile(r"\d\.\d*(?:0{6,}|9{6,})\d")  # 0.09999999999999964, 0.30000000000000004
MIN_CSS_PX = 12.0  # 9 CSS points


def axe_source() -> str:
    """axe-core's script, from axe-playwright-python (or $AXE_JS); skips/fails without it."""
    path = os.environ.get("AXE_JS")
    if not path:
        try:
            import axe_playwright_python
        except ImportError:
            message = "the audit needs axe-playwright-python (requirements-dev.txt)"
            if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return Path(path).read_text()


@pytest.fixture(scope="module")
def axe():
    tb.need_browser()
    return axe_source()


@pytest.fixture(scope="module")
def report():
    """{notebook: {phase: counts}}; merged into the artifact under LABEL at the end."""
    results: dict = {}
    yield results
    if not results:
        return
    old = json.loads(ARTIFACT.read_text()) if ARTIFACT.is_file() else {}
    old.setdefault("what", "axe-core violations (nodes) in JupyterLab's notebook output areas")
    mine = old.setdefault(LABEL, {})
    for name, phases in results.items():
        mine.setdefault(name, {}).update(phases)
    for label, notebooks in old.items():
        if isinstance(notebooks, dict) and label != "what":
            notebooks.pop("total", None)
            total: dict = {}
            for phases in notebooks.values():
                for phase, counts in phases.items():
                    into = total.setdefault(phase, {})
                    for impact, n in counts["by_impact"].items():
                        into[impact] = into.get(impact, 0) + n
            notebooks["total"] = {p: {"by_impact": t, "rules": {}} for p, t in total.items()}
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(old, indent=2, sort_keys=True) + "\n")


AUDIT_JS = """
async (selector) => {
  const targets = [...document.querySelectorAll(selector)];
  if (!targets.length) return [];
  const result = await axe.run(targets, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.html.slice(0, 160)),
  }));
}
"""

STATIC_JS = f"""
() => {{
  const outputs = [...document.querySelectorAll('{OUTPUTS}')];
  const text = outputs.map((o) => o.innerText).join('\\n');
  return {{
    outputs: outputs.length,
    broken: (text.match(/Error displaying widget|Loading widget|model not found/g) || []),
    reprs: (text.match(/(VBox|HBox|Dashboard|Explorer)\\(children=|Image\\(value=/g) || []),
    images: [...document.querySelectorAll('{OUTPUTS} img')].map((i) => ({{
      alt: i.getAttribute('alt') || i.getAttribute('title') || '',
      cls: i.className, natural: i.naturalWidth, shown: i.getBoundingClientRect().width,
    }})),
  }};
}}
"""

# Every output of the notebook's model has its element in the page.
RENDERED_JS = f"""
() => {{
  const panel = {tb.PANEL_JS};
  if (!panel || !panel.content) return false;
  const model = panel.content.widgets.reduce(
    (n, c) => n + (c.model.type === 'code' ? c.model.outputs.length : 0), 0);
  return document.querySelectorAll('{OUTPUTS}').length >= model;
}}
"""

HANDLES_JS = f"""
() => [...document.querySelectorAll('{OUTPUTS} .noUi-handle')].map((h) => ({{
  name: h.getAttribute('aria-label') || '',
  text: h.getAttribute('aria-valuetext') || '',
  readout: h.closest('.widget-slider')?.querySelector('.widget-readout')?.textContent.trim(),
}}))
"""


def audit(page, axe_js: str) -> dict:
    """axe on the output areas: {"by_impact": {...}, "rules": {id: nodes}, "blocking": [...]}."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_js)
    violations = page.evaluate(AUDIT_JS, OUTPUTS)
    by_impact: dict = {}
    rules: dict = {}
    for v in violations:
        by_impact[v["impact"]] = by_impact.get(v["impact"], 0) + len(v["nodes"])
        rules[v["id"]] = len(v["nodes"])
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    return {"by_impact": by_impact, "rules": rules, "blocking": blocking}


def small_text(images: list[dict]) -> list[str]:
    """Figures whose smallest text shows smaller than 9 CSS points (12 px) on screen."""
    found = []
    for image in images:
        text = re.search(r"bbh-text-(\d+)", image["cls"])  # tenths of a pixel of the PNG
        if not text or not image["natural"]:
            continue
        px = int(text.group(1)) / 10 * image["shown"] / image["natural"]
        if px < MIN_CSS_PX - 0.05:
            found.append(f"{image['alt'][:50]!r}: its smallest text shows {px:.1f} px high")
    return found


def open_notebook(page, url: str, notebook: Path) -> dict:
    """Open ``notebook`` and wait until its committed outputs stop changing."""
    page.goto(f"{url}/lab/tree/{notebook.name}?reset", wait_until="domcontentloaded")
    tb.wait_for(page, tb.RUN_STATE_JS, lambda s: s["cells"] > 0, 120, "the notebook to open")
    tb.wait_for(page, RENDERED_JS, bool, 60, "the committed outputs to render")
    last, since = None, time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = page.evaluate(STATIC_JS)
        key = (state["outputs"], len(state["images"]), sum(i["natural"] for i in state["images"]))
        if key != last:
            last, since = key, time.monotonic()
        elif time.monotonic() - since > 1.5:
            break
        time.sleep(0.25)
    return state


def describe(blocking: list[dict]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['nodes'][:2]}" for v in blocking
    )


@pytest.mark.parametrize("notebook", tb.NOTEBOOKS, ids=[p.stem for p in tb.NOTEBOOKS])
def test_static_outputs(notebook, axe, lab_url, browser, report):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        state = open_notebook(page, lab_url, notebook)
        result = audit(page, axe)
    finally:
        page.close()
    report.setdefault(notebook.stem, {})["static"] = {
        **{k: result[k] for k in ("by_impact", "rules")},
        "outputs": state["outputs"],
        "images": len(state["images"]),
        "images_without_alt": sum(not i["alt"].strip() for i in state["images"]),
    }
    assert not state["broken"], f"{notebook.name} shows {state['broken']} before it is run"
    assert not state["reprs"], f"{notebook.name} shows widget reprs {state['reprs']}"
    no_alt = [i for i in state["images"] if not i["alt"].strip()]
    assert not no_alt, f"{notebook.name}: {len(no_alt)} figures without alt text"
    assert not result["blocking"], f"{notebook.name}: {describe(result['blocking'])}"
    assert not small_text(state["images"]), small_text(state["images"])


@pytest.mark.parametrize("notebook", LIVE, ids=[p.stem for p in LIVE])
def test_live_dashboards(notebook, axe, lab_url, browser, report):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{lab_url}/lab/tree/{notebook.name}?reset", wait_until="domcontentloaded")
        tb.run_all_cells(page, notebook)
        deadline = time.monotonic() + 20  # the base's script names the handles once shown
        handles = page.evaluate(HANDLES_JS)
        while time.monotonic() < deadline and not (handles and all(h["name"] for h in handles)):
            time.sleep(0.3)
            handles = page.evaluate(HANDLES_JS)
        first = page.locator(f"{OUTPUTS} .noUi-handle").first
        first.scroll_into_view_if_needed()
        for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):  # values off the start
            first.press(key)
            time.sleep(0.4)
        moved = page.evaluate(HANDLES_JS)
        result = audit(page, axe)
        state = page.evaluate(STATIC_JS)
    finally:
        page.close()
    report.setdefault(notebook.stem, {})["live"] = {
        **{k: result[k] for k in ("by_impact", "rules")},
        "handles": len(handles),
        "handles_without_name": sum(not h["name"] for h in handles),
        "values_with_float_noise": sum(bool(NOISE.search(h["text"])) for h in handles + moved),
        "images": len(state["images"]),
        "images_without_alt": sum(not i["alt"].strip() for i in state["images"]),
        "small_text": small_text(state["images"]),
    }
    assert handles, f"{notebook.name}: no slider rendered"
    for h in handles + moved:
        assert h["name"], f"{notebook.name}: a slider handle has no accessible name: {h}"
        assert h["text"] and not NOISE.search(h["text"]), f"{notebook.name}: value read as {h}"
        if h["readout"]:
            assert h["text"] == h["readout"], h
    assert not result["blocking"], f"{notebook.name}: {describe(result['blocking'])}"
    assert not small_text(state["images"]), small_text(state["images"])
