"""Unit tests of socialroi.experiments: hand-computed numbers, placebo and coverage checks, every error."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
import re

import numpy as np
import pytest
from scipy import stats

from socialroi import _special
from socialroi.attribution import Attribution
from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import InvalidInputError, UndefinedMetricWarning, UnderpoweredError
from socialroi.experiments import (
    Lift,
    _kept,
    _lift_draws,
    _quantiles,
    _studentized,
    _tbr,
    _trimmed_roots,
    _trimmed_sums,
    brand_lift,
    conversion_lift,
    lift_power,
    minimum_detectable_lift,
    plan_geo_lift,
    plan_lift,
    time_based_regression,
    trimmed_match,
)
from socialroi.mmm import Calibration, MarketingMixModel


def message(text: str) -> str:
    return re.escape(text)


@pytest.fixture
def lift() -> Lift:
    return conversion_lift(
        1_300,
        1_000,
        test_size=100_000,
        control_size=100_000,
        spend=5_000.0,
        value_per_conversion=40.0,
        channel="meta",
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 28),
    )


def geo_series(effect: float = 30.0, periods: int = 20, pre: int = 14, seed: int = 1):
    rng = np.random.default_rng(seed)
    control = 100 + 10 * rng.normal(size=periods)
    treatment = 1.5 * control + 10 + rng.normal(size=periods)
    treatment[pre:] += effect
    return treatment, control


# --- conversion lift -------------------------------------------------------------------------------------


class TestConversionLift:
    def test_point_estimates_by_hand(self, lift):
        assert lift.incremental == 300.0
        assert lift.relative_lift == pytest.approx(0.3)
        assert lift.absolute_lift == pytest.approx(0.003)
        assert lift.iroas == pytest.approx(300 * 40 / 5000)
        assert lift.cost_per_incremental == pytest.approx(5000 / 300)
        assert lift.counterfactual == 1_000.0
        assert (lift.test_outcome, lift.control_outcome, lift.test_size, lift.control_size) == (
            1300.0,
            1000.0,
            100_000.0,
            100_000.0,
        )
        assert lift.model == "beta-binomial"
        assert lift.interval_method == "monte-carlo"
        assert lift.seed == 0

    def test_intervals_match_the_normal_approximation_of_the_posteriors(self, lift):
        # Var(p_t - p_c) ~ p_t(1-p_t)/n + p_c(1-p_c)/n; 90 % interval of the incremental conversions.
        sd = math.sqrt(0.013 * 0.987 / 1e5 + 0.01 * 0.99 / 1e5) * 1e5
        low, high = lift.incremental_interval
        assert low == pytest.approx(300 - 1.6449 * sd, abs=3)
        assert high == pytest.approx(300 + 1.6449 * sd, abs=3)
        assert lift.iroas_standard_error == pytest.approx(sd * 40 / 5000, rel=0.03)
        assert lift.details["incremental_standard_error"] == pytest.approx(sd, rel=0.03)
        c_low, c_high = lift.cost_per_incremental_interval
        assert c_low == pytest.approx(5000 / high)
        assert c_high == pytest.approx(5000 / low)
        assert lift.probability_positive == 1.0

    def test_unequal_groups_scale_the_control_to_the_test_group(self):
        lift = conversion_lift(
            1_200, 100, test_size=100_000, control_size=10_000, spend=1_000.0, revenue=24_000.0
        )
        assert lift.incremental == 200.0
        assert lift.iroas == pytest.approx(200 * 20 / 1000)  # revenue / conversions = 20 per conversion

    def test_same_seed_same_result_and_a_generator_is_accepted(self):
        first = conversion_lift(130, 100, test_size=10_000, control_size=10_000)
        assert conversion_lift(130, 100, test_size=10_000, control_size=10_000).to_dict() == first.to_dict()
        other = conversion_lift(
            130, 100, test_size=10_000, control_size=10_000, seed=np.random.default_rng(3)
        )
        assert other.seed is None
        assert other.incremental_interval != first.incremental_interval

    def test_counts_without_sizes_use_gamma_poisson(self):
        lift = conversion_lift(130, 100)
        assert lift.model == "gamma-poisson"
        assert lift.incremental == 30.0
        assert lift.absolute_lift is None
        assert lift.absolute_lift_interval is None
        assert lift.test_size is None
        assert lift.probability_positive == pytest.approx(stats.norm.cdf(30 / math.sqrt(230)), abs=0.02)

    def test_repeat_conversions_with_exposure(self):
        lift = conversion_lift(1_500, 900, test_size=1_000, control_size=800, model="gamma-poisson")
        assert lift.incremental == pytest.approx(1_500 - 900 * 1_000 / 800)
        assert lift.absolute_lift == pytest.approx(1.5 - 900 / 800)

    def test_no_control_conversion_warns_about_the_relative_lift(self):
        with pytest.warns(UndefinedMetricWarning, match="relative_lift"):
            lift = conversion_lift(5, 0, test_size=100, control_size=100)
        assert math.isnan(lift.relative_lift)
        assert json.loads(json.dumps(lift.to_dict(), allow_nan=False))["relative_lift"] is None

    def test_a_negative_lift_buys_nothing(self):
        lift = conversion_lift(90, 100, test_size=10_000, control_size=10_000, spend=100.0)
        assert lift.cost_per_incremental == math.inf
        assert lift.cost_per_incremental_interval[1] == math.inf
        assert math.isnan(lift.iroas)

    def test_errors(self):
        with pytest.raises(
            InvalidInputError, match=message("'test_conversions' must be >= 0 and finite (got -1)")
        ):
            conversion_lift(-1, 1)
        with pytest.raises(InvalidInputError, match="must be given together"):
            conversion_lift(1, 1, test_size=10)
        with pytest.raises(InvalidInputError, match="needs 'test_size' and 'control_size'"):
            conversion_lift(1, 1, model="beta-binomial")
        with pytest.raises(
            InvalidInputError, match=message("'control_conversions' must be <= 'control_size'")
        ):
            conversion_lift(1, 20, test_size=10, control_size=10)
        with pytest.raises(InvalidInputError, match="'model' must be 'beta-binomial' or 'gamma-poisson'"):
            conversion_lift(1, 1, model="binomial")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="not both"):
            conversion_lift(1, 1, value_per_conversion=1.0, revenue=2.0)
        with pytest.raises(InvalidInputError, match="needs test conversions"):
            conversion_lift(0, 1, revenue=2.0)
        with pytest.raises(
            InvalidInputError,
            match=message("'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 1.0)"),
        ):
            conversion_lift(1, 1, level=1.0)
        with pytest.raises(
            InvalidInputError, match=message("'draws' must be a whole number >= 100 (got 10)")
        ):
            conversion_lift(1, 1, draws=10)
        with pytest.raises(InvalidInputError, match=message("'spend' must be > 0 and finite (got 0.0)")):
            conversion_lift(1, 1, spend=0.0)
        with pytest.raises(InvalidInputError, match="'end' must be on or after 'start'"):
            conversion_lift(1, 1, start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1))
        with pytest.raises(InvalidInputError, match="'channel' must be a string"):
            conversion_lift(1, 1, channel=3)  # type: ignore[arg-type]


def test_conversion_lift_placebo_rejects_at_alpha_and_intervals_cover():
    """At zero effect the 95 % interval excludes 0 in 5 % of tests; at a real effect it covers it in 90 %."""
    reps, n, p = 2_000, 20_000, 0.02
    rng = np.random.default_rng(2026)
    sizes = np.full(reps, float(n))
    test = rng.binomial(n, p, reps).astype(float)
    control = rng.binomial(n, p, reps).astype(float)
    t_rate, c_rate = _lift_draws(
        test, sizes, control, sizes, "beta-binomial", np.random.default_rng(1), 2_000
    )
    low, high = _quantiles(t_rate - c_rate, 0.95)
    rejected = np.mean((low > 0) | (high < 0))
    assert abs(rejected - 0.05) <= 0.02
    lifted = rng.binomial(n, p * 1.1, reps).astype(float)
    t_rate, c_rate = _lift_draws(
        lifted, sizes, control, sizes, "beta-binomial", np.random.default_rng(2), 2_000
    )
    low, high = _quantiles((t_rate - c_rate) * n, 0.9)
    truth = p * 0.1 * n
    covered = np.mean((low <= truth) & (truth <= high))
    assert abs(covered - 0.9) <= 0.02


# --- brand lift ------------------------------------------------------------------------------------------


class TestBrandLift:
    def test_lifted_people_and_cost_per_lifted_person(self):
        lift = brand_lift(2_000, 700, 2_000, 600, reach=1_000_000, spend=20_000.0, channel="meta")
        assert lift.design == "brand lift"
        assert lift.metric == "ad recall"
        assert lift.absolute_lift == pytest.approx(0.05)
        assert lift.relative_lift == pytest.approx(0.35 / 0.30 - 1)
        assert lift.incremental == pytest.approx(50_000)
        assert lift.cost_per_incremental == pytest.approx(0.4)
        low, high = lift.absolute_lift_interval or (0, 0)
        sd = math.sqrt(0.35 * 0.65 / 2000 + 0.3 * 0.7 / 2000)
        assert low == pytest.approx(0.05 - 1.6449 * sd, abs=0.002)
        assert high == pytest.approx(0.05 + 1.6449 * sd, abs=0.002)

    def test_without_reach_there_are_no_lifted_people(self):
        lift = brand_lift(500, 200, 500, 150, question="awareness")
        assert lift.metric == "awareness"
        assert math.isnan(lift.incremental)
        assert math.isnan(lift.cost_per_incremental)
        assert math.isnan(lift.counterfactual)

    def test_a_large_enough_survey_passes_the_power_check(self):
        lift = brand_lift(10_000, 3_500, 10_000, 3_000, minimum_lift=0.03)
        assert lift.absolute_lift == pytest.approx(0.05)

    def test_too_few_responses_are_refused(self):
        mdl = minimum_detectable_lift(0.25, 200, 200)
        plan = plan_lift(0.25, 0.02)
        expected = (
            "too few responses to detect an absolute lift of 0.02 (2.0 points) at alpha=0.05 and power=0.8: "
            f"with 200 exposed and 200 control respondents the minimum detectable lift is {mdl:.3g} "
            f"({100 * mdl:.1f} points); about {plan.test_size:,} respondents per group are needed"
        )
        with pytest.raises(UnderpoweredError, match=message(expected)):
            brand_lift(200, 60, 200, 50, minimum_lift=0.02)

    def test_errors(self):
        with pytest.raises(
            InvalidInputError, match=message("'exposed_positive' must be <= 'exposed_respondents'")
        ):
            brand_lift(10, 11, 10, 1)
        with pytest.raises(
            InvalidInputError, match=message("'control_respondents' must be > 0 and finite (got 0)")
        ):
            brand_lift(10, 1, 0, 0)
        with pytest.raises(InvalidInputError, match=message("'minimum_lift' must be > 0 and <= 1 (got 0)")):
            brand_lift(10, 1, 10, 1, minimum_lift=0)
        with pytest.raises(InvalidInputError, match=message("'power' must be strictly between 0 and 1")):
            brand_lift(10, 1, 10, 1, minimum_lift=0.1, power=1.0)
        with pytest.raises(InvalidInputError, match=message("'question' must be a non-empty string")):
            brand_lift(10, 1, 10, 1, question=" ")


# --- planning --------------------------------------------------------------------------------------------


class TestPlanning:
    def test_power_by_hand_and_at_no_lift(self):
        s = math.sqrt(0.012 * 0.988 / 5e4 + 0.01 * 0.99 / 5e4)
        expected = stats.norm.cdf(0.002 / s - 1.959964) + stats.norm.cdf(-0.002 / s - 1.959964)
        assert lift_power(0.01, 0.002, 50_000, 50_000) == pytest.approx(expected, rel=1e-6)
        assert lift_power(0.01, 0.0, 50_000, 50_000) == pytest.approx(0.05)
        assert lift_power(0.01, -0.002, 50_000, 50_000) == pytest.approx(
            stats.norm.cdf(0.002 / math.sqrt(0.008 * 0.992 / 5e4 + 0.0099 / 5e4) - 1.959964), rel=1e-3
        )

    def test_the_minimum_detectable_lift_has_the_power_asked_for(self):
        mdl = minimum_detectable_lift(0.01, 50_000, 20_000, alpha=0.1, power=0.9)
        treated = 0.01 + mdl
        s = math.sqrt(treated * (1 - treated) / 5e4 + 0.0099 / 2e4)
        assert mdl / s == pytest.approx(stats.norm.ppf(0.95) + stats.norm.ppf(0.9))
        assert minimum_detectable_lift([0.01, 0.2], 50_000, 50_000).shape == (2,)
        assert minimum_detectable_lift(0.999, 10, 10) == pytest.approx(0.001)  # capped at a rate of 1

    def test_plan_sizes_are_the_smallest_with_the_power(self):
        plan = plan_lift(0.01, 0.002, daily_people=10_000, cost_per_person=0.05)
        assert lift_power(0.01, 0.002, plan.test_size, plan.control_size) >= 0.8
        assert lift_power(0.01, 0.002, plan.test_size - 5, plan.control_size - 5) < 0.8
        assert plan.total_size == plan.test_size + plan.control_size
        assert plan.days == math.ceil(plan.total_size / 10_000)
        assert plan.budget == round(plan.test_size * 0.05, 2)
        assert plan.relative_lift == pytest.approx(0.2)
        assert plan_lift(0.0, 0.01).relative_lift == math.inf
        bare = plan_lift(0.01, 0.002)
        assert bare.days is None
        assert bare.budget is None

    def test_plan_display(self):
        plan = plan_lift(0.01, 0.002, daily_people=10_000, cost_per_person=0.05)
        assert repr(plan).startswith("LiftPlan(detect +0.20 points (+20.0 %) on 1.00 %: 42,691 test")
        assert "budget" in repr(plan)
        assert "<table" in plan._repr_html_()
        assert "<table" in plan_lift(0.01, 0.002)._repr_html_()
        assert json.dumps(plan.to_dict(), allow_nan=False)

    def test_errors(self):
        with pytest.raises(
            InvalidInputError, match=message("'baseline_rate + absolute_lift' must be between 0 and 1")
        ):
            lift_power(0.99, 0.02, 10, 10)
        with pytest.raises(InvalidInputError, match=message("'test_size' must be > 0 and finite (got 0.0)")):
            lift_power(0.1, 0.02, 0, 10)
        with pytest.raises(InvalidInputError, match="matching lengths"):
            lift_power(0.1, [0.01, 0.02], [10, 20, 30], 10)
        with pytest.raises(
            InvalidInputError,
            match=message("'alpha' must be strictly between 0 and 1 (at least 2**-52) (got 0.0)"),
        ):
            minimum_detectable_lift(0.1, 10, 10, alpha=0.0)
        with pytest.raises(InvalidInputError, match=message("'baseline_rate + absolute_lift' must be <= 1")):
            plan_lift(0.99, 0.02)
        with pytest.raises(
            InvalidInputError, match=message("'control_share' must be strictly between 0 and 1")
        ):
            plan_lift(0.1, 0.02, control_share=1.0)
        with pytest.raises(InvalidInputError, match=message("'cost_per_person' must be >= 0 and finite")):
            plan_lift(0.1, 0.02, cost_per_person=-1.0)


# --- time-based regression -------------------------------------------------------------------------------


class TestTimeBasedRegression:
    def test_against_ordinary_least_squares(self):
        treatment, control = geo_series()
        lift = time_based_regression(treatment, control, pre_periods=14, cost=20.0, channel="tv")
        fit = stats.linregress(control[:14], treatment[:14])
        predicted = fit.intercept + fit.slope * control[14:]
        effect = float((treatment[14:] - predicted).sum())
        assert lift.incremental == pytest.approx(effect)
        assert lift.counterfactual == pytest.approx(predicted.sum())
        assert lift.relative_lift == pytest.approx(effect / predicted.sum())
        assert lift.details["slope"] == pytest.approx(fit.slope)
        residuals = treatment[:14] - fit.intercept - fit.slope * control[:14]
        sigma = math.sqrt((residuals**2).sum() / 12)
        assert lift.details["residual_sd"] == pytest.approx(sigma)
        shift = control[14:].mean() - control[:14].mean()
        sxx = ((control[:14] - control[:14].mean()) ** 2).sum()
        se = sigma * math.sqrt(6 + 36 / 14 + 36 * shift**2 / sxx)
        t = stats.t.ppf(0.95, 12)
        assert lift.incremental_interval == pytest.approx((effect - t * se, effect + t * se))
        assert lift.iroas == pytest.approx(effect / 20)
        assert lift.iroas_standard_error == pytest.approx(se / 20)
        assert lift.probability_positive == pytest.approx(stats.t.cdf(effect / se, 12))
        assert lift.test_outcome == pytest.approx(treatment[14:].sum())
        assert lift.control_outcome == pytest.approx(control[14:].sum())

    def test_a_regions_by_periods_table_is_summed(self):
        treatment, control = geo_series()
        split = time_based_regression(
            np.vstack([treatment / 2, treatment / 2]), np.vstack([control, 0 * control]), pre_periods=14
        )
        assert split.incremental == pytest.approx(
            time_based_regression(treatment, control, pre_periods=14).incremental
        )
        assert math.isnan(split.iroas)

    def test_a_perfect_fit_and_a_negative_counterfactual(self):
        control = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
        exact = time_based_regression(2 * control, control, pre_periods=4)
        assert exact.incremental == pytest.approx(0.0, abs=1e-9)
        shifted = time_based_regression(2 * control - 20, control, pre_periods=4)
        assert math.isnan(shifted.relative_lift_interval[0])

    def test_placebo_rejection_rate_and_coverage(self):
        """Vectorized replications: at zero effect the 95 % interval excludes 0 in 5 % of them."""
        reps, periods, pre = 4_000, 30, 20
        rng = np.random.default_rng(7)
        control = 100 + 10 * rng.normal(size=(reps, periods))
        treatment = 1.2 * control + 5 + 3 * rng.normal(size=(reps, periods))
        effect, error, _ = _tbr(treatment, control, pre)
        t = _special.student_t_quantile(0.975, pre - 2)
        assert abs(np.mean(np.abs(effect) > t * error) - 0.05) <= 0.02
        treatment[:, pre:] += 4.0
        effect, error, _ = _tbr(treatment, control, pre)
        t90 = _special.student_t_quantile(0.95, pre - 2)
        truth = 4.0 * (periods - pre)
        assert abs(np.mean(np.abs(effect - truth) <= t90 * error) - 0.9) <= 0.02

    def test_errors(self):
        treatment, control = geo_series()
        with pytest.raises(InvalidInputError, match="same number of periods"):
            time_based_regression(treatment, control[:-1], pre_periods=5)
        with pytest.raises(
            InvalidInputError, match=message("'pre_periods' must be a whole number >= 3 (got 2)")
        ):
            time_based_regression(treatment, control, pre_periods=2)
        with pytest.raises(InvalidInputError, match="to leave a test period"):
            time_based_regression(treatment, control, pre_periods=20)
        with pytest.raises(InvalidInputError, match="'control' must be varying in the pre-period"):
            time_based_regression(treatment, np.ones(20), pre_periods=10)
        with pytest.raises(
            InvalidInputError,
            match=message("'treatment' must be measured in every period (got nan at period 3)"),
        ):
            time_based_regression(np.where(np.arange(20) == 3, np.nan, treatment), control, pre_periods=10)
        with pytest.raises(InvalidInputError, match="'treatment' must be a series of periods"):
            time_based_regression(np.ones((2, 2, 5)), np.ones((2, 2, 5)), pre_periods=3)
        with pytest.raises(InvalidInputError, match=message("'control' must be finite (got inf at index 0)")):
            time_based_regression(treatment, np.full(20, np.inf), pre_periods=3)


class TestPlanGeoLift:
    def test_by_hand(self):
        treatment, control = geo_series(effect=0.0, periods=16)
        plan = plan_geo_lift(
            treatment, control, test_periods=4, budget=50.0, iroas=2.0, spend_per_period=10.0
        )
        fit = stats.linregress(control, treatment)
        residuals = treatment - fit.intercept - fit.slope * control
        sigma = math.sqrt((residuals**2).sum() / 14)
        assert plan.residual_sd == pytest.approx(sigma)
        se = sigma * math.sqrt(4 * (1 + 4 / 16))
        assert plan.standard_error == pytest.approx(se)
        k = stats.t.ppf(0.975, 14) + stats.t.ppf(0.8, 14)
        assert plan.minimum_detectable_response == pytest.approx(k * se)
        assert plan.minimum_detectable_iroas == pytest.approx(k * se / 50)
        assert plan.budget_needed == pytest.approx(k * se / 2)
        assert plan.periods_needed == 1
        assert repr(plan).startswith("GeoPlan(4 test periods: minimum detectable response")
        assert "<table" in plan._repr_html_()

    def test_a_duration_that_is_never_reached(self):
        treatment, control = geo_series(effect=0.0, periods=16)
        plan = plan_geo_lift(treatment, control, test_periods=4, iroas=0.001, spend_per_period=0.001)
        assert plan.periods_needed is None
        assert plan.minimum_detectable_iroas is None

    def test_errors(self):
        with pytest.raises(InvalidInputError, match="at least 3 periods of history"):
            plan_geo_lift([1, 2], [1, 3], test_periods=1)
        with pytest.raises(InvalidInputError, match="same number of periods"):
            plan_geo_lift([1, 2, 3], [1, 3], test_periods=1)
        with pytest.raises(InvalidInputError, match="'control' must be varying in the history"):
            plan_geo_lift([1, 2, 3], [1, 1, 1], test_periods=1)
        with pytest.raises(
            InvalidInputError, match=message("'test_periods' must be a whole number >= 1 (got 0)")
        ):
            plan_geo_lift([1, 2, 3], [1, 2, 4], test_periods=0)


# --- trimmed match ---------------------------------------------------------------------------------------


def pairs(n: int = 40, seed: int = 0, outliers: int = 0):
    rng = np.random.default_rng(seed)
    control_cost = rng.uniform(0, 10, n)
    treatment_cost = control_cost + rng.uniform(5, 15, n)
    control_response = rng.gamma(5, 200, n)
    treatment_response = control_response + 2 * (treatment_cost - control_cost) + rng.normal(0, 5, n)
    treatment_response[:outliers] += 5_000
    return treatment_response, control_response, treatment_cost, control_cost


class TestTrimmedMatch:
    def test_untrimmed_is_the_ratio_of_sums(self):
        tr, cr, tc, cc = pairs()
        lift = trimmed_match(tr, cr, tc, cc, trim_rate=0.0)
        assert lift.iroas == pytest.approx((tr - cr).sum() / (tc - cc).sum())
        assert lift.details["trimmed_pairs"] == 0
        assert lift.incremental == pytest.approx(lift.iroas * (tc - cc).sum())

    def test_the_trimmed_mean_of_the_residuals_is_zero_at_the_estimate(self):
        tr, cr, tc, cc = pairs(outliers=3)
        lift = trimmed_match(tr, cr, tc, cc, trim_rate=0.1)
        residuals = np.sort((tr - cr) - lift.iroas * (tc - cc))
        assert abs(residuals[4:-4].sum()) <= 1e-9 * np.abs(residuals).sum()
        assert lift.iroas == pytest.approx(2.0, abs=0.2)

    def test_roots_for_every_trim_at_once_agree_with_one_at_a_time(self):
        tr, cr, tc, cc = pairs(seed=4, outliers=2)
        response, cost = tr - cr, tc - cc
        counts = np.arange(0, 10, dtype=np.float64)
        together = _trimmed_roots(response, cost, counts)
        for m, theta in zip(counts, together, strict=True):
            alone = _trimmed_roots(response, cost, np.array([m]))[0]
            assert theta == pytest.approx(alone, rel=1e-12)
            g, _ = _trimmed_sums((response - theta * cost)[None, :], _kept(np.array([m]), response.size))
            assert abs(g[0]) <= 1e-8 * np.abs(response).sum()

    def test_the_interval_bounds_are_where_the_studentized_mean_reaches_z(self):
        tr, cr, tc, cc = pairs(outliers=2)
        lift = trimmed_match(tr, cr, tc, cc, trim_rate=0.1, level=0.9)
        z = stats.norm.ppf(0.95)
        for bound in lift.iroas_interval:
            t = _studentized(((tr - cr) - bound * (tc - cc))[None, :], 4)[0]
            assert abs(t) == pytest.approx(z, rel=1e-6)
        low, high = lift.iroas_interval
        assert low < lift.iroas < high

    def test_the_data_driven_trim_rejects_outliers(self):
        tr, cr, tc, cc = pairs(n=60, outliers=3)
        lift = trimmed_match(tr, cr, tc, cc)
        assert lift.details["trim_rate"] > 0
        assert lift.iroas == pytest.approx(2.0, abs=0.1)
        assert lift.probability_positive > 0.99
        assert lift.interval_method == "studentized trimmed mean"

    def test_a_go_dark_test_flips_the_signs(self):
        tr, cr, tc, cc = pairs()
        heavy = trimmed_match(tr, cr, tc, cc, trim_rate=0.1)
        dark = trimmed_match(cr, tr, cc, tc, trim_rate=0.1)
        assert dark.iroas == pytest.approx(heavy.iroas)

    def test_an_interval_too_wide_to_bound_falls_back_like_google(self):
        # With costs this uneven the studentized mean stays below z for every theta: no bound exists.
        lift = trimmed_match(
            [103.0, 103.0, 120.0], [100.0, 100.0, 100.0], [1.0, 2.0, 10.0], [0.0, 0.0, 0.0], level=0.99
        )
        low, high = lift.iroas_interval
        z = stats.norm.ppf(0.995)
        assert (high - low) / 2 == pytest.approx(3 * z * lift.iroas_standard_error)

    def test_errors(self):
        tr, cr, tc, cc = pairs(n=5)
        with pytest.raises(InvalidInputError, match="one value per pair"):
            trimmed_match(tr, cr[:-1], tc, cc)
        with pytest.raises(InvalidInputError, match="at least 3 pairs"):
            trimmed_match(tr[:2], cr[:2], tc[:2], cc[:2])
        with pytest.raises(
            InvalidInputError, match=message("'treatment_cost' - 'control_cost' must be > 0 in every pair")
        ):
            trimmed_match(tr, cr, np.where(np.arange(5) == 2, cc, tc), cc)
        with pytest.raises(InvalidInputError, match="'control_response' must be a finite value per pair"):
            trimmed_match(tr, [np.nan] * 5, tc, cc)
        with pytest.raises(InvalidInputError, match=message("'trim_rate' must be between 0 and 0.25")):
            trimmed_match(tr, cr, tc, cc, trim_rate=0.3)
        with pytest.raises(InvalidInputError, match=message("'max_trim_rate' must be between 0 and 0.25")):
            trimmed_match(tr, cr, tc, cc, max_trim_rate=0.5)


# --- the result: display, persistence, calibration -------------------------------------------------------


class TestLift:
    def test_pickle_deepcopy_and_strict_json(self, lift):
        assert pickle.loads(pickle.dumps(lift)) == lift  # noqa: S301
        assert copy.deepcopy(lift) == lift
        data = json.loads(json.dumps(lift.to_dict(), allow_nan=False))
        assert data["start"] == "2026-05-01"
        assert data["incremental"] == 300.0

    def test_text_and_html(self, lift):
        assert repr(lift).startswith("Lift(conversion lift of meta: incremental 300.00 [90 % ")
        text = str(lift)
        assert text.splitlines()[0] == "Lift: conversion lift of meta"
        for label in (
            "incremental conversions",
            "relative lift",
            "absolute lift (points)",
            "iROAS",
            "cost per incremental",
        ):
            assert label in text
        html = conversion_lift(5, 2, channel="<b>")._repr_html_()
        assert "&lt;b&gt;" in html
        assert "iROAS" not in html
        assert "absolute lift" not in str(conversion_lift(5, 2))

    def test_rescale_an_attribution(self, lift):
        credited = Attribution(
            model="last touch",
            channels=["meta", "search", "email"],
            conversions=[500, 300, 200],
            value=[20_000, 12_000, 8_000],
        )
        rescaled = lift.rescale(credited, ["meta", "email"])
        assert rescaled.factor == pytest.approx(300 / 700)
        assert rescaled.attribution.conversions.tolist() == pytest.approx([500 * 3 / 7, 300, 200 * 3 / 7])
        assert rescaled.attribution.value.tolist() == pytest.approx([20_000 * 3 / 7, 12_000, 8_000 * 3 / 7])
        low, high = lift.incremental_interval
        assert rescaled.factor_interval == pytest.approx((low / 700, high / 700))
        assert rescaled.conversions_interval["email"] == pytest.approx((200 * low / 700, 200 * high / 700))
        assert rescaled.value_interval["meta"] == pytest.approx((20_000 * low / 700, 20_000 * high / 700))
        assert rescaled.attribution.model == "last touch rescaled to a conversion lift"
        assert pickle.loads(pickle.dumps(rescaled)).factor == rescaled.factor  # noqa: S301
        assert json.dumps(rescaled.to_dict(), allow_nan=False)
        assert "<table" in rescaled._repr_html_()
        by_value = lift.rescale(credited, "meta", by="value")
        assert by_value.factor == pytest.approx(300 / 20_000)

    def test_rescale_errors(self, lift):
        credited = Attribution(model="m", channels=["meta", "x"], conversions=[0, 1], value=[0, 1])
        with pytest.raises(InvalidInputError, match="credits no conversions to meta"):
            lift.rescale(credited)
        with pytest.raises(InvalidInputError, match="'channels' must be channels of the attribution"):
            lift.rescale(credited, ["tv"])
        with pytest.raises(InvalidInputError, match="'channels' must be at least one channel"):
            lift.rescale(credited, [])
        with pytest.raises(InvalidInputError, match="'channels' must be given"):
            conversion_lift(5, 2).rescale(credited)
        with pytest.raises(InvalidInputError, match="'attribution' must be an Attribution"):
            lift.rescale("meta")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="'by' must be 'conversions' or 'value'"):
            lift.rescale(credited, by="revenue")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="a brand lift measures lifted people"):
            brand_lift(100, 50, 100, 40).rescale(credited)

    def test_robyn(self, lift):
        row = lift.to_robyn()
        assert row == {
            "channel": "meta",
            "liftStartDate": "2026-05-01",
            "liftEndDate": "2026-05-28",
            "liftAbs": 300.0,
            "spend": 5000.0,
            "confidence": lift.probability_positive,
            "metric": "conversions",
            "calibration_scope": "immediate",
        }
        revenue = lift.to_robyn(revenue=True, metric="sales", calibration_scope="total")
        assert revenue["liftAbs"] == pytest.approx(12_000.0)
        assert (revenue["metric"], revenue["calibration_scope"]) == ("sales", "total")

    def test_robyn_errors(self, lift):
        with pytest.raises(InvalidInputError, match="'start' and 'end' must be dates"):
            conversion_lift(5, 2, spend=1.0, channel="a").to_robyn()
        with pytest.raises(InvalidInputError, match="revenue=True needs the lift's iROAS"):
            conversion_lift(
                5, 2, spend=1.0, channel="a", start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 2)
            ).to_robyn(revenue=True)
        with pytest.raises(InvalidInputError, match="'channel' must be given for Robyn"):
            conversion_lift(5, 2, spend=1.0).to_robyn()
        with pytest.raises(InvalidInputError, match="'spend' must be given for Robyn"):
            conversion_lift(5, 2, channel="a").to_robyn()
        with pytest.raises(InvalidInputError, match="'calibration_scope' must be 'immediate' or 'total'"):
            lift.to_robyn(calibration_scope="all")  # type: ignore[arg-type]

    def test_meridian_moment_matching(self, lift):
        prior = lift.to_meridian()
        distribution = stats.lognorm(s=prior["scale"], scale=math.exp(prior["loc"]))
        assert distribution.mean() == pytest.approx(lift.iroas)
        assert distribution.std() == pytest.approx(lift.iroas_standard_error)
        assert prior["parameter"] == "roi_m"
        with pytest.raises(InvalidInputError, match="a LogNormal ROI prior needs an iROAS > 0"):
            conversion_lift(
                90,
                100,
                test_size=10_000,
                control_size=10_000,
                spend=10.0,
                value_per_conversion=1.0,
                channel="a",
            ).to_meridian()

    def test_pymc_marketing(self, lift):
        row = lift.to_pymc_marketing(x=20_000.0)
        assert row == {
            "channel": "meta",
            "x": 20_000.0,
            "delta_x": 5_000.0,
            "delta_y": 300.0,
            "sigma": lift.details["incremental_standard_error"],
        }
        with pytest.raises(InvalidInputError, match=message("'x' must be >= 0 and finite (got -1.0)")):
            lift.to_pymc_marketing(x=-1.0)

    def test_calibration_moves_the_fits_roas_towards_the_measured_iroas(self):
        data = synthetic_mmm(weeks=104, channels=2, seed=1)
        plain = MarketingMixModel().fit(data.spend, data.revenue)
        lift = conversion_lift(
            1_300,
            1_000,
            test_size=100_000,
            control_size=100_000,
            spend=30_000.0,
            value_per_conversion=100.0,
            channel="facebook",
        )
        calibration = lift.to_calibration(start=10)
        assert calibration == Calibration(
            channel="facebook", roas=1.0, standard_error=lift.iroas_standard_error, start=10
        )
        calibrated = MarketingMixModel().fit(data.spend, data.revenue, calibration=[calibration])
        before, after = abs(plain.roas[0] - 1.0), abs(calibrated.roas[0] - 1.0)
        assert before > 1.0
        assert after < 0.5 * before
        assert lift.to_calibration(channel="instagram", stop=50).channel == "instagram"

    def test_rescale_matches_channels_by_the_one_channel_rule(self):
        attribution = Attribution(
            model="linear", channels=["meta", "search"], conversions=[600, 400], value=[0, 0]
        )
        lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, channel="Meta ")
        rescaled = lift.rescale(attribution)
        assert rescaled.channels == ("meta",)
        assert rescaled.attribution.conversions.tolist() == pytest.approx([300.0, 400.0])
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'channels' must be channels of the attribution (meta, search) (got 'serch'; did you mean 'search'?)"
            ),
        ):
            lift.rescale(attribution, channels="serch")
        with pytest.raises(InvalidInputError, match=message("'channels' must be a string (got 3)")):
            lift.rescale(attribution, channels=[3])  # type: ignore[list-item]

    def test_calibration_errors(self, lift):
        with pytest.raises(
            InvalidInputError,
            match=message("'channel' must be given when the lift has no channel (got None)"),
        ):
            conversion_lift(130, 100, spend=10.0, value_per_conversion=1.0).to_calibration()
        with pytest.raises(InvalidInputError, match=message("'channel' must be a non-empty string")):
            lift.to_calibration(channel="")
        with pytest.raises(
            InvalidInputError,
            match=message(
                "a calibration needs a finite iROAS with a finite standard error > 0 (got nan and nan)"
            ),
        ):
            conversion_lift(130, 100, channel="meta").to_calibration()

    def test_geo_lifts_export_too(self):
        treatment, control = geo_series()
        tbr = time_based_regression(treatment, control, pre_periods=14, cost=20.0, channel="tv")
        assert tbr.to_pymc_marketing(x=0.0)["sigma"] == pytest.approx(tbr.iroas_standard_error * 20.0)
        tr, cr, tc, cc = pairs()
        tm = trimmed_match(tr, cr, tc, cc, channel="search")
        assert tm.to_meridian()["mean"] == tm.iroas
        assert "trimmed match" in str(tm)


def test_levels_and_alphas_whose_quantile_rounds_to_1_are_refused():
    # Was: math domain error, as (1 + level) / 2 or 1 - alpha / 2 rounded to 1 (issue 12, as in valuation).
    tr, cr, tc, cc = pairs()
    treatment, control = geo_series()
    near_1 = "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 0.9999999999999999)"
    with pytest.raises(InvalidInputError, match=f"^{message(near_1)}$"):
        trimmed_match(tr, cr, tc, cc, level=1 - 1e-16)
    with pytest.raises(InvalidInputError, match=f"^{message(near_1)}$"):
        time_based_regression(treatment, control, pre_periods=14, level=1 - 1e-16)
    tiny = "'alpha' must be strictly between 0 and 1 (at least 2**-52) (got 5e-324)"
    for call in (
        lambda: lift_power(0.01, 0.002, 50_000, 50_000, alpha=5e-324),
        lambda: minimum_detectable_lift(0.01, 50_000, 50_000, alpha=5e-324),
        lambda: plan_lift(0.01, 0.002, alpha=5e-324),
        lambda: plan_geo_lift(treatment, control, test_periods=7, alpha=5e-324),
        lambda: brand_lift(100, 50, 100, 40, alpha=5e-324, minimum_lift=0.05),
    ):
        with pytest.raises(InvalidInputError, match=f"^{message(tiny)}$"):
            call()
    # The extremes allowed give finite answers.
    assert math.isfinite(trimmed_match(tr, cr, tc, cc, level=1 - 2**-52).incremental_interval[1])
    assert math.isfinite(
        time_based_regression(treatment, control, pre_periods=14, level=1 - 2**-52).incremental_interval[1]
    )
    assert 0.0 <= lift_power(0.01, 0.002, 50_000, 50_000, alpha=2**-52) <= 1.0
    assert math.isfinite(minimum_detectable_lift(0.01, 50_000, 50_000, alpha=2**-52))
