"""Removability bases: the I-247A box 1 items the facts support, and how much each can bear.

A basis is always something a record or a person affirmatively says: a final order,
pending proceedings, records that show no status, a resident's removable conviction,
a statement. The absence of a record is never a basis (Policy 10074.2: foreign birth
plus no match in the databases is not probable cause), so nothing here looks at what
is missing. Strength follows the link: a fact tied by fingerprint (or from an interview
or a document) and uncontradicted is strong; one linked by name and date of birth at
p >= 0.99 and uncontradicted is moderate; anything contradicted, stale or linked below
that is weak. A basis is tied when corroboration confirms it or every record it rests on
carries the fingerprint identity's FIN or A-number (`Provenance.tie`); otherwise it is a
lead however strong the link (`policy_10074.basis_tied`). docs/evidence.md describes
each basis.
"""

from __future__ import annotations

from collections.abc import Sequence

from probable.evidence.conflicts import CITIZENSHIP_KINDS, NO_STATUS_STATEMENTS
from probable.evidence.facts import Fact, FactKind
from probable.evidence.file import BasisKind, Conflict, DataWarning, RemovabilityBasis, Strength

#: Offence categories that make a lawful permanent resident removable here. A modelling
#: choice, not the law: INA 237(a)(2) turns on the statute of conviction, which the
#: simulated criminal history does not carry, so only its two categories that clearly
#: fall under it (aggravated felonies, controlled substances) count.
REMOVABLE_CONVICTIONS = frozenset({"CONTROLLED SUBSTANCE", "AGGRAVATED FELONY"})

#: Lowest biographic link probability for a moderate basis.
MODERATE_PROBABILITY = 0.99

#: Links whose facts a basis can rest on as strongly as on a fingerprint.
CORROBORATED_LINKS = frozenset({"interview", "document"})

#: Facts that show the subject holds or seeks a status, or is a citizen: any of them
#: means records do not affirmatively show no status.
_LAWFUL: frozenset[FactKind] = frozenset(
    {"status_grant", "status_pending", "relief", *CITIZENSHIP_KINDS}
)

#: Facts that overtake pending proceedings when dated on or after them.
_DECIDED: frozenset[FactKind] = frozenset({"final_order", "relief", "status_grant"})


def contradicted_facts(conflicts: Sequence[Conflict], stale: Sequence[DataWarning]) -> set[Fact]:
    """Facts in a conflict, and facts a stale warning says are out of date (its first)."""
    found = {fact for conflict in conflicts for fact in conflict.facts}
    found.update(w.facts[0] for w in stale if w.kind == "stale" and w.facts)
    return found


def strength(facts: Sequence[Fact], contradicted: set[Fact]) -> Strength:
    """How much a basis resting on `facts` can bear (see the module docstring)."""
    level: Strength = "strong"
    for fact in facts:
        if fact in contradicted:
            return "weak"
        p = fact.provenance
        if p.fingerprint or p.link in CORROBORATED_LINKS or p.link == "booking":
            continue
        if p.link == "biographic" and p.probability is not None:
            if p.probability < MODERATE_PROBABILITY:
                return "weak"
            level = "moderate"
        else:
            return "weak"
    return level


def _basis(
    kind: BasisKind,
    facts: tuple[Fact, ...],
    contradicted: set[Fact],
    summary: str,
    *,
    ground: Fact | None = None,
) -> RemovabilityBasis:
    """A basis on `facts`; its ground (what makes the subject removable) is `ground`, or
    the one fact."""
    database_only = not any(f.provenance.link in CORROBORATED_LINKS for f in facts)
    return RemovabilityBasis(
        kind,
        strength(facts, contradicted),
        facts,
        summary,
        database_only=database_only,
        ground=ground if ground is not None else (facts[0] if len(facts) == 1 else None),
    )


def _dated(fact: Fact) -> str:
    return f" on {fact.on.isoformat()}" if fact.on else ""


def _overtaken(fact: Fact, facts: Sequence[Fact], kinds: frozenset[FactKind]) -> bool:
    """Whether a fact of `kinds` is dated on or after `fact` (or either has no date)."""
    return any(
        other.kind in kinds
        and other is not fact
        and (fact.on is None or other.on is None or other.on >= fact.on)
        for other in facts
    )


def removability_bases(
    facts: Sequence[Fact],
    *,
    fingerprint_matched: bool,
    contradicted: set[Fact],
) -> tuple[RemovabilityBasis, ...]:
    """Every basis the facts support, one per fact (or per conviction), in file order."""
    bases: list[RemovabilityBasis] = []
    lawful = any(f.kind in _LAWFUL for f in facts)
    lpr_grants = [f for f in facts if _residence_since(f)]
    confirmed = tuple(f for f in facts if _confirms_residence(f))
    for fact in facts:
        kind = fact.kind
        if kind == "final_order":
            summary = f"final order of removal{_dated(fact)} ({fact.cite()})"
            bases.append(_basis("final_order", (fact,), contradicted, summary))
        elif kind == "proceedings" and not _overtaken(fact, facts, _DECIDED):
            summary = f"removal proceedings pending since{_dated(fact) or ' an unknown date'}"
            bases.append(
                _basis("pending_proceedings", (fact,), contradicted, f"{summary} ({fact.cite()})")
            )
        elif kind in ("status_expired", "entry_without_inspection"):
            if fingerprint_matched and not lawful:
                what = (
                    f"admission as {fact.value} ended {fact.until}"
                    if kind == "status_expired"
                    else f"entry without inspection{_dated(fact)}"
                )
                summary = f"{what}, no later status on record ({fact.cite()})"
                bases.append(_basis("no_status_records", (fact,), contradicted, summary))
        elif kind == "conviction" and fact.value in REMOVABLE_CONVICTIONS and fact.on:
            basis = _conviction_basis(fact, lpr_grants, confirmed, contradicted)
            if basis is not None:
                bases.append(basis)
        elif (
            kind == "statement"
            and fact.value in NO_STATUS_STATEMENTS
            and fact.provenance.link in CORROBORATED_LINKS
        ):
            said = fact.value.replace("_", " ") if fact.value else ""
            summary = f"{fact.provenance.link}: {said} ({fact.cite()})"
            bases.append(_basis("statements", (fact,), contradicted, summary))
    return tuple(bases)


def _residence_since(fact: Fact) -> bool:
    """A dated grant of permanent residence, or the person's dated statement of one."""
    if fact.on is None:
        return False
    if fact.kind == "status_grant":
        return fact.value == "LPR"
    return (
        fact.kind == "statement"
        and fact.value == "lpr_since"
        and fact.provenance.link in CORROBORATED_LINKS
    )


def _confirms_residence(fact: Fact) -> bool:
    """An interview or A-file review that confirms the person is a permanent resident."""
    if fact.provenance.link not in CORROBORATED_LINKS:
        return False
    if fact.kind == "statement":
        return fact.value == "claims_status:LPR"
    return fact.kind == "status_grant" and fact.value in ("LPR", "A-file")


def _conviction_basis(
    conviction: Fact,
    lpr_grants: Sequence[Fact],
    confirmed: tuple[Fact, ...],
    contradicted: set[Fact],
) -> RemovabilityBasis | None:
    """A resident's removable conviction: the grant giving the strongest basis, if any.

    An interview or A-file review confirming the residence joins the basis, which then no
    longer rests on database records alone (I-247A item 4: other reliable evidence).
    """
    order = {"strong": 0, "moderate": 1, "weak": 2}
    best: RemovabilityBasis | None = None
    for grant in lpr_grants:
        if grant.on is None or conviction.on is None or conviction.on <= grant.on:
            continue
        summary = (
            f"{conviction.value} conviction on {conviction.on} ({conviction.cite()}) after"
            f" permanent residence from {grant.on} ({grant.cite()})"
        )
        if confirmed:
            summary += f", confirmed by {confirmed[0].cite()}"
        basis = _basis(
            "removable_conviction",
            (grant, conviction, *confirmed),
            contradicted,
            summary,
            ground=conviction,
        )
        if best is None or order[basis.strength] < order[best.strength]:
            best = basis
    return best
