"""Pins the public signatures of socialroi.budget for mypy and pyright. Never executed: every check sits
in a function that nothing calls."""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi import Money
from socialroi.budget import (
    DEFAULT_STAGE_SHARES,
    Allocation,
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    ResponseCurve,
    allocate,
    allocate_by_stage,
    allocate_to_target,
    split_budget,
)
from socialroi.funnel import Stage

Floats = NDArray[np.float64]


def stage_split() -> None:
    assert_type(DEFAULT_STAGE_SHARES[Stage.AWARENESS], float)
    assert_type(split_budget(10_000.0), dict[Stage, float])
    assert_type(split_budget(Money(amount=1, currency="USD")), dict[Stage, Money])
    assert_type(split_budget(100.0, {"awareness": 0.5, "conversion": 0.5}), dict[Stage, float])
    assert_type(split_budget(100.0, {Stage.AWARENESS: 0.5, Stage.CONVERSION: 0.5}), dict[Stage, float])
    mixed: dict[Stage | str, float] = {Stage.AWARENESS: 0.5, "lead generation": 0.5}
    assert_type(split_budget(100.0, mixed), dict[Stage, float])
    assert_type(
        split_budget(Money(amount=1, currency="USD"), {"awareness": 1.0}, round_to=0.01), dict[Stage, Money]
    )
    assert_type(split_budget(100, normalize=True), dict[Stage, float])
    by_name: dict[str, float] = {"prospecting": 0.7, "retention": 0.3}
    by_stage: dict[Stage, int] = {Stage.AWARENESS: 1}
    assert_type(split_budget(100.0, by_name), dict[Stage, float])
    assert_type(split_budget(100.0, by_stage, normalize=True), dict[Stage, float])
    assert_type(split_budget(100.0, DEFAULT_STAGE_SHARES), dict[Stage, float])
    assert_type(next(iter(split_budget(100.0))).key, str)
    split_budget(100.0, {1: 1.0})  # type: ignore[arg-type]


def curves() -> None:
    exponential = ExponentialCurve(beta=1.0, scale=2.0)
    assert_type(exponential.response(1.0), float)
    assert_type(exponential.response([1.0, 2.0]), Floats)
    assert_type(exponential.marginal(np.array([1.0])), Floats)
    assert_type(exponential.inverse_marginal(0.5), float)
    assert_type(exponential.is_concave, bool)
    hill = HillCurve(beta=1.0, half_saturation=1.0, slope=2.0)
    assert_type(hill.peak_spend, float)
    assert_type(hill.marginal(1.0), float)
    assert_type(LogisticCurve(beta=1.0, lam=0.1).inverse_marginal([0.1]), Floats)
    assert_type(PowerCurve.fit([1.0, 2.0], [3.0, 4.0]), PowerCurve)
    assert_type(PowerCurve(scale=1.0, exponent=0.5).exponent, float)
    curve: ResponseCurve = hill
    assert_type(curve.response(2.0), float)


def allocators() -> None:
    plan = allocate(100.0, {"a": ExponentialCurve(beta=1.0, scale=1.0)}, min_spend={"a": 1.0}, max_spend=50.0)
    assert_type(plan, Allocation)
    assert_type(plan.spend, Floats)
    assert_type(plan.at_lower, NDArray[np.bool_])
    assert_type(plan.total, float)
    assert_type(plan.total_response, float)
    assert_type(plan.improvement, float | None)
    assert_type(plan.split_cost, float | None)
    assert_type(plan.budget_marginal_roas, float | None)
    assert_type(plan.spend_by_channel(), dict[str, float])
    assert_type(plan.to_dict(), dict[str, Any])
    assert_type(allocate_to_target({"a": HillCurve(beta=1.0, half_saturation=1.0)}, 2.0), Allocation)
    assert_type(allocate_to_target({"a": PowerCurve(scale=1.0, exponent=0.5)}, margin=0.4), Allocation)
    stages = {"awareness": {"a": ExponentialCurve(beta=1.0, scale=1.0)}}
    staged = allocate_by_stage(100.0, stages, {"awareness": 1.0}, current={"a": 10.0})
    assert_type(staged, Allocation)
    assert_type(staged.stages, tuple[Stage, ...] | None)
    assert_type(staged.spend_by_stage(), dict[Stage, float])
    by_enum = {Stage.CONVERSION: {"b": HillCurve(beta=1.0, half_saturation=1.0)}}
    assert_type(allocate_by_stage(100.0, by_enum, {Stage.CONVERSION: 1.0}), Allocation)
    assert_type(allocate_by_stage(100.0, by_enum), Allocation)
