"""``python -m socialroi``: the whole product on one seeded synthetic campaign.

The only code in socialroi that prints. Each section computes with the public API and returns its text
lines and a JSON-ready dict; ``main`` prints them as text or as one JSON document.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import cast

import attrs

import socialroi
from socialroi._display import number, percent, text_table
from socialroi.attribution import Attribution, Markov, attribute
from socialroi.attribution import compare as compare_models
from socialroi.datasets import Campaign, synthetic_campaign
from socialroi.funnel import KPIS, Funnel, FunnelEvaluation, Target
from socialroi.report import ROIReport
from socialroi.valuation import ActionValues, EngagementValue

# The comparison the demo prints: (model, column header).
MARGIN = 0.4
"""The demo business's gross margin: ROI is ROI on gross profit, as in the docs (Costs, ROI and ROAS)."""
_MODELS = (
    (socialroi.attribution.LastTouch(), "last touch"),
    (socialroi.attribution.Linear(level="touch"), "linear"),
    (socialroi.attribution.PositionBased(), "40/20/40"),
    (Markov(), "Markov"),
    (socialroi.attribution.Shapley(), "Shapley"),
)


class Demo:
    """What every section sees: the options, the synthetic campaign and results computed once."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign

    @functools.cached_property
    def months(self) -> dict[str, list[socialroi.Performance]]:
        """Performance records by month (ISO date of the first day)."""
        result: dict[str, list[socialroi.Performance]] = {}
        for record in self.campaign.performance:
            result.setdefault(str(record.start), []).append(record)
        return result

    @functools.cached_property
    def markov(self) -> Attribution:
        """Conversions and value credited by the exact first-order Markov model."""
        return attribute(self.campaign.journeys, Markov())

    @functools.cached_property
    def customer_value(self) -> socialroi.Money:
        """Margin-based lifetime value: an order every other month for two years, 40 % margin."""
        order = self.campaign.total().average_order_value
        worth = socialroi.customer_value(order, 0.5, 24, margin=MARGIN, discount_rate=0.01)
        return socialroi.Money(amount=round(worth, 2), currency=self.campaign.currency)

    def _series(self, field: str) -> list[float]:
        return [p.need(field, "valuation") for p in self.campaign.performance]

    @functools.cached_property
    def values(self) -> tuple[ActionValues, ActionValues]:
        """The value of a like and a follow: each on its own (ratio) and fitted jointly."""
        counts = {"like": self._series("reactions"), "follow": self._series("follows")}
        customers = self._series("new_customers")
        ratio = socialroi.value_actions(counts, customers, self.customer_value, method="ratio")
        return ratio, socialroi.value_actions(counts, customers, self.customer_value)

    @functools.cached_property
    def engagement(self) -> dict[str, EngagementValue]:
        """Each channel's likes and follows valued with the joint fit, and all of them together."""
        joint = self.values[1]
        counts = {
            name: {"like": p.need("reactions", "demo"), "follow": p.need("follows", "demo")}
            for name, p in self.campaign.by_channel().items()
        }
        together = {action: math.fsum(c[action] for c in counts.values()) for action in ("like", "follow")}
        values = {name: socialroi.engagement_value(joint, c) for name, c in counts.items()}
        return {**values, "total": socialroi.engagement_value(joint, together)}


@attrs.frozen
class Section:
    """One part of the demo's output: its text, its JSON, and the notes printed at the end."""

    title: str
    lines: list[str]
    data: Mapping[str, object]
    notes: list[str] = attrs.field(factory=list[str])


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, left: int = 1) -> list[str]:
    """A fixed-width text table: strings as they are, numbers formatted alike."""
    cells = [[v if isinstance(v, str) else number(float(cast("float", v))) for v in row] for row in rows]
    return text_table(headers, cells, left=left)


def _roi(demo: Demo) -> Section:
    """The ROI report: costs, Markov-attributed revenue and engagement value, per channel."""
    campaign = demo.campaign
    report = ROIReport.build(
        campaign.costs,
        attribution=demo.markov,
        engagement=demo.engagement,
        performance=campaign.by_channel(),
        customer_value=demo.customer_value,
        margin=MARGIN,
        period=(campaign.start, campaign.performance[-1].end or campaign.start),
    )
    lines = str(report).splitlines()
    notes = [line[2:] for line in lines if line.startswith("- ")]
    body = [line for line in lines if not line.startswith("- ")]
    return Section("What social media returned", body, report.to_dict(), notes)


def _months(demo: Demo) -> Section:
    """The months one by one from the dated ledger, and what changed in the last month."""
    campaign = demo.campaign
    series = ROIReport.series(campaign.costs, performance=campaign.performance, margin=MARGIN)
    change = series[-1].compare(series[-2])
    lines = [
        "ROAS by month: revenue as the platforms report it, costs in the months they cover.",
        *series.table("roas").splitlines(),
        f"What changed in {series.labels[-1]} against {series.labels[-2]}:",
        *(f"  {highlight.text}" for highlight in change.highlights()),
    ]
    return Section("Month by month", lines, {"series": series.to_dict(), "change": change.to_dict()})


def _targets(campaign: Campaign) -> list[Target]:
    first = socialroi.Performance.total(p for p in campaign.performance if p.start == campaign.start)
    link_ctr = KPIS["link_ctr"].compute(first)
    return [
        Target.for_quarter("cpa", round(first.cpa * 0.85, 2), start=campaign.start, baseline=round(first.cpa, 2)),
        Target.for_quarter("link_ctr", link_ctr * 1.2, start=campaign.start, baseline=link_ctr),
        Target.for_quarter("roas", round(first.roas * 1.15, 2), start=campaign.start, baseline=round(first.roas, 2)),
    ]  # fmt: skip


def _change(value: float | None) -> str:
    return percent(value, signed=True)


def _funnel(demo: Demo) -> Section:
    """The last month against the one before on the social funnel's headline KPIs, and three targets."""
    campaign, money = demo.campaign, demo.campaign.currency
    last, before = list(demo.months.values())[-1], list(demo.months.values())[-2]
    evaluation: FunnelEvaluation = Funnel.social().evaluate(
        last, previous=before, targets=_targets(campaign), zero_division=math.nan
    )
    headline = (
        *("reach", "impressions", "engagement_rate_impressions", "link_ctr", "sessions", "conversion_rate"),
        *("conversions", "cpa", "revenue", "roas", "new_followers"),
    )
    rows = [
        [KPIS[key].stage.label, KPIS[key].name, KPIS[key].format(evaluation.values[key], currency=money),
         _change(evaluation.changes[key].relative if key in evaluation.changes else None)]
        for key in headline
        if key in evaluation.values
    ]  # fmt: skip
    weakest = evaluation.total.weakest
    lines = [
        *table(["stage", "KPI", f"{last[0].start:%B}", "vs month before"], rows, left=2),
        "",
        "Flow: " + "; ".join(f"{t.source} → {t.target} {percent(t.rate, 2)}" for t in evaluation.flows),
    ]
    lines += [
        f"Weakest step: {w.source} → {w.target} ({_change(w.change)} on the month)." for w in [weakest] if w
    ]
    for p in evaluation.targets:
        kpi = KPIS[p.target.kpi]
        lines.append(
            f"Target: {kpi.name} {kpi.format(p.target.value, currency=money)} by {p.target.end} — now "
            f"{kpi.format(p.observed, currency=money)}, {percent(p.progress, 0)} of the way: {p.verdict}."
        )
    return Section("The funnel, month on month, against three SMART targets", lines, evaluation.to_dict())


def _attribution(demo: Demo) -> Section:
    """Five models' credited conversions next to the effects that generated the data."""
    journeys, truth = demo.campaign.journeys, demo.campaign.true_effects
    comparison = compare_models(journeys, models=[model for model, _ in _MODELS])
    caused = math.fsum(truth.values())
    rows = [
        [channel, *(percent(float(s)) for s in comparison.conversions[i] / journeys.total_conversions),
         percent(truth.get(channel, 0.0) / caused)]
        for i, channel in enumerate(comparison.channels)
    ]  # fmt: skip
    lines = [
        (
            f"{len(journeys):,} journeys, {journeys.n_touches:,} touches, {journeys.total_conversions:,.0f} "
            "conversions. Share of conversions credited by each model; 'true' is each channel's share of "
            "the conversions it caused."
        ),
        "",
        *table(["channel", *(title for _, title in _MODELS), "true"], rows),
    ]
    data = {"comparison": comparison.to_dict(), "true_effects": dict(truth)}
    return Section("Which channels earned the conversions", lines, data)


def _valuation(demo: Demo) -> Section:
    """The value of a like and a follow: naive ratios that double count, and the joint fit."""
    ratio, joint = demo.values
    rows = [
        [name, ratio[name].value, f"{ratio[name].interval[0]:.2f} to {ratio[name].interval[1]:.2f}",
         joint[name].value, f"{joint[name].interval[0]:.2f} to {joint[name].interval[1]:.2f}"]
        for name in ("like", "follow")
    ]  # fmt: skip
    lines = [
        *table(["action", "ratio value", "90 % interval", "joint value", "90 % interval"], rows),
        "",
        (
            f"A customer is worth {demo.customer_value} (margin-based lifetime value). Each ratio claims all "
            f"{ratio.customers:,.0f} new customers ({ratio.claimed_customers:,.0f} together): never add them; "
            f"the joint fit shares them out ({joint.claimed_customers:,.0f}). Associations, not causes."
        ),
    ]
    return Section(
        "What a like and a follow are worth", lines, {"ratio": ratio.to_dict(), "joint": joint.to_dict()}
    )


def _budget(demo: Demo) -> Section:
    """Next quarter's budget: the 70/10/20 stage split and the allocation across channels."""
    campaign, money = demo.campaign, demo.campaign.currency
    by_channel = campaign.by_channel()
    current = {name: p.need("spend", "budget") for name, p in by_channel.items()}
    revenue = {name: p.need("revenue", "budget") for name, p in by_channel.items()}
    budget = round(math.fsum(current.values()), 2)
    split = socialroi.split_budget(socialroi.Money(amount=budget, currency=money), round_to=0.01)
    # Each channel's curve passes through its last quarter with that spend at the curve's scale (63 % of
    # saturation): an assumption of the demo, not an estimate; fit curves to spend tests in practice.
    curves = {
        name: socialroi.ExponentialCurve(beta=revenue[name] / (1 - math.exp(-1)), scale=current[name])
        for name in current
    }
    low = {name: spend * 0.5 for name, spend in current.items()}
    high = {name: spend * 2.0 for name, spend in current.items()}
    plan = socialroi.allocate(budget, curves, min_spend=low, max_spend=high, current=current)
    rows = [
        [name, current[name], spend, _change(spend / current[name] - 1), float(marginal)]
        for name, spend, marginal in zip(plan.channels, plan.spend.tolist(), plan.marginal_roas, strict=True)
    ]
    lines = [
        (
            f"Budget {socialroi.Money(amount=budget, currency=money)}, split 70/10/20: "
            + ", ".join(f"{stage.key} {amount}" for stage, amount in split.items())
        ),
        "",
        *table(["channel", "this quarter", "next quarter", "change", "marginal ROAS"], rows),
        (
            f"Expected revenue {plan.total_response:,.2f} {money}, {plan.improvement or 0.0:+,.2f} on the "
            "current split (each channel between half and twice its spend; curves through last quarter, "
            "a demo assumption)."
        ),
    ]
    data = {
        "stage_split": {stage.key: amount.amount for stage, amount in split.items()},
        "allocation": plan.to_dict(),
    }
    return Section("Next quarter's budget", lines, data)


_WIDTH = 100  # prose wraps here; tables are narrower
SECTIONS: list[Callable[[Demo], Section]] = [_roi, _months, _funnel, _attribution, _valuation, _budget]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"python -m socialroi: {message}\n")
        raise SystemExit(2)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        msg = f"must be >= 1 (got {value})"
        raise argparse.ArgumentTypeError(msg)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo and return the exit code."""
    parser = _Parser(prog="python -m socialroi", description="socialroi on a seeded synthetic campaign.")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data (default 0)")
    parser.add_argument(
        "--journeys", type=_positive, default=30_000, help="customer journeys (default 30000)"
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    args = parser.parse_args(argv)
    campaign = synthetic_campaign(seed=args.seed, journeys=args.journeys)
    demo = Demo(campaign)
    sections = [make(demo) for make in SECTIONS]
    if args.format == "json":
        print(json.dumps({s.title: s.data for s in sections}, indent=1))
        return 0
    print(
        f"socialroi {socialroi.__version__}: a synthetic campaign (seed {args.seed}), {campaign.months} months, "
        f"{len(campaign.channels)} channels, {len(campaign.journeys):,} customer journeys, {campaign.currency}."
    )
    notes = [f"- {note}" for section in sections for note in section.notes]
    for title, lines in [*((s.title, s.lines) for s in sections), *([("Notes", notes)] if notes else [])]:
        print(f"\n{title}\n{'=' * len(title)}")
        for line in lines:
            indent = "  " if line.startswith("- ") else ""
            print(textwrap.fill(line, _WIDTH, subsequent_indent=indent) if len(line) > _WIDTH else line)
    return 0


if __name__ == "__main__":
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (`python -m socialroi | head`): no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        code = 1
    raise SystemExit(code)
