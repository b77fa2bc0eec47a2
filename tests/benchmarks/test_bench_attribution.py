"""Benchmarks of socialroi.attribution against the goals of issues 6 and 17 (run by `nox -s bench`).

Data: ``synthetic_journeys(1_000_000, channels=12, seed=0)``, about 3 million touch rows and 135,000
distinct paths; 160,000 distinct path strings over twelve channel names for ``from_paths``.

Goals:
- ``Journeys.from_touchpoints`` on the 3 million touch rows: under 1.5 s, in time order and shuffled;
  peak memory at most 2x the input arrays.
- ``Journeys.from_paths`` on 160,000 distinct path strings: under 0.5 s; peak memory printed against
  the strings' UTF-8 size plus the count arrays (goal <= 2x).
- Each rule-based model on the 1 million journeys: under 0.25 s.
- ``bootstrap(n=200)`` of a rule-based model: under 5 s.
- Against ``channelattribution``'s ``heuristic_models`` on the same aggregated paths (only when that
  package is importable): at least 2x faster, also when socialroi parses the path strings first;
  identical first/last/linear-touch credits.

Every test prints the measured time and its ratio to the goal; the goals are asserted.
"""

from __future__ import annotations

import importlib.metadata
import platform
import timeit
import tracemalloc

import numpy as np
import pytest

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
from socialroi.datasets import synthetic_journeys

JOURNEYS = 1_000_000
PATHS = 160_000


def _best(stmt, repeat: int = 5) -> float:
    return min(timeit.repeat(stmt, number=1, repeat=repeat))


def _peak(function) -> int:
    """Peak bytes allocated (numpy arrays included) while ``function`` runs."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _memory(what: str, peak: int, inputs: int, goal: float = 2.0) -> None:
    print(
        f"{what}: peak allocation {peak / 2**20:.0f} MiB = {peak / inputs:.2f}x the {inputs / 2**20:.0f} MiB "
        f"of input (goal <= {goal:g}x)"
    )


def _report(what: str, seconds: float, goal: float) -> None:
    print(
        f"\n{what}: {seconds * 1e3:.1f} ms (goal < {goal * 1e3:.0f} ms, {seconds / goal:.2f}x of the budget)"
    )


@pytest.fixture(scope="module")
def data():
    return synthetic_journeys(JOURNEYS, channels=12, seed=0)


@pytest.fixture(scope="module")
def journeys(data):
    return data.journeys()


def _build(data, order=None):
    columns = data.columns()
    if order is not None:
        columns = {name: column[order] for name, column in columns.items()}
    return Journeys.from_touchpoints(
        columns["journey_id"],
        columns["channel"],
        time=columns["time"],
        converted=columns["converted"],
        value=columns["value"],
        conversion_time=columns["conversion_time"],
    )


def test_from_touchpoints(benchmark, data):
    rows = data.channel.size
    benchmark.pedantic(_build, args=(data,), rounds=3, iterations=1)
    seconds = _best(lambda: _build(data), repeat=3)
    _report(f"from_touchpoints, {rows:,} rows in event-log (time) order", seconds, 1.5)
    inputs = sum(column.nbytes for column in data.columns().values())
    peak = _peak(lambda: _build(data))
    _memory("from_touchpoints", peak, inputs)
    shuffled = np.random.default_rng(1).permutation(rows)
    worst = _best(lambda: _build(data, shuffled), repeat=3)
    _report("from_touchpoints, the same rows shuffled", worst, 1.5)
    assert seconds < 1.5
    assert worst < 1.5
    assert peak <= 2 * inputs


@pytest.fixture(scope="module")
def distinct_paths():
    """160,000 distinct path strings with counts, like an export of a conversion-paths report."""
    rng = np.random.default_rng(7)
    names = np.array(
        [
            "facebook",
            "instagram",
            "linkedin",
            "tiktok",
            "email",
            "search",
            "youtube",
            "display",
            "x",
            "direct",
            "pinterest",
            "affiliate",
        ]
    )
    lengths = 1 + rng.poisson(rng.gamma(2.0, 1.5, size=600_000))
    codes = rng.integers(0, names.size, size=int(lengths.sum()))
    ends = np.cumsum(lengths)
    paths = [
        " > ".join(names[codes[end - length : end]])
        for end, length in zip(ends.tolist(), lengths.tolist(), strict=True)
    ]
    unique = list(dict.fromkeys(paths))[:PATHS]
    assert len(unique) == PATHS
    conversions = rng.integers(0, 50, size=PATHS)
    return unique, conversions, rng.integers(0, 500, size=PATHS), conversions * 80.0


def test_from_paths(benchmark, distinct_paths):
    paths, conversions, nulls, values = distinct_paths

    def build():
        return Journeys.from_paths(paths, conversions=conversions, nulls=nulls, values=values)

    benchmark.pedantic(build, rounds=3, iterations=1)
    seconds = _best(build)
    _report(f"from_paths, {len(paths):,} distinct path strings", seconds, 0.5)
    inputs = sum(len(path.encode()) for path in paths) + conversions.nbytes + nulls.nbytes + values.nbytes
    peak = _peak(build)
    _memory("from_paths (input: the strings' UTF-8 bytes and the count arrays)", peak, inputs)
    assert seconds < 0.5


MODELS = [
    FirstTouch(),
    LastTouch(),
    LastNonDirect(),
    Linear(level="touch"),
    Linear(level="channel"),
    PositionBased(),
    TimeDecay(),
    CustomWeights((0.3, 0.4, 0.3)),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_rule_based_model(benchmark, journeys, model):
    benchmark(attribute, journeys, model)
    seconds = _best(lambda: attribute(journeys, model))
    _report(f"{model.name} on {len(journeys):,} journeys ({journeys.n_touches:,} touches)", seconds, 0.25)
    arrays = (journeys.codes, journeys.offsets, journeys.conversions, journeys.nulls, journeys.values)
    inputs = sum(array.nbytes for array in arrays) + (0 if journeys.times is None else journeys.times.nbytes)
    _memory(model.name, _peak(lambda: attribute(journeys, model)), inputs)
    # Every journey converting is the worst case (non-converting journeys are skipped): reported too.
    everyone = Journeys(
        channels=journeys.channels,
        codes=journeys.codes,
        offsets=journeys.offsets,
        conversions=np.ones(len(journeys)),
        nulls=np.zeros(len(journeys)),
        values=np.full(len(journeys), 80.0),
        times=journeys.times,
    )
    worst = _best(lambda: attribute(everyone, model), repeat=3)
    _report(f"{model.name}, every journey converting (worst case, reported)", worst, 0.25)
    assert seconds < 0.25


@pytest.mark.parametrize("model", [Linear(level="touch"), TimeDecay()], ids=lambda m: m.name)
def test_bootstrap(benchmark, journeys, model):
    benchmark.pedantic(bootstrap, args=(journeys, model), kwargs={"n": 200}, rounds=2, iterations=1)
    seconds = _best(lambda: bootstrap(journeys, model, n=200), repeat=2)
    _report(f"bootstrap(n=200) of {model.name} on {len(journeys):,} journeys", seconds, 5.0)
    multinomial = _best(lambda: bootstrap(journeys, model, n=200, weights="multinomial"), repeat=1)
    _report("  the same with multinomial weights (reported)", multinomial, 5.0)
    assert seconds < 5.0


def test_against_channelattribution(journeys):
    channelattribution = pytest.importorskip("ChannelAttribution")
    pandas = pytest.importorskip("pandas")
    merged = journeys.aggregate()
    frame = pandas.DataFrame(
        {"path": merged.to_paths(), "total_conversions": merged.conversions, "total_null": merged.nulls}
    )
    frame = frame[frame.total_conversions > 0]

    def theirs():
        return channelattribution.heuristic_models(frame, "path", "total_conversions", sep=">")

    def ours():
        return [attribute(merged, model) for model in (FirstTouch(), LastTouch(), Linear(level="touch"))]

    def ours_from_strings():
        parsed = Journeys.from_paths(
            frame.path.tolist(),
            conversions=frame.total_conversions.to_numpy(),
            nulls=frame.total_null.to_numpy(),
        )
        return [attribute(parsed, model) for model in (FirstTouch(), LastTouch(), Linear(level="touch"))]

    their_seconds = _best(theirs, repeat=3)
    our_seconds = _best(ours, repeat=3)
    parsing_seconds = _best(ours_from_strings, repeat=3)
    print(
        f"\nchannelattribution {importlib.metadata.version('channelattribution')} heuristic_models "
        f"{their_seconds * 1e3:.1f} ms vs socialroi first+last+linear {our_seconds * 1e3:.1f} ms: "
        f"{their_seconds / our_seconds:.1f}x faster (goal >= 2x); including Journeys.from_paths of the same "
        f"{len(frame):,} path strings {parsing_seconds * 1e3:.1f} ms: {their_seconds / parsing_seconds:.1f}x "
        f"(goal >= 2x) [numpy {np.__version__}, Python {platform.python_version()}, {platform.machine()}]"
    )
    table = theirs()
    results = ours()
    for column, result in zip(("first_touch", "last_touch", "linear_touch"), results, strict=True):
        expected = dict(zip(table["channel_name"].str.strip(), table[column], strict=True))
        for channel, value in zip(result.channels, result.conversions.tolist(), strict=True):
            assert value == pytest.approx(expected.get(channel, 0.0), rel=1e-9, abs=1e-9)
    assert their_seconds / our_seconds >= 2.0
    assert their_seconds / parsing_seconds >= 2.0
