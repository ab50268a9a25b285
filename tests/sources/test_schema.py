"""The common schema, `PersonRecord`, and the package's public names."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

import probable.sources
from probable.sources import (
    NAME_COLUMNS,
    PERSON_RECORD_COLUMNS,
    PERSON_RECORD_SCHEMA,
    RAW_COLUMNS,
    REQUIRED_COLUMNS,
    PersonRecord,
    SchemaError,
    clean_records,
    records_from_table,
    records_to_table,
)


def test_schema_columns_and_types() -> None:
    assert PERSON_RECORD_COLUMNS[:2] == ("record_id", "source")
    assert PERSON_RECORD_COLUMNS[-1] == "cleaning_notes"
    assert PERSON_RECORD_SCHEMA.field("surnames").type == pa.list_(pa.string())
    assert PERSON_RECORD_SCHEMA.field("date_of_birth").type == pa.date32()
    assert set(REQUIRED_COLUMNS) <= set(PERSON_RECORD_COLUMNS)
    assert set(NAME_COLUMNS) <= set(PERSON_RECORD_COLUMNS)
    assert set(RAW_COLUMNS.values()) <= set(PERSON_RECORD_COLUMNS)


def test_a_booking_subject_round_trips_through_a_table() -> None:
    given = pa.table(
        {
            "record_id": ["BK1", "BK2"],
            "source": ["booking", "booking"],
            "given_name": ["José", "Ana"],
            "family_name": ["de la Cruz", "Lee"],
            "date_of_birth": ["1980-01-02", "bad"],
            "sex": ["m", None],
        }
    )
    table = clean_records(given)
    records = records_from_table(table)
    assert records[0] == PersonRecord(
        record_id="BK1",
        source="booking",
        given_name="jose",
        family_name="de la cruz",
        surnames=("cruz",),
        date_of_birth=date(1980, 1, 2),
        sex="M",
        raw_given_name="José",
        raw_family_name="de la Cruz",
        raw_date_of_birth="1980-01-02",
    )
    assert records[1].cleaning_notes == "date_of_birth: unparseable 'bad'"
    assert records_to_table(records).equals(table)


def test_from_row_ignores_columns_outside_the_schema() -> None:
    record = PersonRecord.from_row({"record_id": "1", "source": "s", "label": 3})
    assert record.to_row()["record_id"] == "1"
    assert list(record.to_row()) == list(PERSON_RECORD_COLUMNS)


def test_an_invalid_row_is_a_schema_error() -> None:
    with pytest.raises(SchemaError, match="sex"):
        PersonRecord.from_row({"record_id": "1", "source": "s", "sex": "X"})
    with pytest.raises(SchemaError, match="record_id"):
        PersonRecord.from_row({"source": "s"})


def test_records_from_a_table_without_the_schema_is_an_error() -> None:
    with pytest.raises(SchemaError, match="missing required columns"):
        records_from_table(pa.table({"record_id": ["1"]}))


def test_public_names_are_sorted_and_importable() -> None:
    names = probable.sources.__all__

    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert names == sorted(names, key=kind)
    for name in names:
        assert hasattr(probable.sources, name), name
