"""Invariants of Shapley attribution: brute force equals Möbius, efficiency, symmetry, additivity, sharding."""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialroi.attribution import Journeys, Shapley, ShapleyStatistics
from socialroi.attribution._shapley import exact_values

NAMES = ("a", "b", "c", "d", "e")


@st.composite
def journeys(draw: st.DrawFn, *, min_size: int = 1) -> Journeys:
    n = draw(st.integers(min_size, 15))
    rows = [draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6)) for _ in range(n)]
    conversions = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    nulls = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    conversions[0] = max(conversions[0], 1)
    values = [7.0 * c + i if c else 0.0 for i, c in enumerate(conversions)]
    return Journeys.from_paths(rows, conversions=conversions, nulls=nulls, values=values)


def brute_force(stats: ShapleyStatistics, smoothing: float, unobserved: str) -> np.ndarray:
    """Average marginal contributions over every ordering of every converting set's channels."""
    rates = dict(zip(stats.sets.tolist(), stats.rates(smoothing).tolist(), strict=True))

    def worth(subset: int) -> float:
        if subset == 0:
            return 0.0
        if subset in rates:
            return rates[subset]
        if unobserved == "zero":
            return 0.0
        seen = [rate for other, rate in rates.items() if other & ~subset == 0]
        return max(seen, default=0.0)

    credit = np.zeros(len(stats.channels))
    for target, conversions in zip(stats.sets.tolist(), stats.conversions.tolist(), strict=True):
        if conversions == 0:
            continue
        players = [i for i in range(len(stats.channels)) if target >> i & 1]
        phi = dict.fromkeys(players, 0.0)
        for ordering in itertools.permutations(players):
            coalition = 0
            for player in ordering:
                phi[player] += worth(coalition | 1 << player) - worth(coalition)
                coalition |= 1 << player
        total = sum(phi.values())
        for player in players:
            credit[player] += conversions * phi[player] / total
    return credit


@given(journeys(), st.sampled_from([0.0, 0.5, 4.0]), st.sampled_from(["max_subset", "zero"]))
def test_brute_force_over_permutations_equals_mobius(
    data: Journeys, smoothing: float, unobserved: str
) -> None:
    model = Shapley(smoothing=smoothing, unobserved=unobserved)  # type: ignore[arg-type]
    stats = model.statistics(data)
    result = model.credits(stats)
    np.testing.assert_allclose(
        result.conversions, brute_force(stats, smoothing, unobserved), rtol=1e-9, atol=1e-9
    )


@given(journeys(), st.booleans())
def test_efficiency(data: Journeys, clip: bool) -> None:
    model = Shapley(clip_negative=clip)
    result = model.credits(model.statistics(data))
    np.testing.assert_allclose(result.conversions.sum(), data.total_conversions, rtol=1e-9)
    np.testing.assert_allclose(result.value.sum(), data.total_value, rtol=1e-9)
    if clip:
        assert (result.conversions >= 0).all()


@given(journeys(), st.permutations(range(len(NAMES))))
def test_symmetry_under_relabelling(data: Journeys, permutation: list[int]) -> None:
    mapping = {name: NAMES[permutation[i]] for i, name in enumerate(NAMES)}
    renamed = Journeys.from_paths(
        [[mapping[name] for name in path.split(" > ")] for path in data.to_paths()],
        conversions=data.conversions,
        nulls=data.nulls,
        values=data.values,
    )
    model = Shapley()
    before, after = model.credits(model.statistics(data)), model.credits(model.statistics(renamed))
    got = dict(zip(after.channels, after.conversions.tolist(), strict=True))
    for channel, credit in zip(before.channels, before.conversions.tolist(), strict=True):
        assert math.isclose(got[mapping[channel]], credit, rel_tol=1e-9, abs_tol=1e-9)


@given(st.integers(1, 6), st.data())
def test_additivity_over_games(size: int, draw: st.DataObject) -> None:
    # Every subset observed (so v is exactly the rates): phi(v1 + v2) = phi(v1) + phi(v2).
    sets = np.arange(1, 1 << size, dtype=np.int64)
    floats = st.floats(0, 1, allow_nan=False)
    first = np.array(draw.draw(st.lists(floats, min_size=sets.size, max_size=sets.size)))
    second = np.array(draw.draw(st.lists(floats, min_size=sets.size, max_size=sets.size)))
    target = np.array([(1 << size) - 1], dtype=np.int64)
    one, _ = exact_values(sets, first, target, size, "zero")
    two, _ = exact_values(sets, second, target, size, "zero")
    both, _ = exact_values(sets, first + second, target, size, "zero")
    np.testing.assert_allclose(both, one + two, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(one.sum(), first[-1], rtol=1e-9, atol=1e-12)


@given(journeys(min_size=2), st.data())
def test_shards_merge_to_the_single_pass_statistics(data: Journeys, draw: st.DataObject) -> None:
    cut = draw.draw(st.integers(1, len(data) - 1))
    model = Shapley()
    rows = np.arange(len(data))
    assert model.statistics(data[rows < cut]) + model.statistics(data[rows >= cut]) == model.statistics(data)


@given(journeys(), st.booleans())
def test_ordered_efficiency(data: Journeys, clip: bool) -> None:
    model = Shapley(ordered=True, clip_negative=clip)
    result = model.credits(model.statistics(data))
    np.testing.assert_allclose(result.conversions.sum(), data.total_conversions, rtol=1e-9)
    np.testing.assert_allclose(result.value.sum(), data.total_value, rtol=1e-9)


@given(
    st.lists(st.sets(st.sampled_from(NAMES[:4]), min_size=1), min_size=1, max_size=5, unique_by=frozenset),
    st.data(),
)
def test_ordered_with_every_order_equally_often_is_shapley(sets: list[set[str]], draw: st.DataObject) -> None:
    # When every converting set's journeys come in all orders equally often, the observed orders are
    # uniform and the order-respecting value is the Shapley value.
    rows, conversions, nulls = [], [], []
    for members in sets:
        won, lost = draw.draw(st.integers(1, 3)), draw.draw(st.integers(0, 3))
        for ordering in itertools.permutations(sorted(members)):
            rows.append(list(ordering))
            conversions.append(won)
            nulls.append(lost)
    data = Journeys.from_paths(rows, conversions=conversions, nulls=nulls)
    ordered, plain = Shapley(ordered=True), Shapley()
    np.testing.assert_allclose(
        ordered.credits(ordered.statistics(data)).conversions,
        plain.credits(plain.statistics(data)).conversions,
        rtol=1e-9,
        atol=1e-9,
    )


@given(journeys(min_size=2), st.data())
def test_ordered_shards_merge_to_the_single_pass_statistics(data: Journeys, draw: st.DataObject) -> None:
    cut = draw.draw(st.integers(1, len(data) - 1))
    model = Shapley(ordered=True)
    rows = np.arange(len(data))
    assert model.statistics(data[rows < cut]) + model.statistics(data[rows >= cut]) == model.statistics(data)
