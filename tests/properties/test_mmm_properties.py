"""Invariants of the marketing mix model's media and of the export pivot that feeds it."""

from __future__ import annotations

import datetime as dt
import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialroi.datasets import synthetic_mmm
from socialroi.exceptions import IdentifiabilityWarning
from socialroi.frames import PerformanceTable
from socialroi.mmm import MarketingMixModel

DATA = synthetic_mmm(weeks=52, channels=2, seed=3)


def _fit(media=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentifiabilityWarning)
        return MarketingMixModel(seasonality_order=1).fit(DATA.spend, DATA.revenue, media=media)


ON_SPEND = _fit()


@settings(max_examples=20)
@given(st.floats(-3.0, 6.0), st.sampled_from(["facebook", "instagram"]))
def test_media_at_a_constant_price_fit_as_the_spend(exponent, name):
    # A channel's media at any constant price per unit is its spend rescaled: the fit does not change.
    per_spend = 10.0**exponent
    fit = _fit({name: per_spend * np.asarray(DATA.spend[name])})
    assert fit.roas == pytest.approx(ON_SPEND.roas, rel=1e-6)
    assert fit.marginal_roas == pytest.approx(ON_SPEND.marginal_roas, rel=1e-6)
    assert fit.media_per_spend[fit.channels.index(name)] == pytest.approx(per_spend, rel=1e-12)


START = dt.date(2026, 1, 5)
rows = st.lists(
    st.tuples(
        st.integers(0, 60).map(lambda n: START + dt.timedelta(days=n)),
        st.sampled_from(["Meta", "TikTok", "LinkedIn"]),
        st.sampled_from(["a", "b"]),
        st.integers(0, 10**6).map(float),
    ),
    min_size=1,
    max_size=40,
)


def _table(given_rows, order):
    picked = [given_rows[i] for i in order]
    export = {
        "date": [r[0].isoformat() for r in picked],
        "channel": [r[1] for r in picked],
        "campaign": [r[2] for r in picked],
        "spend": [r[3] for r in picked],
    }
    return PerformanceTable.from_frame(export, by=("channel", "campaign"), period="week")


@given(rows, st.randoms(use_true_random=False))
def test_the_pivot_keeps_every_amount_and_ignores_the_rows_order(given_rows, random):
    order = list(range(len(given_rows)))
    table = _table(given_rows, order)
    spend = table.pivot("spend", label="channel")
    total = sum(r[3] for r in given_rows)
    assert sum(float(v.sum()) for v in spend.values()) == pytest.approx(total, rel=1e-12, abs=1e-9)
    for name in spend:
        expected = sum(r[3] for r in given_rows if r[1].lower() == name)
        assert float(spend[name].sum()) == pytest.approx(expected, rel=1e-12, abs=1e-9)
    # Every week from the first to the last, Mondays seven days apart.
    gaps = {(b - a).days for a, b in itertools.pairwise(spend.periods)}
    assert gaps <= {7} and spend.periods[0].weekday() == 0
    random.shuffle(order)
    shuffled = _table(given_rows, order).pivot("spend", label="channel")
    assert shuffled.periods == spend.periods
    for name in spend:
        assert shuffled[name] == pytest.approx(spend[name], rel=1e-12, abs=1e-9)
