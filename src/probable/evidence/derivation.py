"""Citizenship derived from a parent after birth (INA 320, former INA 321), on partial facts.

A child born abroad who was a lawful permanent resident under 18 when a parent
naturalized may have become a citizen automatically, with no record anywhere: the
database hit that says "LPR" is then wrong. ICE Directive 16001.2 makes a parent's
naturalization while the person was an under-18 permanent resident an indicator of
citizenship. This module applies the statutes to what an interview or a document says,
which often leaves custody, a marriage or a date unknown; it is written independently of
the simulator's `probable.world.citizenship` (a mistake shared by both would hide itself)
and the tests compare them on complete facts.

The law:

- INA 320, 8 U.S.C. 1431, as amended by the Child Citizenship Act of 2000 (effective
  2001-02-27): a child born abroad becomes a citizen when, on or after 2001-02-27, all
  of these hold at once: a parent is a citizen (by birth or naturalization); the child is
  under 18; the child is a permanent resident; the child resides in the legal and
  physical custody of that parent. An adopted child (INA 320(b)) must also meet INA
  101(b)(1)(E)-(G): not checked here, so adoption gives at most "possible".
- Former INA 321, 8 U.S.C. 1432 (repealed by the same Act), for conditions met from
  1952-12-24 and before 2001-02-27, while the child was under 18 and a permanent
  resident (or began to reside permanently while under 18): (a)(1) both parents
  naturalized; (a)(2) the surviving parent naturalized when the other had died; (a)(3)
  the parent with legal custody naturalized after the parents' legal separation, or the
  mother naturalized when the child was born out of wedlock and paternity was not
  established by legitimation.
- Under both, conditions met on the 18th birthday itself count (USCIS Policy Alert
  PA-2024-21, 2024-07-18). A birthday of 29 February falls to 28 February.

Legal separation is `ParentInfo.legally_separated` (a decree while the subject was a
minor); unstated, a married couple where one parent has custody and the other does not
may be separated ("possible"). Parents who never married cannot be legally separated
(Matter of H-, 3 I&N Dec. 742 (C.O. 1949); Nehme v. INS, 252 F.3d 415, 5th Cir. 2001),
so for them only the out-of-wedlock route of former 321(a)(3) remains. Not modelled,
hence "possible" rather than decided: legitimation (that route's condition that
paternity was not established by legitimation); former INA 320 (one parent a citizen at
birth, the other naturalized before 2001-02-27); adoption. Children who turned 18 before
1952-12-24 fall under earlier statutes: "unknown".

Reading of `ParentInfo`: `naturalized_on` None with `citizen_by_birth` False means never
a citizen; both None means not known. `died_on` None means alive. A parent not described
at all (one `ParentInfo` given) may be anything.

Sources: https://www.law.cornell.edu/uscode/text/8/1431 ,
https://www.law.cornell.edu/uscode/text/8/1432 , USCIS Policy Manual vol. 12 part H
chapter 4 (https://www.uscis.gov/policy-manual/volume-12-part-h-chapter-4) and part H
(https://www.uscis.gov/policy-manual/volume-12-part-h).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from probable.evidence.file import Assessment, ParentInfo, parents_by_relation

#: The Child Citizenship Act of 2000 took effect: INA 320 as it stands.
CCA_EFFECTIVE = date(2001, 2, 27)
#: The Immigration and Nationality Act took effect: former INA 321 from this day.
INA_EFFECTIVE = date(1952, 12, 24)
#: Age until which (inclusive of the birthday, PA-2024-21) the conditions may be met.
MINORITY_YEARS = 18

#: Citations the calculator applies, with where to read them.
CITATIONS: dict[str, str] = {
    "INA 320": "https://www.law.cornell.edu/uscode/text/8/1431",
    "former INA 321": "https://www.law.cornell.edu/uscode/text/8/1432",
    "USCIS Policy Manual vol. 12 part H ch. 4": (
        "https://www.uscis.gov/policy-manual/volume-12-part-h-chapter-4"
    ),
    "USCIS Policy Manual vol. 12 part H": "https://www.uscis.gov/policy-manual/volume-12-part-h",
    "USCIS PA-2024-21": "https://www.uscis.gov/policy-manual/updates",
}


@dataclass(frozen=True, slots=True)
class DerivationResult:
    """The outcome of the derivation check, and the day citizenship was derived."""

    assessment: Assessment
    provision: str
    """"INA 320", "former INA 321(a)(1)".."(a)(3)"; the provisions checked when not derived."""
    reason: str
    derived_on: date | None = None
    """The day the last condition was met ("citizen" only)."""


def eighteenth_birthday(born: date) -> date:
    """The 18th birthday (29 February falls to 28 February)."""
    try:
        return born.replace(year=born.year + MINORITY_YEARS)
    except ValueError:
        return date(born.year + MINORITY_YEARS, 2, 28)


Outcome = Literal["citizen", "not_citizen", "possible"]
Status = Literal["birth", "naturalized", "never"]


@dataclass(frozen=True, slots=True)
class _Parent:
    """One parent with every fact known (one filling of the unknowns)."""

    status: Status
    naturalized_on: date | None
    mother: bool
    custody: bool
    died_on: date | None


@dataclass(frozen=True, slots=True)
class _Route:
    """One route's outcome on complete facts."""

    outcome: Outcome
    provision: str
    reason: str
    on: date | None = None


def _routes_former_321(
    born: date, lpr: date, married: bool, separated: bool, parents: tuple[_Parent, _Parent]
) -> list[_Route]:
    """Former INA 321 (and former INA 320, not modelled) on complete facts."""
    deadline = eighteenth_birthday(born)
    routes: list[_Route] = []

    def met(*days: date) -> date | None:
        day = max((*days, lpr, INA_EFFECTIVE))
        return day if day <= deadline and day < CCA_EFFECTIVE else None

    first, second = parents
    if first.status == second.status == "naturalized":
        assert first.naturalized_on is not None and second.naturalized_on is not None
        day = met(first.naturalized_on, second.naturalized_on)
        if day is not None:
            routes.append(
                _Route(
                    "citizen",
                    "former INA 321(a)(1)",
                    "both parents naturalized while the child was an under-18 permanent resident",
                    day,
                )
            )
    for parent, other in ((first, second), (second, first)):
        if parent.status != "naturalized" or parent.naturalized_on is None:
            continue
        if other.died_on is not None:
            day = met(parent.naturalized_on, other.died_on)
            if day is not None:
                routes.append(
                    _Route(
                        "citizen",
                        "former INA 321(a)(2)",
                        "the surviving parent naturalized while the child was an under-18 "
                        "permanent resident",
                        day,
                    )
                )
        day = met(parent.naturalized_on)
        if day is None:
            continue
        if married and separated and parent.custody:
            routes.append(
                _Route(
                    "citizen",
                    "former INA 321(a)(3)",
                    "the custodial parent naturalized after the parents' legal separation, "
                    "while the child was an under-18 permanent resident",
                    day,
                )
            )
        if not married and parent.mother:
            routes.append(
                _Route(
                    "possible",
                    "former INA 321(a)(3)",
                    "the mother of a child born out of wedlock naturalized while the child was "
                    "an under-18 permanent resident: a citizen unless the father legitimated "
                    "the child, which is not known",
                )
            )
        if other.status == "birth":
            routes.append(
                _Route(
                    "possible",
                    "former INA 320",
                    "one parent was a citizen and the other naturalized while the child was "
                    "an under-18 permanent resident: former INA 320 applies, not modelled",
                )
            )
    return routes


def _route_ina_320(born: date, lpr: date, parents: tuple[_Parent, _Parent]) -> _Route | None:
    """INA 320 on complete facts: the earliest day all conditions held, if any."""
    deadline = eighteenth_birthday(born)
    days: list[date] = []
    for parent in parents:
        if not parent.custody or parent.status == "never":
            continue
        since = born if parent.status == "birth" else parent.naturalized_on
        assert since is not None
        day = max(since, lpr, CCA_EFFECTIVE)
        if parent.died_on is None or day < parent.died_on:
            days.append(day)
    if days and min(days) <= deadline:
        return _Route(
            "citizen",
            "INA 320",
            "a citizen parent had legal and physical custody while the child was an under-18 "
            "permanent resident, on or after 2001-02-27",
            min(days),
        )
    return None


def _evaluate(
    born: date,
    lpr: date | None,
    married: bool,
    separated: bool,
    parents: tuple[_Parent, _Parent],
    adopted_on: date | None,
) -> _Route:
    """Every route on complete facts: citizen on the earliest day, else possible, else not."""
    if lpr is None:
        return _Route(
            "not_citizen", "INA 320; former INA 321", "the child was never a permanent resident"
        )
    routes = _routes_former_321(born, lpr, married, separated, parents)
    ina_320 = _route_ina_320(born, lpr, parents)
    if ina_320 is not None:
        routes.append(ina_320)
    if adopted_on is not None:
        day = max(adopted_on, lpr, CCA_EFFECTIVE)
        if day <= eighteenth_birthday(born):
            routes.append(
                _Route(
                    "possible",
                    "INA 320(b)",
                    "adopted by a citizen while an under-18 permanent resident: INA 320(b) "
                    "applies if the adoption meets INA 101(b)(1), which is not checked",
                )
            )
    citizen = sorted((r for r in routes if r.outcome == "citizen"), key=lambda r: r.on or date.max)
    if citizen:
        return citizen[0]
    possible = [r for r in routes if r.outcome == "possible"]
    if possible:
        return possible[0]
    return _Route(
        "not_citizen",
        "INA 320; former INA 321",
        "no parent's citizenship, custody and the child's permanent residence came together "
        "while the child was under 18 as INA 320 or former INA 321 requires",
    )


def _fillings(
    info: ParentInfo | None, mother: bool, born: date, unknowns: list[str]
) -> list[_Parent]:
    """Every complete version of one parent the facts allow (None: not described)."""
    if info is None:
        unknowns.append(f"the {'mother' if mother else 'father'} is not described")
        out = [
            _Parent(status, born if status == "naturalized" else None, mother, custody, None)
            for status in ("birth", "naturalized", "never")
            for custody in (True, False)
        ]
        out.append(_Parent("never", None, mother, False, born))
        return out
    name = info.relation
    statuses: list[tuple[Status, date | None]]
    if info.citizen_by_birth is True:
        statuses = [("birth", None)]
    elif info.naturalized_on is not None:
        statuses = [("naturalized", info.naturalized_on)]
    elif info.citizen_by_birth is False:
        statuses = [("never", None)]
    else:
        unknowns.append(f"whether and when the {name} became a citizen is not known")
        statuses = [("birth", None), ("naturalized", born), ("never", None)]
    if info.has_custody is None:
        unknowns.append(f"whether the {name} had legal and physical custody is not known")
        custodies = [True, False]
    else:
        custodies = [info.has_custody]
    return [
        _Parent(status, on, info.relation == "mother", custody, info.died_on)
        for status, on in statuses
        for custody in custodies
    ]


def derivation(
    date_of_birth: date | None,
    lpr_since: date | None,
    parents: Sequence[ParentInfo],
    adopted_by_citizen_on: date | None = None,
) -> DerivationResult:
    """Whether (and when) a person derived U.S. citizenship from a parent after birth.

    `lpr_since` is when the person became a permanent resident (None: not known);
    `parents` what an interview or a document says of each parent. Unknowns are filled in
    every way that matters: "citizen" when every filling derives (on the latest of their
    days), "not_citizen" when none does, "possible" otherwise.
    """
    if date_of_birth is None:
        return DerivationResult(
            "unknown", "INA 320; former INA 321", "the date of birth is not known"
        )
    eighteenth = eighteenth_birthday(date_of_birth)
    if eighteenth < INA_EFFECTIVE:
        return DerivationResult(
            "unknown",
            "former INA 321",
            f"18 before {INA_EFFECTIVE.isoformat()}: earlier statutes (the Nationality Act "
            "of 1940 and before) apply and are not modelled",
        )
    if lpr_since is not None and lpr_since > eighteenth:
        return DerivationResult(
            "not_citizen",
            "INA 320; former INA 321",
            "a permanent resident only after the 18th birthday: derivation needs residence "
            "while under 18",
        )
    if not parents and adopted_by_citizen_on is None:
        return DerivationResult(
            "unknown", "INA 320; former INA 321", "nothing is known of the parents"
        )
    by_relation = parents_by_relation(parents)
    unknowns: list[str] = []
    mother = by_relation.get("mother")
    father = by_relation.get("father")
    if mother is None and father is None:
        # Only an adoption is known: the adoptive parent is a citizen with custody.
        fillings_mother = [_Parent("never", None, True, False, None)]
        fillings_father = [_Parent("never", None, False, False, None)]
    else:
        fillings_mother = _fillings(mother, True, date_of_birth, unknowns)
        fillings_father = _fillings(father, False, date_of_birth, unknowns)
    stated = {p.married_to_other_parent for p in by_relation.values()} - {None}
    marriages = [bool(next(iter(stated)))] if len(stated) == 1 else [True, False]
    if len(marriages) == 2 and by_relation:
        unknowns.append("whether the parents were married is not known")
    lprs: list[date | None] = [lpr_since] if lpr_since is not None else [date_of_birth, None]
    if lpr_since is None:
        unknowns.append("when (or whether) the person became a permanent resident is not known")
    said = {p.legally_separated for p in by_relation.values()} - {None}
    separation_unknown = False
    routes: list[_Route] = []
    for lpr, married, pm, pf in itertools.product(
        lprs, marriages, fillings_mother, fillings_father
    ):
        # Parents who never married cannot be legally separated (Matter of H-, 3 I&N Dec.
        # 742; Nehme v. INS, 252 F.3d 415). For married parents a stated separation is
        # used; unstated, when one has custody and the other not, both readings are open.
        separations = [False]
        if married and len(said) == 1:
            separations = [bool(next(iter(said)))]
        elif married and pm.custody != pf.custody:
            separations = [False, True]
            separation_unknown = True
        routes.extend(
            _evaluate(date_of_birth, lpr, married, separated, (pm, pf), adopted_by_citizen_on)
            for separated in separations
        )
    if separation_unknown:
        unknowns.append("whether the parents were legally separated is not known")
    return _aggregate(routes, unknowns)


def _aggregate(routes: list[_Route], unknowns: list[str]) -> DerivationResult:
    """One result for all fillings: unanimous, or "possible"."""
    kinds = {r.outcome for r in routes}
    if kinds == {"citizen"}:
        latest = max(routes, key=lambda r: r.on or date.min)
        return DerivationResult("citizen", latest.provision, latest.reason, latest.on)
    if kinds == {"not_citizen"}:
        return DerivationResult("not_citizen", routes[0].provision, routes[0].reason)
    hopeful = [r for r in routes if r.outcome != "not_citizen"]
    provisions = " or ".join(sorted({r.provision for r in hopeful}))
    open_routes = [r for r in hopeful if r.outcome == "possible"]
    if open_routes:
        reason = open_routes[0].reason
        if unknowns:
            reason += "; also not known: " + "; ".join(dict.fromkeys(unknowns))
    else:
        reason = f"a citizen under {provisions} if the facts allow: " + "; ".join(
            dict.fromkeys(unknowns)
        )
    return DerivationResult("possible", provisions, reason)
