"""Quantiles of the normal, gamma and beta distributions without scipy (private).

The valuation posteriors are Gamma and Beta distributions; their credible intervals are exact
quantiles, found by inverting the regularized incomplete gamma and beta functions with Halley's method
from a good starting point (the algorithms of *Numerical Recipes*, 3rd edition, sections 6.2, 6.4 and
6.14). Everything here works on Python floats with the ``math`` module: the valuation calls them a few
times per result, so there is nothing to vectorize.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 100_000
_LARGE_SHAPE = 50.0
_HUGE_SHAPE = 1e7  # above it, Temme's uniform asymptotic expansion replaces the summed series
_SMALL_DEVIATION = 1e-2  # below it, log(1 + d) - d is summed as a series (no cancellation)
_LOG_SQRT_TWO_PI = 0.5 * math.log(2.0 * math.pi)


def normal_quantile(p: float) -> float:
    """The standard normal quantile: x with Φ(x) = p, for 0 < p < 1.

    Acklam's rational approximation (relative error below 1.2e-9) refined by one Halley step on
    ``math.erfc``, which brings it to full double precision. The upper half is found by symmetry so that
    the refinement never subtracts numbers close to 1.
    """
    if p > 0.5:
        return -normal_quantile(1.0 - p)
    a = (
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    )
    b = (
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155288572e01,
    )
    c = (
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    )
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    if p < 0.02425:
        q = math.sqrt(-2.0 * math.log(p))
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
        )
    else:
        q = p - 0.5
        r = q * q
        x = (
            (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
            * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
        )
    error = 0.5 * math.erfc(-x / math.sqrt(2.0)) - p
    step = error * math.sqrt(2.0 * math.pi) * math.exp(x * x / 2.0)
    return x - step / (1.0 + x * step / 2.0)


def _log1pmx(d: float) -> float:
    """log(1 + d) - d, without cancellation for small d (the series -d²/2 + d³/3 - ... below 1e-2)."""
    if abs(d) >= _SMALL_DEVIATION:
        return math.log1p(d) - d
    # Ten terms: the first left out, d¹²/12, is below 1e-16 of d²/2 here.
    total = 0.0
    for k in range(11, 1, -1):
        total = d * total + (1.0 if k % 2 else -1.0) / k
    return d * d * total


def _log_gamma_front(a: float, x: float) -> float:
    """log(e^-x x^a / Γ(a)), without the cancellation of its large terms when a is large.

    For a > 50: a (log(1 + d) - d) + ½ log(a / 2π) - S(a) with d = (x - a) / a and S the Stirling
    series of log Γ(a) - ((a - ½) log a - a + ½ log 2π), in powers of 1/a so that no power of a
    overflows however large a is.
    """
    if a > _LARGE_SHAPE:
        d = (x - a) / a
        inverse = 1.0 / a
        square = inverse * inverse
        stirling = inverse * (1.0 / 12.0 - square * (1.0 / 360.0 - square / 1260.0))
        return a * _log1pmx(d) + 0.5 * math.log(a) - _LOG_SQRT_TWO_PI - stirling
    return -x + a * math.log(x) - math.lgamma(a)


# Taylor coefficients in η of Temme's c0(η) = 1/(λ - 1) - 1/η and c1(η) (DLMF 8.12.8-8.12.9; Didonato
# and Morris, ACM TOMS 12 (1986)), for small η where the closed forms cancel.
_C0 = (
    -1.0 / 3.0,
    1.0 / 12.0,
    -2.0 / 135.0,
    1.0 / 864.0,
    1.0 / 2835.0,
    -139.0 / 777600.0,
    1.0 / 25515.0,
    -571.0 / 261273600.0,
)
_C1 = (-1.0 / 540.0, -1.0 / 288.0, 1.0 / 378.0, -9.90226337448559671e-4, 2.05761316872427984e-4)
_SMALL_ETA = 0.05


def _temme_p(a: float, x: float) -> float:
    """P(a, x) for huge a by Temme's uniform expansion, 1 - Q with Q = ½ erfc(η √(a/2)) + R(η).

    R(η) = e^(-aη²/2) / √(2πa) (c0(η) + c1(η) / a), λ = x / a and η = sign(λ - 1) √(2 (λ - 1 - log λ)).
    The first term left out is of order a^-2.5 (below 1e-17 for a > 1e7).
    """
    d = (x - a) / a
    eta = math.copysign(math.sqrt(-2.0 * _log1pmx(d)), d)
    if abs(eta) < _SMALL_ETA:
        c0 = c1 = 0.0
        for coefficient in reversed(_C0):
            c0 = c0 * eta + coefficient
        for coefficient in reversed(_C1):
            c1 = c1 * eta + coefficient
    else:
        c0 = 1.0 / d - 1.0 / eta
        c1 = 1.0 / eta**3 - 1.0 / d**3 - 1.0 / d**2 - 1.0 / (12.0 * d)
    gauss = math.exp(-0.5 * a * eta * eta) / math.sqrt(2.0 * math.pi * a)
    return min(1.0, max(0.0, 0.5 * math.erfc(-eta * math.sqrt(0.5 * a)) - gauss * (c0 + c1 / a)))


def gamma_p(a: float, x: float) -> float:
    """The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), for a > 0, x >= 0."""
    if x <= 0.0:
        return 0.0
    if a > _HUGE_SHAPE:
        return _temme_p(a, x)
    log_front = _log_gamma_front(a, x)
    if a > _LARGE_SHAPE:
        # The series summed in numpy, in logs (a far overshoot of the quantile search cannot
        # overflow): its terms rise until n ≈ x - a and then fall like a Gaussian of width √x, so
        # max(0, x - a) + 9√x terms reach double precision.
        count = int(max(0.0, x - a) + 9.0 * math.sqrt(x) + 50.0)
        logs = np.concatenate(([0.0], np.cumsum(math.log(x) - np.log(a + np.arange(1.0, count + 1.0)))))
        peak = float(logs.max())
        return min(1.0, math.exp(log_front + peak + math.log(float(np.exp(logs - peak).sum())) - math.log(a)))
    if x < a + 1.0:
        # Series: P = e^-x x^a / Γ(a+1) · Σ x^n / ((a+1)...(a+n)); the terms fall geometrically.
        term = total = 1.0 / a
        denominator = a
        while abs(term) >= abs(total) * _EPS:
            denominator += 1.0
            term *= x / denominator
            total += term
        return min(1.0, total * math.exp(log_front))
    # Continued fraction for Q = 1 - P (modified Lentz).
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    delta, i = 0.0, 0
    while abs(delta - 1.0) >= _EPS and i < _MAX_TERMS:
        i += 1
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
    return max(0.0, 1.0 - math.exp(log_front) * h)


def _invert(
    cdf: Callable[[float], float],
    log_density: Callable[[float], float],
    curvature: Callable[[float], float],
    p: float,
    bracket: tuple[float, float, float],
) -> float:
    """Solve cdf(x) = p by Halley steps from ``x``, bisecting whenever a step leaves (low, high).

    ``bracket`` is (low, x, high); ``curvature`` is f'/f of the density. Stops when the step is below
    1e-13 x, or when rounding noise in the cdf keeps tiny steps from shrinking.
    """
    low, x, high = bracket
    previous = math.inf
    done = not low < x < high
    iterations = 0
    while not done and iterations < 200:
        iterations += 1
        error = cdf(x) - p
        low, high = (low, x) if error > 0 else (x, high)
        density = math.exp(log_density(x))
        u = error / density if density > 0.0 else math.inf
        step = u / (1.0 - 0.5 * min(1.0, u * curvature(x))) if math.isfinite(u) else math.inf
        candidate = x - step
        converged = abs(step) <= 1e-13 * x
        if not converged and not low < candidate < high:
            candidate = 0.5 * (low + high) if math.isfinite(high) else 2.0 * x
        step = abs(x - candidate)
        done = converged or error == 0.0 or previous <= step < 1e-8 * candidate
        previous = step
        x = candidate
    return x


def gamma_quantile(p: float, a: float) -> float:
    """Return x with P(a, x) = p: the p-quantile of a Gamma(shape a, rate 1) distribution, for 0 < p < 1."""
    if a > 1.0:
        # Wilson-Hilferty start from a normal quantile.
        z = normal_quantile(p)
        x = max(1e-3 * a, a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * math.sqrt(a))) ** 3)
    else:
        t = 1.0 - a * (0.253 + a * 0.12)
        x = (p / t) ** (1.0 / a) if p < t else 1.0 - math.log1p(-(p - t) / (1.0 - t))
    return _invert(
        lambda v: gamma_p(a, v),
        lambda v: _log_gamma_front(a, v) - math.log(v),
        lambda v: (a - 1.0) / v - 1.0,
        p,
        (0.0, x, math.inf),
    )


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (_TINY if abs(d) < _TINY else d)
    h = d
    delta, m = 0.0, 0
    while abs(delta - 1.0) >= _EPS and m < _MAX_TERMS:
        m += 1
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (_TINY if abs(d) < _TINY else d)
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (_TINY if abs(d) < _TINY else d)
        c = 1.0 + aa / c
        c = _TINY if abs(c) < _TINY else c
        delta = d * c
        h *= delta
    return h


def beta_i(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    """Return x with I_x(a, b) = p: the p-quantile of a Beta(a, b) distribution, for 0 < p < 1."""
    if a >= 1.0 and b >= 1.0:
        z = -normal_quantile(p)
        lam = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(lam + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            lam + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        x = a / (a + b * math.exp(min(700.0, 2.0 * w)))
    else:
        t = math.exp(a * math.log(a / (a + b))) / a
        u = math.exp(b * math.log(b / (a + b))) / b
        w = t + u
        x = (a * w * p) ** (1.0 / a) if p < t / w else 1.0 - (b * w * (1.0 - p)) ** (1.0 / b)
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    return _invert(
        lambda v: beta_i(a, b, v),
        lambda v: (a - 1.0) * math.log(v) + (b - 1.0) * math.log1p(-v) + log_norm,
        lambda v: (a - 1.0) / v - (b - 1.0) / (1.0 - v),
        p,
        (0.0, x, 1.0),
    )


def student_t_cdf(t: float, df: float) -> float:
    """The Student t distribution's cdf with ``df`` > 0 degrees of freedom, through the incomplete beta.

    For t > 0, F(t) = 1 − ½ I_{df/(df+t²)}(df/2, ½); the lower half by symmetry.
    """
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * beta_i(0.5 * df, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def student_t_quantile(p: float, df: float) -> float:
    """Return t with F(t) = p for the Student t distribution with ``df`` > 0 degrees of freedom, 0 < p < 1.

    Inverts the incomplete beta of `student_t_cdf`: with x the 2 min(p, 1 − p) quantile of
    Beta(df/2, ½), |t| = √(df (1 − x) / x).
    """
    if p == 0.5:
        return 0.0
    x = beta_quantile(2.0 * min(p, 1.0 - p), 0.5 * df, 0.5)
    size = math.sqrt(df * (1.0 - x) / x)
    return size if p > 0.5 else -size
