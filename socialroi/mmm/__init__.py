"""Marketing mix modelling: channel ROI and response curves from spend and revenue per period.

Where attribution follows users' journeys, a marketing mix model (MMM) needs only spend per channel and
revenue (or conversions) per period, weekly or daily. It explains revenue as a baseline (level, trend,
seasonality, controls) plus each channel's saturated, carried-over spend:

    revenue_t = baseline_t + Σ_c β_c · f_c(adstock_c(spend_c)_t / m_c) + noise

- [`MarketingMixModel`][socialroi.mmm.MarketingMixModel] configures the model (adstock kind and lag,
  saturation family, baseline terms, priors) and [`fit`][socialroi.mmm.MarketingMixModel.fit]s it
  deterministically in well under a second: the effects are profiled out by non-negative least squares
  with a Gaussian prior on each channel's ROAS, the shapes searched on fixed grids. A channel's
  impressions or reach can be its media variable instead of its spend (``fit(media=...)``).
- [`MarketingMixFit`][socialroi.mmm.MarketingMixFit] carries each channel's ROAS, contribution and
  marginal ROAS with intervals, the decomposition and diagnostics, and
  [`response_curves`][socialroi.mmm.MarketingMixFit.response_curves] for
  [`allocate`][socialroi.budget.allocate].
- [`Calibration`][socialroi.mmm.Calibration] brings an experiment's measured ROAS into the fit.
- [`GeometricAdstock`][socialroi.mmm.GeometricAdstock] and [`WeibullAdstock`][socialroi.mmm.WeibullAdstock]
  are the carry-over kinds; [`NormalEquations`][socialroi.mmm.NormalEquations] the additive statistics
  for per-region fits.
- [`from_robyn`][socialroi.mmm.from_robyn], [`from_meridian`][socialroi.mmm.from_meridian] and
  [`from_pymc_marketing`][socialroi.mmm.from_pymc_marketing] turn those tools' fitted parameters into
  socialroi curves.

Examples:
    >>> from socialroi.datasets import synthetic_mmm
    >>> from socialroi.mmm import MarketingMixModel
    >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
    >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
    >>> sorted(fit.response_curves())
    ['facebook', 'instagram']
"""

from __future__ import annotations

from typing import TypeAlias

from socialroi.mmm._adapters import from_meridian, from_pymc_marketing, from_robyn
from socialroi.mmm._adstock import GeometricAdstock, WeibullAdstock
from socialroi.mmm._model import Calibration, MarketingMixFit, MarketingMixModel, NormalEquations

__all__ = [
    "Adstock",
    "Calibration",
    "GeometricAdstock",
    "MarketingMixFit",
    "MarketingMixModel",
    "NormalEquations",
    "WeibullAdstock",
    "from_meridian",
    "from_pymc_marketing",
    "from_robyn",
]

Adstock: TypeAlias = GeometricAdstock | WeibullAdstock
"""Either adstock kind: [`GeometricAdstock`][socialroi.mmm.GeometricAdstock] or
[`WeibullAdstock`][socialroi.mmm.WeibullAdstock]."""
