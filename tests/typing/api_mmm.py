"""Pins the public signatures of socialroi.mmm for mypy and pyright. Never executed: every check sits in a
function that nothing calls."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi.budget import HillCurve, LogisticCurve, ResponseCurve, allocate
from socialroi.datasets import SyntheticMMM, synthetic_mmm
from socialroi.exceptions import IdentifiabilityWarning
from socialroi.frames import PerformanceTable, PeriodColumns
from socialroi.mmm import (
    Adstock,
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

Floats = NDArray[np.float64]


def adstock() -> None:
    geometric = GeometricAdstock(decay=0.3, max_lag=4)
    assert_type(geometric.weights, Floats)
    assert_type(geometric.transform([1.0, 2.0]), Floats)
    assert_type(geometric.total_weight, float)
    weibull = WeibullAdstock(shape=2.0, scale=1.0)
    either: Adstock = weibull
    assert_type(either.to_dict(), dict[str, Any])


def fit() -> None:
    data = synthetic_mmm(weeks=104, channels=2, seed=0)
    assert_type(data, SyntheticMMM)
    model = MarketingMixModel(adstock="weibull", saturation="logistic", seasonality_period=None)
    result = model.fit(
        data.spend,
        data.revenue,
        controls={"price": np.ones(104)},
        calibration=[Calibration(channel="facebook", roas=2.0, standard_error=0.5, start=0, stop=52)],
        dropna=True,
    )
    assert_type(result, MarketingMixFit)
    assert_type(result.roas, Floats)
    assert_type(result.roas_interval, Floats)
    assert_type(result.r_squared, float)
    assert_type(result.warnings, tuple[str, ...])
    curves = result.response_curves()
    assert_type(curves, dict[str, ResponseCurve])
    allocate(1_000.0, curves)
    assert_type(result.adstocks(), dict[str, Adstock])
    assert_type(result.to_dict(), dict[str, Any])
    stats = result.normal_equations(data.spend, data.revenue)
    assert_type(stats + stats, NormalEquations)
    assert_type(stats.solve(), dict[str, float])
    assert_type(IdentifiabilityWarning("x"), IdentifiabilityWarning)
    MarketingMixModel(adstock="delayed")  # type: ignore[arg-type]
    boot = MarketingMixModel(intervals="bootstrap", resamples=50, block=4, seed=0)
    assert_type(boot.intervals, Literal["laplace", "bootstrap"])
    assert_type(boot.seed, int | None)
    MarketingMixModel(intervals="jackknife")  # type: ignore[arg-type]
    auto = MarketingMixModel(seasonality_order="auto")
    assert_type(auto.seasonality_order, int | Literal["auto"])


def media() -> None:
    data = synthetic_mmm(weeks=104, channels=2, price_swing=0.5, seed=0)
    result = MarketingMixModel().fit(data.spend, data.revenue, media=data.impressions)
    assert_type(result.media, Floats)
    assert_type(result.media_channels, tuple[str, ...])
    assert_type(result.media_per_spend, Floats)
    assert_type(result.normal_equations(data.spend, data.revenue, media=data.impressions), NormalEquations)
    table = PerformanceTable.from_frame({"date": ["2026-01-05"], "channel": ["meta"], "spend": [1.0]})
    spend = table.pivot("spend", label="channel", fill=0.0)
    assert_type(spend, PeriodColumns)
    assert_type(spend["meta"], Floats)
    assert_type(spend.periods, tuple[dt.date, ...])
    MarketingMixModel().fit(spend, np.ones(1), media=table.pivot("impressions"))


def adapters() -> None:
    assert_type(
        from_robyn(alpha=1.0, gamma=0.5, theta=0.2, coefficient=1.0, adstocked_spend=[1.0]), HillCurve
    )
    assert_type(from_meridian(ec=1.0, slope=1.0, coefficient=1.0, median=1.0), HillCurve)
    assert_type(from_pymc_marketing(lam=1.0, beta=1.0, channel_max=1.0, target_max=1.0), LogisticCurve)
