"""Bookings: eligible people only, local windows and DST, FIN timing, jail error rates."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest

from probable.world import days as d
from probable.world.agencies import SCHEMA as AGENCY_SCHEMA
from probable.world.agencies import build_agencies
from probable.world.bookings import (
    JAIL_ERRORS,
    RECORDS_SCHEMA,
    TRUTH_SCHEMA,
    Bookings,
    build_bookings,
    local_to_utc,
)
from probable.world.config import OUTCOMES, HourWeights, WorldConfig, load_config
from probable.world.names import NameSampler
from probable.world.population import Population, draw_population

START = d.to_day(date(2015, 5, 1))
END = d.to_day(date(2016, 2, 29))

_GIVEN = np.array(["José", "María", "John", "Ana", "Wei", "Zoë", "Nguyễn Văn"], dtype=object)
_FAMILY = np.array(["Muñoz", "Smith", "García", "Lee", "Peña", "O'Brien", "Trần"], dtype=object)
_SECOND = np.array(["", "", "López", "", "Ibáñez", ""], dtype=object)


def _config(bookings: int = 500, **section: Any) -> WorldConfig:
    config = load_config().with_overrides(bookings=bookings)
    if section:
        config = config.model_copy(update={"bookings": config.bookings.model_copy(update=section)})
    return config


def _population(
    rng: np.random.Generator,
    n: int,
    *,
    path: npt.NDArray[np.object_] | None = None,
    dob: npt.NDArray[np.int64] | None = None,
    foreign: npt.NDArray[np.bool_] | None = None,
    entry: npt.NDArray[np.int64] | None = None,
) -> Population:
    """People built by hand: only the fields bookings read carry meaning."""
    if path is None:
        path = np.array(OUTCOMES, dtype=object)[rng.integers(len(OUTCOMES), size=n)]
    if dob is None:
        dob = d.uniform(rng, np.full(n, d.to_day(date(1950, 1, 1))), d.to_day(date(1990, 12, 31)))
    if foreign is None:
        foreign = path != "usc_born"
    if entry is None:
        entry = d.uniform(rng, dob, np.full(n, START - 60))
    entry = np.where(foreign, entry, d.NO_DATE).astype(np.int64)
    pop = Population.blank(
        path=path,
        sex=np.where(rng.random(n) < 0.5, "M", "F").astype(object),
        dob=dob.astype(np.int64),
        birth_country=np.where(foreign, "MX", "US").astype(object),
        culture=np.full(n, "hispanic", dtype=object),
    )
    pop.given_name[:] = _GIVEN[rng.integers(len(_GIVEN), size=n)]
    pop.middle_name[:] = np.where(rng.random(n) < 0.5, "Luis", "").astype(object)
    pop.family_name[:] = _FAMILY[rng.integers(len(_FAMILY), size=n)]
    pop.second_family_name[:] = _SECOND[rng.integers(len(_SECOND), size=n)]
    pop.entry_date[:] = entry
    return pop


def _agencies(zones: list[str], weights: list[float] | None = None) -> pa.Table:
    n = len(zones)
    return pa.Table.from_pydict(
        {
            "ori": [f"CA{i:03d}0100" for i in range(1, n + 1)],
            "name": [f"Agency {i}" for i in range(n)],
            "kind": ["jail"] * n,
            "state": ["CA"] * n,
            "county_code": [f"{i:03d}" for i in range(1, n + 1)],
            "time_zone": zones,
            "responsible_office": ["PERC"] * n,
            "served_by_perc": [True] * n,
            "weight": [1.0] * n if weights is None else weights,
        },
        schema=AGENCY_SCHEMA,
    )


def _real_agencies(seed: int = 3, count: int = 200) -> pa.Table:
    agencies = load_config().agencies
    return build_agencies(
        np.random.default_rng(seed),
        count=count,
        perc_jurisdictions=agencies.perc_jurisdictions,
        other_offices=agencies.other_offices,
        police_share=agencies.police_share,
    )


_NO_FINS = (np.zeros(0, np.int64), np.zeros(0, object), np.zeros(0, np.int64))


def _build(
    seed: int = 7,
    config: WorldConfig | None = None,
    pop: Population | None = None,
    agencies: pa.Table | None = None,
    fins: tuple[npt.NDArray[np.int64], npt.NDArray[np.object_], npt.NDArray[np.int64]] = _NO_FINS,
) -> Bookings:
    config = config or _config()
    pop = pop or _population(np.random.default_rng(100), 2000)
    agencies = agencies if agencies is not None else _real_agencies()
    return build_bookings(np.random.default_rng(seed), config, pop, agencies, *fins)


def _joined(bookings: Bookings) -> list[dict[str, Any]]:
    records = bookings.records.to_pylist()
    truth = bookings.truth.to_pylist()
    return [r | t for r, t in zip(records, truth, strict=True)]


def _adult_day(dob: int) -> int:
    born = d.to_date(dob)
    try:
        return d.to_day(born.replace(year=born.year + 18))
    except ValueError:  # 29 February in a common year
        return d.to_day(date(born.year + 18, 3, 1))


def test_tables_have_the_schemas_and_sorted_ids() -> None:
    bookings = _build()
    assert bookings.records.schema == RECORDS_SCHEMA
    assert bookings.truth.schema == TRUTH_SCHEMA
    assert bookings.records.num_rows == bookings.truth.num_rows == 500
    ids = bookings.records.column("booking_id").to_pylist()
    assert ids == bookings.truth.column("booking_id").to_pylist()
    assert ids == sorted(ids) and len(set(ids)) == 500 and ids[0] == "BK00000001"
    booked = bookings.records.column("booked_at").to_pylist()
    assert booked == sorted(booked)
    assert len(set(bookings.records.column("event_id").to_pylist())) == 500


def test_booked_inside_the_window_in_local_time() -> None:
    agencies = _real_agencies()
    zone_of = dict(
        zip(
            agencies.column("ori").to_pylist(),
            agencies.column("time_zone").to_pylist(),
            strict=True,
        )
    )
    rows = _joined(_build(config=_config(3000), agencies=agencies))
    zones_seen = set()
    for row in rows:
        zone = zone_of[row["agency_ori"]]
        zones_seen.add(zone)
        local = row["booked_at"].astimezone(ZoneInfo(zone))
        assert local.date() == row["booked_day"]
        assert date(2015, 5, 1) <= local.date() <= date(2016, 2, 29)
    assert len(zones_seen) > 3


@pytest.mark.parametrize(
    ("zone", "local", "utc"),
    [
        ("America/New_York", datetime(2015, 7, 1, 12), datetime(2015, 7, 1, 16)),
        ("America/New_York", datetime(2015, 12, 1, 12), datetime(2015, 12, 1, 17)),
        # Fall back: 01:30 happens twice; the first (EDT) is taken.
        ("America/New_York", datetime(2015, 11, 1, 1, 30), datetime(2015, 11, 1, 5, 30)),
        # Spring forward: 02:30 does not exist; read with EST, it is 03:30 EDT.
        ("America/New_York", datetime(2016, 3, 13, 2, 30), datetime(2016, 3, 13, 7, 30)),
        ("America/Phoenix", datetime(2015, 7, 1, 12), datetime(2015, 7, 1, 19)),
        (
            "America/Los_Angeles",
            datetime(2015, 10, 31, 23, 59, 59),
            datetime(2015, 11, 1, 6, 59, 59),
        ),
        ("America/Los_Angeles", datetime(2015, 11, 2, 0, 0, 0), datetime(2015, 11, 2, 8, 0, 0)),
        ("Pacific/Guam", datetime(2015, 7, 1, 3), datetime(2015, 6, 30, 17)),
        ("Pacific/Honolulu", datetime(2015, 7, 1, 12), datetime(2015, 7, 1, 22)),
    ],
)
def test_local_to_utc_known_cases(zone: str, local: datetime, utc: datetime) -> None:
    epoch = datetime(1970, 1, 1)
    seconds = np.array([int((local - epoch).total_seconds())], dtype=np.int64)
    got = local_to_utc(seconds, np.array([zone], dtype=object))
    assert int(got[0]) == int((utc - epoch).total_seconds())


def test_daylight_saving_moves_the_utc_hour() -> None:
    noon_only = HourWeights(weights=[0.0] * 12 + [1.0] + [0.0] * 11)
    config = _config(1500, hour_weights=noon_only)
    rows = _joined(_build(config=config, agencies=_agencies(["America/Los_Angeles"])))
    la = ZoneInfo("America/Los_Angeles")
    summer = winter = 0
    for row in rows:
        assert row["booked_at"].astimezone(la).hour == 12
        if row["booked_day"] < date(2015, 11, 1):
            assert row["booked_at"].hour == 19
            summer += 1
        else:
            assert row["booked_at"].hour == 20
            winter += 1
    assert summer > 100 and winter > 100


def test_nobody_booked_before_entry_or_under_18() -> None:
    rng = np.random.default_rng(5)
    n = 3000
    # Everyone turns 18 or enters somewhere in the window, so both limits bind.
    dob = d.uniform(rng, np.full(n, START - d.years(18.5)[()]), END - d.years(18)[()])
    entry = d.uniform(rng, np.full(n, START - 30), END)
    pop = _population(rng, n, dob=dob, entry=entry)
    rows = _joined(_build(config=_config(3000), pop=pop))
    index = {int(p): i for i, p in enumerate(pop.person_id)}
    for row in rows:
        i = index[row["person_id"]]
        day = d.to_day(row["booked_day"])
        assert day >= _adult_day(int(pop.dob[i]))
        if pop.birth_country[i] != "US":
            assert day > pop.entry_date[i]


def test_people_are_drawn_by_arrest_weight() -> None:
    only_ewi = {p: (1.0 if p == "ewi" else 0.0) for p in OUTCOMES}
    pop = _population(np.random.default_rng(9), 3000)
    rows = _joined(_build(config=_config(800, arrest_weight=only_ewi), pop=pop))
    index = {int(p): i for i, p in enumerate(pop.person_id)}
    assert {pop.path[index[r["person_id"]]] for r in rows} == {"ewi"}

    heavy = {p: (3.0 if p == "final_order" else 1.0) for p in OUTCOMES}
    rows = _joined(_build(config=_config(20000, arrest_weight=heavy), pop=pop))
    paths = Counter(pop.path[index[r["person_id"]]] for r in rows)
    people = Counter(pop.path.tolist())
    per_person = {p: paths[p] / people[p] for p in people}
    others = np.mean([v for p, v in per_person.items() if p != "final_order"])
    assert 2.6 < per_person["final_order"] / others < 3.4


def test_namesakes_are_never_booked() -> None:
    """A namesake lives in the index only, whatever the weight of their path."""
    pop = _population(np.random.default_rng(12), 3000)
    pop.namesake_of[1::2] = pop.person_id[0:-1:2]
    pop.namesake_kind[1::2] = "namesake"
    rows = _joined(_build(config=_config(3000), pop=pop))
    booked = {r["person_id"] for r in rows}
    assert len(booked) > 500
    assert all(person % 2 == 1 for person in booked)  # ids 1, 3, 5...: the people themselves


def test_fin_only_when_prints_were_in_ident_by_the_booking_day() -> None:
    rng = np.random.default_rng(11)
    pop = _population(rng, 400)
    holders = np.sort(rng.choice(pop.person_id, size=250, replace=False))
    fins = np.array([f"FIN{p:07d}" for p in holders], dtype=object)
    since = d.uniform(rng, np.full(250, START - 100), END + 10)
    rows = _joined(_build(config=_config(4000), pop=pop, fins=(holders, fins, since)))
    known = {int(p): (f, int(s)) for p, f, s in zip(holders, fins, since, strict=True)}
    matched = before = 0
    for row in rows:
        day = d.to_day(row["booked_day"])
        holder = known.get(row["person_id"])
        if holder is None:
            assert row["fin"] is None
        elif day < holder[1]:
            assert row["fin"] is None
            before += 1
        else:
            assert row["fin"] == holder[0]
            matched += 1
    assert matched > 100 and before > 100


def test_jail_error_rates_match_the_config() -> None:
    config = _config(20000)
    rates = config.bookings.jail_errors
    pop = _population(np.random.default_rng(12), 5000)
    bookings = _build(config=config, pop=pop)
    rows = _joined(bookings)
    n = len(rows)
    counts = Counter(e for row in rows for e in row["jail_errors"])
    for name in ("name_typo", "surname_order", "dob_day_month_swap", "place_of_birth_blank"):
        rate = getattr(rates, name)
        tolerance = 4.5 * np.sqrt(rate * (1 - rate) / n) + 1e-3
        assert abs(counts[name] / n - rate) < tolerance, name
    assert set(counts) <= set(JAIL_ERRORS)


def test_records_show_exactly_the_listed_errors() -> None:
    pop = _population(np.random.default_rng(13), 3000)
    agencies = _real_agencies()
    rows = _joined(_build(config=_config(6000), pop=pop, agencies=agencies))
    index = {int(p): i for i, p in enumerate(pop.person_id)}
    stripping: dict[str, bool] = {}
    for row in rows:
        i = index[row["person_id"]]
        errors = set(row["jail_errors"])
        assert (row["place_of_birth"] is None) == ("place_of_birth_blank" in errors)
        if row["place_of_birth"] is not None:
            assert row["place_of_birth"] == pop.birth_country[i]
        swapped = row["date_of_birth"] != d.to_date(int(pop.dob[i]))
        assert swapped == ("dob_day_month_swap" in errors)
        typed = (
            row["given_name"],
            row["middle_name"],
            row["family_name"],
            row["second_family_name"],
        )
        true = tuple(
            v or None
            for v in (
                pop.given_name[i],
                pop.middle_name[i],
                pop.family_name[i],
                pop.second_family_name[i],
            )
        )
        name_errors = errors & {"name_typo", "surname_order", "accents_stripped"}
        assert (typed != true) == bool(name_errors)
        assert row["sex"] == pop.sex[i]
        # Each agency either always or never drops accents.
        if "accents_stripped" in errors:
            assert stripping.setdefault(row["agency_ori"], True)
        elif not name_errors and any(c in "éíñóúëễă" for c in "".join(v or "" for v in true)):
            assert not stripping.setdefault(row["agency_ori"], False)
    assert True in stripping.values() and False in stripping.values()


def test_offence_codes_are_one_to_three_distinct_configured_codes() -> None:
    config = _config(3000)
    codes = _build(config=config).records.column("offence_codes").to_pylist()
    sizes = Counter(len(c) for c in codes)
    assert set(sizes) == {1, 2, 3}
    for charge in codes:
        assert len(set(charge)) == len(charge)
        assert set(charge) <= set(config.bookings.charges)
    first = Counter(c[0] for c in codes)
    assert first["1313"] > first["1299"]  # simple assault is far more common than robbery


def test_scheduled_release_is_lognormal_after_booking() -> None:
    config = _config(6000)
    records = _build(config=config).records
    booked = records.column("booked_at").to_pylist()
    release = records.column("scheduled_release_at").to_pylist()
    hours = [(r - b).total_seconds() / 3600 for b, r in zip(booked, release, strict=True) if r]
    unscheduled = 1 - len(hours) / len(release)
    assert abs(unscheduled - config.bookings.release.unscheduled_share) < 0.03
    assert min(hours) > 0
    assert 0.85 < float(np.median(hours)) / config.bookings.release.median_hours < 1.15


def test_same_seed_gives_equal_tables() -> None:
    first, second = _build(seed=21), _build(seed=21)
    assert first.records.equals(second.records)
    assert first.truth.equals(second.truth)
    other = _build(seed=22)
    assert not first.records.equals(other.records)


def test_drawn_population_and_agencies() -> None:
    config = load_config().with_overrides(persons=3000, bookings=500)
    pop = draw_population(np.random.default_rng(1), config, NameSampler())
    bookings = _build(config=config, pop=pop)
    assert bookings.records.num_rows == 500
    assert bookings.records.schema == RECORDS_SCHEMA
    assert bookings.records.column("booked_at").null_count == 0


def test_zero_bookings_gives_empty_tables() -> None:
    bookings = _build(config=_config(0))
    assert bookings.records.num_rows == bookings.truth.num_rows == 0
    assert bookings.records.schema == RECORDS_SCHEMA
    assert bookings.truth.schema == TRUTH_SCHEMA


@pytest.mark.parametrize(
    ("agencies", "message"),
    [
        (AGENCY_SCHEMA.empty_table(), "no rows"),
        (_agencies(["America/Chicago", "America/Denver"], [0.0, 0.0]), "positive weight"),
        (_agencies(["America/Chicago"], [-1.0]), "non-negative"),
        (_agencies(["Mars/Olympus_Mons"]), "time zone"),
    ],
)
def test_bad_agency_tables_are_refused(agencies: pa.Table, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _build(agencies=agencies)


def test_nobody_eligible_is_refused() -> None:
    rng = np.random.default_rng(3)
    children = _population(rng, 50, dob=np.full(50, d.to_day(date(2005, 1, 1)), dtype=np.int64))
    with pytest.raises(ValueError, match="nobody is eligible"):
        _build(pop=children)
    late = _population(
        rng, 50, foreign=np.ones(50, dtype=bool), entry=np.full(50, END, dtype=np.int64)
    )
    with pytest.raises(ValueError, match="nobody is eligible"):
        _build(pop=late)
    nobody_arrested = _config(arrest_weight=dict.fromkeys(OUTCOMES, 0.0))
    with pytest.raises(ValueError, match="nobody is eligible"):
        _build(config=nobody_arrested)


def test_mismatched_fin_arrays_are_refused() -> None:
    people = np.array([1, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="FIN holders, numbers and first days must have one"):
        _build(fins=(people, np.array(["F1"], dtype=object), np.zeros(2, np.int64)))
    twice = np.array([1, 1], dtype=np.int64)
    with pytest.raises(ValueError, match="more than one FIN"):
        _build(fins=(twice, np.array(["F1", "F2"], dtype=object), np.zeros(2, np.int64)))


def test_window_opening_before_anyone_is_eligible_starts_at_the_first_eligible_day() -> None:
    rng = np.random.default_rng(4)
    opens = d.to_day(date(2015, 9, 1))
    pop = _population(
        rng, 100, foreign=np.ones(100, dtype=bool), entry=np.full(100, opens - 1, dtype=np.int64)
    )
    days = _build(config=_config(300), pop=pop).truth.column("booked_day").to_pylist()
    assert min(days) >= date(2015, 9, 1)
    assert max(days) <= date(2016, 2, 29)
