"""ROIReport.series and ReportSeries: periods, pro rata by days, reconciliation per period, export."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
import sys
import warnings

import attrs
import numpy as np
import pytest

from socialroi import CostItem, Costs, Money, Performance
from socialroi import report as report_module
from socialroi.attribution import Journeys, LastTouch, attribute
from socialroi.exceptions import CurrencyMismatchError, InconsistentDataWarning, InvalidInputError
from socialroi.report import ReportSeries, ROIReport
from socialroi.valuation import EngagementValue

D = dt.date
JAN = (D(2026, 1, 1), D(2026, 1, 31))
FEB = (D(2026, 2, 1), D(2026, 2, 28))


def eur(amount: float) -> Money:
    return Money(amount=amount, currency="EUR")


def ledger() -> Costs:
    return Costs(
        items=[
            CostItem(category="ad_spend", amount=eur(3_100), channel="meta", period=JAN),
            CostItem(category="ad_spend", amount=eur(2_800), channel="meta", period=FEB),
            # 31 days from 15 January: 17 in January, 14 in February, 20 EUR a day.
            CostItem(
                category="content",
                amount=eur(620),
                channel="meta",
                label="reels",
                period=(D(2026, 1, 15), D(2026, 2, 14)),
            ),
            CostItem.staff_time(hours=31, hourly_rate=eur(40), period=(D(2026, 1, 15), D(2026, 2, 14))),
        ]
    )


def records() -> list[Performance]:
    # 1 January 2026 is a Thursday: the week of Monday 26 January ends on Sunday 1 February.
    return [
        Performance(
            channel="meta",
            start=D(2026, 1, 1),
            end=D(2026, 1, 25),
            spend=2_500.0,
            conversions=50,
            revenue=7_000.0,
        ),
        Performance(
            channel="Meta",
            start=D(2026, 1, 26),
            end=D(2026, 2, 1),
            spend=700.0,
            conversions=14,
            revenue=2_100.0,
            reach=900,
            impressions=7_000,
            reviews=7,
            rating=4.0,
        ),
        Performance(
            channel="meta",
            start=D(2026, 2, 2),
            end=D(2026, 2, 28),
            spend=2_600.0,
            conversions=40,
            revenue=6_900.0,
        ),
    ]


def series(**options: object) -> ReportSeries:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistentDataWarning)
        return ROIReport.series(ledger(), performance=records(), **options)  # type: ignore[arg-type]


def test_costs_and_records_go_to_their_months_pro_rata_by_days():
    result = series()
    assert result.labels == ("2026-01", "2026-02")
    assert result.periods == (JAN, FEB)
    january, february = result
    assert january.period == "2026-01"
    meta = january.channel("meta")
    # 3,100 + 17 x 20 of the reels; the staff time (shared) 17 x 40.
    assert meta.ad_spend == 3_100.0
    assert meta.investment == pytest.approx(3_440.0)
    assert january.channel("(shared)").investment == pytest.approx(680.0)
    assert january.total.investment == pytest.approx(4_120.0)
    assert february.total.investment == pytest.approx(2_800 + 280 + 560)
    # Records: 2,500 + 6/7 of the week in January, 1/7 of it + 2,600 in February.
    assert meta.revenue == pytest.approx(7_000 + 1_800)
    assert meta.conversions == pytest.approx(62.0)
    assert february.channel("meta").revenue == pytest.approx(300 + 6_900)
    assert result.kpi("meta", "roas") == pytest.approx([8_800 / 3_100, 7_200 / 2_800])
    assert result.kpi("total", "investment") == pytest.approx([4_120.0, 3_640.0])
    # The spread costs' hours follow their share; their period is cut to the month.
    items = ledger().items
    shares = report_module._shares([i.period for i in items], [JAN, FEB])
    january_items = report_module._cost_parts(items, shares[:, 0], JAN)
    assert january_items[0] is items[0]
    assert january_items[-1].hours == pytest.approx(17.0)
    assert january_items[-1].amount.amount == pytest.approx(680.0)
    assert january_items[-1].period == (D(2026, 1, 15), D(2026, 1, 31))
    assert [i.period for i in report_module._cost_parts(items, shares[:, 1], FEB)][1:] == [
        (D(2026, 2, 1), D(2026, 2, 14))
    ] * 2


def test_every_report_that_relies_on_the_rule_says_so():
    january, february = series()
    cost_note = next(n for n in january.notes if "pro rata" in n and "cost" in n)
    assert (
        cost_note
        == "2 costs cover more than this month and count pro rata by days: 1,020.00 of 1,860.00 EUR (reels, staff time)."
    )
    record_note = next(n for n in february.notes if "spans" in n)
    assert record_note.startswith("1 performance record of Meta spans more than this month: their counts")
    assert "reach, followers, engaged users and lifts" in record_note
    single = ROIReport.series(
        Costs(
            items=[
                CostItem(category="tools", amount=eur(10), label="", period=(D(2026, 1, 31), D(2026, 2, 1)))
            ]
        )
    )
    assert (
        single[0].notes[-1]
        == "1 cost covers more than this month and counts pro rata by days: 5.00 of 10.00 EUR (tools)."
    )
    quiet = ROIReport.series(Costs(items=[CostItem(category="tools", amount=eur(10), period=JAN)]))
    assert not any("pro rata" in n for n in quiet[0].notes)


def test_a_split_record_keeps_what_adds_and_leaves_out_what_does_not():
    result = series()
    assert result[0].channel("meta").conversions == pytest.approx(50 + 12)
    week = records()[1]
    shares = report_module._shares([(week.start, week.end)], [JAN, FEB])
    assert shares.tolist() == [[6 / 7, 1 / 7]]
    (february,) = report_module._record_parts([week], shares[:, 1], FEB)
    assert (february.start, february.end) == (D(2026, 2, 1), D(2026, 2, 1))
    assert (february.spend, february.impressions, february.reviews) == pytest.approx((100.0, 1_000.0, 1.0))
    # Reach does not add over days: left out; the rating (an average) stays with the reviews.
    assert (february.reach, february.rating, february.channel) == (None, 4.0, "Meta")
    assert report_module._record_parts([week], np.array([0.0]), JAN) == []


def test_reconciliation_per_channel_and_period():
    with pytest.warns(InconsistentDataWarning) as caught:
        ROIReport.series(ledger(), performance=records())
    messages = [str(w.message) for w in caught]
    # January: 2,500 + 600 = 3,100 booked; February: 100 + 2,600 against 2,800.
    assert messages == [
        (
            "ad spend of 'meta' in 2026-02 disagrees: the ledger has 2,800.00 EUR, the performance records "
            "2,700.00 EUR (difference -100.00 EUR)"
        )
    ]
    assert caught[0].filename == __file__


def test_shared_ad_spend_is_reconciled_in_total_per_period():
    costs = Costs(items=[CostItem(category="ad_spend", amount=eur(100), period=JAN)])
    spent = [Performance(channel="tiktok", start=D(2026, 1, 5), end=D(2026, 1, 11), spend=90.0)]
    with pytest.warns(
        InconsistentDataWarning,
        match=r"^ad spend of all channels in 2026-01 disagrees: the ledger has 100\.00 EUR",
    ):
        ROIReport.series(costs, performance=spent)


def test_weeks_are_iso_weeks_monday_to_sunday():
    costs = Costs(
        items=[CostItem(category="tools", amount=eur(14), period=(D(2025, 12, 31), D(2026, 1, 13)))]
    )
    result = ROIReport.series(costs, freq="week")
    assert result.labels == ("2026-W01", "2026-W02", "2026-W03")
    assert result.periods[0] == (D(2025, 12, 29), D(2026, 1, 4))
    assert result.kpi("(shared)", "investment").tolist() == [5.0, 7.0, 2.0]
    assert result.freq == "week"
    assert "weekly, 2026-W01 to 2026-W03" in repr(result)


def test_a_period_without_data_is_a_report_of_zeros():
    costs = Costs(
        items=[
            CostItem(category="ad_spend", amount=eur(10), channel="x", period=p)
            for p in (JAN, (D(2026, 3, 2), D(2026, 3, 2)))
        ]
    )
    result = ROIReport.series(costs)
    assert result.labels == ("2026-01", "2026-02", "2026-03")
    assert result["2026-02"].total.investment == 0.0
    assert result["2026-02"].channels == ()
    assert np.isnan(result.kpi("x", "ad_spend")[1])
    assert result.kpi("x", "ad_spend")[[0, 2]].tolist() == [10.0, 10.0]
    assert result.channels == ("x",)
    assert result.periods[-1] == (D(2026, 3, 1), D(2026, 3, 31))
    december = ROIReport.series(
        Costs(items=[CostItem(category="tools", amount=eur(1), period=(D(2025, 12, 31), D(2025, 12, 31)))])
    )
    assert december.periods == ((D(2025, 12, 1), D(2025, 12, 31)),)


def test_revenue_attribution_and_engagement_per_period():
    costs = Costs(
        items=[CostItem(category="ad_spend", amount=eur(100), channel="meta", period=p) for p in (JAN, FEB)]
    )
    credited = attribute(
        Journeys.from_paths(["meta"], conversions=[4], values=[500.0], nulls=[0]), LastTouch()
    )
    valued = EngagementValue(value=50.0, interval=(10.0, 90.0), level=0.9, currency="EUR", customers=2.0)
    result = ROIReport.series(
        costs,
        revenue={D(2026, 1, 20): 300.0},
        attribution={"2026-02": credited},
        engagement={"2026-01": {"meta": valued}},
        margin=0.5,
        customer_value=eur(80),
    )
    january, february = result
    assert (january.total.revenue, january.revenue_source) == (300.0, "given")
    assert january.channel("meta").engagement_value == 50.0
    assert (february.channel("meta").revenue, february.channel("meta").conversions) == (500.0, 4.0)
    assert february.margin == 0.5
    assert february.channel("meta").customer_value == 80.0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"revenue": {"meta": 5}},
            r"^'revenue key' must name a period of the series: '2026-01', '2026-02' \(got 'meta'\)$",
        ),
        (
            {"revenue": {D(2026, 3, 1): 5}},
            r"^'revenue key' must be a day within the series, 2026-01-01 to 2026-02-28 \(got 2026-03-01\)$",
        ),
        (
            {"attribution": {1: 5}},
            r"^'attribution key' must be a datetime.date \(not a datetime or a string\) \(got 1\)$",
        ),
        (
            {"revenue": {"2026-01": 5, D(2026, 1, 9): 6}},
            r"^'revenue' must give each period once \(got 2026-01 twice, the last as datetime.date\(2026, 1, 9\)\)$",
        ),
        (
            {"engagement": [1]},
            r"^'engagement' must be a mapping of period \(its label, such as '2026-01', or a day in it\) to a value \(got \[1\]\)$",
        ),
    ],
)
def test_per_period_errors(options, message):
    with pytest.raises(InvalidInputError, match=message):
        series(**options)


def test_undated_costs_and_records_are_refused_by_name():
    undated = Costs(items=[*ledger().items, CostItem(category="tools", amount=eur(9), label="scheduler")])
    with pytest.raises(
        InvalidInputError,
        match=r"^'costs' must give every item a period for a series \(got item 4 \('scheduler', tools, shared\) without one\): set CostItem\(period=",
    ):
        ROIReport.series(undated)
    unlabelled = Costs(items=[CostItem(category="ad_spend", amount=eur(9), channel="meta")])
    with pytest.raises(InvalidInputError, match=r"\(got item 0 \(ad_spend, meta\) without one\)"):
        ROIReport.series(unlabelled)
    with pytest.raises(
        InvalidInputError,
        match=r"^'performance' must be Performance records with a start and an end for a series \(got Performance\(.*\) at index 0\)$",
    ):
        ROIReport.series(ledger(), performance=[Performance(channel="meta", spend=1.0)])
    with pytest.raises(
        InvalidInputError,
        match=r"^'performance' must be a Performance record or several, each with a start and an end \(got \{\}\)$",
    ):
        ROIReport.series(ledger(), performance={})  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError,
        match=r"^a series needs dated costs or performance records, or 'between' \(got none of them\)$",
    ):
        ROIReport.series(Costs(currency="EUR"))
    with pytest.raises(InvalidInputError, match=r"'performance' must be Performance records with a channel"):
        ROIReport.series(ledger(), performance=Performance(start=D(2026, 1, 1), end=D(2026, 1, 2), spend=1.0))


def test_records_alone_make_a_series():
    only = ROIReport.series(
        Costs(currency="EUR"),
        performance=Performance(channel="x", start=D(2026, 1, 1), end=D(2026, 1, 2), spend=0.0, revenue=5.0),
    )
    assert only.labels == ("2026-01",)
    assert only[0].revenue_source == "performance"


def test_access_by_position_label_and_day():
    result = series()
    assert result[1] is result["2026-02"] is result[D(2026, 2, 14)] is result[-1]
    assert len(result) == 2
    for key, message in [
        (2, r"^'key' must be a position from -2 to 1 \(got 2\)$"),
        (-3, r"^'key' must be a position from -2 to 1 \(got -3\)$"),
        ("2026-3", r"^'key' must name a period of the series"),
        (True, r"^'key' must be a datetime.date"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            result[key]  # type: ignore[index]


def test_kpi_errors():
    result = series()
    with pytest.raises(
        InvalidInputError,
        match=r"^'name' must be 'investment', 'ad_spend', .* or 'ltv_to_cac' \(got 'ctr'\)$",
    ):
        result.kpi("meta", "ctr")
    with pytest.raises(
        InvalidInputError,
        match=r"^'channel' must be one of 'meta', '\(shared\)', 'total' \(got 'Meta'\); did you mean 'meta'\? \(channel names differ only in case or spaces\)$",
    ):
        result.kpi("Meta", "roas")


def test_display_json_and_pickle():
    result = series()
    text = repr(result)
    lines = text.splitlines()
    assert lines[0] == "ROI series (EUR, monthly, 2026-01 to 2026-02): total"
    assert lines[1].split() == [
        "period",
        "investment",
        "ad",
        "spend",
        "revenue",
        "ROAS",
        "ROI",
        "conversions",
        "CPA",
    ]
    assert lines[3].split()[:2] == ["2026-01", "4,120.00"]
    assert any(line.startswith("- 2026-01, 2026-02: Shared costs") for line in lines)
    html_text = result._repr_html_()
    assert (
        html_text.startswith('<div><div style="overflow-x:auto"><table')
        and "ROI series" in html_text
        and "<p>2026-01: " in html_text
    )
    table = result.table("roas").splitlines()
    assert table[0].split() == ["period", "meta", "total"]
    assert table[2].split() == ["2026-01", "2.84", "2.84"]
    assert result.table("investment").splitlines()[0].split() == ["period", "meta", "(shared)", "total"]
    assert series(revenue={"2026-01": 0.0}).table().splitlines()[0].split()[-1] == "CPA"
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["periods"][1] == {"label": "2026-02", "first": "2026-02-01", "last": "2026-02-28"}
    assert data["reports"][0]["period"] == "2026-01"
    assert (data["currency"], data["freq"]) == ("EUR", "month")
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own bytes
    assert copy.deepcopy(result) == result


def test_undefined_values_are_none_in_json():
    costs = Costs(items=[CostItem(category="ad_spend", amount=eur(10), channel="x", period=JAN)])
    result = ROIReport.series(
        costs,
        revenue={"2026-01": {"x": 5.0}},
        performance=[
            Performance(channel="x", start=D(2026, 1, 1), end=D(2026, 1, 31), spend=10.0, conversions=0)
        ],
    )
    assert math.isnan(result.kpi("x", "cpa")[0])
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["reports"][0]["channels"][0]["cpa"] is None
    rows = result.to_rows()
    assert next(r for r in rows if r["channel"] == "x" and r["metric"] == "cpa")["value"] is None
    json.dumps(rows, allow_nan=False)


def test_a_series_checks_its_parts():
    result = series()
    with pytest.raises(
        InvalidInputError, match=r"^'reports' must hold one report per period \(2\) \(got 1\)$"
    ):
        attrs.evolve(result, reports=result.reports[:1])
    with pytest.raises(InvalidInputError, match=r"^'periods' must be in order without overlaps"):
        attrs.evolve(result, periods=(JAN, JAN))
    with pytest.raises(
        CurrencyMismatchError, match=r"^'currency' must be the currency of every report, EUR \(got 'USD'\)$"
    ):
        attrs.evolve(result, currency="USD")
    with pytest.raises(
        InvalidInputError,
        match=r"^'periods\[0\]' must be a pair \(first day, last day\) with periods\[0\]\[0\] <= periods\[0\]\[1\]",
    ):
        attrs.evolve(result, periods=((JAN[1], JAN[0]), FEB))
    empty = ReportSeries(currency="EUR", freq="month", periods=(), reports=())
    assert repr(empty).splitlines()[0] == "ROI series (EUR, monthly, no periods): total"


# --- tidy rows ------------------------------------------------------------------------------------------


def test_report_rows_are_one_per_row_and_metric():
    report = series()[0]
    rows = report.to_rows()
    kinds = {(r["channel"], r["kind"]) for r in rows}
    assert kinds == {("meta", "channel"), ("(shared)", "shared"), ("total", "total")}
    meta = {r["metric"]: r for r in rows if r["channel"] == "meta"}
    assert meta["ad_spend"] == {
        "period": "2026-01",
        "channel": "meta",
        "kind": "channel",
        "metric": "ad_spend",
        "value": 3_100.0,
        "unit": "EUR",
    }
    assert meta["roas"]["unit"] == "ratio"
    assert meta["conversions"]["unit"] == "count"
    assert meta["cost_content"]["value"] == pytest.approx(340.0)
    assert meta["cpa"]["unit"] == "EUR"
    assert meta["engagement_value"]["value"] is None
    unpaid = ROIReport.build(
        Costs(items=[CostItem(category="ad_spend", amount=eur(5), channel="a")]),
        revenue={"a": 10, "email": 3},
    )
    assert {r["kind"] for r in unpaid.to_rows()} == {"channel", "unpaid", "total"}


def test_series_rows_carry_the_period_days():
    rows = series().to_rows()
    assert len(rows) == sum(len(r.to_rows()) for r in series())
    last = rows[-1]
    assert (last["period"], last["first"], last["last"], last["channel"]) == (
        "2026-02",
        "2026-02-01",
        "2026-02-28",
        "total",
    )
    assert list(rows[0]) == ["period", "first", "last", "channel", "kind", "metric", "value", "unit"]


def test_frames_need_pandas(monkeypatch):
    result = series()
    frame = result.to_frame()
    assert frame.columns.tolist() == ["period", "first", "last", "channel", "kind", "metric", "value", "unit"]
    roas = frame[frame.metric == "roas"].pivot(index="period", columns="channel", values="value")
    assert roas.loc["2026-02", "meta"] == pytest.approx(7_200 / 2_800)
    assert result[0].to_frame().shape == (len(result[0].to_rows()), 6)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(
        ImportError, match=r"^to_frame\(\) needs pandas; install it with: pip install pandas$"
    ):
        result.to_frame()


def test_between_fixes_the_range_and_leaves_out_what_lies_outside():
    # Only February: January's costs and records are left out, the reels count with their 14 days.
    result = series(between=[D(2026, 2, 10), D(2026, 2, 20)])
    assert result.labels == ("2026-02",)
    assert result[0].total.investment == pytest.approx(2_800 + 280 + 560)
    assert result[0].channel("meta").revenue == pytest.approx(300 + 6_900)
    # A range beyond the data: months of zeros.
    empty = ROIReport.series(Costs(currency="EUR"), between=(D(2026, 1, 5), D(2026, 2, 5)))
    assert empty.labels == ("2026-01", "2026-02")
    assert empty.kpi("total", "investment").tolist() == [0.0, 0.0]
    for value, message in [
        (
            (D(2026, 2, 1), D(2026, 1, 1)),
            r"^'between' must be a pair \(first day, last day\) with between\[0\] <= between\[1\]",
        ),
        ("2026-01", r"^'between' must be a pair \(a tuple of two\) \(got '2026-01'\)$"),
        ((D(2026, 1, 1), "2026-01-31"), r"^'between\[1\]' must be a datetime.date"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            ROIReport.series(ledger(), between=value)  # type: ignore[arg-type]


def test_notes_name_a_few_and_count_the_rest():
    many = Costs(
        items=[
            CostItem(
                category="tools", amount=eur(2), label=f"tool {i}", period=(D(2026, 1, 31), D(2026, 2, 1))
            )
            for i in range(7)
        ]
    )
    note = ROIReport.series(many)[0].notes[-1]
    assert note.endswith(
        "pro rata by days: 7.00 of 14.00 EUR (tool 0, tool 1, tool 2, tool 3, tool 4 and 2 more)."
    )


def test_numpy_positions_index_a_series():
    result = series()
    assert result[np.int64(1)] is result[1]
    with pytest.raises(InvalidInputError, match=r"^'key' must be a datetime.date"):
        result[np.True_]  # type: ignore[index]


def test_warnings_point_at_the_callers_line_after_a_failed_series_too():
    with pytest.raises(InvalidInputError, match=r"^'margin' must be"):
        ROIReport.series(ledger(), performance=records(), margin=2.0)
    costs = Costs(items=[CostItem(category="ad_spend", amount=eur(10), channel="x")])
    with pytest.warns(InconsistentDataWarning, match=r"^ad spend of 'x' disagrees") as caught:
        ROIReport.build(costs, performance=[Performance(channel="x", spend=5.0)])
    assert caught[0].filename == __file__
