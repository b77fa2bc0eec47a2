"""Funnel KPIs as pure functions.

Every function takes numbers or array-likes: a Python number in gives a Python ``float`` out; lists,
numpy arrays or pandas Series in give a float64 array (or a Series with the same index) out, broadcast
like numpy. Rates are fractions (``0.034``, not ``3.4``). Money amounts are plain floats here; the
records in `socialroi.records` carry the currency.

Data arguments are positional, options keyword-only. Every ratio takes ``zero_division``: ``"warn"``
(the default) returns NaN where the denominator is 0 and warns with
[`UndefinedMetricWarning`][socialroi.exceptions.UndefinedMetricWarning]; ``"raise"`` raises
[`UndefinedMetricError`][socialroi.exceptions.UndefinedMetricError]; a number is returned in its place.
NaN in the input (missing data) propagates. Impossible input (negative counts or spend, infinities,
mismatched lengths) raises [`InvalidInputError`][socialroi.exceptions.InvalidInputError].

Examples:
    >>> import socialroi
    >>> socialroi.roas(5000, 1000)
    5.0
    >>> socialroi.cpm([50, 30], [10_000, 6_000])
    array([5., 5.])
"""

from __future__ import annotations

from typing import Any, overload

from numpy.typing import ArrayLike

from socialroi._arrays import (
    FINITE,
    FRACTION,
    NON_NEGATIVE,
    FloatArray,
    ZeroDivision,
    broadcast,
    check_at_most,
    divide,
    finish,
    names_of,
    operand,
    part_of_whole,
    ratio,
)
from socialroi.exceptions import InvalidInputError

__all__ = [
    "amplification_rate",
    "applause_rate",
    "average_order_value",
    "bounce_rate",
    "break_even_roas",
    "cac",
    "completion_rate",
    "conversation_rate",
    "conversion_rate",
    "cpa",
    "cpc",
    "cpe",
    "cpl",
    "cpm",
    "cpv",
    "ctr",
    "engagement_rate",
    "follower_growth_rate",
    "frequency",
    "incremental_roas",
    "ltv",
    "ltv_to_cac",
    "marginal_roas",
    "net_followers",
    "payback_period",
    "roas",
    "roi",
    "share_of_voice",
    "view_rate",
    "virality_rate",
]

_MONEY_COUNT = (FINITE, NON_NEGATIVE)
_COUNTS = (NON_NEGATIVE, NON_NEGATIVE)


# --- return on spend ----------------------------------------------------------------------------------


@overload
def roas(revenue: float, spend: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def roas(revenue: ArrayLike, spend: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def roas(revenue: Any, spend: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Return on ad spend: revenue earned per unit of ad spend.

    ROAS = revenue / spend, a ratio (5.0 reads "5:1"). Revenue may be negative (refunds); spend must be
    >= 0. Compare with [`roi`][socialroi.metrics.roi], which charges the whole investment.

    Args:
        revenue: Revenue attributed to the ads.
        spend: Ad spend in the same currency.
        zero_division: What to return where ``spend`` is 0.

    Returns:
        The revenue per unit of spend.

    Examples:
        >>> roas(5000.0, 1000.0)
        5.0
    """
    return ratio(revenue, spend, zero_division, "roas", ("revenue", "spend"), _MONEY_COUNT)


@overload
def roi(revenue: float, cost: float, *, margin: float = ..., zero_division: ZeroDivision = ...) -> float: ...
@overload
def roi(
    revenue: ArrayLike, cost: ArrayLike, *, margin: ArrayLike = ..., zero_division: ZeroDivision = ...
) -> FloatArray: ...
def roi(revenue: Any, cost: Any, *, margin: Any = 1.0, zero_division: ZeroDivision = "warn") -> Any:
    """Return on investment: profit per unit of total investment.

    ROI = (revenue · margin − cost) / cost, a ratio that may be negative. ``cost`` is the whole
    investment (ad spend, content, tools, management, staff time), not only media; ``margin`` turns
    revenue into contribution (1.0 counts all revenue as return).

    Args:
        revenue: Revenue earned.
        cost: Total investment, >= 0.
        margin: Contribution margin, a fraction between 0 and 1.
        zero_division: What to return where ``cost`` is 0.

    Returns:
        The return per unit of investment (0.5 is a 50 % return).

    Examples:
        >>> roi(75_000, 1_700)
        43.11764705882353
        >>> roi(5000, 1000, margin=0.4)
        1.0
    """
    revenue_ = operand(revenue, "revenue", FINITE)
    cost_ = operand(cost, "cost", NON_NEGATIVE)
    margin_ = operand(margin, "margin", FRACTION)
    broadcast(revenue=revenue_, cost=cost_, margin=margin_)
    return divide(revenue_ * margin_ - cost_, cost_, zero_division, "roi", "cost")


@overload
def incremental_roas(
    test_revenue: float, control_revenue: float, spend: float, *, zero_division: ZeroDivision = ...
) -> float: ...
@overload
def incremental_roas(
    test_revenue: ArrayLike,
    control_revenue: ArrayLike,
    spend: ArrayLike,
    *,
    zero_division: ZeroDivision = ...,
) -> FloatArray: ...
def incremental_roas(
    test_revenue: Any, control_revenue: Any, spend: Any, *, zero_division: ZeroDivision = "warn"
) -> Any:
    """Incremental ROAS (iROAS) of a lift test: revenue the ads caused per unit of spend.

    iROAS = (test revenue − control revenue) / spend, where the control group's revenue is scaled to
    the size of the test group.

    Args:
        test_revenue: Revenue of the group that saw the ads.
        control_revenue: Revenue of the holdout group, scaled to the test group's size.
        spend: Ad spend on the test group.
        zero_division: What to return where ``spend`` is 0.

    Returns:
        The incremental revenue per unit of spend.

    Examples:
        >>> incremental_roas(12_000, 9_000, 1_000)
        3.0
    """
    test_ = operand(test_revenue, "test_revenue", FINITE)
    control_ = operand(control_revenue, "control_revenue", FINITE)
    spend_ = operand(spend, "spend", NON_NEGATIVE)
    broadcast(test_revenue=test_, control_revenue=control_, spend=spend_)
    return divide(test_ - control_, spend_, zero_division, "incremental_roas", "spend")


@overload
def marginal_roas(
    revenue_delta: float, spend_delta: float, *, zero_division: ZeroDivision = ...
) -> float: ...
@overload
def marginal_roas(
    revenue_delta: ArrayLike, spend_delta: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def marginal_roas(revenue_delta: Any, spend_delta: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Marginal ROAS: the revenue the next unit of spend brings.

    mROAS = Δrevenue / Δspend between two spend levels. Both changes may be negative (a spend cut).
    Spending more pays while mROAS exceeds [`break_even_roas`][socialroi.metrics.break_even_roas].

    Args:
        revenue_delta: Change in revenue.
        spend_delta: Change in spend.
        zero_division: What to return where ``spend_delta`` is 0.

    Returns:
        The change in revenue per unit change in spend.

    Examples:
        >>> marginal_roas(1_500, 1_000)
        1.5
    """
    return ratio(
        revenue_delta,
        spend_delta,
        zero_division,
        "marginal_roas",
        ("revenue_delta", "spend_delta"),
        (FINITE, FINITE),
    )


@overload
def break_even_roas(margin: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def break_even_roas(margin: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def break_even_roas(margin: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """The ROAS at which ad spend pays for itself.

    Break-even ROAS = 1 / margin, with ``margin`` the contribution margin as a fraction.

    Args:
        margin: Contribution margin, between 0 and 1.
        zero_division: What to return where ``margin`` is 0.

    Returns:
        The ROAS below which the ads lose money.

    Examples:
        >>> break_even_roas(0.4)
        2.5
    """
    return ratio(1.0, margin, zero_division, "break_even_roas", ("1", "margin"), (FINITE, FRACTION))


# --- cost per result ----------------------------------------------------------------------------------


@overload
def cpm(spend: float, impressions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpm(spend: ArrayLike, impressions: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpm(spend: Any, impressions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per mille: the cost of 1,000 impressions.

    CPM = 1000 · spend / impressions, in currency per 1,000 impressions.

    Args:
        spend: Ad spend.
        impressions: Impressions bought.
        zero_division: What to return where ``impressions`` is 0.

    Returns:
        The cost of 1,000 impressions.

    Examples:
        >>> cpm(50, 10_000)
        5.0
    """
    spend_ = operand(spend, "spend", NON_NEGATIVE)
    impressions_ = operand(impressions, "impressions", NON_NEGATIVE)
    broadcast(spend=spend_, impressions=impressions_)
    # Thousands of impressions as the denominator: a finite spend never overflows on the way.
    return divide(spend_, impressions_ / 1000.0, zero_division, "cpm", "impressions")


@overload
def cpc(spend: float, clicks: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpc(spend: ArrayLike, clicks: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpc(spend: Any, clicks: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per click: CPC = spend / clicks, in currency.

    Args:
        spend: Ad spend.
        clicks: Clicks.
        zero_division: What to return where ``clicks`` is 0.

    Returns:
        The cost of one click.

    Examples:
        >>> cpc(50, 40)
        1.25
    """
    return ratio(spend, clicks, zero_division, "cpc", ("spend", "clicks"), _COUNTS)


@overload
def cpa(spend: float, conversions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpa(spend: ArrayLike, conversions: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpa(spend: Any, conversions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per acquisition (action): CPA = ad spend / conversions, in currency.

    CPA counts media spend only; [`cac`][socialroi.metrics.cac] charges every acquisition cost.

    Args:
        spend: Ad spend.
        conversions: Conversions.
        zero_division: What to return where ``conversions`` is 0.

    Returns:
        The media cost of one conversion.

    Examples:
        >>> cpa(1_000, 25)
        40.0
    """
    return ratio(spend, conversions, zero_division, "cpa", ("spend", "conversions"), _COUNTS)


@overload
def cpl(spend: float, leads: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpl(spend: ArrayLike, leads: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpl(spend: Any, leads: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per lead: CPL = spend / leads, in currency.

    Args:
        spend: Ad spend.
        leads: Leads (form fills, sign-ups).
        zero_division: What to return where ``leads`` is 0.

    Returns:
        The cost of one lead.

    Examples:
        >>> cpl(600, 40)
        15.0
    """
    return ratio(spend, leads, zero_division, "cpl", ("spend", "leads"), _COUNTS)


@overload
def cpv(spend: float, views: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpv(spend: ArrayLike, views: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpv(spend: Any, views: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per view: CPV = spend / video views, in currency.

    Args:
        spend: Ad spend.
        views: Video views.
        zero_division: What to return where ``views`` is 0.

    Returns:
        The cost of one view.

    Examples:
        >>> cpv(200, 8_000)
        0.025
    """
    return ratio(spend, views, zero_division, "cpv", ("spend", "views"), _COUNTS)


@overload
def cpe(spend: float, engagements: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cpe(spend: ArrayLike, engagements: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cpe(spend: Any, engagements: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Cost per engagement: CPE = spend / engagements, in currency.

    Args:
        spend: Ad spend.
        engagements: Engagements (reactions, comments, shares, saves, clicks).
        zero_division: What to return where ``engagements`` is 0.

    Returns:
        The cost of one engagement.

    Examples:
        >>> cpe(300, 1_200)
        0.25
    """
    return ratio(spend, engagements, zero_division, "cpe", ("spend", "engagements"), _COUNTS)


@overload
def cac(cost: float, new_customers: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def cac(cost: ArrayLike, new_customers: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def cac(cost: Any, new_customers: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Customer acquisition cost: CAC = all acquisition cost / new customers, in currency.

    Unlike [`cpa`][socialroi.metrics.cpa] (media only), ``cost`` includes content, tools, management and
    staff time spent on acquiring customers.

    Args:
        cost: Total acquisition cost.
        new_customers: New customers won.
        zero_division: What to return where ``new_customers`` is 0.

    Returns:
        The cost of one new customer.

    Examples:
        >>> cac(5_000, 40)
        125.0
    """
    return ratio(cost, new_customers, zero_division, "cac", ("cost", "new_customers"), _COUNTS)


# --- rates --------------------------------------------------------------------------------------------


@overload
def ctr(clicks: float, impressions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def ctr(clicks: ArrayLike, impressions: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def ctr(clicks: Any, impressions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Click-through rate: CTR = clicks / impressions, a fraction.

    Args:
        clicks: Clicks.
        impressions: Impressions.
        zero_division: What to return where ``impressions`` is 0.

    Returns:
        Clicks per impression.

    Examples:
        >>> ctr(40, 10_000)
        0.004
    """
    return ratio(clicks, impressions, zero_division, "ctr", ("clicks", "impressions"), _COUNTS)


@overload
def conversion_rate(conversions: float, visits: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def conversion_rate(
    conversions: ArrayLike, visits: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def conversion_rate(conversions: Any, visits: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Conversion rate: conversions / visits (sessions or clicks), a fraction.

    Args:
        conversions: Conversions.
        visits: Visits, sessions or clicks that could convert.
        zero_division: What to return where ``visits`` is 0.

    Returns:
        Conversions per visit.

    Examples:
        >>> conversion_rate(25, 1_000)
        0.025
    """
    return ratio(conversions, visits, zero_division, "conversion_rate", ("conversions", "visits"), _COUNTS)


@overload
def engagement_rate(
    engagements: float,
    *,
    impressions: float | None = ...,
    reach: float | None = ...,
    followers: float | None = ...,
    zero_division: ZeroDivision = ...,
) -> float: ...
@overload
def engagement_rate(
    engagements: ArrayLike,
    *,
    impressions: ArrayLike | None = ...,
    reach: ArrayLike | None = ...,
    followers: ArrayLike | None = ...,
    zero_division: ZeroDivision = ...,
) -> FloatArray: ...
def engagement_rate(
    engagements: Any,
    *,
    impressions: Any = None,
    reach: Any = None,
    followers: Any = None,
    zero_division: ZeroDivision = "warn",
) -> Any:
    """Engagement rate: engagements / base, a fraction; the base is one of impressions, reach or followers.

    The three bases give different numbers (by reach is higher than by impressions whenever frequency
    exceeds 1), so the base is always named.

    Args:
        engagements: Engagements.
        impressions: Impressions, for the rate by impressions.
        reach: People reached, for the rate by reach.
        followers: Followers, for the rate by followers.
        zero_division: What to return where the base is 0.

    Returns:
        Engagements per unit of the base.

    Raises:
        InvalidInputError: Unless exactly one base is given.

    Examples:
        >>> engagement_rate(300, impressions=10_000)
        0.03
        >>> engagement_rate(300, reach=6_000)
        0.05
    """
    bases = {"impressions": impressions, "reach": reach, "followers": followers}
    given = [name for name, value in bases.items() if value is not None]
    if len(given) != 1:
        msg = f"engagement_rate needs exactly one base of {names_of(list(bases))} (got {len(given)}"
        msg += f": {names_of(given)})" if given else ")"
        raise InvalidInputError(msg)
    name = given[0]
    return ratio(engagements, bases[name], zero_division, "engagement_rate", ("engagements", name), _COUNTS)


@overload
def frequency(impressions: float, reach: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def frequency(
    impressions: ArrayLike, reach: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def frequency(impressions: Any, reach: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Average frequency: impressions / reach, the times each reached person saw the ads.

    Args:
        impressions: Impressions.
        reach: Unique people reached.
        zero_division: What to return where ``reach`` is 0.

    Returns:
        Impressions per person reached (at least 1: every person reached saw at least one impression).

    Raises:
        InvalidInputError: When reach exceeds impressions.

    Examples:
        >>> frequency(10_000, 4_000)
        2.5
    """
    impressions_ = operand(impressions, "impressions", NON_NEGATIVE)
    reach_ = operand(reach, "reach", NON_NEGATIVE)
    broadcast(impressions=impressions_, reach=reach_)
    check_at_most(reach_, impressions_, ("reach", "impressions"))
    return divide(impressions_, reach_, zero_division, "frequency", "reach")


@overload
def view_rate(views: float, impressions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def view_rate(
    views: ArrayLike, impressions: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def view_rate(views: Any, impressions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """View rate: video views / impressions, a fraction.

    Args:
        views: Video views.
        impressions: Video impressions.
        zero_division: What to return where ``impressions`` is 0.

    Returns:
        Views per impression.

    Examples:
        >>> view_rate(2_500, 10_000)
        0.25
    """
    return ratio(views, impressions, zero_division, "view_rate", ("views", "impressions"), _COUNTS)


@overload
def completion_rate(completed: float, started: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def completion_rate(
    completed: ArrayLike, started: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def completion_rate(completed: Any, started: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Completion rate: views to 100 % / views started, a fraction.

    Args:
        completed: Views watched to the end.
        started: Views started.
        zero_division: What to return where ``started`` is 0.

    Returns:
        The share of started views that finished.

    Raises:
        InvalidInputError: When more views completed than started.

    Examples:
        >>> completion_rate(600, 2_400)
        0.25
    """
    return part_of_whole(completed, started, zero_division, "completion_rate", ("completed", "started"))


@overload
def virality_rate(shares: float, impressions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def virality_rate(
    shares: ArrayLike, impressions: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def virality_rate(shares: Any, impressions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Virality rate: shares / impressions, a fraction.

    Args:
        shares: Shares.
        impressions: Impressions.
        zero_division: What to return where ``impressions`` is 0.

    Returns:
        Shares per impression.

    Examples:
        >>> virality_rate(50, 10_000)
        0.005
    """
    return ratio(shares, impressions, zero_division, "virality_rate", ("shares", "impressions"), _COUNTS)


@overload
def amplification_rate(shares: float, *, per: float, zero_division: ZeroDivision = ...) -> float: ...
@overload
def amplification_rate(
    shares: ArrayLike, *, per: ArrayLike, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def amplification_rate(shares: Any, *, per: Any, zero_division: ZeroDivision = "warn") -> Any:
    """Amplification rate: shares / ``per``, where ``per`` is the number of posts or of followers.

    The two conventions differ by orders of magnitude, so ``per`` has no default: pass posts for
    shares per post, followers for shares per follower.

    Args:
        shares: Shares.
        per: Posts or followers.
        zero_division: What to return where ``per`` is 0.

    Returns:
        Shares per post or per follower.

    Examples:
        >>> amplification_rate(120, per=40)
        3.0
    """
    return ratio(shares, per, zero_division, "amplification_rate", ("shares", "per"), _COUNTS)


@overload
def applause_rate(likes: float, *, per: float, zero_division: ZeroDivision = ...) -> float: ...
@overload
def applause_rate(likes: ArrayLike, *, per: ArrayLike, zero_division: ZeroDivision = ...) -> FloatArray: ...
def applause_rate(likes: Any, *, per: Any, zero_division: ZeroDivision = "warn") -> Any:
    """Applause rate: likes (approving reactions) / ``per``, the number of posts or of followers.

    Args:
        likes: Likes or approving reactions.
        per: Posts or followers.
        zero_division: What to return where ``per`` is 0.

    Returns:
        Likes per post or per follower.

    Examples:
        >>> applause_rate(900, per=30)
        30.0
    """
    return ratio(likes, per, zero_division, "applause_rate", ("likes", "per"), _COUNTS)


@overload
def conversation_rate(comments: float, *, per: float, zero_division: ZeroDivision = ...) -> float: ...
@overload
def conversation_rate(
    comments: ArrayLike, *, per: ArrayLike, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def conversation_rate(comments: Any, *, per: Any, zero_division: ZeroDivision = "warn") -> Any:
    """Conversation rate: comments / ``per``, the number of posts or of followers.

    Args:
        comments: Comments.
        per: Posts or followers.
        zero_division: What to return where ``per`` is 0.

    Returns:
        Comments per post or per follower.

    Examples:
        >>> conversation_rate(45, per=30)
        1.5
    """
    return ratio(comments, per, zero_division, "conversation_rate", ("comments", "per"), _COUNTS)


@overload
def share_of_voice(
    own_mentions: float, all_mentions: float, *, zero_division: ZeroDivision = ...
) -> float: ...
@overload
def share_of_voice(
    own_mentions: ArrayLike, all_mentions: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def share_of_voice(own_mentions: Any, all_mentions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Share of voice: own mentions / all mentions in the market (which include the own), a fraction.

    Args:
        own_mentions: Mentions of the brand.
        all_mentions: Mentions of the brand and its competitors, own included.
        zero_division: What to return where ``all_mentions`` is 0.

    Returns:
        The brand's share of the conversation.

    Raises:
        InvalidInputError: When own mentions exceed all mentions.

    Examples:
        >>> share_of_voice(300, 1_200)
        0.25
    """
    return part_of_whole(
        own_mentions, all_mentions, zero_division, "share_of_voice", ("own_mentions", "all_mentions")
    )


@overload
def bounce_rate(bounced_sessions: float, sessions: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def bounce_rate(
    bounced_sessions: ArrayLike, sessions: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def bounce_rate(bounced_sessions: Any, sessions: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Bounce rate: single-page sessions / sessions, a fraction.

    Args:
        bounced_sessions: Sessions that left after one page.
        sessions: Sessions.
        zero_division: What to return where ``sessions`` is 0.

    Returns:
        The share of sessions that bounced.

    Raises:
        InvalidInputError: When bounced sessions exceed sessions.

    Examples:
        >>> bounce_rate(420, 1_000)
        0.42
    """
    return part_of_whole(
        bounced_sessions, sessions, zero_division, "bounce_rate", ("bounced_sessions", "sessions")
    )


# --- followers ----------------------------------------------------------------------------------------


@overload
def net_followers(new: float, lost: float) -> float: ...
@overload
def net_followers(new: ArrayLike, lost: ArrayLike) -> FloatArray: ...
def net_followers(new: Any, lost: Any) -> Any:
    """Net follower change: new − lost, a count that may be negative.

    Args:
        new: Followers gained.
        lost: Followers lost (unfollows).

    Returns:
        The change in followers.

    Examples:
        >>> net_followers(250, 40)
        210.0
    """
    new_ = operand(new, "new", NON_NEGATIVE)
    lost_ = operand(lost, "lost", NON_NEGATIVE)
    broadcast(new=new_, lost=lost_)
    return finish(new_ - lost_)


@overload
def follower_growth_rate(
    new: float, lost: float, starting: float, *, zero_division: ZeroDivision = ...
) -> float: ...
@overload
def follower_growth_rate(
    new: ArrayLike, lost: ArrayLike, starting: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def follower_growth_rate(new: Any, lost: Any, starting: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Follower growth rate: (new − lost) / followers at the start of the period, a fraction.

    Args:
        new: Followers gained.
        lost: Followers lost.
        starting: Followers at the start of the period.
        zero_division: What to return where ``starting`` is 0.

    Returns:
        The relative change in followers.

    Examples:
        >>> follower_growth_rate(250, 40, 7_000)
        0.03
    """
    new_ = operand(new, "new", NON_NEGATIVE)
    lost_ = operand(lost, "lost", NON_NEGATIVE)
    starting_ = operand(starting, "starting", NON_NEGATIVE)
    broadcast(new=new_, lost=lost_, starting=starting_)
    return divide(new_ - lost_, starting_, zero_division, "follower_growth_rate", "starting")


# --- orders and customer value ------------------------------------------------------------------------


@overload
def average_order_value(revenue: float, orders: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def average_order_value(
    revenue: ArrayLike, orders: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def average_order_value(revenue: Any, orders: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Average order value: revenue / orders, in currency.

    Args:
        revenue: Revenue.
        orders: Orders.
        zero_division: What to return where ``orders`` is 0.

    Returns:
        Revenue per order.

    Examples:
        >>> average_order_value(4_500, 60)
        75.0
    """
    return ratio(revenue, orders, zero_division, "average_order_value", ("revenue", "orders"), _MONEY_COUNT)


@overload
def ltv(
    arpu: float, churn_rate: float, *, margin: float = ..., zero_division: ZeroDivision = ...
) -> float: ...
@overload
def ltv(
    arpu: ArrayLike, churn_rate: ArrayLike, *, margin: ArrayLike = ..., zero_division: ZeroDivision = ...
) -> FloatArray: ...
def ltv(arpu: Any, churn_rate: Any, *, margin: Any = 1.0, zero_division: ZeroDivision = "warn") -> Any:
    """Customer lifetime value: LTV = ARPU · margin / churn rate.

    ``arpu`` (average revenue per user) and ``churn_rate`` must use the same period (both monthly, say):
    1 / churn is the expected customer lifetime in periods. Pass ``margin`` for a margin-based LTV, the
    right basis for comparing with acquisition cost.

    Args:
        arpu: Average revenue per customer per period.
        churn_rate: Fraction of customers lost per period.
        margin: Contribution margin, between 0 and 1.
        zero_division: What to return where ``churn_rate`` is 0.

    Returns:
        The value of one customer over their lifetime, in currency.

    Examples:
        >>> ltv(50, 0.05, margin=0.6)
        600.0
    """
    arpu_ = operand(arpu, "arpu", NON_NEGATIVE)
    churn_ = operand(churn_rate, "churn_rate", FRACTION)
    margin_ = operand(margin, "margin", FRACTION)
    broadcast(arpu=arpu_, churn_rate=churn_, margin=margin_)
    return divide(arpu_ * margin_, churn_, zero_division, "ltv", "churn_rate")


@overload
def ltv_to_cac(ltv: float, cac: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def ltv_to_cac(ltv: ArrayLike, cac: ArrayLike, *, zero_division: ZeroDivision = ...) -> FloatArray: ...
def ltv_to_cac(ltv: Any, cac: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """LTV:CAC, the lifetime value of a customer per unit of acquisition cost (3 reads "3:1").

    Args:
        ltv: Customer lifetime value.
        cac: Customer acquisition cost.
        zero_division: What to return where ``cac`` is 0.

    Returns:
        The ratio of lifetime value to acquisition cost.

    Examples:
        >>> ltv_to_cac(600, 200)
        3.0
    """
    return ratio(ltv, cac, zero_division, "ltv_to_cac", ("ltv", "cac"), _MONEY_COUNT)


@overload
def payback_period(cac: float, margin_per_period: float, *, zero_division: ZeroDivision = ...) -> float: ...
@overload
def payback_period(
    cac: ArrayLike, margin_per_period: ArrayLike, *, zero_division: ZeroDivision = ...
) -> FloatArray: ...
def payback_period(cac: Any, margin_per_period: Any, *, zero_division: ZeroDivision = "warn") -> Any:
    """Payback period: CAC / contribution margin per customer per period, in periods.

    Args:
        cac: Customer acquisition cost.
        margin_per_period: Contribution margin one customer brings per period.
        zero_division: What to return where ``margin_per_period`` is 0.

    Returns:
        The periods until a customer has paid back their acquisition cost.

    Examples:
        >>> payback_period(200, 25)
        8.0
    """
    return ratio(
        cac, margin_per_period, zero_division, "payback_period", ("cac", "margin_per_period"), _COUNTS
    )
