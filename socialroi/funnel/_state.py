"""Read-only mappings in frozen records that still pickle and deep-copy (private).

A `types.MappingProxyType` keeps a record's mapping read-only but cannot be pickled, so neither can the
record, nor be deep-copied. Records that hold such views derive from `ReadOnlyMappings` and are declared
``@attrs.frozen(kw_only=True, getstate_setstate=False)``: their state holds plain dicts, and loading wraps
them in views again, so ``pickle.loads(pickle.dumps(x)) == x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, cast

import attrs

__all__ = ["ReadOnlyMappings", "read_only_mapping"]


def read_only_mapping(value: Any) -> Any:
    """Converter: a read-only copy of a mapping; anything else unchanged for the validator to refuse."""
    if isinstance(value, Mapping):
        return MappingProxyType(dict(cast("Mapping[object, object]", value)))
    return value


class ReadOnlyMappings:
    """Mixin: pickling and deep copies of a frozen attrs record whose fields hold mapping views."""

    __slots__ = ()

    def __getstate__(self) -> tuple[dict[str, object], tuple[str, ...]]:
        state: dict[str, object] = {}
        views: list[str] = []
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(self))):
            value = getattr(self, field.name)
            if isinstance(value, MappingProxyType):
                views.append(field.name)
                value = dict(cast("MappingProxyType[object, object]", value))
            state[field.name] = value
        return state, tuple(views)

    def __setstate__(self, state: tuple[dict[str, object], tuple[str, ...]]) -> None:
        values, views = state
        for name, value in values.items():
            restored = MappingProxyType(cast("dict[object, object]", value)) if name in views else value
            object.__setattr__(self, name, restored)
