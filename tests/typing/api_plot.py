"""Pins the public signatures of socialroi.plot for mypy and pyright. Never executed: every check sits
in a function that nothing calls."""

from __future__ import annotations

from typing import assert_type

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from socialroi import Funnel, Performance
from socialroi.attribution import Attribution, AttributionComparison
from socialroi.budget import Allocation, HillCurve, ResponseCurve
from socialroi.plot import FUNNEL_STEPS, action_values, allocation, attribution, funnel, trend
from socialroi.report import ReportSeries
from socialroi.valuation import ActionValue, ActionValues


def funnels(record: Performance) -> None:
    ax = Figure().subplots()
    assert_type(FUNNEL_STEPS, tuple[str, ...])
    assert_type(funnel(record), Axes)
    assert_type(funnel(Funnel.social().evaluate(record), channel="meta", steps=["impressions"], ax=ax), Axes)
    assert_type(funnel(record, steps=("sessions", "leads"), scale="linear"), Axes)


def attributions(table: AttributionComparison, one: Attribution) -> None:
    assert_type(attribution(table), Axes)
    assert_type(attribution(one, measure="value_shares", truth={"a": 1.0}, truth_label="true"), Axes)


def allocations(plan: Allocation, curves: dict[str, ResponseCurve]) -> None:
    assert_type(allocation(plan, curves), Axes)
    assert_type(
        allocation(
            plan, {"a": HillCurve(beta=1, half_saturation=1)}, kind="marginal", spend_max=5.0, points=50
        ),
        Axes,
    )


def values(many: ActionValues, one: ActionValue) -> None:
    assert_type(action_values(many), Axes)
    assert_type(action_values(one, ax=Figure().subplots()), Axes)
    assert_type(action_values([one, one]), Axes)


def trends(series: ReportSeries) -> None:
    assert_type(trend(series), Axes)
    assert_type(trend(series, "cpa", channels=["meta"], total=False, ax=Figure().subplots()), Axes)
    assert_type(trend(series, "roi", channels="meta"), Axes)
