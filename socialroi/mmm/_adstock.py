"""Adstock: the carry-over of spend into later periods, as a finite weighted sum of past spend."""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from socialroi._arrays import FRACTION, NON_NEGATIVE, POSITIVE, FloatArray, as_array
from socialroi._check import flag, integer, number, real, whole
from socialroi.exceptions import InvalidInputError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "GeometricAdstock",
    "WeibullAdstock",
    "Adstock",
    "convolve",
    "geometric_weights",
    "weibull_weights",
]

_MAX_LAG = 104


def geometric_weights(decay: FloatArray, max_lag: int, *, normalize: bool = True) -> FloatArray:
    """Weights θ^l for l = 0..max_lag, one row per decay (vectorized over ``decay``); rows sum to 1 when normalised."""
    lags = np.arange(max_lag + 1, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        weights = np.where(lags == 0, 1.0, np.asarray(decay, dtype=np.float64)[..., None] ** lags)
    return _normalised(weights, normalize=normalize)


def weibull_weights(
    shape: FloatArray, scale: FloatArray, max_lag: int, *, normalize: bool = True
) -> FloatArray:
    """Weights F(l + 1) - F(l) of the Weibull CDF F(u) = 1 - exp(-(u/scale)^shape), l = 0..max_lag."""
    edges = np.arange(max_lag + 2, dtype=np.float64)
    k = np.asarray(shape, dtype=np.float64)[..., None]
    lam = np.asarray(scale, dtype=np.float64)[..., None]
    survival = np.exp(-((edges / lam) ** k))
    weights: FloatArray = survival[..., :-1] - survival[..., 1:]
    return _normalised(weights, normalize=normalize)


def _normalised(weights: FloatArray, *, normalize: bool) -> FloatArray:
    if not normalize:
        return weights
    result: FloatArray = weights / weights.sum(axis=-1, keepdims=True)
    return result


def convolve(spend: FloatArray, weights: FloatArray) -> FloatArray:
    """Adstocked spend a_t = Σ_l w_l · x_(t-l) along axis 0 (spend before the first period is 0).

    ``weights`` is one row of lags, or one row per column of ``spend`` (shape ``(columns, lags)``).
    """
    out = np.zeros(spend.shape, dtype=np.float64)
    lags = weights.shape[-1]
    for lag in range(min(lags, spend.shape[0])):
        w = weights[..., lag]
        out[lag:] += w * spend[: spend.shape[0] - lag]
    return out


class _Adstock(abc.ABC):
    """What both adstock kinds share."""

    __slots__ = ()

    max_lag: int
    normalize: bool

    @property
    @abc.abstractmethod
    def weights(self) -> FloatArray:
        """The weight of the spend ``l`` periods ago, l = 0..max_lag (they sum to 1 when normalised)."""

    @property
    def total_weight(self) -> float:
        """Σ weights: 1 when normalised. A constant spend s per period has adstock s · total_weight."""
        return float(self.weights.sum())

    def transform(self, spend: ArrayLike) -> FloatArray:
        """Adstocked spend a_t = Σ_l w_l · x_(t-l), along the first axis (periods).

        Args:
            spend: Spend per period, >= 0: one series, or a periods x channels table.

        Returns:
            An array of the shape of ``spend``; periods before the first count as no spend.

        Raises:
            InvalidInputError: ``spend`` is negative, not finite or has no periods.
        """
        x = as_array(spend, "spend", NON_NEGATIVE)
        if x.ndim == 0 or x.shape[0] == 0:
            msg = f"'spend' must be a series of periods (got shape {x.shape})"
            raise InvalidInputError(msg)
        return convolve(x.reshape(x.shape[0], -1), self.weights).reshape(x.shape)

    def _to_dict(self, kind: str, **params: Any) -> dict[str, Any]:
        return {"kind": kind, **params, "max_lag": self.max_lag, "normalize": self.normalize}


@attrs.frozen(kw_only=True)
class GeometricAdstock(_Adstock):
    """Geometric carry-over: the spend ``l`` periods ago weighs θ^l, for l = 0..max_lag.

    Normalised (the default), the weights are θ^l / Σ_k θ^k, so adstock redistributes spend over time
    without creating any: a constant spend s per period has adstock s, and the total of a series'
    adstock equals its total spend when the last ``max_lag`` periods spend nothing.
    Unnormalised, the weights are θ^l and the adstock of a constant spend is s · Σ θ^l (Robyn's
    convention, with an infinite lag).

    Attributes:
        decay: θ, the share of an effect that carries to the next period, from 0 (none) to below 1.
        max_lag: The oldest lag that still counts, a whole number from 0 to 104.
        normalize: Whether the weights sum to 1.

    Examples:
        >>> adstock = GeometricAdstock(decay=0.5, max_lag=2)
        >>> adstock.weights.tolist()
        [0.5714285714285714, 0.2857142857142857, 0.14285714285714285]
        >>> GeometricAdstock(decay=0.5, max_lag=2, normalize=False).transform([100, 0, 0, 0]).tolist()
        [100.0, 50.0, 25.0, 0.0]
    """

    decay: float = attrs.field(converter=real, validator=number(FRACTION))
    max_lag: int = attrs.field(default=8, converter=integer, validator=whole(minimum=0, maximum=_MAX_LAG))
    normalize: bool = attrs.field(default=True, validator=flag())

    def __attrs_post_init__(self) -> None:
        if self.decay >= 1.0:
            msg = f"'decay' must be >= 0 and < 1 (got {self.decay!r}); at 1 spend would never wear off"
            raise InvalidInputError(msg)

    @property
    def weights(self) -> FloatArray:
        """The weight of the spend ``l`` periods ago, l = 0..max_lag (they sum to 1 when normalised)."""
        return geometric_weights(np.array(self.decay), self.max_lag, normalize=self.normalize)

    def to_dict(self) -> dict[str, Any]:
        """The adstock as plain values (strict JSON).

        Examples:
            >>> GeometricAdstock(decay=0.3).to_dict()
            {'kind': 'geometric', 'decay': 0.3, 'max_lag': 8, 'normalize': True}
        """
        return self._to_dict("geometric", decay=self.decay)


@attrs.frozen(kw_only=True)
class WeibullAdstock(_Adstock):
    """Delayed or fast-fading carry-over: the Weibull distribution of the delay, binned by period.

    The spend ``l`` periods ago weighs F(l + 1) - F(l) with F(u) = 1 - exp(-(u/scale)^shape), the share
    of a Weibull-distributed delay that falls in period l, for l = 0..max_lag; normalised (the default)
    they sum to 1. ``shape`` < 1 fades fast with a long tail, ``shape`` = 1 is geometric with
    θ = e^(-1/scale), ``shape`` > 1 peaks after the period of spend (a delayed effect).

    Attributes:
        shape: Weibull shape k, > 0.
        scale: Weibull scale λ in periods, > 0 (about the typical delay).
        max_lag: The oldest lag that still counts, a whole number from 0 to 104.
        normalize: Whether the weights sum to 1.

    Examples:
        >>> adstock = WeibullAdstock(shape=1.0, scale=1.0, max_lag=1, normalize=False)
        >>> [round(w, 6) for w in adstock.weights.tolist()]
        [0.632121, 0.232544]
        >>> int(WeibullAdstock(shape=3.0, scale=3.0).weights.argmax())
        2
    """

    shape: float = attrs.field(converter=real, validator=number(POSITIVE))
    scale: float = attrs.field(converter=real, validator=number(POSITIVE))
    max_lag: int = attrs.field(default=8, converter=integer, validator=whole(minimum=0, maximum=_MAX_LAG))
    normalize: bool = attrs.field(default=True, validator=flag())

    @property
    def weights(self) -> FloatArray:
        """The weight of the spend ``l`` periods ago, l = 0..max_lag (they sum to 1 when normalised)."""
        return weibull_weights(
            np.array(self.shape), np.array(self.scale), self.max_lag, normalize=self.normalize
        )

    def to_dict(self) -> dict[str, Any]:
        """The adstock as plain values (strict JSON).

        Examples:
            >>> WeibullAdstock(shape=2.0, scale=1.5, max_lag=4)
            WeibullAdstock(shape=2.0, scale=1.5, max_lag=4, normalize=True)
        """
        return self._to_dict("weibull", shape=self.shape, scale=self.scale)


Adstock = GeometricAdstock | WeibullAdstock
"""Either adstock kind."""
