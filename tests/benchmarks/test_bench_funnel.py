"""Benchmarks of the funnel evaluation (run by `nox -s bench`).

Issue 3 sets no performance goal. The evaluation loops over KPIs and channels only (no rows), so its cost
is fixed per channel; these numbers document it: one record with every field measured, and a campaign of
six channels against the previous month with three targets.
"""

from __future__ import annotations

import datetime as dt
import math
import timeit

from socialroi import Funnel, Target
from socialroi.datasets import synthetic_campaign
from socialroi.records import Performance

FUNNEL = Funnel.social()


def _best(stmt, number: int, repeat: int = 5) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def test_evaluate_one_full_record(benchmark):
    record = Performance(
        impressions=10_000, reach=4_000, clicks=200, link_clicks=150, engagements=600, reactions=300,
        comments=100, shares=50, saves=30, follows=120, unfollows=20, followers=5_100, video_views=2_000,
        views_25=1_500, views_50=1_000, views_75=800, views_100=500, sessions=120, bounced_sessions=48,
        engagement_seconds=9_600, leads=40, conversions=20, orders=25, new_customers=12, revenue=2_500,
        spend=500, mentions=80, market_mentions=400, direct_messages=15, micro_conversions=30, inquiries=6,
        qualified_leads=10, customers=20, repeat_customers=5, reviews=10, positive_reviews=8, rating=4.5,
        engaged_users=500, ad_recall_lift=200, brand_lift=0.03, influencer_impressions=20_000,
        influencer_engagements=900, affiliate_signups=4, affiliate_sessions=60, affiliate_sales=3,
        affiliate_revenue=300,
    )  # fmt: skip
    benchmark(FUNNEL.evaluate, record)
    seconds = _best(lambda: FUNNEL.evaluate(record), 50)
    print(f"\nevaluate(one record, 76 KPIs): {seconds * 1e3:.2f} ms (no goal set)")


def test_evaluate_six_channels_with_previous_and_targets(benchmark):
    campaign = synthetic_campaign(seed=0)
    february = [p for p in campaign.performance if p.start == dt.date(2026, 2, 1)]
    march = [p for p in campaign.performance if p.start == dt.date(2026, 3, 1)]
    targets = [
        Target.for_quarter("cpa", 30.0, start=dt.date(2026, 1, 1), baseline=40.0),
        Target.for_quarter("roas", 3.0, start=dt.date(2026, 1, 1), baseline=2.0),
        Target.for_quarter("link_clicks", 25_000, start=dt.date(2026, 1, 1), channel="facebook"),
    ]

    def run():
        return FUNNEL.evaluate(march, previous=february, targets=targets, zero_division=math.nan)

    benchmark(run)
    seconds = _best(run, 10)
    text = _best(lambda: repr(run()), 5) - seconds
    print(
        f"\nevaluate(6 channels, previous, 3 targets): {seconds * 1e3:.2f} ms; repr adds {text * 1e3:.2f} ms (no goal set)"
    )
