"""The capstone's speed: vectorised backprop against a per-example loop and a scalar engine.

    .venv/bin/python benchmarks/bench_speed.py

1. One training step (forward, backward, update) of micrograd's demo: 100 moons, an MLP
   2-16-16-1 (relu hidden layers, a sigmoid output, binary cross-entropy), three ways, with
   the same weights: the vectorised delta rule of ``helpers.mlp`` on the whole batch; the
   same code called once per example in a Python loop; and ``engine.py``, a scalar
   autograd engine in the style of micrograd. The three gradients are checked to agree.
2. Notebook 06's capstone: training time and test accuracy of ``train.train_digits``.

(Notebook 07's depth explorer, like every dashboard, is timed by bench_callbacks.py.)

Prints the figures and writes them to test-artifacts/bench/speed.json (the convention of
benchmarks/README.md). Measures only: it never fails because something is slow.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np
from engine import MLP, bce_loss
from threadpoolctl import threadpool_limits

from helpers import data, mlp, train

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "speed.json"
SIZES = [2, 16, 16, 1]
KIND = {"hidden": "relu", "output": "sigmoid", "loss": "bce"}
LR = 0.1


def timed(step, repeats: int) -> float:
    """Median seconds of ``repeats`` calls of ``step()``."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def vectorised_step(params, X, Y):
    """The whole batch at once: Z^l = A^(l-1) (W^l)^T + b^l, the delta rule, one update."""
    _, grads = mlp.loss_and_grads(params, X, Y, **KIND)
    return train.sgd_step(params, grads, LR)[0], grads


def loop_step(params, X, Y):
    """The same network, one example (one row) at a time, gradients averaged."""
    total = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    for n in range(X.shape[0]):
        _, grads = mlp.loss_and_grads(params, X[n : n + 1], Y[n : n + 1], **KIND)
        total = [(tW + dW, tb + db) for (tW, tb), (dW, db) in zip(total, grads, strict=True)]
    grads = [(dW / X.shape[0], db / X.shape[0]) for dW, db in total]
    return train.sgd_step(params, grads, LR)[0], grads


def engine_model(params) -> MLP:
    """A scalar-engine MLP holding exactly the weights of ``params``."""
    model = MLP(SIZES)
    for layer, (W, b) in zip(model.layers, params, strict=True):
        for i, j in np.ndindex(*W.shape):
            layer.W[i][j].data = float(W[i, j])
        for i, value in enumerate(b):
            layer.b[i].data = float(value)
    return model


def engine_step(model: MLP, X, y):
    """micrograd's way: a graph of scalar Values, backward through it, one update."""
    for p in model.parameters():
        p.grad = 0.0
    bce_loss(model, X, y).backward()
    grads = [
        (np.array([[w.grad for w in row] for row in layer.W]), np.array([b.grad for b in layer.b]))
        for layer in model.layers
    ]
    for p in model.parameters():
        p.data -= LR * p.grad
    return grads


def one_step() -> dict:
    X, y = data.moons(100, noise=0.1, seed=0)
    Y = y[:, None].astype(np.float64)
    params = mlp.init_params(SIZES, seed=0)
    g_vec = vectorised_step(params, X, Y)[1]
    g_loop = loop_step(params, X, Y)[1]
    g_eng = engine_step(engine_model(params), X, y)
    for name, other in (("per-example loop", g_loop), ("scalar engine", g_eng)):
        for (dW, db), (oW, ob) in zip(g_vec, other, strict=True):
            if not (np.allclose(dW, oW, rtol=1e-9, atol=1e-12) and np.allclose(db, ob)):
                raise SystemExit(f"the {name}'s gradient differs from the vectorised one")
    model = engine_model(params)
    return {
        "vectorised_s": timed(lambda: vectorised_step(params, X, Y), 2000),
        "loop_s": timed(lambda: loop_step(params, X, Y), 50),
        "engine_s": timed(lambda: engine_step(model, X, y), 5),
    }


def capstone(repeats: int = 5) -> dict:
    split = data.load_digits()
    seconds, accuracies = [], set()
    for _ in range(repeats):
        start = time.perf_counter()
        _, history = train.train_digits(split)
        seconds.append(time.perf_counter() - start)
        accuracies.add(history.test_accuracy[-1])
    return {
        "train_s": statistics.median(seconds),
        "train_s_slowest": max(seconds),
        "test_accuracy": accuracies.pop(),
        "repeatable": not accuracies,  # every run gave the same accuracy
    }


def main() -> None:
    with threadpool_limits(limits=1, user_api="blas"):  # as helpers.train trains
        step = one_step()
    cap = capstone()
    vs_loop, vs_engine = (
        step["loop_s"] / step["vectorised_s"],
        step["engine_s"] / step["vectorised_s"],
    )
    rows = [
        {
            "benchmark": "Capstone (06): training time, digits 64-128-10, 20 epochs",
            "value": cap["train_s"],
            "unit": "s",
            "target": "<= 5 s",
            "ok": cap["train_s"] <= 5,
        },
        {
            "benchmark": "Capstone (06): test accuracy",
            "value": 100 * cap["test_accuracy"],
            "unit": "%",
            "target": ">= 97%",
            "ok": cap["test_accuracy"] >= 0.97,
        },
        {
            "benchmark": "One step, moons 2-16-16-1: vectorised backprop",
            "value": 1e3 * step["vectorised_s"],
            "unit": "ms",
        },
        {
            "benchmark": "One step: per-example Python loop",
            "value": 1e3 * step["loop_s"],
            "unit": "ms",
        },
        {
            "benchmark": "One step: scalar autograd engine (micrograd-style)",
            "value": 1e3 * step["engine_s"],
            "unit": "ms",
        },
        {
            "benchmark": "Vectorised speed-up over the per-example loop",
            "value": vs_loop,
            "unit": "x",
        },
        {
            "benchmark": "Vectorised speed-up over the scalar engine",
            "value": vs_engine,
            "unit": "x",
            "target": ">= 1000x",
            "ok": vs_engine >= 1000,
        },
    ]
    print("One training step of micrograd's demo (100 moons, MLP 2-16-16-1), same weights:")
    print(f"  vectorised backprop (helpers.mlp)  {1e3 * step['vectorised_s']:10.3f} ms")
    print(
        f"  per-example Python loop            {1e3 * step['loop_s']:10.3f} ms"
        f"   ({vs_loop:,.0f}x slower)"
    )
    print(
        f"  scalar autograd engine             {1e3 * step['engine_s']:10.3f} ms"
        f"   ({vs_engine:,.0f}x slower; target >= 1000x)"
    )
    print(
        f"Capstone (06): trains in {cap['train_s']:.2f} s (median of 5, slowest "
        f"{cap['train_s_slowest']:.2f} s; target <= 5 s), test accuracy "
        f"{100 * cap['test_accuracy']:.1f}%, the same on every run: {cap['repeatable']}"
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "title": "Capstone speed (notebook 06)",
        "rows": rows,
        "one_step": step,
        "capstone": cap,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(OUT.parents[2])}")


if __name__ == "__main__":
    main()
