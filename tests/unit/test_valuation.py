"""Unit tests of socialroi.valuation: hand-computed posteriors, the joint fit and every error path."""

from __future__ import annotations

import json
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from socialroi import Money
from socialroi.exceptions import InvalidInputError, MissingDataError, UndefinedMetricWarning
from socialroi.valuation import (
    ActionValue,
    ActionValues,
    EngagementValue,
    _nnls,
    customer_value,
    engagement_value,
    lead_value,
    value_actions,
    value_per_action,
)


def raises(error: type[Exception], message: str) -> pytest.RaisesExc[Exception]:  # type: ignore[name-defined]
    return pytest.raises(error, match=f"^{re.escape(message)}$")


# --- value_per_action: Gamma-Poisson ---------------------------------------------------------------------


class TestGammaPoisson:
    def test_posterior_by_hand(self):
        # Prior Gamma(2, 100); 1,000 likes and 10 customers: posterior Gamma(12, 1100).
        like = value_per_action([400, 600], [3, 7], 110.0, prior=(2, 100))
        assert like.posterior == (12.0, 1100.0)
        assert like.prior == (2.0, 100.0)
        assert like.customers_per_action == pytest.approx(12 / 1100, rel=1e-15)
        assert like.value == pytest.approx(110 * 12 / 1100, rel=1e-15)
        assert like.raw_ratio == 0.01
        low, high = stats.gamma.ppf([0.05, 0.95], 12, scale=1 / 1100) * 110
        assert like.interval == pytest.approx((low, high), rel=1e-10)
        assert like.interval_method == "exact"
        assert like.model == "gamma-poisson"
        assert like.method == "single"
        assert like.causal is False
        assert like.prior_capped is False
        assert like.periods == 2
        assert like.actions == 1000.0
        assert like.customers == pytest.approx(1000 * 12 / 1100)
        assert like.effective_sample_size == 1000.0
        assert like.baseline_rate is None
        assert like.identified is True
        assert like.confounded_with == ()

    def test_raw_ratio_is_the_seed_recipe_when_the_prior_is_negligible(self):
        # The marketer's recipe: customers / likes x customer value.
        like = value_per_action([12_000, 15_000], [30, 45], 120.0, prior=(1e-12, 1e-12))
        assert like.raw_ratio == 75 / 27_000
        assert like.value == pytest.approx(75 / 27_000 * 120, rel=1e-12)

    def test_default_prior_is_one_pseudo_customer_at_the_pooled_ratio(self):
        value = value_per_action([500, 500], [4, 6], 50.0)
        assert value.prior == (1.0, 100.0)  # one customer in N / C = 100 actions
        assert value.posterior == (11.0, 1100.0)
        assert value.customers_per_action == pytest.approx(0.01, rel=1e-15)
        assert value.prior_capped is False

    def test_default_prior_is_capped_below_one_customer(self):
        half = value_per_action([100, 300], [0, 0.75], 10.0)
        assert half.prior == (0.75, 400.0)
        assert half.prior_capped is True
        assert half.customers_per_action == pytest.approx(0.75 / 400)
        none = value_per_action([100, 300], [0, 0], 10.0)
        assert none.prior == (0.5, 400.0)
        assert none.posterior == (0.5, 800.0)
        assert none.prior_capped is True
        assert none.value == pytest.approx(10 * 0.5 / 800)
        assert none.interval[0] >= 0.0

    def test_money_customer_value_gives_a_currency(self):
        like = value_per_action([1000], [10], Money(amount=80, currency="eur"))
        assert like.currency == "EUR"
        assert like.customer_value == 80.0

    def test_half_life_weights_recent_periods(self):
        # Weights 2^-(1/1) = 0.5 and 1: C = 0.5*10 + 20 = 25, N = 0.5*100 + 100 = 150.
        value = value_per_action([100, 100], [10, 20], 1.0, half_life=1)
        assert value.prior == (1.0, 6.0)
        assert value.posterior == (26.0, 156.0)
        assert value.effective_sample_size == pytest.approx(150**2 / (0.25 * 100 + 100))
        assert value.raw_ratio == 0.15  # the raw ratio is never weighted

    def test_infinite_half_life_is_unweighted(self):
        assert value_per_action([100, 50], [3, 1], 1.0, half_life=math.inf) == value_per_action(
            [100, 50], [3, 1], 1.0
        )

    def test_lag_pairs_actions_with_later_customers(self):
        value = value_per_action([100, 200, 300], [0, 5, 10], 1.0, lag=1)
        assert value.periods == 2
        assert value.raw_ratio == 15 / 300
        assert value.actions == 300.0

    def test_missing_periods_are_left_out(self):
        value = value_per_action([100, np.nan, 300], [1, 2, np.nan], 1.0)
        assert value.periods == 1
        assert value.raw_ratio == 0.01
        with raises(
            MissingDataError,
            "no period has both the actions and 'new_customers' measured (NaN marks a missing period)",
        ):
            value_per_action([np.nan, 1], [1, np.nan], 1.0)

    def test_scalars_and_series_are_one_or_more_periods(self):
        assert value_per_action(100, 2, 1.0).periods == 1
        series = pd.Series([100.0, 200.0], index=["jan", "feb"])
        assert value_per_action(series, pd.Series([1, 2]), 1.0).raw_ratio == 0.01

    def test_monte_carlo_is_seeded_and_close_to_exact(self):
        exact = value_per_action([4000, 6000], [30, 50], 100.0)
        sampled = value_per_action([4000, 6000], [30, 50], 100.0, draws=200_000, seed=3)
        assert sampled.interval_method == "monte-carlo"
        assert sampled.value == exact.value
        assert sampled.interval == pytest.approx(exact.interval, rel=0.01)
        again = value_per_action([4000, 6000], [30, 50], 100.0, draws=1000, seed=3)
        assert again == value_per_action([4000, 6000], [30, 50], 100.0, draws=1000, seed=3)
        assert again != value_per_action([4000, 6000], [30, 50], 100.0, draws=1000, seed=4)
        generator = value_per_action([4000, 6000], [30, 50], 100.0, draws=1000, seed=np.random.default_rng(3))
        assert generator == again

    def test_no_actions_with_an_explicit_prior_is_the_prior(self):
        with pytest.warns(UndefinedMetricWarning, match="raw_ratio is undefined where 'actions' is 0"):
            value = value_per_action([0, 0], [0, 0], 10.0, prior=(2, 1000))
        assert value.posterior == (2.0, 1000.0)
        assert math.isnan(value.raw_ratio)
        assert value.effective_sample_size == 0.0


class TestBetaBinomial:
    def test_posterior_by_hand(self):
        # Prior Beta(1, 1); 20 clickers of whom 5 bought: Beta(6, 16).
        value = value_per_action([10, 10], [2, 3], 100.0, person_level=True, prior=(1, 1))
        assert value.model == "beta-binomial"
        assert value.posterior == (6.0, 16.0)
        assert value.customers_per_action == pytest.approx(6 / 22)
        low, high = stats.beta.ppf([0.025, 0.975], 6, 16) * 100
        value95 = value_per_action([10, 10], [2, 3], 100.0, person_level=True, prior=(1, 1), level=0.95)
        assert value95.interval == pytest.approx((low, high), rel=1e-10)

    def test_default_prior_centres_on_the_pooled_ratio(self):
        value = value_per_action([50, 50], [4, 6], 1.0, person_level=True)
        assert value.prior == (1.0, 9.0)  # one pseudo-customer, ratio 0.1
        assert value.customers_per_action == pytest.approx(0.1)
        rare_others = value_per_action([50, 50], [48, 49], 1.0, person_level=True)
        assert rare_others.prior == (97.0 / 3.0, 1.0)  # the rarer outcome (non-customers) gets one

    def test_default_prior_is_capped_when_an_outcome_is_rarer_than_one(self):
        everyone = value_per_action([5, 5], [5, 5], 1.0, person_level=True)
        assert everyone.prior == (10.0, 0.5)
        assert everyone.prior_capped is True
        assert everyone.interval[1] <= 1.0
        nobody = value_per_action([5, 5], [0, 0], 1.0, person_level=True)
        assert nobody.prior == (0.5, 10.0)

    def test_customers_above_actions_are_rejected(self):
        with raises(InvalidInputError, "'new_customers' must be <= 'actions' (got 12.0 > 10.0 at index 1)"):
            value_per_action([10, 10], [2, 12], 1.0, person_level=True)

    def test_monte_carlo(self):
        value = value_per_action([10, 10], [2, 3], 1.0, person_level=True, draws=5000)
        assert 0.0 <= value.interval[0] < value.customers_per_action < value.interval[1] <= 1.0


class TestBaseline:
    def test_known_baseline_rate_makes_the_value_incremental(self):
        plain = value_per_action([1000], [20], 50.0, prior=(1, 100))
        value = value_per_action([1000], [20], 50.0, prior=(1, 100), baseline=0.005)
        assert value.causal is True
        assert value.baseline_rate == 0.005
        assert value.customers_per_action == pytest.approx(21 / 1100 - 0.005)
        assert value.value == pytest.approx((21 / 1100 - 0.005) * 50)
        assert value.interval == pytest.approx((plain.interval[0] - 0.25, plain.interval[1] - 0.25))
        assert value.interval_method == "exact"

    def test_baseline_counts_are_sampled(self):
        value = value_per_action([1000], [20], 50.0, baseline=(5, 1000))
        assert value.interval_method == "monte-carlo"
        assert value.baseline_rate == pytest.approx(5 / 1000)  # default prior: pooled ratio
        assert value.value == pytest.approx((20 / 1000 - 5 / 1000) * 50)
        assert value.interval[0] < value.value < value.interval[1]
        assert value == value_per_action([1000], [20], 50.0, baseline=(5, 1000))

    def test_incremental_value_may_be_negative(self):
        value = value_per_action([1000], [2], 50.0, baseline=0.01)
        assert value.value < 0

    def test_person_level_baseline(self):
        value = value_per_action([100], [20], 1.0, person_level=True, baseline=(10, 100))
        assert value.customers_per_action == pytest.approx(0.2 - 0.1)

    @pytest.mark.parametrize(
        ("baseline", "person_level", "message"),
        [
            (-0.1, False, "'baseline' must be >= 0 and finite (got -0.1)"),
            (1.5, True, "'baseline' must be between 0 and 1 (got 1.5)"),
            ("high", False, "'baseline' must be a rate or a pair (customers, people) (got 'high')"),
            ((1, 2, 3), False, "'baseline' must be a rate or a pair (customers, people) (got (1, 2, 3))"),
            ((1, 0), False, "'baseline[1]' must be > 0 and finite (got 0)"),
            ((-1, 10), False, "'baseline[0]' must be >= 0 and finite (got -1)"),
            (
                (11, 10),
                True,
                "'baseline' customers must be <= people with person_level=True (got 11.0 > 10.0)",
            ),
        ],
    )
    def test_invalid_baselines(self, baseline, person_level, message):
        with raises(InvalidInputError, message):
            value_per_action([10], [1], 1.0, baseline=baseline, person_level=person_level)


class TestValuePerActionErrors:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"actions": [10, -1]}, "'actions' must be >= 0 and finite (got -1.0 at index 1)"),
            (
                {"new_customers": [1, math.inf]},
                "'new_customers' must be >= 0 and finite (got inf at index 1)",
            ),
            (
                {"actions": [[1, 2]]},
                "'actions' must be a sequence of counts, one per period (got an array of shape (1, 2))",
            ),
            (
                {"actions": [1, 2, 3]},
                "'actions' and 'new_customers' must have one count per period each (got 3 and 2 periods)",
            ),
            ({"actions": ["a", "b"]}, "'actions' must be a number or an array of numbers (got ['a', 'b'])"),
            ({"customer_value": -1.0}, "'customer_value' must be >= 0 and finite (got -1.0)"),
            (
                {"customer_value": math.nan},
                "'customer_value' must be a number, not NaN, and >= 0 and finite (got nan)",
            ),
            (
                {"customer_value": Money(amount=-5, currency="USD")},
                "'customer_value' must be >= 0 and finite (got -5.0)",
            ),
            ({"lag": -1}, "'lag' must be a whole number >= 0 (got -1)"),
            ({"lag": 1.5}, "'lag' must be a whole number >= 0 (got 1.5)"),
            ({"lag": True}, "'lag' must be a whole number >= 0 (got True)"),
            ({"lag": 2}, "'lag' must be less than the number of periods, 2 (got 2)"),
            ({"half_life": 0}, "'half_life' must be > 0 and finite (got 0)"),
            ({"half_life": math.nan}, "'half_life' must be a number, not NaN, and > 0 and finite (got nan)"),
            ({"half_life": "long"}, "'half_life' must be a number (got 'long')"),
            ({"level": 0}, "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 0)"),
            ({"level": 1}, "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 1)"),
            ({"level": 1.5}, "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 1.5)"),
            (
                {"level": math.nan},
                "'level' must be a number, not NaN, and strictly between 0 and 1 (at most 1 - 2**-52) (got nan)",
            ),
            ({"prior": (1, 0)}, "'prior[1]' must be > 0 and finite (got 0)"),
            ({"prior": (math.nan, 1)}, "'prior[0]' must be a number, not NaN, and > 0 and finite (got nan)"),
            ({"prior": 3}, "'prior' must be a pair (a tuple of two) (got 3)"),
            ({"draws": 1}, "'draws' must be a whole number >= 2 (got 1)"),
            ({"draws": 10, "seed": -1}, "'seed' must be a whole number >= 0 (got -1)"),
            (
                {"actions": [0, 0]},
                "'actions' must hold at least one action in the periods used to centre the default prior (got 0); pass prior=(a, b)",
            ),
        ],
    )
    def test_invalid_input(self, kwargs, message):
        arguments = {"actions": [10, 20], "new_customers": [1, 2], "customer_value": 10.0, **kwargs}
        with raises(InvalidInputError, message):
            value_per_action(
                arguments.pop("actions"),
                arguments.pop("new_customers"),
                arguments.pop("customer_value"),
                **arguments,
            )


# --- ActionValue --------------------------------------------------------------------------------------


class TestActionValue:
    def test_repr_dict_and_html(self):
        value = value_per_action([400, 500], [20, 30], Money(amount=100, currency="USD"), name="follow")
        assert repr(value) == (
            "ActionValue(name='follow', value=5.5556, interval=(4.3408, 6.8940), level=0.9, "
            "customers_per_action=0.05556, causal=False, model='gamma-poisson')"
        )
        data = json.loads(json.dumps(value.to_dict()))
        assert data["interval"] == list(value.interval)
        assert data["currency"] == "USD"
        page = value._repr_html_()
        assert ">Value of a follow</caption>" in page
        assert "5.5556 USD" in page
        assert "no (association)" in page
        assert "identified" not in page
        causal = value_per_action([400, 500], [20, 30], 1000.0, baseline=0.01)._repr_html_()
        assert "yes (incremental over the baseline)" in causal
        assert "1,000.00" not in causal

    def test_does_not_add(self):
        value = value_per_action([10], [1], 5.0)
        with pytest.raises(
            InvalidInputError, match="values from separate ratios each claim all the customers"
        ):
            sum([value, value])
        joint = value_actions({"like": [10, 20], "share": [3, 1]}, [1, 1], 5.0)
        with pytest.raises(InvalidInputError, match=r"^ActionValue is a value per action and does not add"):
            joint["like"] + joint["share"]

    def test_validation(self):
        fields = {
            "value": 1.0,
            "level": 0.9,
            "customers_per_action": 0.1,
            "raw_ratio": 0.1,
            "customer_value": 10.0,
            "customers": 1.0,
            "actions": 10.0,
            "effective_sample_size": 10.0,
            "periods": 1,
        }
        with raises(
            InvalidInputError,
            "'interval' must be a pair (low, high) with interval[0] <= interval[1] (got (2.0, 1.0))",
        ):
            ActionValue(interval=(2.0, 1.0), **fields)
        with raises(
            InvalidInputError, "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 1.0)"
        ):
            ActionValue(interval=(1.0, 2.0), **{**fields, "level": 1.0})
        value = ActionValue(interval=[1, 2], prior=[1, 2], confounded_with=["x"], **fields)
        assert value.interval == (1.0, 2.0)
        assert value.prior == (1.0, 2.0)
        assert value.confounded_with == ("x",)


# --- value_actions ------------------------------------------------------------------------------------

COUNTS = {"like": [1000, 2000, 1500, 3000], "follow": [40, 20, 60, 30]}
CUSTOMERS = [7, 8, 9, 12]


class TestRatioMethod:
    def test_each_ratio_claims_every_customer(self):
        values = value_actions(COUNTS, CUSTOMERS, 100.0, method="ratio")
        assert values.method == "ratio"
        assert values.additive is False
        assert values.customers == 36.0
        assert values.periods == 4
        assert values["like"].customers == pytest.approx(36.0)
        assert values["follow"].customers == pytest.approx(36.0)
        assert values.claimed_customers == pytest.approx(72.0)
        assert values["like"].method == "ratio"
        assert values["like"].value == value_per_action(COUNTS["like"], CUSTOMERS, 100.0).value
        assert np.isnan(values.covariance).all()
        assert (
            repr(values)
            == "ActionValues({'like': 0.4800, 'follow': 24.0000}, method='ratio', additive=False)"
        )
        assert "Not additive: the ratios claim 72.0 of 36.0 customers." in values._repr_html_()

    def test_ratio_values_refuse_to_be_summed(self):
        values = value_actions(COUNTS, CUSTOMERS, 100.0, method="ratio")
        message = "values from separate ratios each claim all the customers"
        with pytest.raises(InvalidInputError, match=message):
            sum(values.values())
        with pytest.raises(InvalidInputError, match=message):
            values + values
        with raises(
            InvalidInputError,
            "values from method='ratio' each claim all the customers, so adding them counts the same customers "
            "several times (72.0 claimed of 36.0); use value_actions(..., method='joint')",
        ):
            engagement_value(values, {"like": 10})

    def test_one_ratio_is_additive(self):
        values = value_actions({"like": COUNTS["like"]}, CUSTOMERS, 100.0, method="ratio")
        assert values.additive is True
        total = engagement_value(values, {"like": 100})
        assert total.value == pytest.approx(100 * values["like"].value)
        assert total.interval == pytest.approx(
            (100 * values["like"].interval[0], 100 * values["like"].interval[1])
        )

    def test_ratio_options_pass_through(self):
        values = value_actions(
            COUNTS, CUSTOMERS, 100.0, method="ratio", person_level=True, baseline=0.001, prior=(1, 1)
        )
        assert values["like"].model == "beta-binomial"
        assert values["like"].causal is True


class TestJointMethod:
    def test_recovers_exact_rates(self):
        likes = np.array([1000.0, 2000, 1500, 3000, 2500])
        follows = np.array([40.0, 20, 60, 30, 10])
        customers = 0.004 * likes + 0.1 * follows
        values = value_actions(
            {"like": likes, "follow": follows}, customers, Money(amount=50, currency="USD")
        )
        assert values.method == "joint"
        assert values.additive is True
        assert values["like"].customers_per_action == pytest.approx(0.004, rel=1e-9)
        assert values["follow"].customers_per_action == pytest.approx(0.1, rel=1e-9)
        assert values["like"].value == pytest.approx(0.2, rel=1e-9)
        assert values["like"].currency == "USD"
        assert values["like"].model == "joint"
        assert values["like"].interval_method == "normal"
        assert values["like"].raw_ratio == pytest.approx(customers.sum() / likes.sum())
        assert values.claimed_customers == pytest.approx(customers.sum(), rel=1e-9)
        assert values.unidentified == ()
        assert values.covariance.shape == (2, 2)
        assert not values.covariance.flags.writeable

    def test_binding_conservation_is_solved_exactly(self):
        # 179 r + s = 2 binds; minimising (1 - 179 r)² + (16 r)² + (163 r - 1)² gives r = 684 / 117732.
        # The heavy weighting alone was off by 2e-9 (and by a different amount at every scale).
        values = value_actions({"like": [0, 0, 16, 163], "follow": [0, 1, 0, 0]}, [0, 1, 0, 1], 1.0)
        assert values["like"].customers_per_action == pytest.approx(684 / 117732, rel=1e-13)
        assert values["follow"].customers_per_action == pytest.approx(2 - 179 * 684 / 117732, rel=1e-13)

    def test_conservation_binds(self):
        # Least squares alone gives r = 100/101 and claims 10.89 of 10 customers; the fit is held to 10.
        values = value_actions({"like": [10, 1]}, [10, 0], 1.0)
        assert values["like"].customers_per_action == pytest.approx(10 / 11, rel=1e-6)
        assert values.claimed_customers <= values.customers

    def test_interval_by_hand(self):
        # One action, no weights: quasi-Poisson variance of the least-squares rate, cut at 0.
        n = np.array([100.0, 200, 300])
        c = np.array([3.0, 3, 6])
        values = value_actions({"click": n}, c, 1.0, level=0.9)
        rate = float(n @ c / (n @ n))
        fitted = rate * n
        variance = np.maximum(np.maximum(fitted, c), 1 / 3)
        dispersion = max(1.0, float(np.sum((c - fitted) ** 2 / variance)) / 2)
        se = math.sqrt(float(np.sum(n**2 * variance)) * dispersion) / float(n @ n)
        z = stats.norm.ppf(0.95)
        assert values["click"].customers_per_action == pytest.approx(rate)
        assert values["click"].interval == pytest.approx((max(0.0, rate - z * se), rate + z * se))

    def test_collinear_series_are_not_split(self):
        likes = [100, 200, 300, 400]
        follows = [10, 20, 30, 40]  # exactly a tenth of the likes
        values = value_actions(
            {"like": likes, "follow": follows, "share": [5, 1, 7, 2]}, [5, 9, 16, 20], 50.0
        )
        assert values.unidentified == (("like", "follow"),)
        assert values["like"].identified is False
        assert values["like"].confounded_with == ("follow",)
        assert values["follow"].confounded_with == ("like",)
        assert math.isnan(values["like"].value)
        assert math.isnan(values["like"].interval[0])
        assert values["share"].identified is True
        assert values.group_customers[0] > 0
        assert values.claimed_customers <= values.customers + 1e-9
        assert repr(values).endswith("unidentified=(('like', 'follow'),))")
        assert "no: moves with follow" in values["like"]._repr_html_()
        with raises(
            InvalidInputError,
            "the value of 'like' is not identified (its series moves with 'follow' in the data); value them together or drop it",
        ):
            engagement_value(values, {"like": 10, "share": 1})
        assert engagement_value(values, {"like": 0, "share": 2}).value == pytest.approx(
            2 * values["share"].value
        )
        data = json.loads(json.dumps(values.to_dict(), allow_nan=True))
        assert data["unidentified"] == [["like", "follow"]]

    def test_an_action_that_never_happened(self):
        values = value_actions({"like": [10, 20, 30], "save": [0, 0, 0]}, [1, 2, 2], 10.0)
        assert values["save"].identified is False
        assert values["save"].confounded_with == ()
        assert math.isnan(values["save"].raw_ratio)
        assert "nothing (no actions)" in values["save"]._repr_html_()
        with raises(
            InvalidInputError,
            "the value of 'save' is not identified (its series never happened in the data); value them together or drop it",
        ):
            engagement_value(values, {"save": 1})

    def test_no_action_happened(self):
        values = value_actions({"like": [0, 0]}, [1, 2], 10.0)
        assert values.claimed_customers == 0.0
        assert values["like"].identified is False

    def test_more_actions_than_periods(self):
        values = value_actions({"a": [1, 2], "b": [3, 1], "c": [2, 2]}, [1, 1], 1.0)
        assert len(values.unidentified) == 1
        assert sum(len(group) for group in values.unidentified) >= 2

    def test_weights_lag_and_missing_periods(self):
        values = value_actions(
            {"like": [100, 200, np.nan, 400], "share": [5, 3, 4, 9]}, [0, 2, 3, 5], 1.0, lag=1, half_life=2
        )
        assert values.periods == 2  # the third pair has no like count
        assert values.customers == 5.0

    def test_organic_customers_are_not_credited_to_actions(self):
        likes = np.array([1000.0, 2000, 1500, 3000, 2500, 1200])
        follows = np.array([40.0, 20, 60, 30, 10, 50])
        customers = 5.0 + 0.004 * likes + 0.1 * follows
        without = value_actions({"like": likes, "follow": follows}, customers, 1.0)
        values = value_actions({"like": likes, "follow": follows}, customers, 1.0, organic=True)
        assert values["like"].customers_per_action == pytest.approx(0.004, rel=1e-8)
        assert values["follow"].customers_per_action == pytest.approx(0.1, rel=1e-8)
        assert values.organic_customers == pytest.approx(30.0, rel=1e-8)
        assert values.claimed_customers + values.organic_customers == pytest.approx(customers.sum())
        assert without.claimed_customers > values.claimed_customers
        assert without.organic_customers == 0.0
        assert values.to_dict()["organic_customers"] == pytest.approx(30.0)
        assert values.covariance.shape == (2, 2)

    def test_a_constant_action_moves_with_the_organic_customers(self):
        values = value_actions(
            {"like": [100, 300, 200, 400], "poll": [50, 50, 50, 50]}, [3, 6, 4, 9], 1.0, organic=True
        )
        assert values.unidentified == (("poll", "(organic)"),)
        assert values["poll"].confounded_with == ("(organic)",)
        assert math.isnan(values.organic_customers)
        assert values["like"].identified

    def test_mapping_behaviour(self):
        values = value_actions(COUNTS, CUSTOMERS, 100.0)
        assert list(values) == ["like", "follow"]
        assert len(values) == 2
        assert "like" in values
        with pytest.raises(KeyError, match=r"unknown action 'likes' .*did you mean 'like'"):
            values["likes"]
        assert ">action</th>" in values._repr_html_()
        assert "Not additive" not in values._repr_html_()
        assert repr(values) == "ActionValues({'like': 0.3231, 'follow': 7.6923}, method='joint')"

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "message"),
        [
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"method": "sum"},
                InvalidInputError,
                "'method' must be 'ratio' or 'joint' (got 'sum')",
            ),
            (
                ({}, CUSTOMERS, 1.0),
                {},
                InvalidInputError,
                "'actions' must be a mapping of at least one action name to its counts per period (got {})",
            ),
            (
                ([1, 2], CUSTOMERS, 1.0),
                {},
                InvalidInputError,
                "'actions' must be a mapping of at least one action name to its counts per period (got [1, 2])",
            ),
            (
                ({1: [1, 2, 3, 4]}, CUSTOMERS, 1.0),
                {},
                InvalidInputError,
                "'actions' must be keyed by non-empty names (got 1)",
            ),
            (
                ({"like": [1, 2]}, CUSTOMERS, 1.0),
                {},
                InvalidInputError,
                "\"actions['like']\" and 'new_customers' must have one count per period each (got 2 and 4 periods)",
            ),
            (
                ({"like": [1, -2, 3, 4]}, CUSTOMERS, 1.0),
                {"method": "ratio"},
                InvalidInputError,
                "\"actions['like']\" must be >= 0 and finite (got -2.0 at index 1)",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"prior": (1, 1)},
                InvalidInputError,
                "'prior' applies to method='ratio' only; the joint fit has none (got (1, 1))",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"baseline": 0.1},
                InvalidInputError,
                "'baseline' applies to method='ratio' only; the joint fit has none (got 0.1)",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"draws": 100},
                InvalidInputError,
                "'draws' applies to method='ratio' only; the joint fit has none (got 100)",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"person_level": True},
                InvalidInputError,
                "'person_level' applies to method='ratio' only; the joint fit shares customers between actions",
            ),
            (
                ({"(organic)": [1, 2, 3, 4]}, CUSTOMERS, 1.0),
                {"organic": True},
                InvalidInputError,
                "'actions' must not use the name '(organic)' with organic=True (it names the organic customers)",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"organic": True, "method": "ratio"},
                InvalidInputError,
                "'organic' applies to method='joint' only; a ratio has no room for customers who come anyway",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"tolerance": 2},
                InvalidInputError,
                "'tolerance' must be between 0 and 1 (got 2)",
            ),
            (
                (COUNTS, CUSTOMERS, 1.0),
                {"level": 0},
                InvalidInputError,
                "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 0)",
            ),
            (
                ({"like": [np.nan] * 4}, CUSTOMERS, 1.0),
                {},
                MissingDataError,
                "no period has both the actions and 'new_customers' measured (NaN marks a missing period)",
            ),
        ],
    )
    def test_invalid_input(self, args, kwargs, error, message):
        with raises(error, message):
            value_actions(*args, **kwargs)


class TestLargeCounts:
    """Counts far beyond any real campaign must give finite, correct results, not OverflowError."""

    def test_value_per_action_with_enormous_counts(self):
        like = value_per_action([1e200], [1e198], 1.0)
        assert like.customers_per_action == pytest.approx(0.01, rel=1e-12)
        assert like.interval == pytest.approx((0.01, 0.01), rel=1e-12)
        assert like.effective_sample_size == 1e200
        assert like.posterior == pytest.approx((1e198, 1e200))

    def test_value_per_action_intervals_for_huge_shapes_match_scipy(self):
        like = value_per_action([4e11, 6e11], [3e8, 7e8], 1.0, prior=(1.0, 1.0))
        a, b = like.posterior
        expected = tuple(stats.gamma.ppf(p, a) / b for p in (0.05, 0.95))
        assert like.interval == pytest.approx(expected, rel=1e-12)

    def test_weighted_kish_with_enormous_counts(self):
        like = value_per_action([1e200, 1e200], [1e198, 1e198], 1.0, half_life=1.0)
        # Weights ½ and 1: (1.5 n)² / (1.25 n).
        assert like.effective_sample_size == pytest.approx(1.5**2 / 1.25 * 1e200, rel=1e-14)

    def test_value_actions_with_enormous_counts(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            values = value_actions({"a": [1e200, 2e200]}, [1e200, 2e200], 1.0)
        assert values["a"].customers_per_action == pytest.approx(1.0, rel=1e-12)
        assert values["a"].effective_sample_size == pytest.approx(3e200, rel=1e-14)
        low, high = values["a"].interval
        assert math.isfinite(low)
        assert math.isfinite(high)
        assert low <= 1.0 <= high

    def test_joint_fit_is_scale_invariant_and_keeps_intervals_in_customer_units(self):
        counts = {"like": np.array([1000.0, 2000, 1500, 3000]), "follow": np.array([40.0, 20, 60, 30])}
        customers = np.array([7.0, 8, 9, 12])
        base = value_actions(counts, customers, 100.0, organic=True)
        for k in (1e-3, 1e150):
            scaled = value_actions({n: c * k for n, c in counts.items()}, customers * k, 100.0, organic=True)
            for name in counts:
                assert scaled[name].customers_per_action == pytest.approx(
                    base[name].customers_per_action, rel=1e-12
                )
            assert scaled.organic_customers == pytest.approx(base.organic_customers * k, rel=1e-9)
        # Customers (not only the ratio) set the Poisson variance: with an exact fit (dispersion 1),
        # 100 times the counts give 10 times narrower intervals, as for a single action.
        exact = 0.004 * counts["like"] + 0.1 * counts["follow"]
        hundred = value_actions({n: c * 100 for n, c in counts.items()}, exact * 100, 100.0)
        joint = value_actions(counts, exact, 100.0)
        for name in counts:
            width = joint[name].interval[1] - joint[name].value
            assert hundred[name].interval[1] - hundred[name].value == pytest.approx(width / 10, rel=1e-9)


class TestNNLS:
    def test_matches_scipy(self):
        rng = np.random.default_rng(7)
        for _ in range(200):
            rows, cols = int(rng.integers(3, 30)), int(rng.integers(1, 7))
            design = rng.normal(size=(rows, cols))
            target = rng.normal(size=rows)
            norms = np.linalg.norm(design, axis=0)
            scaled = design / norms
            mine = _nnls(scaled.T @ scaled, scaled.T @ target)
            reference, _ = optimize.nnls(scaled, target)
            assert np.linalg.norm(scaled @ mine - target) == pytest.approx(
                np.linalg.norm(scaled @ reference - target), rel=1e-9, abs=1e-12
            )
            assert (mine >= 0).all()

    def test_zero_problem(self):
        assert _nnls(np.eye(2), np.array([-1.0, 0.0])).tolist() == [0.0, 0.0]


# --- engagement_value ---------------------------------------------------------------------------------


class TestEngagementValue:
    def test_one_action_scales_exactly(self):
        like = value_per_action([1000, 1000], [10, 10], Money(amount=50, currency="USD"), name="like")
        total = engagement_value(like, 300)
        assert total.value == pytest.approx(150.0)
        assert total.interval == pytest.approx((300 * like.interval[0], 300 * like.interval[1]))
        assert total.customers == pytest.approx(3.0)
        assert total.by_action == (("like", pytest.approx(150.0)),)
        assert total.money() == Money(amount=total.value, currency="USD")
        assert total.causal is False
        assert total.level == 0.9

    def test_causal_only_with_baselines(self):
        like = value_per_action([1000], [10], 50.0, baseline=0.001)
        assert engagement_value(like, 10).causal is True

    def test_several_actions_use_the_covariance(self):
        values = value_actions(COUNTS, CUSTOMERS, 100.0)
        counts = {"like": 5000, "follow": 100}
        total = engagement_value(values, counts)
        vector = np.array([5000.0, 100.0])
        rates = np.array([values["like"].customers_per_action, values["follow"].customers_per_action])
        assert total.value == pytest.approx(100 * float(vector @ rates))
        spread = stats.norm.ppf(0.95) * math.sqrt(float(vector @ values.covariance @ vector)) * 100
        assert total.interval == pytest.approx((max(0.0, total.value - spread), total.value + spread))
        assert dict(total.by_action) == pytest.approx(
            {"like": 5000 * values["like"].value, "follow": 100 * values["follow"].value}
        )

    def test_no_counts(self):
        values = value_actions(COUNTS, CUSTOMERS, 100.0)
        total = engagement_value(values, {})
        assert total.value == 0.0
        assert total.interval == (0.0, 0.0)
        assert total.causal is False

    def test_records(self):
        total = engagement_value(value_per_action([10], [1], 5.0), 10)
        assert (
            repr(total)
            == f"EngagementValue(value=5.00, interval=({total.interval[0]:.2f}, {total.interval[1]:.2f}), level=0.9, causal=False)"
        )
        assert json.loads(json.dumps(total.to_dict()))["by_action"] == [["action", 5.0]]
        assert ">total</th>" in total._repr_html_()
        with raises(
            MissingDataError,
            "money() needs a currency: give customer_value as Money(amount=..., currency=...)",
        ):
            total.money()
        euros = engagement_value(value_per_action([10], [1], Money(amount=5, currency="EUR")), 10)
        assert "currency='EUR'" in repr(euros)

    @pytest.mark.parametrize(
        ("counts", "message"),
        [
            ({"likes": 1}, "unknown action 'likes' (known: 'like', 'follow'); did you mean 'like'?"),
            ({"zzz": 1}, "unknown action 'zzz' (known: 'like', 'follow')"),
            ({"like": -1}, "\"counts['like']\" must be >= 0 and finite (got -1)"),
            (5, "'counts' must map action names to counts (got 5)"),
        ],
    )
    def test_invalid_counts(self, counts, message):
        with raises(InvalidInputError, message):
            engagement_value(value_actions(COUNTS, CUSTOMERS, 1.0), counts)

    def test_invalid_values(self):
        with raises(
            InvalidInputError,
            "'values' must be an ActionValue or the ActionValues of value_actions (got dict)",
        ):
            engagement_value({"like": value_per_action([10], [1], 1.0)}, {"like": 1})  # type: ignore[arg-type]
        with raises(InvalidInputError, "'counts' must be >= 0 and finite (got -2)"):
            engagement_value(value_per_action([10], [1], 1.0), -2)


# --- customer and lead value --------------------------------------------------------------------------


class TestCustomerValue:
    def test_by_hand(self):
        assert customer_value(50, 2, 12, margin=0.3) == 360.0
        # 30 a month for 12 months, discounted 1 % a month, the first month undiscounted.
        expected = sum(30 / 1.01**t for t in range(12))
        assert customer_value(50, 2, 12, margin=0.3, discount_rate=0.01) == pytest.approx(expected, rel=1e-13)
        assert customer_value(50, 2, 0) == 0.0
        assert isinstance(customer_value(50, 2, 12), float)

    def test_money_in_money_out(self):
        # As lead_value: a Money order value gives a Money customer value in its currency.
        worth = customer_value(Money(amount=50, currency="EUR"), 2, 12, margin=0.3, discount_rate=0.01)
        expected = sum(30 / 1.01**t for t in range(12))
        assert isinstance(worth, Money)
        assert worth.currency == "EUR"
        assert worth.amount == pytest.approx(expected, rel=1e-13)
        assert customer_value(Money(amount=50, currency="USD"), 2, 12) == Money(amount=1200.0, currency="USD")

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((-5, 1, 1), {}, "'average_order_value' must be >= 0 and finite (got -5.0)"),
            ((5, [1, 2], 1), {}, "'purchases_per_period' must be a number (got [1, 2])"),
            ((5, 1, -1), {}, "'periods' must be >= 0 and finite (got -1)"),
            ((5, 1, 1), {"margin": 2}, "'margin' must be between 0 and 1 (got 2)"),
            ((5, 1, 1), {"discount_rate": -1}, "'discount_rate' must be >= 0 and finite (got -1)"),
        ],
    )
    def test_money_invalid(self, args, kwargs, message):
        amount, *rest = args
        with raises(InvalidInputError, message):
            customer_value(Money(amount=amount, currency="USD"), *rest, **kwargs)

    def test_arrays_and_series(self):
        np.testing.assert_allclose(customer_value([50, 80], 1, 10), [500.0, 800.0])
        series = pd.Series([50.0, 80.0], index=["a", "b"])
        result = customer_value(series, 1, 10)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((-1, 1, 1), {}, "'average_order_value' must be >= 0 and finite (got -1.0)"),
            ((1, 1, -1), {}, "'periods' must be >= 0 and finite (got -1.0)"),
            ((1, 1, 1), {"margin": 1.2}, "'margin' must be between 0 and 1 (got 1.2)"),
            ((1, 1, 1), {"discount_rate": -0.1}, "'discount_rate' must be >= 0 and finite (got -0.1)"),
            (
                ([1, 2], [1, 2, 3], 1),
                {},
                "arguments must have matching lengths (got shapes 'average_order_value' (2,), 'purchases_per_period' (3,), 'periods' (), 'margin' (), 'discount_rate' ())",
            ),
        ],
    )
    def test_invalid(self, args, kwargs, message):
        with raises(InvalidInputError, message):
            customer_value(*args, **kwargs)


class TestLeadValue:
    def test_by_hand(self):
        assert lead_value(0.04, 1200, margin=0.7) == pytest.approx(33.6)
        assert isinstance(lead_value(0.04, 1200), float)
        assert lead_value(0.04, Money(amount=1200, currency="USD"), margin=0.7) == Money(
            amount=0.04 * 1200 * 0.7, currency="USD"
        )
        np.testing.assert_allclose(lead_value([0.04, 0.1], 1000), [40.0, 100.0])

    @pytest.mark.parametrize(
        ("args", "kwargs", "message"),
        [
            ((1.5, 100), {}, "'close_rate' must be between 0 and 1 (got 1.5)"),
            ((0.5, -100), {}, "'deal_value' must be >= 0 and finite (got -100.0)"),
            ((0.5, 100), {"margin": -0.1}, "'margin' must be between 0 and 1 (got -0.1)"),
            (
                (0.5, Money(amount=100, currency="USD")),
                {"margin": 2},
                "'margin' must be between 0 and 1 (got 2)",
            ),
            (
                (0.5, Money(amount=-100, currency="USD")),
                {},
                "'deal_value' must be >= 0 and finite (got -100.0)",
            ),
        ],
    )
    def test_invalid(self, args, kwargs, message):
        with raises(InvalidInputError, message):
            lead_value(*args, **kwargs)


def test_engagement_value_type():
    assert isinstance(engagement_value(value_per_action([10], [1], 1.0), 1), EngagementValue)
    assert isinstance(value_actions(COUNTS, CUSTOMERS, 1.0), ActionValues)


def test_public_names_are_sorted_documented_and_reexported():
    import socialroi
    from socialroi import valuation

    assert valuation.__all__ == sorted(valuation.__all__)
    for name in valuation.__all__:
        assert getattr(valuation, name).__doc__, name
        assert getattr(socialroi, name) is getattr(valuation, name)
