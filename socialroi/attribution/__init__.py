"""Channel attribution: which channels earned the conversions.

Journeys in, credit per channel out. Models are frozen configuration objects; every model returns
credit in conversions and in value, and the credits add up to the total conversions and value.
"""

from __future__ import annotations

from socialroi.attribution._journeys import Journeys
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
    "Model",
    "PositionBased",
    "Statistics",
    "TimeDecay",
    "attribute",
    "bootstrap",
    "compare",
    "default_models",
]
