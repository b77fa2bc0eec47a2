"""Attribution results, ROAS per channel, comparison and bootstrap intervals."""

from __future__ import annotations

import json
import re

import attrs
import numpy as np
import pytest

from socialroi import CostCategory, CostItem, Costs, Money
from socialroi.attribution import (
    Attribution,
    AttributionComparison,
    AttributionIntervals,
    Credits,
    CreditSums,
    FirstTouch,
    Journeys,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
    attribute,
    bootstrap,
    compare,
    default_models,
)
from socialroi.exceptions import (
    CurrencyMismatchError,
    InvalidInputError,
    UndefinedMetricError,
    UndefinedMetricWarning,
)

JOURNEYS = Journeys.from_paths(
    ["facebook > email", "email", "search > facebook", "search"],
    conversions=[3, 1, 2, 0],
    nulls=[10, 5, 4, 20],
    values=[300.0, 50.0, 100.0, 0.0],
)


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


# --- Attribution -----------------------------------------------------------------------------------


def test_attribution_fields_totals_shares_and_top():
    result = attribute(JOURNEYS, LastTouch())
    assert result.model == "last touch"
    assert result.channels == ("email", "facebook", "search")
    assert result.conversions.tolist() == [4.0, 2.0, 0.0]
    assert result.value.tolist() == [350.0, 100.0, 0.0]
    assert (result.total_conversions, result.total_value) == (6.0, 450.0)
    assert result.shares.tolist() == pytest.approx([4 / 6, 2 / 6, 0.0])
    assert result.value_shares.tolist() == pytest.approx([350 / 450, 100 / 450, 0.0])
    assert result.top(2) == [("email", 4.0), ("facebook", 2.0)]
    assert result.top(5, by="value") == [("email", 350.0), ("facebook", 100.0), ("search", 0.0)]
    assert result.top(0) == []
    assert not result.conversions.flags.writeable


def test_shares_without_conversions_are_nan():
    result = attribute(Journeys.from_paths(["a"], conversions=[0], nulls=[1]), FirstTouch())
    assert np.isnan(result.shares).all()
    assert np.isnan(result.value_shares).all()
    assert "n/a" in repr(result)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: r.top(by="revenue"), "'by' must be 'conversions' or 'value' (got 'revenue')"),
        (lambda r: r.top(-1), "'n' must be an integer >= 0 (got -1)"),
        (lambda r: r.top(True), "'n' must be an integer >= 0 (got True)"),
    ],
)
def test_top_errors(call, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        call(attribute(JOURNEYS, LastTouch()))


def test_attribution_validation():
    with pytest.raises(InvalidInputError, match=r"^'value' must have one value per channel \(2\) \(got 1\)$"):
        Attribution(model="m", channels=("a", "b"), conversions=[1, 2], value=[1])
    with pytest.raises(
        InvalidInputError,
        match=r"^'conversions' must be a one-dimensional array of numbers \(got array\(1\.\) with shape \(\)\)$",
    ):
        Attribution(model="m", channels=("a",), conversions=1.0, value=[1])
    with pytest.raises(InvalidInputError, match=r"^'journeys' must be Journeys \(got dict\)$"):
        attribute({}, LastTouch())  # type: ignore[arg-type]


def test_to_dict_is_json_ready_and_keeps_extras():
    result = Attribution.from_credits(
        "custom",
        Credits(
            channels=["a", "b"],
            conversions=[1.0, 3.0],
            value=[2.0, 6.0],
            extras={"matrix": np.eye(2), "count": np.int64(3), "nested": {"x": (np.float64(0.5),)}},
        ),
    )
    data = result.to_dict()
    assert data["extras"] == {"matrix": [[1.0, 0.0], [0.0, 1.0]], "count": 3, "nested": {"x": [0.5]}}
    assert data["shares"] == {"a": 0.25, "b": 0.75}
    assert json.loads(json.dumps(data)) == data


def test_repr_and_html_escape_names():
    journeys = Journeys.from_paths([["<b>x</b> & y"]], conversions=[2], values=[1234.5])
    result = attribute(journeys, FirstTouch())
    assert repr(result) == (
        "Attribution(first touch, 2 conversions, value 1,234.50)\n"
        "  channel       conversions    share     value\n"
        "  <b>x</b> & y         2.00  100.0 %  1,234.50"
    )
    page = result._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in page
    assert "<b>x" not in page
    assert page.startswith('<div style="overflow-x:auto"><table ')  # a wide table scrolls in its cell
    assert ">Attribution: first touch</caption>" in page


# --- ROAS ------------------------------------------------------------------------------------------


def test_roas_from_a_mapping():
    result = attribute(JOURNEYS, LastTouch())
    table = result.roas({"email": 70, "facebook": 50, "tiktok": 25}, zero_division=float("inf"))
    assert table.channels == ("email", "facebook", "search", "tiktok")
    np.testing.assert_array_equal(table.spend, [70.0, 50.0, np.nan, 25.0])
    np.testing.assert_array_equal(table.conversions, [4.0, 2.0, 0.0, 0.0])
    np.testing.assert_array_equal(table.roas, [5.0, 2.0, np.nan, 0.0])
    np.testing.assert_array_equal(table.cpa, [17.5, 25.0, np.nan, np.inf])
    assert table.currency is None
    assert table.model == "last touch"


def test_roas_zero_division_policy():
    result = attribute(JOURNEYS, LastTouch())
    with pytest.warns(UndefinedMetricWarning, match="cpa is undefined where 'conversions' is 0"):
        table = result.roas({"search": 10.0})
    assert np.isnan(table.cpa[2])
    with pytest.warns(UndefinedMetricWarning, match="roas is undefined where 'spend' is 0"):
        result.roas({"email": 0.0})
    with pytest.raises(
        UndefinedMetricError,
        match=r"^cpa is undefined where 'conversions' is 0 \(got 0.0 for channel 'search'\)$",
    ):
        result.roas({"search": 10.0}, zero_division="raise")
    fine = result.roas({"email": 50.0, "facebook": 20.0}, zero_division="raise")
    assert fine.roas[:2].tolist() == [7.0, 5.0]
    assert fine.cpa[:2].tolist() == [12.5, 10.0]
    # The channel is named, not its position among the channels that have spend.
    with pytest.raises(
        UndefinedMetricError,
        match=r"^roas is undefined where 'spend' is 0 \(got 0.0 for channel 'facebook'\)$",
    ):
        result.roas({"facebook": 0.0, "email": 5.0}, zero_division="raise")
    assert result.roas({"search": 10.0}, zero_division=0.0).cpa[2] == 0.0
    with pytest.raises(InvalidInputError, match="'zero_division' must be 'warn', 'raise' or a number"):
        result.roas({}, zero_division="ignore")  # type: ignore[arg-type]


def test_roas_from_money_and_costs():
    result = attribute(JOURNEYS, LastTouch())
    table = result.roas({"email": usd(70), "facebook": usd(50)})
    assert table.currency == "USD"
    assert table.roas[:2].tolist() == [5.0, 2.0]
    costs = Costs(
        items=[
            CostItem(category=CostCategory.AD_SPEND, amount=usd(60), channel="email"),
            CostItem(category=CostCategory.AD_SPEND, amount=usd(10), channel="email"),
            CostItem(category=CostCategory.AD_SPEND, amount=usd(50), channel="facebook"),
            CostItem(category=CostCategory.AD_SPEND, amount=usd(999)),  # shared: not attributable
            CostItem(category=CostCategory.CONTENT, amount=usd(500), channel="email"),  # not ad spend
        ]
    )
    from_costs = result.roas(costs)
    assert from_costs.currency == "USD"
    for name in ("spend", "roas", "cpa"):
        np.testing.assert_array_equal(getattr(from_costs, name), getattr(table, name))
    empty = result.roas(Costs(currency="EUR"))
    assert empty.currency == "EUR"
    assert np.isnan(empty.roas).all()


@pytest.mark.parametrize(
    ("spend", "error", "message"),
    [
        ({"email": -1}, InvalidInputError, "'spend[email]' must be >= 0 and finite (got -1.0)"),
        ({"email": "x"}, InvalidInputError, "'spend[email]' must be a number (got 'x')"),
        ({1: 5.0}, InvalidInputError, "'spend' must be keyed by channel name (got 1)"),
        (
            [("email", 5.0)],
            InvalidInputError,
            "'spend' must be a mapping of channel to spend or Costs (got list)",
        ),
        (
            {"email": usd(1), "search": Money(amount=1, currency="EUR")},
            CurrencyMismatchError,
            "'spend' mixes currencies (EUR, USD); convert them first",
        ),
    ],
)
def test_roas_errors(spend, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        attribute(JOURNEYS, LastTouch()).roas(spend)


def test_channel_roas_display():
    table = attribute(JOURNEYS, LastTouch()).roas({"email": usd(70), "<x>": usd(5)}, zero_division=0.0)
    assert repr(table).splitlines()[0] == "ChannelROAS(last touch, USD)"
    assert "email" in repr(table)
    assert "&lt;x&gt;" in table._repr_html_()
    assert "(USD)" in table._repr_html_()
    plain = attribute(JOURNEYS, LastTouch()).roas({"email": 70})
    assert repr(plain).splitlines()[0] == "ChannelROAS(last touch)"
    assert "ROAS by channel, last touch</caption>" in plain._repr_html_()
    data = plain.to_dict()
    assert data["currency"] is None
    assert data["channels"]["email"] == {
        "spend": 70.0,
        "conversions": 4.0,
        "value": 350.0,
        "roas": 5.0,
        "cpa": 17.5,
    }


def test_roas_skips_cpa_for_negative_credit():
    result = Attribution(model="shapley", channels=("a", "b"), conversions=[-1.0, 3.0], value=[-10.0, 30.0])
    table = result.roas({"a": 5.0, "b": 6.0})
    assert table.roas.tolist() == [-2.0, 5.0]
    assert np.isnan(table.cpa[0])
    assert table.cpa[1] == 2.0


# --- compare ---------------------------------------------------------------------------------------


def test_compare_defaults_and_table():
    table = compare(JOURNEYS)
    assert table.models == tuple(m.name for m in default_models(JOURNEYS))
    assert "time decay (half-life 7 days)" not in table.models
    # Six rule-based models, then Markov (the journeys include non-conversions) and Shapley.
    assert table.conversions.shape == (3, 8)
    assert table.models[-2:] == ("markov (order 1, null)", "shapley (conversion rate)")
    assert table["first touch"].conversions.tolist() == [1.0, 3.0, 2.0]
    assert table.conversions[:, table.models.index("last touch")].tolist() == [4.0, 2.0, 0.0]
    np.testing.assert_allclose(table.conversions.sum(axis=0), 6.0)
    np.testing.assert_allclose(table.value.sum(axis=0), 450.0)
    np.testing.assert_allclose(table.shares().sum(axis=0), 1.0)
    assert len(table) == 8
    assert [a.model for a in table] == list(table.models)
    timed = Journeys.from_touchpoints([1, 1], ["a", "b"], time=[0.0, 1.0])
    assert "time decay (half-life 7 days)" in compare(timed).models


def test_compare_display_and_dict():
    table = compare(JOURNEYS, models=[FirstTouch(), Linear(level="touch")])
    assert repr(table) == (
        "AttributionComparison(2 models, 3 channels, conversions)\n"
        "  channel   first touch  linear (touch)\n"
        "  email            1.00            2.50\n"
        "  facebook         3.00            2.50\n"
        "  search           2.00            1.00"
    )
    page = table._repr_html_()
    assert page.count("<table ") == 2
    assert "Credited value by model" in page
    data = table.to_dict()
    assert data["models"] == ["first touch", "linear (touch)"]
    assert data["value"]["first touch"] == {"email": 50.0, "facebook": 300.0, "search": 100.0}
    assert json.loads(json.dumps(data)) == data


def test_a_comparison_of_nine_models_fits_a_notebook_cell():
    timed = Journeys.from_touchpoints(
        [1, 1, 2, 2, 3], ["facebook", "email", "search", "email", "instagram"], time=[0.0, 1.0, 0.0, 2.0, 0.0]
    )
    table = compare(timed, models=[*default_models(timed), TimeDecay(half_life=1.0)])
    assert len(table.models) == 9
    lines = repr(table).splitlines()
    one_line = 2 + len("channel") + sum(2 + max(len(m), 4) for m in table.models)
    assert one_line > 190  # in one table, it would wrap in a notebook cell
    assert max(map(len, lines)) <= 100
    # blocks of models, one under the other, each with every channel; every model shown once
    blocks = "\n".join(lines[1:]).split("\n\n")
    assert len(blocks) > 1
    assert all(block.splitlines()[0].startswith("  channel") for block in blocks)
    assert all(len(block.splitlines()) == 1 + len(table.channels) for block in blocks)
    headers = " | ".join(block.splitlines()[0] for block in blocks)
    assert all(headers.count(model) == 1 for model in table.models)


def test_comparison_aligns_channels_of_different_attributions():
    first = Attribution(model="x", channels=("b", "a"), conversions=[1, 2], value=[0, 0])
    second = Attribution(model="y", channels=("c",), conversions=[5], value=[1])
    table = AttributionComparison(attributions=[first, second])
    assert table.channels == ("b", "a", "c")
    assert table.conversions.tolist() == [[1.0, 0.0], [2.0, 0.0], [0.0, 5.0]]


def test_compare_errors():
    with pytest.raises(
        InvalidInputError, match=r"^model names must be distinct in a comparison \(got 'first touch' twice\)$"
    ):
        compare(JOURNEYS, models=[FirstTouch(), LastTouch(), FirstTouch()])
    with pytest.raises(
        InvalidInputError, match=r"^'attributions' must hold at least one Attribution \(got none\)$"
    ):
        compare(JOURNEYS, models=[])
    with pytest.raises(InvalidInputError, match=r"^'attributions\[0\]' must be an Attribution \(got 'x'\)$"):
        AttributionComparison(attributions=["x"])  # type: ignore[list-item]
    with pytest.raises(KeyError, match="no model named 'markov' in the comparison"):
        compare(JOURNEYS)["markov"]


def test_shares_of_a_model_without_conversions_warn():
    none = Journeys.from_paths(["a"], conversions=[0], nulls=[1])
    with pytest.warns(UndefinedMetricWarning, match="share is undefined"):
        assert np.isnan(compare(none, models=[FirstTouch()]).shares()).all()


# --- bootstrap -------------------------------------------------------------------------------------


def test_bootstrap_is_deterministic_and_brackets_the_estimate():
    first = bootstrap(JOURNEYS, Linear(level="touch"), n=300, seed=11)
    second = bootstrap(JOURNEYS, Linear(level="touch"), n=300, seed=11)
    np.testing.assert_array_equal(first.replicates_conversions, second.replicates_conversions)
    np.testing.assert_array_equal(first.replicates_value, second.replicates_value)
    assert first.n == 300
    assert first.level == 0.9
    assert first.weights == "poisson"
    assert first.spend is None
    assert (
        first.estimate.conversions.tolist() == attribute(JOURNEYS, Linear(level="touch")).conversions.tolist()
    )
    for measure in ("conversions", "value", "share", "value_share"):
        low, high = first.interval(measure)
        estimate = first.to_dict()[measure]
        for i, channel in enumerate(first.channels):
            assert low[i] <= estimate[channel]["estimate"] <= high[i]
    other = bootstrap(JOURNEYS, Linear(level="touch"), n=300, seed=12)
    assert not np.array_equal(first.replicates_conversions, other.replicates_conversions)
    generator = bootstrap(JOURNEYS, Linear(level="touch"), n=5, seed=np.random.default_rng(11))
    assert generator.replicates_conversions.tolist() == first.replicates_conversions[:5].tolist()


@pytest.mark.parametrize("seed", [None, -1, 1.5, True, "7"])
def test_bootstrap_rejects_seeds_that_are_not_reproducible(seed):
    message = f"'seed' must be a whole number >= 0 (got {seed!r})"
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        bootstrap(JOURNEYS, LastTouch(), n=3, seed=seed)
    assert bootstrap(JOURNEYS, LastTouch(), n=3, seed=np.int64(3)).replicates_conversions.shape == (3, 3)


def test_poisson_replicates_match_their_definition():
    journeys = Journeys.from_paths(["a > b", "b"], conversions=[3, 2], nulls=[1, 1], values=[30.0, 10.0])
    result = bootstrap(journeys, Linear(level="touch"), n=4, seed=5)
    rng = np.random.default_rng(5)
    merged = journeys.aggregate()
    draws = rng.poisson(merged.conversions, size=(4, 2)).astype(float)
    expected = draws @ np.array([[0.5, 0.5], [0.0, 1.0]])
    np.testing.assert_allclose(result.replicates_conversions, expected)
    np.testing.assert_allclose(result.replicates_value, draws @ np.array([[5.0, 5.0], [0.0, 5.0]]))


def test_multinomial_keeps_the_number_of_journeys():
    journeys = Journeys.from_paths(["a", "b"], conversions=[30, 10], nulls=[60, 0])
    result = bootstrap(journeys, FirstTouch(), n=50, seed=3, weights="multinomial")
    assert result.weights == "multinomial"
    assert (result.replicates_conversions.sum(axis=1) <= 100).all()
    assert result.replicates_conversions.mean() == pytest.approx(20, rel=0.2)
    with pytest.raises(
        InvalidInputError, match=r"^multinomial weights need whole-number conversions \(got 0.5 at index 0\)$"
    ):
        bootstrap(Journeys.from_paths(["a"], conversions=[0.5]), FirstTouch(), weights="multinomial")
    with pytest.raises(
        InvalidInputError, match=r"^multinomial weights need whole-number nulls \(got 1.5 at index 0\)$"
    ):
        bootstrap(
            Journeys.from_paths(["a"], conversions=[1], nulls=[1.5]), FirstTouch(), weights="multinomial"
        )
    nothing = Journeys.from_paths(["a"], conversions=[0], nulls=[0])
    assert bootstrap(nothing, FirstTouch(), n=2, weights="multinomial").replicates_conversions.tolist() == [
        [0.0],
        [0.0],
    ]


def test_bootstrap_with_times_does_not_aggregate():
    journeys = Journeys.from_touchpoints([1, 1, 2], ["a", "b", "a"], time=[0.0, 86_400.0, 5.0])
    result = bootstrap(journeys, TimeDecay(), n=20, seed=0)
    assert result.estimate.model == "time decay (half-life 7 days)"
    low, high = result.interval("share")
    assert (low <= result.estimate.shares).all()
    assert (result.estimate.shares <= high).all()


def test_bootstrap_with_spend_gives_roas_and_cpa_intervals():
    result = bootstrap(
        JOURNEYS, LastTouch(), n=200, seed=2, spend={"email": 70.0, "search": 0.0, "tiktok": 10.0}
    )
    assert result.channels == ("email", "facebook", "search", "tiktok")
    np.testing.assert_array_equal(result.spend, [70.0, np.nan, 0.0, 10.0])
    low, high = result.interval("roas")
    assert low[0] <= 5.0 <= high[0]
    assert np.isnan(low[1])
    assert np.isnan(low[2])
    assert low[3] == high[3] == 0.0
    low, high = result.interval("cpa")
    assert low[0] <= 17.5 <= high[0]
    assert np.isnan(low[3])
    data = result.to_dict()
    assert data["roas"]["email"]["estimate"] == 5.0
    assert set(data) == {
        "model",
        "level",
        "n",
        "weights",
        "conversions",
        "value",
        "share",
        "value_share",
        "roas",
        "cpa",
    }
    text = repr(result)
    assert text.splitlines()[0] == "AttributionIntervals(last touch, n=200, level=0.9, poisson weights)"
    assert "roas" in text.splitlines()[1]
    assert "90 % interval" in result._repr_html_()


def test_bootstrap_of_any_model_reruns_it():
    @attrs.frozen
    class Doubled:
        """A model outside the rule-based family: last-touch credit, via its own statistic type."""

        @property
        def name(self) -> str:
            return "doubled"

        def statistics(self, journeys: Journeys, /) -> CreditSums:
            return LastTouch().statistics(journeys)

        def credits(self, statistics: CreditSums, /) -> Credits:
            return Credits(
                channels=statistics.channels, conversions=statistics.conversions, value=statistics.value
            )

    rule = bootstrap(JOURNEYS, LastTouch(), n=30, seed=4)
    general = bootstrap(JOURNEYS, Doubled(), n=30, seed=4)
    assert general.estimate.conversions.tolist() == rule.estimate.conversions.tolist()
    assert general.replicates_conversions.shape == (30, 3)
    low, high = general.interval("conversions")
    assert (low <= general.estimate.conversions).all()
    assert (general.estimate.conversions <= high).all()
    multinomial = bootstrap(JOURNEYS, Doubled(), n=10, seed=4, weights="multinomial")
    assert (
        multinomial.replicates_conversions.sum(axis=1).max()
        <= JOURNEYS.total_conversions + JOURNEYS.total_nulls
    )


def test_undefined_shares_give_nan_intervals():
    none = Journeys.from_paths(["a"], conversions=[0], nulls=[4])
    result = bootstrap(none, FirstTouch(), n=5)
    low, high = result.interval("share")
    assert np.isnan(low).all()
    assert np.isnan(high).all()
    assert "n/a" in repr(result)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n": 0}, "'n' must be a whole number >= 1 (got 0)"),
        ({"n": 2.5}, "'n' must be a whole number >= 1 (got 2.5)"),
        ({"level": 1.0}, "'level' must be between 0 and 1, exclusive (got 1.0)"),
        ({"level": "high"}, "'level' must be a number (got 'high')"),
        ({"weights": "bayesian"}, "'weights' must be 'poisson' or 'multinomial' (got 'bayesian')"),
    ],
)
def test_bootstrap_errors(options, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        bootstrap(JOURNEYS, FirstTouch(), **options)


def test_interval_measure_errors():
    result = bootstrap(JOURNEYS, PositionBased(), n=3)
    with pytest.raises(
        InvalidInputError, match=r"^roas intervals need spend: bootstrap\(\.\.\., spend=\.\.\.\)$"
    ):
        result.interval("roas")
    with pytest.raises(
        InvalidInputError,
        match=r"^'measure' must be 'conversions', 'value', 'share', 'value_share', 'roas' or 'cpa' \(got 'lift'\)$",
    ):
        result.interval("lift")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError,
        match=r"^'replicates_conversions' must be a two-dimensional array of numbers \(got array\(\[1\., 2\., 3\.\]\) with shape \(3,\)\)$",
    ):
        AttributionIntervals(
            estimate=result.estimate,
            channels=result.channels,
            level=0.9,
            weights="poisson",
            replicates_conversions=[1.0, 2.0, 3.0],
            replicates_value=result.replicates_value,
        )
