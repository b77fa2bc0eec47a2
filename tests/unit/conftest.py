"""Fixtures of the unit tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def ax() -> Any:
    """A fresh matplotlib axes on a figure of its own (no pyplot state); skips without matplotlib."""
    figure = pytest.importorskip("matplotlib.figure")
    return figure.Figure().subplots()
