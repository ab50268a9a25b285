"""Facts about one subject, each with its provenance: the record that says it, and the link.

A fact without its source record is a bug (DESIGN.md). A removal order linked by name
and date of birth at p = 0.8 is not the same fact as one linked by fingerprint, so every
fact keeps the link that brought its record to the subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

#: How a record reached the subject. fingerprint/biographic: an identity link at the
#: threshold (`probable.identity.Link.kind`); identity: another record of the identity a
#: fingerprint link belongs to; booking: the booking itself; interview/document: corroboration.
LinkKind = Literal["fingerprint", "biographic", "identity", "booking", "interview", "document"]

#: A hard identifier that ties a record to the fingerprint identity.
Tie = Literal["fin", "a_number", "fbi_number"]

#: What a fact is about. Values and dates per kind are listed in docs/evidence.md.
FactKind = Literal[
    "birthplace",  # value: ISO country code ("US", "MX")
    "us_birth_record",  # a U.S. birth certificate (vital record); value: state
    "us_passport",  # a U.S. passport; on: issued, until: expires
    "citizenship_certificate",  # N-550 (naturalization) / N-560 (citizenship); value: form
    "naturalization",  # oath taken (CLAIMS 4) or CIS "NATURALIZED"; on: the oath/status date
    "derived_citizenship",  # CIS "USC (DERIVED)"; on: status date
    "citizenship_application",  # N-600 or passport application on file; value: form
    "status_grant",  # a lawful status: value LPR, ASYLEE, REFUGEE, TPS, DACA, or a visa class
    "status_pending",  # an application pending that protects (I-485 pending); value: form
    "status_expired",  # an admission or benefit whose period ended; value: class; until: end
    "entry",  # an inspected arrival; value: class of admission; on: arrival
    "entry_without_inspection",  # a border apprehension or EWI class; on: encounter date
    "proceedings",  # removal proceedings pending; on: NTA or arrest date
    "relief",  # relief granted by an immigration judge; value: kind
    "final_order",  # a final order of removal; on: order date
    "conviction",  # a criminal conviction; value: offence category; on: conviction date
    "citizenship_claim",  # the person says they are a U.S. citizen
    "statement",  # another statement to an officer; value: what was said (a STATEMENTS key)
    "parent",  # a parent fact from an interview or document; value: see ParentFact
    "adoption",  # adopted by a U.S. citizen; on: adoption date
    "unsure_of_status",  # the person does not know their status
    "verified_citizenship",  # the center verified them a citizen before; value: the proof
    "a_file_number",  # an A-file review: a number the file is under; value: the A-number
]


#: Links that are ties in themselves: the fingerprint match (its FIN), the booking,
#: and corroboration.
_TIED_LINKS = frozenset({"fingerprint", "booking", "interview", "document"})


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact comes from: the record, when it was entered, and how it was linked."""

    source: str
    """The record system ("eid", "cis", ...), "booking", "interview" or "document"."""
    record_id: str
    recorded_at: date | None
    """The day the record was entered; None when the source does not say."""
    link: LinkKind
    probability: float | None = None
    """The link's match probability; None for the booking and corroboration."""
    match_weight: float | None = None
    a_number: str | None = None
    """The A-number the record carries, normalised ("A012345678"); None when it has none."""
    fin: str | None = None
    """The FIN the record carries (IDENT, EID); None when it has none."""
    tie: Tie | None = None
    """The hard identifier tying the record to the booking's fingerprint identity: "fin"
    (the fingerprints matched this record, or it carries their FIN), "a_number" (it
    carries the one A-number the fingerprint-matched records carry) or "fbi_number" (a
    criminal history record carrying the FBI number NGI returned for the booking's
    prints). None: a biographic link alone, however probable, which is a lead
    (`probable.evidence.removability`)."""
    fbi_number: str | None = None
    """The FBI number (UCN) the record carries (III); None when it has none."""
    date_of_birth: date | None = None
    """The date of birth the record gives; None when it gives none (or for corroboration)."""

    @property
    def fingerprint(self) -> bool:
        """Whether the record is tied to the subject by fingerprint (directly or by identity)."""
        return self.link in ("fingerprint", "identity")

    @property
    def tied(self) -> bool:
        """Whether the record is the subject's beyond a likely link: tied to the fingerprint
        identity by a hard identifier, the booking itself, or corroboration (an interview,
        a verified document or an A-file review)."""
        return self.tie is not None or self.link in _TIED_LINKS


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing a record says about the subject, with the record that says it."""

    kind: FactKind
    provenance: Provenance
    value: str | None = None
    on: date | None = None
    """When it happened (the order, the grant, the arrival); None when unknown."""
    until: date | None = None
    """When it ends (a status's end of validity); None when open or unknown."""
    note: str = ""

    def cite(self) -> str:
        """Short reference: "eid:E123 (fingerprint)"."""
        p = self.provenance
        return f"{p.source}:{p.record_id} ({p.link})"
