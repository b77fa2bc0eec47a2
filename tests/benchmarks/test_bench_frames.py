"""Benchmark of socialroi.frames against its goal (run by `nox -s bench`).

Goal: 1 million daily rows x 20 columns (a date, a campaign and 18 counts) into monthly records per
campaign in under 1 s, and within 2x of the equivalent hand-written pandas groupby (which gives sums,
not validated records).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from socialroi.frames import PerformanceTable

N = 1_000_000
COUNTS = (
    "impressions", "clicks", "link_clicks", "engagements", "reactions", "comments", "shares", "saves",
    "follows", "video_views", "views_25", "views_50", "views_75", "views_100", "leads", "conversions",
    "orders", "spend",
)  # fmt: skip


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    days = pd.date_range("2023-01-01", periods=1000, freq="D")
    campaigns = np.array([f"campaign {i:02}" for i in range(50)], dtype=object)
    data: dict[str, object] = {
        "date": days[rng.integers(0, 1000, N)],
        "campaign": campaigns[rng.integers(0, 50, N)],
    }
    # Video views fall with watch time, as the records require: each quartile is a share of the one before.
    for name in COUNTS:
        data[name] = rng.integers(0, 1000, N).astype(np.float64)
    frame = pd.DataFrame(data)
    frame["views_75"] = np.floor(frame["views_100"] * 1.5)
    frame["views_50"] = frame["views_75"] * 2
    frame["views_25"] = frame["views_50"] * 2
    frame["video_views"] = frame["views_25"] * 2
    return frame


def _best(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def test_monthly_records_per_campaign_from_a_million_rows(benchmark):
    frame = _frame()
    assert frame.shape == (N, 20)

    def ours() -> PerformanceTable:
        return PerformanceTable.from_frame(frame, by="campaign", period="month")

    def pandas_groupby() -> pd.DataFrame:
        return frame.groupby(["campaign", frame["date"].dt.to_period("M")])[list(COUNTS)].sum()

    table = benchmark.pedantic(ours, rounds=3, iterations=1)
    reference = pandas_groupby()
    assert len(table) == len(reference) == 50 * 33
    first = reference.iloc[0]
    assert table[0].spend == first["spend"]
    assert table[0].views_100 == first["views_100"]
    socialroi_time, pandas_time = _best(ours), _best(pandas_groupby)
    ratio = socialroi_time / pandas_time
    print(
        f"\n1M rows x 20 columns -> {len(table)} monthly records: socialroi {socialroi_time:.3f} s, "
        f"pandas groupby {pandas_time:.3f} s: {ratio:.2f}x (goals < 1 s and <= 2x)"
    )
    assert socialroi_time < 1.0
    assert ratio <= 2.0
