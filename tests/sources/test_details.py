"""Reading whole record rows and booking events from a simulated world."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from probable.sources.details import (
    WorldRecordReader,
    read_world_booking_events,
    read_world_record_rows,
)
from probable.sources.errors import SourceNotFoundError, UnknownSourceError
from probable.world.schemas import RECORD_COLUMNS, SOURCES, WORLD_FILE
from probable.world.simulate import SimulationResult


def query(world: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(world / WORLD_FILE), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_rows_of_every_source_with_their_own_columns(small_world: SimulationResult) -> None:
    world = small_world.out
    keys = []
    for source in SOURCES:
        id_column = RECORD_COLUMNS[source].record_id
        keys += [
            (source, r[0]) for r in query(world, f'SELECT "{id_column}" FROM "{source}" LIMIT 3')
        ]
    rows = read_world_record_rows(world, [*keys, ("eid", "no such id"), keys[0]])
    assert set(rows) == set(keys)
    for (source, record_id), row in rows.items():
        columns = [
            r[0]
            for r in query(
                world, f"SELECT column_name FROM duckdb_columns() WHERE table_name = '{source}'"
            )
        ]
        assert list(row) == columns
        assert row[RECORD_COLUMNS[source].record_id] == record_id
        assert "recorded_at" in row


def test_row_values_are_as_stored(small_world: SimulationResult) -> None:
    world = small_world.out
    [(event_id, status, recorded)] = query(
        world, "SELECT event_id, case_status, recorded_at FROM eid LIMIT 1"
    )
    row = read_world_record_rows(world, [("eid", event_id)])[("eid", event_id)]
    assert (row["case_status"], row["recorded_at"]) == (status, recorded)


def test_unknown_sources_and_missing_worlds(small_world: SimulationResult, tmp_path: Path) -> None:
    with pytest.raises(UnknownSourceError, match="'sevis'"):
        read_world_record_rows(small_world.out, [("sevis", "1")])
    assert read_world_record_rows(small_world.out, []) == {}
    with pytest.raises(SourceNotFoundError):
        read_world_record_rows(tmp_path, [("eid", "1")])
    with pytest.raises(SourceNotFoundError):
        read_world_booking_events(tmp_path)


def test_booking_events(small_world: SimulationResult) -> None:
    world = small_world.out
    events = read_world_booking_events(world)
    stored = query(
        world,
        """
        SELECT b.booking_id, epoch_us(b.booked_at), b.fin, b.offence_codes, b.family_name,
               a.state, a.time_zone, a.responsible_office, epoch_us(b.scheduled_release_at)
        FROM bookings b JOIN agencies a ON a.ori = b.agency_ori ORDER BY b.booking_id
        """,
    )
    assert sorted(e.booking_id for e in events) == [r[0] for r in stored]
    by_id = {e.booking_id: e for e in events}
    for booking_id, booked, fin, offences, family, state, zone, office, release in stored:
        event = by_id[booking_id]
        assert event.booked_at.tzinfo is not None
        assert event.booked_at == datetime.fromtimestamp(booked / 1e6, tz=UTC).replace(
            microsecond=booked % 1_000_000
        )
        if release is None:
            assert event.scheduled_release_at is None
        else:
            assert event.scheduled_release_at is not None
            assert int(event.scheduled_release_at.timestamp() * 1e6) // 1000 == release // 1000
        assert event.fin == fin
        assert event.offence_codes == tuple(offences)
        assert (event.agency.state, event.agency.time_zone, event.agency.responsible_office) == (
            state, zone, office,
        )  # fmt: skip
        assert event.subject.record_id == booking_id
        assert event.subject.source == "booking"
        assert event.subject.raw_family_name == family
    assert any(e.fin for e in events) and any(e.fin is None for e in events)


def test_the_in_memory_reader_gives_what_the_database_gives(small_world: SimulationResult) -> None:
    """Every record of every system, by the resident copy and by a query: the same rows."""
    keys: list[tuple[str, str]] = []
    with duckdb.connect(str(small_world.out / WORLD_FILE), read_only=True) as con:
        for source, columns in RECORD_COLUMNS.items():
            ids = con.execute(f'SELECT "{columns.record_id}" FROM "{source}"').fetchall()
            keys += [(source, str(i)) for (i,) in ids]
    keys.append(("ident", "no-such-record"))
    memory = WorldRecordReader(small_world.out)
    database = WorldRecordReader(small_world.out, in_memory=False)
    try:
        held = memory(keys)
        assert held == database(keys)
        assert ("ident", "no-such-record") not in held
        assert len(held) == len(keys) - 1
        with pytest.raises(UnknownSourceError):
            memory([("no_such_system", "1")])
    finally:
        memory.close()
        database.close()
