"""Data frames and platform exports in, `Performance` records and cost ledgers out.

socialroi reads no files: the caller loads an export (``pandas.read_csv``, ``polars.read_csv``,
``pyarrow.csv.read_csv``, an API response as a dict of columns) and hands the frame over. Columns are
read through ``to_numpy()``; no data-frame library is imported by ``import socialroi``.

- [`PerformanceTable`][socialroi.frames.PerformanceTable]: an export's daily rows → records per
  campaign, channel or platform and per day, week, month or quarter.
  [`pivot`][socialroi.frames.PerformanceTable.pivot] turns one field into an array per group over
  every period ([`PeriodColumns`][socialroi.frames.PeriodColumns]), the weekly spend and impressions a
  marketing mix model takes.
- [`CostTable`][socialroi.frames.CostTable]: a ledger → `Costs`, with refunds and ad credits apart.
- [`SCHEMAS`][socialroi.frames.SCHEMAS]: what each platform's headers mean.

Examples:
    >>> from socialroi.frames import PerformanceTable
    >>> export = {"Day": ["2026-01-05", "2026-01-06"], "Campaign name": ["Launch", "Launch"],
    ...           "Amount spent (USD)": [50.0, 70.0], "Impressions": [10_000, 14_000],
    ...           "Clicks (all)": [120, 150], "Link clicks": [40, 56]}
    >>> month = PerformanceTable.from_frame(export, platform="meta", by="campaign", period="month")[0]
    >>> month.link_ctr, month.ctr
    (0.004, 0.01125)
"""

from __future__ import annotations

from socialroi.frames import _schemas, _tables
from socialroi.frames._schemas import Alias, Schema
from socialroi.frames._tables import CostTable, Dropped, PerformanceTable, PeriodColumns, Skipped

__all__ = [
    "ATTRIBUTED",
    "Alias",
    "CostTable",
    "Dropped",
    "PerformanceTable",
    "PeriodColumns",
    "SCHEMAS",
    "Schema",
    "Skipped",
]

SCHEMAS = _schemas.SCHEMAS
"""The built-in platform schemas by name: ``"meta"``, ``"linkedin"``, ``"tiktok"``, ``"google_ads"``,
``"pinterest"``, ``"snapchat"``, ``"x"`` and ``"ga4"``."""

ATTRIBUTED = _tables.ATTRIBUTED
"""The fields that ad platforms attribute themselves (``conversions``, ``revenue``, ``orders``,
``leads``), each within its own attribution window: never summed across platforms without a choice."""
