"""True status histories: which status each person held on each date.

Built from the life events in `Population`: each event opens a status that
lasts until the next one. Whether a status is removable comes from the
configuration's `[removable]` table. This is truth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from probable.world import days as d
from probable.world.config import WorldConfig
from probable.world.population import Population


@dataclass(frozen=True)
class StatusHistory:
    """One row per interval: person, status, removable, [valid_from, valid_to)."""

    person_id: npt.NDArray[np.int64]
    status: npt.NDArray[np.object_]
    removable: npt.NDArray[np.bool_]
    valid_from: npt.NDArray[np.int64]
    valid_to: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.person_id)


def build_history(pop: Population, config: WorldConfig) -> StatusHistory:
    """Turn each person's events into consecutive status intervals."""
    people: list[npt.NDArray[np.int64]] = []
    starts: list[npt.NDArray[np.int64]] = []
    statuses: list[npt.NDArray[np.object_]] = []
    ranks: list[npt.NDArray[np.int64]] = []

    def add(
        mask: npt.NDArray[np.bool_],
        when: npt.NDArray[np.int64],
        status: str | npt.NDArray[np.object_],
        rank: int,
    ) -> None:
        """Open `status` (one for all, or each person's own) on `when` for `mask`."""
        mask = mask & d.present(when)
        people.append(pop.person_id[mask])
        starts.append(when[mask])
        if isinstance(status, str):
            statuses.append(np.full(int(mask.sum()), status, dtype=object))
        else:
            statuses.append(status[mask])
        ranks.append(np.full(int(mask.sum()), rank, dtype=np.int64))

    kind = pop.entry_kind
    path = pop.path
    add(kind == "visa", pop.entry_date, "nonimmigrant", 1)
    add(kind == "ewi", pop.entry_date, "ewi", 1)
    add(kind == "refugee", pop.entry_date, "refugee", 1)
    add(kind == "visa", pop.visa_until, "overstay", 2)
    add(np.isin(path, ("tps", "daca", "asylee")), pop.grant_date, path, 3)
    add(np.ones(len(pop), dtype=bool), pop.lpr_date, "lpr", 4)
    # A removable conviction after permanent residence (and before any citizenship)
    # makes the resident deportable from that day.
    deportable = (
        d.present(pop.conviction_date)
        & d.present(pop.lpr_date)
        & (pop.conviction_date >= pop.lpr_date)
        & (~d.present(pop.citizenship_date) | (pop.conviction_date < pop.citizenship_date))
    )
    add(deportable, pop.conviction_date, "lpr_deportable", 5)
    add(np.ones(len(pop), dtype=bool), pop.nta_date, "in_proceedings", 6)
    add(np.ones(len(pop), dtype=bool), pop.order_date, "final_order", 7)
    add(np.ones(len(pop), dtype=bool), pop.citizenship_date, "usc", 9)

    person = np.concatenate(people)
    start = np.concatenate(starts)
    status = np.concatenate(statuses)
    rank = np.concatenate(ranks)
    order = np.lexsort((rank, start, person))
    person, start, status = person[order], start[order], status[order]
    # On one day the highest-ranked event wins; an overstay never follows a later status.
    last_of_day = np.ones(len(person), dtype=bool)
    last_of_day[:-1] = (person[1:] != person[:-1]) | (start[1:] != start[:-1])
    person, start, status = person[last_of_day], start[last_of_day], status[last_of_day]
    end = np.full(len(person), d.NO_DATE, dtype=np.int64)
    same_next = np.zeros(len(person), dtype=bool)
    same_next[:-1] = person[1:] == person[:-1]
    end[:-1] = np.where(same_next[:-1], start[1:], d.NO_DATE)
    kinds, kind_of = np.unique(status, return_inverse=True)
    removable = np.array([config.removable[k] for k in kinds], dtype=bool)[kind_of]
    return StatusHistory(person, status, removable, start, end)


def status_on(
    history: StatusHistory, person_ids: npt.NDArray[np.int64], days: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
    """Each person's true status and removability on a day ("abroad", False before any).

    One sorted search over (person, day) keys, so a million people take a moment.
    """
    order = np.lexsort((history.valid_from, history.person_id))
    span = np.int64(1 << 32)  # day numbers of real dates fit well within 32 bits
    keys = history.person_id[order] * span + history.valid_from[order] + span // 2
    wanted = np.asarray(person_ids, dtype=np.int64) * span + days + span // 2
    j = np.searchsorted(keys, wanted, side="right") - 1
    found = (j >= 0) & (history.person_id[order][np.maximum(j, 0)] == person_ids)
    status = np.full(len(person_ids), "abroad", dtype=object)
    removable = np.zeros(len(person_ids), dtype=bool)
    status[found] = history.status[order][j[found]]
    removable[found] = history.removable[order][j[found]]
    return status, removable
