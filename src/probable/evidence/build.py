"""Building an evidence file from a subject's linked records.

The records come as their systems hold them (every column) with the link that brought
each to the subject; `probable.evidence.extract` turns each row into facts, and this
module assembles them, leaves out what was entered after the day the file speaks for,
and derives conflicts, warnings, citizenship indicators and removability bases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from probable.evidence.facts import Fact, LinkKind
from probable.evidence.file import EvidenceFile, ParentInfo
from probable.sources.schema import PersonRecord


@dataclass(frozen=True, slots=True)
class LinkedRecord:
    """One record of a record system, as the system holds it, and how it was linked."""

    source: str
    record_id: str
    link: LinkKind
    probability: float | None
    match_weight: float | None
    row: Mapping[str, Any]
    """Every column of the record in its own system's names (`recorded_at` included)."""


def build_evidence(
    subject: PersonRecord,
    records: Sequence[LinkedRecord],
    *,
    as_of: date,
    fingerprint_matched: bool,
    fingerprint_conflicts: Sequence[LinkedRecord] = (),
) -> EvidenceFile:
    """The evidence file of `subject` on `as_of` from the records linked to them."""
    raise NotImplementedError  # issue 4: helper A


def reassess(
    evidence: EvidenceFile,
    extra_facts: Sequence[Fact] = (),
    *,
    parents: Sequence[ParentInfo] = (),
    corroborated: Sequence[str] = (),
) -> EvidenceFile:
    """`evidence` with more facts (from corroboration) and every derived part recomputed."""
    raise NotImplementedError  # issue 4: helper A
