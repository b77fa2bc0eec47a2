"""Shapley attribution: hand-computed local games, sampling, the simplified identity, every error path."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from socialroi.attribution import Journeys, Linear, Shapley, ShapleyStatistics, attribute, bootstrap, compare
from socialroi.attribution._shapley import exact_values, popcount
from socialroi.exceptions import InvalidInputError


def paths(rows: list[tuple[str, float, float]], values: list[float] | None = None) -> Journeys:
    return Journeys.from_paths(
        [row[0] for row in rows],
        conversions=[row[1] for row in rows],
        nulls=[row[2] for row in rows],
        values=values,
    )


def solve(journeys: Journeys, **options: object):
    model = Shapley(**options)  # type: ignore[arg-type]
    return model.credits(model.statistics(journeys))


# {email, social}: 3 of 4 convert; {social}: 1 of 4; {email}: 2 of 4.
TWO = [("social > email", 3, 1), ("social", 1, 3), ("email", 2, 2)]


def test_two_channels_by_hand() -> None:
    # a = 0: v(e) = 1/2, v(s) = 1/4, v(es) = 3/4; phi_e = (1/2 + 1/2) / 2 = 1/2, phi_s = 1/4.
    # {e, s} splits 3 conversions 2 : 1; {s} and {e} keep their own. Email 4, social 2.
    result = solve(paths(TWO, [60.0, 10.0, 20.0]), smoothing=0)
    np.testing.assert_allclose(result.conversions, [4.0, 2.0], rtol=1e-14)
    np.testing.assert_allclose(result.value, [60.0 * 2 / 3 + 20.0, 60.0 / 3 + 10.0], rtol=1e-14)
    assert result.extras["negative_sets"] == 0
    assert result.extras["sampled_sets"] == 0
    np.testing.assert_array_equal(result.extras["standard_errors"], [0.0, 0.0])


def test_smoothing_by_hand() -> None:
    # a = 2, p0 = 6/12: v(es) = 4/6, v(s) = 2/6, v(e) = 3/6; phi_e = (1/2 + 1/3) / 2 = 5/12, phi_s = 1/4.
    # {e, s}: email 3 * (5/12) / (2/3) = 1.875, social 1.125.
    result = solve(paths(TWO), smoothing=2)
    np.testing.assert_allclose(result.conversions, [1.875 + 2.0, 1.125 + 1.0], rtol=1e-14)


ABC = [("a > b > c", 3, 3), ("a", 1, 3)]


def test_unobserved_subsets_take_the_best_observed_subset() -> None:
    # v = 1/4 u_a + 1/4 u_abc (v(ab) = v(ac) = v(a) = 1/4, b, c, bc unobserved without observed subsets: 0).
    # phi = (1/4 + 1/12, 1/12, 1/12); {a,b,c} splits 3 as 2, 0.5, 0.5; a also keeps {a}'s 1.
    result = solve(paths(ABC), smoothing=0)
    np.testing.assert_allclose(result.conversions, [3.0, 0.5, 0.5], rtol=1e-14)


def test_unobserved_subsets_can_be_zero() -> None:
    # d(a) = 1/4, d(ab) = d(ac) = -1/4, d(abc) = 3/4: phi = (1/4, 1/8, 1/8); split 1.5, 0.75, 0.75.
    result = solve(paths(ABC), smoothing=0, unobserved="zero")
    np.testing.assert_allclose(result.conversions, [2.5, 0.75, 0.75], rtol=1e-14)


NEGATIVE = [("a > b", 1, 9), ("a", 5, 5), ("b", 1, 9)]


def test_negative_values_are_reported_or_clipped() -> None:
    # v(a) = 0.5, v(b) = 0.1, v(ab) = 0.1: phi_a = 0.25, phi_b = -0.15 (b lowers a's rate).
    result = solve(paths(NEGATIVE), smoothing=0)
    np.testing.assert_allclose(result.conversions, [7.5, -0.5], rtol=1e-14)
    assert result.extras["negative_sets"] == 1
    clipped = solve(paths(NEGATIVE), smoothing=0, clip_negative=True)
    np.testing.assert_allclose(clipped.conversions, [6.0, 1.0], rtol=1e-14)
    np.testing.assert_allclose(clipped.extras["raw_conversions"], [7.5, -0.5], rtol=1e-14)


def test_null_player_gets_nothing() -> None:
    # Adding c never changes a rate: {a}, {a,c} 2/10; {b}, {b,c} 1/10; {a,b}, {a,b,c} 3/10; {c} unobserved
    # has no observed subset, so v(c) = 0 = v(empty). Equal counts keep the smoothed rates equal too.
    rows = [("a", 2, 8), ("a > c", 2, 8), ("b", 1, 9), ("c > b", 1, 9), ("a > b", 3, 7), ("b > c > a", 3, 7)]
    for smoothing in (0.0, 3.0):
        result = solve(paths(rows), smoothing=smoothing)
        assert result.conversions[2] == pytest.approx(0.0, abs=1e-12)
        assert result.conversions.sum() == pytest.approx(12.0)


def test_single_channel_and_no_conversions() -> None:
    result = solve(paths([("a > a", 2, 3)], [9.0]))
    assert result.conversions.tolist() == [2.0]
    assert result.value.tolist() == [9.0]
    none = solve(paths([("a > b", 0, 3)]))
    assert none.conversions.tolist() == [0.0, 0.0]


def test_simplified_is_channel_level_linear() -> None:
    rows = [("a > b > a > c", 2, 1), ("b", 1, 0), ("c > a", 0, 4), ("a > c", 3, 0)]
    journeys = paths(rows, [30.0, 5.0, 0.0, 12.0])
    simplified = solve(journeys, game="simplified")
    linear = Linear(level="channel")
    expected = linear.credits(linear.statistics(journeys))
    np.testing.assert_allclose(simplified.conversions, expected.conversions, rtol=1e-14)
    np.testing.assert_allclose(simplified.value, expected.value, rtol=1e-14)
    # a > b > a > c: 2/3 each; b: 1; a > c: 3/2 each.
    np.testing.assert_allclose(simplified.conversions, [2 / 3 + 1.5, 2 / 3 + 1, 2 / 3 + 1.5], rtol=1e-14)
    assert Shapley(game="simplified").name == "shapley (simplified)"
    assert Shapley().name == "shapley (conversion rate)"


def wide(n_channels: int) -> Journeys:
    names = [f"c{i:02d}" for i in range(n_channels)]
    return Journeys.from_paths(
        [names, names[:3], names[1:4], names[:1], names[2:3]],
        conversions=[4, 2, 1, 1, 0],
        nulls=[2, 2, 3, 3, 2],
        values=[40.0, 10.0, 5.0, 8.0, 0.0],
    )


def test_large_sets_need_sampling() -> None:
    message = (
        "a converting channel set has 6 channels, more than 'max_channels' (5); exact Shapley values need "
        "2**6 coalitions: pass sampling=n"
    )
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        solve(wide(6), max_channels=5)


@pytest.mark.parametrize("seed", [None, -1, 2.0, False])
def test_sampling_seed_must_be_a_whole_number(seed: object) -> None:
    message = f"'seed' must be a whole number >= 0 (got {seed!r})"
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Shapley(sampling=10, seed=seed)  # type: ignore[arg-type]


def test_sampling_without_a_seed_is_seed_0_and_reproducible() -> None:
    assert Shapley().seed == 0
    assert Shapley(seed=np.int64(4)).seed == 4
    journeys = wide(6)
    first = solve(journeys, max_channels=5, sampling=50)
    np.testing.assert_array_equal(
        first.conversions, solve(journeys, max_channels=5, sampling=50, seed=0).conversions
    )


def test_sampling_is_seeded_efficient_and_close_to_exact() -> None:
    journeys = wide(6)
    exact = solve(journeys)
    sampled = solve(journeys, max_channels=5, sampling=4000, seed=11)
    again = solve(journeys, max_channels=5, sampling=4000, seed=11)
    np.testing.assert_array_equal(sampled.conversions, again.conversions)
    assert sampled.conversions.sum() == pytest.approx(8.0, rel=1e-12)
    assert sampled.value.sum() == pytest.approx(63.0, rel=1e-12)
    assert sampled.extras["sampled_sets"] == 1
    errors = sampled.extras["standard_errors"]
    assert (errors > 0).all()
    assert (np.abs(sampled.conversions - exact.conversions) < 5 * errors + 1e-12).all()
    assert (sampled.extras["value_standard_errors"] > 0).all()


def test_sampling_with_unobserved_zero_and_two_orders() -> None:
    result = solve(wide(6), max_channels=5, sampling=2, seed=0, unobserved="zero")
    assert result.conversions.sum() == pytest.approx(8.0, rel=1e-12)


def test_wide_vocabulary_uses_the_sorted_path() -> None:
    journeys = wide(25)
    stats = Shapley().statistics(journeys)
    assert stats.sets.size == 5
    result = solve(journeys, max_channels=3, sampling=50, seed=1)
    assert result.conversions.sum() == pytest.approx(8.0, rel=1e-12)


def test_vocabulary_limit() -> None:
    journeys = Journeys.from_paths([[f"c{i:02d}" for i in range(63)]], conversions=[1], nulls=[1])
    with pytest.raises(
        InvalidInputError, match=re.escape("Shapley supports at most 62 channels in the vocabulary (got 63)")
    ):
        Shapley().statistics(journeys)
    left = Shapley().statistics(
        Journeys.from_paths([[f"a{i:02d}" for i in range(40)]], conversions=[1], nulls=[0])
    )
    right = Shapley().statistics(
        Journeys.from_paths([[f"b{i:02d}" for i in range(40)]], conversions=[1], nulls=[0])
    )
    with pytest.raises(InvalidInputError, match=re.escape("(got 80)")):
        left + right


def test_statistics_merge_exactly() -> None:
    rows = [("a > b > c", 2, 1), ("b > a", 0, 3), ("c", 1, 1), ("a > c > a > b", 1, 0), ("b", 0, 2)]
    values = [40.0, 0.0, 7.0, 12.0, 0.0]
    model = Shapley()
    whole = model.statistics(paths(rows, values))
    assert (
        model.statistics(paths(rows[:2], values[:2])) + model.statistics(paths(rows[2:], values[2:])) == whole
    )
    other = paths([rows[2], rows[4]], [values[2], values[4]])
    assert other.channels == ("b", "c")
    mixed = model.statistics(other) + model.statistics(
        paths([rows[0], rows[1], rows[3]], [values[0], values[1], values[3]])
    )
    assert mixed == whole
    reverse = model.statistics(
        paths([rows[0], rows[1], rows[3]], [values[0], values[1], values[3]])
    ) + model.statistics(other)
    assert reverse == whole
    assert whole.set_labels() == ("b", "a + b", "c", "a + b + c")
    assert whole.counts.tolist() == [2.0, 3.0, 2.0, 4.0]
    assert whole == model.statistics(paths(rows, values))
    assert whole.__eq__(1) is NotImplemented
    assert whole.__add__(1) is NotImplemented  # type: ignore[operator]
    with pytest.raises(TypeError):
        hash(whole)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"game": "banzhaf"}, "'game' must be 'conversion_rate' or 'simplified' (got 'banzhaf')"),
        ({"unobserved": "min"}, "'unobserved' must be 'max_subset' or 'zero' (got 'min')"),
        ({"smoothing": -1.0}, "'smoothing' must be >= 0 and finite (got -1.0)"),
        ({"max_channels": 0}, "'max_channels' must be a whole number from 1 to 62 (got 0)"),
        ({"max_channels": True}, "'max_channels' must be a whole number from 1 to 62 (got True)"),
        ({"sampling": 1}, "'sampling' must be a whole number >= 2 (got 1)"),
        ({"sampling": 2.5}, "'sampling' must be a whole number >= 2 (got 2.5)"),
    ],
)
def test_invalid_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(message)):
        Shapley(**options)  # type: ignore[arg-type]


def test_helpers() -> None:
    assert popcount(np.array([0, 1, 7, 1 << 40], dtype=np.int64)).tolist() == [0, 1, 3, 1]
    stats = ShapleyStatistics(
        channels=("a", "b"), sets=[1, 2, 3], counts=[2, 2, 2], conversions=[1, 0, 2], values=[0, 0, 0]
    )
    values, positions = exact_values(stats.sets, stats.rates(0.0), np.array([3], dtype=np.int64), 2, "zero")
    # v(a) = 1/2, v(b) = 0, v(ab) = 1: phi_a = (1/2 + 1) / 2, phi_b = (0 + 1/2) / 2.
    np.testing.assert_allclose(values, [[0.75, 0.25]])
    assert positions.tolist() == [[0, 1]]
    empty = ShapleyStatistics(channels=("a",), sets=[], counts=[], conversions=[], values=[])
    assert empty.rates(1.0).size == 0


def test_attribute_compare_and_bootstrap_include_shapley() -> None:
    journeys = paths(TWO, [60.0, 10.0, 20.0])
    result = attribute(journeys, Shapley(smoothing=0))
    assert result.model == "shapley (conversion rate)"
    json.dumps(result.to_dict())
    comparison = compare(journeys)
    assert "shapley (conversion rate)" in [item.model for item in comparison]
    assert comparison["shapley (conversion rate)"].conversions.sum() == pytest.approx(6.0)
    intervals = bootstrap(journeys, Shapley(), n=20, seed=1)
    low, high = intervals.interval("conversions")
    assert (low <= high).all()


def test_statistics_need_a_tuple_of_channel_names() -> None:
    with pytest.raises(InvalidInputError, match=re.escape("'channels[1]' must be a string (got 1)")):
        ShapleyStatistics(channels=("a", 1), sets=[1], counts=[1.0], conversions=[1.0], values=[0.0])  # type: ignore[arg-type]


# a > b converts 3 of 4, b > a 1 of 4: {a, b} 4 of 8 (1/2); {a} 2 of 4 (1/2); {b} 1 of 4 (1/4).
ORDERED = [("a > b", 3, 1), ("b > a", 1, 3), ("a", 2, 2), ("b", 1, 3)]
ORDERED_VALUES = [30.0, 10.0, 20.0, 10.0]


def test_ordered_by_hand() -> None:
    # Unordered: phi_a = (1/2 + 1/4) / 2 = 3/8, phi_b = 1/8; {a, b}'s 4 conversions split 3 : 1.
    unordered = solve(paths(ORDERED, ORDERED_VALUES), smoothing=0)
    np.testing.assert_allclose(unordered.conversions, [5.0, 2.0], rtol=1e-14)
    # Ordered: a > b gives a v(a) = 1/2 and b 0 (all 3 to a); b > a gives b 1/4 and a 1/4 (0.5 each).
    ordered = solve(paths(ORDERED, ORDERED_VALUES), smoothing=0, ordered=True)
    np.testing.assert_allclose(ordered.conversions, [5.5, 1.5], rtol=1e-14)
    np.testing.assert_allclose(ordered.value, [55.0, 15.0], rtol=1e-14)
    assert Shapley(ordered=True).name == "shapley (conversion rate, ordered)"


def test_ordered_negative_values_and_unobserved_prefixes() -> None:
    # a > b: v(a) = 0.5, v(ab) = 0.1, so b's contribution is -0.4: shares 5 and -4 of its conversion.
    result = solve(paths(NEGATIVE), smoothing=0, ordered=True)
    np.testing.assert_allclose(result.conversions, [5.0 + 5.0, -4.0 + 1.0], rtol=1e-14)
    assert result.extras["negative_sets"] == 1
    clipped = solve(paths(NEGATIVE), smoothing=0, ordered=True, clip_negative=True)
    np.testing.assert_allclose(clipped.conversions, [6.0, 1.0], rtol=1e-14)
    # c > a > b: prefixes {c} and {a, c} are unobserved; {a} is observed (1/4).
    rows = [("c > a > b", 3, 3), ("a", 1, 3)]
    best = solve(paths(rows), smoothing=0, ordered=True)
    # max_subset: v(c) = 0, v(ac) = v(a) = 1/4, v(abc) = 1/2: c 0, a 1/4, b 1/4 -> 0, 1.5, 1.5 (+1 to a).
    np.testing.assert_allclose(best.conversions, [2.5, 1.5, 0.0], rtol=1e-14)
    zero = solve(paths(rows), smoothing=0, ordered=True, unobserved="zero")
    # zero: v(c) = 0, v(ac) = 0, v(abc) = 1/2: everything to b.
    np.testing.assert_allclose(zero.conversions, [1.0, 3.0, 0.0], rtol=1e-14)


def test_ordered_statistics_merge_and_errors() -> None:
    rows = [("c > a > b", 3, 3), ("b > c", 1, 0), ("a", 1, 3), ("a > a > c", 2, 0)]
    model = Shapley(ordered=True)
    whole = model.statistics(paths(rows))
    assert whole.paths is not None
    assert whole.paths.tolist() == [[0, -1, -1], [0, 2, -1], [1, 2, -1], [2, 0, 1]]
    assert whole.path_conversions is not None
    assert whole.path_conversions.tolist() == [1.0, 2.0, 1.0, 3.0]
    left, right = paths(rows[:2]), paths(rows[2:])
    assert right.channels == ("a", "c")
    assert model.statistics(left) + model.statistics(right) == whole
    assert model.statistics(right) + model.statistics(left) == whole
    assert whole != Shapley().statistics(paths(rows))
    with pytest.raises(InvalidInputError, match="cannot add ordered and unordered Shapley statistics"):
        whole + Shapley().statistics(paths(rows))
    with pytest.raises(InvalidInputError, match=re.escape("ordered Shapley needs statistics with paths")):
        model.credits(Shapley().statistics(paths(rows)))
    with pytest.raises(
        InvalidInputError, match=re.escape("'ordered' needs game='conversion_rate' (got game='simplified')")
    ):
        Shapley(game="simplified", ordered=True)
    none = model.statistics(paths([("a", 0, 2)]))
    assert none.paths is not None
    assert none.paths.shape == (0, 0)
    assert model.credits(none).conversions.tolist() == [0.0]
