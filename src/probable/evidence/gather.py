"""Gathering a booking subject's evidence: identity links, then the linked records, then facts.

The identity index says which records are the subject's (fingerprint and biographic
links at the threshold, and the rest of each fingerprint-linked identity); a record
reader returns those records as their systems hold them; `build_evidence` turns them
into the evidence file. One path serves one booking (the center) and many (the
what-if), so both see the same evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from probable.evidence.build import LinkedRecord, build_evidence
from probable.evidence.facts import LinkKind
from probable.evidence.file import EvidenceFile
from probable.identity import IdentityIndex, LookupResult
from probable.sources.bookings import BookingEvent
from probable.sources.schema import records_to_table

#: Reads records by (source, record id): every column as the system holds it.
RecordReader = Callable[[Sequence[tuple[str, str]]], Mapping[tuple[str, str], Mapping[str, Any]]]

#: Bookings looked up in one query by `gather_many`.
CHUNK = 5_000

_UID_SEP = ":"


def _split(uid: str) -> tuple[str, str]:
    source, _, record_id = uid.partition(_UID_SEP)
    return source, record_id


@dataclass(frozen=True, slots=True)
class RecordLink:
    """A record reached from the subject, before its row is read."""

    key: tuple[str, str]
    """(source, record id)."""
    kind: LinkKind
    probability: float | None
    match_weight: float | None

    @property
    def uid(self) -> str:
        """The record's id across sources, as the identity index names it."""
        return _UID_SEP.join(self.key)


def record_links(
    result: LookupResult, members: Mapping[str, Sequence[str]]
) -> tuple[list[RecordLink], list[RecordLink]]:
    """The subject's linked records and the FIN records that conflict with them.

    Linked: every record at the threshold (fingerprint or biographic), then the rest of
    each fingerprint-linked identity (`members`: record uids by identity, from
    `IdentityIndex.identities` of `fingerprint_clusters`).
    """
    linked: list[RecordLink] = []
    seen: set[tuple[str, str]] = set()
    for link in result.linked():
        kind: LinkKind = "fingerprint" if link.kind == "fingerprint" else "biographic"
        key = (link.source, link.record_id)
        linked.append(RecordLink(key, kind, link.probability, link.match_weight))
        seen.add(key)
    for link in result.linked():
        if link.kind != "fingerprint" or link.cluster_id is None:
            continue
        for uid in members.get(link.cluster_id, ()):
            key = _split(uid)
            if key not in seen:
                linked.append(RecordLink(key, "identity", None, None))
                seen.add(key)
    conflicts = [
        RecordLink((lk.source, lk.record_id), "fingerprint", lk.probability, lk.match_weight)
        for lk in result.conflicts()
        if (lk.source, lk.record_id) not in seen
    ]
    return linked, conflicts


def _records(
    links: Sequence[RecordLink], rows: Mapping[tuple[str, str], Mapping[str, Any]]
) -> list[LinkedRecord]:
    return [
        LinkedRecord(lk.key[0], lk.key[1], lk.kind, lk.probability, lk.match_weight, rows[lk.key])
        for lk in links
        if lk.key in rows
    ]


def fingerprint_clusters(results: Sequence[LookupResult]) -> list[str]:
    """The identities the results' fingerprint links belong to."""
    return sorted(
        {
            lk.cluster_id
            for r in results
            for lk in r.linked()
            if lk.kind == "fingerprint" and lk.cluster_id is not None
        }
    )


def _evidence(
    bookings: Sequence[BookingEvent],
    results: Sequence[LookupResult],
    index: IdentityIndex,
    read: RecordReader,
) -> list[EvidenceFile]:
    members = index.identities(fingerprint_clusters(results))
    per_booking = [record_links(r, members) for r in results]
    keys = sorted({lk.key for linked, conflicts in per_booking for lk in (*linked, *conflicts)})
    rows = read(keys)
    return [
        build_evidence(
            booking.subject,
            _records(linked, rows),
            as_of=booking.booked_day,
            fingerprint_matched=booking.fin is not None,
            fingerprint_conflicts=_records(conflicts, rows),
            namesakes=result.namesake_identities(),
            fbi_number=booking.fbi_number,
        )
        for booking, result, (linked, conflicts) in zip(bookings, results, per_booking, strict=True)
    ]


def gather_evidence(
    index: IdentityIndex, read: RecordReader, booking: BookingEvent
) -> EvidenceFile:
    """The evidence file of one booking's subject on the booking day."""
    subject = booking.subject.model_copy(update={"fin": booking.fin})
    result = index.lookup(subject.to_row())
    return _evidence([booking], [result], index, read)[0]


def gather_many(
    index: IdentityIndex,
    read: RecordReader,
    bookings: Sequence[BookingEvent],
    *,
    chunk: int = CHUNK,
) -> Iterator[tuple[BookingEvent, EvidenceFile]]:
    """Each booking with its subject's evidence file, looked up `chunk` bookings at a time."""
    for start in range(0, len(bookings), chunk):
        part = bookings[start : start + chunk]
        subjects: pa.Table = records_to_table(
            b.subject.model_copy(update={"fin": b.fin}) for b in part
        )
        results = index.lookup_many(subjects)
        yield from zip(part, _evidence(part, results, index, read), strict=True)
