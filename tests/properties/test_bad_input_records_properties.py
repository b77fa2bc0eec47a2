"""Fuzzing the records and the metrics with junk: every outcome is a result or the project's error.

No junk value may reach a raw ``TypeError``, ``AttributeError``, ``OverflowError``, a numpy error or a
numpy warning (warnings are errors in the tests). Python's own operator protocol is the one exception:
``Money(...) + 1`` is a ``TypeError``, as ``"a" + 1`` is.
"""

from __future__ import annotations

import datetime as dt
import inspect
import operator
import warnings
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from socialroi import CostItem, Costs, Money, Performance, metrics
from socialroi.exceptions import InvalidInputError, MissingDataError, UndefinedMetricWarning

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(),
    st.floats(width=32).map(np.float32),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(np.int64),
    st.fractions(),
    st.decimals(),
    st.complex_numbers(max_magnitude=10),
    st.text(max_size=4),
    st.binary(max_size=2),
    st.dates(),
    st.datetimes(),
    st.just(np.bool_(True)),
    st.just(pd.NA),
    st.just(object()),
)
junk = st.one_of(
    scalars,
    st.lists(
        st.one_of(st.floats(), st.integers(-(10**400), 10**400), st.none(), st.text(max_size=2)), max_size=3
    ),
    st.lists(st.lists(st.floats(), max_size=2), max_size=2),
    st.dictionaries(st.text(max_size=2), st.floats(), max_size=2),
    st.just(np.array([1.0, -2.0])),
    st.just(np.array(["a"])),
    st.just(pd.Series([1, None], dtype="Int64")),
    st.just(pd.Series([1.0, 2.0], index=[5, 6])),
    st.just(pd.Series([True, False], dtype="boolean")),
    st.just(pd.Series([1, None], dtype=object)),
    st.just(pd.Series(["a", 2], dtype=object)),
    st.just(pd.DataFrame({"a": [1.0, 2.0]})),
)
currencies = st.one_of(st.sampled_from(["USD", "eur", "ßd", "US", "usd "]), junk)
PERFORMANCE_FIELDS = [field.name for field in attrs.fields(Performance)]


def outcome(call: Callable[[], object], *allowed: type[Exception]) -> object:
    """``call()``, or None when it raised the project's error (or one of ``allowed``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)  # NaN for x/0 is the policy
        try:
            return call()
        except (InvalidInputError, *allowed):
            return None


def usd(amount: float) -> Money:
    return Money(amount=amount, currency="USD")


@given(junk, currencies)
def test_money_constructs_or_refuses(amount, currency):
    money = outcome(lambda: Money(amount=amount, currency=currency))
    if money is not None:
        assert isinstance(money, Money)
        assert isinstance(money.amount, float) and abs(money.amount) < float("inf")
        assert len(money.currency) == 3 and money.currency.isascii() and money.currency.isupper()


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.one_of(junk, st.builds(usd, st.floats(allow_nan=False, allow_infinity=False))),
    st.sampled_from([operator.add, operator.sub, operator.lt, operator.ge]),
)
def test_money_adds_and_compares_or_refuses(amount, other, op):
    if other is pd.NA:
        return  # pd.NA answers every operator itself (NA + x is NA)
    outcome(lambda: op(usd(amount), other), TypeError)  # the operator protocol: Money + 1 is a TypeError


@given(
    st.floats(allow_nan=False, allow_infinity=False),
    junk,
    st.sampled_from([operator.mul, operator.truediv]),
)
def test_money_scales_or_refuses(amount, factor, op):
    if factor is pd.NA:
        return
    result = outcome(lambda: op(usd(amount), factor), ZeroDivisionError)  # UndefinedMetricError for / 0
    if isinstance(result, Money):
        assert abs(result.amount) < float("inf")


@given(st.sampled_from(PERFORMANCE_FIELDS), junk, st.sampled_from(PERFORMANCE_FIELDS), junk)
def test_performance_constructs_or_refuses(first, first_value, second, second_value):
    record = outcome(lambda: Performance(**{first: first_value, second: second_value}))
    if isinstance(record, Performance):
        for name in ("start", "end"):
            value = getattr(record, name)
            assert value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))
        outcome(lambda: record + record)
        outcome(lambda: Performance.total([record, record]))


@given(st.sampled_from(PERFORMANCE_FIELDS), junk, junk)
def test_performance_need_refuses_unknown_fields(field, value, name):
    record = outcome(lambda: Performance(**{field: value}))
    if isinstance(record, Performance):
        outcome(lambda: record.need(name, "kpi"), MissingDataError)
        for kpi in ("cpm", "ctr", "roas", "frequency", "bounce_rate", "completion_rate", "net_followers"):
            outcome(lambda kpi=kpi: getattr(record, kpi), MissingDataError)


@given(
    st.one_of(junk, st.sampled_from(["tools", "AD_SPEND", "tool"])),
    st.one_of(junk, st.builds(usd, st.floats(min_value=0, max_value=1e308))),
    junk,
    junk,
    junk,
    st.one_of(junk, st.builds(usd, st.floats(-10, 10))),
)
def test_cost_items_construct_or_refuse(category, amount, label, channel, hours, rate):
    outcome(
        lambda: CostItem(
            category=category, amount=amount, label=label, channel=channel, hours=hours, hourly_rate=rate
        )
    )
    outcome(lambda: CostItem.staff_time(hours=hours, hourly_rate=rate, label="x"))


@given(junk, junk, junk, junk, junk)
def test_ledgers_construct_filter_and_convert_or_refuse(items, category, channel, to, rates):
    costs = Costs(items=[CostItem(category="tools", amount=Money(amount=5, currency="EUR"), channel="fb")])
    outcome(lambda: Costs(items=items))
    outcome(lambda: Costs(currency=to))
    outcome(lambda: costs.filter(category=category))
    outcome(lambda: costs.filter(channel=channel))
    outcome(lambda: costs.convert(to, rates))
    outcome(lambda: costs.convert("USD", {"EUR": to}))


def _arguments(metric: Callable[..., Any]) -> tuple[list[str], list[str]]:
    parameters = inspect.signature(metric).parameters.values()
    positional = [p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keywords = [
        p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "zero_division"
    ]
    return positional, keywords


@given(st.sampled_from(metrics.__all__), st.data())
def test_metrics_return_or_refuse(name, data):
    metric = getattr(metrics, name)
    positional, keywords = _arguments(metric)
    args = [data.draw(junk, label=argument) for argument in positional]
    kwargs = {argument: data.draw(st.one_of(st.none(), junk), label=argument) for argument in keywords}
    if "zero_division" in inspect.signature(metric).parameters:
        kwargs["zero_division"] = data.draw(
            st.one_of(st.sampled_from(["warn", "raise"]), junk), label="policy"
        )
    outcome(lambda: metric(*args, **kwargs), ZeroDivisionError)  # UndefinedMetricError with "raise"
