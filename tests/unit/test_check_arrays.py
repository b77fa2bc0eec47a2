"""The vocabulary's array rules and ordered pairs: ``array``, ``floats``, ``flags``, ``reals``, ``ordered``."""

from __future__ import annotations

import math

import numpy as np
import pytest

from socialroi import _check
from socialroi._arrays import NON_NEGATIVE
from socialroi.exceptions import InvalidInputError


def test_array_converter_and_the_array_rules():
    numbers = _check.array([1, 2])
    assert numbers.dtype == np.float64
    assert not numbers.flags.writeable
    assert _check.array([True]).dtype == np.bool_
    ragged = [[1.0], [1.0, 2.0]]
    assert _check.array(ragged) is ragged
    assert _check.array("text") == "text"
    with pytest.raises(
        InvalidInputError, match=r"^'spend' must be an array of numbers \(got \[\[1.0\], \[1.0, 2.0\]\]\)"
    ):
        _check.floats().check(ragged, "spend")
    with pytest.raises(
        InvalidInputError, match=r"^'spend' must be an array of numbers \(got array\(\[ True\]\)\)"
    ):
        _check.floats().check(np.array([True]), "spend")
    with pytest.raises(InvalidInputError, match=r"^'spend' must be >= 0 and finite \(got -1.0 at index 1\)"):
        _check.floats(NON_NEGATIVE).check([1.0, -1.0], "spend")
    with pytest.raises(
        InvalidInputError, match=r"^'spend' must be >= 0 and finite, not NaN \(got nan at index 1\)"
    ):
        _check.floats(NON_NEGATIVE).check([1.0, math.nan], "spend")
    missing = [math.nan]
    assert _check.floats(allow_nan=True).check(missing, "spend") is missing
    flags = np.array([True])
    assert _check.flags().check(flags, "at_lower") is flags
    for bad in ([1.0], ragged, "yes"):
        with pytest.raises(InvalidInputError, match=r"^'at_lower' must be an array of True or False \(got "):
            _check.flags().check(bad, "at_lower")


def test_ordered_pairs_and_reals():
    low_high = _check.ordered("a pair (low, high)")
    assert low_high.check((1.0, 2.0), "interval") == (1.0, 2.0)
    assert low_high.check((1.0, 1.0), "interval") == (1.0, 1.0)
    with pytest.raises(
        InvalidInputError,
        match=r"^'interval' must be a pair \(low, high\) with interval\[0\] <= interval\[1\] \(got \(2, 1\)\)",
    ):
        low_high.check((2, 1), "interval")
    assert _check.reals([np.int64(1), 2]) == (1.0, 2.0)
    assert _check.reals(7) == 7
