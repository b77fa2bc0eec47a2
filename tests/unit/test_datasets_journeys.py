"""The synthetic journeys: deterministic, realistic shape, known effects, validated options."""

from __future__ import annotations

import re

import numpy as np
import pytest

from socialroi.attribution import Journeys
from socialroi.datasets import synthetic_journeys
from socialroi.exceptions import InvalidInputError


def test_same_seed_same_data():
    first, second = synthetic_journeys(500, seed=9), synthetic_journeys(500, seed=9)
    for name, column in first.columns().items():
        np.testing.assert_array_equal(column, second.columns()[name])
    assert first.true_effects == second.true_effects
    assert not np.array_equal(first.channel, synthetic_journeys(500, seed=10).channel)


def test_shape_of_the_journeys():
    data = synthetic_journeys(20_000, channels=10, seed=0)
    assert data.channels == (
        "facebook",
        "instagram",
        "linkedin",
        "tiktok",
        "email",
        "search",
        "youtube",
        "display",
        "x",
        "direct",
    )
    assert set(np.unique(data.channel)) == set(data.channels)
    assert (np.diff(data.time) >= 0).all()  # an event log in time order
    assert not data.channel.flags.writeable
    journeys = data.journeys()
    assert len(journeys) == 20_000
    assert 2.7 < journeys.n_touches / len(journeys) < 3.3
    assert journeys.lengths.max() > 8
    # repeated channels within a journey
    codes, offsets = journeys.codes, journeys.offsets
    repeats = codes[1:] == codes[:-1]
    repeats[offsets[1:-1] - 1] = False
    assert repeats.mean() > 0.2
    assert 0.02 < journeys.total_conversions / len(journeys) < 0.15
    assert journeys.total_nulls == len(journeys) - journeys.total_conversions
    assert (journeys.values[journeys.conversions > 0] > 0).all()
    converted = journeys.conversions > 0
    assert (journeys.conversion_times[converted] >= journeys.times[offsets[1:][converted] - 1]).all()
    assert data.baseline == 0.01
    assert all(0.0 < effect < 0.05 for effect in data.true_effects.values())
    assert data.true_effects["direct"] == 0.002
    assert all(value > 0 for value in data.incremental_conversions.values())
    assert sum(data.incremental_conversions.values()) < journeys.total_conversions * 2


def test_named_and_many_channels():
    named = synthetic_journeys(100, channels=["a", "b"], seed=1)
    assert named.channels == ("a", "b")
    assert set(np.unique(named.channel)) <= {"a", "b"}
    many = synthetic_journeys(100, channels=12, seed=1)
    assert many.channels[-3:] == ("channel 10", "channel 11", "direct")
    assert synthetic_journeys(10, channels=1).channels == ("direct",)


def test_options_reach_from_touchpoints():
    data = synthetic_journeys(300, seed=4)
    assert isinstance(data.journeys(lookback=3600.0), Journeys)
    assert data.journeys(lookback=1.0).n_touches < data.journeys().n_touches


@pytest.mark.parametrize(
    ("n", "channels", "message"),
    [
        (0, 10, "'n' must be a whole number >= 1 (got 0)"),
        (2.5, 10, "'n' must be a whole number >= 1 (got 2.5)"),
        (10, 0, "'channels' must be a whole number >= 1 (got 0)"),
        (10, True, "'channels' must be a number of channels or a sequence of names (got True)"),
        (10, "abc", "'channels' must be a number of channels or a sequence of names (got 'abc')"),
        (10, ["a", "a"], "'channels' must be distinct (got 'a' twice)"),
        (10, ["a", ""], "'channels[1]' must be a non-empty string (got '')"),
        (10, [], "'channels' must be at least one element (got ())"),
    ],
)
def test_errors(n, channels, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        synthetic_journeys(n, channels=channels)
