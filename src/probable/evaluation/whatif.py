"""What a detainer policy does to real people, scored against the world's truth.

For now the one policy is the database-only baseline. For each detainer it
looks up who was really booked, their true status that day and whether they
were removable; a detainer on a citizen or a non-removable person is
wrongful, and its cause is traced through the simulator's error log (a
wrong-person link, a wrong birthplace, a naturalization never recorded...).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from probable.evaluation.baseline import SEARCHED_SOURCES, Finding, attach_world, decide_bookings
from probable.world.schemas import RECORD_COLUMNS
from probable.world.truth import TRUTH_FILE

#: Causes of a wrongful detainer, in the order they are tested.
CAUSES = (
    "wrong_person_link",
    "wrong_birthplace",
    "derived_citizenship",
    "acquired_citizenship",
    "missing_naturalization",
    "stale_status",
    "name_or_dob_error",
    "coverage_gap",
    "other",
)

#: Each cause in a sentence, for people reading a report.
CAUSE_TEXT = {
    "wrong_person_link": "another person's record was linked to them",
    "wrong_birthplace": "a U.S.-born citizen whose record gives a foreign birthplace",
    "derived_citizenship": "a citizen by derivation; no record says so",
    "acquired_citizenship": "a citizen from birth abroad; no record says so",
    "missing_naturalization": "naturalized, but the records still show a resident",
    "stale_status": "a status record never updated",
    "name_or_dob_error": "their own status record was missed by the exact name search",
    "coverage_gap": "their status record was never made",
    "other": "no traced cause",
}

_STATUS_SOURCES = ("cis", "claims3", "claims4", "adis", "eoir")
_LINK_ERRORS = ("typo", "name_variant", "swapped_surnames", "dob_day_month_swap")


@dataclass
class Outcome:
    """One decided booking with its truth."""

    finding: Finding
    person_id: int
    path: str
    status: str
    removable: bool
    booked_as: str = ""
    """The name as the jail typed it (synthetic)."""
    agency_state: str = ""
    cause: str | None = None
    cause_detail: str = ""

    def explain(self) -> str:
        """Why a wrongful detainer happened, in a sentence."""
        if self.cause is None:
            return ""
        text = CAUSE_TEXT[self.cause]
        return f"{text} ({self.cause_detail})" if self.cause_detail else text

    @property
    def citizen(self) -> bool:
        return self.status == "usc"

    @property
    def wrongful(self) -> bool:
        return self.finding.detainer and (self.citizen or not self.removable)


@dataclass
class WhatIfReport:
    """The baseline's figures over one world."""

    policy: str
    bookings: int
    matched: int
    outcomes: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Every figure, as plain data for `--json`."""
        detained = [o for o in self.outcomes if o.finding.detainer]
        wrongful = [o for o in detained if o.wrongful]
        removable = [o for o in self.outcomes if o.removable and not o.citizen]
        reached = [o for o in removable if o.finding.detainer]
        return {
            "policy": self.policy,
            "bookings": self.bookings,
            "fingerprint_matched": self.matched,
            "detainers": len(detained),
            "on_us_citizens": sum(o.citizen for o in detained),
            "on_not_removable_noncitizens": sum(
                (not o.citizen) and (not o.removable) for o in detained
            ),
            "wrongful": len(wrongful),
            "wrongful_share": round(len(wrongful) / len(detained), 4) if detained else 0.0,
            "wrongful_share_95ci": [
                round(x, 4) for x in wilson_interval(len(wrongful), len(detained))
            ],
            "removable_matched": len(removable),
            "removable_detained": len(reached),
            "removable_reach": round(len(reached) / len(removable), 4) if removable else 0.0,
            "detainers_by_basis": dict(sorted(Counter(o.finding.basis for o in detained).items())),
            "detainers_by_true_status": dict(sorted(Counter(_label(o) for o in detained).items())),
            "wrongful_by_true_status": dict(sorted(Counter(_label(o) for o in wrongful).items())),
            "wrongful_by_cause": {
                c: n for c in CAUSES if (n := sum(o.cause == c for o in wrongful))
            },
            "wrongful_by_basis": dict(sorted(Counter(o.finding.basis for o in wrongful).items())),
        }


def wilson_interval(hits: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval for a share (95% by default); (0, 1) with no trials.

    A small world's share is noisy; the interval says how noisy.
    """
    if trials == 0:
        return 0.0, 1.0
    p = hits / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _label(outcome: Outcome) -> str:
    """The true status, with the way a citizen became one."""
    if outcome.citizen:
        return outcome.path if outcome.path.startswith("usc_") else "usc"
    return outcome.status


def baseline_report(world_dir: Path) -> WhatIfReport:
    """Run the database-only baseline over a world and score it against truth."""
    con = duckdb.connect()
    try:
        attach_world(con, world_dir)
        truth_path = world_dir / TRUTH_FILE
        if not truth_path.is_file():
            raise FileNotFoundError(
                f"no truth file at {truth_path}: is {world_dir} a simulated world?"
            )
        quoted = str(truth_path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS t (READ_ONLY)")
        findings = decide_bookings(con)
        total = con.execute("SELECT count(*) FROM w.bookings").fetchone()
        report = WhatIfReport("database_only", int(total[0]) if total else 0, len(findings))
        report.outcomes, evidence = _outcomes(con, findings)
    finally:
        con.close()
    for outcome in report.outcomes:
        if outcome.wrongful:
            outcome.cause, outcome.cause_detail = _cause(outcome, evidence[outcome.person_id])
    return report


@dataclass
class _Evidence:
    """What the truth says of one wrongly held person's records and their errors."""

    owned: dict[tuple[str, str], date] = field(default_factory=dict)
    """Their own searchable records (source, record id) and when each was entered."""
    errors: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Error type -> the sources it struck them in."""
    record_errors: defaultdict[tuple[str, str], set[str]] = field(
        default_factory=lambda: defaultdict(set)
    )
    """(source, record id) -> the error types applied to that record."""


def _outcomes(
    con: duckdb.DuckDBPyConnection, findings: list[Finding]
) -> tuple[list[Outcome], defaultdict[int, _Evidence]]:
    """Each finding with its truth, and what the truth says of each wrongly held person."""
    rows = con.execute(
        """SELECT b.booking_id, b.person_id, p.path, h.status, h.removable,
               concat_ws(' ', k.given_name, k.family_name, k.second_family_name), a.state
        FROM t.booking_truth b JOIN t.persons p USING (person_id)
        JOIN w.bookings k USING (booking_id)
        JOIN w.agencies a ON a.ori = k.agency_ori
        LEFT JOIN t.status_history h ON h.person_id = b.person_id
             AND h.valid_from <= b.booked_day
             AND (h.valid_to IS NULL OR h.valid_to > b.booked_day)"""
    ).fetchall()
    truth = {r[0]: r[1:] for r in rows}
    outcomes = []
    for finding in findings:
        person_id, path, status, removable, name, state = truth[finding.booking_id]
        outcomes.append(
            Outcome(
                finding,
                int(person_id),
                str(path),
                str(status or "abroad"),
                bool(removable),
                booked_as=str(name or ""),
                agency_state=str(state or ""),
            )
        )
    wrongful_people = sorted({o.person_id for o in outcomes if o.wrongful})
    evidence: defaultdict[int, _Evidence] = defaultdict(_Evidence)
    if not wrongful_people:
        return outcomes, evidence
    con.execute(
        "CREATE TEMP TABLE people AS SELECT unnest($1::BIGINT[]) AS person_id", [wrongful_people]
    )
    recorded = " UNION ALL ".join(
        f"SELECT '{s}' AS source, {RECORD_COLUMNS[s].record_id} AS record_id, recorded_at "
        f"FROM w.{s}"
        for s in SEARCHED_SOURCES
    )
    for person_id, source, record_id, when in con.execute(
        f"""SELECT o.person_id, o.source, o.record_id, r.recorded_at
        FROM t.record_owners o JOIN people USING (person_id)
        JOIN ({recorded}) r ON r.source = o.source AND r.record_id = o.record_id"""
    ).fetchall():
        evidence[int(person_id)].owned[(source, record_id)] = when
    for person_id, source, record_id, error_type in con.execute(
        """SELECT e.person_id, e.source, e.record_id, e.error_type
        FROM t.errors e JOIN people USING (person_id)"""
    ).fetchall():
        evidence[int(person_id)].errors[error_type].add(source)
        if record_id is not None:
            evidence[int(person_id)].record_errors[(source, record_id)].add(error_type)
    return outcomes, evidence


def _cause(outcome: Outcome, evidence: _Evidence) -> tuple[str, str]:
    """The first cause, in `CAUSES` order, that explains a wrongful detainer."""
    finding = outcome.finding
    owned = evidence.owned
    if finding.basis in ("final_order", "pending_proceedings", "removable_conviction"):
        decisive = [r for r in finding.trigger_records if r[0] in ("eid", "eoir", "iii")]
        if decisive and not any(r in owned for r in decisive):
            return "wrong_person_link", ",".join(sorted({r[0] for r in decisive}))
    if outcome.path == "usc_born":
        return "wrong_birthplace", ""
    if outcome.path == "usc_derived":
        return "derived_citizenship", ""
    if outcome.path == "usc_acquired":
        return "acquired_citizenship", ""
    if outcome.path == "usc_naturalized" and outcome.citizen:
        return "missing_naturalization", ",".join(
            sorted(
                k for k in evidence.errors if k.startswith("naturalization") or k == "stale_status"
            )
        )
    if evidence.errors.get("stale_status"):
        return "stale_status", ",".join(sorted(evidence.errors["stale_status"]))
    linked = set(finding.linked)
    missed = [
        key
        for key, when in owned.items()
        if key[0] in _STATUS_SOURCES and key not in linked and when <= finding.booked_day
    ]
    if missed:
        kinds = sorted(
            {e for key in missed for e in evidence.record_errors.get(key, ())} & set(_LINK_ERRORS)
        )
        return "name_or_dob_error", ",".join(kinds) or "exact search missed"
    if evidence.errors.get("coverage_gap"):
        return "coverage_gap", ",".join(sorted(evidence.errors["coverage_gap"]))
    return "other", ""
