"""Every field of `socialroi.frames`' records and every option of its public methods meets the shared bad values.

The records `Alias`, `Schema`, `Dropped` and `Skipped`; ``PerformanceTable.from_frame``, ``select``,
``total`` and ``concat``; ``CostTable.from_frame`` and ``between``; every public result pickles, deep-copies
and gives strict JSON.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from typing import Any

import attrs
import numpy as np
import pytest

from socialroi.exceptions import InvalidInputError
from socialroi.frames import Alias, CostTable, Dropped, PerformanceTable, PeriodColumns, Schema, Skipped
from tests.bad_values import check_field

ALIAS: dict[str, Any] = {"target": "spend", "scale": 1.0, "note": ""}
SCHEMA: dict[str, Any] = {
    "platform": "meta",
    "aliases": {"amount spent": Alias("spend")},
    "headers": ("Amount spent",),
    "attributed": True,
}
DROPPED: dict[str, Any] = {"column": "CTR", "meaning": "ctr", "reason": "a rate"}
SKIPPED: dict[str, Any] = {"row": 3, "column": "Cost", "value": "'x'", "reason": "not a number"}

RECORDS: dict[type, tuple[dict[str, Any], dict[str, set[str]]]] = {
    Alias: (ALIAS, {"target": set(), "scale": {"np_int64"}, "note": {"string"}}),
    Schema: (SCHEMA, {"platform": {"string"}, "aliases": set(), "headers": set(), "attributed": {"bool"}}),
    Dropped: (DROPPED, {"column": {"string"}, "meaning": set(), "reason": {"string"}}),
    Skipped: (
        SKIPPED,
        {"row": {"np_int64"}, "column": {"string"}, "value": {"string"}, "reason": {"string"}},
    ),
}
"""Per record: valid keyword arguments, and per field the kinds of bad value it accepts."""

TABLES: dict[type, dict[str, set[str]]] = {
    PerformanceTable: {
        "by": set(),
        "period": set(),
        "labels": set(),
        "periods": set(),
        "records": set(),
        "platforms": set(),
        "windows": set(),
        "dropped": set(),
        "rows": {"np_int64"},
        "skipped": set(),
    },
    CostTable: {"costs": set(), "credits": set(), "cost_dates": set(), "credit_dates": set()},
    PeriodColumns: {
        "field": set(),
        "label": {"string"},
        "period": set(),
        "periods": set(),
        "columns": set(),
        "currency": {"string"},
    },
}
"""Per table: per field the kinds of bad value it accepts (the valid table comes from ``from_frame``)."""

COVERED: dict[type, set[str]] = {
    **{cls: set(fields) for cls, (_, fields) in RECORDS.items()},
    **{cls: set(fields) for cls, fields in TABLES.items()},
}

EXPORT = {
    "Day": ["2026-01-05", "2026-01-06"],
    "Campaign name": ["Launch", "Launch"],
    "Amount spent (USD)": [50.0, 70.0],
    "Impressions": [10_000, 14_000],
    "Clicks (all)": [120, 150],
    "Link clicks": [40, 56],
    "Reach": [9_000, 12_000],
}
LEDGER = {
    "date": ["2026-01-05", "2026-01-06"],
    "category": ["ad spend", "refund"],
    "amount": [50.0, -10.0],
    "currency": ["USD", "USD"],
}
OPTIONS = {
    "platform": set(),
    "by": set(),
    "period": set(),
    "mapping": set(),
    "currency": set(),
    "decimal": set(),
    "channel_map": set(),
    "attribution_window": {"string"},
    "platform_conversions": set(),
    "unknown": set(),
    "invalid": set(),
}


@pytest.fixture(scope="module")
def table() -> PerformanceTable:
    return PerformanceTable.from_frame(EXPORT, platform="meta")


@pytest.fixture(scope="module")
def ledger() -> CostTable:
    return CostTable.from_frame(LEDGER)


@pytest.mark.parametrize(
    ("cls", "name"), [(cls, name) for cls, (_, fields) in RECORDS.items() for name in fields]
)
def test_record_fields(cls, name):
    valid, fields = RECORDS[cls]

    def build(value: object) -> object:
        return cls(**{**valid, name: value})

    check_field(build, name, accepts=fields[name])


def test_record_regressions():
    # each constructed an invalid record before
    with pytest.raises(InvalidInputError, match=r"^'target' must be a Performance field, .+ \(got 'spnd'\)"):
        Alias("spnd")
    with pytest.raises(InvalidInputError, match=r"^'scale' must be > 0 and finite \(got 0.0\)$"):
        Alias("ctr", 0.0)
    with pytest.raises(InvalidInputError, match=r"^'aliases\[ctr\]' must be an Alias \(got 'ctr'\)$"):
        Schema("x", {"ctr": "ctr"}, ())  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'headers\[0\]' must be a string \(got 5\)$"):
        Schema("x", {}, [5])  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'row' must be a whole number >= 0 \(got -1\)$"):
        Skipped(row=-1, column="Cost", value="'x'", reason="not a number")
    with pytest.raises(InvalidInputError, match=r"^'reason' must be a non-empty string \(got ' '\)$"):
        Dropped(column="CTR", meaning=None, reason=" ")
    assert Alias(None, np.int64(1), "mapped to None").scale == 1.0
    assert Schema("x", {}, ["A", "B"]).headers == ("A", "B")
    assert Skipped(row=np.int64(2), column="", value="''", reason="empty").row == 2
    assert type(Skipped(row=np.int64(2), column="", value="''", reason="empty").row) is int


@pytest.mark.parametrize("name", TABLES[PerformanceTable])
def test_performance_table_fields(table, name):
    check_field(lambda v: attrs.evolve(table, **{name: v}), name, accepts=TABLES[PerformanceTable][name])


@pytest.mark.parametrize("name", TABLES[PeriodColumns])
def test_period_columns_fields(table, name):
    pivot = table.pivot("spend")
    check_field(lambda v: attrs.evolve(pivot, **{name: v}), name, accepts=TABLES[PeriodColumns][name])


@pytest.mark.parametrize("name", TABLES[CostTable])
def test_cost_table_fields(ledger, name):
    check_field(lambda v: attrs.evolve(ledger, **{name: v}), name, accepts=TABLES[CostTable][name])


def test_table_regressions(table, ledger):
    # each constructed a table that failed later, or not at all
    with pytest.raises(InvalidInputError, match=r"^'by' must be distinct \(got 'campaign' twice\)$"):
        attrs.evolve(table, by=("campaign", "campaign"))
    with pytest.raises(
        InvalidInputError, match=r"^'period' must be 'day', .+ \(got 'weak'\); did you mean 'week'\?$"
    ):
        attrs.evolve(table, period="weak")
    with pytest.raises(InvalidInputError, match=r"^'labels\[0\]\[0\]' must be a string \(got 5\)$"):
        attrs.evolve(table, labels=[(5,)])
    with pytest.raises(
        InvalidInputError, match=r"^'periods\[0\]' must be a datetime.date .+ \(got '2026-01-01'\)$"
    ):
        attrs.evolve(table, periods=["2026-01-01"])
    with pytest.raises(InvalidInputError, match=r"^'records\[0\]' must be a Performance \(got 'x'\)$"):
        attrs.evolve(table, records=["x"])
    with pytest.raises(InvalidInputError, match=r"^'costs' must be a Costs \(got \[\]\)$"):
        attrs.evolve(ledger, costs=[])
    with pytest.raises(
        InvalidInputError, match=r"^'cost_dates' must have one date per item \(1\) \(got 0\)$"
    ):
        attrs.evolve(ledger, cost_dates=())
    with pytest.raises(
        InvalidInputError, match=r"^'credit_dates' must have one date per item \(1\) \(got 0\)$"
    ):
        attrs.evolve(ledger, credit_dates=())
    assert attrs.evolve(table, by=["campaign"], rows=np.int64(2)).by == ("campaign",)
    assert type(attrs.evolve(table, rows=np.int64(2)).rows) is int
    assert attrs.evolve(table, labels=[["Launch"]]).labels == (("Launch",),)
    pivot = table.pivot("spend")
    with pytest.raises(
        InvalidInputError,
        match=r"^'columns\[Launch\]' must be of shape \(1,\), as 'periods' \(got shape \(2,\)\)$",
    ):
        attrs.evolve(pivot, columns={"Launch": [1.0, 2.0]})


@pytest.mark.parametrize("name", OPTIONS)
def test_from_frame_options(name):
    def build(value: object) -> object:
        options: dict[str, Any] = {"platform": "meta", name: value}
        return PerformanceTable.from_frame(EXPORT, **options)

    check_field(build, name, accepts=OPTIONS[name])


@pytest.mark.parametrize("name", ["mapping", "currency", "decimal", "channel_map", "period"])
def test_cost_table_from_frame_options(name):
    def build(value: object) -> object:
        options: dict[str, Any] = {name: value}
        return CostTable.from_frame(LEDGER, **options)

    check_field(build, name)


def test_table_methods(table, ledger):
    check_field(lambda v: table.select(period=v), "period")
    check_field(lambda v: table.total(platform_conversions=v), "platform_conversions")
    check_field(PerformanceTable.concat, "tables")
    check_field(table.pivot, "field")
    check_field(lambda v: table.pivot(label=v), "label")
    check_field(lambda v: table.pivot(fill=v), "fill", accepts={"negative", "nan", "inf", "np_int64"})
    check_field(lambda v: ledger.between(v, dt.date(2026, 2, 1)), "start")
    check_field(lambda v: ledger.between(dt.date(2026, 1, 1), v), "end")


def test_regressions(table, ledger):
    # each raised a raw TypeError/AttributeError/ValueError, or (select) silently matched nothing
    with pytest.raises(InvalidInputError, match=r"^'by' must be .+ \(got 5\)$"):
        PerformanceTable.from_frame(EXPORT, by=5)  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'mapping' must be a mapping \(got 'Day'\)$"):
        PerformanceTable.from_frame(EXPORT, mapping="Day")  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'mapping\[Day\]' must be a string \(got 5\)$"):
        PerformanceTable.from_frame(EXPORT, mapping={"Day": 5})  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        InvalidInputError, match=r"^'currency' must be a three-letter currency code \(got 7\)$"
    ):
        PerformanceTable.from_frame(EXPORT, currency=7)  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'channel_map' must be a mapping \(got True\)$"):
        CostTable.from_frame(LEDGER, channel_map=True)  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'attribution_window' must be a string \(got 7\)$"):
        PerformanceTable.from_frame(EXPORT, attribution_window=7)  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        InvalidInputError, match=r"^'tables' must be an iterable of PerformanceTable \(got 3\)$"
    ):
        PerformanceTable.concat(3)  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        InvalidInputError, match=r"^'period' must be a datetime.date .+ \(got '2026-01-01'\)$"
    ):
        table.select(period="2026-01-01")  # pyright: ignore[reportArgumentType]
    with pytest.raises(InvalidInputError, match=r"^'start' must be a datetime.date .+ \(got '2026-01-01'\)$"):
        ledger.between("2026-01-01", dt.date(2026, 2, 1))  # pyright: ignore[reportArgumentType]
    assert [r.spend for r in table.select(period=dt.date(2026, 1, 1))] == [120.0]
    assert PerformanceTable.from_frame(EXPORT, by=["campaign"], currency="usd").labels == (("Launch",),)


def test_results_pickle_deep_copy_and_give_strict_json(table, ledger):
    skipped = PerformanceTable.from_frame(
        {**EXPORT, "Impressions": ["x", 14_000]}, platform="meta", invalid="skip"
    )
    for result in (table, ledger, table.dropped[0], skipped.skipped[0], skipped, table.pivot(fill=np.nan)):
        expected = json.dumps(result.to_dict(), allow_nan=False)
        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301
        assert copy.deepcopy(result) == result
        assert json.dumps(copy.deepcopy(result).to_dict(), allow_nan=False) == expected
