"""Shared pytest fixtures and hypothesis settings."""

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# Every notebook kernel the tests start inherits this environment: the BLAS kernel that
# wrote the committed outputs (tools/execute_notebooks.py says why).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from execute_notebooks import pin_blas_kernel  # noqa: E402

pin_blas_kernel()

# SymPy evaluation is slow and its timing varies on shared machines: no per-example deadline.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("default")


@pytest.fixture
def rng():
    """A seeded generator, so every run draws the same numbers."""
    return np.random.default_rng(0)
