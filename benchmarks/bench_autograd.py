"""What a gradient costs: backward against forward, for helpers.mlp and helpers.autograd,
and a finite-difference gradient, on the digits network (notebook 08).

    .venv/bin/python benchmarks/bench_autograd.py

The digits training set (1,438 examples, 64 inputs), 64-width-10 networks
(``mlp.init_params``, seed 0) with tanh hidden units, a softmax output and cross-entropy,
for hidden widths 16 to 256:

- ``helpers.mlp``: ``mlp.forward`` against ``mlp.backward`` (each with its argument checks);
- ``helpers.autograd``: building the graph of the same loss from Tensors (the forward pass)
  against ``root.backward()``;
- finite differences: ``gradcheck.numerical_gradient_params`` (centred, 2P evaluations of
  ``mlp.batch_loss``) against one ``mlp.batch_loss``, at width 16, on 200 examples (the
  ratio does not depend on the batch); 2P is its lower bound at every width.

BLAS is pinned to one thread, as ``helpers.train`` trains; the passes are interleaved and
the medians of this process's CPU time reported (other programs on a busy machine do not
inflate it; the wall clock is kept beside it). Prints the figures and writes them to
test-artifacts/bench/autograd.json. Measures only: never fails because something is slow.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from helpers import autograd, data, gradcheck, mlp
from helpers.autograd import Tensor

OUT = Path(__file__).resolve().parent.parent / "test-artifacts" / "bench" / "autograd.json"
WIDTHS = [16, 32, 64, 128, 256]
KIND = ("tanh", "softmax", "cross_entropy")
REPEATS = 30  # interleaved (forward, backward) pairs per engine and width


def graph_forward(params, X, Y):
    """The engine's forward pass of the loss (tanh, softmax, cross-entropy), as a graph."""
    (W1, b1), (W2, b2) = [(Tensor(W), Tensor(b)) for W, b in params]
    Z2 = (Tensor(X) @ W1.T + b1).tanh() @ W2.T + b2
    n = 1.0 / X.shape[0]  # each row of Y sums to 1
    return (Tensor(Y) * Z2).sum() * (-n) + Z2.logsumexp(axis=1).sum() * n


def timed(fn) -> tuple:
    t_wall, t_cpu = time.perf_counter(), time.process_time()
    fn()
    return time.process_time() - t_cpu, time.perf_counter() - t_wall


def ratio(forward, backward, repeats=REPEATS) -> dict:
    """Median backward and forward times (CPU and wall), interleaved, and their ratio."""
    samples = {"forward": [], "backward": []}
    for _ in range(3):  # warm up
        forward()
        backward()
    for i in range(repeats):
        order = (("forward", forward), ("backward", backward))
        for name, fn in order if i % 2 == 0 else order[::-1]:
            samples[name].append(timed(fn))
    out = {}
    for k, clock in enumerate(("cpu", "wall")):
        f = statistics.median(s[k] for s in samples["forward"])
        b = statistics.median(s[k] for s in samples["backward"])
        out[clock] = {"forward_ms": 1e3 * f, "backward_ms": 1e3 * b, "ratio": b / f}
    return out


def main() -> dict:
    split = data.load_digits()
    X, Y = split.X_train, data.one_hot(split.y_train, 10)
    widths = {}
    for width in WIDTHS:
        params = mlp.init_params([64, width, 10], seed=0)
        _, cache = mlp.forward(params, X, *KIND[:2])
        root = graph_forward(params, X, Y)
        assert np.isclose(float(root.value), mlp.batch_loss(params, X, Y, *KIND))
        widths[width] = {
            "parameters": sum(W.size + b.size for W, b in params),
            "mlp": ratio(
                lambda p=params: mlp.forward(p, X, *KIND[:2]),
                lambda p=params, c=cache: mlp.backward(p, c, Y, KIND[2]),
            ),
            "autograd": ratio(lambda p=params: graph_forward(p, X, Y), root.backward),
        }
        # the engine's gradients are the delta rule's
        _, g_ag = autograd.loss_and_grads(params, X, Y, *KIND)
        _, g_mlp = mlp.loss_and_grads(params, X, Y, *KIND)
        for pa, pb in zip(g_ag, g_mlp, strict=True):
            assert all(
                np.allclose(a, b, rtol=1e-10, atol=1e-14) for a, b in zip(pa, pb, strict=True)
            )
    p16 = mlp.init_params([64, 16, 10], seed=0)
    X_few, Y_few = X[:200], Y[:200]
    one = statistics.median(
        timed(lambda: mlp.batch_loss(p16, X_few, Y_few, *KIND))[0] for _ in range(30)
    )
    fd, fd_wall = timed(
        lambda: gradcheck.numerical_gradient_params(
            lambda q: mlp.batch_loss(q, X_few, Y_few, *KIND), p16
        )
    )
    return {"widths": widths, "fd_ratio": fd / one, "fd_wall_s": fd_wall}


if __name__ == "__main__":
    with threadpool_limits(1):
        result = main()
    print(f"load average {os.getloadavg()[0]:.1f}; BLAS pinned to 1 thread; CPU-time medians")
    print(f"{'width':>6} {'P':>7} {'mlp bwd/fwd':>12} {'autograd bwd/fwd':>17} {'2P':>8}")
    rows = []
    for width, r in result["widths"].items():
        m, a = r["mlp"]["cpu"]["ratio"], r["autograd"]["cpu"]["ratio"]
        print(f"{width:>6} {r['parameters']:>7,} {m:>12.2f} {a:>17.2f} {2 * r['parameters']:>8,}")
        for engine, value in (("mlp", m), ("autograd", a)):
            rows.append(
                {"benchmark": f"backward / forward, {engine}, 64-{width}-10 (08)",
                 "value": round(value, 2), "unit": "x", "target": "<= 3 x", "ok": value <= 3}
            )  # fmt: skip
    p16 = result["widths"][16]["parameters"]
    print(f"centred finite differences, 64-16-10: {result['fd_ratio']:,.0f} forward passes "
          f"(2P = {2 * p16:,}), {result['fd_wall_s']:.1f} s")  # fmt: skip
    rows.append(
        {"benchmark": "finite-difference gradient / forward, 64-16-10 (08)",
         "value": round(result["fd_ratio"]), "unit": "x", "target": f">= 2P = {2 * p16}"}
    )  # fmt: skip
    OUT.parent.mkdir(parents=True, exist_ok=True)
    result["title"] = "What a gradient costs (notebook 08): backward / forward, finite differences"
    result["rows"] = rows
    result["widths"] = {str(k): v for k, v in result["widths"].items()}
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {OUT}")
