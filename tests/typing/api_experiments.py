"""Pins the public signatures of socialroi.experiments for mypy and pyright. Never executed: every check
sits in a function that nothing calls."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi.attribution import Attribution
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

Floats = NDArray[np.float64]


def lifts(attribution: Attribution) -> None:
    lift = conversion_lift(
        130,
        100,
        test_size=10_000,
        control_size=10_000,
        model="beta-binomial",
        spend=1_000.0,
        value_per_conversion=40.0,
        level=0.95,
        draws=5_000,
        seed=np.random.default_rng(0),
        channel="meta",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 28),
    )
    assert_type(lift, Lift)
    assert_type(lift.incremental, float)
    assert_type(lift.incremental_interval, tuple[float, float])
    assert_type(lift.absolute_lift, float | None)
    assert_type(lift.iroas, float)
    assert_type(lift.iroas_standard_error, float)
    assert_type(lift.to_dict(), dict[str, Any])
    assert_type(lift.to_robyn(revenue=True, calibration_scope="total"), dict[str, Any])
    assert_type(lift.to_meridian(), dict[str, Any])
    assert_type(lift.to_pymc_marketing(1.0), dict[str, Any])
    assert_type(lift.rescale(attribution, ["meta"], by="value"), RescaledAttribution)
    assert_type(brand_lift(100, 40, 100, 30, reach=1e6, spend=1.0, minimum_lift=0.05), Lift)
    assert_type(time_based_regression([1.0, 2.0], np.ones(2), pre_periods=3, cost=1.0), Lift)
    assert_type(trimmed_match([1.0], [0.0], [1.0], [0.0], trim_rate=0.1, level=0.8), Lift)


def planning() -> None:
    assert_type(lift_power(0.01, 0.002, 1e4, 1e4), float)
    assert_type(lift_power(0.01, [0.0, 0.002], 1e4, 1e4, alpha=0.1), Floats)
    assert_type(minimum_detectable_lift(0.01, 1e4, 1e4, power=0.9), float)
    assert_type(minimum_detectable_lift(np.array([0.01]), 1e4, 1e4), Floats)
    assert_type(plan_lift(0.01, 0.002, control_share=0.1, daily_people=1e3, cost_per_person=0.1), LiftPlan)
    assert_type(plan_lift(0.01, 0.002).test_size, int)
    plan = plan_geo_lift([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], test_periods=2, iroas=2.0, spend_per_period=1.0)
    assert_type(plan, GeoPlan)
    assert_type(plan.periods_needed, int | None)
