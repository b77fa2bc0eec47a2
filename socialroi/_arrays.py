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
import math
import numbers
import sys
import warnings
from collections.abc import Iterable, Sequence
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
        msg = f"{name!r} must be {rule.text} (got {float(flat[index])!r} at index {describe_index(shape, index)})"
        raise InvalidInputError(msg)


def operand(value: Any, name: str, rule: Rule = FINITE) -> Any:
    """Validate ``value`` against ``rule`` and return it in a form ready for arithmetic.

    Python numbers become Python floats (no numpy on that path), array-likes become float64 arrays
    (0-d ones Python floats), and objects that implement ``__array_ufunc__`` themselves (a pandas
    Series) are returned as they are, so that numpy ufuncs keep their type and index.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        number = float(value)
        if not rule.low <= number <= rule.high and not math.isnan(number):
            msg = f"{name!r} must be {rule.text} (got {number!r})"
            raise InvalidInputError(msg)
        return number
    array = np.asarray(value)
    if array.dtype.kind not in "fiu":
        if array.dtype.kind in "bcmMSUV":
            raise _not_numbers(name, value)
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise _not_numbers(name, value) from None
    array = array.astype(np.float64, copy=False)
    _check_float_array(array.reshape(-1), array.shape, name, rule)
    if array.ndim == 0:
        return float(array)
    keep = hasattr(value, "__array_ufunc__") and not isinstance(value, np.ndarray | np.generic)
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
    """Validate a single number (Python or numpy scalar, never a bool) and return it as a float."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        msg = f"{name!r} must be a number (got {value!r})"
        raise InvalidInputError(msg)
    number = float(value)
    if math.isnan(number) and not allow_nan:
        msg = f"{name!r} must be a number, not NaN (got {value!r})"
        raise InvalidInputError(msg)
    return float(operand(number, name, rule))


def broadcast(**arrays: Any) -> None:
    """Raise `InvalidInputError` naming the arguments when their shapes cannot be broadcast together."""
    shapes = {name: np.shape(value) for name, value in arrays.items()}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        described = ", ".join(f"{name!r} {shape}" for name, shape in shapes.items())
        msg = f"arguments must have matching lengths (got shapes {described})"
        raise InvalidInputError(msg) from None


def check_zero_division(zero_division: object) -> None:
    """Validate a ``zero_division`` option."""
    if zero_division in ("warn", "raise"):
        return
    if isinstance(zero_division, bool | np.bool_) or not isinstance(zero_division, numbers.Real):
        msg = f"'zero_division' must be 'warn', 'raise' or a number (got {zero_division!r})"
        raise InvalidInputError(msg)


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
        if zero_division != "warn":  # the policy is checked whatever the data, at the cost of one compare
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
    with np.errstate(invalid="ignore"):
        bad = np.asarray(np.greater(small, large))
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        pair = np.broadcast_arrays(np.asarray(small, dtype=np.float64), np.asarray(large, dtype=np.float64))
        first, second = (float(part.reshape(-1)[index]) for part in pair)
        where = f" at index {describe_index(bad.shape, index)}" if bad.ndim else ""
        msg = f"{names[0]!r} must be <= {names[1]!r} (got {first!r} > {second!r}{where})"
        raise InvalidInputError(msg)


def names_of(values: Sequence[str]) -> str:
    """Join names for messages: ``'a', 'b' or 'c'``."""
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """A suggestion for an unknown name: ``"; did you mean 'cpa'?"``, or ``""`` when nothing is close."""
    close = difflib.get_close_matches(value, list(options), n=3, cutoff=0.6)
    return f"; did you mean {names_of(close)}?" if close else ""


def check_seed(value: object) -> int:
    """A whole-number seed >= 0; ``None``, booleans, fractions and negatives are rejected.

    The project's rule: anything random takes a seed, never ``None``, so the same call always gives
    the same result.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        msg = f"'seed' must be a whole number >= 0 (got {value!r})"
        raise InvalidInputError(msg)
    return int(value)


def generator(seed: object) -> np.random.Generator:
    """The generator of ``seed``: a given ``Generator`` as is, else a fresh one from a whole number."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_seed(seed))


def same_array(first: object, second: object) -> bool:
    """Whether two array fields are equal: same shape and elements (NaN equals NaN); ``None`` only ``None``."""
    if first is None or second is None:
        return first is second
    a, b = np.asarray(first), np.asarray(second)
    floating = a.dtype.kind in "fc" and b.dtype.kind in "fc"
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=floating))


ARRAY_EQ = attrs.cmp_using(eq=same_array)
"""The equality of array fields of attrs records: ``attrs.field(..., eq=ARRAY_EQ)``."""
