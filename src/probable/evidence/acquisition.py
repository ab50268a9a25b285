"""Citizenship acquired at birth abroad (INA 301(c) and 301(g)), on the facts at hand.

Why here and not in the simulator: the decision path must apply the statute itself, on
what an interview or a document says, which is often incomplete (a parent's years in the
United States unknown, whether the parents were married unknown). The simulator has its
own implementation on complete facts (`probable.world.citizenship`); this one is written
independently so that a mistake shared by both cannot hide itself, and tests compare them.

The law (the law in force at the child's birth decides):

- INA 301(c), 8 U.S.C. 1401(c): born abroad to two citizen parents, one of whom resided
  in the United States before the birth. "Resided" is read here as any physical presence
  before the birth (a parent with presence > 0); residence is a stricter notion in law,
  so an officer must confirm it.
- INA 301(g), 8 U.S.C. 1401(g): one citizen parent and one alien parent; the citizen
  parent was physically present in the United States 10 years, 5 of them after age 14,
  for births from 1952-12-24; 5 years, 2 of them after 14, for births from 1986-11-14.
- INA 309, 8 U.S.C. 1409 (children born out of wedlock) is not modelled: such a birth
  with a citizen parent is "possible", never decided.
- Births before 1952-12-24 fall under earlier statutes (the Nationality Act of 1940 and
  before): "unknown", never decided.

Sources: https://www.law.cornell.edu/uscode/text/8/1401 ,
https://www.law.cornell.edu/uscode/text/8/1409 , USCIS Policy Manual vol. 12 part H
chapter 3 (https://www.uscis.gov/policy-manual/volume-12-part-h-chapter-3).

The outcome is tri-state: every unknown (a parent's citizenship at the birth, their
presence, the marriage, a parent not described at all) is filled in every way that
matters; "citizen" when every filling gives citizenship, "not_citizen" when none does,
"possible" otherwise.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from probable.evidence.file import Assessment, ParentInfo, parents_by_relation

#: The Immigration and Nationality Act took effect; INA 301 governs births from this day.
INA_EFFECTIVE = date(1952, 12, 24)
#: Births from this day need 5 years' presence (2 after age 14) under INA 301(g).
PRESENCE_REFORM = date(1986, 11, 14)

#: Citations the calculator applies, with where to read them.
CITATIONS: dict[str, str] = {
    "INA 301(c)": "https://www.law.cornell.edu/uscode/text/8/1401",
    "INA 301(g)": "https://www.law.cornell.edu/uscode/text/8/1401",
    "INA 309": "https://www.law.cornell.edu/uscode/text/8/1409",
    "USCIS Policy Manual vol. 12 part H ch. 3": (
        "https://www.uscis.gov/policy-manual/volume-12-part-h-chapter-3"
    ),
}


@dataclass(frozen=True, slots=True)
class AcquisitionResult:
    """The outcome of the acquisition check: what, under which provision, and why."""

    assessment: Assessment
    provision: str
    """"INA 301(c)", "INA 301(g)", "INA 309" or "INA 301" when no one provision applies."""
    reason: str


@dataclass(frozen=True, slots=True)
class _Parent:
    """One parent, every fact known (one filling of the unknowns)."""

    citizen: bool
    presence: float
    after_14: float


Outcome = Literal["citizen", "not_citizen", "possible"]


def _presence_threshold(born: date) -> tuple[int, int]:
    """INA 301(g)'s years of presence (total, after age 14) for a birth on `born`."""
    return (5, 2) if born >= PRESENCE_REFORM else (10, 5)


def _evaluate(born: date, married: bool, parents: tuple[_Parent, ...]) -> tuple[Outcome, str, str]:
    """The statute on complete facts: (outcome, provision, reason)."""
    citizens = [p for p in parents if p.citizen]
    if not married:
        if citizens:
            return (
                "possible",
                "INA 309",
                "born out of wedlock to a citizen parent: INA 309 applies and is not modelled",
            )
        return "not_citizen", "INA 301", "no parent was a U.S. citizen at the birth"
    if len(citizens) >= 2:
        if any(p.presence > 0 for p in citizens):
            return (
                "citizen",
                "INA 301(c)",
                "both parents were citizens and one had lived in the U.S. before the birth",
            )
        return (
            "not_citizen",
            "INA 301(c)",
            "both parents were citizens but neither had lived in the U.S. before the birth",
        )
    if len(citizens) == 1:
        total, after_14 = _presence_threshold(born)
        parent = citizens[0]
        if parent.presence >= total and parent.after_14 >= after_14:
            return (
                "citizen",
                "INA 301(g)",
                f"the citizen parent was present in the U.S. at least {total} years "
                f"({after_14} after age 14) before the birth",
            )
        return (
            "not_citizen",
            "INA 301(g)",
            f"the citizen parent's presence in the U.S. was short of {total} years "
            f"({after_14} after age 14)",
        )
    return "not_citizen", "INA 301", "no parent was a U.S. citizen at the birth"


def _fillings(info: ParentInfo | None, born: date, unknowns: list[str]) -> list[_Parent]:
    """Every complete version of one parent the facts allow (None: not described)."""
    name = info.relation if info is not None else "other parent"
    if info is None:
        citizen: list[bool] = [True, False]
        unknowns.append(f"the {name} is not described")
    elif info.citizen_by_birth is True or (
        info.naturalized_on is not None and info.naturalized_on <= born
    ):
        citizen = [True]
    elif info.naturalized_on is not None or info.citizen_by_birth is False:
        citizen = [False]
    else:
        citizen = [True, False]
        unknowns.append(f"whether the {name} was a citizen at the birth is not known")
    out: list[_Parent] = []
    if False in citizen:
        out.append(_Parent(False, 0.0, 0.0))
    if True in citizen:
        presence = info.us_presence_years if info is not None else None
        after = info.us_presence_after_14_years if info is not None else None
        if info is not None and (presence is None or after is None):
            unknowns.append(f"the {name}'s years of presence in the U.S. are not known")
        totals = [presence] if presence is not None else [0.0, math.inf]
        for total in totals:
            afters = [min(after, total)] if after is not None else [0.0, total]
            out.extend(_Parent(True, total, a) for a in afters)
    return out


def acquisition_at_birth(
    date_of_birth: date | None,
    birth_country: str | None,
    parents: Sequence[ParentInfo],
) -> AcquisitionResult:
    """Whether a person born abroad acquired U.S. citizenship at birth from a parent.

    `parents` are what an interview or a document says; any of their fields may be
    unknown. A country of birth of "US" is birth in the United States (INA 301(a) and
    the Fourteenth Amendment), not acquisition: "citizen" under INA 301(a). An unknown
    country is assessed as if abroad.
    """
    if birth_country is not None and birth_country.strip().upper() == "US":
        return AcquisitionResult(
            "citizen", "INA 301(a)", "born in the United States: a citizen by birth"
        )
    if date_of_birth is None:
        return AcquisitionResult("unknown", "INA 301", "the date of birth is not known")
    if date_of_birth < INA_EFFECTIVE:
        return AcquisitionResult(
            "unknown",
            "INA 301",
            f"born before {INA_EFFECTIVE.isoformat()}: earlier statutes (the Nationality "
            "Act of 1940 and before) apply and are not modelled",
        )
    if not parents:
        return AcquisitionResult("unknown", "INA 301", "nothing is known of the parents")
    by_relation = parents_by_relation(parents)
    described: list[ParentInfo | None] = list(by_relation.values())
    while len(described) < 2:
        described.append(None)
    unknowns: list[str] = []
    per_parent = [_fillings(info, date_of_birth, unknowns) for info in described]
    stated = {p.married_to_other_parent for p in by_relation.values()} - {None}
    marriages = [next(iter(stated))] if len(stated) == 1 else [True, False]
    if len(marriages) == 2:
        unknowns.append("whether the parents were married is not known")
    outcomes: list[tuple[Outcome, str, str]] = [
        _evaluate(date_of_birth, bool(married), combo)
        for married in marriages
        for combo in itertools.product(*per_parent)
    ]
    return _aggregate(outcomes, unknowns)


def _aggregate(outcomes: list[tuple[Outcome, str, str]], unknowns: list[str]) -> AcquisitionResult:
    """One result for all fillings: unanimous, or "possible"."""
    kinds = {o[0] for o in outcomes}
    if kinds == {"citizen"}:
        provisions = sorted({o[1] for o in outcomes})
        return AcquisitionResult("citizen", " or ".join(provisions), outcomes[0][2])
    if kinds == {"not_citizen"}:
        return AcquisitionResult("not_citizen", outcomes[0][1], outcomes[0][2])
    hopeful = [o for o in outcomes if o[0] != "not_citizen"]
    provisions = sorted({o[1] for o in hopeful})
    open_outcomes = [o for o in hopeful if o[0] == "possible"]
    if open_outcomes:
        reason = open_outcomes[0][2]
        if unknowns:
            reason += "; also not known: " + "; ".join(dict.fromkeys(unknowns))
    else:
        reason = "a citizen under " + " or ".join(provisions) + " if the facts allow: "
        reason += "; ".join(dict.fromkeys(unknowns))
    return AcquisitionResult("possible", " or ".join(provisions), reason)
