"""Errors and warnings raised by socialroi.

Every error derives from [`SocialROIError`][socialroi.exceptions.SocialROIError] and from the builtin
exception a caller would expect, so ``except ValueError`` keeps working.

Examples:
    >>> import socialroi
    >>> from socialroi.exceptions import InvalidInputError
    >>> try:
    ...     socialroi.cpm(-5.0, 1000)
    ... except InvalidInputError as error:
    ...     print(error)
    'spend' must be >= 0 and finite (got -5.0)
"""

from __future__ import annotations

__all__ = [
    "CurrencyMismatchError",
    "IdentifiabilityWarning",
    "InconsistentDataWarning",
    "InvalidInputError",
    "MissingDataError",
    "SocialROIError",
    "UndefinedMetricError",
    "UndefinedMetricWarning",
    "UnderpoweredError",
]


class SocialROIError(Exception):
    """Base class of every error that socialroi raises on purpose.

    Examples:
        >>> from socialroi.exceptions import InvalidInputError, SocialROIError
        >>> issubclass(InvalidInputError, SocialROIError)
        True
    """


class InvalidInputError(SocialROIError, ValueError):
    """Raised when an argument breaks a rule.

    A negative count, an infinity, mismatched lengths, an unknown key: the message names the argument,
    the rule and the first offending value and index.

    Examples:
        >>> import socialroi
        >>> socialroi.ctr([10, -1], [100, 100])
        Traceback (most recent call last):
        ...
        socialroi.exceptions.InvalidInputError: 'clicks' must be >= 0 and finite (got -1.0 at index 1)
    """


class CurrencyMismatchError(InvalidInputError):
    """Raised when amounts in different currencies meet without an exchange rate.

    Examples:
        >>> from socialroi import Money
        >>> Money(amount=1, currency="USD") + Money(amount=1, currency="EUR")
        Traceback (most recent call last):
        ...
        socialroi.exceptions.CurrencyMismatchError: cannot add USD and EUR amounts; convert one first
    """


class UndefinedMetricError(SocialROIError, ZeroDivisionError):
    """Raised with ``zero_division="raise"`` when a metric's denominator is zero.

    Examples:
        >>> import socialroi
        >>> socialroi.roas(100.0, 0.0, zero_division="raise")
        Traceback (most recent call last):
        ...
        socialroi.exceptions.UndefinedMetricError: roas is undefined where 'spend' is 0 (got 0.0)
    """


class MissingDataError(SocialROIError, ValueError):
    """Raised when a metric needs a field that was not measured (``None``).

    Examples:
        >>> from socialroi import Performance
        >>> Performance(clicks=10).ctr
        Traceback (most recent call last):
        ...
        socialroi.exceptions.MissingDataError: ctr needs 'impressions', which was not measured
    """


class UnderpoweredError(SocialROIError, ValueError):
    """Raised when an experiment has too few observations to detect the effect it was asked to detect.

    The message gives the minimum detectable lift of the sample at hand and the sample size the effect
    needs, so that a result which could not have been significant is never reported as if it were.

    Examples:
        >>> from socialroi.experiments import brand_lift
        >>> brand_lift(200, 60, 200, 50, minimum_lift=0.02)
        Traceback (most recent call last):
        ...
        socialroi.exceptions.UnderpoweredError: too few responses to detect an absolute lift of 0.02 (2.0 points) at alpha=0.05 and power=0.8: with 200 exposed and 200 control respondents the minimum detectable lift is 0.129 (12.9 points); about 7,547 respondents per group are needed
    """


class UndefinedMetricWarning(RuntimeWarning):
    """Warned with ``zero_division="warn"`` (the default) when a metric's denominator is zero.

    The metric is NaN there.

    Examples:
        >>> import warnings, socialroi
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     value = socialroi.ctr(0, 0)
        >>> value, caught[0].category.__name__
        (nan, 'UndefinedMetricWarning')
    """


class InconsistentDataWarning(UserWarning):
    """Warned when an input contradicts itself.

    A platform's own ratio column (CTR, CPC, CPM...) disagrees beyond rounding with the ratio of the
    counts it sits beside.

    The counts are trusted; the ratio is recomputed from them.

    Examples:
        >>> from socialroi.exceptions import InconsistentDataWarning
        >>> issubclass(InconsistentDataWarning, UserWarning)
        True
    """


class IdentifiabilityWarning(UserWarning):
    """Raised when the data cannot tell a marketing mix model's channel effect apart.

    The channel's spend barely varies, moves with the baseline, or moves with another channel's spend.

    The fit still returns; the channel's estimate then leans on its prior (or calibration), and its
    interval says so by its width. The same text is kept in the result's ``warnings``.

    Examples:
        >>> from socialroi.exceptions import IdentifiabilityWarning
        >>> issubclass(IdentifiabilityWarning, UserWarning)
        True
    """
