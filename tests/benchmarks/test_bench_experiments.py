"""Benchmarks of socialroi.experiments against its goals (run by `nox -s bench`).

Goal: the analysis of a geo experiment with 500 matched pairs in under 10 ms: trimmed match with the
data-driven trim rate (every trim count up to 25 % solved at once) and with a fixed trim rate, and
time-based regression over 500 treatment and 500 control regions.
"""

from __future__ import annotations

import timeit

import numpy as np

from socialroi.experiments import conversion_lift, time_based_regression, trimmed_match

GOAL = 10e-3


def _best(stmt, number: int = 5, repeat: int = 7) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


def _pairs(n: int = 500):
    rng = np.random.default_rng(0)
    control_cost = rng.uniform(0, 10, n)
    treatment_cost = control_cost + rng.uniform(5, 15, n)
    control_response = rng.gamma(5, 200, n)
    treatment_response = control_response * rng.normal(1, 0.05, n) + 2 * (treatment_cost - control_cost)
    return treatment_response, control_response, treatment_cost, control_cost


def _report(label: str, seconds: float) -> None:
    print(f"\n{label}: {seconds * 1e3:.2f} ms (goal {GOAL * 1e3:.0f} ms, {seconds / GOAL:.2f} of it)")


def test_trimmed_match_of_500_pairs():
    pairs = _pairs()
    _report("trimmed match, 500 pairs, data-driven trim", _best(lambda: trimmed_match(*pairs)))
    _report("trimmed match, 500 pairs, trim rate 0.1", _best(lambda: trimmed_match(*pairs, trim_rate=0.1)))


def test_time_based_regression_of_500_regions():
    rng = np.random.default_rng(0)
    control = 100 + 10 * rng.normal(size=(500, 120))
    treatment = 1.5 * control + rng.normal(size=(500, 120))
    _report(
        "time-based regression, 500 + 500 regions, 120 periods",
        _best(lambda: time_based_regression(treatment, control, pre_periods=90, cost=1_000.0)),
    )


def test_conversion_lift_default_draws():
    _report(
        "conversion lift, 20,000 draws",
        _best(
            lambda: conversion_lift(
                1_300,
                1_000,
                test_size=100_000,
                control_size=100_000,
                spend=5_000.0,
                value_per_conversion=40.0,
            )
        ),
    )
