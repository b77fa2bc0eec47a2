"""Funnel stages and the names they go by (private; see `socialroi.funnel`)."""

from __future__ import annotations

import enum
import functools
import re
from typing import Any, cast

import attrs

from socialroi._arrays import did_you_mean, names_of
from socialroi._check import Check, describe, each, fail, to_tuple
from socialroi.exceptions import InvalidInputError

# --- stages -------------------------------------------------------------------------------------------


@functools.total_ordering
class Stage(enum.Enum):
    """A stage of the marketing funnel, ordered from first contact to advocacy.

    ``AWARENESS < CONSIDERATION < CONVERSION < LOYALTY < ADVOCACY``. [`parse`][socialroi.funnel.Stage.parse]
    also understands the usual synonyms ("engagement", "lead generation", "retention", ...).

    Examples:
        >>> Stage.AWARENESS < Stage.CONVERSION
        True
        >>> sorted([Stage.ADVOCACY, Stage.LOYALTY])
        [<Stage.LOYALTY: 4>, <Stage.ADVOCACY: 5>]
        >>> Stage.CONSIDERATION.key, Stage.CONSIDERATION.label
        ('consideration', 'Consideration')
    """

    AWARENESS = 1
    """People learn that the brand exists: reach, impressions, video views, followers."""
    CONSIDERATION = 2
    """People engage and look closer: engagement, clicks, website visits."""
    CONVERSION = 3
    """People act: leads, inquiries, purchases."""
    LOYALTY = 4
    """Customers come back: repeat purchases, reviews, lifetime value."""
    ADVOCACY = 5
    """Customers recommend: mentions, shares, affiliates."""

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return self.value < other.value

    @property
    def key(self) -> str:
        """The stage's name in lower case, as used in dicts and messages.

        Examples:
            >>> Stage.LOYALTY.key
            'loyalty'
        """
        return self.name.lower()

    @property
    def label(self) -> str:
        """The stage's name for display.

        Examples:
            >>> Stage.LOYALTY.label
            'Loyalty'
        """
        return self.name.capitalize()

    @classmethod
    def parse(cls, value: Stage | str) -> Stage:
        """The stage named ``value``: a `Stage`, its name, or a common synonym (case-insensitive).

        Synonyms: awareness: reach, prospecting, discovery, top of funnel (tofu); consideration:
        engagement, interest, traffic, evaluation, middle of funnel (mofu); conversion: lead
        generation, leads, acquisition, sales, purchase, action, decision, bottom of funnel (bofu);
        loyalty: retention, repeat purchase, upsell, cross-sell, satisfaction; advocacy: referral,
        word of mouth, ambassadors, social proof.

        Args:
            value: The stage or its name.

        Returns:
            The stage.

        Raises:
            InvalidInputError: For an unknown name, with the closest valid names.

        Examples:
            >>> Stage.parse("Engagement"), Stage.parse("retention"), Stage.parse("prospecting")
            (<Stage.CONSIDERATION: 2>, <Stage.LOYALTY: 4>, <Stage.AWARENESS: 1>)
            >>> Stage.parse("awarenes")
            Traceback (most recent call last):
            ...
            socialroi.exceptions.InvalidInputError: 'stage' must be one of 'awareness', 'consideration', 'conversion', 'loyalty' or 'advocacy' or a synonym like 'engagement' (got 'awarenes'); did you mean 'awareness' or 'brand awareness'?
        """
        return STAGE.check(value, "stage")


_STAGE_NAMES: dict[str, Stage] = {
    **{stage.key: stage for stage in Stage},
    **dict.fromkeys(
        ("reach", "prospecting", "discovery", "brand awareness", "top of funnel", "tofu"), Stage.AWARENESS
    ),
    **dict.fromkeys(
        ("engagement", "interest", "traffic", "evaluation", "middle of funnel", "mofu"), Stage.CONSIDERATION
    ),
    **dict.fromkeys(
        (
            "lead generation",
            "lead gen",
            "leads",
            "acquisition",
            "sales",
            "purchase",
            "action",
            "decision",
            "bottom of funnel",
            "bofu",
            "retargeting",
            "remarketing",
        ),
        Stage.CONVERSION,
    ),
    **dict.fromkeys(("retention", "repeat purchase", "upsell", "cross sell", "satisfaction"), Stage.LOYALTY),
    **dict.fromkeys(
        ("referral", "referrals", "word of mouth", "ambassadors", "social proof"), Stage.ADVOCACY
    ),
}


def _named(value: object) -> Stage | None:
    """The stage that ``value`` is or names, ``None`` when it names none."""
    if isinstance(value, Stage):
        return value
    if not isinstance(value, str):
        return None
    return _STAGE_NAMES.get(" ".join(re.split(r"[\s_\-]+", value.strip().lower())))


@attrs.frozen
class _Stage(Check[Stage]):
    """A funnel stage: a `Stage`, its name or a synonym, any case (see `Stage.parse`)."""

    def check(self, value: Any, name: str) -> Stage:
        """See `Check.check`."""
        found = _named(value)
        if found is not None:
            return found
        if not isinstance(value, str):
            raise fail(name, "a Stage or its name", value)
        names = names_of([stage.key for stage in Stage])
        normal = " ".join(re.split(r"[\s_\-]+", value.strip().lower()))
        msg = f"{name!r} must be one of {names} or a synonym like 'engagement' (got {describe(value)})"
        raise InvalidInputError(msg + did_you_mean(normal, _STAGE_NAMES))


@attrs.frozen
class _Stages(Check[tuple[Stage, ...]]):
    """One funnel stage or a sequence of them (see `STAGE`); an element's message names ``name[i]``."""

    def check(self, value: Any, name: str) -> tuple[Stage, ...]:
        """See `Check.check`."""
        if isinstance(value, Stage | str):
            return (STAGE.check(value, name),)
        if not isinstance(value, tuple):
            raise fail(name, "a Stage, its name, or a sequence of them", value)
        stages: tuple[Stage, ...] = each(STAGE).check(value, name)
        return stages


STAGE = _Stage()
"""The rule of a stage field or argument."""
STAGES = _Stages()
"""The rule of a field of one stage or several."""


def to_stage(value: object) -> Any:
    """Converter: the stage that ``value`` names; anything else unchanged for `STAGE` to refuse."""
    return _named(value) or value


def to_stages(value: object) -> Any:
    """Converter: one stage or a sequence of them as a tuple of stages; what names none stays unchanged."""
    if isinstance(value, Stage | str):
        found = _named(value)
        return value if found is None else (found,)
    items = to_tuple(value)
    if not isinstance(items, tuple):
        return items
    elements = cast("tuple[object, ...]", items)
    return tuple(_named(item) or item for item in elements)
