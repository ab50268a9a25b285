"""Rows become CSV text and Vega-Lite v5 specs whose every field is a column of the table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from probable.oversight.charts import CHARTS, SCHEMA, chart
from probable.oversight.dashboard import StoreDashboard
from probable.oversight.panels import PANELS
from probable.oversight.tables import columns_of, to_csv
from tests.oversight.store_rows import AS_OF, TRUTH

MARKS = {"bar", "rect", "line", "area", "point"}
TYPES = {"quantitative", "nominal", "ordinal", "temporal"}


def test_csv_has_a_header_and_one_line_per_row() -> None:
    rows = [{"a": 1, "b": "x, y"}, {"a": None, "b": 'say "no"', "c": True}]
    text = to_csv(rows)
    assert text.splitlines()[0] == "a,b,c"
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"a": "1", "b": "x, y", "c": ""},
        {"a": "", "b": 'say "no"', "c": "true"},
    ]
    assert text.endswith("\r\n")


def test_csv_of_an_empty_table_keeps_its_header() -> None:
    assert to_csv([], ["week", "documents"]) == "week,documents\r\n"
    assert columns_of([]) == []


def test_csv_defuses_spreadsheet_formulas() -> None:
    text = to_csv([{"reason": "=HYPERLINK(1)"}, {"reason": "@x"}, {"reason": -3}])
    assert text.splitlines()[1:] == ["'=HYPERLINK(1)", "'@x", "-3"]


def _views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every single view of a spec, through vconcat, hconcat, layer and facet's spec."""
    for key in ("vconcat", "hconcat", "layer"):
        for view in spec.get(key, []):
            yield from _views(view)
    if "spec" in spec:
        yield from _views(spec["spec"])
    if "mark" in spec:
        yield spec


def _derived(spec: dict[str, Any]) -> set[str]:
    """Fields a spec's transforms make (fold's and calculate's `as`)."""
    made: set[str] = set()
    for step in spec.get("transform", []):
        names = step.get("as", [])
        made.update([names] if isinstance(names, str) else names)
    return made


def check_spec(spec: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """A Vega-Lite v5 spec drawing `rows` inline, every encoded field a column or derived."""
    assert spec["$schema"] == SCHEMA
    assert spec["data"] == {"values": rows}
    assert spec["description"]
    columns = set(columns_of(rows)) | _derived(spec)
    for fold in (s["fold"] for s in spec.get("transform", []) if "fold" in s):
        assert set(fold) <= columns
    views = list(_views(spec))
    assert views
    for view in views:
        mark = view["mark"]["type"] if isinstance(view["mark"], dict) else view["mark"]
        assert mark in MARKS
        for channel, encoding in view["encoding"].items():
            assert encoding["type"] in TYPES, channel
            assert encoding["field"] in columns, (channel, encoding["field"], columns)
            sort = encoding.get("sort")
            if isinstance(sort, dict):
                assert sort["field"] in columns


def test_every_chart_has_panel_words() -> None:
    assert set(CHARTS) <= set(PANELS)


def test_an_unknown_chart_is_refused() -> None:
    with pytest.raises(KeyError, match="no chart for table 'nope'"):
        chart("nope", [], "x")


def test_specs_fit_their_tables(known: sessionmaker[Session]) -> None:
    dashboard = StoreDashboard(
        known, lambda ids: {b: TRUTH[b] for b in ids if b in TRUTH}, clock=lambda: AS_OF
    )
    panels = dashboard.panels()
    assert [p.name for p in panels] == [
        "held_on_truth",
        "documents_by_week",
        "lift_reasons",
        "hold_hours",
        "cases_by_status",
        "cases_by_action",
    ]
    for panel in panels:
        assert panel.rows, panel.name
        assert panel.spec is not None
        check_spec(panel.spec, panel.rows)
        assert panel.spec["description"] == panel.summary
        assert {c for c, _ in panel.columns} <= set(columns_of(panel.rows))


def test_the_chart_is_a_copy() -> None:
    first = chart("cases_by_status", [{"status": "received", "cases": 1}], "one")
    first["encoding"]["x"]["field"] = "changed"
    assert chart("cases_by_status", [], "none")["encoding"]["x"]["field"] == "cases"
