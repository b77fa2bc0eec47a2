"""The validation vocabulary: each rule, its message grammar, and its use as an attrs validator."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re

import attrs
import numpy as np
import pytest

from socialroi import _check
from socialroi._arrays import NON_NEGATIVE
from socialroi.exceptions import InvalidInputError


def test_whole_accepts_numpy_integers_and_refuses_bools_fractions_and_bounds():
    rule = _check.whole(minimum=1)
    assert rule.check(np.int64(2), "order") == 2
    assert type(rule.check(np.int64(2), "order")) is int
    for bad in (True, np.True_, 2.0, "2", None, 0):
        with pytest.raises(InvalidInputError, match=r"^'order' must be a whole number >= 1 \(got "):
            rule.check(bad, "order")
    with pytest.raises(InvalidInputError, match=r"'k' must be a whole number from 1 to 3 \(got 4\)"):
        _check.whole(minimum=1, maximum=3).check(4, "k")
    with pytest.raises(InvalidInputError, match=r"'k' must be a whole number <= 3 \(got 4\)"):
        _check.whole(maximum=3).check(4, "k")
    with pytest.raises(InvalidInputError, match=r"'k' must be a whole number \(got 'x'\)"):
        _check.whole().check("x", "k")


def test_number_rules_nan_and_huge_ints():
    assert _check.number().check(np.float32(1.5), "x") == 1.5
    assert math.isnan(_check.number(allow_nan=True).check(math.nan, "x"))
    with pytest.raises(InvalidInputError, match=r"'x' must be a number, not NaN, and >= 0 and finite"):
        _check.number(NON_NEGATIVE).check(math.nan, "x")
    with pytest.raises(InvalidInputError, match=r"'x' must be >= 0 and finite \(got -1\)"):
        _check.number(NON_NEGATIVE).check(-1, "x")
    with pytest.raises(InvalidInputError, match=r"'x' must be finite \(got 1000"):
        _check.number().check(10**400, "x")
    with pytest.raises(InvalidInputError, match=r"'x' must be a number \(got True\)"):
        _check.number().check(True, "x")


def test_flag_text_choice_instance_date():
    assert _check.flag().check(np.True_, "clip") is True
    with pytest.raises(InvalidInputError, match=r"'clip' must be True or False \(got 'no'\)"):
        _check.flag().check("no", "clip")
    assert _check.text().check("a", "label") == "a"
    assert _check.text(empty=True).check("", "label") == ""
    with pytest.raises(InvalidInputError, match=r"'label' must be a non-empty string \(got ' '\)"):
        _check.text().check(" ", "label")
    with pytest.raises(InvalidInputError, match=r"'label' must be a string \(got 5\)"):
        _check.text().check(5, "label")
    model = _check.choice(("linear", "last"))
    assert model.check("last", "model") == "last"
    with pytest.raises(
        InvalidInputError,
        match=r"'model' must be 'linear' or 'last' \(got 'lienar'\); did you mean 'linear'\?",
    ):
        model.check("lienar", "model")
    with pytest.raises(InvalidInputError, match=r"\(got 3\)$"):
        model.check(3, "model")
    assert _check.instance(list, "a list").check([], "x") == []
    with pytest.raises(InvalidInputError, match=r"'x' must be a list \(got 3\)"):
        _check.instance(list, "a list").check(3, "x")
    day = dt.date(2024, 1, 1)
    assert _check.date().check(day, "start") is day
    for bad in ("2024-01-01", dt.datetime(2024, 1, 1, tzinfo=dt.UTC)):
        with pytest.raises(InvalidInputError, match=r"'start' must be a datetime.date"):
            _check.date().check(bad, "start")


def test_collections_optional_each():
    assert _check.optional(_check.whole()).check(None, "n") is None
    assert _check.distinct().check(("a", "b"), "channels") == ("a", "b")
    assert _check.at_least_one().check(("a",), "channels") == ("a",)
    with pytest.raises(InvalidInputError, match=r"'channels' must be distinct \(got 'a' twice\)"):
        _check.distinct().check(("a", "b", "a"), "channels")
    with pytest.raises(InvalidInputError, match=r"'channels' must be at least one element \(got \(\)\)"):
        _check.at_least_one().check((), "channels")
    with pytest.raises(InvalidInputError, match=r"'channels' must be at least one element \(got 5\)"):
        _check.at_least_one().check(5, "channels")
    assert _check.each(_check.whole()).check([np.int64(1), 2], "n") == (1, 2)
    with pytest.raises(InvalidInputError, match=r"'n\[1\]' must be a whole number \(got 'x'\)"):
        _check.each(_check.whole()).check([1, "x"], "n")
    with pytest.raises(InvalidInputError, match=r"'n' must be a sequence \(got 'ab'\)"):
        _check.each(_check.whole()).check("ab", "n")


def test_converters_only_reshape():
    assert _check.integer(np.int64(3)) == 3
    assert type(_check.integer(np.int64(3))) is int
    assert _check.integer(True) is True
    assert _check.integer("3") == "3"
    assert _check.real(np.float32(0.5)) == 0.5
    assert _check.real(np.True_) is np.True_
    assert _check.real(10**400) == 10**400
    assert _check.to_tuple(["a"]) == ("a",)
    assert _check.to_tuple("ab") == "ab"
    assert _check.to_tuple({"a": 1}) == {"a": 1}
    assert _check.to_tuple(5) == 5


def test_seed_and_memory():
    assert _check.seed(np.uint8(3)) == 3
    for bad in (None, -1, 1.0, True):
        with pytest.raises(InvalidInputError, match=r"'seed' must be a whole number >= 0"):
            _check.seed(bad)
    _check.memory("draws", 10, 1e3)
    with pytest.raises(
        InvalidInputError,
        match=r"'draws' = 1000000000 would need about 7.5 GiB of memory, more than the 1.0 GiB",
    ):
        _check.memory("draws", 10**9, 8e9, limit=2**30)
    with pytest.raises(InvalidInputError, match=r"about 8.0 TiB"):
        _check.memory("max_channels", 40, 8 * 2**40)
    with pytest.raises(InvalidInputError, match=r"about 1000 B of memory, more than the 512 B"):
        _check.memory("n", 1, 1000, limit=512)
    with pytest.raises(InvalidInputError, match=r"PiB"):
        _check.memory("n", 1, 2.0**70)


def test_describe_cuts_long_and_survives_broken_repr():
    assert _check.describe("x" * 100).endswith("...")
    assert len(_check.describe("x" * 100)) == 60

    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError

    assert _check.describe(Broken()) == "<Broken object>"


@attrs.frozen(kw_only=True)
class _Options:
    order: int = attrs.field(default=1, converter=_check.integer, validator=_check.whole(minimum=1))
    _goals: tuple[str, ...] = attrs.field(default=(), converter=_check.to_tuple, alias="goals")


def test_validators_take_the_name_from_the_attribute():
    assert _Options(order=np.int64(2)).order == 2
    with pytest.raises(InvalidInputError, match=r"^'order' must be a whole number >= 1 \(got 0\)$"):
        _Options(order=0)
    attribute = attrs.fields(_Options)._goals
    with pytest.raises(InvalidInputError, match=r"^'goals' must be distinct"):
        _check.distinct()(None, attribute, ("a", "a"))


class _Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


def test_pattern_member_and_choice_with_a_description():
    key = _check.pattern(r"[a-z]+", "lower-case letters")
    assert key.check("cpa", "key") == "cpa"
    for bad in ("CPA", "", 3):
        with pytest.raises(InvalidInputError, match=r"^'key' must be lower-case letters \(got "):
            key.check(bad, "key")
    colour = _check.member(_Colour)
    assert colour.check("red", "colour") is _Colour.RED
    assert colour.check(_Colour.GREEN, "colour") is _Colour.GREEN
    assert colour.convert("green") is _Colour.GREEN
    assert colour.convert("blue") == "blue"
    assert colour.convert(3) == 3
    with pytest.raises(
        InvalidInputError,
        match=r"^'colour' must be a _Colour or 'red' or 'green' \(got 'gren'\); did you mean 'green'\?$",
    ):
        colour.check("gren", "colour")
    with pytest.raises(
        InvalidInputError, match=r"^'colour' must be a _Colour or 'red' or 'green' \(got 1\)$"
    ):
        colour.check(1, "colour")
    field = _check.choice(("spend", "clicks"), what="a numeric field")
    with pytest.raises(
        InvalidInputError, match=r"^'field' must be a numeric field \(got 'spent'\); did you mean 'spend'\?$"
    ):
        field.check("spent", "field")


def test_mapping_and_pair():
    rule = _check.mapping(_check.text(), _check.whole())
    assert rule.check({"a": 1}, "counts") == {"a": 1}
    with pytest.raises(InvalidInputError, match=r"^'counts' must be a mapping \(got \[1\]\)$"):
        rule.check([1], "counts")
    with pytest.raises(InvalidInputError, match=r"^'counts' must be a string \(got 3\)$"):
        rule.check({3: 1}, "counts")
    with pytest.raises(InvalidInputError, match=r"^'counts\[a\]' must be a whole number \(got 1.5\)$"):
        rule.check({"a": 1.5}, "counts")
    by_colour = _check.mapping(_check.member(_Colour), _check.whole())
    with pytest.raises(
        InvalidInputError, match=r"^'counts\[_Colour.RED\]' must be a whole number \(got 'x'\)$"
    ):
        by_colour.check({_Colour.RED: "x"}, "counts")
    reason = _check.pair(_check.whole(), _check.text())
    assert reason.check((np.int64(1), "why"), "skipped") == (1, "why")
    for bad in ([1, "why"], (1,), 3):
        with pytest.raises(InvalidInputError, match=r"^'skipped' must be a pair \(a tuple of two\) \(got "):
            reason.check(bad, "skipped")
    with pytest.raises(InvalidInputError, match=r"^'skipped\[1\]' must be a string \(got 2\)$"):
        reason.check((1, 2), "skipped")


def test_any_number_and_the_one_or_many_and_bool_converters():
    assert _check.number(_check.ANY_NUMBER).check(-math.inf, "rate") == -math.inf
    with pytest.raises(InvalidInputError, match=r"^'rate' must be a number \(got 'x'\)$"):
        _check.number(_check.ANY_NUMBER).check("x", "rate")
    assert _check.to_names("cpa") == ("cpa",)
    assert _check.to_names(["cpa", "cpm"]) == ("cpa", "cpm")
    assert _check.to_names(3) == 3
    assert _check.boolean(np.True_) is True
    assert _check.boolean("no") == "no"


def test_channel_key_ignores_case_and_spaces_and_hints_at_near_names():
    assert _check.channel_key("  Meta   Ads ") == "meta ads"
    assert _check.channel_key("META ADS") == _check.channel_key("meta ads")
    assert _check.channel_hint("meta", ["Meta", "TikTok"]) == (
        "; did you mean 'Meta'? (channel names differ only in case or spaces)"
    )
    assert _check.channel_hint("tiktk", ["Meta", "TikTok"]) == ""
    assert _check.channel_hint("TikTk", ["Meta", "TikTok"]) == "; did you mean 'TikTok'?"


class _Shade(enum.Enum):
    DARK_RED = "dark_red"
    BLUE = "blue"


def test_ascii_upper_and_pattern():
    assert _check.ascii_upper("usd") == "USD"
    assert _check.ascii_upper("ßd") == "ßd"  # "ßd".upper() is "SSD": a typo must not become a code
    assert _check.ascii_upper(5) == 5
    code = _check.pattern(r"[A-Z]{3}", "a three-letter code")
    assert code.check("USD", "currency") == "USD"
    for bad in ("USDX", "ßd", 5, None):
        with pytest.raises(InvalidInputError, match=r"^'currency' must be a three-letter code \(got "):
            code.check(bad, "currency")


def test_member_converts_value_strings_in_any_case_and_suggests():
    colour = _check.member(_Shade)
    assert colour.convert("Blue") is _Shade.BLUE
    assert colour.convert("green") == "green"
    assert colour.convert(3) == 3
    assert colour.check("DARK_RED", "colour") is _Shade.DARK_RED
    assert colour.check(_Shade.BLUE, "colour") is _Shade.BLUE
    with pytest.raises(
        InvalidInputError,
        match=r"^'colour' must be a _Shade or 'dark_red' or 'blue' \(got 'dark_red '\); did you mean 'dark_red'\?$",
    ):
        colour.check("dark_red ", "colour")
    with pytest.raises(
        InvalidInputError, match=r"^'colour' must be a _Shade or 'dark_red' or 'blue' \(got 3\)$"
    ):
        colour.check(3, "colour")


def test_zero_division_policy():
    assert _check.zero_division("warn") == "warn"
    assert _check.zero_division("raise") == "raise"
    assert _check.zero_division(np.int64(3)) == 3.0
    assert math.isnan(_check.zero_division(math.nan))
    assert _check.zero_division(-math.inf) == -math.inf
    for bad in ("ignore", True, np.True_, None, [1.0], np.array([1.0, 2.0])):
        with pytest.raises(
            InvalidInputError, match=r"^'zero_division' must be 'warn', 'raise' or a number \(got "
        ):
            _check.zero_division(bad)
    with pytest.raises(InvalidInputError, match=r"^'zero_division' must be .* within the float range"):
        _check.zero_division(10**400)


def test_distinct_channels_refuses_two_spellings_of_one_channel():
    assert _check.distinct_channels().check(("Meta", "search"), "channels") == ("Meta", "search")
    with pytest.raises(InvalidInputError, match=r"^'channels' must be distinct \(got 'a' twice\)$"):
        _check.distinct_channels().check(("a", "b", "a"), "channels")
    with pytest.raises(
        InvalidInputError,
        match=re.escape(
            "'channels' must be distinct channel names (got 'META  ads'; did you mean 'Meta Ads'? "
            "(channel names differ only in case or spaces))"
        ),
    ):
        _check.distinct_channels().check(("Meta Ads", "META  ads"), "channels")


def test_read_only_mapping_is_a_frozen_copy_that_pickles_and_equals_any_mapping_with_its_items():
    import copy
    import pickle

    source = {"a": 1.0, "b": 2.0}
    view = _check.read_only_mapping(source)
    source["a"] = 9.0
    assert isinstance(view, _check.ReadOnlyMapping)
    assert view == {"a": 1.0, "b": 2.0}
    assert list(view) == ["a", "b"] and len(view) == 2 and view["b"] == 2.0
    with pytest.raises(TypeError):
        view["a"] = 3.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(view)) == view  # noqa: S301  # our own bytes
    assert copy.deepcopy(view) == view
    assert repr(view) == "ReadOnlyMapping({'a': 1.0, 'b': 2.0})"
    assert _check.read_only_mapping([1, 2]) == [1, 2]
