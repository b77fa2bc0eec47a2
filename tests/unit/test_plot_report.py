"""Unit tests of the report-series trend plot of socialroi.plot: what was drawn, and every error."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from socialroi import CostItem, Costs, Money, Performance, plot  # noqa: E402
from socialroi.exceptions import InvalidInputError  # noqa: E402
from socialroi.report import ReportSeries, ROIReport  # noqa: E402
from tests.plotting import render  # noqa: E402

MONTHS = [(dt.date(2026, m, 1), dt.date(2026, m, 28)) for m in (1, 2, 3)]


def eur(amount: float) -> Money:
    return Money(amount=amount, currency="EUR")


@pytest.fixture(scope="module")
def series() -> ReportSeries:
    costs = Costs(
        items=[
            *(CostItem(category="ad_spend", amount=eur(100), channel="meta", period=p) for p in MONTHS),
            *(CostItem(category="ad_spend", amount=eur(50), channel="tiktok", period=p) for p in MONTHS[:2]),
        ]
    )
    records = [
        Performance(channel=ch, start=p[0], end=p[1], spend=spend, conversions=conversions, revenue=revenue)
        for ch, spend, conversions, revenue, months in (
            ("meta", 100.0, 10, 250.0, MONTHS),
            ("tiktok", 50.0, 0, 40.0, MONTHS[:2]),
        )
        for p in months
    ]
    return ROIReport.series(costs, performance=records)


def test_roas_by_month_per_channel_and_total(series, ax):
    result = plot.trend(series, ax=ax)
    render(result)
    assert result is ax
    meta, tiktok, total = result.get_lines()
    assert [line.get_label() for line in (meta, tiktok, total)] == ["meta", "tiktok", "total"]
    assert meta.get_ydata().tolist() == [2.5, 2.5, 2.5]
    # No tiktok in March: a gap, not a zero.
    assert tiktok.get_ydata()[:2].tolist() == [0.8, 0.8] and np.isnan(tiktok.get_ydata()[2])
    assert total.get_ydata().tolist() == pytest.approx([290 / 150, 290 / 150, 2.5])
    assert total.get_linestyle() == "--"
    assert [t.get_text() for t in result.get_xticklabels()] == ["2026-01", "2026-02", "2026-03"]
    assert (result.get_title(), result.get_ylabel(), result.get_xlabel()) == (
        "ROAS by month",
        "ROAS",
        "month",
    )


def test_cpa_in_the_currency_and_roi_in_percent(series, ax):
    result = plot.trend(series, "cpa", channels="tiktok", total=False, ax=ax)
    (tiktok,) = result.get_lines()
    assert np.isnan(tiktok.get_ydata()).all()  # 50 EUR for 0 conversions: undefined, and no March
    assert result.get_ylabel() == "CPA (EUR)"
    roi = plot.trend(series, "roi", channels=["meta"], ax=Figure().subplots())
    assert roi.get_lines()[0].get_ydata().tolist() == [150.0, 150.0, 150.0]
    assert roi.get_ylabel() == "ROI (%)"


def test_weeks_and_a_new_figure():
    day = dt.date(2026, 3, 9)
    weekly = ROIReport.series(
        Costs(items=[CostItem(category="tools", amount=eur(7), period=(day, day))]), freq="week"
    )
    result = plot.trend(weekly, "investment")
    try:
        assert result.get_xlabel() == "ISO week"
        assert result.get_title() == "investment by week"
        assert [line.get_label() for line in result.get_lines()] == ["total"]
    finally:
        plt.close(result.figure)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda s: plot.trend(s.reports[0]),
            r"^'series' must be a ReportSeries, from ROIReport.series \(got ROIReport\)$",
        ),
        (lambda s: plot.trend(s, "ctr"), r"^'kpi' must be 'investment', .* \(got 'ctr'\)"),
        (lambda s: plot.trend(s, "ROAS"), r"\(got 'ROAS'\); did you mean 'roas'\?"),
        (lambda s: plot.trend(s, total=1), r"^'total' must be True or False \(got 1\)$"),
        (
            lambda s: plot.trend(s, channels=[], total=False),
            r"^the trend plot needs a channel or the total to draw",
        ),
        (
            lambda s: plot.trend(s, channels=["Meta"]),
            r"^'channel' must be one of 'meta', 'tiktok', .*did you mean 'meta'\?",
        ),
    ],
)
def test_errors(series, call, message):
    with pytest.raises(InvalidInputError, match=message):
        call(series)
