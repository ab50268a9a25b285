"""`clean_records`: any table with the required columns becomes exactly the common schema."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probable.sources import (
    ADDRESS_COLUMNS,
    NAME_COLUMNS,
    PERSON_RECORD_SCHEMA,
    SchemaError,
    clean_records,
)

TODAY = date(2025, 6, 1)


def table(rows: int = 1, **columns: list[Any] | pa.Array) -> pa.Table:
    """A minimal valid input of `rows` rows with `columns` added or replaced."""
    base: dict[str, list[Any] | pa.Array] = {
        "record_id": [f"r{i}" for i in range(rows)],
        "source": ["test"] * rows,
        "given_name": ["Ana"] * rows,
        "family_name": ["Ruiz"] * rows,
        "date_of_birth": ["1980-01-02"] * rows,
    }
    return pa.table({**base, **columns})


def cleaned(**columns: list[Any] | pa.Array) -> dict[str, Any]:
    """The one cleaned row of a one-row input."""
    rows: list[dict[str, Any]] = clean_records(table(**columns), today=TODAY).to_pylist()
    return rows[0]


def test_output_is_exactly_the_schema_and_extra_columns_are_dropped() -> None:
    result = clean_records(table(3, extra=["x", "y", "z"]), today=TODAY)
    assert result.schema == PERSON_RECORD_SCHEMA
    assert result.num_rows == 3
    assert result.column("record_id").to_pylist() == ["r0", "r1", "r2"]


def test_missing_required_columns_are_all_named() -> None:
    incomplete = table().drop_columns(["family_name", "date_of_birth"])
    with pytest.raises(SchemaError) as caught:
        clean_records(incomplete, what="records file 'x.csv'")
    assert str(caught.value) == (
        "records file 'x.csv' is missing required columns: date_of_birth, family_name"
    )


def test_names_are_cleaned_and_raw_values_kept() -> None:
    row = cleaned(
        given_name=["José"],
        middle_name=["Мария"],
        family_name=["de la Cruz-Ávila"],
        second_family_name=["O'Brien"],
    )
    assert (row["given_name"], row["middle_name"]) == ("jose", "mariia")
    assert (row["family_name"], row["second_family_name"]) == ("de la cruz avila", "obrien")
    assert row["surnames"] == ["cruz", "avila", "obrien"]
    assert row["raw_given_name"] == "José"
    assert row["raw_family_name"] == "de la Cruz-Ávila"
    assert row["cleaning_notes"] is None


def test_a_name_that_cleans_to_nothing_is_noted() -> None:
    row = cleaned(given_name=["😀"], family_name=["   "])
    assert row["given_name"] is None
    assert row["family_name"] is None
    assert row["raw_family_name"] == "   "
    assert row["cleaning_notes"] == "given_name: no letters or digits in '😀'"


def test_a_truncated_name_is_noted() -> None:
    row = cleaned(family_name=["x" * 10_000])
    assert len(row["family_name"]) == 100
    assert row["raw_family_name"] == "x" * 10_000
    assert row["cleaning_notes"] == "family_name: truncated to 100 characters"


def test_address_fields_are_cleaned_like_names_keeping_digits() -> None:
    row = cleaned(
        street=["12 Rue de l'Église"], city=["São Paulo"], state=["NSW"], postcode=["02134"]
    )
    assert [row[name] for name in ADDRESS_COLUMNS] == [
        "12 rue de leglise",
        "sao paulo",
        "nsw",
        "02134",
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("1985-03-07", date(1985, 3, 7), id="iso"),
        pytest.param("19850307", date(1985, 3, 7), id="febrl"),
        pytest.param("03/07/1985", date(1985, 3, 7), id="us"),
    ],
)
def test_date_text_formats(given: str, expected: date) -> None:
    row = cleaned(date_of_birth=[given])
    assert row["date_of_birth"] == expected
    assert row["raw_date_of_birth"] == given
    assert row["cleaning_notes"] is None


def test_impossible_date_is_null_with_a_note_and_raw_kept() -> None:
    row = cleaned(date_of_birth=["2015-02-30"])
    assert row["date_of_birth"] is None
    assert row["raw_date_of_birth"] == "2015-02-30"
    assert row["cleaning_notes"] == "date_of_birth: impossible date '2015-02-30'"


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(pa.array(["1700-01-01"]), id="text"),
        pytest.param(pa.array([date(1700, 1, 1)], pa.date32()), id="date32"),
        pytest.param(pa.array([datetime(1700, 1, 1)], pa.timestamp("us")), id="timestamp"),
    ],
)
def test_dates_before_1880_are_null_with_a_note(column: pa.Array) -> None:
    row = cleaned(date_of_birth=column)
    assert row["date_of_birth"] is None
    assert row["raw_date_of_birth"].startswith("1700-01-01")
    assert row["cleaning_notes"].startswith("date_of_birth: out of range '1700-01-01")


@pytest.mark.parametrize(
    "column",
    [
        pytest.param(pa.array([date(1985, 3, 7)], pa.date32()), id="date32"),
        pytest.param(pa.array([date(1985, 3, 7)], pa.date64()), id="date64"),
        pytest.param(
            pa.array([datetime(1985, 3, 7, 23, 0, tzinfo=UTC)], pa.timestamp("us", "UTC")),
            id="timestamp-tz",
        ),
        pytest.param(pa.array([19850307]), id="febrl-integer"),
        pytest.param(pa.array(["1985-03-07"]).dictionary_encode(), id="dictionary"),
    ],
)
def test_dates_from_date_timestamp_and_other_types(column: pa.Array) -> None:
    row = cleaned(date_of_birth=column)
    assert row["date_of_birth"] == date(1985, 3, 7)
    assert row["cleaning_notes"] is None


@pytest.mark.parametrize("given", [None, "", "  "])
def test_empty_date_is_null_without_a_note(given: str | None) -> None:
    row = cleaned(date_of_birth=pa.array([given], pa.string()))
    assert row["date_of_birth"] is None
    assert row["raw_date_of_birth"] == given
    assert row["cleaning_notes"] is None


@pytest.mark.parametrize(
    ("given", "expected", "note"),
    [
        pytest.param("A012345678", "A012345678", None, id="canonical"),
        pytest.param("A12345678", "A012345678", None, id="eight-digits-padded"),
        pytest.param("a-012-345-678", "A012345678", None, id="dashes-lower-case"),
        pytest.param("012345678", "A012345678", None, id="no-prefix"),
        pytest.param(" A 012 345 678 ", "A012345678", None, id="spaces"),
        pytest.param("A123", None, "a_number: not an A-number 'A123'", id="too-short"),
        pytest.param("A0123456789", None, "a_number: not an A-number 'A0123456789'", id="long"),
        pytest.param("A000000000", None, "a_number: not an A-number 'A000000000'", id="zeros"),
        pytest.param("B12345678", None, "a_number: not an A-number 'B12345678'", id="letter"),
        pytest.param("", None, None, id="empty"),
    ],
)
def test_a_number_normalisation(given: str, expected: str | None, note: str | None) -> None:
    row = cleaned(a_number=[given])
    assert (row["a_number"], row["cleaning_notes"]) == (expected, note)


@pytest.mark.parametrize(
    ("given", "expected", "note"),
    [
        pytest.param("012345678", "012345678", None, id="leading-zero-kept"),
        pytest.param("012-34-5678", "012345678", None, id="dashes"),
        pytest.param("012 34 5678", "012345678", None, id="spaces"),
        pytest.param("1234567", "1234567", None, id="seven-digits"),
        pytest.param("123456", None, "ssn: not 7 to 11 digits '123456'", id="six-digits"),
        pytest.param("01234567X", None, "ssn: not 7 to 11 digits '01234567X'", id="letter"),
        pytest.param("  ", None, None, id="blank"),
    ],
)
def test_ssn_normalisation(given: str, expected: str | None, note: str | None) -> None:
    row = cleaned(ssn=[given])
    assert (row["ssn"], row["cleaning_notes"]) == (expected, note)


@pytest.mark.parametrize(
    ("given", "expected", "note"),
    [
        pytest.param("0012345678", "0012345678", None, id="as-given"),
        pytest.param(" 123 ", "123", None, id="trimmed"),
        pytest.param("12-34", None, "fin: not digits '12-34'", id="dash"),
        pytest.param("", None, None, id="empty"),
    ],
)
def test_fin_normalisation(given: str, expected: str | None, note: str | None) -> None:
    row = cleaned(fin=[given])
    assert (row["fin"], row["cleaning_notes"]) == (expected, note)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("M", "M"), ("f", "F"), ("Male", "M"), (" FEMALE ", "F"), ("", None), (None, None)],
)
def test_sex_normalisation(given: str | None, expected: str | None) -> None:
    row = cleaned(sex=pa.array([given], pa.string()))
    assert (row["sex"], row["cleaning_notes"]) == (expected, None)


def test_unrecognised_sex_is_null_with_a_note() -> None:
    row = cleaned(sex=["X"])
    assert (row["sex"], row["cleaning_notes"]) == (None, "sex: unrecognised 'X'")


def test_codes_are_upper_case_and_empty_is_null() -> None:
    row = cleaned(birth_country=[" mx "], birth_region=[""])
    assert (row["birth_country"], row["birth_region"]) == ("MX", None)


def test_notes_of_one_row_are_joined_in_schema_order() -> None:
    row = cleaned(street=["#"], ssn=["1"], date_of_birth=["2015-02-30"], given_name=["😀"])
    assert row["cleaning_notes"] == (
        "given_name: no letters or digits in '😀'; "
        "date_of_birth: impossible date '2015-02-30'; "
        "ssn: not 7 to 11 digits '1'; "
        "street: no letters or digits in '#'"
    )


def test_notes_already_made_come_first_and_are_kept() -> None:
    row = cleaned(cleaning_notes=["merged from two files"], ssn=["1"])
    assert row["cleaning_notes"] == "merged from two files; ssn: not 7 to 11 digits '1'"


def test_identifiers_keep_their_leading_zeros_from_text() -> None:
    row = cleaned(ssn=["001234567"], postcode=["00501"], fin=["0000012345"])
    assert (row["ssn"], row["postcode"], row["fin"]) == ("001234567", "00501", "0000012345")


@pytest.mark.parametrize("column", ["record_id", "source"])
def test_null_record_id_or_source_is_an_error(column: str) -> None:
    with pytest.raises(SchemaError, match=f"{column} is empty in 1 of 2 rows"):
        clean_records(table(2, **{column: pa.array(["a", None], pa.string())}))


def test_repeated_record_id_within_a_source_is_an_error() -> None:
    repeated = table(3, record_id=["a", "a", "b"])
    with pytest.raises(SchemaError, match="'a' in 'test' \\(2 rows\\)"):
        clean_records(repeated)


def test_the_same_record_id_in_two_sources_is_allowed() -> None:
    result = clean_records(table(2, record_id=["a", "a"], source=["x", "y"]))
    assert result.num_rows == 2


def test_a_column_that_is_not_text_is_an_error_naming_it() -> None:
    nested = pa.array([["a"]], pa.list_(pa.string()))
    with pytest.raises(SchemaError, match="column 'ssn' of type list<item: string>"):
        clean_records(table(ssn=nested))


def test_chunked_and_empty_input() -> None:
    chunked = pa.concat_tables([table(2), table(2).set_column(0, "record_id", [["x", "y"]])])
    assert clean_records(chunked).num_rows == 4
    empty = clean_records(table(0))
    assert empty.schema == PERSON_RECORD_SCHEMA
    assert empty.num_rows == 0


def test_cleaning_a_clean_table_changes_nothing() -> None:
    messy = table(
        given_name=["  José-María "],
        family_name=["x" * 500],
        date_of_birth=["2015-02-30"],
        sex=["female"],
        a_number=["a-12-345-678"],
    )
    once = clean_records(messy, today=TODAY)
    assert clean_records(once, today=TODAY).equals(once)


_STRING_COLUMNS = (
    *NAME_COLUMNS,
    "date_of_birth",
    "sex",
    "birth_country",
    "birth_region",
    "a_number",
    "fin",
    "ssn",
    *ADDRESS_COLUMNS,
)


@st.composite
def arbitrary_tables(draw: st.DrawFn) -> pa.Table:
    """Tables of arbitrary text (and nulls) in every string column, record ids unique."""
    rows = draw(st.integers(0, 6))
    columns: dict[str, list[str | None]] = {
        "record_id": draw(st.lists(st.text(), min_size=rows, max_size=rows, unique=True)),
        "source": draw(st.lists(st.text(), min_size=rows, max_size=rows)),
    }
    for name in _STRING_COLUMNS:
        values = st.one_of(st.none(), st.text())
        columns[name] = draw(st.lists(values, min_size=rows, max_size=rows))
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


@settings(deadline=None)
@given(arbitrary_tables())
def test_arbitrary_text_never_breaks_cleaning(given_table: pa.Table) -> None:
    result = clean_records(given_table, today=TODAY)
    assert result.schema == PERSON_RECORD_SCHEMA
    assert result.num_rows == given_table.num_rows
    assert clean_records(result, today=TODAY).equals(result)
