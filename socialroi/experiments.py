r"""Incrementality experiments: conversion lift, brand lift and geo tests, their planning and calibration.

Attribution and marketing mix models measure association; an experiment with a holdout measures what the
ads *caused*. This module reads the three kinds of test marketers run and returns one result type,
[`Lift`][socialroi.experiments.Lift]:

- [`conversion_lift`][socialroi.experiments.conversion_lift]: a test group that can see the ads and a
  randomly held-out control group (Meta's conversion lift, a platform holdout). Each group's conversion
  rate gets a Beta posterior (Binomial counts with group sizes) or a Gamma posterior (Poisson counts per
  unit of exposure), both from the Jeffreys prior; the intervals of every derived quantity (incremental
  conversions, relative lift, iROAS, cost per incremental conversion) and the probability that the lift
  is positive come from seeded Monte Carlo draws of the two posteriors.
- [`brand_lift`][socialroi.experiments.brand_lift]: survey answers (ad recall, awareness) of exposed and
  control respondents, the same Beta posteriors, lifted people from the reach, and a refusal
  ([`UnderpoweredError`][socialroi.exceptions.UnderpoweredError]) when the responses cannot detect the
  lift asked for.
- [`time_based_regression`][socialroi.experiments.time_based_regression] and
  [`trimmed_match`][socialroi.experiments.trimmed_match]: Google's two geo-experiment estimators, over
  treatment and control regions.

Planning ([`lift_power`][socialroi.experiments.lift_power],
[`minimum_detectable_lift`][socialroi.experiments.minimum_detectable_lift],
[`plan_lift`][socialroi.experiments.plan_lift], [`plan_geo_lift`][socialroi.experiments.plan_geo_lift])
says how large a test must be before it is run. A `Lift` then calibrates the other models: it rescales an
attribution's credits ([`Lift.rescale`][socialroi.experiments.Lift.rescale]) and exports what Robyn,
Meridian and pymc-marketing take as calibration input.

Everything is deterministic: the Monte Carlo draws take a ``seed`` and the same call gives the same result.

Examples:
    >>> from socialroi.experiments import conversion_lift
    >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=5_000.0,
    ...                        value_per_conversion=40.0)
    >>> round(lift.incremental), f"{lift.relative_lift:.0%}", round(lift.iroas, 2)
    (300, '30%', 2.4)
    >>> lift.probability_positive
    1.0
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeAlias, cast, overload

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from socialroi import _special, metrics
from socialroi._arrays import (
    FINITE,
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    FloatArray,
    Rule,
    as_array,
    broadcast,
    divide,
    finish,
    generator,
    operand,
)
from socialroi._check import (
    ANY_NUMBER,
    ReadOnlyMapping,
    at_least_one,
    channel_hint,
    channel_key,
    choice,
    date,
    distinct,
    each,
    fail,
    instance,
    integer,
    mapping,
    number,
    optional,
    ordered,
    pair,
    read_only_mapping,
    real,
    text,
    to_tuple,
    whole,
)
from socialroi._display import MISSING, html_fields, level, percent, plain, text_table
from socialroi._display import number as fmt
from socialroi.attribution import Attribution
from socialroi.exceptions import InvalidInputError, UnderpoweredError
from socialroi.mmm import Calibration
from socialroi.valuation import LEVEL

__all__ = [
    "DEFAULT_DRAWS",
    "GeoPlan",
    "Lift",
    "LiftPlan",
    "RescaledAttribution",
    "brand_lift",
    "conversion_lift",
    "lift_power",
    "minimum_detectable_lift",
    "plan_geo_lift",
    "plan_lift",
    "time_based_regression",
    "trimmed_match",
]

Design: TypeAlias = Literal["conversion lift", "brand lift", "time-based regression", "trimmed match"]
Model: TypeAlias = Literal["beta-binomial", "gamma-poisson", "regression", "trimmed match"]
IntervalMethod: TypeAlias = Literal["monte-carlo", "student-t", "studentized trimmed mean"]
Seed: TypeAlias = int | np.random.Generator
Interval: TypeAlias = tuple[float, float]

DEFAULT_DRAWS = 20_000
"""Monte Carlo draws of each group's posterior in `conversion_lift` and `brand_lift`."""

_OPEN_FRACTION = Rule(5e-324, 1.0, "> 0 and <= 1")
_OPEN_UNIT = Rule(5e-324, math.nextafter(1.0, 0.0), "strictly between 0 and 1")
_ALPHA = Rule(2.0**-52, math.nextafter(1.0, 0.0), "strictly between 0 and 1 (at least 2**-52)")
"""A significance level: an open fraction whose two-sided quantile, 1 - alpha / 2, is a float below 1."""
_SIZE = Rule(0.0, math.inf, ">= 0")  # a derived size that may overflow to inf (or be NaN, where allowed)
_UP_TO_INF = Rule(5e-324, math.inf, "> 0")
_JEFFREYS = 0.5  # the Jeffreys prior: Beta(1/2, 1/2) for a rate, Gamma(1/2, 0) for a Poisson mean
_NAN_PAIR: Interval = (math.nan, math.nan)
_DESIGN_MODELS: dict[str, tuple[tuple[str, ...], str]] = {
    "conversion lift": (("beta-binomial", "gamma-poisson"), "monte-carlo"),
    "brand lift": (("beta-binomial",), "monte-carlo"),
    "time-based regression": (("regression",), "student-t"),
    "trimmed match": (("trimmed match",), "studentized trimmed mean"),
}
_DESIGNS = tuple(_DESIGN_MODELS)
_RATE_DESIGNS = ("conversion lift", "brand lift")
_MODELS = ("beta-binomial", "gamma-poisson", "regression", "trimmed match")
_METHODS = ("monte-carlo", "student-t", "studentized trimmed mean")


# --- small checks ----------------------------------------------------------------------------------------


def _one_of(*options: str) -> choice:
    return choice(cast("Any", options))


def _level(value: object, name: str = "level", rule: Rule = LEVEL) -> float:
    return number(rule).check(value, name)


def _positive(value: object, name: str) -> float:
    return number(POSITIVE).check(value, name)


def _count(value: object, name: str) -> float:
    return number(NON_NEGATIVE).check(value, name)


def _optional_positive(value: object, name: str) -> float | None:
    return None if value is None else _positive(value, name)


def _draws(value: object) -> int:
    return whole(minimum=100).check(value, "draws")


def _to_pair(value: Any) -> Any:
    """Converter: an iterable of numbers as a tuple of floats; anything else unchanged."""
    items: object = to_tuple(value)
    if not isinstance(items, tuple):
        return items
    return tuple(real(v) for v in cast("tuple[object, ...]", items))


def _to_intervals(value: Any) -> Any:
    """Converter: a mapping of intervals as a read-only mapping of float tuples; anything else unchanged."""
    if not isinstance(value, Mapping):
        return value
    return ReadOnlyMapping({k: _to_pair(v) for k, v in cast("Mapping[object, object]", value).items()})


_RATIO = number(ANY_NUMBER, allow_nan=True)  # a ratio of measured numbers: unbounded, or NaN
_MEASURED = number(FINITE, allow_nan=True)  # a measured number, NaN when it cannot be measured
_ANY_PAIR = pair(_RATIO, _RATIO)
_INTERVAL = [_ANY_PAIR, ordered("an interval (low, high)")]
_COST_INTERVAL = [pair(number(_SIZE, allow_nan=True), number(_SIZE, allow_nan=True)), *_INTERVAL[1:]]


def _dates(start: object, end: object) -> tuple[dt.date | None, dt.date | None]:
    start_ = optional(date()).check(start, "start")
    end_ = optional(date()).check(end, "end")
    if start_ is not None and end_ is not None and end_ < start_:
        raise fail("end", f"on or after 'start' ({start_.isoformat()})", end_)
    return start_, end_


def _tails(level: float) -> tuple[float, float]:
    return (1.0 - level) / 2.0, (1.0 + level) / 2.0


def _cost_per(spend: float | None, incremental: float, interval: Interval) -> tuple[float, Interval]:
    """Cost per incremental unit and its interval, from the interval of the incremental units.

    Spend / incremental decreases in the incremental units while they are positive, so its quantiles
    are the reversed quantiles of the incremental units; with none bought (<= 0) the cost is infinite.
    """
    if spend is None:
        return math.nan, _NAN_PAIR
    low, high = interval

    def per(units: float) -> float:
        return spend / units if units > 0 else math.inf

    return per(incremental), (per(high), per(low))


# --- the result ------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Lift:
    r"""What an experiment measured: the incremental outcome the ads caused, with intervals.

    One type for every design, so that any test calibrates the other models the same way. Intervals are
    equal-tailed at ``level``: Bayesian credible intervals for conversion and brand lift (Monte Carlo
    from the two posteriors), Student-t intervals for time-based regression, and the inverted
    studentized trimmed mean for trimmed match.

    Attributes:
        design: ``"conversion lift"``, ``"brand lift"``, ``"time-based regression"`` or
            ``"trimmed match"``.
        metric: What was counted: ``"conversions"``, the survey question (``"ad recall"``) or
            ``"response"`` (a geo test's KPI, e.g. revenue).
        channel: The channel tested, when given.
        start: First day of the test, when given.
        end: Last day of the test, when given.
        level: Probability mass of every interval.
        incremental: The outcome the ads caused in the test group: incremental conversions, lifted
            people (brand lift with ``reach``; NaN without) or incremental response.
        incremental_interval: Interval of ``incremental``.
        relative_lift: ``incremental`` over the test group's counterfactual outcome (what it would have
            done without the ads): 0.12 is +12 %.
        relative_lift_interval: Interval of ``relative_lift``.
        absolute_lift: Test rate minus control rate (a fraction: 0.03 is 3 points), for designs with
            rates (conversion and brand lift); ``None`` for geo tests.
        absolute_lift_interval: Interval of ``absolute_lift``, or ``None``.
        probability_positive: The probability that the lift is above 0: posterior probability for
            conversion lift, brand lift and time-based regression (flat prior); for trimmed match the
            one-sided confidence of the inverted test (one minus the p-value of "iROAS <= 0").
        spend: Ad spend on the test group (geo tests: the incremental cost), when given.
        iroas: Incremental return on ad spend: incremental value / spend
            ([`incremental_roas`][socialroi.metrics.incremental_roas]); NaN without spend or value.
        iroas_interval: Interval of ``iroas``.
        iroas_standard_error: Standard error of ``iroas`` (posterior standard deviation for the
            Bayesian designs).
        cost_per_incremental: Spend per incremental conversion (or per lifted person); infinite when the
            test bought none (``incremental <= 0``), NaN without spend.
        cost_per_incremental_interval: Interval of ``cost_per_incremental`` (the reversed interval of
            ``incremental``; unbounded above when that reaches 0).
        test_outcome: The test group's total outcome: conversions, positive answers, or test-period
            response of the treatment regions.
        control_outcome: The control group's total outcome, the same way.
        test_size: People in the test group (or respondents, or exposure), when known.
        control_size: People in the control group, when known.
        counterfactual: The test group's expected outcome without the ads (control rate x test size;
            the regression's prediction for geo tests).
        model: ``"beta-binomial"``, ``"gamma-poisson"``, ``"regression"`` or ``"trimmed match"``.
        interval_method: ``"monte-carlo"``, ``"student-t"`` or ``"studentized trimmed mean"``.
        draws: Monte Carlo draws of each posterior, or ``None``.
        seed: The seed of the draws, when a whole number was given.
        details: Design-specific numbers (degrees of freedom, residual standard deviation, trim rate...).

    Examples:
        >>> from socialroi.experiments import conversion_lift
        >>> lift = conversion_lift(130, 100, test_size=10_000, control_size=10_000, channel="meta")
        >>> lift
        Lift(conversion lift of meta: incremental 30.00 [90 % 5.27 to 54.90], relative lift +30.0 % [90 % +4.6 % to +61.6 %], P(lift > 0) = 0.978)
        >>> lift.to_dict()["design"]
        'conversion lift'
    """

    design: Design = attrs.field(validator=choice(_DESIGNS))
    metric: str = attrs.field(validator=text())
    channel: str | None = attrs.field(default=None, validator=optional(text()))
    start: dt.date | None = attrs.field(default=None, validator=optional(date()))
    end: dt.date | None = attrs.field(default=None, validator=optional(date()))
    level: float = attrs.field(converter=real, validator=number(_OPEN_UNIT))
    incremental: float = attrs.field(converter=real, validator=_MEASURED)
    incremental_interval: Interval = attrs.field(converter=_to_pair, validator=_INTERVAL)
    relative_lift: float = attrs.field(converter=real, validator=_RATIO)
    relative_lift_interval: Interval = attrs.field(converter=_to_pair, validator=_INTERVAL)
    absolute_lift: float | None = attrs.field(default=None, converter=real, validator=optional(_MEASURED))
    absolute_lift_interval: Interval | None = attrs.field(
        default=None, converter=_to_pair, validator=[optional(v) for v in _INTERVAL]
    )
    probability_positive: float = attrs.field(converter=real, validator=number(FRACTION))
    spend: float | None = attrs.field(default=None, converter=real, validator=optional(number(NON_NEGATIVE)))
    iroas: float = attrs.field(default=math.nan, converter=real, validator=_MEASURED)
    iroas_interval: Interval = attrs.field(default=_NAN_PAIR, converter=_to_pair, validator=_INTERVAL)
    iroas_standard_error: float = attrs.field(
        default=math.nan, converter=real, validator=number(_SIZE, allow_nan=True)
    )
    cost_per_incremental: float = attrs.field(
        default=math.nan, converter=real, validator=number(_SIZE, allow_nan=True)
    )
    cost_per_incremental_interval: Interval = attrs.field(
        default=_NAN_PAIR, converter=_to_pair, validator=_COST_INTERVAL
    )
    test_outcome: float = attrs.field(converter=real, validator=number(FINITE))
    control_outcome: float = attrs.field(converter=real, validator=number(FINITE))
    test_size: float | None = attrs.field(default=None, converter=real, validator=optional(number(POSITIVE)))
    control_size: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(POSITIVE))
    )
    counterfactual: float = attrs.field(converter=real, validator=_MEASURED)
    model: Model = attrs.field(validator=choice(_MODELS))
    interval_method: IntervalMethod = attrs.field(validator=choice(_METHODS))
    draws: int | None = attrs.field(default=None, validator=optional(whole(minimum=1)))
    seed: int | None = attrs.field(default=None, validator=optional(whole(minimum=0)))
    details: Mapping[str, float] = attrs.field(
        factory=dict[str, float], converter=read_only_mapping, validator=mapping(text(), _RATIO)
    )

    def __attrs_post_init__(self) -> None:
        _dates(self.start, self.end)
        models, method = _DESIGN_MODELS[self.design]
        if self.model not in models:
            raise fail("model", f"{' or '.join(map(repr, models))} for a {self.design}", self.model)
        if self.interval_method != method:
            raise fail("interval_method", f"{method!r} for a {self.design}", self.interval_method)
        if self.design in _RATE_DESIGNS:
            for name in ("test_outcome", "control_outcome", "counterfactual"):
                value = cast("float", getattr(self, name))
                if value < 0:
                    raise fail(name, f">= 0 for a {self.design} (a count of people or conversions)", value)

    # --- calibration ------------------------------------------------------------------------------------

    def rescale(
        self,
        attribution: Attribution,
        channels: str | Sequence[str] | None = None,
        *,
        by: Literal["conversions", "value"] = "conversions",
    ) -> RescaledAttribution:
        r"""Rescale an attribution's credits of the tested channel(s) to the measured incrementality.

        Attribution credits every conversion that followed a touch; the test measured how many the ads
        caused. The factor \(k = \text{incremental} / \text{credited}\) (credited conversions of the
        channels together, or their credited value with ``by="value"``) multiplies the conversions and
        the value of each of those channels; the other channels are left as they were, so the total no
        longer sums to the observed conversions (the rest is the baseline that would have happened
        anyway). The interval of \(k\) is the interval of ``incremental`` divided by the same credited
        amount, and each rescaled credit's interval is its credit times that interval: the uncertainty
        of the test is carried through, that of the attribution is not modelled.

        Args:
            attribution: The [`Attribution`][socialroi.attribution.Attribution] to rescale.
            channels: The tested channel or channels; by default the lift's ``channel``. Names match the
                attribution's by the one channel rule (``"Meta"`` is its ``"meta"``).
            by: Match ``incremental`` to the credited ``"conversions"`` (conversion lift, a geo test of
                conversions) or to the credited ``"value"`` (a geo test of revenue).

        Returns:
            The [`RescaledAttribution`][socialroi.experiments.RescaledAttribution].

        Raises:
            InvalidInputError: For a brand lift (lifted people are not conversions), no channel, a
                channel the attribution does not have, or channels without credit.

        Examples:
            >>> from socialroi.attribution import Attribution
            >>> from socialroi.experiments import conversion_lift
            >>> credits = Attribution(model="last touch", channels=["meta", "search"], conversions=[600, 400],
            ...                       value=[24_000, 16_000])
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, channel="meta")
            >>> rescaled = lift.rescale(credits)
            >>> round(rescaled.factor, 2), rescaled.attribution.conversions.tolist()
            (0.5, [300.0, 400.0])
        """
        if self.design == "brand lift":
            msg = (
                "a brand lift measures lifted people, not conversions; rescale with a conversion or geo lift"
            )
            raise InvalidInputError(msg)
        _one_of("conversions", "value").check(by, "by")
        if not isinstance(cast("object", attribution), Attribution):
            raise fail("attribution", "an Attribution", attribution)
        if channels is None:
            if self.channel is None:
                msg = "'channels' must be given when the lift has no channel (got None)"
                raise InvalidInputError(msg)
            names: tuple[str, ...] = (self.channel,)
        else:
            names = (channels,) if isinstance(channels, str) else tuple(channels)
        if not names:
            raise fail("channels", "at least one channel", channels)
        keys = [channel_key(known) for known in attribution.channels]
        index: list[int] = []
        for name in names:
            text().check(name, "channels")
            if channel_key(name) not in keys:
                rule = f"channels of the attribution ({', '.join(attribution.channels)})"
                raise fail("channels", rule, name, channel_hint(name, attribution.channels))
            index.append(keys.index(channel_key(name)))
        names = tuple(attribution.channels[i] for i in index)
        credit = attribution.conversions if by == "conversions" else attribution.value
        credited = float(credit[index].sum())
        if not credited > 0:
            msg = f"the attribution credits no {by} to {', '.join(names)} (got {credited!r}); nothing to rescale"
            raise InvalidInputError(msg)
        factor = self.incremental / credited
        low, high = (bound / credited for bound in self.incremental_interval)
        scale = np.ones(len(attribution.channels))
        scale[index] = factor
        rescaled = Attribution(
            model=f"{attribution.model} rescaled to a {self.design}",
            channels=attribution.channels,
            conversions=attribution.conversions * scale,
            value=attribution.value * scale,
            extras=attribution.extras,
        )
        conversions = {
            n: (float(attribution.conversions[i]) * low, float(attribution.conversions[i]) * high)
            for n, i in zip(names, index, strict=True)
        }
        value = {
            n: (float(attribution.value[i]) * low, float(attribution.value[i]) * high)
            for n, i in zip(names, index, strict=True)
        }
        return RescaledAttribution(
            attribution=rescaled,
            channels=names,
            factor=factor,
            factor_interval=(low, high),
            level=self.level,
            conversions_interval=conversions,
            value_interval=value,
        )

    def to_robyn(
        self,
        *,
        metric: str | None = None,
        revenue: bool = False,
        calibration_scope: Literal["immediate", "total"] = "immediate",
    ) -> dict[str, Any]:
        """One row of Robyn's ``calibration_input`` data frame, as a plain dict.

        The fields are those of ``calibration_input`` in Robyn's demo (facebookexperimental/Robyn,
        ``demo/demo.R``): ``channel``, ``liftStartDate``, ``liftEndDate`` (ISO dates), ``liftAbs`` (the
        absolute incremental response over the test window, in the units of the model's dependent
        variable: a total, not an average), ``spend`` (the spend in that window), ``confidence``
        (Robyn: "if frequentist experiment, you may use 1 - pvalue"; here ``probability_positive``),
        ``metric`` (the dependent variable) and ``calibration_scope`` (``"immediate"``, recommended
        for lift studies, or ``"total"``).

        Args:
            metric: The name of Robyn's ``dep_var``; by default ``"revenue"`` with ``revenue=True`` and
                ``"conversions"`` otherwise.
            revenue: Export the incremental revenue (iROAS x spend) instead of the incremental outcome.
            calibration_scope: ``"immediate"`` or ``"total"``.

        Returns:
            The row.

        Raises:
            InvalidInputError: Without a channel, dates or spend, or with ``revenue=True`` and no iROAS.

        Examples:
            >>> import datetime as dt
            >>> from socialroi.experiments import conversion_lift
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=5_000.0,
            ...                        value_per_conversion=40.0, channel="facebook_S",
            ...                        start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 28))
            >>> row = lift.to_robyn(revenue=True)
            >>> row["liftAbs"], row["liftStartDate"], row["metric"]
            (12000.0, '2026-05-01', 'revenue')
        """
        _one_of("immediate", "total").check(calibration_scope, "calibration_scope")
        spend = self._exportable("Robyn")
        if self.start is None or self.end is None:
            msg = "'start' and 'end' must be dates of the test for Robyn (got None); pass start= and end="
            raise InvalidInputError(msg)
        if revenue:
            if math.isnan(self.iroas):
                msg = "revenue=True needs the lift's iROAS (got nan); give a value per conversion or revenue"
                raise InvalidInputError(msg)
            lift_abs = self.iroas * spend
        else:
            lift_abs = self.incremental
        name = optional(text()).check(metric, "metric") or ("revenue" if revenue else "conversions")
        return {
            "channel": self.channel,
            "liftStartDate": self.start.isoformat(),
            "liftEndDate": self.end.isoformat(),
            "liftAbs": lift_abs,
            "spend": spend,
            "confidence": self.probability_positive,
            "metric": name,
            "calibration_scope": calibration_scope,
        }

    def to_meridian(self) -> dict[str, Any]:
        r"""A LogNormal ROI prior for Google's Meridian, moment-matched to the measured iROAS.

        Meridian's ROI prior (``roi_m`` of ``meridian.model.prior_distribution.PriorDistribution``) is
        a ``LogNormal(loc, scale)``. Matching its mean \(m\) and standard deviation \(s\) to the iROAS
        and its standard error, as Meridian's own ``lognormal_dist_from_mean_std`` does
        (google/meridian, ``meridian/model/prior_distribution.py``):
        \(\sigma^2 = \ln(1 + s^2/m^2)\), \(\mu = \ln m - \sigma^2/2\). Build it with
        ``tfp.distributions.LogNormal(row["loc"], row["scale"])``.

        Returns:
            ``{"channel", "parameter": "roi_m", "distribution": "LogNormal", "loc", "scale", "mean",
            "standard_error"}``.

        Raises:
            InvalidInputError: Without a channel, or unless the iROAS is positive with a positive
                standard error (a LogNormal has positive support).

        Examples:
            >>> from socialroi.experiments import conversion_lift
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=5_000.0,
            ...                        value_per_conversion=40.0, channel="meta")
            >>> prior = lift.to_meridian()
            >>> prior["distribution"], round(prior["mean"], 2)
            ('LogNormal', 2.4)
        """
        self._exportable("Meridian")
        mean, error = self.iroas, self.iroas_standard_error
        if not (mean > 0 and error > 0):
            msg = (
                f"a LogNormal ROI prior needs an iROAS > 0 with a standard error > 0 "
                f"(got {mean!r} and {error!r})"
            )
            raise InvalidInputError(msg)
        scale2 = math.log1p((error / mean) ** 2)
        return {
            "channel": self.channel,
            "parameter": "roi_m",
            "distribution": "LogNormal",
            "loc": math.log(mean) - 0.5 * scale2,
            "scale": math.sqrt(scale2),
            "mean": mean,
            "standard_error": error,
        }

    def to_pymc_marketing(self, x: float) -> dict[str, Any]:
        """One row of pymc-marketing's lift-test data frame (``MMM.add_lift_test_measurements``).

        The columns are those its docstring requires (pymc-labs/pymc-marketing,
        ``pymc_marketing/mmm/lift_test.py`` and ``mmm.py``): ``channel``, ``x`` (the channel's spend
        before the test, per period of the model), ``delta_x`` (the change of spend the test made: the
        test's spend), ``delta_y`` (the change of the target it caused: ``incremental``) and ``sigma``
        (the standard deviation of ``delta_y``: the iROAS standard error times the spend).

        Args:
            x: The channel's spend level without the test, in the units of the model's spend column.

        Returns:
            The row.

        Raises:
            InvalidInputError: Without a channel or spend, or for a negative ``x``.

        Examples:
            >>> from socialroi.experiments import conversion_lift
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=5_000.0,
            ...                        value_per_conversion=40.0, channel="meta")
            >>> row = lift.to_pymc_marketing(x=20_000.0)
            >>> row["delta_x"], round(row["delta_y"])
            (5000.0, 300)
        """
        spend = self._exportable("pymc-marketing")
        level = number(NON_NEGATIVE).check(x, "x")
        sigma = self.details.get("incremental_standard_error", math.nan)
        return {
            "channel": self.channel,
            "x": level,
            "delta_x": spend,
            "delta_y": self.incremental,
            "sigma": sigma,
        }

    def to_calibration(
        self, *, channel: str | None = None, start: int | None = None, stop: int | None = None
    ) -> Calibration:
        """The measured iROAS as a [`Calibration`][socialroi.mmm.Calibration] of a marketing mix fit.

        The fit's ROAS of the channel over the periods ``start:stop`` of its data (the test window;
        ``None`` for the first or last period) is pulled towards ``iroas`` with ``iroas_standard_error``
        as the standard deviation of the pull.

        Args:
            channel: The channel's name in the fit's data; by default the lift's ``channel``.
            start: First period of the test window (index into the fit's data), or ``None``.
            stop: The period after the test window, or ``None`` for the end.

        Returns:
            The calibration, for ``MarketingMixModel().fit(..., calibration=[...])``.

        Raises:
            InvalidInputError: Without a channel (neither given nor the lift's), or unless the iROAS is
                finite with a finite standard error > 0 (give the analysis spend and a value).

        Examples:
            >>> from socialroi.experiments import conversion_lift
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=5_000.0,
            ...                        value_per_conversion=40.0, channel="meta")
            >>> calibration = lift.to_calibration(start=100, stop=104)
            >>> calibration.channel, round(calibration.roas, 2), calibration.start, calibration.stop
            ('meta', 2.4, 100, 104)
        """
        name = optional(text()).check(channel, "channel") or self.channel
        if name is None:
            msg = "'channel' must be given when the lift has no channel (got None)"
            raise InvalidInputError(msg)
        error = self.iroas_standard_error
        if not (math.isfinite(self.iroas) and math.isfinite(error) and error > 0):
            msg = (
                f"a calibration needs a finite iROAS with a finite standard error > 0 (got {self.iroas!r} "
                f"and {error!r}); give the analysis spend and a value per conversion or revenue"
            )
            raise InvalidInputError(msg)
        return Calibration(channel=name, roas=self.iroas, standard_error=error, start=start, stop=stop)

    def _exportable(self, tool: str) -> float:
        if self.channel is None:
            msg = f"'channel' must be given for {tool} (got None); pass channel= to the analysis"
            raise InvalidInputError(msg)
        if self.spend is None:
            msg = f"'spend' must be given for {tool} (got None); pass spend= (or cost=) to the analysis"
            raise InvalidInputError(msg)
        return self.spend

    # --- display ----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (strict JSON: NaN and infinities become ``None``).

        Examples:
            >>> import json
            >>> from socialroi.experiments import conversion_lift
            >>> json.dumps(conversion_lift(5, 2, test_size=100, control_size=100).to_dict(), allow_nan=False)[:29]
            '{"design": "conversion lift",'
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self, recurse=False)))

    def _rows(self) -> list[tuple[str, str]]:
        pct = level(self.level)

        def span(interval: Interval, shown: Callable[[float], str] = fmt) -> str:
            low, high = interval
            return f"{shown(low)} to {shown(high)}"

        rows = [
            (
                f"incremental {self.metric}",
                f"{fmt(self.incremental)} ({pct} {span(self.incremental_interval)})",
            ),
            (
                "relative lift",
                f"{percent(self.relative_lift)} ({pct} {span(self.relative_lift_interval, percent)})",
            ),
        ]
        if self.absolute_lift is not None and self.absolute_lift_interval is not None:
            rows.append(
                (
                    "absolute lift (points)",
                    f"{fmt(100 * self.absolute_lift)} ({pct} {span(self.absolute_lift_interval, lambda x: fmt(100 * x))})",
                )
            )
        rows.append(("P(lift > 0)", f"{self.probability_positive:.3f}"))
        if not math.isnan(self.iroas):
            rows.append(("iROAS", f"{fmt(self.iroas)} ({pct} {span(self.iroas_interval)})"))
        if not math.isnan(self.cost_per_incremental):
            rows.append(
                (
                    "cost per incremental",
                    f"{fmt(self.cost_per_incremental)} ({pct} {span(self.cost_per_incremental_interval)})",
                )
            )
        rows.append(("test, control", f"{fmt(self.test_outcome)}, {fmt(self.control_outcome)}"))
        rows.append(("model", f"{self.model} ({self.interval_method} interval)"))
        return rows

    def _title(self) -> str:
        return f"{self.design} of {self.channel}" if self.channel else self.design

    def __repr__(self) -> str:
        low, high = self.incremental_interval
        r_low, r_high = self.relative_lift_interval
        pct = level(self.level)
        return (
            f"Lift({self._title()}: incremental {fmt(self.incremental)} [{pct} {fmt(low)} to {fmt(high)}], "
            f"relative lift {percent(self.relative_lift, signed=True)} [{pct} {percent(r_low, signed=True)} to "
            f"{percent(r_high, signed=True)}], "
            f"P(lift > 0) = {self.probability_positive:.3f})"
        )

    def __str__(self) -> str:
        return "\n".join(
            [f"Lift: {self._title()}", *text_table(("", ""), self._rows(), indent="  ", rule=False)[1:]]
        )

    def _repr_html_(self) -> str:
        return html_fields(f"Lift: {self._title()}", self._rows())


@attrs.frozen(kw_only=True, repr=False)
class RescaledAttribution:
    """An attribution whose tested channels were rescaled to a lift test's incrementality.

    Attributes:
        attribution: The rescaled [`Attribution`][socialroi.attribution.Attribution] (point values).
        channels: The channels that were rescaled.
        factor: Measured incremental / credited: what each of their credits was multiplied by.
        factor_interval: The lift's interval of ``incremental`` over the credited amount.
        level: Probability mass of the intervals.
        conversions_interval: Each rescaled channel's conversions at the two ends of ``factor_interval``.
        value_interval: Each rescaled channel's value at the two ends of ``factor_interval``.

    Examples:
        >>> from socialroi.attribution import Attribution
        >>> from socialroi.experiments import conversion_lift
        >>> credits = Attribution(model="linear", channels=["meta"], conversions=[600], value=[24_000])
        >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, channel="meta")
        >>> lift.rescale(credits)
        RescaledAttribution(meta x 0.500 [90 % 0.368 to 0.631])
    """

    attribution: Attribution = attrs.field(validator=instance(Attribution, "an Attribution"))
    channels: tuple[str, ...] = attrs.field(
        converter=to_tuple, validator=[at_least_one(), each(text()), distinct()]
    )
    factor: float = attrs.field(converter=real, validator=number(ANY_NUMBER, allow_nan=True))
    factor_interval: Interval = attrs.field(converter=_to_pair, validator=_ANY_PAIR)
    level: float = attrs.field(converter=real, validator=number(_OPEN_UNIT))
    conversions_interval: Mapping[str, Interval] = attrs.field(
        converter=_to_intervals, validator=mapping(text(), _ANY_PAIR)
    )
    value_interval: Mapping[str, Interval] = attrs.field(
        converter=_to_intervals, validator=mapping(text(), _ANY_PAIR)
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (strict JSON).

        Examples:
            >>> from socialroi.attribution import Attribution
            >>> from socialroi.experiments import conversion_lift
            >>> credits = Attribution(model="linear", channels=["meta"], conversions=[600], value=[24_000])
            >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, channel="meta")
            >>> lift.rescale(credits).to_dict()["channels"]
            ['meta']
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self, recurse=False)))

    def _rows(self) -> list[list[str]]:
        rows: list[list[str]] = []
        for channel in self.channels:
            i = self.attribution.channels.index(channel)
            low, high = self.conversions_interval[channel]
            rows.append([channel, fmt(float(self.attribution.conversions[i])), f"{fmt(low)} to {fmt(high)}"])
        return rows

    def __repr__(self) -> str:
        low, high = self.factor_interval
        return (
            f"RescaledAttribution({', '.join(self.channels)} x {self.factor:.3f} "
            f"[{level(self.level)} {low:.3f} to {high:.3f}])"
        )

    def _repr_html_(self) -> str:
        header = ("channel", "conversions", f"{level(self.level)} interval")
        from socialroi._display import html_table

        return html_table(f"Rescaled to the lift: x {self.factor:.3f}", header, self._rows())


# --- conversion and brand lift: two posteriors -----------------------------------------------------------


def _posterior_draws(
    outcome: FloatArray, size: FloatArray, model: Model, rng: np.random.Generator, draws: int
) -> FloatArray:
    """Draws of each row's rate: Beta(x + ½, n − x + ½) or Gamma(x + ½, rate n) (Jeffreys priors).

    ``outcome`` and ``size`` have shape (k,); the draws have shape (k, draws).
    """
    shape = (outcome.shape[0], draws)
    first = (outcome + _JEFFREYS)[:, None]
    if model == "beta-binomial":
        return rng.beta(first, (size - outcome + _JEFFREYS)[:, None], size=shape)
    return rng.gamma(first, 1.0 / size[:, None], size=shape)


def _lift_draws(
    test: FloatArray,
    test_size: FloatArray,
    control: FloatArray,
    control_size: FloatArray,
    model: Model,
    rng: np.random.Generator,
    draws: int,
) -> tuple[FloatArray, FloatArray]:
    """Posterior draws (k, draws) of the test and control rates of k experiments at once."""
    test_rate = _posterior_draws(test, test_size, model, rng, draws)
    control_rate = _posterior_draws(control, control_size, model, rng, draws)
    return test_rate, control_rate


def _quantiles(sample: FloatArray, level: float) -> tuple[FloatArray, FloatArray]:
    low, high = np.quantile(sample, _tails(level), axis=-1)
    return low, high


def _interval(sample: FloatArray, level: float) -> Interval:
    low, high = _quantiles(sample[None, :], level)
    return float(low[0]), float(high[0])


def conversion_lift(
    test_conversions: float,
    control_conversions: float,
    *,
    test_size: float | None = None,
    control_size: float | None = None,
    model: Literal["beta-binomial", "gamma-poisson"] | None = None,
    spend: float | None = None,
    value_per_conversion: float | None = None,
    revenue: float | None = None,
    level: float = 0.9,
    draws: int = DEFAULT_DRAWS,
    seed: Seed = 0,
    channel: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Lift:
    r"""Read a conversion lift test: a test group that could see the ads and a held-out control group.

    Each group's conversion rate gets a posterior from the Jeffreys prior: with group sizes (people)
    \(r \sim \text{Beta}(x + ½, n - x + ½)\) (``"beta-binomial"``: every conversion is one of the
    people); with ``model="gamma-poisson"`` (repeat purchases: conversions may exceed people) the rate
    per unit of exposure is \(\text{Gamma}(x + ½, \text{rate } n)\), and without sizes the groups count
    as equally large (\(n = 1\) each). The point estimates are the observed ones:

    - incremental conversions \(\Delta = (x_t/n_t - x_c/n_c)\, n_t\), the test group's conversions
      minus the control's scaled to the test group's size;
    - relative lift \(\Delta / (x_c/n_c \cdot n_t)\);
    - iROAS = incremental value / spend
      ([`incremental_roas`][socialroi.metrics.incremental_roas]), valuing a conversion at
      ``value_per_conversion`` or, from ``revenue``, at the test group's revenue per conversion;
    - cost per incremental conversion = spend / \(\Delta\).

    Their intervals, the iROAS standard error and the probability that the lift is positive come from
    ``draws`` seeded Monte Carlo draws of the two posteriors (equal-tailed quantiles of each derived
    quantity). With unequal groups the control's rate is what is compared, so unequal sizes are fine.

    Args:
        test_conversions: Conversions in the test group.
        control_conversions: Conversions in the control group.
        test_size: People (or exposure) in the test group.
        control_size: People (or exposure) in the control group; give both sizes or neither.
        model: ``"beta-binomial"`` (the default with sizes) or ``"gamma-poisson"`` (the only one
            without).
        spend: Ad spend on the test group.
        value_per_conversion: The value of one conversion, for iROAS.
        revenue: The test group's revenue, for iROAS, instead of ``value_per_conversion``.
        level: Probability mass of the intervals, strictly between 0 and 1.
        draws: Monte Carlo draws of each posterior (at least 100).
        seed: Seed (or ``numpy.random.Generator``) of the draws; the same seed gives the same result.
        channel: The channel tested, kept for calibration.
        start: First day of the test, kept for calibration.
        end: Last day of the test.

    Returns:
        The [`Lift`][socialroi.experiments.Lift].

    Raises:
        InvalidInputError: For negative or non-finite counts, one size without the other, conversions
            above the group size with the Beta-Binomial model, both a value per conversion and revenue,
            revenue without test conversions, or a bad option.

    Examples:
        Equal groups of 100,000 people, 1,300 and 1,000 conversions:

        >>> lift = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, spend=6_000.0)
        >>> lift.incremental, round(lift.relative_lift, 3), lift.cost_per_incremental
        (300.0, 0.3, 20.0)
        >>> [round(x) for x in lift.incremental_interval]
        [221, 378]

        A control group a tenth of the size: its rate is scaled to the test group.

        >>> conversion_lift(1_200, 100, test_size=100_000, control_size=10_000).incremental
        200.0
    """
    level_ = _level(level)
    draws_ = _draws(draws)
    test = _count(test_conversions, "test_conversions")
    control = _count(control_conversions, "control_conversions")
    sizes = _optional_positive(test_size, "test_size"), _optional_positive(control_size, "control_size")
    if (sizes[0] is None) != (sizes[1] is None):
        msg = (
            f"'test_size' and 'control_size' must be given together (got {test_size!r} and {control_size!r})"
        )
        raise InvalidInputError(msg)
    if model is None:
        model_: Model = "beta-binomial" if sizes[0] is not None else "gamma-poisson"
    else:
        model_ = cast("Model", _one_of("beta-binomial", "gamma-poisson").check(model, "model"))
    if model_ == "beta-binomial":
        if sizes[0] is None or sizes[1] is None:
            msg = "model='beta-binomial' needs 'test_size' and 'control_size' (got None)"
            raise InvalidInputError(msg)
        for name, count, size in (("test", test, sizes[0]), ("control", control, sizes[1])):
            if count > size:
                msg = f"'{name}_conversions' must be <= '{name}_size' with model='beta-binomial' (got {count!r} > {size!r}); use model='gamma-poisson' for repeat conversions"
                raise InvalidInputError(msg)
    size_t, size_c = sizes
    n_t = 1.0 if size_t is None else size_t
    n_c = 1.0 if size_c is None else size_c
    spend_ = _optional_positive(spend, "spend")
    value = _conversion_value(value_per_conversion, revenue, test)
    start_, end_ = _dates(start, end)
    channel_ = optional(text()).check(channel, "channel")
    rng = generator(seed)
    t_rate, c_rate = _lift_draws(
        np.array([test]), np.array([n_t]), np.array([control]), np.array([n_c]), model_, rng, draws_
    )
    return _from_rates(
        design="conversion lift",
        metric="conversions",
        rates=(t_rate[0], c_rate[0]),
        counts=(test, n_t, control, n_c),
        scale=n_t,
        spend=spend_,
        value=value,
        level=level_,
        model=model_,
        draws=draws_,
        seed=seed if isinstance(seed, int) else None,
        channel=channel_,
        dates=(start_, end_),
        sizes_known=sizes[0] is not None,
    )


def _conversion_value(value_per_conversion: object, revenue: object, test: float) -> float | None:
    if value_per_conversion is not None and revenue is not None:
        msg = "give 'value_per_conversion' or 'revenue', not both"
        raise InvalidInputError(msg)
    if value_per_conversion is not None:
        return number(NON_NEGATIVE).check(value_per_conversion, "value_per_conversion")
    if revenue is not None:
        total = number(NON_NEGATIVE).check(revenue, "revenue")
        if test == 0:
            msg = "'revenue' needs test conversions to give a value per conversion (got 0 test conversions)"
            raise InvalidInputError(msg)
        return total / test
    return None


def _from_rates(
    *,
    design: Design,
    metric: str,
    rates: tuple[FloatArray, FloatArray],
    counts: tuple[float, float, float, float],
    scale: float | None,
    spend: float | None,
    value: float | None,
    level: float,
    model: Model,
    draws: int,
    seed: int | None,
    channel: str | None,
    dates: tuple[dt.date | None, dt.date | None],
    sizes_known: bool,
) -> Lift:
    """A `Lift` from posterior draws of the two rates; ``scale`` turns a rate difference into units."""
    t_rate, c_rate = rates
    test, n_t, control, n_c = counts
    observed_t, observed_c = test / n_t, control / n_c
    difference = t_rate - c_rate
    with np.errstate(divide="ignore", invalid="ignore"):
        relative_draws = t_rate / c_rate - 1.0
    # Counts first, rates last: 1,300 - 1,000 is exactly 300, (0.013 - 0.010) x 100,000 is not.
    expected = control * (n_t / n_c)
    relative = divide(test - expected, expected, "warn", "relative_lift", "control rate")
    units = math.nan if scale is None else scale
    incremental = (test - expected) * (units / n_t)
    incremental_draws = difference * units
    incremental_interval = _interval(incremental_draws, level) if scale is not None else _NAN_PAIR
    iroas, iroas_interval, iroas_error = math.nan, _NAN_PAIR, math.nan
    if spend is not None and value is not None and scale is not None:
        iroas = metrics.incremental_roas(test * value, expected * value, spend)
        iroas_draws = metrics.incremental_roas(t_rate * units * value, c_rate * units * value, spend)
        iroas_interval = _interval(iroas_draws, level)
        iroas_error = float(np.std(iroas_draws, ddof=1))
    cost, cost_interval = _cost_per(spend if scale is not None else None, incremental, incremental_interval)
    details = {
        "incremental_standard_error": float(np.std(incremental_draws, ddof=1))
        if scale is not None
        else math.nan
    }
    return Lift(
        design=design,
        metric=metric,
        channel=channel,
        start=dates[0],
        end=dates[1],
        level=level,
        incremental=incremental,
        incremental_interval=incremental_interval,
        relative_lift=relative,
        relative_lift_interval=_interval(relative_draws, level),
        absolute_lift=(observed_t - observed_c) if sizes_known else None,
        absolute_lift_interval=_interval(difference, level) if sizes_known else None,
        probability_positive=float(np.mean(difference > 0)),
        spend=spend,
        iroas=iroas,
        iroas_interval=iroas_interval,
        iroas_standard_error=iroas_error,
        cost_per_incremental=cost,
        cost_per_incremental_interval=cost_interval,
        test_outcome=test,
        control_outcome=control,
        test_size=n_t if sizes_known else None,
        control_size=n_c if sizes_known else None,
        counterfactual=observed_c * units if scale is not None else math.nan,
        model=model,
        interval_method="monte-carlo",
        draws=draws,
        seed=seed,
        details=details,
    )


def brand_lift(
    exposed_respondents: float,
    exposed_positive: float,
    control_respondents: float,
    control_positive: float,
    *,
    reach: float | None = None,
    spend: float | None = None,
    minimum_lift: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    question: str = "ad recall",
    level: float = 0.9,
    draws: int = DEFAULT_DRAWS,
    seed: Seed = 0,
    channel: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Lift:
    r"""Read a brand lift survey (ad recall, awareness, consideration) of exposed and control respondents.

    The share of positive answers in each group gets the Jeffreys Beta posterior
    \(\text{Beta}(x + ½, n - x + ½)\); the absolute lift (exposed minus control share, in points),
    the relative lift and their intervals come from seeded Monte Carlo draws, as in
    [`conversion_lift`][socialroi.experiments.conversion_lift]. With the campaign's ``reach``,
    ``incremental`` is the lifted people (absolute lift x reach: Meta's "estimated ad recall lift
    (people)") and with ``spend`` the cost per lifted person follows.

    With ``minimum_lift`` the survey must be able to detect that absolute lift: when the minimum
    detectable lift of the respondents at hand (two-sided test at ``alpha`` with ``power``, see
    [`minimum_detectable_lift`][socialroi.experiments.minimum_detectable_lift], at the observed control
    share) is larger, nothing is reported and
    [`UnderpoweredError`][socialroi.exceptions.UnderpoweredError] says how many respondents it needs.

    Args:
        exposed_respondents: Respondents who were exposed to the ads.
        exposed_positive: Of them, those who answered positively.
        control_respondents: Respondents of the control group.
        control_positive: Of them, those who answered positively.
        reach: People the campaign reached, for lifted people.
        spend: Spend of the campaign, for the cost per lifted person.
        minimum_lift: The absolute lift (fraction: 0.02 is 2 points) the survey must be able to detect.
        alpha: Significance level of that check.
        power: Power of that check.
        question: The question asked, kept as the lift's ``metric``.
        level: Probability mass of the intervals.
        draws: Monte Carlo draws of each posterior.
        seed: Seed of the draws.
        channel: The channel tested.
        start: First day of the campaign.
        end: Last day of the campaign.

    Returns:
        The [`Lift`][socialroi.experiments.Lift].

    Raises:
        InvalidInputError: For negative counts, positive answers above the respondents, no respondents,
            or a bad option.
        UnderpoweredError: When the survey cannot detect ``minimum_lift``.

    Examples:
        >>> lift = brand_lift(2_000, 700, 2_000, 600, reach=1_000_000, spend=20_000.0)
        >>> round(lift.absolute_lift, 3), round(lift.incremental), round(lift.cost_per_incremental, 2)
        (0.05, 50000, 0.4)
    """
    level_ = _level(level)
    draws_ = _draws(draws)
    n_e = _positive(exposed_respondents, "exposed_respondents")
    x_e = _count(exposed_positive, "exposed_positive")
    n_c = _positive(control_respondents, "control_respondents")
    x_c = _count(control_positive, "control_positive")
    for name, count, size in (("exposed", x_e, n_e), ("control", x_c, n_c)):
        if count > size:
            msg = f"'{name}_positive' must be <= '{name}_respondents' (got {count!r} > {size!r})"
            raise InvalidInputError(msg)
    reach_ = _optional_positive(reach, "reach")
    spend_ = _optional_positive(spend, "spend")
    alpha_, power_ = _level(alpha, "alpha", _ALPHA), _level(power, "power", _OPEN_UNIT)
    if minimum_lift is not None:
        wanted = number(_OPEN_FRACTION).check(minimum_lift, "minimum_lift")
        _require_power(wanted, x_c / n_c, n_e, n_c, alpha_, power_)
    start_, end_ = _dates(start, end)
    rng = generator(seed)
    t_rate, c_rate = _lift_draws(
        np.array([x_e]), np.array([n_e]), np.array([x_c]), np.array([n_c]), "beta-binomial", rng, draws_
    )
    return _from_rates(
        design="brand lift",
        metric=text().check(question, "question"),
        rates=(t_rate[0], c_rate[0]),
        counts=(x_e, n_e, x_c, n_c),
        scale=reach_,
        spend=spend_,
        value=None,
        level=level_,
        model="beta-binomial",
        draws=draws_,
        seed=seed if isinstance(seed, int) else None,
        channel=optional(text()).check(channel, "channel"),
        dates=(start_, end_),
        sizes_known=True,
    )


def _require_power(wanted: float, base: float, n_e: float, n_c: float, alpha: float, power: float) -> None:
    mdl = float(minimum_detectable_lift(base, n_e, n_c, alpha=alpha, power=power))
    if wanted >= mdl:
        return
    plan = plan_lift(base, wanted, alpha=alpha, power=power, control_share=n_c / (n_e + n_c))
    msg = (
        f"too few responses to detect an absolute lift of {wanted:g} ({100 * wanted:.1f} points) at "
        f"alpha={alpha:g} and power={power:g}: with {n_e:,.0f} exposed and {n_c:,.0f} control respondents "
        f"the minimum detectable lift is {mdl:.3g} ({100 * mdl:.1f} points); about "
        f"{max(plan.test_size, plan.control_size):,} respondents per group are needed"
    )
    raise UnderpoweredError(msg)


# --- planning two-group tests ----------------------------------------------------------------------------


def _z(p: float) -> float:
    return _special.normal_quantile(p)


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _normal_cdf(x: Any) -> FloatArray:
    """Φ(x) elementwise (``math.erfc`` on each value: the planning arrays are small)."""
    values = -np.asarray(x, dtype=np.float64) / math.sqrt(2.0)
    return 0.5 * np.asarray(_ERFC(values), dtype=np.float64)


@overload
def lift_power(
    baseline_rate: float, absolute_lift: float, test_size: float, control_size: float, *, alpha: float = ...
) -> float: ...
@overload
def lift_power(
    baseline_rate: ArrayLike,
    absolute_lift: ArrayLike,
    test_size: ArrayLike,
    control_size: ArrayLike,
    *,
    alpha: float = ...,
) -> FloatArray: ...
def lift_power(
    baseline_rate: Any, absolute_lift: Any, test_size: Any, control_size: Any, *, alpha: float = 0.05
) -> Any:
    r"""The power of a two-group test (conversion or brand lift) to detect an absolute lift.

    Two-sided test of two proportions at level \(\alpha\) with the unpooled normal approximation:
    with \(p_c\) the baseline rate, \(p_t = p_c + \delta\) and
    \(s = \sqrt{p_t(1-p_t)/n_t + p_c(1-p_c)/n_c}\), the power is
    \(\Phi(|\delta|/s - z_{1-\alpha/2}) + \Phi(-|\delta|/s - z_{1-\alpha/2})\). A relative lift \(r\)
    is the absolute lift \(r\,p_c\).

    Args:
        baseline_rate: The control group's rate (fraction).
        absolute_lift: The lift to detect, in rate points (fraction; negative for a drop).
        test_size: People (or respondents) in the test group.
        control_size: People in the control group.
        alpha: Significance level, strictly between 0 and 1.

    Returns:
        The probability of a significant result when the lift is real (``alpha`` at no lift).

    Raises:
        InvalidInputError: For rates outside [0, 1], ``baseline_rate + absolute_lift`` outside [0, 1],
            sizes <= 0 or mismatched shapes.

    Examples:
        >>> round(lift_power(0.01, 0.002, 50_000, 50_000), 3)
        0.858
        >>> lift_power(0.01, [0.0, 0.002], 50_000, 50_000).round(3).tolist()
        [0.05, 0.858]
    """
    alpha_ = _level(alpha, "alpha", _ALPHA)
    base = operand(baseline_rate, "baseline_rate", FRACTION)
    delta = operand(absolute_lift, "absolute_lift", Rule(-1.0, 1.0, "between -1 and 1"))
    n_t = operand(test_size, "test_size", POSITIVE)
    n_c = operand(control_size, "control_size", POSITIVE)
    broadcast(baseline_rate=base, absolute_lift=delta, test_size=n_t, control_size=n_c)
    treated = np.add(base, delta)
    _check_fraction(treated, "baseline_rate + absolute_lift")
    spread = np.sqrt(treated * (1.0 - treated) / n_t + np.multiply(base, np.subtract(1.0, base)) / n_c)
    z = _z(1.0 - alpha_ / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        signal = np.abs(delta) / spread
    signal = np.where(np.equal(delta, 0.0), 0.0, signal)
    return finish(_normal_cdf(signal - z) + _normal_cdf(-signal - z))


def _check_fraction(value: Any, name: str) -> None:
    array = np.asarray(value, dtype=np.float64)
    bad = (array < 0.0) | (array > 1.0)
    if bad.any():
        first = float(array.reshape(-1)[int(np.flatnonzero(bad.reshape(-1))[0])])
        raise fail(name, "between 0 and 1", first)


@overload
def minimum_detectable_lift(
    baseline_rate: float, test_size: float, control_size: float, *, alpha: float = ..., power: float = ...
) -> float: ...
@overload
def minimum_detectable_lift(
    baseline_rate: ArrayLike,
    test_size: ArrayLike,
    control_size: ArrayLike,
    *,
    alpha: float = ...,
    power: float = ...,
) -> FloatArray: ...
def minimum_detectable_lift(
    baseline_rate: Any, test_size: Any, control_size: Any, *, alpha: float = 0.05, power: float = 0.8
) -> Any:
    r"""The smallest absolute lift a two-group test detects with the given power (a rise, not a drop).

    Solves \(\delta = k\,\sqrt{(p+\delta)(1-p-\delta)/n_t + p(1-p)/n_c}\) with
    \(k = z_{1-\alpha/2} + z_{\text{power}}\) exactly: squared, it is the quadratic
    \(\delta^2(1 + k^2/n_t) - \delta\,k^2(1-2p)/n_t - k^2 p(1-p)(1/n_t + 1/n_c) = 0\), whose positive
    root is returned (the other tail's share of the power is neglected, as usual).

    Args:
        baseline_rate: The control group's rate.
        test_size: People (or respondents) in the test group.
        control_size: People in the control group.
        alpha: Two-sided significance level.
        power: The power wanted.

    Returns:
        The minimum detectable absolute lift (fraction of people; divide by the baseline rate for the
        relative lift).

    Raises:
        InvalidInputError: For a rate outside [0, 1], sizes <= 0 or bad ``alpha``/``power``.

    Examples:
        >>> round(minimum_detectable_lift(0.01, 50_000, 50_000), 5)
        0.00184
    """
    alpha_, power_ = _level(alpha, "alpha", _ALPHA), _level(power, "power", _OPEN_UNIT)
    p = operand(baseline_rate, "baseline_rate", FRACTION)
    n_t = operand(test_size, "test_size", POSITIVE)
    n_c = operand(control_size, "control_size", POSITIVE)
    broadcast(baseline_rate=p, test_size=n_t, control_size=n_c)
    k2 = (_z(1.0 - alpha_ / 2.0) + _z(power_)) ** 2
    a = 1.0 + np.divide(k2, n_t)
    b = -np.multiply(k2, np.subtract(1.0, np.multiply(2.0, p))) / n_t
    c = -k2 * np.multiply(p, np.subtract(1.0, p)) * (np.divide(1.0, n_t) + np.divide(1.0, n_c))
    return finish(np.minimum((-b + np.sqrt(b * b - 4.0 * a * c)) / (2.0 * a), np.subtract(1.0, p)))


@attrs.frozen(kw_only=True, repr=False)
class LiftPlan:
    """The size (and, given rates, duration and budget) of a two-group lift test.

    Attributes:
        baseline_rate: The control rate assumed.
        absolute_lift: The lift to detect (rate points, fraction).
        relative_lift: ``absolute_lift / baseline_rate``.
        alpha: Two-sided significance level.
        power: Power.
        control_share: The control group's share of all people.
        test_size: People needed in the test group.
        control_size: People needed in the control group.
        total_size: Both groups.
        days: Days to reach ``total_size`` at ``daily_people`` (``None`` without it).
        budget: ``test_size x cost_per_person`` (``None`` without it).

    Examples:
        >>> plan = plan_lift(0.01, 0.002, daily_people=10_000, cost_per_person=0.05)
        >>> plan.test_size, plan.days, plan.budget
        (42691, 9, 2134.55)
    """

    baseline_rate: float = attrs.field(converter=real, validator=number(FRACTION))
    absolute_lift: float = attrs.field(converter=real, validator=number(_OPEN_FRACTION))
    relative_lift: float = attrs.field(converter=real, validator=number(_UP_TO_INF))
    alpha: float = attrs.field(converter=real, validator=number(_ALPHA))
    power: float = attrs.field(converter=real, validator=number(_OPEN_UNIT))
    control_share: float = attrs.field(converter=real, validator=number(_OPEN_UNIT))
    test_size: int = attrs.field(converter=integer, validator=whole(minimum=0))
    control_size: int = attrs.field(converter=integer, validator=whole(minimum=0))
    total_size: int = attrs.field(converter=integer, validator=whole(minimum=0))
    days: int | None = attrs.field(default=None, converter=integer, validator=optional(whole(minimum=0)))
    budget: float | None = attrs.field(default=None, converter=real, validator=optional(number(NON_NEGATIVE)))

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values.

        Examples:
            >>> plan_lift(0.01, 0.002).to_dict()["total_size"]
            85382
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))

    def __repr__(self) -> str:
        extra = "" if self.days is None else f", {self.days} days"
        extra += "" if self.budget is None else f", budget {fmt(self.budget)}"
        return (
            f"LiftPlan(detect +{100 * self.absolute_lift:.2f} points ({percent(self.relative_lift, signed=True)}) on "
            f"{percent(self.baseline_rate, 2)}: {self.test_size:,} test + {self.control_size:,} control{extra})"
        )

    def _repr_html_(self) -> str:
        rows = [
            (
                "lift to detect",
                f"{100 * self.absolute_lift:.2f} points ({percent(self.relative_lift, signed=True)})",
            ),
            ("baseline rate", percent(self.baseline_rate, 2)),
            ("alpha, power", f"{self.alpha:g}, {self.power:g}"),
            ("test, control", f"{self.test_size:,}, {self.control_size:,}"),
            ("days", MISSING if self.days is None else str(self.days)),
            ("budget", MISSING if self.budget is None else fmt(self.budget)),
        ]
        return html_fields("Lift test plan", rows)


def plan_lift(
    baseline_rate: float,
    absolute_lift: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    control_share: float = 0.5,
    daily_people: float | None = None,
    cost_per_person: float | None = None,
) -> LiftPlan:
    r"""How many people a conversion or brand lift test needs, and how long and how much it takes.

    With \(n_c = \rho\,n_t\) (\(\rho\) = control share / test share) the two-proportion sample size is
    \(n_t = k^2\,[p_t(1-p_t) + p_c(1-p_c)/\rho] / \delta^2\), \(k = z_{1-\alpha/2} + z_{\text{power}}\),
    rounded up. A relative lift \(r\) is the absolute lift \(r\,p_c\).

    Args:
        baseline_rate: The control rate expected (conversion rate, or share of positive answers).
        absolute_lift: The lift to detect in rate points (fraction, > 0).
        alpha: Two-sided significance level.
        power: Power wanted.
        control_share: The share of people held out (0.1 is a 10 % holdout).
        daily_people: People who enter the test per day (both groups), for the duration.
        cost_per_person: Cost of reaching one test-group person, for the budget.

    Returns:
        The [`LiftPlan`][socialroi.experiments.LiftPlan].

    Raises:
        InvalidInputError: For rates outside [0, 1], a lift <= 0 or one that takes the rate above 1,
            or bad options.

    Examples:
        A 10 % holdout needs a much larger test group:

        >>> plan_lift(0.01, 0.002, control_share=0.1).test_size
        198098
    """
    p = number(FRACTION).check(baseline_rate, "baseline_rate")
    delta = number(_OPEN_FRACTION).check(absolute_lift, "absolute_lift")
    if p + delta > 1.0:
        raise fail("baseline_rate + absolute_lift", "<= 1", p + delta)
    alpha_, power_ = _level(alpha, "alpha", _ALPHA), _level(power, "power", _OPEN_UNIT)
    share = _level(control_share, "control_share", _OPEN_UNIT)
    daily = _optional_positive(daily_people, "daily_people")
    cost = None if cost_per_person is None else number(NON_NEGATIVE).check(cost_per_person, "cost_per_person")
    ratio = share / (1.0 - share)
    k2 = (_z(1.0 - alpha_ / 2.0) + _z(power_)) ** 2
    treated = p + delta
    n_t = math.ceil(k2 * (treated * (1.0 - treated) + p * (1.0 - p) / ratio) / delta**2 - 1e-9)
    n_c = math.ceil(ratio * n_t - 1e-9)
    total = n_t + n_c
    return LiftPlan(
        baseline_rate=p,
        absolute_lift=delta,
        relative_lift=delta / p if p > 0 else math.inf,
        alpha=alpha_,
        power=power_,
        control_share=share,
        test_size=n_t,
        control_size=n_c,
        total_size=total,
        days=None if daily is None else math.ceil(total / daily),
        budget=None if cost is None else round(n_t * cost, 2),
    )


# --- geo experiments: time-based regression --------------------------------------------------------------


def _series(value: object, name: str) -> FloatArray:
    array = as_array(value, name, FINITE)
    if array.ndim == 2:
        array = array.sum(axis=0)
    if array.ndim != 1:
        raise fail(
            name, "a series of periods, or a (regions, periods) table", f"an array of shape {array.shape}"
        )
    missing = np.isnan(array)
    if missing.any():
        index = int(np.flatnonzero(missing)[0])
        raise fail(name, "measured in every period", math.nan, f" at period {index}")
    return array


def _tbr(treatment: FloatArray, control: FloatArray, pre: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Time-based regression of any number of experiments at once.

    ``treatment`` and ``control`` have shape (..., periods). Fits \(y = a + b x\) by least squares on the
    first ``pre`` periods and returns, per experiment, the cumulative effect over the test periods
    \(\Delta = \sum (y - \hat y)\), its standard error
    \(\hat\sigma \sqrt{T + T^2/n + T^2 (\bar x_{test} - \bar x_{pre})^2 / S_{xx}}\) and the
    counterfactual \(\sum \hat y\).
    """
    x_pre, y_pre = control[..., :pre], treatment[..., :pre]
    x_test, y_test = control[..., pre:], treatment[..., pre:]
    x_mean, y_mean = x_pre.mean(axis=-1), y_pre.mean(axis=-1)
    dx = x_pre - x_mean[..., None]
    sxx = np.einsum("...i,...i->...", dx, dx)
    slope = np.einsum("...i,...i->...", dx, y_pre - y_mean[..., None]) / sxx
    intercept = y_mean - slope * x_mean
    residuals = y_pre - (intercept[..., None] + slope[..., None] * x_pre)
    sigma2 = np.einsum("...i,...i->...", residuals, residuals) / (pre - 2)
    periods = x_test.shape[-1]
    counterfactual = periods * intercept + slope * x_test.sum(axis=-1)
    effect = y_test.sum(axis=-1) - counterfactual
    shift = x_test.mean(axis=-1) - x_mean
    variance = sigma2 * (periods + periods**2 / pre + periods**2 * shift**2 / sxx)
    return effect, np.sqrt(variance), counterfactual


def time_based_regression(
    treatment: ArrayLike,
    control: ArrayLike,
    *,
    pre_periods: int,
    cost: float | None = None,
    level: float = 0.9,
    channel: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Lift:
    r"""Google's time-based regression (TBR) of a geo experiment.

    The method of Kerman, Wang and Vaver, *Estimating Ad Effectiveness using Geo Experiments in a
    Time-Based Regression Framework* (Google, 2017), as in google/matched_markets' ``TBR``: regress the
    treatment regions' response on the control regions' in the pre-period, \(y_t = a + b x_t + e_t\);
    the counterfactual of the test period is \(\hat y_t = \hat a + \hat b x_t\), and the cumulative
    incremental response is \(\Delta = \sum_{test} (y_t - \hat y_t)\). With a flat prior its posterior
    (and its frequentist sampling distribution) is Student t with \(n - 2\) degrees of freedom, centred
    on \(\Delta\), scale \(\hat\sigma \sqrt{T + T^2/n + T^2 (\bar x_{test} - \bar x_{pre})^2 / S_{xx}}\)
    (\(n\) pre-periods, \(T\) test periods, \(\hat\sigma\) the pre-period residual standard deviation):
    the interval is \(\Delta \pm t_{n-2}\,\text{se}\), and iROAS is \(\Delta\) / ``cost`` with the
    interval divided by the same (known) cost.

    Args:
        treatment: The treatment regions' response per period (pre-period first, then the test), or a
            (regions, periods) table that is summed over regions.
        control: The control regions' response, the same way.
        pre_periods: How many of the first periods precede the test (at least 3).
        cost: The incremental ad spend in the treatment regions during the test.
        level: Probability mass of the intervals.
        channel: The channel tested.
        start: First day of the test period.
        end: Last day of the test period.

    Returns:
        The [`Lift`][socialroi.experiments.Lift] (``metric="response"``); ``details`` holds the
        regression's ``intercept``-free facts: ``slope``, ``residual_sd``, ``degrees_of_freedom``,
        ``incremental_standard_error``.

    Raises:
        InvalidInputError: For non-finite or missing values, series of different lengths, fewer than 3
            pre-periods or no test period, or a control series that is constant before the test.

    Examples:
        Treatment tracks control at 1.5x plus 10; during the 3 test weeks it is 30 higher each week:

        >>> control = [100, 120, 90, 110, 105, 95, 115, 100, 110, 120]
        >>> treatment = [1.5 * c + 10 + (30 if i >= 7 else 0) + (1 if i % 2 else -1) for i, c in enumerate(control)]
        >>> lift = time_based_regression(treatment, control, pre_periods=7, cost=45.0)
        >>> round(lift.incremental, 1), round(lift.iroas, 2)
        (91.0, 2.02)
    """
    level_ = _level(level)
    y = _series(treatment, "treatment")
    x = _series(control, "control")
    if y.shape != x.shape:
        msg = f"'treatment' and 'control' must have the same number of periods (got {y.size} and {x.size})"
        raise InvalidInputError(msg)
    pre = whole(minimum=3).check(pre_periods, "pre_periods")
    if pre >= y.size:
        raise fail("pre_periods", f"< the number of periods ({y.size}), to leave a test period", pre)
    if np.ptp(x[:pre]) == 0:
        raise fail(
            "control", "varying in the pre-period (a constant control cannot be regressed on)", float(x[0])
        )
    cost_ = _optional_positive(cost, "cost")
    start_, end_ = _dates(start, end)
    effect_, error_, counterfactual_ = _tbr(y, x, pre)
    effect, error, counterfactual = float(effect_), float(error_), float(counterfactual_)
    df = pre - 2
    t = _special.student_t_quantile((1.0 + level_) / 2.0, df)
    interval = (effect - t * error, effect + t * error)
    relative = divide(effect, counterfactual, "warn", "relative_lift", "counterfactual")
    relative_interval = (
        (interval[0] / counterfactual, interval[1] / counterfactual) if counterfactual > 0 else _NAN_PAIR
    )
    iroas, iroas_interval, iroas_error = math.nan, _NAN_PAIR, math.nan
    if cost_ is not None:
        iroas = metrics.incremental_roas(effect + counterfactual, counterfactual, cost_)
        iroas_interval = (interval[0] / cost_, interval[1] / cost_)
        iroas_error = error / cost_
    cost_per, cost_interval = _cost_per(cost_, effect, interval)
    x_pre = x[:pre]
    slope = float(np.dot(x_pre - x_pre.mean(), y[:pre]) / np.dot(x_pre - x_pre.mean(), x_pre - x_pre.mean()))
    residual_sd = error / math.sqrt(
        (y.size - pre) * (1 + (y.size - pre) / pre)
        + (y.size - pre) ** 2
        * (x[pre:].mean() - x_pre.mean()) ** 2
        / float(np.dot(x_pre - x_pre.mean(), x_pre - x_pre.mean()))
    )
    return Lift(
        design="time-based regression",
        metric="response",
        channel=optional(text()).check(channel, "channel"),
        start=start_,
        end=end_,
        level=level_,
        incremental=effect,
        incremental_interval=interval,
        relative_lift=relative,
        relative_lift_interval=relative_interval,
        probability_positive=_special.student_t_cdf(effect / error, df) if error > 0 else float(effect > 0),
        spend=cost_,
        iroas=iroas,
        iroas_interval=iroas_interval,
        iroas_standard_error=iroas_error,
        cost_per_incremental=cost_per,
        cost_per_incremental_interval=cost_interval,
        test_outcome=float(y[pre:].sum()),
        control_outcome=float(x[pre:].sum()),
        counterfactual=counterfactual,
        model="regression",
        interval_method="student-t",
        details={
            "slope": slope,
            "residual_sd": residual_sd,
            "degrees_of_freedom": float(df),
            "pre_periods": float(pre),
            "test_periods": float(y.size - pre),
            "incremental_standard_error": error,
        },
    )


@attrs.frozen(kw_only=True, repr=False)
class GeoPlan:
    """What a time-based-regression geo test of a given length can detect, from the pre-period's noise.

    Attributes:
        test_periods: Length of the test.
        pre_periods: Periods of history used.
        alpha: Two-sided significance level.
        power: Power.
        residual_sd: Standard deviation of the pre-period regression's residuals (per period).
        standard_error: Standard error of the cumulative incremental response over the test.
        minimum_detectable_response: The smallest cumulative incremental response detected with
            ``power``.
        minimum_detectable_iroas: That over ``budget``, when a budget was given.
        budget: The test's incremental spend, when given.
        budget_needed: The spend at which the assumed ``iroas`` makes the minimum detectable response
            (``None`` without an assumed iROAS).
        periods_needed: The shortest test (in periods, up to 4 x the history) at which the assumed iROAS
            and ``spend_per_period`` reach the minimum detectable response; ``None`` when not given or
            not reached.

    Examples:
        >>> control = [100, 120, 90, 110, 105, 95, 115, 100, 110, 120, 98, 104]
        >>> treatment = [1.5 * c + 10 + (1 if i % 2 else -1) for i, c in enumerate(control)]
        >>> plan = plan_geo_lift(treatment, control, test_periods=4, budget=100.0)
        >>> round(plan.minimum_detectable_response, 1), round(plan.minimum_detectable_iroas, 3)
        (7.5, 0.075)
    """

    test_periods: int = attrs.field(converter=integer, validator=whole(minimum=1))
    pre_periods: int = attrs.field(converter=integer, validator=whole(minimum=3))
    alpha: float = attrs.field(converter=real, validator=number(_ALPHA))
    power: float = attrs.field(converter=real, validator=number(_OPEN_UNIT))
    residual_sd: float = attrs.field(converter=real, validator=number(_SIZE, allow_nan=True))
    standard_error: float = attrs.field(converter=real, validator=number(_SIZE, allow_nan=True))
    minimum_detectable_response: float = attrs.field(converter=real, validator=number(_SIZE, allow_nan=True))
    minimum_detectable_iroas: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(_SIZE, allow_nan=True))
    )
    budget: float | None = attrs.field(default=None, converter=real, validator=optional(number(POSITIVE)))
    budget_needed: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(_SIZE, allow_nan=True))
    )
    periods_needed: int | None = attrs.field(
        default=None, converter=integer, validator=optional(whole(minimum=1))
    )

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values.

        Examples:
            >>> plan_geo_lift([3, 5, 4, 6], [1, 2, 1.5, 2.5], test_periods=2).to_dict()["pre_periods"]
            4
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))

    def __repr__(self) -> str:
        return (
            f"GeoPlan({self.test_periods} test periods: minimum detectable response "
            f"{fmt(self.minimum_detectable_response)} at alpha={self.alpha:g}, power={self.power:g})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("test periods", str(self.test_periods)),
            ("minimum detectable response", fmt(self.minimum_detectable_response)),
            ("minimum detectable iROAS", fmt(self.minimum_detectable_iroas)),
            ("budget needed", fmt(self.budget_needed)),
            ("periods needed", MISSING if self.periods_needed is None else str(self.periods_needed)),
        ]
        return html_fields("Geo test plan", rows)


def _geo_mde(sigma: float, pre: int, periods: FloatArray, alpha: float, power: float) -> FloatArray:
    df = pre - 2
    k = _special.student_t_quantile(1.0 - alpha / 2.0, df) + _special.student_t_quantile(power, df)
    return k * sigma * np.sqrt(periods * (1.0 + periods / pre))


def plan_geo_lift(
    treatment: ArrayLike,
    control: ArrayLike,
    *,
    test_periods: int,
    alpha: float = 0.05,
    power: float = 0.8,
    budget: float | None = None,
    iroas: float | None = None,
    spend_per_period: float | None = None,
) -> GeoPlan:
    r"""Plan a time-based-regression geo test from history: what it can detect, with what budget, how long.

    Regress the treatment regions on the control regions over the history (all of it is pre-period);
    with residual standard deviation \(\hat\sigma\) from \(n\) periods, a test of \(T\) periods whose
    control stays at its usual level has standard error \(\hat\sigma\sqrt{T(1 + T/n)}\) (see
    [`time_based_regression`][socialroi.experiments.time_based_regression]) and the minimum detectable
    cumulative response is \((t_{1-\alpha/2} + t_{\text{power}})\) times that (t with \(n - 2\) degrees
    of freedom).

    Args:
        treatment: History of the treatment regions' response (or a (regions, periods) table).
        control: History of the control regions' response.
        test_periods: Planned test length in periods.
        alpha: Two-sided significance level.
        power: Power wanted.
        budget: The planned incremental spend, for the minimum detectable iROAS.
        iroas: An assumed iROAS, for the budget (and duration) needed.
        spend_per_period: Planned spend per test period, with ``iroas``, for the periods needed.

    Returns:
        The [`GeoPlan`][socialroi.experiments.GeoPlan].

    Raises:
        InvalidInputError: For bad series (as in `time_based_regression`), fewer than 3 periods of
            history, or bad options.

    Examples:
        >>> control = [100, 120, 90, 110, 105, 95, 115, 100, 110, 120, 98, 104]
        >>> treatment = [1.5 * c + 10 + (1 if i % 2 else -1) for i, c in enumerate(control)]
        >>> plan = plan_geo_lift(treatment, control, test_periods=4, iroas=2.0, spend_per_period=5.0)
        >>> round(plan.budget_needed, 2), plan.periods_needed
        (3.77, 1)
    """
    y = _series(treatment, "treatment")
    x = _series(control, "control")
    if y.shape != x.shape:
        msg = f"'treatment' and 'control' must have the same number of periods (got {y.size} and {x.size})"
        raise InvalidInputError(msg)
    pre = y.size
    if pre < 3:
        raise fail("treatment", "at least 3 periods of history", pre, " periods")
    if np.ptp(x) == 0:
        raise fail(
            "control", "varying in the history (a constant control cannot be regressed on)", float(x[0])
        )
    periods = whole(minimum=1).check(test_periods, "test_periods")
    alpha_, power_ = _level(alpha, "alpha", _ALPHA), _level(power, "power", _OPEN_UNIT)
    budget_ = _optional_positive(budget, "budget")
    iroas_ = _optional_positive(iroas, "iroas")
    per_period = _optional_positive(spend_per_period, "spend_per_period")
    dx = x - x.mean()
    slope = float(np.dot(dx, y) / np.dot(dx, dx))
    residuals = y - y.mean() - slope * dx
    sigma = math.sqrt(float(np.dot(residuals, residuals)) / (pre - 2))
    mde = float(_geo_mde(sigma, pre, np.array([float(periods)]), alpha_, power_)[0])
    needed_periods = None
    if iroas_ is not None and per_period is not None:
        lengths = np.arange(1, 4 * pre + 1, dtype=np.float64)
        reached = iroas_ * per_period * lengths >= _geo_mde(sigma, pre, lengths, alpha_, power_)
        needed_periods = int(lengths[int(np.argmax(reached))]) if reached.any() else None
    return GeoPlan(
        test_periods=periods,
        pre_periods=pre,
        alpha=alpha_,
        power=power_,
        residual_sd=sigma,
        standard_error=sigma * math.sqrt(periods * (1.0 + periods / pre)),
        minimum_detectable_response=mde,
        minimum_detectable_iroas=None if budget_ is None else mde / budget_,
        budget=budget_,
        budget_needed=None if iroas_ is None else mde / iroas_,
        periods_needed=needed_periods,
    )


# --- geo experiments: trimmed match ----------------------------------------------------------------------


def _kept(trim: FloatArray, n: int) -> FloatArray:
    """Per trim count, the 0/1 mask of the ranks it keeps (trim .. n - trim - 1)."""
    ranks = np.arange(n)[None, :]
    mask: FloatArray = ((ranks >= trim[:, None]) & (ranks < n - trim[:, None])).astype(np.float64)
    return mask


def _trimmed_sums(residuals: FloatArray, kept: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per row: the sum of the residuals at the ranks ``kept`` marks (see `_kept`), and the row sorted.

    The sorted values give the trimmed sum exactly, ties included: a dot product of each sorted row
    with its mask (one pass, where a cumulative sum along the rows is several times slower).
    """
    ordered = np.sort(residuals, axis=-1)
    sums: FloatArray = np.einsum("ij,ij->i", ordered, kept)
    return sums, ordered


def _body_cost(residuals: FloatArray, ordered: FloatArray, cost: FloatArray, trim: FloatArray) -> FloatArray:
    """Per row: the cost of the untrimmed pairs (residuals between the trimmed order statistics)."""
    n = residuals.shape[-1]
    rows = np.arange(int(residuals.shape[0]))
    low = ordered[rows, trim.astype(np.intp)]
    high = ordered[rows, (n - 1 - trim).astype(np.intp)]
    body = (residuals >= low[:, None]) & (residuals <= high[:, None])
    total: FloatArray = body.astype(np.float64) @ cost
    return total


def _trimmed_roots(response: FloatArray, cost: FloatArray, trim: FloatArray) -> FloatArray:
    r"""For each trim count \(m\), the \(\theta\) at which the trimmed mean of \(R_i - \theta C_i\) is 0.

    Every cost difference is > 0, so each order statistic of the residuals, and their trimmed sum
    \(g(\theta)\), decreases strictly and piecewise linearly in \(\theta\) with slope minus the cost of
    the untrimmed pairs: the root is unique and lies between the smallest and largest ratio
    \(R_i / C_i\). Newton's step on the current linear piece, safeguarded by bisection of the bracket,
    finds it (the step lands on the root once the piece is the root's), for all \(m\) at once; each
    step sorts every row's residuals once.
    """
    ratios = response / cost
    k = int(trim.shape[0])
    low, high = np.full(k, ratios.min()), np.full(k, ratios.max())
    theta = np.full(k, float(response.sum() / cost.sum()))
    active: NDArray[np.intp] = np.arange(k)  # rows still moving: converged rows drop out of the sorts
    kept = _kept(trim, response.size)
    iterations = 0
    while active.size and iterations < 200:
        iterations += 1
        current, trims = theta[active], trim[active]
        residuals = response[None, :] - current[:, None] * cost[None, :]
        g, ordered = _trimmed_sums(residuals, kept[active])
        low[active] = np.where(g >= 0, current, low[active])
        high[active] = np.where(g <= 0, current, high[active])
        step = current + g / _body_cost(residuals, ordered, cost, trims)
        inside = (step >= low[active]) & (step <= high[active])
        following = np.where(inside, step, 0.5 * (low[active] + high[active]))
        theta[active] = following
        active = active[np.abs(following - current) > 1e-13 * np.abs(current)]
    return theta


def _studentized(residuals: FloatArray, trim: int) -> FloatArray:
    """The studentized trimmed mean (Tukey-McLaughlin) of each row of residuals."""
    n = residuals.shape[-1]
    s = np.sort(residuals, axis=-1)
    body = s[:, trim : n - trim]
    kept = n - 2 * trim
    trim_sum = body.sum(axis=-1)
    low, high = s[:, trim], s[:, n - trim - 1]
    w_mean = (trim_sum + trim * (low + high)) / n
    ssw = trim * ((low - w_mean) ** 2 + (high - w_mean) ** 2) + ((body - w_mean[:, None]) ** 2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        studentized: FloatArray = (trim_sum / kept) / np.sqrt(ssw / kept / (kept - 1))
    return studentized


def _trimmed_interval(
    response: FloatArray, cost: FloatArray, trim: int, estimate: float, error: float, z: float
) -> Interval:
    r"""The set of \(\theta\) with \(|T(\theta)| \le z\), \(T\) the studentized trimmed mean of the residuals.

    Its hull, as google/trimmed_match's ``RangeFromStudentizedTrimmedMean``: a grid over
    \(\hat\theta \pm 8 z\,\text{se}\) (widened while its ends are still accepted) finds the outermost
    accepted points, and bisection refines the two crossings. When no bound is found, the estimate
    \(\pm 3 z\,\text{se}\), as that implementation does for an unbounded interval.
    """
    width = 8.0 * z * max(error, 1e-12 * max(1.0, abs(estimate)))
    for _ in range(6):
        grid = np.linspace(estimate - width, estimate + width, 65)
        accepted = np.abs(_studentized(response[None, :] - grid[:, None] * cost[None, :], trim)) <= z
        if not (accepted[0] or accepted[-1]):
            break
        width *= 8.0
    else:
        return estimate - 3.0 * z * error, estimate + 3.0 * z * error
    where = np.flatnonzero(accepted)
    if where.size == 0:
        return estimate, estimate
    first, last = int(where[0]), int(where[-1])
    # Each crossing by the Illinois variant of regula falsi on f = |T| - z, both sides at once:
    # (accepted, f <= 0) and (rejected, f > 0) bracket it and close in superlinearly.
    inside = np.array([grid[first], grid[last]])
    outside = np.array([grid[first - 1], grid[last + 1]])

    def excess(theta: FloatArray) -> FloatArray:
        return np.abs(_studentized(response[None, :] - theta[:, None] * cost[None, :], trim)) - z

    f_in, f_out = excess(inside), excess(outside)
    tolerance = 1e-12 * max(1.0, abs(estimate), width)
    iterations = 0
    while (np.abs(outside - inside) > tolerance).any() and iterations < 100:
        iterations += 1
        candidate = outside - f_out * (outside - inside) / (f_out - f_in)
        candidate = np.where(np.isfinite(candidate), candidate, 0.5 * (inside + outside))
        f_candidate = excess(candidate)
        accepted_now = f_candidate <= 0
        # Halve the value at the end that stays, so that it cannot stall the iteration (Illinois).
        f_out = np.where(accepted_now, 0.5 * f_out, f_candidate)
        f_in = np.where(accepted_now, f_candidate, 0.5 * f_in)
        inside = np.where(accepted_now, candidate, inside)
        outside = np.where(accepted_now, outside, candidate)
    return float(inside[0]), float(inside[1])


def _pair_differences(
    treatment_response: ArrayLike,
    control_response: ArrayLike,
    treatment_cost: ArrayLike,
    control_cost: ArrayLike,
) -> tuple[FloatArray, FloatArray, dict[str, FloatArray]]:
    """The validated per-pair differences of response and cost (signs flipped for a go-dark test)."""
    arrays: dict[str, FloatArray] = {}
    for name, value in (
        ("treatment_response", treatment_response),
        ("control_response", control_response),
        ("treatment_cost", treatment_cost),
        ("control_cost", control_cost),
    ):
        array = as_array(value, name, FINITE)
        if array.ndim != 1 or np.isnan(array).any():
            raise fail(name, "a finite value per pair", value)
        arrays[name] = array
    sizes = {array.size for array in arrays.values()}
    if len(sizes) != 1:
        described = ", ".join(f"{name!r} {array.size}" for name, array in arrays.items())
        msg = f"every argument must have one value per pair (got {described})"
        raise InvalidInputError(msg)
    n = sizes.pop()
    if n < 3:
        raise fail("treatment_response", "at least 3 pairs", n, " pairs")
    response = arrays["treatment_response"] - arrays["control_response"]
    cost = arrays["treatment_cost"] - arrays["control_cost"]
    if (cost < 0).all():
        response, cost = -response, -cost
    if not (cost > 0).all():
        index = int(np.flatnonzero(cost <= 0)[0])
        msg = (
            "'treatment_cost' - 'control_cost' must be > 0 in every pair (or < 0 in every pair) "
            f"(got {float(arrays['treatment_cost'][index] - arrays['control_cost'][index])!r} at index {index})"
        )
        raise InvalidInputError(msg)
    return response, cost, arrays


def trimmed_match(
    treatment_response: ArrayLike,
    control_response: ArrayLike,
    treatment_cost: ArrayLike,
    control_cost: ArrayLike,
    *,
    trim_rate: float | None = None,
    max_trim_rate: float = 0.25,
    level: float = 0.8,
    channel: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Lift:
    r"""Google's Trimmed Match estimator of iROAS over matched pairs of regions.

    The method of Chen and Au, *Robust Causal Inference for Incremental Return on Ad Spend with
    Randomized Paired Geo Experiments* (Annals of Applied Statistics, 2022), following
    google/trimmed_match (``trimmed_match/core/estimator.cc``). For pair \(i\) let \(R_i\) and
    \(C_i\) be the treatment-minus-control response and cost in the test period. For a trim count
    \(m\) (trim rate \(m/n\)) the estimate \(\hat\theta_m\) is the \(\theta\) at which the trimmed mean
    of the residuals \(e_i(\theta) = R_i - \theta C_i\) (the \(m\) smallest and \(m\) largest left out)
    is 0: a ratio of sums over the pairs that are not outliers at the estimate itself. Its standard
    error is \(\sqrt{W / (n\,\bar C_{tr}^2)} / \sqrt{n}\) with \(W\) the winsorized mean of squared
    residuals and \(\bar C_{tr}\) the trimmed sum of costs over \(n\). Without ``trim_rate`` the trim
    is data-driven: among \(m = 0, 1, \ldots\) up to ``max_trim_rate`` the smallest \(m\) whose standard
    error is within \(1 + 0.25/\sqrt n\) of the smallest. The confidence interval inverts the
    studentized trimmed mean: every \(\theta\) with \(|T(\theta)| \le z_{(1+\text{level})/2}\).

    Cost differences must all be positive (a heavy-up test) or all negative (a go-dark test, whose
    signs are flipped, which leaves \(\theta\) unchanged); pairs whose costs did not differ carry no
    information about the return and are refused.

    Args:
        treatment_response: Response (e.g. revenue) of each pair's treatment region in the test period.
        control_response: Response of each pair's control region.
        treatment_cost: Ad spend of each pair's treatment region in the test period.
        control_cost: Ad spend of each pair's control region.
        trim_rate: A fixed trim rate in [0, ``max_trim_rate``]; ``None`` chooses it from the data.
        max_trim_rate: The largest trim rate considered (at most 0.25, and below half the pairs).
        level: Confidence level of the interval (Google's default 0.8).
        channel: The channel tested.
        start: First day of the test period.
        end: Last day of the test period.

    Returns:
        The [`Lift`][socialroi.experiments.Lift] (``metric="response"``), with ``iroas`` the estimate
        and ``incremental`` = iROAS x the total cost difference; ``details`` holds ``trim_rate``,
        ``trimmed_pairs`` and ``pairs``.

    Raises:
        InvalidInputError: For non-finite values, arrays of different lengths, fewer than 3 pairs, cost
            differences of mixed sign or zero, or a bad trim rate.

    Examples:
        Five pairs with a return of 2, one with an outlier in its response:

        >>> lift = trimmed_match([130, 94, 150, 122, 400], [100, 70, 110, 100, 120], [15, 12, 20, 11, 14],
        ...                      [0, 0, 0, 0, 0], trim_rate=0.2)
        >>> round(lift.iroas, 3), lift.details["trimmed_pairs"]
        (2.0, 2.0)
    """
    level_ = _level(level)
    response, cost, arrays = _pair_differences(
        treatment_response, control_response, treatment_cost, control_cost
    )
    n = response.size
    largest = min(
        number(Rule(0.0, 0.25, "between 0 and 0.25")).check(max_trim_rate, "max_trim_rate"), 0.5 - 1.0 / n
    )
    if trim_rate is None:
        counts = np.arange(0, math.ceil(largest * n) + 1, dtype=np.float64)
        counts = counts[counts / n <= largest + 1e-12]
    else:
        rate = number(
            Rule(0.0, largest, f"between 0 and {largest:g} (max_trim_rate, below half the pairs)")
        ).check(trim_rate, "trim_rate")
        counts = np.array([float(math.ceil(rate * n - 1e-9))])
    thetas = _trimmed_roots(response, cost, counts)
    residuals = response[None, :] - thetas[:, None] * cost[None, :]
    kept = _kept(counts, n)
    _, ordered = _trimmed_sums(residuals, kept)
    rows = np.arange(counts.size)
    low_stat = ordered[rows, counts.astype(np.intp)]
    high_stat = ordered[rows, (n - 1 - counts).astype(np.intp)]
    squares = counts * (low_stat**2 + high_stat**2) + np.einsum("ij,ij,ij->i", ordered, ordered, kept)
    trimmed_cost = _body_cost(residuals, ordered, cost, counts) / n
    errors = np.sqrt(squares / (trimmed_cost**2 * n) / n)
    chosen = (
        int(np.flatnonzero(errors <= (1.0 + 0.25 / math.sqrt(n)) * errors.min())[0])
        if trim_rate is None
        else 0
    )
    m = int(counts[chosen])
    estimate, error = float(thetas[chosen]), float(errors[chosen])
    z = _z((1.0 + level_) / 2.0)
    low, high = _trimmed_interval(response, cost, m, estimate, error, z)
    total_cost = float(cost.sum())
    incremental = estimate * total_cost
    treated_total = float(arrays["treatment_response"].sum())
    counterfactual = treated_total - incremental
    t_zero = float(_studentized(response[None, :], m)[0])
    start_, end_ = _dates(start, end)
    interval = (low * total_cost, high * total_cost)
    cost_per, cost_interval = _cost_per(total_cost, incremental, interval)
    return Lift(
        design="trimmed match",
        metric="response",
        channel=optional(text()).check(channel, "channel"),
        start=start_,
        end=end_,
        level=level_,
        incremental=incremental,
        incremental_interval=interval,
        relative_lift=divide(incremental, counterfactual, "warn", "relative_lift", "counterfactual"),
        relative_lift_interval=(
            (interval[0] / counterfactual, interval[1] / counterfactual) if counterfactual > 0 else _NAN_PAIR
        ),
        probability_positive=float(_normal_cdf(t_zero)),
        spend=total_cost,
        iroas=estimate,
        iroas_interval=(low, high),
        iroas_standard_error=error,
        cost_per_incremental=cost_per,
        cost_per_incremental_interval=cost_interval,
        test_outcome=treated_total,
        control_outcome=float(arrays["control_response"].sum()),
        counterfactual=counterfactual,
        model="trimmed match",
        interval_method="studentized trimmed mean",
        details={
            "trim_rate": m / n,
            "trimmed_pairs": float(2 * m),
            "pairs": float(n),
            "incremental_standard_error": error * total_cost,
        },
    )
