"""Every option of `socialroi.experiments`' public functions meets the shared bad values.

``conversion_lift``, ``brand_lift``, ``lift_power``, ``minimum_detectable_lift``, ``plan_lift``,
``plan_geo_lift``, ``time_based_regression`` and ``trimmed_match``; every public result pickles,
deep-copies and gives strict JSON. ``accepts`` lists the kinds an option legitimately takes (an
``np.int64`` count is a count; the array functions propagate NaN).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest

from socialroi.attribution import Attribution
from socialroi.exceptions import InvalidInputError
from socialroi.experiments import (
    GeoPlan,
    Lift,
    LiftPlan,
    RescaledAttribution,
    brand_lift,
    conversion_lift,
    lift_power,
    minimum_detectable_lift,
    plan_geo_lift,
    plan_lift,
    time_based_regression,
    trimmed_match,
)
from tests.bad_values import check_field

INT = {"np_int64"}
TEXT = {"string"}

SIZE = {"nan", "inf", "np_int64"}  # a derived size: NaN propagates, inf is an overflow
FIELDS: dict[type, dict[str, set[str]]] = {
    LiftPlan: {
        "baseline_rate": set(),
        "absolute_lift": set(),
        "relative_lift": {"inf", "np_int64"},  # a baseline rate of 0
        "alpha": set(),
        "power": set(),
        "control_share": set(),
        "test_size": INT,
        "control_size": INT,
        "total_size": INT,
        "days": INT,
        "budget": INT,
    },
    GeoPlan: {
        "test_periods": INT,
        "pre_periods": set(),
        "alpha": set(),
        "power": set(),
        "residual_sd": SIZE,
        "standard_error": SIZE,
        "minimum_detectable_response": SIZE,
        "minimum_detectable_iroas": SIZE,
        "budget": INT,
        "budget_needed": SIZE,
        "periods_needed": INT,
    },
    Lift: {
        "design": set(),
        "metric": TEXT,
        "channel": TEXT,
        "start": set(),
        "end": set(),
        "level": set(),
        "incremental": {"negative", "nan", "np_int64"},  # a loss, or not measured
        "incremental_interval": set(),
        "relative_lift": {"negative", "nan", "inf", "np_int64"},  # over a counterfactual of 0
        "relative_lift_interval": set(),
        "absolute_lift": {"negative", "nan", "np_int64"},
        "absolute_lift_interval": set(),
        "probability_positive": set(),
        "spend": INT,
        "iroas": {"negative", "nan", "np_int64"},
        "iroas_interval": set(),
        "iroas_standard_error": SIZE,
        "cost_per_incremental": SIZE,  # infinite when the test bought nothing
        "cost_per_incremental_interval": set(),
        "test_outcome": INT,  # a conversion lift counts conversions: never below 0
        "control_outcome": INT,
        "test_size": INT,
        "control_size": INT,
        "counterfactual": {"nan", "np_int64"},  # NaN without the group sizes
        "model": set(),
        "interval_method": set(),
        "draws": INT,
        "seed": INT,
        "details": set(),
    },
    RescaledAttribution: {
        "attribution": set(),
        "channels": set(),
        "factor": {"negative", "nan", "inf", "np_int64"},  # a lift below 0 or without a measure
        "factor_interval": set(),
        "level": set(),
        "conversions_interval": set(),
        "value_interval": set(),
    },
}
BASES: dict[type, Callable[[], Any]] = {
    Lift: lambda: conversion_lift(
        130, 100, test_size=10_000, control_size=10_000, spend=500.0, channel="meta", draws=2_000, seed=1
    ),
    LiftPlan: lambda: plan_lift(0.01, 0.002, daily_people=1_000, cost_per_person=0.1),
    RescaledAttribution: lambda: conversion_lift(
        1_300, 1_000, test_size=100_000, control_size=100_000, channel="meta"
    ).rescale(Attribution(model="linear", channels=["meta"], conversions=[600], value=[24_000])),
    GeoPlan: lambda: plan_geo_lift(
        TREATMENT[:14], CONTROL[:14], test_periods=6, budget=1_000.0, iroas=2.0, spend_per_period=100.0
    ),
}

COVERED: dict[type, set[str]] = {cls: set(fields) for cls, fields in FIELDS.items()}
"""For each result record of `socialroi.experiments` covered so far, the ``__init__`` fields covered."""

RNG = np.random.default_rng(1)
CONTROL = 100 + 10 * RNG.normal(size=20)
TREATMENT = 1.5 * CONTROL + 10 + RNG.normal(size=20)
TREATMENT[14:] += 30
PAIRS = (
    np.array([10.0, 12, 15, 20, 22, 30, 31, 40]),
    np.array([9.0, 10, 12, 15, 18, 20, 25, 30]),
    np.array([5.0, 6, 7, 8, 9, 10, 11, 12]),
    np.zeros(8),
)
SIZES = {"test_size": 100_000, "control_size": 100_000, "draws": 2_000}

Case = tuple[str, Callable[..., object], tuple[Any, ...], dict[str, Any], dict[str, set[str]]]
CASES: list[Case] = [
    (
        "conversion_lift",
        conversion_lift,
        (1, 1),
        {**SIZES, "spend": 500.0},
        {
            "test_size": INT,
            "control_size": INT,
            "model": set(),
            "spend": INT,
            "value_per_conversion": INT,
            "revenue": INT,
            "level": set(),
            "draws": set(),
            "seed": INT,
            "channel": TEXT,
            "start": set(),
            "end": set(),
        },
    ),
    (
        "brand_lift",
        brand_lift,
        (1_000, 1, 1_000, 1),
        {"draws": 2_000},
        {
            "reach": INT,
            "spend": INT,
            "minimum_lift": set(),
            "alpha": set(),
            "power": set(),
            "question": TEXT,
            "level": set(),
            "draws": set(),
            "seed": INT,
            "channel": TEXT,
            "start": set(),
            "end": set(),
        },
    ),
    ("lift_power", lift_power, (0.01, 0.002, 50_000, 50_000), {}, {"alpha": set()}),
    (
        "minimum_detectable_lift",
        minimum_detectable_lift,
        (0.01, 50_000, 50_000),
        {},
        {"alpha": set(), "power": set()},
    ),
    (
        "plan_lift",
        plan_lift,
        (0.01, 0.002),
        {},
        {"alpha": set(), "power": set(), "control_share": set(), "daily_people": INT, "cost_per_person": INT},
    ),
    (
        "plan_geo_lift",
        plan_geo_lift,
        (TREATMENT[:14], CONTROL[:14]),
        {"test_periods": 6},
        {
            "test_periods": INT,
            "alpha": set(),
            "power": set(),
            "budget": INT,
            "iroas": INT,
            "spend_per_period": INT,
        },
    ),
    (
        "time_based_regression",
        time_based_regression,
        (TREATMENT, CONTROL),
        {"pre_periods": 14, "cost": 100.0},
        {"pre_periods": set(), "cost": INT, "level": set(), "channel": TEXT, "start": set(), "end": set()},
    ),
    (
        "trimmed_match",
        trimmed_match,
        PAIRS,
        {},
        {
            "trim_rate": set(),
            "max_trim_rate": set(),
            "level": set(),
            "channel": TEXT,
            "start": set(),
            "end": set(),
        },
    ),
]


@pytest.mark.parametrize(
    ("function", "args", "base", "name", "accepts"),
    [
        (f, args, base, name, accepts)
        for _, f, args, base, fields in CASES
        for name, accepts in fields.items()
    ],
    ids=[f"{label}-{name}" for label, _, _, _, fields in CASES for name in fields],
)
def test_options(function, args, base, name, accepts):
    check_field(lambda v: function(*args, **{**base, name: v}), name, accepts=accepts)


POSITIONAL: list[
    tuple[Callable[..., object], tuple[str, ...], tuple[Any, ...], dict[str, Any], dict[str, set[str]]]
] = [
    (
        conversion_lift,
        ("test_conversions", "control_conversions"),
        (13, 10),
        SIZES,
        {"test_conversions": INT, "control_conversions": INT},
    ),
    (
        brand_lift,
        ("exposed_respondents", "exposed_positive", "control_respondents", "control_positive"),
        (1_000, 1, 1_000, 1),
        {"draws": 2_000},
        {
            "exposed_respondents": INT,
            "exposed_positive": INT,
            "control_respondents": INT,
            "control_positive": INT,
        },
    ),
    (
        plan_lift,
        ("baseline_rate", "absolute_lift"),
        (0.01, 0.002),
        {},
        {"baseline_rate": set(), "absolute_lift": set()},
    ),
]


@pytest.mark.parametrize(
    ("function", "names", "args", "base", "name", "accepts"),
    [
        (f, names, args, base, name, fields[name])
        for f, names, args, base, fields in POSITIONAL
        for name in names
    ],
    ids=[f"{f.__name__}-{name}" for f, names, _, _, _ in POSITIONAL for name in names],
)
def test_positional_arguments(function, names, args, base, name, accepts):
    index = names.index(name)

    def build(value: object) -> object:
        return function(*(value if i == index else a for i, a in enumerate(args)), **base)

    check_field(build, name, accepts=accepts)


def test_brand_lift_refuses_bad_alpha_and_power_without_minimum_lift():
    # regression: alpha and power were only read with minimum_lift, so alpha="text" was silently ignored
    with pytest.raises(InvalidInputError, match=r"^'alpha' must be a number \(got 'text'\)$"):
        brand_lift(1_000, 300, 1_000, 250, alpha="text")
    with pytest.raises(InvalidInputError, match=r"^'power' must be .+ \(got nan\)$"):
        brand_lift(1_000, 300, 1_000, 250, power=float("nan"))


# --- every public result pickles, deep-copies and gives strict JSON ----------------------------------------


def results() -> list[Any]:
    lift = conversion_lift(1_300, 1_000, **SIZES, spend=5_000.0, value_per_conversion=40.0, channel="meta")
    attribution = Attribution(
        channels=("meta", "tiktok"),
        conversions=np.array([10.0, 20.0]),
        value=np.array([100.0, 200.0]),
        model="last touch",
    )
    return [
        lift,
        brand_lift(1_000, 300, 1_000, 250, draws=2_000),
        time_based_regression(TREATMENT, CONTROL, pre_periods=14, cost=100.0),
        trimmed_match(*PAIRS),
        plan_lift(0.01, 0.002, daily_people=1_000, cost_per_person=0.1),
        plan_geo_lift(
            TREATMENT[:14], CONTROL[:14], test_periods=6, budget=1_000.0, iroas=2.0, spend_per_period=100.0
        ),
        lift.rescale(attribution, "meta"),
    ]


@pytest.mark.parametrize("result", results(), ids=lambda r: type(r).__name__)
def test_results_pickle_deep_copy_and_give_strict_json(result):
    # compared through their strict JSON: NaN fields (no spend, no iroas) are never == themselves
    expected = json.dumps(result.to_dict(), allow_nan=False)
    assert json.dumps(pickle.loads(pickle.dumps(result)).to_dict(), allow_nan=False) == expected  # noqa: S301
    assert json.dumps(copy.deepcopy(result).to_dict(), allow_nan=False) == expected


def test_covered_is_every_init_field():
    for cls, names in COVERED.items():
        assert names == {f.alias for f in attrs.fields(cls) if f.init}, cls


@pytest.mark.parametrize(
    ("cls", "name"), [(cls, name) for cls, fields in FIELDS.items() for name in fields], ids=str
)
def test_fields(cls, name):
    base = BASES[cls]()
    check_field(lambda v: attrs.evolve(base, **{name: v}), name, accepts=FIELDS[cls][name])


@pytest.mark.parametrize("name", ["factor_interval", "conversions_interval"])
def test_rescaled_attribution_intervals_keep_nan_and_refuse_bad_items(name):
    base = BASES[RescaledAttribution]()
    pair = (math.nan, math.inf) if name == "factor_interval" else {"meta": (-math.inf, math.nan)}
    assert json.dumps(attrs.evolve(base, **{name: pair}).to_dict(), allow_nan=False)
    bad = (1.0, "x") if name == "factor_interval" else {"meta": (1.0, True)}
    with pytest.raises(InvalidInputError, match=rf"^'{name}(\[meta\])?\[1\]' must be a number"):
        attrs.evolve(base, **{name: bad})
    with pytest.raises(InvalidInputError, match=rf"^'{name}' must be"):
        attrs.evolve(base, **{name: (1.0, 2.0, 3.0) if name == "factor_interval" else [(1.0, 2.0)]})


# --- a lift whose parts disagree cannot exist ---------------------------------------------------------------


def test_a_lift_refuses_a_model_or_interval_method_of_another_design():
    lift = BASES[Lift]()
    with pytest.raises(
        InvalidInputError,
        match=r"^'model' must be 'beta-binomial' or 'gamma-poisson' for a conversion lift \(got 'regression'\)$",
    ):
        attrs.evolve(lift, model="regression")
    with pytest.raises(
        InvalidInputError,
        match=r"^'interval_method' must be 'monte-carlo' for a conversion lift \(got 'student-t'\)$",
    ):
        attrs.evolve(lift, interval_method="student-t")


def test_a_lift_refuses_reversed_intervals_and_dates():
    lift = BASES[Lift]()
    low, high = lift.incremental_interval
    with pytest.raises(
        InvalidInputError, match=r"^'incremental_interval' must be an interval \(low, high\) with"
    ):
        attrs.evolve(lift, incremental_interval=(high, low))
    with pytest.raises(InvalidInputError, match=r"^'end' must be on or after 'start' \(2024-03-01\)"):
        attrs.evolve(lift, start=dt.date(2024, 3, 1), end=dt.date(2024, 2, 1))


def test_a_lift_details_are_a_read_only_copy():
    lift = BASES[Lift]()
    given = {"draws": 2_000.0}
    changed = attrs.evolve(lift, details=given)
    given["draws"] = 1.0
    assert changed.details["draws"] == 2_000.0
    with pytest.raises(TypeError):
        changed.details["draws"] = 1.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(changed)).to_dict() == changed.to_dict()  # noqa: S301
