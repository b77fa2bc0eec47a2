"""The synthetic campaign: deterministic, realistic shape, validated options."""

from __future__ import annotations

import datetime as dt

import pytest

from socialroi import CostCategory
from socialroi.datasets import DEFAULT_CHANNELS, synthetic_campaign
from socialroi.exceptions import InvalidInputError


def test_same_seed_same_data_and_different_seed_different_data():
    assert synthetic_campaign(seed=3) == synthetic_campaign(seed=3)
    assert synthetic_campaign(seed=3) != synthetic_campaign(seed=4)


def test_shape_of_the_campaign():
    campaign = synthetic_campaign(seed=0, months=4, currency="EUR", start=dt.date(2025, 11, 1))
    assert campaign.channels == DEFAULT_CHANNELS
    assert len(campaign.performance) == 4 * len(DEFAULT_CHANNELS)
    assert {p.currency for p in campaign.performance} == {"EUR"}
    assert campaign.performance[-1].end == dt.date(2026, 2, 28)
    assert set(campaign.costs.by_category()) == set(CostCategory) - {CostCategory.OTHER}
    assert campaign.costs.ad_spend().amount == pytest.approx(
        sum(p.spend for p in campaign.performance), abs=0.01
    )
    total = campaign.total()
    assert 0 < total.ctr < 0.1
    assert total.conversions <= total.sessions <= total.clicks <= total.impressions


def test_unknown_channels_get_a_seeded_profile():
    campaign = synthetic_campaign(seed=5, months=1, channels=("pinterest", "facebook"))
    assert campaign.by_channel()["pinterest"].impressions > 0
    assert campaign == synthetic_campaign(seed=5, months=1, channels=("pinterest", "facebook"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 0}, r"'months' must be a whole number >= 1 \(got 0\)"),
        ({"months": 1.5}, r"'months' must be a whole number >= 1 \(got 1.5\)"),
        ({"channels": ()}, r"'channels' must be distinct non-empty names \(got \(\)\)"),
        ({"channels": ("a", "a")}, r"'channels' must be distinct non-empty names"),
        ({"channels": ("a", "")}, r"'channels' must be distinct non-empty names"),
        ({"start": dt.date(2026, 1, 2)}, r"'start' must be the first day of a month \(got 2026-01-02\)"),
    ],
)
def test_invalid_options(kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        synthetic_campaign(**kwargs)
