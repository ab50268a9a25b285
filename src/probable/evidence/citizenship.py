"""Citizenship indicators (ICE Directive 16001.2) and the acquisition and derivation checks.

ICE Directive 16001.2 (2015-11-10) says potential U.S. citizenship must be investigated at
once and with the highest priority, and no citizen may be arrested on civil immigration
grounds. Its indicators, as DOMAIN.md lists them (the full list is partly unconfirmed
from the directive's text: keep them here, named, so a correction is one edit), are a
claim of citizenship, evidence of U.S. birth, birth abroad to a citizen parent
(acquisition), a parent's naturalization while the person was an under-18 permanent
resident (derivation), adoption by a citizen, an N-600 or passport application, and the
person being unsure of their status. Records that themselves show citizenship (a
verified birth certificate or passport, a certificate of naturalization or citizenship,
a naturalization or derivation on record) are "probative"; the rest are reasons to
investigate ("indicator").

Databases err (Gonzalez v. ICE): a U.S. birthplace in a database is an indicator, never
proof; a document counts as proof only when checked with its issuer (a fact noted
"unverified" never makes a probative indicator). A calculator's "citizen" is probative
only on documented parent facts: on the person's word alone (an interview) it is an
indicator. Every indicator keeps the facts behind it.

This runs for every booking in a batch: with no relevant fact it does one pass over the
facts and nothing more; the calculators run only when parent information exists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from probable.evidence.acquisition import acquisition_at_birth
from probable.evidence.derivation import derivation, eighteenth_birthday
from probable.evidence.facts import Fact, FactKind
from probable.evidence.file import Indicator, IndicatorKind, IndicatorWeight, ParentInfo

#: The note corroboration gives a fact from a document not checked with its issuer.
UNVERIFIED = "unverified"

#: The note on facts from an A-file review: a verified review that finds a status other
#: than citizenship concludes the citizenship investigation (Directive 16001.2).
A_FILE_REVIEW = "A-file review"

#: What a concluded A-file review can show other than citizenship.
_NOT_CITIZEN_FINDINGS: frozenset[FactKind] = frozenset(
    {"status_grant", "statement", "final_order", "proceedings"}
)

#: A statement (interview) of when the person became a permanent resident: value, `on` = date.
LPR_SINCE_STATEMENT = "lpr_since"

#: The fact kinds this module reads; a file with none of them (and no parents) costs one pass.
RELEVANT: frozenset[FactKind] = frozenset(
    {
        "citizenship_claim",
        "us_birth_record",
        "us_passport",
        "birthplace",
        "citizenship_certificate",
        "naturalization",
        "derived_citizenship",
        "citizenship_application",
        "adoption",
        "unsure_of_status",
        "verified_citizenship",
        "parent",
        "status_grant",
        "statement",
    }
)


def is_unverified(fact: Fact) -> bool:
    """Whether the fact comes from a document not checked with its issuer."""
    return fact.note.startswith(UNVERIFIED)


def from_verified_document(fact: Fact) -> bool:
    """Whether the fact comes from a document checked with its issuing record system."""
    return fact.provenance.link == "document" and not is_unverified(fact)


def concludes_not_citizen(fact: Fact) -> bool:
    """Whether the fact is a verified A-file review's finding of a status other than citizen."""
    return (
        fact.note == A_FILE_REVIEW
        and fact.provenance.link == "document"
        and fact.kind in _NOT_CITIZEN_FINDINGS
    )


def is_lpr_grant(fact: Fact) -> bool:
    """Whether the fact is a grant of lawful permanent residence."""
    return fact.kind == "status_grant" and (fact.value or "").upper().startswith("LPR")


def _documentary(fact: Fact) -> bool:
    """Not the person's word and not an unchecked document."""
    return fact.provenance.link != "interview" and not is_unverified(fact)


class _Collector:
    """Indicators grouped by (kind, weight), in the order first seen."""

    def __init__(self) -> None:
        self.groups: dict[tuple[IndicatorKind, IndicatorWeight], tuple[str, list[Fact]]] = {}
        self.extra: list[Indicator] = []

    def add(self, kind: IndicatorKind, weight: IndicatorWeight, summary: str, fact: Fact) -> None:
        group = self.groups.setdefault((kind, weight), (summary, []))
        group[1].append(fact)

    def indicators(self) -> tuple[Indicator, ...]:
        grouped = [
            Indicator(kind=kind, weight=weight, summary=summary, facts=tuple(facts))
            for (kind, weight), (summary, facts) in self.groups.items()
        ]
        return (*grouped, *self.extra)


def _as_of_parent(info: ParentInfo, as_of: date) -> ParentInfo:
    """The parent as known on `as_of`: a naturalization after it has not happened yet."""
    if info.naturalized_on is None or info.naturalized_on <= as_of:
        return info
    return dataclasses.replace(
        info,
        naturalized_on=None,
        citizen_by_birth=False if info.citizen_by_birth is None else info.citizen_by_birth,
    )


def _calculator_weight(behind: Sequence[Fact]) -> IndicatorWeight:
    """Probative only when documented parent facts (and nothing on one's word) are behind it."""
    parents = [f for f in behind if f.kind == "parent"]
    if parents and all(_documentary(f) for f in behind):
        return "probative"
    return "indicator"


def citizenship_indicators(
    facts: Sequence[Fact],
    *,
    date_of_birth: date | None,
    parents: Sequence[ParentInfo],
    as_of: date,
) -> tuple[Indicator, ...]:
    """Every indicator of U.S. citizenship the facts and parent information show.

    The kinds are Directive 16001.2's indicators (partly unconfirmed, see the module
    docstring) plus records that show citizenship outright. `parents` come from an
    interview or a document (`ParentInfo`); the "parent" facts describing them, when
    present, decide how much a calculator's outcome weighs. `as_of` is the day the file
    speaks for: later grants and naturalizations are left out.
    """
    relevant = [f for f in facts if f.kind in RELEVANT]
    if not relevant and not parents:
        return ()
    out = _Collector()
    foreign_births: list[Fact] = []
    lpr_facts: list[Fact] = []
    parent_facts: list[Fact] = []
    adoptions: list[Fact] = []
    for fact in relevant:
        kind = fact.kind
        if kind == "citizenship_claim":
            out.add(
                "claim_of_citizenship",
                "indicator",
                "says they are a U.S. citizen: interview with a supervisor and investigate "
                "at once (Directive 16001.2)",
                fact,
            )
        elif kind == "us_birth_record":
            _document(out, "us_birth_evidence", fact, "a U.S. birth record")
        elif kind == "us_passport":
            _document(out, "citizenship_document", fact, "a U.S. passport")
        elif kind == "birthplace":
            country = (fact.value or "").strip().upper()
            if country == "US":
                _document(
                    out,
                    "us_birth_evidence",
                    fact,
                    "a U.S. birth record",
                    unverified="a record or statement gives a U.S. birthplace (databases err: "
                    "confirm)",
                )
            elif country:
                foreign_births.append(fact)
        elif kind in ("citizenship_certificate", "naturalization", "derived_citizenship"):
            _record_of_citizenship(out, fact)
        elif kind == "verified_citizenship":
            out.add(
                "citizenship_document",
                "probative",
                f"verified a U.S. citizen by this center before ({fact.note}): {fact.value}",
                fact,
            )
        elif kind == "citizenship_application":
            out.add(
                "citizenship_application",
                "indicator",
                "an application for a certificate of citizenship (N-600) or a passport",
                fact,
            )
        elif kind == "adoption":
            adoptions.append(fact)
            out.add("adoption_by_citizen", "indicator", "adopted by a U.S. citizen", fact)
        elif kind == "unsure_of_status":
            out.add("unsure_of_status", "indicator", "unsure of their own immigration status", fact)
        elif kind == "parent":
            parent_facts.append(fact)
        elif (is_lpr_grant(fact) or _is_lpr_statement(fact)) and (
            fact.on is not None and fact.on <= as_of
        ):
            lpr_facts.append(fact)
    lpr_facts.sort(key=lambda f: f.on or date.max)
    if parents:
        known = [_as_of_parent(p, as_of) for p in parents]
        if foreign_births:
            _acquisition(out, date_of_birth, foreign_births, known, parent_facts)
        if foreign_births or lpr_facts:
            _derivation(out, date_of_birth, lpr_facts, known, parent_facts, adoptions)
    elif date_of_birth is not None and lpr_facts:
        first = lpr_facts[0]
        assert first.on is not None
        if first.on <= eighteenth_birthday(date_of_birth):
            out.extra.append(
                Indicator(
                    kind="parent_naturalized_while_minor_resident",
                    weight="indicator",
                    summary=(
                        f"a permanent resident since {first.on.isoformat()}, before the 18th "
                        "birthday: a parent's naturalization before then would have made them "
                        "a citizen (INA 320, former INA 321); ask about the parents"
                    ),
                    facts=(first,),
                    provision="INA 320; former INA 321",
                    assessment="possible",
                )
            )
    found = out.indicators()
    if any(concludes_not_citizen(f) for f in facts):
        # The investigation is done, except where the law made the person a citizen
        # without a record: proof, the person's own claim and the open questions of
        # derivation and acquisition still count.
        return tuple(_after_a_file_review(i) for i in found if _survives_a_file_review(i))
    return found


#: Indicators that ask whether the statute made the person a citizen without any filing.
#: A-files record what USCIS was told: derivation (INA 320, former INA 321) is automatic
#: and acquisition at birth (INA 301) needs no filing, so a file showing permanent
#: residence cannot answer them; only facts that settle the statute's conditions can.
STATUTORY_QUESTIONS: frozenset[IndicatorKind] = frozenset(
    {"parent_naturalized_while_minor_resident", "birth_abroad_to_citizen_parent"}
)

#: What settles a derivation or acquisition question, for the explanation and the officer.
SETTLES_STATUTORY_QUESTION = (
    "each parent's citizenship at the birth or naturalization date, legal custody, the "
    "parents' marriage or legal separation, legitimation, the dates of permanent residence "
    "and of residence in the United States"
)


def _after_a_file_review(indicator: Indicator) -> Indicator:
    """A statutory question says why the A-file did not settle it, and what would."""
    if indicator.kind not in STATUTORY_QUESTIONS or indicator.weight == "probative":
        return indicator
    return dataclasses.replace(
        indicator,
        summary=f"{indicator.summary}; an A-file showing another status does not settle this "
        f"(derivation and acquisition need no filing), these facts do: "
        f"{SETTLES_STATUTORY_QUESTION}",
    )


def _survives_a_file_review(indicator: Indicator) -> bool:
    """Whether an indicator still counts after a verified A-file showed another status."""
    if indicator.weight == "probative" or indicator.kind == "claim_of_citizenship":
        return True
    return indicator.kind in STATUTORY_QUESTIONS and indicator.assessment != "not_citizen"


def _document(
    out: _Collector,
    kind: IndicatorKind,
    fact: Fact,
    what: str,
    *,
    unverified: str | None = None,
) -> None:
    """Proof when a verified document shows it; otherwise an indicator to investigate."""
    if from_verified_document(fact):
        out.add(kind, "probative", f"a verified {what.removeprefix('a ')}", fact)
    else:
        out.add(kind, "indicator", unverified or f"{what}, not verified with its issuer", fact)


def _is_lpr_statement(fact: Fact) -> bool:
    return fact.kind == "statement" and fact.value == LPR_SINCE_STATEMENT


def _record_of_citizenship(out: _Collector, fact: Fact) -> None:
    """A certificate, a naturalization or a recorded derivation: probative unless unchecked."""
    weight: IndicatorWeight = "indicator" if is_unverified(fact) else "probative"
    unchecked = ", not verified with its issuer" if weight == "indicator" else ""
    if fact.kind == "citizenship_certificate":
        out.add(
            "citizenship_document",
            weight,
            f"a certificate of citizenship or naturalization{unchecked}",
            fact,
        )
    elif fact.kind == "naturalization":
        out.add("naturalization_record", weight, f"naturalized{unchecked}", fact)
    else:
        out.extra.append(
            Indicator(
                kind="parent_naturalized_while_minor_resident",
                weight=weight,
                summary=f"citizenship derived from a parent, recorded by USCIS{unchecked}",
                facts=(fact,),
                provision="recorded by USCIS",
                assessment="citizen",
            )
        )


def _acquisition(
    out: _Collector,
    date_of_birth: date | None,
    foreign_births: list[Fact],
    parents: list[ParentInfo],
    parent_facts: list[Fact],
) -> None:
    """Birth abroad to a citizen parent (INA 301): an indicator, probative on documents."""
    country = foreign_births[0].value
    result = acquisition_at_birth(date_of_birth, country, parents)
    a_parent_citizen = date_of_birth is not None and any(
        p.citizen_by_birth is True
        or (p.naturalized_on is not None and p.naturalized_on <= date_of_birth)
        for p in parents
    )
    if result.assessment in ("not_citizen",) or (
        result.assessment == "unknown" and not a_parent_citizen
    ):
        return
    behind = (*parent_facts, foreign_births[0])
    weight = _calculator_weight(behind) if result.assessment == "citizen" else "indicator"
    out.extra.append(
        Indicator(
            kind="birth_abroad_to_citizen_parent",
            weight=weight,
            summary=f"born abroad ({country}) to a citizen parent: {result.reason}",
            facts=behind,
            provision=result.provision,
            assessment=result.assessment,
        )
    )


def _derivation(
    out: _Collector,
    date_of_birth: date | None,
    lpr_facts: list[Fact],
    parents: list[ParentInfo],
    parent_facts: list[Fact],
    adoptions: list[Fact],
) -> None:
    """A parent's naturalization while an under-18 resident (INA 320, former INA 321)."""
    lpr_since = lpr_facts[0].on if lpr_facts else None
    adopted = min((f.on for f in adoptions if f.on is not None), default=None)
    result = derivation(date_of_birth, lpr_since, parents, adopted)
    if result.assessment == "not_citizen":
        return
    if result.assessment == "unknown":
        eighteenth = eighteenth_birthday(date_of_birth) if date_of_birth is not None else None
        naturalized_young = eighteenth is not None and any(
            p.naturalized_on is not None and p.naturalized_on <= eighteenth for p in parents
        )
        if not naturalized_young:
            return
    behind = (*parent_facts, *lpr_facts[:1])
    weight = _calculator_weight(behind) if result.assessment == "citizen" else "indicator"
    when = f" on {result.derived_on.isoformat()}" if result.derived_on is not None else ""
    out.extra.append(
        Indicator(
            kind="parent_naturalized_while_minor_resident",
            weight=weight,
            summary=f"derivation from a parent{when}: {result.reason}",
            facts=behind,
            provision=result.provision,
            assessment=result.assessment,
        )
    )
