"""Journeys: the CSR container, its builders, selection, aggregation and every validation error."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import numpy as np
import pandas as pd
import polars as pl
import pytest

from socialroi.attribution import (
    Journeys,
    LastNonDirect,
    LastTouch,
    Linear,
    PositionBased,
    TimeDecay,
    attribute,
)
from socialroi.attribution._journeys import _dense_codes, _pack_sort, factorize, seconds
from socialroi.exceptions import InvalidInputError

DAY = 86_400.0


def journeys(**overrides):
    fields = {
        "channels": ("a", "b"),
        "codes": [0, 1, 1],
        "offsets": [0, 2, 3],
        "conversions": [1.0, 0.0],
        "nulls": [0.0, 1.0],
        "values": [5.0, 0.0],
    }
    return Journeys(**(fields | overrides))


# --- the container ---------------------------------------------------------------------------------


def test_fields_are_read_only_copies():
    codes = np.array([0, 1, 1], dtype=np.int32)
    built = journeys(codes=codes)
    codes[0] = 1
    assert built.codes.tolist() == [0, 1, 1]
    for name in ("codes", "offsets", "conversions", "nulls", "values"):
        assert not getattr(built, name).flags.writeable
    assert built.codes.dtype == np.int32
    assert built.offsets.dtype == np.int64


def test_shape_and_totals():
    built = journeys()
    assert len(built) == 2
    assert built.n_touches == 3
    assert built.lengths.tolist() == [2, 1]
    assert built.journey_of_touch.tolist() == [0, 0, 1]
    assert (built.total_conversions, built.total_nulls, built.total_value) == (1.0, 1.0, 5.0)
    assert (
        repr(built)
        == "Journeys(2 journeys, 3 touches, 2 channels, 1 conversions, 1 non-conversions, value 5)"
    )
    assert "value 2.50" in repr(journeys(values=[2.5, 0.0]))


def test_equality():
    assert journeys() == journeys()
    assert journeys() != journeys(values=[4.0, 0.0])
    assert journeys() != journeys(channels=("a", "c"))
    assert journeys(times=[1.0, 2.0, 3.0]) != journeys()
    assert journeys(times=[1.0, 2.0, 3.0]) == journeys(times=[1.0, 2.0, 3.0])
    assert journeys().__eq__("x") is NotImplemented
    with pytest.raises(TypeError):
        hash(journeys())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"channels": "ab"},
            "'channels' must be a sequence (got 'ab')",
        ),
        ({"channels": ("a", " ")}, "'channels[1]' must be a non-empty string (got ' ')"),
        ({"channels": ("a", 3)}, "'channels[1]' must be a string (got 3)"),
        ({"channels": ("a", "a")}, "'channels' must be distinct (got 'a' twice)"),
        ({"codes": [[0, 1, 1]]}, "'codes' must be one-dimensional (got shape (1, 3))"),
        ({"codes": [0.0, 1.5, 1.0]}, "'codes' must be whole numbers (int32) (got dtype float64)"),
        ({"codes": ["a", "b", "c"]}, "'codes' must be whole numbers (int32) (got dtype <U1)"),
        ({"offsets": []}, "'offsets' must start at 0 (got nothing)"),
        ({"offsets": [1, 2, 3]}, "'offsets' must start at 0 (got [1])"),
        ({"offsets": [0, 2, 4]}, "'offsets' must end at len(codes) = 3 (got 4)"),
        (
            {"offsets": [0, 0, 3]},
            "'offsets' must increase, journeys must not be empty (got 0 at index 1)",
        ),
        ({"codes": [0, 2, 1]}, "'codes' must be between 0 and 1 (one per channel) (got 2 at index 1)"),
        ({"codes": [0, -1, 1]}, "'codes' must be between 0 and 1 (one per channel) (got -1 at index 1)"),
        ({"conversions": [1.0]}, "'conversions' must have one value per journey (2) (got 1)"),
        ({"nulls": [0.0, -1.0]}, "'nulls' must be >= 0 and finite (got -1.0 at index 1)"),
        ({"nulls": [0.0, np.nan]}, "'nulls' must be >= 0 and finite (got nan at index 1)"),
        ({"values": [[5.0, 0.0]]}, "'values' must be one-dimensional (got shape (1, 2))"),
        ({"values": [5.0, 2.0]}, "'values' must be 0 where 'conversions' is 0 (got 2.0 at index 1)"),
        ({"times": [1.0, 2.0]}, "'times' must have one value per touch (3) (got 2)"),
        ({"times": [[1.0, 2.0, 3.0]]}, "'times' must be one-dimensional (got shape (1, 3))"),
        ({"times": [1.0, np.inf, 3.0]}, "'times' must be finite (got inf at index 1)"),
        (
            {"times": [2.0, 1.0, 0.0]},
            "'times' must not decrease within a journey (got 1.0 after 2.0 at index 1)",
        ),
        ({"conversion_times": [1.0]}, "'conversion_times' must have one value per journey (2) (got 1)"),
        (
            {"conversion_times": [np.nan, np.nan]},
            "'conversion_times' must be finite where there are conversions (got nan at index 0)",
        ),
        ({"conversion_times": [1.0, np.inf]}, "'conversion_times' must be finite (got inf at index 1)"),
    ],
)
def test_invalid_journeys(overrides, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        journeys(**overrides)


def test_times_may_fall_between_journeys_and_conversion_times_may_be_missing_without_conversions():
    built = journeys(times=[5.0, 6.0, 1.0], conversion_times=[7.0, np.nan])
    assert built.times.tolist() == [5.0, 6.0, 1.0]
    assert np.isnan(built.conversion_times[1])


def test_datetime_times_become_epoch_seconds():
    stamps = np.array(["1970-01-01T00:00:01", "1970-01-02", "NaT"], dtype="datetime64[s]")
    with pytest.raises(InvalidInputError, match=r"^'times' must be finite \(got nan at index 2\)$"):
        journeys(times=stamps)
    built = journeys(times=[*stamps[:2].tolist(), np.datetime64("1970-01-01")])
    assert built.times.tolist() == [1.0, DAY, 0.0]


def test_time_zone_aware_datetimes_become_utc_epoch_seconds_without_warnings():
    # pytest turns warnings into errors: numpy's "no explicit representation of timezones" would fail.
    utc = pd.to_datetime(["2024-01-01T00:00", "2024-01-02T06:00"]).tz_localize("UTC")
    expected = [1_704_067_200.0, 1_704_067_200.0 + DAY + 6 * 3600.0]
    tokyo = utc.tz_convert("Asia/Tokyo")
    aware = [dt.datetime(2024, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))), tokyo[1].to_pydatetime()]
    for column in (utc, pd.Series(utc), tokyo, pd.Series(tokyo), list(tokyo), np.array(aware, dtype=object)):
        built = Journeys.from_touchpoints(
            ["u", "u"], ["x", "y"], time=column, converted=[0, 1], conversion_time=column
        )
        assert built.times.tolist() == expected
        assert built.conversion_times.tolist() == [expected[1]]
    frame = pd.DataFrame({"user": ["u", "u"], "channel": ["x", "y"], "at": tokyo})
    assert (
        Journeys.from_touchpoints(frame["user"], frame["channel"], time=frame["at"]).times.tolist()
        == expected
    )
    missing = pd.to_datetime(["2024-01-01", None]).tz_localize("UTC")
    with pytest.raises(InvalidInputError, match=r"^'time' must be finite \(got nan at index 1\)$"):
        Journeys.from_touchpoints(["u", "u"], ["x", "y"], time=missing)


def test_object_times_that_are_not_dates_are_rejected():
    with pytest.raises(
        InvalidInputError, match=r"^'times' must hold numbers or datetimes \(got 'x' at index 0\)$"
    ):
        journeys(times=np.array(["x", "y", "z"], dtype=object))


def test_read_only_float_input_is_kept():
    conversions = np.array([1.0, 0.0])
    conversions.setflags(write=False)
    assert journeys(conversions=conversions).conversions is conversions


# --- from_paths ------------------------------------------------------------------------------------


def test_from_paths_parses_separators_spaces_and_sequences():
    built = Journeys.from_paths(
        [" paid search >email>  facebook ads ", "email"], conversions=[2, 1], nulls=[3, 0], values=[20, 5]
    )
    assert built.channels == ("email", "facebook ads", "paid search")
    assert built.codes.tolist() == [2, 0, 1, 0]
    assert built.offsets.tolist() == [0, 3, 4]
    assert built.to_paths() == ["paid search > email > facebook ads", "email"]
    assert built.nulls.tolist() == [3.0, 0.0]
    same = Journeys.from_paths([["paid search", "email", "facebook ads"], ("email",)], conversions=[2, 1])
    assert same.codes.tolist() == built.codes.tolist()
    assert same.nulls.tolist() == [0.0, 0.0]
    assert same.values.tolist() == [0.0, 0.0]
    arrows = Journeys.from_paths(np.array(["a -> b", "b"]), conversions=np.array([1, 1]), sep="->")
    assert arrows.to_paths(sep="|") == ["a|b", "b"]
    series = Journeys.from_paths(pd.Series(["a > b", "b"]), conversions=pd.Series([1, 1]))
    assert series == Journeys.from_paths(["a > b", "b"], conversions=[1, 1])
    assert Journeys.from_paths(pl.Series(["a > b", "b"]), conversions=[1, 1]) == series
    empty = Journeys.from_paths([], conversions=[])
    assert len(empty) == 0
    assert empty.to_paths() == []


@pytest.mark.parametrize(
    ("paths", "options", "message"),
    [
        ("a > b", {}, "'paths' must be a sequence of paths, not a single string (got 'a > b')"),
        (["a"], {"sep": ""}, "'sep' must be a non-empty string (got '')"),
        (
            ["a > b", ["c"]],
            {},
            "'paths' must hold all strings or all sequences of channel names (got 'a > b' at index 0)",
        ),
        (
            [["a"], 3],
            {},
            "'paths' must hold all strings or all sequences of channel names (got 3 at index 1)",
        ),
        (["a", "b >  > c"], {}, "'paths' must not hold empty channel names (got 'b >  > c' at index 1)"),
        ([["a"], []], {}, "'paths' must not hold empty paths (got [] at index 1)"),
        ([["a"], ["b", None]], {}, "'paths' must hold channel names (strings) (got ['b', None] at index 1)"),
        (
            [["a"], ["b", ["c"]]],
            {},
            "'paths' must hold channel names (strings) (got ['b', ['c']] at index 1)",
        ),
        (["a", "b"], {"conversions": [1]}, "'conversions' must have one value per journey (2) (got 1)"),
        (["a", "b"], {"conversions": [1, -2]}, "'conversions' must be >= 0 and finite (got -2.0 at index 1)"),
        (
            ["a", "b"],
            {"conversions": [1, 1], "nulls": [0, np.inf]},
            "'nulls' must be >= 0 and finite (got inf at index 1)",
        ),
        (
            ["a", "b"],
            {"conversions": [1, 0], "values": [1, 2]},
            "'values' must be 0 where 'conversions' is 0 (got 2.0 at index 1)",
        ),
    ],
)
def test_from_paths_errors(paths, options, message):
    options = {"conversions": [1] * len(paths)} | options
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Journeys.from_paths(paths, **options)


# --- from_touchpoints ------------------------------------------------------------------------------


def test_from_touchpoints_sorts_by_journey_then_time_with_the_conversion_last_in_a_tie():
    built = Journeys.from_touchpoints(
        [7, 3, 7, 7, 3],
        ["email", "tiktok", "facebook", "search", "email"],
        time=[5.0, 2.0, 1.0, 5.0, 2.0],
        converted=[0, 1, 0, 1, 0],
        value=[0.0, 30.0, 0.0, 50.0, 0.0],
    )
    # journey 3 first (ids in order); within it the tie at t=2 puts the converting tiktok last.
    assert built.to_paths() == ["email > tiktok", "facebook > email > search"]
    assert built.conversions.tolist() == [1.0, 1.0]
    assert built.values.tolist() == [30.0, 50.0]
    assert built.times.tolist() == [2.0, 2.0, 1.0, 5.0, 5.0]
    assert built.conversion_times.tolist() == [2.0, 5.0]
    assert built.nulls.tolist() == [0.0, 0.0]


def test_from_touchpoints_orders_ties_by_rule_not_by_row_position():
    # Three touches at t=1: the non-converting ones by channel name, the converting one last.
    rows = {"channel": ["tiktok", "email", "search"], "converted": [0, 1, 0]}
    for order in itertools.permutations(range(3)):
        built = Journeys.from_touchpoints(
            ["u"] * 3,
            [rows["channel"][i] for i in order],
            time=[1.0] * 3,
            converted=[rows["converted"][i] for i in order],
        )
        assert built.to_paths() == ["search > tiktok > email"]
        assert attribute(built, LastTouch()).to_dict()["conversions"] == {
            "email": 1.0,
            "search": 0.0,
            "tiktok": 0.0,
        }
    # Without 'converted' every journey converts once, at its last touch: ties by channel name.
    untagged = Journeys.from_touchpoints(["u", "u", "u"], ["c", "b", "a"], time=[2.0, 1.0, 1.0])
    assert untagged.to_paths() == ["a > b > c"]
    # Identical converting touches at one time: their order cannot matter and is kept.
    same = Journeys.from_touchpoints(
        ["u", "u", "u"], ["a", "a", "b"], time=[1.0, 1.0, 0.0], converted=[1, 1, 0], value=[3.0, 3.0, 0.0]
    )
    assert same.to_paths() == ["b > a > a"]
    assert same.values.tolist() == [6.0]
    # Two converting touches tied with split_at_conversions: by channel name, then by value.
    split = Journeys.from_touchpoints(
        ["u", "u", "u"],
        ["b", "a", "a"],
        time=[1.0, 1.0, 1.0],
        converted=[1, 1, 1],
        value=[5.0, 9.0, 2.0],
        split_at_conversions=True,
    )
    assert split.to_paths() == ["a", "a", "b"]
    assert split.values.tolist() == [2.0, 9.0, 5.0]


def test_empty_columns_give_empty_journeys_like_empty_paths():
    empty = Journeys.from_touchpoints([], [])
    assert empty == Journeys.from_paths([], conversions=[])
    assert len(empty) == 0
    assert empty.channels == ()
    assert empty.offsets.tolist() == [0]
    assert empty.times is None
    assert empty.conversion_times is None
    timed = Journeys.from_touchpoints(
        np.array([], dtype=np.int64),
        np.array([], dtype=str),
        time=[],
        converted=[],
        value=[],
        split_at_conversions=True,
        lookback=10.0,
    )
    assert len(timed) == 0
    assert timed.times.size == timed.conversion_times.size == 0
    assert attribute(timed, TimeDecay()).channels == ()
    frame = pd.DataFrame({"user": pd.Series([], dtype=str), "channel": pd.Series([], dtype="category")})
    assert len(Journeys.from_touchpoints(frame["user"], frame["channel"])) == 0


def test_touches_after_the_last_conversion_form_a_non_converting_journey():
    built = Journeys.from_touchpoints(
        ["u", "u", "u", "v", "v"],
        ["a", "b", "c", "a", "b"],
        time=[1.0, 2.0, 3.0, 1.0, 2.0],
        converted=[0, 1, 0, 0, 0],
        value=[0.0, 100.0, 0.0, 0.0, 0.0],
    )
    assert built.to_paths() == ["a > b", "c", "a > b"]
    assert built.conversions.tolist() == [1.0, 0.0, 0.0]
    assert built.nulls.tolist() == [0.0, 1.0, 1.0]
    assert built.values.tolist() == [100.0, 0.0, 0.0]
    np.testing.assert_array_equal(built.conversion_times, [2.0, np.nan, np.nan])
    # The touch after the sale gets no credit from any model.
    for model in (LastTouch(), LastNonDirect(), PositionBased(), TimeDecay(), Linear(level="touch")):
        assert attribute(built, model).to_dict()["conversions"]["c"] == 0.0
    single = Journeys.from_touchpoints(
        ["u", "u"], ["a", "b"], time=[1.0, 2.0], converted=[1, 0], value=[100, 0]
    )
    assert single.to_paths() == ["a", "b"]
    assert attribute(single, LastTouch()).to_dict()["conversions"] == {"a": 1.0, "b": 0.0}
    # Two conversions without splitting: one journey up to the last one, then the rest.
    twice = Journeys.from_touchpoints(["u"] * 4, ["a", "b", "c", "d"], converted=[0, 1, 1, 0])
    assert twice.to_paths() == ["a > b > c", "d"]
    assert twice.conversions.tolist() == [2.0, 0.0]


def test_from_touchpoints_without_converted_means_every_journey_converted_once():
    built = Journeys.from_touchpoints(["u", "v", "u"], ["a", "b", "c"])
    assert built.to_paths() == ["a > c", "b"]
    assert built.conversions.tolist() == [1.0, 1.0]
    assert built.times is None
    assert built.conversion_times is None
    timed = Journeys.from_touchpoints(["u", "u"], ["a", "b"], time=[1.0, 4.0], value=[0.0, 9.0])
    assert timed.conversion_times.tolist() == [4.0]
    assert timed.values.tolist() == [9.0]


def test_from_touchpoints_non_converting_journeys_have_nulls_and_no_conversion_time():
    built = Journeys.from_touchpoints(["u", "v"], ["a", "b"], time=[1.0, 2.0], converted=[False, True])
    assert built.nulls.tolist() == [1.0, 0.0]
    assert np.isnan(built.conversion_times[0])
    assert built.conversion_times[1] == 2.0


def test_split_at_conversions_and_conversion_time():
    built = Journeys.from_touchpoints(
        ["u"] * 5,
        ["a", "b", "c", "d", "e"],
        time=[1.0, 2.0, 3.0, 4.0, 5.0],
        converted=[0, 1, 0, 1, 0],
        value=[0, 10, 0, 20, 0],
        conversion_time=[np.nan, 2.5, np.nan, 4.5, np.nan],
        split_at_conversions=True,
    )
    assert built.to_paths() == ["a > b", "c > d", "e"]
    assert built.conversions.tolist() == [1.0, 1.0, 0.0]
    assert built.nulls.tolist() == [0.0, 0.0, 1.0]
    assert built.values.tolist() == [10.0, 20.0, 0.0]
    np.testing.assert_array_equal(built.conversion_times, [2.5, 4.5, np.nan])
    whole = Journeys.from_touchpoints(
        ["u"] * 5, list("abcde"), time=[1, 2, 3, 4, 5], converted=[0, 1, 0, 1, 0]
    )
    # Without splitting: one journey up to the last conversion, the touch after it on its own.
    assert whole.to_paths() == ["a > b > c > d", "e"]
    assert whole.conversions.tolist() == [2.0, 0.0]
    assert whole.nulls.tolist() == [0.0, 1.0]
    np.testing.assert_array_equal(whole.conversion_times, [4.0, np.nan])


def test_lookback_drops_old_touches_and_empty_journeys():
    built = Journeys.from_touchpoints(
        ["u", "u", "u", "v", "w", "w"],
        ["a", "b", "c", "d", "e", "f"],
        time=[0.0, 20 * DAY, 25 * DAY, 0.0, 0.0, 1.0],
        converted=[0, 0, 1, 1, 0, 0],
        conversion_time=[np.nan, np.nan, 26 * DAY, 40 * DAY, np.nan, np.nan],
        lookback=dt.timedelta(days=10),
    )
    # u loses its first touch; v's only touch is 40 days before its conversion, so v goes; w has
    # no conversion and keeps touches within 10 days of its last touch.
    assert built.to_paths() == ["b > c", "e > f"]
    assert built.conversions.tolist() == [1.0, 0.0]
    assert built.times.tolist() == [20 * DAY, 25 * DAY, 0.0, 1.0]
    np.testing.assert_array_equal(built.conversion_times, [26 * DAY, np.nan])
    kept = Journeys.from_touchpoints(["u", "u"], ["a", "b"], time=[0.0, 1.0], lookback=5.0)
    assert kept.to_paths() == ["a > b"]


def test_from_touchpoints_accepts_dataframe_columns():
    frame = pd.DataFrame(
        {
            "user": ["x", "y", "x"],
            "channel": pd.Categorical([" email", "search", "tiktok"]),
            "time": pd.to_datetime(["2026-01-02", "2026-01-01", "2026-01-01"]),
            "converted": [True, False, False],
        }
    )
    built = Journeys.from_touchpoints(frame.user, frame.channel, time=frame.time, converted=frame.converted)
    assert built.channels == ("email", "search", "tiktok")
    assert built.to_paths() == ["tiktok > email", "search"]
    assert built.times[1] - built.times[0] == DAY
    as_polars = pl.DataFrame(
        {"user": ["x", "y", "x"], "channel": [" email", "search", "tiktok"], "time": frame.time.to_numpy()}
    ).with_columns(converted=pl.Series([True, False, False]))
    same = Journeys.from_touchpoints(
        as_polars["user"], as_polars["channel"], time=as_polars["time"], converted=as_polars["converted"]
    )
    assert same == built


def test_channel_factorization_paths():
    names = np.array(["b", "a", " c "] * 20_000 + ["zz"])  # "zz" is not in the sampled rows
    vocabulary, codes = factorize(names, "channel")
    assert vocabulary == ("a", "b", "c", "zz")
    assert codes[:3].tolist() == [1, 0, 2]
    assert codes[-1] == 3
    assert factorize(["x", "y", "x "], "channel")[1].tolist() == [0, 1, 0]
    with pytest.raises(
        InvalidInputError, match=r"^'channel' must be one-dimensional \(got shape \(1, 1\)\)$"
    ):
        factorize(np.array([["a"]]), "channel")
    with pytest.raises(
        InvalidInputError, match=r"^'channel' must hold channel names \(strings\) \(got None at index 1\)$"
    ):
        factorize(pd.Categorical(["a", None]), "channel") if False else factorize(
            pd.Series(pd.Categorical(["a", None])), "channel"
        )
    with pytest.raises(
        InvalidInputError, match=r"^'channel' must hold channel names \(strings\) \(got 3 at index 0\)$"
    ):
        factorize([3, "a"], "channel")
    with pytest.raises(
        InvalidInputError, match=r"^'channel' must not hold empty channel names \(got '  ' at index 1\)$"
    ):
        factorize(np.array(["a", "  "]), "channel")


def test_journey_id_codes():
    assert _dense_codes(np.array([5, 3, 5]), "journey_id").tolist() == [2, 0, 2]
    assert _dense_codes(np.array([2**62, 0, 2**62]), "journey_id").tolist() == [1, 0, 1]
    assert _dense_codes(np.array([1.5, 0.5, 1.5]), "journey_id").tolist() == [1, 0, 1]
    assert _dense_codes(["b", "a", "b"], "journey_id").tolist() == [1, 0, 1]
    assert _dense_codes(np.array(["b", "a", "b"], dtype=object), "journey_id").tolist() == [0, 1, 0]
    assert _dense_codes(np.array(["b", "a", "b"]), "journey_id").tolist() == [1, 0, 1]
    assert _pack_sort(np.array([2**62, 1, 2**62, 0])).tolist() == [3, 1, 0, 2]
    assert _pack_sort(np.zeros(0, dtype=np.int64)).tolist() == []


@pytest.mark.parametrize(
    ("ids", "options", "message"),
    [
        ([[1, 2]], {"channel": ["a", "b"]}, "'journey_id' must be one-dimensional (got shape (1, 2))"),
        ([1.0, np.nan], {}, "'journey_id' must not hold missing or infinite ids (got nan at index 1)"),
        (["u", None], {}, "'journey_id' must not hold missing ids (got None at index 1)"),
        ([1, 2], {"time": [1.0]}, "'time' must have one value per row, like 'journey_id' (2) (got 1)"),
        (
            [1, 2],
            {"split_at_conversions": True},
            "'split_at_conversions' needs 'converted' (which touches led to a conversion)",
        ),
        ([1, 2], {"lookback": 5.0}, "'lookback' needs 'time' (the time of each touch)"),
        ([1, 2], {"conversion_time": [1.0, 2.0]}, "'conversion_time' needs 'time' (the time of each touch)"),
        ([1, 2], {"time": [1.0, np.nan]}, "'time' must be finite (got nan at index 1)"),
        (
            [1, 2],
            {"time": [1.0, 2.0], "lookback": -1},
            "'lookback' must be > 0 and finite (got -1.0 seconds)",
        ),
        ([1, 2], {"converted": [0, -1]}, "'converted' must be >= 0 and finite (got -1.0 at index 1)"),
        (
            [1, 2],
            {"converted": [1, 0], "value": [5.0, 1.0]},
            "'value' must be 0 where 'converted' is 0 (got 1.0 at index 1)",
        ),
        (
            [1, 2],
            {"time": [1.0, 2.0], "converted": [0, 1], "conversion_time": [np.nan, 1.0]},
            "'conversion_time' must be at or after 'time' (got 1.0 at index 1)",
        ),
        ([1, 2], {"channel": ["a", ""]}, "'channel' must not hold empty channel names (got '' at index 1)"),
    ],
)
def test_from_touchpoints_errors(ids, options, message):
    options = {"channel": ["a"] * len(ids)} | options
    channel = options.pop("channel")
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Journeys.from_touchpoints(ids, channel, **options)


def test_unhashable_channel_names_are_rejected():
    with pytest.raises(
        InvalidInputError, match=r"^'channel' must hold channel names \(strings\) \(got \['a'\] at index 1\)$"
    ):
        Journeys.from_touchpoints([1, 2], np.array(["a", ["a"]], dtype=object))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(60, 60.0), (1.5, 1.5), (dt.timedelta(hours=1), 3600.0), (np.timedelta64(2, "m"), 120.0)],
)
def test_durations(value, expected):
    assert seconds(value, "lookback") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1d", "'x' must be a duration in seconds, a datetime.timedelta or a numpy.timedelta64 (got '1d')"),
        (True, "'x' must be a duration in seconds, a datetime.timedelta or a numpy.timedelta64 (got True)"),
        (0, "'x' must be > 0 and finite (got 0.0 seconds)"),
        (float("inf"), "'x' must be > 0 and finite (got inf seconds)"),
    ],
)
def test_duration_errors(value, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        seconds(value, "x")


# --- selection and aggregation ---------------------------------------------------------------------


def test_selection_by_mask_rows_and_slice_keeps_times():
    built = Journeys.from_touchpoints(
        [1, 1, 2, 3, 3, 3], list("abcabc"), time=[1, 2, 3, 4, 5, 6], converted=[0, 1, 0, 0, 0, 1]
    )
    picked = built[np.array([True, False, True])]
    assert picked.to_paths() == ["a > b", "a > b > c"]
    assert picked.times.tolist() == [1.0, 2.0, 4.0, 5.0, 6.0]
    assert picked.conversion_times.tolist() == [2.0, 6.0]
    assert built[[-1, 0]].to_paths() == ["a > b > c", "a > b"]
    assert built[np.array([], dtype=np.int64)].n_touches == 0
    assert built[::2] == picked
    untimed = Journeys.from_paths(["a", "b"], conversions=[1, 1])
    assert untimed[[1]].times is None


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (np.array([True]), "a boolean mask must have one value per journey (3) (got shape (1,))"),
        ([0, 3], "journey rows must be between -3 and 2 (got 3 at index 1)"),
        ([-4], "journey rows must be between -3 and 2 (got -4 at index 0)"),
        ("a", "journeys are selected by a boolean mask, an array of row numbers or a slice (got 'a')"),
        ([[0]], "journeys are selected by a boolean mask, an array of row numbers or a slice (got [[0]])"),
    ],
)
def test_selection_errors(selection, message):
    built = Journeys.from_paths(["a", "b", "c"], conversions=[1, 1, 1])
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        built[selection]


def test_aggregate_merges_identical_paths_in_order_of_first_appearance():
    built = Journeys.from_paths(
        ["b > a", "a", "b > a", "a > b", "a"],
        conversions=[1, 0, 2, 1, 1],
        nulls=[0, 4, 1, 0, 2],
        values=[10, 0, 30, 5, 1],
    )
    merged = built.aggregate()
    assert merged.to_paths() == ["b > a", "a", "a > b"]
    assert merged.conversions.tolist() == [3.0, 1.0, 1.0]
    assert merged.nulls.tolist() == [1.0, 6.0, 0.0]
    assert merged.values.tolist() == [40.0, 1.0, 5.0]
    timed = Journeys.from_touchpoints([1, 2], ["a", "a"], time=[1.0, 2.0])
    assert timed.aggregate().times is None
    assert len(Journeys.from_paths([], conversions=[]).aggregate()) == 0


def test_aggregate_of_long_paths_compares_rows():
    # 40 channels need 6 bits a touch: 11 touches no longer fit one 62-bit key.
    names = [f"c{i}" for i in range(40)]
    long_path = " > ".join(names[:11])
    other = " > ".join(names[1:12])
    merged = Journeys.from_paths(
        [long_path, other, long_path, " > ".join(names)], conversions=[1, 1, 1, 1]
    ).aggregate()
    assert merged.conversions.tolist() == [2.0, 1.0, 1.0]


def test_spellings_of_one_channel_are_merged_under_the_first_seen():
    paths = ["meta > Search", "Meta  > search", " email"]
    built = Journeys.from_paths(paths, conversions=[1, 0, 1])
    assert built.channels == ("Search", "email", "meta")
    assert built.to_paths() == ["meta > Search", "meta > Search", "email"]
    # a string array is factorized from its sorted names; the shown spelling is still the first seen
    vocabulary, codes = factorize(np.array(["search", "Meta", "meta", "Search "]), "channel")
    assert vocabulary == ("Meta", "search")
    assert codes.tolist() == [1, 0, 0, 1]
    # " meta" and "meta" are one spelling once stripped: no scan for the first one needed
    assert factorize(["meta", " meta", "META"], "channel")[0] == ("meta",)
    # a category that never occurs yields to the one that does
    unused = pd.Series(pd.Categorical(["meta", "meta"], categories=["Meta", "meta"]))
    assert factorize(unused, "channel")[0] == ("meta",)
    touched = Journeys.from_touchpoints([1, 1, 2], ["TikTok", "email", "tiktok"], converted=[0, 1, 1])
    assert touched.channels == ("TikTok", "email")
    assert touched.to_paths() == ["TikTok > email", "TikTok"]


def test_a_vocabulary_given_directly_refuses_two_spellings_of_one_channel():
    with pytest.raises(
        InvalidInputError,
        match=re.escape(
            "'channels' must be distinct channel names (got 'meta '; did you mean 'Meta'? "
            "(channel names differ only in case or spaces))"
        ),
    ):
        journeys(channels=["Meta", "meta "])


def test_statistics_of_partitions_with_different_spellings_add_up_as_one_channel():
    model = Linear(level="touch")
    first = model.statistics(Journeys.from_paths(["Meta > search"], conversions=[2]))
    second = model.statistics(Journeys.from_paths(["meta", "email"], conversions=[1, 1]))
    merged = first + second
    assert merged.channels == ("Meta", "email", "search")
    whole = model.statistics(Journeys.from_paths(["Meta > search", "meta", "email"], conversions=[2, 1, 1]))
    assert merged == whole
