"""Bookings: who the local jails booked, when, and what they typed.

A booking is where a detainer case starts. Each one picks a person (in
proportion to the arrest weight of their path, among adults already in the
country on the day), an agency (in proportion to its booking volume) and a
local time, which is converted to UTC with the agency's IANA time zone.

Two tables come out. `records` is what the jail sends, the only part the
decision code may see: biographics as typed, with the configured jail errors,
and the FIN when the prints matched an IDENT record. `truth` says who was
really booked, on which local day, and which errors the jail made.

A configured share of the agencies (`bookings.accent_stripping_share`, drawn
per agency) run booking systems that drop accents ("Muñoz" -> "Munoz"); truth
lists that as `accents_stripped` where it changed a name. Empty name fields
and a blank place of birth are null in `records`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from probable.world import days as d
from probable.world.config import OUTCOMES, WorldConfig
from probable.world.mistakes import typo
from probable.world.names import strip_accents, surname_variant, swap_name_order
from probable.world.population import NO_PERSON, Population

__all__ = [
    "JAIL_ERRORS",
    "RECORDS_SCHEMA",
    "TRUTH_SCHEMA",
    "Bookings",
    "build_bookings",
    "local_to_utc",
]

IntArray = npt.NDArray[np.int64]
ObjArray = npt.NDArray[np.object_]

#: What the jail sends: visible to the decision code.
RECORDS_SCHEMA = pa.schema(
    [
        pa.field("booking_id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("agency_ori", pa.string(), nullable=False),
        pa.field("booked_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("given_name", pa.string()),
        pa.field("middle_name", pa.string()),
        pa.field("family_name", pa.string()),
        pa.field("second_family_name", pa.string()),
        pa.field("date_of_birth", pa.date32()),
        pa.field("sex", pa.string()),
        pa.field("place_of_birth", pa.string()),
        pa.field("offence_codes", pa.list_(pa.string()), nullable=False),
        pa.field("fin", pa.string()),
        pa.field("fbi_number", pa.string()),
        pa.field("scheduled_release_at", pa.timestamp("us", tz="UTC")),
    ]
)

#: Who was really booked and what the jail got wrong: truth only.
TRUTH_SCHEMA = pa.schema(
    [
        pa.field("booking_id", pa.string(), nullable=False),
        pa.field("person_id", pa.int64(), nullable=False),
        pa.field("booked_day", pa.date32(), nullable=False),
        pa.field("jail_errors", pa.list_(pa.string()), nullable=False),
    ]
)

#: The values `truth.jail_errors` can hold, in the order they are listed.
#: The first four are the configured `[bookings.jail_errors]`; the last marks
#: names whose accents the agency's system dropped (a per-agency habit).
JAIL_ERRORS = (
    "name_typo",
    "surname_order",
    "dob_day_month_swap",
    "place_of_birth_blank",
    "accents_stripped",
)

# The age of majority, in months: only adults are booked (see WorldSection).
_ADULT_MONTHS = 18 * 12
_NEVER = np.int64(2**40)
_SECONDS_PER_DAY = 86_400
_MICROS = 1_000_000
_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Bookings:
    """The jail's booking records (visible) and who they really were (truth)."""

    records: pa.Table
    truth: pa.Table


def build_bookings(
    rng: np.random.Generator,
    config: WorldConfig,
    pop: Population,
    agencies: pa.Table,
    fin_person: npt.NDArray[np.int64],
    fin: npt.NDArray[np.object_],
    fin_since: npt.NDArray[np.int64],
    *,
    fbi_person: npt.NDArray[np.int64] | None = None,
    fbi: npt.NDArray[np.object_] | None = None,
    fbi_since: npt.NDArray[np.int64] | None = None,
) -> Bookings:
    """Draw `config.world.bookings` bookings over the booking window.

    A person is eligible on a local day once 18 and, unless U.S.-born, after
    their entry date; a namesake (`Population.namesake_of`) never is. The day
    is uniform over the window (from the first day anyone is eligible, if that
    is later than its start). People are drawn with
    replacement in proportion to `arrest_weight` of their path, agencies in
    proportion to `weight`. The fingerprints match, and `fin` is filled, when
    the person holds a FIN (`fin_person`/`fin`) and the day is on or after
    `fin_since` (NO_DATE there counts as "always"); `fbi_number` likewise, from
    the FBI numbers NGI holds (`fbi_person`/`fbi`/`fbi_since`; none when not
    given). Rows are sorted by
    `booked_at`; `booking_id` and `event_id` follow that order, drawn from
    `rng`, so the same generator state gives equal tables.

    Raises ValueError for an agency table with no rows, no positive weight or
    an unknown time zone, for FIN arrays of different lengths or a repeated
    person, or when bookings are wanted and nobody is ever eligible.
    """
    zone_names, agency_weight = _check_agencies(agencies)
    fins = _FinIndex.of(fin_person, fin, fin_since)
    empty = np.zeros(0, dtype=np.int64)
    ucns = _FinIndex.of(
        empty if fbi_person is None else fbi_person,
        np.zeros(0, dtype=object) if fbi is None else fbi,
        empty if fbi_since is None else fbi_since,
        what="FBI number",
    )
    n = config.world.bookings
    if n == 0:
        return Bookings(RECORDS_SCHEMA.empty_table(), TRUTH_SCHEMA.empty_table())

    start = d.to_day(config.world.booking_start)
    end = d.to_day(config.world.booking_end)
    first_day, weight = _eligibility(config, pop)
    order = np.argsort(first_day, kind="stable")
    first_sorted = first_day[order]
    cumulative = np.cumsum(weight[order])
    positive = first_sorted[weight[order] > 0]
    if len(positive) == 0 or positive.min() > end:
        raise ValueError(
            "nobody is eligible for booking: no adult in the country with a positive "
            f"arrest weight between {config.world.booking_start} and {config.world.booking_end}"
        )
    opens = max(start, int(positive.min()))

    strips = rng.random(len(agency_weight)) < config.bookings.accent_stripping_share
    day = d.uniform(rng, np.full(n, opens, dtype=np.int64), end)
    agency = rng.choice(len(agency_weight), size=n, p=agency_weight / agency_weight.sum())
    hours = np.asarray(config.bookings.hour_weights.weights, dtype=np.float64)
    hour = rng.choice(24, size=n, p=hours / hours.sum()).astype(np.int64)
    second_of_hour = rng.integers(0, 3600, size=n, dtype=np.int64)
    eligible = np.searchsorted(first_sorted, day, side="right")
    draw = rng.random(n) * cumulative[eligible - 1]
    picked = np.minimum(np.searchsorted(cumulative, draw, side="right"), eligible - 1)
    person = order[picked]

    local_seconds = day * _SECONDS_PER_DAY + hour * 3600 + second_of_hour
    booked_at = local_to_utc(local_seconds, zone_names[agency]) * _MICROS
    by_time = np.argsort(booked_at, kind="stable")
    day, agency, person, booked_at = (
        day[by_time],
        agency[by_time],
        person[by_time],
        booked_at[by_time],
    )

    width = max(8, len(str(n)))
    booking_id = np.array([f"BK{i:0{width}d}" for i in range(1, n + 1)], dtype=object)
    raw = rng.bytes(16 * n)
    event_id = [str(uuid.UUID(bytes=raw[16 * i : 16 * i + 16], version=4)) for i in range(n)]

    bio = _Typed.of(pop, person)
    errors = _apply_jail_errors(rng, config, bio, strips[agency])
    offences = _offence_codes(rng, config, n)
    release = _scheduled_release(rng, config, booked_at)

    records = pa.Table.from_arrays(
        [
            pa.array(booking_id, pa.string()),
            pa.array(event_id, pa.string()),
            agencies.column("ori").take(pa.array(agency)).combine_chunks(),
            pa.array(booked_at, pa.timestamp("us", tz="UTC")),
            _strings(bio.given_name),
            _strings(bio.middle_name),
            _strings(bio.family_name),
            _strings(bio.second_family_name),
            d.to_arrow(bio.dob),
            _strings(pop.sex[person]),
            _strings(bio.place_of_birth),
            offences,
            fins.match(pop.person_id[person], day),
            ucns.match(pop.person_id[person], day),
            release,
        ],
        schema=RECORDS_SCHEMA,
    )
    truth = pa.Table.from_arrays(
        [
            pa.array(booking_id, pa.string()),
            pa.array(pop.person_id[person], pa.int64()),
            d.to_arrow(day),
            _flag_lists(errors, JAIL_ERRORS),
        ],
        schema=TRUTH_SCHEMA,
    )
    return Bookings(records, truth)


def local_to_utc(local_seconds: IntArray, zone_names: ObjArray) -> IntArray:
    """UTC seconds since the epoch for local wall-clock seconds in each IANA zone.

    An ambiguous time (the repeated hour when clocks fall back) is read as its
    first occurrence; a time in the spring-forward gap is read with the offset
    in force before the change, so it lands where a clock set forward would show.
    """
    zones = {name: ZoneInfo(name) for name in set(zone_names.tolist())}
    offsets = np.empty(len(local_seconds), dtype=np.int64)
    for i, (seconds, name) in enumerate(
        zip(local_seconds.tolist(), zone_names.tolist(), strict=True)
    ):
        wall = (_EPOCH + timedelta(seconds=seconds)).replace(tzinfo=zones[name])
        offset = wall.utcoffset()
        assert offset is not None
        offsets[i] = offset.days * _SECONDS_PER_DAY + offset.seconds
    return np.asarray(local_seconds, dtype=np.int64) - offsets


def _check_agencies(agencies: pa.Table) -> tuple[ObjArray, npt.NDArray[np.float64]]:
    missing = sorted({"ori", "time_zone", "weight"} - set(agencies.column_names))
    if missing:
        raise ValueError(f"agency table lacks column(s): {', '.join(missing)}")
    if agencies.num_rows == 0:
        raise ValueError("agency table has no rows: nobody could book anyone")
    if agencies.column("weight").null_count or agencies.column("ori").null_count:
        raise ValueError("agency table has a missing ori or weight")
    weight = np.asarray(agencies.column("weight").to_numpy(), dtype=np.float64)
    if not np.all(np.isfinite(weight)) or np.any(weight < 0):
        raise ValueError("agency weights must be finite and non-negative")
    if weight.sum() <= 0:
        raise ValueError("agency table has no agency with a positive weight")
    zone_names = np.asarray(agencies.column("time_zone").to_pylist(), dtype=object)
    for name in sorted({str(z) for z in zone_names}):
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"agency table has an unknown time zone: {name!r}") from None
    return zone_names, weight


@dataclass(frozen=True)
class _FinIndex:
    """Holders of a fingerprint identity (an IDENT FIN, an FBI number) sorted by person,
    for matching booked prints."""

    person: IntArray
    fin: ObjArray
    since: IntArray

    @classmethod
    def of(
        cls, fin_person: IntArray, fin: ObjArray, fin_since: IntArray, *, what: str = "FIN"
    ) -> _FinIndex:
        if not len(fin_person) == len(fin) == len(fin_since):
            raise ValueError(
                f"the {what} holders, numbers and first days must have one entry per holder "
                f"(lengths {len(fin_person)}, {len(fin)}, {len(fin_since)})"
            )
        order = np.argsort(fin_person, kind="stable")
        person = np.asarray(fin_person, dtype=np.int64)[order]
        repeated = person[1:][person[1:] == person[:-1]]
        if len(repeated):
            raise ValueError(f"person {int(repeated[0])} is listed with more than one {what}")
        return cls(person, np.asarray(fin, dtype=object)[order], np.asarray(fin_since)[order])

    def match(self, person_id: IntArray, day: IntArray) -> pa.Array:
        """The number of each booked person whose prints were held by the booking day."""
        if len(self.person) == 0:
            return pa.nulls(len(person_id), pa.string())
        at = np.minimum(np.searchsorted(self.person, person_id), len(self.person) - 1)
        matched = (self.person[at] == person_id) & (day >= self.since[at])
        values = self.fin[at]
        values[~matched] = None
        return pa.array(values.tolist(), pa.string())


def _eligibility(config: WorldConfig, pop: Population) -> tuple[IntArray, npt.NDArray[np.float64]]:
    """Each person's first bookable day, and their arrest weight."""
    weights = config.bookings.arrest_weight
    unknown = sorted(set(pop.path.tolist()) - set(OUTCOMES))
    if unknown:
        raise ValueError(f"population has paths with no arrest weight: {', '.join(unknown)}")
    weight = np.array([weights[p] for p in pop.path.tolist()], dtype=np.float64)
    # Namesakes live in the index only: they are the other people it holds.
    weight[pop.namesake_of != NO_PERSON] = 0.0
    born = pop.dob.astype("datetime64[D]")
    month_start = born.astype("datetime64[M]")
    # The 18th birthday; 29 February rolls over to 1 March in common years.
    adult = (
        (month_start + _ADULT_MONTHS).astype("datetime64[D]")
        + (born - month_start.astype("datetime64[D]"))
    ).astype(np.int64)
    us_born = pop.birth_country == "US"
    entered = d.present(pop.entry_date)
    arrived = np.where(us_born, adult, np.where(entered, pop.entry_date + 1, _NEVER))
    first = np.where(d.present(pop.dob), np.maximum(adult, arrived), _NEVER)
    return first.astype(np.int64), weight


@dataclass
class _Typed:
    """The biographics of each booking, as the jail is typing them."""

    given_name: ObjArray
    middle_name: ObjArray
    family_name: ObjArray
    second_family_name: ObjArray
    dob: IntArray
    place_of_birth: ObjArray

    @classmethod
    def of(cls, pop: Population, person: npt.NDArray[np.intp]) -> _Typed:
        return cls(
            given_name=pop.given_name[person].copy(),
            middle_name=pop.middle_name[person].copy(),
            family_name=pop.family_name[person].copy(),
            second_family_name=pop.second_family_name[person].copy(),
            dob=pop.dob[person].copy(),
            place_of_birth=pop.birth_country[person].copy(),
        )


def _apply_jail_errors(
    rng: np.random.Generator,
    config: WorldConfig,
    bio: _Typed,
    strips_accents: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Apply the jail's errors in place; one flag column per entry of `JAIL_ERRORS`."""
    rates = config.bookings.jail_errors
    n = len(bio.dob)
    flags = np.zeros((n, len(JAIL_ERRORS)), dtype=bool)

    for i in np.flatnonzero(rng.random(n) < rates.name_typo):
        on_given = rng.random() < config.bookings.typo_given_name_share
        column = bio.given_name if on_given else bio.family_name
        was = str(column[i] or "")
        column[i] = typo(was, rng)
        flags[i, 0] = column[i] != was

    for i in np.flatnonzero(rng.random(n) < rates.surname_order):
        given, family = bio.given_name[i], bio.family_name[i]
        second = str(bio.second_family_name[i] or "")
        if second:
            bio.family_name[i], bio.second_family_name[i] = surname_variant(
                str(family or ""), second, rng
            )
        else:
            bio.given_name[i], bio.family_name[i] = swap_name_order(
                str(given or ""), str(family or "")
            )
        flags[i, 1] = (
            bio.given_name[i] != given
            or bio.family_name[i] != family
            or bio.second_family_name[i] != second
        )

    # Only a date with day and month both 12 or less can be swapped; pick among
    # those so the realised rate matches the configured one.
    want = int((rng.random(n) < rates.dob_day_month_swap).sum())
    swapped, can = d.swap_day_month(bio.dob)
    swappable = np.flatnonzero(can)
    picks = rng.choice(swappable, size=min(want, len(swappable)), replace=False)
    bio.dob[picks] = swapped[picks]
    flags[picks, 2] = True

    blank = rng.random(n) < rates.place_of_birth_blank
    bio.place_of_birth[blank] = None
    flags[:, 3] = blank

    for i in np.flatnonzero(strips_accents):
        for column in (bio.given_name, bio.middle_name, bio.family_name, bio.second_family_name):
            value = column[i]
            if value:
                plain = strip_accents(str(value))
                if plain != value:
                    column[i] = plain
                    flags[i, 4] = True
    return flags


def _offence_codes(rng: np.random.Generator, config: WorldConfig, n: int) -> pa.Array:
    """Distinct NCIC codes per booking, weighted without replacement.

    How many (1, 2, ...) follows `bookings.charge_count_shares`, capped at the
    number of codes with a positive weight.
    """
    codes = np.array(list(config.bookings.charges), dtype=object)
    weight = np.array(list(config.bookings.charges.values()), dtype=np.float64)
    shares = np.asarray(config.bookings.charge_count_shares)
    count = rng.choice(len(shares), size=n, p=shares) + 1
    count = np.minimum(count, int((weight > 0).sum()))
    # Gumbel top-k: sorting log-weights plus Gumbel noise samples without replacement.
    with np.errstate(divide="ignore"):
        keys = np.log(weight)[None, :] + rng.gumbel(size=(n, len(codes)))
    top = np.argsort(-keys, axis=1, kind="stable")[:, : len(shares)]
    keep = np.arange(top.shape[1])[None, :] < count[:, None]
    offsets = np.concatenate([[0], np.cumsum(count)]).astype(np.int32)
    return pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()), pa.array(codes[top[keep]], pa.string())
    )


def _scheduled_release(
    rng: np.random.Generator, config: WorldConfig, booked_at: IntArray
) -> pa.Array:
    """Booking time plus log-normal hours, to the second; null when not scheduled."""
    release = config.bookings.release
    n = len(booked_at)
    hours = release.median_hours * np.exp(release.sigma * rng.standard_normal(n))
    unscheduled = rng.random(n) < release.unscheduled_share
    at = booked_at + np.round(hours * 3600.0).astype(np.int64) * _MICROS
    return pa.array(at, pa.timestamp("us", tz="UTC"), mask=unscheduled)


def _strings(values: ObjArray) -> pa.Array:
    """Text as typed; an empty field is null."""
    return pa.array([v if v else None for v in values.tolist()], pa.string())


def _flag_lists(flags: npt.NDArray[np.bool_], names: tuple[str, ...]) -> pa.Array:
    offsets = np.concatenate([[0], np.cumsum(flags.sum(axis=1))]).astype(np.int32)
    values = np.tile(np.array(names, dtype=object), len(flags))[flags.ravel()]
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(values, pa.string()))
