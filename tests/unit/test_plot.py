"""Unit tests of socialroi.plot: every plot rendered with Agg into memory, what was drawn, and every error."""

from __future__ import annotations

import importlib
import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from socialroi import Funnel, Money, Performance, plot  # noqa: E402
from socialroi.attribution import Attribution, AttributionComparison, FirstTouch, Journeys, LastTouch, compare  # noqa: E402
from socialroi.budget import ExponentialCurve, HillCurve, PowerCurve, allocate, allocate_by_stage  # noqa: E402
from socialroi.exceptions import (  # noqa: E402
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    UndefinedMetricWarning,
)
from socialroi.valuation import value_actions, value_per_action  # noqa: E402
from tests.plotting import render  # noqa: E402


def message(text: str) -> str:
    return re.escape(text)


def ticks(labels: list[object]) -> list[str]:
    return [label.get_text() for label in labels]  # type: ignore[attr-defined]


def legend(axes: Axes) -> list[str]:
    found = axes.get_legend()
    assert found is not None
    return [text.get_text() for text in found.get_texts()]


# --- the optional dependency --------------------------------------------------------------------------


def test_without_ax_each_plot_makes_one_pyplot_figure_and_changes_no_setting():
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    open_before = set(plt.get_fignums())
    curves = {"a": ExponentialCurve(beta=100.0, scale=50.0)}
    drawn = [
        plot.funnel(Performance(impressions=100, clicks=5)),
        plot.attribution(compare(Journeys.from_paths(["a"], conversions=[1]), models=[FirstTouch()])),
        plot.allocation(allocate(10.0, curves), curves),
        plot.action_values(value_per_action([100], [2], 10.0)),
    ]
    try:
        figures = {axes.figure for axes in drawn}
        assert len(figures) == 4
        assert set(plt.get_fignums()) - open_before == {figure.number for figure in figures}  # type: ignore[union-attr]
        for axes in drawn:
            render(axes)
        assert dict(matplotlib.rcParams) == before
        assert matplotlib.get_backend() == backend
    finally:
        for axes in drawn:
            plt.close(axes.figure)  # type: ignore[arg-type]


def test_given_axes_are_drawn_on_and_returned_and_nothing_is_opened(ax):
    open_before = plt.get_fignums()
    assert plot.funnel(Performance(impressions=100, clicks=5), ax=ax) is ax
    assert plt.get_fignums() == open_before


# --- funnel -------------------------------------------------------------------------------------------


class TestFunnel:
    def test_record_draws_its_measured_default_steps_with_rates(self, ax):
        record = Performance(impressions=20_000, clicks=400, sessions=300, conversions=12, leads=30)
        result = plot.funnel(record, ax=ax)
        render(result)
        assert [float(bar.get_width()) for bar in result.patches] == [20_000.0, 400.0, 300.0, 12.0]
        assert ticks(result.get_yticklabels()) == [
            "Impressions",
            "Clicks\n2 % of impressions",
            "Website sessions\n75 % of clicks",
            "Conversions\n4 % of website sessions",
        ]
        assert [text.get_text() for text in result.texts] == ["20,000", "400", "300", "12"]
        assert result.get_xscale() == "log"
        assert result.get_xlabel() == "count (log scale)"
        assert result.get_title() == "funnel"
        assert result.yaxis_inverted()

    def test_calculator_steps_sessions_leads_customers(self, ax):
        # 1,000 visits x 10 % landing conversion x 50 % close rate
        record = Performance(sessions=1_000, leads=100, customers=50, channel="meta")
        result = plot.funnel(record, steps=["sessions", "leads", "customers"], scale="linear", ax=ax)
        render(result)
        assert [float(bar.get_width()) for bar in result.patches] == [1_000.0, 100.0, 50.0]
        assert ticks(result.get_yticklabels())[1:] == [
            "Leads\n10 % of website sessions",
            "Customers\n50 % of leads",
        ]
        assert result.get_xscale() == "linear"
        assert result.get_xlabel() == "count"
        assert result.get_title() == "funnel: meta"

    def test_a_single_step_as_a_string_and_a_field_without_a_kpi_name(self, ax):
        result = plot.funnel(Performance(affiliate_sessions=7), steps="affiliate_sessions", ax=ax)
        assert ticks(result.get_yticklabels()) == ["Affiliate sessions"]

    def test_rates_after_a_zero_count_are_not_available(self, ax):
        result = plot.funnel(Performance(impressions=100, clicks=0, conversions=0), ax=ax)
        render(result)
        assert ticks(result.get_yticklabels())[1:] == [
            "Clicks\n0 % of impressions",
            "Conversions\nn/a of clicks",
        ]
        assert result.get_xscale() == "log"
        nothing = plot.funnel(Performance(impressions=0, clicks=0), ax=Figure().subplots())
        render(nothing)
        assert ticks(nothing.get_yticklabels())[1:] == ["Clicks\nn/a of impressions"]
        assert (nothing.get_xscale(), nothing.get_xlabel()) == ("linear", "count")

    def test_small_rates_keep_three_significant_digits(self, ax):
        result = plot.funnel(Performance(impressions=3_000_000, clicks=257), ax=ax)
        assert ticks(result.get_yticklabels())[1] == "Clicks\n0.00857 % of impressions"

    def test_evaluation_draws_its_flows_with_stages(self, ax):
        week = Performance(
            impressions=50_000, link_clicks=500, conversions=20, repeat_customers=5, customers=20
        )
        evaluation = Funnel.social().evaluate(week)
        result = plot.funnel(evaluation, ax=ax)
        render(result)
        assert [float(bar.get_width()) for bar in result.patches] == [50_000.0, 500.0, 20.0, 5.0]
        assert ticks(result.get_yticklabels()) == [
            "Awareness: Impressions",
            "Consideration: Link clicks\n1 % of impressions",
            "Conversion: Conversions\n4 % of link clicks",
            "Loyalty: Repeat customers\n25 % of conversions",
        ]
        assert [flow.rate for flow in evaluation.flows] == [0.01, 0.04, 0.25]
        assert result.get_title() == "social"

    def test_evaluation_of_one_channel(self, ax):
        evaluation = Funnel.social().evaluate(
            {
                "meta": Performance(impressions=1_000, link_clicks=30, conversions=3),
                "tiktok": Performance(impressions=2_000, link_clicks=10, conversions=1),
            }
        )
        result = plot.funnel(evaluation, channel="tiktok", ax=ax)
        assert [float(bar.get_width()) for bar in result.patches] == [2_000.0, 10.0, 1.0]
        assert result.get_title() == "social: tiktok"
        total = plot.funnel(evaluation, ax=Figure().subplots())
        assert [float(bar.get_width()) for bar in total.patches] == [3_000.0, 40.0, 4.0]

    def test_evaluation_with_chosen_steps(self, ax):
        evaluation = Funnel.social().evaluate(Performance(impressions=1_000, clicks=50, sessions=40))
        result = plot.funnel(evaluation, steps=("clicks", "sessions"), ax=ax)
        assert [float(bar.get_width()) for bar in result.patches] == [50.0, 40.0]
        assert ticks(result.get_yticklabels()) == ["Clicks", "Website sessions\n80 % of clicks"]

    def test_errors_of_the_data(self, ax):
        with pytest.raises(
            InvalidInputError, match=message("'data' must be a FunnelEvaluation or a Performance (got dict)")
        ):
            plot.funnel({"impressions": 5}, ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'channel' applies to a FunnelEvaluation; a Performance record is one channel (got 'meta')"
            ),
        ):
            plot.funnel(Performance(impressions=5), channel="meta", ax=ax)
        with pytest.raises(
            InvalidInputError, match=message("'scale' must be 'log' or 'linear' (got 'logit')")
        ):
            plot.funnel(Performance(impressions=5), scale="logit", ax=ax)  # type: ignore[arg-type]

    def test_errors_of_unmeasured_steps(self, ax):
        with pytest.raises(
            MissingDataError,
            match=message(
                "the funnel plot needs at least one of 'impressions', 'clicks', 'link_clicks', 'sessions' or 'conversions' measured, or 'steps'"
            ),
        ):
            plot.funnel(Performance(leads=4), ax=ax)
        with pytest.raises(
            MissingDataError, match=message("the funnel plot needs 'leads', which was not measured")
        ):
            plot.funnel(Performance(sessions=4), steps=["sessions", "leads"], ax=ax)
        evaluation = Funnel.social().evaluate(Performance(impressions=10, spend=1.0))
        with pytest.raises(
            MissingDataError,
            match=message("the funnel plot needs counts measured at two funnel stages or more, or 'steps'"),
        ):
            plot.funnel(evaluation, ax=ax)
        with pytest.raises(MissingDataError, match=message("clicks needs 'clicks', which was not measured")):
            plot.funnel(evaluation, steps=["impressions", "clicks"], ax=ax)
        with pytest.raises(
            InvalidInputError,
            match=message("'kpi' must be a KPI of the evaluation (got 'engagement_seconds')"),
        ):
            plot.funnel(evaluation, steps=["engagement_seconds"], ax=ax)

    def test_errors_of_steps(self, ax):
        record = Performance(impressions=10, clicks=1)
        with pytest.raises(
            InvalidInputError, match=message("'steps' must name at least one count (got none)")
        ):
            plot.funnel(record, steps=[], ax=ax)
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'steps' must hold Performance counts such as 'impressions' (got 'clikcs' at index 1); did you mean 'clicks'"
            ),
        ):
            plot.funnel(record, steps=["impressions", "clikcs"], ax=ax)
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'steps' must hold Performance counts such as 'impressions' (got 'channel' at index 0)"
            ),
        ):
            plot.funnel(record, steps=["channel"], ax=ax)
        with pytest.raises(InvalidInputError, match=message("'steps' must be distinct (got 'clicks' twice)")):
            plot.funnel(record, steps=["clicks", "impressions", "clicks"], ax=ax)

    def test_errors_of_the_channel(self, ax):
        evaluation = Funnel.social().evaluate({"meta": Performance(impressions=10, clicks=1)})
        with pytest.raises(
            InvalidInputError,
            match=message("unknown channel 'mata'; the evaluation has 'meta'; did you mean 'meta'?"),
        ):
            plot.funnel(evaluation, channel="mata", ax=ax)
        single = Funnel.social().evaluate(Performance(impressions=10, clicks=1))
        with pytest.raises(
            InvalidInputError, match=message("unknown channel 'meta'; the evaluation has none")
        ):
            plot.funnel(single, channel="meta", ax=ax)


# --- attribution --------------------------------------------------------------------------------------


@pytest.fixture
def table() -> AttributionComparison:
    journeys = Journeys.from_paths(["a > b", "b > c", "c"], conversions=[2, 1, 1], values=[20, 10, 30])
    return compare(journeys, models=[FirstTouch(), LastTouch()])


def segments(axes: Axes) -> list[list[list[float]]]:
    (lines,) = [c for c in axes.collections if isinstance(c, LineCollection)]
    return [np.asarray(s).tolist() for s in lines.get_segments()]


class TestAttribution:
    def test_conversions_as_grouped_bars(self, table, ax):
        result = plot.attribution(table, ax=ax)
        render(result)
        heights = [float(bar.get_height()) for bar in result.patches]
        # first touch a, b, c then last touch a, b, c
        assert heights == [2.0, 1.0, 1.0, 0.0, 2.0, 2.0]
        centres = [round(bar.get_x() + bar.get_width() / 2, 6) for bar in result.patches]
        assert centres == [-0.2, 0.8, 1.8, 0.2, 1.2, 2.2]
        assert ticks(result.get_xticklabels()) == ["a", "b", "c"]
        assert legend(result) == ["first touch", "last touch"]
        assert result.get_ylabel() == "credited conversions"
        assert result.get_title() == "attribution by model"

    def test_value_and_a_single_attribution(self, table, ax):
        result = plot.attribution(table["last touch"], measure="value", ax=ax)
        assert [float(bar.get_height()) for bar in result.patches] == [0.0, 20.0, 40.0]
        assert [round(bar.get_width(), 6) for bar in result.patches] == [0.8, 0.8, 0.8]
        assert legend(result) == ["last touch"]
        assert result.get_ylabel() == "credited value"

    def test_shares_add_to_one_per_model_and_the_truth_becomes_shares(self, table, ax):
        truth = {"a": 1.0, "b": 2.0, "c": 1.0, "d": 4.0}
        result = plot.attribution(table, measure="shares", truth=truth, truth_label="true effect", ax=ax)
        render(result)
        heights = [float(bar.get_height()) for bar in result.patches]
        assert heights == [0.5, 0.25, 0.25, 0.0, 0.0, 0.5, 0.5, 0.0]
        assert ticks(result.get_xticklabels()) == ["a", "b", "c", "d"]
        marks = segments(result)
        assert [segment[0][1] for segment in marks] == [0.125, 0.25, 0.125, 0.5]
        assert [round(marks[0][0][0], 6), round(marks[0][1][0], 6)] == [-0.45, 0.45]
        assert legend(result) == ["first touch", "last touch", "true effect"]
        assert result.get_ylabel() == "share of conversions"
        assert result.yaxis.get_major_formatter()(0.25, 0) == "25%"

    def test_value_shares_with_truth_for_some_channels(self, table, ax):
        result = plot.attribution(table, measure="value_shares", truth={"c": 3.0}, ax=ax)
        assert [round(float(bar.get_height()), 6) for bar in result.patches] == [
            0.333333,
            0.166667,
            0.5,
            0.0,
            0.333333,
            0.666667,
        ]
        assert segments(result) == [[[1.55, 1.0], [2.45, 1.0]]]
        assert result.get_ylabel() == "share of value"

    def test_truth_in_conversions_is_drawn_as_given(self, table, ax):
        result = plot.attribution(table, truth={"b": 1.5, "a": 0.5}, ax=ax)
        assert [segment[0][1] for segment in segments(result)] == [0.5, 1.5]

    def test_many_channels_tilt_their_labels(self, ax):
        paths = ["a", "b", "c", "d", "e", "f"]
        result = plot.attribution(
            compare(Journeys.from_paths(paths, conversions=[1] * 6), models=[FirstTouch()]), ax=ax
        )
        render(result)
        assert {label.get_rotation() for label in result.get_xticklabels()} == {30.0}

    def test_shares_of_a_model_that_credited_nothing_warn(self, ax):
        empty = Attribution(model="none", channels=("a",), conversions=[0.0], value=[0.0])
        with pytest.warns(
            UndefinedMetricWarning, match="share of conversions is undefined where 'total conversions' is 0"
        ):
            result = plot.attribution(empty, measure="shares", ax=ax)
        assert math.isnan(result.patches[0].get_height())
        with pytest.warns(UndefinedMetricWarning) as caught:
            plot.attribution(empty, measure="value_shares", truth={"a": 0.0}, ax=Figure().subplots())
        assert [str(w.message).split(" (")[0] for w in caught] == [
            "share of value is undefined where 'total value' is 0",
            "share of truth is undefined where 'total truth' is 0",
        ]

    def test_errors(self, table, ax):
        with pytest.raises(
            InvalidInputError,
            match=message("'result' must be an AttributionComparison or an Attribution (got dict)"),
        ):
            plot.attribution({"a": 1.0}, ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'measure' must be 'conversions', 'value', 'shares' or 'value_shares' (got 'share'); did you mean 'shares'"
            ),
        ):
            plot.attribution(table, measure="share", ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match=message("'truth' must map channel names to numbers (got list)")
        ):
            plot.attribution(table, truth=[1.0], ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match=message("'truth' must be keyed by channel names (got 1)")
        ):
            plot.attribution(table, truth={1: 1.0}, ax=ax)  # type: ignore[dict-item]
        with pytest.raises(InvalidInputError, match=message("\"truth['a']\" must be finite (got inf)")):
            plot.attribution(table, truth={"a": math.inf}, ax=ax)
        with pytest.raises(
            InvalidInputError, match=message("'truth' must give at least one channel (got none)")
        ):
            plot.attribution(table, truth={}, ax=ax)


# --- budget -------------------------------------------------------------------------------------------

CURVES = {
    "meta": HillCurve(beta=8_000, half_saturation=2_000),
    "tiktok": HillCurve(beta=2_000, half_saturation=500),
}


def markers(axes: Axes) -> list[tuple[list[list[float]], str]]:
    """(points, face colour) of each marker-only line, in drawing order."""
    return [
        (np.asarray(line.get_xydata()).tolist(), str(line.get_markerfacecolor()))
        for line in axes.get_lines()
        if line.get_linestyle() == "None"
    ]


class TestAllocation:
    def test_response_curves_with_allocated_and_current_spend(self, ax):
        # The marginals 4 / (1 + x/2,000)² and 4 / (1 + y/500)² are equal where x = 4y: 4,000 and 1,000.
        plan = allocate(5_000, CURVES, current={"meta": 2_500, "tiktok": 2_500})
        result = plot.allocation(plan, CURVES, ax=ax)
        render(result)
        curves = [line for line in result.get_lines() if line.get_linestyle() == "-"]
        assert [line.get_label() for line in curves] == ["meta", "tiktok"]
        x, y = curves[0].get_data()
        assert len(x) == 200
        assert (float(x[0]), float(x[-1])) == (0.0, 6_000.0)  # 1.5 x the largest spend, 4,000
        np.testing.assert_allclose(y, 8_000 * np.asarray(x) / (2_000 + np.asarray(x)))
        drawn = markers(result)
        np.testing.assert_allclose(drawn[0][0], [[4_000.0, 8_000 * 4_000 / 6_000]])
        assert drawn[1][1] == "white"
        np.testing.assert_allclose(drawn[1][0], [[2_500.0, 8_000 * 2_500 / 4_500]])
        np.testing.assert_allclose(drawn[2][0], [[1_000.0, 2_000 * 1_000 / 1_500]])
        np.testing.assert_allclose(drawn[3][0], [[2_500.0, 2_000 * 2_500 / 3_000]])
        assert drawn[0][1] == str(curves[0].get_color())
        assert legend(result) == ["meta", "tiktok", "allocated", "current"]
        assert result.get_xlim() == (0.0, 6_000.0)
        assert result.get_xlabel() == "spend per period"
        assert result.get_ylabel() == "response per period"
        improvement = plan.improvement
        assert improvement is not None
        assert (
            result.get_title() == f"allocation of 5,000 per period (+{improvement:,.0f} response vs current)"
        )

    def test_marginal_curves_with_the_budget_marginal_roas(self, ax):
        plan = allocate(5_000, CURVES)
        result = plot.allocation(plan, CURVES, kind="marginal", spend_max=8_000, points=5, ax=ax)
        render(result)
        x, y = result.get_lines()[0].get_data()
        assert np.asarray(x).tolist() == [0.0, 2_000.0, 4_000.0, 6_000.0, 8_000.0]
        np.testing.assert_allclose(y, [4.0, 1.0, 4 / 9, 0.25, 0.16])
        lam = plan.budget_marginal_roas
        assert lam is not None
        assert legend(result) == ["meta", "tiktok", "allocated", f"budget marginal ROAS λ = {lam:.3g}"]
        assert legend(result)[-1] == "budget marginal ROAS λ = 0.444"
        np.testing.assert_allclose(result.get_ylim(), (0.0, 3 * 4 / 9))
        assert result.get_ylabel() == "marginal ROAS"
        assert result.get_title() == "allocation of 5,000 per period"

    def test_marginal_of_current_spend_and_of_a_stage_plan_without_lambda(self, ax):
        stages = {"awareness": {"meta": CURVES["meta"]}, "conversion": {"tiktok": CURVES["tiktok"]}}
        plan = allocate_by_stage(
            5_000, stages, {"awareness": 0.8, "conversion": 0.2}, current={"meta": 1_000, "tiktok": 4_000}
        )
        result = plot.allocation(plan, CURVES, kind="marginal", ax=ax)
        assert legend(result) == ["meta", "tiktok", "allocated", "current"]
        drawn = markers(result)
        assert drawn[1] == ([[1_000.0, 4 / (1 + 1_000 / 2_000) ** 2]], "white")
        np.testing.assert_allclose(result.get_ylim(), (0.0, 3 * float(plan.marginal_roas.max())))

    def test_bounds_are_named_in_the_legend(self, ax):
        curves = {
            **CURVES,
            "x": ExponentialCurve(beta=100, scale=100),
            "y": ExponentialCurve(beta=10, scale=10),
        }
        plan = allocate(5_000, curves, min_spend={"y": 50}, max_spend={"meta": 3_000, "y": 50})
        result = plot.allocation(plan, curves, ax=ax)
        labels = legend(result)
        assert labels[:4] == ["meta (at maximum)", "tiktok", "x", "y (fixed)"]
        lower = allocate(100, {"a": PowerCurve(scale=1, exponent=1), "b": PowerCurve(scale=0.5, exponent=1)})
        assert legend(
            plot.allocation(
                lower,
                {"a": PowerCurve(scale=1, exponent=1), "b": PowerCurve(scale=0.5, exponent=1)},
                ax=Figure().subplots(),
            )
        )[:2] == ["a", "b (at minimum)"]

    def test_infinite_marginals_are_left_out_and_a_zero_budget_gets_a_unit_axis(self, ax):
        curves = {"search": PowerCurve(scale=40, exponent=0.6)}
        plan = allocate(0.0, curves)
        result = plot.allocation(plan, curves, kind="marginal", points=3, ax=ax)
        render(result)
        x, y = result.get_lines()[0].get_data()
        assert np.asarray(x).tolist() == [0.0, 0.5, 1.0]
        assert math.isnan(y[0])
        assert np.isfinite(y[1:]).all()
        assert math.isnan(markers(result)[0][0][0][1])
        assert result.get_xlim() == (0.0, 1.0)

    def test_errors(self, ax):
        plan = allocate(5_000, CURVES)
        with pytest.raises(InvalidInputError, match=message("'plan' must be an Allocation (got dict)")):
            plot.allocation({}, CURVES, ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match=message("'kind' must be 'response' or 'marginal' (got 'roas')")
        ):
            plot.allocation(plan, CURVES, kind="roas", ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match=message("'curves' must map channel names to response curves (got list)")
        ):
            plot.allocation(plan, list(CURVES.values()), ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'curves' must have a curve for every channel of the allocation (missing 'tiktok'); did you mean 'tiktak'?"
            ),
        ):
            plot.allocation(plan, {"meta": CURVES["meta"], "tiktak": CURVES["tiktok"]}, ax=ax)
        with pytest.raises(
            InvalidInputError,
            match=message(
                "'curves' must hold the allocation's channels only (got 'x', not in 'meta' or 'tiktok')"
            ),
        ):
            plot.allocation(plan, {**CURVES, "x": CURVES["meta"]}, ax=ax)
        with pytest.raises(
            InvalidInputError,
            match=message("'curves['tiktok']' must be a response curve such as HillCurve (got dict)"),
        ):
            plot.allocation(plan, {"meta": CURVES["meta"], "tiktok": {}}, ax=ax)  # type: ignore[dict-item]
        with pytest.raises(
            InvalidInputError,
            match=message("'curves' must be the curves the allocation was made with: 'meta' gives"),
        ):
            plot.allocation(plan, {"meta": CURVES["tiktok"], "tiktok": CURVES["tiktok"]}, ax=ax)
        for points in (1, True, 2.5):
            with pytest.raises(
                InvalidInputError, match=message(f"'points' must be an integer >= 2 (got {points!r})")
            ):
                plot.allocation(plan, CURVES, points=points, ax=ax)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match=message("'spend_max' must be > 0 and finite (got 0.0)")):
            plot.allocation(plan, CURVES, spend_max=0.0, ax=ax)


# --- valuation ----------------------------------------------------------------------------------------

COUNTS = {"like": [1000, 2000, 1500, 3000], "follow": [40, 20, 60, 30]}
CUSTOMERS = [7, 8, 9, 12]


def errorbars(axes: Axes) -> list[list[float]]:
    """(left, right) of each horizontal error bar."""
    (bars,) = [c for c in axes.collections if isinstance(c, LineCollection)]
    return [[float(segment[0][0]), float(segment[1][0])] for segment in bars.get_segments()]


class TestActionValues:
    def test_joint_values_with_their_intervals(self, ax):
        joint = value_actions(COUNTS, CUSTOMERS, Money(amount=100, currency="USD"))
        result = plot.action_values(joint, ax=ax)
        render(result)
        point = result.get_lines()[0]
        assert [round(float(x), 4) for x in point.get_xdata()] == [0.3231, 7.6923]
        assert np.asarray(point.get_ydata()).tolist() == [0.0, 1.0]
        assert point.get_markerfacecolor() == point.get_color()
        # Error bars are drawn as value - low and high - value offsets: equal to the interval up to rounding.
        expected = [list(joint["like"].interval), list(joint["follow"].interval)]
        np.testing.assert_allclose(errorbars(result), expected, rtol=1e-12)
        assert ticks(result.get_yticklabels()) == ["like", "follow"]
        assert result.get_ylim() == (1.5, -0.5)
        assert legend(result) == ["value per action, 90 % interval"]
        assert result.get_xlabel() == "value per action (USD): associated, not shown causal"
        assert result.get_title() == "value per action"
        assert list(result.texts) == []

    def test_ratio_values_are_hollow_and_say_not_to_add_them(self, ax):
        ratio = value_actions(COUNTS, CUSTOMERS, 100.0, method="ratio", level=0.8)
        result = plot.action_values(ratio, ax=ax)
        render(result)
        assert result.get_lines()[0].get_markerfacecolor() == "white"
        assert legend(result) == ["value per action, 80 % interval; separate ratios: do not add"]
        assert [text.get_text() for text in result.texts] == [
            "the ratios claim 72.0 customers together; there were 36.0"
        ]
        assert result.get_xlabel() == "value per action: associated, not shown causal"

    def test_several_single_values_are_not_additive_one_is(self, ax):
        like = value_per_action(COUNTS["like"], CUSTOMERS, 100.0, name="like")
        follow = value_per_action(COUNTS["follow"], CUSTOMERS, 100.0)
        both = plot.action_values([like, follow], ax=ax)
        assert legend(both) == ["value per action, 90 % interval; separate ratios: do not add"]
        assert ticks(both.get_yticklabels()) == ["like", "action 2"]
        assert list(both.texts) == []
        one = plot.action_values(iter([like]), ax=Figure().subplots())
        assert legend(one) == ["value per action, 90 % interval"]
        alone = plot.action_values(follow, ax=Figure().subplots())
        assert errorbars(alone) == [list(follow.interval)]

    def test_unidentified_actions_get_a_row_without_a_point(self, ax):
        counts = {
            "like": [10, 20, 30, 40],
            "share": [1, 2, 3, 4],
            "follow": [40, 20, 60, 30],
            "save": [0, 0, 0, 0],
        }
        values = value_actions(counts, CUSTOMERS, 100.0)
        result = plot.action_values(values, ax=ax)
        render(result)
        assert ticks(result.get_yticklabels()) == [
            "like\n(not identified: moves with share)",
            "share\n(not identified: moves with like)",
            "follow",
            "save\n(not identified: no data)",
        ]
        assert np.asarray(result.get_lines()[0].get_ydata()).tolist() == [2.0]

    def test_incremental_values_say_so(self, ax):
        causal = value_per_action([1000, 1200], [20, 30], 100.0, baseline=(5, 1000))
        result = plot.action_values(causal, ax=ax)
        assert result.get_xlabel() == "value per action: incremental"

    def test_errors(self, ax):
        like = value_per_action([100], [2], Money(amount=10, currency="USD"))
        with pytest.raises(
            InvalidInputError,
            match=message("'values' must be ActionValues, an ActionValue or ActionValue items (got float)"),
        ):
            plot.action_values(1.0, ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=message("'values' must be ActionValues, an ActionValue or ActionValue items (got str)"),
        ):
            plot.action_values("like", ax=ax)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match=message("'values' must hold ActionValue items (got int at index 1)")
        ):
            plot.action_values([like, 3], ax=ax)  # type: ignore[list-item]
        with pytest.raises(
            InvalidInputError, match=message("'values' must hold at least one ActionValue (got none)")
        ):
            plot.action_values([], ax=ax)
        euro = value_per_action([100], [2], Money(amount=10, currency="EUR"))
        with pytest.raises(
            CurrencyMismatchError, match=message("'values' must share one currency (got 'EUR' or 'USD')")
        ):
            plot.action_values([like, euro], ax=ax)
        wide = value_per_action([100], [2], Money(amount=10, currency="USD"), level=0.5)
        with pytest.raises(
            InvalidInputError, match=message("'values' must share one interval level (got 0.5, 0.9)")
        ):
            plot.action_values([like, wide], ax=ax)


# --- the documentation's figures ------------------------------------------------------------------------


def test_the_docs_build_hook_draws_every_figure_from_the_synthetic_data():
    path = Path(__file__).parents[2] / "docs" / "hooks" / "figures.py"
    spec = importlib.util.spec_from_file_location("socialroi_docs_figures", path)
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    rendered = hook.figures()
    assert sorted(rendered) == [
        "action-values",
        "action-values-ratio",
        "allocation",
        "allocation-marginal",
        "attribution",
        "funnel",
        "mmm-contributions",
        "mmm-curves",
        "mmm-fit",
        "trend",
    ]
    assert all(png.startswith(b"\x89PNG") for png in rendered.values())
    assert rendered == hook.figures()  # same data, same pictures: nothing stale, nothing random
