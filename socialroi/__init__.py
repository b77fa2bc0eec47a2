"""socialroi: measure what social-media marketing returns.

Funnel KPIs as pure functions, immutable records for performance and costs, and (in the submodules)
the funnel, engagement valuation, attribution, budget allocation and the ROI report. No I/O: the
package computes and returns; it never reads files, the network or the clock, and never prints.

Examples:
    >>> import socialroi
    >>> socialroi.roas(5000, 1000)
    5.0
"""

from __future__ import annotations

from typing import Any

from socialroi.attribution import Attribution, AttributionComparison, Journeys, attribute
from socialroi.budget import (
    DEFAULT_STAGE_SHARES,
    Allocation,
    ExponentialCurve,
    HillCurve,
    LogisticCurve,
    PowerCurve,
    allocate,
    allocate_by_stage,
    allocate_to_target,
    split_budget,
)
from socialroi.funnel import KPI, KPIS, Funnel, FunnelEvaluation, Goal, Stage, Target, TargetProgress
from socialroi.metrics import (
    amplification_rate,
    applause_rate,
    average_order_value,
    bounce_rate,
    break_even_roas,
    cac,
    completion_rate,
    conversation_rate,
    conversion_rate,
    cpa,
    cpc,
    cpe,
    cpl,
    cpm,
    cpv,
    ctr,
    engagement_rate,
    follower_growth_rate,
    frequency,
    incremental_roas,
    ltv,
    ltv_to_cac,
    marginal_roas,
    net_followers,
    payback_period,
    roas,
    roi,
    share_of_voice,
    view_rate,
    virality_rate,
)
from socialroi.records import CostCategory, CostItem, Costs, Money, Performance
from socialroi.report import ROIReport
from socialroi.valuation import (
    ActionValue,
    ActionValues,
    EngagementValue,
    customer_value,
    engagement_value,
    lead_value,
    value_actions,
    value_per_action,
)

__all__ = [
    "ActionValue",
    "ActionValues",
    "Allocation",
    "Attribution",
    "AttributionComparison",
    "CostCategory",
    "CostItem",
    "Costs",
    "DEFAULT_STAGE_SHARES",
    "EngagementValue",
    "ExponentialCurve",
    "Funnel",
    "FunnelEvaluation",
    "Goal",
    "HillCurve",
    "Journeys",
    "KPI",
    "KPIS",
    "LogisticCurve",
    "Money",
    "Performance",
    "PowerCurve",
    "ROIReport",
    "Stage",
    "Target",
    "TargetProgress",
    "allocate",
    "allocate_by_stage",
    "allocate_to_target",
    "amplification_rate",
    "applause_rate",
    "attribute",
    "average_order_value",
    "bounce_rate",
    "break_even_roas",
    "cac",
    "completion_rate",
    "conversation_rate",
    "conversion_rate",
    "cpa",
    "cpc",
    "cpe",
    "cpl",
    "cpm",
    "cpv",
    "ctr",
    "customer_value",
    "engagement_rate",
    "engagement_value",
    "follower_growth_rate",
    "frequency",
    "incremental_roas",
    "lead_value",
    "ltv",
    "ltv_to_cac",
    "marginal_roas",
    "net_followers",
    "payback_period",
    "roas",
    "roi",
    "share_of_voice",
    "split_budget",
    "value_actions",
    "value_per_action",
    "view_rate",
    "virality_rate",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        return version("socialroi")
    msg = f"module 'socialroi' has no attribute {name!r}"
    raise AttributeError(msg)
