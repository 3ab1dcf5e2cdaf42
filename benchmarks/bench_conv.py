"""Notebook 10's speed: vectorised conv2d forward + backward against the naive loops, and
the small CNN's training time.

    .venv/bin/python benchmarks/bench_conv.py

The convolution is the CNN's first layer (8 kernels of 3 x 3, padding 1) on a batch of 256
digits (1 x 8 x 8). Both versions compute the same numbers (tests/test_layers_conv.py); each
is timed several times, interleaved, and the median is reported, with the ratio. Then
``cnn.train_digits`` (CNN_RECIPE: 8 epochs, 1,437 training digits) is timed 3 times (median).
Writes test-artifacts/bench/conv.json (benchmarks/README.md). Measures only: never fails
because something is slow.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np

from helpers import cnn, data, layers

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "conv.json"


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def row(name: str, value: float, unit: str) -> dict:
    return {"benchmark": f"conv: {name}", "value": round(value, 2), "unit": unit}


def conv_round_trip(forward, backward, X, W, b):
    """Forward, then backward with an upstream gradient of ones."""
    out, cache = forward(X, W, b, stride=1, pad=1)
    return backward(np.ones_like(out), cache)


def main() -> None:
    split = data.load_digits()
    X = cnn.images(split.X_train[:256])
    W, b = cnn.init_params(8, seed=0)[0]
    fast, slow = [], []
    conv_round_trip(layers.conv2d_forward, layers.conv2d_backward, X, W, b)  # warm up
    for _ in range(3):
        slow.append(seconds(lambda: conv_round_trip(
            layers.conv2d_forward_naive, layers.conv2d_backward_naive, X, W, b)))  # fmt: skip
        fast.extend(
            seconds(lambda: conv_round_trip(layers.conv2d_forward, layers.conv2d_backward, X, W, b))
            for _ in range(10)
        )
    t_fast, t_slow = statistics.median(fast), statistics.median(slow)
    ratio = t_slow / t_fast
    print("conv2d forward + backward, 256 digits, 8 kernels 3x3, pad 1:")
    print(
        f"  naive loops {t_slow * 1e3:8.1f} ms   vectorised {t_fast * 1e3:6.2f} ms   x{ratio:.0f}"
    )
    train = [seconds(lambda: cnn.train_digits(split)) for _ in range(3)]
    t_train = statistics.median(train)
    epochs = cnn.CNN_RECIPE["epochs"]
    print(f"cnn.train_digits ({epochs} epochs, 1,437 digits): {t_train:.2f} s (median of 3)")
    rows = [
        row("naive conv2d forward+backward, 256 digits", t_slow * 1e3, "ms"),
        row("vectorised conv2d forward+backward, 256 digits", t_fast * 1e3, "ms"),
        row("vectorised speed-up over the naive loops", ratio, "x"),
        row(f"cnn.train_digits, {epochs} epochs", t_train, "s"),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"title": "Convolution and the small CNN", "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
