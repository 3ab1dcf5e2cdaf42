"""Print every benchmark's figures as one table (the last step of `make bench`).

    python benchmarks/report.py            print, and write test-artifacts/bench/summary.md
    python benchmarks/report.py --readme   also copy the table into README.md

Reads ``test-artifacts/bench/*.json`` as benchmarks/README.md describes: each file's
``title`` and ``rows``; a file without ``rows`` contributes every object with a
``median_ms``. Never fails on speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "test-artifacts" / "bench"
README = ROOT / "README.md"


def machine() -> str:
    """CPU model, cores, OS and Python: what the figures depend on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def fallback_rows(data, path: str = "") -> list[dict]:
    """Rows from the outermost objects holding a ``median_ms``, named by where they sit."""
    rows = []
    if isinstance(data, dict):
        if isinstance(data.get("median_ms"), int | float):  # a leaf: its parts stay out
            name = f"{path or 'all'} median"
            return [{"benchmark": name, "value": data["median_ms"], "unit": "ms"}]
        for key, value in data.items():
            if isinstance(value, dict) and key not in ("rows", "environment"):
                rows += fallback_rows(value, f"{path} / {key}" if path else str(key))
    return rows


def fmt_value(row: dict) -> str:
    value, unit = row.get("value"), row.get("unit", "")
    if not isinstance(value, int | float):
        return str(value)
    digits = 2 if unit == "x" or abs(value) < 10 else 1 if abs(value) < 100 else 0
    text = f"{value:,.{digits}f}"
    return f"{text}{unit}" if unit in ("x", "%") else f"{text} {unit}".rstrip()


def collect() -> list[tuple[str, list[list[str]]]]:
    """(title, [[benchmark, value, target, verdict], ...]) for each JSON file."""
    sections = []
    for path in sorted(BENCH.glob("*.json"), key=lambda p: (ORDER.get(p.stem, len(ORDER)), p.stem)):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            sections.append((f"{path.stem}: unreadable ({exc})", []))
            continue
        rows = data.get("rows") if isinstance(data, dict) else None
        if rows is None:
            rows = fallback_rows(data)
        title = data.get("title", path.stem) if isinstance(data, dict) else path.stem
        cells = []
        for row in rows:
            ok = row.get("ok")
            verdict = "" if ok is None else "ok" if ok else "ABOVE TARGET"
            cells.append(
                [
                    str(row.get("benchmark", "?")),
                    fmt_value(row),
                    str(row.get("target", "")),
                    verdict,
                ]
            )
        sections.append((title, cells))
    return sections


def markdown(header: str, sections) -> str:
    lines = [header, "", "| benchmark | value | target | |", "|---|---:|---|---|"]
    for title, rows in sections:
        lines.append(f"| **{title}** | | | |")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def plain(header: str, sections) -> str:
    """The same table aligned for a terminal."""
    rows = [row for _, section in sections for row in section]
    width = [
        max([len(h), *(len(r[i]) + (2 if i == 0 else 0) for r in rows)]) for i, h in enumerate(HEAD)
    ]
    line = "  ".join("-" * w for w in width)
    out = [header, "", "  ".join(h.ljust(w) for h, w in zip(HEAD, width, strict=True)), line]
    for title, section in sections:
        out.append(title)
        for r in section:
            out.append(
                "  ".join(
                    [
                        ("  " + r[0]).ljust(width[0]),
                        r[1].rjust(width[1]),
                        r[2].ljust(width[2]),
                        r[3],
                    ]
                ).rstrip()
            )
    return "\n".join(out)


HEAD = ["benchmark", "value", "target", ""]
ORDER = {"notebooks": 0, "callbacks": 1, "browser": 2, "speed": 3, "validation": 4}  # then by name


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="copy the table into README.md")
    args = parser.parse_args(argv)
    sections = collect()
    newest = max((p.stat().st_mtime for p in BENCH.glob("*.json")), default=0)
    when = dt.datetime.fromtimestamp(newest).astimezone() if newest else dt.datetime.now()
    header = f"Measured {when:%Y-%m-%d %H:%M %Z} on {machine()}."
    text = markdown(header, sections)
    if not any(rows for _, rows in sections):
        print(f"no benchmark results in {BENCH.relative_to(ROOT)}/ (run `make bench`)")
        return 1
    print("\n== all benchmarks\n")
    print(plain(header, sections))
    BENCH.mkdir(parents=True, exist_ok=True)
    (BENCH / "summary.md").write_text(text + "\n")
    if args.readme:
        readme = README.read_text()
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start not in readme or end not in readme:
            print(f"README.md has no {start} ... {end} markers")
            return 1
        head, rest = readme.split(start, 1)
        README.write_text(f"{head}{start}\n{text}\n{end}{rest.split(end, 1)[1]}")
        print("\ncopied into README.md (## Benchmarks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
