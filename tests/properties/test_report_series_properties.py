"""Invariants of ROIReport.series: pro rata by days neither loses nor invents a cost or a count."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialroi import CostItem, Costs, Money, Performance
from socialroi.exceptions import InconsistentDataWarning
from socialroi.report import ROIReport

START = dt.date(2025, 11, 1)
days = st.integers(min_value=0, max_value=200).map(lambda n: START + dt.timedelta(days=n))
spans = st.tuples(days, days).map(lambda pair: (min(pair), max(pair)))
amounts = st.integers(min_value=0, max_value=10**6).map(float)


@st.composite
def ledgers(draw: st.DrawFn) -> Costs:
    items = [
        CostItem(
            category=draw(st.sampled_from(["ad_spend", "content", "tools"])),
            amount=Money(amount=draw(amounts), currency="EUR"),
            channel=draw(st.sampled_from([None, "meta", "tiktok"])),
            period=draw(spans),
        )
        for _ in range(draw(st.integers(min_value=1, max_value=6)))
    ]
    return Costs(items=items)


@st.composite
def records(draw: st.DrawFn) -> list[Performance]:
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        first, last = draw(spans)
        result.append(
            Performance(
                channel=draw(st.sampled_from(["meta", "tiktok"])),
                start=first,
                end=last,
                spend=draw(amounts),
                conversions=draw(amounts),
            )
        )
    return result


@given(ledgers(), records(), st.sampled_from(["month", "week"]))
def test_the_periods_add_up_to_the_whole(costs, performance, freq):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistentDataWarning)
        series = ROIReport.series(costs, performance=performance, freq=freq)
    assert series.kpi("total", "investment").sum() == pytest.approx(costs.total().amount, abs=1e-6)
    assert series.kpi("total", "ad_spend").sum() == pytest.approx(costs.ad_spend().amount, abs=1e-6)
    for channel in ("meta", "tiktok"):
        booked = costs.filter(channel=channel).total().amount
        if channel in series.channels:
            investment = series.kpi(channel, "investment")
            assert investment[investment == investment].sum() == pytest.approx(booked, abs=1e-6)
        conversions = sum(r.conversions for r in performance if r.channel == channel)
        if conversions:
            counted = series.kpi(channel, "conversions")
            assert counted[counted == counted].sum() == pytest.approx(conversions, rel=1e-9)
    # The periods are whole, in order and without gaps.
    for (_, last), (first, _) in zip(series.periods, series.periods[1:], strict=False):
        assert first == last + dt.timedelta(days=1)
