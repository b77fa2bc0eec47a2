"""Channel vocabularies of the mergeable attribution statistics (private).

Every model's sufficient statistic (`CreditSums`, `MarkovStatistics`, `ShapleyStatistics`) codes
channels by their position in a vocabulary and adds up with ``+`` across partitions whose
vocabularies may differ; the helpers here are the one place that aligns them.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import NDArray

from socialroi._arrays import read_only
from socialroi.exceptions import InvalidInputError

__all__ = ["check_channel_names", "int_array", "merge_channels"]

IntArray: TypeAlias = NDArray[np.int64]


def check_channel_names(_instance: object, _attribute: object, value: object) -> None:
    """Validator: ``channels`` is a tuple of names."""
    if not isinstance(value, tuple) or not all(isinstance(name, str) for name in value):  # pyright: ignore[reportUnknownVariableType]
        msg = f"'channels' must be a tuple of channel names (got {value!r})"
        raise InvalidInputError(msg)


def int_array(value: object) -> IntArray:
    """Converter: a read-only int64 copy (channel codes, set masks, state indexes)."""
    return read_only(value, np.int64)


def merge_channels(
    first: tuple[str, ...], second: tuple[str, ...]
) -> tuple[tuple[str, ...], IntArray, IntArray]:
    """The union vocabulary (sorted by name unless equal) and where each side's channels go in it."""
    if first == second:
        index = np.arange(len(first), dtype=np.int64)
        return first, index, index
    union = tuple(sorted(set(first) | set(second)))
    position = {name: code for code, name in enumerate(union)}
    return (
        union,
        np.array([position[name] for name in first], dtype=np.int64),
        np.array([position[name] for name in second], dtype=np.int64),
    )
