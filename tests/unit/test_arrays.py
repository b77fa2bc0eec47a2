"""The private coercion helpers that the public modules share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from socialroi import _arrays
from socialroi.exceptions import InvalidInputError


def test_as_array_returns_plain_float_arrays():
    result = _arrays.as_array(pd.Series([1, 2]), "x", _arrays.NON_NEGATIVE)
    assert type(result) is np.ndarray
    assert result.dtype == np.float64
    assert _arrays.as_array(3, "x").shape == ()


def test_finish_turns_zero_dimensional_results_into_floats():
    assert type(_arrays.finish(np.float64(2.0))) is float
    assert type(_arrays.finish(np.array(2.0))) is float
    array = np.array([1.0])
    assert _arrays.finish(array) is array


@pytest.mark.parametrize(
    ("value", "rule", "message"),
    [
        ("3", _arrays.FINITE, r"'x' must be a number \(got '3'\)"),
        (True, _arrays.FINITE, r"'x' must be a number \(got True\)"),
        (float("nan"), _arrays.FINITE, r"'x' must be a number, not NaN \(got nan\)"),
        (0.0, _arrays.POSITIVE, r"'x' must be > 0 and finite \(got 0.0\)"),
        (2, _arrays.FRACTION, r"'x' must be between 0 and 1 \(got 2.0\)"),
    ],
)
def test_check_scalar(value, rule, message):
    with pytest.raises(InvalidInputError, match=message):
        _arrays.check_scalar(value, "x", rule)


def test_check_scalar_may_allow_nan():
    assert np.isnan(_arrays.check_scalar(float("nan"), "x", allow_nan=True))


def test_fraction_and_positive_arrays():
    with pytest.raises(InvalidInputError, match=r"'x' must be between 0 and 1 \(got 1.5 at index 1\)"):
        _arrays.operand([0.5, 1.5], "x", _arrays.FRACTION)
    with pytest.raises(InvalidInputError, match=r"'x' must be > 0 and finite \(got 0.0 at index 0\)"):
        _arrays.operand([0.0, 1.0], "x", _arrays.POSITIVE)
    assert np.isnan(_arrays.operand([np.nan, 0.5], "x", _arrays.FRACTION)[0])


def test_negative_zero_counts_as_zero():
    np.testing.assert_array_equal(_arrays.operand([-0.0, 1.0], "x", _arrays.NON_NEGATIVE), [0.0, 1.0])


def test_names_of():
    assert _arrays.names_of(["a"]) == "'a'"
    assert _arrays.names_of(["a", "b", "c"]) == "'a', 'b' or 'c'"


def test_check_scalar_delegates_to_the_number_rule():
    assert _arrays.check_scalar(np.int64(2), "x") == 2.0
    with pytest.raises(InvalidInputError, match=r"^'x' must be >= 0 and finite \(got -2.0\)$"):
        _arrays.check_scalar(-2, "x", _arrays.NON_NEGATIVE)
    with pytest.raises(InvalidInputError, match=r"^'x' must be finite \(got 1000"):
        _arrays.check_scalar(10**400, "x")


def test_check_seed_and_generator_use_the_seed_rule():
    assert _arrays.check_seed(np.uint8(3)) == 3
    rng = np.random.default_rng(1)
    assert _arrays.generator(rng) is rng
    assert _arrays.generator(np.int64(1)).integers(10) == np.random.default_rng(1).integers(10)
    for bad in (None, -1, True, 1.5):
        with pytest.raises(InvalidInputError, match=r"^'seed' must be a whole number >= 0 \(got "):
            _arrays.generator(bad)
        with pytest.raises(InvalidInputError, match=r"^'seed' must be a whole number >= 0 \(got "):
            _arrays.check_seed(bad)


def test_a_numpy_scalar_out_of_range_names_no_index():
    with pytest.raises(InvalidInputError, match=r"^'x' must be >= 0 and finite \(got -1.0\)$"):
        _arrays.operand(np.float64(-1.0), "x", _arrays.NON_NEGATIVE)


def test_labelled_columns_that_fail_to_convert_are_refused():
    class Column:
        """A Series-like object whose column type says numbers but whose values are not."""

        dtype = pd.Int64Dtype()

        def __init__(self, error: type[Exception]) -> None:
            self.error = error

        def __array_ufunc__(self, *args: object, **kwargs: object) -> object:
            return NotImplemented

        def astype(self, dtype: object) -> object:
            raise self.error

    with pytest.raises(InvalidInputError, match=r"^'x' must be a number or an array of numbers"):
        _arrays.operand(Column(TypeError), "x")
    with pytest.raises(InvalidInputError, match=r"^'x' must be finite"):
        _arrays.operand(Column(OverflowError), "x")
