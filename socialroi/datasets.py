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
import numbers
from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi import _check
from socialroi._arrays import (
    ARRAY_EQ,
    ARRAYS_EQ,
    FINITE,
    NON_NEGATIVE,
    Rule,
    check_scalar,
    freeze,
    generator,
)
from socialroi._check import (
    at_least_one,
    date,
    distinct,
    each,
    flags,
    floats,
    instance,
    integer,
    mapping,
    number,
    read_only_mapping,
    real,
    text,
    to_tuple,
    whole,
)
from socialroi.attribution import Journeys
from socialroi.budget import HillCurve
from socialroi.exceptions import InvalidInputError
from socialroi.mmm._adstock import GeometricAdstock
from socialroi.records import CostCategory, CostItem, Costs, Money, Performance

__all__ = [
    "Campaign",
    "SyntheticJourneys",
    "SyntheticMMM",
    "synthetic_campaign",
    "synthetic_journeys",
    "synthetic_mmm",
]

DEFAULT_CHANNELS = ("facebook", "instagram", "linkedin", "tiktok", "email", "search")


@attrs.frozen
class _Profile:
    spend: float  # monthly ad spend
    cpm: float
    ctr: float
    conversion_rate: float  # conversions per session
    order_value: float
    engagement_rate: float
    video_share: float  # share of impressions that are video impressions


# Typical monthly magnitudes for a mid-sized brand; unknown channels draw a profile from the seed.
# fmt: off
_PROFILES = {
    #                    spend   cpm    ctr    conversion  order  engagement  video
    #                                          rate        value  rate        share
    "facebook":  _Profile(6_000,  9.0, 0.009,  0.030,       80,   0.035,      0.4),
    "instagram": _Profile(4_000,  8.0, 0.007,  0.025,       75,   0.055,      0.6),
    "linkedin":  _Profile(3_000, 30.0, 0.005,  0.050,      300,   0.020,      0.2),
    "tiktok":    _Profile(2_500,  6.0, 0.006,  0.015,       50,   0.070,      1.0),
    "email":     _Profile(  300,  1.0, 0.025,  0.040,       85,   0.030,      0.0),
    "search":    _Profile(5_000, 40.0, 0.040,  0.050,       90,   0.0,        0.0),
}
# fmt: on


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
        costs: Every cost: ad spend and content per channel, management, tools and staff time shared,
            each with the month it covers (`CostItem.period`), so `ROIReport.series` takes them as
            they are.
        touchpoints: The customer journeys as touch rows (see `synthetic_journeys`); their channels are
            the campaign's channels and ``"direct"``.
        journeys: The same journeys as [`Journeys`][socialroi.attribution.Journeys], split at
            conversions.
        true_effects: The conversions each channel truly caused in the simulation (expected conversions
            lost without it): the answer attribution models try to recover.

    Examples:
        >>> campaign = synthetic_campaign(seed=1, months=1, channels=("facebook",))
        >>> campaign.by_channel()["facebook"].channel
        'facebook'
    """

    channels: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[each(text()), at_least_one(), distinct()]
    )
    months: int = attrs.field(converter=integer, validator=whole(minimum=1))
    currency: str = attrs.field(validator=text())
    start: dt.date = attrs.field(validator=date())
    performance: tuple[Performance, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(Performance, "a Performance record"))
    )
    costs: Costs = attrs.field(validator=instance(Costs, "a Costs ledger"))
    # Equal journeys say the same: the touch rows are compared through ``journeys``.
    touchpoints: SyntheticJourneys = attrs.field(eq=False)
    journeys: Journeys = attrs.field(validator=instance(Journeys, "Journeys"))
    true_effects: Mapping[str, float] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), number(NON_NEGATIVE))
    )

    def __attrs_post_init__(self) -> None:
        instance(SyntheticJourneys, "SyntheticJourneys").check(self.touchpoints, "touchpoints")

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


def _names(value: object, argument: str) -> tuple[str, ...]:
    """Channel names: at least one, each a non-empty string, no repeats."""
    names = to_tuple(value)
    each(text()).check(names, argument)
    at_least_one().check(names, argument)
    distinct().check(names, argument)
    return cast("tuple[str, ...]", names)


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
    journeys: int = 30_000,
) -> Campaign:
    """Make a seeded synthetic campaign: monthly counts per channel and a cost ledger.

    Counts follow the funnel (impressions → clicks → sessions → conversions → new customers) with
    binomial and Poisson noise around typical rates per channel; costs cover every
    [`CostCategory`][socialroi.records.CostCategory]. The customer journeys come from
    `synthetic_journeys` over the campaign's channels plus ``"direct"``, with known true effects.

    Args:
        seed: Seed of the random generator.
        months: Number of months, starting at ``start`` (a month boundary).
        channels: Channel names; names without a built-in profile get one drawn from the seed.
        currency: Currency of every amount.
        start: First day of the campaign; must be the first of a month.
        journeys: Number of customer journeys to simulate (about 6 % convert).

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
    rng = np.random.default_rng(_check.seed(seed))
    count = whole(minimum=1).check(months, "months")
    names = _names(channels, "channels")
    text().check(currency, "currency")
    date().check(start, "start")
    if start.day != 1:
        msg = f"'start' must be the first day of a month (got {start})"
        raise InvalidInputError(msg)
    size = whole(minimum=1).check(journeys, "journeys")
    _check.memory("journeys", journeys, _journey_bytes(size, (*names, "direct")))

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
                    period=(first, last),
                )
            )
            items.append(
                CostItem(
                    category=CostCategory.CONTENT,
                    amount=money(p.spend * 0.15 * rng.uniform(0.8, 1.2)),
                    label=f"{name} content {first:%b}",
                    channel=name,
                    period=(first, last),
                )
            )
        items.append(
            CostItem(
                category=CostCategory.MANAGEMENT,
                amount=money(2_500),
                label=f"agency retainer {first:%b}",
                period=(first, last),
            )
        )
        items.append(
            CostItem(
                category=CostCategory.TOOLS,
                amount=money(299),
                label=f"scheduling and listening {first:%b}",
                period=(first, last),
            )
        )
        items.append(
            CostItem.staff_time(
                hours=float(rng.integers(30, 50)),
                hourly_rate=money(45),
                label=f"community management {first:%b}",
                period=(first, last),
            )
        )
    # Journeys over the same channels: touches as frequent as each channel's clicks, each touch as
    # likely to convert as half the channel's conversion rate, and a few direct visits.
    clicks_by_channel = {
        name: sum(p.need("clicks", "journeys") for p in performance if p.channel == name) for name in names
    }
    journey_channels = names if "direct" in names else (*names, "direct")
    weights = {
        **{name: max(clicks_by_channel[name], 1.0) for name in names},
        "direct": 0.05 * sum(clicks_by_channel.values()) + 1.0,
    }
    chances = {name: min(0.5 * profiles[name].conversion_rate, 0.5) for name in names}
    touchpoints = synthetic_journeys(
        size,
        channels=journey_channels,
        seed=seed,
        popularity={name: weights[name] for name in journey_channels},
        effects={**chances, "direct": chances.get("direct", 0.002)},
    )
    return Campaign(
        channels=names,
        months=count,
        currency=currency,
        start=start,
        performance=tuple(performance),
        costs=Costs(items=items, currency=currency),
        touchpoints=touchpoints,
        journeys=touchpoints.journeys(split_at_conversions=True),
        true_effects=dict(touchpoints.incremental_conversions),
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


# --- customer journeys ------------------------------------------------------------------------------

FloatArray: TypeAlias = NDArray[np.float64]

# The campaign's channels first, so journeys and campaign costs line up; "direct" is always last.
_JOURNEY_CHANNELS = (*DEFAULT_CHANNELS, "youtube", "display", "x")
_EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z
_DAY = 86_400.0


_PROBABILITY = Rule(0.0, 1.0 - 2**-53, "in [0, 1)")
_TOUCH_FIELDS = ("channel", "time", "converted", "value", "conversion_time")


@attrs.frozen
class _touch_array(_check.Check[Any]):  # noqa: N801
    """A one-dimensional numpy array of one kind (``"i"``, ``"U"``, ``"f"``, ``"b"``), one row per touch."""

    kind: str
    what: str

    def check(self, value: Any, name: str) -> Any:
        given = cast("object", value)
        if not isinstance(given, np.ndarray):
            raise _check.fail(name, f"{self.what} (one-dimensional, one row per touch)", value)
        rows = cast("NDArray[Any]", given)
        if rows.ndim != 1 or rows.dtype.kind != self.kind:
            raise _check.fail(name, f"{self.what} (one-dimensional, one row per touch)", value)
        return value


@attrs.frozen(kw_only=True, eq=False)
class SyntheticJourneys:
    """Synthetic touchpoint data with known channel effects: an event log, one row per touch.

    The generating model: each touch of channel ``c`` independently causes a conversion with
    probability ``true_effects[c]``, on top of a baseline probability ``baseline`` of converting
    anyway, so a journey converts with probability ``1 - (1 - baseline) · Π_touches (1 - effect)``.
    ``incremental_conversions[c]`` is the expected number of conversions that would be lost if
    channel ``c`` were removed from every journey: the ground truth that data-driven attribution
    tries to recover.

    Attributes:
        journey_id: The customer of each touch (int64).
        channel: The channel name of each touch.
        time: Touch time in seconds since the epoch, rows in global time order (like an event log).
        converted: True on the last touch of each converting journey.
        value: Conversion value on the converting touch, 0 elsewhere.
        conversion_time: Time of the conversion on converting touches, NaN elsewhere.
        channels: The channel names.
        true_effects: Per-touch conversion probability of each channel.
        baseline: Probability of converting with no touch's help.
        incremental_conversions: Expected conversions lost without each channel.

    Examples:
        >>> from socialroi.datasets import synthetic_journeys
        >>> data = synthetic_journeys(1_000, channels=4, seed=1)
        >>> data.channels
        ('facebook', 'instagram', 'linkedin', 'direct')
        >>> journeys = data.journeys()
        >>> len(journeys), journeys.n_touches == data.channel.size
        (1000, True)
    """

    journey_id: NDArray[np.int64] = attrs.field(validator=_touch_array("i", "an array of whole-number ids"))
    channel: NDArray[np.str_] = attrs.field(validator=_touch_array("U", "an array of channel names"))
    time: FloatArray = attrs.field(validator=[floats(FINITE), _touch_array("f", "an array of times")])
    converted: NDArray[np.bool_] = attrs.field(
        validator=[flags(), _touch_array("b", "an array of True or False")]
    )
    value: FloatArray = attrs.field(validator=[floats(NON_NEGATIVE), _touch_array("f", "an array of values")])
    conversion_time: FloatArray = attrs.field(
        validator=[floats(FINITE, allow_nan=True), _touch_array("f", "an array of times")]
    )
    channels: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[each(text()), at_least_one(), distinct()]
    )
    true_effects: Mapping[str, float] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), number(_PROBABILITY))
    )
    baseline: float = attrs.field(converter=real, validator=number(_PROBABILITY))
    incremental_conversions: Mapping[str, float] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), number(NON_NEGATIVE))
    )

    def __attrs_post_init__(self) -> None:
        rows = self.journey_id.shape[0]
        for name in _TOUCH_FIELDS:
            length = cast("NDArray[Any]", getattr(self, name)).shape[0]
            if length != rows:
                msg = f"{name!r} must be one value per touch ({rows}, as 'journey_id') (got {length})"
                raise InvalidInputError(msg)

    def journeys(self, **options: Any) -> Journeys:
        """The touch rows as [`Journeys`][socialroi.attribution.Journeys] (options go to ``from_touchpoints``).

        Examples:
            >>> from socialroi.datasets import synthetic_journeys
            >>> synthetic_journeys(10, seed=3).journeys(lookback=30 * 86_400.0).total_conversions >= 0
            True
        """
        return Journeys.from_touchpoints(
            self.journey_id,
            self.channel,
            time=self.time,
            converted=self.converted,
            value=self.value,
            conversion_time=self.conversion_time,
            **options,
        )

    def columns(self) -> dict[str, NDArray[Any]]:
        """The touch rows as named columns, ready for ``pandas.DataFrame(data.columns())``.

        Examples:
            >>> from socialroi.datasets import synthetic_journeys
            >>> sorted(synthetic_journeys(5, seed=0).columns())
            ['channel', 'conversion_time', 'converted', 'journey_id', 'time', 'value']
        """
        return {
            "journey_id": self.journey_id,
            "channel": self.channel,
            "time": self.time,
            "converted": self.converted,
            "value": self.value,
            "conversion_time": self.conversion_time,
        }


def _channel_names(given: int | Sequence[str]) -> tuple[str, ...]:
    channels = cast("object", given)
    if not isinstance(channels, bool | np.bool_) and isinstance(channels, numbers.Integral):
        wanted = whole(minimum=1).check(channels, "channels")
        _check.memory("channels", channels, 8.0 * wanted)
        named = _JOURNEY_CHANNELS[: min(wanted - 1, 9)]
        extra = tuple(f"channel {i}" for i in range(len(named) + 1, wanted))
        return (*named, *extra, "direct")
    if isinstance(channels, str) or not isinstance(channels, Sequence):
        raise _check.fail("channels", "a number of channels or a sequence of names", given)
    return _names(given, "channels")


# Bytes per journey and per touch of the arrays synthetic_journeys holds at once (about a dozen float64
# and int64 arrays per journey, twenty per touch, the channel names per touch twice), and the journeys x
# channels count matrix; 3 touches per journey on average. For 10 channels this plans 904 bytes a
# journey against a measured peak (tracemalloc) of 657: the estimate errs high.
_JOURNEY_BYTES, _TOUCH_BYTES, _TOUCHES = 128, 160, 3


def _journey_bytes(n: int, names: Sequence[str]) -> float:
    """The memory `synthetic_journeys` plans for ``n`` journeys over ``names``, in bytes."""
    longest = max((len(name) for name in names), default=1)
    per_touch = _TOUCH_BYTES + 8 * longest  # two arrays of fixed-width (4 bytes a character) names
    return float(n) * (_JOURNEY_BYTES + 8 * len(names) + _TOUCHES * per_touch)


def _per_channel(
    given: Mapping[str, float] | None, names: tuple[str, ...], argument: str, rule: Rule, drawn: FloatArray
) -> FloatArray:
    """Values per channel from a mapping that names every channel, or the drawn ones."""
    if given is None:
        return drawn
    if not isinstance(cast("object", given), Mapping):
        raise _check.fail(argument, "a mapping of channel to number", given)
    if set(given) != set(names):
        msg = f"{argument!r} must give every channel ({', '.join(names)}) (got {', '.join(map(str, given))})"
        raise InvalidInputError(msg)
    return np.array([number(rule).check(given[name], f"{argument}[{name}]") for name in names])


def _channel_parameters(
    rng: np.random.Generator,
    names: tuple[str, ...],
    is_direct: NDArray[np.bool_],
    popularity: Mapping[str, float] | None,
    effects: Mapping[str, float] | None,
) -> tuple[FloatArray, FloatArray]:
    """Touch shares and per-touch effects: given, or drawn from the seed.

    Both are always drawn, so the rest of the data does not depend on whether they were given.
    """
    drawn_popularity = rng.dirichlet(np.full(len(names), 2.0))
    drawn_effects = rng.uniform(0.002, 0.03, size=len(names))
    drawn_effects[is_direct] = 0.002
    weights = _per_channel(popularity, names, "popularity", NON_NEGATIVE, drawn_popularity)
    if weights.sum() <= 0:
        msg = "'popularity' must give some channel a weight > 0 (got all 0)"
        raise InvalidInputError(msg)
    return weights / weights.sum(), _per_channel(effects, names, "effects", _PROBABILITY, drawn_effects)


def synthetic_journeys(
    n: int,
    *,
    channels: int | Sequence[str] = 10,
    seed: int = 0,
    effects: Mapping[str, float] | None = None,
    popularity: Mapping[str, float] | None = None,
) -> SyntheticJourneys:
    """Synthetic customer journeys: touch rows with times, repeats, conversions, values and known effects.

    ``n`` customers each see ``1 + Poisson(Gamma(2, 1))`` touches (3 on average, a long tail);
    channels are drawn by a fixed popularity, a touch repeats the previous channel with probability
    0.35, and the last touch is a direct visit with probability 0.15 (when there is a ``"direct"``
    channel). Touches are about 2 days apart over a 90-day window; a converting journey converts
    within hours of its last touch, with a log-normal value around 80. Channel effects, popularity
    and everything else follow from ``seed``.

    Args:
        n: The number of journeys (customers).
        channels: The number of channels (realistic names, the last one ``"direct"``) or the names.
        seed: Seed of the random generator.
        effects: Per-touch conversion probability of each channel (every channel, each in [0, 1));
            drawn from the seed when not given.
        popularity: Relative frequency of each channel among the touches (every channel, >= 0, not all
            0); drawn from the seed when not given.

    Returns:
        The touch rows, in global time order, with the true effects.

    Raises:
        InvalidInputError: When ``n`` is not a positive integer or ``channels`` is invalid.

    Examples:
        >>> data = synthetic_journeys(20_000, channels=5, seed=2)
        >>> round(data.channel.size / 20_000, 1)
        3.0
        >>> journeys = data.journeys()
        >>> 0.02 < journeys.total_conversions / len(journeys) < 0.2
        True
    """
    size = whole(minimum=1).check(n, "n")
    rng = np.random.default_rng(_check.seed(seed))
    names = _channel_names(channels)
    _check.memory("n", n, _journey_bytes(size, names))
    n = size
    count = len(names)
    is_direct = np.array([name == "direct" for name in names])
    shares, effect = _channel_parameters(rng, names, is_direct, popularity, effects)
    baseline = 0.01

    lengths = 1 + rng.poisson(rng.gamma(2.0, 1.0, size=n))
    touches = int(lengths.sum())
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    journey = np.repeat(np.arange(n, dtype=np.int64), lengths)
    position = np.arange(touches, dtype=np.int64) - starts[journey]

    fresh = rng.choice(count, size=touches, p=shares)
    repeat = (rng.random(touches) < 0.35) & (position > 0)
    source = np.maximum.accumulate(np.where(repeat, 0, np.arange(touches, dtype=np.int64)))
    codes = fresh[source]
    if is_direct.any():
        last = starts + lengths - 1
        codes[last[rng.random(n) < 0.15]] = int(np.flatnonzero(is_direct)[0])

    start = _EPOCH + rng.uniform(0.0, 90 * _DAY, size=n)
    gaps = rng.exponential(2 * _DAY, size=touches)
    gaps[starts] = 0.0
    elapsed = np.cumsum(gaps)
    times = start[journey] + elapsed - elapsed[starts][journey]

    log_keep = np.log1p(-effect)
    per_journey = np.bincount(journey, weights=log_keep[codes], minlength=n)
    probability = 1.0 - (1.0 - baseline) * np.exp(per_journey)
    converts = rng.random(n) < probability
    last = starts + lengths - 1
    converted = np.zeros(touches, dtype=bool)
    converted[last[converts]] = True
    value = np.zeros(touches)
    value[last[converts]] = np.round(rng.lognormal(np.log(80.0), 0.6, size=int(converts.sum())), 2)
    conversion_time = np.full(touches, np.nan)
    conversion_time[last[converts]] = times[last[converts]] + rng.exponential(
        3 * 3600.0, size=int(converts.sum())
    )

    incremental: dict[str, float] = {}
    counts = np.bincount(journey * count + codes, minlength=n * count).reshape(n, count)
    for code, name in enumerate(names):
        without = 1.0 - (1.0 - baseline) * np.exp(per_journey - counts[:, code] * log_keep[code])
        incremental[name] = float((probability - without).sum())

    order = np.argsort(times, kind="stable")
    ids = rng.permutation(n).astype(np.int64) + 100_000
    return SyntheticJourneys(
        journey_id=freeze(ids[journey][order]),
        channel=freeze(np.array(names)[codes][order]),
        time=freeze(times[order]),
        converted=freeze(converted[order]),
        value=freeze(value[order]),
        conversion_time=freeze(conversion_time[order]),
        channels=names,
        true_effects=dict(zip(names, effect.tolist(), strict=True)),
        baseline=baseline,
        incremental_conversions=incremental,
    )


# --- marketing mix data ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SyntheticMMM:
    """Weekly spend per channel and revenue made by a known marketing mix, with the truth to recover.

    Revenue_t = baseline_t + Σ_c β_c · hill(adstock_c(impressions_c)_t / m_c) + noise, with normalised
    geometric adstock (``max_lag`` 8) and Hill saturation, as [`MarketingMixModel`][socialroi.mmm.MarketingMixModel]
    fits it (m_c is the channel's mean impressions per week). The audience responds to the impressions
    the spend bought; at a constant price (``price_swing=0``, the default) they are proportional to
    spend, so the same model fits on spend.

    Attributes:
        channels: Channel names.
        spend: Channel → spend per week (read-only arrays).
        impressions: Channel → impressions per week, the spend at its week's price per 1,000 (CPM).
        revenue: Revenue per week.
        baseline: The baseline per week (intercept, trend, yearly seasonality).
        contributions: Channel → its true contribution per week.
        true_roas: Channel → its true ROAS over the data (Σ contribution / Σ spend).
        true_contribution: Channel → its true total contribution.
        true_curves: Channel → its true steady-state response curve (spend per week → response per
            week, at the channel's average impressions per unit of spend).
        true_adstocks: Channel → its true adstock.

    Examples:
        >>> data = synthetic_mmm(weeks=52, channels=2, seed=0)
        >>> data.channels, data.revenue.shape
        (('facebook', 'instagram'), (52,))
    """

    channels: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[at_least_one(), each(text()), distinct()]
    )
    spend: Mapping[str, NDArray[np.float64]] = attrs.field(
        converter=read_only_mapping, eq=ARRAYS_EQ, validator=mapping(text(), floats(NON_NEGATIVE))
    )
    impressions: Mapping[str, NDArray[np.float64]] = attrs.field(
        converter=read_only_mapping, eq=ARRAYS_EQ, validator=mapping(text(), floats(NON_NEGATIVE))
    )
    revenue: NDArray[np.float64] = attrs.field(eq=ARRAY_EQ, validator=floats())
    baseline: NDArray[np.float64] = attrs.field(eq=ARRAY_EQ, validator=floats())
    contributions: Mapping[str, NDArray[np.float64]] = attrs.field(
        converter=read_only_mapping, eq=ARRAYS_EQ, validator=mapping(text(), floats(NON_NEGATIVE))
    )
    true_roas: Mapping[str, float] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), number(NON_NEGATIVE))
    )
    true_contribution: Mapping[str, float] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), number(NON_NEGATIVE))
    )
    true_curves: Mapping[str, HillCurve] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), instance(HillCurve, "a HillCurve"))
    )
    true_adstocks: Mapping[str, GeometricAdstock] = attrs.field(
        converter=read_only_mapping,
        validator=mapping(text(), instance(GeometricAdstock, "a GeometricAdstock")),
    )

    def __attrs_post_init__(self) -> None:
        weeks = np.shape(self.revenue)
        if len(weeks) != 1:
            raise _check.fail("revenue", "a 1-d array of weekly revenue", self.revenue)
        if np.shape(self.baseline) != weeks:
            raise _check.fail("baseline", f"an array of the {weeks[0]} weeks of 'revenue'", self.baseline)
        if tuple(self.impressions) != tuple(self.spend):
            rule = f"one array per channel of 'spend', {tuple(self.spend)!r}"
            raise _check.fail("impressions", rule, tuple(self.impressions))


_PRICE_SWING = Rule(0.0, 0.9, "between 0 and 0.9")


def _flighting(rng: np.random.Generator, weeks: int) -> NDArray[np.bool_]:
    """On/off bursts: runs of 2 to 12 weeks on, then 1 to 4 dark weeks, starting on."""
    runs: list[NDArray[np.bool_]] = []
    total = 0
    while total < weeks:
        on, off = int(rng.integers(2, 13)), int(rng.integers(1, 5))
        runs += [np.ones(on, dtype=np.bool_), np.zeros(off, dtype=np.bool_)]
        total += on + off
    return np.concatenate(runs)[:weeks]


def _mmm_channels(given: int | Sequence[str]) -> tuple[str, ...]:
    if isinstance(given, int) and not isinstance(given, bool):
        n = whole(minimum=1, maximum=1_000).check(given, "channels")
        named = _JOURNEY_CHANNELS[:n]
        return (*named, *(f"channel {i}" for i in range(len(named) + 1, n + 1)))
    return _channel_names(given)


def synthetic_mmm(
    *,
    weeks: int = 156,
    channels: int | Sequence[str] = 6,
    noise: float = 0.05,
    price_swing: float = 0.0,
    seed: int = 0,
) -> SyntheticMMM:
    """Make seeded weekly marketing mix data with known ROAS, contributions and curves.

    Each channel spends in bursts with dark weeks between them (flighting), at a level drawn between
    2,000 and 15,000 a week with week-to-week variation; its carry-over decays by θ in [0.1, 0.7] a week;
    its Hill curve has a half-saturation between 0.5 and 2 times its mean spend and a slope between 0.8
    and 1.5; its true ROAS is drawn between 0.8 and 4. The baseline has a level, a linear trend and
    yearly seasonality; the noise is Gaussian with standard deviation ``noise`` times the mean revenue.

    The spend buys impressions at a price per 1,000 (CPM) between 4 and 15, which moves by up to
    ``price_swing`` (0.6: ±60 %) around it in a half-year cycle of its own phase; the audience responds
    to the impressions. With a moving price, a model on spend reads the price as a change of effect and
    one on impressions (``fit(media=data.impressions)``) does not. The prices come from a stream of
    their own, so ``price_swing`` leaves the spend and the other draws of a seed as they are.

    Args:
        weeks: Number of weeks, from 20 to 10,000.
        channels: Number of channels (named after the usual platforms) or their names.
        noise: Relative noise, >= 0.
        price_swing: How far the price per impression moves around its level, from 0 to 0.9.
        seed: Seed of the random generator.

    Returns:
        The [`SyntheticMMM`][socialroi.datasets.SyntheticMMM].

    Raises:
        InvalidInputError: ``weeks`` out of range; bad ``channels``; negative ``noise``; ``price_swing``
            out of range; a bad ``seed``.

    Examples:
        >>> data = synthetic_mmm(weeks=104, channels=("meta", "tiktok"), seed=7)
        >>> sorted(data.true_roas) == ["meta", "tiktok"], bool((data.spend["meta"] == 0).any())
        (True, True)
    """
    count = whole(minimum=20, maximum=10_000).check(weeks, "weeks")
    level = check_scalar(noise, "noise", NON_NEGATIVE)
    swing = check_scalar(price_swing, "price_swing", _PRICE_SWING)
    rng = generator(seed)
    prices = rng.spawn(1)[0]  # its own stream: the other draws do not depend on it
    names = _mmm_channels(channels)
    weeks_ = np.arange(count, dtype=np.float64)
    spend: dict[str, NDArray[np.float64]] = {}
    impressions: dict[str, NDArray[np.float64]] = {}
    contributions: dict[str, NDArray[np.float64]] = {}
    roas: dict[str, float] = {}
    total: dict[str, float] = {}
    curves: dict[str, HillCurve] = {}
    adstocks: dict[str, GeometricAdstock] = {}
    for name in names:
        on = _flighting(rng, count)
        x = np.where(on, rng.uniform(2_000, 15_000) * rng.lognormal(0.0, 0.3, count), 0.0)
        adstock = GeometricAdstock(decay=float(rng.uniform(0.1, 0.7)), max_lag=8)
        ratio, slope = float(rng.uniform(0.5, 2.0)), float(rng.uniform(0.8, 1.5))
        target = float(rng.uniform(0.8, 4.0))
        cpm = prices.uniform(4.0, 15.0) * (
            1.0 + swing * np.sin(2.0 * np.pi * weeks_ / 26.0 + prices.uniform(0.0, 2.0 * np.pi))
        )
        shown = 1000.0 * x / cpm
        # At a constant price the impressions are proportional to spend: the same u, computed from spend.
        media = shown if swing > 0 else x
        scale = float(media.mean())
        u = adstock.transform(media) / scale
        shape = np.where(u > 0, u**slope / (ratio**slope + u**slope), 0.0)
        effect = target * float(x.sum()) / float(shape.sum())
        spend[name] = freeze(x)
        impressions[name] = freeze(shown)
        contributions[name] = freeze(effect * shape)
        roas[name] = float(contributions[name].sum()) / float(x.sum())
        total[name] = float(contributions[name].sum())
        # In spend at the average price: a spend s buys s x Σ shown / Σ x impressions.
        per_spend = float(media.sum()) / float(x.sum())
        curves[name] = HillCurve(beta=effect, half_saturation=ratio * scale / per_spend, slope=slope)
        adstocks[name] = adstock
    media = np.sum(list(contributions.values()), axis=0)
    t = np.arange(count, dtype=np.float64)
    base_level = float(media.mean()) * float(rng.uniform(1.0, 2.0))
    trend = float(rng.uniform(-0.2, 0.3))
    season = 0.15 * np.sin(2.0 * np.pi * t / 52.0 + float(rng.uniform(0.0, 2.0 * np.pi)))
    baseline = base_level * (1.0 + trend * t / count + season)
    clean = baseline + media
    revenue = clean + rng.normal(0.0, level * float(clean.mean()), count)
    return SyntheticMMM(
        channels=names,
        spend=spend,
        impressions=impressions,
        revenue=freeze(revenue),
        baseline=freeze(baseline),
        contributions=contributions,
        true_roas=roas,
        true_contribution=total,
        true_curves=curves,
        true_adstocks=adstocks,
    )
