"""What validation costs: ``mlp.loss_and_grads`` against the same computation in bare numpy.

    .venv/bin/python benchmarks/bench_validation.py

The full digits batch (all 1,797 examples of ``data.load_digits``, 64 inputs), a 64-128-10
network (``mlp.init_params``, seed 0, small random biases), ReLU hidden units, a softmax
output and cross-entropy against one-hot labels. Two ways, with the same weights and data:

- ``helpers.mlp.loss_and_grads``: checks every argument (types, shapes, finiteness, that
  each row of Y is a probability distribution), then forward, loss and backward;
- :func:`bare_numpy`: the same forward pass, stable softmax cross-entropy and delta-rule
  backward, written out with no checks at all.

First the two results are checked to agree to 1e-12 (loss and every gradient, relative to
the largest entry), so both sides compute the same thing. Then the calls are interleaved
(bare, mlp, mlp, bare, bare, ...) so that a slow moment of a shared machine hits both sides
alike, and the medians and their ratio are reported (target: mlp within 1.25x of bare
numpy), by the wall clock and by this process's CPU time (which other programs on a busy
machine do not inflate; the load average is printed too). Measured twice: with BLAS pinned
to one thread, as ``helpers.train`` trains (the figure to compare), and with BLAS's default
threads. Both sides always run under the same threading; the thread count is printed.

Prints the figures and writes them to test-artifacts/bench/validation.json (the convention
of benchmarks/README.md). Measures only: it never fails because something is slow.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from helpers import data, mlp

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "validation.json"
SIZES = [64, 128, 10]
KIND = {"hidden": "relu", "output": "softmax", "loss": "cross_entropy"}
TARGET = 1.25
REPEATS = 400  # pairs of calls per threading setting, at most
BUDGET_S = 25.0  # seconds per setting: a loaded machine stops earlier (after at least 50 pairs)


def digits_batch() -> tuple:
    """All 1,797 digits as one batch: X of shape (1797, 64) and one-hot Y of shape (1797, 10)."""
    split = data.load_digits()
    X = np.vstack([split.X_train, split.X_test])
    y = np.concatenate([split.y_train, split.y_test])
    return X, data.one_hot(y, 10)


def bare_numpy(params, X, Y) -> tuple:
    """Loss and gradients of a 2-layer ReLU / softmax cross-entropy network, no checks."""
    (W1, b1), (W2, b2) = params
    N = X.shape[0]
    Z1 = X @ W1.T + b1  # forward
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2.T + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)  # stable softmax cross-entropy
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    loss = -np.sum(Y * (shifted - np.log(total))) / N
    delta2 = (e / total - Y) / N  # backward: delta^2 = (softmax(Z^2) - Y) / N
    delta1 = (delta2 @ W2) * (Z1 > 0)  # delta^1 = (delta^2 W^2) * relu'(Z^1)
    grads = [(delta1.T @ X, delta1.sum(axis=0)), (delta2.T @ A1, delta2.sum(axis=0))]
    return float(loss), grads


def with_mlp(params, X, Y) -> tuple:
    return mlp.loss_and_grads(params, X, Y, **KIND)


def check_same(params, X, Y) -> float:
    """The largest relative difference between the two results; exit if above 1e-12."""
    loss_a, grads_a = with_mlp(params, X, Y)
    loss_b, grads_b = bare_numpy(params, X, Y)
    worst = abs(loss_a - loss_b) / abs(loss_b)
    for layer, (pa, pb) in enumerate(zip(grads_a, grads_b, strict=True), start=1):
        for name, a, b in zip("Wb", pa, pb, strict=True):
            if a.shape != b.shape:
                raise SystemExit(f"dL/d{name}^{layer}: shapes {a.shape} and {b.shape} differ")
            worst = max(worst, float(np.max(np.abs(a - b)) / np.max(np.abs(b))))
    if worst > 1e-12:
        raise SystemExit(f"mlp and bare numpy disagree: relative difference {worst:.1e} > 1e-12")
    return worst


def interleaved(params, X, Y, repeats: int = REPEATS, budget_s: float = BUDGET_S) -> dict:
    """Medians of each side, timed in alternating calls (bare, mlp, mlp, bare, bare, ...).

    Each call is timed twice: by the wall clock, and by the CPU time of this process, which
    other programs on a shared machine do not inflate. Stops after ``repeats`` pairs, or
    after at least 50 pairs once ``budget_s`` seconds have passed.
    """
    sides = (("bare", bare_numpy), ("mlp", with_mlp))
    for _ in range(20):  # warm up caches and BLAS's threads
        for _, step in sides:
            step(params, X, Y)
    wall = {"bare": [], "mlp": []}
    cpu = {"bare": [], "mlp": []}
    start = time.perf_counter()
    for i in range(repeats):
        for name, step in sides if i % 2 == 0 else sides[::-1]:
            t_wall, t_cpu = time.perf_counter(), time.process_time()
            step(params, X, Y)
            cpu[name].append(time.process_time() - t_cpu)
            wall[name].append(time.perf_counter() - t_wall)
        if i >= 50 and time.perf_counter() - start > budget_s:
            break
    result = {"pairs": len(wall["bare"])}
    for clock, samples in (("wall", wall), ("cpu", cpu)):
        bare, full = statistics.median(samples["bare"]), statistics.median(samples["mlp"])
        result[clock] = {"bare_ms": 1e3 * bare, "mlp_ms": 1e3 * full, "ratio": full / bare}
    return result


def blas_threads() -> int:
    """The number of threads numpy's BLAS uses now."""
    return max((p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"), default=1)


def network() -> list:
    """64-128-10 weights from ``mlp.init_params`` (seed 0), with small random biases."""
    rng = np.random.default_rng(1)
    return [(W, 0.1 * rng.standard_normal(b.shape)) for W, b in mlp.init_params(SIZES, seed=0)]


def main() -> None:
    X, Y = digits_batch()
    params = network()
    worst = check_same(params, X, Y)
    print(
        f"Digits batch {X.shape[0]} x {X.shape[1]}, MLP 64-128-10, relu / softmax "
        f"cross-entropy: mlp and bare numpy agree to {worst:.1e} (loss and gradients, "
        f"relative; must be <= 1e-12)"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    settings = {}
    with threadpool_limits(limits=1, user_api="blas"):  # as helpers.train trains
        settings["one_thread"] = {"threads": blas_threads(), **interleaved(params, X, Y)}
    settings["default_threads"] = {"threads": blas_threads(), **interleaved(params, X, Y)}
    rows = []
    for key, r in settings.items():
        threads = f"{r['threads']} BLAS thread{'s' if r['threads'] > 1 else ''}"
        threads += ", as training" if key == "one_thread" else ", the default"
        wall, cpu = r["wall"], r["cpu"]
        print(f"  {threads}, medians of {r['pairs']} interleaved pairs:")
        for clock, m in (("wall clock", wall), ("CPU time  ", cpu)):
            print(
                f"    {clock}: bare numpy {m['bare_ms']:7.3f} ms, mlp.loss_and_grads "
                f"{m['mlp_ms']:7.3f} ms, ratio {m['ratio']:.2f}x (target <= {TARGET}x)"
            )
        rows += [
            {"benchmark": f"Bare numpy ({threads})", "value": wall["bare_ms"], "unit": "ms"},
            {"benchmark": f"mlp.loss_and_grads ({threads})", "value": wall["mlp_ms"], "unit": "ms"},
        ]
        rows += [
            {
                "benchmark": f"mlp / bare numpy, {clock} ({threads})",
                "value": m["ratio"],
                "unit": "x",
                "target": f"<= {TARGET}x",
                "ok": m["ratio"] <= TARGET,
            }
            for clock, m in (("wall clock", wall), ("CPU time", cpu))
        ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "title": "Validation cost: mlp.loss_and_grads against bare numpy, digits 64-128-10",
        "rows": rows,
        "agreement": worst,
        "load_average": os.getloadavg()[0],
        **settings,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(OUT.parents[2])}")


if __name__ == "__main__":
    main()
