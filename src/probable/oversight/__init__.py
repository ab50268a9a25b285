"""Oversight: metrics and reports over the case store and over public detainer data; charts.

It reads and never changes cases. Nothing imports it; `probable serve` hands its
`StoreDashboard` to the web layer. Figures about the simulated truth come only through
a `HeldTruth` function the caller passes in (from `probable.evaluation`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.oversight.charts import chart
    from probable.oversight.dashboard import Panel, StoreDashboard
    from probable.oversight.ddp import DdpFormatError, DdpSummary, summarise
    from probable.oversight.held import CachedTruth, HeldTruth, held_on_truth
    from probable.oversight.metrics import (
        HoursBins,
        cases_by_action,
        cases_by_status,
        documents_by_week,
        hold_hours,
        hold_summary,
        lift_reasons,
    )
    from probable.oversight.tables import Cell, Rows, to_csv

__all__ = [
    "CachedTruth",
    "Cell",
    "DdpFormatError",
    "DdpSummary",
    "HeldTruth",
    "HoursBins",
    "Panel",
    "Rows",
    "StoreDashboard",
    "cases_by_action",
    "cases_by_status",
    "chart",
    "documents_by_week",
    "held_on_truth",
    "hold_hours",
    "hold_summary",
    "lift_reasons",
    "summarise",
    "to_csv",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
