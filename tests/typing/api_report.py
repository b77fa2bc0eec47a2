"""Pins the public signatures of socialroi.report. Never executed."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import pandas as pd

import socialroi
from socialroi import Costs, Money
from socialroi._arrays import FloatArray
from socialroi.attribution import Attribution
from socialroi.report import ChannelROI, Highlight, ReportSeries, ROIComparison, ROIReport
from socialroi.valuation import EngagementValue


def report(costs: Costs, attribution: Attribution, engagement: EngagementValue) -> None:
    built = ROIReport.build(
        costs,
        revenue={"facebook": Money(amount=1.0, currency="USD"), "tiktok": 2.0},
        attribution=attribution,
        engagement={"facebook": engagement},
        period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        margin=0.4,
        customer_value=300.0,
    )
    assert_type(built, ROIReport)
    assert_type(ROIReport.build(costs, revenue=5.0, engagement=engagement), ROIReport)
    assert_type(built.total, ChannelROI)
    assert_type(built.channels, tuple[ChannelROI, ...])
    assert_type(built.ranked(), tuple[ChannelROI, ...])
    assert_type(built.channel("facebook").roas, float | None)
    assert_type(built.to_dict(), dict[str, Any])
    assert_type(built.compare(built), ROIComparison)
    assert_type(built.compare(built).change("total", "roi"), float | None)
    assert_type(built.compare(built).highlights(n=5), tuple[Highlight, ...])
    assert_type(built.compare(built).highlights()[0].change, float | None)
    assert_type(socialroi.ROIReport.build(costs), ROIReport)


def series(costs: Costs, attribution: Attribution, engagement: EngagementValue) -> None:
    monthly = ROIReport.series(
        costs,
        freq="week",
        revenue={"2026-01": {"facebook": 1.0}, dt.date(2026, 2, 1): Money(amount=1.0, currency="USD")},
        attribution={"2026-01": attribution},
        engagement={"2026-01": engagement, "2026-02": {"facebook": engagement}},
        margin=0.4,
        customer_value=300.0,
    )
    assert_type(monthly, ReportSeries)
    assert_type(monthly["2026-01"], ROIReport)
    assert_type(monthly[0], ROIReport)
    assert_type(monthly[dt.date(2026, 1, 5)], ROIReport)
    assert_type(monthly.periods, tuple[tuple[dt.date, dt.date], ...])
    assert_type(monthly.labels, tuple[str, ...])
    assert_type(monthly.kpi("facebook", "roas"), FloatArray)
    assert_type(monthly.table("cpa"), str)
    assert_type(monthly.to_dict(), dict[str, Any])
    assert_type(monthly.to_rows(), list[dict[str, Any]])
    assert_type(monthly.to_frame(), pd.DataFrame)
    assert_type(monthly.reports[0].to_rows(), list[dict[str, Any]])
    assert_type(monthly.reports[0].to_frame(), pd.DataFrame)
    assert_type(list(monthly), list[ROIReport])


def series_inputs(costs: Costs, by_label: dict[str, float], by_day: dict[dt.date, dict[str, float]]) -> None:
    assert_type(ROIReport.series(costs, revenue=by_label), ReportSeries)
    assert_type(ROIReport.series(costs, revenue=by_day), ReportSeries)
