"""Channel vocabularies of the mergeable attribution statistics (private).

Every model's sufficient statistic (`CreditSums`, `MarkovStatistics`, `ShapleyStatistics`) codes
channels by their position in a vocabulary and adds up with ``+`` across partitions whose
vocabularies may differ; the helpers here are the one place that aligns them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi._arrays import FINITE, Rule, as_array, read_only
from socialroi._check import (
    Check,
    ReadOnlyMapping,
    channel_key,
    distinct_channels,
    each,
    fail,
    instance,
    text,
)

__all__ = [
    "CHANNEL_NAMES",
    "STATISTICS_CHANNELS",
    "channel_spellings",
    "check_mapping",
    "float_array",
    "int_array",
    "merge_channels",
    "narrow_int_array",
    "vector",
]

IntArray: TypeAlias = NDArray[np.int64]

CHANNEL_NAMES: list[Check[Any]] = [each(text()), distinct_channels()]
"""Validators of a channel vocabulary (after ``converter=to_tuple``): non-empty strings, no two of them
one channel under `channel_key` (``"Meta"`` beside ``"meta"`` is refused with a did-you-mean)."""

STATISTICS_CHANNELS: list[Check[Any]] = [instance(tuple, "a tuple of channel names"), *CHANNEL_NAMES]
"""Validators of a statistic's vocabulary, given as a tuple: no converter, so that the field's type is
exactly the ``tuple[str, ...]`` of the `Statistics` protocol."""


def check_mapping(_instance: object, attribute: Any, value: object) -> None:
    """Validator of ``extras``: the converter made it a `ReadOnlyMapping`, else it was no mapping; string keys."""
    if not isinstance(value, ReadOnlyMapping):
        raise fail(attribute.name, "a mapping with string keys", value)
    items = cast("ReadOnlyMapping[object, object]", value)
    if not all(isinstance(key, str) for key in items):
        raise fail(attribute.name, "a mapping with string keys", dict(items))


def _numeric(value: object) -> NDArray[Any] | None:
    """``value`` as an array when it holds numbers (not bools, not strings), else ``None``."""
    if isinstance(value, str | bytes):
        return None
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return None
    return array if array.dtype.kind in "iuf" else None


def float_array(value: object) -> Any:
    """Converter: numbers as a read-only float64 copy; anything else unchanged (the validator refuses it)."""
    array = _numeric(value)
    return value if array is None else read_only(array)


def int_array(value: object) -> Any:
    """Converter: whole numbers as a read-only int64 copy (channel codes, set masks, state indexes).

    Anything else (bools, fractions, values beyond int64) is left for `vector` to refuse (an array of
    such numbers as a list, so that it is not taken for a converted one).
    """
    array = _numeric(value)
    if array is None:
        return value
    fraction = array.dtype.kind == "f" and not np.array_equal(array, np.round(array))
    huge = array.size > 0 and (
        (array.dtype.kind == "u" and int(array.max()) > np.iinfo(np.int64).max)
        or (array.dtype.kind == "f" and not np.all(np.abs(array) < 2.0**63))
    )
    return _refused(value) if fraction or huge else read_only(array, np.int64)


def _refused(value: object) -> object:
    """A value a converter leaves for the validator to refuse: an array as a list, anything else as is."""
    return cast("NDArray[Any]", value).tolist() if isinstance(value, np.ndarray) else value


def narrow_int_array(dtype: type[np.signedinteger[Any]]) -> Callable[[object], Any]:
    """A converter like `int_array` to a smaller integer ``dtype``; values beyond its range stay unchanged."""
    info = np.iinfo(dtype)

    def convert(value: object) -> Any:
        converted = int_array(value)
        if not isinstance(converted, np.ndarray):
            return converted
        codes = cast("IntArray", converted)
        if codes.size and (int(codes.min()) < info.min or int(codes.max()) > info.max):
            return _refused(value)
        return read_only(codes, dtype)

    return convert


@attrs.frozen
class vector(Check[Any]):  # noqa: N801  # reads as a rule: validator=vector(NON_NEGATIVE)
    """An array field of numbers (after `float_array`/`int_array`) with ``ndim`` dimensions within ``rule``."""

    rule: Rule = FINITE
    ndim: int = 1
    allow_nan: bool = False

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        shape = ("one-dimensional", "two-dimensional")[self.ndim - 1]
        given = cast("object", value)
        if not isinstance(given, np.ndarray):
            raise fail(name, f"a {shape} array of numbers", value)
        array = cast("NDArray[Any]", given)
        if array.ndim != self.ndim:
            raise fail(name, f"a {shape} array of numbers", value, f" with shape {array.shape}")
        as_array(array, name, self.rule)
        if not self.allow_nan and array.dtype.kind == "f" and np.isnan(array).any():
            index = int(np.flatnonzero(np.isnan(array.reshape(-1)))[0])
            raise fail(name, f"{self.rule.text}, not NaN", float("nan"), f" at index {index}")
        return value


def channel_spellings(
    names: list[str], codes: NDArray[np.signedinteger[Any]]
) -> tuple[tuple[str, ...], IntArray]:
    """One vocabulary of channels from the distinct raw ``names`` that ``codes`` (one per touch) index.

    Names equal under `channel_key` are one channel, shown in the spelling (ends stripped) that comes
    first in ``codes``; the vocabulary is sorted by spelling and the second array maps each position of
    ``names`` to its code in it. Works on the few distinct names: ``codes`` is scanned only for the
    first appearance of spellings that collide, which clean data never has.
    """
    groups: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        groups.setdefault(channel_key(name), []).append(position)
    shown: dict[str, str] = {}
    for key, members in groups.items():
        spellings = {names[member].strip() for member in members}
        first = (
            min(members, key=lambda member: _first_seen(codes, member)) if len(spellings) > 1 else members[0]
        )
        shown[key] = names[first].strip()
    vocabulary = sorted(shown.values())
    code = {spelling: index for index, spelling in enumerate(vocabulary)}
    remap = np.array([code[shown[channel_key(name)]] for name in names], dtype=np.int64)
    return tuple(vocabulary), remap


def _first_seen(codes: NDArray[np.signedinteger[Any]], member: int) -> int:
    """The first position of ``member`` in ``codes``, or ``codes.size`` when it does not occur."""
    hits = np.flatnonzero(codes == member)
    return int(hits[0]) if hits.size else codes.size


def merge_channels(
    first: tuple[str, ...], second: tuple[str, ...]
) -> tuple[tuple[str, ...], IntArray, IntArray]:
    """The union vocabulary (sorted by name unless equal) and where each side's channels go in it.

    Names equal under `channel_key` are one channel, in ``first``'s spelling when both have it.
    """
    if first == second:
        index = np.arange(len(first), dtype=np.int64)
        return first, index, index
    shown: dict[str, str] = {}
    for name in (*first, *second):
        shown.setdefault(channel_key(name), name)
    union = tuple(sorted(shown.values()))
    position = {channel_key(name): code for code, name in enumerate(union)}
    return (
        union,
        np.array([position[channel_key(name)] for name in first], dtype=np.int64),
        np.array([position[channel_key(name)] for name in second], dtype=np.int64),
    )
