"""A simulated world's truth as labels for scoring a linker.

Who really owns each record, who was really booked, and which records show a
final removal order. A link from a booking to someone else's final order is
the error that costs most: it is how a database hit becomes a wrongful
detainer, so `wrong_final_order_links` counts exactly those. Record ids are
qualified by their source ("eid:EV0000000123") so that they are unique across
the world's record systems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from probable.world.schemas import RECORD_COLUMNS, WORLD_FILE
from probable.world.truth import TruthReader

#: How a booking came to be linked to a record.
LINK_KINDS = ("fingerprint", "biographic", "identity")

#: What makes a record show a final removal order, per system, and the order's date:
#: the tests `probable.evidence.extract` applies, less their booking-day
#: cut-off, which a caller can apply to `order_date`.
FINAL_ORDER_TESTS: dict[str, tuple[str, str]] = {
    "eid": ("case_status = 'FINAL ORDER'", "final_order_date"),
    "eoir": ("decision = 'REMOVAL ORDER'", "decision_date"),
}

LINK_COLUMNS = ("booking_id", "record_id", "match_probability", "link_kind")


def attach_world(con: duckdb.DuckDBPyConnection, world_dir: Path) -> None:
    """Attach a world's record systems, read-only, as schema `w` (beside its truth)."""
    path = world_dir / WORLD_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no world file at {path}: run `probable simulate --out {world_dir}`"
        )
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS w (READ_ONLY)")


@contextmanager
def _open(world_dir: Path, *, records: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The world's truth, read-only, with its record systems attached as `w` if asked."""
    with TruthReader(world_dir) as truth:
        if records:
            attach_world(truth.connection, world_dir)
        yield truth.connection


def world_record_labels(world_dir: Path) -> pa.Table:
    """Every record of every record system: record_id ("{source}:{id}"), source, label.

    The label is the true owner's person id, as text.
    """
    with _open(world_dir) as con:
        return con.sql(
            """SELECT source || ':' || record_id AS record_id, source,
                      CAST(person_id AS VARCHAR) AS label
            FROM record_owners ORDER BY source, record_id"""
        ).to_arrow_table()


def unshared_record_labels(world_dir: Path) -> pa.Table:
    """`world_record_labels` of the people who share their full name and date of birth
    with no one else in the world or among its namesakes (docs/world.md): the records
    a linker could tell apart by what they say of the person alone."""
    with _open(world_dir) as con:
        return con.sql(
            """WITH named AS (
                   SELECT person_id, count(*) OVER (PARTITION BY given_name,
                       coalesce(middle_name, ''), family_name,
                       coalesce(second_family_name, ''), date_of_birth) AS sharing
                   FROM persons)
               SELECT o.source || ':' || o.record_id AS record_id, o.source,
                      CAST(o.person_id AS VARCHAR) AS label
               FROM record_owners o JOIN named n USING (person_id)
               WHERE n.sharing = 1 ORDER BY o.source, o.record_id"""
        ).to_arrow_table()


def booking_persons(world_dir: Path) -> pa.Table:
    """Who was really booked: booking_id, person_id."""
    with _open(world_dir) as con:
        return con.sql(
            "SELECT booking_id, person_id FROM booking_truth ORDER BY booking_id"
        ).to_arrow_table()


def _final_orders_sql() -> str:
    """record_id, source, person_id (the true owner), order_date of each final-order record."""
    parts = []
    for source, (test, when) in FINAL_ORDER_TESTS.items():
        record_id = RECORD_COLUMNS[source].record_id
        parts.append(
            f"SELECT '{source}:' || r.{record_id} AS record_id, '{source}' AS source, "
            f"o.person_id, r.{when} AS order_date FROM w.{source} r "
            f"JOIN record_owners o ON o.source = '{source}' AND o.record_id = r.{record_id} "
            f"WHERE r.{test}"
        )
    return " UNION ALL ".join(parts)


def final_order_records(world_dir: Path) -> pa.Table:
    """The records showing a final removal order: record_id, source, person_id, order_date.

    person_id is the record's true owner, who need not be the person its
    A-number or FIN points to (the simulator attaches some records to the wrong
    person).
    """
    with _open(world_dir, records=True) as con:
        return con.sql(f"{_final_orders_sql()} ORDER BY record_id").to_arrow_table()


@dataclass(frozen=True)
class WrongLink:
    """A booking linked to a final-order record of another person."""

    booking_id: str
    record_id: str
    link_kind: str
    match_probability: float | None
    booked_person: int
    record_owner: int


@dataclass(frozen=True)
class WrongOrderReport:
    """Bookings linked to another person's final order, overall and by link kind."""

    links: int
    """Links checked."""
    bookings: int
    """Distinct bookings among them."""
    bookings_to_final_orders: int
    """Bookings linked to at least one final-order record, right or wrong."""
    wrong_bookings: int
    """Bookings linked to at least one final-order record of someone else."""
    wrong_bookings_by_kind: dict[str, int]
    """The same, per link kind (a booking wrongly linked two ways counts in both)."""
    wrong_links: tuple[WrongLink, ...]

    def as_dict(self) -> dict[str, Any]:
        """Every figure and wrong link, as plain data for `--json`."""
        return asdict(self)


_WRONG_SQL = """
WITH orders AS ({orders}),
given AS (
    SELECT CAST(booking_id AS VARCHAR) AS booking_id, CAST(record_id AS VARCHAR) AS record_id,
           CAST(link_kind AS VARCHAR) AS link_kind,
           CAST(match_probability AS DOUBLE) AS match_probability
    FROM links)
SELECT g.booking_id, g.record_id, g.link_kind, max(g.match_probability) AS p,
       b.person_id AS booked_person, o.person_id AS record_owner
FROM given g JOIN booking_truth b USING (booking_id) JOIN orders o USING (record_id)
GROUP BY ALL ORDER BY g.booking_id, g.record_id, g.link_kind
"""


def _check_links(con: duckdb.DuckDBPyConnection, links: pa.Table) -> None:
    """Fail on a missing column, an unknown link kind, or a booking the world never had."""
    for column in LINK_COLUMNS:
        if column not in links.column_names:
            raise ValueError(f"links has no column {column!r} (it has {links.column_names})")
    kinds = {str(k) for k in links.column("link_kind").unique().to_pylist()}
    if unknown := sorted(kinds - set(LINK_KINDS)):
        raise ValueError(f"links.link_kind {unknown[0]!r} is none of {LINK_KINDS}")
    row = con.execute(
        """SELECT booking_id FROM links
        WHERE CAST(booking_id AS VARCHAR) NOT IN (SELECT booking_id FROM booking_truth)
           OR booking_id IS NULL LIMIT 1"""
    ).fetchone()
    if row is not None:
        raise ValueError(f"links.booking_id {row[0]!r} is no booking of this world")


def wrong_final_order_links(links: pa.Table, world_dir: Path) -> WrongOrderReport:
    """Count bookings linked to a final-order record whose true owner is someone else.

    `links` holds booking_id, record_id ("{source}:{id}"), match_probability and
    link_kind (one of `LINK_KINDS`), already cut at the caller's threshold.
    Links to records that show no final order are counted as checked and
    otherwise ignored.
    """
    with _open(world_dir, records=True) as con:
        con.register("links", links)
        _check_links(con, links)
        rows = con.execute(_WRONG_SQL.format(orders=_final_orders_sql())).fetchall()
        bookings = con.execute("SELECT count(DISTINCT booking_id) FROM links").fetchone()
    wrong = tuple(
        WrongLink(str(b), str(r), str(k), None if p is None else float(p), int(who), int(owner))
        for b, r, k, p, who, owner in rows
        if who != owner
    )
    by_kind = Counter(kind for _, kind in {(w.booking_id, w.link_kind) for w in wrong})
    return WrongOrderReport(
        links=links.num_rows,
        bookings=int(bookings[0]) if bookings else 0,
        bookings_to_final_orders=len({row[0] for row in rows}),
        wrong_bookings=len({w.booking_id for w in wrong}),
        wrong_bookings_by_kind={kind: by_kind[kind] for kind in LINK_KINDS},
        wrong_links=wrong,
    )
