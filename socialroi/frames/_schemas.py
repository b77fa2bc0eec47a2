"""Platform schemas: what each export's (and API's) column headers mean.

Private; the public names are re-exported by `socialroi.frames`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from socialroi._arrays import POSITIVE
from socialroi._check import (
    boolean,
    choice,
    each,
    flag,
    instance,
    mapping,
    number,
    optional,
    read_only_mapping,
    real,
    text,
    to_tuple,
)
from socialroi.records import ADDITIVE, NOT_ADDITIVE

__all__ = ["KEYS", "RATES", "SCHEMAS", "TARGETS", "Alias", "Schema", "header_key", "split_currency"]

KEYS = (
    "date",
    "end",
    "campaign",
    "channel",
    "platform",
    "ad_set",
    "ad",
    "account",
    "currency",
    "attribution_window",
)
"""Column roles that are not counts: the row's date (and last date), its labels, currency and attribution window."""

RATES: Mapping[str, tuple[str, str, float]] = MappingProxyType(
    {
        "ctr": ("clicks", "impressions", 1.0),
        "link_ctr": ("link_clicks", "impressions", 1.0),
        "cpc": ("spend", "clicks", 1.0),
        "link_cpc": ("spend", "link_clicks", 1.0),
        "cpm": ("spend", "impressions", 1000.0),
        "cpa": ("spend", "conversions", 1.0),
        "cost_per_lead": ("spend", "leads", 1.0),
        "frequency": ("impressions", "reach", 1.0),
        "roas": ("revenue", "spend", 1.0),
        "engagement_rate": ("engagements", "impressions", 1.0),
        "bounce_rate": ("bounced_sessions", "sessions", 1.0),
    }
)
"""Ratio columns of exports: name → (numerator field, denominator field, factor). Never summed: they are
checked against the ratio recomputed from the counts, then left out of the records."""

TARGETS = (*KEYS, *ADDITIVE, *NOT_ADDITIVE, *RATES)
"""Everything a column can mean (a user ``mapping`` may also map a header to ``None``: ignore it)."""

TARGET_RULE = "a Performance field, a key role or a rate name (see TARGETS)"

_CURRENCY_SUFFIX = re.compile(r"\s*[(\[]([A-Za-z]{3})[)\]]\s*$")


def split_currency(header: str) -> tuple[str, str | None]:
    """``"Amount spent (USD)"`` → ``("Amount spent", "USD")``; a header without a code is returned as is."""
    match = _CURRENCY_SUFFIX.search(header)
    if match is None or match.group(1).upper() == "ALL":
        return header, None
    return header[: match.start()], match.group(1).upper()


def header_key(header: str) -> str:
    """How headers compare: case-folded, runs of spaces made one, ends stripped."""
    return " ".join(header.split()).casefold()


@attrs.frozen
class Alias:
    """What one header means: a target (a `Performance` field, a key role or a rate) and a scale.

    ``scale`` multiplies the values: 0.01 for a rate written in percent (``2.3`` meaning 2.3 %), 1e-6 for
    an API's micro-units. A value written with a ``%`` sign is always read as a percent instead.
    ``None`` as target means a known column that no record field holds (``note`` says why).
    """

    target: str | None = attrs.field(validator=optional(choice(TARGETS, what=TARGET_RULE)))
    scale: float = attrs.field(default=1.0, converter=real, validator=number(POSITIVE))
    note: str = attrs.field(default="", validator=text(empty=True))


_Entry = str | tuple[str, float] | tuple[None, float, str]


def _alias(meaning: _Entry) -> Alias:
    if isinstance(meaning, str):
        return Alias(meaning)
    if len(meaning) == 2:
        return Alias(meaning[0], meaning[1])
    return Alias(None, meaning[1], meaning[2])


def _aliases(entries: Mapping[str, _Entry]) -> dict[str, Alias]:
    return {header_key(header): _alias(meaning) for header, meaning in entries.items()}


PERCENT = 0.01
MICRO = 1e-6

_META: dict[str, _Entry] = {
    # Ads Manager export headers
    "Day": "date",
    "Reporting starts": "date",
    "Reporting ends": "end",
    "Campaign name": "campaign",
    "Ad set name": "ad_set",
    "Ad name": "ad",
    "Account name": "account",
    "Platform": "channel",
    "Currency": "currency",
    "Attribution setting": "attribution_window",
    "Amount spent": "spend",
    "Impressions": "impressions",
    "Reach": "reach",
    "Frequency": "frequency",
    "Clicks (all)": "clicks",
    "Link clicks": "link_clicks",
    "CTR (all)": ("ctr", PERCENT),
    "CTR (link click-through rate)": ("link_ctr", PERCENT),
    "CPC (all)": "cpc",
    "CPC (cost per link click)": "link_cpc",
    "CPM (cost per 1,000 impressions)": "cpm",
    "Results": "conversions",
    "Cost per result": "cpa",
    "Purchases": "orders",
    "Purchases conversion value": "revenue",
    "Website purchases conversion value": "revenue",
    "Purchase ROAS (return on ad spend)": "roas",
    "Leads": "leads",
    "Cost per lead": "cost_per_lead",
    "Post engagement": "engagements",
    "Post engagements": "engagements",
    "Post reactions": "reactions",
    "Post comments": "comments",
    "Post shares": "shares",
    "Post saves": "saves",
    "Page likes": "follows",
    "Follows or likes": "follows",
    "3-second video plays": "video_views",
    "Video plays": "video_views",
    "Video plays at 25%": "views_25",
    "Video plays at 50%": "views_50",
    "Video plays at 75%": "views_75",
    "Video plays at 100%": "views_100",
    "ThruPlays": (None, 1.0, "ThruPlays (15-second plays) have no Performance field"),
    "Landing page views": (
        None,
        1.0,
        "landing page views are not sessions; read sessions from the analytics",
    ),
    "Result indicator": (None, 1.0, "describes what 'Results' count"),
    "Result type": (None, 1.0, "describes what 'Results' count"),
    "Delivery": (None, 1.0, "a status, not a measure"),
    "Ends": (None, 1.0, "a schedule, not a measure"),
    "Starts": (None, 1.0, "a schedule, not a measure"),
    "Ad set budget": (None, 1.0, "a budget, not spend"),
    "Ad set budget type": (None, 1.0, "a budget, not spend"),
    # Marketing API (Insights) field names
    "date_start": "date",
    "date_stop": "end",
    "campaign_name": "campaign",
    "adset_name": "ad_set",
    "ad_name": "ad",
    "account_name": "account",
    "publisher_platform": "channel",
    "account_currency": "currency",
    "attribution_setting": "attribution_window",
    "spend": "spend",
    "impressions": "impressions",
    "reach": "reach",
    "frequency": "frequency",
    "clicks": "clicks",
    "inline_link_clicks": "link_clicks",
    "ctr": ("ctr", PERCENT),
    "inline_link_click_ctr": ("link_ctr", PERCENT),
    "cpc": "cpc",
    "cost_per_inline_link_click": "link_cpc",
    "cpm": "cpm",
    "inline_post_engagement": "engagements",
    "video_p25_watched_actions": "views_25",
    "video_p50_watched_actions": "views_50",
    "video_p75_watched_actions": "views_75",
    "video_p100_watched_actions": "views_100",
}

_LINKEDIN: dict[str, _Entry] = {
    "Start Date (in UTC)": "date",
    "End Date (in UTC)": "end",
    "Campaign Name": "campaign",
    "Campaign Group Name": "ad_set",
    "Account Name": "account",
    "Currency": "currency",
    "Total Spent": "spend",
    "Impressions": "impressions",
    "Reach": "reach",
    "Average Frequency": "frequency",
    "Clicks": "clicks",
    "Landing Page Clicks": "link_clicks",
    "Average CTR": ("ctr", PERCENT),
    "Average CPC": "cpc",
    "Average CPM": "cpm",
    "Reactions": "reactions",
    "Comments": "comments",
    "Shares": "shares",
    "Follows": "follows",
    "Total Engagements": "engagements",
    "Engagement Rate": ("engagement_rate", PERCENT),
    "Conversions": "conversions",
    "Total Conversion Value": "revenue",
    "Cost per Conversion": "cpa",
    "Leads": "leads",
    "Cost per Lead": "cost_per_lead",
    "Video Views": "video_views",
    "Video Completions": "views_100",
    "Other Clicks": (None, 1.0, "part of 'Clicks'"),
    # Marketing API (adAnalytics) field names
    "costInLocalCurrency": "spend",
    "clicks": "clicks",
    "impressions": "impressions",
    "landingPageClicks": "link_clicks",
    "externalWebsiteConversions": "conversions",
    "conversionValueInLocalCurrency": "revenue",
    "oneClickLeads": "leads",
    "videoViews": "video_views",
    "videoCompletions": "views_100",
    "likes": "reactions",
    "comments": "comments",
    "shares": "shares",
    "follows": "follows",
    "totalEngagements": "engagements",
}

_TIKTOK: dict[str, _Entry] = {
    "By Day": "date",
    "Date": "date",
    "Campaign name": "campaign",
    "Ad group name": "ad_set",
    "Ad name": "ad",
    "Currency": "currency",
    "Cost": "spend",
    "Impressions": "impressions",
    "Reach": "reach",
    "Frequency": "frequency",
    "Clicks (all)": "clicks",
    "Clicks (destination)": "link_clicks",
    "CTR (all)": ("ctr", PERCENT),
    "CTR (destination)": ("link_ctr", PERCENT),
    "CPC (destination)": "link_cpc",
    "CPM": "cpm",
    "Conversions": "conversions",
    "Cost per conversion": "cpa",
    "Total complete payment value": "revenue",
    "Video views": "video_views",
    "Video views at 25%": "views_25",
    "Video views at 50%": "views_50",
    "Video views at 75%": "views_75",
    "Video views at 100%": "views_100",
    "Likes": "reactions",
    "Comments": "comments",
    "Shares": "shares",
    "Follows": "follows",
    # Reporting API metric names
    "stat_time_day": "date",
    "campaign_name": "campaign",
    "adgroup_name": "ad_set",
    "spend": "spend",
    "impressions": "impressions",
    "reach": "reach",
    "frequency": "frequency",
    "clicks": "link_clicks",
    "ctr": ("link_ctr", PERCENT),
    "cpc": "link_cpc",
    "cpm": "cpm",
    "conversion": "conversions",
    "cost_per_conversion": "cpa",
    "video_play_actions": "video_views",
    "video_views_p25": "views_25",
    "video_views_p50": "views_50",
    "video_views_p75": "views_75",
    "video_views_p100": "views_100",
    "likes": "reactions",
    "comments": "comments",
    "shares": "shares",
    "follows": "follows",
}

_GOOGLE_ADS: dict[str, _Entry] = {
    "Day": "date",
    "Date": "date",
    "Campaign": "campaign",
    "Ad group": "ad_set",
    "Account": "account",
    "Currency code": "currency",
    "Cost": "spend",
    "Impr.": "impressions",
    "Impressions": "impressions",
    "Clicks": "clicks",
    "CTR": ("ctr", PERCENT),
    "Avg. CPC": "cpc",
    "Avg. CPM": "cpm",
    "Conversions": "conversions",
    "Conv. value": "revenue",
    "Conversion value": "revenue",
    "Cost / conv.": "cpa",
    "Views": "video_views",
    "Engagements": "engagements",
    "Interactions": (None, 1.0, "clicks, views and engagements of mixed kinds"),
    "Conv. rate": (None, 1.0, "conversions per interaction, not per session"),
    # Google Ads API (GAQL) field names
    "segments.date": "date",
    "campaign.name": "campaign",
    "ad_group.name": "ad_set",
    "customer.currency_code": "currency",
    "metrics.cost_micros": ("spend", MICRO),
    "metrics.impressions": "impressions",
    "metrics.clicks": "clicks",
    "metrics.ctr": "ctr",
    "metrics.average_cpc": ("cpc", MICRO),
    "metrics.average_cpm": ("cpm", MICRO),
    "metrics.conversions": "conversions",
    "metrics.conversions_value": "revenue",
    "metrics.video_views": "video_views",
    "metrics.engagements": "engagements",
}

_PINTEREST: dict[str, _Entry] = {
    "Date": "date",
    "Campaign name": "campaign",
    "Ad group name": "ad_set",
    "Currency": "currency",
    "Spend in account currency": "spend",
    "Spend": "spend",
    "Impressions": "impressions",
    "Reach": "reach",
    "Pin clicks": "clicks",
    "Outbound clicks": "link_clicks",
    "CTR": ("ctr", PERCENT),
    "Outbound CTR": ("link_ctr", PERCENT),
    "CPC": "cpc",
    "CPM": "cpm",
    "Saves": "saves",
    "Engagements": "engagements",
    "Engagement rate": ("engagement_rate", PERCENT),
    "Video views": "video_views",
    "Total conversions": "conversions",
    "Total order value": "revenue",
    # Ads API (analytics) column names
    "DATE": "date",
    "CAMPAIGN_NAME": "campaign",
    "SPEND_IN_DOLLAR": "spend",
    "SPEND_IN_MICRO_DOLLAR": ("spend", MICRO),
    "IMPRESSION_1": "impressions",
    "CLICKTHROUGH_1": "clicks",
    "OUTBOUND_CLICK_1": "link_clicks",
    "TOTAL_ENGAGEMENT": "engagements",
    "TOTAL_CONVERSIONS": "conversions",
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": ("revenue", MICRO),
}

_SNAPCHAT: dict[str, _Entry] = {
    "Day": "date",
    "Start time": "date",
    "Campaign Name": "campaign",
    "Ad Squad Name": "ad_set",
    "Ad Name": "ad",
    "Currency": "currency",
    "Amount Spent": "spend",
    "Paid Impressions": "impressions",
    "Impressions": "impressions",
    "Reach": "reach",
    "Frequency": "frequency",
    "Swipe Ups": "link_clicks",
    "Swipes": "link_clicks",
    "Swipe Up Rate": ("link_ctr", PERCENT),
    "eCPM": "cpm",
    "eCPSU": "link_cpc",
    "Video Views": "video_views",
    "Purchases": "orders",
    "Purchases Value": "revenue",
    "Story Opens": (None, 1.0, "opens of a story ad have no Performance field"),
    # Marketing API (stats) field names
    "spend": ("spend", MICRO),  # micro-units: the export's header is "Amount Spent"
    "impressions": "impressions",
    "swipes": "link_clicks",
    "uniques": "reach",
    "frequency": "frequency",
    "video_views": "video_views",
    "quartile_1": "views_25",
    "quartile_2": "views_50",
    "quartile_3": "views_75",
    "view_completion": "views_100",
    "conversion_purchases": "orders",
    "conversion_purchases_value": ("revenue", MICRO),
}

_X: dict[str, _Entry] = {
    "Time period": "date",
    "Date": "date",
    "Campaign name": "campaign",
    "Ad Group name": "ad_set",
    "Currency": "currency",
    "Spend": "spend",
    "Impressions": "impressions",
    "Engagements": "engagements",
    "Engagement rate": ("engagement_rate", PERCENT),
    "Clicks": "clicks",
    "Link clicks": "link_clicks",
    "Cost per link click": "link_cpc",
    "Retweets": "shares",
    "Reposts": "shares",
    "Likes": "reactions",
    "Replies": "comments",
    "Follows": "follows",
    "Video views": "video_views",
    "Video played 25%": "views_25",
    "Video played 50%": "views_50",
    "Video played 75%": "views_75",
    "Video completions": "views_100",
    # Ads API (stats) metric names
    "billed_charge_local_micro": ("spend", MICRO),
    "impressions": "impressions",
    "engagements": "engagements",
    "clicks": "clicks",
    "url_clicks": "link_clicks",
    "retweets": "shares",
    "likes": "reactions",
    "replies": "comments",
    "follows": "follows",
    "video_total_views": "video_views",
    "video_views_25": "views_25",
    "video_views_50": "views_50",
    "video_views_75": "views_75",
    "video_views_100": "views_100",
}

_GA4: dict[str, _Entry] = {
    "Date": "date",
    "Session default channel group": "channel",
    "Default channel group": "channel",
    "Session source / medium": "channel",
    "Session campaign": "campaign",
    "Sessions": "sessions",
    "Engaged sessions": (None, 1.0, "bounced sessions are sessions minus engaged sessions: compute them"),
    "Bounce rate": ("bounce_rate", PERCENT),
    "Key events": "conversions",
    "Conversions": "conversions",
    "Transactions": "orders",
    "Ecommerce purchases": "orders",
    "Total revenue": "revenue",
    "Purchase revenue": "revenue",
    "Total users": (None, 1.0, "users overlap between days and channels (not additive, no field)"),
    "New users": (None, 1.0, "users overlap between days and channels (not additive, no field)"),
    # Data API dimension and metric names
    "date": "date",
    "sessionDefaultChannelGroup": "channel",
    "sessionSourceMedium": "channel",
    "sessionCampaignName": "campaign",
    "sessions": "sessions",
    "bounceRate": "bounce_rate",
    "keyEvents": "conversions",
    "conversions": "conversions",
    "transactions": "orders",
    "ecommercePurchases": "orders",
    "totalRevenue": "revenue",
    "purchaseRevenue": "revenue",
    "userEngagementDuration": "engagement_seconds",
}


@attrs.frozen
class Schema:
    """What the columns of one platform's exports and API responses mean.

    Attributes:
        platform: The platform's name (``"meta"``, ``"linkedin"``, ...).
        aliases: Header (compared by `header_key`) → `Alias`.
        attributed: Whether the platform attributes conversions itself (an ad platform claiming sales
            seen within its attribution window), so that two platforms may claim the same sale.

    Examples:
        >>> from socialroi.frames import SCHEMAS
        >>> SCHEMAS["meta"].meaning("Link clicks")
        Alias(target='link_clicks', scale=1.0, note='')
    """

    platform: str = attrs.field(validator=text())
    aliases: Mapping[str, Alias] = attrs.field(
        converter=read_only_mapping, repr=False, validator=mapping(text(), instance(Alias, "an Alias"))
    )
    headers: tuple[str, ...] = attrs.field(repr=False, converter=to_tuple, validator=each(text()))
    attributed: bool = attrs.field(default=True, converter=boolean, validator=flag())

    def meaning(self, header: str) -> Alias | None:
        """The `Alias` of ``header`` (without its currency suffix), or ``None`` when the schema lacks it.

        The field names of `Performance`, the key roles and the rate names (``"spend"``, ``"date"``,
        ``"ctr"``) are understood by every schema.

        Examples:
            >>> from socialroi.frames import SCHEMAS
            >>> SCHEMAS["google_ads"].meaning("metrics.cost_micros").scale
            1e-06
        """
        key = header_key(split_currency(header)[0])
        found = self.aliases.get(key)
        if found is None and key in _CANONICAL:
            return Alias(key)
        return found


_CANONICAL = frozenset(TARGETS)

SCHEMAS: Mapping[str, Schema] = MappingProxyType(
    {
        "meta": Schema("meta", _aliases(_META), tuple(_META)),
        "linkedin": Schema("linkedin", _aliases(_LINKEDIN), tuple(_LINKEDIN)),
        "tiktok": Schema("tiktok", _aliases(_TIKTOK), tuple(_TIKTOK)),
        "google_ads": Schema("google_ads", _aliases(_GOOGLE_ADS), tuple(_GOOGLE_ADS)),
        "pinterest": Schema("pinterest", _aliases(_PINTEREST), tuple(_PINTEREST)),
        "snapchat": Schema("snapchat", _aliases(_SNAPCHAT), tuple(_SNAPCHAT)),
        "x": Schema("x", _aliases(_X), tuple(_X)),
        "ga4": Schema("ga4", _aliases(_GA4), tuple(_GA4), attributed=False),
    }
)
"""The built-in schemas by platform name."""
