"""Funnel stages and the names they go by (private; see `socialroi.funnel`)."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable
from typing import cast

from socialroi._arrays import did_you_mean, names_of
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
        given = cast("object", value)
        if isinstance(given, Stage):
            return given
        if not isinstance(given, str):
            msg = f"'stage' must be a Stage or its name (got {value!r})"
            raise InvalidInputError(msg)
        normal = " ".join(re.split(r"[\s_\-]+", given.strip().lower()))
        found = _STAGE_NAMES.get(normal)
        if found is None:
            names = names_of([stage.key for stage in cls])
            msg = f"'stage' must be one of {names} or a synonym like 'engagement' (got {value!r})"
            raise InvalidInputError(msg + did_you_mean(normal, _STAGE_NAMES))
        return found


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


def to_stage(value: object) -> Stage:
    return Stage.parse(value)  # type: ignore[arg-type]


def to_stages(value: object) -> tuple[Stage, ...]:
    items: Iterable[object] = (value,) if isinstance(value, Stage | str) else iterable(value, "stages")
    return tuple(Stage.parse(item) for item in items)  # type: ignore[arg-type]


def iterable(value: object, name: str) -> Iterable[object]:
    if not isinstance(value, Iterable):
        msg = f"{name!r} must be a sequence (got {value!r})"
        raise InvalidInputError(msg)
    return cast("Iterable[object]", value)


def name_tuple(name: str, value: object) -> tuple[str, ...]:
    """One name or a sequence of names as a tuple of non-empty strings."""
    items = (value,) if isinstance(value, str) else tuple(iterable(value, name))
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item:
            msg = f"{name!r} must hold non-empty strings (got {item!r} at index {index})"
            raise InvalidInputError(msg)
    return items  # type: ignore[return-value]
