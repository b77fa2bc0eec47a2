"""Other tools' fitted media parameters as socialroi response curves (steady state, spend per period)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from socialroi._arrays import FRACTION, NON_NEGATIVE, POSITIVE, as_array, check_scalar
from socialroi._check import describe, flag, whole
from socialroi.budget import HillCurve, LogisticCurve
from socialroi.exceptions import InvalidInputError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["from_meridian", "from_pymc_marketing", "from_robyn"]


def _decay(value: object, name: str) -> float:
    decay = check_scalar(value, name, FRACTION)
    if decay >= 1.0:
        msg = f"{name!r} must be >= 0 and < 1 (got {decay!r}); at 1 spend would never wear off"
        raise InvalidInputError(msg)
    return decay


def from_robyn(
    *, alpha: float, gamma: float, theta: float, coefficient: float, adstocked_spend: ArrayLike
) -> HillCurve:
    """A Robyn channel (geometric adstock, Hill saturation) as a steady-state `HillCurve`.

    Robyn's geometric adstock is a_t = x_t + θ · a_(t-1) (unnormalised, no lag limit), its Hill
    saturation a^α / (a^α + g^α) with the inflexion g = (1 - γ) · min(a) + γ · max(a) over the adstocked
    spend of the modelling window (the γ quantile of an even grid from min to max, rounded to 4 decimals
    as Robyn does), and the channel's response is its coefficient times that. A constant spend s per
    period has adstock s / (1 - θ), so the long-run response per period is
    coefficient · s^α / (s^α + (g · (1 - θ))^α): a `HillCurve` with half-saturation g · (1 - θ).

    Notes:
        Formulas from facebookexperimental/Robyn, ``R/R/transformation.R`` (``adstock_geometric``,
        ``saturation_hill``). Weibull adstock has no closed steady state here; use geometric channels.

    Args:
        alpha: Robyn's ``alpha`` (the Hill slope), > 0.
        gamma: Robyn's ``gamma``, between 0 and 1.
        theta: Robyn's geometric ``theta``, >= 0 and < 1.
        coefficient: The channel's fitted coefficient (response units per period), > 0.
        adstocked_spend: The channel's adstocked spend over the modelling window, as Robyn saw it.

    Returns:
        The [`HillCurve`][socialroi.budget.HillCurve] of spend per period.

    Raises:
        InvalidInputError: a parameter out of range; ``adstocked_spend`` empty, negative or constant 0.

    Examples:
        >>> curve = from_robyn(alpha=2.0, gamma=0.5, theta=0.5, coefficient=1_000.0, adstocked_spend=[0.0, 100.0])
        >>> curve.half_saturation, curve.response(25.0)
        (25.0, 500.0)
    """
    slope = check_scalar(alpha, "alpha", POSITIVE)
    share = check_scalar(gamma, "gamma", FRACTION)
    decay = _decay(theta, "theta")
    beta = check_scalar(coefficient, "coefficient", POSITIVE)
    adstocked = as_array(adstocked_spend, "adstocked_spend", NON_NEGATIVE).reshape(-1)
    if adstocked.size == 0 or np.isnan(adstocked).any() or not adstocked.any():
        msg = f"'adstocked_spend' must be the channel's adstocked spend, not empty, all 0 or with NaN (got {describe(adstocked_spend)})"
        raise InvalidInputError(msg)
    low, high = float(adstocked.min()), float(adstocked.max())
    inflexion = round((1.0 - share) * low + share * high, 4)
    if inflexion <= 0:
        msg = f"the Robyn inflexion (1 - gamma) * min + gamma * max must be > 0 (got {inflexion!r}); raise 'gamma'"
        raise InvalidInputError(msg)
    return HillCurve(beta=beta, half_saturation=inflexion * (1.0 - decay), slope=slope)


def from_meridian(
    *, ec: float, slope: float, coefficient: float, median: float, cost_per_unit: float = 1.0
) -> HillCurve:
    """A Meridian media channel (normalised geometric adstock, Hill) as a steady-state `HillCurve`.

    Meridian scales each channel's media by the median of its non-zero population-scaled values (times
    the geo's population), applies a geometric adstock whose weights are normalised to sum to 1, then
    the Hill function m^slope / (m^slope + ec^slope) on the scaled media. A constant media level v per
    period has scaled adstock v / median, so the long-run response is
    coefficient · v^slope / (v^slope + (ec · median)^slope); with ``cost_per_unit`` c (spend per media
    unit, 1 when the media are spend) a spend s buys s / c units, so the half-saturation in spend is
    ec · median · c.

    Notes:
        Formulas from google/meridian, ``meridian/model/adstock_hill.py`` (``_hill``,
        ``compute_decay_weights`` with ``normalize=True``) and the ``MediaTransformer`` in
        ``meridian/model/transformers.py`` (the population-scaled non-zero median). ``coefficient`` must
        be in outcome units per period: Meridian's ``beta_gm`` is on the scaled KPI, so multiply it by
        the KPI transformer's ``population_scaled_stdev`` (and the geo's population, and the revenue per
        KPI unit for a non-revenue KPI).

    Args:
        ec: Meridian's ``ec_m`` (half-saturation on scaled media), > 0.
        slope: Meridian's ``slope_m``, > 0.
        coefficient: The channel's effect in outcome units per period, > 0.
        median: The channel's scaling median (``population_scaled_median_m`` times the population), > 0.
        cost_per_unit: Spend per media unit (CPM / 1000 for impressions), > 0.

    Returns:
        The [`HillCurve`][socialroi.budget.HillCurve] of spend per period.

    Raises:
        InvalidInputError: a parameter that is not positive and finite.

    Examples:
        >>> curve = from_meridian(ec=0.8, slope=1.0, coefficient=5_000.0, median=10_000.0)
        >>> curve.half_saturation, curve.response(8_000.0)
        (8000.0, 2500.0)
    """
    half = check_scalar(ec, "ec", POSITIVE) * check_scalar(median, "median", POSITIVE)
    return HillCurve(
        beta=check_scalar(coefficient, "coefficient", POSITIVE),
        half_saturation=half * check_scalar(cost_per_unit, "cost_per_unit", POSITIVE),
        slope=check_scalar(slope, "slope", POSITIVE),
    )


def from_pymc_marketing(
    *,
    lam: float,
    beta: float,
    channel_max: float,
    target_max: float,
    alpha: float = 0.0,
    l_max: int = 1,
    normalize: bool = True,
) -> LogisticCurve:
    """A pymc-marketing channel (geometric adstock, logistic saturation) as a steady-state `LogisticCurve`.

    pymc-marketing scales each channel by its maximum absolute value and the target by its own
    (max-abs scaling), applies geometric adstock with weights α^l for l = 0..l_max - 1 (divided by
    their sum when ``normalize``) and the logistic saturation (1 - e^(-λu)) / (1 + e^(-λu)) =
    tanh(λu / 2), times the channel's ``beta``. A constant spend s has scaled adstock s · W / channel_max
    (W the weights' sum, 1 when normalised), so the long-run response is
    target_max · beta · tanh(λ · W · s / (2 · channel_max)): a `LogisticCurve` with
    beta = target_max · beta and λ = lam · W / channel_max.

    Notes:
        Formulas from pymc-labs/pymc-marketing, ``pymc_marketing/mmm/transformers.py``
        (``geometric_adstock``, ``logistic_saturation``) and its max-abs scalers of channels and target.

    Args:
        lam: The channel's fitted ``lam``, > 0.
        beta: The channel's fitted ``beta`` (``saturation_beta``), on the scaled target, > 0.
        channel_max: The channel's maximum spend, its scaler, > 0.
        target_max: The target's maximum, its scaler, > 0.
        alpha: The geometric adstock's ``alpha``, >= 0 and < 1 (only needed when not normalised).
        l_max: The adstock's ``l_max`` (number of weights), >= 1.
        normalize: Whether the adstock weights were normalised (the model's default).

    Returns:
        The [`LogisticCurve`][socialroi.budget.LogisticCurve] of spend per period.

    Raises:
        InvalidInputError: a parameter out of range.

    Examples:
        >>> curve = from_pymc_marketing(lam=2.0, beta=0.3, channel_max=10_000.0, target_max=50_000.0)
        >>> curve.beta, curve.lam
        (15000.0, 0.0002)
    """
    decay = _decay(alpha, "alpha")
    lags = whole(minimum=1).check(l_max, "l_max")
    weight = 1.0 if flag().check(normalize, "normalize") else float(np.sum(decay ** np.arange(lags)))
    return LogisticCurve(
        beta=check_scalar(target_max, "target_max", POSITIVE) * check_scalar(beta, "beta", POSITIVE),
        lam=check_scalar(lam, "lam", POSITIVE) * weight / check_scalar(channel_max, "channel_max", POSITIVE),
    )
