"""Shared pytest fixtures and hypothesis settings."""

import os

# One BLAS kernel for every notebook kernel the tests start (they inherit this environment),
# and for tools/execute_notebooks.py, which writes the outputs nbval compares: OpenBLAS picks
# its matrix-product kernel by processor, and kernels round differently in the last bit,
# which a printed rounding error or a long training run shows. Haswell's kernel runs on every
# x86-64 processor with AVX2; elsewhere each machine keeps its own.
if os.path.exists("/proc/cpuinfo") and "avx2" in open("/proc/cpuinfo").read():
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# SymPy evaluation is slow and its timing varies on shared machines: no per-example deadline.
settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("default")


@pytest.fixture
def rng():
    """A seeded generator, so every run draws the same numbers."""
    return np.random.default_rng(0)
