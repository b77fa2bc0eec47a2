"""Shared display helpers for result objects: text tables, escaped HTML tables, JSON-ready values.

Private. Every result type's ``__repr__``/``__str__``, ``_repr_html_`` and ``to_dict`` go through these,
so that numbers look the same everywhere and every user string is escaped in HTML.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import attrs
import numpy as np

__all__ = ["html_table", "number", "plain", "text_table"]


def number(value: float | None, digits: int = 2) -> str:
    """Format a number for a table: thousands separators, NaN as ``nan``, ``None`` as ``-``."""
    if value is None:
        return "-"
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value != 0 and abs(value) < 10 ** (-digits):
        return f"{value:.{digits}g}"
    return f"{value:,.{digits}f}"


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]], *, indent: str = "") -> list[str]:
    """Fixed-width columns: the first left-aligned, the others right-aligned, a rule under the header."""
    body = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = (
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        return (indent + "  ".join(cells)).rstrip()

    rule = indent + "  ".join("-" * w for w in widths)
    return [line(body[0]), rule, *(line(row) for row in body[1:])]


_STYLE = (
    "border-collapse:collapse;font-variant-numeric:tabular-nums;"
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:0.9em"
)


def html_table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A small styled HTML table; every cell, header and the caption are escaped."""
    cell = "padding:2px 8px;border-bottom:1px solid #ddd"
    head = "".join(
        f'<th style="{cell};text-align:{"left" if i == 0 else "right"}">{html.escape(h)}</th>'
        for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="{cell};text-align:{"left" if i == 0 else "right"}">{html.escape(c)}</td>'
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<table style="{_STYLE}"><caption style="text-align:left;font-weight:bold">'
        f"{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def plain(value: object) -> object:  # noqa: PLR0911 -- one branch per type
    """Convert results to JSON-serializable Python values.

    NaN and infinities become ``None`` (JSON has no such numbers), arrays become lists, enums their
    value, dates ISO strings, attrs records dicts of their fields.
    """
    if isinstance(value, np.ndarray | np.generic):
        value = cast("object", value.tolist())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        mapping = cast("Mapping[object, object]", value)
        return {str(plain(key)): plain(item) for key, item in mapping.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in cast("Iterable[object]", value)]
    if attrs.has(type(value)):
        return {
            field.name: plain(getattr(value, field.name)) for field in attrs.fields(cast("Any", type(value)))
        }
    return str(value)
