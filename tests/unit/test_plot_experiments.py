"""Unit tests of the lift and power-curve plots of socialroi.plot: rendered with Agg into memory."""

from __future__ import annotations

import re

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from socialroi import plot  # noqa: E402
from socialroi.exceptions import InvalidInputError  # noqa: E402
from socialroi.experiments import conversion_lift, lift_power, minimum_detectable_lift  # noqa: E402
from tests.plotting import render  # noqa: E402


def test_lifts_with_their_intervals(ax):
    meta = conversion_lift(
        1_300,
        1_000,
        test_size=100_000,
        control_size=100_000,
        spend=5e3,
        value_per_conversion=40.0,
        channel="meta",
    )
    other = conversion_lift(
        1_100, 1_000, test_size=100_000, control_size=100_000, spend=5e3, value_per_conversion=40.0
    )
    assert plot.lift([meta, other], measure="iroas", ax=ax) is ax
    assert ax.lines[0].get_xdata().tolist() == pytest.approx([meta.iroas, other.iroas])
    assert [label.get_text() for label in ax.get_yticklabels()] == ["meta", "conversion lift 2"]
    assert ax.get_xlabel() == "iROAS"
    assert ax.get_legend().get_texts()[0].get_text() == "iroas, 90 % interval"
    render(ax)


def test_lift_errors(ax):
    meta = conversion_lift(130, 100, test_size=10_000, control_size=10_000)
    with pytest.raises(InvalidInputError, match="'lifts' must be a Lift or a sequence"):
        plot.lift([], ax=ax)
    with pytest.raises(
        InvalidInputError,
        match=re.escape(
            "'measure' must be 'relative_lift', 'incremental' or 'iroas' (got 'iroa'); did you mean 'iroas'?"
        ),
    ):
        plot.lift(meta, measure="iroa", ax=ax)  # type: ignore[arg-type]
    wider = conversion_lift(130, 100, test_size=10_000, control_size=10_000, level=0.95)
    with pytest.raises(InvalidInputError, match="one interval level"):
        plot.lift([meta, wider], ax=ax)


def test_power_curve(ax):
    assert plot.power_curve(0.01, 50_000, 50_000, ax=ax) is ax
    x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert y[0] == pytest.approx(0.05)
    assert y == pytest.approx(lift_power(0.01, np.asarray(x) / 100, 50_000, 50_000))
    mdl = minimum_detectable_lift(0.01, 50_000, 50_000)
    assert ax.get_legend().get_texts()[1].get_text() == f"minimum detectable lift {100 * mdl:.3g} points"
    other = Figure().subplots()
    plot.power_curve(0.01, 50_000, 50_000, lifts=[0.0, 0.001, 0.002], ax=other)
    assert other.lines[0].get_xdata().tolist() == pytest.approx([0.0, 0.1, 0.2])
    render(ax)
