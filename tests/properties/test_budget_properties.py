"""Invariants of socialroi.budget: exact sums, bounds, first-order optimality and metamorphic relations."""

from __future__ import annotations

import math
import warnings
from decimal import Decimal

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from socialroi.budget import (
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_to_target,
    split_budget,
)

STAGES = ("awareness", "consideration", "conversion", "loyalty", "advocacy")


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


def log_floats(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats spread evenly over orders of magnitude."""
    return floats(math.log(low), math.log(high)).map(math.exp)


concave_curves = st.one_of(
    st.builds(ExponentialCurve, beta=log_floats(10, 1e6), scale=log_floats(1, 1e5)),
    st.builds(
        HillCurve, beta=log_floats(10, 1e6), half_saturation=log_floats(1, 1e5), slope=floats(0.3, 1.0)
    ),
    st.builds(LogisticCurve, beta=log_floats(10, 1e6), lam=log_floats(1e-5, 1e-1)),
    st.builds(PowerCurve, scale=log_floats(0.1, 100), exponent=floats(0.1, 1.0)),
)


@st.composite
def problems(draw: st.DrawFn) -> tuple[float, dict[str, object], dict[str, float], dict[str, float]]:
    """A feasible allocation problem: total, curves, minimums and maximums."""
    n = draw(st.integers(1, 6))
    curves = {f"ch{i}": draw(concave_curves) for i in range(n)}
    total = draw(st.one_of(st.just(0.0), log_floats(1.0, 1e6)))
    lo = {name: draw(floats(0.0, 1.0)) * total / n for name in curves if draw(st.booleans())}
    hi = {name: lo.get(name, 0.0) + draw(floats(0.0, 1.0)) * total for name in curves if draw(st.booleans())}
    if len(hi) == n and math.fsum(hi.values()) < total:
        del hi["ch0"]
    return total, curves, lo, hi


def bounds(names, lo, hi):
    return (
        np.array([lo.get(name, 0.0) for name in names]),
        np.array([hi.get(name, math.inf) for name in names]),
    )


@given(problems())
def test_allocation_adds_up_and_respects_every_bound(problem):
    total, curves, lo, hi = problem
    plan = allocate(total, curves, min_spend=lo, max_spend=hi)
    low, high = bounds(plan.channels, lo, hi)
    assert abs(math.fsum(plan.spend) - total) <= 1e-9 * max(total, 1.0)
    assert (plan.spend >= low).all()
    assert (plan.spend <= high).all()
    assert plan.total_response >= -1e-9


@given(problems(), floats(1e-4, 1e-2))
def test_no_small_transfer_between_two_channels_improves_the_total(problem, fraction):
    total, curves, lo, hi = problem
    plan = allocate(total, curves, min_spend=lo, max_spend=hi)
    low, high = bounds(plan.channels, lo, hi)
    x = plan.spend
    listed = list(curves.values())
    tolerance = 1e-9 * (1.0 + plan.total_response)
    for i, giver in enumerate(listed):
        for j, taker in enumerate(listed):
            delta = min(fraction * total, x[i] - low[i], high[j] - x[j])
            if i == j or delta <= 0:
                continue
            gain = (taker.response(x[j] + delta) - taker.response(x[j])) - (
                giver.response(x[i]) - giver.response(x[i] - delta)
            )
            assert gain <= tolerance, (plan.channels[i], plan.channels[j], delta, gain)


@given(problems())
def test_free_channels_share_one_marginal_roas(problem):
    total, curves, lo, hi = problem
    plan = allocate(total, curves, min_spend=lo, max_spend=hi)
    free = ~plan.at_lower & ~plan.at_upper
    assume(free.any())
    assert plan.budget_marginal_roas is not None
    linear = np.array([isinstance(c, PowerCurve) and c.exponent == 1.0 for c in curves.values()])
    np.testing.assert_allclose(
        plan.marginal_roas[free & ~linear], plan.budget_marginal_roas, rtol=1e-6, atol=1e-300
    )
    lam = plan.budget_marginal_roas
    # A channel held at its minimum has a lower marginal, unless the spend λ asks of it is below the
    # float resolution of the budget (a curve vertical at zero asks for 1e-18 of a budget of 1).
    low, _ = bounds(plan.channels, lo, hi)
    wanted = np.array([curve.inverse_marginal(lam) for curve in curves.values()]) - low
    held = plan.at_lower & ~plan.at_upper & (wanted > 1e-12 * max(total, 1.0))
    # Far past saturation every marginal underflows to (almost) 0: compare with an absolute floor too.
    assert (plan.marginal_roas[held] <= lam * (1 + 1e-6) + 1e-300).all()
    assert (plan.marginal_roas[plan.at_upper & ~plan.at_lower] >= lam * (1 - 1e-6) - 1e-300).all()


def rescaled(curve, factor):
    if isinstance(curve, PowerCurve):
        return attrs.evolve(curve, scale=curve.scale * factor)
    return attrs.evolve(curve, beta=curve.beta * factor)


@given(problems(), log_floats(0.01, 100), st.randoms(use_true_random=False))
def test_relabelling_and_rescaling_keep_the_spend(problem, factor, rng):
    total, curves, lo, hi = problem
    plan = allocate(total, curves, min_spend=lo, max_spend=hi)
    order = list(curves)
    rng.shuffle(order)
    shuffled = allocate(
        total, {name: rescaled(curves[name], factor) for name in order}, min_spend=lo, max_spend=hi
    )
    expected = plan.spend_by_channel()
    for name, spend in shuffled.spend_by_channel().items():
        assert spend == pytest.approx(expected[name], rel=1e-6, abs=1e-9 * max(total, 1.0))


@given(
    st.lists(
        concave_curves
        | st.builds(
            HillCurve, beta=log_floats(10, 1e4), half_saturation=log_floats(1, 1e4), slope=floats(1.0, 4.0)
        ),
        min_size=1,
        max_size=4,
    ),
    log_floats(0.01, 100),
)
def test_each_channel_spends_to_the_target_and_no_other_spend_earns_more(curves, target):
    named = {f"ch{i}": curve for i, curve in enumerate(curves)}
    limit = 1e7
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plan = allocate_to_target(named, target, max_spend=limit)
    for curve, spend in zip(curves, plan.spend, strict=True):
        grid = np.concatenate([np.linspace(0.0, limit, 2001), np.geomspace(1e-3, limit, 2001)])
        best = float((curve.response(grid) - target * grid).max())
        profit = curve.response(spend) - target * spend
        assert profit >= best - 1e-9 * (1.0 + abs(best) + target * limit * 1e-6)


shares_maps = st.lists(st.sampled_from(STAGES), min_size=1, max_size=5, unique=True).flatmap(
    lambda stages: st.fixed_dictionaries({stage: floats(0.0, 1e3) for stage in stages})
)


@given(shares_maps, log_floats(1e-2, 1e9))
def test_split_parts_add_up_exactly(shares, total):
    assume(math.fsum(shares.values()) > 1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        parts = split_budget(total, shares, normalize=True)
    assert math.fsum(parts.values()) == total
    assert all(part >= 0 for part in parts.values())
    weight = math.fsum(shares.values())
    for stage, part in parts.items():
        assert part == pytest.approx(total * shares[stage] / weight, rel=1e-9, abs=1e-9 * total)


@given(shares_maps, st.integers(0, 10**11))
def test_split_in_cents_adds_up_and_stays_within_a_cent_of_the_quota(shares, cents):
    assume(math.fsum(shares.values()) > 1e-6)
    total = cents / 100
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        parts = split_budget(total, shares, normalize=True, round_to=0.01)
    assert sum(Decimal(repr(part)) for part in parts.values()) == Decimal(cents) / 100
    weight = math.fsum(shares.values())
    for stage, part in parts.items():
        assert Decimal(repr(part)) * 100 == int(Decimal(repr(part)) * 100)
        assert abs(part - total * shares[stage] / weight) <= 0.01 + 1e-9 * total
