"""Shapley attribution on one million journeys over ten channels (issue 7 goals).

Goals: ``Shapley()`` under 0.5 s (statistics + exact local games), peak memory under 300 MB.
"""

from __future__ import annotations

import tracemalloc
from typing import Any

import numpy as np
import pytest

from socialroi.attribution import Journeys, Shapley
from tests.benchmarks._journeys_data import million_journeys

GOAL_SECONDS = 0.5
GOAL_MEGABYTES = 300.0


@pytest.fixture(scope="module")
def journeys() -> Journeys:
    return million_journeys()


@pytest.mark.benchmark
@pytest.mark.parametrize("options", [{}, {"clip_negative": True}, {"game": "simplified"}, {"ordered": True}])
def test_shapley(benchmark: Any, journeys: Journeys, options: dict[str, Any]) -> None:
    model = Shapley(**options)

    def run() -> Any:
        return model.credits(model.statistics(journeys))

    result = benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)
    seconds = benchmark.stats.stats.median
    tracemalloc.start()
    try:
        run()
        megabytes = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    sets = model.statistics(journeys).sets.size
    print(
        f"\n{model.name} {options}: {seconds:.3f} s median over {sets} channel sets; goal {GOAL_SECONDS} s -> "
        f"{seconds / GOAL_SECONDS:.0%} of the budget; peak memory {megabytes:.0f} MB (goal {GOAL_MEGABYTES:.0f} MB)"
    )
    assert np.isclose(result.conversions.sum(), journeys.total_conversions)
