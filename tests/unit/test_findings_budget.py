"""Regression tests for the reliability findings in budget, valuation, report and datasets (issue 12).

One test per finding, named after it; every public result of these modules pickles, deep-copies and
gives strict JSON.
"""

from __future__ import annotations

import copy
import json
import math
import pickle
import re

import attrs
import numpy as np
import pytest

from socialroi import CostItem, Costs, Money
from socialroi import budget as budget_module
from socialroi.attribution import Journeys, Shapley, attribute
from socialroi.budget import (
    Allocation,
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_by_stage,
    allocate_to_target,
    split_budget,
)
from socialroi.datasets import synthetic_campaign, synthetic_journeys
from socialroi.exceptions import InvalidInputError, SocialROIError
from socialroi.funnel import Stage
from socialroi.report import ChannelROI, ROIReport
from socialroi.valuation import (
    ActionValue,
    customer_value,
    engagement_value,
    value_actions,
    value_per_action,
)


def message(text: str) -> str:
    return "^" + re.escape(text)


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


# --- split_budget: no hang, no raw OverflowError -------------------------------------------------------


def test_split_budget_refuses_more_units_than_floats_can_count():
    # 1e303 units used to take one loop turn per leftover unit (a hang); 1e310 overflowed round().
    with pytest.raises(
        InvalidInputError,
        match=message(
            "'round_to' must leave at most 2**53 units in 'total', so that every unit counts "
            "(got round_to=1e-300 for total=1000.0: 1e+303 units)"
        ),
    ):
        split_budget(1000.0, round_to=1e-300)
    with pytest.raises(
        InvalidInputError, match=message("'round_to' must leave at most 2**53 units in 'total'")
    ):
        split_budget(1e308, round_to=0.01)


def test_split_budget_deals_2_to_the_53_units_exactly():
    parts = split_budget(2.0**53, round_to=1.0)
    assert sum(int(part) for part in parts.values()) == 2**53  # whole units, the exact total
    assert all(part == math.floor(part) for part in parts.values())
    # Largest remainders in exact arithmetic: thirds of 10 units give 4, 3, 3 (ties to the earlier stage).
    thirds = {Stage.AWARENESS: 1 / 3, Stage.CONSIDERATION: 1 / 3, Stage.CONVERSION: 1 / 3}
    assert list(split_budget(10, thirds, round_to=1).values()) == [4.0, 3.0, 3.0]


def test_split_budget_of_zero_by_the_smallest_unit():
    # 1 / 5e-324 is infinite: the decimal shortcut must not round it.
    assert set(split_budget(0.0, round_to=5e-324).values()) == {0.0}


# --- curves whose maths overflow are refused; allocate never returns NaN ------------------------------


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (
            lambda: ExponentialCurve(beta=1e300, scale=1e-10),
            (
                "'beta' must keep the slope scale beta / scale of ExponentialCurve above 0 and at most 1e300, "
                "so that its maths cannot overflow (got beta=1e+300, scale=1e-10: beta / scale = inf)"
            ),
        ),
        (
            lambda: ExponentialCurve(beta=1e-300, scale=1e300),
            "'beta' must keep the slope scale beta / scale of ExponentialCurve above 0 and at most 1e300",
        ),
        (lambda: LogisticCurve(beta=1e200, lam=1e200), "'beta' must keep the slope scale beta * lam"),
        (
            lambda: HillCurve(beta=1e300, half_saturation=1e-5),
            "'beta' must keep the slope scale beta * slope / half_saturation",
        ),
        (lambda: PowerCurve(scale=1e301, exponent=1.0), "'scale' must keep the slope scale scale * exponent"),
    ],
)
def test_curves_whose_maths_overflow_are_refused(make, text):
    with pytest.raises(InvalidInputError, match=message(text)):
        make()


def test_the_largest_curves_allowed_allocate_finite_spend():
    curves = {
        "exp": ExponentialCurve(beta=1e300, scale=1.0),
        "logistic": LogisticCurve(beta=1e150, lam=1e150),
        "hill": HillCurve(beta=1e150, half_saturation=1e-10, slope=3.0),
        "power": PowerCurve(scale=1e300, exponent=0.5),
        "small": ExponentialCurve(beta=1e-290, scale=1e10),
        "subnormal": ExponentialCurve(beta=1e-300, scale=1e10),
        "tiny hill": HillCurve(beta=2e-306, half_saturation=6_646.6, slope=0.99),
    }
    with pytest.warns(RuntimeWarning, match="S-shaped"):
        plan = allocate(1e300, curves)
    assert np.isfinite(plan.spend).all()
    assert math.fsum(plan.spend) == 1e300
    json.dumps(plan.to_dict(), allow_nan=False)
    target = allocate_to_target(curves, 1.0, max_spend=1e12)
    assert np.isfinite(target.spend).all()


def test_logistic_inverse_does_not_square_its_slope():
    # c = beta * lam = 1e200: c * c overflowed, so every inverse was 0.
    curve = LogisticCurve(beta=1e100, lam=1e100)
    assert curve.inverse_marginal(curve.marginal(1e-100)) == pytest.approx(1e-100, rel=1e-9)


def test_allocate_never_returns_non_finite_spend_silently(monkeypatch):
    def broken(ch, total, lo, hi):
        return np.full(ch.size, np.nan), None, "kkt"

    monkeypatch.setattr(budget_module, "_solve", broken)
    with pytest.raises(
        SocialROIError, match=r"^'curves' must give a finite allocation \(got spend nan for 'a'"
    ):
        allocate(10.0, {"a": ExponentialCurve(beta=10, scale=10)})


# --- strict JSON, pickle and deep copy of every public result ----------------------------------------


def _journeys() -> Journeys:
    return Journeys.from_paths(["a > b", "a", "b"], conversions=[3, 1, 2], nulls=[1, 3, 2])


def results() -> list[object]:
    curves = {"a": PowerCurve(scale=2.0, exponent=0.5), "b": ExponentialCurve(beta=10.0, scale=5.0)}
    like = value_per_action([100, 0], [1, 0], 10.0, name="like")
    joint = value_actions({"like": [10, 20, 30], "share": [20, 40, 60]}, [1, 2, 3], 10.0)  # collinear: NaN
    ratio = value_actions({"like": [10, 20], "share": [1, 3]}, [1, 2], 10.0, method="ratio")
    costs = Costs(items=[CostItem(category="ad_spend", amount=usd(0.0), channel="a")])
    report = ROIReport.build(costs, revenue={"a": 10.0}, engagement={"a": engagement_value(like, 5.0)})
    return [
        allocate(0.0, curves),  # marginal ROAS of the power curve at 0: inf
        allocate_by_stage(10.0, {"awareness": curves}, {"awareness": 1.0}),
        allocate_to_target(curves, 1.0, current={"a": 1.0, "b": 1.0}),
        curves["a"],
        like,
        joint,
        joint["like"],
        ratio,
        engagement_value(like, 3.0),
        report,
        report.total,
        report.compare(report),
        synthetic_campaign(seed=0, months=1, channels=("facebook",), journeys=30),
        synthetic_journeys(30, channels=3, seed=0),
    ]


@pytest.mark.parametrize("result", results(), ids=lambda r: type(r).__name__)
def test_every_result_pickles_deep_copies_and_gives_strict_json(result):
    to_dict = getattr(result, "to_dict", None)
    for twin in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):  # noqa: S301  # our own bytes
        assert type(twin) is type(result)
        assert repr(twin) == repr(result)
        if to_dict is not None:  # NaN is not equal to itself: compare the plain values
            assert twin.to_dict() == to_dict()
        elif type(result).__eq__ is not object.__eq__:
            assert twin == result
    if to_dict is not None:
        text = json.dumps(to_dict(), allow_nan=False)
        assert "NaN" not in text
        assert "Infinity" not in text


def test_to_dict_maps_nan_and_inf_to_none():
    plan = allocate(0.0, {"a": PowerCurve(scale=2.0, exponent=0.5)})
    assert plan.marginal_roas[0] == math.inf
    assert plan.to_dict()["channels"]["a"]["marginal_roas"] is None
    joint = value_actions({"like": [10, 20, 30], "share": [20, 40, 60]}, [1, 2, 3], 10.0)
    assert math.isnan(joint["like"].value)
    assert joint.to_dict()["values"]["like"]["value"] is None
    assert joint["like"].to_dict()["interval"] == [None, None]


# --- valuation ----------------------------------------------------------------------------------------


def test_customer_value_without_discounting_is_exact_at_any_lifetime():
    # The log-rate used to be floored at 1e-300, so a lifetime of 1e300 gave (1 - 1/e) of the value.
    assert customer_value(1.0, 1.0, 1e300) == 1e300
    assert customer_value(2.0, 3.0, 2.5) == 15.0
    np.testing.assert_array_equal(customer_value([1.0, 2.0], 1.0, [1e300, 4.0]), [1e300, 8.0])
    # A discount rate too small for 1 + d to differ from 1 is no discount either.
    assert customer_value(1.0, 1.0, 10.0, discount_rate=1e-300) == pytest.approx(10.0, rel=1e-15)
    assert math.isnan(customer_value(1.0, 1.0, math.nan))


def test_level_whose_upper_tail_rounds_to_1_is_refused_and_the_largest_allowed_works():
    with pytest.raises(
        InvalidInputError,
        match=message(
            "'level' must be strictly between 0 and 1 (at most 1 - 2**-52) (got 0.9999999999999999)"
        ),
    ):
        value_per_action([10, 20], [1, 2], 10.0, level=1 - 1e-16)
    for person_level in (False, True):
        wide = value_per_action([10, 20], [1, 2], 10.0, level=1 - 2**-52, person_level=person_level)
        assert 0 <= wide.interval[0] < wide.interval[1] < math.inf
    joint = value_actions({"like": [10, 20, 35]}, [1, 2, 3], 10.0, level=1 - 2**-52)
    assert math.isfinite(joint["like"].interval[1])


def test_draws_are_estimated_against_the_memory_limit():
    with pytest.raises(
        InvalidInputError,
        match=message(
            "'draws' = 1000000000 would need about 29.8 GiB of memory, more than the 8.0 GiB socialroi "
            "allows one call; lower 'draws'"
        ),
    ):
        value_per_action([10, 20], [1, 2], 10.0, draws=10**9)
    with pytest.raises(InvalidInputError, match=message("'draws' = 1000000000 would need about 29.8 GiB")):
        value_actions({"like": [10, 20]}, [1, 2], 10.0, method="ratio", draws=10**9)


def test_numpy_integers_work_as_whole_numbers():
    plain = value_per_action([10, 20, 30], [1, 2, 3], 10.0, lag=1, draws=100, seed=3)
    numpy = value_per_action(
        [10, 20, 30], [1, 2, 3], 10.0, lag=np.int64(1), draws=np.int32(100), seed=np.uint8(3)
    )
    assert numpy == plain
    assert value_actions({"like": [10, 20, 30]}, [1, 2, 3], 10.0, lag=np.int16(1)).periods == 2


def test_a_seed_is_checked_even_when_no_draw_uses_it():
    with pytest.raises(InvalidInputError, match=message("'seed' must be a whole number >= 0 (got -1)")):
        value_per_action([10, 20], [1, 2], 10.0, seed=-1)
    with pytest.raises(InvalidInputError, match=message("'seed' must be a whole number >= 0 (got None)")):
        value_actions({"like": [10, 20]}, [1, 2], 10.0, seed=None)  # type: ignore[arg-type]


# --- report -------------------------------------------------------------------------------------------


def _costs(*channels: str) -> Costs:
    return Costs(items=[CostItem(category="ad_spend", amount=usd(100), channel=name) for name in channels])


def test_negative_shapley_credits_are_refused_with_the_remedy():
    # Journeys with only 'a' convert far better than 'a > b': b's Shapley value is negative (-2.5).
    journeys = Journeys.from_paths(["a > b", "a", "b"], conversions=[1, 9, 1], nulls=[9, 1, 9])
    credited = attribute(journeys, Shapley(smoothing=0))
    assert credited.conversions[1] < 0
    text = (
        "'attribution' must credit every channel >= 0 conversions for a report (got -2.499999999999999 for "
        "'b'); negative credits would give the channel negative revenue or conversions: use "
        "Shapley(clip_negative=True), or pass revenue per channel"
    )
    for revenue in (1_000.0, None, {"a": 10.0, "b": 5.0}):
        with pytest.raises(InvalidInputError, match=message(text[:60])):
            ROIReport.build(_costs("a", "b"), attribution=credited, revenue=revenue)
    clipped = attribute(journeys, Shapley(smoothing=0, clip_negative=True))
    report = ROIReport.build(_costs("a", "b"), attribution=clipped, revenue=1_000.0)
    assert all(row.revenue is not None and row.revenue >= 0 for row in report.channels)
    assert math.fsum(row.revenue or 0.0 for row in report.channels) == pytest.approx(1_000.0)


@pytest.mark.parametrize("name", ["total", "(shared)"])
def test_reserved_channel_names_are_refused(name):
    text = (
        f"'costs' must name channels other than 'total' and '(shared)', which name the report's own rows "
        f"(got a channel {name!r}); rename the channel"
    )
    with pytest.raises(InvalidInputError, match=message(text)):
        ROIReport.build(_costs("meta", name))
    with pytest.raises(InvalidInputError, match=message("'revenue' must name channels other than 'total'")):
        ROIReport.build(_costs("meta"), revenue={"(shared)": 5.0})
    with pytest.raises(InvalidInputError, match=message("'channels' must name channels other than 'total'")):
        attrs.evolve(
            ROIReport.build(_costs("meta")),
            channels=(ChannelROI(channel=name, investment=1.0, ad_spend=1.0),),
        )


def test_total_keys_still_mean_the_total():
    like = value_per_action([100], [1], 10.0)
    report = ROIReport.build(
        _costs("meta"), revenue={"total": 500.0}, engagement={"total": engagement_value(like, 1.0)}
    )
    assert [row.channel for row in report._rows()] == ["meta", "total"]
    assert report.total.revenue == 500.0


def test_an_invalid_channel_roi_cannot_exist():
    with pytest.raises(InvalidInputError, match=message("'margin' must be between 0 and 1 (got 7.0)")):
        ChannelROI(channel="x", investment=10, ad_spend=5, margin=7)
    with pytest.raises(InvalidInputError, match=message("'investment' must be >= 0 and finite (got -5.0)")):
        ChannelROI(channel="x", investment=-5, ad_spend=0)
    report = ROIReport.build(_costs("meta"))
    with pytest.raises(
        InvalidInputError, match=message("'total' must be the row named 'total' (got a row named")
    ):
        attrs.evolve(report, total=report.channels[0])
    with pytest.raises(
        InvalidInputError, match=message("'channels' must name each channel once (got 'meta' twice)")
    ):
        attrs.evolve(report, channels=report.channels * 2)
    comparison = report.compare(report)
    with pytest.raises(InvalidInputError, match=message("'rows[0][1]' must be 'investment'")):
        attrs.evolve(comparison, rows=(("meta", "nope", 1.0, 2.0),))
    with pytest.raises(
        InvalidInputError, match=message("'rows[0]' must be a (channel, kpi, previous, current) row")
    ):
        attrs.evolve(comparison, rows=(("meta", "roas"),))


# --- datasets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [None, -1, 1.5, True])
def test_synthetic_data_follow_the_seed_rule(seed):
    pattern = message(f"'seed' must be a whole number >= 0 (got {seed!r})")
    with pytest.raises(InvalidInputError, match=pattern):
        synthetic_campaign(seed=seed, months=1, channels=("facebook",), journeys=10)
    with pytest.raises(InvalidInputError, match=pattern):
        synthetic_journeys(10, seed=seed)


def test_synthetic_journeys_estimate_their_memory_first():
    with pytest.raises(
        InvalidInputError,
        match=message(
            "'n' = 1000000000 would need about 841.9 GiB of memory, more than the 8.0 GiB socialroi"
        ),
    ):
        synthetic_journeys(10**9)
    with pytest.raises(InvalidInputError, match=message("'journeys' = 1000000000 would need about")):
        synthetic_campaign(journeys=10**9)
    with pytest.raises(InvalidInputError, match=message("'channels' = 10000000000 would need about")):
        synthetic_journeys(10, channels=10**10)


def test_numpy_integers_drive_the_synthetic_data():
    assert (
        synthetic_journeys(np.int64(20), channels=np.int32(3), seed=np.int64(1)).channels
        == synthetic_journeys(20, channels=3, seed=1).channels
    )
    assert (
        synthetic_campaign(seed=np.int64(2), months=np.int8(1), channels=("x",), journeys=np.int64(10)).months
        == 1
    )


def test_action_value_records_reject_what_the_functions_never_make():
    like = value_per_action([100], [1], 10.0)
    with pytest.raises(InvalidInputError, match=message("'prior[1]' must be > 0 and finite (got -1.0)")):
        attrs.evolve(like, prior=(1.0, -1.0))
    with pytest.raises(InvalidInputError, match=message("'covariance' must be a square matrix")):
        attrs.evolve(value_actions({"like": [10, 20]}, [1, 2], 10.0), covariance=np.zeros((2, 2)))
    assert isinstance(like, ActionValue)


def test_synthetic_journeys_rows_line_up():
    data = synthetic_journeys(10, seed=0)
    with pytest.raises(
        InvalidInputError,
        match=message(f"'time' must be one value per touch ({data.journey_id.size}, as 'journey_id')"),
    ):
        attrs.evolve(data, time=data.time[:-1])
    with pytest.raises(
        InvalidInputError,
        match=message(
            "'journey_id' must be an array of whole-number ids (one-dimensional, one row per touch)"
        ),
    ):
        attrs.evolve(data, journey_id=data.journey_id.astype(np.float64))


def test_allocation_refuses_scalars_and_bad_stages():
    fields = {
        "channels": ("a",),
        "spend": [1.0],
        "response": [1.0],
        "marginal_roas": [1.0],
        "at_lower": [False],
        "at_upper": [False],
    }
    with pytest.raises(
        InvalidInputError, match=message("'spend' must be one value per channel (1) (got array(2.))")
    ):
        Allocation(**{**fields, "spend": 2.0})
    with pytest.raises(InvalidInputError, match=message("'channels' must be distinct (got 'a' twice)")):
        Allocation(**{**fields, "channels": ("a", "a")})
