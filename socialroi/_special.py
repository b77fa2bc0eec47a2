"""Quantiles of the normal, gamma and beta distributions without scipy (private).

The valuation posteriors are Gamma and Beta distributions; their credible intervals are exact
quantiles, found by inverting the regularized incomplete gamma and beta functions with Halley's method
from a good starting point (the algorithms of *Numerical Recipes*, 3rd edition, sections 6.2, 6.4 and
6.14). Everything here works on Python floats with the ``math`` module: the valuation calls them a few
times per result, so there is nothing to vectorize.
"""

from __future__ import annotations

import math

import numpy as np

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 100_000
_LARGE_SHAPE = 50.0


def normal_quantile(p: float) -> float:
    """The standard normal quantile: x with Φ(x) = p, for 0 < p < 1.

    Acklam's rational approximation (relative error below 1.2e-9) refined by one Halley step on
    ``math.erfc``, which brings it to full double precision.
    """
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
    elif p > 1.0 - 0.02425:
        q = math.sqrt(-2.0 * math.log1p(-p))
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
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


def gamma_p(a: float, x: float) -> float:
    """The regularized lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), for a > 0, x >= 0."""
    if x <= 0.0:
        return 0.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if a > _LARGE_SHAPE:
        # The series summed in numpy: its terms rise until n ≈ x - a and then fall like a Gaussian of
        # width √x, so max(0, x - a) + 9√x terms reach double precision.
        # Summed in logs so that a far overshoot of the quantile search cannot overflow.
        count = int(max(0.0, x - a) + 9.0 * math.sqrt(x) + 50.0)
        logs = np.concatenate(([0.0], np.cumsum(math.log(x) - np.log(a + np.arange(1.0, count + 1.0)))))
        peak = float(logs.max())
        return min(1.0, math.exp(log_front + peak + math.log(float(np.exp(logs - peak).sum())) - math.log(a)))
    if x < a + 1.0:
        # Series: P = e^-x x^a / Γ(a+1) · Σ x^n / ((a+1)...(a+n)).
        term = total = 1.0 / a
        denominator = a
        for _ in range(_MAX_TERMS):
            denominator += 1.0
            term *= x / denominator
            total += term
            if abs(term) < abs(total) * _EPS:
                break
        return min(1.0, total * math.exp(log_front))
    # Continued fraction for Q = 1 - P (modified Lentz).
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return max(0.0, 1.0 - math.exp(log_front) * h)


def gamma_quantile(p: float, a: float) -> float:
    """Return x with P(a, x) = p: the p-quantile of a Gamma(shape a, rate 1) distribution, for 0 < p < 1."""
    a1 = a - 1.0
    log_gamma = math.lgamma(a)
    log_a1 = factor = 0.0
    if a > 1.0:
        log_a1 = math.log(a1)
        factor = math.exp(a1 * (log_a1 - 1.0) - log_gamma)
        # Wilson-Hilferty start from a normal quantile.
        z = normal_quantile(p)
        x = max(1e-3 * a, a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * math.sqrt(a))) ** 3)
    else:
        t = 1.0 - a * (0.253 + a * 0.12)
        x = (p / t) ** (1.0 / a) if p < t else 1.0 - math.log1p(-(p - t) / (1.0 - t))
    previous = math.inf
    for _ in range(100):
        if x <= 0.0:
            return 0.0
        error = gamma_p(a, x) - p
        density = (
            factor * math.exp(-(x - a1) + a1 * (math.log(x) - log_a1))
            if a > 1.0
            else math.exp(-x + a1 * math.log(x) - log_gamma)
        )
        if density == 0.0:
            break
        u = error / density
        step = u / (1.0 - 0.5 * min(1.0, u * (a1 / x - 1.0)))
        x -= step
        if x <= 0.0:
            x = 0.5 * (x + step)
        # Stop at convergence, or when rounding noise in P stops the steps from shrinking.
        if abs(step) < 1e-13 * x or abs(step) >= previous:
            break
        previous = abs(step)
    return x


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (_TINY if abs(d) < _TINY else d)
    h = d
    for m in range(1, _MAX_TERMS):
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
        if abs(delta - 1.0) < _EPS:
            break
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
    a1, b1 = a - 1.0, b - 1.0
    if a >= 1.0 and b >= 1.0:
        z = -normal_quantile(p)
        lam = (z * z - 3.0) / 6.0
        h = 2.0 / (1.0 / (2.0 * a - 1.0) + 1.0 / (2.0 * b - 1.0))
        w = z * math.sqrt(lam + h) / h - (1.0 / (2.0 * b - 1.0) - 1.0 / (2.0 * a - 1.0)) * (
            lam + 5.0 / 6.0 - 2.0 / (3.0 * h)
        )
        x = a / (a + b * math.exp(min(700.0, 2.0 * w)))
    else:
        log_a = math.log(a / (a + b))
        log_b = math.log(b / (a + b))
        t = math.exp(a * log_a) / a
        u = math.exp(b * log_b) / b
        w = t + u
        x = (a * w * p) ** (1.0 / a) if p < t / w else 1.0 - (b * w * (1.0 - p)) ** (1.0 / b)
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    for iteration in range(100):
        if x <= 0.0 or x >= 1.0:
            break
        error = beta_i(a, b, x) - p
        density = math.exp(a1 * math.log(x) + b1 * math.log1p(-x) + log_norm)
        if density == 0.0:
            break
        u = error / density
        step = u / (1.0 - 0.5 * min(1.0, u * (a1 / x - b1 / (1.0 - x))))
        x -= step
        if x <= 0.0:
            x = 0.5 * (x + step)
        if x >= 1.0:
            x = 0.5 * (x + step + 1.0)
        if abs(step) < 1e-13 * x and iteration > 0:
            break
    return min(1.0, max(0.0, x))
