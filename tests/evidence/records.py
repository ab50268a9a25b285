"""Linked records and evidence files made by hand, for the evidence tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from probable.evidence.build import LinkedRecord, build_evidence
from probable.evidence.facts import LinkKind
from probable.evidence.file import EvidenceFile
from probable.sources.schema import PersonRecord

AS_OF = date(2020, 6, 1)
SUBJECT = PersonRecord(record_id="BK1", source="booking", date_of_birth=date(1990, 1, 1))


def record(
    source: str,
    record_id: str,
    link: LinkKind = "fingerprint",
    probability: float | None = 1.0,
    recorded_at: date = date(2010, 1, 1),
    **row: Any,
) -> LinkedRecord:
    """A record of `source` with the given columns, linked to the subject."""
    return LinkedRecord(
        source, record_id, link, probability, 12.0, {"recorded_at": recorded_at, **row}
    )


def evidence(
    *records: LinkedRecord, fingerprint_matched: bool = True, **options: Any
) -> EvidenceFile:
    """The subject's evidence file on `AS_OF` from the records."""
    return build_evidence(
        SUBJECT, records, as_of=AS_OF, fingerprint_matched=fingerprint_matched, **options
    )
