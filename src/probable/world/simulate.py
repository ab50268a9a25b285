"""Build a whole world: people, record systems, agencies, bookings, truth.

`simulate` runs every step from one seed (each step its own child stream, so
changing one part of the model does not reshuffle the others), writes the
result with `output.write_world` and returns a summary for people to read.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from probable.world import days as d
from probable.world.agencies import Volumes, build_agencies
from probable.world.bookings import build_bookings
from probable.world.config import WorldConfig
from probable.world.history import StatusHistory, build_history, status_on
from probable.world.mistakes import ErrorLog
from probable.world.names import NameSampler
from probable.world.namesakes import add_namesakes
from probable.world.output import check_target, write_world
from probable.world.population import NO_PERSON, Population, draw_population
from probable.world.systems import build_systems

#: Called as each step starts: (description, steps done, steps in all).
Progress = Callable[[str, int, int], None]

STEPS = (
    "drawing people and their lives",
    "building status histories",
    "building record systems",
    "building agencies",
    "building the booking stream",
    "writing the world",
)


#: The truth `families` table: one row per `FamilyFacts`, its fields in order.
FAMILIES_SCHEMA = pa.schema(
    [
        ("person_id", pa.int64()),
        ("provision", pa.string()),
        ("parents_married", pa.bool_()),
        ("legally_separated", pa.bool_()),
        ("parent1_custody", pa.bool_()),
        ("parent2_custody", pa.bool_()),
        ("parent2_died_on", pa.date32()),
        ("presence_years", pa.float64()),
        ("presence_after_14_years", pa.float64()),
        ("citizen_parents", pa.int64()),
    ]
)


@dataclass(frozen=True)
class SimulationResult:
    """Where the world went and what it holds."""

    out: Path
    summary: dict[str, Any]


def _persons_table(
    pop: Population, a_number: npt.NDArray[np.object_], a_number_dup: npt.NDArray[np.object_]
) -> pa.Table:
    return pa.table(
        {
            "person_id": pa.array(pop.person_id, pa.int64()),
            "path": pa.array(pop.path, pa.string()),
            "sex": pa.array(pop.sex, pa.string()),
            "date_of_birth": d.to_arrow(pop.dob),
            "birth_country": pa.array(pop.birth_country, pa.string()),
            "culture": pa.array(pop.culture, pa.string()),
            "given_name": pa.array(pop.given_name, pa.string()),
            "middle_name": pa.array(pop.middle_name, pa.string()),
            "family_name": pa.array(pop.family_name, pa.string()),
            "second_family_name": pa.array(pop.second_family_name, pa.string()),
            "entry_date": d.to_arrow(pop.entry_date),
            "entry_kind": pa.array(pop.entry_kind, pa.string()),
            "lpr_date": d.to_arrow(pop.lpr_date),
            "naturalization_date": d.to_arrow(pop.naturalization_date),
            "citizenship_date": d.to_arrow(pop.citizenship_date),
            "citizenship_basis": pa.array(pop.citizenship_basis, pa.string()),
            "nta_date": d.to_arrow(pop.nta_date),
            "order_date": d.to_arrow(pop.order_date),
            "conviction_date": d.to_arrow(pop.conviction_date),
            "parent1_id": pa.array(
                np.where(pop.parent1 > 0, pop.parent1, 0), pa.int64(), mask=pop.parent1 <= 0
            ),
            "parent2_id": pa.array(
                np.where(pop.parent2 > 0, pop.parent2, 0), pa.int64(), mask=pop.parent2 <= 0
            ),
            "namesake_of": pa.array(
                np.where(pop.namesake_of > 0, pop.namesake_of, 0),
                pa.int64(),
                mask=pop.namesake_of == NO_PERSON,
            ),
            "namesake_kind": pa.array(
                pop.namesake_kind, pa.string(), mask=pop.namesake_of == NO_PERSON
            ),
            # The A-numbers the person's A-file is filed under (a merged number is
            # another person's too): what an officer's A-file review knows.
            "a_number": pa.array(a_number, pa.string(), mask=a_number == ""),
            "a_number_duplicate": pa.array(a_number_dup, pa.string(), mask=a_number_dup == ""),
        }
    )


def simulate(
    config: WorldConfig,
    out: Path,
    *,
    config_text: str,
    force: bool = False,
    progress: Progress | None = None,
) -> SimulationResult:
    """Simulate a world from `config` and write it to `out` (all or nothing)."""
    check_target(out, force=force)  # fail before minutes of work, not after
    step = progress or (lambda _d, _i, _n: None)
    # One child stream per drawing step; a child depends only on its index.
    people_rng, records_rng, agencies_rng, bookings_rng, namesakes_rng = (
        np.random.default_rng(s) for s in np.random.SeedSequence(config.world.seed).spawn(5)
    )

    step(STEPS[0], 0, len(STEPS))
    pop = add_namesakes(namesakes_rng, config, draw_population(people_rng, config, NameSampler()))
    step(STEPS[1], 1, len(STEPS))
    history = build_history(pop, config)
    step(STEPS[2], 2, len(STEPS))
    log = ErrorLog()
    systems = build_systems(records_rng, config, pop, log)
    step(STEPS[3], 3, len(STEPS))
    agencies_cfg = config.agencies
    agencies = build_agencies(
        agencies_rng,
        count=agencies_cfg.count,
        perc_jurisdictions=agencies_cfg.perc_jurisdictions,
        other_offices=agencies_cfg.other_offices,
        police_share=agencies_cfg.police_share,
        principal_zone_share=agencies_cfg.principal_zone_share,
        volumes=Volumes(
            jail_median=agencies_cfg.jail_volume_median,
            jail_sigma=agencies_cfg.jail_volume_sigma,
            police_median=agencies_cfg.police_volume_median,
            police_sigma=agencies_cfg.police_volume_sigma,
        ),
    )
    step(STEPS[4], 4, len(STEPS))
    bookings = build_bookings(
        bookings_rng, config, pop, agencies, systems.fin_person, systems.fin, systems.fin_since,
        fbi_person=systems.fbi_person, fbi=systems.fbi, fbi_since=systems.fbi_since,
    )  # fmt: skip
    step(STEPS[5], 5, len(STEPS))
    records = dict(sorted(systems.tables.items())) | {
        "agencies": agencies,
        "bookings": bookings.records,
    }
    truth = {
        "persons": _persons_table(pop, systems.a_number, systems.a_number_dup),
        "status_history": pa.table(
            {
                "person_id": pa.array(history.person_id, pa.int64()),
                "status": pa.array(history.status, pa.string()),
                "removable": pa.array(history.removable, pa.bool_()),
                "valid_from": d.to_arrow(history.valid_from),
                "valid_to": d.to_arrow(history.valid_to),
            }
        ),
        "record_owners": systems.owners(),
        "errors": log.table(),
        "error_rates": log.rates_table(),
        "booking_truth": bookings.truth,
        "families": pa.Table.from_pylist(
            [asdict(f) for f in pop.family_facts], schema=FAMILIES_SCHEMA
        ),
    }
    summary = _summary(config, pop, history, records, truth, log)
    manifest = write_world(
        out,
        records,
        truth,
        {
            "seed": config.world.seed,
            "persons": config.world.persons,
            "config_sha256": hashlib.sha256(config_text.encode()).hexdigest(),
        },
        config_text,
        force=force,
    )
    digests = [
        t["sha256"] for group in ("world", "truth") for t in manifest["tables"][group].values()
    ]
    summary["content_sha256"] = hashlib.sha256("".join(digests).encode()).hexdigest()
    summary["out"] = str(out)
    return SimulationResult(out=out, summary=summary)


def _summary(
    config: WorldConfig,
    pop: Population,
    history: StatusHistory,
    records: dict[str, pa.Table],
    truth: dict[str, pa.Table],
    log: ErrorLog,
) -> dict[str, Any]:
    end = d.to_day(config.world.booking_end)
    # The world's people; their namesakes are counted apart (they are never booked).
    people = pop.namesake_of == NO_PERSON
    status, removable = status_on(
        history, pop.person_id[people], np.full(int(people.sum()), end, dtype=np.int64)
    )
    errors: Counter[str] = Counter(log.error_type)
    by_source: dict[str, Counter[str]] = {}
    for source, kind in zip(log.source, log.error_type, strict=True):
        by_source.setdefault(source, Counter())[kind] += 1
    bookings = records["bookings"]
    matched = bookings.num_rows - bookings.column("fin").null_count if bookings.num_rows else 0
    return {
        "seed": config.world.seed,
        "persons": int(people.sum()),
        "namesakes": int((pop.namesake_kind == "namesake").sum()),
        "namesake_relatives": int(np.isin(pop.namesake_kind, ("father", "son")).sum()),
        "period": [config.world.booking_start.isoformat(), config.world.booking_end.isoformat()],
        "paths": dict(sorted(Counter(pop.path[people].tolist()).items())),
        "namesake_paths": dict(sorted(Counter(pop.path[~people].tolist()).items())),
        "status_at_end": dict(sorted(Counter(status.tolist()).items())),
        "removable_at_end": int(removable.sum()),
        "records": {k: v.num_rows for k, v in records.items() if k not in ("agencies", "bookings")},
        "errors": dict(sorted(errors.items())),
        "errors_by_source": {k: dict(sorted(v.items())) for k, v in sorted(by_source.items())},
        "agencies": records["agencies"].num_rows,
        "bookings": bookings.num_rows,
        "bookings_fingerprint_matched": matched,
        "families": truth["families"].num_rows,
    }
