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


HUGE_SHAPES = [1.0000001e7, 3e9, 1e15, 1e40]


@pytest.mark.parametrize("a", HUGE_SHAPES)
def test_gamma_p_for_huge_shapes_follows_scipy(a):
    # Temme's expansion, near the mean (series in η) and in the far tails (closed form).
    for z in (-40.0, -3.0, -0.5, 0.0, 0.5, 3.0, 40.0, 1e4):
        x = a + z * a**0.5
        expected = special.gammainc(a, x)
        assert _special.gamma_p(a, x) == pytest.approx(expected, rel=1e-12, abs=1e-15)
    for x in (a / 2, 2 * a):
        assert _special.gamma_p(a, x) == pytest.approx(special.gammainc(a, x), abs=1e-300)


@pytest.mark.parametrize("a", HUGE_SHAPES)
@pytest.mark.parametrize("p", [0.001, 0.05, 0.5, 0.95, 0.999])
def test_gamma_quantile_for_huge_shapes(a, p):
    assert _special.gamma_quantile(p, a) == pytest.approx(stats.gamma.ppf(p, a), rel=1e-12)


def test_the_log_gamma_front_does_not_overflow_for_enormous_shapes():
    # a³ overflowed the Stirling series; log(1 + d) - d cancelled to 0 for tiny d.
    a = 1e200
    assert _special._log_gamma_front(a, a) == pytest.approx(0.5 * np.log(a / (2 * np.pi)), rel=1e-15)
    a = 1e30
    x = a + 2e15  # two standard deviations above the mean
    z = (x - a) / a**0.5  # x - a is exact; z is 2 up to the spacing of doubles near 1e30
    front = _special._log_gamma_front(a, x)
    assert front == pytest.approx(0.5 * np.log(a / (2 * np.pi)) - z * z / 2, rel=1e-14)
    for p in (0.05, 0.5, 0.95):
        assert _special.gamma_quantile(p, 1e198) == pytest.approx(1e198, rel=1e-15)


@pytest.mark.parametrize("d", [-0.5, -0.0099, -1e-3, -1e-9, 0.0, 1e-9, 1e-3, 0.0099, 0.5, 3.0])
def test_log1pmx(d):
    expected = (
        float(np.log1p(np.longdouble(d)) - np.longdouble(d)) if abs(d) > 1e-6 else -d * d / 2 + d**3 / 3
    )
    assert _special._log1pmx(d) == pytest.approx(expected, rel=1e-14, abs=0.0)


@pytest.mark.parametrize("df", [1.0, 2.5, 7.0, 30.0, 400.0])
@pytest.mark.parametrize("t", [-40.0, -2.3, -0.4, 0.0, 0.7, 1.96, 12.0])
def test_student_t_cdf(df, t):
    assert _special.student_t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), rel=1e-10, abs=1e-14)


def test_student_t_cdf_at_the_infinities():
    assert _special.student_t_cdf(float("inf"), 3.0) == 1.0
    assert _special.student_t_cdf(float("-inf"), 3.0) == 0.0


@pytest.mark.parametrize("df", [1.0, 2.5, 7.0, 30.0, 400.0])
@pytest.mark.parametrize("p", [1e-6, 0.025, 0.3, 0.5, 0.8, 0.95, 0.999])
def test_student_t_quantile(df, p):
    assert _special.student_t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-12)
