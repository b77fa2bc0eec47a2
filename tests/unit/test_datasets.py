"""The synthetic campaign: deterministic, realistic shape, validated options."""

from __future__ import annotations

import datetime as dt

import pytest

from socialroi import CostCategory
from socialroi.datasets import DEFAULT_CHANNELS, synthetic_campaign
from socialroi.exceptions import InvalidInputError
from socialroi.report import ROIReport


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
    # Every cost covers its month, so the campaign makes a monthly series as it is.
    assert {item.period for item in campaign.costs} == {(p.start, p.end) for p in campaign.performance}
    series = ROIReport.series(campaign.costs, performance=campaign.performance)
    assert series.labels == ("2025-11", "2025-12", "2026-01", "2026-02")
    assert series.kpi("total", "ad_spend").sum() == pytest.approx(campaign.costs.ad_spend().amount)


def test_unknown_channels_get_a_seeded_profile():
    campaign = synthetic_campaign(seed=5, months=1, channels=("pinterest", "facebook"))
    assert campaign.by_channel()["pinterest"].impressions > 0
    assert campaign == synthetic_campaign(seed=5, months=1, channels=("pinterest", "facebook"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 0}, r"'months' must be a whole number >= 1 \(got 0\)"),
        ({"months": 1.5}, r"'months' must be a whole number >= 1 \(got 1.5\)"),
        ({"channels": ()}, r"'channels' must be at least one element \(got \(\)\)"),
        ({"channels": ("a", "a")}, r"'channels' must be distinct \(got 'a' twice\)"),
        ({"channels": ("a", "")}, r"'channels\[1\]' must be a non-empty string \(got ''\)"),
        ({"start": dt.date(2026, 1, 2)}, r"'start' must be the first day of a month \(got 2026-01-02\)"),
    ],
)
def test_invalid_options(kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        synthetic_campaign(**kwargs)


def test_campaign_journeys_share_the_channels_and_carry_true_effects():
    campaign = synthetic_campaign(seed=2, journeys=5_000)
    assert len(campaign.journeys) >= 5_000  # a customer who converts twice makes two journeys
    assert campaign.journeys.total_conversions > 0
    assert set(campaign.journeys.channels) == {*campaign.channels, "direct"}
    assert set(campaign.true_effects) == {*campaign.channels, "direct"}
    assert all(effect >= 0 for effect in campaign.true_effects.values())
    with_direct = synthetic_campaign(seed=2, months=1, channels=("direct", "search"), journeys=100)
    assert set(with_direct.journeys.channels) <= {"direct", "search"}


def test_journeys_follow_given_popularity_and_effects():
    from socialroi.datasets import synthetic_journeys

    data = synthetic_journeys(
        2_000, channels=("a", "b"), seed=1, popularity={"a": 3.0, "b": 0.0}, effects={"a": 0.0, "b": 0.5}
    )
    assert set(data.channel.tolist()) == {"a"}
    assert data.true_effects == {"a": 0.0, "b": 0.5}
    assert data.incremental_conversions["a"] == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"popularity": {"a": 1.0}}, r"'popularity' must give every channel \(a, b\) \(got a\)"),
        ({"popularity": {"a": 0.0, "b": 0.0}}, r"'popularity' must give some channel a weight > 0"),
        ({"popularity": {"a": -1.0, "b": 1.0}}, r"'popularity\[a\]' must be >= 0 and finite \(got -1.0\)"),
        ({"effects": {"a": 1.0, "b": 0.1}}, r"'effects\[a\]' must be in \[0, 1\) \(got 1.0\)"),
    ],
)
def test_journey_parameters_are_validated(kwargs, message):
    from socialroi.datasets import synthetic_journeys

    with pytest.raises(InvalidInputError, match=message):
        synthetic_journeys(10, channels=("a", "b"), **kwargs)
