"""mkdocs hook: draw the figures of the docs with socialroi.plot from socialroi.datasets at build time.

The PNGs are added to the build as generated files under ``assets/figures/``, so they are never
committed, cannot go stale, and links to them are checked like any other page link.
"""

from __future__ import annotations

import io
import math
from typing import Any

FOLDER = "assets/figures"


def figures() -> dict[str, bytes]:
    """Figure name → PNG bytes, drawn from the synthetic campaign (seed 0) and its journeys, and from the
    marketing mix fit of the how-to's weekly data (``synthetic_mmm(weeks=156, channels=4, seed=0)``)."""
    from matplotlib.figure import Figure

    from socialroi import Funnel, plot
    from socialroi.attribution import compare
    from socialroi.budget import ExponentialCurve, allocate
    from socialroi.datasets import synthetic_campaign, synthetic_mmm
    from socialroi.mmm import MarketingMixModel
    from socialroi.report import ROIReport
    from socialroi.valuation import value_actions

    campaign = synthetic_campaign(seed=0)
    # Exponential response curves through each channel's average month (spend, revenue), scale 2 x spend.
    months = campaign.months
    by_channel = campaign.by_channel()
    current = {name: record.need("spend", "curves") / months for name, record in by_channel.items()}
    curves = {
        name: ExponentialCurve(
            beta=record.need("revenue", "curves") / months / -math.expm1(-0.5), scale=2 * current[name]
        )
        for name, record in by_channel.items()
    }
    plan = allocate(sum(current.values()), curves, current=current)
    rows = campaign.performance
    actions = {"like": [p.reactions for p in rows], "follow": [p.follows for p in rows]}
    customers = [p.new_customers for p in rows]
    series = ROIReport.series(campaign.costs, performance=campaign.performance)
    weekly = synthetic_mmm(weeks=156, channels=4, seed=0)
    mix = MarketingMixModel().fit(weekly.spend, weekly.revenue)
    draw = {
        "funnel": lambda ax: plot.funnel(Funnel.social().evaluate(campaign.total()), ax=ax),
        "attribution": lambda ax: plot.attribution(
            compare(campaign.journeys),
            measure="shares",
            truth=campaign.true_effects,
            truth_label="conversions truly caused",
            ax=ax,
        ),
        "allocation": lambda ax: plot.allocation(plan, curves, ax=ax),
        "allocation-marginal": lambda ax: plot.allocation(plan, curves, kind="marginal", ax=ax),
        "action-values": lambda ax: plot.action_values(value_actions(actions, customers, 120.0), ax=ax),
        "action-values-ratio": lambda ax: plot.action_values(
            value_actions(actions, customers, 120.0, method="ratio"), ax=ax
        ),
        "trend": lambda ax: plot.trend(series, "roas", channels=["facebook", "instagram", "search"], ax=ax),
        "mmm-contributions": lambda ax: plot.mmm_contributions(mix, ax=ax),
        "mmm-curves": lambda ax: plot.mmm_curves(mix, ax=ax),
        "mmm-fit": lambda ax: plot.mmm_fit(mix, ax=ax),
    }
    rendered: dict[str, bytes] = {}
    for name, function in draw.items():
        figure = Figure(figsize=(8, 4.5), layout="constrained")
        function(figure.subplots())
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110)
        rendered[name] = buffer.getvalue()
    return rendered


def on_files(files: Any, config: Any) -> Any:
    """Add every figure to the site as ``assets/figures/<name>.png``."""
    from mkdocs.structure.files import File

    for name, png in figures().items():
        files.append(File.generated(config, f"{FOLDER}/{name}.png", content=png))
    return files
