"""Every field of every public funnel class and every option of its functions meets the bad values.

One entry per field (``check_field`` of `tests.bad_values`): the kinds a field legitimately accepts are
listed, every other kind must raise `InvalidInputError` in the grammar ``'name' must be … (got …)``.
Fields that take one name or a sequence of them are checked twice: the field itself with the kinds that
are not strings, and one element (``'primary[0]'``) with every kind.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest

from socialroi import metrics
from socialroi.exceptions import InvalidInputError
from socialroi.funnel import (
    KPI,
    KPIS,
    Change,
    Funnel,
    FunnelEvaluation,
    Goal,
    Scorecard,
    Stage,
    Target,
    TargetProgress,
    Transition,
)
from socialroi.records import Performance
from tests.bad_values import BAD_VALUES, check_field

COVERED: dict[type, set[str]] = {
    KPI: {"key", "name", "stages", "unit", "direction", "fields", "formula", "function", "estimate", "description"},
    Goal: {"objective", "stage", "primary", "secondary", "content"},
    Target: {"kpi", "value", "start", "end", "baseline", "channel", "direction"},
    TargetProgress: {
        "target", "observed", "as_of", "status", "progress", "expected", "on_track", "met", "days_elapsed",
        "days_left", "required_per_day",
    },
    Transition: {"source_stage", "source", "target_stage", "target", "rate", "previous_rate", "change"},
    Change: {"previous", "current", "absolute", "relative", "improved"},
    Scorecard: {"values", "missing", "invalid", "flows", "weakest", "weakest_by", "changes"},
    FunnelEvaluation: {
        "funnel", "stages", "stage_kpis", "kpis", "currency", "total", "by_channel", "targets",
        "skipped_targets", "compared",
    },
    Funnel: {"name", "stages", "goals", "kpis", "catalogue", "flow"},
}  # fmt: skip
"""For each public attrs class of the funnel, the ``__init__`` names (aliases) whose bad values are tested."""

NUMBERS = {"negative", "nan", "inf", "np_int64"}
"""Every kind that is a number, for fields that hold any measured value or ratio (NaN where undefined)."""

JAN1, MAR31 = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
A, C = Stage.AWARENESS, Stage.CONSIDERATION


def field(build: Callable[..., object], name: str) -> Callable[[Any], object]:
    """A builder that puts the value into the keyword argument ``name`` of ``build``."""
    return lambda value: build(**{name: value})


def check_names(build: Callable[[Any], object], name: str, element: set[str] = frozenset()) -> None:
    """A field of one name or several: the field refuses every kind but a string (one name), and an
    element of it accepts ``element``."""
    pattern = rf"^'{name}' must be .+ \(got .*\)"
    for kind, value in BAD_VALUES.items():
        if kind == "string":
            continue
        with pytest.raises(InvalidInputError, match=pattern):
            build(value)
    check_field(lambda value: build((value,)), f"{name}[0]", accepts=element)


def test_covered_names_every_init_field_of_every_public_attrs_class():
    from socialroi import funnel

    public = {obj for name in funnel.__all__ if attrs.has(obj := getattr(funnel, name))}
    assert public == set(COVERED)
    for cls, names in COVERED.items():
        assert names == {f.alias for f in attrs.fields(cls)}, cls


# --- stages -------------------------------------------------------------------------------------------


def test_stage_parse():
    check_field(Stage.parse, "stage")


# --- KPI ----------------------------------------------------------------------------------------------


def _kpi(**changes: Any) -> KPI:
    spec: dict[str, Any] = {
        "key": "cost_per_save",
        "name": "Cost per save",
        "stages": "consideration",
        "unit": "currency",
        "direction": "lower",
        "fields": ("spend", "saves"),
        "formula": "spend / saves",
        "function": _cost_per_save,
    }
    return KPI(**{**spec, **changes})


def _cost_per_save(values: Any, zero_division: Any) -> float:
    return metrics.cpe(values["spend"], values["saves"], zero_division=zero_division)


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("key", {"string"}),
        ("name", {"string"}),
        ("stages", set()),
        ("unit", set()),
        ("direction", set()),
        ("formula", {"string"}),
        ("function", set()),
        ("estimate", {"bool"}),
        ("description", {"string"}),
    ],
)
def test_kpi_fields(name, accepts):
    check_field(field(_kpi, name), name, accepts=accepts)


def test_kpi_fields_field():
    check_names(field(_kpi, "fields"), "fields")


def test_kpi_methods():
    kpi = KPIS["cpa"]
    check_field(kpi.missing, "performance")
    check_field(kpi.compute, "performance")
    check_field(lambda value: kpi.compute(Performance(spend=1.0, conversions=0), zero_division=value),
                "zero_division", accepts=NUMBERS)  # fmt: skip
    check_field(kpi.format, "value", accepts=NUMBERS)
    check_field(lambda value: kpi.format(1.0, currency=value), "currency", accepts={"string"})


# --- goals --------------------------------------------------------------------------------------------


def _goal(**changes: Any) -> Goal:
    return Goal(**{"objective": "Reach", "stage": "awareness", "primary": ("reach",), **changes})


def test_goal_fields():
    check_field(field(_goal, "objective"), "objective", accepts={"string"})
    check_field(field(_goal, "stage"), "stage")
    for name in ("primary", "secondary", "content"):
        check_names(field(_goal, name), name, element={"string"})


# --- targets ------------------------------------------------------------------------------------------


def _target(**changes: Any) -> Target:
    return Target(**{"kpi": "reach", "value": 100.0, "start": JAN1, "end": MAR31, **changes})


@pytest.mark.parametrize(
    ("name", "changes", "accepts"),
    [
        ("kpi", {}, set()),
        ("value", {"baseline": -10.0}, {"negative", "np_int64"}),
        ("start", {}, set()),
        ("end", {}, set()),
        ("baseline", {}, {"negative", "np_int64"}),
        ("channel", {}, {"string"}),
        ("direction", {}, set()),
    ],
)
def test_target_fields(name, changes, accepts):
    check_field(lambda value: _target(**changes, **{name: value}), name, accepts=accepts)


@pytest.mark.parametrize(
    ("name", "changes", "accepts"),
    [
        ("kpi", {}, set()),
        ("value", {"baseline": -10.0}, {"negative", "np_int64"}),
        ("start", {}, set()),
        ("baseline", {}, {"negative", "np_int64"}),
        ("channel", {}, {"string"}),
        ("direction", {}, set()),
    ],
)
def test_target_for_quarter_options(name, changes, accepts):
    spec: dict[str, Any] = {"kpi": "reach", "value": 100.0, "start": JAN1, **changes}
    check_field(lambda value: Target.for_quarter(**{**spec, name: value}), name, accepts=accepts)


def test_target_progress_arguments():
    target = _target(baseline=-10.0)
    check_field(lambda value: target.progress(value, JAN1), "observed", accepts={"negative", "np_int64"})
    check_field(lambda value: target.progress(1.0, value), "as_of")


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("target", set()),
        ("observed", {"negative", "np_int64"}),
        ("as_of", set()),
        ("status", set()),
        ("progress", {"negative", "inf", "np_int64"}),
        ("expected", set()),
        ("on_track", {"bool"}),
        ("met", {"bool"}),
        ("days_elapsed", {"np_int64"}),
        ("days_left", {"np_int64"}),
        ("required_per_day", {"negative", "inf", "np_int64"}),
    ],
)
def test_target_progress_fields(name, accepts):
    progress = _target().progress(50.0, dt.date(2026, 2, 1))
    check_field(lambda value: attrs.evolve(progress, **{name: value}), name, accepts=accepts)


# --- evaluation records -------------------------------------------------------------------------------

RECORD = Performance(impressions=1_000, link_clicks=20, conversions=2, spend=40.0, end=MAR31)
EVALUATION = Funnel.social().evaluate(
    {"a": RECORD, "b": RECORD},
    previous={"a": RECORD},
    targets=[_target(kpi="impressions"), _target(channel="x")],
)


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("source_stage", set()),
        ("source", set()),
        ("target_stage", set()),
        ("target", set()),
        ("rate", NUMBERS),
        ("previous_rate", NUMBERS),
        ("change", NUMBERS),
    ],
)
def test_transition_fields(name, accepts):
    spec: dict[str, Any] = {
        "source_stage": A,
        "source": "impressions",
        "target_stage": C,
        "target": "link_clicks",
        "rate": 0.02,
    }
    check_field(lambda value: Transition(**{**spec, name: value}), name, accepts=accepts)


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("previous", NUMBERS),
        ("current", NUMBERS),
        ("absolute", NUMBERS),
        ("relative", NUMBERS),
        ("improved", {"bool"}),
    ],
)
def test_change_fields(name, accepts):
    spec: dict[str, Any] = {
        "previous": 4.0,
        "current": 5.0,
        "absolute": 1.0,
        "relative": 0.25,
        "improved": True,
    }
    check_field(lambda value: Change(**{**spec, name: value}), name, accepts=accepts)


@pytest.mark.parametrize("name", sorted(COVERED[Scorecard]))
def test_scorecard_fields(name):
    check_field(lambda value: attrs.evolve(EVALUATION.total, **{name: value}), name)


_EVALUATION_ACCEPTS = {"funnel": {"string"}, "currency": {"string"}, "compared": {"bool"}}


@pytest.mark.parametrize(
    ("name", "accepts"),
    [(name, _EVALUATION_ACCEPTS.get(name, set())) for name in sorted(COVERED[FunnelEvaluation])],
)
def test_funnel_evaluation_fields(name, accepts):
    check_field(lambda value: attrs.evolve(EVALUATION, **{name: value}), name, accepts=accepts)


def test_funnel_evaluation_value_arguments():
    check_field(EVALUATION.value, "kpi")
    check_field(lambda value: EVALUATION.value("cpa", channel=value), "channel")


def test_the_records_hold_what_they_were_built_with():
    # The evaluation above measured both targets' way: one progressed, one was skipped.
    assert len(EVALUATION.targets) == 1
    assert len(EVALUATION.skipped_targets) == 1
    assert math.isclose(EVALUATION.value("cpa"), 20.0)


# --- the funnel ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("name", {"string"}),
        ("stages", set()),
        ("goals", set()),
        ("kpis", set()),
        ("catalogue", set()),
        ("flow", set()),
    ],
)
def test_funnel_fields(name, accepts):
    check_field(lambda value: Funnel(**{"stages": ("awareness",), name: value}), name, accepts=accepts)


@pytest.mark.parametrize(
    ("name", "accepts"),
    [
        ("performance", set()),
        ("targets", set()),
        ("previous", set()),
        ("total", set()),
        ("as_of", set()),
        ("zero_division", NUMBERS),
    ],
)
def test_funnel_evaluate_options(name, accepts):
    funnel = Funnel.social()
    spec: dict[str, Any] = {"performance": {"a": RECORD, "b": RECORD}}
    check_field(lambda value: funnel.evaluate(**{**spec, name: value}), name, accepts=accepts)


def test_funnel_methods():
    funnel = Funnel(stages=("awareness", "conversion"))
    for method in (funnel.kpi_keys, funnel.kpis, funnel.goals):
        check_field(method, "stage")
    check_field(funnel.goal, "objective")
    check_field(funnel.stage_of, "kpi")


def test_numpy_whole_numbers_and_bools_in_fields_of_many_kinds():
    # np.int64 is a number wherever a number is; np.bool_ is a flag wherever a flag is.
    assert _target(value=np.int64(5)).value == 5.0
    assert _kpi(estimate=np.True_).estimate is True
    assert type(attrs.evolve(EVALUATION.targets[0], days_left=np.int64(3)).days_left) is int
