"""Coercion and validation of scalars and array-likes, and the one zero-division policy.

Private: the public functions in `socialroi.metrics` and the records call these helpers so that every
rule is written once. Scalars stay Python floats (no numpy on that path); array-likes become float64
arrays, except objects that implement ``__array_ufunc__`` themselves (a pandas Series), which are kept so
that numpy ufuncs return the same type with the same index.
"""

# pyright: reportUnknownArgumentType=false, reportUnknownVariableType=false
# This module is the boundary where untyped user input (Any) becomes checked floats and arrays.

from __future__ import annotations

import difflib
import itertools
import math
import numbers
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, TypeAlias, TypeVar, cast, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi.exceptions import InvalidInputError, UndefinedMetricError, UndefinedMetricWarning

ZeroDivision: TypeAlias = Literal["warn", "raise"] | float
FloatArray: TypeAlias = NDArray[np.float64]

_MAX = sys.float_info.max
_Array = TypeVar("_Array", bound=NDArray[Any])
_Scalar = TypeVar("_Scalar", bound=np.generic)


class Rule(NamedTuple):
    """An allowed closed range of values; NaN is always allowed (missing data propagates)."""

    low: float
    high: float
    text: str


FINITE = Rule(-_MAX, _MAX, "finite")
NON_NEGATIVE = Rule(0.0, _MAX, ">= 0 and finite")
POSITIVE = Rule(5e-324, _MAX, "> 0 and finite")
FRACTION = Rule(0.0, 1.0, "between 0 and 1")
SIGNED_FRACTION = Rule(-1.0, 1.0, "between -1 and 1")


def describe_index(shape: tuple[int, ...], flat_index: int) -> str:
    """Format the position of a flat index in an array of ``shape`` for error messages."""
    if len(shape) <= 1:
        return str(flat_index)
    return str(tuple(int(i) for i in np.unravel_index(flat_index, shape)))


def _not_numbers(name: str, value: object) -> InvalidInputError:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return InvalidInputError(f"{name!r} must be a number or an array of numbers (got {text})")


# IEEE 754 doubles read as 64-bit integers: +inf, the sign bit, and -inf.
_INF_BITS = np.uint64(0x7FF0000000000000)
_SIGN_BIT = np.uint64(0x8000000000000000)
_NEGATIVE_INF_BITS = np.uint64(0xFFF0000000000000)


def _quick(flat: FloatArray, rule: Rule) -> bool:
    """Whether ``flat`` certainly passes ``rule``, in one or two reductions and no temporaries.

    ``False`` may also mean NaN (allowed), an overflow or ``-0.0``: the exact check settles those.
    Integer views and NaN-propagating reductions raise no floating-point warnings.
    """
    if rule is NON_NEGATIVE:
        # Read as unsigned integers, exactly the finite non-negative doubles lie below +inf.
        return bool(flat.view(np.uint64).max() < _INF_BITS)
    if rule is FINITE:
        # Read as unsigned integers, non-negative finite doubles lie below +inf and negative finite
        # ones between the sign bit and -inf; with negatives present, a signed max finds +inf/NaN.
        top = flat.view(np.uint64).max()
        return bool(top < _INF_BITS) or bool(
            _SIGN_BIT <= top < _NEGATIVE_INF_BITS and flat.view(np.int64).max() < np.int64(_INF_BITS)
        )
    return bool(rule.low <= flat.min()) and bool(flat.max() <= rule.high)


def _check_float_array(flat: FloatArray, shape: tuple[int, ...], name: str, rule: Rule) -> None:
    """Check ``flat`` against ``rule``: quickly when it passes, exactly (naming the index) when not."""
    if flat.size == 0 or _quick(flat, rule):
        return
    with np.errstate(invalid="ignore"):
        bad = ~((flat >= rule.low) & (flat <= rule.high)) & ~np.isnan(flat)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        where = f" at index {describe_index(shape, index)}" if shape else ""  # none for a numpy scalar
        msg = f"{name!r} must be {rule.text} (got {float(flat[index])!r}{where})"
        raise InvalidInputError(msg)


def _out_of_range(name: str, rule: Rule, value: object) -> InvalidInputError:
    from socialroi._check import fail

    return fail(name, rule.text, value)


def _numeric_dtype(dtype: object) -> bool:
    """Whether a data-frame library's column type (pandas ``Int64``, ``Float64``, pyarrow) holds numbers."""
    kind = getattr(dtype, "type", None)
    return (
        isinstance(kind, type)
        and issubclass(kind, numbers.Number | np.number)
        and not issubclass(kind, bool | np.bool_ | complex | np.complexfloating)
    )


def _labelled(value: Any, name: str) -> Any:
    """A Series-like object ready for numpy ufuncs: object, nullable and pyarrow columns become float64.

    ``None`` and ``pd.NA`` become NaN; a column whose values are not numbers is refused.
    """
    dtype = getattr(value, "dtype", None)
    if dtype is None or not callable(getattr(value, "astype", None)):
        return value  # frames (one dtype per column) and polars (whose ufuncs keep null as missing)
    if isinstance(dtype, np.dtype):
        if dtype.kind != "O":
            return value  # numeric numpy-backed columns as they are; others are refused by `operand`
    elif not _numeric_dtype(dtype):
        raise _not_numbers(name, value)
    try:
        return value.astype(np.float64)
    except (TypeError, ValueError):
        raise _not_numbers(name, value) from None
    except OverflowError:
        raise _out_of_range(name, FINITE, value) from None


def _python_number(value: float, name: str, rule: Rule) -> float:
    try:
        number = float(value)
    except OverflowError:  # a Python int beyond the float range
        raise _out_of_range(name, rule, value) from None
    if not rule.low <= number <= rule.high and not math.isnan(number):
        msg = f"{name!r} must be {rule.text} (got {number!r})"
        raise InvalidInputError(msg)
    return number


def _float_array(value: Any, name: str, rule: Rule) -> FloatArray:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # a ragged nesting of lists
        raise _not_numbers(name, value) from None
    if array.dtype.kind not in "fiu":
        if array.dtype.kind in "bcmMSUV":
            raise _not_numbers(name, value)
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise _not_numbers(name, value) from None
        except OverflowError:  # a Python int beyond the float range
            raise _out_of_range(name, rule, value) from None
    with np.errstate(over="ignore"):  # a long double beyond the float range becomes inf, refused below
        result: FloatArray = array.astype(np.float64, copy=False)
    _check_float_array(result.reshape(-1), result.shape, name, rule)
    return result


def operand(value: Any, name: str, rule: Rule = FINITE) -> Any:
    """Validate ``value`` against ``rule`` and return it in a form ready for arithmetic.

    Python numbers become Python floats (no numpy on that path), array-likes become float64 arrays
    (0-d ones Python floats), and objects that implement ``__array_ufunc__`` themselves (a pandas or
    polars Series) are returned as they are, so that numpy ufuncs keep their type and index; a nullable
    pandas column (``Int64``, ``Float64``, pyarrow) becomes float64 first, its ``pd.NA`` NaN. ``None``
    (alone or in a list) is missing data: NaN.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _python_number(value, name, rule)
    keep = hasattr(value, "__array_ufunc__") and not isinstance(value, np.ndarray | np.generic)
    if keep:
        value = _labelled(value, name)
    array = _float_array(value, name, rule)
    if array.ndim == 0:
        return float(array)
    return value if keep else array


def as_array(value: Any, name: str, rule: Rule = FINITE) -> FloatArray:
    """Validate ``value`` and return it as a float64 numpy array (never a Series)."""
    result: FloatArray = np.asarray(operand(value, name, rule), dtype=np.float64)
    return result


def freeze(array: _Array) -> _Array:
    """Make an array that no caller holds (just built here) read-only in place, and return it."""
    array.setflags(write=False)
    return array


@overload
def read_only(value: object) -> FloatArray: ...
@overload
def read_only(value: object, dtype: type[_Scalar]) -> NDArray[_Scalar]: ...
def read_only(value: object, dtype: type[np.generic] = np.float64) -> NDArray[Any]:
    """A read-only copy of ``value`` as an array of ``dtype``: the converter of record array fields.

    The copy means a record never aliases its caller's array (inputs are never mutated, and later
    changes to them do not leak in).
    """
    return freeze(np.array(value, dtype=dtype))


def check_scalar(value: object, name: str, rule: Rule = FINITE, *, allow_nan: bool = False) -> float:
    """A single number checked by `socialroi._check.number` (the one home of the rule), as a float.

    Kept for the callers that have not moved to ``_check.number(rule).check(value, name)``; the value is
    reshaped by ``_check.real`` first and NaN reads ``'name' must be a number, not NaN``, as it always did.
    """
    from socialroi import _check

    number = _check.real(value)
    if not allow_nan and isinstance(number, float) and math.isnan(number):
        raise _check.fail(name, "a number, not NaN", number)
    return _check.number(rule, allow_nan=allow_nan).check(number, name)


def _axes(value: object) -> list[Any] | None:
    """The labels of a pandas-like object (``[index]`` of a Series, ``[index, columns]`` of a frame)."""
    if isinstance(value, np.ndarray | float):
        return None
    axes = getattr(value, "axes", None)
    if isinstance(axes, list) and all(callable(getattr(axis, "equals", None)) for axis in axes):
        return axes
    return None


def _same_labels(arrays: dict[str, Any]) -> None:
    """Refuse labelled operands (pandas) whose labels differ: numpy would pair them by position.

    `broadcast` has made sure they have one shape, so they have as many axes.
    """
    labelled = [(name, axes) for name, value in arrays.items() if (axes := _axes(value)) is not None]
    for (first, first_axes), (name, axes) in itertools.pairwise(labelled):
        for axis, (one, other) in enumerate(zip(first_axes, axes, strict=True)):
            if not one.equals(other):
                label = "index" if axis == 0 else "columns"
                msg = (
                    f"{name!r} must have the same {label} as {first!r} (got {_labels(other)} for {name!r} and "
                    f"{_labels(one)} for {first!r}); align them first, e.g. "
                    f"{first}, {name} = {first}.align({name}, join='inner')"
                )
                raise InvalidInputError(msg)


def _labels(axis: Any) -> str:
    from socialroi._check import describe

    return describe(list(axis[:10]))


def broadcast(**arrays: Any) -> None:
    """Raise `InvalidInputError` naming the arguments when their shapes cannot be broadcast together.

    Labelled operands (pandas Series or DataFrames) must also carry the same labels: two Series with
    different indexes are refused rather than aligned (pandas would return the union of the indexes,
    with NaN where one side has no row) or paired by position.
    """
    shapes = {name: np.shape(value) for name, value in arrays.items()}
    try:
        shape = np.broadcast_shapes(*shapes.values())
    except ValueError:
        shape = None
    # A Series or DataFrame (any object that does its own ufuncs) cannot grow into a larger shape.
    kept = [name for name, value in arrays.items() if not isinstance(value, float | np.ndarray)]
    if shape is None or any(shapes[name] != shape for name in kept):
        described = ", ".join(f"{name!r} {shape}" for name, shape in shapes.items())
        msg = f"arguments must have matching lengths (got shapes {described})"
        raise InvalidInputError(msg)
    _same_labels(arrays)


def check_zero_division(zero_division: object) -> None:
    """Validate a ``zero_division`` option (the rule is `socialroi._check.zero_division`)."""
    if type(zero_division) is str and zero_division in ("warn", "raise"):
        return
    from socialroi import _check

    _check.zero_division(zero_division)


def warn(message: str, category: type[Warning] = UndefinedMetricWarning) -> None:
    """Warn with the stack level of the first caller outside socialroi."""
    frame = sys._getframe(1)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    level = 2
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("socialroi."):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def finish(result: Any) -> Any:
    """Return 0-d results as Python floats and everything else unchanged."""
    if isinstance(result, np.ndarray | np.generic) and np.ndim(result) == 0:
        return float(result)
    return result


def divide(num: Any, den: Any, zero_division: ZeroDivision, metric: str, den_name: str) -> Any:
    """Divide validated operands (see `operand`) under the zero-division policy."""
    check_zero_division(zero_division)
    if isinstance(den, float):
        if den != 0.0:
            return num / den if isinstance(num, float) else finish(np.divide(num, den, dtype=np.float64))
        zeros: Any = np.True_
    else:
        if isinstance(den, np.ndarray) and isinstance(num, float | np.ndarray):
            # The floating-point status flags say whether a zero denominator was met, at no cost:
            # x/0 sets "divide" and 0/0 sets "invalid" (NaN inputs and finite overflow set neither).
            try:
                with np.errstate(divide="raise", invalid="raise", over="ignore", under="ignore"):
                    return finish(np.divide(num, den, dtype=np.float64))
            except FloatingPointError:
                pass
        zeros = np.asarray(den) == 0
        if not zeros.any():
            with np.errstate(over="ignore"):
                return finish(np.divide(num, den, dtype=np.float64))
    shape = np.shape(den)
    if zero_division == "raise":
        where = f" at index {describe_index(shape, int(np.flatnonzero(zeros)[0]))}" if shape else ""
        msg = f"{metric} is undefined where {den_name!r} is 0 (got 0.0{where})"
        raise UndefinedMetricError(msg)
    fill = float("nan") if zero_division == "warn" else float(zero_division)
    if isinstance(num, float) and isinstance(den, float):
        result: Any = fill
        count = total = 1
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.divide(num, den, dtype=np.float64)
        mask = np.broadcast_to(zeros, np.shape(result))
        result[mask] = fill
        count, total = int(np.count_nonzero(mask)), mask.size
    if zero_division == "warn":
        warn(f"{metric} is undefined where {den_name!r} is 0 ({count} of {total} values); returning nan")
    return finish(result)


_CHUNK = 1 << 15  # 256 KiB of float64: a chunk of each operand stays in cache between its passes


def _chunkable(num: Any, den: Any, rules: tuple[Rule, Rule]) -> bool:
    """Large same-shape contiguous float64 arrays with a non-negative denominator rule."""
    return (
        type(num) is np.ndarray
        and type(den) is np.ndarray
        and num.dtype == den.dtype == np.float64
        and num.shape == den.shape
        and num.size >= _CHUNK
        and num.flags.c_contiguous
        and den.flags.c_contiguous
        and rules[1] is NON_NEGATIVE
        and (rules[0] is FINITE or rules[0] is NON_NEGATIVE)
    )


def _divide_in_chunks(num: FloatArray, den: FloatArray, num_rule: Rule) -> FloatArray | None:
    """``num / den`` checked chunk by chunk while each chunk is in cache; ``None`` at the first doubt.

    Each chunk is divided first and then checked from cache. When the floating-point flags say no zero
    was met and the denominator chunk is finite and non-negative, the quotient has the numerator's sign
    and finiteness: checking the quotient checks the numerator, and the data are read from memory once,
    as by ``numpy.divide`` itself. Any doubt (a
    zero, NaN, an infinity, a negative value, an overflow) returns ``None`` for the exact path, which
    gives the precise error or result.
    """
    out = np.empty(num.shape)
    n, d, q = num.reshape(-1), den.reshape(-1), out.reshape(-1)
    try:
        with np.errstate(divide="raise", invalid="raise", over="ignore", under="ignore"):
            for start in range(0, n.size, _CHUNK):
                part = slice(start, start + _CHUNK)
                np.divide(n[part], d[part], out=q[part])
                if not (_quick(d[part], NON_NEGATIVE) and _quick(q[part], num_rule)):
                    return None
    except FloatingPointError:
        return None
    return out


def ratio(
    num: Any,
    den: Any,
    zero_division: ZeroDivision,
    metric: str,
    names: tuple[str, str],
    rules: tuple[Rule, Rule] = (NON_NEGATIVE, NON_NEGATIVE),
) -> Any:
    """``num / den`` with validation, broadcasting checks and the zero-division policy."""
    num_rule, den_rule = rules
    # Fast path for two Python floats that pass their rules and a positive denominator.
    if (
        type(num) is float
        and type(den) is float
        and num_rule.low <= num <= num_rule.high
        and den_rule.low <= den <= den_rule.high
        and den > 0.0
    ):
        if not isinstance(zero_division, str) or zero_division != "warn":  # checked whatever the data
            check_zero_division(zero_division)
        return num / den
    if _chunkable(num, den, rules):
        check_zero_division(zero_division)
        quotient = _divide_in_chunks(cast("FloatArray", num), cast("FloatArray", den), num_rule)
        if quotient is not None:
            return quotient
    num_operand = operand(num, names[0], num_rule)
    den_operand = operand(den, names[1], den_rule)
    if not isinstance(num_operand, float) and not isinstance(den_operand, float):
        broadcast(**{names[0]: num_operand, names[1]: den_operand})
    return divide(num_operand, den_operand, zero_division, metric, names[1])


def check_at_most(small: Any, large: Any, names: tuple[str, str]) -> None:
    """Raise when any element of validated ``small`` exceeds the matching element of ``large``."""
    pair = np.broadcast_arrays(np.asarray(small, dtype=np.float64), np.asarray(large, dtype=np.float64))
    with np.errstate(invalid="ignore"):
        bad = np.greater(*pair)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        first, second = (float(part.reshape(-1)[index]) for part in pair)
        where = f" at index {describe_index(bad.shape, index)}" if bad.ndim else ""
        msg = f"{names[0]!r} must be <= {names[1]!r} (got {first!r} > {second!r}{where})"
        raise InvalidInputError(msg)


def part_of_whole(
    part: Any, whole: Any, zero_division: ZeroDivision, metric: str, names: tuple[str, str]
) -> Any:
    """``part / whole`` for a part that can never exceed its whole (bounced sessions of all sessions).

    The same rule as the records: ``Performance(bounced_sessions=10, sessions=5)`` is refused, and so is
    ``bounce_rate(10, 5)``.
    """
    part_ = operand(part, names[0], NON_NEGATIVE)
    whole_ = operand(whole, names[1], NON_NEGATIVE)
    broadcast(**{names[0]: part_, names[1]: whole_})
    check_at_most(part_, whole_, names)
    return divide(part_, whole_, zero_division, metric, names[1])


def names_of(values: Sequence[str]) -> str:
    """Join names for messages: ``'a', 'b' or 'c'``."""
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """A suggestion for an unknown name: ``"; did you mean 'cpa'?"``, or ``""`` when nothing is close."""
    close = difflib.get_close_matches(value, list(options), n=3, cutoff=0.6)
    return f"; did you mean {names_of(close)}?" if close else ""


def check_seed(value: object) -> int:
    """A whole-number seed >= 0: `socialroi._check.seed`, the one home of the rule, under its old name."""
    from socialroi import _check

    return _check.seed(value)


def generator(seed: object) -> np.random.Generator:
    """The generator of ``seed``: a given ``Generator`` as is, else a fresh one from a whole number."""
    if isinstance(seed, np.random.Generator):
        return seed
    from socialroi import _check

    return np.random.default_rng(_check.seed(seed))


def same_array(first: object, second: object) -> bool:
    """Whether two array fields are equal: same shape and elements (NaN equals NaN); ``None`` only ``None``."""
    if first is None or second is None:
        return first is second
    a, b = np.asarray(first), np.asarray(second)
    floating = a.dtype.kind in "fc" and b.dtype.kind in "fc"
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=floating))


ARRAY_EQ = attrs.cmp_using(eq=same_array)
"""The equality of array fields of attrs records: ``attrs.field(..., eq=ARRAY_EQ)``."""


def same_arrays(first: Mapping[object, object], second: Mapping[object, object]) -> bool:
    """Whether two mappings of arrays are equal: the same keys, in order, and `same_array` values."""
    return list(first) == list(second) and all(same_array(first[k], second[k]) for k in first)


ARRAYS_EQ = attrs.cmp_using(eq=same_arrays)
"""The equality of fields that map names to arrays: ``attrs.field(..., eq=ARRAYS_EQ)``."""
