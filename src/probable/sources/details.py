"""Readers of a simulated world's details: whole record rows, and bookings as events.

Linkage works on the common schema; evidence needs what each system says beyond it (a
case status, an order date, a class of admission), in the system's own column names,
and the response center needs each booking as a `BookingEvent` with its agency. Like
`probable.sources.world` these open only `world.duckdb`, read-only, never the truth.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from probable.sources.bookings import Agency, BookingEvent
from probable.sources.errors import SchemaError
from probable.sources.keyhash import key_hash, key_hash_sql
from probable.sources.schema import PersonRecord
from probable.sources.world import check_sources, open_world, read_world_bookings, world_database
from probable.world.schemas import RECORD_COLUMNS

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _by_source(keys: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The record ids asked for, by source; an unknown source raises `UnknownSourceError`."""
    wanted: dict[str, list[str]] = {}
    for source, record_id in keys:
        wanted.setdefault(source, []).append(record_id)
    check_sources(wanted)
    return wanted


def _read_rows(
    connection: duckdb.DuckDBPyConnection, world_dir: Path, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    wanted = _by_source(keys)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for source, ids in wanted.items():
        id_column = RECORD_COLUMNS[source].record_id
        unique = list(dict.fromkeys(ids))
        # A literal IN list lets DuckDB prune row groups by the id column's zone maps;
        # a cast or a subquery would scan the whole table for a handful of records.
        sql = f'SELECT * FROM "{source}" WHERE "{id_column}" IN ({", ".join("?" * len(unique))})'
        try:
            cursor = connection.execute(sql, unique)
            rows = cursor.fetchall()
        except duckdb.Error as error:
            raise SchemaError(
                f"world '{world_dir}': table {source!r} cannot be read: {error}"
            ) from error
        names = [column[0] for column in cursor.description or ()]
        at = names.index(id_column)
        for row in rows:
            found[(source, str(row[at]))] = dict(zip(names, row, strict=True))
    return found


def read_world_record_rows(
    world_dir: Path, keys: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Every column of each (source, record id) asked for, by key, in one query per source.

    Columns keep their systems' names; ids the world does not hold are simply absent.
    A source that is not a record system raises `UnknownSourceError`.
    """
    if not keys:
        check_sources(())
        return {}
    with open_world(world_dir) as connection:
        return _read_rows(connection, world_dir, keys)


class _ResidentSource:
    """One record system held in memory, its rows sorted by the hash of their id."""

    def __init__(self, table: pa.Table, id_column: str) -> None:
        hashes = table.column("__h").combine_chunks()
        self._hashes = hashes.to_numpy(zero_copy_only=False)
        self._table = table.drop_columns(["__h"]).combine_chunks()
        self._ids = self._table.column(id_column).combine_chunks()
        self._id_column = id_column

    def rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The rows of the ids asked for that the system holds, by id."""
        wanted = np.asarray([key_hash(i) for i in ids], dtype=np.uint64)
        lo = np.searchsorted(self._hashes, wanted, side="left")
        hi = np.searchsorted(self._hashes, wanted, side="right")
        positions = sorted(
            {p for a, b in zip(lo.tolist(), hi.tolist(), strict=True) for p in range(a, b)}
        )
        if not positions:
            return {}
        taken = self._table.take(pa.array(positions, type=pa.int64())).to_pylist()
        asked = set(ids)
        # A hash shared by two ids brings both; keep the one asked for.
        return {str(row[self._id_column]): row for row in taken if row[self._id_column] in asked}


class WorldRecordReader:
    """`read_world_record_rows` on one connection kept open: for a long-running service.

    With `in_memory` (the default) the record systems are read into memory once, each
    as an Arrow table sorted by the hash of its record id (`key_hash`), so fetching a
    subject's few records is a binary search and a `take`, without a query: a query
    plans, and gives up the interpreter's lock, for a handful of rows. Safe to share
    between threads; a `probable.evidence.RecordReader` when called.
    """

    def __init__(self, world_dir: Path, *, in_memory: bool = True) -> None:
        self.world_dir = world_dir
        database = world_database(world_dir)
        self._resident: dict[str, _ResidentSource] | None = None
        self._connection = duckdb.connect(str(database), read_only=True)
        if in_memory:
            self._resident = {}
            try:
                for source, columns in RECORD_COLUMNS.items():
                    id_column = columns.record_id
                    table = self._connection.sql(
                        f"SELECT *, {key_hash_sql(f'CAST({_quoted(id_column)} AS VARCHAR)')} "
                        f'AS __h FROM "{source}" ORDER BY __h'
                    ).to_arrow_table()
                    self._resident[source] = _ResidentSource(table, id_column)
            except duckdb.Error as error:
                self._connection.close()
                raise SchemaError(
                    f"world '{world_dir}': cannot read its records: {error}"
                ) from error
            self._connection.close()
        self._local = threading.local()

    def __call__(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        if self._resident is not None:
            found: dict[tuple[str, str], dict[str, Any]] = {}
            for source, ids in _by_source(keys).items():
                for record_id, row in self._resident[source].rows(ids).items():
                    found[(source, record_id)] = row
            return found
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._connection.cursor()
            self._local.cursor = cursor
        return _read_rows(cursor, self.world_dir, keys)

    def close(self) -> None:
        """Close the world's database (a reader held in memory has nothing open)."""
        if self._resident is None:
            self._connection.close()


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _instant(microseconds: int | None) -> datetime | None:
    """An epoch in microseconds as an aware UTC datetime (exact, no float rounding)."""
    if microseconds is None:
        return None
    return _EPOCH + timedelta(microseconds=microseconds)


_EVENT_SQL = """
    SELECT b.booking_id, epoch_us(b.booked_at), epoch_us(b.scheduled_release_at),
           b.offence_codes, b.fin, b.fbi_number,
           a.ori, a.state, a.time_zone, a.responsible_office, a.name
    FROM bookings AS b
    LEFT JOIN agencies AS a ON a.ori = b.agency_ori
"""


def read_world_booking_events(world_dir: Path) -> list[BookingEvent]:
    """Every booking as a `BookingEvent`, in the bookings table's order.

    The subject is the booking row in the common schema (`read_world_bookings`), the
    agency the one whose ORI booked the person; times are aware, in UTC.
    """
    subjects = read_world_bookings(world_dir).to_pylist()
    with open_world(world_dir) as connection:
        try:
            rows = connection.execute(_EVENT_SQL).fetchall()
        except duckdb.Error as error:
            raise SchemaError(f"bookings of world '{world_dir}' cannot be read: {error}") from error
    details = {row[0]: row for row in rows}
    agencies: dict[str, Agency] = {}
    events: list[BookingEvent] = []
    for subject_row in subjects:
        booking_id = subject_row["record_id"]
        (_, booked, release, offences, fin, fbi, ori, state, zone, office, name) = details[
            booking_id
        ]
        if ori is None:
            raise SchemaError(f"booking {booking_id!r} names an agency the world does not have")
        agency = agencies.get(ori)
        if agency is None:
            agency = Agency(
                ori=ori, state=state, time_zone=zone, responsible_office=office, name=name
            )
            agencies[ori] = agency
        booked_at = _instant(booked)
        if booked_at is None:
            raise SchemaError(f"booking {booking_id!r} has no booked_at")
        events.append(
            BookingEvent(
                booking_id=booking_id,
                agency=agency,
                booked_at=booked_at,
                scheduled_release_at=_instant(release),
                subject=PersonRecord.from_row(subject_row),
                offence_codes=tuple(offences or ()),
                fin=fin,
                fbi_number=fbi,
            )
        )
    return events


def read_world_agencies(world_dir: Path) -> list[Agency]:
    """Every agency of the world, by ORI: the agencies a center serving it answers."""
    with open_world(world_dir) as connection:
        try:
            rows = connection.execute(
                "SELECT ori, state, time_zone, responsible_office, name FROM agencies ORDER BY ori"
            ).fetchall()
        except duckdb.Error as error:
            raise SchemaError(f"agencies of world '{world_dir}' cannot be read: {error}") from error
    return [
        Agency(ori=ori, state=state, time_zone=zone, responsible_office=office, name=name)
        for ori, state, zone, office, name in rows
    ]
