"""`Journeys`: customer journeys as compressed sparse rows (CSR) of channel codes.

A journey is the ordered list of channel touches of one customer (or of one path seen many times),
with how often it converted, how often it did not, and the conversion value. The container keeps
every touch of every journey in one integer array (``codes``) cut into journeys by ``offsets``, so a
million journeys cost a few numpy arrays and every model runs as a handful of vectorized passes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import numbers
import operator
import warnings
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence, Sized
from typing import Any, NoReturn, Self, TypeAlias, cast

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi._arrays import ARRAY_EQ, NON_NEGATIVE, as_array, freeze
from socialroi._check import fail, flag, to_tuple
from socialroi._display import compact
from socialroi.attribution._vocabulary import CHANNEL_NAMES, channel_spellings
from socialroi.exceptions import InvalidInputError

__all__ = ["Journeys"]

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]
CodeArray: TypeAlias = NDArray[np.int32]

_SECONDS = {"D": 86_400.0, "h": 3_600.0, "m": 60.0, "s": 1.0}


# --- array helpers ------------------------------------------------------------------------------------


def _owned(value: object, dtype: type[np.generic], name: str) -> NDArray[Any]:
    """A read-only 1-d array of ``dtype``: copied unless it already is one (inputs are never aliased).

    Whole numbers only (integers, or floats without a fraction), within the range of ``dtype``: bools
    are refused, and so are values that ``dtype`` would wrap around.
    """
    array = np.asarray(value)
    if array.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    if array.dtype == dtype and not array.flags.writeable:
        return array
    kind = array.dtype.kind
    if array.size and (kind not in "iuf" or (kind == "f" and not np.array_equal(array, np.round(array)))):
        msg = f"{name!r} must be whole numbers ({np.dtype(dtype).name}) (got dtype {array.dtype})"
        raise InvalidInputError(msg)
    if array.size:
        info = np.iinfo(cast("type[np.integer[Any]]", dtype))
        outside = (array < info.min) | (array > info.max)
        if outside.any():
            index = _first_bad(outside)
            msg = (
                f"{name!r} must be whole numbers from {info.min} to {info.max} "
                f"(got {array[index].item()!r} at index {index})"
            )
            raise InvalidInputError(msg)
    return freeze(array.astype(dtype, copy=True))


def _column(given: Any, name: str, size: int | None = None) -> Any:
    """A column as given (an iterator as a list), with ``size`` values; ``None`` (omitted) stays ``None``.

    A scalar or a string is not a column: it is refused rather than broadcast, like a column of the
    wrong length.
    """
    if given is None:
        return None
    value = cast("object", list(cast("Iterator[object]", given)) if isinstance(given, Iterator) else given)
    if (
        isinstance(value, str | bytes)
        or not hasattr(value, "__len__")
        or (isinstance(value, np.ndarray) and value.ndim == 0)
    ):
        raise fail(name, "a column with one value per row", value)  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]
    length = len(cast("Sized", value))
    if size is not None and length != size:
        msg = f"{name!r} must have one value per row, like 'journey_id' ({size}) (got {length})"
        raise InvalidInputError(msg)
    return value  # pyright: ignore[reportUnknownVariableType,reportUnknownArgumentType]


def _first_bad(bad: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(bad)[0])


def _counts(value: object, name: str, size: int | None = None) -> FloatArray:
    """Validate counts or amounts: one-dimensional, >= 0 and finite (NaN rejected too)."""
    array = as_array(value, name, NON_NEGATIVE)
    if array.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    if size is not None and array.size != size:
        msg = f"{name!r} must have one value per journey ({size}) (got {array.size})"
        raise InvalidInputError(msg)
    nan = np.isnan(array)
    if nan.any():
        index = _first_bad(nan)
        msg = f"{name!r} must be >= 0 and finite (got nan at index {index})"
        raise InvalidInputError(msg)
    return array


def seconds(value: object, name: str) -> float:
    """A duration in seconds from a number of seconds, a `datetime.timedelta` or a `numpy.timedelta64`."""
    if isinstance(value, dt.timedelta):
        number = value.total_seconds()
    elif isinstance(value, np.timedelta64):
        number = float(value / np.timedelta64(1, "ns")) / 1e9
    elif isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        msg = f"{name!r} must be a duration in seconds, a datetime.timedelta or a numpy.timedelta64 (got {value!r})"
        raise InvalidInputError(msg)
    else:
        number = float(value)
    if not 0.0 < number < float("inf"):
        msg = f"{name!r} must be > 0 and finite (got {number!r} seconds)"
        raise InvalidInputError(msg)
    return number


def _times(value: object, name: str) -> FloatArray:
    """Times as float seconds: numbers as given, datetimes as seconds since the epoch (UTC).

    Time-zone-aware columns (pandas ``datetime64[ns, tz]``: their dtype has a ``tz``) are read as
    their UTC instants through ``__array__`` with a ``datetime64`` dtype, which is exact and silent.
    Object arrays of aware ``datetime`` values are converted by numpy to UTC as well; numpy's warning
    that ``datetime64`` has no time zone is expected there and silenced (the instant is kept).
    """
    with warnings.catch_warnings():
        # numpy 2 warns that datetime64 keeps no time zone, numpy 1.x that parsing aware datetimes is
        # deprecated; both keep the instant, which is all a touch time needs.
        warnings.filterwarnings(
            "ignore", message="no explicit representation of timezones", category=UserWarning
        )
        warnings.filterwarnings(
            "ignore", message="parsing timezone aware datetimes", category=DeprecationWarning
        )
        if getattr(getattr(value, "dtype", None), "tz", None) is not None:
            return _times(np.asarray(value, dtype="datetime64[ns]"), name)
        array = np.asarray(value)
        if array.dtype.kind == "O" and array.size:
            _same_kind_of_time(array, name)
            try:
                array = array.astype("datetime64[ns]")
            except (TypeError, ValueError):
                msg = f"{name!r} must hold numbers or datetimes (got {array.reshape(-1)[0]!r} at index 0)"
                raise InvalidInputError(msg) from None
    if array.dtype.kind == "M":
        nat = np.isnat(array)
        stamps = array.astype("datetime64[ns]").astype(np.int64).astype(np.float64) / 1e9
        stamps[nat] = np.nan
        return stamps
    return as_array(array, name)


_AWARE = np.frompyfunc(lambda item: isinstance(item, dt.datetime) and item.tzinfo is not None, 1, 1)


def _same_kind_of_time(array: NDArray[Any], name: str) -> None:
    """Refuse a column that mixes time-zone-aware and naive datetimes (their instants are ambiguous)."""
    aware = np.asarray(_AWARE(array), dtype=bool).reshape(-1)
    if aware.any() and not aware.all():
        index = _first_bad(aware != aware[0])
        shown = array.reshape(-1)[index]
        raise fail(name, "all time-zone-aware or all naive datetimes", shown, f" at index {index}")


def _time_zone(value: object) -> bool | None:
    """Whether a column of datetimes is time-zone-aware (``False``: naive); ``None`` for numbers.

    Called after `_times` has read the column, so an object column is of one kind and its first item
    tells. A pandas ``datetime64[ns, tz]`` or a polars ``Datetime(time_zone=...)`` column is aware.
    """
    dtype = getattr(value, "dtype", None)
    if getattr(dtype, "tz", None) is not None or getattr(dtype, "time_zone", None) is not None:
        return True
    array = np.asarray(value)
    if array.dtype.kind == "M":
        return False
    first = array.reshape(-1)[0] if array.dtype.kind == "O" and array.size else None
    if isinstance(first, dt.date):
        return isinstance(first, dt.datetime) and first.tzinfo is not None
    return None


def _finite_times(array: FloatArray, name: str) -> None:
    bad = ~np.isfinite(array)
    if bad.any():
        index = _first_bad(bad)
        msg = f"{name!r} must be finite (got {float(array[index])!r} at index {index})"
        raise InvalidInputError(msg)


def factorize(
    values: object, name: str, *, row_of: Callable[[int], tuple[int, object]] | None = None
) -> tuple[tuple[str, ...], CodeArray]:
    """Channel names → (sorted vocabulary, int32 code per value), vectorized.

    Categorical columns (pandas ``category``) use their codes directly. String arrays are matched
    against the vocabulary found in a sample by binary search and checked exactly; object arrays (and
    lists) go through one C-level dictionary lookup per value. Names are stripped of surrounding
    whitespace; empty names and non-strings are rejected, naming the index of the first offending
    (``row_of`` maps a value's position to the row and value to show).
    """
    cat = getattr(values, "cat", None)
    if cat is not None and hasattr(cat, "codes") and hasattr(cat, "categories"):
        raw = np.asarray(cat.codes, dtype=np.int64)
        categories: list[Any] = np.asarray(cat.categories, dtype=object).tolist()
        if raw.size and raw.min() < 0:
            _reject(name, _first_bad(raw < 0), None, row_of)
        return _finish_vocabulary(categories, raw, name, row_of)
    array: NDArray[Any] = (
        cast("NDArray[Any]", values) if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    )
    if array.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    grouped = _group_strings(array) if array.dtype.kind == "U" and array.size else None
    if grouped is not None:
        return _finish_vocabulary(*grouped, name, row_of)
    if array.dtype.kind == "U" and array.size:
        sample = np.unique(np.concatenate([array[:1024], array[:: max(1, array.size // 4096)]]))
        raw = np.minimum(np.searchsorted(sample, array), sample.size - 1).astype(np.int64)
        unmatched = sample[raw] != array
        if unmatched.any():
            sample = np.unique(np.concatenate([sample, np.unique(array[unmatched])]))
            raw = np.searchsorted(sample, array).astype(np.int64)
        return _finish_vocabulary(sample.tolist(), raw, name, row_of)
    items: list[Any] = array.astype(object).tolist()
    try:
        index_of = {key: code for code, key in enumerate(dict.fromkeys(items))}
    except TypeError:  # an unhashable value
        position = next(i for i, item in enumerate(items) if not isinstance(item, Hashable))
        _reject(name, position, cast("object", items[position]), row_of)
    raw = np.fromiter(map(index_of.__getitem__, items), dtype=np.int64, count=len(items))
    return _finish_vocabulary(list(index_of), raw, name, row_of)


def _group_strings(array: NDArray[np.str_]) -> tuple[list[Any], IntArray] | None:
    """A string array → (its distinct values, sorted; the index of every value among them), by hashing.

    The fixed-width code points of every value are read as a few 64-bit (or 32-bit) words and mixed
    into one key; values are grouped by key (`_first_groups`) and every value is then compared word
    by word with its group's first one, so the grouping is exact. ``None`` (binary search instead)
    when two different values share a key.
    """
    values = np.ascontiguousarray(array)
    width = values.dtype.itemsize
    words = cast(
        "NDArray[np.uint64]", values.view(np.uint64 if width % 8 == 0 else np.uint32).reshape(values.size, -1)
    )
    keys = words[:, 0].astype(np.uint64)
    for column in range(1, words.shape[1]):
        keys = keys * np.uint64(_MIX) ^ words[:, column]
    group, first = _first_groups(keys)
    table = words[first]
    for column in range(words.shape[1]):
        if not np.array_equal(words[:, column], table[group, column]):
            return None
    distinct: list[Any] = values[first].tolist()
    ranks = np.argsort(values[first])
    position = np.empty(first.size, dtype=np.int64)
    position[ranks] = np.arange(first.size, dtype=np.int64)
    return [distinct[rank] for rank in ranks.tolist()], position[group]


def _reject(
    name: str, position: int, value: object, row_of: Callable[[int], tuple[int, object]] | None
) -> NoReturn:
    row, shown = (position, value) if row_of is None else row_of(position)
    rule = (
        "must not hold empty channel names" if isinstance(value, str) else "must hold channel names (strings)"
    )
    msg = f"{name!r} {rule} (got {shown!r} at index {row})"
    raise InvalidInputError(msg)


def _finish_vocabulary(
    names: list[Any],
    codes: IntArray | CodeArray,
    name: str,
    row_of: Callable[[int], tuple[int, object]] | None,
) -> tuple[tuple[str, ...], CodeArray]:
    """Check the distinct names, merge those that are one channel (`channel_spellings`), and re-code."""
    for code, value in enumerate(names):
        if not isinstance(value, str) or not value.strip():
            _reject(name, _first_bad(codes == code), value, row_of)
    vocabulary, remap = channel_spellings(names, codes)
    return vocabulary, freeze(remap.astype(np.int32)[codes] if codes.size else np.zeros(0, dtype=np.int32))


#: Markers of the one-string form of string paths: a row ends at ``_ROW_END``, every separator becomes
#: ``_NAME_END``. Paths holding either character take the general (slower) route.
_ROW_END = "\x01"
_NAME_END = "\x00"
#: Odd multiplier that mixes the 8-byte words of a long token into one key, and hashes keys to buckets.
_MIX = 0x9E3779B97F4A7C15
_BUCKET_BITS = 20


#: Bytes of path text parsed at a time: every per-touch temporary lives for one chunk only, so the
#: parse holds a few 8-byte numbers per touch of one chunk (peak memory), not of all paths.
_CHUNK_BYTES = 1 << 18


def _split_paths(rows: list[str], sep: str) -> tuple[IntArray, CodeArray, list[str]] | None:
    """String paths → (touches per row, raw token code per touch, distinct raw tokens), vectorized.

    The rows are parsed in chunks of about ``_CHUNK_BYTES`` bytes (`_Tokens`): each chunk is joined
    into one string with ``_ROW_END``, the separators replaced by ``_NAME_END`` and the UTF-8 bytes
    read as one numpy array, which the markers cut into tokens. Codes and tokens follow the order of
    first appearance, like a dictionary of the tokens, and the tokens are unstripped
    (``_finish_vocabulary`` strips and merges them). Returns ``None`` when the fast route does not
    apply: no rows, a marker inside a path or the separator, text that is not valid Unicode, or a
    collision of keys.
    """
    if not rows or _ROW_END in sep or _NAME_END in sep:
        return None
    tokens = _Tokens()
    lengths: list[IntArray] = []
    codes: list[CodeArray] = []
    done = parsed = 0
    step = 4096
    while done < len(rows):
        chunk = rows[done : done + step]
        text = _ROW_END.join(chunk)
        if _NAME_END in text or text.count(_ROW_END) != len(chunk) - 1:
            return None
        try:
            encoded = text.replace(sep, _NAME_END).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates
            return None
        del text
        found = tokens.read(encoded)
        if found is None:
            return None
        lengths.append(found[0])
        codes.append(found[1])
        done += len(chunk)
        parsed += len(encoded)
        # Rows per chunk from the bytes per row seen so far (at least one row).
        step = max(1, _CHUNK_BYTES * done // max(parsed, 1))
    return np.concatenate(lengths), np.concatenate(codes), tokens.names


class _Tokens:
    """The distinct tokens seen so far, and the code of every token of one chunk of joined paths.

    A token's first 8 bytes, read as one integer, are its key (exact: tokens hold no zero byte);
    longer tokens mix in their next 8 bytes per round. Keys are looked up by binary search among the
    sorted keys of the tokens seen so far (a vocabulary is small); new ones get the next codes in the
    order of their first appearance. Every token is then compared word by word with the first token
    of its code, so the codes are exact (a collision of mixed keys gives ``None``).
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted
        self._codes = np.zeros(0, dtype=np.int32)  # the code of each of ``_keys``
        self._found: dict[int, int] = {}  # key → code
        self._sizes = np.zeros(0, dtype=np.int64)  # bytes of each code's token
        self._words = np.zeros((0, 1), dtype=np.uint64)  # each code's token as zero-padded words

    def read(self, encoded: bytes) -> tuple[IntArray, CodeArray] | None:
        """(touches per row, code per token) of one chunk, or ``None`` on a collision of keys."""
        size = len(encoded)
        padded = np.zeros(size + 8, dtype=np.uint8)
        padded[:size] = np.frombuffer(encoded, dtype=np.uint8)
        marks = np.flatnonzero(padded[:size] <= 1)
        starts = np.concatenate([[0], marks + 1])
        sizes = np.append(marks, size) - starts
        row_ends = np.append(np.flatnonzero(padded[marks] == 1), marks.size)
        del marks
        # The little-endian 8-byte word that starts at every byte (unaligned, overlapping reads).
        words = np.ndarray((size + 1,), dtype="<u8", buffer=padded.data, strides=(1,))
        heads = words[starts] & _KEEP[np.minimum(sizes, 8)]
        keys = heads.copy()
        longest = int(sizes.max())
        for at in range(8, longest, 8):
            active = np.flatnonzero(sizes > at)
            word = words[starts[active] + at] & _KEEP[np.minimum(sizes[active] - at, 8)]
            keys[active] = keys[active] * np.uint64(_MIX) ^ word
        codes = self._look_up(keys, padded, starts, sizes)
        # Exactness: every token has the size and every 8-byte word of the first token of its code.
        same = np.array_equal(sizes, self._sizes[codes]) and np.array_equal(heads, self._words[codes, 0])
        for at in range(8, longest, 8):
            active = np.flatnonzero(sizes > at)
            mine = words[starts[active] + at] & _KEEP[np.minimum(sizes[active] - at, 8)]
            same = same and np.array_equal(mine, self._words[codes[active], at // 8])
        if not same:
            return None
        return np.diff(row_ends, prepend=-1), codes

    def _look_up(
        self, keys: NDArray[np.uint64], padded: NDArray[np.uint8], starts: IntArray, sizes: IntArray
    ) -> CodeArray:
        """The code of every key; keys not seen before are added (their tokens read from ``padded``)."""
        at = np.searchsorted(self._keys, keys) if self._keys.size else np.zeros(keys.size, dtype=np.int64)
        np.minimum(at, max(self._keys.size - 1, 0), out=at)
        known = self._keys[at] == keys if self._keys.size else np.zeros(keys.size, dtype=bool)
        if not known.all():
            missing = np.flatnonzero(~known)
            _, first = np.unique(keys[missing], return_index=True)
            for position in np.sort(missing[first]).tolist():
                self._add(int(keys[position]), padded[starts[position] : starts[position] + sizes[position]])
            at = np.searchsorted(self._keys, keys)
        return self._codes[at]

    def _add(self, key: int, token: NDArray[np.uint8]) -> None:
        code = len(self.names)
        self.names.append(token.tobytes().decode("utf-8"))
        self._found[key] = code
        order = sorted(self._found)
        self._keys = np.array(order, dtype=np.uint64)
        self._codes = np.array([self._found[k] for k in order], dtype=np.int32)
        self._sizes = np.append(self._sizes, token.size)
        width = max(self._words.shape[1], -(-token.size // 8))
        words = np.zeros((code + 1, width), dtype=np.uint64)
        words[:code, : self._words.shape[1]] = self._words
        padded = np.zeros(width * 8, dtype=np.uint8)
        padded[: token.size] = token
        words[code] = padded.view("<u8")
        self._words = words


#: Masks keeping the first n bytes (n = 0..8) of a little-endian 8-byte word.
_KEEP = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)


def _first_groups(keys: NDArray[np.uint64]) -> tuple[IntArray, IntArray]:
    """Group equal keys: (group per key, numbered by first appearance; first position of each group).

    Few distinct keys are the rule (a channel vocabulary), so every key goes to a bucket of a table
    of 2**20 by a multiplicative hash, and the table keeps each bucket's first position; when every
    key equals the key at its bucket's first position, buckets are groups. Otherwise (two keys share
    a bucket) the distinct keys are sorted and every key found among them by binary search.
    """
    size = keys.size
    positions = np.arange(size, dtype=np.int64)
    buckets = ((keys * np.uint64(_MIX)) >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
    first = np.full(1 << _BUCKET_BITS, size, dtype=np.int64)
    np.minimum.at(first, buckets, positions)
    at = first[buckets]
    if not np.array_equal(keys[at], keys):
        _, at = np.unique(keys, return_inverse=True)
        at = at.reshape(-1)
        first = np.full(int(at.max()) + 1, size, dtype=np.int64)
        np.minimum.at(first, at, positions)
        at = first[at]
    # ``at`` is now the first position of every key's group; number the groups by it.
    firsts = np.flatnonzero(at == positions)
    rank = np.zeros(size, dtype=np.int64)
    rank[firsts] = np.arange(firsts.size, dtype=np.int64)
    return rank[at], firsts


def _pack_sort(keys: IntArray) -> IntArray:
    """The stable argsort of non-negative integer ``keys`` (ties keep their order).

    Packs the row number into the low bits of the key so that one vectorized ``np.sort`` of int64
    values replaces a much slower stable argsort; falls back to ``argsort(kind="stable")`` when the
    keys are too large to share 63 bits with the row number.
    """
    return _pack_sort_keys(keys)[0]


def _pack_sort_keys(keys: IntArray) -> tuple[IntArray, IntArray]:
    """`_pack_sort` and the sorted keys, which the packed sort gives without gathering them."""
    size = keys.size
    row_bits = max(1, int(size - 1).bit_length())
    top = int(keys.max()) if size else 0
    if top.bit_length() + row_bits > 62:
        order = np.argsort(keys, kind="stable")
        return order, keys[order]
    packed = (keys << row_bits) | np.arange(size, dtype=np.int64)
    packed.sort()
    result: IntArray = packed & ((1 << row_bits) - 1)
    return result, packed >> row_bits


def _dense_codes(values: object, name: str) -> IntArray:
    """Integer codes of journey ids; equal ids get equal codes and the codes keep the ids' order."""
    array = np.asarray(values)
    if array.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    if array.dtype.kind in "iub" and array.size:
        keys = array.astype(np.int64)
        low = int(keys.min())
        if int(keys.max()) - low < 2**40:
            return keys - low
    if array.dtype.kind == "f":
        bad = ~np.isfinite(array)
        if bad.any():
            index = _first_bad(bad)
            msg = f"{name!r} must not hold missing or infinite ids (got {float(array[index])!r} at index {index})"
            raise InvalidInputError(msg)
    if array.dtype.kind == "O":
        items = array.tolist()
        index_of = {key: code for code, key in enumerate(dict.fromkeys(items))}
        if None in index_of:
            row = items.index(None)
            msg = f"{name!r} must not hold missing ids (got None at index {row})"
            raise InvalidInputError(msg)
        return np.fromiter(map(index_of.__getitem__, items), dtype=np.int64, count=len(items))
    _, inverse = np.unique(array, return_inverse=True)
    result: IntArray = inverse.astype(np.int64).reshape(-1)
    return result


def _id_time_sort(ids: IntArray, times: FloatArray) -> tuple[IntArray, IntArray]:
    """Rows by id, then by time (equal times in any order), and the ids in that order.

    One packed sort of (id, the time's top bits, row): the time is read as the integer that orders
    doubles (its bits, sign-corrected) minus the smallest one, shifted right just enough to fit. Rows
    of one id whose times share those top bits are then put in time order among themselves (rare:
    touches of one customer closer than the dropped bits). Touches at equal times of one journey are
    ordered later by a rule, never by their position, so the sort need not be stable. When the ids
    leave too little room, or the top bits collide too often, one argsort of the times comes first.
    """
    size = ids.size
    row_bits = max(1, int(size - 1).bit_length())
    id_bits = max(1, int(ids.max()).bit_length())
    room = 62 - row_bits - id_bits
    bits = times.view(np.int64)
    # Doubles in order as signed integers (negative ones mirrored), then as unsigned ones.
    ordered = (bits ^ ((bits >> 63) & 0x7FFFFFFFFFFFFFFF)).view(np.uint64) ^ np.uint64(1 << 63)
    low = ordered.min()
    offset = ordered - low
    shift = max(0, int(offset.max()).bit_length() - room)
    if room >= 16:
        keys = (ids << (room + row_bits)) | ((offset >> np.uint64(shift)).astype(np.int64) << row_bits)
        keys |= np.arange(size, dtype=np.int64)
        keys.sort()
        order = keys & ((1 << row_bits) - 1)
        coarse = keys >> row_bits
        tied = np.flatnonzero(coarse[1:] == coarse[:-1])
        if tied.size <= size // 16:
            if tied.size:
                # Runs of equal (id, top bits): order each run by the exact times.
                members = np.union1d(tied, tied + 1)
                rows = order[members]
                order[members] = rows[np.lexsort((times[rows], coarse[members]))]
            return order, coarse >> room
    by_time = np.argsort(times)
    within, sorted_ids = _pack_sort_keys(ids[by_time])
    return by_time[within], sorted_ids


def _rising_within(ids: IntArray, times: FloatArray) -> bool:
    """Whether ``times`` never decrease between consecutive rows of the same id."""
    return bool(np.all((times[1:] >= times[:-1]) | (ids[1:] != ids[:-1])))


# --- from_touchpoints, step by step -------------------------------------------------------------------


@attrs.frozen
class _TouchRows:
    """The validated per-row columns of ``from_touchpoints`` (in input order)."""

    times: FloatArray | None
    marks: FloatArray | None
    amounts: FloatArray | None
    when: FloatArray | None
    window: float | None

    @classmethod
    def check(
        cls,
        size: int,
        *,
        time: Any,
        converted: Any,
        value: Any,
        conversion_time: Any,
        split: bool,
        lookback: object,
    ) -> _TouchRows:
        if split and converted is None:
            msg = "'split_at_conversions' needs 'converted' (which touches led to a conversion)"
            raise InvalidInputError(msg)
        times = None if time is None else _times(time, "time")
        if times is not None:
            _finite_times(times, "time")
        window = None if lookback is None else seconds(lookback, "lookback")
        if times is None and (window is not None or conversion_time is not None):
            option = "'lookback'" if window is not None else "'conversion_time'"
            msg = f"{option} needs 'time' (the time of each touch)"
            raise InvalidInputError(msg)
        flags = None if converted is None else np.asarray(converted)
        if flags is not None and flags.dtype.kind == "b":
            flags = flags.astype(np.float64)
        marks = None if flags is None else _counts(flags, "converted", size)
        amounts = None if value is None else _counts(value, "value", size)
        if amounts is not None and marks is not None:
            stray = (amounts > 0) & (marks == 0)
            if stray.any():
                row = _first_bad(stray)
                msg = f"'value' must be 0 where 'converted' is 0 (got {float(amounts[row])!r} at index {row})"
                raise InvalidInputError(msg)
        when: FloatArray | None = None
        if conversion_time is not None and times is not None:
            when = _times(conversion_time, "conversion_time")
            zones = _time_zone(time), _time_zone(conversion_time)
            if None not in zones and zones[0] != zones[1]:
                kinds = ["time-zone-aware" if aware else "naive" for aware in zones]
                msg = (
                    f"'conversion_time' must be {kinds[0]} datetimes, like 'time' (got {kinds[1]} datetimes)"
                )
                raise InvalidInputError(msg)
            early = when < times
            if early.any():
                row = _first_bad(early)
                msg = (
                    f"'conversion_time' must be at or after 'time' (got {float(when[row])!r} at index {row})"
                )
                raise InvalidInputError(msg)
            when = np.where(np.isnan(when), times, when)
        return cls(times, marks, amounts, when, window)


def _journey_order(
    ids: IntArray, rows: _TouchRows, codes: CodeArray
) -> tuple[IntArray, IntArray, FloatArray | None]:
    """Row order by journey, then time; touches at equal times by a rule, never by row position.

    Returns the order with the ids and times in that order. No sort when the rows are already
    grouped by journey in time order, one packed sort when times are in order, else one argsort of
    the times first. Touches of one journey at the same time are put non-converting first, then by
    channel (by name), then by conversions, value and conversion time, so that the converting touch
    ends its tie and shuffling the rows never changes the journeys.
    """
    times = rows.times
    if bool(np.all(ids[1:] >= ids[:-1])) and (times is None or _rising_within(ids, times)):
        order, sorted_ids = np.arange(ids.size, dtype=np.int64), ids  # grouped, in time order
    elif times is None or bool(np.all(times[1:] >= times[:-1])):
        order, sorted_ids = _pack_sort_keys(ids)
    else:
        order, sorted_ids = _id_time_sort(ids, times)
    if times is None:
        return order, sorted_ids, None
    sorted_times = times[order]
    new = np.empty(ids.size, dtype=bool)
    new[:1] = True
    new[1:] = (sorted_ids[1:] != sorted_ids[:-1]) | (sorted_times[1:] != sorted_times[:-1])
    if new.all():
        return order, sorted_ids, sorted_times
    # Break the ties in one packed sort of (tie group, converting, channel).
    converting = np.zeros(ids.size, dtype=np.int64) if rows.marks is None else (rows.marks > 0)[order]
    bits = max(1, int(codes.max(initial=0)).bit_length())
    keys = ((np.cumsum(new) - 1) << (bits + 1)) | (converting.astype(np.int64) << bits) | codes[order]
    within = _pack_sort(keys)
    order = order[within]
    keys = keys[within]
    same = (keys[1:] == keys[:-1]) & (converting[within][1:] > 0)
    if not same.any():
        return order, sorted_ids[within], sorted_times[within]
    marks = cast("FloatArray", rows.marks)
    ties = [column for column in (rows.when, rows.amounts) if column is not None]
    for column in (marks, *ties):
        ordered = column[order]
        if (same & (ordered[1:] != ordered[:-1])).any():
            # Converting touches of one channel at one time that differ: by conversions, value and
            # conversion time (rare: one full sort).
            columns: list[NDArray[Any]] = [*ties, marks, codes, marks > 0, times, ids]
            order = np.lexsort(columns)
            return order, ids[order], times[order]
    return order, sorted_ids[within], sorted_times[within]


@attrs.frozen
class _Cut:
    """Journeys cut from sorted rows: offsets and per-journey totals."""

    offsets: IntArray
    conversions: FloatArray
    values: FloatArray
    conversion_times: FloatArray | None

    def reference(self, times: FloatArray) -> FloatArray:
        """The lookback reference of each journey: its conversion, else its last touch."""
        last = times[self.offsets[1:] - 1]
        stamps = self.conversion_times
        result: FloatArray = last if stamps is None else np.where(np.isnan(stamps), last, stamps)
        return result

    def keep(self, keep: NDArray[np.bool_]) -> _Cut:
        """Drop the touches not in ``keep``, and the journeys left without touches."""
        lengths = np.diff(self.offsets)
        journeys = lengths.size
        remaining = np.bincount(np.repeat(np.arange(journeys), lengths)[keep], minlength=journeys)
        alive = remaining > 0
        offsets = np.zeros(int(alive.sum()) + 1, dtype=np.int64)
        np.cumsum(remaining[alive], out=offsets[1:])
        stamps = self.conversion_times
        return _Cut(
            offsets, self.conversions[alive], self.values[alive], None if stamps is None else stamps[alive]
        )


def _cut(ids: IntArray, times: FloatArray | None, rows: _TouchRows, order: IntArray, *, split: bool) -> _Cut:
    """Cut sorted rows into journeys: one per journey id, and no touch after a journey's conversion.

    ``ids`` and ``times`` are in the sorted ``order`` already; the other columns are read at the
    converting rows only. A journey ends at its id's last converting touch (at every converting touch
    with ``split``); the touches after it form a separate non-converting journey of the same id.
    Conversions, values and conversion times are summed over the converting rows only (values are 0
    elsewhere), with the same ``reduceat`` as over all rows when a journey has more than two of them
    (so that the sums round alike).
    """
    size = ids.size
    starts = np.empty(size, dtype=bool)
    starts[0] = True
    np.not_equal(ids[1:], ids[:-1], out=starts[1:])
    marks = rows.marks
    if marks is None:
        first = np.flatnonzero(starts)
        conversion_times = None
        if times is not None:
            stamp = times if rows.when is None else rows.when[order]
            conversion_times = np.maximum.reduceat(stamp, first)
        values = np.zeros(first.size) if rows.amounts is None else np.add.reduceat(rows.amounts[order], first)
        return _Cut(np.append(first, size).astype(np.int64), np.ones(first.size), values, conversion_times)
    converting = np.flatnonzero((marks > 0)[order])
    source = order[converting]
    ends = converting
    if not split and converting.size:
        # The last converting touch of every id.
        owner = ids[converting]
        ends = converting[np.append(owner[1:] != owner[:-1], True)]
    starts[ends[ends < size - 1] + 1] = True
    first = np.flatnonzero(starts)
    journey = np.searchsorted(first, converting, side="right") - 1
    several = journey.size > 2 and bool(np.any(journey[2:] == journey[:-2]))

    def sums(column: FloatArray) -> FloatArray:
        if several:
            return np.asarray(np.add.reduceat(column[order], first), dtype=np.float64)
        return _converting_sums(column[source], journey, first.size)

    conversions = sums(marks)
    values = np.zeros(first.size) if rows.amounts is None else sums(rows.amounts)
    conversion_times = None
    if times is not None:
        stamp = times[converting] if rows.when is None else rows.when[source]
        latest = np.full(first.size, -np.inf)
        if converting.size:
            groups = np.append(0, np.flatnonzero(journey[1:] != journey[:-1]) + 1)
            latest[journey[groups]] = np.maximum.reduceat(stamp, groups)
        conversion_times = np.where(conversions > 0, latest, np.nan)
    return _Cut(np.append(first, size).astype(np.int64), conversions, values, conversion_times)


def _converting_sums(column: FloatArray, journey: IntArray, journeys: int) -> FloatArray:
    """Per-journey sums of a column's values at the converting rows (it is 0 at the others).

    Adding zeros changes no sum, and one or two terms round alike in any order, so when no journey
    has more than two converting rows this equals ``np.add.reduceat`` over all rows.
    """
    sums = np.zeros(journeys)
    np.add.at(sums, journey, column)
    return sums


# --- the container ------------------------------------------------------------------------------------


def _codes(value: object) -> CodeArray:
    return _owned(value, np.int32, "codes")


def _offsets(value: object) -> IntArray:
    return _owned(value, np.int64, "offsets")


def _float_column(value: object, name: str) -> FloatArray:
    array = _counts(value, name)
    return array if not array.flags.writeable and array is value else freeze(array.copy())


def _conversions(value: object) -> FloatArray:
    return _float_column(value, "conversions")


def _nulls(value: object) -> FloatArray:
    return _float_column(value, "nulls")


def _values(value: object) -> FloatArray:
    return _float_column(value, "values")


def _optional_times(value: object, name: str) -> FloatArray | None:
    if value is None:
        return None
    array = _times(value, name)
    if array.ndim != 1:
        msg = f"{name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    return array if not array.flags.writeable and array is value else freeze(array.copy())


def _touch_times(value: object) -> FloatArray | None:
    return _optional_times(value, "times")


def _conversion_times(value: object) -> FloatArray | None:
    return _optional_times(value, "conversion_times")


@attrs.frozen(kw_only=True, repr=False)
class Journeys:
    """Customer journeys: channel touches in time order, with conversions, non-conversions and value.

    Compressed sparse rows: journey ``j`` is the channel codes ``codes[offsets[j]:offsets[j + 1]]``
    (code ``i`` means ``channels[i]``). A row stands for a path seen ``conversions[j] + nulls[j]``
    times, ``conversions[j]`` of them converting with total value ``values[j]``; one customer's
    journey is the row with ``conversions=1`` (or 0) and ``nulls=0`` (or 1). Build journeys with
    [`from_touchpoints`][socialroi.attribution.Journeys.from_touchpoints] (one row per touch) or
    [`from_paths`][socialroi.attribution.Journeys.from_paths] (aggregated paths with counts);
    every array is read-only.

    Attributes:
        channels: The channel vocabulary; code ``i`` means ``channels[i]``.
        codes: Channel code per touch, journeys concatenated (int32).
        offsets: Journey boundaries, ``len(journeys) + 1`` values from 0 to ``len(codes)`` (int64);
            journeys are never empty.
        conversions: Conversions per journey (>= 0).
        nulls: Non-converting occurrences per journey (>= 0).
        values: Total conversion value per journey (>= 0; 0 where there is no conversion).
        times: Time of each touch in seconds (any float clock), non-decreasing within a journey, or
            ``None``.
        conversion_times: Time of each journey's (last) conversion, NaN where unknown, or ``None``.

    Raises:
        InvalidInputError: When the arrays do not describe valid journeys; the message names the
            array and the index of the first offending value.

    Examples:
        >>> from socialroi.attribution import Journeys
        >>> journeys = Journeys.from_paths(
        ...     ["facebook > email", "search", "facebook > facebook > search"],
        ...     conversions=[3, 1, 0], nulls=[5, 0, 9], values=[120.0, 40.0, 0.0],
        ... )
        >>> journeys
        Journeys(3 journeys, 6 touches, 3 channels, 4 conversions, 14 non-conversions, value 160)
        >>> journeys.channels
        ('email', 'facebook', 'search')
        >>> journeys.codes, journeys.offsets
        (array([1, 0, 2, 1, 1, 2], dtype=int32), array([0, 2, 3, 6]))
        >>> journeys[journeys.conversions > 0].to_paths()
        ['facebook > email', 'search']
    """

    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=CHANNEL_NAMES)
    codes: CodeArray = attrs.field(converter=_codes, eq=ARRAY_EQ)
    offsets: IntArray = attrs.field(converter=_offsets, eq=ARRAY_EQ)
    conversions: FloatArray = attrs.field(converter=_conversions, eq=ARRAY_EQ)
    nulls: FloatArray = attrs.field(converter=_nulls, eq=ARRAY_EQ)
    values: FloatArray = attrs.field(converter=_values, eq=ARRAY_EQ)
    times: FloatArray | None = attrs.field(default=None, converter=_touch_times, eq=ARRAY_EQ)
    conversion_times: FloatArray | None = attrs.field(default=None, converter=_conversion_times, eq=ARRAY_EQ)

    def __attrs_post_init__(self) -> None:
        offsets, codes = self.offsets, self.codes
        if offsets.size == 0 or offsets[0] != 0:
            msg = f"'offsets' must start at 0 (got {offsets[:1].tolist() or 'nothing'})"
            raise InvalidInputError(msg)
        if offsets[-1] != codes.size:
            msg = f"'offsets' must end at len(codes) = {codes.size} (got {int(offsets[-1])})"
            raise InvalidInputError(msg)
        lengths = np.diff(offsets)
        if lengths.size and lengths.min() <= 0:
            row = _first_bad(lengths <= 0)
            msg = f"'offsets' must increase, journeys must not be empty (got {int(offsets[row + 1])} at index {row + 1})"
            raise InvalidInputError(msg)
        if codes.size and (codes.min() < 0 or codes.max() >= len(self.channels)):
            index = _first_bad((codes < 0) | (codes >= len(self.channels)))
            msg = (
                f"'codes' must be between 0 and {len(self.channels) - 1} (one per channel) "
                f"(got {int(codes[index])} at index {index})"
            )
            raise InvalidInputError(msg)
        rows = lengths.size
        for name in ("conversions", "nulls", "values"):
            size = getattr(self, name).size
            if size != rows:
                msg = f"{name!r} must have one value per journey ({rows}) (got {size})"
                raise InvalidInputError(msg)
        stray = (self.values > 0) & (self.conversions == 0)
        if stray.any():
            row = _first_bad(stray)
            msg = f"'values' must be 0 where 'conversions' is 0 (got {float(self.values[row])!r} at index {row})"
            raise InvalidInputError(msg)
        self._check_times(lengths)

    def _check_times(self, lengths: IntArray) -> None:
        times = self.times
        if times is not None:
            if times.size != self.codes.size:
                msg = f"'times' must have one value per touch ({self.codes.size}) (got {times.size})"
                raise InvalidInputError(msg)
            _finite_times(times, "times")
            step = np.diff(times) < 0
            step[self.offsets[1:-1] - 1] = False
            if step.any():
                touch = _first_bad(step) + 1
                msg = (
                    f"'times' must not decrease within a journey "
                    f"(got {float(times[touch])!r} after {float(times[touch - 1])!r} at index {touch})"
                )
                raise InvalidInputError(msg)
        conversion_times = self.conversion_times
        if conversion_times is not None:
            if conversion_times.size != lengths.size:
                msg = f"'conversion_times' must have one value per journey ({lengths.size}) (got {conversion_times.size})"
                raise InvalidInputError(msg)
            bad = np.isnan(conversion_times) & (self.conversions > 0)
            if bad.any():
                row = _first_bad(bad)
                msg = f"'conversion_times' must be finite where there are conversions (got {float(conversion_times[row])!r} at index {row})"
                raise InvalidInputError(msg)

    # --- builders -------------------------------------------------------------------------------------

    @classmethod
    def from_paths(
        cls,
        paths: Iterable[str] | Iterable[Sequence[str]],
        *,
        conversions: Any,
        nulls: Any = None,
        values: Any = None,
        sep: str = ">",
    ) -> Self:
        """Journeys from aggregated paths with counts, the format most attribution tools exchange.

        Args:
            paths: One path per row: a string of channel names joined by ``sep``
                (``"facebook > email > search"``; names may contain spaces, surrounding whitespace is
                trimmed) or a sequence of channel names. Rows are kept as given; identical paths are
                merged only by [`aggregate`][socialroi.attribution.Journeys.aggregate].
            conversions: Conversions per path (>= 0).
            nulls: Non-converting occurrences per path (>= 0); zeros when omitted.
            values: Total conversion value per path (>= 0); zeros when omitted.
            sep: The separator of string paths, of any length.

        Returns:
            The journeys, with the channels sorted by name.

        Raises:
            InvalidInputError: On an empty path or channel name, a negative or non-finite count, or
                lengths that do not match; the message names the index of the first offending one.

        Examples:
            >>> journeys = Journeys.from_paths(["paid search>email", "  tiktok "], conversions=[2, 1])
            >>> journeys.to_paths(), journeys.total_conversions
            (['paid search > email', 'tiktok'], 3.0)
        """
        given = cast("object", sep)
        if not isinstance(given, str) or not given:
            msg = f"'sep' must be a non-empty string (got {sep!r})"
            raise InvalidInputError(msg)
        if isinstance(paths, str):
            msg = f"'paths' must be a sequence of paths, not a single string (got {paths!r})"
            raise InvalidInputError(msg)
        if not isinstance(cast("object", paths), Iterable):
            raise fail("paths", "a sequence of paths", paths)
        rows: list[Any] = (
            np.asarray(paths, dtype=object).tolist() if hasattr(paths, "__array__") else list(paths)
        )
        kinds = set(map(type, rows))
        split = _split_paths(rows, sep) if kinds <= {str} else None
        tokens: list[Any]
        if split is not None:
            lengths, tokens = split[0], []
        elif kinds <= {str}:
            tokens = sep.join(rows).split(sep) if rows else []
            counter = operator.methodcaller("count", sep)
            lengths = np.fromiter(map(counter, rows), dtype=np.int64, count=len(rows)) + 1
        else:
            bad = next(
                (
                    i
                    for i, row in enumerate(rows)
                    if isinstance(row, str | bytes) or not isinstance(row, Iterable)
                ),
                None,
            )
            if bad is not None:
                msg = f"'paths' must hold all strings or all sequences of channel names (got {rows[bad]!r} at index {bad})"
                raise InvalidInputError(msg)
            rows = list(map(list, rows))
            lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
            tokens = list(itertools.chain.from_iterable(rows))
        empty = lengths == 0
        if empty.any():
            row = _first_bad(empty)
            msg = f"'paths' must not hold empty paths (got {rows[row]!r} at index {row})"
            raise InvalidInputError(msg)
        offsets = np.zeros(lengths.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])

        def row_of(touch: int) -> tuple[int, object]:
            row = int(np.searchsorted(offsets, touch, side="right")) - 1
            return row, rows[row]

        if split is None:
            channels, codes = factorize(tokens, "paths", row_of=row_of)
        else:
            channels, codes = _finish_vocabulary(split[2], split[1], "paths", row_of)
        size = lengths.size
        counts = _counts(conversions, "conversions", size)
        zeros = np.zeros(size)
        return cls(
            channels=channels,
            codes=codes,
            offsets=freeze(offsets),
            conversions=freeze(counts),
            nulls=freeze(zeros.copy() if nulls is None else _counts(nulls, "nulls", size)),
            values=freeze(zeros if values is None else _counts(values, "values", size)),
        )

    @classmethod
    def from_touchpoints(
        cls,
        journey_id: Any,
        channel: Any,
        *,
        time: Any = None,
        converted: Any = None,
        value: Any = None,
        conversion_time: Any = None,
        split_at_conversions: bool = False,
        lookback: float | dt.timedelta | np.timedelta64 | None = None,
    ) -> Self:
        """Journeys from one row per touch, the shape of an event log or a DataFrame.

        Rows may come in any order: they are sorted by journey, then by time. Touches of one journey
        at equal times are ordered non-converting first, then by channel name (then by conversions,
        value and conversion time), so shuffling the rows never changes the result; without ``time``
        the rows of a journey keep their order. A journey ends with its last converting touch: the
        touches after a customer's last conversion cannot have led to it, so they form a separate
        non-converting journey of that customer (and never receive credit for the conversion).
        Columns are any array-likes of equal length (numpy arrays, lists, pandas or polars columns;
        pandas ``category`` columns are used without decoding).

        Args:
            journey_id: The customer (or journey) of each touch: integers or strings.
            channel: The channel name of each touch (surrounding whitespace is trimmed).
            time: The time of each touch: numbers (seconds on any clock) or datetimes (converted to
                seconds since the epoch). Needed by ``TimeDecay``, ``lookback`` and
                ``split_at_conversions`` ordering.
            converted: Conversions right after each touch (booleans or counts): mark the touch that
                led to a conversion. ``None`` means every journey converted once (a table of
                converting paths only).
            value: Conversion value of each row (>= 0, 0 where ``converted`` is 0); zeros if omitted.
            conversion_time: Time of the conversion that followed each converting touch (NaN or
                omitted: the touch's own time). A journey's conversion time is its latest one.
            split_at_conversions: Start a new journey after every converting touch, so a customer
                who converted three times gives three converting journeys (plus a non-converting
                one for touches after the last conversion).
            lookback: Drop touches more than this many seconds (or this ``timedelta``) before the
                journey's conversion (before its last touch if it did not convert). A journey left
                with no touch is dropped with its conversions.

        Returns:
            The journeys, channels sorted by name, journeys in the order of their ids (first
            appearance for object columns). Empty columns give empty journeys (as ``from_paths([])``).

        Raises:
            InvalidInputError: On mismatched lengths, empty channel names, missing ids, negative or
                non-finite counts, values or times, a value without a conversion, a conversion time
                before its touch, or options without the columns they need.

        Examples:
            >>> journeys = Journeys.from_touchpoints(
            ...     ["ann", "bob", "ann", "ann"], ["email", "tiktok", "facebook", "email"],
            ...     time=[3.0, 1.0, 1.0, 2.0], converted=[True, False, False, False], value=[50.0, 0, 0, 0],
            ... )
            >>> journeys.to_paths(), journeys.conversions.tolist(), journeys.values.tolist()
            (['facebook > email > email', 'tiktok'], [1.0, 0.0], [50.0, 0.0])
        """
        journey_id = _column(journey_id, "journey_id")
        ids = _dense_codes(journey_id, "journey_id")
        size = ids.size
        channel = _column(channel, "channel", size)
        time = _column(time, "time", size)
        converted = _column(converted, "converted", size)
        value = _column(value, "value", size)
        conversion_time = _column(conversion_time, "conversion_time", size)
        flag().check(split_at_conversions, "split_at_conversions")
        channels, codes = factorize(channel, "channel")
        rows = _TouchRows.check(
            size,
            time=time,
            converted=converted,
            value=value,
            conversion_time=conversion_time,
            split=split_at_conversions,
            lookback=lookback,
        )
        if size == 0:
            none = np.zeros(0)
            timed = None if rows.times is None else none
            return cls(
                channels=(),
                codes=codes,
                offsets=[0],
                conversions=none,
                nulls=none,
                values=none,
                times=timed,
                conversion_times=timed,
            )
        order, sorted_ids, times = _journey_order(ids, rows, codes)
        cut = _cut(sorted_ids, times, rows, order, split=split_at_conversions)
        codes = codes[order]
        if rows.window is not None and times is not None and cut.conversion_times is not None:
            keep = times >= np.repeat(cut.reference(times) - rows.window, np.diff(cut.offsets))
            if not keep.all():
                codes, times, cut = codes[keep], times[keep], cut.keep(keep)
        return cls(
            channels=channels,
            codes=freeze(np.ascontiguousarray(codes, dtype=np.int32)),
            offsets=freeze(cut.offsets),
            conversions=freeze(cut.conversions),
            nulls=freeze((cut.conversions == 0).astype(np.float64)),
            values=freeze(cut.values),
            times=None if times is None else freeze(times),
            conversion_times=None if cut.conversion_times is None else freeze(cut.conversion_times),
        )

    # --- shape and totals -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return int(self.offsets.size - 1)

    @property
    def n_touches(self) -> int:
        """The number of touches over all journeys.

        Examples:
            >>> Journeys.from_paths(["a > b", "c"], conversions=[1, 1]).n_touches
            3
        """
        return int(self.codes.size)

    @property
    def lengths(self) -> IntArray:
        """The number of touches of each journey.

        Examples:
            >>> Journeys.from_paths(["a > b", "c"], conversions=[1, 1]).lengths
            array([2, 1])
        """
        return freeze(np.diff(self.offsets))

    @property
    def journey_of_touch(self) -> IntArray:
        """The journey (row) of each touch.

        Examples:
            >>> Journeys.from_paths(["a > b", "c"], conversions=[1, 1]).journey_of_touch
            array([0, 0, 1])
        """
        return freeze(np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.offsets)))

    @property
    def total_conversions(self) -> float:
        """The sum of the conversions.

        Examples:
            >>> Journeys.from_paths(["a", "b"], conversions=[2, 1]).total_conversions
            3.0
        """
        return float(self.conversions.sum())

    @property
    def total_value(self) -> float:
        """The sum of the conversion values.

        Examples:
            >>> Journeys.from_paths(["a", "b"], conversions=[2, 1], values=[10, 5]).total_value
            15.0
        """
        return float(self.values.sum())

    @property
    def total_nulls(self) -> float:
        """The sum of the non-converting occurrences.

        Examples:
            >>> Journeys.from_paths(["a", "b"], conversions=[2, 0], nulls=[1, 4]).total_nulls
            5.0
        """
        return float(self.nulls.sum())

    # --- selection and transformation -----------------------------------------------------------------

    def __getitem__(self, selection: Any) -> Journeys:
        """The journeys picked by a boolean mask, an array of row numbers or a slice.

        Examples:
            >>> journeys = Journeys.from_paths(["a > b", "c", "b"], conversions=[1, 0, 2], nulls=[0, 3, 0])
            >>> journeys[journeys.conversions > 0].to_paths()
            ['a > b', 'b']
            >>> journeys[[2, 0]].to_paths(), journeys[1:].to_paths()
            (['b', 'a > b'], ['c', 'b'])
        """
        rows = len(self)
        if isinstance(selection, slice):
            index = np.arange(rows, dtype=np.int64)[selection]
        else:
            picked = np.asarray(selection)
            if picked.dtype == np.bool_:
                if picked.shape != (rows,):
                    msg = (
                        f"a boolean mask must have one value per journey ({rows}) (got shape {picked.shape})"
                    )
                    raise InvalidInputError(msg)
                index = np.flatnonzero(picked)
            elif picked.dtype.kind in "iu" and picked.ndim == 1:
                index = picked.astype(np.int64)
                out = (index < -rows) | (index >= rows)
                if out.any():
                    position = _first_bad(out)
                    msg = f"journey rows must be between {-rows} and {rows - 1} (got {int(index[position])} at index {position})"
                    raise InvalidInputError(msg)
                index = np.where(index < 0, index + rows, index)
            else:
                msg = f"journeys are selected by a boolean mask, an array of row numbers or a slice (got {selection!r})"
                raise InvalidInputError(msg)
        starts = self.offsets[:-1][index]
        lengths = self.offsets[1:][index] - starts
        offsets = np.zeros(index.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        touches = np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(starts - offsets[:-1], lengths)
        return Journeys(
            channels=self.channels,
            codes=freeze(self.codes[touches]),
            offsets=freeze(offsets),
            conversions=freeze(self.conversions[index]),
            nulls=freeze(self.nulls[index]),
            values=freeze(self.values[index]),
            times=None if self.times is None else freeze(self.times[touches]),
            conversion_times=None if self.conversion_times is None else freeze(self.conversion_times[index]),
        )

    def aggregate(self) -> Journeys:
        """Merge identical paths: their conversions, non-conversions and values add up.

        Times are dropped (paths of different customers have different times). Paths keep the order
        of their first appearance.

        Examples:
            >>> journeys = Journeys.from_paths(["a > b", "c", "a > b"], conversions=[1, 0, 1], nulls=[0, 1, 1])
            >>> merged = journeys.aggregate()
            >>> merged.to_paths(), merged.conversions.tolist(), merged.nulls.tolist()
            (['a > b', 'c'], [2.0, 0.0], [1.0, 1.0])
        """
        group, first = self._path_groups()
        count = first.size
        order = np.argsort(first, kind="stable")
        rank = np.empty(count, dtype=np.int64)
        rank[order] = np.arange(count)
        group = rank[group]
        representative = first[order]
        kept = self[representative]
        return Journeys(
            channels=self.channels,
            codes=kept.codes,
            offsets=kept.offsets,
            conversions=freeze(np.bincount(group, weights=self.conversions, minlength=count)),
            nulls=freeze(np.bincount(group, weights=self.nulls, minlength=count)),
            values=freeze(np.bincount(group, weights=self.values, minlength=count)),
        )

    def _path_groups(self) -> tuple[IntArray, IntArray]:
        """Group journeys by path: (group per journey, first journey of each group).

        Paths of each length form a matrix; rows pack into one int64 key when they fit, otherwise the
        matrix rows are compared directly. Loops over distinct path lengths only.
        """
        lengths = np.diff(self.offsets)
        rows = lengths.size
        group = np.empty(rows, dtype=np.int64)
        firsts: list[IntArray] = []
        bits = max(1, (len(self.channels) - 1).bit_length())
        found = 0
        for length in np.unique(lengths).tolist():
            members = np.flatnonzero(lengths == length)
            matrix = self.codes[self.offsets[members][:, None] + np.arange(length)].astype(np.int64)
            if bits * length <= 62:
                keys = np.zeros(members.size, dtype=np.int64)
                for column in range(length):
                    keys = (keys << bits) | matrix[:, column]
                _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            else:
                _, first, inverse = np.unique(matrix, axis=0, return_index=True, return_inverse=True)
            group[members] = inverse.reshape(-1) + found
            firsts.append(members[first])
            found += first.size
        return group, np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)

    def to_paths(self, *, sep: str = " > ") -> list[str]:
        """Each journey's channel names joined by ``sep``, for inspection.

        Examples:
            >>> Journeys.from_paths(["a>b", "c"], conversions=[1, 1]).to_paths(sep="/")
            ['a/b', 'c']
        """
        if len(self) == 0:
            return []
        names = np.array(self.channels, dtype=object)
        tokens = (names + sep)[self.codes]
        tokens[self.offsets[1:] - 1] = names[self.codes[self.offsets[1:] - 1]]
        joined: list[str] = np.add.reduceat(tokens, self.offsets[:-1]).tolist()
        return joined

    # --- comparison and display -----------------------------------------------------------------------

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Journeys({len(self):,} journeys, {self.n_touches:,} touches, {len(self.channels)} channels, "
            f"{compact(self.total_conversions)} conversions, {compact(self.total_nulls)} non-conversions, "
            f"value {compact(self.total_value)})"
        )
