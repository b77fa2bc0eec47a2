"""Tables of records built from data frames: `PerformanceTable` and `CostTable`.

Private; the public names are re-exported by `socialroi.frames`.
"""

# pyright: reportUnknownArgumentType=false, reportUnknownVariableType=false, reportUnknownMemberType=false

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeAlias, cast, overload

import attrs
import numpy as np
from numpy.typing import NDArray

from socialroi import _display
from socialroi._arrays import (
    ARRAYS_EQ,
    FINITE,
    NON_NEGATIVE,
    SIGNED_FRACTION,
    did_you_mean,
    names_of,
    operand,
    warn,
)
from socialroi._check import (
    ANY_NUMBER,
    arrays,
    channel_hint,
    channel_key,
    choice,
    days,
    describe,
    distinct,
    each,
    fail,
    floats,
    instance,
    integer,
    number,
    optional,
    pattern,
    shaped,
    to_tuple,
    whole,
)
from socialroi._check import date as a_date
from socialroi._check import mapping as mapping_of
from socialroi._check import text as string
from socialroi.exceptions import CurrencyMismatchError, InconsistentDataWarning, InvalidInputError
from socialroi.frames._columns import column, column_names, dates, factorize, numbers, strings
from socialroi.frames._schemas import (
    KEYS,
    RATES,
    SCHEMAS,
    TARGET_RULE,
    TARGETS,
    Alias,
    header_key,
    split_currency,
)
from socialroi.records import (
    ADDITIVE,
    AMOUNTS,
    NOT_ADDITIVE,
    CostCategory,
    CostItem,
    Costs,
    Money,
    Performance,
)

__all__ = ["ATTRIBUTED", "CostTable", "Dropped", "PerformanceTable", "Skipped"]

Period: TypeAlias = Literal["day", "week", "month", "quarter"]
Choice: TypeAlias = Literal["refuse", "sum", "drop"]
IntArray: TypeAlias = NDArray[np.int64]

PERIODS = ("day", "week", "month", "quarter")
GROUPS = ("campaign", "channel", "platform", "ad_set", "ad", "account")
ATTRIBUTED = ("conversions", "revenue", "orders", "leads")
"""Fields that ad platforms attribute themselves, each within its own attribution window: two platforms
may count the same sale, so these are never summed across platforms without an explicit choice."""

_SIGNED = {"revenue": FINITE, "affiliate_revenue": FINITE, "brand_lift": SIGNED_FRACTION}
# Relative and absolute tolerance of a platform's rounded ratio against the recomputed one: 1 % of the
# value, plus half a unit of the last digit exports show (0.01 percentage point for rates, a cent else).
_RELATIVE = 0.01
_ABSOLUTE_RATE = 5e-5
_ABSOLUTE = 0.005

_CURRENCY = optional(pattern(r"[A-Za-z]{3}", "a three-letter currency code"))
_HEADERS = optional(mapping_of(string(), optional(string())))
_CHANNELS = optional(mapping_of(string(), string()))


def _options(mapping: object, currency: object, channel_map: object) -> None:
    """Refuse a malformed ``mapping``, ``currency`` or ``channel_map`` before they are read."""
    _HEADERS.check(mapping, "mapping")
    _CURRENCY.check(currency, "currency")
    _CHANNELS.check(channel_map, "channel_map")


@attrs.frozen(kw_only=True)
class Dropped:
    """A column of the frame that no record holds, and why.

    Attributes:
        column: The header as the frame spells it.
        meaning: What the header means (a `Performance` field or a rate), or ``None`` when unknown.
        reason: Why its values are not in the records.

    Examples:
        >>> Dropped(column="Reach", meaning="reach", reason="not additive").column
        'Reach'
    """

    column: str = attrs.field(validator=string(empty=True))
    meaning: str | None = attrs.field(validator=optional(choice(TARGETS, what=TARGET_RULE)))
    reason: str = attrs.field(validator=string())

    def to_dict(self) -> dict[str, Any]:
        """Plain values: ``{"column": ..., "meaning": ..., "reason": ...}``.

        Examples:
            >>> Dropped(column="CTR", meaning="ctr", reason="a rate").to_dict()["meaning"]
            'ctr'
        """
        return {"column": self.column, "meaning": self.meaning, "reason": self.reason}


@attrs.frozen(kw_only=True)
class Skipped:
    """A row left out with ``invalid="skip"``, and the cell that could not be read.

    Attributes:
        row: The row's position in the frame (0-based, as ``DataFrame.iloc``).
        column: The header of the cell.
        value: The cell, as text.
        reason: Why it cannot be read.

    Examples:
        >>> Skipped(row=3, column="Cost", value="'n.a.'", reason="not a number").row
        3
    """

    row: int = attrs.field(converter=integer, validator=whole(minimum=0))
    column: str = attrs.field(validator=string(empty=True))
    value: str = attrs.field(validator=string(empty=True))
    reason: str = attrs.field(validator=string())

    def to_dict(self) -> dict[str, Any]:
        """Plain values: ``{"row": ..., "column": ..., "value": ..., "reason": ...}``.

        Examples:
            >>> Skipped(row=3, column="Cost", value="'x'", reason="not a number").to_dict()["row"]
            3
        """
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


def _reader(
    target: str, header: str, alias: Alias, decimal: Literal[".", ","]
) -> Callable[[NDArray[Any]], object]:
    """The check that `from_frame` applies to the cells of one column."""
    if target in {"date", "end"}:
        return lambda part: dates(part, header)
    if target in KEYS:
        return lambda part: factorize({header: part}, header)
    rule = FINITE if target in RATES else _SIGNED.get(target, NON_NEGATIVE)
    return lambda part: operand(numbers(part, header, decimal=decimal)[0] * alias.scale, header, rule)


def _unreadable(
    frame: object, used: Mapping[str, tuple[str, Alias]], labels: Iterable[str], decimal: Literal[".", ","]
) -> list[Skipped]:
    """Every cell that `from_frame` would refuse, found column by column.

    Each column is first checked whole (vectorized); only a column that fails is checked cell by cell,
    to name every row that cannot be read.
    """
    wanted = set(labels)
    found: list[Skipped] = []
    for header, (target, alias) in used.items():
        if target in KEYS and target not in {"date", "end"} and target not in wanted:
            continue
        array = column(frame, header)
        check = _reader(target, header, alias, decimal)
        try:
            check(array)
        except InvalidInputError:
            for row in range(array.size):  # an error path: only a column with a bad cell gets here
                try:
                    check(array[row : row + 1])
                except InvalidInputError as error:
                    reason = re.sub(r" at (row|index) 0\)", f" at row {row})", str(error))
                    cell = array[row].item() if isinstance(array[row], np.generic) else array[row]
                    found.append(Skipped(row=row, column=header, value=describe(cell), reason=reason))
    return sorted(found, key=lambda skipped: skipped.row)


# --- reading the header ---------------------------------------------------------------------------------


def _and(values: Sequence[str]) -> str:
    """Join names for messages: ``'a', 'b' and 'c'``."""
    quoted = [repr(v) for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _meaning(header: str, platform: str | None) -> Alias | None:
    if platform is not None:
        return SCHEMAS[platform].meaning(header)
    key = header_key(split_currency(header)[0])
    if key in TARGETS:  # the names of socialroi itself mean the same everywhere
        return Alias(key)
    found: dict[Alias, list[str]] = {}
    for name, schema in SCHEMAS.items():
        alias = schema.meaning(header)
        if alias is not None:
            found.setdefault(alias, []).append(name)
    if len(found) > 1:
        meanings = " but ".join(
            f"{alias.target or 'nothing'}{'' if alias.scale == 1 else f' x{alias.scale:g}'} in {', '.join(names)}"
            for alias, names in found.items()
        )
        msg = (
            f"column {header!r} is ambiguous without a platform: it means {meanings}; "
            "pass platform=... or mapping={column: meaning}"
        )
        raise InvalidInputError(msg)
    return next(iter(found), None)


def _resolve(  # noqa: C901, PLR0912 - one pass over the header
    names: Sequence[str],
    platform: str | None,
    mapping: Mapping[str, str | None],
    unknown: Literal["raise", "ignore"],
) -> tuple[dict[str, tuple[str, Alias]], list[Dropped], str | None]:
    """Header → (target, alias) for the columns used; the columns left out; the currency of the header."""
    for header, target in mapping.items():
        if header not in names:
            msg = f"'mapping' names a column the frame lacks: {header!r}{did_you_mean(header, names)}"
            raise InvalidInputError(msg)
        if target is not None:
            choice(TARGETS).check(target, f"mapping[{header!r}]")
    used: dict[str, tuple[str, Alias]] = {}
    dropped: list[Dropped] = []
    unknowns: list[str] = []
    currencies: dict[str, str] = {}
    for header in names:
        if header in mapping:
            target = mapping[header]
            alias: Alias | None = Alias(target) if target is not None else Alias(None, 1.0, "mapped to None")
        else:
            alias = _meaning(header, platform)
        if alias is None:
            unknowns.append(header)
            continue
        if alias.target is None:
            dropped.append(Dropped(column=header, meaning=None, reason=alias.note))
            continue
        code = split_currency(header)[1]
        if code is not None:
            currencies[header] = code
        used[header] = (alias.target, alias)
    if unknowns and unknown == "raise":
        known = (
            list(SCHEMAS[platform].headers) if platform else [h for s in SCHEMAS.values() for h in s.headers]
        )
        known += list(TARGETS)
        listed = "; ".join(f"{h!r}{did_you_mean(h, known) or ' (no close match)'}" for h in unknowns)
        msg = (
            f"the frame has columns that {f'the {platform} schema does not' if platform else 'no schema does'} "
            f"know: {listed}. "
            "Pass mapping={column: meaning} (a meaning of None ignores a column) or unknown='ignore'"
        )
        raise InvalidInputError(msg)
    dropped += [Dropped(column=h, meaning=None, reason="unknown column (unknown='ignore')") for h in unknowns]
    by_target: dict[str, list[str]] = {}
    for header, (target, _) in used.items():
        by_target.setdefault(target, []).append(header)
    for target, headers in by_target.items():
        if len(headers) > 1:
            msg = (
                f"columns {_and(headers)} all mean {target!r}; pass mapping={{column: None}} for the ones "
                "to ignore, or map them to different meanings"
            )
            raise InvalidInputError(msg)
    if len(set(currencies.values())) > 1:
        described = ", ".join(f"{h!r}" for h in currencies)
        msg = f"the headers name different currencies ({described}); read one currency per table"
        raise CurrencyMismatchError(msg)
    return used, dropped, next(iter(currencies.values()), None)


def _period_codes(days: NDArray[np.datetime64], period: Period) -> IntArray:
    number = days.astype(np.int64)
    if period == "day":
        return number
    if period == "week":  # ISO weeks start on Monday; 1970-01-01 was a Thursday
        return (number + 3) // 7
    months = days.astype("datetime64[M]").astype(np.int64)
    return months if period == "month" else months // 3


def _period_start(code: int, period: Period) -> dt.date:
    if period == "day":
        day = np.datetime64(code, "D")
    elif period == "week":
        day = np.datetime64(code * 7 - 3, "D")
    elif period == "month":
        day = np.datetime64(code, "M").astype("datetime64[D]")
    else:
        day = np.datetime64(code * 3, "M").astype("datetime64[D]")
    return _day(day)


def _group(codes: Sequence[IntArray], sizes: Sequence[int]) -> tuple[IntArray, IntArray]:
    """Rows → (the group of each row, each group's combined key), groups sorted by key."""
    key = np.zeros(codes[0].shape, dtype=np.int64) if codes else np.zeros(0, dtype=np.int64)
    space = 1
    for code, size in zip(codes, sizes, strict=True):
        key = key * size + code
        space *= size
    if space <= max(4 * key.size, 1 << 16):
        present = np.bincount(key, minlength=space) > 0
        keys = np.flatnonzero(present).astype(np.int64)
        lookup = np.cumsum(present) - 1
        return lookup[key].astype(np.int64), keys
    keys, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), keys.astype(np.int64)


def _one_per_group(inverse: IntArray, codes: IntArray, n_groups: int) -> IntArray | None:
    """The one code each group holds, or ``None`` when some group holds several."""
    low = np.full(n_groups, np.iinfo(np.int64).max)
    high = np.full(n_groups, -1)
    np.minimum.at(low, inverse, codes)
    np.maximum.at(high, inverse, codes)
    return low if bool(np.all(low == high)) else None


def _check_rate(
    header: str, target: str, reported: NDArray[np.float64], sums: Mapping[str, NDArray[np.float64]]
) -> str:
    numerator, denominator, factor = RATES[target]
    if numerator not in sums or denominator not in sums:
        lacking = [name for name in (numerator, denominator) if name not in sums]
        return f"a rate, never summed; not checked: the frame lacks {_and(lacking)}"
    num, den = sums[numerator], sums[denominator]
    usable = (den > 0) & ~np.isnan(reported) & ~np.isnan(num)
    recomputed = np.divide(num * factor, den, out=np.full(den.shape, np.nan), where=usable)
    tolerance = _RELATIVE * np.abs(recomputed) + (
        _ABSOLUTE_RATE if factor == 1.0 and target.endswith(("ctr", "rate")) else _ABSOLUTE
    )
    with np.errstate(invalid="ignore"):
        wrong = usable & (np.abs(reported - recomputed) > tolerance)
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        warn(
            f"column {header!r} disagrees with {numerator} / {denominator} beyond rounding in "
            f"{int(wrong.sum())} of {int(usable.sum())} rows (first at row {row}: {float(reported[row]):.6g} reported, "
            f"{float(recomputed[row]):.6g} recomputed); the records use the recomputed ratios",
            InconsistentDataWarning,
        )
    return "a rate, never summed: recomputed from the summed counts (checked against them row by row)"


# --- the table of performance records -------------------------------------------------------------------


def _labels(values: Any) -> Any:
    """Converter: an iterable of label rows as a tuple of tuples; anything else (a string) unchanged."""
    rows = to_tuple(values)
    return tuple(map(to_tuple, rows)) if isinstance(rows, tuple) else rows


_PERIODS: tuple[Period, ...] = ("day", "week", "month", "quarter")
_NUMERIC = (*ADDITIVE, *NOT_ADDITIVE)  # every numeric field of a Performance


@attrs.frozen(kw_only=True, repr=False)
class PeriodColumns(Mapping[str, NDArray[np.float64]]):
    """One field of a `PerformanceTable` as an array per group over every period, gaps included.

    It is a mapping of group → values per period, so it goes as it is into
    [`MarketingMixModel.fit`][socialroi.mmm.MarketingMixModel.fit] as the spend or the media. Make one
    with [`PerformanceTable.pivot`][socialroi.frames.PerformanceTable.pivot].

    Attributes:
        field: The `Performance` field (``"spend"``, ``"impressions"``, ...).
        label: The label whose values name the groups (``"channel"``).
        period: The length of the periods.
        periods: Every period's first day, from the table's first period to its last: a period in which
            no group has a record is there too.
        columns: Group → its field per period (read-only arrays): the sum of its records in the period,
            the pivot's ``fill`` where it has none (0: a dark week), NaN where a record does not know it.
        currency: The currency of a money field (``spend``, ``revenue``), else ``None``.

    Examples:
        >>> from socialroi.frames import PerformanceTable
        >>> export = {"date": ["2026-01-05", "2026-01-19", "2026-01-05"], "channel": ["Meta", "Meta", "TikTok"],
        ...           "spend": [100.0, 80.0, 50.0]}
        >>> spend = PerformanceTable.from_frame(export, by="channel", period="week").pivot("spend")
        >>> [day.isoformat() for day in spend.periods], spend["meta"].tolist(), spend["tiktok"].tolist()
        (['2026-01-05', '2026-01-12', '2026-01-19'], [100.0, 0.0, 80.0], [50.0, 0.0, 0.0])
    """

    field: str = attrs.field(validator=choice(_NUMERIC, what="a numeric Performance field"))
    label: str = attrs.field(validator=string())
    period: Period = attrs.field(validator=choice(_PERIODS))
    periods: tuple[dt.date, ...] = attrs.field(converter=to_tuple, validator=each(a_date()))
    columns: Mapping[str, NDArray[np.float64]] = attrs.field(
        converter=arrays, eq=ARRAYS_EQ, validator=mapping_of(string(), floats(allow_nan=True))
    )
    currency: str | None = attrs.field(default=None, validator=optional(string()))

    def __attrs_post_init__(self) -> None:
        for name, values in self.columns.items():
            shaped(values, f"columns[{name}]", (len(self.periods),), "as 'periods'")

    def __getitem__(self, key: str) -> NDArray[np.float64]:
        return self.columns[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def to_dict(self) -> dict[str, Any]:
        """Strict JSON: the field, label, period, currency, the periods' first days and the columns.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> table = PerformanceTable.from_frame({"date": ["2026-01-05"], "channel": ["meta"], "clicks": [9]},
            ...                                     by="channel", period="week")
            >>> table.pivot("clicks").to_dict()["columns"]
            {'meta': [9.0]}
        """
        return cast(
            "dict[str, Any]",
            _display.plain(
                {
                    "field": self.field,
                    "label": self.label,
                    "period": self.period,
                    "currency": self.currency,
                    "periods": [day.isoformat() for day in self.periods],
                    "columns": dict(self.columns),
                }
            ),
        )

    def __repr__(self) -> str:
        first = self.periods[0].isoformat() if self.periods else "-"
        last = self.periods[-1].isoformat() if self.periods else "-"
        return (
            f"PeriodColumns({self.field!r} by {self.label!r}: {len(self.columns)} groups x "
            f"{len(self.periods)} {self.period}s, {first} to {last})"
        )


@attrs.frozen(kw_only=True, repr=False)
class PerformanceTable:
    """`Performance` records per group (campaign, channel, platform...) and period, read from a frame.

    Build one with [`from_frame`][socialroi.frames.PerformanceTable.from_frame]; combine the tables of
    several platforms with [`concat`][socialroi.frames.PerformanceTable.concat]. Records come sorted by
    their labels, then by period.

    Attributes:
        by: The names of the labels that tell groups apart (``("campaign",)``).
        period: The length of the periods: ``"day"``, ``"week"`` (ISO weeks, Monday to Sunday),
            ``"month"`` or ``"quarter"`` (January to March, ...).
        labels: Per record, its label for each name of ``by``.
        periods: Per record, the first day of its period.
        records: The records. A record's ``start`` and ``end`` are the first and last day that its rows
            cover within the period (they may fall short of the period's bounds).
        platforms: Per record, the platform that reported it (``None`` when unknown).
        windows: Per record, the attribution window of its platform-attributed conversions (``None``
            when the export does not say).
        dropped: The columns of the frame that no record holds, and why.
        rows: How many rows the frame had.
        skipped: The rows left out with ``invalid="skip"``, each with the cell that could not be read.

    Examples:
        >>> from socialroi.frames import PerformanceTable
        >>> export = {
        ...     "Day": ["2026-01-30", "2026-01-31", "2026-02-01"],
        ...     "Campaign name": ["Spring", "Spring", "Spring"],
        ...     "Amount spent (USD)": ["1,200.50", "$800", "1000"],
        ...     "Impressions": [100_000, 80_000, 90_000],
        ...     "Link clicks": [900, 700, 800],
        ... }
        >>> table = PerformanceTable.from_frame(export, platform="meta", by="campaign", period="month")
        >>> [(r.start.isoformat(), r.spend, r.currency) for r in table]
        [('2026-01-30', 2000.5, 'USD'), ('2026-02-01', 1000.0, 'USD')]
    """

    by: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[each(string()), distinct()])
    period: Period = attrs.field(validator=choice(_PERIODS))
    labels: tuple[tuple[str, ...], ...] = attrs.field(
        converter=_labels, validator=each(each(string(empty=True)))
    )
    periods: tuple[dt.date, ...] = attrs.field(converter=to_tuple, validator=each(a_date()))
    records: tuple[Performance, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(Performance, "a Performance"))
    )
    platforms: tuple[str | None, ...] = attrs.field(converter=to_tuple, validator=each(optional(string())))
    windows: tuple[str | None, ...] = attrs.field(converter=to_tuple, validator=each(optional(string())))
    dropped: tuple[Dropped, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance(Dropped, "a Dropped"))
    )
    rows: int = attrs.field(default=0, converter=integer, validator=whole(minimum=0))
    skipped: tuple[Skipped, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance(Skipped, "a Skipped"))
    )

    def __attrs_post_init__(self) -> None:
        n = len(self.records)
        for name in ("labels", "periods", "platforms", "windows"):
            if len(getattr(self, name)) != n:
                msg = f"{name!r} must have one entry per record ({n}) (got {len(getattr(self, name))})"
                raise InvalidInputError(msg)

    @classmethod
    def from_frame(  # noqa: C901, PLR0912, PLR0915 - one pass over the columns, in order
        cls,
        frame: object,
        *,
        platform: str | None = None,
        by: str | Sequence[str] = ("campaign",),
        period: Period = "month",
        mapping: Mapping[str, str | None] | None = None,
        currency: str | None = None,
        decimal: Literal[".", ","] = ".",
        channel_map: Mapping[str, str] | None = None,
        attribution_window: str | None = None,
        platform_conversions: Choice = "refuse",
        unknown: Literal["raise", "ignore"] = "raise",
        invalid: Literal["raise", "skip"] = "raise",
    ) -> PerformanceTable:
        """Read an export (or any frame of daily rows) into records per group and period.

        Rows are grouped with numpy (no Python loop over rows): additive counts are summed; reach,
        followers and the other non-additive fields are kept only when every record comes from one row
        (people overlap between days, followers is a level), else dropped with the reason in
        `dropped`; rate columns (CTR, CPC, CPM, frequency, ROAS...) are checked row by row against the
        ratio of the counts (`InconsistentDataWarning` beyond rounding) and never summed: the records'
        KPIs recompute them. An empty cell (``""``, ``"—"``, ``NaN``) of a count is not measured: a group
        whose cells are all empty leaves the field ``None``, else the measured cells are summed.

        Args:
            frame: A pandas, polars or pyarrow table, or a mapping of column names to array-likes.
            platform: The schema of the headers (a key of `SCHEMAS`: ``"meta"``, ``"linkedin"``,
                ``"tiktok"``, ``"google_ads"``, ``"pinterest"``, ``"snapchat"``, ``"x"``, ``"ga4"``), or
                ``None`` to accept a header that every schema reads the same way. It is also the
                records' platform (unless the frame has a platform column).
            by: The labels that tell groups apart: ``"campaign"``, ``"channel"``, ``"platform"``,
                ``"ad_set"``, ``"ad"``, ``"account"`` (their columns, or ``channel_map``).
            period: ``"day"``, ``"week"`` (ISO, Monday to Sunday), ``"month"`` or ``"quarter"``.
            mapping: Header → meaning, overriding the schema (a `Performance` field, a key such as
                ``"date"``, a rate such as ``"ctr"``, or ``None`` to ignore the column).
            currency: The currency of the amounts, when no header (``"Amount spent (USD)"``) nor
                currency column says it; it must agree with them when they do.
            decimal: The decimal separator of text cells: ``","`` for ``"1.234,56"``.
            channel_map: Campaign → channel, to group campaigns into channels (``by="channel"``).
                Names compare by the channel rule (case and spaces ignored); every campaign must be in it.
            attribution_window: The window of the platform's conversions (``"7-day click, 1-day view"``)
                when the export has no attribution-setting column.
            platform_conversions: What to do when one group sums rows of several platforms that each
                attribute conversions themselves: ``"refuse"`` (the default), ``"sum"`` them anyway, or
                ``"drop"`` them (`ATTRIBUTED` fields become ``None``).
            unknown: ``"raise"`` on headers the schema does not know (listed with close matches), or
                ``"ignore"`` them (listed in `dropped`).
            invalid: ``"raise"`` on the first cell that cannot be read (a number, date or label), or
                ``"skip"`` the rows with such cells: they are left out and listed in `skipped`, each with
                its row, column, value and reason.

        Returns:
            The table.

        Raises:
            InvalidInputError: A column or cell that cannot be read, named with its row and value; an
                unknown or ambiguous header; a group whose rows disagree on the currency or window.
            CurrencyMismatchError: Headers or arguments naming different currencies.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> frame = {"date": ["2026-03-02", "2026-03-08", "2026-03-09"], "channel": ["Meta", "meta ", "TikTok"],
            ...          "impressions": [10, 20, 30], "reach": [5, 10, 20]}
            >>> table = PerformanceTable.from_frame(frame, by="channel", period="week")
            >>> table.labels, [r.impressions for r in table]
            ((('meta',), ('tiktok',)), [30.0, 30.0])
            >>> table.dropped[0].reason
            'not additive (people overlap between rows); kept only when each record comes from one row'
        """
        if platform is not None:
            choice(tuple(SCHEMAS)).check(platform, "platform")
        choice(PERIODS).check(period, "period")
        choice((".", ",")).check(decimal, "decimal")
        choice(("refuse", "sum", "drop")).check(platform_conversions, "platform_conversions")
        choice(("raise", "ignore")).check(unknown, "unknown")
        choice(("raise", "skip")).check(invalid, "invalid")
        if isinstance(by, str) or not isinstance(cast("object", by), Iterable):
            groups: tuple[str, ...] = (choice(GROUPS).check(by, "by"),)
        else:
            groups = tuple(by)
            for index, name in enumerate(groups):
                choice(GROUPS).check(name, f"by[{index}]")
        _options(mapping, currency, channel_map)
        optional(string()).check(attribution_window, "attribution_window")
        names = column_names(frame)
        used, dropped, header_currency = _resolve(names, platform, dict(mapping or {}), unknown)
        header_of = {target: header for header, (target, _) in used.items()}
        if "date" not in header_of:
            msg = f"the frame must have a date column (got columns {names}); pass mapping={{column: 'date'}}"
            raise InvalidInputError(msg)
        if invalid == "skip":
            read = {*groups, "currency", "attribution_window", "platform"} | (
                {"campaign"} if channel_map is not None and "channel" in groups else set()
            )
            skipped = _unreadable(
                frame, used, read - ({"channel"} if channel_map is not None else set()), decimal
            )
            if skipped:
                n_rows = column(frame, header_of["date"]).size
                keep = np.ones(n_rows, dtype=bool)
                keep[[s.row for s in skipped]] = False
                kept = {header: column(frame, header)[keep] for header in names}
                options: dict[str, Any] = {
                    "platform": platform, "by": groups, "period": period, "mapping": mapping,
                    "currency": currency, "decimal": decimal, "channel_map": channel_map,
                    "attribution_window": attribution_window, "platform_conversions": platform_conversions,
                    "unknown": unknown,
                }  # fmt: skip
                table = cls.from_frame(kept, **options)
                return attrs.evolve(table, rows=n_rows, skipped=skipped)
        days = dates(column(frame, header_of["date"]), header_of["date"])
        n = days.size
        codes_period = _period_codes(days, period)
        if "end" in header_of:
            ends = dates(column(frame, header_of["end"]), header_of["end"])
            bad = (ends < days) | (_period_codes(ends, period) != codes_period)
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                msg = (
                    f"column {header_of['end']!r} must end each row within its {period}, on or after "
                    f"{header_of['date']!r} (got {ends[row]} after {days[row]} at row {row}); read the "
                    f"export at a finer breakdown or a longer period"
                )
                raise InvalidInputError(msg)
        else:
            ends = days

        def labels_of(role: str) -> tuple[list[str], IntArray]:
            header = header_of[role]
            vocabulary, codes = factorize(frame, header)
            if role not in {"channel", "platform"}:
                return vocabulary, codes
            keys = [channel_key(v) for v in vocabulary]
            merged = sorted(set(keys))
            remap = np.array([merged.index(k) for k in keys], dtype=np.int64)
            return merged, remap[codes]

        label_sets: list[list[str]] = []
        label_codes: list[IntArray] = []
        for role in groups:
            if role == "channel" and channel_map is not None:
                if "campaign" not in header_of:
                    msg = "'channel_map' maps campaigns to channels, but the frame has no campaign column"
                    raise InvalidInputError(msg)
                campaigns, codes = labels_of("campaign")
                wanted = {channel_key(k): channel_key(v) for k, v in channel_map.items()}
                missing = [c for c in campaigns if channel_key(c) not in wanted]
                if missing:
                    msg = (
                        f"'channel_map' must give a channel for every campaign (got none for {missing[0]!r}"
                        f"{channel_hint(missing[0], channel_map)})"
                    )
                    raise InvalidInputError(msg)
                channels = sorted({wanted[channel_key(c)] for c in campaigns})
                remap = np.array([channels.index(wanted[channel_key(c)]) for c in campaigns], dtype=np.int64)
                label_sets.append(channels)
                label_codes.append(remap[codes])
                continue
            if role not in header_of:
                msg = f"'by' names {role!r}, but the frame has no {role} column (got columns {names})"
                raise InvalidInputError(msg)
            vocabulary, codes = labels_of(role)
            label_sets.append(vocabulary)
            label_codes.append(codes)
        offset = int(codes_period.min()) if n else 0
        period_span = int(codes_period.max()) - offset + 1 if n else 1
        inverse, keys = _group([*label_codes, codes_period - offset], [*map(len, label_sets), period_span])
        n_groups = keys.size

        def per_group(role: str, given: str | None, what: str) -> list[str | None]:
            if role not in header_of:
                return [given] * n_groups
            vocabulary, codes = labels_of(role)
            one = _one_per_group(inverse, codes, n_groups)
            if one is None:
                msg = f"column {header_of[role]!r} must hold one {what} per record (got several in one group)"
                raise InvalidInputError(msg)
            found: list[str | None] = [vocabulary[int(c)] for c in one]
            return found

        currency = None if currency is None else currency.upper()
        if header_currency is not None and currency is not None and header_currency != currency:
            msg = f"'currency' is {currency!r} but the headers say {header_currency!r}"
            raise CurrencyMismatchError(msg)
        given_currency = currency or header_currency
        currencies = per_group("currency", given_currency, "currency")
        if given_currency is not None and any(str(c).upper() != given_currency for c in currencies):
            msg = f"column {header_of['currency']!r} names other currencies than {given_currency!r}"
            raise CurrencyMismatchError(msg)
        windows = per_group("attribution_window", attribution_window, "attribution window")
        platforms = (
            per_group("platform", platform, "platform")
            if "platform" in groups or "platform" not in header_of
            else None
        )
        mixed_platforms = False
        if platforms is None:
            vocabulary, codes = labels_of("platform")
            one = _one_per_group(inverse, codes, n_groups)
            mixed_platforms = one is None
            platforms = [None] * n_groups if one is None else [vocabulary[int(c)] for c in one]

        counts = np.bincount(inverse, minlength=n_groups)
        single = n == 0 or int(counts.max()) == 1
        fields: dict[str, list[float | None]] = {}
        row_values: dict[str, NDArray[np.float64]] = {}
        rates: list[tuple[str, str, NDArray[np.float64]]] = []
        for header, (target, alias) in used.items():
            if target in KEYS:
                continue
            values, empty = numbers(column(frame, header), header, decimal=decimal)
            if target in RATES:
                text = column(frame, header)
                percent = (
                    np.char.endswith(strings(text), "%")
                    if text.dtype.kind in "OUS"
                    else np.zeros(n, dtype=bool)
                )
                rates.append((header, target, np.where(percent, values, values * alias.scale)))
                continue
            if alias.scale != 1.0:
                values = values * alias.scale
            operand(values, header, _SIGNED.get(target, NON_NEGATIVE))
            row_values[target] = values
            if target in NOT_ADDITIVE and not single:
                dropped.append(
                    Dropped(
                        column=header,
                        meaning=target,
                        reason="not additive (people overlap between rows); kept only when each record comes from one row"
                        if target != "followers"
                        else "a level, not a flow; kept only when each record comes from one row",
                    )
                )
                continue
            if target in ATTRIBUTED and mixed_platforms:
                if platform_conversions == "refuse":
                    msg = (
                        f"column {header!r} holds conversions that each platform attributes itself (the same "
                        "sale may be claimed twice), and a group sums rows of several platforms; add "
                        "'platform' to 'by', or pass platform_conversions='sum' or 'drop'"
                    )
                    raise InvalidInputError(msg)
                if platform_conversions == "drop":
                    dropped.append(
                        Dropped(
                            column=header,
                            meaning=target,
                            reason="attributed by several platforms (platform_conversions='drop')",
                        )
                    )
                    continue
            filled = np.where(empty, 0.0, values) if empty.any() else values
            sums = np.bincount(inverse, weights=filled, minlength=n_groups)
            measured = np.bincount(inverse, weights=~empty, minlength=n_groups) if empty.any() else counts
            fields[target] = [
                None if m == 0 else float(s) for s, m in zip(sums.tolist(), measured.tolist(), strict=True)
            ]
        for header, target, reported in rates:
            dropped.append(
                Dropped(
                    column=header, meaning=target, reason=_check_rate(header, target, reported, row_values)
                )
            )

        starts = np.full(n_groups, np.iinfo(np.int64).max)
        np.minimum.at(starts, inverse, days.astype(np.int64))
        last = np.full(n_groups, np.iinfo(np.int64).min)
        np.maximum.at(last, inverse, ends.astype(np.int64))
        radix = [*map(len, label_sets), period_span]
        digits: list[IntArray] = []
        rest = keys
        for size in reversed(radix):
            digits.append(rest % size)
            rest = rest // size
        digits.reverse()
        label_rows = (
            [
                tuple(label_sets[j][int(d)] for j, d in enumerate(codes))
                for codes in zip(*(x.tolist() for x in digits[:-1]), strict=True)
            ]
            if groups
            else [()] * n_groups
        )
        period_rows = [_period_start(int(c) + offset, period) for c in digits[-1].tolist()]
        name_of = next(
            (
                groups.index(r)
                for r in ("channel", "campaign", "ad_set", "ad", "account", "platform")
                if r in groups
            ),
            None,
        )
        records = []
        for g in range(n_groups):
            values_of = {name: column_values[g] for name, column_values in fields.items()}
            try:
                records.append(
                    Performance(
                        channel=None if name_of is None else label_rows[g][name_of],
                        start=_day(np.datetime64(int(starts[g]), "D")),
                        end=_day(np.datetime64(int(last[g]), "D")),
                        currency=currencies[g],
                        **values_of,
                    )
                )
            except InvalidInputError as error:
                described = ", ".join(f"{k}={v!r}" for k, v in zip(groups, label_rows[g], strict=True))
                msg = f"the rows of {described or 'the table'} in the {period} of {period_rows[g]} make an impossible record: {error}"
                raise InvalidInputError(msg) from None
        return cls(
            by=groups,
            period=period,
            labels=label_rows,
            periods=period_rows,
            records=records,
            platforms=platforms,
            windows=windows,
            dropped=dropped,
            rows=n,
        )

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Performance]:
        return iter(self.records)

    @overload
    def __getitem__(self, index: int) -> Performance: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Performance, ...]: ...
    def __getitem__(self, index: int | slice) -> Performance | tuple[Performance, ...]:
        return self.records[index]

    @property
    def period_starts(self) -> tuple[dt.date, ...]:
        """The distinct periods of the table (their first days), in order.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> table = PerformanceTable.from_frame({"date": ["2026-05-31", "2026-06-01"], "campaign": ["a", "b"],
            ...                                      "spend": [1, 2]}, period="quarter")
            >>> table.period_starts
            (datetime.date(2026, 4, 1),)
        """
        return tuple(sorted(set(self.periods)))

    def pivot(self, field: str = "spend", *, label: str | None = None, fill: float = 0.0) -> PeriodColumns:
        """One field as an array per group over every period from the first to the last, for an MMM.

        Each group's value in a period is the sum of its records there (campaigns of one channel add up
        when ``label="channel"``); a period in which a group has no record gets ``fill``: 0 by default,
        which reads a missing week as a dark week. A record that does not know the field gives NaN
        (missing data propagate). ``spend`` per channel and week, with ``impressions`` beside it, is
        what [`MarketingMixModel.fit`][socialroi.mmm.MarketingMixModel.fit] takes.

        Args:
            field: A numeric `Performance` field.
            label: The label that names the groups, one of the table's ``by``; by default its only one.
            fill: The value of a period without a record (a number, NaN for "unknown").

        Returns:
            The [`PeriodColumns`][socialroi.frames.PeriodColumns], groups sorted by name.

        Raises:
            InvalidInputError: an unknown field or label; no label given for a table of several; a field
                that does not add (reach, followers) with several records of a group in one period; an
                empty table.
            CurrencyMismatchError: money in several currencies.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> export = {"Day": ["2026-01-05", "2026-01-06", "2026-01-12"], "Channel": ["Meta"] * 3,
            ...           "Campaign name": ["a", "b", "a"], "Amount spent (USD)": [10.0, 5.0, 20.0],
            ...           "Impressions": [1000, 400, 2500]}
            >>> table = PerformanceTable.from_frame(export, by=("channel", "campaign"), period="week")
            >>> spend = table.pivot("spend", label="channel")
            >>> spend["meta"].tolist(), spend.currency, table.pivot("impressions", label="campaign")["b"].tolist()
            ([15.0, 20.0], 'USD', [400.0, 0.0])
        """
        choice(_NUMERIC, what="a numeric Performance field").check(field, "field")
        if label is None and len(self.by) != 1:
            if self.by:
                raise fail(
                    "label", f"one of the table's labels {names_of(self.by)} (the table has several)", label
                )
            raise fail("label", "a label of the table (it has none: read it with by=...)", label)
        label = self.by[0] if label is None else label
        choice(self.by, what=f"one of the table's labels {names_of(self.by)}").check(label, "label")
        value = number(ANY_NUMBER, allow_nan=True).check(fill, "fill")
        if not self.records:
            msg = "'table' must hold at least one record to pivot (got none)"
            raise InvalidInputError(msg)
        at = self.by.index(label)
        names, group = np.unique(np.array([row[at] for row in self.labels]), return_inverse=True)
        codes = _period_codes(np.array(self.periods, dtype="datetime64[D]"), self.period)
        first = int(codes.min())
        cell = (group.reshape(-1), codes - first)
        shape = (len(names), int(codes.max()) - first + 1)
        counts = np.zeros(shape, dtype=np.int64)
        np.add.at(counts, cell, 1)
        if field in NOT_ADDITIVE and counts.max() > 1:
            g, p = np.unravel_index(int(np.argmax(counts)), shape)
            msg = (
                f"'field' {field!r} does not add up (people overlap, or it is a level): {str(names[g])!r} has "
                f"{counts[g, p]} records in the period of {_period_start(first + int(p), self.period)}; "
                "pivot by a label with one record per group and period"
            )
            raise InvalidInputError(msg)
        raw = [getattr(record, field) for record in self.records]
        sums = np.zeros(shape)
        np.add.at(sums, cell, np.array([np.nan if v is None else v for v in raw], dtype=np.float64))
        sums[counts == 0] = value
        currency = None
        if field in AMOUNTS:
            found = sorted(
                {r.currency for r, v in zip(self.records, raw, strict=True) if v is not None and r.currency}
            )
            if len(found) > 1:
                msg = f"'{field}' must be in one currency to add up (got {', '.join(found)}); pivot each currency apart"
                raise CurrencyMismatchError(msg)
            currency = found[0] if found else None
        return PeriodColumns(
            field=field,
            label=label,
            period=self.period,
            periods=[_period_start(first + k, self.period) for k in range(shape[1])],
            columns={str(name): sums[i] for i, name in enumerate(names)},
            currency=currency,
        )

    def select(self, *, period: dt.date | None = None, **labels: str) -> PerformanceTable:
        """The records of one period and/or with the given labels (channel names by the channel rule).

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> table = PerformanceTable.from_frame({"date": ["2026-01-05", "2026-02-05"], "campaign": ["a", "a"],
            ...                                      "spend": [1, 2]})
            >>> import datetime as dt
            >>> [r.spend for r in table.select(period=dt.date(2026, 2, 1), campaign="a")]
            [2.0]
        """
        for name in labels:
            if name not in self.by:
                msg = (
                    f"{name!r} must be one of the table's labels {names_of(self.by) if self.by else '(none)'}"
                )
                raise InvalidInputError(msg)
        optional(a_date()).check(period, "period")
        wanted = {
            self.by.index(name): channel_key(value) if name in {"channel", "platform"} else value
            for name, value in labels.items()
        }
        keep = [
            i
            for i, row in enumerate(self.labels)
            if (period is None or self.periods[i] == period) and all(row[j] == v for j, v in wanted.items())
        ]
        return attrs.evolve(
            self,
            labels=[self.labels[i] for i in keep],
            periods=[self.periods[i] for i in keep],
            records=[self.records[i] for i in keep],
            platforms=[self.platforms[i] for i in keep],
            windows=[self.windows[i] for i in keep],
        )

    def total(self, *, platform_conversions: Choice = "refuse") -> Performance:
        """All records combined as ratios of sums (`Performance.total`: non-additive fields are dropped).

        Records of different platforms (or attribution windows) each attribute conversions
        themselves, so the same sale may be counted once per platform: their `ATTRIBUTED` fields are
        refused unless ``platform_conversions`` is ``"sum"`` (add them anyway) or ``"drop"`` (leave them
        out of the total).

        Raises:
            InvalidInputError: An empty table, or conversions of several platforms with the default.
            CurrencyMismatchError: Records in different currencies.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> meta = PerformanceTable.from_frame({"date": ["2026-01-05"], "campaign": ["a"], "conversions": [3]},
            ...                                    platform="meta", attribution_window="7-day click, 1-day view")
            >>> tiktok = PerformanceTable.from_frame({"date": ["2026-01-05"], "campaign": ["a"], "conversions": [2]},
            ...                                      platform="tiktok")
            >>> both = PerformanceTable.concat([meta, tiktok])
            >>> both.total(platform_conversions="sum").conversions
            5.0
            >>> both.total(platform_conversions="drop").conversions is None
            True
        """
        choice(("refuse", "sum", "drop")).check(platform_conversions, "platform_conversions")
        if not self.records:
            msg = "'table' must hold at least one record to total (got none)"
            raise InvalidInputError(msg)
        sources = sorted(
            {
                (str(p), str(w))
                for p, w, record in zip(self.platforms, self.windows, self.records, strict=True)
                if any(getattr(record, name) is not None for name in ATTRIBUTED)
            }
        )
        records = self.records
        if len(sources) > 1:
            if platform_conversions == "refuse":
                described = "; ".join(
                    f"{p} ({'window ' + w if w != 'None' else 'window not stated'})" for p, w in sources
                )
                msg = (
                    f"cannot sum conversions that each platform attributed itself: {described} may each "
                    "claim the same sale; pass platform_conversions='sum' or 'drop'"
                )
                raise InvalidInputError(msg)
            if platform_conversions == "drop":
                records = tuple(attrs.evolve(r, **dict.fromkeys(ATTRIBUTED)) for r in records)
        return Performance.total(records)

    @classmethod
    def concat(cls, tables: Iterable[PerformanceTable]) -> PerformanceTable:
        """One table of the records of several (the exports of several platforms), in the order given.

        The tables must group by the same labels and periods.

        Examples:
            >>> from socialroi.frames import PerformanceTable
            >>> a = PerformanceTable.from_frame({"date": ["2026-01-05"], "campaign": ["a"], "spend": [1]}, platform="meta")
            >>> len(PerformanceTable.concat([a, a]))
            2
        """
        if isinstance(cast("object", tables), str) or not isinstance(cast("object", tables), Iterable):
            raise fail("tables", "an iterable of PerformanceTable", tables)
        items = list(tables)
        if not items:
            msg = "'tables' must hold at least one PerformanceTable (got none)"
            raise InvalidInputError(msg)
        first = items[0]
        for index, table in enumerate(items):
            if not isinstance(cast("object", table), PerformanceTable):
                msg = f"'tables' must hold PerformanceTable values (got {describe(table)} at index {index})"
                raise InvalidInputError(msg)
            if (table.by, table.period) != (first.by, first.period):
                msg = (
                    f"'tables' must group by the same labels and period (got by={table.by}, period="
                    f"{table.period!r} at index {index}, by={first.by}, period={first.period!r} at index 0)"
                )
                raise InvalidInputError(msg)
        return cls(
            by=first.by,
            period=first.period,
            labels=[row for t in items for row in t.labels],
            periods=[p for t in items for p in t.periods],
            records=[r for t in items for r in t.records],
            platforms=[p for t in items for p in t.platforms],
            windows=[w for t in items for w in t.windows],
            dropped=[d for t in items for d in t.dropped],
            rows=sum(t.rows for t in items),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain values (strict JSON: NaN and infinities become ``None``).

        Examples:
            >>> import json
            >>> from socialroi.frames import PerformanceTable
            >>> table = PerformanceTable.from_frame({"date": ["2026-01-05"], "campaign": ["a"], "spend": [1]})
            >>> json.dumps(table.to_dict()["records"][0]["labels"])
            '{"campaign": "a"}'
        """
        return {
            "by": list(self.by),
            "period": self.period,
            "rows": self.rows,
            "records": [
                {
                    "labels": dict(zip(self.by, labels, strict=True)),
                    "period": self.periods[i].isoformat(),
                    "platform": self.platforms[i],
                    "attribution_window": self.windows[i],
                    "record": _display.plain(self.records[i]),
                }
                for i, labels in enumerate(self.labels)
            ],
            "dropped": [d.to_dict() for d in self.dropped],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    def _table(self) -> tuple[list[str], list[list[str]]]:
        header = [*self.by, self.period, "spend", "impressions", "clicks", "conversions", "revenue"]
        rows = [
            [
                *labels,
                self.periods[i].isoformat(),
                *(_display.number(getattr(self.records[i], name)) for name in header[len(self.by) + 1 :]),
            ]
            for i, labels in enumerate(self.labels)
        ]
        return header, rows

    def __repr__(self) -> str:
        header, rows = self._table()
        lines = [
            f"PerformanceTable({len(self)} records by {', '.join(self.by) or 'nothing'} per {self.period}, from {self.rows} rows)"
        ]
        lines += _display.text_table(header, rows[:20], left=len(self.by) + 1)
        if len(rows) > 20:
            lines.append(f"... {len(rows) - 20} more")
        lines += [f"dropped {d.column!r}: {d.reason}" for d in self.dropped]
        lines += [f"skipped row {s.row}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        header, rows = self._table()
        return _display.html_table(
            f"PerformanceTable: {len(self)} records per {self.period}", header, rows, left=len(self.by) + 1
        )


# --- the ledger -------------------------------------------------------------------------------------------

_LEDGER = {
    "date": "date",
    "day": "date",
    "category": "category",
    "type": "category",
    "cost type": "category",
    "amount": "amount",
    "cost": "amount",
    "value": "amount",
    "currency": "currency",
    "channel": "channel",
    "platform": "channel",
    "label": "label",
    "description": "label",
    "item": "label",
    "memo": "label",
    "start": "start",
    "start date": "start",
    "period start": "start",
    "from": "start",
    "end": "end",
    "end date": "end",
    "period end": "end",
    "to": "end",
    "month": "month",
}
_SUGGESTED = [header for header in _LEDGER if len(header) > 3]
"""Headers offered as close matches: not the short ones, which look like too many words (vendor, end)."""
_CREDITS = frozenset({"credit", "credits", "refund", "refunds", "ad credit", "ad credits", "ad_credit"})


def _day(value: np.datetime64) -> dt.date:
    return cast("dt.date", value.item())


_DATED = ("date", "start", "end", "month")


def _cost_periods(
    frame: object, header_of: Mapping[str, str], n: int, period: object
) -> list[tuple[dt.date, dt.date] | None]:
    """The period of each ledger row: start and end columns, else a month column, else the date column.

    ``period`` (the whole table's first and last day) is for a ledger without any of those columns.
    """
    whole_period = optional(days()).check(period, "period")
    dated = [header_of[role] for role in _DATED if role in header_of]
    if whole_period is not None:
        if dated:
            msg = f"'period' is for a ledger without dates, and this one has {_and(dated)}: drop the option, or the columns with mapping={{column: None}}"
            raise InvalidInputError(msg)
        return [whole_period] * n
    if ("start" in header_of) != ("end" in header_of):
        have, lack = ("start", "end") if "start" in header_of else ("end", "start")
        msg = (
            f"the ledger has a {have} column ({header_of[have]!r}) but no {lack} column: a period needs both"
        )
        raise InvalidInputError(msg)
    if "start" in header_of:
        if "month" in header_of:
            msg = f"columns {_and([header_of['start'], header_of['end'], header_of['month']])} all date the period; pass mapping={{column: None}} for the ones to ignore"
            raise InvalidInputError(msg)
        first = dates(column(frame, header_of["start"]), header_of["start"])
        last = dates(column(frame, header_of["end"]), header_of["end"])
        backwards = np.flatnonzero(first > last)
        if backwards.size:
            row = int(backwards[0])
            msg = f"row {row} of the ledger ends before it starts ({header_of['start']!r} {first[row]} > {header_of['end']!r} {last[row]})"
            raise InvalidInputError(msg)
    elif "month" in header_of:
        months = dates(column(frame, header_of["month"]), header_of["month"]).astype("datetime64[M]")
        first = months.astype("datetime64[D]")
        last = (months + 1).astype("datetime64[D]") - 1
    elif "date" in header_of:
        first = last = dates(column(frame, header_of["date"]), header_of["date"])
    else:
        return [None] * n
    return [(_day(a), _day(b)) for a, b in zip(first, last, strict=True)]


@attrs.frozen(kw_only=True, repr=False)
class CostTable:
    """A cost ledger read from a frame: costs, and refunds and ad credits kept apart from them.

    Attributes:
        costs: The costs (every amount >= 0).
        credits: Refunds and ad credits, as positive amounts: rows with a negative amount (a refund of
            their category) or a credit category (``"credit"``, ``"refund"``, ``"ad credit"``: ad
            credits against ``AD_SPEND``).
        cost_dates: The date of each cost (``None`` when the ledger has no date column).
        credit_dates: The date of each credit.

    Examples:
        >>> from socialroi.frames import CostTable
        >>> ledger = CostTable.from_frame({
        ...     "Date": ["2026-01-03", "2026-01-10", "2026-01-20"],
        ...     "Category": ["ad spend", "Content", "ad credit"],
        ...     "Amount (EUR)": ["1.200,00", "300", "-50"],
        ...     "Channel": ["Meta", "", "Meta"],
        ... }, decimal=",")
        >>> str(ledger.total()), str(ledger.credited()), str(ledger.net())
        ('1,500.00 EUR', '50.00 EUR', '1,450.00 EUR')
    """

    costs: Costs = attrs.field(validator=instance(Costs, "a Costs"))
    credits: Costs = attrs.field(validator=instance(Costs, "a Costs"))
    cost_dates: tuple[dt.date | None, ...] = attrs.field(
        converter=to_tuple, validator=each(optional(a_date()))
    )
    credit_dates: tuple[dt.date | None, ...] = attrs.field(
        converter=to_tuple, validator=each(optional(a_date()))
    )

    def __attrs_post_init__(self) -> None:
        for name, items in (("cost_dates", self.costs), ("credit_dates", self.credits)):
            days = len(getattr(self, name))
            if days != len(items):
                msg = f"{name!r} must have one date per item ({len(items)}) (got {days})"
                raise InvalidInputError(msg)

    @classmethod
    def from_frame(  # noqa: C901, PLR0912, PLR0915 - one pass over the columns
        cls,
        frame: object,
        *,
        mapping: Mapping[str, str | None] | None = None,
        currency: str | None = None,
        decimal: Literal[".", ","] = ".",
        channel_map: Mapping[str, str] | None = None,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> CostTable:
        """Read a ledger: one row per cost.

        Columns: category and amount, and optionally currency, channel, label and date (headers compared
        without case; ``"Amount (USD)"`` gives the currency).

        The period each cost covers (`CostItem.period`, which `ROIReport.series` reads) comes from, in
        this order: ``start`` and ``end`` columns (also ``"Start date"``, ``"Period start"``, ``"From"``
        and ``"End date"``, ``"Period end"``, ``"To"``), both needed: the first and last day of each
        row; a ``month`` column (``"2026-01"`` or any day of the month): the whole calendar month; a
        ``date`` column: that one day (a monthly fee dated on its invoice day counts on that day; give
        its month or start and end to spread it). An undated ledger of one period takes
        ``period=(first_day, last_day)`` for every row.

        Channels follow the channel rule (case and spaces ignored); an empty channel cell is a shared
        cost (``None``); ``channel_map`` renames channels (campaigns) to the channels of the report.

        Raises:
            InvalidInputError: A missing column, an unknown category (with a close match), or a cell
                that cannot be read, named with its row and value; a start column without an end column
                (or the reverse), a row that ends before it starts, start and end columns with a month
                column, or ``period`` for a ledger that has dates.

        Examples:
            >>> from socialroi.frames import CostTable
            >>> ledger = CostTable.from_frame({"category": ["tools"], "amount": [99.0], "currency": ["usd"]})
            >>> ledger.costs.items[0].category
            <CostCategory.TOOLS: 'tools'>
            >>> monthly = CostTable.from_frame({"Month": ["2026-02"], "category": ["management"], "amount (EUR)": [900]})
            >>> [day.isoformat() for day in monthly.costs.items[0].period]
            ['2026-02-01', '2026-02-28']
        """
        choice((".", ",")).check(decimal, "decimal")
        _options(mapping, currency, channel_map)
        names = column_names(frame)
        user = dict(mapping or {})
        role_of: dict[str, str] = {}
        currencies: set[str] = set()
        unknown: list[str] = []
        for header in names:
            base, code = split_currency(header)
            role = user[header] if header in user else _LEDGER.get(header_key(base))
            if role is None:
                if header not in user:
                    unknown.append(header)
                continue
            choice(tuple(dict.fromkeys(_LEDGER.values()))).check(role, f"mapping[{header!r}]")
            if role in role_of.values():
                msg = f"columns {_and([h for h, r in role_of.items() if r == role] + [header])} all mean {role!r}; pass mapping={{column: None}} for the ones to ignore"
                raise InvalidInputError(msg)
            role_of[header] = role
            if code is not None:
                currencies.add(code)
        if unknown:
            listed = "; ".join(f"{h!r}{did_you_mean(header_key(h), _SUGGESTED) or ''}" for h in unknown)
            msg = (
                f"the ledger has columns it does not know: {listed}; pass mapping={{column: meaning or None}}"
            )
            raise InvalidInputError(msg)
        header_of = {role: header for header, role in role_of.items()}
        for needed in ("category", "amount"):
            if needed not in header_of:
                msg = f"the ledger must have a {needed} column (got columns {names})"
                raise InvalidInputError(msg)
        if currency is not None:
            currencies.add(currency.upper())
        if len(currencies) > 1:
            msg = (
                f"the ledger names different currencies ({', '.join(sorted(currencies))}); read one at a time"
            )
            raise CurrencyMismatchError(msg)
        amounts, empty = numbers(column(frame, header_of["amount"]), header_of["amount"], decimal=decimal)
        operand(amounts, header_of["amount"], FINITE)
        if empty.any():
            row = int(np.flatnonzero(empty)[0])
            msg = f"column {header_of['amount']!r} must hold an amount in every row (got an empty cell at row {row})"
            raise InvalidInputError(msg)
        n = amounts.size
        categories = [
            header_key(c).replace("_", " ") for c in strings(column(frame, header_of["category"])).tolist()
        ]
        known = {c.value.replace("_", " "): c for c in CostCategory}
        for row, name in enumerate(categories):
            if name not in known and name not in _CREDITS:
                options = [*known, *sorted(_CREDITS)]
                msg = f"column {header_of['category']!r} must hold {names_of(options)} (got {name!r} at row {row}){did_you_mean(name, options)}"
                raise InvalidInputError(msg)
        if "currency" in header_of:
            codes = [c.upper() for c in strings(column(frame, header_of["currency"])).tolist()]
        else:
            if not currencies:
                msg = "the ledger's currency is unknown: add a currency column, a header such as 'Amount (USD)', or currency=..."
                raise InvalidInputError(msg)
            codes = [next(iter(currencies))] * n
        if currencies and any(c != next(iter(currencies)) for c in codes):
            msg = f"column {header_of['currency']!r} names other currencies than {next(iter(currencies))!r}"
            raise CurrencyMismatchError(msg)
        channels: list[str | None] = [None] * n
        if "channel" in header_of:
            cells = strings(column(frame, header_of["channel"])).tolist()
            renamed = {channel_key(k): channel_key(v) for k, v in (channel_map or {}).items()}
            channels = [
                None
                if c.casefold() in {"", "nan", "none", "<na>"}
                else renamed.get(channel_key(c), channel_key(c))
                for c in cells
            ]
        labels = strings(column(frame, header_of["label"])).tolist() if "label" in header_of else [""] * n
        periods = _cost_periods(frame, header_of, n, period)
        days: list[dt.date | None] = (
            [_day(d) for d in dates(column(frame, header_of["date"]), header_of["date"])]
            if "date" in header_of
            else [None] * n
        )
        costs: list[CostItem] = []
        credit_items: list[CostItem] = []
        cost_days: list[dt.date | None] = []
        credit_days: list[dt.date | None] = []
        for row in range(n):  # one record per ledger row: the records are the result
            credit = categories[row] in _CREDITS or amounts[row] < 0
            category = CostCategory.AD_SPEND if categories[row] in _CREDITS else known[categories[row]]
            try:
                item = CostItem(
                    category=category,
                    amount=Money(amount=abs(float(amounts[row])), currency=codes[row]),
                    label=labels[row],
                    channel=channels[row],
                    period=periods[row],
                )
            except InvalidInputError as error:
                msg = f"row {row} of the ledger is not a cost: {error}"
                raise InvalidInputError(msg) from None
            (credit_items if credit else costs).append(item)
            (credit_days if credit else cost_days).append(days[row])
        only = codes[0] if codes else (next(iter(currencies)) if currencies else None)
        return cls(
            costs=Costs(items=costs, currency=only),
            credits=Costs(items=credit_items, currency=only),
            cost_dates=cost_days,
            credit_dates=credit_days,
        )

    def total(self) -> Money:
        """The sum of the costs (credits not deducted).

        Examples:
            >>> from socialroi.frames import CostTable
            >>> CostTable.from_frame({"category": ["tools", "refund"], "amount (USD)": [10, 4]}).total()
            Money(amount=10.0, currency='USD')
        """
        return self.costs.total()

    def credited(self) -> Money:
        """The sum of the refunds and ad credits (a positive amount).

        Examples:
            >>> from socialroi.frames import CostTable
            >>> CostTable.from_frame({"category": ["tools", "refund"], "amount (USD)": [10, 4]}).credited()
            Money(amount=4.0, currency='USD')
        """
        return self.credits.total()

    def net(self) -> Money:
        """Costs minus credits: what was paid in the end.

        Examples:
            >>> from socialroi.frames import CostTable
            >>> CostTable.from_frame({"category": ["tools", "refund"], "amount (USD)": [10, 4]}).net()
            Money(amount=6.0, currency='USD')
        """
        return self.total() - self.credited()

    def between(self, start: dt.date, end: dt.date) -> CostTable:
        """The items from ``start`` to ``end`` (both included), by their date; undated items are refused.

        A ledger without a date column but with periods (start and end, or month columns) selects the
        items whose period lies within ``start`` to ``end``; an item whose period crosses ``start`` or
        ``end`` is refused, naming it: it belongs to both sides (`ROIReport.series` counts such costs
        pro rata by days).

        Examples:
            >>> import datetime as dt
            >>> from socialroi.frames import CostTable
            >>> ledger = CostTable.from_frame({"date": ["2026-01-31", "2026-02-01"], "category": ["tools", "tools"],
            ...                                "amount (USD)": [10, 20]})
            >>> ledger.between(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).total()
            Money(amount=20.0, currency='USD')
            >>> months = CostTable.from_frame({"month": ["2026-01", "2026-02"], "category": ["tools", "tools"],
            ...                                "amount (USD)": [10, 20]})
            >>> months.between(dt.date(2026, 2, 1), dt.date(2026, 2, 28)).total()
            Money(amount=20.0, currency='USD')
        """
        start, end = a_date().check(start, "start"), a_date().check(end, "end")
        items = (*self.costs, *self.credits)
        if None not in self.cost_dates and None not in self.credit_dates:
            spans = [(d, d) for d in (*self.cost_dates, *self.credit_dates) if d is not None]
        elif all(item.period is not None for item in items):
            spans = [cast("tuple[dt.date, dt.date]", item.period) for item in items]
        else:
            msg = "the ledger has no dates to select by: read it from a frame with a date, month or start and end column"
            raise InvalidInputError(msg)
        for item, (first, last) in zip(items, spans, strict=True):
            if first < start <= last or first <= end < last:
                msg = f"{item.label or item.category.value!r} covers {first} to {last}, across the edge of {start} to {end}: it belongs to both sides (ROIReport.series counts it pro rata by days)"
                raise InvalidInputError(msg)
        inside = [start <= first and last <= end for first, last in spans]
        n = len(self.costs)

        def within(
            costs: Costs, days: tuple[dt.date | None, ...], keep: list[bool]
        ) -> tuple[Costs, list[dt.date | None]]:
            chosen = [i for i, kept in enumerate(keep) if kept]
            return Costs(items=[costs.items[i] for i in chosen], currency=costs.currency), [
                days[i] for i in chosen
            ]

        costs, cost_dates = within(self.costs, self.cost_dates, inside[:n])
        credit_items, credit_dates = within(self.credits, self.credit_dates, inside[n:])
        return CostTable(costs=costs, credits=credit_items, cost_dates=cost_dates, credit_dates=credit_dates)

    def to_dict(self) -> dict[str, Any]:
        """Plain values (strict JSON).

        Examples:
            >>> from socialroi.frames import CostTable
            >>> CostTable.from_frame({"category": ["tools"], "amount (USD)": [10]}).to_dict()["costs"][0]["amount"]
            {'amount': 10.0, 'currency': 'USD'}
        """

        def items(costs: Costs, days: tuple[dt.date | None, ...]) -> list[Any]:
            return [
                {
                    **cast("dict[str, Any]", _display.plain(item)),
                    "date": None if day is None else day.isoformat(),
                }
                for item, day in zip(costs.items, days, strict=True)
            ]

        return {
            "costs": items(self.costs, self.cost_dates),
            "credits": items(self.credits, self.credit_dates),
        }

    def _rows(self) -> list[list[str]]:
        return [
            [
                kind,
                "" if day is None else day.isoformat(),
                item.category.value,
                item.channel or "(shared)",
                item.label,
                _display.money(item.amount.amount, item.amount.currency),
            ]
            for kind, costs, days in (
                ("cost", self.costs, self.cost_dates),
                ("credit", self.credits, self.credit_dates),
            )
            for item, day in zip(costs.items, days, strict=True)
        ]

    def __repr__(self) -> str:
        header = ["kind", "date", "category", "channel", "label", "amount"]
        lines = [f"CostTable({len(self.costs)} costs, {len(self.credits)} credits)"]
        lines += _display.text_table(header, self._rows()[:20], left=5)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        header = ["kind", "date", "category", "channel", "label", "amount"]
        return _display.html_table(
            f"CostTable: {len(self.costs)} costs, {len(self.credits)} credits", header, self._rows(), left=5
        )
