"""Linkage columns derived from clean person records, computed once per record.

The model's comparisons and blocking rules read only plain columns, so the batch
build (Splink), the Spark backend and the fast lookup all see the same values:
aliases and phonetic codes are worked out here in Python on the distinct names only,
everything else in one DuckDB query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import duckdb
import jellyfish
import pyarrow as pa
import pyarrow.compute as pc

from probable.identity.aliases import given_name_aliases
from probable.sources import surname_tokens

#: The unique id of a record across sources: "source:record_id".
UID = "uid"

#: Every column of a prepared record, in order.
PREPARED_COLUMNS = (
    UID,
    "source",
    "record_id",
    "given_name",
    "middle_name",
    "family_name",
    "second_family_name",
    "surnames",
    "surname_first",
    "surnames_key",
    "given_aliases",
    "given_phonetic",
    "family_phonetic",
    "initials_key",
    "given_initial",
    "given_initial_only",
    "middle_initial",
    "date_of_birth",
    "dob_text",
    "dob_swapped",
    "birth_year",
    "birth_month_day",
    "sex",
    "birth_country",
    "birth_region",
    "a_number",
    "fin",
    "ssn",
    "street",
    "city",
    "state",
    "postcode",
)

_SQL = f"""
SELECT
    source || ':' || record_id AS {UID},
    source, record_id, given_name, middle_name, family_name, second_family_name,
    surnames,
    surnames[1] AS surname_first,
    CASE WHEN len(surnames) > 0 THEN array_to_string(list_sort(surnames), ' ') END
        AS surnames_key,
    CASE WHEN given_name IS NOT NULL AND surnames[1] IS NOT NULL THEN
        least(given_name[1], surnames[1][1]) || greatest(given_name[1], surnames[1][1])
    END AS initials_key,
    given_name[1] AS given_initial,
    CASE WHEN length(given_name) = 1 THEN given_name END AS given_initial_only,
    middle_name[1] AS middle_initial,
    date_of_birth,
    strftime(date_of_birth, '%Y-%m-%d') AS dob_text,
    CASE WHEN day(date_of_birth) <= 12 AND day(date_of_birth) <> month(date_of_birth)
        THEN strftime(date_of_birth, '%Y-%d-%m') END AS dob_swapped,
    year(date_of_birth)::INTEGER AS birth_year,
    strftime(date_of_birth, '%m-%d') AS birth_month_day,
    sex, birth_country, birth_region, a_number, fin, ssn, street, city, state, postcode
FROM records
"""


def _map_distinct(
    column: pa.ChunkedArray, fn: Callable[[str], object], out_type: pa.DataType
) -> pa.Array:
    """Apply `fn` to each distinct non-null value of a string column and spread it back."""
    values = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    distinct = pc.unique(values).drop_null()
    mapped = pa.array([fn(v) for v in distinct.to_pylist()], type=out_type)
    index = pc.index_in(values, value_set=distinct)
    return pc.take(mapped, index)


def _phonetic(name: str) -> str | None:
    return jellyfish.metaphone(name.replace(" ", "")) or None


def prepare_records(records: pa.Table, con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Add the linkage columns to clean records (the common person-record schema).

    `con` lends a connection (a lookup prepares one subject at a time); by default a
    private in-memory one is used.
    """
    cur = duckdb.connect() if con is None else con.cursor()
    try:
        cur.register("records", records)
        table = cur.sql(_SQL).to_arrow_table()
        cur.unregister("records")
    finally:
        cur.close()
    aliases = _map_distinct(table["given_name"], given_name_aliases, pa.list_(pa.string()))
    given_ph = _map_distinct(table["given_name"], _phonetic, pa.string())
    family_ph = _map_distinct(table["surname_first"], _phonetic, pa.string())
    table = table.append_column("given_aliases", aliases)
    table = table.append_column("given_phonetic", given_ph)
    table = table.append_column("family_phonetic", family_ph)
    return table.select(list(PREPARED_COLUMNS))


def prepare_one(record: Mapping[str, Any]) -> dict[str, Any]:
    """`prepare_records` for one clean record, in plain Python (a lookup's hot path).

    It must give exactly what the SQL gives; a property test holds the two together.
    """
    source, record_id = record["source"], record["record_id"]
    given, middle = record.get("given_name"), record.get("middle_name")
    surnames = record.get("surnames")
    if surnames is None and "surnames" not in record:
        # A hand-built subject may give the family names only.
        tokens = surname_tokens(record.get("family_name"), record.get("second_family_name"))
        surnames = list(tokens) if tokens else None
    first = surnames[0] if surnames else None
    dob: date | None = record.get("date_of_birth")
    out: dict[str, Any] = {c: record.get(c) for c in PREPARED_COLUMNS}
    out[UID] = f"{source}:{record_id}"
    out["surnames"] = surnames
    out["surname_first"] = first
    out["surnames_key"] = " ".join(sorted(surnames)) if surnames else None
    out["initials_key"] = (
        min(given[0], first[0]) + max(given[0], first[0]) if given and first else None
    )
    out["given_initial"] = given[0] if given else None
    out["given_initial_only"] = given if given and len(given) == 1 else None
    out["middle_initial"] = middle[0] if middle else None
    out["dob_text"] = dob.isoformat() if dob else None
    out["dob_swapped"] = (
        f"{dob.year:04d}-{dob.day:02d}-{dob.month:02d}"
        if dob and dob.day <= 12 and dob.day != dob.month
        else None
    )
    out["birth_year"] = dob.year if dob else None
    out["birth_month_day"] = f"{dob.month:02d}-{dob.day:02d}" if dob else None
    out["given_aliases"] = given_name_aliases(given) if given else None
    out["given_phonetic"] = _phonetic(given) if given else None
    out["family_phonetic"] = _phonetic(first) if first else None
    return out
