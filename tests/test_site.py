"""The website (make site) in a real browser, offline: headless Chromium over a local server.

The site is built fresh into a temporary folder by tools/build_site.py (or, with
$SITE_DIR, an existing build is used), served by a local HTTP server, and every page
(a crawl from index.html along every internal href) is opened at 390 x 844 CSS px (a phone)
with every request outside the local server refused. Per page it records: console
errors, failed requests, refused outside requests, text that looks like TeX MathJax did not
render, images that did not load, links that do not resolve (the page, and its #anchor),
sideways scrolling, and an axe-core audit of the content (``article.bd-article``: the
notebook's text, code and outputs). The theme's frame (header, sidebars, search dialog) is
audited too, but only counted: it is sphinx-book-theme's markup, not ours. Everything is
written to test-artifacts/site_audit.json, then asserted by one test each.

Needs sphinx, myst-nb and sphinx-book-theme (requirements-dev.txt), npm (MathJax, once),
Debian's chromium, playwright and axe-playwright-python; without one it skips, unless
REQUIRE_BROWSER=1 or CI=true (as in .ci/run), where it fails.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import navigation  # noqa: E402

# $SITE_NOTEBOOKS: the folder the site was built from (with $SITE_DIR; default notebooks/).
NOTEBOOKS = navigation.notebook_paths(Path(os.environ.get("SITE_NOTEBOOKS", ROOT / "notebooks")))
ARTIFACT = ROOT / "test-artifacts" / "site_audit.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}
CONTENT = "article.bd-article"
TEX = ("$$", "\\frac", "\\partial", "\\begin{", "\\sum_")
SERIOUS = ("serious", "critical")


def need(ok: bool, message: str) -> None:
    """Skip without ``ok``; fail instead where the test must run (CI, REQUIRE_BROWSER=1)."""
    if ok:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
        pytest.fail(message + " (required here: REQUIRE_BROWSER=1 or CI=true)")
    pytest.skip(message)


def page_name(notebook: Path) -> str:
    return "index.html" if notebook.name == navigation.INDEX else f"{notebook.stem}.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A fresh build of the site (or $SITE_DIR)."""
    if os.environ.get("SITE_DIR"):
        return Path(os.environ["SITE_DIR"])
    missing = [
        m for m in ("sphinx", "myst_nb", "sphinx_book_theme") if not importlib.util.find_spec(m)
    ]
    need(not missing, f"the site needs {', '.join(missing)} (requirements-dev.txt)")
    has_mathjax = (ROOT / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").is_file()
    need(has_mathjax or shutil.which("npm") is not None, "the site needs npm once (MathJax)")
    work = tmp_path_factory.mktemp("site")
    command = [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(work / "site")]
    command += ["--work", str(work), "--notebooks", str(NOTEBOOKS[0].parent)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"build_site failed:\n{result.stdout}\n{result.stderr}"
    return work / "site"


@pytest.fixture(scope="module")
def server(site):
    """The site over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no line per request in the test output
        pass


@pytest.fixture(scope="module")
def axe_js() -> str:
    path = os.environ.get("AXE_JS")
    if not path:
        spec = importlib.util.find_spec("axe_playwright_python")
        need(spec is not None, "the audit needs axe-playwright-python (requirements-dev.txt)")
        path = Path(spec.origin).parent / "axe.min.js"
    return Path(path).read_text()


@pytest.fixture(scope="module")
def browser():
    need(Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM} (apt-get install chromium)")
    need(importlib.util.find_spec("playwright") is not None, "playwright is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# In the page, after MathJax: what the audit needs that only the DOM knows.
INSPECT_JS = """
(content) => {
  const article = document.querySelector(content);
  const text = [];
  if (article) {
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      // Code and its printed output are literal; MathJax's own nodes are rendered math.
      if (n.parentElement.closest('pre, code, mjx-container, script, style')) continue;
      text.push(n.data);
    }
  }
  const images = [...document.images].map((img) => ({
    src: img.currentSrc.slice(0, 120), alt: img.getAttribute('alt'),
    loaded: img.complete && img.naturalWidth > 0,
    inContent: !!(article && article.contains(img)),
    caption: (img.closest('figure')?.querySelector('figcaption')?.innerText || ''),
  }));
  const root = document.documentElement;
  return {
    title: document.title,
    text: text.join(' '),
    images,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id)
      .concat([...document.querySelectorAll('a[name]')].map((e) => e.name)),
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    launch: [...document.querySelectorAll('.series-launch a')].map((a) => a.href),
    next: document.querySelector('a.right-next')?.getAttribute('href') || null,
    prev: document.querySelector('a.left-prev')?.getAttribute('href') || null,
    toc: [...document.querySelectorAll('.bd-sidebar-primary nav a[href]')]
      .map((a) => a.getAttribute('href')),
    mathCount: document.querySelectorAll('mjx-container').length,
  };
}
"""

AXE_RUN_JS = """
async (context) => {
  // preload: false: axe would re-fetch stylesheets and resolve their @imports wrongly (404s).
  const result = await axe.run(context, {resultTypes: ['violations'], preload: false});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
}
"""


def visit(context, base: str, url: str, axe_js: str, frame: bool) -> dict:
    """Open ``url``; return what it showed and what went wrong.

    ``frame``: audit the theme's frame around the content as well (the same on every page,
    so the crawl does it on the front page only).
    """
    page = context.new_page()
    errors, failed, refused, bad_status = [], [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(f"{r.url[:120]} {r.failure}"))
    page.on(
        "response", lambda r: bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )

    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    # MathJax typesets after load: wait for it (pages without math have nothing to wait for).
    page.evaluate("() => window.MathJax?.startup?.promise ?? null")
    page.wait_for_timeout(100)
    seen = page.evaluate(INSPECT_JS, CONTENT)
    page.add_script_tag(content=axe_js)
    has_article = page.evaluate(f"() => !!document.querySelector('{CONTENT}')")
    content_v = page.evaluate(AXE_RUN_JS, {"include": [CONTENT]}) if has_article else []
    frame_v = page.evaluate(AXE_RUN_JS, {"exclude": [CONTENT]}) if frame else []
    page.close()
    failed = [f for f in failed if not any(f.startswith(u[:120]) for u in refused)]
    return {
        **seen,
        "console_errors": errors,
        "failed_requests": failed + bad_status,
        "refused_outside": refused,
        "tex_left": sorted({t for t in TEX if t in seen["text"]}),
        "content_violations": content_v,
        "frame_violations": frame_v,
    }


@pytest.fixture(scope="module")
def audit(site, server, browser, axe_js) -> dict:
    """Crawl every page from index.html (HTML pages in the site), then check every link."""
    context = browser.new_context(viewport=PHONE)
    pages: dict[str, dict] = {}
    queue = [urljoin(server, "index.html")]
    links: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        print(f"site audit: {url}", file=sys.stderr, flush=True)
        seen = visit(context, server, url, axe_js, frame=not pages)
        pages[url] = seen
        for href in seen["links"]:
            if not href.startswith(server):
                continue
            links.add(href)
            target, _ = urldefrag(href)
            if target.endswith(".html") and target not in pages and target not in queue:
                queue.append(target)
    context.close()
    broken = []
    for href in sorted(links):
        target, anchor = urldefrag(href)
        path = site / urlparse(target).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            broken.append(href)
        elif anchor and target in pages and anchor not in pages[target]["ids"]:
            broken.append(href)
    summary = _summarise(pages, links, broken, server)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(summary, indent=1) + "\n")
    return {"pages": pages, "broken": broken, "server": server, "summary": summary}


def _impacts(violations: list[dict]) -> dict:
    counts: dict[str, int] = {}
    for v in violations:
        counts[v["impact"] or "none"] = counts.get(v["impact"] or "none", 0) + v["nodes"]
    return counts


def _summarise(pages: dict, links: set, broken: list, server: str) -> dict:
    per_page = {}
    for url, seen in pages.items():
        per_page[url.removeprefix(server)] = {
            "console_errors": len(seen["console_errors"]),
            "failed_requests": len(seen["failed_requests"]),
            "refused_outside": len(seen["refused_outside"]),
            "tex_left": seen["tex_left"],
            "images": len(seen["images"]),
            "images_not_loaded": sum(not i["loaded"] for i in seen["images"]),
            "math": seen["mathCount"],
            "sideways_px": max(0, seen["scrollWidth"] - seen["clientWidth"]),
            "content_axe": _impacts(seen["content_violations"]),
            "content_axe_rules": sorted({v["id"] for v in seen["content_violations"]}),
            "frame_axe": _impacts(seen["frame_violations"]),
            "frame_axe_rules": sorted({v["id"] for v in seen["frame_violations"]}),
        }
    total = {
        key: sum(p[key] for p in per_page.values())
        for key in ("console_errors", "failed_requests", "refused_outside", "images", "math")
    }
    serious = sum(
        sum(n for impact, n in p["content_axe"].items() if impact in SERIOUS)
        for p in per_page.values()
    )
    return {
        "viewport": PHONE,
        "pages": len(pages),
        "links_checked": len(links),
        "links_broken": broken,
        **total,
        "content_serious_or_critical": serious,
        "per_page": per_page,
    }


def _problems(audit: dict, key: str) -> dict:
    return {url: seen[key] for url, seen in audit["pages"].items() if seen[key]}


def test_every_notebook_is_a_page_and_solutions_are_not(site):
    for notebook in NOTEBOOKS:
        assert (site / page_name(notebook)).is_file(), f"no page for {notebook.name}"
    assert not (site / navigation.INDEX.replace(".ipynb", ".html")).exists()
    assert not list(site.glob("solutions*")) and not list(site.glob("ex[0-9]*"))


def test_no_console_error(audit):
    assert not _problems(audit, "console_errors")


def test_no_failed_request_and_nothing_from_outside(audit):
    assert not _problems(audit, "failed_requests")
    assert not _problems(audit, "refused_outside"), "a page asked for something off the site"


def test_math_is_rendered_no_tex_left(audit):
    assert not _problems(audit, "tex_left")
    with_math = [u for u, s in audit["pages"].items() if s["mathCount"]]
    assert len(with_math) >= len(NOTEBOOKS) // 2, "MathJax rendered (almost) nothing"


def test_every_image_loads_and_has_alt_text(audit):
    not_loaded = {
        u: [i["src"] for i in s["images"] if not i["loaded"]] for u, s in audit["pages"].items()
    }
    assert not {u: i for u, i in not_loaded.items() if i}
    no_alt = {
        u: [i["src"][:60] for i in s["images"] if i["inContent"] and not (i["alt"] or "").strip()]
        for u, s in audit["pages"].items()
    }
    assert not {u: i for u, i in no_alt.items() if i}, "figures without alt text"


def test_every_internal_link_resolves(audit):
    assert audit["summary"]["links_checked"] > 3 * len(NOTEBOOKS)
    assert not audit["broken"]


def test_no_sideways_scrolling_at_390_px(audit):
    wide = {
        u: s["scrollWidth"] - s["clientWidth"]
        for u, s in audit["pages"].items()
        if s["scrollWidth"] > s["clientWidth"]
    }
    assert not wide, f"pages wider than {PHONE['width']} px (by px)"


def test_axe_finds_no_serious_violation_in_the_content(audit):
    serious = {
        u: [
            f"{v['id']} ({v['impact']}, {v['nodes']}): {v['targets']}"
            for v in s["content_violations"]
            if v["impact"] in SERIOUS
        ]
        for u, s in audit["pages"].items()
    }
    assert not {u: v for u, v in serious.items() if v}


def test_navigation_contents_previous_next_and_launch_links(audit):
    base = audit["server"]
    names = [page_name(nb) for nb in NOTEBOOKS]
    for i, (notebook, name) in enumerate(zip(NOTEBOOKS, names, strict=True)):
        seen = audit["pages"][base + name]
        assert seen["next"] == (names[i + 1] if i + 1 < len(names) else None), name
        assert seen["prev"] == (names[i - 1] if i > 0 else None), name
        toc = {name if href == "#" else href for href in seen["toc"]}  # "#": this page
        assert set(names) <= toc, f"{name}: contents incomplete"
        binder, colab = seen["launch"]
        assert binder.startswith(f"https://mybinder.org/v2/gh/{navigation.REPOSITORY}/")
        assert binder.endswith(f"urlpath=lab/tree/notebooks/{notebook.name}")
        assert colab == navigation.colab_url(notebook.name)


def test_dashboards_show_their_static_picture_with_a_caption(audit):
    """A committed dashboard output (a static <figure>, or a widget view with its PNG) is an image
    with alt text and a caption naming its sliders on the page, never a widget repr."""
    base = audit["server"]
    for notebook in NOTEBOOKS:
        outputs = [
            o for cell in json.loads(notebook.read_text())["cells"] for o in cell.get("outputs", [])
        ]
        dashboards = [
            o
            for o in outputs
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            or "<figcaption" in "".join(o.get("data", {}).get("text/html", ""))
        ]
        seen = audit["pages"][base + page_name(notebook)]
        captioned = [
            i
            for i in seen["images"]
            if i["inContent"] and i["alt"] and "slider" in i["caption"].lower()
        ]
        assert len(captioned) >= len(dashboards), (
            f"{notebook.name}: {len(dashboards)} dashboards, {len(captioned)} pictures with "
            "alt text and a caption naming the sliders"
        )
        assert not re.search(r"Error displaying widget|interactive\(children=|VBox\(", seen["text"])


def test_search_finds_a_page(site, server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server) else r.abort())
    page.goto(urljoin(server, "search.html?q=gradient"), wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hits = page.locator("#search-results ul.search li a").evaluate_all(
        "(a) => a.map((x) => x.href)"
    )
    context.close()
    assert any(h.startswith(server) and h.split("#")[0].endswith(".html") for h in hits), hits
