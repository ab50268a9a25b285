"""What every record system shares: the build context, column names and `_emit`.

`_emit` drops rows for coverage gaps, damages their biographics, and writes the table
and who really owns each record.
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


def _some_a_number(ctx: _Ctx, rows: Idx) -> Obj:
    """The A-number on a record: sometimes the duplicate one, where one exists."""
    share = ctx.config.records.duplicate_a_number_use_share
    use_dup = (ctx.a_number_dup[rows] != "") & (ctx.rng.random(len(rows)) < share)
    return np.where(use_dup, ctx.a_number_dup[rows], ctx.a_number[rows])


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
