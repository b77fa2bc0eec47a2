"""Test configuration: Hypothesis profiles and Sybil for the code blocks of the docs and README."""

from __future__ import annotations

import os
from collections.abc import Callable
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import pytest
from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser
from sybil.sybil import SybilCollection

settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("quick", max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_PARSERS = [PythonCodeBlockParser(), DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)]
# Pages whose examples need a package beyond the core test tools (the `tests` group or the `plot` extra).
_NEEDS = {
    "how-to/attribution-with-dask.md": "dask",
    "how-to/plots.md": "matplotlib",
    "how-to/monthly-series.md": "matplotlib",
}


def _needs(module: str) -> Callable[[dict[str, object]], None]:
    def setup(_namespace: dict[str, object]) -> None:
        pytest.importorskip(module, reason=f"the page needs {module}")

    return setup


_markdown = Sybil(parsers=_PARSERS, patterns=["*.md"], excludes=list(_NEEDS), path="docs")
_extras = [
    Sybil(parsers=_PARSERS, patterns=[page], path="docs", setup=_needs(module), name=page)
    for page, module in _NEEDS.items()
]
_readme = Sybil(parsers=[PythonCodeBlockParser()], patterns=["README.md"], path=".")
pytest_collect_file = SybilCollection([_markdown, _readme, *_extras]).pytest()
