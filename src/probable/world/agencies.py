"""The local agencies that book people, and the ICE office answering for each.

A detainer starts when a sheriff's jail or a police department books someone.
Each agency is named by its NCIC ORI code, sits in one U.S. jurisdiction (a
state, DC or a territory), keeps the local clock of its county, and is served
either by the Pacific Enforcement Response Center (PERC) or by another ICE
office. The table built here is the frame every simulated booking points into.

Jurisdictions, their time zones and their county-equivalents come from the `us`
package. It carries no population figures (nor does any other installed
library), so agencies are spread over jurisdictions in proportion to their
number of county-equivalents, a proxy for how many sheriffs' jails they hold;
booking volume then comes from heavy-tailed per-agency weights.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import numpy as np
import pyarrow as pa
import us
from faker import Faker

__all__ = [
    "DEFAULT_OTHER_OFFICES",
    "DEFAULT_PERC_JURISDICTIONS",
    "ORI_PATTERN",
    "SCHEMA",
    "Jurisdiction",
    "build_agencies",
    "jurisdictions",
]

#: An ORI: state code, 3-digit county number, 2-digit agency number, 2 more characters.
ORI_PATTERN = re.compile(r"^[A-Z]{2}[0-9]{3}[0-9]{2}[0-9A-Z]{2}$")

#: The columns of the agency table, in order.
SCHEMA = pa.schema(
    [
        pa.field("ori", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("state", pa.string(), nullable=False),
        pa.field("county_code", pa.string(), nullable=False),
        pa.field("time_zone", pa.string(), nullable=False),
        pa.field("responsible_office", pa.string(), nullable=False),
        pa.field("served_by_perc", pa.bool_(), nullable=False),
        pa.field("weight", pa.float64(), nullable=False),
    ]
)

# Assumption: our sources say only that PERC serves agencies in 42 states and
# 2 territories, not which ones. We take every state except the eight
# north-eastern ones below (CT, DE, MA, MD, NJ, NY, PA, RI), plus PR and GU.
DEFAULT_PERC_JURISDICTIONS: tuple[str, ...] = (
    "AK", "AL", "AR", "AZ", "CA", "CO", "FL", "GA", "HI", "IA", "ID", "IL",
    "IN", "KS", "KY", "LA", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND",
    "NE", "NH", "NM", "NV", "OH", "OK", "OR", "SC", "SD", "TN", "TX", "UT",
    "VA", "VT", "WA", "WI", "WV", "WY", "PR", "GU",
)  # fmt: skip

# Assumption: the offices answering for the jurisdictions PERC does not serve,
# named by an area-of-responsibility code; the split is a modelling choice.
DEFAULT_OTHER_OFFICES: Mapping[str, str] = MappingProxyType(
    {
        "CT": "BOS",
        "MA": "BOS",
        "RI": "BOS",
        "NY": "NYC",
        "NJ": "NEW",
        "PA": "PHI",
        "DE": "PHI",
        "MD": "BAL",
        "DC": "WAS",
        "VI": "MIA",
        "AS": "HON",
        "MP": "HON",
    }
)


@dataclass(frozen=True)
class Volumes:
    """Booking volume per agency: log-normal, with its median and sigma by kind.

    The world's config (`[agencies]`) sets these; the defaults are its values.
    """

    jail_median: float = 4.0
    jail_sigma: float = 1.4
    police_median: float = 1.0
    police_sigma: float = 1.0


# Jail names used in turn when one county holds several jails.
_STATE_JAIL_SUFFIXES = (
    "Sheriff's Office",
    "Jail",
    "Detention Center",
    "Correctional Facility",
    "Adult Detention Facility",
)
_TERRITORY_JAIL_SUFFIXES = (
    "Department of Corrections",
    "Detention Facility",
    "Correctional Center",
)
_PR_JAIL_PREFIXES = (
    "Centro de Detención de",
    "Institución Correccional de",
    "Centro de Ingreso de",
)


@dataclass(frozen=True)
class Jurisdiction:
    """A state, DC or a territory: where an agency sits and which clock it keeps."""

    code: str
    name: str
    kind: str
    time_zone: str
    time_zones: tuple[str, ...]


@dataclass(frozen=True)
class _County:
    """One county-equivalent with its NCIC-style number (alphabetical order, from 001)."""

    code: str
    name: str


@cache
def _us_states() -> dict[str, us.states.State]:
    """The `us` package's records for the states, DC and the inhabited territories."""
    return {s.abbr: s for s in [*us.states.STATES, *us.states.TERRITORIES, us.states.DC]}


@cache
def jurisdictions() -> tuple[Jurisdiction, ...]:
    """The 50 states, DC and the 5 inhabited territories, sorted by code.

    Taken from the `us` package so that names and time zones have one source;
    the principal zone is the first the package lists.
    """
    found: dict[str, Jurisdiction] = {}
    for state in _us_states().values():
        if state.is_territory:
            kind = "territory"
        elif state.abbr == "DC":
            kind = "district"
        else:
            kind = "state"
        zones = tuple(str(zone) for zone in state.time_zones)
        found[state.abbr] = Jurisdiction(
            code=str(state.abbr),
            name=str(state.name),
            kind=kind,
            time_zone=zones[0],
            time_zones=zones,
        )
    return tuple(found[code] for code in sorted(found))


@cache
def _counties(code: str) -> tuple[_County, ...]:
    """A jurisdiction's county-equivalents, numbered alphabetically as NCIC does.

    NCIC numbers counties in alphabetical order (Los Angeles is CA 019), which
    differs from FIPS numbering. A jurisdiction without listed counties gets one.
    """
    state = _us_states()[code]
    names = sorted({str(county.name) for county in (state.counties or [])})
    if not names:
        names = [str(state.name)]
    return tuple(_County(code=f"{i:03d}", name=name) for i, name in enumerate(names, start=1))


def _display_county(name: str) -> str:
    """A county name as an agency would print it ("Richmond city" -> "Richmond City")."""
    if name.endswith(" city"):
        return name[: -len(" city")] + " City"
    return name


def _validate_offices(
    perc_jurisdictions: Sequence[str],
    other_offices: Mapping[str, str],
    perc_office: str,
) -> dict[str, str]:
    """Map every jurisdiction code to its office, or say exactly what is wrong."""
    known = {j.code for j in jurisdictions()}
    if isinstance(perc_jurisdictions, str):
        raise TypeError("perc_jurisdictions must be a sequence of codes, not one string")
    if not perc_office:
        raise ValueError("perc_office must be a non-empty office code")

    unknown = sorted(set(perc_jurisdictions) - known)
    if unknown:
        raise ValueError(f"unknown jurisdiction codes in perc_jurisdictions: {', '.join(unknown)}")
    duplicated = sorted(code for code, n in Counter(perc_jurisdictions).items() if n > 1)
    if duplicated:
        raise ValueError(
            f"jurisdiction codes listed twice in perc_jurisdictions: {', '.join(duplicated)}"
        )

    unknown = sorted(set(other_offices) - known)
    if unknown:
        raise ValueError(f"unknown jurisdiction codes in other_offices: {', '.join(unknown)}")
    both = sorted(set(other_offices) & set(perc_jurisdictions))
    if both:
        raise ValueError(
            f"jurisdictions both served by {perc_office} and in other_offices: {', '.join(both)}"
        )
    blank = sorted(code for code, office in other_offices.items() if not office)
    if blank:
        raise ValueError(f"empty office code in other_offices for: {', '.join(blank)}")
    missing = sorted(known - set(perc_jurisdictions) - set(other_offices))
    if missing:
        raise ValueError(
            f"jurisdictions served by no office (add them to other_offices or "
            f"perc_jurisdictions): {', '.join(missing)}"
        )

    offices = dict.fromkeys(perc_jurisdictions, perc_office)
    offices.update(other_offices)
    return offices


def _allocate(rng: np.random.Generator, count: int, sizes: list[int]) -> list[int]:
    """Agencies per jurisdiction, proportional to `sizes`, at least one each when possible.

    With enough agencies, each jurisdiction gets one and the rest are split by
    largest remainders (no randomness). With fewer agencies than jurisdictions,
    which ones get an agency is drawn, weighted by size.
    """
    n = len(sizes)
    weights = np.asarray(sizes, dtype=np.float64)
    if count < n:
        chosen = rng.choice(n, size=count, replace=False, p=weights / weights.sum())
        result = [0] * n
        for i in chosen:
            result[int(i)] = 1
        return result
    quotas = (count - n) * weights / weights.sum()
    base = np.floor(quotas).astype(np.int64)
    leftover = (count - n) - int(base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:leftover]] += 1
    return [1 + int(b) for b in base]


def _zone_for(rng: np.random.Generator, jurisdiction: Jurisdiction, principal_share: float) -> str:
    """A county's zone: the principal one mostly, another of the state's zones otherwise."""
    zones = jurisdiction.time_zones
    if len(zones) == 1:
        return zones[0]
    rest = (1.0 - principal_share) / (len(zones) - 1)
    p = [principal_share] + [rest] * (len(zones) - 1)
    return zones[int(rng.choice(len(zones), p=p))]


def _jail_name(jurisdiction: Jurisdiction, county: _County, nth: int) -> str:
    """The name of the `nth` (from 0) jail in a county; PR names are in Spanish."""
    if jurisdiction.code == "PR":
        place = county.name.removesuffix(" Municipio")
        prefix = _PR_JAIL_PREFIXES[nth % len(_PR_JAIL_PREFIXES)]
        extra = f" {nth // len(_PR_JAIL_PREFIXES) + 1}" if nth >= len(_PR_JAIL_PREFIXES) else ""
        return f"{prefix} {place}{extra}"
    suffixes = _STATE_JAIL_SUFFIXES if jurisdiction.kind == "state" else _TERRITORY_JAIL_SUFFIXES
    place = _display_county(county.name)
    extra = f" {nth // len(suffixes) + 1}" if nth >= len(suffixes) else ""
    return f"{place} {suffixes[nth % len(suffixes)]}{extra}"


def _police_name(
    jurisdiction: Jurisdiction, county: _County, nth: int, fake: Faker, taken: set[str]
) -> str:
    """The name of a police department, unique within the table.

    Puerto Rico's municipal police are named after the real municipio (the
    es_MX Faker locale yields Mexican place names, wrong for the island);
    elsewhere a Faker en_US city stands for the town.
    """
    if jurisdiction.code == "PR":
        place = county.name.removesuffix(" Municipio")
        base = f"Policía Municipal de {place}"
        name = base if nth == 0 else f"{base}, Precinto {nth + 1}"
    else:
        name = f"City of {fake.city()} Police Department"
        for _ in range(20):
            if name not in taken:
                break
            name = f"City of {fake.city()} Police Department"
    if name in taken:
        name = f"{name} ({jurisdiction.code} {county.code})"
    taken.add(name)
    return name


def _ori_tails(rng: np.random.Generator, n: int) -> list[str]:
    """`n` distinct 4-character ORI tails (agency number + 2 characters) for one county.

    Tails end in "00" as most primary ORIs do, unless a county needs more than 100.
    """
    if n <= 100:
        return [f"{int(k):02d}00" for k in rng.choice(100, size=n, replace=False)]
    return [f"{int(k):04d}" for k in rng.choice(10_000, size=n, replace=False)]


def build_agencies(
    rng: np.random.Generator,
    *,
    count: int,
    perc_jurisdictions: Sequence[str],
    other_offices: Mapping[str, str],
    police_share: float,
    perc_office: str = "PERC",
    principal_zone_share: float = 0.75,
    volumes: Volumes = Volumes(),
) -> pa.Table:
    """Draw `count` booking agencies (sheriffs' jails and police departments).

    Each jurisdiction gets at least one agency when `count` allows; the rest are
    spread in proportion to each jurisdiction's number of county-equivalents in
    the `us` package, since no installed library carries population figures.
    Booking volume (`weight`) is log-normal, so a few big county jails dominate.
    Exactly round(`police_share` * `count`) agencies are police departments.
    A county in a state with several time zones keeps the principal one with
    probability `principal_zone_share`.

    Jurisdictions in `perc_jurisdictions` are served by `perc_office`; every
    other one must appear in `other_offices` (code -> office code). Unknown
    codes, overlaps, gaps, a negative count or a share outside [0, 1] raise
    ValueError naming the problem. The same generator state gives the same
    table, rows sorted by `ori`, with the columns of `SCHEMA`.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a non-negative integer, got {count!r}")
    if not 0.0 <= police_share <= 1.0:
        raise ValueError(f"police_share must be within [0, 1], got {police_share!r}")
    offices = _validate_offices(perc_jurisdictions, other_offices, perc_office)
    perc_codes = set(perc_jurisdictions)

    fake = Faker("en_US")
    fake.seed_instance(int(rng.integers(2**31)))

    all_jurisdictions = jurisdictions()
    per_jurisdiction = _allocate(rng, count, [len(_counties(j.code)) for j in all_jurisdictions])
    n_police = math.floor(police_share * count + 0.5)
    is_police = np.zeros(count, dtype=bool)
    is_police[:n_police] = True
    is_police = rng.permutation(is_police)

    rows: list[tuple[str, str, str, str, str, str, str, bool]] = []
    taken: set[str] = set()
    start = 0
    for jurisdiction, n in zip(all_jurisdictions, per_jurisdiction, strict=True):
        if n == 0:
            continue
        counties = _counties(jurisdiction.code)
        kinds = is_police[start : start + n]
        start += n
        # Jails go to distinct counties in random order before any county gets
        # a second; police departments fall in counties at random.
        n_jails = int((~kinds).sum())
        jail_counties: list[int] = []
        while len(jail_counties) < n_jails:
            jail_counties.extend(int(i) for i in rng.permutation(len(counties)))
        jail_iter = iter(jail_counties[:n_jails])
        placed = [
            int(rng.integers(len(counties))) if police else next(jail_iter) for police in kinds
        ]

        zones: dict[int, str] = {}
        tails: dict[int, list[str]] = {}
        for index in sorted(set(placed)):
            zones[index] = _zone_for(rng, jurisdiction, principal_zone_share)
            tails[index] = _ori_tails(rng, placed.count(index))
        seen: dict[tuple[int, bool], int] = {}
        used: dict[int, int] = {}
        for police, index in zip(kinds, placed, strict=True):
            county = counties[index]
            nth = seen.get((index, bool(police)), 0)
            seen[(index, bool(police))] = nth + 1
            tail = tails[index][used.get(index, 0)]
            used[index] = used.get(index, 0) + 1
            if police:
                name = _police_name(jurisdiction, county, nth, fake, taken)
            else:
                name = _jail_name(jurisdiction, county, nth)
            rows.append(
                (
                    f"{jurisdiction.code}{county.code}{tail}",
                    name,
                    "police" if police else "jail",
                    jurisdiction.code,
                    county.code,
                    zones[index],
                    offices[jurisdiction.code],
                    jurisdiction.code in perc_codes,
                )
            )

    police_mask = np.array([row[2] == "police" for row in rows], dtype=bool)
    weights = np.where(
        police_mask,
        rng.lognormal(math.log(volumes.police_median), volumes.police_sigma, size=len(rows)),
        rng.lognormal(math.log(volumes.jail_median), volumes.jail_sigma, size=len(rows)),
    )
    order = sorted(range(len(rows)), key=lambda i: rows[i][0])
    arrays = [
        pa.array([rows[i][column] for i in order], type=field.type)
        for column, field in enumerate(SCHEMA)
        if field.name != "weight"
    ]
    arrays.append(pa.array(weights[order], type=pa.float64()))
    return pa.Table.from_arrays(arrays, schema=SCHEMA)
