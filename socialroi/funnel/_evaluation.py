"""A funnel measured on a period: transitions, changes, scorecards (private; see `socialroi.funnel`)."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Literal

import attrs

from socialroi._arrays import did_you_mean, names_of
from socialroi._check import (
    ANY_NUMBER,
    at_least_one,
    boolean,
    choice,
    describe,
    distinct,
    each,
    flag,
    instance,
    mapping,
    number,
    optional,
    pair,
    read_only_mapping,
    real,
    text,
    to_tuple,
)
from socialroi._display import MISSING, html_sections, percent, plain, text_sections
from socialroi.exceptions import InvalidInputError, MissingDataError
from socialroi.funnel._catalogue import unknown_kpi
from socialroi.funnel._kpi import FIELD, KEY, KPI
from socialroi.funnel._stage import STAGE, STAGES, Stage, to_stage, to_stages
from socialroi.funnel._targets import Target, TargetProgress

# --- evaluation records -------------------------------------------------------------------------------

_ANY = number(ANY_NUMBER, allow_nan=True)
"""A measured value or ratio: NaN where undefined, any float under a zero-division fill value."""


@attrs.frozen(kw_only=True)
class Transition:
    """The flow from one funnel stage to the next: how many of those at one stage reached the next.

    Attributes:
        source_stage: The earlier stage.
        source: The `Performance` field counted at the earlier stage.
        target_stage: The later stage.
        target: The field counted at the later stage.
        rate: ``target / source`` (a fraction, usually).
        previous_rate: The same ratio in the previous period, when one was given and measured.
        change: Relative change of the rate against the previous period (-0.2 is 20 % lower).

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> flows = Funnel.social().evaluate(Performance(impressions=1_000, link_clicks=20)).flows
        >>> flows[0].rate, flows[0].source_stage, flows[0].target_stage
        (0.02, <Stage.AWARENESS: 1>, <Stage.CONSIDERATION: 2>)
    """

    source_stage: Stage = attrs.field(converter=to_stage, validator=STAGE)
    source: str = attrs.field(validator=FIELD)
    target_stage: Stage = attrs.field(converter=to_stage, validator=STAGE)
    target: str = attrs.field(validator=FIELD)
    rate: float = attrs.field(converter=real, validator=_ANY)
    previous_rate: float | None = attrs.field(default=None, converter=real, validator=optional(_ANY))
    change: float | None = attrs.field(default=None, converter=real, validator=optional(_ANY))

    def to_dict(self) -> dict[str, object]:
        """The transition as plain values (NaN as ``None``).

        Examples:
            >>> Transition(source_stage=Stage.AWARENESS, source="impressions", target_stage=Stage.CONSIDERATION,
            ...            target="link_clicks", rate=0.01).to_dict()["rate"]
            0.01
        """
        return {
            "source_stage": self.source_stage.key,
            "source": self.source,
            "target_stage": self.target_stage.key,
            "target": self.target,
            "rate": plain(self.rate),
            "previous_rate": plain(self.previous_rate),
            "change": plain(self.change),
        }


@attrs.frozen(kw_only=True)
class Change:
    """A KPI against the previous period.

    Attributes:
        previous: The previous value.
        current: The current value.
        absolute: ``current - previous``.
        relative: ``(current - previous) / |previous|`` (NaN where undefined).
        improved: Whether the KPI got strictly better in its direction; ``None`` when either value is
            NaN.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> now, before = Performance(spend=100.0, conversions=5), Performance(spend=100.0, conversions=4)
        >>> change = Funnel.social().evaluate(now, previous=before).changes["cpa"]
        >>> change.absolute, change.relative, change.improved
        (-5.0, -0.2, True)
    """

    previous: float = attrs.field(converter=real, validator=_ANY)
    current: float = attrs.field(converter=real, validator=_ANY)
    absolute: float = attrs.field(converter=real, validator=_ANY)
    relative: float = attrs.field(converter=real, validator=_ANY)
    improved: bool | None = attrs.field(converter=boolean, validator=optional(flag()))

    def to_dict(self) -> dict[str, object]:
        """The change as plain values (NaN as ``None``).

        Examples:
            >>> Change(previous=4.0, current=5.0, absolute=1.0, relative=0.25, improved=True).to_dict()["relative"]
            0.25
        """
        return {
            "previous": plain(self.previous),
            "current": plain(self.current),
            "absolute": plain(self.absolute),
            "relative": plain(self.relative),
            "improved": self.improved,
        }


_TRANSITION = instance(Transition, "a Transition")


@attrs.frozen(kw_only=True, repr=False)
class Scorecard:
    """The funnel measured on one record: the total, or one channel.

    Attributes:
        values: KPI key → value, for every KPI of the funnel that the measured fields allow (NaN where a
            denominator is 0 under ``zero_division="warn"``).
        missing: KPI key → the fields it needs that were not measured.
        invalid: KPI key → why its formula rejects the measured values (LTV of net refunds, say).
        flows: Stage-to-stage transitions, in funnel order, over the stages whose count was measured.
        weakest: The weakest transition: the largest fall of the rate against the previous period, or
            without one, the lowest rate (the largest drop between stages).
        weakest_by: ``"change"`` or ``"rate"``: how ``weakest`` was chosen (``None`` without flows).
        changes: KPI key → [`Change`][socialroi.funnel.Change] against the previous period, for the KPIs
            measured in both.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> card = Funnel.social().evaluate(Performance(spend=10.0)).total
        >>> card.missing["cpa"], card.weakest
        (('conversions',), None)
        >>> Funnel.social().evaluate(Performance(impressions=1_000, link_clicks=20)).total
        Scorecard(3 KPIs computed, 73 not; weakest step impressions → link_clicks at 2.0 % (lowest rate))
    """

    values: Mapping[str, float] = attrs.field(converter=read_only_mapping, validator=mapping(KEY, _ANY))
    missing: Mapping[str, tuple[str, ...]] = attrs.field(
        converter=read_only_mapping, validator=mapping(KEY, each(FIELD))
    )
    invalid: Mapping[str, str] = attrs.field(converter=read_only_mapping, validator=mapping(KEY, text()))
    flows: tuple[Transition, ...] = attrs.field(converter=to_tuple, validator=each(_TRANSITION))
    weakest: Transition | None = attrs.field(validator=optional(_TRANSITION))
    weakest_by: Literal["change", "rate"] | None = attrs.field(validator=optional(choice(("change", "rate"))))
    changes: Mapping[str, Change] = attrs.field(
        converter=read_only_mapping, validator=mapping(KEY, instance(Change, "a Change"))
    )

    def __repr__(self) -> str:
        count = len(self.values)
        parts = [f"{count} KPI{'' if count == 1 else 's'} computed"]
        unknown = len(self.missing) + len(self.invalid)
        parts += [f"{unknown} not"] if unknown else []
        parts += [f"{len(self.changes)} changes"] if self.changes else []
        text_ = ", ".join(parts)
        step = self.weakest
        if step is not None:
            how = (
                "lowest rate"
                if self.weakest_by == "rate"
                else f"{percent(step.change, signed=True)} on the previous period"
            )
            text_ += f"; weakest step {step.source} → {step.target} at {percent(step.rate)} ({how})"
        return f"Scorecard({text_})"

    def to_dict(self) -> dict[str, object]:
        """The scorecard as plain values (NaN as ``None``).

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=3)).total.to_dict()["values"]["clicks"]
            3.0
        """
        return {
            "values": {key: plain(value) for key, value in self.values.items()},
            "missing": {key: list(fields) for key, fields in self.missing.items()},
            "invalid": dict(self.invalid),
            "flows": [flow.to_dict() for flow in self.flows],
            "weakest": None if self.weakest is None else self.weakest.to_dict(),
            "weakest_by": self.weakest_by,
            "changes": {key: change.to_dict() for key, change in self.changes.items()},
        }


_SCORECARD = instance(Scorecard, "a Scorecard")


@attrs.frozen(kw_only=True)
class FunnelEvaluation:
    """A funnel measured on a period: KPIs per stage, flows, changes and target progress.

    Made by [`Funnel.evaluate`][socialroi.funnel.Funnel.evaluate]. The total comes first: ``values``,
    ``missing``, ``flows``, ``weakest`` and ``changes`` are the total's; ``by_channel`` holds one
    [`Scorecard`][socialroi.funnel.Scorecard] per channel. ``to_dict()`` gives plain values (NaN as
    ``None``), ``repr()`` a text table and ``_repr_html_()`` an HTML table for notebooks.

    Attributes:
        funnel: The funnel's name.
        stages: The funnel's stages, in its order.
        stage_kpis: Stage → the KPI keys measured for it.
        kpis: KPI key → the [`KPI`][socialroi.funnel.KPI] definitions used.
        currency: The currency of the money KPIs, when the records give one.
        total: The scorecard of all channels together (ratios of sums).
        by_channel: Channel → scorecard, in the order given (empty for a single record).
        targets: Progress of each target that could be measured.
        skipped_targets: ``(target, reason)`` for each target that could not.
        compared: Whether a previous period was given.

    Examples:
        >>> from socialroi import Funnel, Performance
        >>> evaluation = Funnel.social().evaluate({
        ...     "facebook": Performance(impressions=6_000, link_clicks=60, conversions=3, spend=60.0),
        ...     "tiktok": Performance(impressions=4_000, link_clicks=20, conversions=2, spend=20.0),
        ... })
        >>> evaluation.channels, evaluation.value("cpa"), evaluation.value("cpa", channel="tiktok")
        (('facebook', 'tiktok'), 16.0, 10.0)
    """

    funnel: str = attrs.field(validator=text())
    stages: tuple[Stage, ...] = attrs.field(
        converter=to_stages, validator=[STAGES, at_least_one(), distinct()]
    )
    stage_kpis: Mapping[Stage, tuple[str, ...]] = attrs.field(
        converter=read_only_mapping, validator=mapping(instance(Stage, "a Stage"), each(KEY))
    )
    kpis: Mapping[str, KPI] = attrs.field(
        repr=False, converter=read_only_mapping, validator=mapping(KEY, instance(KPI, "a KPI"))
    )
    currency: str | None = attrs.field(validator=optional(text()))
    total: Scorecard = attrs.field(validator=_SCORECARD)
    by_channel: Mapping[str, Scorecard] = attrs.field(
        converter=read_only_mapping, validator=mapping(text(), _SCORECARD)
    )
    targets: tuple[TargetProgress, ...] = attrs.field(
        converter=to_tuple, validator=each(instance(TargetProgress, "a TargetProgress"))
    )
    skipped_targets: tuple[tuple[Target, str], ...] = attrs.field(
        converter=to_tuple, validator=each(pair(instance(Target, "a Target"), text()))
    )
    compared: bool = attrs.field(converter=boolean, validator=flag())

    @property
    def channels(self) -> tuple[str, ...]:
        """The channel names, in the order given.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate({"x": Performance(), "a": Performance()}).channels
            ('x', 'a')
        """
        return tuple(self.by_channel)

    @property
    def values(self) -> Mapping[str, float]:
        """The total's KPI values.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> dict(Funnel.social().evaluate(Performance(clicks=2, impressions=100)).values)
            {'impressions': 100.0, 'clicks': 2.0, 'ctr': 0.02}
        """
        return self.total.values

    @property
    def missing(self) -> Mapping[str, tuple[str, ...]]:
        """The total's KPIs that could not be computed, with the fields they need.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=2)).missing["ctr"]
            ('impressions',)
        """
        return self.total.missing

    @property
    def invalid(self) -> Mapping[str, str]:
        """The total's KPIs whose formula rejects the measured values, with the reason.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> refunds = Performance(revenue=-5.0, customers=1, repeat_customers=0)
            >>> Funnel.social().evaluate(refunds).invalid["ltv"]
            "ltv: ltv needs 'revenue' >= 0: net refunds have no customer value (got -5.0)"
        """
        return self.total.invalid

    @property
    def flows(self) -> tuple[Transition, ...]:
        """The total's stage-to-stage transitions.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> [t.rate for t in Funnel.social().evaluate(Performance(impressions=100, clicks=2)).flows]
            [0.02]
        """
        return self.total.flows

    @property
    def weakest(self) -> Transition | None:
        """The total's weakest transition.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(impressions=100, clicks=2)).weakest.target
            'clicks'
        """
        return self.total.weakest

    @property
    def changes(self) -> Mapping[str, Change]:
        """The total's changes against the previous period.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(clicks=3), previous=Performance(clicks=2)).changes["clicks"].relative
            0.5
        """
        return self.total.changes

    def value(self, kpi: str, *, channel: str | None = None) -> float:
        """One KPI's value in the total or in one channel.

        Raises:
            InvalidInputError: For a KPI or channel that is not in the evaluation, or a KPI whose formula
                rejects the measured values.
            MissingDataError: For a KPI whose fields were not measured.

        Examples:
            >>> from socialroi import Funnel, Performance
            >>> Funnel.social().evaluate(Performance(spend=50.0, impressions=10_000)).value("cpm")
            5.0
        """
        text().check(kpi, "kpi")
        optional(text()).check(channel, "channel")
        card = self.total
        if channel is not None:
            if channel not in self.by_channel:
                channels = f"({names_of(self.channels)})" if self.channels else "(it has none)"
                msg = f"'channel' must be a channel of the evaluation {channels} (got {describe(channel)})"
                raise InvalidInputError(msg + did_you_mean(channel, self.by_channel))
            card = self.by_channel[channel]
        if kpi in card.missing:
            absent = card.missing[kpi]
            verb = "was" if len(absent) == 1 else "were"
            msg = f"{kpi} needs {names_of(absent)}, which {verb} not measured"
            raise MissingDataError(msg)
        if kpi in card.invalid:
            raise InvalidInputError(card.invalid[kpi])
        if kpi not in card.values:
            raise unknown_kpi("kpi", kpi, card.values, "a KPI of the evaluation")
        return card.values[kpi]

    def to_dict(self) -> dict[str, object]:
        """The evaluation as plain, JSON-ready values (NaN as ``None``, dates as ISO strings).

        Examples:
            >>> import json
            >>> from socialroi import Funnel, Performance
            >>> data = Funnel.social().evaluate(Performance(clicks=1, impressions=10)).to_dict()
            >>> data["total"]["values"]["ctr"], data["stages"][0]
            (0.1, 'awareness')
            >>> _ = json.dumps(data, allow_nan=False)
        """
        return {
            "funnel": self.funnel,
            "stages": [stage.key for stage in self.stages],
            "stage_kpis": {stage.key: list(keys) for stage, keys in self.stage_kpis.items()},
            "kpis": {
                key: {
                    "name": kpi.name,
                    "stages": [stage.key for stage in kpi.stages],
                    "unit": kpi.unit.value,
                    "direction": kpi.direction.value,
                    "estimate": kpi.estimate,
                    "formula": kpi.formula,
                }
                for key, kpi in self.kpis.items()
            },
            "currency": self.currency,
            "channels": list(self.channels),
            "compared": self.compared,
            "total": self.total.to_dict(),
            "by_channel": {channel: card.to_dict() for channel, card in self.by_channel.items()},
            "targets": [progress.to_dict() for progress in self.targets],
            "skipped_targets": [
                {"target": t.to_dict(), "reason": reason} for t, reason in self.skipped_targets
            ],
        }

    # -- display -----------------------------------------------------------------------------------

    def _header(self) -> str:
        scope = (
            f"total of {len(self.channels)} channels ({', '.join(self.channels)})"
            if self.channels
            else "one record"
        )
        return f"Funnel evaluation {self.funnel!r}: {scope}" + (
            ", against the previous period" if self.compared else ""
        )

    def _columns(self) -> list[str]:
        return ["KPI", "total", *self.channels, *(["change"] if self.compared else [])]

    def _rows(self) -> list[tuple[Stage, list[list[str]]]]:
        """Per stage with any, one row of cells per KPI that was computed somewhere."""
        cards = [self.total, *self.by_channel.values()]
        sections: list[tuple[Stage, list[list[str]]]] = []
        for stage in self.stages:
            rows: list[list[str]] = []
            for key in self.stage_kpis[stage]:
                if not any(key in card.values for card in cards):
                    continue
                kpi = self.kpis[key]
                label = kpi.name + (" (est.)" if kpi.estimate else "")
                cells = [label] + [
                    kpi.format(card.values[key], currency=self.currency) if key in card.values else MISSING
                    for card in cards
                ]
                if self.compared:
                    change = self.total.changes.get(key)
                    cells.append(MISSING if change is None else percent(change.relative, signed=True))
                rows.append(cells)
            if rows:
                sections.append((stage, rows))
        return sections

    def _notes(self) -> list[str]:
        notes: list[str] = []
        if self.flows:
            steps = "; ".join(f"{t.source} → {t.target} {percent(t.rate)}" for t in self.flows)
            notes.append(f"Flow: {steps}")
        if self.weakest is not None:
            weakest = self.weakest
            text = f"Weakest transition: {weakest.source} → {weakest.target} at {percent(weakest.rate)}"
            if self.total.weakest_by == "change":
                change = math.nan if weakest.change is None else weakest.change
                text += f" ({percent(change, signed=True)} against the previous period)"
            notes.append(text)
        for progress in self.targets:
            target = progress.target
            kpi = self.kpis[target.kpi]
            scope = target.channel or "total"
            verdict = progress.verdict
            notes.append(
                f"Target {target.kpi} ({scope}): {kpi.format(progress.observed, currency=self.currency)} for "
                f"{kpi.format(target.value, currency=self.currency)} by {target.end}, "
                f"{percent(progress.progress)} of the way, {percent(progress.expected)} expected "
                f"({progress.status.replace('_', ' ')}): {verdict}"
            )
        notes.extend(f"Target {target.kpi} skipped: {reason}" for target, reason in self.skipped_targets)
        if self.missing:
            fields = ", ".join(dict.fromkeys(field for fields in self.missing.values() for field in fields))
            notes.append(
                f"Not computable for lack of fields: {len(self.missing)} KPIs (see .missing); not measured: {fields}"
            )
        notes.extend(f"Not computable: {reason}" for reason in self.invalid.values())
        return notes

    def __repr__(self) -> str:
        sections = [(stage.label, rows) for stage, rows in self._rows()]
        table = text_sections(self._columns(), sections, rule=False)
        return "\n".join([self._header(), *table, *self._notes()])

    def _repr_html_(self) -> str:
        sections = [(stage.label, rows) for stage, rows in self._rows()]
        table = html_sections(self._header(), self._columns(), sections)
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in self._notes())
        return (
            f'<div class="socialroi-funnel-evaluation">{table}'
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )
