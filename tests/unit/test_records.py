"""Money, Performance, CostItem and Costs: arithmetic, validation, immutability."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
import re

import attrs
import numpy as np
import pytest

from socialroi import CostCategory, CostItem, Costs, Money, Performance
from socialroi._display import plain
from socialroi.exceptions import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    UndefinedMetricError,
    UndefinedMetricWarning,
)


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


def eur(amount: float) -> Money:
    return Money(amount=amount, currency="EUR")


# --- Money ------------------------------------------------------------------------------------------------


def test_money_arithmetic_within_one_currency():
    assert usd(5) + usd(2.5) == usd(7.5)
    assert usd(5) - usd(7) == usd(-2)
    assert -usd(3) == usd(-3)
    assert usd(5) * 2 == usd(10)
    assert 2 * usd(5) == usd(10)
    assert usd(5) / 2 == usd(2.5)
    assert usd(5_000) / usd(1_000) == 5.0
    assert sum([usd(1), usd(2), usd(3)]) == usd(6)
    assert str(usd(1234.5)) == "1,234.50 USD"


def test_money_comparisons():
    assert usd(1) < usd(2) <= usd(2) < usd(3)
    assert usd(3) > usd(2) >= usd(2)
    assert sorted([usd(3), usd(1)]) == [usd(1), usd(3)]


def test_money_currency_is_normalised_and_validated():
    assert Money(amount=1, currency="usd").currency == "USD"
    for bad in ("US", "dollars", 840, ""):
        with pytest.raises(InvalidInputError, match=r"'currency' must be a three-letter ISO 4217 code"):
            Money(amount=1, currency=bad)


@pytest.mark.parametrize("bad", [math.inf, math.nan, "5", None])
def test_money_amount_must_be_a_finite_number(bad):
    with pytest.raises(InvalidInputError, match=r"'amount' must be"):
        Money(amount=bad, currency="USD")


@pytest.mark.parametrize(
    ("operation", "verb"),
    [
        (lambda: usd(1) + eur(1), "add"),
        (lambda: usd(1) - eur(1), "subtract"),
        (lambda: usd(1) < eur(1), "compare"),
        (lambda: usd(1) <= eur(1), "compare"),
        (lambda: usd(1) > eur(1), "compare"),
        (lambda: usd(1) >= eur(1), "compare"),
        (lambda: usd(1) / eur(1), "divide"),
    ],
)
def test_money_refuses_mixed_currencies(operation, verb):
    with pytest.raises(CurrencyMismatchError, match=rf"cannot {verb} USD and EUR amounts; convert one first"):
        operation()


def test_money_refuses_other_operands():
    with pytest.raises(TypeError):
        usd(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        usd(1) - 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        usd(1) * usd(1)  # type: ignore[operator]
    with pytest.raises(InvalidInputError, match=r"^'factor' must be a number \(got True\)$"):
        usd(1) * True
    with pytest.raises(TypeError):
        usd(1) < 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        sum([usd(1)], 1)  # type: ignore[arg-type]
    assert usd(1) != 1


def test_money_division_errors():
    with pytest.raises(
        UndefinedMetricError, match=r"an amount divided is undefined where 'divisor' is 0 \(got 0.0\)"
    ):
        usd(1) / 0
    with pytest.raises(InvalidInputError, match=r"'divisor' must be a number \(got 'x'\)"):
        usd(1) / "x"
    with pytest.raises(ZeroDivisionError, match=r"a ratio of amounts is undefined where 'divisor' is 0"):
        usd(1) / usd(0)


def test_numpy_scalars_are_numbers():
    # What pandas hands back from a row or a sum.
    record = Performance(impressions=np.int64(10_000), clicks=np.float32(40), spend=np.float64(50))
    assert record.ctr == 0.004
    assert usd(2) * np.int64(3) == usd(6)
    assert Money(amount=np.float32(1.5), currency="USD").amount == 1.5
    with pytest.raises(InvalidInputError, match=r"'clicks' must be a number \(got (np\.)?True_?\)"):
        Performance(clicks=np.bool_(True))


def test_money_is_immutable():
    money = usd(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        money.amount = 2.0  # type: ignore[misc]
    assert Money.zero("EUR") == eur(0)


# --- Performance --------------------------------------------------------------------------------------


def test_performance_kpis_by_hand():
    p = Performance(
        impressions=10_000,
        reach=4_000,
        clicks=40,
        engagements=300,
        spend=50.0,
        conversions=4,
        leads=5,
        revenue=250.0,
        video_views=2_000,
        views_100=500,
        sessions=32,
        bounced_sessions=16,
        orders=5,
        follows=25,
        unfollows=5,
    )
    assert (p.cpm, p.cpc, p.ctr, p.cpa, p.cpl) == (5.0, 1.25, 0.004, 12.5, 10.0)
    assert (p.cpv, p.cpe, p.roas, p.frequency) == (0.025, 50 / 300, 5.0, 2.5)
    assert (p.engagement_rate, p.view_rate, p.completion_rate) == (0.03, 0.2, 0.25)
    assert (p.conversion_rate, p.bounce_rate, p.average_order_value, p.net_followers) == (
        0.125,
        0.5,
        50.0,
        20.0,
    )


def test_performance_missing_field_names_it():
    with pytest.raises(MissingDataError, match=r"ctr needs 'impressions', which was not measured"):
        _ = Performance(clicks=10).ctr


def test_performance_zero_denominator_follows_policy():
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(Performance(clicks=0, impressions=0).ctr)


def test_performance_addition_is_ratio_of_sums():
    a = Performance(
        channel="fb",
        impressions=8_000,
        reach=5_000,
        followers=900,
        clicks=40,
        spend=40.0,
        currency="USD",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
    )
    b = Performance(
        channel="fb",
        impressions=2_000,
        reach=1_500,
        followers=950,
        clicks=10,
        spend=10.0,
        start=dt.date(2026, 2, 1),
        end=dt.date(2026, 2, 28),
    )
    total = a + b
    assert total.ctr == 50 / 10_000
    assert total.reach is None and total.followers is None
    assert total.channel == "fb" and total.currency == "USD"
    assert (total.start, total.end) == (dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert total.revenue is None  # unmeasured on both sides stays unmeasured
    other = a + Performance(channel="ig", impressions=1)
    assert other.channel is None and other.start is None and other.clicks is None


def test_performance_total():
    records = [Performance(clicks=1), Performance(clicks=2), Performance(clicks=3)]
    assert Performance.total(records).clicks == 6.0
    with pytest.raises(InvalidInputError, match=r"^'records' must be at least one element \(got \(\)\)$"):
        Performance.total([])
    with pytest.raises(InvalidInputError, match=r"^'records\[1\]' must be a Performance \(got 1\)$"):
        Performance.total([Performance(), 1])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match=r"^'records' must be a sequence \(got None\)$"):
        Performance.total(None)  # type: ignore[arg-type]
    assert Performance.total(p for p in records).clicks == 6.0


def test_performance_refuses_mixed_currencies_and_other_types():
    with pytest.raises(CurrencyMismatchError, match="cannot add USD and EUR performance"):
        Performance(currency="USD") + Performance(currency="EUR")
    with pytest.raises(TypeError):
        Performance() + 1  # type: ignore[operator]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"clicks": -1}, r"'clicks' must be >= 0 and finite \(got -1.0\)"),
        ({"spend": math.inf}, r"'spend' must be >= 0 and finite \(got inf\)"),
        ({"impressions": math.nan}, r"'impressions' must be a number, not NaN"),
        ({"revenue": math.inf}, r"'revenue' must be finite \(got inf\)"),
        (
            {"video_views": 10, "views_25": 5, "views_50": 6},
            r"'views_50' must be <= 'views_25' \(got 6.0 > 5.0\)",
        ),
        ({"video_views": 10, "views_75": 11}, r"'views_75' must be <= 'video_views' \(got 11.0 > 10.0\)"),
        ({"reach": 11, "impressions": 10}, r"'reach' must be <= 'impressions' \(got 11.0 > 10.0\)"),
        ({"bounced_sessions": 3, "sessions": 2}, r"'bounced_sessions' must be <= 'sessions'"),
        (
            {"start": dt.date(2026, 2, 1), "end": dt.date(2026, 1, 1)},
            r"'start' must be <= 'end' \(got 2026-02-01 > 2026-01-01\)",
        ),
        ({"currency": "dollar"}, r"'currency' must be a three-letter ISO 4217 code"),
    ],
)
def test_performance_validation(fields, message):
    with pytest.raises(InvalidInputError, match=message):
        Performance(**fields)


def test_performance_refunds_allowed_and_immutable():
    p = Performance(revenue=-20.0, spend=10.0)
    assert p.roas == -2.0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.spend = 3.0  # type: ignore[misc]


def test_performance_repr_shows_measured_fields_only():
    assert repr(Performance(channel="x", clicks=3)) == "Performance(channel='x', clicks=3.0)"


# --- costs --------------------------------------------------------------------------------------------


def test_cost_item_and_staff_time():
    item = CostItem.staff_time(hours=12, hourly_rate=usd(40), label="community", channel="ig")
    assert item.amount == usd(480)
    assert (item.category, item.hours, item.hourly_rate, item.channel) == (
        CostCategory.STAFF_TIME,
        12.0,
        usd(40),
        "ig",
    )
    assert CostItem(category="AD_SPEND", amount=usd(1)).category is CostCategory.AD_SPEND


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: CostItem(category="ads", amount=usd(1)),
            (
                r"^'category' must be a CostCategory or 'ad_spend', 'content', 'management', 'tools', "
                r"'staff_time' or 'other' \(got 'ads'\)$"
            ),
        ),
        (
            lambda: CostItem(category="Tool", amount=usd(1)),
            r"^'category' must be a CostCategory or .* \(got 'Tool'\); did you mean 'tools'\?$",
        ),
        (
            lambda: CostItem(category="tools", amount=5),
            r"^'amount' must be Money, such as Money\(amount=5, currency='USD'\) \(got 5\)$",
        ),
        (
            lambda: CostItem(category="tools", amount=usd(-5), label="refund"),
            r"'amount' must be >= 0 \(got -5.0 for 'refund'\)",
        ),
        (
            lambda: CostItem.staff_time(hours=-1, hourly_rate=usd(5)),
            r"'hours' must be >= 0 and finite \(got -1.0\)",
        ),
        (lambda: CostItem.staff_time(hours=1, hourly_rate=5), r"'hourly_rate' must be Money"),
        (lambda: Costs(items=[usd(1)]), r"^'items\[0\]' must be a CostItem \(got Money\(.*\)\)$"),
    ],
)
def test_cost_validation(make, message):
    with pytest.raises(InvalidInputError, match=message):
        make()


def ledger() -> Costs:
    return Costs(
        items=[
            CostItem(category="ad_spend", amount=usd(800), channel="facebook"),
            CostItem(category="ad_spend", amount=usd(200), channel="tiktok"),
            CostItem(category="content", amount=usd(300), channel="facebook"),
            CostItem(category="tools", amount=usd(100)),
            CostItem.staff_time(hours=2, hourly_rate=usd(50)),
        ]
    )


def test_costs_totals_and_breakdowns():
    costs = ledger()
    assert len(costs) == 5 and next(iter(costs)).channel == "facebook"
    assert costs.total() == usd(1_500)
    assert costs.ad_spend() == usd(1_000)
    assert costs.by_category() == {
        CostCategory.AD_SPEND: usd(1_000),
        CostCategory.CONTENT: usd(300),
        CostCategory.TOOLS: usd(100),
        CostCategory.STAFF_TIME: usd(100),
    }
    assert costs.by_channel() == {"facebook": usd(1_100), "tiktok": usd(200), None: usd(200)}


def test_costs_filter():
    costs = ledger()
    assert costs.filter(category=CostCategory.AD_SPEND).total() == usd(1_000)
    assert costs.filter(category=["tools", "staff_time"]).total() == usd(200)
    assert costs.filter(channel="facebook").total() == usd(1_100)
    assert costs.filter(channel=None).total() == usd(200)
    assert costs.filter(channel=["facebook", None]).total() == usd(1_300)
    assert costs.filter(category="ad_spend", channel="tiktok").total() == usd(200)
    assert costs.filter().items == costs.items


def test_costs_add_and_convert():
    mixed = ledger() + Costs(items=[CostItem(category="management", amount=eur(1_000))])
    with pytest.raises(
        CurrencyMismatchError, match=r"cannot total costs in EUR, USD; convert\(to, rates\) them first"
    ):
        mixed.total()
    converted = mixed.convert("usd", {"EUR": 1.1})
    assert converted.total() == usd(2_600)
    assert converted.currency == "USD"
    staff = Costs(items=[CostItem.staff_time(hours=2, hourly_rate=eur(10))]).convert("USD", {"EUR": 2})
    assert staff.items[0].hourly_rate == usd(20) and staff.items[0].amount == usd(40)
    with pytest.raises(
        InvalidInputError, match=r"'rates' must give a rate for EUR \(got rates for nothing\)"
    ):
        mixed.convert("USD", {})
    with pytest.raises(InvalidInputError, match=r"'rates\[EUR\]' must be > 0 and finite \(got -1.0\)"):
        mixed.convert("USD", {"EUR": -1})
    with pytest.raises(TypeError):
        ledger() + 1  # type: ignore[operator]


def test_empty_ledger():
    assert Costs(currency="EUR").total() == eur(0)
    assert Costs(currency="EUR").by_category() == {}
    with pytest.raises(
        MissingDataError, match=r"an empty ledger has no currency; pass Costs\(currency=...\)"
    ):
        Costs().total()


def test_costs_are_immutable():
    costs = ledger()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        costs.items = ()  # type: ignore[misc]
    assert isinstance(costs.items, tuple)


# --- issue 12: no invalid record, no raw error, no overflow into inf -----------------------------------


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda: usd(1e308) + usd(1e308), r"^1e\+308 USD \+ 1e\+308 USD overflows the float range"),
        (lambda: usd(-1e308) - usd(1e308), r"^-1e\+308 USD - 1e\+308 USD overflows the float range"),
        (lambda: usd(1e308) * 10, r"^1e\+308 USD \* 10.0 overflows the float range"),
        (lambda: 10 * usd(1e308), r"^1e\+308 USD \* 10.0 overflows the float range"),
        (lambda: usd(1e308) / 1e-10, r"^1e\+308 USD / 1e-10 overflows the float range"),
        (lambda: sum([usd(1e308), usd(1e308)]), r"^1e\+308 USD \+ 1e\+308 USD overflows"),
        (lambda: Money(amount=10**400, currency="USD"), r"^'amount' must be finite \(got 1000000"),
        (lambda: usd(1) * 10**400, r"^'factor' must be finite \(got 1000000"),
        (lambda: usd(1) / 10**400, r"^'divisor' must be finite \(got 1000000"),
        (lambda: usd(1) * math.nan, r"^'factor' must be a number, not NaN, and finite \(got nan\)$"),
        (
            lambda: CostItem.staff_time(hours=1e308, hourly_rate=usd(10)),
            r"^10.0 USD \* 1e\+308 overflows the float range",
        ),
        (
            lambda: Costs(items=[CostItem(category="tools", amount=eur(10))]).convert("USD", {"EUR": 1e308}),
            r"^10.0 EUR \* 1e\+308 overflows the float range",
        ),
        (
            lambda: Costs(items=[CostItem(category="tools", amount=usd(1e308))] * 2).total(),
            r"^1e\+308 USD \+ 1e\+308 USD overflows",
        ),
    ],
)
def test_money_overflow_names_the_operation(operation, message):
    with pytest.raises(InvalidInputError, match=message):
        operation()


def test_money_sums_from_zero_only():
    assert sum([usd(1)], 0) == usd(1)
    assert usd(1).__radd__(np.int64(0)) is not NotImplemented
    assert usd(1).__radd__(np.zeros(2)) is NotImplemented  # no ambiguous truth value of an array


def test_currency_codes_are_three_ascii_letters():
    assert Money(amount=1, currency="eUr").currency == "EUR"
    for bad in ("ßd", "ÜSD", "US1", "usd "):
        with pytest.raises(InvalidInputError, match=r"^'currency' must be a three-letter ISO 4217 code"):
            Money(amount=1, currency=bad)
    with pytest.raises(
        InvalidInputError, match=r"^'to' must be a three-letter ISO 4217 code .*\(got 'ßd'\)$"
    ):
        Costs().convert("ßd", {})


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Performance(start="2024-01-01"),
            r"^'start' must be a datetime.date \(not a datetime or a string\) \(got '2024-01-01'\)$",
        ),
        (lambda: Performance(end=dt.datetime(2024, 1, 1)), r"^'end' must be a datetime.date"),  # noqa: DTZ001
        (lambda: Performance(channel=5), r"^'channel' must be a string \(got 5\)$"),
        (lambda: Performance(channel=" "), r"^'channel' must be a non-empty string \(got ' '\)$"),
        (lambda: CostItem(category="tools", amount=usd(1), label=5), r"^'label' must be a string \(got 5\)$"),
        (lambda: CostItem(category="tools", amount=usd(1), channel=5), r"^'channel' must be a string"),
        (lambda: Costs(items=None), r"^'items' must be a sequence \(got None\)$"),
        (lambda: Costs(items=usd(1)), r"^'items' must be a sequence \(got Money\("),
        (lambda: ledger().filter(channel=5), r"^'channel' must be a string \(got 5\)$"),
        (lambda: ledger().filter(channel=["fb", 5]), r"^'channel\[1\]' must be a string \(got 5\)$"),
        (lambda: ledger().filter(category=5), r"^'category' must be a CostCategory or 'ad_spend'"),
        (
            lambda: ledger().filter(category=["tools", "tool"]),
            r"^'category\[1\]' must be a CostCategory or .*; did you mean 'tools'\?$",
        ),
        (
            lambda: ledger().convert("USD", None),
            r"^'rates' must be a mapping such as \{'EUR': 1.1\} \(got None\)$",
        ),
        (
            lambda: Costs(items=[CostItem(category="tools", amount=eur(1))]).convert("USD", {1: 2, "GBP": 1}),
            r"^'rates' must give a rate for EUR \(got rates for \['1', 'GBP'\]\)$",
        ),
        (
            lambda: CostItem(category="staff_time", amount=usd(10), hours=1, hourly_rate=usd(-10)),
            r"^'hourly_rate' must be >= 0 \(got -10.0 for ''\)$",
        ),
        (
            lambda: Performance().need("clics", "ctr"),
            r"^'field' must be a count or amount of Performance \(got 'clics'\); did you mean 'clicks' or 'link_clicks'\?$",
        ),
        (
            lambda: Performance().need(5, "ctr"),
            r"^'field' must be a count or amount of Performance \(got 5\)$",
        ),
        (lambda: Performance().need("channel", "ctr"), r"^'field' must be a count or amount of Performance"),
    ],
)
def test_an_invalid_record_cannot_exist(build, message):
    with pytest.raises(InvalidInputError, match=message):
        build()


def test_hourly_rate_is_in_the_currency_of_the_amount():
    with pytest.raises(
        CurrencyMismatchError,
        match=r"^'hourly_rate' must be in the currency of 'amount', USD \(got EUR for 'x'\)$",
    ):
        CostItem(category="staff_time", amount=usd(10), hours=1, hourly_rate=eur(10), label="x")


def test_dates_are_dates_so_records_compare_and_add():
    first = Performance(start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), clicks=1)
    second = Performance(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29), clicks=2)
    assert ((first + second).start, (first + second).end) == (dt.date(2024, 1, 1), dt.date(2024, 2, 29))


def test_adding_records_that_overflow_names_the_field():
    big = Performance(impressions=1e308)
    with pytest.raises(
        InvalidInputError, match=r"^adding the records overflows 'impressions': 1e\+308 \+ 1e\+308 is beyond"
    ):
        big + big


def test_a_huge_rating_times_reviews_still_combines():
    first = Performance(reviews=1e300, rating=1e10)
    second = Performance(reviews=1e300, rating=3e10)
    assert (first + second).rating == pytest.approx(2e10)


def test_filter_by_channel_keeps_none_and_generators():
    costs = ledger()
    assert costs.filter(channel=(c for c in ["facebook", None])).total() == usd(1_300)
    assert costs.filter(category=(c for c in [CostCategory.TOOLS])).total() == usd(100)


def _records() -> list[object]:
    item = CostItem.staff_time(hours=2, hourly_rate=usd(50), label="community", channel="ig")
    return [
        usd(1.5),
        Performance(
            channel="fb", start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), clicks=3, revenue=-2.0
        ),
        item,
        Costs(items=[item], currency="USD"),
        CostCategory.TOOLS,
    ]


@pytest.mark.parametrize("record", _records(), ids=lambda r: type(r).__name__)
def test_every_record_pickles_and_deep_copies(record):
    assert pickle.loads(pickle.dumps(record)) == record  # noqa: S301  # our own bytes
    assert copy.deepcopy(record) == record
    assert copy.copy(record) == record


@pytest.mark.parametrize("record", _records(), ids=lambda r: type(r).__name__)
def test_every_record_is_strict_json_in_reports(record):
    # The report's to_dict() writes records through _display.plain; a record holds no NaN or inf.
    json.dumps(plain(record), allow_nan=False)


def test_the_ledger_matches_channels_by_the_one_channel_rule():
    usd = Money(amount=10, currency="USD")
    ledger = Costs(
        items=[
            CostItem(category="ad_spend", amount=usd, channel="Meta"),
            CostItem(category="ad_spend", amount=usd, channel="meta "),
            CostItem(category="ad_spend", amount=usd, channel="TikTok"),
            CostItem(category="content", amount=usd),
        ]
    )
    totals = ledger.by_channel()
    assert totals == {"Meta": Money(amount=20, currency="USD"), "TikTok": usd, None: usd}
    assert list(totals) == ["Meta", "TikTok", None]
    assert len(ledger.filter(channel="META")) == 2
    assert len(ledger.filter(channel=["tiktok", None])) == 2
    assert ledger.filter(channel="Meta").total() == Money(amount=20, currency="USD")


def test_records_of_one_channel_spelt_differently_add_up_under_the_first_spelling():
    total = Performance(channel="Meta", impressions=10) + Performance(channel="meta ", impressions=5)
    assert total.channel == "Meta"
    assert total.impressions == 15
    assert (
        Performance(channel="Meta", impressions=1) + Performance(channel="search", impressions=1)
    ).channel is None
    assert (Performance(impressions=1) + Performance(channel="search", impressions=1)).channel is None


def test_a_performance_shows_as_a_card_of_its_fields_and_ratios_in_a_notebook():
    record = Performance(
        channel="<meta>",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 31),
        impressions=10_000,
        clicks=40,
        conversions=3,
        spend=50,
        revenue=120.5,
        currency="USD",
    )
    page = record._repr_html_()
    assert "Performance: &lt;meta&gt;, 2026-01-01 to 2026-01-31</caption>" in page
    cells = re.findall(r">([^<>]+)</t[hd]>", page)
    assert list(zip(cells[::2], cells[1::2], strict=True)) == [
        ("impressions", "10,000"),
        ("clicks", "40"),
        ("conversions", "3"),
        ("revenue", "120.50 USD"),
        ("spend", "50.00 USD"),
        ("CTR", "0.40 %"),
        ("CPC", "1.25 USD"),
        ("CPM", "5.00 USD"),
        ("CPA", "16.67 USD"),
        ("ROAS", "2.41"),
    ]
    # undefined ratios show the one missing mark, and a record without labels is the total
    empty = Performance(clicks=0, impressions=0, video_views=2.5)._repr_html_()
    assert "Performance: total</caption>" in empty
    assert re.findall(r">([^<>]+)</t[hd]>", empty)[-6:] == [
        "clicks",
        "0",
        "video_views",
        "2.50",
        "CTR",
        "n/a",
    ]
