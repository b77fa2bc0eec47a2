"""Performance.link_ctr and link_cpc: the link-click KPIs beside ctr and cpc (all clicks)."""

from __future__ import annotations

import pytest

from socialroi import Performance
from socialroi.exceptions import MissingDataError


def test_link_kpis_use_link_clicks_and_ctr_uses_all_clicks():
    week = Performance(impressions=20_000, clicks=300, link_clicks=120, spend=60.0)
    assert week.link_ctr == 0.006
    assert week.ctr == 0.015
    assert week.link_cpc == 0.5
    assert week.cpc == 0.2


def test_link_kpis_name_what_is_missing():
    with pytest.raises(MissingDataError, match=r"link_ctr needs 'link_clicks', which was not measured"):
        _ = Performance(impressions=1, clicks=1).link_ctr
    with pytest.raises(MissingDataError, match=r"link_cpc needs 'spend', which was not measured"):
        _ = Performance(link_clicks=1).link_cpc
