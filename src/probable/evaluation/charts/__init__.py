"""Charts of evaluation results as Vega-Lite specs, kept as data files and filled in."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _spec(name: str) -> dict[str, Any]:
    text = resources.files("probable.evaluation.charts").joinpath(name).read_text()
    spec: dict[str, Any] = json.loads(text)
    return spec


def profiles_chart(figures: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec comparing profiles: citizens held, not removable held, reach."""
    spec = _spec("profiles.vl.json")
    measures = (
        ("U.S. citizens held", "us_citizens_held"),
        ("not removable held", "not_removable_held"),
        ("removable reached (share)", "removable_reach"),
    )
    spec["data"] = {
        "values": [
            {"profile": p["profile"], "measure": title, "value": p[key]}
            for title, key in measures
            for p in figures["profiles"]
        ]
    }
    return spec
