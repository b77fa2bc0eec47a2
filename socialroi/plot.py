r"""Plots of socialroi results with matplotlib (the optional extra ``socialroi[plot]``).

Pictures drawn from the library's own result objects:

- [`funnel`][socialroi.plot.funnel]: the volume at each funnel step and the rate from one step to the
  next, from a [`FunnelEvaluation`][socialroi.funnel.FunnelEvaluation] or a
  [`Performance`][socialroi.records.Performance].
- [`attribution`][socialroi.plot.attribution]: the credit each model gives each channel, side by side,
  optionally against the true effects of synthetic data.
- [`allocation`][socialroi.plot.allocation]: the response curves of an
  [`Allocation`][socialroi.budget.Allocation] with the allocated (and current) spend marked.
- [`action_values`][socialroi.plot.action_values]: values per action with their intervals.
- [`mmm_contributions`][socialroi.plot.mmm_contributions], [`mmm_curves`][socialroi.plot.mmm_curves] and
  [`mmm_fit`][socialroi.plot.mmm_fit]: a [`MarketingMixFit`][socialroi.mmm.MarketingMixFit]'s
  decomposition over time, its response curves at the current spend, and its fit against the actual.
- [`lift`][socialroi.plot.lift] and [`power_curve`][socialroi.plot.power_curve]: lift test results with
  their intervals, and the power of a planned test against the lift it should detect.
- [`trend`][socialroi.plot.trend]: one KPI (ROAS, CPA, ROI, ...) of a
  [`ReportSeries`][socialroi.report.ReportSeries] by period, a line per channel and the total.

Every function takes an optional ``ax``: it draws there, or on a new figure made with
``matplotlib.pyplot.subplots()`` when none is given, and returns the ``Axes``. Nothing is shown or saved
and no global setting (``rcParams``, the backend, the style) is changed. ``import socialroi`` never
imports matplotlib; this module needs it and says how to install it when it is missing.

Examples:
    >>> from matplotlib.figure import Figure
    >>> from socialroi import Performance
    >>> from socialroi.plot import funnel
    >>> ax = funnel(Performance(impressions=10_000, clicks=200, conversions=10), ax=Figure().subplots())
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Impressions', 'Clicks\n2 % of impressions', 'Conversions\n5 % of clicks']
"""

# matplotlib types its methods' **kwargs as unknown; everything else here is checked strictly.
# pyright: reportUnknownMemberType=false

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

import attrs
import numpy as np

from socialroi._arrays import FINITE, POSITIVE, FloatArray, check_scalar, did_you_mean, divide, names_of
from socialroi._check import flag
from socialroi._display import MISSING
from socialroi.attribution import Attribution, AttributionComparison
from socialroi.budget import Allocation, ResponseCurve
from socialroi.exceptions import CurrencyMismatchError, InvalidInputError, MissingDataError
from socialroi.funnel import KPIS, FunnelEvaluation
from socialroi.mmm import MarketingMixFit
from socialroi.records import Performance
from socialroi.report import _AS_PERCENT, _UNITS, ReportSeries  # pyright: ignore[reportPrivateUsage]
from socialroi.report import _KPIS as _REPORT_KPIS  # pyright: ignore[reportPrivateUsage]
from socialroi.valuation import ActionValue, ActionValues

if TYPE_CHECKING:
    from socialroi.experiments import Lift

try:
    from matplotlib import ticker
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D
except ImportError as error:
    msg = 'socialroi.plot needs matplotlib; install it with: pip install "socialroi[plot]"'
    raise ImportError(msg) from error

__all__ = [
    "FUNNEL_STEPS",
    "action_values",
    "allocation",
    "attribution",
    "funnel",
    "lift",
    "mmm_contributions",
    "mmm_curves",
    "mmm_fit",
    "power_curve",
    "trend",
]

FUNNEL_STEPS: tuple[str, ...] = ("impressions", "clicks", "link_clicks", "sessions", "conversions")
"""The `Performance` counts that [`funnel`][socialroi.plot.funnel] draws from a record by default, in
order; those that were not measured are left out.

Examples:
    >>> FUNNEL_STEPS[0], FUNNEL_STEPS[-1]
    ('impressions', 'conversions')
"""

_NOT_COUNTS = frozenset({"channel", "start", "end", "currency", "rating", "brand_lift", "ad_recall_lift"})
_COUNTS = tuple(name for name in attrs.fields_dict(Performance) if name not in _NOT_COUNTS)
_CURVE_TYPES: tuple[type, ...] = get_args(ResponseCurve)


def _new_axes(ax: Axes | None) -> Axes:
    """The given axes, or the axes of a new pyplot figure."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots()
    return created


def _percent(rate: float) -> str:
    """A rate as a short percentage: 0.0085 → ``"0.85 %"``; NaN → `MISSING` (``"n/a"``)."""
    if math.isnan(rate):
        return MISSING
    return f"{rate * 100:.3g} %"


def _label(field: str) -> str:
    """The display name of a count field (the KPI catalogue's, when it has one)."""
    kpi = KPIS.get(field)
    return kpi.name if kpi is not None else field.replace("_", " ").capitalize()


# --- funnel -------------------------------------------------------------------------------------------


def _steps(steps: Sequence[str]) -> tuple[str, ...]:
    chosen = (steps,) if isinstance(steps, str) else tuple(steps)
    if not chosen:
        msg = "'steps' must name at least one count (got none)"
        raise InvalidInputError(msg)
    for index, step in enumerate(chosen):
        if step not in _COUNTS:
            msg = (
                f"'steps' must hold Performance counts such as 'impressions' (got {step!r} at index {index})"
            )
            raise InvalidInputError(msg + did_you_mean(str(step), _COUNTS))
        if step in chosen[:index]:
            msg = f"'steps' must be distinct (got {step!r} twice)"
            raise InvalidInputError(msg)
    return chosen


def _record_volumes(record: Performance, steps: Sequence[str] | None) -> tuple[list[str], list[float]]:
    if steps is None:
        chosen = [field for field in FUNNEL_STEPS if getattr(record, field) is not None]
        if not chosen:
            msg = f"the funnel plot needs at least one of {names_of(FUNNEL_STEPS)} measured, or 'steps'"
            raise MissingDataError(msg)
        return chosen, [float(getattr(record, field)) for field in chosen]
    chosen = list(_steps(steps))
    return chosen, [record.need(field, "the funnel plot") for field in chosen]


def _evaluation_volumes(
    evaluation: FunnelEvaluation, channel: str | None, steps: Sequence[str] | None
) -> tuple[list[str], list[float], list[str]]:
    if channel is None:
        card = evaluation.total
    elif channel in evaluation.by_channel:
        card = evaluation.by_channel[channel]
    else:
        known = names_of(evaluation.channels) if evaluation.channels else "none"
        msg = f"unknown channel {channel!r}; the evaluation has {known}"
        raise InvalidInputError(msg + did_you_mean(channel, evaluation.by_channel))
    stages: list[str] = []
    if steps is None:
        if not card.flows:
            msg = "the funnel plot needs counts measured at two funnel stages or more, or 'steps'"
            raise MissingDataError(msg)
        chosen = [card.flows[0].source, *(flow.target for flow in card.flows)]
        stages = [card.flows[0].source_stage.label, *(flow.target_stage.label for flow in card.flows)]
    else:
        chosen = list(_steps(steps))
    return chosen, [evaluation.value(field, channel=channel) for field in chosen], stages


def funnel(
    data: FunnelEvaluation | Performance,
    *,
    channel: str | None = None,
    steps: Sequence[str] | None = None,
    scale: Literal["log", "linear"] = "log",
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the funnel: one horizontal bar per step, widest first, with the rate between steps.

    Each bar is the count at a step (impressions, clicks, sessions, conversions, ...); each step's label
    gives the share of the previous step that reached it, ``count_i / count_(i-1)`` (the flow rates of
    [`Funnel.evaluate`][socialroi.funnel.Funnel.evaluate]), "n/a" where the previous count is 0. The
    count axis is logarithmic by default, since a funnel spans orders of magnitude.

    Args:
        data: A [`FunnelEvaluation`][socialroi.funnel.FunnelEvaluation] (its total, or one channel's
            scorecard) or a single [`Performance`][socialroi.records.Performance] record.
        channel: With an evaluation, the channel to draw instead of the total.
        steps: The `Performance` counts to draw, in order. By default an evaluation's stage-to-stage
            flows (labelled with their stages) or a record's measured [`FUNNEL_STEPS`][socialroi.plot.FUNNEL_STEPS].
        scale: ``"log"`` or ``"linear"`` count axis (linear when every count is 0).
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For data of another type, a ``channel`` with a record or unknown to the
            evaluation, an unknown or repeated step, a step the evaluation does not measure, or an
            unknown ``scale``.
        MissingDataError: When a step was not measured, or nothing to draw was measured.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi import Funnel, Performance
        >>> week = Performance(impressions=50_000, link_clicks=500, conversions=20)
        >>> ax = funnel(Funnel.social().evaluate(week), ax=Figure().subplots())
        >>> [float(bar.get_width()) for bar in ax.patches]
        [50000.0, 500.0, 20.0]
        >>> ax.get_yticklabels()[2].get_text()
        'Conversion: Conversions\n4 % of link clicks'
    """
    if scale not in ("log", "linear"):
        msg = f"'scale' must be 'log' or 'linear' (got {scale!r})"
        raise InvalidInputError(msg)
    stages: list[str] = []
    given = cast("object", data)
    if isinstance(given, FunnelEvaluation):
        fields, volumes, stages = _evaluation_volumes(given, channel, steps)
        title = given.funnel if channel is None else f"{given.funnel}: {channel}"
    elif isinstance(given, Performance):
        if channel is not None:
            msg = f"'channel' applies to a FunnelEvaluation; a Performance record is one channel (got {channel!r})"
            raise InvalidInputError(msg)
        fields, volumes = _record_volumes(given, steps)
        title = "funnel" if given.channel is None else f"funnel: {given.channel}"
    else:
        msg = f"'data' must be a FunnelEvaluation or a Performance (got {type(data).__name__})"
        raise InvalidInputError(msg)
    counts = np.array(volumes, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(counts[:-1] > 0, counts[1:] / np.where(counts[:-1] > 0, counts[:-1], 1.0), np.nan)
    labels = [_label(field) for field in fields]
    ticks = [labels[0]] + [
        f"{labels[i]}\n{_percent(float(rates[i - 1]))} of {labels[i - 1].lower()}"
        for i in range(1, len(labels))
    ]
    if stages:
        ticks = [f"{stage}: {tick}" for stage, tick in zip(stages, ticks, strict=True)]
    axes = _new_axes(ax)
    positions = np.arange(len(fields))
    bars = axes.barh(positions, counts, color="C0")
    axes.bar_label(bars, labels=[f"{count:,.0f}" for count in counts], padding=3)
    axes.set_yticks(positions, ticks)
    axes.invert_yaxis()
    logarithmic = scale == "log" and bool((counts > 0).any())  # all zero: nothing to take the log of
    axes.set_xscale("log" if logarithmic else "linear")
    axes.set_xlabel("count (log scale)" if logarithmic else "count")
    axes.set_title(title)
    return axes


# --- attribution --------------------------------------------------------------------------------------

_MEASURES = ("conversions", "value", "shares", "value_shares")
_MEASURE_LABELS = {
    "conversions": "credited conversions",
    "value": "credited value",
    "shares": "share of conversions",
    "value_shares": "share of value",
}


def _truth(truth: Mapping[str, float]) -> dict[str, float]:
    given = cast("object", truth)
    if not isinstance(given, Mapping):
        msg = f"'truth' must map channel names to numbers (got {type(given).__name__})"
        raise InvalidInputError(msg)
    checked: dict[str, float] = {}
    for name, value in cast("Mapping[object, object]", given).items():
        if not isinstance(name, str):
            msg = f"'truth' must be keyed by channel names (got {name!r})"
            raise InvalidInputError(msg)
        checked[name] = check_scalar(value, f"truth[{name!r}]", FINITE)
    if not checked:
        msg = "'truth' must give at least one channel (got none)"
        raise InvalidInputError(msg)
    return checked


def attribution(
    result: AttributionComparison | Attribution,
    *,
    measure: Literal["conversions", "value", "shares", "value_shares"] = "conversions",
    truth: Mapping[str, float] | None = None,
    truth_label: str = "truth",
    ax: Axes | None = None,
) -> Axes:
    """Draw the credit each model gives each channel as grouped bars, optionally against the truth.

    One group of bars per channel, one bar per model, in the comparison's order. ``measure`` picks the
    credited conversions, the credited value, or each model's shares of them (a model's bars then add to
    100 %). ``truth`` adds a black line over each channel's group at the true number, in the unit of
    ``measure``; with a share measure it is turned into shares of its own total. With synthetic data,
    pass the conversions each channel truly caused: ``synthetic_campaign(...).true_effects`` or
    [`SyntheticJourneys.incremental_conversions`][socialroi.datasets.SyntheticJourneys], with
    ``measure="conversions"`` or ``"shares"``. (``SyntheticJourneys.true_effects`` are per-touch
    conversion probabilities, not conversions: they compare with no credit.) Channels in ``truth``
    that no model credited are drawn with zero-height bars.

    Args:
        result: An [`AttributionComparison`][socialroi.attribution.AttributionComparison] or one
            [`Attribution`][socialroi.attribution.Attribution].
        measure: ``"conversions"``, ``"value"``, ``"shares"`` (of conversions) or ``"value_shares"``.
        truth: Channel → the true number, in the unit of ``measure`` (any unit for a share measure).
        truth_label: The legend entry of the truth lines.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For a result of another type, an unknown ``measure``, or a ``truth`` that is
            not a mapping of channel names to finite numbers.

    Warns:
        UndefinedMetricWarning: With a share measure, for a model that credited nothing (its shares are
            NaN), or a truth that sums to 0.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.attribution import FirstTouch, Journeys, LastTouch, compare
        >>> journeys = Journeys.from_paths(["a > b", "b > c"], conversions=[2, 1])
        >>> table = compare(journeys, models=[FirstTouch(), LastTouch()])
        >>> ax = attribution(table, truth={"a": 1.5, "b": 1.0, "c": 0.5}, ax=Figure().subplots())
        >>> [float(bar.get_height()) for bar in ax.patches]
        [2.0, 1.0, 0.0, 0.0, 2.0, 1.0]
        >>> [text.get_text() for text in ax.get_legend().get_texts()]
        ['first touch', 'last touch', 'truth']
    """
    given = cast("object", result)
    if isinstance(given, Attribution):
        given = AttributionComparison(attributions=[given])
    if not isinstance(given, AttributionComparison):
        msg = f"'result' must be an AttributionComparison or an Attribution (got {type(given).__name__})"
        raise InvalidInputError(msg)
    result = given
    if measure not in _MEASURES:
        msg = f"'measure' must be {names_of(_MEASURES)} (got {measure!r})"
        raise InvalidInputError(msg + did_you_mean(str(measure), _MEASURES))
    checked = None if truth is None else _truth(truth)
    extra = [] if checked is None else [name for name in checked if name not in result.channels]
    channels = (*result.channels, *extra)
    source = result.value if measure in ("value", "value_shares") else result.conversions
    table: FloatArray = np.vstack([source, np.zeros((len(extra), len(result.models)))])
    if measure in ("shares", "value_shares"):
        total = "total value" if measure == "value_shares" else "total conversions"
        table = divide(table, table.sum(axis=0), "warn", _MEASURE_LABELS[measure], total)
    axes = _new_axes(ax)
    positions = np.arange(len(channels), dtype=np.float64)
    width = 0.8 / len(result.models)
    handles: list[Any] = []
    for j, model in enumerate(result.models):
        offset = (j - (len(result.models) - 1) / 2) * width
        handles.append(axes.bar(positions + offset, table[:, j], width, label=model))
    if checked is not None:
        shown = [i for i, name in enumerate(channels) if name in checked]
        marks = np.array([checked[channels[i]] for i in shown], dtype=np.float64)
        if measure in ("shares", "value_shares"):
            marks = divide(
                marks, float(marks.sum()), "warn", f"share of {truth_label}", f"total {truth_label}"
            )
        centres = positions[shown]
        handles.append(
            axes.hlines(
                marks, centres - 0.45, centres + 0.45, colors="black", linewidth=2.5, label=truth_label
            )
        )
    axes.set_xticks(
        positions,
        channels,
        rotation=30 if len(channels) > 5 else 0,
        ha="right" if len(channels) > 5 else "center",
    )
    axes.set_ylabel(_MEASURE_LABELS[measure])
    if measure in ("shares", "value_shares"):
        axes.yaxis.set_major_formatter(ticker.PercentFormatter(1.0, decimals=0))
    axes.set_title("attribution by model")
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small")
    return axes


# --- budget -------------------------------------------------------------------------------------------


def _curves(plan: Allocation, curves: Mapping[str, ResponseCurve]) -> list[ResponseCurve]:
    if not isinstance(cast("object", curves), Mapping):
        msg = f"'curves' must map channel names to response curves (got {type(curves).__name__})"
        raise InvalidInputError(msg)
    missing = [name for name in plan.channels if name not in curves]
    if missing:
        msg = f"'curves' must have a curve for every channel of the allocation (missing {names_of(missing)})"
        raise InvalidInputError(msg + did_you_mean(missing[0], [str(key) for key in curves]))
    unknown = [str(name) for name in curves if name not in plan.channels]
    if unknown:
        msg = f"'curves' must hold the allocation's channels only (got {names_of(unknown)}, not in {names_of(plan.channels)})"
        raise InvalidInputError(msg)
    found: list[ResponseCurve] = []
    for name in plan.channels:
        curve = curves[name]
        if not isinstance(cast("object", curve), _CURVE_TYPES):
            msg = (
                f"'curves[{name!r}]' must be a response curve such as HillCurve (got {type(curve).__name__})"
            )
            raise InvalidInputError(msg)
        found.append(curve)
    expected = np.array([curve.response(float(x)) for curve, x in zip(found, plan.spend, strict=True)])
    off = ~np.isclose(expected, plan.response, rtol=1e-9, atol=1e-9)
    if off.any():
        i = int(np.flatnonzero(off)[0])
        msg = (
            f"'curves' must be the curves the allocation was made with: {plan.channels[i]!r} gives "
            f"{expected[i]!r} at the allocated spend {float(plan.spend[i])!r}, the allocation {float(plan.response[i])!r}"
        )
        raise InvalidInputError(msg)
    return found


_BOUNDS = {
    (False, False): "",
    (True, False): " (at minimum)",
    (False, True): " (at maximum)",
    (True, True): " (fixed)",
}


def _finite(values: FloatArray) -> FloatArray:
    result: FloatArray = np.where(np.isfinite(values), values, np.nan)
    return result


def _spend_axis(plan: Allocation, spend_max: float | None, points: int) -> float:
    """The right end of the spend axis, after checking ``points``."""
    count = cast("object", points)
    if isinstance(count, bool) or not isinstance(count, int) or count < 2:
        msg = f"'points' must be an integer >= 2 (got {points!r})"
        raise InvalidInputError(msg)
    if spend_max is not None:
        return check_scalar(spend_max, "spend_max", POSITIVE)
    spends = plan.spend if plan.current_spend is None else np.concatenate([plan.spend, plan.current_spend])
    return 1.5 * float(spends.max()) or 1.0


def _marginal_axis(axes: Axes, plan: Allocation) -> list[Any]:
    """Draw λ (when the plan has one) and cut the marginal axis at 3 x the largest allocated marginal."""
    handles: list[Any] = []
    if plan.budget_marginal_roas is not None:
        label = f"budget marginal ROAS λ = {plan.budget_marginal_roas:.3g}"
        handles.append(axes.axhline(plan.budget_marginal_roas, color="gray", linestyle="--", label=label))
    marks = np.append(plan.marginal_roas, plan.budget_marginal_roas or 0.0)
    ceiling = float(np.max(marks, where=np.isfinite(marks), initial=0.0))
    if ceiling > 0:
        axes.set_ylim(0.0, 3.0 * ceiling)
    return handles


def allocation(
    plan: Allocation,
    curves: Mapping[str, ResponseCurve],
    *,
    kind: Literal["response", "marginal"] = "response",
    spend_max: float | None = None,
    points: int = 200,
    ax: Axes | None = None,
) -> Axes:
    """Draw each channel's response curve with the allocated spend marked (and today's, when known).

    One line per channel over spend from 0 to ``spend_max``; a filled dot at the allocated spend and,
    when the allocation was made with ``current=``, a hollow dot at today's spend. ``kind="marginal"``
    draws the marginal ROAS curves instead, with the budget's marginal ROAS λ as a dashed line: at an
    optimum every channel between its bounds sits on it. The marginal axis then ends at three times the
    largest allocated marginal ROAS (or λ), since marginal curves shoot up near 0 spend; call
    ``ax.set_ylim`` to see more. Channels held at a bound say so in the legend.

    Args:
        plan: The [`Allocation`][socialroi.budget.Allocation].
        curves: Channel → the response curve the allocation was made with (the same mapping; for
            [`allocate_by_stage`][socialroi.budget.allocate_by_stage] every stage's channels in one
            mapping).
        kind: ``"response"`` (response per period) or ``"marginal"`` (marginal ROAS).
        spend_max: The right end of the spend axis; by default 1.5 times the largest allocated or
            current spend (1 when all are 0).
        points: Number of points per curve, >= 2.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For a plan that is not an `Allocation`; ``curves`` that miss a channel, name
            one the plan does not have, hold something that is not a curve, or do not give the plan's
            responses at its spend; an unknown ``kind``; ``spend_max`` not > 0; ``points`` < 2.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.budget import HillCurve, allocate
        >>> curves = {"meta": HillCurve(beta=8_000, half_saturation=2_000), "tiktok": HillCurve(beta=2_000, half_saturation=500)}
        >>> plan = allocate(5_000, curves, current={"meta": 2_500, "tiktok": 2_500})
        >>> ax = allocation(plan, curves, ax=Figure().subplots())
        >>> [line.get_label() for line in ax.get_legend().get_lines()]
        ['meta', 'tiktok', 'allocated', 'current']
        >>> ax.get_lines()[1].get_xydata().tolist()  # meta's allocated spend and response
        [[4000.0, 5333.333333333333]]
    """
    if not isinstance(cast("object", plan), Allocation):
        msg = f"'plan' must be an Allocation (got {type(plan).__name__})"
        raise InvalidInputError(msg)
    if kind not in ("response", "marginal"):
        msg = f"'kind' must be 'response' or 'marginal' (got {kind!r})"
        raise InvalidInputError(msg)
    found = _curves(plan, curves)
    top = _spend_axis(plan, spend_max, points)
    grid = np.linspace(0.0, top, points)
    axes = _new_axes(ax)
    handles: list[Any] = []
    for i, (name, curve) in enumerate(zip(plan.channels, found, strict=True)):
        values = curve.response(grid) if kind == "response" else curve.marginal(grid)
        (line,) = axes.plot(
            grid, _finite(values), label=name + _BOUNDS[bool(plan.at_lower[i]), bool(plan.at_upper[i])]
        )
        handles.append(line)
        spent = float(plan.spend[i])
        level = plan.response[i] if kind == "response" else plan.marginal_roas[i]
        axes.plot([spent], _finite(np.array([level])), "o", color=line.get_color(), markersize=7)
        if plan.current_spend is not None and plan.current_response is not None:
            now = float(plan.current_spend[i])
            before = plan.current_response[i] if kind == "response" else curve.marginal(now)
            axes.plot(
                [now],
                _finite(np.array([before])),
                "o",
                markerfacecolor="white",
                color=line.get_color(),
                markersize=7,
            )
    handles.append(Line2D([], [], marker="o", linestyle="none", color="black", label="allocated"))
    if plan.current_spend is not None:
        handles.append(
            Line2D(
                [], [], marker="o", linestyle="none", color="black", markerfacecolor="white", label="current"
            )
        )
    if kind == "marginal":
        handles += _marginal_axis(axes, plan)
    axes.set_xlim(0.0, top)
    axes.set_xlabel("spend per period")
    axes.set_ylabel("response per period" if kind == "response" else "marginal ROAS")
    title = f"allocation of {plan.total:,.0f} per period"
    if plan.improvement is not None:
        title += f" ({plan.improvement:+,.0f} response vs current)"
    axes.set_title(title)
    axes.legend(handles=handles)
    return axes


# --- valuation ----------------------------------------------------------------------------------------


def _entries(values: ActionValues | ActionValue | Iterable[ActionValue]) -> tuple[list[ActionValue], bool]:
    if isinstance(values, ActionValues):
        return list(values.entries), values.additive
    if isinstance(values, ActionValue):
        return [values], True
    given = cast("object", values)
    if isinstance(given, str) or not isinstance(given, Iterable):
        msg = (
            f"'values' must be ActionValues, an ActionValue or ActionValue items (got {type(given).__name__})"
        )
        raise InvalidInputError(msg)
    entries = list(cast("Iterable[ActionValue]", given))
    for index, entry in enumerate(entries):
        if not isinstance(cast("object", entry), ActionValue):
            msg = f"'values' must hold ActionValue items (got {type(entry).__name__} at index {index})"
            raise InvalidInputError(msg)
    if not entries:
        msg = "'values' must hold at least one ActionValue (got none)"
        raise InvalidInputError(msg)
    return entries, len(entries) == 1 or all(entry.additive for entry in entries)


def action_values(
    values: ActionValues | ActionValue | Iterable[ActionValue],
    *,
    ax: Axes | None = None,
) -> Axes:
    """Draw values per action as points with their intervals, one row per action.

    Each row is an action's value per action (a like, a follow, a share) with its interval as error
    bars. Actions the data cannot value (``identified=False``) get a row that says why, without a point.
    Values that must not be added up, those of separate ratios (``value_actions(..., method="ratio")``
    or several ``value_per_action`` results), are drawn hollow, the legend says "separate ratios: do not
    add", and for `ActionValues` a note gives how many customers the ratios claim together. The axis
    label says whether the values are incremental (causal, with a baseline) or associations.

    Args:
        values: [`ActionValues`][socialroi.valuation.ActionValues], one
            [`ActionValue`][socialroi.valuation.ActionValue], or several in a sequence.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For values of another type, none, or values with different interval levels.
        CurrencyMismatchError: For values in different currencies.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.valuation import value_actions
        >>> counts = {"like": [1000, 2000, 1500, 3000], "follow": [40, 20, 60, 30]}
        >>> joint = value_actions(counts, [7, 8, 9, 12], 100.0)
        >>> ax = action_values(joint, ax=Figure().subplots())
        >>> [round(float(x), 4) for x in ax.lines[0].get_xdata()]
        [0.3231, 7.6923]
        >>> ax.get_legend().get_texts()[0].get_text()
        'value per action, 90 % interval'
    """
    entries, additive = _entries(values)
    currencies = sorted({entry.currency for entry in entries if entry.currency is not None})
    if len(currencies) > 1:
        msg = f"'values' must share one currency (got {names_of(currencies)})"
        raise CurrencyMismatchError(msg)
    levels = sorted({entry.level for entry in entries})
    if len(levels) > 1:
        msg = f"'values' must share one interval level (got {', '.join(f'{level:g}' for level in levels)})"
        raise InvalidInputError(msg)
    names = [entry.name if entry.name is not None else f"action {i + 1}" for i, entry in enumerate(entries)]
    shown = [i for i, entry in enumerate(entries) if entry.identified and not math.isnan(entry.value)]
    ticks = list(names)
    for i, entry in enumerate(entries):
        if i not in shown:
            why = f"moves with {', '.join(entry.confounded_with)}" if entry.confounded_with else "no data"
            ticks[i] = f"{names[i]}\n(not identified: {why})"
    centre = np.array([entries[i].value for i in shown], dtype=np.float64)
    low = np.array([entries[i].interval[0] for i in shown], dtype=np.float64)
    high = np.array([entries[i].interval[1] for i in shown], dtype=np.float64)
    label = f"value per action, {levels[0] * 100:g} % interval"
    if not additive:
        label += "; separate ratios: do not add"
    axes = _new_axes(ax)
    axes.errorbar(
        centre,
        np.array(shown, dtype=np.float64),
        xerr=np.vstack([centre - low, high - centre]),
        fmt="o",
        color="C0",
        markerfacecolor="C0" if additive else "white",
        capsize=4,
        label=label,
    )
    if isinstance(values, ActionValues) and not additive:
        axes.text(
            0.02,
            0.02,
            f"the ratios claim {values.claimed_customers:,.1f} customers together; there were {values.customers:,.1f}",
            transform=axes.transAxes,
            fontsize="small",
        )
    positions = np.arange(len(entries))
    axes.set_yticks(positions, ticks)
    axes.set_ylim(len(entries) - 0.5, -0.5)
    axes.axvline(0.0, color="gray", linewidth=0.8)
    unit = f" ({currencies[0]})" if currencies else ""
    kind = "incremental" if all(entry.causal for entry in entries) else "associated, not shown causal"
    axes.set_xlabel(f"value per action{unit}: {kind}")
    axes.set_title("value per action")
    axes.legend()
    return axes


_LIFT_MEASURES = ("relative_lift", "incremental", "iroas")


def lift(
    lifts: Lift | Sequence[Lift],
    *,
    measure: Literal["relative_lift", "incremental", "iroas"] = "relative_lift",
    ax: Axes | None = None,
) -> Axes:
    """Draw one or more lift test results as points with their intervals, one row per test.

    Args:
        lifts: A [`Lift`][socialroi.experiments.Lift] or several (one interval level).
        measure: ``"relative_lift"`` (in %), ``"incremental"`` or ``"iroas"``.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For no lift, another type, an unknown measure or mixed interval levels.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.experiments import conversion_lift
        >>> test = conversion_lift(1_300, 1_000, test_size=100_000, control_size=100_000, channel="meta")
        >>> ax = lift(test, ax=Figure().subplots())
        >>> [round(float(x), 1) for x in ax.lines[0].get_xdata()]
        [30.0]
    """
    from socialroi.experiments import Lift

    entries = [lifts] if isinstance(lifts, Lift) else list(lifts)
    if not entries or not all(isinstance(cast("object", entry), Lift) for entry in entries):
        msg = f"'lifts' must be a Lift or a sequence of Lift results (got {lifts!r})"
        raise InvalidInputError(msg)
    if measure not in _LIFT_MEASURES:
        msg = f"'measure' must be {names_of(_LIFT_MEASURES)} (got {measure!r}){did_you_mean(str(measure), _LIFT_MEASURES)}"
        raise InvalidInputError(msg)
    levels = sorted({entry.level for entry in entries})
    if len(levels) > 1:
        msg = f"'lifts' must share one interval level (got {', '.join(f'{level:g}' for level in levels)})"
        raise InvalidInputError(msg)
    scale = 100.0 if measure == "relative_lift" else 1.0
    centre = np.array([getattr(entry, measure) for entry in entries], dtype=np.float64) * scale
    bounds = np.array([getattr(entry, f"{measure}_interval") for entry in entries], dtype=np.float64) * scale
    axes = _new_axes(ax)
    rows = np.arange(len(entries), dtype=np.float64)
    axes.errorbar(
        centre,
        rows,
        xerr=np.vstack([centre - bounds[:, 0], bounds[:, 1] - centre]),
        fmt="o",
        color="C0",
        capsize=4,
        label=f"{measure.replace('_', ' ')}, {levels[0] * 100:g} % interval",
    )
    names = [entry.channel or f"{entry.design} {i + 1}" for i, entry in enumerate(entries)]
    axes.set_yticks(rows, names)
    axes.set_ylim(len(entries) - 0.5, -0.5)
    axes.axvline(0.0, color="gray", linewidth=0.8)
    axes.set_xlabel(
        {"relative_lift": "relative lift (%)", "incremental": "incremental outcome", "iroas": "iROAS"}[
            measure
        ]
    )
    axes.set_title("lift test results")
    axes.legend()
    return axes


def power_curve(
    baseline_rate: float,
    test_size: float,
    control_size: float,
    *,
    lifts: Sequence[float] | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
    ax: Axes | None = None,
) -> Axes:
    """Draw the power of a two-group lift test against the absolute lift, with its minimum detectable lift.

    Args:
        baseline_rate: The control rate.
        test_size: People in the test group.
        control_size: People in the control group.
        lifts: Absolute lifts to draw; by default 0 to 2.5 x the minimum detectable lift.
        alpha: Two-sided significance level.
        power: The power marked (with the minimum detectable lift at it).
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: For bad rates, sizes or levels (see
            [`lift_power`][socialroi.experiments.lift_power]).

    Examples:
        >>> from matplotlib.figure import Figure
        >>> ax = power_curve(0.01, 50_000, 50_000, ax=Figure().subplots())
        >>> round(float(ax.lines[0].get_ydata()[0]), 2)
        0.05
    """
    from socialroi.experiments import lift_power, minimum_detectable_lift

    mdl = float(minimum_detectable_lift(baseline_rate, test_size, control_size, alpha=alpha, power=power))
    grid = (
        np.linspace(0.0, min(2.5 * mdl, 1.0 - baseline_rate), 101)
        if lifts is None
        else np.asarray(lifts, dtype=np.float64)
    )
    values = np.asarray(
        lift_power(baseline_rate, grid, test_size, control_size, alpha=alpha), dtype=np.float64
    )
    axes = _new_axes(ax)
    axes.plot(100 * grid, values, color="C0", label="power")
    axes.axhline(power, color="gray", linewidth=0.8, linestyle="--")
    axes.axvline(
        100 * mdl, color="C1", linewidth=1.0, label=f"minimum detectable lift {100 * mdl:.3g} points"
    )
    axes.set_xlabel("absolute lift (points)")
    axes.set_ylabel("power")
    axes.set_ylim(0.0, 1.0)
    axes.set_title(f"power at alpha={alpha:g}: {test_size:,.0f} test, {control_size:,.0f} control")
    axes.legend()
    return axes


# --- marketing mix ------------------------------------------------------------------------------------


def _mix(fit: MarketingMixFit) -> MarketingMixFit:
    if not isinstance(cast("object", fit), MarketingMixFit):
        msg = f"'fit' must be a MarketingMixFit (got {type(fit).__name__})"
        raise InvalidInputError(msg)
    return fit


def mmm_contributions(fit: MarketingMixFit, *, ax: Axes | None = None) -> Axes:
    """Stack the baseline and each channel's contribution per period, with the actual revenue on top.

    Args:
        fit: The [`MarketingMixFit`][socialroi.mmm.MarketingMixFit].
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: ``fit`` is not a `MarketingMixFit`.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.datasets import synthetic_mmm
        >>> from socialroi.mmm import MarketingMixModel
        >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
        >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
        >>> ax = mmm_contributions(fit, ax=Figure().subplots())
        >>> [text.get_text() for text in ax.get_legend().get_texts()]
        ['actual', 'baseline', 'facebook', 'instagram']
    """
    mix = _mix(fit)
    axes = _new_axes(ax)
    periods: FloatArray = np.arange(mix.revenue.shape[0], dtype=np.float64)
    axes.plot(periods, mix.revenue, color="black", linewidth=1.0, label="actual")
    axes.stackplot(periods, mix.baseline, *mix.contributions.T, labels=["baseline", *mix.channels], alpha=0.8)
    axes.set_xlabel("period")
    axes.set_ylabel("revenue per period")
    axes.set_title(f"decomposition: baseline {mix.baseline_share:.0%} of revenue")
    axes.legend(loc="upper left", fontsize="small")
    return axes


def mmm_curves(fit: MarketingMixFit, *, points: int = 200, ax: Axes | None = None) -> Axes:
    """Draw each channel's steady-state response curve with its current spend marked.

    The curves are [`response_curves`][socialroi.mmm.MarketingMixFit.response_curves], over spend from 0
    to twice the largest current spend; a dot marks each channel's current (mean) spend.

    Args:
        fit: The [`MarketingMixFit`][socialroi.mmm.MarketingMixFit].
        points: Number of points per curve, >= 2.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: ``fit`` is not a `MarketingMixFit`; ``points`` < 2.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.datasets import synthetic_mmm
        >>> from socialroi.mmm import MarketingMixModel
        >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
        >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
        >>> ax = mmm_curves(fit, ax=Figure().subplots())
        >>> [line.get_label() for line in ax.get_legend().get_lines()]
        ['facebook', 'instagram', 'current spend']
    """
    mix = _mix(fit)
    count = cast("object", points)
    if isinstance(count, bool) or not isinstance(count, int) or count < 2:
        msg = f"'points' must be an integer >= 2 (got {points!r})"
        raise InvalidInputError(msg)
    curves = mix.response_curves()
    top = 2.0 * float(mix.current_spend.max())
    grid = np.linspace(0.0, top, count)
    axes = _new_axes(ax)
    handles: list[Any] = []
    for c, name in enumerate(mix.channels):
        if name not in curves:
            continue
        (line,) = axes.plot(grid, curves[name].response(grid), label=name)
        handles.append(line)
        now = float(mix.current_spend[c])
        axes.plot([now], [curves[name].response(now)], "o", color=line.get_color(), markersize=7)
    handles.append(Line2D([], [], marker="o", linestyle="none", color="black", label="current spend"))
    axes.set_xlim(0.0, top)
    axes.set_xlabel("spend per period")
    axes.set_ylabel("response per period (long run)")
    axes.set_title("response curves")
    axes.legend(handles=handles)
    return axes


def mmm_fit(fit: MarketingMixFit, *, ax: Axes | None = None) -> Axes:
    """Draw the fitted revenue against the actual, period by period, with R² and NRMSE in the title.

    Args:
        fit: The [`MarketingMixFit`][socialroi.mmm.MarketingMixFit].
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: ``fit`` is not a `MarketingMixFit`.

    Examples:
        >>> from matplotlib.figure import Figure
        >>> from socialroi.datasets import synthetic_mmm
        >>> from socialroi.mmm import MarketingMixModel
        >>> data = synthetic_mmm(weeks=104, channels=2, seed=1)
        >>> fit = MarketingMixModel().fit(data.spend, data.revenue)
        >>> ax = mmm_fit(fit, ax=Figure().subplots())
        >>> ax.get_title()
        'fit: R² 0.94, NRMSE 0.055'
    """
    mix = _mix(fit)
    axes = _new_axes(ax)
    periods: FloatArray = np.arange(mix.revenue.shape[0], dtype=np.float64)
    axes.plot(periods, mix.revenue, color="black", linewidth=1.0, label="actual")
    axes.plot(periods, mix.fitted, color="C1", label="fitted")
    axes.set_xlabel("period")
    axes.set_ylabel("revenue per period")
    axes.set_title(f"fit: R² {mix.r_squared:.2f}, NRMSE {mix.nrmse:.3f}")
    axes.legend()
    return axes


# --- report series ------------------------------------------------------------------------------------

_TRENDS = {key: (title, digits) for key, title, digits in _REPORT_KPIS}
"""The KPIs a trend draws, as the report shows them: key → (title, digits; ROIs in percent)."""


def trend(
    series: ReportSeries,
    kpi: str = "roas",
    *,
    channels: str | Sequence[str] | None = None,
    total: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw one KPI of a report series by period: a line per channel, and the total dashed.

    A period where the KPI is unknown (no revenue, no ad spend, a ratio over zero) leaves a gap in the
    line rather than a zero. ROI is drawn in percent; amounts (CPA, CAC, spend) in the series' currency.

    Args:
        series: The [`ReportSeries`][socialroi.report.ReportSeries].
        kpi: A key of [`ChannelROI.kpis`][socialroi.report.ChannelROI.kpis]: ``"roas"``, ``"cpa"``,
            ``"roi"``, ``"investment"``, ...
        channels: The channels to draw (default: every channel of the series).
        total: Draw the total too.
        ax: The axes to draw on; by default a new figure's.

    Returns:
        The axes drawn on.

    Raises:
        InvalidInputError: ``series`` is not a `ReportSeries`; an unknown KPI or channel; nothing to draw.

    Examples:
        >>> import datetime as dt
        >>> from matplotlib.figure import Figure
        >>> from socialroi import CostItem, Costs, Money
        >>> from socialroi.report import ROIReport
        >>> months = [(dt.date(2026, m, 1), dt.date(2026, m, 28)) for m in (1, 2, 3)]
        >>> costs = Costs(items=[CostItem(category="ad_spend", amount=Money(amount=100, currency="EUR"),
        ...                               channel="meta", period=p) for p in months])
        >>> revenue = {"2026-01": {"meta": 250}, "2026-02": {"meta": 300}, "2026-03": {"meta": 280}}
        >>> ax = trend(ROIReport.series(costs, revenue=revenue), "roas", ax=Figure().subplots())
        >>> [line.get_label() for line in ax.get_lines()], ax.get_lines()[0].get_ydata().tolist()
        (['meta', 'total'], [2.5, 3.0, 2.8])
    """
    if not isinstance(cast("object", series), ReportSeries):
        msg = f"'series' must be a ReportSeries, from ROIReport.series (got {type(series).__name__})"
        raise InvalidInputError(msg)
    if kpi not in _TRENDS:
        msg = f"'kpi' must be {names_of(list(_TRENDS))} (got {kpi!r}){did_you_mean(str(kpi).casefold(), list(_TRENDS))}"
        raise InvalidInputError(msg)
    flag().check(total, "total")
    chosen = (
        list(series.channels)
        if channels is None
        else [channels]
        if isinstance(channels, str)
        else list(channels)
    )
    lines = [*chosen, *(["total"] if total else [])]
    if not lines:
        msg = "the trend plot needs a channel or the total to draw (got channels=[] and total=False)"
        raise InvalidInputError(msg)
    values = {name: series.kpi(name, kpi) for name in lines}  # refuses unknown channels by name
    title, digits = _TRENDS[kpi]
    scale = 100.0 if digits == _AS_PERCENT else 1.0
    axes = _new_axes(ax)
    x: FloatArray = np.arange(len(series), dtype=np.float64)
    for name in chosen:
        axes.plot(x, scale * values[name], marker="o", label=name)
    if total:
        axes.plot(x, scale * values["total"], color="black", linestyle="--", marker="o", label="total")
    axes.set_xticks(x, series.labels)
    unit = "%" if digits == _AS_PERCENT else "" if kpi in _UNITS else series.currency
    axes.set_ylabel(f"{title} ({unit})" if unit else title)
    axes.set_xlabel("month" if series.freq == "month" else "ISO week")
    axes.set_title(f"{title} by {series.freq}")
    axes.legend()
    return axes
