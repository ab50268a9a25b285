"""Tables as the oversight layer hands them out: lists of plain dict rows, and rows to CSV.

Every metric returns such a table, so the same rows become a CSV download, a Vega-Lite
chart's inline data and an HTML table. (Named `tables`, not `csv`, so as not to shadow
the standard library's `csv`.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

#: One value of a table: text, a count, a figure, or nothing.
Cell = str | int | float | bool | None

#: A table: one dict per row, every row with the same keys.
Rows = list[dict[str, Cell]]


def share(part: int, whole: int) -> float | None:
    """`part / whole` to four places; None when there is no whole."""
    return round(part / whole, 4) if whole else None


def columns_of(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    """The columns of a table in first-seen order (a key missing from one row is kept)."""
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def to_csv(rows: Sequence[Mapping[str, Cell]], columns: Sequence[str] | None = None) -> str:
    """The table as CSV text (RFC 4180, CRLF line ends), a header row first.

    `columns` fixes the order (and the header of an empty table); None is an empty cell,
    booleans are `true`/`false`. Text that a spreadsheet would run as a formula (it starts
    with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`: imported public
    data may carry anything (OWASP, "CSV injection").
    """
    names = list(columns) if columns is not None else columns_of(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_text(row.get(name)) for name in names])
    return out.getvalue()


#: What a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}" if value.startswith(_FORMULA_START) else value
    return str(value)
