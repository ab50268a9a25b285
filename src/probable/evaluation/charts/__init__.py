"""Charts of evaluation results as Vega-Lite specs, kept as data files and filled in."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def wrongful_chart(figures: dict[str, Any]) -> dict[str, Any]:
    """A Vega-Lite spec of a report's wrongful detainers by cause and by true status."""
    text = resources.files("probable.evaluation.charts").joinpath("wrongful.vl.json").read_text()
    spec: dict[str, Any] = json.loads(text)
    spec["title"] = f"{spec['title']}: {figures['policy']}"
    values = [
        {"breakdown": "by cause", "label": label, "count": count}
        for label, count in figures["wrongful_by_cause"].items()
    ] + [
        {"breakdown": "by true status", "label": label, "count": count}
        for label, count in figures["wrongful_by_true_status"].items()
    ]
    spec["data"] = {"values": values}
    return spec
