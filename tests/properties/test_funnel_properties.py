"""Invariants of the funnel evaluation and of target progress."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from socialroi.funnel import KPIS, Direction, Funnel, Target, Unit
from socialroi.records import ADDITIVE, Performance

FUNNEL = Funnel.social()
NAN = math.nan
# Free counts; the constrained ones are drawn below them.
FREE = (
    "impressions", "clicks", "link_clicks", "engagements", "reactions", "comments", "shares", "saves", "follows",
    "unfollows", "engagement_seconds", "conversions", "orders", "direct_messages", "micro_conversions",
    "inquiries", "influencer_impressions", "influencer_engagements", "affiliate_signups", "affiliate_sessions",
    "affiliate_sales", "spend",
)  # fmt: skip
PARTS = (
    ("bounced_sessions", "sessions"),
    ("mentions", "market_mentions"),
    ("qualified_leads", "leads"),
    ("new_customers", "customers"),
    ("repeat_customers", "customers"),
    ("positive_reviews", "reviews"),
)


@st.composite
def records(draw: st.DrawFn) -> Performance:
    """A record with integer counts (so sums are exact in any order) and every additive field measured."""
    count = st.integers(0, 5_000)
    fields = {name: draw(count) for name in FREE}
    for part, whole in PARTS:
        fields.setdefault(whole, draw(count))
        fields[part] = draw(st.integers(0, int(fields[whole])))
    views = draw(count)
    for name in ("video_views", "views_25", "views_50", "views_75", "views_100"):
        fields[name] = views
        views = draw(st.integers(0, views))
    money = st.integers(-1_000, 100_000)
    fields["revenue"] = draw(money)
    fields["affiliate_revenue"] = draw(money)
    return Performance(currency="USD", **fields)


channel_records = st.dictionaries(
    st.sampled_from(["fb", "ig", "li", "tt", "yt"]), records(), min_size=1, max_size=4
)
ADDITIVE_KPIS = [key for key, kpi in KPIS.items() if set(kpi.fields) <= set(ADDITIVE)]


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@given(channel_records)
def test_sum_of_records_evaluates_like_the_per_channel_totals(channels):
    summed = FUNNEL.evaluate(Performance.total(channels.values()), zero_division=NAN)
    split = FUNNEL.evaluate(channels, zero_division=NAN)
    assert ADDITIVE_KPIS
    for key in ADDITIVE_KPIS:
        if key in summed.invalid:  # LTV of net refunds, say: rejected alike
            assert split.invalid[key] == summed.invalid[key]
            continue
        assert same(summed.values[key], split.values[key]), key
        kpi = KPIS[key]
        if kpi.unit is Unit.COUNT:
            # A count of the total is the sum of the channels' counts.
            assert split.values[key] == sum(card.values[key] for card in split.by_channel.values()), key


@given(channel_records, st.randoms(use_true_random=False))
def test_permuting_channels_permutes_results(channels, random):
    names = list(channels)
    random.shuffle(names)
    first = FUNNEL.evaluate(channels, zero_division=NAN)
    second = FUNNEL.evaluate({name: channels[name] for name in names}, zero_division=NAN)
    assert second.channels == tuple(names)
    for name in names:
        assert second.by_channel[name].to_dict() == first.by_channel[name].to_dict()
    assert second.total.to_dict() == first.total.to_dict()


JAN1 = dt.date(2026, 1, 1)
values = st.floats(-1e6, 1e6, allow_nan=False)


@given(
    st.sampled_from(["reach", "cpa", "roas", "bounce_rate", "net_followers"]),
    values,
    values,
    st.floats(0.1, 1e5),
    st.integers(-30, 120),
)
def test_progress_is_monotone_in_the_kpi_direction(kpi, first, second, gap, day):
    direction = KPIS[kpi].direction
    baseline = 100.0
    value = baseline + gap if direction is Direction.HIGHER else baseline - gap
    target = Target(kpi=kpi, value=value, baseline=baseline, start=JAN1, end=dt.date(2026, 3, 31))
    worse, better = sorted((first, second), reverse=direction is Direction.LOWER)
    as_of = JAN1 + dt.timedelta(days=day)
    low, high = target.progress(worse, as_of), target.progress(better, as_of)
    assert low.progress <= high.progress
    assert not low.met or high.met
    assert not low.on_track or high.on_track
    assert low.expected == high.expected


@given(st.floats(0, 1e6, allow_nan=False), st.integers(0, 89))
def test_expected_pacing_is_linear_and_bounded(observed, day):
    target = Target.for_quarter("reach", 1e6, start=JAN1)
    progress = target.progress(observed, JAN1 + dt.timedelta(days=day))
    assert progress.expected == (day + 1) / 90
    assert progress.days_elapsed + progress.days_left == target.days
