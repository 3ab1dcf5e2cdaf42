"""The direction of imports inside ``helpers`` (STYLE.md): nothing imports anything above it.

Numeric code never imports SymPy and symbolic code never imports numeric helpers (it may take
numpy arrays in and out); gradient checking sits on both;
exercises on all of those; widgets and plots on top of everything.
"""

import ast
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"

LEVEL = {
    "_validate": 0,
    "_loss_kernels": 1,  # losses' formulas without checks (numeric)
    "_mlp_checks": 1,  # mlp's argument checks (numeric)
    "_symbolic_numbers": 1,  # symbolic_net's exact numeric references (symbolic)
    "_compare": 2,  # gradcheck's comparisons
    "_finite_diff": 2,  # gradcheck's finite differences
    "_ranges": 2,  # pathologies' argument ranges
    "activations": 1,
    "losses": 1,
    "neuron": 1,
    "mlp": 1,
    "descent": 1,
    "data": 1,
    "train": 1,
    "deep_training": 1,
    "autograd": 1,  # the reverse-mode engine (notebook 08)
    "checkpoint": 1,  # gradient checkpointing (notebook 08)
    "residual": 1,  # skip connections by hand (notebook 07)
    "layers": 1,  # the package helpers/layers/ (notebooks 09-10)
    "cnn": 1,  # notebook 10's small CNN (numeric, on layers)
    "bptt": 1,  # notebook 10's sequence task and gradients through time (numeric, on layers)
    "symbolic": 1,
    "symbolic_net": 1,
    "gradcheck": 2,
    "pathologies": 2,
    "exercises": 3,
    "figures": 4,  # alt text, palette, font sizes (issue 14)
    "dashboard": 4,
    "widgets": 4,
    "descent_plots": 4,
    "netdraw": 4,
    "neuron_graph": 4,
    "batch_plots": 4,
    "capstone_plots": 4,
    "conv_plots": 4,
    "graph_plots": 4,  # notebook 08's computational graphs and step-through
    "layer_plots": 4,  # notebook 09's BatchNorm dashboard
}
NUMERIC = {
    "_loss_kernels",
    "_mlp_checks",
    "activations",
    "losses",
    "neuron",
    "mlp",
    "descent",
    "data",
    "train",
    "deep_training",
    "cnn",
    "bptt",
    "autograd",
    "checkpoint",
    "residual",
    "layers",
}
SYMBOLIC = {"symbolic", "symbolic_net", "_symbolic_numbers"}
PLOTTING = {"matplotlib", "ipywidgets", "IPython", "PIL"}


def top_module(path: Path) -> str:
    rel = path.relative_to(HELPERS)
    return rel.parts[0].removesuffix(".py")


def imports(path: Path):
    """(helpers module, third-party top-level package) names imported by a file."""
    tree = ast.parse(path.read_text())
    inner, outer = set(), set()
    inside_package = path.parent != HELPERS
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            outer.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            outer.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if inside_package and node.level == 1:
                continue  # a sibling inside the same subpackage
            names = [node.module] if node.module else [a.name for a in node.names]
            inner.update(name.split(".")[0] for name in names)
    return inner, outer


FILES = sorted(p for p in HELPERS.rglob("*.py") if p.name != "__init__.py" or p.parent != HELPERS)


def test_every_module_has_a_level():
    missing = {top_module(p) for p in FILES} - set(LEVEL)
    assert not missing, f"add these helpers modules to LEVEL in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_imports_point_down(path):
    me = top_module(path)
    inner, outer = imports(path)
    for other in inner - {me}:
        assert LEVEL[other] <= LEVEL[me], (
            f"{me} (level {LEVEL[me]}) imports {other} (level {LEVEL[other]})"
        )
        if me in SYMBOLIC:
            assert other in SYMBOLIC | {"_validate"}, f"symbolic module {me} imports {other}"
        if me in NUMERIC:
            assert other not in SYMBOLIC, f"numeric module {me} imports symbolic {other}"
    if LEVEL[me] < 4:
        assert not outer & PLOTTING, f"{me} imports plotting/widget code: {outer & PLOTTING}"
    if me in NUMERIC:
        assert "sympy" not in outer, f"numeric module {me} imports sympy"
