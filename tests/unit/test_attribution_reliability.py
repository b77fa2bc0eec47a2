"""Regression tests of the attribution findings of the reliability issue (one test per finding)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import re
import warnings
from typing import Any

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given

from socialroi.attribution import (
    Attribution,
    AttributionIntervals,
    ChannelROAS,
    Credits,
    CreditSums,
    CustomWeights,
    Journeys,
    LastNonDirect,
    LastTouch,
    Linear,
    Markov,
    MarkovStatistics,
    OrderSelection,
    Shapley,
    ShapleyStatistics,
    TimeDecay,
    TransitionMatrix,
    attribute,
    bootstrap,
    compare,
)
from socialroi.exceptions import InvalidInputError, MissingDataError

JOURNEYS = Journeys.from_touchpoints(
    ["u", "u", "v", "w", "w"],
    ["email", "search", "social", "social", "email"],
    time=[0.0, 3600.0, 10.0, 0.0, 7200.0],
    converted=[0, 1, 0, 0, 1],
    value=[0.0, 30.0, 0.0, 0.0, 20.0],
)


def _results() -> list[object]:
    markov = Markov()
    shapley = Shapley(ordered=True)
    attribution = attribute(JOURNEYS, markov)
    return [
        JOURNEYS,
        LastTouch().statistics(JOURNEYS),
        markov.statistics(JOURNEYS),
        shapley.statistics(JOURNEYS),
        markov.credits(markov.statistics(JOURNEYS)),
        markov.statistics(JOURNEYS).transition_matrix(),
        Markov.select_order(JOURNEYS, max_order=2),
        attribution,
        attribute(JOURNEYS, shapley),
        compare(JOURNEYS),
        bootstrap(JOURNEYS, TimeDecay(), n=5, spend={"email": 10.0, "tv": 5.0}),
        attribution.roas({"email": 10.0, "search": 0.0}, zero_division=float("inf")),
    ]


def _plain(value: object) -> object:
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else repr(value)


@pytest.mark.parametrize("result", _results(), ids=lambda result: type(result).__name__)
def test_every_public_result_pickles_and_deep_copies(result: object) -> None:
    # Was: cannot pickle 'mappingproxy' (extras of Attribution, comparisons and intervals).
    for twin in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):  # noqa: S301  # our own bytes
        assert type(twin) is type(result)
        assert _plain(twin) == _plain(result)
        if type(result).__eq__ is not object.__eq__:
            assert twin == result


def test_records_compare_by_value_through_one_array_equality() -> None:
    stats = Shapley().statistics(JOURNEYS)
    assert stats == Shapley().statistics(JOURNEYS)
    assert stats != Shapley(ordered=True).statistics(JOURNEYS)
    assert Markov().statistics(JOURNEYS) != Markov(order=2).statistics(JOURNEYS)
    assert (
        Journeys.from_touchpoints(
            ["u", "u", "v", "w", "w"],
            ["email", "search", "social", "social", "email"],
            time=[0.0, 3600.0, 10.0, 0.0, 7200.0],
            converted=[0, 1, 0, 0, 1],
            value=[0.0, 30.0, 0.0, 0.0, 20.0],
        )
        == JOURNEYS
    )
    assert JOURNEYS[[0, 1]] != JOURNEYS
    with pytest.raises(TypeError):
        hash(JOURNEYS)


def test_whole_numbers_of_any_integral_type() -> None:
    # Was: Markov(order=np.int64(2)) raised.
    model = Markov(order=np.int64(2), max_states=np.int32(50))
    assert model.order == 2
    assert type(model.order) is int
    assert Shapley(max_channels=np.int64(5), sampling=np.uint8(10)).sampling == 10


def test_skip_removal_loses_a_closed_loop_instead_of_a_singular_matrix() -> None:
    # Without c, a and b only move to each other: nothing leaves the loop, so it goes to NULL and
    # P(-c) = 0 (RE_c = 1); without a (or b) the other converts as often as before (RE = 0).
    journeys = Journeys.from_paths(["a > b > c", "b > a > c"], conversions=[1, 0], nulls=[0, 1])
    result = attribute(journeys, Markov(removal="skip"))
    np.testing.assert_allclose(result.extras["removal_effects"], [0.0, 0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(result.conversions, [0.0, 0.0, 1.0], atol=1e-15)


def test_skip_removal_gives_no_negative_credit() -> None:
    # Was: 48 and -40 of 8 conversions. Skipping b raises the conversion probability (RE_b < 0), so b
    # earns nothing and a earns every conversion.
    journeys = Journeys.from_paths(
        ["a > b", "b > a", "a", "b > b > a"], conversions=[1, 5, 0, 2], nulls=[9, 0, 4, 1]
    )
    result = attribute(journeys, Markov(removal="skip"))
    effects = result.extras["removal_effects"]
    assert isinstance(effects, np.ndarray)
    assert effects[0] > 0 > effects[1]
    assert result.conversions.tolist() == [8.0, 0.0]


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from("abc"), min_size=1, max_size=4),
            st.integers(0, 5),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 2),
)
def test_skip_credits_are_never_negative_and_add_up(
    rows: list[tuple[list[str], int, int]], order: int
) -> None:
    journeys = Journeys.from_paths(
        [path for path, _, _ in rows],
        conversions=[c for _, c, _ in rows],
        nulls=[m for _, _, m in rows],
    )
    result = _skip_credits(journeys, order)
    if result is not None:
        assert (result.conversions >= 0).all()
        assert result.conversions.sum() == pytest.approx(journeys.total_conversions, abs=1e-9)


def _skip_credits(journeys: Journeys, order: int) -> Attribution | None:
    """Skip-removal credits, or ``None`` for the documented error (no channel has a positive effect)."""
    model = Markov(order=order, removal="skip", allow_all_converting=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # every journey converts: allowed here
            return attribute(journeys, model)
    except InvalidInputError as error:
        if "no channel has a positive conversion removal effect" not in str(error):
            raise
        return None


def test_custom_weights_do_not_overflow() -> None:
    # Was: 0 of 3 conversions (the sum of three 1e308 weights is inf).
    journeys = Journeys.from_paths(["a > b > c"], conversions=[3])
    np.testing.assert_allclose(attribute(journeys, CustomWeights((1e308,) * 3)).conversions, [1.0, 1.0, 1.0])
    huge = attribute(journeys, CustomWeights(lambda n: [1e308] * n))
    np.testing.assert_allclose(huge.conversions, [1.0, 1.0, 1.0])


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (
            np.array([2**32, 1]),
            "'codes' must be whole numbers from -2147483648 to 2147483647 (got 4294967296 at index 0)",
        ),
        (np.array([True, False]), "'codes' must be whole numbers (int32) (got dtype bool)"),
    ],
)
def test_codes_that_would_wrap_or_are_bools_are_refused(codes: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Journeys(
            channels=("a", "b"), codes=codes, offsets=[0, 2], conversions=[1.0], nulls=[0.0], values=[0.0]
        )


def test_bootstrap_names_a_resample_without_non_conversions() -> None:
    # Was: "every journey converts" although the journeys have a non-conversion.
    journeys = Journeys.from_paths(["a > b", "b", "a"], conversions=[10, 10, 10], nulls=[1, 0, 0])
    message = "resample 2 of 50 drew no non-converting journeys (1 of 31 occurrences do not convert)"
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}"):
        bootstrap(journeys, Markov(), n=50)


def test_bootstrap_of_huge_counts() -> None:
    # Was: numpy's "lam value too large"; huge means are drawn from the normal approximation.
    journeys = Journeys.from_paths(["a > b", "b", "a"], conversions=[1e300, 1, 2], nulls=[1e20, 1, 0])
    for model in (LastTouch(), Markov()):
        result = bootstrap(journeys, model, n=4)
        replicates = result.replicates("conversions")
        assert np.isfinite(replicates).all()
        np.testing.assert_allclose(replicates.sum(axis=1), 1e300, rtol=1e-9)
    with pytest.raises(InvalidInputError, match=r"^multinomial weights need fewer than 2\*\*62 occurrences"):
        bootstrap(journeys, LastTouch(), n=4, weights="multinomial")


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        ("12", "'channels' must be a sequence (got '12')"),
        ((float("nan"), "b"), "'channels[0]' must be a string (got nan)"),
        (("a", "a"), "'channels' must be distinct (got 'a' twice)"),
        (("a", " "), "'channels[1]' must be a non-empty string (got ' ')"),
    ],
)
def test_an_invalid_attribution_does_not_exist(channels: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Attribution(model="m", channels=channels, conversions=[1.0, 2.0], value=[0.0, 0.0])


def test_attribution_results_refuse_inconsistent_fields() -> None:
    with pytest.raises(
        InvalidInputError, match=r"^'conversions' must have one value per channel \(2\) \(got 1\)$"
    ):
        Attribution(model="m", channels=("a", "b"), conversions=[1.0], value=[0.0, 0.0])
    with pytest.raises(
        InvalidInputError, match=r"^'extras' must be a mapping with string keys \(got \{1: 2\}\)$"
    ):
        Attribution(model="m", channels=("a",), conversions=[1.0], value=[0.0], extras={1: 2})  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError, match=r"^'model' must be a non-empty string \(got ''\)$"):
        Credits(channels=("a",), conversions=[1.0], value=[0.0]) and Attribution(
            model="", channels=("a",), conversions=[1.0], value=[0.0]
        )


def test_memory_is_estimated_before_a_huge_shapley_table() -> None:
    # Was: 2**40 subsets (8 TiB) allocated until MemoryError.
    names = [f"c{i:02d}" for i in range(40)]
    journeys = Journeys.from_paths([names, ["c00"]], conversions=[1, 1], nulls=[1, 1])
    message = r"^'max_channels' = 40 would need about 80.0 TiB of memory, more than the 8\.0 GiB"
    with pytest.raises(InvalidInputError, match=message):
        attribute(journeys, Shapley(max_channels=40))
    with pytest.raises(InvalidInputError, match=r"^'sampling' = 1000000000 would need about 2\.9 TiB"):
        attribute(journeys, Shapley(max_channels=20, sampling=10**9))


def test_memory_is_estimated_before_a_huge_bootstrap() -> None:
    with pytest.raises(InvalidInputError, match=r"^'n' = 1000000000 would need about 134\.1 GiB"):
        bootstrap(JOURNEYS, LastTouch(), n=10**9)


def test_memory_is_estimated_before_a_huge_markov_chain() -> None:
    # 20,000 channels: 20,001 states, six dense 20,003 x 20,003 float64 matrices.
    names = [f"c{i}" for i in range(20_000)]
    journeys = Journeys.from_paths(names, conversions=np.ones(20_000), nulls=np.ones(20_000))
    with pytest.raises(InvalidInputError, match=r"^'max_states' = 1000000000 would need about 17\.9 GiB"):
        attribute(journeys, Markov(max_states=10**9))


def test_order_selection_without_any_score() -> None:
    # Was: IndexError. Every held-out score NaN: no best order, said so; to_dict stays strict JSON.
    nan = float("nan")
    selection = OrderSelection(
        orders=(1, 2), criterion="holdout", scores=(nan, nan), log_likelihoods=(0.0, 0.0), parameters=(1, 2)
    )
    with pytest.raises(MissingDataError, match=r"^no order has a score \(every holdout score is NaN\)"):
        _ = selection.best
    plain = selection.to_dict()
    assert plain["best"] is None
    assert plain["scores"] == [None, None]
    json.dumps(plain, allow_nan=False)
    partly = OrderSelection(
        orders=(1, 2), criterion="bic", scores=(nan, 3.0), log_likelihoods=(0.0, 0.0), parameters=(1, 2)
    )
    assert partly.best == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"converted": ["yes", "no"]},
            "'converted' must be a number or an array of numbers (got array(['yes', 'no'], dtype='<U3'))",
        ),
        ({"time": 5.0}, "'time' must be a column with one value per row (got 5.0)"),
        ({"value": "ab"}, "'value' must be a column with one value per row (got 'ab')"),
        ({"time": np.array(3.0)}, "'time' must be a column with one value per row (got array(3.))"),
        (
            {"split_at_conversions": "no", "converted": [1, 0]},
            "'split_at_conversions' must be True or False (got 'no')",
        ),
        (
            {"time": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2, tzinfo=dt.UTC)]},  # noqa: DTZ001
            "'time' must be all time-zone-aware or all naive datetimes (got datetime.datetime(2024, 1, 2, 0, 0, tzinfo=datetime.timez... at index 1)",
        ),
    ],
)
def test_from_touchpoints_refuses_what_is_not_a_column(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Journeys.from_touchpoints(["u", "u"], ["a", "b"], **options)


def test_touch_and_conversion_times_are_both_aware_or_both_naive() -> None:
    # Was: a naive conversion time was read as UTC against aware touch times, silently.
    aware = [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)] * 2
    naive = [dt.datetime(2024, 1, 3)] * 2  # noqa: DTZ001

    def journeys(time: Any, conversion_time: Any) -> Journeys:
        return Journeys.from_touchpoints(
            ["u", "u"], ["a", "b"], time=time, converted=[0, 1], conversion_time=conversion_time
        )

    wanted = "'conversion_time' must be time-zone-aware datetimes, like 'time' (got naive datetimes)"
    for time in (aware, pd.Series(aware), pl.Series(aware)):
        with pytest.raises(InvalidInputError, match=f"^{re.escape(wanted)}$"):
            journeys(time, naive)
    wanted = "'conversion_time' must be naive datetimes, like 'time' (got time-zone-aware datetimes)"
    for time in (pd.Series(naive), np.array([dt.date(2024, 1, 1)] * 2, dtype=object)):
        with pytest.raises(InvalidInputError, match=f"^{re.escape(wanted)}$"):
            journeys(time, aware)
    assert journeys(aware, pd.Series(aware)).conversion_times.tolist() == [1704067200.0]  # type: ignore[union-attr]
    assert journeys(naive, naive).conversion_times.tolist() == [1704240000.0]  # type: ignore[union-attr]
    assert journeys([0.0, 1.0], aware).conversion_times.tolist() == [1704067200.0]  # type: ignore[union-attr]  # seconds


def test_from_touchpoints_reads_generator_columns() -> None:
    journeys = Journeys.from_touchpoints(
        (user for user in ["u", "u", "v"]),
        (channel for channel in ["a", "b", "a"]),
        time=(float(t) for t in range(3)),
        converted=(flag for flag in [False, True, False]),
    )
    assert journeys.to_paths() == ["a > b", "a"]
    assert journeys.conversions.tolist() == [1.0, 0.0]
    aware = [dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 1, 2, tzinfo=dt.UTC)]
    timed = Journeys.from_touchpoints(["u", "u"], ["a", "b"], time=np.array(aware, dtype=object))
    assert timed.times is not None
    assert timed.times.tolist() == [1704067200.0, 1704153600.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: attribute(JOURNEYS, "x"),
            "'model' must be an attribution model (with name, statistics and credits) (got 'x')",
        ),
        (
            lambda: bootstrap(JOURNEYS, "x"),
            "'model' must be an attribution model (with name, statistics and credits) (got 'x')",
        ),
        (
            lambda: compare(JOURNEYS, models="x"),
            "'models' must be a collection of attribution models (got 'x')",
        ),
        (lambda: compare(JOURNEYS, models=5), "'models' must be a collection of attribution models (got 5)"),
        (
            lambda: compare(JOURNEYS, models=[LastTouch(), "x"]),
            "'models[1]' must be an attribution model (with name, statistics and credits) (got 'x')",
        ),
    ],
)
def test_a_string_is_not_a_model(call: Any, message: str) -> None:
    # Was: AttributeError: 'str' object has no attribute 'name'.
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        call()


def test_to_dict_is_strict_json_everywhere() -> None:
    # Was: NaN shares, NaN spend and infinite CPA in to_dict().
    nothing = Journeys.from_paths(["a", "b"], conversions=[0, 0], nulls=[1, 1])
    empty = attribute(nothing, LastTouch())
    assert empty.to_dict()["shares"] == {"a": None, "b": None}
    table = attribute(JOURNEYS, LastTouch()).roas({"email": 0.0, "search": 10.0}, zero_division=float("inf"))
    assert table.to_dict()["channels"]["social"]["spend"] is None
    intervals = bootstrap(nothing, LastTouch(), n=3, spend={"a": 0.0})
    assert intervals.to_dict()["share"]["a"] == {"estimate": None, "low": None, "high": None}
    comparison = compare(nothing, models=[LastTouch(), Linear(level="touch")])
    for result in (empty, table, intervals, comparison, attribute(JOURNEYS, Markov()), compare(JOURNEYS)):
        json.dumps(result.to_dict(), allow_nan=False)


def test_statistics_refuse_inconsistent_arrays() -> None:
    with pytest.raises(InvalidInputError, match=r"^'counts' must have one value per set \(1\) \(got 2\)$"):
        ShapleyStatistics(channels=("a",), sets=[1], counts=[1.0, 2.0], conversions=[1.0], values=[0.0])
    with pytest.raises(InvalidInputError, match=r"^'sets' must be bit masks of the 1 channels \(got 2\)$"):
        ShapleyStatistics(channels=("a",), sets=[2], counts=[1.0], conversions=[1.0], values=[0.0])
    with pytest.raises(
        InvalidInputError, match=r"^'paths', 'path_conversions' and 'path_values' must be given"
    ):
        ShapleyStatistics(
            channels=("a",), sets=[1], counts=[1.0], conversions=[1.0], values=[0.0], paths=[[0]]
        )
    with pytest.raises(
        InvalidInputError, match=r"^'path_values' must have one value per path \(1\) \(got 2\)$"
    ):
        ShapleyStatistics(
            channels=("a",),
            sets=[1],
            counts=[1.0],
            conversions=[1.0],
            values=[0.0],
            paths=[[0]],
            path_conversions=[1.0],
            path_values=[1.0, 2.0],
        )
    with pytest.raises(
        InvalidInputError, match=r"^'paths' must be channel codes from -1 to 0 \(got \[\[3\]\]\)$"
    ):
        ShapleyStatistics(
            channels=("a",),
            sets=[1],
            counts=[1.0],
            conversions=[1.0],
            values=[0.0],
            paths=[[3]],
            path_conversions=[1.0],
            path_values=[1.0],
        )
    good: dict[str, Any] = {
        "channels": ("a",),
        "order": 1,
        "states": [[-1], [0]],
        "sources": [0],
        "targets": [1],
        "counts": [1.0],
        "conversions": [0.0, 1.0],
        "nulls": [0.0, 0.0],
        "values": [0.0, 0.0],
    }
    MarkovStatistics(**good)
    for change, message in [
        (
            {"states": [[-1, -1]]},
            r"^'states' must be an \(n_states, order\) = \(>= 1, 1\) matrix \(got shape \(1, 2\)\)$",
        ),
        ({"states": [[-1], [4]]}, r"^'states' must be channel codes from -1 to 0"),
        ({"counts": [1.0, 2.0]}, r"^'counts' must have one value per transition \(1\) \(got 2\)$"),
        ({"nulls": [0.0]}, r"^'nulls' must have one value per state \(2\) \(got 1\)$"),
        ({"targets": [5]}, r"^'targets' must be state rows from 0 to 1 \(got 5\)$"),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            MarkovStatistics(**{**good, **change})
    with pytest.raises(InvalidInputError, match=r"^'probabilities' must be a 2 x 2 matrix"):
        TransitionMatrix(states=("CONV", "NULL"), probabilities=[[1.0]])
    with pytest.raises(InvalidInputError, match=r"^'scores' must have one value per order \(1\) \(got 2\)$"):
        OrderSelection(
            orders=(1,), criterion="bic", scores=(1.0, 2.0), log_likelihoods=(0.0,), parameters=(1,)
        )
    with pytest.raises(InvalidInputError, match=r"^'orders' must be at least one order \(got \(\)\)$"):
        OrderSelection(orders=(), criterion="bic", scores=(), log_likelihoods=(), parameters=())


def test_interval_and_roas_records_refuse_inconsistent_fields() -> None:
    estimate = attribute(JOURNEYS, LastTouch())
    good: dict[str, Any] = {
        "estimate": estimate,
        "channels": estimate.channels,
        "level": 0.9,
        "weights": "poisson",
        "replicates_conversions": np.zeros((2, 3)),
        "replicates_value": np.zeros((2, 3)),
    }
    AttributionIntervals(**good)
    with pytest.raises(
        InvalidInputError, match=r"^'replicates_value' must have the shape of 'replicates_conversions'"
    ):
        AttributionIntervals(**{**good, "replicates_value": np.zeros((3, 3))})
    with pytest.raises(InvalidInputError, match=r"^'channels' must start with the estimate's channels"):
        AttributionIntervals(**{**good, "channels": ("x", "y", "z")})
    with pytest.raises(InvalidInputError, match=r"^'spend' must have one value per channel \(3\) \(got 1\)$"):
        AttributionIntervals(**{**good, "spend": [1.0]})
    with pytest.raises(InvalidInputError, match=r"^'cpa' must have one value per channel \(1\) \(got 2\)$"):
        ChannelROAS(
            model="m",
            channels=("a",),
            spend=[1.0],
            conversions=[1.0],
            value=[1.0],
            roas=[1.0],
            cpa=[1.0, 2.0],
        )
    assert (
        CreditSums(model="m", channels=("a",), conversions=[1.0], value=[1.0], journeys=np.int64(3)).journeys
        == 3
    )


def test_durations_of_any_kind() -> None:
    day = 86_400.0
    assert TimeDecay(half_life=np.timedelta64(1, "D")).half_life == day
    assert TimeDecay(half_life=dt.timedelta(hours=1), lookback=np.int64(60)).lookback == 60.0
    assert LastNonDirect(direct=[" direct ", "organic"]).direct == frozenset({"direct", "organic"})
    with pytest.raises(InvalidInputError, match=r"^'direct\[1\]' must be a non-empty string \(got ''\)$"):
        LastNonDirect(direct=["direct", ""])


def test_array_fields_refuse_what_is_no_array_of_their_numbers() -> None:
    good: dict[str, Any] = {
        "channels": ("a",),
        "sets": [1],
        "counts": [1.0],
        "conversions": [1.0],
        "values": [0.0],
    }
    for change, message in [
        (
            {"counts": [[1.0], [1.0, 2.0]]},
            r"^'counts' must be a one-dimensional array of numbers \(got \[\[1\.0\], \[1\.0, 2\.0\]\]\)$",
        ),
        (
            {"sets": np.array([2**64 - 1], dtype=np.uint64)},
            r"^'sets' must be a one-dimensional array of numbers",
        ),
        ({"sets": np.array([1.5])}, r"^'sets' must be a one-dimensional array of numbers \(got \[1\.5\]\)$"),
        ({"sets": [1e300]}, r"^'sets' must be a one-dimensional array of numbers \(got \[1e\+300\]\)$"),
        (
            {"paths": [[2**40]], "path_conversions": [1.0], "path_values": [0.0]},
            r"^'paths' must be a two-dimensional",
        ),
    ]:
        with pytest.raises(InvalidInputError, match=message):
            ShapleyStatistics(**{**good, **change})
    extras = attribute(JOURNEYS, Markov()).extras
    assert len(extras) == 6
    assert repr(extras).startswith("ReadOnlyMapping({'removal_effects'")
