"""ROIReport: hand-checked arithmetic, every input route, errors and display."""

from __future__ import annotations

import datetime as dt
import json
import math
from html.parser import HTMLParser

import attrs
import numpy as np
import pytest

import socialroi
from socialroi import CostCategory, CostItem, Costs, Money, Performance
from socialroi import report as report_module
from socialroi.attribution import Attribution, Journeys, LastTouch, attribute
from socialroi.exceptions import CurrencyMismatchError, InconsistentDataWarning, InvalidInputError
from socialroi.funnel import Funnel, Target
from socialroi.report import ChannelROI, ROIReport
from socialroi.valuation import engagement_value, value_per_action


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


def ledger() -> Costs:
    return Costs(
        items=[
            CostItem(category="ad_spend", amount=usd(1_000), channel="facebook"),
            CostItem(category="content", amount=usd(500), channel="facebook"),
            CostItem(category="ad_spend", amount=usd(400), channel="tiktok"),
            CostItem(category="tools", amount=usd(100)),
            CostItem.staff_time(hours=4, hourly_rate=usd(50)),
        ]
    )


def test_calculator_case():
    # 1,000 visits x 10 % landing conversion x 50 % close rate x $1,500 customer value = $75,000.
    costs = Costs(items=[CostItem(category="ad_spend", amount=usd(1_700), channel="search")])
    report = ROIReport.build(costs, revenue=1_000 * 0.10 * 0.50 * 1_500)
    assert report.total.revenue == 75_000.0
    assert report.total.roi == pytest.approx((75_000 - 1_700) / 1_700)
    assert report.channel("search").revenue is None  # a total was given, not a split


def test_per_channel_arithmetic_by_hand():
    report = ROIReport.build(ledger(), revenue={"facebook": usd(4_500), "tiktok": 200.0}, margin=0.5)
    fb, tt = report.channel("facebook"), report.channel("tiktok")
    assert (fb.investment, fb.ad_spend, fb.revenue) == (1_500.0, 1_000.0, 4_500.0)
    assert fb.costs_by_category == {"ad_spend": 1_000.0, "content": 500.0}
    assert fb.roas == 4.5
    assert fb.roi == pytest.approx((4_500 * 0.5 - 1_500) / 1_500)
    assert tt.roas == 0.5
    assert tt.roi == pytest.approx((100 - 400) / 400)
    assert report.shared is not None
    assert report.shared.investment == 300.0
    assert report.shared.revenue is None
    total = report.total
    assert (total.investment, total.ad_spend, total.revenue) == (2_200.0, 1_400.0, 4_700.0)
    assert total.roas == pytest.approx(4_700 / 1_400)
    assert total.roi == pytest.approx((4_700 * 0.5 - 2_200) / 2_200)
    assert [row.channel for row in report.ranked()] == ["facebook", "tiktok"]


def test_roi_and_roas_agree_with_metrics():
    report = ROIReport.build(ledger(), revenue={"facebook": 3_000.0, "tiktok": 900.0})
    for row in report.channels:
        assert row.roas == socialroi.roas(row.revenue, row.ad_spend)
        assert row.roi == socialroi.roi(row.revenue, row.investment)


def test_channels_missing_on_either_side_are_shown():
    report = ROIReport.build(ledger(), revenue={"facebook": 3_000.0, "email": 800.0})
    assert [row.channel for row in report.channels] == ["facebook", "tiktok"]
    assert [row.channel for row in report.unpaid] == ["email"]
    email, tiktok = report.channel("email"), report.channel("tiktok")
    assert email.investment == 0.0
    assert email.roas is None  # no ad spend: not applicable, never NaN beside a CPA of 0.00
    assert email.roi is None
    assert tiktok.revenue is None
    assert tiktok.roas is None
    assert any("No revenue was given for tiktok" in note for note in report.notes)
    assert [row.channel for row in report.ranked()] == ["facebook", "tiktok"]
    assert report.total.revenue == 3_000.0  # email's 800 is unpaid: shown apart
    assert any("email cost nothing in the ledger: their 800.00 USD" in note for note in report.notes)


def journeys() -> Journeys:
    return Journeys.from_paths(
        ["facebook > tiktok", "tiktok", "facebook", "email"],
        conversions=[2, 1, 1, 0],
        nulls=[5, 3, 2, 4],
        values=[200.0, 80.0, 120.0, 0.0],
    )


def test_revenue_from_attribution():
    credited = attribute(journeys(), LastTouch())
    report = ROIReport.build(ledger(), attribution=credited)
    assert report.revenue_source == "attribution"
    assert report.channel("tiktok").revenue == 280.0
    assert report.channel("tiktok").conversions == 3.0
    assert report.channel("facebook").revenue == 120.0
    assert report.channel("email").revenue == 0.0  # credited nothing, but known
    assert report.total.revenue == 400.0
    assert report.total.conversions == 4.0
    assert report.channel("tiktok").cpa == pytest.approx(400 / 3)


def test_total_revenue_split_by_attribution():
    credited = attribute(journeys(), LastTouch())
    report = ROIReport.build(ledger(), revenue=usd(1_000), attribution=credited)
    assert report.channel("tiktok").revenue == pytest.approx(700.0)
    assert report.total.revenue == pytest.approx(1_000.0)
    no_value = Attribution(model="m", channels=("tiktok",), conversions=[2.0], value=[0.0])
    split = ROIReport.build(ledger(), revenue=50.0, attribution=no_value)
    assert split.channel("tiktok").revenue == 50.0
    with pytest.raises(InvalidInputError, match="credits nothing"):
        ROIReport.build(
            ledger(),
            revenue=50.0,
            attribution=Attribution(model="m", channels=("x",), conversions=[0.0], value=[0.0]),
        )


def test_revenue_mapping_wins_over_attribution_with_a_note():
    credited = attribute(journeys(), LastTouch())
    report = ROIReport.build(ledger(), revenue={"facebook": 10.0}, attribution=credited)
    assert report.channel("facebook").revenue == 10.0
    assert report.channel("facebook").conversions == 1.0
    assert any("attribution supplies conversions only" in note for note in report.notes)


def test_revenue_from_performance_and_customers():
    records = [
        Performance(channel="facebook", revenue=2_000.0, conversions=10, new_customers=8, currency="USD"),
        Performance(channel="facebook", revenue=1_000.0, conversions=5, new_customers=4),
        Performance(channel="tiktok", conversions=2, new_customers=0),
    ]
    report = ROIReport.build(ledger(), performance=records, customer_value=usd(300))
    fb = report.channel("facebook")
    assert report.revenue_source == "performance"
    assert (fb.revenue, fb.conversions, fb.new_customers) == (3_000.0, 15.0, 12.0)
    assert fb.cac == 125.0
    assert fb.ltv_to_cac == 2.4
    assert math.isnan(report.channel("tiktok").cac)
    assert report.total.new_customers == 12.0
    single = ROIReport.build(ledger(), performance=records[0])
    assert single.channel("facebook").revenue == 2_000.0
    keyed = ROIReport.build(ledger(), performance={"tiktok": records[2]})
    assert keyed.revenue_source == "none"
    assert keyed.total.revenue is None
    assert keyed.total.roas is None


def test_engagement_value_is_reported_apart():
    value = engagement_value(value_per_action([100, 120], [5, 6], usd(200)), 50)
    report = ROIReport.build(ledger(), revenue={"facebook": 3_000.0}, engagement={"facebook": value})
    fb = report.channel("facebook")
    assert fb.roi == pytest.approx((3_000 - 1_500) / 1_500)
    assert fb.roi_with_engagement == pytest.approx((3_000 + value.value - 1_500) / 1_500)
    assert fb.engagement_interval == value.interval
    assert report.total.engagement_value == value.value
    assert any("conservative" in note for note in report.notes)
    low, high = value.interval
    line = (
        "ROI + engagement = ROI with the engagement value added to revenue; that value is an estimate, not "
        f"cash: {value.value:,.2f} USD in total (interval {low:,.2f} to {high:,.2f} USD)."
    )
    assert line in str(report)
    assert line in report._repr_html_()
    lines = str(report).splitlines()
    assert lines.index(line) == lines.index(report._roi_line()) + 1  # which ROI, then what the + adds
    total_only = ROIReport.build(ledger(), engagement=value)
    assert total_only.total.roi_with_engagement == pytest.approx((value.value - 2_200) / 2_200)
    assert total_only.total.roi is None
    assert total_only.channel("facebook").roi_with_engagement is None


def test_funnel_and_targets():
    records = [
        Performance(
            channel="facebook",
            impressions=10_000,
            clicks=100,
            link_clicks=80,
            conversions=4,
            spend=1_000.0,
            revenue=900.0,
        ),
        Performance(
            channel="tiktok",
            impressions=5_000,
            clicks=30,
            link_clicks=20,
            conversions=1,
            spend=400.0,
            revenue=100.0,
        ),
    ]
    target = Target(
        kpi="ctr", value=0.01, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31), baseline=0.005
    )
    report = ROIReport.build(
        ledger(), performance=records, funnel=Funnel.social(), targets=[target], as_of=dt.date(2026, 2, 14)
    )
    assert report.funnel is not None
    assert report.to_dict()["funnel"] is not None
    assert "<table" in report._repr_html_()
    assert repr(report.funnel) in str(report)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"revenue": Money(amount=1, currency="EUR")},
            CurrencyMismatchError,
            r"'revenue' is in EUR but the costs are in USD",
        ),
        (
            {"revenue": {"facebook": Money(amount=1, currency="EUR")}},
            CurrencyMismatchError,
            r"'revenue\[facebook\]' is in EUR",
        ),
        (
            {"customer_value": Money(amount=1, currency="EUR")},
            CurrencyMismatchError,
            r"'customer_value' is in EUR",
        ),
        ({"revenue": math.inf}, InvalidInputError, r"'revenue' must be finite \(got inf\)"),
        ({"margin": 1.5}, InvalidInputError, r"'margin' must be between 0 and 1 \(got 1.5\)"),
        ({"targets": [object()]}, InvalidInputError, r"'targets\[0\]' must be a Target \(got <object"),
        (
            {"targets": [Target(kpi="ctr", value=0.01, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))]},
            InvalidInputError,
            r"'targets' need a 'funnel'",
        ),
        ({"funnel": Funnel.social()}, InvalidInputError, r"'funnel' needs 'performance' records"),
        ({"performance": [Performance(clicks=1)]}, InvalidInputError, r"Performance records with a channel"),
        (
            {"engagement": {"facebook": 5.0}},
            InvalidInputError,
            r"'engagement' must map channels to EngagementValue",
        ),
        (
            {"period": (dt.date(2026, 2, 1), dt.date(2026, 1, 1))},
            InvalidInputError,
            r"'period' must be a pair \(first day, last day\) with period\[0\] <= period\[1\]",
        ),
    ],
)
def test_invalid_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        ROIReport.build(ledger(), **kwargs)


def test_currency_mismatches_raise():
    mixed = ledger() + Costs(items=[CostItem(category="tools", amount=Money(amount=1, currency="EUR"))])
    with pytest.raises(CurrencyMismatchError):
        ROIReport.build(mixed)
    with pytest.raises(InvalidInputError, match="'costs' must be a Costs ledger"):
        ROIReport.build({"facebook": 1.0})  # type: ignore[arg-type]
    eur = engagement_value(value_per_action([100], [5], Money(amount=1, currency="EUR")), 1)
    with pytest.raises(CurrencyMismatchError, match="engagement of 'total' is in EUR"):
        ROIReport.build(ledger(), engagement=eur)
    with pytest.raises(CurrencyMismatchError, match="performance of 'facebook' is in EUR"):
        ROIReport.build(ledger(), performance=[Performance(channel="facebook", revenue=1.0, currency="EUR")])
    with pytest.raises(CurrencyMismatchError, match="cannot compare a USD report with a EUR one"):
        ROIReport.build(ledger()).compare(ROIReport.build(Costs(currency="EUR")))


def test_channel_lookup_errors():
    with pytest.raises(
        InvalidInputError,
        match=r"'name' must be one of 'facebook', 'tiktok', '\(shared\)', 'total' \(got 'x'\)",
    ):
        ROIReport.build(ledger()).channel("x")


def test_compare_against_a_previous_period():
    now = ROIReport.build(ledger(), revenue={"facebook": 3_000.0, "tiktok": 800.0}, period="Q2")
    before_costs = Costs(
        items=[
            CostItem(category="ad_spend", amount=usd(1_000), channel="facebook"),
            CostItem(category="ad_spend", amount=usd(10), channel="snap"),
        ]
    )
    before = ROIReport.build(before_costs, revenue={"facebook": 2_000.0}, period="Q1")
    change = now.compare(before)
    assert change.change("facebook", "revenue") == 1_000.0
    assert change.relative_change("facebook", "revenue") == 0.5
    assert "facebook  revenue     2,000.00  3,000.00  +1,000.00   +50.0 %" in repr(change)
    assert "change %" in change._repr_html_()
    assert change.change("tiktok", "revenue") is None
    assert change.relative_change("snap", "ad_spend") is None
    with pytest.raises(InvalidInputError, match="no KPI 'nope' for channel 'facebook'"):
        change.change("facebook", "nope")
    data = change.to_dict()
    json.dumps(data)
    assert data["channels"]["snap"]["ad_spend"] == {
        "previous": 10.0,
        "current": None,
        "change": None,
        "relative_change": None,
    }
    assert "Q1 → Q2" in repr(change)
    assert "<table" in change._repr_html_()


def test_to_dict_round_trips_through_json():
    report = ROIReport.build(
        ledger(), revenue={"facebook": 3_000.0}, period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert data["period"] == "2026-01-01 to 2026-03-31"
    assert data["total"]["investment"] == 2_200.0
    assert data["channels"][1]["roas"] is None  # tiktok: revenue unknown
    assert data["ranking"] == ["facebook", "tiktok"]


def test_text_table_is_readable():
    text = str(ROIReport.build(ledger(), revenue={"facebook": 3_000.0, "tiktok": 100.0}, period="March"))
    lines = text.splitlines()
    assert lines[0] == "ROI report (USD, March)"
    # the headline first: 2,200 invested, 3,100 back on 1,400 of ad spend, (3,100 - 2,200) / 2,200
    assert lines[1] == (
        "In total: 2,200.00 USD invested, 3,100.00 USD revenue; ROAS 2.21, ROI on revenue 40.9 %."
    )
    assert lines[3].split()[:4] == ["channel", "investment", "ad", "spend"]
    assert set(lines[4]) <= {"-", " "}
    assert "Channels by ROI: facebook, tiktok" in text
    assert repr(ROIReport.build(ledger())) == str(ROIReport.build(ledger()))
    unknown = ROIReport.build(ledger(), margin=0.5)
    assert str(unknown).splitlines()[1] == (
        "In total: 2,200.00 USD invested, revenue unknown; ROAS n/a, ROI on gross profit n/a."
    )
    assert "<p>In total: 2,200.00 USD invested" in unknown._repr_html_()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.tags.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_every_user_string():
    evil = "<script>alert(1)</script>"
    costs = Costs(items=[CostItem(category="ad_spend", amount=usd(10), channel=evil)])
    page = ROIReport.build(costs, revenue={evil: 20.0}, period=evil)._repr_html_()
    assert "<script>" not in page
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert parser.tags == []
    assert evil in "".join(parser.text)


def test_channel_row_on_its_own():
    row = ChannelROI(channel="x", investment=100.0, ad_spend=50.0, revenue=np.float64(150.0))
    assert row.roas == 3.0
    assert row.kpis()["cac"] is None
    assert row.to_dict()["channel"] == "x"
    assert CostCategory.AD_SPEND.value in ROIReport.build(ledger()).total.costs_by_category


def test_engagement_total_given_with_the_channels():
    one = engagement_value(value_per_action([100, 120], [5, 6], usd(200)), 50)
    both = engagement_value(value_per_action([100, 120], [5, 6], usd(200)), 80)
    report = ROIReport.build(ledger(), engagement={"facebook": one, "tiktok": one, "total": both})
    assert report.total.engagement_value == both.value
    assert report.total.engagement_interval == both.interval
    assert not any("conservative" in note for note in report.notes)
    assert [row.channel for row in report.channels] == ["facebook", "tiktok"]


def test_roi_variants_are_named():
    assert report_module.roi_definition(1.0) == ("ROI on revenue", "(revenue - investment) / investment")
    assert report_module.roi_definition(0.4, "cost") == (
        "ROI on gross profit",
        "(0.4 · revenue - cost) / cost",
    )
    with pytest.raises(InvalidInputError, match="'margin'"):
        report_module.roi_definition(1.5)
    on_revenue = ROIReport.build(ledger(), revenue={"facebook": 3_000.0})
    on_profit = ROIReport.build(ledger(), revenue={"facebook": 3_000.0}, margin=0.4)
    assert on_revenue.roi_definition[0] == "ROI on revenue"
    assert on_profit.channel("facebook").roi_name == "ROI on gross profit"
    assert on_profit.channel("facebook").roi == pytest.approx((0.4 * 3_000 - 1_500) / 1_500)
    data = on_profit.to_dict()
    assert data["roi"] == {
        "name": "ROI on gross profit",
        "formula": "(0.4 · revenue - investment) / investment",
        "margin": 0.4,
    }
    assert data["channels"][0]["roi_name"] == "ROI on gross profit"
    assert "ROI: ROI on gross profit = (0.4 · revenue - investment) / investment" in str(on_profit)
    assert "ROI: ROI on gross profit" in on_profit._repr_html_()
    assert "funnel" not in str(on_profit)
    # ROI shows as a percentage: (3,000 - 1,500) / 1,500 = 100 %.
    assert "100.0 %" in str(on_revenue)


def test_funnel_roi_is_named_as_the_report_names_it():
    from socialroi.funnel import KPIS

    assert KPIS["roi"].name == "ROI on revenue over ad spend"
    assert KPIS["roi"].formula == "(revenue - spend) / spend"
    records = [Performance(channel="facebook", spend=1_000.0, revenue=3_000.0, impressions=10_000)]
    report = ROIReport.build(ledger(), performance=records, funnel=Funnel.social())
    assert report.funnel is not None
    assert report.funnel.values["roi"] == 2.0  # (3,000 - 1,000) / 1,000
    assert "The funnel's 'ROI on revenue over ad spend' = (revenue - spend) / spend." in str(report)


def test_unpaid_channels_are_shown_apart_or_included_with_a_note():
    revenue = {"facebook": 3_000.0, "tiktok": 600.0, "email": 800.0, "direct": 200.0}
    report = ROIReport.build(ledger(), revenue=revenue)
    assert [r.channel for r in report.unpaid] == ["email", "direct"]
    # Paid channels only: 3,600 over 1,400 of ad spend and 2,200 of investment.
    assert report.total.revenue == 3_600.0
    assert report.total.roas == pytest.approx(3_600 / 1_400)
    assert report.total.roi == pytest.approx((3_600 - 2_200) / 2_200)
    assert "email, direct cost nothing in the ledger: their 1,000.00 USD" in " ".join(report.notes)
    assert "email (unpaid)" in str(report)
    assert [r["channel"] for r in report.to_dict()["unpaid"]] == ["email", "direct"]
    assert report.compare(report).change("email", "revenue") == 0.0
    everything = ROIReport.build(ledger(), revenue=revenue, include_unpaid=True)
    assert everything.unpaid == ()
    assert [r.channel for r in everything.channels] == ["facebook", "tiktok", "email", "direct"]
    assert everything.total.revenue == 4_600.0
    assert "counts in the total (include_unpaid=True)" in " ".join(everything.notes)
    with pytest.raises(InvalidInputError, match="'include_unpaid' must be True or False"):
        ROIReport.build(ledger(), include_unpaid="yes")  # type: ignore[arg-type]


def test_unpaid_channel_credited_nothing_needs_no_note():
    report = ROIReport.build(ledger(), revenue={"facebook": 3_000.0, "email": 0.0})
    assert [r.channel for r in report.unpaid] == ["email"]
    assert not any("cost nothing" in note for note in report.notes)


def test_zero_cost_rows_show_no_ratio_over_a_missing_cost():
    row = ChannelROI(channel="email", investment=0, ad_spend=0, revenue=800, conversions=10, new_customers=4)
    assert (row.roas, row.cpa, row.roi, row.cac, row.ltv_to_cac) == (None, None, None, None, None)
    engaged = ChannelROI(channel="email", investment=0, ad_spend=0, engagement_value=5.0)
    assert engaged.roi_with_engagement is None
    content_only = ChannelROI(channel="blog", investment=100, ad_spend=0, revenue=300, conversions=3)
    assert (content_only.roas, content_only.cpa) == (None, None)
    assert content_only.roi == 2.0


def test_ledger_spend_is_reconciled_with_the_performance_records():
    records = [
        Performance(channel="facebook", spend=1_000.0, conversions=10),
        Performance(channel="tiktok", spend=250.0, conversions=2),
    ]
    with pytest.warns(
        InconsistentDataWarning,
        match=r"ad spend of 'tiktok' disagrees: the ledger has 400\.00 USD, the performance records "
        r"250\.00 USD \(difference -150\.00 USD\)",
    ):
        ROIReport.build(ledger(), performance=records)
    # Within a cent, and records without spend, are quiet.
    quiet = [Performance(channel="facebook", spend=1_000.004), Performance(channel="tiktok", clicks=3)]
    ROIReport.build(ledger(), performance=quiet)


def test_channel_names_match_through_the_one_rule():
    records = [Performance(channel="FaceBook ", spend=1_000.0, conversions=10)]
    report = ROIReport.build(ledger(), performance=records)
    assert report.channel("facebook").conversions == 10.0
    assert [r.channel for r in report.channels] == ["facebook", "tiktok"]
    assert "Performance records of 'FaceBook ' are counted as the ledger's 'facebook'." in report.notes
    with pytest.warns(
        InconsistentDataWarning,
        match=r"ad spend of 'facebok' disagrees: the ledger has 0\.00 USD, the performance records "
        r"900\.00 USD \(difference 900\.00 USD\); did you mean 'facebook'\?",
    ):
        ROIReport.build(ledger(), performance=[Performance(channel="facebok", spend=900.0)])


def test_shared_media_is_reconciled_in_total():
    costs = Costs(
        items=[
            CostItem(category="ad_spend", amount=usd(1_000)),  # one media invoice, no channel
            CostItem(category="content", amount=usd(300), channel="instagram"),
        ]
    )
    records = [
        Performance(channel="instagram", spend=600.0, revenue=2_000.0),
        Performance(channel="Retargeting", spend=300.0, revenue=900.0),
    ]
    with pytest.warns(
        InconsistentDataWarning,
        match=r"ad spend of all channels disagrees: the ledger has 1,000\.00 USD, the performance records "
        r"900\.00 USD \(difference -100\.00 USD\)",
    ):
        report = ROIReport.build(costs, performance=records)
    # Retargeting has no cost in the ledger but spent in its records: a paid channel, in the total.
    assert [r.channel for r in report.channels] == ["instagram", "Retargeting"]
    assert report.unpaid == ()
    assert report.total.revenue == 2_900.0


def test_records_without_spend_are_not_reconciled():
    records = [Performance(channel="facebook", clicks=30), Performance(channel="email", revenue=50.0)]
    report = ROIReport.build(ledger(), performance=records)
    assert [r.channel for r in report.unpaid] == ["email"]


# --- comparison highlights ------------------------------------------------------------------------


def _month(channel: str, month: int, **counts: float) -> Performance:
    start = dt.date(2026, month, 1)
    end = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
    return Performance(channel=channel, start=start, end=end, currency="USD", **counts)


def _two_months() -> tuple[dict[str, Performance], dict[str, Performance]]:
    jan = {
        "fb": _month(
            "fb", 1, spend=1_000, impressions=100_000, link_clicks=1_000, conversions=20, revenue=3_000
        ),
        "ig": _month("ig", 1, spend=500, impressions=50_000, link_clicks=600, conversions=10, revenue=1_000),
    }
    feb = {
        "fb": _month(
            "fb", 2, spend=1_000, impressions=100_000, link_clicks=800, conversions=20, revenue=4_000
        ),
        "ig": _month("ig", 2, spend=500, impressions=50_000, link_clicks=600, conversions=5, revenue=900),
    }
    return jan, feb


_SPEND = Costs(
    items=[
        CostItem(category="ad_spend", amount=usd(1_000), channel="fb"),
        CostItem(category="ad_spend", amount=usd(500), channel="ig"),
    ]
)
_QUARTER_TARGETS = [
    Target.for_quarter("cpa", 40.0, start=dt.date(2026, 1, 1), baseline=60.0),
    Target.for_quarter("roas", 3.0, start=dt.date(2026, 1, 1), baseline=2.5),
]


def test_highlights_by_hand():
    jan, feb = _two_months()
    before = ROIReport.build(_SPEND, performance=jan, funnel=Funnel.social(), targets=_QUARTER_TARGETS)
    now = ROIReport.build(_SPEND, performance=feb, funnel=Funnel.social(), targets=_QUARTER_TARGETS)
    comparison = now.compare(before)
    movers, targets, steps = (
        [h for h in comparison.highlights() if h.kind == kind] for kind in ("mover", "target", "step")
    )
    # ig CPA 500 / 10 = 50 -> 500 / 5 = 100 (+100 %, worse); fb ROAS 3 -> 4 and revenue 3,000 -> 4,000
    # (+33.3 %, a tie shown ROAS first); ig's -10 % moves less and is left out of the top 3.
    assert [(h.channel, h.name, h.previous, h.current, h.verdict) for h in movers] == [
        ("ig", "cpa", 50.0, 100.0, "worse"),
        ("fb", "roas", 3.0, 4.0, "better"),
        ("fb", "revenue", 3_000.0, 4_000.0, "better"),
    ]
    assert movers[0].change == 1.0 and movers[1].change == pytest.approx(1 / 3)
    assert movers[0].text == "ig CPA +100.0 % (50.00 → 100.00): worse"
    # CPA from 60 to 40: 60 in both months, no way made (was (60 - 50) / 20 = 50 % in January).
    # ROAS from 2.5 to 3: 4,000 / 1,500 -> (2.667 - 2.5) / 0.5 = 1/3, then 4,900 / 1,500 -> 1.533: met.
    assert [(h.name, h.verdict) for h in targets] == [("cpa", "behind"), ("roas", "met")]
    assert targets[0].previous == pytest.approx(0.5) and targets[0].current == 0.0
    assert targets[1].previous == pytest.approx(1 / 3) and targets[1].current == pytest.approx(23 / 15)
    assert targets[0].text == (
        "target CPA (total) 40.00 USD by 2026-03-31: now 60.00 USD, 50 % → 0 % of the way: behind"
    )
    # impressions -> link clicks 1,600 / 150,000 -> 1,400 / 150,000 (-12.5 %) fell more than
    # link clicks -> conversions 30 / 1,600 -> 25 / 1,400 (-4.8 %).
    (step,) = steps
    assert step.name == "impressions → link_clicks"
    assert (step.previous, step.current) == pytest.approx((1_600 / 150_000, 1_400 / 150_000))
    assert step.change == pytest.approx(-0.125)
    assert (
        step.text
        == "weakest funnel step: impressions → link_clicks at 0.93 % (-12.5 % on the previous report)"
    )
    shown = repr(comparison)
    assert shown.splitlines()[1:3] == ["Highlights:", "- ig CPA +100.0 % (50.00 → 100.00): worse"]
    assert "<li>weakest funnel step: impressions → link_clicks" in comparison._repr_html_()
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["highlights"][0] == {
        "kind": "mover",
        "channel": "ig",
        "name": "cpa",
        "previous": 50.0,
        "current": 100.0,
        "change": 1.0,
        "verdict": "worse",
        "text": "ig CPA +100.0 % (50.00 → 100.00): worse",
    }
    assert len(comparison.highlights(n=1)) == 4  # one mover, two targets, one step
    with pytest.raises(InvalidInputError, match=r"'n' must be"):
        comparison.highlights(n=-1)


def test_highlights_leave_out_unknown_undefined_and_unchanged_kpis():
    costs = Costs(items=[CostItem(category="ad_spend", amount=usd(100), channel=c) for c in ("a", "b", "c")])
    before = ROIReport.build(costs, revenue={"a": 0.0, "b": 50.0})
    now = ROIReport.build(costs, revenue={"a": 10.0, "b": 50.0, "c": 5.0})
    comparison = now.compare(before)
    assert comparison.relative_change("a", "roas") != comparison.relative_change("a", "roas")  # NaN: 0 -> 0.1
    assert comparison.highlights() == ()  # a: undefined, b: unchanged, c: unknown before
    assert "Highlights" not in repr(comparison) and "Highlights" not in comparison._repr_html_()
    assert comparison.highlights(n=0) == ()


def _progress_of(target: Target, performance: dict[str, Performance]) -> str:
    report = ROIReport.build(_SPEND, performance=performance, funnel=Funnel.social(), targets=[target])
    (highlight,) = [h for h in report.compare(report).highlights() if h.kind == "target"]
    return highlight.verdict


def test_target_verdicts():
    jan, feb = _two_months()  # February: ROAS 4,900 / 1,500 = 3.27, CPA 60
    roas = Target(kpi="roas", value=4.0, baseline=2.0, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
    assert _progress_of(roas, feb) == "missed"  # the window closed at 3.27
    later = Target(kpi="roas", value=4.0, baseline=2.0, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 30))
    assert _progress_of(later, feb) == "not started"
    pace = Target(kpi="roas", value=4.0, baseline=2.0, start=dt.date(2026, 2, 1), end=dt.date(2026, 12, 31))
    assert _progress_of(pace, feb) == "on track"  # 63 % of the way, 8 % expected
    hit = Target(kpi="roas", value=3.0, baseline=2.0, start=dt.date(2026, 2, 1), end=dt.date(2026, 12, 31))
    assert _progress_of(hit, feb) == "met"
    # without the same target in the previous report, the highlight shows this report's progress only
    before = ROIReport.build(_SPEND, performance=jan, funnel=Funnel.social())
    now = ROIReport.build(_SPEND, performance=feb, funnel=Funnel.social(), targets=[pace])
    (target,) = [h for h in now.compare(before).highlights() if h.kind == "target"]
    assert target.previous is None and target.text.endswith("now 3.27, 63 % of the way: on track")


def test_weakest_step_without_a_previous_funnel():
    jan, feb = _two_months()
    now = ROIReport.build(_SPEND, performance=feb, funnel=Funnel.social())
    before = ROIReport.build(_SPEND, performance=jan)  # no funnel: the current evaluation's weakest step
    (step,) = [h for h in now.compare(before).highlights() if h.kind == "step"]
    assert (step.name, step.previous, step.change) == ("impressions → link_clicks", None, None)
    assert step.text == "weakest funnel step: impressions → link_clicks at 0.93 % (the lowest rate)"
    # an evaluation against its own previous period names the step's change there
    evaluation = Funnel.social().evaluate(list(feb.values()), previous=list(jan.values()))
    comparison = report_module.ROIComparison(
        currency="USD", period=None, previous_period=None, rows=(), funnel=evaluation
    )
    (step,) = comparison.highlights()
    assert step.change == pytest.approx(-0.125)
    assert step.text.endswith("(-12.5 % on its previous period)")


def test_weakest_step_when_the_previous_rates_are_undefined_or_there_are_no_steps():
    jan, feb = _two_months()
    empty = {ch: attrs.evolve(p, link_clicks=0, conversions=0) for ch, p in jan.items()}
    before = ROIReport.build(_SPEND, performance=empty, funnel=Funnel.social())
    now = ROIReport.build(_SPEND, performance=feb, funnel=Funnel.social())
    # link clicks -> conversions was 0 / 0 (undefined) and impressions -> link clicks 0: no relative change
    (step,) = [h for h in now.compare(before).highlights() if h.kind == "step"]
    assert step.text.endswith("(the lowest rate)")
    flat = {
        ch: Performance(channel=ch, spend=p.spend, revenue=p.revenue, currency="USD") for ch, p in feb.items()
    }
    bare = ROIReport.build(_SPEND, performance=flat, funnel=Funnel.social())
    assert [h.kind for h in bare.compare(bare).highlights()] == []


def test_the_weakest_step_is_the_one_furthest_behind_its_target():
    jan, feb = _two_months()
    before = ROIReport.build(_SPEND, performance=jan, funnel=Funnel.social())

    def step(*targets: Target) -> report_module.Highlight:
        now = ROIReport.build(_SPEND, performance=feb, funnel=Funnel.social(), targets=list(targets))
        (found,) = [h for h in now.compare(before).highlights() if h.kind == "step"]
        return found

    start = dt.date(2026, 1, 1)
    # conversions / link clicks 25 / 1,400 = 1.79 %, (0.017857 - 0.01) / (0.03 - 0.01) = 39 % of the way:
    # chosen over impressions -> link clicks, which fell more (-12.5 %) but has no target
    conversion = Target.for_quarter("conversion_rate", 0.03, start=start, baseline=0.01)
    found = step(conversion)
    assert found.name == "link_clicks → conversions"
    assert found.change == pytest.approx((25 / 1_400 - 30 / 1_600) / (30 / 1_600))
    assert found.text == (
        "weakest funnel step: link_clicks → conversions at 1.79 % (39 % of the way to its target 3.00 %)"
    )
    # link CTR 1,400 / 150,000 = 0.93 %, (0.009333 - 0.005) / (0.02 - 0.005) = 29 %: further behind
    ctr = Target.for_quarter("link_ctr", 0.02, start=start, baseline=0.005)
    assert step(conversion, ctr).name == "impressions → link_clicks"
    assert step(conversion, ctr).text.endswith("(29 % of the way to its target 2.00 %)")
    # a channel's target, or one on a KPI that is no step, leaves the choice to the falls
    channel = Target.for_quarter("conversion_rate", 0.03, start=start, baseline=0.01, channel="fb")
    roas = Target.for_quarter("roas", 3.0, start=start, baseline=2.5)
    assert step(channel, roas).name == "impressions → link_clicks"
    assert step(channel, roas).text.endswith("(-12.5 % on the previous report)")


def test_two_spellings_of_a_channel_add_their_records():
    # "FaceBook " used to replace the records of "facebook" instead of adding to them.
    records = [
        Performance(channel="facebook", spend=600.0, conversions=6),
        Performance(channel="FaceBook ", spend=400.0, conversions=4),
    ]
    report = ROIReport.build(ledger(), performance=records)
    assert report.channel("facebook").conversions == 10.0
