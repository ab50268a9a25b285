"""Readers of a simulated world: its record systems and its bookings, in the common schema.

They open only `world.duckdb`, read-only, and only through the column map in
`probable.world.schemas`; the world's truth lives in another file that nothing here
names (docs/architecture.md says why).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from probable.sources.clean import clean_records
from probable.sources.errors import SchemaError, SourceNotFoundError, UnknownSourceError
from probable.sources.schema import append_columns, check_keep_columns
from probable.world.schemas import RECORD_COLUMNS, SOURCES, WORLD_FILE

#: The `source` of a booking subject.
BOOKING_SOURCE = "booking"

#: Booking columns about the event rather than the person, for `read_world_booking_details`.
BOOKING_DETAIL_COLUMNS = (
    "booking_id",
    "event_id",
    "agency_ori",
    "booked_at",
    "offence_codes",
    "scheduled_release_at",
)

# Only vital records say where in the country a person was born.
_BIRTH_REGION_COLUMNS = {"vital_records": "state_of_birth"}


def world_database(world_dir: Path) -> Path:
    """The path of `world_dir`'s record database; `SourceNotFoundError` if it is not there."""
    path = Path(world_dir) / WORLD_FILE
    if not path.is_file():
        raise SourceNotFoundError(
            f"no simulated world in '{world_dir}': '{path}' does not exist"
            f" (build one with `probable simulate --out {world_dir}`)"
        )
    return path


def check_sources(sources: Iterable[str]) -> None:
    """Raise `UnknownSourceError` naming every name that is not a world record system."""
    unknown = sorted({name for name in sources if name not in RECORD_COLUMNS})
    if unknown:
        raise UnknownSourceError(
            f"unknown record systems {', '.join(map(repr, unknown))};"
            f" the world has {', '.join(SOURCES)}"
        )


@contextmanager
def open_world(world_dir: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the world's record database, closed on exit."""
    connection = duckdb.connect(str(world_database(world_dir)), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def _query(connection: duckdb.DuckDBPyConnection, sql: str, what: str) -> pa.Table:
    try:
        return connection.sql(sql).to_arrow_table()
    except duckdb.Error as error:
        raise SchemaError(f"{what} cannot be read: {error}") from error


def _column(name: str | None, alias: str) -> str:
    return f'"{name}" AS {alias}' if name else f"CAST(NULL AS VARCHAR) AS {alias}"


def _record_sql(source: str, keep_columns: Sequence[str]) -> str:
    columns = RECORD_COLUMNS[source]
    select = [
        f'CAST("{columns.record_id}" AS VARCHAR) AS record_id',
        f"'{source}' AS source",
        _column(columns.given_name, "given_name"),
        _column(columns.middle_name, "middle_name"),
        _column(columns.family_name, "family_name"),
        _column(columns.second_family_name, "second_family_name"),
        _column(columns.date_of_birth, "date_of_birth"),
        _column("sex", "sex"),
        _column(columns.birth_country, "birth_country"),
        _column(_BIRTH_REGION_COLUMNS.get(source), "birth_region"),
        _column(columns.a_number, "a_number"),
        _column(columns.fin, "fin"),
        *(f'"{name}"' for name in keep_columns),
    ]
    return f'SELECT {", ".join(select)} FROM "{source}"'


def read_world_records(
    world_dir: Path, sources: Sequence[str] = SOURCES, *, keep_columns: Sequence[str] = ()
) -> pa.Table:
    """The records of the named systems of a simulated world, in the common schema.

    Rows come source by source in the order given, each in its table's order. Columns in
    `keep_columns` (for example `recorded_at`, which every record table has) follow the
    schema's, as stored; each selected table must have them.
    """
    check_sources(sources)
    what = f"world '{world_dir}'"
    check_keep_columns(keep_columns, what=what)
    with open_world(world_dir) as connection:
        tables = []
        for name in dict.fromkeys(sources):
            table_what = f"{what}: table {name!r}"
            _require_table(connection, name, keep_columns, what=table_what)
            tables.append(_query(connection, _record_sql(name, keep_columns), table_what))
    given = pa.concat_tables(tables, promote_options="permissive")
    return append_columns(clean_records(given, what=what), given, keep_columns, what=what)


def _require_table(
    connection: duckdb.DuckDBPyConnection, name: str, keep_columns: Sequence[str], *, what: str
) -> None:
    """Raise `SchemaError` if the table is missing or lacks a column to keep."""
    rows = connection.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [name]
    ).fetchall()
    if not rows:
        raise SchemaError(f"{what} does not exist")
    check_keep_columns(keep_columns, what=what, available=[row[0] for row in rows])


def read_world_bookings(world_dir: Path) -> pa.Table:
    """Each booking's subject as the jail typed it, one row per booking, in the common schema.

    `record_id` is the booking id and `source` is "booking"; `fin` is the FIN the
    fingerprints matched in IDENT (null when they matched nothing). The event itself is
    in `read_world_booking_details`, joined on `record_id` = `booking_id`.
    """
    what = f"bookings of world '{world_dir}'"
    sql = f"""
        SELECT booking_id AS record_id, '{BOOKING_SOURCE}' AS source,
               given_name, middle_name, family_name, second_family_name, date_of_birth, sex,
               place_of_birth AS birth_country, fin
        FROM bookings
    """
    with open_world(world_dir) as connection:
        given = _query(connection, sql, what)
    return clean_records(given, what=what)


def read_world_booking_details(world_dir: Path) -> pa.Table:
    """The booking events: `BOOKING_DETAIL_COLUMNS`, one row per booking, times in UTC."""
    what = f"bookings of world '{world_dir}'"
    sql = f"SELECT {', '.join(BOOKING_DETAIL_COLUMNS)} FROM bookings"
    with open_world(world_dir) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        return _query(connection, sql, what)
