"""Rule-based models on hand-worked journeys, the mergeable statistic, credits and every error."""

from __future__ import annotations

import datetime as dt
import functools
import re

import numpy as np
import pytest

from socialroi.attribution import (
    Credits,
    CreditSums,
    CustomWeights,
    FirstTouch,
    Journeys,
    LastNonDirect,
    LastTouch,
    Linear,
    Model,
    PositionBased,
    Statistics,
    TimeDecay,
    attribute,
)
from socialroi.exceptions import InvalidInputError, MissingDataError

DAY = 86_400.0

# Paths, conversions and values chosen so every model's credit can be worked by hand.
PATHS = ["a", "a > b", "b > c > a", "c > c > b > d", "b"]
JOURNEYS = Journeys.from_paths(
    PATHS, conversions=[1, 2, 1, 4, 0], nulls=[0, 0, 0, 0, 5], values=[10, 40, 30, 80, 0]
)


def credit(model, journeys=JOURNEYS):
    result = attribute(journeys, model)
    return dict(zip(result.channels, result.conversions.tolist(), strict=True)), dict(
        zip(result.channels, result.value.tolist(), strict=True)
    )


def test_first_touch():
    conversions, value = credit(FirstTouch())
    assert conversions == {"a": 3.0, "b": 1.0, "c": 4.0, "d": 0.0}
    assert value == {"a": 50.0, "b": 30.0, "c": 80.0, "d": 0.0}


def test_last_touch():
    conversions, value = credit(LastTouch())
    assert conversions == {"a": 2.0, "b": 2.0, "c": 0.0, "d": 4.0}
    assert value == {"a": 40.0, "b": 40.0, "c": 0.0, "d": 80.0}


def test_linear_touch_splits_over_touches_and_counts_repeats():
    conversions, value = credit(Linear(level="touch"))
    # By hand, a gets 1 + 2/2 + 1/3, b gets 2/2 + 1/3 + 4/4, c gets 1/3 + 2*4/4 and d gets 4/4.
    assert conversions == pytest.approx({"a": 7 / 3, "b": 7 / 3, "c": 7 / 3, "d": 1.0})
    assert value == pytest.approx({"a": 10 + 20 + 10, "b": 20 + 10 + 20, "c": 10 + 40, "d": 20})


def test_linear_channel_splits_over_distinct_channels():
    conversions, value = credit(Linear(level="channel"))
    assert conversions == pytest.approx({"a": 7 / 3, "b": 8 / 3, "c": 5 / 3, "d": 4 / 3})
    assert value == pytest.approx({"a": 40.0, "b": 20 + 10 + 80 / 3, "c": 10 + 80 / 3, "d": 80 / 3})


def test_linear_channel_fractions_split_each_journey_over_its_distinct_channels():
    # The fractions (used by bootstrap) take the bit-mask path up to 62 channels.
    journeys = Journeys.from_paths(["a > b > a", "c"], conversions=[3, 1])
    split = Linear(level="channel").fractions(journeys)
    assert split.rows.tolist() == [0, 0, 1]
    assert split.codes.tolist() == [0, 1, 2]
    assert split.fractions.tolist() == [0.5, 0.5, 1.0]


def test_linear_channel_with_more_channels_than_bits():
    names = [f"ch{i:02d}" for i in range(70)]
    journeys = Journeys.from_paths([" > ".join(names[:3] + names[:1]), names[69]], conversions=[3, 1])
    conversions, _ = credit(Linear(level="channel"), journeys)
    assert conversions["ch00"] == conversions["ch01"] == conversions["ch02"] == pytest.approx(1.0)
    assert conversions["ch69"] == 1.0
    assert sum(conversions.values()) == pytest.approx(4.0)


def test_position_based_40_20_40():
    conversions, value = credit(PositionBased())
    # one touch: all; two touches: half each; a > b > c: 40/20/40; four touches: 40/10/10/40.
    assert conversions == pytest.approx({"a": 2.4, "b": 1.8, "c": 2.2, "d": 1.6})
    assert value == pytest.approx({"a": 10 + 20 + 12, "b": 20 + 12 + 8, "c": 6 + 32 + 8, "d": 32})


def test_position_based_two_touches_split_in_proportion():
    journeys = Journeys.from_paths(["a > b"], conversions=[10])
    assert credit(PositionBased(first=0.3, last=0.1), journeys)[0] == pytest.approx({"a": 7.5, "b": 2.5})
    assert credit(PositionBased(first=0, last=0), journeys)[0] == {"a": 5.0, "b": 5.0}
    middle_only = Journeys.from_paths(["a > b > c"], conversions=[1])
    assert credit(PositionBased(first=0, last=0), middle_only)[0] == {"a": 0.0, "b": 1.0, "c": 0.0}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"first": -0.1}, "'first' must be between 0 and 1 (got -0.1)"),
        ({"last": "0.4"}, "'last' must be a number (got '0.4')"),
        ({"first": 0.7, "last": 0.4}, "'first' + 'last' must be <= 1 (got 0.7 + 0.4)"),
    ],
)
def test_position_based_errors(options, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        PositionBased(**options)


def test_last_non_direct():
    journeys = Journeys.from_paths(
        ["email > direct", "direct > direct", "search > email > direct > organic", "direct"],
        conversions=[1, 2, 4, 8],
    )
    assert credit(LastNonDirect(), journeys)[0] == {
        "direct": 10.0,
        "email": 1.0,
        "organic": 4.0,
        "search": 0.0,
    }
    both = LastNonDirect(direct=("direct", " organic"))
    assert credit(both, journeys)[0] == {"direct": 10.0, "email": 5.0, "organic": 0.0, "search": 0.0}
    assert both.name == "last non-direct (direct, organic)"
    assert LastNonDirect().name == "last non-direct"
    nothing_direct = LastNonDirect(direct="none")
    assert credit(nothing_direct, journeys)[0] == credit(LastTouch(), journeys)[0]
    with pytest.raises(InvalidInputError, match=r"^'direct\[0\]' must be a string \(got 1\)$"):
        LastNonDirect(direct=[1])


def test_time_decay_halves_credit_every_half_life():
    # GA's 7-day half-life: a touch 8 days before the conversion gets half the credit of one 1 day before.
    journeys = Journeys.from_touchpoints(
        ["u", "u"],
        ["early", "late"],
        time=[0.0, 7 * DAY],
        converted=[0, 1],
        value=[0.0, 90.0],
        conversion_time=[np.nan, 8 * DAY],
    )
    conversions, value = credit(TimeDecay(), journeys)
    assert conversions == pytest.approx({"early": 1 / 3, "late": 2 / 3})
    assert value == pytest.approx({"early": 30.0, "late": 60.0})
    # Equal times share equally; a single touch takes everything.
    ties = Journeys.from_touchpoints(["u", "u", "v"], ["a", "b", "c"], time=[5.0, 5.0, 1.0])
    assert credit(TimeDecay(half_life=dt.timedelta(days=1)), ties)[0] == {"a": 0.5, "b": 0.5, "c": 1.0}


def test_time_decay_without_conversion_times_measures_from_the_last_touch():
    journeys = Journeys(
        channels=("a", "b"),
        codes=[0, 1],
        offsets=[0, 2],
        conversions=[3],
        nulls=[0],
        values=[0],
        times=[0.0, 10.0],
    )
    assert credit(TimeDecay(half_life=10.0), journeys)[0] == pytest.approx({"a": 1.0, "b": 2.0})


def test_time_decay_touch_after_the_conversion_counts_as_at_it():
    journeys = Journeys.from_touchpoints(
        ["u", "u", "u"],
        ["a", "b", "c"],
        time=[0.0, 10.0, 30.0],
        converted=[0, 1, 0],
        conversion_time=[np.nan, 20.0, np.nan],
    )
    # c came after the converting touch: it is a separate non-converting journey and gets nothing;
    # b is 10 s before the conversion at 20, a 20 s before.
    assert credit(TimeDecay(half_life=10.0), journeys)[0] == pytest.approx(
        {"a": 0.25 / 0.75, "b": 0.5 / 0.75, "c": 0.0}
    )
    # A journey built directly with a touch after its conversion time: that touch counts as at it.
    direct = Journeys(
        channels=("a", "b", "c"),
        codes=[0, 1, 2],
        offsets=[0, 3],
        conversions=[1],
        nulls=[0],
        values=[0],
        times=[0.0, 10.0, 30.0],
        conversion_times=[20.0],
    )
    assert credit(TimeDecay(half_life=10.0), direct)[0] == pytest.approx(
        {"a": 0.25 / 1.75, "b": 0.5 / 1.75, "c": 1 / 1.75}
    )


def test_time_decay_lookback():
    journeys = Journeys.from_touchpoints(
        ["u", "u", "v", "v"],
        ["a", "b", "c", "d"],
        time=[0.0, 5 * DAY, 0.0, DAY],
        conversion_time=[np.nan, 6 * DAY, np.nan, 30 * DAY],
    )
    model = TimeDecay(lookback=dt.timedelta(days=3))
    # u: a is outside the window; v: both touches are outside, so the last one takes the credit.
    assert credit(model, journeys)[0] == {"a": 0.0, "b": 1.0, "c": 0.0, "d": 1.0}
    assert model.name == "time decay (half-life 7 days, lookback 3 days)"
    assert TimeDecay(half_life=3600, lookback=90).name == "time decay (half-life 1 hour, lookback 90 s)"
    assert TimeDecay(half_life=120).name == "time decay (half-life 2 minutes)"
    assert TimeDecay(half_life=DAY).name == "time decay (half-life 1 day)"


def test_time_decay_needs_times():
    with pytest.raises(
        MissingDataError, match=r"^time decay \(half-life 7 days\) needs touch times; build the journeys with"
    ):
        attribute(JOURNEYS, TimeDecay())
    with pytest.raises(InvalidInputError, match=r"^'half_life' must be > 0 and finite \(got -1.0\)$"):
        TimeDecay(half_life=-1)


def test_custom_weights_first_middle_last():
    conversions, _ = credit(CustomWeights((2, 1, 1)))
    # By hand, a gets 1 + 2*(2/3) + 1/4, b gets 2*(1/3) + 2/4 + 4/5, c gets 1/4 + 4*3/5 and d gets 4/5.
    assert conversions == pytest.approx(
        {"a": 1 + 4 / 3 + 1 / 4, "b": 2 / 3 + 1 / 2 + 4 / 5, "c": 1 / 4 + 12 / 5, "d": 4 / 5}
    )
    assert CustomWeights([0.3, 0.4, 0.3]).name == "custom weights (0.3/0.4/0.3)"


def test_custom_weights_function_of_length():
    def rising(n):
        return np.arange(1, n + 1)

    conversions, _ = credit(CustomWeights(rising))
    # By hand, a gets 1 + 2*(1/3) + 3/6, b gets 2*(2/3) + 1/6 + 4*3/10, c gets 2/6 + 4*3/10, d 4*4/10.
    assert conversions == pytest.approx(
        {"a": 1 + 2 / 3 + 1 / 2, "b": 4 / 3 + 1 / 6 + 6 / 5, "c": 1 / 3 + 6 / 5, "d": 8 / 5}
    )
    assert CustomWeights(rising).name == "custom weights (rising)"
    assert CustomWeights(functools.partial(rising)).name == "custom weights (partial)"
    listed = CustomWeights(lambda n: [1.0] * n)
    assert credit(listed)[0] == pytest.approx(credit(Linear(level="touch"))[0])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ("abc", "'weights' must be (first, middle, last) or a function of the path length (got 'abc')"),
        (3, "'weights' must be (first, middle, last) or a function of the path length (got 3)"),
        ((1, 2), "'weights' must be (first, middle, last) or a function of the path length (got (1.0, 2.0))"),
        ((1, -1, 1), "'weights[1]' must be >= 0 and finite (got -1.0)"),
        (
            (0, 1, 0),
            "'weights' must give the first or the last touch a weight > 0, or two-touch journeys get no credit (got 0 and 0)",
        ),
    ],
)
def test_custom_weights_errors(weights, message):
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        CustomWeights(weights)


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (lambda n: [1.0], "'weights' must return 2 weights for a path of 2 touches (got shape (1,))"),
        (
            lambda n: np.ones((n, 1)),
            "'weights' must return 2 weights for a path of 2 touches (got shape (2, 1))",
        ),
        (lambda n: [-1.0] * n, "'weights(2)' must be >= 0 and finite (got -1.0 at index 0)"),
        (
            lambda n: [0.0] * n,
            "'weights' must return weights with a positive finite sum for 2 touches (got [0.0, 0.0])",
        ),
        (
            lambda n: [np.nan] * n,
            "'weights' must return weights with a positive finite sum for 2 touches (got [nan, nan])",
        ),
        (lambda n: None, "'weights' must return 2 numbers for a path of 2 touches (got None)"),
        (lambda n: ["x"] * n, "'weights' must return 2 numbers for a path of 2 touches (got ['x', 'x'])"),
    ],
)
def test_custom_weight_function_errors(function, message):
    journeys = Journeys.from_paths(["a > b"], conversions=[1])
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        attribute(journeys, CustomWeights(function))


def test_names():
    assert FirstTouch().name == "first touch"
    assert LastTouch().name == "last touch"
    assert Linear(level="touch").name == "linear (touch)"
    assert PositionBased().name == "position-based (40/20/40)"
    assert PositionBased(first=0.3, last=0.3).name == "position-based (30/40/30)"
    assert PositionBased(first=0.125, last=0.5).name == "position-based (12.5/37.5/50)"
    with pytest.raises(InvalidInputError, match=r"^'level' must be 'touch' or 'channel' \(got 'journey'\)$"):
        Linear(level="journey")  # type: ignore[arg-type]


def test_models_satisfy_the_protocols():
    for model in (
        FirstTouch(),
        LastTouch(),
        LastNonDirect(),
        Linear(level="touch"),
        PositionBased(),
        TimeDecay(),
    ):
        assert isinstance(model, Model)
    assert isinstance(FirstTouch().statistics(JOURNEYS), Statistics)


def test_no_journeys_and_no_conversions_give_zero_credit():
    none = Journeys.from_paths(["a > b"], conversions=[0], nulls=[3])
    for model in (FirstTouch(), Linear(level="channel"), PositionBased(), CustomWeights((1, 1, 1))):
        assert credit(model, none)[0] == {"a": 0.0, "b": 0.0}
    empty = Journeys(channels=("a",), codes=[], offsets=[0], conversions=[], nulls=[], values=[], times=[])
    for model in (
        LastNonDirect(direct="a"),
        Linear(level="channel"),
        TimeDecay(lookback=5.0),
        CustomWeights(len),
    ):
        assert attribute(empty, model).conversions.tolist() == [0.0]


# --- statistics and credits ------------------------------------------------------------------------


def test_credit_sums_merge_across_vocabularies():
    model = Linear(level="touch")
    first = model.statistics(Journeys.from_paths(["a > b"], conversions=[2], values=[10]))
    second = model.statistics(Journeys.from_paths(["c > b", "b"], conversions=[1, 1], values=[4, 2]))
    total = first + second
    assert total.channels == ("a", "b", "c")
    assert total.conversions.tolist() == [1.0, 2.5, 0.5]
    assert total.value.tolist() == [5.0, 5.0 + 2 + 2, 2.0]
    assert total.journeys == 3
    same = first + first
    assert same.channels == ("a", "b")
    assert same.conversions.tolist() == [2.0, 2.0]
    merged = model.credits(total)
    assert merged.conversions.tolist() == [1.0, 2.5, 0.5]
    assert merged.extras == {}


def test_credit_sums_errors():
    first = FirstTouch().statistics(JOURNEYS)
    last = LastTouch().statistics(JOURNEYS)
    with pytest.raises(
        InvalidInputError,
        match=r"^cannot add credit sums of different models \('first touch' and 'last touch'\)$",
    ):
        first + last
    with pytest.raises(TypeError):
        first + 1  # type: ignore[operator]
    with pytest.raises(
        InvalidInputError,
        match=r"^'statistics' must be the credit sums of 'first touch' \(got 'last touch'\)$",
    ):
        FirstTouch().credits(last)
    with pytest.raises(
        InvalidInputError, match=r"^'statistics' must be the credit sums of 'first touch' \(got 'dict'\)$"
    ):
        FirstTouch().credits({})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'journeys' must be Journeys \(got list\)$"):
        FirstTouch().statistics([])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"conversions": [1.0]}, "'conversions' must have one value per channel (2) (got 1)"),
        ({"value": [1.0, np.nan]}, "'value' must be finite, not NaN (got nan at index 1)"),
        (
            {"value": [[1.0, 2.0]]},
            "'value' must be a one-dimensional array of numbers (got array([[1., 2.]]) with shape (1, 2))",
        ),
        ({"conversions": [1.0, np.inf]}, "'conversions' must be finite (got inf at index 1)"),
        ({"channels": ("a", 1)}, "'channels[1]' must be a string (got 1)"),
        ({"channels": ("a", "a")}, "'channels' must be distinct (got 'a' twice)"),
    ],
)
def test_credits_errors(fields, message):
    base = {"channels": ("a", "b"), "conversions": [1.0, -0.5], "value": [2.0, 3.0]}
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        Credits(**(base | fields))
    with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
        CreditSums(model="m", **(base | fields))


def test_credits_may_be_negative_and_extras_are_read_only():
    given = Credits(channels=["a"], conversions=[-1.0], value=[0.0], extras={"x": 1})
    assert given.conversions.tolist() == [-1.0]
    with pytest.raises(TypeError):
        given.extras["y"] = 2  # type: ignore[index]


def test_credit_sums_take_channels_as_a_tuple():
    with pytest.raises(
        InvalidInputError, match=r"^'channels' must be a tuple of channel names \(got \['a'\]\)$"
    ):
        CreditSums(model="m", channels=["a"], conversions=[1.0], value=[1.0])  # type: ignore[arg-type]
