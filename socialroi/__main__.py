"""``python -m socialroi``: a worked example on a seeded synthetic campaign.

The only code in socialroi that prints. Each section computes with the public API and returns its text
lines and a JSON-ready dict; ``main`` prints them as text or as one JSON document.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence

import attrs

import socialroi
from socialroi.attribution import LastNonDirect, Linear, attribute, bootstrap, compare
from socialroi.datasets import Campaign, synthetic_campaign, synthetic_journeys
from socialroi.funnel import KPIS


@attrs.frozen
class Demo:
    """What every section sees: the options and the synthetic campaign."""

    seed: int
    campaign: Campaign


@attrs.frozen
class Section:
    """One part of the demo's output."""

    title: str
    lines: list[str]
    data: dict[str, object]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A fixed-width text table; numbers right-aligned, text left-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = [c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    return [line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])]


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 or not value else f"{value:.4f}"
    return str(value)


def _kpis(demo: Demo) -> Section:
    """ROAS, ROI, CPM, CPC, CTR and CPA per channel and in total."""
    campaign = demo.campaign
    per_channel = {**campaign.by_channel(), "total": campaign.total()}
    costs = campaign.costs
    rows: list[list[object]] = []
    data: dict[str, object] = {}
    for name, perf in per_channel.items():
        invested = (costs.total() if name == "total" else costs.filter(channel=name).total()).amount
        revenue = perf.need("revenue", "roi")
        kpis = {
            "spend": perf.need("spend", "demo"),
            "revenue": revenue,
            "roas": perf.roas,
            "roi": socialroi.roi(revenue, invested),
            "cpm": perf.cpm,
            "cpc": perf.cpc,
            "ctr": perf.ctr,
            "cpa": perf.cpa,
        }
        data[name] = kpis
        rows.append([name, *kpis.values()])
    lines = table(["channel", "ad spend", "revenue", "ROAS", "ROI", "CPM", "CPC", "CTR", "CPA"], rows)
    note = (
        "ROI charges each channel its ad spend and content; the total also carries the shared "
        f"management, tools and staff time ({socialroi.Money(amount=costs.filter(channel=None).total().amount, currency=campaign.currency)})."
    )
    return Section("Funnel KPIs per channel", [*lines, "", note], data)


def _percent(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value * 100:+.1f} %"


def _funnel(demo: Demo) -> Section:
    """The social funnel on the latest month against the month before, with quarterly targets."""
    campaign = demo.campaign
    money = campaign.currency
    starts = sorted({p.start for p in campaign.performance if p.start is not None})
    month = {start: [p for p in campaign.performance if p.start == start] for start in starts}
    first = socialroi.Performance.total(month[starts[0]])
    link_ctr = KPIS["link_ctr"].compute(first)
    targets = [
        socialroi.Target.for_quarter("cpa", round(first.cpa * 0.85, 2), start=campaign.start, baseline=round(first.cpa, 2)),
        socialroi.Target.for_quarter("link_ctr", link_ctr * 1.2, start=campaign.start, baseline=link_ctr),
        socialroi.Target.for_quarter("roas", round(first.roas * 1.15, 2), start=campaign.start, baseline=round(first.roas, 2)),
    ]  # fmt: skip
    funnel = socialroi.Funnel.social()
    # NaN, silently, where a channel has no denominator (email and search show no video).
    evaluation = funnel.evaluate(
        month[starts[-1]], previous=month[starts[-2]], targets=targets, zero_division=math.nan
    )
    goal_kpis = {key for goal in funnel.goals() for key in goal.kpis}
    rows: list[list[object]] = []
    for stage in funnel.stages:
        shown = [kpi for kpi in funnel.kpis(stage) if kpi.key in goal_kpis and kpi.key in evaluation.values]
        for index, kpi in enumerate(shown):
            change = evaluation.changes.get(kpi.key)
            rows.append([
                "" if index else stage.label,
                kpi.name,
                kpi.format(evaluation.values[kpi.key], currency=money),
                _percent(None if change is None else change.relative),
            ])  # fmt: skip
    weakest = [
        f"Weakest transition, {name}: {card.weakest.source} → {card.weakest.target} at "
        f"{card.weakest.rate * 100:.2f} % ({_percent(card.weakest.change)} against the month before)"
        for name, card in {"total": evaluation.total, **evaluation.by_channel}.items()
        if card.weakest is not None
    ]
    verdicts = {"finished": "missed", "in_progress": "behind", "not_started": "not started"}
    goals = [
        f"Target {KPIS[p.target.kpi].name} {KPIS[p.target.kpi].format(p.target.value, currency=money)} by "
        f"{p.target.end}: now {KPIS[p.target.kpi].format(p.observed, currency=money)}, "
        f"{p.progress * 100:.0f} % of the way from the first month: "
        + ("met" if p.met else "on track" if p.on_track else verdicts[p.status])
        for p in evaluation.targets
    ]
    fields = sorted({field for missing in evaluation.missing.values() for field in missing})
    lines = [
        (
            f"{starts[-1]:%B %Y} against {starts[-2]:%B %Y}, {len(campaign.channels)} channels: the KPIs of "
            "the default goals that the campaign measures."
        ),
        "",
        *table(["stage", "KPI", "value", "vs month before"], rows),
        "",
        "Flow: " + "; ".join(f"{t.source} → {t.target} {t.rate * 100:.2f} %" for t in evaluation.flows),
        *weakest,
        *goals,
        (
            f"{len(evaluation.missing)} KPIs need fields missing from the total: {', '.join(fields)} "
            "(people counts such as reach and levels such as followers do not add across channels)."
        ),
    ]
    return Section("Funnel evaluation", lines, evaluation.to_dict())


def _valuation(demo: Demo) -> Section:
    """The value of a like and a follow: the recipe's ratios, with intervals, and the joint fit."""
    campaign = demo.campaign
    months = campaign.performance  # one period per channel and month
    likes = [p.need("reactions", "valuation") for p in months]
    follows = [p.need("follows", "valuation") for p in months]
    customers = [p.need("new_customers", "valuation") for p in months]
    order = campaign.total().average_order_value
    # Margin-based lifetime value: an order every other month for two years, 40 % margin, 1 %/month.
    worth = socialroi.customer_value(order, 0.5, 24, margin=0.4, discount_rate=0.01)
    customer = socialroi.Money(amount=round(worth, 2), currency=campaign.currency)
    counts = {"like": likes, "follow": follows}
    ratio = socialroi.value_actions(counts, customers, customer, method="ratio")
    joint = socialroi.value_actions(counts, customers, customer)
    rows: list[list[object]] = []
    data: dict[str, object] = {
        "customer_value": customer.amount,
        "ratio": ratio.to_dict(),
        "joint": joint.to_dict(),
    }
    for name in counts:
        alone, shared = ratio[name], joint[name]
        rows.append(
            [
                name,
                alone.value,
                f"{alone.interval[0]:.2f} to {alone.interval[1]:.2f}",
                shared.value,
                f"{shared.interval[0]:.2f} to {shared.interval[1]:.2f}",
            ]
        )
    lines = table(["action", "ratio value", "90 % interval", "joint value", "90 % interval"], rows)
    notes = [
        (
            f"A customer is worth {customer} (margin-based: average order {order:,.2f}, one order every "
            "other month for 24 months, 40 % margin, 1 % a month discount); each channel and month is one period."
        ),
        (
            f"Each ratio claims all {ratio.customers:,.0f} new customers ({ratio.claimed_customers:,.0f} "
            f"together): never add them. The joint fit shares them out ({joint.claimed_customers:,.0f} "
            "credited); its intervals show how well the data tell likes and follows apart."
        ),
        *(
            f"Not identified separately (their series move together): {', '.join(group)}."
            for group in joint.unidentified
        ),
        "These are associations: liking is not shown to cause buying without a baseline or holdout.",
    ]
    return Section("Value of a like and a follow", [*lines, "", *notes], data)


def _budget(demo: Demo) -> Section:
    """The stage split of the monthly ad budget and its allocation across channels."""
    campaign = demo.campaign
    money = campaign.currency
    months = campaign.months
    current = {name: perf.need("spend", "budget") / months for name, perf in campaign.by_channel().items()}
    revenue = {name: perf.need("revenue", "budget") / months for name, perf in campaign.by_channel().items()}
    budget = round(math.fsum(current.values()), 2)
    split = socialroi.split_budget(socialroi.Money(amount=budget, currency=money), round_to=0.01)
    # Each channel's curve passes through its average month, with that spend at the curve's scale
    # (63 % of saturation): an assumption of the demo, not an estimate. Fit curves to real tests.
    curves = {
        name: socialroi.ExponentialCurve(beta=revenue[name] / (1 - math.exp(-1)), scale=current[name])
        for name in current
    }
    low = {name: spend * 0.5 for name, spend in current.items()}
    high = {name: spend * 2.0 for name, spend in current.items()}
    plan = socialroi.allocate(budget, curves, min_spend=low, max_spend=high, current=current)
    profit = socialroi.allocate_to_target(curves, margin=0.4, min_spend=low, max_spend=high)
    rows = [
        [
            name,
            current[name],
            spend,
            f"{(spend / current[name] - 1) * 100:+.0f} %",
            float(marginal),
            bound or "",
        ]
        for name, spend, marginal, bound in zip(
            plan.channels,
            plan.spend.tolist(),
            plan.marginal_roas,
            (plan.to_dict()["channels"][n]["bound"] for n in plan.channels),
            strict=True,
        )
    ]
    next_dollar = (
        "every channel is at a bound"
        if plan.budget_marginal_roas is None
        else f"the next dollar of budget returns {plan.budget_marginal_roas:.2f}"
    )
    lines = [
        f"Monthly ad budget {socialroi.Money(amount=budget, currency=money)}, split by the 70/10/20 rule: "
        + ", ".join(f"{stage.key} {amount}" for stage, amount in split.items()),
        "",
        "Allocation across channels, each kept between half and twice its current spend:",
        *table(["channel", "current", "optimal", "change", "mROAS", "bound"], rows),
        "",
        (
            f"Expected revenue {plan.total_response:,.2f} {money} a month, {plan.improvement or 0.0:+,.2f} "
            f"against the current split; {next_dollar}."
        ),
        (
            f"At a 40 % margin, profit peaks at a marginal ROAS of {profit.budget_marginal_roas or 0.0:.2f} "
            f"(break-even): a budget of {profit.total:,.2f} {money}."
        ),
        "Curves: beta(1 - e^(-x/s)) through each channel's average month, s = its spend (a demo assumption).",
    ]
    return Section(
        "Budget split and allocation",
        lines,
        {
            "stage_split": {stage.key: amount.amount for stage, amount in split.items()},
            "allocation": plan.to_dict(),
        },
    )


_SHORT_NAMES = {
    "first touch": "first",
    "last touch": "last",
    "last non-direct": "last non-direct",
    "linear (touch)": "linear/touch",
    "linear (channel)": "linear/channel",
    "position-based (40/20/40)": "40/20/40",
    "time decay (half-life 7 days)": "time decay",
    "markov (order 1, null)": "markov",
    "shapley (conversion rate)": "shapley",
}


def _attribution(demo: Demo) -> Section:
    """Every default model (rule-based, Markov, Shapley) on synthetic journeys, ROAS and intervals."""
    campaign = demo.campaign
    data = synthetic_journeys(100_000, channels=(*campaign.channels, "direct"), seed=demo.seed)
    journeys = data.journeys(split_at_conversions=True)
    comparison = compare(journeys)
    headers = [_SHORT_NAMES.get(model, model) for model in comparison.models]
    rows: list[list[object]] = [
        [channel, *comparison.conversions[i].tolist(), data.incremental_conversions.get(channel, 0.0)]
        for i, channel in enumerate(comparison.channels)
    ]
    credited = attribute(journeys, LastNonDirect())
    returns = credited.roas(campaign.costs, zero_division=math.nan)
    intervals = bootstrap(journeys, Linear(level="touch"), n=200, seed=demo.seed)
    low, high = intervals.interval("share")
    spread = [
        [channel, float(intervals.estimate.shares[i]), float(low[i]), float(high[i])]
        for i, channel in enumerate(intervals.channels)
    ]
    roas_rows: list[list[object]] = [
        [
            channel,
            float(returns.spend[i]),
            float(returns.value[i]),
            float(returns.roas[i]),
            float(returns.cpa[i]),
        ]
        for i, channel in enumerate(returns.channels)
    ]
    lines = [
        (
            f"{len(journeys):,} journeys, {journeys.n_touches:,} touches, {journeys.total_conversions:,.0f} "
            f"conversions worth {journeys.total_value:,.2f} {campaign.currency}. Credited conversions by "
            "model; the last column is the conversions each channel truly caused in the simulation."
        ),
        "",
        *table(["channel", *headers, "true incremental"], rows),
        "",
        f"ROAS and CPA with last non-direct credit against the campaign's ad spend ({campaign.currency}):",
        "",
        *table(["channel", "ad spend", "credited value", "ROAS", "CPA"], roas_rows),
        "",
        f"Linear (touch) conversion shares with {intervals.level:.0%} bootstrap intervals (n={intervals.n}):",
        "",
        *table(["channel", "share", "low", "high"], spread),
    ]
    data_out: dict[str, object] = {
        "comparison": comparison.to_dict(),
        "true_incremental_conversions": dict(data.incremental_conversions),
        "roas": returns.to_dict(),
        "intervals": intervals.to_dict(),
    }
    return Section("Attribution", lines, data_out)


SECTIONS: list[Callable[[Demo], Section]] = [_kpis, _funnel, _attribution, _valuation, _budget]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m socialroi", description="socialroi on a synthetic campaign."
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic data (default 0)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    return parser


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"python -m socialroi: {message}\n")
        raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo and return the exit code."""
    parser = _parser()
    parser.__class__ = _Parser
    args = parser.parse_args(argv)
    campaign = synthetic_campaign(seed=args.seed)
    demo = Demo(seed=args.seed, campaign=campaign)
    sections = [make(demo) for make in SECTIONS]
    if args.format == "json":
        print(json.dumps({s.title: s.data for s in sections}, indent=2, default=str))
        return 0
    print(
        f"socialroi {socialroi.__version__} — synthetic campaign, seed {args.seed}, "
        f"{campaign.months} months, {len(campaign.channels)} channels, {campaign.currency}"
    )
    for section in sections:
        print()
        print(section.title)
        print("=" * len(section.title))
        print("\n".join(section.lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
