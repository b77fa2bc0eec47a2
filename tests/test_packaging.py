"""The public face: __all__, re-exports, version, py.typed, and the no-I/O rule."""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
from importlib.metadata import version

import pytest

import socialroi

PACKAGE = pathlib.Path(socialroi.__file__).parent


def test_all_is_sorted_and_resolves():
    assert socialroi.__all__ == sorted(socialroi.__all__)
    for name in socialroi.__all__:
        assert getattr(socialroi, name) is not None


@pytest.mark.parametrize(
    "module",
    [
        "metrics",
        "records",
        "exceptions",
        "datasets",
        "funnel",
        "valuation",
        "budget",
        "attribution",
        "report",
        "plot",
        "mmm",
    ],
)
def test_module_all_is_sorted_and_documented(module):
    mod = importlib.import_module(f"socialroi.{module}")
    assert mod.__all__ == sorted(mod.__all__)
    for name in mod.__all__:
        public = getattr(mod, name)
        # Constants and type aliases carry attribute docstrings, which only the docs build reads.
        if inspect.isclass(public) or inspect.isfunction(public):
            assert public.__doc__, name


def test_metrics_are_reexported():
    from socialroi import metrics

    for name in metrics.__all__:
        assert getattr(socialroi, name) is getattr(metrics, name)


def test_version_comes_from_the_metadata():
    assert socialroi.__version__ == version("socialroi")
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _ = socialroi.nope  # type: ignore[attr-defined]


def test_py_typed_marker():
    assert (PACKAGE / "py.typed").exists()


FORBIDDEN_CALLS = {"print", "open", "input"}
FORBIDDEN_MODULES = {
    "os",
    "io",
    "socket",
    "urllib",
    "requests",
    "time",
    "pathlib",
    "subprocess",
    "random",
    "logging",
}


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py"), ids=str)
def test_core_does_no_io(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} calls {node.func.id}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {alias.name}"
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {node.module}"
        if isinstance(node, ast.Attribute) and node.attr in {"now", "today", "utcnow"}:
            pytest.fail(f"{path.name}:{node.lineno} reads the clock")
