"""Benchmarks of the marketing mix model against its goals (run by `nox -s bench`).

Goals (issue 14), on `synthetic_mmm` data of 156 weeks:

- a full fit with intervals of 10 channels in under 2 s on this machine;
- over 20 seeds at a noise of 2 % of the mean revenue: mean absolute relative error of the channel
  ROAS <= 20 %, and the 90 % intervals cover the true ROAS for >= 80 % of the channels. Asserted for
  10 channels (not met: 20.03 % error, see the test) and for 6 channels (met);
- refits on the same data bit-identical.

The block bootstrap intervals (``intervals="bootstrap"``) are measured beside them, coverage and width,
without a goal (slow: 200 refits per fit); their reruns are bit-identical.

Also printed, without a goal: the table of 6 and 10 channels at 2 % and 5 % noise, and the error of the
same fit given the true shapes (only the effects estimated), which bounds what a better shape search
could gain; and, when the price per impression moves, the error of fits on impressions
(``fit(media=...)``) against fits on spend. When `pymc_marketing` can be imported (the bench session installs it), the same data are fitted
with its NUTS sampler (2 chains x 500 draws) side by side, and both times and ROAS errors are printed.
"""

from __future__ import annotations

import functools
import math
import time
import timeit
import warnings

import numpy as np
import pytest

from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import IdentifiabilityWarning
from socialroi.mmm import MarketingMixModel

GOAL_SECONDS = 2.0
GOAL_ERROR = 0.20
GOAL_COVERAGE = 0.80
SEEDS = range(20)


def _fit(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentifiabilityWarning)
        return MarketingMixModel().fit(data.spend, data.revenue)


@functools.cache
def _accuracy(channels: int, noise: float, seeds: range = SEEDS) -> tuple[float, float, float, float]:
    """Mean absolute relative ROAS error, its standard error over the channels, coverage, slowest fit."""
    errors: list[float] = []
    covered: list[bool] = []
    slowest = 0.0
    for seed in seeds:
        data = synthetic_mmm(weeks=156, channels=channels, noise=noise, seed=seed)
        start = time.perf_counter()
        fit = _fit(data)
        slowest = max(slowest, time.perf_counter() - start)
        true = np.array([data.true_roas[name] for name in fit.channels])
        errors += (np.abs(fit.roas - true) / true).tolist()
        covered += ((fit.roas_interval[:, 0] <= true) & (true <= fit.roas_interval[:, 1])).tolist()
    spread = float(np.std(errors, ddof=1)) / math.sqrt(len(errors))
    return float(np.mean(errors)), spread, float(np.mean(covered)), slowest


def _true_shape_error(channels: int, noise: float) -> float:
    """The ROAS error when the shapes are the true ones and only the effects are estimated (least squares)."""
    errors: list[float] = []
    for seed in SEEDS:
        data = synthetic_mmm(weeks=156, channels=channels, noise=noise, seed=seed)
        weeks = np.arange(156.0)
        columns = [np.ones(156), weeks / 156]
        for j in (1,):  # the generator's one yearly wave
            columns += [np.sin(2 * np.pi * j * weeks / 52), np.cos(2 * np.pi * j * weeks / 52)]
        shapes = []
        for name in data.channels:
            x = np.asarray(data.spend[name])
            curve = data.true_curves[name]
            u = data.true_adstocks[name].transform(x)
            shapes.append(
                np.where(u > 0, u**curve.slope / (curve.half_saturation**curve.slope + u**curve.slope), 0)
            )
        design = np.column_stack([*columns, *shapes])
        coef = np.linalg.lstsq(design, np.asarray(data.revenue), rcond=None)[0][len(columns) :]
        for c, name in enumerate(data.channels):
            roas = coef[c] * shapes[c].sum() / np.asarray(data.spend[name]).sum()
            errors.append(abs(roas - data.true_roas[name]) / data.true_roas[name])
    return float(np.mean(errors))


def test_fit_156_weeks_10_channels_with_intervals(benchmark):
    data = synthetic_mmm(weeks=156, channels=10, seed=0)
    fit = benchmark.pedantic(_fit, args=(data,), rounds=3, iterations=1)
    seconds = min(timeit.repeat(lambda: _fit(data), number=1, repeat=5))
    print(
        f"\nMarketingMixModel().fit(156 weeks x 10 channels, intervals): {seconds:.3f} s "
        f"({seconds / GOAL_SECONDS:.2f}x the 2 s goal); R² {fit.r_squared:.3f}"
    )
    assert seconds < GOAL_SECONDS


def test_refit_is_bit_identical():
    data = synthetic_mmm(weeks=156, channels=10, seed=0)
    first, second = _fit(data), _fit(data)
    for field in (
        "shapes",
        "effects",
        "roas",
        "roas_interval",
        "contribution_interval",
        "marginal_roas_interval",
    ):
        assert np.array_equal(getattr(first, field), getattr(second, field)), field
    assert first.to_dict() == second.to_dict()


def test_accuracy_table():
    print("\n156 weeks, 20 seeds, 90 % intervals (goal: error <= 20 %, coverage >= 80 %)")
    print("channels  noise  ROAS error (standard error)  coverage  slowest fit  error with the true shapes")
    for channels in (6, 10):
        for noise in (0.02, 0.05):
            error, spread, coverage, slowest = _accuracy(channels, noise)
            oracle = _true_shape_error(channels, noise)
            print(
                f"{channels:>8}  {noise:>5.0%}  {error:>11.2%} ({spread:>6.2%})  {coverage:>17.1%}  "
                f"{slowest:>9.2f} s  {oracle:>10.1%}"
            )
    # Four times the seeds, for a steadier figure (not the goal's measure).
    error, spread, coverage, _ = _accuracy(10, 0.02, range(80))
    print(f"10 channels, 2 % noise, 80 seeds: ROAS error {error:.2%} ({spread:.2%}), coverage {coverage:.1%}")


@functools.cache
def _bootstrap_coverage(channels: int) -> tuple[float, float, float, float]:
    """Coverage of the 90 % bootstrap intervals (200 resamples, seed 0) and of the Laplace ones, their
    mean widths relative to the true ROAS, and the slowest bootstrap fit."""
    covered: list[bool] = []
    widths: list[float] = []
    slowest = 0.0
    for seed in SEEDS:
        data = synthetic_mmm(weeks=156, channels=channels, noise=0.02, seed=seed)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IdentifiabilityWarning)
            fit = MarketingMixModel(intervals="bootstrap", seed=0).fit(data.spend, data.revenue)
        slowest = max(slowest, time.perf_counter() - start)
        true = np.array([data.true_roas[name] for name in fit.channels])
        low, high = fit.roas_interval[:, 0], fit.roas_interval[:, 1]
        covered += ((low <= true) & (true <= high)).tolist()
        widths += ((high - low) / true).tolist()
    return float(np.mean(covered)), float(np.mean(widths)), _laplace_width(channels), slowest


def _laplace_width(channels: int) -> float:
    widths: list[float] = []
    for seed in SEEDS:
        data = synthetic_mmm(weeks=156, channels=channels, noise=0.02, seed=seed)
        fit = _fit(data)
        true = np.array([data.true_roas[name] for name in fit.channels])
        widths += ((fit.roas_interval[:, 1] - fit.roas_interval[:, 0]) / true).tolist()
    return float(np.mean(widths))


def test_bootstrap_intervals():
    print(
        "\n156 weeks, 2 % noise, 20 seeds: 90 % intervals by block bootstrap (200 resamples) and by Laplace"
    )
    print("channels  bootstrap coverage  width / true ROAS  Laplace coverage  width / true ROAS  slowest fit")
    for channels in (6, 10):
        coverage, width, laplace_width, slowest = _bootstrap_coverage(channels)
        laplace = _accuracy(channels, 0.02)[2]
        print(
            f"{channels:>8}  {coverage:>18.1%}  {width:>17.2f}  {laplace:>16.1%}  {laplace_width:>17.2f}  {slowest:>9.1f} s"
        )


def test_bootstrap_refit_is_bit_identical():
    data = synthetic_mmm(weeks=156, channels=10, seed=0)
    model = MarketingMixModel(intervals="bootstrap", resamples=20, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentifiabilityWarning)
        first, second = model.fit(data.spend, data.revenue), model.fit(data.spend, data.revenue)
    for field in ("roas_interval", "contribution_interval", "marginal_roas_interval"):
        assert np.array_equal(getattr(first, field), getattr(second, field)), field


def test_roas_accuracy_6_channels():
    error, _, coverage, _ = _accuracy(6, 0.02)
    assert error <= GOAL_ERROR
    assert coverage >= GOAL_COVERAGE


@pytest.mark.xfail(
    strict=True,
    reason="issue 14's 10-channel goal is not met: 20.03 % mean ROAS error at 2 % noise (coverage 87.5 %)",
)
def test_roas_accuracy_10_channels():
    error, _, coverage, _ = _accuracy(10, 0.02)
    assert error <= GOAL_ERROR
    assert coverage >= GOAL_COVERAGE


def test_media_accuracy_table():
    """Fits on impressions against fits on spend when the price per impression moves (no goal)."""
    print("\n156 weeks, 2 % noise, CPM swinging by 60 %, 20 seeds: ROAS error on impressions and on spend")
    for channels in (6, 10):
        errors: dict[str, list[float]] = {"impressions": [], "spend": []}
        for seed in SEEDS:
            data = synthetic_mmm(weeks=156, channels=channels, noise=0.02, price_swing=0.6, seed=seed)
            true = np.array([data.true_roas[name] for name in data.channels])
            for kind, media in (("impressions", data.impressions), ("spend", None)):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", IdentifiabilityWarning)
                    fit = MarketingMixModel().fit(data.spend, data.revenue, media=media)
                errors[kind] += (np.abs(fit.roas - true) / true).tolist()
        print(
            f"{channels:>3} channels: {np.mean(errors['impressions']):.1%} on impressions, "
            f"{np.mean(errors['spend']):.1%} on spend"
        )
        assert np.mean(errors["impressions"]) < np.mean(errors["spend"])


def test_side_by_side_with_pymc_marketing():
    pymc_mmm = pytest.importorskip("pymc_marketing.mmm", reason="pymc-marketing is not installed")
    pd = pytest.importorskip("pandas")
    data = synthetic_mmm(weeks=156, channels=10, noise=0.02, seed=0)
    names = list(data.channels)
    true = np.array([data.true_roas[name] for name in names])
    frame = pd.DataFrame({name: np.asarray(data.spend[name]) for name in names})
    frame["trend"] = np.arange(156.0)
    frame["date"] = pd.date_range("2023-01-02", periods=156, freq="W-MON")
    model = pymc_mmm.MMM(
        date_column="date",
        channel_columns=names,
        control_columns=["trend"],
        adstock=pymc_mmm.GeometricAdstock(l_max=8),
        saturation=pymc_mmm.LogisticSaturation(),
        yearly_seasonality=2,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model.fit(
            frame[["date", *names, "trend"]],
            pd.Series(np.asarray(data.revenue)),
            chains=2,
            draws=500,
            tune=500,
            cores=1,
            random_seed=0,
            progressbar=False,
        )
        theirs_seconds = time.perf_counter() - start
        contribution = model.compute_channel_contribution_original_scale().mean(dim=("chain", "draw"))
    spend = np.array([np.asarray(data.spend[name]).sum() for name in names])
    theirs = np.array([float(contribution.sel(channel=name).sum()) for name in names]) / spend
    ours_seconds = min(timeit.repeat(lambda: _fit(data), number=1, repeat=3))
    ours = _fit(data).roas
    print(
        f"\n156 weeks x 10 channels, noise 2 %, seed 0: socialroi {ours_seconds:.2f} s, ROAS error "
        f"{np.mean(np.abs(ours - true) / true):.1%}; pymc-marketing NUTS (2 chains x 500 draws, 500 tuning) "
        f"{theirs_seconds:.0f} s, ROAS error {np.mean(np.abs(theirs - true) / true):.1%}; "
        f"{theirs_seconds / ours_seconds:.0f}x faster"
    )
    assert theirs_seconds >= 100 * ours_seconds
