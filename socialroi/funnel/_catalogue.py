"""The KPI catalogue and the funnel flow: the data (private; see `socialroi.funnel`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from socialroi import metrics
from socialroi._arrays import FINITE, NON_NEGATIVE, ZeroDivision, did_you_mean, divide, ratio
from socialroi._check import describe
from socialroi.exceptions import InvalidInputError
from socialroi.funnel._kpi import KPI, Direction, Unit
from socialroi.funnel._stage import Stage

# --- the catalogue ------------------------------------------------------------------------------------

_A, _C, _V, _L, _D = Stage
_HIGHER, _LOWER = Direction.HIGHER, Direction.LOWER


# The KPI functions are module-level functions and frozen callables, never closures or lambdas, so
# catalogue KPIs (and every result that holds them) pickle, deep-copy and compare equal after a round trip.


@attrs.frozen
class _Field:
    """The KPI function that is the measured value of one field."""

    field: str

    def __call__(self, values: Mapping[str, float], _zero_division: ZeroDivision) -> float:
        return values[self.field]


@attrs.frozen
class _Ratio:
    """The KPI function ``metric(numerator, denominator)``; without a metric the plain ratio (`per`)."""

    key: str
    metric: Callable[..., float] | None
    fields: tuple[str, str]

    def __call__(self, values: Mapping[str, float], zero_division: ZeroDivision) -> float:
        numerator, denominator = (values[field] for field in self.fields)
        if self.metric is None:
            return per(numerator, denominator, zero_division, self.key, self.fields)
        return self.metric(numerator, denominator, zero_division=zero_division)


@attrs.frozen
class _Engagement:
    """The KPI function ``metrics.engagement_rate(values[engagements], <by>=values[field])``."""

    engagements: str
    by: Literal["impressions", "reach", "followers"]
    field: str

    def __call__(self, values: Mapping[str, float], zero_division: ZeroDivision) -> float:
        denominator = {self.by: values[self.field]}
        return metrics.engagement_rate(values[self.engagements], **denominator, zero_division=zero_division)


def _net_followers(values: Mapping[str, float], _zero_division: ZeroDivision) -> float:
    return metrics.net_followers(values["follows"], values["unfollows"])


def _follower_growth_rate(values: Mapping[str, float], zero_division: ZeroDivision) -> float:
    return metrics.follower_growth_rate(
        values["follows"], values["unfollows"], _starting_followers(values), zero_division=zero_division
    )


def _amplification_rate(values: Mapping[str, float], zero_division: ZeroDivision) -> float:
    return metrics.amplification_rate(values["shares"], per=values["followers"], zero_division=zero_division)


def per(num: float, den: float, zero_division: ZeroDivision, metric: str, names: tuple[str, str]) -> float:
    """``num / den`` under the zero-division policy, for KPIs without a function in `socialroi.metrics`."""
    result: float = ratio(num, den, zero_division, metric, names, (FINITE, NON_NEGATIVE))
    return result


def _starting_followers(values: Mapping[str, float]) -> float:
    return values["followers"] - metrics.net_followers(values["follows"], values["unfollows"])


def _revenue(values: Mapping[str, float], metric: str) -> float:
    """Revenue for a per-customer value, which net refunds (negative revenue) do not have."""
    revenue = values["revenue"]
    if revenue < 0:
        msg = f"{metric} needs 'revenue' >= 0: net refunds have no customer value (got {revenue})"
        raise InvalidInputError(msg)
    return revenue


def _ltv(values: Mapping[str, float], zero_division: ZeroDivision) -> float:
    revenue = _revenue(values, "ltv")
    customers = values["customers"]
    if customers == 0:
        undefined: float = divide(0.0, 0.0, zero_division, "ltv", "customers")
        return undefined
    arpu = revenue / customers
    churn = 1.0 - values["repeat_customers"] / customers
    return metrics.ltv(arpu, churn, zero_division=zero_division)


def _ltv_to_cac(values: Mapping[str, float], zero_division: ZeroDivision) -> float:
    cac = metrics.cac(values["spend"], values["new_customers"], zero_division=zero_division)
    return metrics.ltv_to_cac(_ltv(values, zero_division), cac, zero_division=zero_division)


def _payback(values: Mapping[str, float], zero_division: ZeroDivision) -> float:
    cac = metrics.cac(values["spend"], values["new_customers"], zero_division=zero_division)
    revenue = _revenue(values, "payback_period")
    per_customer = per(
        revenue, values["customers"], zero_division, "payback_period", ("revenue", "customers")
    )
    return metrics.payback_period(cac, per_customer, zero_division=zero_division)


def _count(
    key: str,
    name: str,
    stages: tuple[Stage, ...],
    description: str,
    *,
    field: str | None = None,
    estimate: bool = False,
) -> KPI:
    source = field or key
    return KPI(
        key=key,
        name=name,
        stages=stages,
        unit=Unit.COUNT,
        direction=_HIGHER,
        fields=(source,),
        formula=source,
        function=_Field(source),
        estimate=estimate,
        description=description,
    )


def _ratio(
    key: str,
    name: str,
    stages: tuple[Stage, ...],
    unit: Unit,
    direction: Direction,
    metric: Callable[..., float] | None,
    fields: tuple[str, str],
    formula: str,
    description: str,
    *,
    estimate: bool = False,
) -> KPI:
    """A KPI that is ``metric(values[numerator], values[denominator], zero_division=...)``.

    ``metric=None`` is the plain ratio of the two fields, for KPIs without a function in `socialroi.metrics`.
    """
    return KPI(
        key=key,
        name=name,
        stages=stages,
        unit=unit,
        direction=direction,
        fields=fields,
        formula=formula,
        function=_Ratio(key, metric, fields),
        estimate=estimate,
        description=description,
    )


def _catalogue() -> dict[str, KPI]:
    # fmt: off
    kpis = [
        # awareness
        _count("reach", "Reach", (_A,), "Unique people who saw the content.", estimate=True),
        _count("impressions", "Impressions", (_A,), "Times the content was shown."),
        _ratio(
            "frequency", "Frequency", (_A,), Unit.RATIO, _HIGHER, metrics.frequency,
            ("impressions", "reach"), "impressions / reach",
            "Times each reached person saw the content; above 3 to 4, watch for ad fatigue.", estimate=True,
        ),
        _ratio(
            "cpm", "CPM", (_A,), Unit.CURRENCY_PER_MILLE, _LOWER, metrics.cpm,
            ("spend", "impressions"), "1000 · spend / impressions",
            "The cost of 1,000 impressions.",
        ),
        _ratio(
            "cost_per_1000_reached", "Cost per 1,000 reached", (_A,), Unit.CURRENCY_PER_MILLE, _LOWER, metrics.cpm,
            ("spend", "reach"), "1000 · spend / reach",
            "The cost of reaching 1,000 people (CPM on people instead of impressions).", estimate=True,
        ),
        _count("video_views", "Video views", (_A,), "Video views started."),
        _count("views_25", "Views to 25 %", (_A,), "Video views watched to a quarter."),
        _count("views_50", "Views to 50 %", (_A,), "Video views watched to half."),
        _count("views_75", "Views to 75 %", (_A,), "Video views watched to three quarters."),
        _count("views_100", "Views to 100 %", (_A,), "Video views watched to the end."),
        _ratio(
            "view_rate", "View rate", (_A,), Unit.FRACTION, _HIGHER, metrics.view_rate,
            ("video_views", "impressions"), "video views / impressions",
            "Share of impressions that started a video view.",
        ),
        _ratio(
            "completion_rate", "Video completion rate", (_A,), Unit.FRACTION, _HIGHER, metrics.completion_rate,
            ("views_100", "video_views"), "views to 100 % / video views",
            "Share of started video views watched to the end.",
        ),
        _ratio(
            "cpv", "CPV", (_A,), Unit.CURRENCY, _LOWER, metrics.cpv,
            ("spend", "video_views"), "spend / video views",
            "The cost of one video view.",
        ),
        _count(
            "ad_recall_lift", "Estimated ad recall lift", (_A,),
            "People estimated to remember the ads if asked within two days.", estimate=True,
        ),
        _ratio(
            "ad_recall_lift_rate", "Ad recall lift rate", (_A,), Unit.FRACTION, _HIGHER, None,
            ("ad_recall_lift", "reach"), "ad recall lift / reach",
            "Share of the people reached who are estimated to remember the ads.", estimate=True,
        ),
        KPI(
            key="brand_lift", name="Brand lift", stages=(_A,), unit=Unit.FRACTION, direction=_HIGHER,
            fields=("brand_lift",), formula="brand lift (study)", function=_Field("brand_lift"), estimate=True,
            description="Lift in a brand metric (awareness, favourability) measured by a lift study.",
        ),
        _count("mentions", "Mentions", (_A, _D), "Times people mentioned the brand (volume)."),
        _ratio(
            "share_of_voice", "Share of voice", (_A,), Unit.FRACTION, _HIGHER, metrics.share_of_voice,
            ("mentions", "market_mentions"), "mentions / market mentions",
            "The brand's share of all mentions of the brand and its competitors.",
        ),
        _count("followers", "Followers", (_A,), "Fans and followers on the channel at the end of the period."),
        KPI(
            key="net_followers", name="Net followers", stages=(_A, _L), unit=Unit.COUNT, direction=_HIGHER,
            fields=("follows", "unfollows"), formula="follows - unfollows",
            function=_net_followers,
            description="Followers gained minus followers lost.",
        ),
        KPI(
            key="follower_growth_rate", name="Follower growth rate", stages=(_A,), unit=Unit.FRACTION,
            direction=_HIGHER, fields=("follows", "unfollows", "followers"),
            formula="(follows - unfollows) / (followers - follows + unfollows)",
            function=_follower_growth_rate,
            description="Net followers relative to the followers at the start of the period.",
        ),
        # consideration
        _count("engagements", "Engagements", (_C,), "Reactions, comments, shares, saves and clicks."),
        KPI(
            key="engagement_rate", name="Engagement rate (by impressions)", stages=(_C,), unit=Unit.FRACTION,
            direction=_HIGHER, fields=("engagements", "impressions"), formula="engagements / impressions",
            function=_Engagement("engagements", "impressions", "impressions"),
            description="Engagements per impression.",
        ),
        KPI(
            key="engagement_rate_by_reach", name="Engagement rate (by reach)", stages=(_C,),
            unit=Unit.FRACTION, direction=_HIGHER, fields=("engagements", "reach"),
            formula="engagements / reach", estimate=True,
            function=_Engagement("engagements", "reach", "reach"),
            description="Engagements per person reached.",
        ),
        KPI(
            key="engagement_rate_by_followers", name="Engagement rate (by followers)", stages=(_C,),
            unit=Unit.FRACTION, direction=_HIGHER, fields=("engagements", "followers"),
            formula="engagements / followers",
            function=_Engagement("engagements", "followers", "followers"),
            description="Engagements per follower.",
        ),
        _count("reactions", "Reactions", (_C,), "Likes and other reactions."),
        _count("comments", "Comments", (_C,), "Comments and replies."),
        _count("shares", "Shares", (_C, _D), "Shares, reposts and retweets."),
        _count("saves", "Saves", (_C,), "Saves and bookmarks."),
        _count("clicks", "Clicks", (_C,), "All clicks on the content."),
        _count("link_clicks", "Link clicks", (_C,), "Clicks that lead to the website."),
        _ratio(
            "ctr", "CTR (all clicks)", (_C,), Unit.FRACTION, _HIGHER, metrics.ctr,
            ("clicks", "impressions"), "clicks / impressions",
            "Clicks of any kind per impression (Meta's \"CTR (all)\"); see link CTR for website clicks.",
        ),
        _ratio(
            "link_ctr", "Link CTR", (_C,), Unit.FRACTION, _HIGHER, metrics.ctr,
            ("link_clicks", "impressions"), "link clicks / impressions",
            "Website (link) clicks per impression: the CTR ad platforms headline.",
        ),
        _ratio(
            "cpc", "CPC (all clicks)", (_C,), Unit.CURRENCY, _LOWER, metrics.cpc,
            ("spend", "clicks"), "spend / clicks",
            "The cost of one click of any kind; see link CPC for website clicks.",
        ),
        _ratio(
            "link_cpc", "Link CPC", (_C,), Unit.CURRENCY, _LOWER, metrics.cpc,
            ("spend", "link_clicks"), "spend / link clicks",
            "The cost of one website (link) click (Meta's \"CPC (cost per link click)\").",
        ),
        _ratio(
            "cpe", "CPE", (_C,), Unit.CURRENCY, _LOWER, metrics.cpe,
            ("spend", "engagements"), "spend / engagements",
            "The cost of one engagement.",
        ),
        _count("sessions", "Website sessions", (_C,), "Website visits from the channel."),
        _ratio(
            "time_on_site", "Time on site", (_C,), Unit.SECONDS, _HIGHER, None,
            ("engagement_seconds", "sessions"), "engagement seconds / sessions",
            "Average time on the website per session.",
        ),
        _ratio(
            "bounce_rate", "Bounce rate", (_C,), Unit.FRACTION, _LOWER, metrics.bounce_rate,
            ("bounced_sessions", "sessions"), "bounced sessions / sessions",
            "Share of sessions that left after one page.",
        ),
        _count(
            "micro_conversions", "Micro-conversions", (_C,),
            "Small website actions on the way to a conversion (downloads, sign-ups, add-to-cart).",
        ),
        _ratio(
            "micro_conversion_rate", "Micro-conversion rate", (_C,), Unit.FRACTION, _HIGHER, metrics.conversion_rate,
            ("micro_conversions", "sessions"), "micro-conversions / sessions",
            "Micro-conversions per website session.",
        ),
        _ratio(
            "website_conversion_rate", "Website conversion rate", (_C,), Unit.FRACTION, _HIGHER, metrics.conversion_rate,
            ("conversions", "sessions"), "conversions / sessions",
            "Conversions per website session.",
        ),
        _count("direct_messages", "Direct messages", (_C,), "Private messages received."),
        _count("positive_reviews", "Positive reviews", (_C, _L), "Reviews with a positive rating."),
        # conversion
        _count("conversions", "Conversions", (_V,), "Desired actions completed (purchases, sign-ups)."),
        _count("orders", "Purchases", (_V,), "Orders placed."),
        _count("leads", "Leads", (_V,), "Leads: form fills, sign-ups, downloads with contact details."),
        _count("qualified_leads", "MQLs", (_V,), "Marketing-qualified leads."),
        _count("inquiries", "Online inquiries", (_V,), "Contact forms sent."),
        _ratio(
            "cpa", "CPA", (_V,), Unit.CURRENCY, _LOWER, metrics.cpa,
            ("spend", "conversions"), "spend / conversions",
            "The media cost of one conversion.",
        ),
        _ratio(
            "cpl", "CPL", (_V,), Unit.CURRENCY, _LOWER, metrics.cpl,
            ("spend", "leads"), "spend / leads",
            "The cost of one lead.",
        ),
        _ratio(
            "conversion_rate", "Conversion rate", (_V,), Unit.FRACTION, _HIGHER, metrics.conversion_rate,
            ("conversions", "link_clicks"), "conversions / link clicks",
            "Conversions per website click from the channel.",
        ),
        KPI(
            key="revenue", name="Revenue", stages=(_V,), unit=Unit.CURRENCY, direction=_HIGHER,
            fields=("revenue",), formula="revenue", function=_Field("revenue"),
            description="Revenue attributed to the channel.",
        ),
        _ratio(
            "average_order_value", "Average order value", (_V,), Unit.CURRENCY, _HIGHER, metrics.average_order_value,
            ("revenue", "orders"), "revenue / orders",
            "Revenue per order.",
        ),
        _ratio(
            "roas", "ROAS", (_V,), Unit.RATIO, _HIGHER, metrics.roas,
            ("revenue", "spend"), "revenue / spend",
            "Revenue per unit of ad spend.",
        ),
        _ratio(
            "roi", "ROI on revenue over ad spend", (_V,), Unit.RATIO, _HIGHER, metrics.roi,
            ("revenue", "spend"), "(revenue - spend) / spend",
            "ROI on revenue with ad spend as the only cost (ROAS - 1); the ROI report's ROI charges every "
            "cost, at its margin.",
        ),
        _count("new_customers", "New customers", (_V,), "Customers who bought for the first time."),
        _ratio(
            "cac", "CAC (media)", (_V,), Unit.CURRENCY, _LOWER, metrics.cac,
            ("spend", "new_customers"), "spend / new customers",
            "Ad spend per new customer; the full CAC adds content, tools and staff time.",
        ),
        # loyalty
        _count("new_followers", "New followers", (_L,), "Followers gained in the period.", field="follows"),
        _count("engaged_users", "Engaged users", (_L,), "Unique people who engaged."),
        _count("reviews", "Reviews", (_L,), "Reviews received."),
        KPI(
            key="rating", name="Rating", stages=(_L,), unit=Unit.SCORE, direction=_HIGHER,
            fields=("rating",), formula="average rating", function=_Field("rating"),
            description="Average rating of the reviews.",
        ),
        _ratio(
            "positive_review_rate", "Positive review rate", (_L,), Unit.FRACTION, _HIGHER, None,
            ("positive_reviews", "reviews"), "positive reviews / reviews",
            "Share of reviews that are positive.",
        ),
        _count("repeat_customers", "Repeat customers", (_L,), "Customers who bought again (upsell, cross-sell)."),
        _ratio(
            "repeat_purchase_rate", "Repeat purchase rate", (_L,), Unit.FRACTION, _HIGHER, None,
            ("repeat_customers", "customers"), "repeat customers / customers",
            "Share of the period's customers who had bought before.",
        ),
        KPI(
            key="ltv", name="Customer value (LTV)", stages=(_L,), unit=Unit.CURRENCY, direction=_HIGHER,
            fields=("revenue", "customers", "repeat_customers"),
            formula="(revenue / customers) / (1 - repeat customers / customers)", function=_ltv, estimate=True,
            description=(
                "Revenue per customer per period times the expected lifetime in periods, taking the repeat "
                "purchase rate as the chance to stay (a steady-state model)."
            ),
        ),
        KPI(
            key="ltv_to_cac", name="LTV:CAC", stages=(_L,), unit=Unit.RATIO, direction=_HIGHER,
            fields=("revenue", "customers", "repeat_customers", "spend", "new_customers"),
            formula="LTV / (spend / new customers)", function=_ltv_to_cac, estimate=True,
            description="Lifetime value per unit of media acquisition cost (3 reads 3:1).",
        ),
        KPI(
            key="payback_period", name="Payback period", stages=(_L,), unit=Unit.PERIODS, direction=_LOWER,
            fields=("spend", "new_customers", "revenue", "customers"),
            formula="(spend / new customers) / (revenue / customers)", function=_payback,
            description="Periods of revenue per customer it takes to earn back the media CAC.",
        ),
        # advocacy
        KPI(
            key="amplification_rate", name="Amplification rate", stages=(_D,), unit=Unit.RATIO,
            direction=_HIGHER, fields=("shares", "followers"), formula="shares / followers",
            function=_amplification_rate,
            description="Shares per follower: how far followers carry the content.",
        ),
        _ratio(
            "virality_rate", "Virality rate", (_D,), Unit.FRACTION, _HIGHER, metrics.virality_rate,
            ("shares", "impressions"), "shares / impressions",
            "Shares per impression.",
        ),
        _count(
            "influencer_engagements", "Influencer content engagement", (_D,),
            "Engagements on influencers' content about the brand.",
        ),
        KPI(
            key="influencer_engagement_rate", name="Influencer engagement rate", stages=(_D,),
            unit=Unit.FRACTION, direction=_HIGHER, fields=("influencer_engagements", "influencer_impressions"),
            formula="influencer engagements / influencer impressions",
            function=_Engagement("influencer_engagements", "impressions", "influencer_impressions"),
            description="Engagements per impression of influencers' content.",
        ),
        _count("affiliate_signups", "Affiliate sign-ups", (_D,), "People who joined the affiliate programme."),
        _count(
            "affiliate_traffic", "Affiliate traffic", (_D,), "Website sessions from affiliate links.",
            field="affiliate_sessions",
        ),
        _count("affiliate_sales", "Affiliate sales", (_D,), "Orders through affiliate links."),
        KPI(
            key="affiliate_revenue", name="Affiliate revenue", stages=(_D,), unit=Unit.CURRENCY,
            direction=_HIGHER, fields=("affiliate_revenue",), formula="affiliate revenue",
            function=_Field("affiliate_revenue"), description="Revenue of the orders through affiliate links.",
        ),
    ]
    # fmt: on
    return {kpi.key: kpi for kpi in kpis}


KPIS: Mapping[str, KPI] = MappingProxyType(_catalogue())
"""The KPI catalogue: key → [`KPI`][socialroi.funnel.KPI], stage by stage (read-only).

Examples:
    >>> len(KPIS) >= 40
    True
    >>> [key for key, kpi in KPIS.items() if kpi.estimate][:3]
    ['reach', 'frequency', 'cost_per_1000_reached']
"""

FLOW: Mapping[Stage, tuple[str, ...]] = MappingProxyType(
    {
        Stage.AWARENESS: ("impressions", "reach"),
        Stage.CONSIDERATION: ("link_clicks", "clicks", "sessions"),
        Stage.CONVERSION: ("conversions", "orders", "leads"),
        Stage.LOYALTY: ("repeat_customers",),
        Stage.ADVOCACY: ("affiliate_signups",),
    }
)
"""The count that measures how many got to each stage, in order of preference (the first measured wins).

Stage-to-stage flow ratios divide one stage's count by the previous stage's: impressions → link clicks
→ conversions → repeat customers → advocates (affiliate sign-ups).

Examples:
    >>> FLOW[Stage.CONSIDERATION]
    ('link_clicks', 'clicks', 'sessions')
"""


def unknown_kpi(
    name: str, key: object, options: Iterable[str], rule: str, where: str = ""
) -> InvalidInputError:
    """The error for a KPI key outside ``options``: ``'name' must be <rule> (got 'key'<where>); did you mean``."""
    hint = did_you_mean(key, options) if isinstance(key, str) else ""
    return InvalidInputError(f"{name!r} must be {rule} (got {describe(key)}{where}){hint}")
