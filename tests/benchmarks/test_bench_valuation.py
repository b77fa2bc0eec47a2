"""Benchmarks of socialroi.valuation against its goals (run by `nox -s bench`).

Goals:
- ``value_actions`` with 6 action types over 120 periods (the joint fit): under 5 ms.
- ``value_per_action`` with 10,000 Monte Carlo draws: under 5 ms. The default path uses exact quantiles
  (incomplete gamma or beta inversion), so it is measured too, with the Beta-Binomial model and with a
  baseline given as counts (which always samples).
"""

from __future__ import annotations

import timeit

import numpy as np

from socialroi.valuation import value_actions, value_per_action

GOAL = 5e-3
NAMES = ("like", "follow", "share", "comment", "click", "lead")


def _best(stmt, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def _campaign(periods: int = 120) -> tuple[dict[str, np.ndarray], np.ndarray]:
    rng = np.random.default_rng(0)
    level = rng.lognormal(0.0, 0.3, periods)
    sizes = (5000, 200, 300, 400, 1500, 60)
    rates = (0.001, 0.02, 0.0, 0.003, 0.004, 0.1)
    actions = {
        n: rng.poisson(level * m * rng.lognormal(0.0, 0.2, periods)).astype(float)
        for n, m in zip(NAMES, sizes, strict=True)
    }
    customers = rng.poisson(sum(actions[n] * r for n, r in zip(NAMES, rates, strict=True))).astype(float)
    return actions, customers


def _report(label: str, seconds: float) -> None:
    print(
        f"\n{label}: {seconds * 1e3:.3f} ms (goal < {GOAL * 1e3:.0f} ms): {seconds / GOAL:.2f}x of the budget"
    )


def test_value_actions_joint(benchmark):
    actions, customers = _campaign()
    benchmark(value_actions, actions, customers, 100.0)
    seconds = _best(lambda: value_actions(actions, customers, 100.0), 50)
    _report("value_actions, joint, 6 actions x 120 periods", seconds)
    assert seconds < GOAL


def test_value_actions_joint_weighted(benchmark):
    actions, customers = _campaign()
    benchmark(value_actions, actions, customers, 100.0, half_life=12, lag=1)
    seconds = _best(lambda: value_actions(actions, customers, 100.0, half_life=12, lag=1), 50)
    _report("value_actions, joint, half_life=12, lag=1", seconds)
    assert seconds < GOAL


def test_value_actions_ratio(benchmark):
    actions, customers = _campaign()
    benchmark(value_actions, actions, customers, 100.0, method="ratio")
    seconds = _best(lambda: value_actions(actions, customers, 100.0, method="ratio"), 50)
    _report("value_actions, ratio, 6 actions x 120 periods (exact quantiles)", seconds)
    assert seconds < GOAL


def test_value_per_action_monte_carlo(benchmark):
    actions, customers = _campaign()
    likes = actions["like"]
    benchmark(value_per_action, likes, customers, 100.0, draws=10_000, seed=1)
    seconds = _best(lambda: value_per_action(likes, customers, 100.0, draws=10_000, seed=1), 100)
    _report("value_per_action, 10,000 Monte Carlo draws (Gamma-Poisson)", seconds)
    assert seconds < GOAL


def test_value_per_action_monte_carlo_baseline(benchmark):
    actions, customers = _campaign()
    likes = actions["like"]
    benchmark(value_per_action, likes, customers, 100.0, baseline=(40, 200_000), seed=1)
    seconds = _best(lambda: value_per_action(likes, customers, 100.0, baseline=(40, 200_000), seed=1), 100)
    _report("value_per_action, baseline counts, 2 x 10,000 draws", seconds)
    assert seconds < GOAL


def test_value_per_action_exact(benchmark):
    actions, customers = _campaign()
    likes = actions["like"]
    benchmark(value_per_action, likes, customers, 100.0)
    seconds = _best(lambda: value_per_action(likes, customers, 100.0), 200)
    _report("value_per_action, exact incomplete-gamma quantiles", seconds)
    assert seconds < GOAL


def test_value_per_action_exact_beta(benchmark):
    clicks = np.full(120, 2_000.0)
    buyers = np.random.default_rng(2).binomial(2_000, 0.03, 120).astype(float)
    benchmark(value_per_action, clicks, buyers, 100.0, person_level=True)
    seconds = _best(lambda: value_per_action(clicks, buyers, 100.0, person_level=True), 200)
    _report("value_per_action, exact incomplete-beta quantiles (person_level)", seconds)
    assert seconds < GOAL


def test_value_per_action_monte_carlo_beta(benchmark):
    clicks = np.full(120, 2_000.0)
    buyers = np.random.default_rng(2).binomial(2_000, 0.03, 120).astype(float)
    benchmark(value_per_action, clicks, buyers, 100.0, person_level=True, draws=10_000)
    seconds = _best(lambda: value_per_action(clicks, buyers, 100.0, person_level=True, draws=10_000), 100)
    _report("value_per_action, 10,000 Monte Carlo draws (Beta-Binomial)", seconds)
    assert seconds < GOAL
