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

from probable.world.output import WORLD_FILE

#: The reasons the baseline gives for a detainer, strongest first.
BASES = (
    "final_order",
    "pending_proceedings",
    "removable_conviction",
    "no_lawful_status",
    "foreign_birth_no_record",
)

_NORM = "regexp_replace(upper(strip_accents(coalesce({0}, ''))), '[^A-Z]', '', 'g')"

#: Per source: record id, given, family, date of birth, birthplace, A-number, FIN columns.
_SEARCHABLE: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "eid": (
        "event_id",
        "first_name",
        "last_name",
        "birth_date",
        "birth_country",
        "a_number",
        "fin",
    ),
    "cis": (
        "cis_record_id",
        "first_name",
        "last_name",
        "dob",
        "country_of_birth",
        "a_number",
        "NULL",
    ),
    "claims3": (
        "receipt_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "country_of_birth",
        "a_number",
        "NULL",
    ),
    "claims4": (
        "receipt_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "country_of_birth",
        "a_number",
        "NULL",
    ),
    "adis": (
        "i94_number",
        "first_name",
        "last_name",
        "birth_date",
        "country_of_birth",
        "NULL",
        "NULL",
    ),
    "eoir": ("case_id", "first_name", "last_name", "dob", "nationality", "a_number", "NULL"),
    "iii": ("charge_id", "first_name", "last_name", "dob", "place_of_birth", "NULL", "NULL"),
}

_LAWFUL_CIS = ("LPR", "NATURALIZED", "USC (DERIVED)", "REFUGEE", "ASYLEE")
_CITIZEN_CIS = ("NATURALIZED", "USC (DERIVED)")
_REMOVABLE_OFFENCES = ("CONTROLLED SUBSTANCE", "AGGRAVATED FELONY")


@dataclass
class Finding:
    """What the officer's search found for one booking, and the decision."""

    booking_id: str
    booked_day: date
    detainer: bool = False
    basis: str | None = None
    trigger_records: list[tuple[str, str]] = field(default_factory=list)
    linked: list[tuple[str, str]] = field(default_factory=list)
    birth_countries: set[str] = field(default_factory=set)


def _search_sql() -> str:
    parts = []
    for source, (rid, given, family, dob, birth, anum, fin) in _SEARCHABLE.items():
        parts.append(
            f"SELECT '{source}' AS source, {rid} AS record_id, {_NORM.format(given)} AS g, "
            f"{_NORM.format(family)} AS f, {dob} AS dob, {birth} AS birth, "
            f"CAST({anum} AS VARCHAR) AS a_number, CAST({fin} AS VARCHAR) AS fin, recorded_at "
            f"FROM w.{source}"
        )
    return " UNION ALL ".join(parts)


def run_baseline(world_dir: Path) -> list[Finding]:
    """Decide every fingerprint-matched booking of a world the database-only way."""
    path = world_dir / WORLD_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"no world file at {path}: run `probable simulate --out {world_dir}`"
        )
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{path}' AS w (READ_ONLY)")
        return _run(con)
    finally:
        con.close()


def _run(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    con.execute(f"CREATE TEMP TABLE recs AS {_search_sql()}")
    con.execute(
        """CREATE TEMP TABLE matched AS
        SELECT booking_id, fin, CAST(timezone('UTC', booked_at) AS DATE) AS day,
               given_name, family_name, date_of_birth
        FROM w.bookings WHERE fin IS NOT NULL"""
    )
    con.execute(
        f"""CREATE TEMP TABLE enc AS
        SELECT m.booking_id, i.encounter_id, {_NORM.format("i.first_name")} AS g,
               {_NORM.format("i.last_name")} AS f, i.dob, i.country_of_birth AS birth, i.a_number
        FROM matched m JOIN w.ident i ON i.fin = m.fin AND i.recorded_at <= m.day"""
    )
    con.execute(
        f"""CREATE TEMP TABLE keys AS
        SELECT DISTINCT booking_id, g, f, dob FROM (
            SELECT booking_id, {_NORM.format("given_name")} AS g,
                   {_NORM.format("family_name")} AS f, date_of_birth AS dob FROM matched
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
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for booking_id, source, record_id, fact, birth in con.execute(_FACTS_SQL).fetchall():
        finding = findings[booking_id]
        finding.linked.append((source, record_id))
        if birth:
            finding.birth_countries.add(birth)
        if fact:
            facts[booking_id][fact].append(f"{source}:{record_id}")
    for booking_id, finding in findings.items():
        decide(finding, facts.get(booking_id, {}))
    return list(findings.values())


# One row per linked record, with the one fact (if any) it shows on the booking day.
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
    WHEN l.source = 'iii' AND i.offence_category IN ('CONTROLLED SUBSTANCE', 'AGGRAVATED FELONY')
         AND i.conviction_date <= m.day THEN 'removable_conviction'
    ELSE NULL
  END AS fact,
  coalesce(e.birth_country, o.nationality, c.country_of_birth, b.country_of_birth,
           n.country_of_birth, a.country_of_birth) AS birth
FROM linked l JOIN matched m USING (booking_id)
LEFT JOIN w.eid e ON l.source = 'eid' AND e.event_id = l.record_id
LEFT JOIN w.eoir o ON l.source = 'eoir' AND o.case_id = l.record_id
LEFT JOIN w.cis c ON l.source = 'cis' AND c.cis_record_id = l.record_id
LEFT JOIN w.claims3 b ON l.source = 'claims3' AND b.receipt_number = l.record_id
LEFT JOIN w.claims4 n ON l.source = 'claims4' AND n.receipt_number = l.record_id
LEFT JOIN w.adis a ON l.source = 'adis' AND a.i94_number = l.record_id
LEFT JOIN w.iii i ON l.source = 'iii' AND i.charge_id = l.record_id
ORDER BY l.booking_id, l.source, l.record_id
"""


def decide(finding: Finding, facts: dict[str, list[str]]) -> None:
    """The officer's rule: the first basis the records support, if any."""

    def hold(basis: str, triggers: list[str]) -> None:
        finding.detainer = True
        finding.basis = basis
        finding.trigger_records = [
            (t.split(":", 1)[0], t.split(":", 1)[1]) for t in sorted(set(triggers))
        ]

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
