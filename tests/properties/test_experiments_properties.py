"""Properties of socialroi.experiments: symmetries and invariances that hold for any data."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialroi.experiments import (
    brand_lift,
    conversion_lift,
    lift_power,
    time_based_regression,
    trimmed_match,
)

sizes = st.integers(min_value=100, max_value=100_000)
shares = st.floats(min_value=0.05, max_value=0.95)


@given(sizes, sizes, shares, shares)
def test_swapping_test_and_control_negates_the_absolute_lift(n_t, n_c, p_t, p_c):
    x_t, x_c = round(n_t * p_t), round(n_c * p_c)
    forward = conversion_lift(x_t, x_c, test_size=n_t, control_size=n_c, draws=200)
    backward = conversion_lift(x_c, x_t, test_size=n_c, control_size=n_t, draws=200)
    assert forward.absolute_lift == pytest.approx(-(backward.absolute_lift or 0.0), abs=1e-12)
    survey = brand_lift(n_t, x_t, n_c, x_c, draws=200)
    swapped = brand_lift(n_c, x_c, n_t, x_t, draws=200)
    assert survey.absolute_lift == pytest.approx(-(swapped.absolute_lift or 0.0), abs=1e-12)


@given(sizes, shares, st.floats(min_value=0.01, max_value=1e4), st.floats(min_value=1.0, max_value=1e4))
def test_iroas_is_invariant_to_scaling_spend_and_value_together(n, p, scale, spend):
    x_t, x_c = round(n * min(p * 1.2, 1.0)), round(n * p)
    base = conversion_lift(
        x_t, x_c, test_size=n, control_size=n, spend=spend, value_per_conversion=10.0, draws=200
    )
    scaled = conversion_lift(
        x_t,
        x_c,
        test_size=n,
        control_size=n,
        spend=spend * scale,
        value_per_conversion=10.0 * scale,
        draws=200,
    )
    assert scaled.iroas == pytest.approx(base.iroas, rel=1e-9, abs=1e-12)
    assert scaled.iroas_interval == pytest.approx(base.iroas_interval, rel=1e-9, abs=1e-12)


@given(st.floats(min_value=0.01, max_value=100.0), st.integers(min_value=0, max_value=2**32 - 1))
def test_tbr_iroas_is_invariant_to_the_currency(scale, seed):
    rng = np.random.default_rng(seed)
    control = 100 + 10 * rng.normal(size=12)
    treatment = 2 * control + rng.normal(size=12)
    base = time_based_regression(treatment, control, pre_periods=8, cost=50.0)
    scaled = time_based_regression(treatment * scale, control * scale, pre_periods=8, cost=50.0 * scale)
    assert scaled.iroas == pytest.approx(base.iroas, rel=1e-6, abs=1e-9)
    assert scaled.iroas_standard_error == pytest.approx(base.iroas_standard_error, rel=1e-6)


@given(st.floats(min_value=0.01, max_value=100.0), st.integers(min_value=0, max_value=2**32 - 1))
def test_trimmed_match_is_invariant_to_the_currency_and_the_pair_order(scale, seed):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(1, 10, 12)
    response = 3 * cost + rng.normal(size=12)
    zeros = np.zeros(12)
    base = trimmed_match(response, zeros, cost, zeros, trim_rate=0.1)
    scaled = trimmed_match(response * scale, zeros, cost * scale, zeros, trim_rate=0.1)
    order = rng.permutation(12)
    shuffled = trimmed_match(response[order], zeros, cost[order], zeros, trim_rate=0.1)
    assert scaled.iroas == pytest.approx(base.iroas, rel=1e-7)
    assert shuffled.iroas == pytest.approx(base.iroas, rel=1e-9)


@given(st.floats(min_value=0.001, max_value=0.5), st.integers(min_value=100, max_value=10**6))
def test_power_grows_with_the_lift(p, n):
    low, high = lift_power(p, [0.1 * p, 0.2 * p], n, n)
    assert low <= high
