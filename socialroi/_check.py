"""The validation vocabulary: every non-array rule once, in the project's message grammar.

Private. Each rule is an object that is both an attrs validator (it takes the field's name from the
attribute, as attrs' own ``instance_of`` and ``in_`` do) and a plain check for function arguments::

    order: int = attrs.field(default=1, converter=integer, validator=whole(minimum=1))
    lag = whole(minimum=0).check(lag, "lag")

Converters only reshape (``integer`` turns any ``numbers.Integral`` but a bool into an ``int`` and leaves
everything else for the validator to refuse); validators judge. Every message reads
``'name' must be <rule> (got <value>)``. Array rules (ranges over whole arrays, with the offending index)
live in ``_arrays``.
"""

# pyright: reportUnknownArgumentType=false, reportUnknownVariableType=false
# This module is the boundary where untyped user input (Any) becomes checked values.

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import enum
import math
import numbers
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar, cast

import attrs
import numpy as np

from socialroi import _arrays
from socialroi._arrays import FINITE, Rule, did_you_mean, names_of
from socialroi.exceptions import InvalidInputError

__all__ = [
    "ANY_NUMBER",
    "Check",
    "MEMORY_LIMIT",
    "ReadOnlyMapping",
    "array",
    "arrays",
    "ascii_upper",
    "at_least_one",
    "boolean",
    "channel_hint",
    "channel_key",
    "choice",
    "date",
    "describe",
    "distinct",
    "distinct_channels",
    "each",
    "fail",
    "field_name",
    "flag",
    "flags",
    "floats",
    "instance",
    "integer",
    "mapping",
    "member",
    "memory",
    "number",
    "optional",
    "ordered",
    "pair",
    "pattern",
    "read_only_mapping",
    "real",
    "reals",
    "seed",
    "text",
    "to_names",
    "to_tuple",
    "whole",
    "word_or",
    "zero_division",
]

_K = TypeVar("_K")
_V = TypeVar("_V")

ANY_NUMBER = Rule(-math.inf, math.inf, "a number")
"""The `Rule` of a result that may be any number, infinities included (with ``allow_nan`` NaN too)."""

MEMORY_LIMIT = 8 * 2**30
"""The most memory (bytes) one call may plan to allocate before it is refused: 8 GiB."""


def describe(value: object) -> str:
    """``repr`` of an offending value for a message, cut to 60 characters."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001  # a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 60 else text[:57] + "..."


def fail(name: str, rule: str, value: object, where: str = "") -> InvalidInputError:
    """The project's error: ``'name' must be <rule> (got <value><where>)``; the caller raises it."""
    return InvalidInputError(f"{name!r} must be {rule} (got {describe(value)}{where})")


def field_name(attribute: attrs.Attribute[Any]) -> str:
    """The name a user passes for a field: its ``__init__`` alias (``_goals`` is ``goals``)."""
    alias: str | None = getattr(attribute, "alias", None)
    return alias or attribute.name.lstrip("_")


class Check(abc.ABC, Generic[_V]):
    """A rule usable as an attrs validator and as a function argument check."""

    @abc.abstractmethod
    def check(self, value: Any, name: str) -> _V:
        """Return ``value`` normalised when it passes; raise `InvalidInputError` naming ``name`` when not."""

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        self.check(value, field_name(attribute))


# --- converters: reshape only --------------------------------------------------------------------------


def integer(value: Any) -> Any:
    """Converter: a whole number (``numbers.Integral``, not a bool) as ``int``; anything else unchanged."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        return value
    return int(value)


def real(value: Any) -> Any:
    """Converter: a real number (not a bool) as ``float``; anything else (and huge ints) unchanged."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return value
    try:
        return float(value)
    except OverflowError:
        return value


def boolean(value: Any) -> Any:
    """Converter: a numpy bool as a Python ``bool``; anything else unchanged (a flag's validator judges)."""
    return bool(value) if isinstance(value, np.bool_) else value


def list_to_tuple(value: Any) -> Any:
    """Converter: a list as a tuple; anything else unchanged (a set, whose order is arbitrary, stays a set)."""
    return tuple(value) if isinstance(value, list) else value


def to_tuple(value: Any) -> Any:
    """Converter: an iterable that is not a string or a mapping as a tuple; anything else unchanged."""
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        return value
    return tuple(value)


class ReadOnlyMapping(Mapping[_K, _V]):
    """A read-only copy of a mapping that pickles and deep-copies (``types.MappingProxyType`` does neither).

    The one mapping type of record fields, so every public result crosses process boundaries
    (multiprocessing, Dask) like any plain value. It equals any mapping with the same items.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[_K, _V]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: _K) -> _V:
        return self._items[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __reduce__(self) -> tuple[type[ReadOnlyMapping[_K, _V]], tuple[dict[_K, _V]]]:
        return type(self), (self._items,)

    def __repr__(self) -> str:
        return f"ReadOnlyMapping({self._items!r})"


def read_only_mapping(value: Any) -> Any:
    """Converter: a mapping as a `ReadOnlyMapping` copy; anything else unchanged for the validator to refuse."""
    if isinstance(value, Mapping):
        return ReadOnlyMapping(cast("Mapping[object, object]", value))
    return value


def to_names(value: Any) -> Any:
    """Converter: one string as a one-element tuple, any other iterable but a mapping as a tuple."""
    return (value,) if isinstance(value, str) else to_tuple(value)


def ascii_upper(value: Any) -> Any:
    """Converter: an ASCII string upper-cased (``"usd"`` is ``"USD"``); anything else unchanged.

    Only ASCII: ``"ßd".upper()`` is ``"SSD"``, which would turn a typo into a valid-looking code.
    """
    if isinstance(value, str) and value.isascii():
        return value.upper()
    return value


# --- rules ----------------------------------------------------------------------------------------------


def _is_whole(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


@attrs.frozen
class whole(Check[int]):  # noqa: N801  # reads as a rule: validator=whole(minimum=1)
    """A whole number: ``numbers.Integral`` (``np.int64`` included), never a bool, within bounds."""

    minimum: int | None = None
    maximum: int | None = None

    def rule(self) -> str:
        """The rule's text for messages."""
        if self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"a whole number >= {self.minimum}"
        if self.maximum is not None:
            return f"a whole number <= {self.maximum}"
        return "a whole number"

    def check(self, value: Any, name: str) -> int:
        """See `Check.check`."""
        if not _is_whole(value):
            raise fail(name, self.rule(), value)
        number = int(value)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise fail(name, self.rule(), value)
        return number


@attrs.frozen
class number(Check[float]):  # noqa: N801
    """A real number (Python or numpy, never a bool) within an `_arrays.Rule`; NaN only when allowed."""

    rule: Rule = FINITE
    allow_nan: bool = False

    def check(self, value: Any, name: str) -> float:
        """See `Check.check`."""
        original: object = value
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            raise fail(name, "a number", original)
        try:
            result = float(value)
        except OverflowError:
            raise fail(name, self.rule.text, value) from None
        if math.isnan(result):
            if self.allow_nan:
                return result
            raise fail(name, f"a number, not NaN, and {self.rule.text}", value)
        if not self.rule.low <= result <= self.rule.high:
            raise fail(name, self.rule.text, value)
        return result


@attrs.frozen
class flag(Check[bool]):  # noqa: N801
    """A real ``bool`` (or ``np.bool_``): a truthy string such as ``"no"`` is refused."""

    def check(self, value: Any, name: str) -> bool:
        """See `Check.check`."""
        original: object = value
        if not isinstance(value, bool | np.bool_):
            raise fail(name, "True or False", original)
        return bool(original)


@attrs.frozen
class text(Check[str]):  # noqa: N801
    """A string; by default a non-empty one (not only spaces)."""

    empty: bool = False

    def check(self, value: Any, name: str) -> str:
        """See `Check.check`."""
        if not isinstance(value, str):
            raise fail(name, "a string", value)
        if not self.empty and not value.strip():
            raise fail(name, "a non-empty string", value)
        return value


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class choice(Check[str]):  # noqa: N801
    """One of a fixed set of strings, with a did-you-mean suggestion for a near miss."""

    options: tuple[str, ...] = attrs.field(converter=_strings)
    what: str | None = None
    """The rule's text instead of the list of options (for long lists: "a numeric Performance field")."""

    def check(self, value: Any, name: str) -> str:
        """See `Check.check`."""
        if isinstance(value, str) and value in self.options:
            return value
        hint = did_you_mean(value, self.options) if isinstance(value, str) else ""
        rule = names_of(self.options) if self.what is None else self.what
        raise InvalidInputError(f"{name!r} must be {rule} (got {describe(value)}){hint}")


@attrs.frozen
class pattern(Check[str]):  # noqa: N801
    """A string that matches a regular expression in full, named in the message by ``what``."""

    regex: str
    what: str

    def check(self, value: Any, name: str) -> str:
        """See `Check.check`."""
        if not isinstance(value, str) or re.fullmatch(self.regex, value) is None:
            raise fail(name, self.what, value)
        return value


_E = TypeVar("_E", bound=enum.Enum)


@attrs.frozen
class member(Check[_E]):  # noqa: N801
    """A member of an enum with string values, or one of those values in any case (did-you-mean).

    `convert` is the matching attrs converter: it reshapes a value string into its member and leaves
    anything else for the validator to refuse.
    """

    kind: type[_E]

    def convert(self, value: Any) -> Any:
        """Converter: a string that is (in any case) one of the enum's values as that member."""
        if isinstance(value, str):
            for item in self.kind:
                if item.value == value.lower():
                    return item
        return value

    def check(self, value: Any, name: str) -> _E:
        """See `Check.check`."""
        converted = self.convert(value)
        if isinstance(converted, self.kind):
            return converted
        options = [str(item.value) for item in self.kind]
        hint = did_you_mean(value.lower(), options) if isinstance(value, str) else ""
        raise InvalidInputError(
            f"{name!r} must be a {self.kind.__name__} or {names_of(options)} (got {describe(value)}){hint}"
        )


@attrs.frozen
class instance(Check[Any]):  # noqa: N801
    """An instance of a type (or types), named in the message by ``what``."""

    types: type | tuple[type, ...]
    what: str

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if not isinstance(value, self.types):
            raise fail(name, self.what, value)
        return value


@attrs.frozen
class date(Check[dt.date]):  # noqa: N801
    """A calendar date: a ``datetime.date`` that is not a ``datetime`` (a string is refused)."""

    def check(self, value: Any, name: str) -> dt.date:
        """See `Check.check`."""
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise fail(name, "a datetime.date (not a datetime or a string)", value)
        return value


@attrs.frozen
class optional(Check[Any]):  # noqa: N801
    """``None`` (not measured) or a value that passes ``inner``."""

    inner: Check[Any]

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        return None if value is None else self.inner.check(value, name)


@attrs.frozen
class word_or(Check[Any]):  # noqa: N801
    """A keyword (``"auto"``: let the library choose) or a whole number that passes ``inner``."""

    word: str
    inner: whole

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if value == self.word and isinstance(value, str):
            return value
        if _is_whole(value):
            with contextlib.suppress(InvalidInputError):
                return self.inner.check(value, name)
        hint = did_you_mean(value, (self.word,)) if isinstance(value, str) else ""
        raise InvalidInputError(
            f"{name!r} must be {self.word!r} or {self.inner.rule()} (got {describe(value)}){hint}"
        )


@attrs.frozen
class distinct(Check[Any]):  # noqa: N801
    """A collection without repeats (e.g. channel names)."""

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        seen: set[object] = set()
        for item in value:
            if item in seen:
                raise fail(name, "distinct", item, " twice")
            seen.add(item)
        return value


@attrs.frozen
class at_least_one(Check[Any]):  # noqa: N801
    """A collection with at least one element."""

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if not isinstance(value, Collection) or len(value) == 0:
            raise fail(name, "at least one element", value)
        return value


@attrs.frozen
class each(Check[Any]):  # noqa: N801
    """Every element of a sequence passes ``inner``; the message names the element's index."""

    inner: Check[Any]

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise fail(name, "a sequence", value)
        return tuple(self.inner.check(item, f"{name}[{i}]") for i, item in enumerate(value))


@attrs.frozen
class pair(Check[Any]):  # noqa: N801
    """A tuple of two whose items pass ``first`` and ``second`` (named ``name[0]`` and ``name[1]``)."""

    first: Check[Any]
    second: Check[Any]

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if not isinstance(value, tuple) or len(value) != 2:  # pyright: ignore[reportUnknownArgumentType]
            raise fail(name, "a pair (a tuple of two)", value)
        items = cast("tuple[object, object]", value)
        return (self.first.check(items[0], f"{name}[0]"), self.second.check(items[1], f"{name}[1]"))


@attrs.frozen
class mapping(Check[Any]):  # noqa: N801
    """A mapping whose keys pass ``keys`` and values pass ``values``.

    A value's message names ``name[key]`` with the key as ``str`` shows it (``name[a]``,
    ``name[Stage.AWARENESS]``), so the name stays quotable in the grammar.
    """

    keys: Check[Any]
    values: Check[Any]

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        if not isinstance(value, Mapping):
            raise fail(name, "a mapping", value)
        pairs = cast("Mapping[object, object]", value)
        for key, item in pairs.items():
            self.keys.check(key, name)
            self.values.check(item, f"{name}[{key}]")
        return value


def channel_key(name: str) -> str:
    """The one rule by which channel names compare: case-folded, runs of whitespace made one space, ends stripped.

    ``"Meta Ads"``, ``" meta  ads "`` and ``"META ADS"`` are one channel, ``"meta ads"``.
    """
    return " ".join(name.split()).casefold()


def channel_hint(name: str, known: Iterable[str]) -> str:
    """A suggestion for a channel name missing from ``known``.

    The names equal to it under `channel_key` (``"; did you mean 'Meta'? (channel names differ only in
    case or spaces)"``), else close matches, else ``""``.
    """
    options = list(known)
    same = [option for option in options if channel_key(option) == channel_key(name)]
    if same:
        return f"; did you mean {names_of(same)}? (channel names differ only in case or spaces)"
    return did_you_mean(name, options)


@attrs.frozen
class distinct_channels(Check[Any]):  # noqa: N801
    """Channel names without two that are one channel under `channel_key` (``"Meta"`` and ``"meta "``)."""

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        seen: dict[str, str] = {}
        for item in value:
            key = channel_key(item)
            if key in seen:
                if item == seen[key]:
                    raise fail(name, "distinct", item, " twice")
                raise fail(name, "distinct channel names", item, channel_hint(item, [seen[key]]))
            seen[key] = item
        return value


def seed(value: object) -> int:
    """A whole-number seed >= 0; ``None``, bools, fractions and negatives are refused.

    The project's rule: anything random takes a seed, never ``None``, so the same call always gives
    the same result.
    """
    return whole(minimum=0).check(value, "seed")


def zero_division(value: object) -> Literal["warn", "raise"] | float:
    """The zero-division policy option: ``"warn"``, ``"raise"`` or the number to return in its place.

    Any real number but a bool (``np.int64`` included) is a fill value, NaN (quietly NaN) and infinities
    too.
    """
    if isinstance(value, str) and value in ("warn", "raise"):
        return "warn" if value == "warn" else "raise"
    original: object = value
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise fail("zero_division", "'warn', 'raise' or a number", original)
    try:
        return float(value)
    except OverflowError:
        raise fail(
            "zero_division", "'warn', 'raise' or a number within the float range (about ±1.8e308)", value
        ) from None


def memory(name: str, value: object, n_bytes: float, limit: float = MEMORY_LIMIT) -> None:
    """Refuse an option whose planned allocation exceeds ``limit``, naming the option and the estimate."""
    if n_bytes > limit:
        msg = (
            f"{name!r} = {describe(value)} would need about {_bytes(n_bytes)} of memory, more than the "
            f"{_bytes(limit)} socialroi allows one call; lower {name!r}"
        )
        raise InvalidInputError(msg)


def _bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n:.0f} B"
        n /= 1024
    raise AssertionError  # pragma: no cover


# --- arrays and ordered pairs (budget, valuation, report, datasets) -------------------------------------


def array(value: Any) -> Any:
    """Converter: numbers as a read-only float64 copy, bools as a read-only bool copy; anything else unchanged.

    The shape is kept; `floats` and `flags` judge what is left.
    """
    try:
        given = np.asarray(value)
    except (TypeError, ValueError):
        return value
    if given.dtype.kind in "fiu":
        return _arrays.read_only(given)
    if given.dtype == np.bool_:
        return _arrays.read_only(given, np.bool_)
    return value


def arrays(value: Any) -> Any:
    """Converter: a mapping as a `ReadOnlyMapping` whose values went through `array`; else unchanged."""
    if isinstance(value, Mapping):
        return ReadOnlyMapping(
            {key: array(item) for key, item in cast("Mapping[object, object]", value).items()}
        )
    return value


def reals(value: Any) -> Any:
    """Converter: an iterable (not a string or mapping) as a tuple of `real` elements; anything else unchanged."""
    value = to_tuple(value)
    if isinstance(value, tuple):
        return tuple(real(item) for item in value)
    return value


@attrs.frozen
class floats(Check[Any]):  # noqa: N801
    """An array of real numbers (never bools, strings or objects) within an `_arrays.Rule`.

    NaN only when ``allow_nan``; the message names the first offending index, as `_arrays` does.
    Pair it with a converter that turns number arrays into read-only float arrays and leaves
    anything else for this rule to refuse.
    """

    rule: Rule = FINITE
    allow_nan: bool = False

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):
            raise fail(name, "an array of numbers", value) from None
        if array.dtype.kind not in "fiu":
            raise fail(name, "an array of numbers", value)
        checked = _arrays.as_array(array, name, self.rule)
        missing = np.flatnonzero(np.isnan(checked.reshape(-1)))
        if missing.size and not self.allow_nan:
            index = int(missing[0])
            raise fail(name, f"{self.rule.text}, not NaN", math.nan, f" at index {index}")
        return value


def shaped(value: Any, name: str, shape: tuple[int, ...], what: str) -> None:
    """Refuse an array whose shape is not ``shape``; ``what`` says where the shape comes from."""
    given = np.shape(value)
    if given != shape:
        msg = f"{name!r} must be of shape {shape}, {what} (got shape {given})"
        raise InvalidInputError(msg)


@attrs.frozen
class flags(Check[Any]):  # noqa: N801
    """An array of bools (``dtype=bool``): numbers and strings are refused."""

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        try:
            kind = np.asarray(value).dtype
        except (TypeError, ValueError):
            kind = None
        if kind != np.bool_:
            raise fail(name, "an array of True or False", value)
        return value


@attrs.frozen
class ordered(Check[Any]):  # noqa: N801
    """A pair (checked by `pair` first) whose first item is <= its second: an interval, a period."""

    what: str = "a pair"

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        low, high = cast("tuple[Any, Any]", value)
        if low > high:
            raise fail(name, f"{self.what} with {name}[0] <= {name}[1]", value)
        return value


@attrs.frozen
class days(Check[Any]):  # noqa: N801
    """A period: a pair (first day, last day) of real dates, the first <= the last; a list reads as a pair.

    As an attrs validator, pair it with the `list_to_tuple` converter so the stored value is the tuple.
    """

    def check(self, value: Any, name: str) -> Any:
        """See `Check.check`."""
        return _PERIOD.check(_DAY_PAIR.check(list_to_tuple(value), name), name)


_DAY_PAIR = pair(date(), date())
_PERIOD = ordered("a pair (first day, last day)")
