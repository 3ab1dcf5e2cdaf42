"""The neuron and a 2-2-1 network as computational graphs, drawn, and stepped through.

One node per primitive operation of ``helpers.autograd`` (×, +, σ, −, ², ...), every input
and parameter a leaf. :func:`replay` lists the steps of the forward pass (one node at a
time, in topological order) and of the backward pass (one edge at a time, in reverse
order): the edge's local derivative, the share of the gradient it carries and the gradient
accumulated so far on every node. :func:`draw` draws one step; :func:`step_through` is the
dashboard with Back / Next buttons and a step slider.

With one example (N = 1) the gradient on the node z^l_j is notebook 04's delta^l_j.
Plots sit on top of the package: every number comes from ``helpers.autograd``.

Introduced in notebooks/08_computational_graphs.ipynb.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as W
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import _validate as v
from . import figures
from .autograd import Tensor, topological_order
from .dashboard import Dashboard

NETWORKS = ("neuron", "2-2-1")
VALUE, GRADIENT, CURRENT = figures.BLACK, figures.VERMILLION, figures.ORANGE
DONE, WAITING = "#56b4e980", "#ffffff00"  # see-through tints: computed, not reached yet
RADIUS = 0.2
LABEL_BOX = {"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none"}  # arrows pass behind


@dataclass
class Graph:
    """A scalar computational graph and how to draw it.

    root : the loss node;  nodes : every node, in topological order (root last)
    pos, label : (x, y) and a readable name of each node, by ``id(node)``
    delta : the nodes whose gradient is a delta^l_j of notebook 04, by id, with that name
    constant : ids of the leaves that are data (y, ½): no gradient is drawn for them
    """

    root: Tensor
    nodes: list
    pos: dict
    label: dict
    delta: dict
    constant: set


def _leaf(value, name, places, xy):
    t = Tensor(float(value), name)
    places[id(t)] = (t, name, xy)
    return t


def _at(t, name, places, xy):
    t.name = name
    places[id(t)] = (t, name, xy)
    return t


def _loss(a, y_true, places, x0, y0):
    """L = ½ (a − y)², three nodes from column x0, and its two constant leaves."""
    y = _leaf(y_true, "y", places, (x0 - 0.4, y0 - 0.9))
    d = _at(a - y, "a − y", places, (x0, y0))
    q = _at(d.square(), "(a − y)²", places, (x0 + 0.9, y0))
    half = _leaf(0.5, "½", places, (x0 + 1.4, y0 - 0.9))
    return _at(q * half, "L", places, (x0 + 1.8, y0)), {id(y), id(half)}


def build(network="neuron") -> Graph:
    """The series' worked example as a graph: ``"neuron"`` (x = 0.5, w = 0.2, b = 0.1,
    y = 1) or ``"2-2-1"`` (two inputs, two sigmoid hidden units, one sigmoid output)."""
    v.choice("network", network, NETWORKS)
    p: dict = {}
    if network == "neuron":
        w, x = _leaf(0.2, "w", p, (0, 1.8)), _leaf(0.5, "x", p, (0, 0.2))
        wx = _at(w * x, "w x", p, (1, 1.0))
        z = _at(wx + _leaf(0.1, "b", p, (1.5, 0.0)), "z", p, (2, 1.0))
        a = _at(z.sigmoid(), "a", p, (3, 1.0))
        root, constant = _loss(a, 1.0, p, 4, 1.0)
        return _graph(root, p, {id(z): "δ"}, constant)
    W1, W2 = [[0.6, -0.4], [0.3, 0.8]], [0.9, -0.7]  # W^1 (2 x 2), W^2 (1 x 2); b = 0.1
    x = [_leaf(0.5, "x₀", p, (0, 3.0)), _leaf(-1.0, "x₁", p, (0, 2.0))]
    hidden, delta, sub = [], {}, "₀₁"
    for j, yj in enumerate((4.5, 0.5)):  # hidden unit j: its nodes around height yj
        terms = []
        for i in range(2):
            y_mul = yj + 0.5 - i
            w = _leaf(W1[j][i], f"W¹{sub[j]}{sub[i]}", p, (0.9, y_mul))
            terms.append(_at(w * x[i], f"W¹{sub[j]}{sub[i]}x{sub[i]}", p, (1.6, y_mul)))
        s = _at(terms[0] + terms[1], f"s¹{sub[j]}", p, (2.6, yj))
        b = _leaf(0.1, f"b¹{sub[j]}", p, (3.5, yj + (1.15 if j == 0 else -1.15)))
        z = _at(s + b, f"z¹{sub[j]}", p, (3.5, yj))
        delta[id(z)] = f"δ¹{sub[j]}"
        hidden.append(_at(z.sigmoid(), f"a¹{sub[j]}", p, (4.4, yj)))
    terms = []
    for j, (y_w, y_mul) in enumerate(((4.15, 3.3), (0.85, 1.7))):
        w = _leaf(W2[j], f"W²₀{sub[j]}", p, (5.65, y_w))
        terms.append(_at(w * hidden[j], f"W²₀{sub[j]}a¹{sub[j]}", p, (5.4, y_mul)))
    s = _at(terms[0] + terms[1], "s²₀", p, (6.3, 2.5))
    z = _at(s + _leaf(0.1, "b²₀", p, (7.2, 3.65)), "z²₀", p, (7.2, 2.5))
    delta[id(z)] = "δ²₀"
    a = _at(z.sigmoid(), "a²₀", p, (8.1, 2.5))
    root, constant = _loss(a, 1.0, p, 9.0, 2.5)
    return _graph(root, p, delta, constant)


def _graph(root, places, delta, constant) -> Graph:
    nodes = topological_order(root)
    pos = {k: xy for k, (_, _, xy) in places.items()}
    label = {k: name for k, (_, name, _) in places.items()}
    return Graph(root, nodes, pos, label, delta, constant)


def replay(graph) -> list[dict]:
    """Every step of the forward and the backward pass, in order.

    Each step is a dict: ``kind`` ("start", "forward", "seed" or "backward"), ``node`` (the
    node computed, or the edge's upper end), ``parent`` (the edge's lower end, backward
    only), ``local`` (d node / d parent) and ``share`` (local × dL/d node), ``done`` (ids of
    the nodes whose value is known) and ``grads`` (dL/d node accumulated so far, by id).
    """
    if not isinstance(graph, Graph):
        raise TypeError(f"graph must be a Graph from graph_plots.build, got {v._describe(graph)}")
    done = {id(n) for n in graph.nodes if not n.parents}
    steps = [{"kind": "start", "node": None, "done": set(done), "grads": {}}]
    for node in graph.nodes:
        if node.parents:
            done.add(id(node))
            steps.append({"kind": "forward", "node": node, "done": set(done), "grads": {}})
    grads = {id(graph.root): 1.0}  # dL/dL = 1
    steps.append({"kind": "seed", "node": graph.root, "done": done, "grads": dict(grads)})
    for node in reversed(graph.nodes):
        for parent, vjp in zip(node.parents, node.vjps, strict=True):
            if id(parent) in graph.constant:
                continue
            local = float(vjp(np.ones(())))  # the edge's local derivative d node / d parent
            share = local * grads[id(node)]
            grads[id(parent)] = grads.get(id(parent), 0.0) + share  # +=: the sum over paths
            steps.append(
                {"kind": "backward", "node": node, "parent": parent, "local": local,
                 "share": share, "done": done, "grads": dict(grads)}
            )  # fmt: skip
    return steps


def _short(value: float) -> str:
    return f"{value + 0.0:.3g}"


class _Picture:
    """The drawing: static edges, nodes and labels; animated tints, numbers and highlight.

    Only what changes from step to step is animated (redrawn over the kept background):
    the tints of the nodes (one scatter), the gradients, the highlighted edge, and the
    values of the operation nodes while the forward pass runs (``values_fixed`` makes
    them part of the background once every value is known).
    """

    def __init__(self, graph, ax, animated):
        self.graph, self.ax, moving = graph, ax, {"animated": animated}
        self.animated, self.fixed = animated, False
        self.values, self.grads = {}, {}
        xs, ys = zip(*graph.pos.values(), strict=True)
        ax.set_xlim(min(xs) - 0.5, max(xs) + 0.85)
        ax.set_ylim(min(ys) - 0.55, max(ys) + 0.55)
        ax.axis("off")
        width, height = ax.get_position().size * ax.figure.get_size_inches()
        x_inch = width / (max(xs) - min(xs) + 1.35)  # inches per unit along x
        stretch = x_inch / (height / (max(ys) - min(ys) + 1.1))  # a unit of y in x units
        gap = RADIUS * x_inch * 72  # a node's radius in points: arrows stop at its rim
        for node in graph.nodes:
            x1, y1 = graph.pos[id(node)]
            for parent in node.parents:
                x0, y0 = graph.pos[id(parent)]
                ax.annotate(
                    "", (x1, y1), (x0, y0), zorder=1,
                    arrowprops={"arrowstyle": "-|>", "color": "0.55", "lw": 1.0,
                                "shrinkA": 2 + gap * bool(parent.parents), "shrinkB": 2 + gap},
                )  # fmt: skip
        self.ops = [n for n in graph.nodes if n.parents]
        where = np.array([graph.pos[id(n)] for n in self.ops])
        size, rings = (2 * gap) ** 2, [2.4 if id(n) in graph.delta else 1.0 for n in self.ops]
        ax.scatter(*where.T, s=size, c="white", edgecolors="0.2", linewidths=rings, zorder=2)
        self.tint = ax.scatter(*where.T, s=size, c=[WAITING] * len(self.ops), zorder=2.5,
                               linewidths=0, **moving)  # fmt: skip
        for node in graph.nodes:
            k, (x, y) = id(node), graph.pos[id(node)]
            name = graph.label[k]
            if node.parents:
                ax.text(x, y, node.op, ha="center", va="center", fontsize=9, zorder=3)
                if node.op != "×" or name == "L":  # products are named in the readout only
                    ax.text(x, y + 0.22 * stretch, name, ha="center", va="bottom",
                            fontsize=9, color="0.35", zorder=4, bbox=LABEL_BOX)  # fmt: skip
                self.values[k] = ax.text(x + 0.22, y, "", fontsize=9, color=VALUE,
                                         va="center", zorder=4, **moving)  # fmt: skip
            else:  # a leaf's value is known from the start
                ax.text(x, y, f"{name} = {_short(float(node.value))}", fontsize=9,
                        ha="center", va="center", zorder=4, bbox=LABEL_BOX)  # fmt: skip
            below = (-0.22 if node.parents else -0.14) * stretch
            self.grads[k] = ax.text(x, y + below, "", fontsize=9, color=GRADIENT, ha="center",
                                    va="top", zorder=4, fontweight="bold", **moving)  # fmt: skip
        (self.edge,) = ax.plot([], [], color=CURRENT, lw=4, alpha=0.8, zorder=1.5, **moving)

    def values_fixed(self, fixed: bool) -> None:
        """Draw the values into the background (all known) or with every step."""
        self.fixed = fixed
        for node in self.ops:
            self.values[id(node)].set_text(_short(float(node.value)) if fixed else "")
            self.values[id(node)].set_animated(self.animated and not fixed)

    def update(self, step, highlight=True):
        graph = self.graph
        current = step["node"] if step["kind"] == "forward" else step.get("parent")
        faces = []
        for node in self.ops:
            k = id(node)
            known = k in step["done"]
            faces.append(CURRENT if node is current else (DONE if known else WAITING))
            if not self.fixed:
                self.values[k].set_text(_short(float(node.value)) if known else "")
        self.tint.set_facecolor(faces)
        for node in graph.nodes:
            k = id(node)
            grad = step["grads"].get(k)
            text = "" if grad is None or k in graph.constant else _short(grad)
            if text and k in graph.delta:
                text = f"{text}\n= {graph.delta[k]}"
            self.grads[k].set_text(text)
        if step["kind"] == "backward" and highlight:
            (x0, y0), (x1, y1) = graph.pos[id(step["parent"])], graph.pos[id(step["node"])]
            self.edge.set_data([x0, x1], [y0, y1])
        else:
            self.edge.set_data([], [])


def describe(graph, step) -> str:
    """One step in words (plain text): what is computed, from what, and its number."""
    if not isinstance(graph, Graph):
        raise TypeError(f"graph must be a Graph from graph_plots.build, got {v._describe(graph)}")
    if not isinstance(step, dict) or "kind" not in step:
        raise TypeError(f"step must be one of replay(graph)'s steps, got {v._describe(step)}")
    name = graph.label
    kind, node = step["kind"], step["node"]
    if kind == "start":
        return "Start: only the leaves (inputs and parameters) have values. Press Next."
    if kind == "forward":
        args = ", ".join(f"{name[id(p)]} = {_short(float(p.value))}" for p in node.parents)
        return f"Forward: {name[id(node)]} = {node.op}({args}) = {_short(float(node.value))}"
    if kind == "seed":
        return "Backward starts at the loss: dL/dL = 1."
    top, low = name[id(node)], name[id(step["parent"])]
    text = (
        f"Backward, edge {top} → {low}: local derivative ∂{top}/∂{low} = "
        f"{_short(step['local'])}; it carries {_short(step['local'])} × "
        f"dL/d{top} = {_short(step['share'])}, so dL/d{low} is now "
        f"{_short(step['grads'][id(step['parent'])])}"
    )
    if id(step["parent"]) in graph.delta:
        text += f" (this is {graph.delta[id(step['parent'])]} of notebook 04)"
    return text


def draw(network="neuron", step=-1, ax=None) -> Figure:
    """Draw the graph ``network`` at step ``step`` of :func:`replay` (-1: the last step,
    every value and gradient). Returns the Figure (a new 9.3 x 3.4 inch one unless ``ax``)."""
    graph = build(network)
    steps = replay(graph)
    step = v.integer("step", step, -len(steps), len(steps) - 1)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {v._describe(ax)}")
    if ax is None:
        fig = Figure(figsize=(9.3, 3.4 if network == "2-2-1" else 2.6))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    last = step in (-1, len(steps) - 1)
    picture = _Picture(graph, ax, animated=False)
    picture.update(steps[step], highlight=not last)
    return ax.figure


class StepThrough(Dashboard):
    """Back / Next buttons and a step slider: the forward pass node by node, then the
    backward pass edge by edge, on the graph of ``network``."""

    pixel_ratio = 1.5
    alt = (
        "The 2-2-1 network as a graph of 18 operations, from the inputs and parameters on "
        "the left to the loss on the right, before the forward pass."
    )
    caption = (
        "Next and Back (or the slider) step through the forward pass, one node at a time, "
        "then the backward pass, one edge at a time: the highlighted edge's local derivative "
        "and each node's accumulated gradient in vermillion; thick rings are the z nodes, "
        "whose gradient is notebook 04's delta."
    )

    def __init__(self, network="2-2-1", step=0):
        self.graph = build(network)
        self.steps = replay(self.graph)
        step = v.integer("step", step, 0, len(self.steps) - 1)
        slider = W.IntSlider(
            value=step, min=0, max=len(self.steps) - 1, description="step",
            continuous_update=True,
        )  # fmt: skip
        slider.tooltip = "step of the forward and backward pass"  # not an argument in ipywidgets 7
        fig = Figure(figsize=(9.3, 3.4 if network == "2-2-1" else 2.6))
        fig.set_dpi(100 * self.pixel_ratio)
        self._picture = _Picture(self.graph, fig.add_axes((0.0, 0.0, 1.0, 1.0)), True)
        self._backward = False
        self.back, self.next = W.Button(description="◀ Back"), W.Button(description="Next ▶")
        self.back.on_click(lambda _: self._move(-1))
        self.next.on_click(lambda _: self._move(+1))
        super().__init__({"step": slider}, fig, columns=1)
        self.children = (W.HBox([self.back, self.next]), *self.children)

    def _move(self, by):
        slider = self.sliders["step"]
        slider.value = min(max(slider.value + by, slider.min), slider.max)

    def render(self, values: dict) -> str:
        step = self.steps[values["step"]]
        backward = step["kind"] in ("seed", "backward")
        if backward != self._backward:  # every value is known: draw them once, as background
            self._backward = backward
            self._picture.values_fixed(backward)
            self.invalidate()
        self._picture.update(step)
        forward = sum(s["kind"] == "forward" for s in self.steps)
        where = f"step {values['step']} of {len(self.steps) - 1} ({forward} forward steps)"
        return f"<p style='margin:0'>{where}<br>{html.escape(describe(self.graph, step))}</p>"


def step_through(network="2-2-1", step=0) -> StepThrough:
    """The step-through dashboard of notebook 08 on ``network`` ("neuron" or "2-2-1")."""
    return StepThrough(network, step)
