"""Invariants of attribution: efficiency, relabeling, scaling, sharding, builders and bootstrap."""

from __future__ import annotations

import functools
import itertools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from socialroi.attribution import (
    CustomWeights,
    FirstTouch,
    Journeys,
    LastNonDirect,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
    attribute,
    bootstrap,
)

NAMES = ("direct", "email", "facebook", "search", "tiktok")
MODELS = (
    FirstTouch(),
    LastTouch(),
    LastNonDirect(),
    Linear(level="touch"),
    Linear(level="channel"),
    PositionBased(),
    PositionBased(first=0.1, last=0.6),
    CustomWeights((3, 1, 2)),
    CustomWeights(lambda n: np.arange(n, 0, -1)),
)
models = st.sampled_from(MODELS)


@st.composite
def path_tables(draw: st.DrawFn, lengths: st.SearchStrategy[int] | None = None) -> dict[str, list]:
    """Paths of channel names with whole-number counts and values (so sums are exact)."""
    rows = draw(st.integers(1, 12))
    paths = []
    for _ in range(rows):
        # Free lengths up to 6 by default; exactly a drawn length when ``lengths`` is given.
        size = 6 if lengths is None else draw(lengths)
        smallest = 1 if lengths is None else size
        paths.append(draw(st.lists(st.sampled_from(NAMES), min_size=smallest, max_size=size)))
    conversions = draw(st.lists(st.integers(0, 5), min_size=rows, max_size=rows))
    nulls = draw(st.lists(st.integers(0, 5), min_size=rows, max_size=rows))
    values = [c * draw(st.integers(1, 100)) for c in conversions]
    return {"paths": paths, "conversions": conversions, "nulls": nulls, "values": values}


def build(table: dict[str, list]) -> Journeys:
    return Journeys.from_paths(
        table["paths"], conversions=table["conversions"], nulls=table["nulls"], values=table["values"]
    )


def credits_by_name(journeys: Journeys, model) -> dict[str, tuple[float, float]]:
    result = attribute(journeys, model)
    return {
        channel: (float(result.conversions[i]), float(result.value[i]))
        for i, channel in enumerate(result.channels)
    }


@given(path_tables(), models)
def test_credits_add_up_to_the_totals(table, model):
    journeys = build(table)
    result = attribute(journeys, model)
    assert np.isclose(result.total_conversions, sum(table["conversions"]), rtol=1e-12)
    assert np.isclose(result.total_value, sum(table["values"]), rtol=1e-12)
    assert (result.conversions >= 0).all()


@given(path_tables(), models, st.permutations(range(len(NAMES))))
def test_relabeling_channels_permutes_credits(table, model, permutation):
    # Keep "direct" in place so that last non-direct means the same thing after relabeling.
    order = [0, *[p for p in permutation if p != 0]]
    rename = {NAMES[i]: f"x{order[i]}" if NAMES[i] != "direct" else "direct" for i in range(len(NAMES))}
    relabeled = table | {"paths": [[rename[name] for name in path] for path in table["paths"]]}
    before = credits_by_name(build(table), model)
    after = credits_by_name(build(relabeled), model)
    assert set(after) == {rename[name] for name in before}
    for name, (conversions, value) in before.items():
        assert np.allclose(after[rename[name]], (conversions, value), rtol=1e-12, atol=1e-12)


@given(path_tables(), models)
def test_duplicating_every_journey_doubles_credits_and_keeps_shares(table, model):
    journeys = build(table)
    doubled = build({key: column * 2 for key, column in table.items()})
    once, twice = attribute(journeys, model), attribute(doubled, model)
    np.testing.assert_allclose(twice.conversions, 2 * once.conversions, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(twice.value, 2 * once.value, rtol=1e-12, atol=1e-12)
    if once.total_conversions > 0:
        np.testing.assert_allclose(twice.shares, once.shares, rtol=1e-12, atol=1e-12)


@given(
    st.lists(st.integers(1, 8), min_size=1, max_size=10),
    st.lists(st.integers(0, 5), min_size=10, max_size=10),
    models,
)
def test_single_channel_data_gives_that_channel_everything(lengths, conversions, model):
    counts = conversions[: len(lengths)]
    journeys = Journeys.from_paths([["email"] * n for n in lengths], conversions=counts, values=counts)
    result = attribute(journeys, model)
    assert result.channels == ("email",)
    assert np.isclose(result.conversions[0], sum(counts), rtol=1e-12)


@st.composite
def touch_tables(draw: st.DrawFn) -> dict[str, list]:
    """Touch rows of a few customers: one row per touch, distinct times within a customer."""
    customers = draw(st.integers(1, 8))
    rows: dict[str, list] = {"id": [], "channel": [], "time": [], "converted": [], "value": []}
    for customer in range(customers):
        touches = draw(st.integers(1, 5))
        times = sorted(draw(st.lists(st.integers(0, 10**6), min_size=touches, max_size=touches, unique=True)))
        converts = draw(st.booleans())
        for position, time in enumerate(times):
            last = position == touches - 1
            rows["id"].append(customer * 7 + 3)
            rows["channel"].append(draw(st.sampled_from(NAMES)))
            rows["time"].append(float(time))
            rows["converted"].append(converts and last)
            rows["value"].append(float(draw(st.integers(1, 50))) if converts and last else 0.0)
    return rows


def from_rows(rows: dict[str, list], order: list[int], *, split: bool = False) -> Journeys:
    pick = functools.partial(lambda column, order: [column[i] for i in order], order=order)
    return Journeys.from_touchpoints(
        pick(rows["id"]),
        pick(rows["channel"]),
        time=pick(rows["time"]),
        converted=pick(rows["converted"]),
        value=pick(rows["value"]),
        split_at_conversions=split,
    )


@given(touch_tables(), st.randoms(use_true_random=False))
def test_shuffled_rows_give_identical_journeys(rows, random):
    order = list(range(len(rows["id"])))
    shuffled = order.copy()
    random.shuffle(shuffled)
    assert from_rows(rows, order) == from_rows(rows, shuffled)


@st.composite
def tied_touch_tables(draw: st.DrawFn) -> dict[str, list]:
    """Touch rows with many ties in time, several conversions per customer and touches after them."""
    size = draw(st.integers(1, 25))
    ids = draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))
    converted = draw(st.lists(st.integers(0, 2), min_size=size, max_size=size))
    return {
        "id": ids,
        "channel": draw(st.lists(st.sampled_from(NAMES), min_size=size, max_size=size)),
        "time": [float(t) for t in draw(st.lists(st.integers(0, 3), min_size=size, max_size=size))],
        "converted": converted,
        "value": [float(c * draw(st.integers(1, 50))) for c in converted],
    }


@given(
    tied_touch_tables(),
    st.randoms(use_true_random=False),
    st.booleans(),
    st.sampled_from((*MODELS, TimeDecay(half_life=2.0))),
)
def test_shuffled_rows_with_ties_in_time_give_identical_results(rows, random, split, model):
    order = list(range(len(rows["id"])))
    shuffled = order.copy()
    random.shuffle(shuffled)
    first, second = from_rows(rows, order, split=split), from_rows(rows, shuffled, split=split)
    assert first == second
    one, other = attribute(first, model), attribute(second, model)
    np.testing.assert_array_equal(one.conversions, other.conversions)
    np.testing.assert_array_equal(one.value, other.value)
    # No journey goes on after its (last) conversion: the touches after it are a non-converting journey.
    last_touches = first.times[first.offsets[1:] - 1]
    assert (first.conversion_times[first.conversions > 0] == last_touches[first.conversions > 0]).all()
    assert first.total_conversions == sum(rows["converted"])


@given(touch_tables(), models)
def test_touchpoints_and_paths_of_the_same_data_agree(rows, model):
    journeys = from_rows(rows, list(range(len(rows["id"]))))
    paths = Journeys.from_paths(
        journeys.to_paths(), conversions=journeys.conversions, nulls=journeys.nulls, values=journeys.values
    )
    first, second = attribute(journeys, model), attribute(paths, model)
    assert first.channels == second.channels
    np.testing.assert_array_equal(first.conversions, second.conversions)
    np.testing.assert_array_equal(first.value, second.value)


@given(path_tables(), models)
def test_aggregating_paths_keeps_credits(table, model):
    journeys = build(table)
    merged = journeys.aggregate()
    assert merged.total_conversions == journeys.total_conversions
    assert merged.total_nulls == journeys.total_nulls
    assert sorted(merged.to_paths()) == sorted(set(journeys.to_paths()))
    np.testing.assert_allclose(
        attribute(merged, model).conversions, attribute(journeys, model).conversions, rtol=1e-12
    )


EXACT_MODELS = (
    FirstTouch(),
    LastTouch(),
    LastNonDirect(),
    Linear(level="touch"),
    PositionBased(first=0.25, last=0.25),
)


@given(path_tables(st.sampled_from([1, 2, 4])), st.sampled_from(EXACT_MODELS), st.data())
def test_sharded_statistics_add_up_to_the_single_pass_exactly(table, model, data):
    journeys = build(table)
    # Split the rows into shards (some shards may miss channels: vocabularies are aligned by name).
    cuts = sorted(data.draw(st.lists(st.integers(0, len(journeys)), max_size=3)))
    bounds = [0, *cuts, len(journeys)]
    shards = [journeys[start:stop] for start, stop in itertools.pairwise(bounds) if stop > start]
    shards = [
        Journeys.from_paths(s.to_paths(), conversions=s.conversions, nulls=s.nulls, values=s.values)
        for s in shards
    ]
    total = functools.reduce(lambda a, b: a + b, (model.statistics(shard) for shard in shards))
    merged = model.credits(total)
    single = attribute(journeys, model)
    position = {channel: i for i, channel in enumerate(merged.channels)}
    for i, channel in enumerate(single.channels):
        if channel in position:
            assert merged.conversions[position[channel]] == single.conversions[i]
            assert merged.value[position[channel]] == single.value[i]
        else:
            assert single.conversions[i] == 0


@given(path_tables(), models, st.data())
def test_sharded_statistics_add_up_for_every_model(table, model, data):
    journeys = build(table)
    cut = data.draw(st.integers(0, len(journeys)))
    parts = [journeys[:cut], journeys[cut:]]
    total = model.statistics(parts[0]) + model.statistics(parts[1])
    np.testing.assert_allclose(
        model.credits(total).conversions, attribute(journeys, model).conversions, rtol=1e-12, atol=1e-12
    )


@given(touch_tables(), st.floats(1.0, 1e6))
def test_time_decay_is_efficient_and_favours_recent_touches(rows, half_life):
    journeys = from_rows(rows, list(range(len(rows["id"]))))
    model = TimeDecay(half_life=half_life)
    result = attribute(journeys, model)
    assert np.isclose(result.total_conversions, journeys.total_conversions, rtol=1e-12)
    split = model.fractions(journeys)
    # Within a journey, fractions never decrease with time.
    same_journey = split.rows[1:] == split.rows[:-1]
    assert (np.diff(split.fractions)[same_journey] >= -1e-15).all()


@given(path_tables(), models, st.integers(0, 2**32 - 1))
def test_bootstrap_is_reproducible_and_brackets_the_estimate(table, model, seed):
    journeys = build(table)
    first = bootstrap(journeys, model, n=200, seed=seed)
    second = bootstrap(journeys, model, n=200, seed=seed)
    np.testing.assert_array_equal(first.replicates_conversions, second.replicates_conversions)
    for measure, estimate in (("conversions", first.estimate.conversions), ("value", first.estimate.value)):
        low, high = first.interval(measure)
        assert (low <= estimate + 1e-9).all()
        assert (estimate <= high + 1e-9).all()
