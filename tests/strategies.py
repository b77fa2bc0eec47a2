"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# Nicely behaved doubles: no NaN or infinity, far from overflow and from subnormal ratios.
counts = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False)
positive_counts = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)
amounts = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
scales = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
whole_counts = st.integers(min_value=0, max_value=10**9).map(float)


def count_arrays(size: int, *, positive: bool = False) -> st.SearchStrategy[np.ndarray]:
    """Float64 arrays of ``size`` counts."""
    return hnp.arrays(np.float64, size, elements=positive_counts if positive else counts)
