"""Unit tests of socialroi.funnel: hand-computed KPIs, the default funnel, targets and the evaluation."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import pickle
import re

import attrs
import numpy as np
import pytest

import socialroi
from socialroi import metrics
from socialroi.exceptions import (
    InvalidInputError,
    MissingDataError,
    UndefinedMetricError,
    UndefinedMetricWarning,
)
from socialroi.funnel import (
    FLOW,
    KPI,
    KPIS,
    Change,
    Direction,
    Funnel,
    FunnelEvaluation,
    Goal,
    Scorecard,
    Stage,
    Target,
    TargetProgress,
    Transition,
    Unit,
)
from socialroi.records import Performance

A, C, V, L, D = Stage

# One record that measures everything, with round numbers to compute every KPI by hand.
FULL = Performance(
    channel="facebook",
    start=dt.date(2026, 3, 1),
    end=dt.date(2026, 3, 31),
    currency="USD",
    impressions=10_000,
    reach=4_000,
    clicks=200,
    link_clicks=150,
    engagements=600,
    reactions=300,
    comments=100,
    shares=50,
    saves=30,
    follows=120,
    unfollows=20,
    followers=5_100,
    video_views=2_000,
    views_25=1_500,
    views_50=1_000,
    views_75=800,
    views_100=500,
    sessions=120,
    bounced_sessions=48,
    engagement_seconds=9_600,
    leads=40,
    conversions=20,
    orders=25,
    new_customers=12,
    revenue=2_500,
    spend=500,
    mentions=80,
    market_mentions=400,
    direct_messages=15,
    micro_conversions=30,
    inquiries=6,
    qualified_leads=10,
    customers=20,
    repeat_customers=5,
    reviews=10,
    positive_reviews=8,
    rating=4.5,
    engaged_users=500,
    ad_recall_lift=200,
    brand_lift=0.03,
    influencer_impressions=20_000,
    influencer_engagements=900,
    affiliate_signups=4,
    affiliate_sessions=60,
    affiliate_sales=3,
    affiliate_revenue=300,
)

EXPECTED = {
    # awareness
    "reach": 4_000,
    "impressions": 10_000,
    "frequency": 2.5,  # 10,000 / 4,000
    "cpm": 50.0,  # 1000 · 500 / 10,000
    "cost_per_1000_reached": 125.0,  # 1000 · 500 / 4,000
    "video_views": 2_000,
    "views_25": 1_500,
    "views_50": 1_000,
    "views_75": 800,
    "views_100": 500,
    "view_rate": 0.2,  # 2,000 / 10,000
    "completion_rate": 0.25,  # 500 / 2,000
    "cpv": 0.25,  # 500 / 2,000
    "ad_recall_lift": 200,
    "ad_recall_lift_rate": 0.05,  # 200 / 4,000
    "brand_lift": 0.03,
    "mentions": 80,
    "share_of_voice": 0.2,  # 80 / 400
    "followers": 5_100,
    "net_followers": 100,  # 120 - 20
    "follower_growth_rate": 0.02,  # 100 / (5,100 - 100)
    # consideration
    "engagements": 600,
    "engagement_rate": 0.06,  # 600 / 10,000
    "engagement_rate_by_reach": 0.15,  # 600 / 4,000
    "engagement_rate_by_followers": 600 / 5_100,
    "reactions": 300,
    "comments": 100,
    "shares": 50,
    "saves": 30,
    "clicks": 200,
    "link_clicks": 150,
    "ctr": 0.02,  # 200 / 10,000
    "link_ctr": 0.015,  # 150 / 10,000
    "cpc": 2.5,  # 500 / 200
    "link_cpc": 500 / 150,
    "cpe": 500 / 600,
    "sessions": 120,
    "time_on_site": 80.0,  # 9,600 s / 120
    "bounce_rate": 0.4,  # 48 / 120
    "micro_conversions": 30,
    "micro_conversion_rate": 0.25,  # 30 / 120
    "website_conversion_rate": 20 / 120,
    "direct_messages": 15,
    "positive_reviews": 8,
    # conversion
    "conversions": 20,
    "orders": 25,
    "leads": 40,
    "qualified_leads": 10,
    "inquiries": 6,
    "cpa": 25.0,  # 500 / 20
    "cpl": 12.5,  # 500 / 40
    "conversion_rate": 20 / 150,
    "revenue": 2_500,
    "average_order_value": 100.0,  # 2,500 / 25
    "roas": 5.0,  # 2,500 / 500
    "roi": 4.0,  # (2,500 - 500) / 500
    "new_customers": 12,
    "cac": 500 / 12,
    # loyalty
    "new_followers": 120,
    "engaged_users": 500,
    "reviews": 10,
    "rating": 4.5,
    "positive_review_rate": 0.8,  # 8 / 10
    "repeat_customers": 5,
    "repeat_purchase_rate": 0.25,  # 5 / 20
    "ltv": 125 / 0.75,  # (2,500 / 20) / (1 - 5 / 20)
    "ltv_to_cac": 4.0,  # 166.67 / 41.67
    "payback_period": (500 / 12) / 125,  # CAC / revenue per customer
    # advocacy
    "amplification_rate": 50 / 5_100,
    "virality_rate": 0.005,  # 50 / 10,000
    "influencer_engagements": 900,
    "influencer_engagement_rate": 0.045,  # 900 / 20,000
    "affiliate_signups": 4,
    "affiliate_traffic": 60,
    "affiliate_sales": 3,
    "affiliate_revenue": 300,
}

JAN1, MAR31 = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


# --- stages -------------------------------------------------------------------------------------------


def test_stages_are_ordered():
    assert A < C < V < L < D
    assert D > L >= C > A
    assert A <= C
    assert A <= Stage.AWARENESS
    assert L >= Stage.LOYALTY
    assert D >= C
    assert sorted([D, A, L, C, V]) == list(Stage)
    assert not (C < A)


@pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_stages_do_not_compare_with_other_types(op):
    assert getattr(A, op)(1) is NotImplemented
    with pytest.raises(TypeError):
        _ = A < 1  # type: ignore[operator]


def test_stage_key_and_label():
    assert [s.key for s in Stage] == ["awareness", "consideration", "conversion", "loyalty", "advocacy"]
    assert V.label == "Conversion"


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("engagement", C),
        ("lead generation", V),
        ("Lead-Generation", V),
        ("lead_gen", V),
        ("retention", L),
        ("retargeting", V),
        ("prospecting", A),
        ("  AWARENESS ", A),
        ("top of funnel", A),
        ("mofu", C),
        ("cross-sell", L),
        ("word of mouth", D),
        ("advocacy", D),
        (V, V),
    ],
)
def test_stage_parse_understands_synonyms(name, stage):
    assert Stage.parse(name) is stage


def test_stage_parse_unknown_name_suggests_the_closest():
    with pytest.raises(
        InvalidInputError,
        match=r"^'stage' must be one of 'awareness', 'consideration', 'conversion', 'loyalty' or 'advocacy' "
        r"or a synonym like 'engagement' \(got 'retension'\); did you mean 'retention' or 'retargeting'\?$",
    ):
        Stage.parse("retension")
    with pytest.raises(InvalidInputError, match=r"\(got 'xyz'\)$"):
        Stage.parse("xyz")


def test_stage_parse_rejects_non_strings():
    with pytest.raises(InvalidInputError, match=r"^'stage' must be a Stage or its name \(got 3\)$"):
        Stage.parse(3)  # type: ignore[arg-type]


# --- the catalogue ------------------------------------------------------------------------------------


def test_catalogue_has_at_least_40_kpis_keyed_by_their_key():
    assert len(KPIS) >= 40
    assert all(key == kpi.key for key, kpi in KPIS.items())
    with pytest.raises(TypeError):
        KPIS["x"] = KPIS["cpa"]  # type: ignore[index]


def test_every_kpi_is_hand_computed():
    assert set(EXPECTED) == set(KPIS)
    for key, kpi in KPIS.items():
        assert kpi.compute(FULL) == pytest.approx(EXPECTED[key], rel=1e-12), key


def test_catalogue_reuses_the_metrics_formulas():
    p = FULL
    assert KPIS["cpm"].compute(p) == metrics.cpm(500, 10_000)
    assert KPIS["cost_per_1000_reached"].compute(p) == metrics.cpm(500, 4_000)
    assert KPIS["ltv"].compute(p) == metrics.ltv(125, 0.75)
    assert KPIS["ltv_to_cac"].compute(p) == metrics.ltv_to_cac(metrics.ltv(125, 0.75), metrics.cac(500, 12))
    assert KPIS["payback_period"].compute(p) == metrics.payback_period(metrics.cac(500, 12), 125)
    assert KPIS["follower_growth_rate"].compute(p) == metrics.follower_growth_rate(120, 20, 5_000)


ISSUE_KPIS = {
    A: [
        "reach", "impressions", "frequency", "cpm", "cost_per_1000_reached", "video_views", "views_25",
        "views_50", "views_75", "views_100", "view_rate", "cpv", "ad_recall_lift", "mentions",
        "share_of_voice", "followers", "net_followers", "follower_growth_rate",
    ],
    C: [
        "engagements", "engagement_rate", "engagement_rate_by_reach", "engagement_rate_by_followers",
        "reactions", "comments", "shares", "saves", "link_clicks", "ctr", "link_ctr", "cpc", "cpe", "sessions",
        "time_on_site", "bounce_rate", "micro_conversions", "website_conversion_rate",
    ],
    V: [
        "conversions", "leads", "inquiries", "cpa", "cpl", "conversion_rate", "revenue", "average_order_value",
        "roas", "roi", "cac",
    ],
    L: [
        "new_followers", "net_followers", "engaged_users", "reviews", "rating", "repeat_purchase_rate", "ltv",
        "ltv_to_cac",
    ],
    D: [
        "mentions", "shares", "amplification_rate", "influencer_engagements", "affiliate_signups",
        "affiliate_traffic", "affiliate_sales",
    ],
}  # fmt: skip


@pytest.mark.parametrize("stage", list(Stage))
def test_catalogue_covers_the_issue_list_at_each_stage(stage):
    for key in ISSUE_KPIS[stage]:
        assert stage in KPIS[key].stages, key


def test_modelled_kpis_are_estimates():
    modelled = {"reach", "ad_recall_lift", "brand_lift"}
    for key, kpi in KPIS.items():
        if modelled & set(kpi.fields):
            assert kpi.estimate, key
    assert not KPIS["impressions"].estimate
    assert KPIS["ltv"].estimate


def test_kpi_units_and_directions():
    assert KPIS["cpm"].unit is Unit.CURRENCY_PER_MILLE
    assert KPIS["time_on_site"].unit is Unit.SECONDS
    assert KPIS["payback_period"].unit is Unit.PERIODS
    assert KPIS["rating"].unit is Unit.SCORE
    lower = {key for key, kpi in KPIS.items() if kpi.direction is Direction.LOWER}
    assert lower == {"cpm", "cost_per_1000_reached", "cpv", "cpc", "link_cpc", "cpe", "bounce_rate",
                     "cpa", "cpl", "cac", "payback_period"}  # fmt: skip
    assert KPIS["net_followers"].stage is A
    assert KPIS["net_followers"].stages == (A, L)


def test_direction_better():
    assert Direction.HIGHER.better(2, 1)
    assert not Direction.HIGHER.better(1, 1)
    assert Direction.LOWER.better(1, 2)
    assert not Direction.LOWER.better(2, 2)


def test_missing_fields_raise_with_their_names():
    assert KPIS["ltv"].missing(Performance(revenue=1.0)) == ("customers", "repeat_customers")
    with pytest.raises(MissingDataError, match=r"^cpa needs 'conversions', which was not measured$"):
        KPIS["cpa"].compute(Performance(spend=1.0))
    with pytest.raises(
        MissingDataError,
        match=r"^ltv needs 'revenue', 'customers' or 'repeat_customers', which were not measured$",
    ):
        KPIS["ltv"].compute(Performance())


def test_compute_checks_its_arguments():
    with pytest.raises(InvalidInputError, match=r"^'performance' must be a Performance \(got 3\)$"):
        KPIS["cpa"].compute(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'zero_division' must be 'warn', 'raise' or a number"):
        KPIS["cpa"].compute(FULL, zero_division="skip")  # type: ignore[arg-type]


def test_zero_denominators_follow_the_policy():
    record = Performance(spend=10.0, conversions=0)
    with pytest.warns(UndefinedMetricWarning, match="cpa is undefined where 'conversions' is 0"):
        assert math.isnan(KPIS["cpa"].compute(record))
    with pytest.raises(UndefinedMetricError, match="cpa is undefined"):
        KPIS["cpa"].compute(record, zero_division="raise")
    assert KPIS["cpa"].compute(record, zero_division=0.0) == 0.0


def test_ltv_without_customers_follows_the_policy_once():
    record = Performance(revenue=0.0, customers=0, repeat_customers=0, spend=10.0, new_customers=0)
    with pytest.warns(UndefinedMetricWarning, match="ltv is undefined where 'customers' is 0") as caught:
        assert math.isnan(KPIS["ltv"].compute(record))
    assert len(caught) == 1
    assert KPIS["ltv"].compute(record, zero_division=0.0) == 0.0
    with pytest.raises(UndefinedMetricError):
        KPIS["ltv"].compute(record, zero_division="raise")


def test_ltv_of_customers_who_all_return_is_undefined():
    record = Performance(revenue=100.0, customers=4, repeat_customers=4)
    with pytest.warns(UndefinedMetricWarning, match="ltv is undefined where 'churn_rate' is 0"):
        assert math.isnan(KPIS["ltv"].compute(record))


def test_format_by_unit():
    assert KPIS["reach"].format(1234567.0) == "1,234,567"
    assert KPIS["reach"].format(2.5) == "2.50"
    assert KPIS["ctr"].format(0.0123) == "1.23 %"
    assert KPIS["cpa"].format(1234.5, currency="EUR") == "1,234.50 EUR"
    assert KPIS["cpa"].format(12.0) == "12.00"
    assert KPIS["cpm"].format(5.0, currency="USD") == "5.00 USD"
    assert KPIS["roas"].format(5.0, currency="USD") == "5.00"
    assert KPIS["time_on_site"].format(80.0) == "80.0 s"
    assert KPIS["payback_period"].format(2.0) == "2.00 periods"
    assert KPIS["rating"].format(4.5) == "4.50"
    assert KPIS["cpa"].format(math.nan) == "n/a"


def _own_kpi(**changes):
    spec = {
        "key": "cost_per_save",
        "name": "Cost per save",
        "stages": "consideration",
        "unit": "currency",
        "direction": "lower",
        "fields": ("spend", "saves"),
        "formula": "spend / saves",
        "function": lambda v, zd: metrics.cpe(v["spend"], v["saves"], zero_division=zd),
    }
    return KPI(**{**spec, **changes})


def test_own_kpis():
    kpi = _own_kpi()
    assert kpi.stages == (C,)
    assert kpi.unit is Unit.CURRENCY
    assert kpi.direction is Direction.LOWER
    assert kpi.compute(Performance(spend=90, saves=30)) == 3.0
    assert _own_kpi(fields="saves", unit=Unit.COUNT, function=lambda v, zd: v["saves"]).fields == ("saves",)
    assert "function" not in repr(kpi)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"key": "Cost per save"}, r"^'key' must be lower-case letters, digits and underscores, starting with a letter \(got 'Cost per save'\)$"),
        ({"key": 3}, r"^'key' must be lower-case letters"),
        ({"stages": ()}, r"^'stages' must be at least one element \(got \(\)\)$"),
        ({"stages": 3}, r"^'stages' must be a Stage, its name, or a sequence of them \(got 3\)$"),
        ({"unit": "euros"}, r"^'unit' must be a Unit or 'count', 'fraction', 'ratio', 'currency', 'currency per mille', 'seconds', 'periods' or 'score' \(got 'euros'\); did you mean 'periods'\?$"),
        ({"direction": "up"}, r"^'direction' must be a Direction or 'higher' or 'lower' \(got 'up'\)$"),
        ({"fields": ("spend", "savez")}, r"^'fields\[1\]' must be a numeric field of Performance \(got 'savez'\); did you mean 'saves'\?$"),
        ({"fields": ("channel",)}, r"^'fields\[0\]' must be a numeric field of Performance \(got 'channel'\)$"),
        ({"fields": ("spend", "")}, r"^'fields\[1\]' must be a numeric field of Performance \(got ''\)$"),
        ({"fields": ("spend", 3)}, r"^'fields\[1\]' must be a numeric field of Performance \(got 3\)$"),
        ({"name": ""}, r"^'name' must be a non-empty string \(got ''\)$"),
        ({"formula": None}, r"^'formula' must be a string \(got None\)$"),
        ({"estimate": "yes"}, r"^'estimate' must be True or False \(got 'yes'\)$"),
        ({"description": 3}, r"^'description' must be a string \(got 3\)$"),
        ({"function": "spend / saves"}, r"^'function' must be callable as function\(values, zero_division\) \(got 'spend / saves'\)$"),
    ],
)  # fmt: skip
def test_invalid_kpis(changes, message):
    with pytest.raises(InvalidInputError, match=message):
        _own_kpi(**changes)


# --- goals --------------------------------------------------------------------------------------------


def test_goal():
    goal = Goal(
        objective="Website visits",
        stage="engagement",
        primary="sessions",
        secondary=("sessions", "bounce_rate"),
    )
    assert goal.stage is C
    assert goal.primary == ("sessions",)
    assert goal.kpis == ("sessions", "bounce_rate")
    assert goal.content == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"objective": " "}, r"^'objective' must be a non-empty string \(got ' '\)$"),
        ({"objective": None}, r"^'objective' must be a string \(got None\)$"),
        ({"stage": "funnel"}, r"^'stage' must be one of"),
        ({"primary": ()}, r"^'primary' must be at least one element \(got \(\)\)$"),
        ({"primary": ("reach", "reach")}, r"^'primary' must be distinct \(got 'reach' twice\)$"),
        ({"secondary": ("cpm", "cpm")}, r"^'secondary' must be distinct \(got 'cpm' twice\)$"),
        ({"content": ("video", None)}, r"^'content\[1\]' must be a string \(got None\)$"),
    ],
)
def test_invalid_goals(changes, message):
    spec = {"objective": "Reach", "stage": "awareness", "primary": ("reach",)}
    with pytest.raises(InvalidInputError, match=message):
        Goal(**{**spec, **changes})


# --- the default social funnel ------------------------------------------------------------------------

ISSUE_GOALS = {
    "Reach": (A, {"reach"}),
    "Fans and followers": (A, {"followers"}),
    "Ad recall and brand lift": (A, {"ad_recall_lift", "brand_lift"}),
    "Reactions and comments": (C, {"reactions", "comments"}),
    "Website clicks": (C, {"link_clicks"}),
    "Longer time on the website": (C, {"time_on_site"}),
    "Website visits": (C, {"sessions"}),
    "Website action": (V, {"micro_conversions"}),
    "Online inquiries": (V, {"inquiries"}),
    "Purchases": (V, {"orders"}),
    "Leads and MQLs": (V, {"leads", "qualified_leads"}),
    "Upsell and cross-sell": (L, {"repeat_customers", "repeat_purchase_rate"}),
    "Satisfaction": (L, {"reviews", "rating"}),
    "Social proof and credibility": (
        D,
        {"mentions", "influencer_engagements", "affiliate_signups", "affiliate_traffic", "affiliate_sales"},
    ),
}
# The issue's "other measurables" of each stage, found among the stage's goal KPIs.
ISSUE_MEASURABLES = {
    A: {"impressions", "mentions", "share_of_voice"},
    C: {"mentions", "positive_reviews", "direct_messages", "shares"},
    L: {"reviews", "rating", "engaged_users", "net_followers"},
    D: {"mentions", "influencer_engagements", "affiliate_signups", "affiliate_traffic", "affiliate_sales"},
}


def test_social_funnel_has_every_goal_of_the_issue():
    funnel = Funnel.social()
    assert funnel.name == "social"
    assert funnel.stages == tuple(Stage)
    assert [goal.objective for goal in funnel.goals()] == list(ISSUE_GOALS)
    for objective, (stage, primary) in ISSUE_GOALS.items():
        goal = funnel.goal(objective)
        assert goal.stage is stage
        assert primary <= set(goal.primary), objective
        assert goal.content, objective


def test_social_funnel_has_the_other_measurables_and_every_kpi_listed():
    funnel = Funnel.social()
    for stage, keys in ISSUE_MEASURABLES.items():
        measured = {key for goal in funnel.goals(stage) for key in goal.kpis}
        assert keys <= measured, stage
    for stage, keys in ISSUE_KPIS.items():
        assert set(keys) <= set(funnel.kpi_keys(stage)), stage
    assert set(funnel.kpi_keys()) == set(KPIS)


def test_lookups():
    funnel = Funnel.social()
    assert funnel.kpis("lead generation")[0] is KPIS["conversions"]
    assert len(funnel.kpis()) == len(KPIS)
    assert funnel.goal("SATISFACTION").stage is L
    assert [g.objective for g in funnel.goals(Stage.ADVOCACY)] == ["Social proof and credibility"]
    assert funnel.stage_of("cpa") is V
    assert funnel.stage_of("shares") is C
    assert funnel.stage_of("mentions") is A
    assert (
        repr(funnel)
        == "Funnel(name='social', stages=(awareness, consideration, conversion, loyalty, advocacy), goals=14, kpis=76)"
    )


def test_lookup_errors():
    funnel = Funnel(
        name="lean", stages=("conversion", "awareness"), kpis={"awareness": ["reach"], "conversion": ["cpa"]}
    )
    with pytest.raises(
        InvalidInputError,
        match=r"^'objective' must be the objective of a goal of funnel 'lean' \(got 'Reach'\)$",
    ):
        funnel.goal("Reach")
    with pytest.raises(
        InvalidInputError,
        match=r"^'objective' must be the objective of a goal of funnel 'social' \(got 'Purchase'\); did you mean 'Purchases'\?$",
    ):
        Funnel.social().goal("Purchase")
    with pytest.raises(
        InvalidInputError, match=r"^'kpi' must be a KPI of funnel 'lean' \(got 'cpc'\); did you mean 'cpa'\?$"
    ):
        funnel.stage_of("cpc")
    with pytest.raises(
        InvalidInputError,
        match=r"^'stage' must be a stage of funnel 'lean', 'conversion' or 'awareness' \(got 'retention'\)$",
    ):
        funnel.kpis("retention")
    with pytest.raises(
        InvalidInputError,
        match=r"^'stage' must be a stage of funnel 'lean', 'conversion' or 'awareness' \(got 'loyalty'\)$",
    ):
        funnel.goals("loyalty")


def test_own_funnel_in_any_order_with_own_kpis():
    own = _own_kpi()
    goal = Goal(objective="Saves", stage="consideration", primary="saves", secondary="cost_per_save")
    funnel = Funnel(
        name="saves",
        stages=["consideration", Stage.AWARENESS],
        kpis={"awareness": ("impressions",), Stage.CONSIDERATION: ("engagements", "saves")},
        goals=[goal],
        catalogue={**KPIS, own.key: own},
    )
    assert funnel.stages == (C, A)
    assert funnel.kpi_keys("consideration") == ("engagements", "saves", "cost_per_save")
    assert funnel.kpi_keys() == ("engagements", "saves", "cost_per_save", "impressions")
    assert funnel.goals() == (goal,)
    evaluation = funnel.evaluate(Performance(impressions=1_000, engagements=50, saves=10, spend=30.0))
    assert evaluation.values == {
        "engagements": 50.0,
        "saves": 10.0,
        "cost_per_save": 3.0,
        "impressions": 1_000.0,
    }
    assert Funnel(stages="awareness").kpi_keys() == ()


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        ({"stages": ()}, InvalidInputError, r"^'stages' must be at least one element \(got \(\)\)$"),
        ({"stages": ("awareness", "reach")}, InvalidInputError, r"^'stages' must be distinct \(got <Stage\.AWARENESS: 1> twice\)$"),
        ({"stages": ("awareness",), "kpis": {"conversion": ("cpa",)}}, InvalidInputError,
         r"^'kpis' must be keyed by the funnel's stages 'awareness' \(got 'conversion'\)$"),
        ({"stages": ("awareness",), "kpis": {"awareness": ("rech",)}}, InvalidInputError,
         r"^'kpis' must be a KPI key of the catalogue \(got 'rech' for stage 'awareness'\); did you mean 'reach'\?$"),
        ({"stages": ("awareness",), "kpis": ["reach"]}, InvalidInputError, r"^'kpis' must be a mapping \(got \['reach'\]\)$"),
        ({"stages": ("awareness",), "goals": [Goal(objective="Sales", stage="conversion", primary="orders")]}, InvalidInputError,
         r"^'goals' must be goals at the funnel's stages 'awareness' \(got 'Sales' at 'conversion'\)$"),
        ({"stages": ("awareness",), "goals": [Goal(objective="Reach", stage="awareness", primary="reach"),
                                              Goal(objective="reach", stage="awareness", primary="impressions")]},
         InvalidInputError, r"^'goals' must be goals with distinct objectives \(got 'reach' twice\)$"),
        ({"stages": ("awareness",), "goals": [Goal(objective="Reach", stage="awareness", primary="reach", secondary="frequncy")]},
         InvalidInputError, r"^'goals' must be a KPI key of the catalogue \(got 'frequncy' in goal 'Reach'\); did you mean 'frequency'\?$"),
        ({"stages": ("awareness",), "goals": ["Reach"]}, InvalidInputError, r"^'goals\[0\]' must be a Goal \(got 'Reach'\)$"),
        ({"stages": ("awareness",), "goals": 3}, InvalidInputError, r"^'goals' must be a sequence \(got 3\)$"),
        ({"stages": ("awareness",), "catalogue": ["cpa"]}, InvalidInputError, r"^'catalogue' must be a mapping \(got \['cpa'\]\)$"),
        ({"stages": ("awareness",), "catalogue": {"cpc": KPIS["cpa"]}}, InvalidInputError,
         r"^'catalogue' must map each KPI's key to the KPI \(got the KPI 'cpa' under 'cpc'\)$"),
        ({"stages": ("awareness",), "flow": ("impressions",)}, InvalidInputError, r"^'flow' must be a mapping \(got \('impressions',\)\)$"),
        ({"stages": ("awareness",), "flow": {"awareness": ("impresions",)}}, InvalidInputError,
         r"^'flow\[Stage\.AWARENESS\]\[0\]' must be a numeric field of Performance \(got 'impresions'\); did you mean 'impressions', 'sessions' or 'mentions'\?$"),
        ({"stages": ("awareness",), "name": ""}, InvalidInputError, r"^'name' must be a non-empty string \(got ''\)$"),
    ],
)  # fmt: skip
def test_invalid_funnels(spec, error, message):
    with pytest.raises(error, match=message):
        Funnel(**spec)


# --- targets ------------------------------------------------------------------------------------------


def test_target_defaults_and_window():
    target = Target(kpi="reach", value=100_000, start=JAN1, end=MAR31)
    assert target.direction is Direction.HIGHER
    assert target.baseline is None
    assert target.days == 90
    assert Target(kpi="cpa", value=20, baseline=30, start=JAN1, end=MAR31).direction is Direction.LOWER
    own = Target(kpi="cost_per_save", value=2, baseline=3, start=JAN1, end=MAR31, direction="lower")
    assert own.direction is Direction.LOWER


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (JAN1, dt.date(2026, 3, 31)),
        (dt.date(2026, 2, 15), dt.date(2026, 5, 14)),
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 31), dt.date(2026, 4, 30)),
        (dt.date(2025, 12, 1), dt.date(2026, 2, 28)),
        (dt.date(2023, 11, 30), dt.date(2024, 2, 29)),
        (dt.date(2025, 10, 31), dt.date(2026, 1, 30)),
    ],
)
def test_for_quarter(start, end):
    target = Target.for_quarter("reach", 1_000, start=start)
    assert (target.start, target.end) == (start, end)


def test_for_quarter_passes_options():
    target = Target.for_quarter(
        "cost_per_save", 2, start=JAN1, baseline=3, channel="tiktok", direction="lower"
    )
    assert (target.baseline, target.channel, target.direction) == (3.0, "tiktok", Direction.LOWER)
    with pytest.raises(
        InvalidInputError,
        match=r"^'start' must be a datetime\.date \(not a datetime or a string\) \(got '2026-01-01'\)$",
    ):
        Target.for_quarter("reach", 1, start="2026-01-01")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": JAN1}, r"^'end' must be after 'start' \(got 2026-01-01 <= 2026-01-01\)$"),
        ({"end": dt.date(2025, 12, 1)}, r"^'end' must be after 'start' \(got 2025-12-01 <= 2026-01-01\)$"),
        ({"value": math.inf}, r"^'value' must be finite \(got inf\)$"),
        ({"value": math.nan}, r"^'value' must be a number, not NaN, and finite \(got nan\)$"),
        ({"value": "1000"}, r"^'value' must be a number \(got '1000'\)$"),
        ({"baseline": -math.inf}, r"^'baseline' must be finite \(got -inf\)$"),
        ({"start": "2026-01-01"}, r"^'start' must be a datetime\.date \(not a datetime or a string\) \(got '2026-01-01'\)$"),
        ({"end": dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)}, r"^'end' must be a datetime\.date \(not a datetime or a string\) \(got datetime\.datetime\(2026, 3, 31, 12, 0, tzinfo=datetime\.tim\.\.\.\)$"),
        ({"kpi": "rech"}, r"^'kpi' must be a KPI key of the catalogue, or come with a 'direction' for a KPI of your own \(got 'rech'\); did you mean 'reach'\?$"),
        ({"kpi": "Reach"}, r"^'kpi' must be lower-case letters, digits and underscores, starting with a letter \(got 'Reach'\)$"),
        ({"kpi": "Reach", "direction": "higher"}, r"^'kpi' must be lower-case letters, digits and underscores, starting with a letter \(got 'Reach'\)$"),
        ({"kpi": "cpa", "value": 20}, r"^'baseline' must be given for 'cpa': lower is better, so progress is counted from where it started \(got None\)$"),
        ({"kpi": "cpa", "value": 30, "baseline": 20}, r"^'value' must be below its baseline because lower cpa is better \(got 30.0 and 20.0\)$"),
        ({"value": 10, "baseline": 10}, r"^'value' must be above its baseline because higher reach is better \(got 10.0 and 10.0\)$"),
        ({"value": 0}, r"^'value' must be above 0 \(no baseline given\) because higher reach is better \(got 0.0 and 0.0\)$"),
        ({"direction": "up"}, r"^'direction' must be a Direction or 'higher' or 'lower' \(got 'up'\)$"),
        ({"channel": ""}, r"^'channel' must be a non-empty string \(got ''\)$"),
        ({"channel": 3}, r"^'channel' must be a string \(got 3\)$"),
    ],
)  # fmt: skip
def test_invalid_targets(changes, message):
    spec = {"kpi": "reach", "value": 1_000, "start": JAN1, "end": MAR31}
    with pytest.raises(InvalidInputError, match=message):
        Target(**{**spec, **changes})


def test_progress_of_a_lower_is_better_target():
    target = Target(kpi="cpa", value=20.0, baseline=30.0, start=JAN1, end=dt.date(2026, 1, 10))
    p = target.progress(26.0, dt.date(2026, 1, 5))
    assert isinstance(p, TargetProgress)
    assert p.status == "in_progress"
    assert p.progress == pytest.approx(0.4)  # (26 - 30) / (20 - 30)
    assert p.expected == 0.5  # 5 of 10 days
    assert (p.on_track, p.met) == (False, False)
    assert (p.days_elapsed, p.days_left) == (5, 5)
    assert p.required_per_day == pytest.approx(-1.2)  # (20 - 26) / 5
    ahead = target.progress(24.0, dt.date(2026, 1, 5))
    assert ahead.on_track
    beaten = target.progress(18.0, dt.date(2026, 1, 5))
    assert beaten.met
    assert beaten.progress == pytest.approx(1.2)
    assert beaten.required_per_day == 0.0


def test_progress_without_baseline_starts_at_zero():
    target = Target(kpi="reach", value=1_000, start=JAN1, end=dt.date(2026, 1, 4))
    p = target.progress(500, dt.date(2026, 1, 2))
    assert (p.progress, p.expected, p.on_track, p.required_per_day) == (0.5, 0.5, True, 250.0)


def test_progress_outside_the_window():
    target = Target(kpi="followers", value=12_000, baseline=10_000, start=JAN1, end=dt.date(2026, 1, 31))
    before = target.progress(10_500, dt.date(2025, 12, 20))
    assert before.status == "not_started"
    assert (before.expected, before.days_elapsed, before.days_left) == (0.0, 0, 31)
    assert before.on_track  # ahead of a start that has not come
    assert before.required_per_day == pytest.approx(1_500 / 31)
    worse = target.progress(9_000, dt.date(2025, 12, 20))
    assert not worse.on_track
    last_day = target.progress(11_000, dt.date(2026, 1, 31))
    assert last_day.status == "finished"
    assert (last_day.expected, last_day.days_left, last_day.met, last_day.on_track) == (1.0, 0, False, False)
    assert last_day.required_per_day is None
    after = target.progress(12_500, dt.date(2026, 2, 20))
    assert (after.status, after.days_elapsed, after.met, after.on_track, after.required_per_day) == (
        "finished", 31, True, True, 0.0,
    )  # fmt: skip
    first_day = target.progress(10_000, JAN1)
    assert (first_day.status, first_day.days_elapsed, first_day.expected) == ("in_progress", 1, 1 / 31)


def test_progress_rejects_bad_input():
    target = Target(kpi="reach", value=1_000, start=JAN1, end=MAR31)
    with pytest.raises(
        InvalidInputError, match=r"^'observed' must be a number, not NaN, and finite \(got nan\)$"
    ):
        target.progress(math.nan, JAN1)
    with pytest.raises(InvalidInputError, match=r"^'observed' must be finite \(got inf\)$"):
        target.progress(math.inf, JAN1)
    with pytest.raises(
        InvalidInputError,
        match=r"^'as_of' must be a datetime\.date \(not a datetime or a string\) \(got '2026-01-01'\)$",
    ):
        target.progress(1.0, "2026-01-01")  # type: ignore[arg-type]


def test_target_and_progress_to_dict():
    target = Target(
        kpi="cpa", value=20.0, baseline=30.0, start=JAN1, end=dt.date(2026, 1, 10), channel="tiktok"
    )
    assert target.to_dict() == {
        "kpi": "cpa", "value": 20.0, "start": "2026-01-01", "end": "2026-01-10", "baseline": 30.0,
        "channel": "tiktok", "direction": "lower",
    }  # fmt: skip
    data = target.progress(25.0, dt.date(2026, 1, 5)).to_dict()
    assert data["as_of"] == "2026-01-05"
    assert data["status"] == "in_progress"
    assert data["progress"] == 0.5
    assert json.dumps(data)


def test_progress_reads_as_a_sentence_not_an_attrs_dump():
    target = Target(
        kpi="cpa", value=20.0, baseline=30.0, start=JAN1, end=dt.date(2026, 1, 10), channel="tiktok"
    )
    # (30 - 26) / (30 - 20) = 40 % of the way by day 5 of 10, where 50 % is expected: behind
    progress = target.progress(26.0, dt.date(2026, 1, 5))
    assert repr(progress) == (
        "TargetProgress(cpa 20.00 by 2026-01-10, tiktok: 26.00 on 2026-01-05, 40 % of the way, 50 % expected: behind)"
    )
    html = progress._repr_html_()
    assert "Target cpa" in html and "40 % of the way, 50 % expected" in html and ">behind<" in html
    assert target.progress(24.0, dt.date(2026, 1, 5)).verdict == "on track"  # 60 %
    assert target.progress(19.0, dt.date(2026, 1, 5)).verdict == "met"
    assert target.progress(26.0, dt.date(2026, 1, 10)).verdict == "missed"
    assert target.progress(26.0, dt.date(2025, 12, 31)).verdict == "not started"
    own = Target(kpi="my_kpi", value=2.5, start=JAN1, end=dt.date(2026, 1, 10), direction="higher")
    assert repr(own.progress(1.0, JAN1)).startswith(
        "TargetProgress(my_kpi 2.50 by 2026-01-10, total: 1.00 on"
    )


# --- evaluation ---------------------------------------------------------------------------------------


def test_evaluate_one_record_computes_every_kpi():
    evaluation = Funnel.social().evaluate(FULL)
    assert isinstance(evaluation, FunnelEvaluation)
    assert set(evaluation.values) == set(KPIS)
    for key, value in evaluation.values.items():
        assert value == pytest.approx(EXPECTED[key], rel=1e-12), key
    assert evaluation.missing == {}
    assert evaluation.channels == ()
    assert evaluation.currency == "USD"
    assert evaluation.changes == {}
    assert not evaluation.compared
    assert [(t.source, t.target) for t in evaluation.flows] == [
        ("impressions", "link_clicks"),
        ("link_clicks", "conversions"),
        ("conversions", "repeat_customers"),
        ("repeat_customers", "affiliate_signups"),
    ]
    assert [t.rate for t in evaluation.flows] == pytest.approx([0.015, 20 / 150, 0.25, 0.8])
    weakest = evaluation.weakest
    assert weakest is not None
    assert (weakest.source, weakest.target) == ("impressions", "link_clicks")
    assert evaluation.total.weakest_by == "rate"
    assert "Weakest transition: impressions → link_clicks at 1.5 %" in repr(evaluation).splitlines()


def test_kpis_that_cannot_be_computed_are_listed_with_their_fields():
    evaluation = Funnel.social().evaluate(Performance(impressions=1_000, clicks=10))
    assert evaluation.values == {"impressions": 1_000.0, "clicks": 10.0, "ctr": 0.01}
    assert evaluation.missing["cpa"] == ("spend", "conversions")
    assert evaluation.missing["reach"] == ("reach",)
    assert set(evaluation.missing) == set(KPIS) - {"impressions", "clicks", "ctr"}
    assert [(t.source, t.target, t.rate) for t in evaluation.flows] == [("impressions", "clicks", 0.01)]
    only_awareness = Funnel.social().evaluate(Performance(impressions=1_000))
    assert only_awareness.flows == ()
    assert only_awareness.weakest is None
    assert only_awareness.total.weakest_by is None


def test_flows_fall_back_to_the_fields_measured_and_skip_stages():
    record = Performance(reach=500, impressions=1_000, sessions=40, leads=4, affiliate_signups=1)
    flows = Funnel.social().evaluate(record).flows
    assert [(t.source_stage, t.source, t.target_stage, t.target, t.rate) for t in flows] == [
        (A, "impressions", C, "sessions", 0.04),
        (C, "sessions", V, "leads", 0.1),
        (V, "leads", D, "affiliate_signups", 0.25),
    ]
    reversed_funnel = Funnel(
        stages=("conversion", "awareness"), flow={"awareness": ["reach"], "conversion": ["leads"]}
    )
    assert [(t.source, t.target, t.rate) for t in reversed_funnel.evaluate(record).flows] == [
        ("leads", "reach", 125.0)
    ]


def test_per_channel_evaluation_totals_are_ratios_of_sums():
    facebook = Performance(
        impressions=6_000, reach=3_000, link_clicks=60, conversions=3, spend=60.0, currency="USD"
    )
    tiktok = Performance(
        impressions=4_000, reach=2_500, link_clicks=20, conversions=2, spend=20.0, currency="USD"
    )
    evaluation = Funnel.social().evaluate({"facebook": facebook, "tiktok": tiktok})
    assert evaluation.channels == ("facebook", "tiktok")
    assert evaluation.value("cpa") == 16.0  # 80 / 5, not the mean of 20 and 10
    assert evaluation.value("link_ctr") == 0.008
    assert evaluation.value("cpa", channel="facebook") == 20.0
    assert evaluation.by_channel["tiktok"].values["reach"] == 2_500
    assert "reach" in evaluation.missing  # reach is not additive
    with_total = Funnel.social().evaluate(
        {"facebook": facebook, "tiktok": tiktok},
        total=(facebook + tiktok).__class__(impressions=10_000, reach=4_800),
    )
    assert with_total.value("frequency") == pytest.approx(10_000 / 4_800)


def test_per_channel_records_as_a_sequence():
    records = [Performance(channel="b", clicks=1), Performance(channel="a", clicks=2)]
    evaluation = Funnel.social().evaluate(records)
    assert evaluation.channels == ("b", "a")
    assert evaluation.value("clicks") == 3.0
    assert evaluation.value("clicks", channel="a") == 2.0


@pytest.mark.parametrize(
    ("performance", "message"),
    [
        (3, r"^'performance' must be a Performance, a mapping of channel names to them, or a sequence of them \(got 3\)$"),
        ("facebook", r"^'performance' must be a Performance, a mapping"),
        ({}, r"^'performance' must be at least one Performance \(got \{\}\)$"),
        ([], r"^'performance' must be at least one Performance \(got \[\]\)$"),
        ({"": Performance()}, r"^'performance' must be a non-empty string \(got ''\)$"),
        ({3: Performance()}, r"^'performance' must be a string \(got 3\)$"),
        ({"facebook": 3}, r"^\"performance\['facebook'\]\" must be a Performance \(got 3\)$"),
        ([Performance(channel="a"), 3], r"^'performance\[1\]' must be a Performance \(got 3\)$"),
        ([Performance(channel="a"), Performance()], r"^'performance' must be records with channel names \(got channel=None at index 1\)$"),
        ([Performance(channel="a"), Performance(channel="a")], r"^'performance' must be records of distinct channels \(got 'a' twice\)$"),
    ],
)  # fmt: skip
def test_invalid_performance(performance, message):
    with pytest.raises(InvalidInputError, match=message):
        Funnel.social().evaluate(performance)


def test_evaluate_argument_errors():
    funnel = Funnel.social()
    with pytest.raises(
        InvalidInputError,
        match=r"^'total' must be None for a single record \(pass the one record as 'performance'\) \(got Performance\(channel='facebook', start=datetime\.date\(2026,\.\.\.\)$",
    ):
        funnel.evaluate(FULL, total=FULL)
    with pytest.raises(InvalidInputError, match=r"^'total' must be a Performance \(got 3\)$"):
        funnel.evaluate([FULL], total=3)  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError, match=r"^'previous' must be at least one Performance \(got \[\]\)$"
    ):
        funnel.evaluate(FULL, previous=[])
    with pytest.raises(InvalidInputError, match=r"^'zero_division' must be 'warn', 'raise' or a number"):
        funnel.evaluate(FULL, zero_division="ignore")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^'targets\[0\]' must be a Target \(got 'cpa'\)$"):
        funnel.evaluate(FULL, targets=["cpa"])  # type: ignore[list-item]
    own = Target(kpi="cost_per_save", value=2, baseline=3, start=JAN1, end=MAR31, direction="lower")
    with pytest.raises(
        InvalidInputError,
        match=r"^'targets' must be targets on KPIs of the funnel's catalogue \(got 'cost_per_save' at index 0\)$",
    ):
        funnel.evaluate(FULL, targets=[own])


def test_changes_against_the_previous_period():
    now = Performance(impressions=10_000, link_clicks=100, conversions=4, spend=100.0)
    before = Performance(impressions=10_000, link_clicks=80, conversions=4, spend=100.0)
    evaluation = Funnel.social().evaluate(now, previous=before)
    assert evaluation.compared
    cpa = evaluation.changes["cpa"]
    assert isinstance(cpa, Change)
    assert (cpa.previous, cpa.current, cpa.absolute, cpa.relative, cpa.improved) == (
        25.0,
        25.0,
        0.0,
        0.0,
        False,
    )
    link_clicks = evaluation.changes["link_clicks"]
    assert (link_clicks.absolute, link_clicks.relative, link_clicks.improved) == (20.0, 0.25, True)
    # The weakest transition is the one whose rate fell most, even though another rate is lower.
    weakest = evaluation.weakest
    assert weakest is not None
    assert (weakest.source, weakest.target) == ("link_clicks", "conversions")
    assert weakest.previous_rate == 0.05
    assert weakest.change == pytest.approx(-0.2)  # 0.04 against 0.05
    assert evaluation.total.weakest_by == "change"
    assert evaluation.flows[0].change == pytest.approx(0.25)


def test_changes_with_undefined_values_and_zero_previous():
    now = Performance(spend=10.0, conversions=2, clicks=5)
    before = Performance(spend=10.0, conversions=0, clicks=0)
    with pytest.warns(UndefinedMetricWarning):
        evaluation = Funnel.social().evaluate(now, previous=before)
    cpa = evaluation.changes["cpa"]
    assert math.isnan(cpa.previous)
    assert math.isnan(cpa.relative)
    assert cpa.improved is None
    clicks = evaluation.changes["clicks"]
    assert math.isnan(clicks.relative)  # from 0: undefined
    assert clicks.improved is True
    quiet = Funnel.social().evaluate(now, previous=before, zero_division=0.0)
    assert quiet.changes["clicks"].relative == 0.0
    assert quiet.changes["conversions"].relative == 0.0


def test_relative_change_against_a_negative_previous_value():
    now = Performance(follows=10, unfollows=5)
    before = Performance(follows=5, unfollows=15)
    change = Funnel.social().evaluate(now, previous=before).changes["net_followers"]
    assert (change.previous, change.current, change.relative, change.improved) == (-10.0, 5.0, 1.5, True)


def test_weakest_falls_back_to_the_lowest_rate_when_nothing_compares():
    now = Performance(impressions=1_000, link_clicks=10, conversions=1)
    evaluation = Funnel.social().evaluate(now, previous=Performance(spend=1.0))
    assert evaluation.total.weakest_by == "rate"
    assert evaluation.weakest is not None
    assert evaluation.weakest.rate == 0.01
    assert evaluation.weakest.previous_rate is None


def test_undefined_flows_are_not_the_weakest():
    with pytest.warns(UndefinedMetricWarning) as caught:
        evaluation = Funnel.social().evaluate(Performance(impressions=0, link_clicks=0))
    assert any("flow impressions → link_clicks is undefined" in str(w.message) for w in caught)
    assert "Flow: impressions → link_clicks n/a" in repr(evaluation)
    assert math.isnan(evaluation.flows[0].rate)
    assert evaluation.weakest is None
    assert evaluation.total.weakest_by is None


def test_per_channel_previous_periods():
    now = {"a": Performance(clicks=10, impressions=100), "b": Performance(clicks=5, impressions=100)}
    before = {"a": Performance(clicks=5, impressions=100)}
    evaluation = Funnel.social().evaluate(now, previous=before)
    assert evaluation.by_channel["a"].changes["clicks"].relative == 1.0
    assert evaluation.by_channel["b"].changes == {}
    assert evaluation.changes["ctr"].previous == 0.05  # previous total: the sum of its channels
    single_previous = Funnel.social().evaluate(now, previous=Performance(clicks=10, impressions=400))
    assert single_previous.changes["ctr"].relative == pytest.approx(2.0)
    assert single_previous.by_channel["a"].changes == {}


def test_targets_in_the_evaluation():
    records = {
        "facebook": Performance(spend=300.0, conversions=10, end=dt.date(2026, 2, 14)),
        "tiktok": Performance(spend=100.0, conversions=0, end=dt.date(2026, 2, 14)),
    }
    targets = [
        Target(kpi="cpa", value=20, baseline=40, start=JAN1, end=MAR31),
        Target(kpi="cpa", value=20, baseline=40, start=JAN1, end=MAR31, channel="facebook"),
        Target(kpi="cpa", value=20, baseline=40, start=JAN1, end=MAR31, channel="tiktok"),
        Target(kpi="cpa", value=20, baseline=40, start=JAN1, end=MAR31, channel="linkedin"),
        Target(kpi="reach", value=1_000, start=JAN1, end=MAR31),
        Target(kpi="cpm", value=5, baseline=6, start=JAN1, end=MAR31),
    ]
    with pytest.warns(UndefinedMetricWarning):
        evaluation = Funnel.social().evaluate(records, targets=targets)
    total, facebook = evaluation.targets
    assert (total.target, total.observed, total.progress) == (targets[0], 40.0, 0.0)  # 400 / 10
    assert total.as_of == dt.date(2026, 2, 14)
    assert (facebook.observed, facebook.progress) == (30.0, 0.5)
    assert evaluation.skipped_targets == (
        (targets[2], "cpa is undefined for this period (a denominator is 0)"),
        (targets[3], "channel 'linkedin' is not in the evaluation"),
        (targets[4], "reach needs 'reach', which was not measured"),
        (targets[5], "cpm needs 'impressions', which was not measured"),
    )
    later = Funnel.social().evaluate(records, targets=targets[:2], as_of=MAR31, zero_division=0.0)
    assert later.targets[0].status == "finished"


def test_targets_on_one_record_and_outside_the_funnel():
    record = Performance(
        channel="tiktok", reach=5_000, impressions=9_000, follows=50, unfollows=10, end=dt.date(2026, 1, 31)
    )
    funnel = Funnel(stages=["awareness"], kpis={"awareness": ["impressions"]})
    targets = [
        Target(kpi="reach", value=10_000, start=JAN1, end=MAR31, channel="tiktok"),
        Target(kpi="net_followers", value=100, start=JAN1, end=MAR31, channel="instagram"),
        Target(kpi="net_followers", value=100, start=JAN1, end=MAR31),
    ]
    evaluation = funnel.evaluate(record, targets=targets)
    assert [p.observed for p in evaluation.targets] == [5_000.0, 40.0]
    assert evaluation.skipped_targets == ((targets[1], "channel 'instagram' is not in the evaluation"),)
    assert set(evaluation.kpis) == {"impressions", "reach", "net_followers"}
    with pytest.raises(
        MissingDataError, match=r"^target progress needs 'as_of' or a performance record with an 'end' date$"
    ):
        funnel.evaluate(
            Performance(reach=10, impressions=10),
            targets=[Target(kpi="reach", value=20, start=JAN1, end=MAR31)],
        )


def test_value_lookup_errors():
    evaluation = Funnel.social().evaluate({"facebook": Performance(clicks=1)})
    with pytest.raises(
        InvalidInputError,
        match=r"^'channel' must be a channel of the evaluation \('facebook'\) \(got 'facebok'\); did you mean 'facebook'\?$",
    ):
        evaluation.value("clicks", channel="facebok")
    with pytest.raises(
        InvalidInputError,
        match=r"^'channel' must be a channel of the evaluation \(it has none\) \(got 'x'\)$",
    ):
        Funnel.social().evaluate(Performance()).value("clicks", channel="x")
    with pytest.raises(MissingDataError, match=r"^ctr needs 'impressions', which was not measured$"):
        evaluation.value("ctr")
    with pytest.raises(
        MissingDataError, match=r"^cpa needs 'spend' or 'conversions', which were not measured$"
    ):
        evaluation.value("cpa", channel="facebook")
    with pytest.raises(
        InvalidInputError,
        match=r"^'kpi' must be a KPI of the evaluation \(got 'clik'\); did you mean 'clicks'\?$",
    ):
        evaluation.value("clik")


def _evaluation_with_everything():
    now = {
        "facebook": Performance(impressions=10_000, link_clicks=100, conversions=4, spend=100.0, currency="EUR",
                                end=dt.date(2026, 2, 14)),
        "tiktok": Performance(impressions=5_000, link_clicks=30, conversions=0, spend=50.0, currency="EUR",
                              end=dt.date(2026, 2, 14)),
    }  # fmt: skip
    before = Performance(impressions=12_000, link_clicks=100, conversions=5, spend=140.0)
    targets = [
        Target(kpi="cpa", value=30, baseline=40, start=JAN1, end=MAR31),
        Target(kpi="link_clicks", value=50, start=JAN1, end=MAR31, channel="tiktok"),
        Target(kpi="reach", value=100, start=JAN1, end=MAR31),
    ]
    return Funnel.social().evaluate(now, previous=before, targets=targets, zero_division=math.nan)


def test_to_dict_is_plain_json():
    evaluation = _evaluation_with_everything()
    data = evaluation.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert data["funnel"] == "social"
    assert data["stages"] == ["awareness", "consideration", "conversion", "loyalty", "advocacy"]
    assert data["channels"] == ["facebook", "tiktok"]
    assert data["currency"] == "EUR"
    assert data["compared"] is True
    assert data["kpis"]["cpa"] == {
        "name": "CPA", "stages": ["conversion"], "unit": "currency", "direction": "lower", "estimate": False,
        "formula": "spend / conversions",
    }  # fmt: skip
    assert data["total"]["values"]["cpa"] == 37.5
    assert data["by_channel"]["tiktok"]["values"]["cpa"] is None  # NaN
    assert data["total"]["changes"]["cpa"]["previous"] == 28.0
    assert data["total"]["weakest"]["target"] == "conversions"
    assert data["total"]["weakest_by"] == "change"
    assert data["total"]["missing"]["reach"] == ["reach"]
    assert data["targets"][0]["observed"] == 37.5
    assert data["skipped_targets"][0]["reason"] == "reach needs 'reach', which was not measured"
    assert data["stage_kpis"]["advocacy"][:2] == ["mentions", "shares"]
    flows = data["by_channel"]["tiktok"]["flows"]
    assert flows[1]["previous_rate"] is None
    assert flows[1]["change"] is None


def test_nan_in_transitions_and_changes_becomes_none():
    transition = Transition(source_stage=A, source="impressions", target_stage=C, target="link_clicks",
                            rate=math.nan, previous_rate=math.nan, change=math.nan)  # fmt: skip
    assert transition.to_dict()["rate"] is None
    assert transition.to_dict()["previous_rate"] is None
    assert transition.to_dict()["change"] is None
    change = Change(previous=math.nan, current=1.0, absolute=math.nan, relative=math.nan, improved=None)
    assert change.to_dict() == {
        "previous": None,
        "current": 1.0,
        "absolute": None,
        "relative": None,
        "improved": None,
    }


def test_repr_reads_as_a_table():
    text = repr(_evaluation_with_everything())
    lines = text.splitlines()
    assert (
        lines[0]
        == "Funnel evaluation 'social': total of 2 channels (facebook, tiktok), against the previous period"
    )
    assert lines[1].split() == ["KPI", "total", "facebook", "tiktok", "change"]
    assert "Awareness" in lines
    cpa = next(line for line in lines if line.strip().startswith("CPA"))
    assert cpa.split() == ["CPA", "37.50", "EUR", "25.00", "EUR", "n/a", "+33.9", "%"]
    assert "Flow: impressions → link_clicks 0.9 %; link_clicks → conversions 3.1 %" in lines
    assert (
        "Weakest transition: link_clicks → conversions at 3.1 % (-38.5 % against the previous period)"
        in lines
    )
    assert any(
        line.startswith("Target cpa (total): 37.50 EUR for 30.00 EUR by 2026-03-31, 25.0 % of the way")
        for line in lines
    )
    assert any(line.endswith("(in progress): behind") for line in lines)
    assert "Target reach skipped: reach needs 'reach', which was not measured" in lines
    assert lines[-1].startswith(
        "Not computable for lack of fields: 68 KPIs (see .missing); not measured: reach, "
    )
    assert "Loyalty" not in lines  # no KPI of the stage was measured
    target_line = next(line for line in lines if line.startswith("Target link_clicks (tiktok)"))
    assert target_line.endswith("on track")


def test_repr_of_a_single_record_with_met_targets_and_estimates():
    record = Performance(impressions=100, reach=50, end=dt.date(2026, 3, 31))
    target = Target(kpi="reach", value=40, start=JAN1, end=MAR31)
    text = repr(Funnel.social().evaluate(record, targets=[target]))
    assert text.splitlines()[0] == "Funnel evaluation 'social': one record"
    assert "  Reach (est.)" in text
    assert "(finished): met" in text
    assert "Weakest" not in text


def test_html_escapes_every_user_string():
    evil = "<script>alert(1)</script>"
    kpi = KPI(key="evil", name=evil, stages="awareness", unit="count", direction="higher", fields="clicks",
              formula="clicks", function=lambda v, zd: v["clicks"])  # fmt: skip
    funnel = Funnel(
        name=evil, stages=["awareness"], kpis={"awareness": ["evil"]}, catalogue={**KPIS, "evil": kpi}
    )
    evaluation = funnel.evaluate(
        {evil: Performance(clicks=1), "b&b": Performance(clicks=2)},
        targets=[Target(kpi="evil", value=5, start=JAN1, end=MAR31, channel=evil, direction="higher")],
        as_of=JAN1,
    )
    page = evaluation._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "b&amp;b" in page
    assert page.startswith('<div class="socialroi-funnel-evaluation">')
    assert "<table " in page
    assert "<li>" in page
    plain = Funnel(stages=["awareness"], kpis={"awareness": ["clicks"]}).evaluate(Performance(clicks=1))
    assert "<ul>" not in plain._repr_html_()


def test_public_names_are_exported():
    for name in ("Stage", "KPI", "KPIS", "Goal", "Target", "TargetProgress", "Funnel", "FunnelEvaluation"):
        assert getattr(socialroi, name) is getattr(socialroi.funnel, name)
    assert FLOW[Stage.LOYALTY] == ("repeat_customers",)


def test_net_refunds_have_no_customer_value():
    refunds = Performance(revenue=-50.0, customers=5, repeat_customers=1, spend=10.0, new_customers=2)
    with pytest.raises(
        InvalidInputError,
        match=r"^ltv needs 'revenue' >= 0: net refunds have no customer value \(got -50.0\)$",
    ):
        KPIS["ltv"].compute(refunds)
    with pytest.raises(InvalidInputError, match=r"^payback_period needs 'revenue' >= 0"):
        KPIS["payback_period"].compute(refunds)
    healthy = attrs.evolve(refunds, revenue=100.0)
    target = Target(kpi="ltv", value=500, start=JAN1, end=MAR31)
    evaluation = Funnel.social().evaluate(refunds, previous=healthy, targets=[target], as_of=JAN1)
    assert evaluation.values["roas"] == -5.0
    assert set(evaluation.invalid) == {"ltv", "ltv_to_cac", "payback_period"}
    assert (
        evaluation.invalid["ltv"]
        == "ltv: ltv needs 'revenue' >= 0: net refunds have no customer value (got -50.0)"
    )
    assert "ltv" not in evaluation.changes
    assert evaluation.skipped_targets == ((target, evaluation.invalid["ltv"]),)
    assert f"Not computable: {evaluation.invalid['ltv']}" in repr(evaluation).splitlines()
    assert evaluation.to_dict()["total"]["invalid"]["payback_period"].startswith("payback_period: ")
    with pytest.raises(InvalidInputError, match=r"^ltv: ltv needs 'revenue' >= 0"):
        evaluation.value("ltv")
    # Valid now, invalid before: no change to report.
    after = Funnel.social().evaluate(healthy, previous=refunds)
    assert "ltv" in after.values
    assert "ltv" not in after.changes
    # A target on a KPI outside the funnel whose formula rejects the values is skipped too.
    lean = Funnel(stages=["conversion"], kpis={"conversion": ["roas"]})
    assert lean.evaluate(refunds, targets=[target], as_of=JAN1).skipped_targets == (
        (target, evaluation.invalid["ltv"]),
    )


def test_module_all_is_sorted_and_documented():
    assert socialroi.funnel.__all__ == sorted(socialroi.funnel.__all__)
    for name in socialroi.funnel.__all__:
        if name.isupper() or name == "KPIFunction":  # constants and aliases: attribute docstrings for mkdocs
            continue
        assert getattr(socialroi.funnel, name).__doc__, name


# --- reliability: dates at the end of the calendar, pickling, strict JSON, overflow -------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 4, 30)),  # 31 April does not exist: the end of April
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # a leap February
        (dt.date(2026, 3, 1), dt.date(2026, 5, 31)),  # the day before 1 June
        (dt.date(9999, 10, 1), dt.date(9999, 12, 31)),  # the last quarter the calendar holds
        (dt.date(1, 1, 1), dt.date(1, 3, 31)),
    ],
)
def test_for_quarter_ends(start, end):
    assert Target.for_quarter("reach", 1, start=start).end == end


@pytest.mark.parametrize("start", [dt.date(9999, 10, 2), dt.date(9999, 11, 1), dt.date(9999, 12, 31)])
def test_for_quarter_past_the_calendar_raises_the_projects_error(start):
    with pytest.raises(
        InvalidInputError,
        match=rf"^'start' must be a date whose quarter ends by 9999-12-31 \(got {re.escape(repr(start))}\)$",
    ):
        Target.for_quarter("reach", 1, start=start)


def _results() -> list[object]:
    funnel = Funnel.social()
    target = Target(kpi="cpa", value=20.0, baseline=30.0, start=JAN1, end=MAR31, channel="facebook")
    other = Target(kpi="cpa", value=20.0, baseline=30.0, start=JAN1, end=MAR31, channel="tiktok")
    evaluation = funnel.evaluate(
        {"facebook": FULL, "tiktok": attrs.evolve(FULL, channel="tiktok", spend=400.0)},
        previous={"facebook": attrs.evolve(FULL, conversions=25)},
        targets=[target, Target(kpi="reach", value=1e6, start=JAN1, end=MAR31), other],
        as_of=dt.date(2026, 2, 1),
    )
    own = KPI(key="cost_per_save", name="Cost per save", stages="consideration", unit="currency",
              direction="lower", fields=("spend", "saves"), formula="spend / saves", function=metrics.cpe)  # fmt: skip
    return [
        funnel,
        Funnel(
            stages=("awareness",),
            catalogue={**KPIS, "cost_per_save": own},
            kpis={"awareness": "cost_per_save"},
        ),
        funnel.goal("reach"),
        target,
        target.progress(25.0, dt.date(2026, 2, 1)),
        *KPIS.values(),
        own,
        *Stage,
        *Unit,
        *Direction,
        evaluation,
        evaluation.total,
        evaluation.flows[0],
        evaluation.changes["cpa"],
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda result: type(result).__name__)
def test_every_public_result_pickles_and_deep_copies(result):
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 - our own result
    assert copy.deepcopy(result) == result


def test_a_pickled_evaluation_keeps_its_read_only_views_and_display():
    evaluation = next(r for r in _results() if isinstance(r, FunnelEvaluation))
    loaded = pickle.loads(pickle.dumps(evaluation))  # noqa: S301 - our own result
    assert loaded.by_channel["facebook"] == evaluation.by_channel["facebook"]
    assert repr(loaded) == repr(evaluation)
    assert loaded._repr_html_() == evaluation._repr_html_()
    with pytest.raises(TypeError):
        loaded.values["cpa"] = 0.0  # type: ignore[index]
    assert pickle.loads(pickle.dumps(evaluation.total)).values is not evaluation.total.values  # noqa: S301


def test_to_dict_is_strict_json_with_undefined_and_overflowing_values():
    empty = Performance(impressions=0, clicks=0, link_clicks=0, spend=0.0, conversions=0, end=MAR31)
    target = Target(kpi="ctr", value=0.05, start=JAN1, end=MAR31)
    with pytest.warns(UndefinedMetricWarning):
        evaluation = Funnel.social().evaluate(empty, previous=empty, targets=[target])
    assert math.isnan(evaluation.value("ctr"))
    data = evaluation.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["total"]["values"]["ctr"] is None
    tiny = Target(kpi="reach", value=1e-300, start=JAN1, end=MAR31)
    progress = tiny.progress(1e300, JAN1)
    assert progress.progress == math.inf
    assert progress.to_dict()["progress"] is None
    json.dumps(progress.to_dict(), allow_nan=False)
    wide = Target(kpi="revenue", value=1e308, baseline=-1e308, start=JAN1, end=dt.date(2026, 1, 2))
    behind = wide.progress(-1e308, JAN1)
    assert behind.required_per_day == math.inf
    assert behind.to_dict()["required_per_day"] is None


def test_progress_over_a_way_longer_than_the_largest_float():
    target = Target(kpi="revenue", value=1e308, baseline=-1e308, start=JAN1, end=MAR31)
    assert target.progress(0.0, JAN1).progress == 0.5
    assert target.progress(1e308, JAN1).met


def test_relative_change_of_values_whose_difference_overflows():
    now, before = Performance(revenue=1e308), Performance(revenue=-1e308)
    change = Funnel.social().evaluate(now, previous=before).changes["revenue"]
    assert change.relative == 2.0
    assert change.absolute == math.inf
    json.dumps(change.to_dict(), allow_nan=False)


def test_zero_division_takes_numpy_numbers():
    record = Performance(spend=10.0, conversions=0)
    assert Funnel.social().evaluate(record, zero_division=np.int64(0)).value("cpa") == 0.0
    assert KPIS["cpa"].compute(record, zero_division=np.float32(1.5)) == 1.5


def test_results_copy_the_mappings_they_are_given():
    values = {"clicks": 3.0}
    card = Scorecard(
        values=values, missing={}, invalid={}, flows=(), weakest=None, weakest_by=None, changes={}
    )
    values["clicks"] = 4.0
    assert card.values == {"clicks": 3.0}


def test_one_ctr_and_one_cpc_row_per_meaning():
    record = Performance(impressions=10_000, clicks=200, link_clicks=150, spend=500.0, currency="USD")
    evaluation = Funnel.social().evaluate(record)
    rows = dict(re.findall(r"^  (\S.*?)\s{2,}(\S.*)$", str(evaluation), flags=re.MULTILINE))
    assert rows["CTR (all clicks)"] == "2.00 %"
    assert rows["Link CTR"] == "1.50 %"
    assert rows["CPC (all clicks)"] == "2.50 USD"
    assert rows["Link CPC"] == "3.33 USD"
    assert evaluation.value("link_ctr") == record.link_ctr
    assert evaluation.value("link_cpc") == record.link_cpc
    assert KPIS["link_cpc"].stages == KPIS["cpc"].stages == (Stage.CONSIDERATION,)
    without_links = Funnel.social().evaluate(Performance(impressions=10_000, clicks=200, spend=500.0))
    assert without_links.missing["link_ctr"] == ("link_clicks",)
    assert without_links.missing["link_cpc"] == ("link_clicks",)


def test_scorecard_repr_is_a_summary():
    now = Performance(impressions=1_000, link_clicks=20, conversions=1)
    before = Performance(impressions=1_000, link_clicks=40, conversions=1)
    card = Funnel.social().evaluate(now, previous=before).total
    # link clicks / impressions halved (-50 %), conversions / link clicks doubled
    assert repr(card).endswith(
        "changes; weakest step impressions → link_clicks at 2.0 % (-50.0 % on the previous period))"
    )
    assert f"{len(card.values)} KPIs computed, {len(card.missing) + len(card.invalid)} not, " in repr(card)
    everything = Scorecard(
        values={"clicks": 3.0}, missing={}, invalid={}, flows=(), weakest=None, weakest_by=None, changes={}
    )
    assert repr(everything) == "Scorecard(1 KPI computed)"
