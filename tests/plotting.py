"""What every plot test shares: drawing a figure to PNG in memory, as a user saving it would."""

from __future__ import annotations

import io
from typing import Any


def render(axes: Any) -> bytes:
    """Draw the figure of ``axes`` to PNG in memory and return the bytes (a PNG, or the test fails)."""
    buffer = io.BytesIO()
    axes.figure.savefig(buffer, format="png")
    data = buffer.getvalue()
    assert data.startswith(b"\x89PNG")
    return data
