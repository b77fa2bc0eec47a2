"""Every KPI formula against hand-computed numbers, its error paths and the zero-division policy."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import socialroi
from socialroi import metrics
from socialroi.exceptions import InvalidInputError, UndefinedMetricError, UndefinedMetricWarning

# (function, positional args, keyword args, expected) — each computed by hand.
CASES = [
    (metrics.roas, (5_000, 1_000), {}, 5.0),
    (metrics.roi, (75_000, 1_700), {}, (75_000 - 1_700) / 1_700),
    (metrics.roi, (5_000, 1_000), {"margin": 0.4}, 1.0),
    (metrics.roi, (500, 1_000), {}, -0.5),
    (metrics.incremental_roas, (12_000, 9_000, 1_000), {}, 3.0),
    (metrics.marginal_roas, (-300, -200), {}, 1.5),
    (metrics.break_even_roas, (0.4,), {}, 2.5),
    (metrics.cpm, (50, 10_000), {}, 5.0),
    (metrics.cpc, (50, 40), {}, 1.25),
    (metrics.cpa, (1_000, 25), {}, 40.0),
    (metrics.cpl, (600, 40), {}, 15.0),
    (metrics.cpv, (200, 8_000), {}, 0.025),
    (metrics.cpe, (300, 1_200), {}, 0.25),
    (metrics.cac, (5_000, 40), {}, 125.0),
    (metrics.ctr, (40, 10_000), {}, 0.004),
    (metrics.conversion_rate, (25, 1_000), {}, 0.025),
    (metrics.engagement_rate, (300,), {"impressions": 10_000}, 0.03),
    (metrics.engagement_rate, (300,), {"reach": 6_000}, 0.05),
    (metrics.engagement_rate, (300,), {"followers": 20_000}, 0.015),
    (metrics.frequency, (10_000, 4_000), {}, 2.5),
    (metrics.view_rate, (2_500, 10_000), {}, 0.25),
    (metrics.completion_rate, (600, 2_400), {}, 0.25),
    (metrics.virality_rate, (50, 10_000), {}, 0.005),
    (metrics.amplification_rate, (120,), {"per": 40}, 3.0),
    (metrics.applause_rate, (900,), {"per": 30}, 30.0),
    (metrics.conversation_rate, (45,), {"per": 30}, 1.5),
    (metrics.share_of_voice, (300, 1_200), {}, 0.25),
    (metrics.bounce_rate, (420, 1_000), {}, 0.42),
    (metrics.net_followers, (250, 40), {}, 210.0),
    (metrics.net_followers, (40, 250), {}, -210.0),
    (metrics.follower_growth_rate, (250, 40, 7_000), {}, 0.03),
    (metrics.average_order_value, (4_500, 60), {}, 75.0),
    (metrics.ltv, (50, 0.05), {"margin": 0.6}, 600.0),
    (metrics.ltv_to_cac, (600, 200), {}, 3.0),
    (metrics.payback_period, (200, 25), {}, 8.0),
]
IDS = [f"{f.__name__}-{i}" for i, (f, *_) in enumerate(CASES)]


@pytest.mark.parametrize(("function", "args", "kwargs", "expected"), CASES, ids=IDS)
def test_hand_computed(function, args, kwargs, expected):
    result = function(*args, **kwargs)
    assert type(result) is float
    assert result == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("function", "args", "kwargs", "expected"), CASES, ids=IDS)
def test_arrays_and_series_match_scalars(function, args, kwargs, expected):
    arrays = [np.array([a, a, a], dtype=np.float64) for a in args]
    result = function(*arrays, **kwargs)
    assert isinstance(result, np.ndarray)
    assert result.dtype == np.float64
    np.testing.assert_allclose(result, expected, rtol=1e-12)
    lists = function(*[[a, a] for a in args], **kwargs)
    np.testing.assert_allclose(lists, expected, rtol=1e-12)
    index = pd.Index(["x", "y", "z"])
    series = function(*[pd.Series(a, index=index) for a in arrays], **kwargs)
    assert isinstance(series, pd.Series)
    assert list(series.index) == list(index)
    np.testing.assert_allclose(series.to_numpy(), expected, rtol=1e-12)


def test_classic_examples():
    assert socialroi.roas(5_000.0, 1_000.0) == 5.0
    assert socialroi.cpm(50.0, 10_000) == 5.0


def test_broadcasting_scalar_with_column():
    np.testing.assert_allclose(socialroi.cpc(100.0, [10, 20, 40]), [10.0, 5.0, 2.5])
    assert socialroi.ctr(np.array([[1, 2], [3, 4]]), 10).shape == (2, 2)


def test_zero_dimensional_and_numpy_scalars_give_floats():
    assert type(socialroi.roas(np.float64(10), np.int64(4))) is float
    assert type(socialroi.roas(np.array(10.0), np.array(4))) is float


def test_integer_and_float32_arrays_give_float64():
    result = socialroi.ctr(np.array([1, 2], dtype=np.int32), np.array([4, 4], dtype=np.float32))
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, [0.25, 0.5])


def test_empty_arrays():
    assert socialroi.roas([], []).shape == (0,)


def test_nan_propagates_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(socialroi.roas(float("nan"), 10.0))
        assert math.isnan(socialroi.roas(10.0, float("nan")))
        result = socialroi.ctr([1.0, np.nan], [np.nan, 4.0])
    assert np.isnan(result).all()


def test_inputs_are_not_mutated():
    revenue, spend = np.array([10.0, 20.0]), np.array([0.0, 5.0])
    with pytest.warns(UndefinedMetricWarning):
        socialroi.roas(revenue, spend)
    np.testing.assert_array_equal(revenue, [10.0, 20.0])
    np.testing.assert_array_equal(spend, [0.0, 5.0])


# --- zero division --------------------------------------------------------------------------------------


def test_zero_division_warns_and_returns_nan():
    with pytest.warns(
        UndefinedMetricWarning, match=r"roas is undefined where 'spend' is 0 \(1 of 1 values\)"
    ):
        assert math.isnan(socialroi.roas(100.0, 0.0))


def test_zero_division_warning_points_at_the_caller():
    with pytest.warns(UndefinedMetricWarning) as record:
        socialroi.ctr(1, 0)
    assert record[0].filename == __file__


def test_zero_over_zero_follows_the_same_rule():
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(socialroi.ctr(0, 0))
    assert socialroi.ctr(0, 0, zero_division=0.0) == 0.0


def test_zero_division_counts_elements():
    with pytest.warns(UndefinedMetricWarning, match=r"\(2 of 3 values\)"):
        result = socialroi.cpa([10.0, 0.0, 6.0], [0, 0, 3])
    assert np.isnan(result[:2]).all()
    assert result[2] == 2.0


def test_zero_division_fill_value():
    np.testing.assert_array_equal(socialroi.cpa([10.0, 6.0], [0, 3], zero_division=-1.0), [-1.0, 2.0])
    assert socialroi.roas(10.0, 0.0, zero_division=0) == 0.0


def test_zero_division_on_series_keeps_index():
    spend = pd.Series([0.0, 5.0], index=["a", "b"])
    result = socialroi.roas(pd.Series([1.0, 10.0], index=["a", "b"]), spend, zero_division=0.0)
    assert result.to_dict() == {"a": 0.0, "b": 2.0}


def test_zero_scalar_denominator_with_array_numerator():
    np.testing.assert_array_equal(socialroi.roas([1.0, 2.0], 0.0, zero_division=7.0), [7.0, 7.0])
    series = socialroi.roas(pd.Series([1.0, 2.0]), 0, zero_division=7.0)
    assert series.tolist() == [7.0, 7.0]


def test_zero_division_raise_names_metric_argument_and_index():
    with pytest.raises(
        UndefinedMetricError, match=r"cpc is undefined where 'clicks' is 0 \(got 0.0 at index 1\)"
    ):
        socialroi.cpc([1.0, 2.0], [3, 0], zero_division="raise")
    with pytest.raises(ZeroDivisionError, match=r"'cost' is 0 \(got 0.0\)$"):
        socialroi.roi(1.0, 0.0, zero_division="raise")


def test_zero_division_in_expression_metrics():
    with pytest.warns(UndefinedMetricWarning, match="ltv is undefined where 'churn_rate' is 0"):
        assert math.isnan(socialroi.ltv(50, 0.0))
    assert socialroi.follower_growth_rate([5, 1], [1, 1], [0, 10], zero_division=0.0).tolist() == [0.0, 0.0]
    assert socialroi.break_even_roas(0.0, zero_division=0.0) == 0.0


@pytest.mark.parametrize("policy", ["ignore", True, None, "nan"])
def test_invalid_zero_division_policy(policy):
    with pytest.raises(InvalidInputError, match=r"'zero_division' must be 'warn', 'raise' or a number"):
        socialroi.roas(1.0, 0.0, zero_division=policy)


# --- invalid input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: socialroi.roas(10.0, -1.0), r"'spend' must be >= 0 and finite \(got -1.0\)"),
        (lambda: socialroi.roas(float("inf"), 1.0), r"'revenue' must be finite \(got inf\)"),
        (
            lambda: socialroi.ctr([1, 2, -3], [5, 5, 5]),
            r"'clicks' must be >= 0 and finite \(got -3.0 at index 2\)",
        ),
        (
            lambda: socialroi.ctr([1, 2], [5, np.inf]),
            r"'impressions' must be >= 0 and finite \(got inf at index 1\)",
        ),
        (lambda: socialroi.roas([1, -np.inf], [5, 5]), r"'revenue' must be finite \(got -inf at index 1\)"),
        (
            lambda: socialroi.ctr([[1, 2], [3, -4]], 10),
            r"'clicks' must be >= 0 and finite \(got -4.0 at index \(1, 1\)\)",
        ),
        (lambda: socialroi.roi(10.0, 5.0, margin=1.5), r"'margin' must be between 0 and 1 \(got 1.5\)"),
        (lambda: socialroi.ltv(10.0, 1.2), r"'churn_rate' must be between 0 and 1 \(got 1.2\)"),
        (lambda: socialroi.break_even_roas(-0.1), r"'margin' must be between 0 and 1 \(got -0.1\)"),
        (lambda: socialroi.net_followers(-1, 0), r"'new' must be >= 0 and finite \(got -1.0\)"),
        (
            lambda: socialroi.ctr([1, 2], [5, 5, 5]),
            r"matching lengths \(got shapes 'clicks' \(2,\), 'impressions' \(3,\)\)",
        ),
        (lambda: socialroi.roi([1, 2], [5, 5, 5]), r"matching lengths"),
        (
            lambda: socialroi.ctr("ten", 100),
            r"'clicks' must be a number or an array of numbers \(got 'ten'\)",
        ),
        (lambda: socialroi.ctr(True, 100), r"'clicks' must be a number or an array of numbers \(got True\)"),
        (lambda: socialroi.ctr(["1", 2], 100), r"'clicks' must be a number or an array of numbers"),
        (lambda: socialroi.ctr([None, object()], 100), r"'clicks' must be a number or an array of numbers"),
        (lambda: socialroi.ctr([*range(100), "x"], 100), r"\(got \[0, 1, 2, .*\.\.\.\)"),
        (lambda: socialroi.ctr(1 + 2j, 100), r"'clicks' must be a number or an array of numbers"),
        (
            lambda: socialroi.share_of_voice(12, 10),
            r"'own_mentions' must be <= 'all_mentions' \(got 12.0 > 10.0\)",
        ),
        (lambda: socialroi.share_of_voice([1, 12], [5, 10]), r"\(got 12.0 > 10.0 at index 1\)"),
    ],
)
def test_invalid_input_names_argument_rule_and_value(call, message):
    with pytest.raises(InvalidInputError, match=message):
        call()


def test_invalid_input_is_a_value_error():
    with pytest.raises(ValueError, match="'spend'"):
        socialroi.cpm(-5, 100)


@pytest.mark.parametrize(
    "bases", [{}, {"impressions": 10, "reach": 5}, {"impressions": 1, "reach": 1, "followers": 1}]
)
def test_engagement_rate_needs_exactly_one_base(bases):
    with pytest.raises(
        InvalidInputError,
        match=r"engagement_rate needs exactly one base of 'impressions', 'reach' or 'followers' \(got \d",
    ):
        socialroi.engagement_rate(10, **bases)


def test_engagement_rate_error_lists_given_bases():
    with pytest.raises(InvalidInputError, match=r"\(got 2: 'impressions' or 'reach'\)"):
        socialroi.engagement_rate(10, impressions=10, reach=5)
    with pytest.raises(InvalidInputError, match=r"\(got 0\)$"):
        socialroi.engagement_rate(10)


def test_revenue_may_be_negative():
    assert socialroi.roas(-100.0, 50.0) == -2.0
    assert socialroi.average_order_value([-10.0, 20.0], [1, 2]).tolist() == [-10.0, 10.0]


def test_large_values_take_the_exact_path():
    # The dot-product shortcut overflows here; the exact check must still accept the data.
    np.testing.assert_allclose(socialroi.roas([1e300, 2e300], [1e300, 1e300]), [1.0, 2.0])


# --- large arrays: divided and checked chunk by chunk, with the exact path on any doubt -------------------

N = 100_000


def _large(value: float = 2.0) -> np.ndarray:
    return np.full(N, value)


def test_large_arrays_match_numpy_exactly():
    revenue = np.random.default_rng(0).uniform(-100, 1e4, N)
    spend = np.random.default_rng(1).uniform(1, 1e3, N)
    np.testing.assert_array_equal(socialroi.roas(revenue, spend), revenue / spend)
    np.testing.assert_array_equal(socialroi.ctr(spend, revenue + 200), spend / (revenue + 200))


@pytest.mark.parametrize(
    ("spend", "message"),
    [
        (-1.0, r"'spend' must be >= 0 and finite \(got -1.0 at index 77777\)"),
        (np.inf, r"'spend' must be >= 0 and finite \(got inf at index 77777\)"),
    ],
)
def test_large_arrays_report_the_exact_bad_denominator(spend, message):
    bad = _large()
    bad[77_777] = spend
    with pytest.raises(InvalidInputError, match=message):
        socialroi.roas(_large(), bad)


def test_large_arrays_report_the_exact_bad_numerator():
    revenue = _large()
    revenue[99_999] = -np.inf
    with pytest.raises(InvalidInputError, match=r"'revenue' must be finite \(got -inf at index 99999\)"):
        socialroi.roas(revenue, _large())
    clicks = _large()
    clicks[40_000] = -3.0
    with pytest.raises(
        InvalidInputError, match=r"'clicks' must be >= 0 and finite \(got -3.0 at index 40000\)"
    ):
        socialroi.ctr(clicks, _large())


def test_large_arrays_with_zeros_nan_and_overflow_take_the_exact_path():
    spend = _large()
    spend[5] = 0.0
    with pytest.warns(UndefinedMetricWarning, match=r"\(1 of 100000 values\)"):
        result = socialroi.roas(_large(), spend)
    assert np.isnan(result[5])
    assert np.isnan(socialroi.roas(_large(np.nan), _large())).all()
    huge = _large(1e300)
    assert np.isinf(socialroi.roas(huge, _large(1e-300))).all()
    negative = _large(-1.0)
    np.testing.assert_array_equal(socialroi.roas(negative, _large()), -0.5)
    with pytest.raises(InvalidInputError, match="'zero_division'"):
        socialroi.roas(_large(), _large(), zero_division="nan")  # type: ignore[arg-type]


def test_invalid_policy_is_reported_whatever_the_data():
    with pytest.raises(InvalidInputError, match="'zero_division'"):
        socialroi.roas(1.0, 2.0, zero_division="foo")  # type: ignore[arg-type]
    assert socialroi.roas(1.0, 2.0, zero_division="raise") == 0.5


def test_cpm_of_a_huge_finite_spend_does_not_overflow():
    assert socialroi.cpm(1e306, 1e6) == pytest.approx(1e303)
    with pytest.warns(UndefinedMetricWarning, match="cpm is undefined where 'impressions' is 0"):
        assert math.isnan(socialroi.cpm(5.0, 0))
    assert socialroi.cpm([5.0, 1.0], [0, 1_000], zero_division=7.0).tolist() == [7.0, 1.0]


# --- issue 12: labelled inputs, huge numbers, parts of a whole, nullable columns ----------------------


def test_series_with_different_indexes_are_refused_naming_both():
    revenue = pd.Series([1.0, 2.0], index=[0, 1])
    spend = pd.Series([1.0, 2.0], index=[1, 2])
    message = (
        r"^'spend' must have the same index as 'revenue' \(got \[1, 2\] for 'spend' and \[0, 1\] for "
        r"'revenue'\); align them first, e\.g\. revenue, spend = revenue\.align\(spend, join='inner'\)$"
    )
    with pytest.raises(InvalidInputError, match=message):
        socialroi.roas(revenue, spend)
    # Same labels in another order: pandas would reorder, numpy would pair by position; refused too.
    with pytest.raises(InvalidInputError, match=r"same index"):
        socialroi.roas(revenue, pd.Series([1.0, 2.0], index=[1, 0]))
    # The expression metrics and the parts of a whole check the labels as well.
    with pytest.raises(InvalidInputError, match=r"^'cost' must have the same index as 'revenue'"):
        socialroi.roi(revenue, spend)
    with pytest.raises(
        InvalidInputError, match=r"^'all_mentions' must have the same index as 'own_mentions'"
    ):
        socialroi.share_of_voice(revenue, spend)
    with pytest.raises(InvalidInputError, match=r"^'lost' must have the same index as 'new'"):
        socialroi.net_followers(revenue, spend)


def test_labelled_inputs_that_agree_keep_their_index():
    index = pd.Index(["a", "b"])
    revenue = pd.Series([10.0, 30.0], index=index)
    same = socialroi.roas(revenue, pd.Series([5.0, 10.0], index=index))
    pd.testing.assert_series_equal(same, pd.Series([2.0, 3.0], index=index))
    with_array = socialroi.roas(revenue, np.array([5.0, 10.0]))
    pd.testing.assert_series_equal(with_array, pd.Series([2.0, 3.0], index=index))
    with_scalar = socialroi.roas(revenue, 10.0)
    pd.testing.assert_series_equal(with_scalar, pd.Series([1.0, 3.0], index=index))


def test_data_frames_must_share_index_and_columns():
    first = pd.DataFrame({"fb": [1.0], "ig": [2.0]})
    pd.testing.assert_frame_equal(socialroi.roas(first, first), pd.DataFrame({"fb": [1.0], "ig": [1.0]}))
    with pytest.raises(
        InvalidInputError, match=r"^'spend' must have the same columns as 'revenue' \(got \['ig', 'fb'\]"
    ):
        socialroi.roas(first, first[["ig", "fb"]])
    with pytest.raises(InvalidInputError, match=r"^arguments must have matching lengths"):
        socialroi.roas(pd.Series([1.0, 2.0]), pd.DataFrame({"a": [1.0, 2.0]}))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: socialroi.roas(10**400, 1), r"^'revenue' must be finite \(got 10000000000"),
        (lambda: socialroi.roas(1, 10**400), r"^'spend' must be >= 0 and finite \(got 10000000000"),
        (lambda: socialroi.roas([1, 10**400], [1, 1]), r"^'revenue' must be finite \(got \[1, 10000"),
        (lambda: socialroi.cpm(10**400, 1), r"^'spend' must be >= 0 and finite"),
        (lambda: socialroi.roas(np.longdouble("1e400"), 1), r"^'revenue' must be finite \(got inf\)$"),
        (lambda: socialroi.roas([[1], [1, 2]], 1), r"^'revenue' must be a number or an array of numbers"),
        (
            lambda: socialroi.roas(1.0, 0.0, zero_division=10**400),
            r"^'zero_division' must be 'warn', 'raise'",
        ),
    ],
)
def test_huge_and_ragged_inputs_name_the_argument(call, message):
    with pytest.raises(InvalidInputError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: socialroi.bounce_rate(10, 5),
            r"^'bounced_sessions' must be <= 'sessions' \(got 10.0 > 5.0\)$",
        ),
        (lambda: socialroi.completion_rate(10, 5), r"^'completed' must be <= 'started' \(got 10.0 > 5.0\)$"),
        (lambda: socialroi.frequency(5, 10), r"^'reach' must be <= 'impressions' \(got 10.0 > 5.0\)$"),
        (
            lambda: socialroi.bounce_rate([1, 6], [5, 5]),
            r"^'bounced_sessions' must be <= 'sessions' \(got 6.0 > 5.0 at index 1\)$",
        ),
    ],
)
def test_a_part_cannot_exceed_its_whole_as_in_the_records(call, message):
    with pytest.raises(InvalidInputError, match=message):
        call()


def test_parts_of_a_whole_still_propagate_nan_and_follow_the_policy():
    assert math.isnan(socialroi.bounce_rate(math.nan, 5))
    assert socialroi.bounce_rate(0, 0, zero_division=0.0) == 0.0
    assert socialroi.completion_rate(5, 5) == 1.0
    assert socialroi.frequency([4, 6], [4, 3]).tolist() == [1.0, 2.0]


def test_nullable_pandas_columns_are_numbers_and_na_is_nan():
    own = pd.Series([1, 2], dtype="Int64", index=[3, 4])
    every = pd.Series([4, 8], dtype="Int64", index=[3, 4])
    pd.testing.assert_series_equal(
        socialroi.share_of_voice(own, every), pd.Series([0.25, 0.25], index=[3, 4])
    )
    missing = socialroi.share_of_voice(pd.Series([1, pd.NA], dtype="Int64"), pd.Series([4, 8], dtype="Int64"))
    assert missing.dtype == np.float64
    assert missing.iloc[0] == 0.25 and math.isnan(missing.iloc[1])
    floats = socialroi.roas(pd.Series([1.0, None], dtype="Float64"), 2.0)
    assert floats.dtype == np.float64 and math.isnan(floats.iloc[1])
    with pytest.raises(InvalidInputError, match=r"^'own_mentions' must be <= 'all_mentions'"):
        socialroi.share_of_voice(pd.Series([9], dtype="Int64"), pd.Series([8], dtype="Int64"))


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([True, None], dtype="boolean"),
        pd.Series(["1", "2"], dtype="string"),
        pd.Series([1, 2], dtype="category"),
    ],
    ids=["boolean", "string", "category"],
)
def test_non_numeric_pandas_columns_are_refused(column):
    with pytest.raises(InvalidInputError, match=r"^'revenue' must be a number or an array of numbers"):
        socialroi.roas(column, 1.0)


def test_polars_series_in_give_polars_series_out():
    pl = pytest.importorskip("polars")
    result = socialroi.share_of_voice(pl.Series([1, 2]), pl.Series([4, 8]))
    assert isinstance(result, pl.Series)
    assert result.to_list() == [0.25, 0.25]
    with pytest.raises(InvalidInputError, match=r"^'own_mentions' must be <= 'all_mentions' \(got 9.0 > 8.0"):
        socialroi.share_of_voice(pl.Series([9]), pl.Series([8]))
    # polars keeps null as its missing value
    assert socialroi.roas(pl.Series([1.0, None]), pl.Series([2.0, 2.0])).to_list() == [0.5, None]


def test_none_is_missing_data():
    assert math.isnan(socialroi.roas(None, 10))
    assert np.isnan(socialroi.roas([20, None], [10, 10])).tolist() == [False, True]


@pytest.mark.parametrize("policy", [np.int64(2), np.float32(2.0), 2])
def test_zero_division_fill_may_be_any_real_number(policy):
    assert socialroi.roas(1.0, 0.0, zero_division=policy) == 2.0
    assert socialroi.roas([1.0], [0.0], zero_division=policy).tolist() == [2.0]


def test_zero_division_arrays_are_refused_not_a_numpy_error():
    for policy in (np.array([1.0, 2.0]), [1.0]):
        with pytest.raises(InvalidInputError, match=r"^'zero_division' must be 'warn', 'raise' or a number"):
            socialroi.roas(1.0, 2.0, zero_division=policy)  # type: ignore[arg-type]


def test_a_series_or_frame_cannot_grow_by_broadcasting():
    frame = pd.DataFrame({"a": [1.0, 2.0]})
    with pytest.raises(
        InvalidInputError,
        match=r"^arguments must have matching lengths \(got shapes 'new' \(2, 1\), 'lost' \(0,\)\)$",
    ):
        socialroi.net_followers(frame, [])
    with pytest.raises(InvalidInputError, match=r"^arguments must have matching lengths"):
        socialroi.roas(pd.Series([1.0]), [1.0, 2.0, 3.0])
    pd.testing.assert_frame_equal(socialroi.net_followers(frame, [1.0]), pd.DataFrame({"a": [0.0, 1.0]}))


def test_object_columns_are_read_as_numbers_or_refused():
    result = socialroi.roas(pd.Series([10, None], dtype=object, index=[7, 8]), 2.0)
    assert result.dtype == np.float64 and result.index.tolist() == [7, 8]
    assert result.iloc[0] == 5.0 and math.isnan(result.iloc[1])
    with pytest.raises(InvalidInputError, match=r"^'spend' must be a number or an array of numbers"):
        socialroi.roas(1.0, pd.Series(["a"], dtype=object))
