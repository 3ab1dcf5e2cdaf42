"""A tiny scalar autograd engine in the style of micrograd: the benchmark's slow baseline.

Every number is a ``Value`` that remembers the values it was made from and how to send
a gradient back to them. ``loss.backward()`` sorts the graph topologically and applies the
chain rule node by node, one Python float at a time. It is correct and very slow: that
is the point of comparing it with the vectorised delta rule of ``helpers.mlp``.

Used only by ``benchmarks/bench_speed.py``; the notebooks never import it.
"""

from __future__ import annotations

import math
import random


class Value:
    """One scalar in the graph: ``data``, its gradient ``grad`` and how it was made."""

    __slots__ = ("data", "grad", "_parents", "_back")

    def __init__(self, data: float, parents: tuple = (), back=None):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._back = back  # sends self.grad to the parents' grads (the local chain rule)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def back():  # d(a + b)/da = d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._back = back
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def back():  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._back = back
        return out

    def __pow__(self, k: float):
        out = Value(self.data**k, (self,))

        def back():  # d(a^k)/da = k a^(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad

        out._back = back
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), (self,))

        def back():  # 1 where a > 0, else 0
            self.grad += (self.data > 0) * out.grad

        out._back = back
        return out

    def softplus(self):
        """log(1 + e^a), written so e^(.) never overflows."""
        a = self.data
        out = Value(max(a, 0.0) + math.log1p(math.exp(-abs(a))), (self,))

        def back():  # d softplus(a)/da = sigma(a)
            s = 1 / (1 + math.exp(-a)) if a >= 0 else math.exp(a) / (1 + math.exp(a))
            self.grad += s * out.grad

        out._back = back
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other**-1

    def backward(self) -> None:
        """Fill ``grad`` of every Value this one depends on, by reverse-mode chain rule."""
        order, seen, stack = [], {id(self)}, [(self, False)]
        while stack:  # depth-first, without recursion: a long sum is a deep graph
            node, done = stack.pop()
            if done:
                order.append(node)  # after all its parents: a topological order
                continue
            stack.append((node, True))
            for parent in node._parents:
                if id(parent) not in seen:
                    seen.add(id(parent))
                    stack.append((parent, False))
        self.grad = 1.0
        for node in reversed(order):
            if node._back is not None:
                node._back()


class Layer:
    """n_out neurons, each z = sum_i w_i x_i + b, optionally followed by relu."""

    def __init__(self, n_in: int, n_out: int, relu: bool, rng: random.Random):
        self.W = [[Value(rng.uniform(-1, 1)) for _ in range(n_in)] for _ in range(n_out)]
        self.b = [Value(0.0) for _ in range(n_out)]
        self.relu = relu

    def __call__(self, x: list) -> list:
        out = []
        for w_row, b in zip(self.W, self.b, strict=True):
            z = sum((wi * xi for wi, xi in zip(w_row, x, strict=True)), b)
            out.append(z.relu() if self.relu else z)
        return out

    def parameters(self) -> list:
        return [w for row in self.W for w in row] + self.b


class MLP:
    """Layers of Values: relu in the hidden layers, a linear (logit) output."""

    def __init__(self, sizes: list[int], seed: int = 0):
        rng = random.Random(seed)
        last = len(sizes) - 2
        self.layers = [
            Layer(n_in, n_out, relu=i < last, rng=rng)
            for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=False))
        ]

    def __call__(self, x: list) -> list:
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self) -> list:
        return [p for layer in self.layers for p in layer.parameters()]


def bce_loss(model: MLP, X, y) -> Value:
    """Mean binary cross-entropy of a sigmoid output, from the logit z: softplus(z) - y z."""
    total = Value(0.0)
    for xs, target in zip(X, y, strict=True):
        (z,) = model([Value(float(t)) for t in xs])
        total = total + z.softplus() - z * float(target)
    return total * (1.0 / len(X))


def train_step(model: MLP, X, y, lr: float) -> float:
    """Zero the grads, forward, backward, one gradient-descent step; return the loss."""
    params = model.parameters()
    for p in params:
        p.grad = 0.0
    loss = bce_loss(model, X, y)
    loss.backward()
    for p in params:
        p.data -= lr * p.grad
    return loss.data
