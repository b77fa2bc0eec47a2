"""Every field of every public attrs class meets the bad values: the areas' COVERED sets add up to all.

Each area (``tests/unit/test_bad_values_<area>.py``) declares ``COVERED: dict[type, set[str]]``, the
``__init__`` fields (by alias) it feeds the shared bad values. Their union must be every init field of every
public attrs class named in a public module's ``__all__``, without exception.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import attrs
import pytest

import socialroi
import tests.unit

AREAS: list[ModuleType] = [
    importlib.import_module(f"tests.unit.{info.name}")
    for info in pkgutil.iter_modules(tests.unit.__path__)
    if info.name.startswith("test_bad_values_")
]
COVERED: dict[type, set[str]] = {}
for area in AREAS:
    for cls, names in area.COVERED.items():
        COVERED.setdefault(cls, set()).update(names)

PUBLIC_MODULES = [
    "socialroi",
    *(
        f"socialroi.{info.name}"
        for info in pkgutil.iter_modules(socialroi.__path__)
        if not info.name.startswith("_") and info.name != "plot"
    ),
]


def _public_attrs_classes() -> dict[type, str]:
    found: dict[type, str] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if isinstance(obj, type) and attrs.has(obj):
                found.setdefault(obj, f"{name}.{attr}")
    return found


PUBLIC = _public_attrs_classes()


def _init_fields(cls: type) -> set[str]:
    return {field.alias for field in attrs.fields(cls) if field.init}


def test_there_are_areas():
    assert len(AREAS) >= 6
    assert all(isinstance(area.COVERED, dict) for area in AREAS)


@pytest.mark.parametrize("cls", sorted(PUBLIC, key=PUBLIC.__getitem__), ids=PUBLIC.__getitem__)
def test_every_init_field_of_every_public_class_is_covered(cls):
    missing = _init_fields(cls) - COVERED.get(cls, set())
    assert not missing, f"{PUBLIC[cls]}: no bad-value test for {sorted(missing)}"


def test_covered_names_are_init_fields_of_public_classes():
    for cls, names in COVERED.items():
        assert cls in PUBLIC, f"{cls.__qualname__} is not a public attrs class"
        assert names <= _init_fields(cls), (
            f"{PUBLIC[cls]}: not init fields {sorted(names - _init_fields(cls))}"
        )
