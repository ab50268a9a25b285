"""Evidence files and determinations as JSON: what the case store keeps and the API shows.

Every fact keeps its provenance (source, record id, when recorded, the link and its
probability), so a stored determination can be read, checked and audited without
re-running anything.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from probable.evidence.facts import Fact
from probable.evidence.file import EvidenceFile, Indicator, ParentInfo, RemovabilityBasis
from probable.law.determination import Determination, HoldClock


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _instant(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def fact_dict(fact: Fact) -> dict[str, Any]:
    """One fact with its provenance."""
    p = fact.provenance
    return {
        "kind": fact.kind,
        "value": fact.value,
        "on": _day(fact.on),
        "until": _day(fact.until),
        "note": fact.note,
        "ref": fact.cite(),
        "provenance": {
            "source": p.source,
            "record_id": p.record_id,
            "recorded_at": _day(p.recorded_at),
            "link": p.link,
            "probability": p.probability,
            "match_weight": p.match_weight,
            "a_number": p.a_number,
            "fin": p.fin,
            "tie": p.tie,
            "fbi_number": p.fbi_number,
        },
    }


def _refs(facts: tuple[Fact, ...]) -> list[str]:
    return [f.cite() for f in facts]


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "kind": indicator.kind,
        "weight": indicator.weight,
        "summary": indicator.summary,
        "provision": indicator.provision,
        "assessment": indicator.assessment,
        "facts": _refs(indicator.facts),
    }


def basis_dict(basis: RemovabilityBasis) -> dict[str, Any]:
    """A removability basis with its box, strength and the records it rests on."""
    return {
        "kind": basis.kind,
        "box": basis.box,
        "strength": basis.strength,
        "summary": basis.summary,
        "database_only": basis.database_only,
        "tied": basis.tied,
        "ground": None if basis.ground is None else basis.ground.cite(),
        "facts": _refs(basis.facts),
    }


def _parent(parent: ParentInfo) -> dict[str, Any]:
    return {
        "relation": parent.relation,
        "citizen_by_birth": parent.citizen_by_birth,
        "naturalized_on": _day(parent.naturalized_on),
        "has_custody": parent.has_custody,
        "married_to_other_parent": parent.married_to_other_parent,
        "legally_separated": parent.legally_separated,
        "died_on": _day(parent.died_on),
        "us_presence_years": parent.us_presence_years,
        "us_presence_after_14_years": parent.us_presence_after_14_years,
    }


def evidence_dict(evidence: EvidenceFile, *, withheld: list[dict[str, Any]]) -> dict[str, Any]:
    """The evidence file, and the records withheld from it under a data-access law."""
    return {
        "subject_id": evidence.subject_id,
        "as_of": evidence.as_of.isoformat(),
        "fingerprint_matched": evidence.fingerprint_matched,
        "date_of_birth": _day(evidence.date_of_birth),
        "facts": [fact_dict(f) for f in evidence.facts],
        "conflicts": [
            {"topic": c.topic, "summary": c.summary, "facts": _refs(c.facts)}
            for c in evidence.conflicts
        ],
        "warnings": [
            {"kind": w.kind, "message": w.message, "source": w.source, "facts": _refs(w.facts)}
            for w in evidence.warnings
        ],
        "indicators": [_indicator(i) for i in evidence.indicators],
        "bases": [basis_dict(b) for b in evidence.bases],
        "parents": [_parent(p) for p in evidence.parents],
        "corroborated": list(evidence.corroborated),
        "set_aside": [fact_dict(f) for f in evidence.set_aside],
        "withheld": withheld,
    }


def hold_dict(hold: HoldClock) -> dict[str, Any]:
    """The hold clock: release, end, the rule and the days it skipped."""
    return {
        "release_at": hold.release_at.isoformat(),
        "expires_at": hold.expires_at.isoformat(),
        "rule": hold.rule,
        "citation": str(hold.citation),
        "url": hold.citation.url,
        "excluded_days": list(hold.excluded_days),
        "hours": round(hold.hours, 3),
    }


def determination_dict(determination: Determination) -> dict[str, Any]:
    """The determination with its explanation tree and the rule versions it consulted."""
    return {
        "booking_id": determination.booking_id,
        "action": determination.action,
        "profile": determination.profile,
        "profile_version": determination.profile_version,
        "form": determination.form,
        "basis_boxes": list(determination.basis_boxes),
        "bases": [basis_dict(b) for b in determination.bases],
        "hold": None if determination.hold is None else hold_dict(determination.hold),
        "warrant": determination.warrant,
        "neutral_review_required": determination.neutral_review_required,
        "reason": determination.reason,
        "rules": [{"id": rule, "version": version} for rule, version in determination.rules],
        "fired": determination.fired(),
        "explanation": determination.explanation.as_dict(),
    }
