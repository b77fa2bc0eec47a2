"""Unit tests of socialroi.datasets.synthetic_mmm: the truth is consistent with the data, seeded, checked."""

from __future__ import annotations

import re

import numpy as np
import pytest

from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import InvalidInputError


def test_revenue_is_baseline_plus_true_contributions_without_noise():
    data = synthetic_mmm(weeks=60, channels=3, noise=0.0, seed=4)
    media = sum(data.contributions[name] for name in data.channels)
    assert np.allclose(data.revenue, data.baseline + media, rtol=1e-12)


def test_the_truth_follows_from_adstock_and_curve():
    data = synthetic_mmm(weeks=80, channels=("meta", "tiktok"), seed=5)
    for name in data.channels:
        spend = data.spend[name]
        adstocked = data.true_adstocks[name].transform(spend)
        expected = data.true_curves[name].response(adstocked)
        assert np.allclose(data.contributions[name], expected, rtol=1e-9)
        assert data.true_roas[name] == pytest.approx(data.true_contribution[name] / spend.sum())
        assert 0.8 <= data.true_roas[name] <= 4.0


def test_impressions_at_a_constant_price_are_proportional_to_spend():
    data = synthetic_mmm(weeks=60, channels=3, seed=2)
    for name in data.channels:
        spend, shown = data.spend[name], data.impressions[name]
        cpm = 1000.0 * spend[spend > 0] / shown[spend > 0]
        assert np.allclose(cpm, cpm[0], rtol=1e-12) and 4.0 <= cpm[0] <= 15.0
        assert (shown[spend == 0] == 0).all() and not shown.flags.writeable


def test_a_moving_price_leaves_the_spend_and_moves_the_response_to_impressions():
    still, moving = (
        synthetic_mmm(weeks=104, channels=2, seed=6),
        synthetic_mmm(weeks=104, channels=2, price_swing=0.6, seed=6),
    )
    assert all(np.array_equal(still.spend[name], moving.spend[name]) for name in still.channels)
    assert still.true_adstocks == moving.true_adstocks
    for name in moving.channels:
        spend, shown = moving.spend[name], moving.impressions[name]
        cpm = 1000.0 * spend[spend > 0] / shown[spend > 0]
        assert cpm.max() / cpm.min() > 2.0  # +-60 % around the level: up to a factor 4
        per_spend = shown.sum() / spend.sum()
        adstocked = moving.true_adstocks[name].transform(shown) / per_spend
        assert np.allclose(
            moving.contributions[name], moving.true_curves[name].response(adstocked), rtol=1e-9
        )
        assert moving.true_roas[name] == pytest.approx(moving.true_contribution[name] / spend.sum())


def test_spend_has_flighting_with_dark_weeks():
    data = synthetic_mmm(weeks=156, channels=4, seed=0)
    for name in data.channels:
        spend = data.spend[name]
        assert (spend == 0).any() and (spend > 0).mean() > 0.5
        assert not spend.flags.writeable


def test_same_seed_same_data_and_names():
    a, b = synthetic_mmm(seed=3), synthetic_mmm(seed=3)
    assert np.array_equal(a.revenue, b.revenue)
    assert a.channels == ("facebook", "instagram", "linkedin", "tiktok", "email", "search")
    assert not np.array_equal(a.revenue, synthetic_mmm(seed=4).revenue)
    assert synthetic_mmm(weeks=20, channels=11).channels[-1] == "channel 11"


def test_errors():
    with pytest.raises(
        InvalidInputError, match=re.escape("'weeks' must be a whole number from 20 to 10000 (got 19)")
    ):
        synthetic_mmm(weeks=19)
    with pytest.raises(
        InvalidInputError, match=re.escape("'channels' must be a whole number from 1 to 1000 (got 0)")
    ):
        synthetic_mmm(channels=0)
    with pytest.raises(InvalidInputError, match=re.escape("'channels' must be distinct (got 'a' twice)")):
        synthetic_mmm(channels=("a", "a"))
    with pytest.raises(InvalidInputError, match=re.escape("'noise' must be >= 0 and finite (got -0.1)")):
        synthetic_mmm(noise=-0.1)
    for swing in (-0.1, 1.0):
        with pytest.raises(
            InvalidInputError, match=re.escape(f"'price_swing' must be between 0 and 0.9 (got {swing})")
        ):
            synthetic_mmm(price_swing=swing)
    with pytest.raises(InvalidInputError, match=re.escape("'seed' must be a whole number >= 0 (got -1)")):
        synthetic_mmm(seed=-1)


def test_every_synthetic_dataset_pickles_deep_copies_and_holds_read_only_mappings():
    import copy
    import pickle

    from socialroi.datasets import synthetic_campaign, synthetic_journeys

    touches = synthetic_journeys(200, seed=1)  # compared by identity: its rows are the data
    loaded = pickle.loads(pickle.dumps(touches))  # noqa: S301  # our own bytes
    assert np.array_equal(loaded.time, touches.time) and loaded.true_effects == touches.true_effects
    with pytest.raises(TypeError):
        touches.true_effects["x"] = 0.0  # type: ignore[index]
    for data, field in (
        (synthetic_mmm(weeks=30, channels=2, seed=1), "true_roas"),
        (synthetic_campaign(seed=1), "true_effects"),
    ):
        assert pickle.loads(pickle.dumps(data)) == data  # noqa: S301  # our own bytes
        assert copy.deepcopy(data) == data
        with pytest.raises(TypeError):
            getattr(data, field)["x"] = 0.0
