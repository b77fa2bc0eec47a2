"""The marketing mix model: configuration, the deterministic fit and its result."""

from __future__ import annotations

import html
import math
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias, cast

import attrs
import numpy as np

from socialroi._arrays import (
    ARRAY_EQ,
    FINITE,
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    SIGNED_FRACTION,
    FloatArray,
    Rule,
    as_array,
    did_you_mean,
    freeze,
    generator,
    warn,
)
from socialroi._check import (
    array,
    at_least_one,
    choice,
    distinct,
    each,
    fail,
    flag,
    flags,
    floats,
    instance,
    integer,
    memory,
    number,
    optional,
    real,
    shaped,
    text,
    to_tuple,
    whole,
    word_or,
)
from socialroi._display import html_table, level, percent, plain, text_table
from socialroi._display import number as show
from socialroi.budget import ExponentialCurve, HillCurve, LogisticCurve, PowerCurve, ResponseCurve
from socialroi.exceptions import IdentifiabilityWarning, InvalidInputError
from socialroi.mmm._adstock import (
    Adstock,
    GeometricAdstock,
    WeibullAdstock,
    convolve,
    geometric_weights,
    weibull_weights,
)
from socialroi.valuation import _nnls  # pyright: ignore[reportPrivateUsage]

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = ["Calibration", "MarketingMixFit", "MarketingMixModel", "NormalEquations"]

AdstockKind: TypeAlias = Literal["geometric", "weibull"]
Saturation: TypeAlias = Literal["hill", "exponential", "logistic", "power"]
IntervalKind: TypeAlias = Literal["laplace", "bootstrap"]

_ADSTOCKS = ("geometric", "weibull")
_SATURATIONS = ("hill", "exponential", "logistic", "power")
_INTERVALS = ("laplace", "bootstrap")
_CORRELATED = 0.95
_STEADY_SPEND = 0.1
_BASELINE_SHARE = 0.05
_SWEEPS = 6
_STEPS = (0.3, 0.15, 0.075, 0.0375)  # local search steps: log units, or a third of them on linear scales
_ROWS_SHOWN = 12
_AUTO_ORDER = 4  # the most Fourier pairs seasonality_order="auto" considers
_AT_MOST_ONE = Rule(-sys.float_info.max, 1.0, "<= 1")
_DURBIN_WATSON = Rule(0.0, 4.0, "between 0 and 4")


class _Param(NamedTuple):
    """One shape parameter: its coarse grid, whether it is searched on a log scale, and its bounds.

    ``prior_sd`` > 0 adds a Gaussian prior on ln(value) centred at ln(1) (a half-saturation at the mean
    spend, a slope of 1) with that standard deviation; 0 means a flat prior within the bounds.
    ``pool_sd`` > 0 adds a Gaussian prior on the value centred on its mean over the channels after the
    coarse search (partial pooling: the channels' carry-overs are alike), with that standard deviation.
    """

    name: str
    grid: tuple[float, ...]
    log: bool
    low: float
    high: float
    prior_sd: float = 0.0
    pool_sd: float = 0.0


def _log_grid(low: float, high: float, count: int) -> tuple[float, ...]:
    return tuple(float(v) for v in np.exp(np.linspace(math.log(low), math.log(high), count)))


_RATIO = _log_grid(0.25, 4.0, 7)
_RATIO_SD = 0.7  # half-saturation within a factor 4 of the mean spend at 95 % prior probability
_SLOPE_SD = 0.3  # slope between 0.55 and 1.8 at 95 %
_DECAY_POOL_SD = 0.25  # a channel's decay within 0.5 of the channels' mean decay at 95 %
_PARAMS: dict[str, tuple[_Param, ...]] = {
    "geometric": (
        _Param(
            "decay",
            tuple(float(v) for v in np.linspace(0.0, 0.8, 9)),
            False,
            0.0,
            0.95,
            pool_sd=_DECAY_POOL_SD,
        ),
    ),
    "weibull": (
        _Param("shape", _log_grid(0.5, 4.0, 4), True, 0.2, 8.0),
        _Param("scale", _log_grid(0.5, 4.0, 4), True, 0.2, 12.0),
    ),
    "hill": (
        _Param("half_saturation", _RATIO, True, 0.05, 20.0, _RATIO_SD),
        _Param("slope", _log_grid(0.6, 2.4, 4), True, 0.3, 4.0, _SLOPE_SD),
    ),
    "exponential": (_Param("scale", _RATIO, True, 0.05, 20.0, _RATIO_SD),),
    "logistic": (_Param("scale", _RATIO, True, 0.05, 20.0, _RATIO_SD),),
    "power": (_Param("exponent", tuple(float(v) for v in np.linspace(0.2, 1.0, 5)), False, 0.05, 1.0),),
}


# --- the building blocks, vectorized over candidate shapes ---------------------------------------------


def _weights(kind: str, params: FloatArray, max_lag: int) -> FloatArray:
    """Normalised adstock weights, one row per candidate (``params`` has one column per parameter)."""
    if kind == "geometric":
        return geometric_weights(params[:, 0], max_lag)
    return weibull_weights(params[:, 0], params[:, 1], max_lag)


def _saturate(kind: str, params: FloatArray, u: FloatArray) -> FloatArray:
    """Saturation with unit effect of ``u`` = adstock / mean spend; ``params`` broadcast against ``u``."""
    with np.errstate(divide="ignore", over="ignore"):
        if kind == "hill":
            ratio, slope = params[..., 0], params[..., 1]
            result: FloatArray = np.where(
                u > 0, 1.0 / (1.0 + (ratio / np.where(u > 0, u, 1.0)) ** slope), 0.0
            )
        elif kind == "exponential":
            result = -np.expm1(-u / params[..., 0])
        elif kind == "logistic":
            result = np.tanh(u / (2.0 * params[..., 0]))
        else:
            result = u ** params[..., 0]
    return result


def _slope_at(kind: str, params: FloatArray, u: FloatArray) -> FloatArray:
    """D saturation / d u at ``u`` > 0."""
    if kind == "hill":
        ratio, slope = params[..., 0], params[..., 1]
        q = (u / ratio) ** slope
        result: FloatArray = slope * q / (u * (1.0 + q) ** 2)
    elif kind == "exponential":
        result = np.exp(-u / params[..., 0]) / params[..., 0]
    elif kind == "logistic":
        result = (1.0 - np.tanh(u / (2.0 * params[..., 0])) ** 2) / (2.0 * params[..., 0])
    else:
        result = params[..., 0] * u ** (params[..., 0] - 1.0)
    return result


def _features(spend: FloatArray, scale: float, model: MarketingMixModel, shapes: FloatArray) -> FloatArray:
    """The saturated adstock of one channel's spend (periods) for each candidate shape: periods x candidates."""
    n_adstock = len(_PARAMS[model.adstock])
    weights = _weights(model.adstock, shapes[:, :n_adstock], model.max_lag)
    adstocked = convolve(np.broadcast_to(spend[:, None], (spend.shape[0], shapes.shape[0])), weights)
    return _saturate(model.saturation, shapes[None, :, n_adstock:], adstocked / scale)


def _fourier(periods: FloatArray, period: float, order: int) -> list[FloatArray]:
    columns: list[FloatArray] = []
    for j in range(1, order + 1):
        angle = 2.0 * math.pi * j * periods / period
        columns += [np.sin(angle), np.cos(angle)]
    return columns


# --- records ----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Calibration:
    """An experiment's measured incremental ROAS of one channel, to calibrate the model with.

    Over the periods ``start:stop`` of the fit data (Python slice rules; ``None`` for the first or the
    last period) the model's ROAS of ``channel``, Σ contribution / Σ spend over that window, is pulled
    towards ``roas`` by a Gaussian penalty with standard deviation ``standard_error``: the experiment
    enters the fit as a prior on that window's ROAS.

    Attributes:
        channel: The channel the experiment measured, one of the fit's channels.
        roas: The measured incremental return per unit of spend (revenue / spend, or conversions / spend).
        standard_error: Its standard error, > 0.
        start: First period of the window (index into the fit data), or ``None`` for the first.
        stop: The period after the last, or ``None`` for the end.

    Examples:
        >>> Calibration(channel="meta", roas=2.1, standard_error=0.3, start=100, stop=112)
        Calibration(channel='meta', roas=2.1, standard_error=0.3, start=100, stop=112)
    """

    channel: str = attrs.field(validator=text())
    roas: float = attrs.field(converter=real, validator=number(FINITE))
    standard_error: float = attrs.field(converter=real, validator=number(POSITIVE))
    start: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=0)))
    stop: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=0)))

    def to_dict(self) -> dict[str, Any]:
        """The calibration as plain values (strict JSON).

        Examples:
            >>> Calibration(channel="meta", roas=2.0, standard_error=0.5).to_dict()
            {'channel': 'meta', 'roas': 2.0, 'standard_error': 0.5, 'start': None, 'stop': None}
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))


@attrs.frozen(kw_only=True)
class NormalEquations:
    """The sufficient statistics of the model's regression at fixed shapes: DᵀD, Dᵀy, yᵀy and n.

    D is the design (the baseline columns, then one saturated-adstock column per channel) and y the
    revenue of the periods used. Statistics of separate data (regions, geos) add with ``+``, so many
    regions are reduced in parallel (on Dask, Spark, Ray) and solved once: the sum is exactly the
    statistics of the pooled data. Make them with
    [`MarketingMixFit.normal_equations`][socialroi.mmm.MarketingMixFit.normal_equations].

    Attributes:
        columns: Names of the design's columns.
        channels: The channel columns (the last ones of ``columns``).
        gram: DᵀD, columns x columns.
        moment: Dᵀy.
        total_squares: yᵀy.
        periods: n, the number of periods (rows) summed.

    Examples:
        >>> a = NormalEquations(columns=("intercept", "meta"), channels=("meta",), gram=[[2.0, 1.0], [1.0, 1.0]], moment=[5.0, 3.0], total_squares=13.0, periods=2)
        >>> (a + a).periods, (a + a).solve()
        (4, {'intercept': 2.0, 'meta': 1.0})
    """

    columns: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[at_least_one(), each(text()), distinct()]
    )
    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[each(text()), distinct()])
    gram: FloatArray = attrs.field(converter=array, validator=floats(), eq=ARRAY_EQ)
    moment: FloatArray = attrs.field(converter=array, validator=floats(), eq=ARRAY_EQ)
    total_squares: float = attrs.field(converter=real, validator=number(NON_NEGATIVE))
    periods: int = attrs.field(converter=integer, validator=whole(minimum=0))

    def __attrs_post_init__(self) -> None:
        size = len(self.columns)
        for name, shape in (("gram", (size, size)), ("moment", (size,))):
            shaped(getattr(self, name), name, shape, "one entry per column")
        if self.columns[size - len(self.channels) :] != self.channels:
            msg = f"'channels' must be the last of 'columns' (got {self.channels!r} and {self.columns!r})"
            raise InvalidInputError(msg)

    def __add__(self, other: NormalEquations) -> NormalEquations:
        if not isinstance(cast("object", other), NormalEquations):
            return NotImplemented
        if other.columns != self.columns:
            msg = f"normal equations must have the same columns to add (got {self.columns!r} and {other.columns!r})"
            raise InvalidInputError(msg)
        return NormalEquations(
            columns=self.columns,
            channels=self.channels,
            gram=self.gram + other.gram,
            moment=self.moment + other.moment,
            total_squares=self.total_squares + other.total_squares,
            periods=self.periods + other.periods,
        )

    def solve(self) -> dict[str, float]:
        """The least-squares coefficients, baseline free and channel effects >= 0 (no priors).

        The baseline is profiled out (the Schur complement of its block), the channel effects solved by
        non-negative least squares (Lawson-Hanson), then the baseline given them.

        Returns:
            Column name → coefficient.

        Raises:
            InvalidInputError: the baseline columns are singular (too few periods, a constant control).
        """
        k = len(self.columns) - len(self.channels)
        bb, bx, xx = self.gram[:k, :k], self.gram[:k, k:], self.gram[k:, k:]
        by, xy = self.moment[:k], self.moment[k:]
        try:
            solve_b = np.linalg.solve(bb, np.column_stack([bx, by]))
        except np.linalg.LinAlgError:
            msg = f"the baseline columns {self.columns[:k]!r} are singular: too few periods or a constant control"
            raise InvalidInputError(msg) from None
        gram = xx - bx.T @ solve_b[:, :-1]
        target = xy - bx.T @ solve_b[:, -1]
        effect = _solve_effects(gram, target)
        base = solve_b[:, -1] - solve_b[:, :-1] @ effect
        return dict(zip(self.columns, [float(v) for v in (*base, *effect)], strict=True))


def _solve_effects(gram: FloatArray, target: FloatArray) -> FloatArray:
    """Min βᵀGβ - 2hᵀβ over β >= 0, by Lawson-Hanson on the unit-diagonal rescaling.

    When the unconstrained solution is already >= 0 (and solves the equations) it is the constrained
    one, and Lawson-Hanson's one-column-at-a-time solves are skipped.
    """
    diagonal = np.sqrt(np.maximum(np.diag(gram), 1e-300))
    scaled, right = gram / np.outer(diagonal, diagonal), target / diagonal
    try:
        theta: FloatArray | None = cast("FloatArray", np.linalg.solve(scaled, right))
    except np.linalg.LinAlgError:
        theta = None
    tolerance = 1e-9 * max(float(np.abs(right).max(initial=0.0)), 1e-300)
    if theta is None or not (
        bool((theta >= 0).all()) and float(np.abs(scaled @ theta - right).max(initial=0.0)) <= tolerance
    ):
        theta = _nnls(scaled, right)
    result: FloatArray = theta / diagonal
    return result


def _check_window(cal: Calibration, periods: int) -> tuple[int, int]:
    start, stop, _ = slice(cal.start, cal.stop).indices(periods)
    if stop <= start:
        msg = f"calibration of {cal.channel!r} must cover at least one period (got start={cal.start!r}, stop={cal.stop!r} of {periods} periods)"
        raise InvalidInputError(msg)
    return start, stop


# --- the model -------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MarketingMixModel:
    """A marketing mix model: revenue per period from spend per channel, carry-over and saturation.

    revenue_t = baseline_t + Σ_c β_c · f_c(a_ct / m_c) + noise, where

    - baseline_t = intercept + trend · t/T + Σ_(j <= order) (s_j sin(2πjt/P) + c_j cos(2πjt/P)) + Σ
      controls (all free coefficients);
    - a_ct is channel c's adstocked spend (normalised weights, so a constant spend s has adstock s),
      m_c its mean spend per period over the data, f_c the saturation with unit effect and β_c >= 0 the
      channel's effect, the most it can bring per period (revenue, or conversions).

    For fixed shapes (the adstock's decay, the saturation's half-saturation and slope) the model is linear
    in the effects and the baseline, so `fit` profiles them out exactly: the baseline by least squares,
    the effects by non-negative least squares with a Gaussian prior on each channel's ROAS (mean
    ``prior_roas``, standard deviation ``prior_roas_sd``) and the calibrations' penalties. The shapes are
    searched deterministically per channel on a fixed grid by block coordinate descent (geometric decays
    partially pooled: after a first pass each gets a Gaussian prior, standard deviation 0.25, centred on
    the channels' mean decay), then on finer local grids: the same data give the bit-identical fit. The
    noise variance counts every fitted parameter, shapes included, in its degrees of freedom.

    Attributes:
        adstock: ``"geometric"`` (decay θ) or ``"weibull"`` (a delayed or fast-fading carry-over).
        saturation: The response curve family: ``"hill"`` (half-saturation and slope), ``"exponential"``,
            ``"logistic"`` or ``"power"``; each fitted channel becomes that socialroi curve.
        max_lag: The oldest lag the adstock counts, a whole number from 0 to 104.
        trend: Whether the baseline has a linear trend.
        seasonality_period: Periods per seasonal cycle (52 for weekly data, 7 for daily weekly
            patterns), or ``None`` for no seasonality.
        seasonality_order: Number of Fourier pairs of the seasonality, 0 to 26, or ``"auto"`` (the
            default): the fit chooses from 0 to 4 pairs by the Bayesian information criterion (BIC) at
            the shapes fitted with 4 pairs, then fits the order chosen, which the result's ``model``
            records. Extra pairs the data do not need cost every channel's estimate precision.
        prior_roas: Prior mean of every channel's ROAS, >= 0.
        prior_roas_sd: Prior standard deviation of the ROAS, > 0 (smaller shrinks weak channels more).
        interval: Probability of the intervals, between 0 and 1 (0.9 for 90 %).
        intervals: How the intervals are made: ``"laplace"`` (the Laplace approximation and the spread
            over the shape grids, below) or ``"bootstrap"`` (a moving-block bootstrap of the residuals
            over periods: ``resamples`` revenues, each the fitted revenue plus blocks of ``block``
            consecutive residuals drawn with replacement and scaled to the noise variance, each refitted
            by the whole search at the seasonality order of the fit; the percentile intervals of the
            refits). The bootstrap keeps the spend, so
            the carry-over stays in time order, and its blocks keep the residuals' autocorrelation; it
            costs ``resamples`` refits (30 s to 2 minutes for 156 weeks x 10 channels and 200 resamples,
            with the machine's load), and it covers less than the Laplace intervals on synthetic data
            (the docs' marketing mix page has the figures).
        resamples: Number of bootstrap resamples, >= 2 (only with ``intervals="bootstrap"``).
        block: Length of the bootstrap's blocks in periods, at most the periods fitted, or ``None`` for
            the cube root of their number, rounded (5 for 156 weeks).
        seed: Seed of the bootstrap's draws, a whole number >= 0; required with ``intervals="bootstrap"``
            (the same seed gives the bit-identical intervals).

    Examples:
        >>> from socialroi.datasets import synthetic_mmm
        >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
        >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
        >>> fit.channels, round(fit.r_squared, 2)
        (('facebook', 'instagram'), 0.94)
        >>> boot = MarketingMixModel(intervals="bootstrap", resamples=20, seed=0).fit(data.spend, data.revenue)
        >>> bool((boot.roas == fit.roas).all()), boot.roas_interval.shape
        (True, (2, 2))
    """

    adstock: AdstockKind = attrs.field(default="geometric", validator=choice(_ADSTOCKS))
    saturation: Saturation = attrs.field(default="hill", validator=choice(_SATURATIONS))
    max_lag: int = attrs.field(default=8, converter=integer, validator=whole(minimum=0, maximum=104))
    trend: bool = attrs.field(default=True, validator=flag())
    seasonality_period: float | None = attrs.field(
        default=52.0, converter=real, validator=optional(number(POSITIVE))
    )
    seasonality_order: int | Literal["auto"] = attrs.field(
        default="auto", converter=integer, validator=word_or("auto", whole(minimum=0, maximum=26))
    )
    prior_roas: float = attrs.field(default=1.0, converter=real, validator=number(NON_NEGATIVE))
    prior_roas_sd: float = attrs.field(default=2.0, converter=real, validator=number(POSITIVE))
    interval: float = attrs.field(default=0.9, converter=real, validator=number(FRACTION))
    intervals: IntervalKind = attrs.field(default="laplace", validator=choice(_INTERVALS))
    resamples: int = attrs.field(default=200, converter=integer, validator=whole(minimum=2))
    block: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=1)))
    seed: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=0)))

    def __attrs_post_init__(self) -> None:
        if not 0.0 < self.interval < 1.0:
            msg = f"'interval' must be > 0 and < 1 (got {self.interval!r})"
            raise InvalidInputError(msg)
        if self.intervals == "bootstrap" and self.seed is None:
            msg = "'seed' must be a whole number >= 0 with intervals='bootstrap' (got None): bootstrap intervals must be reproducible"
            raise InvalidInputError(msg)

    @property
    def shape_names(self) -> tuple[str, ...]:
        """Names of the shape parameters of each channel: the adstock's, then the saturation's.

        Examples:
            >>> MarketingMixModel().shape_names
            ('decay', 'half_saturation', 'slope')
        """
        return tuple(p.name for p in (*_PARAMS[self.adstock], *_PARAMS[self.saturation]))

    def fit(
        self,
        spend: Mapping[str, ArrayLike],
        revenue: ArrayLike,
        *,
        media: Mapping[str, ArrayLike] | None = None,
        controls: Mapping[str, ArrayLike] | None = None,
        calibration: Sequence[Calibration] = (),
        dropna: bool = False,
    ) -> MarketingMixFit:
        """Fit the model to spend and revenue per period.

        Args:
            spend: Channel → spend per period, >= 0 (a dict of columns; from a data frame
                ``{c: df[c] for c in channels}``). Every channel must spend in at least one period.
            revenue: Revenue (or conversions) per period, the same length.
            media: Channel → its media variable per period (impressions, reach, clicks, GRPs), >= 0,
                for some or all channels. Such a channel's adstock and saturation act on its media
                instead of its spend (what the audience saw, not what it cost: a change of price does not
                look like a change of effect); its ROAS and contribution are still per unit of spend, and
                its marginal ROAS and response curve are in spend at its average cost per media unit over
                the data (``fit.media_per_spend``).
            controls: Name → a control variable per period (price, promotions, weather), entered
                linearly in the baseline with a free coefficient.
            calibration: Experiments' measured ROAS ([`Calibration`][socialroi.mmm.Calibration]).
            dropna: Leave periods whose revenue is NaN out of the fit (their spend still carries
                over); their count is the result's ``dropped``. Without it NaN revenue is refused.

        Returns:
            The [`MarketingMixFit`][socialroi.mmm.MarketingMixFit]. An `IdentifiabilityWarning` is
            warned for each channel the data cannot tell apart (also kept in its ``warnings``).

        Raises:
            InvalidInputError: negative, infinite or NaN spend; a channel that never spends; lengths
                that differ; media of a channel not in ``spend``, or negative, NaN or all zero; NaN
                revenue without ``dropna``; fewer periods than parameters; an unknown calibration
                channel or a calibration window without spend; baseline columns that are collinear (a
                constant control).

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> MarketingMixModel().fit({"meta": [-1.0] * 104}, data.revenue)
            Traceback (most recent call last):
            ...
            socialroi.exceptions.InvalidInputError: 'spend[meta]' must be >= 0 and finite (got -1.0 at index 0)
        """
        flag().check(dropna, "dropna")
        names, x = _spend_table(spend)
        m = _media_table(media, names, x)
        y = as_array(revenue, "revenue", FINITE)
        if y.ndim != 1 or y.shape[0] != x.shape[0]:
            msg = f"'revenue' must be one value per period, like 'spend' (got shape {y.shape}, spend has {x.shape[0]} periods)"
            raise InvalidInputError(msg)
        missing = np.isnan(y)
        if missing.any() and not dropna:
            msg = (
                f"'revenue' must not be NaN (got nan at index {int(np.flatnonzero(missing)[0])}, "
                f"{int(missing.sum())} periods); pass dropna=True to leave those periods out of the fit"
            )
            raise InvalidInputError(msg)
        control_names, z = _control_table(controls, x.shape[0])
        cals = _calibrations(calibration, names, x)
        used = ~missing
        n = int(used.sum())
        order = 0 if self.seasonality_order == "auto" else self.seasonality_order
        n_base = _baseline(attrs.evolve(self, seasonality_order=order), x.shape[0], z)[1].shape[1]
        n_shapes = len(self.shape_names)
        parameters = n_base + len(names) * (1 + n_shapes) + 1
        if n <= parameters:
            msg = (
                f"'revenue' must have more periods than the model has parameters (got {n} periods "
                f"for {parameters}: {n_base} baseline, {len(names)} channels x {1 + n_shapes}, the noise); "
                "use fewer channels, controls or seasonality terms, or more periods"
            )
            raise InvalidInputError(msg)
        if self.intervals == "bootstrap":
            if self.block is not None and self.block > n:
                msg = f"'block' must be at most the number of periods fitted, {n} (got {self.block})"
                raise InvalidInputError(msg)
            # The draws' indices, the resampled and the projected revenues, and the replicates.
            memory("resamples", self.resamples, 8.0 * self.resamples * (4 * n + 6 * len(names)))

        def fitter(pairs: int) -> _Fitter:
            model = attrs.evolve(self, seasonality_order=pairs)
            base_names, base = _baseline(model, x.shape[0], z)
            return _Fitter(model, names, x, m, y, used, (*base_names, *control_names), base, cals)

        if self.seasonality_order != "auto":
            return fitter(order).run()
        top = 0
        if self.seasonality_period is not None:
            # Below the Nyquist frequency of the period, and more periods than parameters.
            top = min(_AUTO_ORDER, math.ceil(self.seasonality_period / 2.0) - 1, (n - 1 - parameters) // 2)
        return _choose_order([fitter(k) for k in range(max(top, 0) + 1)])


def _calibrations(calibration: object, names: tuple[str, ...], x: FloatArray) -> tuple[Calibration, ...]:
    """The calibrations, each of a fitted channel and with spend in its window."""
    cals: tuple[Calibration, ...] = each(instance(Calibration, "a Calibration")).check(
        calibration, "calibration"
    )
    for cal in cals:
        if cal.channel not in names:
            msg = f"calibration channel {cal.channel!r} must be one of the fit's channels {names!r}"
            raise InvalidInputError(msg + did_you_mean(cal.channel, names))
        start, stop = _check_window(cal, x.shape[0])
        if not x[start:stop, names.index(cal.channel)].any():
            msg = f"calibration of {cal.channel!r} must cover periods with spend (got none in {start}:{stop})"
            raise InvalidInputError(msg)
    return cals


def _baseline(
    model: MarketingMixModel, periods: int, controls: FloatArray
) -> tuple[tuple[str, ...], FloatArray]:
    """The baseline's columns; ``model`` has a chosen seasonality order (a fit's model always has)."""
    t = np.arange(periods, dtype=np.float64)
    names, columns = ["intercept"], [np.ones(periods)]
    if model.trend:
        names.append("trend")
        columns.append(t / periods)
    order = model.seasonality_order
    if model.seasonality_period is not None and order != "auto":
        for j in range(1, order + 1):
            names += [f"sin{j}", f"cos{j}"]
        columns += _fourier(t, model.seasonality_period, order)
    return tuple(names), np.column_stack([*columns, controls])


def _choose_order(fitters: list[_Fitter]) -> MarketingMixFit:
    """Fit with the most seasonality pairs, score each order by BIC at those shapes, fit the order chosen.

    ``fitters[k]`` has k Fourier pairs. At fixed shapes each order's fit is linear (the effects re-solved
    with the same noise and priors), so scoring every order costs one solve each; the order chosen is
    then searched in full, unless it is the widest, whose search is reused.
    """
    widest = fitters[-1]
    state = widest.search()
    n = int(widest.used.sum())
    scores: list[float] = []
    for fitter in fitters:
        fitter.sigma2, fitter.centre = widest.sigma2, widest.centre
        residual = fitter.residual(fitter.at(state.shapes))
        rss = max(float(residual @ residual), sys.float_info.min)
        scores.append(n * math.log(rss / n) + math.log(n) * fitter.base.shape[1])
    best = int(np.argmin(scores))
    return _result(widest, state) if best == len(fitters) - 1 else fitters[best].run()


def _spend_table(spend: object) -> tuple[tuple[str, ...], FloatArray]:
    kind = type(spend).__name__
    if not isinstance(spend, Mapping) or not spend:
        msg = f"'spend' must be a non-empty mapping of channel to spend per period (got {kind})"
        raise InvalidInputError(msg)
    given = cast("Mapping[object, object]", spend)
    names: list[str] = []
    columns: list[FloatArray] = []
    for key, values in given.items():
        name = text().check(key, "spend channel")
        column = as_array(values, f"spend[{name}]", NON_NEGATIVE)
        if column.ndim != 1 or (columns and column.shape != columns[0].shape) or column.size == 0:
            msg = f"'spend[{name}]' must be one value per period like the other channels (got shape {column.shape})"
            raise InvalidInputError(msg)
        nan = np.flatnonzero(np.isnan(column))
        if nan.size:
            msg = f"'spend[{name}]' must be >= 0 and finite (got nan at index {int(nan[0])})"
            raise InvalidInputError(msg)
        if not column.any():
            msg = (
                f"'spend[{name}]' must be > 0 in at least one period (got only zeros); leave the channel out"
            )
            raise InvalidInputError(msg)
        names.append(name)
        columns.append(column)
    return tuple(names), np.column_stack(columns)


def _media_table(media: object, names: tuple[str, ...], x: FloatArray) -> FloatArray:
    """The variable each channel's adstock acts on, periods x channels: its media where given, else spend."""
    table = x.copy()
    if media is None:
        return table
    if not isinstance(media, Mapping):
        msg = (
            f"'media' must be a mapping of channel to media per period, or None (got {type(media).__name__})"
        )
        raise InvalidInputError(msg)
    for key, values in cast("Mapping[object, object]", media).items():
        name = text().check(key, "media channel")
        if name not in names:
            msg = f"'media' channel {name!r} must be one of the spend's channels {names!r}"
            raise InvalidInputError(msg + did_you_mean(name, names))
        column = as_array(values, f"media[{name}]", NON_NEGATIVE)
        nan = np.flatnonzero(np.isnan(column)) if column.shape == (x.shape[0],) else np.zeros(0, int)
        if column.shape != (x.shape[0],) or nan.size:
            where = f"got nan at index {int(nan[0])}" if nan.size else f"got shape {column.shape}"
            msg = (
                f"'media[{name}]' must be one number >= 0 (not NaN) per period, {x.shape[0]} in all ({where})"
            )
            raise InvalidInputError(msg)
        if not column.any():
            msg = f"'media[{name}]' must be > 0 in at least one period (got only zeros)"
            raise InvalidInputError(msg)
        table[:, names.index(name)] = column
    return table


def _on_media(media: FloatArray, spend: FloatArray) -> NDArray[np.bool_]:
    """Which channels (columns) were fitted on a media variable: those whose media differ from spend."""
    return cast("NDArray[np.bool_]", np.any(media != spend, axis=0))


def _per_spend(media: FloatArray, spend: FloatArray) -> FloatArray:
    """Each channel's media units per unit of spend over the data (1 for a channel fitted on spend)."""
    result: FloatArray = media.sum(axis=0) / spend.sum(axis=0)
    return result


def _control_table(controls: object, periods: int) -> tuple[tuple[str, ...], FloatArray]:
    if controls is None:
        return (), np.zeros((periods, 0))
    if not isinstance(controls, Mapping):
        msg = f"'controls' must be a mapping of name to values per period (got {type(controls).__name__})"
        raise InvalidInputError(msg)
    names: list[str] = []
    columns: list[FloatArray] = []
    for key, values in cast("Mapping[object, object]", controls).items():
        name = text().check(key, "control name")
        column = as_array(values, f"controls[{name}]", FINITE)
        if column.shape != (periods,) or np.isnan(column).any():
            msg = f"'controls[{name}]' must be one number (not NaN) per period, {periods} in all (got shape {column.shape})"
            raise InvalidInputError(msg)
        names.append(name)
        columns.append(column)
    return tuple(names), np.column_stack([np.zeros((periods, 0)), *columns])


class _Fitter:
    """The deterministic search: block coordinate descent over each channel's shape, effects profiled."""

    def __init__(
        self,
        model: MarketingMixModel,
        names: tuple[str, ...],
        x: FloatArray,
        media: FloatArray,
        y: FloatArray,
        used: NDArray[np.bool_],
        base_names: tuple[str, ...],
        base: FloatArray,
        cals: tuple[Calibration, ...],
    ) -> None:
        self.model, self.names, self.x, self.media, self.y, self.used = model, names, x, media, y, used
        self.base_names, self.base, self.cals = base_names, base, cals
        self.params = (*_PARAMS[model.adstock], *_PARAMS[model.saturation])
        self.scale = media.mean(axis=0)
        self.per_spend = _per_spend(media, x)
        q, r = np.linalg.qr(base[used])
        if np.abs(np.diag(r)).min() <= 1e-10 * np.abs(np.diag(r)).max():
            msg = (
                f"the baseline columns {base_names!r} must not be collinear (a constant or repeated control?)"
            )
            raise InvalidInputError(msg)
        self.q = q
        self.yt = self.project(y[used][:, None])[:, 0]
        self.windows = [(_check_window(c, x.shape[0]), names.index(c.channel)) for c in cals]
        self.sigma2 = 1.0
        self.centre: FloatArray | None = None  # the pooled priors' centres, set after the coarse search
        self.coarse = self.grid()
        self.cached: dict[int, tuple[FloatArray, FloatArray]] = {}  # channel → its coarse grid's columns

    def project(self, z: FloatArray) -> FloatArray:
        """Residuals of the used rows of ``z`` on the baseline: (I - QQᵀ) z."""
        result: FloatArray = z - self.q @ (self.q.T @ z)
        return result

    def candidates(self, c: int, shapes: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """For channel c and candidate shapes: projected features, prior curvature d and pull e per unit β.

        The columns of the coarse grid (``self.coarse`` itself) do not change during a fit: they are
        computed once per channel.
        """
        if shapes is self.coarse and c in self.cached:
            feats, projected = self.cached[c]
        else:
            feats = _features(self.media[:, c], float(self.scale[c]), self.model, shapes)
            projected = self.project(feats[self.used])
            if shapes is self.coarse:
                self.cached[c] = feats, projected
        spend_total = float(self.x[:, c].sum())
        s = feats.sum(axis=0) / spend_total
        w = self.sigma2 / self.model.prior_roas_sd**2
        d = w * s**2
        e = w * s * self.model.prior_roas
        for cal, ((start, stop), channel) in zip(self.cals, self.windows, strict=True):
            if channel == c:
                sw = feats[start:stop].sum(axis=0) / float(self.x[start:stop, c].sum())
                wk = self.sigma2 / cal.standard_error**2
                d = d + wk * sw**2
                e = e + wk * sw * cal.roas
        return feats, projected, d, e

    def penalty(self, shapes: FloatArray) -> FloatArray:
        """σ² times the shape priors' -2 log density per candidate, in the objective's units."""
        total = np.zeros(shapes.shape[0])
        for j, p in enumerate(self.params):
            if p.prior_sd > 0:
                total = total + (np.log(shapes[:, j]) / p.prior_sd) ** 2
            if p.pool_sd > 0 and self.centre is not None:
                total = total + ((shapes[:, j] - self.centre[j]) / p.pool_sd) ** 2
        result: FloatArray = self.sigma2 * total
        return result

    def grid(self) -> FloatArray:
        mesh = np.meshgrid(*(np.array(p.grid) for p in self.params), indexing="ij")
        return np.column_stack([m.reshape(-1) for m in mesh])

    def local(self, shape: FloatArray, step: float) -> FloatArray:
        axes: list[FloatArray] = []
        for value, p in zip(shape, self.params, strict=True):
            moves = step * np.array([-1.0, 0.0, 1.0])
            options = np.exp(math.log(value) + moves) if p.log else value + moves / 3.0
            axes.append(np.unique(np.clip(options, p.low, p.high)))
        mesh = np.meshgrid(*axes, indexing="ij")
        return np.column_stack([m.reshape(-1) for m in mesh])

    def everywhere(self, _c: int, _shape: FloatArray) -> FloatArray:
        """The coarse grid, whatever the channel's current shape."""
        return self.coarse

    def around(self, step: float) -> Callable[[int, FloatArray], FloatArray]:
        """The local candidates of a channel's current shape at ``step``."""

        def make(_c: int, shape: FloatArray) -> FloatArray:
            return self.local(shape, step)

        return make

    def solve(self, xt: FloatArray, d: FloatArray, e: FloatArray) -> tuple[FloatArray, float]:
        gram = xt.T @ xt + np.diag(d)
        target = xt.T @ self.yt + e
        beta = _solve_effects(gram, target)
        objective = float(self.yt @ self.yt - 2.0 * beta @ target + beta @ gram @ beta)
        return beta, objective

    def descend(
        self, state: _State, make: Callable[[int, FloatArray], FloatArray], sweeps: int = _SWEEPS
    ) -> _State:
        """Sweep the channels, each time choosing the channel's best candidate with the others fixed."""
        changed, sweep = True, 0
        while changed and sweep < sweeps:
            changed, sweep = False, sweep + 1
            for c in range(len(self.names)):
                shapes = make(c, state.shapes[c])
                _, projected, d, e = self.candidates(c, shapes)
                others = state.xt @ state.beta - state.xt[:, c] * state.beta[c]
                r = self.yt - others
                a = np.einsum("ij,ij->j", projected, projected) + d
                b = projected.T @ r + e
                beta = np.maximum(b / a, 0.0)
                # The fall of the objective from β_c = 0, less the shape prior's penalty.
                gain = beta * (2.0 * b - beta * a) - self.penalty(shapes)
                best = int(np.argmax(gain))
                current = self.gain(state, c, r)
                if gain[best] > current + 1e-12 * abs(current) and not np.array_equal(
                    shapes[best], state.shapes[c]
                ):
                    state = state.replace(c, shapes[best], projected[:, best], float(d[best]), float(e[best]))
                    state = state.resolve(self)
                    changed = True
        return state

    def gain(self, state: _State, c: int, r: FloatArray) -> float:
        """The fall of the objective from β_c = 0 at channel c's current shape and effect, less its prior."""
        beta, column = state.beta[c], state.xt[:, c]
        fall = beta * (2.0 * (column @ r + state.e[c]) - beta * (column @ column + state.d[c]))
        return float(fall) - float(self.penalty(state.shapes[c : c + 1])[0])

    def start(self) -> _State:
        grid = self.coarse
        return self.at(np.tile(grid[grid.shape[0] // 2], (len(self.names), 1)))

    def at(self, shapes: FloatArray) -> _State:
        """The state at the channels' ``shapes`` (channels x parameters), effects solved."""
        xt = np.empty((int(self.used.sum()), len(self.names)))
        d = np.empty(len(self.names))
        e = np.empty(len(self.names))
        for c in range(len(self.names)):
            _, projected, dc, ec = self.candidates(c, shapes[c : c + 1])
            xt[:, c], d[c], e[c] = projected[:, 0], dc[0], ec[0]
        return _State(shapes, xt, d, e, np.zeros(len(self.names)), math.inf).resolve(self)

    def rescore(self, state: _State) -> _State:
        """Recompute the prior terms after σ² changed."""
        for c in range(len(self.names)):
            _, _, dc, ec = self.candidates(c, state.shapes[c : c + 1])
            state.d[c], state.e[c] = dc[0], ec[0]
        return state.resolve(self)

    def residual(self, state: _State) -> FloatArray:
        """The revenue less the fit, on the baseline's residual space."""
        result: FloatArray = self.yt - state.xt @ state.beta
        return result

    def noise(self, state: _State) -> float:
        """The residual variance, on the degrees of freedom."""
        residual = self.residual(state)
        return max(float(residual @ residual) / self.dof(), 1e-300)

    def dof(self) -> int:
        """The residuals' degrees of freedom: the periods used less every fitted parameter, shapes too."""
        fitted = int(self.base.shape[1]) + len(self.names) * (1 + len(self.params))
        return max(int(self.used.sum()) - fitted, 1)

    def pool(self, state: _State) -> None:
        """Centre the pooled priors on the channels' mean shape and re-estimate the noise."""
        self.centre = state.shapes.mean(axis=0)
        self.sigma2 = self.noise(state)

    def search(self) -> _State:
        """The whole search for the revenue ``self.yt``: coarse grid, pooling, coarse again, local steps."""
        self.sigma2, self.centre = 1e-300, None  # no prior for the first, rough noise estimate
        state = self.start()
        self.sigma2 = self.noise(state)
        state = self.descend(self.rescore(state), self.everywhere)
        self.pool(state)
        state = self.descend(self.rescore(state), self.everywhere)
        self.pool(state)
        state = self.rescore(state)
        for step in _STEPS:
            state = self.descend(state, self.around(step))
        return state

    def run(self) -> MarketingMixFit:
        return _result(self, self.search())


@attrs.define
class _State:
    shapes: FloatArray
    xt: FloatArray
    d: FloatArray
    e: FloatArray
    beta: FloatArray
    objective: float

    def replace(self, c: int, shape: FloatArray, column: FloatArray, d: float, e: float) -> _State:
        shapes, xt, dd, ee = self.shapes.copy(), self.xt.copy(), self.d.copy(), self.e.copy()
        shapes[c], xt[:, c], dd[c], ee[c] = shape, column, d, e
        return _State(shapes, xt, dd, ee, self.beta, self.objective)

    def resolve(self, fitter: _Fitter) -> _State:
        beta, objective = fitter.solve(self.xt, self.d, self.e)
        return _State(self.shapes, self.xt, self.d, self.e, beta, objective)


# --- the result ------------------------------------------------------------------------------------------


def _interval(estimate: FloatArray, variance: FloatArray, z: float) -> FloatArray:
    half = z * np.sqrt(np.maximum(variance, 0.0))
    return freeze(np.column_stack([np.maximum(estimate - half, 0.0), estimate + half]))


def _result(fitter: _Fitter, state: _State) -> MarketingMixFit:
    model, x, names = fitter.model, fitter.x, fitter.names
    used = fitter.used
    beta = state.beta
    feats, per_beta = _per_beta(fitter, state.shapes)
    contributions = feats * beta
    media = contributions.sum(axis=1)
    base_coef = cast(
        "FloatArray", np.linalg.lstsq(fitter.base[used], fitter.y[used] - media[used], rcond=None)[0]
    )
    baseline = fitter.base @ base_coef
    fitted = baseline + media
    residual = fitter.y[used] - fitted[used]
    rss = float(residual @ residual)
    n = int(used.sum())
    centred = fitter.y[used] - fitter.y[used].mean()
    tss = float(centred @ centred)
    r_squared = 1.0 - rss / tss if tss > 0 else math.nan
    spread = float(fitter.y[used].max() - fitter.y[used].min())
    nrmse = math.sqrt(rss / n) / spread if spread > 0 else math.nan
    if rss > 0:
        dw = float(np.sum(np.diff(residual) ** 2) / rss)
        rho = float(residual[1:] @ residual[:-1] / rss)
    else:
        dw, rho = math.nan, math.nan
    inflation = (1.0 + min(rho, 0.9)) / (1.0 - min(rho, 0.9)) if rho > 0 else 1.0
    sigma2 = fitter.noise(state)
    gram = state.xt.T @ state.xt + np.diag(state.d)
    covariance = sigma2 * inflation * np.linalg.pinv(gram)
    current = x.mean(axis=0)
    estimates = per_beta * beta  # roas, contribution, marginal roas
    if model.intervals == "bootstrap":
        replicates = _bootstrap(fitter, residual, fitted[used])
        low, high = np.quantile(replicates, [0.5 - model.interval / 2.0, 0.5 + model.interval / 2.0], axis=0)
        intervals = [freeze(np.column_stack([low[k], high[k]])) for k in range(3)]
    else:
        variance = per_beta**2 * np.diag(covariance)
        variance += _shape_variance(fitter, state, estimates, sigma2 * inflation)
        z = statistics.NormalDist().inv_cdf(0.5 + model.interval / 2.0)
        intervals = [_interval(estimates[k], variance[k], z) for k in range(3)]
    fitted_total = float(fitted.sum()) if float(fitter.y[used].sum()) > 0 else math.nan
    problems = _identifiability(fitter, state)
    for problem in problems:
        warn(problem, IdentifiabilityWarning)
    return MarketingMixFit(
        model=model,
        channels=names,
        spend=x,
        media=fitter.media,
        revenue=fitter.y,
        used=used,
        shapes=state.shapes,
        spend_scale=fitter.scale,
        effects=beta,
        baseline_columns=fitter.base_names,
        baseline_coefficients=base_coef,
        baseline=baseline,
        contributions=contributions,
        fitted=fitted,
        roas=estimates[0],
        roas_interval=intervals[0],
        contribution=estimates[1],
        contribution_interval=intervals[1],
        marginal_roas=estimates[2],
        marginal_roas_interval=intervals[2],
        current_spend=current,
        share=estimates[1] / fitted_total,
        baseline_share=float(baseline.sum()) / fitted_total,
        r_squared=r_squared,
        nrmse=nrmse,
        durbin_watson=dw,
        autocorrelation=rho,
        sigma=math.sqrt(sigma2),
        dropped=int((~used).sum()),
        calibration=fitter.cals,
        warnings=problems,
    )


def _per_beta(fitter: _Fitter, shapes: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The channels' features at ``shapes`` and their ROAS, contribution and marginal ROAS per unit β.

    The features are periods x channels, the rest 3 x channels.
    """
    model, x, media = fitter.model, fitter.x, fitter.media
    n_adstock = len(_PARAMS[model.adstock])
    channels = range(len(fitter.names))
    feats = np.column_stack(
        [_features(media[:, c], float(fitter.scale[c]), model, shapes[c : c + 1])[:, 0] for c in channels]
    )
    weight_total = np.array([_adstock_of(model, shapes[c, :n_adstock]).total_weight for c in channels])
    u_now = weight_total  # the adstock of the current (mean) media over the scale, its mean, is W
    slope = np.array(
        [float(_slope_at(model.saturation, shapes[c, n_adstock:], np.array(u_now[c]))) for c in channels]
    )
    total = feats.sum(axis=0)
    # d revenue / d spend = d revenue / d media x media per unit of spend.
    marginal = slope * weight_total / fitter.scale * fitter.per_spend
    return feats, np.stack([total / x.sum(axis=0), total, marginal])


def _bootstrap(fitter: _Fitter, residual: FloatArray, fitted: FloatArray) -> FloatArray:
    """ROAS, contribution and marginal ROAS of each moving-block bootstrap refit: resamples x 3 x channels.

    Each resample is the fitted revenue of the periods used plus blocks of consecutive residuals (start
    drawn uniformly, the last block cut to length), centred and scaled by √(periods / degrees of
    freedom) to the noise variance (fitted residuals are smaller than the noise), and refitted by the
    whole search (noise estimate and pooling included).
    """
    model = fitter.model
    periods = residual.shape[0]
    block = model.block if model.block is not None else max(1, round(periods ** (1.0 / 3.0)))
    count = -(-periods // block)
    starts = generator(model.seed).integers(0, periods - block + 1, size=(model.resamples, count))
    index = (starts[:, :, None] + np.arange(block)).reshape(model.resamples, -1)[:, :periods]
    noise = (residual - residual.mean()) * math.sqrt(periods / fitter.dof())
    targets = fitter.project((fitted + noise[index]).T)
    saved = fitter.yt, fitter.sigma2, fitter.centre
    out = np.empty((model.resamples, 3, len(fitter.names)))
    for i in range(model.resamples):
        fitter.yt = targets[:, i]
        refit = fitter.search()
        out[i] = _per_beta(fitter, refit.shapes)[1] * refit.beta
    fitter.yt, fitter.sigma2, fitter.centre = saved
    return out


def _shape_variance(fitter: _Fitter, state: _State, estimates: FloatArray, noise: float) -> FloatArray:
    """The spread of ROAS, contribution and marginal ROAS over each channel's shape grid.

    Each grid shape gets its profile effect given the other channels and a weight proportional to its
    profile likelihood exp(-Δobjective / 2σ²) (shape priors included); the result is the weighted mean
    squared deviation from the fitted estimates, one row per quantity, one column per channel.
    """
    model, x, beta = fitter.model, fitter.x, state.beta
    n_adstock = len(_PARAMS[model.adstock])
    spend_total = x.sum(axis=0)
    grid = fitter.coarse
    out = np.zeros_like(estimates)
    for c in range(len(fitter.names)):
        feats_c, projected, d, e = fitter.candidates(c, grid)
        r = fitter.yt - (state.xt @ beta - state.xt[:, c] * beta[c])
        a = np.einsum("ij,ij->j", projected, projected) + d
        b = projected.T @ r + e
        bc = np.maximum(b / a, 0.0)
        gain = bc * (2.0 * b - bc * a) - fitter.penalty(grid)
        weights = np.exp(-(gain.max() - gain) / (2.0 * noise))
        weights /= weights.sum()
        # The fit's adstock weights are normalised: the current (mean) media's adstock over the scale is 1;
        # a unit of spend buys per_spend units of media.
        u_grid = np.ones(grid.shape[0])
        slope_grid = (
            _slope_at(model.saturation, grid[:, n_adstock:], u_grid) / fitter.scale[c] * fitter.per_spend[c]
        )
        values = np.stack([feats_c.sum(axis=0) / spend_total[c], feats_c.sum(axis=0), slope_grid]) * bc
        out[:, c] = (weights * (values - estimates[:, c : c + 1]) ** 2).sum(axis=1)
    return out


def _adstock_of(model: MarketingMixModel, params: FloatArray) -> Adstock:
    if model.adstock == "geometric":
        return GeometricAdstock(decay=float(params[0]), max_lag=model.max_lag)
    return WeibullAdstock(shape=float(params[0]), scale=float(params[1]), max_lag=model.max_lag)


def _identifiability(fitter: _Fitter, state: _State) -> tuple[str, ...]:
    problems: list[str] = []
    x, names, used = fitter.media, fitter.names, fitter.used
    on_media = _on_media(fitter.media, fitter.x)
    n_adstock = len(_PARAMS[fitter.model.adstock])
    mean = x[used].mean(axis=0)
    spread = x[used].std(axis=0)
    adstocked = np.column_stack(
        [
            _adstock_of(fitter.model, state.shapes[c, :n_adstock]).transform(x[:, c])[used]
            for c in range(len(names))
        ]
    )
    for c, name in enumerate(names):
        what = "media" if on_media[c] else "spend"
        if spread[c] <= _STEADY_SPEND * mean[c]:
            problems.append(
                f"channel {name!r} is not identifiable: its {what} barely varies (coefficient of variation "
                f"{spread[c] / mean[c]:.3g} < {_STEADY_SPEND}), so its effect cannot be told from the baseline; "
                "its estimate leans on the prior"
            )
            continue
        column = adstocked[:, c] - adstocked[:, c].mean()
        free = fitter.project(adstocked[:, c : c + 1])[:, 0]
        if float(free @ free) <= _BASELINE_SHARE * float(column @ column):
            problems.append(
                f"channel {name!r} is not identifiable: its {what} moves with the baseline (trend, "
                "seasonality, controls); its estimate leans on the prior"
            )
    if len(names) > 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = cast("FloatArray", np.corrcoef(adstocked, rowvar=False))
        problems.extend(
            f"channels {names[i]!r} and {names[j]!r} are not identifiable apart: their adstocked spends "
            f"move together (correlation {corr[i, j]:.3f}, above {_CORRELATED}); their split leans on the prior"
            for i in range(len(names))
            for j in range(i + 1, len(names))
            if abs(corr[i, j]) > _CORRELATED
        )
    return tuple(problems)


def _with_interval(estimate: float, interval: FloatArray) -> str:
    """A table cell: the estimate and its [low, high] interval."""
    return f"{show(float(estimate))} [{show(float(interval[0]))}, {show(float(interval[1]))}]"


def _curve(saturation: str, effect: float, shape: FloatArray, scale: float, weight: float) -> ResponseCurve:
    """The steady-state response per period to a constant spend s per period: β · f(s · W / m)."""
    unit = scale / weight  # the spend per period whose adstock is the mean spend m
    if saturation == "hill":
        return HillCurve(beta=effect, half_saturation=float(shape[0]) * unit, slope=float(shape[1]))
    if saturation == "exponential":
        return ExponentialCurve(beta=effect, scale=float(shape[0]) * unit)
    if saturation == "logistic":
        return LogisticCurve(beta=effect, lam=1.0 / (float(shape[0]) * unit))
    exponent = float(shape[0])
    return PowerCurve(scale=effect / unit**exponent, exponent=exponent)


@attrs.frozen(kw_only=True)
class MarketingMixFit:
    """A fitted [`MarketingMixModel`][socialroi.mmm.MarketingMixModel]: effects, ROAS, curves, diagnostics.

    Arrays are indexed by period (rows) and channel (columns) in the order of ``channels``. The ROAS of a
    channel is its contribution over all periods divided by its spend over them; its marginal ROAS is the
    slope of its steady-state response curve at ``current_spend`` (the mean spend per period). Intervals
    (``*_interval``, one ``[low, high]`` row per channel, at the model's ``interval`` probability) combine
    the Laplace approximation of the effects around the MAP, given the shapes, with the spread of the
    estimate over each channel's shape grid weighted by its profile likelihood (the law of total
    variance); both are widened by (1 + ρ)/(1 - ρ) when the residuals' lag-1 autocorrelation ρ is
    positive. Intervals are cut at 0. With the model's ``intervals="bootstrap"`` they are instead the
    percentile intervals of seeded moving-block bootstrap refits (see
    [`MarketingMixModel`][socialroi.mmm.MarketingMixModel]).

    Attributes:
        model: The configuration that was fitted, its ``seasonality_order`` the one chosen when the
            model asked for ``"auto"``.
        channels: Channel names.
        spend: Spend, periods x channels.
        media: What each channel's adstock and saturation act on, periods x channels: its media
            (``fit(media=...)``: impressions, reach) or else its spend.
        revenue: Revenue per period as given (NaN where dropped).
        used: Which periods entered the fit.
        shapes: The fitted shape parameters per channel (columns ``model.shape_names``); saturation
            scales are multiples of ``spend_scale``.
        spend_scale: Each channel's mean ``media`` per period m: its mean spend, or its mean media.
        effects: β per channel, the most the channel brings per period.
        baseline_columns: Names of the baseline's columns.
        baseline_coefficients: Their coefficients.
        baseline: The baseline per period.
        contributions: Each channel's contribution per period, periods x channels.
        fitted: The fitted revenue per period (baseline + contributions).
        roas: Each channel's ROAS over the data.
        roas_interval: Its interval.
        contribution: Each channel's total contribution over the data.
        contribution_interval: Its interval.
        marginal_roas: The marginal ROAS at the current spend.
        marginal_roas_interval: Its interval.
        current_spend: The mean spend per period of each channel.
        share: Each channel's share of the total fitted revenue (the decomposition).
        baseline_share: The baseline's share.
        r_squared: R² over the periods used.
        nrmse: Root mean squared error over the range of revenue (Robyn's NRMSE).
        durbin_watson: The Durbin-Watson statistic of the residuals (2 when uncorrelated).
        autocorrelation: The residuals' lag-1 autocorrelation.
        sigma: The residual standard deviation.
        dropped: How many periods were left out for NaN revenue.
        calibration: The calibrations the fit used.
        warnings: The identifiability problems found (also warned).
    """

    model: MarketingMixModel = attrs.field(validator=instance(MarketingMixModel, "a MarketingMixModel"))
    channels: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[at_least_one(), each(text()), distinct()]
    )
    spend: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    media: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    revenue: FloatArray = attrs.field(converter=array, validator=floats(allow_nan=True), eq=ARRAY_EQ)
    used: NDArray[np.bool_] = attrs.field(converter=array, validator=flags(), eq=ARRAY_EQ)
    shapes: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    spend_scale: FloatArray = attrs.field(converter=array, validator=floats(POSITIVE), eq=ARRAY_EQ)
    effects: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    baseline_columns: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[at_least_one(), each(text()), distinct()]
    )
    baseline_coefficients: FloatArray = attrs.field(converter=array, validator=floats(), eq=ARRAY_EQ)
    baseline: FloatArray = attrs.field(converter=array, validator=floats(), eq=ARRAY_EQ)
    contributions: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    fitted: FloatArray = attrs.field(converter=array, validator=floats(), eq=ARRAY_EQ)
    roas: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    roas_interval: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    contribution: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    contribution_interval: FloatArray = attrs.field(
        converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ
    )
    marginal_roas: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    marginal_roas_interval: FloatArray = attrs.field(
        converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ
    )
    current_spend: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=ARRAY_EQ)
    share: FloatArray = attrs.field(converter=array, validator=floats(allow_nan=True), eq=ARRAY_EQ)
    baseline_share: float = attrs.field(converter=real, validator=number(allow_nan=True))
    r_squared: float = attrs.field(converter=real, validator=number(_AT_MOST_ONE, allow_nan=True))
    nrmse: float = attrs.field(converter=real, validator=number(NON_NEGATIVE, allow_nan=True))
    durbin_watson: float = attrs.field(converter=real, validator=number(_DURBIN_WATSON, allow_nan=True))
    autocorrelation: float = attrs.field(converter=real, validator=number(SIGNED_FRACTION, allow_nan=True))
    sigma: float = attrs.field(converter=real, validator=number(NON_NEGATIVE))
    dropped: int = attrs.field(validator=whole(minimum=0))
    calibration: tuple[Calibration, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(Calibration, "a Calibration"))
    )
    warnings: tuple[str, ...] = attrs.field(converter=to_tuple, validator=each(text()))

    def __attrs_post_init__(self) -> None:
        if self.model.seasonality_order == "auto":
            raise fail("model", "a model with its seasonality order chosen, as a fit's model has", self.model)
        if self.used.ndim != 1:
            raise fail("used", "one flag per period (a 1-d array)", self.used)
        periods, channels = len(self.used), len(self.channels)
        shapes: dict[str, tuple[int, ...]] = {
            "spend": (periods, channels),
            "media": (periods, channels),
            "revenue": (periods,),
            "shapes": (channels, len(self.model.shape_names)),
            "baseline_coefficients": (len(self.baseline_columns),),
            "baseline": (periods,),
            "contributions": (periods, channels),
            "fitted": (periods,),
        }
        for name in (
            "spend_scale",
            "effects",
            "roas",
            "contribution",
            "marginal_roas",
            "current_spend",
            "share",
        ):
            shapes[name] = (channels,)
        for name in ("roas_interval", "contribution_interval", "marginal_roas_interval"):
            shapes[name] = (channels, 2)
        for name, shape in shapes.items():
            shaped(getattr(self, name), name, shape, "as 'used' (periods) and 'channels' say")
        for name in ("roas_interval", "contribution_interval", "marginal_roas_interval"):
            bounds = cast("FloatArray", getattr(self, name))
            reversed_ = np.flatnonzero(bounds[:, 0] > bounds[:, 1])
            if reversed_.size:
                row = int(reversed_[0])
                rule = f"one [low, high] row per channel with low <= high ({self.channels[row]!r})"
                raise fail(name, rule, tuple(bounds[row].tolist()))
        if self.dropped != int((~self.used).sum()):
            rule = f"the number of periods not used ({int((~self.used).sum())})"
            raise fail("dropped", rule, self.dropped)

    def adstocks(self) -> dict[str, Adstock]:
        """Each channel's fitted adstock.

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=1, seed=3)
            >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
            >>> type(fit.adstocks()["facebook"]).__name__
            'GeometricAdstock'
        """
        n_adstock = len(_PARAMS[self.model.adstock])
        return {
            name: _adstock_of(self.model, self.shapes[c, :n_adstock]) for c, name in enumerate(self.channels)
        }

    @property
    def media_channels(self) -> tuple[str, ...]:
        """The channels fitted on a media variable rather than on spend (``fit(media=...)``).

        A channel whose media equal its spend counts as fitted on spend: the fit is the same.

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> MarketingMixModel().fit(data.spend, data.revenue).media_channels
            ()
        """
        on_media = _on_media(self.media, self.spend)
        return tuple(name for c, name in enumerate(self.channels) if on_media[c])

    @property
    def media_per_spend(self) -> FloatArray:
        """Each channel's media units per unit of spend over the data (1 for a channel fitted on spend).

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> impressions = {"facebook": 1000.0 / 8.0 * np.asarray(data.spend["facebook"])}  # CPM 8
            >>> fit = MarketingMixModel().fit(data.spend, data.revenue, media=impressions)
            >>> fit.media_per_spend.round(1).tolist()
            [125.0, 1.0]
        """
        return freeze(_per_spend(self.media, self.spend))

    def response_curves(self) -> dict[str, ResponseCurve]:
        """Each channel's steady-state response curve, ready for `allocate` and `allocate_to_target`.

        The curve maps a constant spend s per period to the long-run response per period: with normalised
        adstock the adstock of a constant spend is s itself, so the response is β · f(s / m), exactly a
        socialroi curve of the model's saturation family (the carry-over is counted in full: the response
        per period includes what earlier periods' spend still brings). A channel fitted on its media
        buys ``media_per_spend`` media units per unit of spend (its average over the data), so its curve
        is β · f(s · media_per_spend / m) in spend. Channels whose fitted effect is 0 have no curve and are
        left out; give them no budget.

        Returns:
            Channel → [`HillCurve`][socialroi.budget.HillCurve] (or the family fitted).

        Examples:
            >>> from socialroi.budget import allocate
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> fit = MarketingMixModel(saturation="exponential").fit(data.spend, data.revenue)
            >>> curves = fit.response_curves()
            >>> plan = allocate(float(fit.current_spend.sum()), curves)
            >>> sorted(plan.spend_by_channel()) == sorted(curves)
            True
        """
        n_adstock = len(_PARAMS[self.model.adstock])
        adstocks = self.adstocks()
        per_spend = self.media_per_spend
        return {
            name: _curve(
                self.model.saturation,
                float(self.effects[c]),
                self.shapes[c, n_adstock:],
                float(self.spend_scale[c] / per_spend[c]),
                adstocks[name].total_weight,
            )
            for c, name in enumerate(self.channels)
            if self.effects[c] > 0
        }

    def contributions_by_channel(self) -> dict[str, FloatArray]:
        """Channel → its contribution per period (a read-only view).

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
            >>> len(fit.contributions_by_channel()["facebook"])
            104
        """
        return {name: self.contributions[:, c] for c, name in enumerate(self.channels)}

    def normal_equations(
        self,
        spend: Mapping[str, ArrayLike],
        revenue: ArrayLike,
        *,
        media: Mapping[str, ArrayLike] | None = None,
        controls: Mapping[str, ArrayLike] | None = None,
    ) -> NormalEquations:
        """The sufficient statistics of other data (a region, a geo) at this fit's shapes.

        The design uses this fit's adstock and saturation shapes and spend scales, and the model's
        baseline columns (the same controls by name), so statistics of several regions add with ``+``
        and [`NormalEquations.solve`][socialroi.mmm.NormalEquations.solve] gives the pooled effects.

        Args:
            spend: Channel → spend per period, the fit's channels.
            revenue: Revenue per period; NaN periods are left out.
            media: The media of the channels the fit had media for (``media_channels``), by name.
            controls: The fit's controls, by name.

        Returns:
            The [`NormalEquations`][socialroi.mmm.NormalEquations].

        Raises:
            InvalidInputError: the channels, media channels or controls differ from the fit's; the
                errors of `fit` for the values.

        Examples:
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
            >>> stats = fit.normal_equations(data.spend, data.revenue)
            >>> stats.periods, stats.columns[-2:]
            (104, ('facebook', 'instagram'))
        """
        names, x = _spend_table(spend)
        if names != self.channels:
            msg = f"'spend' must have the fit's channels {self.channels!r} in order (got {names!r})"
            raise InvalidInputError(msg)
        m = _media_table(media, names, x)
        given = tuple(name for name in names if name in (media or {}))
        if given != self.media_channels:
            msg = (
                f"'media' must be given for the fit's media channels {self.media_channels!r} (got {given!r})"
            )
            raise InvalidInputError(msg)
        y = as_array(revenue, "revenue", FINITE)
        if y.shape != (x.shape[0],):
            msg = f"'revenue' must be one value per period, like 'spend' (got shape {y.shape})"
            raise InvalidInputError(msg)
        control_names, z = _control_table(controls, x.shape[0])
        base_names, base = _baseline(self.model, x.shape[0], z)
        columns = (*base_names, *control_names)
        if columns != self.baseline_columns:
            msg = f"'controls' must be the fit's controls (got baseline columns {columns!r}, the fit has {self.baseline_columns!r})"
            raise InvalidInputError(msg)
        feats = np.column_stack(
            [
                _features(m[:, c], float(self.spend_scale[c]), self.model, self.shapes[c : c + 1])[:, 0]
                for c in range(len(names))
            ]
        )
        keep = ~np.isnan(y)
        design = np.column_stack([base, feats])[keep]
        return NormalEquations(
            columns=(*columns, *names),
            channels=names,
            gram=design.T @ design,
            moment=design.T @ y[keep],
            total_squares=float(y[keep] @ y[keep]),
            periods=int(keep.sum()),
        )

    def _rows(self) -> list[list[str]]:
        return [
            [
                name,
                show(float(self.current_spend[c])),
                _with_interval(self.contribution[c], self.contribution_interval[c]),
                _with_interval(self.roas[c], self.roas_interval[c]),
                _with_interval(self.marginal_roas[c], self.marginal_roas_interval[c]),
                percent(float(self.share[c])),
            ]
            for c, name in enumerate(self.channels)
        ]

    def _summary(self) -> str:
        dropped = f", {self.dropped} periods dropped (NaN revenue)" if self.dropped else ""
        kind = "intervals"
        if self.model.intervals == "bootstrap":
            kind = f"block bootstrap intervals ({self.model.resamples} resamples)"
        return (
            f"{len(self.channels)} channels, {int(self.used.sum())} periods{dropped}; R² {self.r_squared:.3f}, "
            f"NRMSE {self.nrmse:.3f}, Durbin-Watson {self.durbin_watson:.2f}; baseline {percent(self.baseline_share)} "
            f"of revenue; {level(self.model.interval)} {kind}{self._media_note()}"
        )

    def _media_note(self) -> str:
        on_media = _on_media(self.media, self.spend)
        if not on_media.any():
            return ""
        per_spend = self.media_per_spend
        each_ = ", ".join(
            f"{name} ({show(float(per_spend[c]))} per unit of spend)"
            for c, name in enumerate(self.channels)
            if on_media[c]
        )
        return f"; fitted on media: {each_}"

    _HEADERS = ("channel", "spend/period", "contribution", "ROAS", "marginal ROAS", "share")

    def __repr__(self) -> str:
        rows = self._rows()
        lines = [f"MarketingMixFit: {self._summary()}"]
        lines += text_table(list(self._HEADERS), rows[:_ROWS_SHOWN], indent="  ", left=1, rule=False)
        if len(rows) > _ROWS_SHOWN:
            lines.append(f"  ... and {len(rows) - _ROWS_SHOWN} more channels")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        table = html_table("", list(self._HEADERS), self._rows(), left=1)
        notes = "".join(f"<p>warning: {html.escape(w)}</p>" for w in self.warnings)
        return f"<div><p><strong>MarketingMixFit</strong>: {html.escape(self._summary())}</p>{table}{notes}</div>"

    def to_dict(self) -> dict[str, Any]:
        """The fit as plain values (strict JSON: NaN and infinities become ``None``).

        Examples:
            >>> import json
            >>> from socialroi.datasets import synthetic_mmm
            >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
            >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
            >>> sorted(json.loads(json.dumps(fit.to_dict(), allow_nan=False))["channels"])
            ['facebook', 'instagram']
        """
        curves = self.response_curves()
        per_spend = self.media_per_spend
        return cast(
            "dict[str, Any]",
            plain(
                {
                    "model": attrs.asdict(self.model),
                    "channels": self.channels,
                    "summary": {
                        "r_squared": self.r_squared,
                        "nrmse": self.nrmse,
                        "durbin_watson": self.durbin_watson,
                        "autocorrelation": self.autocorrelation,
                        "sigma": self.sigma,
                        "periods": int(self.used.sum()),
                        "dropped": self.dropped,
                        "baseline_share": self.baseline_share,
                        "interval": self.model.interval,
                    },
                    "by_channel": {
                        name: {
                            "effect": self.effects[c],
                            "shape": dict(zip(self.model.shape_names, self.shapes[c].tolist(), strict=True)),
                            "current_spend": self.current_spend[c],
                            "media_per_spend": per_spend[c],
                            "roas": self.roas[c],
                            "roas_interval": self.roas_interval[c],
                            "contribution": self.contribution[c],
                            "contribution_interval": self.contribution_interval[c],
                            "marginal_roas": self.marginal_roas[c],
                            "marginal_roas_interval": self.marginal_roas_interval[c],
                            "share": self.share[c],
                            "curve": {"kind": type(curves[name]).__name__, **attrs.asdict(curves[name])}
                            if name in curves
                            else None,
                        }
                        for c, name in enumerate(self.channels)
                    },
                    "baseline": dict(
                        zip(self.baseline_columns, self.baseline_coefficients.tolist(), strict=True)
                    ),
                    "calibration": [c.to_dict() for c in self.calibration],
                    "warnings": self.warnings,
                }
            ),
        )
