"""Building an evidence file from a subject's linked records.

The records come as their systems hold them (every column) with the link that brought
each to the subject; `probable.evidence.extract` turns each row into facts, and this
module assembles them, leaves out what was entered after the day the file speaks for,
and derives conflicts, warnings, citizenship indicators and removability bases.

`build_evidence` and `reassess` share one derivation (`_derive`): a file built from
records and a file with corroboration added are judged by the same code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from probable.evidence.afile import settle_by_a_file
from probable.evidence.citizenship import citizenship_indicators
from probable.evidence.conflicts import find_conflicts, find_stale
from probable.evidence.extract import day, extract_facts, subject_facts
from probable.evidence.facts import Fact, LinkKind, Provenance, Tie
from probable.evidence.file import (
    Conflict,
    DataWarning,
    EvidenceFile,
    Indicator,
    ParentInfo,
    in_identity_conflict,
)
from probable.evidence.removability import contradicted_facts, removability_bases
from probable.evidence.warnings import (
    DERIVED_KINDS,
    fact_warnings,
    fingerprint_conflict,
    recorded_after,
    restricted_source,
    set_aside_by_a_file,
    shared_name,
)
from probable.sources.clean_row import normal_a_number, normal_fbi_number, normal_fin
from probable.sources.errors import UnknownSourceError
from probable.sources.schema import PersonRecord
from probable.world.schemas import CORROBORATION_SOURCES, RECORD_COLUMNS, SOURCES

#: Which of two links to the same record to keep: the lower rank.
_LINK_RANK: Mapping[str, int] = {
    "fingerprint": 0,
    "identity": 1,
    "document": 2,
    "interview": 3,
    "booking": 4,
    "biographic": 5,
}


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


def _better(new: LinkedRecord, old: LinkedRecord) -> bool:
    """Whether `new` is a stronger link to the same record than `old`."""
    a, b = _LINK_RANK[new.link], _LINK_RANK[old.link]
    if a != b:
        return a < b
    return (new.probability or 0.0) > (old.probability or 0.0)


def _unique(records: Sequence[LinkedRecord]) -> list[LinkedRecord]:
    """Each record once, by its strongest link, in the order first given."""
    kept: dict[tuple[str, str], LinkedRecord] = {}
    for record in records:
        if record.source not in RECORD_COLUMNS:
            raise UnknownSourceError(
                f"linked record {record.record_id!r} has unknown source {record.source!r};"
                f" evidence reads {', '.join(SOURCES)}"
            )
        key = (record.source, record.record_id)
        old = kept.get(key)
        if old is None or _better(record, old):
            kept[key] = record
    return list(kept.values())


def _identifiers(record: LinkedRecord) -> tuple[str | None, str | None]:
    """The record's A-number and FIN, normalised (None where its system has none)."""
    columns = RECORD_COLUMNS[record.source]
    a_number = normal_a_number(record.row.get(columns.a_number)) if columns.a_number else None
    fin = normal_fin(record.row.get(columns.fin)) if columns.fin else None
    return a_number, fin


def _fbi_number(record: LinkedRecord) -> str | None:
    """The FBI number a criminal history record carries (None where its system has none)."""
    column = RECORD_COLUMNS[record.source].fbi_number
    return normal_fbi_number(record.row.get(column)) if column else None


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The hard identifiers of the fingerprint identity: the booking's FIN and what the
    records its fingerprints matched carry, and the FBI number NGI returned."""

    fins: frozenset[str]
    a_numbers: frozenset[str]
    fbi_number: str | None = None

    def tie(
        self, link: LinkKind, a_number: str | None, fin: str | None, fbi: str | None = None
    ) -> Tie | None:
        """How a record is tied to the fingerprint identity, if it is."""
        if link == "fingerprint" or (fin is not None and fin in self.fins):
            return "fin"
        # Two A-numbers on the fingerprint identity tie nothing (an identity conflict).
        if a_number is not None and self.a_numbers == {a_number}:
            return "a_number"
        if fbi is not None and fbi == self.fbi_number:
            return "fbi_number"
        return None


def _anchor(
    subject: PersonRecord, records: Sequence[LinkedRecord], fbi_number: str | None
) -> _Anchor:
    found = [_identifiers(r) for r in records if r.link == "fingerprint"]
    fins = [normal_fin(subject.fin), *(fin for _, fin in found)]
    return _Anchor(
        frozenset(f for f in fins if f is not None),
        frozenset(a for a, _ in found if a is not None),
        normal_fbi_number(fbi_number),
    )


def build_evidence(
    subject: PersonRecord,
    records: Sequence[LinkedRecord],
    *,
    as_of: date,
    fingerprint_matched: bool,
    fingerprint_conflicts: Sequence[LinkedRecord] = (),
    namesakes: int = 0,
    fbi_number: str | None = None,
) -> EvidenceFile:
    """The evidence file of `subject` on `as_of` from the records linked to them.

    Records entered after `as_of` are left out (one "recorded_after" warning per source
    counts them); records of an investigation-only source are left out unless a document
    brought them ("restricted_source"); `fingerprint_conflicts` give only a warning each.
    Facts dated after `as_of` are not known on it and are left out too. `namesakes`,
    the other identities the index holds under the subject's name and date of birth
    (`LookupResult.namesake_identities`), gives a "shared_name" warning when any.
    `fbi_number`, what NGI returned for the booking's prints, ties the criminal history
    records that carry it (`BookingEvent.fbi_number`).
    """
    if namesakes < 0:
        raise ValueError(f"namesakes must be 0 or more, not {namesakes}")
    facts = subject_facts(subject, as_of)
    warnings: list[DataWarning] = []
    late: dict[str, list[str]] = {}
    unique = _unique(records)
    anchor = _anchor(subject, unique, fbi_number)
    for record in unique:
        source = record.source
        if source in CORROBORATION_SOURCES and record.link != "document":
            warnings.append(restricted_source(source, record.record_id, record.link))
            continue
        recorded = day(record.row.get("recorded_at"))
        if recorded is not None and recorded > as_of:
            late.setdefault(source, []).append(record.record_id)
            continue
        a_number, fin = _identifiers(record)
        fbi = _fbi_number(record)
        provenance = Provenance(
            source,
            record.record_id,
            recorded,
            record.link,
            record.probability,
            record.match_weight,
            a_number=a_number,
            fin=fin,
            date_of_birth=day(record.row.get(RECORD_COLUMNS[source].date_of_birth)),
            tie=anchor.tie(record.link, a_number, fin, fbi),
            fbi_number=fbi,
        )
        facts.extend(extract_facts(source, record.row, provenance, as_of))
    warnings.extend(recorded_after(late, as_of))
    warnings.extend(fingerprint_conflict(r.source, r.record_id) for r in fingerprint_conflicts)
    if namesakes:
        warnings.append(shared_name(namesakes))
    return _derive(
        subject_id=subject.record_id,
        as_of=as_of,
        fingerprint_matched=fingerprint_matched,
        facts=tuple(facts),
        record_warnings=tuple(warnings),
        date_of_birth=subject.date_of_birth,
        parents=(),
        corroborated=(),
    )


def reassess(
    evidence: EvidenceFile,
    extra_facts: Sequence[Fact] = (),
    *,
    parents: Sequence[ParentInfo] = (),
    corroborated: Sequence[str] = (),
) -> EvidenceFile:
    """`evidence` with more facts (from corroboration) and every derived part recomputed.

    Nothing already in the file is lost: facts, parents and corroboration are added to,
    and the warnings about records that never became facts are carried over.
    """
    kept = tuple(w for w in evidence.warnings if w.kind not in DERIVED_KINDS)
    return _derive(
        subject_id=evidence.subject_id,
        as_of=evidence.as_of,
        fingerprint_matched=evidence.fingerprint_matched,
        facts=(*evidence.facts, *evidence.set_aside, *extra_facts),
        record_warnings=kept,
        date_of_birth=evidence.date_of_birth,
        parents=(*evidence.parents, *parents),
        corroborated=(*evidence.corroborated, *corroborated),
    )


def _doubted(
    indicators: Sequence[Indicator], conflicts: Sequence[Conflict]
) -> tuple[Indicator, ...]:
    """`indicators`, each probative one resting only on records in an identity conflict
    (under another A-number or FIN) read as an indicator: whose record it is is not
    known, so it neither ends the case nor is ignored; it calls for the investigation
    (an A-file review settles whose it is, `probable.evidence.afile`)."""
    doubtful = in_identity_conflict(conflicts)
    return tuple(
        replace(
            i,
            weight="indicator",
            summary=f"{i.summary} (its record is in an identity conflict: the subject's or "
            "another person's, until an A-file review settles it)",
        )
        if i.weight == "probative" and i.facts and all(f in doubtful for f in i.facts)
        else i
        for i in indicators
    )


def _derive(
    *,
    subject_id: str,
    as_of: date,
    fingerprint_matched: bool,
    facts: tuple[Fact, ...],
    record_warnings: tuple[DataWarning, ...],
    date_of_birth: date | None,
    parents: tuple[ParentInfo, ...],
    corroborated: tuple[str, ...],
) -> EvidenceFile:
    """The evidence file with conflicts, warnings, indicators and bases derived from `facts`
    (less those an A-file review set aside, `probable.evidence.afile`)."""
    facts, set_aside = settle_by_a_file(facts)
    conflicts = find_conflicts(facts)
    stale = find_stale(facts)
    bases = removability_bases(
        facts,
        fingerprint_matched=fingerprint_matched,
        contradicted=contradicted_facts(conflicts, stale),
    )
    indicators = _doubted(
        citizenship_indicators(facts, date_of_birth=date_of_birth, parents=parents, as_of=as_of),
        conflicts,
    )
    return EvidenceFile(
        subject_id=subject_id,
        as_of=as_of,
        fingerprint_matched=fingerprint_matched,
        facts=facts,
        conflicts=conflicts,
        warnings=(
            *record_warnings,
            *stale,
            *fact_warnings(facts),
            *([set_aside_by_a_file(set_aside)] if set_aside else []),
        ),
        indicators=indicators,
        bases=bases,
        date_of_birth=date_of_birth,
        parents=parents,
        corroborated=corroborated,
        set_aside=set_aside,
    )
