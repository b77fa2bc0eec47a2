"""Seeded synthetic data for the demo, the docs and the benchmarks, made in memory.

Same seed, same data, on every platform: everything is drawn from one ``numpy.random.Generator``
(PCG64) seeded by the caller.

Examples:
    >>> from socialroi.datasets import synthetic_campaign
    >>> campaign = synthetic_campaign(seed=0)
    >>> len(campaign.performance), campaign.channels[:2]
    (18, ('facebook', 'instagram'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs
import numpy as np

from socialroi._arrays import check_scalar
from socialroi.exceptions import InvalidInputError
from socialroi.records import CostCategory, CostItem, Costs, Money, Performance

__all__ = ["Campaign", "synthetic_campaign"]

DEFAULT_CHANNELS = ("facebook", "instagram", "linkedin", "tiktok", "email", "search")


@attrs.frozen(kw_only=True)
class _Profile:
    spend: float  # monthly ad spend
    cpm: float
    ctr: float
    conversion_rate: float  # conversions per session
    order_value: float
    engagement_rate: float
    video_share: float  # share of impressions that are video impressions


# Typical monthly magnitudes for a mid-sized brand; unknown channels draw a profile from the seed.
_PROFILES = {
    "facebook": _Profile(
        spend=6_000,
        cpm=9.0,
        ctr=0.009,
        conversion_rate=0.030,
        order_value=80,
        engagement_rate=0.035,
        video_share=0.4,
    ),
    "instagram": _Profile(
        spend=4_000,
        cpm=8.0,
        ctr=0.007,
        conversion_rate=0.025,
        order_value=75,
        engagement_rate=0.055,
        video_share=0.6,
    ),
    "linkedin": _Profile(
        spend=3_000,
        cpm=30.0,
        ctr=0.005,
        conversion_rate=0.050,
        order_value=300,
        engagement_rate=0.020,
        video_share=0.2,
    ),
    "tiktok": _Profile(
        spend=2_500,
        cpm=6.0,
        ctr=0.006,
        conversion_rate=0.015,
        order_value=50,
        engagement_rate=0.070,
        video_share=1.0,
    ),
    "email": _Profile(
        spend=300,
        cpm=1.0,
        ctr=0.025,
        conversion_rate=0.040,
        order_value=85,
        engagement_rate=0.030,
        video_share=0.0,
    ),
    "search": _Profile(
        spend=5_000,
        cpm=40.0,
        ctr=0.040,
        conversion_rate=0.050,
        order_value=90,
        engagement_rate=0.0,
        video_share=0.0,
    ),
}


@attrs.frozen(kw_only=True)
class Campaign:
    """A synthetic social campaign: monthly performance per channel and the full cost ledger.

    Attributes:
        channels: The channel names.
        months: Number of months.
        currency: Currency of every amount.
        start: First day of the first month.
        performance: One [`Performance`][socialroi.records.Performance] per channel and month,
            month by month.
        costs: Every cost: ad spend and content per channel, management, tools and staff time shared.

    Examples:
        >>> campaign = synthetic_campaign(seed=1, months=1, channels=("facebook",))
        >>> campaign.by_channel()["facebook"].channel
        'facebook'
    """

    channels: tuple[str, ...]
    months: int
    currency: str
    start: dt.date
    performance: tuple[Performance, ...]
    costs: Costs

    def by_channel(self) -> dict[str, Performance]:
        """Each channel's months combined (as ratios of sums).

        Examples:
            >>> campaign = synthetic_campaign(seed=0, months=2)
            >>> campaign.by_channel()["search"].end
            datetime.date(2026, 2, 28)
        """
        return {
            channel: Performance.total(p for p in self.performance if p.channel == channel)
            for channel in self.channels
        }

    def total(self) -> Performance:
        """Every channel and month combined.

        Examples:
            >>> synthetic_campaign(seed=0).total().spend > 0
            True
        """
        return Performance.total(self.performance)


def _month_bounds(start: dt.date, index: int) -> tuple[dt.date, dt.date]:
    year, month = divmod(start.month - 1 + index, 12)
    first = dt.date(start.year + year, month + 1, 1)
    year, month = divmod(start.month + index, 12)
    return first, dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


def synthetic_campaign(
    seed: int = 0,
    months: int = 3,
    channels: Sequence[str] = DEFAULT_CHANNELS,
    currency: str = "USD",
    *,
    start: dt.date = dt.date(2026, 1, 1),
) -> Campaign:
    """Make a seeded synthetic campaign: monthly counts per channel and a cost ledger.

    Counts follow the funnel (impressions → clicks → sessions → conversions → new customers) with
    binomial and Poisson noise around typical rates per channel; costs cover every
    [`CostCategory`][socialroi.records.CostCategory].

    Args:
        seed: Seed of the random generator.
        months: Number of months, starting at ``start`` (a month boundary).
        channels: Channel names; names without a built-in profile get one drawn from the seed.
        currency: Currency of every amount.
        start: First day of the campaign; must be the first of a month.

    Returns:
        The [`Campaign`][socialroi.datasets.Campaign].

    Raises:
        InvalidInputError: For no channels, repeated channels, fewer than one month or a start that is
            not the first of a month.

    Examples:
        >>> a = synthetic_campaign(seed=7)
        >>> a == synthetic_campaign(seed=7)
        True
        >>> round(a.total().roas, 2) > 0
        True
    """
    count = int(check_scalar(months, "months"))
    if count < 1 or count != months:
        msg = f"'months' must be a whole number >= 1 (got {months!r})"
        raise InvalidInputError(msg)
    names = tuple(channels)
    if not names or len(set(names)) != len(names) or "" in names:
        msg = f"'channels' must be distinct non-empty names (got {names!r})"
        raise InvalidInputError(msg)
    if start.day != 1:
        msg = f"'start' must be the first day of a month (got {start})"
        raise InvalidInputError(msg)
    rng = np.random.default_rng(seed)

    def money(amount: float) -> Money:
        return Money(amount=round(float(amount), 2), currency=currency)

    performance: list[Performance] = []
    items: list[CostItem] = []
    profiles = {name: _PROFILES.get(name) or _random_profile(rng) for name in names}
    followers = {name: float(rng.integers(2_000, 40_000)) for name in names}
    for month in range(count):
        first, last = _month_bounds(start, month)
        for name, p in profiles.items():
            spend = round(p.spend * rng.lognormal(0.0, 0.1), 2)
            impressions = int(rng.poisson(1000 * spend / p.cpm))
            reach = int(impressions / rng.uniform(1.6, 3.2))
            clicks = int(rng.binomial(impressions, p.ctr))
            link_clicks = int(rng.binomial(clicks, 0.75))
            sessions = int(rng.binomial(link_clicks, 0.85))
            conversions = int(rng.binomial(sessions, p.conversion_rate))
            engagements = int(rng.binomial(impressions, p.engagement_rate)) + clicks
            reactions = int(rng.binomial(engagements - clicks, 0.7))
            comments = int(rng.binomial(engagements - clicks - reactions, 0.4))
            shares = int(rng.binomial(engagements - clicks - reactions - comments, 0.6))
            video = int(rng.binomial(impressions, p.video_share * 0.3))
            quartiles = [video]
            for keep in (0.6, 0.6, 0.7, 0.75):
                quartiles.append(int(rng.binomial(quartiles[-1], keep)))
            follows = int(rng.binomial(engagements, 0.02))
            unfollows = int(rng.binomial(follows, 0.3))
            followers[name] += follows - unfollows
            performance.append(
                Performance(
                    channel=name,
                    start=first,
                    end=last,
                    currency=currency,
                    impressions=impressions,
                    reach=reach,
                    clicks=clicks,
                    link_clicks=link_clicks,
                    engagements=engagements,
                    reactions=reactions,
                    comments=comments,
                    shares=shares,
                    saves=engagements - clicks - reactions - comments - shares,
                    follows=follows,
                    unfollows=unfollows,
                    followers=followers[name],
                    video_views=quartiles[0],
                    views_25=quartiles[1],
                    views_50=quartiles[2],
                    views_75=quartiles[3],
                    views_100=quartiles[4],
                    sessions=sessions,
                    bounced_sessions=int(rng.binomial(sessions, 0.45)),
                    engagement_seconds=round(sessions * rng.uniform(40, 110), 1),
                    leads=int(rng.binomial(sessions, p.conversion_rate * 1.5)),
                    conversions=conversions,
                    orders=conversions,
                    new_customers=int(rng.binomial(conversions, 0.6)),
                    revenue=round(conversions * p.order_value * rng.lognormal(0.0, 0.15), 2),
                    spend=spend,
                    mentions=int(rng.poisson(engagements * 0.01 + 5)),
                )
            )
            items.append(
                CostItem(
                    category=CostCategory.AD_SPEND,
                    amount=money(spend),
                    label=f"{name} ads {first:%b}",
                    channel=name,
                )
            )
            items.append(
                CostItem(
                    category=CostCategory.CONTENT,
                    amount=money(p.spend * 0.15 * rng.uniform(0.8, 1.2)),
                    label=f"{name} content {first:%b}",
                    channel=name,
                )
            )
        items.append(
            CostItem(
                category=CostCategory.MANAGEMENT, amount=money(2_500), label=f"agency retainer {first:%b}"
            )
        )
        items.append(
            CostItem(
                category=CostCategory.TOOLS, amount=money(299), label=f"scheduling and listening {first:%b}"
            )
        )
        items.append(
            CostItem.staff_time(
                hours=float(rng.integers(30, 50)),
                hourly_rate=money(45),
                label=f"community management {first:%b}",
            )
        )
    return Campaign(
        channels=names,
        months=count,
        currency=currency,
        start=start,
        performance=tuple(performance),
        costs=Costs(items=items, currency=currency),
    )


def _random_profile(rng: np.random.Generator) -> _Profile:
    return _Profile(
        spend=float(rng.uniform(1_000, 5_000)),
        cpm=float(rng.uniform(4, 30)),
        ctr=float(rng.uniform(0.004, 0.02)),
        conversion_rate=float(rng.uniform(0.01, 0.05)),
        order_value=float(rng.uniform(40, 200)),
        engagement_rate=float(rng.uniform(0.01, 0.06)),
        video_share=float(rng.uniform(0, 1)),
    )
