"""Typing pins of the Shapley attribution API (checked by mypy and pyright, never executed)."""

from __future__ import annotations

from typing import assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi.attribution import Attribution, Credits, Journeys, Model, Shapley, ShapleyStatistics, attribute


def pins(journeys: Journeys) -> None:
    model = Shapley(
        game="conversion_rate",
        smoothing=2.0,
        unobserved="zero",
        clip_negative=True,
        max_channels=12,
        sampling=500,
        seed=3,
    )
    assert_type(model.name, str)
    stats = model.statistics(journeys)
    assert_type(stats, ShapleyStatistics)
    assert_type(stats + stats, ShapleyStatistics)
    assert_type(stats.sets, NDArray[np.int64])
    assert_type(stats.rates(1.0), NDArray[np.float64])
    assert_type(stats.set_labels(), tuple[str, ...])
    assert_type(model.credits(stats), Credits)
    assert_type(attribute(journeys, Shapley(game="simplified")), Attribution)
    ordered = Shapley(ordered=True)
    assert_type(ordered.statistics(journeys).paths, NDArray[np.int16] | None)
    assert_type(ordered.statistics(journeys).path_conversions, NDArray[np.float64] | None)
    generic: Model[ShapleyStatistics] = model
    assert_type(generic.credits(stats), Credits)
