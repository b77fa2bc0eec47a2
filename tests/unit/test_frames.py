"""socialroi.frames: exports and data frames → Performance tables and cost ledgers, hand-computed."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import re
import warnings

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from socialroi import CostCategory, Money, Performance
from socialroi.exceptions import CurrencyMismatchError, InconsistentDataWarning, InvalidInputError
from socialroi.frames import SCHEMAS, CostTable, Dropped, PerformanceTable
from socialroi.frames._columns import column, column_names, dates, factorize, numbers
from socialroi.frames._schemas import split_currency

D = dt.date

META = {
    "Day": ["2026-01-30", "2026-01-31", "2026-02-01", "2026-01-31"],
    "Campaign name": ["Spring", "Spring", "Spring", "Brand"],
    "Amount spent (USD)": ["1,200.50", "$800", "1000", "—"],
    "Impressions": ["100,000", "80,000", "90,000", "5,000"],
    "Reach": [60_000, 50_000, 55_000, 4_000],
    "Clicks (all)": [2000, 1500, 1800, 60],
    "Link clicks": [900, 700, 800, 30],
    "CTR (all)": ["2.00%", "1.88%", "2.00%", "1.20%"],
    "Results": [10, 8, 9, 0],
}


def as_pandas(data):
    return pd.DataFrame(data)


def as_polars(data):
    return pl.DataFrame(data)


def as_arrow(data):
    return pa.table(data)


def as_dict(data):
    return {name: np.asarray(values, dtype=object) for name, values in data.items()}


FRAMES = [as_pandas, as_polars, as_arrow, as_dict]


@pytest.mark.parametrize("make", FRAMES)
def test_a_meta_export_becomes_monthly_records_per_campaign(make):
    table = PerformanceTable.from_frame(make(META), platform="meta", by="campaign", period="month")
    assert table.labels == (("Brand",), ("Spring",), ("Spring",))
    assert table.periods == (D(2026, 1, 1), D(2026, 1, 1), D(2026, 2, 1))
    brand, january, february = table
    assert brand.spend is None  # "—": not measured
    assert brand.impressions == 5000.0
    assert january == Performance(
        channel="Spring",
        start=D(2026, 1, 30),
        end=D(2026, 1, 31),
        currency="USD",
        impressions=180_000.0,
        clicks=3500.0,
        link_clicks=1600.0,
        spend=2000.5,
        conversions=18.0,
    )
    assert february.spend == 1000.0
    assert january.link_ctr == pytest.approx(1600 / 180_000)
    assert table.platforms == ("meta",) * 3
    assert table.windows == (None,) * 3
    assert table.rows == 4
    reasons = {d.column: d.reason for d in table.dropped}
    assert reasons["Reach"].startswith("not additive")
    assert reasons["CTR (all)"].startswith("a rate, never summed: recomputed")
    assert table.period_starts == (D(2026, 1, 1), D(2026, 2, 1))


def test_periods_days_iso_weeks_and_quarters():
    frame = {
        "date": ["2026-03-01", "2026-03-02", "2026-03-08", "2026-03-31", "2026-04-01"],
        "campaign": ["a"] * 5,
        "spend": [1, 2, 4, 8, 16],
    }
    week = PerformanceTable.from_frame(frame, period="week")
    # 2026-03-01 is a Sunday: its ISO week starts on Monday 2026-02-23
    assert week.periods == (D(2026, 2, 23), D(2026, 3, 2), D(2026, 3, 30))
    assert [r.spend for r in week] == [1.0, 6.0, 24.0]
    quarter = PerformanceTable.from_frame(frame, period="quarter")
    assert quarter.periods == (D(2026, 1, 1), D(2026, 4, 1))
    assert [r.spend for r in quarter] == [15.0, 16.0]
    day = PerformanceTable.from_frame(frame, period="day")
    assert day.periods[0] == D(2026, 3, 1)
    assert len(day) == 5
    assert day[1:3] == (day[1], day[2])
    assert day.dropped == ()


def test_a_group_by_nothing_and_non_additive_fields_of_single_rows_are_kept():
    frame = {
        "date": ["2026-01-31", "2026-02-28"],
        "impressions": [100, 200],
        "reach": [50, 80],
        "followers": [9, 10],
    }
    table = PerformanceTable.from_frame(frame, by=())
    assert table.labels == ((), ())
    assert [(r.channel, r.reach, r.followers) for r in table] == [(None, 50.0, 9.0), (None, 80.0, 10.0)]
    summed = PerformanceTable.from_frame(frame, by=(), period="quarter")
    assert summed[0].reach is None
    assert {d.column: d.reason for d in summed.dropped}["followers"].startswith("a level, not a flow")


def test_empty_cells_are_not_measured_and_partial_groups_sum_what_was_measured():
    frame = pd.DataFrame(
        {
            "date": ["2026-01-01", "2026-01-02", "2026-02-01"],
            "campaign": ["a", "a", "a"],
            "leads": [np.nan, 3.0, np.nan],
        }
    )
    table = PerformanceTable.from_frame(frame)
    assert [r.leads for r in table] == [3.0, None]


def test_many_sparse_labels_are_grouped_by_sorting():
    n = 300  # 300 campaigns x 300 days is more label space than a dense count is worth
    frame = {
        "date": np.datetime64("2026-01-01") + np.arange(n),
        "campaign": [f"c{i:03}" for i in range(n)],
        "spend": np.ones(n),
    }
    table = PerformanceTable.from_frame(frame, period="day")
    assert len(table) == n
    assert table.labels[-1] == ("c299",)
    assert table.periods[-1] == dt.date(2026, 1, 1) + dt.timedelta(days=n - 1)


def test_an_empty_frame_gives_an_empty_table():
    table = PerformanceTable.from_frame({"date": [], "campaign": [], "spend": []})
    assert len(table) == 0
    assert table.period_starts == ()


def test_api_field_names_and_micro_units():
    frame = {
        "segments.date": ["2026-01-05", "2026-01-06"],
        "campaign.name": ["Search", "Search"],
        "metrics.cost_micros": [1_500_000, 2_500_000],
        "metrics.clicks": [10, 30],
        "metrics.average_cpc": [150_000, 83_333],
    }
    table = PerformanceTable.from_frame(frame, platform="google_ads", currency="eur")
    assert table[0].spend == pytest.approx(4.0)
    assert table[0].currency == "EUR"
    meta = PerformanceTable.from_frame(
        {"date_start": ["2026-01-05"], "campaign_name": ["x"], "inline_link_clicks": [7], "spend": ["3.5"]},
        platform="meta",
    )
    assert (meta[0].link_clicks, meta[0].spend) == (7.0, 3.5)


def test_ga4_compact_dates_and_channels():
    frame = {
        "date": ["20260105", "20260212"],
        "sessionDefaultChannelGroup": ["Organic Social", "organic  social"],
        "sessions": [100, 50],
        "bounceRate": [0.5, 0.4],
    }
    table = PerformanceTable.from_frame(frame, platform="ga4", by="channel", period="quarter")
    assert table.labels == (("organic social",),)
    assert table[0].sessions == 150.0
    reason = {d.column: d.reason for d in table.dropped}["bounceRate"]
    assert reason == "a rate, never summed; not checked: the frame lacks 'bounced_sessions'"
    numeric = dates(np.array([20260105, 20251231]), "date")
    assert numeric.tolist() == [D(2026, 1, 5), D(2025, 12, 31)]


def test_reporting_start_and_end_columns_must_end_within_the_period():
    frame = {
        "Reporting starts": ["2026-01-01"],
        "Reporting ends": ["2026-01-31"],
        "Campaign name": ["a"],
        "Impressions": [10],
        "Reach": [5],
        "Frequency": [2.0],
    }
    table = PerformanceTable.from_frame(frame, platform="meta")
    assert (table[0].start, table[0].end, table[0].reach) == (D(2026, 1, 1), D(2026, 1, 31), 5.0)
    frame["Reporting ends"] = ["2026-02-28"]
    with pytest.raises(
        InvalidInputError,
        match=r"column 'Reporting ends' must end each row within its month, on or after 'Reporting starts' "
        r"\(got 2026-02-28 after 2026-01-01 at row 0\)",
    ):
        PerformanceTable.from_frame(frame, platform="meta")


def test_rates_that_disagree_with_the_counts_warn_and_are_never_trusted():
    frame = {
        "date": ["2026-01-05", "2026-01-06"],
        "campaign": ["a", "a"],
        "impressions": [1000, 1000],
        "clicks": [10, 20],
        "ctr": ["1.00%", "5%"],
        "cpm": [1.0, 1.0],
        "spend": [1.0, 1.0],
    }
    with pytest.warns(
        InconsistentDataWarning,
        match=r"column 'ctr' disagrees with clicks / impressions beyond rounding in 1 of 2 rows \(first at row 1: "
        r"0.05 reported, 0.02 recomputed\)",
    ):
        table = PerformanceTable.from_frame(frame)
    assert table[0].ctr == 0.015
    frame["ctr"] = [1.0, 2.0]  # plain numbers: a canonical 'ctr' is a fraction, so 1.0 means 100 %
    with pytest.warns(InconsistentDataWarning, match=r"2 of 2 rows"):
        PerformanceTable.from_frame(frame)
    meta = {
        "Day": ["2026-01-05"],
        "Campaign name": ["a"],
        "Impressions": [1000],
        "Clicks (all)": [23],
        "CTR (all)": [2.3],
        "CPC (all)": ["0.04"],
        "Amount spent": [1.0],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        PerformanceTable.from_frame(meta, platform="meta", currency="USD")  # 2.3 (percent), 1/23 = 0.0435


def test_channel_map_groups_campaigns_into_channels():
    frame = {
        "date": ["2026-01-05"] * 3,
        "campaign": ["Spring Reels", "Spring Feed", "Search"],
        "spend": [1, 2, 4],
    }
    mapping = {"spring reels": "Instagram", "Spring  Feed": "instagram", "SEARCH": "Google"}
    table = PerformanceTable.from_frame(frame, by="channel", channel_map=mapping)
    assert table.labels == (("google",), ("instagram",))
    assert [r.channel for r in table] == ["google", "instagram"]
    assert table.select(channel="Instagram")[0].spend == 3.0
    with pytest.raises(
        InvalidInputError,
        match=r"'channel_map' must give a channel for every campaign \(got none for 'Search'; did you mean "
        r"'Serch'\?\)",
    ):
        PerformanceTable.from_frame(
            frame, by="channel", channel_map={"Spring Reels": "a", "Spring Feed": "a", "Serch": "c"}
        )
    with pytest.raises(
        InvalidInputError,
        match=r"'channel_map' maps campaigns to channels, but the frame has no campaign column",
    ):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "spend": [1]}, by="channel", channel_map={})


def test_platform_attributed_conversions_are_not_summed_across_platforms_without_a_choice():
    frame = {
        "date": ["2026-01-05", "2026-01-06"],
        "campaign": ["a", "a"],
        "platform": ["Meta", "TikTok"],
        "conversions": [3, 2],
        "spend": [1, 1],
    }
    with pytest.raises(
        InvalidInputError, match=r"column 'conversions' holds conversions that each platform attributes"
    ):
        PerformanceTable.from_frame(frame)
    summed = PerformanceTable.from_frame(frame, platform_conversions="sum")
    assert (summed[0].conversions, summed.platforms) == (5.0, (None,))
    dropped = PerformanceTable.from_frame(frame, platform_conversions="drop")
    assert dropped[0].conversions is None
    assert dropped.dropped[0].reason == "attributed by several platforms (platform_conversions='drop')"
    per_platform = PerformanceTable.from_frame(frame, by=("platform", "campaign"))
    assert per_platform.platforms == ("meta", "tiktok")
    assert [r.channel for r in per_platform] == ["a", "a"]
    with pytest.raises(
        InvalidInputError,
        match=r"cannot sum conversions that each platform attributed itself: meta \(window not stated\); "
        r"tiktok \(window not stated\) may each claim the same sale",
    ):
        per_platform.total()
    assert per_platform.total(platform_conversions="sum").conversions == 5.0
    assert per_platform.total(platform_conversions="drop").conversions is None
    one = PerformanceTable.from_frame({**frame, "platform": ["Meta", "meta"]})
    assert (one.platforms, one.total().conversions) == (("meta",), 5.0)


def test_attribution_windows_come_from_the_export_or_the_caller():
    frame = {
        "Day": ["2026-01-05", "2026-01-06"],
        "Campaign name": ["a", "b"],
        "Results": [1, 2],
        "Attribution setting": ["7-day click or 1-day view", "1-day click"],
    }
    table = PerformanceTable.from_frame(frame, platform="meta")
    assert table.windows == ("7-day click or 1-day view", "1-day click")
    with pytest.raises(
        InvalidInputError, match=r"7-day click or 1-day view \(meta, window 1-day click\)|window"
    ):
        table.total()
    with pytest.raises(
        InvalidInputError, match=r"column 'Attribution setting' must hold one attribution window per record"
    ):
        PerformanceTable.from_frame(frame, platform="meta", by=())
    given = PerformanceTable.from_frame(
        {"date": ["2026-01-05"], "campaign": ["a"], "conversions": [1]}, attribution_window="28-day click"
    )
    assert given.windows == ("28-day click",)


def test_currencies_from_headers_columns_and_arguments_must_agree():
    base = {"date": ["2026-01-05", "2026-01-06"], "campaign": ["a", "b"], "spend": [1, 2]}
    table = PerformanceTable.from_frame({**base, "currency": ["usd", "EUR"]})
    assert [r.currency for r in table] == ["USD", "EUR"]
    with pytest.raises(InvalidInputError, match=r"column 'currency' must hold one currency per record"):
        PerformanceTable.from_frame({**base, "currency": ["USD", "EUR"]}, by=())
    with pytest.raises(CurrencyMismatchError, match=r"column 'currency' names other currencies than 'USD'"):
        PerformanceTable.from_frame({**base, "currency": ["USD", "EUR"]}, currency="usd")
    with pytest.raises(CurrencyMismatchError, match=r"'currency' is 'EUR' but the headers say 'USD'"):
        PerformanceTable.from_frame(
            {"Day": ["2026-01-05"], "Amount spent (USD)": [1]}, platform="meta", by=(), currency="EUR"
        )
    with pytest.raises(
        CurrencyMismatchError,
        match=r"the headers name different currencies \('Amount spent \(USD\)', 'Purchases conversion value \(EUR\)'\)",
    ):
        PerformanceTable.from_frame(
            {"Day": ["2026-01-05"], "Amount spent (USD)": [1], "Purchases conversion value (EUR)": [2]},
            platform="meta",
            by=(),
        )
    assert split_currency("Clicks (all)") == ("Clicks (all)", None)
    assert split_currency("Cost [gbp]") == ("Cost", "GBP")


def test_headers_unknown_ambiguous_duplicated_or_remapped():
    frame = {"Day": ["2026-01-05"], "Campaign name": ["a"], "Amount spnt": [1.0], "Budget thing": [3]}
    with pytest.raises(
        InvalidInputError,
        match=r"the frame has columns that the meta schema does not know: 'Amount spnt'; did you mean 'Amount spent'.*\?; "
        r"'Budget thing' \(no close match\)",
    ):
        PerformanceTable.from_frame(frame, platform="meta")
    ignored = PerformanceTable.from_frame(frame, platform="meta", unknown="ignore")
    assert [d.column for d in ignored.dropped] == ["Amount spnt", "Budget thing"]
    mapped = PerformanceTable.from_frame(
        frame, platform="meta", mapping={"Amount spnt": "spend", "Budget thing": None}
    )
    assert mapped[0].spend == 1.0
    assert mapped.dropped == (Dropped(column="Budget thing", meaning=None, reason="mapped to None"),)
    with pytest.raises(
        InvalidInputError,
        match=r"'mapping' names a column the frame lacks: 'Amount spent'; did you mean 'Amount spnt'\?",
    ):
        PerformanceTable.from_frame(frame, platform="meta", mapping={"Amount spent": "spend"})
    with pytest.raises(
        InvalidInputError,
        match=r"\"mapping\['Amount spnt'\]\" must be .* \(got 'spent'\); did you mean 'spend'\?",
    ):
        PerformanceTable.from_frame(frame, platform="meta", mapping={"Amount spnt": "spent"})
    with pytest.raises(
        InvalidInputError, match=r"columns 'Results' and 'conversions' all mean 'conversions'"
    ):
        PerformanceTable.from_frame(
            {"Day": ["2026-01-05"], "Results": [1], "conversions": [1]}, platform="meta", by=()
        )
    known = PerformanceTable.from_frame({"Day": ["2026-01-05"], "Link clicks": [4], "ThruPlays": [2]}, by=())
    assert known[0].link_clicks == 4.0
    assert known.dropped[0].reason == "ThruPlays (15-second plays) have no Performance field"
    with pytest.raises(
        InvalidInputError, match=r"columns that no schema does know: 'zzz' \(no close match\)"
    ):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "zzz": [1]}, by=())


def test_a_header_that_platforms_read_differently_needs_a_platform(monkeypatch):
    from socialroi.frames import _tables
    from socialroi.frames._schemas import Alias, Schema

    other = Schema("other", {"link clicks": Alias("clicks")}, ("Link Clicks",))
    monkeypatch.setattr(_tables, "SCHEMAS", {**SCHEMAS, "other": other})
    with pytest.raises(
        InvalidInputError,
        match=r"column 'Link clicks' is ambiguous without a platform: it means link_clicks in meta, x "
        r"but clicks in other; pass platform=... or mapping=\{column: meaning\}",
    ):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "Link clicks": [1]}, by=())
    scaled = Schema("scaled", {"link clicks": Alias("link_clicks", 0.5)}, ("Link clicks",))
    monkeypatch.setattr(_tables, "SCHEMAS", {"meta": SCHEMAS["meta"], "scaled": scaled})
    with pytest.raises(
        InvalidInputError, match=r"it means link_clicks in meta but link_clicks x0.5 in scaled"
    ):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "Link clicks": [1]}, by=())


def test_bad_cells_are_refused_with_column_row_and_value():
    base = {"date": ["2026-01-05", "2026-01-06"], "campaign": ["a", "a"]}
    with pytest.raises(
        InvalidInputError,
        match=r"column 'spend' must hold numbers \(with decimal='.'\) \(got 'abc' at row 1\)",
    ):
        PerformanceTable.from_frame({**base, "spend": ["1", "abc"]})
    with pytest.raises(InvalidInputError, match=r"'clicks' must be >= 0 and finite \(got -3.0 at index 1\)"):
        PerformanceTable.from_frame({**base, "clicks": [1, -3]})
    with pytest.raises(
        InvalidInputError,
        match=r"column 'date' must hold ISO dates such as '2026-01-31' \(got '01/06/2026' at row 1\)",
    ):
        PerformanceTable.from_frame({**base, "date": ["2026-01-05", "01/06/2026"]})
    with pytest.raises(
        InvalidInputError, match=r"column 'date' must hold dates in every row \(got None at row 1\)"
    ):
        PerformanceTable.from_frame({**base, "date": np.array([D(2026, 1, 5), None], dtype=object)})
    with pytest.raises(InvalidInputError, match=r"column 'date' must hold dates \(got '20261301' at row 0\)"):
        PerformanceTable.from_frame({**base, "date": ["20261301", "20260105"]})
    with pytest.raises(InvalidInputError, match=r"column 'date' must hold dates \(got '20260230' at row 0\)"):
        PerformanceTable.from_frame({**base, "date": ["20260230", "20260105"]})
    with pytest.raises(
        InvalidInputError, match=r"column 'campaign' must hold a label in every row \(got None at row 1\)"
    ):
        PerformanceTable.from_frame({**base, "campaign": ["a", None]})
    with pytest.raises(
        InvalidInputError, match=r"column 'campaign' must hold a label in every row \(got None at row 1\)"
    ):
        PerformanceTable.from_frame(pd.DataFrame({**base, "campaign": ["a", None]}))
    with pytest.raises(
        InvalidInputError, match=r"column 'campaign' must hold a label in every row \(got None at row 0\)"
    ):
        PerformanceTable.from_frame(pa.table({**base, "campaign": [None, "a"]}))
    with pytest.raises(
        InvalidInputError, match=r"column 'campaign' must hold a label in every row \(got '—' at row 0\)"
    ):
        PerformanceTable.from_frame({**base, "campaign": ["—", "a"]})
    with pytest.raises(
        InvalidInputError, match=r"column 'campaign' must hold labels \(strings\) \(got \[1\] at row 1\)"
    ):
        PerformanceTable.from_frame({**base, "campaign": np.array(["a", [1]], dtype=object)})
    with pytest.raises(InvalidInputError, match=r"the frame must have a date column"):
        PerformanceTable.from_frame({"campaign": ["a"]})
    with pytest.raises(InvalidInputError, match=r"'by' names 'channel', but the frame has no channel column"):
        PerformanceTable.from_frame({**base, "spend": [1, 1]}, by="channel")
    with pytest.raises(
        InvalidInputError,
        match=r"the rows of campaign='a' in the month of 2026-01-01 make an impossible record: 'reach' must be <= 'impressions'",
    ):
        PerformanceTable.from_frame(
            {"date": ["2026-01-05"], "campaign": ["a"], "reach": [5], "impressions": [1]}
        )
    with pytest.raises(InvalidInputError, match=r"the rows of the table in the month"):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "reach": [5], "impressions": [1]}, by=())


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("platform", "facebook", r"'platform' must be 'meta', .* \(got 'facebook'\)"),
        ("period", "year", r"'period' must be 'day', 'week', 'month' or 'quarter' \(got 'year'\)"),
        ("decimal", ";", r"'decimal' must be '.' or ',' \(got ';'\)"),
        ("platform_conversions", "add", r"'platform_conversions' must be 'refuse', 'sum' or 'drop'"),
        ("unknown", "skip", r"'unknown' must be 'raise' or 'ignore'"),
        ("by", ("campaign", "adset"), r"'by\[1\]' must be .* \(got 'adset'\); did you mean 'ad_set'\?"),
    ],
)
def test_options_are_checked(option, value, message):
    with pytest.raises(InvalidInputError, match=message):
        PerformanceTable.from_frame({"date": ["2026-01-05"], "campaign": ["a"]}, **{option: value})


def test_values_as_exports_write_them():
    cells = np.array(
        ["1,234.56", "$1,234", "2.3%", "—", "", " 7 ", "(12.50)", "€ 3", "1\u202f000", "\u22125", "n/a"],
        dtype=object,
    )
    values, empty = numbers(cells, "x")
    expected = [1234.56, 1234.0, 0.023, np.nan, np.nan, 7.0, -12.5, 3.0, 1000.0, -5.0, np.nan]
    np.testing.assert_allclose(values, expected)
    assert empty.tolist() == [False, False, False, True, True, False, False, False, False, False, True]
    european, _ = numbers(np.array(["1.234,56", "12,5 %", "7"]), "x", decimal=",")
    np.testing.assert_allclose(european, [1234.56, 0.125, 7.0])
    thousands, _ = numbers(np.array(["210.000", "1.890"]), "x", decimal=",")
    np.testing.assert_allclose(thousands, [210_000.0, 1890.0])
    mixed, mixed_empty = numbers(np.array([1.5, None, "2", pd.NA, 3], dtype=object), "x")
    np.testing.assert_allclose(mixed, [1.5, np.nan, 2.0, np.nan, 3.0])
    assert mixed_empty.tolist() == [False, True, False, True, False]
    ints, _ = numbers(np.array([1, 2]), "x")
    assert ints.dtype == np.float64
    with pytest.raises(InvalidInputError, match=r"column 'x' must hold numbers \(got True at row 1\)"):
        numbers(np.array([1, True], dtype=object), "x")
    with pytest.raises(
        InvalidInputError,
        match=r"column 'x' must hold numbers \(got np.datetime64|column 'x' must hold numbers",
    ):
        numbers(np.array(["2026-01-01"], dtype="datetime64[D]"), "x")
    with pytest.raises(
        InvalidInputError, match=r"column 'x' must hold numbers \(with decimal=','\) \(got '1,2,3' at row 0\)"
    ):
        numbers(np.array(["1,2,3"]), "x", decimal=",")
    nullable = PerformanceTable.from_frame(
        pd.DataFrame({"date": ["2026-01-05", "2026-01-06"], "clicks": pd.array([1, None], dtype="Int64")}),
        by=(),
    )
    assert nullable[0].clicks == 1.0


def test_columns_of_every_kind_of_frame():
    assert column_names(pl.DataFrame({"a": [1]})) == ["a"]
    assert column_names(pa.table({"a": [1]})) == ["a"]
    assert column_names({"a": [1]}) == ["a"]
    with pytest.raises(
        InvalidInputError, match=r"'frame' must be a data frame \(pandas, polars, pyarrow\) or a mapping"
    ):
        column_names([1, 2])
    with pytest.raises(InvalidInputError, match=r"'frame' must have string column names \(got 0\)"):
        column_names(pd.DataFrame({0: [1]}))
    aware = pd.DataFrame({"date": pd.to_datetime(["2026-01-05"]).tz_localize("UTC")})
    with pytest.raises(
        InvalidInputError, match=r"column 'date' must hold dates or naive datetimes \(got time-zone-aware"
    ):
        column(aware, "date")
    with pytest.raises(InvalidInputError, match=r"column 'x' must be one-dimensional \(got shape \(1, 2\)\)"):
        column({"x": [[1, 2]]}, "x")
    stamps = pd.DataFrame({"date": pd.to_datetime(["2026-01-05 23:00"]), "spend": [1.0]})
    assert PerformanceTable.from_frame(stamps, by=())[0].start == D(2026, 1, 5)
    assert dates(np.array([], dtype=object), "d").size == 0
    vocabulary, codes = factorize(pl.DataFrame({"c": ["b", "a", "b"]}), "c")
    assert (vocabulary, codes.tolist()) == (["a", "b"], [1, 0, 1])
    vocabulary, codes = factorize(pa.table({"c": pa.chunked_array([["b"], ["a", "b"]])}), "c")
    assert (vocabulary, codes.tolist()) == (["a", "b"], [1, 0, 1])
    vocabulary, codes = factorize({"c": ["x ", "x", 3]}, "c")
    assert (vocabulary, codes.tolist()) == (["3", "x"], [1, 1, 0])
    assert factorize({"c": np.array([], dtype=object)}, "c")[1].size == 0


def test_aware_datetimes_in_an_object_or_text_column_are_refused_like_an_aware_dtype():
    # Was: read silently as their UTC day (with numpy's time-zone warning), mixed with naive cells or not,
    # so 20:00 at UTC-8 became the next day.
    west = dt.timezone(dt.timedelta(hours=-8))
    mixed = {
        "date": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2, 20, tzinfo=west)],  # noqa: DTZ001
        "campaign": ["x", "x"],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's warning must not leak either
        with pytest.raises(
            InvalidInputError,
            match=r"^column 'date' must hold dates or naive datetimes \(got datetime\.datetime\(2024, 1, 2, 20, .* at row 1\)$",
        ):
            PerformanceTable.from_frame({**mixed, "clicks": [1, 2]})
        with pytest.raises(
            InvalidInputError,
            match=r"^column 'd' must hold dates or naive datetimes \(got '2024-01-02T20:00-08:00' at row 1\)$",
        ):
            dates(np.array(["2024-01-01", "2024-01-02T20:00-08:00"]), "d")
        with pytest.raises(InvalidInputError, match=r"^column 'd' must hold ISO dates such as '2026-01-31'"):
            dates(np.array(["x", "2024-01-02T20:00-08:00"]), "d")  # the first bad cell is named
        naive = np.array([dt.datetime(2024, 1, 1, 23), dt.date(2024, 1, 2)], dtype=object)  # noqa: DTZ001
        assert dates(naive, "d").tolist() == [dt.date(2024, 1, 1), dt.date(2024, 1, 2)]


def test_select_total_and_concat():
    frame = {
        "date": ["2026-01-05", "2026-02-05", "2026-01-07"],
        "campaign": ["a", "a", "b"],
        "impressions": [100, 200, 300],
        "clicks": [1, 2, 3],
    }
    meta = PerformanceTable.from_frame(frame, platform="meta")
    assert [r.impressions for r in meta.select(period=D(2026, 1, 1))] == [100.0, 300.0]
    assert meta.select(campaign="b").labels == (("b",),)
    assert meta.total().impressions == 600.0
    with pytest.raises(InvalidInputError, match=r"'channel' must be one of the table's labels 'campaign'"):
        meta.select(channel="x")
    with pytest.raises(InvalidInputError, match=r"'channel' must be one of the table's labels \(none\)"):
        PerformanceTable.from_frame(frame, by=()).select(channel="x")
    with pytest.raises(
        InvalidInputError, match=r"'table' must hold at least one record to total \(got none\)"
    ):
        meta.select(campaign="zzz").total()
    with pytest.raises(InvalidInputError, match=r"'platform_conversions' must be 'refuse', 'sum' or 'drop'"):
        meta.total(platform_conversions="both")  # type: ignore[arg-type]
    both = PerformanceTable.concat([meta, PerformanceTable.from_frame(frame, platform="tiktok")])
    assert len(both) == 6
    assert both.rows == 6
    assert both.total().impressions == 1200.0  # no attributed fields: nothing to refuse
    assert both[3].link_clicks == 1.0  # TikTok's API 'clicks' are clicks to the destination
    with pytest.raises(
        InvalidInputError, match=r"'tables' must hold at least one PerformanceTable \(got none\)"
    ):
        PerformanceTable.concat([])
    with pytest.raises(
        InvalidInputError, match=r"'tables' must hold PerformanceTable values \(got 1 at index 1\)"
    ):
        PerformanceTable.concat([meta, 1])  # type: ignore[list-item]
    with pytest.raises(
        InvalidInputError,
        match=r"'tables' must group by the same labels and period \(got by=\(\), period='month' at index 1",
    ):
        PerformanceTable.concat([meta, PerformanceTable.from_frame(frame, by=())])
    with pytest.raises(InvalidInputError, match=r"'periods' must have one entry per record \(2\) \(got 1\)"):
        PerformanceTable(
            by=(),
            period="day",
            labels=[(), ()],
            periods=[D(2026, 1, 1)],
            records=[Performance()] * 2,
            platforms=[None] * 2,
            windows=[None] * 2,
        )


def test_results_pickle_copy_serialize_and_display():
    rows = 25
    frame = {
        "date": ["2026-01-05"] * rows,
        "campaign": [f"<c{i}>" for i in range(rows)],
        "spend": [1.5] * rows,
        "reach": [1] * rows,
        "CTR": [0.1] * rows,
    }
    table = PerformanceTable.from_frame(frame, mapping={"CTR": "ctr"})
    assert pickle.loads(pickle.dumps(table)) == table  # noqa: S301 - our own bytes
    assert copy.deepcopy(table) == table
    data = table.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["records"][0] == {
        "labels": {"campaign": "<c0>"},
        "period": "2026-01-01",
        "platform": None,
        "attribution_window": None,
        "record": data["records"][0]["record"],
    }
    assert data["records"][0]["record"]["spend"] == 1.5
    assert data["dropped"] == [
        {
            "column": "CTR",
            "meaning": "ctr",
            "reason": "a rate, never summed; not checked: the frame lacks 'clicks' and 'impressions'",
        }
    ]
    text = repr(table)
    assert text.splitlines()[0] == "PerformanceTable(25 records by campaign per month, from 25 rows)"
    assert "... 5 more" in text
    assert "dropped 'CTR': a rate" in text
    assert "&lt;c0&gt;" in table._repr_html_()
    empty = PerformanceTable.from_frame({"date": ["2026-01-05"], "spend": [1]}, by=())
    assert repr(empty).splitlines()[0] == "PerformanceTable(1 records by nothing per month, from 1 rows)"


def test_schemas_know_every_platform():
    assert sorted(SCHEMAS) == [
        "ga4",
        "google_ads",
        "linkedin",
        "meta",
        "pinterest",
        "snapchat",
        "tiktok",
        "x",
    ]
    assert SCHEMAS["meta"].meaning("Amount spent (USD)").target == "spend"
    assert SCHEMAS["meta"].meaning("impressions").target == "impressions"
    assert SCHEMAS["snapchat"].meaning("spend").scale == 1e-6
    assert SCHEMAS["ga4"].meaning("nothing like it") is None
    assert not SCHEMAS["ga4"].attributed
    assert "Link clicks" in SCHEMAS["meta"].headers


# --- the ledger ------------------------------------------------------------------------------------------

LEDGER = {
    "Date": ["2026-01-03", "2026-01-10", "2026-01-20", "2026-02-02", "2026-02-05"],
    "Category": ["Ad spend", "content", "ad credit", "ad_spend", "TOOLS"],
    "Amount (USD)": ["1,200.00", "300", "50", "(20)", "99"],
    "Channel": ["Meta", "", "meta ", "TikTok", None],
    "Description": ["January ads", "video", "promo credit", "refund", "scheduler"],
}


@pytest.mark.parametrize("make", FRAMES)
def test_a_ledger_keeps_refunds_and_credits_apart_from_costs(make):
    ledger = CostTable.from_frame(make(LEDGER))
    assert ledger.total() == Money(amount=1599.0, currency="USD")
    assert ledger.credited() == Money(amount=70.0, currency="USD")
    assert ledger.net() == Money(amount=1529.0, currency="USD")
    assert [i.channel for i in ledger.costs] == ["meta", None, None]
    assert [(i.category, i.channel, i.label) for i in ledger.credits] == [
        (CostCategory.AD_SPEND, "meta", "promo credit"),
        (CostCategory.AD_SPEND, "tiktok", "refund"),
    ]
    assert ledger.cost_dates == (D(2026, 1, 3), D(2026, 1, 10), D(2026, 2, 5))
    february = ledger.between(D(2026, 2, 1), D(2026, 2, 28))
    assert (february.total().amount, february.credited().amount) == (99.0, 20.0)


def test_ledger_options_and_display():
    ledger = CostTable.from_frame(
        {"category": ["ad spend"], "cost": ["1.000,50"], "channel": ["Spring Reels"]},
        currency="eur",
        decimal=",",
        channel_map={"spring reels": "Instagram"},
    )
    assert ledger.costs.items[0].amount == Money(amount=1000.5, currency="EUR")
    assert ledger.costs.items[0].channel == "instagram"
    assert ledger.cost_dates == (None,)
    with pytest.raises(InvalidInputError, match=r"the ledger has no dates to select by"):
        ledger.between(D(2026, 1, 1), D(2026, 1, 31))
    mapped = CostTable.from_frame(
        {"Kind": ["tools"], "EUR": [5], "Note": ["x"]},
        mapping={"Kind": "category", "EUR": "amount", "Note": None},
        currency="EUR",
    )
    assert mapped.total().amount == 5.0
    assert pickle.loads(pickle.dumps(ledger)) == ledger  # noqa: S301 - our own bytes
    assert copy.deepcopy(ledger) == ledger
    data = CostTable.from_frame(LEDGER).to_dict()
    json.dumps(data, allow_nan=False)
    assert data["credits"][1]["date"] == "2026-02-02"
    assert data["costs"][1]["channel"] is None
    text = repr(CostTable.from_frame(LEDGER))
    assert text.splitlines()[0] == "CostTable(3 costs, 2 credits)"
    assert "(shared)" in text
    assert "<table" in CostTable.from_frame({**LEDGER, "Description": ["<b>", "", "", "", ""]})._repr_html_()
    assert (
        "&lt;b&gt;" in CostTable.from_frame({**LEDGER, "Description": ["<b>", "", "", "", ""]})._repr_html_()
    )


@pytest.mark.parametrize(
    ("frame", "options", "error", "message"),
    [
        (
            {"category": ["tools"], "amount": [1], "vendor": ["x"]},
            {},
            InvalidInputError,
            r"the ledger has columns it does not know: 'vendor'; pass mapping",
        ),
        (
            {"category": ["tools"], "amount": [1], "Dat": ["x"]},
            {},
            InvalidInputError,
            r"'Dat'; did you mean 'date'",
        ),
        (
            {"category": ["tools"], "amount": [1]},
            {"mapping": {"amount": "money"}},
            InvalidInputError,
            r"\"mapping\['amount'\]\" must be 'date', 'category', 'amount'",
        ),
        (
            {"category": ["tools"], "amount": [1], "cost": [1]},
            {},
            InvalidInputError,
            r"columns 'amount' and 'cost' all mean 'amount'",
        ),
        ({"amount": [1]}, {"currency": "USD"}, InvalidInputError, r"the ledger must have a category column"),
        (
            {"category": ["tools"]},
            {"currency": "USD"},
            InvalidInputError,
            r"the ledger must have a amount column",
        ),
        (
            {"category": ["tools"], "amount (USD)": [1]},
            {"currency": "EUR"},
            CurrencyMismatchError,
            r"the ledger names different currencies \(EUR, USD\)",
        ),
        ({"category": ["tools"], "amount": [1]}, {}, InvalidInputError, r"the ledger's currency is unknown"),
        (
            {"category": ["tools"], "amount (USD)": [1], "currency": ["EUR"]},
            {},
            CurrencyMismatchError,
            r"column 'currency' names other currencies than 'USD'",
        ),
        (
            {"category": ["tools", "tools"], "amount": ["1", ""]},
            {"currency": "USD"},
            InvalidInputError,
            r"column 'amount' must hold an amount in every row \(got an empty cell at row 1\)",
        ),
        (
            {"category": ["tools"], "amount": [np.inf]},
            {"currency": "USD"},
            InvalidInputError,
            r"'amount' must be finite \(got inf at index 0\)",
        ),
        (
            {"category": ["tols"], "amount": [1]},
            {"currency": "USD"},
            InvalidInputError,
            r"column 'category' must hold 'ad spend', .* \(got 'tols' at row 0\); did you mean 'tools'\?",
        ),
        (
            {"category": ["tools"], "amount": [1], "currency": ["US"]},
            {},
            InvalidInputError,
            r"row 0 of the ledger is not a cost: 'currency' must be a three-letter ISO 4217 code",
        ),
        (
            {"category": ["tools"], "amount": [1]},
            {"decimal": ";", "currency": "USD"},
            InvalidInputError,
            r"'decimal' must be '.' or ','",
        ),
    ],
)
def test_ledger_errors(frame, options, error, message):
    with pytest.raises(error, match=message):
        CostTable.from_frame(frame, **options)


def test_an_empty_ledger_has_the_given_currency():
    ledger = CostTable.from_frame({"category": [], "amount": []}, currency="USD")
    assert ledger.net() == Money(amount=0.0, currency="USD")


def test_rows_that_cannot_be_read_are_skipped_and_reported_when_asked():
    frame = {
        "Day": ["2026-01-05", "05/01/2026", "2026-01-07", "2026-01-08", "2026-01-09"],
        "Campaign name": ["a", "a", None, "a", "a"],
        "Amount spent": ["1.00", "2.00", "3.00", "n.a.", "5.00"],
        "Link clicks": [1, 2, 3, 4, -5],
        "CTR (all)": ["1%", "1%", "1%", "1%", "x"],
        "Notes": ["", "", "", "", ""],
    }
    with pytest.raises(InvalidInputError, match=r"at row 1"):
        PerformanceTable.from_frame(frame, platform="meta", unknown="ignore")
    table = PerformanceTable.from_frame(frame, platform="meta", unknown="ignore", invalid="skip")
    assert table.rows == 5
    assert [r.spend for r in table] == [1.0]
    assert [(s.row, s.column) for s in table.skipped] == [
        (1, "Day"),
        (2, "Campaign name"),
        (3, "Amount spent"),
        (4, "Link clicks"),
        (4, "CTR (all)"),
    ]
    assert (
        table.skipped[0].reason
        == "column 'Day' must hold ISO dates such as '2026-01-31' (got '05/01/2026' at row 1)"
    )
    assert table.skipped[0].value == "'05/01/2026'"
    assert table.skipped[3].reason == "'Link clicks' must be >= 0 and finite (got -5.0 at row 4)"
    assert table.to_dict()["skipped"][2] == {
        "row": 3,
        "column": "Amount spent",
        "value": "'n.a.'",
        "reason": "column 'Amount spent' must hold numbers (with decimal='.') (got 'n.a.' at row 3)",
    }
    assert "skipped row 4: 'Link clicks' must be >= 0" in repr(table)
    assert [d.column for d in table.dropped] == ["Notes", "CTR (all)"]
    clean = PerformanceTable.from_frame({"date": ["2026-01-05"], "spend": [1]}, by=(), invalid="skip")
    assert (clean.skipped, clean.rows) == ((), 1)
    mapped = PerformanceTable.from_frame(
        {
            "date": ["2026-01-05", "2026-01-06"],
            "campaign": ["a", None],
            "ad_set": [None, "x"],
            "spend": [1, 2],
        },
        by="channel",
        channel_map={"a": "Meta"},
        invalid="skip",
    )
    assert [(s.row, s.column) for s in mapped.skipped] == [(1, "campaign")]  # ad sets are not read
    assert mapped.labels == (("meta",),)
    with pytest.raises(InvalidInputError, match=r"'invalid' must be 'raise' or 'skip' \(got 'drop'\)"):
        PerformanceTable.from_frame(frame, invalid="drop")  # type: ignore[arg-type]


# --- the period of each cost ----------------------------------------------------------------------------


def test_a_dated_row_is_a_cost_of_that_day():
    ledger = CostTable.from_frame(LEDGER)
    assert [i.period for i in ledger.costs] == [(d, d) for d in ledger.cost_dates]
    assert ledger.to_dict()["costs"][0]["period"] == ["2026-01-03", "2026-01-03"]


@pytest.mark.parametrize("make", FRAMES)
def test_start_and_end_columns_give_each_row_its_period(make):
    ledger = CostTable.from_frame(
        make(
            {
                "Period start": ["2026-01-01", "2026-01-15"],
                "End date": ["2026-01-31", "2026-02-14"],
                "Category": ["management", "ad spend"],
                "Amount (EUR)": [2_000, 600],
                "Date": ["2026-01-31", "2026-02-14"],
            }
        )
    )
    assert [i.period for i in ledger.costs] == [
        (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 1, 15), D(2026, 2, 14)),
    ]
    assert ledger.cost_dates == (D(2026, 1, 31), D(2026, 2, 14))


def test_a_month_column_gives_the_calendar_month():
    ledger = CostTable.from_frame(
        {"month": ["2026-02", "2024-02-10", "2026-12"], "category": ["tools"] * 3, "amount (USD)": [1, 2, 3]}
    )
    assert [i.period for i in ledger.costs] == [
        (D(2026, 2, 1), D(2026, 2, 28)),
        (D(2024, 2, 1), D(2024, 2, 29)),
        (D(2026, 12, 1), D(2026, 12, 31)),
    ]


def test_period_dates_an_undated_ledger():
    january = (D(2026, 1, 1), D(2026, 1, 31))
    ledger = CostTable.from_frame(
        {"category": ["tools", "refund"], "amount (USD)": [10, 4]}, period=list(january)
    )
    assert [i.period for i in (*ledger.costs, *ledger.credits)] == [january, january]
    assert CostTable.from_frame({"category": ["tools"], "amount (USD)": [1]}).costs.items[0].period is None


@pytest.mark.parametrize(
    ("frame", "options", "message"),
    [
        (
            LEDGER,
            {"period": (D(2026, 1, 1), D(2026, 1, 31))},
            r"^'period' is for a ledger without dates, and this one has 'Date': drop",
        ),
        (
            {"category": ["tools"], "amount (USD)": [1]},
            {"period": (D(2026, 2, 1), D(2026, 1, 31))},
            r"^'period' must be a pair \(first day, last day\) with period\[0\] <= period\[1\]",
        ),
        (
            {"from": ["2026-01-01"], "category": ["tools"], "amount (USD)": [1]},
            {},
            r"^the ledger has a start column \('from'\) but no end column: a period needs both$",
        ),
        (
            {"to": ["2026-01-01"], "category": ["tools"], "amount (USD)": [1]},
            {},
            r"^the ledger has a end column \('to'\) but no start column",
        ),
        (
            {
                "start": ["2026-01-01"],
                "end": ["2026-01-31"],
                "month": ["2026-01"],
                "category": ["tools"],
                "amount (USD)": [1],
            },
            {},
            r"^columns 'start', 'end' and 'month' all date the period; pass mapping",
        ),
        (
            {
                "start": ["2026-01-01", "2026-02-01"],
                "end": ["2026-01-31", "2026-01-31"],
                "category": ["tools"] * 2,
                "amount (USD)": [1, 1],
            },
            {},
            r"^row 1 of the ledger ends before it starts \('start' 2026-02-01 > 'end' 2026-01-31\)$",
        ),
        ({"month": ["January"], "category": ["tools"], "amount (USD)": [1]}, {}, r"'month'.*'January'"),
    ],
)
def test_period_errors(frame, options, message):
    with pytest.raises(InvalidInputError, match=message):
        CostTable.from_frame(frame, **options)


def test_between_selects_by_period_without_a_date_column():
    ledger = CostTable.from_frame(
        {
            "start": ["2026-01-01", "2026-02-01", "2026-01-15", "2026-02-03"],
            "end": ["2026-01-31", "2026-02-28", "2026-02-14", "2026-02-03"],
            "category": ["tools", "tools", "content", "refund"],
            "amount (USD)": [10, 20, 40, 5],
            "label": ["jan", "feb", "reels", "refund"],
        }
    )
    with pytest.raises(
        InvalidInputError,
        match=r"^'reels' covers 2026-01-15 to 2026-02-14, across the edge of 2026-02-01 to 2026-02-28: it belongs to both sides",
    ):
        ledger.between(D(2026, 2, 1), D(2026, 2, 28))
    with pytest.raises(
        InvalidInputError, match=r"^'reels' covers .* across the edge of 2026-01-01 to 2026-01-31"
    ):
        ledger.between(D(2026, 1, 1), D(2026, 1, 31))
    both = ledger.between(D(2026, 1, 1), D(2026, 2, 28))
    assert (both.total().amount, both.credited().amount) == (70.0, 5.0)
    later = ledger.between(D(2026, 3, 1), D(2026, 3, 31))
    assert (later.total().amount, later.credited().amount, later.cost_dates) == (0.0, 0.0, ())
    unlabelled = CostTable.from_frame({"month": ["2026-01"], "category": ["tools"], "amount (USD)": [1]})
    with pytest.raises(InvalidInputError, match=r"^'tools' covers 2026-01-01 to 2026-01-31, across the edge"):
        unlabelled.between(D(2026, 1, 10), D(2026, 1, 20))


# --- pivot: one field per group and period, for a marketing mix model ----------------------------------

LONG = {
    "date": ["2026-01-05", "2026-01-06", "2026-01-05", "2026-01-26", "2026-01-27"],
    "channel": ["Meta", "Meta", "TikTok", "Meta", "TikTok"],
    "campaign": ["a", "b", "c", "a", "c"],
    "spend": [10.0, 5.0, 7.0, 20.0, 3.0],
    "impressions": [1000, 400, 900, 2500, 300],
    "reach": [800, 300, 700, 2000, 250],
}


class TestPivot:
    def test_campaigns_add_up_and_missing_weeks_are_dark(self):
        table = PerformanceTable.from_frame(LONG, by=("channel", "campaign"), period="week")
        spend = table.pivot("spend", label="channel")
        assert spend.periods == tuple(dt.date(2026, 1, d) for d in (5, 12, 19, 26))
        assert {name: values.tolist() for name, values in spend.items()} == {
            "meta": [15.0, 0.0, 0.0, 20.0],
            "tiktok": [7.0, 0.0, 0.0, 3.0],
        }
        assert (spend.field, spend.label, spend.period, spend.currency) == ("spend", "channel", "week", None)
        assert not spend["meta"].flags.writeable
        unknown = table.pivot("impressions", label="campaign", fill=np.nan)
        assert list(unknown) == ["a", "b", "c"]
        assert np.isnan(unknown["b"][1:]).all() and unknown["b"][0] == 400.0
        assert (
            repr(spend) == "PeriodColumns('spend' by 'channel': 2 groups x 4 weeks, 2026-01-05 to 2026-01-26)"
        )

    def test_months_quarters_and_days(self):
        for period, first, count in (
            ("month", dt.date(2026, 1, 1), 1),
            ("quarter", dt.date(2026, 1, 1), 1),
            ("day", dt.date(2026, 1, 5), 23),
        ):
            table = PerformanceTable.from_frame(LONG, by="channel", period=period)
            spend = table.pivot()
            assert spend.periods[0] == first and len(spend.periods) == count
            assert float(np.sum(spend["meta"])) == 35.0

    def test_a_record_that_does_not_know_the_field_gives_nan(self):
        table = PerformanceTable.from_frame(
            {**LONG, "clicks": [1, None, 2, 3, 4]}, by="campaign", period="week"
        )
        clicks = table.pivot("clicks")
        assert np.isnan(clicks["b"][0]) and clicks["a"].tolist() == [1.0, 0.0, 0.0, 3.0]

    def test_reach_does_not_add_up_across_records(self):
        by_campaign = PerformanceTable.from_frame(LONG, by="campaign", period="week")
        assert by_campaign.pivot("reach")["a"].tolist() == [800.0, 0.0, 0.0, 2000.0]
        table = PerformanceTable.from_frame(LONG, by=("channel", "campaign"), period="week")
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "'field' 'reach' does not add up (people overlap, or it is a level): 'meta' has 2 records in the period of 2026-01-05"
            ),
        ):
            table.pivot("reach", label="channel")

    def test_money_in_one_currency(self):
        mixed = {**LONG, "currency": ["USD", "USD", "EUR", "USD", "EUR"]}
        table = PerformanceTable.from_frame(mixed, by="channel", period="week")
        with pytest.raises(
            CurrencyMismatchError, match=re.escape("'spend' must be in one currency to add up (got EUR, USD)")
        ):
            table.pivot()
        assert table.pivot("impressions").currency is None
        assert table.select(channel="meta").pivot().currency == "USD"

    def test_errors(self):
        table = PerformanceTable.from_frame(LONG, by=("channel", "campaign"), period="week")
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "'label' must be one of the table's labels 'channel' or 'campaign' (the table has several) (got None)"
            ),
        ):
            table.pivot()
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "'label' must be one of the table's labels 'channel' or 'campaign' (got 'chanel'); did you mean 'channel'?"
            ),
        ):
            table.pivot(label="chanel")
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "'field' must be a numeric Performance field (got 'spnd'); did you mean 'spend'?"
            ),
        ):
            table.pivot("spnd")
        with pytest.raises(
            InvalidInputError, match=re.escape("'table' must hold at least one record to pivot (got none)")
        ):
            table.select(channel="x").pivot(label="channel")
        unlabelled = PerformanceTable.from_frame({"date": ["2026-01-05"], "spend": [1.0]}, by=())
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "'label' must be a label of the table (it has none: read it with by=...) (got None)"
            ),
        ):
            unlabelled.pivot()

    def test_from_an_export_to_a_marketing_mix_fit(self):
        from socialroi.datasets import synthetic_mmm
        from socialroi.mmm import MarketingMixModel

        data = synthetic_mmm(weeks=104, channels=2, seed=1, price_swing=0.3)
        mondays = pd.date_range("2024-01-01", periods=104, freq="W-MON")
        rows = [
            {
                "date": day,
                "channel": name,
                "spend": data.spend[name][t],
                "impressions": data.impressions[name][t],
            }
            for name in data.channels
            for t, day in enumerate(mondays)
            if data.spend[name][t] > 0  # an export has no rows for dark weeks
        ]
        table = PerformanceTable.from_frame(pd.DataFrame(rows), by="channel", period="week")
        spend, shown = table.pivot("spend"), table.pivot("impressions")
        assert len(spend.periods) == 104 and spend.periods[0] == dt.date(2024, 1, 1)
        assert all(np.array_equal(spend[name], data.spend[name]) for name in data.channels)
        fit = MarketingMixModel().fit(spend, data.revenue, media=shown)
        direct = MarketingMixModel().fit(data.spend, data.revenue, media=data.impressions)
        assert fit.roas.tolist() == pytest.approx(direct.roas.tolist(), rel=1e-9)
