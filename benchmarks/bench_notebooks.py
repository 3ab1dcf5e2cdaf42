"""Each notebook's execution time from a fresh kernel, against an empty notebook's floor.

    .venv/bin/python benchmarks/bench_notebooks.py [notebooks/NN_name.ipynb ...]

For every notebook (all of notebooks/NN_*.ipynb unless some are named) this times a whole
run as `make execute` and nbval do it: start a fresh kernel, run every cell, shut down. The
floor is the same for a notebook holding only that notebook's imports (and its
``%matplotlib`` line): kernel start plus imports, which no notebook can go below. The ratio
notebook / floor says what the lesson itself costs. Targets: the whole series <= 2.5x the
sum of the floors, no notebook over 4x. Each run is repeated (``BENCH_REPEATS``, default 3),
the floor and the notebook taking turns, and the fastest of each kept: on a shared machine
other work only ever adds time, so the minimum is the steadiest figure (as ``timeit`` keeps
it); a median let one slow floor, 6 s instead of 3, pull the series' ratio down by 0.2.
Writes test-artifacts/bench/notebooks.json (benchmarks/README.md).

Measures only: it never fails because something is slow.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "bench" / "notebooks.json"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
SERIES_TARGET, NOTEBOOK_TARGET = 2.5, 4.0


def imports_only(nb) -> nbformat.NotebookNode:
    """A notebook with one code cell: every top-level import of ``nb``, in order, once."""
    lines: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code = []
        for line in cell.source.splitlines():
            if line.lstrip().startswith("%matplotlib") and line.strip() not in lines:
                lines.append(line.strip())
            code.append("" if line.lstrip().startswith(("%", "!")) else line)
        try:
            tree = ast.parse("\n".join(code))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                text = ast.unparse(node)
                if text not in lines:
                    lines.append(text)
    floor = nbformat.v4.new_notebook()
    floor.metadata = nb.metadata
    floor.cells = [nbformat.v4.new_code_cell("\n".join(lines))]
    return floor


@contextmanager
def quiet_kernel():
    """Kernels started inside inherit /dev/null as stderr (ipykernel's transport warning)."""
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def run_seconds(nb, folder: Path) -> float:
    """Seconds to start a fresh kernel, run every cell of ``nb`` in ``folder``, shut down."""
    client = NotebookClient(
        nbformat.from_dict(json.loads(json.dumps(nb))),  # a copy: outputs stay out of nb
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    )
    with quiet_kernel():
        start = time.perf_counter()
        client.execute()
        return time.perf_counter() - start


def fastest_pair(nb, folder: Path) -> tuple[float, float]:
    """(floor, run): the fastest of REPEATS runs each, the floor and ``nb`` taking turns."""
    floor_nb, floors, runs = imports_only(nb), [], []
    for _ in range(REPEATS):
        floors.append(run_seconds(floor_nb, folder))
        runs.append(run_seconds(nb, folder))
    return min(floors), min(runs)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        print("no notebooks to measure")
        return 1
    print(f"execution from a fresh kernel, fastest of {REPEATS} runs each (floor: imports only)")
    print(f"{'notebook':32}{'run s':>8}{'floor s':>9}{'ratio':>8}")
    results = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        floor, run = fastest_pair(nb, path.parent)
        ratio = run / floor
        results[path.name] = {
            "run_s": round(run, 2),
            "floor_s": round(floor, 2),
            "ratio": round(ratio, 2),
        }
        flag = "" if ratio <= NOTEBOOK_TARGET else f"  over {NOTEBOOK_TARGET:g}x"
        print(f"{path.name:32}{run:>8.2f}{floor:>9.2f}{ratio:>7.2f}x{flag}", flush=True)
    total = sum(r["run_s"] for r in results.values())
    floors = sum(r["floor_s"] for r in results.values())
    series = total / floors
    print(
        f"{'whole series':32}{total:>8.2f}{floors:>9.2f}{series:>7.2f}x"
        f"  (targets: series <= {SERIES_TARGET:g}x, each <= {NOTEBOOK_TARGET:g}x)"
    )

    rows = [
        {
            "benchmark": f"{name} ({r['run_s']:.1f} s, floor {r['floor_s']:.1f} s)",
            "value": r["ratio"],
            "unit": "x",
            "target": f"<= {NOTEBOOK_TARGET:g}x",
            "ok": r["ratio"] <= NOTEBOOK_TARGET,
        }
        for name, r in results.items()
    ]
    rows.append(
        {
            "benchmark": f"whole series ({total:.1f} s, floor {floors:.1f} s)",
            "value": round(series, 2),
            "unit": "x",
            "target": f"<= {SERIES_TARGET:g}x",
            "ok": series <= SERIES_TARGET,
        }
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "title": "Notebooks from a fresh kernel, against the same imports alone",
                "rows": rows,
                "repeats": REPEATS,
                "notebooks": results,
                "series": {
                    "run_s": round(total, 2),
                    "floor_s": round(floors, 2),
                    "ratio": round(series, 2),
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
