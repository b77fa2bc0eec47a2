"""Test configuration: Hypothesis profiles and Sybil for the code blocks of the docs and README."""

from __future__ import annotations

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.rest import DocTestParser

settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("quick", max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_markdown = Sybil(
    parsers=[PythonCodeBlockParser(), DocTestParser(optionflags=ELLIPSIS | NORMALIZE_WHITESPACE)],
    patterns=["*.md"],
    path="docs",
)
_readme = Sybil(parsers=[PythonCodeBlockParser()], patterns=["README.md"], path=".")
pytest_collect_file = (_markdown + _readme).pytest()
