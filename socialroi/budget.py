"""Budget: the split across funnel stages and an exact allocator over response curves.

Two questions every social budget meets: how much goes to each funnel stage, and how much to each
channel within a stage.

- [`split_budget`][socialroi.budget.split_budget] divides a total by stage shares
  ([`DEFAULT_STAGE_SHARES`][socialroi.budget.DEFAULT_STAGE_SHARES]: 70 % awareness, 10 % consideration,
  20 % conversion), with parts that add up to the total exactly.
- A *response curve* maps steady-state spend per period to the outcome it brings per period (revenue, or
  profit, in the same currency as the spend): [`ExponentialCurve`][socialroi.budget.ExponentialCurve],
  [`HillCurve`][socialroi.budget.HillCurve], [`LogisticCurve`][socialroi.budget.LogisticCurve] and
  [`PowerCurve`][socialroi.budget.PowerCurve]. Each gives ``response(spend)``, its derivative
  ``marginal(spend)`` (the marginal ROAS) and ``inverse_marginal(value)``, all vectorized.
- [`allocate`][socialroi.budget.allocate] spends a fixed total across channels so that the total response
  is largest, under per-channel bounds; [`allocate_to_target`][socialroi.budget.allocate_to_target]
  spends on each channel until its marginal ROAS falls to a target (a flexible budget);
  [`allocate_by_stage`][socialroi.budget.allocate_by_stage] splits by stage first and reports what the
  split costs. Each returns an [`Allocation`][socialroi.budget.Allocation].

Stages are the funnel's [`Stage`][socialroi.funnel.Stage] members; wherever a stage is a key, a name
that [`Stage.parse`][socialroi.funnel.Stage.parse] understands works too (``"awareness"``,
``"prospecting"``, ``"lead generation"``, any case). Results are keyed by `Stage` in funnel order, and
``to_dict()`` writes ``stage.key``.

Examples:
    >>> from socialroi.budget import ExponentialCurve, allocate, split_budget
    >>> {stage.key: amount for stage, amount in split_budget(10_000).items()}
    {'awareness': 7000.0, 'consideration': 1000.0, 'conversion': 2000.0}
    >>> curves = {"meta": ExponentialCurve(beta=6_000, scale=2_000), "tiktok": ExponentialCurve(beta=3_000, scale=1_000)}
    >>> plan = allocate(3_000, curves)
    >>> plan.spend_by_channel()
    {'meta': 2000.0, 'tiktok': 1000.0}
    >>> round(plan.budget_marginal_roas, 4)
    1.1036
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias, TypeVar, cast, overload

import attrs
import numpy as np

from socialroi import metrics
from socialroi._arrays import (
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    FloatArray,
    Rule,
    as_array,
    did_you_mean,
    operand,
    warn,
)
from socialroi._check import (
    array,
    choice,
    describe,
    distinct,
    each,
    flag,
    flags,
    floats,
    instance,
    number,
    optional,
    real,
    text,
    to_tuple,
)
from socialroi._display import html_table, percent, plain, text_table
from socialroi._display import number as shown
from socialroi.exceptions import InvalidInputError, MissingDataError, SocialROIError
from socialroi.funnel import Stage
from socialroi.records import Money

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Allocation",
    "DEFAULT_STAGE_SHARES",
    "ExponentialCurve",
    "HillCurve",
    "LogisticCurve",
    "PowerCurve",
    "ResponseCurve",
    "allocate",
    "allocate_by_stage",
    "allocate_to_target",
    "split_budget",
]

# --- stages -------------------------------------------------------------------------------------------

_V = TypeVar("_V")

ByStage: TypeAlias = Mapping[Stage, _V] | Mapping[str, _V] | Mapping[Stage | str, _V]
"""A mapping keyed by funnel stages: `Stage` members, or names that
[`Stage.parse`][socialroi.funnel.Stage.parse] understands (``"awareness"``, ``"prospecting"``,
``"lead generation"``, any case). Spelled out as a union because mapping keys are invariant: a
``dict[str, float]`` is not a ``Mapping[Stage | str, float]``. mypy types a dict literal that mixes
`Stage` and string keys as ``dict[object, ...]``; annotate such a dict as ``dict[Stage | str, float]``."""

_SHARE_TOLERANCE = 1e-9
_SETTLE_SHARE = 1e-6

DEFAULT_STAGE_SHARES: Mapping[Stage, float] = MappingProxyType(
    {Stage.AWARENESS: 0.70, Stage.CONSIDERATION: 0.10, Stage.CONVERSION: 0.20}
)
"""The rule of thumb for paid social: 70 % prospecting (awareness), 10 % consideration, 20 % conversion
(retargeting). A read-only mapping keyed by `Stage`; pass your own to `split_budget` to change it."""


def _stage_of(key: object, argument: str, rule: str = "be keyed by funnel stages") -> Stage:
    """The stage a key names (see `Stage.parse`), or an error that names the argument and the rule."""
    try:
        return Stage.parse(cast("Stage | str", key))
    except InvalidInputError as error:
        msg = f"{argument!r} must {rule}: {error}"
        raise InvalidInputError(msg) from None


def _stage_keys(mapping: object, argument: str) -> dict[Stage, Any]:
    """Map stage → the caller's key, in funnel order; reject non-mappings, empty ones, repeated stages."""
    if not isinstance(mapping, Mapping) or not mapping:
        msg = f"{argument!r} must be a non-empty mapping of stage to value (got {mapping!r})"
        raise InvalidInputError(msg)
    keys: dict[Stage, Any] = {}
    for key in cast("Mapping[object, object]", mapping):
        stage = _stage_of(key, argument)
        if stage in keys:
            msg = f"{argument!r} names the stage {stage.key!r} twice (as {keys[stage]!r} and {key!r})"
            raise InvalidInputError(msg)
        keys[stage] = key
    return {stage: keys[stage] for stage in sorted(keys)}


def _check_shares(shares: object, *, normalize: bool) -> tuple[list[Stage], list[float]]:
    """The stages in funnel order and their validated shares, scaled to sum to 1."""
    keys = _stage_keys(shares, "shares")
    given = cast("Mapping[object, object]", shares)
    stages = list(keys)
    weights = [number(NON_NEGATIVE).check(given[key], f"shares[{key}]") for key in keys.values()]
    total = math.fsum(weights)
    if total == 0:
        zeros = {stage.key: weight for stage, weight in zip(stages, weights, strict=True)}
        msg = f"'shares' must not all be 0 (got {zeros!r})"
        raise InvalidInputError(msg)
    if abs(total - 1.0) > _SHARE_TOLERANCE:
        if not normalize:
            msg = f"'shares' must sum to 1 (got {total!r}); pass normalize=True to scale them"
            raise InvalidInputError(msg)
        warn(f"'shares' sum to {total!r}, not 1; scaled them by {1.0 / total:.6g}", UserWarning)
    # Shares within the tolerance of 1 are scaled silently too: that is float noise, not a choice.
    return stages, [w / total for w in weights]


def _settle(
    parts: list[float], total: float, pivots: Sequence[int], low: Sequence[float], high: Sequence[float]
) -> list[float]:
    """Move the float rounding gap between ``total`` and the sum of ``parts`` onto pivot parts.

    The gap is computed exactly (``math.fsum``) and added to the first pivot, kept within its
    ``[low, high]``; when the pivot's float spacing is too coarse to take all of it, the rest goes to the
    next pivot, unless that would change it by more than a millionth. The exact sum of the result is
    ``total``, or within a fraction of a unit in the last place of it (``math.fsum`` gives ``total``).
    """
    for pivot in pivots:
        gap = math.fsum([total, *(-p for p in parts)])
        if gap == 0.0:
            break
        if abs(gap) <= _SETTLE_SHARE * parts[pivot]:  # a part far smaller than the gap is left alone
            parts[pivot] = min(max(parts[pivot] + gap, low[pivot]), high[pivot])
    return parts


_MOST_UNITS = 2**53  # every whole number of units up to here is a float, so each unit counts


def _units(count: int, unit: float) -> float:
    """``count`` units of ``unit`` as the float nearest the exact decimal amount when possible."""
    per_one = 1.0 / unit
    whole = round(per_one) if math.isfinite(per_one) else 0
    if whole >= 1 and abs(per_one - whole) <= 1e-9 * per_one:
        return count / whole  # 7 / 100 is exactly the float nearest 0.07; 7 * 0.01 need not be
    return count * unit


def _split(total: float, weights: list[float], round_to: float | None) -> list[float]:
    n = len(weights)
    if round_to is None:
        parts = [total * w for w in weights]
    else:
        unit = number(POSITIVE).check(round_to, "round_to")
        units = total / unit
        if not units <= _MOST_UNITS:
            msg = (
                f"'round_to' must leave at most 2**53 units in 'total', so that every unit counts "
                f"(got round_to={unit!r} for total={total!r}: {units:.3g} units)"
            )
            raise InvalidInputError(msg)
        count = round(units)
        if not math.isclose(count * unit, total, rel_tol=1e-9, abs_tol=unit * 1e-9):
            msg = f"'total' must be a whole number of 'round_to' units (got {total!r} and round_to={unit!r})"
            raise InvalidInputError(msg)
        # Largest remainders (Hamilton), in exact rational arithmetic: floor every part, then give the
        # units left over (fewer than the number of stages) to the parts that lost the most; ties go
        # to the earlier stage of the funnel. One pass per stage, whatever the number of units.
        fractions = [Fraction(w) for w in weights]
        whole_share = sum(fractions, Fraction(0))
        exact = [count * f / whole_share for f in fractions]
        counts = [math.floor(e) for e in exact]
        by_remainder = sorted(range(n), key=lambda i: (counts[i] - exact[i], i))
        for position in by_remainder[: count - sum(counts)]:
            counts[position] += 1
        # Each part is the float nearest its whole number of units (1234.57, not 1234.5699999999997);
        # the units add up to the total's exactly, so the decimal amounts do.
        return [_units(c, unit) for c in counts]
    order = sorted((i for i in range(n) if parts[i] > 0), key=lambda i: (-parts[i], i))
    return _settle(parts, total, order, [0.0] * n, [math.inf] * n)


@overload
def split_budget(
    total: Money,
    shares: ByStage[float] = ...,
    *,
    normalize: bool = ...,
    round_to: float | None = ...,
) -> dict[Stage, Money]: ...
@overload
def split_budget(
    total: float,
    shares: ByStage[float] = ...,
    *,
    normalize: bool = ...,
    round_to: float | None = ...,
) -> dict[Stage, float]: ...
def split_budget(
    total: Money | float,
    shares: ByStage[float] = DEFAULT_STAGE_SHARES,
    *,
    normalize: bool = False,
    round_to: float | None = None,
) -> dict[Stage, Money] | dict[Stage, float]:
    """Split a budget across funnel stages.

    part(stage) = total · share(stage), in the unit of ``total``. The parts add up to ``total`` exactly
    (``math.fsum(parts.values()) == total``): the float rounding gap goes to the largest part. With
    ``round_to`` every part is a whole number of that unit (0.01 for cents), the units are dealt by
    largest remainder (each part within one unit of its exact share; ties to the earlier stage), and the
    parts add up to ``total`` exactly as the decimal amounts they show (each is the float nearest its
    amount, so a float sum may differ in the last digit).

    Args:
        total: The budget, >= 0: a number or [`Money`][socialroi.records.Money].
        shares: Stage → share of the budget, each >= 0 and summing to 1. Stages are `Stage` members or
            names that [`Stage.parse`][socialroi.funnel.Stage.parse] understands, synonyms included
            (``"prospecting"``, ``"lead generation"``, any case).
        normalize: Scale shares that do not sum to 1 (with a `UserWarning` saying by how much) instead
            of raising.
        round_to: Currency unit to round the parts to, such as 0.01 or 1; ``total`` must be a whole
            number of it.

    Returns:
        `Stage` → amount, in funnel order: floats, or `Money` in the currency of a `Money` total. Use
        ``stage.key`` for the stage's name as a string.

    Raises:
        InvalidInputError: ``total`` is negative or not finite; ``shares`` is empty, has an unknown
            stage (with the closest names) or names one stage twice, has a negative or non-finite
            share, or does not sum to 1 without ``normalize``; ``round_to`` is not positive or does not
            divide ``total``.

    Examples:
        >>> split_budget(10_000)
        {<Stage.AWARENESS: 1>: 7000.0, <Stage.CONSIDERATION: 2>: 1000.0, <Stage.CONVERSION: 3>: 2000.0}
        >>> parts = split_budget(12_345.67, {"retention": 0.3, "Prospecting": 0.5, "lead gen": 0.2}, round_to=0.01)
        >>> {stage.key: amount for stage, amount in parts.items()}
        {'awareness': 6172.84, 'conversion': 2469.13, 'loyalty': 3703.7}
        >>> split_budget(100, {"awareness": 1, "conversion": 1, "loyalty": 1}, normalize=True, round_to=0.01)
        Traceback (most recent call last):
        ...
        UserWarning: 'shares' sum to 3.0, not 1; scaled them by 0.333333
        >>> from socialroi import Money
        >>> split_budget(Money(amount=1_000, currency="EUR"), {Stage.CONVERSION: 0.5, Stage.AWARENESS: 0.5})
        {<Stage.AWARENESS: 1>: Money(amount=500.0, currency='EUR'), <Stage.CONVERSION: 3>: Money(amount=500.0, currency='EUR')}
        >>> split_budget(100, {"awarenes": 1.0})
        Traceback (most recent call last):
        ...
        socialroi.exceptions.InvalidInputError: 'shares' must be keyed by funnel stages: 'stage' must be one of 'awareness', 'consideration', 'conversion', 'loyalty' or 'advocacy' or a synonym like 'engagement' (got 'awarenes'); did you mean 'awareness' or 'brand awareness'?
    """
    amount = total.amount if isinstance(total, Money) else total
    budget = number(NON_NEGATIVE).check(amount, "total")
    normalize = flag().check(normalize, "normalize")
    stages, weights = _check_shares(shares, normalize=normalize)
    parts = _split(budget, weights, round_to)
    if isinstance(total, Money):
        return {
            stage: Money(amount=part, currency=total.currency)
            for stage, part in zip(stages, parts, strict=True)
        }
    return dict(zip(stages, parts, strict=True))


# --- response curves ----------------------------------------------------------------------------------

_Params: TypeAlias = tuple[FloatArray, ...]


class _Formulas(NamedTuple):
    """The vectorized formulas of one curve family; parameters broadcast against the spend."""

    response: Callable[[_Params, FloatArray], FloatArray]
    marginal: Callable[[_Params, FloatArray], FloatArray]
    # sup{x >= 0 : marginal(x) >= m}, or 0 when there is none: the spend beyond which the marginal
    # stays below m. For concave curves this is the inverse of the marginal, clipped at 0.
    inverse: Callable[[_Params, FloatArray], FloatArray]
    # The spend at which the marginal is largest (0 for concave curves).
    peak: Callable[[_Params], FloatArray]


def _zeros(params: _Params) -> FloatArray:
    return np.zeros_like(params[0])


def _exponential_response(p: _Params, x: FloatArray) -> FloatArray:
    beta, scale = p
    result: FloatArray = -beta * np.expm1(-x / scale)
    return result


def _exponential_marginal(p: _Params, x: FloatArray) -> FloatArray:
    beta, scale = p
    result: FloatArray = beta / scale * np.exp(-x / scale)
    return result


def _exponential_inverse(p: _Params, m: FloatArray) -> FloatArray:
    beta, scale = p
    with np.errstate(divide="ignore", over="ignore"):
        result: FloatArray = np.maximum(scale * np.log(beta / scale / m), 0.0)
    return result


def _logistic_response(p: _Params, x: FloatArray) -> FloatArray:
    beta, lam = p
    result: FloatArray = beta * np.tanh(lam * x / 2.0)
    return result


def _logistic_marginal(p: _Params, x: FloatArray) -> FloatArray:
    beta, lam = p
    q = np.exp(-lam * x)
    result: FloatArray = beta * lam * (2.0 * q / (1.0 + q) ** 2)
    return result


def _logistic_inverse(p: _Params, m: FloatArray) -> FloatArray:
    # m = 2cq / (1 + q)², c = βλ, q = e^(-λx): the root q <= 1 of m q² + 2(m - c) q + m = 0 is
    # m / (c - m + sqrt(c (c - 2m))) (written without cancellation), and x = -ln(q) / λ. The root is
    # √c · √(c - 2m), so that c² cannot overflow.
    beta, lam = p
    c = beta * lam
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        root = np.sqrt(c) * np.sqrt(np.maximum(c - 2.0 * m, 0.0))
        result: FloatArray = np.where(m >= c / 2.0, 0.0, np.log((c - m + root) / m) / lam)
    return result


def _power_response(p: _Params, x: FloatArray) -> FloatArray:
    scale, exponent = p
    result: FloatArray = scale * x**exponent
    return result


def _power_marginal(p: _Params, x: FloatArray) -> FloatArray:
    scale, exponent = p
    with np.errstate(divide="ignore"):
        result: FloatArray = scale * exponent * x ** (exponent - 1.0)
    return result


def _power_inverse(p: _Params, m: FloatArray) -> FloatArray:
    scale, exponent = p
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        concave = (m / (scale * exponent)) ** (1.0 / (exponent - 1.0))
        linear = np.where(m <= scale, np.inf, 0.0)  # a·x: the marginal is a everywhere
        result: FloatArray = np.where(exponent < 1.0, concave, linear)
    return result


def _hill_log_marginal(beta: FloatArray, k: FloatArray, s: FloatArray, t: FloatArray) -> FloatArray:
    """The log marginal at x = K·e^t: ln(βs/K) + (s - 1)·t - 2·ln(1 + e^(st)), safe at t = ±∞."""
    with np.errstate(invalid="ignore"):
        rising = np.where(s == 1.0, 0.0, (s - 1.0) * t)
    result: FloatArray = np.log(beta / k * s) + rising - 2.0 * np.logaddexp(0.0, s * t)
    return result


def _hill_t(x: FloatArray, k: FloatArray) -> FloatArray:
    """T = ln(x/K); ln x - ln K where x/K overflows (t is finite there, x/K is not)."""
    with np.errstate(over="ignore"):
        ratio = x / k
    result: FloatArray = np.where(np.isinf(ratio), np.log(x) - np.log(k), np.log(ratio))
    return result


def _hill_response(p: _Params, x: FloatArray) -> FloatArray:
    beta, k, s = p
    with np.errstate(divide="ignore", over="ignore"):
        result: FloatArray = beta / (1.0 + np.exp(-s * _hill_t(x, k)))
    return result


def _hill_marginal(p: _Params, x: FloatArray) -> FloatArray:
    beta, k, s = p
    with np.errstate(divide="ignore"):
        t = _hill_t(x, k)
    result: FloatArray = np.exp(_hill_log_marginal(beta, k, s, t))
    return result


def _hill_peak_t(s: FloatArray) -> FloatArray:
    """ln(x/K) where the marginal peaks: ln((s - 1)/(s + 1)) / s for s > 1, -∞ otherwise."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = np.where(s > 1.0, np.log((s - 1.0) / (s + 1.0)) / s, -np.inf)
    return result


def _hill_peak(p: _Params) -> FloatArray:
    _, k, s = p
    result: FloatArray = k * np.exp(_hill_peak_t(s))
    return result


_NEWTON_STEPS = 100


def _hill_inverse(p: _Params, m: FloatArray) -> FloatArray:
    # Solve h(t) = ln(βs/K) - ln m + (s - 1)t - 2 ln(1 + e^(st)) = 0 for t = ln(x/K) on the falling
    # branch of the marginal. h is concave, so Newton's method started right of the root (where a linear
    # upper bound of h is <= 0) decreases monotonically to it. Slope 1 has the closed form
    # x = K(√(β/(Km)) - 1).
    shape = np.broadcast_shapes(*(np.shape(q) for q in p), np.shape(m))
    beta, k, s, m = (np.broadcast_to(q, shape).reshape(-1) for q in (*p, m))
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        gap = np.log(beta / k * s) - np.log(m)
        t_peak = _hill_peak_t(s)
        start = np.where(gap > 0, gap / (s + 1.0), np.where(s < 1.0, gap / (1.0 - s), t_peak))
        t = np.maximum(start, t_peak)
        solve = np.isfinite(t) & (s != 1.0)
        if solve.any():
            ts, gs, ss = t[solve], gap[solve], s[solve]
            for _ in range(_NEWTON_STEPS):
                h = gs + (ss - 1.0) * ts - 2.0 * np.logaddexp(0.0, ss * ts)
                slope = (ss - 1.0) - 2.0 * ss / (1.0 + np.exp(-ss * ts))
                step = np.where(h < 0, h / slope, 0.0)
                ts = ts - step
                if not (np.abs(step) > 1e-15 * np.maximum(np.abs(ts), 1.0)).any():
                    break
            t = t.copy()
            t[solve] = ts
        x = np.where(s == 1.0, k * (np.sqrt(beta / (k * m)) - 1.0), k * np.exp(t))
        # No root: the marginal never reaches m (m above the peak, or m = inf); m = 0 needs infinite spend.
        peak_h = _hill_log_marginal(beta, k, s, t_peak) - np.log(m)
        x = np.where((s > 1.0) & ~(peak_h >= 0), 0.0, x)
        result: FloatArray = np.where(m == 0, np.inf, np.maximum(x, 0.0)).reshape(shape)
    return result


_EXPONENTIAL = _Formulas(_exponential_response, _exponential_marginal, _exponential_inverse, _zeros)
_LOGISTIC = _Formulas(_logistic_response, _logistic_marginal, _logistic_inverse, _zeros)
_POWER = _Formulas(_power_response, _power_marginal, _power_inverse, _zeros)
_HILL = _Formulas(_hill_response, _hill_marginal, _hill_inverse, _hill_peak)


def _like(given: Any, result: FloatArray) -> Any:
    """Return ``result`` in the form of the validated input: float, array, or a Series with its index."""
    if isinstance(given, float):
        return float(result)
    if isinstance(given, np.ndarray):
        return result
    return given * 0.0 + result  # a pandas Series keeps its index


class _Curve:
    """What every response curve shares: the vectorized methods over the family's formulas."""

    __slots__ = ()

    @property
    def _formulas(self) -> _Formulas:
        return _FAMILIES[type(self)][0]

    def _params(self) -> _Params:
        return tuple(np.asarray(getattr(self, name), dtype=np.float64) for name in _FAMILIES[type(self)][1])

    @property
    def is_concave(self) -> bool:
        """Whether the marginal ROAS never rises with spend (diminishing returns from the first unit)."""
        return True

    @overload
    def response(self, spend: float) -> float: ...  # pyright: ignore[reportOverlappingOverload]
    @overload
    def response(self, spend: ArrayLike) -> FloatArray: ...
    def response(self, spend: Any) -> Any:
        """The outcome per period at a steady spend per period (see the class for the formula).

        Args:
            spend: Spend per period, >= 0.

        Returns:
            The response, in the unit of the curve's ``beta`` (or ``scale``).

        Raises:
            InvalidInputError: ``spend`` is negative or not finite.
        """
        given = operand(spend, "spend", NON_NEGATIVE)
        with np.errstate(over="ignore"):
            response = self._formulas.response(self._params(), np.asarray(given, dtype=np.float64))
        return _like(given, response)

    @overload
    def marginal(self, spend: float) -> float: ...  # pyright: ignore[reportOverlappingOverload]
    @overload
    def marginal(self, spend: ArrayLike) -> FloatArray: ...
    def marginal(self, spend: Any) -> Any:
        """The derivative of the response: the marginal ROAS of the next unit of spend at ``spend``.

        Args:
            spend: Spend per period, >= 0.

        Returns:
            d response / d spend (``inf`` at 0 for curves that are vertical there).

        Raises:
            InvalidInputError: ``spend`` is negative or not finite.
        """
        given = operand(spend, "spend", NON_NEGATIVE)
        with np.errstate(over="ignore"):
            marginal = self._formulas.marginal(self._params(), np.asarray(given, dtype=np.float64))
        return _like(given, marginal)

    @overload
    def inverse_marginal(self, marginal_roas: float) -> float: ...  # pyright: ignore[reportOverlappingOverload]
    @overload
    def inverse_marginal(self, marginal_roas: ArrayLike) -> FloatArray: ...
    def inverse_marginal(self, marginal_roas: Any) -> Any:
        """The spend at which the marginal ROAS falls to ``marginal_roas``.

        Precisely, the largest spend at which the marginal is still >= ``marginal_roas``: 0 when the
        marginal is below it from the start, ``inf`` when it never falls that low (``marginal_roas`` 0,
        or a linear curve whose slope is at least ``marginal_roas``). For concave curves this is the
        inverse of `marginal`; for an S-shaped curve it lies on the falling branch, past the peak.

        Args:
            marginal_roas: Marginal ROAS, >= 0.

        Returns:
            Spend per period.

        Raises:
            InvalidInputError: ``marginal_roas`` is negative or not finite.
        """
        given = operand(marginal_roas, "marginal_roas", NON_NEGATIVE)
        value = np.asarray(given, dtype=np.float64)
        spend: FloatArray = np.where(np.isnan(value), np.nan, self._formulas.inverse(self._params(), value))
        return _like(given, spend)


_LARGEST_SLOPE = 1e300
_SMALLEST_SLOPE = 5e-324  # the smallest positive float: a slope scale that underflows to 0 is refused


def _check_slope(curve: object, formula: str, slope: float, names: Sequence[str]) -> None:
    """The curve rule: its slope scale (the marginal ROAS at zero spend, or at the peak) is moderate.

    Every curve's marginal ROAS is its slope scale times a factor at most 1 (and ``inf`` at zero spend
    for the curves that are vertical there): β/scale, βλ, βs/K or a·b. Up to 1e300 it leaves room for
    the formulas' intermediate products, so no response, marginal or inverse overflows to ``inf`` or
    ``nan``; above 0 (as computed in floats) the inverse never divides 0 by 0. Beyond that the
    allocation would be meaningless, and the curve is refused.
    """
    if not _SMALLEST_SLOPE <= slope <= _LARGEST_SLOPE:
        given = ", ".join(f"{name}={getattr(curve, name)!r}" for name in names)
        msg = (
            f"{names[0]!r} must keep the slope scale {formula} of {type(curve).__name__} above 0 and at "
            f"most 1e300, so that its maths cannot overflow (got {given}: {formula} = {slope!r})"
        )
        raise InvalidInputError(msg)


@attrs.frozen(kw_only=True)
class ExponentialCurve(_Curve):
    """Diminishing returns that saturate: response = β · (1 - e^(-x / scale)).

    ``beta`` is the saturation level (the most the channel can bring per period) and ``scale`` the spend
    at which it brings 63 % of it. The marginal ROAS is β / scale · e^(-x / scale), β / scale at zero
    spend; its inverse is x = scale · ln(β / (scale · m)).

    Attributes:
        beta: Saturation response per period, > 0 (currency of the outcome).
        scale: Spend per period at which 1 - 1/e of ``beta`` is reached, > 0.

    Examples:
        >>> curve = ExponentialCurve(beta=10_000, scale=5_000)
        >>> round(curve.response(5_000), 2), curve.marginal(0.0)
        (6321.21, 2.0)
        >>> round(curve.inverse_marginal(1.0), 2)
        3465.74
    """

    beta: float = attrs.field(converter=real, validator=number(POSITIVE))
    scale: float = attrs.field(converter=real, validator=number(POSITIVE))

    def __attrs_post_init__(self) -> None:
        _check_slope(self, "beta / scale", self.beta / self.scale, ("beta", "scale"))


@attrs.frozen(kw_only=True)
class HillCurve(_Curve):
    """The Hill curve: response = β · xˢ / (Kˢ + xˢ).

    ``half_saturation`` K is the spend that brings half of β. With ``slope`` s = 1 this is the
    Michaelis-Menten curve, concave with marginal β/K at zero and inverse x = K(√(β/(K·m)) - 1). With
    s < 1 it is concave and vertical at zero. With s > 1 it is S-shaped: returns first rise, peak at
    x = K((s - 1)/(s + 1))^(1/s), then diminish; [`allocate`][socialroi.budget.allocate] then uses its
    non-concave fallback.

    Attributes:
        beta: Saturation response per period, > 0.
        half_saturation: Spend per period that brings half of ``beta``, > 0.
        slope: Shape s, > 0 (1 for Michaelis-Menten; > 1 for an S-curve).

    Examples:
        >>> curve = HillCurve(beta=8_000, half_saturation=2_000)
        >>> curve.response(2_000), curve.marginal(0.0), curve.inverse_marginal(1.0)
        (4000.0, 4.0, 2000.0)
        >>> HillCurve(beta=8_000, half_saturation=2_000, slope=2).is_concave
        False
    """

    beta: float = attrs.field(converter=real, validator=number(POSITIVE))
    half_saturation: float = attrs.field(converter=real, validator=number(POSITIVE))
    slope: float = attrs.field(default=1.0, converter=real, validator=number(POSITIVE))

    def __attrs_post_init__(self) -> None:
        slope = self.beta / self.half_saturation * self.slope
        _check_slope(self, "beta * slope / half_saturation", slope, ("beta", "half_saturation", "slope"))

    @property
    def is_concave(self) -> bool:
        """Whether the marginal ROAS never rises with spend: true for ``slope`` <= 1."""
        return self.slope <= 1.0

    @property
    def peak_spend(self) -> float:
        """The spend at which the marginal ROAS is largest: K((s - 1)/(s + 1))^(1/s), 0 when s <= 1.

        Examples:
            >>> round(HillCurve(beta=1, half_saturation=3_000, slope=2).peak_spend, 2)
            1732.05
        """
        return float(_hill_peak(self._params()))


@attrs.frozen(kw_only=True)
class LogisticCurve(_Curve):
    """The logistic saturation curve: response = β · (1 - e^(-λx)) / (1 + e^(-λx)) = β · tanh(λx / 2).

    Concave from zero spend, where the marginal ROAS is βλ/2. The marginal is 2βλq / (1 + q)² with
    q = e^(-λx); its inverse is x = ln((c - m + √(c(c - 2m))) / m) / λ with c = βλ.

    Attributes:
        beta: Saturation response per period, > 0.
        lam: Steepness λ per unit of spend, > 0.

    Examples:
        >>> curve = LogisticCurve(beta=10_000, lam=0.0005)
        >>> round(curve.response(2_000), 2), curve.marginal(0.0)
        (4621.17, 2.5)
        >>> round(curve.inverse_marginal(curve.marginal(2_000)), 6)
        2000.0
    """

    beta: float = attrs.field(converter=real, validator=number(POSITIVE))
    lam: float = attrs.field(converter=real, validator=number(POSITIVE))

    def __attrs_post_init__(self) -> None:
        _check_slope(self, "beta * lam", self.beta * self.lam, ("beta", "lam"))


_ELASTICITY = Rule(5e-324, 1.0, "> 0 and <= 1")
"""The elasticity of a power curve: above 1, returns would grow without bound."""


@attrs.frozen(kw_only=True)
class PowerCurve(_Curve):
    """The power curve: response = a · x^b with 0 < b <= 1.

    The elasticity b is the % change of the response per % change of spend; b = 1 is linear (constant
    ROAS a). The marginal ROAS is a·b·x^(b - 1), infinite at zero when b < 1; its inverse is
    x = (m / (a·b))^(1 / (b - 1)). Fit it to spend and revenue data with [`fit`][socialroi.budget.PowerCurve.fit].

    Attributes:
        scale: The response to one unit of spend, a > 0.
        exponent: The elasticity b, 0 < b <= 1.

    Examples:
        >>> curve = PowerCurve(scale=100, exponent=0.5)
        >>> curve.response(10_000), curve.marginal(10_000), curve.inverse_marginal(0.5)
        (10000.0, 0.5, 10000.0)
    """

    scale: float = attrs.field(converter=real, validator=number(POSITIVE))
    exponent: float = attrs.field(converter=real, validator=number(_ELASTICITY))

    def __attrs_post_init__(self) -> None:
        _check_slope(self, "scale * exponent", self.scale * self.exponent, ("scale", "exponent"))

    @classmethod
    def fit(cls, spend: ArrayLike, revenue: ArrayLike) -> PowerCurve:
        """Fit a · x^b to observations by least squares on logs: ln revenue = ln a + b · ln spend.

        Args:
            spend: Spend per period, > 0, at least two distinct values.
            revenue: Revenue per period at that spend, > 0, same length.

        Returns:
            The fitted curve.

        Raises:
            InvalidInputError: a value is not positive and finite (the message names its index); the
                lengths differ; fewer than two distinct spends; or the fitted exponent is not in (0, 1]
                (revenue falling with spend, or growing faster than it).

        Examples:
            >>> curve = PowerCurve.fit([1_000, 4_000, 9_000], [3_000, 6_000, 9_000])
            >>> round(curve.scale, 6), round(curve.exponent, 6)
            (94.86833, 0.5)
        """
        x = as_array(spend, "spend", POSITIVE).reshape(-1)
        y = as_array(revenue, "revenue", POSITIVE).reshape(-1)
        for name, values in (("spend", x), ("revenue", y)):
            missing = np.flatnonzero(np.isnan(values))
            if missing.size:
                msg = f"{name!r} must be > 0 and finite (got nan at index {int(missing[0])})"
                raise InvalidInputError(msg)
        if x.size != y.size:
            msg = f"'spend' and 'revenue' must have the same length (got {x.size} and {y.size})"
            raise InvalidInputError(msg)
        distinct = np.unique(x).size
        if distinct < 2:
            msg = f"'spend' must hold at least two different values to fit a curve (got {x.size} values, {distinct} distinct)"
            raise InvalidInputError(msg)
        log_x, log_y = np.log(x), np.log(y)
        centred = log_x - log_x.mean()
        exponent = float(centred @ (log_y - log_y.mean())) / float(centred @ centred)
        if 1.0 < exponent <= 1.0 + 1e-9:
            exponent = 1.0  # proportional data, up to float rounding
        if not 0.0 < exponent <= 1.0:
            trend = "falling" if exponent <= 0 else "increasing"
            msg = f"the fitted exponent must be > 0 and <= 1 for a power curve (got {exponent!r}): the data show {trend} returns"
            raise InvalidInputError(msg)
        scale = math.exp(float(log_y.mean()) - exponent * float(log_x.mean()))
        return cls(scale=scale, exponent=exponent)


_FAMILIES: dict[type[_Curve], tuple[_Formulas, tuple[str, ...]]] = {
    ExponentialCurve: (_EXPONENTIAL, ("beta", "scale")),
    HillCurve: (_HILL, ("beta", "half_saturation", "slope")),
    LogisticCurve: (_LOGISTIC, ("beta", "lam")),
    PowerCurve: (_POWER, ("scale", "exponent")),
}

ResponseCurve: TypeAlias = ExponentialCurve | HillCurve | LogisticCurve | PowerCurve
"""Any of the response curve types."""


# --- allocation ---------------------------------------------------------------------------------------

_CURVE_TYPES = (ExponentialCurve, HillCurve, LogisticCurve, PowerCurve)
_LARGE_GRID, _SMALL_GRID, _GRID_CELLS = 1_000, 100, 20_000_000
_PIVOTS = 8
Method: TypeAlias = Literal["kkt", "grid", "target"]


class _Channels:
    """Channels with their curves grouped by family, so each formula runs once over all of them."""

    def __init__(self, names: Sequence[str], curves: Sequence[ResponseCurve]) -> None:
        self.names = list(names)
        self.curves = list(curves)
        self.size = len(self.curves)
        members: dict[type[_Curve], list[int]] = {}
        for position, curve in enumerate(self.curves):
            members.setdefault(type(curve), []).append(position)
        self.groups: list[tuple[_Formulas, NDArray[np.intp], _Params]] = [
            (
                _FAMILIES[kind][0],
                np.array(index, dtype=np.intp),
                tuple(
                    np.array([getattr(self.curves[i], f) for i in index], dtype=np.float64)
                    for f in _FAMILIES[kind][1]
                ),
            )
            for kind, index in members.items()
        ]
        self.s_shaped = [
            name for name, curve in zip(self.names, self.curves, strict=True) if not curve.is_concave
        ]

    def subset(self, index: Sequence[int]) -> _Channels:
        return _Channels([self.names[i] for i in index], [self.curves[i] for i in index])

    def _apply(self, formula: str, x: FloatArray) -> FloatArray:
        """A formula per channel; ``x`` is a scalar, one value per channel, or a row of values per channel."""
        out = np.empty(np.shape(x) if np.ndim(x) else (self.size,), dtype=np.float64)
        for formulas, index, params in self.groups:
            values = x[index] if np.ndim(x) else x
            shaped = tuple(p.reshape(p.shape + (1,) * (np.ndim(values) - 1)) for p in params)
            with np.errstate(over="ignore"):  # an intermediate beyond the floats tends to its limit
                out[index] = getattr(formulas, formula)(shaped, values)
        return out

    def response(self, x: FloatArray) -> FloatArray:
        return self._apply("response", x)

    def marginal(self, x: FloatArray) -> FloatArray:
        return self._apply("marginal", x)

    def inverse(self, marginal_roas: float) -> FloatArray:
        return self._apply("inverse", np.float64(marginal_roas))  # type: ignore[arg-type]

    def peak(self) -> FloatArray:
        out = np.empty(self.size, dtype=np.float64)
        for formulas, index, params in self.groups:
            out[index] = formulas.peak(params)
        return out


def _channels(curves: object, argument: str = "curves") -> _Channels:
    if not isinstance(curves, Mapping) or not curves:
        msg = f"{argument!r} must be a non-empty mapping of channel to response curve (got {curves!r})"
        raise InvalidInputError(msg)
    names: list[str] = []
    found: list[ResponseCurve] = []
    for name, curve in cast("Mapping[object, object]", curves).items():
        if not isinstance(name, str):
            msg = f"{argument!r} must be keyed by channel names (strings) (got {name!r})"
            raise InvalidInputError(msg)
        if not isinstance(curve, _CURVE_TYPES):
            msg = f"'{argument}[{name}]' must be an ExponentialCurve, HillCurve, LogisticCurve or PowerCurve (got {curve!r})"
            raise InvalidInputError(msg)
        names.append(name)
        found.append(curve)
    return _Channels(names, found)


_UNBOUNDED = Rule(0.0, math.inf, ">= 0")
"""Amounts that may be infinite: no spending cap, the marginal ROAS of a curve vertical at zero."""


def _per_channel(
    value: object, names: Sequence[str], argument: str, default: float, rule: Rule = NON_NEGATIVE
) -> FloatArray:
    """Per-channel amounts from a mapping (missing channels get ``default``) or one number for all."""
    if value is None:
        return np.full(len(names), default)
    if isinstance(value, numbers.Number):
        return np.full(len(names), number(rule).check(value, argument))
    if not isinstance(value, Mapping):
        msg = f"{argument!r} must be a number or a mapping of channel to amount (got {value!r})"
        raise InvalidInputError(msg)
    position = {name: i for i, name in enumerate(names)}
    amounts = np.full(len(names), default)
    for channel, amount in cast("Mapping[object, object]", value).items():
        index = position.get(channel) if isinstance(channel, str) else None
        if index is None:
            hint = did_you_mean(str(channel), names)
            msg = f"{argument!r} names an unknown channel {channel!r}{hint} (channels: {', '.join(map(repr, names))})"
            raise InvalidInputError(msg)
        amounts[index] = number(rule).check(amount, f"{argument}[{channel}]")
    return amounts


def _current(current: object, names: Sequence[str]) -> FloatArray | None:
    if current is None:
        return None
    spend = _per_channel(current, names, "current", np.nan)
    missing = [name for name, amount in zip(names, spend, strict=True) if np.isnan(amount)]
    if missing:
        msg = f"'current' must give the spend of every channel (missing {', '.join(map(repr, missing))})"
        raise InvalidInputError(msg)
    return spend


def _check_order(lo: FloatArray, hi: FloatArray, names: Sequence[str]) -> None:
    wrong = np.flatnonzero(lo > hi)
    if wrong.size:
        i = int(wrong[0])
        msg = f"'min_spend' must be <= 'max_spend' for {names[i]!r} (got {float(lo[i])!r} > {float(hi[i])!r})"
        raise InvalidInputError(msg)


def _check_feasible(total: float, lo: FloatArray, hi: FloatArray, budget: str) -> None:
    least, most = math.fsum(lo), math.fsum(hi)
    if least > total:
        msg = f"the bounds are infeasible: the minimum spends ('min_spend') add up to {least!r}, above {budget} {total!r}"
        raise InvalidInputError(msg)
    if most < total:
        msg = f"the bounds are infeasible: the maximum spends ('max_spend') add up to {most!r}, below {budget} {total!r}"
        raise InvalidInputError(msg)


def _settle_spend(x: FloatArray, total: float, lo: FloatArray, hi: FloatArray) -> FloatArray:
    """Move the float rounding gap of the sum onto the channels best placed to take it."""
    room = hi - x if math.fsum([total, *(-x)]) > 0 else x - lo
    # Channels strictly between their bounds when there are any, so that no bound's status changes,
    # the largest spend first (the smallest relative change); else the channels with the most room.
    inside = (x > lo) & (x < hi)
    candidates, order = (np.flatnonzero(inside), -x) if inside.any() else (np.flatnonzero(room > 0), -room)
    pivots = [int(i) for i in candidates[np.argsort(order[candidates], kind="stable")][:_PIVOTS]]
    return np.array(_settle(x.tolist(), total, pivots, lo.tolist(), hi.tolist()), dtype=np.float64)


def _midpoint(low: float, high: float) -> float:
    """Bisect geometrically across orders of magnitude, arithmetically within one."""
    if low == 0.0:
        return high * 2.0**-20
    if high > 4.0 * low:
        return math.sqrt(low) * math.sqrt(high)
    return low + (high - low) / 2.0


def _solve_concave(
    ch: _Channels, total: float, lo: FloatArray, hi: FloatArray
) -> tuple[FloatArray, float | None]:
    """The exact KKT allocation for concave curves: bisection on the common marginal ROAS λ.

    Every channel spends clip(inverse_marginal(λ), lo, hi); the spend falls as λ rises, and the λ at
    which it adds up to ``total`` is found by bisection down to adjacent floats. The last step
    interpolates between the two bracketing allocations, which also splits a budget exactly between
    linear channels of equal ROAS.
    """
    floor = math.fsum(lo)
    if total <= floor:
        return lo.copy(), None
    # No channel can take more than the others leave; a few units in the last place more, so that the
    # float sum of the caps cannot round below the total.
    cap = np.minimum(hi, lo + (total - floor) + 4 * ch.size * math.ulp(total))

    def spend(marginal_roas: float) -> tuple[FloatArray, float]:
        x = np.clip(ch.inverse(marginal_roas), lo, cap)
        return x, float(x.sum())

    at_floor = ch.marginal(lo)
    finite = at_floor[np.isfinite(at_floor)]
    high = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    x_high, s_high = spend(high)
    while s_high >= total and high < math.inf:
        high *= 2.0
        x_high, s_high = spend(high)
    # At λ = 0 every inverse marginal is infinite: every channel at its cap, which add up to the total
    # (if user caps add up to exactly the total, their float sum may fall short; theta <= 1 takes them).
    low = 0.0
    x_low, s_low = spend(low)
    while True:
        middle = _midpoint(low, high)
        if not low < middle < high:
            break
        x_mid, s_mid = spend(middle)
        if s_mid >= total:
            low, x_low, s_low = middle, x_mid, s_mid
        else:
            high, x_high, s_high = middle, x_mid, s_mid
    theta = min((total - s_high) / (s_low - s_high), 1.0)  # s_low >= total > s_high, up to rounding
    x = np.clip(x_high + theta * (x_low - x_high), lo, cap)
    return _settle_spend(x, total, lo, np.minimum(hi, total)), low + (high - low) / 2.0


def _grid_steps(channels: int) -> int:
    return min(_LARGE_GRID, max(_SMALL_GRID, math.isqrt(_GRID_CELLS // channels)))


def _solve_grid(
    ch: _Channels, total: float, lo: FloatArray, hi: FloatArray
) -> tuple[FloatArray, float | None]:
    """The fallback for S-shaped curves: dynamic programming on a grid, then KKT refinement.

    The budget above the minimums is cut into equal steps (1,000 for up to 20 channels, fewer for more,
    never under 100). Dynamic programming over channels finds the best whole number of steps for every
    channel: the global optimum on the grid, whatever the curves' shapes. Then each channel the grid
    funds is held past its marginal peak, where its curve is concave, and the exact KKT bisection
    re-spends the budget; the refinement is kept when it responds at least as much.
    """
    floor = math.fsum(lo)
    if total <= floor:
        return lo.copy(), None
    budget = total - floor
    cap = np.minimum(hi, lo + budget)
    steps = _grid_steps(ch.size)
    step = budget / steps
    k = np.arange(steps + 1)
    reach = np.minimum(np.floor((cap - lo) / step * (1.0 + 1e-12)), steps).astype(np.intp)
    values = ch.response(np.minimum(lo[:, None] + step * k[None, :], cap[:, None]))
    values[k[None, :] > reach[:, None]] = -np.inf
    lag = k[:, None] - k[None, :]  # lag[j, i] = steps left for the earlier channels when this one takes i
    allowed = lag >= 0
    lag = np.where(allowed, lag, 0)
    best = values[0].copy()
    choice = np.zeros((ch.size, steps + 1), dtype=np.intp)
    choice[0] = k
    for i in range(1, ch.size):
        totals = np.where(allowed, best[lag] + values[i][None, :], -np.inf)
        choice[i] = totals.argmax(axis=1)
        best = totals[k, choice[i]]
    used = int(np.flatnonzero(np.isfinite(best)).max())
    counts = np.empty(ch.size, dtype=np.intp)
    for i in range(ch.size - 1, -1, -1):
        counts[i] = choice[i, used]
        used -= int(counts[i])
    x = np.minimum(lo + counts * step, cap)
    left = total - math.fsum(x)
    if left > 0:  # bounds that are not whole steps: spread what the grid could not place over the room
        room = cap - x
        x = x + room * (left / math.fsum(room))
    x = _settle_spend(x, total, lo, np.minimum(hi, total))
    funded = x - lo > step / 2.0
    low = np.where(funded, np.maximum(lo, ch.peak()), lo)
    high = np.where(funded, cap, lo)
    candidates: list[tuple[FloatArray, float | None]] = []
    if math.fsum(low) <= total:
        candidates.append(_solve_concave(ch, total, low, high))
    candidates.append((x, None))
    return max(candidates, key=lambda candidate: math.fsum(ch.response(candidate[0])))


def _solve(
    ch: _Channels, total: float, lo: FloatArray, hi: FloatArray
) -> tuple[FloatArray, float | None, Method]:
    """The allocation, its λ (``None`` when no channel is strictly between its bounds) and the method."""
    method: Method = "grid" if ch.s_shaped else "kkt"
    spend, marginal_roas = (_solve_grid if ch.s_shaped else _solve_concave)(ch, total, lo, hi)
    return spend, marginal_roas if ((spend > lo) & (spend < hi)).any() else None, method


def _warn_s_shaped(names: Sequence[str]) -> None:
    if names:
        warn(
            f"the response curves of {', '.join(map(repr, names))} are S-shaped (HillCurve with slope > 1), "
            "not concave: the allocation is the best on a grid of spend steps, refined by the KKT conditions; "
            "the optimum may be local",
            RuntimeWarning,
        )


# --- the result ---------------------------------------------------------------------------------------


def _stages(value: Any) -> Any:
    """Converter: stage names parsed into `Stage` members (what does not parse is left to the validator)."""
    value = to_tuple(value)
    if not isinstance(value, tuple):
        return value

    def parse(stage: object) -> object:
        try:
            return Stage.parse(cast("Stage | str", stage))
        except InvalidInputError:
            return stage

    return tuple(parse(stage) for stage in cast("tuple[object, ...]", value))


_ARRAY_EQ = attrs.cmp_using(eq=np.array_equal)
"""Equality of array fields (and of ``None``): same shape, same values."""
_STAGE = instance(Stage, "a funnel Stage or the name of one, such as 'awareness'")
_ROWS_SHOWN = 20


@attrs.frozen(kw_only=True)
class Allocation:
    """Spend per channel, what it brings, and why it is optimal.

    At the optimum of a concave problem every channel strictly between its bounds has the same marginal
    ROAS (``budget_marginal_roas``, the return of one more unit of budget); a channel at its lower bound
    has a lower one, a channel at its upper bound a higher one. Arrays follow the order of ``channels``
    and are read-only.

    Attributes:
        channels: Channel names, in the order of the curves given.
        spend: Spend per channel and period.
        response: Expected response per channel at that spend.
        marginal_roas: Marginal ROAS per channel at that spend (the curve's derivative).
        at_lower: Whether each channel is held at its minimum spend (``min_spend``, 0 by default).
        at_upper: Whether each channel is held at its ``max_spend``.
        budget_marginal_roas: The common marginal ROAS λ of the channels between their bounds; ``None``
            when no channel is strictly between its bounds, and for `allocate_by_stage` (one λ per stage).
        method: ``"kkt"`` (exact, concave curves), ``"grid"`` (the S-curve fallback) or ``"target"``
            (`allocate_to_target`).
        current_spend: The spend it is compared with (``current=``), or ``None``.
        current_response: The response to ``current_spend``, or ``None``.
        stages: The funnel [`Stage`][socialroi.funnel.Stage] of each channel (`allocate_by_stage`), or
            ``None``. The constructor also takes stage names, as `Stage.parse` does.
        unconstrained_response: The total response of the best allocation without the stage split
            (`allocate_by_stage`), or ``None``.

    Examples:
        >>> curves = {"meta": HillCurve(beta=9_000, half_saturation=3_000), "x": HillCurve(beta=1_000, half_saturation=1_000)}
        >>> plan = allocate(3_000, curves, min_spend={"x": 500}, current={"meta": 1_500, "x": 1_500})
        >>> plan.spend_by_channel(), plan.at_lower.tolist()
        ({'meta': 2500.0, 'x': 500.0}, [False, True])
        >>> round(plan.improvement, 2)
        824.24
    """

    channels: tuple[str, ...] = attrs.field(converter=to_tuple, validator=[each(text()), distinct()])
    spend: FloatArray = attrs.field(converter=array, validator=floats(NON_NEGATIVE), eq=_ARRAY_EQ, hash=False)
    response: FloatArray = attrs.field(
        converter=array, validator=floats(_UNBOUNDED), eq=_ARRAY_EQ, hash=False
    )
    marginal_roas: FloatArray = attrs.field(
        converter=array, validator=floats(_UNBOUNDED), eq=_ARRAY_EQ, hash=False
    )
    at_lower: NDArray[np.bool_] = attrs.field(converter=array, validator=flags(), eq=_ARRAY_EQ, hash=False)
    at_upper: NDArray[np.bool_] = attrs.field(converter=array, validator=flags(), eq=_ARRAY_EQ, hash=False)
    budget_marginal_roas: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(_UNBOUNDED))
    )
    method: Method = attrs.field(default="kkt", validator=choice(("kkt", "grid", "target")))
    current_spend: FloatArray | None = attrs.field(
        default=None, converter=array, validator=optional(floats(NON_NEGATIVE)), eq=_ARRAY_EQ, hash=False
    )
    current_response: FloatArray | None = attrs.field(
        default=None, converter=array, validator=optional(floats(_UNBOUNDED)), eq=_ARRAY_EQ, hash=False
    )
    stages: tuple[Stage, ...] | None = attrs.field(
        default=None, converter=_stages, validator=optional(each(_STAGE))
    )
    unconstrained_response: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(_UNBOUNDED))
    )

    def __attrs_post_init__(self) -> None:
        size = len(self.channels)
        for name in (
            "spend",
            "response",
            "marginal_roas",
            "at_lower",
            "at_upper",
            "current_spend",
            "current_response",
            "stages",
        ):
            value = getattr(self, name)
            if value is not None and (np.ndim(value) != 1 or len(value) != size):
                got = len(value) if np.ndim(value) == 1 else describe(value)
                msg = f"{name!r} must be one value per channel ({size}) (got {got})"
                raise InvalidInputError(msg)
        if (self.current_spend is None) != (self.current_response is None):
            msg = "'current_spend' and 'current_response' must be given together"
            raise InvalidInputError(msg)

    @property
    def total(self) -> float:
        """The total spend (the budget, for `allocate` and `allocate_by_stage`)."""
        return math.fsum(self.spend)

    @property
    def total_response(self) -> float:
        """The total expected response."""
        return math.fsum(self.response)

    @property
    def improvement(self) -> float | None:
        """Total response minus the response at ``current_spend``; ``None`` without ``current=``."""
        if self.current_response is None:
            return None
        return self.total_response - math.fsum(self.current_response)

    @property
    def split_cost(self) -> float | None:
        """Response lost to the stage split: the unconstrained optimum minus this total (>= 0)."""
        if self.unconstrained_response is None:
            return None
        return self.unconstrained_response - self.total_response

    def spend_by_channel(self) -> dict[str, float]:
        """Channel → spend, as plain floats.

        Examples:
            >>> allocate(100, {"a": PowerCurve(scale=1, exponent=1)}).spend_by_channel()
            {'a': 100.0}
        """
        return dict(zip(self.channels, self.spend.tolist(), strict=True))

    def spend_by_stage(self) -> dict[Stage, float]:
        """`Stage` → total spend of its channels, in funnel order (the stage split, for `allocate_by_stage`).

        Raises:
            MissingDataError: The allocation has no ``stages`` (it is not from `allocate_by_stage`).

        Examples:
            >>> curves = {"prospecting": {"a": PowerCurve(scale=1, exponent=1)}, "conversion": {"b": PowerCurve(scale=2, exponent=1)}}
            >>> allocate_by_stage(100, curves, {"conversion": 0.25, "prospecting": 0.75}).spend_by_stage()
            {<Stage.AWARENESS: 1>: 75.0, <Stage.CONVERSION: 3>: 25.0}
        """
        if self.stages is None:
            msg = "'stages' of the allocation must be known to sum spend by stage; use allocate_by_stage"
            raise MissingDataError(msg)
        spend = self.spend.tolist()
        return {
            stage: math.fsum(x for x, of in zip(spend, self.stages, strict=True) if of is stage)
            for stage in sorted(set(self.stages))
        }

    def _bound(self, i: int) -> str | None:
        lower, upper = bool(self.at_lower[i]), bool(self.at_upper[i])
        if lower and upper:
            return "fixed"
        return "lower" if lower else ("upper" if upper else None)

    def to_dict(self) -> dict[str, Any]:
        """The allocation as plain Python values: strict JSON (``None`` where not applicable, and for infinities).

        An infinite value is the marginal ROAS at zero spend of a curve that is vertical there.

        Examples:
            >>> plan = allocate(100, {"a": PowerCurve(scale=2, exponent=1)})
            >>> plan.to_dict()["channels"]
            {'a': {'spend': 100.0, 'response': 200.0, 'marginal_roas': 2.0, 'bound': None}}
        """
        channels: dict[str, dict[str, Any]] = {}
        for i, name in enumerate(self.channels):
            row: dict[str, Any] = {}
            if self.stages is not None:
                row["stage"] = self.stages[i].key
            row |= {
                "spend": float(self.spend[i]),
                "response": float(self.response[i]),
                "marginal_roas": float(self.marginal_roas[i]),
                "bound": self._bound(i),
            }
            if self.current_spend is not None and self.current_response is not None:
                row |= {
                    "current_spend": float(self.current_spend[i]),
                    "current_response": float(self.current_response[i]),
                }
            channels[name] = row
        data = {
            "method": self.method,
            "total": self.total,
            "total_response": self.total_response,
            "budget_marginal_roas": self.budget_marginal_roas,
            "improvement": self.improvement,
            "unconstrained_response": self.unconstrained_response,
            "split_cost": self.split_cost,
            "channels": channels,
        }
        return cast("dict[str, Any]", plain(data))

    def _summary(self) -> list[str]:
        plural = "s" if len(self.channels) != 1 else ""
        lines = [
            (
                f"{shown(self.total)} over {len(self.channels)} channel{plural} ({self.method}): "
                f"response {shown(self.total_response)}"
            ),
        ]
        if self.budget_marginal_roas is not None:
            lines.append(f"marginal ROAS of the budget {shown(self.budget_marginal_roas)}")
        if self.improvement is not None:
            lines.append(f"{shown(self.improvement, signed=True)} against the current spend")
        if self.split_cost is not None and self.unconstrained_response is not None:
            lines.append(
                f"the stage split costs {shown(self.split_cost)} of the unconstrained {shown(self.unconstrained_response)}"
            )
        return lines

    def _table(self, limit: int) -> tuple[list[str], list[list[str]]]:
        headers = [
            "channel",
            *(["stage"] if self.stages is not None else []),
            "spend",
            "share",
            "response",
            "mROAS",
            "bound",
        ]
        total = self.total
        rows: list[list[str]] = []
        for i, name in enumerate(self.channels[:limit]):
            share = float(self.spend[i]) / total if total > 0 else 0.0
            rows.append(
                [
                    name,
                    *([self.stages[i].key] if self.stages is not None else []),
                    shown(float(self.spend[i])),
                    percent(share),
                    shown(float(self.response[i])),
                    shown(float(self.marginal_roas[i])),
                    self._bound(i) or "",
                ]
            )
        return headers, rows

    def _labels(self, headers: Sequence[str]) -> set[int]:
        return {i for i, h in enumerate(headers) if h in {"channel", "stage", "bound"}}

    def __repr__(self) -> str:
        headers, rows = self._table(_ROWS_SHOWN)
        lines = ["Allocation: " + "; ".join(self._summary())]
        lines += text_table(headers, rows, indent="  ", left=self._labels(headers), rule=False)
        hidden = len(self.channels) - len(rows)
        if hidden:
            lines.append(f"  ... and {hidden} more channels")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        headers, rows = self._table(_ROWS_SHOWN * 5)
        table = html_table("", headers, rows, left=self._labels(headers))
        hidden = len(self.channels) - len(rows)
        more = f"<p>... and {hidden} more channels</p>" if hidden else ""
        summary = "<br>".join(html.escape(line) for line in self._summary())
        return f"<div><p><strong>Allocation</strong>: {summary}</p>{table}{more}</div>"


def _allocation(
    ch: _Channels,
    spend: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    *,
    marginal_roas: float | None,
    method: Method,
    current: FloatArray | None,
    stages: Sequence[Stage] | None = None,
    unconstrained_response: float | None = None,
) -> Allocation:
    broken = np.flatnonzero(~np.isfinite(spend))
    if broken.size:  # the curves are validated so that this cannot happen; never return it silently
        i = int(broken[0])
        msg = (
            f"'curves' must give a finite allocation (got spend {float(spend[i])!r} for {ch.names[i]!r}, "
            f"curve {ch.curves[i]!r}); please report this with the curves"
        )
        raise SocialROIError(msg)
    return Allocation(
        channels=tuple(ch.names),
        spend=spend,
        response=ch.response(spend),
        marginal_roas=ch.marginal(spend),
        at_lower=spend <= lo,
        at_upper=spend >= hi,
        budget_marginal_roas=marginal_roas,
        method=method,
        current_spend=current,
        current_response=None if current is None else ch.response(current),
        stages=stages,
        unconstrained_response=unconstrained_response,
    )


# --- the allocators -----------------------------------------------------------------------------------

Bounds: TypeAlias = Mapping[str, float] | float | None
"""Per-channel amounts: a mapping of channel to amount (channels left out take the default), or one
number for every channel."""


def allocate(
    total: float,
    curves: Mapping[str, ResponseCurve],
    *,
    min_spend: Bounds = None,
    max_spend: Bounds = None,
    current: Mapping[str, float] | None = None,
) -> Allocation:
    """Spend ``total`` across channels so that the total response is largest.

    Maximizes Σ response_i(x_i) subject to Σ x_i = total and min_i <= x_i <= max_i. For concave curves
    the KKT conditions characterize the optimum: there is a λ such that every channel spends
    x_i = clip(inverse_marginal_i(λ), min_i, max_i). The spend falls as λ rises, so λ is found by
    bisection to adjacent floats with the closed-form inverses, vectorized over channels: the result is
    exact to float precision, and the parts add up to ``total`` exactly (``math.fsum``).

    S-shaped curves (`HillCurve` with slope > 1) are not concave and the KKT conditions no longer
    suffice. Then the budget above the minimums is cut into steps (1,000 for up to 20 channels, down to
    100 for many channels), dynamic programming finds the best whole number of steps per channel (the
    global optimum on that grid), and the KKT bisection refines it with every funded channel held past
    its marginal peak. A `RuntimeWarning` says that this optimum may be local.

    Args:
        total: The budget per period, >= 0.
        curves: Channel → response curve (spend per period → response per period).
        min_spend: Minimum spend per channel (default 0): a mapping, or one number for all.
        max_spend: Maximum spend per channel (default none): a mapping, or one number for all.
        current: Channel → the spend today, for ``improvement``; every channel must be given.

    Returns:
        The [`Allocation`][socialroi.budget.Allocation].

    Raises:
        InvalidInputError: ``total`` or an amount is negative or not finite; ``curves`` is empty or
            holds something that is not a curve; a bound or ``current`` names an unknown channel;
            ``current`` misses a channel; a minimum exceeds its maximum; the minimums add up to more
            than ``total`` or the maximums to less (the message gives both numbers).

    Examples:
        Two Michaelis-Menten channels, solvable by hand: the marginals 4 / (1 + x/2,000)² and
        4 / (1 + y/500)² are equal where x = 4y, so 5,000 splits 4,000 / 1,000 at λ = 4/9.

        >>> curves = {"meta": HillCurve(beta=8_000, half_saturation=2_000), "tiktok": HillCurve(beta=2_000, half_saturation=500)}
        >>> plan = allocate(5_000, curves)
        >>> plan.spend_by_channel(), round(plan.budget_marginal_roas, 6)
        ({'meta': 4000.0, 'tiktok': 1000.0}, 0.444444)

        A cap on meta binds: its marginal there is above λ, the one channel left free sets λ.

        >>> capped = allocate(5_000, curves, max_spend={"meta": 3_000})
        >>> capped.spend_by_channel(), capped.at_upper.tolist(), round(capped.budget_marginal_roas, 4)
        ({'meta': 3000.0, 'tiktok': 2000.0}, [True, False], 0.16)
    """
    budget = number(NON_NEGATIVE).check(total, "total")
    ch = _channels(curves)
    lo = _per_channel(min_spend, ch.names, "min_spend", 0.0)
    hi = _per_channel(max_spend, ch.names, "max_spend", np.inf, _UNBOUNDED)
    now = _current(current, ch.names)
    _check_order(lo, hi, ch.names)
    _check_feasible(budget, lo, hi, "'total'")
    _warn_s_shaped(ch.s_shaped)
    spend, marginal_roas, method = _solve(ch, budget, lo, hi)
    return _allocation(ch, spend, lo, hi, marginal_roas=marginal_roas, method=method, current=now)


def allocate_to_target(
    curves: Mapping[str, ResponseCurve],
    target_marginal_roas: float | None = None,
    *,
    margin: float | None = None,
    min_spend: Bounds = None,
    max_spend: Bounds = None,
    current: Mapping[str, float] | None = None,
) -> Allocation:
    """Flexible budget: spend on each channel until its marginal ROAS falls to a target.

    Each channel maximizes response_i(x) - target · x on [min_i, max_i] on its own, so the result is
    exact for every curve shape: for concave curves x_i = clip(inverse_marginal_i(target), min_i,
    max_i); for an S-curve the best of that point and the two bounds. The total spend is whatever this
    costs.

    With revenue curves and a contribution margin m, profit is m · revenue - spend, and it is largest at
    the target 1/m, the break-even ROAS (see [`break_even_roas`][socialroi.metrics.break_even_roas]):
    pass ``margin=m`` instead of the target.

    Args:
        curves: Channel → response curve.
        target_marginal_roas: The marginal ROAS to spend down to, > 0.
        margin: Contribution margin between 0 and 1, instead of ``target_marginal_roas``.
        min_spend: Minimum spend per channel (default 0).
        max_spend: Maximum spend per channel (default none).
        current: Channel → the spend today, for ``improvement``.

    Returns:
        The [`Allocation`][socialroi.budget.Allocation], with ``budget_marginal_roas`` the target.

    Raises:
        InvalidInputError: not exactly one of ``target_marginal_roas`` and ``margin``; a target that is
            not positive; a channel whose marginal ROAS never falls to the target (a linear curve whose
            ROAS is at least the target) without ``max_spend``; and the errors of `allocate`.
        UndefinedMetricError: ``margin`` is 0 (the break-even ROAS is infinite).

    Examples:
        >>> curves = {"meta": ExponentialCurve(beta=10_000, scale=5_000), "tiktok": ExponentialCurve(beta=3_000, scale=1_000)}
        >>> plan = allocate_to_target(curves, margin=0.5)
        >>> {name: round(x, 2) for name, x in plan.spend_by_channel().items()}, plan.budget_marginal_roas
        ({'meta': 0.0, 'tiktok': 405.47}, 2.0)
    """
    if (target_marginal_roas is None) == (margin is None):
        msg = f"pass exactly one of 'target_marginal_roas' and 'margin' (got {target_marginal_roas!r} and {margin!r})"
        raise InvalidInputError(msg)
    if margin is not None:
        target = metrics.break_even_roas(number(FRACTION).check(margin, "margin"), zero_division="raise")
    else:
        target = number(POSITIVE).check(target_marginal_roas, "target_marginal_roas")
    ch = _channels(curves)
    lo = _per_channel(min_spend, ch.names, "min_spend", 0.0)
    hi = _per_channel(max_spend, ch.names, "max_spend", np.inf, _UNBOUNDED)
    now = _current(current, ch.names)
    _check_order(lo, hi, ch.names)
    reach = ch.inverse(target)
    endless = np.flatnonzero(np.isinf(reach) & np.isinf(hi))
    if endless.size:
        name = ch.names[int(endless[0])]
        msg = f"the marginal ROAS of {name!r} never falls to the target {target!r}; give it a 'max_spend'"
        raise InvalidInputError(msg)
    options = np.stack([np.clip(reach, lo, hi), lo, np.where(np.isinf(hi), lo, hi)], axis=1)
    profit = ch.response(options) - target * options
    spend = options[np.arange(ch.size), profit.argmax(axis=1)]
    return _allocation(ch, spend, lo, hi, marginal_roas=target, method="target", current=now)


def allocate_by_stage(
    total: float,
    curves_by_stage: ByStage[Mapping[str, ResponseCurve]],
    shares: ByStage[float] = DEFAULT_STAGE_SHARES,
    *,
    normalize: bool = False,
    min_spend: Bounds = None,
    max_spend: Bounds = None,
    current: Mapping[str, float] | None = None,
) -> Allocation:
    """Split the budget by funnel stage, then allocate each stage's part across its channels.

    The stage split ([`split_budget`][socialroi.budget.split_budget]) is a constraint the response curves
    may not agree with: the result also carries the best total response without it
    (``unconstrained_response``, one `allocate` over every channel with the same bounds) and the
    response the split costs (``split_cost``). Each stage's channels share one marginal ROAS; different
    stages generally do not, which is where the cost comes from.

    Args:
        total: The budget per period, >= 0.
        curves_by_stage: Stage → (channel → response curve). Stages as in `split_budget` (`Stage`
            members or names such as ``"prospecting"``); channel names must be unique across stages
            (name retargeting and prospecting campaigns apart).
        shares: Stage → share of the budget (default `DEFAULT_STAGE_SHARES`). A stage with a positive
            share needs channels; a stage with channels needs a share (0 is allowed).
        normalize: Scale shares that do not sum to 1 instead of raising (see `split_budget`).
        min_spend: Minimum spend per channel (default 0).
        max_spend: Maximum spend per channel (default none).
        current: Channel → the spend today, for ``improvement``.

    Returns:
        The [`Allocation`][socialroi.budget.Allocation] of every channel, stage by stage in funnel order
        (the channels of a stage in the order given), with ``stages`` (`Stage` members) and
        ``unconstrained_response`` set and ``budget_marginal_roas`` ``None``; ``spend_by_stage()`` gives
        the split.

    Raises:
        InvalidInputError: the errors of `split_budget` and `allocate`; an unknown stage or one named
            twice in ``curves_by_stage``; a stage with budget but no channels, or with channels but no
            share; a channel in two stages; bounds infeasible within a stage (the message names the
            stage and its budget).

    Examples:
        >>> curves = {
        ...     Stage.CONVERSION: {"meta_retarget": ExponentialCurve(beta=12_000, scale=2_000)},
        ...     "prospecting": {"meta_reach": ExponentialCurve(beta=20_000, scale=8_000)},
        ...     "consideration": {"youtube": ExponentialCurve(beta=4_000, scale=2_000)},
        ... }
        >>> plan = allocate_by_stage(10_000, curves)
        >>> plan.spend_by_channel()
        {'meta_reach': 7000.0, 'youtube': 1000.0, 'meta_retarget': 2000.0}
        >>> plan.stages
        (<Stage.AWARENESS: 1>, <Stage.CONSIDERATION: 2>, <Stage.CONVERSION: 3>)
        >>> round(plan.split_cost, 2) > 0
        True
    """
    budget = number(NON_NEGATIVE).check(total, "total")
    parts = split_budget(budget, shares, normalize=flag().check(normalize, "normalize"))
    stage_keys = _stage_keys(curves_by_stage, "curves_by_stage")
    unfunded = [stage.key for stage in stage_keys if stage not in parts]
    if unfunded:
        msg = f"'shares' must give a share to every stage of 'curves_by_stage' (missing {', '.join(map(repr, unfunded))})"
        raise InvalidInputError(msg)
    empty = [stage.key for stage, part in parts.items() if stage not in stage_keys and part > 0]
    if empty:
        msg = f"'curves_by_stage' must give channels to every stage with a share of the budget (missing {', '.join(map(repr, empty))})"
        raise InvalidInputError(msg)
    given = cast("Mapping[object, object]", curves_by_stage)
    names: list[str] = []
    curves: list[ResponseCurve] = []
    stages: list[Stage] = []
    members: dict[Stage, list[int]] = {}
    for stage, key in stage_keys.items():
        group = _channels(given[key], f"curves_by_stage[{stage.key}]")
        for name, curve in zip(group.names, group.curves, strict=True):
            if name in names:
                msg = (
                    f"channel {name!r} must be in one stage only (got {stages[names.index(name)].key!r} and "
                    f"{stage.key!r}); name each stage's campaign apart, such as {name + '_' + stage.key!r}"
                )
                raise InvalidInputError(msg)
            members.setdefault(stage, []).append(len(names))
            names.append(name)
            curves.append(curve)
            stages.append(stage)
    ch = _Channels(names, curves)
    lo = _per_channel(min_spend, names, "min_spend", 0.0)
    hi = _per_channel(max_spend, names, "max_spend", np.inf, _UNBOUNDED)
    now = _current(current, names)
    _check_order(lo, hi, names)
    spend = np.empty(ch.size)
    for stage, index in members.items():
        part = parts[stage]
        _check_feasible(part, lo[index], hi[index], f"the {stage.key!r} stage's budget")
        spend[index] = _solve(ch.subset(index), part, lo[index], hi[index])[0]
    _check_feasible(budget, lo, hi, "'total'")
    _warn_s_shaped(ch.s_shaped)
    best = _solve(ch, budget, lo, hi)[0]
    return _allocation(
        ch,
        spend,
        lo,
        hi,
        marginal_roas=None,
        method="grid" if ch.s_shaped else "kkt",
        current=now,
        stages=stages,
        unconstrained_response=math.fsum(ch.response(best)),
    )
