"""Invariants of ROIReport over generated ledgers and revenues."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

import socialroi
from socialroi import CostCategory, CostItem, Costs, Money
from socialroi.report import ROIReport

# Channel names include markup and quotes: the HTML must show them as text.
channels = st.sampled_from(["facebook", "tiktok", "<b>x</b>", "a&b", 'say "hi"', "email"])
cents = st.integers(min_value=0, max_value=10**8).map(lambda c: c / 100)


@st.composite
def ledgers(draw: st.DrawFn) -> Costs:
    rows = draw(
        st.lists(st.tuples(st.sampled_from(list(CostCategory)), cents, st.none() | channels), max_size=12)
    )
    items = [CostItem(category=c, amount=Money(amount=a, currency="USD"), channel=ch) for c, a, ch in rows]
    return Costs(items=items, currency="USD")


revenues = st.dictionaries(channels, st.integers(-(10**6), 10**8).map(lambda c: c / 100), max_size=6)


@given(ledgers(), revenues)
def test_totals_are_sums_of_rows_where_additive(costs, revenue):
    report = ROIReport.build(costs, revenue=revenue)
    rows = [*report.channels, *([report.shared] if report.shared else [])]
    assert math.isclose(sum(r.investment for r in rows), report.total.investment, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(sum(r.ad_spend for r in rows), report.total.ad_spend, rel_tol=1e-9, abs_tol=1e-6)
    known = [r.revenue for r in report.channels if r.revenue is not None]
    if known:
        assert math.isclose(sum(known), report.total.revenue, rel_tol=1e-9, abs_tol=1e-6)
    # Channels without any cost (unpaid) are shown apart, out of the total.
    shown = {r.channel for r in (*report.channels, *report.unpaid)}
    assert shown >= set(revenue) | {i.channel for i in costs if i.channel}
    assert all(r.investment == 0 for r in report.unpaid)


@given(ledgers(), revenues, st.floats(min_value=0.0, max_value=1.0))
def test_roi_and_roas_agree_with_the_metrics(costs, revenue, margin):
    report = ROIReport.build(costs, revenue=revenue, margin=margin)
    for row in (*report.channels, report.total):
        if row.revenue is None:
            assert row.roas is None and row.roi is None
            continue
        # A ratio over a cost that is zero is not applicable: None, never NaN.
        if row.ad_spend == 0:
            assert row.roas is None
        else:
            assert row.roas == socialroi.roas(row.revenue, row.ad_spend)
        if row.investment == 0:
            assert row.roi is None
        else:
            assert row.roi == socialroi.roi(row.revenue, row.investment, margin=margin)


@given(ledgers(), revenues)
def test_to_dict_is_json_serializable(costs, revenue):
    report = ROIReport.build(costs, revenue=revenue, period="Q1")
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert data["ranking"] == [row.channel for row in report.ranked()]
    json.dumps(report.compare(report).to_dict(), allow_nan=False)


class _WellFormed(HTMLParser):
    void = frozenset({"br"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.void:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


@given(ledgers(), revenues)
def test_html_is_well_formed_and_escapes_every_string(costs, revenue):
    report = ROIReport.build(costs, revenue=revenue)
    parser = _WellFormed()
    parser.feed(report._repr_html_())
    parser.close()
    assert parser.open == []
    shown = "".join(parser.text)
    for row in report.channels:
        assert row.channel in shown
    assert "<b>x</b>" not in report._repr_html_()
