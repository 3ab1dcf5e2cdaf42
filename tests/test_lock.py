"""The locks in locks/ pin every transitive dependency, with hashes, and still satisfy their inputs.

Fails when requirements.txt, requirements-dev.txt or pyproject's lower bounds change and the
locks were not regenerated (fix: `make lock`, i.e. `python tools/lock.py`). Offline: it parses
the files, it does not resolve anything.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
lock = importlib.util.module_from_spec(_spec)
sys.modules["lock"] = lock
_spec.loader.exec_module(lock)

LOCKS = sorted(lock.targets().items())


def test_the_locks_satisfy_their_inputs():
    assert lock.problems() == [], "run `make lock` and commit locks/"


@pytest.mark.parametrize(("path", "target"), LOCKS, ids=[p.name for p, _ in LOCKS])
def test_every_pin_of_the_input_is_locked_at_the_same_version(path, target):
    source, _python = target
    pinned, have = lock.pins(source), lock.locked(path)
    assert pinned, f"{source.name} pins nothing"
    for name, version in pinned.items():
        assert name in have, f"{path.name} lacks {name} (pinned in {source.name})"
        assert version in have[name] or lock.Version(version) in map(lock.Version, have[name])


@pytest.mark.parametrize(("path", "target"), LOCKS, ids=[p.name for p, _ in LOCKS])
def test_every_locked_package_is_pinned_with_hashes(path, target):
    """Each entry is ``name==version`` followed by at least one ``--hash=sha256:``."""
    source, _python = target
    entries = re.split(r"\n(?=[A-Za-z0-9])", path.read_text())
    entries = [e for e in entries if not e.startswith("#")]
    assert len(entries) == sum(len(v) for v in lock.locked(path).values())
    for entry in entries:
        assert re.match(r"[A-Za-z0-9._-]+==\S+", entry), entry[:80]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash: {entry[:80]}"
    # Many more packages than the input pins: the transitive ones are locked too.
    assert len(lock.locked(path)) > 2 * len(lock.pins(source)), source.name


def test_a_changed_pin_is_caught(tmp_path, monkeypatch):
    """The check is not vacuous: bump numpy in a copy of requirements.txt and it fails."""
    text = (ROOT / "requirements.txt").read_text()
    bumped = re.sub(r"^numpy==\S+", "numpy==0.0.1", text, flags=re.M)
    assert bumped != text
    (tmp_path / "requirements.txt").write_text(bumped)
    targets = {p: (tmp_path / "requirements.txt", v) for p, (s, v) in lock.targets().items()}
    monkeypatch.setattr(lock, "targets", lambda: targets)
    found = lock.problems()
    assert any("numpy" in p and "0.0.1" in p for p in found), found


def test_min_lock_pins_exactly_pyprojects_lower_bounds():
    bounds = lock.lower_bounds()
    assert {"numpy", "matplotlib", "sympy", "scikit-learn", "ipywidgets"} <= set(bounds)
    have = lock.locked(ROOT / "locks" / "min-py311.txt")
    for name, version in bounds.items():
        assert {lock.Version(v) for v in have[name]} == {lock.Version(version)}, name


def test_lower_bounds_are_at_most_what_colab_ships():
    """As old as Colab's: numpy 2.0, matplotlib 3.10, sympy 1.13, sklearn 1.6, ipywidgets 7.7."""
    colab = {
        "numpy": "2.0",
        "matplotlib": "3.10",
        "sympy": "1.13",
        "scikit-learn": "1.6",
        "ipywidgets": "7.7",
    }
    bounds = lock.lower_bounds()
    for name, version in colab.items():
        assert lock.Version(bounds[name]) <= lock.Version(version), name


def test_count_applies_markers():
    """Windows-only packages are not counted on Linux; the runtime lock pins ~100 packages."""
    path = ROOT / "locks" / "runtime-py311.txt"
    linux, windows = lock.installed(path, "3.11"), lock.installed(path, "3.11", "win32")
    assert "pywinpty" in windows and "pywinpty" not in linux and "pexpect" in linux
    assert 50 < lock.count(path, "3.11") == len(linux) < 300
