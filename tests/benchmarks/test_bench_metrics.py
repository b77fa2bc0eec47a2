"""Benchmarks of the KPI functions against their goals (run by `nox -s bench`).

Goals:
- ``roas`` on two Python floats: at most 5x a bare Python function computing ``revenue / spend``.
- ``roas`` on two 10-million-element float64 arrays: at most 1.5x ``numpy.divide`` on the same arrays,
  with no more than two temporary arrays of that size.
"""

from __future__ import annotations

import subprocess
import sys
import timeit
import tracemalloc

import numpy as np

import socialroi

N = 10_000_000


def _best(stmt, number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=repeat)) / number


_SCALAR = """
import timeit, socialroi
def bare(revenue, spend):
    return revenue / spend
def best(call):
    return min(timeit.repeat(call, number=200_000, repeat=7)) / 200_000
print(best(lambda: socialroi.roas(5000.0, 1000.0)), best(lambda: bare(5000.0, 1000.0)))
"""


def test_roas_scalar_overhead(benchmark):
    benchmark(socialroi.roas, 5000.0, 1000.0)
    # Timed in a fresh interpreter: the heavy benchmarks before this one (gigabytes allocated, many
    # modules imported) slow every Python call of a long-lived process alike, but not by the same ratio.
    result = subprocess.run([sys.executable, "-c", _SCALAR], capture_output=True, text=True, check=True)
    ours, bare = map(float, result.stdout.split())
    ratio = ours / bare
    print(
        f"\nroas(float, float): {ours * 1e9:.0f} ns vs bare division {bare * 1e9:.0f} ns: {ratio:.2f}x (goal <= 5x)"
    )
    assert ratio <= 5.0


def test_roas_ten_million(benchmark):
    rng = np.random.default_rng(0)
    revenue = rng.uniform(0, 10_000, N)
    spend = rng.uniform(1, 1_000, N)
    benchmark(socialroi.roas, revenue, spend)
    ours = _best(lambda: socialroi.roas(revenue, spend), 3)
    base = _best(lambda: np.divide(revenue, spend), 3)
    ratio = ours / base
    tracemalloc.start()
    socialroi.roas(revenue, spend)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    temporaries = peak / revenue.nbytes
    print(
        f"\nroas(10M, 10M): {ours * 1e3:.1f} ms vs numpy.divide {base * 1e3:.1f} ms: {ratio:.2f}x (goal <= 1.5x); "
        f"peak allocation {temporaries:.2f} arrays of that size (goal <= 2)"
    )
    assert ratio <= 1.5
    assert temporaries <= 2.0
