"""The database-only practice the court struck down, as a plain baseline.

On a fingerprint match an officer pulls the IDENT encounters for the FIN,
then searches each system by exact name and date of birth (as the booking
and IDENT give them) and by the A-numbers found, and follows any A-number a
search turns up once more. A detainer follows when the records found show a
final order, pending proceedings, a lawful permanent resident with a
removable-type conviction, or a foreign birthplace with no current lawful
status (an expired admission or benefit, or no record of entry or status at
all). Only records already entered on the booking day are visible. Gonzalez
v. ICE (C.D. Cal. 2019) found these checks unreliable; this module shows by
how much, against the world's truth.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from probable.world.schemas import RECORD_COLUMNS, WORLD_FILE

#: The systems the officer searches by name, date of birth and A-number (IDENT is
#: reached through the FIN).
SEARCHED_SOURCES = ("eid", "cis", "claims3", "claims4", "adis", "eoir", "iii")

#: Offence categories an officer reads as making a permanent resident deportable.
_REMOVABLE_OFFENCES = ("CONTROLLED SUBSTANCE", "AGGRAVATED FELONY")

#: How the facts query names each searched system's table.
_ALIAS = {
    "eid": "e",
    "eoir": "o",
    "cis": "c",
    "claims3": "b",
    "claims4": "n",
    "adis": "a",
    "iii": "i",
}


def _norm(column: str) -> str:
    """SQL for a name as an exact search compares it: upper case, letters only, no accents."""
    return f"regexp_replace(upper(strip_accents(coalesce({column}, ''))), '[^A-Z]', '', 'g')"


@dataclass
class Finding:
    """What the officer's search found for one booking, and the decision."""

    booking_id: str
    booked_day: date
    detainer: bool = False
    basis: str | None = None
    trigger_records: list[tuple[str, str]] = field(default_factory=list)
    """(source, record id) of the records the detainer rests on."""
    linked: list[tuple[str, str]] = field(default_factory=list)
    birth_countries: set[str] = field(default_factory=set)


def _search_sql() -> str:
    """Every searched record with its normalised name, date of birth and identifiers."""
    parts = []
    for source in SEARCHED_SOURCES:
        c = RECORD_COLUMNS[source]
        parts.append(
            f"SELECT '{source}' AS source, {c.record_id} AS record_id, "
            f"{_norm(c.given_name)} AS g, {_norm(c.family_name)} AS f, "
            f"{c.date_of_birth} AS dob, {c.birth_country} AS birth, "
            f"CAST({c.a_number or 'NULL'} AS VARCHAR) AS a_number, "
            f"CAST({c.fin or 'NULL'} AS VARCHAR) AS fin, recorded_at FROM w.{source}"
        )
    return " UNION ALL ".join(parts)


def attach_world(con: duckdb.DuckDBPyConnection, world_dir: Path) -> None:
    """Attach a world's record systems, read-only, as schema `w`."""
    path = world_dir / WORLD_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no world file at {path}: run `probable simulate --out {world_dir}`"
        )
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS w (READ_ONLY)")


def run_baseline(world_dir: Path) -> list[Finding]:
    """Decide every fingerprint-matched booking of a world the database-only way."""
    con = duckdb.connect()
    try:
        attach_world(con, world_dir)
        return decide_bookings(con)
    finally:
        con.close()


def decide_bookings(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """Decide every matched booking of the world attached as `w` (see `attach_world`)."""
    ident = RECORD_COLUMNS["ident"]
    con.execute(f"CREATE TEMP TABLE recs AS {_search_sql()}")
    con.execute(
        """CREATE TEMP TABLE matched AS
        SELECT booking_id, fin, CAST(timezone('UTC', booked_at) AS DATE) AS day,
               given_name, family_name, date_of_birth
        FROM w.bookings WHERE fin IS NOT NULL"""
    )
    con.execute(
        f"""CREATE TEMP TABLE enc AS
        SELECT m.booking_id, i.{ident.record_id}, {_norm("i." + ident.given_name)} AS g,
               {_norm("i." + ident.family_name)} AS f, i.{ident.date_of_birth} AS dob,
               i.{ident.birth_country} AS birth, i.{ident.a_number} AS a_number
        FROM matched m JOIN w.ident i ON i.{ident.fin} = m.fin AND i.recorded_at <= m.day"""
    )
    con.execute(
        f"""CREATE TEMP TABLE keys AS
        SELECT DISTINCT booking_id, g, f, dob FROM (
            SELECT booking_id, {_norm("given_name")} AS g,
                   {_norm("family_name")} AS f, date_of_birth AS dob FROM matched
            UNION ALL SELECT booking_id, g, f, dob FROM enc)
        WHERE g <> '' AND f <> '' AND dob IS NOT NULL"""
    )
    con.execute(
        """CREATE TEMP TABLE hop1 AS
        SELECT DISTINCT m.booking_id, r.source, r.record_id, r.a_number
        FROM matched m JOIN keys k USING (booking_id)
        JOIN recs r ON r.g = k.g AND r.f = k.f AND r.dob = k.dob AND r.recorded_at <= m.day
        UNION
        SELECT DISTINCT m.booking_id, r.source, r.record_id, r.a_number
        FROM matched m
        JOIN (SELECT DISTINCT booking_id, a_number FROM enc WHERE a_number IS NOT NULL) e
            USING (booking_id)
        JOIN recs r ON r.a_number = e.a_number AND r.recorded_at <= m.day
        UNION
        SELECT DISTINCT m.booking_id, r.source, r.record_id, r.a_number
        FROM matched m JOIN recs r ON r.fin = m.fin AND r.recorded_at <= m.day"""
    )
    con.execute(
        """CREATE TEMP TABLE linked AS
        SELECT DISTINCT booking_id, source, record_id FROM hop1
        UNION
        SELECT DISTINCT m.booking_id, r.source, r.record_id
        FROM (SELECT DISTINCT booking_id, a_number FROM hop1 WHERE a_number IS NOT NULL) h
        JOIN matched m USING (booking_id)
        JOIN recs r ON r.a_number = h.a_number AND r.recorded_at <= m.day"""
    )
    findings = {
        row[0]: Finding(booking_id=row[0], booked_day=row[1])
        for row in con.execute("SELECT booking_id, day FROM matched ORDER BY booking_id").fetchall()
    }
    for booking_id, birth in con.execute("SELECT booking_id, birth FROM enc").fetchall():
        if birth:
            findings[booking_id].birth_countries.add(birth)
    facts: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for booking_id, source, record_id, fact, birth in con.execute(_facts_sql()).fetchall():
        finding = findings[booking_id]
        finding.linked.append((source, record_id))
        if birth:
            finding.birth_countries.add(birth)
        if fact:
            facts[booking_id][fact].append((source, record_id))
    for booking_id, finding in findings.items():
        decide(finding, facts.get(booking_id, {}))
    return list(findings.values())


def _facts_sql() -> str:
    """One row per linked record, with the one fact (if any) it shows on the booking day."""
    joins = "\n".join(
        f"LEFT JOIN w.{source} {alias} ON l.source = '{source}' "
        f"AND {alias}.{RECORD_COLUMNS[source].record_id} = l.record_id"
        for source, alias in _ALIAS.items()
    )
    births = ", ".join(
        f"{alias}.{RECORD_COLUMNS[source].birth_country}"
        for source, alias in _ALIAS.items()
        if source != "iii"
    )
    offences = ", ".join(f"'{o}'" for o in _REMOVABLE_OFFENCES)
    return _FACTS_SQL.format(joins=joins, births=births, offences=offences)


_FACTS_SQL = """
SELECT l.booking_id, l.source, l.record_id,
  CASE
    WHEN l.source = 'eid' AND e.case_status = 'FINAL ORDER' AND e.final_order_date <= m.day
      THEN 'final_order'
    WHEN l.source = 'eid' AND e.case_status = 'ACTIVE' THEN 'pending'
    WHEN l.source = 'eoir' AND o.decision = 'REMOVAL ORDER' AND o.decision_date <= m.day
      THEN 'final_order'
    WHEN l.source = 'eoir' AND o.decision = 'RELIEF GRANTED' AND o.decision_date <= m.day
      THEN 'lawful'
    WHEN l.source = 'eoir' AND o.case_status = 'PENDING' THEN 'pending'
    WHEN l.source = 'cis' AND c.current_status IN ('NATURALIZED', 'USC (DERIVED)')
         AND c.status_date <= m.day THEN 'citizen'
    WHEN l.source = 'cis' AND c.current_status IN ('LPR', 'REFUGEE', 'ASYLEE', 'NATURALIZED')
      THEN CASE WHEN c.current_status IN ('LPR', 'NATURALIZED') THEN 'lpr' ELSE 'lawful' END
    WHEN l.source = 'cis' AND c.current_status = 'USC (DERIVED)' THEN 'lpr'
    WHEN l.source = 'cis' THEN 'status_record'
    WHEN l.source = 'claims4' AND n.oath_date <= m.day THEN 'citizen'
    WHEN l.source = 'claims3' AND b.decision = 'APPROVED' AND b.form_type = 'I-485'
         AND b.decision_date <= m.day THEN 'lpr'
    WHEN l.source = 'claims3' AND b.decision = 'APPROVED' AND b.form_type = 'I-589'
         AND b.decision_date <= m.day THEN 'lawful'
    WHEN l.source = 'claims3' AND b.decision = 'APPROVED' AND b.valid_from <= m.day
         AND b.valid_to >= m.day THEN 'lawful'
    WHEN l.source = 'claims3' THEN 'status_record'
    WHEN l.source = 'adis' AND a.class_of_admission IN ('LPR', 'RE') THEN 'lpr'
    WHEN l.source = 'adis' AND a.admit_until >= m.day THEN 'lawful'
    WHEN l.source = 'adis' THEN 'status_record'
    WHEN l.source = 'iii' AND i.offence_category IN ({offences})
         AND i.conviction_date <= m.day THEN 'removable_conviction'
    ELSE NULL
  END AS fact,
  coalesce({births}) AS birth
FROM linked l JOIN matched m USING (booking_id)
{joins}
ORDER BY l.booking_id, l.source, l.record_id
"""


def decide(finding: Finding, facts: dict[str, list[tuple[str, str]]]) -> None:
    """The officer's rule: the first basis the records support, if any.

    `facts` maps each fact the linked records show (final_order, pending, lpr,
    lawful, citizen, removable_conviction, status_record) to the (source,
    record id) pairs that show it.
    """

    def hold(basis: str, triggers: list[tuple[str, str]]) -> None:
        finding.detainer = True
        finding.basis = basis
        finding.trigger_records = sorted(set(triggers))

    if facts.get("citizen"):
        return
    if facts.get("final_order"):
        hold("final_order", facts["final_order"])
    elif facts.get("pending") and not facts.get("lawful"):
        hold("pending_proceedings", facts["pending"])
    elif facts.get("lpr"):
        if facts.get("removable_conviction"):
            hold("removable_conviction", facts["removable_conviction"] + facts["lpr"])
    elif facts.get("lawful"):
        return
    elif finding.birth_countries - {"US"}:
        if facts.get("status_record"):
            hold("no_lawful_status", facts["status_record"])
        else:
            hold("foreign_birth_no_record", [])
