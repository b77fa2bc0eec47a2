"""The funnel section of `python -m socialroi`."""

from __future__ import annotations

import json

from socialroi.__main__ import Demo, _funnel, main
from socialroi.datasets import synthetic_campaign


def test_funnel_section_text():
    section = _funnel(Demo(seed=0, campaign=synthetic_campaign(seed=0)))
    assert section.title == "Funnel evaluation"
    text = "\n".join(section.lines)
    assert section.lines[0].startswith("March 2026 against February 2026, 6 channels")
    for words in ("Awareness", "Advocacy", "CPA", "vs month before", "Flow: impressions → link_clicks"):
        assert words in text
    assert "Weakest transition, total:" in text
    assert "Weakest transition, tiktok:" in text
    assert sum(line.startswith("Target ") for line in section.lines) == 3
    assert "KPIs need fields missing from the total: ad_recall_lift" in section.lines[-1]


def test_funnel_section_json(capsys):
    assert main(["--format", "json", "--seed", "1"]) == 0
    data = json.loads(capsys.readouterr().out)["Funnel evaluation"]
    assert data["funnel"] == "social"
    assert data["channels"] == ["facebook", "instagram", "linkedin", "tiktok", "email", "search"]
    assert data["compared"] is True
    assert len(data["targets"]) == 3
    assert data["total"]["values"]["cpa"] > 0
