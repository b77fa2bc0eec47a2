"""Channel attribution: which channels earned the conversions.

Journeys in, credit per channel out. Models are frozen configuration objects; every model returns
credit in conversions and in value, and the credits add up to the total conversions and value.
"""

from __future__ import annotations

from socialroi.attribution._journeys import Journeys
from socialroi.attribution._markov import Markov, MarkovStatistics, OrderSelection, TransitionMatrix
from socialroi.attribution._models import (
    Credits,
    CreditSums,
    CustomWeights,
    FirstTouch,
    LastNonDirect,
    LastTouch,
    Linear,
    Model,
    PositionBased,
    Statistics,
    TimeDecay,
)
from socialroi.attribution._result import (
    Attribution,
    AttributionComparison,
    AttributionIntervals,
    ChannelROAS,
    attribute,
    bootstrap,
    compare,
    default_models,
)
from socialroi.attribution._shapley import Shapley, ShapleyStatistics

__all__ = [
    "Attribution",
    "AttributionComparison",
    "AttributionIntervals",
    "ChannelROAS",
    "CreditSums",
    "Credits",
    "CustomWeights",
    "FirstTouch",
    "Journeys",
    "LastNonDirect",
    "LastTouch",
    "Linear",
    "Markov",
    "MarkovStatistics",
    "Model",
    "OrderSelection",
    "PositionBased",
    "Shapley",
    "ShapleyStatistics",
    "Statistics",
    "TimeDecay",
    "TransitionMatrix",
    "attribute",
    "bootstrap",
    "compare",
    "default_models",
]
