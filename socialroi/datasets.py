"""Seeded synthetic data for the demo, the docs and the benchmarks (generated in memory, no files).

Every generator takes ``seed`` and returns the same data for the same arguments, bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi.attribution import Journeys
from socialroi.exceptions import InvalidInputError

__all__ = ["SyntheticJourneys", "synthetic_journeys"]

FloatArray: TypeAlias = NDArray[np.float64]

_CHANNEL_NAMES = (
    "facebook",
    "instagram",
    "tiktok",
    "youtube",
    "paid search",
    "display",
    "email",
    "linkedin",
    "x",
    "direct",
)
_EPOCH = 1_767_225_600.0  # 2026-01-01T00:00:00Z
_DAY = 86_400.0


def _readonly(array: NDArray[Any]) -> NDArray[Any]:
    array.setflags(write=False)
    return array


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
        ('facebook', 'instagram', 'tiktok', 'direct')
        >>> journeys = data.journeys()
        >>> len(journeys), journeys.n_touches == data.channel.size
        (1000, True)
    """

    journey_id: NDArray[np.int64]
    channel: NDArray[np.str_]
    time: FloatArray
    converted: NDArray[np.bool_]
    value: FloatArray
    conversion_time: FloatArray
    channels: tuple[str, ...]
    true_effects: Mapping[str, float]
    baseline: float
    incremental_conversions: Mapping[str, float]

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
    if isinstance(channels, bool) or not isinstance(channels, int | Sequence) or isinstance(channels, str):
        msg = f"'channels' must be a number of channels or a sequence of names (got {channels!r})"
        raise InvalidInputError(msg)
    if isinstance(channels, int):
        if channels < 1:
            msg = f"'channels' must be >= 1 (got {channels})"
            raise InvalidInputError(msg)
        named = _CHANNEL_NAMES[: min(channels - 1, 9)]
        extra = tuple(f"channel {i}" for i in range(len(named) + 1, channels))
        return (*named, *extra, "direct")
    names: tuple[object, ...] = tuple(cast("Sequence[object]", channels))
    if (
        not names
        or any(not isinstance(n, str) or not n.strip() for n in names)
        or len(set(names)) != len(names)
    ):
        msg = f"'channels' must hold distinct non-empty names (got {names!r})"
        raise InvalidInputError(msg)
    return tuple(map(str, names))


def synthetic_journeys(n: int, *, channels: int | Sequence[str] = 10, seed: int = 0) -> SyntheticJourneys:
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
    size = cast("object", n)
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        msg = f"'n' must be an integer >= 1 (got {size!r})"
        raise InvalidInputError(msg)
    names = _channel_names(channels)
    count = len(names)
    rng = np.random.default_rng(seed)
    popularity = rng.dirichlet(np.full(count, 2.0))
    effects = rng.uniform(0.002, 0.03, size=count)
    is_direct = np.array([name == "direct" for name in names])
    effects[is_direct] = 0.002
    baseline = 0.01

    lengths = 1 + rng.poisson(rng.gamma(2.0, 1.0, size=n))
    touches = int(lengths.sum())
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    journey = np.repeat(np.arange(n, dtype=np.int64), lengths)
    position = np.arange(touches, dtype=np.int64) - starts[journey]

    fresh = rng.choice(count, size=touches, p=popularity)
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

    log_keep = np.log1p(-effects)
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
        journey_id=_readonly(ids[journey][order]),
        channel=_readonly(np.array(names)[codes][order]),
        time=_readonly(times[order]),
        converted=_readonly(converted[order]),
        value=_readonly(value[order]),
        conversion_time=_readonly(conversion_time[order]),
        channels=names,
        true_effects=dict(zip(names, effects.tolist(), strict=True)),
        baseline=baseline,
        incremental_conversions=incremental,
    )
