"""Turning any table with the required columns into exactly `PERSON_RECORD_SCHEMA`.

Lenient and recorded: a value that cannot be used becomes null with a note in
`cleaning_notes`, and the names and date of birth are kept as given in the `raw_*`
columns. Only a missing column, a type that cannot be read as text, or a missing or
repeated record id is an error, because without them a record has no provenance.

The work is column-wise: names, dates and sex are dictionary-encoded so Python sees only
their distinct values, and identifiers (unique per row) are cleaned with Arrow compute;
`benchmarks/sources_clean.py` times a million rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from probable.sources.errors import SchemaError
from probable.sources.identifiers import a_numbers, fins, quoted, ssns
from probable.sources.schema import (
    ADDRESS_COLUMNS,
    NAME_COLUMNS,
    PERSON_RECORD_SCHEMA,
    RAW_COLUMNS,
    require_columns,
)
from probable.sources.values import (
    EARLIEST_BIRTH_YEAR,
    clean_name,
    normalise_name,
    normalise_sex,
    parse_date_of_birth,
    surname_tokens,
)

__all__ = ["clean_name", "clean_records"]

_CODES = ("birth_country", "birth_region")
_IDENTIFIERS: dict[str, Callable[[pa.Array], tuple[pa.Array, pa.Array]]] = {
    "a_number": a_numbers,
    "fin": fins,
    "ssn": ssns,
}


def clean_records(
    table: pa.Table, *, what: str = "records table", today: date | None = None
) -> pa.Table:
    """`table` in the common schema: every field cleaned, raw values and notes kept.

    `table` needs `REQUIRED_COLUMNS`; every other column of the schema is optional (null
    when absent) and any other column is dropped. Values may be of any type that casts to
    text; the date of birth may also be a date or timestamp. Columns `raw_*` and
    `cleaning_notes` already present are kept, so cleaning a clean table changes nothing.
    `what` names the input in errors; `today` bounds dates of birth (default: today).
    """
    require_columns(table.column_names, what=what)
    today = today or date.today()
    rows = table.num_rows
    columns: dict[str, pa.Array] = {}
    notes: dict[str, pa.Array] = {}  # per column; joined in schema order
    if "cleaning_notes" in table.column_names:
        notes["cleaning_notes"] = _text(table, "cleaning_notes", what)

    for name in ("record_id", "source"):
        columns[name] = _text(table, name, what)
        if nulls := columns[name].null_count:
            raise SchemaError(f"{what}: {name} is empty in {nulls} of {rows} rows")
    _check_unique(columns["record_id"], columns["source"], what)

    for name in (*NAME_COLUMNS, *ADDRESS_COLUMNS):
        given = _text(table, name, what)
        columns[name], notes[name] = _map_distinct(given, name, normalise_name, pa.string())
        if name in RAW_COLUMNS:
            columns[RAW_COLUMNS[name]] = _raw(table, name, given, what)
    columns["surnames"] = _surnames(columns["family_name"], columns["second_family_name"])

    dates, raw_dates, notes["date_of_birth"] = _dates(table.column("date_of_birth"), today, what)
    columns["date_of_birth"] = dates
    columns["raw_date_of_birth"] = _raw(table, "date_of_birth", raw_dates, what)

    for name in _CODES:
        code = pc.utf8_upper(pc.utf8_trim_whitespace(_text(table, name, what)))
        columns[name] = pc.if_else(pc.equal(code, ""), pa.scalar(None, pa.string()), code)
    sexes = _text(table, "sex", what)
    columns["sex"], notes["sex"] = _map_distinct(sexes, "sex", normalise_sex, pa.string())
    for name, normalise in _IDENTIFIERS.items():
        columns[name], notes[name] = normalise(_text(table, name, what))

    in_order = dict.fromkeys(["cleaning_notes", *PERSON_RECORD_SCHEMA.names])  # earlier notes first
    columns["cleaning_notes"] = _join_notes([notes[n] for n in in_order if n in notes], rows)
    return pa.Table.from_arrays(
        [columns[name] for name in PERSON_RECORD_SCHEMA.names], schema=PERSON_RECORD_SCHEMA
    )


def _text(table: pa.Table, name: str, what: str) -> pa.Array:
    """Column `name` as one string array (all null when absent)."""
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    return _as_text(table.column(name), name, what)


def _as_text(column: pa.ChunkedArray, name: str, what: str) -> pa.Array:
    """A column of any type that casts to text, as one string array."""
    try:
        return pc.cast(column, pa.string()).combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise SchemaError(
            f"{what}: column {name!r} of type {column.type} cannot be read as text: {error}"
        ) from error


def _raw(table: pa.Table, name: str, given: pa.Array, what: str) -> pa.Array:
    """The value before cleaning: an existing `raw_*` column first, else the given value."""
    raw = RAW_COLUMNS[name]
    if raw not in table.column_names:
        return given
    return pc.coalesce(_text(table, raw, what), given)


def _map_distinct(
    values: pa.Array,
    name: str,
    normalise: Callable[[str | None], tuple[object, str | None]],
    value_type: pa.DataType,
) -> tuple[pa.Array, pa.Array]:
    """`normalise` applied to each distinct value once; the results and notes per row."""
    encoded = values.dictionary_encode()
    results: list[object] = []
    notes: list[str | None] = []
    for value in encoded.dictionary.to_pylist():
        result, note = normalise(value)
        results.append(result)
        notes.append(f"{name}: {note}" if note else None)
    return (
        pa.array(results, type=value_type).take(encoded.indices),
        pa.array(notes, type=pa.string()).take(encoded.indices),
    )


def _surnames(family: pa.Array, second: pa.Array) -> pa.Array:
    """The surname tokens of each row: each distinct name tokenised once, then joined per row."""

    def tokens(name: str | None) -> tuple[str | None, None]:
        found = surname_tokens(name, None)
        return (" ".join(found) if found else None), None

    both = pc.binary_join_element_wise(
        pc.fill_null(_map_distinct(family, "surnames", tokens, pa.string())[0], ""),
        pc.fill_null(_map_distinct(second, "surnames", tokens, pa.string())[0], ""),
        " ",
    )
    both = pc.utf8_trim(both, characters=" ")
    none = pa.scalar(None, pa.list_(pa.string()))
    return pc.if_else(pc.equal(both, ""), none, pc.split_pattern(both, pattern=" "))


def _dates(column: pa.ChunkedArray, today: date, what: str) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Dates of birth, their text before parsing, and notes; from dates, timestamps or text."""
    kind = column.type
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        dates = pc.cast(column, pa.date32()).combine_chunks()
        raw = pc.cast(column, pa.string()).combine_chunks()
        earliest = pa.scalar(date(EARLIEST_BIRTH_YEAR, 1, 1), pa.date32())
        wrong = pc.or_(pc.less(dates, earliest), pc.greater(dates, pa.scalar(today, pa.date32())))
        note = pc.binary_join_element_wise("date_of_birth: out of range ", quoted(raw), "")
        none_date = pa.scalar(None, pa.date32())
        return (
            pc.if_else(wrong, none_date, dates),
            raw,
            pc.if_else(wrong, note, pa.scalar(None, pa.string())),
        )
    raw = _as_text(column, "date_of_birth", what)

    def parse(value: str | None) -> tuple[date | None, str | None]:
        return parse_date_of_birth(value, today=today)

    dates, note = _map_distinct(raw, "date_of_birth", parse, pa.date32())
    return dates, raw, note


def _check_unique(record_ids: pa.Array, sources: pa.Array, what: str) -> None:
    """Raise `SchemaError` naming a few record ids that repeat within their source."""
    keys = pa.table({"source": sources, "record_id": record_ids})
    counts = keys.group_by(["source", "record_id"]).aggregate([([], "count_all")])
    if counts.num_rows == keys.num_rows:
        return
    repeated = counts.filter(pc.greater(counts.column("count_all"), 1))
    examples = ", ".join(
        f"{row['record_id']!r} in {row['source']!r} ({row['count_all']} rows)"
        for row in repeated.slice(0, 3).to_pylist()
    )
    raise SchemaError(
        f"{what}: record_id is not unique within its source for {repeated.num_rows} ids,"
        f" e.g. {examples}"
    )


def _join_notes(notes: list[pa.Array], rows: int) -> pa.Array:
    """Each row's notes joined with "; ", null where there are none."""
    joined: pa.Array = pa.nulls(rows, pa.string())
    for note in notes:
        if note.null_count == len(note):
            continue
        # binary_join_element_wise's "skip" mode drops rows in pyarrow 26: coalesce instead.
        joined = pc.coalesce(pc.binary_join_element_wise(joined, note, "; "), joined, note)
    return joined
