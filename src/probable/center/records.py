"""Where the center's evidence comes from: the identity index and the record systems.

`IndexEvidence` gathers a booking subject's evidence file through the identity index
(`probable.evidence.gather_evidence`), reading records through a reader that withholds
every record of a source a data-access law closes on the booking day, unless the
case records the legal basis that law allows (a judge's order). What was withheld is
returned so the case can show it and the audit log can record it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from probable.evidence.file import EvidenceFile
from probable.evidence.gather import RecordReader, gather_evidence
from probable.identity import IdentityIndex
from probable.law.jurisdictions import DataRestriction
from probable.sources.bookings import BookingEvent
from probable.sources.details import WorldRecordReader


@dataclass(frozen=True, slots=True)
class Withheld:
    """A record left out of the evidence because a data-access law closes its source."""

    source: str
    record_id: str
    law: str
    """The restriction's id in the jurisdiction table."""
    allowed_with: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "source": self.source,
            "record_id": self.record_id,
            "law": self.law,
            "allowed_with": self.allowed_with,
        }


class EvidenceSource(Protocol):
    """Anything that can gather a booking subject's evidence file."""

    def gather(
        self, booking: BookingEvent, closed: Mapping[str, DataRestriction]
    ) -> tuple[EvidenceFile, list[Withheld]]:
        """The evidence file without the closed sources' records, and those withheld."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...


class _Withholding:
    """A record reader that drops the closed sources' records and remembers them."""

    def __init__(self, read: RecordReader, closed: Mapping[str, DataRestriction]) -> None:
        self._read = read
        self._closed = closed
        self.withheld: list[Withheld] = []

    def __call__(self, keys: Sequence[tuple[str, str]]) -> Mapping[tuple[str, str], Any]:
        kept = []
        for source, record_id in keys:
            law = self._closed.get(source)
            if law is None:
                kept.append((source, record_id))
            else:
                self.withheld.append(Withheld(source, record_id, law.id, law.allowed_with))
        return self._read(kept) if kept else {}


class IndexEvidence:
    """Evidence through an identity index and a record reader (one world, or any reader)."""

    def __init__(self, index: IdentityIndex, read: RecordReader) -> None:
        self.index = index
        self.read = read

    @classmethod
    def from_world(cls, world_dir: Path, index_path: Path) -> IndexEvidence:
        """The world's record systems and its identity index (its resident copy mapped)."""
        return cls(IdentityIndex(index_path, resident=True), WorldRecordReader(world_dir))

    def gather(
        self, booking: BookingEvent, closed: Mapping[str, DataRestriction]
    ) -> tuple[EvidenceFile, list[Withheld]]:
        """The evidence file on the booking day, closed sources withheld."""
        reader = _Withholding(self.read, closed)
        evidence = gather_evidence(self.index, reader, booking)
        return evidence, reader.withheld

    def close(self) -> None:
        """Close the index and the reader."""
        self.index.close()
        closer = getattr(self.read, "close", None)
        if callable(closer):
            closer()
