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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import EllipsisType
from typing import Any, Self

import attrs

from socialroi import metrics
from socialroi._arrays import FINITE, NON_NEGATIVE, POSITIVE, SIGNED_FRACTION, check_scalar, divide
from socialroi.exceptions import CurrencyMismatchError, InvalidInputError, MissingDataError

__all__ = ["CostCategory", "CostItem", "Costs", "Money", "Performance"]

_CURRENCY = re.compile(r"[A-Z]{3}")


def _currency(value: object) -> str:
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value.upper()):
        msg = f"'currency' must be a three-letter ISO 4217 code such as 'USD' (got {value!r})"
        raise InvalidInputError(msg)
    return value.upper()


def _finite_amount(value: object) -> float:
    return check_scalar(value, "amount", FINITE)


@attrs.frozen(kw_only=True, order=False)
class Money:
    """An amount of money in one currency.

    Amounts of one currency add, subtract and compare; mixing currencies raises
    [`CurrencyMismatchError`][socialroi.exceptions.CurrencyMismatchError]. Multiplying or dividing by
    a number scales the amount; dividing two amounts of one currency gives a plain float. ``sum()`` of
    amounts works (it starts from 0).

    Attributes:
        amount: The amount, finite, possibly negative (a refund).
        currency: ISO 4217 code, upper-cased on construction.

    Examples:
        >>> revenue = Money(amount=5000, currency="usd")
        >>> spend = Money(amount=1000, currency="USD")
        >>> revenue / spend
        5.0
        >>> sum([spend, spend]) * 1.5
        Money(amount=3000.0, currency='USD')
    """

    amount: float = attrs.field(converter=_finite_amount)
    currency: str = attrs.field(converter=_currency)

    def _same(self, other: Money, action: str) -> None:
        if self.currency != other.currency:
            msg = f"cannot {action} {self.currency} and {other.currency} amounts; convert one first"
            raise CurrencyMismatchError(msg)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        self._same(other, "add")
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __radd__(self, other: object) -> Money:
        if other == 0 and not isinstance(other, bool):
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        self._same(other, "subtract")
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, Money | bool):
            return NotImplemented
        return Money(amount=self.amount * check_scalar(factor, "factor"), currency=self.currency)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, Money):
            self._same(other, "divide")
            return divide(self.amount, other.amount, "raise", "a ratio of amounts", "divisor")
        divisor = check_scalar(other, "divisor")
        quotient = divide(self.amount, divisor, "raise", "an amount divided", "divisor")
        return Money(amount=quotient, currency=self.currency)

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


def _count(name: str) -> Callable[[object], float | None]:
    def convert(value: object) -> float | None:
        return None if value is None else check_scalar(value, name, NON_NEGATIVE)

    return convert


def _money_amount(value: object) -> float | None:
    return None if value is None else check_scalar(value, "revenue", FINITE)


def _affiliate_revenue(value: object) -> float | None:
    return None if value is None else check_scalar(value, "affiliate_revenue", FINITE)


def _brand_lift(value: object) -> float | None:
    return None if value is None else check_scalar(value, "brand_lift", SIGNED_FRACTION)


def _optional_currency(value: object) -> str | None:
    return None if value is None else _currency(value)


def _count_field(name: str) -> Any:
    return attrs.field(default=None, converter=_count(name))  # pyright: ignore[reportUnknownVariableType]


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
    return sum(rating * count for rating, count in parts) / sum(count for _, count in parts)


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
        channel: Channel or campaign name.
        start: First day of the period.
        end: Last day of the period.
        currency: Currency of ``spend`` and ``revenue``.
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

    channel: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    currency: str | None = attrs.field(default=None, converter=_optional_currency)
    impressions: float | None = _count_field("impressions")
    reach: float | None = _count_field("reach")
    clicks: float | None = _count_field("clicks")
    link_clicks: float | None = _count_field("link_clicks")
    engagements: float | None = _count_field("engagements")
    reactions: float | None = _count_field("reactions")
    comments: float | None = _count_field("comments")
    shares: float | None = _count_field("shares")
    saves: float | None = _count_field("saves")
    follows: float | None = _count_field("follows")
    unfollows: float | None = _count_field("unfollows")
    followers: float | None = _count_field("followers")
    video_views: float | None = _count_field("video_views")
    views_25: float | None = _count_field("views_25")
    views_50: float | None = _count_field("views_50")
    views_75: float | None = _count_field("views_75")
    views_100: float | None = _count_field("views_100")
    sessions: float | None = _count_field("sessions")
    bounced_sessions: float | None = _count_field("bounced_sessions")
    engagement_seconds: float | None = _count_field("engagement_seconds")
    leads: float | None = _count_field("leads")
    conversions: float | None = _count_field("conversions")
    orders: float | None = _count_field("orders")
    new_customers: float | None = _count_field("new_customers")
    revenue: float | None = attrs.field(default=None, converter=_money_amount)
    spend: float | None = _count_field("spend")
    mentions: float | None = _count_field("mentions")
    market_mentions: float | None = _count_field("market_mentions")
    direct_messages: float | None = _count_field("direct_messages")
    micro_conversions: float | None = _count_field("micro_conversions")
    inquiries: float | None = _count_field("inquiries")
    qualified_leads: float | None = _count_field("qualified_leads")
    customers: float | None = _count_field("customers")
    repeat_customers: float | None = _count_field("repeat_customers")
    reviews: float | None = _count_field("reviews")
    positive_reviews: float | None = _count_field("positive_reviews")
    rating: float | None = _count_field("rating")
    engaged_users: float | None = _count_field("engaged_users")
    ad_recall_lift: float | None = _count_field("ad_recall_lift")
    brand_lift: float | None = attrs.field(default=None, converter=_brand_lift)
    influencer_impressions: float | None = _count_field("influencer_impressions")
    influencer_engagements: float | None = _count_field("influencer_engagements")
    affiliate_signups: float | None = _count_field("affiliate_signups")
    affiliate_sessions: float | None = _count_field("affiliate_sessions")
    affiliate_sales: float | None = _count_field("affiliate_sales")
    affiliate_revenue: float | None = attrs.field(default=None, converter=_affiliate_revenue)

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

    def need(self, field: str, metric: str) -> float:
        """Return a measured field, or raise `MissingDataError` naming it and the metric that needs it.

        Examples:
            >>> Performance(clicks=3).need("clicks", "ctr")
            3.0
        """
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
        sums = {
            name: None if (a := getattr(self, name)) is None or (b := getattr(other, name)) is None else a + b
            for name in ADDITIVE
        }
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        return Performance(
            channel=self.channel if self.channel == other.channel else None,
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
        items = list(records)
        if not items:
            msg = "'records' must hold at least one Performance (got none)"
            raise InvalidInputError(msg)
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


def _category(value: object) -> CostCategory:
    if isinstance(value, CostCategory):
        return value
    try:
        return CostCategory(str(value).lower())
    except ValueError:
        options = ", ".join(repr(c.value) for c in CostCategory)
        msg = f"'category' must be one of {options} (got {value!r})"
        raise InvalidInputError(msg) from None


def _money(value: object, name: str = "amount") -> Money:
    if not isinstance(value, Money):
        msg = f"{name!r} must be Money (got {value!r}); write Money(amount=..., currency=...)"
        raise InvalidInputError(msg)
    return value


def _optional_hours(value: object) -> float | None:
    return None if value is None else check_scalar(value, "hours", NON_NEGATIVE)


@attrs.frozen(kw_only=True)
class CostItem:
    """One cost: what it paid for, how much, and optionally which channel it belongs to.

    Attributes:
        category: The [`CostCategory`][socialroi.records.CostCategory] (or its value, like ``"tools"``).
        amount: The cost as [`Money`][socialroi.records.Money]; costs are >= 0.
        label: A description for reports.
        channel: The channel the cost belongs to, or ``None`` for shared costs.
        hours: Hours of staff time, when the cost is staff time.
        hourly_rate: The rate those hours were valued at.

    Examples:
        >>> CostItem(category="tools", amount=Money(amount=99, currency="USD"), label="scheduler").category
        <CostCategory.TOOLS: 'tools'>
    """

    category: CostCategory = attrs.field(converter=_category)
    amount: Money = attrs.field(converter=_money)
    label: str = ""
    channel: str | None = None
    hours: float | None = attrs.field(default=None, converter=_optional_hours)
    hourly_rate: Money | None = None

    def __attrs_post_init__(self) -> None:
        if self.amount.amount < 0:
            msg = f"'amount' must be >= 0 (got {self.amount.amount!r} for {self.label!r})"
            raise InvalidInputError(msg)

    @classmethod
    def staff_time(
        cls, *, hours: float, hourly_rate: Money, label: str = "staff time", channel: str | None = None
    ) -> CostItem:
        """A staff-time cost: hours × hourly rate, keeping both.

        Examples:
            >>> item = CostItem.staff_time(hours=12, hourly_rate=Money(amount=40, currency="USD"))
            >>> item.amount, item.hours
            (Money(amount=480.0, currency='USD'), 12.0)
        """
        rate = _money(hourly_rate, "hourly_rate")
        spent = check_scalar(hours, "hours", NON_NEGATIVE)
        return cls(
            category=CostCategory.STAFF_TIME,
            amount=rate * spent,
            label=label,
            channel=channel,
            hours=spent,
            hourly_rate=rate,
        )


def _items(value: Iterable[object]) -> tuple[CostItem, ...]:
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, CostItem):
            msg = f"'items' must hold CostItem values (got {item!r} at index {index})"
            raise InvalidInputError(msg)
    return tuple(item for item in items if isinstance(item, CostItem))


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

    items: tuple[CostItem, ...] = attrs.field(default=(), converter=_items)
    currency: str | None = attrs.field(default=None, converter=_optional_currency)

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

        Examples:
            >>> ledger = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"))])
            >>> ledger.by_channel()
            {None: Money(amount=9.0, currency='USD')}
        """
        channels = dict.fromkeys(item.channel for item in self.items)
        return {ch: self._sum(i for i in self.items if i.channel == ch) for ch in channels}

    def filter(
        self,
        *,
        category: CostCategory | str | Iterable[CostCategory | str] | None = None,
        channel: str | Iterable[str | None] | EllipsisType | None = ...,
    ) -> Costs:
        """The items of the given categories and/or channels (``channel=None`` selects shared costs).

        Examples:
            >>> usd = Money(amount=5, currency="USD")
            >>> ledger = Costs(items=[CostItem(category="tools", amount=usd), CostItem(category="content", amount=usd)])
            >>> len(ledger.filter(category="tools"))
            1
        """
        items = self.items
        if category is not None:
            wanted = (
                {_category(category)}
                if isinstance(category, CostCategory | str)
                else {_category(c) for c in category}
            )
            items = tuple(i for i in items if i.category in wanted)
        if channel is not ...:
            channels: set[str | None] = (
                {channel} if channel is None or isinstance(channel, str) else set(channel)
            )
            items = tuple(i for i in items if i.channel in channels)
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
        target = _currency(to)
        converted: list[CostItem] = []
        for item in self.items:
            source = item.amount.currency
            if source == target:
                converted.append(item)
                continue
            if source not in rates:
                msg = f"'rates' must give a rate for {source} (got rates for {sorted(rates) or 'nothing'})"
                raise InvalidInputError(msg)
            rate = check_scalar(rates[source], f"rates[{source}]", POSITIVE)
            hourly = (
                None
                if item.hourly_rate is None
                else Money(amount=item.hourly_rate.amount * rate, currency=target)
            )
            converted.append(
                attrs.evolve(
                    item, amount=Money(amount=item.amount.amount * rate, currency=target), hourly_rate=hourly
                )
            )
        return Costs(items=converted, currency=target)
