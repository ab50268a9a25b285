"""The people of the world: who they are and the dated events of their lives.

Each person follows a path (born a citizen, naturalized, overstayed a visa...)
drawn from the configured shares; the path fixes the events (entry, permanent
residence, naturalization, a notice to appear, an order) and their dates.
Acquisition and derivation candidates get linked parents, and the law in
`citizenship` decides whether they are citizens. Everything here is truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from probable.world import days as d
from probable.world.citizenship import Child, Parent, acquire, derive
from probable.world.config import PATHS, WorldConfig
from probable.world.names import NameSampler

Array = npt.NDArray[np.object_]
IntArray = npt.NDArray[np.int64]

UNAUTHORIZED = ("overstay", "tps", "daca", "ewi", "final_order", "pending_proceedings")
HUMANITARIAN = ("asylee", "refugee")
NO_PERSON = np.int64(-1)

# Legal constants, not parameters (so not in world.toml). DACA: DHS memorandum
# "Exercising Prosecutorial Discretion with Respect to Individuals Who Came to
# the United States as Children" (Napolitano, 2012-06-15): under 31 on
# 2012-06-15 (so born on or after 1981-06-16), arrived before the 16th
# birthday, continuously resident since 2007-06-15. USCIS began accepting
# DACA requests on 2012-08-15. (Not in DOMAIN.md.)
_DACA_BORN_AFTER = d.to_day(date(1981, 6, 16))
_DACA_ENTERED_BEFORE = d.to_day(date(2007, 6, 15))
_DACA_ARRIVED_BEFORE_AGE = 16
_DACA_OPENED = d.to_day(date(2012, 8, 15))
# INA 334(b): nobody may apply for naturalization before turning 18.
_NATURALIZATION_AGE = 18
# The age of majority: convictions on record are adult convictions.
_ADULT_AGE = 18


@dataclass(frozen=True, slots=True)
class FamilyFacts:
    """The facts the law asked of one acquisition or derivation family, and its outcome:
    truth, so corroboration can say them and the evaluation can check the calculators."""

    person_id: int
    provision: str
    parents_married: bool
    legally_separated: bool
    parent1_custody: bool | None = None
    parent2_custody: bool | None = None
    parent2_died_on: date | None = None
    presence_years: float | None = None
    """The citizen parent's years of U.S. presence before the birth (acquisition)."""
    presence_after_14_years: float | None = None
    citizen_parents: int | None = None
    """Parents who were citizens at the birth (acquisition: 1 or 2); None for derivation."""


@dataclass
class Population:
    """Every person's identity and life events, as arrays indexed by person."""

    person_id: IntArray
    path: npt.NDArray[np.object_]
    sex: npt.NDArray[np.object_]
    dob: IntArray
    birth_country: npt.NDArray[np.object_]
    culture: npt.NDArray[np.object_]
    given_name: npt.NDArray[np.object_]
    middle_name: npt.NDArray[np.object_]
    family_name: npt.NDArray[np.object_]
    second_family_name: npt.NDArray[np.object_]
    entry_date: IntArray
    entry_kind: npt.NDArray[np.object_]
    lpr_date: IntArray
    naturalization_date: IntArray
    citizenship_date: IntArray
    citizenship_basis: npt.NDArray[np.object_]
    visa_until: IntArray
    grant_date: IntArray
    grant_until: IntArray
    first_grant_until: IntArray
    nta_date: IntArray
    order_date: IntArray
    conviction_date: IntArray
    """A conviction of a kind that makes a permanent resident deportable (the only kind kept)."""
    parent1: IntArray
    parent2: IntArray
    namesake_of: IntArray
    """The person a namesake shares a name with (NO_PERSON for everyone else); see `namesakes`."""
    namesake_kind: npt.NDArray[np.object_]
    """What a namesake is to that person: `namesake`, `father` or `son` ("" for everyone else)."""
    family_facts: list[FamilyFacts] = field(default_factory=list)
    """The facts of each family the law was applied to, and its outcome (truth)."""

    def __len__(self) -> int:
        return len(self.person_id)

    def extended(self, other: Population) -> Population:
        """These people followed by `other`'s (whose person ids must continue these)."""
        arrays: dict[str, Any] = {
            f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
            for f in fields(self)
            if f.name != "family_facts"
        }
        return Population(**arrays, family_facts=self.family_facts + other.family_facts)

    @classmethod
    def blank(
        cls,
        *,
        path: npt.NDArray[np.object_],
        sex: npt.NDArray[np.object_],
        dob: IntArray,
        birth_country: npt.NDArray[np.object_],
        culture: npt.NDArray[np.object_],
    ) -> Population:
        """People with identities but no names and no life events yet (all dates missing)."""
        n = len(path)
        return cls(
            person_id=np.arange(1, n + 1, dtype=np.int64),
            path=path,
            sex=sex,
            dob=dob,
            birth_country=birth_country,
            culture=culture,
            given_name=np.full(n, "", dtype=object),
            middle_name=np.full(n, "", dtype=object),
            family_name=np.full(n, "", dtype=object),
            second_family_name=np.full(n, "", dtype=object),
            entry_date=d.none(n),
            entry_kind=np.full(n, "", dtype=object),
            lpr_date=d.none(n),
            naturalization_date=d.none(n),
            citizenship_date=d.none(n),
            citizenship_basis=np.full(n, "", dtype=object),
            visa_until=d.none(n),
            grant_date=d.none(n),
            grant_until=d.none(n),
            first_grant_until=d.none(n),
            nta_date=d.none(n),
            order_date=d.none(n),
            conviction_date=d.none(n),
            parent1=np.full(n, NO_PERSON, dtype=np.int64),
            parent2=np.full(n, NO_PERSON, dtype=np.int64),
            namesake_of=np.full(n, NO_PERSON, dtype=np.int64),
            namesake_kind=np.full(n, "", dtype=object),
        )


def _choose(rng: np.random.Generator, keys: list[str], weights: list[float], n: int) -> Array:
    p = np.asarray(weights, dtype=np.float64)
    p = p / p.sum()
    return np.asarray(keys, dtype=object)[rng.choice(len(keys), size=n, p=p)]


def _birth_countries(rng: np.random.Generator, config: WorldConfig, path: Array) -> Array:
    codes = sorted(config.countries)
    out = np.full(len(path), "US", dtype=object)
    groups = {
        "unauthorized": np.isin(path, UNAUTHORIZED),
        "humanitarian": np.isin(path, HUMANITARIAN),
    }
    groups["weight"] = (path != "usc_born") & ~groups["unauthorized"] & ~groups["humanitarian"]
    for column, mask in groups.items():
        weights = [float(getattr(config.countries[c], column)) for c in codes]
        out[mask] = _choose(rng, codes, weights, int(mask.sum()))
    return out


def _cultures(rng: np.random.Generator, config: WorldConfig, birth_country: Array) -> Array:
    out = np.empty(len(birth_country), dtype=object)
    us = birth_country == "US"
    mix = config.population.us_born_cultures
    out[us] = _choose(rng, sorted(mix), [mix[k] for k in sorted(mix)], int(us.sum()))
    for code, country in config.countries.items():
        out[birth_country == code] = country.culture
    return out


def draw_population(
    rng: np.random.Generator, config: WorldConfig, names: NameSampler
) -> Population:
    """Draw the people, their events, their families and their names."""
    n = config.world.persons
    shares = config.population.shares
    path = _choose(rng, list(PATHS), [shares[p] for p in PATHS], n)
    sex = np.where(rng.random(n) < config.population.male_share, "M", "F").astype(object)
    lo = d.to_day(date(config.world.birth_year_min, 1, 1))
    hi = d.to_day(date(config.world.birth_year_max, 12, 31))
    dob = d.uniform(rng, np.full(n, lo), np.full(n, hi))
    start = d.to_day(config.world.booking_start)
    end = d.to_day(config.world.booking_end)

    daca = path == "daca"
    dob[daca] = d.uniform(rng, np.full(int(daca.sum()), max(lo, _DACA_BORN_AFTER)), hi)

    birth_country = _birth_countries(rng, config, path)
    pop = Population.blank(
        path=path,
        sex=sex,
        dob=dob,
        birth_country=birth_country,
        culture=_cultures(rng, config, birth_country),
    )
    _draw_events(rng, config, pop, start, end)
    batch = names.sample(rng, pop.culture, pop.sex)
    pop.given_name[:] = batch.given_name
    pop.middle_name[:] = batch.middle_name
    pop.family_name[:] = batch.family_name
    pop.second_family_name[:] = batch.second_family_name
    _acquisition_families(rng, config, pop, start)
    _derivation_families(rng, config, pop, start, end)
    _convictions(rng, config, pop, start)
    return pop


def _draw_events(
    rng: np.random.Generator, config: WorldConfig, pop: Population, start: int, end: int
) -> None:
    """Entry, residence, naturalization, grants and proceedings for each path."""
    t = config.timeline
    n = len(pop)
    path = pop.path
    foreign = path != "usc_born"
    latest_entry = start - t.last_entry_days_before_window
    earliest_entry = d.to_day(t.earliest_entry)
    entry = d.uniform(rng, np.maximum(pop.dob, earliest_entry), np.full(n, latest_entry))
    pop.entry_date[foreign] = entry[foreign]
    pop.citizenship_date[path == "usc_born"] = pop.dob[path == "usc_born"]
    pop.citizenship_basis[path == "usc_born"] = "born in the United States"

    residents = np.isin(path, ("usc_naturalized", "lpr", "lpr_deportable", "derivation_candidate"))
    as_immigrant = rng.random(n) < config.population.immigrant_entry_share
    pop.entry_kind[residents] = np.where(as_immigrant[residents], "immigrant", "visa")
    wait = np.where(
        as_immigrant, 0, d.years(rng.uniform(t.visa_to_lpr_years_min, t.visa_to_lpr_years_max, n))
    )
    lpr = np.minimum(entry + wait, latest_entry)
    pop.lpr_date[residents] = lpr[residents]
    visa_before_lpr = residents & ~as_immigrant
    pop.visa_until[visa_before_lpr] = lpr[visa_before_lpr]

    natz = path == "usc_naturalized"
    adult = pop.dob + d.years(_NATURALIZATION_AGE)
    oath = np.maximum(
        lpr
        + d.years(
            rng.uniform(t.lpr_to_naturalization_years_min, t.lpr_to_naturalization_years_max, n)
        ),
        adult,
    )
    soonest = lpr + d.years(t.lpr_to_naturalization_years_min)
    oath = np.where(oath > end, d.uniform(rng, np.full(n, soonest), end), oath)
    pop.naturalization_date[natz] = oath[natz]
    pop.citizenship_date[natz] = oath[natz]
    pop.citizenship_basis[natz] = "naturalization"

    deportable = path == "lpr_deportable"
    pop.conviction_date[deportable] = d.uniform(
        rng, lpr + d.years(t.conviction_after_lpr_years_min), np.full(n, start - 1)
    )[deportable]

    nonimm = path == "nonimmigrant"
    pop.entry_date[nonimm] = d.uniform(
        rng,
        np.full(n, start - d.years(t.nonimmigrant_entry_earliest_years_before_window)),
        start - t.nonimmigrant_entry_latest_days_before_window,
    )[nonimm]
    pop.entry_kind[nonimm] = "visa"
    pop.visa_until[nonimm] = d.uniform(
        rng,
        np.full(n, end + t.nonimmigrant_admit_until_earliest_days_after_window),
        end + d.years(t.nonimmigrant_admit_until_latest_years_after_window),
    )[nonimm]

    over = path == "overstay"
    pop.entry_kind[over] = "visa"
    admitted = d.years(
        rng.uniform(t.overstay_admission_years_min, t.overstay_admission_years_max, n)
    )
    pop.visa_until[over] = np.minimum(entry + admitted, start - 1)[over]

    no_papers = np.isin(
        path, ("ewi", "tps", "daca", "asylee", "final_order", "pending_proceedings")
    )
    ewi_entry = rng.random(n) < config.population.entered_without_inspection_share
    pop.entry_kind[no_papers] = np.where(ewi_entry[no_papers], "ewi", "visa")
    overstayed = no_papers & ~ewi_entry
    admitted = d.years(
        rng.uniform(
            t.unauthorized_visa_admission_years_min, t.unauthorized_visa_admission_years_max, n
        )
    )
    pop.visa_until[overstayed] = np.minimum(entry + admitted, start - 1)[overstayed]
    pop.entry_kind[path == "ewi"] = "ewi"
    pop.visa_until[path == "ewi"] = d.NO_DATE

    daca = path == "daca"
    sixteen = pop.dob + d.years(_DACA_ARRIVED_BEFORE_AGE)
    daca_entry = d.uniform(rng, pop.dob, np.minimum(sixteen, _DACA_ENTERED_BEFORE))
    pop.entry_date[daca] = daca_entry[daca]
    pop.visa_until[daca] = np.where(
        pop.entry_kind[daca] == "visa",
        np.minimum(daca_entry[daca] + t.daca_visa_admission_days, start - 1),
        d.NO_DATE,
    )

    grant_from = np.where(
        daca, _DACA_OPENED, pop.entry_date + d.years(t.grant_after_entry_years_min)
    )
    granted = np.isin(path, ("tps", "daca", "asylee"))
    grant = d.uniform(rng, grant_from, np.full(n, start - t.grant_latest_days_before_window))
    pop.grant_date[granted] = grant[granted]
    renewable = np.isin(path, ("tps", "daca"))
    first_period = np.where(daca, d.years(t.daca_period_years), d.years(t.tps_first_period_years))
    pop.first_grant_until[renewable] = (grant + first_period)[renewable]
    pop.grant_until[renewable] = d.uniform(
        rng,
        np.full(n, end + t.grant_until_earliest_days_after_window),
        end + d.years(t.grant_until_latest_years_after_window),
    )[renewable]

    refugee = path == "refugee"
    pop.entry_kind[refugee] = "refugee"
    pop.grant_date[refugee] = pop.entry_date[refugee]

    proceedings = np.isin(path, ("final_order", "pending_proceedings"))
    nta = d.uniform(
        rng,
        pop.entry_date + d.years(t.nta_after_entry_years_min),
        np.full(n, start - t.nta_latest_days_before_window),
    )
    pop.nta_date[proceedings] = nta[proceedings]
    ordered = path == "final_order"
    pop.order_date[ordered] = d.uniform(
        rng, nta + t.order_after_nta_days_min, np.full(n, start - 1)
    )[ordered]


def _parents_pool(pop: Population, paths: tuple[str, ...], born_by: int) -> IntArray:
    return np.flatnonzero(np.isin(pop.path, paths) & (pop.dob <= born_by)).astype(np.int64)


def _acquisition_families(
    rng: np.random.Generator, config: WorldConfig, pop: Population, start: int
) -> None:
    """Children born abroad to a U.S.-born parent: citizens if INA 301 is met."""
    fam = config.families
    kids = np.flatnonzero(pop.path == "acquisition_candidate")
    hi = d.to_day(date(config.world.birth_year_max, 12, 31))
    youngest, oldest = fam.acquisition_parent_age_years_min, fam.acquisition_parent_age_years_max
    pool = _parents_pool(pop, ("usc_born",), hi - int(d.years(youngest)))
    if len(kids) == 0 or len(pool) == 0:
        pop.path[kids] = "lpr"
        return
    parents = rng.choice(pool, size=len(kids), replace=len(pool) < len(kids))
    born = d.uniform(
        rng,
        pop.dob[parents] + d.years(youngest),
        np.minimum(pop.dob[parents] + d.years(oldest), hi),
    )
    presence = rng.uniform(fam.parent_presence_years_min, fam.parent_presence_years_max, len(kids))
    both = rng.random(len(kids)) < fam.two_citizen_parents_share
    latest_entry = start - config.timeline.last_entry_days_before_window
    moved = d.uniform(rng, born, np.full(len(kids), latest_entry))
    for i, kid in enumerate(kids):
        parent = int(parents[i])
        pop.dob[kid] = born[i]
        pop.parent1[kid] = pop.person_id[parent]
        pop.family_name[kid] = pop.family_name[parent]
        pop.second_family_name[kid] = ""
        pop.culture[kid] = pop.culture[parent]
        age_at_birth = (born[i] - pop.dob[parent]) / d.YEAR
        # INA 301(g): part of the parent's presence must come after their 14th birthday.
        after_14 = float(min(presence[i], max(age_at_birth - 14.0, 0.0)))
        outcome = acquire(
            d.to_date(int(born[i])),
            citizen_parents=2 if both[i] else 1,
            presence_years=float(presence[i]),
            presence_after_14_years=after_14,
        )
        pop.entry_date[kid] = moved[i]
        if outcome.acquired:
            pop.path[kid] = "usc_acquired"
            pop.citizenship_date[kid] = born[i]
            pop.citizenship_basis[kid] = outcome.basis
            pop.entry_kind[kid] = "citizen"
        else:
            pop.path[kid] = "lpr"
            pop.lpr_date[kid] = moved[i]
            pop.entry_kind[kid] = "immigrant"
        pop.family_facts.append(
            FamilyFacts(
                int(pop.person_id[kid]),
                outcome.basis,
                parents_married=True,  # every acquisition family here is married
                legally_separated=False,
                presence_years=float(presence[i]),
                presence_after_14_years=after_14,
                citizen_parents=2 if both[i] else 1,
            )
        )


def _derivation_families(
    rng: np.random.Generator, config: WorldConfig, pop: Population, start: int, end: int
) -> None:
    """Children who were LPRs when a parent naturalized: citizens if INA 320/321 is met."""
    fam = config.families
    kids = np.flatnonzero(pop.path == "derivation_candidate")
    hi = d.to_day(date(config.world.birth_year_max, 12, 31))
    youngest, oldest = fam.derivation_parent_age_years_min, fam.derivation_parent_age_years_max
    pool = _parents_pool(pop, ("usc_naturalized",), hi - int(d.years(youngest)))
    if len(kids) == 0 or len(pool) == 0:
        pop.path[kids] = "lpr"
        return
    parents = rng.choice(pool, size=len(kids), replace=len(pool) < len(kids))
    others_pool = np.setdiff1d(_parents_pool(pop, ("usc_naturalized", "lpr"), hi), parents)
    # The other parent is of the other sex: the statutes (and the calculators) speak of a
    # mother and a father, and a child of two "fathers" left one parent undescribed.
    by_sex = {sex: others_pool[pop.sex[others_pool] == sex] for sex in ("M", "F")}
    others = np.empty(len(kids), dtype=np.int64)
    for sex, other_sex in (("F", "M"), ("M", "F")):
        wanted = pop.sex[parents] == sex
        pool_of = by_sex[other_sex] if len(by_sex[other_sex]) else others_pool
        count = int(wanted.sum())
        others[wanted] = rng.choice(pool_of, size=count, replace=len(pool_of) < count)
    two = rng.random(len(kids)) < fam.two_parent_share
    married = rng.random(len(kids)) < fam.married_share
    situation = rng.random(len(kids))
    custody = rng.random(len(kids)) < fam.custody_share
    born = d.uniform(
        rng,
        pop.dob[parents] + d.years(youngest),
        np.minimum(pop.dob[parents] + d.years(oldest), hi),
    )
    delay = rng.uniform(fam.child_lpr_delay_years_min, fam.child_lpr_delay_years_max, len(kids))
    child_lpr = np.maximum(born, pop.lpr_date[parents]) + d.years(delay)
    child_lpr = np.minimum(child_lpr, start - config.timeline.last_entry_days_before_window)
    oath = child_lpr + d.years(
        rng.uniform(
            fam.parent_naturalization_years_min, fam.parent_naturalization_years_max, len(kids)
        )
    )
    after_lpr = d.years(fam.parent_oath_after_own_lpr_years_min)
    oath = np.clip(oath, pop.lpr_date[parents] + after_lpr, end)
    # The other parent naturalizes around the same time, never before their own residence.
    offset = rng.uniform(
        fam.other_parent_oath_offset_years_min, fam.other_parent_oath_offset_years_max, len(kids)
    )
    other_oath = np.clip(oath + d.years(offset), pop.lpr_date[others] + after_lpr, end)
    for i, kid in enumerate(kids):
        parent, other = int(parents[i]), int(others[i])
        pop.dob[kid] = born[i]
        pop.entry_date[kid] = min(int(child_lpr[i]), int(pop.entry_date[kid]))
        pop.entry_date[kid] = max(int(pop.entry_date[kid]), int(born[i]))
        pop.lpr_date[kid] = child_lpr[i]
        pop.entry_kind[kid] = "immigrant"
        pop.visa_until[kid] = d.NO_DATE
        pop.birth_country[kid] = pop.birth_country[parent]
        pop.culture[kid] = pop.culture[parent]
        pop.family_name[kid] = pop.family_name[parent]
        pop.naturalization_date[parent] = oath[i]
        pop.citizenship_date[parent] = oath[i]
        pop.parent1[kid] = pop.person_id[parent]
        parent_facts = [
            Parent(
                citizen_since=d.to_date(int(oath[i])),
                is_mother=pop.sex[parent] == "F",
                has_custody=bool(custody[i]),
            )
        ]
        separated = False
        if two[i]:
            pop.parent2[kid] = pop.person_id[other]
            other_natz = pop.path[other] == "usc_naturalized"
            died = situation[i] < fam.deceased_parent_share
            # Parents who never married cannot be legally separated (Matter of H-, 3 I&N
            # Dec. 742 (C.O. 1949); Nehme v. INS, 252 F.3d 415 (5th Cir. 2001)).
            separated = bool(married[i]) and (
                fam.deceased_parent_share
                <= situation[i]
                < fam.deceased_parent_share + fam.separated_custody_share
            )
            if other_natz and not died:
                pop.naturalization_date[other] = other_oath[i]
                pop.citizenship_date[other] = other_oath[i]
            parent_facts.append(
                Parent(
                    citizen_since=d.to_date(int(other_oath[i]))
                    if other_natz and not died
                    else None,
                    is_mother=pop.sex[other] == "F",
                    has_custody=not separated,
                    died_on=d.to_date(int(oath[i]) - fam.deceased_parent_died_days_before_oath)
                    if died
                    else None,
                )
            )
        outcome = derive(
            Child(
                born_on=d.to_date(int(born[i])),
                lpr_since=d.to_date(int(child_lpr[i])),
                parents_married=bool(married[i]) or not two[i],
                legally_separated=separated,
            ),
            parent_facts,
        )
        if outcome.derived_on is not None:
            pop.path[kid] = "usc_derived"
            pop.citizenship_date[kid] = d.to_day(outcome.derived_on)
            pop.citizenship_basis[kid] = outcome.basis
        else:
            pop.path[kid] = "lpr"
        other_parent = parent_facts[1] if len(parent_facts) == 2 else None
        pop.family_facts.append(
            FamilyFacts(
                int(pop.person_id[kid]),
                outcome.basis or "not derived",
                parents_married=bool(married[i]) or not two[i],
                legally_separated=separated,
                parent1_custody=bool(custody[i]),
                parent2_custody=None if other_parent is None else other_parent.has_custody,
                parent2_died_on=None if other_parent is None else other_parent.died_on,
            )
        )


def _convictions(
    rng: np.random.Generator, config: WorldConfig, pop: Population, start: int
) -> None:
    """Removable-type convictions of citizens and lawful residents (they matter to officers)."""
    n = len(pop)
    eligible = np.isin(
        pop.path, ("usc_born", "usc_acquired", "usc_naturalized", "usc_derived", "lpr")
    )
    chosen = eligible & (rng.random(n) < config.convictions.removable_offence_rate)
    adult = pop.dob + d.years(_ADULT_AGE)
    resident = d.present(pop.lpr_date)
    when = d.uniform(
        rng, np.where(resident, np.maximum(adult, pop.lpr_date), adult), np.full(n, start - 1)
    )
    pop.conviction_date[chosen] = when[chosen]
    # A conviction makes an LPR deportable: such a person is on that path, not "lpr".
    pop.path[chosen & (pop.path == "lpr")] = "lpr_deportable"
