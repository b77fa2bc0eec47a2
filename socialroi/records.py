"""Immutable records: money with a currency, performance counts and the cost ledger.

Records are frozen ``attrs`` classes validated at construction, so an invalid record cannot exist.
Change one with ``attrs.evolve``. In a record, ``None`` means "not measured" and 0 means "measured
zero".

Examples:
    >>> from socialroi import CostCategory, CostItem, Costs, Money, Performance
    >>> week = Performance(impressions=10_000, clicks=40, spend=50.0, currency="USD")
    >>> week.cpm, week.ctr, week.cpc
    (5.0, 0.004, 1.25)
    >>> costs = Costs(items=[
    ...     CostItem(category=CostCategory.AD_SPEND, amount=Money(amount=1000, currency="USD"), label="Meta ads"),
    ...     CostItem.staff_time(hours=10, hourly_rate=Money(amount=45, currency="USD"), label="community"),
    ... ])
    >>> costs.total()
    Money(amount=1450.0, currency='USD')
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import EllipsisType
from typing import Any, Self

import attrs

from socialroi import metrics
from socialroi._arrays import FINITE, NON_NEGATIVE, POSITIVE, SIGNED_FRACTION, did_you_mean, divide
from socialroi._check import (
    Check,
    ascii_upper,
    at_least_one,
    channel_key,
    date,
    days,
    describe,
    each,
    instance,
    list_to_tuple,
    member,
    number,
    optional,
    pattern,
    real,
    text,
    to_tuple,
)
from socialroi._display import html_fields, percent
from socialroi._display import number as fmt
from socialroi.exceptions import CurrencyMismatchError, InvalidInputError, MissingDataError

__all__ = ["CostCategory", "CostItem", "Costs", "Money", "Performance"]

_CURRENCY = pattern(r"[A-Z]{3}", "a three-letter ISO 4217 code such as 'USD'")
_AMOUNT = number(FINITE)


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An amount of money in one currency.

    Amounts of one currency add, subtract and compare; mixing currencies raises
    [`CurrencyMismatchError`][socialroi.exceptions.CurrencyMismatchError]. Multiplying or dividing by
    a number scales the amount; dividing two amounts of one currency gives a plain float. ``sum()`` of
    amounts works (it starts from 0). A result beyond the float range (about ±1.8e308) raises
    [`InvalidInputError`][socialroi.exceptions.InvalidInputError] naming the operation.

    Attributes:
        amount: The amount, finite, possibly negative (a refund).
        currency: ISO 4217 code: three ASCII letters, upper-cased on construction.

    Examples:
        >>> revenue = Money(amount=5000, currency="usd")
        >>> spend = Money(amount=1000, currency="USD")
        >>> revenue / spend
        5.0
        >>> sum([spend, spend]) * 1.5
        Money(amount=3000.0, currency='USD')
    """

    amount: float = attrs.field(converter=real, validator=_AMOUNT)
    currency: str = attrs.field(converter=ascii_upper, validator=_CURRENCY)

    def _same(self, other: Money, action: str) -> None:
        if self.currency != other.currency:
            msg = f"cannot {action} {self.currency} and {other.currency} amounts; convert one first"
            raise CurrencyMismatchError(msg)

    def _result(self, amount: float, operation: str) -> Money:
        """The amount in this currency; an overflow (the operands were finite) names the operation."""
        if not math.isfinite(amount):
            msg = f"{operation} overflows the float range (about ±1.8e308; got {amount!r})"
            raise InvalidInputError(msg)
        return Money(amount=amount, currency=self.currency)

    def _text(self) -> str:
        return f"{self.amount!r} {self.currency}"

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        self._same(other, "add")
        return self._result(self.amount + other.amount, f"{self._text()} + {other._text()}")

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0.
        if not isinstance(other, bool) and isinstance(other, numbers.Integral) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        self._same(other, "subtract")
        return self._result(self.amount - other.amount, f"{self._text()} - {other._text()}")

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money):
            return NotImplemented
        scale = _AMOUNT.check(real(factor), "factor")
        return self._result(self.amount * scale, f"{self._text()} * {scale!r}")

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, Money):
            self._same(other, "divide")
            return divide(self.amount, other.amount, "raise", "a ratio of amounts", "divisor")
        divisor = _AMOUNT.check(real(other), "divisor")
        quotient = divide(self.amount, divisor, "raise", "an amount divided", "divisor")
        return self._result(quotient, f"{self._text()} / {divisor!r}")

    def _compare(self, other: object, op: Callable[[float, float], bool]) -> bool:
        if not isinstance(other, Money):
            msg = f"cannot compare Money with {type(other).__name__}"
            raise TypeError(msg)
        self._same(other, "compare")
        return op(self.amount, other.amount)

    def __lt__(self, other: Money) -> bool:
        return self._compare(other, float.__lt__)

    def __le__(self, other: Money) -> bool:
        return self._compare(other, float.__le__)

    def __gt__(self, other: Money) -> bool:
        return self._compare(other, float.__gt__)

    def __ge__(self, other: Money) -> bool:
        return self._compare(other, float.__ge__)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return 0 in ``currency``.

        Examples:
            >>> Money.zero("EUR")
            Money(amount=0.0, currency='EUR')
        """
        return cls(amount=0.0, currency=currency)


# --- performance --------------------------------------------------------------------------------------


_NON_NEGATIVE = number(NON_NEGATIVE)
_COUNT: Check[Any] = optional(_NON_NEGATIVE)
_OPTIONAL_AMOUNT: Check[Any] = optional(_AMOUNT)


_QUARTILES = ("video_views", "views_25", "views_50", "views_75", "views_100")
# Counts that add across channels and periods; reach and followers do not (people overlap, and
# followers is a level, not a flow).
ADDITIVE = (
    "impressions",
    "clicks",
    "link_clicks",
    "engagements",
    "reactions",
    "comments",
    "shares",
    "saves",
    "follows",
    "unfollows",
    *_QUARTILES,
    "sessions",
    "bounced_sessions",
    "engagement_seconds",
    "leads",
    "conversions",
    "orders",
    "new_customers",
    "revenue",
    "spend",
    "mentions",
    # Funnel fields (see `socialroi.funnel`): flows that add across channels and periods.
    "market_mentions",
    "direct_messages",
    "micro_conversions",
    "inquiries",
    "qualified_leads",
    "customers",
    "repeat_customers",
    "reviews",
    "positive_reviews",
    "influencer_impressions",
    "influencer_engagements",
    "affiliate_signups",
    "affiliate_sessions",
    "affiliate_sales",
    "affiliate_revenue",
)
# Not additive: people counts overlap across channels (reach, engaged users, ad-recall lift, which
# platforms deduplicate), followers is a level, brand lift is a study result. ``rating`` is an average:
# ``+`` combines it as the review-weighted mean when both sides measured reviews and rating.
NOT_ADDITIVE = ("reach", "followers", "engaged_users", "ad_recall_lift", "brand_lift", "rating")
# (smaller, larger): the first can never exceed the second in one record.
_AT_MOST = (
    ("reach", "impressions"),
    ("bounced_sessions", "sessions"),
    ("mentions", "market_mentions"),
    ("qualified_leads", "leads"),
    ("new_customers", "customers"),
    ("repeat_customers", "customers"),
    ("positive_reviews", "reviews"),
    ("engaged_users", "reach"),
    ("ad_recall_lift", "reach"),
)


def _combined_rating(first: Performance, second: Performance) -> float | None:
    """The review-weighted mean rating of two records, or None when either side lacks what it needs."""
    parts: list[tuple[float, float]] = []
    for record in (first, second):
        if record.reviews is None:
            return None
        if record.reviews == 0:
            continue
        if record.rating is None:
            return None
        parts.append((record.rating, record.reviews))
    if not parts:
        return None
    reviews = sum(count for _, count in parts)
    mean = sum(rating * count for rating, count in parts) / reviews
    if math.isfinite(mean):
        return mean
    # rating × reviews beyond the float range: weigh by shares of the reviews instead.
    return sum(rating * (count / reviews) for rating, count in parts)


@attrs.frozen(kw_only=True, repr=False)
class Performance:
    """What one channel (or campaign) did over one period.

    Every count is optional: ``None`` means not measured, 0 means measured zero. A KPI property whose
    inputs were not measured raises [`MissingDataError`][socialroi.exceptions.MissingDataError] naming
    the field; a zero denominator follows the zero-division policy (NaN with a warning).

    ``a + b`` combines two records as ratios of sums: additive counts add (unmeasured on either side
    makes the sum unmeasured), while ``reach``, ``followers``, ``engaged_users``, ``ad_recall_lift`` and
    ``brand_lift`` are not additive (the same person can be reached on both sides; followers is a level;
    a lift is a study result) and become unmeasured; set them again with ``attrs.evolve`` when known.
    ``rating`` is an average: the sum carries the review-weighted mean rating when both sides measured
    ``reviews`` (and ``rating`` where they have reviews), else it is unmeasured.

    Attributes:
        channel: Channel or campaign name (a non-empty string).
        start: First day of the period, a ``datetime.date`` (not a ``datetime`` or a string).
        end: Last day of the period, a ``datetime.date``.
        currency: Currency of ``spend`` and ``revenue`` (three ASCII letters, upper-cased).
        impressions: Times the content was shown.
        reach: Unique people who saw the content (platforms estimate it).
        followers: Followers at the end of the period.
        video_views: Video views started; ``views_25`` ... ``views_100`` watched to that share.
        engagement_seconds: Total time on the website from this source, in seconds.
        revenue: Revenue attributed to the channel (may be negative: refunds).
        mentions: Mentions of the brand; ``market_mentions`` counts the brand's and its competitors'
            (own included), the base of share of voice.
        direct_messages: Private messages received.
        micro_conversions: Small website actions on the way to a conversion (an e-book download, a
            newsletter sign-up, an add-to-cart).
        inquiries: Online inquiries (contact forms sent).
        qualified_leads: Marketing-qualified leads (MQLs), at most ``leads``.
        customers: Distinct customers who bought in the period; ``repeat_customers`` had bought before
            and ``new_customers`` had not (each at most ``customers``).
        reviews: Reviews received; ``positive_reviews`` of them positive.
        rating: Average rating of those reviews (on the platform's scale, such as 1 to 5); not
            additive. It needs reviews: with ``reviews=0`` it must be ``None``.
        engaged_users: Unique people who engaged (not additive, like reach; at most ``reach``).
        ad_recall_lift: Estimated people who would remember the ads if asked within two days (a
            platform model; at most ``reach``).
        brand_lift: Lift in a brand metric measured by a lift study, as a fraction between -1 and 1
            (0.04 is four percentage points).
        influencer_impressions: Impressions of influencers' content about the brand;
            ``influencer_engagements`` the engagements on it.
        affiliate_signups: People who joined the affiliate or referral programme;
            ``affiliate_sessions`` website sessions from affiliate links; ``affiliate_sales`` orders
            through them and ``affiliate_revenue`` their revenue (finite, may be negative).

    Examples:
        >>> a = Performance(channel="tiktok", impressions=8_000, clicks=40, spend=40.0)
        >>> b = Performance(channel="tiktok", impressions=2_000, clicks=10, spend=10.0)
        >>> (a + b).ctr
        0.005
    """

    channel: str | None = attrs.field(default=None, validator=optional(text()))
    start: dt.date | None = attrs.field(default=None, validator=optional(date()))
    end: dt.date | None = attrs.field(default=None, validator=optional(date()))
    currency: str | None = attrs.field(default=None, converter=ascii_upper, validator=optional(_CURRENCY))
    impressions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    reach: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    clicks: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    link_clicks: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    engagements: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    reactions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    comments: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    shares: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    saves: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    follows: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    unfollows: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    followers: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    video_views: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    views_25: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    views_50: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    views_75: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    views_100: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    sessions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    bounced_sessions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    engagement_seconds: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    leads: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    conversions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    orders: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    new_customers: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    revenue: float | None = attrs.field(default=None, converter=real, validator=_OPTIONAL_AMOUNT)
    spend: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    mentions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    market_mentions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    direct_messages: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    micro_conversions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    inquiries: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    qualified_leads: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    customers: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    repeat_customers: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    reviews: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    positive_reviews: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    rating: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    engaged_users: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    ad_recall_lift: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    brand_lift: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(SIGNED_FRACTION))
    )
    influencer_impressions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    influencer_engagements: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    affiliate_signups: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    affiliate_sessions: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    affiliate_sales: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    affiliate_revenue: float | None = attrs.field(default=None, converter=real, validator=_OPTIONAL_AMOUNT)

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            msg = f"'start' must be <= 'end' (got {self.start} > {self.end})"
            raise InvalidInputError(msg)
        measured = [(name, getattr(self, name)) for name in _QUARTILES if getattr(self, name) is not None]
        for (wider, more), (narrower, fewer) in itertools.pairwise(measured):
            if fewer > more:
                msg = f"video views must not increase with watch time: {narrower!r} must be <= {wider!r} (got {fewer} > {more})"
                raise InvalidInputError(msg)
        for small, large in _AT_MOST:
            low, high = getattr(self, small), getattr(self, large)
            if low is not None and high is not None and low > high:
                msg = f"{small!r} must be <= {large!r} (got {low} > {high})"
                raise InvalidInputError(msg)
        if self.rating is not None and self.reviews == 0:
            msg = f"'rating' must be None when 'reviews' is 0 (got {self.rating})"
            raise InvalidInputError(msg)
        if self.followers is not None and self.follows is not None and self.unfollows is not None:
            gained = self.follows - self.unfollows
            if self.followers < gained:
                msg = (
                    f"'followers' must be >= 'follows' - 'unfollows', or the period started with a negative "
                    f"number of followers (got {self.followers} < {gained})"
                )
                raise InvalidInputError(msg)

    def __repr__(self) -> str:
        measured = ", ".join(
            f"{field.name}={value!r}"
            for field in attrs.fields(Performance)
            if (value := getattr(self, field.name)) is not None
        )
        return f"Performance({measured})"

    def _repr_html_(self) -> str:
        """A card for notebooks: the measured fields, then the headline ratios they allow."""
        money = f" {self.currency}" if self.currency else ""
        where = " to ".join(str(day) for day in (self.start, self.end) if day is not None)
        caption = "Performance: " + (
            ", ".join(part for part in (self.channel or "", where) if part) or "total"
        )
        rows: list[tuple[str, str]] = []
        for field in attrs.fields(Performance):
            value = getattr(self, field.name)
            if field.name in _MEASURES and value is not None:
                count = field.name not in AMOUNTS and float(value).is_integer()
                rows.append(
                    (field.name, fmt(value, 0) if count else fmt(value) + money * (field.name in AMOUNTS))
                )
        for label, ratio, (top, bottom), as_percent in _CARD_RATIOS:
            a, b = getattr(self, top), getattr(self, bottom)
            if a is not None and b is not None:
                value = float(ratio(a, b, zero_division=math.nan))
                rows.append(
                    (label, percent(value, 2) if as_percent else fmt(value) + money * (label != "ROAS"))
                )
        return html_fields(caption, rows)

    def need(self, field: str, metric: str) -> float:
        """Return a measured field, or raise `MissingDataError` naming it and the metric that needs it.

        Examples:
            >>> Performance(clicks=3).need("clicks", "ctr")
            3.0
        """
        given: object = field  # whatever the caller passed: an array must not meet `in`
        if not isinstance(given, str) or given not in _MEASURES:  # pyright: ignore[reportUnnecessaryIsInstance]
            hint = did_you_mean(str(field), _MEASURES)
            msg = f"'field' must be a count or amount of Performance (got {describe(field)}){hint}"
            raise InvalidInputError(msg)
        value: float | None = getattr(self, field)
        if value is None:
            msg = f"{metric} needs {field!r}, which was not measured"
            raise MissingDataError(msg)
        return value

    def __add__(self, other: Performance) -> Performance:
        if not isinstance(other, Performance):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        if self.currency is not None and other.currency is not None and self.currency != other.currency:
            msg = f"cannot add {self.currency} and {other.currency} performance; convert one first"
            raise CurrencyMismatchError(msg)
        sums: dict[str, float | None] = {}
        for name in ADDITIVE:
            a: float | None = getattr(self, name)
            b: float | None = getattr(other, name)
            if a is None or b is None:
                sums[name] = None
                continue
            if not math.isfinite(total := a + b):
                msg = f"adding the records overflows {name!r}: {a!r} + {b!r} is beyond the float range"
                raise InvalidInputError(msg)
            sums[name] = total
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return Performance(
            channel=self.channel if _same_channel(self.channel, other.channel) else None,
            start=min(starts) if len(starts) == 2 else None,
            end=max(ends) if len(ends) == 2 else None,
            currency=self.currency or other.currency,
            rating=_combined_rating(self, other),
            **sums,
        )

    @classmethod
    def total(cls, records: Iterable[Performance]) -> Self:
        """Combine records as ratios of sums (see ``+``).

        Examples:
            >>> Performance.total([Performance(clicks=1), Performance(clicks=2)]).clicks
            3.0
        """
        items: tuple[Performance, ...] = _RECORDS.check(to_tuple(records), "records")
        at_least_one().check(items, "records")
        result = items[0]
        for item in items[1:]:
            result = result + item
        return cls(**attrs.asdict(result, recurse=False))

    # KPIs that the record's fields allow. Each is the `socialroi.metrics` formula on the fields.

    @property
    def cpm(self) -> float:
        """Cost per 1,000 impressions (see `socialroi.metrics.cpm`)."""
        return metrics.cpm(self.need("spend", "cpm"), self.need("impressions", "cpm"))

    @property
    def cpc(self) -> float:
        """Cost per click (see `socialroi.metrics.cpc`)."""
        return metrics.cpc(self.need("spend", "cpc"), self.need("clicks", "cpc"))

    @property
    def ctr(self) -> float:
        """Clicks per impression (see `socialroi.metrics.ctr`)."""
        return metrics.ctr(self.need("clicks", "ctr"), self.need("impressions", "ctr"))

    @property
    def link_ctr(self) -> float:
        """Link clicks per impression: the CTR that Meta and most ad platforms headline.

        ``ctr`` counts every click (``clicks``, Meta's "Clicks (all)"); ``link_ctr`` only the clicks on
        links to the destination (``link_clicks``).

        Examples:
            >>> Performance(impressions=10_000, clicks=90, link_clicks=40).link_ctr
            0.004
        """
        return metrics.ctr(self.need("link_clicks", "link_ctr"), self.need("impressions", "link_ctr"))

    @property
    def link_cpc(self) -> float:
        """Ad spend per link click (see ``link_ctr`` for the difference from ``cpc``).

        Examples:
            >>> Performance(spend=50.0, clicks=100, link_clicks=40).link_cpc
            1.25
        """
        return metrics.cpc(self.need("spend", "link_cpc"), self.need("link_clicks", "link_cpc"))

    @property
    def cpa(self) -> float:
        """Ad spend per conversion (see `socialroi.metrics.cpa`)."""
        return metrics.cpa(self.need("spend", "cpa"), self.need("conversions", "cpa"))

    @property
    def cpl(self) -> float:
        """Ad spend per lead (see `socialroi.metrics.cpl`)."""
        return metrics.cpl(self.need("spend", "cpl"), self.need("leads", "cpl"))

    @property
    def cpv(self) -> float:
        """Ad spend per video view (see `socialroi.metrics.cpv`)."""
        return metrics.cpv(self.need("spend", "cpv"), self.need("video_views", "cpv"))

    @property
    def cpe(self) -> float:
        """Ad spend per engagement (see `socialroi.metrics.cpe`)."""
        return metrics.cpe(self.need("spend", "cpe"), self.need("engagements", "cpe"))

    @property
    def roas(self) -> float:
        """Revenue per unit of ad spend (see `socialroi.metrics.roas`)."""
        return metrics.roas(self.need("revenue", "roas"), self.need("spend", "roas"))

    @property
    def frequency(self) -> float:
        """Impressions per person reached (see `socialroi.metrics.frequency`)."""
        return metrics.frequency(self.need("impressions", "frequency"), self.need("reach", "frequency"))

    @property
    def engagement_rate(self) -> float:
        """Engagements per impression (see `socialroi.metrics.engagement_rate`)."""
        engagements = self.need("engagements", "engagement_rate")
        return metrics.engagement_rate(engagements, impressions=self.need("impressions", "engagement_rate"))

    @property
    def view_rate(self) -> float:
        """Video views per impression (see `socialroi.metrics.view_rate`)."""
        return metrics.view_rate(self.need("video_views", "view_rate"), self.need("impressions", "view_rate"))

    @property
    def completion_rate(self) -> float:
        """Views to 100 % per view started (see `socialroi.metrics.completion_rate`)."""
        completed = self.need("views_100", "completion_rate")
        return metrics.completion_rate(completed, self.need("video_views", "completion_rate"))

    @property
    def conversion_rate(self) -> float:
        """Conversions per session (see `socialroi.metrics.conversion_rate`)."""
        conversions = self.need("conversions", "conversion_rate")
        return metrics.conversion_rate(conversions, self.need("sessions", "conversion_rate"))

    @property
    def bounce_rate(self) -> float:
        """Bounced sessions per session (see `socialroi.metrics.bounce_rate`)."""
        bounced = self.need("bounced_sessions", "bounce_rate")
        return metrics.bounce_rate(bounced, self.need("sessions", "bounce_rate"))

    @property
    def average_order_value(self) -> float:
        """Revenue per order (see `socialroi.metrics.average_order_value`)."""
        revenue = self.need("revenue", "average_order_value")
        return metrics.average_order_value(revenue, self.need("orders", "average_order_value"))

    @property
    def net_followers(self) -> float:
        """Follows minus unfollows (see `socialroi.metrics.net_followers`)."""
        return metrics.net_followers(
            self.need("follows", "net_followers"), self.need("unfollows", "net_followers")
        )


AMOUNTS = ("spend", "revenue")
_CARD_RATIOS: tuple[tuple[str, Callable[..., Any], tuple[str, str], bool], ...] = (
    ("CTR", metrics.ctr, ("clicks", "impressions"), True),
    ("CPC", metrics.cpc, ("spend", "clicks"), False),
    ("CPM", metrics.cpm, ("spend", "impressions"), False),
    ("conversion rate", metrics.conversion_rate, ("conversions", "sessions"), True),
    ("CPA", metrics.cpa, ("spend", "conversions"), False),
    ("ROAS", metrics.roas, ("revenue", "spend"), False),
)
"""The ratios a `Performance` card shows: label, metric, its two fields, and whether it is a percentage."""
_MEASURES = tuple(
    field.name
    for field in attrs.fields(Performance)
    if field.name not in {"channel", "start", "end", "currency"}
)
_RECORDS: Check[Any] = each(instance(Performance, "a Performance"))


# --- costs --------------------------------------------------------------------------------------------


class CostCategory(enum.Enum):
    """What a cost paid for.

    Examples:
        >>> CostCategory.AD_SPEND.value
        'ad_spend'
    """

    AD_SPEND = "ad_spend"
    """Media bought on the platforms."""
    CONTENT = "content"
    """Creating content: design, video, copy, influencer fees."""
    MANAGEMENT = "management"
    """Running the accounts: in-house, agency or white-label management."""
    TOOLS = "tools"
    """Software and subscriptions: scheduling, listening, analytics."""
    STAFF_TIME = "staff_time"
    """Hours of the team's own time, valued at an hourly rate."""
    OTHER = "other"
    """Anything else."""


_CATEGORY = member(CostCategory)


def _to_category(value: object) -> Any:
    """Converter: a category's value in any case (``"Tools"``) as its `CostCategory`."""
    return _CATEGORY.convert(value)


_MONEY = instance(Money, "Money, such as Money(amount=5, currency='USD')")


@attrs.frozen(kw_only=True)
class CostItem:
    """One cost: what it paid for, how much, and optionally which channel it belongs to.

    Attributes:
        category: The [`CostCategory`][socialroi.records.CostCategory] (or its value, like ``"tools"``).
        amount: The cost as [`Money`][socialroi.records.Money]; costs are >= 0.
        label: A description for reports.
        channel: The channel the cost belongs to, or ``None`` for shared costs.
        hours: Hours of staff time, when the cost is staff time.
        hourly_rate: The rate those hours were valued at, >= 0 and in the currency of ``amount``.
        period: The first and last day the cost covers (both ``datetime.date``, first <= last), or
            ``None`` when undated. A reporting series (`ROIReport.series`) puts the cost in the periods
            it covers, pro rata by days.

    Examples:
        >>> CostItem(category="tools", amount=Money(amount=99, currency="USD"), label="scheduler").category
        <CostCategory.TOOLS: 'tools'>
        >>> import datetime as dt
        >>> january = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        >>> CostItem(category="management", amount=Money(amount=2_000, currency="EUR"), period=january).period
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    """

    category: CostCategory = attrs.field(converter=_to_category, validator=_CATEGORY)
    amount: Money = attrs.field(validator=_MONEY)
    label: str = attrs.field(default="", validator=text(empty=True))
    channel: str | None = attrs.field(default=None, validator=optional(text()))
    hours: float | None = attrs.field(default=None, converter=real, validator=_COUNT)
    hourly_rate: Money | None = attrs.field(default=None, validator=optional(_MONEY))
    period: tuple[dt.date, dt.date] | None = attrs.field(
        default=None,
        converter=list_to_tuple,
        validator=optional(days()),
    )

    def __attrs_post_init__(self) -> None:
        if self.amount.amount < 0:
            msg = f"'amount' must be >= 0 (got {self.amount.amount!r} for {self.label!r})"
            raise InvalidInputError(msg)
        if self.hourly_rate is not None:
            if self.hourly_rate.amount < 0:
                msg = f"'hourly_rate' must be >= 0 (got {self.hourly_rate.amount!r} for {self.label!r})"
                raise InvalidInputError(msg)
            if self.hourly_rate.currency != self.amount.currency:
                msg = (
                    f"'hourly_rate' must be in the currency of 'amount', {self.amount.currency} "
                    f"(got {self.hourly_rate.currency} for {self.label!r})"
                )
                raise CurrencyMismatchError(msg)

    @classmethod
    def staff_time(
        cls,
        *,
        hours: float,
        hourly_rate: Money,
        label: str = "staff time",
        channel: str | None = None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> CostItem:
        """A staff-time cost: hours × hourly rate, keeping both.

        Examples:
            >>> item = CostItem.staff_time(hours=12, hourly_rate=Money(amount=40, currency="USD"))
            >>> item.amount, item.hours
            (Money(amount=480.0, currency='USD'), 12.0)
        """
        rate: Money = _MONEY.check(hourly_rate, "hourly_rate")
        spent = _NON_NEGATIVE.check(real(hours), "hours")
        return cls(
            category=CostCategory.STAFF_TIME,
            amount=rate * spent,
            label=label,
            channel=channel,
            hours=spent,
            hourly_rate=rate,
            period=period,
        )


def _same_channel(a: str | None, b: str | None) -> bool:
    """Whether two channel names (or ``None``, shared) are one channel under `channel_key`."""
    return a == b or (a is not None and b is not None and channel_key(a) == channel_key(b))


def _channel_of(name: str | None) -> str | None:
    """The `channel_key` of a channel name; ``None`` (shared costs) stays ``None``."""
    return None if name is None else channel_key(name)


def _selection(value: object, rule: Check[Any], name: str) -> set[Any]:
    """What ``Costs.filter`` selects: one value or an iterable of them, each passing ``rule``."""
    if value is None or isinstance(value, str | CostCategory) or not isinstance(value, Iterable):
        return {rule.check(value, name)}
    return set(each(rule).check(tuple(value), name))  # pyright: ignore[reportUnknownArgumentType]


@attrs.frozen(kw_only=True)
class Costs:
    """An immutable ledger of cost items.

    Totals need one currency: a ledger may hold several, but summing them raises
    [`CurrencyMismatchError`][socialroi.exceptions.CurrencyMismatchError] until
    [`convert`][socialroi.records.Costs.convert] puts them in one.

    Attributes:
        items: The cost items, in the order given.
        currency: The currency of an empty ledger's totals (inferred from the items otherwise).

    Examples:
        >>> usd = lambda x: Money(amount=x, currency="USD")
        >>> costs = Costs(items=[
        ...     CostItem(category="ad_spend", amount=usd(800), channel="facebook"),
        ...     CostItem(category="ad_spend", amount=usd(200), channel="tiktok"),
        ...     CostItem(category="content", amount=usd(500)),
        ... ])
        >>> str(costs.total()), str(costs.ad_spend())
        ('1,500.00 USD', '1,000.00 USD')
    """

    items: tuple[CostItem, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance(CostItem, "a CostItem"))
    )
    currency: str | None = attrs.field(default=None, converter=ascii_upper, validator=optional(_CURRENCY))

    def __iter__(self) -> Iterator[CostItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __add__(self, other: Costs) -> Costs:
        if not isinstance(other, Costs):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        return Costs(items=self.items + other.items, currency=self.currency or other.currency)

    def _sum(self, items: Iterable[CostItem]) -> Money:
        currencies = sorted({item.amount.currency for item in self.items})
        if len(currencies) > 1:
            msg = f"cannot total costs in {', '.join(currencies)}; convert(to, rates) them first"
            raise CurrencyMismatchError(msg)
        currency = currencies[0] if currencies else self.currency
        if currency is None:
            msg = "an empty ledger has no currency; pass Costs(currency=...)"
            raise MissingDataError(msg)
        return sum((item.amount for item in items), Money.zero(currency))

    def total(self) -> Money:
        """The sum of every item.

        Examples:
            >>> Costs(currency="EUR").total()
            Money(amount=0.0, currency='EUR')
        """
        return self._sum(self.items)

    def ad_spend(self) -> Money:
        """The sum of the ``AD_SPEND`` items.

        Examples:
            >>> Costs(currency="EUR").ad_spend()
            Money(amount=0.0, currency='EUR')
        """
        return self._sum(item for item in self.items if item.category is CostCategory.AD_SPEND)

    def by_category(self) -> dict[CostCategory, Money]:
        """Totals per category that has items, in category order.

        Examples:
            >>> ledger = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"))])
            >>> ledger.by_category()
            {<CostCategory.TOOLS: 'tools'>: Money(amount=9.0, currency='USD')}
        """
        present = {item.category for item in self.items}
        return {c: self._sum(i for i in self.items if i.category is c) for c in CostCategory if c in present}

    def by_channel(self) -> dict[str | None, Money]:
        """Totals per channel in order of first appearance; ``None`` collects shared costs.

        Channel names equal under the one channel rule (case-folded, runs of whitespace made one space,
        ends stripped; "Channel names" in the conventions) are one channel, shown in the spelling of its
        first item.

        Examples:
            >>> ledger = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"))])
            >>> ledger.by_channel()
            {None: Money(amount=9.0, currency='USD')}
            >>> usd = Money(amount=5, currency="USD")
            >>> Costs(items=[CostItem(category="ad_spend", amount=usd, channel=name) for name in ("Meta", "meta ")]
            ...       ).by_channel()
            {'Meta': Money(amount=10.0, currency='USD')}
        """
        spelling: dict[str | None, str | None] = {}
        for item in self.items:
            spelling.setdefault(_channel_of(item.channel), item.channel)
        return {
            shown: self._sum(i for i in self.items if _channel_of(i.channel) == key)
            for key, shown in spelling.items()
        }

    def filter(
        self,
        *,
        category: CostCategory | str | Iterable[CostCategory | str] | None = None,
        channel: str | Iterable[str | None] | EllipsisType | None = ...,
    ) -> Costs:
        """The items of the given categories and/or channels (``channel=None`` selects shared costs).

        Channels match by the one channel rule: ``channel="meta"`` selects the items of ``"Meta"`` and
        ``" meta "`` too.

        Examples:
            >>> usd = Money(amount=5, currency="USD")
            >>> ledger = Costs(items=[CostItem(category="tools", amount=usd), CostItem(category="content", amount=usd)])
            >>> len(ledger.filter(category="tools"))
            1
        """
        items = self.items
        if category is not None:
            wanted = _selection(category, _CATEGORY, "category")
            items = tuple(i for i in items if i.category in wanted)
        if channel is not ...:
            channels = {_channel_of(name) for name in _selection(channel, optional(text()), "channel")}
            items = tuple(i for i in items if _channel_of(i.channel) in channels)
        currencies = {item.amount.currency for item in self.items}
        inferred = currencies.pop() if len(currencies) == 1 else None
        return Costs(items=items, currency=self.currency or inferred)

    def convert(self, to: str, rates: Mapping[str, float]) -> Costs:
        """Every item in currency ``to``, using ``rates[c]`` units of ``to`` per unit of currency ``c``.

        Rates are given by the caller (socialroi looks nothing up); a missing rate raises.

        Examples:
            >>> ledger = Costs(items=[CostItem(category="tools", amount=Money(amount=10, currency="EUR"))])
            >>> ledger.convert("USD", {"EUR": 1.1}).total()
            Money(amount=11.0, currency='USD')
        """
        target: str = _CURRENCY.check(ascii_upper(to), "to")
        given: Mapping[object, object] = instance(Mapping, "a mapping such as {'EUR': 1.1}").check(
            rates, "rates"
        )
        converted: list[CostItem] = []
        for item in self.items:
            source = item.amount.currency
            if source == target:
                converted.append(item)
                continue
            if source not in given:
                known = sorted(map(str, given)) or "nothing"
                msg = f"'rates' must give a rate for {source} (got rates for {known})"
                raise InvalidInputError(msg)
            rate = number(POSITIVE).check(real(given[source]), f"rates[{source}]")
            hourly = None if item.hourly_rate is None else _exchange(item.hourly_rate, rate, target)
            converted.append(
                attrs.evolve(item, amount=_exchange(item.amount, rate, target), hourly_rate=hourly)
            )
        return Costs(items=converted, currency=target)


def _exchange(money: Money, rate: float, target: str) -> Money:
    """``money`` at ``rate`` units of ``target`` per unit (an overflow names the product)."""
    return Money(amount=(money * rate).amount, currency=target)
