"""Invariants of the KPI functions: scale invariance, identities between KPIs, input-type agreement."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import socialroi
from tests.strategies import amounts, count_arrays, counts, positive_counts, scales

RATIOS = [
    socialroi.roas,
    socialroi.cpc,
    socialroi.cpa,
    socialroi.cpl,
    socialroi.cpv,
    socialroi.cpe,
    socialroi.cac,
    socialroi.ctr,
    socialroi.conversion_rate,
    socialroi.view_rate,
    socialroi.virality_rate,
    socialroi.average_order_value,
    socialroi.ltv_to_cac,
    socialroi.payback_period,
    socialroi.cpm,
]


@given(st.sampled_from(RATIOS), counts, positive_counts, scales)
def test_ratios_are_scale_invariant(metric, num, den, k):
    assert np.isclose(metric(num * k, den * k), metric(num, den), rtol=1e-9)


# A part of a whole (bounced of all sessions, completed of started views): the part never exceeds it.
PARTS = [socialroi.completion_rate, socialroi.bounce_rate, socialroi.share_of_voice]
fractions = st.floats(min_value=0.0, max_value=1.0)


@given(st.sampled_from(PARTS), positive_counts, fractions, scales)
def test_parts_of_a_whole_are_scale_invariant_fractions(metric, whole, share, k):
    part = whole * share
    assert np.isclose(metric(part * k, whole * k), metric(part, whole), rtol=1e-9)
    assert 0.0 <= metric(part, whole) <= 1.0


@given(positive_counts, fractions.filter(lambda f: f > 1e-6), scales)
def test_frequency_is_scale_invariant_and_at_least_one(impressions, share, k):
    reach = impressions * share
    assert np.isclose(
        socialroi.frequency(impressions * k, reach * k), socialroi.frequency(impressions, reach)
    )
    assert socialroi.frequency(impressions, reach) >= 1.0


@given(amounts, positive_counts, scales)
def test_roi_is_scale_invariant(revenue, cost, k):
    assert np.isclose(
        socialroi.roi(revenue * k, cost * k), socialroi.roi(revenue, cost), rtol=1e-9, atol=1e-12
    )


@given(amounts, positive_counts)
def test_roi_is_roas_minus_one_when_cost_is_spend(revenue, spend):
    assert np.isclose(socialroi.roi(revenue, spend), socialroi.roas(revenue, spend) - 1, rtol=1e-9, atol=1e-9)


@given(counts, positive_counts, positive_counts)
def test_cpc_is_cpm_over_thousand_ctr(spend, impressions, clicks):
    ctr = socialroi.ctr(clicks, impressions)
    assert np.isclose(
        socialroi.cpc(spend, clicks), socialroi.cpm(spend, impressions) / (1000 * ctr), rtol=1e-9
    )


@given(st.integers(1, 30).flatmap(lambda n: st.tuples(count_arrays(n), count_arrays(n, positive=True))))
def test_scalar_and_array_paths_agree_elementwise(pair):
    num, den = pair
    vector = socialroi.roas(num, den)
    assert vector.tolist() == [socialroi.roas(float(a), float(b)) for a, b in zip(num, den, strict=True)]


@given(st.integers(1, 30).flatmap(lambda n: st.tuples(count_arrays(n), count_arrays(n, positive=True))))
def test_list_array_and_series_give_the_same_numbers(pair):
    num, den = pair
    from_array = socialroi.ctr(num, den)
    from_list = socialroi.ctr(num.tolist(), den.tolist())
    from_series = socialroi.ctr(pd.Series(num), pd.Series(den))
    np.testing.assert_array_equal(from_array, from_list)
    np.testing.assert_array_equal(from_array, from_series.to_numpy())


@given(counts, counts, positive_counts)
def test_follower_growth_is_net_over_starting(new, lost, starting):
    expected = socialroi.net_followers(new, lost) / starting
    assert np.isclose(socialroi.follower_growth_rate(new, lost, starting), expected, rtol=1e-12, atol=0)


@given(st.floats(min_value=1e-3, max_value=1.0))
def test_break_even_roas_makes_roi_zero(margin):
    spend = 1_000.0
    revenue = socialroi.break_even_roas(margin) * spend
    assert np.isclose(socialroi.roi(revenue, spend, margin=margin), 0.0, atol=1e-9)
