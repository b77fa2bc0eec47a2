"""Seeds of the random parts of attribution (bootstrap, Shapley sampling, held-out order selection).

The project's rule: anything random takes a whole-number seed (or a numpy ``Generator``), never
``None``, so that the same call always gives the same result.
"""

from __future__ import annotations

import numbers

import numpy as np

from socialroi.exceptions import InvalidInputError

__all__ = ["check_seed", "generator"]


def check_seed(value: object) -> int:
    """A whole-number seed >= 0 (``None``, booleans, fractions and negatives are rejected)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        msg = f"'seed' must be a whole number >= 0 (got {value!r})"
        raise InvalidInputError(msg)
    return int(value)


def generator(seed: object) -> np.random.Generator:
    """The generator of ``seed``: a given ``Generator`` as is, else a fresh one from a whole number."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_seed(seed))
