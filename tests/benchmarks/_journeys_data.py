"""One million journeys for the Markov (twelve channels, the setting of issue 17) and Shapley (ten) benchmarks.

Uses ``socialroi.datasets.synthetic_journeys`` when it exists; otherwise draws a comparable set here
(channel popularity falls off geometrically, path lengths are geometric with mean about 2.8, and the
conversion probability grows with the path length), about 150,000 distinct paths.
"""

from __future__ import annotations

import numpy as np

from socialroi.attribution import Journeys

N_JOURNEYS = 1_000_000
N_CHANNELS = 10


def million_journeys(seed: int = 2024, channels: int = N_CHANNELS) -> Journeys:
    try:
        from socialroi.datasets import synthetic_journeys
    except ImportError:
        pass
    else:
        return synthetic_journeys(N_JOURNEYS, channels=channels, seed=seed).journeys()
    rng = np.random.default_rng(seed)
    lengths = np.minimum(rng.geometric(0.36, N_JOURNEYS), 16)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    popularity = 0.75 ** np.arange(channels)
    codes = rng.choice(channels, size=int(offsets[-1]), p=popularity / popularity.sum()).astype(np.int32)
    probability = 0.02 + 0.03 * np.minimum(lengths, 5) + 0.02 * (codes[offsets[:-1]] == 0)
    converted = rng.random(N_JOURNEYS) < probability
    return Journeys(
        channels=tuple(f"channel_{i}" for i in range(channels)),
        codes=codes,
        offsets=offsets,
        conversions=converted.astype(np.float64),
        nulls=(~converted).astype(np.float64),
        values=np.where(converted, rng.gamma(2.0, 40.0, N_JOURNEYS), 0.0),
    )
