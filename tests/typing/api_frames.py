"""Pins the public signatures of socialroi.frames. Never executed."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

from socialroi import Money, Performance
from socialroi.frames import SCHEMAS, Alias, CostTable, Dropped, PerformanceTable, Schema


def tables(frame: Any) -> None:
    table = PerformanceTable.from_frame(
        frame,
        platform="meta",
        by=("campaign", "channel"),
        period="week",
        mapping={"Amount spent (USD)": "spend", "Notes": None},
        currency="USD",
        decimal=",",
        channel_map={"Spring": "instagram"},
        attribution_window="7-day click, 1-day view",
        platform_conversions="drop",
        unknown="ignore",
    )
    assert_type(table, PerformanceTable)
    assert_type(PerformanceTable.from_frame(frame), PerformanceTable)
    assert_type(table[0], Performance)
    assert_type(table[1:], tuple[Performance, ...])
    assert_type(list(table), list[Performance])
    assert_type(table.records, tuple[Performance, ...])
    assert_type(table.labels, tuple[tuple[str, ...], ...])
    assert_type(table.periods, tuple[dt.date, ...])
    assert_type(table.period_starts, tuple[dt.date, ...])
    assert_type(table.platforms, tuple[str | None, ...])
    assert_type(table.windows, tuple[str | None, ...])
    assert_type(table.dropped, tuple[Dropped, ...])
    assert_type(table.select(period=dt.date(2026, 1, 1), campaign="Spring"), PerformanceTable)
    assert_type(table.total(platform_conversions="sum"), Performance)
    assert_type(PerformanceTable.concat([table, table]), PerformanceTable)
    assert_type(table.to_dict(), dict[str, Any])
    assert_type(table[0].link_ctr, float)
    assert_type(table[0].link_cpc, float)


def ledgers(frame: Any) -> None:
    ledger = CostTable.from_frame(
        frame, mapping={"Kind": "category"}, currency="EUR", decimal=".", channel_map={"fb": "meta"}
    )
    assert_type(ledger, CostTable)
    assert_type(ledger.total(), Money)
    assert_type(ledger.credited(), Money)
    assert_type(ledger.net(), Money)
    assert_type(ledger.between(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), CostTable)
    assert_type(ledger.cost_dates, tuple[dt.date | None, ...])
    january = CostTable.from_frame(frame, period=(dt.date(2026, 1, 1), dt.date(2026, 1, 31)))
    assert_type(january.costs.items[0].period, tuple[dt.date, dt.date] | None)
    assert_type(ledger.to_dict(), dict[str, Any])


def schemas() -> None:
    schema = SCHEMAS["tiktok"]
    assert_type(schema, Schema)
    assert_type(schema.meaning("Cost"), Alias | None)
    assert_type(schema.attributed, bool)
