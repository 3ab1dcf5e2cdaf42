"""What the argument checks of ``activations`` and ``losses`` cost, per call.

    .venv/bin/python benchmarks/bench_checks.py

Each public function checks its input (type, shape, finiteness) and then runs the same
formula as its unchecked twin (``activations._KERNELS``, ``losses._batch_loss``, ...). Both
are timed interleaved (twin, checked, twin, checked, ...) on two sizes: a tiny array, as
finite differences use tens of thousands of times, and the digits batch's hidden layer
(1797 x 128) or output (1797 x 10). Reported: the median extra time per call in
microseconds and the ratio. Writes test-artifacts/bench/checks.json (benchmarks/README.md).
Measures only: never fails because something is slow.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np

from helpers import activations, losses

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "checks.json"
REPEATS = 300


def per_call(fn, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def compare(name: str, checked, twin, number: int) -> dict:
    """Median seconds per call of both, interleaved so a busy moment hits both alike."""
    a, b = [], []
    for _ in range(REPEATS):
        b.append(per_call(twin, number))
        a.append(per_call(checked, number))
    ca, cb = statistics.median(a), statistics.median(b)
    row = {"name": name, "checked_us": ca * 1e6, "unchecked_us": cb * 1e6}
    print(f"{name:<44} checked {ca * 1e6:9.1f} us  unchecked {cb * 1e6:9.1f} us  x{ca / cb:.2f}")
    return row


def main() -> None:
    rng = np.random.default_rng(0)
    tiny, hidden = rng.normal(size=(1, 3)), rng.normal(size=(1797, 128))
    out, Y = rng.normal(size=(1797, 10)), np.eye(10)[rng.integers(0, 10, 1797)]
    small_out, small_Y = rng.normal(size=(3, 2)), np.eye(2)[[0, 1, 1]]
    relu, relu_k = activations.ACTIVATIONS["relu"][0], activations._KERNELS["relu"][0]
    sig, sig_k = activations.ACTIVATIONS["sigmoid"][1], activations._KERNELS["sigmoid"][1]
    kind = ("softmax", "cross_entropy")
    results = [
        compare("sigmoid' on (1, 3)", lambda: sig(tiny), lambda: sig_k(tiny), 50),
        compare("relu on (1797, 128)", lambda: relu(hidden), lambda: relu_k(hidden), 2),
        compare(
            "batch_loss softmax/CE on (3, 2)",
            lambda: losses.batch_loss(small_out, small_Y, *kind),
            lambda: losses._batch_loss(small_out, small_Y, *kind),
            20,
        ),
        compare(
            "batch_loss softmax/CE on (1797, 10)",
            lambda: losses.batch_loss(out, Y, *kind),
            lambda: losses._batch_loss(out, Y, *kind),
            2,
        ),
    ]
    rows = [
        {
            "benchmark": f"checks: {r['name']}, extra per call",
            "value": round(r["checked_us"] - r["unchecked_us"], 1),
            "unit": "us",
        }
        for r in results
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"title": "Cost of the argument checks", "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
