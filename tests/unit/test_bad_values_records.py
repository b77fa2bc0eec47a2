"""Every field of the records and the metrics' ``zero_division`` option meets the shared bad values.

``accepts`` lists the kinds a field legitimately takes: a negative revenue is a refund, an ``np.int64``
count is a count, a channel is a string. Every other kind raises `InvalidInputError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from socialroi import CostItem, Costs, Money, Performance, metrics
from socialroi.exceptions import InvalidInputError
from tests.bad_values import check_field

COUNTS = (
    "impressions",
    "reach",
    "clicks",
    "link_clicks",
    "engagements",
    "reactions",
    "comments",
    "shares",
    "saves",
    "follows",
    "unfollows",
    "followers",
    "video_views",
    "views_25",
    "views_50",
    "views_75",
    "views_100",
    "sessions",
    "bounced_sessions",
    "engagement_seconds",
    "leads",
    "conversions",
    "orders",
    "new_customers",
    "spend",
    "mentions",
    "market_mentions",
    "direct_messages",
    "micro_conversions",
    "inquiries",
    "qualified_leads",
    "customers",
    "repeat_customers",
    "reviews",
    "positive_reviews",
    "rating",
    "engaged_users",
    "ad_recall_lift",
    "influencer_impressions",
    "influencer_engagements",
    "affiliate_signups",
    "affiliate_sessions",
    "affiliate_sales",
)
AMOUNTS = ("revenue", "affiliate_revenue")  # finite, negative allowed (refunds)

COVERED: dict[type, set[str]] = {
    Money: {"amount", "currency"},
    Performance: {"channel", "start", "end", "currency", "brand_lift", *COUNTS, *AMOUNTS},
    CostItem: {"category", "amount", "label", "channel", "hours", "hourly_rate", "period"},
    Costs: {"items", "currency"},
}
"""For each public attrs class of `socialroi.records`, the ``__init__`` fields this module covers."""


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


def test_covered_is_every_init_field():
    for cls, names in COVERED.items():
        assert names == {field.alias for field in attrs.fields(cls) if field.init}, cls.__name__


# --- Money --------------------------------------------------------------------------------------------


def test_money_amount():
    check_field(lambda v: Money(amount=v, currency="USD"), "amount", accepts=("negative", "np_int64"))


def test_money_currency():
    check_field(lambda v: Money(amount=1, currency=v), "currency")


# --- Performance --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COUNTS)
def test_performance_counts(name):
    check_field(lambda v: Performance(**{name: v}), name, accepts=("np_int64",))


@pytest.mark.parametrize("name", AMOUNTS)
def test_performance_amounts(name):
    check_field(lambda v: Performance(**{name: v}), name, accepts=("negative", "np_int64"))


def test_performance_brand_lift():
    # -1.0 is a lift of -100 percentage points, the floor; np.int64(2) is beyond 1.
    check_field(lambda v: Performance(brand_lift=v), "brand_lift", accepts=("negative",))


def test_performance_channel_dates_and_currency():
    check_field(lambda v: Performance(channel=v), "channel", accepts=("string",))
    check_field(lambda v: Performance(start=v), "start")
    check_field(lambda v: Performance(end=v), "end")
    check_field(lambda v: Performance(currency=v), "currency")


# --- costs --------------------------------------------------------------------------------------------


def test_cost_item_fields():
    check_field(lambda v: CostItem(category=v, amount=usd(1)), "category")
    check_field(lambda v: CostItem(category="tools", amount=v), "amount")
    check_field(lambda v: CostItem(category="tools", amount=usd(1), label=v), "label", accepts=("string",))
    check_field(
        lambda v: CostItem(category="tools", amount=usd(1), channel=v), "channel", accepts=("string",)
    )
    check_field(lambda v: CostItem(category="tools", amount=usd(1), hours=v), "hours", accepts=("np_int64",))
    check_field(lambda v: CostItem(category="tools", amount=usd(1), hourly_rate=v), "hourly_rate")
    check_field(lambda v: CostItem(category="tools", amount=usd(1), period=v), "period")


JAN_1, JAN_31 = dt.date(2026, 1, 1), dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ((JAN_1,), r"^'period' must be a pair \(a tuple of two\) \(got"),
        ((JAN_1, JAN_31, JAN_31), r"^'period' must be a pair \(a tuple of two\) \(got"),
        (
            (JAN_1, "2026-01-31"),
            r"^'period\[1\]' must be a datetime.date \(not a datetime or a string\) \(got",
        ),
        ((dt.datetime(2026, 1, 1, tzinfo=dt.UTC), JAN_31), r"^'period\[0\]' must be a datetime.date"),
        (
            (JAN_31, JAN_1),
            r"^'period' must be a pair \(first day, last day\) with period\[0\] <= period\[1\]",
        ),
        ({JAN_1, JAN_31}, r"^'period' must be a pair \(a tuple of two\) \(got"),
    ],
)
def test_cost_item_period_values(period, message):
    with pytest.raises(InvalidInputError, match=message):
        CostItem(category="tools", amount=usd(1), period=period)


def test_cost_item_period_accepts_a_day_and_a_list():
    assert CostItem(category="tools", amount=usd(1), period=(JAN_1, JAN_1)).period == (JAN_1, JAN_1)
    assert CostItem(category="tools", amount=usd(1), period=[JAN_1, JAN_31]).period == (JAN_1, JAN_31)


def test_cost_item_staff_time():
    rate = usd(40)
    check_field(lambda v: CostItem.staff_time(hours=v, hourly_rate=rate), "hours", accepts=("np_int64",))
    check_field(lambda v: CostItem.staff_time(hours=1, hourly_rate=v), "hourly_rate")
    check_field(
        lambda v: CostItem.staff_time(hours=1, hourly_rate=rate, label=v), "label", accepts=("string",)
    )
    check_field(
        lambda v: CostItem.staff_time(hours=1, hourly_rate=rate, channel=v), "channel", accepts=("string",)
    )
    check_field(lambda v: CostItem.staff_time(hours=1, hourly_rate=rate, period=v), "period")
    assert CostItem.staff_time(hours=1, hourly_rate=rate, period=[JAN_1, JAN_31]).period == (JAN_1, JAN_31)


def test_costs_fields():
    check_field(lambda v: Costs(items=v), "items")
    check_field(lambda v: Costs(currency=v), "currency")


# --- the metrics' zero_division option ----------------------------------------------------------------

RATIOS = [
    getattr(metrics, name)
    for name in metrics.__all__
    if "zero_division" in inspect.signature(getattr(metrics, name)).parameters
]


def _zero_denominators(metric: Callable[..., Any]) -> Callable[[Any], object]:
    """Call ``metric`` on zeros (every denominator 0) with ``zero_division=v``: the fill comes back."""
    parameters = inspect.signature(metric).parameters
    positional = [0.0 for p in parameters.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keywords = {
        name: 0.0 for name, p in parameters.items() if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    }
    if metric is metrics.engagement_rate:
        keywords["impressions"] = 0.0

    def build(value: Any) -> object:
        result = metric(*positional, **keywords, zero_division=value)
        fill = float(value)
        assert result == fill or (math.isnan(result) and math.isnan(fill)), (metric.__name__, result)
        return result

    return build


def test_every_ratio_has_the_option():
    assert set(metrics.__all__) - {m.__name__ for m in RATIOS} == {"net_followers"}  # a difference


@pytest.mark.parametrize("metric", RATIOS, ids=lambda m: m.__name__)
def test_zero_division(metric):
    # A fill value may be any number: negative, NaN (quietly NaN), infinite, a numpy integer.
    check_field(_zero_denominators(metric), "zero_division", accepts=("negative", "nan", "inf", "np_int64"))
