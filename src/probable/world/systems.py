"""The record systems an officer would search, each with its own schema and flaws.

IDENT (biometric encounters, FIN), EID (ICE arrests, cases, orders), CIS
(A-number index), CLAIMS 3 (benefits), CLAIMS 4 (naturalization), ADIS
(arrivals), EOIR (immigration court), III (criminal history), and the
corroboration-only sources the automated check never sees: vital records,
passports and certificates of naturalization or citizenship. Each is built
from the people's true events, then damaged by its configured error model.
Which person a record really belongs to goes to the truth (`owners`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from probable.world import days as d
from probable.world.config import WorldConfig
from probable.world.mistakes import Biographics, ErrorLog, apply_record_errors
from probable.world.population import Population

Obj = npt.NDArray[np.object_]
Idx = npt.NDArray[np.int64]

# The age of majority: first encounters of people with no entry date, and
# convictions, are of adults.
_ADULT_AGE = 18
# Legal constants, not parameters (not in DOMAIN.md): 22 CFR 51.4(b) and 51.28
# issue 10-year adult passports from age 16.
_ADULT_PASSPORT_AGE = 16
_PASSPORT_VALID_YEARS = 10
_LPR_CLASSES = np.array(["IR1", "IR5", "F21", "F41", "E21", "DV1", "CR1"], dtype=object)
_ADJUSTED_CLASSES = np.array(["IR6", "F26", "E26", "CR6", "IR7"], dtype=object)
_VISA_CLASSES = np.array(["B2", "B1", "F1", "H1B", "J1", "H2A"], dtype=object)

#: Each source's column names for the shared biographic fields.
_BIO_COLUMNS: Mapping[str, tuple[str, str, str, str, str, str, str]] = {
    # record_id, given, middle, family, second family, date of birth, birthplace
    "ident": (
        "encounter_id",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "dob",
        "country_of_birth",
    ),
    "eid": (
        "event_id",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "birth_date",
        "birth_country",
    ),
    "cis": (
        "cis_record_id",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "dob",
        "country_of_birth",
    ),
    "claims3": (
        "receipt_number",
        "given_name",
        "middle_name",
        "family_name",
        "second_family_name",
        "date_of_birth",
        "country_of_birth",
    ),
    "claims4": (
        "receipt_number",
        "given_name",
        "middle_name",
        "family_name",
        "second_family_name",
        "date_of_birth",
        "country_of_birth",
    ),
    "adis": (
        "i94_number",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "birth_date",
        "country_of_birth",
    ),
    "eoir": (
        "case_id",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "dob",
        "nationality",
    ),
    "iii": (
        "charge_id",
        "first_name",
        "middle_name",
        "last_name",
        "second_last_name",
        "dob",
        "place_of_birth",
    ),
    "vital_records": (
        "certificate_number",
        "child_first_name",
        "child_middle_name",
        "child_last_name",
        "child_second_last_name",
        "date_of_birth",
        "country_of_birth",
    ),
    "passports": (
        "passport_number",
        "given_names",
        "middle_name",
        "surname",
        "second_surname",
        "date_of_birth",
        "country_of_birth",
    ),
    "citizenship_certificates": (
        "certificate_number",
        "given_name",
        "middle_name",
        "family_name",
        "second_family_name",
        "date_of_birth",
        "country_of_birth",
    ),
}


@dataclass
class RecordSystems:
    """The record tables (visible) and who really owns each record (truth)."""

    tables: dict[str, pa.Table] = field(default_factory=dict)
    owner_source: list[str] = field(default_factory=list)
    owner_record: list[str] = field(default_factory=list)
    owner_person: list[npt.NDArray[np.int64]] = field(default_factory=list)
    fin_person: Idx = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    fin: Obj = field(default_factory=lambda: np.zeros(0, dtype=object))
    fin_since: Idx = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def owners(self) -> pa.Table:
        """(source, record_id, person_id): the true person behind every record."""
        people = np.concatenate(self.owner_person) if self.owner_person else np.zeros(0, np.int64)
        return pa.table(
            {
                "source": pa.array(self.owner_source, pa.string()),
                "record_id": pa.array(self.owner_record, pa.string()),
                "person_id": pa.array(people, pa.int64()),
            }
        )


@dataclass
class _Ctx:
    rng: np.random.Generator
    config: WorldConfig
    pop: Population
    log: ErrorLog
    out: RecordSystems
    start: int
    end: int
    a_number: Obj
    a_number_dup: Obj
    fin_of: Obj
    stale_adjustment: Idx = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _ids(rng: np.random.Generator, prefix: str, n: int, digits: int) -> Obj:
    """Unique random identifiers like A123456789 (sorted draw, then shuffled)."""
    values = rng.choice(9 * 10 ** (digits - 1), size=n, replace=False) + 10 ** (digits - 1)
    return np.array([f"{prefix}{v}" for v in values], dtype=object)


def _emit(
    ctx: _Ctx,
    source: str,
    rows: Idx,
    columns: dict[str, pa.Array | Obj | Idx | list[object]],
    *,
    id_prefix: str,
    id_digits: int,
    recorded: Idx,
) -> None:
    """Drop rows for coverage gaps, damage biographics, write the table and its owners."""
    rates = ctx.config.errors.for_source(source)
    ctx.log.expose(source, "coverage_gap", len(rows), rates.coverage_gap)
    keep = ctx.rng.random(len(rows)) >= rates.coverage_gap
    gone = rows[~keep]
    ctx.log.add(
        source, "coverage_gap", [None] * len(gone), ctx.pop.person_id[gone], [""] * len(gone)
    )
    rows = rows[keep]
    record_ids = _ids(ctx.rng, id_prefix, len(rows), id_digits)
    pop = ctx.pop
    bio = Biographics(
        record_id=record_ids,
        person_id=pop.person_id[rows],
        given_name=pop.given_name[rows].copy(),
        middle_name=pop.middle_name[rows].copy(),
        family_name=pop.family_name[rows].copy(),
        second_family_name=pop.second_family_name[rows].copy(),
        dob=pop.dob[rows].copy(),
        birth_country=pop.birth_country[rows].copy(),
    )
    apply_record_errors(
        ctx.rng,
        source,
        bio,
        rates,
        ctx.log,
        sorted(ctx.config.countries),
        ctx.config.errors.patterns,
    )
    names = _BIO_COLUMNS[source]
    data: dict[str, pa.Array] = {
        names[0]: pa.array(record_ids, pa.string()),
        names[1]: pa.array(bio.given_name, pa.string()),
        names[2]: pa.array(bio.middle_name, pa.string()),
        names[3]: pa.array(bio.family_name, pa.string()),
        names[4]: pa.array(bio.second_family_name, pa.string()),
        names[5]: d.to_arrow(bio.dob),
        "sex": pa.array(pop.sex[rows], pa.string()),
        names[6]: pa.array(bio.birth_country, pa.string()),
    }
    for name, values in columns.items():
        if isinstance(values, pa.Array):
            data[name] = values.filter(pa.array(keep))
        else:
            data[name] = _to_arrow(np.asarray(values)[keep])
    data["recorded_at"] = d.to_arrow(recorded[keep])
    order = np.argsort(record_ids, kind="stable")
    ctx.out.tables[source] = pa.table(data).take(pa.array(order))
    ctx.out.owner_source.extend([source] * len(rows))
    ctx.out.owner_record.extend(record_ids.tolist())
    ctx.out.owner_person.append(pop.person_id[rows])


def _to_arrow(values: npt.NDArray[np.generic]) -> pa.Array:
    if values.dtype == object:
        return pa.array([None if v is None or v == "" else v for v in values], pa.string())
    if values.dtype == bool:
        return pa.array(values, pa.bool_())
    return pa.array(values)


def _dates(values: Idx) -> pa.Array:
    return d.to_arrow(np.asarray(values, dtype=np.int64))


def build_systems(
    rng: np.random.Generator, config: WorldConfig, pop: Population, log: ErrorLog
) -> RecordSystems:
    """Every record system of the world, damaged as configured."""
    n = len(pop)
    ctx = _Ctx(
        rng=rng,
        config=config,
        pop=pop,
        log=log,
        out=RecordSystems(),
        start=d.to_day(config.world.booking_start),
        end=d.to_day(config.world.booking_end),
        a_number=np.full(n, "", dtype=object),
        a_number_dup=np.full(n, "", dtype=object),
        fin_of=np.full(n, "", dtype=object),
    )
    _assign_a_numbers(ctx)
    _ident(ctx)
    _eid(ctx)
    _eoir(ctx)
    _cis(ctx)
    _claims3(ctx)
    _claims4(ctx)
    _adis(ctx)
    _iii(ctx)
    _corroboration(ctx)
    return ctx.out


def _assign_a_numbers(ctx: _Ctx) -> None:
    """A-numbers for residents, grantees and people in proceedings; duplicates and merges."""
    pop, rng, errs = ctx.pop, ctx.rng, ctx.config.errors.a_number
    holders = np.flatnonzero(
        d.present(pop.lpr_date) | d.present(pop.grant_date) | d.present(pop.nta_date)
    )
    ctx.a_number[holders] = _ids(rng, "A", len(holders), 9)
    ctx.log.expose("cis", "duplicate_a_number", len(holders), errs.duplicate)
    ctx.log.expose("cis", "merged_a_number", len(holders), errs.merged)
    u = rng.random(len(holders))
    dup = holders[u < errs.duplicate]
    ctx.a_number_dup[dup] = _ids(rng, "A", len(dup), 9)
    ctx.log.add(
        "cis", "duplicate_a_number", [None] * len(dup), pop.person_id[dup], ctx.a_number_dup[dup]
    )
    merged = holders[(u >= errs.duplicate) & (u < errs.duplicate + errs.merged)]
    into = rng.choice(holders, size=len(merged))
    ok = into != merged
    merged, into = merged[ok], into[ok]
    ctx.a_number[merged] = ctx.a_number[into]
    ctx.log.add(
        "cis",
        "merged_a_number",
        [None] * len(merged),
        pop.person_id[merged],
        [f"shares with person {pop.person_id[i]}" for i in into],
    )


def _some_a_number(ctx: _Ctx, rows: Idx) -> Obj:
    """The A-number on a record: sometimes the duplicate one, where one exists."""
    share = ctx.config.records.duplicate_a_number_use_share
    use_dup = (ctx.a_number_dup[rows] != "") & (ctx.rng.random(len(rows)) < share)
    return np.where(use_dup, ctx.a_number_dup[rows], ctx.a_number[rows])


def _ident(ctx: _Ctx) -> None:
    """Biometric encounters; the FIN is what a booking's fingerprints match."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.ident
    n, start = len(pop), ctx.start
    path = pop.path
    p = np.full(n, cfg.lawful_encounter_rate)
    p[np.isin(path, ("usc_born", "usc_acquired"))] = cfg.us_born_encounter_rate
    p[path == "ewi"] = cfg.ewi_encounter_rate
    p[np.isin(path, ("final_order", "pending_proceedings"))] = cfg.proceedings_encounter_rate
    has = np.flatnonzero(rng.random(n) < p)
    first = pop.entry_date[has].copy()
    adult = pop.dob[has] + d.years(_ADULT_AGE)
    ewi_like = (pop.entry_kind[has] == "ewi") | ~d.present(first)
    caught = d.uniform(
        rng,
        np.maximum(np.where(d.present(first), first, adult), adult),
        np.full(len(has), start - cfg.first_encounter_latest_days_before_window),
    )
    first = np.where(ewi_like, caught, first)
    nta = pop.nta_date[has]
    first = np.where(d.present(nta), np.minimum(first, nta), first)
    extra = rng.poisson(ctx.config.ident.extra_encounters_mean, len(has))
    person = np.concatenate([has, np.repeat(has, extra)])
    when = np.concatenate(
        [first, d.uniform(rng, np.repeat(first, extra), np.full(int(extra.sum()), start - 1))]
    )
    kinds = np.where(
        np.isin(path[person], ("usc_born", "usc_acquired")),
        "TRUSTED_TRAVELER",
        rng.choice(
            np.array(
                [
                    "VISA_ISSUANCE",
                    "ENTRY_BORDER",
                    "BENEFIT_BIOMETRICS",
                    "CBP_APPREHENSION",
                    "ICE_ARREST",
                ],
                dtype=object,
            ),
            len(person),
        ),
    )
    kinds[: len(has)] = np.where(
        ewi_like,
        "CBP_APPREHENSION",
        np.where(pop.entry_kind[has] == "citizen", "TRUSTED_TRAVELER", "ENTRY_BORDER"),
    )
    kinds[: len(has)] = np.where(
        np.isin(path[has], ("usc_born", "usc_acquired")), "TRUSTED_TRAVELER", kinds[: len(has)]
    )
    # OIG-16-130: some pre-2000 prints were never digitised, so they match nothing.
    lost_person = rng.random(n) < cfg.undigitised_pre2000_rate
    old = when < d.to_day(cfg.digitised_from)
    ctx.log.expose("ident", "undigitised", int(old.sum()), cfg.undigitised_pre2000_rate)
    lost = old & lost_person[person]
    ctx.log.add(
        "ident",
        "undigitised",
        [None] * int(lost.sum()),
        pop.person_id[person[lost]],
        [""] * int(lost.sum()),
    )
    person, when, kinds = person[~lost], when[~lost], kinds[~lost]
    order = np.lexsort((when, person))
    person, when, kinds = person[order], when[order], kinds[order]
    holders, first_at = np.unique(person, return_index=True)
    fins = _ids(rng, "", len(holders), 10)
    ctx.fin_of[holders] = fins
    ctx.out.fin_person = pop.person_id[holders]
    ctx.out.fin = fins
    ctx.out.fin_since = when[first_at]
    carries = rng.random(len(person)) < ctx.config.records.ident_a_number_share
    a_numbers = np.where(carries, ctx.a_number[person], "")
    _emit(
        ctx,
        "ident",
        person,
        {
            "fin": ctx.fin_of[person],
            "encounter_date": _dates(when),
            "encounter_type": kinds,
            "a_number": a_numbers,
        },
        id_prefix="E",
        id_digits=12,
        recorded=when,
    )


def _wrong_person(ctx: _Ctx, source: str, rows: Idx, a_numbers: Obj, fins: Obj, ids: str) -> None:
    """Attach some records to another person: their A-number and FIN, this one's content."""
    rate = ctx.config.errors.wrong_person.rate
    ctx.log.expose(source, "wrong_person", len(rows), rate)
    hit = np.flatnonzero(ctx.rng.random(len(rows)) < rate)
    with_fin = np.flatnonzero(ctx.fin_of != "")
    victims = ctx.rng.choice(with_fin, size=len(hit))
    for i, victim in zip(hit, victims, strict=True):
        a_numbers[i] = ctx.a_number[victim]
        fins[i] = ctx.fin_of[victim]
    ctx.log.add(
        source,
        "wrong_person",
        [f"{ids}:{i}" for i in hit],
        ctx.pop.person_id[rows[hit]],
        [f"attached to person {ctx.pop.person_id[v]}" for v in victims],
    )


def _eid(ctx: _Ctx) -> None:
    """ICE arrests and cases: everyone in proceedings or under a final order."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    rows = np.flatnonzero(np.isin(pop.path, ("final_order", "pending_proceedings")))
    before_nta = rng.integers(
        cfg.eid_arrest_days_before_nta_min, cfg.eid_arrest_days_before_nta_max + 1, len(rows)
    )
    arrest = np.maximum(pop.nta_date[rows] - before_nta, pop.entry_date[rows])
    ordered = pop.path[rows] == "final_order"
    a_numbers = _some_a_number(ctx, rows)
    fins = ctx.fin_of[rows].copy()
    _wrong_person(ctx, "eid", rows, a_numbers, fins, "eid")
    _emit(
        ctx,
        "eid",
        rows,
        {
            "a_number": a_numbers,
            "fin": fins,
            "arrest_date": _dates(arrest),
            "case_category": np.where(ordered, "8C", "8B"),
            "case_status": np.where(ordered, "FINAL ORDER", "ACTIVE"),
            "final_order_date": _dates(np.where(ordered, pop.order_date[rows], d.NO_DATE)),
            "row_index": np.arange(len(rows)),
        },
        id_prefix="EV",
        id_digits=10,
        recorded=arrest,
    )
    _relabel_wrong_person(ctx, "eid")


def _relabel_wrong_person(ctx: _Ctx, source: str) -> None:
    """Replace the placeholder row references in the error log with record ids."""
    table = ctx.out.tables[source]
    record_col = _BIO_COLUMNS[source][0]
    by_row = dict(
        zip(
            table.column("row_index").to_pylist(), table.column(record_col).to_pylist(), strict=True
        )
    )
    prefix = f"{source}:"
    for k, rid in enumerate(ctx.log.record_id):
        if ctx.log.source[k] == source and rid is not None and rid.startswith(prefix):
            ctx.log.record_id[k] = by_row.get(int(rid[len(prefix) :]))
    ctx.out.tables[source] = table.drop_columns(["row_index"])


def _eoir(ctx: _Ctx) -> None:
    """Immigration court cases: removal proceedings, orders, and asylum granted in court."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    court_asylum = (pop.path == "asylee") & (rng.random(len(pop)) < cfg.asylum_in_court_share)
    rows = np.flatnonzero(np.isin(pop.path, ("final_order", "pending_proceedings")) | court_asylum)
    path = pop.path[rows]
    before_grant = rng.uniform(
        cfg.court_asylum_nta_years_before_grant_min,
        cfg.court_asylum_nta_years_before_grant_max,
        len(rows),
    )
    nta = np.where(
        path == "asylee", pop.grant_date[rows] - d.years(before_grant), pop.nta_date[rows]
    )
    decided = np.where(
        path == "final_order",
        pop.order_date[rows],
        np.where(path == "asylee", pop.grant_date[rows], d.NO_DATE),
    )
    decision = np.where(
        path == "final_order", "REMOVAL ORDER", np.where(path == "asylee", "RELIEF GRANTED", "")
    )
    # A stale court record: the asylum grant never entered, the case still pending.
    asylees = np.flatnonzero(path == "asylee")
    stale_rate = ctx.config.errors.stale_status.rate
    ctx.log.expose("eoir", "stale_status", len(asylees), stale_rate)
    stale = asylees[rng.random(len(asylees)) < stale_rate]
    decided[stale] = d.NO_DATE
    decision[stale] = ""
    status = np.where(decision == "", "PENDING", "COMPLETED")
    a_numbers = _some_a_number(ctx, rows)
    fins = ctx.fin_of[rows].copy()
    _wrong_person(ctx, "eoir", rows, a_numbers, fins, "eoir")
    stale_marker = np.zeros(len(rows), dtype=bool)
    stale_marker[stale] = True
    _emit(
        ctx,
        "eoir",
        rows,
        {
            "a_number": a_numbers,
            "nta_date": _dates(nta),
            "case_status": status,
            "decision": decision,
            "decision_date": _dates(decided),
            "relief": np.where(decision == "RELIEF GRANTED", "ASYLUM", ""),
            "row_index": np.arange(len(rows)),
        },
        id_prefix="C",
        id_digits=9,
        recorded=np.minimum(nta, ctx.start - 1),
    )
    _log_stale(ctx, "eoir", rows, stale_marker, "asylum grant never entered")
    _relabel_wrong_person(ctx, "eoir")


def _log_stale(
    ctx: _Ctx,
    source: str,
    rows: Idx,
    stale: npt.NDArray[np.bool_],
    detail: str,
    error_type: str = "stale_status",
) -> None:
    """Log stale records by their final record id (looked up through row_index)."""
    table = ctx.out.tables[source]
    kept_rows = np.asarray(table.column("row_index").to_numpy(), dtype=np.int64)
    record_ids = np.asarray(table.column(_BIO_COLUMNS[source][0]).to_pylist(), dtype=object)
    hit = stale[kept_rows]
    people = ctx.pop.person_id[rows[kept_rows[hit]]]
    ctx.log.add(source, error_type, record_ids[hit], people, [detail] * int(hit.sum()))
    # Stale records lost to a coverage gap are still stale decisions of the source.
    lost = np.setdiff1d(np.flatnonzero(stale), kept_rows)
    ctx.log.add(
        source,
        error_type,
        [None] * len(lost),
        ctx.pop.person_id[rows[lost]],
        [detail] * len(lost),
    )


def _cis(ctx: _Ctx) -> None:
    """The A-number index: class of admission and the status CIS last recorded."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.errors
    rows = np.flatnonzero(ctx.a_number != "")
    path, kind = pop.path[rows], pop.entry_kind[rows]
    m = len(rows)
    cls = np.where(
        kind == "immigrant", rng.choice(_LPR_CLASSES, m), rng.choice(_ADJUSTED_CLASSES, m)
    )
    cls = np.where(kind == "refugee", "RE", cls)
    cls = np.where(
        np.isin(path, ("tps", "daca", "ewi", "final_order", "pending_proceedings")),
        np.where(kind == "ewi", "EWI", rng.choice(_VISA_CLASSES, m)),
        cls,
    )
    cls = np.where(path == "asylee", "AS", cls)
    status = np.full(m, "LPR", dtype=object)
    when = pop.lpr_date[rows].copy()
    for p, label, col in (
        ("tps", "TPS", pop.grant_date),
        ("daca", "DEFERRED ACTION", pop.grant_date),
        ("asylee", "ASYLEE", pop.grant_date),
        ("refugee", "REFUGEE", pop.grant_date),
        ("pending_proceedings", "IN PROCEEDINGS", pop.nta_date),
        ("final_order", "ORDER OF REMOVAL", pop.order_date),
    ):
        status[path == p] = label
        when[path == p] = col[rows][path == p]
    stale = np.zeros(m, dtype=bool)
    natz = d.present(pop.naturalization_date[rows]) & (pop.naturalization_date[rows] <= ctx.end)
    idx = np.flatnonzero(natz)
    ctx.log.expose("cis", "naturalization_not_in_cis", len(idx), cfg.naturalization.cis_not_updated)
    not_updated = rng.random(len(idx)) < cfg.naturalization.cis_not_updated
    status[idx[~not_updated]] = "NATURALIZED"
    when[idx[~not_updated]] = pop.naturalization_date[rows][idx[~not_updated]]
    stale[idx[not_updated]] = True
    derived = np.flatnonzero(path == "usc_derived")
    ctx.log.expose("cis", "derived_never_recorded", len(derived), cfg.derived.never_recorded)
    unrecorded = rng.random(len(derived)) < cfg.derived.never_recorded
    status[derived[~unrecorded]] = "USC (DERIVED)"
    when[derived[~unrecorded]] = pop.citizenship_date[rows][derived[~unrecorded]]
    ctx.log.add(
        "cis",
        "derived_never_recorded",
        [None] * int(unrecorded.sum()),
        pop.person_id[rows[derived[unrecorded]]],
        [""] * int(unrecorded.sum()),
    )
    adjusted = np.flatnonzero((kind == "visa") & (status == "LPR"))
    ctx.log.expose("cis", "stale_status", len(adjusted), cfg.stale_status.rate)
    pending = adjusted[rng.random(len(adjusted)) < cfg.stale_status.rate]
    status[pending] = "ADJUSTMENT PENDING"
    records = ctx.config.records
    when[pending] = when[pending] - d.years(
        rng.uniform(
            records.adjustment_pending_years_before_lpr_min,
            records.adjustment_pending_years_before_lpr_max,
            len(pending),
        )
    )
    ctx.stale_adjustment = pop.person_id[rows[pending]]
    first = np.minimum.reduce(
        [
            np.where(d.present(c), c, ctx.start - 1)
            for c in (pop.lpr_date[rows], pop.grant_date[rows], pop.nta_date[rows])
        ]
    )
    _emit(
        ctx,
        "cis",
        rows,
        {
            "a_number": ctx.a_number[rows],
            "class_of_admission": cls,
            "current_status": status,
            "status_date": _dates(when),
            "row_index": np.arange(m),
        },
        id_prefix="R",
        id_digits=10,
        recorded=first,
    )
    _log_stale(
        ctx, "cis", rows, stale, "naturalization not recorded in CIS", "naturalization_not_in_cis"
    )
    adjust_marker = np.zeros(m, dtype=bool)
    adjust_marker[pending] = True
    _log_stale(ctx, "cis", rows, adjust_marker, "adjustment to LPR not recorded in CIS")
    ctx.out.tables["cis"] = ctx.out.tables["cis"].drop_columns(["row_index"])


def _claims3(ctx: _Ctx) -> None:
    """Benefit applications: adjustment (I-485), TPS (I-821), DACA (I-821D), asylum (I-589)."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.records
    stale_rate = ctx.config.errors.stale_status.rate
    stale_adjusted = set(ctx.stale_adjustment.tolist())
    adjusters = np.flatnonzero((pop.entry_kind == "visa") & d.present(pop.lpr_date))
    renewable = np.flatnonzero(np.isin(pop.path, ("tps", "daca")))
    asylum = np.flatnonzero(
        (pop.path == "asylee") & (rng.random(len(pop)) < cfg.asylum_affirmative_share)
    )
    rows = np.concatenate([adjusters, renewable, asylum])
    form = np.concatenate(
        [
            np.full(len(adjusters), "I-485", dtype=object),
            np.where(pop.path[renewable] == "tps", "I-821", "I-821D"),
            np.full(len(asylum), "I-589", dtype=object),
        ]
    )
    decided = np.concatenate(
        [pop.lpr_date[adjusters], pop.grant_date[renewable], pop.grant_date[asylum]]
    )
    valid_to = np.concatenate(
        [d.none(len(adjusters)), pop.grant_until[renewable], d.none(len(asylum))]
    )
    decision = np.full(len(rows), "APPROVED", dtype=object)
    pending = np.array([int(p) in stale_adjusted for p in pop.person_id[adjusters]], dtype=bool)
    decision[: len(adjusters)][pending] = "PENDING"
    decided[: len(adjusters)][pending] = d.NO_DATE
    # Renewals never entered: the record shows only the first, long-expired period.
    ctx.log.expose("claims3", "stale_status", len(renewable), stale_rate)
    stale_r = rng.random(len(renewable)) < stale_rate
    section = slice(len(adjusters), len(adjusters) + len(renewable))
    valid_to[section] = np.where(stale_r, pop.first_grant_until[renewable], valid_to[section])
    stale = np.zeros(len(rows), dtype=bool)
    stale[section] = stale_r
    filed = np.where(
        d.present(decided), decided, ctx.start - cfg.pending_filing_days_before_window
    ) - rng.integers(
        cfg.benefit_filing_days_before_decision_min,
        cfg.benefit_filing_days_before_decision_max + 1,
        len(rows),
    )
    _emit(
        ctx,
        "claims3",
        rows,
        {
            "form_type": form,
            "a_number": _some_a_number(ctx, rows),
            "filed_date": _dates(filed),
            "decision": decision,
            "decision_date": _dates(decided),
            "valid_from": _dates(np.where(np.isin(form, ("I-821", "I-821D")), decided, d.NO_DATE)),
            "valid_to": _dates(valid_to),
            "row_index": np.arange(len(rows)),
        },
        id_prefix="EAC",
        id_digits=10,
        recorded=filed,
    )
    _log_stale(ctx, "claims3", rows, stale, "renewal never entered")
    ctx.out.tables["claims3"] = ctx.out.tables["claims3"].drop_columns(["row_index"])


def _claims4(ctx: _Ctx) -> None:
    """Naturalizations (N-400), some entered late and some never."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.errors.naturalization
    rows = np.flatnonzero(
        d.present(pop.naturalization_date)
        & (pop.naturalization_date <= ctx.end)
        & (pop.path == "usc_naturalized")
    )
    oath = pop.naturalization_date[rows]
    ctx.log.expose("claims4", "naturalization_late", len(rows), cfg.late)
    ctx.log.expose("claims4", "naturalization_never", len(rows), cfg.never)
    u = rng.random(len(rows))
    never = u < cfg.never
    late = (u >= cfg.never) & (u < cfg.never + cfg.late)
    lag = np.where(
        late,
        rng.integers(cfg.late_days_min, cfg.late_days_max + 1, len(rows)),
        rng.integers(
            ctx.config.records.claims4_entry_lag_days_min,
            ctx.config.records.claims4_entry_lag_days_max + 1,
            len(rows),
        ),
    )
    ctx.log.add(
        "claims4",
        "naturalization_never",
        [None] * int(never.sum()),
        pop.person_id[rows[never]],
        [""] * int(never.sum()),
    )
    keep = rows[~never]
    late_k = late[~never]
    recorded = oath[~never] + lag[~never]
    _emit(
        ctx,
        "claims4",
        keep,
        {
            "a_number": ctx.a_number[keep],
            "form_type": np.full(len(keep), "N-400", dtype=object),
            "oath_date": _dates(oath[~never]),
            "certificate_number": _ids(rng, "", len(keep), 8),
            "row_index": np.arange(len(keep)),
        },
        id_prefix="NBC",
        id_digits=10,
        recorded=recorded,
    )
    table = ctx.out.tables["claims4"]
    kept_rows = np.asarray(table.column("row_index").to_numpy(), dtype=np.int64)
    rid = np.asarray(table.column("receipt_number").to_pylist(), dtype=object)
    hit = late_k[kept_rows]
    ctx.log.add(
        "claims4",
        "naturalization_late",
        rid[hit],
        pop.person_id[keep[kept_rows[hit]]],
        [str(x) for x in lag[~never][kept_rows[hit]]],
    )
    ctx.out.tables["claims4"] = table.drop_columns(["row_index"])


def _adis(ctx: _Ctx) -> None:
    """Arrivals (I-94): class of admission and the date the admission ran out."""
    pop, rng = ctx.pop, ctx.rng
    rows = np.flatnonzero(np.isin(pop.entry_kind, ("visa", "immigrant", "refugee")))
    kind = pop.entry_kind[rows]
    cls = np.where(
        kind == "visa",
        rng.choice(_VISA_CLASSES, len(rows)),
        np.where(kind == "refugee", "RE", "LPR"),
    )
    until = np.where(kind == "visa", pop.visa_until[rows], d.NO_DATE)
    _emit(
        ctx,
        "adis",
        rows,
        {
            "class_of_admission": cls,
            "arrival_date": _dates(pop.entry_date[rows]),
            "admit_until": _dates(until),
            "passport_country": pop.birth_country[rows],
        },
        id_prefix="",
        id_digits=11,
        recorded=pop.entry_date[rows],
    )


def _iii(ctx: _Ctx) -> None:
    """Criminal history: convictions, removable-type and other."""
    pop, rng = ctx.pop, ctx.rng
    n = len(pop)
    other = rng.random(n) < ctx.config.convictions.other_offence_rate
    removable = np.flatnonzero(d.present(pop.conviction_date))
    minor = np.flatnonzero(other)
    rows = np.concatenate([removable, minor])
    when = np.concatenate(
        [
            pop.conviction_date[removable],
            d.uniform(
                rng, pop.dob[minor] + d.years(_ADULT_AGE), np.full(len(minor), ctx.start - 1)
            ),
        ]
    )
    category = np.concatenate(
        [
            rng.choice(
                np.array(["CONTROLLED SUBSTANCE", "AGGRAVATED FELONY"], dtype=object),
                len(removable),
            ),
            rng.choice(np.array(["TRAFFIC", "MISDEMEANOR"], dtype=object), len(minor)),
        ]
    )
    fbi = _ids(rng, "", n, 9)
    _emit(
        ctx,
        "iii",
        rows,
        {"fbi_number": fbi[rows], "conviction_date": _dates(when), "offence_category": category},
        id_prefix="CH",
        id_digits=11,
        recorded=when,
    )


def _corroboration(ctx: _Ctx) -> None:
    """Birth certificates, passports and certificates: only an investigation sees them."""
    pop, rng, cfg = ctx.pop, ctx.rng, ctx.config.corroboration
    lags = ctx.config.records
    born = np.flatnonzero(pop.path == "usc_born")
    states = np.array(sorted(ctx.config.agencies.perc_jurisdictions), dtype=object)
    _emit(
        ctx,
        "vital_records",
        born,
        {
            "state_of_birth": rng.choice(states, len(born)),
            "filed_date": _dates(
                pop.dob[born]
                + rng.integers(
                    lags.birth_filing_days_min, lags.birth_filing_days_max + 1, len(born)
                )
            ),
        },
        id_prefix="B",
        id_digits=11,
        recorded=pop.dob[born] + lags.birth_filing_days_max + 1,
    )
    citizen = d.present(pop.citizenship_date) & (pop.citizenship_date <= ctx.end)
    holders = np.flatnonzero(citizen & (rng.random(len(pop)) < cfg.passport_share))
    issued = d.uniform(
        rng,
        np.maximum(pop.citizenship_date[holders], pop.dob[holders] + d.years(_ADULT_PASSPORT_AGE)),
        np.full(len(holders), ctx.start - 1),
    )
    _emit(
        ctx,
        "passports",
        holders,
        {
            "issue_date": _dates(issued),
            "expiry_date": _dates(issued + d.years(_PASSPORT_VALID_YEARS)),
        },
        id_prefix="",
        id_digits=9,
        recorded=issued,
    )
    natz = np.flatnonzero(citizen & (pop.path == "usc_naturalized"))
    derived = np.flatnonzero(pop.path == "usc_derived")
    derived = derived[rng.random(len(derived)) >= ctx.config.errors.derived.never_recorded]
    acquired = np.flatnonzero(pop.path == "usc_acquired")
    acquired = acquired[rng.random(len(acquired)) < cfg.acquired_certificate_share]
    rows = np.concatenate([natz, derived, acquired])
    form = np.concatenate(
        [
            np.full(len(natz), "N-550", dtype=object),
            np.full(len(derived) + len(acquired), "N-560", dtype=object),
        ]
    )
    issued = np.maximum(pop.citizenship_date[rows], pop.dob[rows]) + rng.integers(
        lags.certificate_issue_days_min, lags.certificate_issue_days_max + 1, len(rows)
    )
    _emit(
        ctx,
        "citizenship_certificates",
        rows,
        {"form_type": form, "a_number": ctx.a_number[rows], "issue_date": _dates(issued)},
        id_prefix="",
        id_digits=8,
        recorded=issued,
    )
