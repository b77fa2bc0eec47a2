"""Every field and option of `socialroi.mmm` meets the shared bad values.

The configuration objects (`MarketingMixModel`, `Calibration`, the adstocks), ``fit``'s options and the
adapters (``from_robyn``, ``from_meridian``, ``from_pymc_marketing``). ``accepts`` lists the kinds a field
legitimately takes (an ``np.int64`` lag is a lag, a negative ROAS is a measured loss).
"""

from __future__ import annotations

import copy
import functools
import json
import pickle
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import InvalidInputError
from socialroi.mmm import (
    Calibration,
    GeometricAdstock,
    MarketingMixFit,
    MarketingMixModel,
    NormalEquations,
    WeibullAdstock,
    from_meridian,
    from_pymc_marketing,
    from_robyn,
)
from tests.bad_values import check_field

INT = {"np_int64"}


@functools.cache
def _small_fit() -> MarketingMixFit:
    data = synthetic_mmm(weeks=52, channels=2, seed=1)
    return MarketingMixModel().fit(data.spend, data.revenue)


FIELDS: dict[type, dict[str, set[str]]] = {
    MarketingMixModel: {
        "adstock": set(),
        "saturation": set(),
        "max_lag": INT,
        "trend": {"bool"},
        "seasonality_period": INT,
        "seasonality_order": INT,
        "prior_roas": INT,
        "prior_roas_sd": INT,
        "interval": set(),
        "intervals": set(),
        "resamples": INT,
        "block": INT,
        "seed": INT,
    },
    Calibration: {
        "channel": {"string"},
        "roas": {"negative", "np_int64"},
        "standard_error": INT,
        "start": INT,
        "stop": INT,
    },
    GeometricAdstock: {"decay": set(), "max_lag": INT, "normalize": {"bool"}},
    WeibullAdstock: {"shape": INT, "scale": INT, "max_lag": INT, "normalize": {"bool"}},
    NormalEquations: {
        "columns": set(),
        "channels": set(),
        "gram": set(),
        "moment": set(),
        "total_squares": INT,
        "periods": INT,
    },
    MarketingMixFit: {
        **{
            name: set()
            for name in (
                "model",
                "channels",
                "spend",
                "media",
                "revenue",
                "used",
                "shapes",
                "spend_scale",
                "effects",
                "baseline_columns",
                "baseline_coefficients",
                "baseline",
                "contributions",
                "fitted",
                "roas",
                "roas_interval",
                "contribution",
                "contribution_interval",
                "marginal_roas",
                "marginal_roas_interval",
                "current_spend",
                "share",
                "dropped",  # a whole number, but not the count of periods left out
                "calibration",
                "warnings",
            )
        },
        "baseline_share": {"negative", "nan", "np_int64"},
        "r_squared": {"negative", "nan"},
        "nrmse": {"nan", "np_int64"},
        "durbin_watson": {"nan", "np_int64"},
        "autocorrelation": {"negative", "nan"},
        "sigma": INT,
    },
}
BASES: dict[type, Callable[[], Any]] = {
    MarketingMixModel: MarketingMixModel,
    Calibration: lambda: Calibration(channel="facebook", roas=2.0, standard_error=0.5, start=0, stop=10),
    GeometricAdstock: lambda: GeometricAdstock(decay=0.5),
    WeibullAdstock: lambda: WeibullAdstock(shape=1.0, scale=2.0),
    NormalEquations: lambda: NormalEquations(
        columns=("intercept", "meta"),
        channels=("meta",),
        gram=[[2.0, 1.0], [1.0, 1.0]],
        moment=[5.0, 3.0],
        total_squares=13.0,
        periods=2,
    ),
    MarketingMixFit: _small_fit,
}

COVERED: dict[type, set[str]] = {cls: set(fields) for cls, fields in FIELDS.items()}
"""For each public attrs class of `socialroi.mmm`, the ``__init__`` fields this module covers."""


def test_covered_is_every_init_field():
    for cls, names in COVERED.items():
        assert names == {f.alias for f in attrs.fields(cls) if f.init}, cls


@pytest.mark.parametrize(
    ("cls", "name"), [(cls, name) for cls, fields in FIELDS.items() for name in fields], ids=str
)
def test_fields(cls, name):
    base = BASES[cls]()
    check_field(lambda v: attrs.evolve(base, **{name: v}), name, accepts=FIELDS[cls][name])


@pytest.fixture(scope="module")
def data():
    return synthetic_mmm(weeks=52, channels=2, seed=1)


def test_fit_options(data):
    model = MarketingMixModel()
    check_field(lambda v: model.fit(data.spend, data.revenue, dropna=v), "dropna", accepts={"bool"})
    check_field(lambda v: model.fit(data.spend, data.revenue, calibration=v), "calibration")
    check_field(lambda v: model.fit(data.spend, data.revenue, controls=v), "controls")


def test_fit_calibration_must_be_a_sequence_not_a_number(data):
    # regression: a non-iterable calibration raised a raw TypeError
    with pytest.raises(InvalidInputError, match=r"^'calibration' must be a sequence \(got 1.5\)$"):
        MarketingMixModel().fit(data.spend, data.revenue, calibration=1.5)


ADAPTERS: list[tuple[Callable[..., object], dict[str, Any], dict[str, set[str]]]] = [
    (
        from_meridian,
        {"ec": 1.0, "slope": 1.0, "coefficient": 1.0, "median": 1.0},
        {"ec": INT, "slope": INT, "coefficient": INT, "median": INT, "cost_per_unit": INT},
    ),
    (
        from_pymc_marketing,
        {"lam": 1.0, "beta": 1.0, "channel_max": 1.0, "target_max": 1.0},
        {
            "lam": INT,
            "beta": INT,
            "channel_max": INT,
            "target_max": INT,
            "alpha": set(),
            "l_max": INT,
            "normalize": {"bool"},
        },
    ),
    (
        from_robyn,
        {"alpha": 1.0, "gamma": 0.5, "theta": 0.5, "coefficient": 1.0, "adstocked_spend": [1.0, 2.0, 3.0]},
        {"alpha": INT, "gamma": set(), "theta": set(), "coefficient": INT, "adstocked_spend": INT},
    ),
]


@pytest.mark.parametrize(
    ("adapter", "base", "name", "accepts"),
    [(f, base, name, accepts) for f, base, fields in ADAPTERS for name, accepts in fields.items()],
    ids=str,
)
def test_adapter_options(adapter, base, name, accepts):
    check_field(lambda v: adapter(**{**base, name: v}), name, accepts=accepts)


def test_robyn_nan_spend_is_refused_in_the_grammar():
    # regression: the message read "'adstocked_spend' must hold ..." outside the grammar
    with pytest.raises(InvalidInputError, match=r"^'adstocked_spend' must be .+ \(got \[1.0, nan\]\)$"):
        from_robyn(alpha=1.0, gamma=0.5, theta=0.5, coefficient=1.0, adstocked_spend=[1.0, float("nan")])


# --- every public result pickles, deep-copies and gives strict JSON ----------------------------------------


@pytest.fixture(scope="module")
def fit(data) -> MarketingMixFit:
    return MarketingMixModel().fit(
        data.spend, data.revenue, calibration=[Calibration(channel="facebook", roas=2.0, standard_error=0.5)]
    )


def results(fit: MarketingMixFit, data: Any) -> list[object]:
    return [
        fit,
        fit.normal_equations(data.spend, data.revenue),
        fit.model,
        fit.calibration[0],
        GeometricAdstock(decay=0.5),
        WeibullAdstock(shape=1.0, scale=2.0),
    ]


def test_results_pickle_deep_copy_and_compare_equal(fit, data):
    # regression: == on MarketingMixFit and NormalEquations raised numpy's ambiguous truth ValueError
    for result in results(fit, data):
        assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301
        assert copy.deepcopy(result) == result
    other = attrs.evolve(fit, roas=fit.roas + 1.0)
    assert other != fit
    equations = fit.normal_equations(data.spend, data.revenue)
    assert attrs.evolve(equations, moment=equations.moment + 1.0) != equations


def test_results_give_strict_json(fit, data):
    for result in results(fit, data):
        if hasattr(result, "to_dict"):
            json.dumps(result.to_dict(), allow_nan=False)


# --- a fit whose parts disagree cannot exist ----------------------------------------------------------------


def test_a_fit_refuses_arrays_of_the_wrong_shape():
    fit = _small_fit()
    with pytest.raises(
        InvalidInputError, match=r"^'roas' must be of shape \(2,\), as 'used' .+ \(got shape \(3,\)\)$"
    ):
        attrs.evolve(fit, roas=[1.0, 2.0, 3.0])
    with pytest.raises(
        InvalidInputError, match=r"^'spend' must be of shape \(52, 2\), .+ \(got shape \(52, 1\)\)$"
    ):
        attrs.evolve(fit, spend=fit.spend[:, :1])
    with pytest.raises(InvalidInputError, match=r"^'shapes' must be of shape \(2, 3\)"):
        attrs.evolve(fit, shapes=fit.shapes[:, :1])


def test_a_fit_refuses_reversed_intervals():
    fit = _small_fit()
    bounds = fit.roas_interval[:, ::-1].copy()
    bounds[0] = fit.roas_interval[0]
    with pytest.raises(
        InvalidInputError,
        match=r"^'roas_interval' must be one \[low, high\] row per channel with low <= high \('instagram'\) \(got \(",
    ):
        attrs.evolve(fit, roas_interval=bounds)


def test_a_fit_refuses_a_model_whose_seasonality_order_is_not_chosen():
    fit = _small_fit()
    with pytest.raises(
        InvalidInputError,
        match=r"^'model' must be a model with its seasonality order chosen, as a fit's model has \(got ",
    ):
        attrs.evolve(fit, model=MarketingMixModel())


def test_a_fit_refuses_a_dropped_count_that_disagrees_with_used():
    fit = _small_fit()
    used = fit.used.copy()
    used[0] = False
    with pytest.raises(
        InvalidInputError, match=r"^'dropped' must be the number of periods not used \(1\) \(got 0\)$"
    ):
        attrs.evolve(fit, used=used)
    assert attrs.evolve(fit, used=used, dropped=1).dropped == 1
