"""The common person-record schema every reader produces, and `PersonRecord`, one row of it.

Every record system names its columns its own way; linkage and evidence need one shape.
The schema keeps the value before cleaning beside each cleaned name and the date of birth
(`raw_*`) and says what cleaning changed or dropped (`cleaning_notes`), so nothing read is
lost. docs/sources.md describes each column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, ValidationError

from probable.sources.errors import SchemaError

#: The common schema, column by column, in this order.
PERSON_RECORD_SCHEMA = pa.schema(
    [
        pa.field("record_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("given_name", pa.string()),
        pa.field("middle_name", pa.string()),
        pa.field("family_name", pa.string()),
        pa.field("second_family_name", pa.string()),
        pa.field("surnames", pa.list_(pa.string())),
        pa.field("date_of_birth", pa.date32()),
        pa.field("sex", pa.string()),
        pa.field("birth_country", pa.string()),
        pa.field("birth_region", pa.string()),
        pa.field("a_number", pa.string()),
        pa.field("fin", pa.string()),
        pa.field("ssn", pa.string()),
        pa.field("street", pa.string()),
        pa.field("city", pa.string()),
        pa.field("state", pa.string()),
        pa.field("postcode", pa.string()),
        pa.field("raw_given_name", pa.string()),
        pa.field("raw_middle_name", pa.string()),
        pa.field("raw_family_name", pa.string()),
        pa.field("raw_second_family_name", pa.string()),
        pa.field("raw_date_of_birth", pa.string()),
        pa.field("cleaning_notes", pa.string()),
    ]
)

#: The schema's column names, in order.
PERSON_RECORD_COLUMNS: tuple[str, ...] = tuple(PERSON_RECORD_SCHEMA.names)

#: Columns any input must have before cleaning (`source` unless the reader is told it).
REQUIRED_COLUMNS = ("record_id", "source", "given_name", "family_name", "date_of_birth")

#: The name fields, each cleaned by `probable.sources.clean.clean_name`.
NAME_COLUMNS = ("given_name", "middle_name", "family_name", "second_family_name")

#: The optional address fields, cleaned like names (digits kept).
ADDRESS_COLUMNS = ("street", "city", "state", "postcode")

#: Each field kept before cleaning, and the column that keeps it.
RAW_COLUMNS: Mapping[str, str] = {name: f"raw_{name}" for name in (*NAME_COLUMNS, "date_of_birth")}


def require_columns(
    columns: Iterable[str],
    *,
    what: str,
    required: Sequence[str] = REQUIRED_COLUMNS,
    kind: str = "required columns",
) -> None:
    """Raise `SchemaError` naming `what` and every required column absent from `columns`."""
    missing = sorted(set(required) - set(columns))
    if missing:
        raise SchemaError(f"{what} is missing {kind}: {', '.join(missing)}")


class PersonRecord(BaseModel):
    """One row of one source in the common schema, for single lookups such as a booking subject."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    source: str
    given_name: str | None = None
    middle_name: str | None = None
    family_name: str | None = None
    second_family_name: str | None = None
    surnames: tuple[str, ...] | None = None
    date_of_birth: date | None = None
    sex: Literal["M", "F"] | None = None
    birth_country: str | None = None
    birth_region: str | None = None
    a_number: str | None = None
    fin: str | None = None
    ssn: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postcode: str | None = None
    raw_given_name: str | None = None
    raw_middle_name: str | None = None
    raw_family_name: str | None = None
    raw_second_family_name: str | None = None
    raw_date_of_birth: str | None = None
    cleaning_notes: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PersonRecord:
        """The record in a row of a common-schema table; columns outside the schema are ignored."""
        values = {name: row[name] for name in PERSON_RECORD_COLUMNS if name in row}
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            raise SchemaError(f"not a person record: {error}") from error

    def to_row(self) -> dict[str, Any]:
        """The record as a row in schema order, ready for `pa.Table.from_pylist`."""
        row = self.model_dump()
        row["surnames"] = list(self.surnames) if self.surnames is not None else None
        return {name: row[name] for name in PERSON_RECORD_COLUMNS}


def records_to_table(records: Iterable[PersonRecord]) -> pa.Table:
    """A common-schema table of the given records, in order."""
    return pa.Table.from_pylist([r.to_row() for r in records], schema=PERSON_RECORD_SCHEMA)


def records_from_table(table: pa.Table) -> list[PersonRecord]:
    """Every row of a common-schema table as a `PersonRecord` (extra columns ignored)."""
    require_columns(table.column_names, what="table", required=PERSON_RECORD_COLUMNS)
    return [PersonRecord.from_row(row) for row in table.select(PERSON_RECORD_COLUMNS).to_pylist()]


def append_columns(
    cleaned: pa.Table, given: pa.Table, keep_columns: Sequence[str], *, what: str
) -> pa.Table:
    """`cleaned` with `keep_columns` of `given` (same rows, same order) appended after the schema.

    Lets a caller carry columns the schema has no place for, such as a truth label in a
    labelled file, beside the cleaned records; the values are kept exactly as read.
    """
    check_keep_columns(keep_columns, what=what, available=given.column_names)
    for name in keep_columns:
        cleaned = cleaned.append_column(given.schema.field(name), given.column(name))
    return cleaned


def check_keep_columns(
    keep_columns: Sequence[str], *, what: str, available: Iterable[str] | None = None
) -> None:
    """Raise `SchemaError` if a column to keep is in the schema, repeated, or not `available`."""
    clashing = sorted(set(keep_columns) & set(PERSON_RECORD_COLUMNS))
    if clashing:
        raise SchemaError(
            f"{what}: columns to keep are already in the common schema: {', '.join(clashing)}"
        )
    if len(set(keep_columns)) != len(keep_columns):
        raise SchemaError(f"{what}: columns to keep are repeated: {', '.join(keep_columns)}")
    if available is not None:
        require_columns(available, what=what, required=keep_columns, kind="columns to keep")
