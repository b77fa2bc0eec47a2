"""Invariants of Markov attribution: efficiency, relabelling, duplication, sharding, the observed rate."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialroi.attribution import Journeys, Markov

NAMES = ("a", "b", "c", "d")


@st.composite
def journeys(draw: st.DrawFn, *, min_size: int = 1) -> Journeys:
    n = draw(st.integers(min_size, 12))
    rows = [draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6)) for _ in range(n)]
    conversions = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    nulls = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    # At least one conversion and one non-conversion, so the model is defined.
    conversions[0] = max(conversions[0], 1)
    nulls[-1] = max(nulls[-1], 1)
    values = [10.0 * c + i for i, c in enumerate(conversions)]
    values = [v if c else 0.0 for v, c in zip(values, conversions, strict=True)]
    return Journeys.from_paths(rows, conversions=conversions, nulls=nulls, values=values)


def run(model: Markov, data: Journeys):
    return model.credits(model.statistics(data))


orders = st.integers(1, 3)


@given(journeys(), orders)
def test_efficiency_and_bounds(data: Journeys, order: int) -> None:
    result = run(Markov(order=order), data)
    np.testing.assert_allclose(result.conversions.sum(), data.total_conversions, rtol=1e-9)
    np.testing.assert_allclose(result.value.sum(), data.total_value, rtol=1e-9)
    effects = result.extras["removal_effects"]
    assert ((effects >= -1e-12) & (effects <= 1 + 1e-12)).all()
    assert (result.conversions >= -1e-9).all()
    rate = data.total_conversions / (data.total_conversions + data.total_nulls)
    np.testing.assert_allclose(result.extras["conversion_probability"], rate, rtol=1e-9)


@given(journeys(), orders, st.permutations(range(len(NAMES))))
def test_relabelling_channels_permutes_credits(data: Journeys, order: int, permutation: list[int]) -> None:
    mapping = {name: NAMES[permutation[i]] for i, name in enumerate(NAMES)}
    renamed = Journeys.from_paths(
        [[mapping[name] for name in path.split(" > ")] for path in data.to_paths()],
        conversions=data.conversions,
        nulls=data.nulls,
        values=data.values,
    )
    for removal in ("null", "skip"):
        model = Markov(order=order, removal=removal)
        try:
            before = run(model, data)
        except ValueError:
            continue
        after = run(model, renamed)
        got = dict(zip(after.channels, after.extras["removal_effects"].tolist(), strict=True))
        for channel, effect in zip(before.channels, before.extras["removal_effects"].tolist(), strict=True):
            np.testing.assert_allclose(got[mapping[channel]], effect, rtol=1e-9, atol=1e-12)


@given(journeys(), orders, st.integers(2, 5))
def test_duplicating_data_keeps_removal_effects(data: Journeys, order: int, factor: int) -> None:
    model = Markov(order=order)
    once = run(model, data)
    scaled = Journeys.from_paths(
        data.to_paths(),
        conversions=data.conversions * factor,
        nulls=data.nulls * factor,
        values=data.values * factor,
    )
    many = run(model, scaled)
    np.testing.assert_allclose(
        many.extras["removal_effects"], once.extras["removal_effects"], rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(many.conversions, once.conversions * factor, rtol=1e-9, atol=1e-9)


@given(journeys(min_size=2), orders, st.data())
def test_shards_merge_to_the_single_pass_statistics(data: Journeys, order: int, draw: st.DataObject) -> None:
    cut = draw.draw(st.integers(1, len(data) - 1))
    model = Markov(order=order)
    first, second = data[np.arange(len(data)) < cut], data[np.arange(len(data)) >= cut]
    merged = model.statistics(first) + model.statistics(second)
    assert merged == model.statistics(data)
