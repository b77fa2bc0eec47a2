"""The marketing funnel: stages, the KPI catalogue, goals, SMART targets and the evaluation of a funnel.

Marketers plan social media as a funnel (awareness → consideration → conversion → loyalty → advocacy)
and measure each stage with its own KPIs. [`KPIS`][socialroi.funnel.KPIS] is the catalogue: each
[`KPI`][socialroi.funnel.KPI] says which [`Performance`][socialroi.records.Performance] fields it reads
and computes itself with the formula of `socialroi.metrics` (one formula, one place).
[`Funnel.social`][socialroi.funnel.Funnel.social] is the default social funnel with its
[`Goal`][socialroi.funnel.Goal]s; [`Target`][socialroi.funnel.Target] is a SMART target with a window of
dates; [`Funnel.evaluate`][socialroi.funnel.Funnel.evaluate] measures a period against all of it.

Pure computation: dates are always passed in, never read from a clock.

Examples:
    >>> from socialroi import Funnel, Performance, Stage
    >>> funnel = Funnel.social()
    >>> Stage.parse("lead generation")
    <Stage.CONVERSION: 3>
    >>> week = Performance(impressions=10_000, link_clicks=120, conversions=6, spend=60.0, currency="USD")
    >>> evaluation = funnel.evaluate(week)
    >>> evaluation.values["cpa"], evaluation.values["link_ctr"]
    (10.0, 0.012)
    >>> [(t.source, t.target, t.rate) for t in evaluation.flows]
    [('impressions', 'link_clicks', 0.012), ('link_clicks', 'conversions', 0.05)]
"""

from __future__ import annotations

from socialroi.funnel._catalogue import FLOW, KPIS
from socialroi.funnel._evaluation import Change, FunnelEvaluation, Scorecard, Transition
from socialroi.funnel._funnel import Funnel, Goal
from socialroi.funnel._kpi import KPI, Direction, KPIFunction, Unit
from socialroi.funnel._stage import Stage
from socialroi.funnel._targets import Target, TargetProgress

__all__ = [
    "Change",
    "Direction",
    "FLOW",
    "Funnel",
    "FunnelEvaluation",
    "Goal",
    "KPI",
    "KPIFunction",
    "KPIS",
    "Scorecard",
    "Stage",
    "Target",
    "TargetProgress",
    "Transition",
    "Unit",
]
