"""Pins the public signatures of socialroi.attribution and synthetic_journeys for mypy and pyright.

Never executed: every check sits in a function that nothing calls.
"""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi import Costs
from socialroi.attribution import (
    Attribution,
    AttributionComparison,
    AttributionIntervals,
    ChannelROAS,
    Credits,
    CreditSums,
    CustomWeights,
    FirstTouch,
    Journeys,
    LastNonDirect,
    LastTouch,
    Linear,
    Model,
    PositionBased,
    TimeDecay,
    attribute,
    bootstrap,
    compare,
    default_models,
)
from socialroi.datasets import SyntheticJourneys, synthetic_journeys

Floats = NDArray[np.float64]


def journeys_builders_and_fields() -> None:
    journeys = Journeys.from_paths(["a > b"], conversions=[1])
    assert_type(journeys, Journeys)
    assert_type(Journeys.from_touchpoints([1, 1], ["a", "b"], time=[0.0, 1.0], lookback=30.0), Journeys)
    assert_type(journeys.channels, tuple[str, ...])
    assert_type(journeys.codes, NDArray[np.int32])
    assert_type(journeys.offsets, NDArray[np.int64])
    assert_type(journeys.conversions, Floats)
    assert_type(journeys.times, Floats | None)
    assert_type(journeys[journeys.conversions > 0], Journeys)
    assert_type(journeys.aggregate(), Journeys)
    assert_type(journeys.to_paths(), list[str])
    assert_type(len(journeys), int)
    assert_type(journeys.n_touches, int)
    assert_type(journeys.total_conversions, float)


def models_and_statistics(journeys: Journeys) -> None:
    model = Linear(level="channel")
    statistic = model.statistics(journeys)
    assert_type(statistic, CreditSums)
    assert_type(statistic + statistic, CreditSums)
    assert_type(model.credits(statistic), Credits)
    assert_type(model.name, str)
    generic: Model[CreditSums] = FirstTouch()
    assert_type(generic.statistics(journeys), CreditSums)
    for each in (
        LastTouch(),
        LastNonDirect(direct=("direct", "organic")),
        PositionBased(first=0.3, last=0.3),
    ):
        assert_type(each.statistics(journeys), CreditSums)
    assert_type(TimeDecay(half_life=86_400.0, lookback=None).half_life, float)
    assert_type(CustomWeights((0.3, 0.4, 0.3)).name, str)


def results(journeys: Journeys, costs: Costs) -> None:
    result = attribute(journeys, FirstTouch())
    assert_type(result, Attribution)
    assert_type(result.shares, Floats)
    assert_type(result.top(3, by="value"), list[tuple[str, float]])
    assert_type(result.roas({"a": 10.0}), ChannelROAS)
    assert_type(result.roas(costs, zero_division="raise").roas, Floats)
    assert_type(result.to_dict(), dict[str, Any])
    table = compare(journeys, models=[FirstTouch(), LastTouch()])
    assert_type(table, AttributionComparison)
    assert_type(table["first touch"], Attribution)
    assert_type(table.conversions, Floats)
    assert_type(default_models(journeys), list[Model[Any]])
    intervals = bootstrap(journeys, LastTouch(), n=100, level=0.8, seed=1, weights="multinomial")
    assert_type(intervals, AttributionIntervals)
    assert_type(intervals.interval("share"), tuple[Floats, Floats])


def datasets() -> None:
    data = synthetic_journeys(1000, channels=5, seed=2)
    assert_type(data, SyntheticJourneys)
    assert_type(data.journeys(), Journeys)
