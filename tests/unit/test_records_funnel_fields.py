"""The optional Performance fields that the funnel KPIs need: validation and ``+`` semantics."""

from __future__ import annotations

import math

import attrs
import pytest

from socialroi import Performance
from socialroi.exceptions import InvalidInputError
from socialroi.records import ADDITIVE, NOT_ADDITIVE

FUNNEL_COUNTS = (
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


def test_new_fields_default_to_not_measured():
    record = Performance()
    for name in (*FUNNEL_COUNTS, "brand_lift", "affiliate_revenue"):
        assert getattr(record, name) is None


@pytest.mark.parametrize("name", FUNNEL_COUNTS)
def test_counts_are_non_negative_and_finite(name):
    assert getattr(Performance(**{name: 3}), name) == 3.0
    with pytest.raises(InvalidInputError, match=rf"^'{name}' must be >= 0 and finite \(got -1.0\)$"):
        Performance(**{name: -1})
    with pytest.raises(InvalidInputError, match=rf"^'{name}' must be >= 0 and finite \(got inf\)$"):
        Performance(**{name: math.inf})
    with pytest.raises(InvalidInputError, match=rf"^'{name}' must be a number \(got '3'\)$"):
        Performance(**{name: "3"})


def test_brand_lift_is_a_signed_fraction():
    assert Performance(brand_lift=-0.02).brand_lift == -0.02
    assert Performance(brand_lift=1).brand_lift == 1.0
    with pytest.raises(InvalidInputError, match=r"^'brand_lift' must be between -1 and 1 \(got 1.5\)$"):
        Performance(brand_lift=1.5)
    with pytest.raises(
        InvalidInputError, match=r"^'brand_lift' must be a number, not NaN, and between -1 and 1 \(got nan\)$"
    ):
        Performance(brand_lift=math.nan)


def test_affiliate_revenue_may_be_negative_but_finite():
    assert Performance(affiliate_revenue=-20).affiliate_revenue == -20.0
    with pytest.raises(InvalidInputError, match=r"^'affiliate_revenue' must be finite \(got -inf\)$"):
        Performance(affiliate_revenue=-math.inf)


@pytest.mark.parametrize(
    ("small", "large"),
    [
        ("mentions", "market_mentions"),
        ("qualified_leads", "leads"),
        ("new_customers", "customers"),
        ("repeat_customers", "customers"),
        ("positive_reviews", "reviews"),
        ("engaged_users", "reach"),
        ("ad_recall_lift", "reach"),
    ],
)
def test_a_part_cannot_exceed_its_whole(small, large):
    assert getattr(Performance(**{small: 5, large: 5}), small) == 5.0
    with pytest.raises(InvalidInputError, match=rf"^'{small}' must be <= '{large}' \(got 6.0 > 5.0\)$"):
        Performance(**{small: 6, large: 5})


def test_rating_needs_reviews():
    assert Performance(rating=4.5).rating == 4.5  # reviews not measured: allowed
    assert Performance(rating=4.5, reviews=2).rating == 4.5
    with pytest.raises(InvalidInputError, match=r"^'rating' must be None when 'reviews' is 0 \(got 4.5\)$"):
        Performance(rating=4.5, reviews=0)


def test_followers_cannot_start_negative():
    assert Performance(followers=50, follows=60, unfollows=10).followers == 50.0
    with pytest.raises(
        InvalidInputError,
        match=r"^'followers' must be >= 'follows' - 'unfollows', or the period started with a negative "
        r"number of followers \(got 49.0 < 50.0\)$",
    ):
        Performance(followers=49, follows=60, unfollows=10)
    # Any of the three unmeasured: nothing to check.
    assert Performance(followers=1, follows=60).follows == 60.0


def test_additive_funnel_fields_add():
    additive = [name for name in FUNNEL_COUNTS if name in ADDITIVE] + ["affiliate_revenue"]
    first = Performance(**dict.fromkeys(additive, 2.0))
    second = Performance(**dict.fromkeys(additive, 3.0))
    total = first + second
    for name in additive:
        assert getattr(total, name) == 5.0, name
    # Unmeasured on one side makes the sum unmeasured.
    assert (first + Performance()).inquiries is None


def test_people_counts_levels_and_lifts_are_not_additive():
    assert set(NOT_ADDITIVE) == {
        "reach",
        "followers",
        "engaged_users",
        "ad_recall_lift",
        "brand_lift",
        "rating",
    }
    assert not set(NOT_ADDITIVE) & set(ADDITIVE)
    every = {field.name for field in attrs.fields(Performance)} - {"channel", "start", "end", "currency"}
    assert set(ADDITIVE) | set(NOT_ADDITIVE) == every
    record = Performance(reach=100, engaged_users=40, ad_recall_lift=10, brand_lift=0.03)
    total = record + record
    assert (total.reach, total.engaged_users, total.ad_recall_lift, total.brand_lift) == (
        None,
        None,
        None,
        None,
    )


def test_rating_combines_as_the_review_weighted_mean():
    first = Performance(reviews=10, rating=4.0)
    second = Performance(reviews=30, rating=5.0)
    assert (first + second).rating == (10 * 4.0 + 30 * 5.0) / 40
    assert (first + second).reviews == 40.0
    # A side without reviews has no rating and does not weigh in.
    assert (first + Performance(reviews=0)).rating == 4.0
    assert (Performance(reviews=0) + Performance(reviews=0)).rating is None
    # A side whose reviews or rating were not measured makes the combined rating unknown.
    assert (first + Performance(rating=5.0)).rating is None
    assert (first + Performance(reviews=5)).rating is None
    assert (Performance(reviews=5) + first).rating is None
    assert Performance.total([first, second, Performance(reviews=60, rating=3.0)]).rating == pytest.approx(
        3.7
    )
