"""The evidence file of one subject: facts, conflicts, warnings, citizenship, removability.

`EvidenceFile` is what the law reads (`probable.law.determine`); it never decides the
action. Everything in it points back to facts, and every fact to its record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from probable.evidence.facts import Fact, FactKind

#: How much a removability basis can bear. strong: tied by fingerprint and uncontradicted;
#: moderate: a biographic link at the threshold, uncontradicted; weak: contradicted,
#: stale, or linked below the threshold.
Strength = Literal["strong", "moderate", "weak"]

#: The I-247A box 1 bases (DOMAIN.md) plus a lawful permanent resident's removable conviction.
BasisKind = Literal[
    "final_order",  # box 1 item 1
    "pending_proceedings",  # item 2
    "no_status_records",  # item 3: records that affirmatively show no status
    "removable_conviction",  # item 3: records that show a resident is removable
    "statements",  # item 4: statements to an officer, other reliable evidence
]

#: I-247A box 1 item for each basis.
BASIS_BOX: dict[str, int] = {
    "final_order": 1,
    "pending_proceedings": 2,
    "no_status_records": 3,
    "removable_conviction": 3,
    "statements": 4,
}

#: ICE Directive 16001.2's indicators of potential U.S. citizenship (partly unconfirmed, ?)
#: and the records that affirmatively show citizenship.
IndicatorKind = Literal[
    "claim_of_citizenship",
    "us_birth_evidence",
    "birth_abroad_to_citizen_parent",
    "parent_naturalized_while_minor_resident",
    "adoption_by_citizen",
    "citizenship_application",
    "unsure_of_status",
    "naturalization_record",
    "citizenship_document",
]

#: probative: evidence that itself shows citizenship (a birth certificate, passport,
#: certificate, naturalization record, a calculator's "citizen" on documented facts);
#: indicator: a reason to investigate, not proof.
IndicatorWeight = Literal["probative", "indicator"]

#: Outcome of an acquisition or derivation check on the facts at hand.
Assessment = Literal["citizen", "not_citizen", "possible", "unknown"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two or more facts that cannot all be true (a Mexican birthplace and a U.S. birth record)."""

    topic: str
    """What they disagree on: "birthplace", "status", "citizenship", "identity"."""
    facts: tuple[Fact, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class DataWarning:
    """A reason to trust a record less: stale, outside what its source is for, a coverage gap."""

    kind: str
    """"stale", "not_designed_for", "coverage_gap", "weak_link", "fingerprint_conflict",
    "recorded_after", "restricted_source", "shared_name", "set_aside"."""
    message: str
    source: str | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    """An indicator of U.S. citizenship (Directive 16001.2), with the facts behind it."""

    kind: IndicatorKind
    weight: IndicatorWeight
    summary: str
    facts: tuple[Fact, ...] = ()
    provision: str | None = None
    """The statute a calculator applied ("INA 320", "former INA 321(a)(1)", "INA 301(g)")."""
    assessment: Assessment | None = None


@dataclass(frozen=True, slots=True)
class RemovabilityBasis:
    """A basis for believing the subject removable, its I-247A box and how much it can bear."""

    kind: BasisKind
    strength: Strength
    facts: tuple[Fact, ...]
    summary: str
    database_only: bool = True
    """True when it rests on database records alone (no interview, no documents)."""
    ground: Fact | None = None
    """The fact that makes the subject removable (the order, the proceedings, the
    conviction, the entry or expiry, the statement), one of `facts`; None for a basis
    made before grounds were kept, read as resting on all its facts alike."""

    @property
    def tied(self) -> bool:
        """True when what makes the subject removable is the subject's beyond a likely link.

        The ground must itself be tied to the fingerprint identity or come from
        corroboration (`Provenance.tied`): an interview confirming a resident's status does
        not make a conviction linked by name and date of birth theirs. The basis's other
        facts (a resident's grant of status) need one of them tied, or corroboration
        confirming them. Without a ground: corroborated, or every record tied. False: a
        lead, however strong the link.
        """
        if self.ground is None:
            return not self.database_only or all(f.provenance.tied for f in self.facts)
        others = [f for f in self.facts if f is not self.ground]
        return self.ground.provenance.tied and (
            not others or any(f.provenance.tied for f in others)
        )

    @property
    def box(self) -> int:
        """The I-247A box 1 item it supports."""
        return BASIS_BOX[self.kind]


@dataclass(frozen=True, slots=True)
class ParentInfo:
    """What an interview or a document says of one parent (for acquisition and derivation)."""

    relation: Literal["mother", "father"]
    citizen_by_birth: bool | None = None
    naturalized_on: date | None = None
    has_custody: bool | None = None
    """Legal and physical custody of the subject while a minor; None when unknown."""
    married_to_other_parent: bool | None = None
    legally_separated: bool | None = None
    """Whether the parents, married, were legally separated (a decree) while the subject was
    a minor; None when unknown. Parents who never married cannot be legally separated
    (Matter of H-, 3 I&N Dec. 742 (C.O. 1949); Nehme v. INS, 252 F.3d 415 (5th Cir. 2001))."""
    died_on: date | None = None
    us_presence_years: float | None = None
    """Years physically present in the U.S. before the subject's birth (INA 301(g))."""
    us_presence_after_14_years: float | None = None


def in_identity_conflict(conflicts: Sequence[Conflict]) -> frozenset[Fact]:
    """Facts of records in an identity conflict: the subject's or another person's, not
    known until an officer (or an A-file review) settles it."""
    return frozenset(f for c in conflicts if c.topic == "identity" for f in c.facts)


def parents_by_relation(parents: Sequence[ParentInfo]) -> dict[str, ParentInfo]:
    """One `ParentInfo` per relation, said in order: a later statement's known fields
    fill or replace an earlier one's (an investigation's answers after an interview's)."""
    merged: dict[str, ParentInfo] = {}
    for info in parents:
        earlier = merged.get(info.relation)
        if earlier is None:
            merged[info.relation] = info
            continue
        known = {
            name: getattr(info, name)
            for name in ParentInfo.__dataclass_fields__
            if getattr(info, name) is not None
        }
        merged[info.relation] = replace(earlier, **known)
    return merged


@dataclass(frozen=True)
class EvidenceFile:
    """Everything known about one subject on one day, with provenance; decides nothing."""

    subject_id: str
    as_of: date
    """The day the file speaks for (the booking day): later records are left out."""
    fingerprint_matched: bool
    """Whether the booking's fingerprints matched an IDENT identity (a FIN)."""
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...] = ()
    warnings: tuple[DataWarning, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    bases: tuple[RemovabilityBasis, ...] = ()
    date_of_birth: date | None = None
    parents: tuple[ParentInfo, ...] = ()
    corroborated: tuple[str, ...] = field(default=())
    """What corroboration fed this file: "interview", "declined_interview", document kinds."""
    set_aside: tuple[Fact, ...] = ()
    """Facts of records an A-file review showed to be another person's (under an A-number
    the subject's file is not under): kept, but no basis, indicator or conflict."""

    def of(self, *kinds: FactKind) -> tuple[Fact, ...]:
        """The facts of the given kinds, in file order."""
        return tuple(f for f in self.facts if f.kind in kinds)

    def doubtful(self) -> frozenset[Fact]:
        """Facts of records in an identity conflict (`in_identity_conflict`)."""
        return in_identity_conflict(self.conflicts)

    def probative_citizenship(self) -> tuple[Indicator, ...]:
        """Indicators that themselves show U.S. citizenship."""
        return tuple(i for i in self.indicators if i.weight == "probative")

    def basis(self, kind: BasisKind) -> RemovabilityBasis | None:
        """The strongest basis of the kind, if any."""
        order = {"strong": 0, "moderate": 1, "weak": 2}
        found = sorted((b for b in self.bases if b.kind == kind), key=lambda b: order[b.strength])
        return found[0] if found else None
