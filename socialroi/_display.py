"""Shared display helpers for result objects: text tables, escaped HTML tables, JSON-ready values.

Private. Every result type's ``__repr__``/``__str__``, ``_repr_html_`` and ``to_dict`` go through these,
so that numbers look the same everywhere and every user string is escaped in HTML.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, TypeAlias, cast

import attrs
import numpy as np

__all__ = [
    "MISSING",
    "compact",
    "html_fields",
    "html_sections",
    "html_table",
    "level",
    "money",
    "number",
    "percent",
    "plain",
    "points",
    "text_sections",
    "text_table",
    "wrap_columns",
]

Left: TypeAlias = int | Collection[int]
"""Which columns are labels (left-aligned): the first ``n``, or the columns at these indexes."""


MISSING = "n/a"
"""The one mark of a missing value in every display: unknown (``None``) and undefined (NaN) alike."""


def _rounded(value: float, digits: int) -> float:
    """``value``, or 0 when it is zero up to rounding to ``digits`` decimals (no ``1.2e-23``, no ``-0.00``)."""
    return 0.0 if round(value, digits) == 0 else value


def number(value: float | None, digits: int = 2, *, signed: bool = False) -> str:
    """Format a number for a table: thousands separators, always ``digits`` decimals.

    ``None`` and NaN show as `MISSING`; a value that is zero up to rounding (float residue such as
    ``1e-23``) as ``0.00``, so that a column's digits line up. ``signed`` writes a ``+`` on values above
    zero (a change), none on a zero.
    """
    if value is None or math.isnan(value):
        return MISSING
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    value = _rounded(value, digits)
    sign = "+" if signed and value > 0 else ""
    return f"{value:{sign},.{digits}f}"


def percent(value: float | None, digits: int = 1, *, signed: bool = False) -> str:
    """Format a ratio as a percentage (``0.576`` → ``57.6 %``), with `number`'s marks for missing values.

    ``signed`` writes a ``+`` on increases: for relative changes (``+12.5 %``).
    """
    if value is None or not math.isfinite(value):
        return number(value)
    return f"{number(value * 100, digits, signed=signed)} %"


def level(value: float) -> str:
    """Format the probability of an interval (``0.9`` → ``90 %``, ``0.975`` → ``97.5 %``)."""
    return f"{value * 100:g} %"


def points(value: float | None, digits: int = 1) -> str:
    """Format the change of a percentage in percentage points, signed (``0.044`` → ``+4.4 pp``)."""
    if value is None or not math.isfinite(value):
        return number(value)
    return f"{number(value * 100, digits, signed=True)} pp"


def compact(value: float) -> str:
    """Format a total or count: whole numbers without decimals (``1,200``), others with two (``2.50``)."""
    if math.isnan(value):
        return MISSING
    value = round(value, 2) or 0.0  # no float residue, no -0
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"


def money(amount: float, currency: str | None = None) -> str:
    """Format an amount of money: four decimals below 100 (values per action are small), else two."""
    if math.isnan(amount):
        return MISSING
    text = f"{_rounded(amount, 4):,.4f}" if abs(amount) < 100 else f"{amount:,.2f}"
    return f"{text} {currency}" if currency else text


def _is_left(left: Left, column: int) -> bool:
    return column < left if isinstance(left, int) else column in left


def text_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    indent: str = "",
    left: Left = 1,
    rule: bool = True,
) -> list[str]:
    """Fixed-width columns, with a rule under the header unless ``rule=False``.

    The label columns (see `Left`) are left-aligned, the others (numbers) right-aligned.
    """
    body = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        cells = (c.ljust(w) if _is_left(left, i) else c.rjust(w) for i, (c, w) in pairs)
        return (indent + "  ".join(cells)).rstrip()

    lines = [line(row) for row in body]
    if rule:
        lines.insert(1, indent + "  ".join("-" * w for w in widths))
    return lines


def wrap_columns(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    width: int = 100,
    labels: int = 1,
    indent: str = "",
    rule: bool = True,
) -> list[str]:
    """A `text_table` no wider than ``width`` characters (a notebook cell), when its columns allow.

    When the whole table is wider, its value columns are wrapped into blocks, one under the other
    (separated by a blank line), each repeating the first ``labels`` columns: as many value columns per
    block as fit, at least one.
    """
    body = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in body) for i in range(len(header))]
    fixed = len(indent) + sum(w + 2 for w in widths[:labels])
    blocks: list[list[int]] = []
    used = width + 1  # forces a first block
    for column in range(labels, len(header)):
        if used + 2 + widths[column] > width:
            blocks.append([])
            used = fixed - 2
        blocks[-1].append(column)
        used += 2 + widths[column]
    lines: list[str] = []
    for index, block in enumerate(blocks or [[]]):
        keep = [*range(labels), *block]
        lines += [""] * bool(index) + text_table(
            [header[i] for i in keep],
            [[row[i] for i in keep] for row in body[1:]],
            indent=indent,
            left=labels,
            rule=rule,
        )
    return lines


def text_sections(
    header: Sequence[str],
    sections: Iterable[tuple[str, Sequence[Sequence[str]]]],
    *,
    left: Left = 1,
    rule: bool = True,
) -> list[str]:
    """A `text_table` whose rows come in labelled sections.

    Each label stands on a line of its own, with its section's first cells indented under it.
    """
    groups = list(sections)
    rows = [["  " + row[0], *row[1:]] for _, section in groups for row in section]
    lines = text_table(header, rows, left=left, rule=rule)
    start = 2 if rule else 1
    out, body = lines[:start], iter(lines[start:])
    for label, section in groups:
        out.append(label)
        out.extend(next(body) for _ in section)
    return out


_STYLE = (
    "border-collapse:collapse;font-variant-numeric:tabular-nums;"
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:0.9em"
)
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd"


def _cell(tag: str, text: str, *, left: bool, span: str = "") -> str:
    align = "left" if left else "right"
    return f'<{tag}{span} style="{_CELL};text-align:{align}">{html.escape(text)}</{tag}>'


def _row(cells: Sequence[str], left: Left, tag: str = "td") -> str:
    return "<tr>" + "".join(_cell(tag, c, left=_is_left(left, i)) for i, c in enumerate(cells)) + "</tr>"


def _table(caption: str, head: str, body: str) -> str:
    title = (
        f'<caption style="text-align:left;font-weight:bold">{html.escape(caption)}</caption>'
        if caption
        else ""
    )
    # A table wider than the notebook cell scrolls inside it rather than stretching the page.
    return f'<div style="overflow-x:auto"><table style="{_STYLE}">{title}{head}<tbody>{body}</tbody></table></div>'


def html_table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, left: Left = 1) -> str:
    """A small styled HTML table; every cell, header and the caption (none when empty) are escaped."""
    body = "".join(_row(row, left) for row in rows)
    return _table(caption, f"<thead>{_row(header, left, 'th')}</thead>", body)


def html_sections(
    caption: str,
    header: Sequence[str],
    sections: Iterable[tuple[str, Iterable[Sequence[str]]]],
    *,
    left: Left = 1,
) -> str:
    """An `html_table` whose rows come in labelled sections (a full-width heading row each)."""
    span = f' colspan="{len(header)}"'
    body = "".join(
        "<tr>" + _cell("th", label, left=True, span=span) + "</tr>" + "".join(_row(row, left) for row in rows)
        for label, rows in sections
    )
    return _table(caption, f"<thead>{_row(header, left, 'th')}</thead>", body)


def html_fields(caption: str, fields: Iterable[tuple[str, str]]) -> str:
    """A styled two-column HTML table of labelled values (a record's card), everything escaped."""
    body = "".join(
        f"<tr>{_cell('th', name, left=True)}{_cell('td', value, left=True)}</tr>" for name, value in fields
    )
    return _table(caption, "", body)


def plain(value: object) -> object:  # noqa: PLR0911 -- one branch per type
    """Convert results to JSON-serializable Python values.

    NaN and infinities become ``None`` (JSON has no such numbers), arrays become lists, enums their
    value, dates ISO strings, objects with a ``to_dict()`` (results) its plain values, other attrs
    records dicts of their fields.
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
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return plain(to_dict())
    if attrs.has(type(value)):
        return {
            field.name: plain(getattr(value, field.name)) for field in attrs.fields(cast("Any", type(value)))
        }
    return str(value)
