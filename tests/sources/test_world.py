"""Reading a simulated world: its records and bookings, and nothing of its truth."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import probable.sources.world as world_reader
from probable.sources import (
    BOOKING_SOURCE,
    PERSON_RECORD_COLUMNS,
    PERSON_RECORD_SCHEMA,
    SchemaError,
    SourceNotFoundError,
    UnknownSourceError,
    read_world_booking_details,
    read_world_bookings,
    read_world_records,
)
from probable.world.schemas import RECORD_COLUMNS, SOURCES, WORLD_FILE
from probable.world.simulate import SimulationResult
from probable.world.truth import TRUTH_FILE


def query(world: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of `sql` on the world's record database, read-only."""
    with duckdb.connect(str(world / WORLD_FILE), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def records(small_world: SimulationResult) -> pa.Table:
    return read_world_records(small_world.out)


def test_every_record_table_is_read_under_its_source(
    small_world: SimulationResult, records: pa.Table
) -> None:
    assert records.schema == PERSON_RECORD_SCHEMA
    counts = {
        row["source"]: row["count_all"]
        for row in records.group_by("source").aggregate([([], "count_all")]).to_pylist()
    }
    expected = {
        name: query(small_world.out, f'SELECT count(*) FROM "{name}"')[0][0] for name in SOURCES
    }
    assert counts == expected
    assert all(count > 0 for count in counts.values())


def test_record_ids_are_the_systems_own_and_unique_per_source(
    small_world: SimulationResult, records: pa.Table
) -> None:
    for name in SOURCES:
        ids = records.filter(pc.equal(records.column("source"), name)).column("record_id")
        assert pc.count_distinct(ids).as_py() == len(ids), name
        column = RECORD_COLUMNS[name].record_id
        first = query(small_world.out, f'SELECT "{column}" FROM "{name}" LIMIT 1')[0][0]
        assert ids[0].as_py() == first, name


def test_fields_come_from_each_systems_own_columns(
    small_world: SimulationResult, records: pa.Table
) -> None:
    eoir = records.filter(pc.equal(records.column("source"), "eoir")).to_pylist()[0]
    raw = query(
        small_world.out,
        f"SELECT last_name, nationality, a_number, dob FROM eoir"
        f" WHERE case_id = '{eoir['record_id']}'",
    )[0]
    assert eoir["raw_family_name"] == raw[0]
    assert eoir["birth_country"] == raw[1]
    assert eoir["a_number"] == raw[2]
    assert eoir["date_of_birth"] == raw[3]


def test_birth_region_comes_from_vital_records_only(records: pa.Table) -> None:
    has_region = records.filter(pc.is_valid(records.column("birth_region")))
    assert set(has_region.column("source").to_pylist()) == {"vital_records"}
    assert has_region.num_rows > 0


def test_iii_place_of_birth_is_its_birth_country(
    small_world: SimulationResult, records: pa.Table
) -> None:
    iii = records.filter(pc.equal(records.column("source"), "iii"))
    given = [row[0] for row in query(small_world.out, "SELECT place_of_birth FROM iii")]
    assert iii.column("birth_country").to_pylist() == [value or None for value in given]


def test_only_the_named_sources_are_read(small_world: SimulationResult) -> None:
    some = read_world_records(small_world.out, ["eoir", "eid", "eoir"])
    assert list(dict.fromkeys(some.column("source").to_pylist())) == ["eoir", "eid"]


def test_keep_columns_carry_each_records_entry_date(small_world: SimulationResult) -> None:
    kept = read_world_records(small_world.out, ["eid"], keep_columns=["recorded_at"])
    assert kept.column_names == [*PERSON_RECORD_COLUMNS, "recorded_at"]
    assert kept.column("recorded_at").null_count == 0


def test_a_keep_column_a_table_lacks_is_named(small_world: SimulationResult) -> None:
    with pytest.raises(SchemaError, match="table 'eid' is missing columns to keep: relief"):
        read_world_records(small_world.out, ["eoir", "eid"], keep_columns=["relief"])


def test_unknown_source_is_an_error(small_world: SimulationResult) -> None:
    with pytest.raises(UnknownSourceError, match="'sevis'"):
        read_world_records(small_world.out, ["ident", "sevis"])


def test_a_missing_world_is_a_file_not_found_error_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError, match=str(tmp_path / WORLD_FILE)) as caught:
        read_world_records(tmp_path)
    assert isinstance(caught.value, FileNotFoundError)
    with pytest.raises(SourceNotFoundError):
        read_world_bookings(tmp_path / "absent")


def test_the_readers_open_only_the_record_database_read_only(
    small_world: SimulationResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy without the truth: reading must not need it, nor write anything beside it.
    shutil.copy(small_world.out / WORLD_FILE, tmp_path / WORLD_FILE)
    assert (small_world.out / TRUTH_FILE).exists()
    before = (tmp_path / WORLD_FILE).read_bytes()
    opened: list[tuple[str, bool]] = []
    connect = duckdb.connect

    def spy(database: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        opened.append((database, read_only))
        return connect(database, read_only=read_only)

    monkeypatch.setattr(world_reader.duckdb, "connect", spy)
    assert read_world_records(tmp_path).num_rows > 0
    assert read_world_bookings(tmp_path).num_rows > 0
    assert read_world_booking_details(tmp_path).num_rows > 0
    assert opened == [(str(tmp_path / WORLD_FILE), True)] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [WORLD_FILE]
    assert (tmp_path / WORLD_FILE).read_bytes() == before


def test_one_subject_per_booking_with_the_fingerprint_match(small_world: SimulationResult) -> None:
    subjects = read_world_bookings(small_world.out)
    assert subjects.schema == PERSON_RECORD_SCHEMA
    bookings = query(
        small_world.out,
        "SELECT booking_id, fin, given_name, place_of_birth FROM bookings ORDER BY booking_id",
    )
    rows = sorted(subjects.to_pylist(), key=lambda row: row["record_id"])
    assert [row["record_id"] for row in rows] == [booking[0] for booking in bookings]
    assert {row["source"] for row in rows} == {BOOKING_SOURCE}
    assert [row["fin"] for row in rows] == [booking[1] for booking in bookings]
    assert [row["raw_given_name"] for row in rows] == [booking[2] for booking in bookings]
    assert [row["birth_country"] for row in rows] == [booking[3] or None for booking in bookings]
    assert any(row["fin"] for row in rows)


def test_booking_details_join_the_subjects(small_world: SimulationResult) -> None:
    details = read_world_booking_details(small_world.out)
    subjects = read_world_bookings(small_world.out)
    assert details.column("booking_id").to_pylist() == subjects.column("record_id").to_pylist()
    assert details.schema.field("booked_at").type == pa.timestamp("us", tz="UTC")
