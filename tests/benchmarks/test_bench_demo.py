"""Benchmark of `python -m socialroi` at its default size (goal: under 3 seconds, start-up included)."""

from __future__ import annotations

import subprocess
import sys
import time


def test_demo_runs_in_under_three_seconds():
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "socialroi"], check=True, capture_output=True, timeout=60)
        times.append(time.perf_counter() - start)
    best = min(times)
    print(f"\npython -m socialroi: {best:.2f} s (best of 3; goal < 3 s)")
    assert best < 3.0
