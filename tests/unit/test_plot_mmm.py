"""Unit tests of the marketing mix plots of socialroi.plot: what was drawn, and every error."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from socialroi import plot  # noqa: E402
from socialroi.datasets import synthetic_mmm  # noqa: E402
from socialroi.exceptions import InvalidInputError  # noqa: E402
from socialroi.mmm import MarketingMixFit, MarketingMixModel  # noqa: E402
from tests.plotting import render  # noqa: E402


@pytest.fixture(scope="module")
def fit() -> MarketingMixFit:
    data = synthetic_mmm(weeks=104, channels=2, seed=1)
    return MarketingMixModel().fit(data.spend, data.revenue)


def test_contributions_stack_the_baseline_and_channels_to_the_fit(fit, ax):
    result = plot.mmm_contributions(fit, ax=ax)
    render(result)
    assert result is ax
    (actual,) = result.get_lines()
    assert np.array_equal(actual.get_ydata(), fit.revenue)
    top = result.collections[-1].get_paths()[0].vertices[:, 1].max()  # the stack's top edge
    assert top == pytest.approx(float(fit.fitted.max()), rel=1e-9)
    assert result.get_title().startswith("decomposition: baseline ")


def test_curves_mark_the_current_spend_on_each_curve(fit, ax):
    result = plot.mmm_curves(fit, points=50, ax=ax)
    render(result)
    curves = fit.response_curves()
    lines = result.get_lines()
    assert len(lines) == 4  # a curve and a dot per channel
    for c, name in enumerate(fit.channels):
        now = float(fit.current_spend[c])
        assert lines[2 * c + 1].get_xydata().tolist() == [[now, curves[name].response(now)]]
        assert len(lines[2 * c].get_xdata()) == 50
    assert result.get_xlim() == (0.0, 2.0 * float(fit.current_spend.max()))


def test_curves_leave_out_channels_without_effect(ax):
    data = synthetic_mmm(weeks=104, channels=2, seed=1)
    revenue = (
        np.asarray(data.revenue) - data.contributions["instagram"] - 0.5 * np.asarray(data.spend["instagram"])
    )
    result = MarketingMixModel(prior_roas=0.0, saturation="power").fit(data.spend, revenue)
    drawn = plot.mmm_curves(result, ax=ax)
    legend = drawn.get_legend()
    assert legend is not None
    assert [text.get_text() for text in legend.get_texts()] == ["facebook", "current spend"]


def test_fit_draws_actual_and_fitted(fit, ax):
    result = plot.mmm_fit(fit, ax=ax)
    render(result)
    actual, fitted = result.get_lines()
    assert np.array_equal(fitted.get_ydata(), fit.fitted)
    assert np.array_equal(actual.get_ydata(), fit.revenue)


def test_without_ax_each_makes_its_own_figure(fit):
    drawn = [plot.mmm_contributions(fit), plot.mmm_curves(fit), plot.mmm_fit(fit)]
    try:
        assert len({axes.figure for axes in drawn}) == 3
    finally:
        for axes in drawn:
            plt.close(axes.figure)  # type: ignore[arg-type]


def test_errors(fit, ax):
    for draw in (plot.mmm_contributions, plot.mmm_curves, plot.mmm_fit):
        with pytest.raises(InvalidInputError, match=re.escape("'fit' must be a MarketingMixFit (got dict)")):
            draw({}, ax=ax)  # type: ignore[arg-type]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidInputError, match=re.escape("'points' must be an integer >= 2 (got 1)")):
            plot.mmm_curves(fit, points=1, ax=ax)
