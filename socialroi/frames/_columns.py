"""Reading the columns of data frames and the values that exports write.

Private. A frame is anything with named columns: a pandas or polars ``DataFrame``, a pyarrow ``Table``,
or a mapping of names to array-likes. Columns are read through ``to_numpy()`` (or ``__array__``); no
data-frame library is imported.
"""

# pyright: reportUnknownArgumentType=false, reportUnknownVariableType=false, reportUnknownMemberType=false
# This module is the boundary where untyped user frames (Any) become checked numpy arrays.

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from socialroi._check import describe
from socialroi.exceptions import InvalidInputError

__all__ = ["column", "column_names", "dates", "factorize", "numbers", "strings"]

FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]
IntArray: TypeAlias = NDArray[np.int64]

MISSING = ("", "-", "\u2014", "\u2013", "--", "n/a", "na", "nan", "none", "null", "<na>", "nat")
"""Cells that exports write for "no value" (compared case-insensitively, after stripping spaces)."""

_SYMBOLS = ("$", "€", "£", "¥", "₹", "₩", "₺", "₽", "zł", "kr", "chf", "r$", "a$", "c$")
_SPACES = (" ", "\u00a0", "\u202f", "\u2009", "'", "\u2019")


def column_names(frame: Any) -> list[str]:
    """The column names of a frame (pyarrow ``column_names``, pandas/polars ``columns``, mapping keys)."""
    names: Any
    if hasattr(frame, "column_names"):
        names = frame.column_names
    elif hasattr(frame, "columns"):
        names = frame.columns
    elif isinstance(frame, Mapping):
        names = frame.keys()
    else:
        msg = (
            "'frame' must be a data frame (pandas, polars, pyarrow) or a mapping of column names to "
            f"columns (got {describe(frame)})"
        )
        raise InvalidInputError(msg)
    found = list(names)
    for name in found:
        if not isinstance(name, str):
            msg = f"'frame' must have string column names (got {describe(name)})"
            raise InvalidInputError(msg)
    return found


def _raw(frame: Any, name: str) -> Any:
    return frame.column(name) if hasattr(frame, "column_names") else frame[name]


def column(frame: Any, name: str) -> NDArray[Any]:
    """One column as a one-dimensional numpy array (time-zone-aware datetimes are refused)."""
    values = _raw(frame, name)
    if getattr(getattr(values, "dtype", None), "tz", None) is not None:
        msg = (
            f"column {name!r} must hold dates or naive datetimes (got time-zone-aware {values.dtype}); "
            "convert it to local dates first"
        )
        raise InvalidInputError(msg)
    array = np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values)
    if array.ndim != 1:
        msg = f"column {name!r} must be one-dimensional (got shape {array.shape})"
        raise InvalidInputError(msg)
    return array


def _bad_cell(name: str, rule: str, value: object, row: int) -> InvalidInputError:
    value = value.item() if isinstance(value, np.generic) else value
    return InvalidInputError(f"column {name!r} must hold {rule} (got {describe(value)} at row {row})")


def strings(array: NDArray[Any]) -> NDArray[np.str_]:
    """Cells as stripped strings (``str`` of each object), vectorized."""
    return np.char.strip(array.astype(str))


def _clean(text: NDArray[np.str_], decimal: Literal[".", ","]) -> tuple[NDArray[np.str_], FloatArray]:
    """Numbers as exports write them → plain numerals and a factor (-1 for ``(12)``, 0.01 for ``%``)."""
    factor = np.ones(text.shape)
    percent = np.char.endswith(text, "%")
    factor[percent] = 0.01
    text = np.char.replace(text, "%", "")
    low = np.char.lower(text)
    for symbol in _SYMBOLS:
        low = np.char.replace(low, symbol, "")
    low = np.char.replace(np.char.replace(low, "\u2212", "-"), "+", "")
    for space in _SPACES:
        low = np.char.replace(low, space, "")
    negative = np.char.startswith(low, "(") & np.char.endswith(low, ")")
    factor[negative] *= -1.0
    low = np.char.strip(np.char.strip(low, "("), ")")
    if decimal == ".":
        low = np.char.replace(low, ",", "")
    else:
        low = np.char.replace(np.char.replace(low, ".", ""), ",", ".")
    return low, factor


def numbers(  # noqa: C901 - each form an export writes is one branch
    array: NDArray[Any], name: str, *, decimal: Literal[".", ","] = "."
) -> tuple[FloatArray, BoolArray]:
    """A column of numbers → (float64 values with NaN where empty, the mask of empty cells).

    Numeric columns are used as they are (NaN marks an empty cell). Text cells are read as exports write
    them: thousands separators of the locale (``decimal=","`` swaps the roles of ``.`` and ``,``),
    currency symbols, a trailing ``%`` (divided by 100), ``(12)`` for -12, and the `MISSING` tokens. A
    cell that is none of these is refused, naming the column, the row (0-based position) and the value.
    """
    if array.dtype.kind in "iuf":
        values = array.astype(np.float64, copy=False)
        return values, np.isnan(values)
    if array.dtype.kind not in "OUS":
        raise _bad_cell(name, "numbers", array[0], 0)
    values = np.full(array.shape, np.nan)
    text_cells = (
        np.fromiter(map(isinstance, array, itertools.repeat(str)), dtype=bool, count=array.size)
        if array.dtype.kind == "O"
        else np.ones(array.shape, dtype=bool)
    )
    others = array[~text_cells]
    if others.size:
        try:
            values[~text_cells] = others.astype(np.float64)
        except (TypeError, ValueError):
            text_cells = np.ones(array.shape, dtype=bool)
    if text_cells.any():
        raw = strings(array[text_cells])
        missing = np.isin(np.char.lower(raw), MISSING)
        try:
            if decimal != ".":  # "1.234" is a thousand here: never read it as C does
                raise ValueError  # noqa: TRY301
            parsed = np.where(missing, "nan", raw).astype(np.float64)
        except ValueError:
            cleaned, factor = _clean(raw, decimal)
            cleaned = np.where(missing, "nan", cleaned)
            try:
                parsed = cleaned.astype(np.float64) * factor
            except ValueError:
                rows = np.flatnonzero(text_cells)
                for position, cell in enumerate(cleaned.tolist()):
                    try:
                        float(cell)
                    except ValueError:
                        raise _bad_cell(
                            name,
                            f"numbers (with decimal={decimal!r})",
                            array[rows[position]],
                            int(rows[position]),
                        ) from None
                raise AssertionError from None  # pragma: no cover - astype failed on some cell
        values[text_cells] = parsed
    bools = array.dtype.kind == "O" and np.fromiter(
        map(isinstance, array, itertools.repeat(bool)), dtype=bool, count=array.size
    )
    if np.any(bools):
        row = int(np.flatnonzero(bools)[0])
        raise _bad_cell(name, "numbers", array[row], row)
    return values, np.isnan(values)


def dates(array: NDArray[Any], name: str) -> NDArray[np.datetime64]:
    """A column of dates → ``datetime64[D]`` (datetimes are cut to their day).

    ISO strings (``"2026-01-05"``), ``YYYYMMDD`` strings or numbers (the GA4 API's form), dates and
    naive datetimes are read; an empty or unreadable cell, or a time-zone-aware one (whose UTC day may not
    be its local day), is refused with its row.
    """
    if array.dtype.kind == "M":
        days = array.astype("datetime64[D]")
    elif array.size == 0:
        days = np.zeros(0, dtype="datetime64[D]")
    else:
        text = strings(array) if array.dtype.kind in "OUS" else array.astype(str)
        text = np.where(np.isin(np.char.lower(text), MISSING), "NaT", text)
        compact = np.char.isdigit(text) & (np.char.str_len(text) == 8)
        if compact.all():
            number = text.astype(np.int64)
            years = (number // 10000 - 1970).astype("timedelta64[Y]") + np.datetime64("1970", "Y")
            months = years.astype("datetime64[M]") + (number // 100 % 100 - 1).astype("timedelta64[M]")
            days = months.astype("datetime64[D]") + (number % 100 - 1).astype("timedelta64[D]")
            bad = (number // 100 % 100 < 1) | (number // 100 % 100 > 12) | (number % 100 < 1)
            bad |= days.astype("datetime64[M]") != months
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise _bad_cell(name, "dates", array[row], row)
        else:
            with warnings.catch_warnings():
                # numpy reads a time-zone offset (an aware datetime, "...-08:00") as its UTC instant and
                # warns (numpy 2) or deprecates it (numpy 1.x): the UTC day may not be the local one.
                warnings.filterwarnings("error", "no explicit representation of timezones", UserWarning)
                warnings.filterwarnings("error", "parsing timezone aware datetimes", DeprecationWarning)
                try:
                    days = text.astype("datetime64[D]")
                except (ValueError, UserWarning, DeprecationWarning):
                    for row, cell in enumerate(text.tolist()):
                        try:
                            np.datetime64(cell, "D")
                        except ValueError:
                            raise _bad_cell(name, "ISO dates such as '2026-01-31'", array[row], row) from None
                        except (UserWarning, DeprecationWarning):
                            raise _bad_cell(name, "dates or naive datetimes", array[row], row) from None
                    raise AssertionError from None  # pragma: no cover - astype failed on some cell
    missing = np.isnat(days)
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise _bad_cell(name, "dates in every row", array[row], row)
    return days


def _encoded(values: Any) -> tuple[list[Any], IntArray] | None:
    """The frame library's own codes of a label column, or ``None`` for columns without them.

    pandas ``factorize`` and Arrow dictionary encoding; -1 marks an empty cell.
    """
    if hasattr(values, "factorize"):  # pandas
        codes, uniques = values.factorize()
        return np.asarray(uniques, dtype=object).tolist(), np.asarray(codes, dtype=np.int64)
    if hasattr(values, "dictionary_encode"):  # pyarrow
        encoded = (
            values.combine_chunks() if hasattr(values, "combine_chunks") else values
        ).dictionary_encode()
        indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
        codes = (
            np.where(np.isnan(indices), -1, indices).astype(np.int64)
            if indices.dtype.kind == "f"
            else indices
        )
        return list(encoded.dictionary.to_pylist()), codes.astype(np.int64)
    return None


def factorize(frame: Any, name: str) -> tuple[list[str], IntArray]:
    """A label column → (distinct labels as stripped strings, sorted; the code of each row), vectorized.

    Empty cells are refused with their row: a row without its campaign or channel cannot be placed.
    """
    encoded = _encoded(_raw(frame, name))
    if encoded is None:
        items: list[Any] = column(frame, name).tolist()
        try:
            index_of = {key: code for code, key in enumerate(dict.fromkeys(items))}
        except TypeError:
            row = next(i for i, item in enumerate(items) if not isinstance(item, str))
            raise _bad_cell(name, "labels (strings)", items[row], row) from None
        codes = np.fromiter(map(index_of.__getitem__, items), dtype=np.int64, count=len(items))
        uniques: list[Any] = list(index_of)
    else:
        uniques, codes = encoded
        if codes.size and codes.min() < 0:
            row = int(np.flatnonzero(codes < 0)[0])
            raise _bad_cell(name, "a label in every row", None, row)
    labels = [str(value).strip() for value in uniques]
    for code, (value, label) in enumerate(zip(uniques, labels, strict=True)):
        if not isinstance(value, str | int | np.integer) or label.casefold() in MISSING:
            row = int(np.flatnonzero(codes == code)[0])
            raise _bad_cell(name, "a label in every row", value, row)
    vocabulary = sorted(set(labels))
    position = {label: code for code, label in enumerate(vocabulary)}
    remap = np.array([position[label] for label in labels], dtype=np.int64)
    return vocabulary, remap[codes] if codes.size else codes
