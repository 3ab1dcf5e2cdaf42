"""Shared pytest fixtures and hypothesis settings."""

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
