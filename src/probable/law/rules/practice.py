"""The database-only practice (Secure Communities, 2008-10-27 to Policy 10074.2).

On a fingerprint match the officer checked the linked database records and issued a
detainer on the first basis they showed, in this order: a naturalization or derived
citizenship on record stops it; a final order; pending proceedings unless relief or a
lawful status is on record; a permanent resident with a removable conviction (a
resident without one gets nothing); a lawful status gets nothing; a foreign birthplace
with status records that show no current status; and a foreign birthplace with no
record at all, the practice Gonzalez v. ICE struck down (findings, 416 F. Supp. 3d 995).
Corroboration was never required, no basis was weighed for strength, and indicators of
citizenship other than probative records were not looked for.

The facts are read as the practice read them: birthplaces from the records (not the
booking), CIS's deferred action and TPS entries as no lawful status, conviction
categories as `probable.evidence.removability` lists them. The
paperwork of the time (Forms I-247, I-247D/X) is recorded as the I-247A box it stands
for (?). The exact steps officers took are not confirmed (?).
"""

from __future__ import annotations

from datetime import date

from probable.evidence.facts import Fact, FactKind
from probable.evidence.file import BasisKind, RemovabilityBasis
from probable.evidence.removability import REMOVABLE_CONVICTIONS, contradicted_facts, strength
from probable.law.citation import Citation
from probable.law.rule import Context, Finding, Rule
from probable.law.rules.common import basis_facts, foreign_birthplaces
from probable.law.rules.gonzalez import FINDINGS

SOP = Citation(
    instrument="Secure Communities Standard Operating Procedures (ICE, 2009)",
    section="",
    url="https://www.scribd.com/document/23299545/ICE-Secure-Communities-Standard-Operating-Procedures-9-30-09",
    confirmed=False,
)

FROM = date(2008, 10, 27)
"""Secure Communities' first deployment (?)."""
TO = date(2017, 4, 2)
"""Policy 10074.2 required probable cause and a warrant."""

_STATUS_RECORD_KINDS: tuple[FactKind, ...] = (
    "status_expired",
    "status_pending",
    "entry",
    "entry_without_inspection",
)


def _dated_by(fact: Fact, day: date) -> bool:
    return fact.on is None or fact.on <= day


def citizenship_record(ctx: Context) -> Finding | None:
    """A naturalization or derived citizenship on record (or probative evidence) stops it."""
    ev = ctx.evidence
    records = tuple(
        f
        for f in ev.facts
        if f.kind in ("naturalization", "derived_citizenship") and _dated_by(f, ev.as_of)
    )
    probative = ev.probative_citizenship()
    if not records and not probative:
        return None
    facts = records + tuple(f for i in probative for f in i.facts)
    return Finding(
        "the records show the person is a U.S. citizen: no detainer",
        facts=tuple(dict.fromkeys(facts)),
        action="no_action",
    )


def _basis(
    ctx: Context, kind: BasisKind, facts: tuple[Fact, ...], summary: str
) -> RemovabilityBasis:
    """The file's own basis of the kind if it has one, else one made from the facts."""
    found = ctx.evidence.basis(kind)
    if found is not None:
        return found
    ev = ctx.evidence
    contradicted = contradicted_facts(ev.conflicts, ev.warnings)
    return RemovabilityBasis(kind, strength(facts, contradicted), facts, summary)


def _read_as_no_status(fact: Fact) -> bool:
    """CIS's deferred action or TPS entry, which the practice read as no lawful status.

    Deferred action is not a lawful status, and CIS's TPS entry shows no validity period;
    the officer counted a TPS or DACA grant only from a current CLAIMS 3 approval (as the
    baseline this profile replaces did).
    """
    return fact.provenance.source == "cis" and fact.value in ("DACA", "TPS")


def first_basis(ctx: Context) -> Finding | None:
    """The first basis the records show, in the practice's order (see the module)."""
    ev = ctx.evidence
    day = ev.as_of
    of = ev.of
    final = tuple(f for f in of("final_order") if _dated_by(f, day))
    pending = of("proceedings")
    lawful = of("relief") + tuple(
        f for f in of("status_grant") if f.value != "LPR" and not _read_as_no_status(f)
    )
    lpr = tuple(f for f in of("status_grant") if f.value == "LPR") + tuple(
        f for f in of("naturalization", "derived_citizenship") if not _dated_by(f, day)
    )
    if final:
        basis = _basis(ctx, "final_order", final, "final order of removal on record")
        return Finding("a final order of removal on record", basis.facts, accepted=(basis,))
    if pending and not lawful:
        basis = _basis(ctx, "pending_proceedings", pending, "removal proceedings on record")
        return Finding("removal proceedings on record", basis.facts, accepted=(basis,))
    if lpr:
        convictions = tuple(
            f for f in of("conviction") if f.value in REMOVABLE_CONVICTIONS and _dated_by(f, day)
        )
        if not convictions:
            return Finding("a permanent resident without a removable conviction", lpr, "no_action")
        basis = _basis(
            ctx,
            "removable_conviction",
            lpr[:1] + convictions,
            "a permanent resident with a removable conviction",
        )
        return Finding("a resident's removable conviction", basis.facts, accepted=(basis,))
    if lawful:
        return Finding("a lawful status on record: no detainer", lawful, "no_action")
    births = foreign_birthplaces(ctx, records_only=True)
    status = of(*_STATUS_RECORD_KINDS) + tuple(
        f for f in of("status_grant") if _read_as_no_status(f)
    )
    if births and status:
        basis = _basis(
            ctx, "no_status_records", status, "foreign birthplace; records show no current status"
        )
        return Finding(
            "foreign birthplace and records showing no current status",
            basis_facts((basis,)) + births,
            accepted=(basis,),
        )
    return None


def foreign_birth_no_record(ctx: Context) -> Finding | None:
    """A foreign birthplace and no record of entry or status: a detainer (struck down)."""
    if ctx.supporting:
        return None
    births = foreign_birthplaces(ctx, records_only=True)
    if not births:
        return None
    basis = RemovabilityBasis(
        "no_status_records",
        "weak",
        births,
        "foreign birthplace and no record of lawful entry or status",
    )
    return Finding(
        "foreign birthplace and no record of entry or status: the practice issued a "
        "detainer (held unlawful in Gonzalez v. ICE)",
        births,
        accepted=(basis,),
    )


def detainer_form(ctx: Context) -> Finding | None:
    """The detainer with the boxes of its basis; no warrant was required."""
    if ctx.action != "issue_detainer":
        return None
    boxes = tuple(sorted({b.box for b in ctx.supporting}))
    return Finding(
        f"detainer, basis box(es) {', '.join(map(str, boxes))}; no warrant required",
        form="I-247A",
        boxes=boxes,
    )


RULES = (
    Rule(
        "practice.citizenship_record",
        "A naturalization or derived-citizenship record stops a detainer",
        SOP,
        FROM,
        TO,
        "1",
        "citizenship",
        citizenship_record,
    ),
    Rule(
        "practice.first_basis",
        "A detainer on the first basis the linked database records show",
        FINDINGS,
        FROM,
        TO,
        "1",
        "probable_cause",
        first_basis,
    ),
    Rule(
        "practice.foreign_birth_no_record",
        "Foreign birthplace and no record of entry or status: detainer (struck down)",
        FINDINGS,
        FROM,
        TO,
        "1",
        "probable_cause",
        foreign_birth_no_record,
    ),
    Rule(
        "practice.detainer_form",
        "The detainer form with its basis boxes, no warrant",
        SOP,
        FROM,
        TO,
        "1",
        "form",
        detainer_form,
    ),
)
