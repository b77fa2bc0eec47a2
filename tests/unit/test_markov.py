"""Markov attribution: hand-solved chains, an independent fundamental-matrix check, every error path."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest

from socialroi.attribution import (
    Journeys,
    Markov,
    MarkovStatistics,
    OrderSelection,
    TransitionMatrix,
    attribute,
    bootstrap,
    compare,
)
from socialroi.attribution._markov import _holdout_log_likelihood, _sum_by_key, collapse_repeats
from socialroi.exceptions import InvalidInputError


def solve(journeys: Journeys, **options: object):
    model = Markov(**options)  # type: ignore[arg-type]
    return model.credits(model.statistics(journeys))


def paths(rows: list[tuple[str, float, float]], values: list[float] | None = None) -> Journeys:
    return Journeys.from_paths(
        [row[0] for row in rows],
        conversions=[row[1] for row in rows],
        nulls=[row[2] for row in rows],
        values=values,
    )


# social > email converts once and fails once, social fails once, email converts once.
# START -> social 3/4, START -> email 1/4; social -> email 2/3, social -> NULL 1/3;
# email -> CONV 2/3, email -> NULL 1/3.  x_email = 2/3, x_social = 4/9, P = 3/4 * 4/9 + 1/4 * 2/3 = 1/2.
# Without email: P = 0, RE = 1.  Without social: P = 1/4 * 2/3 = 1/6, RE = 2/3.
# Credits of the 2 conversions: email 2 * 1 / (5/3) = 1.2, social 0.8.
# Value 50 on the first path and 30 on "email": 80 leaves email, r_v(email) = 80/3, V = 20 (80 / 4 journeys);
# without social V = 1/4 * 80/3 = 20/3, RE_v = 2/3; value result 48 and 32.
SMALL = [("social > email", 1, 1), ("social", 0, 1), ("email", 1, 0)]
SMALL_VALUES = [50.0, 0.0, 30.0]


def test_first_order_by_hand() -> None:
    result = solve(paths(SMALL, SMALL_VALUES))
    assert result.channels == ("email", "social")
    np.testing.assert_allclose(result.conversions, [1.2, 0.8], rtol=1e-14)
    np.testing.assert_allclose(result.value, [48.0, 32.0], rtol=1e-14)
    np.testing.assert_allclose(result.extras["removal_effects"], [1.0, 2 / 3], rtol=1e-14)
    np.testing.assert_allclose(result.extras["value_removal_effects"], [1.0, 2 / 3], rtol=1e-14)
    assert result.extras["conversion_probability"] == pytest.approx(0.5, rel=1e-15)
    assert result.extras["value_per_journey"] == pytest.approx(20.0, rel=1e-15)
    assert result.extras["states"] == 3
    matrix = result.extras["transition_matrix"]
    assert isinstance(matrix, TransitionMatrix)
    assert matrix.states == ("START", "email", "social", "CONV", "NULL")
    assert matrix["START", "social"] == 0.75
    assert matrix["social", "email"] == pytest.approx(2 / 3)
    assert matrix["CONV", "CONV"] == 1.0
    assert matrix.to_dict()["email"] == {"CONV": pytest.approx(2 / 3), "NULL": pytest.approx(1 / 3)}


def test_skip_removal_by_hand() -> None:
    # Skipping social: START's only other route is email (probability 1), P(-social) = 2/3 > 1/2,
    # RE_social = -1/3. Skipping email: social keeps only NULL, P(-email) = 0, RE = 1.
    # social's negative effect earns nothing: email takes both conversions (was 3 and -1).
    result = solve(paths(SMALL), removal="skip")
    np.testing.assert_allclose(result.extras["removal_effects"], [1.0, -1 / 3], rtol=1e-14)
    np.testing.assert_allclose(result.conversions, [2.0, 0.0], rtol=1e-14)


def test_skip_strands_a_state_whose_only_successor_is_removed() -> None:
    # a always moves on to b: skipping b leaves a with no outflow, so it is lost; P(-b) = 0.
    # Skipping a: START goes to b, which converts half the time: RE_a = 1 - (1/2) / (1/2) = 0.
    result = solve(paths([("a > b", 1, 0), ("b", 0, 1)]), removal="skip")
    np.testing.assert_allclose(result.extras["removal_effects"], [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(result.conversions, [0.0, 1.0], atol=1e-15)


def test_skip_effects_that_do_not_sum_to_a_positive_number_cannot_split() -> None:
    # Skipping either channel sends START to the other, which converts 1 in 11: P(-c) = P, RE = 0.
    rows = [("a > b", 0, 10), ("b > a", 0, 10), ("a", 1, 0), ("b", 1, 0)]
    message = "no channel has a positive conversion removal effect (removing any channel leaves the conversion as high or higher), so the effects cannot split 2.0; use removal='null'"
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        solve(paths(rows), removal="skip")


def test_second_order_by_hand() -> None:
    # a > b converts, a fails, b > b (collapses to b) converts, b > a fails.
    # Order 2: x(a>b) = 1, x(b>a) = 0, x(a) = 1/2, x(b) = 1/2, P = 1/2.
    # Without a: START -> b, b -> (b>a removed: NULL) or CONV, x_b = 1/2, P = 1/4, RE_a = 1/2. Without b: 0, RE = 1.
    rows = [("a > b", 1, 0), ("a", 0, 1), ("b > b", 1, 0), ("b > a", 0, 1)]
    second = solve(paths(rows), order=2)
    np.testing.assert_allclose(second.extras["removal_effects"], [0.5, 1.0], rtol=1e-14)
    np.testing.assert_allclose(second.conversions, [2 / 3, 4 / 3], rtol=1e-14)
    assert second.extras["transition_matrix"].states == ("START", "a", "b", "a > b", "b > a", "CONV", "NULL")
    # Order 1 on the same data: x_a = 1/4, x_b = 3/4, without a: x_b = 2/3, RE_a = 1/3.
    first = solve(paths(rows))
    np.testing.assert_allclose(first.extras["removal_effects"], [1 / 3, 1.0], rtol=1e-14)
    # Order 3 has the same states here (no journey is longer than 2 channels).
    third = solve(paths(rows), order=3)
    np.testing.assert_allclose(third.conversions, second.conversions, rtol=1e-14)


def test_single_channel_gets_everything() -> None:
    result = solve(paths([("a > a", 3, 2), ("a", 1, 4)], [70.0, 10.0]), order=2)
    assert result.conversions.tolist() == [4.0]
    assert result.value.tolist() == [80.0]
    assert result.extras["removal_effects"].tolist() == [1.0]


def test_repeats_collapse() -> None:
    journeys = paths([("a > a > b > b > b > a", 1, 0), ("b", 0, 1)])
    collapsed = paths([("a > b > a", 1, 0), ("b", 0, 1)])
    for order in (1, 2, 3):
        assert Markov(order=order).statistics(journeys) == Markov(order=order).statistics(collapsed)
    codes, offsets = collapse_repeats(np.array([0, 0, 1, 1, 1]), np.array([0, 2, 5]))
    assert codes.tolist() == [0, 1]
    assert offsets.tolist() == [0, 1, 2]


def test_no_conversions_no_value() -> None:
    result = solve(paths([("a > b", 0, 3), ("b", 0, 1)]))
    assert result.conversions.tolist() == [0.0, 0.0]
    assert result.value.tolist() == [0.0, 0.0]
    assert np.isnan(result.extras["removal_effects"]).all()
    assert np.isnan(result.extras["value_removal_effects"]).all()
    assert result.extras["conversion_probability"] == 0.0


def test_all_converting_is_an_error_unless_allowed() -> None:
    journeys = paths([("a > b", 2, 0), ("b", 1, 0)])
    message = (
        "every journey converts (no non-converting journeys), so removal effects only measure how often "
        "each channel appears; add the non-converting journeys, or pass allow_all_converting=True"
    )
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        solve(journeys)
    with pytest.warns(UserWarning, match="every journey converts"):
        result = solve(journeys, allow_all_converting=True)
    assert result.conversions.sum() == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"order": 0}, "'order' must be a whole number >= 1 (got 0)"),
        ({"order": 1.5}, "'order' must be a whole number >= 1 (got 1.5)"),
        ({"order": True}, "'order' must be a whole number >= 1 (got True)"),
        ({"removal": "drop"}, "'removal' must be 'null' or 'skip' (got 'drop')"),
        ({"max_states": 0}, "'max_states' must be a whole number >= 1 (got 0)"),
    ],
)
def test_invalid_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        Markov(**options)  # type: ignore[arg-type]


def test_solve_errors() -> None:
    journeys = paths(SMALL)
    stats = Markov(order=2).statistics(journeys)
    with pytest.raises(
        InvalidInputError, match=re.escape("statistics of order 2 cannot be solved by a model of order 1")
    ):
        Markov().credits(stats)
    with pytest.raises(
        InvalidInputError, match=re.escape("the chain has 4 states, more than 'max_states' (3)")
    ):
        Markov(order=2, max_states=3).credits(stats)


def test_no_journeys_in_zero_credits_out() -> None:
    # Journeys counted zero times: zero credits, undefined (NaN) removal effects, as when none converts.
    for model in (Markov(), Markov(order=2), Markov(removal="skip")):
        zero = model.credits(model.statistics(paths([("a", 0, 0)])))
        assert zero.channels == ("a",)
        assert zero.conversions.tolist() == zero.value.tolist() == [0.0]
        assert np.isnan(zero.extras["removal_effects"]).all()
        assert zero.extras["conversion_probability"] == 0.0
        # No journeys at all: an empty attribution, not an error.
        empty = attribute(Journeys.from_paths([], conversions=[]), model)
        assert empty.channels == ()
        assert empty.conversions.size == empty.value.size == 0
        assert empty.total_conversions == empty.total_value == 0.0
        assert empty.extras["removal_effects"].size == 0
        assert empty.extras["conversion_probability"] == 0.0
        assert empty.extras["value_per_journey"] == 0.0
        assert empty.extras["states"] == 1
        assert empty.extras["transition_matrix"].states == ("START", "CONV", "NULL")
    # compare keeps Markov on empty journeys instead of silently dropping it.
    names = compare(Journeys.from_paths([], conversions=[])).models
    assert "markov (order 1, null)" in names
    assert "markov (order 1, null)" in compare(paths([("a", 0, 0)])).models
    assert "markov (order 1, null)" not in compare(paths([("a", 2, 0)])).models


def test_order_too_high_for_vocabulary() -> None:
    journeys = Journeys.from_paths([[f"c{i}" for i in range(100)]], conversions=[1], nulls=[1])
    with pytest.raises(InvalidInputError, match=re.escape("'order' 9 is too high for 100 channels")):
        Markov(order=9).statistics(journeys)


@pytest.mark.parametrize("order", [4, 5])
def test_large_key_spaces_use_the_sorted_path(order: int) -> None:
    # 30 channels at order 4: 31**5 possible grams (order 5: also 31**5 states), more than a dense count.
    names = [f"c{i:02d}" for i in range(30)]
    journeys = Journeys.from_paths(
        [names[:10], names[10:20], names[20:][::-1], names[:2]],
        conversions=[1, 0, 2, 0],
        nulls=[1, 3, 0, 0],
        values=[5, 0, 9, 0],
    )
    stats = Markov(order=order).statistics(journeys)
    assert stats.n_states == 1 + 30
    assert stats.journeys == 7.0
    assert stats.conversions.sum() == 3.0
    assert stats.values.sum() == 14.0
    result = Markov(order=order).credits(stats)
    assert result.conversions.sum() == pytest.approx(3.0)
    keys, sums = _sum_by_key(np.array([7, 3, 7]), np.array([1.0, 2.0, 4.0]))
    assert keys.tolist() == [3, 7]
    assert sums.tolist() == [2.0, 5.0]


def transient_labels(matrix: TransitionMatrix) -> list[str]:
    return list(matrix.states[:-2])


def visit_and_convert(matrix: TransitionMatrix, channel: str) -> tuple[float, float]:
    """P(convert) and P(touch channel and convert) by the fundamental matrix of a flagged product chain."""
    labels = transient_labels(matrix)
    n = len(labels)
    q = matrix.probabilities[:n, :n]
    to_conv = matrix.probabilities[:n, n]
    touched = np.array([channel in label.split(" > ") for label in labels])
    # Product states (s, flag): flag turns on when a state containing the channel is entered.
    big = np.zeros((2 * n, 2 * n))
    for flag in (0, 1):
        for target_flag in (0, 1):
            allowed = (np.maximum(flag, touched) == target_flag).astype(float)
            big[flag * n : (flag + 1) * n, target_flag * n : (target_flag + 1) * n] = q * allowed[None, :]
    fundamental = np.linalg.inv(np.eye(2 * n) - big)
    start = 0
    probability = float(fundamental[start] @ np.concatenate([to_conv, to_conv]))
    with_channel = float(fundamental[start, n:] @ to_conv)
    return probability, with_channel


@pytest.mark.parametrize("order", [1, 2, 3])
def test_removal_effect_is_the_probability_of_touching_and_converting(order: int) -> None:
    rng = np.random.default_rng(order)
    names = ["a", "b", "c", "d"]
    rows = []
    for _ in range(60):
        path = " > ".join(rng.choice(names, size=int(rng.integers(1, 6))))
        rows.append((path, float(rng.integers(0, 3)), float(rng.integers(0, 4) + 1)))
    result = solve(paths(rows), order=order)
    matrix = result.extras["transition_matrix"]
    for index, channel in enumerate(result.channels):
        probability, with_channel = visit_and_convert(matrix, channel)
        assert probability == pytest.approx(result.extras["conversion_probability"], abs=1e-12)
        assert result.extras["removal_effects"][index] == pytest.approx(with_channel / probability, abs=1e-12)


def test_first_order_agrees_with_a_dense_fundamental_matrix() -> None:
    rng = np.random.default_rng(7)
    names = ["a", "b", "c", "d", "e"]
    rows = [
        (
            " > ".join(rng.choice(names, size=int(rng.integers(1, 7)))),
            float(rng.integers(0, 4)),
            float(rng.integers(0, 5)),
        )
        for _ in range(200)
    ]
    journeys = paths(rows)
    result = solve(journeys)
    matrix = result.extras["transition_matrix"]
    labels = transient_labels(matrix)
    n = len(labels)
    q, r = matrix.probabilities[:n, :n], matrix.probabilities[:n, n]
    full = (np.linalg.inv(np.eye(n) - q) @ r)[0]
    for index, channel in enumerate(result.channels):
        keep = np.array([label != channel for label in labels])
        removed = (np.linalg.inv(np.eye(keep.sum()) - q[np.ix_(keep, keep)]) @ r[keep])[0]
        assert result.extras["removal_effects"][index] == pytest.approx(1 - removed / full, abs=1e-12)
    # The chain reproduces the observed conversion rate exactly (visit counts balance).
    assert full == pytest.approx(
        journeys.total_conversions / (journeys.total_conversions + journeys.total_nulls), abs=1e-12
    )


def test_statistics_merge_exactly_across_shards_and_vocabularies() -> None:
    rows = [("a > b > c", 2, 1), ("b > a", 0, 3), ("c", 1, 1), ("a > c > a > b", 1, 0), ("b", 0, 2)]
    values = [40.0, 0.0, 7.0, 12.0, 0.0]
    whole = paths(rows, values)
    first, second = paths(rows[:2], values[:2]), paths(rows[2:], values[2:])
    assert first.channels == ("a", "b", "c")
    other = paths([rows[2], rows[4]], [values[2], values[4]])
    assert other.channels == ("b", "c")
    rest = paths([rows[3]], [values[3]])
    for order in (1, 2, 3):
        model = Markov(order=order)
        merged = model.statistics(first) + model.statistics(second)
        assert merged == model.statistics(whole)
        # Different vocabularies: codes are matched by name.
        mixed = model.statistics(first) + model.statistics(other) + model.statistics(rest)
        assert mixed == model.statistics(whole)
        np.testing.assert_array_equal(
            model.credits(merged).conversions, model.credits(model.statistics(whole)).conversions
        )


def test_statistics_equality_and_addition_rules() -> None:
    stats = Markov().statistics(paths(SMALL))
    assert stats == Markov().statistics(paths(SMALL))
    assert stats != Markov(order=2).statistics(paths(SMALL))
    assert stats.__eq__(1) is NotImplemented
    assert stats.__add__(1) is NotImplemented  # type: ignore[operator]
    with pytest.raises(TypeError):
        stats + 1  # type: ignore[operator]
    with pytest.raises(
        InvalidInputError, match=re.escape("cannot add Markov statistics of order 1 and order 2")
    ):
        stats + Markov(order=2).statistics(paths(SMALL))
    with pytest.raises(TypeError):
        hash(stats)
    assert stats.state_labels() == ("START", "email", "social")
    assert stats.journeys == 4.0
    assert not stats.counts.flags.writeable


def test_select_order_bic_and_holdout() -> None:
    # The next step depends on the channel before the last one: a > b converts, b > a does not.
    rows = [("a > b > c", 9, 1), ("b > a > c", 1, 9), ("a > b", 1, 9), ("b > a", 9, 1)]
    journeys = paths(rows * 20)
    bic = Markov.select_order(journeys, max_order=3)
    assert bic.orders == (1, 2, 3)
    assert bic.criterion == "bic"
    assert bic.best == 2
    assert bic.scores[1] < bic.scores[0]
    assert bic.to_dict()["best"] == 2
    holdout = Markov.select_order(journeys, max_order=3, criterion="holdout", seed=3)
    assert holdout.best == 2
    assert holdout.scores[1] > holdout.scores[0]
    assert len(holdout.log_likelihoods) == len(holdout.parameters) == 3


@pytest.mark.parametrize("criterion", ["bic", "holdout"])
def test_select_order_seed_must_be_a_whole_number(criterion: str) -> None:
    message = "'seed' must be a whole number >= 0 (got None)"
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Markov.select_order(paths(SMALL), max_order=1, criterion=criterion, seed=None)  # type: ignore[arg-type]
    default = Markov.select_order(paths(SMALL * 10), max_order=2, criterion="holdout")
    again = Markov.select_order(paths(SMALL * 10), max_order=2, criterion="holdout", seed=0)
    np.testing.assert_array_equal(default.scores, again.scores)
    generated = Markov.select_order(
        paths(SMALL * 10), max_order=2, criterion="holdout", seed=np.random.default_rng(0)
    )
    np.testing.assert_array_equal(generated.scores, again.scores)


def test_select_order_holdout_without_test_rows_scores_nan() -> None:
    result = Markov.select_order(paths(SMALL), max_order=1, criterion="holdout", holdout=1e-9, seed=0)
    assert np.isnan(result.scores[0])


def test_holdout_scores_unseen_states_uniformly() -> None:
    train = Markov().statistics(paths([("a", 1, 1), ("b", 0, 0)]))
    test = Markov().statistics(paths([("b", 1, 0), ("a", 0, 0)]))
    # START -> b: never seen, START had 2 journeys: (0 + 1) / (2 + 2); b -> CONV from an unseen state: 1/3.
    log_likelihood, transitions = _holdout_log_likelihood(train, test, 1.0)
    assert transitions == 2.0
    assert log_likelihood == pytest.approx(np.log(1 / 4) + np.log(1 / 3))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_order": 0}, "'max_order' must be a whole number >= 1 (got 0)"),
        ({"criterion": "aic"}, "'criterion' must be 'bic' or 'holdout' (got 'aic')"),
        ({"holdout": 1.0}, "'holdout' must be strictly between 0 and 1 (got 1.0)"),
        ({"smoothing": 0.0}, "'smoothing' must be > 0 and finite (got 0.0)"),
    ],
)
def test_select_order_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        Markov.select_order(paths(SMALL), **options)  # type: ignore[arg-type]


def test_order_selection_record() -> None:
    selection = OrderSelection(
        orders=(1, 2),
        criterion="holdout",
        scores=(-2.0, -1.0),
        log_likelihoods=(-4.0, -2.0),
        parameters=(1, 3),
    )
    assert selection.best == 2


def test_name_and_no_warnings_on_normal_data() -> None:
    assert Markov().name == "markov (order 1, null)"
    assert Markov(order=3, removal="skip").name == "markov (order 3, skip)"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        solve(paths(SMALL))


def test_statistics_docstring_fields() -> None:
    stats = MarkovStatistics.from_arrays(
        np.array([0, 1, 1]),
        np.array([0, 2, 3]),
        np.array([1.0, 0.0]),
        np.array([0.0, 1.0]),
        np.array([10.0, 0.0]),
        channels=("email", "social"),
        order=1,
    )
    assert stats.sources.tolist() == [0, 0, 1]
    assert stats.targets.tolist() == [1, 2, 2]
    assert stats.values.tolist() == [0.0, 0.0, 10.0]
    assert stats.count_matrix().tolist() == [[0, 1, 1], [0, 0, 1], [0, 0, 0]]


def test_attribute_compare_and_bootstrap_include_markov() -> None:
    journeys = paths(SMALL, SMALL_VALUES)
    result = attribute(journeys, Markov())
    assert result.model == "markov (order 1, null)"
    plain = result.to_dict()
    json.dumps(plain)
    assert plain["extras"]["transition_matrix"]["START"] == {"email": 0.25, "social": 0.75}
    assert plain["extras"]["removal_effects"] == pytest.approx([1.0, 2 / 3])
    comparison = compare(journeys)
    assert "markov (order 1, null)" in [item.model for item in comparison]
    np.testing.assert_allclose(comparison["markov (order 1, null)"].conversions, [1.2, 0.8])
    # Without non-conversions the default comparison leaves Markov out instead of failing.
    converting = paths([("a > b", 2, 0), ("b", 1, 0)])
    assert "markov (order 1, null)" not in [item.model for item in compare(converting)]
    intervals = bootstrap(paths(SMALL * 5, SMALL_VALUES * 5), Markov(order=2), n=20, seed=1)
    low, high = intervals.interval("conversions")
    assert (low <= high).all()
    assert low.shape == (2,)


def test_statistics_need_a_tuple_of_channel_names() -> None:
    with pytest.raises(
        InvalidInputError, match=re.escape("'channels' must be a tuple of channel names (got ['a'])")
    ):
        MarkovStatistics(
            channels=["a"],  # type: ignore[arg-type]
            order=1,
            states=[[-1], [0]],
            sources=[0],
            targets=[1],
            counts=[1.0],
            conversions=[0.0, 1.0],
            nulls=[0.0, 0.0],
            values=[0.0, 0.0],
        )
