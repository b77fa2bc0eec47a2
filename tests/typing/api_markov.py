"""Typing pins of the Markov attribution API (checked by mypy and pyright, never executed)."""

from __future__ import annotations

from typing import assert_type

import numpy as np
from numpy.typing import NDArray

from socialroi.attribution import (
    Attribution,
    Credits,
    Journeys,
    Markov,
    MarkovStatistics,
    Model,
    OrderSelection,
    TransitionMatrix,
    attribute,
)


def pins(journeys: Journeys) -> None:
    model = Markov(order=2, removal="skip", allow_all_converting=True, max_states=500)
    assert_type(model.name, str)
    stats = model.statistics(journeys)
    assert_type(stats, MarkovStatistics)
    assert_type(stats + stats, MarkovStatistics)
    assert_type(stats.states, NDArray[np.int32])
    assert_type(stats.counts, NDArray[np.float64])
    assert_type(stats.n_states, int)
    assert_type(stats.journeys, float)
    assert_type(stats.state_labels(), tuple[str, ...])
    assert_type(stats.transition_matrix(), TransitionMatrix)
    assert_type(model.credits(stats), Credits)
    assert_type(attribute(journeys, model), Attribution)
    matrix = stats.transition_matrix()
    assert_type(matrix["START", "CONV"], float)
    assert_type(matrix.to_dict(), dict[str, dict[str, float]])
    selection = Markov.select_order(journeys, max_order=3, criterion="holdout", holdout=0.3, seed=1)
    assert_type(selection, OrderSelection)
    assert_type(selection.best, int)
    assert_type(selection.scores, tuple[float, ...])
    generic: Model[MarkovStatistics] = model
    assert_type(generic.credits(stats), Credits)
