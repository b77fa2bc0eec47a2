"""Pins the public signatures of socialroi.funnel for mypy and pyright. Never executed: every check sits
in a function that nothing calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import assert_type

import socialroi
from socialroi import KPI, KPIS, Funnel, FunnelEvaluation, Goal, Performance, Stage, Target, TargetProgress
from socialroi.funnel import FLOW, Change, Direction, Scorecard, Transition, Unit


def stages() -> None:
    assert_type(Stage.parse("engagement"), Stage)
    assert_type(Stage.parse(Stage.LOYALTY), Stage)
    assert_type(Stage.AWARENESS < Stage.ADVOCACY, bool)
    assert_type(Stage.CONVERSION.key, str)
    assert_type(Stage.CONVERSION.label, str)


def catalogue() -> None:
    assert_type(KPIS, Mapping[str, KPI])
    assert_type(FLOW, Mapping[Stage, tuple[str, ...]])
    kpi = KPIS["cpa"]
    assert_type(kpi.compute(Performance(spend=1.0, conversions=1)), float)
    assert_type(kpi.compute(Performance(), zero_division="raise"), float)
    assert_type(kpi.missing(Performance()), tuple[str, ...])
    assert_type(kpi.stage, Stage)
    assert_type(kpi.stages, tuple[Stage, ...])
    assert_type(kpi.unit, Unit)
    assert_type(kpi.direction, Direction)
    assert_type(kpi.format(1.0, currency="USD"), str)
    assert_type(Direction.LOWER.better(1.0, 2.0), bool)
    own = KPI(
        key="cost_per_save",
        name="Cost per save",
        stages="consideration",
        unit="currency",
        direction=Direction.LOWER,
        fields=("spend", "saves"),
        formula="spend / saves",
        function=lambda v, zd: socialroi.cpe(v["spend"], v["saves"], zero_division=zd),
    )
    assert_type(own, KPI)


def goals_and_funnels() -> None:
    goal = Goal(objective="Reach", stage="awareness", primary="reach", secondary=("impressions",))
    assert_type(goal.kpis, tuple[str, ...])
    funnel = Funnel(name="mine", stages=("awareness",), goals=[goal], kpis={"awareness": ["cpm"]})
    assert_type(Funnel.social(), Funnel)
    assert_type(funnel.kpis("awareness"), tuple[KPI, ...])
    assert_type(funnel.kpis(), tuple[KPI, ...])
    assert_type(funnel.kpi_keys(Stage.AWARENESS), tuple[str, ...])
    assert_type(funnel.goals(), tuple[Goal, ...])
    assert_type(funnel.goal("Reach"), Goal)
    assert_type(funnel.stage_of("cpm"), Stage)


def targets() -> None:
    start = dt.date(2026, 1, 1)
    target = Target(kpi="cpa", value=20.0, baseline=30.0, start=start, end=dt.date(2026, 3, 31))
    assert_type(Target.for_quarter("reach", 1_000, start=start, channel="tiktok"), Target)
    progress = target.progress(25.0, dt.date(2026, 2, 1))
    assert_type(progress, TargetProgress)
    assert_type(progress.on_track, bool)
    assert_type(progress.required_per_day, float | None)
    assert_type(target.to_dict(), dict[str, object])


def evaluation() -> None:
    funnel = Funnel.social()
    one = funnel.evaluate(Performance(clicks=1))
    assert_type(one, FunnelEvaluation)
    per_channel = funnel.evaluate(
        {"facebook": Performance(clicks=1)},
        previous=[Performance(channel="facebook", clicks=2)],
        targets=[Target.for_quarter("clicks", 10, start=dt.date(2026, 1, 1))],
        as_of=dt.date(2026, 1, 31),
        zero_division=0.0,
    )
    assert_type(per_channel.values, Mapping[str, float])
    assert_type(per_channel.missing, Mapping[str, tuple[str, ...]])
    assert_type(per_channel.invalid, Mapping[str, str])
    assert_type(per_channel.flows, tuple[Transition, ...])
    assert_type(per_channel.weakest, Transition | None)
    assert_type(per_channel.changes, Mapping[str, Change])
    assert_type(per_channel.by_channel, Mapping[str, Scorecard])
    assert_type(per_channel.channels, tuple[str, ...])
    assert_type(per_channel.targets, tuple[TargetProgress, ...])
    assert_type(per_channel.value("ctr", channel="facebook"), float)
    assert_type(per_channel.to_dict(), dict[str, object])
    assert_type(per_channel._repr_html_(), str)  # pyright: ignore[reportPrivateUsage]
