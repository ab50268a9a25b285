"""Namesakes: the other people a national index holds under a person's name and birth date.

A response center searches DHS systems holding hundreds of millions of identities
(IDENT: over 237 million). A full-name-and-birth-date collision that is rare among
the world's people is routine there for common names, so each person gets a
Poisson number of namesakes with mean

    rate * c * index_identities / (persons * birth_days)

where `c` is how many other people in the world share the person's full name
(given, family and second family name), `persons` the world's size and
`birth_days` the days in [birth_year_min, birth_year_max]: the index identities
expected to hold this name and this birth date if the index's names are
distributed as the world's own (an assumption, scaled by `rate`) and its birth
dates uniformly. The person is not counted in `c`: `c / persons` is then an
unbiased estimate of the share of their name, where counting them would give
every name seen once a share of 1 / persons, a flat index_identities /
birth_days (about 12,500) namesakes whatever the world's size.

A namesake is another person, with the same names, sex, birth date and culture and
the same birth country (a foreign country of the same culture when the person was
born in the United States: a citizen by birth's namesake in a DHS index is a
foreign national), on a foreign-born path that needs no linked parent, with life
events drawn by the code that draws everyone's. A share of men also have a father
or son of the same name (Jr./Sr.), born 18 to 40 years apart, drawn the same way.
Nobody here is ever booked; who is a namesake is truth only.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from probable.world import days as d
from probable.world.config import NAMESAKE_PATHS, WorldConfig
from probable.world.population import (
    _DACA_BORN_AFTER,
    HUMANITARIAN,
    NO_PERSON,
    UNAUTHORIZED,
    Population,
    _choose,
    _convictions,
    _draw_events,
)

__all__ = ["CITIZEN_PATHS", "RELATIVE_PATHS", "add_namesakes", "expected_namesakes"]

IntArray = npt.NDArray[np.int64]
ObjArray = npt.NDArray[np.object_]

#: The paths of citizens: no son is drawn for them, since the law might make a son
#: born abroad a citizen through them, and these relatives are linked to nobody.
CITIZEN_PATHS = ("usc_born", "usc_acquired", "usc_naturalized", "usc_derived")

#: The paths a Jr./Sr. relative can take: a naturalized father could have made the
#: person a citizen by derivation, which an unlinked relative cannot show.
RELATIVE_PATHS = tuple(path for path in NAMESAKE_PATHS if path != "usc_naturalized")


def _birth_span(config: WorldConfig) -> tuple[int, int]:
    """The first and last day anyone in the world is born."""
    return (
        d.to_day(date(config.world.birth_year_min, 1, 1)),
        d.to_day(date(config.world.birth_year_max, 12, 31)),
    )


def expected_namesakes(config: WorldConfig, pop: Population) -> npt.NDArray[np.float64]:
    """Each person's expected number of namesakes (the Poisson mean above); none for a
    namesake, who is not one of the world's people."""
    ns = config.namesakes
    out = np.zeros(len(pop), dtype=np.float64)
    people = np.flatnonzero(pop.namesake_of == NO_PERSON)
    if len(people) == 0:
        return out
    lo, hi = _birth_span(config)
    birth_days = hi - lo + 1
    full_name = (
        pop.given_name[people]
        + "\x1f"
        + pop.family_name[people]
        + "\x1f"
        + pop.second_family_name[people]
    )
    _, inverse, counts = np.unique(full_name, return_inverse=True, return_counts=True)
    others = (counts[inverse.ravel()] - 1).astype(np.float64)
    out[people] = ns.rate * others * ns.index_identities / (len(people) * birth_days)
    return out


def add_namesakes(rng: np.random.Generator, config: WorldConfig, pop: Population) -> Population:
    """`pop` followed by its namesakes, then its Jr./Sr. relatives (person ids continuing)."""
    count = rng.poisson(expected_namesakes(config, pop))
    of = np.repeat(np.arange(len(pop), dtype=np.int64), count)
    kin, kin_kind, kin_dob = _relatives(rng, config, pop)
    of = np.concatenate([of, kin])
    if len(of) == 0:
        return pop
    kind = np.concatenate([np.full(int(count.sum()), "namesake", dtype=object), kin_kind])
    dob = np.concatenate([pop.dob[of[: int(count.sum())]], kin_dob]).astype(np.int64)
    path = _paths(rng, config, dob, relative=kind != "namesake")
    extra = Population.blank(
        path=path,
        sex=pop.sex[of].copy(),
        dob=dob,
        birth_country=_birth_countries(rng, config, pop, of, path),
        culture=pop.culture[of].copy(),
    )
    extra.person_id += int(pop.person_id[-1]) if len(pop) else 0
    extra.namesake_of[:] = pop.person_id[of]
    extra.namesake_kind[:] = kind
    for name in ("given_name", "middle_name", "family_name", "second_family_name"):
        getattr(extra, name)[:] = getattr(pop, name)[of]
    start = d.to_day(config.world.booking_start)
    end = d.to_day(config.world.booking_end)
    _draw_events(rng, config, extra, start, end)
    _convictions(rng, config, extra, start)
    return pop.extended(extra)


def _relatives(
    rng: np.random.Generator, config: WorldConfig, pop: Population
) -> tuple[IntArray, ObjArray, IntArray]:
    """The men with a father or son of their name: who, which relative, his birth date.

    A son is drawn only for a man who is no citizen, old enough to have a son born by
    the end of the world's birth years (so an adult by the booking window).
    """
    ns = config.namesakes
    n = len(pop)
    _, last_birth = _birth_span(config)
    ordinary = pop.namesake_of == NO_PERSON
    chosen = ordinary & (pop.sex == "M") & (rng.random(n) < ns.junior_share)
    shortest = int(d.years(ns.junior_gap_years_min))
    longest = int(d.years(ns.junior_gap_years_max))
    room = last_birth - pop.dob
    can_have_son = ~np.isin(pop.path, CITIZEN_PATHS) & (room >= shortest)
    son = can_have_son & (rng.random(n) < 0.5)
    gap = d.uniform(rng, np.full(n, shortest), np.where(son, np.minimum(longest, room), longest))
    who = np.flatnonzero(chosen).astype(np.int64)
    kind = np.where(son[who], "son", "father").astype(object)
    dob = np.where(son, pop.dob + gap, pop.dob - gap)[who].astype(np.int64)
    return who, kind, dob


def _paths(
    rng: np.random.Generator,
    config: WorldConfig,
    dob: IntArray,
    *,
    relative: npt.NDArray[np.bool_],
) -> ObjArray:
    """Paths in proportion to their population shares, among those open to each person.

    DACA is open only to people born late enough (the 2012 memorandum); see
    `population`.
    """
    shares = config.population.shares
    out = np.empty(len(dob), dtype=object)
    daca_open = dob >= _DACA_BORN_AFTER
    for is_relative in (False, True):
        allowed = RELATIVE_PATHS if is_relative else NAMESAKE_PATHS
        for open_to_daca in (True, False):
            mask = (relative == is_relative) & (daca_open == open_to_daca)
            if not mask.any():
                continue
            keys = [p for p in allowed if open_to_daca or p != "daca"]
            out[mask] = _choose(rng, keys, [shares[p] for p in keys], int(mask.sum()))
    return out


def _birth_countries(
    rng: np.random.Generator, config: WorldConfig, pop: Population, of: IntArray, path: ObjArray
) -> ObjArray:
    """The birth country of the person shared with, or a foreign one for the U.S.-born.

    A U.S.-born person's namesake is born where names of that culture are given,
    drawn by the weights of the namesake's path group (see `population._birth_countries`).
    """
    out = pop.birth_country[of].copy()
    us_born = out == "US"
    column = np.where(
        np.isin(path, UNAUTHORIZED),
        "unauthorized",
        np.where(np.isin(path, HUMANITARIAN), "humanitarian", "weight"),
    ).astype(object)
    culture = pop.culture[of]
    groups = set(zip(culture[us_born].tolist(), column[us_born].tolist(), strict=True))
    for group_culture, group_column in sorted(groups):
        mask = us_born & (culture == group_culture) & (column == group_column)
        keys, weights = _countries_for(config, str(group_culture), str(group_column))
        out[mask] = _choose(rng, keys, weights, int(mask.sum()))
    return out


def _countries_for(config: WorldConfig, culture: str, column: str) -> tuple[list[str], list[float]]:
    """The countries whose names are of `culture`, by the path group's weight (`column`);
    by their summed weights if that is zero everywhere; any country if none fits."""
    countries = config.countries
    same = [c for c in sorted(countries) if countries[c].culture == culture]
    for weights in (
        [float(getattr(countries[c], column)) for c in same],
        [countries[c].weight + countries[c].unauthorized + countries[c].humanitarian for c in same],
    ):
        if same and sum(weights) > 0:
            return same, weights
    every = sorted(countries)
    return every, [float(getattr(countries[c], column)) for c in every]
