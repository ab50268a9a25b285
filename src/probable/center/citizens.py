"""Citizens found: kept by FIN with their proof, read back at the person's next booking,
and a correction to each record system whose record of them was wrong.

When probative evidence of U.S. citizenship ends a case (a verified birth certificate,
passport or certificate, a naturalization on record), the person is stored as a verified
citizen under the FIN their fingerprints match. A later booking with that FIN starts from
a `verified_citizenship` fact citing the stored proof, so the citizen is never flagged
again; and each record tied to the fingerprint identity that showed them an alien
(a residence, an order, proceedings, an expired admission) gets a correction notice
through the outbox to its record system. GAO-21-487 found ICE could not even count the
citizens it had investigated; this is the count, and the fix at the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from probable.center import audit
from probable.center.outbox import enqueue
from probable.evidence.facts import Fact, FactKind, Provenance
from probable.evidence.file import EvidenceFile
from probable.store.models import CaseRow, VerifiedCitizenRow

#: The provenance source of a stored verification (the response center itself).
SOURCE = "center"

#: Facts that show a person as an alien: a record tied to the fingerprints that holds one
#: is wrong about a verified citizen.
_ALIEN: frozenset[FactKind] = frozenset(
    {
        "status_grant",
        "status_pending",
        "status_expired",
        "entry_without_inspection",
        "proceedings",
        "final_order",
    }
)

#: Proof of birth in the U.S.: then a foreign birthplace on record is wrong too.
_US_BIRTH = "us_birth_evidence"


@dataclass(frozen=True, slots=True)
class Verified:
    """A stored verification, as a later decision reads it."""

    id: int
    case_number: str
    verified_at: datetime
    proof: str

    def fact(self) -> Fact:
        """The `verified_citizenship` fact a later evidence file starts from."""
        day = self.verified_at.date()
        provenance = Provenance(SOURCE, f"verified-citizen-{self.id}", day, "document")
        note = f"verified in case {self.case_number}"
        return Fact("verified_citizenship", provenance, self.proof, on=day, note=note)


def find_verified(session: Session, fin: str | None) -> Verified | None:
    """The verification stored for this FIN, if any."""
    if not fin:
        return None
    found = session.execute(
        select(VerifiedCitizenRow, CaseRow.number)
        .join(CaseRow, CaseRow.id == VerifiedCitizenRow.case_id)
        .where(VerifiedCitizenRow.fin == fin)
    ).first()
    if found is None:
        return None
    row, number = found
    return Verified(row.id, number, row.verified_at, _summary(row.proof))


def _summary(proof: dict[str, Any]) -> str:
    return "; ".join(i["summary"] for i in proof.get("indicators", []))


def proof_of(evidence: EvidenceFile) -> dict[str, Any]:
    """The probative evidence of citizenship in the file: each indicator and its records."""
    return {
        "indicators": [
            {"kind": i.kind, "summary": i.summary, "facts": [f.cite() for f in i.facts]}
            for i in evidence.probative_citizenship()
        ]
    }


def corrections_of(evidence: EvidenceFile) -> list[dict[str, Any]]:
    """Per record tied to the fingerprint identity that shows the person an alien: its
    system, id and the facts to correct. Records linked by biographics alone are left
    out: they may be a namesake's, and right about them."""
    us_born = any(i.kind == _US_BIRTH for i in evidence.probative_citizenship())
    wrong: dict[tuple[str, str], list[Fact]] = {}
    for fact in evidence.facts:
        p = fact.provenance
        if p.tie is None:  # only a record system's record is tied (`Provenance.tie`)
            continue
        foreign = fact.kind == "birthplace" and fact.value not in (None, "US")
        if fact.kind in _ALIEN or (us_born and foreign):
            wrong.setdefault((p.source, p.record_id), []).append(fact)
    return [
        {
            "record_system": source,
            "record_id": record_id,
            "facts": [
                {
                    "kind": f.kind,
                    "value": f.value,
                    "on": None if f.on is None else f.on.isoformat(),
                }
                for f in facts
            ],
        }
        for (source, record_id), facts in sorted(wrong.items())
    ]


def record_verified(
    session: Session,
    case: CaseRow,
    *,
    determination_id: int,
    fin: str | None,
    proof: dict[str, Any],
    corrections: list[dict[str, Any]],
    now: datetime,
    actor: str,
) -> VerifiedCitizenRow | None:
    """Store the verification (once per FIN) and write a correction per wrong record;
    the new row, or None when there is no FIN or it was stored before."""
    if not fin or not proof["indicators"]:
        return None
    if session.scalar(select(VerifiedCitizenRow.id).where(VerifiedCitizenRow.fin == fin)):
        return None
    row = VerifiedCitizenRow(
        fin=fin,
        case_id=case.id,
        determination_id=determination_id,
        proof=proof,
        verified_at=now,
        verified_by=actor,
    )
    session.add(row)
    session.flush()
    for correction in corrections:
        enqueue(
            session,
            record_system=correction["record_system"],
            kind="record.correction",
            payload={
                "case": case.number,
                "record_id": correction["record_id"],
                "shows": correction["facts"],
                "verified_citizen": True,
                "proof": [i["summary"] for i in proof["indicators"]],
                "verified_at": now.isoformat(),
            },
            at=now,
            case_id=case.id,
        )
    audit.append(
        session,
        actor=actor,
        action="citizenship.verified",
        at=now,
        case_id=case.id,
        detail={
            "verified_citizen_id": row.id,
            "corrections": [f"{c['record_system']}:{c['record_id']}" for c in corrections],
        },
    )
    return row
