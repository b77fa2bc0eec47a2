r"""The money value of a like, a follow, a click or a lead, with honest uncertainty.

Marketers value engagement from recent data: the new customers a platform brought per like (or follow)
in the same periods, times what a customer is worth. Done naively that overstates value, counts the
same customers several times and hides uncertainty. This module does it properly:

- [`value_per_action`][socialroi.valuation.value_per_action] values one action type with a conjugate
  Bayesian model: **Gamma-Poisson** by default (customers are not a subset of the people who acted and
  the ratio may exceed 1), **Beta-Binomial** with ``person_level=True`` (customers are a subset of the
  actors). A weak default prior centred on the pooled ratio, exact credible intervals (or seeded Monte
  Carlo), recency weighting (``half_life``), a ``lag`` between acting and buying, and a ``baseline`` for
  incremental (causal) values.
- [`value_actions`][socialroi.valuation.value_actions] values several action types at once. Separate
  ratios (``method="ratio"``) each claim *all* the customers, so their values must never be added; the
  joint fit (``method="joint"``, the default) shares the customers out by non-negative least squares so
  that the values add up, conserves value (the actions never claim more customers than there were) and
  reports action series whose separate rates the data cannot tell apart instead of inventing a split.
- [`engagement_value`][socialroi.valuation.engagement_value] turns values and counts into a total with
  an interval, refusing values that would double count.
- [`customer_value`][socialroi.valuation.customer_value] and
  [`lead_value`][socialroi.valuation.lead_value] give what a customer and a lead are worth; see also
  [`ltv`][socialroi.metrics.ltv], [`cac`][socialroi.metrics.cac],
  [`ltv_to_cac`][socialroi.metrics.ltv_to_cac] and [`payback_period`][socialroi.metrics.payback_period].

Liking or following is *associated* with buying; without a baseline (a comparable group that did not
act, or a holdout) nothing here shows that it *causes* buying, and every result says so (``causal``).

Examples:
    >>> from socialroi import Money
    >>> from socialroi.valuation import value_per_action
    >>> likes = [12_000, 15_000, 11_000, 14_000]
    >>> customers = [30, 41, 25, 36]
    >>> like = value_per_action(likes, customers, Money(amount=120, currency="USD"))
    >>> round(like.value, 4), like.currency, like.causal
    (0.3046, 'USD', False)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast, overload

import attrs
import numpy as np

from socialroi import _check, _special
from socialroi._arrays import (
    FRACTION,
    NON_NEGATIVE,
    POSITIVE,
    FloatArray,
    Rule,
    as_array,
    broadcast,
    check_at_most,
    did_you_mean,
    divide,
    finish,
    generator,
    operand,
)
from socialroi._check import (
    array,
    choice,
    each,
    flag,
    floats,
    instance,
    integer,
    number,
    optional,
    ordered,
    pair,
    real,
    reals,
    text,
    to_tuple,
    whole,
)
from socialroi._display import html_fields, html_table, level, money, plain
from socialroi.exceptions import InvalidInputError, MissingDataError
from socialroi.records import Money

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "ActionValue",
    "ActionValues",
    "EngagementValue",
    "customer_value",
    "engagement_value",
    "lead_value",
    "value_actions",
    "value_per_action",
]

Model: TypeAlias = Literal["gamma-poisson", "beta-binomial", "joint"]
Method: TypeAlias = Literal["single", "ratio", "joint"]
IntervalMethod: TypeAlias = Literal["exact", "monte-carlo", "normal"]
Seed: TypeAlias = int | np.random.Generator
Baseline: TypeAlias = float | tuple[float, float]

DEFAULT_DRAWS = 10_000
"""Monte Carlo draws when a baseline with its own counts makes sampling necessary."""
DEFAULT_TOLERANCE = 1e-2
"""Smallest singular value of the normalised design, relative to the largest, below which action series
count as moving together (their separate rates are not identified)."""
ORGANIC = "(organic)"
"""The name of the organic column of the joint fit (customers who come without any of the actions)."""
_MEMBER = 0.1  # loading on a near-null direction from which an action belongs to a collinear group


# --- records ------------------------------------------------------------------------------------------


LEVEL = Rule(5e-324, 1.0 - 2.0**-52, "strictly between 0 and 1 (at most 1 - 2**-52)")
"""The probability mass of an interval: an open fraction whose upper tail, (1 + level) / 2, is a float below 1."""
_LEVEL = number(LEVEL)
_BOUND = number(allow_nan=True)
_INTERVAL = [pair(_BOUND, _BOUND), ordered("a pair (low, high)")]
"""An interval: NaN bounds are unknown ones (an action whose rate is not identified)."""
_COUNT = number(POSITIVE)
_COUNTS = pair(_COUNT, _COUNT)
_MODELS = choice(("gamma-poisson", "beta-binomial", "joint"))
_CUSTOMER_VALUE = number(NON_NEGATIVE)


def _no_sum(value: object, other: object) -> Any:
    del other
    if getattr(value, "method", "joint") == "joint":
        msg = (
            "ActionValue is a value per action and does not add; multiply by counts with "
            "engagement_value(values, counts) to get a total"
        )
    else:
        msg = (
            "values from separate ratios each claim all the customers, so adding them counts the same "
            "customers several times; use value_actions(..., method='joint') for values that add up"
        )
    raise InvalidInputError(msg)


@attrs.frozen(kw_only=True, repr=False)
class ActionValue:
    r"""The money value of one action (a like, a follow, a click), with its uncertainty.

    ``value`` is the posterior mean of customers per action times the value of a customer (or, with a
    baseline, the *incremental* customers per action: \((r - r_0) \cdot V\)). Values do not add up with
    ``+`` (each is per action); use [`engagement_value`][socialroi.valuation.engagement_value].

    Attributes:
        name: The action's name, when known.
        value: Value per action in currency units: customers per action x customer value.
        interval: Credible interval of ``value`` at ``level`` (equal-tailed).
        level: Probability mass of ``interval``.
        customers_per_action: Posterior mean of the rate \(r\) (minus the baseline \(r_0\) when given).
        raw_ratio: The naive ratio, total customers / total actions over the periods used (no prior, no
            weighting).
        customer_value: Value of one customer in currency units.
        currency: Currency of ``value`` when the customer value was ``Money``.
        customers: Customers credited to the action over the periods used
            (``customers_per_action`` x actions).
        actions: Total actions over the periods used.
        effective_sample_size: Kish's effective number of actions, \((\sum w n)^2 / \sum w^2 n\):
            the total actions without ``half_life``, fewer with it.
        periods: Number of periods used (after ``lag`` and dropping periods with missing data).
        causal: ``True`` only with a baseline: the value is then incremental. Otherwise acting is
            associated with buying, not shown to cause it.
        model: ``"gamma-poisson"``, ``"beta-binomial"`` or ``"joint"`` (non-negative least squares).
        method: ``"single"`` (from `value_per_action`), ``"ratio"`` or ``"joint"`` (from
            `value_actions`).
        prior: Prior pseudo-counts: Gamma (shape, rate) = (customers, actions); Beta (alpha, beta) =
            (customers, non-customers). ``None`` for the joint fit.
        prior_capped: ``True`` when the default prior's strength hit its cap (fewer than one weighted
            customer or non-customer in the data).
        posterior: Posterior parameters in the same form as ``prior``.
        baseline_rate: Posterior mean of the baseline rate \(r_0\), when a baseline was given.
        interval_method: ``"exact"`` (incomplete gamma or beta inversion), ``"monte-carlo"`` (seeded)
            or ``"normal"`` (the joint fit's approximate interval).
        identified: ``False`` when the data cannot separate this action's rate from others
            (``confounded_with``) or the action never happened; the value is then NaN.
        confounded_with: The actions whose series move together with this one.

    Examples:
        >>> from socialroi.valuation import value_per_action
        >>> follow = value_per_action([400, 500], [20, 30], 100.0)
        >>> follow
        ActionValue(value=5.5556, interval=(4.3408, 6.8940), level=0.9, customers_per_action=0.05556, causal=False, model='gamma-poisson')
        >>> follow.to_dict()["periods"]
        2
    """

    name: str | None = attrs.field(default=None, validator=optional(text()))
    value: float = attrs.field(converter=real, validator=number(allow_nan=True))
    interval: tuple[float, float] = attrs.field(converter=reals, validator=_INTERVAL)
    level: float = attrs.field(converter=real, validator=_LEVEL)
    customers_per_action: float = attrs.field(converter=real, validator=number(allow_nan=True))
    raw_ratio: float = attrs.field(converter=real, validator=number(NON_NEGATIVE, allow_nan=True))
    customer_value: float = attrs.field(converter=real, validator=_CUSTOMER_VALUE)
    currency: str | None = attrs.field(default=None, validator=optional(text()))
    customers: float = attrs.field(converter=real, validator=number(allow_nan=True))
    actions: float = attrs.field(converter=real, validator=number(NON_NEGATIVE))
    effective_sample_size: float = attrs.field(converter=real, validator=number(NON_NEGATIVE))
    periods: int = attrs.field(converter=integer, validator=whole(minimum=1))
    causal: bool = attrs.field(default=False, validator=flag())
    model: Model = attrs.field(default="gamma-poisson", validator=_MODELS)
    method: Method = attrs.field(default="single", validator=choice(("single", "ratio", "joint")))
    prior: tuple[float, float] | None = attrs.field(
        default=None, converter=reals, validator=optional(_COUNTS)
    )
    prior_capped: bool = attrs.field(default=False, validator=flag())
    posterior: tuple[float, float] | None = attrs.field(
        default=None, converter=reals, validator=optional(_COUNTS)
    )
    baseline_rate: float | None = attrs.field(
        default=None, converter=real, validator=optional(number(NON_NEGATIVE))
    )
    interval_method: IntervalMethod = attrs.field(
        default="exact", validator=choice(("exact", "monte-carlo", "normal"))
    )
    identified: bool = attrs.field(default=True, validator=flag())
    confounded_with: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=each(text()))

    @property
    def additive(self) -> bool:
        """Whether values of several actions may be added (only those of the joint fit).

        Examples:
            >>> from socialroi.valuation import value_per_action
            >>> value_per_action([10], [1], 50.0).additive
            False
        """
        return self.method == "joint"

    __add__ = _no_sum
    __radd__ = _no_sum

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values: strict JSON (NaN, such as the value of an unidentified action, as ``None``).

        Examples:
            >>> from socialroi.valuation import value_per_action
            >>> value_per_action([10], [1], 50.0).to_dict()["model"]
            'gamma-poisson'
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))

    def __repr__(self) -> str:
        low, high = self.interval
        name = f"name={self.name!r}, " if self.name is not None else ""
        return (
            f"ActionValue({name}value={self.value:.4f}, interval=({low:.4f}, {high:.4f}), "
            f"level={self.level:g}, customers_per_action={self.customers_per_action:.4g}, "
            f"causal={self.causal}, model={self.model!r})"
        )

    def _repr_html_(self) -> str:
        low, high = self.interval
        rows = [
            ("value per action", money(self.value, self.currency)),
            (
                f"{level(self.level)} interval",
                f"{money(low, self.currency)} to {money(high, self.currency)}",
            ),
            ("customers per action", f"{self.customers_per_action:.4g} (raw ratio {self.raw_ratio:.4g})"),
            ("actions, periods", f"{self.actions:,.0f} over {self.periods}"),
            ("model", f"{self.model} ({self.interval_method} interval)"),
            ("causal", "yes (incremental over the baseline)" if self.causal else "no (association)"),
        ]
        if not self.identified:
            rows.append(
                ("identified", f"no: moves with {', '.join(self.confounded_with) or 'nothing (no actions)'}")
            )
        return html_fields(f"Value of a {self.name or 'action'}", rows)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ActionValues(Mapping[str, ActionValue]):
    """Values of several action types: a read-only mapping name → [`ActionValue`][socialroi.valuation.ActionValue].

    From ``method="ratio"`` the values are **not additive** (``additive`` is ``False``): each ratio
    claims all the customers, and ``claimed_customers`` shows by how much they overcount.
    [`engagement_value`][socialroi.valuation.engagement_value] refuses them, and so does ``sum``.

    Attributes:
        entries: The values, in the order of the actions given.
        method: ``"ratio"`` or ``"joint"``.
        customers: The customers in the periods used.
        customer_value: Value of one customer in currency units.
        currency: Currency of the values, when known.
        level: Probability mass of the intervals.
        periods: Number of periods used.
        covariance: Joint fit only: covariance of the customers-per-action rates, in the order of
            ``entries`` (NaN for actions that are not identified, and everywhere for ``"ratio"``).
        unidentified: Groups of actions whose series move together, so that only their combined effect
            is identified.
        group_customers: Customers credited to each group of ``unidentified``, together.
        organic_customers: Joint fit with ``organic=True``: customers credited to no action (NaN when
            the organic column is itself in an unidentified group); 0 otherwise.

    Examples:
        >>> from socialroi.valuation import value_actions
        >>> values = value_actions({"like": [900, 1200, 800], "follow": [30, 20, 45]}, [14, 12, 16], 100.0)
        >>> sorted(values), values.additive
        (['follow', 'like'], True)
    """

    entries: tuple[ActionValue, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(ActionValue, "an ActionValue"))
    )
    method: Literal["ratio", "joint"] = attrs.field(validator=choice(("ratio", "joint")))
    customers: float = attrs.field(converter=real, validator=number(NON_NEGATIVE))
    customer_value: float = attrs.field(converter=real, validator=_CUSTOMER_VALUE)
    currency: str | None = attrs.field(validator=optional(text()))
    level: float = attrs.field(converter=real, validator=_LEVEL)
    periods: int = attrs.field(converter=integer, validator=whole(minimum=1))
    covariance: FloatArray = attrs.field(converter=array, validator=floats(allow_nan=True))
    unidentified: tuple[tuple[str, ...], ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(each(text()))
    )
    group_customers: tuple[float, ...] = attrs.field(
        default=(), converter=reals, validator=each(number(NON_NEGATIVE))
    )
    organic_customers: float = attrs.field(
        default=0.0, converter=real, validator=number(NON_NEGATIVE, allow_nan=True)
    )

    def __attrs_post_init__(self) -> None:
        size = len(self.entries)
        if self.covariance.shape != (size, size):
            msg = f"'covariance' must be a square matrix of one row per entry ({size}) (got shape {self.covariance.shape})"
            raise InvalidInputError(msg)

    def __getitem__(self, name: str) -> ActionValue:
        for entry in self.entries:
            if entry.name == name:
                return entry
        raise KeyError(_unknown(name, list(self), "action"))

    def __iter__(self) -> Iterator[str]:
        return iter([str(entry.name) for entry in self.entries])

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def additive(self) -> bool:
        """Whether the values may be added (joint fit, or a single action).

        Examples:
            >>> from socialroi.valuation import value_actions
            >>> value_actions({"like": [10, 20], "share": [1, 3]}, [1, 2], 10.0, method="ratio").additive
            False
        """
        return self.method == "joint" or len(self.entries) == 1

    @property
    def claimed_customers(self) -> float:
        """Customers the actions claim together; more than ``customers`` means double counting.

        Examples:
            >>> from socialroi.valuation import value_actions
            >>> ratio = value_actions({"like": [10, 20], "share": [1, 3]}, [1, 2], 10.0, method="ratio")
            >>> ratio.claimed_customers, ratio.customers
            (6.0, 3.0)
        """
        return float(sum(e.customers for e in self.entries if e.identified) + sum(self.group_customers))

    __add__ = _no_sum
    __radd__ = _no_sum

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (JSON-serializable).

        Examples:
            >>> from socialroi.valuation import value_actions
            >>> value_actions({"like": [10, 20]}, [1, 2], 10.0).to_dict()["additive"]
            True
        """
        data = {
            "method": self.method,
            "additive": self.additive,
            "customers": self.customers,
            "claimed_customers": self.claimed_customers,
            "customer_value": self.customer_value,
            "currency": self.currency,
            "level": self.level,
            "periods": self.periods,
            "values": {str(e.name): e.to_dict() for e in self.entries},
            "unidentified": [list(group) for group in self.unidentified],
            "group_customers": list(self.group_customers),
            "organic_customers": self.organic_customers,
        }
        return cast("dict[str, Any]", plain(data))

    def __repr__(self) -> str:
        inner = ", ".join(f"{e.name!r}: {e.value:.4f}" for e in self.entries)
        note = "" if self.additive else ", additive=False"
        groups = f", unidentified={self.unidentified!r}" if self.unidentified else ""
        return f"ActionValues({{{inner}}}, method={self.method!r}{note}{groups})"

    def _repr_html_(self) -> str:
        rows = (
            (
                str(e.name),
                money(e.value, e.currency),
                f"{money(e.interval[0], e.currency)} to {money(e.interval[1], e.currency)}",
                f"{e.customers:,.1f}",
            )
            for e in self.entries
        )
        warning = (
            ""
            if self.additive
            else f"<p>Not additive: the ratios claim {self.claimed_customers:,.1f} of {self.customers:,.1f} customers.</p>"
        )
        header = ("action", "value", f"{level(self.level)} interval", "customers")
        return html_table("Value per action", header, rows) + warning


@attrs.frozen(kw_only=True, repr=False)
class EngagementValue:
    """The total money value of a set of engagement counts, with its interval.

    Attributes:
        value: Total value in currency units.
        interval: Interval of ``value`` at ``level``.
        level: Probability mass of ``interval``.
        currency: Currency, when the customer value was ``Money``.
        customers: Customers the counts stand for.
        causal: Whether the value is incremental (every value came with a baseline).
        by_action: Value of each action's count, as (name, value) pairs.

    Examples:
        >>> from socialroi.valuation import engagement_value, value_per_action
        >>> like = value_per_action([1000, 1000], [10, 10], 50.0)
        >>> total = engagement_value(like, 300)
        >>> round(total.value, 2), total.by_action
        (150.0, (('action', 150.0),))
    """

    value: float = attrs.field(converter=real, validator=number())
    interval: tuple[float, float] = attrs.field(converter=reals, validator=_INTERVAL)
    level: float = attrs.field(converter=real, validator=_LEVEL)
    currency: str | None = attrs.field(default=None, validator=optional(text()))
    customers: float = attrs.field(converter=real, validator=number())
    causal: bool = attrs.field(default=False, validator=flag())
    by_action: tuple[tuple[str, float], ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(pair(text(), number()))
    )

    def money(self) -> Money:
        """The total as [`Money`][socialroi.records.Money]; needs a currency.

        Raises:
            MissingDataError: When the customer value was a plain number.

        Examples:
            >>> from socialroi import Money
            >>> from socialroi.valuation import engagement_value, value_per_action
            >>> like = value_per_action([1000], [10], Money(amount=50, currency="EUR"))
            >>> engagement_value(like, 100).money()
            Money(amount=50.0, currency='EUR')
        """
        if self.currency is None:
            msg = "money() needs a currency: give customer_value as Money(amount=..., currency=...)"
            raise MissingDataError(msg)
        return Money(amount=self.value, currency=self.currency)

    def to_dict(self) -> dict[str, Any]:
        """Plain Python values (JSON-serializable).

        Examples:
            >>> from socialroi.valuation import engagement_value, value_per_action
            >>> engagement_value(value_per_action([10], [1], 5.0), 10).to_dict()["value"]
            5.0
        """
        return cast("dict[str, Any]", plain(attrs.asdict(self)))

    def __repr__(self) -> str:
        low, high = self.interval
        currency = f", currency={self.currency!r}" if self.currency else ""
        return (
            f"EngagementValue(value={self.value:.2f}, interval=({low:.2f}, {high:.2f}), "
            f"level={self.level:g}{currency}, causal={self.causal})"
        )

    def _repr_html_(self) -> str:
        low, high = self.interval
        rows = [(name, money(v, self.currency)) for name, v in self.by_action]
        total = (
            f"{money(self.value, self.currency)} "
            f"({level(self.level)}: {money(low, self.currency)} to {money(high, self.currency)})"
        )
        return html_fields("Engagement value", [*rows, ("total", total)])


# --- validation ---------------------------------------------------------------------------------------


def _unknown(name: object, known: list[str], what: str) -> str:
    return f"unknown {what} {name!r} (known: {', '.join(map(repr, known))}){did_you_mean(str(name), known)}"


def _series(value: ArrayLike, name: str) -> FloatArray:
    array = (
        as_array(value, name, NON_NEGATIVE).reshape(-1)
        if np.ndim(value) == 0
        else as_array(value, name, NON_NEGATIVE)
    )
    if array.ndim != 1:
        msg = f"{name!r} must be a sequence of counts, one per period (got an array of shape {array.shape})"
        raise InvalidInputError(msg)
    return array


_LAG = whole(minimum=0)
_HALF_LIFE = number(POSITIVE)

_DRAWS = whole(minimum=2)
_DRAW_BYTES = 4 * 8  # two float64 samples, their difference and the sorted copy of np.quantile


def _pair_of(value: object) -> object:
    """A list or array of two given for a pair, as the tuple the pair rule reads; anything else unchanged."""
    return to_tuple(value) if isinstance(value, list | np.ndarray) else value


def _half_life(value: object) -> float | None:
    """``None`` and ``inf`` both mean equal weights (a deliberate leniency: an infinite half-life)."""
    if value is None or (isinstance(value, float) and value == math.inf):
        return None
    return _HALF_LIFE.check(value, "half_life")


def _valued(value: object) -> tuple[float, str | None]:
    if isinstance(value, Money):
        return _CUSTOMER_VALUE.check(value.amount, "customer_value"), value.currency
    return _CUSTOMER_VALUE.check(value, "customer_value"), None


@attrs.frozen
class _Window:
    """Counts paired by ``lag``, with missing periods dropped, and their recency weights."""

    actions: dict[str, FloatArray]
    customers: FloatArray
    weights: FloatArray


def _window(
    series: dict[str, FloatArray], customers: FloatArray, half_life: float | None, lag: int
) -> _Window:
    length = customers.shape[0]
    for name, counts in series.items():
        if counts.shape[0] != length:
            msg = f"{name!r} and 'new_customers' must have one count per period each (got {counts.shape[0]} and {length} periods)"
            raise InvalidInputError(msg)
    if lag >= length:
        msg = f"'lag' must be less than the number of periods, {length} (got {lag})"
        raise InvalidInputError(msg)
    pairs = length - lag
    age = np.arange(pairs - 1, -1, -1, dtype=np.float64)
    weights = np.ones(pairs) if half_life is None else np.exp2(-age / half_life)
    paired = {name: counts[:pairs] for name, counts in series.items()}
    later = customers[lag:]
    valid = ~np.isnan(later)
    for counts in paired.values():
        valid &= ~np.isnan(counts)
    if not valid.any():
        msg = "no period has both the actions and 'new_customers' measured (NaN marks a missing period)"
        raise MissingDataError(msg)
    return _Window({name: counts[valid] for name, counts in paired.items()}, later[valid], weights[valid])


def _kish(weights: FloatArray, counts: FloatArray) -> float:
    """Kish's (Σwn)² / Σw²n as Σwn · (Σwn / Σw²n), the ratio on counts divided by their largest.

    Squaring Σwn overflowed for counts above 1e154; the ratio is at least 1 (w <= 1) and exactly 1
    without weights, so the result is Σn then.
    """
    largest = float(counts.max(initial=0.0))
    if largest <= 0:
        return 0.0
    scaled = counts / largest
    return float(np.dot(weights, counts)) * (
        float(np.dot(weights, scaled)) / float(np.dot(weights * weights, scaled))
    )


# --- one action: conjugate posteriors -----------------------------------------------------------------


def _default_prior(customers: float, actions: float, person_level: bool) -> tuple[tuple[float, float], bool]:
    """The weak default prior centred on the pooled ratio, and whether its cap bound.

    Gamma: one pseudo-customer at the pooled ratio, (1, N/C); its pseudo-actions are capped at the data's
    own N, which binds below one customer: then (max(C, ½), N), centred on C/N down to C = ½ and on
    ½ customer in N actions below (a Jeffreys-like floor, so a window without customers still has a
    proper posterior). Beta: the same with the rarer outcome (customers or non-customers) in the role
    of C.
    """
    if not person_level:
        if customers >= 1.0:
            return (1.0, actions / customers), False
        return (max(customers, 0.5), actions), True
    others = actions - customers
    rarer = min(customers, others)
    if rarer >= 1.0:
        return (customers / rarer, others / rarer), False
    return (max(customers, 0.5), max(others, 0.5)), True


def _posterior(
    prior: tuple[float, float], customers: float, actions: float, person_level: bool
) -> tuple[float, float]:
    if person_level:
        return prior[0] + customers, prior[1] + actions - customers
    return prior[0] + customers, prior[1] + actions


def _mean(posterior: tuple[float, float], person_level: bool) -> float:
    first, second = posterior
    return first / (first + second) if person_level else first / second


def _quantiles(posterior: tuple[float, float], person_level: bool, level: float) -> tuple[float, float]:
    first, second = posterior
    tails = ((1.0 - level) / 2.0, (1.0 + level) / 2.0)
    if person_level:
        low, high = (_special.beta_quantile(p, first, second) for p in tails)
        return low, high
    low, high = (_special.gamma_quantile(p, first) / second for p in tails)
    return low, high


def _draw(
    posterior: tuple[float, float], person_level: bool, rng: np.random.Generator, draws: int
) -> FloatArray:
    first, second = posterior
    if person_level:
        return rng.beta(first, second, size=draws)
    return rng.gamma(first, 1.0 / second, size=draws)


def _baseline(value: object, person_level: bool) -> tuple[float, tuple[float, float] | None]:
    """The baseline rate, or the posterior of its counts (customers, people)."""
    given: object = value  # as given, before the checks narrow ``value``
    if not isinstance(value, bool | np.bool_) and isinstance(value, numbers.Real):
        rate = number(FRACTION if person_level else NON_NEGATIVE).check(value, "baseline")
        return rate, None
    counts = _pair_of(given)
    if not isinstance(counts, tuple) or len(cast("tuple[object, ...]", counts)) != 2:
        raise _check.fail("baseline", "a rate or a pair (customers, people)", given)
    customers, people = pair(number(NON_NEGATIVE), number(POSITIVE)).check(counts, "baseline")
    if person_level and customers > people:
        msg = (
            f"'baseline' customers must be <= people with person_level=True (got {customers!r} > {people!r})"
        )
        raise InvalidInputError(msg)
    prior, _ = _default_prior(customers, people, person_level)
    posterior = _posterior(prior, customers, people, person_level)
    return _mean(posterior, person_level), posterior


def value_per_action(
    actions: ArrayLike,
    new_customers: ArrayLike,
    customer_value: float | Money,
    *,
    half_life: float | None = None,
    lag: int = 0,
    prior: tuple[float, float] | None = None,
    person_level: bool = False,
    baseline: Baseline | None = None,
    level: float = 0.9,
    draws: int | None = None,
    seed: Seed = 0,
    name: str | None = None,
) -> ActionValue:
    r"""The money value of one action type from recent counts, with a credible interval.

    Model (default, Gamma-Poisson): customers in period \(t\) are
    \(c_t \sim \text{Poisson}(r \cdot n_t)\) for \(n_t\) actions, with \(r \sim \text{Gamma}(a, b)\); the
    posterior is \(\text{Gamma}(a + \sum_t w_t c_t,\; b + \sum_t w_t n_t)\), its mean
    \((a + \sum w c) / (b + \sum w n)\) customers per action, and the value per action is that times the
    customer value. With ``person_level=True`` (every customer is one of the people who acted)
    \(c_t \sim \text{Binomial}(n_t, r)\), \(r \sim \text{Beta}(a, b)\), posterior
    \(\text{Beta}(a + \sum w c,\; b + \sum w (n - c))\).

    The default prior is weak and centred on the pooled ratio \(C/N\) (weighted totals): one
    pseudo-customer, i.e. Gamma\((1, N/C)\), so the posterior mean is the pooled ratio. Its strength in
    pseudo-actions is capped at the data's own \(N\); the cap binds below one (weighted) customer, and
    then the prior is \((\max(C, ½), N)\), which keeps the posterior proper without customers
    (``prior_capped`` says so). For Beta-Binomial the rarer of customers and non-customers plays the role
    of \(C\). Pass ``prior=(a, b)`` to choose your own.

    Args:
        actions: Actions per period (likes, follows, ...), oldest first; a number is one period. NaN
            marks a missing period, which is left out.
        new_customers: New customers per period, oldest first, same length.
        customer_value: What one customer is worth: a number or [`Money`][socialroi.records.Money]. Use
            a margin-based lifetime value (see `customer_value`, [`ltv`][socialroi.metrics.ltv]), not
            revenue.
        half_life: Weight period \(t\) by \(2^{-\text{age}/\text{half\_life}}\) (age 0 for the most
            recent), so recent periods count more. ``None`` or ``inf``: equal weights.
        lag: Customers in period \(t + \text{lag}\) come from actions in period \(t\).
        prior: Explicit prior pseudo-counts: Gamma (customers, actions) or Beta (customers,
            non-customers), both > 0.
        person_level: Customers are a subset of the people who acted (Beta-Binomial); then customers
            may not exceed actions in any period.
        baseline: The same ratio for a comparable group that did not act (or a holdout): a known rate,
            or its counts ``(customers, people)``, whose own posterior (default prior) is then sampled.
            The value becomes incremental, \((r - r_0) \cdot V\), may be negative, and ``causal`` is
            ``True``.
        level: Probability mass of the equal-tailed credible interval, strictly between 0 and 1.
        draws: ``None`` for exact quantiles (incomplete gamma or beta inversion), or a number of
            seeded Monte Carlo draws. A baseline given as counts always samples (default 10,000 draws).
        seed: Seed (or ``numpy.random.Generator``) of the Monte Carlo draws; same seed, same result.
        name: The action's name, kept in the result.

    Returns:
        The [`ActionValue`][socialroi.valuation.ActionValue].

    Raises:
        InvalidInputError: For negative or infinite counts, sequences of different lengths, a ``lag``
            that leaves no period, ``half_life`` <= 0, a ``level`` outside (0, 1), an invalid ``prior`` or
            ``baseline``, customers > actions with ``person_level=True``, or no actions at all with the
            default prior.
        MissingDataError: When no period has both counts measured.

    Examples:
        A hand-computed Gamma-Poisson posterior: 1,000 likes and 10 customers with the prior
        Gamma(2, 100) give Gamma(12, 1100), mean 12/1100 customers per like:

        >>> like = value_per_action([400, 600], [3, 7], 110.0, prior=(2, 100))
        >>> like.posterior, round(like.customers_per_action, 6), round(like.value, 4)
        ((12.0, 1100.0), 0.010909, 1.2)
        >>> like.raw_ratio
        0.01

        Customers who are a subset of the people who clicked, a week of lag, recent weeks first:

        >>> clicks = value_per_action([200, 180, 240, 260], [0, 6, 5, 8], 80.0, person_level=True, lag=1, half_life=2)
        >>> clicks.periods, clicks.model
        (3, 'beta-binomial')
    """
    level_ = _LEVEL.check(level, "level")
    value_, currency = _valued(customer_value)
    person_level = flag().check(person_level, "person_level")
    name = optional(text()).check(name, "name")
    draws_ = optional(_DRAWS).check(draws, "draws")
    if draws_ is not None:
        _check.memory("draws", draws, _DRAW_BYTES * draws_)
    rng = generator(seed)  # the seed is checked whether or not a draw uses it
    window = _window(
        {"actions": _series(actions, "actions")},
        _series(new_customers, "new_customers"),
        _half_life(half_life),
        _LAG.check(lag, "lag"),
    )
    counts, customers, weights = window.actions["actions"], window.customers, window.weights
    if person_level:
        check_at_most(customers, counts, ("new_customers", "actions"))
    total_c, total_n = float(np.dot(weights, customers)), float(np.dot(weights, counts))
    if prior is None:
        if total_n <= 0:
            msg = "'actions' must hold at least one action in the periods used to centre the default prior (got 0); pass prior=(a, b)"
            raise InvalidInputError(msg)
        prior_, capped = _default_prior(total_c, total_n, person_level)
    else:
        prior_ = _COUNTS.check(_pair_of(prior), "prior")
        capped = False
    posterior = _posterior(prior_, total_c, total_n, person_level)
    rate = _mean(posterior, person_level)
    base_rate, base_posterior = (0.0, None) if baseline is None else _baseline(baseline, person_level)
    if base_posterior is not None or draws_ is not None:
        count = draws_ or DEFAULT_DRAWS
        sample = _draw(posterior, person_level, rng, count)
        if base_posterior is not None:
            sample = sample - _draw(base_posterior, person_level, rng, count)
        else:
            sample = sample - base_rate
        low, high = (float(q) for q in np.quantile(sample, [(1.0 - level_) / 2.0, (1.0 + level_) / 2.0]))
        how: IntervalMethod = "monte-carlo"
    else:
        low, high = _quantiles(posterior, person_level, level_)
        low, high = low - base_rate, high - base_rate
        how = "exact"
    incremental = rate - base_rate
    raw_customers, raw_actions = float(customers.sum()), float(counts.sum())
    return ActionValue(
        name=name,
        value=incremental * value_,
        interval=(low * value_, high * value_),
        level=level_,
        customers_per_action=incremental,
        raw_ratio=divide(raw_customers, raw_actions, "warn", "raw_ratio", "actions"),
        customer_value=value_,
        currency=currency,
        customers=incremental * raw_actions,
        actions=raw_actions,
        effective_sample_size=_kish(weights, counts),
        periods=int(counts.shape[0]),
        causal=baseline is not None,
        model="beta-binomial" if person_level else "gamma-poisson",
        method="single",
        prior=prior_,
        prior_capped=capped,
        posterior=posterior,
        baseline_rate=None if baseline is None else base_rate,
        interval_method=how,
    )


# --- several actions: the joint non-negative fit ------------------------------------------------------


def _nnls(gram: FloatArray, target: FloatArray) -> FloatArray:
    """Lawson-Hanson active-set NNLS on the normal equations: min ½θᵀGθ - hᵀθ subject to θ >= 0.

    ``gram`` is AᵀA and ``target`` Aᵀb of a design with unit-norm columns, so the tolerances are
    relative to ‖b‖.
    """
    size = target.shape[0]
    tol = 1e-12 * max(float(np.abs(target).max(initial=0.0)), 1e-300)
    x = np.zeros(size)
    passive = np.zeros(size, dtype=bool)
    gradient = target.copy()
    rounds = 0
    while rounds < 3 * size and bool(((~passive) & (gradient > tol)).any()):
        rounds += 1
        passive[int(np.argmax(np.where(passive, -np.inf, gradient)))] = True
        z = _solve(gram, target, passive)
        while bool((passive & (z <= 0)).any()):
            # Step from x towards z until the first passive coordinate reaches 0, and drop it.
            bad = passive & (z <= 0)
            gap = x - z
            steps = np.where(bad, x / np.where(bad & (gap > 0), gap, 1.0), np.inf)
            first = int(np.argmin(steps))
            x = x + steps[first] * (z - x)
            x[first] = 0.0
            passive &= x > 0
            z = _solve(gram, target, passive)
        x = z
        gradient = target - gram @ x
    return x


def _solve(gram: FloatArray, target: FloatArray, passive: FloatArray) -> FloatArray:
    z = np.zeros(target.shape[0])
    index = np.flatnonzero(passive)
    z[index] = np.linalg.lstsq(gram[np.ix_(index, index)], target[index], rcond=None)[0]
    return z


def _groups(
    design: FloatArray, root: FloatArray, names: list[tuple[str, ...]], tolerance: float
) -> tuple[FloatArray, list[tuple[str, ...]]]:
    """Merge action columns that move together until the normalised weighted design is well conditioned.

    A column of a merged group is the sum of its members' columns, each divided by its weighted norm.
    """
    while len(names) > 1:
        weighted = root[:, None] * design
        norms = np.sqrt(np.einsum("ij,ij->j", weighted, weighted))
        # Singular values and right singular vectors from the small Gram matrix (σ² are its
        # eigenvalues, ascending); fewer periods than columns shows up as zero eigenvalues.
        scaled = weighted / norms
        eigenvalues, vectors = np.linalg.eigh(scaled.T @ scaled)
        if math.sqrt(max(float(eigenvalues[0]), 0.0)) >= tolerance * math.sqrt(float(eigenvalues[-1])):
            break
        loadings = np.abs(vectors[:, 0])
        members = np.flatnonzero(loadings >= _MEMBER)
        merged = (design[:, members] / norms[members]).sum(axis=1)
        keep = [i for i in range(len(names)) if i not in set(members.tolist())]
        names = [names[i] for i in keep] + [tuple(n for i in members for n in names[i])]
        design = np.column_stack([design[:, keep], merged])
    return design, names


@attrs.frozen
class _Fit:
    """The constrained joint fit: rates per column, customers credited per column, rate covariance."""

    rate: FloatArray
    credited: FloatArray
    covariance: FloatArray


def _fit(design: FloatArray, customers: FloatArray, weights: FloatArray, unit: float) -> _Fit:
    """Weighted NNLS of the customers on the columns of ``design``, conserving the customers.

    ``design`` and ``customers`` are rescaled (the customers by ``unit``) so that no sum of squares
    overflows; the quasi-Poisson variance is that of the customers in their own units.
    """
    periods, size = design.shape
    root = np.sqrt(weights)
    weighted = root[:, None] * design
    norms = np.sqrt(np.einsum("ij,ij->j", weighted, weighted))
    scaled = weighted / norms
    gram = scaled.T @ scaled
    target = scaled.T @ (root * customers)
    theta = _nnls(gram, target)
    # Conservation: the columns never claim more customers than the window had. When the fit would,
    # refit with the constraint as a heavily weighted equation (Lawson & Hanson's weighting method) and
    # rescale onto it exactly.
    total = float(customers.sum())
    claims = design.sum(axis=0) / norms
    claimed = float(claims @ theta)
    if claimed > total * (1.0 + 1e-9):
        heavy = 1e8 / float(claims @ claims)
        theta = _nnls(gram + heavy * np.outer(claims, claims), target + heavy * total * claims)
        # The weighting leaves an error of order 1/heavy; polish on the columns it kept by solving the
        # equality-constrained least squares exactly (its KKT system), which is well conditioned.
        kept = np.flatnonzero(theta > 0)
        kkt = np.block(
            [[gram[np.ix_(kept, kept)], claims[kept, None]], [claims[None, kept], np.zeros((1, 1))]]
        )
        exact = np.linalg.lstsq(kkt, np.append(target[kept], total), rcond=None)[0]
        theta = np.zeros(size)
        theta[kept] = np.maximum(exact[:-1], 0.0)
        claimed = float(claims @ theta)
    if claimed > total:
        theta = theta * (total / claimed * (1.0 - 4e-16))
    rate = theta / norms
    # Approximate (quasi-Poisson) covariance of the weighted least-squares rates.
    fitted = design @ rate
    # The Poisson variance of unit · c is unit · max(fitted, c): in rescaled units, that over unit².
    variance = np.maximum(np.maximum(fitted, customers), 1.0 / (periods * unit)) / unit
    dispersion = max(1.0, float(np.sum((customers - fitted) ** 2 / variance)) / max(periods - size, 1))
    inverse = cast("FloatArray", np.linalg.pinv(gram)) if size else gram
    middle = (scaled * (weights * dispersion * variance)[:, None]).T @ scaled
    covariance: FloatArray = inverse @ middle @ inverse / np.outer(norms, norms)
    return _Fit(rate, theta * claims, covariance)


def _joint(
    window: _Window, value_: float, currency: str | None, level: float, tolerance: float, organic: bool
) -> ActionValues:
    names = list(window.actions)
    customers, weights = window.customers, window.weights
    periods = int(customers.shape[0])
    totals = {name: float(counts.sum()) for name, counts in window.actions.items()}
    present = [name for name in names if float(np.dot(weights, window.actions[name])) > 0]
    series: list[FloatArray] = [window.actions[name] for name in present]
    if organic:
        # Customers who come anyway: a constant column, fitted and conserved like an action.
        present.append(ORGANIC)
        series.append(np.ones(periods, dtype=np.float64))
    # The fit runs on counts divided by their largest (each action series by its own), so that it is
    # scale invariant and no sum of squares overflows; rates and customers are scaled back below.
    scales = np.array([float(column.max()) for column in series])
    unit = float(customers.max(initial=0.0)) or 1.0
    design = np.column_stack(series) / scales if series else np.zeros((periods, 0))
    design, columns = _groups(design, np.sqrt(weights), [(name,) for name in present], tolerance)
    fit = _fit(design, customers / unit, weights, unit)
    factor = {name: unit / float(scale) for name, scale in zip(present, scales, strict=True)}
    z = _special.normal_quantile((1.0 + level) / 2.0)
    position = {column: i for i, column in enumerate(columns)}
    full = np.full((len(names), len(names)), np.nan)
    singles = [(names.index(c[0]), position[c]) for c in columns if len(c) == 1 and c[0] != ORGANIC]
    for row, i in singles:
        for col, j in singles:
            full[row, col] = fit.covariance[i, j] * factor[names[row]] * factor[names[col]]
    entries: list[ActionValue] = []
    for name in names:
        column = position.get((name,))
        group = next((c for c in columns if len(c) > 1 and name in c), ())
        if column is None:
            r, low, high = math.nan, math.nan, math.nan
        else:
            r = float(fit.rate[column]) * factor[name]
            spread = z * math.sqrt(max(float(fit.covariance[column, column]), 0.0)) * factor[name]
            low, high = max(0.0, r - spread), r + spread
        entries.append(
            ActionValue(
                name=name,
                value=r * value_,
                interval=(low * value_, high * value_),
                level=level,
                customers_per_action=r,
                raw_ratio=float(customers.sum()) / totals[name] if totals[name] > 0 else math.nan,
                customer_value=value_,
                currency=currency,
                customers=r * totals[name],
                actions=totals[name],
                effective_sample_size=_kish(weights, window.actions[name]),
                periods=periods,
                model="joint",
                method="joint",
                interval_method="normal",
                identified=column is not None,
                confounded_with=tuple(n for n in group if n != name),
            )
        )
    groups = [c for c in columns if len(c) > 1]
    alone = position.get((ORGANIC,))
    return ActionValues(
        entries=entries,
        method="joint",
        customers=float(customers.sum()),
        customer_value=value_,
        currency=currency,
        level=level,
        periods=periods,
        covariance=full,
        unidentified=tuple(groups),
        group_customers=tuple(float(fit.credited[position[g]]) * unit for g in groups),
        organic_customers=(
            0.0 if not organic else math.nan if alone is None else float(fit.credited[alone]) * unit
        ),
    )


def _ratios(
    actions: Mapping[str, ArrayLike],
    new_customers: ArrayLike,
    customer_value: float | Money,
    window: _Window,
    options: dict[str, Any],
) -> ActionValues:
    """Each action on its own (``method="ratio"``): not additive."""
    values = [
        attrs.evolve(
            value_per_action(counts, new_customers, customer_value, name=key, **options), method="ratio"
        )
        for key, counts in actions.items()
    ]
    first = values[0]
    return ActionValues(
        entries=values,
        method="ratio",
        customers=float(window.customers.sum()),
        customer_value=first.customer_value,
        currency=first.currency,
        level=first.level,
        periods=int(window.customers.shape[0]),
        covariance=np.full((len(values), len(values)), np.nan),
    )


def _check_joint_options(
    ratio_only: dict[str, object], person_level: bool, organic: bool, actions: Mapping[str, ArrayLike]
) -> None:
    for option, given in ratio_only.items():
        if given is not None:
            msg = f"{option!r} applies to method='ratio' only; the joint fit has none (got {given!r})"
            raise InvalidInputError(msg)
    if person_level:
        msg = "'person_level' applies to method='ratio' only; the joint fit shares customers between actions"
        raise InvalidInputError(msg)
    if organic and ORGANIC in actions:
        msg = (
            f"'actions' must not use the name {ORGANIC!r} with organic=True (it names the organic customers)"
        )
        raise InvalidInputError(msg)


def value_actions(
    actions: Mapping[str, ArrayLike],
    new_customers: ArrayLike,
    customer_value: float | Money,
    *,
    method: Literal["ratio", "joint"] = "joint",
    half_life: float | None = None,
    lag: int = 0,
    level: float = 0.9,
    tolerance: float = DEFAULT_TOLERANCE,
    organic: bool = False,
    prior: tuple[float, float] | None = None,
    person_level: bool = False,
    baseline: Baseline | None = None,
    draws: int | None = None,
    seed: Seed = 0,
) -> ActionValues:
    r"""Values of several action types from the same customers, without double counting.

    ``method="joint"`` (default) fits \(c_t \approx \sum_j r_j \, n_{j,t}\) with every \(r_j \ge 0\)
    by weighted non-negative least squares (Lawson-Hanson), so the customers are shared out and the
    values add up. Conservation: over the periods used,
    \(\sum_j r_j \sum_t n_{j,t} \le \sum_t c_t\) always holds (the fit is constrained to it). When
    action series move together (the smallest singular value of the weighted design with unit-norm
    columns is below ``tolerance`` times the largest), their separate rates are not identified: they are
    fitted as one group, reported in ``unidentified`` with the customers they share
    (``group_customers``), and each member's value is NaN with ``identified=False``. An action that
    never happened is not identified either. Intervals are approximate: normal, from the quasi-Poisson
    covariance of the weighted least-squares rates, cut at 0.

    Without ``organic`` every customer the fit explains goes to some action. ``organic=True`` adds a
    constant \(r_0 \ge 0\) customers per period who come anyway, \(c_t \approx r_0 + \sum_j r_j n_{j,t}\),
    conserved together with the actions; ``organic_customers`` reports them. An action whose series is
    (nearly) constant is then not identified: it moves with ``"(organic)"``.

    ``method="ratio"`` values each action on its own with
    [`value_per_action`][socialroi.valuation.value_per_action] (taking ``prior``, ``person_level``,
    ``baseline``, ``draws`` and ``seed``). Each ratio claims all the customers, so the result is marked
    not additive and refuses to be summed.

    Args:
        actions: Action name (like, follow, share, comment, click, lead) → counts per period, oldest
            first, each as long as ``new_customers``.
        new_customers: New customers per period.
        customer_value: Value of one customer: a number or [`Money`][socialroi.records.Money].
        method: ``"joint"`` or ``"ratio"``.
        half_life: Recency weighting in periods, as in `value_per_action`.
        lag: Customers in period \(t + \text{lag}\) come from actions in period \(t\).
        level: Probability mass of the intervals.
        tolerance: Collinearity threshold of the joint fit (see above), between 0 and 1.
        organic: Joint fit only: also fit customers who come without any of the actions.
        prior: ``"ratio"`` only: the prior of every ratio.
        person_level: ``"ratio"`` only: Beta-Binomial ratios.
        baseline: ``"ratio"`` only: the baseline of every ratio.
        draws: ``"ratio"`` only: Monte Carlo draws.
        seed: ``"ratio"`` only: seed of the draws.

    Returns:
        The [`ActionValues`][socialroi.valuation.ActionValues] mapping.

    Raises:
        InvalidInputError: For no actions, invalid counts or lengths, an unknown ``method``, ratio-only
            options with ``method="joint"``, and everything `value_per_action` rejects.
        MissingDataError: When no period has every series measured.

    Examples:
        Likes and follows each bring customers; the two ratios each claim all 36 of them:

        >>> counts = {"like": [1000, 2000, 1500, 3000], "follow": [40, 20, 60, 30]}
        >>> customers = [7, 8, 9, 12]
        >>> naive = value_actions(counts, customers, 100.0, method="ratio")
        >>> round(naive.claimed_customers, 1), naive.customers
        (72.0, 36.0)
        >>> joint = value_actions(counts, customers, 100.0)
        >>> joint.claimed_customers <= joint.customers
        True
        >>> round(joint["like"].value, 4), round(joint["follow"].value, 4)
        (0.3231, 7.6923)
    """
    choice(("ratio", "joint")).check(method, "method")
    generator(seed)  # checked whatever the method, as every seed is
    organic = flag().check(organic, "organic")
    person_level = flag().check(person_level, "person_level")
    if not isinstance(cast("object", actions), Mapping) or not actions:
        msg = f"'actions' must be a mapping of at least one action name to its counts per period (got {actions!r})"
        raise InvalidInputError(msg)
    for key in actions:
        if not isinstance(cast("object", key), str) or not key:
            msg = f"'actions' must be keyed by non-empty names (got {key!r})"
            raise InvalidInputError(msg)
    window = _window(
        {f"actions[{key!r}]": _series(counts, f"actions[{key!r}]") for key, counts in actions.items()},
        _series(new_customers, "new_customers"),
        _half_life(half_life),
        _LAG.check(lag, "lag"),
    )
    if method == "ratio":
        if organic:
            msg = (
                "'organic' applies to method='joint' only; a ratio has no room for customers who come anyway"
            )
            raise InvalidInputError(msg)
        options = {"half_life": half_life, "lag": lag, "prior": prior, "person_level": person_level}
        extra = {"baseline": baseline, "level": level, "draws": draws, "seed": seed}
        return _ratios(actions, new_customers, customer_value, window, {**options, **extra})
    _check_joint_options(
        {"prior": prior, "baseline": baseline, "draws": draws}, person_level, organic, actions
    )
    tolerance_ = number(FRACTION).check(tolerance, "tolerance")
    level_ = _LEVEL.check(level, "level")
    value_, currency = _valued(customer_value)
    window = _Window(
        dict(zip(actions, window.actions.values(), strict=True)), window.customers, window.weights
    )
    return _joint(window, value_, currency, level_, tolerance_, organic)


# --- totals -------------------------------------------------------------------------------------------


def engagement_value(
    values: ActionValues | ActionValue, counts: Mapping[str, float] | float
) -> EngagementValue:
    r"""The total money value of engagement counts: \(\sum_j \text{count}_j \cdot \text{value}_j\).

    With one action the interval scales exactly (count x the action's interval). With several (joint
    fit) it is normal, from the covariance of the rates, cut at 0, at the level of the values. Values
    from ``method="ratio"`` with several actions are refused: each claims all the customers.

    Args:
        values: The result of `value_actions` (counts by name), or one `ActionValue` (a single count).
        counts: Action name → count (names may be left out: count 0), or a number for one value.

    Returns:
        The [`EngagementValue`][socialroi.valuation.EngagementValue].

    Raises:
        InvalidInputError: For ratio-method values of several actions, an unknown action name,
            negative counts, or counts of actions whose rates are not identified.

    Examples:
        >>> from socialroi.valuation import value_actions
        >>> values = value_actions({"like": [1000, 2000, 1500, 3000], "follow": [40, 20, 60, 30]}, [7, 8, 9, 12], 100.0)
        >>> total = engagement_value(values, {"like": 5000, "follow": 100})
        >>> round(total.value, 2), total.causal
        (2384.62, False)
    """
    if isinstance(values, ActionValue):
        count = number(NON_NEGATIVE).check(counts, "counts")
        low, high = values.interval
        name = values.name or "action"
        return EngagementValue(
            value=count * values.value,
            interval=(count * low, count * high),
            level=values.level,
            currency=values.currency,
            customers=count * values.customers_per_action,
            causal=values.causal,
            by_action=((name, count * values.value),),
        )
    if not isinstance(cast("object", values), ActionValues):
        msg = f"'values' must be an ActionValue or the ActionValues of value_actions (got {type(values).__name__})"
        raise InvalidInputError(msg)
    if not values.additive:
        msg = (
            "values from method='ratio' each claim all the customers, so adding them counts the same customers "
            f"several times ({values.claimed_customers:,.1f} claimed of {values.customers:,.1f}); "
            "use value_actions(..., method='joint')"
        )
        raise InvalidInputError(msg)
    if not isinstance(counts, Mapping):
        msg = f"'counts' must map action names to counts (got {counts!r})"
        raise InvalidInputError(msg)
    known = list(values)
    vector = np.zeros(len(known))
    for key, count in counts.items():
        if key not in known:
            raise InvalidInputError(_unknown(key, known, "action"))
        vector[known.index(key)] = number(NON_NEGATIVE).check(count, f"counts[{key!r}]")
    for index, entry in enumerate(values.entries):
        if vector[index] > 0 and not entry.identified:
            others = (
                f"moves with {', '.join(map(repr, entry.confounded_with))}"
                if entry.confounded_with
                else "never happened"
            )
            msg = f"the value of {entry.name!r} is not identified (its series {others} in the data); value them together or drop it"
            raise InvalidInputError(msg)
    used = vector > 0
    rates = np.array([e.customers_per_action for e in values.entries])
    customers = float(np.dot(vector[used], rates[used]))
    total = customers * values.customer_value
    if int(used.sum()) <= 1:
        # One action (or none): its own interval, scaled exactly.
        scaled = [
            (vector[i] * e.interval[0], vector[i] * e.interval[1])
            for i, e in enumerate(values.entries)
            if used[i]
        ]
        low, high = scaled[0] if scaled else (0.0, 0.0)
    else:
        # Several actions can only come from the joint fit (ratio values of several are refused above).
        part = values.covariance[np.ix_(used, used)]
        variance = max(float(vector[used] @ part @ vector[used]), 0.0)
        spread = (
            _special.normal_quantile((1.0 + values.level) / 2.0) * math.sqrt(variance) * values.customer_value
        )
        low, high = max(0.0, total - spread), total + spread
    return EngagementValue(
        value=total,
        interval=(low, high),
        level=values.level,
        currency=values.currency,
        customers=customers,
        causal=all(values.entries[i].causal for i in np.flatnonzero(used)) and bool(used.any()),
        by_action=tuple(
            (name, float(vector[i] * values.entries[i].value)) for i, name in enumerate(known) if used[i]
        ),
    )


# --- what a customer and a lead are worth --------------------------------------------------------------


@overload
def customer_value(  # pyright: ignore[reportOverlappingOverload]
    average_order_value: float,
    purchases_per_period: float,
    periods: float,
    *,
    margin: float = ...,
    discount_rate: float = ...,
) -> float: ...
@overload
def customer_value(
    average_order_value: Money,
    purchases_per_period: float,
    periods: float,
    *,
    margin: float = ...,
    discount_rate: float = ...,
) -> Money: ...
@overload
def customer_value(
    average_order_value: ArrayLike,
    purchases_per_period: ArrayLike,
    periods: ArrayLike,
    *,
    margin: ArrayLike = ...,
    discount_rate: ArrayLike = ...,
) -> FloatArray: ...
def customer_value(
    average_order_value: Any,
    purchases_per_period: Any,
    periods: Any,
    *,
    margin: Any = 1.0,
    discount_rate: Any = 0.0,
) -> Any:
    r"""What a new customer is worth: the discounted margin of their purchases over ``periods``.

    \(V = \text{AOV} \cdot f \cdot m \cdot \sum_{t=0}^{T-1} (1 + d)^{-t}
    = \text{AOV} \cdot f \cdot m \cdot \frac{1 - (1+d)^{-T}}{1 - (1+d)^{-1}}\)
    (\(V = \text{AOV} \cdot f \cdot m \cdot T\) without discounting), where purchases in the first
    period are not discounted and a fractional \(T\) interpolates. Use it as the ``customer_value`` of
    `value_per_action`; compare with [`ltv`][socialroi.metrics.ltv] (churn-based lifetime value),
    [`cac`][socialroi.metrics.cac], [`ltv_to_cac`][socialroi.metrics.ltv_to_cac] and
    [`payback_period`][socialroi.metrics.payback_period].

    Args:
        average_order_value: Average revenue per order, in currency (a number, an array, or
            [`Money`][socialroi.records.Money]).
        purchases_per_period: Orders per customer per period.
        periods: Expected customer lifetime in periods (>= 0).
        margin: Contribution margin, between 0 and 1 (a margin-based value is the right basis for
            valuing engagement).
        discount_rate: Discount rate per period, >= 0.

    Returns:
        The value of one customer: ``Money`` for a ``Money`` order value, else a float or an array.

    Raises:
        InvalidInputError: For negative, infinite or mismatched inputs or a margin outside [0, 1].

    Examples:
        >>> customer_value(50, 2, 12, margin=0.3)
        360.0
        >>> round(customer_value(50, 2, 12, margin=0.3, discount_rate=0.01), 2)
        341.03
        >>> customer_value([50, 80], 1, 10)
        array([500., 800.])
        >>> from socialroi import Money
        >>> customer_value(Money(amount=50, currency="EUR"), 2, 12, margin=0.3)
        Money(amount=360.0, currency='EUR')
    """
    if isinstance(average_order_value, Money):
        amount = customer_value(
            average_order_value.amount,
            number(NON_NEGATIVE).check(purchases_per_period, "purchases_per_period"),
            number(NON_NEGATIVE).check(periods, "periods"),
            margin=number(FRACTION).check(margin, "margin"),
            discount_rate=number(NON_NEGATIVE).check(discount_rate, "discount_rate"),
        )
        return Money(amount=amount, currency=average_order_value.currency)
    order = operand(average_order_value, "average_order_value", NON_NEGATIVE)
    frequency = operand(purchases_per_period, "purchases_per_period", NON_NEGATIVE)
    lifetime = operand(periods, "periods", NON_NEGATIVE)
    margin_ = operand(margin, "margin", FRACTION)
    rate = operand(discount_rate, "discount_rate", NON_NEGATIVE)
    broadcast(
        average_order_value=order,
        purchases_per_period=frequency,
        periods=lifetime,
        margin=margin_,
        discount_rate=rate,
    )
    # Σ_{t<T} v^t = (1 - e^{-TL}) / (1 - e^{-L}) with L = ln(1 + d), and T without discounting (L = 0),
    # the limit of the same formula: the ratio is computed exactly at L = 0 (never on a floored L,
    # whose error grows with T) and the branch is added to zeros shaped like the inputs, so that pandas
    # Series keep their type and NaN propagates.
    log_rate = np.log1p(rate)
    with np.errstate(invalid="ignore", divide="ignore"):
        discounted = np.divide(-np.expm1(-np.multiply(lifetime, log_rate)), -np.expm1(-log_rate))
    shaped = np.add(np.multiply(lifetime, 0.0), np.multiply(log_rate, 0.0))
    factor = np.add(
        shaped, np.where(np.asarray(log_rate) == 0.0, np.asarray(lifetime), np.asarray(discounted))
    )
    return finish(np.multiply(np.multiply(np.multiply(order, frequency), margin_), factor))


@overload
def lead_value(close_rate: float, deal_value: float, *, margin: float = ...) -> float: ...  # pyright: ignore[reportOverlappingOverload]
@overload
def lead_value(close_rate: float, deal_value: Money, *, margin: float = ...) -> Money: ...
@overload
def lead_value(close_rate: ArrayLike, deal_value: ArrayLike, *, margin: ArrayLike = ...) -> FloatArray: ...
def lead_value(close_rate: Any, deal_value: Any, *, margin: Any = 1.0) -> Any:
    r"""What a lead is worth: \(\text{close rate} \cdot \text{deal value} \cdot \text{margin}\).

    Args:
        close_rate: Fraction of leads that become customers, between 0 and 1.
        deal_value: Value of a won deal (a number, an array, or [`Money`][socialroi.records.Money]; a
            customer's lifetime value when deals repeat, see `customer_value`).
        margin: Contribution margin, between 0 and 1.

    Returns:
        The value of one lead: ``Money`` for a ``Money`` deal value, else a float or an array.

    Raises:
        InvalidInputError: For a close rate or margin outside [0, 1] or a negative deal value.

    Examples:
        4 % of leads close, a deal is worth $1,200 at a 70 % margin:

        >>> round(lead_value(0.04, 1200, margin=0.7), 2)
        33.6
        >>> from socialroi import Money
        >>> lead_value(0.04, Money(amount=1200, currency="USD"), margin=0.7).currency
        'USD'
    """
    if isinstance(deal_value, Money):
        amount = lead_value(
            number(FRACTION).check(close_rate, "close_rate"),
            deal_value.amount,
            margin=number(FRACTION).check(margin, "margin"),
        )
        return Money(amount=amount, currency=deal_value.currency)
    rate = operand(close_rate, "close_rate", FRACTION)
    deal = operand(deal_value, "deal_value", NON_NEGATIVE)
    margin_ = operand(margin, "margin", FRACTION)
    broadcast(close_rate=rate, deal_value=deal, margin=margin_)
    if isinstance(rate, float) and isinstance(deal, float) and isinstance(margin_, float):
        return rate * deal * margin_
    return finish(np.multiply(np.multiply(rate, deal), margin_))
