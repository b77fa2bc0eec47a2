"""The attribution section of the demo: every rule-based model, ROAS and intervals, JSON-ready."""

from __future__ import annotations

import json

from socialroi.__main__ import Demo, _attribution
from socialroi.datasets import synthetic_campaign


def test_attribution_section():
    section = _attribution(Demo(seed=1, campaign=synthetic_campaign(seed=1)))
    text = "\n".join(section.lines)
    for word in (
        "first",
        "last non-direct",
        "time decay",
        "markov",
        "shapley",
        "true incremental",
        "ROAS",
        "bootstrap",
    ):
        assert word in text
    data = json.loads(json.dumps(section.data))
    assert data["comparison"]["models"][0] == "first touch"
    assert {"markov (order 1, null)", "shapley (conversion rate)"} <= set(data["comparison"]["models"])
    assert set(data["roas"]["channels"]) >= {"facebook", "direct"}
    assert data == json.loads(
        json.dumps(_attribution(Demo(seed=1, campaign=synthetic_campaign(seed=1))).data)
    )
