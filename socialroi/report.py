"""One ROI picture: all costs, attributed revenue and the value of engagement, per channel and in total.

[`ROIReport.build`][socialroi.report.ROIReport.build] takes the cost ledger and whatever else is known
(revenue as a number or per channel, an [`Attribution`][socialroi.attribution.Attribution], engagement
values from `socialroi.valuation`, performance records, a funnel with targets) and reports, per channel
and in total: the investment and its breakdown, ad spend, revenue, ROAS, ROI, CPA, CAC, LTV:CAC, and the
value of engagement with its interval. Revenue and engagement value are never mixed silently: ROI is
reported on revenue alone and, separately, on revenue plus engagement value.

[`ROIReport.series`][socialroi.report.ROIReport.series] makes one report per calendar month or ISO week
from dated costs and records, a [`ReportSeries`][socialroi.report.ReportSeries]: what spans several
periods counts pro rata by days, and the ad spend is reconciled per channel and period.
[`ROIReport.to_rows`][socialroi.report.ROIReport.to_rows] and `ReportSeries.to_rows` give tidy rows
(one per channel and metric) for spreadsheets and BI tools.

Examples:
    >>> from socialroi import CostItem, Costs, Money
    >>> from socialroi.report import ROIReport
    >>> usd = lambda x: Money(amount=x, currency="USD")
    >>> costs = Costs(items=[
    ...     CostItem(category="ad_spend", amount=usd(1_000), channel="facebook"),
    ...     CostItem(category="content", amount=usd(700), channel="facebook"),
    ... ])
    >>> report = ROIReport.build(costs, revenue={"facebook": usd(5_000)})
    >>> report.total.roas, round(report.total.roi, 4)
    (5.0, 1.9412)
"""

from __future__ import annotations

import datetime as dt
import html
import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, cast

import attrs
import numpy as np

from socialroi import _check, metrics
from socialroi._arrays import FINITE, FRACTION, NON_NEGATIVE, FloatArray, Rule, divide, warn
from socialroi._check import (
    channel_hint,
    channel_key,
    choice,
    date,
    days,
    each,
    flag,
    instance,
    list_to_tuple,
    mapping,
    number,
    optional,
    ordered,
    pair,
    read_only_mapping,
    real,
    reals,
    text,
    to_tuple,
    whole,
)
from socialroi._display import html_table, percent, plain, points, text_table
from socialroi._display import number as figure
from socialroi.attribution import Attribution
from socialroi.exceptions import CurrencyMismatchError, InconsistentDataWarning, InvalidInputError
from socialroi.funnel import Funnel, FunnelEvaluation, Target
from socialroi.records import ADDITIVE, CostItem, Costs, Money, Performance
from socialroi.valuation import EngagementValue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ChannelROI",
    "Highlight",
    "ROIComparison",
    "ROIReport",
    "ROI_ON_GROSS_PROFIT",
    "ROI_ON_REVENUE",
    "ReportSeries",
    "roi_definition",
]

Revenue: TypeAlias = float | Money | Mapping[str, float | Money]
_V = TypeVar("_V")
PerPeriod: TypeAlias = Mapping[Any, _V]
"""Values per period of a series, keyed by the period's label (``"2026-01"``) or any day in it.

The keys are typed ``Any`` because a mapping's key type is invariant (a ``dict[str, float]`` is no
``Mapping[str | date, float]``); `ROIReport.series` checks each key and names a bad one.
"""
SHARED = "(shared)"
TOTAL = "total"
RESERVED = (TOTAL, SHARED)
"""Names of the report's own rows, which no channel may take."""
_NAN = float("nan")
_SOURCES = ("given", "attribution", "performance", "none")

ROI_ON_REVENUE = "ROI on revenue"
"""(revenue - cost) / cost: every unit of revenue counts as return (``margin`` 1)."""
ROI_ON_GROSS_PROFIT = "ROI on gross profit"
"""(margin · revenue - cost) / cost: only the gross profit on revenue counts as return (``margin`` < 1)."""


def roi_definition(margin: float, cost: str = "investment") -> tuple[str, str]:
    """The name and formula of the ROI variant a margin gives, for reports and the docs.

    ``margin`` 1 is [`ROI_ON_REVENUE`][socialroi.report.ROI_ON_REVENUE], below 1
    [`ROI_ON_GROSS_PROFIT`][socialroi.report.ROI_ON_GROSS_PROFIT]. ROAS (revenue / ad spend) is not an
    ROI: it charges no cost but the media.

    Args:
        margin: Gross margin on revenue, between 0 and 1.
        cost: The name of the cost in the formula.

    Returns:
        ``(name, formula)``.

    Examples:
        >>> roi_definition(1.0)
        ('ROI on revenue', '(revenue - investment) / investment')
        >>> roi_definition(0.4)
        ('ROI on gross profit', '(0.4 · revenue - investment) / investment')
    """
    margin_ = number(FRACTION).check(margin, "margin")
    if margin_ == 1:
        return ROI_ON_REVENUE, f"(revenue - {cost}) / {cost}"
    return ROI_ON_GROSS_PROFIT, f"({margin_:g} · revenue - {cost}) / {cost}"


# The KPIs of a row, in display order: (key, column header, digits), in two groups: return and
# acquisition (the text view prints one table for each, to stay narrow). ROIs show as percentages.
_AS_PERCENT = -1
_RETURN: tuple[tuple[str, str, int], ...] = (
    ("investment", "investment", 2),
    ("ad_spend", "ad spend", 2),
    ("revenue", "revenue", 2),
    ("roas", "ROAS", 2),
    ("roi", "ROI", _AS_PERCENT),
    ("engagement_value", "engagement", 2),
    ("roi_with_engagement", "ROI + engagement", _AS_PERCENT),
)
_ACQUISITION: tuple[tuple[str, str, int], ...] = (
    ("conversions", "conversions", 1),
    ("cpa", "CPA", 2),
    ("new_customers", "new customers", 1),
    ("cac", "CAC", 2),
    ("ltv_to_cac", "LTV:CAC", 2),
)
_KPIS = _RETURN + _ACQUISITION

_AMOUNT = number(NON_NEGATIVE)
_OPTIONAL_AMOUNT = optional(_AMOUNT)
_SIGNED = optional(number(FINITE))
"""Revenue and engagement value may be negative: refunds, and value incremental over a baseline."""


def _ratio(num: float | None, den: float | None) -> float | None:
    """A ratio for display: unknown when an input is unknown, NaN when the denominator is 0."""
    if num is None or den is None:
        return None
    return float(divide(float(num), float(den), _NAN, "ratio", "denominator"))


def _check_names(names: Sequence[str], argument: str) -> None:
    """Channel names must be distinct and leave the report's own row names alone."""
    seen: set[str] = set()
    for name in names:
        if name in RESERVED:
            msg = (
                f"{argument!r} must name channels other than 'total' and '(shared)', which name the report's "
                f"own rows (got a channel {name!r}); rename the channel"
            )
            raise InvalidInputError(msg)
        if name in seen:
            msg = f"{argument!r} must name each channel once (got {name!r} twice)"
            raise InvalidInputError(msg)
        seen.add(name)


@attrs.frozen(kw_only=True)
class ChannelROI:
    """The ROI picture of one channel (or of the shared costs, or of the total).

    ``None`` means unknown (no revenue was given for the channel, say) or not applicable: a row without
    ad spend has no ROAS or CPA, a row without any cost no ROI or CAC (they would be a ratio over zero,
    or a cost of 0.00 per conversion that was never paid for). NaN is left for ratios over a zero that is
    not a missing cost (LTV:CAC with a CAC of 0, say).

    Attributes:
        channel: The channel, ``"(shared)"`` for costs without a channel, ``"total"`` for the total.
        investment: Every cost of the row.
        costs_by_category: The investment split by cost category (category value → amount).
        ad_spend: The ``AD_SPEND`` part of the investment.
        revenue: Revenue attributed to the row.
        conversions: Conversions attributed to the row.
        new_customers: New customers won.
        engagement_value: Money value of the row's engagement (likes, follows, ...), if valued.
        engagement_interval: Credible interval of ``engagement_value``.
        margin: Gross margin applied to revenue in ROI (1 gives ROI on revenue, below 1 ROI on gross
            profit; see `roi_definition`).
        customer_value: Value of one customer (margin-based LTV), for LTV:CAC.

    Examples:
        >>> row = ChannelROI(channel="x", investment=1_700, ad_spend=1_000, revenue=5_000)
        >>> row.roas, round(row.roi, 4), row.cpa
        (5.0, 1.9412, None)
    """

    channel: str = attrs.field(validator=text())
    investment: float = attrs.field(converter=real, validator=_AMOUNT)
    costs_by_category: Mapping[str, float] = attrs.field(
        converter=read_only_mapping,
        factory=dict[str, float],
        validator=mapping(text(), _AMOUNT),
    )
    ad_spend: float = attrs.field(converter=real, validator=_AMOUNT)
    revenue: float | None = attrs.field(default=None, converter=real, validator=_SIGNED)
    conversions: float | None = attrs.field(default=None, converter=real, validator=_OPTIONAL_AMOUNT)
    new_customers: float | None = attrs.field(default=None, converter=real, validator=_OPTIONAL_AMOUNT)
    engagement_value: float | None = attrs.field(default=None, converter=real, validator=_SIGNED)
    engagement_interval: tuple[float, float] | None = attrs.field(
        default=None,
        converter=reals,
        validator=[optional(pair(number(), number())), optional(ordered("a pair (low, high)"))],
    )
    margin: float = attrs.field(default=1.0, converter=real, validator=number(FRACTION))
    customer_value: float | None = attrs.field(default=None, converter=real, validator=_OPTIONAL_AMOUNT)

    @property
    def roi_name(self) -> str:
        """The ROI variant of `roi`: ``"ROI on revenue"`` or ``"ROI on gross profit"``."""
        return roi_definition(self.margin)[0]

    @property
    def roas(self) -> float | None:
        """Revenue / ad spend (see `socialroi.metrics.roas`); ``None`` without ad spend."""
        if self.ad_spend == 0:
            return None
        return _ratio(self.revenue, self.ad_spend)

    @property
    def roi(self) -> float | None:
        """(margin · revenue − investment) / investment, on revenue alone (see `socialroi.metrics.roi`).

        ROI on revenue with ``margin`` 1, ROI on gross profit below 1; ``None`` without any cost.
        """
        if self.revenue is None or self.investment == 0:
            return None
        return metrics.roi(self.revenue, self.investment, margin=self.margin, zero_division=_NAN)

    @property
    def roi_with_engagement(self) -> float | None:
        """ROI with the engagement value added to the return; unknown without engagement value or cost.

        An upper view, not a second ROI: the engagement's customers may already be in revenue.
        """
        if self.engagement_value is None or self.investment == 0:
            return None
        contribution = (self.revenue or 0.0) * self.margin + self.engagement_value
        return _ratio(contribution - self.investment, self.investment)

    @property
    def cpa(self) -> float | None:
        """Ad spend per conversion (see `socialroi.metrics.cpa`); ``None`` without ad spend."""
        if self.ad_spend == 0:
            return None
        return _ratio(self.ad_spend, self.conversions)

    @property
    def cac(self) -> float | None:
        """Investment per new customer (see `socialroi.metrics.cac`); ``None`` without any cost."""
        if self.investment == 0:
            return None
        return _ratio(self.investment, self.new_customers)

    @property
    def ltv_to_cac(self) -> float | None:
        """Customer value / CAC (see `socialroi.metrics.ltv_to_cac`)."""
        return _ratio(self.customer_value, self.cac)

    def kpis(self) -> dict[str, float | None]:
        """Every KPI of the row by key, in display order.

        Examples:
            >>> ChannelROI(channel="x", investment=10, ad_spend=10, revenue=20).kpis()["roas"]
            2.0
        """
        return {key: getattr(self, key) for key, _, _ in _KPIS}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: the inputs and every KPI (NaN as ``None``).

        Examples:
            >>> ChannelROI(channel="x", investment=10, ad_spend=0).to_dict()["roas"] is None
            True
        """
        result = {
            "channel": self.channel,
            "costs_by_category": dict(self.costs_by_category),
            "engagement_interval": self.engagement_interval,
            "margin": self.margin,
            "roi_name": self.roi_name,
            "customer_value": self.customer_value,
            **self.kpis(),
        }
        return cast("dict[str, Any]", plain(result))


def _cell(value: float | None, digits: int) -> str:
    return percent(value) if digits == _AS_PERCENT else figure(value, digits)


def _label(row: ChannelROI, unpaid: Sequence[ChannelROI]) -> str:
    return f"{row.channel} (unpaid)" if row in unpaid else row.channel


_ROW = instance(ChannelROI, "a ChannelROI")


def _ranking_key(row: ChannelROI) -> tuple[int, float]:
    roi = row.roi
    return (0, -roi) if roi is not None and not math.isnan(roi) else (1, 0.0)


@attrs.frozen(kw_only=True, repr=False)
class ROIReport:
    """What social media returned: per channel and in total. Build one with `ROIReport.build`.

    Attributes:
        currency: Currency of every amount.
        period: A label for the period the report covers.
        channels: One row per channel the ledger pays for (or every channel, with
            ``include_unpaid=True``), in the order first seen (costs, then revenue, attribution,
            engagement, performance).
        unpaid: The channels credited with revenue, conversions or engagement but without any cost in
            the ledger (email, direct, ...), kept out of the total unless ``include_unpaid=True``.
        shared: The costs without a channel (management, tools, ...), or ``None`` if there are none.
        total: Every cost and the revenue of the channels in ``channels``.
        margin: Gross margin on revenue in every ROI: 1 gives ROI on revenue, below 1 ROI on gross profit.
        revenue_source: Where revenue came from: ``"given"``, ``"attribution"``, ``"performance"`` or
            ``"none"``.
        funnel: The funnel evaluation, when a funnel and performance were given.
        notes: Assumptions the numbers rest on, for the reader of the report.

    Examples:
        >>> from socialroi import CostItem, Costs, Money
        >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="EUR"), channel="tiktok")])
        >>> print(ROIReport.build(costs, revenue=250.0).total.roas)
        2.5
    """

    currency: str = attrs.field(validator=text())
    period: str | None = attrs.field(default=None, validator=optional(text()))
    channels: tuple[ChannelROI, ...] = attrs.field(converter=to_tuple, validator=each(_ROW))
    unpaid: tuple[ChannelROI, ...] = attrs.field(default=(), converter=to_tuple, validator=each(_ROW))
    shared: ChannelROI | None = attrs.field(default=None, validator=optional(_ROW))
    total: ChannelROI = attrs.field(validator=_ROW)
    margin: float = attrs.field(default=1.0, converter=real, validator=number(FRACTION))
    revenue_source: Literal["given", "attribution", "performance", "none"] = attrs.field(
        validator=choice(_SOURCES)
    )
    funnel: FunnelEvaluation | None = attrs.field(
        default=None, validator=optional(instance(FunnelEvaluation, "a FunnelEvaluation"))
    )
    notes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=each(text()))

    def __attrs_post_init__(self) -> None:
        _check_names([row.channel for row in (*self.channels, *self.unpaid)], "channels")
        for name, row, label in (("shared", self.shared, SHARED), ("total", self.total, TOTAL)):
            if row is not None and row.channel != label:
                msg = f"{name!r} must be the row named {label!r} (got a row named {row.channel!r})"
                raise InvalidInputError(msg)

    @classmethod
    def build(
        cls,
        costs: Costs,
        *,
        revenue: Revenue | None = None,
        attribution: Attribution | None = None,
        engagement: EngagementValue | Mapping[str, EngagementValue] | None = None,
        performance: Performance | Iterable[Performance] | Mapping[str, Performance] | None = None,
        funnel: Funnel | None = None,
        targets: Sequence[Target] = (),
        period: str | tuple[dt.date, dt.date] | None = None,
        as_of: dt.date | None = None,
        margin: float = 1.0,
        customer_value: float | Money | None = None,
        include_unpaid: bool = False,
    ) -> ROIReport:
        """Build the report from the cost ledger and whatever else is known.

        Revenue comes from, in this order: ``revenue`` (a total, or per channel), ``attribution`` (the
        credited conversion value per channel; with a total ``revenue`` the total is split by the credited
        value shares), or the ``revenue`` fields of ``performance``. Conversions come from the
        attribution, else from performance; new customers from performance.

        Args:
            costs: Every cost: ad spend, content, management, tools, staff time.
            revenue: Total revenue, or revenue per channel (numbers in the ledger's currency, or `Money`).
            attribution: Credited conversions and value per channel.
            engagement: Engagement value per channel, or one value for the total. A mapping may also
                hold ``"total"``: the value of all the engagement together, whose interval is then used
                instead of the sum of the channels' intervals (a conservative bound).
            performance: Performance records (one per channel, or several per channel: they are added).
            funnel: A funnel to evaluate ``performance`` against, with ``targets``.
            targets: SMART targets whose progress the funnel evaluation reports.
            period: A label, or the first and last day of the period.
            as_of: The day the targets' progress is judged (default: the records' last ``end``).
            margin: Gross margin on revenue in ROI: 1.0 (every unit of revenue counts) reports ROI on
                revenue, a margin below 1 ROI on gross profit (see `roi_definition`).
            customer_value: Value of one customer (margin-based LTV), for LTV:CAC.
            include_unpaid: Count the channels without any cost in the total too.

        Returns:
            The report.

        Raises:
            CurrencyMismatchError: When amounts come in more than one currency.
            InvalidInputError: For a negative revenue total per channel that is not finite, a margin
                outside [0, 1], targets without a funnel, or a funnel without performance.

        Warns:
            InconsistentDataWarning: When the ledger's ad spend of a channel and the performance
                records' spend differ by more than a cent.

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> usd = lambda x: Money(amount=x, currency="USD")
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=usd(1_700), channel="search")])
            >>> visits, landing, close, value = 1_000, 0.10, 0.50, 1_500
            >>> report = ROIReport.build(costs, revenue=visits * landing * close * value)
            >>> report.total.revenue, round(report.total.roi, 4)
            (75000.0, 43.1176)
        """
        currency = _currency(costs)
        margin_ = number(FRACTION).check(margin, "margin")
        value_per_customer = (
            None
            if customer_value is None
            else _amount(customer_value, currency, "customer_value", NON_NEGATIVE)
        )
        include = flag().check(include_unpaid, "include_unpaid")
        optional(instance(Attribution, "an Attribution")).check(attribution, "attribution")
        optional(instance(Funnel, "a Funnel")).check(funnel, "funnel")
        targets = each(instance(Target, "a Target")).check(to_tuple(targets), "targets")
        optional(date()).check(as_of, "as_of")
        label = _period(period)
        if attribution is not None:
            _check_credits(attribution)
        notes: list[str] = []
        records = _reconcile(costs, _performance_by_channel(performance), currency, notes, label)
        revenues, source = _revenues(revenue, attribution, records, currency, notes)
        conversions: dict[str, float] = {}
        if attribution is not None:
            conversions = dict(zip(attribution.channels, attribution.conversions.tolist(), strict=True))
        else:
            conversions = {ch: p.conversions for ch, p in records.items() if p.conversions is not None}
        customers = {ch: p.new_customers for ch, p in records.items() if p.new_customers is not None}
        engaged = _engagement(engagement, currency)
        names = _channel_names(costs, revenues, conversions, engaged, records)

        def row(channel: str, ledger: Costs, *, known: bool) -> ChannelROI:
            value = engaged.get(channel)
            return ChannelROI(
                channel=channel,
                investment=ledger.total().amount,
                costs_by_category={c.value: m.amount for c, m in ledger.by_category().items()},
                ad_spend=ledger.ad_spend().amount,
                revenue=revenues.get(channel, 0.0 if known else None) if source != "none" else None,
                conversions=conversions.get(channel),
                new_customers=customers.get(channel),
                engagement_value=None if value is None else value.value,
                engagement_interval=None if value is None else value.interval,
                margin=margin_,
                customer_value=value_per_customer,
            )

        every = tuple(row(name, costs.filter(channel=name), known=source == "attribution") for name in names)
        media = {ch for ch, p in records.items() if (p.spend or 0.0) > 0}
        paid = {r.channel for r in every if r.investment > 0 or r.channel in media}
        unpaid = tuple(r for r in every if r.channel not in paid)
        rows = every if include else tuple(r for r in every if r.channel in paid)
        _unpaid_note(unpaid, include, currency, notes)
        if not include:
            left_out = {r.channel for r in unpaid}
            revenues = {ch: v for ch, v in revenues.items() if ch not in left_out}
            engaged = {ch: v for ch, v in engaged.items() if ch not in left_out}
        shared_costs = costs.filter(channel=None)
        shared = row(SHARED, shared_costs, known=False) if len(shared_costs) else None
        if shared is not None:
            notes.append(
                "Shared costs (without a channel) count in the total only; channel ROI charges each "
                "channel its own costs."
            )
        total = _total(rows, costs, revenues, engaged, margin_, value_per_customer, source)
        missing = [r.channel for r in every if r.revenue is None]
        if source in {"given", "performance"} and TOTAL not in revenues and missing:
            notes.append(f"No revenue was given for {', '.join(missing)}: their ROAS and ROI are unknown.")
        if engaged and TOTAL not in engaged:
            notes.append(
                "The total engagement interval adds the channels' intervals: a conservative (wide) bound."
            )
        if engaged:
            notes.append(
                "Engagement value is what the customers associated with the engagement are worth: associated, "
                "not shown to be caused, unless estimated against a baseline. Where those customers' purchases "
                "are already in revenue, ROI + engagement counts them twice: read it as an upper view, and "
                "ROI as the answer."
            )
        evaluation = _evaluate(funnel, records, targets, as_of)
        return cls(
            currency=currency,
            period=label,
            channels=rows,
            unpaid=() if include else unpaid,
            shared=shared,
            total=total,
            margin=margin_,
            revenue_source=source,
            funnel=evaluation,
            notes=tuple(notes),
        )

    def ranked(self) -> tuple[ChannelROI, ...]:
        """The channels by ROI on revenue, best first; channels without a known ROI last.

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> usd = lambda x: Money(amount=x, currency="USD")
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=usd(10), channel=c) for c in "ab"])
            >>> [r.channel for r in ROIReport.build(costs, revenue={"a": 15, "b": 30}).ranked()]
            ['b', 'a']
        """
        return tuple(sorted(self.channels, key=_ranking_key))

    def channel(self, name: str) -> ChannelROI:
        """The row of one channel (``"total"`` and ``"(shared)"`` work too).

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> costs = Costs(items=[CostItem(category="tools", amount=Money(amount=5, currency="USD"))])
            >>> ROIReport.build(costs).channel("(shared)").investment
            5.0
        """
        for row in self._rows():
            if row.channel == name:
                return row
        options = [row.channel for row in self._rows()]
        msg = f"'name' must be one of {', '.join(repr(o) for o in options)} (got {name!r})"
        raise InvalidInputError(msg)

    def _rows(self) -> Iterator[ChannelROI]:
        yield from self.channels
        yield from self.unpaid
        if self.shared is not None:
            yield self.shared
        yield self.total

    def compare(self, previous: ROIReport) -> ROIComparison:
        """The change of every KPI against an earlier report, per channel and in total.

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="USD"), channel="ig")])
            >>> change = ROIReport.build(costs, revenue=300).compare(ROIReport.build(costs, revenue=200))
            >>> change.change("total", "roas")
            1.0
        """
        if previous.currency != self.currency:
            msg = f"cannot compare a {self.currency} report with a {previous.currency} one; convert one first"
            raise CurrencyMismatchError(msg)
        before = {row.channel: row.kpis() for row in previous._rows()}
        rows: list[tuple[str, str, float | None, float | None]] = []
        for row in self._rows():
            old = before.get(row.channel, {})
            rows.extend((row.channel, key, old.get(key), value) for key, value in row.kpis().items())
        seen = {row.channel for row in self._rows()}
        for row in previous._rows():
            if row.channel not in seen:
                rows.extend((row.channel, key, value, None) for key, value in row.kpis().items())
        return ROIComparison(
            currency=self.currency,
            period=self.period,
            previous_period=previous.period,
            rows=tuple(rows),
            funnel=self.funnel,
            previous_funnel=previous.funnel,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable values (NaN as ``None``).

        Examples:
            >>> import json
            >>> from socialroi import Costs
            >>> json.dumps(ROIReport.build(Costs(currency="USD")).to_dict())[:19]
            '{"currency": "USD",'
        """
        name, formula = self.roi_definition
        return {
            "currency": self.currency,
            "period": self.period,
            "revenue_source": self.revenue_source,
            "roi": {"name": name, "formula": formula, "margin": self.margin},
            "channels": [row.to_dict() for row in self.channels],
            "unpaid": [row.to_dict() for row in self.unpaid],
            "shared": None if self.shared is None else self.shared.to_dict(),
            "total": self.total.to_dict(),
            "ranking": [row.channel for row in self.ranked()],
            "funnel": None if self.funnel is None else self.funnel.to_dict(),
            "notes": list(self.notes),
        }

    @classmethod
    def series(
        cls,
        costs: Costs,
        *,
        freq: Literal["month", "week"] = "month",
        performance: Performance | Iterable[Performance] | None = None,
        revenue: PerPeriod[Revenue] | None = None,
        attribution: PerPeriod[Attribution] | None = None,
        engagement: PerPeriod[EngagementValue | Mapping[str, EngagementValue]] | None = None,
        between: tuple[dt.date, dt.date] | None = None,
        margin: float = 1.0,
        customer_value: float | Money | None = None,
        include_unpaid: bool = False,
    ) -> ReportSeries:
        """One report per calendar month (or ISO week, Monday to Sunday), from dated costs and records.

        The periods run without gaps from the period of the first day to that of the last day any cost
        or record covers (or those of ``between``); a period without data gets a report of zeros. Each
        cost goes to the periods its `CostItem.period` covers, each performance record to those from
        its ``start`` to its ``end``. Revenue comes per period as `build` finds it: from ``revenue``,
        else ``attribution``, else the records' revenue (each report's ``revenue_source`` says which).

        **The one rule for what spans several periods: pro rata by days.** A cost of 3,100 EUR from
        1 to 31 January counts 100 EUR a day; one from 15 January to 14 February counts 17/31 in
        January and 14/31 in February (staff hours likewise). A record spanning a period boundary (a
        week from Monday 26 January to Sunday 1 February) is split the same way: its additive counts
        and amounts (spend, clicks, conversions, revenue, ...) by days; what does not add (reach,
        followers, engaged users, ad-recall and brand lift) is left out of the split parts. Every
        report that holds such a share says so in its notes. **Undated costs and records are
        refused**, naming the item: spreading a cost whose timing is unknown would invent when it was
        spent, and every month's ROI would rest on that guess.

        Within each period, the ledger's ad spend is reconciled with the records' spend per channel
        (in total when some ad spend is shared), as `build` does, and the warning names the period.

        Args:
            costs: The ledger; every item needs a ``period``.
            freq: ``"month"`` (calendar months, labelled ``"2026-01"``) or ``"week"`` (ISO weeks,
                labelled ``"2026-W03"``).
            performance: Performance records with a channel, a ``start`` and an ``end``.
            revenue: Revenue per period, as `build` takes it (a total, or per channel). Keys are a
                period's label (``"2026-01"``) or any day in it.
            attribution: An attribution per period (keys as for ``revenue``).
            engagement: Engagement value per period (keys as for ``revenue``).
            between: The first and last day to report on, widened to whole periods: what lies outside
                them is left out (a cost spanning the edge counts with its days inside). By default the
                days the costs and records cover.
            margin: Gross margin on revenue in ROI (see `build`).
            customer_value: Value of one customer, for LTV:CAC.
            include_unpaid: Count channels without cost in each period's total too.

        Returns:
            The series: one `ROIReport` per period.

        Raises:
            InvalidInputError: An undated cost or record, a key of ``revenue``, ``attribution`` or
                ``engagement`` that is no period of the series (or names one twice), ``between`` that
                is not an ordered pair of dates, no dated data at all, or any error of `build`.

        Warns:
            InconsistentDataWarning: When the ledger's ad spend of a channel in a period and the
                records' spend there differ by more than a cent.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import CostItem, Costs, Money, Performance
            >>> eur = lambda x: Money(amount=x, currency="EUR")
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=eur(590), channel="meta",
            ...                               period=(dt.date(2026, 1, 1), dt.date(2026, 2, 28)))])
            >>> weeks = [Performance(channel="meta", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31),
            ...                      spend=310.0, conversions=31)]
            >>> series = ROIReport.series(costs, performance=weeks, revenue={"2026-01": 930, "2026-02": 700})
            >>> series.labels, series.kpi("meta", "ad_spend").tolist(), series.kpi("total", "roas").tolist()
            (('2026-01', '2026-02'), [310.0, 280.0], [3.0, 2.5])
        """
        currency = _currency(costs)
        choice(_FREQS).check(freq, "freq")
        window = optional(days()).check(between, "between")
        spans = _cost_spans(costs)
        records, record_spans = _dated_records(performance)
        covered = [*spans, *record_spans] if window is None else [window]
        if not covered:
            msg = "a series needs dated costs or performance records, or 'between' (got none of them)"
            raise InvalidInputError(msg)
        periods = _calendar(min(a for a, _ in covered), max(b for _, b in covered), freq)
        labels = [_period_label(p, freq) for p in periods]
        revenues = _per_period(revenue, "revenue", periods, labels)
        attributions = _per_period(attribution, "attribution", periods, labels)
        engagements = _per_period(engagement, "engagement", periods, labels)
        cost_share = _shares(spans, periods)
        record_share = _shares(record_spans, periods)
        reports: list[ROIReport] = []
        for j, label in enumerate(labels):
            ledger = Costs(items=_cost_parts(costs.items, cost_share[:, j], periods[j]), currency=currency)
            parts = _record_parts(records, record_share[:, j], periods[j])
            report = cls.build(
                ledger,
                revenue=cast("Revenue | None", revenues[j]),
                attribution=cast("Attribution | None", attributions[j]),
                engagement=cast("EngagementValue | Mapping[str, EngagementValue] | None", engagements[j]),
                performance=parts or None,
                period=label,
                margin=margin,
                customer_value=customer_value,
                include_unpaid=include_unpaid,
            )
            notes = _spread_notes(costs.items, cost_share[:, j], records, record_share[:, j], freq, currency)
            reports.append(attrs.evolve(report, notes=(*report.notes, *notes)))
        return ReportSeries(currency=currency, freq=freq, periods=periods, reports=reports)

    def to_rows(self) -> list[dict[str, Any]]:
        """The report as tidy rows: one per row of the report (channel, unpaid, shared, total) × metric.

        Each row has ``period`` (the report's label), ``channel``, ``kind`` (``"channel"``,
        ``"unpaid"``, ``"shared"`` or ``"total"``), ``metric`` (a key of `ChannelROI.kpis`, or
        ``"cost_<category>"`` for the investment by category), ``value`` (``None`` when unknown or
        undefined, never NaN) and ``unit`` (the currency for amounts and costs per result, ``"ratio"``
        for ROAS, ROI and LTV:CAC, ``"count"`` for conversions and new customers).

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="USD"), channel="ig")])
            >>> rows = ROIReport.build(costs, revenue={"ig": 250}, period="2026-01").to_rows()
            >>> [(r["channel"], r["metric"], r["value"], r["unit"]) for r in rows if r["metric"] == "roas"]
            [('ig', 'roas', 2.5, 'ratio'), ('total', 'roas', 2.5, 'ratio')]
        """
        kinds = [
            *(("channel", r) for r in self.channels),
            *(("unpaid", r) for r in self.unpaid),
            *([("shared", self.shared)] if self.shared is not None else []),
            ("total", self.total),
        ]
        return [
            {
                "period": self.period,
                "channel": row.channel,
                "kind": kind,
                "metric": metric,
                "value": plain(value),
                "unit": _UNITS.get(metric, self.currency),
            }
            for kind, row in kinds
            for metric, value in [
                *row.kpis().items(),
                *((f"cost_{c}", v) for c, v in row.costs_by_category.items()),
            ]
        ]

    def to_frame(self) -> pd.DataFrame:
        """`to_rows` as a pandas ``DataFrame`` (pandas is needed, not installed with socialroi).

        Examples:
            >>> from socialroi import Costs
            >>> ROIReport.build(Costs(currency="USD")).to_frame().columns.tolist()
            ['period', 'channel', 'kind', 'metric', 'value', 'unit']
        """
        return _frame(self.to_rows(), _ROW_COLUMNS)

    @property
    def roi_definition(self) -> tuple[str, str]:
        """The name and formula of the ROI this report shows (see `roi_definition`).

        Examples:
            >>> from socialroi import Costs
            >>> ROIReport.build(Costs(currency="USD"), margin=0.4).roi_definition[0]
            'ROI on gross profit'
        """
        return roi_definition(self.margin)

    def _roi_line(self) -> str:
        name, formula = self.roi_definition
        line = f"ROI: {name} = {formula}, on every cost of the row; ROAS = revenue / ad spend."
        if self.funnel is not None:
            line += " The funnel's 'ROI on revenue over ad spend' = (revenue - spend) / spend."
        return line

    def _tables(self) -> list[tuple[list[str], list[list[str]]]]:
        """The return and the acquisition table, each with the columns that have a known value."""
        rows = list(self._rows())
        tables: list[tuple[list[str], list[list[str]]]] = []
        for group in (_RETURN, _ACQUISITION):
            shown = [kpi for kpi in group if any(getattr(r, kpi[0]) is not None for r in rows)]
            if shown:
                header = ["channel", *(title for _, title, _ in shown)]
                body = [
                    [_label(r, self.unpaid), *(_cell(getattr(r, key), digits) for key, _, digits in shown)]
                    for r in rows
                ]
                tables.append((header, body))
        return tables

    def _title(self) -> str:
        return f"ROI report ({self.currency}{', ' + self.period if self.period else ''})"

    def _headline(self) -> str:
        """The total in one sentence, before the tables: what was spent, what came back, which ROI."""
        total, currency = self.total, self.currency
        revenue = (
            "revenue unknown" if total.revenue is None else f"{figure(total.revenue)} {currency} revenue"
        )
        return (
            f"In total: {figure(total.investment)} {currency} invested, {revenue}; ROAS {figure(total.roas)}, "
            f"{self.roi_definition[0]} {percent(total.roi)}."
        )

    def __str__(self) -> str:
        lines = [self._title(), self._headline(), ""]
        for index, (header, body) in enumerate(self._tables()):
            lines += [""] * bool(index) + text_table(header, body)
        ranking = ", ".join(row.channel for row in self.ranked())
        lines += ["", f"Channels by ROI: {ranking}"] if self.channels else []
        lines += [self._roi_line()]
        lines += [self._engagement_line()] if self.total.engagement_interval else []
        lines += [f"- {note}" for note in self.notes]
        lines += ["", repr(self.funnel)] if self.funnel is not None else []
        return "\n".join(lines)

    def _engagement_line(self) -> str:
        low, high = self.total.engagement_interval or (math.nan, math.nan)
        return (
            "ROI + engagement = ROI with the engagement value added to revenue; that value is an estimate, not "
            f"cash: {figure(self.total.engagement_value)} {self.currency} in total (interval {figure(low)} to "
            f"{figure(high)} {self.currency})."
        )

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        parts = [f"<p>{html.escape(self._headline())}</p>"]
        parts += [
            html_table(self._title() if i == 0 else "", h, b) for i, (h, b) in enumerate(self._tables())
        ]
        if self.funnel is not None:
            parts.append(self.funnel._repr_html_())  # pyright: ignore[reportPrivateUsage]
        parts += [f"<p>{html.escape(self._roi_line())}</p>"]
        parts += [f"<p>{html.escape(self._engagement_line())}</p>"] if self.total.engagement_interval else []
        parts += [f"<p>{html.escape(note)}</p>" for note in self.notes]
        return "<div>" + "".join(parts) + "</div>"


_KPI = choice(tuple(key for key, _, _ in _KPIS))
_DIGITS = {key: digits for key, _, digits in _KPIS}
_TITLES = {key: title for key, title, _ in _KPIS}
_COMPARISON_HEADER = ("channel", "KPI", "previous", "current", "change", "change %")


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


_VALUE = optional(number(allow_nan=True))
"""A KPI in a comparison: ``None`` unknown, NaN undefined (a ratio over zero)."""


@attrs.frozen
class _ComparisonRow(_check.Check[Any]):
    """A ``(channel, kpi, previous, current)`` row of a comparison."""

    def check(self, value: Any, name: str) -> Any:
        row = cast("object", value)
        if not isinstance(row, tuple | list) or len(cast("Sequence[object]", row)) != 4:
            raise _check.fail(name, "a (channel, kpi, previous, current) row", value)
        channel, kpi, previous, current = cast("Sequence[object]", row)
        text().check(channel, f"{name}[0]")
        _KPI.check(kpi, f"{name}[1]")
        _VALUE.check(previous, f"{name}[2]")
        _VALUE.check(current, f"{name}[3]")
        return value


_COMPARISON_ROW = _ComparisonRow()
_EVALUATION = optional(instance(FunnelEvaluation, "a FunnelEvaluation"))
_MOVERS = ("roas", "cpa", "revenue")
"""The KPIs whose movers a comparison highlights, in the order ties are shown; CPA is better lower."""
_VERDICTS = ("better", "worse", "met", "on track", "behind", "missed", "not started", "weakest")
HighlightKind: TypeAlias = Literal["mover", "target", "step"]


@attrs.frozen(kw_only=True)
class Highlight:
    """One thing a reader of a comparison should see first (see `ROIComparison.highlights`).

    Attributes:
        kind: ``"mover"`` (a channel's ROAS, CPA or revenue moved most), ``"target"`` (a SMART
            target's standing) or ``"step"`` (the funnel's weakest stage-to-stage step).
        channel: The channel, ``None`` for the total.
        name: The KPI key (movers, targets) or the step, ``"impressions → link_clicks"``.
        previous: The previous value: the KPI, the target's progress (fraction of the way), the step's
            rate; ``None`` when the previous report does not have it.
        current: The current value, in the same unit.
        change: The relative change from ``previous`` to ``current`` (``None`` for targets).
        verdict: ``"better"`` or ``"worse"`` (movers: direction-aware, a falling CPA is better),
            ``"met"``, ``"on track"``, ``"behind"``, ``"missed"`` or ``"not started"`` (targets),
            ``"weakest"`` (the step).
        text: The highlight in one line, as the comparison shows it.

    Examples:
        >>> from socialroi import CostItem, Costs, Money
        >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="USD"), channel="ig")])
        >>> now = ROIReport.build(costs, revenue={"ig": 300})
        >>> top = now.compare(ROIReport.build(costs, revenue={"ig": 200})).highlights()[0]
        >>> top.kind, top.name, top.change, top.verdict
        ('mover', 'roas', 0.5, 'better')
        >>> top.text
        'ig ROAS +50.0 % (2.00 → 3.00): better'
    """

    kind: HighlightKind = attrs.field(validator=choice(("mover", "target", "step")))
    channel: str | None = attrs.field(validator=optional(text()))
    name: str = attrs.field(validator=text())
    previous: float | None = attrs.field(converter=real, validator=_VALUE)
    current: float | None = attrs.field(converter=real, validator=_VALUE)
    change: float | None = attrs.field(converter=real, validator=_VALUE)
    verdict: str = attrs.field(validator=choice(_VERDICTS))
    text: str = attrs.field(validator=text())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (NaN as ``None``).

        Examples:
            >>> Highlight(kind="step", channel=None, name="impressions → link_clicks", previous=0.02,
            ...           current=0.01, change=-0.5, verdict="weakest", text="...").to_dict()["change"]
            -0.5
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))


def _mover(channel: str, key: str, old: float, new: float, relative: float) -> Highlight:
    better = (new < old) if key == "cpa" else (new > old)
    verdict = "better" if better else "worse"
    digits = _DIGITS[key]
    text_ = (
        f"{channel} {_TITLES[key]} {percent(relative, signed=True)} "
        f"({figure(old, digits)} → {figure(new, digits)}): {verdict}"
    )
    return Highlight(
        kind="mover", channel=channel, name=key, previous=old, current=new, change=relative, verdict=verdict,
        text=text_,
    )  # fmt: skip


def _target_highlights(current: FunnelEvaluation, previous: FunnelEvaluation | None) -> list[Highlight]:
    before = {p.target: p for p in previous.targets} if previous is not None else {}
    result: list[Highlight] = []
    for progress in current.targets:
        target, verdict = progress.target, progress.verdict
        earlier = before.get(target)
        kpi = current.kpis[target.kpi]
        way = percent(progress.progress, 0)
        if earlier is not None:
            way = f"{percent(earlier.progress, 0)} → {way}"
        text_ = (
            f"target {kpi.name} ({target.channel or 'total'}) {kpi.format(target.value, currency=current.currency)}"
            f" by {target.end}: now {kpi.format(progress.observed, currency=current.currency)}, {way} of the way:"
            f" {verdict}"
        )
        result.append(
            Highlight(
                kind="target",
                channel=target.channel,
                name=target.kpi,
                previous=None if earlier is None else earlier.progress,
                current=progress.progress,
                change=None,
                verdict=verdict,
                text=text_,
            )
        )
    return result


def _weakest_step(current: FunnelEvaluation, previous: FunnelEvaluation | None) -> Highlight | None:
    """The weakest step: the one furthest behind its target, else the one that fell most, else the evaluation's.

    A step has a target when a total target is set on the KPI that is its rate (link CTR is the step
    impressions → link clicks).
    """
    before = {(t.source, t.target): t.rate for t in previous.flows} if previous is not None else {}
    changes = {
        (t.source, t.target): float(divide(t.rate - rate, abs(rate), _NAN, "change", "previous rate"))
        for t in current.flows
        if (rate := before.get((t.source, t.target))) is not None
    }
    targeted = [
        (progress, t)
        for progress in current.targets
        if progress.target.channel is None
        for t in current.flows
        if current.kpis[progress.target.kpi].fields == (t.target, t.source)
    ]
    known = [
        (fall, t) for t in current.flows if not math.isnan(fall := changes.get((t.source, t.target), _NAN))
    ]
    change: float | None
    old: float | None
    if targeted:
        progress, step = min(targeted, key=lambda pair: pair[0].progress)
        old, change = before.get((step.source, step.target)), changes.get((step.source, step.target))
        kpi = current.kpis[progress.target.kpi]
        how = (
            f"{percent(progress.progress, 0)} of the way to its target "
            f"{kpi.format(progress.target.value, currency=current.currency)}"
        )
    elif known:
        fall, step = min(known, key=lambda pair: pair[0])
        old, change = before[step.source, step.target], fall
        how = f"{percent(fall, signed=True)} on the previous report"
    elif current.weakest is not None:
        step = current.weakest
        old, change = step.previous_rate, step.change
        how = (
            "the lowest rate" if change is None else f"{percent(change, signed=True)} on its previous period"
        )
    else:
        return None
    rate = step.rate
    name = f"{step.source} → {step.target}"
    return Highlight(
        kind="step", channel=None, name=name, previous=old, current=rate, change=change, verdict="weakest",
        text=f"weakest funnel step: {name} at {percent(rate, 2)} ({how})",
    )  # fmt: skip


@attrs.frozen(kw_only=True, repr=False)
class ROIComparison:
    """The change of every KPI between two reports, per channel.

    Attributes:
        currency: Currency of both reports.
        period: The current report's period.
        previous_period: The earlier report's period.
        rows: ``(channel, kpi, previous, current)`` for every channel and KPI of either report.

    Examples:
        >>> from socialroi import CostItem, Costs, Money
        >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="USD"), channel="ig")])
        >>> now = ROIReport.build(costs, revenue={"ig": 300})
        >>> comparison = now.compare(ROIReport.build(costs, revenue={"ig": 200}))
        >>> comparison.relative_change("ig", "revenue")
        0.5
    """

    currency: str = attrs.field(validator=text())
    period: str | None = attrs.field(validator=optional(text()))
    previous_period: str | None = attrs.field(validator=optional(text()))
    rows: tuple[tuple[str, str, float | None, float | None], ...] = attrs.field(
        converter=to_tuple, validator=each(_COMPARISON_ROW)
    )
    funnel: FunnelEvaluation | None = attrs.field(default=None, validator=_EVALUATION)
    previous_funnel: FunnelEvaluation | None = attrs.field(default=None, validator=_EVALUATION)

    def highlights(self, n: int = 3) -> tuple[Highlight, ...]:
        """What moved, where the targets stand, and the funnel's weakest step: what to read first.

        In this order: the ``n`` largest relative changes of a channel's ROAS, CPA or revenue (by size,
        either way; unknown and undefined changes are left out); with a funnel evaluation in the
        current report, each target's standing (its progress in both reports when the previous one
        measured the same target); and the weakest funnel step: the stage-to-stage rate furthest behind
        its target (a total target on the KPI that is the step's rate, such as link CTR for impressions →
        link clicks), else the one that fell most between the two reports' funnels, else the current
        evaluation's weakest step (the largest fall against its own previous period, or the lowest rate).

        Args:
            n: How many movers, at most.

        Returns:
            The highlights, as [`Highlight`][socialroi.report.Highlight] records.

        Examples:
            >>> from socialroi import CostItem, Costs, Money
            >>> usd = lambda x: Money(amount=x, currency="USD")
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=usd(100), channel=c) for c in ("ig", "tt")])
            >>> now = ROIReport.build(costs, revenue={"ig": 300, "tt": 150})
            >>> before = ROIReport.build(costs, revenue={"ig": 200, "tt": 200})
            >>> for highlight in now.compare(before).highlights(n=3):
            ...     print(highlight.text)
            ig ROAS +50.0 % (2.00 → 3.00): better
            ig revenue +50.0 % (200.00 → 300.00): better
            tt ROAS -25.0 % (2.00 → 1.50): worse
        """
        count = whole(minimum=0).check(n, "n")
        movers: list[tuple[float, int, Highlight]] = []
        for name, key, old, new in self.rows:
            if key not in _MOVERS or name in RESERVED or old is None or new is None:
                continue
            relative = self.relative_change(name, key)
            if relative is not None and math.isfinite(relative) and relative != 0:
                movers.append((abs(relative), _MOVERS.index(key), _mover(name, key, old, new, relative)))
        movers.sort(key=lambda mover: (-mover[0], mover[1]))  # stable: ties keep the channels' order
        found = [highlight for _, _, highlight in movers[:count]]
        if self.funnel is not None:
            found += _target_highlights(self.funnel, self.previous_funnel)
            step = _weakest_step(self.funnel, self.previous_funnel)
            found += [step] if step is not None else []
        return tuple(found)

    def _find(self, channel: str, kpi: str) -> tuple[float | None, float | None]:
        for name, key, old, new in self.rows:
            if name == channel and key == kpi:
                return old, new
        msg = f"no KPI {kpi!r} for channel {channel!r} in the comparison"
        raise InvalidInputError(msg)

    def change(self, channel: str, kpi: str) -> float | None:
        """Current − previous; ``None`` when either is unknown."""
        old, new = self._find(channel, kpi)
        return None if old is None or new is None else new - old

    def relative_change(self, channel: str, kpi: str) -> float | None:
        """(Current − previous) / |previous|; NaN when previous is 0, ``None`` when either is unknown."""
        old, new = self._find(channel, kpi)
        return None if old is None or new is None else _ratio(new - old, abs(old))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: channel → KPI → previous, current, change, relative change; the highlights.

        Examples:
            >>> from socialroi import Costs
            >>> report = ROIReport.build(Costs(currency="USD"))
            >>> report.compare(report).to_dict()["channels"]["total"]["investment"]["change"]
            0.0
        """
        channels: dict[str, dict[str, Any]] = {}
        for name, key, old, new in self.rows:
            channels.setdefault(name, {})[key] = {
                "previous": old,
                "current": new,
                "change": self.change(name, key),
                "relative_change": self.relative_change(name, key),
            }
        data = {
            "currency": self.currency,
            "period": self.period,
            "previous_period": self.previous_period,
            "channels": channels,
            "highlights": [highlight.to_dict() for highlight in self.highlights()],
        }
        return cast("dict[str, Any]", plain(data))

    def _body(self) -> list[list[str]]:
        """One row per KPI known in either period: ROIs in percent, their change in percentage points."""
        body: list[list[str]] = []
        for name, key, old, new in self.rows:
            if _missing(old) and _missing(new):
                continue
            digits = _DIGITS[key]
            change = self.change(name, key)
            shown = points(change) if digits == _AS_PERCENT else figure(change, digits, signed=True)
            relative = percent(self.relative_change(name, key), signed=True)
            body.append([name, _TITLES[key], _cell(old, digits), _cell(new, digits), shown, relative])
        return body

    def _title(self) -> str:
        return f"ROI change ({self.previous_period or 'previous'} → {self.period or 'current'})"

    def __repr__(self) -> str:
        lines = [self._title()]
        highlights = self.highlights()
        lines += ["Highlights:", *(f"- {h.text}" for h in highlights), ""] if highlights else []
        return "\n".join([*lines, *text_table(_COMPARISON_HEADER, self._body(), left=2)])

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(h.text)}</li>" for h in self.highlights())
        listed = f"<p><strong>Highlights</strong></p><ul>{items}</ul>" if items else ""
        return (
            "<div>" + listed + html_table(self._title(), _COMPARISON_HEADER, self._body(), left=2) + "</div>"
        )


# --- building blocks --------------------------------------------------------------------------------------


def _currency(costs: object) -> str:
    if not isinstance(costs, Costs):
        msg = f"'costs' must be a Costs ledger (got {type(costs).__name__})"
        raise InvalidInputError(msg)
    return costs.total().currency


def _amount(value: object, currency: str, name: str, rule: Rule = FINITE) -> float:
    if isinstance(value, Money):
        if value.currency != currency:
            msg = f"{name!r} is in {value.currency} but the costs are in {currency}; convert one first"
            raise CurrencyMismatchError(msg)
        return number(rule).check(value.amount, name)
    return number(rule).check(value, name)


def _check_credits(attribution: Attribution) -> None:
    """The report's rule: no channel gets negative conversions or value from the attribution.

    Shapley values (``clip_negative=False``) and incremental models can credit a channel less than
    nothing; a report row with negative revenue or conversions would turn ROAS, CPA and the revenue
    split into nonsense, so such an attribution is refused, naming the channel and the remedy.
    """
    for what, credited in (("conversions", attribution.conversions), ("value", attribution.value)):
        negative = np.flatnonzero(np.asarray(credited) < 0)
        if negative.size:
            i = int(negative[0])
            msg = (
                f"'attribution' must credit every channel >= 0 {what} for a report (got "
                f"{float(credited[i])!r} for {attribution.channels[i]!r}); negative credits would give the "
                "channel negative revenue or conversions: use Shapley(clip_negative=True), or pass revenue "
                "per channel"
            )
            raise InvalidInputError(msg)


def _revenues(
    revenue: Revenue | None,
    attribution: Attribution | None,
    records: Mapping[str, Performance],
    currency: str,
    notes: list[str],
) -> tuple[dict[str, float], Literal["given", "attribution", "performance", "none"]]:
    if isinstance(revenue, Mapping):
        if attribution is not None:
            notes.append("Revenue per channel was given; the attribution supplies conversions only.")
        given = {
            ch if ch == TOTAL else _channel(ch, "revenue"): _amount(v, currency, f"revenue[{ch}]")
            for ch, v in revenue.items()
        }
        return given, "given"
    if attribution is not None:
        credited = dict(zip(attribution.channels, attribution.value.tolist(), strict=True))
        if revenue is None:
            notes.append(f"Revenue is the conversion value credited by {attribution.model} attribution.")
            return credited, "attribution"
        total = _amount(revenue, currency, "revenue")
        weights = (
            credited
            if attribution.total_value > 0
            else dict(zip(attribution.channels, attribution.conversions.tolist(), strict=True))
        )
        whole = sum(weights.values())
        if whole == 0:
            msg = "'attribution' credits nothing, so it cannot split 'revenue' across channels"
            raise InvalidInputError(msg)
        notes.append(f"Total revenue was split across channels by {attribution.model} attribution.")
        return {ch: total * w / whole for ch, w in weights.items()}, "attribution"
    if revenue is not None:
        return {TOTAL: _amount(revenue, currency, "revenue")}, "given"
    reported = {ch: p.revenue for ch, p in records.items() if p.revenue is not None}
    for channel, record in records.items():
        if record.currency is not None and record.currency != currency and channel in reported:
            msg = f"performance of {channel!r} is in {record.currency} but the costs are in {currency}"
            raise CurrencyMismatchError(msg)
    if reported:
        notes.append("Revenue is the revenue reported in the performance records.")
        return reported, "performance"
    return {}, "none"


def _performance_by_channel(
    performance: Performance | Iterable[Performance] | Mapping[str, Performance] | None,
) -> dict[str, Performance]:
    if performance is None:
        return {}
    if isinstance(performance, Performance):
        performance = [performance]
    if isinstance(performance, Mapping):
        keyed = cast("Mapping[object, object]", performance)
        records_ = mapping(text(), instance(Performance, "a Performance record")).check(keyed, "performance")
        return {
            _channel(ch, "performance"): p for ch, p in cast("Mapping[str, Performance]", records_).items()
        }
    if isinstance(cast("object", performance), str) or not isinstance(cast("object", performance), Iterable):
        raise _check.fail(
            "performance", "a Performance record, several, or a mapping of channel to one", performance
        )
    grouped: dict[str, list[Performance]] = {}
    records = cast("Iterable[object]", performance)
    for index, record in enumerate(records):
        if not isinstance(record, Performance) or record.channel is None:
            msg = (
                f"'performance' must be Performance records with a channel (got {record!r} at index {index})"
            )
            raise InvalidInputError(msg)
        _channel(record.channel, "performance")
        grouped.setdefault(record.channel, []).append(record)
    return {channel: Performance.total(items) for channel, items in grouped.items()}


def _reconcile(
    costs: Costs,
    records: dict[str, Performance],
    currency: str,
    notes: list[str],
    period: str | None = None,
) -> dict[str, Performance]:
    """The records keyed by the ledger's spelling of their channel; spend checked against the ledger.

    Per channel when the ledger books all its ad spend to channels; in total when some ad spend is
    shared (booked without a channel), as a ledger of one media invoice is. A warning names the
    ``period`` (the report's label) when there is one.
    """
    where = f" in {period}" if period else ""
    ledger = list(dict.fromkeys(item.channel for item in costs if item.channel is not None))
    by_key = {channel_key(name): name for name in ledger}
    matched: dict[str, Performance] = {}
    for channel, record in records.items():
        name = by_key.get(channel_key(channel), channel)
        if name != channel:
            notes.append(f"Performance records of {channel!r} are counted as the ledger's {name!r}.")
        # Two spellings of one channel ("Meta" and "meta") are one channel: their records add.
        matched[name] = matched[name] + record if name in matched else record
    spent = {name: record.spend for name, record in matched.items() if record.spend is not None}
    if not spent:
        return matched
    if costs.filter(channel=None).ad_spend().amount > 0:
        _compare_spend(f"all channels{where}", costs.ad_spend().amount, sum(spent.values()), currency, "")
        return matched
    for name, spend in spent.items():
        booked = costs.filter(channel=name).ad_spend().amount if name in ledger else 0.0
        hint = "" if name in ledger else channel_hint(name, ledger)
        _compare_spend(f"{name!r}{where}", booked, spend, currency, hint)
    return matched


def _compare_spend(what: str, booked: float, reported: float, currency: str, hint: str) -> None:
    if not math.isclose(booked, reported, rel_tol=0.0, abs_tol=0.005):
        warn(  # at the caller's line, from build or from series
            f"ad spend of {what} disagrees: the ledger has {figure(booked)} {currency}, the performance "
            f"records {figure(reported)} {currency} (difference {figure(reported - booked)} {currency}){hint}",
            InconsistentDataWarning,
        )


def _unpaid_note(unpaid: Sequence[ChannelROI], include: bool, currency: str, notes: list[str]) -> None:
    credited = [r for r in unpaid if r.revenue or r.conversions or r.engagement_value]
    if not credited:
        return
    names = ", ".join(r.channel for r in credited)
    revenue = sum(r.revenue or 0.0 for r in credited)
    if include:
        notes.append(
            f"{names} cost nothing in the ledger, yet their {figure(revenue)} {currency} of credited revenue "
            "counts in the total (include_unpaid=True): the total ROAS and ROI flatter the paid channels."
        )
    else:
        notes.append(
            f"{names} cost nothing in the ledger: their {figure(revenue)} {currency} of credited revenue is "
            "shown apart (unpaid channels) and left out of the total, which covers the channels paid for."
        )


def _engagement(
    engagement: EngagementValue | Mapping[str, EngagementValue] | None, currency: str
) -> dict[str, EngagementValue]:
    if engagement is None:
        return {}
    if not isinstance(cast("object", engagement), EngagementValue | Mapping):
        raise _check.fail("engagement", "an EngagementValue or a mapping of channel to one", engagement)
    given: dict[str, object] = (
        {TOTAL: engagement} if isinstance(engagement, EngagementValue) else dict(engagement)
    )
    values: dict[str, EngagementValue] = {}
    for channel, value in given.items():
        if channel != TOTAL:
            _channel(channel, "engagement")
        if not isinstance(value, EngagementValue):
            msg = f"'engagement' must map channels to EngagementValue (got {value!r} for {channel!r})"
            raise InvalidInputError(msg)
        if value.currency is not None and value.currency != currency:
            msg = f"engagement of {channel!r} is in {value.currency} but the costs are in {currency}"
            raise CurrencyMismatchError(msg)
        values[channel] = value
    return values


def _channel(name: object, argument: str) -> str:
    """A channel name of an input: a non-empty string other than the report's own row names.

    ``"total"`` is allowed where it means the total (a key of ``revenue`` or ``engagement``): callers
    skip this check for it.
    """
    checked = text().check(name, f"{argument} channel")
    if checked in RESERVED:
        msg = (
            f"{argument!r} must name channels other than 'total' and '(shared)', which name the report's "
            f"own rows (got a channel {checked!r}); rename the channel"
        )
        raise InvalidInputError(msg)
    return checked


def _channel_names(costs: Costs, *sources: Mapping[str, object]) -> tuple[str, ...]:
    names = dict.fromkeys(item.channel for item in costs if item.channel is not None)
    for name in names:
        _channel(name, "costs")
    for source in sources:
        names.update(dict.fromkeys(ch for ch in source if ch != TOTAL))
    return tuple(names)


def _sum(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _total(
    rows: Sequence[ChannelROI],
    costs: Costs,
    revenues: Mapping[str, float],
    engaged: Mapping[str, EngagementValue],
    margin: float,
    customer_value: float | None,
    source: str,
) -> ChannelROI:
    if TOTAL in engaged:
        value: float | None = engaged[TOTAL].value
        interval: tuple[float, float] | None = engaged[TOTAL].interval
    elif engaged:
        value = sum(v.value for v in engaged.values())
        interval = (
            sum(v.interval[0] for v in engaged.values()),
            sum(v.interval[1] for v in engaged.values()),
        )
    else:
        value, interval = None, None
    return ChannelROI(
        channel=TOTAL,
        investment=costs.total().amount,
        costs_by_category={c.value: m.amount for c, m in costs.by_category().items()},
        ad_spend=costs.ad_spend().amount,
        revenue=(revenues[TOTAL] if TOTAL in revenues else sum(revenues.values()))
        if source != "none"
        else None,
        conversions=_sum(r.conversions for r in rows),
        new_customers=_sum(r.new_customers for r in rows),
        engagement_value=value,
        engagement_interval=interval,
        margin=margin,
        customer_value=customer_value,
    )


def _evaluate(
    funnel: Funnel | None,
    records: Mapping[str, Performance],
    targets: Sequence[Target],
    as_of: dt.date | None,
) -> FunnelEvaluation | None:
    if funnel is None:
        if targets:
            msg = "'targets' need a 'funnel' to be evaluated against; pass funnel=Funnel.social()"
            raise InvalidInputError(msg)
        return None
    if not records:
        msg = "'funnel' needs 'performance' records to evaluate"
        raise InvalidInputError(msg)
    # Undefined KPIs show as NaN in the report, as its own ratios do, rather than as warnings.
    return funnel.evaluate(list(records.values()), targets=tuple(targets), as_of=as_of, zero_division=_NAN)


def _period(period: object) -> str | None:
    original: object = period  # as given, before the checks narrow ``period``
    if period is None or isinstance(period, str):
        return cast("str | None", optional(text()).check(period, "period"))
    given = list_to_tuple(period)
    if not isinstance(given, tuple) or len(cast("tuple[object, ...]", given)) != 2:
        raise _check.fail("period", "a label or a pair (first day, last day)", original)
    first, last = days().check(given, "period")
    return f"{first.isoformat()} to {last.isoformat()}"


# --- a series of reports, one per period ------------------------------------------------------------------

_FREQS = ("month", "week")
_T = TypeVar("_T")
_UNITS = {
    "roas": "ratio",
    "roi": "ratio",
    "roi_with_engagement": "ratio",
    "ltv_to_cac": "ratio",
    "conversions": "count",
    "new_customers": "count",
}
"""The unit of each metric of `ROIReport.to_rows` that is not an amount in the report's currency."""
_ROW_COLUMNS = ("period", "channel", "kind", "metric", "value", "unit")
_SERIES_COLUMNS = ("period", "first", "last", "channel", "kind", "metric", "value", "unit")
_REPORT = instance(ROIReport, "an ROIReport")
_SPLIT = ("reach", "followers", "engaged_users", "ad_recall_lift", "brand_lift")
"""What a record split across periods leaves out: counts that do not add over days."""
_TOTALS = ("investment", "ad_spend", "revenue", "roas", "roi", "conversions", "cpa")
"""The columns of a series' totals table (those with a known value in some period)."""


def _period_label(period: tuple[dt.date, dt.date], freq: str) -> str:
    first = period[0]
    if freq == "month":
        return f"{first.year}-{first.month:02d}"
    year, week, _ = first.isocalendar()
    return f"{year}-W{week:02d}"


def _calendar(first: dt.date, last: dt.date, freq: str) -> list[tuple[dt.date, dt.date]]:
    """The months (or ISO weeks) from the one holding ``first`` to the one holding ``last``."""
    start = first.replace(day=1) if freq == "month" else first - dt.timedelta(days=first.weekday())
    periods: list[tuple[dt.date, dt.date]] = []
    while start <= last:
        following = (
            (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            if freq == "month"
            else start + dt.timedelta(days=7)
        )
        periods.append((start, following - dt.timedelta(days=1)))
        start = following
    return periods


def _describe_cost(index: int, item: CostItem) -> str:
    label = f"{item.label!r}, " if item.label else ""
    return f"item {index} ({label}{item.category.value}, {item.channel or 'shared'})"


def _cost_spans(costs: Costs) -> list[tuple[dt.date, dt.date]]:
    spans: list[tuple[dt.date, dt.date]] = []
    for index, item in enumerate(costs):
        if item.period is None:
            msg = (
                f"'costs' must give every item a period for a series (got {_describe_cost(index, item)} "
                "without one): set CostItem(period=(first_day, last_day)), or read the ledger with a date, "
                "month or start and end column (CostTable.from_frame)"
            )
            raise InvalidInputError(msg)
        spans.append(item.period)
    return spans


def _dated_records(performance: object) -> tuple[list[Performance], list[tuple[dt.date, dt.date]]]:
    """The records of a series and the first and last day of each (both are needed)."""
    if performance is None:
        return [], []
    given: object = [performance] if isinstance(performance, Performance) else performance
    if isinstance(given, str | Mapping) or not isinstance(given, Iterable):
        raise _check.fail(
            "performance", "a Performance record or several, each with a start and an end", performance
        )
    records: list[Performance] = []
    spans: list[tuple[dt.date, dt.date]] = []
    for index, record in enumerate(cast("Iterable[object]", given)):
        if not isinstance(record, Performance) or record.start is None or record.end is None:
            msg = (
                f"'performance' must be Performance records with a start and an end for a series (got "
                f"{record!r} at index {index})"
            )
            raise InvalidInputError(msg)
        records.append(record)
        spans.append((record.start, record.end))
    return records, spans


def _shares(
    spans: Sequence[tuple[dt.date, dt.date]], periods: Sequence[tuple[dt.date, dt.date]]
) -> FloatArray:
    """The share of each span's days in each period: an (n spans × n periods) array, rows summing to 1."""
    if not spans:
        return np.zeros((0, len(periods)))
    first, last = np.array([[d.toordinal() for d in s] for s in spans]).T.astype(np.float64)
    start, end = np.array([[d.toordinal() for d in p] for p in periods]).T.astype(np.float64)
    overlap = np.minimum(last[:, None], end[None, :]) - np.maximum(first[:, None], start[None, :]) + 1
    shares: FloatArray = np.clip(overlap, 0, None) / (last - first + 1)[:, None]
    return shares


def _within(span: tuple[dt.date, dt.date], period: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    return max(span[0], period[0]), min(span[1], period[1])


def _parts(things: Sequence[_T], share: FloatArray, split: Callable[[_T, float], _T]) -> list[_T]:
    """What of ``things`` falls in one period: whole where it lies within, ``split`` by its share else."""
    return [
        thing if part == 1 else split(thing, part)
        for thing, part in zip(things, share.tolist(), strict=True)
        if part > 0
    ]


def _cost_parts(
    items: Sequence[CostItem], share: FloatArray, period: tuple[dt.date, dt.date]
) -> list[CostItem]:
    """The costs of one period: their share of days where they span more (staff hours likewise)."""

    def split(item: CostItem, part: float) -> CostItem:
        return attrs.evolve(
            item,
            amount=item.amount * part,
            hours=None if item.hours is None else item.hours * part,
            period=_within(cast("tuple[dt.date, dt.date]", item.period), period),
        )

    return _parts(items, share, split)


def _record_parts(
    records: Sequence[Performance], share: FloatArray, period: tuple[dt.date, dt.date]
) -> list[Performance]:
    """The records of one period: additive fields by their share of days where they span more."""

    def split(record: Performance, part: float) -> Performance:
        scaled = {name: None if (v := getattr(record, name)) is None else v * part for name in ADDITIVE}
        start, end = _within((cast("dt.date", record.start), cast("dt.date", record.end)), period)
        return attrs.evolve(record, start=start, end=end, **scaled, **dict.fromkeys(_SPLIT))

    return _parts(records, share, split)


def _few(names: Sequence[str], most: int = 5) -> str:
    """Names for a note: all of a few, the first ``most`` and how many more of many."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"


def _spread_notes(
    items: Sequence[CostItem],
    cost_share: FloatArray,
    records: Sequence[Performance],
    record_share: FloatArray,
    freq: str,
    currency: str,
) -> list[str]:
    notes: list[str] = []
    spread = [(item, part) for item, part in zip(items, cost_share.tolist(), strict=True) if 0 < part < 1]
    if spread:
        here = sum(item.amount.amount * part for item, part in spread)
        whole = sum(item.amount.amount for item, _ in spread)
        names = _few([item.label or item.category.value for item, _ in spread])
        notes.append(
            f"{len(spread)} cost{'s' * (len(spread) > 1)} cover{'s' * (len(spread) == 1)} more than this "
            f"{freq} and count{'s' * (len(spread) == 1)} pro rata by days: {figure(here)} of "
            f"{figure(whole)} {currency} ({names})."
        )
    split = [r for r, part in zip(records, record_share.tolist(), strict=True) if 0 < part < 1]
    if split:
        channels = _few(list(dict.fromkeys(str(r.channel) for r in split)))
        notes.append(
            f"{len(split)} performance record{'s' * (len(split) > 1)} of {channels} span{'s' * (len(split) == 1)} "
            f"more than this {freq}: their counts and amounts count pro rata by days; reach, followers, "
            "engaged users and lifts, which do not add over days, are left out of the split records."
        )
    return notes


def _find_period(
    key: object, periods: Sequence[tuple[dt.date, dt.date]], labels: Sequence[str], name: str
) -> int:
    """The index of the period a key names: its label, or any day in it."""
    if isinstance(key, str):
        if key in labels:
            return labels.index(key)
        known = ", ".join(repr(label) for label in labels)
        msg = f"{name!r} must name a period of the series: {known} (got {key!r})"
        raise InvalidInputError(msg)
    day = date().check(key, name)
    for index, (first, last) in enumerate(periods):
        if first <= day <= last:
            return index
    msg = (
        f"{name!r} must be a day within the series, {periods[0][0].isoformat()} to "
        f"{periods[-1][1].isoformat()} (got {day.isoformat()})"
    )
    raise InvalidInputError(msg)


def _per_period(
    given: object, name: str, periods: Sequence[tuple[dt.date, dt.date]], labels: Sequence[str]
) -> list[object]:
    """A mapping of period (label or day) to a value, as one value (or ``None``) per period."""
    values: list[object] = [None] * len(periods)
    if given is None:
        return values
    if not isinstance(given, Mapping):
        raise _check.fail(
            name, "a mapping of period (its label, such as '2026-01', or a day in it) to a value", given
        )
    for key, value in cast("Mapping[object, object]", given).items():
        index = _find_period(key, periods, labels, f"{name} key")
        if values[index] is not None:
            msg = f"{name!r} must give each period once (got {labels[index]} twice, the last as {key!r})"
            raise InvalidInputError(msg)
        values[index] = value
    return values


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    try:
        import pandas as pd  # optional: socialroi does not depend on pandas
    except ImportError as error:
        msg = "to_frame() needs pandas; install it with: pip install pandas"
        raise ImportError(msg) from error
    return pd.DataFrame(rows, columns=list(columns))


@attrs.frozen(kw_only=True, repr=False)
class ReportSeries:
    """One `ROIReport` per month or week, from `ROIReport.series`.

    Index it by position, by a period's label (``series["2026-02"]``) or by any day in the period;
    `kpi` gives one KPI of one channel over the periods as an array (NaN where unknown), ready to plot.

    Attributes:
        currency: Currency of every report.
        freq: ``"month"`` or ``"week"``.
        periods: The first and last day of each period, in order, without gaps.
        reports: One report per period, labelled with the period (``"2026-01"``, ``"2026-W03"``).

    Examples:
        >>> import datetime as dt
        >>> from socialroi import CostItem, Costs, Money
        >>> day = dt.date(2026, 3, 9)
        >>> costs = Costs(items=[CostItem(category="tools", amount=Money(amount=70, currency="USD"), period=(day, day))])
        >>> series = ROIReport.series(costs, freq="week")
        >>> series.labels, series[day].total.investment
        (('2026-W11',), 70.0)
    """

    currency: str = attrs.field(validator=text())
    freq: Literal["month", "week"] = attrs.field(validator=choice(_FREQS))
    periods: tuple[tuple[dt.date, dt.date], ...] = attrs.field(converter=to_tuple, validator=each(days()))
    reports: tuple[ROIReport, ...] = attrs.field(converter=to_tuple, validator=each(_REPORT))

    def __attrs_post_init__(self) -> None:
        if len(self.periods) != len(self.reports):
            msg = f"'reports' must hold one report per period ({len(self.periods)}) (got {len(self.reports)})"
            raise InvalidInputError(msg)
        for index in range(1, len(self.periods)):
            if self.periods[index][0] <= self.periods[index - 1][1]:
                msg = f"'periods' must be in order without overlaps (got {self.periods[index]!r} after {self.periods[index - 1]!r})"
                raise InvalidInputError(msg)
        for report in self.reports:
            if report.currency != self.currency:
                msg = f"'currency' must be the currency of every report, {report.currency} (got {self.currency!r})"
                raise CurrencyMismatchError(msg)

    def __len__(self) -> int:
        return len(self.reports)

    def __iter__(self) -> Iterator[ROIReport]:
        return iter(self.reports)

    def __getitem__(self, key: int | str | dt.date) -> ROIReport:
        given: object = key  # numpy integers are positions too
        truth = isinstance(given, bool | np.bool_)  # an Integral, but no position
        if not truth and isinstance(given, numbers.Integral):
            position = int(given)
            if not -len(self) <= position < len(self):
                msg = f"'key' must be a position from {-len(self)} to {len(self) - 1} (got {position})"
                raise InvalidInputError(msg)
            return self.reports[position]
        return self.reports[_find_period(key, self.periods, self.labels, "key")]

    @property
    def labels(self) -> tuple[str, ...]:
        """The label of each period (``"2026-01"`` for a month, ``"2026-W03"`` for an ISO week)."""
        return tuple(_period_label(p, self.freq) for p in self.periods)

    @property
    def channels(self) -> tuple[str, ...]:
        """Every channel of any report (paid or unpaid), in the order first seen."""
        names = (row.channel for report in self.reports for row in (*report.channels, *report.unpaid))
        return tuple(dict.fromkeys(names))

    def kpi(self, channel: str, name: str) -> FloatArray:
        """One KPI of one row over the periods: NaN where unknown or the channel has no row.

        ``channel`` is a channel, ``"total"`` or ``"(shared)"``; ``name`` a key of `ChannelROI.kpis`.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import CostItem, Costs, Money
            >>> jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=50, currency="USD"), channel="ig", period=jan)])
            >>> ROIReport.series(costs).kpi("ig", "roas")
            array([nan])
        """
        _KPI.check(name, "name")
        known = (*self.channels, SHARED, TOTAL)
        if channel not in known:
            msg = f"'channel' must be one of {', '.join(repr(c) for c in known)} (got {channel!r}){channel_hint(channel, known)}"
            raise InvalidInputError(msg)
        values: list[float] = []
        for report in self.reports:
            rows = {row.channel: row for row in report._rows()}  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
            value = getattr(rows[channel], name) if channel in rows else None
            values.append(_NAN if value is None else float(value))
        result: FloatArray = np.array(values, dtype=np.float64)
        return result

    def table(self, kpi: str | None = None) -> str:
        """A text table: periods × channels (and total) for one KPI, or periods × the totals' KPIs.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import CostItem, Costs, Money
            >>> jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
            >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=50, currency="USD"), channel="ig", period=jan)])
            >>> print(ROIReport.series(costs, revenue={"2026-01": {"ig": 100}}).table("roas"))
            period    ig  total
            -------  ----  -----
            2026-01  2.00   2.00
        """
        header, body = self._table(kpi)
        return "\n".join(text_table(header, body))

    def _table(self, kpi: str | None) -> tuple[list[str], list[list[str]]]:
        if kpi is not None:
            key = _KPI.check(kpi, "kpi")
            columns = {c: self.kpi(c, key) for c in (*self.channels, SHARED, TOTAL)}
            shown = {c: v for c, v in columns.items() if c == TOTAL or not np.all(np.isnan(v))}
            body = [
                [label, *(_cell(float(values[i]), _DIGITS[key]) for values in shown.values())]
                for i, label in enumerate(self.labels)
            ]
            return ["period", *shown], body
        kpis = [k for k in _KPIS if k[0] in _TOTALS]
        shown_kpis = [k for k in kpis if not np.all(np.isnan(self.kpi(TOTAL, k[0])))]
        body = [
            [label, *(_cell(getattr(report.total, key), digits) for key, _, digits in shown_kpis)]
            for label, report in zip(self.labels, self.reports, strict=True)
        ]
        return ["period", *(title for _, title, _ in shown_kpis)], body

    def _title(self) -> str:
        span = f"{self.labels[0]} to {self.labels[-1]}" if self.labels else "no periods"
        return (
            f"ROI series ({self.currency}, {'monthly' if self.freq == 'month' else 'weekly'}, {span}): total"
        )

    def _notes(self) -> list[str]:
        """Each distinct note of the reports once, with the periods it applies to."""
        where: dict[str, list[str]] = {}
        for label, report in zip(self.labels, self.reports, strict=True):
            for note in report.notes:
                where.setdefault(note, []).append(label)
        return [f"{', '.join(labels)}: {note}" for note, labels in where.items()]

    def __repr__(self) -> str:
        header, body = self._table(None)
        return "\n".join([self._title(), *text_table(header, body), *(f"- {n}" for n in self._notes())])

    def _repr_html_(self) -> str:
        header, body = self._table(None)
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self._notes())
        return "<div>" + html_table(self._title(), header, body) + notes + "</div>"

    def to_dict(self) -> dict[str, Any]:
        """Plain strict-JSON values: the periods (label, first and last day) and each report's `to_dict`.

        Examples:
            >>> import datetime as dt, json
            >>> from socialroi import CostItem, Costs, Money
            >>> jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
            >>> costs = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"), period=jan)])
            >>> json.dumps(ROIReport.series(costs).to_dict()["periods"])
            '[{"label": "2026-01", "first": "2026-01-01", "last": "2026-01-31"}]'
        """
        data = {
            "currency": self.currency,
            "freq": self.freq,
            "periods": [
                {"label": label, "first": first, "last": last}
                for label, (first, last) in zip(self.labels, self.periods, strict=True)
            ],
            "reports": [report.to_dict() for report in self.reports],
        }
        return cast("dict[str, Any]", plain(data))

    def to_rows(self) -> list[dict[str, Any]]:
        """Tidy rows: one per period × row of its report × metric (see `ROIReport.to_rows`).

        Each row also has ``first`` and ``last``, the period's first and last day (ISO strings).

        Examples:
            >>> import datetime as dt
            >>> from socialroi import CostItem, Costs, Money
            >>> jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
            >>> costs = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"), period=jan)])
            >>> row = ROIReport.series(costs).to_rows()[0]
            >>> row["period"], row["first"], row["channel"], row["metric"], row["value"]
            ('2026-01', '2026-01-01', '(shared)', 'investment', 9.0)
        """
        return [
            {
                "period": label,
                "first": first.isoformat(),
                "last": last.isoformat(),
                **{k: v for k, v in row.items() if k != "period"},
            }
            for label, (first, last), report in zip(self.labels, self.periods, self.reports, strict=True)
            for row in report.to_rows()
        ]

    def to_frame(self) -> pd.DataFrame:
        """`to_rows` as a pandas ``DataFrame`` (pandas is needed, not installed with socialroi).

        Pivot it for a periods × channels view: ``frame[frame.metric == "roas"].pivot(index="period",
        columns="channel", values="value")``.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import CostItem, Costs, Money
            >>> jan = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
            >>> costs = Costs(items=[CostItem(category="tools", amount=Money(amount=9, currency="USD"), period=jan)])
            >>> ROIReport.series(costs).to_frame().shape
            (26, 8)
        """
        return _frame(self.to_rows(), _SERIES_COLUMNS)
