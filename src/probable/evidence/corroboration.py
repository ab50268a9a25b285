"""Corroboration: an interview and documents, turned into facts that feed a new determination.

The court found an interview, the A-file or other documents the reliable way to confirm
status (Gonzalez v. ICE); Directive 16001.2 lists what the interview must ask. An
`Interview` and `Document`s become facts with `interview`/`document` provenance, and
`corroborate` returns a new `EvidenceFile` with them; nothing already in the file is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from probable.evidence.build import reassess
from probable.evidence.citizenship import A_FILE_REVIEW, LPR_SINCE_STATEMENT, UNVERIFIED
from probable.evidence.facts import Fact, FactKind, Provenance
from probable.evidence.file import EvidenceFile, ParentInfo
from probable.sources.clean_row import normal_a_number

#: Documents an investigation may see.
DocumentKind = Literal[
    "birth_certificate",  # a U.S. state birth certificate (vital records)
    "us_passport",
    "naturalization_certificate",  # N-550
    "citizenship_certificate",  # N-560 / N-561 (acquisition or derivation, after an N-600)
    "consular_report_of_birth",  # FS-240
    "a_file",  # review of the person's A-file (immigration history)
    "foreign_passport",
]

#: What an A-file review can show.
AFileShows = Literal[
    "citizen", "lawful_status", "no_status", "final_order", "pending_proceedings", "nothing"
]


@dataclass(frozen=True, slots=True)
class Interview:
    """The questions Directive 16001.2's indicators call for, and the answers."""

    interview_id: str
    conducted_on: date
    declined: bool = False
    """The person declined to speak: no answer below may be read as anything."""
    supervisor_present: bool = False
    claims_us_citizenship: bool | None = None
    place_of_birth: str | None = None
    """Country code as the person gives it."""
    parents: tuple[ParentInfo, ...] = ()
    lpr_since: date | None = None
    """When the person became a permanent resident, as they say (for derivation)."""
    adopted_by_citizen_on: date | None = None
    documents_held: tuple[DocumentKind, ...] = ()
    states_status: str | None = None
    """The status the person says they hold ("LPR", "TPS", "ASYLEE", ...), if any."""
    admits_no_status: bool | None = None
    """States they entered without inspection or hold no status (I-247A box 1 item 4)."""
    unsure_of_status: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """One document produced or retrieved, and whether it was checked with its issuer."""

    kind: DocumentKind
    number: str
    issued_on: date | None = None
    verified: bool = False
    """Checked against the issuing record system (vital records, passports, certificates)."""
    source: str | None = None
    """The record system that holds the issuing record, when verified."""
    record_id: str | None = None
    birth_country: str | None = None
    """For a foreign passport: the country of birth it gives."""
    birth_state: str | None = None
    """For a birth certificate: the issuing state ("OH"), when known."""
    shows: AFileShows | None = None
    """For an A-file review: what the file shows."""
    a_numbers: tuple[str, ...] = ()
    """For an A-file review: the A-numbers the file is under (its own and any
    consolidated into it). Retrieved through the fingerprints, the file says whose
    records are whose: a linked record under one of them is the subject's, one under
    another A-number is another person's."""
    shows_on: date | None = None
    status: str | None = None
    """For an A-file showing a lawful status: which ("LPR", "TPS", ...), dated `shows_on`."""


#: What `corroborated` records for an interview, answered or declined.
INTERVIEW = "interview"
DECLINED_INTERVIEW = "declined_interview"

#: Statement values an interview gives (fact kind "statement").
NO_STATUS = "no_status"
CLAIMS_STATUS_PREFIX = "claims_status:"

#: What each document kind shows on its own (an A-file review depends on `shows`).
_CERTIFICATE_FORM: dict[str, str] = {
    "naturalization_certificate": "N-550",
    "citizenship_certificate": "N-560",
    "consular_report_of_birth": "FS-240",
}


#: What an A-file review showing each outcome gives (kind, value); "nothing" gives no fact.
_A_FILE_FACT: dict[str, tuple[FactKind, str | None]] = {
    "citizen": ("citizenship_certificate", "A-file"),
    "lawful_status": ("status_grant", "A-file"),
    "no_status": ("statement", NO_STATUS),
    "final_order": ("final_order", None),
    "pending_proceedings": ("proceedings", None),
}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _number(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def parent_fact_value(parent: ParentInfo) -> str:
    """A "parent" fact's value: every `ParentInfo` field as `key=value;...` (empty: unknown).

    For example "relation=mother;citizen_by_birth=yes;naturalized_on=;has_custody=yes;
    married_to_other_parent=yes;legally_separated=;died_on=;us_presence_years=6.0;us_presence_after_14_years=3.0".
    `parse_parent_fact` reads it back.
    """
    fields = {
        "relation": parent.relation,
        "citizen_by_birth": _yes_no(parent.citizen_by_birth),
        "naturalized_on": _day(parent.naturalized_on),
        "has_custody": _yes_no(parent.has_custody),
        "married_to_other_parent": _yes_no(parent.married_to_other_parent),
        "legally_separated": _yes_no(parent.legally_separated),
        "died_on": _day(parent.died_on),
        "us_presence_years": _number(parent.us_presence_years),
        "us_presence_after_14_years": _number(parent.us_presence_after_14_years),
    }
    return ";".join(f"{k}={v}" for k, v in fields.items())


def parse_parent_fact(value: str) -> ParentInfo:
    """The `ParentInfo` a "parent" fact's value describes (`parent_fact_value` in reverse).

    Raises ValueError naming the field when the value is malformed.
    """
    pairs = dict(part.split("=", 1) for part in value.split(";") if "=" in part)

    def flag(key: str) -> bool | None:
        raw = pairs.get(key, "")
        if raw not in ("", "yes", "no"):
            raise ValueError(f"parent fact: {key} must be yes, no or empty, not {raw!r}")
        return None if raw == "" else raw == "yes"

    def day(key: str) -> date | None:
        raw = pairs.get(key, "")
        try:
            return date.fromisoformat(raw) if raw else None
        except ValueError as err:
            raise ValueError(f"parent fact: {key} is not a date: {raw!r}") from err

    def number(key: str) -> float | None:
        raw = pairs.get(key, "")
        try:
            return float(raw) if raw else None
        except ValueError as err:
            raise ValueError(f"parent fact: {key} is not a number: {raw!r}") from err

    relation = pairs.get("relation", "")
    if relation not in ("mother", "father"):
        raise ValueError(f"parent fact: relation must be mother or father, not {relation!r}")
    return ParentInfo(
        relation="mother" if relation == "mother" else "father",
        citizen_by_birth=flag("citizen_by_birth"),
        naturalized_on=day("naturalized_on"),
        has_custody=flag("has_custody"),
        married_to_other_parent=flag("married_to_other_parent"),
        legally_separated=flag("legally_separated"),
        died_on=day("died_on"),
        us_presence_years=number("us_presence_years"),
        us_presence_after_14_years=number("us_presence_after_14_years"),
    )


def interview_facts(
    interview: Interview, subject_id: str
) -> tuple[tuple[Fact, ...], tuple[ParentInfo, ...]]:
    """The facts an interview gives, and what it says of the parents.

    Every fact has provenance source "interview", record id the interview's id, link
    "interview" and the interview's day. A declined interview gives no facts at all (no
    silence may be read as an answer). What a person says of a lawful status is a
    statement ("claims_status:LPR"), never a grant; saying they hold none is the
    statement "no_status" (I-247A box 1 item 4). `subject_id` is the subject the
    interview is of, kept in each fact's note.
    """
    if interview.declined:
        return (), ()
    provenance = Provenance(
        source="interview",
        record_id=interview.interview_id,
        recorded_at=interview.conducted_on,
        link="interview",
    )
    note = f"subject {subject_id}" + (
        "; supervisor present" if interview.supervisor_present else ""
    )
    facts: list[Fact] = []

    def add(kind: FactKind, value: str | None = None, on: date | None = None) -> None:
        facts.append(Fact(kind=kind, provenance=provenance, value=value, on=on, note=note))

    if interview.claims_us_citizenship:
        add("citizenship_claim", "US")
    if interview.place_of_birth:
        add("birthplace", interview.place_of_birth.strip().upper())
    if interview.states_status:
        add("statement", CLAIMS_STATUS_PREFIX + interview.states_status.strip().upper())
    if interview.admits_no_status:
        add("statement", NO_STATUS)
    if interview.unsure_of_status:
        add("unsure_of_status")
    if interview.adopted_by_citizen_on is not None:
        add("adoption", on=interview.adopted_by_citizen_on)
    if interview.lpr_since is not None:
        add("statement", LPR_SINCE_STATEMENT, on=interview.lpr_since)
    for parent in interview.parents:
        add("parent", parent_fact_value(parent))
    return tuple(facts), tuple(interview.parents)


def document_facts(document: Document) -> tuple[Fact, ...]:
    """The facts one document gives, with "document" provenance.

    Source is the issuing record system (or "document"), record id the issuing record
    (or the document number). A document not checked with its issuer still gives its
    facts, noted "unverified": they never make a probative citizenship indicator.
    """
    provenance = Provenance(
        source=document.source or "document",
        record_id=document.record_id or document.number,
        recorded_at=document.issued_on,
        link="document",
    )
    note = "" if document.verified else UNVERIFIED
    facts: list[Fact] = []

    def add(kind: FactKind, value: str | None = None, on: date | None = None) -> None:
        facts.append(Fact(kind=kind, provenance=provenance, value=value, on=on, note=note))

    kind = document.kind
    if kind == "birth_certificate":
        add("us_birth_record", document.birth_state or None, on=document.issued_on)
        add("birthplace", "US")
    elif kind == "us_passport":
        add("us_passport", on=document.issued_on)
    elif kind == "naturalization_certificate":
        add("naturalization", on=document.issued_on)
        add("citizenship_certificate", _CERTIFICATE_FORM[kind], on=document.issued_on)
    elif kind in _CERTIFICATE_FORM:
        add("citizenship_certificate", _CERTIFICATE_FORM[kind], on=document.issued_on)
    elif kind == "foreign_passport":
        if document.birth_country:
            add("birthplace", document.birth_country.strip().upper())
    elif kind == "a_file" and document.shows in _A_FILE_FACT:
        fact_kind, value = _A_FILE_FACT[document.shows]
        note = f"{note}; {A_FILE_REVIEW}" if note else A_FILE_REVIEW
        if document.shows == "lawful_status" and document.status:
            value = document.status
        add(fact_kind, value, on=document.shows_on)
    if kind == "a_file" and document.verified:
        for number in document.a_numbers:
            normal = normal_a_number(number)
            if normal is None:
                raise ValueError(f"A-file {document.number}: {number!r} is not an A-number")
            add("a_file_number", normal)
    return tuple(facts)


def corroborate(
    evidence: EvidenceFile,
    interview: Interview | None = None,
    documents: Sequence[Document] = (),
) -> EvidenceFile:
    """A new evidence file with the interview's and documents' facts added and reassessed.

    `corroborated` gains "interview" (or "declined_interview") and each document's kind;
    everything already in the file stays.
    """
    facts: list[Fact] = []
    parents: tuple[ParentInfo, ...] = ()
    done: list[str] = []
    if interview is not None:
        said, parents = interview_facts(interview, evidence.subject_id)
        facts.extend(said)
        done.append(DECLINED_INTERVIEW if interview.declined else INTERVIEW)
    for document in documents:
        facts.extend(document_facts(document))
        done.append(document.kind)
    return reassess(evidence, facts, parents=parents, corroborated=done)
