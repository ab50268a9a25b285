"""`read_records_file`: CSV and Parquet files of person records into the common schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from probable.sources import (
    PERSON_RECORD_COLUMNS,
    PERSON_RECORD_SCHEMA,
    RecordsFileError,
    SchemaError,
    SourceNotFoundError,
    read_records_file,
)

CSV_TEXT = """record_id,source,given_name,family_name,date_of_birth,ssn,postcode,label
rec-0-org,febrl,José,García-Márquez,19850307,012345678,02134,0
rec-0-dup-0,febrl,jose,garcia marquez,1985-03-07,,,0
"""


def test_csv_round_trip_keeps_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    result = read_records_file(path)
    assert result.schema == PERSON_RECORD_SCHEMA
    first, second = result.to_pylist()
    assert (first["ssn"], first["postcode"]) == ("012345678", "02134")
    assert first["family_name"] == second["family_name"] == "garcia marquez"
    assert first["date_of_birth"] == second["date_of_birth"] == date(1985, 3, 7)
    assert second["ssn"] is None
    assert second["cleaning_notes"] is None


def test_csv_written_by_pyarrow(tmp_path: Path) -> None:
    path = tmp_path / "written.csv"
    given = pa.table(
        {
            "record_id": ["1", "2"],
            "given_name": ["Мария", "Ana"],
            "family_name": ["Иванова", "O'Neil"],
            "date_of_birth": ["03/07/1990", "2015-02-30"],
            "ssn": ["001-23-4567", "000000001"],
        }
    )
    pa_csv.write_csv(given, path)
    result = read_records_file(path, source="files")
    assert result.column("source").to_pylist() == ["files", "files"]
    assert result.column("given_name").to_pylist() == ["mariia", "ana"]
    assert result.column("ssn").to_pylist() == ["001234567", "000000001"]
    assert result.column("date_of_birth").to_pylist() == [date(1990, 3, 7), None]
    assert result.column("raw_date_of_birth").to_pylist() == ["03/07/1990", "2015-02-30"]


def test_parquet_round_trip_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "records.parquet"
    given = pa.table(
        {
            "record_id": pa.array([1, 2], pa.int64()),
            "given_name": ["Ana", None],
            "family_name": ["de la Cruz", "Lee"],
            "date_of_birth": pa.array([date(1980, 1, 2), None], pa.date32()),
            "ssn": ["012345678", "123-45-6789"],
            "fin": pa.array([1234567890, None], pa.int64()),
            "label": pa.array([10, 11], pa.int32()),
        }
    )
    pq.write_table(given, path)
    result = read_records_file(path, source="parquet", keep_columns=["label"])
    assert result.column_names == [*PERSON_RECORD_COLUMNS, "label"]
    assert result.column("label").type == pa.int32()
    rows = result.to_pylist()
    assert [row["record_id"] for row in rows] == ["1", "2"]
    assert [row["ssn"] for row in rows] == ["012345678", "123456789"]
    assert [row["fin"] for row in rows] == ["1234567890", None]
    assert rows[0]["surnames"] == ["cruz"]
    assert rows[0]["raw_date_of_birth"] == "1980-01-02"


def test_keep_columns_follow_the_schema_in_the_order_given(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(CSV_TEXT.replace(",label", ",label,cluster").replace(",0\n", ",0,c1\n"))
    result = read_records_file(path, keep_columns=["cluster", "label"])
    assert result.column_names[-2:] == ["cluster", "label"]
    assert result.column("cluster").to_pylist() == ["c1", "c1"]
    assert result.column("label").to_pylist() == ["0", "0"]


def test_a_missing_keep_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(CSV_TEXT)
    with pytest.raises(SchemaError, match="is missing columns to keep: truth"):
        read_records_file(path, keep_columns=["label", "truth"])


def test_a_keep_column_already_in_the_schema_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(CSV_TEXT)
    with pytest.raises(SchemaError, match="already in the common schema: ssn"):
        read_records_file(path, keep_columns=["ssn"])


def test_missing_required_columns_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,source,given_name\n1,s,Ana\n")
    with pytest.raises(SchemaError) as caught:
        read_records_file(path)
    assert str(caught.value) == (
        f"records file '{path}' is missing required columns: date_of_birth, family_name"
    )


def test_source_is_required_unless_given(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,given_name,family_name,date_of_birth\n1,Ana,Ruiz,1980-01-02\n")
    with pytest.raises(SchemaError, match="missing required columns: source"):
        read_records_file(path)
    assert read_records_file(path, source="given").column("source").to_pylist() == ["given"]


def test_empty_source_cells_take_the_given_source_and_others_conflict(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("record_id,source,given_name,family_name,date_of_birth\n1,,A,B,\n2,mine,A,B,\n")
    assert read_records_file(path, source="mine").column("source").to_pylist() == ["mine"] * 2
    with pytest.raises(SchemaError, match="source column has 'mine', not the source given"):
        read_records_file(path, source="theirs")


@pytest.mark.parametrize("name", ["records.xlsx", "records.json", "records"])
def test_unknown_suffix_is_an_error_naming_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("anything")
    with pytest.raises(RecordsFileError, match="unsupported suffix") as caught:
        read_records_file(path)
    assert repr(path.suffix or "(none)") in str(caught.value)


def test_upper_case_suffix_is_read(tmp_path: Path) -> None:
    path = tmp_path / "RECORDS.CSV"
    path.write_text(CSV_TEXT)
    assert read_records_file(path).num_rows == 2


def test_missing_file_is_a_file_not_found_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    with pytest.raises(SourceNotFoundError, match=r"nowhere\.csv") as caught:
        read_records_file(path)
    assert isinstance(caught.value, FileNotFoundError)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("empty.csv", b"", "no header row", id="empty-csv"),
        pytest.param("bad.csv", b"record_id,a\n1,2,3\n", "not valid CSV", id="ragged-csv"),
        pytest.param("latin1.csv", "récord\n".encode("latin-1"), "no readable header", id="enc"),
        pytest.param("twice.csv", b"a,a\n1,2\n", "repeats columns in its header: a", id="dup"),
        pytest.param("bad.parquet", b"not parquet", "not valid Parquet", id="parquet"),
    ],
)
def test_unreadable_files_are_clear_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RecordsFileError, match=message):
        read_records_file(path, source="s")
