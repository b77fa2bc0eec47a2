"""Goals and the `Funnel` (private; see `socialroi.funnel`)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeAlias, cast

import attrs

from socialroi._arrays import (
    FINITE,
    NON_NEGATIVE,
    ZeroDivision,
    check_zero_division,
    did_you_mean,
    names_of,
    ratio,
)
from socialroi._check import (
    ReadOnlyMapping,
    at_least_one,
    date,
    describe,
    distinct,
    each,
    fail,
    instance,
    mapping,
    optional,
    read_only_mapping,
    text,
    to_names,
    to_tuple,
)
from socialroi.exceptions import InvalidInputError, MissingDataError
from socialroi.funnel._catalogue import FLOW, KPIS, per, unknown_kpi
from socialroi.funnel._evaluation import Change, FunnelEvaluation, Scorecard, Transition
from socialroi.funnel._kpi import FIELD, KEY, KPI, PERFORMANCE
from socialroi.funnel._stage import STAGE, STAGES, Stage, to_stage, to_stages
from socialroi.funnel._targets import Target, TargetProgress
from socialroi.records import Performance

# --- goals --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Goal:
    """A marketing goal: an objective at one stage, the KPIs that measure it and content that serves it.

    Attributes:
        objective: What the goal wants, like "Reach"; goals are looked up by it.
        stage: The funnel stage (a `Stage` or its name or synonym).
        primary: Keys of the KPIs that decide whether the goal is met.
        secondary: Keys of other measurable KPIs worth watching.
        content: Short suggestions of content that serves the goal.

    Examples:
        >>> goal = Goal(objective="Website visits", stage="engagement", primary="sessions",
        ...             secondary=("link_clicks", "bounce_rate"), content=("blog teasers",))
        >>> goal.stage, goal.kpis
        (<Stage.CONSIDERATION: 2>, ('sessions', 'link_clicks', 'bounce_rate'))
    """

    objective: str = attrs.field(validator=text())
    stage: Stage = attrs.field(converter=to_stage, validator=STAGE)
    primary: tuple[str, ...] = attrs.field(
        converter=to_names, validator=[each(KEY), at_least_one(), distinct()]
    )
    secondary: tuple[str, ...] = attrs.field(
        default=(), converter=to_names, validator=[each(KEY), distinct()]
    )
    content: tuple[str, ...] = attrs.field(default=(), converter=to_names, validator=each(text()))

    @property
    def kpis(self) -> tuple[str, ...]:
        """Primary then secondary KPI keys, each once.

        Examples:
            >>> Goal(objective="Reach", stage="awareness", primary="reach", secondary=("reach", "cpm")).kpis
            ('reach', 'cpm')
        """
        return tuple(dict.fromkeys((*self.primary, *self.secondary)))


# --- the funnel ---------------------------------------------------------------------------------------


def _by_stage(value: object) -> Any:
    """Converter: a read-only mapping keyed by stages (names parsed) of tuples of names; ``None`` is empty."""
    if value is None:
        return ReadOnlyMapping[Stage, tuple[str, ...]]({})
    if not isinstance(value, Mapping):
        return value
    pairs = cast("Mapping[object, object]", value)
    return ReadOnlyMapping({to_stage(stage): to_names(names) for stage, names in pairs.items()})


_GOALS = each(instance(Goal, "a Goal"))
_TARGETS = each(instance(Target, "a Target"))


Performances: TypeAlias = Performance | Mapping[str, Performance] | Iterable[Performance]
"""One record, or one per channel: a mapping channel → record, or records with distinct channel names."""


def _split(value: object, name: str) -> tuple[dict[str, Performance], Performance]:
    """The per-channel records (empty for one record) and their total."""
    if isinstance(value, Performance):
        return {}, value
    if isinstance(value, Mapping):
        pairs: Mapping[object, object] = cast("Mapping[object, object]", value)
        channels: dict[str, Performance] = {}
        for key, record in pairs.items():
            channels[text().check(key, name)] = PERFORMANCE.check(record, f"{name}[{key!r}]")
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        channels = {}
        items: Iterable[object] = cast("Iterable[object]", value)
        for index, record in enumerate(items):
            checked: Performance = PERFORMANCE.check(record, f"{name}[{index}]")
            if not checked.channel:
                msg = f"{name!r} must be records with channel names (got channel={checked.channel!r} at index {index})"
                raise InvalidInputError(msg)
            if checked.channel in channels:
                msg = f"{name!r} must be records of distinct channels (got {checked.channel!r} twice)"
                raise InvalidInputError(msg)
            channels[checked.channel] = checked
    else:
        raise fail(name, "a Performance, a mapping of channel names to them, or a sequence of them", value)
    if not channels:
        raise fail(name, "at least one Performance", cast("object", value))
    return channels, Performance.total(channels.values())


def _relative(current: float, previous: float, zero_division: ZeroDivision, label: str) -> float:
    if math.isnan(current) or math.isnan(previous):
        return math.nan
    difference, scale = current - previous, abs(previous)
    if math.isinf(difference) and math.isfinite(current) and math.isfinite(previous):
        difference, scale = current / 2 - previous / 2, scale / 2  # the same ratio without overflow
    change: float = ratio(
        difference,
        scale,
        zero_division,
        f"change of {label}",
        ("change", "previous"),
        (FINITE, NON_NEGATIVE),
    )
    return change


def _attempt(kpi: KPI, record: Performance, zero_division: ZeroDivision) -> float | str:
    """The KPI's value, or why its formula rejects the measured values (such as net refunds for LTV)."""
    try:
        return kpi.compute(record, zero_division=zero_division)
    except InvalidInputError as error:
        return f"{kpi.key}: {error}"


def _weakest(
    flows: tuple[Transition, ...], compared: bool
) -> tuple[Transition | None, Literal["change", "rate"] | None]:
    if compared:
        changed = [t for t in flows if t.change is not None and not math.isnan(t.change)]
        if changed:
            return min(changed, key=lambda t: t.change or 0.0), "change"
    measured = [t for t in flows if not math.isnan(t.rate)]
    if measured:
        return min(measured, key=lambda t: t.rate), "rate"
    return None, None


@attrs.frozen(kw_only=True)
class Funnel:
    """A marketing funnel: its stages in order, the KPIs measured at each, and its goals.

    Any subset and order of stages works. A stage's KPIs are those given in ``kpis`` for it followed by
    the KPIs of its goals. Every KPI key must be in ``catalogue`` (by default [`KPIS`][socialroi.funnel.KPIS]);
    an unknown key fails at construction with a suggestion. [`social`][socialroi.funnel.Funnel.social]
    builds the default social-media funnel.

    Attributes:
        name: The funnel's name.
        stages: The stages, in funnel order (stages or their names or synonyms).
        catalogue: KPI key → [`KPI`][socialroi.funnel.KPI]; add your own KPIs here.
        flow: Stage → the `Performance` fields that count how many reached it, by preference (see
            [`FLOW`][socialroi.funnel.FLOW]).

    Examples:
        >>> from socialroi import Goal
        >>> leads = Funnel(
        ...     name="B2B leads",
        ...     stages=("awareness", "lead generation"),
        ...     kpis={"awareness": ("impressions", "cpm")},
        ...     goals=[Goal(objective="Leads and MQLs", stage="conversion", primary=("leads", "qualified_leads"), secondary="cpl")],
        ... )
        >>> [kpi.key for kpi in leads.kpis("conversion")]
        ['leads', 'qualified_leads', 'cpl']
        >>> Funnel(stages=["awareness"], kpis={"awareness": ["rech"]})
        Traceback (most recent call last):
        ...
        socialroi.exceptions.InvalidInputError: 'kpis' must be a KPI key of the catalogue (got 'rech' for stage 'awareness'); did you mean 'reach'?
    """

    name: str = attrs.field(default="funnel", validator=text())
    stages: tuple[Stage, ...] = attrs.field(
        converter=to_stages, validator=[STAGES, at_least_one(), distinct()]
    )
    _goals: tuple[Goal, ...] = attrs.field(default=(), converter=to_tuple, validator=_GOALS, alias="goals")
    _kpis: Mapping[Stage, tuple[str, ...]] = attrs.field(
        default=None, converter=_by_stage, validator=mapping(STAGE, each(KEY)), alias="kpis"
    )
    catalogue: Mapping[str, KPI] = attrs.field(
        default=KPIS, converter=read_only_mapping, validator=mapping(KEY, instance(KPI, "a KPI")), eq=False
    )
    flow: Mapping[Stage, tuple[str, ...]] = attrs.field(
        default=FLOW, converter=_by_stage, validator=mapping(STAGE, each(FIELD))
    )

    def __attrs_post_init__(self) -> None:
        for key, kpi in self.catalogue.items():
            if kpi.key != key:
                msg = (
                    f"'catalogue' must map each KPI's key to the KPI (got the KPI {kpi.key!r} under {key!r})"
                )
                raise InvalidInputError(msg)
        present = names_of([stage.key for stage in self.stages])
        for stage, keys in self._kpis.items():
            if stage not in self.stages:
                msg = f"'kpis' must be keyed by the funnel's stages {present} (got {stage.key!r})"
                raise InvalidInputError(msg)
            self._check_keys(keys, "kpis", f" for stage {stage.key!r}")
        objectives: set[str] = set()
        for goal in self._goals:
            if goal.stage not in self.stages:
                msg = f"'goals' must be goals at the funnel's stages {present} (got {goal.objective!r} at {goal.stage.key!r})"
                raise InvalidInputError(msg)
            if goal.objective.casefold() in objectives:
                msg = f"'goals' must be goals with distinct objectives (got {goal.objective!r} twice)"
                raise InvalidInputError(msg)
            objectives.add(goal.objective.casefold())
            self._check_keys(goal.kpis, "goals", f" in goal {goal.objective!r}")
        merged = {
            stage: tuple(
                dict.fromkeys(
                    (
                        *self._kpis.get(stage, ()),
                        *(k for g in self._goals if g.stage is stage for k in g.kpis),
                    )
                )
            )
            for stage in self.stages
        }
        object.__setattr__(self, "_kpis", ReadOnlyMapping(merged))

    @classmethod
    def social(cls) -> Funnel:
        """The default social-media funnel: all five stages, every catalogue KPI at its stages, and goals.

        Goals per stage (primary KPIs; other measurables as secondary):

        - awareness: *Reach* (people who saw a post), *Fans and followers* (followers on the channel),
          *Ad recall and brand lift*; other measurables impressions, volume (mentions) and share of
          voice;
        - consideration (engagement): *Reactions and comments*, *Website clicks*, *Longer time on the
          website*, *Website visits*; other measurables mentions, positive reviews, direct messages,
          shares;
        - conversion (lead generation): *Website action* (an e-book download: a micro-conversion),
          *Online inquiries* (contact forms), *Purchases*, *Leads and MQLs*;
        - loyalty: *Upsell and cross-sell*, *Satisfaction* (reviews, ratings, engaged users, net
          followers);
        - advocacy: *Social proof and credibility* (mentions, influencer content engagement, affiliate
          sign-ups, traffic and sales).

        Examples:
            >>> funnel = Funnel.social()
            >>> funnel.stages[0], len(funnel.goals()), funnel.goal("online inquiries").primary
            (<Stage.AWARENESS: 1>, 14, ('inquiries',))
        """
        awareness_more = ("impressions", "mentions", "share_of_voice")
        engagement_more = ("mentions", "positive_reviews", "direct_messages", "shares")
        goals = [
            Goal(
                objective="Reach", stage=Stage.AWARENESS, primary=("reach",),
                secondary=("frequency", "cost_per_1000_reached", *awareness_more),
                content=("short-form video", "trend and hashtag participation", "paid reach campaigns"),
            ),
            Goal(
                objective="Fans and followers", stage=Stage.AWARENESS, primary=("followers",),
                secondary=("net_followers", "follower_growth_rate", *awareness_more),
                content=("follow-worthy series", "giveaways that require a follow", "collaborations"),
            ),
            Goal(
                objective="Ad recall and brand lift", stage=Stage.AWARENESS,
                primary=("ad_recall_lift", "brand_lift"),
                secondary=("ad_recall_lift_rate", "video_views", "completion_rate", *awareness_more),
                content=("brand-first video in the first seconds", "consistent visual identity"),
            ),
            Goal(
                objective="Reactions and comments", stage=Stage.CONSIDERATION, primary=("reactions", "comments"),
                secondary=("engagements", "engagement_rate", "saves", *engagement_more),
                content=("questions and polls", "behind the scenes", "user-generated content"),
            ),
            Goal(
                objective="Website clicks", stage=Stage.CONSIDERATION, primary=("link_clicks",),
                secondary=("link_ctr", "ctr", "link_cpc", *engagement_more),
                content=("link posts with a clear call to action", "carousel teasers"),
            ),
            Goal(
                objective="Longer time on the website", stage=Stage.CONSIDERATION, primary=("time_on_site",),
                secondary=("bounce_rate", *engagement_more),
                content=("in-depth guides", "landing pages that match the post"),
            ),
            Goal(
                objective="Website visits", stage=Stage.CONSIDERATION, primary=("sessions",),
                secondary=("micro_conversion_rate", "website_conversion_rate", *engagement_more),
                content=("blog and product teasers", "stories with link stickers"),
            ),
            Goal(
                objective="Website action", stage=Stage.CONVERSION, primary=("micro_conversions",),
                secondary=("micro_conversion_rate",),
                content=("e-book or checklist download", "webinar sign-up", "newsletter sign-up"),
            ),
            Goal(
                objective="Online inquiries", stage=Stage.CONVERSION, primary=("inquiries",),
                secondary=("leads",),
                content=("contact-form ads", "direct-message prompts", "consultation offers"),
            ),
            Goal(
                objective="Purchases", stage=Stage.CONVERSION, primary=("orders", "conversions"),
                secondary=("conversion_rate", "cpa", "revenue", "average_order_value", "roas", "roi"),
                content=("shoppable posts", "limited-time offers", "retargeting ads"),
            ),
            Goal(
                objective="Leads and MQLs", stage=Stage.CONVERSION, primary=("leads", "qualified_leads"),
                secondary=("cpl", "new_customers", "cac"),
                content=("lead-form ads", "gated content", "free trials"),
            ),
            Goal(
                objective="Upsell and cross-sell", stage=Stage.LOYALTY, primary=("repeat_customers", "repeat_purchase_rate"),
                secondary=("ltv", "ltv_to_cac", "payback_period"),
                content=("customer-only offers", "how-to content for owners", "bundles and upgrades"),
            ),
            Goal(
                objective="Satisfaction", stage=Stage.LOYALTY, primary=("reviews", "rating"),
                secondary=("positive_review_rate", "engaged_users", "net_followers", "new_followers"),
                content=("fast replies to comments and messages", "review requests", "community groups"),
            ),
            Goal(
                objective="Social proof and credibility", stage=Stage.ADVOCACY,
                primary=("mentions", "influencer_engagements", "affiliate_signups", "affiliate_traffic", "affiliate_sales"),
                secondary=("shares", "amplification_rate", "influencer_engagement_rate", "affiliate_revenue"),
                content=("influencer partnerships", "affiliate and referral programmes", "reposting customers"),
            ),
        ]  # fmt: skip
        kpis = {stage: tuple(key for key, kpi in KPIS.items() if stage in kpi.stages) for stage in Stage}
        return cls(name="social", stages=tuple(Stage), goals=goals, kpis=kpis)

    def _check_keys(self, keys: Iterable[str], name: str, where: str) -> None:
        for key in keys:
            if key not in self.catalogue:
                raise unknown_kpi(name, key, self.catalogue, "a KPI key of the catalogue", where)

    def __repr__(self) -> str:
        stages = ", ".join(stage.key for stage in self.stages)
        return f"Funnel(name={self.name!r}, stages=({stages}), goals={len(self._goals)}, kpis={len(self.kpi_keys())})"

    def _stage(self, stage: Stage | str) -> Stage:
        found = STAGE.check(stage, "stage")
        if found not in self.stages:
            stages = names_of([s.key for s in self.stages])
            msg = f"'stage' must be a stage of funnel {self.name!r}, {stages} (got {describe(stage)})"
            raise InvalidInputError(msg)
        return found

    def kpi_keys(self, stage: Stage | str | None = None) -> tuple[str, ...]:
        """The KPI keys of one stage, or of every stage in funnel order (each once).

        Examples:
            >>> Funnel.social().kpi_keys("advocacy")[:3]
            ('mentions', 'shares', 'amplification_rate')
        """
        if stage is not None:
            return self._kpis[self._stage(stage)]
        return tuple(dict.fromkeys(key for keys in self._kpis.values() for key in keys))

    def kpis(self, stage: Stage | str | None = None) -> tuple[KPI, ...]:
        """The KPIs of one stage, or of every stage in funnel order (each once).

        Raises:
            InvalidInputError: For a stage that is not in the funnel.

        Examples:
            >>> [kpi.name for kpi in Funnel.social().kpis("loyalty")][:3]
            ['Net followers', 'Positive reviews', 'New followers']
        """
        return tuple(self.catalogue[key] for key in self.kpi_keys(stage))

    def goals(self, stage: Stage | str | None = None) -> tuple[Goal, ...]:
        """The goals of one stage, or all of them, in the order given.

        Examples:
            >>> [goal.objective for goal in Funnel.social().goals("loyalty")]
            ['Upsell and cross-sell', 'Satisfaction']
        """
        if stage is None:
            return self._goals
        found = self._stage(stage)
        return tuple(goal for goal in self._goals if goal.stage is found)

    def goal(self, objective: str) -> Goal:
        """The goal with this objective (case-insensitive).

        Raises:
            InvalidInputError: For an unknown objective, with the closest ones.

        Examples:
            >>> Funnel.social().goal("reach").primary
            ('reach',)
        """
        wanted = text().check(objective, "objective").casefold()
        for goal in self._goals:
            if goal.objective.casefold() == wanted:
                return goal
        objectives = [goal.objective for goal in self._goals]
        msg = (
            f"'objective' must be the objective of a goal of funnel {self.name!r} (got {describe(objective)})"
        )
        raise InvalidInputError(msg + did_you_mean(objective, objectives))

    def stage_of(self, kpi: str) -> Stage:
        """The first stage, in funnel order, that measures the KPI ``kpi``.

        Raises:
            InvalidInputError: For a KPI the funnel does not measure, with the closest keys.

        Examples:
            >>> Funnel.social().stage_of("cpa"), Funnel.social().stage_of("mentions")
            (<Stage.CONVERSION: 3>, <Stage.AWARENESS: 1>)
        """
        for stage, keys in self._kpis.items():
            if kpi in keys:
                return stage
        raise unknown_kpi("kpi", kpi, self.kpi_keys(), f"a KPI of funnel {self.name!r}")

    def evaluate(
        self,
        performance: Performances,
        *,
        targets: Iterable[Target] = (),
        previous: Performances | None = None,
        total: Performance | None = None,
        as_of: dt.date | None = None,
        zero_division: ZeroDivision = "warn",
    ) -> FunnelEvaluation:
        """Measure a period: every KPI the fields allow, the flows between stages, changes and targets.

        KPIs whose fields were not measured are listed in ``missing`` with those fields, not raised.
        With one record per channel, every channel gets its own scorecard and the total is computed as
        ratios of sums (``Performance.total``), where people counts such as reach are not additive and
        so unmeasured: pass ``total`` with deduplicated counts to measure them.

        Args:
            performance: One `Performance`, or one per channel (a mapping channel → record, or records
                with distinct ``channel`` names).
            targets: [`Target`][socialroi.funnel.Target]s to measure; a target with a ``channel`` is
                measured on that channel.
            previous: The previous period, in the same form; gives the changes and the weakest
                transition by change.
            total: The record of all channels together, when known better than their sum.
            as_of: The last day the data covers, for target progress; by default the record's ``end``.
            zero_division: What KPIs return where a denominator is 0 (see `socialroi.metrics`).

        Returns:
            The [`FunnelEvaluation`][socialroi.funnel.FunnelEvaluation].

        Raises:
            InvalidInputError: For records of the wrong type, channels without names or repeated, a
                ``total`` without channels, or a target on a KPI outside the catalogue.
            MissingDataError: When a target needs ``as_of`` and the record has no ``end`` date.

        Examples:
            >>> import datetime as dt
            >>> from socialroi import Performance, Target
            >>> march = Performance(impressions=50_000, link_clicks=500, conversions=20, spend=500.0,
            ...                     end=dt.date(2026, 3, 15))
            >>> february = Performance(impressions=40_000, link_clicks=480, conversions=24, spend=480.0)
            >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
            >>> evaluation = Funnel.social().evaluate(march, previous=february, targets=[target])
            >>> weakest = evaluation.weakest
            >>> weakest.source, weakest.target, round(weakest.change, 3)
            ('link_clicks', 'conversions', -0.2)
            >>> progress = evaluation.targets[0]
            >>> progress.observed, progress.progress, round(progress.expected, 3), progress.on_track
            (25.0, 0.5, 0.484, True)
        """
        check_zero_division(zero_division)
        wanted: tuple[Target, ...] = _TARGETS.check(to_tuple(targets), "targets")
        optional(date()).check(as_of, "as_of")
        channels, summed = _split(performance, "performance")
        if total is not None:
            if not channels:
                raise fail("total", "None for a single record (pass the one record as 'performance')", total)
            summed = PERFORMANCE.check(total, "total")
        before: dict[str, Performance] = {}
        before_total: Performance | None = None
        if previous is not None:
            before, before_total = _split(previous, "previous")
        keys = self.kpi_keys()
        card = self._score(summed, before_total, keys, zero_division)
        cards = {
            name: self._score(record, before.get(name), keys, zero_division)
            for name, record in channels.items()
        }
        done: list[TargetProgress] = []
        skipped: list[tuple[Target, str]] = []
        used = dict.fromkeys(keys)
        for index, target in enumerate(wanted):
            if target.kpi not in self.catalogue:
                rule = "targets on KPIs of the funnel's catalogue"
                raise unknown_kpi("targets", target.kpi, self.catalogue, rule, f" at index {index}")
            used[target.kpi] = None
            if target.channel is None or (not channels and summed.channel == target.channel):
                outcome = self._progress(target, summed, card, as_of, zero_division)
            elif target.channel in channels:
                outcome = self._progress(
                    target, channels[target.channel], cards[target.channel], as_of, zero_division
                )
            else:
                outcome = f"channel {target.channel!r} is not in the evaluation"
            if isinstance(outcome, str):
                skipped.append((target, outcome))
            else:
                done.append(outcome)
        return FunnelEvaluation(
            funnel=self.name,
            stages=self.stages,
            stage_kpis=self._kpis,
            kpis={key: self.catalogue[key] for key in used},
            currency=summed.currency,
            total=card,
            by_channel=cards,
            targets=tuple(done),
            skipped_targets=tuple(skipped),
            compared=previous is not None,
        )

    def _progress(
        self,
        target: Target,
        record: Performance,
        card: Scorecard,
        as_of: dt.date | None,
        zero_division: ZeroDivision,
    ) -> TargetProgress | str:
        """The target's progress on ``record``, or why it cannot be measured."""
        kpi = self.catalogue[target.kpi]
        absent = kpi.missing(record)
        if absent:
            verb = "was" if len(absent) == 1 else "were"
            return f"{target.kpi} needs {names_of(absent)}, which {verb} not measured"
        observed = (
            card.values[target.kpi] if target.kpi in card.values else _attempt(kpi, record, zero_division)
        )
        if isinstance(observed, str):
            return observed
        if math.isnan(observed):
            return f"{target.kpi} is undefined for this period (a denominator is 0)"
        day = as_of if as_of is not None else record.end
        if day is None:
            msg = "target progress needs 'as_of' or a performance record with an 'end' date"
            raise MissingDataError(msg)
        return target.progress(observed, day)

    def _score(
        self,
        record: Performance,
        previous: Performance | None,
        keys: tuple[str, ...],
        zero_division: ZeroDivision,
    ) -> Scorecard:
        values: dict[str, float] = {}
        missing: dict[str, tuple[str, ...]] = {}
        invalid: dict[str, str] = {}
        changes: dict[str, Change] = {}
        for key in keys:
            kpi = self.catalogue[key]
            absent = kpi.missing(record)
            if absent:
                missing[key] = absent
                continue
            current = _attempt(kpi, record, zero_division)
            if isinstance(current, str):
                invalid[key] = current
                continue
            values[key] = current
            if previous is None or kpi.missing(previous):
                continue
            before = _attempt(kpi, previous, zero_division)
            if isinstance(before, str):
                continue
            undefined = math.isnan(current) or math.isnan(before)
            changes[key] = Change(
                previous=before,
                current=current,
                absolute=current - before,
                relative=_relative(current, before, zero_division, key),
                improved=None if undefined else kpi.direction.better(current, before),
            )
        flows = self._flows(record, previous, zero_division)
        weakest, weakest_by = _weakest(flows, previous is not None)
        return Scorecard(
            values=values,
            missing=missing,
            invalid=invalid,
            flows=flows,
            weakest=weakest,
            weakest_by=weakest_by,
            changes=changes,
        )

    def _flows(
        self, record: Performance, previous: Performance | None, zero_division: ZeroDivision
    ) -> tuple[Transition, ...]:
        points: list[tuple[Stage, str]] = []
        for stage in self.stages:
            field = next((f for f in self.flow.get(stage, ()) if getattr(record, f) is not None), None)
            if field is not None:
                points.append((stage, field))
        transitions: list[Transition] = []
        for (first_stage, first), (second_stage, second) in itertools.pairwise(points):
            label = f"flow {first} → {second}"
            rate = per(getattr(record, second), getattr(record, first), zero_division, label, (second, first))
            previous_rate: float | None = None
            change: float | None = None
            if (
                previous is not None
                and getattr(previous, first) is not None
                and getattr(previous, second) is not None
            ):
                previous_rate = per(
                    getattr(previous, second), getattr(previous, first), zero_division, label, (second, first)
                )
                change = _relative(rate, previous_rate, zero_division, label)
            transitions.append(
                Transition(
                    source_stage=first_stage,
                    source=first,
                    target_stage=second_stage,
                    target=second,
                    rate=rate,
                    previous_rate=previous_rate,
                    change=change,
                )
            )
        return tuple(transitions)
