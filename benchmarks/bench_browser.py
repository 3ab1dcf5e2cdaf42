"""Slider latency in a real browser: key press to changed output, per notebook.

    .venv/bin/python benchmarks/bench_browser.py

Runs tests/test_browser.py (JupyterLab in headless Chromium; every slider of every notebook
moved with the keyboard) and turns the figures it records in
test-artifacts/browser_latency.json into rows of test-artifacts/bench/browser.json
(benchmarks/README.md). Target: median <= 100 ms. Needs Debian's chromium; without it,
it says so and writes nothing. Measures only: slow figures never fail it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "test-artifacts" / "browser_latency.json"
OUT = ROOT / "test-artifacts" / "bench" / "browser.json"
TARGET_MS = 100


def main() -> int:
    SOURCE.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_browser.py")],
        cwd=ROOT,
        check=False,
    )
    if not SOURCE.exists():
        print(f"bench_browser: no figures (pytest exit {result.returncode}; chromium missing?)")
        return 0
    data = json.loads(SOURCE.read_text())
    rows = []
    for name, r in data["notebooks"].items():
        if r["median_ms"] is None:
            continue
        rows.append(
            {
                "benchmark": f"{name}: {r['sliders']} sliders, {len(r['samples_ms'])} moves, "
                f"slowest {r['max_ms']:.0f} ms",
                "value": r["median_ms"],
                "unit": "ms",
                "target": f"<= {TARGET_MS} ms",
                "ok": r["median_ms"] <= TARGET_MS,
            }
        )
    if data.get("median_ms") is not None:
        rows.append(
            {
                "benchmark": "all notebooks, median",
                "value": data["median_ms"],
                "unit": "ms",
                "target": f"<= {TARGET_MS} ms",
                "ok": data["median_ms"] <= TARGET_MS,
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "title": "Browser: slider key press to changed output (JupyterLab, Chromium)",
                "rows": rows,
                "test_exit_code": result.returncode,
                "details": data,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
