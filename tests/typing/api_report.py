"""Pins the public signatures of socialroi.report. Never executed."""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_type

import socialroi
from socialroi import Costs, Money
from socialroi.attribution import Attribution
from socialroi.report import ChannelROI, Highlight, ROIComparison, ROIReport
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
