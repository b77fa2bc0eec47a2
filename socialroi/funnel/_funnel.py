"""The funnel: stages, KPIs, the catalogue, targets, evaluation and `Funnel` (private; see `socialroi.funnel`)."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import html
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal, TypeAlias, cast

import attrs

from socialroi import metrics
from socialroi._arrays import (
    FINITE,
    NON_NEGATIVE,
    ZeroDivision,
    check_scalar,
    check_zero_division,
    did_you_mean,
    divide,
    names_of,
    ratio,
)
from socialroi._display import compact, html_sections, plain, text_sections
from socialroi.exceptions import InvalidInputError, MissingDataError
from socialroi.records import Performance

__all__ = [
    "Change",
    "Direction",
    "FLOW",
    "Funnel",
    "FunnelEvaluation",
    "Goal",
    "KPI",
    "KPIFunction",
    "KPIS",
    "Scorecard",
    "Stage",
    "Target",
    "TargetProgress",
    "Transition",
    "Unit",
]

# --- stages -------------------------------------------------------------------------------------------


@functools.total_ordering
class Stage(enum.Enum):
    """A stage of the marketing funnel, ordered from first contact to advocacy.

    ``AWARENESS < CONSIDERATION < CONVERSION < LOYALTY < ADVOCACY``. [`parse`][socialroi.funnel.Stage.parse]
    also understands the usual synonyms ("engagement", "lead generation", "retention", ...).

    Examples:
        >>> Stage.AWARENESS < Stage.CONVERSION
        True
        >>> sorted([Stage.ADVOCACY, Stage.LOYALTY])
        [<Stage.LOYALTY: 4>, <Stage.ADVOCACY: 5>]
        >>> Stage.CONSIDERATION.key, Stage.CONSIDERATION.label
        ('consideration', 'Consideration')
    """

    AWARENESS = 1
    """People learn that the brand exists: reach, impressions, video views, followers."""
    CONSIDERATION = 2
    """People engage and look closer: engagement, clicks, website visits."""
    CONVERSION = 3
    """People act: leads, inquiries, purchases."""
    LOYALTY = 4
    """Customers come back: repeat purchases, reviews, lifetime value."""
    ADVOCACY = 5
    """Customers recommend: mentions, shares, affiliates."""

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return self.value < other.value

    @property
    def key(self) -> str:
        """The stage's name in lower case, as used in dicts and messages.

        Examples:
            >>> Stage.LOYALTY.key
            'loyalty'
        """
        return self.name.lower()

    @property
    def label(self) -> str:
        """The stage's name for display.

        Examples:
            >>> Stage.LOYALTY.label
            'Loyalty'
        """
        return self.name.capitalize()

    @classmethod
    def parse(cls, value: Stage | str) -> Stage:
        """The stage named ``value``: a `Stage`, its name, or a common synonym (case-insensitive).

        Synonyms: awareness: reach, prospecting, discovery, top of funnel (tofu); consideration:
        engagement, interest, traffic, evaluation, middle of funnel (mofu); conversion: lead
        generation, leads, acquisition, sales, purchase, action, decision, bottom of funnel (bofu);
        loyalty: retention, repeat purchase, upsell, cross-sell, satisfaction; advocacy: referral,
        word of mouth, ambassadors, social proof.

        Args:
            value: The stage or its name.

        Returns:
            The stage.

        Raises:
            InvalidInputError: For an unknown name, with the closest valid names.

        Examples:
            >>> Stage.parse("Engagement"), Stage.parse("retention"), Stage.parse("prospecting")
            (<Stage.CONSIDERATION: 2>, <Stage.LOYALTY: 4>, <Stage.AWARENESS: 1>)
            >>> Stage.parse("awarenes")
            Traceback (most recent call last):
            ...
            socialroi.exceptions.InvalidInputError: 'stage' must be one of 'awareness', 'consideration', 'conversion', 'loyalty' or 'advocacy' or a synonym like 'engagement' (got 'awarenes'); did you mean 'awareness' or 'brand awareness'?
        """
        given = cast("object", value)
        if isinstance(given, Stage):
            return given
        if not isinstance(given, str):
            msg = f"'stage' must be a Stage or its name (got {value!r})"
            raise InvalidInputError(msg)
        normal = " ".join(re.split(r"[\s_\-]+", given.strip().lower()))
        found = _STAGE_NAMES.get(normal)
        if found is None:
            names = names_of([stage.key for stage in cls])
            msg = f"'stage' must be one of {names} or a synonym like 'engagement' (got {value!r})"
            raise InvalidInputError(msg + did_you_mean(normal, _STAGE_NAMES))
        return found


_STAGE_NAMES: dict[str, Stage] = {
    **{stage.key: stage for stage in Stage},
    **dict.fromkeys(
        ("reach", "prospecting", "discovery", "brand awareness", "top of funnel", "tofu"), Stage.AWARENESS
    ),
    **dict.fromkeys(
        ("engagement", "interest", "traffic", "evaluation", "middle of funnel", "mofu"), Stage.CONSIDERATION
    ),
    **dict.fromkeys(
        (
            "lead generation",
            "lead gen",
            "leads",
            "acquisition",
            "sales",
            "purchase",
            "action",
            "decision",
            "bottom of funnel",
            "bofu",
            "retargeting",
            "remarketing",
        ),
        Stage.CONVERSION,
    ),
    **dict.fromkeys(("retention", "repeat purchase", "upsell", "cross sell", "satisfaction"), Stage.LOYALTY),
    **dict.fromkeys(
        ("referral", "referrals", "word of mouth", "ambassadors", "social proof"), Stage.ADVOCACY
    ),
}


def _stage(value: object) -> Stage:
    return Stage.parse(value)  # type: ignore[arg-type]


def _stages(value: object) -> tuple[Stage, ...]:
    items: Iterable[object] = (value,) if isinstance(value, Stage | str) else _iterable(value, "stages")
    return tuple(Stage.parse(item) for item in items)  # type: ignore[arg-type]


def _iterable(value: object, name: str) -> Iterable[object]:
    if not isinstance(value, Iterable):
        msg = f"{name!r} must be a sequence (got {value!r})"
        raise InvalidInputError(msg)
    return cast("Iterable[object]", value)


def _names(name: str, value: object) -> tuple[str, ...]:
    """One name or a sequence of names as a tuple of non-empty strings."""
    items = (value,) if isinstance(value, str) else tuple(_iterable(value, name))
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item:
            msg = f"{name!r} must hold non-empty strings (got {item!r} at index {index})"
            raise InvalidInputError(msg)
    return items  # type: ignore[return-value]


def _primary(value: object) -> tuple[str, ...]:
    return _names("primary", value)


def _secondary(value: object) -> tuple[str, ...]:
    return _names("secondary", value)


def _content(value: object) -> tuple[str, ...]:
    return _names("content", value)


# --- KPI ----------------------------------------------------------------------------------------------


class Unit(enum.Enum):
    """The unit of a KPI's value.

    Examples:
        >>> KPIS["cpm"].unit
        <Unit.CURRENCY_PER_MILLE: 'currency per mille'>
    """

    COUNT = "count"
    """A number of things or people."""
    FRACTION = "fraction"
    """A share between 0 and 1 (0.034 is 3.4 %)."""
    RATIO = "ratio"
    """One quantity per unit of another (ROAS 5.0 reads "5:1")."""
    CURRENCY = "currency"
    """Money, in the currency of the performance record."""
    CURRENCY_PER_MILLE = "currency per mille"
    """Money per 1,000 (impressions or people reached)."""
    SECONDS = "seconds"
    """A duration."""
    PERIODS = "periods"
    """A number of periods of the performance record (months for monthly records)."""
    SCORE = "score"
    """An average rating on the platform's own scale (such as 1 to 5)."""


class Direction(enum.Enum):
    """Whether a higher or a lower value of a KPI is better.

    Examples:
        >>> Direction.LOWER.better(18.0, 20.0)
        True
    """

    HIGHER = "higher"
    """More is better (reach, CTR, ROAS)."""
    LOWER = "lower"
    """Less is better (CPM, CPA, bounce rate)."""

    def better(self, value: float, than: float) -> bool:
        """Whether ``value`` is strictly better than ``than`` in this direction.

        Examples:
            >>> Direction.HIGHER.better(0.02, 0.01)
            True
        """
        return value > than if self is Direction.HIGHER else value < than


KPIFunction: TypeAlias = Callable[[Mapping[str, float], ZeroDivision], float]
"""How a KPI is computed: from the measured values of its fields (by name) and the zero-division policy."""

_RECORD_META = frozenset({"channel", "start", "end", "currency"})
_PERFORMANCE_FIELDS = tuple(f.name for f in attrs.fields(Performance) if f.name not in _RECORD_META)
_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _kpi_key(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(cast("object", value), str) or not _KEY.fullmatch(value):
        msg = f"{attribute.name!r} must be lower-case letters, digits and underscores, starting with a letter (got {value!r})"
        raise InvalidInputError(msg)


def _kpi_stages(value: object) -> tuple[Stage, ...]:
    stages = _stages(value)
    if not stages:
        msg = "'stages' must name at least one stage (got none)"
        raise InvalidInputError(msg)
    return stages


def _performance_fields(name: str, value: object) -> tuple[str, ...]:
    names = _names(name, value)
    for field in names:
        if field not in _PERFORMANCE_FIELDS:
            msg = f"{name!r} must name numeric fields of Performance (got {field!r}){did_you_mean(field, _PERFORMANCE_FIELDS)}"
            raise InvalidInputError(msg)
    return names


def _kpi_fields(value: object) -> tuple[str, ...]:
    return _performance_fields("fields", value)


def _enum(kind: type[Unit | Direction], name: str, value: object) -> Any:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        msg = f"{name!r} must be one of {names_of([m.value for m in kind])} (got {value!r})"
        raise InvalidInputError(msg) from None


def _unit(value: object) -> Unit:
    unit: Unit = _enum(Unit, "unit", value)
    return unit


def _direction(value: object) -> Direction:
    direction: Direction = _enum(Direction, "direction", value)
    return direction


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        msg = f"{attribute.name!r} must be a non-empty string (got {value!r})"
        raise InvalidInputError(msg)


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: bool) -> None:
    if not isinstance(cast("object", value), bool):
        msg = f"{attribute.name!r} must be True or False (got {value!r})"
        raise InvalidInputError(msg)


def _text(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(cast("object", value), str):
        msg = f"{attribute.name!r} must be a string (got {value!r})"
        raise InvalidInputError(msg)


def _channel(_instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and (not isinstance(cast("object", value), str) or not value):
        msg = f"{attribute.name!r} must be a channel name or None (got {value!r})"
        raise InvalidInputError(msg)


def _callable(_instance: object, _attribute: attrs.Attribute[KPIFunction], value: KPIFunction) -> None:
    if not callable(cast("object", value)):
        msg = f"'function' must be callable as function(values, zero_division) (got {value!r})"
        raise InvalidInputError(msg)


@attrs.frozen(kw_only=True)
class KPI:
    """One key performance indicator: what it means, what it needs and how it is computed.

    ``function`` receives the measured values of ``fields`` (a mapping from field name to float) and
    the zero-division policy, and returns the value; the catalogue's functions call
    `socialroi.metrics`. Build your own KPIs the same way and pass them to a
    [`Funnel`][socialroi.funnel.Funnel] in its ``catalogue``.

    Attributes:
        key: Identifier, like ``"cpa"``.
        name: Display name.
        stages: The stages the KPI measures, the main one first.
        unit: The [`Unit`][socialroi.funnel.Unit] of the value.
        direction: Whether higher or lower is better.
        fields: The `Performance` fields the KPI reads.
        formula: The formula in words, for display.
        function: The computation.
        estimate: Whether platforms model the value rather than count it (reach, ad-recall lift,
            brand lift, and what is computed from them or from a model).
        description: What the KPI tells, in a sentence.

    Examples:
        >>> from socialroi import Performance
        >>> cpa = KPIS["cpa"]
        >>> cpa.stage, cpa.unit.value, cpa.direction.value, cpa.fields
        (<Stage.CONVERSION: 3>, 'currency', 'lower', ('spend', 'conversions'))
        >>> cpa.compute(Performance(spend=1_000, conversions=25))
        40.0
        >>> from socialroi import metrics
        >>> per_save = KPI(
        ...     key="cost_per_save", name="Cost per save", stages="consideration", unit="currency",
        ...     direction="lower", fields=("spend", "saves"), formula="spend / saves",
        ...     function=lambda v, zd: metrics.cpe(v["spend"], v["saves"], zero_division=zd),
        ... )
        >>> per_save.compute(Performance(spend=90, saves=30))
        3.0
    """

    key: str = attrs.field(validator=_kpi_key)
    name: str = attrs.field(validator=_non_empty)
    stages: tuple[Stage, ...] = attrs.field(converter=_kpi_stages)
    unit: Unit = attrs.field(converter=_unit)
    direction: Direction = attrs.field(converter=_direction)
    fields: tuple[str, ...] = attrs.field(converter=_kpi_fields)
    formula: str = attrs.field(validator=_non_empty)
    function: KPIFunction = attrs.field(validator=_callable, repr=False)
    estimate: bool = attrs.field(default=False, validator=_flag)
    description: str = attrs.field(default="", validator=_text)

    @property
    def stage(self) -> Stage:
        """The main stage (the first of ``stages``).

        Examples:
            >>> KPIS["mentions"].stage, KPIS["mentions"].stages
            (<Stage.AWARENESS: 1>, (<Stage.AWARENESS: 1>, <Stage.ADVOCACY: 5>))
        """
        return self.stages[0]

    def missing(self, performance: Performance) -> tuple[str, ...]:
        """The fields this KPI needs that ``performance`` did not measure.

        Examples:
            >>> from socialroi import Performance
            >>> KPIS["cpa"].missing(Performance(spend=10.0))
            ('conversions',)
        """
        _check_performance(performance, "performance")
        return tuple(name for name in self.fields if getattr(performance, name) is None)

    def compute(self, performance: Performance, *, zero_division: ZeroDivision = "warn") -> float:
        """The KPI's value for ``performance``.

        Args:
            performance: The measured counts.
            zero_division: What to return where a denominator is 0 (see `socialroi.metrics`).

        Returns:
            The value, in ``unit``.

        Raises:
            MissingDataError: When a field the KPI needs was not measured (``None``).

        Examples:
            >>> from socialroi import Performance
            >>> KPIS["ctr"].compute(Performance(impressions=10_000, clicks=40))
            0.004
            >>> KPIS["ctr"].compute(Performance(clicks=40))
            Traceback (most recent call last):
            ...
            socialroi.exceptions.MissingDataError: ctr needs 'impressions', which was not measured
        """
        check_zero_division(zero_division)
        absent = self.missing(performance)
        if absent:
            verb = "was" if len(absent) == 1 else "were"
            msg = f"{self.key} needs {names_of(absent)}, which {verb} not measured"
            raise MissingDataError(msg)
        values: dict[str, float] = {name: getattr(performance, name) for name in self.fields}
        return float(self.function(values, zero_division))

    def format(self, value: float, *, currency: str | None = None) -> str:
        """``value`` written in this KPI's unit, for reports.

        Examples:
            >>> KPIS["ctr"].format(0.0123), KPIS["cpa"].format(40, currency="USD")
            ('1.23 %', '40.00 USD')
        """
        return _format(value, self.unit, currency)


def _format(value: float, unit: Unit, currency: str | None) -> str:
    if math.isnan(value):
        return "n/a"
    if unit is Unit.COUNT:
        return compact(value)
    if unit is Unit.FRACTION:
        return f"{value * 100:.2f} %"
    if unit is Unit.SECONDS:
        return f"{value:,.1f} s"
    if unit is Unit.PERIODS:
        return f"{value:,.2f} periods"
    text = f"{value:,.2f}"
    if unit in (Unit.CURRENCY, Unit.CURRENCY_PER_MILLE) and currency:
        text += f" {currency}"
    return text


def _check_performance(value: object, name: str) -> Performance:
    if not isinstance(value, Performance):
        msg = f"{name!r} must be a Performance (got {value!r})"
        raise InvalidInputError(msg)
    return value


# --- the catalogue ------------------------------------------------------------------------------------

_A, _C, _V, _L, _D = Stage
_HIGHER, _LOWER = Direction.HIGHER, Direction.LOWER


def _value(field: str) -> KPIFunction:
    def value(values: Mapping[str, float], _zero_division: ZeroDivision) -> float:
        return values[field]

    return value


def _per(num: float, den: float, zero_division: ZeroDivision, metric: str, names: tuple[str, str]) -> float:
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
    per_customer = _per(
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
        function=_value(source),
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
    numerator, denominator = fields

    def function(v: Mapping[str, float], zd: ZeroDivision) -> float:
        if metric is None:
            return _per(v[numerator], v[denominator], zd, key, fields)
        return metric(v[numerator], v[denominator], zero_division=zd)

    return KPI(
        key=key,
        name=name,
        stages=stages,
        unit=unit,
        direction=direction,
        fields=fields,
        formula=formula,
        function=function,
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
            fields=("brand_lift",), formula="brand lift (study)", function=_value("brand_lift"), estimate=True,
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
            function=lambda v, _zd: metrics.net_followers(v["follows"], v["unfollows"]),
            description="Followers gained minus followers lost.",
        ),
        KPI(
            key="follower_growth_rate", name="Follower growth rate", stages=(_A,), unit=Unit.FRACTION,
            direction=_HIGHER, fields=("follows", "unfollows", "followers"),
            formula="(follows - unfollows) / (followers - follows + unfollows)",
            function=lambda v, zd: metrics.follower_growth_rate(
                v["follows"], v["unfollows"], _starting_followers(v), zero_division=zd
            ),
            description="Net followers relative to the followers at the start of the period.",
        ),
        # consideration
        _count("engagements", "Engagements", (_C,), "Reactions, comments, shares, saves and clicks."),
        KPI(
            key="engagement_rate", name="Engagement rate (by impressions)", stages=(_C,), unit=Unit.FRACTION,
            direction=_HIGHER, fields=("engagements", "impressions"), formula="engagements / impressions",
            function=lambda v, zd: metrics.engagement_rate(v["engagements"], impressions=v["impressions"], zero_division=zd),
            description="Engagements per impression.",
        ),
        KPI(
            key="engagement_rate_by_reach", name="Engagement rate (by reach)", stages=(_C,),
            unit=Unit.FRACTION, direction=_HIGHER, fields=("engagements", "reach"),
            formula="engagements / reach", estimate=True,
            function=lambda v, zd: metrics.engagement_rate(v["engagements"], reach=v["reach"], zero_division=zd),
            description="Engagements per person reached.",
        ),
        KPI(
            key="engagement_rate_by_followers", name="Engagement rate (by followers)", stages=(_C,),
            unit=Unit.FRACTION, direction=_HIGHER, fields=("engagements", "followers"),
            formula="engagements / followers",
            function=lambda v, zd: metrics.engagement_rate(v["engagements"], followers=v["followers"], zero_division=zd),
            description="Engagements per follower.",
        ),
        _count("reactions", "Reactions", (_C,), "Likes and other reactions."),
        _count("comments", "Comments", (_C,), "Comments and replies."),
        _count("shares", "Shares", (_C, _D), "Shares, reposts and retweets."),
        _count("saves", "Saves", (_C,), "Saves and bookmarks."),
        _count("clicks", "Clicks", (_C,), "All clicks on the content."),
        _count("link_clicks", "Link clicks", (_C,), "Clicks that lead to the website."),
        _ratio(
            "ctr", "CTR", (_C,), Unit.FRACTION, _HIGHER, metrics.ctr,
            ("clicks", "impressions"), "clicks / impressions",
            "Clicks of any kind per impression.",
        ),
        _ratio(
            "link_ctr", "Link CTR", (_C,), Unit.FRACTION, _HIGHER, metrics.ctr,
            ("link_clicks", "impressions"), "link clicks / impressions",
            "Website clicks per impression.",
        ),
        _ratio(
            "cpc", "CPC", (_C,), Unit.CURRENCY, _LOWER, metrics.cpc,
            ("spend", "clicks"), "spend / clicks",
            "The cost of one click.",
        ),
        _ratio(
            "cost_per_link_click", "Cost per link click", (_C,), Unit.CURRENCY, _LOWER, metrics.cpc,
            ("spend", "link_clicks"), "spend / link clicks",
            "The cost of one website click.",
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
            fields=("revenue",), formula="revenue", function=_value("revenue"),
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
            "roi", "ROI on ad spend", (_V,), Unit.RATIO, _HIGHER, metrics.roi,
            ("revenue", "spend"), "(revenue - spend) / spend",
            "Return on the media money; the ROI report charges every cost.",
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
            fields=("rating",), formula="average rating", function=_value("rating"),
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
            function=lambda v, zd: metrics.amplification_rate(v["shares"], per=v["followers"], zero_division=zd),
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
            function=lambda v, zd: metrics.engagement_rate(
                v["influencer_engagements"], impressions=v["influencer_impressions"], zero_division=zd
            ),
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
            function=_value("affiliate_revenue"), description="Revenue of the orders through affiliate links.",
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


def _unknown_kpi(key: str, options: Iterable[str], where: str) -> InvalidInputError:
    return InvalidInputError(f"unknown KPI {key!r} {where}{did_you_mean(key, options)}")


# --- goals --------------------------------------------------------------------------------------------


def _distinct(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for item in value:
        if item in seen:
            msg = f"{attribute.name!r} must not repeat a KPI (got {item!r} twice)"
            raise InvalidInputError(msg)
        seen.add(item)


def _at_least_one(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        msg = f"{attribute.name!r} must name at least one KPI (got none)"
        raise InvalidInputError(msg)


@attrs.frozen(kw_only=True)
class Goal:
    """A marketing goal: an objective at one stage, the KPIs that measure it and content that serves it.

    Attributes:
        objective: What the goal wants, like "Reach"; goals are looked up by it.
        stage: The funnel stage (a `Stage` or its name or synonym).
        primary: Keys of the KPIs that decide whether the goal is met.
        secondary: Keys of other measurable KPIs worth watching.
        content: Short suggestions of content that serves the goal.

    Examples:
        >>> goal = Goal(objective="Website visits", stage="engagement", primary="sessions",
        ...             secondary=("link_clicks", "bounce_rate"), content=("blog teasers",))
        >>> goal.stage, goal.kpis
        (<Stage.CONSIDERATION: 2>, ('sessions', 'link_clicks', 'bounce_rate'))
    """

    objective: str = attrs.field(validator=_non_empty)
    stage: Stage = attrs.field(converter=_stage)
    primary: tuple[str, ...] = attrs.field(converter=_primary, validator=[_at_least_one, _distinct])
    secondary: tuple[str, ...] = attrs.field(default=(), converter=_secondary, validator=_distinct)
    content: tuple[str, ...] = attrs.field(default=(), converter=_content)

    @property
    def kpis(self) -> tuple[str, ...]:
        """Primary then secondary KPI keys, each once.

        Examples:
            >>> Goal(objective="Reach", stage="awareness", primary="reach", secondary=("reach", "cpm")).kpis
            ('reach', 'cpm')
        """
        return tuple(dict.fromkeys((*self.primary, *self.secondary)))


# --- targets ------------------------------------------------------------------------------------------

Status: TypeAlias = Literal["not_started", "in_progress", "finished"]


def _date(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"{attribute.name!r} must be a datetime.date (got {value!r})"
        raise InvalidInputError(msg)


def _target_value(value: object) -> float:
    return check_scalar(value, "value", FINITE)


def _baseline(value: object) -> float | None:
    return None if value is None else check_scalar(value, "baseline", FINITE)


def _default_direction(target: Target) -> Direction:
    kpi = KPIS.get(target.kpi)
    if kpi is None:
        msg = (
            f"unknown KPI {target.kpi!r} in the target{did_you_mean(target.kpi, KPIS)}; "
            "for a KPI of your own catalogue pass direction='higher' or 'lower'"
        )
        raise InvalidInputError(msg)
    return kpi.direction


def _add_quarter(start: dt.date) -> dt.date:
    """The last day of the three months that begin on ``start``."""
    year, month = divmod(start.month - 1 + 3, 12)
    try:
        following = dt.date(start.year + year, month + 1, start.day)
    except ValueError:  # no such day in that month: the quarter runs to its month's end
        year, month = divmod(start.month - 1 + 4, 12)
        following = dt.date(start.year + year, month + 1, 1)
    return following - dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class Target:
    """A SMART target: a KPI, the value to reach, a window of dates, and where it started.

    Progress is measured from ``baseline`` to ``value``, paced linearly over the window from ``start``
    (its first day) to ``end`` (its last day). Without a baseline a higher-is-better KPI starts at 0; a
    lower-is-better KPI (CPA, CPM) needs a baseline, because "the way to 20" only exists from somewhere.
    The target must be better than the baseline in the KPI's direction.

    Attributes:
        kpi: The KPI key.
        value: The value to reach, finite.
        start: First day of the window.
        end: Last day of the window, after ``start``.
        baseline: The value when the window opened.
        channel: The channel the target is for, or ``None`` for the total.
        direction: Whether higher or lower is better; by default the catalogue KPI's direction (give it
            for KPIs of your own).

    Examples:
        >>> import datetime as dt
        >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
        >>> target.direction, target.days
        (<Direction.LOWER: 'lower'>, 90)
    """

    kpi: str = attrs.field(validator=_kpi_key)
    value: float = attrs.field(converter=_target_value)
    start: dt.date = attrs.field(validator=_date)
    end: dt.date = attrs.field(validator=_date)
    baseline: float | None = attrs.field(default=None, converter=_baseline)
    channel: str | None = attrs.field(default=None, validator=_channel)
    direction: Direction = attrs.field(
        default=attrs.Factory(_default_direction, takes_self=True), converter=_direction
    )

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            msg = f"'end' must be after 'start' (got {self.end} <= {self.start})"
            raise InvalidInputError(msg)
        if self.baseline is None and self.direction is Direction.LOWER:
            msg = f"a target for {self.kpi!r} needs a 'baseline': lower is better, so progress is counted from where it started"
            raise InvalidInputError(msg)
        base = 0.0 if self.baseline is None else self.baseline
        if not self.direction.better(self.value, base):
            side = "above" if self.direction is Direction.HIGHER else "below"
            what = "its baseline" if self.baseline is not None else "0 (no baseline given)"
            msg = f"'value' must be {side} {what} because {self.direction.value} {self.kpi} is better (got {self.value} and {base})"
            raise InvalidInputError(msg)

    @property
    def days(self) -> int:
        """Days in the window, both ends included.

        Examples:
            >>> import datetime as dt
            >>> Target(kpi="reach", value=1, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)).days
            31
        """
        return (self.end - self.start).days + 1

    @classmethod
    def for_quarter(
        cls,
        kpi: str,
        value: float,
        *,
        start: dt.date,
        baseline: float | None = None,
        channel: str | None = None,
        direction: Direction | str | None = None,
    ) -> Target:
        """A target over the three months that begin on ``start`` (campaigns usually run a quarter).

        The window ends the day before the same day three months later (1 January → 31 March;
        15 February → 14 May); when that day does not exist, at the end of the third month (30 November
        → 28 or 29 February).

        Examples:
            >>> import datetime as dt
            >>> Target.for_quarter("reach", 500_000, start=dt.date(2026, 4, 1)).end
            datetime.date(2026, 6, 30)
            >>> Target.for_quarter("cpa", 20, start=dt.date(2025, 11, 30), baseline=25).end
            datetime.date(2026, 2, 28)
        """
        _date(None, attrs.fields(Target).start, start)
        end = _add_quarter(start)
        if direction is None:
            return cls(kpi=kpi, value=value, start=start, end=end, baseline=baseline, channel=channel)
        return cls(
            kpi=kpi,
            value=value,
            start=start,
            end=end,
            baseline=baseline,
            channel=channel,
            direction=direction,
        )

    def progress(self, observed: float, as_of: dt.date) -> TargetProgress:
        """How far ``observed`` is on the way from the baseline to the target, as of the day ``as_of``.

        ``as_of`` is the last day the data covers. Pacing is linear: by the end of day *d* of an
        *n*-day window, *d / n* of the way is expected. Before the window opens nothing is expected
        (``status="not_started"``); from its last day on, the target must be met
        (``status="finished"``).

        Args:
            observed: The KPI's value as of ``as_of``.
            as_of: The last day of the data.

        Returns:
            The [`TargetProgress`][socialroi.funnel.TargetProgress].

        Raises:
            InvalidInputError: For a non-finite ``observed`` or an ``as_of`` that is not a date.

        Examples:
            >>> import datetime as dt
            >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 10))
            >>> p = target.progress(26.0, dt.date(2026, 1, 5))
            >>> p.progress, p.expected, p.on_track, p.days_left, p.required_per_day
            (0.4, 0.5, False, 5, -1.2)
        """
        value = check_scalar(observed, "observed", FINITE)
        _date(None, attrs.fields(TargetProgress).as_of, as_of)
        if as_of < self.start:
            status: Status = "not_started"
        elif as_of >= self.end:
            status = "finished"
        else:
            status = "in_progress"
        elapsed = min(max((as_of - self.start).days + 1, 0), self.days)
        days_left = self.days - elapsed
        base = 0.0 if self.baseline is None else self.baseline
        fraction = (value - base) / (self.value - base)
        expected = elapsed / self.days
        met = fraction >= 1.0
        if met:
            required: float | None = 0.0
        elif days_left:
            required = (self.value - value) / days_left
        else:
            required = None
        return TargetProgress(
            target=self,
            observed=value,
            as_of=as_of,
            status=status,
            progress=fraction,
            expected=expected,
            on_track=met if status == "finished" else fraction >= expected,
            met=met,
            days_elapsed=elapsed,
            days_left=days_left,
            required_per_day=required,
        )

    def to_dict(self) -> dict[str, object]:
        """The target as plain values (dates as ISO strings).

        Examples:
            >>> import datetime as dt
            >>> Target(kpi="reach", value=1e5, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)).to_dict()["end"]
            '2026-03-31'
        """
        return {
            "kpi": self.kpi,
            "value": self.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "baseline": self.baseline,
            "channel": self.channel,
            "direction": self.direction.value,
        }


@attrs.frozen(kw_only=True)
class TargetProgress:
    """Where a [`Target`][socialroi.funnel.Target] stands on a given day.

    Attributes:
        target: The target.
        observed: The KPI's observed value.
        as_of: The last day the data covers.
        status: ``"not_started"`` (before ``start``), ``"in_progress"`` or ``"finished"`` (on or after
            ``end``).
        progress: Fraction of the way from the baseline to the target (1 is met; above 1 beats it; below
            0 is worse than the baseline). Direction-aware: a CPA target progresses as CPA falls.
        expected: Fraction of the way expected by ``as_of`` under linear pacing (0 before the window,
            1 at its end).
        on_track: ``progress >= expected`` while the window runs; ``met`` once it has ended.
        met: Whether the target value is reached or beaten.
        days_elapsed: Days of the window covered by the data.
        days_left: Days of the window after ``as_of``.
        required_per_day: Change of the KPI still needed per remaining day (negative for lower-is-better
            KPIs), 0 when met, ``None`` when the window is over and the target was missed.

    Examples:
        >>> import datetime as dt
        >>> target = Target(kpi="followers", value=12_000, baseline=10_000, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
        >>> progress = target.progress(11_000, dt.date(2026, 1, 31))
        >>> progress.status, progress.met, progress.on_track, progress.required_per_day
        ('finished', False, False, None)
    """

    target: Target
    observed: float
    as_of: dt.date
    status: Status
    progress: float
    expected: float
    on_track: bool
    met: bool
    days_elapsed: int
    days_left: int
    required_per_day: float | None

    def to_dict(self) -> dict[str, object]:
        """The progress as plain values.

        Examples:
            >>> import datetime as dt
            >>> target = Target(kpi="reach", value=100, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 4))
            >>> target.progress(50, dt.date(2026, 1, 2)).to_dict()["expected"]
            0.5
        """
        return {
            "target": self.target.to_dict(),
            "observed": self.observed,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "progress": self.progress,
            "expected": self.expected,
            "on_track": self.on_track,
            "met": self.met,
            "days_elapsed": self.days_elapsed,
            "days_left": self.days_left,
            "required_per_day": self.required_per_day,
        }


# --- evaluation records -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Transition:
    """The flow from one funnel stage to the next: how many of those at one stage reached the next.

    Attributes:
        source_stage: The earlier stage.
        source: The `Performance` field counted at the earlier stage.
        target_stage: The later stage.
        target: The field counted at the later stage.
        rate: ``target / source`` (a fraction, usually).
        previous_rate: The same ratio in the previous period, when one was given and measured.
        change: Relative change of the rate against the previous period (-0.2 is 20 % lower).

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> flows = Funnel.social().evaluate(Performance(impressions=1_000, link_clicks=20)).flows
        >>> flows[0].rate, flows[0].source_stage, flows[0].target_stage
        (0.02, <Stage.AWARENESS: 1>, <Stage.CONSIDERATION: 2>)
    """

    source_stage: Stage
    source: str
    target_stage: Stage
    target: str
    rate: float
    previous_rate: float | None = None
    change: float | None = None

    def to_dict(self) -> dict[str, object]:
        """The transition as plain values (NaN as ``None``).

        Examples:
            >>> Transition(source_stage=Stage.AWARENESS, source="impressions", target_stage=Stage.CONSIDERATION,
            ...            target="link_clicks", rate=0.01).to_dict()["rate"]
            0.01
        """
        return {
            "source_stage": self.source_stage.key,
            "source": self.source,
            "target_stage": self.target_stage.key,
            "target": self.target,
            "rate": plain(self.rate),
            "previous_rate": plain(self.previous_rate),
            "change": plain(self.change),
        }


@attrs.frozen(kw_only=True)
class Change:
    """A KPI against the previous period.

    Attributes:
        previous: The previous value.
        current: The current value.
        absolute: ``current - previous``.
        relative: ``(current - previous) / |previous|`` (NaN where undefined).
        improved: Whether the KPI got strictly better in its direction; ``None`` when either value is
            NaN.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> now, before = Performance(spend=100.0, conversions=5), Performance(spend=100.0, conversions=4)
        >>> change = Funnel.social().evaluate(now, previous=before).changes["cpa"]
        >>> change.absolute, change.relative, change.improved
        (-5.0, -0.2, True)
    """

    previous: float
    current: float
    absolute: float
    relative: float
    improved: bool | None

    def to_dict(self) -> dict[str, object]:
        """The change as plain values (NaN as ``None``).

        Examples:
            >>> Change(previous=4.0, current=5.0, absolute=1.0, relative=0.25, improved=True).to_dict()["relative"]
            0.25
        """
        return {
            "previous": plain(self.previous),
            "current": plain(self.current),
            "absolute": plain(self.absolute),
            "relative": plain(self.relative),
            "improved": self.improved,
        }


@attrs.frozen(kw_only=True)
class Scorecard:
    """The funnel measured on one record: the total, or one channel.

    Attributes:
        values: KPI key → value, for every KPI of the funnel that the measured fields allow (NaN where a
            denominator is 0 under ``zero_division="warn"``).
        missing: KPI key → the fields it needs that were not measured.
        invalid: KPI key → why its formula rejects the measured values (LTV of net refunds, say).
        flows: Stage-to-stage transitions, in funnel order, over the stages whose count was measured.
        weakest: The weakest transition: the largest fall of the rate against the previous period, or
            without one, the lowest rate (the largest drop between stages).
        weakest_by: ``"change"`` or ``"rate"``: how ``weakest`` was chosen (``None`` without flows).
        changes: KPI key → [`Change`][socialroi.funnel.Change] against the previous period, for the KPIs
            measured in both.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> card = Funnel.social().evaluate(Performance(spend=10.0)).total
        >>> card.missing["cpa"], card.weakest
        (('conversions',), None)
    """

    values: Mapping[str, float]
    missing: Mapping[str, tuple[str, ...]]
    invalid: Mapping[str, str]
    flows: tuple[Transition, ...]
    weakest: Transition | None
    weakest_by: Literal["change", "rate"] | None
    changes: Mapping[str, Change]

    def to_dict(self) -> dict[str, object]:
        """The scorecard as plain values (NaN as ``None``).

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=3)).total.to_dict()["values"]["clicks"]
            3.0
        """
        return {
            "values": {key: plain(value) for key, value in self.values.items()},
            "missing": {key: list(fields) for key, fields in self.missing.items()},
            "invalid": dict(self.invalid),
            "flows": [flow.to_dict() for flow in self.flows],
            "weakest": None if self.weakest is None else self.weakest.to_dict(),
            "weakest_by": self.weakest_by,
            "changes": {key: change.to_dict() for key, change in self.changes.items()},
        }


@attrs.frozen(kw_only=True)
class FunnelEvaluation:
    """A funnel measured on a period: KPIs per stage, flows, changes and target progress.

    Made by [`Funnel.evaluate`][socialroi.funnel.Funnel.evaluate]. The total comes first: ``values``,
    ``missing``, ``flows``, ``weakest`` and ``changes`` are the total's; ``by_channel`` holds one
    [`Scorecard`][socialroi.funnel.Scorecard] per channel. ``to_dict()`` gives plain values (NaN as
    ``None``), ``repr()`` a text table and ``_repr_html_()`` an HTML table for notebooks.

    Attributes:
        funnel: The funnel's name.
        stages: The funnel's stages, in its order.
        stage_kpis: Stage → the KPI keys measured for it.
        kpis: KPI key → the [`KPI`][socialroi.funnel.KPI] definitions used.
        currency: The currency of the money KPIs, when the records give one.
        total: The scorecard of all channels together (ratios of sums).
        by_channel: Channel → scorecard, in the order given (empty for a single record).
        targets: Progress of each target that could be measured.
        skipped_targets: ``(target, reason)`` for each target that could not.
        compared: Whether a previous period was given.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> evaluation = Funnel.social().evaluate({
        ...     "facebook": Performance(impressions=6_000, link_clicks=60, conversions=3, spend=60.0),
        ...     "tiktok": Performance(impressions=4_000, link_clicks=20, conversions=2, spend=20.0),
        ... })
        >>> evaluation.channels, evaluation.value("cpa"), evaluation.value("cpa", channel="tiktok")
        (('facebook', 'tiktok'), 16.0, 10.0)
    """

    funnel: str
    stages: tuple[Stage, ...]
    stage_kpis: Mapping[Stage, tuple[str, ...]]
    kpis: Mapping[str, KPI] = attrs.field(repr=False)
    currency: str | None
    total: Scorecard
    by_channel: Mapping[str, Scorecard]
    targets: tuple[TargetProgress, ...]
    skipped_targets: tuple[tuple[Target, str], ...]
    compared: bool

    @property
    def channels(self) -> tuple[str, ...]:
        """The channel names, in the order given.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate({"x": Performance(), "a": Performance()}).channels
            ('x', 'a')
        """
        return tuple(self.by_channel)

    @property
    def values(self) -> Mapping[str, float]:
        """The total's KPI values.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> dict(Funnel.social().evaluate(Performance(clicks=2, impressions=100)).values)
            {'impressions': 100.0, 'clicks': 2.0, 'ctr': 0.02}
        """
        return self.total.values

    @property
    def missing(self) -> Mapping[str, tuple[str, ...]]:
        """The total's KPIs that could not be computed, with the fields they need.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=2)).missing["ctr"]
            ('impressions',)
        """
        return self.total.missing

    @property
    def invalid(self) -> Mapping[str, str]:
        """The total's KPIs whose formula rejects the measured values, with the reason.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> refunds = Performance(revenue=-5.0, customers=1, repeat_customers=0)
            >>> Funnel.social().evaluate(refunds).invalid["ltv"]
            "ltv: ltv needs 'revenue' >= 0: net refunds have no customer value (got -5.0)"
        """
        return self.total.invalid

    @property
    def flows(self) -> tuple[Transition, ...]:
        """The total's stage-to-stage transitions.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> [t.rate for t in Funnel.social().evaluate(Performance(impressions=100, clicks=2)).flows]
            [0.02]
        """
        return self.total.flows

    @property
    def weakest(self) -> Transition | None:
        """The total's weakest transition.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(impressions=100, clicks=2)).weakest.target
            'clicks'
        """
        return self.total.weakest

    @property
    def changes(self) -> Mapping[str, Change]:
        """The total's changes against the previous period.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=3), previous=Performance(clicks=2)).changes["clicks"].relative
            0.5
        """
        return self.total.changes

    def value(self, kpi: str, *, channel: str | None = None) -> float:
        """One KPI's value in the total or in one channel.

        Raises:
            InvalidInputError: For a KPI or channel that is not in the evaluation, or a KPI whose formula
                rejects the measured values.
            MissingDataError: For a KPI whose fields were not measured.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(spend=50.0, impressions=10_000)).value("cpm")
            5.0
        """
        card = self.total
        if channel is not None:
            if channel not in self.by_channel:
                msg = f"unknown channel {channel!r}; the evaluation has {names_of(self.channels) if self.channels else 'none'}"
                raise InvalidInputError(msg + did_you_mean(channel, self.by_channel))
            card = self.by_channel[channel]
        if kpi in card.missing:
            absent = card.missing[kpi]
            verb = "was" if len(absent) == 1 else "were"
            msg = f"{kpi} needs {names_of(absent)}, which {verb} not measured"
            raise MissingDataError(msg)
        if kpi in card.invalid:
            raise InvalidInputError(card.invalid[kpi])
        if kpi not in card.values:
            raise _unknown_kpi(kpi, card.values, "in the evaluation")
        return card.values[kpi]

    def to_dict(self) -> dict[str, object]:
        """The evaluation as plain, JSON-ready values (NaN as ``None``, dates as ISO strings).

        Examples:
            >>> import json
            >>> from socialroi import Funnel, Performance
            >>> data = Funnel.social().evaluate(Performance(clicks=1, impressions=10)).to_dict()
            >>> data["total"]["values"]["ctr"], data["stages"][0]
            (0.1, 'awareness')
            >>> _ = json.dumps(data, allow_nan=False)
        """
        return {
            "funnel": self.funnel,
            "stages": [stage.key for stage in self.stages],
            "stage_kpis": {stage.key: list(keys) for stage, keys in self.stage_kpis.items()},
            "kpis": {
                key: {
                    "name": kpi.name,
                    "stages": [stage.key for stage in kpi.stages],
                    "unit": kpi.unit.value,
                    "direction": kpi.direction.value,
                    "estimate": kpi.estimate,
                    "formula": kpi.formula,
                }
                for key, kpi in self.kpis.items()
            },
            "currency": self.currency,
            "channels": list(self.channels),
            "compared": self.compared,
            "total": self.total.to_dict(),
            "by_channel": {channel: card.to_dict() for channel, card in self.by_channel.items()},
            "targets": [progress.to_dict() for progress in self.targets],
            "skipped_targets": [
                {"target": t.to_dict(), "reason": reason} for t, reason in self.skipped_targets
            ],
        }

    # -- display -----------------------------------------------------------------------------------

    def _header(self) -> str:
        scope = (
            f"total of {len(self.channels)} channels ({', '.join(self.channels)})"
            if self.channels
            else "one record"
        )
        return f"Funnel evaluation {self.funnel!r}: {scope}" + (
            ", against the previous period" if self.compared else ""
        )

    def _columns(self) -> list[str]:
        return ["KPI", "total", *self.channels, *(["change"] if self.compared else [])]

    def _rows(self) -> list[tuple[Stage, list[list[str]]]]:
        """Per stage with any, one row of cells per KPI that was computed somewhere."""
        cards = [self.total, *self.by_channel.values()]
        sections: list[tuple[Stage, list[list[str]]]] = []
        for stage in self.stages:
            rows: list[list[str]] = []
            for key in self.stage_kpis[stage]:
                if not any(key in card.values for card in cards):
                    continue
                kpi = self.kpis[key]
                label = kpi.name + (" (est.)" if kpi.estimate else "")
                cells = [label] + [
                    kpi.format(card.values[key], currency=self.currency) if key in card.values else "-"
                    for card in cards
                ]
                if self.compared:
                    change = self.total.changes.get(key)
                    cells.append("-" if change is None else _percent(change.relative, signed=True))
                rows.append(cells)
            if rows:
                sections.append((stage, rows))
        return sections

    def _notes(self) -> list[str]:
        notes: list[str] = []
        if self.flows:
            steps = "; ".join(f"{t.source} → {t.target} {_percent(t.rate)}" for t in self.flows)
            notes.append(f"Flow: {steps}")
        if self.weakest is not None:
            weakest = self.weakest
            text = f"Weakest transition: {weakest.source} → {weakest.target} at {_percent(weakest.rate)}"
            if self.total.weakest_by == "change":
                change = math.nan if weakest.change is None else weakest.change
                text += f" ({_percent(change, signed=True)} against the previous period)"
            notes.append(text)
        for progress in self.targets:
            target = progress.target
            kpi = self.kpis[target.kpi]
            scope = target.channel or "total"
            verdict = "met" if progress.met else ("on track" if progress.on_track else "behind")
            notes.append(
                f"Target {target.kpi} ({scope}): {kpi.format(progress.observed, currency=self.currency)} for "
                f"{kpi.format(target.value, currency=self.currency)} by {target.end}, "
                f"{_percent(progress.progress)} of the way, {_percent(progress.expected)} expected "
                f"({progress.status.replace('_', ' ')}): {verdict}"
            )
        notes.extend(f"Target {target.kpi} skipped: {reason}" for target, reason in self.skipped_targets)
        if self.missing:
            fields = ", ".join(dict.fromkeys(field for fields in self.missing.values() for field in fields))
            notes.append(
                f"Not computable for lack of fields: {len(self.missing)} KPIs (see .missing); not measured: {fields}"
            )
        notes.extend(f"Not computable: {reason}" for reason in self.invalid.values())
        return notes

    def __repr__(self) -> str:
        sections = [(stage.label, rows) for stage, rows in self._rows()]
        table = text_sections(self._columns(), sections, rule=False)
        return "\n".join([self._header(), *table, *self._notes()])

    def _repr_html_(self) -> str:
        sections = [(stage.label, rows) for stage, rows in self._rows()]
        table = html_sections(self._header(), self._columns(), sections)
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self._notes())
        return (
            f'<div class="socialroi-funnel-evaluation">{table}'
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )


def _percent(value: float, *, signed: bool = False) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value * 100:+.1f} %" if signed else f"{value * 100:.1f} %"


# --- the funnel ---------------------------------------------------------------------------------------


def _goal_tuple(value: object) -> tuple[Goal, ...]:
    goals = tuple(_iterable(value, "goals"))
    for index, goal in enumerate(goals):
        if not isinstance(goal, Goal):
            msg = f"'goals' must hold Goal values (got {goal!r} at index {index})"
            raise InvalidInputError(msg)
    return goals  # type: ignore[return-value]


def _stage_kpis(value: object) -> dict[Stage, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"'kpis' must map stages to KPI keys (got {value!r})"
        raise InvalidInputError(msg)
    pairs: Mapping[object, object] = cast("Mapping[object, object]", value)
    return {Stage.parse(stage): _names("kpis", keys) for stage, keys in pairs.items()}  # type: ignore[arg-type]


def _catalogue_mapping(value: object) -> Mapping[str, KPI]:
    if value is KPIS:
        return KPIS
    if not isinstance(value, Mapping):
        msg = f"'catalogue' must map KPI keys to KPI values (got {value!r})"
        raise InvalidInputError(msg)
    pairs: Mapping[object, object] = cast("Mapping[object, object]", value)
    for key, kpi in pairs.items():
        if not isinstance(kpi, KPI) or kpi.key != key:
            msg = f"'catalogue' must map each KPI's key to the KPI (got {kpi!r} under {key!r})"
            raise InvalidInputError(msg)
    return MappingProxyType(dict(pairs))  # type: ignore[arg-type]


def _flow(value: object) -> Mapping[Stage, tuple[str, ...]]:
    if value is FLOW:
        return FLOW
    if not isinstance(value, Mapping):
        msg = f"'flow' must map stages to Performance fields (got {value!r})"
        raise InvalidInputError(msg)
    pairs: Mapping[object, object] = cast("Mapping[object, object]", value)
    return MappingProxyType(
        {_stage(stage): _performance_fields("flow", fields) for stage, fields in pairs.items()}
    )


Performances: TypeAlias = Performance | Mapping[str, Performance] | Iterable[Performance]
"""One record, or one per channel: a mapping channel → record, or records with distinct channel names."""


def _split(value: object, name: str) -> tuple[dict[str, Performance], Performance]:
    """The per-channel records (empty for one record) and their total."""
    if isinstance(value, Performance):
        return {}, value
    if isinstance(value, Mapping):
        pairs: Mapping[object, object] = cast("Mapping[object, object]", value)
        channels: dict[str, Performance] = {}
        for key, record in pairs.items():
            if not isinstance(key, str) or not key:
                msg = f"{name!r} must map channel names to records (got the key {key!r})"
                raise InvalidInputError(msg)
            channels[key] = _check_performance(record, f"{name}[{key!r}]")
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        channels = {}
        items: Iterable[object] = cast("Iterable[object]", value)
        for index, record in enumerate(items):
            checked = _check_performance(record, f"{name}[{index}]")
            if not checked.channel:
                msg = f"{name!r} must give every record a channel name (got channel={checked.channel!r} at index {index})"
                raise InvalidInputError(msg)
            if checked.channel in channels:
                msg = f"{name!r} must hold one record per channel (got {checked.channel!r} twice)"
                raise InvalidInputError(msg)
            channels[checked.channel] = checked
    else:
        msg = f"{name!r} must be a Performance, a mapping of channel names to them, or a sequence of them (got {value!r})"
        raise InvalidInputError(msg)
    if not channels:
        msg = f"{name!r} must hold at least one Performance (got none)"
        raise InvalidInputError(msg)
    return channels, Performance.total(channels.values())


def _relative(current: float, previous: float, zero_division: ZeroDivision, label: str) -> float:
    if math.isnan(current) or math.isnan(previous):
        return math.nan
    change: float = ratio(
        current - previous,
        abs(previous),
        zero_division,
        f"change of {label}",
        ("change", "previous"),
        (FINITE, NON_NEGATIVE),
    )
    return change


def _attempt(kpi: KPI, record: Performance, zero_division: ZeroDivision) -> float | str:
    """The KPI's value, or why its formula rejects the measured values (such as net refunds for LTV)."""
    try:
        return kpi.compute(record, zero_division=zero_division)
    except InvalidInputError as error:
        return f"{kpi.key}: {error}"


def _weakest(
    flows: tuple[Transition, ...], compared: bool
) -> tuple[Transition | None, Literal["change", "rate"] | None]:
    if compared:
        changed = [t for t in flows if t.change is not None and not math.isnan(t.change)]
        if changed:
            return min(changed, key=lambda t: t.change or 0.0), "change"
    measured = [t for t in flows if not math.isnan(t.rate)]
    if measured:
        return min(measured, key=lambda t: t.rate), "rate"
    return None, None


@attrs.frozen(kw_only=True)
class Funnel:
    """A marketing funnel: its stages in order, the KPIs measured at each, and its goals.

    Any subset and order of stages works. A stage's KPIs are those given in ``kpis`` for it followed by
    the KPIs of its goals. Every KPI key must be in ``catalogue`` (by default [`KPIS`][socialroi.funnel.KPIS]);
    an unknown key fails at construction with a suggestion. [`social`][socialroi.funnel.Funnel.social]
    builds the default social-media funnel.

    Attributes:
        name: The funnel's name.
        stages: The stages, in funnel order (stages or their names or synonyms).
        catalogue: KPI key → [`KPI`][socialroi.funnel.KPI]; add your own KPIs here.
        flow: Stage → the `Performance` fields that count how many reached it, by preference (see
            [`FLOW`][socialroi.funnel.FLOW]).

    Examples:
        >>> from socialroi import Goal
        >>> leads = Funnel(
        ...     name="B2B leads",
        ...     stages=("awareness", "lead generation"),
        ...     kpis={"awareness": ("impressions", "cpm")},
        ...     goals=[Goal(objective="Leads and MQLs", stage="conversion", primary=("leads", "qualified_leads"), secondary="cpl")],
        ... )
        >>> [kpi.key for kpi in leads.kpis("conversion")]
        ['leads', 'qualified_leads', 'cpl']
        >>> Funnel(stages=["awareness"], kpis={"awareness": ["rech"]})
        Traceback (most recent call last):
        ...
        socialroi.exceptions.InvalidInputError: unknown KPI 'rech' in 'kpis' for stage 'awareness'; did you mean 'reach'?
    """

    name: str = attrs.field(default="funnel", validator=_non_empty)
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    _goals: tuple[Goal, ...] = attrs.field(default=(), converter=_goal_tuple, alias="goals")
    _kpis: Mapping[Stage, tuple[str, ...]] = attrs.field(default=None, converter=_stage_kpis, alias="kpis")
    catalogue: Mapping[str, KPI] = attrs.field(default=KPIS, converter=_catalogue_mapping, eq=False)
    flow: Mapping[Stage, tuple[str, ...]] = attrs.field(default=FLOW, converter=_flow)

    def __attrs_post_init__(self) -> None:
        if not self.stages:
            msg = "'stages' must name at least one stage (got none)"
            raise InvalidInputError(msg)
        if len(set(self.stages)) != len(self.stages):
            twice = next(stage for stage in self.stages if self.stages.count(stage) > 1)
            msg = f"'stages' must not repeat a stage (got {twice.key!r} twice)"
            raise InvalidInputError(msg)
        present = names_of([stage.key for stage in self.stages])
        for stage, keys in self._kpis.items():
            if stage not in self.stages:
                msg = f"'kpis' names stage {stage.key!r}, which is not in the funnel's stages ({present})"
                raise InvalidInputError(msg)
            self._check_keys(keys, f"in 'kpis' for stage {stage.key!r}")
        objectives: set[str] = set()
        for goal in self._goals:
            if goal.stage not in self.stages:
                msg = f"goal {goal.objective!r} is for stage {goal.stage.key!r}, which is not in the funnel's stages ({present})"
                raise InvalidInputError(msg)
            if goal.objective.casefold() in objectives:
                msg = f"'goals' must have distinct objectives (got {goal.objective!r} twice)"
                raise InvalidInputError(msg)
            objectives.add(goal.objective.casefold())
            self._check_keys(goal.kpis, f"in goal {goal.objective!r}")
        merged = {
            stage: tuple(
                dict.fromkeys(
                    (
                        *self._kpis.get(stage, ()),
                        *(k for g in self._goals if g.stage is stage for k in g.kpis),
                    )
                )
            )
            for stage in self.stages
        }
        object.__setattr__(self, "_kpis", MappingProxyType(merged))

    @classmethod
    def social(cls) -> Funnel:
        """The default social-media funnel: all five stages, every catalogue KPI at its stages, and goals.

        Goals per stage (primary KPIs; other measurables as secondary):

        - awareness: *Reach* (people who saw a post), *Fans and followers* (followers on the channel),
          *Ad recall and brand lift*; other measurables impressions, volume (mentions) and share of
          voice;
        - consideration (engagement): *Reactions and comments*, *Website clicks*, *Longer time on the
          website*, *Website visits*; other measurables mentions, positive reviews, direct messages,
          shares;
        - conversion (lead generation): *Website action* (an e-book download: a micro-conversion),
          *Online inquiries* (contact forms), *Purchases*, *Leads and MQLs*;
        - loyalty: *Upsell and cross-sell*, *Satisfaction* (reviews, ratings, engaged users, net
          followers);
        - advocacy: *Social proof and credibility* (mentions, influencer content engagement, affiliate
          sign-ups, traffic and sales).

        Examples:
            >>> funnel = Funnel.social()
            >>> funnel.stages[0], len(funnel.goals()), funnel.goal("online inquiries").primary
            (<Stage.AWARENESS: 1>, 14, ('inquiries',))
        """
        awareness_more = ("impressions", "mentions", "share_of_voice")
        engagement_more = ("mentions", "positive_reviews", "direct_messages", "shares")
        goals = [
            Goal(
                objective="Reach", stage=Stage.AWARENESS, primary=("reach",),
                secondary=("frequency", "cost_per_1000_reached", *awareness_more),
                content=("short-form video", "trend and hashtag participation", "paid reach campaigns"),
            ),
            Goal(
                objective="Fans and followers", stage=Stage.AWARENESS, primary=("followers",),
                secondary=("net_followers", "follower_growth_rate", *awareness_more),
                content=("follow-worthy series", "giveaways that require a follow", "collaborations"),
            ),
            Goal(
                objective="Ad recall and brand lift", stage=Stage.AWARENESS,
                primary=("ad_recall_lift", "brand_lift"),
                secondary=("ad_recall_lift_rate", "video_views", "completion_rate", *awareness_more),
                content=("brand-first video in the first seconds", "consistent visual identity"),
            ),
            Goal(
                objective="Reactions and comments", stage=Stage.CONSIDERATION, primary=("reactions", "comments"),
                secondary=("engagements", "engagement_rate", "saves", *engagement_more),
                content=("questions and polls", "behind the scenes", "user-generated content"),
            ),
            Goal(
                objective="Website clicks", stage=Stage.CONSIDERATION, primary=("link_clicks",),
                secondary=("link_ctr", "ctr", "cost_per_link_click", *engagement_more),
                content=("link posts with a clear call to action", "carousel teasers"),
            ),
            Goal(
                objective="Longer time on the website", stage=Stage.CONSIDERATION, primary=("time_on_site",),
                secondary=("bounce_rate", *engagement_more),
                content=("in-depth guides", "landing pages that match the post"),
            ),
            Goal(
                objective="Website visits", stage=Stage.CONSIDERATION, primary=("sessions",),
                secondary=("micro_conversion_rate", "website_conversion_rate", *engagement_more),
                content=("blog and product teasers", "stories with link stickers"),
            ),
            Goal(
                objective="Website action", stage=Stage.CONVERSION, primary=("micro_conversions",),
                secondary=("micro_conversion_rate",),
                content=("e-book or checklist download", "webinar sign-up", "newsletter sign-up"),
            ),
            Goal(
                objective="Online inquiries", stage=Stage.CONVERSION, primary=("inquiries",),
                secondary=("leads",),
                content=("contact-form ads", "direct-message prompts", "consultation offers"),
            ),
            Goal(
                objective="Purchases", stage=Stage.CONVERSION, primary=("orders", "conversions"),
                secondary=("conversion_rate", "cpa", "revenue", "average_order_value", "roas", "roi"),
                content=("shoppable posts", "limited-time offers", "retargeting ads"),
            ),
            Goal(
                objective="Leads and MQLs", stage=Stage.CONVERSION, primary=("leads", "qualified_leads"),
                secondary=("cpl", "new_customers", "cac"),
                content=("lead-form ads", "gated content", "free trials"),
            ),
            Goal(
                objective="Upsell and cross-sell", stage=Stage.LOYALTY, primary=("repeat_customers", "repeat_purchase_rate"),
                secondary=("ltv", "ltv_to_cac", "payback_period"),
                content=("customer-only offers", "how-to content for owners", "bundles and upgrades"),
            ),
            Goal(
                objective="Satisfaction", stage=Stage.LOYALTY, primary=("reviews", "rating"),
                secondary=("positive_review_rate", "engaged_users", "net_followers", "new_followers"),
                content=("fast replies to comments and messages", "review requests", "community groups"),
            ),
            Goal(
                objective="Social proof and credibility", stage=Stage.ADVOCACY,
                primary=("mentions", "influencer_engagements", "affiliate_signups", "affiliate_traffic", "affiliate_sales"),
                secondary=("shares", "amplification_rate", "influencer_engagement_rate", "affiliate_revenue"),
                content=("influencer partnerships", "affiliate and referral programmes", "reposting customers"),
            ),
        ]  # fmt: skip
        kpis = {stage: tuple(key for key, kpi in KPIS.items() if stage in kpi.stages) for stage in Stage}
        return cls(name="social", stages=tuple(Stage), goals=goals, kpis=kpis)

    def _check_keys(self, keys: Iterable[str], where: str) -> None:
        for key in keys:
            if key not in self.catalogue:
                raise _unknown_kpi(key, self.catalogue, where)

    def __repr__(self) -> str:
        stages = ", ".join(stage.key for stage in self.stages)
        return f"Funnel(name={self.name!r}, stages=({stages}), goals={len(self._goals)}, kpis={len(self.kpi_keys())})"

    def _stage(self, stage: Stage | str) -> Stage:
        found = Stage.parse(stage)
        if found not in self.stages:
            msg = f"stage {found.key!r} is not in funnel {self.name!r} (its stages: {names_of([s.key for s in self.stages])})"
            raise InvalidInputError(msg)
        return found

    def kpi_keys(self, stage: Stage | str | None = None) -> tuple[str, ...]:
        """The KPI keys of one stage, or of every stage in funnel order (each once).

        Examples:
            >>> Funnel.social().kpi_keys("advocacy")[:3]
            ('mentions', 'shares', 'amplification_rate')
        """
        if stage is not None:
            return self._kpis[self._stage(stage)]
        return tuple(dict.fromkeys(key for keys in self._kpis.values() for key in keys))

    def kpis(self, stage: Stage | str | None = None) -> tuple[KPI, ...]:
        """The KPIs of one stage, or of every stage in funnel order (each once).

        Raises:
            InvalidInputError: For a stage that is not in the funnel.

        Examples:
            >>> [kpi.name for kpi in Funnel.social().kpis("loyalty")][:3]
            ['Net followers', 'Positive reviews', 'New followers']
        """
        return tuple(self.catalogue[key] for key in self.kpi_keys(stage))

    def goals(self, stage: Stage | str | None = None) -> tuple[Goal, ...]:
        """The goals of one stage, or all of them, in the order given.

        Examples:
            >>> [goal.objective for goal in Funnel.social().goals("loyalty")]
            ['Upsell and cross-sell', 'Satisfaction']
        """
        if stage is None:
            return self._goals
        found = self._stage(stage)
        return tuple(goal for goal in self._goals if goal.stage is found)

    def goal(self, objective: str) -> Goal:
        """The goal with this objective (case-insensitive).

        Raises:
            InvalidInputError: For an unknown objective, with the closest ones.

        Examples:
            >>> Funnel.social().goal("reach").primary
            ('reach',)
        """
        wanted = str(objective).casefold()
        for goal in self._goals:
            if goal.objective.casefold() == wanted:
                return goal
        objectives = [goal.objective for goal in self._goals]
        msg = f"unknown goal {objective!r} in funnel {self.name!r}"
        raise InvalidInputError(msg + did_you_mean(str(objective), objectives))

    def stage_of(self, kpi: str) -> Stage:
        """The first stage, in funnel order, that measures the KPI ``kpi``.

        Raises:
            InvalidInputError: For a KPI the funnel does not measure, with the closest keys.

        Examples:
            >>> Funnel.social().stage_of("cpa"), Funnel.social().stage_of("mentions")
            (<Stage.CONVERSION: 3>, <Stage.AWARENESS: 1>)
        """
        for stage, keys in self._kpis.items():
            if kpi in keys:
                return stage
        raise _unknown_kpi(str(kpi), self.kpi_keys(), f"in funnel {self.name!r}")

    def evaluate(
        self,
        performance: Performances,
        *,
        targets: Iterable[Target] = (),
        previous: Performances | None = None,
        total: Performance | None = None,
        as_of: dt.date | None = None,
        zero_division: ZeroDivision = "warn",
    ) -> FunnelEvaluation:
        """Measure a period: every KPI the fields allow, the flows between stages, changes and targets.

        KPIs whose fields were not measured are listed in ``missing`` with those fields, not raised.
        With one record per channel, every channel gets its own scorecard and the total is computed as
        ratios of sums (``Performance.total``), where people counts such as reach are not additive and
        so unmeasured: pass ``total`` with deduplicated counts to measure them.

        Args:
            performance: One `Performance`, or one per channel (a mapping channel → record, or records
                with distinct ``channel`` names).
            targets: [`Target`][socialroi.funnel.Target]s to measure; a target with a ``channel`` is
                measured on that channel.
            previous: The previous period, in the same form; gives the changes and the weakest
                transition by change.
            total: The record of all channels together, when known better than their sum.
            as_of: The last day the data covers, for target progress; by default the record's ``end``.
            zero_division: What KPIs return where a denominator is 0 (see `socialroi.metrics`).

        Returns:
            The [`FunnelEvaluation`][socialroi.funnel.FunnelEvaluation].

        Raises:
            InvalidInputError: For records of the wrong type, channels without names or repeated, a
                ``total`` without channels, or a target on a KPI outside the catalogue.
            MissingDataError: When a target needs ``as_of`` and the record has no ``end`` date.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import Performance, Target
            >>> march = Performance(impressions=50_000, link_clicks=500, conversions=20, spend=500.0,
            ...                     end=dt.date(2026, 3, 15))
            >>> february = Performance(impressions=40_000, link_clicks=480, conversions=24, spend=480.0)
            >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
            >>> evaluation = Funnel.social().evaluate(march, previous=february, targets=[target])
            >>> weakest = evaluation.weakest
            >>> weakest.source, weakest.target, round(weakest.change, 3)
            ('link_clicks', 'conversions', -0.2)
            >>> progress = evaluation.targets[0]
            >>> progress.observed, progress.progress, round(progress.expected, 3), progress.on_track
            (25.0, 0.5, 0.484, True)
        """
        check_zero_division(zero_division)
        channels, summed = _split(performance, "performance")
        if total is not None:
            if not channels:
                msg = "'total' is only for per-channel performance; pass the one record as 'performance'"
                raise InvalidInputError(msg)
            summed = _check_performance(total, "total")
        before: dict[str, Performance] = {}
        before_total: Performance | None = None
        if previous is not None:
            before, before_total = _split(previous, "previous")
        keys = self.kpi_keys()
        card = self._score(summed, before_total, keys, zero_division)
        cards = {
            name: self._score(record, before.get(name), keys, zero_division)
            for name, record in channels.items()
        }
        done: list[TargetProgress] = []
        skipped: list[tuple[Target, str]] = []
        used = dict.fromkeys(keys)
        for index, target in enumerate(targets):
            if not isinstance(cast("object", target), Target):
                msg = f"'targets' must hold Target values (got {target!r} at index {index})"
                raise InvalidInputError(msg)
            if target.kpi not in self.catalogue:
                raise _unknown_kpi(target.kpi, self.catalogue, "in a target")
            used[target.kpi] = None
            if target.channel is None or (not channels and summed.channel == target.channel):
                outcome = self._progress(target, summed, card, as_of, zero_division)
            elif target.channel in channels:
                outcome = self._progress(
                    target, channels[target.channel], cards[target.channel], as_of, zero_division
                )
            else:
                outcome = f"channel {target.channel!r} is not in the evaluation"
            if isinstance(outcome, str):
                skipped.append((target, outcome))
            else:
                done.append(outcome)
        return FunnelEvaluation(
            funnel=self.name,
            stages=self.stages,
            stage_kpis=self._kpis,
            kpis=MappingProxyType({key: self.catalogue[key] for key in used}),
            currency=summed.currency,
            total=card,
            by_channel=MappingProxyType(cards),
            targets=tuple(done),
            skipped_targets=tuple(skipped),
            compared=previous is not None,
        )

    def _progress(
        self,
        target: Target,
        record: Performance,
        card: Scorecard,
        as_of: dt.date | None,
        zero_division: ZeroDivision,
    ) -> TargetProgress | str:
        """The target's progress on ``record``, or why it cannot be measured."""
        kpi = self.catalogue[target.kpi]
        absent = kpi.missing(record)
        if absent:
            verb = "was" if len(absent) == 1 else "were"
            return f"{target.kpi} needs {names_of(absent)}, which {verb} not measured"
        observed = (
            card.values[target.kpi] if target.kpi in card.values else _attempt(kpi, record, zero_division)
        )
        if isinstance(observed, str):
            return observed
        if math.isnan(observed):
            return f"{target.kpi} is undefined for this period (a denominator is 0)"
        day = as_of if as_of is not None else record.end
        if day is None:
            msg = "target progress needs 'as_of' or a performance record with an 'end' date"
            raise MissingDataError(msg)
        return target.progress(observed, day)

    def _score(
        self,
        record: Performance,
        previous: Performance | None,
        keys: tuple[str, ...],
        zero_division: ZeroDivision,
    ) -> Scorecard:
        values: dict[str, float] = {}
        missing: dict[str, tuple[str, ...]] = {}
        invalid: dict[str, str] = {}
        changes: dict[str, Change] = {}
        for key in keys:
            kpi = self.catalogue[key]
            absent = kpi.missing(record)
            if absent:
                missing[key] = absent
                continue
            current = _attempt(kpi, record, zero_division)
            if isinstance(current, str):
                invalid[key] = current
                continue
            values[key] = current
            if previous is None or kpi.missing(previous):
                continue
            before = _attempt(kpi, previous, zero_division)
            if isinstance(before, str):
                continue
            undefined = math.isnan(current) or math.isnan(before)
            changes[key] = Change(
                previous=before,
                current=current,
                absolute=current - before,
                relative=_relative(current, before, zero_division, key),
                improved=None if undefined else kpi.direction.better(current, before),
            )
        flows = self._flows(record, previous, zero_division)
        weakest, weakest_by = _weakest(flows, previous is not None)
        return Scorecard(
            values=MappingProxyType(values),
            missing=MappingProxyType(missing),
            invalid=MappingProxyType(invalid),
            flows=flows,
            weakest=weakest,
            weakest_by=weakest_by,
            changes=MappingProxyType(changes),
        )

    def _flows(
        self, record: Performance, previous: Performance | None, zero_division: ZeroDivision
    ) -> tuple[Transition, ...]:
        points: list[tuple[Stage, str]] = []
        for stage in self.stages:
            field = next((f for f in self.flow.get(stage, ()) if getattr(record, f) is not None), None)
            if field is not None:
                points.append((stage, field))
        transitions: list[Transition] = []
        for (first_stage, first), (second_stage, second) in itertools.pairwise(points):
            label = f"flow {first} → {second}"
            rate = _per(
                getattr(record, second), getattr(record, first), zero_division, label, (second, first)
            )
            previous_rate: float | None = None
            change: float | None = None
            if (
                previous is not None
                and getattr(previous, first) is not None
                and getattr(previous, second) is not None
            ):
                previous_rate = _per(
                    getattr(previous, second), getattr(previous, first), zero_division, label, (second, first)
                )
                change = _relative(rate, previous_rate, zero_division, label)
            transitions.append(
                Transition(
                    source_stage=first_stage,
                    source=first,
                    target_stage=second_stage,
                    target=second,
                    rate=rate,
                    previous_rate=previous_rate,
                    change=change,
                )
            )
        return tuple(transitions)
