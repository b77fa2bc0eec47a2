"""``python -m socialroi``: a worked example on a seeded synthetic campaign.

The only code in socialroi that prints. Each section computes with the public API and returns its text
lines and a JSON-ready dict; ``main`` prints them as text or as one JSON document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

import attrs

import socialroi
from socialroi.datasets import Campaign, synthetic_campaign


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


SECTIONS: list[Callable[[Demo], Section]] = [_kpis]


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
