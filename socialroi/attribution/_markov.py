"""Exact Markov-chain attribution: removal effects of an absorbing chain of any order, by linear solves.

The journeys become an absorbing Markov chain. Its transient states are START and, at order ``k``, the
tuples of the last (up to) ``k`` channels of a journey; its absorbing states are CONV and NULL. A
journey ``a b c`` that converts contributes the transitions START → (a) → (a, b) → (a, b, c) → CONV at
order 3 (tuples shorter than ``k`` at the start of a journey). Each journey row weighs as often as it
occurred (``conversions + nulls``), and its last state moves to CONV ``conversions`` times and to NULL
``nulls`` times.

The probability of conversion from every transient state solves ``(I - Q) x = r``, with ``Q`` the
transitions among transient states and ``r`` the probability of moving straight to CONV. The matrix is
factorised, never inverted. Removing channel ``c`` deletes every state whose tuple contains ``c``:

* ``removal="null"``: traffic that would have entered such a state is lost (it goes to NULL). Then
  ``P(-c)`` is the probability of converting without ever touching ``c``.
* ``removal="skip"``: each remaining state's transitions into the deleted states are dropped and its
  other transitions renormalised, so a visitor who would have gone to ``c`` takes one of the routes
  that its state offers otherwise (another channel, converting, or leaving): substitution instead of
  loss. A state with no way out of the remaining states (every outflow led into ``c``, or only a closed
  loop of such states is left) can go nowhere and is lost (it goes to NULL).

``RE_c = 1 - P(-c) / P`` is the removal effect; channel credits are
``max(RE_c, 0) / sum(max(RE, 0)) * conversions``: a negative effect (skip removal only) earns nothing.
The value version replaces ``r`` by the expected conversion value of leaving each state to CONV (the
mean conversion value of journeys ending in that state times the probability of converting from it),
so ``y`` solving ``(I - Q) y = r_v`` is the expected value from every state, with no sampling.
"""

from __future__ import annotations

import math
from typing import Any, Literal, Self, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi import _check
from socialroi._arrays import ARRAY_EQ, FRACTION, NON_NEGATIVE, POSITIVE, Rule, generator, warn
from socialroi._check import choice, each, flag, integer, number, to_tuple, whole
from socialroi._display import plain
from socialroi.attribution._journeys import Journeys
from socialroi.attribution._models import Credits
from socialroi.attribution._vocabulary import (
    CHANNEL_NAMES,
    STATISTICS_CHANNELS,
    float_array,
    int_array,
    merge_channels,
    narrow_int_array,
    vector,
)
from socialroi.exceptions import InvalidInputError, MissingDataError

__all__ = ["Markov", "MarkovStatistics", "OrderSelection", "TransitionMatrix"]

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]
Removal: TypeAlias = Literal["null", "skip"]

#: Largest key space (number of possible (k+1)-grams) counted with a dense ``bincount``; larger spaces
#: are counted with a sort.
_DENSE_KEYS = 1 << 22


_narrow_states = narrow_int_array(np.int32)


def _state_rows(value: object) -> Any:
    """Converter: state rows as a read-only int32 copy; anything else unchanged."""
    return _narrow_states(value)


_SCORE = Rule(-math.inf, math.inf, "a number")
_OPEN_FRACTION = Rule(5e-324, 1.0 - 2.0**-53, "strictly between 0 and 1")


def _sum_by_key(keys: IntArray, weights: FloatArray) -> tuple[IntArray, FloatArray]:
    """Sum ``weights`` per distinct key (by sorting); returns the sorted distinct keys and their sums."""
    unique, inverse = np.unique(keys, return_inverse=True)
    sums = np.bincount(inverse.reshape(-1), weights=weights, minlength=unique.size)
    return unique.astype(np.int64), np.asarray(sums, dtype=np.float64)


def _sum_at(keys: IntArray, weights: FloatArray, space: int, wanted: IntArray) -> FloatArray:
    """Sums of ``weights`` per key, at the sorted keys ``wanted`` (0 where a wanted key never occurs)."""
    if space <= _DENSE_KEYS:
        return np.asarray(np.bincount(keys, weights=weights, minlength=space)[wanted], dtype=np.float64)
    found, sums = _sum_by_key(keys, weights)
    at = np.minimum(np.searchsorted(found, wanted), found.size - 1)
    return np.where(found[at] == wanted, sums[at], 0.0)


def collapse_repeats(codes: NDArray[np.integer], offsets: IntArray) -> tuple[NDArray[np.integer], IntArray]:
    """Drop touches that repeat the channel of the touch just before them in the same journey.

    Returns the kept codes and the new offsets; every journey keeps at least its first touch.
    """
    keep = np.ones(codes.size, dtype=bool)
    if codes.size > 1:
        np.not_equal(codes[1:], codes[:-1], out=keep[1:])
    keep[offsets[:-1]] = True
    kept = np.zeros(codes.size + 1, dtype=np.int64)
    np.cumsum(keep, out=kept[1:])
    return codes[keep], kept[offsets]


def _decode(keys: IntArray, base: int, order: int) -> NDArray[np.int32]:
    """State keys → rows of channel codes, oldest first, ``-1`` padding on the left."""
    rows = np.empty((keys.size, order), dtype=np.int32)
    rest = keys.copy()
    for column in range(order - 1, -1, -1):
        rows[:, column] = rest % base - 1
        rest //= base
    return rows


def _encode(rows: NDArray[np.integer], base: int) -> IntArray:
    keys = np.zeros(rows.shape[0], dtype=np.int64)
    for column in range(rows.shape[1]):
        keys = keys * base + rows[:, column].astype(np.int64) + 1
    return keys


def _check_vocabulary_order(n_channels: int, order: int) -> None:
    if (order + 1) * math.log2(n_channels + 1) >= 62:
        msg = (
            f"'order' {order} is too high for {n_channels} channels: the state keys would not fit in 64 bits "
            "(choose a lower order)"
        )
        raise InvalidInputError(msg)


@attrs.frozen(kw_only=True)
class MarkovStatistics:
    """Transition counts of the journeys at one order: the sufficient statistic of `Markov`.

    Statistics of disjoint partitions of the journeys add up with ``+`` to the statistics of all of them
    (channels are matched by name), so they can be computed per partition on any engine and solved once.
    Counts are sums of journey weights; with integer counts the sum is exact.

    Attributes:
        channels: Channel vocabulary; code ``i`` in ``states`` means ``channels[i]``.
        order: Number of most recent channels in a state.
        states: ``(n_states, order)`` channel codes of each transient state, oldest first, ``-1`` where
            a state at the start of a journey has fewer than ``order`` channels. Row 0 (all ``-1``) is
            START. Rows are sorted.
        sources: Row index in ``states`` of the source of each transient → transient transition.
        targets: Row index of its target. Pairs ``(sources, targets)`` are sorted and distinct.
        counts: Number of times each of those transitions was taken.
        conversions: Per state, the number of transitions to CONV.
        nulls: Per state, the number of transitions to NULL.
        values: Per state, the total conversion value of the journeys that converted from it.

    Examples:
        >>> import numpy as np
        >>> from socialroi.attribution import MarkovStatistics
        >>> stats = MarkovStatistics.from_arrays(
        ...     np.array([0, 1, 1]), np.array([0, 2, 3]), np.array([1.0, 0.0]), np.array([0.0, 1.0]),
        ...     np.array([10.0, 0.0]), channels=("email", "social"), order=1)
        >>> stats.state_labels()
        ('START', 'email', 'social')
        >>> stats.counts.tolist(), stats.conversions.tolist(), stats.nulls.tolist()
        ([1.0, 1.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0])
    """

    channels: tuple[str, ...] = attrs.field(validator=STATISTICS_CHANNELS)
    order: int = attrs.field(converter=integer, validator=whole(minimum=1))
    states: NDArray[np.int32] = attrs.field(converter=_state_rows, validator=vector(ndim=2), eq=ARRAY_EQ)
    sources: IntArray = attrs.field(converter=int_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    targets: IntArray = attrs.field(converter=int_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    counts: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    conversions: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    nulls: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)
    values: FloatArray = attrs.field(converter=float_array, validator=vector(NON_NEGATIVE), eq=ARRAY_EQ)

    def __attrs_post_init__(self) -> None:
        n_states, width = self.states.shape
        if width != self.order or n_states == 0:
            msg = f"'states' must be an (n_states, order) = (>= 1, {self.order}) matrix (got shape {self.states.shape})"
            raise InvalidInputError(msg)
        if self.states.size and (int(self.states.min()) < -1 or int(self.states.max()) >= len(self.channels)):
            msg = f"'states' must be channel codes from -1 to {len(self.channels) - 1} (got {self.states.tolist()!r})"
            raise InvalidInputError(msg)
        for name in ("targets", "counts"):
            if getattr(self, name).size != self.sources.size:
                msg = f"{name!r} must have one value per transition ({self.sources.size}) (got {getattr(self, name).size})"
                raise InvalidInputError(msg)
        for name in ("conversions", "nulls", "values"):
            if getattr(self, name).size != n_states:
                msg = f"{name!r} must have one value per state ({n_states}) (got {getattr(self, name).size})"
                raise InvalidInputError(msg)
        for name in ("sources", "targets"):
            rows: IntArray = getattr(self, name)
            if rows.size and int(rows.max()) >= n_states:
                msg = f"{name!r} must be state rows from 0 to {n_states - 1} (got {int(rows.max())})"
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
        order: int,
    ) -> Self:
        """Count the transitions of journeys given in CSR form (see `Journeys`); arrays are trusted.

        Consecutive repeats of a channel are collapsed first. Journey rows that never occurred
        (``conversions + nulls == 0``) contribute nothing. `Markov.statistics` calls this with the
        arrays of a [`Journeys`][socialroi.attribution.Journeys], which are validated.

        Args:
            codes: Channel code per touch, journeys concatenated.
            offsets: Journey boundaries (``n_journeys + 1`` values).
            conversions: Conversions per journey.
            nulls: Non-converting occurrences per journey.
            values: Conversion value per journey.
            channels: The channel vocabulary.
            order: Number of most recent channels in a state.

        Returns:
            The transition counts.

        Raises:
            InvalidInputError: When the order is too high for the vocabulary (64-bit state keys).
        """
        n_channels = len(channels)
        _check_vocabulary_order(n_channels, order)
        base = n_channels + 1
        occurrences = conversions + nulls
        codes, offsets = collapse_repeats(np.asarray(codes), np.asarray(offsets, dtype=np.int64))
        n_touches = codes.size
        space: int = base ** (order + 1)
        span: int = base**order
        key_type = np.int32 if space < (1 << 31) else np.int64
        # (order + 1)-gram key of every touch: digit j (weight base**j) is the channel j touches back,
        # plus one; 0 pads before the start of the journey. The gram is the transition (previous state
        # -> this state) and also names both states. ``blocked`` marks touches whose digit ``back``
        # would reach before their journey's start.
        first = np.zeros(n_touches, dtype=bool)
        first[offsets[:-1]] = True
        blocked = first.copy()
        grams: NDArray[Any] = codes.astype(key_type) + 1
        digit: NDArray[Any] = np.empty(n_touches, dtype=key_type)
        for back in range(1, order + 1):
            digit[:back] = 0
            np.add(codes[:-back] if back < n_touches else codes[:0], 1, out=digit[back:], casting="unsafe")
            np.putmask(digit, blocked, 0)
            grams += digit * base**back
            blocked[back:] |= first[:-back] if back < n_touches else first[:0]
        del digit, blocked, first
        lengths = np.diff(offsets)
        if space <= _DENSE_KEYS:
            if occurrences.size and occurrences.min() == occurrences.max():
                # Every row occurred equally often (one row per customer): count without weights.
                totals = np.bincount(grams, minlength=space).astype(np.float64) * float(occurrences[0])
            else:
                totals = np.asarray(
                    np.bincount(grams, weights=np.repeat(occurrences, lengths), minlength=space),
                    dtype=np.float64,
                )
            gram_keys = np.flatnonzero(totals).astype(np.int64)
            counts = totals[gram_keys]
        else:
            gram_keys, counts = _sum_by_key(grams.astype(np.int64), np.repeat(occurrences, lengths))
            used = counts > 0
            gram_keys, counts = gram_keys[used], counts[used]
        last = grams[offsets[1:] - 1].astype(np.int64) % span
        del grams
        source_keys = gram_keys // base
        target_keys = gram_keys % span
        state_keys = np.unique(np.concatenate([np.zeros(1, np.int64), source_keys, target_keys]))
        per_state = [_sum_at(last, weights, span, state_keys) for weights in (conversions, nulls, values)]
        return cls(
            channels=channels,
            order=order,
            states=_decode(state_keys, base, order),
            sources=np.searchsorted(state_keys, source_keys),
            targets=np.searchsorted(state_keys, target_keys),
            counts=counts,
            conversions=per_state[0],
            nulls=per_state[1],
            values=per_state[2],
        )

    @property
    def n_states(self) -> int:
        """Number of transient states, START included.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> Markov(order=2).statistics(Journeys.from_paths(["a > b > a"], conversions=[1])).n_states
            4
        """
        return int(self.states.shape[0])

    @property
    def journeys(self) -> float:
        """Number of journeys counted (the transitions out of START).

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> Markov().statistics(Journeys.from_paths(["a", "b"], conversions=[1, 0], nulls=[2, 3])).journeys
            6.0
        """
        return float(self.counts[self.sources == 0].sum())

    def state_labels(self) -> tuple[str, ...]:
        """Readable names of the states: ``"START"``, ``"email"``, ``"email > social"``.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> Markov(order=2).statistics(Journeys.from_paths(["a > b > a"], conversions=[1])).state_labels()
            ('START', 'a', 'a > b', 'b > a')
        """
        labels: list[str] = []
        rows: list[list[int]] = self.states.tolist()
        for row in rows:
            names = [self.channels[code] for code in row if code >= 0]
            labels.append(" > ".join(names) if names else "START")
        return tuple(labels)

    def __add__(self, other: MarkovStatistics) -> MarkovStatistics:
        if not isinstance(other, MarkovStatistics):  # pyright: ignore[reportUnnecessaryIsInstance]
            return NotImplemented
        if other.order != self.order:
            msg = f"cannot add Markov statistics of order {self.order} and order {other.order}"
            raise InvalidInputError(msg)
        channels, mine_codes, their_codes = merge_channels(self.channels, other.channels)
        _check_vocabulary_order(len(channels), self.order)
        base = len(channels) + 1
        pad = np.array([-1], dtype=np.int64)
        mine = _encode(np.concatenate([mine_codes, pad])[self.states], base)
        theirs = _encode(np.concatenate([their_codes, pad])[other.states], base)
        keys = np.unique(np.concatenate([mine, theirs]))
        mine_at, theirs_at = np.searchsorted(keys, mine), np.searchsorted(keys, theirs)
        n = keys.size
        pairs = np.concatenate(
            [
                mine_at[self.sources] * n + mine_at[self.targets],
                theirs_at[other.sources] * n + theirs_at[other.targets],
            ]
        )
        pair_keys, inverse = np.unique(pairs, return_inverse=True)
        counts = np.bincount(inverse.reshape(-1), weights=np.concatenate([self.counts, other.counts]))

        def per_state(field: str) -> FloatArray:
            total = np.zeros(n)
            np.add.at(total, mine_at, getattr(self, field))
            np.add.at(total, theirs_at, getattr(other, field))
            return total

        return MarkovStatistics(
            channels=channels,
            order=self.order,
            states=_decode(keys, base, self.order),
            sources=pair_keys // n,
            targets=pair_keys % n,
            counts=counts,
            conversions=per_state("conversions"),
            nulls=per_state("nulls"),
            values=per_state("values"),
        )

    __hash__ = None  # type: ignore[assignment]

    def count_matrix(self) -> FloatArray:
        """Dense ``(n_states, n_states)`` matrix of transition counts among transient states.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> Markov().statistics(Journeys.from_paths(["a > b"], conversions=[1], nulls=[1])).count_matrix()
            array([[0., 2., 0.],
                   [0., 0., 2.],
                   [0., 0., 0.]])
        """
        matrix = np.zeros((self.n_states, self.n_states))
        matrix[self.sources, self.targets] = self.counts
        return matrix

    def transition_matrix(self) -> TransitionMatrix:
        """Transition probabilities as a labelled matrix with the absorbing states CONV and NULL last.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> stats = Markov().statistics(Journeys.from_paths(["a > b", "b"], conversions=[1, 0], nulls=[1, 2]))
            >>> matrix = stats.transition_matrix()
            >>> matrix.states, matrix["START", "b"], matrix["b", "CONV"]
            (('START', 'a', 'b', 'CONV', 'NULL'), 0.5, 0.25)
        """
        n = self.n_states
        counts = np.zeros((n + 2, n + 2))
        counts[self.sources, self.targets] = self.counts
        counts[:n, n] = self.conversions
        counts[:n, n + 1] = self.nulls
        totals = counts[:n].sum(axis=1, keepdims=True)
        probabilities = np.zeros_like(counts)
        np.divide(counts[:n], totals, out=probabilities[:n], where=totals > 0)
        probabilities[n, n] = probabilities[n + 1, n + 1] = 1.0
        return TransitionMatrix(states=(*self.state_labels(), "CONV", "NULL"), probabilities=probabilities)


@attrs.frozen(kw_only=True)
class TransitionMatrix:
    """A row-stochastic transition matrix with a name for every row and column.

    Attributes:
        states: Labels of the rows (and columns): ``"START"``, the transient states, ``"CONV"``, ``"NULL"``.
        probabilities: ``probabilities[i, j]`` is the probability of moving from ``states[i]`` to
            ``states[j]``; the absorbing states move to themselves with probability 1.

    Examples:
        >>> import numpy as np
        >>> from socialroi.attribution import TransitionMatrix
        >>> matrix = TransitionMatrix(states=("START", "a", "CONV", "NULL"),
        ...     probabilities=np.array([[0, 1, 0, 0], [0, 0, 0.5, 0.5], [0, 0, 1, 0], [0, 0, 0, 1]]))
        >>> matrix["a", "CONV"]
        0.5
    """

    states: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    probabilities: FloatArray = attrs.field(
        converter=float_array, validator=vector(FRACTION, ndim=2), eq=ARRAY_EQ
    )

    def __attrs_post_init__(self) -> None:
        size = len(self.states)
        if self.probabilities.shape != (size, size):
            msg = f"'probabilities' must be a {size} x {size} matrix, one row and column per state (got shape {self.probabilities.shape})"
            raise InvalidInputError(msg)

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, key: tuple[str, str]) -> float:
        source, target = key
        return float(self.probabilities[self.states.index(source), self.states.index(target)])

    def to_dict(self) -> dict[str, dict[str, float]]:
        """Nested plain dict ``{source: {target: probability}}`` of the non-zero probabilities.

        Examples:
            >>> import numpy as np
            >>> from socialroi.attribution import TransitionMatrix
            >>> TransitionMatrix(states=("START", "a", "CONV", "NULL"),
            ...     probabilities=np.array([[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]])).to_dict()["a"]
            {'CONV': 1.0}
        """
        return {
            source: {
                target: float(p) for target, p in zip(self.states, row.tolist(), strict=True) if p != 0.0
            }
            for source, row in zip(self.states, self.probabilities, strict=True)
        }


@attrs.frozen(kw_only=True)
class _Solution:
    """Conversion probability and expected value per journey, with and without each channel."""

    probability: float
    value: float
    removed_probability: FloatArray
    removed_value: FloatArray


def _absorb(
    counts: FloatArray,
    diagonal: FloatArray,
    rhs: FloatArray,
    levels: IntArray,
    order: int,
    keep: NDArray[np.bool_],
) -> FloatArray:
    """Solve ``(diag(diagonal) - counts) x = rhs`` on the states ``keep``, with ``x = 0`` elsewhere.

    The chain is block triangular: a state of ``j < order`` channels only moves to states of ``j + 1``
    channels, and full states only to full states. So one dense LU solve on the full states is
    followed by substitution level by level down to START. A kept state from which no path leads out
    of the kept states (no outflow left, or only a closed loop of kept states, as ``a <-> b`` once
    skip removal drops their other exits) is lost: ``x = 0``, as if it went to NULL.
    """
    x = np.zeros_like(rhs)
    top = np.flatnonzero(keep & (levels == order))
    inside = counts[np.ix_(top, top)]
    exits = diagonal[top] - inside.sum(axis=1) > 1e-12 * diagonal[top]
    # States that reach an exit, found backwards one step at a time (at most one pass per state).
    reach = exits.copy()
    while True:
        grown = reach | (inside @ reach.astype(np.float64) > 0)
        if (grown == reach).all():
            break
        reach = grown
    system = np.diag(diagonal[top]) - inside
    stranded = np.flatnonzero(~reach)
    system[stranded, :] = 0.0
    system[stranded, stranded] = 1.0
    rhs_top = rhs[top].copy()
    rhs_top[stranded] = 0.0
    x[top] = np.linalg.solve(system, rhs_top)
    for level in range(order - 1, -1, -1):
        rows = np.flatnonzero(keep & (levels == level))
        scale = diagonal[rows, None]
        level_x = np.zeros((rows.size, rhs.shape[1]))
        np.divide(rhs[rows] + counts[rows] @ x, scale, out=level_x, where=scale > 0)
        x[rows] = level_x
    return x


#: Chains with more transient states than this are solved by `_iterate_removals` (all removals at once,
#: over the transitions) instead of one dense factorisation per channel.
_ITERATIVE_STATES = 256
#: Remaining probability mass below which the iteration stops: ``Q**t @ 1 <= 2**-64`` bounds the error
#: of every conversion probability by ``2**-64`` (and of every expected value by that times its largest).
_RESIDUAL = 2.0**-64
#: The iteration gives up (and the dense solves run) when it would need more steps than this.
_MAX_STEPS = 600


def _iterate_removals(statistics: MarkovStatistics) -> _Solution | None:
    """The full chain and every ``removal="null"`` chain by one batched fixed-point iteration.

    ``x = b + Q x`` (``b`` the absorption into CONV per visit, ``Q`` the transitions among transient
    states) is iterated from ``x = b`` for the full chain and, as further columns, for the chain without
    each channel (``x = 0`` on the states containing it). ``Q`` is sub-stochastic and non-negative, so the
    iterates grow monotonically to the solution and ``Q**t @ 1`` (the probability of still being in
    a transient state after ``t`` steps) bounds what is missing: the loop stops when it is below
    ``2**-64``. Each step is one gather over the transitions and one batched product, so a chain with
    1,600 states and 15,000 transitions costs about a millisecond per step (some 60 steps) instead
    of thirteen dense factorisations. Returns
    ``None`` (solve densely) when the mass decays too slowly or a state has no outflow.
    """
    n = statistics.n_states
    n_channels = len(statistics.channels)
    sources, targets = statistics.sources, statistics.targets
    outflow = np.bincount(sources, weights=statistics.counts, minlength=n) + statistics.conversions
    outflow += statistics.nulls
    if not bool(np.all(outflow > 0)):
        return None
    weights = statistics.counts / outflow[sources]
    # Column 0 the full chain, column 1 + c the chain without channel c; last axis conversions, value.
    keep = np.ones((n, n_channels + 1), dtype=np.float64)
    keep[:, 1:] = ~(statistics.states[:, :, None] == np.arange(n_channels, dtype=np.int32)).any(axis=1)
    exits = np.column_stack([statistics.conversions, statistics.values]) / outflow[:, None]
    absorbed = exits[:, None, :] * keep[:, :, None]
    # Transitions as a padded (state, k-th successor) table: a step is one gather and one batched
    # product (successors beyond a state's own point at the extra, always-zero state ``n``).
    by_source = np.argsort(sources, kind="stable")
    degree = np.bincount(sources, minlength=n)
    width = max(1, int(degree.max()))
    rank = np.empty(sources.size, dtype=np.int64)
    rank[by_source] = np.arange(sources.size) - np.repeat(np.cumsum(degree) - degree, degree)
    successor = np.full((n, width), n, dtype=np.int64)
    successor[sources, rank] = targets
    share = np.zeros((n, 1, width))
    share[sources, 0, rank] = weights
    x = np.zeros((n + 1, (n_channels + 1) * 2))
    absorbed = absorbed.reshape(n, -1)
    keep = np.repeat(keep, 2, axis=1)
    x[:n] = absorbed
    mass = np.ones(n + 1)
    mass[n] = 0.0
    previous = left = 1.0
    step = 0
    while left > _RESIDUAL:
        step += 1
        np.multiply(np.matmul(share, x[successor])[:, 0, :], keep, out=x[:n])
        x[:n] += absorbed
        mass[:n] = np.matmul(share, mass[successor][:, :, None])[:, 0, 0]
        left = float(mass.max())
        if step % 16 == 0 and left > _RESIDUAL:
            # The mass shrinks by a steady rate per step: give up as soon as reaching the bound would
            # take more than _MAX_STEPS steps in all.
            rate = (left / previous) ** (1.0 / 16)
            if rate >= 1.0 or step + math.log(_RESIDUAL / left) / math.log(rate) > _MAX_STEPS:
                return None
            previous = left
    start = x[0].reshape(n_channels + 1, 2)  # START's row: the full chain, then without each channel
    return _Solution(
        probability=float(start[0, 0]),
        value=float(start[0, 1]),
        removed_probability=start[1:, 0].copy(),
        removed_value=start[1:, 1].copy(),
    )


def _solve_removals(statistics: MarkovStatistics, removal: Removal, max_states: int) -> _Solution:
    """Solve the full chain and the chain without each channel (one dense LU solve each)."""
    n = statistics.n_states
    if n > max_states:
        msg = (
            f"the chain has {n} states, more than 'max_states' ({max_states}); lower the order or raise "
            "'max_states' (a dense solve needs 8 * n_states**2 bytes)"
        )
        raise InvalidInputError(msg)
    # The count matrix, the system and its LU copy, the transition matrix shown in the extras and
    # its counts: about six dense n x n float64 matrices at once.
    _check.memory("max_states", max_states, 6 * 8.0 * (n + 2) ** 2)
    if removal == "null" and n > _ITERATIVE_STATES:
        iterated = _iterate_removals(statistics)
        if iterated is not None:
            return iterated
    counts = statistics.count_matrix()
    ends = statistics.conversions + statistics.nulls
    rhs = np.column_stack([statistics.conversions, statistics.values])
    # Rows scaled by each state's outflow: diag(out) - N has the solution of (I - Q) x = r with
    # r = conversions / out, without dividing.
    outflow = counts.sum(axis=1) + ends
    levels = (statistics.states >= 0).sum(axis=1)
    everything = np.ones(n, dtype=bool)
    full = _absorb(counts, outflow, rhs, levels, statistics.order, everything)
    n_channels = len(statistics.channels)
    removed = np.empty((n_channels, 2))
    for code in range(n_channels):
        keep = ~(statistics.states == code).any(axis=1)
        diagonal = outflow if removal == "null" else counts @ keep.astype(np.float64) + ends
        removed[code] = _absorb(counts, diagonal, rhs, levels, statistics.order, keep)[0]
    return _Solution(
        probability=float(full[0, 0]),
        value=float(full[0, 1]),
        removed_probability=removed[:, 0],
        removed_value=removed[:, 1],
    )


@attrs.frozen(kw_only=True)
class _Effects:
    probability: float
    value: float
    effects: FloatArray
    value_effects: FloatArray


def removal_effects(
    statistics: MarkovStatistics, *, removal: Removal = "null", max_states: int = 4000
) -> _Effects:
    """Removal effects for conversions and value, and the chain's conversion probability and value.

    Effects are ``nan`` where the chain converts nothing or carries no value.
    """
    solution = _solve_removals(statistics, removal, max_states)
    n_channels = len(statistics.channels)
    with np.errstate(divide="ignore", invalid="ignore"):
        effects = 1.0 - solution.removed_probability / solution.probability
        value_effects = 1.0 - solution.removed_value / solution.value
    if solution.probability == 0.0:
        effects = np.full(n_channels, np.nan)
    if solution.value == 0.0:
        value_effects = np.full(n_channels, np.nan)
    return _Effects(
        probability=solution.probability, value=solution.value, effects=effects, value_effects=value_effects
    )


_NOISE = 1e-12


def shares(effects: FloatArray, total: float, what: str) -> FloatArray:
    """Split ``total`` over the positive ``effects`` in proportion; zeros when there is nothing to split.

    Negative effects (possible with skip removal) earn nothing, so the parts are >= 0 and add up to
    ``total``.
    """
    if total == 0.0:
        return np.zeros(effects.size)
    # Effects are relative changes of a probability: below 1e-12 they are rounding noise, and noise
    # must not decide whether the effects can split the total (relabelling channels reorders sums).
    # A negative effect (skip removal: without the channel, visitors take a route that converts more)
    # means the channel added nothing, so it earns no credit; the positive effects split the total.
    effects = np.where(effects <= _NOISE, 0.0, effects)
    weight = float(effects.sum())
    if not weight > _NOISE:
        msg = (
            f"no channel has a positive {what} removal effect (removing any channel leaves the {what} "
            f"as high or higher), so the effects cannot split {total!r}; use removal='null', whose "
            "effects are never negative"
        )
        raise InvalidInputError(msg)
    result: FloatArray = effects / weight * total
    return result


@attrs.frozen(kw_only=True)
class OrderSelection:
    """Scores of every candidate Markov order, from `Markov.select_order`.

    Attributes:
        orders: The candidate orders ``1 .. max_order``.
        criterion: ``"bic"`` (lower is better) or ``"holdout"`` (mean held-out log-likelihood per
            transition, higher is better).
        scores: The criterion per order.
        log_likelihoods: Log-likelihood of the (training) transitions per order.
        parameters: Free parameters per order (observed transitions minus observed states).
        best: The chosen order.

    Examples:
        >>> from socialroi.attribution import OrderSelection
        >>> OrderSelection(orders=(1, 2), criterion="bic", scores=(10.0, 12.0),
        ...     log_likelihoods=(-4.0, -3.0), parameters=(2, 4)).best
        1
    """

    orders: tuple[int, ...] = attrs.field(converter=to_tuple, validator=each(whole(minimum=1)))
    criterion: Literal["bic", "holdout"] = attrs.field(validator=choice(("bic", "holdout")))
    scores: tuple[float, ...] = attrs.field(
        converter=to_tuple, validator=each(number(_SCORE, allow_nan=True))
    )
    log_likelihoods: tuple[float, ...] = attrs.field(
        converter=to_tuple, validator=each(number(_SCORE, allow_nan=True))
    )
    parameters: tuple[int, ...] = attrs.field(converter=to_tuple, validator=each(whole()))

    def __attrs_post_init__(self) -> None:
        if not self.orders:
            msg = "'orders' must be at least one order (got ())"
            raise InvalidInputError(msg)
        for name in ("scores", "log_likelihoods", "parameters"):
            if len(getattr(self, name)) != len(self.orders):
                msg = f"{name!r} must have one value per order ({len(self.orders)}) (got {len(getattr(self, name))})"
                raise InvalidInputError(msg)
        # Plain Python numbers (np.float64 and np.int64 in, float and int stored).
        object.__setattr__(self, "orders", tuple(map(int, self.orders)))
        object.__setattr__(self, "scores", tuple(map(float, self.scores)))
        object.__setattr__(self, "log_likelihoods", tuple(map(float, self.log_likelihoods)))
        object.__setattr__(self, "parameters", tuple(map(int, self.parameters)))

    @property
    def best(self) -> int:
        """The order with the best score; the lowest order on ties.

        Scores within 1e-9 (relative) of the best count as tied: the data cannot tell those orders
        apart, and floating-point rounding must not decide for a longer memory. Orders whose score is
        NaN (a held-out part with no transitions) are never best.

        Raises:
            MissingDataError: When every score is NaN (nothing was held out to score the orders:
                raise ``holdout`` or use ``criterion="bic"``).

        Examples:
            >>> from socialroi.attribution import OrderSelection
            >>> OrderSelection(orders=(1, 2), criterion="holdout", scores=(-1.5, -1.2),
            ...     log_likelihoods=(-15.0, -12.0), parameters=(3, 8)).best
            2
            >>> OrderSelection(orders=(1, 2, 3), criterion="holdout", scores=(-0.9, -0.5014846881330149,
            ...     -0.5014846881330148), log_likelihoods=(-9.0, -5.0, -5.0), parameters=(3, 7, 7)).best
            2
        """
        scores = np.array(self.scores)
        lower_is_better = scores if self.criterion == "bic" else -scores
        if np.isnan(lower_is_better).all():
            msg = (
                f"no order has a score (every {self.criterion} score is NaN), so none is best; "
                "hold out more journeys or use criterion='bic'"
            )
            raise MissingDataError(msg)
        best = np.nanmin(lower_is_better)
        tied = lower_is_better <= best + 1e-9 * max(1.0, abs(best))
        return self.orders[int(np.flatnonzero(tied)[0])]

    def to_dict(self) -> dict[str, object]:
        """Plain-value dict (JSON-serializable).

        Examples:
            >>> from socialroi.attribution import OrderSelection
            >>> OrderSelection(orders=(1,), criterion="bic", scores=(3.0,), log_likelihoods=(-1.0,),
            ...     parameters=(1,)).to_dict()["best"]
            1

        NaN scores become ``None`` (strict JSON), and so does ``best`` when every score is NaN.
        """
        scored = not all(math.isnan(score) for score in self.scores)
        return {
            "orders": list(self.orders),
            "criterion": self.criterion,
            "scores": plain(self.scores),
            "log_likelihoods": plain(self.log_likelihoods),
            "parameters": list(self.parameters),
            "best": self.best if scored else None,
        }


def _log_likelihood(statistics: MarkovStatistics) -> tuple[float, int, float]:
    """Training log-likelihood, free parameters and number of transitions (absorptions included)."""
    outflow = np.bincount(
        statistics.sources, weights=statistics.counts, minlength=statistics.n_states
    ).astype(np.float64)
    outflow += statistics.conversions + statistics.nulls
    counts = np.concatenate([statistics.counts, statistics.conversions, statistics.nulls])
    states = np.concatenate(
        [statistics.sources, np.arange(statistics.n_states), np.arange(statistics.n_states)]
    )
    used = counts > 0
    counts, states = counts[used], states[used]
    log_likelihood = float(np.sum(counts * np.log(counts / outflow[states])))
    parameters = int(used.sum()) - int(np.count_nonzero(outflow))
    return log_likelihood, parameters, float(outflow.sum())


def _holdout_log_likelihood(
    train: MarkovStatistics, test: MarkovStatistics, smoothing: float
) -> tuple[float, float]:
    """Held-out log-likelihood of ``test`` under ``train`` with additive smoothing over next symbols.

    The next symbol after a state is another channel, CONV or NULL (``C + 1`` choices; ``C`` from START).
    States never seen in training predict every symbol equally.
    """
    base = len(train.channels) + 1
    n_channels = len(train.channels)

    def keyed(stats: MarkovStatistics) -> tuple[IntArray, IntArray, FloatArray]:
        state_keys = _encode(stats.states, base)
        # Transient targets are keyed by their last channel; CONV and NULL take symbols base and base + 1.
        symbols = np.concatenate(
            [
                stats.states[stats.targets, -1].astype(np.int64) + 1,
                np.full(stats.n_states, base),
                np.full(stats.n_states, base + 1),
            ]
        )
        sources = np.concatenate([state_keys[stats.sources], state_keys, state_keys])
        counts = np.concatenate([stats.counts, stats.conversions, stats.nulls])
        return sources, symbols, counts

    train_sources, train_symbols, train_counts = keyed(train)
    test_sources, test_symbols, test_counts = keyed(test)
    used = test_counts > 0
    test_sources, test_symbols, test_counts = test_sources[used], test_symbols[used], test_counts[used]
    pair_keys, pair_counts = _sum_by_key(train_sources * (base + 2) + train_symbols, train_counts)
    state_keys, state_totals = _sum_by_key(train_sources, train_counts)
    wanted = test_sources * (base + 2) + test_symbols
    at = np.minimum(np.searchsorted(pair_keys, wanted), pair_keys.size - 1)
    seen = np.where(pair_keys[at] == wanted, pair_counts[at], 0.0)
    at = np.minimum(np.searchsorted(state_keys, test_sources), state_keys.size - 1)
    totals = np.where(state_keys[at] == test_sources, state_totals[at], 0.0)
    choices = np.where(test_sources == 0, n_channels, n_channels + 1)
    probabilities = (seen + smoothing) / (totals + smoothing * choices)
    return float(np.sum(test_counts * np.log(probabilities))), float(test_counts.sum())


def select_order_arrays(
    codes: NDArray[np.integer],
    offsets: IntArray,
    conversions: FloatArray,
    nulls: FloatArray,
    values: FloatArray,
    *,
    channels: tuple[str, ...],
    max_order: int,
    criterion: Literal["bic", "holdout"],
    holdout: float,
    smoothing: float,
    seed: int | np.random.Generator,
) -> OrderSelection:
    """Score orders ``1 .. max_order`` by BIC or by held-out log-likelihood (journey rows split at random)."""
    orders = tuple(range(1, max_order + 1))
    scores: list[float] = []
    likelihoods: list[float] = []
    parameters: list[int] = []
    train_weight = test_weight = np.ones(offsets.size - 1)
    if criterion == "holdout":
        in_test = generator(seed).random(offsets.size - 1) < holdout
        train_weight = np.where(in_test, 0.0, 1.0)
        test_weight = 1.0 - train_weight
    for order in orders:
        if criterion == "bic":
            stats = MarkovStatistics.from_arrays(
                codes, offsets, conversions, nulls, values, channels=channels, order=order
            )
            log_likelihood, free, transitions = _log_likelihood(stats)
            scores.append(-2.0 * log_likelihood + free * math.log(max(transitions, 1.0)))
        else:
            train = MarkovStatistics.from_arrays(
                codes,
                offsets,
                conversions * train_weight,
                nulls * train_weight,
                values * train_weight,
                channels=channels,
                order=order,
            )
            test = MarkovStatistics.from_arrays(
                codes,
                offsets,
                conversions * test_weight,
                nulls * test_weight,
                values * test_weight,
                channels=channels,
                order=order,
            )
            _, free, _ = _log_likelihood(train)
            log_likelihood, transitions = _holdout_log_likelihood(train, test, smoothing)
            scores.append(log_likelihood / transitions if transitions > 0 else float("nan"))
        likelihoods.append(log_likelihood)
        parameters.append(free)
    return OrderSelection(
        orders=orders, criterion=criterion, scores=scores, log_likelihoods=likelihoods, parameters=parameters
    )


@attrs.frozen(kw_only=True)
class Markov:
    """Data-driven attribution by removal effects of an absorbing Markov chain of any order, solved exactly.

    States are START, the tuples of the last (up to) ``order`` channels of a journey, and the absorbing
    CONV and NULL. Consecutive repeats of a channel collapse first: at order 1 a repeat is a self-loop,
    and a self-loop ``s → s`` with probability ``q`` only rescales the other transitions of ``s`` by
    ``1 / (1 - q)``, so absorption probabilities do not change; at higher orders collapsing keeps a
    repeated touch from posing as new context. The conversion probability ``P`` from START solves
    ``(I - Q) x = r`` by one dense LU factorisation (never an inverse); removing channel ``c`` deletes
    every state containing ``c`` and solves again for ``P(-c)``:

    * ``removal="null"``: traffic into a deleted state is lost (goes to NULL), so
      ``P - P(-c)`` is the probability of touching ``c`` and converting;
    * ``removal="skip"``: the remaining states' transitions into deleted states are dropped and their
      other transitions renormalised (the visitor substitutes another route for ``c``). A state left with
      no way out of the remaining states (its exits all led into ``c``, or it only loops with other such
      states) is lost: its traffic goes to NULL. Reconnecting
      predecessors to ``c``'s own successors would be an exact elimination of ``c`` from a first-order
      chain and leave every absorption probability unchanged, so it could not measure anything.

    With removal effect ``RE_c = 1 - P(-c) / P``, channel ``c`` earns ``max(RE_c, 0) / sum(max(RE, 0))`` of
    the total conversions: with skip removal a channel can have a negative effect (without it, visitors
    take a route that converts more); it earns nothing, so credits are never negative and add up to the
    conversions (``extras["removal_effects"]`` keeps the raw effects). When no channel has a positive
    effect, `credits` raises `InvalidInputError`. The value credits use the exact expected value: ``r`` is replaced by the conversion
    value leaving each state (mean value of the conversions from it times its conversion probability).
    Nothing is random: there is no seed and no simulation.

    Limits: the chain is solved densely, so memory grows as ``8 * n_states**2`` bytes and time as
    ``(channels + 1) * n_states**3``. ``max_states`` (default 4000, about 128 MB) stops larger chains
    with an error, and so does a chain whose dense matrices would need more than 8 GiB. Ten channels give at most 11, 101 and 911 states at orders 1, 2 and 3 (after
    collapsing repeats), and 8,201 at order 4 (too many for the default). The solves run in numpy's
    BLAS; on a machine whose cores are busy, limit it to one thread (``OPENBLAS_NUM_THREADS=1``).

    Attributes:
        order: Number of most recent channels that make a state (>= 1).
        removal: ``"null"`` (loss) or ``"skip"`` (substitution).
        allow_all_converting: Without non-converting journeys the removal effect is only a share of path
            frequencies; that raises `InvalidInputError` unless this is ``True`` (then it warns).
        max_states: Largest number of transient states to solve.

    Examples:
        >>> from socialroi.attribution import Journeys, Markov
        >>> journeys = Journeys.from_paths(
        ...     ["social > email", "social", "email"], conversions=[1, 0, 1], nulls=[1, 1, 0])
        >>> model = Markov()
        >>> credits = model.credits(model.statistics(journeys))
        >>> credits.channels, credits.conversions
        (('email', 'social'), array([1.2, 0.8]))
        >>> credits.extras["removal_effects"], credits.extras["conversion_probability"]
        (array([1.        , 0.66666667]), 0.5)
    """

    order: int = attrs.field(default=1, converter=integer, validator=whole(minimum=1))
    removal: Removal = attrs.field(default="null", validator=choice(("null", "skip")))
    allow_all_converting: bool = attrs.field(default=False, validator=flag())
    max_states: int = attrs.field(default=4000, converter=integer, validator=whole(minimum=1))

    @property
    def name(self) -> str:
        """``"markov (order k, removal)"``.

        Examples:
            >>> from socialroi.attribution import Markov
            >>> Markov(order=2, removal="skip").name
            'markov (order 2, skip)'
        """
        return f"markov (order {self.order}, {self.removal})"

    def statistics(self, journeys: Journeys) -> MarkovStatistics:
        """Transition counts of ``journeys`` at this order (mergeable with ``+``).

        Args:
            journeys: The journeys.

        Returns:
            The sufficient statistic.

        Raises:
            InvalidInputError: When the order is too high for the vocabulary.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> journeys = Journeys.from_paths(["a > b", "b"], conversions=[1, 0], nulls=[1, 2])
            >>> whole = Markov().statistics(journeys)
            >>> parts = Markov().statistics(journeys[[0]]) + Markov().statistics(journeys[[1]])
            >>> parts == whole
            True
        """
        return MarkovStatistics.from_arrays(
            journeys.codes,
            journeys.offsets,
            journeys.conversions,
            journeys.nulls,
            journeys.values,
            channels=journeys.channels,
            order=self.order,
        )

    def credits(self, statistics: MarkovStatistics) -> Credits:
        """Conversion and value credits from transition counts, with the chain in ``extras``.

        ``extras`` holds ``removal_effects`` and ``value_removal_effects`` (per channel),
        ``conversion_probability`` (``P``, conversions per journey), ``value_per_journey``,
        ``transition_matrix`` (a [`TransitionMatrix`][socialroi.attribution.TransitionMatrix]) and
        ``states`` (number of transient states, START included). Empty in, empty out: statistics
        of no journeys (or of journeys counted zero times) give zero credits, removal effects NaN
        (undefined when nothing converts) and a conversion probability of 0, like journeys that
        never convert.

        Args:
            statistics: Transition counts at this model's order.

        Returns:
            The credits.

        Raises:
            InvalidInputError: When the statistics have another order, have conversions but no
                non-converting journey (unless ``allow_all_converting``), exceed ``max_states``, or
                (with ``removal="skip"``) have removal effects that do not add up to a positive number.

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> journeys = Journeys.from_paths(["a > b", "b"], conversions=[1, 0], nulls=[1, 2])
            >>> result = Markov().credits(Markov().statistics(journeys))
            >>> result.conversions, result.extras["removal_effects"]
            (array([0.33333333, 0.66666667]), array([0.5, 1. ]))
        """
        if statistics.order != self.order:
            msg = f"statistics of order {statistics.order} cannot be solved by a model of order {self.order}"
            raise InvalidInputError(msg)
        total = float(statistics.conversions.sum())
        if float(statistics.nulls.sum()) == 0.0 and total > 0.0:
            text = (
                "every journey converts (no non-converting journeys), so removal effects only measure "
                "how often each channel appears"
            )
            if not self.allow_all_converting:
                msg = f"{text}; add the non-converting journeys, or pass allow_all_converting=True"
                raise InvalidInputError(msg)
            warn(text, UserWarning)
        solved = removal_effects(statistics, removal=self.removal, max_states=self.max_states)
        effects, value_effects = solved.effects, solved.value_effects
        return Credits(
            channels=statistics.channels,
            conversions=shares(effects, total, "conversion"),
            value=shares(value_effects, float(statistics.values.sum()), "value"),
            extras={
                "removal_effects": effects,
                "value_removal_effects": value_effects,
                "conversion_probability": solved.probability,
                "value_per_journey": solved.value,
                "transition_matrix": statistics.transition_matrix(),
                "states": statistics.n_states,
            },
        )

    @staticmethod
    def select_order(
        journeys: Journeys,
        *,
        max_order: int = 4,
        criterion: Literal["bic", "holdout"] = "bic",
        holdout: float = 0.2,
        smoothing: float = 1.0,
        seed: int | np.random.Generator = 0,
    ) -> OrderSelection:
        """Score every order from 1 to ``max_order`` and pick the best.

        ``criterion="bic"``: ``-2 log L + p log n`` on all transitions (``L`` the likelihood of the
        observed transitions, absorptions included; ``p`` the free transition probabilities; ``n`` the
        number of transitions); lower is better. ``criterion="holdout"``: a random share ``holdout`` of
        the journey rows (seeded) is held out and scored by the mean log-likelihood per transition under
        the chain fitted to the rest, with ``smoothing`` pseudo-counts over the possible next steps;
        higher is better.

        Args:
            journeys: The journeys.
            max_order: Highest order tried (>= 1).
            criterion: ``"bic"`` or ``"holdout"``.
            holdout: Share of journey rows held out (strictly between 0 and 1).
            smoothing: Pseudo-count added to every possible next step in the held-out score (> 0).
            seed: Seed of the held-out split: a whole number >= 0 or a numpy ``Generator``.

        Returns:
            The scores of every order and the best one.

        Raises:
            InvalidInputError: On an invalid option (``seed=None`` included: results must be
                reproducible).

        Examples:
            >>> from socialroi.attribution import Journeys, Markov
            >>> journeys = Journeys.from_paths(
            ...     ["a > b > c", "b > a > c", "a > b", "b > a"], conversions=[9, 1, 1, 9], nulls=[1, 9, 9, 1])
            >>> Markov.select_order(journeys, max_order=2).best
            2
        """
        _check.instance(Journeys, "Journeys").check(journeys, "journeys")
        max_order = whole(minimum=1).check(max_order, "max_order")
        criterion = cast(
            "Literal['bic', 'holdout']", choice(("bic", "holdout")).check(criterion, "criterion")
        )
        holdout = number(_OPEN_FRACTION).check(holdout, "holdout")
        smoothing = number(POSITIVE).check(smoothing, "smoothing")
        if not isinstance(seed, np.random.Generator):
            seed = whole(minimum=0).check(seed, "seed")
        return select_order_arrays(
            journeys.codes,
            journeys.offsets,
            journeys.conversions,
            journeys.nulls,
            journeys.values,
            channels=journeys.channels,
            max_order=max_order,
            criterion=criterion,
            holdout=holdout,
            smoothing=smoothing,
            seed=generator(seed),
        )
