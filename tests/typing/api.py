"""Pins the public signatures for mypy and pyright. Never executed: every check sits in a function
that nothing calls."""

from __future__ import annotations

from typing import assert_type

import numpy as np
from numpy.typing import NDArray

import socialroi
from socialroi import CostCategory, CostItem, Costs, Money, Performance
from socialroi.datasets import Campaign, synthetic_campaign

Floats = NDArray[np.float64]


def metrics_scalars_give_floats() -> None:
    assert_type(socialroi.roas(5000.0, 1000.0), float)
    assert_type(socialroi.roas(5000, 1000), float)
    assert_type(socialroi.roi(1.0, 2.0, margin=0.5), float)
    assert_type(socialroi.cpm(1.0, 2.0, zero_division="raise"), float)
    assert_type(socialroi.cpc(1.0, 2.0, zero_division=0.0), float)
    assert_type(socialroi.ctr(1, 2), float)
    assert_type(socialroi.cpa(1.0, 2.0), float)
    assert_type(socialroi.cpl(1.0, 2.0), float)
    assert_type(socialroi.cpv(1.0, 2.0), float)
    assert_type(socialroi.cpe(1.0, 2.0), float)
    assert_type(socialroi.cac(1.0, 2.0), float)
    assert_type(socialroi.conversion_rate(1.0, 2.0), float)
    assert_type(socialroi.engagement_rate(1.0, impressions=2.0), float)
    assert_type(socialroi.frequency(1.0, 2.0), float)
    assert_type(socialroi.view_rate(1.0, 2.0), float)
    assert_type(socialroi.completion_rate(1.0, 2.0), float)
    assert_type(socialroi.net_followers(1.0, 2.0), float)
    assert_type(socialroi.follower_growth_rate(1.0, 2.0, 3.0), float)
    assert_type(socialroi.amplification_rate(1.0, per=2.0), float)
    assert_type(socialroi.applause_rate(1.0, per=2.0), float)
    assert_type(socialroi.conversation_rate(1.0, per=2.0), float)
    assert_type(socialroi.virality_rate(1.0, 2.0), float)
    assert_type(socialroi.share_of_voice(1.0, 2.0), float)
    assert_type(socialroi.bounce_rate(1.0, 2.0), float)
    assert_type(socialroi.average_order_value(1.0, 2.0), float)
    assert_type(socialroi.ltv(1.0, 0.5, margin=0.5), float)
    assert_type(socialroi.ltv_to_cac(1.0, 2.0), float)
    assert_type(socialroi.payback_period(1.0, 2.0), float)
    assert_type(socialroi.break_even_roas(0.5), float)
    assert_type(socialroi.incremental_roas(1.0, 2.0, 3.0), float)
    assert_type(socialroi.marginal_roas(1.0, 2.0), float)


def metrics_arrays_give_arrays(a: Floats, b: list[float]) -> None:
    assert_type(socialroi.roas(a, a), Floats)
    assert_type(socialroi.roas(b, 1.0), Floats)
    assert_type(socialroi.roi(a, a, margin=a), Floats)
    assert_type(socialroi.cpm(a, b), Floats)
    assert_type(socialroi.ctr(a, a), Floats)
    assert_type(socialroi.engagement_rate(a, reach=a), Floats)
    assert_type(socialroi.net_followers(a, a), Floats)
    assert_type(socialroi.ltv(a, a), Floats)
    assert_type(socialroi.break_even_roas(a), Floats)


def records() -> None:
    usd = Money(amount=1.0, currency="USD")
    assert_type(usd + usd, Money)
    assert_type(usd * 2, Money)
    assert_type(usd < usd, bool)
    performance = Performance(clicks=1.0, impressions=2.0)
    assert_type(performance.ctr, float)
    assert_type(performance + performance, Performance)
    assert_type(performance.clicks, float | None)
    item = CostItem.staff_time(hours=1.0, hourly_rate=usd)
    costs = Costs(items=[item])
    assert_type(costs.total(), Money)
    assert_type(costs.by_category(), dict[CostCategory, Money])
    assert_type(costs.by_channel(), dict[str | None, Money])
    assert_type(costs.filter(category="tools"), Costs)
    assert_type(costs.convert("EUR", {"USD": 0.9}), Costs)


def datasets() -> None:
    assert_type(synthetic_campaign(seed=1), Campaign)
    assert_type(synthetic_campaign().by_channel(), dict[str, Performance])
