"""Invariants of the records: Performance addition and the Costs ledger."""

from __future__ import annotations

import functools

import attrs
from hypothesis import given
from hypothesis import strategies as st

from socialroi import CostCategory, CostItem, Costs, Money, Performance
from socialroi.records import ADDITIVE

whole = st.integers(min_value=0, max_value=10**6)


@st.composite
def performances(draw: st.DrawFn) -> Performance:
    # Whole numbers keep float addition exact, so associativity can be checked with ==.
    fields = {
        name: draw(st.none() | whole) for name in ("impressions", "clicks", "spend", "conversions", "leads")
    }
    revenue = draw(st.none() | st.integers(-(10**6), 10**6))
    return Performance(channel=draw(st.sampled_from(["fb", "ig"])), revenue=revenue, **fields)


@given(performances(), performances())
def test_addition_is_commutative(a, b):
    assert a + b == b + a


@given(performances(), performances(), performances())
def test_addition_is_associative(a, b, c):
    assert (a + b) + c == a + (b + c)


@given(st.lists(performances(), min_size=1, max_size=6))
def test_totals_are_ratios_of_sums(records):
    total = Performance.total(records)
    for name in ADDITIVE:
        values = [getattr(r, name) for r in records]
        expected = None if any(v is None for v in values) else sum(values)
        assert getattr(total, name) == expected
    assert total == functools.reduce(lambda x, y: x + y, records)


amounts = st.integers(min_value=0, max_value=10**7).map(lambda cents: cents / 100)


@given(
    st.lists(
        st.tuples(st.sampled_from(list(CostCategory)), amounts, st.sampled_from([None, "fb", "ig"])),
        max_size=20,
    )
)
def test_costs_total_equals_sum_of_items(rows):
    items = [CostItem(category=c, amount=Money(amount=a, currency="USD"), channel=ch) for c, a, ch in rows]
    costs = Costs(items=items, currency="USD")
    total = costs.total().amount
    assert abs(total - sum(a for _, a, _ in rows)) <= 1e-6 * max(1.0, total)
    assert abs(sum(m.amount for m in costs.by_category().values()) - total) <= 1e-6 * max(1.0, total)
    assert abs(sum(m.amount for m in costs.by_channel().values()) - total) <= 1e-6 * max(1.0, total)
    assert attrs.evolve(costs) == costs
