"""The validation vocabulary: each rule, its message grammar, and its use as an attrs validator."""

from __future__ import annotations

import datetime as dt
import math

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
