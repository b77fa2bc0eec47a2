"""Every field and option of budget, valuation, report and datasets meets the same bad values.

Each builder puts one value into one field (or option) of an otherwise valid call; ``accepts`` lists the
kinds of bad value the field legitimately takes, every other kind must raise `InvalidInputError` naming
the field in the project's grammar (see `tests/bad_values.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from socialroi import CostItem, Costs, Money, Performance
from socialroi.attribution import Journeys, LastTouch, attribute
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
from socialroi.datasets import Campaign, SyntheticJourneys, synthetic_campaign, synthetic_journeys
from socialroi.exceptions import InvalidInputError
from socialroi.funnel import Funnel
from socialroi.report import ChannelROI, Highlight, ReportSeries, ROIComparison, ROIReport
from socialroi.valuation import (
    ActionValue,
    ActionValues,
    EngagementValue,
    customer_value,
    engagement_value,
    lead_value,
    value_actions,
    value_per_action,
)
from tests.bad_values import check_field

COVERED: dict[type, set[str]] = {
    ExponentialCurve: {"beta", "scale"},
    HillCurve: {"beta", "half_saturation", "slope"},
    LogisticCurve: {"beta", "lam"},
    PowerCurve: {"scale", "exponent"},
    Allocation: {
        "channels",
        "spend",
        "response",
        "marginal_roas",
        "at_lower",
        "at_upper",
        "budget_marginal_roas",
        "method",
        "current_spend",
        "current_response",
        "stages",
        "unconstrained_response",
    },
    ActionValue: {
        "name",
        "value",
        "interval",
        "level",
        "customers_per_action",
        "raw_ratio",
        "customer_value",
        "currency",
        "customers",
        "actions",
        "effective_sample_size",
        "periods",
        "causal",
        "model",
        "method",
        "prior",
        "prior_capped",
        "posterior",
        "baseline_rate",
        "interval_method",
        "identified",
        "confounded_with",
    },
    ActionValues: {
        "entries",
        "method",
        "customers",
        "customer_value",
        "currency",
        "level",
        "periods",
        "covariance",
        "unidentified",
        "group_customers",
        "organic_customers",
    },
    EngagementValue: {"value", "interval", "level", "currency", "customers", "causal", "by_action"},
    ChannelROI: {
        "channel",
        "investment",
        "costs_by_category",
        "ad_spend",
        "revenue",
        "conversions",
        "new_customers",
        "engagement_value",
        "engagement_interval",
        "margin",
        "customer_value",
    },
    ROIReport: {
        "currency",
        "period",
        "channels",
        "unpaid",
        "shared",
        "total",
        "margin",
        "revenue_source",
        "funnel",
        "notes",
    },
    ROIComparison: {"currency", "period", "previous_period", "rows", "funnel", "previous_funnel"},
    Highlight: {"kind", "channel", "name", "previous", "current", "change", "verdict", "text"},
    ReportSeries: {"currency", "freq", "periods", "reports"},
    Campaign: {
        "channels",
        "months",
        "currency",
        "start",
        "performance",
        "costs",
        "touchpoints",
        "journeys",
        "true_effects",
    },
    SyntheticJourneys: {
        "journey_id",
        "channel",
        "time",
        "converted",
        "value",
        "conversion_time",
        "channels",
        "true_effects",
        "baseline",
        "incremental_conversions",
    },
}
"""For each public attrs class of these modules, the ``__init__`` fields this module covers."""

NUMBER = ("np_int64",)
"""A count or amount that takes numpy integers."""


def evolve(base: object, name: str) -> Callable[[Any], object]:
    """Build a copy of ``base`` with one field replaced (``attrs.evolve`` runs converters and validators)."""
    return lambda value: attrs.evolve(base, **{name: value})


def call(
    function: Callable[..., object], *args: object, **kwargs: object
) -> Callable[[str], Callable[[Any], object]]:
    """Builders for a function: ``builder(option)`` puts the value into that keyword option."""
    return lambda option: lambda value: function(*args, **{**kwargs, option: value})


# --- budget -------------------------------------------------------------------------------------------

CURVES: list[tuple[type, dict[str, Any], dict[str, tuple[str, ...]]]] = [
    (ExponentialCurve, {"beta": 10.0, "scale": 10.0}, {"beta": NUMBER, "scale": NUMBER}),
    (
        HillCurve,
        {"beta": 10.0, "half_saturation": 10.0, "slope": 1.0},
        {"beta": NUMBER, "half_saturation": NUMBER, "slope": NUMBER},
    ),
    (LogisticCurve, {"beta": 10.0, "lam": 0.1}, {"beta": NUMBER, "lam": NUMBER}),
    # An elasticity of 2 (np.int64(2)) is above 1: returns would grow without bound.
    (PowerCurve, {"scale": 10.0, "exponent": 0.5}, {"scale": NUMBER, "exponent": ()}),
]


@pytest.mark.parametrize(("kind", "fields", "accepted"), CURVES, ids=lambda x: getattr(x, "__name__", ""))
def test_curve_fields(kind, fields, accepted):
    assert set(accepted) == COVERED[kind] == {f.alias for f in attrs.fields(kind)}
    for name, accepts in accepted.items():
        check_field(lambda value, name=name: kind(**{**fields, name: value}), name, accepts)


PLAN = Allocation(
    channels=("a",),
    spend=[1.0],
    response=[1.0],
    marginal_roas=[1.0],
    at_lower=[False],
    at_upper=[False],
    current_spend=[1.0],
    current_response=[1.0],
)

ALLOCATION_ACCEPTS: dict[str, tuple[str, ...]] = {
    # Array fields take arrays of one value per channel: a scalar, even a good one, is refused.
    "channels": (),
    "spend": (),
    "response": (),
    "marginal_roas": (),
    "at_lower": (),
    "at_upper": (),
    "current_spend": (),
    "current_response": (),
    "stages": (),
    "method": (),
    # A marginal ROAS is infinite at zero spend on a curve that is vertical there; so is a sum of them.
    "budget_marginal_roas": ("inf", "np_int64"),
    "unconstrained_response": ("inf", "np_int64"),
}


def test_allocation_fields():
    assert set(ALLOCATION_ACCEPTS) == COVERED[Allocation] == {f.alias for f in attrs.fields(Allocation)}
    for name, accepts in ALLOCATION_ACCEPTS.items():
        check_field(evolve(PLAN, name), name, accepts)


CURVE_SET = {"a": ExponentialCurve(beta=100.0, scale=10.0), "b": ExponentialCurve(beta=50.0, scale=10.0)}


@pytest.mark.parametrize(
    ("builder", "option", "accepts"),
    [
        (call(split_budget, 100.0), "normalize", ("bool",)),
        (call(split_budget, 100.0), "round_to", NUMBER),
        (call(split_budget, 100.0), "shares", ()),
        (lambda option: split_budget, "total", NUMBER),
        (lambda option: lambda value: allocate(value, CURVE_SET), "total", NUMBER),
        (lambda option: lambda value: allocate(4.0, value), "curves", ()),
        (call(allocate, 4.0, CURVE_SET), "min_spend", NUMBER),
        # No cap at all: an infinite maximum is the same as none.
        (call(allocate, 4.0, CURVE_SET), "max_spend", ("inf", "np_int64")),
        (call(allocate, 4.0, CURVE_SET), "current", NUMBER),
        (call(allocate_to_target, CURVE_SET), "target_marginal_roas", NUMBER),
        # np.int64(2) is a margin above 1.
        (call(allocate_to_target, CURVE_SET), "margin", ()),
        (call(allocate_to_target, CURVE_SET, 1.0), "min_spend", NUMBER),
        (call(allocate_to_target, CURVE_SET, 1.0), "max_spend", ("inf", "np_int64")),
        (call(allocate_to_target, CURVE_SET, 1.0), "current", NUMBER),
        (
            lambda option: (
                lambda value: allocate_by_stage(value, {"awareness": CURVE_SET}, {"awareness": 1.0})
            ),
            "total",
            NUMBER,
        ),
        (lambda option: lambda value: allocate_by_stage(4.0, value), "curves_by_stage", ()),
        (lambda option: lambda value: allocate_by_stage(4.0, {"awareness": CURVE_SET}, value), "shares", ()),
        (call(allocate_by_stage, 4.0, {"awareness": CURVE_SET}, {"awareness": 1.0}), "normalize", ("bool",)),
        (call(allocate_by_stage, 4.0, {"awareness": CURVE_SET}, {"awareness": 1.0}), "min_spend", NUMBER),
        (
            call(allocate_by_stage, 4.0, {"awareness": CURVE_SET}, {"awareness": 1.0}),
            "max_spend",
            ("inf", "np_int64"),
        ),
        (call(allocate_by_stage, 4.0, {"awareness": CURVE_SET}, {"awareness": 1.0}), "current", NUMBER),
    ],
)
def test_budget_options(builder, option, accepts):
    check_field(builder(option), option, accepts)


# --- valuation ----------------------------------------------------------------------------------------

LIKES, CUSTOMERS = [1_000.0, 1_500.0, 1_200.0], [10.0, 14.0, 11.0]
VALUE = value_per_action(LIKES, CUSTOMERS, 100.0, prior=(1.0, 100.0), baseline=0.001, name="like")
VALUES = value_actions({"like": LIKES, "follow": [30.0, 10.0, 50.0]}, CUSTOMERS, 100.0)
TOTAL = engagement_value(VALUE, 100.0)

ACTION_VALUE_ACCEPTS: dict[str, tuple[str, ...]] = {
    "name": ("string",),
    # Incremental over a baseline, a value may be negative; NaN is the value of an unidentified action.
    "value": ("negative", "nan", "np_int64"),
    "interval": (),
    "level": (),
    "customers_per_action": ("negative", "nan", "np_int64"),
    "raw_ratio": ("nan", "np_int64"),
    "customer_value": NUMBER,
    "currency": ("string",),
    "customers": ("negative", "nan", "np_int64"),
    "actions": NUMBER,
    "effective_sample_size": NUMBER,
    "periods": NUMBER,
    "causal": ("bool",),
    "model": (),
    "method": (),
    "prior": (),
    "prior_capped": ("bool",),
    "posterior": (),
    "baseline_rate": NUMBER,
    "interval_method": (),
    "identified": ("bool",),
    "confounded_with": (),
}
ACTION_VALUES_ACCEPTS: dict[str, tuple[str, ...]] = {
    "entries": (),
    "method": (),
    "customers": NUMBER,
    "customer_value": NUMBER,
    "currency": ("string",),
    "level": (),
    "periods": NUMBER,
    "covariance": (),
    "unidentified": (),
    "group_customers": (),
    # NaN when the organic column is itself in an unidentified group.
    "organic_customers": ("nan", "np_int64"),
}
ENGAGEMENT_VALUE_ACCEPTS: dict[str, tuple[str, ...]] = {
    "value": ("negative", "np_int64"),
    "interval": (),
    "level": (),
    "currency": ("string",),
    "customers": ("negative", "np_int64"),
    "causal": ("bool",),
    "by_action": (),
}


@pytest.mark.parametrize(
    ("kind", "base", "accepted"),
    [
        (ActionValue, VALUE, ACTION_VALUE_ACCEPTS),
        (ActionValues, VALUES, ACTION_VALUES_ACCEPTS),
        (EngagementValue, TOTAL, ENGAGEMENT_VALUE_ACCEPTS),
    ],
    ids=["ActionValue", "ActionValues", "EngagementValue"],
)
def test_valuation_fields(kind, base, accepted):
    assert set(accepted) == COVERED[kind] == {f.alias for f in attrs.fields(kind)}
    for name, accepts in accepted.items():
        check_field(evolve(base, name), name, accepts)


def series(value: object) -> list[object]:
    """A series with one bad element: NaN is a missing period; numpy reads a bool in a list as a number."""
    return [value, 10.0, 12.0]


RATIO = {"method": "ratio"}


@pytest.mark.parametrize(
    ("builder", "option", "accepts"),
    [
        (
            lambda option: lambda v: value_per_action(series(v), CUSTOMERS, 100.0),
            "actions",
            ("bool", "nan", "np_int64"),
        ),
        (
            lambda option: lambda v: value_per_action(LIKES, series(v), 100.0),
            "new_customers",
            ("bool", "nan", "np_int64"),
        ),
        (lambda option: lambda v: value_per_action(LIKES, CUSTOMERS, v), "customer_value", NUMBER),
        # An infinite half-life is equal weights, as None is.
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "half_life", ("inf", "np_int64")),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "lag", NUMBER),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "prior", ()),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "person_level", ("bool",)),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "baseline", NUMBER),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "level", ()),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "draws", NUMBER),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "seed", NUMBER),
        (call(value_per_action, LIKES, CUSTOMERS, 100.0), "name", ("string",)),
        (lambda option: lambda v: value_actions(v, CUSTOMERS, 100.0), "actions", ()),
        (
            lambda option: lambda v: value_actions({"like": LIKES}, series(v), 100.0),
            "new_customers",
            ("bool", "nan", "np_int64"),
        ),
        (lambda option: lambda v: value_actions({"like": LIKES}, CUSTOMERS, v), "customer_value", NUMBER),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "method", ()),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "half_life", ("inf", "np_int64")),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "lag", NUMBER),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "level", ()),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "tolerance", ()),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "organic", ("bool",)),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0), "seed", NUMBER),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0, **RATIO), "prior", ()),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0, **RATIO), "person_level", ("bool",)),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0, **RATIO), "baseline", NUMBER),
        (call(value_actions, {"like": LIKES}, CUSTOMERS, 100.0, **RATIO), "draws", NUMBER),
        (lambda option: lambda v: engagement_value(v, 1.0), "values", ()),
        (lambda option: lambda v: engagement_value(VALUE, v), "counts", NUMBER),
        # NaN in, NaN out: a missing input gives a missing value.
        (lambda option: lambda v: customer_value(v, 1.0, 1.0), "average_order_value", ("nan", "np_int64")),
        (lambda option: lambda v: customer_value(50.0, v, 1.0), "purchases_per_period", ("nan", "np_int64")),
        (lambda option: lambda v: customer_value(50.0, 1.0, v), "periods", ("nan", "np_int64")),
        (call(customer_value, 50.0, 1.0, 1.0), "margin", ("nan",)),
        (call(customer_value, 50.0, 1.0, 1.0), "discount_rate", ("nan", "np_int64")),
        (
            lambda option: lambda v: customer_value(Money(amount=50.0, currency="USD"), v, 1.0),
            "purchases_per_period",
            NUMBER,
        ),
        (lambda option: lambda v: lead_value(v, 100.0), "close_rate", ("nan",)),
        (lambda option: lambda v: lead_value(0.5, v), "deal_value", ("nan", "np_int64")),
        (call(lead_value, 0.5, 100.0), "margin", ("nan",)),
        (call(lead_value, 0.5, Money(amount=100.0, currency="USD")), "margin", ()),
    ],
)
def test_valuation_options(builder, option, accepts):
    check_field(builder(option), option, accepts)


def test_a_bool_series_is_refused_where_a_list_element_is_read_as_a_number():
    with pytest.raises(
        InvalidInputError, match=r"^'actions' must be a number or an array of numbers \(got True\)"
    ):
        value_per_action(True, 1.0, 100.0)


# --- report -------------------------------------------------------------------------------------------


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


COSTS = Costs(
    items=[
        CostItem(category="ad_spend", amount=usd(100.0), channel="meta"),
        CostItem(category="tools", amount=usd(20.0)),
    ]
)
REPORT = ROIReport.build(COSTS, revenue={"meta": 300.0}, engagement={"meta": TOTAL}, period="Q1")
COMPARISON = REPORT.compare(REPORT)
ROW = REPORT.channels[0]

CHANNEL_ROI_ACCEPTS: dict[str, tuple[str, ...]] = {
    "channel": ("string",),
    "investment": NUMBER,
    "costs_by_category": (),
    "ad_spend": NUMBER,
    # Revenue net of refunds, and engagement value incremental over a baseline, may be negative.
    "revenue": ("negative", "np_int64"),
    "conversions": NUMBER,
    "new_customers": NUMBER,
    "engagement_value": ("negative", "np_int64"),
    "engagement_interval": (),
    "margin": (),
    "customer_value": NUMBER,
}
REPORT_ACCEPTS: dict[str, tuple[str, ...]] = {
    "currency": ("string",),
    "period": ("string",),
    "channels": (),
    "unpaid": (),
    "shared": (),
    "total": (),
    "margin": (),
    "revenue_source": (),
    "funnel": (),
    "notes": (),
}
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
DATED = Costs(items=[attrs.evolve(item, period=JANUARY) for item in COSTS])
SERIES = ROIReport.series(DATED, revenue={"2026-01": {"meta": 300.0}})
# A currency other than the reports' is refused: the series' currency is theirs.
SERIES_ACCEPTS: dict[str, tuple[str, ...]] = {"currency": (), "freq": (), "periods": (), "reports": ()}
COMPARISON_ACCEPTS: dict[str, tuple[str, ...]] = {
    "currency": ("string",),
    "period": ("string",),
    "previous_period": ("string",),
    "rows": (),
    "funnel": (),
    "previous_funnel": (),
}
HIGHLIGHT = Highlight(
    kind="mover",
    channel="meta",
    name="roas",
    previous=2.0,
    current=3.0,
    change=0.5,
    verdict="better",
    text="up",
)
SIGNED_OR_UNDEFINED = ("negative", "nan", "np_int64")  # a value, a progress or a change: NaN where undefined
HIGHLIGHT_ACCEPTS: dict[str, tuple[str, ...]] = {
    "kind": (),
    "channel": ("string",),
    "name": ("string",),
    "previous": SIGNED_OR_UNDEFINED,
    "current": SIGNED_OR_UNDEFINED,
    "change": SIGNED_OR_UNDEFINED,
    "verdict": (),
    "text": ("string",),
}


@pytest.mark.parametrize(
    ("kind", "base", "accepted"),
    [
        (ChannelROI, ROW, CHANNEL_ROI_ACCEPTS),
        (ROIReport, REPORT, REPORT_ACCEPTS),
        (ROIComparison, COMPARISON, COMPARISON_ACCEPTS),
        (Highlight, HIGHLIGHT, HIGHLIGHT_ACCEPTS),
        (ReportSeries, SERIES, SERIES_ACCEPTS),
    ],
    ids=["ChannelROI", "ROIReport", "ROIComparison", "Highlight", "ReportSeries"],
)
def test_report_fields(kind, base, accepted):
    assert set(accepted) == COVERED[kind] == {f.alias for f in attrs.fields(kind)}
    for name, accepts in accepted.items():
        check_field(evolve(base, name), name, accepts)


@pytest.mark.parametrize(
    ("option", "accepts"),
    [
        ("revenue", ("negative", "np_int64")),
        ("attribution", ()),
        ("engagement", ()),
        ("performance", ()),
        ("funnel", ()),
        ("targets", ()),
        ("period", ("string",)),
        ("as_of", ()),
        ("margin", ()),
        ("customer_value", NUMBER),
        ("include_unpaid", ("bool",)),
    ],
)
def test_report_options(option, accepts):
    check_field(call(ROIReport.build, COSTS)(option), option, accepts)


def test_report_costs():
    check_field(ROIReport.build, "costs")
    check_field(ROIReport.series, "costs")


@pytest.mark.parametrize(
    ("option", "accepts"),
    [
        ("freq", ()),
        ("revenue", ()),
        ("attribution", ()),
        ("engagement", ()),
        ("performance", ()),
        ("between", ()),
        ("margin", ()),
        ("customer_value", NUMBER),
        ("include_unpaid", ("bool",)),
    ],
)
def test_report_series_options(option, accepts):
    check_field(call(ROIReport.series, DATED)(option), option, accepts)


def test_report_options_with_a_funnel():
    records = [Performance(channel="meta", clicks=10, impressions=1_000)]
    check_field(call(ROIReport.build, COSTS, performance=records, funnel=Funnel.social())("as_of"), "as_of")


def test_revenue_from_attribution_as_a_number():
    journeys = Journeys.from_paths(["meta"], conversions=[2], nulls=[1])
    credited = attribute(journeys, LastTouch())
    check_field(
        call(ROIReport.build, COSTS, attribution=credited)("revenue"), "revenue", ("negative", "np_int64")
    )


# --- datasets -----------------------------------------------------------------------------------------

SMALL = {"months": 1, "channels": ("facebook",), "journeys": 20}


@pytest.mark.parametrize(
    ("option", "accepts"),
    [
        ("seed", NUMBER),
        ("months", NUMBER),
        ("channels", ()),
        ("currency", ()),  # Money refuses a currency that is not a three-letter code
        ("start", ()),
        ("journeys", NUMBER),
    ],
)
def test_synthetic_campaign_options(option, accepts):
    check_field(call(synthetic_campaign, **SMALL)(option), option, accepts)


@pytest.mark.parametrize(
    ("builder", "option", "accepts"),
    [
        (lambda option: synthetic_journeys, "n", NUMBER),
        (call(synthetic_journeys, 10), "channels", NUMBER),
        (call(synthetic_journeys, 10), "seed", NUMBER),
        (call(synthetic_journeys, 10), "effects", ()),
        (call(synthetic_journeys, 10), "popularity", ()),
    ],
)
def test_synthetic_journeys_options(builder, option, accepts):
    check_field(builder(option), option, accepts)


CAMPAIGN = synthetic_campaign(**SMALL)
JOURNEYS = synthetic_journeys(20, channels=3, seed=1)

CAMPAIGN_ACCEPTS: dict[str, tuple[str, ...]] = {
    "channels": (),
    "months": NUMBER,
    "currency": ("string",),
    "start": (),
    "performance": (),
    "costs": (),
    "touchpoints": (),
    "journeys": (),
    "true_effects": (),
}
SYNTHETIC_JOURNEYS_ACCEPTS: dict[str, tuple[str, ...]] = {
    "journey_id": (),
    "channel": (),
    "time": (),
    "converted": (),
    "value": (),
    "conversion_time": (),
    "channels": (),
    "true_effects": (),
    "baseline": (),
    "incremental_conversions": (),
}


@pytest.mark.parametrize(
    ("kind", "base", "accepted"),
    [(Campaign, CAMPAIGN, CAMPAIGN_ACCEPTS), (SyntheticJourneys, JOURNEYS, SYNTHETIC_JOURNEYS_ACCEPTS)],
    ids=["Campaign", "SyntheticJourneys"],
)
def test_dataset_fields(kind, base, accepted):
    assert set(accepted) == COVERED[kind] == {f.alias for f in attrs.fields(kind)}
    for name, accepts in accepted.items():
        check_field(evolve(base, name), name, accepts)
