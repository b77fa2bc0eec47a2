"""The scipy-free quantiles behind the valuation's exact intervals, checked against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from socialroi import _special

PROBABILITIES = [1e-10, 0.001, 0.02, 0.025, 0.05, 0.3, 0.5, 0.7, 0.95, 0.975, 0.98, 0.999, 1 - 1e-10]
SHAPES = [0.01, 0.3, 0.5, 1.0, 1.5, 7.0, 49.0, 51.0, 300.0, 3e4, 1e6]


@pytest.mark.parametrize("p", PROBABILITIES)
def test_normal_quantile(p):
    assert _special.normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("a", SHAPES)
@pytest.mark.parametrize("p", [0.001, 0.05, 0.5, 0.95, 0.999])
def test_gamma_quantile(a, p):
    assert _special.gamma_quantile(p, a) == pytest.approx(stats.gamma.ppf(p, a), rel=1e-9)


@pytest.mark.parametrize("a", SHAPES)
def test_gamma_p(a):
    for x in (0.0, a / 10, a / 2, a, a + 1.5, 2 * a + 3):
        assert _special.gamma_p(a, x) == pytest.approx(special.gammainc(a, x), rel=1e-9, abs=1e-14)


def test_gamma_quantile_underflows_to_zero():
    # The 1e-10 quantile of Gamma(0.01) is far below the smallest double.
    assert _special.gamma_quantile(1e-10, 0.01) == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [(0.5, 0.5), (0.3, 5.0), (5.0, 0.3), (1.0, 1.0), (2.0, 30.0), (60.0, 3.0), (500.0, 2e5), (1.5, 1e6)],
)
@pytest.mark.parametrize("p", [0.001, 0.05, 0.5, 0.95, 0.999])
def test_beta_quantile(a, b, p):
    assert _special.beta_quantile(p, a, b) == pytest.approx(stats.beta.ppf(p, a, b), rel=1e-8)


def test_beta_i_edges_and_branches():
    assert _special.beta_i(2.0, 3.0, 0.0) == 0.0
    assert _special.beta_i(2.0, 3.0, 1.0) == 1.0
    for x in (0.1, 0.4, 0.9):
        assert _special.beta_i(2.0, 3.0, x) == pytest.approx(special.betainc(2.0, 3.0, x), rel=1e-12)


def test_beta_quantile_at_the_edges():
    # Quantiles that round to 0 or 1 in double precision.
    assert _special.beta_quantile(1e-10, 0.01, 5.0) == pytest.approx(
        stats.beta.ppf(1e-10, 0.01, 5.0), abs=1e-300
    )
    assert _special.beta_quantile(1 - 1e-12, 5.0, 0.01) == pytest.approx(1.0)


def test_random_agreement():
    rng = np.random.default_rng(11)
    for _ in range(300):
        p = float(rng.uniform(0.001, 0.999))
        a, b = (float(10 ** rng.uniform(-0.3, 4)) for _ in range(2))
        assert _special.gamma_quantile(p, a) == pytest.approx(stats.gamma.ppf(p, a), rel=1e-9)
        assert _special.beta_quantile(p, a, b) == pytest.approx(stats.beta.ppf(p, a, b), rel=1e-8)
