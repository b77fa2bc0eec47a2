"""Unit tests of socialroi.budget: hand-checked splits, curves and allocations, and every error."""

from __future__ import annotations

import json
import math
import re

import attrs
import numpy as np
import pandas as pd
import pytest

from socialroi import Money
from socialroi import budget as budget_module
from socialroi.budget import (
    DEFAULT_STAGE_SHARES,
    Allocation,
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_by_stage,
    allocate_to_target,
    split_budget,
)
from socialroi.exceptions import InvalidInputError, MissingDataError, UndefinedMetricError
from socialroi.funnel import Stage


def message(text: str) -> str:
    return re.escape(text)


# --- split_budget -------------------------------------------------------------------------------------


A, CONS, CONV, L, ADV = Stage


def keyed(parts):
    """A stage-keyed result as plain ``stage.key`` strings, in its own order."""
    return {stage.key: amount for stage, amount in parts.items()}


class TestSplitBudget:
    def test_default_shares_are_the_70_10_20_rule(self):
        assert dict(DEFAULT_STAGE_SHARES) == {A: 0.7, CONS: 0.1, CONV: 0.2}
        assert list(DEFAULT_STAGE_SHARES) == [A, CONS, CONV]
        parts = split_budget(10_000)
        assert parts == {A: 7000.0, CONS: 1000.0, CONV: 2000.0}
        assert list(parts) == [A, CONS, CONV]

    def test_defaults_are_read_only(self):
        with pytest.raises(TypeError):
            DEFAULT_STAGE_SHARES[A] = 0.5  # type: ignore[index]

    def test_money_in_money_out(self):
        parts = split_budget(Money(amount=1_000, currency="eur"))
        assert parts == {
            A: Money(amount=700, currency="EUR"),
            CONS: Money(amount=100, currency="EUR"),
            CONV: Money(amount=200, currency="EUR"),
        }

    def test_stage_members_names_and_synonyms_all_key_by_stage_in_funnel_order(self):
        parts = split_budget(900, {" ADVOCACY ": 1 / 3, Stage.AWARENESS: 1 / 3, "Loyalty": 1 / 3})
        assert list(parts) == [A, L, ADV]
        assert all(type(stage) is Stage for stage in parts)
        assert math.fsum(parts.values()) == 900.0
        synonyms = split_budget(
            100, {"lead generation": 0.2, "Prospecting": 0.5, "engagement": 0.1, "retention": 0.2}
        )
        assert synonyms == {A: 50.0, CONS: 10.0, CONV: 20.0, L: 20.0}
        assert list(synonyms) == [A, CONS, CONV, L]
        assert split_budget(100, {"top-of-funnel": 0.5, "bottom_of_funnel": 0.5}) == {A: 50.0, CONV: 50.0}

    def test_result_does_not_depend_on_the_order_of_the_shares(self):
        forward = split_budget(
            99.99, {"awareness": 0.7, "consideration": 0.1, "conversion": 0.2}, round_to=0.01
        )
        backward = split_budget(
            99.99, {"conversion": 0.2, "consideration": 0.1, "awareness": 0.7}, round_to=0.01
        )
        assert forward == backward
        assert list(forward) == list(backward) == [A, CONS, CONV]

    def test_a_rounding_tie_goes_to_the_earlier_stage(self):
        # 1 cent over two equal shares: the remainders tie and the earlier stage of the funnel gets it,
        # whichever order the shares are given in.
        assert split_budget(0.01, {"conversion": 0.5, "awareness": 0.5}, round_to=0.01) == {
            A: 0.01,
            CONV: 0.0,
        }

    def test_parts_add_up_exactly(self):
        parts = split_budget(0.3, {"awareness": 0.1, "consideration": 0.2, "conversion": 0.7})
        assert math.fsum(parts.values()) == 0.3

    def test_round_to_cents_by_largest_remainder(self):
        # 9,999 cents: 6,999.3 / 999.9 / 1,999.8 floor to 9,997; the two cents left go to the largest
        # remainders (0.9 and 0.8).
        assert keyed(split_budget(99.99, round_to=0.01)) == {
            "awareness": 69.99,
            "consideration": 10.0,
            "conversion": 20.0,
        }

    def test_round_to_whole_units(self):
        with pytest.warns(UserWarning, match=message("'shares' sum to 3.0, not 1; scaled them by 0.333333")):
            parts = split_budget(
                100, {"awareness": 1, "conversion": 1, "loyalty": 1}, normalize=True, round_to=1
            )
        assert parts == {A: 34.0, CONV: 33.0, L: 33.0}

    def test_round_to_an_odd_unit(self):
        parts = split_budget(1.5, {"awareness": 0.5, "conversion": 0.5}, round_to=0.25)
        assert parts == {A: 0.75, CONV: 0.75}
        parts = split_budget(10, {"awareness": 0.7, "conversion": 0.3}, round_to=2.5)
        assert parts == {A: 7.5, CONV: 2.5}

    def test_a_zero_share_gets_exactly_zero(self):
        parts = split_budget(1000.01, {"awareness": 0.3, "consideration": 0.0, "conversion": 0.7})
        assert parts[CONS] == 0.0
        assert math.fsum(parts.values()) == 1000.01

    def test_normalize_scales_and_warns(self):
        with pytest.warns(UserWarning, match=message("'shares' sum to 0.5, not 1; scaled them by 2")):
            parts = split_budget(100, {"awareness": 0.25, "conversion": 0.25}, normalize=True)
        assert parts == {A: 50.0, CONV: 50.0}

    def test_float_noise_in_shares_is_accepted_silently(self):
        parts = split_budget(10, {"awareness": 0.7, "consideration": 0.1, "conversion": 0.2000000001})
        assert parts[A] == pytest.approx(7.0, rel=1e-9)
        assert math.fsum(parts.values()) == 10.0

    @pytest.mark.parametrize(
        ("total", "shares", "text"),
        [
            (-1, DEFAULT_STAGE_SHARES, "'total' must be >= 0 and finite (got -1)"),
            (math.inf, DEFAULT_STAGE_SHARES, "'total' must be >= 0 and finite (got inf)"),
            (
                math.nan,
                DEFAULT_STAGE_SHARES,
                "'total' must be a number, not NaN, and >= 0 and finite (got nan)",
            ),
            ("10", DEFAULT_STAGE_SHARES, "'total' must be a number (got '10')"),
            (10, {}, "'shares' must be a non-empty mapping of stage to value (got {})"),
            (10, [0.5, 0.5], "'shares' must be a non-empty mapping of stage to value (got [0.5, 0.5])"),
            (
                10,
                {42: 1.0},
                "'shares' must be keyed by funnel stages: 'stage' must be a Stage or its name (got 42)",
            ),
            (
                10,
                {"awarness": 1.0},
                (
                    "'shares' must be keyed by funnel stages: 'stage' must be one of 'awareness', 'consideration', "
                    "'conversion', 'loyalty' or 'advocacy' or a synonym like 'engagement' (got 'awarness'); "
                    "did you mean 'awareness' or 'brand awareness'?"
                ),
            ),
            (
                10,
                {"conversoin": 1.0},
                "(got 'conversoin'); did you mean 'conversion' or 'consideration'?",
            ),
            (
                10,
                {"remarketting": 1.0},
                (
                    "'shares' must be keyed by funnel stages: 'stage' must be one of 'awareness', 'consideration', "
                    "'conversion', 'loyalty' or 'advocacy' or a synonym like 'engagement' (got 'remarketting'); "
                    "did you mean 'remarketing' or 'retargeting'?"
                ),
            ),
            (
                10,
                {"awareness": 0.5, Stage.AWARENESS: 0.5},
                "'shares' names the stage 'awareness' twice (as 'awareness' and <Stage.AWARENESS: 1>)",
            ),
            (
                10,
                {"prospecting": 0.5, "reach": 0.5},
                "'shares' names the stage 'awareness' twice (as 'prospecting' and 'reach')",
            ),
            (
                10,
                {"awareness": -0.1, "conversion": 1.1},
                "'shares[awareness]' must be >= 0 and finite (got -0.1)",
            ),
            (
                10,
                {"awareness": math.nan},
                "'shares[awareness]' must be a number, not NaN, and >= 0 and finite (got nan)",
            ),
            (10, {"awareness": 0.0}, "'shares' must not all be 0 (got {'awareness': 0.0})"),
            (
                10,
                {"conversion": 0.0, Stage.AWARENESS: 0.0},
                "'shares' must not all be 0 (got {'awareness': 0.0, 'conversion': 0.0})",
            ),
            (10, {"prospecting": -1.0}, "'shares[prospecting]' must be >= 0 and finite (got -1.0)"),
            (10, {Stage.LOYALTY: "x"}, "'shares[Stage.LOYALTY]' must be a number (got 'x')"),
            (
                10,
                {"awareness": 0.6, "conversion": 0.3},
                "'shares' must sum to 1 (got 0.8999999999999999); pass normalize=True to scale them",
            ),
        ],
    )
    def test_invalid_input(self, total, shares, text):
        with pytest.raises(InvalidInputError, match=message(text)):
            split_budget(total, shares)

    @pytest.mark.parametrize(
        ("round_to", "text"),
        [
            (0, "'round_to' must be > 0 and finite (got 0)"),
            (-0.01, "'round_to' must be > 0 and finite (got -0.01)"),
            (0.03, "'total' must be a whole number of 'round_to' units (got 10.0 and round_to=0.03)"),
        ],
    )
    def test_invalid_round_to(self, round_to, text):
        with pytest.raises(InvalidInputError, match=message(text)):
            split_budget(10, round_to=round_to)


def test_settle_moves_what_one_pivot_cannot_take_to_the_next():
    # 1.0 cannot give up 2**-60 (its float spacing is 2**-53 below 1); 2**-10 + 2**-60 can.
    settle = budget_module._settle
    assert settle([1.0, 2.0**-10 + 2.0**-60], 1.0 + 2.0**-10, [0, 1], [0.0, 0.0], [2.0, 2.0]) == [
        1.0,
        2.0**-10,
    ]
    # A part that the gap would change by more than a millionth is left alone; fsum rounds to the total.
    parts = settle([1.0, 2.0**-60], 1.0, [0, 1], [0.0, 0.0], [2.0, 2.0])
    assert parts == [1.0, 2.0**-60]
    assert math.fsum(parts) == 1.0


# --- response curves ----------------------------------------------------------------------------------


class TestExponentialCurve:
    curve = ExponentialCurve(beta=10_000, scale=5_000)

    def test_hand_values(self):
        assert self.curve.response(0.0) == 0.0
        assert self.curve.response(5_000) == pytest.approx(10_000 * (1 - math.exp(-1)), rel=1e-15)
        assert self.curve.marginal(0) == 2.0
        assert self.curve.marginal(5_000) == pytest.approx(2 * math.exp(-1), rel=1e-15)
        assert self.curve.inverse_marginal(1.0) == pytest.approx(5_000 * math.log(2), rel=1e-15)

    def test_inverse_at_the_edges(self):
        assert self.curve.inverse_marginal(2.0) == 0.0
        assert self.curve.inverse_marginal(3.0) == 0.0
        assert self.curve.inverse_marginal(0.0) == math.inf

    def test_arrays_in_arrays_out(self):
        spend = np.array([0.0, 5_000.0, 10_000.0])
        result = self.curve.marginal(spend)
        assert isinstance(result, np.ndarray)
        np.testing.assert_allclose(result, 2 * np.exp(-spend / 5_000), rtol=1e-15)
        np.testing.assert_allclose(self.curve.inverse_marginal(result), spend, rtol=1e-12)
        assert isinstance(self.curve.response([1.0, 2.0]), np.ndarray)

    def test_series_keep_their_index(self):
        spend = pd.Series([0.0, 5_000.0], index=["jan", "feb"])
        result = self.curve.response(spend)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["jan", "feb"]

    def test_nan_propagates(self):
        assert math.isnan(self.curve.response(math.nan))
        assert math.isnan(self.curve.inverse_marginal(math.nan))

    def test_negative_spend_raises(self):
        with pytest.raises(
            InvalidInputError, match=message("'spend' must be >= 0 and finite (got -1.0 at index 1)")
        ):
            self.curve.response([1.0, -1.0])
        with pytest.raises(
            InvalidInputError, match=message("'marginal_roas' must be >= 0 and finite (got -1.0)")
        ):
            self.curve.inverse_marginal(-1.0)

    def test_is_frozen_and_concave(self):
        assert self.curve.is_concave
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            self.curve.beta = 1.0  # type: ignore[misc]


class TestHillCurve:
    def test_michaelis_menten_hand_values(self):
        curve = HillCurve(beta=8_000, half_saturation=2_000)
        assert curve.slope == 1.0
        assert curve.response(2_000) == 4000.0
        assert curve.response(0.0) == 0.0
        assert curve.marginal(0.0) == 4.0
        assert curve.marginal(2_000) == pytest.approx(1.0, rel=1e-15)
        assert curve.inverse_marginal(1.0) == pytest.approx(2_000.0, rel=1e-15)
        assert curve.inverse_marginal(4.0) == 0.0
        assert curve.inverse_marginal(0.0) == math.inf
        assert curve.peak_spend == 0.0
        assert curve.is_concave

    def test_concave_slope_below_one_is_vertical_at_zero(self):
        curve = HillCurve(beta=1_000, half_saturation=500, slope=0.5)
        assert curve.marginal(0.0) == math.inf
        spend = np.array([1.0, 100.0, 500.0, 10_000.0, 1e7])
        np.testing.assert_allclose(curve.inverse_marginal(curve.marginal(spend)), spend, rtol=1e-9)
        assert curve.inverse_marginal(1e300) == pytest.approx(0.0, abs=1e-300)
        assert curve.response(500) == pytest.approx(500.0, rel=1e-15)

    def test_s_curve(self):
        curve = HillCurve(beta=1_000, half_saturation=1_000, slope=3)
        assert not curve.is_concave
        assert curve.marginal(0.0) == 0.0
        peak = curve.peak_spend
        assert peak == pytest.approx(1_000 * 0.5 ** (1 / 3), rel=1e-15)
        top = curve.marginal(peak)
        assert curve.marginal(peak * 0.99) < top
        assert curve.marginal(peak * 1.01) < top
        # The inverse lies on the falling branch, past the peak.
        spend = np.array([peak * 1.001, 1_200.0, 3_000.0, 1e5])
        np.testing.assert_allclose(curve.inverse_marginal(curve.marginal(spend)), spend, rtol=1e-9)
        assert curve.inverse_marginal(top * 1.001) == 0.0
        assert curve.inverse_marginal(top) == pytest.approx(peak, rel=1e-6)
        assert curve.inverse_marginal(1e300) == 0.0
        assert curve.response(1_000) == 500.0

    def test_huge_spend_does_not_overflow(self):
        curve = HillCurve(beta=1_000, half_saturation=1, slope=4)
        assert curve.response(1e300) == 1000.0
        assert curve.marginal(1e300) == 0.0


class TestLogisticCurve:
    curve = LogisticCurve(beta=10_000, lam=0.0005)

    def test_hand_values(self):
        assert self.curve.response(0.0) == 0.0
        assert self.curve.response(2_000) == pytest.approx(
            10_000 * (1 - math.exp(-1)) / (1 + math.exp(-1)), rel=1e-15
        )
        assert self.curve.marginal(0.0) == 2.5
        q = math.exp(-1)
        assert self.curve.marginal(2_000) == pytest.approx(2 * 10_000 * 0.0005 * q / (1 + q) ** 2, rel=1e-15)

    def test_inverse(self):
        # The marginal is flat at zero spend (tanh has no curvature there), so the inverse is
        # ill-conditioned for tiny spend; from 1 up it round-trips to 1e-9.
        spend = np.array([1.0, 10.0, 2_000.0, 50_000.0])
        np.testing.assert_allclose(self.curve.inverse_marginal(self.curve.marginal(spend)), spend, rtol=1e-9)
        assert self.curve.inverse_marginal(2.5) == 0.0
        assert self.curve.inverse_marginal(0.0) == math.inf
        assert self.curve.inverse_marginal(1e-300) == pytest.approx(
            math.log(10.0 / 1e-300) / 0.0005, rel=1e-12
        )

    def test_huge_spend(self):
        assert self.curve.response(1e12) == 10_000.0
        assert self.curve.marginal(1e12) == 0.0


class TestPowerCurve:
    def test_hand_values(self):
        curve = PowerCurve(scale=100, exponent=0.5)
        assert curve.response(10_000) == 10_000.0
        assert curve.marginal(10_000) == 0.5
        assert curve.marginal(0.0) == math.inf
        assert curve.inverse_marginal(0.5) == pytest.approx(10_000.0, rel=1e-15)
        assert curve.inverse_marginal(0.0) == math.inf

    def test_linear(self):
        curve = PowerCurve(scale=3, exponent=1)
        assert curve.response(10) == 30.0
        assert curve.marginal(0.0) == 3.0
        np.testing.assert_array_equal(curve.inverse_marginal([2.0, 3.0, 4.0]), [math.inf, math.inf, 0.0])
        assert math.isnan(curve.inverse_marginal(math.nan))

    def test_fit_recovers_exact_curves(self):
        spend = np.array([100.0, 1_000.0, 5_000.0, 20_000.0])
        fitted = PowerCurve.fit(spend, 40 * spend**0.6)
        assert fitted.scale == pytest.approx(40, rel=1e-12)
        assert fitted.exponent == pytest.approx(0.6, rel=1e-12)
        linear = PowerCurve.fit([1.0, 3.0, 7.0], [2.5, 7.5, 17.5])
        assert linear.exponent == 1.0
        assert linear.scale == pytest.approx(2.5, rel=1e-12)

    def test_fit_is_least_squares_on_logs(self):
        spend = np.array([1.0, 2.0, 4.0])
        revenue = np.array([10.0, 12.0, 20.0])
        slope, intercept = np.polyfit(np.log(spend), np.log(revenue), 1)
        fitted = PowerCurve.fit(spend, revenue)
        assert fitted.exponent == pytest.approx(slope, rel=1e-12)
        assert fitted.scale == pytest.approx(math.exp(intercept), rel=1e-12)

    @pytest.mark.parametrize(
        ("spend", "revenue", "text"),
        [
            ([1.0, 0.0, 3.0], [1.0, 2.0, 3.0], "'spend' must be > 0 and finite (got 0.0 at index 1)"),
            ([1.0, 2.0, 3.0], [1.0, 2.0, -3.0], "'revenue' must be > 0 and finite (got -3.0 at index 2)"),
            ([1.0, math.nan], [1.0, 2.0], "'spend' must be > 0 and finite (got nan at index 1)"),
            ([1.0, 2.0], [math.nan, 2.0], "'revenue' must be > 0 and finite (got nan at index 0)"),
            ([1.0, 2.0], [1.0, 2.0, 3.0], "'spend' and 'revenue' must have the same length (got 2 and 3)"),
            (
                [5.0, 5.0],
                [1.0, 2.0],
                "'spend' must hold at least two different values to fit a curve (got 2 values, 1 distinct)",
            ),
            (
                [],
                [],
                "'spend' must hold at least two different values to fit a curve (got 0 values, 0 distinct)",
            ),
            (
                [1.0, 2.0],
                [1.0, 4.0],
                "the fitted exponent must be > 0 and <= 1 for a power curve (got 2.0): the data show increasing returns",
            ),
            (
                [1.0, 2.0],
                [2.0, 1.0],
                "the fitted exponent must be > 0 and <= 1 for a power curve (got -1.0): the data show falling returns",
            ),
        ],
    )
    def test_fit_errors(self, spend, revenue, text):
        with pytest.raises(InvalidInputError, match=message(text)):
            PowerCurve.fit(spend, revenue)


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda: ExponentialCurve(beta=0, scale=1), "'beta' must be > 0 and finite (got 0.0)"),
        (lambda: ExponentialCurve(beta=1, scale=-1), "'scale' must be > 0 and finite (got -1.0)"),
        (lambda: HillCurve(beta=1, half_saturation=0), "'half_saturation' must be > 0 and finite (got 0.0)"),
        (lambda: HillCurve(beta=1, half_saturation=1, slope=0), "'slope' must be > 0 and finite (got 0.0)"),
        (lambda: HillCurve(beta=math.inf, half_saturation=1), "'beta' must be > 0 and finite (got inf)"),
        (lambda: LogisticCurve(beta=1, lam=0), "'lam' must be > 0 and finite (got 0.0)"),
        (lambda: LogisticCurve(beta="1", lam=1), "'beta' must be a number (got '1')"),
        (lambda: PowerCurve(scale=0, exponent=0.5), "'scale' must be > 0 and finite (got 0.0)"),
        (lambda: PowerCurve(scale=1, exponent=0), "'exponent' must be > 0 and <= 1 (got 0.0)"),
        (
            lambda: PowerCurve(scale=1, exponent=1.5),
            "'exponent' must be > 0 and <= 1 (got 1.5)",
        ),
    ],
)
def test_invalid_curve_parameters(make, text):
    with pytest.raises(InvalidInputError, match=message(text)):
        make()


# --- allocate -----------------------------------------------------------------------------------------

HILLS = {
    "meta": HillCurve(beta=8_000, half_saturation=2_000),
    "tiktok": HillCurve(beta=2_000, half_saturation=500),
}


class TestAllocate:
    def test_two_channels_by_hand(self):
        # 4 / (1 + x/2,000)² = 4 / (1 + y/500)² where x = 4y; x + y = 5,000.
        plan = allocate(5_000, HILLS)
        assert plan.spend_by_channel() == {"meta": 4000.0, "tiktok": 1000.0}
        assert plan.budget_marginal_roas == pytest.approx(4 / 9, rel=1e-12)
        np.testing.assert_allclose(plan.marginal_roas, [4 / 9, 4 / 9], rtol=1e-12)
        np.testing.assert_allclose(plan.response, [8_000 * 2 / 3, 2_000 * 2 / 3], rtol=1e-15)
        assert plan.total == 5_000.0
        assert plan.total_response == pytest.approx(20_000 / 3, rel=1e-15)
        assert plan.method == "kkt"
        assert not plan.at_lower.any()
        assert not plan.at_upper.any()
        assert plan.improvement is None
        assert plan.split_cost is None

    def test_exponential_by_hand(self):
        # 3e^(-x/2,000) = 3e^(-y/1,000): x = 2y.
        curves = {
            "a": ExponentialCurve(beta=6_000, scale=2_000),
            "b": ExponentialCurve(beta=3_000, scale=1_000),
        }
        plan = allocate(3_000, curves)
        assert plan.spend_by_channel() == {"a": 2000.0, "b": 1000.0}
        assert plan.budget_marginal_roas == pytest.approx(3 * math.exp(-1), rel=1e-12)

    def test_an_upper_bound_binds(self):
        plan = allocate(5_000, HILLS, max_spend={"meta": 3_000})
        assert plan.spend_by_channel() == {"meta": 3000.0, "tiktok": 2000.0}
        assert plan.at_upper.tolist() == [True, False]
        # tiktok is free and sets λ = 4/(1 + 4)² = 0.16; meta's marginal at its cap is higher.
        assert plan.budget_marginal_roas == pytest.approx(0.16, rel=1e-12)
        assert plan.marginal_roas[0] == pytest.approx(4 / 2.5**2, rel=1e-15)
        assert plan.marginal_roas[0] > plan.budget_marginal_roas

    def test_a_lower_bound_binds(self):
        plan = allocate(5_000, HILLS, min_spend={"tiktok": 2_000})
        assert plan.spend_by_channel() == {"meta": 3000.0, "tiktok": 2000.0}
        assert plan.at_lower.tolist() == [False, True]
        assert plan.marginal_roas[1] < plan.budget_marginal_roas

    def test_a_channel_not_worth_its_first_unit_stays_at_zero(self):
        curves = {
            "good": ExponentialCurve(beta=10_000, scale=1_000),
            "poor": ExponentialCurve(beta=100, scale=1_000),
        }
        plan = allocate(1_000, curves)
        assert plan.spend_by_channel() == {"good": 1000.0, "poor": 0.0}
        assert plan.at_lower.tolist() == [False, True]
        assert plan.marginal_roas[1] == 0.1

    def test_linear_channels_fill_the_best_first(self):
        curves = {"a": PowerCurve(scale=2, exponent=1), "b": PowerCurve(scale=3, exponent=1)}
        plan = allocate(100, curves, max_spend={"b": 40})
        assert plan.spend_by_channel() == {"a": 60.0, "b": 40.0}
        assert plan.budget_marginal_roas == pytest.approx(2.0)

    def test_curves_vertical_at_zero(self):
        curves = {"a": PowerCurve(scale=100, exponent=0.5), "b": PowerCurve(scale=50, exponent=0.5)}
        plan = allocate(500, curves)
        # 50/√x = 25/√y: x = 4y.
        assert plan.spend_by_channel() == pytest.approx({"a": 400.0, "b": 100.0}, rel=1e-12)

    def test_a_marginal_that_underflows(self):
        # Past ~745 units of scale e^(-x) underflows: both curves are saturated to the last digit, so any
        # split that gives each more than that is optimal in floats.
        curves = {"a": ExponentialCurve(beta=1, scale=1), "b": ExponentialCurve(beta=10, scale=1)}
        plan = allocate(20_000, curves)
        assert plan.total == 20_000.0
        assert plan.total_response == 11.0
        assert plan.spend.min() > 700

    def test_every_family_together(self):
        curves = {
            "e": ExponentialCurve(beta=5_000, scale=2_000),
            "h": HillCurve(beta=4_000, half_saturation=1_500, slope=0.8),
            "l": LogisticCurve(beta=6_000, lam=0.0004),
            "p": PowerCurve(scale=60, exponent=0.5),
        }
        plan = allocate(8_000, curves)
        assert plan.total == 8_000.0
        np.testing.assert_allclose(plan.marginal_roas, plan.budget_marginal_roas, rtol=1e-9)

    def test_zero_budget(self):
        plan = allocate(0, HILLS)
        assert plan.spend.tolist() == [0.0, 0.0]
        assert plan.budget_marginal_roas is None
        assert plan.at_lower.all()

    def test_budget_equal_to_the_minimums_or_the_maximums(self):
        low = allocate(300, HILLS, min_spend={"meta": 100, "tiktok": 200})
        assert low.spend.tolist() == [100.0, 200.0]
        assert low.budget_marginal_roas is None
        high = allocate(300, HILLS, max_spend=150)
        assert high.spend.tolist() == [150.0, 150.0]
        assert high.at_upper.all()
        assert high.budget_marginal_roas is None

    def test_a_single_unbounded_channel_takes_everything(self):
        plan = allocate(1_000, {"only": ExponentialCurve(beta=5_000, scale=1_000)})
        assert plan.spend.tolist() == [1000.0]
        assert plan.budget_marginal_roas == pytest.approx(5 * math.exp(-1), rel=1e-9)

    def test_fixed_channel(self):
        plan = allocate(5_000, HILLS, min_spend={"meta": 1_000}, max_spend={"meta": 1_000})
        assert plan.spend_by_channel() == {"meta": 1000.0, "tiktok": 4000.0}
        assert plan.to_dict()["channels"]["meta"]["bound"] == "fixed"

    def test_improvement_over_the_current_spend(self):
        plan = allocate(5_000, HILLS, current={"meta": 2_500, "tiktok": 2_500})
        current = 8_000 * 2_500 / 4_500 + 2_000 * 2_500 / 3_000
        assert plan.current_response.tolist() == pytest.approx([8_000 * 2_500 / 4_500, 2_000 * 2_500 / 3_000])
        assert plan.improvement == pytest.approx(20_000 / 3 - current, rel=1e-12)
        assert plan.improvement > 0

    def test_inputs_are_not_mutated(self):
        lo = {"meta": 100.0}
        curves = dict(HILLS)
        allocate(1_000, curves, min_spend=lo)
        assert lo == {"meta": 100.0}
        assert curves == HILLS

    @pytest.mark.parametrize(
        ("kwargs", "text"),
        [
            ({"total": -1}, "'total' must be >= 0 and finite (got -1)"),
            ({"curves": {}}, "'curves' must be a non-empty mapping of channel to response curve (got {})"),
            ({"curves": {1: HILLS["meta"]}}, "'curves' must be keyed by channel names (strings) (got 1)"),
            (
                {"curves": {"a": lambda x: x}},
                "'curves[a]' must be an ExponentialCurve, HillCurve, LogisticCurve or PowerCurve",
            ),
            (
                {"min_spend": {"mta": 1}},
                "'min_spend' names an unknown channel 'mta'; did you mean 'meta'? (channels: 'meta', 'tiktok')",
            ),
            ({"max_spend": {2: 1}}, "'max_spend' names an unknown channel 2 (channels: 'meta', 'tiktok')"),
            ({"min_spend": {"meta": -1}}, "'min_spend[meta]' must be >= 0 and finite (got -1)"),
            ({"max_spend": -5}, "'max_spend' must be >= 0 (got -5)"),
            (
                {"max_spend": [1, 2]},
                "'max_spend' must be a number or a mapping of channel to amount (got [1, 2])",
            ),
            (
                {"min_spend": {"meta": 10}, "max_spend": {"meta": 5}},
                "'min_spend' must be <= 'max_spend' for 'meta' (got 10.0 > 5.0)",
            ),
            (
                {"min_spend": {"meta": 3_000, "tiktok": 2_500}},
                "the bounds are infeasible: the minimum spends ('min_spend') add up to 5500.0, above 'total' 5000.0",
            ),
            (
                {"max_spend": 2_000},
                "the bounds are infeasible: the maximum spends ('max_spend') add up to 4000.0, below 'total' 5000.0",
            ),
            ({"current": {"meta": 1}}, "'current' must give the spend of every channel (missing 'tiktok')"),
            ({"current": {"meta": 1, "tiktok": -1}}, "'current[tiktok]' must be >= 0 and finite (got -1)"),
        ],
    )
    def test_invalid_input(self, kwargs, text):
        arguments = {"total": 5_000, "curves": HILLS, **kwargs}
        with pytest.raises(InvalidInputError, match=message(text)):
            allocate(arguments.pop("total"), arguments.pop("curves"), **arguments)


S_CURVES = {
    "video": HillCurve(beta=6_000, half_saturation=2_000, slope=2.5),
    "search": ExponentialCurve(beta=3_000, scale=1_000),
}


def brute_force(curves, total, steps=20_001):
    """The best split of ``total`` between two channels on a fine grid."""
    a, b = curves.values()
    x = np.linspace(0.0, total, steps)
    values = a.response(x) + b.response(total - x)
    return float(values.max())


class TestSCurveFallback:
    def test_warns_and_finds_the_optimum(self):
        with pytest.warns(
            RuntimeWarning,
            match=message("the response curves of 'video' are S-shaped (HillCurve with slope > 1)"),
        ):
            plan = allocate(3_000, S_CURVES)
        assert plan.method == "grid"
        assert plan.total == 3_000.0
        assert plan.total_response >= brute_force(S_CURVES, 3_000) - 1e-9
        # Refined to the KKT point: both channels at one marginal ROAS, video past its peak.
        np.testing.assert_allclose(plan.marginal_roas, plan.budget_marginal_roas, rtol=1e-9)
        assert plan.spend[0] > S_CURVES["video"].peak_spend

    def test_a_small_budget_skips_the_s_curve(self):
        with pytest.warns(RuntimeWarning, match="may be local"):
            plan = allocate(300, S_CURVES)
        assert plan.spend_by_channel() == {"video": 0.0, "search": 300.0}
        assert plan.total_response >= brute_force(S_CURVES, 300) - 1e-9

    def test_peaks_beyond_the_budget_leave_the_grid_answer(self):
        curves = {
            "a": HillCurve(beta=1_000, half_saturation=1_000, slope=3),
            "b": HillCurve(beta=900, half_saturation=1_000, slope=3),
        }
        with pytest.warns(RuntimeWarning):
            plan = allocate(100, curves)
        assert plan.total == 100.0
        assert plan.total_response >= brute_force(curves, 100) - 1e-9
        assert plan.budget_marginal_roas is None

    def test_a_budget_that_only_covers_the_minimums(self):
        with pytest.warns(RuntimeWarning):
            plan = allocate(100, S_CURVES, min_spend=50)
        assert plan.spend.tolist() == [50.0, 50.0]
        assert plan.budget_marginal_roas is None

    def test_bounds_that_are_not_whole_grid_steps(self):
        curves = {
            "a": HillCurve(beta=1_000, half_saturation=300, slope=2),
            "b": HillCurve(beta=2_000, half_saturation=600, slope=2),
        }
        with pytest.warns(RuntimeWarning):
            plan = allocate(1_000, curves, max_spend={"a": 1_000 / 3, "b": 2_000 / 3})
        assert plan.spend.tolist() == pytest.approx([1_000 / 3, 2_000 / 3], rel=1e-12)
        assert math.fsum(plan.spend) == 1_000.0

    def test_many_channels_use_a_coarser_grid(self):
        rng = np.random.default_rng(7)
        curves = {
            f"c{i}": HillCurve(
                beta=float(rng.uniform(1e3, 1e4)), half_saturation=float(rng.uniform(500, 3_000)), slope=2.0
            )
            for i in range(40)
        }
        assert budget_module._grid_steps(40) == 707
        with pytest.warns(RuntimeWarning):
            plan = allocate(50_000, curves)
        assert plan.total == pytest.approx(50_000, rel=1e-15)
        free = ~plan.at_lower & ~plan.at_upper
        np.testing.assert_allclose(plan.marginal_roas[free], plan.budget_marginal_roas, rtol=1e-9)


# --- allocate_to_target -------------------------------------------------------------------------------


TARGET_CURVES = {
    "meta": ExponentialCurve(beta=10_000, scale=5_000),
    "tiktok": ExponentialCurve(beta=3_000, scale=1_000),
}


class TestAllocateToTarget:
    curves = TARGET_CURVES

    def test_by_hand(self):
        plan = allocate_to_target(self.curves, 1.0)
        assert plan.spend.tolist() == pytest.approx([5_000 * math.log(2), 1_000 * math.log(3)], rel=1e-15)
        assert plan.marginal_roas.tolist() == pytest.approx([1.0, 1.0], rel=1e-12)
        assert plan.method == "target"
        assert plan.budget_marginal_roas == 1.0

    def test_margin_gives_the_break_even_target(self):
        plan = allocate_to_target(self.curves, margin=0.4)
        assert plan.budget_marginal_roas == 2.5
        assert plan.spend_by_channel() == pytest.approx({"meta": 0.0, "tiktok": 1_000 * math.log(3 / 2.5)})

    def test_bounds_clip(self):
        plan = allocate_to_target(self.curves, 1.0, min_spend={"meta": 5_000}, max_spend={"tiktok": 500})
        assert plan.spend_by_channel() == {"meta": 5000.0, "tiktok": 500.0}
        assert plan.at_lower.tolist() == [True, False]
        assert plan.at_upper.tolist() == [False, True]

    def test_linear_channel_spends_its_cap(self):
        plan = allocate_to_target({"a": PowerCurve(scale=3, exponent=1)}, 2.0, max_spend=100)
        assert plan.spend.tolist() == [100.0]

    def test_s_curve_compares_with_not_spending(self):
        curve = HillCurve(beta=1_000, half_saturation=1_000, slope=4)
        top = curve.marginal(curve.peak_spend)
        # Just under the peak marginal the falling-branch point loses money against spending nothing.
        near = allocate_to_target({"s": curve}, top * 0.99)
        assert near.spend.tolist() == [0.0]
        low = allocate_to_target({"s": curve}, 0.1)
        x = low.spend[0]
        assert x > curve.peak_spend
        assert curve.marginal(x) == pytest.approx(0.1, rel=1e-9)
        grid = np.linspace(0, 10_000, 100_001)
        assert curve.response(x) - 0.1 * x >= (curve.response(grid) - 0.1 * grid).max() - 1e-9

    def test_current(self):
        plan = allocate_to_target(self.curves, 1.0, current={"meta": 0, "tiktok": 0})
        assert plan.improvement == pytest.approx(plan.total_response)

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "text"),
        [
            (
                (),
                {},
                InvalidInputError,
                "pass exactly one of 'target_marginal_roas' and 'margin' (got None and None)",
            ),
            (
                (2.0,),
                {"margin": 0.5},
                InvalidInputError,
                "pass exactly one of 'target_marginal_roas' and 'margin' (got 2.0 and 0.5)",
            ),
            ((0.0,), {}, InvalidInputError, "'target_marginal_roas' must be > 0 and finite (got 0.0)"),
            ((), {"margin": 1.5}, InvalidInputError, "'margin' must be between 0 and 1 (got 1.5)"),
            ((), {"margin": 0.0}, UndefinedMetricError, "break_even_roas is undefined where 'margin' is 0"),
            (
                (1.0,),
                {"min_spend": 10, "max_spend": 5},
                InvalidInputError,
                "'min_spend' must be <= 'max_spend' for 'meta' (got 10.0 > 5.0)",
            ),
        ],
    )
    def test_invalid_input(self, args, kwargs, error, text):
        with pytest.raises(error, match=message(text)):
            allocate_to_target(self.curves, *args, **kwargs)

    def test_a_channel_that_never_falls_to_the_target(self):
        text = "the marginal ROAS of 'a' never falls to the target 2.0; give it a 'max_spend'"
        with pytest.raises(InvalidInputError, match=message(text)):
            allocate_to_target({"a": PowerCurve(scale=3, exponent=1)}, 2.0)


# --- allocate_by_stage --------------------------------------------------------------------------------

BY_STAGE = {
    "awareness": {
        "meta_reach": ExponentialCurve(beta=20_000, scale=8_000),
        "tiktok": HillCurve(beta=9_000, half_saturation=3_000),
    },
    "consideration": {"youtube": ExponentialCurve(beta=4_000, scale=2_000)},
    "conversion": {"meta_retarget": ExponentialCurve(beta=12_000, scale=2_000)},
}


class TestAllocateByStage:
    def test_split_then_allocate(self):
        plan = allocate_by_stage(10_000, BY_STAGE)
        assert plan.channels == ("meta_reach", "tiktok", "youtube", "meta_retarget")
        assert plan.stages == (A, A, CONS, CONV)
        assert plan.spend_by_stage() == {A: 7_000.0, CONS: 1_000.0, CONV: 2_000.0}
        assert list(plan.spend_by_stage()) == [A, CONS, CONV]
        assert math.fsum(plan.spend[:2]) == 7_000.0
        assert plan.spend[2:].tolist() == [1000.0, 2000.0]
        within = allocate(7_000, BY_STAGE["awareness"])
        np.testing.assert_array_equal(plan.spend[:2], within.spend)
        everything = allocate(10_000, {name: c for stage in BY_STAGE.values() for name, c in stage.items()})
        assert plan.unconstrained_response == pytest.approx(everything.total_response, rel=1e-15)
        assert plan.split_cost == pytest.approx(everything.total_response - plan.total_response, rel=1e-12)
        assert plan.split_cost > 0
        assert plan.budget_marginal_roas is None
        assert plan.method == "kkt"

    def test_stage_members_names_and_synonyms_and_zero_shares(self):
        shares = {Stage.CONVERSION: 0.5, "top of funnel": 0.5, Stage.CONSIDERATION: 0.0}
        curves = {
            "lead gen": BY_STAGE["conversion"],
            Stage.CONSIDERATION: BY_STAGE["consideration"],
            "Prospecting": BY_STAGE["awareness"],
        }
        plan = allocate_by_stage(1_000, curves, shares)
        # Channels come stage by stage in funnel order, whatever the order of either mapping.
        assert plan.channels == ("meta_reach", "tiktok", "youtube", "meta_retarget")
        assert plan.stages == (A, A, CONS, CONV)
        assert plan.spend_by_channel()["youtube"] == 0.0
        assert plan.spend_by_stage() == {A: 500.0, CONS: 0.0, CONV: 500.0}
        data = plan.to_dict()
        assert [row["stage"] for row in data["channels"].values()] == [
            "awareness",
            "awareness",
            "consideration",
            "conversion",
        ]
        assert json.loads(json.dumps(data)) == data
        assert "  youtube        consideration" in repr(plan)
        assert ">consideration</td>" in plan._repr_html_()

    def test_same_result_for_stage_members_and_names(self):
        by_name = allocate_by_stage(10_000, BY_STAGE)
        by_stage = allocate_by_stage(
            10_000,
            {Stage.parse(key): curves for key, curves in reversed(BY_STAGE.items())},
            {Stage.CONVERSION: 0.2, Stage.CONSIDERATION: 0.1, Stage.AWARENESS: 0.7},
        )
        assert by_name == by_stage

    def test_a_stage_without_share_or_channels_is_skipped(self):
        shares = {"awareness": 0.5, "conversion": 0.5, "loyalty": 0.0}
        plan = allocate_by_stage(
            1_000, {"awareness": BY_STAGE["awareness"], "conversion": BY_STAGE["conversion"]}, shares
        )
        assert plan.total == 1_000.0

    def test_s_curves_warn_once(self):
        curves = {"awareness": {"video": S_CURVES["video"]}, "conversion": {"search": S_CURVES["search"]}}
        with pytest.warns(RuntimeWarning, match="S-shaped") as caught:
            plan = allocate_by_stage(3_000, curves, {"awareness": 0.7, "conversion": 0.3})
        assert len(caught) == 1
        assert plan.method == "grid"
        assert plan.spend.tolist() == [2100.0, 900.0]

    def test_normalize_and_bounds(self):
        with pytest.warns(UserWarning, match="scaled"):
            plan = allocate_by_stage(
                1_000,
                {"awareness": BY_STAGE["awareness"], "conversion": BY_STAGE["conversion"]},
                {"awareness": 1, "conversion": 1},
                normalize=True,
                max_spend={"tiktok": 100},
                current={"meta_reach": 250, "tiktok": 250, "meta_retarget": 500},
            )
        assert plan.spend_by_channel() == {"meta_reach": 400.0, "tiktok": 100.0, "meta_retarget": 500.0}
        assert plan.improvement is not None

    @pytest.mark.parametrize(
        ("curves", "shares", "kwargs", "text"),
        [
            (
                {"awareness": BY_STAGE["awareness"]},
                DEFAULT_STAGE_SHARES,
                {},
                "'curves_by_stage' must give channels to every stage with a share of the budget (missing 'consideration', 'conversion')",
            ),
            (
                {**BY_STAGE, "loyalty": {"email": ExponentialCurve(beta=1, scale=1)}},
                DEFAULT_STAGE_SHARES,
                {},
                "'shares' must give a share to every stage of 'curves_by_stage' (missing 'loyalty')",
            ),
            (
                {**BY_STAGE, "conversion": {"tiktok": ExponentialCurve(beta=1, scale=1)}},
                DEFAULT_STAGE_SHARES,
                {},
                (
                    "channel 'tiktok' must be in one stage only (got 'awareness' and 'conversion'); name each stage's "
                    "campaign apart, such as 'tiktok_conversion'"
                ),
            ),
            (
                {**BY_STAGE, "conversion": {}},
                DEFAULT_STAGE_SHARES,
                {},
                "'curves_by_stage[conversion]' must be a non-empty mapping",
            ),
            (
                {"awarness": {}},
                DEFAULT_STAGE_SHARES,
                {},
                "'curves_by_stage' must be keyed by funnel stages: 'stage' must be one of",
            ),
            ({"awarness": {}}, DEFAULT_STAGE_SHARES, {}, "(got 'awarness'); did you mean 'awareness'"),
            (
                {**BY_STAGE, "prospecting": {}},
                DEFAULT_STAGE_SHARES,
                {},
                "'curves_by_stage' names the stage 'awareness' twice (as 'awareness' and 'prospecting')",
            ),
            (
                {**BY_STAGE, 7: {}},
                DEFAULT_STAGE_SHARES,
                {},
                "'curves_by_stage' must be keyed by funnel stages: 'stage' must be a Stage or its name (got 7)",
            ),
            (
                {
                    "Prospecting": {"a": ExponentialCurve(beta=1, scale=1)},
                    "sales": {"a": ExponentialCurve(beta=1, scale=1)},
                },
                {"awareness": 0.5, "conversion": 0.5},
                {},
                "channel 'a' must be in one stage only (got 'awareness' and 'conversion')",
            ),
            (
                BY_STAGE,
                DEFAULT_STAGE_SHARES,
                {"min_spend": {"youtube": 1_500}},
                (
                    "the bounds are infeasible: the minimum spends ('min_spend') add up to 1500.0, above the "
                    "'consideration' stage's budget 1000.0"
                ),
            ),
            (
                BY_STAGE,
                DEFAULT_STAGE_SHARES,
                {"min_spend": {"youtube": 500}, "max_spend": {"youtube": 400}},
                "'min_spend' must be <= 'max_spend' for 'youtube' (got 500.0 > 400.0)",
            ),
            (BY_STAGE, {"awareness": 2.0}, {}, "'shares' must sum to 1 (got 2.0)"),
        ],
    )
    def test_invalid_input(self, curves, shares, kwargs, text):
        with pytest.raises(InvalidInputError, match=message(text)):
            allocate_by_stage(10_000, curves, shares, **kwargs)


# --- Allocation ---------------------------------------------------------------------------------------


class TestAllocation:
    def test_arrays_are_read_only_copies(self):
        plan = allocate(5_000, HILLS)
        for name in ("spend", "response", "marginal_roas", "at_lower", "at_upper"):
            with pytest.raises(ValueError, match="read-only"):
                getattr(plan, name)[0] = 1

    def test_equality_and_hash(self):
        assert allocate(5_000, HILLS) == allocate(5_000, HILLS)
        assert allocate(5_000, HILLS) != allocate(4_000, HILLS)
        assert allocate(5_000, HILLS, current={"meta": 1, "tiktok": 1}) != allocate(5_000, HILLS)
        assert isinstance(hash(allocate(5_000, HILLS)), int)

    def test_to_dict_is_json(self):
        plan = allocate(5_000, HILLS, max_spend={"meta": 3_000}, current={"meta": 2_500, "tiktok": 2_500})
        data = plan.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["total"] == 5_000.0
        assert data["method"] == "kkt"
        assert data["split_cost"] is None
        assert data["channels"]["meta"] == {
            "spend": 3000.0,
            "response": 8_000 * 3 / 5,
            "marginal_roas": pytest.approx(0.64),
            "bound": "upper",
            "current_spend": 2500.0,
            "current_response": pytest.approx(8_000 * 2_500 / 4_500),
        }
        assert data["channels"]["tiktok"]["bound"] is None

    def test_repr(self):
        plan = allocate(5_000, HILLS, min_spend={"tiktok": 2_000}, current={"meta": 2_500, "tiktok": 2_500})
        text = repr(plan)
        assert text.splitlines()[0].startswith(
            "Allocation: 5,000.00 over 2 channels (kkt): response 6,400.00;"
        )
        assert "against the current spend" in text
        assert "  meta     3,000.00  60.0 %  4,800.00   0.64\n" in text
        assert text.splitlines()[-1].rstrip().endswith("lower")

    def test_repr_shows_float_residue_as_zero_with_aligned_digits(self):
        curves = {"a": ExponentialCurve(beta=1_000, scale=50), "b": ExponentialCurve(beta=10, scale=50)}
        plan = allocate(100, curves)
        # a solver's residue on the channel it gives nothing, as a user reported: 1.2e-23
        noisy = attrs.evolve(
            plan, spend=np.array([100.0, 1.2e-23]), response=np.array([float(plan.response[0]), 3e-22])
        )
        # zero up to rounding shows as 0.00, and each column keeps its digits (before: 1.2e-23, 0.2, 2.707)
        assert repr(noisy).splitlines()[1:] == [
            "  channel   spend    share  response  mROAS  bound",
            "  a        100.00  100.0 %    864.66   2.71",
            "  b          0.00    0.0 %      0.00   0.20  lower",
        ]

    def test_repr_of_a_stage_plan_and_of_an_empty_budget(self):
        text = repr(allocate_by_stage(10_000, BY_STAGE))
        assert "the stage split costs" in text
        assert "stage" in text.splitlines()[1]
        empty = repr(allocate(0, {"one": ExponentialCurve(beta=1, scale=1)}))
        assert empty.startswith("Allocation: 0.00 over 1 channel (kkt): response 0.00")
        assert empty.endswith("  one       0.00  0.0 %      0.00   1.00  lower")

    def test_long_plans_are_cut(self):
        curves = {f"ch{i:03}": ExponentialCurve(beta=1_000 + i, scale=100) for i in range(130)}
        plan = allocate(10_000, curves)
        assert repr(plan).splitlines()[-1] == "  ... and 110 more channels"
        html = plan._repr_html_()
        assert html.count("<tr>") == 101
        assert "... and 30 more channels" in html

    def test_html_escapes_names(self):
        html = allocate(10, {"<b>&": ExponentialCurve(beta=10, scale=1)})._repr_html_()
        assert "&lt;b&gt;&amp;" in html
        assert "<b>&" not in html
        assert html.startswith("<div><p><strong>Allocation</strong>")

    def test_stages_are_parsed_on_construction(self):
        fields = {
            "channels": ["a", "b", "c"],
            "spend": [1.0, 2.0, 4.0],
            "response": [1.0, 1.0, 1.0],
            "marginal_roas": [1.0, 1.0, 1.0],
            "at_lower": [False] * 3,
            "at_upper": [False] * 3,
        }
        plan = Allocation(**fields, stages=["retention", Stage.AWARENESS, "Reach"])
        assert plan.stages == (L, A, A)
        assert plan == Allocation(**fields, stages=(L, A, A))
        assert plan.spend_by_stage() == {A: 6.0, L: 1.0}
        assert [row["stage"] for row in plan.to_dict()["channels"].values()] == [
            "loyalty",
            "awareness",
            "awareness",
        ]
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'stages[1]' must be a funnel Stage or the name of one, such as 'awareness' (got 'middle')"
            ),
        ):
            Allocation(**fields, stages=["awareness", "middle", "conversion"])
        with pytest.raises(
            InvalidInputError, match=message("'stages' must be one value per channel (3) (got 1)")
        ):
            Allocation(**fields, stages=["awareness"])

    def test_spend_by_stage_needs_stages(self):
        with pytest.raises(
            MissingDataError,
            match=message(
                "'stages' of the allocation must be known to sum spend by stage; use allocate_by_stage"
            ),
        ):
            allocate(5_000, HILLS).spend_by_stage()

    def test_construction_checks_lengths(self):
        with pytest.raises(
            InvalidInputError, match=message("'response' must be one value per channel (1) (got 2)")
        ):
            Allocation(
                channels=["a"],
                spend=[1.0],
                response=[1.0, 2.0],
                marginal_roas=[1.0],
                at_lower=[False],
                at_upper=[False],
            )
        with pytest.raises(
            InvalidInputError, match=message("'current_spend' and 'current_response' must be given together")
        ):
            Allocation(
                channels=["a"],
                spend=[1.0],
                response=[1.0],
                marginal_roas=[1.0],
                at_lower=[False],
                at_upper=[False],
                current_spend=[1.0],
            )
