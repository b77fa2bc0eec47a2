"""Benchmarks of the budget allocator against its goal (run by `nox -s bench`).

Goal: `allocate` over 1,000 channels with exponential curves and per-channel bounds in under 50 ms.
Also measured, without a goal: the same with a mix of all four concave families, `allocate_to_target`
over the 1,000 channels, and the S-curve fallback on 20 channels.
"""

from __future__ import annotations

import timeit
import warnings

import numpy as np

from socialroi.budget import (
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_to_target,
)

CHANNELS = 1_000
GOAL_SECONDS = 0.050


def _best(stmt, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def _problem(seed: int = 0, *, mixed: bool = False):
    rng = np.random.default_rng(seed)
    beta = rng.uniform(1e3, 1e5, CHANNELS)
    scale = rng.uniform(1e2, 1e4, CHANNELS)
    families = [
        lambda i: ExponentialCurve(beta=beta[i], scale=scale[i]),
        lambda i: HillCurve(beta=beta[i], half_saturation=scale[i], slope=0.7),
        lambda i: LogisticCurve(beta=beta[i], lam=1 / scale[i]),
        lambda i: PowerCurve(scale=beta[i] / scale[i] ** 0.5, exponent=0.5),
    ]
    curves = {f"ch{i:04}": families[i % 4 if mixed else 0](i) for i in range(CHANNELS)}
    lo = rng.uniform(0, 50, CHANNELS)
    hi = lo + rng.uniform(100, 5_000, CHANNELS)
    names = list(curves)
    return curves, dict(zip(names, lo.tolist(), strict=True)), dict(zip(names, hi.tolist(), strict=True))


def test_allocate_thousand_exponential_channels(benchmark):
    curves, lo, hi = _problem()
    total = 1_000_000.0
    plan = benchmark(allocate, total, curves, min_spend=lo, max_spend=hi)
    seconds = _best(lambda: allocate(total, curves, min_spend=lo, max_spend=hi), 5)
    print(
        f"\nallocate(1,000 exponential channels, bounds): {seconds * 1e3:.1f} ms "
        f"({seconds / GOAL_SECONDS:.2f}x the 50 ms goal); {int(plan.at_lower.sum())} at a minimum, "
        f"{int(plan.at_upper.sum())} at a maximum"
    )
    assert seconds < GOAL_SECONDS


def test_allocate_thousand_mixed_channels(benchmark):
    curves, lo, hi = _problem(1, mixed=True)
    benchmark(allocate, 1_000_000.0, curves, min_spend=lo, max_spend=hi)
    seconds = _best(lambda: allocate(1_000_000.0, curves, min_spend=lo, max_spend=hi), 3)
    print(f"\nallocate(1,000 channels of all four families, bounds): {seconds * 1e3:.1f} ms (no goal)")


def test_allocate_to_target_thousand_channels(benchmark):
    curves, lo, hi = _problem(2)
    benchmark(allocate_to_target, curves, 2.0, min_spend=lo, max_spend=hi)
    seconds = _best(lambda: allocate_to_target(curves, 2.0, min_spend=lo, max_spend=hi), 5)
    print(f"\nallocate_to_target(1,000 exponential channels): {seconds * 1e3:.1f} ms (no goal)")


def test_s_curve_fallback_twenty_channels(benchmark):
    rng = np.random.default_rng(3)
    curves = {
        f"ch{i}": HillCurve(
            beta=float(rng.uniform(1e3, 1e4)), half_saturation=float(rng.uniform(500, 3e3)), slope=2.0
        )
        for i in range(20)
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        benchmark.pedantic(allocate, args=(30_000.0, curves), rounds=3)
        seconds = _best(lambda: allocate(30_000.0, curves), 1, repeat=3)
    print(f"\nallocate(20 S-shaped channels, grid fallback): {seconds * 1e3:.0f} ms (no goal)")
