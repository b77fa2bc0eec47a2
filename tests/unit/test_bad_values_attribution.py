"""Every field of every public attribution class and option meets the shared bad values (see tests/bad_values.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

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
    Markov,
    MarkovStatistics,
    OrderSelection,
    PositionBased,
    Shapley,
    ShapleyStatistics,
    TimeDecay,
    TransitionMatrix,
    attribute,
    bootstrap,
    compare,
)
from tests.bad_values import check_field

COVERED: dict[type, set[str]] = {
    Journeys: {"channels", "codes", "offsets", "conversions", "nulls", "values", "times", "conversion_times"},
    FirstTouch: set(),
    LastTouch: set(),
    LastNonDirect: {"direct"},
    Linear: {"level"},
    PositionBased: {"first", "last"},
    TimeDecay: {"half_life", "lookback"},
    CustomWeights: {"weights"},
    Markov: {"order", "removal", "allow_all_converting", "max_states"},
    Shapley: {
        "game",
        "smoothing",
        "unobserved",
        "clip_negative",
        "max_channels",
        "sampling",
        "seed",
        "ordered",
    },
    Credits: {"channels", "conversions", "value", "extras"},
    CreditSums: {"model", "channels", "conversions", "value", "journeys"},
    MarkovStatistics: {
        "channels",
        "order",
        "states",
        "sources",
        "targets",
        "counts",
        "conversions",
        "nulls",
        "values",
    },
    ShapleyStatistics: {
        "channels",
        "sets",
        "counts",
        "conversions",
        "values",
        "paths",
        "path_conversions",
        "path_values",
    },
    TransitionMatrix: {"states", "probabilities"},
    OrderSelection: {"orders", "criterion", "scores", "log_likelihoods", "parameters"},
    Attribution: {"model", "channels", "conversions", "value", "extras"},
    ChannelROAS: {"model", "channels", "spend", "conversions", "value", "roas", "cpa", "currency"},
    AttributionComparison: {"attributions"},
    AttributionIntervals: {
        "estimate",
        "channels",
        "level",
        "weights",
        "replicates_conversions",
        "replicates_value",
        "spend",
    },
}
"""For each public attrs class of `socialroi.attribution`, the ``__init__`` fields covered below."""

PATHS = Journeys.from_paths(["a > b", "b"], conversions=[1, 0], nulls=[1, 2], values=[10.0, 0.0])
ESTIMATE = attribute(PATHS, LastTouch())

Build = Callable[[Any], object]


def _record(cls: Callable[..., object], good: dict[str, Any], name: str) -> Build:
    return lambda value: cls(**{**good, name: value})


def _cases() -> list[tuple[str, Build, str, set[str]]]:
    cases: list[tuple[str, Build, str, set[str]]] = []

    def add(
        label: str,
        cls: Callable[..., object],
        good: dict[str, Any],
        accepts: dict[str, set[str]],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        cases.extend(
            (label, _record(cls, good, name), name, accepts.get(name, set()))
            for name in good
            if name not in skip
        )

    journeys = {
        "channels": ("a", "b"),
        "codes": [0, 1, 1],
        "offsets": [0, 2, 3],
        "conversions": [1.0, 0.0],
        "nulls": [1.0, 2.0],
        "values": [10.0, 0.0],
        "times": [0.0, 1.0, 5.0],
        "conversion_times": [2.0, np.nan],
    }
    add("Journeys", Journeys, journeys, {})
    add("LastNonDirect", LastNonDirect, {"direct": "direct"}, {"direct": {"string"}})
    add("Linear", Linear, {"level": "touch"}, {})
    add(
        "PositionBased",
        PositionBased,
        {"first": 0.4, "last": 0.4},
        {},
    )
    add(
        "TimeDecay",
        TimeDecay,
        {"half_life": 3600.0, "lookback": None},
        {"half_life": {"np_int64"}, "lookback": {"np_int64"}},
    )
    add("CustomWeights", CustomWeights, {"weights": (1.0, 1.0, 1.0)}, {})
    add(
        "Markov",
        Markov,
        {"order": 1, "removal": "null", "allow_all_converting": False, "max_states": 10},
        {"order": {"np_int64"}, "max_states": {"np_int64"}, "allow_all_converting": {"bool"}},
    )
    add(
        "Shapley",
        Shapley,
        {
            "game": "conversion_rate",
            "smoothing": 1.0,
            "unobserved": "max_subset",
            "clip_negative": False,
            "max_channels": 5,
            "sampling": None,
            "seed": 0,
            "ordered": False,
        },
        {
            "smoothing": {"np_int64"},
            "clip_negative": {"bool"},
            "max_channels": {"np_int64"},
            "sampling": {"np_int64"},
            "seed": {"np_int64"},
            "ordered": {"bool"},
        },
    )
    add("Credits", Credits, {"channels": ("a",), "conversions": [1.0], "value": [2.0], "extras": {}}, {})
    add(
        "CreditSums",
        CreditSums,
        {"model": "m", "channels": ("a",), "conversions": [1.0], "value": [2.0], "journeys": 1},
        {"model": {"string"}, "journeys": {"np_int64"}},
    )
    markov = {
        "channels": ("a",),
        "order": 1,
        "states": [[-1], [0]],
        "sources": [0],
        "targets": [1],
        "counts": [1.0],
        "conversions": [0.0, 1.0],
        "nulls": [0.0, 0.0],
        "values": [0.0, 0.0],
    }
    add("MarkovStatistics", MarkovStatistics, markov, {}, skip=frozenset({"order"}))

    def markov_of_order(order: Any) -> object:
        whole = isinstance(order, int | np.integer) and not isinstance(order, bool) and order >= 1
        width = int(order) if whole else 1
        states = [[-1] * width, [-1] * (width - 1) + [0]]
        return MarkovStatistics(**{**markov, "order": order, "states": states})

    cases.append(("MarkovStatistics", markov_of_order, "order", {"np_int64"}))
    shapley = {
        "channels": ("a",),
        "sets": [1],
        "counts": [1.0],
        "conversions": [1.0],
        "values": [0.0],
        "paths": [[0]],
        "path_conversions": [1.0],
        "path_values": [0.0],
    }
    add("ShapleyStatistics", ShapleyStatistics, shapley, {})
    add(
        "TransitionMatrix",
        TransitionMatrix,
        {"states": ("CONV", "NULL"), "probabilities": np.eye(2)},
        {},
    )
    add(
        "OrderSelection",
        OrderSelection,
        {
            "orders": (1,),
            "criterion": "bic",
            "scores": (1.0,),
            "log_likelihoods": (-1.0,),
            "parameters": (1,),
        },
        {},
    )
    add(
        "Attribution",
        Attribution,
        {"model": "m", "channels": ("a",), "conversions": [1.0], "value": [2.0], "extras": {}},
        {"model": {"string"}},
    )
    add(
        "ChannelROAS",
        ChannelROAS,
        {
            "model": "m",
            "channels": ("a",),
            "spend": [1.0],
            "conversions": [1.0],
            "value": [2.0],
            "roas": [2.0],
            "cpa": [1.0],
            "currency": None,
        },
        {"model": {"string"}, "currency": {"string"}},
    )
    add("AttributionComparison", AttributionComparison, {"attributions": (ESTIMATE,)}, {})
    add(
        "AttributionIntervals",
        AttributionIntervals,
        {
            "estimate": ESTIMATE,
            "channels": ESTIMATE.channels,
            "level": 0.9,
            "weights": "poisson",
            "replicates_conversions": np.zeros((2, 2)),
            "replicates_value": np.zeros((2, 2)),
            "spend": None,
        },
        {},
    )
    # Builders and functions: their options.
    paths = {
        "paths": ["a > b", "b"],
        "conversions": [1, 0],
        "nulls": [0, 1],
        "values": [5.0, 0.0],
        "sep": ">",
    }
    add(
        "Journeys.from_paths",
        lambda **kw: Journeys.from_paths(kw.pop("paths"), **kw),
        paths,
        {"sep": {"string"}},
    )
    touches = {
        "journey_id": ["u", "u", "v"],
        "channel": ["a", "b", "a"],
        "time": [0.0, 1.0, 2.0],
        "converted": [0, 1, 0],
        "value": [0.0, 5.0, 0.0],
        "conversion_time": [np.nan, 3.0, np.nan],
        "split_at_conversions": False,
        "lookback": None,
    }

    def from_touchpoints(**kw: Any) -> object:
        return Journeys.from_touchpoints(kw.pop("journey_id"), kw.pop("channel"), **kw)

    add(
        "Journeys.from_touchpoints",
        from_touchpoints,
        touches,
        {"split_at_conversions": {"bool"}, "lookback": {"np_int64"}},
    )
    add(
        "attribute",
        lambda **kw: attribute(kw.pop("journeys"), **kw),
        {"journeys": PATHS, "model": LastTouch()},
        {},
    )
    add(
        "compare",
        lambda **kw: compare(kw.pop("journeys"), **kw),
        {"journeys": PATHS, "models": [LastTouch()]},
        {},
    )
    add(
        "bootstrap",
        lambda **kw: bootstrap(kw.pop("journeys"), kw.pop("model"), **kw),
        {
            "journeys": PATHS,
            "model": LastTouch(),
            "n": 3,
            "level": 0.9,
            "seed": 0,
            "spend": None,
            "weights": "poisson",
        },
        {"n": {"np_int64"}, "seed": {"np_int64"}},
    )
    add(
        "Markov.select_order",
        lambda **kw: Markov.select_order(kw.pop("journeys"), **kw),
        {"journeys": PATHS, "max_order": 2, "criterion": "bic", "holdout": 0.2, "smoothing": 1.0, "seed": 0},
        {"max_order": {"np_int64"}, "seed": {"np_int64"}, "smoothing": {"np_int64"}},
    )
    return cases


CASES = _cases()


@pytest.mark.parametrize(("label", "build", "name", "accepts"), CASES, ids=[f"{c[0]}.{c[2]}" for c in CASES])
def test_bad_values(label: str, build: Build, name: str, accepts: set[str]) -> None:
    check_field(build, name, accepts=accepts)


def test_covered_lists_every_init_field_of_the_records() -> None:
    import attrs

    for cls, names in COVERED.items():
        fields = {field.alias for field in attrs.fields(cls) if field.init}
        assert names == fields, cls
        tested = {case[2] for case in CASES if case[0] == cls.__name__}
        assert names <= tested, cls
