"""`clean_row` gives what `clean_records` gives for a one-row table, for any text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from probable.sources import clean_records
from probable.sources.clean_row import clean_row
from probable.sources.errors import SchemaError

TODAY = date(2026, 12, 2)

#: Text of every kind, and text shaped like each field, so both paths are exercised.
_ANY = st.one_of(st.none(), st.text(max_size=12))
_DIGITS = st.one_of(
    st.from_regex(r"\A[ Aa]?[0-9 .\-]{0,12}\Z"), st.from_regex(r"\A[Aa]?[01 ]{5,11}\Z")
)
_DATES = st.one_of(
    st.dates(date(1860, 1, 1), date(2030, 1, 1)).map(str),
    st.from_regex(r"\A[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}\Z"),
    st.from_regex(r"\A[0-9]{8}\Z"),
)
_NAMES = st.sampled_from(["José", "de la Cruz", "O'Brien", "  ", "Мария", "van der Berg", "x"])


def _field(*shapes: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(_ANY, *shapes)


ROWS = st.fixed_dictionaries(
    {
        "record_id": st.text(min_size=1, max_size=6),
        "source": st.sampled_from(["booking", "ident"]),
        "given_name": _field(_NAMES),
        "family_name": _field(_NAMES),
        "date_of_birth": _field(_DATES),
    },
    optional={
        "middle_name": _field(_NAMES),
        "second_family_name": _field(_NAMES),
        "sex": _field(st.sampled_from(["M", "f", " male ", "X"])),
        "birth_country": _field(st.sampled_from(["mx", " GT ", ""])),
        "birth_region": _ANY,
        "a_number": _field(_DIGITS),
        "fin": _field(_DIGITS),
        "ssn": _field(_DIGITS),
        "street": _ANY,
        "city": _ANY,
        "state": _ANY,
        "postcode": _field(_DIGITS),
        "raw_given_name": _ANY,
        "raw_date_of_birth": _ANY,
        "cleaning_notes": _ANY,
        "extra": _ANY,
    },
)


def _columnar(row: dict[str, Any]) -> dict[str, Any]:
    table = pa.table({k: pa.array([v], pa.string()) for k, v in row.items()})
    cleaned: dict[str, Any] = clean_records(table, what="the row", today=TODAY).to_pylist()[0]
    return cleaned


@settings(max_examples=600, deadline=None)
@given(ROWS)
@example(
    {
        "record_id": "1",
        "source": "booking",
        "given_name": "Ana",
        "family_name": "de la Cruz",
        "date_of_birth": "1985-03-07",
        "a_number": " a-012 345 678",
        "fin": "\t123",
        "ssn": "123.45.6789",
        "cleaning_notes": "",
    }
)
@example(
    {
        "record_id": "2",
        "source": "booking",
        "given_name": "Ana",
        "family_name": "Ruiz",
        "date_of_birth": "03/07/1985",
        "a_number": "A000000000",
        "fin": "123\n",
        "ssn": "",
        "birth_country": " mx ",
    }
)
def test_clean_row_equals_clean_records(row: dict[str, Any]) -> None:
    assert clean_row(row, what="the row", today=TODAY) == _columnar(row)


def test_missing_columns_and_ids_are_errors_as_in_the_table() -> None:
    with pytest.raises(SchemaError, match="date_of_birth"):
        clean_row({"record_id": "1", "source": "s", "given_name": "a", "family_name": "b"})
    row = {"record_id": None, "source": "s", "given_name": "a", "family_name": "b"}
    with pytest.raises(SchemaError, match="record_id is empty in 1 of 1 rows"):
        clean_row({**row, "date_of_birth": "1980-01-01"}, what="the booking")
