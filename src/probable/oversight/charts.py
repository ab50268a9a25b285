"""Vega-Lite v5 charts of the oversight tables: specs kept as data files, filled in with rows.

Each spec in `chart_defs/` names the columns of one table; `chart` copies it and puts
the table inline (`"data": {"values": rows}`) with a text description (Vega's ARIA
label for the drawing; the page shows the table itself beside it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from probable.oversight.tables import Cell

#: The Vega-Lite schema every spec declares.
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

#: The charts there are, by the name of the table each draws.
CHARTS = (
    "documents_by_week",
    "lift_reasons",
    "hold_hours",
    "cases_by_status",
    "cases_by_action",
    "held_on_truth",
    "ddp_by_month",
    "ddp_lift_reasons",
)


@cache
def _definition(name: str) -> str:
    if name not in CHARTS:
        raise KeyError(f"no chart for table {name!r}: one of {', '.join(CHARTS)}")
    path = resources.files("probable.oversight").joinpath("chart_defs", f"{name}.vl.json")
    return path.read_text(encoding="utf-8")


def chart(name: str, rows: Sequence[Mapping[str, Cell]], description: str) -> dict[str, Any]:
    """The Vega-Lite spec drawing table `name`, with `rows` inline and `description` set."""
    spec: dict[str, Any] = json.loads(_definition(name))
    spec["description"] = description
    spec["data"] = {"values": [dict(row) for row in rows]}
    return spec
