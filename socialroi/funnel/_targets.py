"""SMART targets and their progress (private; see `socialroi.funnel`)."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Literal, TypeAlias

import attrs

from socialroi._arrays import FRACTION
from socialroi._check import (
    ANY_NUMBER,
    boolean,
    choice,
    date,
    fail,
    flag,
    instance,
    integer,
    number,
    optional,
    real,
    text,
    whole,
)
from socialroi._display import html_fields, percent, plain
from socialroi._display import number as figure
from socialroi.exceptions import InvalidInputError
from socialroi.funnel._catalogue import KPIS, unknown_kpi
from socialroi.funnel._kpi import DIRECTION, KEY, Direction, to_direction

# --- targets ------------------------------------------------------------------------------------------

Status: TypeAlias = Literal["not_started", "in_progress", "finished"]


_STATUS = choice(("not_started", "in_progress", "finished"))
_SIGNED = number(ANY_NUMBER)
_DAYS = whole(minimum=0)


def _default_direction(target: Target) -> Direction:
    KEY.check(target.kpi, "kpi")
    kpi = KPIS.get(target.kpi)
    if kpi is None:
        rule = "a KPI key of the catalogue, or come with a 'direction' for a KPI of your own"
        raise unknown_kpi("kpi", target.kpi, KPIS, rule)
    return kpi.direction


def _days_in_month(year: int, month: int) -> int:
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _add_quarter(start: dt.date) -> dt.date:
    """The last day of the three months that begin on ``start``.

    That is the day before the same day three months later or, when that day does not exist, the last
    day of the third month. Counted in (year, month, day) so that a quarter ending on 31 December 9999
    works; one ending later is refused.
    """
    year, month = divmod(start.year * 12 + start.month - 1 + 3, 12)
    month += 1
    if start.day > _days_in_month(year, month):  # no such day: the quarter runs to that month's end
        end = (year, month, _days_in_month(year, month))
    elif start.day > 1:
        end = (year, month, start.day - 1)
    else:  # the day before the first of a month: the end of the previous month
        year, month = divmod(year * 12 + month - 2, 12)
        end = (year, month + 1, _days_in_month(year, month + 1))
    if end[0] > dt.MAXYEAR:
        raise fail("start", f"a date whose quarter ends by {dt.date.max.isoformat()}", start)
    return dt.date(*end)


@attrs.frozen(kw_only=True)
class Target:
    """A SMART target: a KPI, the value to reach, a window of dates, and where it started.

    Progress is measured from ``baseline`` to ``value``, paced linearly over the window from ``start``
    (its first day) to ``end`` (its last day). Without a baseline a higher-is-better KPI starts at 0; a
    lower-is-better KPI (CPA, CPM) needs a baseline, because "the way to 20" only exists from somewhere.
    The target must be better than the baseline in the KPI's direction.

    Attributes:
        kpi: The KPI key.
        value: The value to reach, finite.
        start: First day of the window.
        end: Last day of the window, after ``start``.
        baseline: The value when the window opened.
        channel: The channel the target is for, or ``None`` for the total.
        direction: Whether higher or lower is better; by default the catalogue KPI's direction (give it
            for KPIs of your own).

    Examples:
        >>> import datetime as dt
        >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
        >>> target.direction, target.days
        (<Direction.LOWER: 'lower'>, 90)
    """

    kpi: str = attrs.field(validator=KEY)
    value: float = attrs.field(converter=real, validator=number())
    start: dt.date = attrs.field(validator=date())
    end: dt.date = attrs.field(validator=date())
    baseline: float | None = attrs.field(default=None, converter=real, validator=optional(number()))
    channel: str | None = attrs.field(default=None, validator=optional(text()))
    direction: Direction = attrs.field(
        default=attrs.Factory(_default_direction, takes_self=True),
        converter=to_direction,
        validator=DIRECTION,
    )

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            msg = f"'end' must be after 'start' (got {self.end} <= {self.start})"
            raise InvalidInputError(msg)
        if self.baseline is None and self.direction is Direction.LOWER:
            msg = f"'baseline' must be given for {self.kpi!r}: lower is better, so progress is counted from where it started (got None)"
            raise InvalidInputError(msg)
        base = 0.0 if self.baseline is None else self.baseline
        if not self.direction.better(self.value, base):
            side = "above" if self.direction is Direction.HIGHER else "below"
            what = "its baseline" if self.baseline is not None else "0 (no baseline given)"
            msg = f"'value' must be {side} {what} because {self.direction.value} {self.kpi} is better (got {self.value} and {base})"
            raise InvalidInputError(msg)

    @property
    def days(self) -> int:
        """Days in the window, both ends included.

        Examples:
            >>> import datetime as dt
            >>> Target(kpi="reach", value=1, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)).days
            31
        """
        return (self.end - self.start).days + 1

    @classmethod
    def for_quarter(
        cls,
        kpi: str,
        value: float,
        *,
        start: dt.date,
        baseline: float | None = None,
        channel: str | None = None,
        direction: Direction | str | None = None,
    ) -> Target:
        """A target over the three months that begin on ``start`` (campaigns usually run a quarter).

        The window ends the day before the same day three months later (1 January → 31 March;
        15 February → 14 May); when that day does not exist, at the end of the third month (30 November
        → 28 or 29 February).

        Examples:
            >>> import datetime as dt
            >>> Target.for_quarter("reach", 500_000, start=dt.date(2026, 4, 1)).end
            datetime.date(2026, 6, 30)
            >>> Target.for_quarter("cpa", 20, start=dt.date(2025, 11, 30), baseline=25).end
            datetime.date(2026, 2, 28)
        """
        end = _add_quarter(date().check(start, "start"))
        if direction is None:
            return cls(kpi=kpi, value=value, start=start, end=end, baseline=baseline, channel=channel)
        return cls(
            kpi=kpi,
            value=value,
            start=start,
            end=end,
            baseline=baseline,
            channel=channel,
            direction=direction,
        )

    def progress(self, observed: float, as_of: dt.date) -> TargetProgress:
        """How far ``observed`` is on the way from the baseline to the target, as of the day ``as_of``.

        ``as_of`` is the last day the data covers. Pacing is linear: by the end of day *d* of an
        *n*-day window, *d / n* of the way is expected. Before the window opens nothing is expected
        (``status="not_started"``); from its last day on, the target must be met
        (``status="finished"``).

        Args:
            observed: The KPI's value as of ``as_of``.
            as_of: The last day of the data.

        Returns:
            The [`TargetProgress`][socialroi.funnel.TargetProgress].

        Raises:
            InvalidInputError: For a non-finite ``observed`` or an ``as_of`` that is not a date.

        Examples:
            >>> import datetime as dt
            >>> target = Target(kpi="cpa", value=20.0, baseline=30.0, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 10))
            >>> p = target.progress(26.0, dt.date(2026, 1, 5))
            >>> p.progress, p.expected, p.on_track, p.days_left, p.required_per_day
            (0.4, 0.5, False, 5, -1.2)
        """
        value = number().check(observed, "observed")
        date().check(as_of, "as_of")
        if as_of < self.start:
            status: Status = "not_started"
        elif as_of >= self.end:
            status = "finished"
        else:
            status = "in_progress"
        elapsed = min(max((as_of - self.start).days + 1, 0), self.days)
        days_left = self.days - elapsed
        base = 0.0 if self.baseline is None else self.baseline
        fraction = (value - base) / (self.value - base)
        if math.isinf(self.value - base):  # the way is longer than the largest float: halve both
            fraction = (value / 2 - base / 2) / (self.value / 2 - base / 2)
        expected = elapsed / self.days
        met = fraction >= 1.0
        if met:
            required: float | None = 0.0
        elif days_left:
            required = (self.value - value) / days_left
        else:
            required = None
        return TargetProgress(
            target=self,
            observed=value,
            as_of=as_of,
            status=status,
            progress=fraction,
            expected=expected,
            on_track=met if status == "finished" else fraction >= expected,
            met=met,
            days_elapsed=elapsed,
            days_left=days_left,
            required_per_day=required,
        )

    def to_dict(self) -> dict[str, object]:
        """The target as plain values (dates as ISO strings).

        Examples:
            >>> import datetime as dt
            >>> Target(kpi="reach", value=1e5, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31)).to_dict()["end"]
            '2026-03-31'
        """
        return {
            "kpi": self.kpi,
            "value": self.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "baseline": self.baseline,
            "channel": self.channel,
            "direction": self.direction.value,
        }


@attrs.frozen(kw_only=True, repr=False)
class TargetProgress:
    """Where a [`Target`][socialroi.funnel.Target] stands on a given day.

    Attributes:
        target: The target.
        observed: The KPI's observed value.
        as_of: The last day the data covers.
        status: ``"not_started"`` (before ``start``), ``"in_progress"`` or ``"finished"`` (on or after
            ``end``).
        progress: Fraction of the way from the baseline to the target (1 is met; above 1 beats it; below
            0 is worse than the baseline). Direction-aware: a CPA target progresses as CPA falls.
        expected: Fraction of the way expected by ``as_of`` under linear pacing (0 before the window,
            1 at its end).
        on_track: ``progress >= expected`` while the window runs; ``met`` once it has ended.
        met: Whether the target value is reached or beaten.
        days_elapsed: Days of the window covered by the data.
        days_left: Days of the window after ``as_of``.
        required_per_day: Change of the KPI still needed per remaining day (negative for lower-is-better
            KPIs), 0 when met, ``None`` when the window is over and the target was missed.

    Examples:
        >>> import datetime as dt
        >>> target = Target(kpi="followers", value=12_000, baseline=10_000, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31))
        >>> progress = target.progress(11_000, dt.date(2026, 1, 31))
        >>> progress.status, progress.met, progress.on_track, progress.required_per_day
        ('finished', False, False, None)
        >>> progress
        TargetProgress(followers 12,000 by 2026-01-31, total: 11,000 on 2026-01-31, 50 % of the way, 100 % expected: missed)
    """

    target: Target = attrs.field(validator=instance(Target, "a Target"))
    observed: float = attrs.field(converter=real, validator=number())
    as_of: dt.date = attrs.field(validator=date())
    status: Status = attrs.field(validator=_STATUS)
    progress: float = attrs.field(converter=real, validator=_SIGNED)
    expected: float = attrs.field(converter=real, validator=number(FRACTION))
    on_track: bool = attrs.field(converter=boolean, validator=flag())
    met: bool = attrs.field(converter=boolean, validator=flag())
    days_elapsed: int = attrs.field(converter=integer, validator=_DAYS)
    days_left: int = attrs.field(converter=integer, validator=_DAYS)
    required_per_day: float | None = attrs.field(converter=real, validator=optional(_SIGNED))

    @property
    def verdict(self) -> str:
        """The standing in a word: ``"met"``, ``"on track"``, ``"behind"``, ``"missed"`` or ``"not started"``.

        Examples:
            >>> import datetime as dt
            >>> target = Target(kpi="reach", value=100, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 4))
            >>> target.progress(50, dt.date(2026, 1, 2)).verdict, target.progress(40, dt.date(2026, 1, 2)).verdict
            ('on track', 'behind')
        """
        if self.met:
            return "met"
        if self.status == "not_started":
            return "not started"
        if self.status == "finished":
            return "missed"
        return "on track" if self.on_track else "behind"

    def _value(self, value: float) -> str:
        kpi = KPIS.get(self.target.kpi)
        return figure(value) if kpi is None else kpi.format(value)

    def _fields(self) -> list[tuple[str, str]]:
        target = self.target
        return [
            (
                "target",
                f"{target.kpi} {self._value(target.value)} by {target.end}, {target.channel or 'total'}",
            ),
            ("observed", f"{self._value(self.observed)} on {self.as_of}"),
            ("progress", f"{percent(self.progress, 0)} of the way, {percent(self.expected, 0)} expected"),
            ("verdict", self.verdict),
        ]

    def __repr__(self) -> str:
        target, observed, progress, verdict = (value for _, value in self._fields())
        return f"TargetProgress({target}: {observed}, {progress}: {verdict})"

    def _repr_html_(self) -> str:
        return html_fields(f"Target {self.target.kpi}", self._fields())

    def to_dict(self) -> dict[str, object]:
        """The progress as plain, JSON-ready values (a progress or pace beyond the floats as ``None``).

        Examples:
            >>> import datetime as dt
            >>> target = Target(kpi="reach", value=100, start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 4))
            >>> target.progress(50, dt.date(2026, 1, 2)).to_dict()["expected"]
            0.5
        """
        return {
            "target": self.target.to_dict(),
            "observed": self.observed,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "progress": plain(self.progress),
            "expected": self.expected,
            "on_track": self.on_track,
            "met": self.met,
            "days_elapsed": self.days_elapsed,
            "days_left": self.days_left,
            "required_per_day": plain(self.required_per_day),
        }
