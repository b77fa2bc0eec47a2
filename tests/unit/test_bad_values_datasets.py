"""Every field of `socialroi.datasets.SyntheticMMM` meets the shared bad values.

The record is made by `synthetic_mmm`; built by hand, a field of the wrong kind, a NaN or infinite series,
or a series that is not one number per week is refused in the grammar.
"""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from socialroi.datasets import SyntheticMMM, synthetic_mmm
from socialroi.exceptions import InvalidInputError
from tests.bad_values import check_field

FIELDS: dict[type, dict[str, set[str]]] = {
    SyntheticMMM: {
        "channels": set(),
        "spend": set(),
        "impressions": set(),
        "revenue": set(),
        "baseline": set(),
        "contributions": set(),
        "true_roas": set(),
        "true_contribution": set(),
        "true_curves": set(),
        "true_adstocks": set(),
    },
}

COVERED: dict[type, set[str]] = {cls: set(fields) for cls, fields in FIELDS.items()}
"""For each public attrs class of `socialroi.datasets` covered here, the ``__init__`` fields covered."""

BASE = synthetic_mmm(weeks=20, channels=2, seed=0)


def test_covered_is_every_init_field():
    for cls, names in COVERED.items():
        assert names == {f.alias for f in attrs.fields(cls) if f.init}, cls


@pytest.mark.parametrize("name", list(FIELDS[SyntheticMMM]))
def test_fields(name):
    check_field(lambda v: attrs.evolve(BASE, **{name: v}), name, accepts=FIELDS[SyntheticMMM][name])


def test_a_baseline_of_other_weeks_and_bad_items_are_refused():
    with pytest.raises(InvalidInputError, match=r"^'baseline' must be an array of the 20 weeks of 'revenue'"):
        attrs.evolve(BASE, baseline=np.zeros(19))
    with pytest.raises(InvalidInputError, match=r"^'spend\[facebook\]' must be >= 0"):
        attrs.evolve(BASE, spend={**BASE.spend, "facebook": -np.ones(20)})
    with pytest.raises(InvalidInputError, match=r"^'true_curves\[facebook\]' must be a HillCurve"):
        attrs.evolve(BASE, true_curves={"facebook": 1.0})
    with pytest.raises(
        InvalidInputError,
        match=r"^'impressions' must be one array per channel of 'spend', \('facebook', 'instagram'\) \(got \('facebook',\)\)$",
    ):
        attrs.evolve(BASE, impressions={"facebook": BASE.impressions["facebook"]})
