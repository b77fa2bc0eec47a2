"""The KPI type: units, directions and `KPI` (private; see `socialroi.funnel`)."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, cast

import attrs

from socialroi._arrays import ZeroDivision, check_zero_division, names_of
from socialroi._check import (
    ANY_NUMBER,
    at_least_one,
    boolean,
    choice,
    each,
    flag,
    instance,
    member,
    number,
    optional,
    pattern,
    text,
    to_names,
)
from socialroi._display import MISSING, compact, percent
from socialroi.exceptions import MissingDataError
from socialroi.funnel._stage import STAGES, Stage, to_stages
from socialroi.records import Performance

# --- KPI ----------------------------------------------------------------------------------------------


class Unit(enum.Enum):
    """The unit of a KPI's value.

    Examples:
        >>> from socialroi import KPIS
        >>> KPIS["cpm"].unit
        <Unit.CURRENCY_PER_MILLE: 'currency per mille'>
    """

    COUNT = "count"
    """A number of things or people."""
    FRACTION = "fraction"
    """A share between 0 and 1 (0.034 is 3.4 %)."""
    RATIO = "ratio"
    """One quantity per unit of another (ROAS 5.0 reads "5:1")."""
    CURRENCY = "currency"
    """Money, in the currency of the performance record."""
    CURRENCY_PER_MILLE = "currency per mille"
    """Money per 1,000 (impressions or people reached)."""
    SECONDS = "seconds"
    """A duration."""
    PERIODS = "periods"
    """A number of periods of the performance record (months for monthly records)."""
    SCORE = "score"
    """An average rating on the platform's own scale (such as 1 to 5)."""


class Direction(enum.Enum):
    """Whether a higher or a lower value of a KPI is better.

    Examples:
        >>> Direction.LOWER.better(18.0, 20.0)
        True
    """

    HIGHER = "higher"
    """More is better (reach, CTR, ROAS)."""
    LOWER = "lower"
    """Less is better (CPM, CPA, bounce rate)."""

    def better(self, value: float, than: float) -> bool:
        """Whether ``value`` is strictly better than ``than`` in this direction.

        Examples:
            >>> Direction.HIGHER.better(0.02, 0.01)
            True
        """
        return value > than if self is Direction.HIGHER else value < than


KPIFunction: TypeAlias = Callable[[Mapping[str, float], ZeroDivision], float]
"""How a KPI is computed: from the measured values of its fields (by name) and the zero-division policy."""

_RECORD_META = frozenset({"channel", "start", "end", "currency"})
_PERFORMANCE_FIELDS = tuple(f.name for f in attrs.fields(Performance) if f.name not in _RECORD_META)

KEY = pattern(r"[a-z][a-z0-9_]*", "lower-case letters, digits and underscores, starting with a letter")
"""The rule of a KPI key."""
FIELD = choice(_PERFORMANCE_FIELDS, what="a numeric field of Performance")
"""The rule of a `Performance` field that a KPI or a flow reads."""
UNIT = member(Unit)
"""The rule of a KPI's unit: a `Unit` or its value."""
DIRECTION = member(Direction)
"""The rule of a direction: a `Direction` or its value."""


def to_unit(value: object) -> Any:
    """Converter: the `Unit` that ``value`` is or names; anything else unchanged for `UNIT` to refuse."""
    return UNIT.convert(value)


def to_direction(value: object) -> Any:
    """Converter: the `Direction` that ``value`` is or names; anything else unchanged for `DIRECTION`."""
    return DIRECTION.convert(value)


PERFORMANCE = instance(Performance, "a Performance")
"""The rule of a `Performance` argument."""
_VALUE = number(ANY_NUMBER, allow_nan=True)
_FUNCTION = instance(cast("type", Callable), "callable as function(values, zero_division)")


@attrs.frozen(kw_only=True)
class KPI:
    """One key performance indicator: what it means, what it needs and how it is computed.

    ``function`` receives the measured values of ``fields`` (a mapping from field name to float) and
    the zero-division policy, and returns the value; the catalogue's functions call
    `socialroi.metrics`. Build your own KPIs the same way and pass them to a
    [`Funnel`][socialroi.funnel.Funnel] in its ``catalogue``. A KPI pickles (and so do the funnels and
    evaluations that hold it) when its ``function`` does: a module-level function, not a lambda.

    Attributes:
        key: Identifier, like ``"cpa"``.
        name: Display name.
        stages: The stages the KPI measures, the main one first.
        unit: The [`Unit`][socialroi.funnel.Unit] of the value.
        direction: Whether higher or lower is better.
        fields: The `Performance` fields the KPI reads.
        formula: The formula in words, for display.
        function: The computation.
        estimate: Whether platforms model the value rather than count it (reach, ad-recall lift,
            brand lift, and what is computed from them or from a model).
        description: What the KPI tells, in a sentence.

    Examples:
        >>> from socialroi import KPIS, Performance
        >>> cpa = KPIS["cpa"]
        >>> cpa.stage, cpa.unit.value, cpa.direction.value, cpa.fields
        (<Stage.CONVERSION: 3>, 'currency', 'lower', ('spend', 'conversions'))
        >>> cpa.compute(Performance(spend=1_000, conversions=25))
        40.0
        >>> from socialroi import metrics
        >>> per_save = KPI(
        ...     key="cost_per_save", name="Cost per save", stages="consideration", unit="currency",
        ...     direction="lower", fields=("spend", "saves"), formula="spend / saves",
        ...     function=lambda v, zd: metrics.cpe(v["spend"], v["saves"], zero_division=zd),
        ... )
        >>> per_save.compute(Performance(spend=90, saves=30))
        3.0
    """

    key: str = attrs.field(validator=KEY)
    name: str = attrs.field(validator=text())
    stages: tuple[Stage, ...] = attrs.field(converter=to_stages, validator=[STAGES, at_least_one()])
    unit: Unit = attrs.field(converter=to_unit, validator=UNIT)
    direction: Direction = attrs.field(converter=to_direction, validator=DIRECTION)
    fields: tuple[str, ...] = attrs.field(converter=to_names, validator=[each(FIELD), at_least_one()])
    formula: str = attrs.field(validator=text())
    function: KPIFunction = attrs.field(validator=_FUNCTION, repr=False)
    estimate: bool = attrs.field(default=False, converter=boolean, validator=flag())
    description: str = attrs.field(default="", validator=text(empty=True))

    @property
    def stage(self) -> Stage:
        """The main stage (the first of ``stages``).

        Examples:
            >>> from socialroi import KPIS
            >>> KPIS["mentions"].stage, KPIS["mentions"].stages
            (<Stage.AWARENESS: 1>, (<Stage.AWARENESS: 1>, <Stage.ADVOCACY: 5>))
        """
        return self.stages[0]

    def missing(self, performance: Performance) -> tuple[str, ...]:
        """The fields this KPI needs that ``performance`` did not measure.

        Examples:
            >>> from socialroi import KPIS, Performance
            >>> KPIS["cpa"].missing(Performance(spend=10.0))
            ('conversions',)
        """
        PERFORMANCE.check(performance, "performance")
        return tuple(name for name in self.fields if getattr(performance, name) is None)

    def compute(self, performance: Performance, *, zero_division: ZeroDivision = "warn") -> float:
        """The KPI's value for ``performance``.

        Args:
            performance: The measured counts.
            zero_division: What to return where a denominator is 0 (see `socialroi.metrics`).

        Returns:
            The value, in ``unit``.

        Raises:
            MissingDataError: When a field the KPI needs was not measured (``None``).

        Examples:
            >>> from socialroi import KPIS, Performance
            >>> KPIS["ctr"].compute(Performance(impressions=10_000, clicks=40))
            0.004
            >>> KPIS["ctr"].compute(Performance(clicks=40))
            Traceback (most recent call last):
            ...
            socialroi.exceptions.MissingDataError: ctr needs 'impressions', which was not measured
        """
        check_zero_division(zero_division)
        absent = self.missing(performance)
        if absent:
            verb = "was" if len(absent) == 1 else "were"
            msg = f"{self.key} needs {names_of(absent)}, which {verb} not measured"
            raise MissingDataError(msg)
        values: dict[str, float] = {name: getattr(performance, name) for name in self.fields}
        return float(self.function(values, zero_division))

    def format(self, value: float, *, currency: str | None = None) -> str:
        """``value`` written in this KPI's unit, for reports.

        Examples:
            >>> from socialroi import KPIS
            >>> KPIS["ctr"].format(0.0123), KPIS["cpa"].format(40, currency="USD")
            ('1.23 %', '40.00 USD')
        """
        return _format(_VALUE.check(value, "value"), self.unit, optional(text()).check(currency, "currency"))


def _format(value: float, unit: Unit, currency: str | None) -> str:
    if math.isnan(value):
        return MISSING
    if unit is Unit.COUNT:
        return compact(value)
    if unit is Unit.FRACTION:
        return percent(value, 2)
    if unit is Unit.SECONDS:
        return f"{value:,.1f} s"
    if unit is Unit.PERIODS:
        return f"{value:,.2f} periods"
    text = f"{value:,.2f}"
    if unit in (Unit.CURRENCY, Unit.CURRENCY_PER_MILLE) and currency:
        text += f" {currency}"
    return text
