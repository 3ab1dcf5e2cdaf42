"""How long a slider move takes kernel-side, for every dashboard of the series.

    .venv/bin/python benchmarks/bench_callbacks.py

The dashboards, each built as its notebook builds it (same helper, same arguments):

    01  widgets.neuron_explorer(show_gradients=False)
    02  widgets.neuron_explorer(show_gradients=True)
    03  descent_plots.descent_explorer()
    04  netdraw.delta_explorer(...)       a 2-3-2 network, sliders for x_0 and W^2_00
    05  batch_plots.batch_explorer(...)   the 4-5-3 network and 8,192 labelled examples
    07  capstone_plots.depth_explorer()   depth, activation and init scale
    08  graph_plots.step_through("2-2-1") the step slider (Back/Next move it one step)
    09  layer_plots.batchnorm_explorer()  x_0, with the upstream and variance toggles
    10  conv_plots.time_explorer()        the recurrent weight's scale and the steps back

Headless: every slider is moved across its whole range (there and back, one value at a
time, as a drag sends them) and each move is timed from setting ``slider.value`` until
the readout and the PNG are ready. That is the callback's whole kernel-side cost; sending
the PNG to the browser and drawing it there come on top (see the browser test). A toggle
that changes what the other sliders do (``output`` in 03, ``hidden`` in 07) is set to each
of its options in turn, and the other sliders are swept once per option. Any warning a
move raises (NaN, overflow) is counted and printed: a dashboard should raise none.

Prints the median and the slowest move per dashboard and per slider, and writes
test-artifacts/bench/callbacks.json with ``title`` and ``rows`` (benchmarks/README.md):
per dashboard its median (target <= 30 ms) and its slowest move.

Measures only: it never fails because something is slow.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import ipywidgets as W
import matplotlib
import numpy as np

from helpers import (
    batch_plots,
    capstone_plots,
    conv_plots,
    descent_plots,
    graph_plots,
    layer_plots,
    mlp,
    netdraw,
    widgets,
)

TARGET_MS = 30.0
MOVES_PER_SLIDER = 40  # values per sweep; each slider is swept there and back
# Toggles that change what every other slider does (the first one a dashboard has is used).
MODES = ("output", "hidden", "upstream", "variance")
OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "callbacks.json"


def sweep(slider) -> list:
    """The values a drag across the slider's whole range sends, there and back."""
    if isinstance(slider, W.SelectionSlider):  # a slider over a list: each value in order
        options = [o[1] if isinstance(o, tuple) else o for o in slider.options]
        there_and_back = options[1:] + options[::-1][1:]
        return there_and_back * max(1, MOVES_PER_SLIDER // len(there_and_back))
    if hasattr(slider, "options"):  # toggle buttons: flip between the options
        options = [o[1] if isinstance(o, tuple) else o for o in slider.options]
        return (options * 6)[1:] + options[:1]
    if hasattr(slider, "base"):  # FloatLogSlider: min and max are exponents
        there = slider.base ** np.linspace(slider.min, slider.max, MOVES_PER_SLIDER)
    else:
        there = np.linspace(slider.min, slider.max, MOVES_PER_SLIDER)
    kind = type(slider.value)
    values = [kind(v) for v in np.concatenate([there, there[::-1]])]
    return values + [slider.value]  # end where it started


def time_moves(dashboard, names, caught: list) -> dict[str, list[float]]:
    """Milliseconds per move, by slider name; warnings raised by a move go to ``caught``."""
    times = {}
    for name in names:
        slider = dashboard.sliders[name]
        samples = []
        for value in sweep(slider):
            with warnings.catch_warnings(record=True) as raised:
                warnings.simplefilter("always")
                start = time.perf_counter()
                slider.value = value
                samples.append((time.perf_counter() - start) * 1e3)
            caught += [f"{name}={value!r}: {w.category.__name__}: {w.message}" for w in raised]
        times[name] = samples
    return times


def notebook_04():
    """Notebook 04's dashboard: its 2-3-2 network with random biases, x and y_true."""
    rng = np.random.default_rng(0)
    params = [
        (W_, rng.normal(0.0, 0.5, size=b.shape)) for W_, b in mlp.init_params([2, 3, 2], seed=0)
    ]
    return netdraw.delta_explorer(
        params,
        np.array([0.5, -1.0]),
        np.array([1.0, 0.0]),
        hidden="sigmoid",
        output="sigmoid",
        loss="mse",
        input_index=0,
        weight=(2, 0, 0),
    )


def notebook_05():
    """Notebook 05's dashboard: the 4-5-3 network and 8,192 examples labelled by a teacher.

    Built the way the notebook builds it; the notebook's generator has made other draws
    first, so the numbers differ, but not the sizes, which are what the time depends on.
    """
    rng = np.random.default_rng(0)
    params = mlp.init_params([4, 5, 3], seed=1)
    teacher = mlp.init_params([4, 8, 3], seed=7, scale=2.0)
    X_all = rng.normal(size=(8192, 4))
    Y_all = np.eye(3)[mlp.predict(teacher, X_all, hidden="tanh", output="softmax")]
    return batch_plots.batch_explorer(
        params, X_all, Y_all, hidden="tanh", output="softmax", loss="cross_entropy"
    )


def dashboards():
    """(label, notebook, how the notebook builds it) for each dashboard, in series order."""
    yield (
        "NeuronExplorer",
        "01",
        lambda: widgets.neuron_explorer(show_gradients=False),
    )
    yield (
        "NeuronExplorer with gradients",
        "02",
        lambda: widgets.neuron_explorer(show_gradients=True),
    )
    yield ("DescentExplorer", "03", descent_plots.descent_explorer)
    yield ("DeltaExplorer", "04", notebook_04)
    yield ("BatchExplorer", "05", notebook_05)
    yield (
        "DepthExplorer",
        "07",
        lambda: capstone_plots.depth_explorer(depth=10, hidden="sigmoid", scale=1.0),
    )
    yield ("StepThrough", "08", lambda: graph_plots.step_through("2-2-1"))
    yield ("BatchNormExplorer", "09", layer_plots.batchnorm_explorer)
    yield ("TimeExplorer", "10", lambda: conv_plots.time_explorer(scale=1.0, steps=40))


def measure_one(board) -> tuple[dict[str, list[float]], list[str]]:
    """Every slider's moves (per mode, if the dashboard has a mode toggle) and any warnings."""
    for slider in board.sliders.values():  # warm up caches (fonts, text layout) untimed
        for value in sweep(slider)[::8]:
            slider.value = value
    caught: list[str] = []
    mode = next((m for m in MODES if m in board.sliders), None)
    if mode is None:
        return time_moves(board, list(board.sliders), caught), caught
    toggle, per_slider = board.sliders[mode], {}
    start = toggle.value
    others = [n for n in board.sliders if n != mode]
    for option in toggle.options:
        toggle.value = option
        moved = time_moves(board, others, caught)
        per_slider |= {f"{n} ({option})": t for n, t in moved.items()}
    toggle.value = start
    per_slider |= time_moves(board, [mode], caught)
    return per_slider, caught


def measure() -> dict:
    results = {}
    for label, notebook, build in dashboards():
        per_slider, caught = measure_one(build())
        every = [t for samples in per_slider.values() for t in samples]
        results[f"{label} ({notebook})"] = {
            "notebook": notebook,
            "moves": len(every),
            "median_ms": round(statistics.median(every), 2),
            "max_ms": round(max(every), 2),
            "warnings": caught,
            "per_slider": {
                name: {
                    "moves": len(samples),
                    "median_ms": round(statistics.median(samples), 2),
                    "max_ms": round(max(samples), 2),
                }
                for name, samples in per_slider.items()
            },
        }
    return results


def rows_of(results: dict) -> list[dict]:
    """The combined table's rows: per dashboard its median (with the target) and its slowest."""
    rows = []
    for label, r in results.items():
        rows.append(
            {
                "benchmark": f"{label} median",
                "value": r["median_ms"],
                "unit": "ms",
                "target": f"<= {TARGET_MS:g} ms",
                "ok": r["median_ms"] <= TARGET_MS,
            }
        )
        rows.append({"benchmark": f"{label} slowest", "value": r["max_ms"], "unit": "ms"})
    return rows


def main() -> int:
    results = measure()
    width = max(len(label) for label in results) + 2
    print(f"slider move -> readout and PNG ready, kernel-side (target: median <= {TARGET_MS} ms)")
    print(f"{'dashboard (notebook)':<{width}}{'moves':>6}{'median ms':>11}{'slowest ms':>12}")
    for label, r in results.items():
        print(
            f"{label:<{width}}{r['moves']:>6}{r['median_ms']:>11.1f}{r['max_ms']:>12.1f}"
            f"  {'ok' if r['median_ms'] <= TARGET_MS else 'ABOVE TARGET'}"
            + (f"  {len(r['warnings'])} WARNINGS" if r["warnings"] else "")
        )
    print("\nper slider (median / slowest ms):")
    for label, r in results.items():
        cells = [f"{n} {s['median_ms']:.1f}/{s['max_ms']:.1f}" for n, s in r["per_slider"].items()]
        print(f"  {label}: " + ", ".join(cells))
    for label, r in results.items():
        for line in r["warnings"][:5]:
            print(f"warning in {label}: {line}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "title": "Slider callbacks, kernel-side (every dashboard)",
        "rows": rows_of(results),
        "what": "kernel-side time of one slider move: set slider.value until readout and PNG "
        "are updated, headless, every slider swept across its range and back",
        "unit": "ms",
        "target_median_ms": TARGET_MS,
        "dashboards": results,
        "environment": {
            "python": platform.python_version(),
            "matplotlib": matplotlib.__version__,
            "numpy": np.__version__,
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),  # others' work slows us too
        },
    }
    OUT.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {OUT.relative_to(OUT.parent.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
