"""What every record system shares: the build context, `_emit` and `_log_rows`.

`_emit` drops rows for coverage gaps, damages their biographics, writes the table
and who really owns each record, and returns the record id made from each row, so
errors decided before or after it are logged against the right record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from probable.world import days as d
from probable.world.config import WorldConfig
from probable.world.mistakes import Biographics, ErrorLog, apply_record_errors
from probable.world.population import Population
from probable.world.schemas import RECORD_COLUMNS

Obj = npt.NDArray[np.object_]
Idx = npt.NDArray[np.int64]

# The age of majority: first encounters of people with no entry date, and
# convictions, are of adults.
_ADULT_AGE = 18
_VISA_CLASSES = np.array(["B2", "B1", "F1", "H1B", "J1", "H2A"], dtype=object)


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
    #: Who holds an FBI number (UCN), the number, and the day of their first
    #: fingerprint-supported criminal record: what NGI returns for a booking's prints.
    fbi_person: Idx = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    fbi: Obj = field(default_factory=lambda: np.zeros(0, dtype=object))
    fbi_since: Idx = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Each person's A-number and duplicate A-number ("" for none): what their A-file,
    #: consolidated, is filed under (truth, for the what-if's A-file review).
    a_number: Obj = field(default_factory=lambda: np.zeros(0, dtype=object))
    a_number_dup: Obj = field(default_factory=lambda: np.zeros(0, dtype=object))

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
    stale_adjustment: npt.NDArray[np.bool_]
    """Per person: an adjustment to LPR that USCIS never recorded (CIS and CLAIMS 3 agree)."""
    derived_recorded: npt.NDArray[np.bool_]
    """Per person: a derived citizenship on record (CIS and a certificate agree)."""


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
) -> Obj:
    """Drop rows for coverage gaps, damage biographics, write the table and its owners.

    Returns, for each of `rows`, the id of the record made from it (None for a gap).
    """
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
    names = RECORD_COLUMNS[source]
    data: dict[str, pa.Array] = {
        names.record_id: pa.array(record_ids, pa.string()),
        names.given_name: pa.array(bio.given_name, pa.string()),
        names.middle_name: pa.array(bio.middle_name, pa.string()),
        names.family_name: pa.array(bio.family_name, pa.string()),
        names.second_family_name: pa.array(bio.second_family_name, pa.string()),
        names.date_of_birth: d.to_arrow(bio.dob),
        "sex": pa.array(pop.sex[rows], pa.string()),
        names.birth_country: pa.array(bio.birth_country, pa.string()),
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
    made: Obj = np.full(len(keep), None, dtype=object)
    made[keep] = record_ids
    return made


def _log_rows(
    ctx: _Ctx,
    source: str,
    error_type: str,
    rows: Idx,
    made: Obj,
    picked: npt.NDArray[np.intp],
    details: list[str] | Obj,
) -> None:
    """Log an error on the records `_emit` made from `rows[picked]` (None where it made none)."""
    ctx.log.add(source, error_type, made[picked], ctx.pop.person_id[rows[picked]], details)


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


def _wrong_person(
    ctx: _Ctx, source: str, rows: Idx, a_numbers: Obj, fins: Obj
) -> tuple[npt.NDArray[np.intp], list[str]]:
    """Attach some records to another person: their A-number and FIN, this one's content.

    Returns which rows were attached and to whom, to log once the records exist.
    """
    rate = ctx.config.errors.wrong_person.rate
    ctx.log.expose(source, "wrong_person", len(rows), rate)
    hit = np.flatnonzero(ctx.rng.random(len(rows)) < rate)
    with_fin = np.flatnonzero(ctx.fin_of != "")
    victims = ctx.rng.choice(with_fin, size=len(hit))
    a_numbers[hit] = ctx.a_number[victims]
    fins[hit] = ctx.fin_of[victims]
    return hit, [f"attached to person {ctx.pop.person_id[v]}" for v in victims]
