"""The vectorized builders and the iterative Markov solve give exactly what straightforward code gives.

``Journeys.from_paths`` parses all strings at once from their bytes, ``Journeys.from_touchpoints`` sorts
with one packed key and sums over the converting rows, and large Markov chains are solved for every
removal at once by iteration (issue 17). Each is checked here against a plain Python reference of the
documented behaviour (row by row, dictionaries and sorted()), or against the dense solve it replaces.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialroi.attribution import Journeys, Markov, MarkovStatistics, _journeys, _markov
from socialroi.exceptions import InvalidInputError

# Names that cover the byte-level parser: short and long (more than 8 and 16 bytes), inner spaces,
# surrounding whitespace (ASCII and not), non-ASCII letters and emoji, and a separator-like character.
NAMES = (
    "a",
    "b",
    "email",
    " email ",
    "facebook",
    "instagram",
    "paid search  ",
    "\tpaid search",
    "a very long channel name indeed",
    "a very long channel name, too",
    "café",
    "\u00a0café\u2003",
    "tik🎵tok",
    "x-y",
)
SEPARATORS = (">", " > ", "->", "|", "::", "→")


def reference_paths(rows: list[str], sep: str) -> tuple[tuple[str, ...], list[int], list[int]]:
    """(channels, codes, offsets) of string paths, one row at a time."""
    split = [[name.strip() for name in row.split(sep)] for row in rows]
    channels = tuple(sorted({name for names in split for name in names}))
    code = {name: index for index, name in enumerate(channels)}
    codes = [code[name] for names in split for name in names]
    offsets = [0]
    for names in split:
        offsets.append(offsets[-1] + len(names))
    return channels, codes, offsets


@st.composite
def string_paths(draw: st.DrawFn) -> tuple[list[str], str]:
    sep = draw(st.sampled_from(SEPARATORS))
    names = [name for name in NAMES if sep.strip() not in name]
    rows = draw(st.lists(st.lists(st.sampled_from(names), min_size=1, max_size=6), min_size=1, max_size=30))
    return [sep.join(row) for row in rows], sep


@given(string_paths())
def test_from_paths_matches_the_row_by_row_split(case: tuple[list[str], str]) -> None:
    rows, sep = case
    built = Journeys.from_paths(rows, conversions=np.ones(len(rows)), sep=sep)
    channels, codes, offsets = reference_paths(rows, sep)
    assert built.channels == channels
    assert built.codes.tolist() == codes
    assert built.offsets.tolist() == offsets
    assert built.codes.dtype == np.int32
    assert built.offsets.dtype == np.int64


@given(string_paths(), st.data())
def test_from_paths_reports_the_first_empty_name(case: tuple[list[str], str], data: st.DataObject) -> None:
    rows, sep = case
    row = data.draw(st.integers(0, len(rows) - 1))
    rows[row] = data.draw(st.sampled_from([f"{sep}{rows[row]}", f"{rows[row]}{sep} ", " "]))
    first = next(i for i, path in enumerate(rows) if any(not name.strip() for name in path.split(sep)))
    with pytest.raises(InvalidInputError, match=rf"must not hold empty channel names .* at index {first}\)"):
        Journeys.from_paths(rows, conversions=np.ones(len(rows)), sep=sep)


@pytest.mark.parametrize(
    "rows",
    [
        ["a\x00b > c", "c"],  # a marker inside a name takes the general route
        ["a\x01 > c", "c"],
        ["\ud800 > a", "a"],  # a lone surrogate is no UTF-8
    ],
)
def test_from_paths_with_marker_characters_or_invalid_unicode(rows: list[str]) -> None:
    built = Journeys.from_paths(rows, conversions=[1, 1])
    channels, codes, offsets = reference_paths(rows, ">")
    assert (built.channels, built.codes.tolist(), built.offsets.tolist()) == (channels, codes, offsets)


def test_from_paths_separators_are_cut_per_row() -> None:
    # "a" + "a" joined by the separator "aa" would read as three names; each row is cut on its own.
    built = Journeys.from_paths(["xa", "ay", "xaay"], conversions=[1, 1, 1], sep="aa")
    assert built.to_paths(sep="|") == ["xa", "ay", "x|y"]


def _colliding_long_names() -> tuple[str, str]:
    """Two different 16-byte names whose mixed keys collide (found by a seeded search)."""
    rng = np.random.default_rng(0)
    mix = np.uint64(_journeys._MIX)
    printable = np.arange(0x21, 0x7F, dtype=np.uint8)
    while True:
        heads = rng.choice(printable, size=(2, 8))
        first, second = heads.view("<u8").reshape(-1) * mix
        difference = int(first ^ second).to_bytes(8, "little")
        if all(byte < 0x80 for byte in difference):
            tail = bytes(0x40 if byte >= 0x20 else 0x60 for byte in difference)
            other = bytes(a ^ b for a, b in zip(tail, difference, strict=True))
            if all(0x21 <= byte < 0x7F for byte in tail + other):
                return (heads[0].tobytes() + tail).decode(), (heads[1].tobytes() + other).decode()


def test_from_paths_key_collisions_take_the_general_route() -> None:
    one, two = _colliding_long_names()
    assert one != two
    assert _journeys._split_paths([f"{one}\t{two}", two], "\t") is None
    built = Journeys.from_paths([f"{one}\t{two}", two], conversions=[1, 1], sep="\t")
    assert built.channels == tuple(sorted((one, two)))
    assert built.to_paths() == [f"{one} > {two}", two]


def test_first_groups_when_keys_share_a_bucket() -> None:
    inverse = np.uint64(pow(_journeys._MIX, -1, 1 << 64))  # hashes next to 0: the same bucket
    group, first = _journeys._first_groups(np.array([inverse, 0, inverse, 7], dtype=np.uint64))
    assert group.tolist() == [0, 1, 0, 2]
    assert first.tolist() == [0, 1, 3]


@pytest.mark.parametrize("width", [1, 2, 3, 4, 9])
def test_factorize_of_string_arrays_by_hashing(width: int) -> None:
    names = np.array(["b" * width, " a", "a" * width, "b" * width, "é🎵"[: max(1, width - 1)], "a" * width])
    vocabulary, codes = _journeys.factorize(names, "channel")
    expected = sorted({name.strip() for name in names.tolist()})
    assert vocabulary == tuple(expected)
    assert [vocabulary[code] for code in codes.tolist()] == [name.strip() for name in names.tolist()]


@pytest.mark.parametrize("size", [3, 10_000])
def test_factorize_when_string_keys_collide(size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Two words each; without mixing only the last counts. In 10,000 values, the one "yyab" is at a
    # position the binary search's sample skips.
    names = np.array(["xxab"] * size)
    names[size // 2 + 1 if size > 3 else 1] = "yyab"
    monkeypatch.setattr(_journeys, "_MIX", 0)
    assert _journeys._group_strings(names) is None
    vocabulary, codes = _journeys.factorize(names, "channel")
    assert vocabulary == ("xxab", "yyab")
    assert codes.tolist() == (names == "yyab").astype(int).tolist()


# --- from_touchpoints ---------------------------------------------------------------------------------

CHANNELS = ("email", "search", "social", "direct")


def reference_touchpoints(
    ids: list[object],
    channels: list[str],
    *,
    time: list[float] | None,
    converted: list[float] | None,
    value: list[float] | None,
    conversion_time: list[float] | None,
    split: bool,
    lookback: float | None,
) -> dict[str, object]:
    """What from_touchpoints documents, one row at a time."""
    n = len(ids)
    vocabulary = sorted(set(channels))
    code = {name: index for index, name in enumerate(vocabulary)}
    marks = [1.0] * n if converted is None else [float(mark) for mark in converted]
    amounts = [0.0] * n if value is None else list(value)
    stamps = None
    if time is not None:
        given_times = conversion_time if conversion_time is not None else [math.nan] * n
        stamps = [time[i] if math.isnan(given_times[i]) else given_times[i] for i in range(n)]
    id_rank = {key: rank for rank, key in enumerate(sorted(set(ids)))}

    def key(row: int) -> tuple[object, ...]:
        if time is None:
            return (id_rank[ids[row]], row)
        assert stamps is not None
        converting = converted is not None and marks[row] > 0
        return (
            id_rank[ids[row]],
            time[row],
            converting,
            code[channels[row]],
            marks[row],
            amounts[row],
            stamps[row],
        )

    journeys = _reference_cut(
        sorted(range(n), key=key), ids, marks if converted is not None else None, split=split
    )
    result: dict[str, list[object]] = {name: [] for name in ("codes", "lengths", "conversions", "values")}
    result |= {"times": [], "conversion_times": []}
    for rows in journeys:
        total = sum(marks[r] for r in rows) if converted is not None else 1.0
        converting = [r for r in rows if converted is None or marks[r] > 0]
        when = max(stamps[r] for r in converting) if stamps is not None and total > 0 else math.nan
        worth = sum(amounts[r] for r in rows)  # before the lookback: the journey keeps its value
        kept = rows
        if lookback is not None and time is not None:
            reference = when if total > 0 else time[rows[-1]]
            kept = [r for r in rows if time[r] >= reference - lookback]
        if kept:
            result["codes"] += [code[channels[r]] for r in kept]
            result["lengths"].append(len(kept))
            result["conversions"].append(total)
            result["values"].append(worth)
            result["times"] += [] if time is None else [time[r] for r in kept]
            result["conversion_times"].append(when)
    return result | {"channels": tuple(vocabulary)}


def _reference_cut(
    order: list[int], ids: list[object], marks: list[float] | None, *, split: bool
) -> list[list[int]]:
    """Sorted rows cut into journeys: a new one per id, and after the id's last (or every) conversion."""
    journeys: list[list[int]] = []
    for position, row in enumerate(order):
        previous = order[position - 1] if position else None
        if previous is None or ids[previous] != ids[row]:
            journeys.append([])
        elif marks is not None and marks[previous] > 0:
            later = [r for r in order[position:] if ids[r] == ids[row] and marks[r] > 0]
            if split or not later:
                journeys.append([])
        journeys[-1].append(row)
    return journeys


@st.composite
def touch_tables(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(1, 40))
    ids = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
    channels = draw(st.lists(st.sampled_from(CHANNELS), min_size=n, max_size=n))
    timed = draw(st.booleans())
    # Few distinct times, so that touches of one journey often tie.
    times = draw(st.lists(st.integers(-3, 3).map(float), min_size=n, max_size=n)) if timed else None
    converted = draw(
        st.none() | st.lists(st.sampled_from([0.0, 0.0, 0.0, 1.0, 2.0, 0.5]), min_size=n, max_size=n)
    )
    value = None
    if converted is not None and draw(st.booleans()):
        # Multiples of 1/4: sums are exact in any order, so the reference may add row by row.
        value = [draw(st.integers(0, 400)) / 4.0 if mark > 0 else 0.0 for mark in converted]
    conversion_time = None
    if timed and draw(st.booleans()):
        assert times is not None
        conversion_time = [t + draw(st.sampled_from([0.0, 0.5, math.nan])) for t in times]
    split = converted is not None and draw(st.booleans())
    lookback = draw(st.sampled_from([None, 0.5, 2.0, 100.0])) if timed else None
    return {
        "ids": ids,
        "channels": channels,
        "time": times,
        "converted": converted,
        "value": value,
        "conversion_time": conversion_time,
        "split": split,
        "lookback": lookback,
    }


def build(table: dict[str, object], order: np.ndarray | None = None, *, ids: object = None) -> Journeys:
    def column(name: str) -> object:
        values = table[name]
        if values is None or order is None:
            return values
        return np.asarray(values)[order]

    return Journeys.from_touchpoints(
        column("ids") if ids is None else ids,
        column("channels"),
        time=column("time"),
        converted=column("converted"),
        value=column("value"),
        conversion_time=column("conversion_time"),
        split_at_conversions=bool(table["split"]),
        lookback=table["lookback"],  # type: ignore[arg-type]
    )


def assert_matches(built: Journeys, expected: dict[str, object], *, timed: bool) -> None:
    assert built.channels == expected["channels"]
    assert built.codes.tolist() == expected["codes"]
    assert np.diff(built.offsets).tolist() == expected["lengths"]
    assert built.conversions.tolist() == expected["conversions"]
    assert built.nulls.tolist() == [float(c == 0) for c in expected["conversions"]]  # type: ignore[union-attr]
    assert built.values.tolist() == expected["values"]
    if timed:
        assert built.times is not None
        assert built.conversion_times is not None
        assert built.times.tolist() == expected["times"]
        np.testing.assert_array_equal(built.conversion_times, np.array(expected["conversion_times"]))
    else:
        assert built.times is None


@given(touch_tables(), st.randoms(use_true_random=False))
def test_from_touchpoints_matches_the_row_by_row_reference(table: dict[str, object], random: object) -> None:
    expected = reference_touchpoints(
        table["ids"],  # type: ignore[arg-type]
        table["channels"],  # type: ignore[arg-type]
        time=table["time"],  # type: ignore[arg-type]
        converted=table["converted"],  # type: ignore[arg-type]
        value=table["value"],  # type: ignore[arg-type]
        conversion_time=table["conversion_time"],  # type: ignore[arg-type]
        split=bool(table["split"]),
        lookback=table["lookback"],  # type: ignore[arg-type]
    )
    timed = table["time"] is not None
    built = build(table)
    assert_matches(built, expected, timed=timed)
    # Strings as ids (sorted like the integers they spell, zero-padded) give the same journeys.
    names = np.array([f"user{i:03d}" for i in table["ids"]])  # type: ignore[attr-defined]
    assert build(table, ids=names) == built
    if timed:
        # With times, the row order never matters.
        order = np.arange(len(table["ids"]))  # type: ignore[arg-type]
        random.shuffle(order)  # type: ignore[attr-defined]
        assert build(table, order) == built


def test_from_touchpoints_sums_three_conversions_of_one_journey_like_reduceat() -> None:
    # A journey with three converting touches: numpy's reduceat adds 0.1 + (0.2 + 0.3) = 0.6, where
    # adding row by row would give 0.6000000000000001; the sums stay those of reduceat.
    column = np.array([0.1, 0.2, 0.3, 0.4])
    built = Journeys.from_touchpoints(
        [1, 1, 1, 2], ["email"] * 4, time=np.arange(4.0), converted=column > 0, value=column
    )
    added = float(np.add.reduceat(column[:3], [0])[0])
    assert added != sum(column[:3].tolist())
    assert built.values.tolist() == [added, 0.4]
    assert built.conversions.tolist() == [3.0, 1.0]


@pytest.mark.parametrize("close", [2, 40])
def test_from_touchpoints_orders_touches_closer_than_the_packed_time_bits(close: int) -> None:
    # Times from -1e300 to 1e300 leave the packed sort only the top bits of each time: touches of one
    # customer a few units in the last place apart share them and are put in order by their exact
    # times (two of them among 100 rows), or all rows are sorted by an argsort of the times first
    # (forty of them: too many).
    near = [1.0 + step * float(np.spacing(1.0)) for step in range(close)]
    fillers = 100 - close - 3
    times = np.array([*near[::-1], -1e300, 1e300, 3.0, *np.linspace(10.0, 1e6, fillers)])
    ids = np.array([0] * close + [1, 1, 0] + [2] * fillers)
    names = [f"c{step % 3}" for step in range(close)]
    channels = np.array([*names[::-1], "a", "b", "z"] + ["f"] * fillers)
    order = np.random.default_rng(close).permutation(times.size)
    built = Journeys.from_touchpoints(ids[order], channels[order], time=times[order])
    assert built.times is not None
    assert built.times.tolist()[: close + 3] == [*near, 3.0, -1e300, 1e300]
    assert built.to_paths()[0].split(" > ") == [*names, "z"]


def test_from_touchpoints_where_nothing_converts() -> None:
    built = Journeys.from_touchpoints([1, 0, 1], ["a", "b", "c"], time=[2.0, -1.0, -3.0], converted=[0, 0, 0])
    assert built.to_paths() == ["b", "c > a"]
    assert built.conversions.tolist() == [0.0, 0.0]
    assert built.conversion_times is not None
    assert np.isnan(built.conversion_times).all()


def test_from_touchpoints_with_ids_far_apart() -> None:
    # Ids 2**40 - 1 apart leave no room for the times in one packed key: an argsort of the times first.
    rng = np.random.default_rng(5)
    ids = (rng.integers(0, 2, size=100) * (2**40 - 1)).tolist()
    channels = rng.choice(list(CHANNELS), size=100).tolist()
    times = rng.permutation(100).astype(float).tolist()
    converted = (rng.random(100) < 0.2).astype(float).tolist()
    built = Journeys.from_touchpoints(ids, channels, time=times, converted=converted)
    expected = reference_touchpoints(
        ids,
        channels,
        time=times,
        converted=converted,
        value=None,
        conversion_time=None,
        split=False,
        lookback=None,
    )
    assert_matches(built, expected, timed=True)


def test_from_touchpoints_with_time_zone_aware_times() -> None:
    stamps = pd.Series(pd.to_datetime([3, 1, 2, 1], unit="h").tz_localize("Europe/Paris"))
    built = Journeys.from_touchpoints(
        ["b", "a", "a", "b"], ["x", "y", "x", "y"], time=stamps, converted=[1, 0, 1, 0]
    )
    seconds = (stamps.dt.tz_convert("UTC").dt.tz_localize(None) - pd.Timestamp(0)).dt.total_seconds()
    expected = Journeys.from_touchpoints(
        ["b", "a", "a", "b"], ["x", "y", "x", "y"], time=seconds.to_numpy(), converted=[1, 0, 1, 0]
    )
    assert built == expected
    assert built.to_paths() == ["y > x", "y > x"]


def test_from_touchpoints_of_sorted_rows_without_times_keeps_their_order() -> None:
    built = Journeys.from_touchpoints([0, 0, 1, 1, 1], ["b", "a", "c", "a", "b"])
    assert built.to_paths() == ["b > a", "c > a > b"]
    assert built.conversions.tolist() == [1.0, 1.0]


def test_from_touchpoints_without_conversions_column_but_with_values() -> None:
    built = Journeys.from_touchpoints([0, 0, 1], ["a", "b", "a"], value=[1.0, 2.0, 4.0], time=[2.0, 1.0, 0.0])
    assert built.to_paths() == ["b > a", "a"]
    assert built.values.tolist() == [3.0, 4.0]
    assert built.conversion_times is not None
    assert built.conversion_times.tolist() == [2.0, 0.0]


# --- Markov ---------------------------------------------------------------------------------------------


def random_journeys(seed: int, *, channels: int = 8, size: int = 4000, stay: float = 0.6) -> Journeys:
    rng = np.random.default_rng(seed)
    lengths = 1 + rng.geometric(1.0 - stay, size=size)
    codes = rng.integers(0, channels, size=int(lengths.sum()))
    converted = rng.random(size) < 0.3
    return Journeys(
        channels=tuple(f"c{i}" for i in range(channels)),
        codes=codes,
        offsets=np.concatenate([[0], np.cumsum(lengths)]),
        conversions=converted.astype(float) * rng.integers(1, 4, size=size),
        nulls=(~converted).astype(float) * rng.integers(1, 4, size=size),
        values=np.where(converted, rng.gamma(2.0, 40.0, size=size), 0.0),
    )


def dense(statistics: MarkovStatistics, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(_markov, "_ITERATIVE_STATES", 10**9)
        return _markov._solve_removals(statistics, "null", 10**6)


@pytest.mark.parametrize(("seed", "order"), [(0, 3), (1, 3), (2, 4)])
def test_iterative_removals_equal_the_dense_solves(
    seed: int, order: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = random_journeys(seed, channels=6 if order == 4 else 8)
    statistics = Markov(order=order).statistics(data)
    assert statistics.n_states > _markov._ITERATIVE_STATES
    iterated = _markov._iterate_removals(statistics)
    solved = dense(statistics, monkeypatch)
    assert iterated is not None
    for name in ("removed_probability", "removed_value"):
        np.testing.assert_allclose(getattr(iterated, name), getattr(solved, name), rtol=1e-13, atol=0)
    assert iterated.probability == pytest.approx(solved.probability, rel=1e-14)  # type: ignore[attr-defined]
    assert iterated.value == pytest.approx(solved.value, rel=1e-14)  # type: ignore[attr-defined]
    # And the model's credits (which take the iterative route) equal the dense ones.
    result = Markov(order=order).credits(statistics)
    effects = 1.0 - solved.removed_probability / solved.probability  # type: ignore[attr-defined]
    np.testing.assert_allclose(result.extras["removal_effects"], effects, rtol=1e-12)


def test_slowly_absorbing_chains_are_solved_densely(monkeypatch: pytest.MonkeyPatch) -> None:
    data = random_journeys(3, stay=0.97, size=3000)
    statistics = Markov(order=3).statistics(data)
    assert _markov._iterate_removals(statistics) is None
    result = Markov(order=3).credits(statistics)
    solved = dense(statistics, monkeypatch)
    effects = 1.0 - solved.removed_probability / solved.probability  # type: ignore[attr-defined]
    np.testing.assert_array_equal(result.extras["removal_effects"], effects)


def test_iteration_declines_a_state_without_outflow() -> None:
    statistics = MarkovStatistics(
        channels=("a",),
        order=1,
        states=[[-1], [0]],
        sources=[0],
        targets=[1],
        counts=[1.0],
        conversions=[0.0, 0.0],
        nulls=[0.0, 0.0],
        values=[0.0, 0.0],
    )
    assert _markov._iterate_removals(statistics) is None


def test_iteration_of_a_chain_without_transitions() -> None:
    statistics = MarkovStatistics(
        channels=("a",),
        order=1,
        states=[[-1]],
        sources=np.zeros(0, dtype=np.int64),
        targets=np.zeros(0, dtype=np.int64),
        counts=np.zeros(0),
        conversions=[1.0],
        nulls=[1.0],
        values=[4.0],
    )
    solution = _markov._iterate_removals(statistics)
    assert solution is not None
    assert (solution.probability, solution.value) == (0.5, 2.0)
    assert solution.removed_probability.tolist() == [0.5]
