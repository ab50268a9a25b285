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

from probable.evidence.file import EvidenceFile, ParentInfo

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
    shows: AFileShows | None = None
    """For an A-file review: what the file shows."""
    shows_on: date | None = None


def corroborate(
    evidence: EvidenceFile,
    interview: Interview | None = None,
    documents: Sequence[Document] = (),
) -> EvidenceFile:
    """A new evidence file with the interview's and documents' facts added and reassessed."""
    raise NotImplementedError  # issue 4: helper B
