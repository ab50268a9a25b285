"""Citizenship by acquisition at birth abroad and by derivation, as the truth.

The simulator decides who is a citizen by applying these rules to the facts it
generated (dates of birth, of permanent residence, of a parent's
naturalization, custody), so the truth follows the law rather than a label.
Sources: INA 301(c) and 301(g) (acquisition); INA 320 as amended by the Child
Citizenship Act of 2000, effective 2001-02-27; former INA 321 (derivation for
those whose conditions were met before that date); USCIS Policy Manual vol. 12
part H chapters 3, 4 and 7 (DOMAIN.md). Births out of wedlock (INA 309) are
not modelled: every acquisition family here is married (stated in docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: Child Citizenship Act of 2000 took effect (INA 320 as it stands).
CCA_EFFECTIVE = date(2001, 2, 27)
#: The INA took effect; former INA 321 applies from this date.
INA_EFFECTIVE = date(1952, 12, 24)
#: Physical-presence requirement of INA 301(g) shortened for births from this date.
PRESENCE_REFORM = date(1986, 11, 14)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February falls to 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Parent:
    """What the law asks of one parent for derivation."""

    citizen_since: date | None
    """Date of naturalization (or birth, for a citizen by birth); None if never."""
    is_mother: bool
    has_custody: bool
    """Legal and physical custody of the child (INA 320; former 321 after separation)."""
    died_on: date | None = None


@dataclass(frozen=True)
class Child:
    """What the law asks of the child for derivation."""

    born_on: date
    lpr_since: date | None
    parents_married: bool
    """Born in wedlock (or legitimated)."""
    legally_separated: bool = False


@dataclass(frozen=True)
class Derivation:
    """A derivation outcome: the date citizenship was derived and under which law."""

    derived_on: date | None
    basis: str | None
    """"INA 320" or "former INA 321(a)(1)".."(a)(3)"; None when not derived."""


def _former_321(child: Child, parents: list[Parent]) -> Derivation:
    """Former INA 321: conditions met while under 18 and before 2001-02-27."""
    if child.lpr_since is None:
        return Derivation(None, None)
    deadline = min(add_years(child.born_on, 18), CCA_EFFECTIVE)
    candidates: list[tuple[date, str]] = []
    naturalized = [p for p in parents if p.citizen_since is not None]
    if len(parents) == 2 and len(naturalized) == 2:
        last = max(p.citizen_since for p in naturalized if p.citizen_since is not None)
        candidates.append((last, "former INA 321(a)(1)"))
    for parent in naturalized:
        assert parent.citizen_since is not None
        others = [p for p in parents if p is not parent]
        other_dead = any(
            o.died_on is not None and o.died_on <= parent.citizen_since for o in others
        )
        if len(parents) == 2 and other_dead:
            candidates.append((parent.citizen_since, "former INA 321(a)(2)"))
        if child.legally_separated and parent.has_custody:
            candidates.append((parent.citizen_since, "former INA 321(a)(3)"))
        if parent.is_mother and not child.parents_married:
            candidates.append((parent.citizen_since, "former INA 321(a)(3)"))
    for naturalized_on, basis in sorted(candidates):
        complete = max(naturalized_on, child.lpr_since, INA_EFFECTIVE)
        if complete < deadline:
            return Derivation(complete, basis)
    return Derivation(None, None)


def _ina_320(child: Child, parents: list[Parent]) -> Derivation:
    """INA 320: a citizen parent, under 18, LPR, in that parent's custody, from 2001-02-27."""
    if child.lpr_since is None:
        return Derivation(None, None)
    eighteenth = add_years(child.born_on, 18)
    dates = [p.citizen_since for p in parents if p.citizen_since is not None and p.has_custody]
    if not dates:
        return Derivation(None, None)
    complete = max(min(dates), child.lpr_since, CCA_EFFECTIVE)
    if complete < eighteenth:
        return Derivation(complete, "INA 320")
    return Derivation(None, None)


def derive(child: Child, parents: list[Parent]) -> Derivation:
    """Whether and when a child derived citizenship from parents' naturalization."""
    if not 1 <= len(parents) <= 2:
        raise ValueError(f"a child has one or two parents, not {len(parents)}")
    earlier = _former_321(child, parents)
    if earlier.derived_on is not None:
        return earlier
    return _ina_320(child, parents)


@dataclass(frozen=True)
class Acquisition:
    """An acquisition-at-birth outcome."""

    acquired: bool
    basis: str
    """The provision applied, or why not acquired."""


def acquire(
    born_on: date,
    *,
    citizen_parents: int,
    presence_years: float,
    presence_after_14_years: float,
) -> Acquisition:
    """Citizenship at birth abroad to married parents, at least one a citizen.

    INA 301(c): both parents citizens, one resided in the United States before
    the birth. INA 301(g): one citizen parent physically present 10 years (5
    after age 14) for births from 1952-12-24, or 5 years (2 after 14) for
    births from 1986-11-14.
    """
    if citizen_parents not in (1, 2):
        raise ValueError(f"citizen_parents must be 1 or 2, not {citizen_parents}")
    if born_on < INA_EFFECTIVE:
        raise ValueError(f"births before {INA_EFFECTIVE} fall under earlier statutes")
    if citizen_parents == 2:
        if presence_years > 0:
            return Acquisition(True, "INA 301(c)")
        return Acquisition(False, "INA 301(c): no residence before the birth")
    total, after_14 = (5, 2) if born_on >= PRESENCE_REFORM else (10, 5)
    if presence_years >= total and presence_after_14_years >= after_14:
        return Acquisition(True, "INA 301(g)")
    return Acquisition(
        False, f"INA 301(g): parent's presence short of {total} years ({after_14} after age 14)"
    )
