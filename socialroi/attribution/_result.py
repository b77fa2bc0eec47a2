"""Results of attribution: `Attribution`, ROAS per channel, model comparison and bootstrap intervals."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi import _check, metrics
from socialroi._arrays import (
    NON_NEGATIVE,
    Rule,
    ZeroDivision,
    check_scalar,
    check_zero_division,
    divide,
    generator,
    read_only,
)
from socialroi._check import (
    choice,
    each,
    fail,
    instance,
    memory,
    optional,
    read_only_mapping,
    real,
    text,
    to_tuple,
    whole,
)
from socialroi._display import html_table, number, percent, plain, text_table, wrap_columns
from socialroi.attribution._journeys import Journeys
from socialroi.attribution._markov import Markov
from socialroi.attribution._models import (
    Credits,
    FirstTouch,
    LastNonDirect,
    LastTouch,
    Linear,
    Model,
    PositionBased,
    RuleModel,
    TimeDecay,
)
from socialroi.attribution._shapley import Shapley
from socialroi.attribution._vocabulary import (
    CHANNEL_NAMES,
    check_mapping,
    float_array,
    vector,
)
from socialroi.exceptions import CurrencyMismatchError, InvalidInputError, UndefinedMetricError
from socialroi.records import CostCategory, Costs, Money

__all__ = [
    "Attribution",
    "AttributionComparison",
    "AttributionIntervals",
    "ChannelROAS",
    "attribute",
    "bootstrap",
    "compare",
    "default_models",
]

FloatArray: TypeAlias = NDArray[np.float64]
Spend: TypeAlias = Mapping[str, float | Money] | Costs
Measure: TypeAlias = Literal["conversions", "value", "share", "value_share", "roas", "cpa"]


_ANY = Rule(-math.inf, math.inf, "a number")
_LEVEL = Rule(5e-324, 1.0 - 2.0**-53, "between 0 and 1, exclusive")
_WEIGHTS = ("poisson", "multinomial")
_MODEL = instance(Model, "an attribution model (with name, statistics and credits)")


def _check_model(model: object, name: str = "model") -> None:
    _MODEL.check(model, name)


def _check_lengths(record: object, channels: tuple[str, ...], *names: str) -> None:
    for name in names:
        size = getattr(record, name).shape[-1]
        if size != len(channels):
            msg = f"{name!r} must have one value per channel ({len(channels)}) (got {size})"
            raise InvalidInputError(msg)


def _finite(value: float) -> float | None:
    """A float for strict JSON: NaN and infinities become ``None``."""
    return value if math.isfinite(value) else None


def _shares(part: FloatArray, total: float) -> FloatArray:
    if total == 0:
        return read_only(np.full(part.size, np.nan))
    return read_only(part / total)


# --- ROAS per channel ---------------------------------------------------------------------------------


def _spend_by_channel(spend: Spend) -> tuple[dict[str, float], str | None]:
    """Spend per channel and its currency from a mapping or a cost ledger (ad spend with a channel)."""
    if isinstance(spend, Costs):
        ads = spend.filter(category=CostCategory.AD_SPEND)
        totals = {channel: money for channel, money in ads.by_channel().items() if channel is not None}
        currency = next(iter(totals.values())).currency if totals else spend.currency
        return {channel: money.amount for channel, money in totals.items()}, currency
    given = cast("object", spend)
    if not isinstance(given, Mapping):
        msg = f"'spend' must be a mapping of channel to spend or Costs (got {type(given).__name__})"
        raise InvalidInputError(msg)
    amounts: dict[str, float] = {}
    currencies: set[str] = set()
    for channel, amount in cast("Mapping[object, object]", given).items():
        if not isinstance(channel, str):
            msg = f"'spend' must be keyed by channel name (got {channel!r})"
            raise InvalidInputError(msg)
        if isinstance(amount, Money):
            currencies.add(amount.currency)
            amounts[channel] = check_scalar(amount.amount, f"spend[{channel}]", NON_NEGATIVE)
        else:
            amounts[channel] = check_scalar(amount, f"spend[{channel}]", NON_NEGATIVE)
    if len(currencies) > 1:
        msg = f"'spend' mixes currencies ({', '.join(sorted(currencies))}); convert them first"
        raise CurrencyMismatchError(msg)
    return amounts, (currencies.pop() if currencies else None)


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ChannelROAS:
    """Return on ad spend and cost per acquisition per channel, from attributed conversions and value.

    ``roas = credited value / spend`` and ``cpa = spend / credited conversions`` (see
    [`roas`][socialroi.metrics.roas], [`cpa`][socialroi.metrics.cpa]). A channel without a spend
    entry has NaN spend, ROAS and CPA (not measured); a channel with spend and no credit has ROAS 0.

    Attributes:
        model: The attribution model's name.
        channels: The channels: the attribution's, then spend-only channels by name.
        spend: Spend per channel (NaN where not given).
        conversions: Credited conversions.
        value: Credited conversion value.
        roas: Credited value per unit of spend.
        cpa: Spend per credited conversion.
        currency: The currency of the spend, when known.

    Examples:
        >>> from socialroi.attribution import Journeys, LastTouch, attribute
        >>> journeys = Journeys.from_paths(["a > b", "b"], conversions=[2, 1], values=[300, 60])
        >>> result = attribute(journeys, LastTouch()).roas({"a": 50, "b": 120}, zero_division=float("inf"))
        >>> result.roas.tolist(), result.cpa.tolist()
        ([0.0, 3.0], [inf, 40.0])
    """

    model: str = attrs.field(validator=text())
    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    spend: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE, allow_nan=True))
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector())
    value: FloatArray = attrs.field(converter=float_array, validator=vector())
    roas: FloatArray = attrs.field(converter=float_array, validator=vector(_ANY, allow_nan=True))
    cpa: FloatArray = attrs.field(converter=float_array, validator=vector(_ANY, allow_nan=True))
    currency: str | None = attrs.field(default=None, validator=optional(text()))

    def __attrs_post_init__(self) -> None:
        _check_lengths(self, self.channels, "spend", "conversions", "value", "roas", "cpa")

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values, keyed by channel.

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, attribute
            >>> journeys = Journeys.from_paths(["a"], conversions=[2], values=[30])
            >>> attribute(journeys, LastTouch()).roas({"a": 10}).to_dict()["channels"]["a"]
            {'spend': 10.0, 'conversions': 2.0, 'value': 30.0, 'roas': 3.0, 'cpa': 5.0}
        """
        columns = ("spend", "conversions", "value", "roas", "cpa")
        return {
            "model": self.model,
            "currency": self.currency,
            "channels": {
                channel: {name: plain(float(getattr(self, name)[i])) for name in columns}
                for i, channel in enumerate(self.channels)
            },
        }

    def _rows(self) -> Iterator[list[str]]:
        for i, channel in enumerate(self.channels):
            yield [
                channel,
                number(float(self.spend[i])),
                number(float(self.conversions[i])),
                number(float(self.value[i])),
                number(float(self.roas[i])),
                number(float(self.cpa[i])),
            ]

    def __repr__(self) -> str:
        currency = f", {self.currency}" if self.currency else ""
        lines = [f"ChannelROAS({self.model}{currency})"]
        lines += text_table(
            ("channel", "spend", "conversions", "value", "roas", "cpa"), self._rows(), indent="  ", rule=False
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        currency = f" ({self.currency})" if self.currency else ""
        return html_table(
            f"ROAS by channel, {self.model}{currency}",
            ("channel", "spend", "conversions", "value", "roas", "cpa"),
            self._rows(),
        )


# --- one model's result -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Attribution:
    """Credit per channel from one attribution model.

    Attributes:
        model: The model and its variant, e.g. ``"linear (touch)"``.
        channels: The channels.
        conversions: Conversions credited to each channel.
        value: Conversion value credited to each channel.
        extras: Model-specific details (read-only mapping).

    Examples:
        >>> from socialroi.attribution import Journeys, PositionBased, attribute
        >>> journeys = Journeys.from_paths(["facebook > email > search", "search"], conversions=[10, 5],
        ...                                values=[1000, 250])
        >>> result = attribute(journeys, PositionBased())
        >>> result
        Attribution(position-based (40/20/40), 15 conversions, value 1,250.00)
          channel   conversions   share     value
          email            2.00  13.3 %    200.00
          facebook         4.00  26.7 %    400.00
          search           9.00  60.0 %    650.00
        >>> result.top(1)
        [('search', 9.0)]
    """

    model: str = attrs.field(validator=text())
    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector())
    value: FloatArray = attrs.field(converter=float_array, validator=vector())
    extras: Mapping[str, object] = attrs.field(
        factory=dict[str, object], converter=read_only_mapping, validator=check_mapping
    )

    def __attrs_post_init__(self) -> None:
        _check_lengths(self, self.channels, "conversions", "value")

    @classmethod
    def from_credits(cls, model: str, credit: Credits) -> Attribution:
        """Wrap a model's [`Credits`][socialroi.attribution.Credits].

        Examples:
            >>> from socialroi.attribution import Credits
            >>> Attribution.from_credits("mine", Credits(channels=["a"], conversions=[1.0], value=[2.0])).value
            array([2.])
        """
        return cls(
            model=model,
            channels=credit.channels,
            conversions=credit.conversions,
            value=credit.value,
            extras=credit.extras,
        )

    @property
    def total_conversions(self) -> float:
        """The credited conversions of every channel together."""
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float:
        """The credited value of every channel together."""
        return float(self.value.sum())

    @property
    def shares(self) -> FloatArray:
        """Each channel's share of the credited conversions (NaN when there are none)."""
        return _shares(self.conversions, self.total_conversions)

    @property
    def value_shares(self) -> FloatArray:
        """Each channel's share of the credited value (NaN when there is none)."""
        return _shares(self.value, self.total_value)

    def top(
        self, n: int = 5, *, by: Literal["conversions", "value"] = "conversions"
    ) -> list[tuple[str, float]]:
        """The ``n`` channels with the most credit, largest first (ties in channel order).

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, attribute
            >>> journeys = Journeys.from_paths(["a", "b", "c"], conversions=[1, 3, 2], values=[90, 10, 20])
            >>> attribute(journeys, LastTouch()).top(2, by="value")
            [('a', 90.0), ('c', 20.0)]
        """
        if by not in ("conversions", "value"):
            msg = f"'by' must be 'conversions' or 'value' (got {by!r})"
            raise InvalidInputError(msg)
        count = cast("object", n)
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            msg = f"'n' must be an integer >= 0 (got {count!r})"
            raise InvalidInputError(msg)
        credit = self.conversions if by == "conversions" else self.value
        order = np.argsort(-credit, kind="stable")[:count]
        return [(self.channels[i], float(credit[i])) for i in order.tolist()]

    def roas(self, spend: Spend, *, zero_division: ZeroDivision = "warn") -> ChannelROAS:
        """ROAS and CPA per channel from spend per channel.

        Args:
            spend: Spend per channel: a mapping of channel name to amount (numbers or
                [`Money`][socialroi.records.Money] of one currency), or a
                [`Costs`][socialroi.records.Costs] ledger, of which the ad-spend items with a channel
                count (shared costs cannot be split by channel and are left out).
            zero_division: What ROAS and CPA are where spend or credited conversions are 0 (see
                [`roas`][socialroi.metrics.roas]); channels without a spend entry are NaN, silently.

        Returns:
            The attribution's channels, then channels that have spend but no touch, by name.

        Raises:
            InvalidInputError: On negative or non-finite spend.
            CurrencyMismatchError: When the spend mixes currencies.
            UndefinedMetricError: With ``zero_division="raise"``, where a channel with spend has 0
                spend or 0 credited conversions (the message names the channel).

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, attribute
            >>> journeys = Journeys.from_paths(["a", "b"], conversions=[4, 1], values=[100, 20])
            >>> table = attribute(journeys, LastTouch()).roas({"a": 50, "b": 40, "c": 10}, zero_division=0.0)
            >>> table.channels, table.roas.tolist(), table.cpa.tolist()
            (('a', 'b', 'c'), [2.0, 0.5, 0.0], [12.5, 40.0, 0.0])
        """
        check_zero_division(zero_division)
        amounts, currency = _spend_by_channel(spend)
        extra = sorted(set(amounts) - set(self.channels))
        channels = (*self.channels, *extra)
        spent = np.array([amounts.get(channel, np.nan) for channel in channels], dtype=np.float64)
        conversions = np.concatenate([self.conversions, np.zeros(len(extra))])
        value = np.concatenate([self.value, np.zeros(len(extra))])
        known = ~np.isnan(spent)
        if zero_division == "raise":
            for metric, name, denominator in (("roas", "spend", spent), ("cpa", "conversions", conversions)):
                zero = known & (denominator == 0)
                if zero.any():
                    channel = channels[int(np.flatnonzero(zero)[0])]
                    msg = f"{metric} is undefined where {name!r} is 0 (got 0.0 for channel {channel!r})"
                    raise UndefinedMetricError(msg)
        roas = np.full(len(channels), np.nan)
        cpa = np.full(len(channels), np.nan)
        if known.any():
            roas[known] = metrics.roas(value[known], spent[known], zero_division=zero_division)
            counted = known & (conversions >= 0)
            cpa[counted] = metrics.cpa(spent[counted], conversions[counted], zero_division=zero_division)
        return ChannelROAS(
            model=self.model,
            channels=channels,
            spend=spent,
            conversions=conversions,
            value=value,
            roas=roas,
            cpa=cpa,
            currency=currency,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (JSON-serializable).

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, attribute
            >>> attribute(Journeys.from_paths(["a"], conversions=[2], values=[5]), LastTouch()).to_dict()
            {'model': 'last touch', 'channels': ['a'], 'conversions': {'a': 2.0}, 'value': {'a': 5.0}, 'shares': {'a': 1.0}, 'value_shares': {'a': 1.0}, 'total_conversions': 2.0, 'total_value': 5.0, 'extras': {}}
        """

        def keyed(values: FloatArray) -> dict[str, float | None]:
            return dict(zip(self.channels, map(_finite, values.tolist()), strict=True))

        return {
            "model": self.model,
            "channels": list(self.channels),
            "conversions": keyed(self.conversions),
            "value": keyed(self.value),
            "shares": keyed(self.shares),
            "value_shares": keyed(self.value_shares),
            "total_conversions": _finite(self.total_conversions),
            "total_value": _finite(self.total_value),
            "extras": plain(dict(self.extras)),
        }

    def _rows(self) -> Iterator[list[str]]:
        shares = self.shares
        for i, channel in enumerate(self.channels):
            share = float(shares[i])
            yield [
                channel,
                number(float(self.conversions[i])),
                percent(share),
                number(float(self.value[i])),
            ]

    def __repr__(self) -> str:
        head = (
            f"Attribution({self.model}, {number(self.total_conversions, 0)} conversions, "
            f"value {number(self.total_value)})"
        )
        return "\n".join(
            [
                head,
                *text_table(
                    ("channel", "conversions", "share", "value"), self._rows(), indent="  ", rule=False
                ),
            ]
        )

    def _repr_html_(self) -> str:
        return html_table(
            f"Attribution: {self.model}", ("channel", "conversions", "share", "value"), self._rows()
        )


def attribute(journeys: Journeys, model: Model[Any]) -> Attribution:
    """Credit per channel: ``model.credits(model.statistics(journeys))`` as an [`Attribution`][socialroi.attribution.Attribution].

    Args:
        journeys: The journeys.
        model: Any attribution model (a rule-based model, Markov, Shapley or your own).

    Returns:
        The model's credit per channel, in conversions and in value.

    Raises:
        InvalidInputError: When ``journeys`` is not `Journeys` or ``model`` is not a model.
        MissingDataError: When the model needs data the journeys lack (``TimeDecay`` without times).

    Examples:
        >>> from socialroi.attribution import FirstTouch, Journeys, attribute
        >>> attribute(Journeys.from_paths(["a > b"], conversions=[1]), FirstTouch()).conversions
        array([1., 0.])
    """
    given = cast("object", journeys)
    if not isinstance(given, Journeys):
        msg = f"'journeys' must be Journeys (got {type(given).__name__})"
        raise InvalidInputError(msg)
    _check_model(model)
    return Attribution.from_credits(model.name, model.credits(model.statistics(journeys)))


# --- comparison ---------------------------------------------------------------------------------------


def default_models(journeys: Journeys) -> list[Model[Any]]:
    """The models ``compare`` runs when none are given: every rule-based model with its defaults.

    ``TimeDecay`` joins when the journeys have touch times. (``CustomWeights`` has no default.)
    ``Markov()`` joins when some journeys did not convert (its removal effects need them) or when
    there is no conversion at all (it then credits zero, like every other model, so an empty
    comparison still lists it), and ``Shapley()`` always.

    Examples:
        >>> from socialroi.attribution import Journeys
        >>> [m.name for m in default_models(Journeys.from_paths(["a"], conversions=[1]))]
        ['first touch', 'last touch', 'last non-direct', 'linear (touch)', 'linear (channel)', 'position-based (40/20/40)', 'shapley (conversion rate)']
    """
    models: list[Model[Any]] = [
        FirstTouch(),
        LastTouch(),
        LastNonDirect(),
        Linear(level="touch"),
        Linear(level="channel"),
        PositionBased(),
    ]
    if journeys.times is not None:
        models.append(TimeDecay())
    if journeys.total_nulls > 0 or journeys.total_conversions == 0:
        models.append(Markov())
    models.append(Shapley())
    return models


def _aligned(attribution: Attribution, channels: tuple[str, ...], field: str) -> FloatArray:
    position = {channel: i for i, channel in enumerate(attribution.channels)}
    source: FloatArray = getattr(attribution, field)
    return np.array([source[position[c]] if c in position else 0.0 for c in channels], dtype=np.float64)


_WIDTH = 100
"""The width of a notebook cell, in characters: wider tables wrap their columns."""


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttributionComparison:
    """Several models' credits side by side: a channels x models table.

    Printed, the table fits a notebook cell (100 characters): with many models its columns wrap into
    blocks of models, one under the other, each with the channels.

    Attributes:
        attributions: One [`Attribution`][socialroi.attribution.Attribution] per model.
        models: The model names, in order.
        channels: Every channel of any attribution (in the first attribution's order, then by name).
        conversions: Credited conversions, ``channels x models``.
        value: Credited value, ``channels x models``.

    Examples:
        >>> from socialroi.attribution import FirstTouch, Journeys, LastTouch, compare
        >>> journeys = Journeys.from_paths(["a > b", "b > c"], conversions=[2, 1], values=[20, 10])
        >>> table = compare(journeys, models=[FirstTouch(), LastTouch()])
        >>> table
        AttributionComparison(2 models, 3 channels, conversions)
          channel  first touch  last touch
          a               2.00        0.00
          b               1.00        2.00
          c               0.00        1.00
        >>> table["last touch"].value.tolist()
        [0.0, 20.0, 10.0]
    """

    attributions: tuple[Attribution, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(Attribution, "an Attribution"))
    )
    models: tuple[str, ...] = attrs.field(init=False)
    channels: tuple[str, ...] = attrs.field(init=False)
    conversions: FloatArray = attrs.field(init=False)
    value: FloatArray = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if not self.attributions:
            msg = "'attributions' must hold at least one Attribution (got none)"
            raise InvalidInputError(msg)
        models = tuple(a.model for a in self.attributions)
        if len(set(models)) != len(models):
            repeated = next(m for i, m in enumerate(models) if m in models[:i])
            msg = f"model names must be distinct in a comparison (got {repeated!r} twice)"
            raise InvalidInputError(msg)
        first = self.attributions[0].channels
        others = sorted({c for a in self.attributions for c in a.channels} - set(first))
        channels = (*first, *others)
        setter = object.__setattr__
        setter(self, "models", models)
        setter(self, "channels", channels)
        for field in ("conversions", "value"):
            table = np.column_stack([_aligned(a, channels, field) for a in self.attributions])
            setter(self, field, read_only(table))

    def __getitem__(self, model: str) -> Attribution:
        if model not in self.models:
            msg = f"no model named {model!r} in the comparison (got {', '.join(map(repr, self.models))})"
            raise KeyError(msg)
        return self.attributions[self.models.index(model)]

    def __len__(self) -> int:
        return len(self.attributions)

    def __iter__(self) -> Iterator[Attribution]:
        return iter(self.attributions)

    def shares(self) -> FloatArray:
        """Each channel's share of each model's conversions, ``channels x models``.

        Examples:
            >>> from socialroi.attribution import FirstTouch, Journeys, compare
            >>> compare(Journeys.from_paths(["a", "b"], conversions=[3, 1]), models=[FirstTouch()]).shares()
            array([[0.75],
                   [0.25]])
        """
        totals = self.conversions.sum(axis=0)
        result: FloatArray = divide(self.conversions, totals, "warn", "share", "total conversions")
        return result

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values: model names, channels and the two tables keyed by model then channel.

        Examples:
            >>> from socialroi.attribution import FirstTouch, Journeys, compare
            >>> compare(Journeys.from_paths(["a"], conversions=[1], values=[4]), models=[FirstTouch()]).to_dict()
            {'models': ['first touch'], 'channels': ['a'], 'conversions': {'first touch': {'a': 1.0}}, 'value': {'first touch': {'a': 4.0}}}
        """

        def keyed(table: FloatArray) -> dict[str, dict[str, float | None]]:
            return {
                model: dict(zip(self.channels, map(_finite, table[:, j].tolist()), strict=True))
                for j, model in enumerate(self.models)
            }

        return {
            "models": list(self.models),
            "channels": list(self.channels),
            "conversions": keyed(self.conversions),
            "value": keyed(self.value),
        }

    def _rows(self, table: FloatArray) -> Iterator[list[str]]:
        for i, channel in enumerate(self.channels):
            yield [channel, *(number(float(x)) for x in table[i])]

    def __repr__(self) -> str:
        head = f"AttributionComparison({len(self.models)} models, {len(self.channels)} channels, conversions)"
        header = ("channel", *self.models)
        table = wrap_columns(header, self._rows(self.conversions), width=_WIDTH, indent="  ", rule=False)
        return "\n".join([head, *table])

    def _repr_html_(self) -> str:
        header = ("channel", *self.models)
        return html_table("Credited conversions by model", header, self._rows(self.conversions)) + html_table(
            "Credited value by model", header, self._rows(self.value)
        )


def compare(journeys: Journeys, *, models: Iterable[Model[Any]] | None = None) -> AttributionComparison:
    """Attribute ``journeys`` with several models and put the credits side by side.

    Args:
        journeys: The journeys.
        models: The models (distinct names); by default [`default_models`][socialroi.attribution.default_models].

    Returns:
        The channels x models comparison.

    Raises:
        InvalidInputError: When two models have the same name, no model is given, or ``models`` holds
            something that is not a model.

    Examples:
        >>> from socialroi.attribution import Journeys, compare
        >>> journeys = Journeys.from_paths(["a > b > c"], conversions=[10])
        >>> compare(journeys)["position-based (40/20/40)"].conversions.round(6).tolist()
        [4.0, 2.0, 4.0]
    """
    given_models = cast("object", models)
    if isinstance(given_models, str) or not (given_models is None or isinstance(given_models, Iterable)):
        raise fail("models", "a collection of attribution models", models)
    chosen = default_models(journeys) if models is None else list(models)
    for index, model in enumerate(chosen):
        _check_model(model, f"models[{index}]")
    return AttributionComparison(attributions=[attribute(journeys, model) for model in chosen])


# --- bootstrap ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, eq=False, repr=False)
class AttributionIntervals:
    """Bootstrap intervals of one model's credits, shares and (with spend) ROAS and CPA per channel.

    Percentile intervals over ``n`` resamples of the journeys: the central ``level`` fraction of the
    replicated statistic.

    Attributes:
        estimate: The attribution of the full data (the point estimate).
        channels: The channels (the estimate's, then spend-only channels).
        level: The interval's coverage, e.g. 0.9 for 5 % to 95 %.
        weights: ``"poisson"`` or ``"multinomial"``, how journeys were resampled.
        replicates_conversions: Credited conversions per resample, ``n x channels``.
        replicates_value: Credited value per resample, ``n x channels``.
        spend: Spend per channel (NaN where not given), or ``None`` without spend.

    Examples:
        >>> from socialroi.attribution import Journeys, LastTouch, bootstrap
        >>> journeys = Journeys.from_paths(["a", "b > a", "b"], conversions=[40, 30, 30], nulls=[100, 50, 80])
        >>> result = bootstrap(journeys, LastTouch(), n=100, seed=1)
        >>> low, high = result.interval("share")
        >>> bool(low[0] < result.estimate.shares[0] < high[0])
        True
    """

    estimate: Attribution = attrs.field(validator=instance(Attribution, "an Attribution"))
    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    level: float = attrs.field(converter=real, validator=_check.number(_LEVEL))
    weights: Literal["poisson", "multinomial"] = attrs.field(validator=choice(_WEIGHTS))
    replicates_conversions: FloatArray = attrs.field(
        converter=float_array, validator=vector(_ANY, ndim=2, allow_nan=True)
    )
    replicates_value: FloatArray = attrs.field(
        converter=float_array, validator=vector(_ANY, ndim=2, allow_nan=True)
    )
    spend: FloatArray | None = attrs.field(
        default=None, converter=float_array, validator=optional(vector(NON_NEGATIVE, allow_nan=True))
    )

    def __attrs_post_init__(self) -> None:
        names = ["replicates_conversions", "replicates_value", *(["spend"] if self.spend is not None else [])]
        _check_lengths(self, self.channels, *names)
        if self.replicates_value.shape != self.replicates_conversions.shape:
            msg = (
                f"'replicates_value' must have the shape of 'replicates_conversions' "
                f"{self.replicates_conversions.shape} (got {self.replicates_value.shape})"
            )
            raise InvalidInputError(msg)
        if self.channels[: len(self.estimate.channels)] != self.estimate.channels:
            msg = f"'channels' must start with the estimate's channels {self.estimate.channels!r} (got {self.channels!r})"
            raise InvalidInputError(msg)

    @property
    def n(self) -> int:
        """The number of resamples."""
        return int(self.replicates_conversions.shape[0])

    def replicates(self, measure: Measure) -> FloatArray:
        """The replicated ``measure`` per resample and channel (``n x channels``; NaN where undefined).

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, bootstrap
            >>> bootstrap(Journeys.from_paths(["a"], conversions=[5]), LastTouch(), n=3).replicates("share")
            array([[1.],
                   [1.],
                   [1.]])
        """
        conversions, value = self.replicates_conversions, self.replicates_value
        with np.errstate(divide="ignore", invalid="ignore"):
            if measure == "conversions":
                return conversions
            if measure == "value":
                return value
            if measure in ("share", "value_share"):
                part = conversions if measure == "share" else value
                total = part.sum(axis=1, keepdims=True)
                result: FloatArray = np.where(total != 0, part / np.where(total == 0, 1.0, total), np.nan)
                return result
            if measure in ("roas", "cpa"):
                if self.spend is None:
                    msg = f"{measure} intervals need spend: bootstrap(..., spend=...)"
                    raise InvalidInputError(msg)
                spend = np.broadcast_to(self.spend, conversions.shape)
                if measure == "roas":
                    return np.where(spend > 0, value / np.where(spend > 0, spend, 1.0), np.nan)
                return np.where(conversions > 0, spend / np.where(conversions > 0, conversions, 1.0), np.nan)
        msg = f"'measure' must be 'conversions', 'value', 'share', 'value_share', 'roas' or 'cpa' (got {measure!r})"
        raise InvalidInputError(msg)

    def interval(self, measure: Measure = "conversions") -> tuple[FloatArray, FloatArray]:
        """The ``(low, high)`` percentile bounds of ``measure`` per channel (NaN where never defined).

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, bootstrap
            >>> low, high = bootstrap(Journeys.from_paths(["a"], conversions=[5]), LastTouch(), n=3).interval("share")
            >>> low, high
            (array([1.]), array([1.]))
        """
        data = self.replicates(measure)
        tail = (1.0 - self.level) / 2.0
        low = np.full(data.shape[1], np.nan)
        high = np.full(data.shape[1], np.nan)
        defined = ~np.isnan(data).all(axis=0)
        if defined.any():
            bounds = np.nanquantile(data[:, defined], [tail, 1.0 - tail], axis=0)
            low[defined], high[defined] = bounds[0], bounds[1]
        return read_only(low), read_only(high)

    def _estimates(self) -> dict[str, FloatArray]:
        extra = len(self.channels) - len(self.estimate.channels)
        pad = np.zeros(extra)
        conversions = np.concatenate([self.estimate.conversions, pad])
        value = np.concatenate([self.estimate.value, pad])
        result = {
            "conversions": conversions,
            "value": value,
            "share": np.concatenate([self.estimate.shares, pad]),
            "value_share": np.concatenate([self.estimate.value_shares, pad]),
        }
        if self.spend is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                result["roas"] = np.where(self.spend > 0, value / self.spend, np.nan)
                result["cpa"] = np.where(conversions > 0, self.spend / conversions, np.nan)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values: per measure and channel, the estimate and the interval.

        Examples:
            >>> from socialroi.attribution import Journeys, LastTouch, bootstrap
            >>> result = bootstrap(Journeys.from_paths(["a"], conversions=[5]), LastTouch(), n=3).to_dict()
            >>> result["share"]["a"]
            {'estimate': 1.0, 'low': 1.0, 'high': 1.0}
        """
        result: dict[str, Any] = {
            "model": self.estimate.model,
            "level": self.level,
            "n": self.n,
            "weights": self.weights,
        }
        for measure, estimate in self._estimates().items():
            low, high = self.interval(measure)  # type: ignore[arg-type]
            result[measure] = {
                channel: {
                    "estimate": _finite(float(estimate[i])),
                    "low": _finite(float(low[i])),
                    "high": _finite(float(high[i])),
                }
                for i, channel in enumerate(self.channels)
            }
        return result

    def _rows(self) -> Iterator[list[str]]:
        estimates = self._estimates()
        measures: list[Measure] = [m for m in ("conversions", "share", "roas") if m in estimates]
        bounds = {m: self.interval(m) for m in measures}
        for i, channel in enumerate(self.channels):
            row = [channel]
            for m in measures:
                low, high = bounds[m]
                shown = percent if m == "share" else number
                row += [
                    shown(float(estimates[m][i])),
                    f"[{shown(float(low[i]))}, {shown(float(high[i]))}]",
                ]
            yield row

    def _header(self) -> tuple[str, ...]:
        span = percent(self.level, 0)
        measures = ["conversions", "share"] + (["roas"] if self.spend is not None else [])
        return ("channel", *(part for m in measures for part in (m, f"{span} interval")))

    def __repr__(self) -> str:
        head = f"AttributionIntervals({self.estimate.model}, n={self.n}, level={self.level:g}, {self.weights} weights)"
        return "\n".join([head, *text_table(self._header(), self._rows(), indent="  ", rule=False)])

    def _repr_html_(self) -> str:
        caption = f"Bootstrap intervals: {self.estimate.model} (n={self.n}, level={self.level:g})"
        return html_table(caption, self._header(), self._rows())


def bootstrap(
    journeys: Journeys,
    model: Model[Any],
    *,
    n: int = 200,
    level: float = 0.9,
    seed: int | np.random.Generator = 0,
    spend: Spend | None = None,
    weights: Literal["poisson", "multinomial"] = "poisson",
) -> AttributionIntervals:
    """Bootstrap intervals for a model's credit per channel, by resampling journeys.

    Each resample gives every journey row a random weight instead of copying data: with
    ``weights="poisson"`` a row seen ``c`` times converting and ``m`` times not is redrawn as
    ``Poisson(c)`` conversions and ``Poisson(m)`` non-conversions (the Poisson bootstrap; value scales
    with the conversions); with ``"multinomial"`` the total number of occurrences is fixed and drawn
    over the rows (the classic bootstrap; counts must be whole numbers). Models without touch times
    run on the aggregated paths. Rule-based models are linear in the weights, so all ``n`` resamples
    cost one matrix product; other models (Markov, Shapley) are re-run once per resample.

    Args:
        journeys: The journeys.
        model: The attribution model.
        n: The number of resamples.
        level: The coverage of the percentile intervals, between 0 and 1 (exclusive).
        seed: A whole number >= 0 or a numpy ``Generator``; the same seed gives the same intervals.
        spend: Spend per channel (as for [`Attribution.roas`][socialroi.attribution.Attribution.roas])
            for ROAS and CPA intervals.
        weights: ``"poisson"`` or ``"multinomial"``.

    Returns:
        The point estimate with per-channel replicates and intervals.

    Raises:
        InvalidInputError: On a bad ``n``, ``level``, ``seed`` (``None`` included: results must be
            reproducible) or ``weights``, or fractional counts with multinomial weights.

    Examples:
        >>> from socialroi.attribution import Journeys, Linear, bootstrap
        >>> journeys = Journeys.from_paths(["a > b", "b", "a"], conversions=[50, 30, 20], nulls=[10, 10, 10])
        >>> result = bootstrap(journeys, Linear(level="touch"), n=200, seed=7)
        >>> result.estimate.conversions.tolist()
        [45.0, 55.0]
        >>> low, high = result.interval("conversions")
        >>> bool(low[0] < 45 < high[0]) and bool(low[1] < 55 < high[1])
        True
    """
    count = whole(minimum=1).check(n, "n")
    coverage = _check.number(_LEVEL).check(level, "level")
    choice(_WEIGHTS).check(weights, "weights")
    if not isinstance(seed, np.random.Generator):
        whole(minimum=0).check(seed, "seed")
    _check_model(model)
    rng = generator(seed)
    estimate = attribute(journeys, model)
    # The two replicate tables, the draws and their products, and the copies made for the intervals.
    memory("n", n, 6 * 8.0 * count * max(len(journeys.channels), 1))
    needs_times = bool(getattr(model, "needs_times", False))
    rows = journeys if needs_times else journeys.aggregate()
    if weights == "multinomial":
        occurrences = rows.total_conversions + rows.total_nulls
        if occurrences >= 2**62:
            msg = (
                f"multinomial weights need fewer than 2**62 occurrences (got {occurrences:g}); "
                "use weights='poisson'"
            )
            raise InvalidInputError(msg)
        for name in ("conversions", "nulls"):
            counts: FloatArray = getattr(rows, name)
            fractional = counts != np.round(counts)
            if fractional.any():
                row = int(np.flatnonzero(fractional)[0])
                msg = f"multinomial weights need whole-number {name} (got {float(counts[row])!r} at index {row})"
                raise InvalidInputError(msg)
    if isinstance(model, RuleModel):
        conversions, value = _linear_replicates(rows, model, count, rng, weights)
        position = {channel: i for i, channel in enumerate(rows.channels)}
        index = [position[channel] for channel in estimate.channels]
        conversions, value = conversions[:, index], value[:, index]
    else:
        conversions, value = _general_replicates(
            rows, model=model, channels=estimate.channels, n=count, rng=rng, weights=weights
        )
    channels = estimate.channels
    spent = None
    if spend is not None:
        table = estimate.roas(spend, zero_division=np.nan)
        channels = table.channels
        spent = table.spend
        pad = np.zeros((count, len(channels) - len(estimate.channels)))
        conversions = np.hstack([conversions, pad])
        value = np.hstack([value, pad])
    return AttributionIntervals(
        estimate=estimate,
        channels=channels,
        level=coverage,
        weights=weights,
        replicates_conversions=conversions,
        replicates_value=value,
        spend=None if spent is None else read_only(spent),
    )


#: Poisson means above this are drawn from the normal approximation (numpy refuses means near 2**63;
#: at 1e15 the two distributions differ by less than 1e-7 in total variation).
_POISSON_LIMIT = 1e15


def _poisson(rng: np.random.Generator, means: FloatArray, size: tuple[int, ...]) -> FloatArray:
    """Poisson draws of ``means`` (broadcast to ``size``); huge means by the normal approximation."""
    huge = means > _POISSON_LIMIT
    if not huge.any():
        return rng.poisson(means, size=size).astype(np.float64)
    draws = rng.poisson(np.where(huge, 0.0, means), size=size).astype(np.float64)
    normal = np.round(means + np.sqrt(means) * rng.standard_normal(size))
    result: FloatArray = np.where(huge, np.maximum(normal, 0.0), draws)
    return result


def _linear_replicates(
    journeys: Journeys, model: RuleModel, n: int, rng: np.random.Generator, weights: str
) -> tuple[FloatArray, FloatArray]:
    """Replicated credits of a rule-based model: resampled conversion counts x a row-by-channel matrix."""
    converting = journeys.conversions > 0
    part = journeys[converting]
    size = len(journeys.channels)
    rows = len(part)
    split = model.fractions(part)
    matrix = np.bincount(split.rows * size + split.codes, weights=split.fractions, minlength=rows * size)
    matrix = matrix.reshape(rows, size)
    mean_value = part.values / part.conversions
    value_matrix = matrix * mean_value[:, None]
    conversions = np.empty((n, size))
    value = np.empty((n, size))
    if weights == "poisson":
        block = max(1, min(n, 4_000_000 // max(rows, 1)))
        for start in range(0, n, block):
            stop = min(n, start + block)
            draws = _poisson(rng, part.conversions, (stop - start, rows))
            conversions[start:stop] = draws @ matrix
            value[start:stop] = draws @ value_matrix
        return conversions, value
    total = int(journeys.conversions.sum() + journeys.nulls.sum())
    cells = np.append(part.conversions, journeys.nulls.sum() + 0.0)
    probabilities = cells / cells.sum() if cells.sum() > 0 else cells
    for b in range(n):
        draws = rng.multinomial(total, probabilities)[:rows].astype(np.float64)
        conversions[b] = draws @ matrix
        value[b] = draws @ value_matrix
    return conversions, value


def _general_replicates(
    journeys: Journeys,
    *,
    model: Model[Any],
    channels: tuple[str, ...],
    n: int,
    rng: np.random.Generator,
    weights: str,
) -> tuple[FloatArray, FloatArray]:
    """Replicated credits of any model: one weighted pass per resample."""
    conversions = np.zeros((n, len(channels)))
    value = np.zeros((n, len(channels)))
    position = {channel: i for i, channel in enumerate(channels)}
    mean_value = np.where(
        journeys.conversions > 0,
        journeys.values / np.where(journeys.conversions > 0, journeys.conversions, 1.0),
        0.0,
    )
    rows = len(journeys)
    total = int(journeys.conversions.sum() + journeys.nulls.sum())
    cells = np.concatenate([journeys.conversions, journeys.nulls])
    probabilities = cells / cells.sum() if cells.sum() > 0 else cells
    needs_nulls = isinstance(model, Markov) and not model.allow_all_converting
    for b in range(n):
        if weights == "poisson":
            converted = _poisson(rng, journeys.conversions, (rows,))
            missed = _poisson(rng, journeys.nulls, (rows,))
        else:
            draws = rng.multinomial(total, probabilities).astype(np.float64)
            converted, missed = draws[:rows], draws[rows:]
        if needs_nulls and missed.sum() == 0 and converted.sum() > 0:
            msg = (
                f"resample {b + 1} of {n} drew no non-converting journeys ({journeys.total_nulls:g} of "
                f"{journeys.total_nulls + journeys.total_conversions:g} occurrences do not convert), and "
                f"{model.name} needs some; bootstrap with more non-converting journeys, or pass "
                "Markov(allow_all_converting=True) to accept such resamples"
            )
            raise InvalidInputError(msg)
        sample = attrs.evolve(journeys, conversions=converted, nulls=missed, values=converted * mean_value)
        credit = model.credits(model.statistics(sample))
        index = [position[channel] for channel in credit.channels]
        conversions[b, index] = credit.conversions
        value[b, index] = credit.value
    return conversions, value
