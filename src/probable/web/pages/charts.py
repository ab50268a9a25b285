"""The link waterfall: a Vega-Lite spec of what each comparison added to a link's match weight.

One bar per step (the prior, then each comparison at the level it reached), from the
running total before it to the total after, and a last bar for the link's weight; the
same rows feed the table shown beside the chart, so the figure is readable without
JavaScript and by a screen reader. The spec is data: vega-embed draws it in the page.
"""

from __future__ import annotations

from typing import Any

from probable.identity.explain import Link

#: Colours that keep AA contrast on white and differ for colour-blind readers too.
ADDS, SUBTRACTS, TOTAL = "#1d5fa8", "#b34700", "#333333"


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def waterfall_rows(link: Link) -> list[dict[str, Any]]:
    """Each step with its weight, the running total before and after, and the values compared."""
    rows: list[dict[str, Any]] = []
    total = 0.0
    for i, step in enumerate(link.contributions, start=1):
        start, total = total, total + step.match_weight
        name = step.comparison.replace("_", " ")
        rows.append(
            {
                "step": f"{i}. {name}"
                if step.comparison == "prior"
                else f"{i}. {name}: {step.level}",
                "comparison": step.comparison,
                "level": step.level,
                "weight": round(step.match_weight, 3),
                "start": round(start, 3),
                "end": round(total, 3),
                "direction": "adds" if step.match_weight >= 0 else "subtracts",
                "subject_value": _shown(step.subject_value),
                "record_value": _shown(step.record_value),
            }
        )
    rows.append(
        {
            "step": "match weight",
            "comparison": "total",
            "level": "",
            "weight": round(link.match_weight, 3),
            "start": 0.0,
            "end": round(link.match_weight, 3),
            "direction": "total",
            "subject_value": "",
            "record_value": "",
        }
    )
    return rows


def waterfall_spec(link: Link, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The Vega-Lite spec of `link`'s waterfall (rows from `waterfall_rows` if not given)."""
    values = rows if rows is not None else waterfall_rows(link)
    y = {
        "field": "step",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": 260},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": (
            f"How each comparison added to the match weight of {link.source}:{link.record_id} "
            f"({link.match_weight:+.2f} bits, probability {link.probability:.4f})"
        ),
        "width": 360,
        "height": {"step": 20},
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "height": 14},
                "encoding": {
                    "y": y,
                    "x": {"field": "start", "type": "quantitative", "title": "match weight (bits)"},
                    "x2": {"field": "end"},
                    "color": {
                        "field": "direction",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": ["adds", "subtracts", "total"],
                            "range": [ADDS, SUBTRACTS, TOTAL],
                        },
                        "legend": {"orient": "bottom"},
                    },
                    "tooltip": [
                        {"field": "step", "title": "step"},
                        {"field": "weight", "title": "weight", "format": "+.2f"},
                        {"field": "end", "title": "running total", "format": "+.2f"},
                        {"field": "subject_value", "title": "booked"},
                        {"field": "record_value", "title": "record"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#555"},
                "encoding": {"x": {"datum": 0}},
            },
        ],
        "config": {"font": "system-ui, sans-serif", "axis": {"labelFontSize": 11}},
    }
