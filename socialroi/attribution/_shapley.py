"""Shapley attribution: exact local games per converting channel set, by the Möbius transform.

Players are channels. The sufficient statistic is, for every distinct channel set ``S`` (the set of
distinct channels of a journey), the number of journeys ``n_S``, their conversions ``c_S`` and their
conversion value. The game is the smoothed conversion rate

    v(S) = (c_S + a * p0) / (n_S + a),     p0 = sum(c) / sum(n),  v(empty) = 0,

for every observed ``S``; an unobserved ``S`` takes the largest value of its observed subsets (0 when
it has none), or 0 with ``unobserved="zero"``. For each converting set ``T`` the local game is ``v``
restricted to the subsets of ``T``. Its Harsanyi dividends ``d = Möbius(v)`` (``d(S) = sum over R ⊆ S of
(-1)^|S - R| v(R)``) give the Shapley values ``phi_i = sum over S ∋ i of d(S) / |S|`` in
``O(2^|T| |T|)``; ``T``'s conversions and value are split in proportion to ``phi``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Self, TypeAlias

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi import _check
from socialroi._arrays import ARRAY_EQ, NON_NEGATIVE
from socialroi._check import choice, flag, integer, number, optional, real, whole
from socialroi.attribution._models import Credits
from socialroi.attribution._vocabulary import (
    STATISTICS_CHANNELS,
    float_array,
    int_array,
    merge_channels,
    narrow_int_array,
    vector,
)
from socialroi.exceptions import InvalidInputError

if TYPE_CHECKING:
    from socialroi.attribution._journeys import Journeys

__all__ = ["Shapley", "ShapleyStatistics"]

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]
Unobserved: TypeAlias = Literal["max_subset", "zero"]

#: Channel sets are bit masks in an int64.
MAX_VOCABULARY = 62
#: Vocabularies up to this size count sets with a dense ``bincount`` over all ``2**C`` masks.
_DENSE_BITS = 20
#: Elements per block of local games (bounds the memory of the exact computation).
_BLOCK = 1 << 20


_narrow_paths = narrow_int_array(np.int16)


def _paths(value: object) -> Any:
    """Converter: first-touch paths as a read-only int16 copy; anything else unchanged."""
    return _narrow_paths(value)


def _weighted_count(keys: NDArray[np.integer], weights: FloatArray, size: int) -> FloatArray:
    """``np.bincount`` with weights, typed as the float64 array it is."""
    return np.asarray(np.bincount(keys, weights=weights, minlength=size), dtype=np.float64)


def _unique_paths(
    rows: NDArray[np.int16], conversions: FloatArray, values: FloatArray
) -> tuple[NDArray[np.int16], FloatArray, FloatArray]:
    """Sorted distinct rows with their summed conversions and values (trailing all-padding columns cut)."""
    if rows.shape[0] == 0:
        return np.zeros((0, 0), dtype=np.int16), np.zeros(0), np.zeros(0)
    width = int((rows >= 0).sum(axis=1).max())
    rows = np.ascontiguousarray(rows[:, :width])
    found, inverse = np.unique(rows, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    return (
        found.astype(np.int16),
        _weighted_count(inverse, conversions, found.shape[0]),
        _weighted_count(inverse, values, found.shape[0]),
    )


def _first_touch_paths(
    codes: NDArray[np.integer], offsets: IntArray, conversions: FloatArray, values: FloatArray
) -> tuple[NDArray[np.int16], FloatArray, FloatArray]:
    """Distinct channels of each converting journey in first-touch order, aggregated over journeys."""
    converting = np.flatnonzero(conversions > 0)
    lengths = np.diff(offsets)[converting]
    starts = offsets[converting]
    # Touch indices of the converting journeys, journey by journey, in time order.
    local = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    touches = np.repeat(starts, lengths) + local
    journey = np.repeat(np.arange(converting.size), lengths)
    channel = np.asarray(codes, dtype=np.int64)[touches]
    n_channels = int(channel.max()) + 1 if channel.size else 1
    # First touch of every (journey, channel): np.unique returns the first index of each key, and
    # sorting those indices restores journey order and, within a journey, time order.
    _, first = np.unique(journey * n_channels + channel, return_index=True)
    first = np.sort(first)
    rank = np.arange(first.size) - np.searchsorted(journey[first], journey[first])
    width = int(rank.max()) + 1 if rank.size else 0
    rows = np.full((converting.size, width), -1, dtype=np.int16)
    rows[journey[first], rank] = channel[first]
    return _unique_paths(rows, conversions[converting], values[converting])


def _paths_of(statistics: ShapleyStatistics) -> tuple[NDArray[np.int16], FloatArray, FloatArray] | None:
    """The ordered part of the statistics, or ``None`` when they were computed without it."""
    if statistics.paths is None or statistics.path_conversions is None or statistics.path_values is None:
        return None
    return statistics.paths, statistics.path_conversions, statistics.path_values


def _check_vocabulary(n_channels: int) -> None:
    if n_channels > MAX_VOCABULARY:
        msg = f"Shapley supports at most {MAX_VOCABULARY} channels in the vocabulary (got {n_channels})"
        raise InvalidInputError(msg)


def popcount(masks: IntArray) -> IntArray:
    """Number of set bits of each mask."""
    counts = np.zeros(masks.shape, dtype=np.int64)
    rest = masks.copy()
    while rest.any():
        counts += rest & 1
        rest >>= 1
    return counts


def _members(masks: IntArray, n_channels: int) -> NDArray[np.bool_]:
    """``(n_sets, n_channels)`` membership matrix of bit masks."""
    return ((masks[:, None] >> np.arange(n_channels, dtype=np.int64)) & 1).astype(bool)


def _place(sets: IntArray, codes: IntArray, n_channels: int) -> NDArray[np.bool_]:
    """Membership of ``sets`` in a larger vocabulary where channel ``i`` becomes ``codes[i]``."""
    members = np.zeros((sets.size, n_channels), dtype=bool)
    members[:, codes] = _members(sets, codes.size)
    return members


def _masks(members: NDArray[np.bool_]) -> IntArray:
    weights = np.left_shift(np.int64(1), np.arange(members.shape[1], dtype=np.int64))
    return members.astype(np.int64) @ weights


@attrs.frozen(kw_only=True)
class ShapleyStatistics:
    """Journeys, conversions and value per distinct channel set: the sufficient statistic of `Shapley`.

    Statistics of disjoint partitions add up with ``+`` (channels matched by name).

    Attributes:
        channels: Channel vocabulary; bit ``i`` of a set means ``channels[i]``.
        sets: Sorted distinct channel sets as bit masks.
        counts: Journeys with exactly that set of distinct channels (``conversions + nulls``).
        conversions: Their conversions.
        values: Their conversion value.
        paths: Only for ordered Shapley (else ``None``): the distinct channels of converting journeys in
            the order of their first touch, one sorted row per distinct order, ``-1`` padding at the end.
        path_conversions: Conversions per row of ``paths``.
        path_values: Conversion value per row of ``paths``.

    Examples:
        >>> import numpy as np
        >>> from socialroi.attribution import ShapleyStatistics
        >>> stats = ShapleyStatistics.from_arrays(
        ...     np.array([0, 1, 0, 1]), np.array([0, 3, 4]), np.array([1.0, 0.0]), np.array([1.0, 2.0]),
        ...     np.array([30.0, 0.0]), channels=("email", "social"))
        >>> stats.set_labels(), stats.counts.tolist(), stats.conversions.tolist()
        (('social', 'email + social'), [2.0, 2.0], [0.0, 1.0])
    """

    channels: tuple[str, ...] = attrs.field(validator=STATISTICS_CHANNELS)
    sets: IntArray = attrs.field(converter=int_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    counts: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    values: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    paths: NDArray[np.int16] | None = attrs.field(
        default=None, converter=_paths, validator=optional(vector(ndim=2)), eq=ARRAY_EQ
    )
    path_conversions: FloatArray | None = attrs.field(
        default=None, converter=float_array, validator=optional(vector(NON_NEGATIVE)), eq=ARRAY_EQ
    )
    path_values: FloatArray | None = attrs.field(
        default=None, converter=float_array, validator=optional(vector(NON_NEGATIVE)), eq=ARRAY_EQ
    )

    def __attrs_post_init__(self) -> None:
        _check_vocabulary(len(self.channels))
        for name in ("counts", "conversions", "values"):
            if getattr(self, name).size != self.sets.size:
                msg = f"{name!r} must have one value per set ({self.sets.size}) (got {getattr(self, name).size})"
                raise InvalidInputError(msg)
        if self.sets.size and int(self.sets.max()) >= 1 << len(self.channels):
            msg = (
                f"'sets' must be bit masks of the {len(self.channels)} channels (got {int(self.sets.max())})"
            )
            raise InvalidInputError(msg)
        parts = (self.paths, self.path_conversions, self.path_values)
        if any(part is None for part in parts) and not all(part is None for part in parts):
            msg = "'paths', 'path_conversions' and 'path_values' must be given together or not at all"
            raise InvalidInputError(msg)
        if self.paths is not None:
            rows = self.paths.shape[0]
            for name in ("path_conversions", "path_values"):
                if getattr(self, name).size != rows:
                    msg = f"{name!r} must have one value per path ({rows}) (got {getattr(self, name).size})"
                    raise InvalidInputError(msg)
            if self.paths.size and (
                int(self.paths.min()) < -1 or int(self.paths.max()) >= len(self.channels)
            ):
                msg = f"'paths' must be channel codes from -1 to {len(self.channels) - 1} (got {self.paths.tolist()!r})"
                raise InvalidInputError(msg)

    @classmethod
    def from_arrays(
        cls,
        codes: NDArray[np.integer],
        offsets: NDArray[np.integer],
        conversions: FloatArray,
        nulls: FloatArray,
        values: FloatArray,
        *,
        channels: tuple[str, ...],
        ordered: bool = False,
    ) -> Self:
        """Aggregate journeys given in CSR form (see `Journeys`) by their set of distinct channels.

        `Shapley.statistics` calls this with the (validated) arrays of a
        [`Journeys`][socialroi.attribution.Journeys].

        Args:
            codes: Channel code per touch, journeys concatenated.
            offsets: Journey boundaries (``n_journeys + 1`` values).
            conversions: Conversions per journey.
            nulls: Non-converting occurrences per journey.
            values: Conversion value per journey.
            channels: The channel vocabulary (at most 62 channels).
            ordered: Also keep the first-touch orders of the converting journeys (ordered Shapley).

        Returns:
            The per-set statistics.

        Raises:
            InvalidInputError: With more than 62 channels in the vocabulary.
        """
        _check_vocabulary(len(channels))
        starts: IntArray = np.asarray(offsets, dtype=np.int64)
        bits = np.left_shift(np.int64(1), np.asarray(codes, dtype=np.int64))
        masks = np.bitwise_or.reduceat(bits, starts[:-1]) if bits.size else bits
        occurrences = conversions + nulls
        paths: dict[str, object] = {}
        if ordered:
            rows, path_conversions, path_values = _first_touch_paths(codes, starts, conversions, values)
            paths = {"paths": rows, "path_conversions": path_conversions, "path_values": path_values}
        if len(channels) <= _DENSE_BITS:
            space = 1 << len(channels)
            counts = np.bincount(masks, weights=occurrences, minlength=space)
            present = np.flatnonzero(counts > 0)
            return cls(
                channels=channels,
                sets=present,
                counts=counts[present],
                conversions=np.bincount(masks, weights=conversions, minlength=space)[present],
                values=np.bincount(masks, weights=values, minlength=space)[present],
                **paths,
            )
        found, inverse = np.unique(masks, return_inverse=True)
        inverse = inverse.reshape(-1)
        counts = np.bincount(inverse, weights=occurrences, minlength=found.size)
        used = counts > 0
        return cls(
            channels=channels,
            sets=found[used],
            counts=counts[used],
            conversions=np.bincount(inverse, weights=conversions, minlength=found.size)[used],
            values=np.bincount(inverse, weights=values, minlength=found.size)[used],
            **paths,
        )

    def set_labels(self) -> tuple[str, ...]:
        """Readable names of the sets: ``"email + social"``.

        Examples:
            >>> from socialroi.attribution import Journeys, Shapley
            >>> Shapley().statistics(Journeys.from_paths(["b > a > b", "a"], conversions=[1, 1])).set_labels()
            ('a', 'a + b')
        """
        members = _members(self.sets, len(self.channels))
        return tuple(
            " + ".join(name for name, inside in zip(self.channels, row, strict=True) if inside)
            for row in members.tolist()
        )

    def __add__(self, other: ShapleyStatistics) -> ShapleyStatistics:
        if not isinstance(other, ShapleyStatistics):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        channels, mine_codes, their_codes = merge_channels(self.channels, other.channels)
        _check_vocabulary(len(channels))
        mine, theirs = self.sets, other.sets
        if channels != self.channels:
            mine = _masks(_place(self.sets, mine_codes, len(channels)))
        if channels != other.channels:
            theirs = _masks(_place(other.sets, their_codes, len(channels)))
        found, inverse = np.unique(np.concatenate([mine, theirs]), return_inverse=True)
        inverse = inverse.reshape(-1)

        def total(field: str) -> FloatArray:
            weights = np.concatenate([getattr(self, field), getattr(other, field)])
            return np.bincount(inverse, weights=weights, minlength=found.size).astype(np.float64)

        paths: dict[str, object] = {}
        if (_paths_of(self) is None) != (_paths_of(other) is None):
            msg = "cannot add ordered and unordered Shapley statistics (compute both with the same model)"
            raise InvalidInputError(msg)
        mine_paths, their_paths = _paths_of(self), _paths_of(other)
        if mine_paths is not None and their_paths is not None:
            pad = np.array([-1], dtype=np.int64)
            first, second = mine_paths[0], their_paths[0]
            shape = (first.shape[0] + second.shape[0], max(first.shape[1], second.shape[1]))
            rows = np.full(shape, -1, dtype=np.int16)
            rows[: first.shape[0], : first.shape[1]] = np.concatenate([mine_codes, pad])[first]
            rows[first.shape[0] :, : second.shape[1]] = np.concatenate([their_codes, pad])[second]
            merged = _unique_paths(
                rows,
                np.concatenate([mine_paths[1], their_paths[1]]),
                np.concatenate([mine_paths[2], their_paths[2]]),
            )
            paths = {"paths": merged[0], "path_conversions": merged[1], "path_values": merged[2]}
        return ShapleyStatistics(
            channels=channels,
            sets=found,
            counts=total("counts"),
            conversions=total("conversions"),
            values=total("values"),
            **paths,
        )

    __hash__ = None  # type: ignore[assignment]

    def rates(self, smoothing: float) -> FloatArray:
        """Smoothed conversion rate ``(c_S + a p0) / (n_S + a)`` of every set.

        Args:
            smoothing: The pseudo-count ``a`` (>= 0).

        Returns:
            One rate per set, in the order of ``sets``.

        Examples:
            >>> from socialroi.attribution import Journeys, Shapley
            >>> stats = Shapley().statistics(Journeys.from_paths(["a", "b"], conversions=[1, 3], nulls=[3, 1]))
            >>> stats.rates(0.0), stats.rates(4.0)
            (array([0.25, 0.75]), array([0.375, 0.625]))
        """
        total = float(self.counts.sum())
        overall = float(self.conversions.sum()) / total if total > 0 else 0.0
        result: FloatArray = (self.conversions + smoothing * overall) / (self.counts + smoothing)
        return result


def _subset_bits(size: int) -> NDArray[np.bool_]:
    """``(2**size, size)``: row ``s`` holds the bits of local subset ``s``."""
    return ((np.arange(1 << size)[:, None] >> np.arange(size)) & 1).astype(bool)


def _transform(table: FloatArray, size: int, operation: Literal["max", "mobius"]) -> None:
    """In-place subset transform along the last axis of ``table`` (``2**size`` local subsets)."""
    rows = table.shape[0]
    for bit in range(size):
        view = table.reshape(rows, -1, 2, 1 << bit)
        if operation == "max":
            np.maximum(view[:, :, 1], view[:, :, 0], out=view[:, :, 1])
        else:
            view[:, :, 1] -= view[:, :, 0]


def _lookup(
    statistics_sets: IntArray, rates: FloatArray, masks: IntArray
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Rates of arbitrary masks (``-inf`` and ``False`` where the set was not observed)."""
    at = np.minimum(np.searchsorted(statistics_sets, masks), statistics_sets.size - 1)
    found = statistics_sets[at] == masks
    return np.where(found, rates[at], -np.inf), found


def exact_values(
    sets: IntArray, rates: FloatArray, targets: IntArray, size: int, unobserved: Unobserved
) -> tuple[FloatArray, IntArray]:
    """Shapley values of the local games of ``targets`` (all with ``size`` channels).

    Returns ``(values, positions)``, both ``(n_targets, size)``: ``values[t, j]`` belongs to the channel
    with code ``positions[t, j]``.
    """
    n_targets = targets.size
    members = _members(targets, MAX_VOCABULARY + 1)
    positions = np.nonzero(members)[1].reshape(n_targets, size).astype(np.int64)
    local = _subset_bits(size)
    weights = np.zeros(1 << size)
    weights[1:] = 1.0 / local[1:].sum(axis=1)
    result = np.empty((n_targets, size))
    block = max(1, _BLOCK >> size)
    for start in range(0, n_targets, block):
        chunk = positions[start : start + block]
        masks = local.astype(np.int64) @ np.left_shift(np.int64(1), chunk).T
        table, found = _lookup(sets, rates, np.ascontiguousarray(masks.T))
        if unobserved == "max_subset":
            best = table.copy()
            _transform(best, size, "max")
            table = np.where(found, table, np.where(np.isfinite(best), best, 0.0))
        else:
            table = np.where(found, table, 0.0)
        table[:, 0] = 0.0
        _transform(table, size, "mobius")
        result[start : start + block] = (table * weights) @ local
    return result, positions


def sampled_values(
    sets: IntArray,
    rates: FloatArray,
    target: int,
    *,
    samples: int,
    unobserved: Unobserved,
    generator: np.random.Generator,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """Permutation-sampling estimate of the Shapley values of one local game, with standard errors.

    Each permutation's marginal contributions add up to ``v(T)`` exactly, so shares built from the
    estimate are exactly efficient. Returns ``(values, standard_errors, positions)``.
    """
    positions = np.flatnonzero(_members(np.array([target], dtype=np.int64), MAX_VOCABULARY + 1)[0])
    size = positions.size
    order = generator.permuted(np.tile(np.arange(size), (samples, 1)), axis=1)
    bits = np.left_shift(np.int64(1), positions.astype(np.int64))[order]
    after = np.cumsum(bits, axis=1)
    masks = np.concatenate([after.reshape(-1), (after - bits).reshape(-1)])
    inside = (sets & ~np.int64(target)) == 0
    inside_sets, inside_rates = sets[inside], rates[inside]
    values, found = _lookup(inside_sets, inside_rates, masks)
    if unobserved == "max_subset":
        best = np.full(masks.size, -np.inf)
        step = max(1, _BLOCK // max(1, inside_sets.size))
        for start in range(0, masks.size, step):
            block = masks[start : start + step]
            subset = (inside_sets[None, :] & ~block[:, None]) == 0
            best[start : start + step] = np.max(np.where(subset, inside_rates[None, :], -np.inf), axis=1)
        values = np.where(found, values, np.where(np.isfinite(best), best, 0.0))
    else:
        values = np.where(found, values, 0.0)
    values[masks == 0] = 0.0
    contribution = values[: after.size] - values[after.size :]
    marginal = np.empty((samples, size))
    np.put_along_axis(marginal, order, contribution.reshape(samples, size), axis=1)
    errors = marginal.std(axis=0, ddof=1) / np.sqrt(samples) if samples > 1 else np.full(size, np.nan)
    return marginal.mean(axis=0), errors, positions


@attrs.frozen(kw_only=True)
class SetCredits:
    """Per-channel results of splitting every converting set by its local Shapley values."""

    conversions: FloatArray
    value: FloatArray
    raw_conversions: FloatArray
    standard_errors: FloatArray
    value_standard_errors: FloatArray
    negative_sets: int
    sampled_sets: int


def split_sets(
    statistics: ShapleyStatistics,
    *,
    smoothing: float,
    unobserved: Unobserved,
    clip_negative: bool,
    max_channels: int,
    sampling: int | None,
    seed: int,
) -> SetCredits:
    """Split each converting set's conversions and value among its channels by local Shapley values."""
    n_channels = len(statistics.channels)
    rates = statistics.rates(smoothing)
    converting = statistics.conversions > 0
    targets = statistics.sets[converting]
    target_conversions = statistics.conversions[converting]
    target_values = statistics.values[converting]
    sizes = popcount(targets)
    conversions = np.zeros(n_channels)
    value = np.zeros(n_channels)
    raw = np.zeros(n_channels)
    variance = np.zeros(n_channels)
    value_variance = np.zeros(n_channels)
    negative = 0
    too_large = sizes > max_channels
    if too_large.any() and sampling is None:
        index = int(np.flatnonzero(too_large)[0])
        msg = (
            f"a converting channel set has {int(sizes[index])} channels, more than 'max_channels' "
            f"({max_channels}); exact Shapley values need 2**{int(sizes[index])} coalitions: pass "
            "sampling=n to estimate them from n random channel orders (with a seed), or raise max_channels"
        )
        raise InvalidInputError(msg)
    exact = sizes[~too_large]
    if exact.size:
        largest = int(exact.max())
        # One block of local games: the 2**size subset table, its max-transform copy, the masks and
        # lookups (about five 8-byte values per subset) and the subset bits.
        _check.memory("max_channels", max_channels, float(2**largest) * (5 * 8 + largest))
    if sampling is not None and too_large.any():
        # The orders, their bits, cumulative masks, looked-up worths and marginal contributions.
        _check.memory("sampling", sampling, float(sampling) * int(sizes.max()) * 8 * 10)

    def credit(values: FloatArray, positions: IntArray, rows: NDArray[np.bool_]) -> FloatArray:
        nonlocal negative
        total: FloatArray = values.sum(axis=1, keepdims=True)
        negative += int((values < 0).any(axis=1).sum())
        np.add.at(raw, positions, values / total * target_conversions[rows, None])
        if clip_negative:
            values = np.maximum(values, 0.0)
        shares = values / values.sum(axis=1, keepdims=True)
        np.add.at(conversions, positions, shares * target_conversions[rows, None])
        np.add.at(value, positions, shares * target_values[rows, None])
        return total

    for size in np.unique(sizes[~too_large]).tolist():
        rows = sizes == size
        values, positions = exact_values(statistics.sets, rates, targets[rows], size, unobserved)
        credit(values, positions, rows)
    sampled = np.flatnonzero(too_large)
    if sampled.size:
        generator = np.random.default_rng(seed)
        for index in sampled.tolist():
            rows = np.zeros(targets.size, dtype=bool)
            rows[index] = True
            estimate, errors, positions = sampled_values(
                statistics.sets,
                rates,
                int(targets[index]),
                samples=int(sampling or 0),
                unobserved=unobserved,
                generator=generator,
            )
            total = credit(estimate[None, :], positions[None, :], rows)
            scale = 1.0 / float(total[0, 0])
            variance[positions] += (errors * scale * target_conversions[index]) ** 2
            value_variance[positions] += (errors * scale * target_values[index]) ** 2
    return SetCredits(
        conversions=conversions,
        value=value,
        raw_conversions=raw,
        standard_errors=np.sqrt(variance),
        value_standard_errors=np.sqrt(value_variance),
        negative_sets=negative,
        sampled_sets=int(sampled.size),
    )


@attrs.frozen(kw_only=True)
class Shapley:
    """Shapley attribution: each converting channel set's conversions split by exact Shapley values.

    ``game="conversion_rate"`` (the default) plays, for every observed converting channel set ``T``, the
    local game on the subsets of ``T`` whose worth is the smoothed conversion rate
    ``v(S) = (c_S + a p0) / (n_S + a)`` of the journeys whose distinct channels are exactly ``S``
    (``a = smoothing``, ``p0`` the overall conversion rate, ``v(empty) = 0``). A subset nobody
    travelled takes the largest rate of its observed subsets (``unobserved="max_subset"``; the idea is
    that adding a channel to a journey should not make a known combination worse than unseen), or 0
    (``unobserved="zero"``). The Shapley values come from the Möbius transform (Harsanyi dividends
    ``d(S)``, then ``phi_i = sum of d(S) / |S|`` over ``S ∋ i``) in ``O(2^|T| |T|)``, and ``T``'s
    conversions and value are split in proportion to them. Values are exact; a channel that lowers
    the rate of a set gets a negative value, which is kept (``extras["negative_sets"]`` counts those
    sets) unless ``clip_negative=True`` zeroes it and renormalises.

    A converting set with more than ``max_channels`` channels raises an error unless ``sampling=n``:
    then its values are estimated from ``n`` random channel orders (seeded), exactly efficient, with
    their standard errors in ``extras["standard_errors"]``. Memory never grows as ``2**channels``
    beyond ``max_channels``.

    ``ordered=True`` respects the order of the touches: each converting journey's channels join the
    coalition in the order of their first touch, and channel ``i`` earns ``v(channels up to i) -
    v(channels before i)`` of that journey (the random-order value with the observed orders instead of
    all orders equally likely). It needs no ``2**|T|`` enumeration, so ``max_channels`` does not apply.

    ``game="simplified"`` is the "simplified Shapley" of other tools, which is the same as
    ``Linear(level="channel")``: in the game where a set is worth its own conversions and nothing else
    (a unanimity game ``c_T u_T``) every member of ``T`` gets ``c_T / |T|``. It is computed by that
    model and named ``"shapley (simplified)"``.

    Attributes:
        game: ``"conversion_rate"`` or ``"simplified"``.
        smoothing: Pseudo-journeys at the overall rate added to every set (>= 0).
        unobserved: Worth of unobserved subsets: ``"max_subset"`` or ``"zero"``.
        clip_negative: Zero negative Shapley values and renormalise.
        max_channels: Largest converting set solved exactly (1 to 62).
        sampling: Random channel orders per larger set, or ``None`` to raise on such sets.
        seed: Seed of the sampling, a whole number >= 0 (``None`` is rejected: results must be
            reproducible).
        ordered: Order-respecting (path) Shapley, as above (only with ``game="conversion_rate"``).

    Examples:
        >>> from socialroi.attribution import Journeys, Shapley
        >>> journeys = Journeys.from_paths(
        ...     ["social > email", "social", "email"], conversions=[3, 1, 2], nulls=[1, 3, 2])
        >>> model = Shapley(smoothing=0)
        >>> model.credits(model.statistics(journeys)).conversions
        array([4., 2.])
        >>> ordered = Shapley(smoothing=0, ordered=True)
        >>> ordered.credits(ordered.statistics(journeys)).conversions  # social first: 1/4, then email: 1/2
        array([4., 2.])
    """

    game: Literal["conversion_rate", "simplified"] = attrs.field(
        default="conversion_rate", validator=choice(("conversion_rate", "simplified"))
    )
    smoothing: float = attrs.field(default=1.0, converter=real, validator=number(NON_NEGATIVE))
    unobserved: Unobserved = attrs.field(default="max_subset", validator=choice(("max_subset", "zero")))
    clip_negative: bool = attrs.field(default=False, validator=flag())
    max_channels: int = attrs.field(
        default=20, converter=integer, validator=whole(minimum=1, maximum=MAX_VOCABULARY)
    )
    sampling: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=2)))
    seed: int = attrs.field(default=0, converter=integer, validator=whole(minimum=0))
    ordered: bool = attrs.field(default=False, validator=flag())

    def __attrs_post_init__(self) -> None:
        if self.ordered and self.game != "conversion_rate":
            msg = f"'ordered' needs game='conversion_rate' (got game={self.game!r})"
            raise InvalidInputError(msg)

    @property
    def name(self) -> str:
        """``"shapley (conversion rate)"``, ``"shapley (conversion rate, ordered)"`` or ``"shapley (simplified)"``.

        Examples:
            >>> from socialroi.attribution import Shapley
            >>> Shapley(game="simplified").name
            'shapley (simplified)'
        """
        if self.game == "simplified":
            return "shapley (simplified)"
        return "shapley (conversion rate, ordered)" if self.ordered else "shapley (conversion rate)"

    def statistics(self, journeys: Journeys) -> ShapleyStatistics:
        """Journeys, conversions and value per distinct channel set (mergeable with ``+``).

        Args:
            journeys: The journeys.

        Returns:
            The sufficient statistic.

        Raises:
            InvalidInputError: With more than 62 channels in the vocabulary.

        Examples:
            >>> from socialroi.attribution import Journeys, Shapley
            >>> stats = Shapley().statistics(Journeys.from_paths(["a > b", "b > a", "a"], conversions=[2, 1, 1]))
            >>> stats.set_labels(), stats.conversions
            (('a', 'a + b'), array([1., 3.]))
        """
        return ShapleyStatistics.from_arrays(
            journeys.codes,
            journeys.offsets,
            journeys.conversions,
            journeys.nulls,
            journeys.values,
            channels=journeys.channels,
            ordered=self.ordered,
        )

    def credits(self, statistics: ShapleyStatistics) -> Credits:
        """Conversion and value credits from the per-set statistics.

        ``extras``: ``raw_conversions`` (credits before ``clip_negative``), ``negative_sets`` (sets
        where some channel's value is negative), ``sampled_sets``, ``standard_errors`` and
        ``value_standard_errors`` (per channel, 0 when every set was exact).

        Args:
            statistics: Per-set statistics.

        Returns:
            The credits.

        Raises:
            InvalidInputError: When a converting set exceeds ``max_channels`` and ``sampling`` is None,
                or an ordered model gets statistics without paths.

        Examples:
            >>> from socialroi.attribution import Journeys, Shapley
            >>> journeys = Journeys.from_paths(["a > b", "a", "b"], conversions=[1, 5, 1], nulls=[9, 5, 9])
            >>> result = Shapley(smoothing=0).credits(Shapley().statistics(journeys))
            >>> result.conversions, result.extras["negative_sets"]
            (array([ 7.5, -0.5]), 1)
        """
        if self.game == "simplified":
            return _simplified(statistics)
        if self.ordered:
            return self._credits(
                statistics,
                split_paths(
                    statistics,
                    smoothing=self.smoothing,
                    unobserved=self.unobserved,
                    clip_negative=self.clip_negative,
                ),
            )
        result = split_sets(
            statistics,
            smoothing=self.smoothing,
            unobserved=self.unobserved,
            clip_negative=self.clip_negative,
            max_channels=self.max_channels,
            sampling=self.sampling,
            seed=self.seed,
        )
        return self._credits(statistics, result)

    @staticmethod
    def _credits(statistics: ShapleyStatistics, result: SetCredits) -> Credits:
        return Credits(
            channels=statistics.channels,
            conversions=result.conversions,
            value=result.value,
            extras={
                "raw_conversions": result.raw_conversions,
                "negative_sets": result.negative_sets,
                "sampled_sets": result.sampled_sets,
                "standard_errors": result.standard_errors,
                "value_standard_errors": result.value_standard_errors,
            },
        )


def _worth(sets: IntArray, rates: FloatArray, masks: IntArray, unobserved: Unobserved) -> FloatArray:
    """``v`` at arbitrary masks: observed rate, else the best observed subset (or 0); ``v(empty) = 0``."""
    worth, found = _lookup(sets, rates, masks)
    missing = np.flatnonzero(~found)
    if unobserved == "max_subset" and missing.size:
        best = np.full(missing.size, -np.inf)
        step = max(1, _BLOCK // max(1, sets.size))
        for start in range(0, missing.size, step):
            block = masks[missing[start : start + step]]
            inside = (sets[None, :] & ~block[:, None]) == 0
            best[start : start + step] = np.max(np.where(inside, rates[None, :], -np.inf), axis=1)
        worth[missing] = best
    worth[~np.isfinite(worth)] = 0.0
    worth[masks == 0] = 0.0
    return worth


def split_paths(
    statistics: ShapleyStatistics, *, smoothing: float, unobserved: Unobserved, clip_negative: bool
) -> SetCredits:
    """Order-respecting Shapley: each converting journey's channels join in their first-touch order.

    Channel ``i`` of a path earns ``v(channels up to i) - v(channels before i)``; the path's
    conversions and value are split in proportion (the contributions add up to ``v`` of the set).
    """
    parts = _paths_of(statistics)
    if parts is None:
        msg = (
            "ordered Shapley needs statistics with paths: compute them with Shapley(ordered=True).statistics"
        )
        raise InvalidInputError(msg)
    paths, path_conversions, path_values = parts
    n_channels = len(statistics.channels)
    valid = paths >= 0
    bits = np.where(valid, np.left_shift(np.int64(1), np.maximum(paths, 0).astype(np.int64)), 0)
    after = np.cumsum(bits, axis=1)
    masks, inverse = np.unique(
        np.concatenate([after.reshape(-1), (after - bits).reshape(-1)]), return_inverse=True
    )
    worth = _worth(statistics.sets, statistics.rates(smoothing), masks, unobserved)[inverse.reshape(-1)]
    gained = worth[: after.size].reshape(after.shape) - worth[after.size :].reshape(after.shape)
    marginal = np.where(valid, gained, 0.0)
    total = marginal.sum(axis=1, keepdims=True)
    codes = paths[valid]
    raw = _weighted_count(codes, (marginal / total * path_conversions[:, None])[valid], n_channels)
    negative = int((marginal < 0).any(axis=1).sum())
    if clip_negative:
        marginal = np.maximum(marginal, 0.0)
    shares = marginal / marginal.sum(axis=1, keepdims=True)
    zeros = np.zeros(n_channels)
    return SetCredits(
        conversions=_weighted_count(codes, (shares * path_conversions[:, None])[valid], n_channels),
        value=_weighted_count(codes, (shares * path_values[:, None])[valid], n_channels),
        raw_conversions=raw,
        standard_errors=zeros,
        value_standard_errors=zeros,
        negative_sets=negative,
        sampled_sets=0,
    )


def _simplified(statistics: ShapleyStatistics) -> Credits:
    """Each set's conversions and value split equally among its channels (channel-level linear)."""
    members = _members(statistics.sets, len(statistics.channels)).astype(np.float64)
    per_member = 1.0 / members.sum(axis=1)
    return Credits(
        channels=statistics.channels,
        conversions=members.T @ (statistics.conversions * per_member),
        value=members.T @ (statistics.values * per_member),
        extras={},
    )
