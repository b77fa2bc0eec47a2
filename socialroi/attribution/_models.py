"""The model protocol, credits, mergeable credit sums and the rule-based attribution models.

A model is a frozen configuration object with a ``name``. It reduces journeys to a mergeable
sufficient statistic (``statistics``; statistics of disjoint shards add with ``+``) and turns that
statistic into credits per channel (``credits``). Rule-based models give each converting journey's
conversions and value to its touches by fixed rules, so their statistic is simply the credit summed
over journeys: a [`CreditSums`][socialroi.attribution.CreditSums].
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Literal, Protocol, Self, TypeAlias, TypeVar, cast, runtime_checkable

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi._arrays import ARRAY_EQ, FRACTION, NON_NEGATIVE, POSITIVE, as_array
from socialroi._check import (
    choice,
    each,
    integer,
    number,
    optional,
    read_only_mapping,
    real,
    text,
    to_tuple,
    whole,
)
from socialroi.attribution._journeys import Journeys
from socialroi.attribution._vocabulary import (
    CHANNEL_NAMES,
    STATISTICS_CHANNELS,
    check_mapping,
    float_array,
    merge_channels,
    vector,
)
from socialroi.exceptions import InvalidInputError, MissingDataError

__all__ = [
    "CreditSums",
    "Credits",
    "CustomWeights",
    "FirstTouch",
    "LastNonDirect",
    "LastTouch",
    "Linear",
    "Model",
    "PositionBased",
    "Statistics",
    "TimeDecay",
]

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]

DAY = 86_400.0
"""Seconds in a day."""


def _check_lengths(channels: tuple[str, ...], **arrays: FloatArray) -> None:
    for name, array in arrays.items():
        if array.size != len(channels):
            msg = f"{name!r} must have one value per channel ({len(channels)}) (got {array.size})"
            raise InvalidInputError(msg)


@attrs.frozen(kw_only=True)
class Credits:
    """Credit per channel from one model, in conversions and in value.

    Attributes:
        channels: The channel names.
        conversions: Conversions credited to each channel.
        value: Conversion value credited to each channel.
        extras: Model-specific details (Markov removal effects, Shapley standard errors, ...).

    Examples:
        >>> Credits(channels=("email", "search"), conversions=[1.5, 2.5], value=[10.0, 30.0]).conversions
        array([1.5, 2.5])
    """

    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector(), eq=ARRAY_EQ)
    value: FloatArray = attrs.field(converter=float_array, validator=vector(), eq=ARRAY_EQ)
    extras: Mapping[str, object] = attrs.field(
        factory=dict[str, object], converter=read_only_mapping, validator=check_mapping, eq=False
    )

    def __attrs_post_init__(self) -> None:
        _check_lengths(self.channels, conversions=self.conversions, value=self.value)

    __hash__ = None  # type: ignore[assignment]


@runtime_checkable
class Statistics(Protocol):
    """A mergeable sufficient statistic: statistics of disjoint sets of journeys add with ``+``."""

    @property
    def channels(self) -> tuple[str, ...]:
        """The channel vocabulary the statistic is expressed in."""
        ...

    def __add__(self, other: Self, /) -> Self:
        """The statistic of both sets of journeys together."""
        ...


StatisticsT = TypeVar("StatisticsT", bound=Statistics)


@runtime_checkable
class Model(Protocol[StatisticsT]):
    """An attribution model: journeys → mergeable statistic → credits per channel.

    ``attribute(journeys, model)`` is ``model.credits(model.statistics(journeys))``; computing the
    statistic per partition and adding the parts gives the same credits.
    """

    @property
    def name(self) -> str:
        """The model and its variant, e.g. ``"linear (touch)"``."""
        ...

    def statistics(self, journeys: Journeys, /) -> StatisticsT:
        """The mergeable statistic of ``journeys``."""
        ...

    def credits(self, statistics: StatisticsT, /) -> Credits:
        """Credit per channel from a (possibly merged) statistic."""
        ...


@attrs.frozen(kw_only=True)
class CreditSums:
    """The mergeable statistic of the rule-based models: credit summed over journeys.

    Compute it per partition (``model.statistics(part)``), add the parts with ``+`` and pass the sum
    to ``model.credits``: the credits equal those of one pass over all journeys. Parts with different
    channel vocabularies are aligned by channel name.

    Attributes:
        model: The name of the model that produced it (only sums of the same model add).
        channels: The channel vocabulary.
        conversions: Conversions credited to each channel.
        value: Conversion value credited to each channel.
        journeys: The number of journey rows summed.

    Examples:
        >>> from socialroi.attribution import Journeys, LastTouch
        >>> model = LastTouch()
        >>> part_1 = model.statistics(Journeys.from_paths(["a > b"], conversions=[2]))
        >>> part_2 = model.statistics(Journeys.from_paths(["b > c"], conversions=[1]))
        >>> total = part_1 + part_2
        >>> total.channels, total.conversions
        (('a', 'b', 'c'), array([0., 2., 1.]))
    """

    model: str = attrs.field(validator=text())
    channels: tuple[str, ...] = attrs.field(validator=STATISTICS_CHANNELS)
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector(), eq=ARRAY_EQ)
    value: FloatArray = attrs.field(converter=float_array, validator=vector(), eq=ARRAY_EQ)
    journeys: int = attrs.field(default=0, converter=integer, validator=whole(minimum=0))

    def __attrs_post_init__(self) -> None:
        _check_lengths(self.channels, conversions=self.conversions, value=self.value)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: CreditSums) -> CreditSums:
        given = cast("object", other)
        if not isinstance(given, CreditSums):
            return NotImplemented
        if other.model != self.model:
            msg = f"cannot add credit sums of different models ({self.model!r} and {other.model!r})"
            raise InvalidInputError(msg)
        channels, mine, theirs = merge_channels(self.channels, other.channels)
        conversions = np.zeros(len(channels))
        value = np.zeros(len(channels))
        conversions[mine] += self.conversions
        conversions[theirs] += other.conversions
        value[mine] += self.value
        value[theirs] += other.value
        return CreditSums(
            model=self.model,
            channels=channels,
            conversions=conversions,
            value=value,
            journeys=self.journeys + other.journeys,
        )


# --- shared machinery of the rule-based models --------------------------------------------------------


@attrs.frozen
class Fractions:
    """How a rule-based model splits each journey.

    ``fractions[i]`` of journey ``rows[i]`` goes to channel ``codes[i]``; the fractions of a journey
    sum to 1 (entries may repeat a channel).
    """

    rows: IntArray
    codes: NDArray[np.integer[Any]]
    fractions: FloatArray
    lengths: IntArray | None = None
    """When set, there is one entry per touch in journey order (``rows`` repeats each journey
    ``lengths`` times), so per-journey values expand with a cheap ``np.repeat``."""

    def spread(self, per_journey: FloatArray) -> FloatArray:
        """A per-journey array expanded to the entries."""
        if self.lengths is not None:
            return np.repeat(per_journey, self.lengths)
        result: FloatArray = per_journey[self.rows]
        return result


class RuleModel(abc.ABC):
    """Base of the rule-based models: statistics and credits from per-journey ``fractions``.

    A rule-based model's credit is linear in the journeys: each journey splits its conversions and
    value over its touches by fixed fractions. Subclasses define ``name`` and ``fractions``.
    """

    needs_times: ClassVar[bool] = False

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """The model and its variant."""

    @abc.abstractmethod
    def fractions(self, journeys: Journeys, /) -> Fractions:
        """How the model splits each journey's credit over its touches (fractions sum to 1 per journey)."""

    def statistics(self, journeys: Journeys, /) -> CreditSums:
        """The credit of ``journeys`` summed per channel (a mergeable [`CreditSums`][socialroi.attribution.CreditSums])."""
        given = cast("object", journeys)
        if not isinstance(given, Journeys):
            msg = f"'journeys' must be Journeys (got {type(given).__name__})"
            raise InvalidInputError(msg)
        converting = journeys.conversions > 0
        part = journeys if converting.all() else journeys[converting]
        conversions, value = self._credit(part)
        return CreditSums(
            model=self.name,
            channels=journeys.channels,
            conversions=conversions,
            value=value,
            journeys=len(journeys),
        )

    def _credit(self, journeys: Journeys) -> tuple[FloatArray, FloatArray]:
        """Credited conversions and value per channel of converting journeys."""
        size = len(journeys.channels)
        split = self.fractions(journeys)
        conversions = np.bincount(
            split.codes, weights=split.fractions * split.spread(journeys.conversions), minlength=size
        )
        value = np.bincount(
            split.codes, weights=split.fractions * split.spread(journeys.values), minlength=size
        )
        return conversions.astype(np.float64, copy=False), value.astype(np.float64, copy=False)

    def credits(self, statistics: CreditSums, /) -> Credits:
        """The credits held in a (possibly merged) [`CreditSums`][socialroi.attribution.CreditSums]."""
        given = cast("object", statistics)
        if not isinstance(given, CreditSums) or given.model != self.name:
            got = given.model if isinstance(given, CreditSums) else type(given).__name__
            msg = f"'statistics' must be the credit sums of {self.name!r} (got {got!r})"
            raise InvalidInputError(msg)
        return Credits(
            channels=statistics.channels, conversions=statistics.conversions, value=statistics.value
        )


def _touch_rows(journeys: Journeys) -> IntArray:
    return np.repeat(np.arange(len(journeys), dtype=np.int64), np.diff(journeys.offsets))


def _per_touch(journeys: Journeys, fractions: FloatArray) -> Fractions:
    lengths = np.diff(journeys.offsets)
    return Fractions(_touch_rows(journeys), journeys.codes, fractions, lengths)


def _normalized(journeys: Journeys, weights: FloatArray, totals: FloatArray | None = None) -> Fractions:
    """Per-touch weights → fractions summing to 1 within each journey (``totals``: the known sums)."""
    if totals is None:
        totals = np.add.reduceat(weights, journeys.offsets[:-1]) if len(journeys) else np.zeros(0)
    return _per_touch(journeys, weights / np.repeat(totals, np.diff(journeys.offsets)))


def _percent(number: float) -> str:
    return f"{number * 100:.2f}".rstrip("0").rstrip(".")


# --- the rule-based models ----------------------------------------------------------------------------


@attrs.frozen
class FirstTouch(RuleModel):
    """All credit to the first touch of each journey.

    ``credit[c] = Σ_j conversions_j · [first channel of j = c]`` (and likewise for value).

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["a > b", "b > a > a"], conversions=[1, 2], values=[10, 30])
        >>> attribute(journeys, FirstTouch()).to_dict()["conversions"]
        {'a': 1.0, 'b': 2.0}
    """

    @property
    def name(self) -> str:
        """``"first touch"``."""
        return "first touch"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        rows = np.arange(len(journeys), dtype=np.int64)
        return Fractions(rows, journeys.codes[journeys.offsets[:-1]], np.ones(rows.size))


@attrs.frozen
class LastTouch(RuleModel):
    """All credit to the last touch of each journey.

    ``credit[c] = Σ_j conversions_j · [last channel of j = c]`` (and likewise for value).

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["a > b", "b > a > a"], conversions=[1, 2], values=[10, 30])
        >>> attribute(journeys, LastTouch()).to_dict()["conversions"]
        {'a': 2.0, 'b': 1.0}
    """

    @property
    def name(self) -> str:
        """``"last touch"``."""
        return "last touch"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        rows = np.arange(len(journeys), dtype=np.int64)
        return Fractions(rows, journeys.codes[journeys.offsets[1:] - 1], np.ones(rows.size))


def _names(value: object) -> Any:
    """Converter: a channel name or several as a frozenset of trimmed names; anything else unchanged."""
    names = cast("object", (value,) if isinstance(value, str) else to_tuple(value))
    if isinstance(names, tuple) and all(
        isinstance(name, str) and name.strip() for name in cast("tuple[object, ...]", names)
    ):
        return frozenset(name.strip() for name in cast("tuple[str, ...]", names))
    return names  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]


def _check_direct(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, frozenset):
        each(text()).check(value, "direct")


@attrs.frozen
class LastNonDirect(RuleModel):
    """All credit to the last touch outside the direct channels; an all-direct journey credits its last touch.

    Google Analytics' classic default ("last non-direct click"): a direct visit does not take the
    credit from the campaign that brought the customer earlier.

    Attributes:
        direct: The names of the direct channels (a name or several); names absent from the journeys
            are allowed.

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["email > direct", "direct > direct"], conversions=[1, 1])
        >>> attribute(journeys, LastNonDirect()).to_dict()["conversions"]
        {'direct': 1.0, 'email': 1.0}
    """

    direct: frozenset[str] = attrs.field(
        default=frozenset({"direct"}), converter=_names, validator=_check_direct
    )

    @property
    def name(self) -> str:
        """``"last non-direct"``, with the direct set when it is not ``{"direct"}``."""
        if self.direct == frozenset({"direct"}):
            return "last non-direct"
        return f"last non-direct ({', '.join(sorted(self.direct))})"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        is_direct = np.array([name in self.direct for name in journeys.channels], dtype=bool)
        rows = np.arange(len(journeys), dtype=np.int64)
        last = journeys.offsets[1:] - 1
        if is_direct.any() and rows.size:
            touches = np.arange(journeys.n_touches, dtype=np.int64)
            candidate = np.where(is_direct[journeys.codes], -1, touches)
            latest = np.maximum.reduceat(candidate, journeys.offsets[:-1])
            last = np.where(latest >= 0, latest, last)
        return Fractions(rows, journeys.codes[last], np.ones(rows.size))


@attrs.frozen
class Linear(RuleModel):
    """Equal credit to every touch (``level="touch"``) or to every distinct channel (``level="channel"``).

    - touch: a journey of ``n`` touches gives ``1/n`` per touch, so ``a > a > b`` gives a 2/3, b 1/3.
      ChannelAttribution's ``linear_touch`` and Google Analytics' linear model work this way.
    - channel: a journey with ``d`` distinct channels gives ``1/d`` per channel, so ``a > a > b``
      gives a 1/2, b 1/2 (as in tools that deduplicate paths into channel sets first).

    The level has no default: the two variants differ and tools disagree silently, so you name it.

    Attributes:
        level: ``"touch"`` or ``"channel"``.

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["a > a > b"], conversions=[3])
        >>> attribute(journeys, Linear(level="touch")).to_dict()["conversions"]
        {'a': 2.0, 'b': 1.0}
        >>> attribute(journeys, Linear(level="channel")).to_dict()["conversions"]
        {'a': 1.5, 'b': 1.5}
    """

    level: Literal["touch", "channel"] = attrs.field(kw_only=True, validator=choice(("touch", "channel")))

    @property
    def name(self) -> str:
        """``"linear (touch)"`` or ``"linear (channel)"``."""
        return f"linear ({self.level})"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        lengths = np.diff(journeys.offsets)
        if self.level == "touch":
            return _per_touch(journeys, np.repeat(1.0 / lengths, lengths))
        return _distinct_channels(journeys)

    def _credit(self, journeys: Journeys) -> tuple[FloatArray, FloatArray]:
        count = len(journeys.channels)
        if self.level == "touch" or not 0 < count <= 62 or not len(journeys):
            return super()._credit(journeys)
        # Channel level: a bit mask of the channels of each journey, then one pass per channel.
        masks = _channel_masks(journeys)
        present = [((masks >> code) & 1).astype(bool) for code in range(count)]
        distinct = np.sum(present, axis=0, dtype=np.float64)
        per_conversion = journeys.conversions / distinct
        per_value = journeys.values / distinct
        conversions = np.array([per_conversion[flags].sum() for flags in present])
        value = np.array([per_value[flags].sum() for flags in present])
        return conversions, value


def _channel_masks(journeys: Journeys) -> IntArray:
    """Per journey, the bit mask of the channels it touches (up to 62 channels)."""
    bits = np.left_shift(np.int64(1), journeys.codes.astype(np.int64))
    result: IntArray = np.bitwise_or.reduceat(bits, journeys.offsets[:-1])
    return result


def _distinct_channels(journeys: Journeys) -> Fractions:
    """Equal fractions over the distinct channels of each journey."""
    count = len(journeys.channels)
    rows = len(journeys)
    if 0 < count <= 62 and rows:
        masks = _channel_masks(journeys)
        present = [(masks >> code) & 1 for code in range(count)]
        distinct = np.sum(present, axis=0)
        parts = [np.flatnonzero(flags) for flags in present]
        picked = np.concatenate(parts)
        codes = np.repeat(np.arange(count, dtype=np.int64), [part.size for part in parts])
        return Fractions(picked, codes, 1.0 / distinct[picked])
    touch_rows = _touch_rows(journeys)
    keys = touch_rows * count + journeys.codes
    unique = np.unique(keys)
    picked, codes = unique // count, unique % count
    distinct = np.bincount(picked, minlength=rows)
    return Fractions(picked, codes, 1.0 / distinct[picked])


@attrs.frozen
class PositionBased(RuleModel):
    """Fixed shares to the first and last touches, the rest split equally over the touches between.

    For a journey of ``n`` touches: ``n = 1``: all to the touch; ``n = 2``: first and last split in
    proportion ``first : last`` (half each when both are 0); ``n >= 3``: ``first`` to the first
    touch, ``last`` to the last, ``(1 - first - last) / (n - 2)`` to each middle touch. The default
    is Google Analytics' 40/20/40 ("U-shaped").

    Attributes:
        first: Share of the first touch (>= 0).
        last: Share of the last touch (>= 0); ``first + last <= 1``.

    Raises:
        InvalidInputError: When a share is negative or the two exceed 1.

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["a > b > c", "a > c"], conversions=[10, 1])
        >>> attribute(journeys, PositionBased()).conversions.round(6).tolist()
        [4.5, 2.0, 4.5]
    """

    first: float = attrs.field(default=0.4, converter=real, validator=number(FRACTION))
    last: float = attrs.field(default=0.4, converter=real, validator=number(FRACTION))

    def __attrs_post_init__(self) -> None:
        if self.first + self.last > 1.0:
            msg = f"'first' + 'last' must be <= 1 (got {self.first!r} + {self.last!r})"
            raise InvalidInputError(msg)

    @property
    def name(self) -> str:
        """``"position-based (40/20/40)"`` with the shares in percent."""
        middle = max(0.0, 1.0 - self.first - self.last)
        return f"position-based ({_percent(self.first)}/{_percent(middle)}/{_percent(self.last)})"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        lengths = np.diff(journeys.offsets)
        ends = self.first + self.last
        pair_first, pair_last = (self.first / ends, self.last / ends) if ends > 0 else (0.5, 0.5)
        fractions = np.repeat((1.0 - ends) / np.maximum(lengths - 2, 1), lengths)
        fractions[journeys.offsets[:-1]] = np.where(lengths == 2, pair_first, self.first)
        fractions[journeys.offsets[1:] - 1] = np.select(
            [lengths == 1, lengths == 2], [1.0, pair_last], self.last
        )
        return _per_touch(journeys, fractions)


def _duration(value: object) -> Any:
    """Converter: a ``timedelta`` or ``numpy.timedelta64`` as float seconds; numbers as ``real`` does."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, np.timedelta64):
        return float(value / np.timedelta64(1, "ns")) / 1e9
    return real(value)


def _duration_text(value: float) -> str:
    for unit, size in (("day", DAY), ("hour", 3600.0), ("minute", 60.0)):
        if value >= size and value % size == 0:
            count = value / size
            return f"{count:g} {unit}{'s' if count != 1 else ''}"
    return f"{value:g} s"


@attrs.frozen
class TimeDecay(RuleModel):
    """Credit halving with every ``half_life`` of real time between touch and conversion.

    Touch ``t`` of journey ``j`` weighs ``2^(-Δ / half_life)`` with ``Δ = T_j - time_t`` the time
    from the touch to the conversion (``T_j`` is the journey's conversion time, its last touch when
    unknown; a touch after it counts as at it); weights are normalized per journey. With the default
    7-day half-life (Google Analytics' time decay), a touch 8 days before the conversion gets half
    the credit of a touch 1 day before. This is time decay by real time, not by position.

    Attributes:
        half_life: Seconds (or a ``timedelta``) after which a touch's weight halves; default 7 days.
        lookback: Touches more than this long before the conversion get no credit; a journey with
            every touch outside the window credits its last touch. ``None`` keeps every touch.

    Raises:
        InvalidInputError: When a duration is not positive and finite.
        MissingDataError: When the journeys have no touch times.

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> day = 86_400.0
        >>> journeys = Journeys.from_touchpoints(["u", "u"], ["email", "search"], time=[0.0, 7 * day])
        >>> attribute(journeys, TimeDecay()).shares.tolist()
        [0.3333333333333333, 0.6666666666666666]
    """

    half_life: float = attrs.field(default=7 * DAY, converter=_duration, validator=number(POSITIVE))
    lookback: float | None = attrs.field(
        default=None, converter=_duration, validator=optional(number(POSITIVE))
    )

    needs_times: ClassVar[bool] = True

    @property
    def name(self) -> str:
        """``"time decay (half-life 7 days)"``, plus the lookback when set."""
        text = f"time decay (half-life {_duration_text(self.half_life)}"
        if self.lookback is not None:
            text += f", lookback {_duration_text(self.lookback)}"
        return text + ")"

    def fractions(self, journeys: Journeys, /) -> Fractions:
        times = journeys.times
        if times is None:
            msg = f"{self.name} needs touch times; build the journeys with from_touchpoints(..., time=...)"
            raise MissingDataError(msg)
        lengths = np.diff(journeys.offsets)
        last_touch = times[journeys.offsets[1:] - 1] if len(journeys) else np.zeros(0)
        conversion = journeys.conversion_times
        reference = (
            last_touch if conversion is None else np.where(np.isnan(conversion), last_touch, conversion)
        )
        delta = np.maximum(np.repeat(reference, lengths) - times, 0.0)
        # Measure from the journey's most recent touch, so the largest weight is 1 (no underflow).
        nearest = np.maximum(reference - last_touch, 0.0)
        weights = np.exp2((np.repeat(nearest, lengths) - delta) / self.half_life)
        if self.lookback is not None:
            inside = delta <= self.lookback
            weights = np.where(inside, weights, 0.0)
            empty = (
                np.add.reduceat(inside, journeys.offsets[:-1]) == 0 if len(journeys) else np.zeros(0, bool)
            )
            weights[journeys.offsets[1:][empty] - 1] = 1.0
        return _normalized(journeys, weights)


PositionWeights: TypeAlias = Sequence[float] | Callable[[int], Sequence[float] | NDArray[Any]]


def _position_weights(value: object) -> Any:
    """Converter: a function as is; a sequence of numbers as a tuple of floats; anything else unchanged."""
    if callable(value) or isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        return value
    return tuple(real(item) for item in cast("Sequence[object]", value))


def _check_weights(_instance: object, _attribute: object, value: Any) -> None:
    if callable(value):
        return
    if not isinstance(value, tuple) or len(cast("tuple[object, ...]", value)) != 3:
        msg = f"'weights' must be (first, middle, last) or a function of the path length (got {value!r})"
        raise InvalidInputError(msg)
    first, _, last = each(number(NON_NEGATIVE)).check(value, "weights")
    if first + last == 0:
        msg = "'weights' must give the first or the last touch a weight > 0, or two-touch journeys get no credit (got 0 and 0)"
        raise InvalidInputError(msg)


@attrs.frozen
class CustomWeights(RuleModel):
    """Your own position weights, renormalized per journey.

    ``weights`` is either ``(first, middle, last)``, the weight of the first touch, of each touch in
    between and of the last touch, or a function of the path length ``n`` returning ``n`` weights
    (called once per distinct length). Each journey's weights are divided by their sum; a one-touch
    journey always credits its touch.

    Attributes:
        weights: ``(first, middle, last)`` (>= 0, first + last > 0) or a function of the length.

    Raises:
        InvalidInputError: When the weights are negative or not finite, or a function returns the
            wrong number of weights or weights summing to 0.

    Examples:
        >>> from socialroi.attribution import Journeys, attribute
        >>> journeys = Journeys.from_paths(["a > b > b > c"], conversions=[1])
        >>> attribute(journeys, CustomWeights((2, 1, 1))).to_dict()["conversions"]
        {'a': 0.4, 'b': 0.4, 'c': 0.2}
        >>> attribute(journeys, CustomWeights(lambda n: range(1, n + 1))).to_dict()["conversions"]
        {'a': 0.1, 'b': 0.5, 'c': 0.4}
    """

    weights: tuple[float, float, float] | Callable[[int], Any] = attrs.field(
        converter=_position_weights, validator=_check_weights
    )

    @property
    def name(self) -> str:
        """``"custom weights (first/middle/last)"`` or ``"custom weights (<function name>)"``."""
        if callable(self.weights):
            return f"custom weights ({getattr(self.weights, '__name__', type(self.weights).__name__)})"
        return "custom weights ({:g}/{:g}/{:g})".format(*self.weights)

    def fractions(self, journeys: Journeys, /) -> Fractions:
        lengths = np.diff(journeys.offsets)
        if callable(self.weights):
            starts = journeys.offsets[:-1]
            position = np.arange(journeys.n_touches, dtype=np.int64) - np.repeat(starts, lengths)
            distinct = np.unique(lengths)
            firsts = np.zeros(distinct.size + 1, dtype=np.int64)
            np.cumsum(distinct, out=firsts[1:])
            table = np.concatenate([self._table(int(size)) for size in distinct.tolist()] or [np.zeros(0)])
            where = np.repeat(firsts[:-1][np.searchsorted(distinct, lengths)], lengths) + position
            return _normalized(journeys, table[where])
        # Scaled by the largest weight first, so that sums of huge weights cannot overflow.
        top = max(self.weights)
        first, middle, last = (weight / top for weight in self.weights)
        weights = np.full(journeys.n_touches, middle)
        weights[journeys.offsets[:-1]] = first
        weights[journeys.offsets[1:] - 1] = np.where(lengths == 1, 1.0, last)
        totals = np.where(lengths == 1, 1.0, first + last + (lengths - 2) * middle)
        return _normalized(journeys, weights, totals)

    def _table(self, size: int) -> FloatArray:
        function = self.weights
        assert callable(function)  # noqa: S101
        returned = function(size)
        try:
            raw = np.asarray(
                returned if isinstance(returned, np.ndarray) else list(returned), dtype=np.float64
            )
        except (TypeError, ValueError):
            msg = f"'weights' must return {size} numbers for a path of {size} touches (got {returned!r})"
            raise InvalidInputError(msg) from None
        if raw.shape != (size,):
            msg = f"'weights' must return {size} weights for a path of {size} touches (got shape {raw.shape})"
            raise InvalidInputError(msg)
        checked = as_array(raw, f"weights({size})", NON_NEGATIVE)
        if np.isnan(checked).any() or not checked.max() > 0:
            msg = f"'weights' must return weights with a positive finite sum for {size} touches (got {raw.tolist()})"
            raise InvalidInputError(msg)
        # Scaled by the largest weight first, so that sums of huge weights cannot overflow.
        result: FloatArray = checked / checked.max()
        return result


RULE_BASED: tuple[type[RuleModel], ...] = (
    FirstTouch,
    LastTouch,
    LastNonDirect,
    Linear,
    PositionBased,
    TimeDecay,
)
