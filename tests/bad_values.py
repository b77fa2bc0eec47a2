"""One harness for the constructor-wide bad-value tests: every public field meets the same bad values.

Each area's test module (``tests/unit/test_bad_values_<area>.py``) lists, per public class or option, a
builder that puts one value into one field and the kinds of bad value that the field legitimately
accepts (a negative revenue is a refund; an ``np.int64`` count is a count). Every other kind must raise
`InvalidInputError` in the project's grammar, naming the field: ``'name' must be … (got …)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import pytest

from socialroi.exceptions import InvalidInputError

BAD_VALUES: dict[str, Any] = {
    "bool": True,
    "string": "text",
    "negative": -1.0,
    "nan": math.nan,
    "inf": math.inf,
    "np_int64": np.int64(2),
}
"""The kinds of bad value, by name."""


def check_field(build: Callable[[Any], object], name: str, accepts: Collection[str] = ()) -> None:
    """Feed every bad value to ``build``: the accepted kinds construct, the others raise in the grammar."""
    unknown = set(accepts) - set(BAD_VALUES)
    assert not unknown, f"unknown kinds {unknown}"
    pattern = rf"^{re.escape(repr(name))} must be .+ \(got .*\)"
    for kind, value in BAD_VALUES.items():
        if kind in accepts:
            build(value)
        else:
            with pytest.raises(InvalidInputError, match=pattern):
                build(value)
