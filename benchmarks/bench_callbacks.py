"""How long a slider move takes kernel-side, for every dashboard of notebooks 01-03.

    .venv/bin/python benchmarks/bench_callbacks.py

Headless: each dashboard is built as its notebook builds it, then every slider is moved
across its whole range (there and back, one value at a time, as a drag sends them) and
each move is timed from setting ``slider.value`` until the readout and the PNG are ready.
That is the callback's whole kernel-side cost; sending the PNG to the browser and drawing
it there come on top (see the browser test). Prints the median and the slowest move per
dashboard and per slider, and writes the figures to test-artifacts/bench/callbacks.json.

Measures only: it never fails because something is slow.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib
import numpy as np

from helpers import descent_plots, widgets

TARGET_MS = 30.0
MOVES_PER_SLIDER = 40  # values per sweep; each slider is swept there and back
OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "callbacks.json"


def sweep(slider) -> list:
    """The values a drag across the slider's whole range sends, there and back."""
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


def time_moves(dashboard, names=None) -> dict[str, list[float]]:
    """Milliseconds per move, by slider name."""
    times = {}
    for name in names or dashboard.sliders:
        slider = dashboard.sliders[name]
        samples = []
        for value in sweep(slider):
            start = time.perf_counter()
            slider.value = value
            samples.append((time.perf_counter() - start) * 1e3)
        times[name] = samples
    return times


def dashboards():
    """(label, the notebooks that show it, how they build it) for each dashboard."""
    yield (
        "NeuronExplorer (show_gradients=False)",
        ["01_forward_pass"],
        lambda: widgets.neuron_explorer(show_gradients=False),
    )
    yield (
        "NeuronExplorer (show_gradients=True)",
        ["02_chain_rule"],
        lambda: widgets.neuron_explorer(show_gradients=True),
    )
    yield ("DescentExplorer", ["03_gradient_descent"], descent_plots.descent_explorer)


def measure() -> dict:
    results = {}
    for label, notebooks, build in dashboards():
        board = build()
        for slider in board.sliders.values():  # warm up caches (fonts, text layout) untimed
            for value in sweep(slider)[::8]:
                slider.value = value
        per_slider = {}
        if "output" in board.sliders:  # sweep every slider once per output neuron
            for output in board.sliders["output"].options:
                board.sliders["output"].value = output
                moved = time_moves(board, [n for n in board.sliders if n != "output"])
                per_slider |= {f"{n} ({output})": t for n, t in moved.items()}
            board.sliders["output"].value = board.sliders["output"].options[0]
            per_slider |= time_moves(board, ["output"])
        else:
            per_slider = time_moves(board)
        every = [t for samples in per_slider.values() for t in samples]
        results[label] = {
            "notebooks": notebooks,
            "moves": len(every),
            "median_ms": round(statistics.median(every), 2),
            "max_ms": round(max(every), 2),
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


def main() -> int:
    results = measure()
    width = max(len(label) for label in results) + 2
    print(f"slider move -> readout and PNG ready, kernel-side (target: median <= {TARGET_MS} ms)")
    print(f"{'dashboard':<{width}}{'notebook':<22}{'moves':>6}{'median ms':>11}{'slowest ms':>12}")
    for label, r in results.items():
        print(
            f"{label:<{width}}{', '.join(r['notebooks']):<22}{r['moves']:>6}"
            f"{r['median_ms']:>11.1f}{r['max_ms']:>12.1f}"
            f"  {'ok' if r['median_ms'] <= TARGET_MS else 'ABOVE TARGET'}"
        )
    print("\nper slider (median / slowest ms):")
    for label, r in results.items():
        cells = [f"{n} {s['median_ms']:.1f}/{s['max_ms']:.1f}" for n, s in r["per_slider"].items()]
        print(f"  {label}: " + ", ".join(cells))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    report = {
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
