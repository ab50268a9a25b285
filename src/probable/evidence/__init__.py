"""Evidence with provenance: the facts about one subject, and what they indicate.

An `EvidenceFile` holds every `Fact` about a booking subject with the record that says
it and how that record was linked, the conflicts and stale records among them, source
warnings, Directive 16001.2's citizenship indicators and the removability bases. It
never decides the action: `probable.law.determine` does. docs/evidence.md and
docs/citizenship.md explain it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.evidence.acquisition import AcquisitionResult, acquisition_at_birth
    from probable.evidence.build import LinkedRecord, build_evidence, reassess
    from probable.evidence.citizenship import citizenship_indicators
    from probable.evidence.corroboration import Document, Interview, corroborate
    from probable.evidence.derivation import DerivationResult, derivation
    from probable.evidence.facts import Fact, FactKind, LinkKind, Provenance
    from probable.evidence.file import (
        BASIS_BOX,
        Conflict,
        DataWarning,
        EvidenceFile,
        Indicator,
        ParentInfo,
        RemovabilityBasis,
    )
    from probable.evidence.gather import RecordReader, gather_evidence, gather_many

__all__ = [
    "BASIS_BOX",
    "AcquisitionResult",
    "Conflict",
    "DataWarning",
    "DerivationResult",
    "Document",
    "EvidenceFile",
    "Fact",
    "FactKind",
    "Indicator",
    "Interview",
    "LinkKind",
    "LinkedRecord",
    "ParentInfo",
    "Provenance",
    "RecordReader",
    "RemovabilityBasis",
    "acquisition_at_birth",
    "build_evidence",
    "citizenship_indicators",
    "corroborate",
    "derivation",
    "gather_evidence",
    "gather_many",
    "reassess",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
