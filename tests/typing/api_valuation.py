"""Pins the public signatures of socialroi.valuation for mypy and pyright. Never executed: every check
sits in a function that nothing calls."""

from __future__ import annotations

from typing import assert_type

import numpy as np
from numpy.typing import NDArray

import socialroi
from socialroi import Money
from socialroi.valuation import (
    ActionValue,
    ActionValues,
    EngagementValue,
    customer_value,
    engagement_value,
    lead_value,
    value_actions,
    value_per_action,
)

Floats = NDArray[np.float64]


def single_action() -> None:
    like = value_per_action([100, 200], [1, 3], 50.0)
    assert_type(like, ActionValue)
    assert_type(
        value_per_action(np.array([1.0]), np.array([0.0]), Money(amount=1, currency="USD")), ActionValue
    )
    assert_type(
        value_per_action(
            [1, 2],
            [0, 1],
            10.0,
            half_life=3.0,
            lag=1,
            prior=(1.0, 100.0),
            person_level=True,
            baseline=(2.0, 100.0),
            level=0.95,
            draws=10_000,
            seed=np.random.default_rng(1),
            name="click",
        ),
        ActionValue,
    )
    assert_type(like.value, float)
    assert_type(like.interval, tuple[float, float])
    assert_type(like.causal, bool)
    assert_type(like.posterior, tuple[float, float] | None)
    assert_type(like.confounded_with, tuple[str, ...])
    assert_type(like.additive, bool)
    assert_type(socialroi.value_per_action([1], [0], 1.0), ActionValue)


def several_actions() -> None:
    values = value_actions({"like": [1, 2], "follow": [0, 1]}, [0, 1], 10.0)
    assert_type(values, ActionValues)
    assert_type(
        value_actions({"like": [1, 2]}, [0, 1], 10.0, method="ratio", prior=(1, 1), seed=3), ActionValues
    )
    assert_type(values["like"], ActionValue)
    assert_type(values.additive, bool)
    assert_type(values.unidentified, tuple[tuple[str, ...], ...])
    assert_type(values.covariance, Floats)
    assert_type(values.claimed_customers, float)
    assert_type(value_actions({"like": [1, 2]}, [0, 1], 1.0, organic=True).organic_customers, float)
    total = engagement_value(values, {"like": 100})
    assert_type(total, EngagementValue)
    assert_type(engagement_value(values["like"], 100), EngagementValue)
    assert_type(total.money(), Money)
    assert_type(total.interval, tuple[float, float])


def customer_and_lead_value() -> None:
    assert_type(customer_value(50.0, 2.0, 12.0, margin=0.3, discount_rate=0.01), float)
    assert_type(customer_value([50.0, 80.0], 1.0, 10.0), Floats)
    assert_type(customer_value(Money(amount=50, currency="USD"), 2.0, 12.0, margin=0.3), Money)
    assert_type(socialroi.customer_value(Money(amount=50, currency="USD"), 2.0, 12.0), Money)
    assert_type(lead_value(0.04, 1200.0, margin=0.7), float)
    assert_type(lead_value(0.04, Money(amount=1200, currency="USD")), Money)
    assert_type(lead_value([0.04, 0.1], 1000.0), Floats)
    assert_type(socialroi.lead_value(0.1, 10.0), float)
